//! The wizard driven by keystrokes, as a person at the keyboard would.

mod common;

use common::wizard::{self, ctrl, key, press, type_text};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use hostplan::answer::{Answer, Level};
use hostplan::builtin::DEMO_PLAN;
use hostplan::options::HostingOption;
use hostplan::plan::Plan;
use hostplan::tui::app::{Focus, Notice, Overlay};
use hostplan::tui::{Screen, ThemeName};

fn new_plan(model: &hostplan::model::Model) -> Plan {
    Plan::new(&model.questionnaire, wizard::now())
}

#[test]
fn keystrokes_alone_give_the_same_plan_as_the_demo_file() {
    let model = wizard::model();
    let target = wizard::demo(&model);
    let (mut app, record) = wizard::app(&model, new_plan(&model), ThemeName::Default);
    let asked = wizard::walk(&mut app, &target);
    assert_eq!(app.session.plan.answers, target.answers);
    assert!(app.session.is_complete());
    assert!(asked >= target.answers.len(), "asked {asked}");
    // Every answer was saved as it was given, and the last save is the whole plan.
    let record = record.borrow();
    assert!(record.saves.len() >= target.answers.len());
    let saved = wizard::plan_from(&model, record.saves.last().unwrap());
    assert_eq!(saved.answers, target.answers);
}

#[test]
fn a_saas_walk_skips_the_questions_for_local_hosting() {
    let model = wizard::model();
    let target = wizard::plan_from(&model, include_str!("plans/saas-leaning.toml"));
    let (mut app, _) = wizard::app(&model, new_plan(&model), ThemeName::Default);
    let asked = wizard::walk(&mut app, &target);
    assert_eq!(app.session.plan.answers, target.answers);
    assert!(asked < 60, "SaaS asks far fewer questions: {asked}");
    assert_eq!(app.analysis().option, HostingOption::Saas);
    assert!(app.analysis().sizing.is_none());
}

#[test]
fn a_bad_number_is_refused_inline_and_grouped_digits_are_accepted() {
    let model = wizard::model();
    let (mut app, _) = wizard::app(&model, new_plan(&model), ThemeName::Default);
    assert!(app.go_to("expected_records"));
    app.handle_key(key(KeyCode::PageUp));
    app.handle_key(key(KeyCode::PageDown));
    assert_eq!(app.current().unwrap().id, "expected_records");
    app.handle_key(ctrl('u'));
    type_text(&mut app, "lots");
    press(&mut app, &[KeyCode::Enter]);
    match &app.notice {
        Some(Notice::Error(e)) => assert!(e.contains("`lots` is not a whole number"), "{e}"),
        other => panic!("expected an error, got {other:?}"),
    }
    assert_eq!(app.current().unwrap().id, "expected_records");
    app.handle_key(ctrl('u'));
    type_text(&mut app, "150 000");
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(
        app.session.answer_of("expected_records"),
        Some(&Answer::Integer(150_000))
    );
    assert_eq!(app.current().unwrap().id, "active_users");
    assert!(app.notice.is_none());
}

#[test]
fn an_empty_required_answer_needs_a_second_enter_to_leave() {
    let model = wizard::model();
    let (mut app, _) = wizard::app(&model, new_plan(&model), ThemeName::Default);
    assert_eq!(app.current().unwrap().id, "country");
    press(&mut app, &[KeyCode::Enter]);
    assert!(matches!(app.notice, Some(Notice::Info(_))));
    assert_eq!(app.current().unwrap().id, "country");
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(app.current().unwrap().id, "organisation");
    assert!(app.session.answer_of("country").is_none());
}

#[test]
fn esc_goes_back_and_shows_the_answer_given() {
    let model = wizard::model();
    let (mut app, _) = wizard::app(&model, new_plan(&model), ThemeName::Default);
    type_text(&mut app, "Kalmaria");
    press(&mut app, &[KeyCode::Enter, KeyCode::Esc]);
    assert_eq!(app.current().unwrap().id, "country");
    // The field shows the answer, ready to edit: q and ? are text here, not commands.
    type_text(&mut app, " q?");
    assert!(!app.quit);
    assert_eq!(app.overlay, None);
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(
        app.session.answer_of("country"),
        Some(&Answer::Text("Kalmaria q?".into()))
    );
}

#[test]
fn lists_move_with_arrows_and_vi_keys_and_levels_take_letters() {
    let model = wizard::model();
    let (mut app, _) = wizard::app(&model, new_plan(&model), ThemeName::Default);
    assert!(app.go_to("rollout_scope"));
    press(
        &mut app,
        &[KeyCode::Char('j'), KeyCode::Down, KeyCode::Char('k')],
    );
    press(&mut app, &[KeyCode::Enter]);
    let chosen = app.session.answer_of("rollout_scope").unwrap().to_plain();
    assert_eq!(
        chosen,
        model
            .questionnaire
            .question("rollout_scope")
            .unwrap()
            .options[1]
            .id
    );
    assert!(app.go_to("cap_linux_admin"));
    app.handle_key(ctrl('n'));
    press(&mut app, &[KeyCode::Left]);
    assert_eq!(
        app.current().unwrap().id,
        "cap_linux_admin",
        "Left goes back in a list"
    );
    press(&mut app, &[KeyCode::Char('p'), KeyCode::Enter]);
    assert_eq!(
        app.session.answer_of("cap_linux_admin"),
        Some(&Answer::Level(Level::Partly))
    );
}

#[test]
fn results_follow_the_answers_live() {
    let model = wizard::model();
    let (mut app, _) = wizard::app(&model, wizard::demo(&model), ThemeName::Default);
    assert_eq!(app.analysis().decision.recommended, HostingOption::Tier4);
    let records_before = app.analysis().sizing.as_ref().unwrap().storage_by_year[0].records;
    assert!(app.go_to("expected_records"));
    app.handle_key(ctrl('u'));
    type_text(&mut app, "600,000");
    press(&mut app, &[KeyCode::Enter]);
    let sizing = app.analysis().sizing.as_ref().unwrap();
    assert_eq!(sizing.storage_by_year[0].records, 600_000);
    assert_ne!(records_before, 600_000);
    // No residency rule and a weak team: SaaS comes first.
    assert!(app.go_to("data_residency"));
    let none = model
        .questionnaire
        .question("data_residency")
        .unwrap()
        .options
        .iter()
        .position(|o| o.id == "none")
        .unwrap();
    press(&mut app, &[KeyCode::Home]);
    for _ in 0..none {
        press(&mut app, &[KeyCode::Down]);
    }
    press(&mut app, &[KeyCode::Enter]);
    assert!(
        !app.analysis()
            .decision
            .assessment(HostingOption::Saas)
            .is_blocked()
    );
}

#[test]
fn a_result_screen_drawn_after_an_answer_shows_the_new_result() {
    let model = wizard::model();
    let (mut app, _) = wizard::app(&model, wizard::demo(&model), ThemeName::Default);
    app.handle_key(key(KeyCode::F(3)));
    let before = wizard::render(&mut app, 160, 48).backend().to_string();
    assert!(before.contains("(Tier 3) — ruled out"), "{before}");
    assert!(app.go_to("data_residency"));
    press(&mut app, &[KeyCode::End, KeyCode::Enter]);
    assert_eq!(
        app.session.answer_of("data_residency").unwrap().to_plain(),
        "none"
    );
    app.handle_key(key(KeyCode::F(3)));
    let after = wizard::render(&mut app, 160, 48).backend().to_string();
    assert!(!after.contains("(Tier 3) — ruled out"), "{after}");
}

#[test]
fn tab_moves_to_the_sections_and_enter_opens_a_result_screen() {
    let model = wizard::model();
    let (mut app, _) = wizard::app(&model, wizard::demo(&model), ThemeName::Default);
    press(&mut app, &[KeyCode::Tab]);
    assert_eq!(app.focus, Focus::Nav);
    press(&mut app, &[KeyCode::Home]);
    for _ in 0..model.questionnaire.sections.len() + 2 {
        press(&mut app, &[KeyCode::Char('j')]);
    }
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(app.screen, Screen::Sizing);
    assert_eq!(app.focus, Focus::Main);
    press(
        &mut app,
        &[
            KeyCode::Tab,
            KeyCode::Home,
            KeyCode::Char('j'),
            KeyCode::Enter,
        ],
    );
    assert_eq!(app.screen, Screen::Questions);
    assert_eq!(app.current().unwrap().id, "data_residency");
}

#[test]
fn function_keys_open_every_result_screen_and_esc_returns() {
    let model = wizard::model();
    let (mut app, _) = wizard::app(&model, wizard::demo(&model), ThemeName::Default);
    for (n, screen) in (3..=8).zip(Screen::RESULTS) {
        app.handle_key(key(KeyCode::F(n)));
        assert_eq!(app.screen, screen);
    }
    press(&mut app, &[KeyCode::Esc]);
    assert_eq!(app.screen, Screen::Questions);
}

#[test]
fn page_keys_jump_sections_and_past_the_end() {
    let model = wizard::model();
    let (mut app, _) = wizard::app(&model, new_plan(&model), ThemeName::Default);
    press(&mut app, &[KeyCode::PageDown]);
    assert_eq!(app.session.section_index(), 1);
    press(&mut app, &[KeyCode::PageUp, KeyCode::PageUp]);
    assert_eq!(app.current().unwrap().id, "country");
    for _ in 0..20 {
        press(&mut app, &[KeyCode::PageDown]);
    }
    assert!(
        app.current().is_none(),
        "past the last section: the end screen"
    );
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(app.screen, Screen::Decision);
}

#[test]
fn the_place_is_saved_so_the_plan_reopens_at_the_same_question() {
    let model = wizard::model();
    let (mut app, record) = wizard::app(&model, new_plan(&model), ThemeName::Default);
    type_text(&mut app, "Kalmaria");
    press(&mut app, &[KeyCode::Enter]);
    type_text(&mut app, "Ministry of Social Welfare");
    press(&mut app, &[KeyCode::Enter]);
    let last = record.borrow().saves.last().unwrap().clone();
    drop(app);
    let plan = wizard::plan_from(&model, &last);
    let (again, _) = wizard::app(&model, plan, ThemeName::Default);
    assert_eq!(again.current().unwrap().id, "programme_name");
    assert_eq!(
        again.session.answer_of("organisation"),
        Some(&Answer::Text("Ministry of Social Welfare".into()))
    );
}

#[test]
fn save_as_names_the_new_file_and_q_quits_outside_text() {
    let model = wizard::model();
    let (mut app, record) = wizard::app(&model, wizard::demo(&model), ThemeName::Default);
    app.handle_key(ctrl('s'));
    assert!(matches!(app.overlay, Some(Overlay::SaveAs(_))));
    app.handle_key(ctrl('u'));
    type_text(&mut app, "copy.toml");
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(record.borrow().saved_as, vec!["copy.toml".to_string()]);
    assert_eq!(app.plan_name, "copy.toml");
    assert_eq!(app.overlay, None);
    press(&mut app, &[KeyCode::Char('?')]);
    assert_eq!(app.overlay, Some(Overlay::Help(0)));
    press(&mut app, &[KeyCode::Down, KeyCode::Down, KeyCode::Up]);
    assert_eq!(
        app.overlay,
        Some(Overlay::Help(1)),
        "arrows scroll the list"
    );
    press(&mut app, &[KeyCode::Char('x')]);
    assert_eq!(app.overlay, None);
    press(&mut app, &[KeyCode::Char('q')]);
    assert!(app.quit);
}

#[test]
fn ctrl_c_quits_even_in_a_text_field() {
    let model = wizard::model();
    let (mut app, _) = wizard::app(&model, new_plan(&model), ThemeName::Default);
    assert!(app.input.is_text());
    app.handle_key(ctrl('c'));
    assert!(app.quit);
}

#[test]
fn pasted_text_goes_into_the_field() {
    let model = wizard::model();
    let (mut app, _) = wizard::app(&model, new_plan(&model), ThemeName::Default);
    app.handle_event(&Event::Paste("República\nDominicana".into()));
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(
        app.session.answer_of("country"),
        Some(&Answer::Text("República Dominicana".into()))
    );
}

#[test]
fn export_runs_only_for_a_complete_plan_with_outputs_ticked() {
    let model = wizard::model();
    let (mut app, record) = wizard::app(&model, new_plan(&model), ThemeName::Default);
    app.handle_key(key(KeyCode::F(8)));
    press(&mut app, &[KeyCode::End]);
    for _ in 0..4 {
        press(&mut app, &[KeyCode::Down]);
    }
    press(&mut app, &[KeyCode::Enter]);
    assert!(
        matches!(app.notice, Some(Notice::Error(_))),
        "incomplete plan"
    );
    assert!(record.borrow().exports.is_empty());

    let (mut app, record) = wizard::app(&model, wizard::demo(&model), ThemeName::Default);
    app.handle_key(key(KeyCode::F(8)));
    press(&mut app, &[KeyCode::Down, KeyCode::Char(' ')]);
    assert!(!app.export.config, "Space unticks the config hand-over");
    press(&mut app, &[KeyCode::Down, KeyCode::Enter]);
    assert_eq!(app.export.paper, hostplan::export::pdf::Paper::Letter);
    press(&mut app, &[KeyCode::Down]);
    app.handle_key(ctrl('u'));
    type_text(&mut app, "out");
    press(&mut app, &[KeyCode::Enter, KeyCode::Enter]);
    let exports = &record.borrow().exports;
    assert_eq!(exports.len(), 1);
    let request = &exports[0];
    assert_eq!(
        request.pdf.as_deref(),
        Some(std::path::Path::new("out/kalmaria-workplan.pdf"))
    );
    assert!(request.config_dir.is_none());
    assert_eq!(app.export.report.as_ref().unwrap().written.len(), 1);
}

#[test]
fn key_releases_are_ignored() {
    let model = wizard::model();
    let (mut app, _) = wizard::app(&model, wizard::demo(&model), ThemeName::Default);
    let mut release = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
    release.kind = crossterm::event::KeyEventKind::Release;
    app.handle_event(&Event::Key(release));
    assert!(!app.quit);
    let _ = DEMO_PLAN;
}
