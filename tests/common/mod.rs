pub mod certs;
pub mod config;
pub mod tmux;
pub mod wizard;

use hostplan::base::diag::{Problem, Source};
use hostplan::core::questionnaire::{self, Questionnaire};

pub const MINI: &str = include_str!("../fixtures/mini.toml");

pub fn mini() -> Questionnaire {
    questionnaire::parse(Source::new("mini.toml", MINI))
        .expect("the test fixture is valid")
        .0
}

/// 1-based line and column where `needle` first appears in `text`.
pub fn place_of(text: &str, needle: &str) -> (usize, usize) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` is not in the text"));
    Source::new("", text).locate(at)
}

pub fn line_of(text: &str, needle: &str) -> usize {
    place_of(text, needle).0
}

/// The one error about `id` whose message contains `words`; fails with every problem listed.
pub fn find<'a>(problems: &'a [Problem], id: Option<&str>, words: &str) -> &'a Problem {
    problems
        .iter()
        .find(|p| p.is_error() && p.id.as_deref() == id && p.message().contains(words))
        .unwrap_or_else(|| {
            let all: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
            panic!(
                "no error [{id:?}] containing `{words}` among:\n{}",
                all.join("\n")
            )
        })
}

/// A small deterministic generator, so a failing case can be replayed from its seed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// The hostplan binary, speaking English whatever the locale of the machine running the
/// tests: tests that want another language say so with `--lang` or the locale variables.
pub fn bin() -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_hostplan"));
    for name in LOCALE_VARIABLES {
        c.env_remove(name);
    }
    c
}

/// The variables the binary reads its language from.
pub const LOCALE_VARIABLES: [&str; 4] = ["LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"];

/// Whether an outside program a test drives (tmux, pdftotext, qpdf, ansible-inventory) can
/// be run. On a machine without it the test is skipped with a note; under CI, where
/// `.ci/run` installs every such program and sets HOSTPLAN_REQUIRE_TOOLS=1, a missing
/// program fails the test instead of skipping it.
pub fn have_tool(program: &str) -> bool {
    let found = std::process::Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("HOSTPLAN_REQUIRE_TOOLS").is_none(),
            "{program} is required here; .ci/run installs it"
        );
        eprintln!("skipped: {program} is not installed (.ci/run installs it)");
    }
    found
}

/// The text poppler's `pdftotext` extracts from the PDF at `path`, in reading order.
pub fn pdf_text(path: &std::path::Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}
