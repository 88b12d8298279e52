//! Drawing the wizard: a title bar, the navigation pane, the open screen and a status bar
//! with the keys that work there. Every word comes from the questionnaire or the strings
//! catalogue.

mod export;
mod help;
mod nav;
mod question;
mod results;
mod table;
mod workplan;
pub mod wrap;

use super::answer_input::AnswerInput;
use super::app::{App, Focus, Overlay, Screen};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

/// Below this size the wizard asks for a larger window instead of drawing a cramped one.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

pub fn draw(frame: &mut Frame, app: &mut App) {
    let area = frame.area();
    frame.render_widget(Block::new().style(app.theme.base), area);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, app, area);
        return;
    }
    let [title, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    let nav_width = match area.width {
        0..100 => 24,
        100..140 => 28,
        _ => 34,
    };
    let [nav_area, main] =
        Layout::horizontal([Constraint::Length(nav_width), Constraint::Min(0)]).areas(body);
    title_bar(frame, app, title);
    nav::draw(frame, app, nav_area);
    match app.screen {
        Screen::Questions => question::draw(frame, app, main),
        Screen::WorkPlan => workplan::draw(frame, app, main),
        Screen::Export => export::draw(frame, app, main),
        Screen::Responsibilities => results::responsibilities(frame, app, main),
        Screen::Sizing => results::sizing(frame, app, main),
        Screen::Decision => results::decision(frame, app, main),
        Screen::Readiness => results::readiness(frame, app, main),
    }
    status_bar(frame, app, status);
    match app.overlay.clone() {
        Some(Overlay::Help(_)) => help::draw(frame, app, area),
        Some(Overlay::SaveAs(field)) => save_as(frame, app, &field, area),
        None => {}
    }
}

/// The "enlarge the window" message, wrapped to whatever room there is.
fn too_small(frame: &mut Frame, app: &App, area: Rect) {
    let s = app.strings;
    let text = s.fill(
        "wizard.too_small",
        &[
            ("width", &MIN_WIDTH.to_string()),
            ("height", &MIN_HEIGHT.to_string()),
            ("now_width", &area.width.to_string()),
            ("now_height", &area.height.to_string()),
        ],
    );
    let lines: Vec<Line> = wrap::wrap(&text, usize::from(area.width))
        .into_iter()
        .map(Line::from)
        .collect();
    let top = area.height.saturating_sub(lines.len() as u16) / 2;
    let rest = Rect {
        y: area.y + top,
        height: area.height - top,
        ..area
    };
    frame.render_widget(
        Paragraph::new(lines)
            .style(app.theme.base)
            .alignment(ratatui::layout::Alignment::Center),
        rest,
    );
}

fn title_bar(frame: &mut Frame, app: &App, area: Rect) {
    let s = app.strings;
    let (_, shown) = app.session.position();
    let answered = app
        .session
        .shown()
        .iter()
        .filter(|q| app.session.answer_of(&q.id).is_some())
        .count();
    let saved = match &app.save_error {
        None => s.get("wizard.title.saved").to_string(),
        Some(_) => s.get("wizard.title.not_saved").to_string(),
    };
    let right = format!(
        " {} · {} · {} ",
        app.plan_name,
        s.fill(
            "wizard.title.answered",
            &[
                ("answered", &answered.to_string()),
                ("shown", &shown.to_string())
            ]
        ),
        saved
    );
    let left = format!(
        " {} · {}",
        s.get("wizard.title.app"),
        app.model.questionnaire.title
    );
    let room = usize::from(area.width).saturating_sub(right.width());
    let line = Line::from(vec![
        Span::raw(format!("{:<room$}", wrap::truncate(&left, room))),
        Span::raw(right),
    ]);
    frame.render_widget(Paragraph::new(line).style(app.theme.title), area);
}

/// The ids of the key hints that apply where the person is now.
fn hint_ids(app: &App) -> &'static [&'static str] {
    if matches!(app.overlay, Some(Overlay::SaveAs(_))) {
        return &["save_confirm", "cancel"];
    }
    if app.overlay.is_some() {
        return &["close"];
    }
    if app.focus == Focus::Nav {
        return &["move", "open", "pane", "help", "quit"];
    }
    match app.screen {
        Screen::Questions if app.current().is_none() => {
            &["results", "back", "help", "quit", "pane", "screens"]
        }
        Screen::Questions if app.input.is_text() => &[
            "confirm",
            "back",
            "help_f1",
            "quit_text",
            "pane",
            "sections",
        ],
        Screen::Questions if matches!(app.input, AnswerInput::Multi { .. }) => {
            &["tick", "confirm", "back", "help", "quit", "move", "pane"]
        }
        Screen::Questions if matches!(app.input, AnswerInput::Level { .. }) => {
            &["level", "confirm", "back", "help", "quit", "move", "pane"]
        }
        Screen::Questions => &[
            "move", "confirm", "back", "help", "quit", "pane", "sections",
        ],
        Screen::Export => &["move", "toggle", "back", "help", "quit", "pane"],
        _ => &["scroll", "back", "help", "quit", "pane", "screens"],
    }
}

/// The hints that fit, in order; the list of every key is one `?` away.
fn status_bar(frame: &mut Frame, app: &App, area: Rect) {
    let s = app.strings;
    let mut spans = Vec::new();
    let mut used = 0;
    for id in hint_ids(app) {
        let keys = format!(" {} ", s.keyed("wizard.keys.", &format!("{id}.keys")));
        let short = format!("{} ", s.keyed("wizard.keys.", &format!("{id}.short")));
        used += keys.width() + short.width();
        if used > usize::from(area.width) {
            break;
        }
        spans.push(Span::styled(keys, app.theme.key));
        spans.push(Span::raw(short));
    }
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(app.theme.base),
        area,
    );
}

fn save_as(frame: &mut Frame, app: &App, field: &super::text_input::TextInput, area: Rect) {
    let s = app.strings;
    let popup = centered(area, 70.min(area.width - 4), 7);
    frame.render_widget(Clear, popup);
    let block = Block::new()
        .borders(Borders::ALL)
        .title(format!(" {} ", s.get("wizard.save_as.title")))
        .border_style(app.theme.border_focus)
        .style(app.theme.base);
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let width = usize::from(inner.width.saturating_sub(2));
    let (shown, cursor) = field.window(width);
    let lines = vec![
        Line::from(s.get("wizard.save_as.prompt")),
        Line::from(""),
        Line::from(vec![
            Span::raw("> "),
            Span::styled(format!("{shown:<width$}"), app.theme.input),
        ]),
        Line::from(""),
        Line::styled(s.get("wizard.save_as.note"), app.theme.dim),
    ];
    frame.render_widget(Paragraph::new(lines), inner);
    frame.set_cursor_position((inner.x + 2 + cursor as u16, inner.y + 2));
}

/// A rectangle of `width` x `height` in the middle of `area`, shrunk to fit.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

/// A bordered block for the main area, titled, highlighted when it has the focus.
pub fn main_block<'a>(app: &App, title: String, right: Option<String>) -> Block<'a> {
    let border = if app.focus == Focus::Main {
        app.theme.border_focus
    } else {
        app.theme.border
    };
    let mut block = Block::new()
        .borders(Borders::ALL)
        .border_style(border)
        .style(app.theme.base)
        .padding(ratatui::widgets::Padding::horizontal(1))
        .title(Line::styled(format!(" {title} "), app.theme.heading));
    if let Some(r) = right {
        block = block.title(Line::from(format!(" {r} ")).right_aligned());
    }
    block
}

/// Draws `lines` in `area`, scrolled by the app's offset, which is kept in range.
pub fn scrolled_lines(frame: &mut Frame, app: &mut App, lines: Vec<Line<'static>>, area: Rect) {
    let visible = usize::from(area.height);
    let max = lines.len().saturating_sub(visible);
    app.scroll = app.scroll.min(max);
    let shown: Vec<Line> = lines.into_iter().skip(app.scroll).take(visible).collect();
    frame.render_widget(Paragraph::new(shown), area);
}

/// Lines of wrapped text, each in `style`, with an indent.
pub fn wrapped(text: &str, width: u16, indent: usize, style: Style) -> Vec<Line<'static>> {
    hanging(text, width, indent, 0, style)
}

/// Like [`wrapped`], with lines after the first indented `hang` more, so a marker such as
/// `+ ` or `→ ` stands out on the left.
pub fn hanging(
    text: &str,
    width: u16,
    indent: usize,
    hang: usize,
    style: Style,
) -> Vec<Line<'static>> {
    let room = usize::from(width).saturating_sub(indent + hang);
    let first = usize::from(width).saturating_sub(indent);
    let mut lines = wrap::wrap(text, first);
    if lines.len() > 1 {
        let rest = lines.split_off(1).join(" ");
        lines.extend(wrap::wrap(&rest, room));
    }
    lines
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            let pad = if i == 0 { indent } else { indent + hang };
            Line::styled(format!("{}{l}", " ".repeat(pad)), style)
        })
        .collect()
}
