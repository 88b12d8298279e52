//! The decision rules' texts by key, under `decision.` in a model:
//! `capacity.OPTION.needs`, `texts.NAME`, `rules.ID.reason`, `rules.ID.warning`,
//! `mitigations.ID.gap` and `mitigations.ID.partly`.

use super::Rules;
use crate::core::texts::{Visit, visit, visit_some};

impl Rules {
    /// Visits every text a person reads, with its key.
    pub fn visit_texts(&mut self, v: &mut Visit) {
        for (option, weight) in &mut self.capacity {
            visit(
                v,
                &format!("capacity.{}", option.id()),
                "needs",
                &mut weight.needs,
            );
        }
        let t = &mut self.texts;
        visit(v, "texts", "capacity_reason", &mut t.capacity_reason);
        visit(v, "texts", "capacity_unknown", &mut t.capacity_unknown);
        visit(v, "texts", "all_blocked", &mut t.all_blocked);
        for rule in &mut self.rules {
            let at = format!("rules.{}", rule.id);
            visit_some(v, &at, "reason", &mut rule.reason);
            visit_some(v, &at, "warning", &mut rule.warning);
        }
        if let Some(b) = &mut self.budget {
            visit(v, "budget", "reason", &mut b.reason);
        }
        for m in self.mitigations.values_mut().flatten() {
            let at = format!("mitigations.{}", m.id);
            visit(v, &at, "gap", &mut m.gap.text);
            visit(v, &at, "partly", &mut m.partly.text);
        }
    }
}
