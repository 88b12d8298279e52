//! What the plan asks of the server: the size of the production application server, the
//! host name Primero answers on, the mail relay, the database, and the places the install
//! must reach.

use crate::export::Context;
use crate::export::config::settings::{Database, Settings, Tls};
use serde::Serialize;

/// The production application server as sized for the plan.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Server {
    pub vcpu: u32,
    pub ram_gb: f64,
    pub disk_gb: u64,
    /// Whether PostgreSQL runs on this machine (its data then counts in the disk).
    pub database_here: bool,
    /// Application nodes behind a load balancer: the host name then points at the
    /// balancer, not at this machine.
    pub behind_load_balancer: bool,
}

/// The mail relay Primero sends through.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Relay {
    pub host: String,
    pub port: u16,
    /// The authentication method Primero is configured with (`login`, `plain`, ...).
    pub auth: Option<String>,
    /// STARTTLS is expected on the port (not for 465, where TLS starts at once).
    pub starttls: bool,
}

/// PostgreSQL when it runs on another machine or as a managed service.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RemoteDatabase {
    pub host: String,
    pub port: u16,
    pub managed: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Target {
    /// `None` for UNICEF-hosted production (SaaS): there is no server of the team's.
    pub server: Option<Server>,
    pub host: Option<String>,
    pub relay: Option<Relay>,
    pub database: Option<RemoteDatabase>,
    /// Host and port of every place the install must reach, with the catalogue key that
    /// names what it is for.
    pub outbound: Vec<(String, u16, &'static str)>,
}

/// The places every install reaches (docs/preflight.md names them and why).
const INSTALL_HOSTS: [(&str, u16, &str); 4] = [
    (
        "archive.ubuntu.com",
        80,
        crate::base::key::preflight::outbound::UBUNTU,
    ),
    (
        "registry-1.docker.io",
        443,
        crate::base::key::preflight::outbound::DOCKER,
    ),
    (
        "github.com",
        443,
        crate::base::key::preflight::outbound::GITHUB,
    ),
    (
        "acme-v02.api.letsencrypt.org",
        443,
        crate::base::key::preflight::outbound::LETS_ENCRYPT,
    ),
];

pub(super) const POSTGRES_PORT: u16 = 5432;

impl Target {
    /// What the analysed plan asks of its production server.
    pub fn from_plan(ctx: &Context) -> Target {
        let option = ctx.analysis.option;
        let sizing = ctx.analysis.sizing.as_ref();
        let settings =
            Settings::read(&ctx.model.questionnaire, &ctx.plan.answers, option).with_sizing(sizing);
        let server = sizing.map(|s| Server {
            vcpu: s.app_server.vcpu,
            ram_gb: s.app_server.ram_gb,
            disk_gb: s.app_server.disk_gb,
            database_here: s.database.is_none(),
            behind_load_balancer: s.load_balancer.is_some(),
        });
        let mut target = Target {
            server,
            host: settings.get("primero_host").map(str::to_string),
            relay: relay(&settings),
            database: database(&settings),
            outbound: Vec::new(),
        };
        if target.server.is_some() {
            target.outbound = outbound(&target, settings.tls == Tls::LetsEncrypt);
        }
        target
    }
}

fn relay(settings: &Settings) -> Option<Relay> {
    let host = settings.get("smtp_address")?.to_string();
    let port = settings
        .get("smtp_port")
        .and_then(|p| p.parse().ok())
        .unwrap_or(587);
    Some(Relay {
        host,
        port,
        auth: settings.get("smtp_auth").map(str::to_string),
        starttls: settings.starttls && port != 465,
    })
}

fn database(settings: &Settings) -> Option<RemoteDatabase> {
    let managed = match settings.database {
        Database::Managed => true,
        Database::Server => false,
        Database::Container | Database::Undecided => return None,
    };
    let host = settings.get("postgres_hostname")?.to_string();
    Some(RemoteDatabase {
        host,
        port: POSTGRES_PORT,
        managed,
    })
}

/// The places the install reaches: Let's Encrypt only when it issues the certificate.
pub(super) fn outbound(target: &Target, lets_encrypt: bool) -> Vec<(String, u16, &'static str)> {
    let mut out: Vec<(String, u16, &'static str)> = INSTALL_HOSTS
        .iter()
        .filter(|(host, ..)| lets_encrypt || !host.contains("letsencrypt"))
        .map(|(host, port, key)| (host.to_string(), *port, *key))
        .collect();
    if let Some(r) = &target.relay {
        out.push((
            r.host.clone(),
            r.port,
            crate::base::key::preflight::outbound::SMTP,
        ));
    }
    if let Some(d) = &target.database {
        out.push((
            d.host.clone(),
            d.port,
            crate::base::key::preflight::outbound::DATABASE,
        ));
    }
    out
}
