//! Reads a questionnaire from TOML and checks it, reporting every problem at once.

use super::{
    Bound, CapacityArea, ChoiceOption, CondValue, Condition, Kind, Question, Questionnaire, Section,
};
use crate::base::diag::{Args, Collector, Diagnostic, Loaded, Source, args};
use crate::base::formats;
use crate::base::key;
use crate::base::strings::{fill, get};
use crate::base::tomlread::{self as tr, type_key};
use crate::core::answer::Level;
use crate::core::value_check::Shape;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::rc::Rc;
use toml::de::{DeTable, DeValue};

const TOP_KEYS: &[&str] = &[
    "id",
    "version",
    "title",
    "description",
    "capacity_areas",
    "conditions",
    "sections",
];
const AREA_KEYS: &[&str] = &["id", "title", "description"];
const SECTION_KEYS: &[&str] = &["id", "title", "intro", "questions"];
const OPTION_KEYS: &[&str] = &["id", "label", "explain"];
const QUESTION_KEYS: &[&str] = &[
    "id",
    "kind",
    "prompt",
    "help",
    "required",
    "default",
    "options",
    "unit",
    "min",
    "max",
    "max_length",
    "capacity",
    "show_if",
    "value_check",
];
const CONDITION_KEYS: &[&str] = &[
    "question",
    "equals",
    "one_of",
    "at_least",
    "below",
    "not",
    "all",
    "any",
    "condition",
];

/// Words that mark a question asking for a secret; hostplan never stores one.
const SECRET_WORDS: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "secret",
    "private key",
    "api key",
    "apikey",
    "token",
    "credential",
];

/// Reads and checks a questionnaire. On success, returns it with any warnings; otherwise
/// every problem found.
pub fn parse(source: Source) -> Loaded<Questionnaire> {
    let mut c = Collector::new(source);
    let Some(doc) = tr::parse_document(source.text, &mut c) else {
        return Err(c.finish());
    };
    no_unsafe_text(doc.get_ref(), &mut c);
    let q = Reader {
        c: &mut c,
        ids: HashMap::new(),
        areas: Vec::new(),
        area_used: HashMap::new(),
        named: HashMap::new(),
        used_named: HashSet::new(),
        expanding: Vec::new(),
        expanded: 0,
    }
    .questionnaire(doc.get_ref(), doc.span());
    match q {
        Some(q) if !c.has_errors() => Ok((q, c.finish())),
        _ => Err(c.finish()),
    }
}

/// Questionnaire text reaches the terminal as it is written: a control character (other
/// than a newline or tab) or a bidi override in any string, or in a key, is refused where
/// it stands.
fn no_unsafe_text(table: &DeTable, c: &mut Collector) {
    use crate::base::terminal_safe::{escape, is_unsafe};
    // Most text is printable ASCII, settled byte by byte before any character is decoded.
    let plain = |b: u8| (0x20..0x7f).contains(&b) || b == b'\n' || b == b'\t';
    let bad = |s: &str| {
        !s.bytes().all(plain)
            && s.chars()
                .any(|ch| is_unsafe(ch) && ch != '\n' && ch != '\t')
    };
    fn walk(v: &tr::Value, c: &mut Collector, bad: &dyn Fn(&str) -> bool) {
        match v.get_ref() {
            DeValue::String(s) if bad(s) => {
                let values = vec![("text", escape(s).into_owned())];
                c.fail(
                    v.span(),
                    None,
                    key::load::questionnaire::UNSAFE_TEXT,
                    values,
                );
            }
            DeValue::Array(items) => items.iter().for_each(|i| walk(i, c, bad)),
            DeValue::Table(t) => walk_table(t, c, bad),
            _ => {}
        }
    }
    fn walk_table(t: &DeTable, c: &mut Collector, bad: &dyn Fn(&str) -> bool) {
        for (k, v) in t {
            if bad(k.get_ref()) {
                let values = vec![("key", escape(k.get_ref()).into_owned())];
                c.fail(k.span(), None, key::load::questionnaire::UNSAFE_KEY, values);
            }
            walk(v, c, bad);
        }
    }
    walk_table(table, c, &bad);
}

/// The most named conditions one `show_if` may expand to: far more than any real
/// questionnaire needs, and small enough that reading stays quick.
const MAX_EXPANDED: usize = 1000;

struct Reader<'c, 'a, 'i> {
    c: &'c mut Collector<'a>,
    /// Every question id in the file, with the span of its first definition.
    ids: HashMap<String, Range<usize>>,
    areas: Vec<String>,
    area_used: HashMap<String, bool>,
    /// The named conditions of `[conditions]`, read afresh where each is used, since
    /// what counts as an earlier question depends on the question using it. Shared, as
    /// every use needs its own borrow of the reader.
    named: HashMap<String, Rc<tr::Value<'i>>>,
    /// The named conditions being read, innermost last, to catch one naming itself.
    expanding: Vec<String>,
    /// Named conditions expanded for the `show_if` being read: each use is read afresh,
    /// so conditions that each name the next twice would grow without bound.
    expanded: usize,
    /// Named conditions some question's `show_if` used, directly or through another.
    used_named: HashSet<String>,
}

impl<'i> Reader<'_, '_, 'i> {
    fn questionnaire(mut self, top: &DeTable<'i>, span: Range<usize>) -> Option<Questionnaire> {
        let what = get(key::load::what::QUESTIONNAIRE);
        tr::check_keys(self.c, top, TOP_KEYS, None, what);
        let id = self.id_field(top, &span, None, what);
        let version = tr::required_string(self.c, top, &span, "version", None, what);
        let title = tr::required_string(self.c, top, &span, "title", None, what);
        let description = tr::string(self.c, top, "description", None).map(|s| s.0);
        let areas = self.capacity_areas(top);
        self.named_conditions(top);
        self.collect_ids(top);
        let sections = self.sections(top, &span);
        self.unused_areas(top);
        let q = Questionnaire::new((id?, version?.0, title?.0, description), areas, sections);
        self.conditions_no_question_uses(&q);
        Some(q)
    }

    /// A named condition no question uses may still be used by the data files, so a typo in
    /// it must not wait until then: it is read against the whole questionnaire.
    fn conditions_no_question_uses(&mut self, q: &Questionnaire) {
        let mut unused: Vec<(String, Rc<tr::Value<'i>>)> = self
            .named
            .iter()
            .filter(|(name, _)| !self.used_named.contains(name.as_str()))
            .map(|(name, value)| (name.clone(), Rc::clone(value)))
            .collect();
        unused.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, value) in unused {
            self.expanding = vec![name.clone()];
            self.expanded = 0;
            let _ = self.condition(&value, &name, q);
        }
        self.expanding.clear();
    }

    /// A snake_case `id` field that must be present.
    fn id_field(
        &mut self,
        t: &DeTable,
        span: &Range<usize>,
        ctx: Option<&str>,
        what: &str,
    ) -> Option<String> {
        tr::id_field(self.c, t, span, ctx, what).map(|(id, _)| id)
    }

    fn capacity_areas(&mut self, top: &DeTable) -> Vec<CapacityArea> {
        let mut out: Vec<CapacityArea> = Vec::new();
        for (t, span) in tr::tables(self.c, top, "capacity_areas", None) {
            let what = get(key::load::what::CAPACITY_AREA);
            tr::check_keys(self.c, t, AREA_KEYS, None, what);
            let id = self.id_field(t, &span, None, what);
            let title = tr::required_string(self.c, t, &span, "title", id.as_deref(), what);
            let description = tr::string(self.c, t, "description", id.as_deref()).map(|s| s.0);
            let (Some(id), Some((title, _))) = (id, title) else {
                continue;
            };
            if out.iter().any(|a| a.id == id) {
                let values = args(&[("area", &id)]);
                self.c.fail(
                    span,
                    Some(&id),
                    key::load::questionnaire::AREA_TWICE,
                    values,
                );
                continue;
            }
            self.areas.push(id.clone());
            self.area_used.insert(id.clone(), false);
            out.push(CapacityArea {
                id,
                title,
                description,
            });
        }
        out
    }

    fn unused_areas(&mut self, top: &DeTable) {
        let span = tr::get(top, "capacity_areas").map_or(0..0, |v| v.span());
        for area in &self.areas {
            if !self.area_used[area] {
                let values = args(&[("area", area)]);
                self.c.fail(
                    span.clone(),
                    Some(area),
                    key::load::questionnaire::AREA_UNUSED,
                    values,
                );
            }
        }
    }

    /// First pass: every question id and where it stands, so a condition naming a
    /// later question can be told apart from one naming no question at all.
    fn collect_ids(&mut self, top: &DeTable) {
        let mut scratch = Collector::new(self.c.source);
        for (s, _) in tr::tables(&mut scratch, top, "sections", None) {
            for (q, _) in tr::tables(&mut scratch, s, "questions", None) {
                if let Some((id, id_span)) = tr::string(&mut scratch, q, "id", None) {
                    self.ids.entry(id).or_insert(id_span);
                }
            }
        }
    }

    fn sections(&mut self, top: &DeTable, span: &Range<usize>) -> Vec<Section> {
        let list = tr::tables(self.c, top, "sections", None);
        if list.is_empty() && tr::get(top, "sections").is_none() {
            self.c.fail(
                span.clone(),
                None,
                key::load::questionnaire::NO_SECTIONS,
                vec![],
            );
        }
        let mut sections: Vec<(Section, Range<usize>)> = Vec::new();
        let mut earlier = ReadSoFar::default();
        for (t, span) in list {
            let first = earlier.questions.len();
            let Some(section) = self.section(t, span.clone(), &mut earlier) else {
                continue;
            };
            if sections.iter().any(|(s, _)| s.id == section.id) {
                let values = args(&[("section", &section.id)]);
                self.c.fail(
                    span,
                    Some(&section.id),
                    key::load::questionnaire::SECTION_TWICE,
                    values,
                );
            }
            sections.push((section, first..earlier.questions.len()));
        }
        earlier.into_sections(sections)
    }

    /// A section, its questions left in `earlier` (see [`ReadSoFar::into_sections`]).
    fn section(
        &mut self,
        t: &DeTable,
        span: Range<usize>,
        earlier: &mut ReadSoFar,
    ) -> Option<Section> {
        let what = get(key::load::what::SECTION);
        tr::check_keys(self.c, t, SECTION_KEYS, None, what);
        let id = self.id_field(t, &span, None, what);
        let ctx = id.as_deref();
        let title = tr::required_string(self.c, t, &span, "title", ctx, what);
        let intro = tr::required_string(self.c, t, &span, "intro", ctx, what);
        let list = tr::tables(self.c, t, "questions", ctx);
        if list.is_empty() {
            self.c.fail(
                span.clone(),
                ctx,
                key::load::questionnaire::NO_QUESTIONS,
                vec![],
            );
        }
        for (qt, qspan) in list {
            if let Some(q) = self.question(qt, qspan, earlier) {
                earlier.push(q);
            }
        }
        Some(Section {
            id: id?,
            title: title?.0,
            intro: intro?.0,
            questions: Vec::new(),
        })
    }

    fn question(
        &mut self,
        t: &DeTable,
        span: Range<usize>,
        earlier: &ReadSoFar,
    ) -> Option<Question> {
        let what = get(key::load::what::A_QUESTION);
        tr::check_keys(self.c, t, QUESTION_KEYS, None, what);
        let id = self.id_field(t, &span, None, what)?;
        let ctx = Some(id.as_str());
        let here = tr::get(t, "id").map_or(span.clone(), |v| v.span());
        if let Some(first) = self.ids.get(&id)
            && first.start != here.start
        {
            let (line, _) = self.c.source.locate(first.start);
            let values = vec![("id", id.clone()), ("line", line.to_string())];
            self.c
                .fail(here, ctx, key::load::questionnaire::QUESTION_TWICE, values);
        }
        let kind = self.kind(t, &span, &id);
        let what = get(key::load::what::THE_QUESTION);
        let prompt = tr::required_string(self.c, t, &span, "prompt", ctx, what);
        let help = tr::required_string(self.c, t, &span, "help", ctx, what);
        let required = tr::boolean(self.c, t, "required", ctx).unwrap_or(false);
        let kind = kind?;
        self.no_secrets(&id, kind, prompt.as_ref(), &span);
        let mut q = Question {
            id: id.clone(),
            kind,
            prompt: prompt?.0,
            help: help?.0,
            required,
            default: None,
            options: self.options(t, &span, &id, kind),
            unit: self.unit(t, &id, kind),
            min: self.bound(t, "min", &id, kind),
            max: self.bound(t, "max", &id, kind),
            max_length: self.max_length(t, &id, kind),
            capacity: self.capacity(t, &id, kind),
            show_if: None,
            value_check: self.value_check(t, &id, kind),
        };
        self.check_bounds_order(t, &q);
        q.default = self.default(t, &q);
        self.expanded = 0;
        q.show_if = tr::get(t, "show_if").and_then(|v| self.condition(v, &q.id, earlier));
        Some(q)
    }

    fn kind(&mut self, t: &DeTable, span: &Range<usize>, id: &str) -> Option<Kind> {
        let what = get(key::load::what::THE_QUESTION);
        let (name, kspan) = tr::required_string(self.c, t, span, "kind", Some(id), what)?;
        let kind = Kind::from_name(&name);
        if kind.is_none() {
            let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
            let values = args(&[("kind", &name)]);
            let key = key::load::questionnaire::UNKNOWN_KIND;
            tr::fail_suggesting(self.c, kspan, Some(id), key, values, &name, &names);
        }
        kind
    }

    /// A question whose answer is typed freely could capture a secret if it asks for one.
    /// Choice and yes/partly/no questions cannot, so they may ask *about* secrets.
    fn no_secrets(
        &mut self,
        id: &str,
        kind: Kind,
        prompt: Option<&(String, Range<usize>)>,
        span: &Range<usize>,
    ) {
        if !matches!(kind, Kind::Text | Kind::Email | Kind::Domain) {
            return;
        }
        let id_words = id.replace('_', " ");
        let prompt_text = prompt.map_or(String::new(), |p| p.0.to_lowercase());
        let Some(word) = SECRET_WORDS
            .iter()
            .find(|w| id_words.contains(*w) || prompt_text.contains(*w))
        else {
            return;
        };
        let at = if id_words.contains(word) {
            span.clone()
        } else {
            prompt.map_or(span.clone(), |p| p.1.clone())
        };
        let values = args(&[("word", word)]);
        self.c
            .fail(at, Some(id), key::load::questionnaire::SECRET, values);
    }

    fn options(
        &mut self,
        t: &DeTable,
        span: &Range<usize>,
        id: &str,
        kind: Kind,
    ) -> Vec<ChoiceOption> {
        let present = tr::get(t, "options");
        if !kind.is_choice() {
            if let Some(v) = present {
                let values = args(&[("kind", kind.name())]);
                let key = key::load::questionnaire::OPTIONS_NOT_CHOICE;
                self.c.fail(v.span(), Some(id), key, values);
            }
            return Vec::new();
        }
        let mut out: Vec<ChoiceOption> = Vec::new();
        for (ot, ospan) in tr::tables(self.c, t, "options", Some(id)) {
            let what = get(key::load::what::OPTION);
            tr::check_keys(self.c, ot, OPTION_KEYS, Some(id), what);
            let oid = self.id_field(ot, &ospan, Some(id), what);
            let label = tr::required_string(self.c, ot, &ospan, "label", Some(id), what);
            let explain = tr::string(self.c, ot, "explain", Some(id)).map(|s| s.0);
            let (Some(oid), Some((label, _))) = (oid, label) else {
                continue;
            };
            if out.iter().any(|o| o.id == oid) {
                let values = args(&[("option", &oid)]);
                self.c.fail(
                    ospan,
                    Some(id),
                    key::load::questionnaire::OPTION_TWICE,
                    values,
                );
                continue;
            }
            out.push(ChoiceOption {
                id: oid,
                label,
                explain,
            });
        }
        if out.is_empty() && !self.c.has_errors_at(span) {
            let values = args(&[("kind", kind.name())]);
            self.c.fail(
                present.map_or(span.clone(), |v| v.span()),
                Some(id),
                key::load::questionnaire::NO_OPTIONS,
                values,
            );
        }
        out
    }

    fn unit(&mut self, t: &DeTable, id: &str, kind: Kind) -> Option<String> {
        let (unit, span) = tr::string(self.c, t, "unit", Some(id))?;
        if !kind.is_number() {
            let values = args(&[("kind", kind.name())]);
            self.c.fail(
                span,
                Some(id),
                key::load::questionnaire::UNIT_NOT_NUMBER,
                values,
            );
        }
        Some(unit)
    }

    fn bound(&mut self, t: &DeTable, key: &str, id: &str, kind: Kind) -> Option<Bound> {
        let v = tr::get(t, key)?;
        let found = || vec![("@found", type_key(v.get_ref()).to_string())];
        let result: Result<Bound, (&'static str, Args)> = match kind {
            Kind::Integer => match tr::integer_of(v.get_ref()) {
                Some(Ok(n)) => Ok(Bound::Number(n as f64)),
                Some(Err(too_large)) => Err((too_large, vec![])),
                None => Err((key::load::questionnaire::BOUND_NOT_WHOLE, found())),
            },
            Kind::Decimal => match tr::float_of(v.get_ref()) {
                Some(x) if x.is_finite() => Ok(Bound::Number(x)),
                // `nan` and `inf` are decimal numbers to TOML: name what was written.
                Some(x) => {
                    let written = if x.is_nan() {
                        "nan".to_string()
                    } else {
                        x.to_string()
                    };
                    let values = vec![("value", written)];
                    Err((key::load::questionnaire::BOUND_NOT_FINITE, values))
                }
                None => Err((key::load::questionnaire::BOUND_NOT_NUMBER, found())),
            },
            Kind::Date => match v.get_ref() {
                DeValue::String(s) => formats::parse_date(s).map(Bound::Date).ok_or_else(|| {
                    let values = vec![("value", s.to_string())];
                    (key::load::questionnaire::BOUND_DATE_FORM, values)
                }),
                DeValue::Datetime(d) => formats::parse_date(&d.to_string())
                    .map(Bound::Date)
                    .ok_or_else(|| (key::load::questionnaire::BOUND_NOT_DATE, found())),
                _ => Err((key::load::questionnaire::BOUND_NOT_DATE_EXAMPLE, found())),
            },
            _ => Err((key::load::questionnaire::BOUND_NOT_APPLICABLE, vec![])),
        };
        let (problem, mut values) = match result {
            Ok(bound) => return Some(bound),
            Err(wrong) => wrong,
        };
        values.extend(args(&[("key", key), ("kind", kind.name())]));
        self.c.fail(v.span(), Some(id), problem, values);
        None
    }

    fn check_bounds_order(&mut self, t: &DeTable, q: &Question) {
        let out_of_order = match (q.min, q.max) {
            (Some(Bound::Number(lo)), Some(Bound::Number(hi))) => lo > hi,
            (Some(Bound::Date(lo)), Some(Bound::Date(hi))) => lo > hi,
            _ => false,
        };
        if out_of_order && let Some(v) = tr::get(t, "min") {
            self.c.fail(
                v.span(),
                Some(&q.id),
                key::load::questionnaire::MIN_ABOVE_MAX,
                vec![],
            );
        }
    }

    fn max_length(&mut self, t: &DeTable, id: &str, kind: Kind) -> Option<usize> {
        let v = tr::get(t, "max_length")?;
        if kind != Kind::Text {
            let values = args(&[("kind", kind.name())]);
            let key = key::load::questionnaire::MAX_LENGTH_NOT_TEXT;
            self.c.fail(v.span(), Some(id), key, values);
            return None;
        }
        match tr::integer_of(v.get_ref()) {
            Some(Ok(n)) if n >= 1 => usize::try_from(n).ok(),
            _ => {
                let key = key::load::questionnaire::MAX_LENGTH_FORM;
                self.c.fail(v.span(), Some(id), key, vec![]);
                None
            }
        }
    }

    /// The named check a typed answer must pass; only typed answers reach the files as text.
    fn value_check(&mut self, t: &DeTable, id: &str, kind: Kind) -> Option<Shape> {
        let (name, span) = tr::string(self.c, t, "value_check", Some(id))?;
        if !matches!(kind, Kind::Text | Kind::Email | Kind::Domain) {
            let values = args(&[("kind", kind.name())]);
            let key = key::load::questionnaire::VALUE_CHECK_NOT_TEXT;
            self.c.fail(span, Some(id), key, values);
            return None;
        }
        let shape = Shape::from_name(&name);
        if shape.is_none() {
            let names: Vec<&str> = Shape::NAMED.iter().map(|(n, _)| *n).collect();
            let values = args(&[("name", &name)]);
            let key = key::load::questionnaire::UNKNOWN_VALUE_CHECK;
            tr::fail_suggesting(self.c, span, Some(id), key, values, &name, &names);
        }
        shape
    }

    fn capacity(&mut self, t: &DeTable, id: &str, kind: Kind) -> Option<String> {
        let (area, span) = tr::string(self.c, t, "capacity", Some(id))?;
        if kind != Kind::YesPartlyNo {
            let values = args(&[("kind", kind.name())]);
            let key = key::load::questionnaire::CAPACITY_NOT_LEVEL;
            self.c.fail(span.clone(), Some(id), key, values);
        }
        if let Some(used) = self.area_used.get_mut(&area) {
            *used = true;
        } else {
            let areas: Vec<&str> = self.areas.iter().map(String::as_str).collect();
            let values = args(&[("area", &area)]);
            let key = key::load::questionnaire::UNKNOWN_AREA;
            tr::fail_suggesting(self.c, span, Some(id), key, values, &area, &areas);
        }
        Some(area)
    }

    fn default(&mut self, t: &DeTable, q: &Question) -> Option<crate::core::answer::Answer> {
        let v = tr::get(t, "default")?;
        let problem = match super::answer_from_toml(q.kind, v.get_ref()) {
            Ok(answer) => match q.problem(&answer) {
                None => return Some(answer),
                Some(problem) => problem,
            },
            Err(problem) => problem,
        };
        let values = vec![("problem", problem.message())];
        let key = key::load::questionnaire::BAD_DEFAULT;
        self.c.fail(v.span(), Some(&q.id), key, values);
        None
    }

    fn condition(&mut self, v: &tr::Value, ctx: &str, earlier: &dyn Earlier) -> Option<Condition> {
        let DeValue::Table(t) = v.get_ref() else {
            let values = args(&[("@found", type_key(v.get_ref()))]);
            let key = key::load::questionnaire::SHOW_IF_NOT_TABLE;
            self.c.fail(v.span(), Some(ctx), key, values);
            return None;
        };
        let what = get(key::load::what::CONDITION);
        tr::check_keys(self.c, t, CONDITION_KEYS, Some(ctx), what);
        if let Some(name) = tr::get(t, "condition") {
            return self.named_condition(t, name, ctx, earlier);
        }
        let ops: Vec<&str> = ["equals", "one_of", "at_least", "below", "not", "all", "any"]
            .into_iter()
            .filter(|k| t.get(*k).is_some())
            .collect();
        match ops.as_slice() {
            [op @ ("equals" | "one_of" | "at_least" | "below")] => {
                self.comparison(t, v.span(), op, ctx, earlier)
            }
            ["not"] => {
                self.no_question_key(t, ctx, "not");
                let inner = self.condition(&t["not"], ctx, earlier)?;
                Some(Condition::Not(Box::new(inner)))
            }
            [op @ ("all" | "any")] => {
                self.no_question_key(t, ctx, op);
                let list = self.condition_list(&t[*op], ctx, earlier, op)?;
                Some(if *op == "all" {
                    Condition::All(list)
                } else {
                    Condition::Any(list)
                })
            }
            [] => {
                let key = key::load::questionnaire::CONDITION_EMPTY;
                self.c.fail(v.span(), Some(ctx), key, vec![]);
                None
            }
            _ => {
                let tests = ops.join(get(key::load::questionnaire::TESTS_SEPARATOR));
                let key = key::load::questionnaire::CONDITION_MIXED;
                self.c
                    .fail(v.span(), Some(ctx), key, vec![("tests", tests)]);
                None
            }
        }
    }

    /// `[conditions]`: conditions many questions share, each named once so a domain expert
    /// changes it in one place.
    fn named_conditions(&mut self, top: &DeTable<'i>) {
        let Some(v) = tr::get(top, "conditions") else {
            return;
        };
        let DeValue::Table(t) = v.get_ref() else {
            let key = key::load::questionnaire::CONDITIONS_NOT_TABLE;
            self.c.fail(v.span(), None, key, vec![]);
            return;
        };
        for (key, value) in t.iter() {
            self.named
                .insert(key.get_ref().to_string(), Rc::new(value.clone()));
        }
    }

    /// `{ condition = "name" }`: the named condition, checked as if written here.
    fn named_condition(
        &mut self,
        t: &DeTable,
        name: &tr::Value,
        ctx: &str,
        earlier: &dyn Earlier,
    ) -> Option<Condition> {
        if t.len() > 1 {
            let key = key::load::questionnaire::CONDITION_WITH_OTHERS;
            self.c.fail(name.span(), Some(ctx), key, vec![]);
            return None;
        }
        let DeValue::String(id) = name.get_ref() else {
            let key = key::load::questionnaire::CONDITION_NAME_NOT_STRING;
            self.c.fail(name.span(), Some(ctx), key, vec![]);
            return None;
        };
        let Some(value) = self.named.get(id.as_ref()).cloned() else {
            let names: Vec<&str> = self.named.keys().map(String::as_str).collect();
            let values = args(&[("name", id)]);
            let key = key::load::questionnaire::UNKNOWN_CONDITION;
            tr::fail_suggesting(self.c, name.span(), Some(ctx), key, values, id, &names);
            return None;
        };
        if self.expanding.iter().any(|e| e == id.as_ref()) {
            let values = args(&[("name", id)]);
            let key = key::load::questionnaire::CONDITION_LOOP;
            self.c.fail(value.span(), Some(ctx), key, values);
            return None;
        }
        self.expanded += 1;
        if self.expanded > MAX_EXPANDED {
            // Said once for the question: every later use is past the limit too.
            if self.expanded == MAX_EXPANDED + 1 {
                let values = vec![("limit", MAX_EXPANDED.to_string())];
                let key = key::load::questionnaire::CONDITIONS_EXPAND;
                self.c.fail(name.span(), Some(ctx), key, values);
            }
            return None;
        }
        self.used_named.insert(id.to_string());
        self.expanding.push(id.to_string());
        let parsed = self.condition(&value, ctx, earlier);
        self.expanding.pop();
        parsed
    }

    fn no_question_key(&mut self, t: &DeTable, ctx: &str, op: &str) {
        if let Some((key, _)) = t.get_key_value("question") {
            let values = args(&[("op", op)]);
            let problem = key::load::questionnaire::QUESTION_BESIDE;
            self.c.fail(key.span(), Some(ctx), problem, values);
        }
    }

    fn condition_list(
        &mut self,
        v: &tr::Value,
        ctx: &str,
        earlier: &dyn Earlier,
        op: &str,
    ) -> Option<Vec<Condition>> {
        let DeValue::Array(items) = v.get_ref() else {
            let key = key::load::questionnaire::NOT_A_CONDITION_LIST;
            self.c.fail(v.span(), Some(ctx), key, args(&[("op", op)]));
            return None;
        };
        if items.is_empty() {
            let key = key::load::questionnaire::EMPTY_CONDITION_LIST;
            self.c.fail(v.span(), Some(ctx), key, args(&[("op", op)]));
            return None;
        }
        let parsed: Vec<Option<Condition>> = items
            .iter()
            .map(|i| self.condition(i, ctx, earlier))
            .collect();
        parsed.into_iter().collect()
    }

    fn comparison(
        &mut self,
        t: &DeTable,
        span: Range<usize>,
        op: &str,
        ctx: &str,
        earlier: &dyn Earlier,
    ) -> Option<Condition> {
        let Some((target_id, tspan)) = tr::string(self.c, t, "question", Some(ctx)) else {
            if t.get("question").is_none() {
                let key = key::load::questionnaire::NEEDS_QUESTION;
                self.c.fail(span, Some(ctx), key, args(&[("op", op)]));
            }
            return None;
        };
        let target = self.condition_target(&target_id, tspan, ctx, earlier)?;
        let value = &t[op];
        if op == "at_least" || op == "below" {
            return self.threshold(value, target, op, ctx, target_id);
        }
        if op == "equals" {
            let value = self.cond_value(value, target, ctx)?;
            return Some(Condition::Equals {
                question: target_id,
                value,
            });
        }
        let DeValue::Array(items) = value.get_ref() else {
            let key = key::load::questionnaire::ONE_OF_NOT_LIST;
            self.c.fail(value.span(), Some(ctx), key, vec![]);
            return None;
        };
        if items.is_empty() {
            let key = key::load::questionnaire::ONE_OF_EMPTY;
            self.c.fail(value.span(), Some(ctx), key, vec![]);
        }
        let values: Vec<Option<CondValue>> = items
            .iter()
            .map(|i| self.cond_value(i, target, ctx))
            .collect();
        Some(Condition::OneOf {
            question: target_id,
            values: values.into_iter().collect::<Option<_>>()?,
        })
    }

    fn threshold(
        &mut self,
        value: &tr::Value,
        target: &Question,
        op: &str,
        ctx: &str,
        question: String,
    ) -> Option<Condition> {
        if !target.kind.is_number() {
            let values = args(&[
                ("op", op),
                ("question", &target.id),
                ("kind", target.kind.name()),
            ]);
            let key = key::load::questionnaire::THRESHOLD_NOT_NUMBER_QUESTION;
            self.c.fail(value.span(), Some(ctx), key, values);
            return None;
        }
        let Some(limit) = tr::float_of(value.get_ref()).filter(|x| x.is_finite()) else {
            let key = key::load::questionnaire::THRESHOLD_NOT_NUMBER;
            self.c
                .fail(value.span(), Some(ctx), key, args(&[("op", op)]));
            return None;
        };
        Some(if op == "at_least" {
            Condition::AtLeast { question, limit }
        } else {
            Condition::Below { question, limit }
        })
    }

    fn condition_target<'e>(
        &mut self,
        target: &str,
        span: Range<usize>,
        ctx: &str,
        earlier: &'e dyn Earlier,
    ) -> Option<&'e Question> {
        if let Some(found) = earlier.find(target) {
            return Some(found);
        }
        let key = if target == ctx {
            key::load::questionnaire::TESTS_ITSELF
        } else if self.ids.contains_key(target) {
            key::load::questionnaire::TESTS_LATER
        } else {
            key::load::questionnaire::TESTS_UNKNOWN
        };
        let mut values = args(&[("question", target)]);
        let help = if self.ids.contains_key(target) {
            key::load::questionnaire_help::MOVE_AFTER
        } else {
            let (help, more) = tr::suggestion(target, &earlier.ids());
            values.extend(more);
            help
        };
        let problem = Diagnostic::error(key, values)
            .about(Some(ctx))
            .help_at(help);
        self.c.add(Some(span), problem);
        None
    }

    fn cond_value(&mut self, v: &tr::Value, target: &Question, ctx: &str) -> Option<CondValue> {
        let question = target.id.as_str();
        let (key, values) = match (target.kind, v.get_ref()) {
            (k, DeValue::String(s)) if k.is_choice() => match target.option(s) {
                Some(_) => return Some(CondValue::Text(s.to_string())),
                None => {
                    let (help, words) = tr::suggestion(s, &target.option_ids());
                    let words: Vec<(&str, &str)> =
                        words.iter().map(|(n, v)| (*n, v.as_str())).collect();
                    let suggestion = fill(help, &words);
                    let mut values = args(&[("value", s), ("question", question)]);
                    values.push(("suggestion", suggestion));
                    (key::load::questionnaire::NOT_AN_OPTION, values)
                }
            },
            (Kind::YesPartlyNo, DeValue::String(s)) => match Level::from_name(s) {
                Some(_) => return Some(CondValue::Text(s.to_string())),
                None => (
                    key::load::questionnaire::NOT_A_LEVEL,
                    args(&[("value", s), ("question", question)]),
                ),
            },
            (k, value) if k.is_number() => match tr::float_of(value) {
                Some(x) => return Some(CondValue::Number(x)),
                None => (
                    key::load::questionnaire::TAKES_NUMBERS,
                    args(&[("question", question), ("@found", type_key(value))]),
                ),
            },
            (Kind::Text | Kind::Email | Kind::Domain | Kind::Date, DeValue::String(s)) => {
                return Some(CondValue::Text(s.to_string()));
            }
            (_, value) => (
                key::load::questionnaire::CANNOT_COMPARE,
                args(&[("question", question), ("@found", type_key(value))]),
            ),
        };
        self.c.fail(v.span(), Some(ctx), key, values);
        None
    }
}

impl Collector<'_> {
    /// Whether an error was already reported inside this span (to avoid piling a second
    /// message on the same mistake).
    fn has_errors_at(&self, span: &Range<usize>) -> bool {
        let (start, _) = self.source.locate(span.start);
        let (end, _) = self.source.locate(span.end);
        self.problems
            .iter()
            .any(|p| p.is_error() && p.line >= start && p.line <= end)
    }
}

/// Reads a condition in a data file that goes with a questionnaire (decision rules,
/// checklists): it may test any question of `q`. `ctx` names the rule in messages.
pub fn parse_condition(
    c: &mut Collector,
    v: &tr::Value,
    q: &Questionnaire,
    ctx: &str,
) -> Option<Condition> {
    // Every question may be tested, so none is "later": `ids` stays empty, and the
    // questions are found through the questionnaire's own index, not copied per call.
    let mut reader = Reader {
        c,
        ids: HashMap::new(),
        areas: Vec::new(),
        area_used: HashMap::new(),
        named: HashMap::new(),
        used_named: HashSet::new(),
        expanding: Vec::new(),
        expanded: 0,
    };
    reader.condition(v, ctx, q)
}

/// The questions a condition may test: those before it in a questionnaire being read, or
/// every question of a finished questionnaire (for its data files).
trait Earlier {
    fn find(&self, id: &str) -> Option<&Question>;
    fn ids(&self) -> Vec<&str>;
}

/// The questions read so far, in file order, with the place of each id: a condition finds
/// the question it tests without scanning back, and no question is copied to be found.
#[derive(Default)]
struct ReadSoFar {
    questions: Vec<Question>,
    /// Where each id was read last; a repeated id (an error) resolves to its nearest reading.
    at: HashMap<String, usize>,
}

impl ReadSoFar {
    fn push(&mut self, q: Question) {
        self.at.insert(q.id.clone(), self.questions.len());
        self.questions.push(q);
    }

    /// The sections with their questions moved in: `parts` gives each section kept and the
    /// range of `questions` read in it, in order. Questions of a section left out (its own
    /// fields were wrong) are dropped with it.
    fn into_sections(self, parts: Vec<(Section, Range<usize>)>) -> Vec<Section> {
        let mut rest = self.questions.into_iter();
        let mut at = 0;
        parts
            .into_iter()
            .map(|(mut section, range)| {
                section.questions = rest
                    .by_ref()
                    .skip(range.start - at)
                    .take(range.len())
                    .collect();
                at = range.end;
                section
            })
            .collect()
    }
}

impl Earlier for ReadSoFar {
    fn find(&self, id: &str) -> Option<&Question> {
        self.at.get(id).map(|&i| &self.questions[i])
    }
    fn ids(&self) -> Vec<&str> {
        self.questions.iter().map(|e| e.id.as_str()).collect()
    }
}

impl Earlier for Questionnaire {
    fn find(&self, id: &str) -> Option<&Question> {
        self.question(id)
    }
    fn ids(&self) -> Vec<&str> {
        self.question_ids()
    }
}
