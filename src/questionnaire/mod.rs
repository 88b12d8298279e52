//! The questionnaire model: sections of questions, read from TOML data.

mod condition;
mod parse;

pub use condition::{CondValue, Condition};
pub use parse::{parse, parse_condition};

use crate::answer::Answer;
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: question ids are short and trusted, and the maps keyed by them are read many
/// times a frame in the wizard, where the standard hasher's strength costs time for nothing.
#[derive(Default)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Whether each question is shown, by id.
pub type Shown<'a> = HashMap<&'a str, bool, BuildHasherDefault<IdHasher>>;

#[derive(Clone, Debug, PartialEq)]
pub struct Questionnaire {
    pub id: String,
    pub version: String,
    pub title: String,
    pub description: Option<String>,
    pub capacity_areas: Vec<CapacityArea>,
    pub sections: Vec<Section>,
    /// Question id to (section index, question index).
    index: HashMap<String, (usize, usize), BuildHasherDefault<IdHasher>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CapacityArea {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub intro: String,
    pub questions: Vec<Question>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Question {
    pub id: String,
    pub kind: Kind,
    pub prompt: String,
    pub help: String,
    pub required: bool,
    pub default: Option<Answer>,
    pub options: Vec<ChoiceOption>,
    pub unit: Option<String>,
    pub min: Option<Bound>,
    pub max: Option<Bound>,
    pub max_length: Option<usize>,
    pub capacity: Option<String>,
    pub show_if: Option<Condition>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ChoiceOption {
    pub id: String,
    pub label: String,
    pub explain: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Bound {
    Number(f64),
    Date(NaiveDate),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    SingleChoice,
    MultiChoice,
    YesPartlyNo,
    Integer,
    Decimal,
    Text,
    Email,
    Domain,
    Date,
}

impl Kind {
    pub const ALL: [Kind; 9] = [
        Kind::SingleChoice,
        Kind::MultiChoice,
        Kind::YesPartlyNo,
        Kind::Integer,
        Kind::Decimal,
        Kind::Text,
        Kind::Email,
        Kind::Domain,
        Kind::Date,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::SingleChoice => "single_choice",
            Kind::MultiChoice => "multi_choice",
            Kind::YesPartlyNo => "yes_partly_no",
            Kind::Integer => "integer",
            Kind::Decimal => "decimal",
            Kind::Text => "text",
            Kind::Email => "email",
            Kind::Domain => "domain",
            Kind::Date => "date",
        }
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    pub fn is_choice(self) -> bool {
        matches!(self, Kind::SingleChoice | Kind::MultiChoice)
    }

    pub fn is_number(self) -> bool {
        matches!(self, Kind::Integer | Kind::Decimal)
    }
}

/// Answers keyed by question id.
pub type Answers = BTreeMap<String, Answer>;

impl Questionnaire {
    pub(crate) fn new(
        head: (String, String, String, Option<String>),
        capacity_areas: Vec<CapacityArea>,
        sections: Vec<Section>,
    ) -> Self {
        let (id, version, title, description) = head;
        let mut index = HashMap::default();
        for (s, section) in sections.iter().enumerate() {
            for (q, question) in section.questions.iter().enumerate() {
                index.entry(question.id.clone()).or_insert((s, q));
            }
        }
        Questionnaire {
            id,
            version,
            title,
            description,
            capacity_areas,
            sections,
            index,
        }
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.index
            .get(id)
            .map(|&(s, q)| &self.sections[s].questions[q])
    }

    /// The section holding a question.
    pub fn section_of(&self, id: &str) -> Option<&Section> {
        self.index.get(id).map(|&(s, _)| &self.sections[s])
    }

    /// Every question, in order.
    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.sections.iter().flat_map(|s| s.questions.iter())
    }

    pub fn question_ids(&self) -> Vec<&str> {
        self.questions().map(|q| q.id.as_str()).collect()
    }

    pub fn capacity_area(&self, id: &str) -> Option<&CapacityArea> {
        self.capacity_areas.iter().find(|a| a.id == id)
    }

    /// Whether each question is shown, given these answers. Conditions only look at
    /// earlier questions, so one pass in order settles every question.
    pub fn visibility(&self, answers: &Answers) -> Shown<'_> {
        let mut shown = Shown::with_capacity_and_hasher(self.index.len(), Default::default());
        for q in self.questions() {
            let visible = match &q.show_if {
                None => true,
                Some(cond) => cond.holds(&|id| {
                    if shown.get(id).copied().unwrap_or(false) {
                        answers.get(id)
                    } else {
                        None
                    }
                }),
            };
            shown.insert(q.id.as_str(), visible);
        }
        shown
    }

    /// The answers to questions these answers show; an answer left behind under a question
    /// that is now hidden does not count.
    pub fn shown_answers(&self, answers: &Answers) -> Answers {
        let shown = self.visibility(answers);
        answers
            .iter()
            .filter(|(id, _)| shown.get(id.as_str()).copied().unwrap_or(false))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    /// The questions shown for these answers, in order.
    pub fn visible_questions(&self, answers: &Answers) -> Vec<&Question> {
        let shown = self.visibility(answers);
        self.questions().filter(|q| shown[q.id.as_str()]).collect()
    }

    /// Required questions that are shown but not answered.
    pub fn missing_required(&self, answers: &Answers) -> Vec<&Question> {
        self.visible_questions(answers)
            .into_iter()
            .filter(|q| q.required && !answers.contains_key(&q.id))
            .collect()
    }
}

impl Question {
    pub fn option(&self, id: &str) -> Option<&ChoiceOption> {
        self.options.iter().find(|o| o.id == id)
    }

    pub fn option_ids(&self) -> Vec<&str> {
        self.options.iter().map(|o| o.id.as_str()).collect()
    }
}
