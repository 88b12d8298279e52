//! Every text a person reads in a questionnaire and the data that goes with it, each under
//! a key made of ids, never of places: `questions.country.prompt`,
//! `workplan.tasks.kickoff.title`. One walk per model visits each text with its key; the
//! same walk lists the English texts for translators and puts a translation in place, so
//! the two cannot drift apart. docs/languages.md gives the whole scheme.

use crate::base::key;
use crate::base::strings;
use crate::base::translation::usable;
use crate::core::answer::toml_string;
use std::collections::BTreeMap;

/// What a walk calls for each text: its full key, and the text, which it may replace.
pub type Visit<'v> = dyn FnMut(&str, &mut String) + 'v;

/// A translation: texts by their full key.
pub type Translation = BTreeMap<String, String>;

/// Visits `text` under `prefix.name`.
pub(crate) fn visit(v: &mut Visit, prefix: &str, name: &str, text: &mut String) {
    v(&format!("{prefix}.{name}"), text);
}

/// Visits a text that may be absent; nothing is visited when it is.
pub(crate) fn visit_some(v: &mut Visit, prefix: &str, name: &str, text: &mut Option<String>) {
    if let Some(text) = text {
        visit(v, prefix, name, text);
    }
}

/// A walk whose keys all start with `prefix` and a dot: a companion's texts within the
/// model (`decision.rules.no_it_team.reason`).
pub(crate) fn under<'a>(prefix: &'a str, v: &'a mut Visit) -> impl FnMut(&str, &mut String) + 'a {
    move |key, text| v(&format!("{prefix}.{key}"), text)
}

/// The texts a walk visits, in its order: (key, text).
pub fn collect(walk: impl FnOnce(&mut Visit)) -> Vec<(String, String)> {
    let mut out = Vec::new();
    walk(&mut |key, text| out.push((key.to_string(), text.clone())));
    out
}

/// Replaces each text a walk visits by its translation, where the translation has one that
/// can stand for it (the same placeholders, nothing unsafe to print); the rest stay as
/// they are, so English shows where nothing better exists.
pub fn apply(walk: impl FnOnce(&mut Visit), translation: &Translation) {
    walk(&mut |key, text| {
        if let Some(translated) = translation.get(key)
            && usable(text, translated)
        {
            *text = translated.clone();
        }
    });
}

/// A translation file in the catalogue's format, to translate from or to go on with: each
/// text of `english` under its key, each table where its first text comes. With
/// `translated`, a text it has stands in place of the English, which shows as a comment
/// above it; a text it lacks is the English one, marked by a comment as not translated
/// yet; and the texts it has that English lacks follow at the end, commented out, so no
/// work is lost. `heading` opens the file, as comments.
pub fn translation_file(
    heading: &str,
    english: &[(String, String)],
    translated: Option<&Translation>,
) -> String {
    let mut out = comment(heading);
    for (table, entries) in tables(english) {
        out.push_str(&format!("\n[{table}]\n"));
        for (name, key, text) in entries {
            let shown = match translated.map(|t| t.get(key)) {
                None => text,
                Some(Some(done)) => {
                    out.push_str(&comment(text));
                    done.as_str()
                }
                Some(None) => {
                    out.push_str(&comment(strings::get(
                        key::cli::questionnaire::texts::UNTRANSLATED,
                    )));
                    text
                }
            };
            out.push_str(&format!("{name} = {}\n", toml_string(shown)));
        }
    }
    if let Some(t) = translated {
        out.push_str(&left_over(english, t));
    }
    out
}

/// One text of a table: its name in the table, its full key, the text.
type Entry<'a> = (&'a str, &'a str, &'a str);

/// The texts grouped by table (the key up to its last dot), tables in order of first use.
fn tables(english: &[(String, String)]) -> Vec<(&str, Vec<Entry<'_>>)> {
    let mut out: Vec<(&str, Vec<Entry>)> = Vec::new();
    for (key, text) in english {
        let (table, name) = key.rsplit_once('.').unwrap_or(("", key));
        let entry = (name, key.as_str(), text.as_str());
        match out.iter_mut().find(|(t, _)| *t == table) {
            Some((_, entries)) => entries.push(entry),
            None => out.push((table, vec![entry])),
        }
    }
    out
}

/// The translated texts English no longer has, commented out under a note saying so.
fn left_over(english: &[(String, String)], translated: &Translation) -> String {
    let known: std::collections::BTreeSet<&str> = english.iter().map(|(k, _)| k.as_str()).collect();
    let lines: Vec<String> = translated
        .iter()
        .filter(|(k, _)| !known.contains(k.as_str()))
        .map(|(k, text)| format!("# {k} = {}\n", toml_string(text)))
        .collect();
    if lines.is_empty() {
        return String::new();
    }
    let note = comment(strings::get(key::cli::questionnaire::texts::LEFT_OVER));
    format!("\n{note}{}", lines.concat())
}

/// Each line of `text` as a TOML comment.
fn comment(text: &str) -> String {
    text.lines()
        .map(|l| format!("# {l}\n").replace("# \n", "#\n"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walk_two(texts: &mut [String; 2], v: &mut Visit) {
        let [a, b] = texts;
        visit(v, "part", "a", a);
        visit(&mut under("top", v), "part", "b", b);
    }

    #[test]
    fn keys_are_prefixed_and_translations_checked() {
        let mut texts = ["Hello {name}".to_string(), "Bye".to_string()];
        let listed = collect(|v| walk_two(&mut texts, v));
        assert_eq!(
            listed,
            [
                ("part.a".to_string(), "Hello {name}".to_string()),
                ("top.part.b".to_string(), "Bye".to_string())
            ]
        );
        let mut t = Translation::new();
        t.insert("part.a".into(), "Bonjour {nom}".into());
        t.insert("top.part.b".into(), "Au revoir".into());
        apply(|v| walk_two(&mut texts, v), &t);
        // A renamed placeholder would leave a value out: the English stays.
        assert_eq!(texts, ["Hello {name}", "Au revoir"]);
    }

    #[test]
    fn a_file_keeps_each_table_together_and_marks_what_is_left() {
        let english: Vec<(String, String)> = [
            ("sections.a.title", "A"),
            ("questions.q.prompt", "Why \"so\"?"),
            ("sections.a.intro", "Line one\nline two"),
        ]
        .map(|(k, t)| (k.to_string(), t.to_string()))
        .into();
        let plain = translation_file("Head", &english, None);
        assert_eq!(
            plain,
            "# Head\n\n[sections.a]\ntitle = \"A\"\nintro = \"Line one\\nline two\"\n\n\
             [questions.q]\nprompt = \"Why \\\"so\\\"?\"\n"
        );
        let mut t = Translation::new();
        t.insert("sections.a.intro".into(), "Ligne un".into());
        t.insert("sections.gone.title".into(), "Parti".into());
        let merged = translation_file("Head", &english, Some(&t));
        let untranslated = strings::get(key::cli::questionnaire::texts::UNTRANSLATED);
        assert!(merged.contains(&format!("[sections.a]\n# {untranslated}\ntitle = \"A\"\n")));
        assert!(merged.contains("# Line one\n# line two\nintro = \"Ligne un\"\n"));
        assert!(
            merged.ends_with("# sections.gone.title = \"Parti\"\n"),
            "{merged}"
        );
    }
}
