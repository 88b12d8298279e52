//! `hostplan export`: the signed work plan (PDF) and the configuration hand-over.

use super::plan_cmd::{PlanInput, place_in_plan};
use super::plan_model::{compared_plan, plan_and_model};
use anyhow::{Result, bail};
use clap::{Args, ValueEnum};
use hostplan::base::key;
use hostplan::base::strings::{fill, get};
use hostplan::core::plan::Completeness;
use hostplan::export::diff::Since;
use hostplan::export::pdf::{Direction, Paper};
use hostplan::export::server_check::ServerCheck;
use hostplan::export::{self, Request, with_saved_context};
use hostplan::outln;
use hostplan::session::clock::export_time;
use hostplan::session::plan_file::demo;
use hostplan::session::problems::report;
use hostplan::session::readfile::read_text;
use std::path::{Path, PathBuf};

/// Write the PDF work plan and the configuration hand-over from a finished plan
#[derive(Args)]
pub struct ExportArgs {
    #[command(flatten)]
    input: PlanInput,
    /// Write the work plan for sign-off to FILE (a PDF)
    #[arg(long, value_name = "FILE")]
    pdf: Option<PathBuf>,
    /// Paper size of the PDF
    #[arg(long, value_enum, default_value_t = PaperArg::A4)]
    paper: PaperArg,
    /// Add the report FILE of `hostplan preflight --json` to the PDF as an appendix
    #[arg(long, value_name = "FILE", requires = "pdf")]
    preflight: Option<PathBuf>,
    /// Add a page of the changes since plan OLD, the version signed before, to the PDF
    #[arg(long, value_name = "OLD", requires = "pdf")]
    since: Option<PathBuf>,
    /// Write the milestones and checklist due dates to FILE as a calendar (.ics)
    #[arg(long, value_name = "FILE")]
    ics: Option<PathBuf>,
    /// Write the work plan as a workbook to FILE (xlsx: tasks, Gantt, milestones,
    /// responsibilities, checklists)
    #[arg(long, value_name = "FILE")]
    xlsx: Option<PathBuf>,
    /// Write the configuration hand-over into the folder DIR
    #[arg(long, value_name = "DIR")]
    config: Option<PathBuf>,
    /// Replace DIR if it already exists
    #[arg(long)]
    force: bool,
    /// Fill the secrets files with random values instead of placeholders
    #[arg(long)]
    generate_secrets: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum PaperArg {
    A4,
    Letter,
}

pub fn run(args: ExportArgs, dir: Option<&Path>) -> Result<bool> {
    if args.pdf.is_none() && args.config.is_none() && args.ics.is_none() && args.xlsx.is_none() {
        bail!("{}", get(key::cli::export::NOTHING_ASKED));
    }
    let Some((plan, origin, model)) =
        plan_and_model(dir, args.input.plan.as_deref(), Completeness::Complete)?
    else {
        return Ok(false);
    };
    let now = export_time()?;
    let saved = args.input.plan.as_deref().and_then(file_time);
    let signed = match &args.since {
        Some(old) => Some(compared_plan(old, dir)?),
        None => None,
    };
    let mut request = Request {
        pdf: args.pdf,
        paper: match args.paper {
            PaperArg::A4 => Paper::A4,
            PaperArg::Letter => Paper::Letter,
        },
        direction: Direction::of(hostplan::base::strings::language()),
        server_check: server_check(args.preflight.as_deref())?,
        since: None,
        ics: args.ics,
        config_dir: args.config,
        xlsx: args.xlsx,
        force: args.force,
        generate_secrets: args.generate_secrets,
    };
    let mut done = with_saved_context(&model, &plan, saved, now, &origin, |ctx| {
        // The changes are worked out against this export's own analysis, not a second one.
        request.since = signed.as_ref().map(|(old_plan, old_origin, old_model)| {
            export::with_context(old_model, old_plan, now, old_origin, |before| {
                Since::between(before, ctx)
            })
        });
        export::run(ctx, &request)
    });
    let text = match &args.input.plan {
        Some(path) => read_text(path)?,
        None => demo().1.to_string(),
    };
    place_in_plan(&mut done.problems, &text);
    report(&done.problems);
    for note in &done.notes {
        outln!("{}", fill(key::config::cmd::NOTE, &[("note", note)]));
    }
    for path in &done.written {
        let shown = path.display().to_string();
        outln!("{}", fill(key::cli::export::WROTE, &[("path", &shown)]));
    }
    Ok(!done.failed())
}

/// The preflight report for the appendix, when one is given; a report that cannot be
/// read stops the export, placed at its line and column.
fn server_check(path: Option<&Path>) -> Result<Option<ServerCheck>> {
    let Some(path) = path else {
        return Ok(None);
    };
    let text = read_text(path)?;
    match ServerCheck::parse(&text, &path.display().to_string()) {
        Ok(report) => Ok(Some(report)),
        Err(problem) => {
            report(&[problem]);
            bail!("{}", get(key::cli::export::PREFLIGHT_UNREADABLE));
        }
    }
}

/// When the plan file was last written, for a plan that records no time of its own.
fn file_time(path: &Path) -> Option<chrono::DateTime<chrono::Utc>> {
    let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok()?;
    Some(chrono::DateTime::<chrono::Utc>::from(modified))
}
