use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use hostplan::analysis::Analysis;
use hostplan::analysis::summary;
use hostplan::base::diag::{Problem, Severity, Source};
use hostplan::base::key;
use hostplan::base::strings::{fill, get, language};
use hostplan::core::builtin::Catalog;
use hostplan::core::plan::{Completeness, Plan};
use hostplan::core::questionnaire::Questionnaire;
use hostplan::session::catalog::catalog;
use hostplan::session::clock::export_time;
use hostplan::session::companions::model;
use hostplan::session::plan_file::{self, load};
use hostplan::session::problems::{broken_data, broken_file, counts, report};
use hostplan::{errln, out, outln};
use hostplan::{export, store};
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub enum Cmd {
    /// Write a new plan FILE: an answers template, or the demo plan with --demo; or the
    /// questionnaire as a workbook to fill in with --xlsx FILE
    New {
        /// Write the built-in demo plan (a fictional country office planning Tier 4)
        #[arg(long)]
        demo: bool,
        /// Questionnaire the new plan answers
        #[arg(long, default_value = "primero", value_name = "ID")]
        questionnaire: String,
        /// Replace FILE if it exists (the old one is kept as FILE.bak)
        #[arg(long)]
        force: bool,
        /// Write the questionnaire as a workbook to fill in (xlsx) to FILE instead
        #[arg(long, value_name = "FILE", conflicts_with_all = ["demo", "file"])]
        xlsx: Option<PathBuf>,
        #[arg(required_unless_present = "xlsx")]
        file: Option<PathBuf>,
    },
    /// Read the answers of a questionnaire workbook (from `plan new --xlsx`) into a new plan
    Import {
        /// The filled-in workbook
        workbook: PathBuf,
        /// The plan file to write
        plan: PathBuf,
        /// Replace PLAN if it exists (the old one is kept as PLAN.bak)
        #[arg(long)]
        force: bool,
    },
    /// Check every answer of a plan and list every problem; exit non-zero if any
    Validate {
        #[command(flatten)]
        input: PlanInput,
        /// Accept a plan that still has required questions unanswered
        #[arg(long)]
        partial: bool,
    },
    /// What changed from plan OLD to plan NEW: the answers, then what they moved (exit 0
    /// when none, 1 when they differ, 2 when a plan cannot be read)
    Diff {
        old: PathBuf,
        new: PathBuf,
        /// Print the changes as JSON (see docs/exports.md)
        #[arg(long)]
        json: bool,
    },
    /// Print a plan's answers, grouped by section
    Show {
        #[command(flatten)]
        input: PlanInput,
        /// Print the whole analysis as one JSON object instead (see docs/plan-json.md)
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
#[group(required = true, multiple = false)]
pub struct PlanInput {
    /// The plan file
    pub plan: Option<PathBuf>,
    /// Use the built-in demo plan
    #[arg(long)]
    pub demo: bool,
}

pub fn run(cmd: Cmd, dir: Option<&Path>) -> Result<bool> {
    let Ok(cat) = catalog(dir, language()) else {
        return broken_questionnaires(dir);
    };
    match cmd {
        Cmd::New {
            demo,
            questionnaire,
            force,
            xlsx,
            file,
        } => match (xlsx, file) {
            (Some(book), _) => super::xlsx_cmd::new(&cat, &questionnaire, force, &book),
            (None, Some(file)) => new(&cat, demo, &questionnaire, force, &file),
            (None, None) => bail!("{}", get(key::xlsx::new::NO_FILE)),
        },
        Cmd::Import {
            workbook,
            plan,
            force,
        } => super::xlsx_cmd::import(&cat, dir, &workbook, &plan, force),
        Cmd::Validate { input, partial } => validate(&cat, &input, partial, dir),
        Cmd::Show { input, json } => show(&cat, &input, json, dir),
        Cmd::Diff { old, new, json } => super::diff_cmd::run(&old, &new, json, dir),
    }
}

fn broken_questionnaires(dir: Option<&Path>) -> Result<bool> {
    let problems = catalog(dir, language()).err().unwrap_or_default();
    report(&problems);
    // Without a folder, DIR stands for one, as in the command's help.
    let shown = dir.map_or("DIR".to_string(), |d| d.display().to_string());
    let command = fill(key::cli::plan::CHECK_COMMAND, &[("dir", &shown)]);
    errln!(
        "{}",
        fill(
            key::cli::plan::BROKEN_QUESTIONNAIRES,
            &[("counts", &counts(&problems)), ("command", &command)],
        )
    );
    Ok(false)
}

fn new(cat: &Catalog, demo: bool, qid: &str, force: bool, file: &Path) -> Result<bool> {
    let shown = file.display().to_string();
    if file.exists() && !force {
        bail!("{}", fill(key::cli::plan::new::EXISTS, &[("path", &shown)]));
    }
    // Replacing a plan another session has open would lose its answers at its next save.
    let _lock = match file.exists().then(|| store::lock::take(file)).transpose()? {
        Some(store::lock::Taken::Busy(holder)) => {
            bail!(
                "{}",
                store::lock::busy_message(file, &holder, key::common::file::LOCKED_NEW)
            )
        }
        taken => taken,
    };
    let text = if demo {
        plan_file::demo().1.to_string()
    } else {
        let q = cat
            .get(qid)
            .with_context(|| fill(key::cli::plan::new::NO_QUESTIONNAIRE, &[("id", qid)]))?;
        Plan::new(q, chrono::Utc::now()).to_toml(q, true)
    };
    store::save(file, text.as_bytes())
        .with_context(|| format!("cannot write {}", file.display()))?;
    let wrote = if demo {
        key::cli::plan::new::WROTE_DEMO
    } else {
        key::cli::plan::new::WROTE_NEW
    };
    outln!("{}", fill(wrote, &[("path", &shown)]));
    outln!("{}", fill(key::cli::plan::new::NEXT, &[("path", &shown)]));
    Ok(true)
}

fn validate(cat: &Catalog, input: &PlanInput, partial: bool, dir: Option<&Path>) -> Result<bool> {
    let completeness = if partial {
        Completeness::Partial
    } else {
        Completeness::Complete
    };
    let (parsed, origin, text) = load(cat, input.plan.as_deref(), completeness)?;
    let (plan, warnings) = match parsed {
        Ok(ok) => ok,
        Err(problems) => {
            report(&problems);
            errln!("{}", broken_file(&origin, &problems));
            return Ok(false);
        }
    };
    report(&warnings);
    let q = cat
        .get(&plan.questionnaire)
        .context("questionnaire vanished")?;
    let (mut ruled_out, mut cost_warnings) = commitment_problems(&plan, q, &origin, partial, dir)?;
    place_in_plan(&mut cost_warnings, &text);
    report(&cost_warnings);
    if !ruled_out.is_empty() {
        place_in_plan(&mut ruled_out, &text);
        report(&ruled_out);
        if !partial {
            errln!("{}", broken_file(&origin, &ruled_out));
            return Ok(false);
        }
    }
    let progress = summary::progress_line(&plan, q);
    outln!(
        "{}",
        fill(
            key::cli::plan::validate::VALID,
            &[("origin", &origin), ("progress", &progress)],
        )
    );
    Ok(true)
}

/// A plan whose answers rule out the option it commits to, or that chose against the
/// recommendation without saying why, is not complete although every required question
/// may be answered: the decision rules, not the questionnaire, say so. Beside them, the
/// warnings about price overrides that name no cost figure.
fn commitment_problems(
    plan: &Plan,
    q: &Questionnaire,
    origin: &str,
    partial: bool,
    dir: Option<&Path>,
) -> Result<(Vec<Problem>, Vec<Problem>)> {
    let m = match model(q, dir, language()) {
        Ok(Some(m)) => m,
        Ok(None) => return Ok((Vec::new(), Vec::new())),
        Err(problems) => {
            report(&problems);
            bail!(
                "{}",
                broken_data(key::cli::broken::DECISION_DATA, &problems)
            );
        }
    };
    let today = chrono::Local::now().date_naive();
    let a = Analysis::with_builtin_figures(&m, &plan.answers, today);
    let severity = if partial {
        Severity::Warning
    } else {
        Severity::Error
    };
    Ok((
        summary::commitment_problems(&a, q, origin, severity),
        summary::cost_problems(&a, origin),
    ))
}

fn show(cat: &Catalog, input: &PlanInput, json: bool, dir: Option<&Path>) -> Result<bool> {
    let (parsed, origin, _) = load(cat, input.plan.as_deref(), Completeness::Partial)?;
    let (plan, warnings) = match parsed {
        Ok(ok) => ok,
        Err(problems) => {
            report(&problems);
            errln!(
                "{}",
                fill(
                    key::cli::plan::show::BROKEN,
                    &[("origin", &origin), ("counts", &counts(&problems))],
                )
            );
            return Ok(false);
        }
    };
    report(&warnings);
    let q = cat
        .get(&plan.questionnaire)
        .context("questionnaire vanished")?;
    if json {
        return show_json(&plan, q, &origin, dir);
    }
    outln!(
        "{}",
        fill(
            key::cli::plan::show::TITLE,
            &[("title", &q.title), ("origin", &origin)]
        )
    );
    outln!("{}", version_line(&plan));
    let found = model(q, dir, language());
    let today = chrono::Local::now().date_naive();
    let analysis = match &found {
        Ok(Some(m)) => Some(Analysis::with_builtin_figures(m, &plan.answers, today)),
        _ => None,
    };
    outln!("{}", summary::progress_line(&plan, q));
    if analysis.as_ref().is_some_and(|a| !a.commitment_holds()) {
        outln!("{}", get(key::cli::report::NOT_COMPLETE));
    }
    match found {
        Ok(Some(m)) => {
            let a = analysis.expect("analysed with the model");
            out!("{}", summary::results_text(&m, &a, None));
            if let Some(c) = &a.costs {
                out!("{}", summary::costs_text(&m.questionnaire, c));
            }
            out!("{}", summary::checklists_text(&m, &a));
        }
        Ok(None) => {}
        Err(problems) => {
            report(&problems);
            errln!(
                "{}",
                fill(
                    key::cli::plan::show::ANSWERS_ONLY,
                    &[("counts", &counts(&problems))]
                )
            );
        }
    }
    outln!("\n{}", get(key::cli::plan::show::ANSWERS));
    out!("{}", summary::answers_text(&plan, q));
    Ok(true)
}

/// The analysis as JSON on standard output, and nothing else there: problems go to
/// standard error, and without the decision data there is no analysis to print.
fn show_json(plan: &Plan, q: &Questionnaire, origin: &str, dir: Option<&Path>) -> Result<bool> {
    let m = match model(q, dir, language()) {
        Ok(Some(m)) => m,
        Ok(None) => {
            errln!(
                "{}",
                fill(key::cli::plan::show::JSON_NO_MODEL, &[("id", &q.id)])
            );
            return Ok(false);
        }
        Err(problems) => {
            report(&problems);
            errln!(
                "{}",
                broken_data(key::cli::plan::show::JSON_BROKEN_MODEL, &problems)
            );
            return Ok(false);
        }
    };
    let now = export_time()?;
    let text = export::with_context(&m, plan, now, origin, export::json::render);
    print!("{}", hostplan::base::terminal_safe::escape_json(&text));
    Ok(true)
}

/// Points each problem at the line of its answer in the plan file, when it has one.
pub(super) fn place_in_plan(problems: &mut [Problem], text: &str) {
    let source = Source::new("", text);
    for p in problems.iter_mut() {
        let Some(id) = &p.id else { continue };
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let key = line.split('=').next().unwrap_or("").trim();
            if key == id && line.contains('=') {
                let value = line.find('=').map_or(0, |i| i + 1);
                let skipped = line[value..].len() - line[value..].trim_start().len();
                (p.line, p.column) = source.locate(offset + value + skipped);
                break;
            }
            offset += line.len();
        }
    }
}

/// The same plan version the PDF prints on every page, so a signed copy can be matched to
/// the file it was made from.
fn version_line(plan: &Plan) -> String {
    let (when, hash) = hostplan::export::pdf::plan_version(plan);
    if when.is_empty() {
        fill(key::cli::plan::show::VERSION_HASH_ONLY, &[("hash", &hash)])
    } else {
        fill(
            key::cli::plan::show::VERSION,
            &[("when", &when), ("hash", &hash)],
        )
    }
}
