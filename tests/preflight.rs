//! `hostplan preflight` as a command: the report and its JSON, `--only` and `--skip`, the
//! report saved beside the plan, the DNS check against this machine's own addresses and
//! the outbound check's timeout.

use crate::common;
use hostplan::base::key;
use hostplan::preflight::{self, Check, Probe, Target, Verdict, net};
use serde_json::Value;
use std::path::PathBuf;
use std::process::Output;
use std::time::{Duration, Instant};

#[cfg(target_os = "linux")]
const DEMO: &str = include_str!("../assets/demo-plan.toml");
/// The demo plan's host name.
const HOST: &str = "cpims.mosw.gov.kl";

fn preflight(args: &[&str]) -> Output {
    common::bin()
        .arg("preflight")
        .args(args)
        .output()
        .expect("hostplan runs")
}

fn json_of(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}):\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn probe() -> Probe {
    Probe {
        root: PathBuf::from("/"),
        resolve: Vec::new(),
        timeout: Duration::from_secs(1),
        now: 1_790_000_000,
        db_url: None,
        send_test_mail: None,
        certificate: None,
        tls_port: 443,
    }
}

#[test]
fn the_demo_on_this_machine_reports_every_check_and_exits_with_its_verdict() {
    let out = preflight(&["--demo", "--json", "--timeout", "1"]);
    let report = json_of(&out);
    assert_eq!(report["schema"], 1);
    assert_eq!(report["plan"], "built-in demo plan");
    let findings = report["findings"].as_array().unwrap();
    let catalogue = hostplan::base::strings::Strings::builtin();
    const ORDER: [&str; 4] = ["pass", "not_checked", "warn", "fail"];
    let mut worst = None;
    for check in Check::ALL {
        assert!(
            findings.iter().any(|f| f["check"] == check.name()),
            "no finding for {}",
            check.name()
        );
    }
    for f in findings {
        for field in ["check", "verdict", "id", "message", "values"] {
            assert!(!f[field].is_null(), "{field} missing in {f}");
        }
        let message = f["message"].as_str().unwrap();
        assert!(!message.is_empty() && !message.contains('{'), "{message}");
        let id = f["id"].as_str().unwrap();
        assert!(
            catalogue.contains(id),
            "{id} is not a text of the catalogue"
        );
        let rank = ORDER.iter().position(|v| f["verdict"] == *v);
        assert!(rank.is_some(), "{f}");
        worst = worst.max(rank);
    }
    // The run's verdict is its worst finding's.
    assert_eq!(report["verdict"], ORDER[worst.unwrap()], "{report}");
    let failed = report["verdict"] == "fail";
    assert_eq!(out.status.code(), Some(i32::from(failed)), "{report}");
}

#[test]
fn the_text_report_starts_with_its_verdict_and_names_each_check() {
    let out = preflight(&["--demo", "--only", "dns,outbound", "--timeout", "1"]);
    let text = String::from_utf8(out.stdout).unwrap();
    let first = text.lines().next().unwrap();
    assert!(first.starts_with("Preflight: "), "{text}");
    assert!(text.contains("DNS (dns)") && text.contains("Outbound access (outbound)"));
    assert!(
        !text.contains("Clock (clock)"),
        "--only leaves the others out"
    );
}

#[test]
fn only_and_skip_choose_the_checks_and_unknown_names_are_refused() {
    assert_eq!(
        preflight::selected(&[Check::Dns, Check::Tls], &[Check::Tls]),
        vec![Check::Dns]
    );
    assert_eq!(preflight::selected(&[], &[Check::Outbound]).len(), 9);
    let out = preflight(&["--demo", "--only", "dns,memory"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("memory") && err.contains("resources, system, docker"),
        "{err}"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn the_host_name_must_point_at_this_machine() {
    let here = format!("{HOST}:127.0.0.1");
    let out = preflight(&["--demo", "--json", "--only", "dns", "--resolve", &here]);
    let report = json_of(&out);
    // The address pointed here passes; that it came from --resolve, not DNS, is a warning
    // a signed report must carry.
    let ids: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["preflight.dns.given", "preflight.dns.here"],
        "{report}"
    );
    assert_eq!(report["verdict"], "warn", "{report}");
    assert_eq!(out.status.code(), Some(0));

    // 192.0.2.0/24 is set aside for documentation: never an address of a real machine.
    let elsewhere = format!("{HOST}:192.0.2.10");
    let out = preflight(&["--demo", "--json", "--only", "dns", "--resolve", &elsewhere]);
    let report = json_of(&out);
    assert_eq!(report["verdict"], "fail");
    assert_eq!(report["findings"][1]["id"], key::preflight::dns::ELSEWHERE);
    assert_eq!(report["findings"][1]["values"]["addresses"], "192.0.2.10");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_host_under_primero_org_or_without_an_address_fails() {
    let target = Target {
        host: Some("kalmaria.primero.org".into()),
        ..Target::default()
    };
    let mut p = probe();
    p.resolve = vec![("kalmaria.primero.org".into(), "192.0.2.1".parse().unwrap())];
    let found = net::dns(&target, &p);
    assert!(
        found
            .iter()
            .any(|f| f.key == key::preflight::dns::PRIMERO_ORG && f.verdict == Verdict::Fail)
    );

    // The .invalid top-level domain never resolves (RFC 6761).
    let target = Target {
        host: Some("primero.example.invalid".into()),
        ..Target::default()
    };
    let found = net::dns(&target, &probe());
    assert_eq!(found[0].key, key::preflight::dns::UNRESOLVED);
    assert_eq!(found[0].verdict, Verdict::Fail);
    assert_eq!(
        net::dns(&Target::default(), &probe())[0].verdict,
        Verdict::NotChecked
    );
}

#[test]
fn outbound_access_is_checked_with_real_connections_within_the_timeout() {
    let open = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let open_port = open.local_addr().unwrap().port();
    let closed_port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let what = key::preflight::outbound::GITHUB;
    let target = Target {
        outbound: vec![
            ("127.0.0.1".into(), open_port, what),
            ("127.0.0.1".into(), closed_port, what),
            // A documentation address: nothing answers there, so the connection waits.
            ("192.0.2.1".into(), 443, what),
        ],
        ..Target::default()
    };
    let started = Instant::now();
    let found = net::outbound(&target, &probe());
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    let verdicts: Vec<Verdict> = found.iter().map(|f| f.verdict).collect();
    assert_eq!(verdicts, [Verdict::Pass, Verdict::Fail, Verdict::Fail]);
    assert_eq!(found[1].key, key::preflight::outbound::NO_ANSWER);
}

/// The demo's PDF in French with the report at `report` appended, as one line of text.
fn french_pdf_with(report: &std::path::Path, dir: &std::path::Path) -> String {
    let pdf = dir.join("plan.pdf");
    let export = common::bin()
        .args(["--lang", "fr", "export", "--demo", "--pdf"])
        .arg(&pdf)
        .arg("--preflight")
        .arg(report)
        .output()
        .unwrap();
    assert!(
        export.status.success(),
        "{}",
        String::from_utf8_lossy(&export.stderr)
    );
    let text = common::pdf_text(&pdf).replace('\u{a0}', " ");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn what_a_place_is_for_is_worded_again_in_the_language_of_the_pdf() {
    if !common::have_tool("pdftotext") {
        return;
    }
    let open = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = open.local_addr().unwrap().port();
    let target = Target {
        outbound: vec![("127.0.0.1".into(), port, key::preflight::outbound::GITHUB)],
        ..Target::default()
    };
    let found = net::outbound(&target, &probe());
    let english = hostplan::base::strings::Strings::builtin();
    let json = preflight::report::json(&found, "demo", "2026-09-21T14:13:20Z", english);
    let parsed: Value = serde_json::from_str(&json).unwrap();
    let finding = &parsed["findings"][0];
    assert_eq!(
        finding["values"]["what"],
        "GitHub (Primero's deployment files)"
    );
    assert_eq!(finding["texts"]["what"], key::preflight::outbound::GITHUB);

    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("demo-preflight.json");
    std::fs::write(&report, &json).unwrap();
    let text = french_pdf_with(&report, dir.path());
    assert!(
        text.contains("GitHub (les fichiers de déploiement de Primero)"),
        "{text}"
    );
    assert!(!text.contains("Primero's deployment files"), "{text}");
}

/// The findings of `preflight` on `input` (a plan or a configuration folder), with a
/// fixture machine and every name the plans use pointed at this one.
fn findings_for(input: &std::path::Path) -> Value {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/preflight/roots/good");
    let mut cmd = common::bin();
    cmd.arg("preflight").arg(input).arg("--root").arg(&root);
    cmd.args([
        "--json",
        "--timeout",
        "1",
        "--only",
        "resources,system,dns,smtp,postgres",
    ]);
    for host in [HOST, "mail.mosw.gov.kl", "pg-cpims.kndc.gov.kl"] {
        cmd.arg("--resolve").arg(format!("{host}:127.0.0.1"));
    }
    let out = cmd.output().unwrap();
    json_of(&out)["findings"].clone()
}

#[test]
fn a_configuration_folder_asks_of_the_server_what_its_plan_asks() {
    let plans = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/plans");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("demo.toml"),
        include_str!("../assets/demo-plan.toml"),
    )
    .unwrap();
    for name in ["fully-local", "tier4", "saas-leaning"] {
        let file = format!("{name}.toml");
        std::fs::copy(plans.join(&file), dir.path().join(&file)).unwrap();
    }
    for name in ["demo", "fully-local", "tier4", "saas-leaning"] {
        // Copied, as the report is saved beside the plan.
        let plan = dir.path().join(format!("{name}.toml"));
        let folder = dir.path().join(format!("{name}-config"));
        let export = common::bin()
            .arg("export")
            .arg(&plan)
            .arg("--config")
            .arg(&folder)
            .output()
            .unwrap();
        assert!(
            export.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&export.stderr)
        );
        let from_plan = findings_for(&plan);
        assert!(
            from_plan.as_array().is_some_and(|f| !f.is_empty()),
            "{name}: {from_plan}"
        );
        assert_eq!(findings_for(&folder), from_plan, "{name}");
        for f in from_plan.as_array().unwrap() {
            let words = format!("{} {}", f["message"], f["todo"]);
            assert!(
                !words.contains('{'),
                "{name}: a placeholder left unfilled: {words}"
            );
        }
        assert!(
            dir.path()
                .join(format!("{name}-config-preflight.json"))
                .is_file(),
            "{name}"
        );
    }
}

#[test]
fn a_folder_without_a_summary_is_refused_with_what_to_give() {
    let dir = tempfile::tempdir().unwrap();
    let out = preflight(&[dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("hostplan-config.toml"), "{err}");
    assert!(err.contains("not a configuration folder"), "{err}");

    std::fs::write(
        dir.path().join("hostplan-config.toml"),
        "[primero]\nprimero_host = 3\n",
    )
    .unwrap();
    let out = preflight(&[dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("hostplan-config.toml:2:16"), "{err}");
}

#[cfg(target_os = "linux")]
#[test]
fn the_json_report_is_saved_beside_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("kalmaria.toml");
    std::fs::write(&plan, DEMO).unwrap();
    let here = format!("{HOST}:127.0.0.1");
    let out = common::bin()
        .arg("preflight")
        .arg(&plan)
        .args(["--json", "--only", "dns", "--resolve", &here])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let saved = std::fs::read(dir.path().join("kalmaria-preflight.json")).unwrap();
    assert_eq!(saved, out.stdout);
    assert_eq!(json_of(&out)["plan"], plan.display().to_string());
}

#[test]
fn the_report_becomes_the_work_plan_appendix_in_the_language_of_the_pdf() {
    if !common::have_tool("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("demo-preflight.json");
    let here = format!("{HOST}:127.0.0.1");
    let out = common::bin()
        .args([
            "preflight",
            "--demo",
            "--json",
            "--only",
            "dns",
            "--resolve",
            &here,
        ])
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .output()
        .unwrap();
    std::fs::write(&report, &out.stdout).unwrap();
    assert_eq!(json_of(&out)["checked_at"], "2026-09-21T14:13:20Z");

    let text = french_pdf_with(&report, dir.path());
    assert!(
        text.contains("Annexe : le serveur vérifié le 21 septembre 2026 14:13 UTC"),
        "{text}"
    );
    // Worded again in French from the finding's id and values.
    assert!(text.contains("cpims.mosw.gov.kl pointe vers 127.0.0.1, une adresse de cette machine"));

    std::fs::write(&report, "{\"schema\": 1, \"plan\": 3}").unwrap();
    let refused = common::bin()
        .args(["export", "--demo", "--pdf"])
        .arg(dir.path().join("other.pdf"))
        .arg("--preflight")
        .arg(&report)
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(1));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.contains(&format!("{}:1:23", report.display())), "{err}");
    assert!(!dir.path().join("other.pdf").exists());
}
