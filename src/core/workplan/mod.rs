//! The dated work plan: phases of tasks with owners, durations in working days,
//! dependencies and milestones, for the chosen hosting option.
//!
//! Tasks are data (`questionnaires/primero/workplan.toml`); docs/workplan.md explains the
//! rules. A capacity gap folds into the task that does that work or becomes a task of its
//! own; a party still to be contracted or recruited is engaged before its tasks start.
//! Dates count working days from the plan's start date, skipping weekends.

mod calendar;
mod read;
mod texts;

pub use calendar::{add_working_days, first_working_day, is_working_day};

use crate::core::answer::Answer;
use crate::core::decision::{AreaReadiness, Decision, Readiness};
use crate::core::options::HostingOption;
use crate::core::questionnaire::{Answers, Condition};
use chrono::{Days, Months, NaiveDate};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

pub const BUILTIN_TASKS: &str = include_str!("../../../questionnaires/primero/workplan.toml");
pub const BUILTIN_ORIGIN: &str = "questionnaires/primero/workplan.toml";

/// The task templates, read from data.
#[derive(Clone, Debug)]
pub struct Templates {
    phases: Vec<(String, String)>,
    tasks: Vec<TaskTemplate>,
    gaps: GapRules,
    engagements: Vec<Engagement>,
    os: Option<OsRule>,
}

#[derive(Clone, Debug)]
struct TaskTemplate {
    id: String,
    phase: String,
    title: String,
    days: u32,
    scale: Vec<Scale>,
    max_days: Option<u32>,
    after: Vec<String>,
    owner: Owner,
    options: Vec<HostingOption>,
    when: Option<Condition>,
    named_by: Option<String>,
}

#[derive(Clone, Debug)]
enum Owner {
    /// The Accountable party of this responsibilities activity, for the option.
    Activity(String),
    Party(String),
    PerOption(BTreeMap<HostingOption, String>),
}

/// Extra days that grow with an answer.
#[derive(Clone, Debug)]
enum Scale {
    /// `days` more for every `per` units of a number answer, rounded up.
    PerUnit {
        question: String,
        per: f64,
        days: u32,
    },
    /// The days listed for the option chosen.
    ByChoice {
        question: String,
        add: BTreeMap<String, u32>,
    },
}

/// How capacity gaps become work.
#[derive(Clone, Debug, Default)]
struct GapRules {
    phase: String,
    before: String,
    title: String,
    days: BTreeMap<String, u32>,
    fold_days: BTreeMap<String, u32>,
    areas: Vec<GapArea>,
}

#[derive(Clone, Debug)]
struct GapArea {
    area: String,
    /// The task that does this work, for a gap and for a partial gap.
    folds_into: Option<(String, String)>,
    after: Vec<String>,
    before: Vec<String>,
    options: Vec<HostingOption>,
}

/// A party that may still have to be contracted or recruited.
#[derive(Clone, Debug)]
struct Engagement {
    party: String,
    task: String,
    stand_in: Option<String>,
    stand_in_phases: Vec<String>,
}

/// Upgrades of the servers' operating system over the plan's years.
#[derive(Clone, Debug)]
struct OsRule {
    id: String,
    phase: String,
    after: Vec<String>,
    /// By option: under Tier 4 the sample infrastructure is upgraded first, under the
    /// fully local option the team's demo site.
    title: BTreeMap<HostingOption, String>,
    days: u32,
    owner: Owner,
    options: Vec<HostingOption>,
    years_question: String,
    settle_days: u32,
    lead_days: u32,
    releases: Vec<Release>,
}

impl OsRule {
    /// The index of the release installed at `start`: the newest out for `settle_days`,
    /// or the first when none is.
    fn installed_at(&self, start: NaiveDate) -> usize {
        let settled = |r: &Release| {
            r.released
                .checked_add_days(Days::new(self.settle_days.into()))
                .is_some_and(|d| d <= start)
        };
        self.releases.iter().rposition(settled).unwrap_or(0)
    }
}

#[derive(Clone, Debug)]
struct Release {
    version: String,
    released: NaiveDate,
    support_ends: NaiveDate,
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
    /// A phase id.
    pub phase: String,
    pub title: String,
    /// A party id: who answers for the task.
    pub owner: String,
    /// The person the answers name for the task, shown beside the party.
    pub owner_name: Option<String>,
    /// Other parties doing part of the task, such as a vendor closing a gap within it.
    pub with: Vec<String>,
    /// Working days; 0 for a milestone.
    pub days: u32,
    pub after: Vec<String>,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// The capacity areas whose gaps this task closes.
    pub closes_gaps: Vec<String>,
    /// The earliest day the task may start, whatever it depends on.
    #[serde(skip)]
    pub not_before: Option<NaiveDate>,
}

impl Task {
    pub fn is_milestone(&self) -> bool {
        self.days == 0
    }

    /// Whether the task exists only to close a gap, because no task does that work.
    pub fn is_gap_task(&self) -> bool {
        matches!(&self.closes_gaps[..], [area] if self.id == gap_task_id(area))
    }

    /// Whether `party` owns the task or does part of it.
    pub fn involves(&self, party: &str) -> bool {
        self.owner == party || self.with.iter().any(|w| w == party)
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

    /// The task that closes the gap in a capacity area.
    pub fn task_closing(&self, area: &str) -> Option<&Task> {
        self.tasks()
            .find(|t| t.closes_gaps.iter().any(|g| g == area))
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
    /// Who acts for a party in this plan: the party itself, or the one standing in for a
    /// party the plan does not need.
    pub acting: &'a dyn Fn(&str) -> String,
}

impl Templates {
    /// Every task id, whatever the option.
    pub fn task_ids(&self) -> Vec<&str> {
        self.tasks.iter().map(|t| t.id.as_str()).collect()
    }

    pub fn phase_ids(&self) -> Vec<&str> {
        self.phases.iter().map(|(id, _)| id.as_str()).collect()
    }

    /// Builds the dated plan.
    pub fn build(&self, input: &Inputs) -> WorkPlan {
        let deps: HashMap<&str, &[String]> = self
            .tasks
            .iter()
            .map(|t| (t.id.as_str(), t.after.as_slice()))
            .collect();
        let mut tasks = self.selected(input);
        let kept: HashSet<String> = tasks.iter().map(|t| t.id.clone()).collect();
        for t in &mut tasks {
            t.after = resolve_after(&t.after, &kept, &deps);
        }
        self.add_gaps(&mut tasks, input, &kept, &deps);
        tasks.extend(self.os_tasks(input, &kept, &deps));
        self.wait_for_engagements(&mut tasks);
        calendar::schedule(&mut tasks, first_working_day(input.start));
        self.hand_to_stand_ins(&mut tasks);
        let end = tasks.iter().map(|t| t.end).max().unwrap_or(input.start);
        let phases = self
            .phases
            .iter()
            .map(|(id, title)| Phase {
                id: id.clone(),
                title: title.clone(),
                tasks: tasks.iter().filter(|t| t.phase == *id).cloned().collect(),
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
                phase: t.phase.clone(),
                title: t.title.clone(),
                owner: owner_of(&t.owner, input),
                owner_name: t
                    .named_by
                    .as_deref()
                    .and_then(|q| input.answers.get(q)?.filled_plain()),
                with: Vec::new(),
                days: t.scaled_days(input.answers),
                after: t.after.clone(),
                start: input.start,
                end: input.start,
                closes_gaps: Vec::new(),
                not_before: None,
            })
            .collect()
    }

    /// Each capacity gap either makes the task that does that work longer, with the
    /// mitigation's owner taking part, or becomes a task of its own.
    fn add_gaps(
        &self,
        tasks: &mut Vec<Task>,
        input: &Inputs,
        kept: &HashSet<String>,
        deps: &HashMap<&str, &[String]>,
    ) {
        if !input.option.has_local_production() {
            return;
        }
        for area in &input.decision.areas {
            let Some(rule) = self.gaps.areas.iter().find(|r| r.area == area.area) else {
                continue;
            };
            if !rule.options.contains(&input.option) {
                continue;
            }
            let Some((partly, kind, owner)) = gap_of(area, input) else {
                continue;
            };
            let target = rule
                .folds_into
                .as_ref()
                .map(|(gap, part)| if partly { part } else { gap });
            if let Some(t) = target.and_then(|id| tasks.iter_mut().find(|t| t.id == *id)) {
                t.days += self.gaps.fold_days.get(kind).copied().unwrap_or(0);
                t.closes_gaps.push(area.area.clone());
                if t.owner != owner && !t.with.contains(&owner) {
                    t.with.push(owner);
                }
                continue;
            }
            let after = match target {
                Some(id) if rule.after.is_empty() => deps
                    .get(id.as_str())
                    .map_or(Vec::new(), |d| resolve_after(d, kept, deps)),
                _ => resolve_after(&rule.after, kept, deps),
            };
            let task = self.gap_task(area, kind, owner, after, input.start);
            for before in rule.before.iter().chain([&self.gaps.before]) {
                if let Some(b) = tasks.iter_mut().find(|t| t.id == *before)
                    && !b.after.contains(&task.id)
                {
                    b.after.push(task.id.clone());
                }
            }
            tasks.push(task);
        }
    }

    fn gap_task(
        &self,
        area: &AreaReadiness,
        kind: &str,
        owner: String,
        after: Vec<String>,
        start: NaiveDate,
    ) -> Task {
        let action = area.mitigation.as_ref().map_or("", |m| m.text.as_str());
        Task {
            id: gap_task_id(&area.area),
            phase: self.gaps.phase.clone(),
            title: self
                .gaps
                .title
                .replace("{area}", &area.title)
                .replace("{action}", action),
            owner,
            owner_name: None,
            with: Vec::new(),
            days: self.gaps.days.get(kind).copied().unwrap_or(10),
            after,
            start,
            end: start,
            closes_gaps: vec![area.area.clone()],
            not_before: None,
        }
    }

    /// The Ubuntu release to install on servers set up from `start`: the newest that has
    /// settled by then, as the upgrade tasks count from it. `None` when the data lists no
    /// releases.
    pub fn ubuntu_release(&self, start: NaiveDate) -> Option<&str> {
        let os = self.os.as_ref()?;
        os.releases
            .get(os.installed_at(start))
            .map(|r| r.version.as_str())
    }

    /// An upgrade task for each release whose standard support ends within the plan's
    /// years, from the release installed at the start.
    fn os_tasks(
        &self,
        input: &Inputs,
        kept: &HashSet<String>,
        deps: &HashMap<&str, &[String]>,
    ) -> Vec<Task> {
        let Some(os) = &self.os else {
            return Vec::new();
        };
        let years = match input.answers.get(&os.years_question) {
            Some(Answer::Integer(n)) => u32::try_from(*n).unwrap_or(0),
            _ => 0,
        };
        if !os.options.contains(&input.option) || years == 0 {
            return Vec::new();
        }
        let plan_end = input
            .start
            .checked_add_months(Months::new(12 * years))
            .unwrap_or(NaiveDate::MAX);
        let first = os.installed_at(input.start);
        let mut out = Vec::new();
        for pair in os.releases[first..].windows(2) {
            let (from, to) = (&pair[0], &pair[1]);
            if from.support_ends >= plan_end {
                break;
            }
            let id = match out.len() {
                0 => os.id.clone(),
                n => format!("{}_{}", os.id, n + 1),
            };
            out.push(Task {
                id,
                phase: os.phase.clone(),
                title: os
                    .title
                    .get(&input.option)
                    .map_or("", String::as_str)
                    .replace("{from}", &from.version)
                    .replace("{to}", &to.version),
                owner: owner_of(&os.owner, input),
                owner_name: None,
                with: Vec::new(),
                days: os.days,
                after: resolve_after(&os.after, kept, deps),
                start: input.start,
                end: input.start,
                closes_gaps: Vec::new(),
                not_before: from
                    .support_ends
                    .checked_sub_days(Days::new(os.lead_days.into())),
            });
        }
        out
    }

    /// Tasks of a party still to be engaged wait for the task that engages it, except
    /// those a stand-in takes over (see [`Templates::hand_to_stand_ins`]).
    fn wait_for_engagements(&self, tasks: &mut [Task]) {
        for e in &self.engagements {
            if !tasks.iter().any(|t| t.id == e.task) {
                continue;
            }
            let earlier = ancestors(tasks, &e.task);
            for t in tasks.iter_mut() {
                let covered = e.stand_in.is_some() && e.stand_in_phases.contains(&t.phase);
                if t.id == e.task || earlier.contains(&t.id) || covered || !t.involves(&e.party) {
                    continue;
                }
                if !t.after.contains(&e.task) {
                    t.after.push(e.task.clone());
                }
            }
        }
    }

    /// Work a party would do before it is in post goes to its stand-in.
    fn hand_to_stand_ins(&self, tasks: &mut [Task]) {
        for e in &self.engagements {
            let Some(stand_in) = &e.stand_in else {
                continue;
            };
            let Some(filled) = tasks.iter().find(|t| t.id == e.task).map(|t| t.end) else {
                continue;
            };
            for t in tasks
                .iter_mut()
                .filter(|t| t.start <= filled && t.id != e.task)
            {
                if t.owner == e.party {
                    t.owner = stand_in.clone();
                }
                for w in t.with.iter_mut().filter(|w| **w == e.party) {
                    *w = stand_in.clone();
                }
            }
        }
    }
}

impl TaskTemplate {
    fn scaled_days(&self, answers: &Answers) -> u32 {
        let extra: u32 = self.scale.iter().map(|s| s.extra(answers)).sum();
        let days = self.days.saturating_add(extra);
        self.max_days.map_or(days, |m| days.min(m.max(self.days)))
    }
}

impl Scale {
    fn extra(&self, answers: &Answers) -> u32 {
        match self {
            Scale::PerUnit {
                question,
                per,
                days,
            } => {
                let value = match answers.get(question) {
                    Some(Answer::Integer(n)) => *n as f64,
                    Some(Answer::Decimal(x)) => *x,
                    _ => return 0,
                };
                let units = (value.max(0.0) / per).ceil().min(1000.0) as u32;
                units.saturating_mul(*days)
            }
            Scale::ByChoice { question, add } => answers
                .get(question)
                .and_then(|a| add.get(&a.to_plain()))
                .copied()
                .unwrap_or(0),
        }
    }
}

/// Whether the area's gap is partial, the mitigation's kind, and who acts on it.
fn gap_of<'a>(area: &'a AreaReadiness, input: &Inputs) -> Option<(bool, &'a str, String)> {
    let partly = match area.status {
        Readiness::Gap => false,
        Readiness::Partly => true,
        _ => return None,
    };
    let m = area.mitigation.as_ref()?;
    Some((partly, m.kind.as_str(), (input.acting)(&m.owner)))
}

fn gap_task_id(area: &str) -> String {
    format!("close_{area}")
}

fn owner_of(owner: &Owner, input: &Inputs) -> String {
    match owner {
        Owner::Party(p) => (input.acting)(p),
        Owner::PerOption(map) => map
            .get(&input.option)
            .map(|p| (input.acting)(p))
            .unwrap_or_default(),
        Owner::Activity(a) => (input.accountable)(a).unwrap_or_default(),
    }
}

/// Every task `id` depends on, directly or not.
fn ancestors(tasks: &[Task], id: &str) -> HashSet<String> {
    let by_id: HashMap<&str, &Task> = tasks.iter().map(|t| (t.id.as_str(), t)).collect();
    let mut seen = HashSet::new();
    let mut todo = vec![id.to_string()];
    while let Some(next) = todo.pop() {
        for a in by_id.get(next.as_str()).map_or(&[][..], |t| &t.after[..]) {
            if seen.insert(a.clone()) {
                todo.push(a.clone());
            }
        }
    }
    seen
}

/// Dependencies on tasks left out for this plan stand for those tasks' own dependencies,
/// so the order holds even when a step is skipped (no procurement under SaaS).
fn resolve_after(
    after: &[String],
    kept: &HashSet<String>,
    all: &HashMap<&str, &[String]>,
) -> Vec<String> {
    let mut out = Vec::new();
    let mut todo: Vec<String> = after.to_vec();
    let mut seen = HashSet::new();
    while let Some(id) = todo.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        if kept.contains(&id) {
            if !out.contains(&id) {
                out.push(id);
            }
        } else if let Some(deps) = all.get(id.as_str()) {
            todo.extend(deps.iter().cloned());
        }
    }
    out.sort();
    out
}
