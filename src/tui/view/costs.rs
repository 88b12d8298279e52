//! The cost of ownership: the three options side by side, year by year and in total, per
//! active user and per 1,000 records, and how the total moves with its two largest lines.
//! The rows scroll under a header that stays put; notes on the highlighted row and on the
//! options stand below, as the other tables have them.

use super::super::app::App;
use super::table::{gutter, position_line};
use super::wrap::{truncate, wrap};
use super::{main_box, measure, wrapped};
use crate::analysis::summary::{cost_line_label, cost_rate_line, option_label, over_budget_line};
use crate::base::formats::group_thousands;
use crate::base::key;
use crate::core::cost::{Comparison, OptionCost};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

/// Option names wrap over at most this many lines of the header.
const HEADER_LINES: usize = 4;
/// The row labels need no more; the rest of a wide window is left empty, not spread.
const LABEL_MAX: usize = 24;

/// What a row of the table shows.
#[derive(Clone, Copy, PartialEq)]
enum Row {
    Year(usize),
    Total,
    PerUser,
    PerRecords,
    /// The total with the option's `n`th largest line 30% lower, or higher.
    Sensitivity {
        rank: usize,
        high: bool,
    },
}

fn rows(c: &Comparison) -> Vec<Row> {
    let mut rows: Vec<Row> = (0..c.years as usize).map(Row::Year).collect();
    rows.extend([Row::Total, Row::PerUser, Row::PerRecords]);
    let ranks = c
        .options
        .iter()
        .map(|o| o.sensitivity.len())
        .max()
        .unwrap_or(0);
    for rank in 0..ranks {
        rows.push(Row::Sensitivity { rank, high: false });
        rows.push(Row::Sensitivity { rank, high: true });
    }
    rows
}

/// Draws the screen; returns the highlighted row, within the rows there are.
pub fn draw(frame: &mut Frame, app: &App, area: Rect) -> usize {
    let title = app.strings.keyed(key::wizard::screen::PREFIX, "costs");
    let inner = measure(main_box(frame, app, area, &title, None));
    let Some(c) = &app.results().costs else {
        let lines = wrapped(
            app.strings.get(key::wizard::costs::NONE),
            inner.width,
            0,
            app.theme.base,
        );
        super::paint::lines(frame.buffer_mut(), inner, &lines);
        return 0;
    };
    let rows = rows(c);
    let selected = app.scroll.min(rows.len().saturating_sub(1));
    let lines = screen_lines(app, c, &rows, selected, inner);
    super::paint::lines(frame.buffer_mut(), inner, &lines);
    selected
}

/// Column widths: the row labels, then one per option.
struct Widths {
    label: usize,
    option: usize,
}

impl Widths {
    /// `widest`: the widest amount, so no amount is ever cut; the labels give way first.
    fn of(width: usize, widest: usize) -> Widths {
        let room = width.saturating_sub(super::table::GUTTER);
        let option = (room * 3 / 5 / 3).clamp(11, 18).max(widest + 1);
        Widths {
            label: room.saturating_sub(3 * option).clamp(8, LABEL_MAX),
            option,
        }
    }
}

fn screen_lines(
    app: &App,
    c: &Comparison,
    rows: &[Row],
    selected: usize,
    area: Rect,
) -> Vec<Line<'static>> {
    let t = &app.theme;
    let w = Widths::of(usize::from(area.width), widest_amount(c, rows));
    let mut top = wrapped(&heading(c), area.width, 0, t.heading);
    if let Some(rate) = cost_rate_line(c) {
        top.extend(wrapped(&rate, area.width, 0, t.dim));
    }
    if area.height >= ROOMY {
        top.push(Line::from(""));
    }
    top.extend(header(app, c, &w));
    let mut footer = row_note(app, c, rows.get(selected).copied(), area.width);
    footer.extend(notes(app, c, area.width));
    let height = usize::from(area.height);
    let footer_rows = footer.len().min(height.saturating_sub(top.len() + 2) / 2);
    let body_rows = height.saturating_sub(top.len() + 1 + footer_rows).max(1);
    let first = selected.saturating_sub(body_rows.saturating_sub(1));
    let mut lines = top;
    for (i, row) in rows.iter().enumerate().skip(first).take(body_rows) {
        lines.push(row_line(app, c, *row, i == selected, &w));
    }
    let shown = rows.len().saturating_sub(first).min(body_rows);
    lines.push(position_line(app, selected, first, shown, rows.len()));
    if area.height >= ROOMY {
        lines.push(Line::from(""));
    }
    // The notes follow the rows; when every row shows there is room for all of them.
    let footer_rows = usize::from(area.height)
        .saturating_sub(lines.len())
        .max(footer_rows);
    lines.extend(footer.into_iter().take(footer_rows));
    lines
}

/// From this many rows up, blank lines set the heading and the notes apart.
const ROOMY: u16 = 30;

fn heading(c: &Comparison) -> String {
    crate::base::strings::fill(
        key::cost::show::HEADING,
        &[("years", &c.years.to_string()), ("currency", &c.currency)],
    )
}

/// Whether the option is the one the decision recommends.
fn recommended(app: &App, o: &OptionCost) -> bool {
    app.results().decision.recommended == o.option
}

/// The style of an option's cells: greyed when the plan rules the option out.
fn cell_style(app: &App, o: &OptionCost, selected: bool) -> Style {
    let t = &app.theme;
    match (selected, o.ruled_out.is_empty()) {
        (true, true) => t.selected,
        (true, false) => t.selected.patch(t.dim),
        (false, true) => t.base,
        (false, false) => t.dim,
    }
}

/// The options' names over their columns, each wrapped to its column and marked ✓ when
/// recommended or ✗ when ruled out.
fn header(app: &App, c: &Comparison, w: &Widths) -> Vec<Line<'static>> {
    let q = &app.model.questionnaire;
    let names: Vec<Vec<String>> = c
        .options
        .iter()
        .map(|o| {
            let mark = if recommended(app, o) {
                "✓ "
            } else if !o.ruled_out.is_empty() {
                "✗ "
            } else {
                ""
            };
            let name = format!("{mark}{}", option_label(q, o.option));
            let mut lines = wrap_name(&name, w.option.saturating_sub(1));
            if lines.len() > HEADER_LINES {
                let rest = lines.split_off(HEADER_LINES - 1).join(" ");
                lines.push(truncate(&rest, w.option.saturating_sub(1)));
            }
            lines
        })
        .collect();
    let height = names.iter().map(Vec::len).max().unwrap_or(0);
    (0..height)
        .map(|i| {
            let mut spans = vec![Span::raw(" ".repeat(super::table::GUTTER + w.label))];
            for (o, lines) in c.options.iter().zip(&names) {
                // Names sit on the header's last lines, just above their amounts.
                let at = (i + lines.len()).checked_sub(height);
                let text = at.and_then(|j| lines.get(j)).cloned().unwrap_or_default();
                let style = cell_style(app, o, false).patch(app.theme.heading);
                let style = if o.ruled_out.is_empty() {
                    style
                } else {
                    style.patch(app.theme.dim)
                };
                spans.push(Span::styled(right(&text, w.option), style));
            }
            Line::from(spans)
        })
        .collect()
}

/// A name wrapped to `width`, broken after a hyphen too, so "Hybrid-local" fits a narrow
/// column as "Hybrid-" and "local".
fn wrap_name(name: &str, width: usize) -> Vec<String> {
    let words: Vec<String> = name
        .split(' ')
        .flat_map(|word| {
            let mut parts: Vec<String> = word.split_inclusive('-').map(str::to_string).collect();
            if word.width() <= width {
                parts = vec![word.to_string()];
            }
            parts
        })
        .collect();
    let mut lines: Vec<String> = Vec::new();
    for word in words {
        match lines.last_mut() {
            Some(last)
                if last.width() + usize::from(!last.ends_with('-')) + word.width() <= width =>
            {
                if !last.ends_with('-') {
                    last.push(' ');
                }
                last.push_str(&word);
            }
            _ => lines.extend(wrap(&word, width)),
        }
    }
    lines
}

/// `text` right-aligned in `width` columns, with at least one column before it.
fn right(text: &str, width: usize) -> String {
    let text = truncate(text, width.saturating_sub(1));
    let pad = width.saturating_sub(text.width());
    format!("{}{text}", " ".repeat(pad))
}

fn row_label(app: &App, row: Row) -> String {
    let s = app.strings;
    match row {
        Row::Year(y) => s.fill(key::cost::show::YEAR, &[("year", &(y + 1).to_string())]),
        Row::Total => s.get(key::cost::show::TOTAL).to_string(),
        Row::PerUser => s.get(key::wizard::costs::PER_USER).to_string(),
        Row::PerRecords => s.get(key::wizard::costs::PER_RECORDS).to_string(),
        Row::Sensitivity { rank, high } => {
            let key = if high {
                key::wizard::costs::HIGH
            } else {
                key::wizard::costs::LOW
            };
            s.fill(key, &[("rank", &(rank + 1).to_string())])
        }
    }
}

/// An option's amount in a row; `None` when it has none there.
fn amount(o: &OptionCost, row: Row) -> Option<i64> {
    match row {
        Row::Year(y) => o.years.get(y).copied(),
        Row::Total => Some(o.total),
        Row::PerUser => o.per_user_year,
        Row::PerRecords => o.per_thousand_records,
        Row::Sensitivity { rank, high } => o
            .sensitivity
            .get(rank)
            .map(|s| if high { s.high } else { s.low }),
    }
}

fn widest_amount(c: &Comparison, rows: &[Row]) -> usize {
    rows.iter()
        .flat_map(|row| c.options.iter().map(|o| amount_text(o, *row).width()))
        .max()
        .unwrap_or(0)
}

/// An option's amount in a row as shown: a total priced with an assumed figure is marked.
fn amount_text(o: &OptionCost, row: Row) -> String {
    match amount(o, row) {
        Some(x) if row == Row::Total && o.lines.iter().any(|l| l.assumption) => {
            format!("{}*", group_thousands(x))
        }
        Some(x) => group_thousands(x),
        None => "–".to_string(),
    }
}

fn row_line(app: &App, c: &Comparison, row: Row, selected: bool, w: &Widths) -> Line<'static> {
    let t = &app.theme;
    let label_style = match (selected, row == Row::Total) {
        (true, _) => t.selected,
        (false, true) => t.heading,
        (false, false) => t.base,
    };
    let label = truncate(&row_label(app, row), w.label);
    let mut spans = vec![Span::styled(
        format!("{}{label:<width$}", gutter(app, selected), width = w.label),
        label_style,
    )];
    for o in &c.options {
        let text = amount_text(o, row);
        spans.push(Span::styled(
            right(&text, w.option),
            cell_style(app, o, selected),
        ));
    }
    Line::from(spans)
}

/// What the highlighted row means, where the numbers alone do not say it.
fn row_note(app: &App, c: &Comparison, row: Option<Row>, width: u16) -> Vec<Line<'static>> {
    let s = app.strings;
    let q = &app.model.questionnaire;
    let text = match row {
        Some(Row::Year(_)) => c.yearly_budget.map(|b| {
            s.fill(
                key::wizard::costs::BUDGET,
                &[("budget", &group_thousands(b)), ("currency", &c.currency)],
            )
        }),
        Some(Row::Total) => Some(s.get(key::wizard::costs::TOTAL_NOTE).to_string()),
        Some(Row::PerUser) => Some(s.get(key::wizard::costs::PER_USER_NOTE).to_string()),
        Some(Row::PerRecords) => Some(s.get(key::wizard::costs::PER_RECORDS_NOTE).to_string()),
        Some(Row::Sensitivity { rank, .. }) => {
            let lines: Vec<String> = c
                .options
                .iter()
                .filter_map(|o| {
                    let line = o.sensitivity.get(rank)?;
                    Some(s.fill(
                        key::wizard::costs::OPTION_LINE,
                        &[
                            ("option", &option_label(q, o.option)),
                            ("line", &cost_line_label(line.line)),
                        ],
                    ))
                })
                .collect();
            Some(s.fill(
                key::wizard::costs::SENSITIVITY_NOTE,
                &[("lines", &crate::base::strings::semicolon_list(&lines))],
            ))
        }
        None => None,
    };
    text.map(|t| wrapped(&t, width, 0, app.theme.base))
        .unwrap_or_default()
}

/// Why options are ruled out or over budget, what the marks mean, and what is missing.
fn notes(app: &App, c: &Comparison, width: u16) -> Vec<Line<'static>> {
    let s = app.strings;
    let q = &app.model.questionnaire;
    let t = &app.theme;
    let mut lines = Vec::new();
    for o in &c.options {
        let name = option_label(q, o.option);
        for reason in &o.ruled_out {
            let text = s.fill(
                key::cost::show::RULED_OUT,
                &[("option", &name), ("reason", reason)],
            );
            lines.extend(super::hanging(&format!("✗ {text}"), width, 0, 2, t.dim));
        }
        if let Some(over) = &o.over_budget {
            let text = s.fill(
                key::wizard::costs::OVER_BUDGET,
                &[("option", &name), ("reason", &over_budget_line(over))],
            );
            lines.extend(super::hanging(&format!("! {text}"), width, 0, 2, t.warn));
        }
    }
    lines.extend(wrapped(s.get(key::wizard::costs::LEGEND), width, 0, t.dim));
    if let Some(text) = crate::analysis::summary::cost_unanswered_line(q, c) {
        lines.extend(super::hanging(&format!("! {text}"), width, 0, 2, t.warn));
    }
    lines
}
