//! Where plans are kept when no file is named: the folder the wizard and `ask` autosave
//! new plans into, and from which the most recent one is resumed.

use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// HOSTPLAN_HOME, else XDG_DATA_HOME/hostplan, else ~/.local/share/hostplan; `plans/`
/// inside it.
pub fn plans_dir() -> Result<PathBuf> {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let home = env("HOSTPLAN_HOME")
        .or_else(|| env("XDG_DATA_HOME").map(|d| d.join("hostplan")))
        .or_else(|| env("HOME").map(|h| h.join(".local/share/hostplan")))
        .context("cannot tell where to keep plans: set HOSTPLAN_HOME to a folder")?;
    Ok(home.join("plans"))
}

/// The plans folder, created if needed.
pub fn ensure_plans_dir() -> Result<PathBuf> {
    let dir = plans_dir()?;
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("cannot create the plans folder {}", dir.display()))?;
    Ok(dir)
}

/// The plan most recently saved in the plans folder.
pub fn most_recent() -> Option<PathBuf> {
    let dir = plans_dir().ok()?;
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .filter_map(|p| Some((p.metadata().ok()?.modified().ok()?, p)))
        .max()
        .map(|(_, p)| p)
}

/// A fresh file name in the plans folder: `STEM-2027-03-01-1.toml`, numbered past any
/// existing one.
pub fn new_plan_path(dir: &Path, stem: &str, today: chrono::NaiveDate) -> PathBuf {
    (1..)
        .map(|n| dir.join(format!("{stem}-{}-{n}.toml", today.format("%Y-%m-%d"))))
        .find(|p| !p.exists())
        .unwrap_or_else(|| dir.join(format!("{stem}.toml")))
}
