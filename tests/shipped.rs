//! What the shipped Primero questionnaire and the demo plan must hold.

use hostplan::base::diag::Source;
use hostplan::core::answer::{Answer, Level};
use hostplan::core::builtin::{Catalog, DEMO_PLAN, demo_origin};
use hostplan::core::plan::{Completeness, Plan};
use hostplan::core::questionnaire::{Answers, Kind, Questionnaire};

fn primero() -> Questionnaire {
    let cat = Catalog::builtin().unwrap_or_else(|p| panic!("{p:#?}"));
    cat.get("primero")
        .expect("the primero questionnaire ships")
        .clone()
}

fn demo(q: &Questionnaire) -> Plan {
    let parsed = Plan::parse(
        Source::new(demo_origin(), DEMO_PLAN),
        |id| (id == q.id).then_some(q),
        Completeness::Complete,
    );
    let (plan, warnings) = parsed.unwrap_or_else(|p| panic!("{p:#?}"));
    assert!(warnings.is_empty(), "{warnings:#?}");
    plan
}

fn choice(s: &str) -> Answer {
    Answer::Choice(s.into())
}

#[test]
fn questionnaire_is_large_enough_and_helpful() {
    let q = primero();
    assert!(
        q.questions().count() >= 50,
        "{} questions",
        q.questions().count()
    );
    for question in q.questions() {
        assert!(
            question.help.len() >= 30,
            "{}: help is too thin",
            question.id
        );
        assert!(
            question.prompt.ends_with('?'),
            "{}: the prompt is a question",
            question.id
        );
    }
    for id in [
        "country",
        "organisation",
        "programme_name",
        "start_date",
        "duration_years",
        "data_residency",
        "budget_ongoing_usd",
        "expected_records",
        "active_users",
        "attachment_mb_per_record",
        "yearly_growth_pct",
        "tou_signatory_role",
        "isp_status",
        "breach_protocol_status",
        "primero_host",
        "certbot_email",
        "smtp_port",
        "openfn_used",
        "openfn_retention",
        "openfn_webhook_auth",
        "chosen_option",
    ] {
        assert!(q.question(id).is_some(), "question `{id}` is missing");
    }
}

#[test]
fn every_capacity_area_has_a_yes_partly_no_question() {
    let q = primero();
    assert!(
        q.capacity_areas.len() >= 15,
        "{} areas",
        q.capacity_areas.len()
    );
    for area in &q.capacity_areas {
        let measuring: Vec<_> = q
            .questions()
            .filter(|x| x.capacity.as_deref() == Some(&area.id))
            .collect();
        assert!(!measuring.is_empty(), "{} has no question", area.id);
        assert!(measuring.iter().all(|x| x.kind == Kind::YesPartlyNo));
    }
}

#[test]
fn saas_path_has_no_server_questions() {
    let q = primero();
    let mut answers = Answers::new();
    answers.insert("hosting_preference".into(), choice("saas"));
    answers.insert("chosen_option".into(), choice("saas"));
    answers.insert("openfn_used".into(), choice("no"));
    let shown: Vec<&str> = q
        .visible_questions(&answers)
        .iter()
        .map(|x| x.id.as_str())
        .collect();
    for server in [
        "primero_host",
        "certbot_email",
        "smtp_address",
        "smtp_port",
        "database_hosting",
        "backup_copies",
        "cap_linux_admin",
        "cap_docker",
        "cap_bastion",
        "role_hosting_provider",
    ] {
        assert!(
            !shown.contains(&server),
            "`{server}` is asked on a SaaS path"
        );
    }
    assert!(
        q.questions()
            .filter(|x| x.capacity.is_some())
            .all(|x| !shown.contains(&x.id.as_str()))
    );
    assert!(shown.contains(&"expected_records"));

    answers.insert("hosting_preference".into(), choice("tier4"));
    answers.insert("chosen_option".into(), choice("tier4"));
    let shown: Vec<&str> = q
        .visible_questions(&answers)
        .iter()
        .map(|x| x.id.as_str())
        .collect();
    for server in ["primero_host", "certbot_email", "smtp_port", "cap_docker"] {
        assert!(shown.contains(&server), "`{server}` is asked for Tier 4");
    }
}

#[test]
fn no_question_asks_for_a_secret() {
    let q = primero();
    let typed = [Kind::Text, Kind::Email, Kind::Domain];
    for question in q.questions().filter(|x| typed.contains(&x.kind)) {
        let words = format!("{} {}", question.id, question.prompt).to_lowercase();
        for secret in ["password", "secret", "private key", "passphrase", "token"] {
            assert!(
                !words.contains(secret),
                "{} asks for a {secret}",
                question.id
            );
        }
    }
}

#[test]
fn demo_plan_is_a_complete_tier4_plan_with_gaps() {
    let q = primero();
    let plan = demo(&q);
    assert_eq!(plan.answers["chosen_option"], choice("tier4"));
    assert_eq!(plan.answers["openfn_used"], choice("yes"));
    let Answer::Integer(records) = plan.answers["expected_records"] else {
        panic!()
    };
    assert!((140_000..=160_000).contains(&records), "{records}");
    let Answer::Integer(users) = plan.answers["active_users"] else {
        panic!()
    };
    assert!((280..=320).contains(&users), "{users}");
    let gaps = q
        .questions()
        .filter(|x| x.capacity.is_some())
        .filter(|x| {
            matches!(
                plan.answers.get(&x.id),
                Some(Answer::Level(Level::No | Level::Partly))
            )
        })
        .count();
    assert!((2..=8).contains(&gaps), "a few capacity gaps, not {gaps}");
    assert!(q.missing_required(&plan.answers).is_empty());
    // Every question shown on the demo's path is answered: it exercises the whole flow.
    let unanswered: Vec<&str> = q
        .visible_questions(&plan.answers)
        .iter()
        .filter(|x| !plan.answers.contains_key(&x.id))
        .map(|x| x.id.as_str())
        .collect();
    assert!(
        unanswered.is_empty(),
        "unanswered on the demo path: {unanswered:?}"
    );
}

#[test]
fn demo_plan_round_trips() {
    let q = primero();
    let plan = demo(&q);
    let text = plan.to_toml(&q, false);
    let again = Plan::parse(
        Source::new("again", &text),
        |id| (id == q.id).then_some(&q),
        Completeness::Complete,
    )
    .unwrap()
    .0;
    assert_eq!(again, plan);
}
