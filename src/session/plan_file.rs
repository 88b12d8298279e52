//! A plan file as the front-ends open it: read through the checked reader, its problems
//! reported, and what to say when another session changed it meanwhile.

use super::problems::{broken_file, report};
use super::readfile::read_text;
use crate::base::diag::{Loaded, Source};
use crate::base::key;
use crate::base::strings::fill;
use crate::core::builtin::{self, Catalog};
use crate::core::plan::{Completeness, Plan};
use crate::errln;
use anyhow::Result;
use std::path::Path;

/// The built-in demo plan: its origin for messages, and its text.
/// The demo plan with the name it is reported under.
pub fn demo() -> (&'static str, &'static str) {
    (builtin::demo_origin(), builtin::DEMO_PLAN)
}

/// Reads the plan at `path` (the demo without one), reporting its problems and warnings.
/// `None` when it has errors: they are already printed.
pub fn open(
    cat: &Catalog,
    path: Option<&Path>,
    completeness: Completeness,
) -> Result<Option<(Plan, String)>> {
    let opened = open_with_text(cat, path, completeness)?;
    Ok(opened.map(|(plan, origin, _)| (plan, origin)))
}

/// Like [`open`], with the text the plan was read from, for saves that keep it as written.
pub fn open_with_text(
    cat: &Catalog,
    path: Option<&Path>,
    completeness: Completeness,
) -> Result<Option<(Plan, String, String)>> {
    let (parsed, origin, text) = load(cat, path, completeness)?;
    match parsed {
        Ok((plan, warnings)) => {
            report(&warnings);
            Ok(Some((plan, origin, text)))
        }
        Err(problems) => {
            report(&problems);
            errln!("{}", broken_file(&origin, &problems));
            Ok(None)
        }
    }
}

/// Reads the plan at `path` (the demo without one).
/// The plan, its origin for messages, and its text (to place later problems in it).
pub fn load(
    cat: &Catalog,
    path: Option<&Path>,
    completeness: Completeness,
) -> Result<(Loaded<Plan>, String, String)> {
    let (origin, text) = match path {
        Some(path) => (path.display().to_string(), read_text(path)?),
        None => (demo().0.to_string(), demo().1.to_string()),
    };
    let parsed = Plan::parse(Source::new(&origin, &text), |id| cat.get(id), completeness);
    Ok((parsed, origin, text))
}

/// What to tell people when another session changed the plan: both versions are kept.
pub(crate) fn conflict_message(path: &Path, aside: &Path) -> String {
    let (plan, mine) = (path.display().to_string(), aside.display().to_string());
    fill(
        key::common::file::CONFLICT,
        &[("plan", &plan), ("mine", &mine)],
    )
}
