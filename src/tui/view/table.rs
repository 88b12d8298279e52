//! A table whose header stays put while its rows scroll, with a footer below for the
//! highlighted row's details and the legend.

use super::super::app::App;
use super::wrap::truncate;
use crate::base::key;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

pub struct Column {
    pub title: String,
    /// Fixed width in columns; `None` takes what the fixed columns leave.
    pub width: Option<usize>,
}

impl Column {
    pub fn flex(title: &str) -> Column {
        Column {
            title: title.to_string(),
            width: None,
        }
    }

    pub fn fixed(title: &str, width: usize) -> Column {
        Column {
            title: title.to_string(),
            width: Some(width),
        }
    }
}

fn widths(columns: &[Column], total: usize) -> Vec<usize> {
    let fixed: usize = columns.iter().filter_map(|c| c.width).sum();
    let flex = total.saturating_sub(fixed).max(8);
    columns.iter().map(|c| c.width.unwrap_or(flex)).collect()
}

/// Two columns in front of every row: the highlighted row's mark, then a space.
pub const GUTTER: usize = 2;

/// The gutter in front of a row: the cursor mark on the highlighted one.
pub fn gutter(app: &App, selected: bool) -> String {
    if selected {
        format!("{} ", app.strings.get(key::wizard::table::CURSOR))
    } else {
        " ".repeat(GUTTER)
    }
}

/// The line under a table's rows: "Row 4 of 33", and how many rows lie above and below
/// the window, so a table cut by the window never looks complete.
pub fn position_line(
    app: &App,
    selected: usize,
    first: usize,
    shown: usize,
    total: usize,
) -> Line<'static> {
    let s = app.strings;
    if total == 0 {
        return Line::from("");
    }
    let count = |n: usize| n.to_string();
    let mut parts = vec![s.fill(
        key::wizard::table::POSITION,
        &[("row", &count(selected + 1)), ("rows", &count(total))],
    )];
    if first > 0 {
        parts.push(s.fill(key::wizard::table::ABOVE, &[("count", &count(first))]));
    }
    let below = total.saturating_sub(first + shown);
    if below > 0 {
        parts.push(s.fill(key::wizard::table::BELOW, &[("count", &count(below))]));
    }
    Line::styled(
        format!("{}{}", " ".repeat(GUTTER), parts.join(" · ")),
        app.theme.dim,
    )
}

fn row_text(cells: &[String], widths: &[usize]) -> String {
    cells
        .iter()
        .zip(widths)
        .map(|(cell, w)| format!("{:<w$}", truncate(cell, w.saturating_sub(1))))
        .collect()
}

/// Below this width the first column gets a line of its own above the other cells, so
/// long titles stay readable in a narrow window.
const NARROW: usize = 24;

/// Draws the header, the rows around `selected`, and `footer` at the bottom; the footer
/// gives way to the rows when room is short.
pub fn draw(
    frame: &mut Frame,
    app: &App,
    area: Rect,
    columns: &[Column],
    rows: &[Vec<String>],
    selected: usize,
    footer: Vec<Line<'static>>,
) {
    let t = &app.theme;
    let total = usize::from(area.width).saturating_sub(GUTTER);
    let w = widths(columns, total);
    let stacked = w.first().is_some_and(|first| *first < NARROW);
    let mut footer = footer;
    let title = full_title(
        app,
        rows.get(selected),
        w.first().copied(),
        stacked,
        area.width,
    );
    footer.splice(0..0, title);
    let lines_per_row = if stacked { 2 } else { 1 };
    let height = usize::from(area.height);
    let footer_rows = footer.len().min(height.saturating_sub(4) / 2);
    let body_lines = height.saturating_sub(1 + footer_rows + 1);
    let body_rows = (body_lines / lines_per_row).max(1);
    let titles: Vec<String> = columns.iter().map(|c| c.title.clone()).collect();
    let header = format!(
        "{}{}",
        " ".repeat(GUTTER),
        header_text(&titles, &w, stacked)
    );
    let mut lines = vec![Line::styled(header, t.heading)];
    let first = selected.saturating_sub(body_rows.saturating_sub(1));
    for (i, cells) in rows.iter().enumerate().skip(first).take(body_rows) {
        let style = if i == selected { t.selected } else { t.base };
        let mark = gutter(app, i == selected);
        if stacked {
            let title = format!("{mark}{:<total$}", truncate(&cells[0], total));
            lines.push(Line::styled(title, style));
            lines.push(Line::styled(
                format!("{}{}", " ".repeat(GUTTER), row_text(&cells[1..], &w[1..])),
                t.base,
            ));
        } else {
            lines.push(Line::styled(
                format!("{mark}{}", row_text(cells, &w)),
                style,
            ));
        }
    }
    let used = lines.len() - 1;
    let shown = rows.len().saturating_sub(first).min(body_rows);
    lines.extend(std::iter::repeat_n(
        Line::from(""),
        body_lines.saturating_sub(used),
    ));
    lines.push(position_line(app, selected, first, shown, rows.len()));
    lines.extend(footer.into_iter().take(footer_rows));
    super::paint::lines(frame.buffer_mut(), area, &lines);
}

/// The highlighted row's first cell in full, when its column cut it short.
fn full_title(
    app: &App,
    row: Option<&Vec<String>>,
    width: Option<usize>,
    stacked: bool,
    area_width: u16,
) -> Vec<Line<'static>> {
    let (Some(cells), Some(width)) = (row, width) else {
        return Vec::new();
    };
    let title = cells.first().map_or("", String::as_str);
    let cut = !stacked && title.chars().count() > width.saturating_sub(1);
    if !cut {
        return Vec::new();
    }
    super::wrapped(title, area_width, GUTTER, app.theme.heading)
}

/// The header: every title in its column, or, when stacked, the first title's column
/// left out so the others sit above their cells (the gutter indents both alike).
fn header_text(titles: &[String], widths: &[usize], stacked: bool) -> String {
    if stacked {
        row_text(&titles[1..], &widths[1..])
    } else {
        row_text(titles, widths)
    }
}
