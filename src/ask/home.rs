//! Which plan to answer when none is named: the most recent one in the plans folder, a
//! new one, or a copy of the demo plan.

use super::ui::{Item, Prompter, Purpose, Reply};
use crate::analysis::summary;
use crate::base::diag::Source;
use crate::base::key;
use crate::base::strings::{fill, get};
use crate::core::builtin::{Catalog, DEMO_PLAN};
use crate::core::plan::{Completeness, Plan};
use crate::session::plans_home::{ensure_plans_dir, most_recent, new_plan_path};
use crate::store;
use anyhow::{Context as _, Result};
use std::path::{Path, PathBuf};

/// The plan a session works on.
pub enum Target {
    /// An existing plan file.
    Open(PathBuf),
    /// A new plan of the questionnaire with this id, to be written at the path.
    Create(PathBuf, String),
}

impl Target {
    /// Where the plan is, or is to be.
    pub fn path(&self) -> &Path {
        match self {
            Target::Open(path) | Target::Create(path, _) => path,
        }
    }
}

enum Choice {
    Resume(PathBuf),
    New,
    Demo,
}

/// Offers the plans there are; `None` when the person leaves without choosing.
pub fn choose(cat: &Catalog, ui: &mut dyn Prompter) -> Result<Option<Target>> {
    let mut choices = Vec::new();
    let mut items = Vec::new();
    if let Some(path) = most_recent() {
        items.push(Item::new(fill(
            key::ask::home::RESUME,
            &[("plan", &describe(cat, &path))],
        )));
        choices.push(Choice::Resume(path));
    }
    items.push(Item::new(get(key::ask::home::NEW)));
    choices.push(Choice::New);
    items.push(Item::new(get(key::ask::home::DEMO)));
    choices.push(Choice::Demo);
    ui.say(get(key::ask::home::TITLE));
    let index = match ui.pick(&items, 0, Purpose::Menu) {
        Reply::Value(i) => i,
        Reply::Back | Reply::Quit => return Ok(None),
    };
    let today = chrono::Local::now().date_naive();
    match &choices[index] {
        Choice::Resume(path) => Ok(Some(Target::Open(path.clone()))),
        Choice::New => {
            let Some(qid) = questionnaire(cat, ui) else {
                return Ok(None);
            };
            let path = new_plan_path(&ensure_plans_dir()?, "plan", today);
            Ok(Some(Target::Create(path, qid)))
        }
        Choice::Demo => demo_copy().map(Some),
    }
}

/// A copy of the demo plan in the plans folder, to answer and change freely.
pub fn demo_copy() -> Result<Target> {
    let today = chrono::Local::now().date_naive();
    let path = new_plan_path(&ensure_plans_dir()?, "demo", today);
    store::save(&path, DEMO_PLAN.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(Target::Open(path))
}

/// The questionnaire a new plan answers: the only one, or the one picked.
pub fn questionnaire(cat: &Catalog, ui: &mut dyn Prompter) -> Option<String> {
    match cat.questionnaires.as_slice() {
        [only] => return Some(only.id.clone()),
        [] => return None,
        _ => {}
    }
    ui.say(get(key::ask::home::QUESTIONNAIRE));
    let items: Vec<Item> = cat
        .questionnaires
        .iter()
        .map(|q| Item::new(q.title.clone()))
        .collect();
    match ui.pick(&items, 0, Purpose::Menu) {
        Reply::Value(i) => Some(cat.questionnaires[i].id.clone()),
        Reply::Back | Reply::Quit => None,
    }
}

/// "plan-2027-03-01-1.toml, 4 of 12 sections done; ..." when the plan reads.
fn describe(cat: &Catalog, path: &Path) -> String {
    let name = path
        .file_name()
        .map_or(String::new(), |n| n.to_string_lossy().into_owned());
    let Ok(text) = crate::session::readfile::read_text(path) else {
        return name;
    };
    let origin = path.display().to_string();
    let parsed = Plan::parse(
        Source::new(&origin, &text),
        |id| cat.get(id),
        Completeness::Partial,
    );
    match parsed {
        Ok((plan, _)) => match cat.get(&plan.questionnaire) {
            Some(q) => format!("{name}, {}", summary::progress_line(&plan, q)),
            None => name,
        },
        Err(_) => name,
    }
}
