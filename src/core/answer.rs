//! Answers to questions as plain data, and how they are written as text and TOML. Reading
//! and checking an answer against its question is in `questionnaire`, which knows the kinds.

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
    /// The plain string, trimmed; `None` when nothing is left, as for a blank text.
    pub fn filled_plain(&self) -> Option<String> {
        let plain = self.to_plain();
        let trimmed = plain.trim();
        (!trimmed.is_empty()).then(|| trimmed.to_string())
    }

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
