//! The security checklists that go with a plan: OpenFn's project security and compliance
//! list, Primero's key security considerations, and the NCSC's 10 steps with its secure
//! development principles.
//!
//! Items are data (`questionnaires/primero/checklists.toml`); this module reads and checks
//! them and works out each item's status from a plan's answers and its dated work plan:
//! met only from answers that state a present fact, planned when a task of the plan or an
//! answer stating an intention will see to it, open otherwise (with the reason when the
//! answers contradict the item), and not applicable outside its context.

use crate::answer::{Answer, Level};
use crate::diag::{Collector, Loaded, Source};
use crate::options::HostingOption;
use crate::questionnaire::{Answers, Kind, Questionnaire};
use crate::responsibilities::Matrix;
use crate::suggest::did_you_mean;
use crate::tomlread::{self as tr, type_words};
use crate::workplan::{Templates, WorkPlan};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;
use std::ops::Range;
use toml::de::{DeTable, DeValue};

pub const BUILTIN_CHECKLISTS: &str = include_str!("../../questionnaires/primero/checklists.toml");
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
    /// Reads `start`, `task:ID` or `phase:ID`.
    fn from_text(text: &str) -> Option<Anchor> {
        match text.split_once(':') {
            None if text == "start" => Some(Anchor::Start),
            Some(("task", id)) if tr::is_snake_case(id) => Some(Anchor::Task(id.to_string())),
            Some(("phase", id)) if tr::is_snake_case(id) => Some(Anchor::Phase(id.to_string())),
            _ => None,
        }
    }

    /// What is wrong when the work plan has no such task or phase.
    fn missing_from(&self, work_plan: &Templates) -> Option<String> {
        match self {
            Anchor::Start => None,
            Anchor::Task(id) => (!work_plan.task_ids().contains(&id.as_str()))
                .then(|| format!("the work plan has no task `{id}`")),
            Anchor::Phase(id) => (!work_plan.phase_ids().contains(&id.as_str()))
                .then(|| format!("the work plan has no phase `{id}`")),
        }
    }

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
    /// Reads and checks checklists; owners must be among `parties` (the matrix's party ids).
    /// Reads the checklists. Owners must be in `parties`; the tasks and phases milestones
    /// fall on must be in `work_plan`, when it is given (it is not when it failed to load).
    pub fn parse(
        source: Source,
        parties: &[&str],
        work_plan: Option<&Templates>,
    ) -> Loaded<Checklists> {
        let mut c = Collector::new(source);
        let Some(doc) = tr::parse_document(source.text, &mut c) else {
            return Err(c.finish());
        };
        let lists = read_checklists(&mut c, doc.get_ref(), doc.span(), parties, work_plan);
        match lists {
            Some(l) if !c.has_errors() => Ok((l, c.finish())),
            _ => Err(c.finish()),
        }
    }

    /// The shipped checklists, checked against the shipped matrix (the model checks them
    /// against the work plan too). Tests guarantee they parse.
    pub fn builtin() -> Checklists {
        let matrix = Matrix::builtin();
        let source = Source::new(BUILTIN_ORIGIN, BUILTIN_CHECKLISTS);
        match Checklists::parse(source, &matrix.party_ids(), None) {
            Ok((l, _)) => l,
            Err(problems) => panic!("the built-in checklists are broken: {problems:#?}"),
        }
    }

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
        let contexts = self
            .contexts
            .iter()
            .map(|c| (format!("context `{}`", c.id), &c.when));
        let items = self.lists().into_iter().flat_map(|l| {
            l.items.iter().flat_map(|i| {
                i.tests()
                    .map(|(key, t)| (format!("item `{}` ({key})", i.id), t))
            })
        });
        for (who, test) in contexts.chain(items) {
            let Some(question) = q.question(&test.question) else {
                out.push(format!(
                    "{who} tests `{}`, which is not a question",
                    test.question
                ));
                continue;
            };
            for value in &test.one_of {
                let fits = match question.kind {
                    k if k.is_choice() => question.option(value).is_some(),
                    Kind::YesPartlyNo => Level::from_name(value).is_some(),
                    _ => true,
                };
                if !fits {
                    out.push(format!(
                        "{who} expects `{value}`, which `{}` cannot be answered with",
                        test.question
                    ));
                }
            }
        }
        out
    }
}

// --- Reading ------------------------------------------------------------------------

const TOP_KEYS: &[&str] = &[
    "milestones",
    "contexts",
    "openfn_security",
    "primero_security",
    "ncsc",
];
const MILESTONE_KEYS: &[&str] = &["id", "title", "description", "falls_on"];
const CONTEXT_KEYS: &[&str] = &["id", "title", "question", "one_of"];
const LIST_KEYS: &[&str] = &["title", "intro", "items"];
const ITEM_KEYS: &[&str] = &[
    "id",
    "title",
    "what",
    "timing",
    "due",
    "owner",
    "applies_when",
    "done_when",
    "planned_when",
    "planned_by",
    "open_when",
];
const OPEN_RULE_KEYS: &[&str] = &["when", "reason"];
const TEST_KEYS: &[&str] = &["question", "one_of"];

struct Reader<'r> {
    parties: &'r [&'r str],
    work_plan: Option<&'r Templates>,
    milestones: Vec<Milestone>,
    contexts: Vec<Context>,
    /// Item ids seen so far, with where they stand.
    ids: Vec<(String, Range<usize>)>,
}

fn read_checklists(
    c: &mut Collector,
    top: &DeTable,
    span: Range<usize>,
    parties: &[&str],
    work_plan: Option<&Templates>,
) -> Option<Checklists> {
    tr::check_keys(c, top, TOP_KEYS, None, "the checklists");
    let mut r = Reader {
        parties,
        work_plan,
        milestones: read_milestones(c, top, &span, work_plan),
        contexts: read_contexts(c, top),
        ids: Vec::new(),
    };
    let openfn = r.list(c, top, &span, "openfn_security", true);
    let primero = r.list(c, top, &span, "primero_security", false);
    let ncsc = r.list(c, top, &span, "ncsc", false);
    Some(Checklists {
        milestones: r.milestones,
        contexts: r.contexts,
        openfn_security: openfn?,
        primero_security: primero?,
        ncsc: ncsc?,
    })
}

fn read_milestones(
    c: &mut Collector,
    top: &DeTable,
    span: &Range<usize>,
    work_plan: Option<&Templates>,
) -> Vec<Milestone> {
    let mut out: Vec<Milestone> = Vec::new();
    let list = tr::tables(c, top, "milestones", None);
    if list.is_empty() && tr::get(top, "milestones").is_none() {
        c.error_help(
            span.clone(),
            None,
            "the checklists define no milestones",
            "add `[[milestones]]` tables with `id`, `title` and `description`",
        );
    }
    for (t, s) in list {
        tr::check_keys(c, t, MILESTONE_KEYS, None, "a milestone");
        let id = tr::id_field(c, t, &s, None, "a milestone");
        let ctx = id.as_ref().map(|i| i.0.as_str());
        let title = tr::required_string(c, t, &s, "title", ctx, "the milestone");
        let description = tr::required_string(c, t, &s, "description", ctx, "the milestone");
        let falls_on = read_anchors(c, t, ctx, work_plan);
        let (Some((id, id_span)), Some((title, _)), Some((description, _))) =
            (id, title, description)
        else {
            continue;
        };
        if out.iter().any(|m| m.id == id) {
            c.error(
                id_span,
                Some(&id),
                format!("milestone id `{id}` is used twice"),
            );
            continue;
        }
        out.push(Milestone {
            id,
            title,
            description,
            falls_on,
        });
    }
    out
}

/// A milestone's `falls_on`: a list of `start`, `task:ID` or `phase:ID`.
fn read_anchors(
    c: &mut Collector,
    t: &DeTable,
    id: Option<&str>,
    work_plan: Option<&Templates>,
) -> Vec<Anchor> {
    let help = "write `falls_on = [\"phase:ID\", \"task:ID\"]` with ids of the work plan, or `[\"start\"]`";
    let Some(value) = tr::get(t, "falls_on") else {
        return Vec::new();
    };
    let DeValue::Array(list) = value.get_ref() else {
        c.error_help(value.span(), id, "`falls_on` must be a list", help);
        return Vec::new();
    };
    let mut out = Vec::new();
    for entry in list {
        let anchor = match entry.get_ref() {
            DeValue::String(text) => Anchor::from_text(text),
            _ => None,
        };
        match anchor {
            Some(anchor) => match work_plan.and_then(|w| anchor.missing_from(w)) {
                Some(problem) => c.error_help(entry.span(), id, problem, help),
                None => out.push(anchor),
            },
            None => c.error_help(
                entry.span(),
                id,
                "each place in `falls_on` is `start`, `task:ID` or `phase:ID`",
                help,
            ),
        }
    }
    out
}

fn read_contexts(c: &mut Collector, top: &DeTable) -> Vec<Context> {
    let mut out: Vec<Context> = Vec::new();
    for (t, s) in tr::tables(c, top, "contexts", None) {
        tr::check_keys(c, t, CONTEXT_KEYS, None, "a context");
        let id = tr::id_field(c, t, &s, None, "a context");
        let ctx = id.as_ref().map(|i| i.0.as_str());
        let title = tr::required_string(c, t, &s, "title", ctx, "the context");
        let when = read_test_fields(c, t, &s, ctx.unwrap_or("context"));
        let (Some((id, id_span)), Some((title, _)), Some(when)) = (id, title, when) else {
            continue;
        };
        if out.iter().any(|x| x.id == id) {
            c.error(
                id_span,
                Some(&id),
                format!("context id `{id}` is used twice"),
            );
            continue;
        }
        out.push(Context { id, title, when });
    }
    out
}

/// `question` and `one_of` keys of a table.
fn read_test_fields(
    c: &mut Collector,
    t: &DeTable,
    s: &Range<usize>,
    ctx: &str,
) -> Option<AnswerTest> {
    let question = tr::required_string(c, t, s, "question", Some(ctx), "the test");
    let one_of = match tr::get(t, "one_of") {
        None => {
            c.error_help(
                s.clone(),
                Some(ctx),
                "the test has no `one_of`",
                "add `one_of = [\"...\"]` with the answers that make it hold",
            );
            None
        }
        Some(v) => string_list(c, v, ctx, "one_of"),
    };
    Some(AnswerTest {
        question: question?.0,
        one_of: one_of?,
    })
}

/// A non-empty list of non-empty strings.
fn string_list(c: &mut Collector, v: &tr::Value, ctx: &str, key: &str) -> Option<Vec<String>> {
    let DeValue::Array(items) = v.get_ref() else {
        c.error_help(
            v.span(),
            Some(ctx),
            format!("`{key}` must be a list, not {}", type_words(v.get_ref())),
            format!("write `{key} = [\"...\"]`"),
        );
        return None;
    };
    if items.is_empty() {
        c.error(v.span(), Some(ctx), format!("`{key}` is an empty list"));
        return None;
    }
    let mut out = Vec::new();
    for i in items.iter() {
        match i.get_ref() {
            DeValue::String(s) if !s.trim().is_empty() => out.push(s.to_string()),
            other => {
                c.error(
                    i.span(),
                    Some(ctx),
                    format!(
                        "each entry of `{key}` must be a non-empty string, not {}",
                        type_words(other)
                    ),
                );
                return None;
            }
        }
    }
    Some(out)
}

impl Reader<'_> {
    fn list(
        &mut self,
        c: &mut Collector,
        top: &DeTable,
        span: &Range<usize>,
        key: &str,
        timing_required: bool,
    ) -> Option<Checklist> {
        let Some(v) = tr::get(top, key) else {
            c.error_help(
                span.clone(),
                None,
                format!("the checklists have no `{key}` list"),
                format!("add a `[{key}]` table with `title` and `intro`, and `[[{key}.items]]`"),
            );
            return None;
        };
        let DeValue::Table(t) = v.get_ref() else {
            c.error(
                v.span(),
                None,
                format!("`{key}` must be a table, not {}", type_words(v.get_ref())),
            );
            return None;
        };
        let what = format!("the `{key}` list");
        tr::check_keys(c, t, LIST_KEYS, None, &what);
        let s = v.span();
        let title = tr::required_string(c, t, &s, "title", None, &what);
        let intro = tr::required_string(c, t, &s, "intro", None, &what);
        let list = tr::tables(c, t, "items", None);
        if list.is_empty() {
            c.error_help(
                s.clone(),
                None,
                format!("{what} has no items"),
                format!("add `[[{key}.items]]` tables"),
            );
        }
        let items = list
            .into_iter()
            .filter_map(|(it, is)| self.item(c, it, &is, key, timing_required))
            .collect();
        Some(Checklist {
            id: key.to_string(),
            title: title?.0,
            intro: intro?.0,
            items,
        })
    }

    fn item(
        &mut self,
        c: &mut Collector,
        t: &DeTable,
        s: &Range<usize>,
        list: &str,
        timing_required: bool,
    ) -> Option<Item> {
        tr::check_keys(c, t, ITEM_KEYS, None, "a checklist item");
        let (id, id_span) = tr::id_field(c, t, s, None, "a checklist item")?;
        if let Some((_, first)) = self.ids.iter().find(|(x, _)| *x == id) {
            let (line, _) = c.source.locate(first.start);
            c.error_help(
                id_span.clone(),
                Some(&id),
                format!("item id `{id}` is already used on line {line}"),
                "give each item its own id, across both lists",
            );
        } else {
            self.ids.push((id.clone(), id_span));
        }
        let here = Some(id.as_str());
        let label = "the item";
        let title = tr::required_string(c, t, s, "title", here, label);
        let what = tr::required_string(c, t, s, "what", here, label);
        let timing = if timing_required {
            tr::required_string(c, t, s, "timing", here, &format!("an item of `{list}`"))
                .map(|x| x.0)
        } else {
            tr::string(c, t, "timing", here).map(|x| x.0)
        };
        let due = self.due(c, t, s, &id);
        let owner = self.owner(c, t, s, &id);
        let applies_when = self.applies_when(c, t, &id);
        let done_when = self.tests(c, t, "done_when", &id);
        let planned_when = self.tests(c, t, "planned_when", &id);
        let planned_by = self.planned_by(c, t, &id);
        let open_when = self.open_when(c, t, &id);
        Some(Item {
            title: title?.0,
            what: what?.0,
            timing,
            due: due?,
            owner: owner?,
            applies_when: applies_when?,
            done_when: done_when?,
            planned_when: planned_when?,
            planned_by: planned_by?,
            open_when: open_when?,
            id,
        })
    }

    fn due(&self, c: &mut Collector, t: &DeTable, s: &Range<usize>, id: &str) -> Option<String> {
        let (due, span) = tr::required_string(c, t, s, "due", Some(id), "the item")?;
        if self.milestone_ids().contains(&due.as_str()) {
            return Some(due);
        }
        c.error_help(
            span,
            Some(id),
            format!("unknown milestone `{due}`"),
            did_you_mean(&due, &self.milestone_ids()),
        );
        None
    }

    fn milestone_ids(&self) -> Vec<&str> {
        self.milestones.iter().map(|m| m.id.as_str()).collect()
    }

    fn party(&self, c: &mut Collector, party: &str, span: Range<usize>, id: &str) -> bool {
        if self.parties.contains(&party) {
            return true;
        }
        c.error_help(
            span,
            Some(id),
            format!("unknown owner party `{party}`"),
            did_you_mean(party, self.parties),
        );
        false
    }

    /// `owner = "party"` or `owner = { saas = "...", tier4 = "...", local = "..." }`.
    fn owner(
        &self,
        c: &mut Collector,
        t: &DeTable,
        s: &Range<usize>,
        id: &str,
    ) -> Option<BTreeMap<HostingOption, String>> {
        let Some(v) = tr::get(t, "owner") else {
            c.error_help(
                s.clone(),
                Some(id),
                "the item has no `owner`",
                "add `owner = \"local_it\"`, or one per option: `owner = { saas = \"...\", tier4 = \"...\", local = \"...\" }`",
            );
            return None;
        };
        match v.get_ref() {
            DeValue::String(p) => self
                .party(c, p, v.span(), id)
                .then(|| HostingOption::ALL.map(|o| (o, p.to_string())).into()),
            DeValue::Table(table) => {
                let mut out = BTreeMap::new();
                let mut ok = true;
                for (key, pv) in table.iter() {
                    let Some(option) = HostingOption::from_id(key.get_ref()) else {
                        c.error_help(
                            key.span(),
                            Some(id),
                            format!("unknown option `{}` in `owner`", key.get_ref()),
                            "use saas, tier4 and local",
                        );
                        ok = false;
                        continue;
                    };
                    let DeValue::String(p) = pv.get_ref() else {
                        c.error(
                            pv.span(),
                            Some(id),
                            format!(
                                "the owner under `{}` must be a party id in double quotes, not {}",
                                option.id(),
                                type_words(pv.get_ref())
                            ),
                        );
                        ok = false;
                        continue;
                    };
                    ok &= self.party(c, p, pv.span(), id);
                    out.insert(option, p.to_string());
                }
                for option in HostingOption::ALL {
                    if ok && !out.contains_key(&option) {
                        c.error_help(
                            v.span(),
                            Some(id),
                            format!("`owner` names no party for `{}`", option.id()),
                            "name one party for each of saas, tier4 and local, or use a single party id",
                        );
                        ok = false;
                    }
                }
                ok.then_some(out)
            }
            other => {
                c.error(
                    v.span(),
                    Some(id),
                    format!(
                        "`owner` must be a party id or a table of option ids to party ids, not {}",
                        type_words(other)
                    ),
                );
                None
            }
        }
    }

    /// `Some(None)` when absent; `None` after an error.
    fn applies_when(&self, c: &mut Collector, t: &DeTable, id: &str) -> Option<Option<Context>> {
        let Some((name, span)) = tr::string(c, t, "applies_when", Some(id)) else {
            return tr::get(t, "applies_when").is_none().then_some(None);
        };
        if let Some(found) = self.contexts.iter().find(|x| x.id == name) {
            return Some(Some(found.clone()));
        }
        let ids: Vec<&str> = self.contexts.iter().map(|x| x.id.as_str()).collect();
        c.error_help(
            span,
            Some(id),
            format!("unknown context `{name}` in `applies_when`"),
            did_you_mean(&name, &ids),
        );
        None
    }

    /// `key`: one test table or a list of them; empty when absent.
    fn tests(
        &self,
        c: &mut Collector,
        t: &DeTable,
        key: &str,
        id: &str,
    ) -> Option<Vec<AnswerTest>> {
        match tr::get(t, key) {
            None => Some(Vec::new()),
            Some(v) => test_list(c, v, key, id),
        }
    }

    /// `planned_by = ["task_id", ...]`: ids of the work plan's tasks, when it is known.
    fn planned_by(&self, c: &mut Collector, t: &DeTable, id: &str) -> Option<Vec<String>> {
        let Some(v) = tr::get(t, "planned_by") else {
            return Some(Vec::new());
        };
        let tasks = string_list(c, v, id, "planned_by")?;
        let Some(templates) = self.work_plan else {
            return Some(tasks);
        };
        let known = templates.task_ids();
        let DeValue::Array(entries) = v.get_ref() else {
            return None;
        };
        let mut ok = true;
        for (task, entry) in tasks.iter().zip(entries.iter()) {
            if !known.contains(&task.as_str()) {
                c.error_help(
                    entry.span(),
                    Some(id),
                    format!("the work plan has no task `{task}`"),
                    did_you_mean(task, &known),
                );
                ok = false;
            }
        }
        ok.then_some(tasks)
    }

    /// `open_when = [{ when = TEST or [TEST, ...], reason = "..." }, ...]`.
    fn open_when(&self, c: &mut Collector, t: &DeTable, id: &str) -> Option<Vec<OpenRule>> {
        let help = "write `open_when = [{ when = { question = \"...\", one_of = [\"...\"] }, reason = \"...\" }]`";
        let Some(v) = tr::get(t, "open_when") else {
            return Some(Vec::new());
        };
        let DeValue::Array(rules) = v.get_ref() else {
            c.error_help(
                v.span(),
                Some(id),
                format!(
                    "`open_when` must be a list of rules, not {}",
                    type_words(v.get_ref())
                ),
                help,
            );
            return None;
        };
        if rules.is_empty() {
            c.error_help(v.span(), Some(id), "`open_when` is an empty list", help);
            return None;
        }
        let mut out = Vec::new();
        let mut ok = true;
        for rv in rules.iter() {
            let DeValue::Table(rt) = rv.get_ref() else {
                c.error_help(
                    rv.span(),
                    Some(id),
                    format!(
                        "each rule of `open_when` must be a table, not {}",
                        type_words(rv.get_ref())
                    ),
                    help,
                );
                ok = false;
                continue;
            };
            tr::check_keys(c, rt, OPEN_RULE_KEYS, Some(id), "an `open_when` rule");
            let when = match tr::get(rt, "when") {
                Some(w) => test_list(c, w, "when", id),
                None => {
                    c.error_help(rv.span(), Some(id), "the rule has no `when`", help);
                    None
                }
            };
            let reason = tr::required_string(c, rt, &rv.span(), "reason", Some(id), "the rule");
            match (when, reason) {
                (Some(when), Some((reason, _))) => out.push(OpenRule { when, reason }),
                _ => ok = false,
            }
        }
        ok.then_some(out)
    }
}

/// One test table or a non-empty list of them, standing under `key`.
fn test_list(c: &mut Collector, v: &tr::Value, key: &str, id: &str) -> Option<Vec<AnswerTest>> {
    let tables: Vec<&tr::Value> = match v.get_ref() {
        DeValue::Table(_) => vec![v],
        DeValue::Array(items) if !items.is_empty() => items.iter().collect(),
        other => {
            c.error_help(
                v.span(),
                Some(id),
                format!(
                    "`{key}` must be a test or a non-empty list of tests, not {}",
                    if matches!(other, DeValue::Array(_)) {
                        "an empty list"
                    } else {
                        type_words(other)
                    }
                ),
                format!("write `{key} = {{ question = \"...\", one_of = [\"...\"] }}`"),
            );
            return None;
        }
    };
    let mut out = Vec::new();
    let mut ok = true;
    for tv in tables {
        let DeValue::Table(tt) = tv.get_ref() else {
            c.error(
                tv.span(),
                Some(id),
                format!(
                    "each test of `{key}` must be a table, not {}",
                    type_words(tv.get_ref())
                ),
            );
            ok = false;
            continue;
        };
        tr::check_keys(c, tt, TEST_KEYS, Some(id), &format!("a `{key}` test"));
        match read_test_fields(c, tt, &tv.span(), id) {
            Some(test) => out.push(test),
            None => ok = false,
        }
    }
    ok.then_some(out)
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

    fn task(id: &str, start: NaiveDate, days: u32) -> crate::workplan::Task {
        crate::workplan::Task {
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

    fn plan_with(tasks: Vec<crate::workplan::Task>) -> WorkPlan {
        WorkPlan {
            option: HostingOption::Tier4,
            start: date(3, 1),
            end: date(7, 2),
            phases: vec![crate::workplan::Phase {
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
        use crate::workplan::Phase;
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
