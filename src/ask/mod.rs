//! `hostplan ask`: the questionnaire one prompt at a time, for screen readers, slow links
//! and `TERM=dumb`, leaving a readable transcript. The front-end beside the full-screen
//! [`crate::tui`]; both ask through the shared [`crate::core::flow::Session`].

use crate::base::key;
mod finish;
mod home;
mod stop;
mod terminal;
mod ui;
mod walk;

use crate::analysis::summary;
use crate::base::strings::{fill, language};
use crate::core::builtin::Catalog;
use crate::core::flow::Session;
use crate::core::model::Model;
use crate::core::plan::{Completeness, Plan};
use crate::core::plan_edit;
use crate::core::questionnaire::Questionnaire;
use crate::errln;
use crate::session::catalog::catalog;
use crate::session::companions;
use crate::session::look::{Appearance, dumb_terminal};
use crate::session::plan_file::open_with_text;
use crate::session::problems::{counts, report};
use crate::store::lock;
use anyhow::{Context as _, Result};
use finish::{Finish, Next};
use home::Target;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use ui::Prompter;
use walk::{End, Scope, Walk};

/// Answers the plan at `plan` line by line (created when it does not exist), or a copy of
/// the demo with `demo`; without either, the person chooses between the most recent plan, a new
/// one and the demo. `dir` holds the questionnaires when they are not the built-in ones.
/// False when the plan could not be read.
pub fn run(
    plan: Option<PathBuf>,
    demo: bool,
    look: &Appearance,
    dir: Option<&Path>,
) -> Result<bool> {
    let cat = catalog(dir, language()).map_err(|problems| {
        report(&problems);
        anyhow::anyhow!(
            "{}",
            fill(
                key::ask::start::BROKEN_QUESTIONNAIRES,
                &[("counts", &counts(&problems))]
            )
        )
    })?;
    let mut ui = prompter(look);
    let (target, out_dir) = match plan {
        Some(path) => {
            let out_dir = folder_of(&path);
            (explicit(&cat, ui.as_mut(), path)?, out_dir)
        }
        None if demo => (Some(home::demo_copy()?), PathBuf::new()),
        None => (home::choose(&cat, ui.as_mut())?, PathBuf::new()),
    };
    let Some(target) = target else {
        return Ok(true);
    };
    // Held to the end: answers given here would be lost, or lose another session's.
    let _lock = lock(target.path())?;
    let Some((plan, q, path, text)) = load(&cat, ui.as_mut(), target)? else {
        return Ok(false);
    };
    let model = load_model(q, dir);
    let mut session = Session::new(q, plan);
    let places = Places {
        plan: &path,
        out_dir: &out_dir,
        questionnaires: dir,
        text,
    };
    let stopped_text = stop::stopped_text(&path, dir);
    stop::watch(stopped_text.clone());
    if converse(&mut session, ui.as_mut(), model.as_ref(), &places)? {
        ui.say("");
        ui.say(&stopped_text);
    }
    Ok(true)
}

/// Plain lines where the terminal cannot redraw (TERM=dumb), where the answers come from a
/// pipe, or where the output goes to one (`| tee record.txt`: redrawn prompts would garble
/// both the screen and the record); inquire's prompts otherwise.
fn prompter(look: &Appearance) -> Box<dyn Prompter> {
    let stdin = std::io::stdin().is_terminal();
    let stdout = std::io::stdout().is_terminal();
    if dumb_terminal() || !stdin || !stdout || !std::io::stderr().is_terminal() {
        // What is typed reaches the output only by an echo when either end is not the
        // terminal.
        let echo = !stdin || !stdout;
        return Box::new(ui::Lines::new(
            std::io::stdin().lock(),
            std::io::stdout(),
            echo,
        ));
    }
    let style = if look.colourless() {
        terminal::Style::Plain
    } else if look.high_contrast {
        terminal::Style::HighContrast
    } else {
        terminal::Style::Colour
    };
    Box::new(terminal::Terminal::new(style))
}

/// The folder of `path`; empty (the current folder, unnamed) for a bare file name.
fn folder_of(path: &Path) -> PathBuf {
    path.parent().map(Path::to_path_buf).unwrap_or_default()
}

/// A named plan: opened when it exists, else a new plan of the questionnaire chosen.
fn explicit(cat: &Catalog, ui: &mut dyn Prompter, path: PathBuf) -> Result<Option<Target>> {
    if path.exists() {
        return Ok(Some(Target::Open(path)));
    }
    Ok(home::questionnaire(cat, ui).map(|qid| Target::Create(path, qid)))
}

/// The plan's lock, or the refusal to go on when another session has the plan open.
fn lock(path: &Path) -> Result<Option<lock::PlanLock>> {
    match lock::take(path)? {
        lock::Taken::Held(held) => Ok(Some(held)),
        lock::Taken::Busy(holder) => {
            anyhow::bail!(
                "{}",
                lock::busy_message(path, &holder, key::common::file::LOCKED_ASK)
            )
        }
        lock::Taken::Unavailable => Ok(None),
    }
}

/// Reads or creates the plan, with its questionnaire and the text it was read from, and
/// says where it stands; `None` when it has errors (they are printed, with what to do).
fn load<'c>(
    cat: &'c Catalog,
    ui: &mut dyn Prompter,
    target: Target,
) -> Result<Option<(Plan, &'c Questionnaire, PathBuf, String)>> {
    match target {
        Target::Create(path, qid) => {
            let q = cat.get(&qid).with_context(|| gone(&qid))?;
            let plan = Plan::new(q, chrono::Utc::now());
            let text = plan.to_toml(q, false);
            stop::save(&path, &text)?;
            let shown = path.display().to_string();
            ui.say(&fill(key::ask::start::NEW, &[("path", &shown)]));
            Ok(Some((plan, q, path, text)))
        }
        Target::Open(path) => {
            let Some((plan, _, text)) = open_with_text(cat, Some(&path), Completeness::Partial)?
            else {
                let shown = path.display().to_string();
                errln!("{}", fill(key::ask::start::BROKEN, &[("path", &shown)]));
                return Ok(None);
            };
            let q = cat
                .get(&plan.questionnaire)
                .with_context(|| gone(&plan.questionnaire))?;
            let shown = path.display().to_string();
            ui.say(&fill(
                key::ask::start::OPEN,
                &[
                    ("path", &shown),
                    ("progress", &summary::progress_line(&plan, q)),
                ],
            ));
            Ok(Some((plan, q, path, text)))
        }
    }
}

/// The decision data behind the results; without it the questions are still asked.
fn load_model(q: &Questionnaire, dir: Option<&Path>) -> Option<Model> {
    match companions::model(q, dir, language()) {
        Ok(m) => m,
        Err(problems) => {
            report(&problems);
            errln!(
                "{}",
                fill(key::ask::start::NO_MODEL, &[("counts", &counts(&problems))])
            );
            None
        }
    }
}

struct Places<'a> {
    plan: &'a Path,
    out_dir: &'a Path,
    questionnaires: Option<&'a Path>,
    /// The plan file's text as read; saves edit it, keeping what was written by hand.
    text: String,
}

/// Questions, then results, until the person is done; true when they stopped early.
fn converse(
    session: &mut Session,
    ui: &mut dyn Prompter,
    model: Option<&Model>,
    places: &Places,
) -> Result<bool> {
    let q = session.questionnaire();
    let mut seen = crate::store::Seen::of(places.text.as_bytes());
    let mut previous = places.text.clone();
    let mut save = |plan: &Plan| {
        let text = plan_edit::edit(&previous, plan, q);
        stop::save_checked(places.plan, &mut seen, &text)?;
        previous = text;
        Ok(())
    };
    ui.say(ui.hints());
    if let Some(current) = session.current()
        && !session.plan.answers.is_empty()
    {
        let steps = session.steps();
        ui.say(&fill(
            key::ask::start::RESUME_AT,
            &[
                ("at", &steps.section.unwrap_or(0).to_string()),
                ("count", &steps.sections.to_string()),
                ("done", &steps.done.to_string()),
                ("question", &current.prompt),
            ],
        ));
    }
    let mut scope = Scope::Every;
    loop {
        let mut walk = Walk::new(session, ui, &mut save).with_model(model);
        if walk.run(scope)? == End::Quit {
            return Ok(true);
        }
        let mut finish = Finish {
            session,
            model,
            ui,
            plan_path: places.plan,
            out_dir: places.out_dir,
        };
        match finish.run()? {
            Next::Questions(next) => scope = next,
            Next::Quit => return Ok(true),
            Next::Done => break,
        }
        save(&session.plan)?;
    }
    save(&session.plan)?;
    let shown = places.plan.display().to_string();
    ui.say(&fill(key::ask::finish::SAVED, &[("path", &shown)]));
    let show = stop::command("plan show", places.plan, places.questionnaires);
    let ask = stop::command("ask", places.plan, places.questionnaires);
    ui.say(&fill(
        key::ask::finish::NEXT,
        &[("show", &show), ("ask", &ask)],
    ));
    Ok(false)
}

/// A questionnaire named by the plan that is not among those loaded.
fn gone(id: &str) -> String {
    fill(key::common::file::QUESTIONNAIRE_GONE, &[("id", id)])
}
