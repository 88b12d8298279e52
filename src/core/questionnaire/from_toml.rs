//! A plan's or a questionnaire's TOML value read as an answer to a question of some kind.
//! It is here, not in the generic TOML reader, because it knows the kinds of question.

use super::Kind;
use crate::base::diag::{Diagnostic, args};
use crate::base::formats;
use crate::base::key;
use crate::base::tomlread::{float_of, integer_of, type_key};
use crate::core::answer::{Answer, Level};
use toml::de::DeValue;

/// Turns a TOML value into an answer of the given kind. It only checks the type;
/// `Question::check` checks options, bounds and formats. What is wrong is not yet placed.
pub fn answer_from_toml(kind: Kind, v: &DeValue) -> Result<Answer, Diagnostic> {
    let refused =
        |key: &'static str, values: &[(&'static str, &str)]| Diagnostic::error(key, args(values));
    let wrong = || {
        let form = [key::load::answer::form::PREFIX, kind.name()].concat();
        refused(
            key::load::answer::WRONG_TYPE,
            &[("@form", &form), ("@found", type_key(v))],
        )
    };
    match kind {
        Kind::SingleChoice | Kind::Text | Kind::Email | Kind::Domain => match v {
            DeValue::String(s) if kind == Kind::SingleChoice => Ok(Answer::Choice(s.to_string())),
            DeValue::String(s) => Ok(Answer::Text(s.to_string())),
            _ => Err(wrong()),
        },
        Kind::MultiChoice => match v {
            DeValue::Array(items) => items
                .iter()
                .map(|i| match i.get_ref() {
                    DeValue::String(s) => Ok(s.to_string()),
                    _ => Err(wrong()),
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Answer::Choices),
            DeValue::String(s) => Err(refused(key::load::answer::LIST_NOT_STRING, &[("value", s)])),
            _ => Err(wrong()),
        },
        Kind::YesPartlyNo => match v {
            DeValue::String(s) => Level::from_name(s)
                .map(Answer::Level)
                .ok_or_else(|| refused(key::load::answer::NOT_A_LEVEL, &[("value", s)])),
            DeValue::Boolean(b) => Err(refused(
                key::load::answer::BOOLEAN_LEVEL,
                &[
                    ("value", &b.to_string()),
                    ("level", if *b { "yes" } else { "no" }),
                ],
            )),
            _ => Err(wrong()),
        },
        Kind::Integer => match integer_of(v) {
            Some(r) => r.map(Answer::Integer).map_err(|key| refused(key, &[])),
            None => match v {
                DeValue::Float(_) => Err(refused(key::load::answer::DECIMAL_FOR_WHOLE, &[])),
                DeValue::String(s) => {
                    let example = formats::parse_integer(s).unwrap_or(150000).to_string();
                    Err(refused(
                        key::load::answer::QUOTED_WHOLE,
                        &[("example", &example)],
                    ))
                }
                _ => Err(wrong()),
            },
        },
        Kind::Decimal => match float_of(v) {
            Some(x) if x.is_finite() => Ok(Answer::Decimal(x)),
            Some(_) => Err(refused(key::load::answer::NOT_FINITE, &[])),
            None => match v {
                DeValue::String(_) => Err(refused(key::load::answer::QUOTED_NUMBER, &[])),
                _ => Err(wrong()),
            },
        },
        Kind::Date => {
            let text = match v {
                DeValue::String(s) => s.to_string(),
                DeValue::Datetime(d) => d.to_string(),
                _ => return Err(wrong()),
            };
            formats::parse_date(&text)
                .map(Answer::Date)
                .ok_or_else(|| refused(key::load::answer::NOT_A_DATE, &[("value", &text)]))
        }
    }
}
