//! Why a PDF could not be made. These come from the fonts and the PDF libraries, never from
//! the plan, so each says what broke and is reported as a problem with the output file.

use crate::diag::{Args, Diagnostic};

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
            Failure::Font(name) => ("pdf.export.font", vec![("name", name.to_string())]),
            Failure::NotBuilt(e) => ("pdf.export.not_built", vec![("error", e.clone())]),
            Failure::Time(e) => ("pdf.export.time", vec![("error", e.clone())]),
            Failure::Outline => ("pdf.export.outline", Vec::new()),
            Failure::Structure(e) => ("pdf.export.failed", vec![("error", e.to_string())]),
        };
        Diagnostic::error(key, args)
    }
}
