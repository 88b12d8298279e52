//! Reading the decision rules, every problem with its place.

use super::{AreaMitigation, CapacityWeight, KINDS, Mitigation, Rule, Rules, Texts};
use crate::diag::{Collector, Loaded, Source};
use crate::options::HostingOption;
use crate::questionnaire::{Questionnaire, parse_condition};
use crate::tomlread::{self as tr};
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

const TOP_KEYS: &[&str] = &["base", "capacity", "texts", "rules", "mitigations"];
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
    tr::check_keys(c, top, TOP_KEYS, None, "the decision rules");
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
                c.error(
                    at,
                    Some(&rule.id),
                    format!("rule id `{}` is used twice", rule.id),
                );
            }
            seen.push(rule.id.clone());
            Some(rule)
        })
        .collect();
    let mitigations = read_mitigations(c, top, q, parties);
    Rules {
        base,
        capacity,
        unknown_readiness,
        texts,
        rules,
        mitigations,
    }
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
        c.error(
            v.span(),
            None,
            format!("`{what}` must be a table of option ids to numbers"),
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
            (Some(_), found) => c.error(
                value.span(),
                None,
                match found {
                    // nan and inf read as numbers, so "must be a number" would puzzle.
                    Some(x) => format!(
                        "`{what}.{}` must be a finite number, not {}",
                        key.get_ref(),
                        toml_word(x)
                    ),
                    None => format!("`{what}.{}` must be a number", key.get_ref()),
                },
            ),
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
        c.error_help(
            span,
            None,
            format!("`{id}` is not a hosting option"),
            "use saas, tier4 or local",
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
                _ => c.error(
                    value.span(),
                    None,
                    "`unknown_readiness` must be a number from 0 to 1",
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

/// `{ weight = ..., pivot = ..., needs = "..." }` for one option.
fn capacity_weight(
    c: &mut Collector,
    o: HostingOption,
    value: &tr::Value,
) -> Option<CapacityWeight> {
    let DeValue::Table(wt) = value.get_ref() else {
        c.error(
            value.span(),
            None,
            "write `{ weight = ..., pivot = ..., needs = \"...\" }`",
        );
        return None;
    };
    let what = format!("capacity for `{}`", o.id());
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
            c.error(
                value.span(),
                None,
                format!("{what} needs a numeric `weight` and a `pivot` from 0 to 1"),
            );
            None
        }
    }
}

fn read_texts(c: &mut Collector, top: &DeTable, span: &Range<usize>) -> Texts {
    let Some(v) = top.get("texts") else {
        c.error(span.clone(), None, "the decision rules have no `[texts]`");
        return Texts::default();
    };
    let DeValue::Table(t) = v.get_ref() else {
        c.error(v.span(), None, "`texts` must be a table");
        return Texts::default();
    };
    tr::check_keys(
        c,
        t,
        &["capacity_reason", "capacity_unknown", "all_blocked"],
        None,
        "texts",
    );
    let mut get = |k| {
        tr::required_string(c, t, &v.span(), k, None, "`[texts]`")
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
    tr::check_keys(c, t, RULE_KEYS, None, "a rule");
    let (id, _) = tr::required_string(c, t, &span, "id", None, "a rule")?;
    let when = t.get("when").and_then(|v| parse_condition(c, v, q, &id));
    let capacity_below = t
        .get("capacity_below")
        .and_then(|v| match tr::float_of(v.get_ref()) {
            Some(x) if (0.0..=1.0).contains(&x) => Some(x),
            _ => {
                c.error(
                    v.span(),
                    Some(&id),
                    "`capacity_below` must be a number from 0 to 1",
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
            c.error(span, Some(&id), "`hard` must be true or false");
            false
        }
    };
    if hard && t.get("block").is_none() {
        c.error_help(
            span.clone(),
            Some(&id),
            "`hard` describes a block, but the rule blocks nothing",
            "add `block`, or remove `hard`",
        );
    }
    if t.get("when").is_none() && capacity_below.is_none() {
        c.error_help(
            span.clone(),
            Some(&id),
            "the rule has no `when` and no `capacity_below`, so it always applies",
            "add a condition, or fold the points into `[base]`",
        );
    }
    let changes_ranking = t.get("block").is_some() || t.get("points").is_some();
    if changes_ranking && reason.is_none() {
        c.error_help(
            span.clone(),
            Some(&id),
            "the rule changes the ranking but gives no `reason`",
            "every effect must be explained to the team",
        );
    }
    if !changes_ranking && t.get("warning").is_none() {
        c.error(
            span,
            Some(&id),
            "the rule has no effect: add `block`, `points` or `warning`",
        );
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
        c.error(v.span(), Some(id), "`block` must be a list of option ids");
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|i| match i.get_ref() {
            DeValue::String(s) => option(c, s, i.span()),
            _ => {
                c.error(i.span(), Some(id), "`block` must list option ids in quotes");
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
    for (t, span) in tr::tables(c, top, "mitigations", None) {
        tr::check_keys(
            c,
            t,
            &["area", "when", "gap", "partly"],
            None,
            "a mitigation",
        );
        let Some((area, aspan)) = tr::required_string(c, t, &span, "area", None, "a mitigation")
        else {
            continue;
        };
        if q.capacity_area(&area).is_none() {
            let ids: Vec<&str> = q.capacity_areas.iter().map(|a| a.id.as_str()).collect();
            c.error_help(
                aspan,
                Some(&area),
                format!("`{area}` is not a capacity area of `{}`", q.id),
                crate::suggest::did_you_mean(&area, &ids),
            );
            continue;
        }
        let when = t.get("when").and_then(|v| parse_condition(c, v, q, &area));
        let gap = read_mitigation(c, t, &span, "gap", &area, parties);
        let partly = read_mitigation(c, t, &span, "partly", &area, parties);
        let (Some(gap), Some(partly)) = (gap, partly) else {
            continue;
        };
        let list = out.entry(area.clone()).or_default();
        if when.is_none() && list.iter().any(|m| m.when.is_none()) {
            c.error_help(
                span,
                Some(&area),
                format!("capacity area `{area}` has two mitigation entries without `when`"),
                "give one of them a `when`, or merge them",
            );
            continue;
        }
        list.push(AreaMitigation { when, gap, partly });
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
            c.error_help(
                0..0,
                Some(&area.id),
                format!(
                    "capacity area `{}` has no mitigation without `when`",
                    area.id
                ),
                "add a `[[mitigations]]` entry with `gap` and `partly` and no condition",
            );
        }
    }
    out
}

fn read_mitigation(
    c: &mut Collector,
    t: &DeTable,
    span: &Range<usize>,
    key: &str,
    area: &str,
    parties: &[&str],
) -> Option<Mitigation> {
    let Some(v) = t.get(key) else {
        c.error(
            span.clone(),
            Some(area),
            format!("the mitigation has no `{key}`"),
        );
        return None;
    };
    let DeValue::Table(m) = v.get_ref() else {
        c.error(
            v.span(),
            Some(area),
            format!("`{key}` must be `{{ kind = ..., owner = ..., text = ... }}`"),
        );
        return None;
    };
    tr::check_keys(c, m, &["kind", "owner", "text"], Some(area), "a mitigation");
    let what = format!("`{key}`");
    let kind = tr::required_string(c, m, &v.span(), "kind", Some(area), &what);
    let owner = tr::required_string(c, m, &v.span(), "owner", Some(area), &what);
    let text = tr::required_string(c, m, &v.span(), "text", Some(area), &what);
    let ((kind, kspan), (owner, ospan), (text, _)) = (kind?, owner?, text?);
    if !KINDS.contains(&kind.as_str()) {
        c.error_help(
            kspan,
            Some(area),
            format!("unknown mitigation kind `{kind}`"),
            crate::suggest::did_you_mean(&kind, KINDS),
        );
    }
    if !parties.contains(&owner.as_str()) {
        c.error_help(
            ospan,
            Some(area),
            format!("`{owner}` is not a party"),
            crate::suggest::did_you_mean(&owner, parties),
        );
    }
    Some(Mitigation { kind, owner, text })
}
