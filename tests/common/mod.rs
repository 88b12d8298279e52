#![allow(dead_code)]

use hostplan::diag::{Problem, Source};
use hostplan::questionnaire::{self, Questionnaire};

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
        .find(|p| p.is_error() && p.id.as_deref() == id && p.message.contains(words))
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
