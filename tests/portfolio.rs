//! `hostplan portfolio`: one row per plan over the demo, the test plans and a broken plan,
//! as a table, CSV and JSON; a plan that cannot be read is listed with its first problem.

use crate::common;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A folder with the demo, the test plans and one broken plan.
fn folder() -> (tempfile::TempDir, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("demo.toml"),
        include_str!("../assets/demo-plan.toml"),
    )
    .unwrap();
    let plans = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/plans");
    let mut names = vec!["demo".to_string()];
    for entry in std::fs::read_dir(&plans).unwrap().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|x| x == "toml") {
            std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
            names.push(path.file_stem().unwrap().to_string_lossy().to_string());
        }
    }
    std::fs::write(
        dir.path().join("broken.toml"),
        "format = 1\nquestionnaire = \"primero\"\n[answers]\ncountry = 3\n",
    )
    .unwrap();
    names.sort();
    (dir, names)
}

fn portfolio(args: &[&str], dir: &Path) -> (Option<i32>, String) {
    let out = common::bin()
        .arg("portfolio")
        .arg(dir)
        .args(args)
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap())
}

#[test]
fn every_plan_is_a_row_and_a_broken_one_is_listed_with_its_error() {
    let (dir, names) = folder();
    let (status, json) = portfolio(&["--json"], dir.path());
    assert_eq!(
        status,
        Some(1),
        "a plan that cannot be read makes the run fail"
    );
    let entries: Vec<Value> = serde_json::from_str(&json).unwrap();
    assert_eq!(entries.len(), names.len() + 1);
    let broken: Vec<&Value> = entries
        .iter()
        .filter(|e| e.get("error").is_some())
        .collect();
    assert_eq!(broken.len(), 1);
    assert!(broken[0]["plan"].as_str().unwrap().ends_with("broken.toml"));
    assert!(
        broken[0]["error"]
            .as_str()
            .unwrap()
            .contains(":4:11: error [country]"),
        "{}",
        broken[0]
    );

    let demo = entries
        .iter()
        .find(|e| e["plan"].as_str().unwrap().ends_with("demo.toml"))
        .unwrap();
    let shown = common::bin()
        .args(["plan", "show", "--demo", "--json"])
        .output()
        .unwrap();
    let shown: Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(demo["country"], "Kalmaria");
    assert_eq!(demo["chosen"], "Hybrid-local (Tier 4)");
    assert_eq!(demo["readiness"], shown["readiness"]["percent"]);
    assert_eq!(demo["gaps"], shown["gaps"].as_array().unwrap().len());
    assert_eq!(demo["main_server"], "2 vCPU, 8 GB, 1,150 GB disk");
    let go_live = shown["work_plan"]["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "go_live")
        .unwrap();
    assert_eq!(demo["go_live"], go_live["start"]);
    assert_eq!(demo["answers_hash"], shown["plan"]["answers_hash"]);
    assert_eq!(demo["complete"], true);
    let saas = entries
        .iter()
        .find(|e| e["plan"].as_str().unwrap().ends_with("saas-leaning.toml"))
        .unwrap();
    assert_eq!(
        saas["main_server"], "",
        "no server of the team's under SaaS"
    );
    assert_eq!(saas["readiness"], Value::Null);
}

#[test]
fn the_csv_has_a_heading_and_one_record_per_plan() {
    let (dir, names) = folder();
    let (_, text) = portfolio(&["--csv"], dir.path());
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headings: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(headings[0], "Plan");
    assert_eq!(headings.len(), 11);
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), names.len() + 1);
    let plans: Vec<PathBuf> = records.iter().map(|r| PathBuf::from(&r[0])).collect();
    let mut stems: Vec<String> = plans
        .iter()
        .map(|p| p.file_stem().unwrap().to_string_lossy().to_string())
        .collect();
    stems.sort();
    let mut wanted = names.clone();
    wanted.push("broken".into());
    wanted.sort();
    assert_eq!(stems, wanted);
    let demo = records
        .iter()
        .find(|r| r[0].ends_with("demo.toml"))
        .unwrap();
    assert_eq!(&demo[1], "Kalmaria");
    assert_eq!(&demo[5], "81%");
    let broken = records
        .iter()
        .find(|r| r[0].ends_with("broken.toml"))
        .unwrap();
    assert!(broken[1].starts_with("not read: "), "{broken:?}");
}

#[test]
fn the_table_keeps_long_names_to_a_column() {
    let (dir, _) = folder();
    let (_, text) = portfolio(&[], dir.path());
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("Plan "), "{text}");
    let long = lines
        .iter()
        .find(|l| l.contains("stress-long-names"))
        .unwrap();
    assert!(long.contains('…'), "{long}");
    assert!(
        lines.last().unwrap().contains("not read: "),
        "broken plans come last: {text}"
    );
}

#[test]
fn no_plan_found_is_an_error_that_says_what_to_give() {
    let dir = tempfile::tempdir().unwrap();
    let out = common::bin()
        .arg("portfolio")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no plans found"));
}

#[test]
fn the_workbook_has_a_row_per_plan_with_numbers_and_dates() {
    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
    let (dir, names) = folder();
    let book = dir.path().join("portfolio.xlsx");
    let out = common::bin()
        .arg("portfolio")
        .arg(dir.path())
        .arg("--xlsx")
        .arg(&book)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "the broken plan still fails the run"
    );
    let bytes = std::fs::read(&book).unwrap();
    let mut xlsx: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = xlsx.worksheet_range("Portfolio").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    assert_eq!(
        rows.len(),
        names.len() + 2,
        "a heading and one row per plan"
    );
    assert_eq!(rows[0][0], Data::String("Plan".into()));
    let demo = rows
        .iter()
        .find(|r| r[0].to_string().ends_with("demo.toml"))
        .unwrap();
    assert_eq!(demo[1], Data::String("Kalmaria".into()));
    assert_eq!(demo[5], Data::Float(0.81), "readiness as a number");
    assert!(
        matches!(demo[8], Data::DateTime(_)),
        "go-live as a date: {:?}",
        demo[8]
    );
    let broken = rows
        .iter()
        .find(|r| r[0].to_string().ends_with("broken.toml"))
        .unwrap();
    assert!(broken[1].to_string().starts_with("not read: "));
}
