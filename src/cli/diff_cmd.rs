//! `hostplan plan diff OLD NEW`: what changed between two versions of a plan. Exits 0 when
//! they give the same plan and 1 when they differ, as `diff` does; a plan that cannot be
//! read is trouble, exit 2.

use super::plan_model::compared_plan;
use anyhow::Result;
use hostplan::base::key;
use hostplan::base::strings::Strings;
use hostplan::core::model::Model;
use hostplan::core::plan::Plan;
use hostplan::export::{self, Context, diff};
use hostplan::session::clock::export_time;
use hostplan::{out, outln};
use std::path::Path;

/// A plan that could not be compared; its problems are already printed.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Trouble(pub String);

pub fn run(old: &Path, new: &Path, json: bool, dir: Option<&Path>) -> Result<bool> {
    let (a, b) = (loaded(old, dir)?, loaded(new, dir)?);
    let now = export_time()?;
    export::with_context(&a.2, &a.0, now, &a.1, |x| {
        export::with_context(&b.2, &b.0, now, &b.1, |y| Ok(print(x, y, json)))
    })
}

/// A plan to compare; one that cannot be read is trouble (exit 2).
fn loaded(path: &Path, dir: Option<&Path>) -> Result<(Plan, String, Model)> {
    compared_plan(path, dir).map_err(|e| Trouble(format!("{e:#}")).into())
}

/// Prints the changes; true when there are none.
fn print(old: &Context, new: &Context, json: bool) -> bool {
    let changes = diff::changes(old, new);
    let s: &Strings = new.strings;
    if json {
        out!("{}", diff::json_report(old, new, &changes));
        return changes.is_empty();
    }
    if changes.is_empty() {
        outln!(
            "{}",
            s.fill(
                key::diff::head::SAME,
                &[("old", old.origin), ("new", new.origin)]
            )
        );
        return true;
    }
    outln!(
        "{}",
        s.fill(
            key::diff::head::TITLE,
            &[
                ("old", old.origin),
                ("old_version", &diff::version_words(old.plan, s)),
                ("new", new.origin),
                ("new_version", &diff::version_words(new.plan, s)),
            ],
        )
    );
    out!("{}", diff::text_report(&changes, s));
    false
}
