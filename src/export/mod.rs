//! Exporters: they read a finished plan and its analysis and write documents people use
//! outside hostplan. Each exporter renders bytes without touching files; [`run`] writes
//! what was asked for, atomically, through [`crate::store`].

pub mod config;
pub mod pdf;

use crate::analysis::Analysis;
use crate::diag::Problem;
use crate::model::Model;
use crate::plan::Plan;
use crate::strings::Strings;
use chrono::{DateTime, Utc};
use std::path::PathBuf;

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
}

/// The outputs asked for.
#[derive(Clone, Debug, Default)]
pub struct Request {
    pub pdf: Option<PathBuf>,
    pub paper: pdf::Paper,
    pub config_dir: Option<PathBuf>,
    /// Replace an existing config folder.
    pub force: bool,
    /// Fill the secrets file with random values instead of placeholders.
    pub generate_secrets: bool,
}

/// What an export run did: the files written and every problem found.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub written: Vec<PathBuf>,
    pub problems: Vec<Problem>,
}

impl Report {
    pub fn failed(&self) -> bool {
        crate::diag::has_errors(&self.problems)
    }
}

/// Runs each exporter asked for; a failure of one does not stop the others.
pub fn run(ctx: &Context, request: &Request) -> Report {
    let mut report = Report::default();
    if let Some(path) = &request.pdf {
        pdf::export(ctx, path, request.paper, &mut report);
    }
    if let Some(dir) = &request.config_dir {
        let options = config::Options {
            force: request.force,
            generate_secrets: request.generate_secrets,
        };
        config::export(ctx, dir, &options, &mut report);
    }
    report
}

/// A problem about an output as a whole (a file that could not be written, say).
pub fn output_problem(path: &std::path::Path, message: impl Into<String>) -> Problem {
    Problem {
        severity: crate::diag::Severity::Error,
        origin: path.display().to_string(),
        line: 0,
        column: 0,
        id: None,
        message: message.into(),
        help: None,
    }
}
