//! Answers read and checked against their question: what every front-end shares when a
//! person types an answer. It lives with the questionnaire because it follows each kind of
//! question; [`crate::core::answer`] stays plain data that knows no questions.

use super::{Bound, Kind, Question};
use crate::base::diag::{Diagnostic, args};
use crate::base::formats::{self, group_thousands, human_decimal};
use crate::base::key;
use crate::base::strings::{Strings, fill, semicolon_list};
use crate::core::answer::{Answer, Level};
use crate::core::value_check::first_error;
use chrono::NaiveDate;

impl Answer {
    /// The answer written for people: option labels, grouped numbers with units, dates in words.
    pub fn display(&self, question: &Question) -> String {
        let label = |id: &str| {
            question
                .option(id)
                .map_or(id.to_string(), |o| o.label.clone())
        };
        let with_unit = |n: String| match &question.unit {
            Some(u) => fill(
                key::common::answer::WITH_UNIT,
                &[("number", &n), ("unit", u)],
            ),
            None => n,
        };
        match self {
            Answer::Choice(id) => label(id),
            Answer::Choices(ids) if ids.is_empty() => fill(key::common::answer::NONE, &[]),
            Answer::Choices(ids) => {
                semicolon_list(&ids.iter().map(|i| label(i)).collect::<Vec<_>>())
            }
            Answer::Level(l) => Strings::builtin().keyed(key::common::level::PREFIX, l.name()),
            Answer::Integer(n) => with_unit(group_thousands(*n)),
            Answer::Decimal(x) => with_unit(human_decimal(*x)),
            Answer::Text(s) => s.clone(),
            Answer::Date(d) => formats::human_date(*d),
        }
    }
}

impl Question {
    /// Reads what a person typed into an answer of this question's kind.
    pub fn parse_input(&self, input: &str) -> Result<Answer, Diagnostic> {
        let t = input.trim();
        if t.is_empty() {
            return Err(self.say(key::common::answer::EMPTY, &[]));
        }
        let wrong_form = || self.say(key::common::answer::WRONG_FORM, &[("got", t)]);
        let answer = match self.kind {
            Kind::SingleChoice => Answer::Choice(t.to_string()),
            Kind::MultiChoice => Answer::Choices(
                t.split([',', '،'])
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect(),
            ),
            Kind::YesPartlyNo => {
                Answer::Level(Level::from_name(&t.to_lowercase()).ok_or_else(wrong_form)?)
            }
            Kind::Integer => Answer::Integer(formats::parse_integer(t).ok_or_else(wrong_form)?),
            Kind::Decimal => Answer::Decimal(formats::parse_decimal(t).ok_or_else(wrong_form)?),
            Kind::Text | Kind::Email | Kind::Domain => Answer::Text(t.to_string()),
            Kind::Date => Answer::Date(formats::parse_date(t).ok_or_else(wrong_form)?),
        };
        self.check(&answer)?;
        Ok(answer)
    }

    /// A problem whose message ends by saying what a valid answer looks like.
    fn say(&self, key: &'static str, values: &[(&'static str, &str)]) -> Diagnostic {
        let mut all = args(values);
        all.push(("expected", self.expected_form()));
        Diagnostic::error(key, all)
    }

    /// Checks an answer against this question: its kind, options, bounds and format.
    /// The message says what is wrong and what would be right.
    pub fn check(&self, answer: &Answer) -> Result<(), Diagnostic> {
        match self.problem(answer) {
            Some(problem) => Err(problem),
            None => Ok(()),
        }
    }

    /// What [`Question::check`] finds wrong with an answer, not yet placed.
    pub fn problem(&self, answer: &Answer) -> Option<Diagnostic> {
        self.check_kind(answer)
            .err()
            .or_else(|| self.value_problem(answer))
    }

    /// The first error the question's `value_check` finds in the answer, with its help:
    /// the same words `hostplan check` and the configuration export give.
    pub fn value_problem(&self, answer: &Answer) -> Option<Diagnostic> {
        match (self.value_check, answer) {
            (Some(shape), Answer::Text(s)) => first_error(shape, s, Strings::builtin()),
            _ => None,
        }
    }

    /// The checks every question of this kind makes.
    fn check_kind(&self, answer: &Answer) -> Result<(), Diagnostic> {
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
                self.say(
                    key::common::answer::NOT_EMAIL,
                    &[("got", s), ("reason", &e.message())],
                )
            }),
            (Kind::Domain, Answer::Text(s)) => formats::check_domain(s).map_err(|e| {
                self.say(
                    key::common::answer::NOT_DOMAIN,
                    &[("got", s), ("reason", &e.message())],
                )
            }),
            (Kind::Date, Answer::Date(d)) => self.check_date(*d),
            _ => Err(self.say(key::common::answer::EXPECTED, &[])),
        }
    }

    fn check_option(&self, id: &str) -> Result<(), Diagnostic> {
        if self.option(id).is_some() {
            return Ok(());
        }
        let ids = self.option_ids();
        let options = ids.join(", ");
        Err(
            match crate::base::suggest::closest(id, ids.iter().copied()) {
                Some(near) => refused(
                    key::common::answer::NOT_OPTION_NEAR,
                    &[("got", id), ("near", near), ("options", &options)],
                ),
                None => refused(
                    key::common::answer::NOT_OPTION,
                    &[("got", id), ("options", &options)],
                ),
            },
        )
    }

    fn check_options(&self, ids: &[String]) -> Result<(), Diagnostic> {
        for (i, id) in ids.iter().enumerate() {
            self.check_option(id)?;
            if ids[..i].contains(id) {
                return Err(refused(key::common::answer::CHOSEN_TWICE, &[("got", id)]));
            }
        }
        Ok(())
    }

    fn check_decimal(&self, x: f64) -> Result<(), Diagnostic> {
        if !x.is_finite() {
            return Err(self.say(key::common::answer::EXPECTED, &[]));
        }
        self.check_number(x, &human_decimal(x))
    }

    fn check_number(&self, x: f64, shown: &str) -> Result<(), Diagnostic> {
        if let Some(Bound::Number(min)) = self.min
            && x < min
        {
            return Err(self.say(
                key::common::answer::BELOW_MIN,
                &[("got", shown), ("min", &human_decimal(min))],
            ));
        }
        if let Some(Bound::Number(max)) = self.max
            && x > max
        {
            return Err(self.say(
                key::common::answer::ABOVE_MAX,
                &[("got", shown), ("max", &human_decimal(max))],
            ));
        }
        Ok(())
    }

    fn check_text(&self, s: &str) -> Result<(), Diagnostic> {
        if s.trim().is_empty() {
            return Err(refused(key::common::answer::TEXT_EMPTY, &[]));
        }
        if s.contains(['\n', '\r']) {
            return Err(refused(key::common::answer::TEXT_NEWLINE, &[]));
        }
        if s.chars().any(crate::base::terminal_safe::is_unsafe) {
            return Err(refused(key::common::answer::TEXT_CONTROL, &[]));
        }
        let count = s.chars().count();
        if let Some(max) = self.max_length
            && count > max
        {
            return Err(refused(
                key::common::answer::TEXT_LONG,
                &[("count", &count.to_string()), ("max", &max.to_string())],
            ));
        }
        Ok(())
    }

    fn check_date(&self, d: NaiveDate) -> Result<(), Diagnostic> {
        let shown = formats::human_date(d);
        if let Some(Bound::Date(min)) = self.min
            && d < min
        {
            return Err(refused(
                key::common::answer::BEFORE_DATE,
                &[("got", &shown), ("min", &formats::human_date(min))],
            ));
        }
        if let Some(Bound::Date(max)) = self.max
            && d > max
        {
            return Err(refused(
                key::common::answer::AFTER_DATE,
                &[("got", &shown), ("max", &formats::human_date(max))],
            ));
        }
        Ok(())
    }

    /// What a valid answer looks like, in words.
    pub fn expected_form(&self) -> String {
        let options = self.option_ids().join(", ");
        match self.kind {
            Kind::SingleChoice => {
                fill(key::common::expect::SINGLE_CHOICE, &[("options", &options)])
            }
            Kind::MultiChoice => fill(key::common::expect::MULTI_CHOICE, &[("options", &options)]),
            Kind::YesPartlyNo => fill(key::common::expect::LEVEL, &[]),
            Kind::Integer => fill(
                key::common::expect::INTEGER,
                &[("range", &self.range_words())],
            ),
            Kind::Decimal => fill(
                key::common::expect::DECIMAL,
                &[("range", &self.range_words())],
            ),
            Kind::Text => match self.max_length {
                Some(n) => fill(
                    key::common::expect::TEXT_LIMITED,
                    &[("max", &n.to_string())],
                ),
                None => fill(key::common::expect::TEXT, &[]),
            },
            Kind::Email => fill(key::common::expect::EMAIL, &[]),
            Kind::Domain => fill(key::common::expect::DOMAIN, &[]),
            Kind::Date => fill(key::common::expect::DATE, &[]),
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
            .map(|u| fill(key::common::expect::UNIT, &[("unit", u)]))
            .unwrap_or_default();
        match (num(self.min), num(self.max)) {
            (Some(min), Some(max)) => fill(
                key::common::expect::RANGE_BOTH,
                &[("min", &min), ("max", &max), ("unit", &unit)],
            ),
            (Some(min), None) => fill(
                key::common::expect::RANGE_MIN,
                &[("min", &min), ("unit", &unit)],
            ),
            (None, Some(max)) => fill(
                key::common::expect::RANGE_MAX,
                &[("max", &max), ("unit", &unit)],
            ),
            (None, None) => unit,
        }
    }
}

/// An answer refused, in the words of catalogue text `key`.
fn refused(key: &'static str, values: &[(&'static str, &str)]) -> Diagnostic {
    Diagnostic::error(key, args(values))
}
