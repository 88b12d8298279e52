//! The questionnaire model: sections of questions, read from TOML data.

mod condition;
mod from_toml;
mod input;
mod parse;
mod texts;

pub use condition::{CondValue, Condition};
pub use from_toml::answer_from_toml;
pub use parse::{parse, parse_condition};

use crate::core::answer::Answer;
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};

/// The hasher of the maps keyed by question id: ids are short and trusted, and these maps
/// are read many times a frame in the wizard, where the standard hasher's strength against
/// crafted keys costs time for nothing.
type IdHasher = rustc_hash::FxBuildHasher;

/// Whether each question is shown, in questionnaire order: one flag per question, read by
/// id through the questionnaire's index or walked in order without any lookup.
#[derive(Clone, Debug)]
pub struct Shown<'q> {
    q: &'q Questionnaire,
    flags: Vec<bool>,
    /// Whether each question has an answer, in the same order, so nothing after has to
    /// look the answers up again.
    answered: Vec<bool>,
    /// The place of each answer's question, in the order of the answers read.
    answer_places: Vec<Option<usize>>,
}

impl<'q> Shown<'q> {
    /// Whether the question is shown; `None` when no question has this id.
    pub fn get(&self, id: &str) -> Option<&bool> {
        self.q.order_of(id).map(|i| &self.flags[i])
    }

    /// Every question with whether it is shown, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&'q Question, bool)> + '_ {
        self.q.questions().zip(self.flags.iter().copied())
    }

    /// The questions shown, in order.
    pub fn questions(&self) -> impl Iterator<Item = &'q Question> + '_ {
        self.iter().filter(|(_, shown)| *shown).map(|(q, _)| q)
    }

    /// The questions of section `index` that are shown, in order, each with whether it
    /// is answered.
    pub fn in_section(&self, index: usize) -> impl Iterator<Item = (&'q Question, bool)> + '_ {
        let places = self.q.starts[index]..self.q.starts[index + 1];
        self.q.sections[index]
            .questions
            .iter()
            .zip(&self.flags[places.clone()])
            .zip(&self.answered[places])
            .filter(|((_, shown), _)| **shown)
            .map(|((q, _), answered)| (q, *answered))
    }

    /// The first question shown after the question `id`, in order.
    pub fn next_after(&self, id: &str) -> Option<&'q Question> {
        let after = self.q.order_of(id)? + 1;
        self.iter()
            .skip(after)
            .find(|(_, shown)| *shown)
            .map(|(q, _)| q)
    }

    /// Required questions that are shown but not answered.
    pub fn missing_required(&self) -> Vec<&'q Question> {
        self.iter()
            .zip(&self.answered)
            .filter(|((q, shown), answered)| *shown && q.required && !**answered)
            .map(|((q, _), _)| q)
            .collect()
    }

    /// The questions that have an answer but are not shown, in order.
    pub fn hidden_answered(&self) -> impl Iterator<Item = &'q Question> + '_ {
        self.iter()
            .zip(&self.answered)
            .filter(|((_, shown), answered)| !*shown && **answered)
            .map(|((q, _), _)| q)
    }
}

/// The questions each question's `show_if` tests, once each, with their places; and where
/// each question's share starts (then the end). A condition then finds the few questions
/// it tests in a short list beside it instead of in the index of every question.
fn tested_places(
    sections: &[Section],
    index: &HashMap<String, (usize, usize, usize), IdHasher>,
) -> (Vec<(String, Option<usize>)>, Vec<usize>) {
    let mut tested: Vec<(String, Option<usize>)> = Vec::new();
    let mut at = vec![0];
    for q in sections.iter().flat_map(|s| &s.questions) {
        let start = tested.len();
        for id in q.show_if.iter().flat_map(Condition::questions) {
            if !tested[start..].iter().any(|(t, _)| t == id) {
                tested.push((id.to_string(), index.get(id).map(|p| p.2)));
            }
        }
        at.push(tested.len());
    }
    (tested, at)
}

/// Nothing shown and no question known, as an empty map would be: for a caller that
/// only reads it in some cases.
impl Default for Shown<'_> {
    fn default() -> Self {
        static NONE: std::sync::LazyLock<Questionnaire> = std::sync::LazyLock::new(|| {
            Questionnaire::new(Default::default(), Vec::new(), Vec::new())
        });
        Shown {
            q: &NONE,
            flags: Vec::new(),
            answered: Vec::new(),
            answer_places: Vec::new(),
        }
    }
}

impl std::ops::Index<&str> for Shown<'_> {
    type Output = bool;

    /// Like a map's index: an id that is no question is a bug in the caller.
    fn index(&self, id: &str) -> &bool {
        self.get(id)
            .unwrap_or_else(|| panic!("`{id}` is not a question"))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Questionnaire {
    pub id: String,
    pub version: String,
    pub title: String,
    pub description: Option<String>,
    pub capacity_areas: Vec<CapacityArea>,
    pub sections: Vec<Section>,
    /// Question id to (section index, question index, place among all questions).
    index: HashMap<String, (usize, usize, usize), IdHasher>,
    /// The place among all questions of each section's first question, then the number of
    /// questions.
    starts: Vec<usize>,
    /// The questions each `show_if` tests, with their places, found once here; question
    /// `p` has `tested[tested_at[p]..tested_at[p + 1]]`.
    tested: Vec<(String, Option<usize>)>,
    tested_at: Vec<usize>,
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
    /// The shape the answer must have to go into Primero's configuration as it is, checked
    /// when the answer is given; `value_check` in the questionnaire.
    pub value_check: Option<crate::core::value_check::Shape>,
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
        let mut starts = Vec::with_capacity(sections.len());
        let mut order = 0;
        for (s, section) in sections.iter().enumerate() {
            starts.push(order);
            for (q, question) in section.questions.iter().enumerate() {
                index.entry(question.id.clone()).or_insert((s, q, order));
                order += 1;
            }
        }
        starts.push(order);
        let (tested, tested_at) = tested_places(&sections, &index);
        Questionnaire {
            id,
            version,
            title,
            description,
            capacity_areas,
            sections,
            index,
            starts,
            tested,
            tested_at,
        }
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.index
            .get(id)
            .map(|&(s, q, _)| &self.sections[s].questions[q])
    }

    /// How many questions there are in all.
    pub fn question_count(&self) -> usize {
        self.starts.last().copied().unwrap_or(0)
    }

    /// The place of a question among all questions, in order.
    fn order_of(&self, id: &str) -> Option<usize> {
        self.index.get(id).map(|&(_, _, order)| order)
    }

    /// The place among the sections of the section holding a question.
    pub fn section_index_of(&self, id: &str) -> Option<usize> {
        self.index.get(id).map(|&(s, _, _)| s)
    }

    /// The section holding a question.
    pub fn section_of(&self, id: &str) -> Option<&Section> {
        self.index.get(id).map(|&(s, _, _)| &self.sections[s])
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
        let (answer_places, given) = self.by_place(answers);
        let mut flags: Vec<bool> = Vec::with_capacity(given.len());
        for (p, q) in self.questions().enumerate() {
            let tested = &self.tested[self.tested_at[p]..self.tested_at[p + 1]];
            let visible = match &q.show_if {
                None => true,
                Some(cond) => cond.holds(&|id| {
                    let i = tested.iter().find(|(t, _)| t == id)?.1?;
                    if flags.get(i).copied().unwrap_or(false) {
                        given[i]
                    } else {
                        None
                    }
                }),
            };
            flags.push(visible);
        }
        let answered = given.iter().map(Option::is_some).collect();
        Shown {
            q: self,
            flags,
            answered,
            answer_places,
        }
    }

    /// The place of each answer's question, in the answers' order; and the answer to each
    /// question by its place, so a condition reads it without searching the answers.
    fn by_place<'a>(&self, answers: &'a Answers) -> (Vec<Option<usize>>, Vec<Option<&'a Answer>>) {
        let places: Vec<Option<usize>> = answers.keys().map(|id| self.order_of(id)).collect();
        let mut given = vec![None; self.question_count()];
        for (answer, place) in answers.values().zip(&places) {
            if let Some(i) = *place {
                given[i] = Some(answer);
            }
        }
        (places, given)
    }

    /// The answers to questions these answers show; an answer left behind under a question
    /// that is now hidden does not count.
    pub fn shown_answers(&self, answers: &Answers) -> Answers {
        let shown = self.visibility(answers);
        // The places were read from these same answers, in this same order.
        answers
            .iter()
            .zip(&shown.answer_places)
            .filter(|(_, place)| place.is_some_and(|i| shown.flags[i]))
            .map(|((k, v), _)| (k.clone(), v.clone()))
            .collect()
    }

    /// The questions shown for these answers, in order.
    pub fn visible_questions(&self, answers: &Answers) -> Vec<&Question> {
        self.visibility(answers).questions().collect()
    }

    /// Required questions that are shown but not answered.
    pub fn missing_required(&self, answers: &Answers) -> Vec<&Question> {
        self.visibility(answers).missing_required()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::diag::Source;

    /// Two sections; in the second, `later` is asked when the first section's `hosting`
    /// is local, through a named condition read far from the question it tests.
    const TEXT: &str = r#"
id = "q"
title = "Q"
version = "1"
[conditions]
local = { question = "hosting", equals = "local" }
[[sections]]
id = "first"
title = "First"
intro = "I"
[[sections.questions]]
id = "hosting"
kind = "single_choice"
prompt = "Where?"
help = "H"
required = true
options = [{ id = "local", label = "Local" }, { id = "saas", label = "SaaS" }]
[[sections.questions]]
id = "note"
kind = "text"
prompt = "Note?"
help = "H"
[[sections]]
id = "second"
title = "Second"
intro = "I"
[[sections.questions]]
id = "later"
kind = "text"
prompt = "Later?"
help = "H"
required = true
show_if = { condition = "local" }
[[sections.questions]]
id = "last"
kind = "text"
prompt = "Last?"
help = "H"
required = true
"#;

    fn questionnaire() -> Questionnaire {
        parse(Source::new("q.toml", TEXT)).expect("valid").0
    }

    fn answers(pairs: &[(&str, Answer)]) -> Answers {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    #[test]
    fn questions_keep_their_sections_and_order() {
        let q = questionnaire();
        let ids: Vec<Vec<&str>> = q
            .sections
            .iter()
            .map(|s| s.questions.iter().map(|x| x.id.as_str()).collect())
            .collect();
        assert_eq!(ids, [vec!["hosting", "note"], vec!["later", "last"]]);
        assert_eq!(q.question_count(), 4);
        assert_eq!(q.section_index_of("last"), Some(1));
        assert!(q.question("later").unwrap().show_if.is_some());
    }

    /// Shown is read by place: every way of reading it agrees with the answers by id.
    #[test]
    fn shown_by_place_agrees_with_the_answers() {
        let q = questionnaire();
        let saas = Answer::Choice("saas".into());
        let given = answers(&[("hosting", saas), ("later", Answer::Text("kept".into()))]);
        let shown = q.visibility(&given);
        assert_eq!(shown.get("later"), Some(&false));
        assert_eq!(shown.get("nothing"), None);
        assert!(shown["hosting"] && shown["last"]);
        let ids =
            |list: Vec<&Question>| -> Vec<String> { list.iter().map(|x| x.id.clone()).collect() };
        assert_eq!(ids(shown.missing_required()), ["last"]);
        assert_eq!(ids(shown.hidden_answered().collect()), ["later"]);
        assert_eq!(ids(shown.in_section(1).map(|(x, _)| x).collect()), ["last"]);
        assert_eq!(
            shown.in_section(0).map(|(_, a)| a).collect::<Vec<_>>(),
            [true, false]
        );
        assert_eq!(
            shown.next_after("hosting").map(|x| x.id.as_str()),
            Some("note")
        );
        assert_eq!(
            shown.next_after("note").map(|x| x.id.as_str()),
            Some("last")
        );
        let kept: Vec<String> = q.shown_answers(&given).into_keys().collect();
        assert_eq!(kept, ["hosting"]);

        let local = answers(&[("hosting", Answer::Choice("local".into()))]);
        assert!(q.visibility(&local)["later"]);
        assert_eq!(ids(q.missing_required(&local)), ["later", "last"]);
    }

    #[test]
    fn empty_shown_knows_no_question() {
        let shown = Shown::default();
        assert_eq!(shown.get("hosting"), None);
        assert_eq!(shown.questions().count(), 0);
    }
}
