//! Reading the YAML of Ansible inventories and secrets files as Ansible does, so `hostplan
//! check` can point at the line and column of a bad value.
//!
//! The syntax is read by `saphyr-parser`, a maintained YAML parser that reports every
//! error with its line and column: a broken indent, an unclosed quote or a double-quoted
//! escape is read exactly as a YAML parser reads it, never guessed. This module turns its
//! events into located scalars and notes keys set twice in one mapping.
//!
//! What a plain scalar *means* differs between YAML versions: Ansible's PyYAML follows
//! YAML 1.1, where `yes`, `on` and `12:30` are a boolean and a number. [`plain_type`]
//! answers as YAML 1.1 does (and YAML 1.2 where it calls more things numbers), since the
//! question it serves is "could a reader take this for something other than text?".
//!
//! Anchors, aliases and tags are refused with a message: a value checked here must be the
//! value written at that place, and Primero's own files never use them.

use crate::base::diag::Diagnostic;
use crate::base::key;
pub use crate::base::yaml_plain::plain_type;
use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span};
use std::collections::HashMap;

/// How a scalar was written; it decides what YAML makes of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    Single,
    Double,
    /// A `|` or `>` block.
    Block,
    /// `key:` with nothing after it and nothing nested: YAML's null.
    Empty,
}

/// One scalar value with the keys leading to it.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// Keys from the top, such as `["all", "hosts", "cpims.example.org", "primero_host"]`.
    pub path: Vec<String>,
    /// The value as YAML reads it: quotes removed, escapes replaced, blocks joined.
    pub text: String,
    pub style: Style,
    /// The value is an item of a list under the last key.
    pub in_list: bool,
    /// Where the value starts (for [`Style::Empty`], where its key starts), from 1.
    pub line: usize,
    pub column: usize,
}

impl Entry {
    pub fn key(&self) -> &str {
        self.path.last().map_or("", String::as_str)
    }

    /// What YAML 1.1 (as Ansible and Ruby read it) makes of a plain scalar other than
    /// text: `Some("boolean")`, `Some("null")` or `Some("number")`.
    pub fn plain_type(&self) -> Option<&'static str> {
        match self.style {
            Style::Empty => Some("null"),
            Style::Plain => plain_type(&self.text),
            _ => None,
        }
    }
}

/// Why reading stopped: a diagnostic placed at a line and column (the caller names the
/// file), worded by a `config.yaml.` catalogue key. Its text may name `{detail}`, what the
/// YAML parser said in English; empty for problems found after parsing.
pub type Error = Diagnostic;

/// A key set twice in one mapping. YAML parsers keep the later value (Ansible warns), so
/// the earlier one is silently lost.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Duplicate {
    /// The keys from the top down to the repeated one.
    pub path: Vec<String>,
    /// Where the key appears again.
    pub line: usize,
    pub column: usize,
    /// Where it appeared first.
    pub first_line: usize,
    pub first_column: usize,
}

impl Duplicate {
    pub fn key(&self) -> &str {
        self.path.last().map_or("", String::as_str)
    }
}

/// Everything read from one YAML file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    /// Every scalar value, in the order written.
    pub entries: Vec<Entry>,
    /// Every key set twice in one mapping, in the order found.
    pub duplicates: Vec<Duplicate>,
}

/// Reads every scalar of a document, in order.
pub fn read(text: &str) -> Result<Vec<Entry>, Error> {
    read_document(text).map(|d| d.entries)
}

/// Reads every scalar of a document and every key set twice.
pub fn read_document(text: &str) -> Result<Document, Error> {
    if let Some(e) = refused_character(text) {
        return Err(e);
    }
    let mut reader = Reader::default();
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| within(text, scan_error(&e)))?;
        reader.event(event, span)?;
    }
    Ok(reader.doc)
}

/// The first character Ansible's YAML reader (PyYAML) refuses, or reads as a line break
/// where YAML 1.2 does not (U+0085, U+2028, U+2029), located. A value holding one would
/// pass a YAML 1.2 parser and still stop Ansible, or reach it cut in two.
fn refused_character(text: &str) -> Option<Error> {
    let printable = |c: char| {
        matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
            || c >= '\u{10000}'
    };
    let breaks = |c: char| matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}');
    for (n, line) in text.split('\n').enumerate() {
        for (column, c) in line.chars().enumerate() {
            if breaks(c) || !printable(c) {
                let code = format!("U+{:04X}", u32::from(c));
                return Some(located(
                    (n + 1, column + 1),
                    key::config::yaml::CHARACTER,
                    code,
                ));
            }
        }
    }
    None
}

/// 1-based line and column of a span's start (the parser counts columns from 0).
fn start(span: Span) -> (usize, usize) {
    (span.start.line(), span.start.col() + 1)
}

fn error(at: (usize, usize), key: &'static str) -> Error {
    located(at, key, String::new())
}

fn located(at: (usize, usize), key: &'static str, detail: String) -> Error {
    Diagnostic::error(key, vec![("detail", detail)]).at(at)
}

/// The parser places an error at the end of a text whose last line has no line break
/// one line past that line; the error is put at the end of the last line instead.
fn within(text: &str, mut e: Error) -> Error {
    let lines = text.split('\n').count();
    if e.line > lines {
        let last = text.rsplit('\n').next().unwrap_or_default();
        e.line = lines;
        e.column = last.chars().count() + 1;
    }
    e
}

/// The parser's error, with the catalogue key that explains it best.
fn scan_error(e: &ScanError) -> Error {
    let info = e.info();
    let has = |words: &[&str]| words.iter().any(|w| info.contains(w));
    let key = if has(&["tab"]) {
        key::config::yaml::TAB
    } else if has(&["in quoted scalar", "scanning a quoted scalar"]) {
        // A quote left open runs on to the next line, where the parser then finds the
        // indentation wrong: the quote is the mistake to point at.
        key::config::yaml::UNCLOSED
    } else if has(&[
        "expected key",
        "'-' indicator",
        "indentation",
        "wrongly indented",
    ]) {
        key::config::yaml::INDENT
    } else if has(&["mapping values are not allowed"]) {
        key::config::yaml::COLON
    } else if has(&["end of stream", "expected ',' or"]) {
        key::config::yaml::UNCLOSED
    } else if has(&["escape", "hexadecimal"]) {
        key::config::yaml::ESCAPE
    } else if has(&["trailing content"]) {
        key::config::yaml::AFTER_QUOTE
    } else if has(&["simple key"]) {
        key::config::yaml::NO_KEY
    } else if has(&["anchor"]) {
        key::config::yaml::ANCHOR
    } else {
        key::config::yaml::SYNTAX
    };
    located(
        (e.marker().line(), e.marker().col() + 1),
        key,
        info.to_string(),
    )
}

/// A key read, waiting for its value.
struct Key {
    text: String,
    at: (usize, usize),
}

/// An open mapping or list.
enum Frame {
    Map {
        /// Every key so far, with where it was first set.
        seen: HashMap<String, (usize, usize)>,
        key: Option<Key>,
        /// Its key was pushed onto the path (it is the value of a mapping key).
        named: bool,
    },
    List {
        named: bool,
    },
}

#[derive(Default)]
struct Reader {
    frames: Vec<Frame>,
    path: Vec<String>,
    documents: usize,
    doc: Document,
}

impl Reader {
    fn event(&mut self, event: Event, span: Span) -> Result<(), Error> {
        let at = start(span);
        match event {
            Event::DocumentStart(_) => {
                // Ansible reads one document per file and refuses a second.
                self.documents += 1;
                if self.documents > 1 {
                    return Err(error(at, key::config::yaml::DOCUMENTS));
                }
            }
            Event::Alias(_) => return Err(error(at, key::config::yaml::ANCHOR)),
            Event::Scalar(value, style, anchor, tag) => {
                refuse_anchor(anchor, tag.is_some(), at)?;
                self.scalar(value.into_owned(), style, span)?;
            }
            Event::MappingStart(anchor, tag) => {
                refuse_anchor(anchor, tag.is_some(), at)?;
                self.open(true, at)?;
            }
            Event::SequenceStart(anchor, tag) => {
                refuse_anchor(anchor, tag.is_some(), at)?;
                self.open(false, at)?;
            }
            Event::MappingEnd | Event::SequenceEnd => self.close(),
            _ => {}
        }
        Ok(())
    }

    /// A scalar: a mapping's key, a mapping's value, a list item, or the whole document.
    fn scalar(&mut self, value: String, style: ScalarStyle, span: Span) -> Result<(), Error> {
        let at = start(span);
        let (style, text) = match style {
            // `key:` with nothing after it: the parser gives an empty plain scalar there.
            ScalarStyle::Plain if value.is_empty() && span.is_empty() => (Style::Empty, value),
            ScalarStyle::Plain => (Style::Plain, value),
            ScalarStyle::SingleQuoted => (Style::Single, value),
            ScalarStyle::DoubleQuoted => (Style::Double, value),
            ScalarStyle::Literal | ScalarStyle::Folded => (Style::Block, value),
        };
        match self.frames.last_mut() {
            None if style == Style::Empty => Ok(()),
            None => Err(error(at, key::config::yaml::NOT_MAPPING)),
            Some(Frame::List { .. }) => {
                let path = self.path.clone();
                self.push(path, text, style, true, at);
                Ok(())
            }
            Some(Frame::Map { key: None, .. }) => {
                self.key(text, at);
                Ok(())
            }
            Some(Frame::Map { key, .. }) => {
                let key = key.take().expect("a key waits for its value");
                let mut path = self.path.clone();
                path.push(key.text);
                let at = if style == Style::Empty { key.at } else { at };
                self.push(path, text, style, false, at);
                Ok(())
            }
        }
    }

    /// A mapping key: noted, and checked against the keys before it in the same mapping.
    fn key(&mut self, text: String, at: (usize, usize)) {
        let Some(Frame::Map { seen, key, .. }) = self.frames.last_mut() else {
            return;
        };
        if let Some(first) = seen.get(&text) {
            let mut path = self.path.clone();
            path.push(text.clone());
            self.doc.duplicates.push(Duplicate {
                path,
                line: at.0,
                column: at.1,
                first_line: first.0,
                first_column: first.1,
            });
        } else {
            seen.insert(text.clone(), at);
        }
        *key = Some(Key { text, at });
    }

    fn push(
        &mut self,
        path: Vec<String>,
        text: String,
        style: Style,
        in_list: bool,
        at: (usize, usize),
    ) {
        self.doc.entries.push(Entry {
            path,
            text,
            style,
            in_list,
            line: at.0,
            column: at.1,
        });
    }

    /// A mapping or list starts: as a mapping's value (named by its key), as a list item,
    /// or as the whole document.
    fn open(&mut self, map: bool, at: (usize, usize)) -> Result<(), Error> {
        let named = match self.frames.last_mut() {
            None => {
                if !map {
                    return Err(error(at, key::config::yaml::NOT_MAPPING));
                }
                false
            }
            Some(Frame::List { .. }) => false,
            // A list or table as a key: Ansible's PyYAML cannot use it either.
            Some(Frame::Map { key: None, .. }) => {
                return Err(error(at, key::config::yaml::COMPLEX_KEY));
            }
            Some(Frame::Map { key: Some(k), .. }) => {
                self.path.push(k.text.clone());
                true
            }
        };
        self.frames.push(if map {
            Frame::Map {
                seen: HashMap::new(),
                key: None,
                named,
            }
        } else {
            Frame::List { named }
        });
        Ok(())
    }

    /// A mapping or list ends; the key it was the value of is done.
    fn close(&mut self) {
        let named = match self.frames.pop() {
            Some(Frame::Map { named, .. } | Frame::List { named }) => named,
            None => false,
        };
        if named {
            self.path.pop();
            if let Some(Frame::Map { key, .. }) = self.frames.last_mut() {
                *key = None;
            }
        }
    }
}

/// Anchors, aliases and tags would make a value stand somewhere other than where it is
/// written (or mean something other than text), so they are refused.
fn refuse_anchor(anchor: usize, tagged: bool, at: (usize, usize)) -> Result<(), Error> {
    if anchor != 0 || tagged {
        Err(error(at, key::config::yaml::ANCHOR))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flat(text: &str) -> Vec<(String, String, Style, usize, usize)> {
        read(text)
            .unwrap()
            .into_iter()
            .map(|e| (e.path.join("."), e.text, e.style, e.line, e.column))
            .collect()
    }

    #[test]
    fn nested_mappings_quotes_lists_and_comments() {
        let text = "---\n# top\nall:\n  hosts:\n    h.example.org:\n      a: 'it''s' # note\n      b: true\n      c: ^x\\^y^\n      d: ['{{ h }}', plain]\n      e:\n      - one\n      - two\n      f:\n      env:\n        K: '587'\n"
            .replace('^', "\"");
        let got = flat(&text);
        let host = "all.hosts.h.example.org";
        assert_eq!(
            got,
            vec![
                (format!("{host}.a"), "it's".into(), Style::Single, 6, 10),
                (format!("{host}.b"), "true".into(), Style::Plain, 7, 10),
                (
                    format!("{host}.c"),
                    "x^y".replace('^', "\""),
                    Style::Double,
                    8,
                    10
                ),
                (format!("{host}.d"), "{{ h }}".into(), Style::Single, 9, 11),
                (format!("{host}.d"), "plain".into(), Style::Plain, 9, 22),
                (format!("{host}.e"), "one".into(), Style::Plain, 11, 9),
                (format!("{host}.e"), "two".into(), Style::Plain, 12, 9),
                (format!("{host}.f"), "".into(), Style::Empty, 13, 7),
                (format!("{host}.env.K"), "587".into(), Style::Single, 15, 12),
            ]
        );
    }

    #[test]
    fn double_quoted_escapes_are_read_as_yaml_reads_them() {
        let text = "a: ^a\\tb^\nb: ^\\u00e9^\nc: ^\\x41\\n^\nd: ^\\\\^\n".replace('^', "\"");
        let got: Vec<String> = flat(&text).into_iter().map(|e| e.1).collect();
        assert_eq!(got, ["a\tb", "\u{e9}", "A\n", "\\"]);
    }

    #[test]
    fn blocks_keep_their_lines() {
        let text = "cert: |\n  -----BEGIN-----\n  abc\n\nnext: 'x'\n";
        let got = flat(text);
        assert_eq!(got[0].1, "-----BEGIN-----\nabc\n");
        assert_eq!(got[0].2, Style::Block);
        assert_eq!((got[1].0.as_str(), got[1].3), ("next", 5));
    }

    #[test]
    fn flow_tables_and_lists_of_tables_are_read() {
        let got = flat("a: {b: 'c'}\nd:\n  - e: f\n  - [g]\n");
        let paths: Vec<(&str, &str)> = got.iter().map(|e| (e.0.as_str(), e.1.as_str())).collect();
        assert_eq!(paths, [("a.b", "c"), ("d.e", "f"), ("d", "g")]);
    }

    #[test]
    fn broken_and_refused_lines_are_located() {
        for (text, at, key) in [
            (
                "all:\n  hosts:\n    h:\n      a: 'x'\n     b: 'y'\n",
                (5, 6),
                "config.yaml.indent",
            ),
            ("a: *ref\n", (1, 4), "config.yaml.anchor"),
            ("a: &ref 1\n", (1, 4), "config.yaml.anchor"),
            ("a: !vault 1\n", (1, 4), "config.yaml.anchor"),
            ("a: 'open\n", (1, 4), "config.yaml.unclosed"),
            ("a: [x, y\n", (2, 1), "config.yaml.unclosed"),
            ("a:\n\tb: c\n", (2, 2), "config.yaml.tab"),
            ("a: b: c\n", (1, 5), "config.yaml.colon"),
            ("ok: 1\njust words\n", (3, 1), "config.yaml.no_key"),
            ("a: 'x' y\n", (1, 8), "config.yaml.after_quote"),
            ("a: ^\\q^\n", (1, 4), "config.yaml.escape"),
            ("a: 1\n---\nb: 2\n", (2, 1), "config.yaml.documents"),
            ("- a\n", (1, 1), "config.yaml.not_mapping"),
            ("just text\n", (1, 1), "config.yaml.not_mapping"),
            ("? [a]\n: b\n", (1, 3), "config.yaml.complex_key"),
            ("a: 1\nb: 'x\u{7f}'\n", (2, 6), "config.yaml.character"),
            ("a: 'x\u{2028}y'\n", (1, 6), "config.yaml.character"),
            ("a: 'x\u{1b}'\n", (1, 6), "config.yaml.character"),
        ] {
            let text = text.replace('^', "\"");
            let e = read(&text).unwrap_err();
            assert_eq!(((e.line, e.column), e.key()), (at, key), "{text:?}: {e:?}");
        }
    }

    #[test]
    fn an_empty_file_or_comments_alone_hold_nothing() {
        for text in ["", "# only a comment\n", "---\n"] {
            assert_eq!(read(text).unwrap(), vec![], "{text:?}");
        }
    }

    #[test]
    fn keys_set_twice_are_noted_at_both_places_at_any_depth() {
        let text = "a: 1\nb:\n  c: 2\n  d: 3\n  c: 4\nl:\n  - k: 1\n  - k: 2\na: 5\n";
        let doc = read_document(text).unwrap();
        let got: Vec<(String, usize, usize)> = doc
            .duplicates
            .iter()
            .map(|d| (d.path.join("."), d.first_line, d.line))
            .collect();
        assert_eq!(got, [("b.c".into(), 3, 5), ("a".into(), 1, 9)]);
        // Both values are kept, in order; a reader keeps the later one.
        assert_eq!(doc.entries.iter().filter(|e| e.key() == "a").count(), 2);
    }

    #[test]
    fn plain_types() {
        assert_eq!(plain_type("Yes"), Some("boolean"));
        assert_eq!(plain_type("~"), Some("null"));
        assert_eq!(plain_type("smtp"), None);
        for number in [
            "587",
            "-1",
            "1_000",
            "3.14",
            ".5",
            "5.",
            "1e3",
            "0x1F",
            "0o17",
            "0b101",
            "017",
            "12:30",
            "190:20:30",
            "1:30.5",
            ".inf",
            "-.Inf",
            ".NaN",
        ] {
            assert_eq!(plain_type(number), Some("number"), "{number}");
        }
        for text in [
            "inf", "nan", "infinity", "v2.15.2", "12:60", "1.2.3", "_1", "0x", "e3", "en,fr",
            "10.0.0.1", "1:", ":30",
        ] {
            assert_eq!(plain_type(text), None, "{text}");
        }
    }
}
