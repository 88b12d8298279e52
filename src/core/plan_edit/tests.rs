use super::*;
use crate::base::diag::Source;
use crate::core::builtin::{Catalog, DEMO_PLAN};
use crate::core::plan::Completeness;
use chrono::{TimeZone, Utc};

fn primero() -> Questionnaire {
    Catalog::builtin().unwrap().get("primero").unwrap().clone()
}

fn parse(q: &Questionnaire, text: &str) -> Plan {
    Plan::parse(Source::new("t", text), |_| Some(q), Completeness::Partial)
        .unwrap_or_else(|p| panic!("{p:?}\n{text}"))
        .0
}

const HAND: &str = "# Our plan, kept by the country office.\n\
format = 1\n\
questionnaire = 'primero'   # the questionnaire\n\
questionnaire_version = \"1.0.0\"\n\
resume_at = \"organisation\"\n\
\n\
[answers]\n\
# Asked in the first workshop.\n\
country = \"Kalmaria\"  # as the ministry spells it\n\
organisation = \"Ministry\"\n\
\n\
# Budget figures from the finance unit.\n\
budget_ongoing_usd   =   85_000 # per year\n\
budget_source = \"mixed\"\n\
# end of file\n";

fn later() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 2, 1, 10, 0, 0).unwrap()
}

#[test]
fn a_changed_answer_is_rewritten_alone_and_every_comment_stays() {
    let q = primero();
    let mut plan = parse(&q, HAND);
    plan.answers
        .insert("country".into(), Answer::Text("Estmark".into()));
    let text = edit(HAND, &plan, &q);
    let expected = HAND.replace("country = \"Kalmaria\"  #", "country = \"Estmark\"  #");
    assert_eq!(text, expected);
    assert_eq!(parse(&q, &text), plan);
}

#[test]
fn an_unchanged_answer_keeps_how_it_was_written() {
    let q = primero();
    let mut plan = parse(&q, HAND);
    plan.touch(later());
    let text = edit(HAND, &plan, &q);
    assert!(
        text.contains("budget_ongoing_usd   =   85_000 # per year\n"),
        "{text}"
    );
    assert!(
        text.contains("questionnaire = 'primero'   # the questionnaire\n"),
        "{text}"
    );
    assert!(
        text.contains("created = 2027-02-01T10:00:00Z\nupdated = 2027-02-01T10:00:00Z\n"),
        "{text}"
    );
    assert_eq!(parse(&q, &text), plan);
}

#[test]
fn a_removed_answer_goes_and_its_comments_stay() {
    let q = primero();
    let mut plan = parse(&q, HAND);
    plan.answers.remove("budget_ongoing_usd");
    let text = edit(HAND, &plan, &q);
    assert!(!text.contains("budget_ongoing_usd"), "{text}");
    assert!(
        text.contains("\n# Budget figures from the finance unit.\nbudget_source = \"mixed\"\n"),
        "{text}"
    );
    plan.answers.remove("budget_source");
    let text = edit(&text, &plan, &q);
    assert!(
        text.ends_with("# Budget figures from the finance unit.\n# end of file\n"),
        "{text}"
    );
    assert_eq!(parse(&q, &text), plan);
}

#[test]
fn a_new_answer_goes_in_its_section_with_a_heading_if_it_is_the_first() {
    let q = primero();
    let mut plan = parse(&q, HAND);
    plan.answers
        .insert("programme_name".into(), Answer::Text("Rollout".into()));
    plan.answers
        .insert("data_residency".into(), Answer::Choice("law".into()));
    let text = edit(HAND, &plan, &q);
    assert!(
        text.contains(
            "organisation = \"Ministry\"\nprogramme_name = \"Rollout\"\n\
             \n# Regulation and data residency\ndata_residency = \"law\"\n\
             \n# Budget figures from the finance unit.\nbudget_ongoing_usd"
        ),
        "{text}"
    );
    assert_eq!(parse(&q, &text), plan);
}

#[test]
fn a_new_first_answer_of_a_section_takes_its_heading() {
    let q = primero();
    let mut small = parse(&q, DEMO_PLAN);
    small
        .answers
        .retain(|id, _| id == "organisation" || id == "budget_source");
    let before = small.to_toml(&q, false);
    let mut plan = small.clone();
    plan.answers
        .insert("country".into(), Answer::Text("Kalmaria".into()));
    plan.answers
        .insert("budget_ongoing_usd".into(), Answer::Integer(5));
    assert_eq!(edit(&before, &plan, &q), plan.to_toml(&q, false));
}

#[test]
fn resume_at_is_removed_when_the_plan_has_none() {
    let q = primero();
    let mut plan = parse(&q, HAND);
    plan.resume_at = None;
    let text = edit(HAND, &plan, &q);
    assert_eq!(text, HAND.replace("resume_at = \"organisation\"\n", ""));
}

#[test]
fn a_text_that_does_not_parse_is_written_afresh() {
    let q = primero();
    let plan = parse(&q, HAND);
    for broken in [
        "format = = 1\n",
        "answers = 3\n",
        "answers = { country = \"K\" }\n",
    ] {
        assert_eq!(edit(broken, &plan, &q), plan.to_toml(&q, false), "{broken}");
    }
}

#[test]
fn the_demo_plan_reads_back_as_saved() {
    let q = primero();
    let demo = parse(&q, DEMO_PLAN);
    assert_eq!(
        edit(DEMO_PLAN, &demo, &q),
        DEMO_PLAN,
        "nothing changed, nothing rewritten"
    );
    let ids: Vec<String> = demo.answers.keys().cloned().collect();
    let mut text = DEMO_PLAN.to_string();
    let mut plan = demo.clone();
    for (i, id) in ids.iter().enumerate() {
        // Every third answer goes, then comes back; the place to resume moves along.
        if i % 3 == 0 {
            plan.answers.remove(id);
        }
        plan.resume_at = Some(id.clone());
        plan.touch(later());
        text = edit(&text, &plan, &q);
        assert_eq!(parse(&q, &text), plan, "after {id}\n{text}");
    }
    for id in ids.iter().step_by(3) {
        plan.answers.insert(id.clone(), demo.answers[id].clone());
        text = edit(&text, &plan, &q);
        assert_eq!(parse(&q, &text), plan, "after {id}\n{text}");
    }
    assert_eq!(
        parse(&q, &text),
        Plan {
            resume_at: plan.resume_at.clone(),
            ..plan
        }
    );
}

#[test]
fn from_a_fresh_save_an_edit_is_a_fresh_save() {
    let q = primero();
    let demo = parse(&q, DEMO_PLAN);
    let ids: Vec<&String> = demo.answers.keys().collect();
    // Plans holding different parts of the demo's answers, each edited into each other.
    let part = |keep: &dyn Fn(usize) -> bool| {
        let mut p = demo.clone();
        p.answers
            .retain(|id, _| keep(ids.iter().position(|i| *i == id).unwrap()));
        p
    };
    let plans = [
        part(&|_| true),
        part(&|i| i % 2 == 0),
        part(&|i| i % 3 != 1),
        part(&|i| !(10..=40).contains(&i)),
        part(&|_| false),
    ];
    for a in &plans {
        for b in &plans {
            let from = a.to_toml(&q, false);
            assert_eq!(edit(&from, b, &q), b.to_toml(&q, false));
        }
    }
}
