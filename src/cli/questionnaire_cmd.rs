use anyhow::{Context, Result};
use clap::Subcommand;
use hostplan::base::diag::Problem;
use hostplan::base::key;
use hostplan::base::lang::Lang;
use hostplan::base::strings::{fill, get};
use hostplan::base::translation;
use hostplan::core::builtin::Catalog;
use hostplan::core::questionnaire::Questionnaire;
use hostplan::session::catalog::catalog;
use hostplan::session::catalog::read_questionnaire_dir;
use hostplan::session::companions::model;
use hostplan::session::problems::{broken_data, counts, plural, report};
use hostplan::session::readfile::read_text;
use hostplan::session::texts;
use hostplan::{errln, out, outln};
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub enum Cmd {
    /// Check questionnaires (the ones in use, or FILEs) and list every problem with its place
    Check {
        /// Questionnaire files to check
        files: Vec<PathBuf>,
        /// Check the strings catalogue in DIR (English *.toml, translations in DIR/LANG/)
        /// instead of the built-in one
        #[arg(long, value_name = "DIR")]
        strings: Option<PathBuf>,
    },
    /// Print a questionnaire's texts as a file to translate; with --lang, that language's
    /// translation so far, each text still missing in English and marked
    Texts {
        /// The questionnaire whose texts to print
        #[arg(long, default_value = "primero", value_name = "ID")]
        questionnaire: String,
    },
}

/// `lang` is the language given with `--lang`, if any: the one `texts` prints.
pub fn run(cmd: Cmd, dir: Option<&Path>, lang: Option<Lang>) -> Result<bool> {
    match cmd {
        Cmd::Check { files, strings } => check(files, strings, dir),
        Cmd::Texts { questionnaire } => texts(&questionnaire, dir, lang),
    }
}

fn texts(id: &str, dir: Option<&Path>, lang: Option<Lang>) -> Result<bool> {
    let cat = catalog(dir, Lang::En).map_err(|p| {
        report(&p);
        anyhow::anyhow!("{}", broken_data(key::cli::broken::QUESTIONNAIRES, &p))
    })?;
    let q = cat
        .get(id)
        .with_context(|| fill(key::cli::questionnaire::NO_QUESTIONNAIRE, &[("id", id)]))?;
    let found = model(q, dir, Lang::En).map_err(|p| {
        report(&p);
        anyhow::anyhow!("{}", broken_data(key::cli::broken::DECISION_DATA, &p))
    })?;
    match texts::texts_file(q, found.as_ref(), lang, dir) {
        Ok(file) => {
            out!("{file}");
            Ok(true)
        }
        Err(p) => {
            report(&[p]);
            Ok(false)
        }
    }
}

fn check(files: Vec<PathBuf>, strings: Option<PathBuf>, dir: Option<&Path>) -> Result<bool> {
    let (translation_errors, translation_warnings): (Vec<_>, Vec<_>) = match &strings {
        Some(dir) => catalogue_in(dir)?,
        None => translation::check_shipped_catalogue(),
    }
    .into_iter()
    .partition(Problem::is_error);
    let texts: Vec<(String, String)> = if !files.is_empty() {
        files
            .iter()
            .map(|f| Ok((f.display().to_string(), read_text(f)?)))
            .collect::<Result<_>>()?
    } else if let Some(dir) = dir {
        read_questionnaire_dir(dir)?
    } else {
        hostplan::core::builtin::QUESTIONNAIRES
            .iter()
            .map(|(o, t)| (o.to_string(), t.to_string()))
            .collect()
    };
    let in_use = files.is_empty();
    let files = plural(
        texts.len(),
        key::cli::questionnaire::FILE_ONE,
        key::cli::questionnaire::FILES,
    );
    match Catalog::load(&texts) {
        Ok((cat, mut warnings)) => {
            let mut described = Vec::new();
            let mut problems = translation_errors;
            warnings.extend(translation_warnings);
            for q in &cat.questionnaires {
                // The questionnaires in use are checked with the data that goes with them,
                // and with their translations.
                let companions = if in_use {
                    model(q, dir, Lang::En)
                } else {
                    Ok(None)
                };
                match companions {
                    Ok(found) => {
                        described.push(describe(q, found.is_some()));
                        if in_use {
                            let (e, w): (Vec<_>, Vec<_>) = texts::check(q, found.as_ref(), dir)
                                .into_iter()
                                .partition(Problem::is_error);
                            problems.extend(e);
                            warnings.extend(w);
                        }
                    }
                    Err(p) => problems.extend(p),
                }
            }
            if !problems.is_empty() {
                problems.append(&mut warnings);
                report(&problems);
                errln!(
                    "{}",
                    fill(
                        key::cli::questionnaire::CHECKED_WITH_DATA,
                        &[("files", &files), ("counts", &counts(&problems))],
                    )
                );
                return Ok(false);
            }
            report(&warnings);
            let result = if warnings.is_empty() {
                get(key::cli::questionnaire::NO_PROBLEMS).to_string()
            } else {
                counts(&warnings)
            };
            let described = described.join("; ");
            outln!(
                "{}",
                fill(
                    key::cli::questionnaire::CHECKED,
                    &[
                        ("files", &files),
                        ("described", &described),
                        ("result", &result)
                    ],
                )
            );
            Ok(true)
        }
        Err(problems) => {
            report(&problems);
            errln!(
                "{}",
                fill(
                    key::cli::questionnaire::CHECKED_BROKEN,
                    &[("files", &files), ("counts", &counts(&problems))],
                )
            );
            Ok(false)
        }
    }
}

/// The catalogue in `dir` checked: its English files, then each language folder's against
/// them.
fn catalogue_in(dir: &Path) -> Result<Vec<Problem>> {
    let english = toml_files(dir)?;
    let mut languages = Vec::new();
    let mut folders: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| unreadable(dir))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    for folder in folders {
        let code = folder.file_name().map(|n| n.to_string_lossy().into_owned());
        languages.push((code.unwrap_or_default(), toml_files(&folder)?));
    }
    let english: Vec<(&str, &str)> = english
        .iter()
        .map(|(o, t)| (o.as_str(), t.as_str()))
        .collect();
    let borrowed: Vec<(String, Vec<(&str, &str)>)> = languages
        .iter()
        .map(|(code, files)| {
            let files = files
                .iter()
                .map(|(o, t)| (o.as_str(), t.as_str()))
                .collect();
            (code.clone(), files)
        })
        .collect();
    let languages: Vec<(&str, &[(&str, &str)])> = borrowed
        .iter()
        .map(|(code, files)| (code.as_str(), files.as_slice()))
        .collect();
    let root = dir.display().to_string();
    Ok(translation::check_catalogue(&root, &english, &languages))
}

/// The name and text of every *.toml in `dir`, in name order.
fn toml_files(dir: &Path) -> Result<Vec<(String, String)>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| unreadable(dir))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| Ok((p.display().to_string(), read_text(p)?)))
        .collect()
}

fn unreadable(dir: &Path) -> String {
    let shown = dir.display().to_string();
    fill(key::cli::questionnaire::STRINGS_FOLDER, &[("dir", &shown)])
}

fn describe(q: &Questionnaire, with_data: bool) -> String {
    let data = if with_data {
        get(key::cli::questionnaire::WITH_DATA)
    } else {
        ""
    };
    let sections = plural(
        q.sections.len(),
        key::cli::questionnaire::SECTION_ONE,
        key::cli::questionnaire::SECTIONS,
    );
    let questions = plural(
        q.questions().count(),
        key::cli::questionnaire::QUESTION_ONE,
        key::cli::questionnaire::QUESTIONS,
    );
    let areas = plural(
        q.capacity_areas.len(),
        key::cli::questionnaire::CAPACITY_AREA_ONE,
        key::cli::questionnaire::CAPACITY_AREAS,
    );
    fill(
        key::cli::questionnaire::DESCRIBED,
        &[
            ("id", &q.id),
            ("version", &q.version),
            ("sections", &sections),
            ("questions", &questions),
            ("capacity_areas", &areas),
            ("data", data),
        ],
    )
}
