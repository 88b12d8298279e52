//! The security checklists that go with a plan: OpenFn's project security and compliance
//! list and Primero's key security considerations.
//!
//! Items are data (`questionnaires/primero/checklists.toml`); this module reads and checks
//! them and works out each item's status from a plan's answers. An item is open unless its
//! `done_when` tests all hold; it does not apply when its `applies_when` context does not.

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

pub const BUILTIN_CHECKLISTS: &str = include_str!("../questionnaires/primero/checklists.toml");
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Open,
    Done,
    NotApplicable,
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
    /// Tests that together mark the item done; empty means it is never done from answers.
    pub done_when: Vec<AnswerTest>,
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

    /// Not applicable when its context does not hold; done when every `done_when` test
    /// holds; open otherwise.
    pub fn status(&self, answers: &Answers) -> Status {
        if !self.applies(answers) {
            Status::NotApplicable
        } else if !self.done_when.is_empty() && self.done_when.iter().all(|t| t.holds(answers)) {
            Status::Done
        } else {
            Status::Open
        }
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

    /// Both lists, OpenFn first.
    pub fn lists(&self) -> [&Checklist; 2] {
        [&self.openfn_security, &self.primero_security]
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
            l.items
                .iter()
                .flat_map(|i| i.done_when.iter().map(|t| (format!("item `{}`", i.id), t)))
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
];
const TEST_KEYS: &[&str] = &["question", "one_of"];

struct Reader<'r> {
    parties: &'r [&'r str],
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
        milestones: read_milestones(c, top, &span, work_plan),
        contexts: read_contexts(c, top),
        ids: Vec::new(),
    };
    let openfn = r.list(c, top, &span, "openfn_security", true);
    let primero = r.list(c, top, &span, "primero_security", false);
    Some(Checklists {
        milestones: r.milestones,
        contexts: r.contexts,
        openfn_security: openfn?,
        primero_security: primero?,
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
        let done_when = self.done_when(c, t, &id);
        Some(Item {
            title: title?.0,
            what: what?.0,
            timing,
            due: due?,
            owner: owner?,
            applies_when: applies_when?,
            done_when: done_when?,
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

    /// One test table or a list of them; empty when absent.
    fn done_when(&self, c: &mut Collector, t: &DeTable, id: &str) -> Option<Vec<AnswerTest>> {
        let Some(v) = tr::get(t, "done_when") else {
            return Some(Vec::new());
        };
        let tables: Vec<&tr::Value> = match v.get_ref() {
            DeValue::Table(_) => vec![v],
            DeValue::Array(items) if !items.is_empty() => items.iter().collect(),
            other => {
                c.error_help(
                    v.span(),
                    Some(id),
                    format!(
                        "`done_when` must be a test or a non-empty list of tests, not {}",
                        if matches!(other, DeValue::Array(_)) {
                            "an empty list"
                        } else {
                            type_words(other)
                        }
                    ),
                    "write `done_when = { question = \"...\", one_of = [\"...\"] }`",
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
                        "each test of `done_when` must be a table, not {}",
                        type_words(tv.get_ref())
                    ),
                );
                ok = false;
                continue;
            };
            tr::check_keys(c, tt, TEST_KEYS, Some(id), "a `done_when` test");
            match read_test_fields(c, tt, &tv.span(), id) {
                Some(test) => out.push(test),
                None => ok = false,
            }
        }
        ok.then_some(out)
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

    #[test]
    fn status_follows_context_and_done_tests() {
        let item = Item {
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
                when: AnswerTest {
                    question: "openfn_used".into(),
                    one_of: vec!["yes".into()],
                },
            }),
            done_when: vec![AnswerTest {
                question: "auth".into(),
                one_of: vec!["basic".into()],
            }],
        };
        let no = answers(&[("openfn_used", Answer::Choice("no".into()))]);
        assert_eq!(item.status(&no), Status::NotApplicable);
        let open = answers(&[("openfn_used", Answer::Choice("yes".into()))]);
        assert_eq!(item.status(&open), Status::Open);
        let done = answers(&[
            ("openfn_used", Answer::Choice("yes".into())),
            ("auth", Answer::Choice("basic".into())),
        ]);
        assert_eq!(item.status(&done), Status::Done);
        assert_eq!(item.owner(HostingOption::Saas), "local_it");
        assert_eq!(
            serde_json::to_value(Status::NotApplicable).unwrap(),
            "not_applicable"
        );
    }

    #[test]
    fn due_milestones_fall_on_work_plan_dates() {
        use crate::workplan::{Phase, Task};
        let d = |m, day| NaiveDate::from_ymd_opt(2027, m, day).unwrap();
        let task = |id: &str, start, days| Task {
            id: id.into(),
            phase: String::new(),
            title: id.into(),
            owner: "local_it".into(),
            owner_name: None,
            with: Vec::new(),
            days,
            after: Vec::new(),
            start,
            end: start,
            closes_gaps: Vec::new(),
            not_before: None,
        };
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
