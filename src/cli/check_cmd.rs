//! `hostplan check`: the configuration answers of a plan, or a written config folder.

use super::plan_cmd::place_in_plan;
use anyhow::{Context as _, Result, bail};
use clap::Args;
use hostplan::base::diag::{Problem, Source};
use hostplan::base::key;
use hostplan::base::strings::{Strings, fill, language};
use hostplan::core::plan::{Completeness, Plan};
use hostplan::export::{config, with_context};
use hostplan::session::catalog::catalog;
use hostplan::session::companions::model;
use hostplan::session::problems::{broken_data, broken_file, counts, report};
use hostplan::session::readfile::{MAX_BYTES, read_text};
use hostplan::{errln, outln};
use std::path::{Path, PathBuf};

/// Check a plan's configuration answers, or a config folder written by `export --config`
#[derive(Args)]
pub struct CheckArgs {
    /// A plan file, or a folder written by `hostplan export --config`
    target: PathBuf,
    /// For a folder: fail unless it is ready to install from (every placeholder filled,
    /// the certificate, its chain and key sound, the message secret and worker key usable)
    #[arg(long)]
    ready: bool,
}

pub fn run(args: CheckArgs, dir: Option<&Path>) -> Result<bool> {
    let target = &args.target;
    if target.is_dir() {
        return Ok(check_dir(target, args.ready));
    }
    if !target.exists() {
        let shown = target.display().to_string();
        bail!("{}", fill(key::cli::check::MISSING, &[("path", &shown)]));
    }
    if args.ready {
        let shown = target.display().to_string();
        bail!(
            "{}",
            fill(key::config::ready::PLAN_GIVEN, &[("path", &shown)])
        );
    }
    check_plan(target, dir)
}

fn check_dir(dir: &Path, ready: bool) -> bool {
    let s = Strings::builtin();
    let extra = if ready {
        config::ready::READY_FILES
    } else {
        &[]
    };
    let files: Vec<config::FolderText> = config::KNOWN_FILES
        .iter()
        .chain(extra)
        .map(|name| read_folder_file(dir, name))
        .collect();
    let shown = dir.display().to_string();
    let (mut problems, notes) = config::check_folder(&shown, &files, s);
    problems.extend(ansible_verdict(dir, &shown));
    if ready {
        // The one place the clock is read: certificates are judged against it.
        let now = chrono::Utc::now().timestamp();
        let found = config::ready::check_ready(&shown, &files, now, s);
        problems = config::ready::supersede(problems, found);
    }
    let clean = finish(&shown, &problems, &notes);
    if ready && clean {
        outln!(
            "{}",
            s.fill(key::config::ready::READY, &[("origin", &shown)])
        );
    }
    clean
}

/// Ansible's own reading of the inventory, when `ansible-inventory` is installed; nothing
/// when it is not, or when the folder has no inventory.
fn ansible_verdict(dir: &Path, shown: &str) -> Option<Problem> {
    let inventory = dir.join(config::INVENTORY_FILE);
    if !inventory.is_file() {
        return None;
    }
    let cmd = config::inventory_command(&inventory);
    let out = std::process::Command::new(cmd.program)
        .args(&cmd.args)
        .envs(cmd.env.iter().copied())
        .stdin(std::process::Stdio::null())
        .output()
        .ok()?;
    let outcome = config::ToolOutcome {
        success: out.status.success(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    config::inventory_verdict(shown, &outcome)
}

fn read_folder_file(dir: &Path, name: &str) -> config::FolderText {
    let path = dir.join(name);
    let (text, unreadable) = match read_config_text(&path) {
        Ok(text) => (text, None),
        Err(u) => (None, Some(u)),
    };
    config::FolderText {
        path: name.to_string(),
        text,
        mode: mode_of(&path),
        unreadable,
    }
}

/// A config file's text; `Ok(None)` when nothing is at its path; otherwise what stands
/// there instead. The kind of file is looked at before reading: reading a named pipe
/// would wait for a writer, and a device may never end.
fn read_config_text(path: &Path) -> Result<Option<String>, config::Unreadable> {
    use config::Unreadable;
    let failed = |e: std::io::Error| Unreadable::Failed(e.to_string());
    let link = match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        other => other.map_err(failed)?,
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if link.is_symlink() => return Err(broken_link(path, e)),
        Err(e) => return Err(failed(e)),
    };
    if let Some(kind) = not_a_file(&meta.file_type()) {
        return Err(kind);
    }
    // Capped like every other file read, so a huge file cannot exhaust memory.
    let limit = MAX_BYTES;
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(std::fs::File::open(path).map_err(failed)?, limit + 1),
        &mut bytes,
    )
    .map_err(failed)?;
    if bytes.len() as u64 > limit {
        return Err(Unreadable::TooLarge(limit >> 20));
    }
    config::text_from_bytes(bytes).map(Some)
}

/// A symbolic link whose target cannot be reached: a loop, or a target that is gone.
fn broken_link(path: &Path, e: std::io::Error) -> config::Unreadable {
    use config::Unreadable;
    #[cfg(unix)]
    if e.raw_os_error() == Some(libc::ELOOP) {
        return Unreadable::LinkLoop;
    }
    if e.kind() == std::io::ErrorKind::NotFound {
        let target = std::fs::read_link(path).map(|t| t.display().to_string());
        return Unreadable::DanglingLink(target.unwrap_or_default());
    }
    Unreadable::Failed(e.to_string())
}

fn not_a_file(kind: &std::fs::FileType) -> Option<config::Unreadable> {
    use config::Unreadable;
    if kind.is_dir() {
        return Some(Unreadable::Folder);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_char_device() || kind.is_block_device() {
            return Some(Unreadable::Device);
        }
        if kind.is_fifo() {
            return Some(Unreadable::Pipe);
        }
        if kind.is_socket() {
            return Some(Unreadable::Socket);
        }
    }
    None
}

#[cfg(unix)]
fn mode_of(path: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).ok().map(|m| m.permissions().mode())
}

#[cfg(not(unix))]
fn mode_of(_: &Path) -> Option<u32> {
    None
}

fn check_plan(path: &Path, dir: Option<&Path>) -> Result<bool> {
    let cat = catalog(dir, language()).map_err(|p| {
        report(&p);
        anyhow::anyhow!("{}", broken_data(key::cli::broken::QUESTIONNAIRES, &p))
    })?;
    let origin = path.display().to_string();
    let text = read_text(path)?;
    let parsed = Plan::parse(
        Source::new(&origin, &text),
        |id| cat.get(id),
        Completeness::Partial,
    );
    let (plan, warnings) = match parsed {
        Ok(ok) => ok,
        Err(problems) => {
            report(&problems);
            errln!("{}", broken_file(&origin, &problems));
            return Ok(false);
        }
    };
    report(&warnings);
    let q = cat
        .get(&plan.questionnaire)
        .context("questionnaire vanished")?;
    let Some(model) = model(q, dir, language()).map_err(|p| {
        report(&p);
        anyhow::anyhow!("{}", broken_data(key::cli::broken::DECISION_DATA, &p))
    })?
    else {
        bail!(
            "{}",
            fill(key::cli::check::NO_DECISION_DATA, &[("id", &q.id)])
        );
    };
    let now = chrono::Utc::now();
    let (mut problems, notes) = with_context(&model, &plan, now, &origin, |ctx| {
        (config::check(ctx), config::notes(ctx))
    });
    place_in_plan(&mut problems, &text);
    Ok(finish(&origin, &problems, &notes))
}

/// Prints problems to standard error and notes to standard output, then one closing line.
fn finish(origin: &str, problems: &[Problem], notes: &[String]) -> bool {
    let s = Strings::builtin();
    let clean = report(problems);
    for note in notes {
        outln!("{}", s.fill(key::config::cmd::NOTE, &[("note", note)]));
    }
    if problems.is_empty() {
        outln!("{}", s.fill(key::config::cmd::CLEAN, &[("origin", origin)]));
    } else {
        let line = s.fill(
            key::config::cmd::FOUND,
            &[("origin", origin), ("counts", &counts(problems))],
        );
        if clean {
            outln!("{line}");
        } else {
            errln!("{line}");
        }
    }
    clean
}
