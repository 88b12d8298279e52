//! Everything hostplan works out from a plan's answers, computed once for every view and
//! exporter: the decision, the option the plan commits to, the servers, the plan's
//! responsibilities matrix and the dated work plan.

pub mod adoption;
pub mod summary;

use crate::base::formats::group_thousands;
use crate::base::key;
use crate::base::strings::Strings;
use crate::core::checklist::States;
use crate::core::cost::{self, Comparison};
use crate::core::decision::{self, Decision, Reason};
use crate::core::model::Model;
use crate::core::options::{ADOPTION_QUESTION, HostingOption, RATIONALE_QUESTION};
use crate::core::questionnaire::Answers;
use crate::core::responsibilities::Matrix;
use crate::core::sizing::{Sizing, SizingInput, SizingRules};
use crate::core::workplan::{Task, WorkPlan};
use chrono::NaiveDate;

#[derive(Clone, Debug)]
pub struct Analysis {
    pub decision: Decision,
    /// The team's choice if made, else the recommendation.
    pub option: HostingOption,
    /// Servers to procure; `None` when UNICEF hosts production (SaaS).
    pub sizing: Option<Sizing>,
    /// The responsibilities matrix as it applies to this plan: rows its answers call for,
    /// parties it does without replaced by their stand-ins, names from the answers.
    pub matrix: Matrix,
    pub work_plan: WorkPlan,
    /// Where each checklist item stands, list by list (see `Checklists::entries`).
    pub checklists: States,
    /// The rules that rule out the option the team committed to: empty unless the plan
    /// answers `chosen_option` with an option its own answers block. Such a plan is not
    /// complete, and its PDF is only a draft.
    pub ruled_out: Vec<Reason>,
    /// The team committed to another option than the one recommended and has not said
    /// why: reviewers of the signed plan need the reason, so such a plan is not complete.
    pub unexplained_choice: bool,
    /// What each option costs over the plan's years; `None` when the questionnaire has no
    /// cost figures.
    pub costs: Option<Comparison>,
}

impl Analysis {
    /// The analysis with the shipped sizing figures and words, as the command line and
    /// the exporters use them.
    pub fn with_builtin_figures(model: &Model, answers: &Answers, today: NaiveDate) -> Analysis {
        let sizing = SizingRules::builtin();
        Analysis::new(model, answers, &sizing, Strings::builtin(), today)
    }

    /// `today` dates the work plan when the answers give no start date; `strings` gives
    /// the words of the sizing.
    pub fn new(
        model: &Model,
        answers: &Answers,
        sizing_rules: &SizingRules,
        strings: &Strings,
        today: NaiveDate,
    ) -> Analysis {
        // An answer left behind under a question now hidden counts nowhere, so the
        // decision, the matrix and the work plan all see the same answers.
        let shown = model.questionnaire.shown_answers(answers);
        let mut decision = model.rules.decide_shown(&model.questionnaire, &shown);
        // The work plan takes its owners from the plan's matrix, so it comes first.
        let matrix = model.matrix.for_plan(&shown);
        // The costs weigh in the decision, so they come before the option is known.
        let costs = model.costs.as_ref().map(|data| {
            let comparison = compare_costs(data, &shown, &matrix, &decision, sizing_rules, strings);
            weigh_costs(model, &mut decision, &comparison);
            comparison
        });
        let option = model.option(&shown, &decision);
        let work_plan = model.work_plan(&shown, &decision, option, &matrix, today);
        // The servers run the Ubuntu release the work plan installs and later upgrades.
        let sizing = option.has_local_production().then(|| {
            let input = SizingInput {
                ubuntu_release: model
                    .templates
                    .ubuntu_release(work_plan.start)
                    .map(str::to_string),
                ..SizingInput::from_answers(answers, option)
            };
            sizing_rules.size(&input, strings)
        });
        let checklists = model.checklists.assess(&shown, &work_plan, &matrix);
        let ruled_out = if shown.contains_key(ADOPTION_QUESTION) {
            decision.assessment(option).blockers.clone()
        } else {
            Vec::new()
        };
        let unexplained_choice = shown.contains_key(ADOPTION_QUESTION)
            && option != decision.recommended
            && shown
                .get(RATIONALE_QUESTION)
                .is_none_or(|a| a.to_plain().trim().is_empty());
        Analysis {
            decision,
            option,
            sizing,
            matrix,
            work_plan,
            checklists,
            ruled_out,
            unexplained_choice,
            costs,
        }
    }

    /// Who owns a task, for people: the person the answers name, with the party's name
    /// as this plan's matrix gives it.
    pub fn task_owner(&self, task: &Task) -> String {
        let party = self.matrix.party_name(&task.owner);
        match &task.owner_name {
            Some(person) => crate::base::strings::fill(
                key::common::owner::NAMED,
                &[("person", person), ("party", &party)],
            ),
            None => party,
        }
    }

    /// Whether the plan's commitment holds: the option is not ruled out by its own
    /// answers, and a choice against the recommendation says why.
    pub fn commitment_holds(&self) -> bool {
        self.ruled_out.is_empty() && !self.unexplained_choice
    }

    /// Whether the team chose another option than the one recommended.
    pub fn overrides_recommendation(&self) -> bool {
        self.option != self.decision.recommended
    }
}

/// The three options' costs, each sized as if the plan chose it.
fn compare_costs(
    data: &cost::CostData,
    shown: &Answers,
    matrix: &Matrix,
    decision: &Decision,
    sizing_rules: &SizingRules,
    strings: &Strings,
) -> Comparison {
    let sizings: Vec<(HostingOption, Option<Sizing>)> = HostingOption::ALL
        .into_iter()
        .map(|o| {
            let input = SizingInput::from_answers(shown, o);
            (o, Some(sizing_rules.size(&input, strings)))
        })
        .collect();
    let ruled_out = |o: HostingOption| {
        decision
            .assessment(o)
            .blockers
            .iter()
            .map(|r| r.text.clone())
            .collect()
    };
    data.compare(&cost::Inputs {
        answers: shown,
        sizings: &sizings,
        matrix,
        ruled_out: &ruled_out,
    })
}

/// Every option whose costliest year the budget cannot carry gets a reason that says so,
/// with the figures.
fn weigh_costs(model: &Model, decision: &mut Decision, comparison: &Comparison) {
    // Without the rate, the team's own amounts sit unconverted beside dollar prices: no
    // figure is sound enough to weigh an option by.
    if comparison.rate_missing {
        return;
    }
    for o in &comparison.options {
        let Some(over) = &o.over_budget else {
            continue;
        };
        let (year, cost, budget) = (
            over.year.to_string(),
            group_thousands(over.cost),
            group_thousands(over.budget),
        );
        let figures = decision::OverBudget {
            year: &year,
            cost: &cost,
            budget: &budget,
            currency: &comparison.currency,
        };
        model.rules.add_over_budget(decision, o.option, &figures);
    }
}
