use anyhow::{Result, bail};
use clap::Args;
use hostplan::formats::{group_thousands, human_decimal};
use hostplan::sizing::{Sizing, SizingInput, SizingRules};

/// Size the servers for a Primero deployment
#[derive(Args)]
pub struct SizeArgs {
    /// Case records expected at the start
    #[arg(long, value_name = "N")]
    records: u64,
    /// Active users
    #[arg(long, value_name = "N")]
    users: u64,
    /// Attachments per record, in MB
    #[arg(long, value_name = "MB", default_value_t = 4.0)]
    attachment_mb: f64,
    /// Yearly growth of records, in percent
    #[arg(long, value_name = "PCT", default_value_t = 10.0)]
    growth: f64,
    /// Years the programme runs
    #[arg(long, value_name = "Y", default_value_t = 3)]
    years: u32,
    /// Database backup copies kept
    #[arg(long, value_name = "N", default_value_t = 14)]
    backup_copies: u32,
    /// Use a managed PostgreSQL service
    #[arg(long)]
    managed_db: bool,
    /// Keep attachments in blob storage (Azure Blob, S3, MinIO)
    #[arg(long)]
    blob_storage: bool,
    /// Self-host OpenFn Lightning
    #[arg(long)]
    openfn_local: bool,
    /// Tier 4: include the non-production sample infrastructure
    #[arg(long)]
    tier4: bool,
    /// Availability target, in percent
    #[arg(long, value_name = "PCT", default_value_t = 99.0)]
    availability: f64,
    /// Print everything as JSON (schema in docs/sizing.md)
    #[arg(long)]
    json: bool,
}

pub fn run(args: SizeArgs) -> Result<bool> {
    if args.records > 1_000_000_000 || args.users > 10_000_000 {
        bail!("--records can be at most 1,000,000,000 and --users at most 10,000,000");
    }
    let input = SizingInput {
        records: args.records,
        users: args.users,
        attachment_mb: args.attachment_mb,
        growth_pct: args.growth,
        years: args.years,
        backup_copies: args.backup_copies,
        managed_db: args.managed_db,
        blob_storage: args.blob_storage,
        openfn_self_hosted: args.openfn_local,
        sample_infrastructure: args.tier4,
        availability_pct: args.availability,
    };
    let problems = input.problems();
    if !problems.is_empty() {
        bail!("{}", problems.join("; "));
    }
    let sizing = SizingRules::builtin().size(&input);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&sizing)?);
    } else {
        print!("{}", table(&sizing));
    }
    Ok(true)
}

/// The sizing as text for people.
pub fn table(s: &Sizing) -> String {
    let mut out = format!(
        "Servers for {} records and {} active users\n\n",
        group_thousands(s.input.records as i64),
        group_thousands(s.input.users as i64)
    );
    out.push_str(&format!(
        "  {:<46} {:>5} {:>8} {:>9}\n",
        "Role", "vCPU", "RAM GB", "Disk GB"
    ));
    for server in s.servers() {
        out.push_str(&format!(
            "  {:<46} {:>5} {:>8} {:>9}\n      {}\n",
            server.role,
            server.vcpu,
            human_decimal(server.ram_gb),
            group_thousands(server.disk_gb.min(i64::MAX as u64) as i64),
            server.note
        ));
    }
    out.push_str(&format!(
        "\nStorage by year (GB)\n  {:<6} {:>12} {:>10} {:>12} {:>10} {:>10}\n",
        "Year", "Records", "Database", "Attachments", "Backups", "Total"
    ));
    for y in &s.storage_by_year {
        out.push_str(&format!(
            "  {:<6} {:>12} {:>10} {:>12} {:>10} {:>10}\n",
            y.year,
            group_thousands(y.records.min(i64::MAX as u64) as i64),
            human_decimal(y.database_gb),
            human_decimal(y.attachments_gb),
            human_decimal(y.backups_gb),
            human_decimal(y.total_gb)
        ));
    }
    out.push_str(&format!(
        "\nAn availability target of {}% allows {} hours of downtime a year.\n",
        human_decimal(s.input.availability_pct),
        human_decimal(s.downtime_hours_per_year)
    ));
    for a in &s.assumptions {
        out.push_str(&format!("Note: {a}\n"));
    }
    out
}
