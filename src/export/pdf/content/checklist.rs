//! The security and compliance checklists, with columns to record completion by hand.

use super::Document;
use crate::checklist::{Checklist, Item, Status};
use crate::export::pdf::layout::{BODY, Layout, NOTE, SMALL, SMALL_BOLD};
use crate::export::pdf::table::{Align, Cell, Column, Table, cell};

/// Room in a row to write a date and initials by hand.
const HANDWRITING: f32 = 26.0;

impl Document<'_> {
    pub(super) fn checklists(&self, l: &mut Layout) {
        let (done, total) = self.checklist_counts();
        let counts = self.s.fill(
            "pdf.checklist.counts",
            &[("done", &done.to_string()), ("total", &total.to_string())],
        );
        l.paragraph(
            &format!("{} {counts}", self.s.get("pdf.checklist.intro")),
            BODY,
        );
        l.space(4.0);
        let mut number = 0;
        for list in self.ctx.model.checklists.lists() {
            l.heading(1, &list.title);
            l.lead_in(&list.intro, NOTE);
            l.table(&self.checklist_table(list, &mut number));
        }
    }

    /// (done, applicable) item counts over both lists.
    fn checklist_counts(&self) -> (usize, usize) {
        let answers = &self.ctx.plan.answers;
        let statuses: Vec<Status> = self
            .ctx
            .model
            .checklists
            .lists()
            .into_iter()
            .flat_map(|l| l.items.iter().map(|i| i.status(answers)))
            .collect();
        let done = statuses.iter().filter(|s| **s == Status::Done).count();
        let applicable = statuses
            .iter()
            .filter(|s| **s != Status::NotApplicable)
            .count();
        (done, applicable)
    }

    fn checklist_table(&self, list: &Checklist, number: &mut usize) -> Table {
        let s = self.s;
        let mut t = Table::new(vec![
            Column::new(s.get("pdf.checklist.column.number"), 0.35).align(Align::Right),
            Column::new(s.get("pdf.checklist.column.item"), 3.2),
            Column::new(s.get("pdf.checklist.column.timing"), 1.5),
            Column::new(s.get("pdf.checklist.column.owner"), 1.1),
            Column::new(s.get("pdf.checklist.column.status"), 0.75),
            Column::new(s.get("pdf.checklist.column.date"), 0.85),
            Column::new(s.get("pdf.checklist.column.initials"), 0.8),
        ]);
        t.min_row = HANDWRITING;
        for item in &list.items {
            *number += 1;
            t.row(vec![
                cell(number.to_string()),
                vec![(SMALL_BOLD, item.title.clone()), (NOTE, item.what.clone())],
                self.timing(item),
                cell(self.party_name(item.owner(self.ctx.analysis.option))),
                cell(self.item_status(item)),
                Vec::new(),
                Vec::new(),
            ]);
        }
        t
    }

    /// When an item is due, in words and as a date of the work plan.
    fn timing(&self, item: &Item) -> Cell {
        let milestone = self.ctx.model.checklists.milestone(&item.due);
        let words = item
            .timing
            .clone()
            .or_else(|| milestone.map(|m| m.title.clone()))
            .unwrap_or_default();
        let mut out = vec![(SMALL, words)];
        let lists = &self.ctx.model.checklists;
        if let Some(d) = lists.due_date(&item.due, &self.ctx.analysis.work_plan) {
            out.push((
                NOTE,
                self.s.fill("pdf.checklist.due", &[("date", &self.date(d))]),
            ));
        }
        out
    }

    fn item_status(&self, item: &Item) -> String {
        let key = match item.status(&self.ctx.plan.answers) {
            Status::Done => "pdf.checklist.status.done",
            Status::Open => "pdf.checklist.status.open",
            Status::NotApplicable => "pdf.checklist.status.not_applicable",
        };
        self.s.get(key).to_string()
    }
}
