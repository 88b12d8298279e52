//! Ranks the hosting options for a plan, even a partly answered one, and says why.
//!
//! The rules, weights and texts are data (`questionnaires/primero/decision.toml`); this
//! module only applies them. docs/decision.md explains the model.

use crate::answer::{Answer, Level};
use crate::diag::{Collector, Loaded, Source};
use crate::options::HostingOption;
use crate::questionnaire::{Answers, Condition, Questionnaire, parse_condition};
use crate::tomlread::{self as tr};
use serde::Serialize;
use std::collections::BTreeMap;
use std::ops::Range;
use toml::de::{DeTable, DeValue};

pub const BUILTIN_RULES: &str = include_str!("../../questionnaires/primero/decision.toml");
pub const BUILTIN_ORIGIN: &str = "questionnaires/primero/decision.toml";

/// The kinds of mitigation a capacity gap can have; front-ends name each in words.
pub(crate) const KINDS: &[&str] = &[
    "train",
    "hire",
    "outsource",
    "managed_service",
    "choose_saas",
    "agree",
];

/// The decision rules, read from data.
#[derive(Clone, Debug)]
pub struct Rules {
    base: BTreeMap<HostingOption, f64>,
    capacity: BTreeMap<HostingOption, CapacityWeight>,
    unknown_readiness: f64,
    texts: Texts,
    rules: Vec<Rule>,
    /// Per capacity area, its mitigations: those with a condition first, in file order,
    /// then the one without, which every area has.
    mitigations: BTreeMap<String, Vec<AreaMitigation>>,
}

/// How much an option's score moves with the team's readiness, and why its pivot is
/// where it is: the same readiness helps one option and holds another back, and the
/// reason must say so.
#[derive(Clone, Debug)]
struct CapacityWeight {
    weight: f64,
    pivot: f64,
    needs: String,
}

#[derive(Clone, Debug, Default)]
struct Texts {
    capacity_reason: String,
    capacity_unknown: String,
    all_blocked: String,
}

#[derive(Clone, Debug)]
struct Rule {
    id: String,
    when: Option<Condition>,
    capacity_below: Option<f64>,
    block: Vec<HostingOption>,
    points: BTreeMap<HostingOption, f64>,
    reason: Option<String>,
    warning: Option<String>,
    /// The block cannot be lifted by the team's own effort (a law, say), so a blocked
    /// option with such a blocker ranks below one the team could unblock.
    hard: bool,
}

#[derive(Clone, Debug)]
struct AreaMitigation {
    /// Applies only when this holds, so advice can follow what the plan already says
    /// (no "use a managed database" to a team that has chosen one).
    when: Option<Condition>,
    gap: Mitigation,
    partly: Mitigation,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Mitigation {
    /// train, hire, outsource, managed_service, choose_saas or agree.
    pub kind: String,
    /// A party id from the responsibilities matrix.
    pub owner: String,
    pub text: String,
}

/// A sentence of the decision, with the questions whose answers led to it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reason {
    pub rule: String,
    pub text: String,
    pub questions: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Assessment {
    pub option: HostingOption,
    pub score: f64,
    pub blockers: Vec<Reason>,
    /// How many of the blockers the team cannot lift itself.
    #[serde(skip)]
    pub hard_blockers: usize,
    /// Points for and against, with the number of points each brought.
    pub reasons: Vec<(Reason, f64)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Readiness {
    Ready,
    Partly,
    Gap,
    Unknown,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AreaReadiness {
    pub area: String,
    pub title: String,
    pub question: String,
    pub status: Readiness,
    pub mitigation: Option<Mitigation>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Decision {
    pub recommended: HostingOption,
    /// Best first: options without blockers by score, then blocked ones.
    pub ranking: Vec<Assessment>,
    /// Average readiness over answered capacity questions (0 to 1), if any is answered.
    pub readiness: Option<f64>,
    pub areas: Vec<AreaReadiness>,
    pub warnings: Vec<Reason>,
}

impl Assessment {
    pub fn is_blocked(&self) -> bool {
        !self.blockers.is_empty()
    }
}

impl Decision {
    pub fn assessment(&self, option: HostingOption) -> &Assessment {
        self.ranking
            .iter()
            .find(|a| a.option == option)
            .expect("every option is ranked")
    }

    pub fn gaps(&self) -> impl Iterator<Item = &AreaReadiness> {
        self.areas
            .iter()
            .filter(|a| matches!(a.status, Readiness::Gap | Readiness::Partly))
    }
}

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

    /// Ranks the options for these answers. Answers to hidden questions are ignored.
    pub fn decide(&self, q: &Questionnaire, answers: &Answers) -> Decision {
        self.decide_shown(q, &q.shown_answers(answers))
    }

    /// Ranks the options for answers already limited to the questions they show.
    pub fn decide_shown(&self, q: &Questionnaire, visible: &Answers) -> Decision {
        let areas = self.areas(q, visible);
        let readiness = readiness(&areas);
        let fill = |text: &str| fill(text, readiness, &areas);
        // Only the capacity answers readiness was worked out from are cited.
        let capacity_questions: Vec<String> = areas
            .iter()
            .filter(|a| a.status != Readiness::Unknown)
            .map(|a| a.question.clone())
            .collect();
        let mut ranking: Vec<Assessment> = HostingOption::ALL
            .into_iter()
            .map(|o| Assessment {
                option: o,
                score: self.base.get(&o).copied().unwrap_or(0.0),
                blockers: Vec::new(),
                hard_blockers: 0,
                reasons: Vec::new(),
            })
            .collect();
        self.apply_capacity(&mut ranking, readiness, &fill, &capacity_questions);
        let mut warnings = Vec::new();
        for rule in &self.rules {
            if !rule.holds(visible, readiness) {
                continue;
            }
            let mut questions: Vec<String> = rule.when.as_ref().map_or(Vec::new(), |w| {
                w.questions().iter().map(|s| s.to_string()).collect()
            });
            if rule.capacity_below.is_some() {
                questions.extend(capacity_questions.iter().cloned());
            }
            let reason = |text: &str| Reason {
                rule: rule.id.clone(),
                text: fill(text),
                questions: questions.clone(),
            };
            if let Some(text) = &rule.warning {
                warnings.push(reason(text));
            }
            let Some(text) = &rule.reason else { continue };
            for a in ranking.iter_mut() {
                if rule.block.contains(&a.option) {
                    a.blockers.push(reason(text));
                    a.hard_blockers += usize::from(rule.hard);
                }
                if let Some(p) = rule.points.get(&a.option) {
                    a.score += p;
                    a.reasons.push((reason(text), *p));
                }
            }
        }
        rank(&mut ranking);
        if ranking.iter().all(Assessment::is_blocked) {
            warnings.push(Reason {
                rule: "all_blocked".into(),
                text: self.texts.all_blocked.clone(),
                questions: Vec::new(),
            });
        }
        Decision {
            recommended: ranking[0].option,
            ranking,
            readiness,
            areas,
            warnings,
        }
    }

    fn areas(&self, q: &Questionnaire, answers: &Answers) -> Vec<AreaReadiness> {
        let mut out = Vec::new();
        for question in q.questions() {
            let Some(area_id) = &question.capacity else {
                continue;
            };
            let status = match answers.get(&question.id) {
                Some(Answer::Level(Level::Yes)) => Readiness::Ready,
                Some(Answer::Level(Level::Partly)) => Readiness::Partly,
                Some(Answer::Level(Level::No)) => Readiness::Gap,
                _ => Readiness::Unknown,
            };
            let plan = self.mitigations.get(area_id).and_then(|list| {
                list.iter().find(|m| {
                    m.when
                        .as_ref()
                        .is_none_or(|w| w.holds(&|id| answers.get(id)))
                })
            });
            let mitigation = match status {
                Readiness::Gap => plan.map(|m| m.gap.clone()),
                Readiness::Partly => plan.map(|m| m.partly.clone()),
                _ => None,
            };
            let title = q
                .capacity_area(area_id)
                .map_or(area_id.clone(), |a| a.title.clone());
            out.push(AreaReadiness {
                area: area_id.clone(),
                title,
                question: question.id.clone(),
                status,
                mitigation,
            });
        }
        out
    }

    fn apply_capacity(
        &self,
        ranking: &mut [Assessment],
        readiness: Option<f64>,
        fill: &dyn Fn(&str) -> String,
        questions: &[String],
    ) {
        let (value, text) = match readiness {
            Some(r) => (r, &self.texts.capacity_reason),
            None => (self.unknown_readiness, &self.texts.capacity_unknown),
        };
        for a in ranking.iter_mut() {
            let Some(c) = self.capacity.get(&a.option) else {
                continue;
            };
            let points = c.weight * (value - c.pivot);
            a.score += points;
            let needs = c.needs.replace("{pivot}", &percent(c.pivot));
            let reason = Reason {
                rule: "capacity".into(),
                text: fill(text).replace("{needs}", &needs),
                questions: questions.to_vec(),
            };
            a.reasons.push((reason, points));
        }
    }
}

impl Rule {
    /// Rules on readiness fire only when readiness is known: an unasked capacity question
    /// says nothing about the team, and the capacity weights already price the unknown.
    fn holds(&self, answers: &Answers, readiness: Option<f64>) -> bool {
        let when = self
            .when
            .as_ref()
            .is_none_or(|w| w.holds(&|id| answers.get(id)));
        let capacity = match (self.capacity_below, readiness) {
            (None, _) => true,
            (Some(limit), Some(r)) => r < limit,
            (Some(_), None) => false,
        };
        when && capacity
    }
}

fn readiness(areas: &[AreaReadiness]) -> Option<f64> {
    let values: Vec<f64> = areas
        .iter()
        .filter_map(|a| match a.status {
            Readiness::Ready => Some(1.0),
            Readiness::Partly => Some(0.5),
            Readiness::Gap => Some(0.0),
            Readiness::Unknown => None,
        })
        .collect();
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

fn fill(text: &str, readiness: Option<f64>, areas: &[AreaReadiness]) -> String {
    let percent = readiness.map_or("unknown".to_string(), percent);
    let answered = areas
        .iter()
        .filter(|a| a.status != Readiness::Unknown)
        .count();
    text.replace("{readiness}", &percent)
        .replace("{answered}", &answered.to_string())
}

/// Unblocked options first, each group by score; among blocked ones, those the team could
/// unblock before those a law or the like rules out. Ties keep the order SaaS, Tier 4,
/// local, which runs from least to most local effort.
fn rank(ranking: &mut [Assessment]) {
    ranking.sort_by(|a, b| {
        a.is_blocked()
            .cmp(&b.is_blocked())
            .then(a.hard_blockers.cmp(&b.hard_blockers))
            .then(b.score.total_cmp(&a.score))
            .then(a.option.cmp(&b.option))
    });
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
