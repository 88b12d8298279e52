//! Reading the decision rules, every problem with its place.

use super::{AreaMitigation, BudgetRule, CapacityWeight, KINDS, Mitigation, Rule, Rules, Texts};
use crate::base::diag::{Collector, Loaded, Source, args};
use crate::base::key;
use crate::base::strings;
use crate::base::tomlread::did_you_mean;
use crate::base::tomlread::{self as tr};
use crate::core::options::HostingOption;
use crate::core::questionnaire::{Questionnaire, parse_condition};
use std::collections::BTreeMap;
use std::ops::Range;
use toml::de::{DeTable, DeValue};

impl Rules {
    /// Reads rules that go with questionnaire `q`; mitigation owners must be in `parties`.
    pub fn parse(source: Source, q: &Questionnaire, parties: &[&str]) -> Loaded<Rules> {
        let mut c = Collector::new(source);
        let Some(doc) = tr::parse_document(source.text, &mut c) else {
            return Err(c.finish());
        };
        let rules = read_rules(&mut c, doc.get_ref(), doc.span(), q, parties);
        if c.has_errors() {
            Err(c.finish())
        } else {
            Ok((rules, c.finish()))
        }
    }
}

const TOP_KEYS: &[&str] = &[
    "base",
    "capacity",
    "texts",
    "rules",
    "mitigations",
    "budget",
];
const RULE_KEYS: &[&str] = &[
    "id",
    "when",
    "capacity_below",
    "block",
    "points",
    "reason",
    "warning",
    "hard",
];

fn read_rules(
    c: &mut Collector,
    top: &DeTable,
    span: Range<usize>,
    q: &Questionnaire,
    parties: &[&str],
) -> Rules {
    tr::check_keys(
        c,
        top,
        TOP_KEYS,
        None,
        strings::get(key::data::what::DECISION_RULES),
    );
    let base = option_numbers(c, top.get("base"), "base");
    let (capacity, unknown_readiness) = read_capacity(c, top.get("capacity"));
    let texts = read_texts(c, top, &span);
    // Explanations and advice name a rule by its id, so two rules must not share one.
    let mut seen: Vec<String> = Vec::new();
    let rules = tr::tables(c, top, "rules", None)
        .into_iter()
        .filter_map(|(t, s)| {
            let rule = read_rule(c, t, s, q)?;
            if seen.contains(&rule.id) {
                let at = t.get("id").map_or(0..0, |v| v.span());
                c.fail(
                    at,
                    Some(&rule.id),
                    key::data::decision::RULE_TWICE,
                    args(&[("id", &rule.id)]),
                );
            }
            seen.push(rule.id.clone());
            Some(rule)
        })
        .collect();
    let mitigations = read_mitigations(c, top, q, parties);
    let budget = read_budget(c, top);
    Rules {
        base,
        capacity,
        unknown_readiness,
        texts,
        rules,
        mitigations,
        budget,
    }
}

/// `[budget]`: the points and the reason an option gets when the yearly budget cannot
/// carry its costliest year. Optional, so decision rules without cost figures still read.
fn read_budget(c: &mut Collector, top: &DeTable) -> Option<BudgetRule> {
    let v = top.get("budget")?;
    let what = strings::get(key::data::what::BUDGET_TABLE);
    let DeValue::Table(t) = v.get_ref() else {
        c.fail(
            v.span(),
            None,
            key::data::decision::BUDGET_NOT_TABLE,
            Vec::new(),
        );
        return None;
    };
    tr::check_keys(c, t, &["points", "reason", "replaces"], None, what);
    let reason = tr::required_string(c, t, &v.span(), "reason", None, what)?.0;
    let points = match t
        .get("points")
        .map(|p| (tr::float_of(p.get_ref()), p.span()))
    {
        Some((Some(x), _)) if x.is_finite() => x,
        Some((_, span)) => {
            let values = args(&[("table", "budget"), ("key", "points")]);
            c.fail(span, None, key::data::decision::NOT_A_NUMBER, values);
            return None;
        }
        None => 0.0,
    };
    let replaces = rule_ids(c, t.get("replaces"));
    Some(BudgetRule {
        points,
        reason,
        replaces,
    })
}

/// `replaces`: a list of rule ids.
fn rule_ids(c: &mut Collector, v: Option<&tr::Value>) -> Vec<String> {
    let Some(v) = v else { return Vec::new() };
    let DeValue::Array(items) = v.get_ref() else {
        c.fail(
            v.span(),
            None,
            key::data::decision::BUDGET_REPLACES,
            Vec::new(),
        );
        return Vec::new();
    };
    let mut ids = Vec::new();
    for item in items.iter() {
        match item.get_ref() {
            DeValue::String(id) => ids.push(id.to_string()),
            _ => c.fail(
                item.span(),
                None,
                key::data::decision::BUDGET_REPLACES,
                Vec::new(),
            ),
        }
    }
    ids
}

/// A table keyed by option id: `{ saas = 1.0, tier4 = 2.0 }`.
fn option_numbers(
    c: &mut Collector,
    v: Option<&tr::Value>,
    what: &str,
) -> BTreeMap<HostingOption, f64> {
    let mut out = BTreeMap::new();
    let Some(v) = v else { return out };
    let DeValue::Table(t) = v.get_ref() else {
        c.fail(
            v.span(),
            None,
            key::data::decision::NOT_OPTION_TABLE,
            args(&[("key", what)]),
        );
        return out;
    };
    for (key, value) in t.iter() {
        match (
            option(c, key.get_ref(), key.span()),
            tr::float_of(value.get_ref()),
        ) {
            (Some(o), Some(x)) if x.is_finite() => {
                out.insert(o, x);
            }
            (Some(_), found) => {
                let mut words = args(&[("table", what), ("key", key.get_ref())]);
                let problem = match found {
                    // nan and inf read as numbers, so "must be a number" would puzzle.
                    Some(x) => {
                        words.push(("value", toml_word(x).to_string()));
                        key::data::decision::NOT_FINITE
                    }
                    None => key::data::decision::NOT_A_NUMBER,
                };
                c.fail(value.span(), None, problem, words);
            }
            (None, _) => {}
        }
    }
    out
}

/// nan, inf or -inf as they are written in TOML.
fn toml_word(x: f64) -> &'static str {
    match x {
        x if x.is_nan() => "nan",
        x if x > 0.0 => "inf",
        _ => "-inf",
    }
}

fn option(c: &mut Collector, id: &str, span: Range<usize>) -> Option<HostingOption> {
    let found = HostingOption::from_id(id);
    if found.is_none() {
        c.fail(
            span,
            None,
            key::data::decision::NOT_AN_OPTION,
            args(&[("id", id)]),
        );
    }
    found
}

fn read_capacity(
    c: &mut Collector,
    v: Option<&tr::Value>,
) -> (BTreeMap<HostingOption, CapacityWeight>, f64) {
    let mut out = BTreeMap::new();
    let mut unknown = 0.25;
    let Some(DeValue::Table(t)) = v.map(|v| v.get_ref()) else {
        return (out, unknown);
    };
    for (key, value) in t.iter() {
        if key.get_ref() == "unknown_readiness" {
            match tr::float_of(value.get_ref()) {
                Some(x) if (0.0..=1.0).contains(&x) => unknown = x,
                _ => c.fail(
                    value.span(),
                    None,
                    key::data::decision::UNKNOWN_READINESS,
                    Vec::new(),
                ),
            }
            continue;
        }
        let Some(o) = option(c, key.get_ref(), key.span()) else {
            continue;
        };
        if let Some(weight) = capacity_weight(c, o, value) {
            out.insert(o, weight);
        }
    }
    (out, unknown)
}

/// How a capacity entry is written; TOML, so not in the catalogue.
const CAPACITY_FORM: &str = "{ weight = ..., pivot = ..., needs = \"...\" }";

/// `{ weight = ..., pivot = ..., needs = "..." }` for one option.
fn capacity_weight(
    c: &mut Collector,
    o: HostingOption,
    value: &tr::Value,
) -> Option<CapacityWeight> {
    let DeValue::Table(wt) = value.get_ref() else {
        c.fail(
            value.span(),
            None,
            key::data::decision::CAPACITY_FORM,
            args(&[("form", CAPACITY_FORM)]),
        );
        return None;
    };
    let what = strings::fill(key::data::what::CAPACITY_FOR, &[("option", o.id())]);
    tr::check_keys(c, wt, &["weight", "pivot", "needs"], None, &what);
    let num = |k: &str| {
        wt.get(k)
            .and_then(|v| tr::float_of(v.get_ref()))
            .filter(|x| x.is_finite())
    };
    let needs = tr::required_string(c, wt, &value.span(), "needs", None, &what);
    match (num("weight"), num("pivot"), needs) {
        (Some(weight), Some(pivot), Some((needs, _))) if (0.0..=1.0).contains(&pivot) => {
            Some(CapacityWeight {
                weight,
                pivot,
                needs,
            })
        }
        (_, _, None) => None,
        _ => {
            c.fail(
                value.span(),
                None,
                key::data::decision::CAPACITY_NUMBERS,
                args(&[("option", o.id())]),
            );
            None
        }
    }
}

fn read_texts(c: &mut Collector, top: &DeTable, span: &Range<usize>) -> Texts {
    let Some(v) = top.get("texts") else {
        c.fail(
            span.clone(),
            None,
            key::data::decision::NO_TEXTS,
            Vec::new(),
        );
        return Texts::default();
    };
    let DeValue::Table(t) = v.get_ref() else {
        c.fail(
            v.span(),
            None,
            key::data::decision::TEXTS_NOT_TABLE,
            Vec::new(),
        );
        return Texts::default();
    };
    tr::check_keys(
        c,
        t,
        &["capacity_reason", "capacity_unknown", "all_blocked"],
        None,
        strings::get(key::data::what::TEXTS),
    );
    let what = strings::get(key::data::what::TEXTS_TABLE);
    let mut get = |k| {
        tr::required_string(c, t, &v.span(), k, None, what)
            .map(|s| s.0)
            .unwrap_or_default()
    };
    Texts {
        capacity_reason: get("capacity_reason"),
        capacity_unknown: get("capacity_unknown"),
        all_blocked: get("all_blocked"),
    }
}

fn read_rule(
    c: &mut Collector,
    t: &DeTable,
    span: Range<usize>,
    q: &Questionnaire,
) -> Option<Rule> {
    let what = strings::get(key::data::what::RULE);
    tr::check_keys(c, t, RULE_KEYS, None, what);
    // Translations name a rule's texts by its id, so it is snake_case like every key.
    let (id, _) = tr::id_field(c, t, &span, None, what)?;
    let when = t.get("when").and_then(|v| parse_condition(c, v, q, &id));
    let capacity_below = t
        .get("capacity_below")
        .and_then(|v| match tr::float_of(v.get_ref()) {
            Some(x) if (0.0..=1.0).contains(&x) => Some(x),
            _ => {
                c.fail(
                    v.span(),
                    Some(&id),
                    key::data::decision::CAPACITY_BELOW,
                    Vec::new(),
                );
                None
            }
        });
    let block = read_block(c, t, &id);
    let points = option_numbers(c, t.get("points"), "points");
    let reason = tr::string(c, t, "reason", Some(&id)).map(|s| s.0);
    let warning = tr::string(c, t, "warning", Some(&id)).map(|s| s.0);
    let hard = match t.get("hard").map(|v| (v.get_ref(), v.span())) {
        None => false,
        Some((DeValue::Boolean(b), _)) => *b,
        Some((_, span)) => {
            c.fail(
                span,
                Some(&id),
                key::data::decision::HARD_NOT_BOOL,
                Vec::new(),
            );
            false
        }
    };
    if hard && t.get("block").is_none() {
        c.fail(
            span.clone(),
            Some(&id),
            key::data::decision::HARD_WITHOUT_BLOCK,
            Vec::new(),
        );
    }
    if t.get("when").is_none() && capacity_below.is_none() {
        c.fail(
            span.clone(),
            Some(&id),
            key::data::decision::ALWAYS_APPLIES,
            Vec::new(),
        );
    }
    let changes_ranking = t.get("block").is_some() || t.get("points").is_some();
    if changes_ranking && reason.is_none() {
        c.fail(
            span.clone(),
            Some(&id),
            key::data::decision::NO_REASON,
            Vec::new(),
        );
    }
    if !changes_ranking && t.get("warning").is_none() {
        c.fail(span, Some(&id), key::data::decision::NO_EFFECT, Vec::new());
    }
    Some(Rule {
        id,
        when,
        capacity_below,
        block,
        points,
        reason,
        warning,
        hard,
    })
}

fn read_block(c: &mut Collector, t: &DeTable, id: &str) -> Vec<HostingOption> {
    let Some(v) = t.get("block") else {
        return Vec::new();
    };
    let DeValue::Array(items) = v.get_ref() else {
        c.fail(
            v.span(),
            Some(id),
            key::data::decision::BLOCK_NOT_LIST,
            Vec::new(),
        );
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|i| match i.get_ref() {
            DeValue::String(s) => option(c, s, i.span()),
            _ => {
                c.fail(
                    i.span(),
                    Some(id),
                    key::data::decision::BLOCK_NOT_QUOTED,
                    Vec::new(),
                );
                None
            }
        })
        .collect()
}

fn read_mitigations(
    c: &mut Collector,
    top: &DeTable,
    q: &Questionnaire,
    parties: &[&str],
) -> BTreeMap<String, Vec<AreaMitigation>> {
    let mut out: BTreeMap<String, Vec<AreaMitigation>> = BTreeMap::new();
    let mut ids: Vec<String> = Vec::new();
    for (t, span) in tr::tables(c, top, "mitigations", None) {
        let what = strings::get(key::data::what::MITIGATION);
        tr::check_keys(c, t, &["id", "area", "when", "gap", "partly"], None, what);
        let Some((area, aspan)) = tr::required_string(c, t, &span, "area", None, what) else {
            continue;
        };
        if q.capacity_area(&area).is_none() {
            let ids: Vec<&str> = q.capacity_areas.iter().map(|a| a.id.as_str()).collect();
            c.fail(
                aspan,
                Some(&area),
                key::data::decision::NOT_AN_AREA,
                args(&[
                    ("area", &area),
                    ("questionnaire", &q.id),
                    ("hint", &did_you_mean(&area, &ids)),
                ]),
            );
            continue;
        }
        let when = t.get("when").and_then(|v| parse_condition(c, v, q, &area));
        let id = mitigation_id(c, t, &span, &area, &mut ids);
        let gap = read_mitigation(c, t, &span, "gap", &area, parties);
        let partly = read_mitigation(c, t, &span, "partly", &area, parties);
        let (Some(id), Some(gap), Some(partly)) = (id, gap, partly) else {
            continue;
        };
        let list = out.entry(area.clone()).or_default();
        if when.is_none() && list.iter().any(|m| m.when.is_none()) {
            c.fail(
                span,
                Some(&area),
                key::data::decision::TWO_FALLBACKS,
                args(&[("area", &area)]),
            );
            continue;
        }
        list.push(AreaMitigation {
            id,
            when,
            gap,
            partly,
        });
    }
    for list in out.values_mut() {
        // The unconditional entry is the fallback, so it goes last.
        list.sort_by_key(|m| m.when.is_none());
    }
    for area in &q.capacity_areas {
        let has_fallback = out
            .get(&area.id)
            .is_some_and(|l| l.iter().any(|m| m.when.is_none()));
        if !has_fallback && !c.has_errors() {
            c.fail(
                0..0,
                Some(&area.id),
                key::data::decision::NO_FALLBACK,
                args(&[("area", &area.id)]),
            );
        }
    }
    out
}

/// The id translations name a mitigation's texts by: its own `id`, which an entry with
/// `when` must have, or else its area's. Each is used once; `ids` holds those read so far.
fn mitigation_id(
    c: &mut Collector,
    t: &DeTable,
    span: &Range<usize>,
    area: &str,
    ids: &mut Vec<String>,
) -> Option<String> {
    let what = strings::get(key::data::what::MITIGATION);
    let (id, at) = match (t.get("id"), t.get("when")) {
        (Some(_), _) => tr::id_field(c, t, span, Some(area), what)?,
        (None, Some(when)) => {
            let values = args(&[("area", area)]);
            c.fail(
                when.span(),
                Some(area),
                key::data::decision::MITIGATION_NEEDS_ID,
                values,
            );
            return None;
        }
        (None, None) => (area.to_string(), span.clone()),
    };
    if ids.contains(&id) {
        let values = args(&[("id", &id)]);
        c.fail(at, Some(&id), key::data::decision::MITIGATION_TWICE, values);
        return None;
    }
    ids.push(id.clone());
    Some(id)
}

/// How a mitigation is written; TOML, so not in the catalogue.
const MITIGATION_FORM: &str = "{ kind = ..., owner = ..., text = ... }";

fn read_mitigation(
    c: &mut Collector,
    t: &DeTable,
    span: &Range<usize>,
    key: &str,
    area: &str,
    parties: &[&str],
) -> Option<Mitigation> {
    let Some(v) = t.get(key) else {
        c.fail(
            span.clone(),
            Some(area),
            key::data::decision::NO_MITIGATION,
            args(&[("key", key)]),
        );
        return None;
    };
    let DeValue::Table(m) = v.get_ref() else {
        c.fail(
            v.span(),
            Some(area),
            key::data::decision::MITIGATION_FORM,
            args(&[("key", key), ("form", MITIGATION_FORM)]),
        );
        return None;
    };
    tr::check_keys(
        c,
        m,
        &["kind", "owner", "text"],
        Some(area),
        strings::get(key::data::what::MITIGATION),
    );
    let what = strings::fill(key::data::what::KEY, &[("key", key)]);
    let kind = tr::required_string(c, m, &v.span(), "kind", Some(area), &what);
    let owner = tr::required_string(c, m, &v.span(), "owner", Some(area), &what);
    let text = tr::required_string(c, m, &v.span(), "text", Some(area), &what);
    let ((kind, kspan), (owner, ospan), (text, _)) = (kind?, owner?, text?);
    if !KINDS.contains(&kind.as_str()) {
        c.fail(
            kspan,
            Some(area),
            key::data::decision::UNKNOWN_KIND,
            args(&[("kind", &kind), ("hint", &did_you_mean(&kind, KINDS))]),
        );
    }
    if !parties.contains(&owner.as_str()) {
        c.fail(
            ospan,
            Some(area),
            key::data::decision::NOT_A_PARTY,
            args(&[("owner", &owner), ("hint", &did_you_mean(&owner, parties))]),
        );
    }
    Some(Mitigation { kind, owner, text })
}
