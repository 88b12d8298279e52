//! The appendix "Server checked on DATE": a preflight report of the production server,
//! attached to the plan it was checked against, for the sign-off file.

use super::Document;
use crate::base::key;
use crate::export::pdf::layout::{BODY, Layout};
use crate::export::pdf::table::{Column, Table, bold, cell};
use crate::export::server_check::Checked;

/// The time of the check in words, as the rest of the document writes times; as the
/// report gives it when that is not an RFC 3339 time.
fn checked_when(stamp: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(stamp) {
        Ok(t) => crate::export::pdf::time_words(t.with_timezone(&chrono::Utc)),
        Err(_) => stamp.to_string(),
    }
}

impl Document<'_> {
    /// The appendix, on a page of its own; nothing without a report.
    pub(super) fn server_check(&self, l: &mut Layout) {
        let Some(report) = self.server_check else {
            return;
        };
        let s = self.s;
        l.new_page();
        let when = checked_when(&report.checked_at);
        l.heading(0, &s.fill(key::pdf::appendix::HEADING, &[("date", &when)]));
        let intro = s.fill(
            key::pdf::appendix::INTRO,
            &[
                ("date", &when),
                ("plan", &report.plan),
                ("verdict", self.verdict_word(&report.verdict)),
            ],
        );
        l.lead_in(&intro, BODY);
        let mut t = Table::new(vec![
            Column::new(s.get(key::pdf::appendix::column::CHECK), 1.3),
            Column::new(s.get(key::pdf::appendix::column::RESULT), 0.8),
            Column::new(s.get(key::pdf::appendix::column::FOUND), 4.0),
        ]);
        for f in &report.findings {
            let verdict = bold(self.verdict_word(&f.verdict));
            t.row(vec![
                cell(self.check_title(&f.check)),
                verdict,
                cell(self.said(f)),
            ]);
        }
        l.table(&t);
    }

    /// A verdict of the report (`pass`, `warn`, `fail`, `not_checked`) in words.
    fn verdict_word(&self, verdict: &str) -> &str {
        let known = match verdict {
            "pass" => key::preflight::verdict::PASS,
            "warn" => key::preflight::verdict::WARN,
            "fail" => key::preflight::verdict::FAIL,
            "not_checked" => key::preflight::verdict::NOT_CHECKED,
            _ => return "?",
        };
        self.s.get(known)
    }

    fn check_title(&self, check: &str) -> String {
        self.s.keyed(key::preflight::check::PREFIX, check)
    }

    /// The finding in the document's language, from its id and values; as the report
    /// worded it when this catalogue does not know the id.
    fn said(&self, f: &Checked) -> String {
        if !self.s.contains(&f.id) {
            return f.message.clone();
        }
        let values: Vec<(&str, &str)> = f
            .values
            .iter()
            .map(|(k, v)| match f.texts.get(k) {
                Some(text) if self.s.contains(text) => (k.as_str(), self.s.get(text)),
                _ => (k.as_str(), v.as_str()),
            })
            .collect();
        self.s.fill(&f.id, &values)
    }
}
