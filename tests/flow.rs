//! The shared question flow: order, conditions, going back, sections and resuming.

use crate::common;

use chrono::{TimeZone, Utc};
use hostplan::base::diag::Source;
use hostplan::core::answer::{Answer, Level};
use hostplan::core::flow::{Progress, Session};
use hostplan::core::plan::{Completeness, Plan};

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 1, 4, 9, 0, 0).unwrap()
}

fn current(s: &Session) -> Option<String> {
    s.current().map(|q| q.id.clone())
}

#[test]
fn a_new_plan_starts_at_the_first_question_and_walks_in_order() {
    let q = common::mini();
    let mut s = Session::new(&q, Plan::new(&q, now()));
    assert_eq!(current(&s).as_deref(), Some("hosting"));
    assert_eq!(s.position(), (1, 7), "host and contact are hidden at first");
    s.answer(Answer::Choice("tier4".into()), now()).unwrap();
    assert_eq!(s.position(), (2, 8), "tier4 reveals host");
    s.answer_text("150 000", now()).unwrap();
    assert_eq!(s.answer_of("records"), Some(&Answer::Integer(150_000)));
    s.skip();
    s.skip();
    assert_eq!(current(&s).as_deref(), Some("cap_docker"));
    s.answer(Answer::Level(Level::Yes), now()).unwrap();
    assert_eq!(current(&s).as_deref(), Some("host"));
    s.answer_text("cpims.example.org", now()).unwrap();
    assert_eq!(
        current(&s).as_deref(),
        Some("contact"),
        "shown once docker is yes"
    );
}

#[test]
fn an_answer_that_hides_questions_skips_them() {
    let q = common::mini();
    let mut s = Session::new(&q, Plan::new(&q, now()));
    s.answer(Answer::Choice("saas".into()), now()).unwrap();
    s.answer(Answer::Integer(10), now()).unwrap();
    s.skip();
    s.skip();
    assert_eq!(
        current(&s).as_deref(),
        Some("start"),
        "no Docker or host under SaaS"
    );
    s.skip();
    s.skip();
    assert_eq!(current(&s), None, "past the last question");
    assert!(s.is_complete());
}

#[test]
fn a_bad_answer_changes_nothing_and_says_why() {
    let q = common::mini();
    let mut s = Session::new(&q, Plan::new(&q, now()));
    s.answer(Answer::Choice("local".into()), now()).unwrap();
    let err = s.answer_text("twelve", now()).unwrap_err().message();
    assert!(err.contains("is not a whole number"), "{err}");
    let err = s.answer_text("-5", now()).unwrap_err().message();
    assert!(err.contains("below the minimum 0"), "{err}");
    assert_eq!(current(&s).as_deref(), Some("records"));
    assert!(s.answer_of("records").is_none());
}

#[test]
fn back_returns_through_shown_questions_only() {
    let q = common::mini();
    let mut s = Session::new(&q, Plan::new(&q, now()));
    assert!(!s.back(), "nothing before the first question");
    s.answer(Answer::Choice("saas".into()), now()).unwrap();
    s.answer(Answer::Integer(10), now()).unwrap();
    s.skip();
    s.skip();
    assert_eq!(current(&s).as_deref(), Some("start"));
    assert!(s.back());
    assert_eq!(
        current(&s).as_deref(),
        Some("languages"),
        "cap_docker is hidden"
    );
    s.finish();
    assert!(s.back());
    assert_eq!(
        current(&s).as_deref(),
        Some("name"),
        "back from the end is the last"
    );
}

#[test]
fn sections_jump_and_report_progress() {
    let q = common::mini();
    let mut s = Session::new(&q, Plan::new(&q, now()));
    let states = |s: &Session| s.progress().iter().map(|p| p.state).collect::<Vec<_>>();
    assert_eq!(states(&s), vec![Progress::NotStarted, Progress::NotStarted]);
    s.answer(Answer::Choice("tier4".into()), now()).unwrap();
    assert_eq!(states(&s), vec![Progress::Partly, Progress::NotStarted]);
    assert!(s.jump_section(1));
    assert_eq!(current(&s).as_deref(), Some("host"));
    assert!(!s.jump_section(1), "no section after the last");
    assert!(s.jump_section(-1));
    assert_eq!(current(&s).as_deref(), Some("hosting"));
    s.answer(Answer::Choice("tier4".into()), now()).unwrap();
    s.answer(Answer::Integer(1), now()).unwrap();
    assert!(s.go_to("cap_docker"));
    s.answer(Answer::Level(Level::No), now()).unwrap();
    let first = &s.progress()[0];
    assert_eq!(
        (first.state, first.answered, first.shown),
        (Progress::Done, 3, 5)
    );
    assert!(!s.go_to("contact"), "hidden while docker is not yes");
}

#[test]
fn a_section_whose_questions_are_all_hidden_is_skipped() {
    let q = common::mini();
    let mut plan = Plan::new(&q, now());
    plan.set(&q, "hosting", Answer::Choice("saas".into()), now())
        .unwrap();
    let s = Session::new(&q, plan);
    // The config section still shows `start` and `name`, so it is not skipped.
    assert_eq!(s.progress()[1].state, Progress::NotStarted);
    assert_eq!(s.progress()[1].shown, 2);
}

#[test]
fn reopening_resumes_at_the_recorded_question() {
    let q = common::mini();
    let mut s = Session::new(&q, Plan::new(&q, now()));
    s.answer(Answer::Choice("local".into()), now()).unwrap();
    s.answer(Answer::Integer(5), now()).unwrap();
    let text = s.plan.to_toml(&q, false);
    assert!(text.contains("resume_at = \"growth\""), "{text}");
    let (plan, warnings) = Plan::parse(
        Source::new("p.toml", &text),
        |_| Some(&q),
        Completeness::Partial,
    )
    .unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let again = Session::new(&q, plan);
    assert_eq!(current(&again).as_deref(), Some("growth"));
}

#[test]
fn a_stale_place_falls_back_to_the_first_open_required_question() {
    let q = common::mini();
    let text = "format = 1\nquestionnaire = \"mini\"\nresume_at = \"host\"\n\n[answers]\nhosting = \"saas\"\n";
    let (plan, _) = Plan::parse(
        Source::new("p.toml", text),
        |_| Some(&q),
        Completeness::Partial,
    )
    .unwrap();
    let s = Session::new(&q, plan);
    assert_eq!(
        current(&s).as_deref(),
        Some("records"),
        "host is hidden under SaaS"
    );
}

#[test]
fn an_unknown_place_is_a_warning_not_an_error() {
    let q = common::mini();
    let text = "format = 1\nquestionnaire = \"mini\"\nresume_at = \"nowhere\"\n";
    let (plan, warnings) = Plan::parse(
        Source::new("p.toml", text),
        |_| Some(&q),
        Completeness::Partial,
    )
    .unwrap();
    assert_eq!(plan.resume_at, None);
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].line, 3);
    assert_eq!(warnings[0].id.as_deref(), Some("nowhere"));
}

#[test]
fn the_overview_agrees_with_progress_and_position() {
    let q = common::mini();
    let mut s = Session::new(&q, Plan::new(&q, now()));
    for step in 0..6 {
        let o = s.overview();
        assert_eq!(o.progress, s.progress(), "step {step}");
        assert_eq!(o.position, s.position(), "step {step}");
        assert_eq!(o.steps, s.steps(), "step {step}");
        match step {
            0 => s.answer(Answer::Choice("tier4".into()), now()).unwrap(),
            1 => s.answer(Answer::Integer(3), now()).unwrap(),
            _ => s.skip(),
        }
    }
    s.finish();
    assert_eq!(s.overview().position, s.position());
}

#[test]
fn several_choices_are_kept_in_the_questionnaires_order() {
    let q = common::mini();
    let mut s = Session::new(&q, Plan::new(&q, now()));
    assert!(s.go_to("languages"));
    let picked = Answer::Choices(vec!["fr".into(), "en".into()]);
    s.answer(picked, now()).unwrap();
    assert_eq!(
        s.answer_of("languages"),
        Some(&Answer::Choices(vec!["en".into(), "fr".into()]))
    );
    assert!(s.go_to("languages"));
    let err = s
        .answer(Answer::Choices(vec!["de".into()]), now())
        .unwrap_err()
        .message();
    assert!(err.contains("`de` is not an option"), "{err}");
}

/// Progress by sections: where the person is, how many sections apply and are done, and
/// how many questions follow in this section; past the end, only the sections done.
#[test]
fn steps_count_sections_and_the_questions_left_in_this_one() {
    let q = common::mini();
    let mut s = Session::new(&q, Plan::new(&q, now()));
    let steps = |s: &Session| {
        let st = s.steps();
        (st.section, st.sections, st.done, st.left_in_section)
    };
    assert_eq!(steps(&s), (Some(1), 2, 0, 4));
    s.answer(Answer::Choice("tier4".into()), now()).unwrap();
    assert_eq!(steps(&s), (Some(1), 2, 0, 3));
    s.answer(Answer::Integer(1), now()).unwrap();
    s.skip();
    s.skip();
    assert_eq!(current(&s).as_deref(), Some("cap_docker"));
    assert_eq!(steps(&s), (Some(1), 2, 0, 0), "the section's last question");
    s.answer(Answer::Level(Level::Yes), now()).unwrap();
    assert_eq!(current(&s).as_deref(), Some("host"));
    assert_eq!(
        steps(&s),
        (Some(2), 2, 1, 3),
        "docker yes shows the contact too"
    );
    s.finish();
    assert_eq!(steps(&s), (None, 2, 1, 0));
    assert_eq!(s.overview().steps, s.steps());
}
