//! The wizard's link to the world: the terminal, signals, the plan file and the exporters.
//! It runs [`App`] on a real terminal, and gives it the [`Host`] that saves to disk.

use super::app::Notice;
use super::start::{Choice, Start, screen_language};

use super::{App, Host, SaveFailure, Theme, ThemeName};
use crate::base::diag::Source;
use crate::base::formats;
use crate::base::key;
use crate::base::lang::Lang;
use crate::base::strings::{Strings, fill, get, language, use_language};
use crate::base::terminal_safe::escape;
use crate::core::builtin::Catalog;
use crate::core::model::Model;
use crate::core::plan::{Completeness, Plan};
use crate::core::questionnaire::Questionnaire;
use crate::export::{self, Context, Report, Request};
use crate::outln;
use crate::session::catalog::catalog;
use crate::session::companions::model;
use crate::session::look::Appearance;
use crate::session::plan_file::{self, open_with_text};
use crate::session::problems::{broken_data, broken_file, report};
use crate::session::{plans_home, stop_signal};
use crate::store;
use anyhow::{Context as _, Result, bail};
use chrono::Datelike;
use chrono::{DateTime, Utc};
use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::cell::RefCell;
use std::io::{IsTerminal, Stdout, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

/// Runs the wizard on the plan at `plan` (created when it does not exist), on a copy of
/// the demo with `demo`, or on what the start screen chooses. `dir` holds the
/// questionnaires when they are not the built-in ones. True when all went well.
pub fn wizard(
    plan: Option<PathBuf>,
    demo: bool,
    look: &Appearance,
    dir: Option<&Path>,
) -> Result<bool> {
    let s = Strings::builtin();
    if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        bail!("{}", s.get(key::wizard::exit::NO_TERMINAL));
    }
    let cat = load_catalog(dir)?;
    let theme = theme(look);
    let asked = language();
    let mut langs = Languages {
        screen: screen_language(asked, Lang::En),
        export: asked,
    };
    use_language(langs.screen);
    let Some(opened) = choose_plan(plan, demo, &cat, &theme, &mut langs)? else {
        if signalled() {
            outln!("{}", s.get(key::wizard::exit::SIGNAL));
        }
        return Ok(!signalled());
    };
    // In the language the start screen left, the plan's questions included: read again
    // only when the start screen changed it.
    let cat = if language() == asked {
        cat
    } else {
        load_catalog(dir)?
    };
    // A plan is answered against its own questionnaire, whichever others are loaded.
    let q = cat.get(&opened.plan.questionnaire).with_context(|| {
        let id = &opened.plan.questionnaire;
        fill(key::common::file::QUESTIONNAIRE_GONE, &[("id", id)])
    })?;
    let model = load_model(q, dir)?;
    let place = Rc::new(RefCell::new(opened.path.clone()));
    // Before the screen is taken over, so a lock refused is said where it can be read.
    let host = FileHost::open(Rc::clone(&place), opened.text.as_deref())?;
    let mut term = TerminalGuard::enter()?;
    // The exports may be asked for in another language: the questionnaire in it then.
    let read_model = Box::new(move |lang| model_in(q, dir, lang));
    let outcome = run_app(&model, read_model, opened, host, theme, &mut term, langs);
    drop(term);
    let shown = place.borrow().display().to_string();
    let save_error = outcome
        .map_err(|e| e.context(s.fill(key::wizard::exit::SAVED_UNTIL, &[("path", &shown)])))?;
    Ok(farewell(&shown, save_error.as_deref()))
}

/// The theme the look asks for: NO_COLOR and `--no-color` win over any theme.
fn theme(look: &Appearance) -> Theme {
    let name = if look.colourless() {
        ThemeName::Monochrome
    } else if look.high_contrast {
        ThemeName::HighContrast
    } else {
        ThemeName::Default
    };
    Theme::new(name).with_ascii(look.ascii_only())
}

/// The closing lines: where the plan is and how to carry on, or that the last answers
/// could not be saved. True when all went well. After a hang-up there is no terminal, and
/// these lines go nowhere, which is no reason to fail.
fn farewell(shown: &str, save_error: Option<&str>) -> bool {
    let s = Strings::builtin();
    let mut out = std::io::stdout();
    if let Some(e) = save_error {
        let text = s.fill(
            key::wizard::exit::NOT_SAVED,
            &[("path", shown), ("error", e)],
        );
        let _ = writeln!(std::io::stderr(), "hostplan: {}", escape(&text));
        return false;
    }
    if signalled() {
        let _ = writeln!(out, "{}", s.get(key::wizard::exit::SIGNAL));
    }
    let shown: &str = &escape(shown);
    let _ = writeln!(
        out,
        "{}",
        s.fill(key::wizard::exit::SAVED, &[("path", shown)])
    );
    let _ = writeln!(
        out,
        "{}",
        s.fill(key::wizard::exit::RESUME, &[("path", shown)])
    );
    !signalled()
}

/// The questionnaires in the thread's language; problems are printed.
fn load_catalog(dir: Option<&Path>) -> Result<Catalog> {
    catalog(dir, language()).map_err(|p| {
        report(&p);
        anyhow::anyhow!("{}", broken_data(key::cli::broken::QUESTIONNAIRES, &p))
    })
}

/// The model in `lang`; none when it cannot be read (the one in the screens' language,
/// read first, has already said why).
fn model_in(q: &Questionnaire, dir: Option<&Path>, lang: Lang) -> Option<Model> {
    model(q, dir, lang).ok().flatten()
}

fn load_model(q: &Questionnaire, dir: Option<&Path>) -> Result<Model> {
    match model(q, dir, language()) {
        Ok(Some(m)) => Ok(m),
        Ok(None) => bail!(
            "{}",
            Strings::builtin().fill(key::wizard::exit::NO_DECISION_DATA, &[("id", &q.id)])
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

/// A plan to answer, the file it is saved in, and the text that file held when read
/// (none when it is still to be made).
struct Opened {
    plan: Plan,
    path: PathBuf,
    text: Option<String>,
}

/// The plan to open: named, the demo, or chosen on the start screen.
fn choose_plan(
    plan: Option<PathBuf>,
    demo: bool,
    cat: &Catalog,
    theme: &Theme,
    langs: &mut Languages,
) -> Result<Option<Opened>> {
    let s = Strings::builtin();
    if let Some(path) = &plan {
        return open_or_create(cat, path).map(Some);
    }
    let (choice, recent) = if demo {
        (Choice::Demo, None)
    } else {
        // The start screen has a terminal session of its own, closed before the plan is
        // read, so any problem with the plan is printed where it can be read. The plan it
        // offers to resume is the one opened, whatever is saved meanwhile.
        let recent = plans_home::most_recent();
        let mut term = TerminalGuard::enter()?;
        let choice = start_screen(&mut term, theme, recent.as_deref(), langs)?;
        (choice, recent)
    };
    let today = chrono::Local::now().date_naive();
    match choice {
        Choice::Quit => Ok(None),
        Choice::Resume => {
            let path = recent.context(s.get(key::wizard::exit::NO_RECENT))?;
            open_or_create(cat, &path).map(Some)
        }
        Choice::New => {
            let dir = plans_home::ensure_plans_dir()?;
            open_or_create(cat, &plans_home::new_plan_path(&dir, "plan", today)).map(Some)
        }
        Choice::Demo => {
            let dir = plans_home::ensure_plans_dir()?;
            let (origin, text) = plan_file::demo();
            let (plan, _) = Plan::parse(
                Source::new(origin, text),
                |id| cat.get(id),
                Completeness::Partial,
            )
            .map_err(|p| anyhow::anyhow!("{}", broken_file(origin, &p)))?;
            Ok(Some(Opened {
                plan,
                path: plans_home::new_plan_path(&dir, "demo", today),
                text: None,
            }))
        }
    }
}

/// Reads the plan at `path`, or starts a new one there. A plan with errors is not opened:
/// the problems are listed so they can be fixed first.
fn open_or_create(cat: &Catalog, path: &Path) -> Result<Opened> {
    if !path.exists() {
        let q = cat.get("primero").or(cat.questionnaires.first());
        let q = q.context(Strings::builtin().get(key::wizard::exit::NO_QUESTIONNAIRE))?;
        return Ok(Opened {
            plan: Plan::new(q, Utc::now()),
            path: path.to_path_buf(),
            text: None,
        });
    }
    match open_with_text(cat, Some(path), Completeness::Partial)? {
        Some((plan, _, text)) => Ok(Opened {
            plan,
            path: path.to_path_buf(),
            text: Some(text),
        }),
        None => {
            let shown = path.display().to_string();
            let text =
                Strings::builtin().fill(key::wizard::exit::PLAN_PROBLEMS, &[("path", &shown)]);
            bail!("{text}")
        }
    }
}

/// The languages the wizard runs in: the screens', and the exports' (which differ when a
/// terminal cannot show the one asked for).
#[derive(Clone, Copy, Debug)]
struct Languages {
    screen: Lang,
    export: Lang,
}

fn start_screen(
    term: &mut TerminalGuard,
    theme: &Theme,
    recent: Option<&Path>,
    langs: &mut Languages,
) -> Result<Choice> {
    let mut start = Start::new(recent.map(describe), langs.export);
    let mut changed = true;
    loop {
        if changed {
            // A language chosen here is the run's from now on, the plan's questions too.
            use_language(start.lang);
            *langs = Languages {
                screen: start.lang,
                export: start.export_lang,
            };
            let strings = Strings::shipped(start.lang);
            term.terminal
                .draw(|f| start.draw(f, strings, theme))
                .context(get(key::wizard::terminal::DRAW))?;
        }
        changed = match term.next_event()? {
            Some(event) => {
                start.handle_event(&event);
                true
            }
            None if signalled() => return Ok(Choice::Quit),
            None => false,
        };
        if let Some(choice) = start.chosen.take() {
            return Ok(choice);
        }
    }
}

/// A plan file as the start screen names it: its name and when it was last saved.
fn describe(path: &Path) -> String {
    let s = Strings::builtin();
    let name = path
        .file_name()
        .map_or(String::new(), |n| n.to_string_lossy().into_owned());
    let Some(when) = path.metadata().and_then(|m| m.modified()).ok() else {
        return name;
    };
    let when = DateTime::<chrono::Local>::from(when);
    let month = formats::month_short(when.date_naive());
    let date = format!("{} {month} {}", when.day(), when.format("%H:%M"));
    s.fill(
        key::wizard::start::RECENT,
        &[("name", &name), ("date", &date)],
    )
}

/// Runs the wizard until it is left; the last save's error, if the plan is not saved.
fn run_app(
    model: &Model,
    read_model: Box<dyn Fn(Lang) -> Option<Model> + '_>,
    opened: Opened,
    mut host: FileHost,
    theme: Theme,
    term: &mut TerminalGuard,
    langs: Languages,
) -> Result<Option<String>> {
    let path = opened.path.clone();
    // A new plan is saved at once, so it can be resumed even before its first answer; an
    // existing file is left as it is until an answer changes.
    let text = match opened.text {
        Some(text) => text,
        None => {
            let text = opened.plan.to_toml(&model.questionnaire, false);
            if host.busy.is_none() {
                host.save(&text).map_err(|e| anyhow::anyhow!(e))?;
            }
            text
        }
    };
    let name = host.name();
    // Said from the first frame: the plan can be read and explored, not changed in place.
    let read_only = host
        .busy
        .clone()
        .map(SaveFailure::Busy)
        .or_else(|| store::is_read_only(&path).then(|| SaveFailure::ReadOnly(path.clone())));
    let mut app = App::new(
        model,
        Strings::builtin(),
        theme,
        opened.plan,
        name,
        Box::new(host),
    );
    app.keep_file_text(text);
    app.save_error = read_only;
    app.export.lang = langs.export;
    app.read_model = Some(read_model);
    if langs.export != langs.screen {
        let language = langs.screen.native_name();
        let note = Strings::builtin().fill(key::wizard::start::ARABIC, &[("language", language)]);
        app.notice = Some(Notice::Info(note));
    }
    // Keys pressed on the start screen after its choice belong to it, not to the plan.
    drain_events();
    // A frame follows every event (a resize is one); a wait that ends without one, only
    // there so signals are noticed, leaves the screen as it is.
    let mut changed = true;
    while !app.quit && !signalled() {
        if changed {
            term.terminal
                .draw(|f| super::draw(f, &mut app))
                .context(get(key::wizard::terminal::DRAW))?;
            if app.flush_save() {
                term.terminal
                    .draw(|f| super::draw(f, &mut app))
                    .context(get(key::wizard::terminal::DRAW))?;
            }
        }
        changed = match term.next_event()? {
            Some(event) => {
                app.handle_event(&event);
                true
            }
            None => false,
        };
    }
    let _ = app.flush_save();
    Ok(app.save_error.map(|e| e.words(Strings::builtin())))
}

/// The plan file and the exporters, as the wizard reaches them. The path is shared with
/// the command, which names it when the wizard closes, Save As included.
struct FileHost {
    path: Rc<RefCell<PathBuf>>,
    /// What the plan file held when opened or last saved here, so a change made by another
    /// session is never overwritten (the guard where locks do not work, as on some shares).
    seen: store::Seen,
    /// This session's hold on the plan, kept for the whole session.
    lock: Option<store::lock::PlanLock>,
    /// Why nothing is saved to the plan: another session has it open.
    busy: Option<String>,
}

impl FileHost {
    /// Takes the plan's lock; `text` is what the plan file held when it was read.
    fn open(path: Rc<RefCell<PathBuf>>, text: Option<&str>) -> Result<FileHost> {
        let place = path.borrow().clone();
        let seen = match text {
            Some(text) => store::Seen::of(text.as_bytes()),
            None => store::Seen::now(&place)?,
        };
        let mut host = FileHost {
            path,
            seen,
            lock: None,
            busy: None,
        };
        match store::lock::take(&place)? {
            store::lock::Taken::Held(lock) => host.lock = Some(lock),
            store::lock::Taken::Busy(holder) => {
                let advice = key::common::file::LOCKED_WIZARD;
                host.busy = Some(store::lock::busy_message(&place, &holder, advice));
            }
            store::lock::Taken::Unavailable => {}
        }
        Ok(host)
    }

    /// Takes the lock of `target` for Save As, refusing a plan another session has open.
    fn lock_for(target: &Path) -> Result<Option<store::lock::PlanLock>, SaveFailure> {
        let taken = store::lock::take(target).map_err(|e| SaveFailure::Failed(e.to_string()))?;
        match taken {
            store::lock::Taken::Held(lock) => Ok(Some(lock)),
            store::lock::Taken::Busy(holder) => Err(SaveFailure::Busy(store::lock::busy_message(
                target,
                &holder,
                key::common::file::LOCKED_NEW,
            ))),
            store::lock::Taken::Unavailable => Ok(None),
        }
    }

    fn name(&self) -> String {
        let path = self.path.borrow();
        path.file_name().map_or(path.display().to_string(), |n| {
            n.to_string_lossy().into_owned()
        })
    }

    /// A name typed for Save As, read from the plan's folder when it is not absolute.
    fn resolve(&self, typed: &str) -> PathBuf {
        let typed = PathBuf::from(typed);
        match self.path.borrow().parent() {
            Some(folder) if typed.is_relative() => folder.join(typed),
            _ => typed,
        }
    }
}

impl Host for FileHost {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    fn save(&mut self, text: &str) -> Result<(), SaveFailure> {
        if let Some(busy) = &self.busy {
            return Err(SaveFailure::Busy(busy.clone()));
        }
        let path = self.path.borrow().clone();
        match store::save_unless_changed(&path, &mut self.seen, text.as_bytes()) {
            Ok(store::Saved::Replaced) => Ok(()),
            Ok(store::Saved::Conflict(aside)) => Err(SaveFailure::Conflict { plan: path, aside }),
            Err(e) => Err(SaveFailure::Failed(e.to_string())),
        }
    }

    fn save_as(&mut self, typed: &str, text: &str) -> Result<String, SaveFailure> {
        if typed.is_empty() {
            return Err(SaveFailure::NoName);
        }
        let target = self.resolve(typed);
        let shown = target.display().to_string();
        if target != *self.path.borrow() && target.exists() {
            return Err(SaveFailure::Exists(target));
        }
        // Saving again under the same name keeps the lock held on it.
        let same = self.lock.is_some() && target == *self.path.borrow();
        let lock = if same { None } else { Self::lock_for(&target)? };
        store::save(&target, text.as_bytes())
            .map_err(|e| SaveFailure::Failed(format!("{shown}: {e}")))?;
        if !same {
            self.lock = lock;
        }
        self.busy = None;
        self.seen = store::Seen::of(text.as_bytes());
        *self.path.borrow_mut() = target;
        Ok(self.name())
    }

    fn location(&self) -> String {
        self.path.borrow().display().to_string()
    }

    /// Beside a plan the person named; in the current folder for a plan kept in the plans
    /// folder, where exports would be hard to find.
    fn export_defaults(&self) -> (String, String) {
        let path = self.path.borrow();
        let kept = plans_home::plans_dir().is_ok_and(|d| path.parent() == Some(d.as_path()));
        let folder = match path.parent() {
            Some(p) if !kept && !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
        };
        let stem = path
            .file_stem()
            .map_or("plan".into(), |s| s.to_string_lossy().into_owned());
        (folder.display().to_string(), stem)
    }

    fn export(&mut self, ctx: &Context, request: &Request) -> Report {
        export::run(ctx, request)
    }
}

fn signalled() -> bool {
    stop_signal::requested()
}

/// The terminal in raw mode on the alternate screen, restored when dropped, on a panic,
/// and when a signal asks the wizard to stop.
struct TerminalGuard {
    terminal: Terminal<CrosstermBackend<Stdout>>,
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

/// Forgets the events read so far.
fn drain_events() {
    if let Ok(receiver) = events().lock() {
        while receiver.try_recv().is_ok() {}
    }
}

impl TerminalGuard {
    fn enter() -> Result<TerminalGuard> {
        stop_signal::watch_flag();
        // The theme decides about colour; crossterm's own NO_COLOR handling would also
        // reset bold and reverse, and with them the highlighted row.
        crossterm::style::force_color_output(true);
        install_panic_hook();
        enable_raw_mode().context(get(key::wizard::terminal::RAW_MODE))?;
        let setup = execute!(
            std::io::stdout(),
            EnterAlternateScreen,
            EnableBracketedPaste
        )
        .and_then(|()| Terminal::new(CrosstermBackend::new(std::io::stdout())));
        match setup {
            Ok(terminal) => Ok(TerminalGuard { terminal }),
            Err(e) => {
                restore_terminal();
                Err(anyhow::anyhow!(e).context(get(key::wizard::terminal::SET_UP)))
            }
        }
    }

    /// The next event, or `None` after a short wait so signals are checked often.
    fn next_event(&self) -> Result<Option<Event>> {
        let receiver = events()
            .lock()
            .map_err(|_| anyhow::anyhow!(get(key::wizard::terminal::READER_FAILED)))?;
        match receiver.recv_timeout(Duration::from_millis(200)) {
            Ok(event) => Ok(Some(event.context(get(key::wizard::terminal::READ))?)),
            Err(RecvTimeoutError::Timeout) => Ok(None),
            Err(RecvTimeoutError::Disconnected) => bail!("{}", get(key::wizard::terminal::GONE)),
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
            let _ = writeln!(
                std::io::stderr(),
                "hostplan: {}",
                Strings::builtin().get(key::wizard::exit::PANIC)
            );
        }));
    });
}
