//! The start screen of `hostplan` with no plan named: a new plan, the last one, or the demo.

use super::keys::{self, Action, Context};
use super::theme::Theme;
use super::view::{self, MIN_HEIGHT, MIN_WIDTH, wrapped};
use crate::base::key;
use crate::base::lang::Lang;
use crate::base::strings::Strings;
use crossterm::event::{Event, KeyEventKind};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Choice {
    New,
    /// The most recently saved plan, named for people.
    Resume,
    Demo,
    Quit,
}

#[derive(Clone, Debug)]
pub struct Start {
    /// How the most recent plan is shown (its name and when it was saved), if any.
    pub recent: Option<String>,
    pub cursor: usize,
    pub chosen: Option<Choice>,
    /// The language of the screens.
    pub lang: Lang,
    /// The language of the exports: the screens' own, or one a terminal cannot show.
    pub export_lang: Lang,
}

impl Start {
    /// The start screen in the language asked for; a language the terminal cannot show
    /// leaves the screens in English and goes to the exports.
    pub fn new(recent: Option<String>, lang: Lang) -> Start {
        Start {
            cursor: if recent.is_some() { 1 } else { 0 },
            recent,
            chosen: None,
            lang: screen_language(lang, Lang::En),
            export_lang: lang,
        }
    }

    /// The next language, for a room that reads another one.
    fn next_language(&mut self) {
        let next = Lang::ALL[(self.export_lang.index() + 1) % Lang::ALL.len()];
        self.lang = screen_language(next, self.lang);
        self.export_lang = next;
    }

    pub fn items(&self) -> Vec<Choice> {
        let mut items = vec![Choice::New];
        if self.recent.is_some() {
            items.push(Choice::Resume);
        }
        items.push(Choice::Demo);
        items
    }

    pub fn handle_event(&mut self, event: &Event) {
        let Event::Key(key) = event else { return };
        if key.kind == KeyEventKind::Release {
            return;
        }
        let count = self.items().len();
        let chosen = match keys::action(Context::Start, *key) {
            Some(Action::Quit | Action::QuitNow) => Some(Choice::Quit),
            Some(Action::Up) => {
                self.cursor = self.cursor.saturating_sub(1);
                None
            }
            Some(Action::Down) => {
                self.cursor = (self.cursor + 1).min(count - 1);
                None
            }
            Some(Action::New) => Some(Choice::New),
            Some(Action::Resume) if self.recent.is_some() => Some(Choice::Resume),
            Some(Action::Demo) => Some(Choice::Demo),
            Some(Action::Language) => {
                self.next_language();
                None
            }
            Some(Action::Confirm) => self.items().get(self.cursor).cloned(),
            _ => None,
        };
        if chosen.is_some() {
            self.chosen = chosen;
        }
    }

    pub fn draw(&self, frame: &mut Frame, strings: &Strings, theme: &Theme) {
        self.draw_screen(frame, strings, theme);
        if theme.ascii {
            super::glyphs::to_ascii(frame.buffer_mut());
        }
    }

    fn draw_screen(&self, frame: &mut Frame, strings: &Strings, theme: &Theme) {
        let area = frame.area();
        view::paint::fill(frame.buffer_mut(), area, theme.base);
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            view::too_small(frame, strings, theme.base);
            return;
        }
        let width: u16 = 64;
        let lines = self.lines(strings, theme, width - 4);
        let popup = view::centered(area, width, lines.len() as u16 + 4);
        let title = Line::styled(
            format!(" {} ", strings.get(key::wizard::start::TITLE)),
            theme.heading,
        );
        let buf = frame.buffer_mut();
        let inner = view::paint::boxed(buf, popup, theme.border_focus, &title, None);
        let inner = Rect {
            x: inner.x + 1,
            y: inner.y + 1,
            width: inner.width.saturating_sub(2),
            height: inner.height.saturating_sub(2),
        };
        view::paint::lines(buf, inner, &lines);
    }

    fn lines(&self, strings: &Strings, theme: &Theme, w: u16) -> Vec<Line<'static>> {
        let mut lines = wrapped(strings.get(key::wizard::start::INTRO), w, 0, theme.base);
        lines.push(Line::from(""));
        for (i, item) in self.items().iter().enumerate() {
            let text = match item {
                Choice::New => strings.get(key::wizard::start::NEW).to_string(),
                Choice::Resume => strings.fill(
                    key::wizard::start::RESUME,
                    &[("plan", self.recent.as_deref().unwrap_or(""))],
                ),
                Choice::Demo => strings.get(key::wizard::start::DEMO).to_string(),
                Choice::Quit => String::new(),
            };
            let pointer = if i == self.cursor { "❯ " } else { "  " };
            let style = if i == self.cursor {
                theme.selected
            } else {
                theme.base
            };
            // Wrapped, not cut: a longer language must still say all of it.
            let width = usize::from(w);
            let parts = view::wrap::wrap(&text, width.saturating_sub(2));
            for (n, part) in parts.iter().enumerate() {
                let lead = if n == 0 { pointer } else { "  " };
                let line = format!("{lead}{part}");
                lines.push(Line::styled(format!("{line:<width$}"), style));
            }
        }
        lines.push(Line::from(""));
        let language = self.lang.native_name();
        let text = strings.fill(key::wizard::start::LANGUAGE, &[("language", language)]);
        lines.extend(wrapped(&text, w, 0, theme.base));
        if self.export_lang != self.lang {
            let text = strings.fill(key::wizard::start::ARABIC, &[("language", language)]);
            lines.extend(wrapped(&text, w, 0, theme.dim));
        }
        lines.push(Line::from(""));
        lines.extend(wrapped(&keys::start_line(strings), w, 0, theme.dim));
        lines
    }
}

/// The language the screens speak when `wanted` is asked for: itself, unless a terminal
/// cannot show it (Arabic, which needs its letters joined and laid right to left), when
/// the screens keep `current`.
pub fn screen_language(wanted: Lang, current: Lang) -> Lang {
    if wanted.right_to_left() {
        current
    } else {
        wanted
    }
}
