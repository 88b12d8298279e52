//! The question flow every interactive front-end shares: which question comes next, going
//! back, jumping between sections, and how far each section has got. The full-screen wizard
//! and the line-by-line mode both drive a [`Session`], so they ask the same questions in the
//! same order and check answers with the same messages.
//!
//! A session never touches files: after each change the front-end saves `session.plan`.

use crate::base::diag::Diagnostic;
use crate::base::key;
use crate::core::answer::Answer;
use crate::core::plan::Plan;
use crate::core::questionnaire::{Question, Questionnaire, Section, Shown};
use chrono::{DateTime, Utc};

/// How far a section has got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    /// No question of the section is answered yet.
    NotStarted,
    /// Some answers, but a required question is still open.
    Partly,
    /// Every required question shown is answered.
    Done,
    /// Every question of the section is hidden by other answers.
    Skipped,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SectionProgress<'q> {
    pub section: &'q Section,
    pub answered: usize,
    pub shown: usize,
    pub state: Progress,
}

/// Where a plan stands, worked out in one pass for a screen that shows it all.
#[derive(Clone, Debug, PartialEq)]
pub struct Overview<'q> {
    pub progress: Vec<SectionProgress<'q>>,
    /// 1-based place of the current question among those shown (the count of them at
    /// the end), and how many are shown.
    pub position: (usize, usize),
    /// Progress by sections, the numbers the front-ends show.
    pub steps: Steps,
    /// Required questions shown but not answered, in order.
    pub missing: Vec<&'q Question>,
}

/// Progress told in numbers that only move one way while a plan is answered in order: an
/// answer may reveal questions, so a count of questions would grow under the person's eyes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Steps {
    /// 1-based place of the current question's section among the sections counted; `None`
    /// past the last question.
    pub section: Option<usize>,
    /// Sections that apply: those before the current one with a question shown, and every
    /// one from the current on, which a later answer may still reveal. Passing a section
    /// that stays hidden makes it smaller, never larger.
    pub sections: usize,
    /// Sections that apply with every required question shown answered.
    pub done: usize,
    /// Questions shown after the current one in its section.
    pub left_in_section: usize,
}

/// A plan being answered, with the question the person is at.
#[derive(Clone, Debug)]
pub struct Session<'q> {
    questionnaire: &'q Questionnaire,
    pub plan: Plan,
}

impl<'q> Session<'q> {
    /// Opens a plan where it was left: at its recorded question if that is still shown,
    /// else at the first required question still open, else at the end.
    pub fn new(questionnaire: &'q Questionnaire, mut plan: Plan) -> Session<'q> {
        let shown = questionnaire.visibility(&plan.answers);
        let resumable = plan
            .resume_at
            .as_deref()
            .is_some_and(|id| shown.get(id).copied().unwrap_or(false));
        if !resumable {
            plan.resume_at = shown.missing_required().first().map(|q| q.id.clone());
        }
        Session {
            questionnaire,
            plan,
        }
    }

    pub fn questionnaire(&self) -> &'q Questionnaire {
        self.questionnaire
    }

    /// The question being asked; `None` once past the last one.
    pub fn current(&self) -> Option<&'q Question> {
        self.plan
            .resume_at
            .as_deref()
            .and_then(|id| self.questionnaire.question(id))
    }

    pub fn answer_of(&self, id: &str) -> Option<&Answer> {
        self.plan.answers.get(id)
    }

    /// The questions shown with the current answers, in order.
    pub fn shown(&self) -> Vec<&'q Question> {
        self.questionnaire.visible_questions(&self.plan.answers)
    }

    /// 1-based place of the current question among those shown, and how many are shown.
    pub fn position(&self) -> (usize, usize) {
        self.position_among(&self.questionnaire.visibility(&self.plan.answers))
    }

    /// [`Session::position`], with the questions shown already worked out.
    fn position_among(&self, shown: &Shown) -> (usize, usize) {
        let current = self.plan.resume_at.as_deref();
        let mut place = None;
        let mut count = 0;
        for q in shown.questions() {
            count += 1;
            if Some(q.id.as_str()) == current {
                place = Some(count);
            }
        }
        (place.unwrap_or(count), count)
    }

    /// Records an answer to the current question and moves to the next question shown.
    /// On a bad answer nothing changes and the message says what would be right.
    /// Options of a multiple choice are kept in the questionnaire's order, whatever order
    /// they were picked in, so every front-end saves the same choice the same way.
    pub fn answer(&mut self, answer: Answer, now: DateTime<Utc>) -> Result<(), Diagnostic> {
        let Some(q) = self.current() else {
            return Err(Diagnostic::error(key::load::answer::ALL_ASKED, Vec::new()));
        };
        let answer = match answer {
            Answer::Choices(mut ids) => {
                let place = |id: &String| q.options.iter().position(|o| &o.id == id);
                ids.sort_by_key(place);
                Answer::Choices(ids)
            }
            other => other,
        };
        self.plan.set(self.questionnaire, &q.id, answer, now)?;
        self.advance();
        Ok(())
    }

    /// Reads what was typed for the current question, then as [`Session::answer`].
    pub fn answer_text(&mut self, input: &str, now: DateTime<Utc>) -> Result<(), Diagnostic> {
        let Some(q) = self.current() else {
            return Err(Diagnostic::error(key::load::answer::ALL_ASKED, Vec::new()));
        };
        let answer = q.parse_input(input)?;
        self.answer(answer, now)
    }

    /// Removes the current question's answer and stays on it.
    pub fn clear(&mut self, now: DateTime<Utc>) {
        if let Some(q) = self.current() {
            self.plan.clear(&q.id, now);
        }
    }

    /// Moves on without answering (a required question stays open).
    pub fn skip(&mut self) {
        self.advance();
    }

    /// Goes to the previous question shown; false when already at the first.
    pub fn back(&mut self) -> bool {
        let shown = self.shown();
        let before = match self.current() {
            Some(c) => shown
                .iter()
                .position(|q| q.id == c.id)
                .and_then(|i| i.checked_sub(1)),
            None => shown.len().checked_sub(1),
        };
        match before {
            Some(i) => {
                self.plan.resume_at = Some(shown[i].id.clone());
                true
            }
            None => false,
        }
    }

    /// Goes to a question if it is shown; false otherwise.
    pub fn go_to(&mut self, id: &str) -> bool {
        let shown = self.questionnaire.visibility(&self.plan.answers);
        if shown.get(id).copied().unwrap_or(false) {
            self.plan.resume_at = Some(id.to_string());
            true
        } else {
            false
        }
    }

    /// Goes past the last question, where a front-end shows the results.
    pub fn finish(&mut self) {
        self.plan.resume_at = None;
    }

    /// Index of the section holding the current question (the last one at the end).
    pub fn section_index(&self) -> usize {
        let sections = &self.questionnaire.sections;
        self.current()
            .and_then(|c| self.questionnaire.section_index_of(&c.id))
            .unwrap_or(sections.len().saturating_sub(1))
    }

    /// Goes to the first question of the section `step` sections away that has a question
    /// shown; false when there is none that way.
    pub fn jump_section(&mut self, step: isize) -> bool {
        let count = self.questionnaire.sections.len() as isize;
        // Past the last question, going back starts with the last section itself.
        let from = match self.current() {
            Some(_) => self.section_index() as isize,
            None => count,
        };
        let mut i = from + step.signum();
        while (0..count).contains(&i) {
            if self.go_to_section(i as usize) {
                return true;
            }
            i += step.signum();
        }
        false
    }

    /// Goes to the first shown question of section `index`; false when none is shown.
    pub fn go_to_section(&mut self, index: usize) -> bool {
        if index >= self.questionnaire.sections.len() {
            return false;
        }
        let shown = self.questionnaire.visibility(&self.plan.answers);
        match shown.in_section(index).next().map(|(q, _)| q) {
            Some(q) => {
                self.plan.resume_at = Some(q.id.clone());
                true
            }
            None => false,
        }
    }

    /// Every required question shown is answered.
    pub fn is_complete(&self) -> bool {
        self.questionnaire
            .missing_required(&self.plan.answers)
            .is_empty()
    }

    pub fn progress(&self) -> Vec<SectionProgress<'q>> {
        section_progress(self.questionnaire, &self.plan)
    }

    /// Progress, position, count of answers and the questions still missing, from one
    /// reading of the conditions.
    pub fn overview(&self) -> Overview<'q> {
        let shown = self.questionnaire.visibility(&self.plan.answers);
        let progress = progress_from(self.questionnaire, &shown);
        Overview {
            steps: self.steps_from(&shown, &progress),
            position: self.position_among(&shown),
            missing: shown.missing_required(),
            progress,
        }
    }

    /// Progress by sections, from the progress of each.
    pub fn steps(&self) -> Steps {
        let shown = self.questionnaire.visibility(&self.plan.answers);
        self.steps_from(&shown, &progress_from(self.questionnaire, &shown))
    }

    fn steps_from(&self, shown: &Shown, progress: &[SectionProgress]) -> Steps {
        // Past the last question every section is behind, so only those shown count.
        let here = self.current().map(|_| self.section_index());
        let from = here.unwrap_or(progress.len());
        let behind = progress[..from]
            .iter()
            .filter(|p| p.state != Progress::Skipped)
            .count();
        let (done, _) = sections_done(progress);
        Steps {
            section: here.map(|_| behind + 1),
            sections: behind + (progress.len() - from),
            done,
            left_in_section: self.left_in_section(shown),
        }
    }

    /// Questions shown after the current one in its section.
    fn left_in_section(&self, shown: &Shown) -> usize {
        let Some(current) = self.current() else {
            return 0;
        };
        let index = self.section_index();
        shown
            .in_section(index)
            .skip_while(|(q, _)| q.id != current.id)
            .count()
            .saturating_sub(1)
    }

    /// The next shown question after the current one, with visibility as the answers now
    /// stand: an answer may reveal or hide the questions after it.
    fn advance(&mut self) {
        let shown = self.questionnaire.visibility(&self.plan.answers);
        let next = self.current().and_then(|c| shown.next_after(&c.id));
        self.plan.resume_at = next.map(|q| q.id.clone());
    }
}

/// How far each section of a plan has got.
pub fn section_progress<'q>(q: &'q Questionnaire, plan: &Plan) -> Vec<SectionProgress<'q>> {
    progress_from(q, &q.visibility(&plan.answers))
}

/// How many sections apply to the answers (those with a question shown), and how many of
/// them are done.
pub fn sections_done(progress: &[SectionProgress]) -> (usize, usize) {
    let apply = progress
        .iter()
        .filter(|p| p.state != Progress::Skipped)
        .count();
    let done = progress
        .iter()
        .filter(|p| p.state == Progress::Done)
        .count();
    (done, apply)
}

/// How far each section has got, from the questions `shown` for the answers.
pub fn progress_from<'q>(q: &'q Questionnaire, shown: &Shown) -> Vec<SectionProgress<'q>> {
    q.sections
        .iter()
        .enumerate()
        .map(|(index, section)| {
            let visible: Vec<(&Question, bool)> = shown.in_section(index).collect();
            let answered = visible.iter().filter(|(_, answered)| *answered).count();
            let open_required = visible.iter().any(|(x, answered)| x.required && !answered);
            let state = if visible.is_empty() {
                Progress::Skipped
            } else if answered == 0 {
                Progress::NotStarted
            } else if open_required {
                Progress::Partly
            } else {
                Progress::Done
            };
            SectionProgress {
                section,
                answered,
                shown: visible.len(),
                state,
            }
        })
        .collect()
}
