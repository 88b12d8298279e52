//! The configuration hand-over follows the sizing at scale: Puma's workers, a self-run
//! PostgreSQL on a server of its own, and several application nodes, on the national plan
//! (1,000,000 records, 3,000 users) and a self-run variant of 5,000,000 records made here.

use crate::common;
use crate::common::config as handover;

use handover::{Loaded, file, load, rendered, with_answers, with_ctx};
use hostplan::base::diag::Severity;
use hostplan::base::strings::Strings;
use hostplan::core::answer::Answer;
use hostplan::export::config::{self, OutFile};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

const NATIONAL: &str = include_str!("plans/advice/tier4-national-1m-weak-team.toml");
const DEMO: &str = hostplan::core::builtin::DEMO_PLAN;
const INVENTORY: &str = "ansible/inventory/inventory.yml";

/// The national plan with a self-run database and 5,000,000 records.
fn self_run_5m() -> String {
    let text = NATIONAL
        .replacen(
            "database_hosting = \"managed\"",
            "database_hosting = \"self_run\"",
            1,
        )
        .replacen(
            "expected_records = 1000000",
            "expected_records = 5000000",
            1,
        );
    assert!(text.contains("self_run") && text.contains("5000000"));
    text
}

fn choice(id: &str) -> Option<Answer> {
    Some(Answer::Choice(id.into()))
}

/// The sizing's application nodes and Puma workers for the loaded plan.
fn sized(l: &Loaded) -> (u32, u32, u32) {
    with_ctx(l, |ctx| {
        let app = &ctx
            .analysis
            .sizing
            .as_ref()
            .expect("a local site")
            .app_server;
        let puma = app.puma.as_ref().expect("Puma advice");
        (app.count, puma.workers, puma.threads)
    })
}

/// `NAME: 'value'` lines under `environment_variables`, as written.
fn inventory_env(files: &[OutFile]) -> BTreeMap<String, String> {
    file(files, INVENTORY)
        .lines()
        .skip_while(|l| !l.trim_start().starts_with("environment_variables:"))
        .skip(1)
        .filter(|l| l.starts_with("        ") && !l.trim_start().starts_with('#'))
        .filter_map(|l| l.trim().split_once(": "))
        .map(|(k, v)| (k.to_string(), v.trim_matches('\'').to_string()))
        .collect()
}

/// The host's variables as `ansible-inventory --list` reads them, when it is installed.
fn ansible_reads(inventory: &str) -> Option<serde_json::Map<String, Value>> {
    if !common::have_tool("ansible-inventory") {
        return None;
    }
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("inventory.yml");
    std::fs::write(&path, inventory).unwrap();
    let out = Command::new("ansible-inventory")
        .arg("-i")
        .arg(&path)
        .arg("--list")
        .env("ANSIBLE_INVENTORY_UNPARSED_FAILED", "true")
        .env("ANSIBLE_LOCALHOST_WARNING", "false")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let hosts = json["_meta"]["hostvars"].as_object().unwrap();
    assert_eq!(hosts.len(), 1, "one host entry stands for every node");
    Some(hosts.values().next().unwrap().as_object().unwrap().clone())
}

#[test]
fn puma_workers_from_the_sizing_reach_the_containers() {
    let l = load(NATIONAL);
    let (nodes, workers, threads) = sized(&l);
    assert!(
        nodes >= 2 && workers > 1,
        "the plan needs Puma's cluster mode"
    );
    let files = rendered(&l);
    let env = inventory_env(&files);
    assert_eq!(env["WEB_CONCURRENCY"], workers.to_string());
    assert_eq!(env["RAILS_MAX_THREADS"], threads.to_string());
    if let Some(vars) = ansible_reads(file(&files, INVENTORY)) {
        let env = &vars["environment_variables"];
        assert_eq!(env["WEB_CONCURRENCY"], Value::String(workers.to_string()));
        assert_eq!(env["RAILS_MAX_THREADS"], Value::String(threads.to_string()));
    }
    // The signed summary carries them, so `hostplan check DIR` compares the two.
    let summary = file(&files, "hostplan-config.toml");
    assert!(
        summary.contains(&format!("nodes = {nodes}"))
            && summary.contains(&format!("WEB_CONCURRENCY = \"{workers}\"")),
        "{summary}"
    );

    // The same advice in the Docker-only local.env.
    let docker = with_answers(NATIONAL, &[("install_method", choice("docker_only"))]);
    let files = rendered(&docker);
    let local = file(&files, "docker/local.env");
    assert!(
        local.contains(&format!("\nWEB_CONCURRENCY={workers}\n")),
        "{local}"
    );
    assert!(local.contains(&format!("\nRAILS_MAX_THREADS={threads}\n")));
}

#[test]
fn primeros_defaults_are_left_alone_for_one_worker() {
    // The demo plan needs one Puma process of 5 threads: Primero's defaults.
    let l = load(DEMO);
    let (nodes, workers, threads) = sized(&l);
    assert_eq!((nodes, workers, threads), (1, 1, 5));
    let inventory = file(&rendered(&l), INVENTORY).to_string();
    assert!(!inventory.contains("WEB_CONCURRENCY"), "{inventory}");
    assert!(!inventory.contains("RAILS_MAX_THREADS"), "{inventory}");
    assert!(!inventory.contains("application nodes"), "{inventory}");
}

#[test]
fn a_self_run_database_on_its_own_server_is_configured_like_an_external_one() {
    let text = self_run_5m();
    let l = load(&text);
    with_ctx(&l, |ctx| {
        let db = ctx.analysis.sizing.as_ref().unwrap().database.as_ref();
        assert_eq!(
            db.map(|d| d.role.as_str()),
            Some("PostgreSQL server (self-run)")
        );
        // The host name question is asked for a self-run database too.
        let shown = ctx.model.questionnaire.visibility(&ctx.plan.answers);
        assert_eq!(shown.get("postgres_hostname"), Some(&true));
    });
    let files = rendered(&l);
    let inventory = file(&files, INVENTORY);
    assert!(
        inventory.contains("primero_deploy_nodb: 'true'"),
        "{inventory}"
    );
    assert!(!inventory.contains("beside Primero in a container"));
    assert!(inventory.contains("server of its own"), "{inventory}");
    let env = inventory_env(&files);
    assert_eq!(
        env["POSTGRES_HOSTNAME"],
        "pg-cpims.dc.dcf.gov.bl.example.org"
    );
    assert_eq!(env["POSTGRES_SSL_MODE"], "require");
    assert!(!env.contains_key("PRIMERO_PG_APP_ROLE"));
    if let Some(vars) = ansible_reads(inventory) {
        assert_eq!(vars["primero_deploy_nodb"], "true");
    }
    // The note says the playbooks leave PostgreSQL to the team.
    let notes = with_ctx(&l, config::notes);
    assert!(
        notes
            .iter()
            .any(|n| n.contains("PostgreSQL 14 or 15") && n.contains("TLS")),
        "{notes:#?}"
    );

    // Unanswered, the setting stays empty and the check says so at the question.
    let unnamed = with_answers(&text, &[("postgres_hostname", None)]);
    let problems = with_ctx(&unnamed, config::check);
    assert!(
        problems
            .iter()
            .any(|p| p.id.as_deref() == Some("postgres_hostname")),
        "{problems:#?}"
    );
}

#[test]
fn a_single_server_with_a_database_server_needs_no_node_advice() {
    // 600,000 records and 300 users: PostgreSQL gets a server of its own by its load,
    // while one application server is enough.
    let l = with_answers(
        DEMO,
        &[
            ("database_hosting", choice("self_run")),
            ("expected_records", Some(Answer::Integer(600_000))),
            (
                "postgres_hostname",
                Some(Answer::Text("pg.mosw.gov.kl".into())),
            ),
        ],
    );
    assert_eq!(sized(&l).0, 1);
    let files = rendered(&l);
    let inventory = file(&files, INVENTORY);
    assert!(inventory.contains("primero_deploy_nodb: 'true'"));
    assert_eq!(inventory_env(&files)["POSTGRES_HOSTNAME"], "pg.mosw.gov.kl");
    assert!(!inventory.contains("application nodes"), "{inventory}");
    let problems = with_ctx(&l, config::check);
    assert!(
        !problems
            .iter()
            .any(|p| p.id.as_deref() == Some("attachment_storage"))
    );
    // A self-run database small enough to stay beside Primero keeps its container.
    let small = with_answers(DEMO, &[("database_hosting", choice("self_run"))]);
    let inventory = file(&rendered(&small), INVENTORY).to_string();
    assert!(inventory.contains("primero_deploy_nodb: 'false'"));
    assert!(!inventory.contains("POSTGRES_HOSTNAME"));
}

#[test]
fn several_nodes_with_attachments_on_a_servers_disk_are_flagged() {
    for text in [NATIONAL.to_string(), self_run_5m()] {
        let l = load(&text);
        let (nodes, _, _) = sized(&l);
        assert!(nodes >= 2);
        let problems = with_ctx(&l, config::check);
        let found = problems
            .iter()
            .find(|p| p.id.as_deref() == Some("attachment_storage"))
            .unwrap_or_else(|| panic!("no problem at attachment_storage: {problems:#?}"));
        assert_eq!(found.severity, Severity::Warning);
        assert!(
            found
                .message()
                .contains(&format!("{nodes} application nodes")),
            "{}",
            found.message()
        );
        let help = found.help().unwrap_or_default();
        assert!(
            help.contains("MinIO") && help.contains("blob storage") && help.contains("NFS"),
            "{help}"
        );
        // The inventory says it stands for one node and how to repeat it.
        let files = rendered(&l);
        let inventory = file(&files, INVENTORY);
        let head: String = inventory.lines().take(12).collect::<Vec<_>>().join(" ");
        assert!(
            head.contains(&format!("{nodes} application nodes"))
                && head.contains(&format!("app{nodes}"))
                && head.contains("--limit"),
            "{inventory}"
        );
        // Solr is on (GBV data): a note says to run one Solr for every node.
        let notes = with_ctx(&l, config::notes);
        assert!(
            notes.iter().any(|n| n.contains("SOLR_HOSTNAME")),
            "{notes:#?}"
        );
    }
    // Attachments in MinIO, which every node reaches: nothing to flag.
    let minio = with_answers(NATIONAL, &[("attachment_storage", choice("minio"))]);
    let problems = with_ctx(&minio, config::check);
    assert!(
        !problems
            .iter()
            .any(|p| p.id.as_deref() == Some("attachment_storage")),
        "{problems:#?}"
    );
}

#[test]
fn the_written_folders_pass_their_own_check() {
    for text in [NATIONAL.to_string(), self_run_5m()] {
        let l = load(&text);
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        let mut report = hostplan::export::Report::default();
        let options = config::Options::default();
        with_ctx(&l, |ctx| config::export(ctx, &dir, &options, &mut report));
        assert!(!report.failed(), "{:#?}", report.problems);
        let files = read_folder(&dir);
        let (problems, _) = config::check_folder("out", &files, Strings::builtin());
        let bad: Vec<String> = problems
            .iter()
            .filter(|p| p.is_error() || p.message().contains("signed summary"))
            .map(|p| p.to_string())
            .collect();
        assert!(bad.is_empty(), "{}", bad.join("\n"));
    }
}

fn read_folder(dir: &Path) -> Vec<config::FolderText> {
    config::KNOWN_FILES
        .iter()
        .map(|name| config::FolderText {
            path: name.to_string(),
            text: std::fs::read_to_string(dir.join(name)).ok(),
            mode: Some(if name.contains("secrets") {
                0o600
            } else {
                0o644
            }),
            unreadable: None,
        })
        .collect()
}
