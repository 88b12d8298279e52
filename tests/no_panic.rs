//! Random and mutated TOML fed to both loaders only ever gives a plan/questionnaire or
//! located problems: never a panic, never an unplaced error.

use crate::common;
use common::Rng;
use hostplan::base::diag::{Problem, Source};
use hostplan::core::builtin::{DEMO_PLAN, QUESTIONNAIRES};
use hostplan::core::plan::{Completeness, Plan};
use hostplan::core::questionnaire;

const PIECES: &[&str] = &[
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
    "#",
    " ",
    "é",
    "\u{0}",
    "-",
    "+",
    "1e999",
    "9999999999999999999999",
    "nan",
    "inf",
    "true",
    "2027-02-30",
    "1979-05-27T07:32:00Z",
    "\"\"\"",
    "\\u00e9",
    "show_if",
    "one_of",
    "not",
    "all = []",
    "kind = \"date\"",
    "default = 5",
    "id = \"x\"",
    "min = 9",
    "max = -9",
    "[answers]",
    "format = 3",
    "questionnaire = \"mini\"",
    "{ question = \"hosting\", equals = \"saas\" }",
];

fn mutate(rng: &mut Rng, text: &str) -> String {
    let mut s: Vec<char> = text.chars().collect();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(s.len() + 1);
        match rng.below(5) {
            0 => {
                let end = (at + rng.below(40)).min(s.len());
                s.drain(at..end);
            }
            1 | 2 => {
                let piece = PIECES[rng.below(PIECES.len())];
                s.splice(at..at, piece.chars());
            }
            3 => s.truncate(at),
            _ => {
                let from = rng.below(s.len() + 1);
                let end = (from + rng.below(60)).min(s.len());
                let copy: Vec<char> = s[from..end].to_vec();
                s.splice(at..at, copy);
            }
        }
    }
    s.into_iter().collect()
}

fn random_text(rng: &mut Rng) -> String {
    (0..rng.below(60))
        .map(|_| PIECES[rng.below(PIECES.len())])
        .collect()
}

fn assert_located(text: &str, problems: &[Problem], seed: u64) {
    assert!(
        !problems.is_empty(),
        "seed {seed}: rejected without a reason"
    );
    let lines = text.matches('\n').count() + 1;
    for p in problems {
        assert!(
            p.line >= 1 && p.line <= lines,
            "seed {seed}: line {} outside 1..={lines}: {p}",
            p.line
        );
        assert!(p.column >= 1, "seed {seed}: no column: {p}");
        assert!(!p.message().is_empty());
    }
}

fn check_questionnaire(text: &str, seed: u64) {
    if let Err(problems) = questionnaire::parse(Source::new("fuzz.toml", text)) {
        assert_located(text, &problems, seed);
    }
}

fn check_plan(q: &questionnaire::Questionnaire, text: &str, seed: u64) {
    for completeness in [Completeness::Partial, Completeness::Complete] {
        let result = Plan::parse(
            Source::new("fuzz.toml", text),
            |id| (id == q.id).then_some(q),
            completeness,
        );
        match result {
            Err(problems) => assert_located(text, &problems, seed),
            Ok((plan, _)) => {
                // Whatever loads must save and load again to the same plan.
                let again = plan.to_toml(q, false);
                let reloaded = Plan::parse(
                    Source::new("again", &again),
                    |id| (id == q.id).then_some(q),
                    Completeness::Partial,
                );
                assert_eq!(
                    reloaded.map(|r| r.0).as_ref(),
                    Ok(&plan),
                    "seed {seed}: round trip changed the plan:\n{again}"
                );
            }
        }
    }
}

#[test]
fn mutated_questionnaires_never_panic() {
    let seeds = [common::MINI, QUESTIONNAIRES[0].1];
    for (n, base) in seeds.iter().enumerate() {
        let rounds = if base.len() > 5000 { 400 } else { 3000 };
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ n as u64);
        for round in 0..rounds {
            let seed = rng.0;
            let text = if round % 10 == 0 {
                random_text(&mut rng)
            } else {
                mutate(&mut rng, base)
            };
            check_questionnaire(&text, seed);
        }
    }
}

#[test]
fn mutated_plans_never_panic() {
    let mini = common::mini();
    let shipped = questionnaire::parse(Source::new("shipped", QUESTIONNAIRES[0].1))
        .unwrap()
        .0;
    let mini_plan = "format = 1\nquestionnaire = \"mini\"\n[answers]\nhosting = \"tier4\"\nrecords = 150000\ngrowth = 4.5\nlanguages = [\"en\"]\ncap_docker = \"yes\"\nhost = \"a.example.org\"\ncontact = \"ops@example.org\"\nstart = \"2027-03-01\"\nname = \"Kalmaria\"\n";
    let cases = [(&mini, mini_plan, 3000), (&shipped, DEMO_PLAN, 600)];
    for (n, (q, base, rounds)) in cases.into_iter().enumerate() {
        let mut rng = Rng(0xD1B5_4A32_D192_ED03 ^ n as u64);
        for round in 0..rounds {
            let seed = rng.0;
            let text = if round % 10 == 0 {
                random_text(&mut rng)
            } else {
                mutate(&mut rng, base)
            };
            check_plan(q, &text, seed);
        }
    }
}

#[test]
fn mutated_decision_data_never_panics() {
    use hostplan::core::checklist::{BUILTIN_CHECKLISTS, Checklists};
    use hostplan::core::decision::{BUILTIN_RULES, Rules};
    use hostplan::core::responsibilities::{BUILTIN_MATRIX, Matrix};
    use hostplan::core::workplan::{BUILTIN_TASKS, Templates};
    let q = questionnaire::parse(Source::new("shipped", QUESTIONNAIRES[0].1))
        .unwrap()
        .0;
    let matrix = Matrix::builtin();
    let parties = matrix.party_ids();
    let activities = matrix.activity_ids();
    type Check<'a> = Box<dyn Fn(&str) -> Option<Vec<Problem>> + 'a>;
    let loaders: Vec<(&str, Check)> = vec![
        (
            BUILTIN_RULES,
            Box::new(|t| Rules::parse(Source::new("f", t), &q, &parties).err()),
        ),
        (
            BUILTIN_MATRIX,
            Box::new(|t| Matrix::parse(Source::new("f", t), &q).err()),
        ),
        (
            BUILTIN_TASKS,
            Box::new(|t| Templates::parse(Source::new("f", t), &q, &parties, &activities).err()),
        ),
        (
            BUILTIN_CHECKLISTS,
            Box::new(|t| Checklists::parse(Source::new("f", t), &parties, None).err()),
        ),
    ];
    for (n, (base, load)) in loaders.iter().enumerate() {
        assert!(load(base).is_none(), "the shipped file {n} loads");
        let mut rng = Rng(0xA076_1D64_78BD_642F ^ n as u64);
        for round in 0..250 {
            let seed = rng.0;
            let text = if round % 10 == 0 {
                random_text(&mut rng)
            } else {
                mutate(&mut rng, base)
            };
            if let Some(problems) = load(&text) {
                assert_located(&text, &problems, seed);
            }
        }
    }
}
