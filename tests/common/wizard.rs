//! Runs the wizard in memory: a fixed clock, saves kept in a list, a test backend, and
//! keys made from the answers a plan should end up with.

use chrono::{DateTime, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use hostplan::base::diag::Source;
use hostplan::base::formats::{group_thousands, human_decimal};
use hostplan::base::lang::Lang;
use hostplan::base::strings::Strings;
use hostplan::base::strings::language;
use hostplan::core::answer::{Answer, Level};
use hostplan::core::builtin::{Catalog, DEMO_PLAN};
use hostplan::core::model::{Companions, Model};
use hostplan::core::plan::{Completeness, Plan};
use hostplan::core::questionnaire::{Kind, Question};
use hostplan::export::{Context, Report, Request};
use hostplan::tui::{self, App, Host, SaveFailure, Theme, ThemeName};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::cell::RefCell;
use std::rc::Rc;

pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 1, 4, 9, 30, 0).unwrap()
}

pub fn model() -> Model {
    let q = Catalog::builtin().unwrap().get("primero").unwrap().clone();
    Model::load(q, &Companions::builtin()).unwrap().0
}

pub fn plan_from(model: &Model, text: &str) -> Plan {
    Plan::parse(
        Source::new("test plan", text),
        |_| Some(&model.questionnaire),
        Completeness::Partial,
    )
    .unwrap()
    .0
}

pub fn demo(model: &Model) -> Plan {
    plan_from(model, DEMO_PLAN)
}

/// What the wizard did with the outside world, and how the world answers it.
#[derive(Default)]
pub struct Record {
    pub saves: Vec<String>,
    pub saved_as: Vec<String>,
    pub exports: Vec<Request>,
    /// The language each export ran in, and the questionnaire title it had.
    pub export_languages: Vec<Lang>,
    pub export_titles: Vec<String>,
    /// Saves fail with this message, as on a full disk.
    pub failing: Option<String>,
    /// Exports check the configuration answers first, as the real export does, and
    /// write nothing when they have errors.
    pub check_config: bool,
}

pub struct MemoryHost {
    pub record: Rc<RefCell<Record>>,
    /// Where the plan is saved: `plans/kalmaria.toml`, until Save As.
    pub place: String,
}

impl Host for MemoryHost {
    fn now(&self) -> DateTime<Utc> {
        now()
    }

    fn save(&mut self, text: &str) -> Result<(), SaveFailure> {
        let mut r = self.record.borrow_mut();
        if let Some(e) = &r.failing {
            return Err(SaveFailure::Failed(e.clone()));
        }
        r.saves.push(text.to_string());
        Ok(())
    }

    fn save_as(&mut self, path: &str, text: &str) -> Result<String, SaveFailure> {
        let mut r = self.record.borrow_mut();
        if let Some(e) = &r.failing {
            return Err(SaveFailure::Failed(e.clone()));
        }
        r.saved_as.push(path.to_string());
        r.saves.push(text.to_string());
        self.place = path.to_string();
        Ok(path.to_string())
    }

    fn location(&self) -> String {
        self.place.clone()
    }

    fn export_defaults(&self) -> (String, String) {
        let stem = std::path::Path::new(&self.place).file_stem().unwrap();
        ("exports".to_string(), stem.to_string_lossy().into_owned())
    }

    fn export(&mut self, ctx: &Context, request: &Request) -> Report {
        self.record.borrow_mut().exports.push(request.clone());
        self.record.borrow_mut().export_languages.push(language());
        let title = ctx.model.questionnaire.title.clone();
        self.record.borrow_mut().export_titles.push(title);
        let problems = match self.record.borrow().check_config {
            true => hostplan::export::config::check(ctx),
            false => Vec::new(),
        };
        if hostplan::base::diag::has_errors(&problems) {
            return Report {
                problems,
                ..Report::default()
            };
        }
        Report {
            written: request.pdf.iter().cloned().collect(),
            ..Report::default()
        }
    }
}

pub fn app<'m>(model: &'m Model, plan: Plan, theme: ThemeName) -> (App<'m>, Rc<RefCell<Record>>) {
    let record = Rc::new(RefCell::new(Record::default()));
    let host = MemoryHost {
        record: Rc::clone(&record),
        place: "plans/kalmaria.toml".to_string(),
    };
    let app = App::new(
        model,
        Strings::builtin(),
        Theme::new(theme),
        plan,
        "kalmaria.toml".to_string(),
        Box::new(host),
    );
    (app, record)
}

pub fn render(app: &mut App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| tui::draw(f, app)).unwrap();
    terminal
}

pub fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

pub fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// Presses keys as the terminal front-end delivers them: each followed by the save the
/// front-end makes once the next frame is drawn.
pub fn press(app: &mut App, codes: &[KeyCode]) {
    for c in codes {
        app.handle_key(key(*c));
        let _ = app.flush_save();
    }
}

pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.handle_key(key(KeyCode::Char(c)));
        let _ = app.flush_save();
    }
}

/// The keys a person presses to give `answer` to `q`, ending with Enter; with no answer,
/// the keys that leave the question unanswered.
pub fn keys_for(q: &Question, answer: Option<&Answer>) -> Vec<KeyEvent> {
    let Some(answer) = answer else {
        return vec![ctrl('n')];
    };
    let mut keys = Vec::new();
    let down_to = |i: usize, keys: &mut Vec<KeyEvent>| {
        keys.push(key(KeyCode::Home));
        keys.extend(std::iter::repeat_n(key(KeyCode::Down), i));
    };
    let index = |id: &str| q.options.iter().position(|o| o.id == id).unwrap();
    match answer {
        Answer::Choice(id) => down_to(index(id), &mut keys),
        Answer::Choices(ids) => {
            for id in ids {
                down_to(index(id), &mut keys);
                keys.push(key(KeyCode::Char(' ')));
            }
        }
        Answer::Level(l) => {
            let letter = match l {
                Level::Yes => 'y',
                Level::Partly => 'p',
                Level::No => 'n',
            };
            keys.push(key(KeyCode::Char(letter)));
        }
        other => {
            // Clear what the field shows (a default), then type as a person would.
            keys.push(ctrl('u'));
            keys.push(ctrl('k'));
            let text = match (q.kind, other) {
                (Kind::Integer, Answer::Integer(n)) => group_thousands(*n),
                (Kind::Decimal, Answer::Decimal(x)) => human_decimal(*x),
                _ => other.to_plain(),
            };
            keys.extend(text.chars().map(|c| key(KeyCode::Char(c))));
        }
    }
    keys.push(key(KeyCode::Enter));
    keys
}

/// Answers every question the wizard asks with `target`'s answers, by keys alone, and
/// returns how many questions were asked.
pub fn walk(app: &mut App, target: &Plan) -> usize {
    let mut asked = 0;
    while let Some(q) = app.current() {
        asked += 1;
        assert!(asked < 500, "the wizard keeps asking: stuck at {}", q.id);
        for k in keys_for(q, target.answers.get(&q.id)) {
            app.handle_key(k);
            let _ = app.flush_save();
        }
        assert!(
            app.notice.is_none() || app.current().map(|c| &c.id) != Some(&q.id),
            "{} was refused: {:?}",
            q.id,
            app.notice
        );
    }
    asked
}
