//! The configuration hand-over as Primero's and OpenFn's own tools read it: the inventory
//! through `ansible-inventory`, env files through bash, secrets files by their mode, and
//! every file against Primero's published samples.

use crate::common;
use crate::common::config as handover;

use handover::{Loaded, file, load, rendered, with_answers, with_ctx};
use hostplan::base::strings::Strings;
use hostplan::core::answer::Answer;
use hostplan::core::builtin::DEMO_PLAN;
use hostplan::export::Report;
use hostplan::export::config::{self, Options, secrets};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

const TIER4: &str = include_str!("plans/tier4.toml");
const FULLY_LOCAL: &str = include_str!("plans/fully-local.toml");
const SAAS: &str = include_str!("plans/saas-leaning.toml");

fn export(l: &Loaded, dir: &Path, options: &Options) -> Report {
    let mut report = Report::default();
    with_ctx(l, |ctx| config::export(ctx, dir, options, &mut report));
    report
}

fn exported(text: &str, generate_secrets: bool) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let options = Options {
        force: false,
        generate_secrets,
    };
    let report = export(&load(text), &tmp.path().join("out"), &options);
    assert!(!report.failed(), "{:#?}", report.problems);
    tmp
}

fn read(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join(path)).unwrap()
}

fn strings(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The host's variables as `ansible-inventory --list` shows them.
fn ansible_hostvars(inventory: &Path) -> Option<serde_json::Map<String, Value>> {
    if !common::have_tool("ansible-inventory") {
        return None;
    }
    let out = Command::new("ansible-inventory")
        .arg("-i")
        .arg(inventory)
        .arg("--list")
        .env("ANSIBLE_INVENTORY_UNPARSED_FAILED", "true")
        .env("ANSIBLE_LOCALHOST_WARNING", "false")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("WARNING"), "{stderr}");
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let hosts = json["_meta"]["hostvars"].as_object().unwrap();
    assert_eq!(hosts.len(), 1, "{hosts:#?}");
    Some(hosts.values().next().unwrap().as_object().unwrap().clone())
}

/// Every value must be a string (or a list of strings), never a YAML boolean or number.
fn as_strings(vars: &serde_json::Map<String, Value>) -> BTreeMap<String, String> {
    vars.iter()
        .filter_map(|(k, v)| match v {
            Value::String(s) => Some((k.clone(), s.clone())),
            Value::Array(items) => {
                let texts: Vec<&str> = items.iter().map(|i| i.as_str().unwrap()).collect();
                Some((k.clone(), texts.join(",")))
            }
            Value::Object(_) => None,
            other => panic!("{k} is {other}, not a string"),
        })
        .collect()
}

#[test]
fn ansible_reads_every_demo_setting_as_the_expected_string() {
    let dir = exported(DEMO_PLAN, false);
    let Some(vars) = ansible_hostvars(&dir.path().join("out/ansible/inventory/inventory.yml"))
    else {
        return;
    };
    let expected = strings(&[
        ("ansible_user", "ubuntu"),
        ("primero_host", "cpims.mosw.gov.kl"),
        ("primero_tag", "v2.15.2"),
        ("primero_repo_branch", "v2.15.2"),
        ("primero_postgres_version", "15"),
        ("locale_all", "en,fr"),
        ("always_pull", "true"),
        ("use_lets_encrypt", "false"),
        ("use_external_certs", "true"),
        ("certbot_domain", "{{ primero_host }}"),
        ("certbot_email", "it.certificates@mosw.gov.kl"),
        ("lets_encrypt_domain", "{{ primero_host }}"),
        ("lets_encrypt_email", "{{ certbot_email }}"),
        ("nginx_ssl_cert_path", "/external-certs/primero.crt"),
        ("nginx_ssl_key_path", "/external-certs/primero.key"),
        ("primero_deploy_nodb", "true"),
        (
            "ansible_ssh_common_args",
            "-o ProxyJump=bastion.kndc.gov.kl",
        ),
    ]);
    assert_eq!(as_strings(&vars), expected);
    let env = as_strings(vars["environment_variables"].as_object().unwrap());
    let expected_env = strings(&[
        ("RUN_DEFAULT_PRIMERO_SEEDS", "true"),
        // The demo holds GBV incidents, and Primero's GBV indicators need Solr.
        ("SOLR_ENABLED", "true"),
        // No LOCALE_DEFAULT: the demo's default is English, which Primero's template sets.
        ("SMTP_ADDRESS", "mail.mosw.gov.kl"),
        ("SMTP_PORT", "587"),
        ("SMTP_DOMAIN", "mosw.gov.kl"),
        ("SMTP_AUTH", "login"),
        ("SMTP_STARTTLS_AUTO", "true"),
        ("MAILER_NOTIFICATION_HOST", "cpims.mosw.gov.kl"),
        ("MAILER_DEFAULT_FROM", "noreply@mosw.gov.kl"),
        ("MAILER_DELIVERY_METHOD", "smtp"),
        ("POSTGRES_HOSTNAME", "pg-cpims.kndc.gov.kl"),
        ("POSTGRES_SSL_MODE", "require"),
        // The demo's managed database account may not create databases.
        ("PRIMERO_PG_APP_ROLE", "true"),
    ]);
    assert_eq!(env, expected_env);
}

#[test]
fn ansible_reads_lets_encrypt_and_blob_storage_settings() {
    let dir = exported(TIER4, false);
    let Some(vars) = ansible_hostvars(&dir.path().join("out/ansible/inventory/inventory.yml"))
    else {
        return;
    };
    let top = as_strings(&vars);
    assert_eq!(top["use_lets_encrypt"], "true");
    assert_eq!(top["use_external_certs"], "false");
    assert_eq!(
        top["nginx_ssl_cert_path"],
        "/etc/letsencrypt/live/primero/fullchain.pem"
    );
    assert_eq!(
        top["nginx_ssl_key_path"],
        "/etc/letsencrypt/live/primero/privkey.pem"
    );
    let env = as_strings(vars["environment_variables"].as_object().unwrap());
    assert_eq!(env["PRIMERO_STORAGE_TYPE"], "microsoft");
    assert_eq!(env["PRIMERO_STORAGE_AZ_ACCOUNT"], "estoriacpims");
    assert_eq!(env["PRIMERO_STORAGE_AZ_CONTAINER"], "cpims-attachments");
    let secrets = read(dir.path(), "out/ansible/secrets.yml");
    assert!(
        secrets.contains("  PRIMERO_STORAGE_AZ_KEY: ''"),
        "{secrets}"
    );
    assert!(!secrets.contains("nginx_ssl_cert"), "{secrets}");
}

#[test]
fn ansible_jumps_through_the_bastion_once_its_address_is_known() {
    let text_of = |answer: Option<Answer>| {
        let l = with_answers(DEMO_PLAN, &[("bastion_host", answer)]);
        let problems = with_ctx(&l, config::check);
        assert!(problems.is_empty(), "{problems:#?}");
        file(&rendered(&l), "ansible/inventory/inventory.yml").to_string()
    };
    let by_ip = text_of(Some(Answer::Text("10.20.0.5".into())));
    assert!(
        by_ip.contains("      ansible_ssh_common_args: '-o ProxyJump=10.20.0.5'"),
        "{by_ip}"
    );
    let v6 = text_of(Some(Answer::Text("fd00::5".into())));
    assert!(v6.contains("-o ProxyJump=[fd00::5]'"), "{v6}");
    let unknown = text_of(None);
    assert!(
        unknown.contains("      # ansible_ssh_common_args: '-o ProxyJump=BASTION_ADDRESS'"),
        "{unknown}"
    );
    assert!(
        !unknown.contains("\n      ansible_ssh_common_args"),
        "{unknown}"
    );
}

#[test]
fn a_managed_database_without_createdb_skips_creating_it() {
    let cases = [
        (Some(choice("no")), true, false),
        (Some(choice("yes")), false, false),
        (Some(choice("unknown")), false, true),
        (None, false, true),
    ];
    for (answer, role, note) in cases {
        let l = with_answers(DEMO_PLAN, &[("postgres_can_create_db", answer.clone())]);
        let files = rendered(&l);
        let inventory = file(&files, "ansible/inventory/inventory.yml");
        assert_eq!(
            inventory.contains("PRIMERO_PG_APP_ROLE: 'true'"),
            role,
            "{answer:?}: {inventory}"
        );
        let notes = with_ctx(&l, config::notes);
        let asked = notes.iter().any(|n| n.contains("CREATEDB"));
        assert_eq!(asked, note, "{answer:?}: {notes:?}");
    }
    // A database Primero runs itself needs neither.
    let l = with_answers(DEMO_PLAN, &[("database_hosting", Some(choice("self_run")))]);
    let inventory = file(&rendered(&l), "ansible/inventory/inventory.yml").to_string();
    assert!(!inventory.contains("PRIMERO_PG_APP_ROLE"), "{inventory}");
    assert!(
        !with_ctx(&l, config::notes)
            .iter()
            .any(|n| n.contains("CREATEDB"))
    );
}

#[test]
fn solr_runs_exactly_when_gbv_data_is_in_scope() {
    let kinds = |list: &[&str]| {
        Some(Answer::Choices(
            list.iter().map(|k| k.to_string()).collect(),
        ))
    };
    let cases = [
        (kinds(&["case_notes", "gbv"]), "'true'"),
        (kinds(&["gbv"]), "'true'"),
        (
            kinds(&["case_notes", "child_identities", "health"]),
            "'false'",
        ),
        (None, "'false'"),
    ];
    for (answer, expected) in cases {
        let l = with_answers(DEMO_PLAN, &[("sensitive_data", answer.clone())]);
        let files = rendered(&l);
        let inventory = file(&files, "ansible/inventory/inventory.yml");
        let line = format!("SOLR_ENABLED: {expected}");
        assert!(inventory.contains(&line), "{answer:?}: {inventory}");
    }
}

#[test]
fn ansible_accepts_an_inventory_for_a_self_run_database() {
    let l = with_answers(DEMO_PLAN, &[("database_hosting", Some(choice("self_run")))]);
    let files = rendered(&l);
    let inventory = file(&files, "ansible/inventory/inventory.yml");
    assert!(
        inventory.contains("primero_deploy_nodb: 'false'"),
        "{inventory}"
    );
    assert!(!inventory.contains("POSTGRES_HOSTNAME"), "{inventory}");
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("inventory.yml");
    std::fs::write(&path, inventory).unwrap();
    if let Some(vars) = ansible_hostvars(&path) {
        assert_eq!(as_strings(&vars)["primero_deploy_nodb"], "false");
    }
}

fn choice(id: &str) -> Answer {
    Answer::Choice(id.into())
}

/// The variables bash sees after `set -a; . FILE`, for the names the file sets.
fn bash_loads(path: &Path) -> Option<BTreeMap<String, String>> {
    if !common::have_tool("bash") {
        return None;
    }
    let text = std::fs::read_to_string(path).unwrap();
    let names: Vec<String> = text
        .lines()
        .filter(|l| !l.starts_with('#') && l.contains('='))
        .map(|l| l.split('=').next().unwrap().to_string())
        .collect();
    let script =
        r#"set -eu; set -a; . "$1"; shift; for n in "$@"; do printf '%s=%s\0' "$n" "${!n}"; done"#;
    let out = Command::new("bash")
        .args(["-c", script, "bash"])
        .arg(path)
        .args(&names)
        .env_clear()
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && stderr.is_empty(), "{stderr}");
    let pairs = String::from_utf8(out.stdout).unwrap();
    Some(
        pairs
            .split('\0')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap();
                (k.to_string(), v.to_string())
            })
            .collect(),
    )
}

/// What the file itself says, line by line.
fn written_values(path: &Path) -> BTreeMap<String, String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && l.contains('='))
        .map(|l| {
            let (k, v) = l.split_once('=').unwrap();
            (k.to_string(), v.to_string())
        })
        .collect()
}

#[test]
fn env_files_load_in_bash_with_the_expected_values() {
    let docker = exported(FULLY_LOCAL, true);
    let demo = exported(DEMO_PLAN, true);
    let files = [
        docker.path().join("out/docker/local.env"),
        docker.path().join("out/docker/secrets.env"),
        demo.path().join("out/openfn/lightning.env"),
        demo.path().join("out/openfn/lightning-secrets.env"),
    ];
    for path in &files {
        let Some(seen) = bash_loads(path) else { return };
        let written = written_values(path);
        assert!(written.len() >= 7, "{}: {written:#?}", path.display());
        assert_eq!(seen, written, "{}", path.display());
    }
    let local = written_values(&files[0]);
    for (name, value) in [
        ("PRIMERO_HOST", "cpims.mosw.gov.kl"),
        ("NGINX_SERVER_NAME", "cpims.mosw.gov.kl"),
        ("NGINX_SSL_CERT_PATH", "/external-certs/primero.crt"),
        ("NGINX_SSL_KEY_PATH", "/external-certs/primero.key"),
        ("USE_LETS_ENCRYPT", "false"),
        ("USE_EXTERNAL_CERTS", "true"),
        ("LOCALE_ALL", "en,fr"),
        ("SMTP_PORT", "587"),
        ("SMTP_STARTTLS_AUTO", "true"),
        ("MAILER_DELIVERY_METHOD", "smtp"),
    ] {
        assert_eq!(local[name], value, "{name}");
    }
    let lightning = written_values(&files[2]);
    for (name, value) in [
        ("URL_HOST", "openfn.mosw.gov.kl"),
        ("EMAIL_ADMIN", "integrations@mosw.gov.kl"),
        ("MAIL_PROVIDER", "smtp"),
        ("SMTP_RELAY", "mail.mosw.gov.kl"),
        ("USAGE_TRACKING_ENABLED", "false"),
        ("DEFAULT_RETENTION_PERIOD", "30"),
    ] {
        assert_eq!(lightning[name], value, "{name}");
    }
    let docker_secrets = written_values(&files[1]);
    assert_eq!(docker_secrets["PRIMERO_MESSAGE_SECRET"].len(), 32);
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
#[test]
fn secret_files_are_private_and_only_they_are() {
    for plan in [DEMO_PLAN, FULLY_LOCAL] {
        let dir = exported(plan, false);
        let out = dir.path().join("out");
        let summary = read(&out, "hostplan-config.toml");
        for listed in listed_files(&summary) {
            let secret = listed.ends_with("secrets.yml") || listed.ends_with("secrets.env");
            let want = if secret { 0o600 } else { 0o666 & !umask() };
            assert_eq!(mode(&out.join(&listed)), want, "{listed}");
        }
    }
}

#[cfg(unix)]
fn umask() -> u32 {
    let tmp = tempfile::tempdir().unwrap();
    let probe = tmp.path().join("probe");
    std::fs::write(&probe, "").unwrap();
    0o666 & !mode(&probe)
}

#[cfg(unix)]
fn listed_files(summary: &str) -> Vec<String> {
    let table: toml::Table = toml::from_str(summary).unwrap();
    table["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_string())
        .collect()
}

/// Secret values in a secrets file: YAML `key: 'value'` or env `KEY=value` lines.
fn secret_values(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#') && !l.trim().is_empty() && l != &"---")
        .filter_map(|l| {
            let (k, v) = l.split_once(": ").or_else(|| l.split_once('='))?;
            Some((k.trim().to_string(), v.trim_matches('\'').to_string()))
        })
        .collect()
}

const SECRET_FILES: [&str; 3] = [
    "ansible/secrets.yml",
    "docker/secrets.env",
    "openfn/lightning-secrets.env",
];

#[test]
fn without_generate_secrets_every_secret_is_an_empty_placeholder() {
    for plan in [DEMO_PLAN, FULLY_LOCAL, TIER4] {
        let dir = exported(plan, false);
        let out = dir.path().join("out");
        let mut seen = 0;
        for path in SECRET_FILES {
            let Ok(text) = std::fs::read_to_string(out.join(path)) else {
                continue;
            };
            for (key, value) in secret_values(&text) {
                seen += 1;
                assert_eq!(value, "", "{path}: {key} holds a value");
            }
        }
        assert!(seen >= 7, "{seen} secrets seen");
        let summary = read(&out, "hostplan-config.toml");
        assert!(summary.contains("generated = false"), "{summary}");
    }
}

#[test]
fn generated_secrets_have_exact_lengths_from_the_safe_set() {
    let safe = |v: &str| {
        v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    };
    let demo = exported(DEMO_PLAN, true);
    let yaml = read(demo.path(), "out/ansible/secrets.yml");
    let values: BTreeMap<String, String> = secret_values(&yaml).into_iter().collect();
    for (key, len) in [
        ("primero_secret_key_base", 64),
        ("primero_message_secret", 32),
        ("postgres_password", 32),
        ("devise_secret_key", 32),
        ("devise_jwt_secret_key", 32),
    ] {
        assert_eq!(values[key].len(), len, "{key}");
        assert!(safe(&values[key]), "{key}");
    }
    for given in ["SMTP_USER", "SMTP_PASSWORD"] {
        assert_eq!(
            values[given], "",
            "{given} comes from people, never at random"
        );
    }
    // The certificate and its key stay out until pasted.
    for absent in ["nginx_ssl_cert", "nginx_ssl_key"] {
        assert!(!values.contains_key(absent), "{absent}: {yaml}");
        assert!(yaml.contains(&format!("# {absent}: |")), "{yaml}");
    }
    let lightning = written_values(&demo.path().join("out/openfn/lightning-secrets.env"));
    assert_eq!(lightning["SECRET_KEY_BASE"].len(), 64);
    assert_eq!(lightning["WORKER_SECRET"].len(), 64);
    assert_eq!(
        secrets::base64_len(&lightning["PRIMARY_ENCRYPTION_KEY"]),
        Some(32)
    );
    assert_eq!(lightning["WORKER_RUNS_PRIVATE_KEY"], "");
    let again = exported(DEMO_PLAN, true);
    let other = read(again.path(), "out/ansible/secrets.yml");
    assert_ne!(yaml, other, "each export draws new secrets");
    assert!(read(demo.path(), "out/hostplan-config.toml").contains("generated = true"));
}

#[test]
fn no_secret_reaches_the_shared_files() {
    let dir = exported(DEMO_PLAN, true);
    let out = dir.path().join("out");
    let yaml = read(&out, "ansible/secrets.yml");
    let secrets: Vec<String> = secret_values(&yaml)
        .into_iter()
        .map(|(_, v)| v)
        .filter(|v| !v.is_empty())
        .collect();
    assert_eq!(secrets.len(), 5);
    for shared in [
        "hostplan-config.toml",
        "ansible/inventory/inventory.yml",
        "openfn/lightning.env",
        "openfn/webhook-projects.md",
    ] {
        let text = read(&out, shared);
        for s in &secrets {
            assert!(!text.contains(s.as_str()), "{shared} holds a secret");
        }
    }
}

#[test]
fn a_saas_plan_gets_only_the_summary_with_what_is_still_owed() {
    let dir = exported(SAAS, false);
    let out = dir.path().join("out");
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["hostplan-config.toml"]);
    let summary = read(&out, "hostplan-config.toml");
    let table: toml::Table = toml::from_str(&summary).unwrap();
    assert_eq!(table["option"].as_str(), Some("saas"));
    assert!(!table.contains_key("primero"));
    let owed = table["still_owed"].as_array().unwrap();
    let items: Vec<&str> = owed.iter().map(|o| o["item"].as_str().unwrap()).collect();
    assert!(items.contains(&"Terms of Use signed"), "{items:?}");
    assert!(
        items
            .iter()
            .any(|i| i.starts_with("Information Sharing Protocol")),
        "{items:?}"
    );
    assert!(
        owed.iter()
            .all(|o| o["owner"].as_str() != Some("UNICEF Primero team"))
    );
}

#[test]
fn international_host_names_are_written_in_punycode() {
    let l = with_answers(
        DEMO_PLAN,
        &[
            ("primero_host", Some(text("cpims.bücher.example"))),
            (
                "mailer_notification_host",
                Some(text("cpims.bücher.example")),
            ),
            ("mailer_default_from", Some(text("noreply@bücher.example"))),
        ],
    );
    let files = rendered(&l);
    let inventory = file(&files, "ansible/inventory/inventory.yml");
    assert!(
        inventory.contains("    cpims.xn--bcher-kva.example:\n"),
        "{inventory}"
    );
    assert!(inventory.contains("primero_host: 'cpims.xn--bcher-kva.example'"));
    assert!(inventory.contains("MAILER_DEFAULT_FROM: 'noreply@xn--bcher-kva.example'"));
    assert!(!inventory.contains("bücher"));
    let summary = file(&files, "hostplan-config.toml");
    assert!(summary.contains("primero_host_unicode = \u{22}cpims.bücher.example\u{22}"));
    let notes = with_ctx(&l, config::notes);
    assert!(
        notes
            .iter()
            .any(|n| n.contains("cpims.bücher.example is written as cpims.xn--bcher-kva.example")),
        "{notes:#?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("sent as xn--bcher-kva.example"))
    );
}

fn text(s: &str) -> Answer {
    Answer::Text(s.into())
}

#[test]
fn an_existing_folder_is_refused_then_replaced_whole_with_force() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("notes.txt"), "mine").unwrap();
    let l = load(DEMO_PLAN);
    let report = export(&l, &dir, &Options::default());
    assert!(report.failed());
    let p = common::find(&report.problems, None, "already exists");
    assert!(p.help().as_deref().unwrap().contains("--force"), "{p}");
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1, "untouched");
    let forced = Options {
        force: true,
        generate_secrets: false,
    };
    let report = export(&l, &dir, &forced);
    assert!(!report.failed(), "{:#?}", report.problems);
    assert!(
        report.notes.iter().any(|n| n.contains("was replaced")),
        "{:?}",
        report.notes
    );
    assert!(!dir.join("notes.txt").exists());
    assert!(dir.join("hostplan-config.toml").exists());
    assert_eq!(read(tmp.path(), "out.bak/notes.txt"), "mine");
    let mut left: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, vec!["out", "out.bak"], "no temporary folder is left");
}

#[test]
fn an_empty_folder_is_filled_without_force() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    std::fs::create_dir(&dir).unwrap();
    let report = export(&load(DEMO_PLAN), &dir, &Options::default());
    assert!(!report.failed(), "{:#?}", report.problems);
    assert!(
        !report.notes.iter().any(|n| n.contains("was replaced")),
        "an empty folder keeps no backup: {:?}",
        report.notes
    );
    // Eight files and the runbook.
    assert_eq!(report.written.len(), 9);
    assert!(report.written.iter().all(|p| p.exists()));
}

#[test]
fn answers_with_errors_write_nothing_and_name_every_question() {
    let l = with_answers(
        DEMO_PLAN,
        &[
            ("ansible_user", Some(text("root"))),
            ("primero_release", Some(text("latest"))),
            ("locales", Some(text("en, fr"))),
        ],
    );
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    let report = export(&l, &dir, &Options::default());
    assert!(report.failed());
    for id in ["ansible_user", "primero_release", "locales"] {
        assert!(
            report.problems.iter().any(|p| p.id.as_deref() == Some(id)),
            "{id}: {:#?}",
            report.problems
        );
    }
    common::find(&report.problems, None, "nothing was written");
    assert!(!dir.exists());
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
}

#[test]
fn a_written_folder_passes_its_own_check() {
    for (plan, generate) in [
        (DEMO_PLAN, false),
        (DEMO_PLAN, true),
        (TIER4, false),
        (FULLY_LOCAL, true),
        (SAAS, false),
    ] {
        let dir = exported(plan, generate);
        let out = dir.path().join("out");
        let files: Vec<config::FolderText> = config::KNOWN_FILES
            .iter()
            .map(|name| config::FolderText {
                path: name.to_string(),
                text: std::fs::read_to_string(out.join(name)).ok(),
                mode: Some(if name.contains("secrets") {
                    0o600
                } else {
                    0o644
                }),
                unreadable: None,
            })
            .collect();
        let (problems, notes) = config::check_folder("out", &files, Strings::builtin());
        let errors: Vec<String> = problems
            .iter()
            .filter(|p| p.is_error())
            .map(|p| p.to_string())
            .collect();
        assert!(errors.is_empty(), "{}", errors.join("\n"));
        let placeholders = notes.iter().any(|n| n.contains("still to fill in"));
        assert_eq!(placeholders, plan != SAAS, "{notes:#?}");
    }
}

/// Leaves `out` as an export killed between its two renames leaves it, on a system
/// without a swap in one step: the folder moved to `out.bak`, the new one still temporary.
#[cfg(unix)]
fn cut_between_renames(out: &Path) -> std::path::PathBuf {
    let bak = out.with_file_name("out.bak");
    std::fs::rename(out, &bak).unwrap();
    let left = out.with_file_name(".out.2000000000.0123456789abcdef.tmp");
    std::fs::create_dir(&left).unwrap();
    std::fs::write(left.join("hosts.yml"), "partial").unwrap();
    left
}

#[cfg(unix)]
#[test]
fn a_folder_left_missing_by_a_killed_export_is_put_back_and_said_so() {
    let tmp = exported(TIER4, false);
    let out = tmp.path().join("out");
    let before = std::fs::read_dir(&out).unwrap().count();
    let left = cut_between_renames(&out);
    let options = Options {
        force: false,
        generate_secrets: false,
    };
    let report = export(&load(TIER4), &out, &options);
    let notes = report.notes.join("\n");
    assert!(
        notes.contains("cut short") && notes.contains("put back"),
        "{notes}"
    );
    // Put back first, so the export without --force refuses the folder that is there.
    assert!(report.failed());
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), before);
    assert!(!left.exists() && !out.with_file_name("out.bak").exists());
}
