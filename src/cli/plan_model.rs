//! The plan a command names (or the demo) with its questionnaire's model, read once for
//! `export`, `preflight` and `plan diff`.

use anyhow::{Context as _, Result, bail};
use hostplan::base::key;
use hostplan::base::strings::{fill, get, language};
use hostplan::core::model::Model;
use hostplan::core::plan::{Completeness, Plan};
use hostplan::errln;
use hostplan::session::catalog::catalog;
use hostplan::session::companions::model;
use hostplan::session::plan_file::open;
use hostplan::session::problems::{broken_data, report};
use std::path::Path;

/// The plan named (or the demo), where it comes from, and its questionnaire's model:
/// what `export`, `preflight` and `plan diff` work from. `None` when the plan is not answered enough
/// for `completeness`, which is said on standard error.
pub(super) fn plan_and_model(
    dir: Option<&Path>,
    path: Option<&Path>,
    completeness: Completeness,
) -> Result<Option<(Plan, String, Model)>> {
    let cat = catalog(dir, language()).map_err(|p| {
        report(&p);
        anyhow::anyhow!("{}", broken_data(key::cli::broken::QUESTIONNAIRES, &p))
    })?;
    let Some((plan, origin)) = open(&cat, path, completeness)? else {
        errln!("{}", get(key::cli::export::UNANSWERED));
        return Ok(None);
    };
    let q = cat
        .get(&plan.questionnaire)
        .context("questionnaire vanished")?;
    match model(q, dir, language()) {
        Ok(Some(m)) => Ok(Some((plan, origin, m))),
        Ok(None) => bail!(
            "{}",
            fill(key::cli::export::NO_DECISION_DATA, &[("id", &q.id)])
        ),
        Err(problems) => {
            report(&problems);
            bail!(
                "{}",
                broken_data(key::cli::broken::DECISION_DATA, &problems)
            );
        }
    }
}

/// The plan at `path`, answered or not, with its model: an earlier version to compare
/// with (`plan diff`, `export --since`). A plan that cannot be read is an error.
pub(super) fn compared_plan(path: &Path, dir: Option<&Path>) -> Result<(Plan, String, Model)> {
    match plan_and_model(dir, Some(path), Completeness::Partial)? {
        Some(found) => Ok(found),
        None => bail!(
            "{}",
            fill(
                key::diff::cli::UNREADABLE,
                &[("plan", &path.display().to_string())]
            )
        ),
    }
}
