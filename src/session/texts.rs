//! A questionnaire's translations: where each one is, putting one in place, checking them
//! against English, and the file a translator starts from. One file per language,
//! `ID/lang/LANG.toml` beside the companion files: in the folder given with
//! `--questionnaires` when it is there, else built in for the shipped questionnaire.
//! docs/languages.md explains the keys.

use super::readfile::read_text;
use crate::base::diag::{Problem, args};
use crate::base::key;
use crate::base::lang::Lang;
use crate::base::strings::fill;
use crate::base::tomlread::{CatalogueFile, read_catalogue_keyed};
use crate::base::translation::{self, English, Translated};
use crate::core::builtin::translations_of;
use crate::core::model::Model;
use crate::core::questionnaire::Questionnaire;
use crate::core::texts::{Translation, translation_file};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where the translation of questionnaire `id` into `lang` would be in `dir`.
fn path_in(dir: &Path, id: &str, code: &str) -> PathBuf {
    dir.join(id).join("lang").join(format!("{code}.toml"))
}

/// The name a translation file goes by in messages: its path in `dir`, or in the
/// project's `questionnaires/` for a built-in one.
fn shown_path(dir: Option<&Path>, id: &str, code: &str) -> String {
    match dir {
        Some(d) => path_in(d, id, code).display().to_string(),
        None => format!("questionnaires/{id}/lang/{code}.toml"),
    }
}

/// The translation file of questionnaire `id` into `lang` as (name reported, text): the
/// one in `dir` when there is one, else the built-in one; none for English, the source.
pub fn translation_source(
    id: &str,
    lang: Lang,
    dir: Option<&Path>,
) -> Result<Option<(String, String)>, Problem> {
    if lang == Lang::En {
        return Ok(None);
    }
    if let Some(path) = dir.map(|d| path_in(d, id, lang.code()))
        && (path.exists() || path.is_symlink())
    {
        let text = read_text(&path).map_err(|e| e.0)?;
        return Ok(Some((path.display().to_string(), text)));
    }
    let builtin = translations_of(id).find(|(code, ..)| *code == lang.code());
    Ok(builtin.map(|(_, origin, text)| (origin.to_string(), text.to_string())))
}

/// The texts of a translation file by key, as read: a file with problems gives what
/// could be read ([`check`] lists the problems).
fn texts_of(origin: &str, text: &str) -> Translation {
    let (file, _) = read_catalogue_keyed(origin, text, "");
    file.texts.into_iter().map(|p| (p.key, p.text)).collect()
}

/// The translation of questionnaire `id` into `lang`; empty for English, and where there
/// is none or it cannot be read, so English shows (`questionnaire check` says why).
pub fn translation(id: &str, lang: Lang, dir: Option<&Path>) -> Translation {
    match translation_source(id, lang, dir) {
        Ok(Some((origin, text))) => texts_of(&origin, &text),
        _ => Translation::new(),
    }
}

/// The questionnaire `q` in `lang`: each text translated where the translation has it.
pub fn questionnaire_in(q: &Questionnaire, lang: Lang, dir: Option<&Path>) -> Questionnaire {
    let mut out = q.clone();
    if lang != Lang::En {
        out.translate(&translation(&q.id, lang, dir));
    }
    out
}

/// The English texts of `q`, with those of its companion data when `model` has them.
fn english_texts(q: &Questionnaire, model: Option<&Model>) -> Vec<(String, String)> {
    model.map_or_else(|| q.texts(), Model::texts)
}

/// Every translation of `q` checked against its English texts (those of `model` too,
/// when the companion data could be read): each language hostplan speaks, and any file
/// in `lang/` named after a language it does not speak. A questionnaire with no
/// translation at all is not reported; one with some is told which languages it lacks.
pub fn check(q: &Questionnaire, model: Option<&Model>, dir: Option<&Path>) -> Vec<Problem> {
    let english: BTreeMap<String, String> = english_texts(q, model).into_iter().collect();
    let english = English::single(&q.id, &english);
    let mut problems = strangers(&q.id, dir);
    let mut found: Vec<(Lang, String, String)> = Vec::new();
    for lang in Lang::ALL.into_iter().filter(|l| *l != Lang::En) {
        match translation_source(&q.id, lang, dir) {
            Ok(Some((origin, text))) => found.push((lang, origin, text)),
            Ok(None) => {}
            Err(p) => problems.push(p),
        }
    }
    let folder = dir.is_some_and(|d| d.join(&q.id).join("lang").is_dir());
    if found.is_empty() && problems.is_empty() && !folder {
        return problems;
    }
    for lang in Lang::ALL.into_iter().filter(|l| *l != Lang::En) {
        let file = found.iter().find(|(l, ..)| *l == lang);
        problems.extend(check_one(&english, &q.id, lang, file, dir));
    }
    problems
}

/// One language's file against English; a missing file is named where it would be.
fn check_one(
    english: &English,
    id: &str,
    lang: Lang,
    file: Option<&(Lang, String, String)>,
    dir: Option<&Path>,
) -> Vec<Problem> {
    let expected = |_: &str| shown_path(dir, id, lang.code());
    let Some((_, origin, text)) = file else {
        return translation::check(english, lang.code(), &[], expected);
    };
    let (read, mut problems): (CatalogueFile, Vec<Problem>) =
        read_catalogue_keyed(origin, text, "");
    let t = Translated {
        origin,
        text,
        file: &read,
        group: id.to_string(),
    };
    problems.extend(translation::check(english, lang.code(), &[t], expected));
    problems
}

/// Translation files of questionnaire `id` named after a language hostplan does not
/// speak (English included: it is the source, written in the questionnaire itself).
fn strangers(id: &str, dir: Option<&Path>) -> Vec<Problem> {
    let mut names: Vec<(String, String)> = translations_of(id)
        .map(|(code, origin, _)| (code.to_string(), origin.to_string()))
        .collect();
    if let Some(folder) = dir.map(|d| d.join(id).join("lang"))
        && let Ok(entries) = std::fs::read_dir(&folder)
    {
        names.clear();
        for path in entries.flatten().map(|e| e.path()) {
            if path.extension().is_some_and(|x| x == "toml")
                && let Some(stem) = path.file_stem().and_then(|s| s.to_str())
            {
                names.push((stem.to_string(), path.display().to_string()));
            }
        }
    }
    names.sort();
    let spoken = |code: &str| Lang::ALL.iter().any(|l| *l != Lang::En && l.code() == code);
    let codes: Vec<&str> = Lang::ALL[1..].iter().map(|l| l.code()).collect();
    names
        .into_iter()
        .filter(|(code, _)| !spoken(code))
        .map(|(code, origin)| {
            let values = args(&[("lang", &code), ("codes", &codes.join(", "))]);
            Problem::error(key::load::translation::UNKNOWN_LANGUAGE, values).in_file(origin)
        })
        .collect()
}

/// The file a translator starts from or goes on with (see [`translation_file`]): the
/// English texts of `q` (and of `model`), and with `lang` the translation there is so far.
pub fn texts_file(
    q: &Questionnaire,
    model: Option<&Model>,
    lang: Option<Lang>,
    dir: Option<&Path>,
) -> Result<String, Problem> {
    let english = english_texts(q, model);
    let lang = lang.filter(|l| *l != Lang::En);
    let Some(lang) = lang else {
        let path = shown_path(dir, &q.id, "LANG");
        let values = [
            ("id", q.id.as_str()),
            ("version", &q.version),
            ("path", &path),
        ];
        let heading = fill(key::cli::questionnaire::texts::HEADING, &values);
        return Ok(translation_file(&heading, &english, None));
    };
    let so_far = match translation_source(&q.id, lang, dir)? {
        Some((origin, text)) => texts_of(&origin, &text),
        None => Translation::new(),
    };
    let path = shown_path(dir, &q.id, lang.code());
    let values = [
        ("id", q.id.as_str()),
        ("version", &q.version),
        ("path", &path),
        ("language", lang.native_name()),
    ];
    let heading = fill(key::cli::questionnaire::texts::HEADING_LANG, &values);
    Ok(translation_file(&heading, &english, Some(&so_far)))
}
