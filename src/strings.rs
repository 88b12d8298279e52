//! The strings catalogue: every label and message a front-end or exporter shows that does
//! not come from a questionnaire. It is TOML data so the wording can be changed, and later
//! translated, without touching code.
//!
//! The catalogue is one set of keys spread over several files, one per front-end or
//! exporter; a key is the file's name, a dot, and the key's path inside the file:
//! `wizard.keys.quit` is `quit` under `[keys]` in `wizard.toml`. A text may hold
//! placeholders such as `{count}`, filled in by [`Strings::fill`].

use crate::diag::{Collector, Diagnostic, Loaded, Severity, Source, Words, usual_help_key};
use crate::tomlread;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;
use toml::de::{DeTable, DeValue};

/// The shipped catalogue files: (name reported in messages, TOML text).
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "assets/strings/common.toml",
        include_str!("../assets/strings/common.toml"),
    ),
    (
        "assets/strings/wizard.toml",
        include_str!("../assets/strings/wizard.toml"),
    ),
    (
        "assets/strings/ask.toml",
        include_str!("../assets/strings/ask.toml"),
    ),
    (
        "assets/strings/pdf.toml",
        include_str!("../assets/strings/pdf.toml"),
    ),
    (
        "assets/strings/config.toml",
        include_str!("../assets/strings/config.toml"),
    ),
    (
        "assets/strings/sizing.toml",
        include_str!("../assets/strings/sizing.toml"),
    ),
    (
        "assets/strings/cli.toml",
        include_str!("../assets/strings/cli.toml"),
    ),
    (
        "assets/strings/runbook.toml",
        include_str!("../assets/strings/runbook.toml"),
    ),
    (
        "assets/strings/load.toml",
        include_str!("../assets/strings/load.toml"),
    ),
    (
        "assets/strings/data.toml",
        include_str!("../assets/strings/data.toml"),
    ),
];

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Strings {
    texts: BTreeMap<String, String>,
}

impl Strings {
    /// Reads catalogue files; every problem in every file at once.
    pub fn parse(sources: &[(&str, &str)]) -> Loaded<Strings> {
        let mut texts = BTreeMap::new();
        let mut problems = Vec::new();
        for (origin, text) in sources {
            let mut c = Collector::new(Source::new(origin, text));
            if let Some(doc) = tomlread::parse_document(text, &mut c) {
                read_table(&mut c, doc.get_ref(), &file_prefix(origin), &mut texts);
            }
            problems.extend(c.finish());
        }
        if crate::diag::has_errors(&problems) {
            Err(problems)
        } else {
            Ok((Strings { texts }, problems))
        }
    }

    /// The shipped catalogue. The tests keep it valid; were it ever broken, texts would show
    /// as their keys rather than stop the program.
    pub fn builtin() -> &'static Strings {
        static BUILT: OnceLock<Strings> = OnceLock::new();
        BUILT.get_or_init(|| Strings::parse(BUILTIN).map(|(s, _)| s).unwrap_or_default())
    }

    /// The text of `key`; the key itself when the catalogue lacks it, so a gap is visible
    /// on screen instead of silent.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.texts.get(key).map_or(key, String::as_str)
    }

    /// The text of a key chosen at run time: `prefix` (ending in a dot, which is how the
    /// code names such keys) followed by `id`.
    pub fn keyed(&self, prefix: &str, id: &str) -> String {
        let key = format!("{prefix}{id}");
        self.texts.get(&key).cloned().unwrap_or(key)
    }

    /// The text of `key` with each `{name}` replaced by its value. One pass over the
    /// text, so a value that itself holds `{name}` (typed by a person) stays as typed.
    pub fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut rest = self.get(key);
        let mut out = String::with_capacity(rest.len());
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let value = after.find('}').and_then(|close| {
                let name = &after[..close];
                let value = args.iter().find(|(n, _)| *n == name)?.1;
                Some((value, close))
            });
            match value {
                Some((value, close)) => {
                    out.push_str(value);
                    rest = &after[close + 1..];
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// A diagnostic's message in this catalogue's words.
    pub fn message(&self, d: &Diagnostic) -> String {
        match &*d.words {
            Words::Key { key, args, .. } => self.fill(key, &pairs(args)),
            Words::Plain { message, .. } => message.clone(),
        }
    }

    /// What to do about a diagnostic, when the catalogue says.
    pub fn help(&self, d: &Diagnostic) -> Option<String> {
        match &*d.words {
            Words::Key { key, args, help } => {
                let help_key = match help {
                    Some(k) => k.to_string(),
                    None => usual_help_key(key)?,
                };
                self.contains(&help_key)
                    .then(|| self.fill(&help_key, &pairs(args)))
            }
            Words::Plain { help, .. } => help.clone(),
        }
    }

    /// A diagnostic as one report line (and a help line): `file:line:column: error [id]:
    /// message`.
    pub fn report(&self, d: &Diagnostic) -> String {
        let mut out = d.origin.clone();
        if d.line > 0 {
            out.push_str(&format!(":{}:{}", d.line, d.column));
        }
        let severity = match d.severity {
            Severity::Error => "common.diagnostic.error",
            Severity::Warning => "common.diagnostic.warning",
        };
        out.push_str(&format!(": {}", self.get(severity)));
        if let Some(id) = &d.id {
            out.push_str(&format!(" [{id}]"));
        }
        out.push_str(&format!(": {}", self.message(d)));
        if let Some(help) = self.help(d) {
            out.push_str(&format!(
                "\n  {}: {help}",
                self.get("common.diagnostic.help")
            ));
        }
        out
    }

    pub fn contains(&self, key: &str) -> bool {
        self.texts.contains_key(key)
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.texts.keys().map(String::as_str)
    }
}

/// A text of the shipped catalogue, for code that has no other (the core's messages, the
/// command line).
pub fn get(key: &'static str) -> &'static str {
    Strings::builtin().get(key)
}

/// A text of the shipped catalogue with its placeholders filled; see [`Strings::fill`].
pub fn fill(key: &str, args: &[(&str, &str)]) -> String {
    Strings::builtin().fill(key, args)
}

fn pairs<'a>(args: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    args.iter().map(|(n, v)| (*n, v.as_str())).collect()
}

/// Diagnostics are worded here rather than in `diag`, which the catalogue's own reader
/// uses; these read the shipped catalogue.
impl Diagnostic {
    pub fn message(&self) -> String {
        Strings::builtin().message(self)
    }

    pub fn help(&self) -> Option<String> {
        Strings::builtin().help(self)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&Strings::builtin().report(self))
    }
}

/// `assets/strings/wizard.toml` holds the keys starting `wizard.`.
fn file_prefix(origin: &str) -> String {
    let name = origin.rsplit(['/', '\\']).next().unwrap_or(origin);
    name.strip_suffix(".toml").unwrap_or(name).to_string()
}

fn read_table(
    c: &mut Collector,
    table: &DeTable,
    prefix: &str,
    texts: &mut BTreeMap<String, String>,
) {
    for (key, value) in table.iter() {
        let name = key.get_ref().as_ref();
        let full = format!("{prefix}.{name}");
        if !tomlread::is_snake_case(name) {
            c.error_help(
                key.span(),
                Some(&full),
                format!("`{name}` is not a valid key"),
                "write keys in snake_case: lower-case letters, digits and underscores",
            );
            continue;
        }
        match value.get_ref() {
            DeValue::String(s) => {
                if let Err(e) = check_placeholders(s) {
                    c.error_help(value.span(), Some(&full), e, "write placeholders as {name}");
                }
                texts.insert(full, s.to_string());
            }
            DeValue::Table(inner) => read_table(c, inner, &full, texts),
            other => c.error_help(
                value.span(),
                Some(&full),
                format!(
                    "`{name}` must be a text in double quotes, not {}",
                    tomlread::type_words(other)
                ),
                "every entry of the catalogue is a text or a table of texts",
            ),
        }
    }
}

/// Placeholders are `{snake_case}`; a lone brace is a typing slip.
fn check_placeholders(text: &str) -> Result<(), String> {
    let mut rest = text;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err("a `}` closes no placeholder".into());
        }
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return Err("a `{` is never closed".into());
        };
        let name = &after[..close];
        if !tomlread::is_snake_case(name) {
            return Err(format!("`{{{name}}}` is not a placeholder name"));
        }
        rest = &after[close + 1..];
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_prefixed_by_file_and_nested_by_table() {
        let (s, _) =
            Strings::parse(&[("x/wizard.toml", "title = \"T\"\n[keys]\nquit = \"quit\"\n")])
                .unwrap();
        assert_eq!(s.get("wizard.title"), "T");
        assert_eq!(s.get("wizard.keys.quit"), "quit");
        assert_eq!(s.get("wizard.keys.missing"), "wizard.keys.missing");
    }

    #[test]
    fn fill_replaces_every_placeholder() {
        let (s, _) =
            Strings::parse(&[("common.toml", "n = \"{done} of {all}, {done}\"\n")]).unwrap();
        assert_eq!(
            s.fill("common.n", &[("done", "3"), ("all", "9")]),
            "3 of 9, 3"
        );
    }

    #[test]
    fn filled_values_are_never_filled_again() {
        let (s, _) = Strings::parse(&[("common.toml", "n = \"`{got}` is not {form}\"\n")]).unwrap();
        assert_eq!(
            s.fill("common.n", &[("got", "{form}"), ("form", "a number")]),
            "`{form}` is not a number"
        );
        assert_eq!(s.fill("common.n", &[]), "`{got}` is not {form}");
    }

    #[test]
    fn bad_entries_are_located() {
        let text = "ok = \"fine\"\nnumber = 3\nbrace = \"{open\"\nBad = \"x\"\n";
        let problems = Strings::parse(&[("common.toml", text)]).unwrap_err();
        let places: Vec<(usize, Option<&str>)> =
            problems.iter().map(|p| (p.line, p.id.as_deref())).collect();
        assert_eq!(
            places,
            vec![
                (2, Some("common.number")),
                (3, Some("common.brace")),
                (4, Some("common.Bad"))
            ]
        );
    }

    #[test]
    fn the_shipped_catalogue_is_valid() {
        let (_, warnings) = Strings::parse(BUILTIN).expect("the shipped catalogue parses");
        assert!(warnings.is_empty(), "{warnings:?}");
    }
}
