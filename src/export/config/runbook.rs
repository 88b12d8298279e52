//! `RUNBOOK.md`: the install commands for this plan, in the order that works with
//! Primero's playbooks, each with what to check after it.
//!
//! The order is the point: with a certificate from an authority, the external-certs step
//! must run before the application step, whose check stops without the files; with Let's
//! Encrypt, certbot runs once the site is up; Lightning comes last. Which steps apply is
//! decided here from the same settings the other files are written from; the words are in
//! `assets/strings/runbook.toml`.

use super::settings::{Database, Install, Settings, Tls};
use super::{ascii_email, ascii_host};
use crate::base::key;
use crate::base::strings::Strings;

pub const RUNBOOK_FILE: &str = "RUNBOOK.md";

/// The steps for these settings, by their key in the catalogue, in order.
pub fn steps(st: &Settings) -> Vec<&'static str> {
    let mut out = vec!["ready"];
    match st.install {
        Install::Ansible => out.extend(ansible_steps(st)),
        Install::DockerOnly => out.extend(docker_steps(st)),
    }
    if st.self_hosted_openfn().is_some() {
        out.extend(["lightning_place", "lightning_migrate", "lightning_start"]);
    }
    out
}

fn ansible_steps(st: &Settings) -> Vec<&'static str> {
    let mut out = vec!["clone", "place", "bootstrap", "docker"];
    if st.tls == Tls::ExternalCa {
        out.push("external_certs");
    }
    if creates_database_first(st) {
        out.push("create_database");
    }
    out.extend(["env", "application"]);
    if st.tls == Tls::LetsEncrypt {
        out.push("certbot");
    }
    out
}

fn docker_steps(st: &Settings) -> Vec<&'static str> {
    let mut out = vec!["docker_copy", "docker_clone", "docker_place"];
    if st.tls == Tls::ExternalCa {
        out.push("docker_certs");
    }
    if creates_database_first(st) {
        out.push("create_database");
    }
    out.push("docker_start");
    if st.tls == Tls::LetsEncrypt {
        out.push("docker_certbot");
    }
    out
}

/// A managed database whose account may not create databases needs one made beforehand.
fn creates_database_first(st: &Settings) -> bool {
    st.database == Database::Managed && st.db_can_create == Some(false)
}

/// The runbook, or `None` when the plan runs no servers of its own.
pub fn render(st: &Settings, s: &Strings) -> Option<String> {
    if !st.local() {
        return None;
    }
    let host = st.get("primero_host").map(ascii_host).unwrap_or_default();
    let bastion = st.get("bastion_host").unwrap_or_default().to_string();
    // A Docker-only install asks for no deployment account; the usual cloud one stands in.
    let user = st.get("ansible_user").unwrap_or("ubuntu");
    let target = format!("{user}@{host}");
    let switch = |on: bool| if on { "true" } else { "false" };
    let args: Vec<(&str, String)> = vec![
        ("host", host.clone()),
        ("user", user.to_string()),
        (
            "release",
            st.get("primero_release").unwrap_or_default().to_string(),
        ),
        (
            "email",
            st.get("certbot_email").map(ascii_email).unwrap_or_default(),
        ),
        ("bastion", bastion.clone()),
        ("ssh", ssh_command(&target, &bastion)),
        ("scp_target", target.clone()),
        ("nodb", switch(st.database_elsewhere()).to_string()),
        ("solr", switch(st.solr).to_string()),
    ];
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut out = format!("{}\n\n", s.fill(key::runbook::TITLE, &args));
    out.push_str(&format!("{}\n\n", s.get(key::runbook::INTRO)));
    if st.install == Install::Ansible {
        let text = if bastion.is_empty() {
            s.fill(key::runbook::BASTION_MISSING, &args)
        } else {
            s.fill(key::runbook::BASTION_NOTE, &args)
        };
        out.push_str(&format!("{text}\n\n"));
    }
    for (n, step) in steps(st).into_iter().enumerate() {
        out.push_str(&step_text(n + 1, step, &args, s));
    }
    Some(out)
}

/// How to reach the server by hand: through the bastion when the plan names one.
fn ssh_command(target: &str, bastion: &str) -> String {
    if bastion.is_empty() {
        format!("ssh {target}")
    } else {
        format!("ssh -J {bastion} {target}")
    }
}

/// Each step's title, commands and check, under `[steps.KEY]` in the catalogue.
const STEPS: &str = key::runbook::steps::PREFIX;

fn step_text(n: usize, step: &str, args: &[(&str, &str)], s: &Strings) -> String {
    let part = |name: &str| s.fill(&format!("{STEPS}{step}.{name}"), args);
    let (title, commands, check) = (part("title"), part("commands"), part("check"));
    format!(
        "{}\n\n```sh\n{commands}\n```\n\n{}\n\n",
        s.fill(
            key::runbook::STEP_HEADING,
            &[("n", &n.to_string()), ("title", &title)]
        ),
        s.fill(key::runbook::CHECK, &[("text", &check)]),
    )
}
