//! `hostplan preflight`: checks the server it runs on against the plan.

use super::plan_cmd::PlanInput;
use super::plan_model::plan_and_model;
use anyhow::{Context as _, Result};
use clap::Args;
use hostplan::base::key;
use hostplan::base::strings::{Strings, fill, get};
use hostplan::core::plan::Completeness;
use hostplan::export::config::SUMMARY_FILE;
use hostplan::export::with_saved_context;
use hostplan::preflight::{self, Check, Probe, Target, Verdict, report};
use hostplan::session::clock::export_time;
use hostplan::session::problems::report;
use hostplan::session::readfile::{Unreadable, read_text};
use hostplan::{errln, out, outln};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Check this server against the plan, or its configuration folder, before installing Primero on it (docs/preflight.md)
#[derive(Args)]
pub struct PreflightArgs {
    #[command(flatten)]
    input: PlanInput,
    /// Print the report as JSON (schema in docs/preflight.md)
    #[arg(long)]
    json: bool,
    /// Run only these checks (comma-separated: resources, system, docker, ports, dns, tls,
    /// smtp, postgres, clock, outbound)
    #[arg(long, value_name = "CHECKS", value_delimiter = ',', value_parser = check_name)]
    only: Vec<Check>,
    /// Leave out these checks (comma-separated)
    #[arg(long, value_name = "CHECKS", value_delimiter = ',', value_parser = check_name)]
    skip: Vec<Check>,
    /// Seconds any one network step may take
    #[arg(long, value_name = "SECONDS", default_value_t = 5)]
    timeout: u64,
    /// Resolve HOST to ADDR instead of asking DNS (repeatable), as curl's --resolve
    #[arg(long, value_name = "HOST:ADDR", value_parser = host_address)]
    resolve: Vec<(String, IpAddr)>,
    /// Connect to PostgreSQL with this URL and check its version
    #[arg(long, value_name = "URL")]
    db_url: Option<String>,
    /// Send one test message through the mail relay to this address
    #[arg(long, value_name = "TO")]
    send_test_mail: Option<String>,
    /// The site certificate chain to check (PEM), when the server does not serve it yet
    #[arg(long, value_name = "FILE")]
    certificate: Option<PathBuf>,
    /// The port the site serves HTTPS on (for tests)
    #[arg(long, value_name = "PORT", default_value_t = 443, hide = true)]
    https_port: u16,
    /// Read /proc and /etc under DIR instead of the machine's own (for tests)
    #[arg(long, value_name = "DIR", default_value = "/")]
    root: PathBuf,
}

/// A value of `--only`, `--skip` or `--resolve` that cannot be used, worded by the
/// catalogue for clap to show.
#[derive(Debug, thiserror::Error)]
enum ArgError {
    #[error("{}", fill(key::preflight::cli::UNKNOWN_CHECK, &[("given", given), ("checks", &check_names())]))]
    UnknownCheck { given: String },
    #[error("{}", get(key::preflight::cli::RESOLVE_SHAPE))]
    ResolveShape,
}

fn check_names() -> String {
    let names: Vec<&str> = Check::ALL.iter().map(|c| c.name()).collect();
    names.join(", ")
}

fn check_name(text: &str) -> Result<Check, ArgError> {
    Check::from_name(text).ok_or_else(|| ArgError::UnknownCheck {
        given: text.to_string(),
    })
}

fn host_address(text: &str) -> Result<(String, IpAddr), ArgError> {
    let (host, addr) = text.split_once(':').ok_or(ArgError::ResolveShape)?;
    let addr = addr
        .trim_matches(['[', ']'])
        .parse()
        .map_err(|_| ArgError::ResolveShape)?;
    Ok((host.to_string(), addr))
}

pub fn run(args: PreflightArgs, dir: Option<&Path>) -> Result<bool> {
    let now = export_time()?;
    let folder = args.input.plan.as_deref().filter(|p| p.is_dir());
    let (target, origin) = match folder {
        Some(folder) => match folder_target(folder)? {
            Some(found) => found,
            None => return Ok(false),
        },
        None => {
            let Some((plan, origin, model)) =
                plan_and_model(dir, args.input.plan.as_deref(), Completeness::Partial)?
            else {
                return Ok(false);
            };
            let target = with_saved_context(&model, &plan, None, now, &origin, Target::from_plan);
            (target, origin)
        }
    };
    let probe = Probe {
        root: args.root.clone(),
        resolve: args.resolve.clone(),
        timeout: Duration::from_secs(args.timeout.max(1)),
        now: now.timestamp(),
        db_url: args.db_url.clone(),
        send_test_mail: args.send_test_mail.clone(),
        certificate: args.certificate.clone(),
        tls_port: args.https_port,
    };
    let checks = preflight::selected(&args.only, &args.skip);
    let found = preflight::run(&target, &probe, &checks);
    let s = Strings::builtin();
    let stamp = now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let json = report::json(&found, &origin, &stamp, s);
    if args.json {
        out!("{json}");
    } else {
        let when = hostplan::export::pdf::time_words(now);
        out!("{}", report::text(&found, &origin, &when, s));
    }
    if let Some(path) = &args.input.plan {
        save_beside(path, &json, args.json)?;
    }
    Ok(preflight::verdict(&found) != Verdict::Fail)
}

/// What the configuration folder's summary asks of the server, and the folder's name;
/// `None` when the summary's problems were printed instead.
fn folder_target(folder: &Path) -> Result<Option<(Target, String)>> {
    let path = folder.join(SUMMARY_FILE);
    let origin = path.display().to_string();
    let text = match read_text(&path) {
        Ok(text) => text,
        Err(Unreadable(problem)) => {
            report(&[problem]);
            errln!(
                "{}",
                fill(
                    key::preflight::cli::NO_SUMMARY,
                    &[("dir", &folder.display().to_string())]
                )
            );
            return Ok(None);
        }
    };
    match preflight::summary::target(&text, &origin) {
        Ok(target) => Ok(Some((target, folder.display().to_string()))),
        Err(problem) => {
            report(&[problem]);
            Ok(None)
        }
    }
}

/// Saves the JSON report as `NAME-preflight.json` beside the plan file or the
/// configuration folder (not inside it: a new export replaces the folder whole).
fn save_beside(plan: &Path, json: &str, quiet: bool) -> Result<()> {
    // `.` has no name of its own to put the report beside.
    let whole;
    let plan = if plan.file_name().is_none() {
        whole = std::path::absolute(plan)?;
        whole.as_path()
    } else {
        plan
    };
    let name = plan
        .file_stem()
        .map_or_else(|| "plan".into(), |s| s.to_string_lossy().to_string());
    let path = plan.with_file_name(format!("{name}-preflight.json"));
    hostplan::store::save(&path, json.as_bytes()).with_context(|| path.display().to_string())?;
    if !quiet {
        let shown = path.display().to_string();
        outln!("{}", fill(key::preflight::cli::SAVED, &[("path", &shown)]));
    }
    Ok(())
}
