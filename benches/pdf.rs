//! How long the PDF work plan of the demo plan takes, and how large it is.
//!
//! Run with `cargo bench --bench pdf`. It renders the demo plan in memory (the first
//! render also reads the fonts), then runs `hostplan export --demo --pdf` as a user
//! would, and fails if a budget is missed: 100 ms for the export, 300 KB for the file.
//! The budget is judged on the fastest run, the best estimate of the cost itself on a
//! machine that other work slows down now and then; the median is shown too.

use chrono::DateTime;
use hostplan::base::diag::Source;
use hostplan::core::builtin::{Catalog, DEMO_PLAN, demo_origin};
use hostplan::core::model::{Companions, Model};
use hostplan::core::plan::{Completeness, Plan};
use hostplan::export::pdf::{self, Paper};
use hostplan::export::{self, Context};
use std::process::Command;
use std::time::{Duration, Instant};

const RUNS: usize = 20;
const BUDGET: Duration = Duration::from_millis(100);
const SIZE_BUDGET: usize = 300 * 1024;

fn main() {
    let q = Catalog::builtin()
        .expect("shipped questionnaires")
        .questionnaires[0]
        .clone();
    let plan = Plan::parse(
        Source::new(demo_origin(), DEMO_PLAN),
        |id| (id == q.id).then_some(&q),
        Completeness::Complete,
    )
    .expect("the demo plan is valid")
    .0;
    let model = Model::load(q.clone(), &Companions::builtin())
        .expect("shipped data")
        .0;
    let now = DateTime::from_timestamp(1_790_000_000, 0).expect("a valid time");
    let (bytes, first, times) =
        export::with_context(&model, &plan, now, demo_origin(), render_times);
    let command = command_times();

    println!(
        "demo PDF: {} bytes ({:.1} KB)",
        bytes.len(),
        bytes.len() as f64 / 1024.0
    );
    println!("render, first (reads the fonts): {}", ms(first));
    println!(
        "render, {RUNS} more: median {}, fastest {}, slowest {}",
        ms(times[RUNS / 2]),
        ms(times[0]),
        ms(times[RUNS - 1])
    );
    println!(
        "`hostplan export --demo --pdf`, {} runs: median {}, fastest {}, slowest {}",
        command.len(),
        ms(command[command.len() / 2]),
        ms(command[0]),
        ms(command[command.len() - 1])
    );
    let mut missed = Vec::new();
    if command[0] > BUDGET {
        missed.push(format!("the export takes more than {}", ms(BUDGET)));
    }
    if bytes.len() > SIZE_BUDGET {
        missed.push(format!("the file is larger than {SIZE_BUDGET} bytes"));
    }
    if !missed.is_empty() {
        eprintln!("over budget: {}", missed.join("; "));
        std::process::exit(1);
    }
}

/// The demo PDF, the time of its first render, and the times of `RUNS` more, fastest first.
fn render_times(ctx: &Context) -> (Vec<u8>, Duration, Vec<Duration>) {
    let started = Instant::now();
    let bytes = pdf::render(ctx, Paper::A4).expect("the demo renders");
    let first = started.elapsed();
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let started = Instant::now();
        let again = pdf::render(ctx, Paper::A4).expect("the demo renders");
        times.push(started.elapsed());
        assert_eq!(again, bytes, "renders are reproducible");
    }
    times.sort();
    (bytes, first, times)
}

/// Wall time of the whole command, from start to the file written.
fn command_times() -> Vec<Duration> {
    let dir = std::env::temp_dir().join(format!("hostplan-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let mut times: Vec<Duration> = (0..10)
        .map(|_| {
            let started = Instant::now();
            let out = Command::new(env!("CARGO_BIN_EXE_hostplan"))
                .args(["export", "--demo", "--pdf", "demo.pdf"])
                .env("SOURCE_DATE_EPOCH", "1790000000")
                .current_dir(&dir)
                .output()
                .expect("hostplan runs");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            started.elapsed()
        })
        .collect();
    let _ = std::fs::remove_dir_all(&dir);
    times.sort();
    times
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}
