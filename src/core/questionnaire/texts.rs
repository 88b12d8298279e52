//! The questionnaire's texts by key: `questionnaire.title`, `capacity_areas.ID.title`,
//! `sections.ID.title`, `questions.ID.prompt`, `questions.ID.options.ID.label`.

use super::{CapacityArea, Question, Questionnaire, Section};
use crate::core::texts::{Translation, Visit, apply, collect, visit, visit_some};

impl Questionnaire {
    /// Visits every text a person reads, with its key, in the order of the file.
    pub fn visit_texts(&mut self, v: &mut Visit) {
        visit(v, "questionnaire", "title", &mut self.title);
        visit_some(v, "questionnaire", "description", &mut self.description);
        self.capacity_areas
            .iter_mut()
            .for_each(|a| a.visit_texts(v));
        self.sections.iter_mut().for_each(|s| s.visit_texts(v));
    }

    /// The texts in English (or whatever language they are in now): (key, text).
    pub fn texts(&self) -> Vec<(String, String)> {
        let mut copy = self.clone();
        collect(|v| copy.visit_texts(v))
    }

    /// The questionnaire with each text replaced by its translation where it has one.
    pub fn translate(&mut self, translation: &Translation) {
        apply(|v| self.visit_texts(v), translation);
    }
}

impl CapacityArea {
    fn visit_texts(&mut self, v: &mut Visit) {
        let at = format!("capacity_areas.{}", self.id);
        visit(v, &at, "title", &mut self.title);
        visit_some(v, &at, "description", &mut self.description);
    }
}

impl Section {
    fn visit_texts(&mut self, v: &mut Visit) {
        let at = format!("sections.{}", self.id);
        visit(v, &at, "title", &mut self.title);
        visit(v, &at, "intro", &mut self.intro);
        self.questions.iter_mut().for_each(|q| q.visit_texts(v));
    }
}

impl Question {
    fn visit_texts(&mut self, v: &mut Visit) {
        let at = format!("questions.{}", self.id);
        visit(v, &at, "prompt", &mut self.prompt);
        visit(v, &at, "help", &mut self.help);
        visit_some(v, &at, "unit", &mut self.unit);
        for o in &mut self.options {
            let at = format!("{at}.options.{}", o.id);
            visit(v, &at, "label", &mut o.label);
            visit_some(v, &at, "explain", &mut o.explain);
        }
    }
}
