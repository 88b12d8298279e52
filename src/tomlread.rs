//! Reading spanned TOML tables field by field, reporting every problem with its place.

use crate::diag::Collector;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

pub type Value<'i> = Spanned<DeValue<'i>>;

/// Parses a whole document; a syntax error becomes a located problem.
pub fn parse_document<'i>(text: &'i str, c: &mut Collector) -> Option<Spanned<DeTable<'i>>> {
    if let Some(at) = braces_too_deep(text) {
        c.error_help(
            at..at + 1,
            None,
            "this is not valid TOML here: inline tables opened too deeply, or never closed",
            "close each `{` with `}` on the line where it opens",
        );
        return None;
    }
    match DeTable::parse(text) {
        Ok(doc) => Some(doc),
        Err(e) => {
            let span = e.span().unwrap_or_else(|| unplaced_error_line(text));
            let message = e.message().trim().trim_end_matches('.').to_string();
            if message.contains("recursion limit") {
                c.error_help(
                    span,
                    None,
                    "this is not valid TOML here: a key with too many dotted parts, or values nested too deeply",
                    "use fewer parts in the key (a.b.c) or fewer nested lists and tables",
                );
            } else {
                c.error_help(
                    span,
                    None,
                    format!("this is not valid TOML: {message}"),
                    "fix the syntax at this place; TOML strings need double quotes",
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

/// Reports keys that are not in `allowed`, suggesting the closest allowed one.
pub fn check_keys(
    c: &mut Collector,
    table: &DeTable,
    allowed: &[&str],
    id: Option<&str>,
    what: &str,
) {
    for (key, _) in table.iter() {
        if !allowed.contains(&key.get_ref().as_ref()) {
            let help = crate::suggest::did_you_mean(key.get_ref(), allowed);
            c.error_help(
                key.span(),
                id,
                format!("unknown key `{}` in {what}", key.get_ref()),
                help,
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
            c.error(
                v.span(),
                id,
                format!(
                    "`{key}` must be a string in double quotes, not {}",
                    type_words(other)
                ),
            );
            None
        }
    }
}

/// A string field that must be present and not blank.
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
            c.error(span, id, format!("`{key}` of {what} is empty"));
            None
        }
        Some(found) => Some(found),
        None if get(table, key).is_none() => {
            c.error_help(
                table_span.clone(),
                id,
                format!("{what} has no `{key}`"),
                format!("add `{key} = \"...\"`"),
            );
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
        c.error_help(
            span.clone(),
            Some(&id),
            format!("id `{id}` is not snake_case"),
            "use lower-case letters, digits and underscores, starting with a letter",
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
            c.error(
                v.span(),
                id,
                format!("`{key}` must be true or false, not {}", type_words(other)),
            );
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
        c.error(
            v.span(),
            id,
            format!(
                "`{key}` must be a list of tables (`[[{key}]]`), not {}",
                type_words(v.get_ref())
            ),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items.iter() {
        match item.get_ref() {
            DeValue::Table(t) => out.push((t, item.span())),
            other => c.error(
                item.span(),
                id,
                format!(
                    "each entry of `{key}` must be a table, not {}",
                    type_words(other)
                ),
            ),
        }
    }
    out
}

pub fn integer_of(v: &DeValue) -> Option<Result<i64, String>> {
    match v {
        DeValue::Integer(i) => Some(
            i64::from_str_radix(i.as_str(), i.radix())
                .map_err(|_| "the number is too large".to_string()),
        ),
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
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "a whole number",
        DeValue::Float(_) => "a decimal number",
        DeValue::Boolean(_) => "true/false",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}
