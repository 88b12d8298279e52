//! How long the wizard takes to draw each screen at 200x60, and from a key press to the
//! next frame. Run with `cargo bench --bench wizard`; the numbers are recorded in
//! docs/performance.md.

#[path = "../tests/common/wizard.rs"]
#[allow(dead_code)]
mod wizard;

use crossterm::event::KeyCode;
use hostplan::core::model::Model;
use hostplan::core::plan::Plan;
use hostplan::tui::{self, App, ThemeName};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::time::{Duration, Instant};

const WIDTH: u16 = 200;
const HEIGHT: u16 = 60;
/// Timed runs of each case; BENCH_RUNS overrides it (a profiler needs far fewer).
fn runs() -> usize {
    std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(400)
        .max(1)
}

/// Cases whose name holds the first command-line word, as `cargo bench --bench wizard -- plan`.
fn wanted(name: &str) -> bool {
    let filter = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    filter.is_none_or(|f| name.contains(&f))
}
const TARGET: Duration = Duration::from_millis(1);

/// Median, 99th percentile and worst of `runs` timings of `step`.
fn measure(mut step: impl FnMut()) -> (Duration, Duration, Duration) {
    let runs = runs();
    for _ in 0..runs.min(20) {
        step();
    }
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            step();
            start.elapsed()
        })
        .collect();
    times.sort();
    (times[runs / 2], times[runs * 99 / 100], times[runs - 1])
}

fn report(name: &str, (median, p99, worst): (Duration, Duration, Duration)) {
    let flag = if p99 < TARGET {
        ""
    } else {
        "  over the 1 ms target"
    };
    println!(
        "{name:<34} median {:>7.1} µs   p99 {:>7.1} µs   worst {:>7.1} µs{flag}",
        median.as_secs_f64() * 1e6,
        p99.as_secs_f64() * 1e6,
        worst.as_secs_f64() * 1e6
    );
}

/// Times `step` and prints the result, if the case was asked for.
fn case(name: &str, step: impl FnMut()) {
    if wanted(name) {
        report(name, measure(step));
    }
}

fn draw(terminal: &mut Terminal<TestBackend>, app: &mut App) {
    terminal.draw(|f| tui::draw(f, app)).unwrap();
}

/// The demo plan open at question `id`.
fn at<'m>(model: &'m Model, demo: &Plan, id: &str) -> App<'m> {
    let (mut app, _) = wizard::app(model, demo.clone(), ThemeName::Default);
    app.go_to(id);
    app
}

/// Times a key and the frame after it, the two keys taking turns so each undoes the other.
fn alternate(name: &str, app: &mut App, terminal: &mut Terminal<TestBackend>, keys: [KeyCode; 2]) {
    let mut turn = 0;
    case(name, || {
        app.handle_key(wizard::key(keys[turn]));
        turn = 1 - turn;
        draw(terminal, app);
    });
}

fn main() {
    let model = wizard::model();
    let demo = wizard::demo(&model);
    println!(
        "hostplan wizard, {WIDTH}x{HEIGHT}, {} runs each (release build)\n",
        runs()
    );

    // Each screen is reached by a function key (F1 is the key list), or at a question.
    let screens: [(&str, Option<u8>, Option<&str>); 10] = [
        ("draw: question (text)", None, Some("programme_name")),
        ("draw: question (choice)", None, Some("data_residency")),
        ("draw: end of questions", None, None),
        ("draw: decision", Some(3), None),
        ("draw: readiness", Some(4), None),
        ("draw: sizing", Some(5), None),
        ("draw: responsibilities", Some(6), None),
        ("draw: work plan", Some(7), None),
        ("draw: export", Some(8), None),
        ("draw: key list", Some(1), None),
    ];
    for (name, f_key, question) in screens {
        let (mut app, _) = wizard::app(&model, demo.clone(), ThemeName::Default);
        if let Some(n) = f_key {
            app.handle_key(wizard::key(KeyCode::F(n)));
        }
        if let Some(id) = question {
            app.go_to(id);
        }
        let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
        case(name, || draw(&mut terminal, &mut app));
    }
    println!();

    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
    let mut app = at(&model, &demo, "data_residency");
    alternate(
        "key to frame: move in a list",
        &mut app,
        &mut terminal,
        [KeyCode::Down, KeyCode::Up],
    );

    let mut app = at(&model, &demo, "programme_name");
    case("key to frame: type in a field", || {
        app.handle_key(wizard::key(KeyCode::Char('x')));
        app.handle_key(wizard::key(KeyCode::Backspace));
        draw(&mut terminal, &mut app);
    });

    // Enter answers; Esc goes back to the question for the next run.
    let mut app = at(&model, &demo, "data_residency");
    alternate(
        "key to frame: answer, or go back",
        &mut app,
        &mut terminal,
        [KeyCode::Enter, KeyCode::Esc],
    );

    let (mut app, _) = wizard::app(&model, demo.clone(), ThemeName::Default);
    case("answer, then the decision redrawn", || {
        // The worst case: an answer, then a result screen that works everything out again.
        app.go_to("data_residency");
        app.handle_key(wizard::key(KeyCode::Enter));
        app.handle_key(wizard::key(KeyCode::F(3)));
        draw(&mut terminal, &mut app);
    });

    // What an answer costs on top in the real wizard: the plan written to a temporary file,
    // synced to disk, the old one kept as .bak, and renamed into place.
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("plan.toml");
    let text = demo.to_toml(&model.questionnaire, false);
    case("save the plan file (synced)", || {
        hostplan::store::save(&path, text.as_bytes()).unwrap();
    });

    let (mut app, _) = wizard::app(&model, demo, ThemeName::Default);
    app.handle_key(wizard::key(KeyCode::F(7)));
    case("key to frame: scroll the work plan", || {
        app.handle_key(wizard::key(KeyCode::Down));
        draw(&mut terminal, &mut app);
    });
}
