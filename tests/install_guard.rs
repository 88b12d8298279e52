//! A forgotten certificate must stop the install, not turn HTTPS off. Primero's
//! external-certs step copies `nginx_ssl_cert` and `nginx_ssl_key` when they are defined,
//! and the application step checks only that the two files exist. This runs a small
//! playbook doing the same copy and check (written here, in the same shape) with the
//! secrets file hostplan exports, through the real `ansible-playbook`.

use crate::common;

use std::path::Path;
use std::process::{Command, Output};

/// The copy when defined, then the check that the files exist, as Primero's playbooks do.
const GUARD: &str = r#"---
- hosts: all
  gather_facts: false
  tasks:
    - name: copy the key when it is defined
      copy:
        dest: "{{ certs }}/primero.key"
        content: "{{ nginx_ssl_key }}"
      when: nginx_ssl_key is defined
    - name: copy the certificate when it is defined
      copy:
        dest: "{{ certs }}/primero.crt"
        content: "{{ nginx_ssl_cert }}"
      when: nginx_ssl_cert is defined
    - name: look for the certificate
      stat:
        path: "{{ certs }}/primero.crt"
      register: crt
    - name: look for the key
      stat:
        path: "{{ certs }}/primero.key"
      register: key
    - name: stop without certificates
      fail:
        msg: "Remote machine missing external certs"
      when: not crt.stat.exists or not key.stat.exists
"#;

const PEM_CERT: &str =
    "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ\n-----END CERTIFICATE-----";
const PEM_KEY: &str =
    "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49\n-----END PRIVATE KEY-----";

fn exported(dir: &Path) -> String {
    let out = crate::common::bin()
        .args(["export", "--demo", "--config"])
        .arg(dir.join("out"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read_to_string(dir.join("out/ansible/secrets.yml")).unwrap()
}

/// Runs the guard with `secrets` as extra variables, copying into `dir/certs`.
fn run_guard(dir: &Path, secrets: &str) -> Output {
    let playbook = dir.join("guard.yml");
    std::fs::write(&playbook, GUARD).unwrap();
    let vars = dir.join("secrets.yml");
    std::fs::write(&vars, secrets).unwrap();
    let certs = dir.join("certs");
    let _ = std::fs::remove_dir_all(&certs);
    std::fs::create_dir_all(&certs).unwrap();
    Command::new("ansible-playbook")
        .arg("-i")
        .arg("localhost,")
        .args(["-c", "local"])
        .arg(&playbook)
        .arg("-e")
        .arg(format!("@{}", vars.display()))
        .arg("-e")
        .arg(format!("certs={}", certs.display()))
        // The Python running Ansible, wherever it is installed.
        .args([
            "-e",
            "ansible_python_interpreter={{ ansible_playbook_python }}",
        ])
        .env("ANSIBLE_LOCALHOST_WARNING", "false")
        .env("ANSIBLE_NOCOLOR", "true")
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The secrets file with its commented certificate block filled in as the comments say:
/// the `# ` taken off each line, the bracketed lines replaced with PEM text.
fn filled(secrets: &str) -> String {
    let mut out = String::new();
    let mut in_block = false;
    for line in secrets.lines() {
        if line.starts_with("# nginx_ssl_") {
            in_block = true;
            out.push_str(&line[2..]);
            out.push('\n');
            let pem = if line.contains("cert") {
                PEM_CERT
            } else {
                PEM_KEY
            };
            for p in pem.lines() {
                out.push_str(&format!("  {p}\n"));
            }
            continue;
        }
        if in_block && line.starts_with("#   ") {
            continue;
        }
        in_block = false;
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[test]
fn an_unfilled_certificate_stops_the_install_and_a_pasted_one_passes() {
    if !common::have_tool("ansible-playbook") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let secrets = exported(dir.path());
    assert!(secrets.contains("# nginx_ssl_cert: |"), "{secrets}");
    assert!(!secrets.contains("\nnginx_ssl_cert:"), "{secrets}");
    let syntax = Command::new("ansible-playbook")
        .args(["--syntax-check", "-i", "localhost,"])
        .arg({
            std::fs::write(dir.path().join("guard.yml"), GUARD).unwrap();
            dir.path().join("guard.yml")
        })
        .arg("-e")
        .arg(format!(
            "@{}",
            dir.path().join("out/ansible/secrets.yml").display()
        ))
        .output()
        .unwrap();
    assert!(syntax.status.success(), "{}", stdout(&syntax));

    let unfilled = run_guard(dir.path(), &secrets);
    let text = stdout(&unfilled);
    assert!(!unfilled.status.success(), "the install went on: {text}");
    assert!(
        text.contains("Remote machine missing external certs"),
        "{text}"
    );

    let pasted = filled(&secrets);
    let ran = run_guard(dir.path(), &pasted);
    assert!(ran.status.success(), "{}\n{pasted}", stdout(&ran));
    let crt = std::fs::read_to_string(dir.path().join("certs/primero.crt")).unwrap();
    assert!(crt.starts_with("-----BEGIN CERTIFICATE-----"), "{crt}");
}

/// Why the keys are left out rather than empty: empty values pass the same check.
#[test]
fn empty_certificate_values_would_have_passed_silently() {
    if !common::have_tool("ansible-playbook") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let secrets = format!(
        "{}\nnginx_ssl_cert: ''\nnginx_ssl_key: ''\n",
        exported(dir.path())
    );
    let ran = run_guard(dir.path(), &secrets);
    assert!(ran.status.success(), "{}", stdout(&ran));
    let crt = std::fs::read(dir.path().join("certs/primero.crt")).unwrap();
    assert!(
        crt.is_empty(),
        "an empty certificate file, and HTTPS silently off"
    );
}
