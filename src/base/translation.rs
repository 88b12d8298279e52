//! Checks a translation against its English source: a text English lacks (it would never
//! show), a placeholder renamed or dropped (the program could not fill it), a character
//! that must never reach a terminal, and a text not yet translated (it shows in English).
//! Every problem is placed in the translation file, so a translator can go straight to it.
//! The same checker serves the strings catalogue and the questionnaires' translations.

use crate::base::diag::{Diagnostic, Source, args};
use crate::base::key;
use crate::base::lang::Lang;
use crate::base::strings::{BUILTIN, translation_files};
use crate::base::tomlread::{CatalogueFile, read_catalogue_file, suggestion};
use std::collections::{BTreeMap, BTreeSet};

/// The English texts, keyed in full, grouped by the file that holds them.
pub struct English<'a> {
    /// Each file's key prefix (`wizard`) and the full keys of its texts in order.
    pub files: Vec<(String, Vec<&'a str>)>,
    pub texts: &'a BTreeMap<String, String>,
}

impl<'a> English<'a> {
    /// All of `texts` in one group named `group`: a questionnaire's texts, which one file
    /// per language translates.
    pub fn single(group: &str, texts: &'a BTreeMap<String, String>) -> English<'a> {
        let keys = texts.keys().map(String::as_str).collect();
        English {
            files: vec![(group.to_string(), keys)],
            texts,
        }
    }

    /// Groups `texts` by their first part, the file they come from.
    pub fn new(texts: &'a BTreeMap<String, String>) -> English<'a> {
        let mut files: Vec<(String, Vec<&'a str>)> = Vec::new();
        for key in texts.keys() {
            let file = key.split('.').next().unwrap_or(key);
            match files.last_mut() {
                Some((f, keys)) if f == file => keys.push(key),
                _ => files.push((file.to_string(), vec![key])),
            }
        }
        English { files, texts }
    }
}

/// Checks catalogue translations against English: `english` are the English files and
/// `languages` each language's code with its files, all as (name reported, text); a missing
/// file is named in `root/LANG/`. Problems reading a file come first, then each language's
/// differences from English.
pub fn check_catalogue(
    root: &str,
    english: &[(&str, &str)],
    languages: &[(&str, &[(&str, &str)])],
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut texts = BTreeMap::new();
    for (origin, text) in english {
        let (file, found) = read_catalogue_file(origin, text);
        texts.extend(file.texts.into_iter().map(|p| (p.key, p.text)));
        problems.extend(found);
    }
    let english_texts = English::new(&texts);
    for (lang, files) in languages {
        let read: Vec<(CatalogueFile, Vec<Diagnostic>)> = files
            .iter()
            .map(|(origin, text)| read_catalogue_file(origin, text))
            .collect();
        let translated: Vec<Translated> = files
            .iter()
            .zip(&read)
            .map(|((origin, text), (file, _))| Translated {
                origin,
                text,
                file,
                group: crate::base::strings::file_prefix(origin),
            })
            .collect();
        for (_, found) in &read {
            problems.extend(found.iter().cloned());
        }
        let expected = |prefix: &str| format!("{root}/{lang}/{prefix}.toml");
        problems.extend(check(&english_texts, lang, &translated, expected));
    }
    problems
}

/// The shipped catalogue's translations, each language hostplan speaks, against English.
pub fn check_shipped_catalogue() -> Vec<Diagnostic> {
    let languages: Vec<(&str, &[(&str, &str)])> = Lang::ALL
        .into_iter()
        .filter(|l| *l != Lang::En)
        .map(|l| (l.code(), translation_files(l).unwrap_or(&[])))
        .collect();
    check_catalogue("assets/strings", BUILTIN, &languages)
}

/// One translation file: where it is, its text, what was read from it, and the group of
/// English texts it translates (the catalogue file's name, or the questionnaire's id).
pub struct Translated<'a> {
    pub origin: &'a str,
    pub text: &'a str,
    pub file: &'a CatalogueFile,
    pub group: String,
}

/// Whether `translated` can stand for `english`: the same placeholders, and no character
/// that would act on a terminal. A translation that cannot is never shown (the check says
/// why), so English shows instead.
pub fn usable(english: &str, translated: &str) -> bool {
    placeholders(english) == placeholders(translated) && unsafe_character(translated).is_none()
}

/// The first control character (other than a newline or tab) or bidi override of `text`.
fn unsafe_character(text: &str) -> Option<char> {
    use crate::base::terminal_safe::is_unsafe;
    text.chars()
        .find(|&ch| is_unsafe(ch) && ch != '\n' && ch != '\t')
}

/// Every difference between `lang`'s files and English. `expected_origin` names the file a
/// missing translation would be (`assets/strings/fr/wizard.toml` for `wizard`).
pub fn check(
    english: &English,
    lang: &str,
    translated: &[Translated],
    expected_origin: impl Fn(&str) -> String,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (prefix, keys) in &english.files {
        let file = translated.iter().find(|t| t.group == *prefix);
        match file {
            Some(t) => problems.extend(check_file(english, lang, keys, t)),
            None => problems.push(
                Diagnostic::warning(
                    key::load::translation::MISSING_FILE,
                    args(&[("lang", lang), ("count", &keys.len().to_string())]),
                )
                .in_file(expected_origin(prefix)),
            ),
        }
    }
    problems
}

fn check_file(english: &English, lang: &str, keys: &[&str], t: &Translated) -> Vec<Diagnostic> {
    let source = Source::new(t.origin, t.text);
    let place = |span: &std::ops::Range<usize>| source.locate(span.start);
    let mut problems = Vec::new();
    for placed in &t.file.texts {
        let Some(source_text) = english.texts.get(&placed.key) else {
            let (help, more) = suggestion(&placed.key, keys);
            let mut values = args(&[("key", &placed.key), ("lang", lang)]);
            values.extend(more);
            problems.push(
                Diagnostic::error(key::load::translation::EXTRA, values)
                    .help_at(help)
                    .in_file(t.origin)
                    .at(place(&placed.span))
                    .about(Some(&placed.key)),
            );
            continue;
        };
        let (want, got) = (placeholders(source_text), placeholders(&placed.text));
        if want != got {
            let list = |names: &BTreeSet<String>| {
                let shown: Vec<String> = names.iter().map(|n| format!("{{{n}}}")).collect();
                shown.join(", ")
            };
            let values = args(&[
                ("key", &placed.key),
                ("got", &list(&got)),
                ("expected", &list(&want)),
            ]);
            problems.push(
                Diagnostic::error(key::load::translation::PLACEHOLDERS, values)
                    .in_file(t.origin)
                    .at(place(&placed.span))
                    .about(Some(&placed.key)),
            );
        }
        if let Some(ch) = unsafe_character(&placed.text) {
            let shown = format!("U+{:04X}", ch as u32);
            problems.push(
                Diagnostic::error(
                    key::load::translation::UNSAFE,
                    args(&[("key", &placed.key), ("character", &shown)]),
                )
                .in_file(t.origin)
                .at(place(&placed.span))
                .about(Some(&placed.key)),
            );
        }
    }
    let present: BTreeSet<&str> = t.file.texts.iter().map(|p| p.key.as_str()).collect();
    for key in keys.iter().filter(|k| !present.contains(*k)) {
        let at = nearest_table(t.file, key).map_or((0, 0), place);
        problems.push(
            Diagnostic::warning(
                key::load::translation::MISSING,
                args(&[("key", key), ("lang", lang)]),
            )
            .in_file(t.origin)
            .at(at)
            .about(Some(key)),
        );
    }
    problems.sort_by_key(|d| (d.line, d.column));
    problems
}

/// The place of the deepest table of the translation that would hold `key`.
fn nearest_table<'f>(file: &'f CatalogueFile, key: &str) -> Option<&'f std::ops::Range<usize>> {
    file.tables
        .iter()
        .filter(|(table, _)| key.starts_with(&format!("{table}.")))
        .max_by_key(|(table, _)| table.len())
        .map(|(_, span)| span)
}

/// The names of a text's placeholders; doubled braces are braces, not placeholders.
pub fn placeholders(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut rest = text;
    while let Some(at) = rest.find(['{', '}']) {
        let after = &rest[at + 1..];
        if after.starts_with(&rest[at..at + 1]) {
            rest = &after[1..];
            continue;
        }
        if rest[at..].starts_with('{')
            && let Some(close) = after.find('}')
        {
            names.insert(after[..close].to_string());
            rest = &after[close + 1..];
        } else {
            rest = after;
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english() -> BTreeMap<String, String> {
        [
            ("wizard.title", "Plan {name}"),
            ("wizard.keys.quit", "quit"),
            ("wizard.keys.save", "save to {path}"),
            ("cli.done", "done"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }

    #[test]
    fn a_usable_translation_keeps_the_placeholders_and_prints_safely() {
        assert!(usable("Hello {name}", "Bonjour {name}"));
        assert!(usable("Plan", "خطة\u{200F}"));
        assert!(!usable("Hello {name}", "Bonjour {nom}"));
        assert!(!usable("Plan", "Plan\u{202E}"));
        assert!(!usable("Plan", "Plan\u{1b}[2J"));
        assert!(usable("Two\nlines", "Deux\nlignes"));
    }

    #[test]
    fn placeholders_skip_doubled_braces() {
        let names: Vec<String> = placeholders("{a} {{b}} {c}{a} }} {{").into_iter().collect();
        assert_eq!(names, ["a", "c"]);
    }

    #[test]
    fn extra_missing_and_renamed_placeholders_are_placed() {
        let texts = english();
        let en = English::new(&texts);
        let origin = "assets/strings/fr/wizard.toml";
        let text = "title = \"Plan {nom}\"\n[keys]\nquitter = \"quitter\"\n";
        let (file, read) = read_catalogue_file(origin, text);
        assert!(read.is_empty());
        let t = Translated {
            origin,
            text,
            file: &file,
            group: "wizard".to_string(),
        };
        let found = check(&en, "fr", &[t], |p| format!("assets/strings/fr/{p}.toml"));
        let got: Vec<(&str, &str, usize, usize)> = found
            .iter()
            .map(|d| (d.key(), d.origin.as_str(), d.line, d.column))
            .collect();
        assert_eq!(
            got,
            [
                (
                    key::load::translation::MISSING_FILE,
                    "assets/strings/fr/cli.toml",
                    0,
                    0
                ),
                (key::load::translation::PLACEHOLDERS, origin, 1, 9),
                (key::load::translation::MISSING, origin, 2, 2),
                (key::load::translation::MISSING, origin, 2, 2),
                (key::load::translation::EXTRA, origin, 3, 11),
            ]
        );
        assert_eq!(found[1].arg("got"), Some("{nom}"));
        assert_eq!(found[1].arg("expected"), Some("{name}"));
        assert_eq!(found[4].arg("suggestion"), Some("wizard.keys.quit"));
    }
}
