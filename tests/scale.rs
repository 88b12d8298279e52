//! Scale advice through the real binary: `plan show --json` on a national system of
//! 1,000,000 records and 3,000 users lists the database apart from the application,
//! several application nodes behind a load balancer, shared storage for the attachments,
//! a backup target, how Puma runs, the operating system and the outbound access; the
//! same plan with a self-run database gets a PostgreSQL server of its own; fully local
//! runs its own demo site, a high target doubles the balancer and the database, and a
//! self-hosted Lightning reaches the systems the plan names.

use serde_json::Value;
use std::path::{Path, PathBuf};

fn national_plan() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/plans/advice/tier4-national-1m-weak-team.toml")
}

/// `plan show --json` of the plan file at `path`, from a scratch folder.
fn plan_json(path: &Path) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let o = crate::common::bin()
        .args(["plan", "show", "--json"])
        .arg(path)
        .current_dir(dir.path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    serde_json::from_slice(&o.stdout).expect("one JSON object")
}

/// The national plan with one answer changed.
fn variant(from: &str, to: &str) -> Value {
    let text = std::fs::read_to_string(national_plan()).unwrap();
    assert!(text.contains(from), "the plan has no `{from}`");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("variant.toml");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    plan_json(&path)
}

fn server<'a>(v: &'a Value, id: &str) -> Option<&'a Value> {
    v["servers"].as_array()?.iter().find(|s| s["id"] == id)
}

fn number(v: &Value, key: &str) -> u64 {
    v[key]
        .as_u64()
        .unwrap_or_else(|| panic!("`{key}` is not a whole number in {v}"))
}

#[test]
fn a_national_system_is_spread_over_several_servers() {
    let v = plan_json(&national_plan());
    assert_eq!(
        v["recommendation"]["commits_to"], "tier4",
        "sized as Tier 4"
    );
    let app = server(&v, "app_server").expect("application servers");
    let db = server(&v, "database").expect("the database apart from the application");

    // The database is a machine or service of its own; the application holds none of it.
    assert_eq!(db["role"], "Managed PostgreSQL service");
    let note = app["note"].as_str().unwrap();
    assert!(
        !note.contains("holds the") && note.contains("holding no data"),
        "{note}"
    );

    // More than one application node, behind a load balancer, attachments shared.
    let nodes = number(app, "count");
    assert!(nodes >= 2, "{app}");
    let lb = server(&v, "load_balancer").expect("a load balancer");
    assert!(number(lb, "vcpu") >= 1 && number(lb, "disk_gb") > 0, "{lb}");
    let store = server(&v, "attachment_storage").expect("shared attachment storage");
    assert!(number(store, "disk_gb") > number(app, "disk_gb"), "{store}");

    // A backup target among the servers, larger than the attachments it copies.
    let backup = server(&v, "backup_target").expect("a backup target");
    assert!(
        number(backup, "disk_gb") > number(store, "disk_gb"),
        "{backup}"
    );

    // Puma per node, with the variables Primero reads; the nodes carry every worker.
    let puma = &app["puma"];
    let workers = number(puma, "workers");
    assert_eq!(puma["env"]["WEB_CONCURRENCY"], workers.to_string());
    assert_eq!(puma["env"]["RAILS_MAX_THREADS"], "5");
    assert!(number(app, "vcpu") >= workers, "a vCPU per worker: {app}");
    let in_flight = puma["requests_in_flight"].as_f64().unwrap();
    assert!(
        (nodes * workers * number(puma, "threads")) as f64 >= in_flight,
        "{puma}"
    );
    assert!(
        db["note"]
            .as_str()
            .unwrap()
            .contains(&number(puma, "database_connections").to_string())
    );
}

#[test]
fn the_platform_names_the_release_and_the_outbound_access() {
    let v = plan_json(&national_plan());
    let platform = &v["platform"];
    let os = platform["os"].as_str().unwrap();
    // Started in April 2027, the servers get the LTS release out since April 2026.
    assert!(
        os.contains("Ubuntu Server 26.04 LTS") && os.contains("x86_64"),
        "{os}"
    );
    assert_eq!(platform["architecture"], "x86_64");
    let outbound = platform["outbound"].as_array().unwrap();
    let ids: Vec<&str> = outbound.iter().map(|o| o["id"].as_str().unwrap()).collect();
    for id in [
        "ubuntu",
        "docker",
        "github",
        "smtp",
        "database",
        "backup_target",
    ] {
        assert!(ids.contains(&id), "no {id} in {ids:?}");
    }
    // The plan's certificate comes from an authority, not Let's Encrypt.
    assert!(!ids.contains(&"lets_encrypt"), "{ids:?}");
    let smtp = outbound.iter().find(|o| o["id"] == "smtp").unwrap();
    assert!(
        smtp["text"]
            .as_str()
            .unwrap()
            .contains("mail.dcf.gov.bl.example.org")
    );
}

#[test]
fn a_self_run_database_gets_a_server_of_its_own() {
    let v = variant(
        "database_hosting = \"managed\"",
        "database_hosting = \"self_run\"",
    );
    let db = server(&v, "database").expect("a database server");
    assert_eq!(db["role"], "PostgreSQL server (self-run)");
    assert!(db["note"].as_str().unwrap().contains("POSTGRES_HOSTNAME"));
    let app = server(&v, "app_server").unwrap();
    assert!(number(app, "count") >= 2);
    assert!(
        !app["note"]
            .as_str()
            .unwrap()
            .contains("PostgreSQL database")
    );
}

#[test]
fn fully_local_runs_its_own_demo_site_without_unicef() {
    let v = variant("chosen_option = \"tier4\"", "chosen_option = \"local\"");
    assert_eq!(v["recommendation"]["commits_to"], "local");
    assert!(server(&v, "sample_infrastructure").is_none());
    let demo = server(&v, "demo_site").expect("a demo site among the servers");
    assert!(
        number(demo, "vcpu") >= 2 && number(demo, "disk_gb") > 0,
        "{demo}"
    );
    let bastion = server(&v, "bastion").unwrap();
    assert!(
        !bastion["note"].as_str().unwrap().contains("UNICEF"),
        "{bastion}"
    );
    assert!(!v["platform"]["os"].as_str().unwrap().contains("UNICEF"));
    // Six years from April 2027 outlive Ubuntu 26.04: the demo site is upgraded first.
    let tasks = v["work_plan"]["tasks"].as_array().unwrap();
    let upgrade = tasks
        .iter()
        .find(|t| t["id"] == "ubuntu_upgrade")
        .expect("an Ubuntu upgrade");
    let title = upgrade["title"].as_str().unwrap();
    assert!(
        title.contains("demo site first") && !title.contains("sample infrastructure"),
        "{title}"
    );
}

#[test]
fn above_the_single_server_target_the_balancer_and_database_are_doubled() {
    let v = variant(
        "availability_target_pct = 99.0",
        "availability_target_pct = 99.9",
    );
    let lb = server(&v, "load_balancer").unwrap();
    assert_eq!(number(lb, "count"), 2, "{lb}");
    let db = server(&v, "database").unwrap();
    assert_eq!(number(db, "count"), 1, "one managed service");
    assert!(
        db["note"]
            .as_str()
            .unwrap()
            .contains("high-availability tier"),
        "{db}"
    );
}

#[test]
fn a_self_hosted_lightning_reaches_the_systems_the_plan_names() {
    let v = variant(
        "openfn_hosting = \"dedicated\"",
        "openfn_hosting = \"self_hosted\"",
    );
    let outbound = v["platform"]["outbound"].as_array().unwrap();
    let text = |id: &str| -> String {
        let found = outbound.iter().find(|o| o["id"] == id);
        found.unwrap_or_else(|| panic!("no {id}"))["text"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(text("openfn_systems").contains("Civil registration system to Primero"));
    assert!(text("primero_api").contains("https://cpims.dcf.gov.bl.example.org"));
}

#[test]
fn saas_has_no_servers_and_no_platform() {
    let v = variant("chosen_option = \"tier4\"", "chosen_option = \"saas\"");
    // The residency law rules SaaS out, but the plan commits to the team's choice.
    assert_eq!(v["recommendation"]["commits_to"], "saas");
    assert_eq!(v["servers"], Value::Array(Vec::new()));
    assert!(v["platform"].is_null());
}

#[test]
fn size_json_carries_the_same_shape() {
    let o = crate::common::bin()
        .args([
            "size",
            "--records",
            "1,000,000",
            "--users",
            "3,000",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(o.status.success());
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(number(&v["app_server"], "count") >= 2);
    assert_eq!(v["database"]["role"], "PostgreSQL server (self-run)");
    assert!(v["load_balancer"].is_object() && v["attachment_storage"].is_object());
    assert!(number(&v["backup_target"], "disk_gb") > 0);
    assert_eq!(v["platform"]["architecture"], "x86_64");
    assert!(v["app_server"]["puma"]["workers"].as_u64().is_some());
}
