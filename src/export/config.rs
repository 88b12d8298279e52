//! The configuration hand-over for Primero's deployment tooling.

use super::{Context, Report, output_problem};
use std::path::Path;

#[derive(Clone, Debug, Default)]
pub struct Options {
    pub force: bool,
    pub generate_secrets: bool,
}

/// Checks the plan's configuration answers, then writes the config folder `dir`.
pub fn export(_ctx: &Context, dir: &Path, _options: &Options, report: &mut Report) {
    report
        .problems
        .push(output_problem(dir, "the config exporter is not built yet"));
}
