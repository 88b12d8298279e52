//! The input for the question on screen, by kind: a list for choices, ticks for several
//! choices, a three-way for yes/partly/no, and a text field for everything typed.

use super::keys::Action;
use super::text_input::TextInput;
use crate::core::answer::{Answer, Level};
use crate::core::questionnaire::{Kind, Question};
use crossterm::event::KeyEvent;

#[derive(Clone, Debug, PartialEq)]
pub enum AnswerInput {
    /// Past the last question: nothing to answer.
    Nothing,
    Choice {
        cursor: usize,
        count: usize,
    },
    /// Option indexes ticked.
    Multi {
        cursor: usize,
        count: usize,
        chosen: Vec<usize>,
    },
    Level {
        cursor: usize,
    },
    Text(TextInput),
}

/// What Enter hands to the flow.
#[derive(Clone, Debug, PartialEq)]
pub enum Submission {
    Answer(Answer),
    /// Typed text, read by the question's own parser so its messages are the core's.
    Text(String),
    /// Enter on an empty field.
    Empty,
}

impl AnswerInput {
    /// The input for `question`, showing its current answer, else its default.
    pub fn for_question(question: Option<&Question>, answer: Option<&Answer>) -> AnswerInput {
        let Some(q) = question else {
            return AnswerInput::Nothing;
        };
        let shown = answer.or(q.default.as_ref());
        let index_of = |id: &str| q.options.iter().position(|o| o.id == id);
        match q.kind {
            Kind::SingleChoice => AnswerInput::Choice {
                cursor: match shown {
                    Some(Answer::Choice(id)) => index_of(id).unwrap_or(0),
                    _ => 0,
                },
                count: q.options.len(),
            },
            Kind::MultiChoice => AnswerInput::Multi {
                cursor: 0,
                count: q.options.len(),
                chosen: match shown {
                    Some(Answer::Choices(ids)) => ids.iter().filter_map(|i| index_of(i)).collect(),
                    _ => Vec::new(),
                },
            },
            Kind::YesPartlyNo => AnswerInput::Level {
                cursor: match shown {
                    Some(Answer::Level(l)) => Level::ALL.iter().position(|x| x == l).unwrap_or(0),
                    _ => 0,
                },
            },
            _ => AnswerInput::Text(TextInput::prefilled(
                &shown.map(edit_text).unwrap_or_default(),
            )),
        }
    }

    pub fn is_text(&self) -> bool {
        matches!(self, AnswerInput::Text(_))
    }

    /// The highlighted row of a list, if this is a list.
    pub fn cursor(&self) -> Option<usize> {
        match self {
            AnswerInput::Choice { cursor, .. }
            | AnswerInput::Multi { cursor, .. }
            | AnswerInput::Level { cursor } => Some(*cursor),
            _ => None,
        }
    }

    /// Does what `action` does to a list; false when it is not the list's to do.
    pub fn act(&mut self, action: Action) -> bool {
        match (self, action) {
            (AnswerInput::Multi { cursor, chosen, .. }, Action::Tick) => {
                toggle(chosen, *cursor);
                true
            }
            (AnswerInput::Level { cursor }, Action::Level(level)) => {
                *cursor = Level::ALL.iter().position(|l| *l == level).unwrap_or(0);
                true
            }
            (
                AnswerInput::Choice { cursor, count } | AnswerInput::Multi { cursor, count, .. },
                _,
            ) => move_cursor(cursor, *count, action),
            (AnswerInput::Level { cursor }, _) => move_cursor(cursor, Level::ALL.len(), action),
            _ => false,
        }
    }

    /// Edits the text field with `key`; false when there is none or the key does not edit.
    pub fn edit(&mut self, key: KeyEvent) -> bool {
        match self {
            AnswerInput::Text(t) => t.handle(key),
            _ => false,
        }
    }

    pub fn paste(&mut self, text: &str) {
        if let AnswerInput::Text(t) = self {
            t.paste(text);
        }
    }

    /// What pressing Enter submits for `question`.
    pub fn submission(&self, question: &Question) -> Submission {
        let id = |i: &usize| question.options.get(*i).map(|o| o.id.clone());
        match self {
            AnswerInput::Nothing => Submission::Empty,
            AnswerInput::Choice { cursor, .. } => match id(cursor) {
                Some(o) => Submission::Answer(Answer::Choice(o)),
                None => Submission::Empty,
            },
            // Nothing ticked is no answer, as an empty text field is.
            AnswerInput::Multi { chosen, .. } if chosen.is_empty() => Submission::Empty,
            AnswerInput::Multi { chosen, .. } => {
                Submission::Answer(Answer::Choices(chosen.iter().filter_map(id).collect()))
            }
            AnswerInput::Level { cursor } => Submission::Answer(Answer::Level(Level::ALL[*cursor])),
            AnswerInput::Text(t) if t.text().trim().is_empty() => Submission::Empty,
            AnswerInput::Text(t) => Submission::Text(t.text()),
        }
    }
}

/// Moves the highlight of a list of `count` rows.
fn move_cursor(cursor: &mut usize, count: usize, action: Action) -> bool {
    if count == 0 {
        return false;
    }
    match action {
        Action::Up => *cursor = cursor.saturating_sub(1),
        Action::Down => *cursor = (*cursor + 1).min(count - 1),
        Action::First => *cursor = 0,
        Action::Last => *cursor = count - 1,
        Action::Option(i) if usize::from(i) < count => *cursor = usize::from(i),
        _ => return false,
    }
    true
}

fn toggle(chosen: &mut Vec<usize>, i: usize) {
    match chosen.iter().position(|x| *x == i) {
        Some(at) => {
            chosen.remove(at);
        }
        None => chosen.push(i),
    }
}

/// An answer as a person would type it back: grouped numbers, ISO dates.
fn edit_text(answer: &Answer) -> String {
    match answer {
        Answer::Integer(n) => crate::base::formats::group_thousands(*n),
        Answer::Decimal(x) => crate::base::formats::human_decimal(*x),
        other => other.to_plain(),
    }
}
