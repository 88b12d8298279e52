//! `ansible/inventory/inventory.yml` in the shape Primero's Ansible playbooks read.
//!
//! Every value is a single-quoted string. Primero's roles compare settings with the text
//! `'true'`, and an unquoted YAML `true` reaches them as `True`, so booleans are quoted
//! like everything else.

use super::doc::{Doc, yaml_quote};
use super::env::primero_env;
use super::settings::{Database, Settings, Tls};
use super::{ascii_email, ascii_host, cert_paths};
use crate::base::key;
use crate::base::strings::Strings;

/// The PostgreSQL major version of Primero's database image; changing it later needs a
/// data migration.
const POSTGRES_VERSION: &str = "15";

pub fn render(st: &Settings, s: &Strings) -> String {
    let host = st.get("primero_host").map(ascii_host).unwrap_or_default();
    let release = st.get("primero_release").unwrap_or_default();
    let q = |v: &str| yaml_quote(v);
    let mut d = Doc::new();
    d.line("---");
    d.comment(0, s.get(key::config::inventory::HEADER));
    d.comment(0, s.get(key::config::inventory::QUOTES));
    nodes(&mut d, st, s);
    d.line("all:");
    d.line("  hosts:");
    // Host names are letters, digits, dots and hyphens once in ASCII: safe unquoted, as
    // Primero's own template writes them.
    let host_key = if host.is_empty() {
        q(&host)
    } else {
        host.clone()
    };
    d.line(&format!("    {host_key}:"));
    let key = |d: &mut Doc, name: &str, value: &str| d.line(&format!("      {name}: {value}"));
    key(
        &mut d,
        "ansible_user",
        &q(st.get("ansible_user").unwrap_or_default()),
    );
    bastion(&mut d, st, s);
    key(&mut d, "primero_host", &q(&host));
    d.comment(6, s.get(key::config::inventory::RELEASE));
    key(&mut d, "primero_tag", &q(release));
    key(&mut d, "primero_repo_branch", &q(release));
    key(&mut d, "primero_postgres_version", &q(POSTGRES_VERSION));
    key(
        &mut d,
        "locale_all",
        &q(st.get("locales").unwrap_or_default()),
    );
    key(&mut d, "always_pull", &q("true"));
    certificates(&mut d, st, s);
    database(&mut d, st, s);
    d.comment(6, s.get(key::config::inventory::ENVIRONMENT));
    d.line("      environment_variables:");
    for v in primero_env(st) {
        if let Some(note) = v.note {
            d.comment(8, s.get(note));
        }
        if v.value.is_empty() {
            d.comment(8, &s.fill(key::config::env::FILL_IN, &[("name", v.name)]));
        }
        d.line(&format!("        {}: {}", v.name, q(&v.value)));
    }
    d.finish()
}

fn certificates(d: &mut Doc, st: &Settings, s: &Strings) {
    let lets_encrypt = st.tls == Tls::LetsEncrypt;
    let email = st.get("certbot_email").map(ascii_email).unwrap_or_default();
    let (cert, key) = cert_paths(st.tls);
    let note = if lets_encrypt {
        key::config::inventory::LETS_ENCRYPT
    } else {
        key::config::inventory::EXTERNAL_CERTS
    };
    d.comment(6, s.get(note));
    let switch = |on: bool| yaml_quote(if on { "true" } else { "false" });
    for (name, value) in [
        ("use_lets_encrypt", switch(lets_encrypt)),
        ("use_external_certs", switch(!lets_encrypt)),
        (
            "certbot_domain",
            format!("[{}]", yaml_quote("{{ primero_host }}")),
        ),
        ("certbot_email", yaml_quote(&email)),
        ("lets_encrypt_domain", yaml_quote("{{ primero_host }}")),
        ("lets_encrypt_email", yaml_quote("{{ certbot_email }}")),
        ("nginx_ssl_cert_path", yaml_quote(cert)),
        ("nginx_ssl_key_path", yaml_quote(key)),
    ] {
        d.line(&format!("      {name}: {value}"));
    }
}

fn database(d: &mut Doc, st: &Settings, s: &Strings) {
    let note = match st.database {
        Database::Managed => key::config::inventory::NODB,
        Database::Server => key::config::inventory::NODB_SERVER,
        Database::Container | Database::Undecided => key::config::inventory::DB_CONTAINER,
    };
    d.comment(6, s.get(note));
    let value = yaml_quote(if st.database_elsewhere() {
        "true"
    } else {
        "false"
    });
    d.line(&format!("      primero_deploy_nodb: {value}"));
}

/// The playbooks connect straight to the host; with a bastion as the only way in, SSH must
/// jump through it. Until its address is known the line stays commented, with a note.
fn bastion(d: &mut Doc, st: &Settings, s: &Strings) {
    let line = |address: &str| {
        let args = format!("-o ProxyJump={address}");
        format!("ansible_ssh_common_args: {}", yaml_quote(&args))
    };
    match st.get("bastion_host").map(jump_address) {
        Some(address) => {
            d.comment(6, s.get(key::config::inventory::BASTION));
            d.line(&format!("      {}", line(&address)));
        }
        None => {
            d.comment(6, s.get(key::config::inventory::BASTION_MISSING));
            d.line(&format!("      # {}", line("BASTION_ADDRESS")));
        }
    }
}

/// An address as ssh's ProxyJump takes it: IPv6 in brackets, names in ASCII.
fn jump_address(raw: &str) -> String {
    match raw.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(a)) => format!("[{a}]"),
        Ok(a) => a.to_string(),
        Err(_) => ascii_host(raw),
    }
}

/// With several application nodes, the one host entry stands for each of them: how to
/// repeat it, and that the configure step runs on one node only.
fn nodes(d: &mut Doc, st: &Settings, s: &Strings) {
    if st.several_nodes() {
        let nodes = st.scale.nodes.to_string();
        d.comment(
            0,
            &s.fill(key::config::inventory::NODES, &[("nodes", &nodes)]),
        );
    }
}
