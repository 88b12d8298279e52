//! The security checklists that go with a plan: OpenFn's project security and compliance
//! list, Primero's key security considerations, and the NCSC's 10 steps with its secure
//! development principles.
//!
//! Items are data (`questionnaires/primero/checklists.toml`); this module reads and checks
//! them and works out each item's status from a plan's answers and its dated work plan:
//! met only from answers that state a present fact, planned when a task of the plan or an
//! answer stating an intention will see to it, open otherwise (with the reason when the
//! answers contradict the item), and not applicable outside its context.

use crate::base::key;
mod read;
mod texts;

use crate::core::answer::{Answer, Level};
use crate::core::options::HostingOption;
use crate::core::questionnaire::{Answers, Kind, Questionnaire};
use crate::core::responsibilities::Matrix;
use crate::core::workplan::WorkPlan;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

pub const BUILTIN_CHECKLISTS: &str =
    include_str!("../../../questionnaires/primero/checklists.toml");
pub const BUILTIN_ORIGIN: &str = "questionnaires/primero/checklists.toml";

/// A point in the project by which items are due.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Milestone {
    pub id: String,
    pub title: String,
    pub description: String,
    /// Where it falls in the work plan: the first of these that the plan has.
    pub falls_on: Vec<Anchor>,
}

/// A point of the work plan a milestone can fall on.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Anchor {
    /// The first day of the plan.
    Start,
    /// The first day of a task.
    Task(String),
    /// The first day of a phase's first task.
    Phase(String),
}

impl Anchor {
    fn date(&self, plan: &WorkPlan) -> Option<NaiveDate> {
        match self {
            Anchor::Start => Some(plan.start),
            Anchor::Task(id) => plan.task(id).map(|t| t.start),
            Anchor::Phase(id) => plan.phases.iter().find(|p| p.id == *id)?.start(),
        }
    }
}

/// A test on one answer: it holds when the answer is one of `one_of`. For a multi-choice
/// answer, when any chosen option is; otherwise the answer's plain form is compared.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AnswerTest {
    pub question: String,
    pub one_of: Vec<String>,
}

impl AnswerTest {
    /// Whether the test holds. An unanswered question never holds.
    pub fn holds(&self, answers: &Answers) -> bool {
        match answers.get(&self.question) {
            None => false,
            Some(Answer::Choices(chosen)) => chosen.iter().any(|c| self.one_of.contains(c)),
            Some(other) => self.one_of.contains(&other.to_plain()),
        }
    }
}

/// A named situation in which some items apply, such as "openfn".
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Context {
    pub id: String,
    pub title: String,
    pub when: AnswerTest,
}

/// Where an item stands for one plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Status {
    /// Done now: the answers state it as a present fact.
    Met,
    /// Something will do it: `task`, a task of the plan's work plan that ends on `end`, or,
    /// when both are `None`, an answer stating the intention.
    Planned {
        task: Option<String>,
        end: Option<NaiveDate>,
    },
    /// Neither done nor planned; `reason` says why when the answers contradict the item.
    Open {
        reason: Option<String>,
    },
    NotApplicable,
}

impl Status {
    /// `met`, `planned`, `open` or `not_applicable`: the status's id in data and texts.
    pub fn id(&self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Planned { .. } => "planned",
            Status::Open { .. } => "open",
            Status::NotApplicable => "not_applicable",
        }
    }

    pub fn is_open(&self) -> bool {
        matches!(self, Status::Open { .. })
    }
}

/// Answers that contradict an item, and the reason they make it open.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OpenRule {
    /// Unique within its item; translations name the reason by it.
    pub id: String,
    /// Tests that must all hold.
    pub when: Vec<AnswerTest>,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Item {
    pub id: String,
    pub title: String,
    /// What to do, or what the consideration means.
    pub what: String,
    /// When it is due, in words, such as "Before integration setup begins".
    pub timing: Option<String>,
    /// A milestone id.
    pub due: String,
    /// The owning party id under each hosting option (always all three).
    pub owner: BTreeMap<HostingOption, String>,
    /// The context the item needs; `None` means it always applies.
    pub applies_when: Option<Context>,
    /// Tests on answers stating present facts that together mark the item met; empty means
    /// it is never met from answers.
    pub done_when: Vec<AnswerTest>,
    /// Tests on answers stating intentions that together mark the item planned.
    pub planned_when: Vec<AnswerTest>,
    /// Work plan task ids; the first the plan has marks the item planned, dated by its end.
    pub planned_by: Vec<String>,
    /// Contradictions: the first rule that holds makes the item open with its reason.
    pub open_when: Vec<OpenRule>,
}

impl Item {
    /// The owning party id under `option`.
    pub fn owner(&self, option: HostingOption) -> &str {
        self.owner.get(&option).map_or("", String::as_str)
    }

    pub fn applies(&self, answers: &Answers) -> bool {
        self.applies_when
            .as_ref()
            .is_none_or(|c| c.when.holds(answers))
    }

    /// In this order: not applicable when its context does not hold; open with a reason
    /// when the answers contradict it (a contradiction outweighs any claim that it is done);
    /// met when every `done_when` test holds; planned by the first `planned_by` task the
    /// work plan has, or by answers stating the intention; open otherwise. Intentions and
    /// tasks never make an item met.
    pub fn status(&self, answers: &Answers, plan: &WorkPlan) -> Status {
        if !self.applies(answers) {
            return Status::NotApplicable;
        }
        if let Some(rule) = self.open_when.iter().find(|r| all_hold(&r.when, answers)) {
            return Status::Open {
                reason: Some(rule.reason.clone()),
            };
        }
        if all_hold(&self.done_when, answers) {
            return Status::Met;
        }
        if let Some(task) = self.planned_by.iter().find_map(|id| plan.task(id)) {
            return Status::Planned {
                task: Some(task.id.clone()),
                end: Some(task.end),
            };
        }
        if all_hold(&self.planned_when, answers) {
            return Status::Planned {
                task: None,
                end: None,
            };
        }
        Status::Open { reason: None }
    }

    /// Every answer test of the item, with the key it stands under.
    fn tests(&self) -> impl Iterator<Item = (&'static str, &AnswerTest)> {
        self.done_when
            .iter()
            .map(|t| ("done_when", t))
            .chain(self.planned_when.iter().map(|t| ("planned_when", t)))
            .chain(
                self.open_when
                    .iter()
                    .flat_map(|r| r.when.iter().map(|t| ("open_when", t))),
            )
    }
}

/// Whether a non-empty list of tests all hold; an empty list never does.
fn all_hold(tests: &[AnswerTest], answers: &Answers) -> bool {
    !tests.is_empty() && tests.iter().all(|t| t.holds(answers))
}

/// Where an item stands in one plan, worked out once with the plan's analysis.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ItemState {
    pub status: Status,
    /// The party acting as owner under the plan's option: the stand-in of a party the plan
    /// does without.
    pub owner: String,
    /// The date the item's milestone falls on, when the work plan has it.
    pub due: Option<NaiveDate>,
}

/// Every item's state, list by list and item by item in the order of [`Checklists::lists`].
pub type States = Vec<Vec<ItemState>>;

/// An item with its state in a plan: what every front-end shows.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Entry<'a> {
    pub item: &'a Item,
    pub status: &'a Status,
    /// The acting owner's party id under the plan's option.
    pub owner: &'a str,
    pub due: Option<NaiveDate>,
}

/// How many items of the lists stand where.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub met: usize,
    pub planned: usize,
    pub open: usize,
    pub not_applicable: usize,
}

impl Counts {
    /// How many items of a plan's states stand where.
    pub fn of(states: &States) -> Counts {
        let mut out = Counts::default();
        for state in states.iter().flatten() {
            match state.status {
                Status::Met => out.met += 1,
                Status::Planned { .. } => out.planned += 1,
                Status::Open { .. } => out.open += 1,
                Status::NotApplicable => out.not_applicable += 1,
            }
        }
        out
    }

    /// The items that apply to the plan.
    pub fn applicable(&self) -> usize {
        self.met + self.planned + self.open
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Checklist {
    /// `openfn_security` or `primero_security`.
    pub id: String,
    pub title: String,
    pub intro: String,
    pub items: Vec<Item>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Checklists {
    pub milestones: Vec<Milestone>,
    pub contexts: Vec<Context>,
    pub openfn_security: Checklist,
    pub primero_security: Checklist,
    /// The NCSC's 10 steps and its principles of secure development and deployment.
    pub ncsc: Checklist,
}

impl Checklists {
    /// Every list, in the order they are shown: OpenFn, Primero, NCSC.
    pub fn lists(&self) -> [&Checklist; 3] {
        [&self.openfn_security, &self.primero_security, &self.ncsc]
    }

    /// Where every item stands in a plan with these answers (those to the questions the
    /// plan shows), work plan and matrix, committed to `plan.option`.
    pub fn assess(&self, answers: &Answers, plan: &WorkPlan, matrix: &Matrix) -> States {
        self.lists()
            .iter()
            .map(|list| {
                list.items
                    .iter()
                    .map(|item| ItemState {
                        status: item.status(answers, plan),
                        owner: matrix.acting_party(item.owner(plan.option)).to_string(),
                        due: self.due_date(&item.due, plan),
                    })
                    .collect()
            })
            .collect()
    }

    /// Every list with its items and their states.
    pub fn entries<'a>(&'a self, states: &'a States) -> Vec<(&'a Checklist, Vec<Entry<'a>>)> {
        self.lists()
            .into_iter()
            .zip(states)
            .map(|(list, items)| {
                let entries = list
                    .items
                    .iter()
                    .zip(items)
                    .map(|(item, state)| Entry {
                        item,
                        status: &state.status,
                        owner: &state.owner,
                        due: state.due,
                    })
                    .collect();
                (list, entries)
            })
            .collect()
    }

    /// The items that apply to the plan, list by list; lists with none are left out.
    pub fn applying<'a>(&'a self, states: &'a States) -> Vec<(&'a Checklist, Vec<Entry<'a>>)> {
        self.entries(states)
            .into_iter()
            .map(|(list, entries)| {
                let kept: Vec<Entry> = entries
                    .into_iter()
                    .filter(|e| *e.status != Status::NotApplicable)
                    .collect();
                (list, kept)
            })
            .filter(|(_, entries)| !entries.is_empty())
            .collect()
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.lists()
            .into_iter()
            .flat_map(|l| l.items.iter())
            .find(|i| i.id == id)
    }

    pub fn milestone(&self, id: &str) -> Option<&Milestone> {
        self.milestones.iter().find(|m| m.id == id)
    }

    /// The date by which an item due at milestone `due` must be done under `plan`; `None`
    /// when the plan has nothing to tie it to.
    pub fn due_date(&self, due: &str, plan: &WorkPlan) -> Option<NaiveDate> {
        let milestone = self.milestone(due)?;
        milestone.falls_on.iter().find_map(|a| a.date(plan))
    }

    /// Problems with the questions and values the tests name, checked against a
    /// questionnaire: unknown questions, and values that cannot be answers. Empty when
    /// everything fits.
    pub fn check_questions(&self, q: &Questionnaire) -> Vec<String> {
        let mut out = Vec::new();
        // A context's test, or an item's with the key it stands under.
        let contexts = self.contexts.iter().map(|c| (c.id.as_str(), None, &c.when));
        let items = self.lists().into_iter().flat_map(|l| {
            l.items
                .iter()
                .flat_map(|i| i.tests().map(|(key, t)| (i.id.as_str(), Some(key), t)))
        });
        for (id, key, test) in contexts.chain(items) {
            let (unknown, impossible) = match key {
                None => (
                    key::data::checklist::CONTEXT_UNKNOWN_QUESTION,
                    key::data::checklist::CONTEXT_IMPOSSIBLE_VALUE,
                ),
                Some(_) => (
                    key::data::checklist::ITEM_UNKNOWN_QUESTION,
                    key::data::checklist::ITEM_IMPOSSIBLE_VALUE,
                ),
            };
            let words = [
                ("id", id),
                ("key", key.unwrap_or_default()),
                ("question", test.question.as_str()),
            ];
            let Some(question) = q.question(&test.question) else {
                out.push(crate::base::strings::fill(unknown, &words));
                continue;
            };
            for value in &test.one_of {
                let fits = match question.kind {
                    k if k.is_choice() => question.option(value).is_some(),
                    Kind::YesPartlyNo => Level::from_name(value).is_some(),
                    _ => true,
                };
                if !fits {
                    let mut words = words.to_vec();
                    words.push(("value", value.as_str()));
                    out.push(crate::base::strings::fill(impossible, &words));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(pairs: &[(&str, Answer)]) -> Answers {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    #[test]
    fn answer_tests_compare_plain_answers_and_any_chosen_option() {
        let t = AnswerTest {
            question: "q".into(),
            one_of: vec!["yes".into(), "b".into()],
        };
        assert!(t.holds(&answers(&[("q", Answer::Level(Level::Yes))])));
        assert!(!t.holds(&answers(&[("q", Answer::Level(Level::Partly))])));
        assert!(t.holds(&answers(&[(
            "q",
            Answer::Choices(vec!["a".into(), "b".into()])
        )])));
        assert!(t.holds(&answers(&[("q", Answer::Choice("b".into()))])));
        assert!(!t.holds(&Answers::new()), "unanswered never holds");
    }

    fn test(question: &str, value: &str) -> AnswerTest {
        AnswerTest {
            question: question.into(),
            one_of: vec![value.into()],
        }
    }

    fn choice(v: &str) -> Answer {
        Answer::Choice(v.into())
    }

    fn date(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, m, day).unwrap()
    }

    fn task(id: &str, start: NaiveDate, days: u32) -> crate::core::workplan::Task {
        crate::core::workplan::Task {
            id: id.into(),
            phase: String::new(),
            title: id.into(),
            owner: "local_it".into(),
            owner_name: None,
            with: Vec::new(),
            days,
            after: Vec::new(),
            start,
            end: start + chrono::Duration::days(i64::from(days)),
            closes_gaps: Vec::new(),
            not_before: None,
        }
    }

    fn plan_with(tasks: Vec<crate::core::workplan::Task>) -> WorkPlan {
        WorkPlan {
            option: HostingOption::Tier4,
            start: date(3, 1),
            end: date(7, 2),
            phases: vec![crate::core::workplan::Phase {
                id: "integration".into(),
                title: "Integration".into(),
                tasks,
            }],
        }
    }

    fn item() -> Item {
        Item {
            id: "x".into(),
            title: "X".into(),
            what: "w".into(),
            timing: None,
            due: "go_live".into(),
            owner: HostingOption::ALL
                .map(|o| (o, "local_it".to_string()))
                .into(),
            applies_when: Some(Context {
                id: "openfn".into(),
                title: "t".into(),
                when: test("openfn_used", "yes"),
            }),
            done_when: vec![test("auth", "in_use")],
            planned_when: vec![test("auth", "basic")],
            planned_by: vec!["secure_hooks".into()],
            open_when: vec![OpenRule {
                id: "no_auth".into(),
                when: vec![test("auth", "none"), test("law", "yes")],
                reason: "no auth".into(),
            }],
        }
    }

    #[test]
    fn status_follows_context_contradictions_facts_tasks_and_intentions() {
        let item = item();
        let empty = plan_with(Vec::new());
        let hooks = plan_with(vec![task("secure_hooks", date(5, 3), 3)]);
        let no = answers(&[("openfn_used", choice("no"))]);
        assert_eq!(item.status(&no, &hooks), Status::NotApplicable);
        let nothing = answers(&[("openfn_used", choice("yes"))]);
        assert_eq!(item.status(&nothing, &empty), Status::Open { reason: None });
        let by_task = Status::Planned {
            task: Some("secure_hooks".into()),
            end: Some(date(5, 6)),
        };
        assert_eq!(item.status(&nothing, &hooks), by_task, "a task plans it");
        let intends = answers(&[("openfn_used", choice("yes")), ("auth", choice("basic"))]);
        assert_eq!(
            item.status(&intends, &empty),
            Status::Planned {
                task: None,
                end: None
            },
            "an intention plans it, never meets it"
        );
        assert_eq!(item.status(&intends, &hooks), by_task, "the task dates it");
        let met = answers(&[("openfn_used", choice("yes")), ("auth", choice("in_use"))]);
        assert_eq!(item.status(&met, &hooks), Status::Met);
        let half = answers(&[("openfn_used", choice("yes")), ("auth", choice("none"))]);
        assert_eq!(item.status(&half, &empty), Status::Open { reason: None });
        let contradicted = answers(&[
            ("openfn_used", choice("yes")),
            ("auth", choice("none")),
            ("law", choice("yes")),
        ]);
        assert_eq!(
            item.status(&contradicted, &hooks),
            Status::Open {
                reason: Some("no auth".into())
            }
        );
        assert_eq!(item.owner(HostingOption::Saas), "local_it");
        let json = serde_json::to_value(Status::NotApplicable).unwrap();
        assert_eq!(json["status"], "not_applicable");
        let json = serde_json::to_value(&by_task).unwrap();
        assert_eq!(json["status"], "planned");
        assert_eq!(json["end"], "2027-05-06");
        assert_eq!(by_task.id(), "planned");
    }

    #[test]
    fn due_milestones_fall_on_work_plan_dates() {
        use crate::core::workplan::Phase;
        let d = date;
        let plan = WorkPlan {
            option: HostingOption::Tier4,
            start: d(3, 1),
            end: d(7, 2),
            phases: vec![
                Phase {
                    id: "integration".into(),
                    title: "Integration".into(),
                    tasks: vec![task("openfn_design", d(4, 5), 5)],
                },
                Phase {
                    id: "testing".into(),
                    title: "Testing".into(),
                    tasks: vec![task("acceptance_testing", d(5, 10), 10)],
                },
                Phase {
                    id: "go_live".into(),
                    title: "Go-live".into(),
                    tasks: vec![task("go_live", d(6, 25), 0)],
                },
            ],
        };
        let lists = Checklists::builtin();
        assert_eq!(lists.due_date("project_start", &plan), Some(d(3, 1)));
        assert_eq!(lists.due_date("before_integration", &plan), Some(d(4, 5)));
        assert_eq!(lists.due_date("before_uat", &plan), Some(d(5, 10)));
        assert_eq!(lists.due_date("go_live", &plan), Some(d(6, 25)));
        assert_eq!(lists.due_date("ongoing", &plan), Some(d(6, 25)));
        assert_eq!(
            lists.due_date("setup_done", &plan),
            None,
            "no such task here"
        );
        assert_eq!(lists.due_date("no_such_milestone", &plan), None);
        let mut without_integration = plan.clone();
        without_integration.phases.remove(0);
        assert_eq!(
            lists.due_date("before_integration", &without_integration),
            Some(d(5, 10))
        );
    }
}
