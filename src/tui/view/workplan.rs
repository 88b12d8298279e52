//! The work plan as a Gantt-style timeline: phases and their tasks against the calendar,
//! milestones as diamonds, and the highlighted row's dates and owner below.

use super::super::app::App;
use super::super::keys;
use super::wrap::truncate;
use super::{main_box, paint, table, wrapped};
use crate::base::formats::human_date;
use crate::base::key;
use crate::core::workplan::{Phase, Task, WorkPlan};
use chrono::{Datelike, NaiveDate};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// A row of the chart: a phase or one of its tasks.
enum Row<'a> {
    Phase(&'a Phase),
    Task(&'a Task),
}

fn rows(plan: &WorkPlan) -> Vec<Row<'_>> {
    plan.phases
        .iter()
        .flat_map(|p| std::iter::once(Row::Phase(p)).chain(p.tasks.iter().map(Row::Task)))
        .collect()
}

/// Maps dates to columns of the timeline.
struct Scale {
    start: NaiveDate,
    days: i64,
    width: usize,
}

impl Scale {
    fn column(&self, d: NaiveDate) -> usize {
        let offset = (d - self.start).num_days().clamp(0, self.days);
        ((offset as f64 / self.days.max(1) as f64) * (self.width - 1) as f64).round() as usize
    }
}

/// Draws the chart around the highlighted row; returns that row, within the rows there
/// are.
pub fn draw(frame: &mut Frame, app: &App, area: Rect) -> usize {
    let s = app.strings;
    let plan = &app.results().work_plan;
    let range = s.fill(
        key::wizard::gantt::RANGE,
        &[
            ("start", &human_date(plan.start)),
            ("end", &human_date(plan.end)),
        ],
    );
    let inner = main_box(
        frame,
        app,
        area,
        &s.keyed(key::wizard::screen::PREFIX, "work_plan"),
        Some(&range),
    );
    let all = rows(plan);
    let selected = app.scroll.min(all.len().saturating_sub(1));
    let width = usize::from(inner.width).saturating_sub(table::GUTTER);
    let label_w = label_width(&all, width);
    let scale = Scale {
        start: plan.start,
        days: (plan.end - plan.start).num_days().max(1),
        width: width.saturating_sub(label_w).max(2),
    };
    let footer = detail(app, all.get(selected), inner.width);
    let height = usize::from(inner.height);
    let footer_rows = footer.len().min(height.saturating_sub(4) / 2);
    let body_rows = height.saturating_sub(1 + footer_rows + 1);
    let mut lines = vec![axis(app, &scale, label_w)];
    let first = selected.saturating_sub(body_rows.saturating_sub(1));
    for (i, row) in all.iter().enumerate().skip(first).take(body_rows) {
        lines.push(chart_row(app, row, &scale, label_w, i == selected));
    }
    let shown = all.len().saturating_sub(first).min(body_rows);
    lines.extend(std::iter::repeat_n(Line::from(""), body_rows - shown));
    lines.push(table::position_line(app, selected, first, shown, all.len()));
    lines.extend(footer.into_iter().take(footer_rows));
    paint::lines(frame.buffer_mut(), inner, &lines);
    selected
}

/// Room for the longest task name where the window allows, leaving at least half the width
/// to the timeline; never so narrow that names become unreadable.
fn label_width(rows: &[Row], width: usize) -> usize {
    let longest = rows
        .iter()
        .map(|r| match r {
            Row::Phase(p) => p.title.chars().count(),
            Row::Task(t) => t.title.chars().count() + 2,
        })
        .max()
        .unwrap_or(0);
    (longest + 1).min(width / 2).max(12.min(width))
}

/// Each month's short name where it starts.
fn axis(app: &App, scale: &Scale, label_w: usize) -> Line<'static> {
    let mut cells = vec![' '; scale.width];
    let mut d =
        NaiveDate::from_ymd_opt(scale.start.year(), scale.start.month(), 1).unwrap_or(scale.start);
    let end = scale.start + chrono::Duration::days(scale.days);
    while d <= end {
        let col = if d < scale.start { 0 } else { scale.column(d) };
        let name = crate::base::formats::month_short(d);
        let label: Vec<char> = format!("|{name}").chars().collect();
        if col + label.len() <= scale.width
            && cells[col..col + label.len()].iter().all(|c| *c == ' ')
        {
            cells[col..col + label.len()].copy_from_slice(&label);
        }
        d = next_month(d);
    }
    let title = app.strings.get(key::wizard::gantt::TASK);
    Line::styled(
        format!(
            "{}{:<label_w$}{}",
            " ".repeat(table::GUTTER),
            title,
            cells.into_iter().collect::<String>()
        ),
        app.theme.heading,
    )
}

fn next_month(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(d + chrono::Duration::days(31))
}

fn chart_row(app: &App, row: &Row, scale: &Scale, label_w: usize, selected: bool) -> Line<'static> {
    let t = &app.theme;
    let (label, from, to, fill, style) = match row {
        Row::Phase(p) => (
            p.title.clone(),
            p.start().unwrap_or(scale.start),
            p.end().unwrap_or(scale.start),
            '━',
            t.heading,
        ),
        Row::Task(task) if task.is_milestone() => (
            format!("  {}", task.title),
            task.start,
            task.start,
            '◆',
            t.warn,
        ),
        Row::Task(task) => (
            format!("  {}", task.title),
            task.start,
            task.end,
            '█',
            t.bar,
        ),
    };
    let (a, b) = (scale.column(from), scale.column(to).max(scale.column(from)));
    let mut bar: String = " ".repeat(a);
    bar.extend(std::iter::repeat_n(fill, b - a + 1));
    bar.push_str(&" ".repeat(scale.width.saturating_sub(b + 1)));
    let label_style = if selected { t.selected } else { Style::new() };
    Line::from(vec![
        Span::styled(
            format!(
                "{}{:<label_w$}",
                table::gutter(app, selected),
                truncate(&label, label_w.saturating_sub(1))
            ),
            label_style,
        ),
        Span::styled(bar, style),
    ])
}

fn working_days(app: &App, days: impl Into<i64>) -> String {
    match days.into() {
        1 => app.strings.get(key::wizard::gantt::WORKING_DAY).to_string(),
        n => app.strings.fill(
            key::wizard::gantt::WORKING_DAYS,
            &[("days", &n.to_string())],
        ),
    }
}

/// The highlighted row in words: dates, working days, owner, the gap it closes.
fn detail(app: &App, row: Option<&Row>, w: u16) -> Vec<Line<'static>> {
    let s = app.strings;
    let t = &app.theme;
    let mut lines = Vec::new();
    match row {
        Some(Row::Phase(p)) => {
            let text = s.fill(
                key::wizard::gantt::PHASE,
                &[
                    ("title", &p.title),
                    ("start", &p.start().map(human_date).unwrap_or_default()),
                    ("end", &p.end().map(human_date).unwrap_or_default()),
                    ("tasks", &p.tasks.len().to_string()),
                ],
            );
            lines.extend(wrapped(&text, w, 0, t.base));
        }
        Some(Row::Task(task)) => {
            let owner = app.results().task_owner(task);
            let text = if task.is_milestone() {
                s.fill(
                    key::wizard::gantt::MILESTONE,
                    &[
                        ("title", &task.title),
                        ("date", &human_date(task.start)),
                        ("owner", &owner),
                    ],
                )
            } else {
                s.fill(
                    key::wizard::gantt::TASK_DETAIL,
                    &[
                        ("title", &task.title),
                        ("start", &human_date(task.start)),
                        ("end", &human_date(task.end)),
                        ("duration", &working_days(app, task.days)),
                        ("owner", &owner),
                    ],
                )
            };
            lines.extend(wrapped(&text, w, 0, t.base));
            for gap in &task.closes_gaps {
                let title = app
                    .model
                    .questionnaire
                    .capacity_area(gap)
                    .map_or(gap.as_str(), |a| a.title.as_str());
                lines.extend(wrapped(
                    &s.fill(key::wizard::gantt::CLOSES, &[("area", title)]),
                    w,
                    0,
                    t.dim,
                ));
            }
        }
        None => {}
    }
    let key = keys::text(s, key::wizard::gantt::KEY, &[]);
    lines.extend(wrapped(&key, w, 0, t.dim));
    lines
}
