//! The security checklists: every item that applies to the plan, list by list, with its
//! status, due date and owner, and the highlighted item's detail below.

use super::super::app::App;
use super::super::keys;
use super::table::{self, Column};
use super::{main_box, wrapped};
use crate::base::formats::human_date;
use crate::base::key;
use crate::core::checklist::{Checklist, Checklists, Counts, Entry, States, Status};
use crate::core::workplan::WorkPlan;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

/// A row of the table: a list's title, or one of its items.
enum Row<'a> {
    List(&'a Checklist),
    Item(Entry<'a>),
}

/// The rows for a plan: each list that has items applying to it, then those items.
fn rows<'a>(lists: &'a Checklists, states: &'a States) -> Vec<Row<'a>> {
    let mut out = Vec::new();
    for (list, entries) in lists.applying(states) {
        out.push(Row::List(list));
        out.extend(entries.into_iter().map(Row::Item));
    }
    out
}

/// Draws the table around the highlighted row; returns that row, within the rows there
/// are.
pub fn draw(frame: &mut Frame, app: &App, area: Rect) -> usize {
    let s = app.strings;
    let results = app.results();
    let plan = &results.work_plan;
    let c = Counts::of(&results.checklists);
    let counts = s.fill(
        key::wizard::checklists::COUNTS,
        &[
            ("met", &c.met.to_string()),
            ("planned", &c.planned.to_string()),
            ("open", &c.open.to_string()),
        ],
    );
    let inner = main_box(
        frame,
        app,
        area,
        &s.keyed(key::wizard::screen::PREFIX, "checklists"),
        Some(&counts),
    );
    let all = rows(&app.model.checklists, &results.checklists);
    let selected = app.scroll.min(all.len().saturating_sub(1));
    let columns = [
        Column::flex(s.get(key::wizard::checklists::ITEM)),
        Column::fixed(s.get(key::wizard::checklists::STATUS), 16),
        Column::fixed(s.get(key::wizard::checklists::DUE), 18),
        Column::fixed(s.get(key::wizard::checklists::OWNER), 16),
    ];
    let body: Vec<Vec<String>> = all.iter().map(|r| cells(app, r)).collect();
    let footer = detail(app, plan, all.get(selected), inner.width);
    table::draw(frame, app, inner, &columns, &body, selected, footer);
    selected
}

fn cells(app: &App, row: &Row) -> Vec<String> {
    match row {
        Row::List(list) => vec![
            list.title.to_uppercase(),
            String::new(),
            String::new(),
            String::new(),
        ],
        Row::Item(e) => vec![
            format!("  {}", e.item.title),
            status_word(app, e.status),
            e.due.map(human_date).unwrap_or_default(),
            app.results()
                .matrix
                .party(e.owner)
                .map_or(e.owner.to_string(), |p| p.short.clone()),
        ],
    }
}

/// The status as a symbol and a word, so it reads without colour.
fn status_word(app: &App, status: &Status) -> String {
    let symbol = app
        .strings
        .keyed(key::wizard::checklists::symbol::PREFIX, status.id());
    let word = app
        .strings
        .keyed(key::wizard::checklists::state::PREFIX, status.id());
    format!("{symbol} {word}")
}

/// The highlighted row in words: what the item asks, who owns it, and what its status
/// rests on; then the key to the symbols.
fn detail(app: &App, plan: &WorkPlan, row: Option<&Row>, w: u16) -> Vec<Line<'static>> {
    let s = app.strings;
    let t = &app.theme;
    let mut lines = Vec::new();
    match row {
        Some(Row::List(list)) => lines.extend(wrapped(&list.intro, w, 0, t.base)),
        Some(Row::Item(e)) => {
            lines.extend(wrapped(&e.item.what, w, 0, t.base));
            let owner = app.results().matrix.party_name(e.owner);
            let why = match e.status {
                Status::Met => s.get(key::wizard::checklists::why::MET).to_string(),
                Status::Planned {
                    task: Some(id),
                    end,
                } => s.fill(
                    key::wizard::checklists::why::PLANNED_TASK,
                    &[
                        (
                            "task",
                            plan.task(id).map_or(id.as_str(), |t| t.title.as_str()),
                        ),
                        ("date", &end.map(human_date).unwrap_or_default()),
                    ],
                ),
                Status::Planned { task: None, .. } => s
                    .get(key::wizard::checklists::why::PLANNED_ANSWERS)
                    .to_string(),
                Status::Open {
                    reason: Some(reason),
                } => s.fill(
                    key::wizard::checklists::why::CONTRADICTED,
                    &[("reason", reason)],
                ),
                Status::Open { reason: None } => {
                    s.get(key::wizard::checklists::why::OPEN).to_string()
                }
                Status::NotApplicable => String::new(),
            };
            let text = s.fill(
                key::wizard::checklists::DETAIL,
                &[("owner", &owner), ("why", &why)],
            );
            lines.extend(wrapped(&text, w, 0, t.dim));
        }
        None => {}
    }
    let key = keys::text(s, key::wizard::checklists::KEY, &[]);
    lines.extend(wrapped(&key, w, 0, t.dim));
    lines
}
