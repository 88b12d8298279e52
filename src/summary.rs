//! A plan written out for people, section by section.

use crate::plan::Plan;
use crate::questionnaire::Questionnaire;

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
