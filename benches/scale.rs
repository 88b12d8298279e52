//! How the cost of each step grows with the questionnaire: the shipped one (1x) and
//! copies of it 10 and 100 times as large (every section repeated with its section and
//! question ids renamed, so conditions in a copy test the questions of that copy).
//!
//! Run with `cargo bench --bench scale`. For each size it times, in memory and in a
//! release build: reading and checking the questionnaire with its data files (what
//! `questionnaire check` does), reading the demo plan against it (`plan validate`), the
//! analysis, the PDF work plan (`export --pdf`), and the wizard from the questionnaire
//! text to its first frame at 200x60. It fails when a step at 100x takes more than 12
//! times its time at 10x, or the wizard's first frame at 100x takes 100 ms or more.
//! Under the first two steps it also prints, without a target, the time the TOML reader
//! alone takes on the questionnaire and on the plan. `BENCH_RUNS=N` changes the number of runs (the fastest is reported).

#[path = "../tests/common/wizard.rs"]
#[allow(dead_code)]
mod wizard;

use hostplan::analysis::Analysis;
use hostplan::base::diag::Source;
use hostplan::core::builtin::{DEMO_PLAN, QUESTIONNAIRES, demo_origin};
use hostplan::core::model::{Companions, Model};
use hostplan::core::plan::{Completeness, Plan};
use hostplan::core::questionnaire;
use hostplan::export::pdf;
use hostplan::export::{self};
use hostplan::tui::{self, ThemeName};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::collections::HashSet;
use std::time::{Duration, Instant};

const SIZES: [usize; 3] = [1, 10, 100];
const GROWTH: f64 = 12.0;
const FIRST_FRAME: Duration = Duration::from_millis(100);

fn runs() -> usize {
    std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5)
        .max(1)
}

/// The shipped questionnaire with its sections repeated `n` times in all; copy k > 1
/// renames every section and question id `x` it holds to `x_k`.
fn scaled(n: usize) -> (String, String) {
    let text = QUESTIONNAIRES[0].1;
    let start = text.find("[[sections]]").expect("sections");
    let (head, body) = text.split_at(start);
    // Question ids are renamed wherever they are quoted (conditions test them); a section
    // id only on its own line, since options may share its name.
    let mut ids = HashSet::new();
    let mut table = "";
    for line in body.lines().map(str::trim) {
        if line.starts_with("[[") {
            table = line;
        }
        if let Some(rest) = line.strip_prefix("id = \"")
            && table == "[[sections.questions]]"
        {
            ids.insert(rest.trim_end_matches('"').to_string());
        }
    }
    let mut out = String::from(head);
    out.push_str(body);
    for k in 2..=n {
        let mut table = "";
        for line in body.split_inclusive('\n') {
            let trimmed = line.trim();
            if trimmed.starts_with("[[") {
                table = trimmed;
            }
            if table == "[[sections]]"
                && let Some(rest) = trimmed.strip_prefix("id = \"")
            {
                out.push_str(&format!("id = \"{}_{k}\"\n", rest.trim_end_matches('"')));
            } else if trimmed.starts_with("value_check = ") {
                // Names a check, some named like the question they serve: kept as it is.
                out.push_str(line);
            } else {
                out.push_str(&rename(line, &ids, k));
            }
        }
    }
    (out, scaled_plan(n, &ids))
}

/// The demo plan with every answer given again, under its renamed id, in each copy.
fn scaled_plan(n: usize, ids: &HashSet<String>) -> String {
    let mut out = String::from(DEMO_PLAN);
    let answers = &DEMO_PLAN[DEMO_PLAN.find("[answers]").expect("answers")..];
    for k in 2..=n {
        for line in answers.lines() {
            if let Some((key, value)) = line.split_once(" = ")
                && ids.contains(key)
            {
                out.push_str(&format!("{key}_{k} = {value}\n"));
            }
        }
    }
    out
}

/// `line` with every quoted word that is one of `ids` renamed for copy `k`; prompts and
/// other text are left alone.
fn rename(line: &str, ids: &HashSet<String>, k: usize) -> String {
    let mut copy = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while let Some(open) = rest.find('"') {
        copy.push_str(&rest[..=open]);
        rest = &rest[open + 1..];
        let word_end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let word = &rest[..word_end];
        if rest[word_end..].starts_with('"') && ids.contains(word) {
            copy.push_str(&format!("{word}_{k}\""));
            rest = &rest[word_end + 1..];
        }
    }
    copy.push_str(rest);
    copy
}

/// The fastest of `runs()` runs of `step`, and its last result.
fn fastest<R>(mut step: impl FnMut() -> R) -> (Duration, R) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..runs() {
        let started = Instant::now();
        let r = step();
        best = best.min(started.elapsed());
        last = Some(r);
    }
    (best, last.expect("at least one run"))
}

fn load(text: &str) -> Model {
    let q = questionnaire::parse(Source::new("scaled.toml", text))
        .expect("the scaled questionnaire is valid")
        .0;
    Model::load(q, &Companions::builtin())
        .expect("the shipped data fits it")
        .0
}

fn demo(model: &Model, text: &str) -> Plan {
    Plan::parse(
        Source::new(demo_origin(), text),
        |_| Some(&model.questionnaire),
        Completeness::Complete,
    )
    .expect("the demo plan is valid")
    .0
}

const STEPS: [&str; 5] = [
    "questionnaire check (read + data)",
    "plan validate (demo plan)",
    "analysis",
    "export --pdf (render)",
    "wizard: text to first frame",
];

/// Not steps with a target: the TOML reader's own share of the first two steps, the part
/// of their time hostplan's code does not choose.
const TOML_ONLY: [&str; 2] = [
    "  of which TOML parsing (questionnaire)",
    "  of which TOML parsing (plan)",
];

fn measure(n: usize) -> ([Duration; 5], [Duration; 2]) {
    let (text, plan_text) = scaled(n);
    let (toml_q, _) = fastest(|| toml::de::DeTable::parse(&text).is_ok());
    let (toml_plan, _) = fastest(|| toml::de::DeTable::parse(&plan_text).is_ok());
    let (check, model) = fastest(|| load(&text));
    let questions = model.questionnaire.questions().count();
    let (validate, plan) = fastest(|| demo(&model, &plan_text));
    let now = wizard::now();
    let (analysis, _) =
        fastest(|| Analysis::with_builtin_figures(&model, &plan.answers, now.date_naive()));
    let (render, bytes) = fastest(|| {
        export::with_context(&model, &plan, now, demo_origin(), |ctx| {
            pdf::render(ctx, &pdf::Options::default()).expect("renders")
        })
    });
    let (frame, _) = fastest(|| {
        let model = load(&text);
        let plan = demo(&model, &plan_text);
        let (mut app, _) = wizard::app(&model, plan, ThemeName::Default);
        let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("a terminal");
        terminal.draw(|f| tui::draw(f, &mut app)).expect("draws");
    });
    println!(
        "{n:>3}x: {} KB of questionnaire, {questions} questions, PDF {} KB",
        text.len() / 1024,
        bytes.len() / 1024
    );
    (
        [check, validate, analysis, render, frame],
        [toml_q, toml_plan],
    )
}

fn main() {
    println!(
        "hostplan at 1x, 10x and 100x the shipped questionnaire, fastest of {} runs (release build)\n",
        runs()
    );
    let (times, toml_times): (Vec<[Duration; 5]>, Vec<[Duration; 2]>) =
        SIZES.iter().map(|&n| measure(n)).unzip();
    println!(
        "\n{:<40} {:>10} {:>10} {:>10} {:>9}",
        "step", "1x", "10x", "100x", "100x/10x"
    );
    let mut missed = Vec::new();
    for (i, step) in STEPS.iter().enumerate() {
        let growth = row(step, [times[0][i], times[1][i], times[2][i]]);
        if growth > GROWTH {
            missed.push(format!("{step} grows {growth:.1} times from 10x to 100x"));
        }
        if i < TOML_ONLY.len() {
            let t = &toml_times;
            row(TOML_ONLY[i], [t[0][i], t[1][i], t[2][i]]);
        }
    }
    if times[2][4] >= FIRST_FRAME {
        missed.push(format!(
            "the wizard's first frame at 100x takes {:.1} ms",
            ms(times[2][4])
        ));
    }
    if !missed.is_empty() {
        eprintln!("over budget: {}", missed.join("; "));
        std::process::exit(1);
    }
}

/// Prints a row of the table; returns its growth from 10x to 100x.
fn row(step: &str, [a, b, c]: [Duration; 3]) -> f64 {
    let growth = c.as_secs_f64() / b.as_secs_f64();
    println!(
        "{step:<40} {:>7.1} ms {:>7.1} ms {:>7.1} ms {growth:>8.1}x",
        ms(a),
        ms(b),
        ms(c)
    );
    growth
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
