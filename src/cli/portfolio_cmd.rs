//! `hostplan portfolio DIR|PLANS...`: one row per plan for the scoping overview of many
//! countries, as a table, CSV or JSON. A plan that cannot be read is listed with its first
//! problem, never left out.

use anyhow::{Context as _, Result};
use clap::Args;
use hostplan::base::key;
use hostplan::base::strings::{Strings, fill, get, language};
use hostplan::core::builtin::Catalog;
use hostplan::core::plan::Completeness;
use hostplan::export::portfolio::{self, Broken, Entry};
use hostplan::export::{self};
use hostplan::out;
use hostplan::session::catalog::catalog;
use hostplan::session::clock::export_time;
use hostplan::session::companions::model;
use hostplan::session::plan_file::load;
use hostplan::session::problems::report;
use hostplan::session::readfile::Unreadable;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One row per plan: country, option chosen and recommended, readiness, gaps, main
/// server, go-live and version (docs/exports.md)
#[derive(Args)]
pub struct PortfolioArgs {
    /// Plan files, or folders whose .toml files are plans
    #[arg(required = true, value_name = "DIR|PLAN")]
    paths: Vec<PathBuf>,
    /// Print CSV instead of a table
    #[arg(long, conflicts_with = "json")]
    csv: bool,
    /// Print JSON instead of a table
    #[arg(long)]
    json: bool,
    /// Also write the rows as a workbook to FILE (xlsx)
    #[arg(long, value_name = "FILE")]
    xlsx: Option<PathBuf>,
}

pub fn run(args: PortfolioArgs, dir: Option<&Path>) -> Result<bool> {
    let cat = catalog(dir, language()).map_err(|p| {
        report(&p);
        anyhow::anyhow!("{}", get(key::cli::broken::QUESTIONNAIRES))
    })?;
    let files = plan_files(&args.paths);
    if files.is_empty() {
        anyhow::bail!("{}", get(key::portfolio::cli::NONE));
    }
    let now = export_time()?;
    // Each questionnaire's model is read once, however many plans answer it.
    let mut models = HashMap::new();
    let entries: Vec<Entry> = files
        .iter()
        .map(|f| entry(&cat, f, dir, now, &mut models))
        .collect();
    let s = Strings::builtin();
    if let Some(path) = &args.xlsx {
        let bytes = hostplan::export::xlsx::portfolio::render(&entries, s).map_err(|e| {
            anyhow::anyhow!(
                "{}",
                fill(key::xlsx::export::NOT_BUILT, &[("error", &e.to_string())])
            )
        })?;
        hostplan::store::save(path, &bytes).with_context(|| path.display().to_string())?;
    }
    if args.json {
        out!("{}", portfolio::json(&entries));
    } else if args.csv {
        out!("{}", portfolio::csv(&entries, s));
    } else {
        out!("{}", portfolio::table(&entries, s));
    }
    Ok(entries.iter().all(|e| matches!(e, Entry::Row(_))))
}

/// The files named, and the `.toml` files of the folders named, in name order.
fn plan_files(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut inside: Vec<PathBuf> = std::fs::read_dir(path)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "toml"))
                .collect();
            inside.sort();
            files.extend(inside);
        } else {
            files.push(path.clone());
        }
    }
    files
}

/// Each questionnaire's model by its id, or the first problem of its data.
type Models = HashMap<String, Result<hostplan::core::model::Model, String>>;

/// The row of one plan, or why it could not be read: its first problem.
fn entry(
    cat: &Catalog,
    path: &Path,
    dir: Option<&Path>,
    now: chrono::DateTime<chrono::Utc>,
    models: &mut Models,
) -> Entry {
    let broken = |error: String| {
        Entry::Broken(Broken {
            plan: path.display().to_string(),
            error,
        })
    };
    let (parsed, origin, _) = match load(cat, Some(path), Completeness::Partial) {
        Ok(loaded) => loaded,
        Err(e) => {
            let error = match e.downcast_ref::<Unreadable>() {
                Some(Unreadable(p)) => first_line(&p.to_string()),
                None => format!("{e:#}"),
            };
            return broken(error);
        }
    };
    let plan = match parsed {
        Ok((plan, _warnings)) => plan,
        Err(problems) => return broken(first(&problems)),
    };
    let Some(q) = cat.get(&plan.questionnaire) else {
        return broken(plan.questionnaire.clone());
    };
    let read = models
        .entry(q.id.clone())
        .or_insert_with(|| match model(q, dir, language()) {
            Ok(Some(m)) => Ok(m),
            Ok(None) => Err(q.id.clone()),
            Err(problems) => Err(first(&problems)),
        });
    match read {
        Ok(m) => export::with_context(m, &plan, now, &origin, |ctx| {
            Entry::Row(portfolio::row(ctx))
        }),
        Err(error) => broken(error.clone()),
    }
}

fn first(problems: &[hostplan::base::diag::Problem]) -> String {
    problems
        .iter()
        .find(|p| p.is_error())
        .or(problems.first())
        .map(|p| first_line(&p.to_string()))
        .unwrap_or_default()
}

/// A problem's first line: where and what, without its help.
fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or_default().to_string()
}
