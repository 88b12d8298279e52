//! The hosting decision on example plans, partial plans and broken rules.

use hostplan::base::diag::Source;
use hostplan::core::answer::{Answer, Level};
use hostplan::core::builtin::{Catalog, DEMO_PLAN};
use hostplan::core::decision::{BUILTIN_RULES, Decision, Readiness, Rules};
use hostplan::core::options::HostingOption::{self, Local, Saas, Tier4};
use hostplan::core::plan::{Completeness, Plan};
use hostplan::core::questionnaire::{Answers, Questionnaire};

const PARTIES: &[&str] = &[
    "unicef",
    "local_admin",
    "local_it",
    "hosting_provider",
    "tech_vendor",
    "openfn",
];

fn primero() -> Questionnaire {
    Catalog::builtin().unwrap().get("primero").unwrap().clone()
}

fn rules(q: &Questionnaire) -> Rules {
    Rules::parse(Source::new("decision.toml", BUILTIN_RULES), q, PARTIES)
        .unwrap_or_else(|p| panic!("{p:#?}"))
        .0
}

fn decide_text(text: &str) -> Decision {
    let q = primero();
    let (plan, _) = Plan::parse(
        Source::new("plan", text),
        |id| (id == q.id).then_some(&q),
        Completeness::Complete,
    )
    .unwrap_or_else(|p| panic!("{p:#?}"));
    rules(&q).decide(&q, &plan.answers)
}

fn reason_rules(d: &Decision, o: HostingOption) -> Vec<String> {
    let a = d.assessment(o);
    a.blockers
        .iter()
        .map(|r| r.rule.clone())
        .chain(a.reasons.iter().map(|(r, _)| r.rule.clone()))
        .collect()
}

#[test]
fn small_pilot_without_residency_rule_leans_saas() {
    let d = decide_text(include_str!("plans/saas-leaning.toml"));
    assert_eq!(d.recommended, Saas, "{d:#?}");
    assert!(reason_rules(&d, Saas).contains(&"prefers_saas".to_string()));
    assert!(d.assessment(Saas).blockers.is_empty());
    assert!(d.warnings.is_empty(), "{:#?}", d.warnings);
    // The SaaS path asks no capacity questions: readiness is unknown, not zero.
    assert_eq!(d.readiness, None);
    for rule in ["many_gaps", "local_needs_strong_team"] {
        let fired = HostingOption::ALL
            .iter()
            .any(|o| reason_rules(&d, *o).contains(&rule.to_string()));
        assert!(
            !fired,
            "`{rule}` speaks of readiness nobody was asked about"
        );
    }
    assert!(d.areas.iter().all(|a| a.status == Readiness::Unknown));
}

#[test]
fn policy_with_a_ready_team_gives_tier4() {
    let d = decide_text(include_str!("plans/tier4.toml"));
    assert_eq!(d.recommended, Tier4, "{d:#?}");
    let saas = d.assessment(Saas);
    assert_eq!(saas.blockers[0].rule, "residency_required");
    assert_eq!(saas.blockers[0].questions, vec!["data_residency"]);
    assert!(reason_rules(&d, Tier4).contains(&"cloud_account_allowed".to_string()));
    assert_eq!(
        d.gaps().count(),
        2,
        "disaster recovery and SLA are partly ready"
    );
}

#[test]
fn law_without_outside_access_and_a_strong_team_gives_fully_local() {
    let d = decide_text(include_str!("plans/fully-local.toml"));
    assert_eq!(d.recommended, Local, "{d:#?}");
    assert_eq!(d.readiness, Some(1.0));
    assert_eq!(d.assessment(Tier4).blockers[0].rule, "no_unicef_access");
    assert_eq!(d.assessment(Saas).blockers[0].rule, "residency_required");
    assert!(d.assessment(Local).blockers.is_empty());
}

#[test]
fn residency_rule_with_weak_team_gives_tier4_and_a_reconsider_warning() {
    let d = decide_text(DEMO_PLAN);
    let q = primero();
    let (plan, _) = Plan::parse(
        Source::new("demo", DEMO_PLAN),
        |id| (id == q.id).then_some(&q),
        Completeness::Complete,
    )
    .unwrap();
    let mut answers = plan.answers.clone();
    for question in q.questions().filter(|x| x.capacity.is_some()).take(12) {
        answers.insert(question.id.clone(), Answer::Level(Level::No));
    }
    let weak = rules(&q).decide(&q, &answers);
    assert_eq!(weak.recommended, Tier4, "{weak:#?}");
    assert!(
        weak.assessment(Local).is_blocked(),
        "never a silent fully local"
    );
    let warning = weak
        .warnings
        .iter()
        .find(|w| w.rule == "weak_team_under_residency_law")
        .expect("reconsider warning");
    assert!(warning.text.starts_with("Reconsider"), "{}", warning.text);
    // A law cannot be waived for a hosting choice; only a policy may allow an exception.
    assert!(!warning.text.contains("exception"), "{}", warning.text);
    answers.insert("data_residency".into(), Answer::Choice("policy".into()));
    let under_policy = rules(&q).decide(&q, &answers);
    let policy_warning = under_policy
        .warnings
        .iter()
        .find(|w| w.rule == "weak_team_under_residency_policy")
        .expect("reconsider warning under a policy");
    assert!(
        policy_warning.text.contains("exception"),
        "{}",
        policy_warning.text
    );
    assert!(
        !under_policy
            .warnings
            .iter()
            .any(|w| w.rule == "weak_team_under_residency_law"),
        "{under_policy:#?}"
    );
    assert!(
        warning.text.contains('%'),
        "the readiness is filled in: {}",
        warning.text
    );
    assert!(warning.questions.contains(&"data_residency".to_string()));
    // Every gap carries a mitigation with an owner.
    for gap in weak.gaps() {
        let m = gap
            .mitigation
            .as_ref()
            .unwrap_or_else(|| panic!("{} has no mitigation", gap.area));
        assert!(PARTIES.contains(&m.owner.as_str()));
    }
    // The demo itself (a law, readiness above the warning line) gives Tier 4 too.
    assert_eq!(d.recommended, Tier4);
}

#[test]
fn empty_and_partial_plans_still_rank_all_three() {
    let q = primero();
    let r = rules(&q);
    let d = r.decide(&q, &Answers::new());
    assert_eq!(d.ranking.len(), 3);
    assert_eq!(
        d.recommended, Saas,
        "with nothing known, the least demanding option leads"
    );
    assert!(d.ranking.iter().all(|a| a.score.is_finite()));
    let mut answers = Answers::new();
    answers.insert("data_residency".into(), Answer::Choice("law".into()));
    let d = r.decide(&q, &answers);
    assert_ne!(d.recommended, Saas);
    assert!(d.assessment(Saas).is_blocked());
}

#[test]
fn answers_to_hidden_questions_do_not_count() {
    let q = primero();
    let mut answers = Answers::new();
    answers.insert("hosting_preference".into(), Answer::Choice("saas".into()));
    // unicef_access_ok is hidden under a SaaS preference; its "no" must not block Tier 4.
    answers.insert("unicef_access_ok".into(), Answer::Level(Level::No));
    let d = rules(&q).decide(&q, &answers);
    assert!(!d.assessment(Tier4).is_blocked(), "{d:#?}");
}

#[test]
fn broken_rules_are_located() {
    let q = primero();
    let broken = BUILTIN_RULES
        .replacen("block = [\"saas\"]", "block = [\"tier3\"]", 1)
        .replacen(
            "question = \"data_residency\", one_of",
            "question = \"data_residence\", one_of",
            1,
        )
        .replacen("owner = \"tech_vendor\"", "owner = \"vendor\"", 1)
        .replacen(
            "points = { saas = -1.0, tier4 = 1.0 }\nreason",
            "points = { saas = -1.0, tier4 = 1.0 }\nreasn",
            1,
        );
    let p = Rules::parse(Source::new("decision.toml", &broken), &q, PARTIES).unwrap_err();
    let line = |needle: &str| broken[..broken.find(needle).unwrap()].matches('\n').count() + 1;
    let has = |l: usize, words: &str| p.iter().any(|x| x.line == l && x.message().contains(words));
    assert!(
        has(line("\"tier3\""), "`tier3` is not a hosting option"),
        "{p:#?}"
    );
    assert!(
        has(
            line("\"data_residence\""),
            "`data_residence`, which is not a question"
        ),
        "{p:#?}"
    );
    assert!(has(line("\"vendor\""), "`vendor` is not a party"), "{p:#?}");
    assert!(has(line("reasn"), "unknown key `reasn`"), "{p:#?}");
    assert!(
        p.iter()
            .any(|x| x.id.as_deref() == Some("residency_preferred")
                && x.message().contains("gives no `reason`")),
        "{p:#?}"
    );
}

#[test]
fn a_mitigation_follows_what_the_plan_already_chose() {
    let q = primero();
    let r = rules(&q);
    let text_for = |hosting: &str| {
        let (plan, _) = Plan::parse(
            Source::new("demo", DEMO_PLAN),
            |id| (id == q.id).then_some(&q),
            Completeness::Complete,
        )
        .unwrap();
        let mut answers = plan.answers.clone();
        answers.insert("cap_postgresql".into(), Answer::Level(Level::No));
        answers.insert("database_hosting".into(), Answer::Choice(hosting.into()));
        let d = r.decide(&q, &answers);
        let gap = d.areas.iter().find(|a| a.area == "postgresql").unwrap();
        gap.mitigation.as_ref().unwrap().text.clone()
    };
    assert!(!text_for("managed").contains("Use a managed PostgreSQL"));
    assert!(text_for("managed").contains("restore a backup"));
    assert!(text_for("self_run").contains("Use a managed PostgreSQL"));
}

#[test]
fn every_area_keeps_one_mitigation_without_a_condition() {
    let q = primero();
    let doubled = BUILTIN_RULES.replacen(
        "when = { question = \"database_hosting\", equals = \"managed\" }\ngap",
        "gap",
        1,
    );
    assert_ne!(doubled, BUILTIN_RULES);
    let p = Rules::parse(Source::new("decision.toml", &doubled), &q, PARTIES).unwrap_err();
    assert!(
        p.iter().any(|x| x
            .message()
            .contains("two mitigation entries without `when`")),
        "{p:#?}"
    );
}
