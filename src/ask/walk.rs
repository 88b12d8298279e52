//! The questions, one after another, on the shared [`Session`]: the order, the conditions
//! and the checks are the core's; this module only asks and records.

use super::ui::{Item, Prompter, Purpose, Reply};
use crate::analysis::Analysis;
use crate::analysis::adoption::{self, Advice};
use crate::base::key;
use crate::base::strings::{fill, get};
use crate::core::answer::{Answer, Level};
use crate::core::flow::Session;
use crate::core::model::Model;
use crate::core::plan::Plan;
use crate::core::questionnaire::{Kind, Question};

/// Where a walk stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    /// Past the last question asked.
    Asked,
    /// The person stopped (Ctrl-C, or the input ended).
    Quit,
}

/// Which questions a walk goes through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Every question shown, from the current one on.
    Every,
    /// Only required questions still open, from the current one on.
    Open,
}

/// Saves the plan after each step; an error stops the walk.
pub type Save<'a> = &'a mut dyn FnMut(&Plan) -> anyhow::Result<()>;

/// What was given at a prompt, before the core checks it.
enum Given {
    Answer(Answer),
    Text(String),
    Leave,
}

enum Step {
    Moved,
    Back,
    Quit,
}

pub struct Walk<'w, 'q> {
    pub session: &'w mut Session<'q>,
    pub ui: &'w mut dyn Prompter,
    pub save: Save<'w>,
    /// The section whose title was shown last, so a title is shown on entering a section.
    shown_section: Option<usize>,
    /// What the results are worked out with, for the advice some questions come with.
    model: Option<&'w Model>,
}

impl<'w, 'q> Walk<'w, 'q> {
    pub fn new(session: &'w mut Session<'q>, ui: &'w mut dyn Prompter, save: Save<'w>) -> Self {
        Walk {
            session,
            ui,
            save,
            shown_section: None,
            model: None,
        }
    }

    /// Questions that come with advice (the adoption question) show it, worked out with
    /// `model` from the answers as they stand.
    pub fn with_model(mut self, model: Option<&'w Model>) -> Self {
        self.model = model;
        self
    }

    /// Asks until past the last question of `scope` or until the person stops; saves the
    /// plan after every step, so stopping anywhere loses nothing.
    pub fn run(&mut self, scope: Scope) -> anyhow::Result<End> {
        if scope == Scope::Open {
            self.next_open(None);
        }
        while let Some(q) = self.session.current() {
            let advice = self.advice(q);
            self.heading(q, advice.as_ref());
            match self.ask(q, advice.as_ref()) {
                Step::Quit => return Ok(End::Quit),
                Step::Back => {
                    if !self.session.back() {
                        self.ui.say(get(key::ask::question::FIRST));
                    }
                }
                Step::Moved if scope == Scope::Open => self.next_open(Some(&q.id)),
                Step::Moved => {}
            }
            (self.save)(&self.session.plan)?;
        }
        Ok(End::Asked)
    }

    /// Goes to the first required question still open after `after` (from the start when
    /// `None`), or past the end when there is none.
    fn next_open(&mut self, after: Option<&str>) {
        let q = self.session.questionnaire();
        let open = q.missing_required(&self.session.plan.answers);
        let mut rest = q.questions();
        if let Some(id) = after {
            // Past `after` itself.
            rest.find(|x| x.id == id);
        }
        match rest.find(|x| open.iter().any(|o| o.id == x.id)) {
            Some(next) => {
                self.session.go_to(&next.id);
            }
            None => self.session.finish(),
        }
    }

    /// The advice to show with `q`, from the answers as they stand.
    fn advice(&self, q: &Question) -> Option<Advice> {
        let model = self.model.filter(|_| adoption::advises(&q.id))?;
        let today = chrono::Local::now().date_naive();
        let a = Analysis::with_builtin_figures(model, &self.session.plan.answers, today);
        adoption::advice(
            &model.questionnaire,
            &a,
            &q.id,
            crate::base::strings::Strings::builtin(),
        )
    }

    fn heading(&mut self, q: &Question, advice: Option<&Advice>) {
        let index = self.session.section_index();
        let steps = self.session.steps();
        if self.shown_section != Some(index) {
            self.shown_section = Some(index);
            let section = &self.session.questionnaire().sections[index];
            self.ui.say("");
            self.ui.say(&fill(
                key::ask::section::HEADING,
                &[
                    ("at", &steps.section.unwrap_or(0).to_string()),
                    ("count", &steps.sections.to_string()),
                    ("done", &steps.done.to_string()),
                    ("title", &section.title),
                ],
            ));
            if !section.intro.is_empty() {
                self.ui.say(&section.intro);
            }
        }
        let key = if q.required || advice.is_some_and(|a| a.required) {
            key::ask::question::HEADING_REQUIRED
        } else {
            key::ask::question::HEADING
        };
        let place = match steps.left_in_section {
            0 => get(key::ask::question::PLACE_LAST).to_string(),
            n => fill(key::ask::question::PLACE_LEFT, &[("left", &n.to_string())]),
        };
        self.ui.say("");
        self.ui.say(&fill(key, &[("where", &place)]));
        self.ui.say(&q.prompt);
        if !q.help.is_empty() {
            self.ui.say(&q.help);
        }
        if let Some(advice) = advice {
            self.ui.say(&advice.heading);
            for point in &advice.points {
                self.ui.say(&format!("  • {point}"));
            }
        }
        if !is_list(q.kind) {
            self.ui.say(&fill(
                key::ask::question::EXPECTED,
                &[("form", &q.expected_form())],
            ));
        }
        if let Some(a) = self.session.answer_of(&q.id) {
            self.ui.say(&fill(
                key::ask::question::CURRENT,
                &[("answer", &a.display(q))],
            ));
        }
    }

    /// Asks `q` until an answer is accepted or the person leaves it, goes back or stops.
    fn ask(&mut self, q: &'q Question, advice: Option<&Advice>) -> Step {
        loop {
            let given = match q.kind {
                Kind::SingleChoice | Kind::YesPartlyNo => self.pick_one(q, advice),
                Kind::MultiChoice => self.pick_many(q),
                _ => self.type_in(q),
            };
            let now = chrono::Utc::now();
            let result = match given {
                Reply::Quit => return Step::Quit,
                Reply::Back => return Step::Back,
                Reply::Value(Given::Leave) => {
                    self.leave(q);
                    return Step::Moved;
                }
                Reply::Value(Given::Answer(a)) => self.session.answer(a, now),
                Reply::Value(Given::Text(t)) => self.session.answer_text(&t, now),
            };
            match result {
                Ok(()) => {
                    if let Some(a) = self.session.plan.answers.get(&q.id) {
                        self.ui.recorded(&a.display(q));
                    }
                    return Step::Moved;
                }
                Err(problem) => self.ui.say(&fill(
                    key::ask::question::REJECTED,
                    &[("message", &problem.message())],
                )),
            }
        }
    }

    /// Leaves `q` unanswered (clearing an earlier answer) and moves on.
    fn leave(&mut self, q: &Question) {
        if self.session.answer_of(&q.id).is_some() {
            self.session.clear(chrono::Utc::now());
            self.ui.say(get(key::ask::question::CLEARED));
        } else {
            self.ui.recorded(get(key::ask::question::LEFT));
        }
        if q.required {
            self.ui.say(get(key::ask::question::LEFT_REQUIRED));
        }
        self.session.skip();
    }

    /// A single choice or yes / partly / no, from a list that ends with "leave unanswered";
    /// the answer given before, else the one advised, else the default is offered.
    fn pick_one(&mut self, q: &Question, advice: Option<&Advice>) -> Reply<Given> {
        let answers = list_answers(q);
        let mut items: Vec<Item> = answers.iter().map(|a| item(q, a, advice)).collect();
        items.push(Item::new(get(key::ask::question::LEAVE)));
        let offered = self
            .session
            .answer_of(&q.id)
            .or(advice.and_then(|a| a.offer.as_ref()))
            .or(q.default.as_ref())
            .and_then(|a| answers.iter().position(|x| x == a))
            .unwrap_or(answers.len());
        self.ui
            .pick(&items, offered, Purpose::Answer)
            .map(|i| match answers.get(i) {
                Some(a) => Given::Answer(a.clone()),
                None => Given::Leave,
            })
    }

    /// Any of a question's options; ticking none leaves it unanswered.
    fn pick_many(&mut self, q: &Question) -> Reply<Given> {
        let items: Vec<Item> = q
            .options
            .iter()
            .map(|o| item(q, &Answer::Choice(o.id.clone()), None))
            .collect();
        let ticked: Vec<usize> = match self.session.answer_of(&q.id).or(q.default.as_ref()) {
            Some(Answer::Choices(ids)) => ids
                .iter()
                .filter_map(|id| q.options.iter().position(|o| &o.id == id))
                .collect(),
            _ => Vec::new(),
        };
        self.ui.pick_many(&items, &ticked).map(|chosen| {
            if chosen.is_empty() {
                Given::Leave
            } else {
                Given::Answer(Answer::Choices(
                    chosen.iter().map(|&i| q.options[i].id.clone()).collect(),
                ))
            }
        })
    }

    /// A typed answer, read by the core; Enter keeps the answer or default offered.
    fn type_in(&mut self, q: &Question) -> Reply<Given> {
        let offered = self
            .session
            .answer_of(&q.id)
            .or(q.default.as_ref())
            .map(Answer::to_plain);
        match self.ui.line(
            get(key::ask::prompt::ANSWER),
            offered.as_deref(),
            Purpose::Answer,
        ) {
            Reply::Value(t) if t.is_empty() || t == get(key::ask::lines::CLEAR) => {
                Reply::Value(Given::Leave)
            }
            Reply::Value(t) if t == get(key::ask::lines::BACK) => Reply::Back,
            Reply::Value(t) => Reply::Value(Given::Text(t)),
            Reply::Back => Reply::Back,
            Reply::Quit => Reply::Quit,
        }
    }
}

/// Kinds answered from a list rather than typed.
fn is_list(kind: Kind) -> bool {
    kind.is_choice() || kind == Kind::YesPartlyNo
}

/// The answers a single-choice or yes / partly / no question offers, in order.
fn list_answers(q: &Question) -> Vec<Answer> {
    match q.kind {
        Kind::YesPartlyNo => Level::ALL.into_iter().map(Answer::Level).collect(),
        _ => q
            .options
            .iter()
            .map(|o| Answer::Choice(o.id.clone()))
            .collect(),
    }
}

/// An answer as a list entry: its label, with what the option is to this plan when the
/// advice says ("recommended", or the rule that rules it out) before its own explanation.
fn item(q: &Question, answer: &Answer, advice: Option<&Advice>) -> Item {
    let (explain, note) = match answer {
        Answer::Choice(id) => (
            q.option(id).and_then(|o| o.explain.clone()),
            advice.and_then(|a| a.note(id)),
        ),
        _ => (None, None),
    };
    let note = note.map(|n| n.why.clone().unwrap_or_else(|| n.tag.clone()));
    let detail = match (note, explain) {
        (Some(n), Some(e)) => Some(format!("{n}. {e}")),
        (n, e) => n.or(e),
    };
    Item {
        label: answer.display(q),
        detail,
        key: Some(answer.to_plain()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ask::ui::Lines;
    use crate::base::diag::Source;
    use crate::core::questionnaire::{Questionnaire, parse};

    const MINI: &str = include_str!("../../tests/fixtures/mini.toml");

    fn mini() -> Questionnaire {
        parse(Source::new("mini.toml", MINI)).expect("valid").0
    }

    /// Runs a walk on `plan` with typed `input`; the end, the plan, the transcript and how
    /// many times the plan was saved.
    fn walk(
        q: &Questionnaire,
        plan: Plan,
        input: &str,
        scope: Scope,
    ) -> (End, Plan, String, usize) {
        let mut session = Session::new(q, plan);
        let mut ui = Lines::new(input.as_bytes(), Vec::new(), true);
        let mut saves = 0;
        let mut save = |_: &Plan| -> anyhow::Result<()> {
            saves += 1;
            Ok(())
        };
        let end = Walk::new(&mut session, &mut ui, &mut save)
            .run(scope)
            .expect("no save fails");
        let out = String::from_utf8(ui.into_output()).unwrap();
        (end, session.plan, out, saves)
    }

    fn new_plan(q: &Questionnaire) -> Plan {
        Plan::new(q, chrono::Utc::now())
    }

    /// A new plan with these answers.
    fn plan_with(q: &Questionnaire, answers: &[(&str, Answer)]) -> Plan {
        let mut plan = new_plan(q);
        for (id, answer) in answers {
            plan.set(q, id, answer.clone(), chrono::Utc::now()).unwrap();
        }
        plan
    }

    #[test]
    fn a_whole_walk_records_every_kind_and_saves_after_each_step() {
        let q = mini();
        let input =
            "2\n\n12.5\n1, 2\nyes\ncpims.example.org\nops@example.org\n2027-03-01\nKalmaria\n";
        let (end, plan, out, saves) = walk(&q, new_plan(&q), input, Scope::Every);
        assert_eq!(end, End::Asked);
        let a = &plan.answers;
        assert_eq!(a["hosting"], Answer::Choice("tier4".into()));
        assert_eq!(
            a["records"],
            Answer::Integer(1000),
            "Enter takes the default"
        );
        assert_eq!(a["growth"], Answer::Decimal(12.5));
        assert_eq!(
            a["languages"],
            Answer::Choices(vec!["en".into(), "fr".into()])
        );
        assert_eq!(a["cap_docker"], Answer::Level(Level::Yes));
        assert_eq!(a["contact"], Answer::Text("ops@example.org".into()));
        assert_eq!(saves, 9);
        assert!(
            out.contains("Section 1 of 2 (0 done): Basics\nThe first questions.\n"),
            "{out}"
        );
        assert!(
            out.contains(
                "Question (4 left in this section, required)\nWhere will it run?\nPick one.\n"
            ),
            "{out}"
        );
        assert!(
            out.contains("Answer: [1000] \nRecorded: 1,000 records\n"),
            "{out}"
        );
        assert!(
            out.contains("Section 2 of 2 (1 done): Configuration\n"),
            "{out}"
        );
    }

    #[test]
    fn a_rejected_answer_says_why_on_its_own_line_and_asks_again() {
        let q = mini();
        let input = "3\nlots\n-5\n42\n";
        let (end, plan, out, _) = walk(&q, new_plan(&q), input, Scope::Every);
        assert_eq!(end, End::Quit, "the input ran out");
        assert_eq!(plan.answers["records"], Answer::Integer(42));
        assert!(
            out.contains("Answer: [1000] lots\nNot accepted: `lots` is not a whole number"),
            "{out}"
        );
        assert!(
            out.contains("Not accepted: -5 is below the minimum 0"),
            "{out}"
        );
        assert_eq!(plan.resume_at.as_deref(), Some("growth"));
    }

    #[test]
    fn back_returns_to_the_question_before_and_keeps_its_answer_on_offer() {
        let q = mini();
        let input = "<\n3\n<\n<\n\n";
        let (_, plan, out, _) = walk(&q, new_plan(&q), input, Scope::Every);
        assert!(out.contains("This is the first question"), "{out}");
        assert!(out.contains("Answered so far: Fully local\n"), "{out}");
        assert!(
            out.contains("Your choice [3]:"),
            "the answer is offered: {out}"
        );
        assert_eq!(plan.answers["hosting"], Answer::Choice("local".into()));
        assert_eq!(plan.resume_at.as_deref(), Some("records"));
    }

    #[test]
    fn leaving_and_clearing_answers() {
        let q = mini();
        let mut plan = plan_with(
            &q,
            &[
                ("growth", Answer::Decimal(3.0)),
                ("hosting", Answer::Choice("saas".into())),
            ],
        );
        plan.resume_at = Some("hosting".into());
        let input = "4\n-\n-\n-\n";
        let (_, plan, out, _) = walk(&q, plan, input, Scope::Every);
        assert!(
            !plan.answers.contains_key("hosting"),
            "the last entry leaves it"
        );
        assert!(out.contains("This question is required"), "{out}");
        assert!(!plan.answers.contains_key("records"));
        assert!(!plan.answers.contains_key("growth"), "- clears");
        assert!(out.contains("The earlier answer is cleared."), "{out}");
        assert!(!plan.answers.contains_key("languages"));
    }

    #[test]
    fn the_open_scope_asks_only_required_questions_still_open() {
        let q = mini();
        let plan = plan_with(&q, &[("hosting", Answer::Choice("local".into()))]);
        let (end, plan, out, _) = walk(&q, plan, "\nno\nx.example.org\n", Scope::Open);
        assert_eq!(end, End::Asked);
        let asked: Vec<&str> = out.lines().filter(|l| l.ends_with('?')).collect();
        assert_eq!(
            asked,
            [
                "How many records?",
                "Can the team run Docker?",
                "Which host name?"
            ]
        );
        assert!(q.missing_required(&plan.answers).is_empty());
    }
}
