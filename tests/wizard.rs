//! The wizard driven by keystrokes, as a person at the keyboard would.

use crate::common;

use common::wizard::{self, ctrl, key, press, type_text};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use hostplan::base::lang::Lang;
use hostplan::base::strings::language;
use hostplan::core::answer::{Answer, Level};
use hostplan::core::options::HostingOption;
use hostplan::core::plan::Plan;
use hostplan::tui::app::{Focus, Notice, Overlay};
use hostplan::tui::{App, SaveFailure, Screen, ThemeName};

fn new_plan(model: &hostplan::core::model::Model) -> Plan {
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
    // Of 130 questions; the budget section's cost questions are asked on every path.
    assert!(asked < 68, "SaaS asks far fewer questions: {asked}");
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

/// What the text field of the question on screen holds.
fn field(app: &hostplan::tui::App) -> String {
    match &app.input {
        hostplan::tui::answer_input::AnswerInput::Text(t) => t.text(),
        other => panic!("not a text field: {other:?}"),
    }
}

#[test]
fn typing_over_a_default_replaces_it() {
    let model = wizard::model();
    let (mut app, _) = wizard::app(&model, new_plan(&model), ThemeName::Default);
    assert!(app.go_to("duration_years"));
    assert_eq!(field(&app), "3", "the default is shown");
    type_text(&mut app, "5");
    assert_eq!(field(&app), "5");
    press(&mut app, &[KeyCode::Enter]);
    assert!(app.notice.is_none(), "{:?}", app.notice);
    assert_eq!(
        app.session.answer_of("duration_years"),
        Some(&Answer::Integer(5))
    );
}

#[test]
fn arrow_keys_keep_a_default_for_editing() {
    let model = wizard::model();
    let (mut app, _) = wizard::app(&model, new_plan(&model), ThemeName::Default);
    assert!(app.go_to("duration_years"));
    press(&mut app, &[KeyCode::Right]);
    type_text(&mut app, "5");
    assert_eq!(field(&app), "35", "Right then typing appends");
    assert!(app.go_to("duration_years"));
    press(&mut app, &[KeyCode::Home]);
    type_text(&mut app, "1");
    assert_eq!(field(&app), "13", "Home then typing goes before");
    assert!(app.go_to("duration_years"));
    press(&mut app, &[KeyCode::Backspace]);
    assert_eq!(field(&app), "", "Backspace clears the selected value");
}

#[test]
fn typing_over_an_earlier_text_answer_replaces_it() {
    let model = wizard::model();
    let (mut app, _) = wizard::app(&model, new_plan(&model), ThemeName::Default);
    type_text(&mut app, "Kalmaria");
    press(&mut app, &[KeyCode::Enter, KeyCode::Esc]);
    assert_eq!(app.current().unwrap().id, "country");
    assert_eq!(field(&app), "Kalmaria");
    type_text(&mut app, "Zembala");
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(
        app.session.answer_of("country"),
        Some(&Answer::Text("Zembala".into()))
    );
    press(&mut app, &[KeyCode::Esc]);
    app.handle_event(&Event::Paste("Kalmaria".into()));
    assert_eq!(field(&app), "Kalmaria", "a paste replaces it too");
}

#[test]
fn enter_on_an_untouched_prefilled_value_keeps_it() {
    let model = wizard::model();
    let (mut app, _) = wizard::app(&model, new_plan(&model), ThemeName::Default);
    assert!(app.go_to("duration_years"));
    press(&mut app, &[KeyCode::Enter]);
    assert!(app.notice.is_none(), "{:?}", app.notice);
    assert_eq!(
        app.session.answer_of("duration_years"),
        Some(&Answer::Integer(3))
    );
    assert!(app.go_to("country"));
    type_text(&mut app, "Kalmaria");
    press(&mut app, &[KeyCode::Enter, KeyCode::Esc, KeyCode::Enter]);
    assert_eq!(
        app.session.answer_of("country"),
        Some(&Answer::Text("Kalmaria".into()))
    );
}

#[test]
fn an_empty_required_answer_needs_a_second_enter_to_leave() {
    let model = wizard::model();
    let (mut app, _) = wizard::app(&model, new_plan(&model), ThemeName::Default);
    assert_eq!(app.current().unwrap().id, "country");
    press(&mut app, &[KeyCode::Enter]);
    assert!(matches!(app.notice, Some(Notice::ConfirmSkip(_))));
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
    press(&mut app, &[KeyCode::End]);
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
    // F10 came last, for the costs, so the keys of the other screens stayed as they were.
    let keys = [3, 4, 5, 10, 6, 7, 8, 9];
    for (n, screen) in keys.into_iter().zip(Screen::RESULTS) {
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
    assert_eq!(app.export.stem, "copy", "exports follow the new name");
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
    app.handle_key(key(KeyCode::F(9)));
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
    // The questionnaire in another language is read when an export asks for it.
    app.read_model = Some(Box::new(|lang| {
        let cat = hostplan::session::catalog::catalog(None, lang).ok()?;
        hostplan::session::companions::model(cat.get("primero")?, None, lang).ok()?
    }));
    app.handle_key(key(KeyCode::F(9)));
    press(&mut app, &[KeyCode::Down, KeyCode::Char(' ')]);
    assert!(!app.export.config, "Space unticks the config hand-over");
    press(&mut app, &[KeyCode::Down, KeyCode::Enter]);
    assert_eq!(app.export.paper, hostplan::export::pdf::Paper::Letter);
    assert_eq!(
        app.export.lang,
        Lang::En,
        "the screens' language by default"
    );
    press(&mut app, &[KeyCode::Down, KeyCode::Enter]);
    assert_eq!(app.export.lang, Lang::Fr, "Enter goes to the next language");
    press(&mut app, &[KeyCode::Down]);
    app.handle_key(ctrl('u'));
    type_text(&mut app, "out");
    press(&mut app, &[KeyCode::Enter, KeyCode::Enter]);
    let exports = &record.borrow().exports;
    assert_eq!(exports.len(), 1);
    let request = &exports[0];
    assert_eq!(
        request.pdf.as_deref(),
        Some(std::path::Path::new("out/kalmaria-work-plan.pdf"))
    );
    assert!(request.config_dir.is_none());
    assert_eq!(record.borrow().export_languages, [Lang::Fr]);
    assert_eq!(
        record.borrow().export_titles,
        ["Plan d'hébergement de Primero v2 et d'OpenFn"],
        "the French questionnaire goes into a French export"
    );
    assert_eq!(language(), Lang::En, "the screens keep their language");
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
}

#[test]
fn each_answer_is_saved_as_it_is_confirmed() {
    let model = wizard::model();
    let (mut app, record) = wizard::app(&model, new_plan(&model), ThemeName::Default);
    for (text, line) in [
        ("Kalmaria", "country = \"Kalmaria\""),
        ("Ministry", "organisation = \"Ministry\""),
        ("Rollout", "programme_name = \"Rollout\""),
    ] {
        let before = record.borrow().saves.len();
        type_text(&mut app, text);
        press(&mut app, &[KeyCode::Enter]);
        let saves = &record.borrow().saves;
        assert_eq!(saves.len(), before + 1, "one save for {text}");
        assert!(saves.last().unwrap().contains(line), "{line}");
    }
}

#[test]
fn the_second_enter_counts_only_right_after_the_first() {
    let model = wizard::model();
    let (mut app, _) = wizard::app(&model, new_plan(&model), ThemeName::Default);
    press(&mut app, &[KeyCode::Enter]);
    assert!(matches!(app.notice, Some(Notice::ConfirmSkip(_))));
    app.handle_key(key(KeyCode::F(3)));
    app.handle_key(key(KeyCode::F(2)));
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(
        app.current().unwrap().id,
        "country",
        "warned again, not skipped"
    );
    press(&mut app, &[KeyCode::Tab, KeyCode::Tab, KeyCode::Enter]);
    assert_eq!(
        app.current().unwrap().id,
        "country",
        "Tab also forgets the first Enter"
    );
}

#[test]
fn a_list_with_nothing_ticked_is_left_unanswered_and_ticks_keep_the_questionnaire_order() {
    let model = wizard::model();
    let (mut app, _) = wizard::app(&model, new_plan(&model), ThemeName::Default);
    assert!(app.go_to("sensitive_data"));
    let q = model.questionnaire.question("sensitive_data").unwrap();
    press(&mut app, &[KeyCode::Enter]);
    if q.required {
        press(&mut app, &[KeyCode::Enter]);
    }
    assert!(app.session.answer_of("sensitive_data").is_none());
    assert!(app.go_to("sensitive_data"));
    press(&mut app, &[KeyCode::Char('3'), KeyCode::Char(' ')]);
    press(
        &mut app,
        &[KeyCode::Char('1'), KeyCode::Char(' '), KeyCode::Enter],
    );
    let ids: Vec<String> = vec![q.options[0].id.clone(), q.options[2].id.clone()];
    assert_eq!(
        app.session.answer_of("sensitive_data"),
        Some(&Answer::Choices(ids))
    );
}

#[test]
fn delete_clears_a_list_answer() {
    let model = wizard::model();
    let (mut app, record) = wizard::app(&model, wizard::demo(&model), ThemeName::Default);
    assert!(app.go_to("cap_docker"));
    assert!(app.session.answer_of("cap_docker").is_some());
    press(&mut app, &[KeyCode::Delete]);
    assert!(app.session.answer_of("cap_docker").is_none());
    assert_eq!(app.current().unwrap().id, "cap_docker");
    assert!(
        !record
            .borrow()
            .saves
            .last()
            .unwrap()
            .contains("cap_docker =")
    );
}

#[test]
fn page_up_from_the_end_opens_the_last_section() {
    let model = wizard::model();
    let (mut app, _) = wizard::app(&model, wizard::demo(&model), ThemeName::Default);
    assert!(app.current().is_none(), "the demo opens at the end");
    press(&mut app, &[KeyCode::PageUp]);
    let last = model.questionnaire.sections.len() - 1;
    assert_eq!(app.session.section_index(), last);
}

#[test]
fn in_a_window_too_small_only_quitting_works() {
    let model = wizard::model();
    let (mut app, _) = wizard::app(&model, new_plan(&model), ThemeName::Default);
    wizard::render(&mut app, 60, 15);
    assert!(app.too_small);
    type_text(&mut app, "abc");
    press(&mut app, &[KeyCode::Enter, KeyCode::Tab, KeyCode::F(3)]);
    assert_eq!(app.current().unwrap().id, "country");
    assert_eq!(app.screen, Screen::Questions);
    wizard::render(&mut app, 80, 24);
    assert!(!app.too_small);
    assert!(
        app.session.answer_of("country").is_none(),
        "nothing was typed unseen"
    );
    wizard::render(&mut app, 60, 15);
    press(&mut app, &[KeyCode::Char('q')]);
    assert!(
        app.quit,
        "q quits even on a text question while the window is too small"
    );
}

#[test]
fn paste_goes_only_where_typing_would() {
    let model = wizard::model();
    let (mut app, _) = wizard::app(&model, wizard::demo(&model), ThemeName::Default);
    app.handle_key(key(KeyCode::F(9)));
    press(&mut app, &[KeyCode::Down; 4]);
    assert!(app.typing(), "the folder row takes typed text");
    let folder = app.export.folder.text();
    press(&mut app, &[KeyCode::Tab]);
    app.handle_event(&Event::Paste("XYZ".into()));
    assert_eq!(
        app.export.folder.text(),
        folder,
        "the sections pane has the focus"
    );
}

#[test]
fn after_a_failed_save_q_warns_once_and_save_as_keeps_its_box() {
    let model = wizard::model();
    let (mut app, record) = wizard::app(&model, wizard::demo(&model), ThemeName::Default);
    record.borrow_mut().failing = Some("disk full".into());
    assert!(app.go_to("cap_docker"));
    press(&mut app, &[KeyCode::Char('n'), KeyCode::Enter]);
    assert_eq!(
        app.save_error,
        Some(SaveFailure::Failed("disk full".into()))
    );
    press(&mut app, &[KeyCode::Char('q')]);
    assert!(!app.quit);
    assert!(matches!(app.notice, Some(Notice::ConfirmQuit(_))));
    app.handle_key(ctrl('s'));
    press(&mut app, &[KeyCode::Enter]);
    assert!(
        matches!(app.overlay, Some(Overlay::SaveAs(_))),
        "the box stays open"
    );
    assert!(matches!(app.notice, Some(Notice::Error(_))));
    record.borrow_mut().failing = None;
    app.handle_key(ctrl('u'));
    type_text(&mut app, "elsewhere.toml");
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(app.overlay, None);
    assert_eq!(app.save_error, None);
    assert!(
        record
            .borrow()
            .saves
            .last()
            .unwrap()
            .contains("cap_docker = \"no\"")
    );
    press(&mut app, &[KeyCode::Char('q')]);
    assert!(app.quit, "saved again: q quits at once");
}

/// The section numbers in the title bar, "Section 3 of 11 · 4 done": (at, of, done).
fn sections_shown(app: &mut App) -> (usize, usize, usize) {
    let screen = wizard::render(app, 120, 35).backend().to_string();
    let title = screen.lines().next().unwrap().to_string();
    let numbers: Vec<usize> = title
        .split("Section ")
        .nth(1)
        .unwrap_or_else(|| panic!("no section progress in {title}"))
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|w| w.parse().ok())
        .take(3)
        .collect();
    (numbers[0], numbers[1], numbers[2])
}

/// Answers reveal questions, so a count of questions grew (80, 82, 97, 106) under the
/// person's eyes. Walking the demo's answers key by key, the progress shown only moves
/// forward: sections done never fall and sections to answer never grow.
#[test]
fn progress_never_goes_back_while_a_plan_is_answered_in_order() {
    let model = wizard::model();
    let target = wizard::demo(&model);
    let (mut app, _) = wizard::app(
        &model,
        Plan::new(&model.questionnaire, wizard::now()),
        ThemeName::Default,
    );
    let mut last = sections_shown(&mut app);
    assert_eq!((last.0, last.2), (1, 0), "{last:?}");
    let mut steps = 0;
    while let Some(q) = app.current() {
        steps += 1;
        assert!(steps < 500, "stuck at {}", q.id);
        for k in wizard::keys_for(q, target.answers.get(&q.id)) {
            app.handle_key(k);
            let _ = app.flush_save();
        }
        if app.current().is_none() {
            break;
        }
        let now = sections_shown(&mut app);
        assert!(
            now.2 >= last.2,
            "done fell from {last:?} to {now:?} after {}",
            q.id
        );
        assert!(
            now.1 <= last.1,
            "total grew from {last:?} to {now:?} after {}",
            q.id
        );
        assert!(now.0 >= last.0 && now.0 <= now.1, "{now:?} after {}", q.id);
        last = now;
    }
    let end = wizard::render(&mut app, 120, 35).backend().to_string();
    let title = end.lines().next().unwrap();
    assert!(
        title.contains(&format!("of {} sections done", last.1)),
        "{title}"
    );
}

/// The keys help (F1) lists every action the keymap binds in the wizard: for each, a row
/// with the action's keys as the keymap writes them and what it does.
#[test]
fn the_keys_help_lists_every_action_of_the_keymap() {
    use hostplan::base::strings::Strings;
    use hostplan::tui::keys::{self, Action, BINDINGS, Context, HELP, TEXT_HELP};
    let model = wizard::model();
    let (mut app, _) = wizard::app(&model, wizard::demo(&model), ThemeName::Default);
    press(&mut app, &[KeyCode::F(1)]);
    // Tall enough for the whole list, unscrolled.
    let terminal = wizard::render(&mut app, 100, 90);
    let buffer = terminal.backend().buffer();
    let screen: Vec<String> = (0..buffer.area.height)
        .map(|y| {
            (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect()
        })
        .collect();
    let strings = Strings::builtin();
    let row = |entry: &str| {
        let long = keys::text(strings, &format!("wizard.keys.{entry}.long"), &[]);
        let start: Vec<&str> = long.split(' ').take(3).collect();
        format!(
            "{:<16}{}",
            keys::entry_keys(entry, strings),
            start.join(" ")
        )
    };
    let mut actions: Vec<Action> = Vec::new();
    for b in BINDINGS.iter().filter(|b| b.contexts != [Context::Start]) {
        if !actions.contains(&b.action) {
            actions.push(b.action);
        }
    }
    for action in actions {
        if action == Action::Close {
            // The list says itself how it closes.
            let close = keys::text(strings, "wizard.help.close", &[]);
            assert!(screen.iter().any(|l| l.contains(&close)), "{close}");
            continue;
        }
        let entries: Vec<&str> = HELP
            .iter()
            .chain(TEXT_HELP)
            .copied()
            .filter(|e| keys::shown(e).any(|b| b.action == action))
            .collect();
        assert!(
            !entries.is_empty(),
            "the keys help has no row for {action:?}"
        );
        for entry in entries {
            let want = row(entry);
            assert!(
                screen.iter().any(|l| l.contains(&want)),
                "{action:?}: no row `{want}` in\n{}",
                screen.join("\n")
            );
        }
    }
}
