//! `show_if` conditions on earlier answers.

use crate::base::formats::human_decimal;
use crate::base::key;
use crate::base::strings::{fill, get};
use crate::core::answer::Answer;

#[derive(Clone, Debug, PartialEq)]
pub enum Condition {
    Equals {
        question: String,
        value: CondValue,
    },
    OneOf {
        question: String,
        values: Vec<CondValue>,
    },
    /// The numeric answer is at least `limit`.
    AtLeast {
        question: String,
        limit: f64,
    },
    /// The numeric answer is below `limit`.
    Below {
        question: String,
        limit: f64,
    },
    Not(Box<Condition>),
    All(Vec<Condition>),
    Any(Vec<Condition>),
}

/// A value a condition compares an answer with: an option id, yes/partly/no, a text
/// or a number.
#[derive(Clone, Debug, PartialEq)]
pub enum CondValue {
    Text(String),
    Number(f64),
}

impl Condition {
    /// Whether the condition holds. `answer` gives the answer to a question, or `None`
    /// when it is unanswered or hidden.
    pub fn holds<'a>(&self, answer: &dyn Fn(&str) -> Option<&'a Answer>) -> bool {
        match self {
            Condition::Equals { question, value } => {
                answer(question).is_some_and(|a| matches(a, std::slice::from_ref(value)))
            }
            Condition::OneOf { question, values } => {
                answer(question).is_some_and(|a| matches(a, values))
            }
            Condition::AtLeast { question, limit } => answer(question)
                .and_then(number)
                .is_some_and(|x| x >= *limit),
            Condition::Below { question, limit } => answer(question)
                .and_then(number)
                .is_some_and(|x| x < *limit),
            Condition::Not(inner) => !inner.holds(answer),
            Condition::All(list) => list.iter().all(|c| c.holds(answer)),
            Condition::Any(list) => list.iter().any(|c| c.holds(answer)),
        }
    }

    /// The condition in plain words; see [`describe`].
    pub fn in_words(&self, is_list: &dyn Fn(&str) -> bool) -> String {
        describe(self, is_list)
    }

    /// Every question id the condition looks at.
    pub fn questions(&self) -> Vec<&str> {
        match self {
            Condition::Equals { question, .. }
            | Condition::OneOf { question, .. }
            | Condition::AtLeast { question, .. }
            | Condition::Below { question, .. } => {
                vec![question.as_str()]
            }
            Condition::Not(inner) => inner.questions(),
            Condition::All(list) | Condition::Any(list) => {
                list.iter().flat_map(Condition::questions).collect()
            }
        }
    }
}

/// A condition in plain words, for people filling in a plan by hand: "hosting_preference
/// is tier4 or undecided". Question and option ids are kept as they are, since those are
/// what the plan file holds. `is_list` tells a question answered with a list, where a
/// condition tests whether the list includes a value rather than equals it.
fn describe(condition: &Condition, is_list: &dyn Fn(&str) -> bool) -> String {
    match condition {
        Condition::Equals { question, value } => {
            test(question, std::slice::from_ref(value), false, is_list)
        }
        Condition::OneOf { question, values } => test(question, values, false, is_list),
        Condition::AtLeast { question, limit } => fill(
            key::common::condition::AT_LEAST,
            &[("question", question), ("value", &human_decimal(*limit))],
        ),
        Condition::Below { question, limit } => fill(
            key::common::condition::BELOW,
            &[("question", question), ("value", &human_decimal(*limit))],
        ),
        Condition::Not(inner) => match inner.as_ref() {
            Condition::Equals { question, value } => {
                test(question, std::slice::from_ref(value), true, is_list)
            }
            Condition::OneOf { question, values } => test(question, values, true, is_list),
            // Unanswered is neither at least nor below, so "not at least" is not "below".
            other => fill(
                key::common::condition::NOT,
                &[("condition", &describe(other, is_list))],
            ),
        },
        Condition::All(list) => joined(list, key::common::condition::ALL, is_list),
        Condition::Any(list) => joined(list, key::common::condition::ANY, is_list),
    }
}

/// `question is a or b`, or its negation; "includes" for a list answer.
fn test(
    question: &str,
    values: &[CondValue],
    negated: bool,
    is_list: &dyn Fn(&str) -> bool,
) -> String {
    let words: Vec<String> = values
        .iter()
        .map(|v| match v {
            CondValue::Text(t) => t.clone(),
            CondValue::Number(x) => human_decimal(*x),
        })
        .collect();
    let key = match (is_list(question), negated, words.len() > 1) {
        (false, false, _) => key::common::condition::IS,
        (false, true, false) => key::common::condition::IS_NOT,
        (false, true, true) => key::common::condition::IS_NEITHER,
        (true, false, _) => key::common::condition::INCLUDES,
        (true, true, false) => key::common::condition::EXCLUDES,
        (true, true, true) => key::common::condition::INCLUDES_NEITHER,
    };
    let list_key = if negated {
        key::common::condition::VALUES_NOR
    } else {
        key::common::condition::VALUES_OR
    };
    let value = match words.split_last() {
        Some((last, rest)) if !rest.is_empty() => fill(
            list_key,
            &[
                ("items", &rest.join(get(key::common::condition::SEPARATOR))),
                ("last", last),
            ],
        ),
        _ => words.concat(),
    };
    fill(key, &[("question", question), ("value", &value)])
}

/// Conditions joined with "and" or "or"; a compound inside a compound is bracketed, so
/// "a, or b and c" cannot be read two ways.
fn joined(list: &[Condition], key: &str, is_list: &dyn Fn(&str) -> bool) -> String {
    let parts: Vec<String> = list
        .iter()
        .map(|c| match c {
            Condition::All(_) | Condition::Any(_) => fill(
                key::common::condition::GROUP,
                &[("condition", &describe(c, is_list))],
            ),
            _ => describe(c, is_list),
        })
        .collect();
    match parts.split_last() {
        Some((last, rest)) if !rest.is_empty() => fill(
            key,
            &[
                ("items", &rest.join(get(key::common::condition::SEPARATOR))),
                ("last", last),
            ],
        ),
        _ => parts.concat(),
    }
}

fn number(answer: &Answer) -> Option<f64> {
    match answer {
        Answer::Integer(n) => Some(*n as f64),
        Answer::Decimal(x) => Some(*x),
        _ => None,
    }
}

fn matches(answer: &Answer, values: &[CondValue]) -> bool {
    match answer {
        Answer::Choices(chosen) => chosen.iter().any(|c| values.iter().any(|v| v.is_text(c))),
        Answer::Integer(n) => values.iter().any(|v| v.is_number(*n as f64)),
        Answer::Decimal(x) => values.iter().any(|v| v.is_number(*x)),
        other => {
            let text = other.to_plain();
            values.iter().any(|v| v.is_text(&text))
        }
    }
}

impl CondValue {
    fn is_text(&self, s: &str) -> bool {
        matches!(self, CondValue::Text(t) if t == s)
    }

    fn is_number(&self, x: f64) -> bool {
        matches!(self, CondValue::Number(n) if *n == x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::answer::Level;
    use std::collections::HashMap;

    fn eq(q: &str, v: &str) -> Condition {
        Condition::Equals {
            question: q.into(),
            value: CondValue::Text(v.into()),
        }
    }

    fn eval(c: &Condition, answers: &HashMap<&str, Answer>) -> bool {
        c.holds(&|id| answers.get(id))
    }

    #[test]
    fn equals_one_of_not_all_any() {
        let mut a = HashMap::new();
        a.insert("hosting", Answer::Choice("tier4".into()));
        a.insert("cap", Answer::Level(Level::Partly));
        a.insert("langs", Answer::Choices(vec!["en".into(), "fr".into()]));
        a.insert("records", Answer::Integer(150_000));

        assert!(eval(&eq("hosting", "tier4"), &a));
        assert!(!eval(&eq("hosting", "saas"), &a));
        assert!(eval(&eq("cap", "partly"), &a));
        assert!(
            eval(&eq("langs", "fr"), &a),
            "multi-choice equals means includes"
        );
        let one_of = Condition::OneOf {
            question: "hosting".into(),
            values: vec![
                CondValue::Text("local".into()),
                CondValue::Text("tier4".into()),
            ],
        };
        assert!(eval(&one_of, &a));
        let num = Condition::Equals {
            question: "records".into(),
            value: CondValue::Number(150000.0),
        };
        assert!(eval(&num, &a));
        assert!(eval(&Condition::Not(Box::new(eq("hosting", "saas"))), &a));
        assert!(eval(
            &Condition::All(vec![eq("hosting", "tier4"), eq("cap", "partly")]),
            &a
        ));
        assert!(!eval(
            &Condition::All(vec![eq("hosting", "tier4"), eq("cap", "no")]),
            &a
        ));
        assert!(eval(
            &Condition::Any(vec![eq("hosting", "saas"), eq("cap", "partly")]),
            &a
        ));
        assert!(!eval(
            &Condition::Any(vec![eq("hosting", "saas"), eq("cap", "no")]),
            &a
        ));
    }

    #[test]
    fn thresholds() {
        let mut a = HashMap::new();
        a.insert("budget", Answer::Integer(20_000));
        let at_least = |limit| Condition::AtLeast {
            question: "budget".into(),
            limit,
        };
        let below = |limit| Condition::Below {
            question: "budget".into(),
            limit,
        };
        assert!(eval(&at_least(20_000.0), &a));
        assert!(!eval(&at_least(20_001.0), &a));
        assert!(eval(&below(20_001.0), &a));
        assert!(!eval(&below(20_000.0), &a));
        assert!(
            !eval(&below(1.0), &HashMap::new()),
            "unanswered is never below"
        );
    }

    #[test]
    fn conditions_read_as_plain_words() {
        let lists = |id: &str| id == "langs";
        let one_of = |q: &str, vs: &[&str]| Condition::OneOf {
            question: q.into(),
            values: vs.iter().map(|v| CondValue::Text(v.to_string())).collect(),
        };
        let words = |c: &Condition| c.in_words(&lists);
        assert_eq!(
            words(&one_of("hosting", &["tier4", "undecided"])),
            "hosting is tier4 or undecided"
        );
        assert_eq!(
            words(&one_of("hosting", &["saas", "tier4", "local"])),
            "hosting is saas, tier4 or local"
        );
        assert_eq!(
            words(&Condition::Not(Box::new(eq("residency", "none")))),
            "residency is not none"
        );
        assert_eq!(
            words(&Condition::Not(Box::new(one_of(
                "residency",
                &["law", "policy"]
            )))),
            "residency is neither law nor policy"
        );
        assert_eq!(words(&eq("langs", "fr")), "langs includes fr");
        assert_eq!(
            words(&Condition::Not(Box::new(eq("langs", "fr")))),
            "langs does not include fr"
        );
        let at_least = Condition::AtLeast {
            question: "records".into(),
            limit: 100_000.0,
        };
        assert_eq!(words(&at_least), "records is at least 100,000");
        assert_eq!(
            words(&Condition::Not(Box::new(at_least))),
            "it is not so that records is at least 100,000"
        );
        let nested = Condition::All(vec![
            Condition::Any(vec![eq("hosting", "tier4"), eq("cap", "yes")]),
            eq("langs", "en"),
        ]);
        assert_eq!(
            words(&nested),
            "(hosting is tier4, or cap is yes), and langs includes en"
        );
    }

    #[test]
    fn unanswered_question_never_equals() {
        let a = HashMap::new();
        assert!(!eval(&eq("hosting", "saas"), &a));
        assert!(eval(&Condition::Not(Box::new(eq("hosting", "saas"))), &a));
    }
}
