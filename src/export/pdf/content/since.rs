//! The page "Changes since the signed version": for a plan signed before and changed since,
//! what moved, so the people who sign again read only that.

use super::Document;
use crate::base::key;
use crate::export::diff::Part;
use crate::export::pdf::layout::{BODY, Layout};

impl Document<'_> {
    /// The page, after the cover; nothing when no earlier version is given.
    pub(super) fn since(&self, l: &mut Layout) {
        let Some(since) = self.since else {
            return;
        };
        let s = self.s;
        l.new_page();
        l.heading(0, s.get(key::diff::pdf::HEADING));
        let names = [
            ("old", since.plan.as_str()),
            ("old_version", &since.version),
        ];
        if since.changes.is_empty() {
            l.paragraph(&s.fill(key::diff::pdf::NONE, &names), BODY);
            return;
        }
        l.lead_in(&s.fill(key::diff::pdf::INTRO, &names), BODY);
        for part in Part::ALL {
            let lines: Vec<String> = since
                .changes
                .iter()
                .filter(|c| c.part == part)
                .map(|c| l.fonts.clean(&c.words(s)))
                .collect();
            if lines.is_empty() {
                continue;
            }
            l.heading(1, s.get(part.title()));
            l.bullets(&lines, BODY);
        }
    }
}
