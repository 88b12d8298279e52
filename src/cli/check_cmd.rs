//! `hostplan check`: the configuration answers of a plan, or a written config folder.

use anyhow::{Result, bail};
use clap::Args;
use std::path::{Path, PathBuf};

/// Check a plan's configuration answers, or a config folder written by `export --config`
#[derive(Args)]
pub struct CheckArgs {
    /// A plan file, or a folder written by `hostplan export --config`
    target: PathBuf,
}

pub fn run(args: CheckArgs, _dir: Option<&Path>) -> Result<bool> {
    bail!("checking {} is not built yet", args.target.display())
}
