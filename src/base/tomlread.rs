//! Reading spanned TOML tables field by field, reporting every problem with its place.

use crate::base::diag::{Args, Collector, Diagnostic, Loaded, Source, args};
use crate::base::key;
use crate::base::strings::{self, Strings};
use std::collections::BTreeMap;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

pub type Value<'i> = Spanned<DeValue<'i>>;

/// Parses a whole document; a syntax error becomes a located problem.
pub fn parse_document<'i>(text: &'i str, c: &mut Collector) -> Option<Spanned<DeTable<'i>>> {
    if let Some(at) = braces_too_deep(text) {
        c.fail(
            at..at + 1,
            None,
            key::load::toml::TOO_DEEP_BRACES,
            Vec::new(),
        );
        return None;
    }
    match DeTable::parse(text) {
        Ok(doc) => Some(doc),
        Err(e) => {
            let span = e.span().unwrap_or_else(|| unplaced_error_line(text));
            let message = e.message().trim().trim_end_matches('.').to_string();
            // The parser's own words for its nesting limit mean nothing to a reader.
            if message.contains("recursion limit") {
                c.fail(span, None, key::load::toml::TOO_DEEP_KEYS, Vec::new());
            } else {
                c.fail(
                    span,
                    None,
                    key::load::toml::SYNTAX,
                    vec![("reason", message)],
                );
            }
            None
        }
    }
}

/// How deep `{` may nest: the TOML reader's own limit, so nothing it accepts is refused.
const MAX_BRACES: usize = 80;

/// The offset of the first `{` (outside strings and comments) nested deeper than
/// [`MAX_BRACES`]. The TOML reader recovers from an inline table left open by recursing
/// once per `{` that follows, outside its nesting guard, so a file of many such lines
/// overflowed the stack; it is refused before the reader sees it.
fn braces_too_deep(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let (mut i, mut depth) = (0, 0usize);
    // The end of a string opened at `i` by `quote`: at its closing quote (escapes count
    // in basic strings), or at the line's end for a one-line string.
    let skip_string = |i: usize, quote: u8| -> usize {
        let triple = b.get(i..i + 3) == Some(&[quote; 3][..]);
        let mut j = if triple { i + 3 } else { i + 1 };
        while j < b.len() {
            match b[j] {
                b'\\' if quote == b'"' && b.get(j + 1) != Some(&b'\n') => j += 1,
                b'\n' if !triple => return j,
                q if q == quote && (!triple || b.get(j..j + 3) == Some(&[quote; 3][..])) => {
                    return if triple { j + 2 } else { j };
                }
                _ => {}
            }
            j += 1;
        }
        j
    };
    while i < b.len() {
        match b[i] {
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            q @ (b'"' | b'\'') => i = skip_string(i, q),
            b'{' => {
                depth += 1;
                if depth > MAX_BRACES {
                    return Some(i);
                }
            }
            b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

/// The line of an error the TOML reader gives no place for (such as its nesting limit):
/// the first line at which the text read so far fails without a place.
fn unplaced_error_line(text: &str) -> std::ops::Range<usize> {
    let ends: Vec<usize> = text
        .match_indices('\n')
        .map(|(i, _)| i + 1)
        .chain(std::iter::once(text.len()))
        .collect();
    let fails = |n: usize| matches!(DeTable::parse(&text[..ends[n]]), Err(e) if e.span().is_none());
    // The smallest number of lines that fails; the whole text does.
    let (mut lo, mut hi) = (0, ends.len() - 1);
    if !fails(hi) {
        return 0..0;
    }
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if fails(mid) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    let start = if hi == 0 { 0 } else { ends[hi - 1] };
    let end = text[start..ends[hi]].trim_end().len() + start;
    start..end.max(start)
}

/// The help for `word`, a name that is not one of `known`: the key of the text and the
/// values of its placeholders, which are named so they can join a message's own.
pub fn suggestion(word: &str, known: &[&str]) -> (&'static str, Args) {
    match crate::base::suggest::closest(word, known.iter().copied()) {
        Some(near) => (
            key::load::suggest::DID_YOU_MEAN,
            args(&[("suggestion", near)]),
        ),
        None if known.len() <= 12 => (
            key::load::suggest::ONE_OF,
            vec![("known", known.join(", "))],
        ),
        None => (
            key::load::suggest::NONE_CLOSE,
            vec![("known_count", known.len().to_string())],
        ),
    }
}

/// [`suggestion`] worded, for a message that takes it whole as a placeholder's value.
pub fn did_you_mean(word: &str, known: &[&str]) -> String {
    let (key, values) = suggestion(word, known);
    let values: Vec<(&str, &str)> = values.iter().map(|(n, v)| (*n, v.as_str())).collect();
    strings::fill(key, &values)
}

/// An error about `word`, a name that is not one of `known`; its help suggests the closest.
pub fn fail_suggesting(
    c: &mut Collector,
    span: Range<usize>,
    id: Option<&str>,
    key: &'static str,
    mut values: Args,
    word: &str,
    known: &[&str],
) {
    let (help, more) = suggestion(word, known);
    values.extend(more);
    c.add(
        Some(span),
        Diagnostic::error(key, values).about(id).help_at(help),
    );
}

/// Reports keys that are not in `allowed`, suggesting the closest allowed one. `what` is
/// the table in words (one of the `load.what.` texts, or a reader's own).
pub fn check_keys(
    c: &mut Collector,
    table: &DeTable,
    allowed: &[&str],
    id: Option<&str>,
    what: &str,
) {
    for (key, _) in table.iter() {
        if !allowed.contains(&key.get_ref().as_ref()) {
            let name = key.get_ref().as_ref();
            let values = args(&[("key", name), ("what", what)]);
            fail_suggesting(
                c,
                key.span(),
                id,
                key::load::toml::UNKNOWN_KEY,
                values,
                name,
                allowed,
            );
        }
    }
}

pub fn get<'a, 'i>(table: &'a DeTable<'i>, key: &str) -> Option<&'a Value<'i>> {
    table.get(key)
}

/// A string field; reports a wrong type. `None` when absent or wrong.
pub fn string(
    c: &mut Collector,
    table: &DeTable,
    key: &str,
    id: Option<&str>,
) -> Option<(String, Range<usize>)> {
    let v = get(table, key)?;
    match v.get_ref() {
        DeValue::String(s) => Some((s.to_string(), v.span())),
        other => {
            let values = args(&[("key", key), ("@found", type_key(other))]);
            c.fail(v.span(), id, key::load::toml::NOT_A_STRING, values);
            None
        }
    }
}

/// A string field that must be present and not blank. `what` is the table in words.
pub fn required_string(
    c: &mut Collector,
    table: &DeTable,
    table_span: &Range<usize>,
    key: &str,
    id: Option<&str>,
    what: &str,
) -> Option<(String, Range<usize>)> {
    match string(c, table, key, id) {
        Some((s, span)) if s.trim().is_empty() => {
            let values = args(&[("key", key), ("what", what)]);
            c.fail(span, id, key::load::toml::EMPTY, values);
            None
        }
        Some(found) => Some(found),
        None if get(table, key).is_none() => {
            let values = args(&[("key", key), ("what", what)]);
            c.fail(table_span.clone(), id, key::load::toml::MISSING, values);
            None
        }
        None => None,
    }
}

/// A snake_case `id` field that must be present. An id that is not snake_case is reported
/// but still returned, so the rest of its table is checked too.
pub fn id_field(
    c: &mut Collector,
    table: &DeTable,
    table_span: &Range<usize>,
    ctx: Option<&str>,
    what: &str,
) -> Option<(String, Range<usize>)> {
    let (id, span) = required_string(c, table, table_span, "id", ctx, what)?;
    if !is_snake_case(&id) {
        let values = args(&[("id", &id)]);
        c.fail(
            span.clone(),
            Some(&id),
            key::load::toml::ID_NOT_SNAKE_CASE,
            values,
        );
    }
    Some((id, span))
}

pub fn is_snake_case(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !id.ends_with('_')
        && !id.contains("__")
}

pub fn boolean(c: &mut Collector, table: &DeTable, key: &str, id: Option<&str>) -> Option<bool> {
    let v = get(table, key)?;
    match v.get_ref() {
        DeValue::Boolean(b) => Some(*b),
        other => {
            let values = args(&[("key", key), ("@found", type_key(other))]);
            c.fail(v.span(), id, key::load::toml::NOT_A_BOOLEAN, values);
            None
        }
    }
}

/// An array of tables, such as `[[sections]]`.
pub fn tables<'a, 'i>(
    c: &mut Collector,
    table: &'a DeTable<'i>,
    key: &str,
    id: Option<&str>,
) -> Vec<(&'a DeTable<'i>, Range<usize>)> {
    let Some(v) = get(table, key) else {
        return Vec::new();
    };
    let DeValue::Array(items) = v.get_ref() else {
        let values = args(&[("key", key), ("@found", type_key(v.get_ref()))]);
        c.fail(v.span(), id, key::load::toml::NOT_A_LIST_OF_TABLES, values);
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items.iter() {
        match item.get_ref() {
            DeValue::Table(t) => out.push((t, item.span())),
            other => {
                let values = args(&[("key", key), ("@found", type_key(other))]);
                c.fail(item.span(), id, key::load::toml::ENTRY_NOT_A_TABLE, values);
            }
        }
    }
    out
}

/// A whole number's value; `Err` holds the catalogue key of what is wrong with it.
pub fn integer_of(v: &DeValue) -> Option<Result<i64, &'static str>> {
    match v {
        DeValue::Integer(i) => {
            Some(i64::from_str_radix(i.as_str(), i.radix()).map_err(|_| key::load::toml::TOO_LARGE))
        }
        _ => None,
    }
}

pub fn float_of(v: &DeValue) -> Option<f64> {
    match v {
        DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
            .ok()
            .map(|n| n as f64),
        _ => None,
    }
}

/// Words for a TOML value's type, for messages.
pub fn type_words(v: &DeValue) -> &'static str {
    strings::get(type_key(v))
}

/// The catalogue key of the words for a TOML value's type. Messages take it as an `@`
/// placeholder value (see `strings`), worded when the message is.
pub fn type_key(v: &DeValue) -> &'static str {
    match v {
        DeValue::String(_) => key::load::toml::r#type::STRING,
        DeValue::Integer(_) => key::load::toml::r#type::INTEGER,
        DeValue::Float(_) => key::load::toml::r#type::FLOAT,
        DeValue::Boolean(_) => key::load::toml::r#type::BOOLEAN,
        DeValue::Datetime(_) => key::load::toml::r#type::DATETIME,
        DeValue::Array(_) => key::load::toml::r#type::ARRAY,
        DeValue::Table(_) => key::load::toml::r#type::TABLE,
    }
}

/// The strings catalogue's reader sits here rather than in `strings`: it is a TOML reader
/// like the others, and `strings` words the problems of every reader, this one included.
impl Strings {
    /// Reads catalogue files; every problem in every file at once.
    pub fn parse(sources: &[(&str, &str)]) -> Loaded<Strings> {
        let mut texts = BTreeMap::new();
        let mut problems = Vec::new();
        for (origin, text) in sources {
            let (file, found) = read_catalogue_file(origin, text);
            texts.extend(file.texts.into_iter().map(|t| (t.key, t.text)));
            problems.extend(found);
        }
        if crate::base::diag::has_errors(&problems) {
            Err(problems)
        } else {
            Ok((Strings::from_texts(texts), problems))
        }
    }
}

/// A catalogue file as read: each text and each table with where it is.
#[derive(Debug, Default)]
pub struct CatalogueFile {
    pub texts: Vec<Placed>,
    /// Every table by its full key, at its name.
    pub tables: Vec<(String, Range<usize>)>,
}

/// One text of a catalogue file: its full key, the place of its value, the text.
#[derive(Debug)]
pub struct Placed {
    pub key: String,
    pub span: Range<usize>,
    pub text: String,
}

/// Reads one catalogue file, keyed by its file name; with every problem found in it.
pub fn read_catalogue_file(origin: &str, text: &str) -> (CatalogueFile, Vec<Diagnostic>) {
    read_catalogue_keyed(origin, text, &strings::file_prefix(origin))
}

/// Reads one file in the catalogue's format whose keys start with `prefix`: the file's
/// name in the strings catalogue; nothing (`""`) in a questionnaire's translation, whose
/// tables name the parts they translate.
pub fn read_catalogue_keyed(
    origin: &str,
    text: &str,
    prefix: &str,
) -> (CatalogueFile, Vec<Diagnostic>) {
    let mut c = Collector::new(Source::new(origin, text));
    let mut file = CatalogueFile::default();
    if let Some(doc) = parse_document(text, &mut c) {
        read_catalogue_table(&mut c, doc.get_ref(), prefix, &mut file);
    }
    (file, c.finish())
}

fn read_catalogue_table(
    c: &mut Collector,
    table: &DeTable,
    prefix: &str,
    file: &mut CatalogueFile,
) {
    for (key, value) in table.iter() {
        let name = key.get_ref().as_ref();
        let full = if prefix.is_empty() {
            name.to_string()
        } else {
            format!("{prefix}.{name}")
        };
        if !is_snake_case(name) {
            let values = args(&[("name", name)]);
            c.fail(
                key.span(),
                Some(&full),
                key::load::catalogue::NOT_A_KEY,
                values,
            );
            continue;
        }
        match value.get_ref() {
            DeValue::String(s) => {
                if let Err(problem) = check_placeholders(s) {
                    let d = Diagnostic::error(problem.key(), problem.args())
                        .about(Some(&full))
                        .help_at(key::load::catalogue_help::PLACEHOLDER);
                    c.add(Some(value.span()), d);
                }
                file.texts.push(Placed {
                    key: full,
                    span: value.span(),
                    text: s.to_string(),
                });
            }
            DeValue::Table(inner) => {
                file.tables.push((full.clone(), key.span()));
                read_catalogue_table(c, inner, &full, file);
            }
            other => {
                let values = args(&[("name", name), ("@found", type_key(other))]);
                c.fail(
                    value.span(),
                    Some(&full),
                    key::load::catalogue::NOT_A_TEXT,
                    values,
                );
            }
        }
    }
}

/// What is wrong with a text's placeholders.
#[derive(Debug, PartialEq)]
enum PlaceholderProblem {
    /// A `}` that closes nothing and is not doubled.
    StrayClose,
    /// A `{` that is not doubled and never closed.
    Unclosed,
    /// `{...}` around something that is not a snake_case name.
    NotAName(String),
}

impl PlaceholderProblem {
    fn key(&self) -> &'static str {
        match self {
            PlaceholderProblem::StrayClose => key::load::catalogue::STRAY_CLOSE,
            PlaceholderProblem::Unclosed => key::load::catalogue::UNCLOSED,
            PlaceholderProblem::NotAName(_) => key::load::catalogue::NOT_A_PLACEHOLDER,
        }
    }

    fn args(&self) -> Args {
        match self {
            PlaceholderProblem::NotAName(name) => vec![("placeholder", format!("{{{name}}}"))],
            _ => Vec::new(),
        }
    }
}

/// Placeholders are `{snake_case}` and a brace meant as itself is doubled; a lone brace is
/// a typing slip.
fn check_placeholders(text: &str) -> Result<(), PlaceholderProblem> {
    let mut rest = text;
    while let Some(at) = rest.find(['{', '}']) {
        let brace = &rest[at..at + 1];
        let after = &rest[at + 1..];
        if after.starts_with(brace) {
            rest = &after[1..];
            continue;
        }
        if brace == "}" {
            return Err(PlaceholderProblem::StrayClose);
        }
        let Some(close) = after.find('}') else {
            return Err(PlaceholderProblem::Unclosed);
        };
        let name = &after[..close];
        if !is_snake_case(name) {
            return Err(PlaceholderProblem::NotAName(name.to_string()));
        }
        rest = &after[close + 1..];
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholder_slips_are_named() {
        use PlaceholderProblem::*;
        assert_eq!(check_placeholders("a } b"), Err(StrayClose));
        assert_eq!(check_placeholders("a { b"), Err(Unclosed));
        assert_eq!(check_placeholders("{a b}"), Err(NotAName("a b".into())));
        assert_eq!(check_placeholders("{{a b}} {ok}"), Ok(()));
    }
}
