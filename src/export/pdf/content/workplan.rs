//! The dated work plan: timeline, milestones and tasks.

use super::Document;
use crate::export::pdf::chart;
use crate::export::pdf::layout::{BODY, Layout};
use crate::export::pdf::table::{Align, Column, Table, bold, cell};
use crate::workplan::Task;

impl Document<'_> {
    pub(super) fn work_plan(&self, l: &mut Layout) {
        let s = self.s;
        let wp = &self.ctx.analysis.work_plan;
        l.paragraph(
            &s.fill(
                "pdf.workplan.intro",
                &[("start", &self.date(wp.start)), ("end", &self.date(wp.end))],
            ),
            BODY,
        );
        l.heading(1, s.get("pdf.workplan.timeline"));
        chart::gantt(l, wp, s);
        l.heading(1, s.get("pdf.workplan.milestones"));
        l.table(&self.milestone_table());
        l.heading(1, s.get("pdf.workplan.tasks"));
        l.table(&self.task_table());
    }

    fn milestone_table(&self) -> Table {
        let s = self.s;
        let mut t = Table::new(vec![
            Column::new(s.get("pdf.workplan.column.milestone"), 3.0),
            Column::new(s.get("pdf.workplan.column.owner"), 1.5),
            Column::new(s.get("pdf.workplan.column.date"), 1.2),
        ]);
        for m in self.ctx.analysis.work_plan.milestones() {
            t.row(vec![
                bold(m.title.clone()),
                cell(self.party_name(&m.owner)),
                cell(self.date(m.start)),
            ]);
        }
        t
    }

    fn task_table(&self) -> Table {
        let s = self.s;
        let mut t = Table::new(vec![
            Column::new(s.get("pdf.workplan.column.task"), 3.2),
            Column::new(s.get("pdf.workplan.column.owner"), 1.4),
            Column::new(s.get("pdf.workplan.column.start"), 1.1),
            Column::new(s.get("pdf.workplan.column.end"), 1.1),
            Column::new(s.get("pdf.workplan.column.days"), 0.85).align(Align::Right),
        ]);
        for phase in &self.ctx.analysis.work_plan.phases {
            t.group(phase.title.clone());
            for task in &phase.tasks {
                let (title, days) = if task.is_milestone() {
                    (
                        bold(task.title.clone()),
                        s.get("pdf.workplan.milestone").to_string(),
                    )
                } else {
                    (cell(self.task_title(task)), task.days.to_string())
                };
                t.row(vec![
                    title,
                    cell(self.task_owner(task)),
                    cell(self.date(task.start)),
                    cell(self.date(task.end)),
                    cell(days),
                ]);
            }
        }
        t
    }

    /// The task's title, naming the capacity gaps it closes.
    fn task_title(&self, task: &Task) -> String {
        if task.closes_gaps.is_empty() || task.is_gap_task() {
            return task.title.clone();
        }
        let q = &self.ctx.model.questionnaire;
        let areas: Vec<&str> = task
            .closes_gaps
            .iter()
            .map(|a| q.capacity_area(a).map_or(a.as_str(), |c| c.title.as_str()))
            .collect();
        self.s.fill(
            "pdf.workplan.closes",
            &[("title", &task.title), ("areas", &areas.join(", "))],
        )
    }

    /// Who owns the task, and who else does part of it.
    fn task_owner(&self, task: &Task) -> String {
        let owner = self.ctx.analysis.task_owner(task);
        if task.with.is_empty() {
            return owner;
        }
        let matrix = &self.ctx.analysis.matrix;
        let parties: Vec<String> = task.with.iter().map(|p| matrix.party_name(p)).collect();
        self.s.fill(
            "pdf.workplan.with",
            &[("owner", &owner), ("parties", &parties.join(", "))],
        )
    }
}
