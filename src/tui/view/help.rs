//! The key overlay (`?` or F1): every key of the wizard, and what the symbols mean.

use super::super::app::{App, Overlay};
use super::super::keys::{self, HELP, TEXT_HELP};
use super::{centered, paint, wrapped};
use crate::base::key;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

const SYMBOLS: &[&str] = &["done", "partly", "not_started", "hidden", "gap"];

/// Draws the keys help over `area`; returns its scroll offset, within its text.
pub fn draw(frame: &mut Frame, app: &App, area: Rect) -> usize {
    let s = app.strings;
    let t = app.theme;
    let width = 76.min(area.width);
    let text_w = width.saturating_sub(2);
    let lines = content(app, text_w);
    let popup = centered(area, width, lines.len() as u16 + 2);
    let title = Line::styled(format!(" {} ", s.get(key::wizard::help::TITLE)), t.heading);
    let inner = Rect {
        x: popup.x + 1,
        y: popup.y + 1,
        width: popup.width.saturating_sub(2),
        height: popup.height.saturating_sub(2),
    };
    let visible = usize::from(inner.height);
    let max = lines.len().saturating_sub(visible);
    let scroll = match app.overlay {
        Some(Overlay::Help(line)) => line.min(max),
        _ => 0,
    };
    let buf = frame.buffer_mut();
    paint::clear(buf, popup);
    paint::fill(buf, popup, t.base);
    paint::boxed(buf, popup, t.border_focus, &title, None);
    if max > 0 {
        let more = keys::text(s, key::wizard::help::MORE, &[]);
        let more = Line::styled(format!(" {more} "), t.key);
        let width = more.width() as u16;
        let x = (popup.right().saturating_sub(width + 1)).max(popup.x);
        buf.set_line(x, popup.bottom().saturating_sub(1), &more, width);
    }
    paint::lines(buf, inner, lines.get(scroll..).unwrap_or_default());
    scroll
}

fn content(app: &App, width: u16) -> Vec<Line<'static>> {
    let s = app.strings;
    let t = &app.theme;
    let mut lines = key_lines(app, HELP, width);
    lines.push(Line::from(""));
    lines.extend(wrapped(
        s.get(key::wizard::help::TEXT_FIELDS),
        width,
        0,
        t.heading,
    ));
    lines.extend(key_lines(app, TEXT_HELP, width));
    lines.push(Line::from(""));
    for id in SYMBOLS {
        lines.extend(wrapped(
            &s.keyed(key::wizard::help::symbols::PREFIX, id),
            width,
            0,
            t.dim,
        ));
    }
    lines.push(Line::from(""));
    let close = keys::text(s, key::wizard::help::CLOSE, &[]);
    lines.extend(wrapped(&close, width, 0, t.dim));
    lines
}

/// One row per key: the keys in a column of their own, what they do wrapped beside it.
fn key_lines(app: &App, ids: &[&str], width: u16) -> Vec<Line<'static>> {
    let (s, t) = (app.strings, &app.theme);
    let key_w = 16;
    let text_w = width.saturating_sub(key_w as u16);
    let mut lines = Vec::new();
    for id in ids {
        let shown = keys::entry_keys(id, s);
        let text = keys::text(s, &format!("{}{id}.long", key::wizard::keys::PREFIX), &[]);
        for (i, l) in wrapped(&text, text_w, 0, t.base).into_iter().enumerate() {
            let k = if i == 0 { shown.as_str() } else { "" };
            let mut spans = vec![Span::styled(format!("{k:<key_w$}"), t.key)];
            spans.extend(l.spans);
            lines.push(Line::from(spans));
        }
    }
    lines
}
