//! `hostplan wizard`, the default with no command: its arguments, and the choice between
//! the full-screen wizard ([`hostplan::tui::run`]) and the line-by-line [`hostplan::ask`].

use super::Look;
use anyhow::Result;
use clap::Args;
use hostplan::session::look::dumb_terminal;
use std::path::{Path, PathBuf};

#[derive(Args, Debug)]
pub struct WizardArgs {
    /// The plan to open, or to create if it does not exist; it is saved after every answer
    pub plan: Option<PathBuf>,
    /// Open a copy of the built-in demo plan
    #[arg(long, conflicts_with = "plan")]
    pub demo: bool,
    #[command(flatten)]
    pub look: Look,
}

impl WizardArgs {
    /// The wizard as started with no command: the start screen, or the demo.
    pub fn start(demo: bool, look: Look) -> WizardArgs {
        WizardArgs {
            plan: None,
            demo,
            look,
        }
    }
}

/// `--plain`, and a terminal that cannot redraw, ask line by line instead.
pub fn run(args: WizardArgs, dir: Option<&Path>) -> Result<bool> {
    if args.look.plain || dumb_terminal() {
        let look = args.look.colours.appearance();
        return hostplan::ask::run(args.plan, args.demo, &look, dir);
    }
    hostplan::tui::run::wizard(args.plan, args.demo, &args.look.appearance(), dir)
}
