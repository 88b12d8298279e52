//! The page "Changes since the signed version": for a plan signed before and changed since,
//! what moved, so the people who sign again read only that.

use super::Document;
use crate::base::key;
use crate::export::pdf::layout::{BODY, Layout};

impl Document<'_> {
    /// The page, after the cover; nothing when no earlier version is given.
    pub(super) fn since(&self, l: &mut Layout) {
        let Some(page) = self.since else {
            return;
        };
        let s = self.s;
        l.new_page();
        l.heading(0, s.get(key::diff::pdf::HEADING));
        let names = [("old", page.plan.as_str()), ("old_version", &page.version)];
        if page.parts.is_empty() {
            l.paragraph(&s.fill(key::diff::pdf::NONE, &names), BODY);
            return;
        }
        l.lead_in(&s.fill(key::diff::pdf::INTRO, &names), BODY);
        for (title, lines) in &page.parts {
            let lines: Vec<String> = lines.iter().map(|line| l.fonts.clean(line)).collect();
            l.heading(1, title);
            l.bullets(&lines, BODY);
        }
    }
}
