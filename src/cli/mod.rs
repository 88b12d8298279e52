//! Command-line interface: argument parsing and the files each command reads and writes.

mod companions;
mod plan_cmd;
mod questionnaire_cmd;
mod size_cmd;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use hostplan::builtin::{self, Catalog};
use hostplan::diag::{Problem, has_errors};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "hostplan",
    version,
    about = "Plan how to host Primero v2 and its OpenFn integrations, and get a work plan to sign",
    arg_required_else_help = true
)]
struct Cli {
    /// Read questionnaires from DIR (every *.toml in it) instead of the built-in ones
    #[arg(long, global = true, value_name = "DIR")]
    questionnaires: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check questionnaire files and list every problem found
    #[command(subcommand)]
    Questionnaire(questionnaire_cmd::Cmd),
    /// Create, check and read plan files (a plan file is also an answers file)
    #[command(subcommand)]
    Plan(plan_cmd::Cmd),
    /// Size the servers from records, users, attachments and growth
    Size(size_cmd::SizeArgs),
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Questionnaire(cmd) => questionnaire_cmd::run(cmd, cli.questionnaires.as_deref()),
        Command::Plan(cmd) => plan_cmd::run(cmd, cli.questionnaires.as_deref()),
        Command::Size(args) => size_cmd::run(args),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("hostplan: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// The questionnaires of this run: the built-in ones, or those in `dir`.
fn catalog(dir: Option<&Path>) -> Result<Catalog, Vec<Problem>> {
    let Some(dir) = dir else {
        return Catalog::builtin();
    };
    let texts = read_questionnaire_dir(dir)
        .map_err(|e| vec![io_problem(&dir.display().to_string(), &e)])?;
    Catalog::load(&texts).map(|(c, _)| c)
}

fn read_questionnaire_dir(dir: &Path) -> Result<Vec<(String, String)>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read the questionnaire folder {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    anyhow::ensure!(
        !paths.is_empty(),
        "the folder {} holds no .toml questionnaire",
        dir.display()
    );
    paths
        .iter()
        .map(|p| Ok((p.display().to_string(), read_text(p)?)))
        .collect()
}

fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

fn io_problem(origin: &str, e: &anyhow::Error) -> Problem {
    Problem {
        severity: hostplan::diag::Severity::Error,
        origin: origin.to_string(),
        line: 0,
        column: 0,
        id: None,
        message: format!("{e:#}"),
        help: None,
    }
}

/// Prints problems to standard error; true when none is an error.
fn report(problems: &[Problem]) -> bool {
    for p in problems {
        eprintln!("{p}");
    }
    !has_errors(problems)
}

/// Counts for a closing line: "2 errors and 1 warning".
fn counts(problems: &[Problem]) -> String {
    let errors = problems.iter().filter(|p| p.is_error()).count();
    let warnings = problems.len() - errors;
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    match (errors, warnings) {
        (e, 0) => plural(e, "error"),
        (0, w) => plural(w, "warning"),
        (e, w) => format!("{} and {}", plural(e, "error"), plural(w, "warning")),
    }
}

const DEMO: (&str, &str) = (builtin::DEMO_ORIGIN, builtin::DEMO_PLAN);
