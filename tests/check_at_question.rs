//! An answer the configuration export would refuse is refused when it is given, with the
//! very words `hostplan check` gives: in the wizard, in `ask` and in a plan file.

use crate::common;
use crate::common::config as handover;

use common::wizard::{self, ctrl, press, type_text};
use crossterm::event::KeyCode;
use hostplan::core::answer::Answer;
use hostplan::core::builtin::DEMO_PLAN;
use hostplan::tui::ThemeName;
use hostplan::tui::app::Notice;
use std::io::Write;
use std::path::Path;
use std::process::Stdio;

const HOST: &str = "zembala.primero.org";
const LOCALES: &str = "en, fr, sw";

/// What the export's own check says about `value` as the answer to `id`, the answer put
/// into the demo plan directly, past every check at the question.
fn export_message(id: &str, value: &str) -> String {
    let answer = Answer::Text(value.to_string());
    let l = handover::with_answers(DEMO_PLAN, &[(id, Some(answer))]);
    let problems = handover::with_ctx(&l, hostplan::export::config::check);
    let found = problems.iter().find(|p| p.id.as_deref() == Some(id));
    found
        .unwrap_or_else(|| panic!("{problems:#?}"))
        .message()
        .clone()
}

/// Runs hostplan in `dir` with `input` on standard input; (exit code, stdout, stderr).
fn hostplan(dir: &Path, args: &[&str], input: &str) -> (i32, String, String) {
    let mut child = crate::common::bin()
        .args(args)
        .current_dir(dir)
        .env("HOSTPLAN_HOME", dir.join("home"))
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hostplan runs");
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(input.as_bytes()).unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let code = out.status.code().unwrap_or(-1);
    (code, text(&out.stdout), text(&out.stderr))
}

/// The demo plan with the line of `id` replaced, or left out when `value` is `None`.
fn demo_with(id: &str, value: Option<&str>) -> String {
    let prefix = format!("{id} = ");
    DEMO_PLAN
        .lines()
        .filter(|l| !l.starts_with("resume_at"))
        .filter_map(|l| match (l.starts_with(&prefix), value) {
            (false, _) => Some(l.to_string()),
            (true, Some(v)) => Some(format!("{prefix}\u{22}{v}\u{22}")),
            (true, None) => None,
        })
        .map(|l| l + "\n")
        .collect()
}

/// Types `value` over the answer to `id` in the wizard and presses Enter; the error shown.
fn wizard_refusal(id: &str, value: &str) -> String {
    let model = wizard::model();
    let (mut app, _) = wizard::app(&model, wizard::demo(&model), ThemeName::Default);
    assert!(app.go_to(id));
    app.handle_key(ctrl('u'));
    type_text(&mut app, value);
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(
        app.current().unwrap().id,
        id,
        "the wizard stays on the question"
    );
    assert_ne!(
        app.session.answer_of(id),
        Some(&Answer::Text(value.to_string()))
    );
    match &app.notice {
        Some(Notice::Error(e)) => e.clone(),
        other => panic!("expected an error at `{id}`, got {other:?}"),
    }
}

#[test]
fn hostplan_check_gives_the_export_message() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("p.toml"),
        demo_with("primero_host", Some(HOST)),
    )
    .unwrap();
    let (code, _, err) = hostplan(dir.path(), &["check", "p.toml"], "");
    assert_eq!(code, 1, "{err}");
    let message = export_message("primero_host", HOST);
    assert!(message.contains("primero.org"), "{message}");
    assert!(
        err.contains(&format!("error [primero_host]: {message}")),
        "{err}"
    );
    let (code, _, err) = hostplan(dir.path(), &["plan", "validate", "p.toml"], "");
    assert_eq!(code, 1, "{err}");
    assert!(err.contains(&message), "{err}");
}

#[test]
fn the_wizard_refuses_a_primero_org_host_at_the_question() {
    let message = wizard_refusal("primero_host", HOST);
    assert_eq!(message, export_message("primero_host", HOST));
}

#[test]
fn the_wizard_refuses_languages_with_spaces_at_the_question() {
    let message = wizard_refusal("locales", LOCALES);
    assert_eq!(message, export_message("locales", LOCALES));
}

#[test]
fn ask_refuses_a_primero_org_host_at_the_question() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("p.toml"), demo_with("primero_host", None)).unwrap();
    let input = format!("{HOST}\ncpims.example.org\n");
    let (_, out, err) = hostplan(dir.path(), &["ask", "p.toml"], &input);
    let message = export_message("primero_host", HOST);
    let refused = format!("Answer: {HOST}\nNot accepted: {message}\n");
    assert!(out.contains(&refused), "{out}\n{err}");
    let text = std::fs::read_to_string(dir.path().join("p.toml")).unwrap();
    assert!(
        text.contains("primero_host = \"cpims.example.org\""),
        "{text}"
    );
}

/// Every typed answer the configuration reads is checked at its question by the shape the
/// export checks it with, so neither can drift from the other.
#[test]
fn each_configuration_answer_names_the_export_check() {
    use hostplan::core::questionnaire::Kind;
    use hostplan::export::config::settings::QUESTION_SHAPES;
    let model = wizard::model();
    for (id, shape) in QUESTION_SHAPES {
        let q = model.questionnaire.question(id).unwrap();
        if matches!(q.kind, Kind::Text | Kind::Email | Kind::Domain) {
            assert_eq!(q.value_check, Some(*shape), "{id}");
        }
    }
}

/// An export refused for an answer that clashes with another (OpenFn at Primero's own
/// address) puts the cursor on the problem, and Enter opens the question it names.
#[test]
fn enter_on_an_export_problem_opens_its_question() {
    use crossterm::event::KeyEvent;
    let model = wizard::model();
    let mut plan = wizard::demo(&model);
    let host = plan.answers["primero_host"].clone();
    plan.answers.insert("openfn_host".into(), host);
    let (mut app, record) = wizard::app(&model, plan, ThemeName::Default);
    record.borrow_mut().check_config = true;
    app.handle_key(KeyEvent::from(KeyCode::F(9)));
    press(&mut app, &[KeyCode::End, KeyCode::Enter]);
    let report = app.export.report.clone().unwrap();
    assert!(report.written.is_empty(), "{report:?}");
    let at = app.export.problem.expect("the first problem is chosen");
    assert_eq!(report.problems[at].id.as_deref(), Some("openfn_host"));
    // Up leaves the problems for the form, Down comes back to them.
    press(&mut app, &[KeyCode::Up, KeyCode::Down]);
    assert_eq!(app.export.problem, Some(at));
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(app.screen, hostplan::tui::Screen::Questions);
    assert_eq!(app.current().unwrap().id, "openfn_host");
}

/// The wizard drawn at 120x35, row by row.
fn screen(app: &mut hostplan::tui::App) -> String {
    let terminal = wizard::render(app, 120, 35);
    let buffer = terminal.backend().buffer();
    let cells: Vec<&str> = buffer.content().iter().map(|c| c.symbol()).collect();
    cells.chunks(120).map(|row| row.concat() + "\n").collect()
}

/// The demo plan with OpenFn at Primero's own address: every required question answered,
/// but the export refuses it.
fn clashing_plan(model: &hostplan::core::model::Model) -> hostplan::core::plan::Plan {
    let mut plan = wizard::demo(model);
    let host = plan.answers["primero_host"].clone();
    plan.answers.insert("openfn_host".into(), host);
    plan
}

/// Past the last question, a plan the export would refuse is not called complete: the
/// export's errors are listed in `check`'s words, and Enter opens the question of one.
#[test]
fn the_end_screen_lists_what_the_export_would_refuse_and_enter_opens_it() {
    let model = wizard::model();
    let (mut app, _) = wizard::app(&model, clashing_plan(&model), ThemeName::Default);
    for _ in 0..20 {
        press(&mut app, &[KeyCode::PageDown]);
    }
    assert!(app.current().is_none(), "the end screen");
    let errors = app.answer_errors();
    let ids: Vec<_> = errors.iter().map(|p| p.id.clone().unwrap()).collect();
    assert_eq!(ids, ["openfn_host"]);
    let shown = screen(&mut app);
    assert!(shown.contains("[openfn_host]"), "{shown}");
    assert!(
        shown.contains("❯ ✗ [openfn_host]"),
        "the problem is chosen: {shown}"
    );
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(app.screen, hostplan::tui::Screen::Questions);
    assert_eq!(app.current().unwrap().id, "openfn_host");

    // The demo itself is complete, and Enter there still opens the decision.
    let (mut app, _) = wizard::app(&model, wizard::demo(&model), ThemeName::Default);
    for _ in 0..20 {
        press(&mut app, &[KeyCode::PageDown]);
    }
    assert!(app.answer_errors().is_empty());
    assert!(!screen(&mut app).contains("[openfn_host]"));
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(app.screen, hostplan::tui::Screen::Decision);
}

/// `ask` at its results does not call a plan the export would refuse ready: it lists the
/// export's errors in `check`'s words, and its first menu entry opens that question.
#[test]
fn ask_lists_what_the_export_would_refuse_and_opens_its_question() {
    let dir = tempfile::tempdir().unwrap();
    let clash = DEMO_PLAN.replace(
        "openfn_host = \"openfn.mosw.gov.kl\"",
        "openfn_host = \"cpims.mosw.gov.kl\"",
    );
    assert_ne!(clash, DEMO_PLAN);
    std::fs::write(dir.path().join("p.toml"), &clash).unwrap();
    let (_, out, err) = hostplan(dir.path(), &["ask", "p.toml"], "1\nopenfn.example.org\n");
    let message = export_message("openfn_host", "cpims.mosw.gov.kl");
    assert!(
        out.contains(&format!("error [openfn_host]: {message}")),
        "{out}\n{err}"
    );
    assert!(
        out.contains("1. Open the question that keeps the plan from being complete (openfn_host)"),
        "{out}"
    );
    let text = std::fs::read_to_string(dir.path().join("p.toml")).unwrap();
    assert!(
        text.contains("openfn_host = \"openfn.example.org\""),
        "{text}"
    );
}

/// Two answers checked together: OpenFn at Primero's own host name is refused when it is
/// typed, in either order, in the export's words.
#[test]
fn the_wizard_refuses_openfn_at_primeros_host_name_at_the_question() {
    let primero = "cpims.mosw.gov.kl";
    assert!(DEMO_PLAN.contains(&format!("primero_host = \"{primero}\"")));
    let message = wizard_refusal("openfn_host", primero);
    assert_eq!(message, export_message("openfn_host", primero));
    let openfn = "openfn.mosw.gov.kl";
    assert!(DEMO_PLAN.contains(&format!("openfn_host = \"{openfn}\"")));
    let message = wizard_refusal("primero_host", openfn);
    assert!(message.contains(openfn), "{message}");
}
