//! `hostplan wizard`: the full-screen wizard, the default with no command.

use super::ask_cmd;
use anyhow::{Result, bail};
use clap::{Args, ValueEnum};
use std::path::{Path, PathBuf};

/// How the wizard looks; these flags work with every command that starts it.
#[derive(Args, Clone, Debug)]
pub struct Look {
    /// No colour (NO_COLOR in the environment does the same)
    #[arg(long, global = true)]
    pub no_color: bool,
    /// Colour theme: high-contrast suits projectors
    #[arg(long, global = true, value_enum, default_value_t = ThemeArg::Default)]
    pub theme: ThemeArg,
    /// Ask line by line instead of full-screen (as `hostplan ask`)
    #[arg(long, global = true)]
    pub plain: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ThemeArg {
    Default,
    HighContrast,
}

#[derive(Args, Debug)]
pub struct WizardArgs {
    /// The plan to open; it is saved after every answer
    pub plan: Option<PathBuf>,
    /// Open a copy of the built-in demo plan
    #[arg(long, conflicts_with = "plan")]
    pub demo: bool,
}

impl WizardArgs {
    /// The wizard as started with no command: the start screen, or the demo.
    pub fn start(demo: bool) -> WizardArgs {
        WizardArgs { plan: None, demo }
    }
}

pub fn run(args: WizardArgs, look: &Look, dir: Option<&Path>) -> Result<bool> {
    let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
    if look.plain || dumb {
        return ask_cmd::run(ask_cmd::AskArgs { plan: args.plan }, look, dir);
    }
    bail!("the full-screen wizard is not built yet")
}
