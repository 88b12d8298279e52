//! Server sizing from expected records, users, attachments and growth.
//!
//! The anchor's server is split into PostgreSQL's part, which grows with the load, and
//! the application's, which grows by Puma workers for the requests the users keep in
//! flight. Above stated thresholds PostgreSQL leaves the application server and the
//! application spreads over nodes behind a load balancer; every sizing gets a backup
//! target, the operating system and the outbound access the servers need.
//!
//! The figures are data (`assets/sizing.toml`, or an edited copy); docs/sizing.md gives
//! the source of each and says which are assumptions. The words (server names, notes,
//! assumptions, input problems) come from the strings catalogue passed in: the shipped
//! one keeps them in `assets/strings/sizing.toml`. The arithmetic is pure: no files, no
//! clock. When records, users, attachments, growth, years or backup copies grow, no server
//! disappears, no count falls and the totals over every machine never shrink; a machine
//! gets smaller only when a threshold hands part of its work to another. None falls below
//! the published floors.

use crate::base::key;
mod assumptions;
mod read;

use crate::base::formats::{group_thousands, human_decimal};
use crate::base::strings::Strings;
use crate::core::answer::Answer;
use crate::core::options::HostingOption;
use crate::core::questionnaire::Answers;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The shipped sizing figures.
pub const BUILTIN_SIZING: &str = include_str!("../../../assets/sizing.toml");
/// The name the shipped figures are reported under.
pub const BUILTIN_ORIGIN: &str = "assets/sizing.toml";

/// The most records an input may give at the start.
pub const MAX_RECORDS: u64 = 1_000_000_000;
/// The most active users an input may give.
pub const MAX_USERS: u64 = 10_000_000;
/// The largest attachment size per record an input may give, in MB: Primero's default
/// limits (100 files of at most 20 MB) allow about this much.
pub const MAX_ATTACHMENT_MB: f64 = 2000.0;
/// The largest yearly growth an input may give, in percent.
pub const MAX_GROWTH_PCT: f64 = 500.0;
/// The longest programme an input may give, in years.
pub const MAX_YEARS: u32 = 50;
/// The most backup copies an input may give.
pub const MAX_BACKUP_COPIES: u32 = 10_000;
/// The lowest availability target an input may give, in percent (100 itself is excluded).
pub const MIN_AVAILABILITY_PCT: f64 = 90.0;

/// The sizing figures, read from `assets/sizing.toml` or an edited copy, each field by
/// its key in the file: a new figure is one field here. A number may be from 0 to 1e9, and
/// `deserialize_with` narrows it to a whole number or one above 0; a list holds sizes that
/// increase. Only [`SizingRules::parse`] makes one, so the figures always passed its
/// checks: the narrowed figures refuse every deserialiser but its own, which checks each
/// value against its field and reports every problem with its place.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct SizingRules {
    #[serde(deserialize_with = "read::positive_whole")]
    anchor_records: f64,
    #[serde(deserialize_with = "read::positive_whole")]
    anchor_users: f64,
    #[serde(deserialize_with = "read::positive_whole")]
    anchor_vcpu: f64,
    #[serde(deserialize_with = "read::positive")]
    anchor_ram_gb: f64,
    #[serde(deserialize_with = "read::positive_whole")]
    anchor_disk_gb: f64,
    #[serde(deserialize_with = "read::positive")]
    floor_ram_gb: f64,
    #[serde(deserialize_with = "read::positive_whole")]
    floor_vcpu: f64,
    scaling_exponent: f64,
    max_load: f64,
    #[serde(deserialize_with = "read::positive")]
    database_share: f64,
    separate_database_load: f64,
    peak_active_share: f64,
    requests_per_user_minute: f64,
    seconds_per_request: f64,
    #[serde(deserialize_with = "read::positive_whole")]
    puma_threads: f64,
    #[serde(deserialize_with = "read::positive")]
    puma_worker_vcpu: f64,
    #[serde(deserialize_with = "read::positive")]
    puma_worker_ram_gb: f64,
    #[serde(deserialize_with = "read::positive_whole")]
    max_workers_per_node: f64,
    #[serde(deserialize_with = "read::whole")]
    job_processes_per_node: f64,
    #[serde(deserialize_with = "read::positive_whole")]
    database_pool: f64,
    system_disk_gb: f64,
    database_kb_per_record: f64,
    disk_headroom: f64,
    #[serde(deserialize_with = "read::positive_whole")]
    disk_step_gb: f64,
    #[serde(deserialize_with = "read::whole")]
    document_backup_copies: f64,
    blob_advice_disk_gb: f64,
    #[serde(deserialize_with = "read::whole")]
    database_floor_disk_gb: f64,
    #[serde(deserialize_with = "read::positive_whole")]
    load_balancer_vcpu: f64,
    #[serde(deserialize_with = "read::positive")]
    load_balancer_ram_gb: f64,
    #[serde(deserialize_with = "read::positive_whole")]
    load_balancer_disk_gb: f64,
    #[serde(deserialize_with = "read::whole")]
    backup_floor_disk_gb: f64,
    #[serde(deserialize_with = "read::positive_whole")]
    bastion_vcpu: f64,
    #[serde(deserialize_with = "read::positive")]
    bastion_ram_gb: f64,
    #[serde(deserialize_with = "read::positive_whole")]
    bastion_disk_gb: f64,
    #[serde(deserialize_with = "read::positive_whole")]
    sample_disk_gb: f64,
    #[serde(deserialize_with = "read::positive_whole")]
    openfn_app_vcpu: f64,
    #[serde(deserialize_with = "read::positive")]
    openfn_app_ram_gb: f64,
    #[serde(deserialize_with = "read::positive_whole")]
    openfn_app_disk_gb: f64,
    #[serde(deserialize_with = "read::positive_whole")]
    openfn_db_vcpu: f64,
    #[serde(deserialize_with = "read::positive")]
    openfn_db_ram_gb: f64,
    #[serde(deserialize_with = "read::positive_whole")]
    openfn_db_disk_gb: f64,
    #[serde(deserialize_with = "read::positive")]
    hours_per_year: f64,
    single_server_availability_pct: f64,
    vcpu_steps: Vec<f64>,
    ram_steps_gb: Vec<f64>,
}

impl SizingRules {
    /// One single-number figure by its key in the TOML file.
    pub fn figure(&self, key: &str) -> Option<f64> {
        serde_json::to_value(self).ok()?.get(key)?.as_f64()
    }
}

/// Disks are never reported above this many GB, whatever the input.
const DISK_MAX_GB: f64 = 1e12;
/// The processor architecture of every server: the Docker installation Primero's
/// playbooks use sets up amd64 packages only.
pub const ARCHITECTURE: &str = "x86_64";

/// What sizing is computed from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SizingInput {
    /// Case records at the start of the programme, or at the end of its first year when
    /// `records_after_first_year` is set (what the plan's question asks).
    pub records: u64,
    /// `records` counts the end of the first year, not the start: the projection then
    /// compounds one year fewer to reach the end of the programme.
    pub records_after_first_year: bool,
    /// Active users.
    pub users: u64,
    /// Average attachments per record, in MB.
    pub attachment_mb: f64,
    /// Yearly growth of the records, in percent.
    pub growth_pct: f64,
    /// Years the programme runs; servers are sized for the end of the last one.
    pub years: u32,
    /// Database backup copies kept (whole dumps).
    pub backup_copies: u32,
    /// PostgreSQL is a managed service rather than a container on the application server.
    pub managed_db: bool,
    /// Attachments go to blob storage (Azure Blob, S3, MinIO) rather than the server disk.
    pub blob_storage: bool,
    /// OpenFn Lightning is self-hosted.
    pub openfn_self_hosted: bool,
    /// Tier 4: a non-production sample infrastructure for UNICEF's delivery tests. Also
    /// what tells Tier 4 apart: only then does UNICEF's delivery pipeline reach the servers.
    pub sample_infrastructure: bool,
    /// Fully local: the team runs its own non-production demo site besides production.
    pub demo_site: bool,
    /// Availability target, in percent.
    pub availability_pct: f64,
    /// The Ubuntu LTS release to install, such as "26.04", when known: a plan's work plan
    /// picks it from its start date. Only named in the output, never sized by.
    pub ubuntu_release: Option<String>,
    /// The SMTP relay the servers send mail through, and its port, when known.
    pub smtp_relay: Option<String>,
    pub smtp_port: Option<u32>,
    /// Whether Let's Encrypt issues the certificate; `None` when not known.
    pub lets_encrypt: Option<bool>,
    /// The systems OpenFn exchanges data with, as the plan words them, when known: a
    /// self-hosted Lightning must reach them.
    pub openfn_systems: Option<String>,
    /// Primero's public host name, when known: a self-hosted Lightning calls its API there.
    pub primero_host: Option<String>,
}

/// One server (or service) to procure.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Server {
    pub role: String,
    /// Machines of this size: more than 1 only for application nodes behind a load
    /// balancer. CPU, memory and disk are each machine's.
    pub count: u32,
    pub vcpu: u32,
    /// Whole GB, except for OpenFn's published 3.75 GB.
    pub ram_gb: f64,
    pub disk_gb: u64,
    pub note: String,
    /// How Puma runs on each machine: only on the application server.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub puma: Option<Puma>,
}

/// Primero's web server on each application node. Primero's `config/puma.rb` reads the
/// threads from `RAILS_MAX_THREADS`; it sets no workers, so Puma takes them from
/// `WEB_CONCURRENCY`, and without it runs one process (single mode).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Puma {
    /// Worker processes on each node; 1 is Puma's single mode.
    pub workers: u32,
    /// Threads in each worker.
    pub threads: u32,
    /// Requests in flight at the busiest moment, over every node.
    pub requests_in_flight: f64,
    /// Connections PostgreSQL must accept from every node: each Rails process (Puma
    /// workers and background-job workers) may open a full pool.
    pub database_connections: u32,
    /// What to set in Primero's `local.env` on each node.
    pub env: BTreeMap<&'static str, String>,
    /// The same for people.
    pub text: String,
}

/// What the servers run on and what they must reach.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Platform {
    /// The operating system for every server the team runs, for people.
    pub os: String,
    /// The processor architecture: Primero's Docker installation is for amd64 only.
    pub architecture: &'static str,
    /// Outbound access the servers need, each with an id that stays the same when the
    /// words change.
    pub outbound: Vec<Outbound>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Outbound {
    pub id: &'static str,
    pub text: String,
}

/// Storage at the end of one year of the programme.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct YearStorage {
    /// 0 is the start, 1 the end of the first year; the last is the end of the
    /// programme. A projection from records counted at the end of the first year starts
    /// at 1.
    pub year: u32,
    pub records: u64,
    pub database_gb: f64,
    pub attachments_gb: f64,
    pub backups_gb: f64,
    pub total_gb: f64,
}

/// The servers to procure, the storage projection and the downtime allowed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sizing {
    /// The inputs as sized (out-of-range values brought into range).
    pub input: SizingInput,
    /// Load relative to the published anchor (1 means at or below it), after the cap.
    pub load: f64,
    /// The production application server: several identical nodes when `count` is above 1.
    pub app_server: Server,
    /// In front of the application nodes when there are several.
    pub load_balancer: Option<Server>,
    /// PostgreSQL apart from the application: the managed service to order, or a server
    /// of its own. `None` when PostgreSQL runs on the application server, whose disk then
    /// holds the database.
    pub database: Option<Server>,
    /// Shared storage for the attachments when several nodes must reach them and they are
    /// not in blob storage.
    pub attachment_storage: Option<Server>,
    /// Where the backups go, away from production.
    pub backup_target: Server,
    pub bastion: Server,
    /// Tier 4 only.
    pub sample_infrastructure: Option<Server>,
    /// Fully local only: the team's own non-production demo site.
    pub demo_site: Option<Server>,
    /// Self-hosted OpenFn only.
    pub openfn_app: Option<Server>,
    pub openfn_database: Option<Server>,
    pub platform: Platform,
    pub storage_by_year: Vec<YearStorage>,
    pub downtime_hours_per_year: f64,
    pub assumptions: Vec<String>,
}

impl Default for SizingInput {
    fn default() -> Self {
        SizingInput {
            records: 0,
            users: 0,
            attachment_mb: 4.0,
            growth_pct: 10.0,
            years: 3,
            backup_copies: 14,
            records_after_first_year: false,
            managed_db: false,
            blob_storage: false,
            openfn_self_hosted: false,
            sample_infrastructure: false,
            demo_site: false,
            availability_pct: 99.0,
            ubuntu_release: None,
            smtp_relay: None,
            smtp_port: None,
            lets_encrypt: None,
            openfn_systems: None,
            primero_host: None,
        }
    }
}

impl Sizing {
    /// A server's name for lists: its role, with the number of machines when there are
    /// several.
    pub fn label(server: &Server, s: &Strings) -> String {
        if server.count > 1 {
            s.fill(
                key::sizing::COUNTED,
                &[("count", &server.count.to_string()), ("role", &server.role)],
            )
        } else {
            server.role.clone()
        }
    }

    /// Every server to procure, in the order people read them.
    pub fn servers(&self) -> Vec<&Server> {
        self.named_servers().into_iter().map(|(_, s)| s).collect()
    }

    /// The servers to procure, each with the id of its place in the sizing, in order.
    pub fn named_servers(&self) -> Vec<(&'static str, &Server)> {
        [
            ("app_server", Some(&self.app_server)),
            ("load_balancer", self.load_balancer.as_ref()),
            ("database", self.database.as_ref()),
            ("attachment_storage", self.attachment_storage.as_ref()),
            ("backup_target", Some(&self.backup_target)),
            ("bastion", Some(&self.bastion)),
            ("sample_infrastructure", self.sample_infrastructure.as_ref()),
            ("demo_site", self.demo_site.as_ref()),
            ("openfn_app", self.openfn_app.as_ref()),
            ("openfn_database", self.openfn_database.as_ref()),
        ]
        .into_iter()
        .filter_map(|(id, server)| Some((id, server?)))
        .collect()
    }
}

impl SizingInput {
    /// The inputs a plan's answers give, with defaults for what is unanswered.
    pub fn from_answers(answers: &Answers, option: HostingOption) -> SizingInput {
        let int = |id: &str| match answers.get(id) {
            Some(Answer::Integer(n)) => Some((*n).max(0) as u64),
            _ => None,
        };
        let dec = |id: &str| match answers.get(id) {
            Some(Answer::Decimal(x)) => Some(*x),
            Some(Answer::Integer(n)) => Some(*n as f64),
            _ => None,
        };
        let choice = |id: &str| match answers.get(id) {
            Some(Answer::Choice(c)) => c.as_str(),
            _ => "",
        };
        let text = |id: &str| match answers.get(id) {
            Some(Answer::Text(t)) if !t.trim().is_empty() => Some(t.trim().to_string()),
            _ => None,
        };
        let d = SizingInput::default();
        let openfn_used = matches!(choice("openfn_used"), "yes" | "planned");
        let tls = choice("tls_certificate");
        SizingInput {
            records: int("expected_records").unwrap_or(d.records),
            // The question asks for the records at the end of the first year.
            records_after_first_year: true,
            users: int("active_users").unwrap_or(d.users),
            attachment_mb: dec("attachment_mb_per_record").unwrap_or(d.attachment_mb),
            growth_pct: dec("yearly_growth_pct").unwrap_or(d.growth_pct),
            years: int("duration_years").map_or(d.years, |y| y.min(MAX_YEARS as u64) as u32),
            backup_copies: int("backup_copies")
                .map_or(d.backup_copies, |c| c.min(MAX_BACKUP_COPIES as u64) as u32),
            // "undecided" sizes as self-run: the application disk then holds the database.
            managed_db: choice("database_hosting") == "managed",
            blob_storage: matches!(
                choice("attachment_storage"),
                "azure_blob" | "aws_s3" | "minio"
            ),
            openfn_self_hosted: openfn_used && choice("openfn_hosting") == "self_hosted",
            sample_infrastructure: option == HostingOption::Tier4,
            demo_site: option == HostingOption::Local,
            availability_pct: dec("availability_target_pct").unwrap_or(d.availability_pct),
            ubuntu_release: None,
            smtp_relay: text("smtp_address"),
            smtp_port: int("smtp_port").and_then(|p| u32::try_from(p).ok()),
            lets_encrypt: (!tls.is_empty()).then(|| tls == "lets_encrypt"),
            openfn_systems: text("openfn_systems").filter(|_| openfn_used),
            primero_host: text("primero_host"),
        }
    }

    /// What is wrong with the inputs, one sentence each; empty when they can be sized
    /// as given. [`SizingRules::size`] brings such inputs into range instead of failing.
    pub fn problems(&self, s: &Strings) -> Vec<String> {
        self.problems_by_field(s)
            .into_iter()
            .map(|(_, text)| text)
            .collect()
    }

    /// [`SizingInput::problems`], each with the field it is about (`availability_pct`, ...),
    /// so the command line can name the flag that set it.
    pub fn problems_by_field(&self, s: &Strings) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let mut push = |key: &'static str, (name, limit): (&str, String), given: String| {
            let field = key.rsplit('.').next().unwrap_or(key);
            out.push((field, s.fill(key, &[(name, &limit), ("given", &given)])));
        };
        if self.records > MAX_RECORDS {
            push(
                key::sizing::problem::RECORDS,
                ("max", group_thousands(MAX_RECORDS as i64)),
                group_thousands(clamp_i64(self.records as f64)),
            );
        }
        if self.users > MAX_USERS {
            push(
                key::sizing::problem::USERS,
                ("max", group_thousands(MAX_USERS as i64)),
                group_thousands(clamp_i64(self.users as f64)),
            );
        }
        let number = |x: f64| {
            if x.is_finite() {
                human_decimal(x)
            } else {
                s.get(key::sizing::problem::NOT_A_NUMBER).to_string()
            }
        };
        if !(self.attachment_mb.is_finite()
            && (0.0..=MAX_ATTACHMENT_MB).contains(&self.attachment_mb))
        {
            push(
                key::sizing::problem::ATTACHMENT_MB,
                ("max", group_thousands(MAX_ATTACHMENT_MB as i64)),
                number(self.attachment_mb),
            );
        }
        if !(self.growth_pct.is_finite() && (0.0..=MAX_GROWTH_PCT).contains(&self.growth_pct)) {
            push(
                key::sizing::problem::GROWTH_PCT,
                ("max", human_decimal(MAX_GROWTH_PCT)),
                number(self.growth_pct),
            );
        }
        if !(self.availability_pct.is_finite()
            && (MIN_AVAILABILITY_PCT..100.0).contains(&self.availability_pct))
        {
            push(
                key::sizing::problem::AVAILABILITY_PCT,
                ("min", human_decimal(MIN_AVAILABILITY_PCT)),
                number(self.availability_pct),
            );
        }
        if self.years > MAX_YEARS {
            push(
                key::sizing::problem::YEARS,
                ("max", MAX_YEARS.to_string()),
                self.years.to_string(),
            );
        }
        if self.backup_copies > MAX_BACKUP_COPIES {
            push(
                key::sizing::problem::BACKUP_COPIES,
                ("max", group_thousands(MAX_BACKUP_COPIES as i64)),
                group_thousands(self.backup_copies as i64),
            );
        }
        out
    }

    /// The inputs brought into the ranges [`SizingInput::problems`] accepts: a value that
    /// is not a number takes its default, and others are clamped.
    fn in_range(&self) -> SizingInput {
        let d = SizingInput::default();
        let clamp = |x: f64, default: f64, lo: f64, hi: f64| {
            if x.is_finite() {
                x.clamp(lo, hi)
            } else {
                default
            }
        };
        SizingInput {
            records: self.records.min(MAX_RECORDS),
            users: self.users.min(MAX_USERS),
            attachment_mb: clamp(self.attachment_mb, d.attachment_mb, 0.0, MAX_ATTACHMENT_MB),
            growth_pct: clamp(self.growth_pct, d.growth_pct, 0.0, MAX_GROWTH_PCT),
            // Records counted at the end of the first year are sized for that year at least.
            years: self
                .years
                .min(MAX_YEARS)
                .max(u32::from(self.records_after_first_year)),
            backup_copies: self.backup_copies.min(MAX_BACKUP_COPIES),
            availability_pct: clamp(
                self.availability_pct,
                d.availability_pct,
                MIN_AVAILABILITY_PCT,
                100.0,
            ),
            ..self.clone()
        }
    }
}

/// Storage at the end of a year, unrounded.
#[derive(Clone, Copy, Debug)]
struct Volumes {
    records: f64,
    database_gb: f64,
    attachments_gb: f64,
    backups_gb: f64,
}

/// How the application is spread: Puma workers, nodes, and whether PostgreSQL has a
/// machine of its own.
#[derive(Clone, Copy, Debug)]
struct Shape {
    /// Requests in flight at the busiest moment, over every node.
    in_flight: f64,
    /// Puma workers the requests need, over every node.
    workers: u32,
    /// Workers on each node.
    per_node: u32,
    nodes: u32,
    /// One node more than the load needs, for the availability target.
    spare: bool,
    /// PostgreSQL is off the application server, and whether the load alone puts it there.
    database_apart: bool,
    database_by_load: bool,
}

/// What the assumptions are written from.
struct Facts<'a> {
    input: &'a SizingInput,
    end: &'a Volumes,
    load: f64,
    capped: bool,
    shape: &'a Shape,
    /// The disk of the machine holding the attachments, when they are not in blob storage.
    attachment_disk_gb: u64,
}

impl SizingRules {
    /// Sizes every server role and projects storage year by year; the names, notes and
    /// assumptions are in the words of `s`.
    pub fn size(&self, input: &SizingInput, s: &Strings) -> Sizing {
        let input = input.in_range();
        // The projection starts where the records are counted: at the start, or at the end
        // of the first year (a plan's answer), never before what the inputs know.
        let first = u32::from(input.records_after_first_year);
        let years: Vec<(u32, Volumes)> = (first..=input.years)
            .map(|y| (y, self.volumes(&input, y)))
            .collect();
        let end = years.last().expect("the last year is always projected").1;
        let (load, capped) = self.load(&input, &end);
        let shape = self.shape(&input, load);
        let app = self.app_server(&input, &end, load, &shape, s);
        let attachment_storage =
            (shape.nodes > 1 && !input.blob_storage).then(|| self.attachment_storage(&end, s));
        let facts = Facts {
            input: &input,
            end: &end,
            load,
            capped,
            shape: &shape,
            attachment_disk_gb: attachment_storage
                .as_ref()
                .map_or(app.disk_gb, |x| x.disk_gb),
        };
        let assumptions = self.assumptions(&facts, s);
        Sizing {
            load: round2(load),
            load_balancer: (shape.nodes > 1).then(|| self.load_balancer(&shape, s)),
            database: shape
                .database_apart
                .then(|| self.database(&input, &end, load, &shape, s)),
            attachment_storage,
            backup_target: self.backup_target(&end, s),
            app_server: app,
            bastion: self.bastion(&input, s),
            sample_infrastructure: input.sample_infrastructure.then(|| {
                fixed(
                    s,
                    (
                        key::sizing::role::SAMPLE_INFRASTRUCTURE,
                        key::sizing::note::SAMPLE_INFRASTRUCTURE,
                    ),
                    (self.floor_vcpu, self.floor_ram_gb, self.sample_disk_gb),
                )
            }),
            demo_site: input.demo_site.then(|| self.demo_site(s)),
            openfn_app: input.openfn_self_hosted.then(|| {
                fixed(
                    s,
                    (key::sizing::role::OPENFN_APP, key::sizing::note::OPENFN_APP),
                    (
                        self.openfn_app_vcpu,
                        self.openfn_app_ram_gb,
                        self.openfn_app_disk_gb,
                    ),
                )
            }),
            openfn_database: input.openfn_self_hosted.then(|| {
                fixed(
                    s,
                    (
                        key::sizing::role::OPENFN_DATABASE,
                        key::sizing::note::OPENFN_DATABASE,
                    ),
                    (
                        self.openfn_db_vcpu,
                        self.openfn_db_ram_gb,
                        self.openfn_db_disk_gb,
                    ),
                )
            }),
            platform: self.platform(&input, &shape, s),
            storage_by_year: years.iter().map(|(y, v)| year_storage(*y, v)).collect(),
            downtime_hours_per_year: round2(
                (100.0 - input.availability_pct) / 100.0 * self.hours_per_year,
            ),
            assumptions,
            input,
        }
    }

    /// Records, database, attachments and backups at the end of year `year`.
    fn volumes(&self, input: &SizingInput, year: u32) -> Volumes {
        let growth = 1.0 + input.growth_pct / 100.0;
        // Records counted at the end of the first year are that year's: one year less of
        // growth to any later year, and one year of it taken off the start.
        let counted = i32::from(input.records_after_first_year);
        let records = input.records as f64 * growth.powi(year as i32 - counted);
        let database_gb = records * self.database_kb_per_record / (1024.0 * 1024.0);
        let attachments_gb = records * input.attachment_mb / 1024.0;
        let backups_gb =
            database_gb * input.backup_copies as f64 + attachments_gb * self.document_backup_copies;
        Volumes {
            records,
            database_gb,
            attachments_gb,
            backups_gb,
        }
    }

    /// The load relative to the anchor, never below 1, and whether the cap cut it.
    fn load(&self, input: &SizingInput, end: &Volumes) -> (f64, bool) {
        let by_records = end.records / self.anchor_records;
        let by_users = input.users as f64 / self.anchor_users;
        let load = by_records.max(by_users).max(1.0);
        (load.min(self.max_load), load > self.max_load)
    }

    /// Requests in flight at the busiest moment (Little's law: arrivals a second times
    /// seconds each), from the active users.
    fn in_flight(&self, users: f64) -> f64 {
        users * self.peak_active_share * self.requests_per_user_minute / 60.0
            * self.seconds_per_request
    }

    /// Puma workers for the requests in flight: each serves as many as it has threads.
    fn workers(&self, in_flight: f64) -> u32 {
        (in_flight / self.puma_threads)
            .ceil()
            .clamp(1.0, u32::MAX as f64) as u32
    }

    /// Puma workers from the users' requests, the nodes they need, and whether PostgreSQL
    /// leaves the application server.
    fn shape(&self, input: &SizingInput, load: f64) -> Shape {
        // Users past the load cap add nothing, as records past it add nothing.
        let users = (input.users as f64).min(self.anchor_users * self.max_load);
        let in_flight = self.in_flight(users);
        let workers = self.workers(in_flight);
        let max = self.max_workers_per_node as u32;
        let spare = input.availability_pct > self.single_server_availability_pct;
        let nodes = workers.div_ceil(max).saturating_add(u32::from(spare));
        let database_by_load = load >= self.separate_database_load;
        Shape {
            in_flight,
            workers,
            per_node: workers.min(max),
            nodes,
            spare,
            // Several nodes cannot share a database that lives on one of them.
            database_apart: input.managed_db || database_by_load || nodes > 1,
            database_by_load,
        }
    }

    /// The application's part of the anchor left after the anchor's own Puma workers:
    /// Ubuntu, Docker, nginx and the background-job worker, on every node.
    fn app_base(&self) -> (f64, f64) {
        let workers = f64::from(self.workers(self.in_flight(self.anchor_users)));
        let share = 1.0 - self.database_share;
        (
            (self.anchor_vcpu * share - workers * self.puma_worker_vcpu).max(0.0),
            (self.anchor_ram_gb * share - workers * self.puma_worker_ram_gb).max(0.0),
        )
    }

    /// PostgreSQL's part of the anchor, grown with the load: CPU and memory.
    fn database_part(&self, load: f64) -> (f64, f64) {
        let grown = self.database_share * load.powf(self.scaling_exponent);
        (self.anchor_vcpu * grown, self.anchor_ram_gb * grown)
    }

    fn app_server(
        &self,
        input: &SizingInput,
        end: &Volumes,
        load: f64,
        shape: &Shape,
        s: &Strings,
    ) -> Server {
        let (base_vcpu, base_ram) = self.app_base();
        let workers = f64::from(shape.per_node);
        let mut vcpu = base_vcpu + workers * self.puma_worker_vcpu;
        let mut ram = base_ram + workers * self.puma_worker_ram_gb;
        let mut held = self.system_disk_gb;
        let mut holds = Vec::new();
        // With several nodes the attachments live where every node reaches them.
        if !input.blob_storage && shape.nodes == 1 {
            held += end.attachments_gb;
            holds.push(s.get(key::sizing::holds::ATTACHMENTS));
        }
        if !shape.database_apart {
            let (db_vcpu, db_ram) = self.database_part(load);
            vcpu += db_vcpu;
            ram += db_ram;
            held += end.database_gb;
            holds.push(s.get(key::sizing::holds::DATABASE));
        }
        let puma = self.puma(shape, s);
        let note = s.fill(
            key::sizing::note::WITH_PUMA,
            &[
                ("note", &self.app_note(&holds, shape, s)),
                ("puma", &puma.text),
            ],
        );
        Server {
            role: s.get(key::sizing::role::APP_SERVER).to_string(),
            count: shape.nodes,
            // Production never goes below the published anchor.
            vcpu: self.vcpu(vcpu).max(self.anchor_vcpu as u32),
            ram_gb: self.ram(ram).max(self.anchor_ram_gb),
            disk_gb: self.disk(held).max(self.anchor_disk_gb as u64),
            note,
            puma: Some(puma),
        }
    }

    /// What the application server holds, or that it is one of several nodes.
    fn app_note(&self, holds: &[&str], shape: &Shape, s: &Strings) -> String {
        if shape.nodes > 1 {
            return s.fill(
                key::sizing::note::APP_NODES,
                &[("nodes", &shape.nodes.to_string())],
            );
        }
        match holds.split_first() {
            None => s
                .get(key::sizing::note::APP_SERVER_HOLDS_NOTHING)
                .to_string(),
            Some((first, rest)) => {
                let holds = rest.iter().fold(first.to_string(), |list, next| {
                    s.fill(
                        key::sizing::holds::AND,
                        &[("first", &list), ("second", next)],
                    )
                });
                s.fill(
                    key::sizing::note::APP_SERVER,
                    &[("holds", &holds), ("headroom_pct", &self.headroom_pct())],
                )
            }
        }
    }

    fn puma(&self, shape: &Shape, s: &Strings) -> Puma {
        let threads = self.puma_threads as u32;
        let workers = shape.per_node;
        let args = [
            ("workers", workers.to_string()),
            ("threads", threads.to_string()),
        ];
        let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let mut env = BTreeMap::from([("RAILS_MAX_THREADS", threads.to_string())]);
        // Puma's guide: one worker is better run as a single process.
        let text = if workers > 1 {
            env.insert("WEB_CONCURRENCY", workers.to_string());
            s.fill(key::sizing::puma::CLUSTER, &args)
        } else {
            s.fill(key::sizing::puma::SINGLE, &args)
        };
        Puma {
            workers,
            threads,
            requests_in_flight: round2(shape.in_flight),
            database_connections: self.connections(shape),
            env,
            text,
        }
    }

    /// Connections PostgreSQL must accept: each Rails process on each node (Puma workers
    /// and background-job workers) may open a full pool.
    fn connections(&self, shape: &Shape) -> u32 {
        let processes = f64::from(shape.per_node) + self.job_processes_per_node;
        (f64::from(shape.nodes) * processes * self.database_pool).min(u32::MAX as f64) as u32
    }

    fn database(
        &self,
        input: &SizingInput,
        end: &Volumes,
        load: f64,
        shape: &Shape,
        s: &Strings,
    ) -> Server {
        let (vcpu, ram) = self.database_part(load);
        // A server of its own needs room for its operating system as well.
        let (role, note, held) = if input.managed_db {
            (
                key::sizing::role::MANAGED_DATABASE,
                key::sizing::note::MANAGED_DATABASE,
                end.database_gb,
            )
        } else {
            (
                key::sizing::role::DATABASE_SERVER,
                key::sizing::note::DATABASE_SERVER,
                self.system_disk_gb + end.database_gb,
            )
        };
        let note = s.fill(
            note,
            &[(
                "connections",
                &group_thousands(i64::from(self.connections(shape))),
            )],
        );
        Server {
            role: s.get(role).to_string(),
            // Above the single-server target a self-run database gets a standby of the same
            // size; a managed service is one order, of its high-availability tier.
            count: if shape.spare && !input.managed_db {
                2
            } else {
                1
            },
            vcpu: self.vcpu(vcpu),
            ram_gb: self.ram(ram),
            disk_gb: self.disk(held).max(self.database_floor_disk_gb as u64),
            note: self.with_standby(note, input, shape, s),
            puma: None,
        }
    }

    /// The database's note, with what the availability target asks of it.
    fn with_standby(
        &self,
        note: String,
        input: &SizingInput,
        shape: &Shape,
        s: &Strings,
    ) -> String {
        if !shape.spare {
            return note;
        }
        let key = if input.managed_db {
            key::sizing::note::MANAGED_DATABASE_HA
        } else {
            key::sizing::note::DATABASE_STANDBY
        };
        let target = human_decimal(self.single_server_availability_pct);
        s.fill(key, &[("note", &note), ("availability_pct", &target)])
    }

    /// The only way in over SSH: for UNICEF's delivery pipeline too under Tier 4 alone.
    fn bastion(&self, input: &SizingInput, s: &Strings) -> Server {
        let note = if input.sample_infrastructure {
            key::sizing::note::BASTION
        } else {
            key::sizing::note::BASTION_TEAM
        };
        fixed(
            s,
            (key::sizing::role::BASTION, note),
            (self.bastion_vcpu, self.bastion_ram_gb, self.bastion_disk_gb),
        )
    }

    /// The demo site a fully local team runs itself: people configure, train and try
    /// releases on it, so it gets the published anchor's CPU and memory; it holds no real
    /// data, so the sample infrastructure's disk.
    fn demo_site(&self, s: &Strings) -> Server {
        fixed(
            s,
            (key::sizing::role::DEMO_SITE, key::sizing::note::DEMO_SITE),
            (self.anchor_vcpu, self.anchor_ram_gb, self.sample_disk_gb),
        )
    }

    fn load_balancer(&self, shape: &Shape, s: &Strings) -> Server {
        // Above the single-server target one balancer would be the one machine left alone.
        let (count, note) = if shape.spare {
            (2, key::sizing::note::LOAD_BALANCER_PAIR)
        } else {
            (1, key::sizing::note::LOAD_BALANCER)
        };
        Server {
            count,
            note: s.fill(note, &[("nodes", &shape.nodes.to_string())]),
            ..fixed(
                s,
                (
                    key::sizing::role::LOAD_BALANCER,
                    key::sizing::note::LOAD_BALANCER,
                ),
                (
                    self.load_balancer_vcpu,
                    self.load_balancer_ram_gb,
                    self.load_balancer_disk_gb,
                ),
            )
        }
    }

    /// A file server (or MinIO) every application node reaches.
    fn attachment_storage(&self, end: &Volumes, s: &Strings) -> Server {
        Server {
            disk_gb: self.disk(self.system_disk_gb + end.attachments_gb),
            ..fixed(
                s,
                (
                    key::sizing::role::ATTACHMENT_STORAGE,
                    key::sizing::note::ATTACHMENT_STORAGE,
                ),
                (self.floor_vcpu, self.floor_ram_gb, 0.0),
            )
        }
    }

    fn backup_target(&self, end: &Volumes, s: &Strings) -> Server {
        Server {
            disk_gb: self
                .disk(end.backups_gb)
                .max(self.backup_floor_disk_gb as u64),
            note: s.fill(
                key::sizing::note::BACKUP_TARGET,
                &[("headroom_pct", &self.headroom_pct())],
            ),
            ..fixed(
                s,
                (
                    key::sizing::role::BACKUP_TARGET,
                    key::sizing::note::BACKUP_TARGET,
                ),
                (self.floor_vcpu, self.floor_ram_gb, 0.0),
            )
        }
    }

    /// The operating system and the outbound access every server needs, with what the
    /// plan adds: its SMTP relay, Let's Encrypt, a database or blob storage elsewhere,
    /// OpenFn's adaptors.
    fn platform(&self, input: &SizingInput, shape: &Shape, s: &Strings) -> Platform {
        let os = match &input.ubuntu_release {
            Some(release) => s.fill(key::sizing::platform::OS, &[("release", release)]),
            None => s.get(key::sizing::platform::OS_ANY).to_string(),
        };
        // Under Tier 4 UNICEF delivers the releases, so its pipeline must support the OS.
        let os = if input.sample_infrastructure {
            s.fill(key::sizing::platform::OS_TIER4, &[("os", &os)])
        } else {
            os
        };
        let mut out = Vec::new();
        let mut add = |id: &'static str, text: String| out.push(Outbound { id, text });
        for (id, key) in [
            ("ubuntu", key::sizing::outbound::UBUNTU),
            ("docker", key::sizing::outbound::DOCKER),
            ("github", key::sizing::outbound::GITHUB),
        ] {
            add(id, s.get(key).to_string());
        }
        add("smtp", smtp_words(input, s));
        match input.lets_encrypt {
            Some(true) => add(
                "lets_encrypt",
                s.get(key::sizing::outbound::LETS_ENCRYPT).into(),
            ),
            None => add(
                "lets_encrypt",
                s.get(key::sizing::outbound::LETS_ENCRYPT_MAYBE).into(),
            ),
            Some(false) => {}
        }
        add("time", s.get(key::sizing::outbound::TIME).into());
        if shape.database_apart {
            let key = if input.managed_db {
                key::sizing::outbound::MANAGED_DATABASE
            } else {
                key::sizing::outbound::DATABASE_SERVER
            };
            add("database", s.get(key).into());
        }
        if input.blob_storage {
            add(
                "blob_storage",
                s.get(key::sizing::outbound::BLOB_STORAGE).into(),
            );
        }
        add(
            "backup_target",
            s.get(key::sizing::outbound::BACKUP_TARGET).into(),
        );
        if input.openfn_self_hosted {
            add("npm", s.get(key::sizing::outbound::NPM).into());
            add("openfn_systems", openfn_systems_words(input, s));
            add("primero_api", primero_api_words(input, s));
        }
        Platform {
            os,
            architecture: ARCHITECTURE,
            outbound: out,
        }
    }

    /// Cores: the next common size, never below the floor.
    fn vcpu(&self, cores: f64) -> u32 {
        step_up(cores, &self.vcpu_steps)
            .max(self.floor_vcpu)
            .min(u32::MAX as f64) as u32
    }

    /// Memory in GB: the next common size, never below the floor.
    fn ram(&self, gb: f64) -> f64 {
        step_up(gb, &self.ram_steps_gb).max(self.floor_ram_gb)
    }

    /// GB in use plus headroom, rounded up to the disk step.
    fn disk(&self, used_gb: f64) -> u64 {
        let gb = round_up(used_gb * (1.0 + self.disk_headroom), self.disk_step_gb);
        gb.min(DISK_MAX_GB) as u64
    }

    fn headroom_pct(&self) -> String {
        human_decimal(round2(self.disk_headroom * 100.0))
    }
}

/// Sizes every server role and projects storage year by year: the same as
/// [`SizingRules::size`].
pub fn size(input: &SizingInput, rules: &SizingRules, s: &Strings) -> Sizing {
    rules.size(input, s)
}

/// A server of fixed size, named and described by the catalogue keys `role` and `note`.
fn fixed(
    s: &Strings,
    (role, note): (&str, &str),
    (vcpu, ram_gb, disk_gb): (f64, f64, f64),
) -> Server {
    Server {
        role: s.get(role).to_string(),
        count: 1,
        vcpu: vcpu as u32,
        ram_gb,
        disk_gb: disk_gb as u64,
        note: s.get(note).to_string(),
        puma: None,
    }
}

fn year_storage(year: u32, v: &Volumes) -> YearStorage {
    YearStorage {
        year,
        records: v.records.round().min(u64::MAX as f64) as u64,
        database_gb: round1(v.database_gb),
        attachments_gb: round1(v.attachments_gb),
        backups_gb: round1(v.backups_gb),
        total_gb: round1(v.database_gb + v.attachments_gb + v.backups_gb),
    }
}

/// The smallest step at least `x`; past the last step, a multiple of it.
fn step_up(x: f64, steps: &[f64]) -> f64 {
    let x = if x.is_nan() { 0.0 } else { x.max(0.0) };
    match steps.iter().find(|s| **s >= x) {
        Some(s) => *s,
        None => match steps.last() {
            Some(last) => round_up(x, *last),
            None => x.ceil(),
        },
    }
}

fn round_up(x: f64, step: f64) -> f64 {
    if x.is_nan() || step.is_nan() || x <= 0.0 || step <= 0.0 {
        0.0
    } else {
        (x / step).ceil() * step
    }
}

/// The SMTP relay in words: the plan's host and port when it names them.
fn smtp_words(input: &SizingInput, s: &Strings) -> String {
    match (&input.smtp_relay, input.smtp_port) {
        (Some(relay), Some(port)) => s.fill(
            key::sizing::outbound::SMTP,
            &[("relay", relay), ("port", &port.to_string())],
        ),
        (Some(relay), None) => s.fill(key::sizing::outbound::SMTP_HOST, &[("relay", relay)]),
        (None, _) => s.get(key::sizing::outbound::SMTP_ANY).to_string(),
    }
}

/// The systems a self-hosted Lightning exchanges data with: the plan's words when given.
fn openfn_systems_words(input: &SizingInput, s: &Strings) -> String {
    match &input.openfn_systems {
        Some(systems) => s.fill(
            key::sizing::outbound::OPENFN_SYSTEMS,
            &[("systems", systems)],
        ),
        None => s.get(key::sizing::outbound::OPENFN_SYSTEMS_ANY).to_string(),
    }
}

/// Primero's API, which a self-hosted Lightning calls at Primero's public address.
fn primero_api_words(input: &SizingInput, s: &Strings) -> String {
    match &input.primero_host {
        Some(host) => s.fill(key::sizing::outbound::PRIMERO_API, &[("host", host)]),
        None => s.get(key::sizing::outbound::PRIMERO_API_ANY).to_string(),
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn clamp_i64(x: f64) -> i64 {
    x.clamp(0.0, i64::MAX as f64) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_round_up_to_common_sizes() {
        let steps = [4.0, 8.0, 16.0];
        assert_eq!(step_up(0.0, &steps), 4.0);
        assert_eq!(step_up(8.0, &steps), 8.0);
        assert_eq!(step_up(8.01, &steps), 16.0);
        assert_eq!(step_up(33.0, &steps), 48.0);
        assert_eq!(step_up(f64::NAN, &steps), 4.0);
        assert_eq!(step_up(2.5, &[]), 3.0);
        assert_eq!(round_up(0.0, 50.0), 0.0);
        assert_eq!(round_up(50.0, 50.0), 50.0);
        assert_eq!(round_up(50.1, 50.0), 100.0);
        assert_eq!(round_up(f64::NAN, 50.0), 0.0);
    }

    #[test]
    fn downtime_is_exact_at_common_targets() {
        let rules = SizingRules::builtin();
        let at = |pct: f64| {
            rules
                .size(
                    &SizingInput {
                        availability_pct: pct,
                        ..SizingInput::default()
                    },
                    Strings::builtin(),
                )
                .downtime_hours_per_year
        };
        assert_eq!(at(99.0), 87.6);
        assert_eq!(at(99.5), 43.8);
        assert_eq!(at(99.9), 8.76);
        assert_eq!(at(99.99), 0.88);
        assert_eq!(at(90.0), 876.0);
    }

    #[test]
    fn inputs_out_of_range_are_brought_in_range() {
        let wild = SizingInput {
            records: u64::MAX,
            users: u64::MAX,
            attachment_mb: f64::NAN,
            growth_pct: f64::INFINITY,
            years: u32::MAX,
            backup_copies: u32::MAX,
            availability_pct: -3.0,
            ..SizingInput::default()
        };
        let problems = wild.problems(Strings::builtin());
        assert_eq!(problems.len(), 7, "{problems:?}");
        let s = SizingRules::builtin().size(&wild, Strings::builtin());
        assert_eq!(s.input.attachment_mb, 4.0);
        assert_eq!(s.input.growth_pct, 10.0);
        assert_eq!(s.input.years, MAX_YEARS);
        assert_eq!(s.input.availability_pct, MIN_AVAILABILITY_PCT);
        assert_eq!(s.storage_by_year.len(), MAX_YEARS as usize + 1);
        assert!(s.app_server.disk_gb as f64 <= DISK_MAX_GB);
        serde_json::to_string(&s).expect("finite numbers serialise");
        for y in &s.storage_by_year {
            assert!(y.total_gb.is_finite() && y.backups_gb.is_finite());
        }
        assert!(
            SizingInput::default()
                .problems(Strings::builtin())
                .is_empty()
        );
    }

    #[test]
    fn from_answers_reads_the_plan_questions() {
        let mut a = Answers::new();
        let mut put = |k: &str, v: Answer| {
            a.insert(k.to_string(), v);
        };
        put("expected_records", Answer::Integer(150_000));
        put("active_users", Answer::Integer(-3));
        put("attachment_mb_per_record", Answer::Decimal(2.5));
        put("yearly_growth_pct", Answer::Integer(20));
        put("duration_years", Answer::Integer(5));
        put("backup_copies", Answer::Integer(30));
        put("database_hosting", Answer::Choice("managed".into()));
        put("attachment_storage", Answer::Choice("minio".into()));
        put("openfn_used", Answer::Choice("planned".into()));
        put("openfn_hosting", Answer::Choice("self_hosted".into()));
        put("availability_target_pct", Answer::Decimal(99.5));
        put(
            "openfn_systems",
            Answer::Text("civil registry to Primero".into()),
        );
        put("primero_host", Answer::Text("cpims.example.org".into()));
        let i = SizingInput::from_answers(&a, HostingOption::Tier4);
        assert_eq!(
            i,
            SizingInput {
                records: 150_000,
                // The question asks for the records at the end of the first year.
                records_after_first_year: true,
                users: 0,
                attachment_mb: 2.5,
                growth_pct: 20.0,
                years: 5,
                backup_copies: 30,
                managed_db: true,
                blob_storage: true,
                openfn_self_hosted: true,
                sample_infrastructure: true,
                availability_pct: 99.5,
                openfn_systems: Some("civil registry to Primero".into()),
                primero_host: Some("cpims.example.org".into()),
                ..SizingInput::default()
            }
        );
        a.insert("openfn_used".into(), Answer::Choice("no".into()));
        a.insert(
            "database_hosting".into(),
            Answer::Choice("undecided".into()),
        );
        let i = SizingInput::from_answers(&a, HostingOption::Local);
        assert!(!i.openfn_self_hosted && !i.managed_db && !i.sample_infrastructure);
        // Fully local runs its own demo site; without OpenFn its systems are not asked for.
        assert!(i.demo_site && i.openfn_systems.is_none());
        let empty = SizingInput::from_answers(&Answers::new(), HostingOption::Local);
        assert_eq!(
            empty,
            SizingInput {
                records_after_first_year: true,
                demo_site: true,
                ..SizingInput::default()
            }
        );
    }

    #[test]
    fn the_anchor_splits_into_the_database_and_one_puma_worker() {
        let rules = SizingRules::builtin();
        assert_eq!(rules.workers(rules.in_flight(200.0)), 1);
        assert_eq!(rules.workers(0.0), 1, "never fewer than one");
        // The application keeps what its worker does not use: Ubuntu, Docker, nginx and
        // the background-job worker.
        assert_eq!(rules.app_base(), (0.0, 3.0));
        assert_eq!(rules.database_part(1.0), (1.0, 4.0));
        assert_eq!(rules.database_part(4.0), (2.0, 8.0));
        // 3,000 users: 37.5 requests in flight at 5 threads a worker.
        assert_eq!(rules.in_flight(3000.0), 37.5);
        assert_eq!(rules.workers(37.5), 8);
    }

    #[test]
    fn a_server_is_labelled_with_its_count_when_there_are_several() {
        let s = Strings::builtin();
        let one = fixed(
            s,
            ("sizing.role.bastion", "sizing.note.bastion"),
            (1.0, 1.0, 20.0),
        );
        assert_eq!(Sizing::label(&one, s), "Bastion host");
        let two = Server { count: 2, ..one };
        assert_eq!(Sizing::label(&two, s), "2 × Bastion host");
    }
}
