//! Who does what under each hosting option: the responsibilities (RACI) matrix.
//!
//! Parties, activities and their letters are data
//! (`questionnaires/primero/responsibilities.toml`); this module reads and checks them and
//! answers questions about them. A cell holds one [`Letters`] code: R, A, AR (accountable
//! and responsible), C or I. A row per hosting option is either such cells or "n/a"; an
//! activity applies under an option when it has a row for it. Every applying row has
//! exactly one accountable party (A or AR) and at least one responsible one (R or AR).
//!
//! [`Matrix::for_plan`] turns the general matrix into one plan's: activities whose
//! `applies_when` fails are dropped, a party whose `not_needed_when` holds hands all its
//! letters to its `stand_in`, and names and notes are filled from the plan's answers.

mod read;
mod texts;

use crate::core::answer::Answer;
use crate::core::options::HostingOption;
use crate::core::questionnaire::{Answers, Condition};
use serde::Serialize;
use std::collections::BTreeMap;

pub const BUILTIN_MATRIX: &str =
    include_str!("../../../questionnaires/primero/responsibilities.toml");
pub const BUILTIN_ORIGIN: &str = "questionnaires/primero/responsibilities.toml";

/// The code of a row that does not apply, as written in the data and the legend.
pub const NOT_APPLICABLE: &str = "n/a";

/// What one party does for one activity under one option.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Letters {
    /// Responsible: does the work.
    R,
    /// Accountable: answers for the result.
    A,
    /// Accountable and responsible.
    AR,
    /// Consulted.
    C,
    /// Informed.
    I,
}

impl Letters {
    pub const ALL: [Letters; 5] = [Letters::R, Letters::A, Letters::AR, Letters::C, Letters::I];

    pub fn code(self) -> &'static str {
        match self {
            Letters::R => "R",
            Letters::A => "A",
            Letters::AR => "AR",
            Letters::C => "C",
            Letters::I => "I",
        }
    }

    pub fn from_code(code: &str) -> Option<Letters> {
        Letters::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The letters of one party taking on another's as well: accountable if either was,
    /// responsible if either was, otherwise consulted before informed. Merging keeps a row's
    /// single A single, since only one of the two can have held it.
    pub fn merge(self, other: Letters) -> Letters {
        let accountable = self.is_accountable() || other.is_accountable();
        let responsible = self.is_responsible() || other.is_responsible();
        match (accountable, responsible) {
            (true, true) => Letters::AR,
            (true, false) => Letters::A,
            (false, true) => Letters::R,
            _ if self == Letters::C || other == Letters::C => Letters::C,
            _ => Letters::I,
        }
    }

    /// A or AR.
    pub fn is_accountable(self) -> bool {
        matches!(self, Letters::A | Letters::AR)
    }

    /// R or AR.
    pub fn is_responsible(self) -> bool {
        matches!(self, Letters::R | Letters::AR)
    }
}

/// One line of the legend: a code (R, A, AR, C, I or n/a) and what it means.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LegendEntry {
    pub code: String,
    pub meaning: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SupportLevel {
    pub level: u8,
    pub title: String,
    pub description: String,
}

/// A text filled from one answer: `text` with `{answer}` replaced by the plan's answer to
/// `question`, used only when that question is shown and answered.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AnswerText {
    pub question: String,
    pub text: String,
}

/// The placeholder an [`AnswerText`] puts the answer in.
pub const ANSWER_PLACEHOLDER: &str = "{answer}";

impl AnswerText {
    fn fill<'a>(&self, answer: &dyn Fn(&str) -> Option<&'a Answer>) -> Option<String> {
        let value = answer(&self.question)?.filled_plain()?;
        Some(self.text.replace(ANSWER_PLACEHOLDER, &value))
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Party {
    pub id: String,
    /// The name for documents; in a plan's matrix, filled from `name_from` when answered.
    pub name: String,
    /// A few letters for narrow table columns; the first word of the name by default.
    pub short: String,
    pub description: String,
    /// The name to use when the plan answers its question.
    #[serde(skip)]
    pub name_from: Option<AnswerText>,
    /// When this holds for a plan, the plan does without the party.
    #[serde(skip)]
    pub not_needed_when: Option<Condition>,
    /// Who takes on the party's letters when it is not needed.
    pub stand_in: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Group {
    pub id: String,
    pub title: String,
}

/// A row: party id to letters. Parties not in it have no part.
pub type Row = BTreeMap<String, Letters>;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Activity {
    pub id: String,
    pub title: String,
    pub description: String,
    /// A group id.
    pub group: String,
    /// The support level (1 to 3) this activity provides, if it is one.
    pub support_level: Option<u8>,
    /// When set, a plan's matrix keeps the activity only if this holds for its answers.
    #[serde(skip)]
    pub applies_when: Option<Condition>,
    /// A sentence added to the description in a plan's matrix when its question is answered.
    #[serde(skip)]
    pub note_from: Option<AnswerText>,
    /// A row per option the activity applies under; options left out are "n/a".
    pub raci: BTreeMap<HostingOption, Row>,
}

impl Activity {
    pub fn applies(&self, option: HostingOption) -> bool {
        self.raci.contains_key(&option)
    }

    /// The letters of a party, or `None` when it has no part or the activity does not apply.
    pub fn letters(&self, option: HostingOption, party: &str) -> Option<Letters> {
        self.raci.get(&option)?.get(party).copied()
    }

    /// The id of the accountable party under `option`, if the activity applies.
    pub fn accountable_id(&self, option: HostingOption) -> Option<&str> {
        self.raci
            .get(&option)?
            .iter()
            .find(|(_, l)| l.is_accountable())
            .map(|(p, _)| p.as_str())
    }
}

/// The whole matrix with its legend, support levels, parties and groups.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Matrix {
    pub legend: Vec<LegendEntry>,
    pub support_levels: Vec<SupportLevel>,
    pub parties: Vec<Party>,
    pub groups: Vec<Group>,
    pub activities: Vec<Activity>,
    /// In a plan's matrix, each party the plan does without and the party acting for it.
    acting: BTreeMap<String, String>,
}

impl Matrix {
    /// The matrix as it applies to one plan: activities whose `applies_when` fails are
    /// left out; a party the plan does without hands its letters to its stand-in, so each
    /// row keeps exactly one accountable party and someone doing the work; names and notes
    /// come from the answers, which are those to the questions the plan shows
    /// ([`Questionnaire::shown_answers`](crate::core::questionnaire::Questionnaire::shown_answers)).
    pub fn for_plan(&self, answers: &Answers) -> Matrix {
        let answer = |id: &str| answers.get(id);
        let mut m = self.clone();
        let not_needed: Vec<&str> = self
            .parties
            .iter()
            .filter(|p| p.not_needed_when.as_ref().is_some_and(|c| c.holds(&answer)))
            .map(|p| p.id.as_str())
            .collect();
        m.acting = not_needed
            .iter()
            .map(|id| (id.to_string(), self.last_stand_in(&not_needed, id)))
            .collect();
        for p in &mut m.parties {
            if let Some(name) = p.name_from.as_ref().and_then(|f| f.fill(&answer)) {
                p.name = name;
            }
        }
        m.activities
            .retain(|a| a.applies_when.as_ref().is_none_or(|c| c.holds(&answer)));
        for a in &mut m.activities {
            if let Some(note) = a.note_from.as_ref().and_then(|f| f.fill(&answer)) {
                a.description = format!("{} {note}", a.description);
            }
            for row in a.raci.values_mut() {
                *row = hand_over(row, &m.acting);
            }
        }
        m
    }

    /// Who acts for a party in this matrix: its stand-in (or the stand-in's, and so on)
    /// when the plan does without it, the party itself otherwise.
    pub fn acting_party<'a>(&'a self, id: &'a str) -> &'a str {
        self.acting.get(id).map_or(id, String::as_str)
    }

    /// Whether the plan needs the party; one it does without has no letters.
    pub fn is_needed(&self, id: &str) -> bool {
        !self.acting.contains_key(id)
    }

    /// The first party along `id`'s chain of stand-ins that the plan needs.
    fn last_stand_in(&self, not_needed: &[&str], id: &str) -> String {
        let mut current = id;
        // The parser refuses stand-ins that go round in a circle; the bound is a backstop.
        for _ in 0..=self.parties.len() {
            let next = self.party(current).and_then(|p| p.stand_in.as_deref());
            match next {
                Some(next) if not_needed.contains(&current) => current = next,
                _ => break,
            }
        }
        current.to_string()
    }

    /// The name of whoever acts for a party, for people; the id itself when unknown.
    pub fn party_name(&self, id: &str) -> String {
        let acting = self.acting_party(id);
        self.party(acting)
            .map_or(id.to_string(), |p| p.name.clone())
    }

    /// The parties with a letter in any row under `option`, in the order of `parties`: the
    /// columns a table of this matrix needs.
    pub fn parties_in_rows(&self, option: HostingOption) -> Vec<&Party> {
        let rows = self.rows(option);
        self.parties
            .iter()
            .filter(|p| rows.iter().any(|a| a.letters(option, &p.id).is_some()))
            .collect()
    }

    pub fn party(&self, id: &str) -> Option<&Party> {
        self.parties.iter().find(|p| p.id == id)
    }

    pub fn party_ids(&self) -> Vec<&str> {
        self.parties.iter().map(|p| p.id.as_str()).collect()
    }

    pub fn activity(&self, id: &str) -> Option<&Activity> {
        self.activities.iter().find(|a| a.id == id)
    }

    pub fn activity_ids(&self) -> Vec<&str> {
        self.activities.iter().map(|a| a.id.as_str()).collect()
    }

    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    pub fn support_level(&self, level: u8) -> Option<&SupportLevel> {
        self.support_levels.iter().find(|s| s.level == level)
    }

    /// What a legend code means.
    pub fn meaning(&self, code: &str) -> Option<&str> {
        self.legend
            .iter()
            .find(|e| e.code == code)
            .map(|e| e.meaning.as_str())
    }

    /// The activities that apply under `option`, in data order.
    pub fn rows(&self, option: HostingOption) -> Vec<&Activity> {
        self.activities
            .iter()
            .filter(|a| a.applies(option))
            .collect()
    }

    /// The accountable party of an activity under `option`; `None` when the activity is
    /// unknown or does not apply.
    pub fn accountable(&self, activity_id: &str, option: HostingOption) -> Option<&Party> {
        let id = self.activity(activity_id)?.accountable_id(option)?;
        self.party(id)
    }

    /// The parties doing the work (R or AR), in the order of `parties`.
    pub fn responsible(&self, activity_id: &str, option: HostingOption) -> Vec<&Party> {
        let Some(a) = self.activity(activity_id) else {
            return Vec::new();
        };
        self.parties
            .iter()
            .filter(|p| {
                a.letters(option, &p.id)
                    .is_some_and(Letters::is_responsible)
            })
            .collect()
    }

    /// The cell as shown in a table: "R", "A", "AR", "C", "I"; "n/a" when the activity does
    /// not apply under `option`; "" when the party has no part or the activity is unknown.
    pub fn letters(&self, activity_id: &str, option: HostingOption, party_id: &str) -> &str {
        match self.activity(activity_id) {
            Some(a) if !a.applies(option) => NOT_APPLICABLE,
            Some(a) => a.letters(option, party_id).map_or("", Letters::code),
            None => "",
        }
    }
}

/// A row with every party's letters moved to whoever acts for it (`acting`: party id to
/// acting party id), merged with what that party already had.
fn hand_over(row: &Row, acting: &BTreeMap<String, String>) -> Row {
    let mut out = Row::new();
    for (party, letters) in row {
        let to = acting.get(party).unwrap_or(party).clone();
        let merged = out.get(&to).map_or(*letters, |l| l.merge(*letters));
        out.insert(to, merged);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::diag::Source;

    pub(super) fn parse(text: &str) -> Result<Matrix, Vec<crate::base::diag::Problem>> {
        let q = crate::core::questionnaire::parse(Source::new("q.toml", QUESTIONS))
            .unwrap_or_else(|p| panic!("{p:#?}"))
            .0;
        Matrix::parse(Source::new("m.toml", text), &q).map(|(m, _)| m)
    }

    const QUESTIONS: &str = r#"
id = "q"
title = "Q"
version = "1"
[[sections]]
id = "s"
title = "S"
intro = "I"
[[sections.questions]]
id = "vendor"
kind = "single_choice"
prompt = "Vendor?"
help = "H"
options = [{ id = "yes", label = "Yes" }, { id = "no", label = "No" }]
"#;

    pub(super) const HEAD: &str = r#"
legend = [
  { code = "R", meaning = "r" }, { code = "A", meaning = "a" }, { code = "AR", meaning = "ar" },
  { code = "C", meaning = "c" }, { code = "I", meaning = "i" }, { code = "n/a", meaning = "na" },
]
support_levels = [{ level = 1, title = "One", description = "d" }]
parties = [
  { id = "unicef", name = "U", description = "d" },
  { id = "local_it", name = "L", description = "d" },
]
groups = [{ id = "ops", title = "Ops" }]
"#;

    #[test]
    fn letters_codes_round_trip() {
        for l in Letters::ALL {
            assert_eq!(Letters::from_code(l.code()), Some(l));
        }
        assert!(Letters::AR.is_accountable() && Letters::AR.is_responsible());
        assert!(!Letters::C.is_accountable() && !Letters::I.is_responsible());
        assert_eq!(Letters::from_code("RA"), None);
    }

    #[test]
    fn minimal_matrix_answers_questions() {
        let text = format!(
            "{HEAD}
[[activities]]
id = \"backups\"
title = \"Backups\"
description = \"d\"
group = \"ops\"
support_level = 1
raci.saas = {{ unicef = \"AR\" }}
raci.tier4 = {{ local_it = \"A\", unicef = \"R\" }}
raci.local = \"n/a\"
"
        );
        let m = parse(&text).unwrap_or_else(|p| panic!("{p:#?}"));
        use HostingOption::*;
        assert_eq!(m.rows(Local).len(), 0);
        assert_eq!(m.rows(Tier4).len(), 1);
        assert_eq!(m.accountable("backups", Tier4).unwrap().id, "local_it");
        assert_eq!(m.responsible("backups", Tier4)[0].id, "unicef");
        assert_eq!(m.letters("backups", Saas, "unicef"), "AR");
        assert_eq!(m.letters("backups", Saas, "local_it"), "");
        assert_eq!(m.letters("backups", Local, "local_it"), "n/a");
        assert_eq!(m.letters("nothing", Saas, "unicef"), "");
        assert!(m.accountable("backups", Local).is_none());
        let json = serde_json::to_value(&m).unwrap();
        assert_eq!(json["activities"][0]["raci"]["tier4"]["local_it"], "A");
        assert!(json["activities"][0]["raci"].get("local").is_none());
    }

    #[test]
    fn merging_keeps_the_strongest_part() {
        use Letters::*;
        assert_eq!(R.merge(A), AR);
        assert_eq!(A.merge(C), A);
        assert_eq!(I.merge(R), R);
        assert_eq!(C.merge(I), C);
        assert_eq!(I.merge(I), I);
        assert_eq!(AR.merge(C), AR);
    }

    #[test]
    fn a_party_not_needed_hands_its_letters_to_its_stand_in() {
        let vendor = r#"  { id = "vendor", name = "V", description = "d", not_needed_when = { question = "vendor", equals = "no" }, stand_in = "local_it" },
]"#;
        let head = HEAD.replacen("\n]\ngroups", &format!("\n{vendor}\ngroups"), 1);
        let text = format!(
            r#"{head}
[[activities]]
id = "backups"
title = "Backups"
description = "d"
group = "ops"
raci.saas = {{ unicef = "AR" }}
raci.tier4 = {{ local_it = "A", vendor = "R", unicef = "C" }}
raci.local = {{ local_it = "C", vendor = "AR" }}

[[activities]]
id = "extra"
title = "Extra"
description = "d"
group = "ops"
applies_when = {{ question = "vendor", equals = "yes" }}
raci.saas = {{ unicef = "AR" }}
raci.tier4 = {{ unicef = "AR" }}
raci.local = {{ unicef = "AR" }}
"#
        );
        let m = parse(&text).unwrap_or_else(|p| panic!("{p:#?}"));
        use HostingOption::*;
        let mut answers = Answers::new();
        answers.insert("vendor".into(), Answer::Choice("no".into()));
        let q = crate::core::questionnaire::parse(Source::new("q.toml", QUESTIONS))
            .unwrap()
            .0;
        let plan = m.for_plan(&q.shown_answers(&answers));
        assert!(!plan.is_needed("vendor"));
        assert_eq!(plan.acting_party("vendor"), "local_it");
        assert_eq!(plan.party_name("vendor"), "L");
        assert_eq!(plan.letters("backups", Tier4, "local_it"), "AR");
        assert_eq!(plan.letters("backups", Tier4, "vendor"), "");
        assert_eq!(plan.letters("backups", Local, "local_it"), "AR");
        assert!(
            plan.activity("extra").is_none(),
            "applies only with a vendor"
        );
        assert!(!plan.parties_in_rows(Tier4).iter().any(|p| p.id == "vendor"));

        answers.insert("vendor".into(), Answer::Choice("yes".into()));
        let plan = m.for_plan(&q.shown_answers(&answers));
        assert!(plan.is_needed("vendor"));
        assert_eq!(plan.acting_party("vendor"), "vendor");
        assert_eq!(plan.letters("backups", Tier4, "vendor"), "R");
        assert!(plan.activity("extra").is_some());
    }
}
