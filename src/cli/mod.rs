//! Command-line interface: argument parsing and the files each command reads and writes.

use hostplan::base::key;
mod ask_cmd;
mod check_cmd;
mod diff_cmd;
mod export_cmd;
mod plan_cmd;
mod plan_model;
mod portfolio_cmd;
mod preflight_cmd;
mod questionnaire_cmd;
mod size_cmd;
mod wizard_cmd;
mod xlsx_cmd;

use clap::parser::ValueSource;
use clap::{ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use hostplan::base::lang::Lang;
use hostplan::base::strings::{fill, get, use_language};
use hostplan::session::look::Appearance;
use std::io::Write;
use std::path::PathBuf;
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

    /// Language of the screens and exports: en, fr, es, pt or ar (default: from LANGUAGE,
    /// LC_ALL, LC_MESSAGES or LANG, else English)
    #[arg(long, global = true, value_name = "LANG", value_parser = language)]
    lang: Option<Lang>,

    /// Open the wizard on a copy of the built-in demo plan
    #[arg(long)]
    demo: bool,

    // For the wizard started with no command; also accepted before `wizard` and `ask`,
    // the way they were first documented.
    #[command(flatten)]
    look: Look,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Check questionnaire files and their translations, or print texts to translate
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
    /// Check the server this runs on against the plan, before installing Primero
    Preflight(preflight_cmd::PreflightArgs),
    /// One row per plan, for an overview of many countries' plans
    Portfolio(portfolio_cmd::PortfolioArgs),
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
        ("no_color", "--no-color", key::cli::look::COLOUR_COMMANDS),
        ("theme", "--theme", key::cli::look::COLOUR_COMMANDS),
        ("plain", "--plain", key::cli::look::PLAIN_COMMANDS),
        ("ascii", "--ascii", key::cli::look::ASCII_COMMANDS),
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
            key::cli::look::MISPLACED,
            &[
                ("flag", flag),
                ("command", command),
                ("commands", get(commands)),
            ],
        );
        command_line_error(clap::error::ErrorKind::ArgumentConflict, message);
    }
}

/// A language hostplan speaks, from its code or a locale name.
fn language(text: &str) -> Result<Lang, UnknownLanguage> {
    Lang::from_code(text).ok_or_else(|| UnknownLanguage(text.to_string()))
}

/// `--lang` names a language hostplan does not speak; worded by the catalogue.
#[derive(Debug, thiserror::Error)]
#[error("{}", fill(key::cli::lang::UNKNOWN, &[("given", &self.0), ("codes", &language_codes())]))]
struct UnknownLanguage(String);

fn language_codes() -> String {
    let codes: Vec<&str> = Lang::ALL.iter().map(|l| l.code()).collect();
    codes.join(", ")
}

/// The language asked for: `--lang`, else the system's locale, else English.
fn chosen_language(given: Option<Lang>) -> Lang {
    given
        .or_else(|| Lang::from_locale(|name| std::env::var(name).ok()))
        .unwrap_or_default()
}

fn command_line_error(kind: clap::error::ErrorKind, message: String) -> ! {
    command().error(kind, message).exit()
}

pub fn run() -> ExitCode {
    let matches = command().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.format(&mut command()).exit());
    use_language(chosen_language(cli.lang));
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
        Some(Command::Questionnaire(cmd)) => questionnaire_cmd::run(cmd, dir, cli.lang),
        Some(Command::Plan(cmd)) => plan_cmd::run(cmd, dir),
        Some(Command::Size(args)) => size_cmd::run(args),
        Some(Command::Export(args)) => export_cmd::run(args, dir),
        Some(Command::Check(args)) => check_cmd::run(args, dir),
        Some(Command::Preflight(args)) => preflight_cmd::run(args, dir),
        Some(Command::Portfolio(args)) => portfolio_cmd::run(args, dir),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) if e.downcast_ref::<diff_cmd::Trouble>().is_some() => {
            let text = format!("hostplan: {e:#}");
            let _ = writeln!(
                std::io::stderr(),
                "{}",
                hostplan::base::terminal_safe::escape(&text)
            );
            // `diff`'s status for trouble: 1 already means "they differ".
            ExitCode::from(2)
        }
        Err(e) => {
            // The terminal may be gone (a hang-up); failing to say so is no reason to panic.
            let text = format!("hostplan: {e:#}");
            let _ = writeln!(
                std::io::stderr(),
                "{}",
                hostplan::base::terminal_safe::escape(&text)
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

/// How the wizard looks. Given on the wizard's command line (or before no command at all),
/// so other commands' help does not list flags that change nothing there. These look flags
/// are shared by `wizard` and `ask`, so neither command has to import the other for them.
#[derive(Args, Clone, Debug)]
pub struct Look {
    #[command(flatten)]
    pub colours: Colours,
    /// Ask line by line instead of full-screen (as `hostplan ask`)
    #[arg(long)]
    pub plain: bool,
    /// Draw with ASCII characters only, for a console whose font lacks box drawing and
    /// symbols (the classic Windows console gets this by itself)
    #[arg(long)]
    pub ascii: bool,
}

/// The colours of the wizard and of `ask`'s prompts.
#[derive(Args, Clone, Debug, Default)]
pub struct Colours {
    /// No colour (NO_COLOR in the environment does the same)
    #[arg(long)]
    pub no_color: bool,
    /// Colour theme: high-contrast suits projectors
    #[arg(long, value_enum, default_value_t = ThemeArg::Default)]
    pub theme: ThemeArg,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ThemeArg {
    #[default]
    Default,
    HighContrast,
}

impl Look {
    /// These flags given before the command, completed by those given after it.
    pub fn with(self, after: Look) -> Look {
        Look {
            colours: self.colours.with(after.colours),
            plain: self.plain || after.plain,
            ascii: self.ascii || after.ascii,
        }
    }

    /// The look as the front-ends take it.
    pub fn appearance(&self) -> Appearance {
        Appearance {
            ascii: self.ascii,
            ..self.colours.appearance()
        }
    }
}

impl Colours {
    /// These flags given before the command, completed by those given after it; a theme
    /// named after the command wins.
    pub fn with(self, after: Colours) -> Colours {
        Colours {
            no_color: self.no_color || after.no_color,
            theme: match after.theme {
                ThemeArg::Default => self.theme,
                named => named,
            },
        }
    }

    /// The colours as the front-ends take them.
    pub fn appearance(&self) -> Appearance {
        Appearance {
            no_color: self.no_color,
            high_contrast: self.theme == ThemeArg::HighContrast,
            ascii: false,
        }
    }
}
