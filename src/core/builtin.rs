//! The questionnaires and demo plan compiled into the binary, and the set of
//! questionnaires a run works with.

use crate::base::diag::{Loaded, Problem, Source, has_errors};
use crate::base::key;
use crate::core::questionnaire::{self, Questionnaire};

/// Shipped questionnaires: (name reported in messages, TOML text).
pub const QUESTIONNAIRES: &[(&str, &str)] = &[(
    "questionnaires/primero.toml",
    include_str!("../../questionnaires/primero.toml"),
)];

/// The translations built in, written by build.rs from `questionnaires/ID/lang/LANG.toml`.
mod translations {
    include!(concat!(env!("OUT_DIR"), "/questionnaire_translations.rs"));
}

/// The built-in translation files: (questionnaire id, language code, name reported in
/// messages, text).
pub use translations::QUESTIONNAIRE_TRANSLATIONS;

/// The built-in translation files of questionnaire `id`: (language code, name reported,
/// text), by code.
pub fn translations_of(
    id: &str,
) -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    QUESTIONNAIRE_TRANSLATIONS
        .iter()
        .filter(move |(q, ..)| *q == id)
        .map(|(_, code, origin, text)| (*code, *origin, *text))
}

/// The demo plan: a fictional country office planning Tier 4.
pub const DEMO_PLAN: &str = include_str!("../../assets/demo-plan.toml");

/// The name the demo plan is reported under, where a file would be named.
pub fn demo_origin() -> &'static str {
    crate::base::strings::get(key::common::file::DEMO_ORIGIN)
}

/// The questionnaires available to a run.
#[derive(Debug)]
pub struct Catalog {
    pub questionnaires: Vec<Questionnaire>,
}

impl Catalog {
    /// Reads and checks questionnaire texts: (origin, text) pairs. Returns the catalog with
    /// warnings, or every problem in every text.
    pub fn load<S: AsRef<str>>(texts: &[(S, S)]) -> Loaded<Catalog> {
        let mut problems = Vec::new();
        let mut questionnaires: Vec<Questionnaire> = Vec::new();
        for (origin, text) in texts {
            match questionnaire::parse(Source::new(origin.as_ref(), text.as_ref())) {
                Ok((q, warnings)) => {
                    problems.extend(warnings);
                    if questionnaires.iter().any(|other| other.id == q.id) {
                        problems.push(duplicate(origin.as_ref(), &q.id));
                    } else {
                        questionnaires.push(q);
                    }
                }
                Err(found) => problems.extend(found),
            }
        }
        if has_errors(&problems) {
            Err(problems)
        } else {
            Ok((Catalog { questionnaires }, problems))
        }
    }

    /// The shipped questionnaires.
    pub fn builtin() -> Result<Catalog, Vec<Problem>> {
        Catalog::load(QUESTIONNAIRES).map(|(c, _)| c)
    }

    pub fn get(&self, id: &str) -> Option<&Questionnaire> {
        self.questionnaires.iter().find(|q| q.id == id)
    }
}

fn duplicate(origin: &str, id: &str) -> Problem {
    let d = Problem::error(
        key::load::catalog::DUPLICATE_ID,
        vec![("id", id.to_string())],
    );
    d.in_file(origin).about(Some(id))
}
