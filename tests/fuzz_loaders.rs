//! A fuzz target for each loader, on stable Rust: proptest mutates the shipped files (byte
//! flips, truncation, spliced and repeated lines, control characters, random TOML or YAML
//! fragments) and hands the result to the loader as a library call. Whatever comes in, a
//! loader gives a value or problems: never a panic, and every problem placed inside the
//! text it read (a line that exists, a column on that line, or 0:0 for the whole file).
//!
//! The number of cases per target is HOSTPLAN_FUZZ_CASES (default [`DEFAULT_CASES`],
//! which keeps the harness well under a minute in a debug build). The default run uses a
//! fixed seed, so CI is repeatable; HOSTPLAN_FUZZ_SEED=N picks another, and a run with
//! HOSTPLAN_FUZZ_CASES set and no seed draws a fresh one. docs/fuzzing.md has the commands.

use crate::common::config as handover;

use hostplan::analysis::Analysis;
use hostplan::base::diag::{Problem, Source};
use hostplan::base::strings::Strings;
use hostplan::core::builtin::{Catalog, DEMO_PLAN, QUESTIONNAIRES};
use hostplan::core::model::{Companions, Model};
use hostplan::core::plan::{Completeness, Plan};
use hostplan::core::questionnaire::{self, Questionnaire};
use hostplan::core::sizing::{BUILTIN_SIZING, SizingInput, SizingRules};
use hostplan::export::config::{self, FolderText, Unreadable, ready};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};
use std::sync::OnceLock;

/// Cases per target in the default run: about 15 s for the whole harness in a debug build.
const DEFAULT_CASES: u32 = 600;

/// A fixed seed for the default run, so CI sees the same inputs every time.
const DEFAULT_SEED: u64 = 0x5eed_f00d_2026;

fn runner(cases_default: u32) -> TestRunner {
    let long = std::env::var("HOSTPLAN_FUZZ_CASES").ok();
    let cases = long
        .as_deref()
        .map(|n| n.parse().expect("HOSTPLAN_FUZZ_CASES is a whole number"))
        .unwrap_or(cases_default);
    let seed = match std::env::var("HOSTPLAN_FUZZ_SEED") {
        Ok(n) => RngSeed::Fixed(n.parse().expect("HOSTPLAN_FUZZ_SEED is a whole number")),
        Err(_) if long.is_some() => RngSeed::Random,
        Err(_) => RngSeed::Fixed(DEFAULT_SEED),
    };
    TestRunner::new(Config {
        cases,
        rng_seed: seed,
        // A failure is turned into a case of tests/bad_inputs.rs, not a file kept here.
        failure_persistence: None,
        // Shrinking re-runs slow loaders; a minute of it gives a readable input.
        max_shrink_time: 60_000,
        ..Config::default()
    })
}

/// Runs `check` on `cases` inputs from `strategy`; a failure shows the input it shrank to.
fn fuzz<S: Strategy>(cases: u32, strategy: S, check: impl Fn(S::Value) -> Result<(), String>)
where
    S::Value: std::fmt::Debug,
{
    let mut runner = runner(cases);
    let result = runner.run(&strategy, |input| check(input).map_err(TestCaseError::fail));
    if let Err(e) = result {
        panic!("{e}");
    }
}

// ---------------------------------------------------------------------------------------
// Mutations
// ---------------------------------------------------------------------------------------

/// Pieces of TOML a hand edit or a damaged file brings: syntax, odd numbers and dates,
/// keys of the formats, control and bidi characters.
const TOML_PIECES: &[&str] = &[
    "\"",
    "'",
    "[",
    "]",
    "[[",
    "]]",
    "{",
    "}",
    "=",
    ",",
    ".",
    "\n",
    "\r\n",
    "\r",
    "#",
    " ",
    "\t",
    "é",
    "中",
    "\u{300}",
    "\u{0}",
    "\u{7}",
    "\u{1b}[2J",
    "\u{7f}",
    "\u{85}",
    "\u{202e}",
    "\u{2066}",
    "\u{feff}",
    "\\",
    "\\u00e9",
    "\\U0010FFFF",
    "\\ud800",
    "\"\"\"",
    "'''",
    "-",
    "+",
    "_",
    "1e999",
    "-1e999",
    "1e308",
    "9999999999999999999999",
    "-9223372036854775808",
    "0x7FFFFFFFFFFFFFFF",
    "0o777",
    "0b102",
    "1__0",
    "nan",
    "-nan",
    "+inf",
    "-inf",
    "-0.0",
    "true",
    "false",
    "2027-02-30",
    "2027-13-01",
    "1979-05-27T07:32:00Z",
    "07:32:00",
    "1979-05-27T25:00:00",
    "= 1",
    "= \"x\"",
    "= []",
    "= {}",
    "= [1, \"a\"]",
    "a.b.c = 1",
    "[answers]",
    "[[sections]]",
    "[[sections.questions]]",
    "[[tasks]]",
    "[[rules]]",
    "[conditions]",
    "id = \"x\"",
    "id = \"records\"",
    "kind = \"date\"",
    "kind = \"integer\"",
    "default = 5",
    "min = 9",
    "max = -9",
    "max_length = 0",
    "required = \"yes\"",
    "show_if",
    "one_of",
    "equals",
    "at_least",
    "below",
    "not",
    "all = []",
    "any = []",
    "{ condition = \"a\" }",
    "{ question = \"hosting\", equals = \"saas\" }",
    "{ question = \"data_residency\", one_of = [\"law\"] }",
    "format = 3",
    "questionnaire = \"primero\"",
    "after = [\"kickoff\"]",
    "days = -1",
    "owner = \"x\"",
    "block = [\"saas\"]",
    "points = { saas = 1.0 }",
    "falls_on = [\"task:go_live\"]",
];

/// Pieces of YAML and env files, for the config folder.
const YAML_PIECES: &[&str] = &[
    "'",
    "\"",
    ":",
    ": ",
    " #",
    "#",
    "-",
    "- ",
    "\t",
    "\n",
    "\r\n",
    "  ",
    "    ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "|",
    "|-",
    ">",
    ">-",
    "*",
    "&a ",
    "*a",
    "<<: *a",
    "!",
    "!!str ",
    "!!binary ",
    "? ",
    "$",
    "=",
    "é",
    "中",
    "\u{300}",
    "\u{0}",
    "\u{1b}",
    "\u{85}",
    "\u{2028}",
    "\u{202e}",
    "\u{feff}",
    "yes",
    "no",
    "on",
    "true",
    "~",
    "null",
    ".nan",
    ".inf",
    "0o17",
    "0x1F",
    "1e400",
    "''",
    "\\",
    "\\x",
    "\\u00",
    "\\U0001F600",
    "---",
    "---\n",
    "...",
    "...\n",
    "%YAML 1.2\n",
    "%TAG ! tag:x,2000:\n",
    "key: value\n",
    "- [a, b]\n",
    "{a: 1, b: 2}",
    "'true'",
    "'false'",
    "'smtp'",
    "':smtp'",
    "use_lets_encrypt: false\n",
    "primero_host: ''\n",
    "X=1\n",
    "=1\n",
    "export X=1\n",
    "X='1'\n",
    "X=\"1\"\n",
    "X",
    "-----BEGIN CERTIFICATE-----\n",
    "-----END CERTIFICATE-----\n",
    "MIIB",
    "====",
];

/// One change to a file.
#[derive(Clone, Debug)]
enum Op {
    /// Flips one bit of one byte: may leave invalid UTF-8.
    FlipBit(Index, u8),
    /// Sets one byte to any value.
    SetByte(Index, u8),
    Truncate(Index),
    DeleteRange(Index, usize),
    /// Inserts a piece of the file's own language.
    Insert(Index, Index),
    /// Inserts a control character (C0, DEL or C1).
    Control(Index, u8),
    /// Copies a line to after another.
    CopyLine(Index, Index),
    DeleteLine(Index),
    SwapLines(Index, Index),
    /// Inserts a line of another shipped file.
    ForeignLine(Index, Index, Index),
    /// A run of random pieces: a made-up fragment of the language.
    Fragment(Index, Vec<Index>),
    /// Nests brackets deep, for parsers that recurse.
    Nest(Index, usize),
    /// Repeats a stretch of text many times, for long lines and long files.
    Repeat(Index, usize, usize),
}

fn op() -> impl Strategy<Value = Op> {
    let i = any::<Index>;
    prop_oneof![
        1 => (i(), 0u8..8).prop_map(|(a, b)| Op::FlipBit(a, b)),
        1 => (i(), any::<u8>()).prop_map(|(a, b)| Op::SetByte(a, b)),
        1 => i().prop_map(Op::Truncate),
        1 => (i(), 1usize..200).prop_map(|(a, n)| Op::DeleteRange(a, n)),
        4 => (i(), i()).prop_map(|(a, b)| Op::Insert(a, b)),
        1 => (i(), prop_oneof![0u8..0x20, Just(0x7f)]).prop_map(|(a, b)| Op::Control(a, b)),
        1 => (i(), i()).prop_map(|(a, b)| Op::CopyLine(a, b)),
        1 => i().prop_map(Op::DeleteLine),
        1 => (i(), i()).prop_map(|(a, b)| Op::SwapLines(a, b)),
        1 => (i(), i(), i()).prop_map(|(a, b, c)| Op::ForeignLine(a, b, c)),
        2 => (i(), prop::collection::vec(i(), 1..12)).prop_map(|(a, v)| Op::Fragment(a, v)),
        1 => (i(), 1usize..3000).prop_map(|(a, n)| Op::Nest(a, n)),
        1 => (i(), 1usize..80, 1usize..3000).prop_map(|(a, len, n)| Op::Repeat(a, len, n)),
    ]
}

/// A few changes: most damaged files have one or two.
fn ops() -> impl Strategy<Value = Vec<Op>> {
    prop::collection::vec(op(), 1..5)
}

/// Byte offsets where each line starts, and the end.
fn line_starts(b: &[u8]) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(
        b.iter()
            .enumerate()
            .filter(|(_, c)| **c == b'\n')
            .map(|(i, _)| i + 1),
    );
    if *starts.last().unwrap() != b.len() {
        starts.push(b.len());
    }
    starts
}

/// The bytes of line `n` (with its newline), as a range.
fn line_range(b: &[u8], n: &Index) -> std::ops::Range<usize> {
    let starts = line_starts(b);
    let k = n.index(starts.len().max(2) - 1);
    starts[k]..starts.get(k + 1).copied().unwrap_or(b.len())
}

fn apply(base: &str, ops: &[Op], pieces: &[&str]) -> Vec<u8> {
    let mut b = base.as_bytes().to_vec();
    for op in ops {
        let at = |i: &Index, b: &Vec<u8>| i.index(b.len() + 1);
        match op {
            Op::FlipBit(i, bit) if !b.is_empty() => {
                let k = i.index(b.len());
                b[k] ^= 1 << bit;
            }
            Op::SetByte(i, v) if !b.is_empty() => {
                let k = i.index(b.len());
                b[k] = *v;
            }
            Op::Truncate(i) => b.truncate(at(i, &b)),
            Op::DeleteRange(i, n) => {
                let k = at(i, &b);
                b.drain(k..(k + n).min(b.len()));
            }
            Op::Insert(i, p) => {
                let k = at(i, &b);
                let piece = pieces[p.index(pieces.len())].as_bytes();
                b.splice(k..k, piece.iter().copied());
            }
            Op::Control(i, c) => {
                let k = at(i, &b);
                // DEL and C0 are one byte; 0x80..0x9F stand for C1, two bytes in UTF-8.
                let ch = if *c < 0x20 && c % 5 == 4 {
                    char::from_u32(0x80 + u32::from(*c)).unwrap()
                } else {
                    char::from(*c)
                };
                let mut buf = [0; 4];
                b.splice(k..k, ch.encode_utf8(&mut buf).bytes());
            }
            Op::CopyLine(from, to) => {
                let line = b[line_range(&b, from)].to_vec();
                let k = line_range(&b, to).end;
                b.splice(k..k, line);
            }
            Op::DeleteLine(n) => {
                let r = line_range(&b, n);
                b.drain(r);
            }
            Op::SwapLines(x, y) => {
                let (rx, ry) = (line_range(&b, x), line_range(&b, y));
                let (first, second) = if rx.start <= ry.start {
                    (rx, ry)
                } else {
                    (ry, rx)
                };
                if first.end <= second.start {
                    let (l1, l2) = (b[first.clone()].to_vec(), b[second.clone()].to_vec());
                    b.splice(second, l1);
                    b.splice(first, l2);
                }
            }
            Op::ForeignLine(i, file, line) => {
                let other = SEEDS[file.index(SEEDS.len())].as_bytes();
                let l = other[line_range(other, line)].to_vec();
                let k = line_range(&b, i).end;
                b.splice(k..k, l);
            }
            Op::Fragment(i, picks) => {
                let k = at(i, &b);
                let text: String = picks
                    .iter()
                    .map(|p| pieces[p.index(pieces.len())])
                    .collect();
                b.splice(k..k, text.into_bytes());
            }
            Op::Nest(i, n) => {
                let k = at(i, &b);
                let deep = format!("{}1{}", "[".repeat(*n), "]".repeat(*n));
                b.splice(k..k, deep.into_bytes());
            }
            Op::Repeat(i, len, n) => {
                let k = i.index(b.len().max(1));
                let end = (k + len).min(b.len());
                let piece = b[k.min(end)..end].repeat(*n);
                b.splice(end..end, piece);
            }
            _ => {}
        }
    }
    b
}

/// Writes the text about to be loaded to the file HOSTPLAN_FUZZ_LOG names, when set: a
/// stack overflow aborts the process before proptest can show the input.
fn trace(text: &str) {
    if let Some(path) = std::env::var_os("HOSTPLAN_FUZZ_LOG") {
        std::fs::write(path, text).expect("HOSTPLAN_FUZZ_LOG can be written");
    }
}

/// The text a loader gets: the CLI refuses invalid UTF-8 itself (tests/bad_inputs.rs), so
/// here it becomes replacement characters and the loaders still see the damage.
fn text_of(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes).into_owned();
    trace(&text);
    text
}

// ---------------------------------------------------------------------------------------
// Places
// ---------------------------------------------------------------------------------------

/// `Err` unless `p` is placed inside `text`: 0:0 (the whole file), or a line of the text
/// and a column from 1 to one past its last character.
fn inside(p: &Problem, text: &str) -> Result<(), String> {
    if p.line == 0 {
        return if p.column == 0 {
            Ok(())
        } else {
            Err(format!("column without a line: {p}"))
        };
    }
    let Some(line) = text.split('\n').nth(p.line - 1) else {
        let lines = text.split('\n').count();
        return Err(format!("line {} of {lines}: {p}", p.line));
    };
    let width = line.chars().count();
    if p.column == 0 || p.column > width + 1 {
        return Err(format!("column {} on a line of {width}: {p}", p.column));
    }
    Ok(())
}

fn all_inside(problems: &[Problem], text: &str) -> Result<(), String> {
    problems.iter().try_for_each(|p| inside(p, text))
}

/// Runs `f`, turning a panic into an `Err` with its message.
fn no_panic<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|e| {
        let said = e
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        format!("panicked: {said}")
    })
}

// ---------------------------------------------------------------------------------------
// Seeds
// ---------------------------------------------------------------------------------------

const PRIMERO: &str = QUESTIONNAIRES[0].1;
const MINI: &str = include_str!("fixtures/mini.toml");
const DECISION: &str = include_str!("../questionnaires/primero/decision.toml");
const MATRIX: &str = include_str!("../questionnaires/primero/responsibilities.toml");
const WORKPLAN: &str = include_str!("../questionnaires/primero/workplan.toml");
const CHECKLISTS: &str = include_str!("../questionnaires/primero/checklists.toml");
const FULLY_LOCAL: &str = include_str!("plans/fully-local.toml");
const SAAS: &str = include_str!("plans/saas-leaning.toml");

/// Every shipped text, for lines spliced from one file into another.
const SEEDS: &[&str] = &[
    PRIMERO,
    MINI,
    DECISION,
    MATRIX,
    WORKPLAN,
    CHECKLISTS,
    DEMO_PLAN,
    BUILTIN_SIZING,
];

fn shipped() -> &'static Questionnaire {
    static Q: OnceLock<Questionnaire> = OnceLock::new();
    Q.get_or_init(|| Catalog::builtin().unwrap().get("primero").unwrap().clone())
}

fn model() -> &'static Model {
    static M: OnceLock<Model> = OnceLock::new();
    M.get_or_init(|| {
        Model::load(shipped().clone(), &Companions::builtin())
            .unwrap()
            .0
    })
}

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2027, 1, 15).unwrap()
}

// ---------------------------------------------------------------------------------------
// Targets
// ---------------------------------------------------------------------------------------

/// Questionnaires: the shipped one and the test one, each as `questionnaire check` reads it.
#[test]
fn questionnaires() {
    let strategy = (prop_oneof![Just(PRIMERO), Just(MINI)], ops());
    fuzz(DEFAULT_CASES, strategy, |(base, ops)| {
        let text = text_of(&apply(base, &ops, TOML_PIECES));
        match no_panic(|| questionnaire::parse(Source::new("q.toml", &text)))? {
            Ok((_, warnings)) => all_inside(&warnings, &text),
            Err(problems) if problems.is_empty() => Err("refused without a reason".into()),
            Err(problems) => all_inside(&problems, &text),
        }
    });
}

/// The four companion files, one damaged at a time, read and cross-checked with the
/// shipped questionnaire as `--questionnaires DIR` does.
#[test]
fn companions() {
    let strategy = (0usize..4, ops());
    fuzz(DEFAULT_CASES / 2, strategy, |(which, ops)| {
        let mut c = Companions::builtin();
        let slot = match which {
            0 => &mut c.decision,
            1 => &mut c.responsibilities,
            2 => &mut c.workplan,
            _ => &mut c.checklists,
        };
        slot.1 = text_of(&apply(&slot.1.clone(), &ops, TOML_PIECES));
        let problems = match no_panic(|| Model::load(shipped().clone(), &c))? {
            Ok((_, warnings)) => warnings,
            Err(p) if p.is_empty() => return Err("refused without a reason".into()),
            Err(p) => p,
        };
        for p in &problems {
            let files = [&c.decision, &c.responsibilities, &c.workplan, &c.checklists];
            let Some((_, text)) = files.iter().find(|(o, _)| *o == p.origin) else {
                return Err(format!("placed in no file it read: {p}"));
            };
            inside(p, text)?;
        }
        Ok(())
    });
}

/// Plans: the demo and two test plans, parsed as partial and complete; a plan that loads
/// must save and load again to itself, and be analysed (decision, matrix, work plan,
/// sizing) without a panic.
#[test]
fn plans() {
    let strategy = (
        prop_oneof![Just(DEMO_PLAN), Just(FULLY_LOCAL), Just(SAAS)],
        ops(),
    );
    let q = shipped();
    fuzz(DEFAULT_CASES, strategy, |(base, ops)| {
        let text = text_of(&apply(base, &ops, TOML_PIECES));
        for completeness in [Completeness::Partial, Completeness::Complete] {
            let parsed = no_panic(|| {
                Plan::parse(
                    Source::new("p.toml", &text),
                    |id| (id == q.id).then_some(q),
                    completeness,
                )
            })?;
            let (plan, warnings) = match parsed {
                Ok(ok) => ok,
                Err(p) if p.is_empty() => return Err("refused without a reason".into()),
                Err(p) => {
                    all_inside(&p, &text)?;
                    continue;
                }
            };
            all_inside(&warnings, &text)?;
            let again = no_panic(|| plan.to_toml(q, false))?;
            let reloaded = Plan::parse(
                Source::new("again", &again),
                |id| (id == q.id).then_some(q),
                Completeness::Partial,
            );
            if reloaded.as_ref().map(|r| &r.0) != Ok(&plan) {
                return Err(format!("saving changed the plan:\n{again}"));
            }
            if completeness == Completeness::Partial {
                no_panic(|| Analysis::with_builtin_figures(model(), &plan.answers, today()))?;
            }
        }
        Ok(())
    });
}

/// Sizing figures as `size --rules FILE` reads them; figures that load size a few inputs,
/// small and large, without a panic.
#[test]
fn sizing_rules() {
    let inputs = (
        0u64..2_000_000_000,
        0u64..20_000_000,
        0u32..60,
        any::<bool>(),
    );
    fuzz(
        DEFAULT_CASES,
        (ops(), inputs),
        |(ops, (records, users, years, flags))| {
            let text = text_of(&apply(BUILTIN_SIZING, &ops, TOML_PIECES));
            let rules = match no_panic(|| SizingRules::parse(Source::new("r.toml", &text)))? {
                Ok((rules, warnings)) => {
                    all_inside(&warnings, &text)?;
                    rules
                }
                Err(p) if p.is_empty() => return Err("refused without a reason".into()),
                Err(p) => return all_inside(&p, &text),
            };
            let s = Strings::builtin();
            for input in [
                SizingInput::default(),
                SizingInput {
                    records,
                    users,
                    years,
                    managed_db: flags,
                    blob_storage: !flags,
                    openfn_self_hosted: flags,
                    sample_infrastructure: flags,
                    ..SizingInput::default()
                },
            ] {
                no_panic(|| rules.size(&input, s))?;
            }
            Ok(())
        },
    );
}

/// The demo's config folder as `export --config` writes it.
fn folder() -> &'static [FolderText] {
    static F: OnceLock<Vec<FolderText>> = OnceLock::new();
    F.get_or_init(|| handover::folder_texts(DEMO_PLAN))
}

/// Config folders as `check DIR` and `check DIR --ready` read them: one or two files
/// damaged (YAML, env, TOML summary), read from bytes the way `check` reads them, now
/// and then a file missing.
#[test]
fn config_folders() {
    let files = folder();
    let strategy = (
        any::<Index>(),
        ops(),
        prop::option::weighted(0.2, (any::<Index>(), ops())),
        prop::option::weighted(0.1, any::<Index>()),
    );
    fuzz(DEFAULT_CASES, strategy, |(pick, ops, second, gone)| {
        let mut edited = files.to_vec();
        let mut raw: Vec<(usize, Vec<u8>)> = Vec::new();
        for (pick, ops) in std::iter::once((pick, ops)).chain(second) {
            let k = pick.index(edited.len());
            let base = edited[k].text.clone().unwrap_or_default();
            let pieces = if edited[k].path.ends_with(".toml") {
                TOML_PIECES
            } else {
                YAML_PIECES
            };
            let bytes = apply(&base, &ops, pieces);
            // As `check` reads a file: a zero byte or invalid UTF-8 makes it unreadable.
            match config::text_from_bytes(bytes.clone()) {
                Ok(t) => {
                    edited[k].text = Some(t);
                    edited[k].unreadable = None;
                }
                Err(u) => {
                    edited[k].text = None;
                    edited[k].unreadable = Some(u);
                }
            }
            raw.push((k, bytes));
        }
        if let Some(g) = gone {
            let k = g.index(edited.len());
            edited[k].text = None;
            edited[k].unreadable = None;
        }
        let s = Strings::builtin();
        let (mut problems, _) = no_panic(|| config::check_folder("out", &edited, s))?;
        problems.extend(no_panic(|| {
            ready::check_ready("out", &edited, handover::now().timestamp(), s)
        })?);
        for p in &problems {
            if p.origin == "out" {
                inside(p, "")?;
                continue;
            }
            let Some(f) = edited
                .iter()
                .find(|f| format!("out/{}", f.path) == p.origin)
            else {
                return Err(format!("placed in no file of the folder: {p}"));
            };
            match (&f.text, &f.unreadable) {
                (Some(t), _) => inside(p, t)?,
                // Unreadable bytes are placed in the bytes as far as they are text.
                (None, Some(Unreadable::Binary { .. } | Unreadable::NotUtf8 { .. })) => {
                    let k = edited.iter().position(|e| e.path == f.path).unwrap();
                    let bytes = &raw.iter().rev().find(|(i, _)| *i == k).unwrap().1;
                    inside(p, &String::from_utf8_lossy(bytes))?;
                }
                _ => inside(p, "")?,
            }
        }
        Ok(())
    });
}
