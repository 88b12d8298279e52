//! The dated work plan: phases of tasks with owners, durations in working days,
//! dependencies and milestones, for the chosen hosting option.
//!
//! Tasks are data (`questionnaires/primero/workplan.toml`). Each capacity gap adds the task
//! that closes it. Dates count working days from the plan's start date, skipping weekends.

use crate::decision::{AreaReadiness, Decision, Readiness};
use crate::diag::{Collector, Loaded, Source};
use crate::options::HostingOption;
use crate::questionnaire::{Answers, Condition, Questionnaire, parse_condition};
use crate::tomlread::{self as tr};
use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use toml::de::{DeTable, DeValue};

pub const BUILTIN_TASKS: &str = include_str!("../questionnaires/primero/workplan.toml");
pub const BUILTIN_ORIGIN: &str = "questionnaires/primero/workplan.toml";

/// The task templates, read from data.
#[derive(Clone, Debug)]
pub struct Templates {
    phases: Vec<(String, String)>,
    tasks: Vec<TaskTemplate>,
    gaps: GapTasks,
}

#[derive(Clone, Debug)]
struct TaskTemplate {
    id: String,
    phase: String,
    title: String,
    days: u32,
    after: Vec<String>,
    owner: Owner,
    options: Vec<HostingOption>,
    when: Option<Condition>,
}

#[derive(Clone, Debug)]
enum Owner {
    /// The Accountable party of this responsibilities activity, for the option.
    Activity(String),
    Party(String),
    PerOption(BTreeMap<HostingOption, String>),
}

/// How capacity gaps become tasks.
#[derive(Clone, Debug, Default)]
struct GapTasks {
    phase: String,
    before: String,
    title: String,
    days: BTreeMap<String, u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WorkPlan {
    pub option: HostingOption,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub phases: Vec<Phase>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Phase {
    pub id: String,
    pub title: String,
    pub tasks: Vec<Task>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Task {
    pub id: String,
    pub title: String,
    /// A party id.
    pub owner: String,
    /// Working days; 0 for a milestone.
    pub days: u32,
    pub after: Vec<String>,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// The capacity area whose gap this task closes.
    pub closes_gap: Option<String>,
}

impl Task {
    pub fn is_milestone(&self) -> bool {
        self.days == 0
    }
}

impl Phase {
    pub fn start(&self) -> Option<NaiveDate> {
        self.tasks.iter().map(|t| t.start).min()
    }

    pub fn end(&self) -> Option<NaiveDate> {
        self.tasks.iter().map(|t| t.end).max()
    }
}

impl WorkPlan {
    pub fn tasks(&self) -> impl Iterator<Item = &Task> {
        self.phases.iter().flat_map(|p| p.tasks.iter())
    }

    pub fn milestones(&self) -> impl Iterator<Item = &Task> {
        self.tasks().filter(|t| t.is_milestone())
    }

    pub fn task(&self, id: &str) -> Option<&Task> {
        self.tasks().find(|t| t.id == id)
    }
}

/// What a work plan is built from.
pub struct Inputs<'a> {
    pub option: HostingOption,
    pub start: NaiveDate,
    pub answers: &'a Answers,
    pub decision: &'a Decision,
    /// The Accountable party id of a responsibilities activity under `option`.
    pub accountable: &'a dyn Fn(&str) -> Option<String>,
}

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
        let t = read_templates(&mut c, doc.get_ref(), doc.span(), q, parties, activities);
        if c.has_errors() {
            Err(c.finish())
        } else {
            Ok((t, c.finish()))
        }
    }

    /// Every task id, whatever the option.
    pub fn task_ids(&self) -> Vec<&str> {
        self.tasks.iter().map(|t| t.id.as_str()).collect()
    }

    pub fn phase_ids(&self) -> Vec<&str> {
        self.phases.iter().map(|(id, _)| id.as_str()).collect()
    }

    /// Builds the dated plan.
    pub fn build(&self, input: &Inputs) -> WorkPlan {
        let mut tasks = self.selected(input);
        tasks.extend(self.gap_tasks(input.option, input.decision));
        let included: HashMap<String, Vec<String>> = self
            .tasks
            .iter()
            .map(|t| (t.id.clone(), t.after.clone()))
            .collect();
        let ids: Vec<String> = tasks.iter().map(|t| t.id.clone()).collect();
        for t in &mut tasks {
            t.after = resolve_after(&t.after, &ids, &included);
        }
        let gap_ids: Vec<String> = tasks
            .iter()
            .filter(|t| t.closes_gap.is_some())
            .map(|t| t.id.clone())
            .collect();
        if let Some(before) = tasks.iter_mut().find(|t| t.id == self.gaps.before) {
            before.after.extend(gap_ids);
        }
        schedule(&mut tasks, first_working_day(input.start));
        let end = tasks.iter().map(|t| t.end).max().unwrap_or(input.start);
        let phases = self
            .phases
            .iter()
            .map(|(id, title)| Phase {
                id: id.clone(),
                title: title.clone(),
                tasks: tasks
                    .iter()
                    .filter(|t| phase_of(t, &self.tasks, &self.gaps) == *id)
                    .cloned()
                    .collect(),
            })
            .filter(|p| !p.tasks.is_empty())
            .collect();
        WorkPlan {
            option: input.option,
            start: input.start,
            end,
            phases,
        }
    }

    fn selected(&self, input: &Inputs) -> Vec<Task> {
        self.tasks
            .iter()
            .filter(|t| t.options.contains(&input.option))
            .filter(|t| {
                t.when
                    .as_ref()
                    .is_none_or(|w| w.holds(&|id| input.answers.get(id)))
            })
            .map(|t| Task {
                id: t.id.clone(),
                title: t.title.clone(),
                owner: owner_of(&t.owner, input),
                days: t.days,
                after: t.after.clone(),
                start: input.start,
                end: input.start,
                closes_gap: None,
            })
            .collect()
    }

    fn gap_tasks(&self, option: HostingOption, decision: &Decision) -> Vec<Task> {
        if !option.has_local_production() {
            return Vec::new();
        }
        decision
            .areas
            .iter()
            .filter_map(|a| self.gap_task(a))
            .collect()
    }

    fn gap_task(&self, area: &AreaReadiness) -> Option<Task> {
        if !matches!(area.status, Readiness::Gap | Readiness::Partly) {
            return None;
        }
        let m = area.mitigation.as_ref()?;
        let days = self.gaps.days.get(&m.kind).copied().unwrap_or(10);
        Some(Task {
            id: format!("close_{}", area.area),
            title: self
                .gaps
                .title
                .replace("{area}", &area.title)
                .replace("{action}", &m.text),
            owner: m.owner.clone(),
            days,
            after: Vec::new(),
            start: NaiveDate::MIN,
            end: NaiveDate::MIN,
            closes_gap: Some(area.area.clone()),
        })
    }
}

fn owner_of(owner: &Owner, input: &Inputs) -> String {
    match owner {
        Owner::Party(p) => p.clone(),
        Owner::PerOption(map) => map.get(&input.option).cloned().unwrap_or_default(),
        Owner::Activity(a) => (input.accountable)(a).unwrap_or_default(),
    }
}

fn phase_of(task: &Task, templates: &[TaskTemplate], gaps: &GapTasks) -> String {
    if task.closes_gap.is_some() {
        return gaps.phase.clone();
    }
    templates
        .iter()
        .find(|t| t.id == task.id)
        .map_or(String::new(), |t| t.phase.clone())
}

/// Dependencies on tasks left out for this option stand for those tasks' own dependencies,
/// so the order holds even when a step is skipped (no procurement under SaaS).
fn resolve_after(
    after: &[String],
    kept: &[String],
    all: &HashMap<String, Vec<String>>,
) -> Vec<String> {
    let mut out = Vec::new();
    let mut todo: Vec<String> = after.to_vec();
    let mut seen = Vec::new();
    while let Some(id) = todo.pop() {
        if seen.contains(&id) {
            continue;
        }
        seen.push(id.clone());
        if kept.contains(&id) {
            if !out.contains(&id) {
                out.push(id);
            }
        } else if let Some(deps) = all.get(&id) {
            todo.extend(deps.iter().cloned());
        }
    }
    out.sort();
    out
}

/// Gives each task its dates. A task starts on the first working day after everything it
/// depends on has ended and lasts its number of working days. A milestone takes no time: it
/// falls on the day its last dependency ends. Templates are checked for cycles when read,
/// so every task gets a date.
fn schedule(tasks: &mut [Task], start: NaiveDate) {
    let mut finish: HashMap<String, NaiveDate> = HashMap::new();
    let mut progress = true;
    while progress && finish.len() < tasks.len() {
        progress = false;
        for t in tasks.iter_mut() {
            if finish.contains_key(&t.id) || !t.after.iter().all(|a| finish.contains_key(a)) {
                continue;
            }
            let last = t.after.iter().map(|a| finish[a]).max();
            if t.days == 0 {
                t.start = last.unwrap_or(start);
            } else {
                t.start = last.map_or(start, next_working_day);
            }
            t.end = add_working_days(t.start, t.days.saturating_sub(1));
            finish.insert(t.id.clone(), t.end);
            progress = true;
        }
    }
}

pub fn is_working_day(d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The day itself if it is a working day, else the Monday after.
pub fn first_working_day(d: NaiveDate) -> NaiveDate {
    let skip = match d.weekday() {
        Weekday::Sat => 2,
        Weekday::Sun => 1,
        _ => 0,
    };
    d.checked_add_days(Days::new(skip)).unwrap_or(d)
}

fn next_working_day(d: NaiveDate) -> NaiveDate {
    first_working_day(d.checked_add_days(Days::new(1)).unwrap_or(d))
}

/// The working day `n` working days after `d` (which is a working day).
pub fn add_working_days(d: NaiveDate, n: u32) -> NaiveDate {
    let mut d = d;
    for _ in 0..n {
        d = next_working_day(d);
    }
    d
}

const TOP_KEYS: &[&str] = &["phases", "tasks", "gaps"];
const TASK_KEYS: &[&str] = &[
    "id", "phase", "title", "days", "after", "owner", "activity", "options", "when",
];

fn read_templates(
    c: &mut Collector,
    top: &DeTable,
    span: Range<usize>,
    q: &Questionnaire,
    parties: &[&str],
    activities: &[&str],
) -> Templates {
    tr::check_keys(c, top, TOP_KEYS, None, "the work plan");
    let mut phases = Vec::new();
    for (t, s) in tr::tables(c, top, "phases", None) {
        tr::check_keys(c, t, &["id", "title"], None, "a phase");
        if let (Some((id, _)), Some((title, _))) = (
            tr::required_string(c, t, &s, "id", None, "a phase"),
            tr::required_string(c, t, &s, "title", None, "a phase"),
        ) {
            phases.push((id, title));
        }
    }
    let phase_ids: Vec<&str> = phases.iter().map(|p| p.0.as_str()).collect();
    let mut tasks: Vec<TaskTemplate> = Vec::new();
    let mut spans: HashMap<String, Range<usize>> = HashMap::new();
    for (t, s) in tr::tables(c, top, "tasks", None) {
        if let Some(task) = read_task(c, t, &s, q, &phase_ids, parties, activities) {
            if spans.insert(task.id.clone(), s.clone()).is_some() {
                c.error(
                    s,
                    Some(&task.id),
                    format!("task id `{}` is used twice", task.id),
                );
            }
            tasks.push(task);
        }
    }
    check_after(c, &tasks, &spans);
    let gaps = read_gaps(c, top, &span, &phase_ids, &tasks);
    Templates {
        phases,
        tasks,
        gaps,
    }
}

fn read_task(
    c: &mut Collector,
    t: &DeTable,
    s: &Range<usize>,
    q: &Questionnaire,
    phases: &[&str],
    parties: &[&str],
    activities: &[&str],
) -> Option<TaskTemplate> {
    tr::check_keys(c, t, TASK_KEYS, None, "a task");
    let (id, _) = tr::required_string(c, t, s, "id", None, "a task")?;
    let ctx = Some(id.as_str());
    let phase = tr::required_string(c, t, s, "phase", ctx, "the task");
    if let Some((p, pspan)) = &phase
        && !phases.contains(&p.as_str())
    {
        c.error_help(
            pspan.clone(),
            ctx,
            format!("`{p}` is not a phase"),
            crate::suggest::did_you_mean(p, phases),
        );
    }
    let title = tr::required_string(c, t, s, "title", ctx, "the task");
    let days = match t
        .get("days")
        .map(|v| (tr::integer_of(v.get_ref()), v.span()))
    {
        Some((Some(Ok(n)), _)) if (0..=1000).contains(&n) => n as u32,
        Some((_, span)) => {
            c.error(
                span,
                ctx,
                "`days` must be a whole number of working days from 0 to 1000",
            );
            0
        }
        None => {
            c.error(
                s.clone(),
                ctx,
                "the task has no `days` (0 makes it a milestone)",
            );
            0
        }
    };
    let after = string_list(c, t, "after", ctx);
    let owner = read_owner(c, t, s, &id, parties, activities);
    let options = match t.get("options") {
        None => HostingOption::ALL.to_vec(),
        Some(_) => string_list(c, t, "options", ctx)
            .iter()
            .filter_map(|o| {
                let found = HostingOption::from_id(o);
                if found.is_none() {
                    c.error(
                        t["options"].span(),
                        ctx,
                        format!("`{o}` is not a hosting option; use saas, tier4 or local"),
                    );
                }
                found
            })
            .collect(),
    };
    let when = t.get("when").and_then(|v| parse_condition(c, v, q, &id));
    Some(TaskTemplate {
        id,
        phase: phase?.0,
        title: title?.0,
        days,
        after,
        owner: owner?,
        options,
        when,
    })
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
            c.error(
                v.span(),
                ctx,
                format!("`{key}` must be a list of ids in quotes"),
            );
            Vec::new()
        }
    }
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
            c.error_help(
                span,
                Some(id),
                format!("`{p}` is not a party"),
                crate::suggest::did_you_mean(p, parties),
            );
        }
    };
    match (t.get("activity"), t.get("owner")) {
        (Some(_), Some(o)) => {
            c.error(o.span(), Some(id), "give either `activity` (owner from the responsibilities matrix) or `owner`, not both");
            None
        }
        (Some(a), None) => {
            let name = a.get_ref().as_str().unwrap_or_default().to_string();
            if !activities.contains(&name.as_str()) {
                c.error_help(
                    a.span(),
                    Some(id),
                    format!("`{name}` is not an activity of the responsibilities matrix"),
                    crate::suggest::did_you_mean(&name, activities),
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
                        c.error(k.span(), Some(id), "write `owner = { saas = \"party\", tier4 = \"party\", local = \"party\" }`");
                        continue;
                    };
                    party(c, p, v.span());
                    out.insert(opt, p.to_string());
                }
                Some(Owner::PerOption(out))
            }
            _ => {
                c.error(
                    o.span(),
                    Some(id),
                    "`owner` must be a party id or a table of option ids to party ids",
                );
                None
            }
        },
        (None, None) => {
            c.error_help(
                s.clone(),
                Some(id),
                "the task has no owner",
                "add `activity = \"...\"` from the responsibilities matrix, or `owner = \"party\"`",
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
                c.error_help(
                    spans[&t.id].clone(),
                    Some(&t.id),
                    format!("`after` names `{a}`, which is not a task"),
                    crate::suggest::did_you_mean(a, &ids),
                );
            }
        }
    }
    let deps: HashMap<&str, &Vec<String>> =
        tasks.iter().map(|t| (t.id.as_str(), &t.after)).collect();
    for t in tasks {
        if reaches(&deps, &t.id, &t.id, &mut Vec::new()) {
            c.error(
                spans[&t.id].clone(),
                Some(&t.id),
                "the task depends on itself through its `after` chain",
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

fn read_gaps(
    c: &mut Collector,
    top: &DeTable,
    span: &Range<usize>,
    phases: &[&str],
    tasks: &[TaskTemplate],
) -> GapTasks {
    let Some(v) = top.get("gaps") else {
        c.error(
            span.clone(),
            None,
            "the work plan has no `[gaps]` table saying where gap tasks go",
        );
        return GapTasks::default();
    };
    let DeValue::Table(t) = v.get_ref() else {
        c.error(v.span(), None, "`gaps` must be a table");
        return GapTasks::default();
    };
    tr::check_keys(
        c,
        t,
        &["phase", "before", "title", "days"],
        None,
        "`[gaps]`",
    );
    let what = "`[gaps]`";
    let phase = tr::required_string(c, t, &v.span(), "phase", None, what)
        .map(|s| s.0)
        .unwrap_or_default();
    if !phase.is_empty() && !phases.contains(&phase.as_str()) {
        c.error(
            v.span(),
            None,
            format!("`[gaps]` phase `{phase}` is not a phase"),
        );
    }
    let before = tr::required_string(c, t, &v.span(), "before", None, what)
        .map(|s| s.0)
        .unwrap_or_default();
    if !before.is_empty() && !tasks.iter().any(|x| x.id == before) {
        c.error(
            v.span(),
            None,
            format!("`[gaps]` before `{before}` is not a task"),
        );
    }
    let title = tr::required_string(c, t, &v.span(), "title", None, what)
        .map(|s| s.0)
        .unwrap_or_default();
    let mut days = BTreeMap::new();
    if let Some(DeValue::Table(d)) = t.get("days").map(|d| d.get_ref()) {
        for (k, n) in d.iter() {
            match tr::integer_of(n.get_ref()) {
                Some(Ok(x)) if (1..=1000).contains(&x) => {
                    days.insert(k.get_ref().to_string(), x as u32);
                }
                _ => c.error(
                    n.span(),
                    None,
                    "gap task days must be whole numbers from 1 to 1000",
                ),
            }
        }
    }
    GapTasks {
        phase,
        before,
        title,
        days,
    }
}
