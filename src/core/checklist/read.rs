//! Reading the checklists, every problem with its place and the item it concerns.

use super::{
    Anchor, AnswerTest, BUILTIN_CHECKLISTS, BUILTIN_ORIGIN, Checklist, Checklists, Context, Item,
    Milestone, OpenRule,
};
use crate::base::diag::{Collector, Diagnostic, Loaded, Source, args};
use crate::base::key;
use crate::base::strings;
use crate::base::tomlread::did_you_mean;
use crate::base::tomlread::{self as tr, type_words};
use crate::core::options::HostingOption;
use crate::core::responsibilities::Matrix;
use crate::core::workplan::Templates;
use std::collections::BTreeMap;
use std::ops::Range;
use toml::de::{DeTable, DeValue};

impl Checklists {
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

    /// What is wrong when the work plan has no such task or phase: the catalogue key and
    /// the id.
    fn missing_from(&self, work_plan: &Templates) -> Option<(&'static str, &str)> {
        match self {
            Anchor::Start => None,
            Anchor::Task(id) => (!work_plan.task_ids().contains(&id.as_str()))
                .then_some((key::data::checklist::NO_TASK, id.as_str())),
            Anchor::Phase(id) => (!work_plan.phase_ids().contains(&id.as_str()))
                .then_some((key::data::checklist::NO_PHASE, id.as_str())),
        }
    }
}

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
const OPEN_RULE_KEYS: &[&str] = &["id", "when", "reason"];
const TEST_KEYS: &[&str] = &["question", "one_of"];

// How tables are written, for the help texts; TOML, so not in the catalogue.
const OWNER_TABLE: &str = "{ saas = \"...\", tier4 = \"...\", local = \"...\" }";
const TEST_FORM: &str = "{ question = \"...\", one_of = [\"...\"] }";
const OPEN_RULE_FORM: &str =
    "{ id = \"...\", when = { question = \"...\", one_of = [\"...\"] }, reason = \"...\" }";

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
    tr::check_keys(
        c,
        top,
        TOP_KEYS,
        None,
        strings::get(key::data::what::CHECKLISTS),
    );
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
        c.fail(
            span.clone(),
            None,
            key::data::checklist::NO_MILESTONES,
            Vec::new(),
        );
    }
    let (a_milestone, the_milestone) = (
        strings::get(key::data::what::MILESTONE),
        strings::get(key::data::what::THE_MILESTONE),
    );
    for (t, s) in list {
        tr::check_keys(c, t, MILESTONE_KEYS, None, a_milestone);
        let id = tr::id_field(c, t, &s, None, a_milestone);
        let ctx = id.as_ref().map(|i| i.0.as_str());
        let title = tr::required_string(c, t, &s, "title", ctx, the_milestone);
        let description = tr::required_string(c, t, &s, "description", ctx, the_milestone);
        let falls_on = read_anchors(c, t, ctx, work_plan);
        let (Some((id, id_span)), Some((title, _)), Some((description, _))) =
            (id, title, description)
        else {
            continue;
        };
        if out.iter().any(|m| m.id == id) {
            c.fail(
                id_span,
                Some(&id),
                key::data::checklist::MILESTONE_TWICE,
                args(&[("id", &id)]),
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
    // Every problem of `falls_on` has the same help: how it is written.
    let mut fail = |span, key: &'static str, words| {
        let d = Diagnostic::error(key, words).help_at(key::data::checklist_help::FALLS_ON);
        c.add(Some(span), d.about(id));
    };
    let Some(value) = tr::get(t, "falls_on") else {
        return Vec::new();
    };
    let DeValue::Array(list) = value.get_ref() else {
        fail(
            value.span(),
            key::data::checklist::FALLS_ON_NOT_LIST,
            Vec::new(),
        );
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
                Some((problem, missing)) => fail(entry.span(), problem, args(&[("id", missing)])),
                None => out.push(anchor),
            },
            None => fail(entry.span(), key::data::checklist::BAD_ANCHOR, Vec::new()),
        }
    }
    out
}

fn read_contexts(c: &mut Collector, top: &DeTable) -> Vec<Context> {
    let mut out: Vec<Context> = Vec::new();
    for (t, s) in tr::tables(c, top, "contexts", None) {
        let a_context = strings::get(key::data::what::CONTEXT);
        tr::check_keys(c, t, CONTEXT_KEYS, None, a_context);
        let id = tr::id_field(c, t, &s, None, a_context);
        let ctx = id.as_ref().map(|i| i.0.as_str());
        let the_context = strings::get(key::data::what::THE_CONTEXT);
        let title = tr::required_string(c, t, &s, "title", ctx, the_context);
        // What problems of a context without a usable id are about.
        let unnamed = strings::get(key::data::what::UNNAMED_CONTEXT);
        let when = read_test_fields(c, t, &s, ctx.unwrap_or(unnamed));
        let (Some((id, id_span)), Some((title, _)), Some(when)) = (id, title, when) else {
            continue;
        };
        if out.iter().any(|x| x.id == id) {
            c.fail(
                id_span,
                Some(&id),
                key::data::checklist::CONTEXT_TWICE,
                args(&[("id", &id)]),
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
    let what = strings::get(key::data::what::THE_TEST);
    let question = tr::required_string(c, t, s, "question", Some(ctx), what);
    let one_of = match tr::get(t, "one_of") {
        None => {
            c.fail(
                s.clone(),
                Some(ctx),
                key::data::checklist::NO_ONE_OF,
                Vec::new(),
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
        c.fail(
            v.span(),
            Some(ctx),
            key::data::checklist::NOT_A_LIST,
            args(&[("key", key), ("got", type_words(v.get_ref()))]),
        );
        return None;
    };
    if items.is_empty() {
        c.fail(
            v.span(),
            Some(ctx),
            key::data::checklist::EMPTY_LIST,
            args(&[("key", key)]),
        );
        return None;
    }
    let mut out = Vec::new();
    for i in items.iter() {
        match i.get_ref() {
            DeValue::String(s) if !s.trim().is_empty() => out.push(s.to_string()),
            other => {
                c.fail(
                    i.span(),
                    Some(ctx),
                    key::data::checklist::BAD_ENTRY,
                    args(&[("key", key), ("got", type_words(other))]),
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
            c.fail(
                span.clone(),
                None,
                key::data::checklist::NO_LIST,
                args(&[("key", key)]),
            );
            return None;
        };
        let DeValue::Table(t) = v.get_ref() else {
            c.fail(
                v.span(),
                None,
                key::data::checklist::LIST_NOT_TABLE,
                args(&[("key", key), ("got", type_words(v.get_ref()))]),
            );
            return None;
        };
        let what = strings::fill(key::data::what::LIST, &[("key", key)]);
        tr::check_keys(c, t, LIST_KEYS, None, &what);
        let s = v.span();
        let title = tr::required_string(c, t, &s, "title", None, &what);
        let intro = tr::required_string(c, t, &s, "intro", None, &what);
        let list = tr::tables(c, t, "items", None);
        if list.is_empty() {
            c.fail(
                s.clone(),
                None,
                key::data::checklist::NO_ITEMS,
                args(&[("key", key)]),
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
        let an_item = strings::get(key::data::what::ITEM);
        tr::check_keys(c, t, ITEM_KEYS, None, an_item);
        let (id, id_span) = tr::id_field(c, t, s, None, an_item)?;
        if let Some((_, first)) = self.ids.iter().find(|(x, _)| *x == id) {
            let (line, _) = c.source.locate(first.start);
            c.fail(
                id_span.clone(),
                Some(&id),
                key::data::checklist::ITEM_TWICE,
                args(&[("id", &id), ("line", &line.to_string())]),
            );
        } else {
            self.ids.push((id.clone(), id_span));
        }
        let here = Some(id.as_str());
        let label = strings::get(key::data::what::THE_ITEM);
        let title = tr::required_string(c, t, s, "title", here, label);
        let what = tr::required_string(c, t, s, "what", here, label);
        let timing = if timing_required {
            let label = strings::fill(key::data::what::ITEM_OF, &[("list", list)]);
            tr::required_string(c, t, s, "timing", here, &label).map(|x| x.0)
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
        let what = strings::get(key::data::what::THE_ITEM);
        let (due, span) = tr::required_string(c, t, s, "due", Some(id), what)?;
        if self.milestone_ids().contains(&due.as_str()) {
            return Some(due);
        }
        c.fail(
            span,
            Some(id),
            key::data::checklist::UNKNOWN_MILESTONE,
            args(&[
                ("due", &due),
                ("hint", &did_you_mean(&due, &self.milestone_ids())),
            ]),
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
        c.fail(
            span,
            Some(id),
            key::data::checklist::UNKNOWN_OWNER,
            args(&[
                ("party", party),
                ("hint", &did_you_mean(party, self.parties)),
            ]),
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
            c.fail(
                s.clone(),
                Some(id),
                key::data::checklist::NO_OWNER,
                args(&[("table", OWNER_TABLE)]),
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
                        c.fail(
                            key.span(),
                            Some(id),
                            key::data::checklist::OWNER_UNKNOWN_OPTION,
                            args(&[("option", key.get_ref())]),
                        );
                        ok = false;
                        continue;
                    };
                    let DeValue::String(p) = pv.get_ref() else {
                        c.fail(
                            pv.span(),
                            Some(id),
                            key::data::checklist::OWNER_NOT_STRING,
                            args(&[("option", option.id()), ("got", type_words(pv.get_ref()))]),
                        );
                        ok = false;
                        continue;
                    };
                    ok &= self.party(c, p, pv.span(), id);
                    out.insert(option, p.to_string());
                }
                for option in HostingOption::ALL {
                    if ok && !out.contains_key(&option) {
                        c.fail(
                            v.span(),
                            Some(id),
                            key::data::checklist::OWNER_MISSING_OPTION,
                            args(&[("option", option.id())]),
                        );
                        ok = false;
                    }
                }
                ok.then_some(out)
            }
            other => {
                c.fail(
                    v.span(),
                    Some(id),
                    key::data::checklist::OWNER_WRONG_TYPE,
                    args(&[("got", type_words(other))]),
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
        c.fail(
            span,
            Some(id),
            key::data::checklist::UNKNOWN_CONTEXT,
            args(&[("name", &name), ("hint", &did_you_mean(&name, &ids))]),
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
                c.fail(
                    entry.span(),
                    Some(id),
                    key::data::checklist::NO_TASK,
                    args(&[("id", task), ("hint", &did_you_mean(task, &known))]),
                );
                ok = false;
            }
        }
        ok.then_some(tasks)
    }

    /// `open_when = [{ when = TEST or [TEST, ...], reason = "..." }, ...]`.
    fn open_when(&self, c: &mut Collector, t: &DeTable, id: &str) -> Option<Vec<OpenRule>> {
        // Every problem of `open_when` has the same help: how a rule is written.
        let fail = |c: &mut Collector, span, key: &'static str, got: &str| {
            let words = args(&[("got", got), ("rule", OPEN_RULE_FORM)]);
            let d = Diagnostic::error(key, words).help_at(key::data::checklist_help::OPEN_WHEN);
            c.add(Some(span), d.about(Some(id)));
        };
        let Some(v) = tr::get(t, "open_when") else {
            return Some(Vec::new());
        };
        let DeValue::Array(rules) = v.get_ref() else {
            let got = type_words(v.get_ref());
            fail(c, v.span(), key::data::checklist::OPEN_WHEN_NOT_LIST, got);
            return None;
        };
        if rules.is_empty() {
            fail(c, v.span(), key::data::checklist::OPEN_WHEN_EMPTY, "");
            return None;
        }
        let mut out = Vec::new();
        let mut ok = true;
        for rv in rules.iter() {
            let DeValue::Table(rt) = rv.get_ref() else {
                let got = type_words(rv.get_ref());
                fail(c, rv.span(), key::data::checklist::RULE_NOT_TABLE, got);
                ok = false;
                continue;
            };
            let what = strings::get(key::data::what::OPEN_RULE);
            tr::check_keys(c, rt, OPEN_RULE_KEYS, Some(id), what);
            let when = match tr::get(rt, "when") {
                Some(w) => test_list(c, w, "when", id),
                None => {
                    fail(c, rv.span(), key::data::checklist::RULE_NO_WHEN, "");
                    None
                }
            };
            let what = strings::get(key::data::what::THE_RULE);
            let reason = tr::required_string(c, rt, &rv.span(), "reason", Some(id), what);
            // Translations name the reason by the rule's id, so each rule has its own.
            let rule_id = tr::id_field(c, rt, &rv.span(), Some(id), what);
            if let Some((rule_id, at)) = &rule_id
                && out.iter().any(|r: &OpenRule| r.id == *rule_id)
            {
                let words = args(&[("id", rule_id)]);
                c.fail(
                    at.clone(),
                    Some(id),
                    key::data::checklist::RULE_TWICE,
                    words,
                );
                ok = false;
                continue;
            }
            match (rule_id, when, reason) {
                (Some((rule_id, _)), Some(when), Some((reason, _))) => out.push(OpenRule {
                    id: rule_id,
                    when,
                    reason,
                }),
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
            let mut words = args(&[("key", key), ("test", TEST_FORM)]);
            // An empty list is a list, but "not a list" would puzzle: it is named apart.
            let problem = if matches!(other, DeValue::Array(_)) {
                key::data::checklist::NO_TESTS
            } else {
                words.push(("got", type_words(other).to_string()));
                key::data::checklist::NOT_TESTS
            };
            let d = Diagnostic::error(problem, words).help_at(key::data::checklist_help::NOT_TESTS);
            c.add(Some(v.span()), d.about(Some(id)));
            return None;
        }
    };
    let mut out = Vec::new();
    let mut ok = true;
    for tv in tables {
        let DeValue::Table(tt) = tv.get_ref() else {
            c.fail(
                tv.span(),
                Some(id),
                key::data::checklist::TEST_NOT_TABLE,
                args(&[("key", key), ("got", type_words(tv.get_ref()))]),
            );
            ok = false;
            continue;
        };
        let what = strings::fill(key::data::what::KEY_TEST, &[("key", key)]);
        tr::check_keys(c, tt, TEST_KEYS, Some(id), &what);
        match read_test_fields(c, tt, &tv.span(), id) {
            Some(test) => out.push(test),
            None => ok = false,
        }
    }
    ok.then_some(out)
}
