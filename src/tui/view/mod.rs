//! Drawing the wizard: a title bar, the navigation pane, the open screen and a status bar
//! with the keys that work there. Every word comes from the questionnaire or the strings
//! catalogue.

use crate::base::key;
mod checklists;
mod costs;
mod export;
pub mod help;
mod nav;
pub mod paint;
mod question;
mod results;
mod table;
mod workplan;
pub mod wrap;

use super::app::{App, Focus, Overlay, Screen};
use super::keys;
use crate::core::flow::Overview;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

/// Below this size the wizard asks for a larger window instead of drawing a cramped one.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// What drawing a frame found, for the app to keep its positions in range by (see
/// [`App::settle`]): drawing only reads the app.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Drawn {
    /// The window is below the smallest size; only a request to enlarge it was drawn.
    pub too_small: bool,
    /// The result screen's scroll offset or highlighted row, within what there is.
    pub scroll: Option<usize>,
    /// The keys help's scroll offset, within its text.
    pub help_scroll: Option<usize>,
}

/// Draws a frame from the app as [`App::prepare`] left it.
pub fn draw(frame: &mut Frame, app: &App) -> Drawn {
    let drawn = draw_screen(frame, app);
    if app.theme.ascii {
        super::glyphs::to_ascii(frame.buffer_mut());
    }
    drawn
}

fn draw_screen(frame: &mut Frame, app: &App) -> Drawn {
    let area = frame.area();
    paint::fill(frame.buffer_mut(), area, app.theme.base);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, app.strings, app.theme.base);
        return Drawn {
            too_small: true,
            ..Drawn::default()
        };
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
    let overview = app.session.overview();
    title_bar(frame, app, &overview, title);
    nav::draw(frame, app, &overview, nav_area);
    let scroll = match app.screen {
        Screen::Questions => {
            question::draw(frame, app, &overview, main);
            None
        }
        Screen::WorkPlan => Some(workplan::draw(frame, app, main)),
        Screen::Checklists => Some(checklists::draw(frame, app, main)),
        Screen::Export => Some(export::draw(frame, app, main)),
        Screen::Responsibilities => Some(results::responsibilities(frame, app, main)),
        Screen::Sizing => Some(results::sizing(frame, app, main)),
        Screen::Costs => Some(costs::draw(frame, app, main)),
        Screen::Decision => Some(results::decision(frame, app, main)),
        Screen::Readiness => Some(results::readiness(frame, app, main)),
    };
    status_bar(frame, app, status);
    let help_scroll = match &app.overlay {
        Some(Overlay::Help(_)) => Some(help::draw(frame, app, area)),
        Some(Overlay::SaveAs(field)) => {
            save_as(frame, app, field, area);
            None
        }
        None => None,
    };
    Drawn {
        too_small: false,
        scroll,
        help_scroll,
    }
}

/// The "enlarge the window" message, wrapped to whatever room there is.
pub fn too_small(frame: &mut Frame, strings: &crate::base::strings::Strings, style: Style) {
    let area = frame.area();
    let text = keys::text(
        strings,
        key::wizard::TOO_SMALL,
        &[
            ("width", &MIN_WIDTH.to_string()),
            ("height", &MIN_HEIGHT.to_string()),
            ("now_width", &area.width.to_string()),
            ("now_height", &area.height.to_string()),
        ],
    );
    let lines: Vec<Line> = wrap::wrap(&text, usize::from(area.width))
        .into_iter()
        .map(|l| Line::styled(l, style).centered())
        .collect();
    let top = area.height.saturating_sub(lines.len() as u16) / 2;
    let rest = Rect {
        y: area.y + top,
        height: area.height - top,
        ..area
    };
    frame.render_widget(Paragraph::new(lines), rest);
}

fn title_bar(frame: &mut Frame, app: &App, overview: &Overview, area: Rect) {
    let s = app.strings;
    let saved = match &app.save_error {
        None => s.get(key::wizard::title::SAVED).to_string(),
        Some(_) => s.get(key::wizard::title::NOT_SAVED).to_string(),
    };
    let right = format!(
        " {} · {} · {} ",
        app.plan_name,
        progress_words(s, &overview.steps),
        saved
    );
    let left = format!(
        " {} · {}",
        s.get(key::wizard::title::APP),
        app.model.questionnaire.title
    );
    let room = usize::from(area.width).saturating_sub(right.width());
    let line = Line::from(vec![
        Span::raw(format!("{:<room$}", wrap::truncate(&left, room))),
        Span::raw(right),
    ]);
    let buf = frame.buffer_mut();
    buf.set_style(area, app.theme.title);
    paint::lines(buf, area, &[line]);
}

/// Where the plan stands, by sections: "Section 3 of 11 · 4 done", or at the end "9 of 11
/// sections done".
fn progress_words(s: &crate::base::strings::Strings, steps: &crate::core::flow::Steps) -> String {
    let count = steps.sections.to_string();
    let done = steps.done.to_string();
    match steps.section {
        Some(at) => s.fill(
            key::wizard::title::SECTIONS,
            &[("at", &at.to_string()), ("count", &count), ("done", &done)],
        ),
        None => s.fill(
            key::wizard::title::FINISHED,
            &[("count", &count), ("done", &done)],
        ),
    }
}

/// The longest line read with ease: in a wider window the text is centred at this width.
const MEASURE: u16 = 100;

/// `area` narrowed to [`MEASURE`] and centred in it.
pub(super) fn measure(area: Rect) -> Rect {
    let width = area.width.min(MEASURE);
    Rect {
        x: area.x + (area.width - width) / 2,
        width,
        ..area
    }
}

/// The hints that fit, in order; the list of every key is one `?` away. On a screen that
/// has no room of its own for messages, a message takes the bar's place.
fn status_bar(frame: &mut Frame, app: &App, area: Rect) {
    let s = app.strings;
    let own_room = matches!(app.screen, Screen::Questions | Screen::Export);
    if !own_room && app.overlay.is_none() && app.notice.is_some() {
        let line = notice_lines(app, u16::MAX).into_iter().next();
        paint::lines(
            frame.buffer_mut(),
            area,
            &line.into_iter().collect::<Vec<_>>(),
        );
        return;
    }
    let mut spans = Vec::new();
    let mut used = 0;
    for id in keys::hints(app.context()) {
        let keys = format!(" {} ", keys::entry_keys(id, s));
        let short = format!(
            "{} ",
            s.keyed(key::wizard::keys::PREFIX, &format!("{id}.short"))
        );
        used += keys.width() + short.width();
        if used > usize::from(area.width) {
            break;
        }
        spans.push(Span::styled(keys, app.theme.key));
        spans.push(Span::raw(short));
    }
    paint::lines(frame.buffer_mut(), area, &[Line::from(spans)]);
}

fn save_as(frame: &mut Frame, app: &App, field: &super::text_input::TextInput, area: Rect) {
    let s = app.strings;
    let message = notice_lines(app, 66.min(area.width.saturating_sub(6)));
    let popup = centered(area, 70.min(area.width - 4), 7 + message.len() as u16);
    let buf = frame.buffer_mut();
    paint::clear(buf, popup);
    paint::fill(buf, popup, app.theme.base);
    let title = Line::styled(
        format!(" {} ", s.get(key::wizard::save_as::TITLE)),
        app.theme.heading,
    );
    let inner = paint::boxed(buf, popup, app.theme.border_focus, &title, None);
    let width = usize::from(inner.width.saturating_sub(2));
    let (field_spans, cursor) = field_spans(&app.theme, field, width);
    let lines = vec![
        Line::from(s.get(key::wizard::save_as::PROMPT)),
        Line::from(""),
        Line::from([vec![Span::raw("> ")], field_spans].concat()),
        Line::from(""),
        Line::styled(
            keys::text(s, key::wizard::save_as::NOTE, &[]),
            app.theme.dim,
        ),
    ];
    let lines: Vec<Line> = lines.into_iter().chain(message).collect();
    paint::lines(frame.buffer_mut(), inner, &lines);
    frame.set_cursor_position((inner.x + 2 + cursor as u16, inner.y + 2));
}

/// The part of a text field that fits in `room` columns, padded so the field's extent
/// shows, and the cursor's column. A selected value is drawn as the list selection is
/// (reversed in the monochrome theme), so it is plain that typing will replace it.
pub fn field_spans(
    theme: &super::Theme,
    field: &super::text_input::TextInput,
    room: usize,
) -> (Vec<Span<'static>>, usize) {
    let (shown, cursor) = field.window(room);
    if !field.is_selected() {
        return (
            vec![Span::styled(format!("{shown:<room$}"), theme.input)],
            cursor,
        );
    }
    let pad = room.saturating_sub(shown.width());
    let spans = vec![
        Span::styled(shown, theme.input.patch(theme.selected)),
        Span::styled(" ".repeat(pad), theme.input),
    ];
    (spans, cursor)
}

/// The notice, if any, with its mark: ✗ for something wrong, ℹ otherwise.
pub fn notice_lines(app: &App, width: u16) -> Vec<Line<'static>> {
    let Some(notice) = &app.notice else {
        return Vec::new();
    };
    let s = app.strings;
    let (mark, style) = if notice.is_error() {
        (s.get(key::wizard::notice::ERROR_MARK), app.theme.bad)
    } else {
        (s.get(key::wizard::notice::INFO_MARK), app.theme.warn)
    };
    hanging(&format!("{mark} {}", notice.text()), width, 0, 2, style)
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

/// The main area's box, titled, highlighted when it has the focus; returns the room inside
/// it, a column in from each side.
pub fn main_box(
    frame: &mut Frame,
    app: &App,
    area: Rect,
    title: &str,
    right: Option<&str>,
) -> Rect {
    let border = if app.focus == Focus::Main {
        app.theme.border_focus
    } else {
        app.theme.border
    };
    let title = Line::styled(format!(" {title} "), app.theme.heading);
    let right = right.map(|r| Line::from(format!(" {r} ")));
    let buf = frame.buffer_mut();
    paint::fill(buf, area, app.theme.base);
    let inner = paint::boxed(buf, area, border, &title, right.as_ref());
    Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(2),
        ..inner
    }
}

/// Draws `lines` in `area`, scrolled by the app's offset brought within range; returns
/// that offset.
pub fn scrolled_lines(
    frame: &mut Frame,
    app: &App,
    lines: Vec<Line<'static>>,
    area: Rect,
) -> usize {
    let visible = usize::from(area.height);
    let scroll = app.scroll.min(lines.len().saturating_sub(visible));
    paint::lines(frame.buffer_mut(), area, &lines[scroll..]);
    scroll
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
