//! A whole path through the shipped questionnaire for a team choosing the UNICEF-hosted
//! service: every required question answered, most optional ones left for later.

use hostplan::base::diag::Source;
use hostplan::core::answer::Answer;
use hostplan::core::builtin::Catalog;
use hostplan::core::plan::{Completeness, Plan};
use hostplan::core::questionnaire::Questionnaire;

/// What is given at one question.
pub enum Give {
    /// Typed text, then Enter.
    Type(&'static str),
    /// An option: by its id in plain lines, by a piece of its label in inquire's list.
    Pick {
        id: &'static str,
        label: &'static str,
    },
    /// Enter alone: the default, or the question left for later.
    Enter,
}

use Give::*;

/// Question id and what is given, in the order the questions come.
pub const SAAS_PATH: &[(&str, Give)] = &[
    ("country", Type("Kalmaria")),
    ("organisation", Type("Ministry of Social Welfare")),
    ("programme_name", Type("CPIMS+ pilot")),
    (
        "rollout_scope",
        Pick {
            id: "pilot",
            label: "Pilot",
        },
    ),
    ("start_date", Type("2027-03-01")),
    ("duration_years", Enter),
    ("plan_author", Enter),
    ("plan_author_email", Enter),
    (
        "data_residency",
        Pick {
            id: "none",
            label: "No such requirement",
        },
    ),
    ("data_protection_law", Enter),
    ("sensitive_data", Enter),
    ("compliance_review_owner", Enter),
    ("dpia_done", Enter),
    ("retention_policy_defined", Enter),
    (
        "hosting_preference",
        Pick {
            id: "saas",
            label: "UNICEF-hosted service",
        },
    ),
    ("budget_ongoing_usd", Enter),
    ("budget_secured_years", Enter),
    ("budget_covers", Enter),
    ("budget_capex_available", Enter),
    ("budget_source", Enter),
    ("cost_currency", Enter),
    ("cost_exchange_rate", Enter),
    ("cost_exchange_rate_date", Enter),
    ("cost_saas_fee_year", Enter),
    ("cost_staff_admin_month", Enter),
    ("cost_staff_it_month", Enter),
    ("cost_vendor_year", Enter),
    ("cost_price_overrides", Enter),
    ("internet_reliability", Enter),
    ("bandwidth_mbps", Enter),
    ("offline_work", Enter),
    ("device_types", Enter),
    ("expected_records", Type("20000")),
    ("active_users", Type("50")),
    ("attachment_mb_per_record", Enter),
    ("yearly_growth_pct", Enter),
    (
        "legacy_data",
        Pick {
            id: "none",
            label: "Primero starts empty",
        },
    ),
    ("availability_target_pct", Enter),
    (
        "role_administrator",
        Pick {
            id: "in_place",
            label: "Yes, in place",
        },
    ),
    ("administrator_name", Enter),
    ("unicef_focal_point", Enter),
    (
        "tou_signatory_role",
        Pick {
            id: "deputy_representative",
            label: "Deputy Representative",
        },
    ),
    ("tou_signatory_name", Type("Amina Diallo")),
    ("tou_signatory_title", Enter),
    ("partner_signatory_name", Enter),
    ("partner_signatory_title", Enter),
    (
        "isp_status",
        Pick {
            id: "signed",
            label: "Signed",
        },
    ),
    (
        "breach_protocol_status",
        Pick {
            id: "drafting",
            label: "Being drafted",
        },
    ),
    ("security_contact_email", Enter),
    ("incident_response_plan", Enter),
    ("change_management", Enter),
    ("uat_signoff_owner", Enter),
    ("admin_training", Enter),
    ("mfa_for_users", Enter),
    ("risk_register", Enter),
    ("mobile_working_policy", Enter),
    ("malware_protection", Enter),
    ("removable_media_rule", Enter),
    ("security_awareness_training", Enter),
    ("integration_code_review", Enter),
    // Enter takes the option offered: the recommendation, SaaS on this path.
    ("chosen_option", Enter),
    ("choice_rationale", Enter),
    (
        "openfn_used",
        Pick {
            id: "no",
            label: "No",
        },
    ),
];

pub fn primero() -> Questionnaire {
    let cat = Catalog::builtin().expect("the shipped questionnaires are valid");
    cat.get("primero").expect("primero ships").clone()
}

/// The plan file at `path`, read as a finished plan; fails with every problem found.
pub fn finished_plan(text: &str, q: &Questionnaire) -> Plan {
    match Plan::parse(
        Source::new("plan", text),
        |_| Some(q),
        Completeness::Complete,
    ) {
        Ok((plan, _)) => plan,
        Err(problems) => panic!("{problems:#?}\n{text}"),
    }
}

/// The answers the SaaS path must leave in the plan.
pub fn check_saas_answers(plan: &Plan) {
    let a = &plan.answers;
    let text = |s: &str| Answer::Text(s.into());
    let choice = |s: &str| Answer::Choice(s.into());
    assert_eq!(a["country"], text("Kalmaria"));
    assert_eq!(a["programme_name"], text("CPIMS+ pilot"));
    assert_eq!(a["rollout_scope"], choice("pilot"));
    assert_eq!(
        a["duration_years"],
        Answer::Integer(3),
        "Enter takes the default"
    );
    assert_eq!(a["hosting_preference"], choice("saas"));
    assert_eq!(a["expected_records"], Answer::Integer(20_000));
    assert_eq!(a["tou_signatory_role"], choice("deputy_representative"));
    assert_eq!(a["breach_protocol_status"], choice("drafting"));
    assert_eq!(a["chosen_option"], choice("saas"));
    assert_eq!(a["openfn_used"], choice("no"));
    assert!(
        !a.contains_key("dpia_done"),
        "Enter leaves an optional question"
    );
    assert!(!a.contains_key("cap_docker"), "not asked under SaaS");
    assert_eq!(plan.resume_at, None, "past the last question");
}
