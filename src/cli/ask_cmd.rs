//! `hostplan ask`: the questionnaire one prompt at a time, for screen readers, slow links
//! and `TERM=dumb`.

use super::wizard_cmd::Look;
use anyhow::{Result, bail};
use clap::Args;
use std::path::{Path, PathBuf};

/// Answer the questionnaire line by line (no full-screen display)
#[derive(Args, Default)]
pub struct AskArgs {
    /// The plan to answer; a new plan in the plans folder when left out
    pub plan: Option<PathBuf>,
}

pub fn run(args: AskArgs, _look: &Look, _dir: Option<&Path>) -> Result<bool> {
    let _ = args.plan;
    bail!("line-by-line mode is not built yet")
}
