//! The wizard's state and what each key does to it. Drawing lives in `view`; files,
//! clock and exports reach the wizard through [`Host`], so the whole wizard runs in tests
//! with keystrokes and a test backend.

use super::answer_input::{AnswerInput, Submission};
use super::keys::{self, Action, Context};
use super::text_input::TextInput;
use super::theme::Theme;
use super::view::Drawn;
use crate::analysis::Analysis;
use crate::analysis::adoption::{self, Advice};
use crate::base::diag::{Problem, has_errors};
use crate::base::key;
use crate::base::lang::Lang;
use crate::base::strings::{Strings, language, use_language};
use crate::core::flow::Session;
use crate::core::model::Model;
use crate::core::plan::Plan;
use crate::core::plan_edit;
use crate::core::questionnaire::Question;
use crate::core::sizing::SizingRules;
use crate::export::pdf::{Direction, Paper};
use crate::export::{self, Report, Request};
use chrono::{DateTime, Utc};
use crossterm::event::{Event, KeyEvent, KeyEventKind};
use std::path::PathBuf;
use std::rc::Rc;

/// What the wizard needs from the world outside it.
pub trait Host {
    fn now(&self) -> DateTime<Utc>;
    /// Saves the plan text where the plan lives; called after every change.
    fn save(&mut self, text: &str) -> Result<(), SaveFailure>;
    /// Saves to `path` and keeps saving there; returns the plan's new name for the title.
    fn save_as(&mut self, path: &str, text: &str) -> Result<String, SaveFailure>;
    /// Where the plan is saved, as Save As offers it.
    fn location(&self) -> String;
    /// The folder exports go to by default, and the file name stem to use.
    fn export_defaults(&self) -> (String, String);
    fn export(&mut self, ctx: &export::Context, request: &Request) -> Report;
}

/// Why the plan was not saved, worded by the catalogue when it is shown.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{}", self.words(Strings::builtin()))]
pub enum SaveFailure {
    /// Another session has the plan open; already worded with who has it and what to do.
    Busy(String),
    /// The plan file cannot be written to.
    ReadOnly(PathBuf),
    /// Another session changed the file since it was read; these answers went to `aside`.
    Conflict { plan: PathBuf, aside: PathBuf },
    /// Save As with no name typed.
    NoName,
    /// Save As onto another file that is already there.
    Exists(PathBuf),
    /// The system refused; its words, with the file they concern.
    Failed(String),
}

impl SaveFailure {
    pub fn words(&self, s: &Strings) -> String {
        let shown = |p: &PathBuf| p.display().to_string();
        match self {
            SaveFailure::Busy(words) | SaveFailure::Failed(words) => words.clone(),
            SaveFailure::ReadOnly(path) => {
                s.fill(key::common::file::READ_ONLY, &[("path", &shown(path))])
            }
            SaveFailure::Conflict { plan, aside } => s.fill(
                key::common::file::CONFLICT,
                &[("plan", &shown(plan)), ("mine", &shown(aside))],
            ),
            SaveFailure::NoName => s.get(key::wizard::notice::SAVE_AS_EMPTY).to_string(),
            SaveFailure::Exists(path) => s.fill(
                key::wizard::notice::SAVE_AS_EXISTS,
                &[("path", &shown(path))],
            ),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Questions,
    Decision,
    Readiness,
    Sizing,
    Costs,
    Responsibilities,
    WorkPlan,
    Checklists,
    Export,
}

impl Screen {
    /// The result screens, in the order the navigation lists them.
    pub const RESULTS: [Screen; 8] = [
        Screen::Decision,
        Screen::Readiness,
        Screen::Sizing,
        Screen::Costs,
        Screen::Responsibilities,
        Screen::WorkPlan,
        Screen::Checklists,
        Screen::Export,
    ];

    /// The screen's id in the strings catalogue (`wizard.screen.<id>`).
    pub fn id(self) -> &'static str {
        match self {
            Screen::Questions => "questions",
            Screen::Decision => "decision",
            Screen::Readiness => "readiness",
            Screen::Sizing => "sizing",
            Screen::Costs => "costs",
            Screen::Responsibilities => "responsibilities",
            Screen::WorkPlan => "work_plan",
            Screen::Checklists => "checklists",
            Screen::Export => "export",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    Nav,
    Main,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Overlay {
    /// The list of keys, scrolled by this many lines.
    Help(usize),
    SaveAs(TextInput),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    Error(String),
    Info(String),
    /// Enter was pressed on an empty required question; a second Enter leaves it.
    ConfirmSkip(String),
    /// `q` was pressed although the last save failed; a second `q` quits anyway.
    ConfirmQuit(String),
}

impl Notice {
    pub fn text(&self) -> &str {
        match self {
            Notice::Error(t)
            | Notice::Info(t)
            | Notice::ConfirmSkip(t)
            | Notice::ConfirmQuit(t) => t,
        }
    }

    /// Whether it reports something that went wrong, rather than a question or a note.
    pub fn is_error(&self) -> bool {
        matches!(self, Notice::Error(_) | Notice::ConfirmQuit(_))
    }
}

/// One row of the navigation pane.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NavItem {
    Section(usize),
    Result(Screen),
}

/// The Export screen's form.
#[derive(Clone, Debug)]
pub struct ExportForm {
    pub pdf: bool,
    pub config: bool,
    pub paper: Paper,
    /// The language the exports are written in.
    pub lang: Lang,
    pub folder: TextInput,
    pub stem: String,
    /// Highlighted row: see [`ExportForm::ROWS`].
    pub row: usize,
    pub report: Option<Report>,
    /// The highlighted problem of the report, by its place in `report.problems`: only
    /// problems that name a question are chosen, and Enter opens that question.
    pub problem: Option<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportRow {
    Pdf,
    Config,
    Paper,
    Language,
    Folder,
    Run,
}

impl ExportForm {
    pub const ROWS: [ExportRow; 6] = [
        ExportRow::Pdf,
        ExportRow::Config,
        ExportRow::Paper,
        ExportRow::Language,
        ExportRow::Folder,
        ExportRow::Run,
    ];

    pub fn current(&self) -> ExportRow {
        ExportForm::ROWS[self.row.min(ExportForm::ROWS.len() - 1)]
    }

    pub fn pdf_path(&self) -> std::path::PathBuf {
        std::path::Path::new(&self.folder.text()).join(format!("{}-work-plan.pdf", self.stem))
    }

    pub fn config_dir(&self) -> std::path::PathBuf {
        std::path::Path::new(&self.folder.text()).join(format!("{}-config", self.stem))
    }

    /// Ticks an output or switches the paper size; the other rows have nothing to switch.
    fn toggle(&mut self, row: ExportRow) {
        match row {
            ExportRow::Pdf => self.pdf = !self.pdf,
            ExportRow::Config => self.config = !self.config,
            ExportRow::Paper => {
                self.paper = match self.paper {
                    Paper::A4 => Paper::Letter,
                    Paper::Letter => Paper::A4,
                }
            }
            ExportRow::Language => {
                self.lang = Lang::ALL[(self.lang.index() + 1) % Lang::ALL.len()];
            }
            ExportRow::Folder | ExportRow::Run => {}
        }
    }

    /// The question a report problem names, when it is one that can be opened.
    fn problem_question(&self, i: usize) -> Option<&str> {
        let p = self.report.as_ref()?.problems.get(i)?;
        p.id.as_deref()
    }

    /// The next problem after `from` (the first when `None`) that names a question.
    fn next_problem(&self, from: Option<usize>) -> Option<usize> {
        let count = self.report.as_ref().map_or(0, |r| r.problems.len());
        let start = from.map_or(0, |i| i + 1);
        (start..count).find(|&i| self.problem_question(i).is_some())
    }

    /// The problem before `from` that names a question; `None` back on the form.
    fn previous_problem(&self, from: usize) -> Option<usize> {
        (0..from)
            .rev()
            .find(|&i| self.problem_question(i).is_some())
    }
}

pub struct App<'m> {
    pub model: &'m Model,
    /// Reads the questionnaire and its data in another language, for an export in it;
    /// read when first asked for, then kept in `models`.
    pub read_model: Option<Box<dyn Fn(Lang) -> Option<Model> + 'm>>,
    models: Vec<(Lang, Rc<Model>)>,
    pub strings: &'m Strings,
    pub theme: Theme,
    host: Box<dyn Host + 'm>,
    pub session: Session<'m>,
    /// The results as of the last answer that was looked at; see [`App::analysis`].
    analysis: Analysis,
    /// An answer changed since `analysis` was worked out. Results are worked out when a
    /// screen shows them, not on every answer, so answering stays quick.
    stale: bool,
    /// The errors the export would refuse the answers for, worked out with the analysis
    /// they rest on: the end screen draws them on every frame and key.
    refused: Option<Vec<Problem>>,
    sizing_rules: SizingRules,
    /// The plan's name in the title bar: its file name.
    pub plan_name: String,
    pub screen: Screen,
    pub focus: Focus,
    pub nav_cursor: usize,
    pub input: AnswerInput,
    pub notice: Option<Notice>,
    pub overlay: Option<Overlay>,
    /// Scroll offset (text screens) or highlighted row (tables) of the result screen;
    /// the view keeps it in range.
    pub scroll: usize,
    /// The decision screen shows scores and the question ids behind each reason.
    pub details: bool,
    /// The highlighted problem past the last question; see [`App::answer_errors`].
    pub end_problem: usize,
    pub export: ExportForm,
    /// The last save failed with this message; answers are kept in memory.
    pub save_error: Option<SaveFailure>,
    /// The plan changed since it was last written.
    unsaved: bool,
    /// What the plan file holds, as read or last written here: saves edit it, so what was
    /// written by hand (comments, order) is kept. Without it, saves write the plan afresh.
    saved_text: Option<String>,
    /// The window is below the smallest size, so nothing but a request to enlarge it is
    /// drawn; as the last frame found.
    pub too_small: bool,
    /// The advice shown with the current question, as [`App::prepare`] worked it out.
    advice: Option<Advice>,
    pub quit: bool,
}

impl<'m> App<'m> {
    pub fn new(
        model: &'m Model,
        strings: &'m Strings,
        theme: Theme,
        plan: Plan,
        plan_name: String,
        host: Box<dyn Host + 'm>,
    ) -> App<'m> {
        let session = Session::new(&model.questionnaire, plan);
        let sizing_rules = SizingRules::builtin();
        let today = host.now().date_naive();
        let analysis = Analysis::new(model, &session.plan.answers, &sizing_rules, strings, today);
        let (folder, stem) = host.export_defaults();
        let mut app = App {
            model,
            read_model: None,
            models: Vec::new(),
            strings,
            theme,
            host,
            session,
            analysis,
            stale: false,
            refused: None,
            sizing_rules,
            plan_name,
            screen: Screen::Questions,
            focus: Focus::Main,
            nav_cursor: 0,
            input: AnswerInput::Nothing,
            notice: None,
            overlay: None,
            scroll: 0,
            details: false,
            end_problem: 0,
            export: ExportForm {
                pdf: true,
                config: true,
                paper: Paper::A4,
                lang: language(),
                folder: TextInput::new(&folder),
                stem,
                row: 0,
                report: None,
                problem: None,
            },
            save_error: None,
            unsaved: false,
            saved_text: None,
            too_small: false,
            advice: None,
            quit: false,
        };
        app.load_input();
        app.nav_cursor = app.nav_index_of_current();
        app
    }

    pub fn current(&self) -> Option<&'m Question> {
        self.session.current()
    }

    /// The navigation rows: every section, then every result screen.
    pub fn nav_items(&self) -> Vec<NavItem> {
        (0..self.model.questionnaire.sections.len())
            .map(NavItem::Section)
            .chain(Screen::RESULTS.into_iter().map(NavItem::Result))
            .collect()
    }

    /// Whether typed letters go into a text field, so `q`, `?` and `j`/`k` are text.
    pub fn typing(&self) -> bool {
        matches!(
            self.context(),
            Context::SaveAs | Context::TextAnswer | Context::ExportFolder
        )
    }

    /// Where keys are read now, for the keymap and the hints bar. Past the last question it
    /// rests on the open problems as last worked out (see [`App::answer_errors`]).
    pub fn context(&self) -> Context {
        match &self.overlay {
            Some(Overlay::SaveAs(_)) => return Context::SaveAs,
            Some(Overlay::Help(_)) => return Context::Help,
            None => {}
        }
        if self.focus == Focus::Nav {
            return Context::Nav;
        }
        match self.screen {
            Screen::Questions => self.question_context(),
            Screen::Export if self.export.problem.is_some() => Context::Report,
            Screen::Export if self.export.current() == ExportRow::Folder => Context::ExportFolder,
            Screen::Export => Context::ExportForm,
            Screen::Decision => Context::Decision,
            _ => Context::Results,
        }
    }

    fn question_context(&self) -> Context {
        if self.current().is_none() {
            return match self.has_open_problems() {
                true => Context::EndProblems,
                false => Context::End,
            };
        }
        match self.input {
            AnswerInput::Multi { .. } => Context::Ticks,
            AnswerInput::Level { .. } => Context::Levels,
            AnswerInput::Text(_) => Context::TextAnswer,
            AnswerInput::Choice { .. } | AnswerInput::Nothing => Context::List,
        }
    }

    /// The context a key is read in: the open problems are worked out first, as the end
    /// of the questions lists them, and a window too small to show the wizard takes only
    /// the keys that quit.
    fn key_context(&mut self) -> Context {
        if self.too_small {
            return Context::TooSmall;
        }
        if self.screen == Screen::Questions && self.current().is_none() {
            self.answer_errors();
        }
        self.context()
    }

    pub fn handle_event(&mut self, event: &Event) {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.handle_key(*key),
            Event::Paste(text) => self.paste(text),
            _ => {}
        }
    }

    /// Turns the key into an action through the keymap, and does it.
    pub fn handle_key(&mut self, key: KeyEvent) {
        let context = self.key_context();
        let Some(action) = keys::action(context, key) else {
            return self.type_key(context, key);
        };
        match action {
            Action::QuitNow => self.quit = true,
            Action::Quit => self.request_quit(),
            Action::Help => self.overlay = Some(Overlay::Help(0)),
            Action::SaveAs => {
                let place = self.host.location();
                self.overlay = Some(Overlay::SaveAs(TextInput::prefilled(&place)));
            }
            Action::Screen(screen) => self.open_screen(screen),
            Action::Pane => self.toggle_focus(),
            _ => match context {
                Context::Help => self.help_key(action),
                Context::SaveAs => self.save_as_key(action),
                Context::Nav => self.nav_key(action),
                Context::EndProblems => self.end_key(action),
                Context::List
                | Context::Ticks
                | Context::Levels
                | Context::TextAnswer
                | Context::End => self.question_key(action),
                Context::Results | Context::Decision => self.result_key(action),
                Context::ExportForm | Context::ExportFolder => self.export_key(action),
                Context::Report => self.problem_key(action),
                Context::Start | Context::TooSmall | Context::TextField => {}
            },
        }
    }

    /// A key the context has no action for goes to its text field, if it has one.
    fn type_key(&mut self, context: Context, key: KeyEvent) {
        match (context, &mut self.overlay) {
            (Context::SaveAs, Some(Overlay::SaveAs(field))) => {
                field.handle(key);
            }
            (Context::TextAnswer, _) if self.input.edit(key) => self.drop_confirm_skip(),
            (Context::ExportFolder, _) => {
                self.export.folder.handle(key);
            }
            _ => {}
        }
    }

    /// Pasted text goes where typed text would, and nowhere else.
    fn paste(&mut self, text: &str) {
        if !self.typing() || self.too_small {
            return;
        }
        match (&mut self.overlay, self.screen) {
            (Some(Overlay::SaveAs(t)), _) => t.paste(text),
            (None, Screen::Questions) => {
                self.input.paste(text);
                self.drop_confirm_skip();
            }
            (None, Screen::Export) => self.export.folder.paste(text),
            _ => {}
        }
    }

    /// A second Enter should leave a required question only right after the first.
    fn drop_confirm_skip(&mut self) {
        if matches!(self.notice, Some(Notice::ConfirmSkip(_))) {
            self.notice = None;
        }
    }

    /// `q`: quits, unless the last save failed, when it warns once first.
    fn request_quit(&mut self) {
        let warned = matches!(self.notice, Some(Notice::ConfirmQuit(_)));
        match &self.save_error {
            Some(e) if !warned => {
                let error = e.words(self.strings);
                let text = keys::text(
                    self.strings,
                    key::wizard::notice::UNSAVED_QUIT,
                    &[("error", &error)],
                );
                self.notice = Some(Notice::ConfirmQuit(text));
            }
            _ => self.quit = true,
        }
    }

    fn toggle_focus(&mut self) {
        self.drop_confirm_skip();
        self.focus = match self.focus {
            Focus::Main => {
                self.nav_cursor = self.nav_index_of_current();
                Focus::Nav
            }
            Focus::Nav => Focus::Main,
        };
    }

    /// The keys help: arrows scroll a list taller than the window; any other key closes it.
    fn help_key(&mut self, action: Action) {
        let Some(Overlay::Help(line)) = self.overlay else {
            return;
        };
        let line = match action {
            Action::Up => Some(line.saturating_sub(1)),
            Action::Down => Some(line + 1),
            Action::PageUp => Some(line.saturating_sub(10)),
            Action::PageDown => Some(line + 10),
            _ => None,
        };
        self.overlay = line.map(Overlay::Help);
    }

    fn save_as_key(&mut self, action: Action) {
        let Some(Overlay::SaveAs(field)) = self.overlay.take() else {
            return;
        };
        match action {
            Action::Confirm => self.save_as(field),
            Action::Back => self.notice = None,
            _ => self.overlay = Some(Overlay::SaveAs(field)),
        }
    }

    fn nav_key(&mut self, action: Action) {
        let last = self.nav_items().len() - 1;
        match action {
            Action::Up => self.nav_cursor = self.nav_cursor.saturating_sub(1),
            Action::Down => self.nav_cursor = (self.nav_cursor + 1).min(last),
            Action::First => self.nav_cursor = 0,
            Action::Last => self.nav_cursor = last,
            Action::PageUp => self.nav_cursor = self.nav_cursor.saturating_sub(5),
            Action::PageDown => self.nav_cursor = (self.nav_cursor + 5).min(last),
            Action::Confirm => self.open_nav_item(),
            Action::Back => self.focus = Focus::Main,
            _ => {}
        }
    }

    fn open_nav_item(&mut self) {
        match self.nav_items().get(self.nav_cursor) {
            Some(NavItem::Section(i)) => {
                if self.session.go_to_section(*i) {
                    self.moved();
                    self.screen = Screen::Questions;
                    self.focus = Focus::Main;
                } else {
                    self.info(self.strings.get(key::wizard::notice::SECTION_HIDDEN));
                }
            }
            Some(NavItem::Result(screen)) => {
                self.open_screen(*screen);
                self.focus = Focus::Main;
            }
            None => {}
        }
    }

    pub fn open_screen(&mut self, screen: Screen) {
        if self.screen != screen {
            self.scroll = 0;
        }
        self.screen = screen;
        self.notice = None;
    }

    /// The navigation row of the screen or section now open.
    pub fn nav_index_of_current(&self) -> usize {
        let items = self.nav_items();
        let target = match self.screen {
            Screen::Questions => NavItem::Section(self.session.section_index()),
            other => NavItem::Result(other),
        };
        items.iter().position(|i| *i == target).unwrap_or(0)
    }

    fn question_key(&mut self, action: Action) {
        match action {
            Action::Confirm => self.submit(),
            Action::Back => self.back(),
            Action::NextSection => self.jump_section(1),
            Action::PreviousSection => self.jump_section(-1),
            Action::Skip => self.skip(),
            Action::Clear => self.clear_answer(),
            _ => {
                if self.input.act(action) {
                    self.drop_confirm_skip();
                }
            }
        }
    }

    fn result_key(&mut self, action: Action) {
        match action {
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::Down => self.scroll += 1,
            Action::PageUp => self.scroll = self.scroll.saturating_sub(10),
            Action::PageDown => self.scroll += 10,
            Action::First => self.scroll = 0,
            Action::Last => self.scroll = usize::MAX / 2,
            Action::Details => self.details = !self.details,
            Action::Back => self.open_screen(Screen::Questions),
            _ => {}
        }
    }

    fn export_key(&mut self, action: Action) {
        let form = &mut self.export;
        let row = form.current();
        let last = ExportForm::ROWS.len() - 1;
        match action {
            Action::Down if row == ExportRow::Run => form.problem = form.next_problem(None),
            Action::Up => form.row = form.row.saturating_sub(1),
            Action::Down => form.row = (form.row + 1).min(last),
            Action::First => form.row = 0,
            Action::Last => form.row = last,
            // Page keys scroll a long report of files and problems.
            Action::PageDown => self.scroll += 5,
            Action::PageUp => self.scroll = self.scroll.saturating_sub(5),
            Action::Back => self.open_screen(Screen::Questions),
            Action::Confirm if row == ExportRow::Run => {
                self.scroll = 0;
                self.run_export();
            }
            Action::Confirm if row == ExportRow::Folder => form.row += 1,
            Action::Confirm | Action::Tick => form.toggle(row),
            _ => {}
        }
    }

    /// Keys on the export report's problems: arrows move between them, Enter opens the
    /// question a problem names, so a refused export leads straight to what to change.
    fn problem_key(&mut self, action: Action) {
        let form = &mut self.export;
        let Some(at) = form.problem else { return };
        match action {
            Action::Down => form.problem = form.next_problem(Some(at)).or(Some(at)),
            Action::Up => form.problem = form.previous_problem(at),
            Action::Confirm => self.open_problem(at),
            Action::Back => self.open_screen(Screen::Questions),
            Action::PageDown => self.scroll += 5,
            Action::PageUp => self.scroll = self.scroll.saturating_sub(5),
            _ => {}
        }
    }

    fn open_problem(&mut self, at: usize) {
        let Some(id) = self.export.problem_question(at).map(str::to_string) else {
            return;
        };
        if !self.go_to(&id) {
            let text = self
                .strings
                .fill(key::wizard::export::NOT_ASKED, &[("id", &id)]);
            self.info(&text);
        }
    }

    fn submit(&mut self) {
        let Some(q) = self.current() else {
            self.open_screen(Screen::Decision);
            return;
        };
        let now = self.host.now();
        let result = match self.input.submission(q) {
            Submission::Answer(a) => self.session.answer(a, now),
            Submission::Text(t) => self.session.answer_text(&t, now),
            Submission::Empty => return self.submit_empty(q),
        };
        match result {
            Ok(()) => self.answered(),
            Err(problem) => self.notice = Some(Notice::Error(self.strings.message(&problem))),
        }
    }

    /// Enter on an empty field: an optional question is left unanswered; a required one
    /// asks for a second Enter first, so it is never skipped by accident.
    fn submit_empty(&mut self, q: &Question) {
        let confirmed = matches!(self.notice, Some(Notice::ConfirmSkip(_)));
        if q.required && !confirmed {
            let text = keys::text(self.strings, key::wizard::notice::REQUIRED_EMPTY, &[]);
            self.notice = Some(Notice::ConfirmSkip(text));
            return;
        }
        let had_answer = self.session.answer_of(&q.id).is_some();
        if had_answer {
            let now = self.host.now();
            self.session.clear(now);
        }
        self.session.skip();
        if had_answer {
            self.answered();
        } else {
            self.moved();
        }
    }

    /// Opens the question `id` if it is shown; false otherwise.
    pub fn go_to(&mut self, id: &str) -> bool {
        let found = self.session.go_to(id);
        if found {
            self.screen = Screen::Questions;
            self.moved();
        }
        found
    }

    /// Delete on a list: the question goes back to unanswered.
    fn clear_answer(&mut self) {
        let Some(q) = self.current() else { return };
        if self.session.answer_of(&q.id).is_none() {
            return;
        }
        let now = self.host.now();
        self.session.clear(now);
        self.answered();
        self.info(self.strings.get(key::wizard::notice::CLEARED));
    }

    fn skip(&mut self) {
        self.session.skip();
        self.moved();
    }

    fn back(&mut self) {
        if self.session.back() {
            self.moved();
        } else {
            self.info(self.strings.get(key::wizard::notice::FIRST_QUESTION));
        }
    }

    fn jump_section(&mut self, step: isize) {
        if self.session.jump_section(step) {
            self.moved();
        } else if step > 0 {
            self.session.finish();
            self.moved();
        }
    }

    /// After an answer changed: the results are due again, and the plan is saved.
    fn answered(&mut self) {
        self.stale = true;
        self.export.report = None;
        self.export.problem = None;
        self.moved();
    }

    /// The results for the answers as they stand now.
    pub fn analysis(&mut self) -> &Analysis {
        self.refresh();
        &self.analysis
    }

    /// Works the results out again if an answer changed since they were.
    pub fn refresh(&mut self) {
        if self.stale {
            let today = self.host.now().date_naive();
            let answers = &self.session.plan.answers;
            self.analysis =
                Analysis::new(self.model, answers, &self.sizing_rules, self.strings, today);
            self.stale = false;
            self.refused = None;
        }
    }

    /// The results as last worked out: for drawing, after [`App::refresh`].
    pub(crate) fn results(&self) -> &Analysis {
        &self.analysis
    }

    /// After the place changed: the input shows the new question, and the place is saved
    /// so the plan reopens here.
    fn moved(&mut self) {
        self.notice = None;
        self.load_input();
        self.save();
    }

    fn load_input(&mut self) {
        let offer = self.advice().and_then(|a| a.offer);
        let q = self.current();
        let answer = q.and_then(|q| self.session.answer_of(&q.id));
        self.input = AnswerInput::for_question(q, answer.or(offer.as_ref()));
    }

    /// Works out what the next frame shows, so drawing only reads: the results when a
    /// result screen or the end of the questions is on screen, what keeps the plan from
    /// being complete, and the advice for the current question.
    pub fn prepare(&mut self) {
        if self.screen != Screen::Questions || self.current().is_none() {
            self.refresh();
        }
        if self.current().is_none() {
            self.answer_errors();
        }
        self.advice = self.advice();
    }

    /// Keeps scroll positions in range by what the last frame found.
    pub fn settle(&mut self, drawn: Drawn) {
        self.too_small = drawn.too_small;
        if let Some(scroll) = drawn.scroll {
            self.scroll = scroll;
        }
        if let (Some(scroll), Some(Overlay::Help(_))) = (drawn.help_scroll, &self.overlay) {
            self.overlay = Some(Overlay::Help(scroll));
        }
    }

    /// The advice shown with the current question, as [`App::prepare`] worked it out.
    pub fn shown_advice(&self) -> Option<&Advice> {
        self.advice.as_ref()
    }

    /// What keeps the plan from being complete, as [`App::prepare`] worked it out (see
    /// [`App::answer_errors`]).
    pub fn open_problems(&self) -> &[Problem] {
        self.refused.as_deref().unwrap_or(&[])
    }

    /// The advice shown with the current question, from the answers as they stand.
    fn advice(&mut self) -> Option<Advice> {
        let id = &self.current()?.id;
        if !adoption::advises(id) {
            return None;
        }
        self.refresh();
        let q = &self.model.questionnaire;
        adoption::advice(q, &self.analysis, id, self.strings)
    }

    /// Saves from now on edit `text`, the plan file as it was read.
    pub fn keep_file_text(&mut self, text: String) {
        self.saved_text = Some(text);
    }

    fn plan_text(&self) -> String {
        let (plan, q) = (&self.session.plan, &self.model.questionnaire);
        match &self.saved_text {
            Some(previous) => plan_edit::edit(previous, plan, q),
            None => plan.to_toml(q, false),
        }
    }

    /// Marks the plan to be saved; [`App::flush_save`] writes it.
    fn save(&mut self) {
        self.unsaved = true;
    }

    /// Writes the plan if it changed. The front-end calls this right after drawing the
    /// frame that follows a key, and before reading the next key: the screen answers at
    /// once, and the plan reaches the disk before anything else can happen.
    /// Returns whether the save's outcome changed what the screen shows (a failure that
    /// appeared or went away), so the front-end draws again at once rather than leave
    /// "saved" on screen after a failed save.
    pub fn flush_save(&mut self) -> bool {
        if !self.unsaved {
            return false;
        }
        let text = self.plan_text();
        let before = self.save_error.clone();
        self.save_error = self.host.save(&text).err();
        if self.save_error.is_none() {
            self.saved_text = Some(text);
        }
        self.unsaved = false;
        self.save_error != before
    }

    /// Saves under the name typed; on failure the box stays open with the reason, so the
    /// name can be corrected.
    fn save_as(&mut self, field: TextInput) {
        let text = self.plan_text();
        let (old_folder, old_stem) = self.host.export_defaults();
        match self.host.save_as(field.text().trim(), &text) {
            Ok(name) => {
                self.info(
                    &self
                        .strings
                        .fill(key::wizard::notice::SAVED_AS, &[("name", &name)]),
                );
                self.plan_name = name;
                self.save_error = None;
                self.saved_text = Some(text);
                self.unsaved = false;
                self.follow_new_name(&old_folder, &old_stem);
            }
            Err(e) => {
                self.notice = Some(Notice::Error(e.words(self.strings)));
                self.overlay = Some(Overlay::SaveAs(field));
            }
        }
    }

    /// Exports take the plan's new name, and its folder unless another was typed.
    fn follow_new_name(&mut self, old_folder: &str, old_stem: &str) {
        let (folder, stem) = self.host.export_defaults();
        if self.export.stem == old_stem {
            self.export.stem = stem;
        }
        if self.export.folder.text() == old_folder {
            self.export.folder = TextInput::new(&folder);
        }
    }

    /// The model in `lang` when it is not the screens' language (the one in use).
    fn model_in(&mut self, lang: Lang) -> Option<Rc<Model>> {
        if lang == language() {
            return None;
        }
        if let Some((_, m)) = self.models.iter().find(|(l, _)| *l == lang) {
            return Some(Rc::clone(m));
        }
        let model = Rc::new(self.read_model.as_ref()?(lang)?);
        self.models.push((lang, Rc::clone(&model)));
        Some(model)
    }

    /// Like [`App::with_context`], the plan worked out again with `model` and the
    /// catalogue of the language in use: an export in another language.
    fn with_model<T>(
        &mut self,
        model: &Model,
        f: impl FnOnce(&export::Context, &mut (dyn Host + 'm)) -> T,
    ) -> T {
        let now = self.host.now();
        let strings = Strings::builtin();
        let answers = &self.session.plan.answers;
        let analysis = Analysis::new(
            model,
            answers,
            &self.sizing_rules,
            strings,
            now.date_naive(),
        );
        let ctx = export::Context {
            model,
            plan: &self.session.plan,
            analysis: &analysis,
            strings,
            now,
            origin: &self.plan_name,
            plan_saved: None,
        };
        f(&ctx, self.host.as_mut())
    }

    /// Runs `f` with what the exporters read, the results brought up to date, and the host
    /// free to run an export.
    fn with_context<T>(
        &mut self,
        f: impl FnOnce(&export::Context, &mut (dyn Host + 'm)) -> T,
    ) -> T {
        self.refresh();
        let ctx = export::Context {
            model: self.model,
            plan: &self.session.plan,
            analysis: &self.analysis,
            strings: self.strings,
            now: self.host.now(),
            origin: &self.plan_name,
            // The wizard stamps the plan each time it saves an answer.
            plan_saved: None,
        };
        f(&ctx, self.host.as_mut())
    }

    /// What keeps a plan with every required question answered from being complete (none
    /// while a required question is open), each
    /// naming its question: a commitment that does not hold (an option ruled out, a choice
    /// against the recommendation with no reason), then the errors the configuration
    /// export would refuse the answers for, in the words of `hostplan check`.
    pub fn answer_errors(&mut self) -> Vec<Problem> {
        self.refresh();
        if let Some(found) = &self.refused {
            return found.clone();
        }
        let q = &self.model.questionnaire;
        // Open required questions come first: the end of the questions names them.
        if !q.missing_required(&self.session.plan.answers).is_empty() {
            self.refused = Some(Vec::new());
            return Vec::new();
        }
        let severity = crate::base::diag::Severity::Error;
        let mut found = crate::analysis::summary::commitment_problems(
            &self.analysis,
            q,
            &self.plan_name,
            severity,
        );
        let mut refused = self.with_context(|ctx, _| crate::export::config::check(ctx));
        refused.retain(|p| p.is_error() && p.id.is_some());
        found.extend(refused);
        self.refused = Some(found.clone());
        found
    }

    /// Whether the end of the questions lists points that keep the plan from being
    /// complete, as last worked out by [`App::answer_errors`].
    pub fn has_open_problems(&self) -> bool {
        self.refused.as_ref().is_some_and(|p| !p.is_empty())
    }

    /// Keys past the last question while points keep the plan from being complete: arrows
    /// choose one, Enter opens its question; the other keys are the questions' own.
    fn end_key(&mut self, action: Action) {
        let errors = self.answer_errors();
        let last = errors.len().saturating_sub(1);
        match action {
            Action::Up => self.end_problem = self.end_problem.saturating_sub(1),
            Action::Down => self.end_problem = (self.end_problem + 1).min(last),
            Action::Confirm => {
                let id = errors
                    .get(self.end_problem.min(last))
                    .and_then(|p| p.id.clone())
                    .unwrap_or_default();
                self.go_to(&id);
            }
            _ => self.question_key(action),
        }
    }

    fn info(&mut self, text: &str) {
        self.notice = Some(Notice::Info(text.to_string()));
    }

    fn run_export(&mut self) {
        let form = &self.export;
        let request = Request {
            pdf: form.pdf.then(|| form.pdf_path()),
            paper: form.paper,
            direction: Direction::of(form.lang),
            server_check: None,
            since: None,
            ics: None,
            config_dir: form.config.then(|| form.config_dir()),
            xlsx: None,
            force: true,
            generate_secrets: false,
        };
        if request.pdf.is_none() && request.config_dir.is_none() {
            self.info(self.strings.get(key::wizard::notice::EXPORT_NOTHING));
            return;
        }
        if !self.session.is_complete() {
            self.notice = Some(Notice::Error(
                self.strings
                    .get(key::wizard::notice::EXPORT_INCOMPLETE)
                    .to_string(),
            ));
            return;
        }
        // The exports speak their own language; the screens keep theirs.
        let screen = language();
        let model = self.model_in(self.export.lang);
        use_language(self.export.lang);
        let report = match model {
            Some(model) => self.with_model(&model, |ctx, host| host.export(ctx, &request)),
            None => self.with_context(|ctx, host| host.export(ctx, &request)),
        };
        use_language(screen);
        let refused = has_errors(&report.problems);
        self.export.report = Some(report);
        // A refused export puts the cursor on its first problem: Enter opens its question.
        self.export.problem = None;
        if refused {
            self.export.problem = self.export.next_problem(None);
        }
    }
}
