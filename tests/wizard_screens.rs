//! Snapshots of every wizard screen at 80x24 and 160x48, the themes' styles, and drawing at
//! any size without a panic.

use crate::common;

use common::wizard::{self, ctrl, key, press, type_text};
use crossterm::event::KeyCode;
use hostplan::base::lang::Lang;
use hostplan::base::strings::Strings;
use hostplan::core::answer::Answer;
use hostplan::core::model::Model;
use hostplan::core::plan::Plan;
use hostplan::tui::start::Start;
use hostplan::tui::{App, Screen, Theme, ThemeName};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::{Color, Modifier};

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

/// How to reach a state from the model.
type Make = fn(&Model) -> App<'_>;

/// Every state worth a picture: a name and how to get there from a fresh app.
fn states() -> Vec<(&'static str, Make)> {
    vec![
        ("question_text", |m| fresh(m)),
        ("question_choice", |m| at(fresh(m), "rollout_scope")),
        ("question_number_error", |m| {
            let mut app = at(fresh(m), "expected_records");
            app.handle_key(ctrl('u'));
            type_text(&mut app, "lots");
            press(&mut app, &[KeyCode::Enter]);
            app
        }),
        ("question_multi", |m| {
            let mut app = at(fresh(m), "sensitive_data");
            press(
                &mut app,
                &[KeyCode::Char(' '), KeyCode::Down, KeyCode::Down],
            );
            press(&mut app, &[KeyCode::Char(' ')]);
            app
        }),
        ("question_level", |m| at(fresh(m), "cap_docker")),
        ("question_date", |m| at(fresh(m), "start_date")),
        ("question_prefilled", |m| at(fresh(m), "duration_years")),
        ("question_required_empty", |m| {
            let mut app = fresh(m);
            press(&mut app, &[KeyCode::Enter]);
            app
        }),
        ("end_of_questions", |m| demo(m)),
        ("end_of_questions_ruled_out", |m| {
            let text = include_str!("plans/ruled-out/residency-law-commits-saas.toml");
            wizard::app(m, wizard::plan_from(m, text), ThemeName::Default).0
        }),
        ("end_of_questions_unexplained", |m| {
            demo_choosing(m, Some("local"))
        }),
        ("question_adoption", |m| {
            at(demo_choosing(m, None), "chosen_option")
        }),
        ("question_adoption_ruled_out", |m| {
            let mut app = at(demo_choosing(m, None), "chosen_option");
            press(&mut app, &[KeyCode::Home]);
            app
        }),
        ("question_rationale_against", |m| {
            at(demo_choosing(m, Some("local")), "choice_rationale")
        }),
        ("decision", |m| screen(demo(m), 3)),
        ("decision_details", |m| {
            let mut app = screen(demo(m), 3);
            press(&mut app, &[KeyCode::Char('d')]);
            app
        }),
        ("readiness", |m| screen(demo(m), 4)),
        ("sizing", |m| screen(demo(m), 5)),
        ("costs", |m| screen(demo(m), 10)),
        // The total with the largest line 30% higher: the note names each option's line.
        ("costs_sensitivity", |m| scrolled(screen(demo(m), 10), 8)),
        // In Kenyan shillings, with a yearly budget two options go over.
        ("costs_in_kes_over_budget", |m| {
            let mut plan = wizard::demo(m);
            let date = chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
            for (id, answer) in [
                ("cost_currency", Answer::Text("KES".into())),
                ("cost_exchange_rate", Answer::Decimal(129.5)),
                ("cost_exchange_rate_date", Answer::Date(date)),
                ("budget_ongoing_usd", Answer::Integer(40_000)),
            ] {
                plan.answers.insert(id.into(), answer);
            }
            screen(wizard::app(m, plan, ThemeName::Default).0, 10)
        }),
        ("sizing_saas", |m| {
            let plan = wizard::plan_from(m, include_str!("plans/saas-leaning.toml"));
            screen(wizard::app(m, plan, ThemeName::Default).0, 5)
        }),
        ("responsibilities", |m| {
            let mut app = screen(demo(m), 6);
            press(&mut app, &[KeyCode::Down, KeyCode::Down]);
            app
        }),
        ("work_plan", |m| {
            let mut app = screen(demo(m), 7);
            for _ in 0..9 {
                press(&mut app, &[KeyCode::Down]);
            }
            app
        }),
        ("responsibilities_scrolled", |m| {
            scrolled(screen(demo(m), 6), 25)
        }),
        ("work_plan_scrolled", |m| scrolled(screen(demo(m), 7), 30)),
        ("checklists", |m| {
            // The webhook item: planned by the task that secures the webhooks.
            let mut app = screen(demo(m), 8);
            for _ in 0..6 {
                press(&mut app, &[KeyCode::Down]);
            }
            app
        }),
        ("checklists_open_reason", |m| {
            let mut plan = wizard::demo(m);
            let none = hostplan::core::answer::Answer::Choice("none".into());
            plan.answers.insert("openfn_webhook_auth".into(), none);
            let mut app = screen(wizard::app(m, plan, ThemeName::Default).0, 8);
            for _ in 0..6 {
                press(&mut app, &[KeyCode::Down]);
            }
            app
        }),
        ("export", |m| screen(demo(m), 9)),
        ("export_done", |m| {
            let mut app = screen(demo(m), 9);
            press(&mut app, &[KeyCode::End]);
            for _ in 0..4 {
                press(&mut app, &[KeyCode::Down]);
            }
            press(&mut app, &[KeyCode::Enter]);
            app
        }),
        ("help", |m| {
            let mut app = demo(m);
            press(&mut app, &[KeyCode::Char('?')]);
            app
        }),
        ("help_text_keys", |m| {
            let mut app = demo(m);
            press(&mut app, &[KeyCode::Char('?')]);
            for _ in 0..3 {
                press(&mut app, &[KeyCode::PageDown]);
            }
            app
        }),
        ("save_as", |m| {
            let mut app = demo(m);
            app.handle_key(ctrl('s'));
            app
        }),
        ("sections_pane", |m| {
            let mut app = fresh(m);
            press(&mut app, &[KeyCode::Tab, KeyCode::Down, KeyCode::Down]);
            app
        }),
    ]
}

fn fresh(m: &Model) -> App<'_> {
    wizard::app(
        m,
        Plan::new(&m.questionnaire, wizard::now()),
        ThemeName::Default,
    )
    .0
}

fn demo(m: &Model) -> App<'_> {
    wizard::app(m, wizard::demo(m), ThemeName::Default).0
}

/// The demo plan committed to `option` (no option chosen when `None`), with no reason
/// given for the choice.
fn demo_choosing<'m>(m: &'m Model, option: Option<&str>) -> App<'m> {
    let mut plan = wizard::demo(m);
    plan.answers.remove("choice_rationale");
    match option {
        Some(id) => plan
            .answers
            .insert("chosen_option".into(), Answer::Choice(id.into())),
        None => plan.answers.remove("chosen_option"),
    };
    wizard::app(m, plan, ThemeName::Default).0
}

fn at<'m>(mut app: App<'m>, id: &str) -> App<'m> {
    assert!(app.go_to(id), "{id} is shown");
    app
}

/// A table screen with the highlight moved `rows` down, past what a window shows.
fn scrolled(mut app: App<'_>, rows: usize) -> App<'_> {
    for _ in 0..rows {
        press(&mut app, &[KeyCode::Down]);
    }
    app
}

fn screen(mut app: App<'_>, f: u8) -> App<'_> {
    app.handle_key(key(KeyCode::F(f)));
    app
}

/// Snapshots of the states named (every state when none is) at each of `sizes`.
fn snapshot_states(names: &[&str], sizes: &[(u16, u16)]) {
    let model = wizard::model();
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path("snapshots/wizard");
    let wanted = |n: &str| names.is_empty() || names.contains(&n);
    settings.bind(|| {
        for (name, make) in states().into_iter().filter(|(n, _)| wanted(n)) {
            for &(w, h) in sizes {
                let mut app = make(&model);
                let terminal = wizard::render(&mut app, w, h);
                insta::assert_snapshot!(format!("{name}_{w}x{h}"), terminal.backend());
            }
        }
    });
}

/// The questionnaire and its data in `lang`, as the wizard loads them.
fn model_in(lang: Lang) -> Model {
    let cat = hostplan::session::catalog::catalog(None, lang).unwrap();
    let q = cat.get("primero").unwrap();
    hostplan::session::companions::model(q, None, lang)
        .unwrap()
        .unwrap()
}

/// The question and result screens in French and Portuguese at the workshop size: the
/// questionnaire, its data and every word around them in the language.
#[test]
fn question_and_result_screens_in_french_and_portuguese() {
    let names = [
        "question_text",
        "question_choice",
        "question_level",
        "decision",
        "readiness",
        "sizing",
        "workplan",
    ];
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path("snapshots/wizard");
    settings.bind(|| {
        for lang in [Lang::Fr, Lang::Pt] {
            hostplan::base::strings::use_language(lang);
            let model = model_in(lang);
            for (name, make) in states().into_iter().filter(|(n, _)| names.contains(n)) {
                let mut app = make(&model);
                let terminal = wizard::render(&mut app, 80, 24);
                let code = lang.code();
                insta::assert_snapshot!(format!("{code}_{name}_80x24"), terminal.backend());
            }
        }
        hostplan::base::strings::use_language(Lang::En);
    });
}

/// A workshop projector and a large monitor.
const LARGE: [(u16, u16); 2] = [(120, 35), (220, 60)];

#[test]
fn every_screen_at_both_sizes() {
    snapshot_states(&[], &SIZES);
}

/// The tables as a workshop projector and a large monitor show them: the cursor row, where
/// it stands among the rows and how many lie beyond the window.
#[test]
fn scrolled_tables_at_workshop_and_large_sizes() {
    let tables = ["responsibilities_scrolled", "work_plan_scrolled"];
    snapshot_states(&tables, &LARGE);
    let model = wizard::model();
    for (row, (_, make)) in ["Row 26 of", "Row 31 of"]
        .into_iter()
        .zip(states().into_iter().filter(|(n, _)| tables.contains(n)))
    {
        let mut app = make(&model);
        let text = wizard::render(&mut app, 120, 35).backend().to_string();
        assert!(text.contains(row), "{text}");
    }
}

/// Question screens as a workshop projector and a large monitor show them: the text at a
/// reading width, centred, with the help right below the answer.
#[test]
fn questions_at_workshop_and_large_sizes() {
    snapshot_states(
        &[
            "question_text",
            "question_choice",
            "question_level",
            "question_adoption",
            "question_adoption_ruled_out",
            "question_rationale_against",
        ],
        &LARGE,
    );
}

/// The end of the questions, complete or with points that keep the plan from being
/// complete (each a link to its question), and the decision in words and in detail, at the
/// sizes of a workshop projector and a large monitor.
#[test]
fn end_and_decision_at_workshop_and_large_sizes() {
    snapshot_states(
        &[
            "end_of_questions",
            "end_of_questions_ruled_out",
            "end_of_questions_unexplained",
            "decision",
            "decision_details",
        ],
        &LARGE,
    );
}

/// At 220x60 the help sat about 50 rows below the question; now it follows the answer,
/// and no line of the question pane is wider than the reading measure.
#[test]
fn help_stays_next_to_the_question_in_a_large_window() {
    let model = wizard::model();
    let mut app = at(fresh(&model), "rollout_scope");
    let rows: Vec<String> = wizard::render(&mut app, 220, 60)
        .backend()
        .buffer()
        .content()
        .chunks(220)
        .map(|row| row.iter().map(|c| c.symbol()).collect())
        .collect();
    let row_of = |text: &str| rows.iter().position(|r| r.contains(text)).unwrap();
    let prompt = &model
        .questionnaire
        .question("rollout_scope")
        .unwrap()
        .prompt;
    let first_words: String = prompt.chars().take(20).collect();
    let (asked, why) = (row_of(&first_words), row_of("Why we ask"));
    assert!(
        why > asked && why - asked < 15,
        "question at {asked}, help at {why}"
    );
    // The pane's text starts well in from the navigation pane: it is centred.
    let column = rows[why].find("Why we ask").unwrap();
    assert!(column > 60, "help starts at column {column}");
}

#[test]
fn the_start_screen_at_both_sizes() {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path("snapshots/wizard");
    settings.bind(|| {
        for (name, recent) in [
            ("start_first_time", None),
            ("start_resume", Some("plan-2027-01-04-1.toml (4 Jan 09:30)")),
        ] {
            for (w, h) in SIZES {
                let start = Start::new(recent.map(str::to_string), Lang::En);
                let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
                let theme = Theme::new(ThemeName::Default);
                terminal
                    .draw(|f| start.draw(f, Strings::builtin(), &theme))
                    .unwrap();
                insta::assert_snapshot!(format!("{name}_{w}x{h}"), terminal.backend());
            }
        }
    });
}

#[test]
fn a_small_window_asks_to_be_enlarged_and_recovers() {
    let model = wizard::model();
    let mut app = demo(&model);
    let small = wizard::render(&mut app, 79, 24);
    let text = small.backend().to_string();
    assert!(text.contains("needs at least 80 x 24"), "{text}");
    assert!(text.contains("79 x 24"));
    let big = wizard::render(&mut app, 80, 24);
    assert!(big.backend().to_string().contains("Sections"));
}

#[test]
fn no_size_makes_any_screen_panic() {
    let model = wizard::model();
    let widths = [0, 1, 2, 5, 20, 40, 79, 80, 81, 100, 139, 140, 220];
    let heights = [0, 1, 2, 3, 10, 23, 24, 25, 60];
    for (_, make) in states() {
        let mut app = make(&model);
        for w in widths {
            for h in heights {
                wizard::render(&mut app, w, h);
            }
        }
    }
    for w in widths {
        for h in heights {
            let start = Start::new(Some("a-very-long-plan-name.toml".into()), Lang::En);
            let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
            let theme = Theme::new(ThemeName::Default);
            terminal
                .draw(|f| start.draw(f, Strings::builtin(), &theme))
                .unwrap();
        }
    }
}

/// Every cell of a drawn screen.
fn cells(terminal: &Terminal<TestBackend>) -> Vec<ratatui::buffer::Cell> {
    terminal.backend().buffer().content().to_vec()
}

#[test]
fn the_monochrome_theme_has_no_colour_and_keeps_the_selection_visible() {
    let model = wizard::model();
    let (mut app, _) = wizard::app(&model, wizard::demo(&model), ThemeName::Monochrome);
    assert!(app.go_to("rollout_scope"));
    let terminal = wizard::render(&mut app, 80, 24);
    let all = cells(&terminal);
    assert!(
        all.iter()
            .all(|c| c.fg == Color::Reset && c.bg == Color::Reset),
        "no colour at all"
    );
    // Below the title bar, only the highlighted option is reversed, across its whole row.
    let buffer = terminal.backend().buffer();
    let reversed = |x: u16, y: u16| buffer[(x, y)].modifier.contains(Modifier::REVERSED);
    let rows: Vec<u16> = (1..24)
        .filter(|y| (0..80).any(|x| reversed(x, *y)))
        .collect();
    assert_eq!(rows.len(), 1, "one reversed row: {rows:?}");
    let width = (0..80).filter(|x| reversed(*x, rows[0])).count();
    assert!(width >= 40, "the highlight spans the row: {width} cells");
}

#[test]
fn a_prefilled_value_is_drawn_selected_without_colour() {
    let model = wizard::model();
    let (mut app, _) = wizard::app(
        &model,
        Plan::new(&model.questionnaire, wizard::now()),
        ThemeName::Monochrome,
    );
    assert!(app.go_to("duration_years"));
    let terminal = wizard::render(&mut app, 80, 24);
    let buffer = terminal.backend().buffer();
    let reversed: Vec<(u16, u16)> = (1..24)
        .flat_map(|y| (0..80).map(move |x| (x, y)))
        .filter(|p| buffer[*p].modifier.contains(Modifier::REVERSED))
        .collect();
    assert_eq!(
        reversed.len(),
        1,
        "only the value is reversed: {reversed:?}"
    );
    assert_eq!(buffer[reversed[0]].symbol(), "3");
    press(&mut app, &[KeyCode::End]);
    let terminal = wizard::render(&mut app, 80, 24);
    let buffer = terminal.backend().buffer();
    let any =
        (1..24).any(|y| (0..80).any(|x| buffer[(x, y)].modifier.contains(Modifier::REVERSED)));
    assert!(!any, "End keeps the value, no longer selected");
}

#[test]
fn the_high_contrast_theme_is_light_on_black() {
    let model = wizard::model();
    let (mut app, _) = wizard::app(&model, wizard::demo(&model), ThemeName::HighContrast);
    app.handle_key(key(KeyCode::F(4)));
    let terminal = wizard::render(&mut app, 80, 24);
    let all = cells(&terminal);
    let on_black = all.iter().filter(|c| c.bg == Color::Black).count();
    assert!(
        on_black * 10 > all.len() * 8,
        "most of the screen is on black"
    );
    assert!(
        all.iter()
            .all(|c| c.fg != Color::DarkGray && c.fg != Color::Gray)
    );
}

#[test]
fn progress_is_shown_by_symbols_not_colour_alone() {
    let model = wizard::model();
    let (mut app, _) = wizard::app(
        &model,
        Plan::new(&model.questionnaire, wizard::now()),
        ThemeName::Monochrome,
    );
    type_text(&mut app, "Kalmaria");
    press(&mut app, &[KeyCode::Enter]);
    let text = wizard::render(&mut app, 80, 24).backend().to_string();
    assert!(text.contains("◐ Programme context"), "{text}");
    assert!(text.contains("○ Budget"), "{text}");
    assert_eq!(app.screen, Screen::Questions);
}

/// Retitle, clear screen, C1 CSI, DEL and right-to-left overrides, as they could reach the
/// wizard in a file name, a save error or a paste.
const PAYLOAD: &str = "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}\u{7f}\u{202e}\u{2066}x";

fn unsafe_cells(terminal: &Terminal<TestBackend>) -> Vec<String> {
    cells(terminal)
        .iter()
        .map(|c| c.symbol().to_string())
        .filter(|s| s.chars().any(hostplan::base::terminal_safe::is_unsafe))
        .collect()
}

#[test]
fn no_screen_sends_a_control_character_or_bidi_override_to_the_terminal() {
    let model = wizard::model();
    let record = std::rc::Rc::new(std::cell::RefCell::new(wizard::Record::default()));
    record.borrow_mut().failing = Some(format!("disk full {PAYLOAD}"));
    let host = wizard::MemoryHost {
        record: std::rc::Rc::clone(&record),
        place: format!("plans/{PAYLOAD}.toml"),
    };
    let mut app = App::new(
        &model,
        Strings::builtin(),
        Theme::new(ThemeName::Default),
        wizard::demo(&model),
        format!("{PAYLOAD}.toml"),
        Box::new(host),
    );
    assert!(app.go_to("organisation"));
    app.handle_key(ctrl('u'));
    type_text(&mut app, PAYLOAD);
    let (mut seen, mut shown) = (Vec::new(), String::new());
    let keys = [2, 3, 4, 5, 6, 1].map(|f| key(KeyCode::F(f)));
    for k in [None]
        .into_iter()
        .chain(keys.map(Some))
        .chain([Some(ctrl('s'))])
    {
        if let Some(k) = k {
            app.handle_key(k);
            let _ = app.flush_save();
        }
        for (w, h) in SIZES {
            let terminal = wizard::render(&mut app, w, h);
            seen.extend(unsafe_cells(&terminal));
            shown.push_str(&terminal.backend().to_string());
        }
    }
    // The payload's plain letters are drawn, so the check above looked at it.
    assert!(shown.contains("pwned"), "{shown}");
    let start = Start::new(Some(format!("{PAYLOAD}.toml (4 Jan 09:30)")), Lang::En);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let theme = Theme::new(ThemeName::Default);
    terminal
        .draw(|f| start.draw(f, Strings::builtin(), &theme))
        .unwrap();
    seen.extend(unsafe_cells(&terminal));
    assert!(seen.is_empty(), "{seen:?}");
}

/// The decision screen speaks in words by default: no question ids and no scores until
/// the details are asked for, and then both.
#[test]
fn the_decision_shows_answers_in_words_and_ids_behind_details() {
    let model = wizard::model();
    let mut app = screen(demo(&model), 3);
    let plain = wizard::render(&mut app, 120, 60).backend().to_string();
    assert!(plain.contains("Your team: "), "{plain}");
    assert!(
        plain.contains("Your answer: Yes, a law requires it"),
        "{plain}"
    );
    assert!(
        !plain.contains("cap_linux_admin") && !plain.contains("score"),
        "{plain}"
    );
    press(&mut app, &[KeyCode::Char('d')]);
    let details = wizard::render(&mut app, 120, 60).backend().to_string();
    assert!(details.contains("[data_residency]"), "{details}");
    assert!(details.contains("score"), "{details}");
    press(&mut app, &[KeyCode::Char('d')]);
    assert_eq!(
        wizard::render(&mut app, 120, 60).backend().to_string(),
        plain
    );
}

/// With `--ascii` (and in the classic Windows console), every screen is drawn with ASCII
/// and letters only: no box drawing or symbol a console font may lack.
#[test]
fn the_ascii_look_draws_only_ascii_and_letters() {
    let model = wizard::model();
    for (name, make) in states() {
        let mut app = make(&model);
        app.theme = app.theme.with_ascii(true);
        let terminal = wizard::render(&mut app, 80, 24);
        let odd: Vec<String> = terminal
            .backend()
            .buffer()
            .content
            .iter()
            .map(|c| c.symbol().to_string())
            .filter(|s| !s.chars().all(|c| c.is_ascii() || c.is_alphabetic()))
            .collect();
        assert!(odd.is_empty(), "{name}: {odd:?}");
    }
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path("snapshots/wizard");
    settings.bind(|| {
        for (name, make) in states()
            .into_iter()
            .filter(|(n, _)| ["question_adoption", "work_plan", "costs"].contains(n))
        {
            let mut app = make(&model);
            app.theme = app.theme.with_ascii(true);
            let terminal = wizard::render(&mut app, 80, 24);
            insta::assert_snapshot!(format!("{name}_ascii_80x24"), terminal.backend());
        }
    });
}

/// On the Costs screen an option the answers rule out is drawn dim, its reason below the
/// table; the options still open are drawn as plain text.
#[test]
fn the_costs_screen_greys_the_ruled_out_option() {
    let model = wizard::model();
    let mut app = screen(demo(&model), 10);
    assert_eq!(app.screen, Screen::Costs);
    let terminal = wizard::render(&mut app, 160, 48);
    let buffer = terminal.backend().buffer();
    let rows: Vec<String> = buffer
        .content()
        .chunks(160)
        .map(|row| row.iter().map(|c| c.symbol()).collect())
        .collect();
    let y = rows.iter().position(|r| r.contains("Year 2")).unwrap();
    let style_of = |text: &str| {
        let x = rows[y].find(text).unwrap_or_else(|| panic!("no {text}"));
        // Columns count characters; box drawing is several bytes each.
        let column = rows[y][..x].chars().count() as u16;
        buffer[(column, y as u16)].fg
    };
    let theme = Theme::new(ThemeName::Default);
    // The demo rules out UNICEF's SaaS, not Tier 4: their amounts of year 2.
    let costs = app.analysis().costs.clone().expect("the demo is priced");
    let year_2 = |i: usize| hostplan::base::formats::group_thousands(costs.options[i].years[1]);
    assert!(!costs.options[0].ruled_out.is_empty() && costs.options[1].ruled_out.is_empty());
    assert_eq!(style_of(&year_2(0)), theme.dim.fg.unwrap());
    assert_ne!(style_of(&year_2(1)), theme.dim.fg.unwrap());
    let text = terminal.backend().to_string();
    assert!(text.contains("(ruled out: Case data must stay"), "{text}");
}
