//! The security and compliance checklists, with columns to record completion by hand.

use super::Document;
use crate::base::key;
use crate::core::checklist::{Counts, Entry, Status};
use crate::export::pdf::layout::{BODY, Layout, NOTE, SMALL, SMALL_BOLD};
use crate::export::pdf::table::{Align, Cell, Column, Table, cell};

/// Room in a row to write a date and initials by hand.
const HANDWRITING: f32 = 26.0;

impl Document<'_> {
    pub(super) fn checklists(&self, l: &mut Layout) {
        let states = &self.ctx.analysis.checklists;
        let c = Counts::of(states);
        let counts = self.s.fill(
            key::pdf::checklist::COUNTS,
            &[
                ("met", &c.met.to_string()),
                ("planned", &c.planned.to_string()),
                ("open", &c.open.to_string()),
                ("total", &c.applicable().to_string()),
            ],
        );
        l.paragraph(
            &format!("{} {counts}", self.s.get(key::pdf::checklist::INTRO)),
            BODY,
        );
        l.space(4.0);
        self.protocols(l);
        let mut number = 0;
        for (list, entries) in self.ctx.model.checklists.entries(states) {
            l.heading(1, &list.title);
            l.lead_in(&list.intro, NOTE);
            l.table(&self.checklist_table(&entries, &mut number));
        }
    }

    fn checklist_table(&self, entries: &[Entry], number: &mut usize) -> Table {
        let s = self.s;
        let mut t = Table::new(vec![
            Column::new(s.get(key::pdf::checklist::column::NUMBER), 0.35).align(Align::Right),
            Column::new(s.get(key::pdf::checklist::column::ITEM), 3.2),
            Column::new(s.get(key::pdf::checklist::column::TIMING), 1.5),
            Column::new(s.get(key::pdf::checklist::column::OWNER), 1.1),
            Column::new(s.get(key::pdf::checklist::column::STATUS), 0.85),
            Column::new(s.get(key::pdf::checklist::column::DATE), 0.85),
            Column::new(s.get(key::pdf::checklist::column::INITIALS), 0.7),
        ]);
        t.min_row = HANDWRITING;
        for entry in entries {
            *number += 1;
            t.row(vec![
                cell(number.to_string()),
                self.item_cell(entry),
                self.timing(entry),
                cell(self.party_name(entry.owner)),
                self.status_cell(entry.status),
                Vec::new(),
                Vec::new(),
            ]);
        }
        t
    }

    /// The item, what it asks, and for a planned or contradicted item what stands behind
    /// its status.
    fn item_cell(&self, entry: &Entry) -> Cell {
        let item = entry.item;
        let mut out = vec![(SMALL_BOLD, item.title.clone()), (NOTE, item.what.clone())];
        match entry.status {
            Status::Planned { task: Some(id), .. } => {
                let plan = &self.ctx.analysis.work_plan;
                let title = plan.task(id).map_or(id.clone(), |t| t.title.clone());
                out.push((
                    NOTE,
                    self.s
                        .fill(key::pdf::checklist::PLANNED_BY, &[("task", &title)]),
                ));
            }
            Status::Planned { task: None, .. } => {
                out.push((
                    NOTE,
                    self.s.get(key::pdf::checklist::PLANNED_ANSWERS).to_string(),
                ));
            }
            Status::Open {
                reason: Some(reason),
            } => out.push((
                NOTE,
                self.s
                    .fill(key::pdf::checklist::OPEN_BECAUSE, &[("reason", reason)]),
            )),
            _ => {}
        }
        out
    }

    /// When an item is due, in words and as a date of the work plan.
    fn timing(&self, entry: &Entry) -> Cell {
        let item = entry.item;
        let milestone = self.ctx.model.checklists.milestone(&item.due);
        let words = item
            .timing
            .clone()
            .or_else(|| milestone.map(|m| m.title.clone()))
            .unwrap_or_default();
        let mut out = vec![(SMALL, words)];
        if let Some(d) = entry.due {
            out.push((
                NOTE,
                self.s
                    .fill(key::pdf::checklist::DUE, &[("date", &self.date(d))]),
            ));
        }
        out
    }

    /// The status word; a planned item adds the day its task ends.
    fn status_cell(&self, status: &Status) -> Cell {
        let word = self
            .s
            .keyed(key::pdf::checklist::status::PREFIX, status.id());
        let mut out = vec![(SMALL, word)];
        if let Status::Planned { end: Some(end), .. } = status {
            out.push((
                NOTE,
                self.s.fill(
                    key::pdf::checklist::PLANNED_END,
                    &[("date", &self.date(*end))],
                ),
            ));
        }
        out
    }
}
