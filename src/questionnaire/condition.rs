//! `show_if` conditions on earlier answers.

use crate::answer::Answer;

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
    use crate::answer::Level;
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
    fn unanswered_question_never_equals() {
        let a = HashMap::new();
        assert!(!eval(&eq("hosting", "saas"), &a));
        assert!(eval(&Condition::Not(Box::new(eq("hosting", "saas"))), &a));
    }
}
