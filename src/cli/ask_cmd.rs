//! `hostplan ask`: its arguments. The front-end itself is [`hostplan::ask`].

use super::Colours;
use anyhow::Result;
use clap::Args;
use std::path::{Path, PathBuf};

/// Answer the questionnaire line by line (no full-screen display)
#[derive(Args, Default)]
pub struct AskArgs {
    /// The plan to answer (created when it does not exist); without it, choose between the
    /// most recent plan, a new one and the demo
    pub plan: Option<PathBuf>,
    /// Answer a copy of the built-in demo plan
    #[arg(long, conflicts_with = "plan")]
    pub demo: bool,
    // No `--plain` here: `ask` is line by line already.
    #[command(flatten)]
    pub colours: Colours,
}

pub fn run(args: AskArgs, dir: Option<&Path>) -> Result<bool> {
    let look = args.colours.appearance();
    hostplan::ask::run(args.plan, args.demo, &look, dir)
}
