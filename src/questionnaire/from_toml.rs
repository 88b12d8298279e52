//! A plan's or a questionnaire's TOML value read as an answer to a question of some kind.
//! It is here, not in the generic TOML reader, because it knows the kinds of question.

use super::Kind;
use crate::answer::{Answer, Level};
use crate::formats;
use crate::tomlread::{float_of, integer_of, type_words};
use toml::de::DeValue;

/// Turns a TOML value into an answer of the given kind. It only checks the type;
/// `Question::check` checks options, bounds and formats.
pub fn answer_from_toml(kind: Kind, v: &DeValue) -> Result<Answer, String> {
    let wrong = || format!("expected {}, found {}", kind_form(kind), type_words(v));
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
            DeValue::String(s) => Err(format!("expected a list such as [\"{s}\"], found a single string")),
            _ => Err(wrong()),
        },
        Kind::YesPartlyNo => match v {
            DeValue::String(s) => Level::from_name(s).map(Answer::Level).ok_or_else(|| {
                format!("`{s}` is not an answer here; expected \"yes\", \"partly\" or \"no\" in lower case")
            }),
            DeValue::Boolean(b) => Err(format!(
                "expected \"yes\", \"partly\" or \"no\" in quotes, found {b}; write \"{}\"",
                if *b { "yes" } else { "no" }
            )),
            _ => Err(wrong()),
        },
        Kind::Integer => match integer_of(v) {
            Some(r) => r.map(Answer::Integer),
            None => match v {
                DeValue::Float(_) => Err("expected a whole number, found a decimal".into()),
                DeValue::String(s) => Err(format!("expected a whole number without quotes, such as {}", formats::parse_integer(s).unwrap_or(150000))),
                _ => Err(wrong()),
            },
        },
        Kind::Decimal => match float_of(v) {
            Some(x) if x.is_finite() => Ok(Answer::Decimal(x)),
            Some(_) => Err("expected a finite number".into()),
            None => match v {
                DeValue::String(_) => Err("expected a number without quotes, such as 4.5".into()),
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
                .ok_or_else(|| format!("`{text}` is not a date written YYYY-MM-DD, such as \"2027-03-01\""))
        }
    }
}

fn kind_form(kind: Kind) -> &'static str {
    match kind {
        Kind::SingleChoice => "an option id in double quotes",
        Kind::MultiChoice => "a list of option ids, such as [\"a\", \"b\"]",
        Kind::YesPartlyNo => "\"yes\", \"partly\" or \"no\"",
        Kind::Integer => "a whole number",
        Kind::Decimal => "a number",
        Kind::Text => "text in double quotes",
        Kind::Email => "an e-mail address in double quotes",
        Kind::Domain => "a host name in double quotes",
        Kind::Date => "a date such as \"2027-03-01\"",
    }
}
