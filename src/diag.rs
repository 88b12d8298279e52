//! Problems found in questionnaire and plan files, located by file, line and column.

use std::fmt;
use std::ops::Range;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in one file. Line and column are 1-based; both are 0 when a problem
/// concerns the file as a whole.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub severity: Severity,
    pub origin: String,
    pub line: usize,
    pub column: usize,
    /// The question id (or plan key) the problem is about, when there is one.
    pub id: Option<String>,
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
}

impl Problem {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.origin)?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column)?;
        }
        let word = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {word}")?;
        if let Some(id) = &self.id {
            write!(f, " [{id}]")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// What a loader gives back: the value with its warnings, or every problem found.
pub type Loaded<T> = Result<(T, Vec<Problem>), Vec<Problem>>;

/// True when any problem in the list is an error rather than a warning.
pub fn has_errors(problems: &[Problem]) -> bool {
    problems.iter().any(Problem::is_error)
}

/// A text being read, with the name it is reported under (a file path or a built-in name).
#[derive(Clone, Copy, Debug)]
pub struct Source<'a> {
    pub origin: &'a str,
    pub text: &'a str,
}

impl<'a> Source<'a> {
    pub fn new(origin: &'a str, text: &'a str) -> Self {
        Source { origin, text }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn locate(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        (line, column)
    }
}

/// Collects problems while a source is read.
pub struct Collector<'a> {
    pub source: Source<'a>,
    pub problems: Vec<Problem>,
}

impl<'a> Collector<'a> {
    pub fn new(source: Source<'a>) -> Self {
        Collector {
            source,
            problems: Vec::new(),
        }
    }

    pub fn push(
        &mut self,
        severity: Severity,
        span: Option<Range<usize>>,
        id: Option<&str>,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        let (line, column) = span.map_or((0, 0), |s| self.source.locate(s.start));
        self.problems.push(Problem {
            severity,
            origin: self.source.origin.to_string(),
            line,
            column,
            id: id.map(str::to_string),
            message: message.into(),
            help,
        });
    }

    pub fn error(&mut self, span: Range<usize>, id: Option<&str>, message: impl Into<String>) {
        self.push(Severity::Error, Some(span), id, message, None);
    }

    pub fn error_help(
        &mut self,
        span: Range<usize>,
        id: Option<&str>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.push(Severity::Error, Some(span), id, message, Some(help.into()));
    }

    pub fn warning(&mut self, span: Range<usize>, id: Option<&str>, message: impl Into<String>) {
        self.push(Severity::Warning, Some(span), id, message, None);
    }

    pub fn has_errors(&self) -> bool {
        has_errors(&self.problems)
    }

    /// Problems sorted by position, errors and warnings together.
    pub fn finish(mut self) -> Vec<Problem> {
        self.problems.sort_by_key(|p| (p.line, p.column));
        self.problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_counts_lines_and_characters() {
        let src = Source::new("f.toml", "a = 1\nnom = \"Amélie\" x\n");
        assert_eq!(src.locate(0), (1, 1));
        assert_eq!(src.locate(6), (2, 1));
        // The byte offset of `x` lies past a two-byte character.
        let x = src.text.find(" x").unwrap() + 1;
        assert_eq!(src.locate(x), (2, 16));
        assert_eq!(src.locate(10_000), (3, 1));
    }

    #[test]
    fn problem_display_names_file_line_column_and_id() {
        let p = Problem {
            severity: Severity::Error,
            origin: "q.toml".into(),
            line: 4,
            column: 7,
            id: Some("smtp_port".into()),
            message: "default 70000 is above the maximum 65535".into(),
            help: Some("lower the default".into()),
        };
        assert_eq!(
            p.to_string(),
            "q.toml:4:7: error [smtp_port]: default 70000 is above the maximum 65535\n  help: lower the default"
        );
    }
}
