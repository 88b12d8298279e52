//! The matrix's texts by key, under `responsibilities.` in a model: `legend.CODE.meaning`
//! (the code in lower case, `n/a` as `n_a`), `support_levels.level_N.title` and
//! `.description`, `parties.ID.name`, `.short`, `.description` and `.name_from`,
//! `groups.ID.title`, and `activities.ID.title`, `.description` and `.note_from`.

use super::{Activity, Matrix, Party};
use crate::core::texts::{Visit, visit};

impl Matrix {
    /// Visits every text a person reads, with its key.
    pub fn visit_texts(&mut self, v: &mut Visit) {
        for entry in &mut self.legend {
            let at = format!("legend.{}", legend_key(&entry.code));
            visit(v, &at, "meaning", &mut entry.meaning);
        }
        for level in &mut self.support_levels {
            let at = format!("support_levels.level_{}", level.level);
            visit(v, &at, "title", &mut level.title);
            visit(v, &at, "description", &mut level.description);
        }
        self.parties.iter_mut().for_each(|p| p.visit_texts(v));
        for group in &mut self.groups {
            visit(
                v,
                &format!("groups.{}", group.id),
                "title",
                &mut group.title,
            );
        }
        self.activities.iter_mut().for_each(|a| a.visit_texts(v));
    }
}

/// A legend code as a key: `AR` is `ar`, `n/a` is `n_a`.
fn legend_key(code: &str) -> String {
    code.to_ascii_lowercase().replace('/', "_")
}

impl Party {
    fn visit_texts(&mut self, v: &mut Visit) {
        let at = format!("parties.{}", self.id);
        visit(v, &at, "name", &mut self.name);
        visit(v, &at, "short", &mut self.short);
        visit(v, &at, "description", &mut self.description);
        if let Some(from) = &mut self.name_from {
            visit(v, &at, "name_from", &mut from.text);
        }
    }
}

impl Activity {
    fn visit_texts(&mut self, v: &mut Visit) {
        let at = format!("activities.{}", self.id);
        visit(v, &at, "title", &mut self.title);
        visit(v, &at, "description", &mut self.description);
        if let Some(from) = &mut self.note_from {
            visit(v, &at, "note_from", &mut from.text);
        }
    }
}
