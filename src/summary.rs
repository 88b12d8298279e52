//! A plan written out for people, section by section.

use crate::decision::{Decision, Readiness};
use crate::formats::human_date;
use crate::options::HostingOption;
use crate::plan::Plan;
use crate::questionnaire::Questionnaire;
use crate::sizing::Sizing;
use crate::workplan::WorkPlan;

/// The answers grouped by section, with option labels and units. Hidden questions are
/// left out; shown questions without an answer say so.
pub fn answers_text(plan: &Plan, q: &Questionnaire) -> String {
    let shown = q.visibility(&plan.answers);
    let mut out = String::new();
    for section in &q.sections {
        let visible: Vec<_> = section
            .questions
            .iter()
            .filter(|x| shown[x.id.as_str()])
            .collect();
        if visible.is_empty() {
            continue;
        }
        let answered = visible
            .iter()
            .filter(|x| plan.answers.contains_key(&x.id))
            .count();
        out.push_str(&format!(
            "\n{} ({answered} of {} answered)\n",
            section.title,
            visible.len()
        ));
        for question in visible {
            let answer = match plan.answers.get(&question.id) {
                Some(a) => a.display(question),
                None if question.required => "(not answered yet; required)".to_string(),
                None => "(not answered)".to_string(),
            };
            out.push_str(&format!("  {}\n      {answer}\n", question.prompt));
        }
    }
    out
}

/// A one-line count of how far the plan has got.
pub fn progress_line(plan: &Plan, q: &Questionnaire) -> String {
    let visible = q.visible_questions(&plan.answers);
    let answered = visible
        .iter()
        .filter(|x| plan.answers.contains_key(&x.id))
        .count();
    let missing = q.missing_required(&plan.answers).len();
    let tail = match missing {
        0 => "every required question is answered".to_string(),
        1 => "1 required question still open".to_string(),
        n => format!("{n} required questions still open"),
    };
    format!("{answered} of {} questions answered; {tail}", visible.len())
}

/// How people call a hosting option: the label of the questionnaire's `chosen_option`.
pub fn option_label(q: &Questionnaire, option: HostingOption) -> String {
    q.question("chosen_option")
        .and_then(|c| c.option(option.id()))
        .map_or(option.id().to_string(), |o| o.label.clone())
}

/// The recommendation, the ranking with blockers and reasons, and any warnings.
pub fn decision_text(d: &Decision, q: &Questionnaire) -> String {
    let mut out = format!("\nRecommendation: {}\n", option_label(q, d.recommended));
    for w in &d.warnings {
        out.push_str(&format!("  ! {}\n", w.text));
    }
    for (rank, a) in d.ranking.iter().enumerate() {
        let state = if a.is_blocked() {
            "ruled out".to_string()
        } else {
            format!("score {:.1}", a.score)
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
    let mut out = format!("\nCapacity gaps ({})\n", gaps.len());
    for g in gaps {
        let state = if g.status == Readiness::Gap {
            "gap"
        } else {
            "partly"
        };
        out.push_str(&format!("  {} ({state})\n", g.title));
        if let Some(m) = &g.mitigation {
            let owner = party_name(&m.owner);
            let kind = m.kind.replace('_', " ");
            out.push_str(&format!(
                "      {} (owner: {owner}; {kind})
",
                m.text
            ));
        }
    }
    out
}

/// The milestones with their dates.
pub fn milestones_text(plan: &WorkPlan) -> String {
    let mut out = format!(
        "\nMilestones (work plan from {} to {})\n",
        human_date(plan.start),
        human_date(plan.end)
    );
    for m in plan.milestones() {
        out.push_str(&format!("  {:<18} {}\n", human_date(m.start), m.title));
    }
    out
}

/// Long lists of question ids (all capacity questions) are shortened for reading.
fn short_ids(ids: &[String]) -> String {
    if ids.len() > 4 {
        format!("{}, ... {} questions", ids[..2].join(", "), ids.len())
    } else {
        ids.join(", ")
    }
}

/// The servers to procure and the storage reached at the end of the programme.
pub fn sizing_text(s: &Sizing) -> String {
    let mut out = String::from("\nServers to procure\n");
    for server in s.servers() {
        out.push_str(&format!(
            "  {:<46} {} vCPU, {} GB memory, {} GB disk\n",
            server.role,
            server.vcpu,
            crate::formats::human_decimal(server.ram_gb),
            crate::formats::group_thousands(server.disk_gb.min(i64::MAX as u64) as i64)
        ));
    }
    if let Some(last) = s.storage_by_year.last() {
        out.push_str(&format!(
            "  After year {}: {} records, {} GB of data and {} GB of backups; {} hours of downtime allowed a year\n",
            last.year,
            crate::formats::group_thousands(last.records.min(i64::MAX as u64) as i64),
            crate::formats::human_decimal(last.database_gb + last.attachments_gb),
            crate::formats::human_decimal(last.backups_gb),
            crate::formats::human_decimal(s.downtime_hours_per_year)
        ));
    }
    out
}
