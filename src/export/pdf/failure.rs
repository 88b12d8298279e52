//! Why a PDF could not be made. These come from the fonts and the PDF libraries, never from
//! the plan, so each says what broke and is reported as a problem with the output file.

use crate::base::diag::{Args, Diagnostic};
use crate::base::key;

#[derive(Debug, thiserror::Error)]
#[error("{}", self.diagnostic().message())]
pub enum Failure {
    /// A font built into the program cannot be read: a broken build.
    Font(&'static str),
    /// printpdf refused the document; its own words.
    NotBuilt(String),
    /// The export time cannot be stated in the PDF's date form.
    Time(String),
    /// An outline entry points past the last page.
    Outline,
    /// The PDF's object structure could not be changed or written.
    Structure(#[from] lopdf::Error),
}

impl Failure {
    /// The failure as a problem, not yet placed.
    pub fn diagnostic(&self) -> Diagnostic {
        let (key, args): (&'static str, Args) = match self {
            Failure::Font(name) => (key::pdf::export::FONT, vec![("name", name.to_string())]),
            Failure::NotBuilt(e) => (key::pdf::export::NOT_BUILT, vec![("error", e.clone())]),
            Failure::Time(e) => (key::pdf::export::TIME, vec![("error", e.clone())]),
            Failure::Outline => (key::pdf::export::OUTLINE, Vec::new()),
            Failure::Structure(e) => (key::pdf::export::FAILED, vec![("error", e.to_string())]),
        };
        Diagnostic::error(key, args)
    }
}
