//! The whole analysis of a plan as one JSON object, for a team's own tools: the
//! recommendation, readiness and gaps, servers, the dated work plan, the responsibilities
//! and the checklists. docs/plan-json.md describes every field.
//!
//! Lists keep the order of the plan and its data; maps are sorted by key. Nothing here reads
//! the clock, so the same plan and model give the same bytes.

use super::Context;
use crate::analysis::summary::option_label;
use crate::base::diag::Severity;
use crate::core::answer::Answer;
use crate::core::checklist::{Checklist, Entry, Status};
use crate::core::decision::{AreaReadiness, Assessment, Readiness};
use crate::core::responsibilities::Activity;
use crate::core::sizing::{Platform, Puma, Sizing};
use crate::core::workplan::WorkPlan;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// Raised when a field changes meaning or goes away; new fields keep the version.
pub const SCHEMA_VERSION: u32 = 1;

/// The JSON text of the plan's analysis, pretty-printed, with a final newline.
pub fn render(ctx: &Context) -> String {
    let mut text = serde_json::to_string_pretty(&document(ctx))
        .expect("the document holds only strings, numbers and lists");
    text.push('\n');
    text
}

/// The document `render` writes.
pub fn document<'a>(ctx: &'a Context<'a>) -> Document<'a> {
    let a = ctx.analysis;
    Document {
        schema_version: SCHEMA_VERSION,
        questionnaire: QuestionnaireRef {
            id: &ctx.model.questionnaire.id,
            version: &ctx.model.questionnaire.version,
        },
        plan: plan_ref(ctx),
        recommendation: Recommendation {
            option: a.decision.recommended.id(),
            commits_to: a.option.id(),
            chosen_by_team: chosen_by_team(ctx),
            overrides_recommendation: a.overrides_recommendation(),
            ruled_out_by: a
                .ruled_out
                .iter()
                .map(|r| Note {
                    rule: &r.rule,
                    text: &r.text,
                    questions: &r.questions,
                })
                .collect(),
            unexplained: a.unexplained_choice,
        },
        options: a
            .decision
            .ranking
            .iter()
            .enumerate()
            .map(|(i, x)| option_result(ctx, i + 1, x))
            .collect(),
        readiness: readiness(&a.decision.areas, a.decision.readiness),
        gaps: a.decision.gaps().map(|g| gap(g, &a.work_plan)).collect(),
        servers: a.sizing.as_ref().map_or(Vec::new(), servers),
        platform: a.sizing.as_ref().map(|s| &s.platform),
        costs: a.costs.as_ref(),
        work_plan: work_plan(ctx, &a.work_plan),
        parties: parties(ctx),
        responsibilities: matrix_rows(ctx).into_iter().map(|r| row(ctx, r)).collect(),
        checklists: ctx
            .model
            .checklists
            .entries(&a.checklists)
            .into_iter()
            .map(|(list, entries)| checklist(list, entries))
            .collect(),
        warnings: a
            .decision
            .warnings
            .iter()
            .map(|w| Note {
                rule: &w.rule,
                text: &w.text,
                questions: &w.questions,
            })
            .collect(),
        problems: problems(ctx),
    }
}

#[derive(Serialize)]
pub struct Document<'a> {
    schema_version: u32,
    questionnaire: QuestionnaireRef<'a>,
    plan: PlanRef,
    recommendation: Recommendation<'a>,
    options: Vec<OptionResult<'a>>,
    readiness: ReadinessJson<'a>,
    gaps: Vec<Gap<'a>>,
    servers: Vec<ServerJson<'a>>,
    platform: Option<&'a Platform>,
    /// What each option costs year by year; docs/plan-json.md and docs/cost.md.
    costs: Option<&'a crate::core::cost::Comparison>,
    work_plan: WorkPlanJson<'a>,
    parties: Vec<PartyJson<'a>>,
    responsibilities: Vec<RowJson<'a>>,
    checklists: Vec<ChecklistJson<'a>>,
    warnings: Vec<Note<'a>>,
    problems: Vec<ProblemJson>,
}

#[derive(Serialize)]
struct QuestionnaireRef<'a> {
    id: &'a str,
    version: &'a str,
}

// --- The plan file ------------------------------------------------------------------

#[derive(Serialize)]
struct PlanRef {
    /// When the plan was last changed, as `plan show` and the PDF print it, in UTC.
    version: Option<String>,
    answers_hash: String,
    /// Every required question answered, the option committed to not ruled out, and a
    /// choice against the recommendation explained.
    complete: bool,
    unanswered_required: Vec<String>,
}

fn plan_ref(ctx: &Context) -> PlanRef {
    let plan = ctx.plan;
    let missing: Vec<String> = ctx
        .model
        .questionnaire
        .missing_required(&plan.answers)
        .iter()
        .map(|q| q.id.clone())
        .collect();
    PlanRef {
        version: plan
            .updated
            .or(plan.created)
            .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
        answers_hash: super::pdf::answers_hash(plan),
        complete: missing.is_empty() && ctx.analysis.commitment_holds(),
        unanswered_required: missing,
    }
}

// --- The decision -------------------------------------------------------------------

#[derive(Serialize)]
struct Recommendation<'a> {
    option: &'static str,
    commits_to: &'static str,
    chosen_by_team: bool,
    overrides_recommendation: bool,
    /// The rules that rule out `commits_to`: such a plan is not complete.
    ruled_out_by: Vec<Note<'a>>,
    /// The plan chose against the recommendation without saying why (`choice_rationale`
    /// unanswered): such a plan is not complete.
    unexplained: bool,
}

/// Whether the team answered `chosen_option`; otherwise the plan commits to the
/// recommendation.
fn chosen_by_team(ctx: &Context) -> bool {
    matches!(
        ctx.plan
            .answers
            .get(crate::core::options::ADOPTION_QUESTION),
        Some(Answer::Choice(_))
    )
}

#[derive(Serialize)]
struct OptionResult<'a> {
    option: &'static str,
    label: String,
    rank: usize,
    result: &'static str,
    score: f64,
    reasons: Vec<ReasonJson<'a>>,
}

#[derive(Serialize)]
struct ReasonJson<'a> {
    rule: &'a str,
    text: &'a str,
    /// Points added or taken away; `None` for a reason that rules the option out.
    points: Option<f64>,
    blocks: bool,
    questions: &'a [String],
}

fn option_result<'a>(ctx: &Context, rank: usize, x: &'a Assessment) -> OptionResult<'a> {
    let blockers = x.blockers.iter().map(|b| ReasonJson {
        rule: &b.rule,
        text: &b.text,
        points: None,
        blocks: true,
        questions: &b.questions,
    });
    let scored = x.reasons.iter().map(|(r, p)| ReasonJson {
        rule: &r.rule,
        text: &r.text,
        points: Some(round2(*p)),
        blocks: false,
        questions: &r.questions,
    });
    OptionResult {
        option: x.option.id(),
        label: option_label(&ctx.model.questionnaire, x.option),
        rank,
        result: result_of(ctx, x),
        score: round2(x.score),
        reasons: blockers.chain(scored).collect(),
    }
}

/// `blocked` when a rule rules the option out (even if every option is, and this one is
/// still ranked first), `recommended` for the recommendation, `possible` otherwise.
fn result_of(ctx: &Context, x: &Assessment) -> &'static str {
    if x.is_blocked() {
        "blocked"
    } else if x.option == ctx.analysis.decision.recommended {
        "recommended"
    } else {
        "possible"
    }
}

/// Scores are sums of weights; two decimals keep float noise out of the output.
fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

// --- Readiness and gaps -------------------------------------------------------------

#[derive(Serialize)]
struct ReadinessJson<'a> {
    percent: Option<u32>,
    known_areas: usize,
    total_areas: usize,
    areas: Vec<AreaJson<'a>>,
}

#[derive(Serialize)]
struct AreaJson<'a> {
    area: &'a str,
    title: &'a str,
    question: &'a str,
    status: &'static str,
}

fn readiness(areas: &[AreaReadiness], score: Option<f64>) -> ReadinessJson<'_> {
    ReadinessJson {
        percent: score.map(|r| (r * 100.0).round() as u32),
        known_areas: areas
            .iter()
            .filter(|a| a.status != Readiness::Unknown)
            .count(),
        total_areas: areas.len(),
        areas: areas
            .iter()
            .map(|a| AreaJson {
                area: &a.area,
                title: &a.title,
                question: &a.question,
                status: readiness_id(a.status),
            })
            .collect(),
    }
}

fn readiness_id(r: Readiness) -> &'static str {
    match r {
        Readiness::Ready => "ready",
        Readiness::Partly => "partly",
        Readiness::Gap => "gap",
        Readiness::Unknown => "unknown",
    }
}

#[derive(Serialize)]
struct Gap<'a> {
    area: &'a str,
    title: &'a str,
    status: &'static str,
    mitigation: Option<MitigationJson<'a>>,
    /// The work-plan task that closes the gap; `None` when no task does (under SaaS).
    task_id: Option<&'a str>,
}

#[derive(Serialize)]
struct MitigationJson<'a> {
    kind: &'a str,
    owner: &'a str,
    text: &'a str,
}

fn gap<'a>(g: &'a AreaReadiness, plan: &'a WorkPlan) -> Gap<'a> {
    Gap {
        area: &g.area,
        title: &g.title,
        status: readiness_id(g.status),
        mitigation: g.mitigation.as_ref().map(|m| MitigationJson {
            kind: &m.kind,
            owner: &m.owner,
            text: &m.text,
        }),
        task_id: plan.task_closing(&g.area).map(|t| t.id.as_str()),
    }
}

// --- Servers ------------------------------------------------------------------------

#[derive(Serialize)]
struct ServerJson<'a> {
    id: &'static str,
    role: &'a str,
    count: u32,
    vcpu: u32,
    ram_gb: f64,
    disk_gb: u64,
    note: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    puma: Option<&'a Puma>,
}

/// The servers to procure, each with an id naming its place in the sizing.
fn servers(s: &Sizing) -> Vec<ServerJson<'_>> {
    s.named_servers()
        .into_iter()
        .map(|(id, x)| ServerJson {
            id,
            role: &x.role,
            count: x.count,
            vcpu: x.vcpu,
            ram_gb: x.ram_gb,
            disk_gb: x.disk_gb,
            note: &x.note,
            puma: x.puma.as_ref(),
        })
        .collect()
}

// --- Work plan ----------------------------------------------------------------------

#[derive(Serialize)]
struct WorkPlanJson<'a> {
    option: &'static str,
    start: String,
    end: String,
    phases: Vec<PhaseJson<'a>>,
    tasks: Vec<TaskJson<'a>>,
}

#[derive(Serialize)]
struct PhaseJson<'a> {
    id: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct TaskJson<'a> {
    id: &'a str,
    phase: &'a str,
    title: &'a str,
    owner: &'a str,
    owner_name: String,
    named_person: Option<&'a str>,
    with: &'a [String],
    start: String,
    end: String,
    days: u32,
    depends_on: &'a [String],
    milestone: bool,
    closes_gaps: &'a [String],
}

fn work_plan<'a>(ctx: &Context, plan: &'a WorkPlan) -> WorkPlanJson<'a> {
    let tasks = plan
        .phases
        .iter()
        .flat_map(|p| p.tasks.iter().map(move |t| (p.id.as_str(), t)))
        .map(|(phase, t)| TaskJson {
            id: &t.id,
            phase,
            title: &t.title,
            owner: &t.owner,
            owner_name: ctx.analysis.task_owner(t),
            named_person: t.owner_name.as_deref(),
            with: &t.with,
            start: date(t.start),
            end: date(t.end),
            days: t.days,
            depends_on: &t.after,
            milestone: t.is_milestone(),
            closes_gaps: &t.closes_gaps,
        })
        .collect();
    WorkPlanJson {
        option: plan.option.id(),
        start: date(plan.start),
        end: date(plan.end),
        phases: plan
            .phases
            .iter()
            .map(|p| PhaseJson {
                id: &p.id,
                title: &p.title,
            })
            .collect(),
        tasks,
    }
}

fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

// --- Responsibilities ---------------------------------------------------------------

#[derive(Serialize)]
struct PartyJson<'a> {
    id: &'a str,
    name: &'a str,
    short: &'a str,
    needed: bool,
}

#[derive(Serialize)]
struct RowJson<'a> {
    activity: &'a str,
    title: &'a str,
    group: &'a str,
    support_level: Option<u8>,
    letters: BTreeMap<&'a str, &'static str>,
}

fn parties<'a>(ctx: &'a Context) -> Vec<PartyJson<'a>> {
    ctx.analysis
        .matrix
        .parties
        .iter()
        .map(|p| PartyJson {
            id: &p.id,
            name: &p.name,
            short: &p.short,
            needed: ctx.analysis.matrix.is_needed(&p.id),
        })
        .collect()
}

/// The rows of this plan's matrix that apply under the option the plan commits to, in
/// data order.
fn matrix_rows<'a>(ctx: &'a Context) -> Vec<&'a Activity> {
    ctx.analysis.matrix.rows(ctx.analysis.option)
}

fn row<'a>(ctx: &Context, a: &'a Activity) -> RowJson<'a> {
    let letters = a
        .raci
        .get(&ctx.analysis.option)
        .map(|r| r.iter().map(|(p, l)| (p.as_str(), l.code())).collect())
        .unwrap_or_default();
    RowJson {
        activity: &a.id,
        title: &a.title,
        group: &a.group,
        support_level: a.support_level,
        letters,
    }
}

// --- Checklists ---------------------------------------------------------------------

#[derive(Serialize)]
struct ChecklistJson<'a> {
    id: &'a str,
    title: &'a str,
    items: Vec<ItemJson<'a>>,
}

#[derive(Serialize)]
struct ItemJson<'a> {
    id: &'a str,
    title: &'a str,
    status: &'static str,
    due: Option<String>,
    due_milestone: &'a str,
    owner: &'a str,
    /// The work-plan task that will do a planned item.
    task: Option<&'a str>,
    /// Why an open item is open, when the answers contradict it.
    reason: Option<&'a str>,
}

fn checklist<'a>(list: &'a Checklist, entries: Vec<Entry<'a>>) -> ChecklistJson<'a> {
    ChecklistJson {
        id: &list.id,
        title: &list.title,
        items: entries
            .into_iter()
            .map(|e| {
                let (task, reason) = match e.status {
                    Status::Planned { task, .. } => (task.as_deref(), None),
                    Status::Open { reason } => (None, reason.as_deref()),
                    _ => (None, None),
                };
                ItemJson {
                    id: &e.item.id,
                    title: &e.item.title,
                    status: e.status.id(),
                    due: e.due.map(date),
                    due_milestone: &e.item.due,
                    owner: e.owner,
                    task,
                    reason,
                }
            })
            .collect(),
    }
}

// --- Warnings and problems ----------------------------------------------------------

#[derive(Serialize)]
struct Note<'a> {
    rule: &'a str,
    text: &'a str,
    questions: &'a [String],
}

#[derive(Serialize)]
struct ProblemJson {
    severity: &'static str,
    question: Option<String>,
    message: String,
}

/// Problems with the configuration answers, as `hostplan check` finds them.
fn problems(ctx: &Context) -> Vec<ProblemJson> {
    super::config::check(ctx)
        .into_iter()
        .map(|p| ProblemJson {
            severity: match p.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            message: p.message(),
            question: p.id,
        })
        .collect()
}
