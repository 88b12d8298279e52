//! Where a questionnaire's companion data comes from: an edited folder or the binary.

use super::readfile::{Unreadable, read_text};
use super::texts::translation;
use crate::base::diag::Problem;
use crate::base::lang::Lang;
use crate::core::model::{COMPANION_FILES, COSTS_FILE, Companions, Model};
use crate::core::questionnaire::Questionnaire;
use std::path::Path;

/// The questionnaire's companion data: from `DIR/<id>/` when present (file by file), else
/// the built-in files, which exist for the shipped questionnaire only. Every text of the
/// model, the questionnaire's too, is in `lang` where its translation has it
/// ([`super::texts`]), in English otherwise.
pub fn model(
    q: &Questionnaire,
    dir: Option<&Path>,
    lang: Lang,
) -> Result<Option<Model>, Vec<Problem>> {
    let builtin = Companions::builtin();
    let folder = dir.map(|d| d.join(&q.id));
    let shipped = q.id == "primero";
    let mut unreadable = Vec::new();
    let mut pick = |name: &str, fallback: &(String, String)| -> Option<(String, String)> {
        if let Some(path) = folder.as_ref().map(|f| f.join(name))
            && (path.exists() || path.is_symlink())
        {
            return match read_text(&path) {
                Ok(t) => Some((path.display().to_string(), t)),
                Err(Unreadable(p)) => {
                    unreadable.push(p);
                    None
                }
            };
        }
        shipped.then(|| fallback.clone())
    };
    let [d, r, w, c] = COMPANION_FILES;
    let texts = (
        pick(d, &builtin.decision),
        pick(r, &builtin.responsibilities),
        pick(w, &builtin.workplan),
        pick(c, &builtin.checklists),
    );
    let costs = match &builtin.costs {
        Some(shipped_costs) => pick(COSTS_FILE, shipped_costs),
        None => None,
    };
    if !unreadable.is_empty() {
        return Err(unreadable);
    }
    let (Some(decision), Some(responsibilities), Some(workplan), Some(checklists)) = texts else {
        return Ok(None);
    };
    let companions = Companions {
        decision,
        responsibilities,
        workplan,
        checklists,
        costs,
    };
    let (mut model, _) = Model::load(q.clone(), &companions)?;
    if lang != Lang::En {
        model.translate(&translation(&q.id, lang, dir));
    }
    Ok(Some(model))
}
