//! `hostplan size`: servers to procure, storage by year and downtime allowed.

use anyhow::{Result, bail};
use clap::Args;
use hostplan::base::diag::Source;
use hostplan::base::formats::{self, group_thousands, human_decimal};
use hostplan::base::key;
use hostplan::base::strings::{Strings, fill, get, language};
use hostplan::core::builtin::Catalog;
use hostplan::core::sizing::{BUILTIN_SIZING, Sizing, SizingInput, SizingRules};
use hostplan::session::companions;
use hostplan::session::problems::{counts, report};
use hostplan::session::readfile::read_text;
use hostplan::{errln, out, outln};
use std::path::PathBuf;

/// Size the servers for a Primero deployment (figures and sources in docs/sizing.md)
#[derive(Args)]
pub struct SizeArgs {
    /// Case records expected at the start, such as 150000 or 150,000
    #[arg(long, value_name = "N", value_parser = whole, allow_negative_numbers = true,
          required_unless_present = "print_rules")]
    records: Option<u64>,
    /// --records counts the end of the first year, as a plan's question does, not the start
    #[arg(long)]
    first_year: bool,
    /// Active users
    #[arg(long, value_name = "N", value_parser = whole, allow_negative_numbers = true,
          required_unless_present = "print_rules")]
    users: Option<u64>,
    /// Average attachments per record, in MB
    #[arg(long, value_name = "MB", value_parser = decimal, allow_negative_numbers = true,
          default_value_t = SizingInput::default().attachment_mb)]
    attachment_mb: f64,
    /// Yearly growth of the records, in percent
    #[arg(long, value_name = "PCT", value_parser = decimal, allow_negative_numbers = true,
          default_value_t = SizingInput::default().growth_pct)]
    growth: f64,
    /// Years the programme runs; servers are sized for the end of the last one
    #[arg(long, value_name = "Y", value_parser = years, allow_negative_numbers = true,
          default_value_t = SizingInput::default().years as u64)]
    years: u64,
    /// Database backup copies kept
    #[arg(long, value_name = "N", value_parser = whole, allow_negative_numbers = true,
          default_value_t = SizingInput::default().backup_copies as u64)]
    backup_copies: u64,
    /// PostgreSQL is a managed service (otherwise it runs on the application server)
    #[arg(long)]
    managed_db: bool,
    /// Attachments go to blob storage: Azure Blob Storage, Amazon S3 or MinIO
    #[arg(long)]
    blob_storage: bool,
    /// OpenFn Lightning is self-hosted
    #[arg(long)]
    openfn_local: bool,
    /// Tier 4: add the non-production sample infrastructure
    #[arg(long)]
    tier4: bool,
    /// Fully local: add the team's own non-production demo site
    #[arg(long, conflicts_with = "tier4")]
    demo_site: bool,
    /// Availability target, in percent: at least 90, below 100
    #[arg(long, value_name = "PCT", value_parser = decimal, allow_negative_numbers = true,
          default_value_t = SizingInput::default().availability_pct)]
    availability: f64,
    /// Use the sizing figures in FILE instead of the built-in ones
    #[arg(long, value_name = "FILE")]
    rules: Option<PathBuf>,
    /// Print the built-in sizing figures, to copy and edit for --rules
    #[arg(long, exclusive = true)]
    print_rules: bool,
    /// Print everything as JSON (schema in docs/sizing.md)
    #[arg(long)]
    json: bool,
}

/// Why a number given on the command line is refused, in the catalogue's words.
#[derive(Debug, thiserror::Error)]
#[error("{}", get(self.key()))]
enum BadNumber {
    Negative,
    NotWhole,
    NotNumber,
    NoYears,
}

impl BadNumber {
    fn key(&self) -> &'static str {
        match self {
            BadNumber::Negative => key::cli::size::NEGATIVE,
            BadNumber::NotWhole => key::cli::size::NOT_WHOLE,
            BadNumber::NotNumber => key::cli::size::NOT_NUMBER,
            BadNumber::NoYears => key::cli::size::NO_YEARS,
        }
    }
}

/// A whole number of at least 0, with or without thousands separators.
fn whole(text: &str) -> Result<u64, BadNumber> {
    match formats::parse_integer(text) {
        Some(n) if n < 0 => Err(BadNumber::Negative),
        Some(n) => Ok(n as u64),
        None => Err(BadNumber::NotWhole),
    }
}

/// A number of years: at least 1, since the servers are sized for the end of the last one.
fn years(text: &str) -> Result<u64, BadNumber> {
    match whole(text)? {
        0 => Err(BadNumber::NoYears),
        n => Ok(n),
    }
}

/// A number of at least 0; `99%` and `4,5` are read too.
fn decimal(text: &str) -> Result<f64, BadNumber> {
    match formats::parse_decimal(text) {
        Some(x) if x < 0.0 => Err(BadNumber::Negative),
        Some(x) => Ok(x),
        None => Err(BadNumber::NotNumber),
    }
}

pub fn run(args: SizeArgs) -> Result<bool> {
    if args.print_rules {
        out!("{BUILTIN_SIZING}");
        return Ok(true);
    }
    let rules = match &args.rules {
        None => SizingRules::builtin(),
        Some(path) => {
            let origin = path.display().to_string();
            let text = read_text(path)?;
            match SizingRules::parse(Source::new(&origin, &text)) {
                Ok((rules, warnings)) => {
                    report(&warnings);
                    rules
                }
                Err(problems) => {
                    report(&problems);
                    errln!(
                        "{}",
                        fill(
                            key::cli::size::BROKEN_RULES,
                            &[("origin", &origin), ("counts", &counts(&problems))],
                        )
                    );
                    return Ok(false);
                }
            }
        }
    };
    let input = SizingInput {
        records: args.records.unwrap_or_default(),
        records_after_first_year: args.first_year,
        users: args.users.unwrap_or_default(),
        attachment_mb: args.attachment_mb,
        growth_pct: args.growth,
        years: u32::try_from(args.years).unwrap_or(u32::MAX),
        backup_copies: u32::try_from(args.backup_copies).unwrap_or(u32::MAX),
        managed_db: args.managed_db,
        blob_storage: args.blob_storage,
        openfn_self_hosted: args.openfn_local,
        sample_infrastructure: args.tier4,
        demo_site: args.demo_site,
        availability_pct: args.availability,
        ubuntu_release: ubuntu_today(),
        ..SizingInput::default()
    };
    let strings = Strings::builtin();
    // Each problem names the flag that set the figure, as clap's own refusals do.
    let problems: Vec<String> = input
        .problems_by_field(strings)
        .into_iter()
        .map(|(field, text)| format!("{}: {text}", flag_of(field)))
        .collect();
    if !problems.is_empty() {
        bail!("{}", one_a_line(problems));
    }
    let sizing = rules.size(&input, strings);
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&sizing)?);
    } else {
        out!("{}", table(&sizing));
    }
    Ok(true)
}

/// The Ubuntu release a server set up today gets: the shipped work plan's choice, so
/// `hostplan size` and a plan started today name the same one.
fn ubuntu_today() -> Option<String> {
    let catalog = Catalog::builtin().ok()?;
    let q = catalog.get("primero")?;
    let model = companions::model(q, None, language()).ok()??;
    let today = chrono::Local::now().date_naive();
    model.templates.ubuntu_release(today).map(str::to_string)
}

/// A count for people: 150,000.
fn count(n: u64) -> String {
    group_thousands(i64::try_from(n).unwrap_or(i64::MAX))
}

/// GB for people: whole GB from 100 up, one decimal below.
fn gb(x: f64) -> String {
    if x >= 100.0 {
        human_decimal(x.round())
    } else {
        human_decimal(x)
    }
}

/// The flag that sets a field of [`SizingInput`] named in its problems.
fn flag_of(field: &str) -> &'static str {
    match field {
        "records" => "--records",
        "users" => "--users",
        "attachment_mb" => "--attachment-mb",
        "growth_pct" => "--growth",
        "availability_pct" => "--availability",
        "years" => "--years",
        _ => "--backup-copies",
    }
}

/// The problems of the inputs, one a line.
fn one_a_line(problems: Vec<String>) -> String {
    let mut problems = problems.into_iter();
    let first = problems.next().unwrap_or_default();
    problems.fold(first, |all, problem| {
        fill(
            key::cli::size::MORE_PROBLEMS,
            &[("problems", &all), ("problem", &problem)],
        )
    })
}

/// The sizing as text for people.
fn table(s: &Sizing) -> String {
    let mut out = heading(&s.input);
    out.push_str(&servers(s));
    out.push_str(&platform(s));
    out.push_str(&storage(s));
    out.push_str(&format!(
        "\n{}\n\n{}\n",
        fill(
            key::cli::size::DOWNTIME,
            &[
                ("hours", &human_decimal(s.downtime_hours_per_year)),
                ("availability_pct", &human_decimal(s.input.availability_pct)),
            ],
        ),
        get(key::cli::size::ASSUMPTIONS)
    ));
    for a in &s.assumptions {
        out.push_str(&format!("  - {a}\n"));
    }
    out
}

fn heading(i: &SizingInput) -> String {
    let key = if i.records_after_first_year {
        key::cli::size::HEADING_FIRST_YEAR
    } else {
        key::cli::size::HEADING
    };
    let mut out = fill(
        key,
        &[("records", &count(i.records)), ("users", &count(i.users))],
    );
    if i.years > 0 {
        out.push_str(&fill(
            key::cli::size::HEADING_GROWTH,
            &[
                ("growth_pct", &human_decimal(i.growth_pct)),
                ("years", &i.years.to_string()),
            ],
        ));
    }
    out.push_str("\n\n");
    out
}

/// One row a server, its note under it.
fn servers(s: &Sizing) -> String {
    let mut out = format!(
        "  {:<46} {:>5} {:>7} {:>9}\n",
        get(key::cli::size::ROLE),
        get(key::cli::size::VCPU),
        get(key::cli::size::RAM_GB),
        get(key::cli::size::DISK_GB)
    );
    for server in s.servers() {
        out.push_str(&format!(
            "  {:<46} {:>5} {:>7} {:>9}\n      {}\n",
            Sizing::label(server, Strings::builtin()),
            server.vcpu,
            human_decimal(server.ram_gb),
            count(server.disk_gb),
            server.note
        ));
        // The database has no machine of its own, yet people look for it in this list.
        if std::ptr::eq(server, &s.app_server) && s.database.is_none() {
            out.push_str(&format!(
                "  {:<46} {:>23}\n      {}\n",
                get(key::cli::size::DATABASE),
                get(key::cli::size::DATABASE_WHERE),
                get(key::cli::size::DATABASE_NOTE)
            ));
        }
    }
    out
}

/// The operating system and what the servers must reach.
fn platform(s: &Sizing) -> String {
    let mut out = format!(
        "\n{}\n{}:\n",
        fill(key::sizing::platform::OS_LINE, &[("os", &s.platform.os)]),
        get(key::sizing::platform::OUTBOUND)
    );
    for item in &s.platform.outbound {
        out.push_str(&format!("  - {}\n", item.text));
    }
    out
}

fn storage(s: &Sizing) -> String {
    let mut out = format!(
        "\n{}\n  {:<5} {:>13} {:>10} {:>12} {:>10} {:>10}\n",
        get(key::cli::size::STORAGE),
        get(key::cli::size::YEAR),
        get(key::cli::size::RECORDS),
        get(key::cli::size::DATABASE_GB),
        get(key::cli::size::ATTACHMENTS_GB),
        get(key::cli::size::BACKUPS_GB),
        get(key::cli::size::TOTAL_GB)
    );
    for y in &s.storage_by_year {
        out.push_str(&format!(
            "  {:<5} {:>13} {:>10} {:>12} {:>10} {:>10}\n",
            y.year,
            count(y.records),
            gb(y.database_gb),
            gb(y.attachments_gb),
            gb(y.backups_gb),
            gb(y.total_gb)
        ));
    }
    out
}
