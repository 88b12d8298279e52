//! The navigation pane: sections with their progress, then the result screens.

use super::super::app::{App, Focus, NavItem, Screen};
use super::wrap::truncate;
use crate::base::key;
use crate::core::flow::{Overview, Progress};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// The symbol beside a section: its progress is never shown by colour alone.
pub fn progress_symbol(state: Progress) -> &'static str {
    match state {
        Progress::Done => "✓",
        Progress::Partly => "◐",
        Progress::NotStarted => "○",
        Progress::Skipped => "–",
    }
}

pub fn draw(frame: &mut Frame, app: &App, overview: &Overview, area: Rect) {
    let s = app.strings;
    let border = if app.focus == Focus::Nav {
        app.theme.border_focus
    } else {
        app.theme.border
    };
    let title = Line::styled(
        format!(" {} ", s.get(key::wizard::nav::TITLE)),
        app.theme.heading,
    );
    let buf = frame.buffer_mut();
    super::paint::fill(buf, area, app.theme.base);
    let inner = super::paint::boxed(buf, area, border, &title, None);
    let width = usize::from(inner.width);
    let progress = &overview.progress;
    let here = app.session.section_index();
    let asking = app.screen == Screen::Questions && app.current().is_some();
    // The pane follows the highlighted row while it has the focus, else the open screen.
    let follow = match app.focus {
        Focus::Nav => app.nav_cursor,
        Focus::Main => app.nav_index_of_current(),
    };
    let mut lines: Vec<Line> = Vec::new();
    let mut follow_line = 0;
    for (i, item) in app.nav_items().iter().enumerate() {
        if *item == NavItem::Result(Screen::RESULTS[0]) {
            lines.push(Line::styled(
                truncate(
                    &format!("── {} ──", s.get(key::wizard::nav::RESULTS)),
                    width,
                ),
                app.theme.dim,
            ));
        }
        let (marker, label, current) = match item {
            NavItem::Section(n) => {
                let p = &progress[*n];
                let current = asking && *n == here;
                (progress_symbol(p.state), p.section.title.clone(), current)
            }
            NavItem::Result(screen) => (
                "»",
                s.keyed(key::wizard::screen::PREFIX, screen.id()),
                app.screen == *screen,
            ),
        };
        let pointer = if current { "▸" } else { " " };
        let text = truncate(&format!("{pointer}{marker} {label}"), width);
        let style = if app.focus == Focus::Nav && i == app.nav_cursor {
            app.theme.selected
        } else if current {
            app.theme.heading
        } else {
            app.theme.base
        };
        if i == follow {
            follow_line = lines.len();
        }
        lines.push(Line::from(Span::styled(format!("{text:<width$}"), style)));
    }
    let height = usize::from(inner.height);
    let top = follow_line.saturating_sub(height.saturating_sub(1));
    super::paint::lines(
        frame.buffer_mut(),
        inner,
        lines.get(top..).unwrap_or_default(),
    );
}
