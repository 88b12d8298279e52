//! `hostplan wizard`: the full-screen wizard, the default with no command. This file is
//! the wizard's link to the world: the terminal, signals, the plan file and the exporters.

use super::companions::model;
use super::plan_cmd::{PlanInput, open};
use super::{DEMO, ask_cmd, catalog, counts, plans_home, report};
use anyhow::{Context as _, Result, bail};
use chrono::{DateTime, Utc};
use clap::{Args, ValueEnum};
use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use hostplan::diag::Source;
use hostplan::export::{self, Context, Report, Request};
use hostplan::model::Model;
use hostplan::plan::{Completeness, Plan};
use hostplan::store;
use hostplan::strings::Strings;
use hostplan::tui::start::{Choice, Start};
use hostplan::tui::{self, App, Host, Theme, ThemeName};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::io::{IsTerminal, Stdout, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

/// How the wizard looks; these flags work with every command that starts it.
#[derive(Args, Clone, Debug)]
pub struct Look {
    /// No colour (NO_COLOR in the environment does the same)
    #[arg(long, global = true)]
    pub no_color: bool,
    /// Colour theme: high-contrast suits projectors
    #[arg(long, global = true, value_enum, default_value_t = ThemeArg::Default)]
    pub theme: ThemeArg,
    /// Ask line by line instead of full-screen (as `hostplan ask`)
    #[arg(long, global = true)]
    pub plain: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ThemeArg {
    Default,
    HighContrast,
}

impl Look {
    /// NO_COLOR (set and not empty) and `--no-color` win over any theme.
    pub fn colourless(&self) -> bool {
        self.no_color || std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
    }

    fn theme(&self) -> Theme {
        let name = match (self.colourless(), self.theme) {
            (true, _) => ThemeName::Monochrome,
            (false, ThemeArg::HighContrast) => ThemeName::HighContrast,
            (false, ThemeArg::Default) => ThemeName::Default,
        };
        Theme::new(name)
    }
}

#[derive(Args, Debug)]
pub struct WizardArgs {
    /// The plan to open, or to create if it does not exist; it is saved after every answer
    pub plan: Option<PathBuf>,
    /// Open a copy of the built-in demo plan
    #[arg(long, conflicts_with = "plan")]
    pub demo: bool,
}

impl WizardArgs {
    /// The wizard as started with no command: the start screen, or the demo.
    pub fn start(demo: bool) -> WizardArgs {
        WizardArgs { plan: None, demo }
    }
}

pub fn run(args: WizardArgs, look: &Look, dir: Option<&Path>) -> Result<bool> {
    let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
    if look.plain || dumb {
        return ask_cmd::run(
            ask_cmd::AskArgs {
                plan: args.plan,
                demo: args.demo,
            },
            look,
            dir,
        );
    }
    if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        bail!("{}", Strings::builtin().get("wizard.exit.no_terminal"));
    }
    let cat = catalog(dir).map_err(|p| {
        report(&p);
        anyhow::anyhow!("the questionnaires have {}", counts(&p))
    })?;
    let q = cat.get("primero").or(cat.questionnaires.first());
    let q = q.context("no questionnaire to answer")?;
    let model = match model(q, dir) {
        Ok(Some(m)) => m,
        Ok(None) => bail!("the questionnaire `{}` has no decision data", q.id),
        Err(problems) => {
            report(&problems);
            bail!("the decision data has {}", counts(&problems));
        }
    };
    let theme = look.theme();
    let Some((plan, path)) = choose_plan(&args, &cat, &model, &theme)? else {
        return Ok(true);
    };
    let mut term = TerminalGuard::enter()?;
    let outcome = run_app(&model, plan, &path, theme, &mut term);
    let signalled = term.signalled();
    drop(term);
    let outcome =
        outcome.map_err(|e| e.context(format!("the plan is saved in {}", path.display())));
    outcome?;
    // After a hang-up there is no terminal to print to: nothing more to say then.
    let s = Strings::builtin();
    let shown = path.display().to_string();
    let mut out = std::io::stdout();
    if signalled {
        let _ = writeln!(out, "{}", s.get("wizard.exit.signal"));
    }
    let _ = writeln!(out, "{}", s.fill("wizard.exit.saved", &[("path", &shown)]));
    let _ = writeln!(out, "{}", s.fill("wizard.exit.resume", &[("path", &shown)]));
    Ok(!signalled)
}

/// The plan to open and the file it is saved in: named, the demo, or from the start screen.
fn choose_plan(
    args: &WizardArgs,
    cat: &hostplan::builtin::Catalog,
    model: &Model,
    theme: &Theme,
) -> Result<Option<(Plan, PathBuf)>> {
    if let Some(path) = &args.plan {
        return open_or_create(cat, model, path).map(Some);
    }
    let choice = if args.demo {
        Choice::Demo
    } else {
        // The start screen has a terminal session of its own, closed before the plan is
        // read, so any problem with the plan is printed where it can be read.
        start_screen(&mut TerminalGuard::enter()?, theme)?
    };
    let today = chrono::Local::now().date_naive();
    match choice {
        Choice::Quit => Ok(None),
        Choice::Resume => {
            let path = plans_home::most_recent().context("no plan to resume")?;
            open_or_create(cat, model, &path).map(Some)
        }
        Choice::New => {
            let dir = plans_home::ensure_plans_dir()?;
            let path = plans_home::new_plan_path(&dir, "plan", today);
            open_or_create(cat, model, &path).map(Some)
        }
        Choice::Demo => {
            let dir = plans_home::ensure_plans_dir()?;
            let path = plans_home::new_plan_path(&dir, "demo", today);
            let (plan, _) = Plan::parse(
                Source::new(DEMO.0, DEMO.1),
                |id| cat.get(id),
                Completeness::Partial,
            )
            .map_err(|p| anyhow::anyhow!("the demo plan is broken: {}", counts(&p)))?;
            Ok(Some((plan, path)))
        }
    }
}

/// Reads the plan at `path`, or starts a new one there. A plan with errors is not opened:
/// the problems are listed so they can be fixed first.
fn open_or_create(
    cat: &hostplan::builtin::Catalog,
    model: &Model,
    path: &Path,
) -> Result<(Plan, PathBuf)> {
    if !path.exists() {
        return Ok((
            Plan::new(&model.questionnaire, Utc::now()),
            path.to_path_buf(),
        ));
    }
    let input = PlanInput {
        plan: Some(path.to_path_buf()),
        demo: false,
    };
    match open(cat, &input, Completeness::Partial)? {
        Some((plan, _)) => Ok((plan, path.to_path_buf())),
        None => bail!(
            "{} has problems (listed above); fix them, then open it again",
            path.display()
        ),
    }
}

fn start_screen(term: &mut TerminalGuard, theme: &Theme) -> Result<Choice> {
    let recent = plans_home::most_recent().map(|p| describe(&p));
    let mut start = Start::new(recent);
    let strings = Strings::builtin();
    loop {
        term.terminal
            .draw(|f| start.draw(f, strings, theme))
            .context("cannot draw on the terminal")?;
        match term.next_event()? {
            Some(event) => start.handle_event(&event),
            None if term.signalled() => return Ok(Choice::Quit),
            None => {}
        }
        if let Some(choice) = start.chosen.take() {
            return Ok(choice);
        }
    }
}

/// A plan file as the start screen names it: its name and when it was last saved.
fn describe(path: &Path) -> String {
    let name = path
        .file_name()
        .map_or(String::new(), |n| n.to_string_lossy().into_owned());
    let when = path.metadata().and_then(|m| m.modified()).ok().map(|t| {
        DateTime::<chrono::Local>::from(t)
            .format("%-d %b %H:%M")
            .to_string()
    });
    match when {
        Some(w) => format!("{name} ({w})"),
        None => name,
    }
}

fn run_app(
    model: &Model,
    plan: Plan,
    path: &Path,
    theme: Theme,
    term: &mut TerminalGuard,
) -> Result<()> {
    let mut host = FileHost {
        path: path.to_path_buf(),
    };
    // Saved at once, so even a plan with no answer yet can be resumed.
    host.save(&plan.to_toml(&model.questionnaire, false))
        .map_err(|e| anyhow::anyhow!(e))?;
    let name = host.name();
    let mut app = App::new(model, Strings::builtin(), theme, plan, name, Box::new(host));
    while !app.quit && !term.signalled() {
        term.terminal
            .draw(|f| tui::draw(f, &mut app))
            .context("cannot draw on the terminal")?;
        if let Some(event) = term.next_event()? {
            app.handle_event(&event);
        }
    }
    Ok(())
}

/// The plan file and the exporters, as the wizard reaches them.
struct FileHost {
    path: PathBuf,
}

impl FileHost {
    fn name(&self) -> String {
        self.path
            .file_name()
            .map_or(self.path.display().to_string(), |n| {
                n.to_string_lossy().into_owned()
            })
    }
}

impl Host for FileHost {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    fn save(&mut self, text: &str) -> Result<(), String> {
        store::save(&self.path, text.as_bytes()).map_err(|e| e.to_string())
    }

    fn save_as(&mut self, path: &str, text: &str) -> Result<String, String> {
        if path.is_empty() {
            return Err(Strings::builtin()
                .get("wizard.notice.save_as_empty")
                .to_string());
        }
        let target = PathBuf::from(path);
        store::save(&target, text.as_bytes()).map_err(|e| format!("{path}: {e}"))?;
        self.path = target;
        Ok(self.name())
    }

    /// Beside a plan the person named; in the current folder for a plan kept in the plans
    /// folder, where exports would be hard to find.
    fn export_defaults(&self) -> (String, String) {
        let kept = plans_home::plans_dir().is_ok_and(|d| self.path.parent() == Some(d.as_path()));
        let folder = match self.path.parent() {
            Some(p) if !kept && !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
        };
        let folder = folder.display().to_string();
        let stem = self
            .path
            .file_stem()
            .map_or("plan".into(), |s| s.to_string_lossy().into_owned());
        (folder, stem)
    }

    fn export(&mut self, ctx: &Context, request: &Request) -> Report {
        export::run(ctx, request)
    }
}

/// The terminal in raw mode on the alternate screen, restored when dropped, on a panic,
/// and when SIGTERM, SIGHUP or SIGINT asks the wizard to stop.
struct TerminalGuard {
    terminal: Terminal<CrosstermBackend<Stdout>>,
    stop: Arc<AtomicBool>,
}

/// Terminal events, read on a thread of their own for the life of the process: when the
/// terminal goes away, crossterm's reader can loop without returning, and the wizard must
/// still notice the hang-up signal and stop.
fn events() -> &'static Mutex<Receiver<std::io::Result<Event>>> {
    static EVENTS: OnceLock<Mutex<Receiver<std::io::Result<Event>>>> = OnceLock::new();
    EVENTS.get_or_init(|| {
        let (send, receive) = mpsc::channel();
        std::thread::spawn(move || {
            loop {
                let event = event::read();
                let failed = event.is_err();
                if send.send(event).is_err() || failed {
                    break;
                }
            }
        });
        Mutex::new(receive)
    })
}

impl TerminalGuard {
    fn enter() -> Result<TerminalGuard> {
        let stop = Arc::new(AtomicBool::new(false));
        for signal in [
            signal_hook::consts::SIGTERM,
            signal_hook::consts::SIGHUP,
            signal_hook::consts::SIGINT,
        ] {
            signal_hook::flag::register(signal, Arc::clone(&stop))
                .context("cannot listen for signals")?;
        }
        // The theme decides about colour; crossterm's own NO_COLOR handling would also
        // reset bold and reverse, and with them the highlighted row.
        crossterm::style::force_color_output(true);
        install_panic_hook();
        enable_raw_mode().context("cannot switch the terminal to raw mode")?;
        execute!(
            std::io::stdout(),
            EnterAlternateScreen,
            EnableBracketedPaste
        )?;
        let terminal = Terminal::new(CrosstermBackend::new(std::io::stdout()))?;
        Ok(TerminalGuard { terminal, stop })
    }

    fn signalled(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    /// The next event, or `None` after a short wait so signals are checked often.
    fn next_event(&self) -> Result<Option<Event>> {
        let receiver = events()
            .lock()
            .map_err(|_| anyhow::anyhow!("the event reader failed"))?;
        match receiver.recv_timeout(Duration::from_millis(200)) {
            Ok(event) => Ok(Some(event.context("cannot read from the terminal")?)),
            Err(RecvTimeoutError::Timeout) => Ok(None),
            Err(RecvTimeoutError::Disconnected) => bail!("the terminal is gone"),
        }
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
        let _ = self.terminal.show_cursor();
    }
}

/// Puts the terminal back as it was. Errors are ignored: after SIGHUP there may be no
/// terminal left to restore.
fn restore_terminal() {
    let _ = disable_raw_mode();
    let _ = execute!(
        std::io::stdout(),
        DisableBracketedPaste,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

/// Restores the terminal before the panic message is printed, so it can be read.
fn install_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore_terminal();
            previous(info);
            eprintln!(
                "hostplan: every answer confirmed before this error is saved in the plan file"
            );
        }));
    });
}
