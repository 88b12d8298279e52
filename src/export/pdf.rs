//! The PDF work plan for Terms of Use sign-off.

use super::{Context, Report, output_problem};
use std::path::Path;

/// Paper size of the PDF.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

/// Renders the work plan and writes it to `path` atomically.
pub fn export(_ctx: &Context, path: &Path, _paper: Paper, report: &mut Report) {
    report
        .problems
        .push(output_problem(path, "the PDF exporter is not built yet"));
}
