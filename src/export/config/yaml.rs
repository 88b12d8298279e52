//! A reader for the plain YAML of Ansible inventories and secrets files, so `hostplan
//! check` can point at the line and column of a bad value.
//!
//! It reads block mappings nested by indentation, scalars (plain, single- or double-quoted,
//! or `|` and `>` blocks), and lists of scalars, in block or `[a, b]` form. Anchors,
//! aliases, tags and flow mappings are refused with a message: hand-written files rarely
//! need them and Primero's own samples never use them.

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

/// Written as an escape so the catalogue test, which reads string literals, keeps its
/// place in this file.
const DOUBLE_QUOTE: char = '\u{22}';

/// One scalar value with the keys leading to it.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// Keys from the top, such as `["all", "hosts", "cpims.example.org", "primero_host"]`.
    pub path: Vec<String>,
    pub text: String,
    pub style: Style,
    /// The value is an item of a list under the last key.
    pub in_list: bool,
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

/// What YAML 1.1 makes of `text` written plain, as [`Entry::plain_type`] says.
pub fn plain_type(text: &str) -> Option<&'static str> {
    const BOOLEANS: &[&str] = &["yes", "no", "on", "off", "y", "n", "true", "false"];
    let lower = text.to_ascii_lowercase();
    if BOOLEANS.contains(&lower.as_str()) {
        Some("boolean")
    } else if lower.is_empty() || lower == "~" || lower == "null" {
        Some("null")
    } else if text.parse::<f64>().is_ok() {
        Some("number")
    } else {
        None
    }
}

/// Where reading stopped, and the catalogue key saying why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub line: usize,
    pub column: usize,
    pub key: &'static str,
}

struct Open {
    indent: usize,
    key: String,
    line: usize,
    column: usize,
    /// Nothing nested under it yet.
    childless: bool,
    /// List items follow it at its own indentation.
    items: bool,
}

/// Reads every scalar of a document, in order.
pub fn read(text: &str) -> Result<Vec<Entry>, Error> {
    let lines: Vec<&str> = text
        .lines()
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let mut out = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut n = 0;
    while n < lines.len() {
        let line = lines[n];
        n += 1;
        let content = line.trim_start_matches(' ');
        if skip(content, line) {
            continue;
        }
        let indent = line.len() - content.len();
        if content.starts_with('\t') {
            return Err(error(n, indent + 1, "config.yaml.tab"));
        }
        let item = content == "-" || content.starts_with("- ");
        close(&mut stack, indent, item, &mut out);
        let path: Vec<String> = stack.iter().map(|o| o.key.clone()).collect();
        if let Some(parent) = stack.last_mut() {
            parent.items |= item && parent.indent == indent;
            parent.childless = false;
        }
        if item {
            let rest = content[1..].trim_start();
            let column = indent + 1 + (content.len() - rest.len());
            let (text, style) = scalar(rest, n, column)?;
            out.push(entry(path, text, style, true, n, column));
            continue;
        }
        let (key, rest) = split_key(content).ok_or(error(n, indent + 1, "config.yaml.no_key"))?;
        let column = indent + 1 + (content.len() - rest.len());
        let mut path = path;
        path.push(key.clone());
        if rest.is_empty() || rest.starts_with('#') {
            stack.push(Open {
                indent,
                key,
                line: n,
                column,
                childless: true,
                items: false,
            });
        } else if rest.starts_with('|') || rest.starts_with('>') {
            let (text, used) = block(&lines[n..], indent);
            n += used;
            out.push(entry(path, text, Style::Block, false, n - used, column));
        } else if rest.starts_with('[') {
            for (text, style, at) in flow_list(rest, n, column)? {
                out.push(entry(path.clone(), text, style, true, n, at));
            }
        } else {
            let (text, style) = scalar(rest, n, column)?;
            out.push(entry(path, text, style, false, n, column));
        }
    }
    close(&mut stack, 0, false, &mut out);
    Ok(out)
}

fn skip(content: &str, line: &str) -> bool {
    content.is_empty()
        || content.starts_with('#')
        || (content.len() == line.len() && (line.starts_with("---") || line == "..."))
}

fn error(line: usize, column: usize, key: &'static str) -> Error {
    Error { line, column, key }
}

fn entry(
    path: Vec<String>,
    text: String,
    style: Style,
    in_list: bool,
    line: usize,
    column: usize,
) -> Entry {
    Entry {
        path,
        text,
        style,
        in_list,
        line,
        column,
    }
}

/// Ends the mappings a line at `indent` is no longer inside. A list item may sit at the
/// same indentation as its key, as in Primero's template.
fn close(stack: &mut Vec<Open>, indent: usize, item: bool, out: &mut Vec<Entry>) {
    while let Some(top) = stack.last() {
        let same = item && indent == top.indent && (top.childless || top.items);
        let inside = indent > top.indent || same;
        if inside {
            return;
        }
        let top = stack.pop().expect("the stack is not empty");
        if top.childless {
            let mut path: Vec<String> = stack.iter().map(|o| o.key.clone()).collect();
            path.push(top.key);
            out.push(entry(
                path,
                String::new(),
                Style::Empty,
                false,
                top.line,
                top.column,
            ));
        }
    }
}

/// `key: rest` or `key:`; the key may be quoted.
fn split_key(content: &str) -> Option<(String, &str)> {
    let (key, after) = if let Some(rest) = content.strip_prefix('\'') {
        let end = rest.find('\'')?;
        (rest[..end].to_string(), &rest[end + 1..])
    } else if let Some(rest) = content.strip_prefix(DOUBLE_QUOTE) {
        let end = rest.find(DOUBLE_QUOTE)?;
        (rest[..end].to_string(), &rest[end + 1..])
    } else {
        let end = content
            .find(": ")
            .or_else(|| content.ends_with(':').then(|| content.len() - 1))?;
        (content[..end].trim_end().to_string(), &content[end..])
    };
    let rest = after.strip_prefix(':')?;
    if !(rest.is_empty() || rest.starts_with(' ')) || key.is_empty() {
        return None;
    }
    Some((key, rest.trim_start()))
}

/// A scalar on one line, with any comment after it removed.
fn scalar(rest: &str, line: usize, column: usize) -> Result<(String, Style), Error> {
    let refuse = |key| Err(error(line, column, key));
    match rest.chars().next() {
        None => Ok((String::new(), Style::Empty)),
        Some('\'') => quoted(rest, '\'', line, column).map(|t| (t, Style::Single)),
        Some(DOUBLE_QUOTE) => quoted(rest, DOUBLE_QUOTE, line, column).map(|t| (t, Style::Double)),
        Some('&') | Some('*') | Some('!') => refuse("config.yaml.anchor"),
        Some('{') => refuse("config.yaml.flow_map"),
        Some('[') => refuse("config.yaml.nested_list"),
        Some('|') | Some('>') => refuse("config.yaml.block_item"),
        Some(_) => {
            let text = rest.split(" #").next().unwrap_or(rest).trim_end();
            if text.contains(": ") {
                return refuse("config.yaml.colon");
            }
            Ok((text.to_string(), Style::Plain))
        }
    }
}

/// A quoted scalar that ends on its line, followed by nothing or a comment.
fn quoted(rest: &str, quote: char, line: usize, column: usize) -> Result<String, Error> {
    let (text, used) = match quote {
        '\'' => single_quoted(&rest[1..]),
        _ => double_quoted(&rest[1..]),
    }
    .ok_or(error(line, column, "config.yaml.unclosed"))?;
    let after = rest[1 + used..].trim_start();
    if !(after.is_empty() || after.starts_with('#')) {
        return Err(error(line, column, "config.yaml.after_quote"));
    }
    Ok(text)
}

/// The text up to the closing `'` (a doubled `''` is one quote) and the bytes used,
/// closing quote included.
fn single_quoted(body: &str) -> Option<(String, usize)> {
    let mut text = String::new();
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '\'' {
            text.push(c);
        } else if chars.peek().is_some_and(|(_, n)| *n == '\'') {
            chars.next();
            text.push('\'');
        } else {
            return Some((text, i + 1));
        }
    }
    None
}

fn double_quoted(body: &str) -> Option<(String, usize)> {
    let mut text = String::new();
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            DOUBLE_QUOTE => return Some((text, i + 1)),
            '\\' => {
                let (_, e) = chars.next()?;
                text.push(match e {
                    'n' => '\n',
                    't' => '\t',
                    '0' => '\0',
                    other => other,
                });
            }
            _ => text.push(c),
        }
    }
    None
}

/// The lines of a `|` or `>` block: every following line indented deeper than its key,
/// and blank lines among them. Returns the text and how many lines it took.
fn block(lines: &[&str], key_indent: usize) -> (String, usize) {
    let mut used = 0;
    let mut parts = Vec::new();
    for line in lines {
        let content = line.trim_start_matches(' ');
        let indent = line.len() - content.len();
        if !content.is_empty() && indent <= key_indent {
            break;
        }
        parts.push(content);
        used += 1;
    }
    while parts.last().is_some_and(|p| p.is_empty()) {
        parts.pop();
        used -= 1;
    }
    (parts.join("\n"), used)
}

/// `[a, 'b']` on one line: each item with its style and column.
fn flow_list(rest: &str, line: usize, column: usize) -> Result<Vec<(String, Style, usize)>, Error> {
    let mut items = Vec::new();
    let mut at = 1;
    loop {
        let skipped = rest[at..].len() - rest[at..].trim_start().len();
        at += skipped;
        let part = &rest[at..];
        if let Some(after) = part.strip_prefix(']') {
            let after = after.trim_start();
            if after.is_empty() || after.starts_with('#') {
                return Ok(items);
            }
            return Err(error(line, column, "config.yaml.after_quote"));
        }
        let item_column = column + rest[..at].chars().count();
        let (text, style, used) = match part.chars().next() {
            Some(q @ ('\'' | DOUBLE_QUOTE)) => {
                let found = if q == '\'' {
                    single_quoted(&part[1..])
                } else {
                    double_quoted(&part[1..])
                };
                let (t, used) = found.ok_or(error(line, item_column, "config.yaml.unclosed"))?;
                let style = if q == '\'' {
                    Style::Single
                } else {
                    Style::Double
                };
                (t, style, used + 1)
            }
            Some(_) => {
                let end = part.find([',', ']']).ok_or(error(
                    line,
                    item_column,
                    "config.yaml.unclosed",
                ))?;
                (part[..end].trim_end().to_string(), Style::Plain, end)
            }
            None => return Err(error(line, item_column, "config.yaml.unclosed")),
        };
        items.push((text, style, item_column));
        at += used;
        let after = rest[at..].trim_start();
        at = rest.len() - after.len();
        if let Some(stripped) = after.strip_prefix(',') {
            at = rest.len() - stripped.len();
        } else if !after.starts_with(']') {
            return Err(error(line, item_column, "config.yaml.unclosed"));
        }
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
            .replace('^', &DOUBLE_QUOTE.to_string());
        let got = flat(&text);
        let host = "all.hosts.h.example.org";
        assert_eq!(
            got,
            vec![
                (format!("{host}.a"), "it's".into(), Style::Single, 6, 10),
                (format!("{host}.b"), "true".into(), Style::Plain, 7, 10),
                (
                    format!("{host}.c"),
                    "x^y".replace('^', &DOUBLE_QUOTE.to_string()),
                    Style::Double,
                    8,
                    10
                ),
                (format!("{host}.d"), "{{ h }}".into(), Style::Single, 9, 11),
                (format!("{host}.d"), "plain".into(), Style::Plain, 9, 22),
                (format!("{host}.e"), "one".into(), Style::Plain, 11, 9),
                (format!("{host}.e"), "two".into(), Style::Plain, 12, 9),
                (format!("{host}.f"), "".into(), Style::Empty, 13, 9),
                (format!("{host}.env.K"), "587".into(), Style::Single, 15, 12),
            ]
        );
    }

    #[test]
    fn blocks_keep_their_lines() {
        let text = "cert: |\n  -----BEGIN-----\n  abc\n\nnext: 'x'\n";
        let got = flat(text);
        assert_eq!(got[0].1, "-----BEGIN-----\nabc");
        assert_eq!(got[0].2, Style::Block);
        assert_eq!((got[1].0.as_str(), got[1].3), ("next", 5));
    }

    #[test]
    fn unsupported_and_broken_lines_are_located() {
        for (text, line, key) in [
            ("a: *ref\n", 1, "config.yaml.anchor"),
            ("a: {b: c}\n", 1, "config.yaml.flow_map"),
            ("a: 'open\n", 1, "config.yaml.unclosed"),
            ("a:\n\tb: c\n", 2, "config.yaml.tab"),
            ("a: b: c\n", 1, "config.yaml.colon"),
            ("ok: 1\njust words\n", 2, "config.yaml.no_key"),
            ("a: 'x' y\n", 1, "config.yaml.after_quote"),
        ] {
            let e = read(text).unwrap_err();
            assert_eq!((e.line, e.key), (line, key), "{text:?}");
        }
    }

    #[test]
    fn plain_types() {
        assert_eq!(plain_type("Yes"), Some("boolean"));
        assert_eq!(plain_type("~"), Some("null"));
        assert_eq!(plain_type("587"), Some("number"));
        assert_eq!(plain_type("smtp"), None);
    }
}
