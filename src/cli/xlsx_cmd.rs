//! `plan new --xlsx FILE` and `plan import WORKBOOK PLAN`: the questionnaire as a
//! workbook to fill in, and its answers read back into a plan.

use anyhow::{Context, Result, bail};
use hostplan::base::diag::Problem;
use hostplan::base::key;
use hostplan::base::strings::{Strings, fill, language};
use hostplan::core::builtin::Catalog;
use hostplan::export::xlsx::{import, questionnaire};
use hostplan::session::catalog::catalog;
use hostplan::session::clock::export_time;
use hostplan::session::problems::{broken_data, counts, report};
use hostplan::session::readfile::read_bytes;
use hostplan::store;
use hostplan::{errln, outln};
use std::path::Path;

/// Writes the questionnaire `qid` as a workbook to `book`.
pub fn new(cat: &Catalog, qid: &str, force: bool, book: &Path) -> Result<bool> {
    let shown = book.display().to_string();
    if book.exists() && !force {
        bail!("{}", fill(key::cli::plan::new::EXISTS, &[("path", &shown)]));
    }
    let q = cat
        .get(qid)
        .with_context(|| fill(key::cli::plan::new::NO_QUESTIONNAIRE, &[("id", qid)]))?;
    let bytes = questionnaire::render(q, Strings::builtin(), language()).map_err(|e| {
        anyhow::anyhow!(
            "{}",
            fill(key::xlsx::export::NOT_BUILT, &[("error", &e.to_string())])
        )
    })?;
    store::save(book, &bytes).map_err(|e| {
        anyhow::anyhow!(
            "{}",
            fill(key::xlsx::export::FAILED, &[("error", &e.to_string())])
        )
    })?;
    outln!("{}", fill(key::cli::export::WROTE, &[("path", &shown)]));
    Ok(true)
}

/// Reads the answers of `book` into a new plan at `plan`; writes nothing when any answer
/// is refused, and never replaces an existing plan without `force`.
pub fn import(
    cat: &Catalog,
    dir: Option<&Path>,
    book: &Path,
    plan: &Path,
    force: bool,
) -> Result<bool> {
    let plan_shown = plan.display().to_string();
    if plan.exists() && !force {
        bail!(
            "{}",
            fill(key::xlsx::import::EXISTS, &[("path", &plan_shown)])
        );
    }
    // Replacing a plan another session has open would lose its answers at its next save.
    let _lock = match plan.exists().then(|| store::lock::take(plan)).transpose()? {
        Some(store::lock::Taken::Busy(holder)) => {
            bail!(
                "{}",
                store::lock::busy_message(plan, &holder, key::common::file::LOCKED_NEW)
            )
        }
        taken => taken,
    };
    let bytes = read_bytes(book)?;
    let book_shown = book.display().to_string();
    let refused = |problems: Vec<Problem>| {
        report(&problems);
        errln!(
            "{}",
            fill(
                key::xlsx::import::REFUSED,
                &[("counts", &counts(&problems)), ("path", &book_shown)],
            )
        );
        Ok(false)
    };
    let opened = match import::open(&bytes, &book_shown) {
        Ok(opened) => opened,
        Err(problems) => return refused(problems),
    };
    // Choices are written in words of the workbook's language: read them in it.
    let lang = opened.lang().unwrap_or_else(language);
    let texts = catalog(dir, lang).map_err(|p| {
        report(&p);
        anyhow::anyhow!("{}", broken_data(key::cli::broken::QUESTIONNAIRES, &p))
    })?;
    let Some(q) = texts.get(opened.questionnaire()) else {
        return refused(opened.unknown_questionnaire());
    };
    let (read, warnings) = match opened.plan(q, Strings::shipped(lang), export_time()?) {
        Ok(done) => done,
        Err(problems) => return refused(problems),
    };
    report(&warnings);
    let q = cat
        .get(&read.questionnaire)
        .context("questionnaire vanished")?;
    let text = read.to_toml(q, true);
    store::save(plan, text.as_bytes()).map_err(|e| {
        anyhow::anyhow!(
            "{}",
            fill(
                key::xlsx::import::SAVE_FAILED,
                &[("path", &plan_shown), ("error", &e.to_string())],
            )
        )
    })?;
    outln!(
        "{}",
        fill(
            key::xlsx::import::WROTE,
            &[
                ("count", &read.answers.len().to_string()),
                ("workbook", &book_shown),
                ("path", &plan_shown),
            ],
        )
    );
    outln!(
        "{}",
        fill(key::cli::plan::new::NEXT, &[("path", &plan_shown)])
    );
    Ok(true)
}
