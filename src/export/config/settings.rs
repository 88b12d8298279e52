//! The configuration answers of a plan, read once: what is shown, with the questionnaire's
//! defaults for what is shown but unanswered.

use crate::core::answer::Answer;
use crate::core::options::HostingOption;
use crate::core::questionnaire::{Answers, Questionnaire};
use crate::core::sizing::Sizing;
use crate::core::value_check::Shape;
use std::collections::HashMap;

/// How Primero is put on the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Install {
    Ansible,
    DockerOnly,
}

/// Where the site's TLS certificate comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tls {
    ExternalCa,
    LetsEncrypt,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Database {
    /// PostgreSQL in a container beside Primero.
    Container,
    /// Self-run PostgreSQL on a server of its own, because the sizing puts it there:
    /// configured like a managed one (no database container, `POSTGRES_HOSTNAME`).
    Server,
    Managed,
    Undecided,
}

/// What the sizing of the plan asks of the configuration: the nodes Primero runs on,
/// how Puma runs on each, and whether PostgreSQL has a machine of its own.
#[derive(Clone, Debug, PartialEq)]
pub struct Scale {
    /// Application nodes behind the load balancer; 1 for a single server.
    pub nodes: u32,
    /// Puma's settings (`WEB_CONCURRENCY`, `RAILS_MAX_THREADS`) when the sizing's advice
    /// differs from Primero's defaults; empty otherwise.
    pub puma: Vec<(&'static str, String)>,
    /// The sizing lists a PostgreSQL machine or service apart from the application.
    pub database_apart: bool,
}

impl Default for Scale {
    fn default() -> Self {
        Scale {
            nodes: 1,
            puma: Vec::new(),
            database_apart: false,
        }
    }
}

/// Puma's threads when `RAILS_MAX_THREADS` is unset: Primero's `config/puma.rb`.
pub const PRIMERO_PUMA_THREADS: u32 = 5;

impl Scale {
    /// What `sizing` asks of the configuration; the defaults without a sizing.
    pub fn from_sizing(sizing: Option<&Sizing>) -> Scale {
        let Some(sizing) = sizing else {
            return Scale::default();
        };
        let app = &sizing.app_server;
        // Primero's defaults are one Puma process (no WEB_CONCURRENCY) of 5 threads: only
        // advice that differs is written, and then both, so the file says what was sized.
        let puma = match &app.puma {
            Some(p) if p.workers > 1 || p.threads != PRIMERO_PUMA_THREADS => {
                let mut vars = Vec::new();
                if p.workers > 1 {
                    vars.push(("WEB_CONCURRENCY", p.workers.to_string()));
                }
                vars.push(("RAILS_MAX_THREADS", p.threads.to_string()));
                vars
            }
            _ => Vec::new(),
        };
        Scale {
            nodes: app.count.max(1),
            puma,
            database_apart: sizing.database.is_some(),
        }
    }
}

/// Where attachments are kept; the names are Primero's `PRIMERO_STORAGE_TYPE` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Storage {
    Local,
    Microsoft,
    Amazon,
    Minio,
}

impl Storage {
    pub fn type_name(self) -> &'static str {
        match self {
            Storage::Local => "local",
            Storage::Microsoft => "microsoft",
            Storage::Amazon => "amazon",
            Storage::Minio => "minio",
        }
    }
}

/// OpenFn, when integrations are used or planned.
#[derive(Clone, Debug, PartialEq)]
pub struct OpenFn {
    /// `saas`, `dedicated` or `self_hosted`; `None` while undecided.
    pub hosting: Option<String>,
    pub host: Option<String>,
    pub admin_email: Option<String>,
    /// `retain_all`, `retain_with_errors` or `erase_all`.
    pub retention: Option<String>,
    /// The label of that choice, for people.
    pub retention_label: Option<String>,
    pub history_days: Option<i64>,
    /// `basic`, `header_key` or `none`.
    pub webhook_auth: Option<String>,
}

impl OpenFn {
    pub fn self_hosted(&self) -> bool {
        self.hosting.as_deref() == Some("self_hosted")
    }
}

/// Everything the hand-over is made from.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub option: HostingOption,
    pub install: Install,
    pub tls: Tls,
    pub database: Database,
    pub storage: Storage,
    pub starttls: bool,
    /// Solr runs: GBV data is in scope, and Primero's GBV indicators need it.
    pub solr: bool,
    /// Whether Primero's account on a managed database may create databases; `None`
    /// when not known.
    pub db_can_create: Option<bool>,
    /// What the plan's sizing asks of the files; the defaults until [`Settings::with_sizing`].
    pub scale: Scale,
    /// Text answers by question id, for the questions of [`QUESTION_SHAPES`]; only those
    /// shown and answered (or defaulted).
    pub text: HashMap<&'static str, String>,
    pub openfn: Option<OpenFn>,
}

/// The questions whose answers go into the files as text, with the shape each must have;
/// [`Settings`] reads exactly these, and the checks in `validate` run on them.
pub const QUESTION_SHAPES: &[(&str, Shape)] = &[
    ("primero_host", Shape::PrimeroHost),
    ("certbot_email", Shape::Email),
    ("primero_release", Shape::Release),
    ("locales", Shape::Locales),
    ("ansible_user", Shape::LinuxUser),
    ("bastion_host", Shape::HostOrAddress),
    ("smtp_address", Shape::Host),
    ("smtp_port", Shape::Port),
    ("smtp_domain", Shape::Host),
    ("smtp_auth", Shape::SmtpAuth),
    ("mailer_notification_host", Shape::Host),
    ("mailer_default_from", Shape::Email),
    ("postgres_hostname", Shape::Host),
    ("storage_container", Shape::Bucket),
    ("storage_account", Shape::AzureAccount),
    ("storage_region", Shape::Region),
    ("storage_endpoint", Shape::Endpoint),
];

/// Reads answers as the questionnaire shows them.
struct Reader<'a> {
    q: &'a Questionnaire,
    answers: &'a Answers,
    shown: crate::core::questionnaire::Shown<'a>,
}

impl<'a> Reader<'a> {
    fn new(q: &'a Questionnaire, answers: &'a Answers) -> Self {
        Reader {
            q,
            answers,
            shown: q.visibility(answers),
        }
    }

    /// The answer when the question is shown, else nothing; the default when unanswered.
    fn get(&self, id: &str) -> Option<Answer> {
        if !self.shown.get(id).copied().unwrap_or(false) {
            return None;
        }
        self.answers
            .get(id)
            .cloned()
            .or_else(|| self.q.question(id).and_then(|x| x.default.clone()))
    }

    fn plain(&self, id: &str) -> Option<String> {
        self.get(id).map(|a| a.to_plain()).filter(|s| !s.is_empty())
    }

    /// The label of a chosen option.
    fn label(&self, id: &str) -> Option<String> {
        let chosen = self.plain(id)?;
        let question = self.q.question(id)?;
        question.option(&chosen).map(|o| o.label.clone())
    }

    fn int(&self, id: &str) -> Option<i64> {
        match self.get(id) {
            Some(Answer::Integer(n)) => Some(n),
            _ => None,
        }
    }
}

/// Whether the answers put gender-based violence data in scope.
fn holds_gbv_data(r: &Reader) -> bool {
    matches!(r.get("sensitive_data"), Some(Answer::Choices(kinds)) if kinds.iter().any(|k| k == GBV_DATA))
}

/// The `sensitive_data` option for gender-based violence incidents.
const GBV_DATA: &str = "gbv";

impl Settings {
    pub fn read(q: &Questionnaire, answers: &Answers, option: HostingOption) -> Settings {
        let r = Reader::new(q, answers);
        let choice = |id: &str| r.plain(id).unwrap_or_default();
        let text = QUESTION_SHAPES
            .iter()
            .filter_map(|(id, _)| r.plain(id).map(|v| (*id, v)))
            .collect();
        Settings {
            option,
            install: match choice("install_method").as_str() {
                "docker_only" => Install::DockerOnly,
                _ => Install::Ansible,
            },
            tls: match choice("tls_certificate").as_str() {
                "lets_encrypt" => Tls::LetsEncrypt,
                _ => Tls::ExternalCa,
            },
            database: match choice("database_hosting").as_str() {
                "managed" => Database::Managed,
                "self_run" => Database::Container,
                _ => Database::Undecided,
            },
            storage: match choice("attachment_storage").as_str() {
                "azure_blob" => Storage::Microsoft,
                "aws_s3" => Storage::Amazon,
                "minio" => Storage::Minio,
                _ => Storage::Local,
            },
            starttls: choice("smtp_starttls") != "off",
            solr: holds_gbv_data(&r),
            db_can_create: match choice("postgres_can_create_db").as_str() {
                "yes" => Some(true),
                "no" => Some(false),
                _ => None,
            },
            text,
            openfn: read_openfn(&r),
            scale: Scale::default(),
        }
    }

    /// The settings made to follow the plan's sizing: Puma's workers, the nodes, and a
    /// self-run PostgreSQL the sizing puts on a server of its own.
    pub fn with_sizing(mut self, sizing: Option<&Sizing>) -> Settings {
        self.scale = Scale::from_sizing(sizing);
        if self.database == Database::Container && self.scale.database_apart {
            self.database = Database::Server;
        }
        self
    }

    /// PostgreSQL runs away from Primero's servers, managed or on a server of its own:
    /// no database container, and Primero reaches it by `POSTGRES_HOSTNAME`.
    pub fn database_elsewhere(&self) -> bool {
        matches!(self.database, Database::Managed | Database::Server)
    }

    /// Primero runs on several nodes behind a load balancer.
    pub fn several_nodes(&self) -> bool {
        self.scale.nodes > 1
    }

    /// A text answer by question id.
    pub fn get(&self, id: &str) -> Option<&str> {
        self.text.get(id).map(String::as_str)
    }

    /// Whether the files for a local production site are written.
    pub fn local(&self) -> bool {
        self.option.has_local_production()
    }

    pub fn self_hosted_openfn(&self) -> Option<&OpenFn> {
        self.openfn
            .as_ref()
            .filter(|o| self.local() && o.self_hosted())
    }

    /// Interface languages, in order; the first is the default.
    pub fn locales(&self) -> Vec<&str> {
        self.get("locales")
            .map(|l| l.split(',').map(str::trim).collect())
            .unwrap_or_default()
    }
}

fn read_openfn(r: &Reader) -> Option<OpenFn> {
    let used = r.plain("openfn_used")?;
    if used == "no" {
        return None;
    }
    Some(OpenFn {
        hosting: r.plain("openfn_hosting"),
        host: r.plain("openfn_host"),
        admin_email: r.plain("openfn_admin_email"),
        retention: r.plain("openfn_retention"),
        retention_label: r.label("openfn_retention"),
        history_days: r.int("openfn_history_days"),
        webhook_auth: r.plain("openfn_webhook_auth"),
    })
}
