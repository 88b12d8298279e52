//! Reads a questionnaire from TOML and checks it, reporting every problem at once.

use super::{
    Bound, CapacityArea, ChoiceOption, CondValue, Condition, Kind, Question, Questionnaire, Section,
};
use crate::answer::Level;
use crate::diag::{Collector, Loaded, Source};
use crate::formats;
use crate::suggest::did_you_mean;
use crate::tomlread::{self as tr, type_words};
use crate::value_check::Shape;
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
    use crate::terminal_safe::{escape, is_unsafe};
    // Most text is printable ASCII, settled byte by byte before any character is decoded.
    let plain = |b: u8| (0x20..0x7f).contains(&b) || b == b'\n' || b == b'\t';
    let bad = |s: &str| {
        !s.bytes().all(plain)
            && s.chars()
                .any(|ch| is_unsafe(ch) && ch != '\n' && ch != '\t')
    };
    fn walk(v: &tr::Value, c: &mut Collector, bad: &dyn Fn(&str) -> bool) {
        match v.get_ref() {
            DeValue::String(s) if bad(s) => c.error(
                v.span(),
                None,
                format!(
                    "the text `{}` holds a control character or a bidi override; write plain text",
                    escape(s)
                ),
            ),
            DeValue::Array(items) => items.iter().for_each(|i| walk(i, c, bad)),
            DeValue::Table(t) => walk_table(t, c, bad),
            _ => {}
        }
    }
    fn walk_table(t: &DeTable, c: &mut Collector, bad: &dyn Fn(&str) -> bool) {
        for (k, v) in t {
            if bad(k.get_ref()) {
                c.error(
                    k.span(),
                    None,
                    format!(
                        "the key `{}` holds a control character or a bidi override",
                        escape(k.get_ref())
                    ),
                );
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
        tr::check_keys(self.c, top, TOP_KEYS, None, "the questionnaire");
        let what = "the questionnaire";
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
            tr::check_keys(self.c, t, AREA_KEYS, None, "a capacity area");
            let id = self.id_field(t, &span, None, "a capacity area");
            let title =
                tr::required_string(self.c, t, &span, "title", id.as_deref(), "a capacity area");
            let description = tr::string(self.c, t, "description", id.as_deref()).map(|s| s.0);
            let (Some(id), Some((title, _))) = (id, title) else {
                continue;
            };
            if out.iter().any(|a| a.id == id) {
                self.c.error(
                    span,
                    Some(&id),
                    format!("capacity area `{id}` is defined twice"),
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
                self.c.error_help(
                    span.clone(),
                    Some(area),
                    format!("capacity area `{area}` has no question measuring it"),
                    "add a yes_partly_no question with `capacity = \"...\"` naming it, or remove the area",
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
            self.c.error_help(
                span.clone(),
                None,
                "the questionnaire has no sections",
                "add at least one `[[sections]]` table",
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
                self.c.error(
                    span,
                    Some(&section.id),
                    format!("section id `{}` is used twice", section.id),
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
        tr::check_keys(self.c, t, SECTION_KEYS, None, "a section");
        let id = self.id_field(t, &span, None, "a section");
        let ctx = id.as_deref();
        let title = tr::required_string(self.c, t, &span, "title", ctx, "a section");
        let intro = tr::required_string(self.c, t, &span, "intro", ctx, "a section");
        let list = tr::tables(self.c, t, "questions", ctx);
        if list.is_empty() {
            self.c.error_help(
                span.clone(),
                ctx,
                "the section has no questions",
                "add `[[sections.questions]]` tables after it",
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
        tr::check_keys(self.c, t, QUESTION_KEYS, None, "a question");
        let id = self.id_field(t, &span, None, "a question")?;
        let ctx = Some(id.as_str());
        let here = tr::get(t, "id").map_or(span.clone(), |v| v.span());
        if let Some(first) = self.ids.get(&id)
            && first.start != here.start
        {
            let (line, _) = self.c.source.locate(first.start);
            self.c.error_help(
                here,
                ctx,
                format!("question id `{id}` is already used on line {line}"),
                "give each question its own id; plan files use it as the answer's key",
            );
        }
        let kind = self.kind(t, &span, &id);
        let prompt = tr::required_string(self.c, t, &span, "prompt", ctx, "the question");
        let help = tr::required_string(self.c, t, &span, "help", ctx, "the question");
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
        let (name, kspan) = tr::required_string(self.c, t, span, "kind", Some(id), "the question")?;
        let kind = Kind::from_name(&name);
        if kind.is_none() {
            let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
            self.c.error_help(
                kspan,
                Some(id),
                format!("unknown kind `{name}`"),
                did_you_mean(&name, &names),
            );
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
        self.c.error_help(
            at,
            Some(id),
            format!("the question asks for a {word}; hostplan never stores secrets in a plan"),
            "ask whether the secret exists or who holds it, and let the config export write a placeholder",
        );
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
                self.c.error(
                    v.span(),
                    Some(id),
                    format!(
                        "`options` only apply to choice questions, not to {}",
                        kind.name()
                    ),
                );
            }
            return Vec::new();
        }
        let mut out: Vec<ChoiceOption> = Vec::new();
        for (ot, ospan) in tr::tables(self.c, t, "options", Some(id)) {
            tr::check_keys(self.c, ot, OPTION_KEYS, Some(id), "an option");
            let oid = self.id_field(ot, &ospan, Some(id), "an option");
            let label = tr::required_string(self.c, ot, &ospan, "label", Some(id), "an option");
            let explain = tr::string(self.c, ot, "explain", Some(id)).map(|s| s.0);
            let (Some(oid), Some((label, _))) = (oid, label) else {
                continue;
            };
            if out.iter().any(|o| o.id == oid) {
                self.c
                    .error(ospan, Some(id), format!("option `{oid}` is listed twice"));
                continue;
            }
            out.push(ChoiceOption {
                id: oid,
                label,
                explain,
            });
        }
        if out.is_empty() && !self.c.has_errors_at(span) {
            self.c.error_help(
                present.map_or(span.clone(), |v| v.span()),
                Some(id),
                format!("a {} question needs options", kind.name()),
                "add `options = [{ id = \"...\", label = \"...\" }, ...]`",
            );
        }
        out
    }

    fn unit(&mut self, t: &DeTable, id: &str, kind: Kind) -> Option<String> {
        let (unit, span) = tr::string(self.c, t, "unit", Some(id))?;
        if !kind.is_number() {
            self.c.error(
                span,
                Some(id),
                format!(
                    "`unit` only applies to integer and decimal questions, not to {}",
                    kind.name()
                ),
            );
        }
        Some(unit)
    }

    fn bound(&mut self, t: &DeTable, key: &str, id: &str, kind: Kind) -> Option<Bound> {
        let v = tr::get(t, key)?;
        let bad = |what: &str| {
            format!(
                "`{key}` of a {} question must be {what}, not {}",
                kind.name(),
                type_words(v.get_ref())
            )
        };
        let result = match kind {
            Kind::Integer => match tr::integer_of(v.get_ref()) {
                Some(Ok(n)) => Ok(Bound::Number(n as f64)),
                Some(Err(e)) => Err(e),
                None => Err(bad("a whole number")),
            },
            Kind::Decimal => match tr::float_of(v.get_ref()) {
                Some(x) if x.is_finite() => Ok(Bound::Number(x)),
                // `nan` and `inf` are decimal numbers to TOML: name what was written.
                Some(x) => Err(format!(
                    "`{key}` of a {} question must be a finite number, not {}",
                    kind.name(),
                    if x.is_nan() {
                        "nan".to_string()
                    } else {
                        x.to_string()
                    }
                )),
                None => Err(bad("a finite number")),
            },
            Kind::Date => match v.get_ref() {
                DeValue::String(s) => formats::parse_date(s)
                    .map(Bound::Date)
                    .ok_or_else(|| format!("`{key}` must be a date written YYYY-MM-DD, not `{s}`")),
                DeValue::Datetime(d) => formats::parse_date(&d.to_string())
                    .map(Bound::Date)
                    .ok_or_else(|| bad("a date")),
                _ => Err(bad("a date such as \"2027-01-01\"")),
            },
            _ => Err(format!(
                "`{key}` only applies to integer, decimal and date questions, not to {}",
                kind.name()
            )),
        };
        result.map_err(|m| self.c.error(v.span(), Some(id), m)).ok()
    }

    fn check_bounds_order(&mut self, t: &DeTable, q: &Question) {
        let out_of_order = match (q.min, q.max) {
            (Some(Bound::Number(lo)), Some(Bound::Number(hi))) => lo > hi,
            (Some(Bound::Date(lo)), Some(Bound::Date(hi))) => lo > hi,
            _ => false,
        };
        if out_of_order && let Some(v) = tr::get(t, "min") {
            self.c
                .error(v.span(), Some(&q.id), "`min` is greater than `max`");
        }
    }

    fn max_length(&mut self, t: &DeTable, id: &str, kind: Kind) -> Option<usize> {
        let v = tr::get(t, "max_length")?;
        if kind != Kind::Text {
            self.c.error(
                v.span(),
                Some(id),
                format!(
                    "`max_length` only applies to text questions, not to {}",
                    kind.name()
                ),
            );
            return None;
        }
        match tr::integer_of(v.get_ref()) {
            Some(Ok(n)) if n >= 1 => usize::try_from(n).ok(),
            _ => {
                self.c.error(
                    v.span(),
                    Some(id),
                    "`max_length` must be a whole number of at least 1",
                );
                None
            }
        }
    }

    /// The named check a typed answer must pass; only typed answers reach the files as text.
    fn value_check(&mut self, t: &DeTable, id: &str, kind: Kind) -> Option<Shape> {
        let (name, span) = tr::string(self.c, t, "value_check", Some(id))?;
        if !matches!(kind, Kind::Text | Kind::Email | Kind::Domain) {
            let message = format!(
                "`value_check` only applies to text, email and domain questions, not to {}",
                kind.name()
            );
            self.c.error(span, Some(id), message);
            return None;
        }
        let shape = Shape::from_name(&name);
        if shape.is_none() {
            let names: Vec<&str> = Shape::NAMED.iter().map(|(n, _)| *n).collect();
            self.c.error_help(
                span,
                Some(id),
                format!("unknown value_check `{name}`"),
                did_you_mean(&name, &names),
            );
        }
        shape
    }

    fn capacity(&mut self, t: &DeTable, id: &str, kind: Kind) -> Option<String> {
        let (area, span) = tr::string(self.c, t, "capacity", Some(id))?;
        if kind != Kind::YesPartlyNo {
            self.c.error(
                span.clone(),
                Some(id),
                format!(
                    "a capacity question must be yes_partly_no, not {}",
                    kind.name()
                ),
            );
        }
        if let Some(used) = self.area_used.get_mut(&area) {
            *used = true;
        } else {
            let areas: Vec<&str> = self.areas.iter().map(String::as_str).collect();
            self.c.error_help(
                span,
                Some(id),
                format!("unknown capacity area `{area}`"),
                did_you_mean(&area, &areas),
            );
        }
        Some(area)
    }

    fn default(&mut self, t: &DeTable, q: &Question) -> Option<crate::answer::Answer> {
        let v = tr::get(t, "default")?;
        let checked =
            super::answer_from_toml(q.kind, v.get_ref()).and_then(|a| q.check(&a).map(|_| a));
        checked
            .map_err(|m| self.c.error(v.span(), Some(&q.id), format!("default: {m}")))
            .ok()
    }

    fn condition(&mut self, v: &tr::Value, ctx: &str, earlier: &dyn Earlier) -> Option<Condition> {
        let DeValue::Table(t) = v.get_ref() else {
            self.c.error_help(
                v.span(),
                Some(ctx),
                format!("`show_if` must be a table, not {}", type_words(v.get_ref())),
                "write `show_if = { question = \"...\", equals = \"...\" }`",
            );
            return None;
        };
        tr::check_keys(self.c, t, CONDITION_KEYS, Some(ctx), "a condition");
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
                self.c.error_help(
                    v.span(),
                    Some(ctx),
                    "the condition says nothing to test",
                    "use one of: equals, one_of, at_least, below, not, all, any, condition",
                );
                None
            }
            _ => {
                self.c.error_help(
                    v.span(),
                    Some(ctx),
                    format!("the condition mixes {}", ops.join(" and ")),
                    "combine tests with `all = [...]` or `any = [...]`",
                );
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
            self.c.error_help(
                v.span(),
                None,
                "`conditions` must be a table of named conditions",
                "write `[conditions]` and then `name = { question = \"...\", equals = \"...\" }`",
            );
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
            self.c.error_help(
                name.span(),
                Some(ctx),
                "`condition` names a whole condition and takes nothing beside it",
                "combine it with others in `all = [...]` or `any = [...]`",
            );
            return None;
        }
        let DeValue::String(id) = name.get_ref() else {
            self.c.error(
                name.span(),
                Some(ctx),
                "`condition` must be the name of a condition in `[conditions]`, in quotes",
            );
            return None;
        };
        let Some(value) = self.named.get(id.as_ref()).cloned() else {
            let names: Vec<&str> = self.named.keys().map(String::as_str).collect();
            self.c.error_help(
                name.span(),
                Some(ctx),
                format!("`{id}` is not a condition in `[conditions]`"),
                did_you_mean(id, &names),
            );
            return None;
        };
        if self.expanding.iter().any(|e| e == id.as_ref()) {
            self.c.error(
                value.span(),
                Some(ctx),
                format!("the named condition `{id}` refers back to itself"),
            );
            return None;
        }
        self.expanded += 1;
        if self.expanded > MAX_EXPANDED {
            // Said once for the question: every later use is past the limit too.
            if self.expanded == MAX_EXPANDED + 1 {
                self.c.error_help(
                    name.span(),
                    Some(ctx),
                    format!(
                        "the named conditions used here expand to more than {MAX_EXPANDED} \
                         conditions, by naming one another over and over"
                    ),
                    "name each condition once in a list, or write the test out",
                );
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
            self.c.error(
                key.span(),
                Some(ctx),
                format!("`question` does not go with `{op}`; put it inside the nested condition"),
            );
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
            self.c.error(
                v.span(),
                Some(ctx),
                format!("`{op}` must be a list of conditions"),
            );
            return None;
        };
        if items.is_empty() {
            self.c
                .error(v.span(), Some(ctx), format!("`{op}` is an empty list"));
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
                self.c.error_help(
                    span,
                    Some(ctx),
                    format!("`{op}` needs the question it tests"),
                    "add `question = \"...\"`",
                );
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
            self.c
                .error(value.span(), Some(ctx), "`one_of` must be a list of values");
            return None;
        };
        if items.is_empty() {
            self.c
                .error(value.span(), Some(ctx), "`one_of` is an empty list");
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
            self.c.error(
                value.span(),
                Some(ctx),
                format!(
                    "`{op}` tests numbers, but `{}` is a {} question",
                    target.id,
                    target.kind.name()
                ),
            );
            return None;
        }
        let Some(limit) = tr::float_of(value.get_ref()).filter(|x| x.is_finite()) else {
            self.c
                .error(value.span(), Some(ctx), format!("`{op}` must be a number"));
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
        let message = if target == ctx {
            "a question's `show_if` cannot test its own answer".to_string()
        } else if self.ids.contains_key(target) {
            format!(
                "`show_if` names `{target}`, which comes later; a condition can only test earlier questions"
            )
        } else {
            format!("`show_if` names `{target}`, which is not a question")
        };
        let ids = earlier.ids();
        let help = if self.ids.contains_key(target) {
            "move this question after the one it tests".to_string()
        } else {
            did_you_mean(target, &ids)
        };
        self.c.error_help(span, Some(ctx), message, help);
        None
    }

    fn cond_value(&mut self, v: &tr::Value, target: &Question, ctx: &str) -> Option<CondValue> {
        let problem = match (target.kind, v.get_ref()) {
            (k, DeValue::String(s)) if k.is_choice() => match target.option(s) {
                Some(_) => return Some(CondValue::Text(s.to_string())),
                None => format!(
                    "`{s}` is not an option of `{}`; {}",
                    target.id,
                    did_you_mean(s, &target.option_ids())
                ),
            },
            (Kind::YesPartlyNo, DeValue::String(s)) => match Level::from_name(s) {
                Some(_) => return Some(CondValue::Text(s.to_string())),
                None => format!(
                    "`{s}` cannot be an answer to `{}`; use \"yes\", \"partly\" or \"no\"",
                    target.id
                ),
            },
            (k, value) if k.is_number() => match tr::float_of(value) {
                Some(x) => return Some(CondValue::Number(x)),
                None => format!("`{}` takes numbers, not {}", target.id, type_words(value)),
            },
            (Kind::Text | Kind::Email | Kind::Domain | Kind::Date, DeValue::String(s)) => {
                return Some(CondValue::Text(s.to_string()));
            }
            (_, value) => format!(
                "`{}` cannot be compared with {}",
                target.id,
                type_words(value)
            ),
        };
        self.c.error(v.span(), Some(ctx), problem);
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
