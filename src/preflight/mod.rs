//! `hostplan preflight`: the server delivered, checked against the plan before Primero is
//! installed on it.
//!
//! [`Target`] is what the plan asks of the server (its size, host name, mail relay and
//! database); each check compares what it finds on the machine with it and gives
//! [`Finding`]s, each pass, warn, fail or not checked, worded by the strings catalogue
//! (`preflight.*`). Checks read the machine through [`Probe`]: files under a root (`/`,
//! or a fixture in tests), the network with a timeout on every step. docs/preflight.md
//! lists every check, its threshold and its source.

#[cfg(target_os = "linux")]
mod handshake;
mod holders;
pub mod net;
pub mod postgres;
pub mod report;
pub mod smtp;
pub mod summary;
pub mod system;
pub mod target;
pub mod tls;

pub use target::Target;

use serde::Serialize;
use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

/// The checks, in the order they run and are reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    Resources,
    System,
    Docker,
    Ports,
    Dns,
    Tls,
    Smtp,
    Postgres,
    Clock,
    Outbound,
}

impl Check {
    pub const ALL: [Check; 10] = [
        Check::Resources,
        Check::System,
        Check::Docker,
        Check::Ports,
        Check::Dns,
        Check::Tls,
        Check::Smtp,
        Check::Postgres,
        Check::Clock,
        Check::Outbound,
    ];

    /// The name used by `--only`, `--skip` and the JSON report.
    pub fn name(self) -> &'static str {
        match self {
            Check::Resources => "resources",
            Check::System => "system",
            Check::Docker => "docker",
            Check::Ports => "ports",
            Check::Dns => "dns",
            Check::Tls => "tls",
            Check::Smtp => "smtp",
            Check::Postgres => "postgres",
            Check::Clock => "clock",
            Check::Outbound => "outbound",
        }
    }

    /// The catalogue key of the check's title in the report.
    pub fn title(self) -> &'static str {
        use crate::base::key::preflight::check as t;
        match self {
            Check::Resources => t::RESOURCES,
            Check::System => t::SYSTEM,
            Check::Docker => t::DOCKER,
            Check::Ports => t::PORTS,
            Check::Dns => t::DNS,
            Check::Tls => t::TLS,
            Check::Smtp => t::SMTP,
            Check::Postgres => t::POSTGRES,
            Check::Clock => t::CLOCK,
            Check::Outbound => t::OUTBOUND,
        }
    }

    pub fn from_name(name: &str) -> Option<Check> {
        Check::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// What a check found, from best to worst as the report sorts them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Pass,
    /// Could not be checked (no permission, no network, nothing to check against): never
    /// a pass, and said why.
    NotChecked,
    Warn,
    Fail,
}

/// One thing found: the check it belongs to, the verdict, what was found and, unless it
/// passed, what to do. `key` and `todo` are keys of the strings catalogue, `args` fill
/// their placeholders.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub check: Check,
    pub verdict: Verdict,
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
    /// Placeholders whose value is itself a text of the catalogue, by its key: worded in
    /// the language the finding is shown in, which may not be the run's (the appendix).
    pub texts: Vec<(&'static str, &'static str)>,
    pub todo: Option<&'static str>,
}

impl Finding {
    pub fn new(check: Check, verdict: Verdict, key: &'static str) -> Finding {
        Finding {
            check,
            verdict,
            key,
            args: Vec::new(),
            texts: Vec::new(),
            todo: None,
        }
    }

    pub fn pass(check: Check, key: &'static str) -> Finding {
        Finding::new(check, Verdict::Pass, key)
    }

    pub fn warn(check: Check, key: &'static str) -> Finding {
        Finding::new(check, Verdict::Warn, key)
    }

    pub fn fail(check: Check, key: &'static str) -> Finding {
        Finding::new(check, Verdict::Fail, key)
    }

    pub fn not_checked(check: Check, key: &'static str) -> Finding {
        Finding::new(check, Verdict::NotChecked, key)
    }

    pub fn arg(mut self, name: &'static str, value: impl ToString) -> Finding {
        self.args.push((name, value.to_string()));
        self
    }

    /// A placeholder filled with the catalogue's text `key`.
    pub fn text(mut self, name: &'static str, key: &'static str) -> Finding {
        self.texts.push((name, key));
        self
    }

    pub fn todo(mut self, key: &'static str) -> Finding {
        self.todo = Some(key);
        self
    }
}

/// How the machine is read: where its files are, how names resolve, how long a network
/// step may take, and what the command line added.
#[derive(Clone, Debug)]
pub struct Probe {
    /// `/` on the server; a fixture folder holding `proc/` and `etc/` in tests.
    pub root: PathBuf,
    /// Host names resolved to these addresses instead of asking DNS (`--resolve`).
    pub resolve: Vec<(String, IpAddr)>,
    /// The longest any one network step may take.
    pub timeout: Duration,
    /// Seconds since 1970: certificate dates and release support are judged against it.
    pub now: i64,
    /// `--db-url`: connect to PostgreSQL and read its version.
    pub db_url: Option<String>,
    /// `--send-test-mail TO`: send one message through the relay.
    pub send_test_mail: Option<String>,
    /// `--certificate FILE`: the certificate chain to check when nothing is served yet.
    pub certificate: Option<PathBuf>,
    /// The port the site serves HTTPS on: 443, another only in tests (`--https-port`).
    pub tls_port: u16,
}

impl Probe {
    /// A file of the machine, under the root.
    pub fn path(&self, absolute: &str) -> PathBuf {
        self.root.join(absolute.trim_start_matches('/'))
    }

    /// Whether the machine is the one running hostplan (not a fixture): only then can
    /// the live checks (sockets, the clock, programs) say anything about it.
    pub fn is_live(&self) -> bool {
        self.root == std::path::Path::new("/")
    }
}

/// The checks asked for: all, or those of `--only`, less those of `--skip`.
pub fn selected(only: &[Check], skip: &[Check]) -> Vec<Check> {
    Check::ALL
        .into_iter()
        .filter(|c| only.is_empty() || only.contains(c))
        .filter(|c| !skip.contains(c))
        .collect()
}

/// Runs the `checks` against the machine `probe` reads.
pub fn run(target: &Target, probe: &Probe, checks: &[Check]) -> Vec<Finding> {
    let mut found = Vec::new();
    for check in checks {
        found.extend(run_one(*check, target, probe));
    }
    found
}

fn run_one(check: Check, target: &Target, probe: &Probe) -> Vec<Finding> {
    match check {
        Check::Resources => system::resources(target, probe),
        Check::System => system::operating_system(probe),
        Check::Docker => system::docker(probe),
        Check::Ports => system::ports(target, probe),
        Check::Clock => system::clock(probe),
        Check::Dns => net::dns(target, probe),
        Check::Outbound => net::outbound(target, probe),
        Check::Tls => tls::check(target, probe),
        Check::Smtp => smtp::check(target, probe),
        Check::Postgres => postgres::check(target, probe),
    }
}

/// The verdict of a whole run: the worst finding (nothing checked counts as not checked).
pub fn verdict(found: &[Finding]) -> Verdict {
    found
        .iter()
        .map(|f| f.verdict)
        .max()
        .unwrap_or(Verdict::NotChecked)
}
