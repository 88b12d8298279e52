//! `hostplan preflight DIR`: what a configuration folder's hand-over summary
//! (`hostplan-config.toml`) asks of the server, for a team that has the folder on the
//! server but not the plan it was written from.

use super::target::{self, POSTGRES_PORT, Relay, RemoteDatabase, Server, Target};
use crate::base::diag::{Problem, Source, args};
use crate::base::key;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The parts of the summary the checks need; the rest of the file is for people.
#[derive(Deserialize)]
struct Summary {
    #[serde(default)]
    primero: Primero,
    #[serde(default)]
    mail: BTreeMap<String, String>,
    database: Option<Database>,
    #[serde(default)]
    servers: Vec<Machine>,
}

#[derive(Default, Deserialize)]
struct Primero {
    primero_host: Option<String>,
    tls_certificate: Option<String>,
}

#[derive(Deserialize)]
struct Database {
    hosting: String,
    #[serde(default)]
    own_server: bool,
    #[serde(rename = "POSTGRES_HOSTNAME")]
    host: Option<String>,
    #[serde(rename = "POSTGRES_PORT")]
    port: Option<String>,
}

#[derive(Deserialize)]
struct Machine {
    /// Absent in folders written before the id was added: the production application
    /// server was then, as now, the first.
    id: Option<String>,
    vcpu: u32,
    ram_gb: f64,
    disk_gb: u64,
}

/// What the summary `text` (read from `origin`) asks of the server; a problem at its line
/// and column when it cannot be read as a summary.
pub fn target(text: &str, origin: &str) -> Result<Target, Problem> {
    let summary: Summary = toml::from_str(text).map_err(|e| {
        let place = e
            .span()
            .map_or((0, 0), |r| Source::new(origin, text).locate(r.start));
        Problem::error(key::load::toml::SYNTAX, args(&[("reason", e.message())]))
            .help_at(key::load::toml_help::SYNTAX)
            .in_file(origin)
            .at(place)
    })?;
    Ok(from_summary(&summary))
}

fn from_summary(summary: &Summary) -> Target {
    let mut target = Target {
        server: server(&summary.servers),
        host: summary
            .primero
            .primero_host
            .clone()
            .filter(|h| !h.is_empty()),
        relay: relay(&summary.mail),
        database: summary.database.as_ref().and_then(database),
        outbound: Vec::new(),
    };
    if target.server.is_some() {
        let lets_encrypt = summary.primero.tls_certificate.as_deref() == Some("lets_encrypt");
        target.outbound = target::outbound(&target, lets_encrypt);
    }
    target
}

fn server(machines: &[Machine]) -> Option<Server> {
    let has = |id: &str| machines.iter().any(|m| m.id.as_deref() == Some(id));
    let app = machines
        .iter()
        .find(|m| m.id.as_deref() == Some("app_server"))
        .or_else(|| machines.first().filter(|m| m.id.is_none()))?;
    Some(Server {
        vcpu: app.vcpu,
        ram_gb: app.ram_gb,
        disk_gb: app.disk_gb,
        database_here: !has("database"),
        behind_load_balancer: has("load_balancer"),
    })
}

fn relay(mail: &BTreeMap<String, String>) -> Option<Relay> {
    let host = mail.get("SMTP_ADDRESS").filter(|h| !h.is_empty())?.clone();
    let port = mail
        .get("SMTP_PORT")
        .and_then(|p| p.parse().ok())
        .unwrap_or(587);
    Some(Relay {
        host,
        port,
        auth: mail.get("SMTP_AUTH").cloned(),
        starttls: mail.get("SMTP_STARTTLS_AUTO").is_some_and(|v| v == "true") && port != 465,
    })
}

fn database(db: &Database) -> Option<RemoteDatabase> {
    let managed = match db.hosting.as_str() {
        "managed" => true,
        "self_run" if db.own_server => false,
        _ => return None,
    };
    Some(RemoteDatabase {
        host: db.host.clone().filter(|h| !h.is_empty())?,
        port: db
            .port
            .as_deref()
            .and_then(|p| p.parse().ok())
            .unwrap_or(POSTGRES_PORT),
        managed,
    })
}
