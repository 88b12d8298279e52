//! The two protocols that must be in place before real cases are entered: where each
//! stands, and the work plan task that gets it signed.

use super::Document;
use crate::base::key;
use crate::core::answer::Answer;
use crate::export::pdf::layout::{BODY, Layout, NOTE, SMALL_BOLD};
use crate::export::pdf::table::{Cell, Column, Table, cell};

/// Each protocol: its question, the work plan task that gets it signed, and its texts'
/// keys (name, what it settles).
const PROTOCOLS: [(&str, &str, &str, &str); 2] = [
    (
        "isp_status",
        "information_sharing",
        key::pdf::protocols::ISP,
        key::pdf::protocols::ISP_WHAT,
    ),
    (
        "breach_protocol_status",
        "breach_protocol",
        key::pdf::protocols::BREACH,
        key::pdf::protocols::BREACH_WHAT,
    ),
];

impl Document<'_> {
    /// The protocols' table; nothing when neither status is answered.
    pub(super) fn protocols(&self, l: &mut Layout) {
        let s = self.s;
        let mut t = Table::new(vec![
            Column::new(s.get(key::pdf::protocols::column::PROTOCOL), 2.4),
            Column::new(s.get(key::pdf::protocols::column::STATUS), 0.9),
            Column::new(s.get(key::pdf::protocols::column::PLAN), 2.2),
            Column::new(s.get(key::pdf::protocols::column::OWNER), 1.3),
        ]);
        for (question, task, name, what) in PROTOCOLS {
            let status = self.answer_text(question);
            if status.is_empty() {
                continue;
            }
            let protocol: Cell = vec![
                (SMALL_BOLD, s.get(name).to_string()),
                (NOTE, s.get(what).to_string()),
            ];
            let (plan, owner) = self.protocol_task(question, task);
            t.row(vec![protocol, cell(status), cell(plan), cell(owner)]);
        }
        if t.rows.is_empty() {
            return;
        }
        l.heading(1, s.get(key::pdf::protocols::HEADING));
        l.lead_in(s.get(key::pdf::protocols::INTRO), BODY);
        l.table(&t);
    }

    /// What the work plan does about a protocol, and who owns that work.
    fn protocol_task(&self, question: &str, task: &str) -> (String, String) {
        let s = self.s;
        let none = self.or_dash(String::new());
        if matches!(self.answer(question), Some(Answer::Choice(c)) if c == "signed") {
            return (s.get(key::pdf::protocols::SIGNED).to_string(), none);
        }
        match self.ctx.analysis.work_plan.task(task) {
            Some(t) => (
                s.fill(
                    key::pdf::protocols::PLANNED,
                    &[("task", &t.title), ("date", &self.date(t.end))],
                ),
                self.ctx.analysis.task_owner(t),
            ),
            None => (s.get(key::pdf::protocols::NOT_SCHEDULED).to_string(), none),
        }
    }
}
