//! How long the PDF work plan of the demo plan takes, and how large it is.
//!
//! Run with `cargo bench --bench pdf`. It renders the demo plan in memory (the first
//! render also reads the fonts), then runs `hostplan export --demo --pdf` as a user
//! would, in English and in Arabic (shaped, and set from the right), and fails if a
//! budget is missed: in English 100 ms for the export and 300 KB for the file, in Arabic
//! 150 ms and 600 KB. The budget is judged on the fastest run, the best estimate of the
//! cost itself on a machine that other work slows down now and then; the median is shown
//! too.

use chrono::DateTime;
use hostplan::base::diag::Source;
use hostplan::core::builtin::{Catalog, DEMO_PLAN, demo_origin};
use hostplan::core::model::{Companions, Model};
use hostplan::core::plan::{Completeness, Plan};
use hostplan::export::pdf;
use hostplan::export::{self, Context};
use std::process::Command;
use std::time::{Duration, Instant};

const RUNS: usize = 20;
const BUDGET: Duration = Duration::from_millis(100);
const SIZE_BUDGET: usize = 300 * 1024;
const ARABIC_BUDGET: Duration = Duration::from_millis(150);
const ARABIC_SIZE_BUDGET: u64 = 600 * 1024;

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
    let command = command_times("en").0;
    let (arabic, arabic_size) = command_times("ar");

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
    println!(
        "`hostplan --lang ar export --demo --pdf`, {} runs: median {}, fastest {}, slowest {}; {arabic_size} bytes ({:.1} KB)",
        arabic.len(),
        ms(arabic[arabic.len() / 2]),
        ms(arabic[0]),
        ms(arabic[arabic.len() - 1]),
        arabic_size as f64 / 1024.0
    );
    let mut missed = Vec::new();
    if command[0] > BUDGET {
        missed.push(format!("the export takes more than {}", ms(BUDGET)));
    }
    if bytes.len() > SIZE_BUDGET {
        missed.push(format!("the file is larger than {SIZE_BUDGET} bytes"));
    }
    if arabic[0] > ARABIC_BUDGET {
        missed.push(format!(
            "the Arabic export takes more than {}",
            ms(ARABIC_BUDGET)
        ));
    }
    if arabic_size > ARABIC_SIZE_BUDGET {
        missed.push(format!(
            "the Arabic file is larger than {ARABIC_SIZE_BUDGET} bytes"
        ));
    }
    if !missed.is_empty() {
        eprintln!("over budget: {}", missed.join("; "));
        std::process::exit(1);
    }
}

/// The demo PDF, the time of its first render, and the times of `RUNS` more, fastest first.
fn render_times(ctx: &Context) -> (Vec<u8>, Duration, Vec<Duration>) {
    let started = Instant::now();
    let bytes = pdf::render(ctx, &pdf::Options::default()).expect("the demo renders");
    let first = started.elapsed();
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let started = Instant::now();
        let again = pdf::render(ctx, &pdf::Options::default()).expect("the demo renders");
        times.push(started.elapsed());
        assert_eq!(again, bytes, "renders are reproducible");
    }
    times.sort();
    (bytes, first, times)
}

/// Wall time of the whole command in `lang`, from start to the file written, fastest
/// first, and the size of the file.
fn command_times(lang: &str) -> (Vec<Duration>, u64) {
    let dir = std::env::temp_dir().join(format!("hostplan-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let mut times: Vec<Duration> = (0..10)
        .map(|_| {
            let started = Instant::now();
            let out = Command::new(env!("CARGO_BIN_EXE_hostplan"))
                .args(["--lang", lang, "export", "--demo", "--pdf", "demo.pdf"])
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
    let size = std::fs::metadata(dir.join("demo.pdf")).map_or(0, |m| m.len());
    let _ = std::fs::remove_dir_all(&dir);
    times.sort();
    (times, size)
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}
