//! The adoption question in the wizard, key by key: it shows the recommendation with its
//! reasons and offers it, marks the options the answers rule out, and a choice against the
//! recommendation asks for a reason that the end of the questions then claims.

use crate::common;

use common::wizard::{self, press, type_text};
use crossterm::event::KeyCode;
use hostplan::analysis::summary::option_label;
use hostplan::core::answer::Answer;
use hostplan::core::model::Model;
use hostplan::tui::{App, ThemeName};

/// The demo plan with no option chosen and no reason given, at the adoption question.
fn at_adoption(model: &Model) -> App<'_> {
    let mut plan = wizard::demo(model);
    plan.answers.remove("chosen_option");
    plan.answers.remove("choice_rationale");
    let (mut app, _) = wizard::app(model, plan, ThemeName::Default);
    assert!(app.go_to("chosen_option"));
    app
}

fn screen(app: &mut App) -> String {
    wizard::render(app, 120, 35).backend().to_string()
}

fn past_the_end(app: &mut App) {
    for _ in 0..20 {
        press(app, &[KeyCode::PageDown]);
    }
    assert!(app.current().is_none(), "the end screen");
}

#[test]
fn the_adoption_question_shows_and_preselects_the_recommendation() {
    let model = wizard::model();
    let mut app = at_adoption(&model);
    let recommended = app.analysis().decision.recommended;
    let label = option_label(&model.questionnaire, recommended);
    let shown = screen(&mut app);
    assert!(
        shown.contains(&format!("hostplan recommends {label}")),
        "{shown}"
    );
    assert!(
        shown.contains(&format!("❯ ( ) {label} — recommended")),
        "{shown}"
    );
    // The demo's residency law rules SaaS out: the option says so, and why.
    assert!(
        shown.contains("UNICEF-hosted service (Tier 3) — ruled out"),
        "{shown}"
    );
    press(&mut app, &[KeyCode::Home]);
    let shown = screen(&mut app);
    assert!(shown.contains("Ruled out by your answers:"), "{shown}");
    // Back on the recommendation, Enter takes it.
    let mut app = at_adoption(&model);
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(
        app.session.answer_of("chosen_option"),
        Some(&Answer::Choice(recommended.id().into()))
    );
    assert_eq!(app.current().unwrap().id, "choice_rationale");
    assert!(!screen(&mut app).contains("over the recommended"));
}

#[test]
fn a_choice_against_the_recommendation_asks_why_and_stays_open_until_answered() {
    let model = wizard::model();
    let mut app = at_adoption(&model);
    let recommended = app.analysis().decision.recommended;
    // Fully local is listed after the recommendation (Tier 4) in the demo.
    assert_eq!(recommended.id(), "tier4");
    press(&mut app, &[KeyCode::Down, KeyCode::Enter]);
    assert_eq!(
        app.session.answer_of("chosen_option"),
        Some(&Answer::Choice("local".into()))
    );
    assert_eq!(app.current().unwrap().id, "choice_rationale");
    let shown = screen(&mut app);
    assert!(
        shown.contains("The team chose Fully local over the recommended Hybrid-local (Tier 4)"),
        "{shown}"
    );
    assert!(shown.contains("· required"), "{shown}");
    // Left empty, the plan is not complete: the end lists the reason, and Enter opens it.
    press(&mut app, &[KeyCode::Enter]);
    past_the_end(&mut app);
    let ids: Vec<_> = app
        .answer_errors()
        .into_iter()
        .map(|p| p.id.unwrap())
        .collect();
    assert_eq!(ids, ["choice_rationale"]);
    let shown = screen(&mut app);
    assert!(shown.contains("❯ ✗ [choice_rationale]"), "{shown}");
    assert!(
        shown.contains("open its question"),
        "the key bar says so: {shown}"
    );
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(app.current().unwrap().id, "choice_rationale");
    type_text(&mut app, "The ministry will not use a UNICEF demo site.");
    press(&mut app, &[KeyCode::Enter]);
    past_the_end(&mut app);
    assert!(app.answer_errors().is_empty());
    assert!(screen(&mut app).contains("the plan is complete"));
}
