//! The checklists' texts by key, under `checklists.` in a model:
//! `milestones.ID.title` and `.description`, `contexts.ID.title`, and for each list
//! (`openfn_security`, `primero_security`, `ncsc`) `LIST.title`, `LIST.intro`,
//! `LIST.items.ID.title`, `.what`, `.timing` and `.open_when.RULE.reason`.

use super::{Checklist, Checklists, Context};
use crate::core::texts::{Visit, visit, visit_some};

impl Checklists {
    /// Visits every text a person reads, with its key.
    pub fn visit_texts(&mut self, v: &mut Visit) {
        for m in &mut self.milestones {
            let at = format!("milestones.{}", m.id);
            visit(v, &at, "title", &mut m.title);
            visit(v, &at, "description", &mut m.description);
        }
        for c in &mut self.contexts {
            visit(v, &format!("contexts.{}", c.id), "title", &mut c.title);
        }
        for list in [
            &mut self.openfn_security,
            &mut self.primero_security,
            &mut self.ncsc,
        ] {
            list.visit_texts(v);
            // An item holds a copy of its context: it reads as the context now does.
            for item in &mut list.items {
                if let Some(copy) = &mut item.applies_when {
                    same_as(copy, &self.contexts);
                }
            }
        }
    }
}

fn same_as(copy: &mut Context, contexts: &[Context]) {
    if let Some(c) = contexts.iter().find(|c| c.id == copy.id) {
        copy.title.clone_from(&c.title);
    }
}

impl Checklist {
    fn visit_texts(&mut self, v: &mut Visit) {
        visit(v, &self.id, "title", &mut self.title);
        visit(v, &self.id, "intro", &mut self.intro);
        for item in &mut self.items {
            let at = format!("{}.items.{}", self.id, item.id);
            visit(v, &at, "title", &mut item.title);
            visit(v, &at, "what", &mut item.what);
            visit_some(v, &at, "timing", &mut item.timing);
            for rule in &mut item.open_when {
                let at = format!("{at}.open_when.{}", rule.id);
                visit(v, &at, "reason", &mut rule.reason);
            }
        }
    }
}
