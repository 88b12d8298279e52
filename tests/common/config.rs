//! A plan of the built-in Primero questionnaire, loaded with its model, and its
//! configuration hand-over rendered in memory.

use hostplan::base::diag::Source;
use hostplan::core::answer::Answer;
use hostplan::core::builtin::Catalog;
use hostplan::core::model::{Companions, Model};
use hostplan::core::plan::{Completeness, Plan};
use hostplan::export::config::{self, OutFile, secrets};
use hostplan::export::{Context, with_context};

pub struct Loaded {
    pub model: Model,
    pub plan: Plan,
}

/// The plan `text`, which must be complete and valid, with the model of its questionnaire.
pub fn load(text: &str) -> Loaded {
    let cat = Catalog::builtin().unwrap();
    let q = cat.get("primero").unwrap().clone();
    let (plan, _) = Plan::parse(
        Source::new("plan.toml", text),
        |id| (id == q.id).then_some(&q),
        Completeness::Complete,
    )
    .unwrap_or_else(|p| panic!("{p:#?}"));
    let (model, _) = Model::load(q, &Companions::builtin()).unwrap();
    Loaded { model, plan }
}

/// The plan `text` with answers replaced (`Some`) or removed (`None`).
pub fn with_answers(text: &str, changes: &[(&str, Option<Answer>)]) -> Loaded {
    let mut l = load(text);
    for (id, answer) in changes {
        match answer {
            Some(a) => l.plan.answers.insert(id.to_string(), a.clone()),
            None => l.plan.answers.remove(*id),
        };
    }
    l
}

pub fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(1_790_000_000, 0).unwrap()
}

/// Runs `f` with an export context for the loaded plan.
pub fn with_ctx<T>(l: &Loaded, f: impl FnOnce(&Context) -> T) -> T {
    with_context(&l.model, &l.plan, now(), "plan.toml", f)
}

/// Every file of the hand-over, with placeholders for the secrets.
pub fn rendered(l: &Loaded) -> Vec<OutFile> {
    with_ctx(l, |ctx| {
        config::render(
            ctx,
            &config::settings(ctx),
            &secrets::Values::placeholders(),
        )
    })
}

/// The contents of the file at `path` among `files`.
pub fn file<'a>(files: &'a [OutFile], path: &str) -> &'a str {
    let found = files.iter().find(|f| f.path == path);
    &found.unwrap_or_else(|| panic!("no {path}")).contents
}

/// The files of `text`'s hand-over as `check` reads a folder: each readable, with the
/// private mode `export --config` gives secrets.
pub fn folder_texts(text: &str) -> Vec<config::FolderText> {
    rendered(&load(text))
        .into_iter()
        .map(|f| config::FolderText {
            path: f.path,
            text: Some(f.contents),
            mode: Some(0o600),
            unreadable: None,
        })
        .collect()
}
