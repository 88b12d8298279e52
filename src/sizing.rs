//! Server sizing from expected records, users, attachments and growth.
//!
//! The figures are data (`assets/sizing.toml`); docs/sizing.md gives the source of each
//! and says which are assumptions. Every output grows (or stays) when records, users or
//! attachments grow, and none falls below the published floors.

use crate::answer::Answer;
use crate::diag::{Collector, Loaded, Source};
use crate::options::HostingOption;
use crate::questionnaire::Answers;
use crate::tomlread as tr;
use serde::Serialize;
use std::collections::BTreeMap;

pub const BUILTIN_SIZING: &str = include_str!("../assets/sizing.toml");
pub const BUILTIN_ORIGIN: &str = "assets/sizing.toml";

const KEYS: &[&str] = &[
    "anchor_records",
    "anchor_users",
    "anchor_vcpu",
    "anchor_ram_gb",
    "anchor_disk_gb",
    "floor_ram_gb",
    "floor_vcpu",
    "scaling_exponent",
    "max_load",
    "system_disk_gb",
    "database_kb_per_record",
    "disk_headroom",
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

/// The sizing figures, by name.
#[derive(Clone, Debug)]
pub struct SizingRules {
    figures: BTreeMap<&'static str, f64>,
}

/// What sizing is computed from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SizingInput {
    pub records: u64,
    pub users: u64,
    pub attachment_mb: f64,
    pub growth_pct: f64,
    pub years: u32,
    pub backup_copies: u32,
    pub managed_db: bool,
    pub blob_storage: bool,
    pub openfn_self_hosted: bool,
    pub sample_infrastructure: bool,
    pub availability_pct: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Server {
    pub role: String,
    pub vcpu: u32,
    pub ram_gb: f64,
    pub disk_gb: u64,
    pub note: String,
}

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

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sizing {
    pub input: SizingInput,
    pub app_server: Server,
    /// Only when a managed database is chosen; otherwise PostgreSQL runs on the application
    /// server and its disk is counted there.
    pub database: Option<Server>,
    pub bastion: Server,
    pub sample_infrastructure: Option<Server>,
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
        let optional = [
            self.database.as_ref(),
            self.sample_infrastructure.as_ref(),
            self.openfn_app.as_ref(),
            self.openfn_database.as_ref(),
        ];
        let mut out = vec![&self.app_server];
        out.extend(optional[..1].iter().flatten());
        out.push(&self.bastion);
        out.extend(optional[1..].iter().flatten());
        out
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
        let choice = |id: &str| answers.get(id).map(Answer::to_plain).unwrap_or_default();
        let d = SizingInput::default();
        let openfn_used = matches!(choice("openfn_used").as_str(), "yes" | "planned");
        SizingInput {
            records: int("expected_records").unwrap_or(d.records),
            users: int("active_users").unwrap_or(d.users),
            attachment_mb: dec("attachment_mb_per_record").unwrap_or(d.attachment_mb),
            growth_pct: dec("yearly_growth_pct").unwrap_or(d.growth_pct),
            years: int("duration_years").map_or(d.years, |y| y.min(100) as u32),
            backup_copies: int("backup_copies").map_or(d.backup_copies, |c| c.min(10_000) as u32),
            managed_db: choice("database_hosting") == "managed",
            blob_storage: matches!(
                choice("attachment_storage").as_str(),
                "azure_blob" | "aws_s3" | "minio"
            ),
            openfn_self_hosted: openfn_used && choice("openfn_hosting") == "self_hosted",
            sample_infrastructure: option == HostingOption::Tier4,
            availability_pct: dec("availability_target_pct").unwrap_or(d.availability_pct),
        }
    }

    /// Problems with the inputs, in words; empty when they can be sized.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !(self.attachment_mb.is_finite() && (0.0..=100_000.0).contains(&self.attachment_mb)) {
            out.push("attachment MB per record must be a number from 0 to 100,000".to_string());
        }
        if !(self.growth_pct.is_finite() && (0.0..=1000.0).contains(&self.growth_pct)) {
            out.push("yearly growth must be a percentage from 0 to 1,000".to_string());
        }
        if !(self.availability_pct.is_finite() && (90.0..100.0).contains(&self.availability_pct)) {
            out.push("availability must be a percentage of at least 90 and below 100".to_string());
        }
        if self.years > 50 {
            out.push("the programme can last at most 50 years".to_string());
        }
        out
    }
}

impl SizingRules {
    /// Reads sizing figures; every missing, unknown or impossible figure is reported.
    pub fn parse(source: Source) -> Loaded<SizingRules> {
        let mut c = Collector::new(source);
        let Some(doc) = tr::parse_document(source.text, &mut c) else {
            return Err(c.finish());
        };
        let top = doc.get_ref();
        tr::check_keys(&mut c, top, KEYS, None, "the sizing figures");
        let mut figures = BTreeMap::new();
        for key in KEYS {
            match top.get(*key) {
                None => c.error_help(
                    doc.span(),
                    Some(key),
                    format!("the sizing figure `{key}` is missing"),
                    format!("add `{key} = ...`"),
                ),
                Some(v) => match tr::float_of(v.get_ref()) {
                    Some(x) if x.is_finite() && x >= 0.0 => {
                        figures.insert(*key, x);
                    }
                    _ => c.error(
                        v.span(),
                        Some(key),
                        format!("`{key}` must be a number of at least 0"),
                    ),
                },
            }
        }
        for key in [
            "anchor_records",
            "anchor_users",
            "max_load",
            "disk_step_gb",
            "hours_per_year",
        ] {
            if figures.get(key) == Some(&0.0) {
                c.error(doc.span(), Some(key), format!("`{key}` must be above 0"));
            }
        }
        if c.has_errors() {
            Err(c.finish())
        } else {
            Ok((SizingRules { figures }, c.finish()))
        }
    }

    /// The shipped figures.
    pub fn builtin() -> SizingRules {
        match SizingRules::parse(Source::new(BUILTIN_ORIGIN, BUILTIN_SIZING)) {
            Ok((rules, _)) => rules,
            Err(p) => unreachable!("the shipped sizing figures are checked by the tests: {p:?}"),
        }
    }

    fn f(&self, key: &str) -> f64 {
        self.figures.get(key).copied().unwrap_or(0.0)
    }

    /// Sizes every server role and projects storage year by year.
    pub fn size(&self, input: &SizingInput) -> Sizing {
        let storage = self.storage(input);
        let last = storage.last().cloned().expect("year 0 is always projected");
        let load = self.load(input);
        let mut assumptions = vec![self.load_note(load)];
        if load.1 {
            assumptions.push(format!("Load is capped at {}x the published anchor; beyond it, size from measurements, not this model.", self.f("max_load")));
        }
        let app = self.app_server(input, &last, load.0);
        let database = input.managed_db.then(|| self.managed_database(&app, &last));
        Sizing {
            input: input.clone(),
            sample_infrastructure: input.sample_infrastructure.then(|| self.sample()),
            openfn_app: input.openfn_self_hosted.then(|| {
                self.fixed(
                    "OpenFn Lightning application",
                    "openfn_app",
                    "Published minimum for a self-hosted Lightning app and worker.",
                )
            }),
            openfn_database: input.openfn_self_hosted.then(|| {
                self.fixed(
                    "OpenFn database (PostgreSQL 14.2 or later)",
                    "openfn_db",
                    "Published starting size; disk grows with how much run data is kept.",
                )
            }),
            bastion: self.bastion(),
            app_server: app,
            database,
            downtime_hours_per_year: round1(
                (1.0 - input.availability_pct / 100.0) * self.f("hours_per_year"),
            ),
            storage_by_year: storage,
            assumptions,
        }
    }

    /// The load relative to the anchor, and whether it was capped.
    fn load(&self, input: &SizingInput) -> (f64, bool) {
        let growth = 1.0 + input.growth_pct / 100.0;
        let records = input.records as f64 * growth.powi(input.years as i32);
        let by_records = records / self.f("anchor_records");
        let by_users = input.users as f64 / self.f("anchor_users");
        let load = by_records.max(by_users).max(1.0);
        (load.min(self.f("max_load")), load > self.f("max_load"))
    }

    fn load_note(&self, load: (f64, bool)) -> String {
        if load.0 <= 1.0 {
            "Within the published anchor (100,000 records, 200 active users): 2 vCPU and 8 GB memory.".to_string()
        } else {
            format!(
                "{:.1}x the published anchor; CPU and memory scaled by its square root (an assumption).",
                load.0
            )
        }
    }

    fn app_server(&self, input: &SizingInput, last: &YearStorage, load: f64) -> Server {
        let factor = load.powf(self.f("scaling_exponent"));
        let vcpu = (self.f("anchor_vcpu") * factor)
            .ceil()
            .max(self.f("floor_vcpu"));
        let ram = round_up(self.f("anchor_ram_gb") * factor, 2.0).max(self.f("floor_ram_gb"));
        let mut held = self.f("system_disk_gb");
        let mut holds = Vec::new();
        if !input.blob_storage {
            held += last.attachments_gb;
            holds.push("attachments");
        }
        if !input.managed_db {
            held += last.database_gb;
            holds.push("the database");
        }
        let disk = self.disk(held).max(self.f("anchor_disk_gb") as u64);
        let note = if holds.is_empty() {
            "Runs Primero; documents and database are elsewhere.".to_string()
        } else {
            format!(
                "Runs Primero and holds {} to the end of the programme, with headroom.",
                holds.join(" and ")
            )
        };
        Server {
            role: "Production application server".into(),
            vcpu: vcpu as u32,
            ram_gb: ram,
            disk_gb: disk,
            note,
        }
    }

    fn managed_database(&self, app: &Server, last: &YearStorage) -> Server {
        let share = self.f("managed_db_share");
        Server {
            role: "Managed PostgreSQL service".into(),
            vcpu: ((app.vcpu as f64 * share).ceil() as u32).max(self.f("floor_vcpu") as u32),
            ram_gb: round_up(app.ram_gb * share, 2.0).max(self.f("floor_ram_gb")),
            disk_gb: self.disk(last.database_gb).max(self.f("openfn_db_disk_gb") as u64),
            note: "Recommended over running PostgreSQL yourselves; check its backups meet local rules.".into(),
        }
    }

    fn bastion(&self) -> Server {
        self.fixed(
            "Bastion host",
            "bastion",
            "The only way in for administrators and UNICEF's delivery pipeline.",
        )
    }

    fn sample(&self) -> Server {
        Server {
            role: "Tier 4 sample infrastructure (non-production)".into(),
            vcpu: self.f("floor_vcpu") as u32,
            ram_gb: self.f("floor_ram_gb"),
            disk_gb: self.f("sample_disk_gb") as u64,
            note: "For UNICEF to test its delivery process; holds no real data.".into(),
        }
    }

    fn fixed(&self, role: &str, prefix: &str, note: &str) -> Server {
        Server {
            role: role.into(),
            vcpu: self.f(&format!("{prefix}_vcpu")) as u32,
            ram_gb: self.f(&format!("{prefix}_ram_gb")),
            disk_gb: self.f(&format!("{prefix}_disk_gb")) as u64,
            note: note.into(),
        }
    }

    /// GB in use plus headroom, rounded up to the disk step.
    fn disk(&self, used_gb: f64) -> u64 {
        let step = self.f("disk_step_gb");
        let gb = round_up(used_gb * (1.0 + self.f("disk_headroom")), step);
        gb.min(1e12) as u64
    }

    fn storage(&self, input: &SizingInput) -> Vec<YearStorage> {
        let growth = 1.0 + input.growth_pct / 100.0;
        let cap = self.f("anchor_records") * self.f("max_load");
        (0..=input.years)
            .map(|year| {
                let records = (input.records as f64 * growth.powi(year as i32))
                    .min(cap.max(input.records as f64));
                let database_gb = records * self.f("database_kb_per_record") / (1024.0 * 1024.0);
                let attachments_gb = records * input.attachment_mb / 1024.0;
                // Database dumps are kept whole; documents are synced, so one copy of each.
                let backups_gb = database_gb * input.backup_copies as f64 + attachments_gb;
                YearStorage {
                    year,
                    records: records.round() as u64,
                    database_gb: round1(database_gb),
                    attachments_gb: round1(attachments_gb),
                    backups_gb: round1(backups_gb),
                    total_gb: round1(database_gb + attachments_gb + backups_gb),
                }
            })
            .collect()
    }
}

fn round_up(x: f64, step: f64) -> f64 {
    if x <= 0.0 {
        0.0
    } else {
        (x / step).ceil() * step
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}
