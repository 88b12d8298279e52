//! The work plan templates' texts by key, under `workplan.` in a model:
//! `phases.ID.title`, `tasks.ID.title`, `gaps.title` and `os.title.OPTION`.

use super::Templates;
use crate::core::texts::{Visit, visit};

impl Templates {
    /// Visits every text a person reads, with its key.
    pub fn visit_texts(&mut self, v: &mut Visit) {
        for (id, title) in &mut self.phases {
            visit(v, &format!("phases.{id}"), "title", title);
        }
        for task in &mut self.tasks {
            visit(v, &format!("tasks.{}", task.id), "title", &mut task.title);
        }
        visit(v, "gaps", "title", &mut self.gaps.title);
        if let Some(os) = &mut self.os {
            for (option, title) in &mut os.title {
                visit(v, "os.title", option.id(), title);
            }
        }
    }
}
