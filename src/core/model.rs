//! A questionnaire with the data that goes with it: decision rules, responsibilities
//! matrix, work plan templates and checklists. Everything a plan is judged by.

use crate::base::diag::{Loaded, Problem, Source};
use crate::core::checklist::{self, Checklists};
use crate::core::cost::{self, CostData};
use crate::core::decision::{self, Decision, Rules};
use crate::core::options::HostingOption;
use crate::core::questionnaire::{Answers, Questionnaire};
use crate::core::responsibilities::{self, Matrix};
use crate::core::texts::{self, Translation, Visit, under};
use crate::core::workplan::{self, Inputs, Templates, WorkPlan};
use chrono::NaiveDate;

/// The texts of a questionnaire's companion files: (origin, text) each.
#[derive(Clone, Debug)]
pub struct Companions {
    pub decision: (String, String),
    pub responsibilities: (String, String),
    pub workplan: (String, String),
    pub checklists: (String, String),
    /// The cost figures; a questionnaire without them has no cost comparison.
    pub costs: Option<(String, String)>,
}

/// File names of the companion files, in the folder named after the questionnaire id.
pub const COMPANION_FILES: [&str; 4] = [
    "decision.toml",
    "responsibilities.toml",
    "workplan.toml",
    "checklists.toml",
];

/// The file of cost figures, beside the companion files. Unlike them it may be missing:
/// a plan is then judged without a cost comparison.
pub const COSTS_FILE: &str = "costs.toml";

impl Companions {
    /// The companion files shipped for the Primero questionnaire.
    pub fn builtin() -> Companions {
        let pair = |o: &str, t: &str| (o.to_string(), t.to_string());
        Companions {
            decision: pair(decision::BUILTIN_ORIGIN, decision::BUILTIN_RULES),
            responsibilities: pair(
                responsibilities::BUILTIN_ORIGIN,
                responsibilities::BUILTIN_MATRIX,
            ),
            workplan: pair(workplan::BUILTIN_ORIGIN, workplan::BUILTIN_TASKS),
            checklists: pair(checklist::BUILTIN_ORIGIN, checklist::BUILTIN_CHECKLISTS),
            costs: Some(pair(cost::BUILTIN_ORIGIN, cost::BUILTIN_COSTS)),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Model {
    pub questionnaire: Questionnaire,
    pub rules: Rules,
    pub matrix: Matrix,
    pub templates: Templates,
    pub checklists: Checklists,
    /// The cost figures, when the questionnaire has them.
    pub costs: Option<CostData>,
}

impl Model {
    /// Reads and cross-checks the companion files; every problem in every file at once.
    pub fn load(questionnaire: Questionnaire, texts: &Companions) -> Loaded<Model> {
        let source = |p: &(String, String)| (p.0.clone(), p.1.clone());
        let (o, t) = source(&texts.responsibilities);
        let (matrix, mut warnings) = Matrix::parse(Source::new(&o, &t), &questionnaire)?;
        let parties = matrix.party_ids();
        let activities = matrix.activity_ids();
        let mut errors = Vec::new();
        let (o, t) = source(&texts.decision);
        let rules = split(
            Rules::parse(Source::new(&o, &t), &questionnaire, &parties),
            &mut warnings,
            &mut errors,
        );
        let (o, t) = source(&texts.workplan);
        let templates = split(
            Templates::parse(Source::new(&o, &t), &questionnaire, &parties, &activities),
            &mut warnings,
            &mut errors,
        );
        let (o, t) = source(&texts.checklists);
        let checklists = split(
            Checklists::parse(Source::new(&o, &t), &parties, templates.as_ref()),
            &mut warnings,
            &mut errors,
        );
        let costs = match &texts.costs {
            Some((o, t)) => split(
                CostData::parse(Source::new(o, t), Some(&questionnaire)),
                &mut warnings,
                &mut errors,
            )
            .map(Some),
            None => Some(None),
        };
        match (rules, templates, checklists, costs) {
            (Some(rules), Some(templates), Some(checklists), Some(costs)) => Ok((
                Model {
                    questionnaire,
                    rules,
                    matrix,
                    templates,
                    checklists,
                    costs,
                },
                warnings,
            )),
            _ => Err(errors),
        }
    }

    /// Visits every text a person reads, with its key: the questionnaire's as they are
    /// (`questions.ID.prompt`), each companion's under its name (`decision.`,
    /// `responsibilities.`, `workplan.`, `checklists.`).
    pub fn visit_texts(&mut self, v: &mut Visit) {
        self.questionnaire.visit_texts(v);
        self.rules.visit_texts(&mut under("decision", v));
        self.matrix.visit_texts(&mut under("responsibilities", v));
        self.templates.visit_texts(&mut under("workplan", v));
        self.checklists.visit_texts(&mut under("checklists", v));
    }

    /// The texts as they are now (English, before any translation): (key, text).
    pub fn texts(&self) -> Vec<(String, String)> {
        let mut copy = self.clone();
        texts::collect(|v| copy.visit_texts(v))
    }

    /// Each text replaced by its translation where it has one that can stand for it.
    pub fn translate(&mut self, translation: &Translation) {
        texts::apply(|v| self.visit_texts(v), translation);
    }

    pub fn decide(&self, answers: &Answers) -> Decision {
        self.rules.decide(&self.questionnaire, answers)
    }

    /// The option the plan commits to: the team's choice if made, else the recommendation.
    pub fn option(&self, answers: &Answers, decision: &Decision) -> HostingOption {
        answers
            .get(crate::core::options::ADOPTION_QUESTION)
            .and_then(|a| HostingOption::from_id(&a.to_plain()))
            .unwrap_or(decision.recommended)
    }

    /// The responsibilities matrix as it applies to one plan (see [`Matrix::for_plan`]).
    pub fn plan_matrix(&self, answers: &Answers) -> Matrix {
        self.matrix
            .for_plan(&self.questionnaire.shown_answers(answers))
    }

    /// The dated work plan, starting at the plan's start date, or `today` when it has none.
    /// `matrix` is the plan's matrix: a task's owner is the accountable party of its
    /// activity there, so a party the plan does without owns nothing.
    pub fn work_plan(
        &self,
        answers: &Answers,
        decision: &Decision,
        option: HostingOption,
        matrix: &Matrix,
        today: NaiveDate,
    ) -> WorkPlan {
        let start = match answers.get("start_date") {
            Some(crate::core::answer::Answer::Date(d)) => *d,
            _ => today,
        };
        let accountable =
            |activity: &str| matrix.accountable(activity, option).map(|p| p.id.clone());
        let acting = |party: &str| matrix.acting_party(party).to_string();
        self.templates.build(&Inputs {
            option,
            start,
            answers,
            decision,
            accountable: &accountable,
            acting: &acting,
        })
    }

    /// Name of a party as the data gives it, before any plan's answers. Views of a plan
    /// use the plan's matrix instead (`Analysis::matrix.party_name`), which names the
    /// organisation and focal point and shows stand-ins.
    pub fn party_name(&self, id: &str) -> String {
        self.matrix
            .party(id)
            .map_or(id.to_string(), |p| p.name.clone())
    }
}

/// Keeps a loaded value and its warnings, or collects its problems.
fn split<T>(
    loaded: Loaded<T>,
    warnings: &mut Vec<Problem>,
    errors: &mut Vec<Problem>,
) -> Option<T> {
    match loaded {
        Ok((value, w)) => {
            warnings.extend(w);
            Some(value)
        }
        Err(p) => {
            errors.extend(p);
            None
        }
    }
}
