//! A plan written out for people, section by section.
//!
//! The words come from the shipped catalogue (`cli.report.*`) rather than a `&Strings`
//! argument: this report's only readers, `plan show` and `ask`, use no other catalogue.

use crate::analysis::Analysis;
use crate::base::diag::{Args, Problem, Severity};
use crate::base::formats::{group_count, group_thousands, human_date, human_decimal};
use crate::base::key;
use crate::base::strings::{Strings, fill, get, semicolon_list};
use crate::core::checklist::{Counts, Entry, Status};
use crate::core::cost::{Comparison, Kind, Line, OptionCost, OverBudget};
use crate::core::decision::{Decision, Readiness};
use crate::core::flow::{progress_from, sections_done};
use crate::core::model::Model;
use crate::core::options::{ADOPTION_QUESTION, HostingOption, RATIONALE_QUESTION};
use crate::core::plan::Plan;
use crate::core::questionnaire::Questionnaire;
use crate::core::sizing::Sizing;
use crate::core::workplan::WorkPlan;

/// The answers grouped by section, with option labels and units. Hidden questions are
/// left out; shown questions without an answer say so.
pub fn answers_text(plan: &Plan, q: &Questionnaire) -> String {
    let shown = q.visibility(&plan.answers);
    let mut out = String::new();
    for (index, section) in q.sections.iter().enumerate() {
        let visible: Vec<_> = shown.in_section(index).collect();
        if visible.is_empty() {
            continue;
        }
        let answered = visible.iter().filter(|(_, answered)| *answered).count();
        let heading = fill(
            key::cli::report::SECTION,
            &[
                ("title", &section.title),
                ("answered", &answered.to_string()),
                ("count", &visible.len().to_string()),
            ],
        );
        out.push_str(&format!("\n{heading}\n"));
        for (question, _) in visible {
            let answer = match plan.answers.get(&question.id) {
                Some(a) => a.display(question),
                None if question.required => get(key::cli::report::UNANSWERED_REQUIRED).to_string(),
                None => get(key::cli::report::UNANSWERED).to_string(),
            };
            out.push_str(&format!("  {}\n      {answer}\n", question.prompt));
        }
    }
    out
}

/// A one-line count of how far the plan has got, by sections as the wizard counts them:
/// a count of questions would grow as answers reveal more of them.
pub fn progress_line(plan: &Plan, q: &Questionnaire) -> String {
    let shown = q.visibility(&plan.answers);
    let (done, applies) = sections_done(&progress_from(q, &shown));
    let missing = shown.missing_required().len();
    let open = match missing {
        0 => get(key::cli::report::ALL_ANSWERED).to_string(),
        1 => get(key::cli::report::OPEN_ONE).to_string(),
        n => fill(key::cli::report::OPEN_MANY, &[("count", &n.to_string())]),
    };
    fill(
        key::cli::report::PROGRESS,
        &[
            ("done", &done.to_string()),
            ("count", &applies.to_string()),
            ("open", &open),
        ],
    )
}

/// How people call a hosting option: the label of the questionnaire's `chosen_option`.
pub fn option_label(q: &Questionnaire, option: HostingOption) -> String {
    id_label(q, option.id())
}

/// [`option_label`] from the option's id, as the machine-readable analysis gives it; an id
/// the questionnaire does not know is shown as it is.
pub fn id_label(q: &Questionnaire, id: &str) -> String {
    q.question(ADOPTION_QUESTION)
        .and_then(|c| c.option(id))
        .map_or(id.to_string(), |o| o.label.clone())
}

/// One sentence per rule that rules out the option the plan commits to, naming the option
/// and the rule: what every front-end shows of [`Analysis::ruled_out`].
pub fn ruled_out_lines(a: &Analysis, q: &Questionnaire, s: &Strings) -> Vec<String> {
    let option = option_label(q, a.option);
    a.ruled_out
        .iter()
        .map(|r| {
            s.fill(
                key::common::ruled_out::LINE,
                &[("option", &option), ("reason", &r.text)],
            )
        })
        .collect()
}

/// The sentence saying the plan chose against the recommendation without saying why, when
/// it did: see [`Analysis::unexplained_choice`].
pub fn unexplained_line(a: &Analysis, q: &Questionnaire, s: &Strings) -> Option<String> {
    a.unexplained_choice.then(|| {
        s.fill(
            key::common::unexplained::LINE,
            &[
                ("option", &option_label(q, a.option)),
                ("recommended", &option_label(q, a.decision.recommended)),
            ],
        )
    })
}

/// Why the plan's commitment does not hold, as problems at the question to change: the
/// rules that rule out the option chosen, and a choice against the recommendation with no
/// reason given. Errors for a plan that should be complete, warnings for one in progress.
pub fn commitment_problems(
    a: &Analysis,
    q: &Questionnaire,
    origin: &str,
    severity: Severity,
) -> Vec<Problem> {
    let option = option_label(q, a.option);
    let problem = |id: &str, key: &'static str, args: Args| {
        let d = Problem::new(severity, key, args).in_file(origin);
        d.about(Some(id))
    };
    let mut out: Vec<Problem> = a
        .ruled_out
        .iter()
        .map(|rule| {
            let args = vec![
                ("option", option.clone()),
                ("reason", rule.text.clone()),
                ("questions", rule.questions.join(", ")),
            ];
            problem(ADOPTION_QUESTION, key::common::ruled_out::LINE, args)
                .help_at(key::common::ruled_out::HELP)
        })
        .collect();
    if a.unexplained_choice {
        let args = vec![
            ("option", option),
            ("recommended", option_label(q, a.decision.recommended)),
        ];
        let d = problem(RATIONALE_QUESTION, key::common::unexplained::LINE, args);
        out.push(d.help_at(key::common::unexplained::HELP));
    }
    out
}

/// A warning for each price override that names no cost figure, about the overrides'
/// answer, with the closest id as help.
pub fn cost_problems(a: &Analysis, origin: &str) -> Vec<Problem> {
    let Some(c) = &a.costs else {
        return Vec::new();
    };
    c.unknown_overrides
        .iter()
        .map(|id| {
            let (help, more) = crate::base::tomlread::suggestion(id, crate::core::cost::FIGURE_IDS);
            let mut args: Args = vec![("id", id.clone())];
            args.extend(more);
            Problem::new(
                Severity::Warning,
                key::cost::problem::UNKNOWN_OVERRIDE,
                args,
            )
            .in_file(origin)
            .about(Some(crate::core::cost::OVERRIDES_QUESTION))
            .help_at(help)
        })
        .collect()
}

/// The recommendation, the ranking with blockers and reasons, and any warnings.
pub fn decision_text(d: &Decision, q: &Questionnaire) -> String {
    let recommended = option_label(q, d.recommended);
    let mut out = format!(
        "\n{}\n",
        fill(
            key::cli::report::RECOMMENDATION,
            &[("option", &recommended)]
        )
    );
    for w in &d.warnings {
        out.push_str(&format!("  ! {}\n", w.text));
    }
    for (rank, a) in d.ranking.iter().enumerate() {
        let state = if a.is_blocked() {
            get(key::cli::report::RULED_OUT).to_string()
        } else {
            fill(
                key::cli::report::SCORE,
                &[("score", &format!("{:.1}", a.score))],
            )
        };
        out.push_str(&format!(
            "  {}. {} ({state})\n",
            rank + 1,
            option_label(q, a.option)
        ));
        for b in &a.blockers {
            out.push_str(&format!(
                "       x {} [{}]\n",
                b.text,
                short_ids(&b.questions)
            ));
        }
        for (r, points) in a.reasons.iter().filter(|(_, p)| p.abs() >= 0.05) {
            let sign = if *points > 0.0 { '+' } else { '-' };
            out.push_str(&format!(
                "       {sign} {} [{}]\n",
                r.text,
                short_ids(&r.questions)
            ));
        }
    }
    out
}

/// Capacity areas that are not ready, each with its mitigation and owner.
pub fn gaps_text(d: &Decision, party_name: &dyn Fn(&str) -> String) -> String {
    let gaps: Vec<_> = d.gaps().collect();
    if gaps.is_empty() {
        return String::new();
    }
    let count = gaps.len().to_string();
    let mut out = format!("\n{}\n", fill(key::cli::report::GAPS, &[("count", &count)]));
    for g in gaps {
        let state = if g.status == Readiness::Gap {
            get(key::cli::report::GAP)
        } else {
            get(key::cli::report::PARTLY)
        };
        out.push_str(&format!("  {} ({state})\n", g.title));
        if let Some(m) = &g.mitigation {
            let owner = party_name(&m.owner);
            let kind = Strings::builtin().keyed(key::cli::report::kind::PREFIX, &m.kind);
            let line = fill(
                key::cli::report::MITIGATION,
                &[("text", &m.text), ("owner", &owner), ("kind", &kind)],
            );
            out.push_str(&format!("      {line}\n"));
        }
    }
    out
}

/// The milestones with their dates.
pub fn milestones_text(plan: &WorkPlan) -> String {
    let heading = fill(
        key::cli::report::MILESTONES,
        &[
            ("start", &human_date(plan.start)),
            ("end", &human_date(plan.end)),
        ],
    );
    let mut out = format!("\n{heading}\n");
    for m in plan.milestones() {
        out.push_str(&format!("  {:<18} {}\n", human_date(m.start), m.title));
    }
    out
}

/// Every checklist item that applies, list by list, with its status, owner and due date:
/// met, planned (with the task and the day it ends), or open (with the reason when the
/// answers contradict it).
pub fn checklists_text(model: &Model, a: &Analysis) -> String {
    let c = Counts::of(&a.checklists);
    let heading = fill(
        key::cli::report::CHECKLISTS,
        &[
            ("met", &c.met.to_string()),
            ("planned", &c.planned.to_string()),
            ("open", &c.open.to_string()),
            ("total", &c.applicable().to_string()),
        ],
    );
    let mut out = format!("\n{heading}\n");
    for (list, entries) in model.checklists.applying(&a.checklists) {
        out.push_str(&format!("  {}\n", list.title));
        for e in entries {
            out.push_str(&format!("    {}\n", entry_line(a, &e)));
        }
    }
    out
}

/// "[planned] Title (owner: IT; due 12 May 2027; planned by: Secure the webhooks, ends ...)".
fn entry_line(a: &Analysis, e: &Entry) -> String {
    let status = Strings::builtin().keyed(key::cli::report::status::PREFIX, e.status.id());
    let mut facts = vec![fill(
        key::cli::report::ITEM_OWNER,
        &[("owner", &a.matrix.party_name(e.owner))],
    )];
    if let Some(due) = e.due {
        facts.push(fill(
            key::cli::report::ITEM_DUE,
            &[("date", &human_date(due))],
        ));
    }
    match e.status {
        Status::Planned {
            task: Some(id),
            end: Some(end),
        } => {
            let title = a
                .work_plan
                .task(id)
                .map_or(id.as_str(), |t| t.title.as_str());
            facts.push(fill(
                key::cli::report::ITEM_TASK,
                &[("task", title), ("date", &human_date(*end))],
            ));
        }
        Status::Planned { task: None, .. } => {
            facts.push(get(key::cli::report::ITEM_INTENDED).into())
        }
        Status::Open {
            reason: Some(reason),
        } => facts.push(fill(key::cli::report::ITEM_REASON, &[("reason", reason)])),
        _ => {}
    }
    fill(
        key::cli::report::ITEM,
        &[
            ("status", &status),
            ("title", &e.item.title),
            ("facts", &semicolon_list(&facts)),
        ],
    )
}

/// Long lists of question ids (all capacity questions) are shortened for reading.
fn short_ids(ids: &[String]) -> String {
    if ids.len() > 4 {
        fill(
            key::cli::report::MANY_QUESTIONS,
            &[
                ("first", &ids[..2].join(", ")),
                ("count", &ids.len().to_string()),
            ],
        )
    } else {
        ids.join(", ")
    }
}

/// The servers to procure and the storage reached at the end of the programme.
pub fn sizing_text(s: &Sizing) -> String {
    let mut out = format!("\n{}\n", get(key::cli::report::SERVERS));
    for server in s.servers() {
        let size = fill(
            key::cli::report::SERVER,
            &[
                ("vcpu", &server.vcpu.to_string()),
                ("ram_gb", &human_decimal(server.ram_gb)),
                ("disk_gb", &group_count(server.disk_gb)),
            ],
        );
        let label = Sizing::label(server, Strings::builtin());
        out.push_str(&format!("  {label:<46} {size}\n"));
    }
    if let Some(puma) = &s.app_server.puma {
        out.push_str(&format!("  {}\n", puma.text));
    }
    out.push_str(&format!(
        "  {}\n  {}:\n",
        fill(key::sizing::platform::OS_LINE, &[("os", &s.platform.os)]),
        get(key::sizing::platform::OUTBOUND)
    ));
    for item in &s.platform.outbound {
        out.push_str(&format!("    - {}\n", item.text));
    }
    if let Some(line) = last_year(s) {
        out.push_str(&format!("  {line}\n"));
    }
    out
}

/// The records, data and backups at the end of the last year, and the downtime allowed.
fn last_year(s: &Sizing) -> Option<String> {
    let last = s.storage_by_year.last()?;
    let data_gb = human_decimal(last.database_gb + last.attachments_gb);
    Some(fill(
        key::cli::report::AFTER_YEAR,
        &[
            ("year", &last.year.to_string()),
            ("records", &group_count(last.records)),
            ("data_gb", &data_gb),
            ("backups_gb", &human_decimal(last.backups_gb)),
            ("downtime_hours", &human_decimal(s.downtime_hours_per_year)),
        ],
    ))
}

/// A count for people: 150,000.
/// What hostplan works out from a plan, as `plan show` and `ask` print it: the decision,
/// the option the plan commits to when the team chose another, the gaps, the servers and
/// the milestones. `no_servers`, if given, stands where the servers would be when UNICEF
/// hosts production.
pub fn results_text(model: &Model, a: &Analysis, no_servers: Option<&str>) -> String {
    let q = &model.questionnaire;
    let mut out = decision_text(&a.decision, q);
    if a.overrides_recommendation() {
        let option = option_label(q, a.option);
        out.push_str(&fill(key::cli::report::COMMITS_TO, &[("option", &option)]));
        out.push('\n');
    }
    let s = Strings::builtin();
    for line in ruled_out_lines(a, q, s)
        .into_iter()
        .chain(unexplained_line(a, q, s))
    {
        out.push_str(&format!("  ! {line}\n"));
    }
    out.push_str(&gaps_text(&a.decision, &|id| a.matrix.party_name(id)));
    match (&a.sizing, no_servers) {
        (Some(sizing), _) => out.push_str(&sizing_text(sizing)),
        (None, Some(line)) => out.push_str(&format!("\n{line}\n")),
        (None, None) => {}
    }
    out.push_str(&milestones_text(&a.work_plan));
    out
}

/// The name of a cost line for people.
pub fn cost_line_label(id: &str) -> String {
    let key = match id {
        "servers" => key::cost::line::SERVERS,
        "managed_database" => key::cost::line::MANAGED_DATABASE,
        "storage" => key::cost::line::STORAGE,
        "bandwidth" => key::cost::line::BANDWIDTH,
        "certificates" => key::cost::line::CERTIFICATES,
        "bastion" => key::cost::line::BASTION,
        "non_production" => key::cost::line::NON_PRODUCTION,
        "openfn" => key::cost::line::OPENFN,
        "staff_admin" => key::cost::line::STAFF_ADMIN,
        "staff_it" => key::cost::line::STAFF_IT,
        "vendor" => key::cost::line::VENDOR,
        "saas_fee" => key::cost::line::SAAS_FEE,
        "setup" => key::cost::line::SETUP,
        "training" => key::cost::line::TRAINING,
        _ => return id.to_string(),
    };
    get(key).to_string()
}

/// A whole amount for people: 12,345.
fn amount(x: i64) -> String {
    group_thousands(x)
}

/// The exchange rate the comparison uses, or why it uses none; `None` in US dollars.
pub fn cost_rate_line(c: &Comparison) -> Option<String> {
    if c.rate_missing {
        return Some(get(key::cost::show::RATE_MISSING).to_string());
    }
    if c.currency == crate::core::cost::BASE_CURRENCY {
        return None;
    }
    let rate = human_decimal(c.exchange_rate);
    Some(match c.rate_date {
        Some(d) => fill(
            key::cost::show::RATE,
            &[
                ("rate", &rate),
                ("currency", &c.currency),
                ("date", &human_date(d)),
            ],
        ),
        None => fill(
            key::cost::show::RATE_UNDATED,
            &[("rate", &rate), ("currency", &c.currency)],
        ),
    })
}

/// The label of a line in a table: its name, its share of a post, its mark when an
/// assumption prices it, and "(once)" when it is paid once.
pub fn cost_line_name(l: &Line) -> String {
    let mut name = cost_line_label(l.id);
    if let Some(fte) = l.fte {
        name = fill(
            key::cost::show::FTE,
            &[("line", &name), ("fte", &human_decimal(fte))],
        );
    }
    if l.kind == Kind::OneOff {
        name = fill(key::cost::show::ONE_OFF, &[("line", &name)]);
    }
    if l.assumption {
        name = fill(key::cost::show::ASSUMED, &[("line", &name)]);
    }
    name
}

/// The three options' costs as `plan show` prints them: a table each, year by year.
pub fn costs_text(q: &Questionnaire, c: &Comparison) -> String {
    let mut out = format!(
        "\n{}\n",
        fill(
            key::cost::show::HEADING,
            &[("years", &c.years.to_string()), ("currency", &c.currency)],
        )
    );
    if let Some(line) = cost_rate_line(c) {
        out.push_str(&format!("  {line}\n"));
    }
    let width = 44;
    let mut header = format!("  {:width$}", "");
    for y in 1..=c.years {
        let year = fill(key::cost::show::YEAR, &[("year", &y.to_string())]);
        header.push_str(&format!(" {year:>11}"));
    }
    header.push_str(&format!(" {:>12}", get(key::cost::show::TOTAL)));
    for o in &c.options {
        let name = option_label(q, o.option);
        let title = match o.ruled_out.first() {
            Some(reason) => fill(
                key::cost::show::RULED_OUT,
                &[("option", &name), ("reason", reason)],
            ),
            None => name,
        };
        out.push_str(&format!("\n  {title}\n{header}\n"));
        for l in &o.lines {
            out.push_str(&row(&cost_line_name(l), &l.years, l.total, width));
        }
        out.push_str(&row(get(key::cost::show::TOTAL), &o.years, o.total, width));
        out.push_str(&option_notes(o));
    }
    if c.options
        .iter()
        .flat_map(|o| &o.lines)
        .any(|l| l.assumption)
    {
        out.push_str(&format!("\n  {}\n", get(key::cost::show::ASSUMED_NOTE)));
    }
    out.push_str(&cost_warnings(q, c));
    out
}

fn row(label: &str, years: &[i64], total: i64, width: usize) -> String {
    let mut out = format!("  {label:width$}");
    for y in years {
        out.push_str(&format!(" {:>11}", amount(*y)));
    }
    out.push_str(&format!(" {:>12}\n", amount(total)));
    out
}

/// Cost per user and per 1,000 records, the sensitivity and the budget, under a table.
fn option_notes(o: &OptionCost) -> String {
    let mut notes = Vec::new();
    if let Some(x) = o.per_user_year {
        notes.push(fill(key::cost::show::PER_USER, &[("amount", &amount(x))]));
    }
    if let Some(x) = o.per_thousand_records {
        notes.push(fill(
            key::cost::show::PER_RECORDS,
            &[("amount", &amount(x))],
        ));
    }
    for s in &o.sensitivity {
        notes.push(fill(
            key::cost::show::SENSITIVITY,
            &[
                ("line", &cost_line_label(s.line)),
                ("low", &amount(s.low)),
                ("high", &amount(s.high)),
            ],
        ));
    }
    if let Some(over) = &o.over_budget {
        notes.push(format!("! {}", over_budget_line(over)));
    }
    if let Some(line) = uncovered_line(o) {
        notes.push(format!("! {line}"));
    }
    notes.iter().map(|n| format!("    {n}\n")).collect()
}

/// The costliest year set against the budget, in words.
pub fn over_budget_line(over: &OverBudget) -> String {
    fill(
        key::cost::show::OVER_BUDGET,
        &[
            ("year", &over.year.to_string()),
            ("cost", &amount(over.cost)),
            ("budget", &amount(over.budget)),
        ],
    )
}

/// The lines the budget does not cover, with what they cost over the plan.
pub fn uncovered_line(o: &OptionCost) -> Option<String> {
    if o.uncovered.is_empty() {
        return None;
    }
    let names: Vec<String> = o.uncovered.iter().map(|id| cost_line_label(id)).collect();
    let total: i64 = o
        .lines
        .iter()
        .filter(|l| o.uncovered.contains(&l.id))
        .map(|l| l.total)
        .sum();
    Some(fill(
        key::cost::show::UNCOVERED,
        &[
            ("lines", &semicolon_list(&names)),
            ("total", &amount(total)),
        ],
    ))
}

/// The questions the comparison still waits for, by their prompts; `None` when none.
pub fn cost_unanswered_line(q: &Questionnaire, c: &Comparison) -> Option<String> {
    if c.unanswered.is_empty() {
        return None;
    }
    let questions: Vec<String> = c
        .unanswered
        .iter()
        .map(|id| q.question(id).map_or(id.clone(), |x| x.prompt.clone()))
        .collect();
    Some(fill(
        key::cost::show::UNANSWERED,
        &[("questions", &semicolon_list(&questions))],
    ))
}

/// What the comparison still waits for, and overrides that change nothing.
fn cost_warnings(q: &Questionnaire, c: &Comparison) -> String {
    let mut out = String::new();
    if let Some(line) = cost_unanswered_line(q, c) {
        out.push_str(&format!("  ! {line}\n"));
    }
    if !c.unknown_overrides.is_empty() {
        let line = fill(
            key::cost::show::UNKNOWN_OVERRIDES,
            &[("ids", &c.unknown_overrides.join(", "))],
        );
        out.push_str(&format!("  ! {line}\n"));
    }
    out
}

/// The comparison in one sentence, as `ask` ends with it, then what goes over budget.
pub fn costs_summary(q: &Questionnaire, c: &Comparison) -> String {
    let options: Vec<String> = c
        .options
        .iter()
        .map(|o| {
            fill(
                key::cost::show::SUMMARY_OPTION,
                &[
                    ("option", &option_label(q, o.option)),
                    ("total", &amount(o.total)),
                ],
            )
        })
        .collect();
    let mut out = fill(
        key::cost::show::SUMMARY,
        &[
            ("years", &c.years.to_string()),
            ("currency", &c.currency),
            ("options", &semicolon_list(&options)),
        ],
    );
    out.push('\n');
    if let Some(line) = cost_rate_line(c) {
        out.push_str(&format!("  {line}\n"));
    }
    for o in &c.options {
        if let Some(over) = &o.over_budget {
            let name = option_label(q, o.option);
            out.push_str(&format!("  ! {name}: {}\n", over_budget_line(over)));
        }
    }
    out.push_str(&cost_warnings(q, c));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // A kind without words would show as its catalogue key.
    #[test]
    fn every_mitigation_kind_has_its_words() {
        for kind in crate::core::decision::KINDS {
            for prefix in ["cli.report.kind.", "wizard.mitigation."] {
                let key = format!("{prefix}{kind}");
                assert!(Strings::builtin().contains(&key), "{key} is missing");
            }
        }
    }
}
