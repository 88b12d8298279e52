//! After the last question: the recommendation with its reasons, the servers, the
//! milestones, and what to do next (the exports, the open questions, going back).

use super::ui::{Item, Prompter, Purpose, Reply};
use super::walk::Scope;
use crate::analysis::Analysis;
use crate::analysis::summary;
use crate::base::diag::Severity;
use crate::base::key;
use crate::base::strings::Strings;
use crate::base::strings::{fill, get};
use crate::core::flow::Session;
use crate::core::model::Model;
use crate::export::{self, Context, Request};
use crate::session::clock::export_time;
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
    /// Open the question of the first point that keeps the plan from being complete.
    Fix,
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
        let results = self.model.map(|m| {
            let answers = &self.session.plan.answers;
            let a = Analysis::with_builtin_figures(m, answers, now.date_naive());
            (m, a)
        });
        // Nothing in this menu changes an answer, so what is still open stays the same.
        let q = self.session.questionnaire();
        let open = q.missing_required(&self.session.plan.answers).len();
        let refused = self.show_results(results.as_ref(), open);
        let actions = actions(results.as_ref().map(|(_, a)| a), open, refused.is_some());
        let items: Vec<Item> = actions
            .iter()
            .map(|a| item(*a, open, refused.as_deref()))
            .collect();
        loop {
            self.ui.say("");
            self.ui.say(get(key::ask::finish::MENU));
            let chosen = match self.ui.pick(&items, 0, Purpose::Menu) {
                Reply::Value(i) => actions[i],
                Reply::Back => Action::Back,
                Reply::Quit => return Ok(Next::Quit),
            };
            let next = match chosen {
                Action::Pdf | Action::Config => {
                    if let Some((m, a)) = &results
                        && self.export(chosen, m, a, now).is_none()
                    {
                        return Ok(Next::Quit);
                    }
                    continue;
                }
                Action::Open => Next::Questions(Scope::Open),
                Action::Fix => {
                    self.session.go_to(refused.as_deref().unwrap_or_default());
                    Next::Questions(Scope::Every)
                }
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

    /// The results, or why there are none; `open` required questions are still open.
    /// The question of the first point that keeps the plan from being complete, if any.
    fn show_results(
        &mut self,
        results: Option<&(&Model, Analysis)>,
        open: usize,
    ) -> Option<String> {
        self.ui.say("");
        self.ui.say(get(key::ask::finish::HEADING));
        let Some((model, a)) = results else {
            self.ui.say(get(key::ask::finish::NO_MODEL));
            return None;
        };
        if open > 0 {
            let count = open.to_string();
            self.ui
                .say(&fill(key::ask::finish::PROVISIONAL, &[("count", &count)]));
        }
        let no_servers = get(key::ask::finish::NO_SERVERS);
        self.ui
            .say(summary::results_text(model, a, Some(no_servers)).trim_end());
        if let Some(c) = &a.costs {
            self.ui.say("");
            self.ui
                .say(summary::costs_summary(&model.questionnaire, c).trim_end());
        }
        self.ui.say(summary::checklists_text(model, a).trim_end());
        if open > 0 {
            self.ui.say(&fill(
                key::ask::finish::EXPORTS_WAIT,
                &[("count", &open.to_string())],
            ));
            return None;
        }
        self.show_refusals(model, a)
    }

    /// Asks where to write, then writes; `None` when the person stopped.
    fn export(
        &mut self,
        action: Action,
        model: &Model,
        analysis: &Analysis,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Option<()> {
        let stem = self
            .plan_path
            .file_stem()
            .map_or("plan".into(), |s| s.to_string_lossy().into_owned());
        let (label, default) = match action {
            Action::Pdf => (
                get(key::ask::finish::PDF_TO),
                self.out_dir.join(format!("{stem}-work-plan.pdf")),
            ),
            _ => (
                get(key::ask::finish::CONFIG_TO),
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
        let report = export::run(&self.context(model, analysis, now, &origin), &request);
        for path in &report.written {
            let shown = path.display().to_string();
            self.ui
                .say(&fill(key::ask::finish::WROTE, &[("path", &shown)]));
        }
        for problem in &report.problems {
            self.ui.say(&problem.to_string());
        }
        Some(())
    }

    /// What the exporters read, for this plan and its results.
    fn context<'c>(
        &'c self,
        model: &'c Model,
        analysis: &'c Analysis,
        now: chrono::DateTime<chrono::Utc>,
        origin: &'c str,
    ) -> Context<'c> {
        Context {
            model,
            plan: &self.session.plan,
            analysis,
            strings: Strings::builtin(),
            now,
            origin,
            plan_saved: None,
        }
    }

    /// The errors the configuration hand-over would refuse the answers for, in `hostplan
    /// check`'s words with their question ids: until they are fixed the plan is not ready.
    /// The question to open first: where the commitment fails (the results above say why),
    /// else the first refused answer.
    fn show_refusals(&mut self, model: &Model, analysis: &Analysis) -> Option<String> {
        let now = export_time().ok()?;
        let origin = self.plan_path.display().to_string();
        let q = &model.questionnaire;
        let commitment = summary::commitment_problems(analysis, q, &origin, Severity::Error);
        let problems = export::config::check(&self.context(model, analysis, now, &origin));
        let errors: Vec<_> = problems.iter().filter(|p| p.is_error()).collect();
        if !errors.is_empty() {
            self.ui.say(get(key::ask::finish::REFUSED));
        }
        for problem in &errors {
            self.ui.say(&problem.to_string());
        }
        let mut ids = commitment.iter().chain(errors);
        ids.find_map(|p| p.id.clone())
    }

    /// Whether an existing config folder may be replaced; true when there is none.
    fn may_replace(&mut self, dir: &Path) -> Reply<bool> {
        if !dir.exists() {
            return Reply::Value(false);
        }
        let shown = dir.display().to_string();
        self.ui
            .say(&fill(key::ask::finish::EXISTS, &[("path", &shown)]));
        let items = [
            Item::new(get(key::ask::finish::REPLACE)),
            Item::new(get(key::ask::finish::KEEP)),
        ];
        match self.ui.pick(&items, 1, Purpose::Menu) {
            Reply::Value(0) => Reply::Value(true),
            Reply::Value(_) | Reply::Back => Reply::Back,
            Reply::Quit => Reply::Quit,
        }
    }
}

/// What the menu offers: first the question that keeps the plan from being complete, if any; the exports once nothing required is open (the configuration
/// only where production runs locally), else the questions still open.
fn actions(analysis: Option<&Analysis>, open: usize, refused: bool) -> Vec<Action> {
    let mut actions = Vec::new();
    if refused {
        actions.push(Action::Fix);
    }
    if open > 0 {
        actions.push(Action::Open);
    } else if let Some(a) = analysis {
        actions.push(Action::Pdf);
        if a.option.has_local_production() {
            actions.push(Action::Config);
        }
    }
    actions.extend([Action::Back, Action::Restart, Action::Done]);
    actions
}

fn item(action: Action, open: usize, refused: Option<&str>) -> Item {
    Item::new(match action {
        Action::Fix => fill(
            key::ask::finish::FIX,
            &[("id", refused.unwrap_or_default())],
        ),
        Action::Pdf => get(key::ask::finish::PDF).to_string(),
        Action::Config => get(key::ask::finish::CONFIG).to_string(),
        Action::Open => fill(key::ask::finish::OPEN, &[("count", &open.to_string())]),
        Action::Back => get(key::ask::finish::BACK).to_string(),
        Action::Restart => get(key::ask::finish::RESTART).to_string(),
        Action::Done => get(key::ask::finish::DONE).to_string(),
    })
}
