//! Answers to questions, and the checks every front-end shares.

use crate::formats::{self, group_thousands, human_decimal};
use crate::questionnaire::{Bound, Kind, Question};
use chrono::NaiveDate;

#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    /// An option id of a single-choice question.
    Choice(String),
    /// Option ids of a multi-choice question, in the order chosen.
    Choices(Vec<String>),
    Level(Level),
    Integer(i64),
    Decimal(f64),
    /// Text, e-mail address or host name.
    Text(String),
    Date(NaiveDate),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Level {
    Yes,
    Partly,
    No,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Yes, Level::Partly, Level::No];

    pub fn name(self) -> &'static str {
        match self {
            Level::Yes => "yes",
            Level::Partly => "partly",
            Level::No => "no",
        }
    }

    pub fn from_name(name: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.name() == name)
    }
}

impl Answer {
    /// The answer as a plain string, as a condition or a config file sees it.
    pub fn to_plain(&self) -> String {
        match self {
            Answer::Choice(s) | Answer::Text(s) => s.clone(),
            Answer::Choices(list) => list.join(","),
            Answer::Level(l) => l.name().to_string(),
            Answer::Integer(n) => n.to_string(),
            Answer::Decimal(x) => x.to_string(),
            Answer::Date(d) => d.format("%Y-%m-%d").to_string(),
        }
    }

    /// The answer as TOML source, for writing plan files.
    pub fn to_toml(&self) -> String {
        match self {
            Answer::Choice(s) | Answer::Text(s) => toml_string(s),
            Answer::Choices(list) => {
                let items: Vec<String> = list.iter().map(|s| toml_string(s)).collect();
                format!("[{}]", items.join(", "))
            }
            Answer::Level(l) => format!("\"{}\"", l.name()),
            Answer::Integer(n) => n.to_string(),
            Answer::Decimal(x) => toml::Value::Float(*x).to_string(),
            Answer::Date(d) => format!("\"{}\"", d.format("%Y-%m-%d")),
        }
    }

    /// The answer written for people: option labels, grouped numbers with units, dates in words.
    pub fn display(&self, question: &Question) -> String {
        let label = |id: &str| {
            question
                .option(id)
                .map_or(id.to_string(), |o| o.label.clone())
        };
        let with_unit = |n: String| match &question.unit {
            Some(u) => format!("{n} {u}"),
            None => n,
        };
        match self {
            Answer::Choice(id) => label(id),
            Answer::Choices(ids) if ids.is_empty() => "none".to_string(),
            Answer::Choices(ids) => ids.iter().map(|i| label(i)).collect::<Vec<_>>().join("; "),
            Answer::Level(l) => capitalised(l.name()),
            Answer::Integer(n) => with_unit(group_thousands(*n)),
            Answer::Decimal(x) => with_unit(human_decimal(*x)),
            Answer::Text(s) => s.clone(),
            Answer::Date(d) => formats::human_date(*d),
        }
    }
}

/// A TOML basic string: in double quotes, with quotes, backslashes and control
/// characters escaped. Written by hand because plans are saved after every answer and the
/// general serializer is many times slower for this one job.
pub fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
}

impl Question {
    /// Reads what a person typed into an answer of this question's kind.
    pub fn parse_input(&self, input: &str) -> Result<Answer, String> {
        let t = input.trim();
        if t.is_empty() {
            return Err(format!(
                "the answer is empty; expected {}",
                self.expected_form()
            ));
        }
        let answer = match self.kind {
            Kind::SingleChoice => Answer::Choice(t.to_string()),
            Kind::MultiChoice => Answer::Choices(
                t.split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect(),
            ),
            Kind::YesPartlyNo => Answer::Level(
                Level::from_name(&t.to_lowercase()).ok_or_else(|| self.wrong_form(t))?,
            ),
            Kind::Integer => {
                Answer::Integer(formats::parse_integer(t).ok_or_else(|| self.wrong_form(t))?)
            }
            Kind::Decimal => {
                Answer::Decimal(formats::parse_decimal(t).ok_or_else(|| self.wrong_form(t))?)
            }
            Kind::Text | Kind::Email | Kind::Domain => Answer::Text(t.to_string()),
            Kind::Date => Answer::Date(formats::parse_date(t).ok_or_else(|| self.wrong_form(t))?),
        };
        self.check(&answer)?;
        Ok(answer)
    }

    fn wrong_form(&self, got: &str) -> String {
        format!("`{got}` is not {}", self.expected_form())
    }

    /// Checks an answer against this question: its kind, options, bounds and format.
    /// The message says what is wrong and what would be right.
    pub fn check(&self, answer: &Answer) -> Result<(), String> {
        match (self.kind, answer) {
            (Kind::SingleChoice, Answer::Choice(id)) => self.check_option(id),
            (Kind::MultiChoice, Answer::Choices(ids)) => self.check_options(ids),
            (Kind::YesPartlyNo, Answer::Level(_)) => Ok(()),
            (Kind::Integer, Answer::Integer(n)) => {
                self.check_number(*n as f64, &group_thousands(*n))
            }
            (Kind::Decimal, Answer::Decimal(x)) => self.check_decimal(*x),
            (Kind::Text, Answer::Text(s)) => self.check_text(s),
            (Kind::Email, Answer::Text(s)) => formats::check_email(s).map_err(|e| {
                format!(
                    "`{s}` is not an e-mail address: {e}; expected {}",
                    self.expected_form()
                )
            }),
            (Kind::Domain, Answer::Text(s)) => formats::check_domain(s).map_err(|e| {
                format!(
                    "`{s}` is not a host name: {e}; expected {}",
                    self.expected_form()
                )
            }),
            (Kind::Date, Answer::Date(d)) => self.check_date(*d),
            _ => Err(format!("expected {}", self.expected_form())),
        }
    }

    fn check_option(&self, id: &str) -> Result<(), String> {
        if self.option(id).is_some() {
            return Ok(());
        }
        let ids = self.option_ids();
        let hint = match crate::suggest::closest(id, ids.iter().copied()) {
            Some(c) => format!("did you mean `{c}`? "),
            None => String::new(),
        };
        Err(format!(
            "`{id}` is not an option here; {hint}choose one of: {}",
            ids.join(", ")
        ))
    }

    fn check_options(&self, ids: &[String]) -> Result<(), String> {
        for (i, id) in ids.iter().enumerate() {
            self.check_option(id)?;
            if ids[..i].contains(id) {
                return Err(format!("`{id}` is chosen twice; list each option once"));
            }
        }
        Ok(())
    }

    fn check_decimal(&self, x: f64) -> Result<(), String> {
        if !x.is_finite() {
            return Err(format!("expected {}", self.expected_form()));
        }
        self.check_number(x, &human_decimal(x))
    }

    fn check_number(&self, x: f64, shown: &str) -> Result<(), String> {
        if let Some(Bound::Number(min)) = self.min
            && x < min
        {
            return Err(format!(
                "{shown} is below the minimum {}; expected {}",
                human_decimal(min),
                self.expected_form()
            ));
        }
        if let Some(Bound::Number(max)) = self.max
            && x > max
        {
            return Err(format!(
                "{shown} is above the maximum {}; expected {}",
                human_decimal(max),
                self.expected_form()
            ));
        }
        Ok(())
    }

    fn check_text(&self, s: &str) -> Result<(), String> {
        if s.trim().is_empty() {
            return Err("the text is empty; leave the question unanswered instead".into());
        }
        if s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
            return Err("the text holds control characters; type plain text".into());
        }
        if let Some(max) = self.max_length
            && s.chars().count() > max
        {
            return Err(format!(
                "the text is {} characters long; at most {max} fit",
                s.chars().count()
            ));
        }
        Ok(())
    }

    fn check_date(&self, d: NaiveDate) -> Result<(), String> {
        let shown = formats::human_date(d);
        if let Some(Bound::Date(min)) = self.min
            && d < min
        {
            return Err(format!(
                "{shown} is before the earliest allowed date, {}",
                formats::human_date(min)
            ));
        }
        if let Some(Bound::Date(max)) = self.max
            && d > max
        {
            return Err(format!(
                "{shown} is after the latest allowed date, {}",
                formats::human_date(max)
            ));
        }
        Ok(())
    }

    /// What a valid answer looks like, in words.
    pub fn expected_form(&self) -> String {
        match self.kind {
            Kind::SingleChoice => format!("one of: {}", self.option_ids().join(", ")),
            Kind::MultiChoice => format!("a list of any of: {}", self.option_ids().join(", ")),
            Kind::YesPartlyNo => "\"yes\", \"partly\" or \"no\"".to_string(),
            Kind::Integer => format!("a whole number{}", self.range_words()),
            Kind::Decimal => format!("a number{}", self.range_words()),
            Kind::Text => match self.max_length {
                Some(n) => format!("text of at most {n} characters"),
                None => "text".to_string(),
            },
            Kind::Email => "an e-mail address such as ops@example.org".to_string(),
            Kind::Domain => "a host name such as cpims.example.org".to_string(),
            Kind::Date => "a date written YYYY-MM-DD, such as 2027-03-01".to_string(),
        }
    }

    fn range_words(&self) -> String {
        let num = |b: Option<Bound>| match b {
            Some(Bound::Number(x)) => Some(human_decimal(x)),
            _ => None,
        };
        let unit = self
            .unit
            .as_deref()
            .map(|u| format!(" ({u})"))
            .unwrap_or_default();
        match (num(self.min), num(self.max)) {
            (Some(lo), Some(hi)) => format!(" from {lo} to {hi}{unit}"),
            (Some(lo), None) => format!(" of at least {lo}{unit}"),
            (None, Some(hi)) => format!(" of at most {hi}{unit}"),
            (None, None) => unit,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::toml_string;

    #[test]
    fn toml_strings_read_back_as_written() {
        let texts = [
            "plain",
            "a \"quoted\" word and a back\\slash",
            "tab\tnew\nline\rreturn",
            "bell \u{7} delete \u{7f} escape \u{1b}",
            "Amélie Nkosi-Durán, São Tomé, 中文",
            "",
        ];
        for text in texts {
            let doc: toml::Table = toml::from_str(&format!("a = {}", toml_string(text))).unwrap();
            assert_eq!(doc["a"].as_str(), Some(text));
        }
    }
}
