//! `hostplan check DIR` reads the folder's YAML as Ansible does and its env files as
//! Docker does: parse errors at their line and column, double-quoted escapes, keys set
//! twice, characters Ansible refuses, and `ansible-inventory`'s own verdict when it is
//! installed. Also: every exported folder passes, and `LOCALE_DEFAULT` is written once.

use crate::common;
use crate::common::config as handover;

use hostplan::core::answer::Answer;
use hostplan::core::builtin::DEMO_PLAN;
use hostplan::export::config::yaml;
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

const INVENTORY: &str = "out/ansible/inventory/inventory.yml";

fn hostplan(args: &[&str], dir: &Path) -> Output {
    crate::common::bin()
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .output()
        .expect("hostplan runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A temporary folder holding `out`, the config folder `export --config` writes for the
/// plan `plan_text`.
fn exported(plan_text: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("plan.toml"), plan_text).unwrap();
    let o = hostplan(&["export", "plan.toml", "--config", "out"], tmp.path());
    assert!(o.status.success(), "{}", stderr(&o));
    tmp
}

/// Replaces `from` with `to` in `file`, which must hold `from`.
fn edit(file: &Path, from: &str, to: &str) {
    let t = std::fs::read_to_string(file).unwrap();
    assert!(t.contains(from), "{} lacks {from:?}", file.display());
    std::fs::write(file, t.replacen(from, to, 1)).unwrap();
}

fn append(file: &Path, line: &str) {
    let t = std::fs::read_to_string(file).unwrap();
    std::fs::write(file, format!("{t}{line}\n")).unwrap();
}

/// The 1-based line of the first line of `file` that holds `needle`, after `skip` lines.
fn line_after(file: &Path, needle: &str, skip: usize) -> usize {
    let t = std::fs::read_to_string(file).unwrap();
    let found = t.lines().skip(skip).position(|l| l.contains(needle));
    skip + found.unwrap_or_else(|| panic!("{needle:?} is not in {}", file.display())) + 1
}

fn line_of(file: &Path, needle: &str) -> usize {
    line_after(file, needle, 0)
}

/// Runs `check out` and returns its exit code and standard error.
fn check(tmp: &Path) -> (Option<i32>, String) {
    let o = hostplan(&["check", "out"], tmp);
    (o.status.code(), stderr(&o))
}

fn assert_has(err: &str, wanted: &str) {
    assert!(err.contains(wanted), "missing:\n{wanted}\nin:\n{err}");
}

/// The host's variables as `ansible-inventory --list` reads them, or `None` (skipped)
/// where Ansible is not installed.
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
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let hosts = json["_meta"]["hostvars"].as_object().unwrap();
    Some(hosts.values().next().unwrap().as_object().unwrap().clone())
}

#[test]
fn a_broken_indent_fails_at_its_line_as_ansible_reports_it() {
    let tmp = exported(DEMO_PLAN);
    let inv = tmp.path().join(INVENTORY);
    // One space short: the key belongs neither to the host nor beside `hosts:`.
    edit(&inv, "      primero_tag: ", "     primero_tag: ");
    let line = line_of(&inv, "primero_tag");
    let (code, err) = check(tmp.path());
    assert_eq!(code, Some(1), "{err}");
    assert_has(
        &err,
        &format!("{INVENTORY}:{line}:6: error: the indentation does not line up here"),
    );
    assert_has(&err, "help: line this key up with the keys above it");
    if common::have_tool("ansible-inventory") {
        // Ansible stops at the same place.
        assert_has(
            &err,
            &format!("{INVENTORY}:{line}:6: error: ansible-inventory cannot read this inventory"),
        );
    }
}

#[test]
fn a_quote_left_open_is_named_as_such_not_as_indentation() {
    let tmp = exported(DEMO_PLAN);
    let inv = tmp.path().join(INVENTORY);
    edit(&inv, "SMTP_AUTH: 'login'", "SMTP_AUTH: 'login");
    let (code, err) = check(tmp.path());
    assert_eq!(code, Some(1), "{err}");
    assert_has(&err, "is never closed");
    assert!(!err.contains("indentation does not line up"), "{err}");
}

#[test]
fn a_character_ansible_refuses_is_located_though_yaml_1_2_allows_it() {
    let tmp = exported(DEMO_PLAN);
    let inv = tmp.path().join(INVENTORY);
    edit(&inv, "SMTP_AUTH: 'login'", "SMTP_AUTH: 'log\u{7f}in'");
    let line = line_of(&inv, "SMTP_AUTH");
    let (code, err) = check(tmp.path());
    assert_eq!(code, Some(1), "{err}");
    assert_has(
        &err,
        &format!("{INVENTORY}:{line}:24: error: the character U+007F is not allowed here"),
    );
    if common::have_tool("ansible-inventory") {
        assert_has(
            &err,
            &format!("{INVENTORY}: error: ansible-inventory cannot read this inventory"),
        );
    }
}

#[test]
fn double_quoted_escapes_are_read_as_ansible_reads_them() {
    let tmp = exported(DEMO_PLAN);
    let inv = tmp.path().join(INVENTORY);
    // `\x74` is `t`: read right, the value is the `smtp` Primero needs.
    edit(
        &inv,
        "MAILER_DELIVERY_METHOD: 'smtp'",
        "MAILER_DELIVERY_METHOD: \"sm\\x74p\"",
    );
    edit(
        &inv,
        "ansible_user: 'ubuntu'",
        "ansible_user: \"ubunt\\u00e9\"",
    );
    edit(
        &inv,
        "SMTP_DOMAIN: 'mosw.gov.kl'",
        "SMTP_DOMAIN: \"mosw\\tgov.kl\"",
    );
    let (code, err) = check(tmp.path());
    assert_eq!(code, Some(1), "{err}");
    assert!(!err.contains("MAILER_DELIVERY_METHOD"), "{err}");
    let user = line_of(&inv, "ansible_user");
    assert_has(
        &err,
        &format!(
            "{INVENTORY}:{user}:21: error [ansible_user]: `ubunt\u{e9}` is not a Linux account name"
        ),
    );
    let domain = line_of(&inv, "SMTP_DOMAIN");
    assert_has(
        &err,
        &format!("{INVENTORY}:{domain}:22: error [smtp_domain]: `mosw\tgov.kl` is not a host name"),
    );
    let Some(vars) = ansible_hostvars(&inv) else {
        return;
    };
    assert_eq!(vars["ansible_user"], "ubunt\u{e9}");
    let env = &vars["environment_variables"];
    assert_eq!(env["MAILER_DELIVERY_METHOD"], "smtp");
    assert_eq!(env["SMTP_DOMAIN"], "mosw\tgov.kl");
}

/// Every quoting and block form, as hostplan reads it and as Ansible does.
#[test]
fn every_scalar_form_reads_as_ansible_reads_it() {
    let text = concat!(
        "all:\n",
        "  hosts:\n",
        "    h.example.org:\n",
        "      tab: \"a\\tb\"\n",
        "      accent: \"\\u00e9t\\u00e9\"\n",
        "      hex: \"\\x41\"\n",
        "      backslash: \"C:\\\\srv\"\n",
        "      single: 'it''s \\n not a break'\n",
        "      folded_quote: \"one\n        two\"\n",
        "      plain: a # comment\n",
        "      plain_hash: a#b\n",
        "      literal: |\n        line one\n        line two\n",
        "      stripped: |-\n        kept\n",
        "      folded: >\n        one\n        two\n",
        "      flow: {inner: 'x'}\n",
    );
    let tmp = tempfile::tempdir().unwrap();
    let inv = tmp.path().join("inventory.yml");
    std::fs::write(&inv, text).unwrap();
    let ours: Vec<(String, String)> = yaml::read(text)
        .unwrap()
        .into_iter()
        .map(|e| (e.path[3..].join("."), e.text))
        .collect();
    let expected = [
        ("tab", "a\tb"),
        ("accent", "\u{e9}t\u{e9}"),
        ("hex", "A"),
        ("backslash", "C:\\srv"),
        ("single", "it's \\n not a break"),
        ("folded_quote", "one two"),
        ("plain", "a"),
        ("plain_hash", "a#b"),
        ("literal", "line one\nline two\n"),
        ("stripped", "kept"),
        ("folded", "one two\n"),
        ("flow.inner", "x"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    assert_eq!(ours, expected);
    let Some(vars) = ansible_hostvars(&inv) else {
        return;
    };
    for (key, value) in &expected {
        let got = match key.split_once('.') {
            Some((outer, inner)) => &vars[outer][inner],
            None => &vars[key.as_str()],
        };
        assert_eq!(got, value.as_str(), "{key}");
    }
}

#[test]
fn keys_set_twice_in_yaml_files_are_errors_with_both_lines() {
    let tmp = exported(DEMO_PLAN);
    let inv = tmp.path().join(INVENTORY);
    let sec = tmp.path().join("out/ansible/secrets.yml");
    edit(
        &inv,
        "      primero_tag: 'v2.15.2'\n",
        "      primero_tag: 'v2.15.2'\n      primero_tag: 'v2.15.2'\n",
    );
    edit(
        &inv,
        "        SMTP_PORT: '587'\n",
        "        SMTP_PORT: '587'\n        SMTP_AUTH: 'login'\n",
    );
    edit(
        &sec,
        "  SMTP_USER: ''\n",
        "  SMTP_USER: ''\n  SMTP_USER: ''\n",
    );
    let tag = line_of(&inv, "primero_tag");
    let auth = line_of(&inv, "SMTP_AUTH");
    let user = line_of(&sec, "SMTP_USER");
    let (code, err) = check(tmp.path());
    assert_eq!(code, Some(1), "{err}");
    for (file, first, again, column, id, name) in [
        (INVENTORY, tag, tag + 1, 7, "primero_release", "primero_tag"),
        (
            INVENTORY,
            auth,
            line_after(&inv, "SMTP_AUTH", auth),
            9,
            "smtp_auth",
            "SMTP_AUTH",
        ),
        (
            "out/ansible/secrets.yml",
            user,
            user + 1,
            3,
            "SMTP_USER",
            "SMTP_USER",
        ),
    ] {
        assert_has(
            &err,
            &format!(
                "{file}:{again}:{column}: error [{id}]: {name} is set twice in the same table, on line {first} and here"
            ),
        );
    }
    assert_has(
        &err,
        &format!("help: keep one of the two lines: line {tag} or this one"),
    );
}

#[test]
fn names_set_twice_in_env_files_are_errors_with_both_lines() {
    let tmp = exported(include_str!("plans/fully-local.toml"));
    let out = tmp.path().join("out");
    for (file, line) in [
        ("docker/local.env", "SMTP_PORT=587"),
        ("docker/secrets.env", "SMTP_USER="),
        ("openfn/lightning.env", "URL_PORT=443"),
        ("openfn/lightning-secrets.env", "WORKER_SECRET="),
    ] {
        append(&out.join(file), line);
    }
    let (code, err) = check(tmp.path());
    assert_eq!(code, Some(1), "{err}");
    for (file, line) in [
        ("docker/local.env", "SMTP_PORT=587"),
        ("docker/secrets.env", "SMTP_USER="),
        ("openfn/lightning.env", "URL_PORT=443"),
        ("openfn/lightning-secrets.env", "WORKER_SECRET="),
    ] {
        let path = out.join(file);
        let name = line.trim_end_matches(|c| c != '=').trim_end_matches('=');
        let first = line_of(&path, &format!("{name}="));
        let again = line_after(&path, &format!("{name}="), first);
        assert_has(
            &err,
            &format!(
                "out/{file}:{again}:1: error [{name}]: {name} is set twice, on line {first} and here"
            ),
        );
    }
}

/// Every install method, with the default language English or not: no file holds a key
/// twice, and Ansible (when installed) reads the inventory.
#[test]
fn every_exported_folder_passes_the_check() {
    let french_first = DEMO_PLAN.replace("locales = \"en,fr\"", "locales = \"fr,en\"");
    assert_ne!(french_first, DEMO_PLAN);
    for (name, plan) in [
        ("demo", DEMO_PLAN),
        ("demo, French first", french_first.as_str()),
        ("tier 4", include_str!("plans/tier4.toml")),
        ("Docker only", include_str!("plans/fully-local.toml")),
    ] {
        let tmp = exported(plan);
        let o = hostplan(&["check", "out"], tmp.path());
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(o.status.success(), "{name}: {out}{}", stderr(&o));
        assert!(out.ends_with("out: no problems\n"), "{name}: {out}");
    }
}

/// The names Primero's `local.env.j2` writes itself, in its order, before the entries of
/// `environment_variables` and then `secret_environment_variables`.
const TEMPLATE_NAMES: &[&str] = &[
    "PRIMERO_HOST",
    "PRIMERO_SECRET_KEY_BASE",
    "PRIMERO_MESSAGE_SECRET",
    "POSTGRES_PASSWORD",
    "DEVISE_SECRET_KEY",
    "DEVISE_JWT_SECRET_KEY",
    "LOCALE_ALL",
    "LOCALE_DEFAULT",
    "NGINX_SERVER_NAME",
    "NGINX_CERTIFICATE_NAME",
    "NGINX_SSL_CERT_PATH",
    "NGINX_SSL_KEY_PATH",
    "USE_LETS_ENCRYPT",
    "USE_EXTERNAL_CERTS",
    "LETS_ENCRYPT_DOMAIN",
    "LETS_ENCRYPT_EMAIL",
];

/// The names of the `local.env` Primero's role would render from these files, in order.
fn rendered_local_env(inventory: &str, secrets: &str) -> Vec<String> {
    let env = |text: &str, table: &str| -> Vec<String> {
        yaml::read(text)
            .unwrap()
            .into_iter()
            .filter(|e| e.path.len() >= 2 && e.path[e.path.len() - 2] == table)
            .map(|e| e.key().to_string())
            .collect()
    };
    TEMPLATE_NAMES
        .iter()
        .map(|n| n.to_string())
        .chain(env(inventory, "environment_variables"))
        .chain(env(secrets, "secret_environment_variables"))
        .collect()
}

#[test]
fn locale_default_is_written_once_and_only_to_change_primeros_default() {
    let files = |locales: &str, install: &str| {
        handover::rendered(&handover::with_answers(
            DEMO_PLAN,
            &[
                ("locales", Some(Answer::Text(locales.into()))),
                ("install_method", Some(Answer::Choice(install.into()))),
            ],
        ))
    };
    // English first: Primero's own default already; nothing to write.
    let en = files("en,fr", "ansible");
    let names = rendered_local_env(
        handover::file(&en, "ansible/inventory/inventory.yml"),
        handover::file(&en, "ansible/secrets.yml"),
    );
    for name in &names {
        let count = names.iter().filter(|n| *n == name).count();
        assert_eq!(count, 1, "{name} would be written {count} times");
    }
    // French first: written once by hostplan, after the template's own line, which it
    // overrides (the later line wins).
    let fr = files("fr,en", "ansible");
    let inventory = handover::file(&fr, "ansible/inventory/inventory.yml");
    let ours: Vec<String> = yaml::read(inventory)
        .unwrap()
        .into_iter()
        .filter(|e| e.key() == "LOCALE_DEFAULT")
        .map(|e| e.text)
        .collect();
    assert_eq!(ours, ["fr"]);
    assert!(
        inventory.contains("# Primero itself sets LOCALE_DEFAULT=en first"),
        "{inventory}"
    );
    let names = rendered_local_env(inventory, handover::file(&fr, "ansible/secrets.yml"));
    for name in &names {
        let count = names.iter().filter(|n| *n == name).count();
        let allowed = if name == "LOCALE_DEFAULT" { 2 } else { 1 };
        assert_eq!(count, allowed, "{name} would be written {count} times");
    }
    // Docker alone: local.env comes after Primero's defaults.env, which says en.
    for (locales, want) in [("en,fr", vec![]), ("fr,en", vec!["LOCALE_DEFAULT=fr"])] {
        let docker = files(locales, "docker_only");
        let local = handover::file(&docker, "docker/local.env");
        let lines: Vec<&str> = local
            .lines()
            .filter(|l| l.starts_with("LOCALE_DEFAULT="))
            .collect();
        assert_eq!(lines, want, "{locales}");
    }
}
