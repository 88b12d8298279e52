//! The questionnaires of this run: the built-in ones, or every *.toml in a folder.

use super::problems::io_problem;
use super::readfile::read_text;
use super::texts::questionnaire_in;
use crate::base::diag::Problem;
use crate::base::key;
use crate::base::lang::Lang;
use crate::base::strings::fill;
use crate::core::builtin::Catalog;
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// The questionnaires of this run, their texts in `lang` where translated: the built-in
/// ones, or those in `dir`. Answers go by ids, which no translation changes.
pub fn catalog(dir: Option<&Path>, lang: Lang) -> Result<Catalog, Vec<Problem>> {
    let mut cat = match dir {
        None => Catalog::builtin()?,
        Some(dir) => {
            let texts = read_questionnaire_dir(dir)
                .map_err(|e| vec![io_problem(&dir.display().to_string(), &e)])?;
            Catalog::load(&texts).map(|(c, _)| c)?
        }
    };
    for q in &mut cat.questionnaires {
        *q = questionnaire_in(q, lang, dir);
    }
    Ok(cat)
}

/// The name and text of every *.toml in `dir`, in name order.
pub fn read_questionnaire_dir(dir: &Path) -> Result<Vec<(String, String)>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| {
            let path = dir.display().to_string();
            fill(key::common::file::QUESTIONNAIRE_FOLDER, &[("path", &path)])
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    let shown = dir.display().to_string();
    anyhow::ensure!(
        !paths.is_empty(),
        "{}",
        fill(key::cli::questionnaire::EMPTY_FOLDER, &[("dir", &shown)])
    );
    paths
        .iter()
        .map(|p| Ok((p.display().to_string(), read_text(p)?)))
        .collect()
}
