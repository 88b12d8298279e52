//! Server sizing from expected records, users, attachments and growth.
//!
//! The figures are data (`assets/sizing.toml`, or an edited copy); docs/sizing.md gives
//! the source of each and says which are assumptions. The words (server names, notes,
//! assumptions, input problems) come from the strings catalogue passed in: the shipped
//! one keeps them in `assets/strings/sizing.toml`. The arithmetic is pure: no files, no
//! clock. Every output grows or stays the same when records, users, attachments, growth,
//! years or backup copies grow, and none falls below the published floors.

use crate::answer::Answer;
use crate::diag::{Collector, Loaded, Source};
use crate::formats::{group_thousands, human_decimal};
use crate::options::HostingOption;
use crate::questionnaire::Answers;
use crate::strings::Strings;
use crate::tomlread as tr;
use serde::Serialize;
use std::ops::Range;
use toml::de::{DeTable, DeValue};

/// The shipped sizing figures.
pub const BUILTIN_SIZING: &str = include_str!("../assets/sizing.toml");
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

/// Declares the single-number figures once: the struct fields, their TOML keys, and a
/// way to fill a field by its key.
macro_rules! figures {
    ($($name:ident),* $(,)?) => {
        /// The sizing figures, read from `assets/sizing.toml` or an edited copy. Only
        /// [`SizingRules::parse`] makes one, so the figures always passed its checks.
        #[derive(Clone, Debug, PartialEq)]
        pub struct SizingRules {
            $($name: f64,)*
            vcpu_steps: Vec<f64>,
            ram_steps_gb: Vec<f64>,
        }

        const NUMBER_KEYS: &[&str] = &[$(stringify!($name)),*];

        impl SizingRules {
            /// Every figure 0 and no steps: only a start for [`SizingRules::parse`].
            fn empty() -> SizingRules {
                SizingRules {
                    $($name: 0.0,)*
                    vcpu_steps: Vec::new(),
                    ram_steps_gb: Vec::new(),
                }
            }

            fn slot(&mut self, key: &str) -> Option<&mut f64> {
                match key {
                    $(stringify!($name) => Some(&mut self.$name),)*
                    _ => None,
                }
            }

            /// One single-number figure by its key in the TOML file.
            pub fn figure(&self, key: &str) -> Option<f64> {
                match key {
                    $(stringify!($name) => Some(self.$name),)*
                    _ => None,
                }
            }
        }
    };
}

figures! {
    anchor_records,
    anchor_users,
    anchor_vcpu,
    anchor_ram_gb,
    anchor_disk_gb,
    floor_ram_gb,
    floor_vcpu,
    scaling_exponent,
    max_load,
    system_disk_gb,
    database_kb_per_record,
    disk_headroom,
    disk_step_gb,
    document_backup_copies,
    blob_advice_disk_gb,
    managed_db_share,
    managed_db_floor_disk_gb,
    bastion_vcpu,
    bastion_ram_gb,
    bastion_disk_gb,
    sample_disk_gb,
    openfn_app_vcpu,
    openfn_app_ram_gb,
    openfn_app_disk_gb,
    openfn_db_vcpu,
    openfn_db_ram_gb,
    openfn_db_disk_gb,
    hours_per_year,
    single_server_availability_pct,
}

/// Lists of sizes that CPU and memory are rounded up to.
const LIST_KEYS: &[&str] = &["vcpu_steps", "ram_steps_gb"];

/// Figures that count whole things (cores, GB of disk, copies).
const WHOLE: &[&str] = &[
    "anchor_records",
    "anchor_users",
    "anchor_vcpu",
    "anchor_disk_gb",
    "floor_vcpu",
    "disk_step_gb",
    "document_backup_copies",
    "managed_db_floor_disk_gb",
    "bastion_vcpu",
    "bastion_disk_gb",
    "sample_disk_gb",
    "openfn_app_vcpu",
    "openfn_app_disk_gb",
    "openfn_db_vcpu",
    "openfn_db_disk_gb",
];

/// Figures that must be above 0 for the arithmetic to mean anything.
const POSITIVE: &[&str] = &[
    "anchor_records",
    "anchor_users",
    "anchor_vcpu",
    "anchor_ram_gb",
    "anchor_disk_gb",
    "floor_ram_gb",
    "floor_vcpu",
    "disk_step_gb",
    "managed_db_share",
    "bastion_vcpu",
    "bastion_ram_gb",
    "bastion_disk_gb",
    "sample_disk_gb",
    "openfn_app_vcpu",
    "openfn_app_ram_gb",
    "openfn_app_disk_gb",
    "openfn_db_vcpu",
    "openfn_db_ram_gb",
    "openfn_db_disk_gb",
    "hours_per_year",
];

/// No figure may exceed this; larger ones are typing mistakes.
const FIGURE_MAX: f64 = 1e9;
/// Disks are never reported above this many GB, whatever the input.
const DISK_MAX_GB: f64 = 1e12;

/// What sizing is computed from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SizingInput {
    /// Case records at the start of the programme.
    pub records: u64,
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
    /// Tier 4: a non-production sample infrastructure for UNICEF's delivery tests.
    pub sample_infrastructure: bool,
    /// Availability target, in percent.
    pub availability_pct: f64,
}

/// One server (or service) to procure.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Server {
    pub role: String,
    pub vcpu: u32,
    /// Whole GB, except for OpenFn's published 3.75 GB.
    pub ram_gb: f64,
    pub disk_gb: u64,
    pub note: String,
}

/// Storage at the end of one year of the programme.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct YearStorage {
    /// 0 is the start; the last is the end of the programme.
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
    pub app_server: Server,
    /// The managed database to order; `None` when PostgreSQL runs on the application
    /// server, whose disk then holds the database.
    pub database: Option<Server>,
    pub bastion: Server,
    /// Tier 4 only.
    pub sample_infrastructure: Option<Server>,
    /// Self-hosted OpenFn only.
    pub openfn_app: Option<Server>,
    pub openfn_database: Option<Server>,
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
            managed_db: false,
            blob_storage: false,
            openfn_self_hosted: false,
            sample_infrastructure: false,
            availability_pct: 99.0,
        }
    }
}

impl Sizing {
    /// Every server to procure, in the order people read them.
    pub fn servers(&self) -> Vec<&Server> {
        self.named_servers().into_iter().map(|(_, s)| s).collect()
    }

    /// The servers to procure, each with the id of its place in the sizing, in order.
    pub fn named_servers(&self) -> Vec<(&'static str, &Server)> {
        [
            ("app_server", Some(&self.app_server)),
            ("database", self.database.as_ref()),
            ("bastion", Some(&self.bastion)),
            ("sample_infrastructure", self.sample_infrastructure.as_ref()),
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
        let d = SizingInput::default();
        let openfn_used = matches!(choice("openfn_used"), "yes" | "planned");
        SizingInput {
            records: int("expected_records").unwrap_or(d.records),
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
            availability_pct: dec("availability_target_pct").unwrap_or(d.availability_pct),
        }
    }

    /// What is wrong with the inputs, one sentence each; empty when they can be sized
    /// as given. [`SizingRules::size`] brings such inputs into range instead of failing.
    pub fn problems(&self, s: &Strings) -> Vec<String> {
        let mut out = Vec::new();
        let mut push = |key: &str, (name, limit): (&str, String), given: String| {
            out.push(s.fill(key, &[(name, &limit), ("given", &given)]));
        };
        if self.records > MAX_RECORDS {
            push(
                "sizing.problem.records",
                ("max", group_thousands(MAX_RECORDS as i64)),
                group_thousands(clamp_i64(self.records as f64)),
            );
        }
        if self.users > MAX_USERS {
            push(
                "sizing.problem.users",
                ("max", group_thousands(MAX_USERS as i64)),
                group_thousands(clamp_i64(self.users as f64)),
            );
        }
        let number = |x: f64| {
            if x.is_finite() {
                human_decimal(x)
            } else {
                s.get("sizing.problem.not_a_number").to_string()
            }
        };
        if !(self.attachment_mb.is_finite()
            && (0.0..=MAX_ATTACHMENT_MB).contains(&self.attachment_mb))
        {
            push(
                "sizing.problem.attachment_mb",
                ("max", group_thousands(MAX_ATTACHMENT_MB as i64)),
                number(self.attachment_mb),
            );
        }
        if !(self.growth_pct.is_finite() && (0.0..=MAX_GROWTH_PCT).contains(&self.growth_pct)) {
            push(
                "sizing.problem.growth_pct",
                ("max", human_decimal(MAX_GROWTH_PCT)),
                number(self.growth_pct),
            );
        }
        if !(self.availability_pct.is_finite()
            && (MIN_AVAILABILITY_PCT..100.0).contains(&self.availability_pct))
        {
            push(
                "sizing.problem.availability_pct",
                ("min", human_decimal(MIN_AVAILABILITY_PCT)),
                number(self.availability_pct),
            );
        }
        if self.years > MAX_YEARS {
            push(
                "sizing.problem.years",
                ("max", MAX_YEARS.to_string()),
                self.years.to_string(),
            );
        }
        if self.backup_copies > MAX_BACKUP_COPIES {
            push(
                "sizing.problem.backup_copies",
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
            years: self.years.min(MAX_YEARS),
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

impl SizingRules {
    /// Reads sizing figures. Every missing, unknown, mistyped or impossible figure is
    /// reported with its line and column.
    pub fn parse(source: Source) -> Loaded<SizingRules> {
        let mut c = Collector::new(source);
        let Some(doc) = tr::parse_document(source.text, &mut c) else {
            return Err(c.finish());
        };
        let top = doc.get_ref();
        let whole_doc = doc.span();
        let allowed: Vec<&str> = NUMBER_KEYS.iter().chain(LIST_KEYS).copied().collect();
        tr::check_keys(&mut c, top, &allowed, None, "the sizing figures");

        let mut rules = SizingRules::empty();
        let mut spans: Vec<(&str, Range<usize>)> = Vec::new();
        for key in NUMBER_KEYS {
            let Some(v) = present(&mut c, top, key, &whole_doc) else {
                continue;
            };
            spans.push((key, v.span()));
            if let Some(x) = number(&mut c, key, v) {
                *rules.slot(key).expect("every number key has a field") = x;
            }
        }
        for key in LIST_KEYS {
            let Some(v) = present(&mut c, top, key, &whole_doc) else {
                continue;
            };
            spans.push((key, v.span()));
            let steps = steps(&mut c, key, v).unwrap_or_default();
            match *key {
                "vcpu_steps" => rules.vcpu_steps = steps,
                _ => rules.ram_steps_gb = steps,
            }
        }
        if !c.has_errors() {
            rules.check_together(&mut c, &spans);
        }
        if c.has_errors() {
            Err(c.finish())
        } else {
            Ok((rules, c.finish()))
        }
    }

    /// Checks between figures; each problem is placed at the figure to change.
    fn check_together(&self, c: &mut Collector, spans: &[(&str, Range<usize>)]) {
        let at = |key: &str| {
            spans
                .iter()
                .find(|(k, _)| *k == key)
                .map_or(0..0, |(_, s)| s.clone())
        };
        if self.max_load < 1.0 {
            c.error(
                at("max_load"),
                Some("max_load"),
                "`max_load` must be at least 1: the anchor itself is a load of 1",
            );
        }
        if self.floor_ram_gb > self.anchor_ram_gb {
            c.error(
                at("floor_ram_gb"),
                Some("floor_ram_gb"),
                "`floor_ram_gb` is above `anchor_ram_gb`; the floor must not exceed the anchor",
            );
        }
        if self.floor_vcpu > self.anchor_vcpu {
            c.error(
                at("floor_vcpu"),
                Some("floor_vcpu"),
                "`floor_vcpu` is above `anchor_vcpu`; the floor must not exceed the anchor",
            );
        }
        if !(MIN_AVAILABILITY_PCT..=100.0).contains(&self.single_server_availability_pct) {
            c.error(
                at("single_server_availability_pct"),
                Some("single_server_availability_pct"),
                "`single_server_availability_pct` must be a percentage from 90 to 100",
            );
        }
        if self.scaling_exponent > 1.0 {
            c.warning(
                at("scaling_exponent"),
                Some("scaling_exponent"),
                "`scaling_exponent` is above 1: CPU and memory grow faster than the load",
            );
        }
    }

    /// The shipped figures.
    pub fn builtin() -> SizingRules {
        match SizingRules::parse(Source::new(BUILTIN_ORIGIN, BUILTIN_SIZING)) {
            Ok((rules, _)) => rules,
            Err(p) => unreachable!("the shipped sizing figures are checked by the tests: {p:?}"),
        }
    }

    /// Sizes every server role and projects storage year by year; the names, notes and
    /// assumptions are in the words of `s`.
    pub fn size(&self, input: &SizingInput, s: &Strings) -> Sizing {
        let input = input.in_range();
        let years: Vec<Volumes> = (0..=input.years).map(|y| self.volumes(&input, y)).collect();
        let end = *years.last().expect("year 0 is always projected");
        let (load, capped) = self.load(&input, &end);
        let factor = load.powf(self.scaling_exponent);

        let app = self.app_server(&input, &end, factor, s);
        let database = input
            .managed_db
            .then(|| self.managed_database(&end, factor, s));
        let storage_by_year = years
            .iter()
            .enumerate()
            .map(|(y, v)| year_storage(y as u32, v))
            .collect();
        let assumptions = self.assumptions(&input, &end, load, capped, &app, s);
        Sizing {
            load: round2(load),
            app_server: app,
            database,
            bastion: fixed(
                s,
                ("sizing.role.bastion", "sizing.note.bastion"),
                (self.bastion_vcpu, self.bastion_ram_gb, self.bastion_disk_gb),
            ),
            sample_infrastructure: input.sample_infrastructure.then(|| {
                fixed(
                    s,
                    (
                        "sizing.role.sample_infrastructure",
                        "sizing.note.sample_infrastructure",
                    ),
                    (self.floor_vcpu, self.floor_ram_gb, self.sample_disk_gb),
                )
            }),
            openfn_app: input.openfn_self_hosted.then(|| {
                fixed(
                    s,
                    ("sizing.role.openfn_app", "sizing.note.openfn_app"),
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
                    ("sizing.role.openfn_database", "sizing.note.openfn_database"),
                    (
                        self.openfn_db_vcpu,
                        self.openfn_db_ram_gb,
                        self.openfn_db_disk_gb,
                    ),
                )
            }),
            storage_by_year,
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
        let records = input.records as f64 * growth.powi(year as i32);
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

    fn app_server(&self, input: &SizingInput, end: &Volumes, factor: f64, s: &Strings) -> Server {
        let mut held = self.system_disk_gb;
        let mut holds = Vec::new();
        if !input.blob_storage {
            held += end.attachments_gb;
            holds.push(s.get("sizing.holds.attachments"));
        }
        if !input.managed_db {
            held += end.database_gb;
            holds.push(s.get("sizing.holds.database"));
        }
        let note = match holds.split_first() {
            None => s.get("sizing.note.app_server_holds_nothing").to_string(),
            Some((first, rest)) => {
                let holds = rest.iter().fold(first.to_string(), |list, next| {
                    s.fill("sizing.holds.and", &[("first", &list), ("second", next)])
                });
                s.fill(
                    "sizing.note.app_server",
                    &[
                        ("holds", &holds),
                        (
                            "headroom_pct",
                            &human_decimal(round2(self.disk_headroom * 100.0)),
                        ),
                    ],
                )
            }
        };
        Server {
            role: s.get("sizing.role.app_server").to_string(),
            vcpu: self.vcpu(self.anchor_vcpu * factor),
            ram_gb: self.ram(self.anchor_ram_gb * factor),
            disk_gb: self.disk(held).max(self.anchor_disk_gb as u64),
            note,
        }
    }

    fn managed_database(&self, end: &Volumes, factor: f64, s: &Strings) -> Server {
        let share = self.managed_db_share;
        Server {
            role: s.get("sizing.role.managed_database").to_string(),
            vcpu: self.vcpu(self.anchor_vcpu * factor * share),
            ram_gb: self.ram(self.anchor_ram_gb * factor * share),
            disk_gb: self
                .disk(end.database_gb)
                .max(self.managed_db_floor_disk_gb as u64),
            note: s.get("sizing.note.managed_database").to_string(),
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

    fn assumptions(
        &self,
        input: &SizingInput,
        end: &Volumes,
        load: f64,
        capped: bool,
        app: &Server,
        s: &Strings,
    ) -> Vec<String> {
        let anchor = s.fill(
            "sizing.assumption.anchor",
            &[
                ("records", &group_thousands(self.anchor_records as i64)),
                ("users", &group_thousands(self.anchor_users as i64)),
            ],
        );
        let end_records = group_thousands(clamp_i64(end.records.round()));
        let years = input.years.to_string();
        let mut out = Vec::new();
        if load <= 1.0 {
            out.push(s.fill(
                "sizing.assumption.within_anchor",
                &[
                    ("anchor", &anchor),
                    ("vcpu", &human_decimal(self.anchor_vcpu)),
                    ("ram_gb", &human_decimal(self.anchor_ram_gb)),
                    ("disk_gb", &group_thousands(self.anchor_disk_gb as i64)),
                ],
            ));
        } else {
            out.push(s.fill(
                "sizing.assumption.load_above_anchor",
                &[
                    ("load", &human_decimal(round2(load))),
                    ("anchor", &anchor),
                    ("exponent", &human_decimal(self.scaling_exponent)),
                ],
            ));
        }
        if capped {
            out.push(s.fill(
                "sizing.assumption.load_capped",
                &[("max_load", &human_decimal(self.max_load))],
            ));
        }
        out.push(if input.years == 0 {
            s.fill("sizing.assumption.no_growth", &[("records", &end_records)])
        } else {
            s.fill(
                "sizing.assumption.growth",
                &[
                    ("years", &years),
                    ("records", &end_records),
                    ("growth_pct", &human_decimal(input.growth_pct)),
                ],
            )
        });
        out.push(s.fill(
            "sizing.assumption.per_record",
            &[
                ("database_kb", &human_decimal(self.database_kb_per_record)),
                ("attachment_mb", &human_decimal(input.attachment_mb)),
            ],
        ));
        if !input.managed_db {
            out.push(s.get("sizing.assumption.database_on_server").to_string());
        }
        if !input.blob_storage && app.disk_gb as f64 > self.blob_advice_disk_gb {
            out.push(s.fill(
                "sizing.assumption.blob_storage",
                &[("disk", &size_words(app.disk_gb as f64, s))],
            ));
        }
        if input.backup_copies == 0 {
            out.push(s.get("sizing.assumption.no_backups").to_string());
        } else {
            out.push(s.fill(
                "sizing.assumption.backups",
                &[
                    ("backups", &size_words(end.backups_gb, s)),
                    ("years", &years),
                ],
            ));
        }
        if input.availability_pct > self.single_server_availability_pct {
            out.push(s.fill(
                "sizing.assumption.availability",
                &[(
                    "availability_pct",
                    &human_decimal(self.single_server_availability_pct),
                )],
            ));
        }
        out
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
        vcpu: vcpu as u32,
        ram_gb,
        disk_gb: disk_gb as u64,
        note: s.get(note).to_string(),
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

/// A key of the sizing file, reported when missing.
fn present<'a, 'i>(
    c: &mut Collector,
    top: &'a DeTable<'i>,
    key: &str,
    whole_doc: &Range<usize>,
) -> Option<&'a tr::Value<'i>> {
    let v = top.get(key);
    if v.is_none() {
        c.error_help(
            whole_doc.start..whole_doc.start,
            Some(key),
            format!("the sizing figure `{key}` is missing"),
            format!("add `{key} = ...`; assets/sizing.toml in the source shows every figure"),
        );
    }
    v
}

/// A single-number figure, checked on its own.
fn number(c: &mut Collector, key: &str, v: &tr::Value) -> Option<f64> {
    let Some(x) = tr::float_of(v.get_ref()).filter(|x| x.is_finite()) else {
        c.error(
            v.span(),
            Some(key),
            format!(
                "`{key}` must be a number, not {}",
                tr::type_words(v.get_ref())
            ),
        );
        return None;
    };
    let problem = if x < 0.0 {
        Some("must not be negative")
    } else if x == 0.0 && POSITIVE.contains(&key) {
        Some("must be above 0")
    } else if x > FIGURE_MAX {
        Some("is too large to be meant")
    } else if x.fract() != 0.0 && WHOLE.contains(&key) {
        Some("must be a whole number")
    } else {
        None
    };
    match problem {
        Some(words) => {
            c.error(
                v.span(),
                Some(key),
                format!("`{key}` {words}, not {}", human_decimal(x)),
            );
            None
        }
        None => Some(x),
    }
}

/// A list of sizes: positive numbers in increasing order.
fn steps(c: &mut Collector, key: &str, v: &tr::Value) -> Option<Vec<f64>> {
    let DeValue::Array(items) = v.get_ref() else {
        c.error_help(
            v.span(),
            Some(key),
            format!(
                "`{key}` must be a list of numbers, not {}",
                tr::type_words(v.get_ref())
            ),
            format!("write it as `{key} = [2, 4, 8]`"),
        );
        return None;
    };
    if items.is_empty() {
        c.error(v.span(), Some(key), format!("`{key}` lists no size"));
        return None;
    }
    let mut out: Vec<f64> = Vec::new();
    for item in items.iter() {
        let x = tr::float_of(item.get_ref()).filter(|x| x.is_finite());
        match x {
            Some(x) if x > 0.0 && x <= FIGURE_MAX && out.last().is_none_or(|last| x > *last) => {
                out.push(x)
            }
            Some(x) if x > 0.0 && x <= FIGURE_MAX => {
                c.error(
                    item.span(),
                    Some(key),
                    format!(
                        "the sizes in `{key}` must increase; {} does not",
                        human_decimal(x)
                    ),
                );
                return None;
            }
            _ => {
                c.error(
                    item.span(),
                    Some(key),
                    format!("each size in `{key}` must be a number above 0"),
                );
                return None;
            }
        }
    }
    Some(out)
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

/// A storage size for sentences: "87.5 GB", "1,100 GB", "52 TB".
fn size_words(gb: f64, s: &Strings) -> String {
    let (key, size) = if gb >= 10_000.0 {
        (
            "sizing.size.tb",
            group_thousands(clamp_i64((gb / 1024.0).round())),
        )
    } else if gb >= 100.0 {
        ("sizing.size.gb", group_thousands(clamp_i64(gb.round())))
    } else {
        ("sizing.size.gb", human_decimal(round1(gb)))
    };
    s.fill(key, &[("size", &size)])
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

    fn parse(text: &str) -> Loaded<SizingRules> {
        SizingRules::parse(Source::new("figures.toml", text))
    }

    #[test]
    fn the_shipped_figures_parse_without_warnings() {
        let (rules, warnings) = parse(BUILTIN_SIZING).expect("the shipped file parses");
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(rules.figure("anchor_ram_gb"), Some(8.0));
        assert_eq!(rules.figure("floor_ram_gb"), Some(4.0));
        assert_eq!(rules.figure("no_such_figure"), None);
        assert_eq!(rules, SizingRules::builtin());
    }

    #[test]
    fn every_figure_is_in_the_shipped_file() {
        for key in NUMBER_KEYS.iter().chain(LIST_KEYS) {
            let line = format!("\n{key} = ");
            assert!(BUILTIN_SIZING.contains(&line), "{key} is not in the file");
        }
    }

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
        let i = SizingInput::from_answers(&a, HostingOption::Tier4);
        assert_eq!(
            i,
            SizingInput {
                records: 150_000,
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
            }
        );
        a.insert("openfn_used".into(), Answer::Choice("no".into()));
        a.insert(
            "database_hosting".into(),
            Answer::Choice("undecided".into()),
        );
        let i = SizingInput::from_answers(&a, HostingOption::Local);
        assert!(!i.openfn_self_hosted && !i.managed_db && !i.sample_infrastructure);
        let empty = SizingInput::from_answers(&Answers::new(), HostingOption::Local);
        assert_eq!(empty, SizingInput::default());
    }

    /// Whether parsing `text` fails with a problem containing `words` on the line of `needle`.
    fn fails_at(text: &str, needle: &str, words: &str) -> bool {
        let problems = parse(text).expect_err("the figures are refused");
        let line = Source::new("", text)
            .locate(text.find(needle).expect("needle"))
            .0;
        problems
            .iter()
            .any(|p| p.line == line && p.message.contains(words))
    }

    #[test]
    fn figures_that_do_not_fit_together_are_placed() {
        let apart = BUILTIN_SIZING
            .replacen("floor_ram_gb = 4.0", "floor_ram_gb = 16.0", 1)
            .replacen("max_load = 100.0", "max_load = 0.5", 1);
        assert!(fails_at(
            &apart,
            "floor_ram_gb = 16.0",
            "must not exceed the anchor"
        ));
        assert!(fails_at(&apart, "max_load = 0.5", "at least 1"));

        let wrong = apart
            .replacen("vcpu_steps = [2, 4, 6,", "vcpu_steps = [2, 6, 4,", 1)
            .replacen("bastion_vcpu = 1", "bastion_vcpu = 1.5", 1);
        assert!(fails_at(
            &wrong,
            "bastion_vcpu = 1.5",
            "must be a whole number"
        ));
        assert!(fails_at(
            &wrong,
            "vcpu_steps = [",
            "must increase; 4 does not"
        ));
        // Checks between figures wait until each figure is right on its own.
        assert!(!fails_at(&wrong, "floor_ram_gb = 16.0", "anchor"));

        let steep = BUILTIN_SIZING.replacen("scaling_exponent = 0.5", "scaling_exponent = 1.2", 1);
        let (_, warnings) = parse(&steep).expect("a steep exponent is allowed");
        assert!(warnings[0].message.contains("faster than the load"));
    }
}
