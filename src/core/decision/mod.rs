//! Ranks the hosting options for a plan, even a partly answered one, and says why.
//!
//! The rules, weights and texts are data (`questionnaires/primero/decision.toml`); this
//! module only applies them. docs/decision.md explains the model.

mod read;
mod texts;

use crate::core::answer::{Answer, Level};
use crate::core::options::HostingOption;
use crate::core::questionnaire::{Answers, Condition, Questionnaire};
use serde::Serialize;
use std::collections::BTreeMap;

pub const BUILTIN_RULES: &str = include_str!("../../../questionnaires/primero/decision.toml");
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
    /// What an option gets when the yearly budget cannot carry its cost.
    budget: Option<BudgetRule>,
}

/// The points and reason of an option whose costliest year the budget cannot carry. The
/// reason's `{year}`, `{cost}`, `{budget}` and `{currency}` are filled with the figures.
#[derive(Clone, Debug)]
struct BudgetRule {
    points: f64,
    reason: String,
    /// Rules about the budget's size that the cost figures settle: an option over budget
    /// loses their reasons and points, so it is neither said to fit the budget nor
    /// penalised twice for the same fact.
    replaces: Vec<String>,
}

/// The figures of an option the yearly budget cannot carry, already written for people.
pub struct OverBudget<'a> {
    pub year: &'a str,
    pub cost: &'a str,
    pub budget: &'a str,
    pub currency: &'a str,
}

/// The rule id reasons about the budget carry.
pub const OVER_BUDGET_RULE: &str = "over_budget";
/// The question the budget reason is about.
const BUDGET_QUESTION: &str = "budget_ongoing_usd";

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
    /// The key of its texts: its own id, or its area's for the entry without `when`.
    id: String,
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
    /// Adds to `decision` the reason that the yearly budget cannot carry `option`'s
    /// costliest year, with its figures and points, and ranks the options again. Without
    /// a `[budget]` table in the rules the reason still shows, worth no points.
    pub fn add_over_budget(
        &self,
        decision: &mut Decision,
        option: HostingOption,
        figures: &OverBudget,
    ) {
        let (points, text, replaces) = match &self.budget {
            Some(b) => (b.points, b.reason.as_str(), b.replaces.as_slice()),
            None => (
                0.0,
                crate::base::strings::get(crate::base::key::cost::OVER_BUDGET_DEFAULT),
                &[][..],
            ),
        };
        let text = text
            .replace("{year}", figures.year)
            .replace("{cost}", figures.cost)
            .replace("{budget}", figures.budget)
            .replace("{currency}", figures.currency);
        let reason = Reason {
            rule: OVER_BUDGET_RULE.into(),
            text,
            questions: vec![BUDGET_QUESTION.to_string()],
        };
        if let Some(a) = decision.ranking.iter_mut().find(|a| a.option == option) {
            let settled: f64 = a
                .reasons
                .iter()
                .filter(|(r, _)| replaces.contains(&r.rule))
                .map(|(_, p)| p)
                .sum();
            a.reasons.retain(|(r, _)| !replaces.contains(&r.rule));
            a.score += points - settled;
            a.reasons.push((reason, points));
        }
        rank(&mut decision.ranking);
        decision.recommended = decision.ranking[0].option;
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
