//! The strings catalogue: every label and message a front-end or exporter shows that does
//! not come from a questionnaire. It is TOML data so the wording can be changed, and later
//! translated, without touching code.
//!
//! The catalogue is one set of keys spread over several files, one per front-end or
//! exporter; a key is the file's name, a dot, and the key's path inside the file:
//! `wizard.keys.quit` is `quit` under `[keys]` in `wizard.toml`. A text may hold
//! placeholders such as `{count}`, filled in by [`Strings::fill`]; a brace meant as itself
//! is written twice (`{{`, `}}`), as in Rust's own format strings.
//!
//! A diagnostic's placeholder value may be a phrase of the catalogue rather than text: its
//! name then starts with `@` (`("@found", "load.toml.type.string")` fills `{found}` with
//! "a string"). The phrase is worded with the message, in the catalogue that words it, so
//! code that finds a problem needs no catalogue at hand.

use crate::base::diag::{Diagnostic, Severity, Words, usual_help_key};
use crate::base::key;
use crate::base::lang::Lang;
use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

/// The translations built in: for each language code, its catalogue files (name reported
/// in messages, TOML text), written by build.rs from `assets/strings/LANG/`.
mod translations {
    include!(concat!(env!("OUT_DIR"), "/translations.rs"));
}
pub use translations::TRANSLATIONS;

thread_local! {
    /// The language this thread speaks in. Each front-end sets it once it knows (from
    /// `--lang`, the locale, or a choice on the start screen); per thread, so tests that
    /// run side by side each keep their own.
    static LANGUAGE: Cell<Lang> = const { Cell::new(Lang::En) };
}

/// Speak `lang` from now on, on this thread: every text of the shipped catalogue, and every
/// diagnostic worded without a catalogue at hand, comes in it (English where a text is not
/// translated yet).
pub fn use_language(lang: Lang) {
    LANGUAGE.with(|l| l.set(lang));
}

/// The language this thread speaks in.
pub fn language() -> Lang {
    LANGUAGE.with(Cell::get)
}
use toml::de::{DeTable, DeValue};

/// The shipped catalogue files: (name reported in messages, TOML text).
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "assets/strings/common.toml",
        include_str!("../../assets/strings/common.toml"),
    ),
    (
        "assets/strings/wizard.toml",
        include_str!("../../assets/strings/wizard.toml"),
    ),
    (
        "assets/strings/ask.toml",
        include_str!("../../assets/strings/ask.toml"),
    ),
    (
        "assets/strings/pdf.toml",
        include_str!("../../assets/strings/pdf.toml"),
    ),
    (
        "assets/strings/config.toml",
        include_str!("../../assets/strings/config.toml"),
    ),
    (
        "assets/strings/sizing.toml",
        include_str!("../../assets/strings/sizing.toml"),
    ),
    (
        "assets/strings/cost.toml",
        include_str!("../../assets/strings/cost.toml"),
    ),
    (
        "assets/strings/cli.toml",
        include_str!("../../assets/strings/cli.toml"),
    ),
    (
        "assets/strings/runbook.toml",
        include_str!("../../assets/strings/runbook.toml"),
    ),
    (
        "assets/strings/load.toml",
        include_str!("../../assets/strings/load.toml"),
    ),
    (
        "assets/strings/value.toml",
        include_str!("../../assets/strings/value.toml"),
    ),
    (
        "assets/strings/data.toml",
        include_str!("../../assets/strings/data.toml"),
    ),
    (
        "assets/strings/preflight.toml",
        include_str!("../../assets/strings/preflight.toml"),
    ),
    (
        "assets/strings/preflight_system.toml",
        include_str!("../../assets/strings/preflight_system.toml"),
    ),
    (
        "assets/strings/preflight_service.toml",
        include_str!("../../assets/strings/preflight_service.toml"),
    ),
    (
        "assets/strings/preflight_database.toml",
        include_str!("../../assets/strings/preflight_database.toml"),
    ),
    (
        "assets/strings/calendar.toml",
        include_str!("../../assets/strings/calendar.toml"),
    ),
    (
        "assets/strings/diff.toml",
        include_str!("../../assets/strings/diff.toml"),
    ),
    (
        "assets/strings/portfolio.toml",
        include_str!("../../assets/strings/portfolio.toml"),
    ),
    (
        "assets/strings/xlsx.toml",
        include_str!("../../assets/strings/xlsx.toml"),
    ),
];

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Strings {
    texts: BTreeMap<String, String>,
}

impl Strings {
    /// The shipped catalogue. The tests keep it valid with [`Strings::parse`], the reader
    /// that reports every problem (it sits with the TOML reader, whose problems this
    /// catalogue words); here it is only gathered, and a text it were ever to lose would
    /// show as its key rather than stop the program.
    pub fn builtin() -> &'static Strings {
        Strings::shipped(language())
    }

    /// The shipped catalogue in `lang`: the English texts, each replaced by its translation
    /// where there is one. A translated text that English does not have is left out (the
    /// translation check reports it).
    pub fn shipped(lang: Lang) -> &'static Strings {
        static BUILT: [OnceLock<Strings>; Lang::ALL.len()] =
            [const { OnceLock::new() }; Lang::ALL.len()];
        BUILT[lang.index()].get_or_init(|| {
            let mut texts = gather_files(BUILTIN);
            if let Some(files) = translation_files(lang) {
                for (key, text) in gather_files(files) {
                    if let Some(english) = texts.get_mut(&key) {
                        *english = text;
                    }
                }
            }
            Strings { texts }
        })
    }

    /// A catalogue of these texts, keyed in full.
    pub(crate) fn from_texts(texts: BTreeMap<String, String>) -> Strings {
        Strings { texts }
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

    /// The text of `key` with each `{name}` replaced by its value, and `{{` and `}}` by a
    /// brace. One pass over the text, so a value that itself holds `{name}` (typed by a
    /// person) stays as typed.
    pub fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut rest = self.get(key);
        let mut out = String::with_capacity(rest.len());
        while let Some(at) = rest.find(['{', '}']) {
            out.push_str(&rest[..at]);
            let brace = &rest[at..at + 1];
            let after = &rest[at + 1..];
            if after.starts_with(brace) {
                out.push_str(brace);
                rest = &after[1..];
                continue;
            }
            if brace == "}" {
                out.push('}');
                rest = after;
                continue;
            }
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
        self.fill(&d.words.key, &self.pairs(&d.words.args))
    }

    /// What to do about a diagnostic, when the catalogue says.
    pub fn help(&self, d: &Diagnostic) -> Option<String> {
        let Words { key, args, help } = &*d.words;
        let help_key = match help {
            Some(k) => k.to_string(),
            None => usual_help_key(key)?,
        };
        self.contains(&help_key)
            .then(|| self.fill(&help_key, &self.pairs(args)))
    }

    /// A diagnostic as one report line (and a help line): `file:line:column: error [id]:
    /// message`.
    pub fn report(&self, d: &Diagnostic) -> String {
        let mut out = d.origin.clone();
        if d.line > 0 {
            out.push_str(&format!(":{}:{}", d.line, d.column));
        }
        let severity = match d.severity {
            Severity::Error => key::common::diagnostic::ERROR,
            Severity::Warning => key::common::diagnostic::WARNING,
        };
        out.push_str(&format!(": {}", self.get(severity)));
        if let Some(id) = &d.id {
            out.push_str(&format!(" [{id}]"));
        }
        out.push_str(&format!(": {}", self.message(d)));
        if let Some(help) = self.help(d) {
            out.push_str(&format!(
                "\n  {}: {help}",
                self.get(key::common::diagnostic::HELP)
            ));
        }
        out
    }

    /// A diagnostic's placeholder values as text, `@` phrases worded.
    fn pairs<'a>(&'a self, args: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
        args.iter()
            .map(|(n, v)| match n.strip_prefix('@') {
                Some(name) => (name, self.get(v)),
                None => (*n, v.as_str()),
            })
            .collect()
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

/// Entries written as a list for people, with the language's comma between them.
pub fn comma_list<S: AsRef<str>>(items: &[S]) -> String {
    joined(items, key::common::list::COMMA)
}

/// Entries that hold commas of their own, written as a list with the language's semicolon.
pub fn semicolon_list<S: AsRef<str>>(items: &[S]) -> String {
    joined(items, key::common::list::SEMICOLON)
}

fn joined<S: AsRef<str>>(items: &[S], mark: &'static str) -> String {
    let words: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
    words.join(get(mark))
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
pub(crate) fn file_prefix(origin: &str) -> String {
    let name = origin.rsplit(['/', '\\']).next().unwrap_or(origin);
    name.strip_suffix(".toml").unwrap_or(name).to_string()
}

/// The built-in translation files of `lang`; none for English, the source.
pub fn translation_files(lang: Lang) -> Option<&'static [(&'static str, &'static str)]> {
    TRANSLATIONS
        .iter()
        .find(|(code, _)| *code == lang.code() && lang != Lang::En)
        .map(|(_, files)| *files)
}

/// Every text of trusted catalogue files, keyed in full.
fn gather_files(files: &[(&str, &str)]) -> BTreeMap<String, String> {
    let mut texts = BTreeMap::new();
    for (origin, text) in files {
        if let Ok(doc) = DeTable::parse(text) {
            gather(doc.get_ref(), &file_prefix(origin), &mut texts);
        }
    }
    texts
}

/// The texts of a trusted catalogue file, without checks.
fn gather(table: &DeTable, prefix: &str, texts: &mut BTreeMap<String, String>) {
    for (key, value) in table.iter() {
        let full = format!("{prefix}.{}", key.get_ref());
        match value.get_ref() {
            DeValue::String(s) => {
                texts.insert(full, s.to_string());
            }
            DeValue::Table(inner) => gather(inner, &full, texts),
            _ => {}
        }
    }
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
    fn a_phrase_value_is_worded_with_the_message() {
        let text = "n = \"`{key}` is not {found}\"\n[type]\nlist = \"a list\"\n";
        let (s, _) = Strings::parse(&[("common.toml", text)]).unwrap();
        let d = Diagnostic::error(
            "common.n",
            vec![("key", "k".into()), ("@found", "common.type.list".into())],
        );
        assert_eq!(s.message(&d), "`k` is not a list");
    }

    #[test]
    fn doubled_braces_stand_for_braces() {
        let text = "n = \"{{ id = {id} }}\"\nlone = \"a }} b {{\"\n";
        let (s, _) = Strings::parse(&[("common.toml", text)]).unwrap();
        assert_eq!(s.fill("common.n", &[("id", "x")]), "{ id = x }");
        assert_eq!(s.fill("common.lone", &[]), "a } b {");
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
