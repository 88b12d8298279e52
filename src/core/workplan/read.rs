//! Reading the work plan templates, every problem with its place.

use super::{
    Engagement, GapArea, GapRules, OsRule, Owner, Release, Scale, TaskTemplate, Templates,
};
use crate::base::diag::{Args, Collector, Diagnostic, Loaded, Source, args};
use crate::base::key;
use crate::base::strings;
use crate::base::tomlread::did_you_mean;
use crate::base::tomlread::{self as tr};
use crate::core::options::HostingOption;
use crate::core::questionnaire::{Kind, Questionnaire, parse_condition};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use toml::de::{DeTable, DeValue};

impl Templates {
    /// Reads task templates for questionnaire `q`. Owners must be in `parties` and
    /// activities in `activities` (ids of the responsibilities matrix).
    pub fn parse(
        source: Source,
        q: &Questionnaire,
        parties: &[&str],
        activities: &[&str],
    ) -> Loaded<Templates> {
        let mut c = Collector::new(source);
        let Some(doc) = tr::parse_document(source.text, &mut c) else {
            return Err(c.finish());
        };
        let ctx = Ctx {
            q,
            parties,
            activities,
        };
        let t = read_templates(&mut c, doc.get_ref(), doc.span(), &ctx);
        if c.has_errors() {
            Err(c.finish())
        } else {
            Ok((t, c.finish()))
        }
    }
}

/// What the templates are checked against.
struct Ctx<'a> {
    q: &'a Questionnaire,
    parties: &'a [&'a str],
    activities: &'a [&'a str],
}

const TOP_KEYS: &[&str] = &["phases", "tasks", "gaps", "engagements", "os"];
const TASK_KEYS: &[&str] = &[
    "id", "phase", "title", "days", "scale", "max_days", "after", "owner", "activity", "options",
    "when", "named_by",
];

fn read_templates(c: &mut Collector, top: &DeTable, span: Range<usize>, x: &Ctx) -> Templates {
    tr::check_keys(
        c,
        top,
        TOP_KEYS,
        None,
        strings::get(key::data::what::WORK_PLAN),
    );
    let phases = read_phases(c, top);
    let phase_ids: Vec<&str> = phases.iter().map(|p| p.0.as_str()).collect();
    let mut tasks: Vec<TaskTemplate> = Vec::new();
    let mut spans: HashMap<String, Range<usize>> = HashMap::new();
    for (t, s) in tr::tables(c, top, "tasks", None) {
        if let Some(task) = read_task(c, t, &s, x, &phase_ids) {
            if spans.insert(task.id.clone(), s.clone()).is_some() {
                c.fail(
                    s,
                    Some(&task.id),
                    key::data::workplan::TASK_TWICE,
                    args(&[("id", &task.id)]),
                );
            }
            tasks.push(task);
        }
    }
    check_after(c, &tasks, &spans);
    let task_ids: Vec<&str> = tasks.iter().map(|t| t.id.as_str()).collect();
    let known = Known {
        phases: &phase_ids,
        tasks: &task_ids,
    };
    let gaps = read_gaps(c, top, &span, x, &known);
    check_gap_order(c, top, &gaps, &tasks);
    let engagements = read_engagements(c, top, x, &known);
    let os = read_os(c, top, x, &known);
    Templates {
        phases,
        tasks,
        gaps,
        engagements,
        os,
    }
}

/// Ids the rest of the file may name.
struct Known<'a> {
    phases: &'a [&'a str],
    tasks: &'a [&'a str],
}

impl Known<'_> {
    fn check_task(&self, c: &mut Collector, span: Range<usize>, ctx: Option<&str>, id: &str) {
        if !self.tasks.contains(&id) {
            c.fail(
                span,
                ctx,
                key::data::workplan::NOT_A_TASK,
                args(&[("id", id), ("hint", &did_you_mean(id, self.tasks))]),
            );
        }
    }

    fn check_phase(&self, c: &mut Collector, span: Range<usize>, ctx: Option<&str>, id: &str) {
        if !self.phases.contains(&id) {
            c.fail(
                span,
                ctx,
                key::data::workplan::NOT_A_PHASE,
                args(&[("id", id), ("hint", &did_you_mean(id, self.phases))]),
            );
        }
    }
}

fn read_phases(c: &mut Collector, top: &DeTable) -> Vec<(String, String)> {
    let mut phases = Vec::new();
    for (t, s) in tr::tables(c, top, "phases", None) {
        let what = strings::get(key::data::what::PHASE);
        tr::check_keys(c, t, &["id", "title"], None, what);
        if let (Some((id, at)), Some((title, _))) = (
            tr::id_field(c, t, &s, None, what),
            tr::required_string(c, t, &s, "title", None, what),
        ) {
            if phases.iter().any(|(p, _)| *p == id) {
                let values = args(&[("id", &id)]);
                c.fail(at, Some(&id), key::data::workplan::PHASE_TWICE, values);
                continue;
            }
            phases.push((id, title));
        }
    }
    phases
}

fn read_task(
    c: &mut Collector,
    t: &DeTable,
    s: &Range<usize>,
    x: &Ctx,
    phases: &[&str],
) -> Option<TaskTemplate> {
    let a_task = strings::get(key::data::what::TASK);
    tr::check_keys(c, t, TASK_KEYS, None, a_task);
    let (id, _) = tr::id_field(c, t, s, None, a_task)?;
    let ctx = Some(id.as_str());
    let the_task = strings::get(key::data::what::THE_TASK);
    let phase = tr::required_string(c, t, s, "phase", ctx, the_task);
    if let Some((p, pspan)) = &phase
        && !phases.contains(&p.as_str())
    {
        c.fail(
            pspan.clone(),
            ctx,
            key::data::workplan::NOT_A_PHASE,
            args(&[("id", p), ("hint", &did_you_mean(p, phases))]),
        );
    }
    let title = tr::required_string(c, t, s, "title", ctx, the_task);
    let days = read_days(c, t, s, ctx, 0).unwrap_or(0);
    let max_days = t.get("max_days").and_then(|_| read_days(c, t, s, ctx, 1));
    let after = string_list(c, t, "after", ctx);
    let owner = read_owner(c, t, s, &id, x.parties, x.activities);
    let options = read_options(c, t, ctx);
    let when = t.get("when").and_then(|v| parse_condition(c, v, x.q, &id));
    let scale = read_scale(c, t, ctx, x.q);
    let named_by = read_named_by(c, t, ctx, x.q);
    Some(TaskTemplate {
        id,
        phase: phase?.0,
        title: title?.0,
        days,
        scale,
        max_days,
        after,
        owner: owner?,
        options,
        when,
        named_by,
    })
}

/// `days` (or `max_days` when `least` is 1): a whole number of working days.
fn read_days(
    c: &mut Collector,
    t: &DeTable,
    s: &Range<usize>,
    ctx: Option<&str>,
    least: i64,
) -> Option<u32> {
    let key = if least == 0 { "days" } else { "max_days" };
    match t.get(key).map(|v| (tr::integer_of(v.get_ref()), v.span())) {
        Some((Some(Ok(n)), _)) if (least..=1000).contains(&n) => Some(n as u32),
        Some((_, span)) => {
            c.fail(
                span,
                ctx,
                key::data::workplan::BAD_DAYS,
                args(&[("key", key), ("least", &least.to_string())]),
            );
            None
        }
        None => {
            c.fail(s.clone(), ctx, key::data::workplan::NO_DAYS, Vec::new());
            None
        }
    }
}

fn read_options(c: &mut Collector, t: &DeTable, ctx: Option<&str>) -> Vec<HostingOption> {
    if t.get("options").is_none() {
        return HostingOption::ALL.to_vec();
    }
    string_list(c, t, "options", ctx)
        .iter()
        .filter_map(|o| {
            let found = HostingOption::from_id(o);
            if found.is_none() {
                c.fail(
                    t["options"].span(),
                    ctx,
                    key::data::workplan::NOT_AN_OPTION,
                    args(&[("option", o)]),
                );
            }
            found
        })
        .collect()
}

/// A problem of a `scale` entry, with the help that shows how one is written.
fn scale_problem(
    c: &mut Collector,
    span: Range<usize>,
    ctx: Option<&str>,
    key: &'static str,
    mut words: Args,
) {
    // TOML, so not in the catalogue.
    words.extend(args(&[
        (
            "per_unit",
            "{ question = \"active_users\", per = 50, days = 1 }",
        ),
        (
            "by_choice",
            "{ question = \"isp_status\", add = { not_started = 10 } }",
        ),
    ]));
    let d = Diagnostic::error(key, words).help_at(key::data::workplan_help::SCALE);
    c.add(Some(span), d.about(ctx));
}

fn read_scale(c: &mut Collector, t: &DeTable, ctx: Option<&str>, q: &Questionnaire) -> Vec<Scale> {
    let Some(v) = t.get("scale") else {
        return Vec::new();
    };
    let DeValue::Array(items) = v.get_ref() else {
        scale_problem(
            c,
            v.span(),
            ctx,
            key::data::workplan::SCALE_NOT_LIST,
            Vec::new(),
        );
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| match item.get_ref() {
            DeValue::Table(rule) => read_scale_rule(c, rule, item.span(), ctx, q),
            _ => {
                scale_problem(
                    c,
                    item.span(),
                    ctx,
                    key::data::workplan::SCALE_ENTRY_NOT_TABLE,
                    Vec::new(),
                );
                None
            }
        })
        .collect()
}

fn read_scale_rule(
    c: &mut Collector,
    rule: &DeTable,
    span: Range<usize>,
    ctx: Option<&str>,
    q: &Questionnaire,
) -> Option<Scale> {
    let what = strings::get(key::data::what::SCALE_ENTRY);
    tr::check_keys(c, rule, &["question", "per", "days", "add"], ctx, what);
    let (question, qspan) = tr::required_string(c, rule, &span, "question", ctx, what)?;
    let Some(found) = q.question(&question) else {
        c.fail(
            qspan,
            ctx,
            key::data::workplan::NOT_A_QUESTION,
            args(&[
                ("question", &question),
                ("hint", &did_you_mean(&question, &q.question_ids())),
            ]),
        );
        return None;
    };
    if let Some(add) = rule.get("add") {
        return read_scale_add(c, add, ctx, found).map(|add| Scale::ByChoice { question, add });
    }
    if !found.kind.is_number() {
        scale_problem(
            c,
            qspan,
            ctx,
            key::data::workplan::NOT_NUMBER_QUESTION,
            args(&[("question", &question)]),
        );
        return None;
    }
    let per = rule.get("per").and_then(|v| tr::float_of(v.get_ref()));
    let days = rule.get("days").and_then(|v| tr::integer_of(v.get_ref()));
    match (per, days) {
        (Some(per), Some(Ok(days))) if per > 0.0 && (1..=1000).contains(&days) => {
            Some(Scale::PerUnit {
                question,
                per,
                days: days as u32,
            })
        }
        _ => {
            scale_problem(c, span, ctx, key::data::workplan::SCALE_NUMBERS, Vec::new());
            None
        }
    }
}

fn read_scale_add(
    c: &mut Collector,
    add: &tr::Value,
    ctx: Option<&str>,
    question: &crate::core::questionnaire::Question,
) -> Option<BTreeMap<String, u32>> {
    let ids: Vec<&str> = match question.kind {
        Kind::YesPartlyNo => vec!["yes", "partly", "no"],
        Kind::SingleChoice => question.options.iter().map(|o| o.id.as_str()).collect(),
        _ => {
            scale_problem(
                c,
                add.span(),
                ctx,
                key::data::workplan::NOT_SINGLE_CHOICE,
                args(&[("question", &question.id)]),
            );
            return None;
        }
    };
    let DeValue::Table(map) = add.get_ref() else {
        scale_problem(
            c,
            add.span(),
            ctx,
            key::data::workplan::ADD_NOT_TABLE,
            Vec::new(),
        );
        return None;
    };
    let mut out = BTreeMap::new();
    for (k, v) in map.iter() {
        if !ids.contains(&k.get_ref().as_ref()) {
            c.fail(
                k.span(),
                ctx,
                key::data::workplan::NOT_AN_OPTION_OF,
                args(&[
                    ("option", k.get_ref()),
                    ("question", &question.id),
                    ("hint", &did_you_mean(k.get_ref(), &ids)),
                ]),
            );
            continue;
        }
        match tr::integer_of(v.get_ref()) {
            Some(Ok(n)) if (0..=1000).contains(&n) => {
                out.insert(k.get_ref().to_string(), n as u32);
            }
            _ => c.fail(v.span(), ctx, key::data::workplan::ADD_DAYS, Vec::new()),
        }
    }
    Some(out)
}

fn read_named_by(
    c: &mut Collector,
    t: &DeTable,
    ctx: Option<&str>,
    q: &Questionnaire,
) -> Option<String> {
    let (id, span) = tr::string(c, t, "named_by", ctx)?;
    match q.question(&id) {
        Some(found) if found.kind == Kind::Text => Some(id),
        Some(_) => {
            c.fail(
                span,
                ctx,
                key::data::workplan::NAMED_BY_NOT_TEXT,
                args(&[("id", &id)]),
            );
            None
        }
        None => {
            c.fail(
                span,
                ctx,
                key::data::workplan::NOT_A_QUESTION,
                args(&[
                    ("question", &id),
                    ("hint", &did_you_mean(&id, &q.question_ids())),
                ]),
            );
            None
        }
    }
}

fn string_list(c: &mut Collector, t: &DeTable, key: &str, ctx: Option<&str>) -> Vec<String> {
    let Some(v) = t.get(key) else {
        return Vec::new();
    };
    match v.get_ref() {
        DeValue::Array(items) if items.iter().all(|i| i.get_ref().is_str()) => items
            .iter()
            .filter_map(|i| i.get_ref().as_str().map(str::to_string))
            .collect(),
        _ => {
            c.fail(
                v.span(),
                ctx,
                key::data::workplan::NOT_ID_LIST,
                args(&[("key", key)]),
            );
            Vec::new()
        }
    }
}

/// The tasks named in `key` of a table, each checked.
fn task_list(
    c: &mut Collector,
    t: &DeTable,
    key: &str,
    ctx: Option<&str>,
    known: &Known,
) -> Vec<String> {
    let list = string_list(c, t, key, ctx);
    if let Some(v) = t.get(key) {
        for id in &list {
            known.check_task(c, v.span(), ctx, id);
        }
    }
    list
}

fn read_owner(
    c: &mut Collector,
    t: &DeTable,
    s: &Range<usize>,
    id: &str,
    parties: &[&str],
    activities: &[&str],
) -> Option<Owner> {
    let party = |c: &mut Collector, p: &str, span: Range<usize>| {
        if !parties.contains(&p) {
            c.fail(
                span,
                Some(id),
                key::data::workplan::NOT_A_PARTY,
                args(&[("id", p), ("hint", &did_you_mean(p, parties))]),
            );
        }
    };
    match (t.get("activity"), t.get("owner")) {
        (Some(_), Some(o)) => {
            c.fail(
                o.span(),
                Some(id),
                key::data::workplan::OWNER_AND_ACTIVITY,
                Vec::new(),
            );
            None
        }
        (Some(a), None) => {
            let name = a.get_ref().as_str().unwrap_or_default().to_string();
            if !activities.contains(&name.as_str()) {
                c.fail(
                    a.span(),
                    Some(id),
                    key::data::workplan::NOT_AN_ACTIVITY,
                    args(&[("name", &name), ("hint", &did_you_mean(&name, activities))]),
                );
            }
            Some(Owner::Activity(name))
        }
        (None, Some(o)) => match o.get_ref() {
            DeValue::String(p) => {
                party(c, p, o.span());
                Some(Owner::Party(p.to_string()))
            }
            DeValue::Table(map) => {
                let mut out = BTreeMap::new();
                for (k, v) in map.iter() {
                    let (Some(opt), Some(p)) =
                        (HostingOption::from_id(k.get_ref()), v.get_ref().as_str())
                    else {
                        // TOML, so not in the catalogue.
                        let table = "{ saas = \"party\", tier4 = \"party\", local = \"party\" }";
                        c.fail(
                            k.span(),
                            Some(id),
                            key::data::workplan::OWNER_FORM,
                            args(&[("table", table)]),
                        );
                        continue;
                    };
                    party(c, p, v.span());
                    out.insert(opt, p.to_string());
                }
                Some(Owner::PerOption(out))
            }
            _ => {
                c.fail(
                    o.span(),
                    Some(id),
                    key::data::workplan::OWNER_WRONG_TYPE,
                    Vec::new(),
                );
                None
            }
        },
        (None, None) => {
            c.fail(
                s.clone(),
                Some(id),
                key::data::workplan::NO_OWNER,
                Vec::new(),
            );
            None
        }
    }
}

/// Every dependency names a task, and no chain of dependencies comes back to where it began.
fn check_after(c: &mut Collector, tasks: &[TaskTemplate], spans: &HashMap<String, Range<usize>>) {
    let ids: Vec<&str> = tasks.iter().map(|t| t.id.as_str()).collect();
    for t in tasks {
        for a in &t.after {
            if !ids.contains(&a.as_str()) {
                c.fail(
                    spans[&t.id].clone(),
                    Some(&t.id),
                    key::data::workplan::AFTER_UNKNOWN,
                    args(&[("id", a), ("hint", &did_you_mean(a, &ids))]),
                );
            }
        }
    }
    let deps: HashMap<&str, &Vec<String>> =
        tasks.iter().map(|t| (t.id.as_str(), &t.after)).collect();
    for t in tasks {
        if reaches(&deps, &t.id, &t.id, &mut Vec::new()) {
            c.fail(
                spans[&t.id].clone(),
                Some(&t.id),
                key::data::workplan::DEPENDS_ON_ITSELF,
                Vec::new(),
            );
        }
    }
}

fn reaches<'a>(
    deps: &HashMap<&'a str, &'a Vec<String>>,
    from: &'a str,
    target: &str,
    seen: &mut Vec<&'a str>,
) -> bool {
    let Some(next) = deps.get(from) else {
        return false;
    };
    for n in next.iter() {
        if n == target {
            return true;
        }
        if !seen.contains(&n.as_str()) {
            seen.push(n.as_str());
            if reaches(deps, n.as_str(), target, seen) {
                return true;
            }
        }
    }
    false
}

const GAP_KEYS: &[&str] = &["phase", "before", "title", "days", "fold_days", "areas"];

fn read_gaps(
    c: &mut Collector,
    top: &DeTable,
    span: &Range<usize>,
    x: &Ctx,
    known: &Known,
) -> GapRules {
    let Some(v) = top.get("gaps") else {
        c.fail(span.clone(), None, key::data::workplan::NO_GAPS, Vec::new());
        return GapRules::default();
    };
    let DeValue::Table(t) = v.get_ref() else {
        c.fail(
            v.span(),
            None,
            key::data::workplan::GAPS_NOT_TABLE,
            Vec::new(),
        );
        return GapRules::default();
    };
    let what = strings::get(key::data::what::GAPS);
    tr::check_keys(c, t, GAP_KEYS, None, what);
    let mut field = |key: &str| {
        tr::required_string(c, t, &v.span(), key, None, what)
            .map(|s| s.0)
            .unwrap_or_default()
    };
    let (phase, before, title) = (field("phase"), field("before"), field("title"));
    if !phase.is_empty() {
        known.check_phase(c, v.span(), None, &phase);
    }
    if !before.is_empty() {
        known.check_task(c, v.span(), None, &before);
    }
    GapRules {
        phase,
        before,
        title,
        days: kind_days(c, t, &v.span(), "days", 1),
        fold_days: kind_days(c, t, &v.span(), "fold_days", 0),
        areas: read_gap_areas(c, t, &v.span(), x, known),
    }
}

/// Days by kind of mitigation; every kind must be there.
fn kind_days(
    c: &mut Collector,
    t: &DeTable,
    span: &Range<usize>,
    key: &str,
    least: i64,
) -> BTreeMap<String, u32> {
    let mut days = BTreeMap::new();
    let Some(v) = t.get(key) else {
        c.fail(
            span.clone(),
            None,
            key::data::workplan::NO_KIND_DAYS,
            args(&[("key", key)]),
        );
        return days;
    };
    let DeValue::Table(d) = v.get_ref() else {
        c.fail(
            v.span(),
            None,
            key::data::workplan::KIND_DAYS_NOT_TABLE,
            args(&[("key", key)]),
        );
        return days;
    };
    for (k, n) in d.iter() {
        let kind = k.get_ref().as_ref();
        if !crate::core::decision::KINDS.contains(&kind) {
            c.fail(
                k.span(),
                None,
                key::data::workplan::NOT_A_KIND,
                args(&[
                    ("kind", kind),
                    ("hint", &did_you_mean(kind, crate::core::decision::KINDS)),
                ]),
            );
            continue;
        }
        match tr::integer_of(n.get_ref()) {
            Some(Ok(x)) if (least..=1000).contains(&x) => {
                days.insert(kind.to_string(), x as u32);
            }
            _ => c.fail(
                n.span(),
                None,
                key::data::workplan::GAP_DAYS,
                args(&[("least", &least.to_string())]),
            ),
        }
    }
    let missing: Vec<&str> = crate::core::decision::KINDS
        .iter()
        .copied()
        .filter(|k| !d.iter().any(|(key, _)| key.get_ref().as_ref() == *k))
        .collect();
    if !missing.is_empty() {
        c.fail(
            v.span(),
            None,
            key::data::workplan::MISSING_KINDS,
            args(&[("key", key), ("kinds", &missing.join(", "))]),
        );
    }
    days
}

fn read_gap_areas(
    c: &mut Collector,
    gaps: &DeTable,
    span: &Range<usize>,
    x: &Ctx,
    known: &Known,
) -> Vec<GapArea> {
    let mut areas: Vec<GapArea> = Vec::new();
    for (t, s) in tr::tables(c, gaps, "areas", None) {
        let what = strings::get(key::data::what::GAP_AREA);
        tr::check_keys(
            c,
            t,
            &["area", "folds_into", "after", "before", "options"],
            None,
            what,
        );
        let Some((area, aspan)) = tr::required_string(c, t, &s, "area", None, what) else {
            continue;
        };
        let ctx = Some(area.as_str());
        let ids: Vec<&str> = x.q.capacity_areas.iter().map(|a| a.id.as_str()).collect();
        if !ids.contains(&area.as_str()) {
            c.fail(
                aspan.clone(),
                ctx,
                key::data::workplan::NOT_AN_AREA,
                args(&[("area", &area), ("hint", &did_you_mean(&area, &ids))]),
            );
        }
        if areas.iter().any(|a| a.area == area) {
            c.fail(
                aspan,
                ctx,
                key::data::workplan::AREA_TWICE,
                args(&[("area", &area)]),
            );
        }
        let folds_into = read_folds(c, t, ctx, known);
        let after = task_list(c, t, "after", ctx, known);
        let before = task_list(c, t, "before", ctx, known);
        let options = read_options(c, t, ctx);
        areas.push(GapArea {
            area,
            folds_into,
            after,
            before,
            options,
        });
    }
    for a in &x.q.capacity_areas {
        if !areas.iter().any(|g| g.area == a.id) {
            c.fail(
                span.clone(),
                Some(&a.id),
                key::data::workplan::AREA_MISSING,
                args(&[("area", &a.id)]),
            );
        }
    }
    areas
}

/// `folds_into = "task"` or `{ gap = "task", partly = "task" }`.
fn read_folds(
    c: &mut Collector,
    t: &DeTable,
    ctx: Option<&str>,
    known: &Known,
) -> Option<(String, String)> {
    let v = t.get("folds_into")?;
    let pair = match v.get_ref() {
        DeValue::String(id) => Some((id.to_string(), id.to_string())),
        DeValue::Table(m) => match (
            m.get("gap").and_then(|g| g.get_ref().as_str()),
            m.get("partly").and_then(|p| p.get_ref().as_str()),
        ) {
            (Some(g), Some(p)) if m.len() == 2 => Some((g.to_string(), p.to_string())),
            _ => None,
        },
        _ => None,
    };
    let Some((gap, partly)) = pair else {
        c.fail(
            v.span(),
            ctx,
            key::data::workplan::FOLDS_INTO,
            // TOML, so not in the catalogue.
            args(&[("table", "{ gap = \"a\", partly = \"b\" }")]),
        );
        return None;
    };
    known.check_task(c, v.span(), ctx, &gap);
    known.check_task(c, v.span(), ctx, &partly);
    Some((gap, partly))
}

/// A gap task that must come after a task which itself comes after one it must precede
/// could never be dated.
fn check_gap_order(c: &mut Collector, top: &DeTable, gaps: &GapRules, tasks: &[TaskTemplate]) {
    let deps: HashMap<&str, &Vec<String>> =
        tasks.iter().map(|t| (t.id.as_str(), &t.after)).collect();
    let span = top.get("gaps").map_or(0..0, |v| v.span());
    for area in &gaps.areas {
        for a in &area.after {
            for b in area.before.iter().chain([&gaps.before]) {
                if a == b || reaches(&deps, a, b, &mut Vec::new()) {
                    c.fail(
                        span.clone(),
                        Some(&area.area),
                        key::data::workplan::GAP_ORDER,
                        args(&[("after", a), ("before", b)]),
                    );
                }
            }
        }
    }
}

fn read_engagements(c: &mut Collector, top: &DeTable, x: &Ctx, known: &Known) -> Vec<Engagement> {
    let keys = ["party", "task", "stand_in", "stand_in_phases"];
    let mut out = Vec::new();
    for (t, s) in tr::tables(c, top, "engagements", None) {
        let what = strings::get(key::data::what::ENGAGEMENT);
        tr::check_keys(c, t, &keys, None, what);
        let party = tr::required_string(c, t, &s, "party", None, what);
        let task = tr::required_string(c, t, &s, "task", None, what);
        let (Some((party, pspan)), Some((task, tspan))) = (party, task) else {
            continue;
        };
        let ctx = Some(party.as_str());
        check_party(c, x, pspan, ctx, &party);
        known.check_task(c, tspan, ctx, &task);
        let stand_in = tr::string(c, t, "stand_in", ctx).map(|(p, span)| {
            check_party(c, x, span, ctx, &p);
            p
        });
        let stand_in_phases = string_list(c, t, "stand_in_phases", ctx);
        if let Some(v) = t.get("stand_in_phases") {
            for p in &stand_in_phases {
                known.check_phase(c, v.span(), ctx, p);
            }
        }
        out.push(Engagement {
            party,
            task,
            stand_in,
            stand_in_phases,
        });
    }
    out
}

fn check_party(c: &mut Collector, x: &Ctx, span: Range<usize>, ctx: Option<&str>, id: &str) {
    if !x.parties.contains(&id) {
        c.fail(
            span,
            ctx,
            key::data::workplan::NOT_A_PARTY,
            args(&[("id", id), ("hint", &did_you_mean(id, x.parties))]),
        );
    }
}

const OS_KEYS: &[&str] = &[
    "id",
    "phase",
    "after",
    "title",
    "days",
    "activity",
    "owner",
    "options",
    "years_question",
    "settle_days",
    "lead_days",
    "releases",
];

fn read_os(c: &mut Collector, top: &DeTable, x: &Ctx, known: &Known) -> Option<OsRule> {
    let v = top.get("os")?;
    let DeValue::Table(t) = v.get_ref() else {
        c.fail(
            v.span(),
            None,
            key::data::workplan::OS_NOT_TABLE,
            Vec::new(),
        );
        return None;
    };
    let s = v.span();
    let what = strings::get(key::data::what::OS);
    tr::check_keys(c, t, OS_KEYS, None, what);
    let id = tr::required_string(c, t, &s, "id", None, what);
    let phase = tr::required_string(c, t, &s, "phase", None, what);
    if let Some((p, span)) = &phase {
        known.check_phase(c, span.clone(), None, p);
    }
    let options = read_options(c, t, None);
    let title = read_os_title(c, t, &s, &options);
    let years = tr::required_string(c, t, &s, "years_question", None, what);
    if let Some((q, span)) = &years
        && x.q
            .question(q)
            .is_none_or(|found| found.kind != Kind::Integer)
    {
        c.fail(
            span.clone(),
            None,
            key::data::workplan::NOT_WHOLE_NUMBER_QUESTION,
            args(&[("question", q)]),
        );
    }
    let owner = read_owner(c, t, &s, "os", x.parties, x.activities);
    let number =
        |c: &mut Collector, key: &str| match t.get(key).map(|n| tr::integer_of(n.get_ref())) {
            Some(Some(Ok(n))) if (0..=3650).contains(&n) => n as u32,
            _ => {
                c.fail(
                    s.clone(),
                    None,
                    key::data::workplan::OS_NUMBER,
                    args(&[("key", key)]),
                );
                0
            }
        };
    let days = number(c, "days");
    let settle_days = number(c, "settle_days");
    let lead_days = number(c, "lead_days");
    Some(OsRule {
        id: id?.0,
        phase: phase?.0,
        after: task_list(c, t, "after", None, known),
        title: title?,
        days,
        owner: owner?,
        options,
        years_question: years?.0,
        settle_days,
        lead_days,
        releases: read_releases(c, t, &s),
    })
}

/// The upgrade task's title: one for every option, or a table of titles by option id
/// that covers each option the task belongs to.
fn read_os_title(
    c: &mut Collector,
    t: &DeTable,
    s: &Range<usize>,
    options: &[HostingOption],
) -> Option<BTreeMap<HostingOption, String>> {
    let Some(v) = t.get("title") else {
        tr::required_string(c, t, s, "title", None, strings::get(key::data::what::OS));
        return None;
    };
    let wanted: &[HostingOption] = if options.is_empty() {
        &HostingOption::ALL
    } else {
        options
    };
    match v.get_ref() {
        DeValue::String(text) => Some(wanted.iter().map(|o| (*o, text.to_string())).collect()),
        DeValue::Table(map) => {
            let mut out = BTreeMap::new();
            for (k, text) in map.iter() {
                match (HostingOption::from_id(k.get_ref()), text.get_ref().as_str()) {
                    (Some(o), Some(text)) => {
                        out.insert(o, text.to_string());
                    }
                    _ => c.fail(
                        k.span(),
                        None,
                        key::data::workplan::TITLE_FORM,
                        // TOML, so not in the catalogue.
                        args(&[("table", "{ tier4 = \"...\", local = \"...\" }")]),
                    ),
                }
            }
            for o in wanted.iter().filter(|o| !out.contains_key(o)) {
                c.fail(
                    v.span(),
                    None,
                    key::data::workplan::NO_TITLE_FOR,
                    args(&[("option", o.id())]),
                );
            }
            Some(out)
        }
        _ => {
            c.fail(
                v.span(),
                None,
                key::data::workplan::TITLE_WRONG_TYPE,
                Vec::new(),
            );
            None
        }
    }
}

fn read_releases(c: &mut Collector, t: &DeTable, s: &Range<usize>) -> Vec<Release> {
    let mut out: Vec<Release> = Vec::new();
    for (r, span) in tr::tables(c, t, "releases", None) {
        let what = strings::get(key::data::what::RELEASE);
        tr::check_keys(c, r, &["version", "released", "support_ends"], None, what);
        let version = tr::required_string(c, r, &span, "version", None, what);
        let date = |c: &mut Collector, key: &str| {
            let (text, dspan) = tr::required_string(c, r, &span, key, None, what)?;
            let parsed = NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok();
            if parsed.is_none() {
                c.fail(
                    dspan,
                    None,
                    key::data::workplan::BAD_DATE,
                    args(&[("key", key)]),
                );
            }
            parsed
        };
        let (released, ends) = (date(c, "released"), date(c, "support_ends"));
        let (Some((version, _)), Some(released), Some(support_ends)) = (version, released, ends)
        else {
            continue;
        };
        let in_order = out.last().is_none_or(|prev| prev.released < released);
        if support_ends <= released || !in_order {
            c.fail(
                span,
                Some(&version),
                key::data::workplan::RELEASE_ORDER,
                Vec::new(),
            );
        }
        out.push(Release {
            version,
            released,
            support_ends,
        });
    }
    if out.is_empty() {
        c.fail(
            s.clone(),
            None,
            key::data::workplan::NO_RELEASES,
            Vec::new(),
        );
    }
    out
}
