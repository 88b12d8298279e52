//! Where plans are kept when no file is named: the folder the wizard and `ask` autosave
//! new plans into, and from which the most recent one is resumed.

use crate::base::key;
use crate::base::strings::{fill, get};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// Where plans are kept: `plans/` in HOSTPLAN_HOME when it is set; else the plans folder
/// of earlier versions (`~/.local/share/hostplan/plans`) when it exists, so plans made before are still found; else `hostplan` in the person's
/// documents folder (Documents on Windows and macOS, the XDG documents folder on Linux),
/// where people look for their files; else the data folder.
pub fn plans_dir() -> Result<PathBuf> {
    let home = std::env::var_os("HOSTPLAN_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from);
    let data = data_dir().map(|d| d.join("hostplan").join("plans"));
    let earlier = earlier_plans_dir().filter(|d| d.is_dir());
    choose(home, earlier, dirs::document_dir(), data)
        .context(get(key::common::file::PLANS_FOLDER_UNKNOWN))
}

/// Where earlier versions kept plans on every system: XDG_DATA_HOME/hostplan/plans,
/// else ~/.local/share/hostplan/plans.
fn earlier_plans_dir() -> Option<PathBuf> {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let home = env("XDG_DATA_HOME")
        .map(|d| d.join("hostplan"))
        .or_else(|| env("HOME").map(|h| h.join(".local").join("share").join("hostplan")))?;
    Some(home.join("plans"))
}

/// The system's folder for application data: XDG_DATA_HOME or `~/.local/share` on Linux,
/// `~/Library/Application Support` on macOS, the roaming AppData folder on Windows.
fn data_dir() -> Option<PathBuf> {
    dirs::data_dir()
}

/// The plans folder from what the system offers, in order of preference.
fn choose(
    home: Option<PathBuf>,
    earlier: Option<PathBuf>,
    documents: Option<PathBuf>,
    data: Option<PathBuf>,
) -> Option<PathBuf> {
    home.map(|h| h.join("plans"))
        .or(earlier)
        .or_else(|| documents.map(|d| d.join("hostplan")))
        .or(data)
}

/// The plans folder, created if needed.
pub fn ensure_plans_dir() -> Result<PathBuf> {
    let dir = plans_dir()?;
    std::fs::create_dir_all(&dir).with_context(|| {
        let path = dir.display().to_string();
        fill(key::common::file::PLANS_FOLDER_CREATE, &[("path", &path)])
    })?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn some(p: &str) -> Option<PathBuf> {
        Some(PathBuf::from(p))
    }

    #[test]
    fn the_plans_folder_is_chosen_in_order_of_preference() {
        let all = |home| {
            choose(
                home,
                some("old/plans"),
                some("Documents"),
                some("data/plans"),
            )
        };
        assert_eq!(all(some("hp")), some("hp/plans"));
        assert_eq!(
            all(None),
            some("old/plans"),
            "plans made before are still found"
        );
        let new = choose(None, None, some("Documents"), some("data/plans"));
        assert_eq!(new, Some(Path::new("Documents").join("hostplan")));
        assert_eq!(
            choose(None, None, None, some("data/plans")),
            some("data/plans")
        );
        assert_eq!(choose(None, None, None, None), None);
    }
}
