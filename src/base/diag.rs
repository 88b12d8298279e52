//! Diagnostics: what was found wrong, where, and how bad, for every file hostplan reads or
//! writes. A diagnostic names its words by a catalogue key and the values for that text's
//! placeholders; `strings` words it, so the same diagnostic can be shown in any language
//! the catalogue has.

use std::borrow::Cow;
use std::ops::Range;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// Values for a text's `{name}` placeholders.
pub type Args = Vec<(&'static str, String)>;

/// Placeholder values from borrowed text.
pub fn args(pairs: &[(&'static str, &str)]) -> Args {
    pairs.iter().map(|(n, v)| (*n, v.to_string())).collect()
}

/// What a diagnostic says: a catalogue text and its placeholders' values, with the key of
/// what to do about it.
#[derive(Clone, Debug, PartialEq)]
pub struct Words {
    pub key: Cow<'static, str>,
    pub args: Args,
    /// `None` for the usual place: the key with `_help` after its table's name
    /// (`config.folder.missing` has its help at `config.folder_help.missing`).
    pub help: Option<&'static str>,
}

/// One problem in one file. Line and column are 1-based; both are 0 when a problem
/// concerns the file as a whole. The origin is empty while the finder does not know the
/// file (a value checked on its own); the caller names it with [`Diagnostic::in_file`].
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub origin: String,
    pub line: usize,
    pub column: usize,
    /// The question id (or plan key, or setting) the problem is about, when there is one.
    pub id: Option<String>,
    /// Boxed to keep a diagnostic small enough to return in a `Result`.
    pub words: Box<Words>,
}

/// The name most of the code knows a diagnostic by.
pub type Problem = Diagnostic;

impl Diagnostic {
    /// A diagnostic worded by catalogue text `key`, not yet placed.
    pub fn new(severity: Severity, key: impl Into<Cow<'static, str>>, args: Args) -> Self {
        Diagnostic {
            severity,
            origin: String::new(),
            line: 0,
            column: 0,
            id: None,
            words: Box::new(Words {
                key: key.into(),
                args,
                help: None,
            }),
        }
    }

    pub fn error(key: impl Into<Cow<'static, str>>, args: Args) -> Self {
        Diagnostic::new(Severity::Error, key, args)
    }

    pub fn warning(key: impl Into<Cow<'static, str>>, args: Args) -> Self {
        Diagnostic::new(Severity::Warning, key, args)
    }

    /// Its help is at catalogue key `help` rather than the usual place.
    pub fn help_at(mut self, help_key: &'static str) -> Self {
        self.words.help = Some(help_key);
        self
    }

    pub fn in_file(mut self, origin: impl Into<String>) -> Self {
        self.origin = origin.into();
        self
    }

    pub fn at(mut self, (line, column): (usize, usize)) -> Self {
        (self.line, self.column) = (line, column);
        self
    }

    pub fn about(mut self, id: Option<&str>) -> Self {
        self.id = id.map(str::to_string);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The catalogue key it is worded by.
    pub fn key(&self) -> &str {
        &self.words.key
    }

    /// The value given for placeholder `name`.
    pub fn arg(&self, name: &str) -> Option<&str> {
        let args = &self.words.args;
        args.iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The usual key of a text's help: `_help` after the table's name.
pub fn usual_help_key(key: &str) -> Option<String> {
    let (table, name) = key.rsplit_once('.')?;
    Some(format!("{table}_help.{name}"))
}

/// What a loader gives back: the value with its warnings, or every problem found.
pub type Loaded<T> = Result<(T, Vec<Diagnostic>), Vec<Diagnostic>>;

/// True when any problem in the list is an error rather than a warning.
pub fn has_errors(problems: &[Diagnostic]) -> bool {
    problems.iter().any(Diagnostic::is_error)
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
    pub problems: Vec<Diagnostic>,
}

impl<'a> Collector<'a> {
    pub fn new(source: Source<'a>) -> Self {
        Collector {
            source,
            problems: Vec::new(),
        }
    }

    /// Adds `d`, placed in this source at the start of `span` (the whole file for `None`).
    pub fn add(&mut self, span: Option<Range<usize>>, d: Diagnostic) {
        let at = span.map_or((0, 0), |s| self.source.locate(s.start));
        self.problems.push(d.in_file(self.source.origin).at(at));
    }

    /// An error worded by catalogue text `key`.
    pub fn fail(&mut self, span: Range<usize>, id: Option<&str>, key: &'static str, args: Args) {
        self.add(Some(span), Diagnostic::error(key, args).about(id));
    }

    /// A warning worded by catalogue text `key`.
    pub fn warn(&mut self, span: Range<usize>, id: Option<&str>, key: &'static str, args: Args) {
        self.add(Some(span), Diagnostic::warning(key, args).about(id));
    }

    pub fn has_errors(&self) -> bool {
        has_errors(&self.problems)
    }

    /// Problems sorted by position, errors and warnings together.
    pub fn finish(mut self) -> Vec<Diagnostic> {
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
    fn a_collected_diagnostic_is_placed_in_its_source() {
        let mut c = Collector::new(Source::new("q.toml", "a = 1\nport = 70000\n"));
        c.fail(
            6..10,
            Some("smtp_port"),
            "x.y.z",
            vec![("n", "70000".into())],
        );
        let d = &c.finish()[0];
        assert_eq!((d.origin.as_str(), d.line, d.column), ("q.toml", 2, 1));
        assert_eq!((d.key(), d.arg("n")), ("x.y.z", Some("70000")));
        assert_eq!(d.id.as_deref(), Some("smtp_port"));
    }

    #[test]
    fn help_usually_sits_in_the_tables_help_twin() {
        assert_eq!(
            usual_help_key("config.folder.missing").as_deref(),
            Some("config.folder_help.missing")
        );
        assert_eq!(usual_help_key("plain"), None);
    }
}
