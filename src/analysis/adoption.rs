//! What the adoption question and the rationale question show beside the question: the
//! option hostplan recommends with its strongest reasons, the options the answers rule out,
//! and which choice a reason is asked for. Every front-end shows the same advice.

use crate::analysis::Analysis;
use crate::analysis::summary::option_label;
use crate::base::key;
use crate::base::strings::Strings;
use crate::core::answer::Answer;
use crate::core::decision::Assessment;
use crate::core::options::{ADOPTION_QUESTION, RATIONALE_QUESTION};
use crate::core::questionnaire::Questionnaire;

/// How many reasons for the recommendation are shown: the strongest, so the screen stays
/// short; the decision screen lists them all.
const TOP_REASONS: usize = 3;

/// Advice shown with a question.
#[derive(Clone, Debug, PartialEq)]
pub struct Advice {
    /// The sentence that leads the advice.
    pub heading: String,
    /// Points under the heading: the recommendation's strongest reasons.
    pub points: Vec<String>,
    /// The answer offered while the question has none.
    pub offer: Option<Answer>,
    /// What each option is to this plan, for options that are more than one of the list.
    pub notes: Vec<OptionNote>,
    /// This plan needs an answer here although the questionnaire does not require one.
    pub required: bool,
}

/// What an option of the adoption question is to this plan.
#[derive(Clone, Debug, PartialEq)]
pub struct OptionNote {
    pub option: &'static str,
    /// A word or two after the option's label: "recommended", "ruled out".
    pub tag: String,
    /// Why, when it needs saying: the first rule that rules the option out.
    pub why: Option<String>,
}

impl Advice {
    /// The note of the option with id `option`, if it has one.
    pub fn note(&self, option: &str) -> Option<&OptionNote> {
        self.notes.iter().find(|n| n.option == option)
    }
}

/// Whether the question with id `id` may come with advice, which needs the results worked
/// out from the answers as they stand.
pub fn advises(id: &str) -> bool {
    id == ADOPTION_QUESTION || id == RATIONALE_QUESTION
}

/// The advice to show with question `id`, if any, from the results `a` of the answers as
/// they stand.
pub fn advice(q: &Questionnaire, a: &Analysis, id: &str, s: &Strings) -> Option<Advice> {
    match id {
        ADOPTION_QUESTION => Some(adoption(q, a, s)),
        RATIONALE_QUESTION => rationale(q, a, s),
        _ => None,
    }
}

/// The recommendation and why, offered as the answer; each ruled-out option with its rule.
fn adoption(q: &Questionnaire, a: &Analysis, s: &Strings) -> Advice {
    let d = &a.decision;
    let recommended = d.assessment(d.recommended);
    let points = top_reasons(recommended);
    let label = option_label(q, d.recommended);
    let key = match points.is_empty() {
        true => key::common::adoption::RECOMMENDS_PLAIN,
        false => key::common::adoption::RECOMMENDS,
    };
    let notes = d
        .ranking
        .iter()
        .filter_map(|option| note(option, d.recommended == option.option, s))
        .collect();
    Advice {
        heading: s.fill(key, &[("option", &label)]),
        points,
        offer: Some(Answer::Choice(d.recommended.id().to_string())),
        notes,
        required: false,
    }
}

/// The reasons that brought the recommendation the most points, strongest first.
fn top_reasons(a: &Assessment) -> Vec<String> {
    let mut reasons: Vec<_> = a.reasons.iter().filter(|(_, p)| *p > 0.0).collect();
    reasons.sort_by(|x, y| y.1.total_cmp(&x.1));
    reasons
        .into_iter()
        .take(TOP_REASONS)
        .map(|(r, _)| r.text.clone())
        .collect()
}

fn note(a: &Assessment, recommended: bool, s: &Strings) -> Option<OptionNote> {
    let option = a.option.id();
    if let Some(rule) = a.blockers.first() {
        return Some(OptionNote {
            option,
            tag: s.get(key::common::adoption::RULED_OUT).to_string(),
            why: Some(s.fill(
                key::common::adoption::RULED_OUT_WHY,
                &[("reason", &rule.text)],
            )),
        });
    }
    recommended.then(|| OptionNote {
        option,
        tag: s.get(key::common::adoption::RECOMMENDED).to_string(),
        why: None,
    })
}

/// When the team chose against the recommendation: which option over which, and that the
/// plan needs the reason.
fn rationale(q: &Questionnaire, a: &Analysis, s: &Strings) -> Option<Advice> {
    a.overrides_recommendation().then(|| Advice {
        heading: s.fill(
            key::common::adoption::CHOSE_OTHER,
            &[
                ("option", &option_label(q, a.option)),
                ("recommended", &option_label(q, a.decision.recommended)),
            ],
        ),
        points: Vec::new(),
        offer: None,
        notes: Vec::new(),
        required: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::Model;
    use crate::core::questionnaire::Answers;
    use chrono::NaiveDate;

    fn analysis(model: &Model, answers: &Answers) -> Analysis {
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        Analysis::with_builtin_figures(model, answers, today)
    }

    fn demo() -> (Model, Answers) {
        use crate::base::diag::Source;
        use crate::core::builtin::{Catalog, DEMO_PLAN, demo_origin};
        use crate::core::model::Companions;
        use crate::core::plan::{Completeness, Plan};
        let q = Catalog::builtin().unwrap().questionnaires[0].clone();
        let source = Source::new(demo_origin(), DEMO_PLAN);
        let find = |id: &str| (id == q.id).then_some(&q);
        let plan = Plan::parse(source, find, Completeness::Complete).unwrap().0;
        let model = Model::load(q.clone(), &Companions::builtin()).unwrap().0;
        (model, plan.answers)
    }

    #[test]
    fn the_adoption_question_offers_the_recommendation_with_its_strongest_reasons() {
        let (model, mut answers) = demo();
        answers.remove(ADOPTION_QUESTION);
        let a = analysis(&model, &answers);
        let q = &model.questionnaire;
        let advice = advice(q, &a, ADOPTION_QUESTION, Strings::builtin()).unwrap();
        let recommended = a.decision.recommended.id();
        assert_eq!(advice.offer, Some(Answer::Choice(recommended.into())));
        assert!(
            advice
                .heading
                .contains(&option_label(q, a.decision.recommended))
        );
        assert!(!advice.points.is_empty() && advice.points.len() <= TOP_REASONS);
        let best = a.decision.assessment(a.decision.recommended).reasons.iter();
        let strongest = best.max_by(|x, y| x.1.total_cmp(&y.1)).unwrap();
        assert_eq!(advice.points[0], strongest.0.text);
        assert_eq!(advice.note(recommended).unwrap().tag, "recommended");
    }

    #[test]
    fn a_ruled_out_option_carries_its_rule() {
        let (model, mut answers) = demo();
        answers.insert("data_residency".into(), Answer::Choice("law".into()));
        let a = analysis(&model, &answers);
        let saas = a
            .decision
            .assessment(crate::core::options::HostingOption::Saas);
        let rule = &saas.blockers.first().expect("a law rules SaaS out").text;
        let advice = advice(
            &model.questionnaire,
            &a,
            ADOPTION_QUESTION,
            Strings::builtin(),
        );
        let note = advice.unwrap().note("saas").cloned().unwrap();
        assert_eq!(note.tag, "ruled out");
        assert!(note.why.unwrap().contains(rule.as_str()));
    }

    #[test]
    fn the_rationale_is_asked_for_only_against_the_recommendation() {
        let (model, mut answers) = demo();
        let q = &model.questionnaire;
        let a = analysis(&model, &answers);
        assert!(advice(q, &a, RATIONALE_QUESTION, Strings::builtin()).is_none());
        let other = crate::core::options::HostingOption::ALL
            .into_iter()
            .find(|o| *o != a.decision.recommended)
            .unwrap();
        answers.insert(ADOPTION_QUESTION.into(), Answer::Choice(other.id().into()));
        answers.remove(RATIONALE_QUESTION);
        let a = analysis(&model, &answers);
        assert!(a.unexplained_choice);
        let advice = advice(q, &a, RATIONALE_QUESTION, Strings::builtin()).unwrap();
        assert!(advice.required);
        assert!(advice.heading.contains(&option_label(q, other)));
        answers.insert(RATIONALE_QUESTION.into(), Answer::Text("A law.".into()));
        assert!(!analysis(&model, &answers).unexplained_choice);
    }
}
