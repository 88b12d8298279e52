//! `hostplan check DIR` on mangled files: whatever a hand edit does, the check reports
//! problems and never panics.

use crate::common;
use crate::common::config as handover;

use common::Rng;
use hostplan::base::strings::Strings;
use hostplan::core::builtin::DEMO_PLAN;
use hostplan::export::config::{self, FolderText};

fn demo_files() -> Vec<FolderText> {
    handover::folder_texts(DEMO_PLAN)
}

/// Pieces a hand edit or a damaged file might bring.
const PIECES: &[&str] = &[
    "'", "\u{22}", ":", ": ", " #", "#", "-", "- ", "\t", "\n", "\r\n", "  ", "[", "]", "{", "}",
    ",", "|", ">", "*", "&", "!", "$", "=", "é", "中", "\u{300}", "yes", "true", "''", "\\", "---",
    "...",
];

fn mangle(text: &str, rng: &mut Rng) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..1 + rng.below(6) {
        let at = rng.below(chars.len() + 1);
        match rng.below(3) {
            0 => {
                let piece = PIECES[rng.below(PIECES.len())];
                chars.splice(at..at, piece.chars());
            }
            1 => {
                let end = (at + rng.below(20)).min(chars.len());
                chars.drain(at..end);
            }
            _ => {
                let line_end = chars[at..].iter().position(|c| *c == '\n');
                let end = line_end.map_or(chars.len(), |n| at + n);
                chars.drain(at..end);
            }
        }
    }
    chars.into_iter().collect()
}

#[test]
fn mangled_folders_never_panic() {
    let files = demo_files();
    let mut rng = Rng(0x5eed_c0f1);
    for round in 0..1000 {
        let mut edited = files.clone();
        let pick = rng.below(edited.len());
        let text = edited[pick].text.take().unwrap();
        edited[pick].text = Some(mangle(&text, &mut rng));
        if rng.below(10) == 0 {
            edited[rng.below(files.len())].text = None;
        }
        let result =
            std::panic::catch_unwind(|| config::check_folder("out", &edited, Strings::builtin()));
        assert!(
            result.is_ok(),
            "round {round} panicked on {}:\n{}",
            edited[pick].path,
            edited[pick].text.as_deref().unwrap_or("")
        );
    }
}

#[test]
fn the_untouched_folder_has_no_error() {
    let (problems, _) = config::check_folder("out", &demo_files(), Strings::builtin());
    assert!(problems.iter().all(|p| !p.is_error()), "{problems:#?}");
}
