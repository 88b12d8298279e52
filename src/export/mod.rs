//! Exporters: they read a finished plan and its analysis and write documents people use
//! outside hostplan. Each exporter renders bytes without touching files; [`run`] writes
//! what was asked for, atomically, through [`crate::store`].

use crate::base::key;
pub mod config;
pub mod diff;
pub mod ics;
pub mod json;
pub mod pdf;
pub mod portfolio;
pub mod server_check;
pub mod xlsx;

use crate::analysis::Analysis;
use crate::base::diag::{Args, Problem};
use crate::base::strings::Strings;
use crate::core::model::Model;
use crate::core::plan::Plan;
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};

/// What every exporter reads.
pub struct Context<'a> {
    pub model: &'a Model,
    pub plan: &'a Plan,
    pub analysis: &'a Analysis,
    pub strings: &'a Strings,
    /// When the export is made. The caller passes SOURCE_DATE_EPOCH when it is set, so
    /// two exports of the same plan are byte-identical.
    pub now: DateTime<Utc>,
    /// How the plan is named in messages: its file path, or "built-in demo plan".
    pub origin: &'a str,
    /// When the plan's file was last written, as the caller found it: the PDF dates the
    /// plan version by it when the plan carries no `updated` or `created` stamp (a
    /// hand-written answers file). `None` for the demo and for plans not read from a file;
    /// the exporters read no file themselves.
    pub plan_saved: Option<DateTime<Utc>>,
}

impl Context<'_> {
    /// The answer to question `id` as its plain value (empty when unanswered): names and
    /// ids as the plan holds them, for files and identifiers rather than for reading.
    pub fn answer_plain(&self, id: &str) -> String {
        self.plan
            .answers
            .get(id)
            .map(|a| a.to_plain())
            .unwrap_or_default()
    }
}

/// Works out the analysis of `plan` as of `now` and runs `f` with a context for it,
/// using the built-in sizing figures and strings.
pub fn with_context<R>(
    model: &Model,
    plan: &Plan,
    now: DateTime<Utc>,
    origin: &str,
    f: impl FnOnce(&Context) -> R,
) -> R {
    with_saved_context(model, plan, None, now, origin, f)
}

/// [`with_context`] for a plan read from a file that was last written at `saved`
/// ([`Context::plan_saved`]).
pub fn with_saved_context<R>(
    model: &Model,
    plan: &Plan,
    saved: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    origin: &str,
    f: impl FnOnce(&Context) -> R,
) -> R {
    let analysis = Analysis::with_builtin_figures(model, &plan.answers, now.date_naive());
    f(&Context {
        model,
        plan,
        analysis: &analysis,
        strings: Strings::builtin(),
        now,
        origin,
        plan_saved: saved,
    })
}

/// The outputs asked for.
#[derive(Clone, Debug, Default)]
pub struct Request {
    pub pdf: Option<PathBuf>,
    pub paper: pdf::Paper,
    /// Right to left for a PDF in Arabic.
    pub direction: pdf::Direction,
    /// A preflight report, printed as the PDF's last appendix.
    pub server_check: Option<server_check::ServerCheck>,
    /// The changes since the version signed before, for a page of the PDF.
    pub since: Option<diff::Since>,
    /// The milestones and checklist due dates as a calendar (`.ics`).
    pub ics: Option<PathBuf>,
    pub config_dir: Option<PathBuf>,
    /// The work plan as a workbook.
    pub xlsx: Option<PathBuf>,
    /// Replace an existing config folder.
    pub force: bool,
    /// Fill the secrets file with random values instead of placeholders.
    pub generate_secrets: bool,
}

/// What an export run did: the files written, every problem found, and notes worth
/// reading that are not problems (the ASCII form of an international host name, say).
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub written: Vec<PathBuf>,
    pub problems: Vec<Problem>,
    pub notes: Vec<String>,
}

impl Report {
    pub fn failed(&self) -> bool {
        crate::base::diag::has_errors(&self.problems)
    }
}

/// Checks the configuration answers, then runs each exporter asked for. An error in the
/// answers stops every export: a work plan signed with a host name Primero cannot use is
/// as wrong as a config folder holding it. Once the answers pass, a failure of one
/// exporter does not stop the other.
pub fn run(ctx: &Context, request: &Request) -> Report {
    let mut report = Report {
        problems: config::check(ctx),
        notes: config::notes(ctx),
        ..Report::default()
    };
    if report.failed() {
        let stopped = output_problem(
            Path::new(ctx.origin),
            key::common::export::STOPPED,
            Vec::new(),
        );
        report
            .problems
            .push(stopped.help_at(key::common::export::STOPPED_HELP));
        return report;
    }
    // Exported all the same, as a draft to discuss: the PDF says so on every page.
    report
        .problems
        .extend(crate::analysis::summary::commitment_problems(
            ctx.analysis,
            &ctx.model.questionnaire,
            ctx.origin,
            crate::base::diag::Severity::Warning,
        ));
    if let Some(path) = &request.pdf {
        // The ruled-out option is a warning above; an unconfirmed signatory is a note.
        let unconfirmed = pdf::draft_reasons(ctx)
            .into_iter()
            .filter(|r| r.signatory.is_some());
        report.notes.extend(unconfirmed.map(|r| r.text));
        let options = pdf::Options {
            paper: request.paper,
            direction: request.direction,
            server_check: request.server_check.clone(),
            since: request.since.as_ref().map(|since| since.page(ctx.strings)),
        };
        pdf::export(ctx, path, &options, &mut report);
    }
    if let Some(path) = &request.ics {
        ics::export(ctx, path, &mut report);
    }
    if let Some(path) = &request.xlsx {
        xlsx::export(ctx, path, &mut report);
    }
    if let Some(dir) = &request.config_dir {
        let options = config::Options {
            force: request.force,
            generate_secrets: request.generate_secrets,
        };
        config::write(ctx, dir, &options, &mut report);
        if cfg!(windows) && !report.written.is_empty() {
            // Windows has no owner-only file mode to give the secrets files.
            let note = ctx.strings.get(key::config::note::WINDOWS_SECRETS);
            report.notes.push(note.to_string());
        }
    }
    report
}

/// A problem about an output as a whole (a file that could not be written, say), worded
/// by catalogue text `key`.
pub fn output_problem(path: &Path, key: &'static str, args: Args) -> Problem {
    Problem::error(key, args).in_file(path.display().to_string())
}
