//! After the last question: the recommendation with its reasons, the servers, the
//! milestones, and what to do next (the exports, the open questions, going back).

use super::text::{fill, get};
use super::ui::{Item, Prompter, Purpose, Reply};
use super::walk::Scope;
use crate::cli::export_cmd::export_time;
use hostplan::analysis::Analysis;
use hostplan::export::{self, Context, Request};
use hostplan::flow::Session;
use hostplan::model::Model;
use hostplan::sizing::SizingRules;
use hostplan::strings::Strings;
use hostplan::summary;
use std::path::{Path, PathBuf};

/// What comes after the results.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    /// Back to the questions, from where the session now stands.
    Questions(Scope),
    Done,
    Quit,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Action {
    Pdf,
    Config,
    Open,
    Back,
    Restart,
    Done,
}

pub struct Finish<'f, 'q> {
    pub session: &'f mut Session<'q>,
    pub model: Option<&'f Model>,
    pub ui: &'f mut dyn Prompter,
    /// The plan file, as messages name it.
    pub plan_path: &'f Path,
    /// Where exports are offered to go.
    pub out_dir: &'f Path,
}

impl Finish<'_, '_> {
    pub fn run(&mut self) -> anyhow::Result<Next> {
        let now = export_time()?;
        let analysis = self.model.map(|m| {
            let answers = &self.session.plan.answers;
            Analysis::new(
                m,
                answers,
                &SizingRules::builtin(),
                Strings::builtin(),
                now.date_naive(),
            )
        });
        self.show_results(analysis.as_ref());
        loop {
            let actions = self.actions(analysis.as_ref());
            let items: Vec<Item> = actions.iter().map(|a| self.item(*a)).collect();
            self.ui.say("");
            self.ui.say(get("ask.finish.menu"));
            let chosen = match self.ui.pick(&items, 0, Purpose::Menu) {
                Reply::Value(i) => actions[i],
                Reply::Back => Action::Back,
                Reply::Quit => return Ok(Next::Quit),
            };
            let next = match chosen {
                Action::Pdf | Action::Config => {
                    let done = match analysis.as_ref() {
                        Some(a) => self.export(chosen, a, now),
                        None => Some(()),
                    };
                    if done.is_none() {
                        return Ok(Next::Quit);
                    }
                    continue;
                }
                Action::Open => Next::Questions(Scope::Open),
                Action::Back => {
                    self.session.back();
                    Next::Questions(Scope::Every)
                }
                Action::Restart => {
                    let first = self.session.shown().first().map(|q| q.id.clone());
                    if let Some(id) = first {
                        self.session.go_to(&id);
                    }
                    Next::Questions(Scope::Every)
                }
                Action::Done => Next::Done,
            };
            return Ok(next);
        }
    }

    fn open_count(&self) -> usize {
        let q = self.session.questionnaire();
        q.missing_required(&self.session.plan.answers).len()
    }

    fn actions(&self, analysis: Option<&Analysis>) -> Vec<Action> {
        let mut actions = Vec::new();
        if let Some(a) = analysis.filter(|_| self.open_count() == 0) {
            actions.push(Action::Pdf);
            if a.option.has_local_production() {
                actions.push(Action::Config);
            }
        }
        if self.open_count() > 0 {
            actions.push(Action::Open);
        }
        actions.extend([Action::Back, Action::Restart, Action::Done]);
        actions
    }

    fn item(&self, action: Action) -> Item {
        let open = self.open_count().to_string();
        Item::new(match action {
            Action::Pdf => get("ask.finish.pdf").to_string(),
            Action::Config => get("ask.finish.config").to_string(),
            Action::Open => fill("ask.finish.open", &[("count", &open)]),
            Action::Back => get("ask.finish.back").to_string(),
            Action::Restart => get("ask.finish.restart").to_string(),
            Action::Done => get("ask.finish.done").to_string(),
        })
    }

    fn show_results(&mut self, analysis: Option<&Analysis>) {
        self.ui.say("");
        self.ui.say(get("ask.finish.heading"));
        let open = self.open_count();
        let (Some(model), Some(a)) = (self.model, analysis) else {
            self.ui.say(get("ask.finish.no_model"));
            return;
        };
        if open > 0 {
            let count = open.to_string();
            self.ui
                .say(&fill("ask.finish.provisional", &[("count", &count)]));
        }
        self.ui.say(results_text(model, a).trim_end());
        if open > 0 {
            self.ui.say(&fill(
                "ask.finish.exports_wait",
                &[("count", &open.to_string())],
            ));
        }
    }

    /// Asks where to write, then writes; `None` when the person stopped.
    fn export(
        &mut self,
        action: Action,
        analysis: &Analysis,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Option<()> {
        let model = self.model?;
        let stem = self
            .plan_path
            .file_stem()
            .map_or("plan".into(), |s| s.to_string_lossy().into_owned());
        let (label, default) = match action {
            Action::Pdf => (
                get("ask.finish.pdf_to"),
                self.out_dir.join(format!("{stem}-work-plan.pdf")),
            ),
            _ => (
                get("ask.finish.config_to"),
                self.out_dir.join(format!("{stem}-config")),
            ),
        };
        let target = match self
            .ui
            .line(label, Some(&default.display().to_string()), Purpose::Menu)
        {
            Reply::Value(t) if !t.is_empty() => PathBuf::from(t),
            Reply::Value(_) | Reply::Back => return Some(()),
            Reply::Quit => return None,
        };
        let mut request = Request::default();
        if action == Action::Pdf {
            request.pdf = Some(target);
        } else {
            request.force = match self.may_replace(&target) {
                Reply::Value(force) => force,
                Reply::Back => return Some(()),
                Reply::Quit => return None,
            };
            request.config_dir = Some(target);
        }
        let origin = self.plan_path.display().to_string();
        let ctx = Context {
            model,
            plan: &self.session.plan,
            analysis,
            strings: Strings::builtin(),
            now,
            origin: &origin,
        };
        let report = export::run(&ctx, &request);
        for path in &report.written {
            let shown = path.display().to_string();
            self.ui.say(&fill("ask.finish.wrote", &[("path", &shown)]));
        }
        for problem in &report.problems {
            self.ui.say(&problem.to_string());
        }
        Some(())
    }

    /// Whether an existing config folder may be replaced; true when there is none.
    fn may_replace(&mut self, dir: &Path) -> Reply<bool> {
        if !dir.exists() {
            return Reply::Value(false);
        }
        let shown = dir.display().to_string();
        self.ui.say(&fill("ask.finish.exists", &[("path", &shown)]));
        let items = [
            Item::new(get("ask.finish.replace")),
            Item::new(get("ask.finish.keep")),
        ];
        match self.ui.pick(&items, 1, Purpose::Menu) {
            Reply::Value(0) => Reply::Value(true),
            Reply::Value(_) | Reply::Back => Reply::Back,
            Reply::Quit => Reply::Quit,
        }
    }
}

/// The recommendation and its reasons, the gaps, the servers and the milestones.
fn results_text(m: &Model, a: &Analysis) -> String {
    let q = &m.questionnaire;
    let mut out = summary::decision_text(&a.decision, q);
    if a.overrides_recommendation() {
        let chosen = summary::option_label(q, a.option);
        out.push_str(&fill("ask.finish.commits_to", &[("option", &chosen)]));
        out.push('\n');
    }
    out.push_str(&summary::gaps_text(&a.decision, &|id| m.party_name(id)));
    match &a.sizing {
        Some(sizing) => out.push_str(&summary::sizing_text(sizing)),
        None => {
            out.push('\n');
            out.push_str(get("ask.finish.no_servers"));
            out.push('\n');
        }
    }
    out.push_str(&summary::milestones_text(&a.work_plan));
    out
}
