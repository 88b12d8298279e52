//! `hostplan plan diff OLD NEW`: the answers that changed and what they moved, in words and
//! JSON; exit 0 for the same plan, 1 when they differ, 2 when a plan cannot be read.

use crate::common;
use serde_json::Value;
use std::path::{Path, PathBuf};

const DEMO: &str = include_str!("../assets/demo-plan.toml");

/// Writes `text` as `name` in `dir`.
fn plan(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// The demo with one answer line replaced.
fn demo_with(line: &str, by: &str) -> String {
    assert!(DEMO.contains(line), "{line}");
    DEMO.replace(line, by)
}

fn diff(old: &Path, new: &Path) -> (Option<i32>, Value) {
    let out = common::bin()
        .args(["plan", "diff", "--json"])
        .arg(old)
        .arg(new)
        .output()
        .unwrap();
    let json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code(), json)
}

fn of_part<'a>(json: &'a Value, part: &str) -> Vec<&'a Value> {
    json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["part"] == part)
        .collect()
}

#[test]
fn the_same_plan_has_no_differences_and_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let a = plan(dir.path(), "a.toml", DEMO);
    let b = plan(dir.path(), "b.toml", DEMO);
    let out = common::bin()
        .args(["plan", "diff"])
        .arg(&a)
        .arg(&b)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("No differences"), "{text}");
    let (status, json) = diff(&a, &b);
    assert_eq!(status, Some(0));
    assert_eq!(json["differ"], false);
    assert_eq!(json["changes"].as_array().unwrap().len(), 0);
}

#[test]
fn more_records_move_the_servers() {
    let dir = tempfile::tempdir().unwrap();
    let a = plan(dir.path(), "a.toml", DEMO);
    let b = plan(
        dir.path(),
        "b.toml",
        &demo_with("expected_records = 150000", "expected_records = 400000"),
    );
    let (status, json) = diff(&a, &b);
    assert_eq!(status, Some(1));
    let answers = of_part(&json, "answers");
    assert_eq!(answers.len(), 1);
    assert_eq!(answers[0]["id"], "expected_records");
    let servers = of_part(&json, "servers");
    let app = servers
        .iter()
        .find(|c| c["id"] == "app_server")
        .expect("the application server changes");
    assert_eq!(app["what"], "diff.server.changed");
    assert!(
        app["text"]
            .as_str()
            .unwrap()
            .contains("from 1 × 2 vCPU, 8 GB memory, 1,150 GB disk to "),
        "{app}"
    );
}

#[test]
fn a_residency_law_moves_the_recommendation() {
    let dir = tempfile::tempdir().unwrap();
    let saas = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/plans/saas-leaning.toml"),
    )
    .unwrap();
    let a = plan(dir.path(), "a.toml", &saas);
    let law = saas.replace("data_residency = \"none\"", "data_residency = \"law\"");
    assert_ne!(law, saas);
    let b = plan(dir.path(), "b.toml", &law);
    let (status, json) = diff(&a, &b);
    assert_eq!(status, Some(1));
    let moved = of_part(&json, "recommendation");
    let recommended = moved
        .iter()
        .find(|c| c["id"] == "option")
        .expect("the recommendation moves");
    assert_eq!(
        recommended["values"]["old"],
        "UNICEF-hosted service (Tier 3)"
    );
    assert_eq!(recommended["values"]["new"], "Hybrid-local (Tier 4)");
    let saas = moved
        .iter()
        .find(|c| c["id"] == "saas")
        .expect("SaaS's own result moves");
    assert_eq!(saas["what"], "diff.recommendation.result");
    assert_eq!(saas["values"]["new"], "ruled out");
    // The plan still commits to SaaS, which the law now rules out: said, not left silent.
    assert!(
        moved
            .iter()
            .any(|c| c["what"] == "diff.recommendation.ruled_out"),
        "{moved:?}"
    );
}

#[test]
fn a_later_start_moves_every_milestone_by_the_same_working_days() {
    let dir = tempfile::tempdir().unwrap();
    let a = plan(dir.path(), "a.toml", DEMO);
    let b = plan(
        dir.path(),
        "b.toml",
        &demo_with("start_date = \"2027-03-01\"", "start_date = \"2027-03-29\""),
    );
    let (status, json) = diff(&a, &b);
    assert_eq!(status, Some(1));
    let milestones = of_part(&json, "milestones");
    let in_plan = common::bin()
        .args(["plan", "show", "--json"])
        .arg(&a)
        .output()
        .unwrap();
    let shown: Value = serde_json::from_slice(&in_plan.stdout).unwrap();
    let count = shown["work_plan"]["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["milestone"] == true)
        .count();
    assert_eq!(milestones.len(), count, "{milestones:?}");
    for m in milestones {
        assert_eq!(m["what"], "diff.milestone.later", "{m}");
        assert_eq!(m["values"]["days"], "20", "{m}");
    }
    // Nothing else moved: only the start date is a different answer.
    assert_eq!(of_part(&json, "answers").len(), 1);
    assert!(of_part(&json, "servers").is_empty());
}

#[test]
fn a_plan_that_cannot_be_read_is_trouble_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let a = plan(dir.path(), "a.toml", DEMO);
    let out = common::bin()
        .args(["plan", "diff"])
        .arg(&a)
        .arg(dir.path().join("missing.toml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.toml"));
}

#[test]
fn the_pdf_since_the_signed_version_starts_with_what_moved() {
    if !common::have_tool("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let signed = plan(dir.path(), "signed.toml", DEMO);
    let later = demo_with("start_date = \"2027-03-01\"", "start_date = \"2027-03-29\"");
    let now = plan(dir.path(), "now.toml", &later);
    let pdf = dir.path().join("now.pdf");
    let out = common::bin()
        .arg("export")
        .arg(&now)
        .arg("--pdf")
        .arg(&pdf)
        .arg("--since")
        .arg(&signed)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("warning"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = common::pdf_text(&pdf);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let page = text
        .find("Changes since the signed version")
        .expect("the page of changes");
    let summary = text.find("1 Executive summary").unwrap();
    assert!(page < summary, "the changes come before the summary");
    // It names the version signed, by its answers hash as the signed copy prints it.
    let shown = common::bin()
        .args(["plan", "show", "--json"])
        .arg(&signed)
        .output()
        .unwrap();
    let shown: Value = serde_json::from_slice(&shown.stdout).unwrap();
    let hash = shown["plan"]["answers_hash"].as_str().unwrap();
    assert!(
        text.contains(&format!(
            "signed.toml (version 19 October 2026 14:12 UTC, answers {hash})"
        )),
        "{text}"
    );
    assert!(text.contains("Go-live with real case data: from 20 August 2027 to 17 September 2027, 20 working days later"), "{text}");
}
