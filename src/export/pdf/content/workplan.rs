//! The dated work plan: timeline, milestones and tasks.

use super::Document;
use crate::base::key;
use crate::base::strings::comma_list;
use crate::core::workplan::Task;
use crate::export::pdf::chart;
use crate::export::pdf::layout::{BODY, Layout};
use crate::export::pdf::table::{Align, Column, Table, bold, cell};

impl Document<'_> {
    pub(super) fn work_plan(&self, l: &mut Layout) {
        let s = self.s;
        let wp = &self.ctx.analysis.work_plan;
        l.paragraph(
            &s.fill(
                key::pdf::workplan::INTRO,
                &[("start", &self.date(wp.start)), ("end", &self.date(wp.end))],
            ),
            BODY,
        );
        l.heading(1, s.get(key::pdf::workplan::TIMELINE));
        chart::gantt(l, wp, s);
        l.heading(1, s.get(key::pdf::workplan::MILESTONES));
        l.table(&self.milestone_table());
        l.heading(1, s.get(key::pdf::workplan::TASKS));
        l.table(&self.task_table());
    }

    fn milestone_table(&self) -> Table {
        let s = self.s;
        let mut t = Table::new(vec![
            Column::new(s.get(key::pdf::workplan::column::MILESTONE), 3.0),
            Column::new(s.get(key::pdf::workplan::column::OWNER), 1.5),
            Column::new(s.get(key::pdf::workplan::column::DATE), 1.2),
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
            Column::new(s.get(key::pdf::workplan::column::TASK), 3.2),
            Column::new(s.get(key::pdf::workplan::column::OWNER), 1.4),
            Column::new(s.get(key::pdf::workplan::column::START), 1.1),
            Column::new(s.get(key::pdf::workplan::column::END), 1.1),
            Column::new(s.get(key::pdf::workplan::column::DAYS), 0.85).align(Align::Right),
        ]);
        for phase in &self.ctx.analysis.work_plan.phases {
            t.group(phase.title.clone());
            for task in &phase.tasks {
                let (title, days) = if task.is_milestone() {
                    (
                        bold(task.title.clone()),
                        s.get(key::pdf::workplan::MILESTONE).to_string(),
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
            key::pdf::workplan::CLOSES,
            &[("title", &task.title), ("areas", &comma_list(&areas))],
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
            key::pdf::workplan::WITH,
            &[("owner", &owner), ("parties", &comma_list(&parties))],
        )
    }
}
