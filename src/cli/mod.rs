//! Command-line interface: argument parsing and the files each command reads and writes.

#[macro_use]
mod safe_print;

mod ask_cmd;
mod check_cmd;
mod clock;
mod companions;
mod export_cmd;
mod look;
mod plan_cmd;
mod plans_home;
mod questionnaire_cmd;
mod readfile;
mod size_cmd;
mod stop_signal;
mod wizard_cmd;

use anyhow::{Context, Result};
use clap::parser::ValueSource;
use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser, Subcommand};
use hostplan::builtin::{self, Catalog};
use hostplan::diag::{Problem, has_errors};
use hostplan::strings::{fill, get};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "hostplan",
    version,
    about = "Plan how to host Primero v2 and its OpenFn integrations, and get a work plan to sign",
    long_about = "Plan how to host Primero v2 and its OpenFn integrations, and get a work plan to sign.\n\nWith no command, hostplan opens the full-screen wizard: start a new plan, resume the last one, or open the demo."
)]
struct Cli {
    /// Read questionnaires from DIR (every *.toml in it) instead of the built-in ones
    #[arg(long, global = true, value_name = "DIR")]
    questionnaires: Option<PathBuf>,

    /// Open the wizard on a copy of the built-in demo plan
    #[arg(long)]
    demo: bool,

    // For the wizard started with no command; also accepted before `wizard` and `ask`,
    // the way they were first documented.
    #[command(flatten)]
    look: look::Look,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Check questionnaire files and list every problem found
    #[command(subcommand)]
    Questionnaire(questionnaire_cmd::Cmd),
    /// Create, check and read plan files (a plan file is also an answers file)
    #[command(subcommand)]
    Plan(plan_cmd::Cmd),
    /// Answer a plan in the full-screen wizard (the default with no command)
    Wizard(wizard_cmd::WizardArgs),
    /// Answer a plan one prompt at a time, for screen readers, slow links and TERM=dumb
    Ask(ask_cmd::AskArgs),
    /// Size the servers from records, users, attachments and growth
    Size(size_cmd::SizeArgs),
    /// Write the PDF work plan and the configuration hand-over
    Export(export_cmd::ExportArgs),
    /// Check a plan's configuration answers, or a folder written by `export --config`
    Check(check_cmd::CheckArgs),
}

/// The command line as parsed: [`Cli`] with what derive cannot say.
fn command() -> clap::Command {
    // `size` reads no questionnaire. A hidden option of its own keeps the global one out of
    // its help, and still accepts it there as before (ignored, as it always was).
    Cli::command().mut_subcommand("size", |size| {
        size.arg(
            clap::Arg::new("questionnaires")
                .long("questionnaires")
                .value_name("DIR")
                .value_parser(clap::value_parser!(PathBuf))
                .hide(true),
        )
    })
}

/// The wizard's look flags given before a command they change nothing in: refused, as
/// clap refuses a misplaced option (exit 2), rather than silently ignored.
fn refuse_misplaced_look(matches: &ArgMatches) {
    let Some(command) = matches.subcommand_name() else {
        return;
    };
    let flags = [
        ("no_color", "--no-color", "cli.look.colour_commands"),
        ("theme", "--theme", "cli.look.colour_commands"),
        ("plain", "--plain", "cli.look.plain_commands"),
        ("ascii", "--ascii", "cli.look.ascii_commands"),
    ];
    for (id, flag, commands) in flags {
        let applies = match id {
            "plain" | "ascii" => command == "wizard",
            _ => command == "wizard" || command == "ask",
        };
        if applies || matches.value_source(id) != Some(ValueSource::CommandLine) {
            continue;
        }
        let message = fill(
            "cli.look.misplaced",
            &[
                ("flag", flag),
                ("command", command),
                ("commands", get(commands)),
            ],
        );
        command_line_error(clap::error::ErrorKind::ArgumentConflict, message);
    }
}

fn command_line_error(kind: clap::error::ErrorKind, message: String) -> ! {
    command().error(kind, message).exit()
}

pub fn run() -> ExitCode {
    let matches = command().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.format(&mut command()).exit());
    refuse_misplaced_look(&matches);
    let dir = cli.questionnaires.as_deref();
    if !matches!(
        cli.command,
        None | Some(Command::Wizard(_)) | Some(Command::Ask(_))
    ) {
        stop_quietly_when_the_reader_goes();
    }
    let result = match cli.command {
        None => wizard_cmd::run(wizard_cmd::WizardArgs::start(cli.demo, cli.look), dir),
        Some(Command::Wizard(mut args)) => {
            args.look = cli.look.with(args.look);
            wizard_cmd::run(args, dir)
        }
        Some(Command::Ask(mut args)) => {
            args.colours = cli.look.colours.with(args.colours);
            ask_cmd::run(args, dir)
        }
        Some(Command::Questionnaire(cmd)) => questionnaire_cmd::run(cmd, dir),
        Some(Command::Plan(cmd)) => plan_cmd::run(cmd, dir),
        Some(Command::Size(args)) => size_cmd::run(args),
        Some(Command::Export(args)) => export_cmd::run(args, dir),
        Some(Command::Check(args)) => check_cmd::run(args, dir),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            // The terminal may be gone (a hang-up); failing to say so is no reason to panic.
            let text = format!("hostplan: {e:#}");
            let _ = writeln!(
                std::io::stderr(),
                "{}",
                hostplan::terminal_safe::escape(&text)
            );
            ExitCode::from(1)
        }
    }
}

/// A report piped into `head` or a pager that quits early should end the way other
/// command-line tools do, silently, rather than fail to print (Rust ignores SIGPIPE, so
/// every later print would panic). Plans and exports are written atomically, so stopping
/// at any point leaves no half-written file. The wizard and `ask` keep the Rust default:
/// they handle a vanished terminal themselves and say how to resume.
fn stop_quietly_when_the_reader_goes() {
    #[cfg(unix)]
    // SAFETY: called once at start-up, before any thread exists; it only resets how the
    // process reacts to SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
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
    let shown = dir.display().to_string();
    anyhow::ensure!(
        !paths.is_empty(),
        "{}",
        fill("cli.questionnaire.empty_folder", &[("dir", &shown)])
    );
    paths
        .iter()
        .map(|p| Ok((p.display().to_string(), read_text(p)?)))
        .collect()
}

/// A file's text through the one checked reader (see [`readfile`]).
fn read_text(path: &Path) -> Result<String> {
    Ok(readfile::read_text(path)?)
}

fn io_problem(origin: &str, e: &anyhow::Error) -> Problem {
    if let Some(readfile::Unreadable(p)) = e.downcast_ref() {
        return p.clone();
    }
    Problem::error("cli.failed", vec![("error", format!("{e:#}"))]).in_file(origin)
}

/// Prints problems to standard error; true when none is an error.
fn report(problems: &[Problem]) -> bool {
    for p in problems {
        errln!("{p}");
    }
    !has_errors(problems)
}

/// Counts for a closing line: "2 errors and 1 warning".
fn counts(problems: &[Problem]) -> String {
    let errors = problems.iter().filter(|p| p.is_error()).count();
    let warnings = problems.len() - errors;
    let errors_text = || plural(errors, "cli.count.error_one", "cli.count.errors");
    let warnings_text = || plural(warnings, "cli.count.warning_one", "cli.count.warnings");
    match (errors, warnings) {
        (_, 0) => errors_text(),
        (0, _) => warnings_text(),
        _ => fill(
            "cli.count.both",
            &[("errors", &errors_text()), ("warnings", &warnings_text())],
        ),
    }
}

/// A closing line such as "the decision data has 2 errors", from a key with {counts}.
fn broken_data(key: &str, problems: &[Problem]) -> String {
    fill(key, &[("counts", &counts(problems))])
}

/// The text of `one` for exactly one, else `many` with its {count}.
fn plural(n: usize, one: &'static str, many: &str) -> String {
    if n == 1 {
        get(one).to_string()
    } else {
        fill(many, &[("count", &n.to_string())])
    }
}

const DEMO: (&str, &str) = (builtin::DEMO_ORIGIN, builtin::DEMO_PLAN);

/// What to tell people when another session changed the plan: both versions are kept.
pub(crate) fn conflict_message(path: &Path, aside: &Path) -> String {
    let (plan, mine) = (path.display().to_string(), aside.display().to_string());
    fill("common.file.conflict", &[("plan", &plan), ("mine", &mine)])
}
