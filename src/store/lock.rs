//! One front-end at a time on a plan: an advisory lock on a file beside it.
//!
//! The plan itself cannot carry the lock, since every save replaces it by a rename (a new
//! file, unlocked). The lock file is never removed: removing and creating it again would
//! let two sessions each lock a different file under the same name.

use crate::base::key;
use crate::base::strings;
use std::fs::{self, File, TryLockError};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// The lock on a plan, held until dropped (the system releases it when the file closes,
/// also when the process dies).
#[derive(Debug)]
pub struct PlanLock {
    _file: File,
}

/// Who holds a plan's lock, as they wrote it into the lock file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Holder {
    pub pid: Option<u32>,
    pub host: Option<String>,
}

/// What [`take`] found.
#[derive(Debug)]
pub enum Taken {
    /// This session has the plan to itself.
    Held(PlanLock),
    /// Another session has it.
    Busy(Holder),
    /// The folder cannot hold a lock (read-only, or a file system without locks): the
    /// check before each save is then the only guard.
    Unavailable,
}

/// `plan.toml` → `.plan.toml.lock`, in the plan's folder.
pub fn lock_path(plan: &Path) -> PathBuf {
    let mut name = std::ffi::OsString::from(".");
    name.push(plan.file_name().unwrap_or_default());
    name.push(".lock");
    plan.with_file_name(name)
}

/// Takes the lock of `plan` without waiting. The only error is a lock file that is not a
/// plain file (a symbolic link planted there, say), which is never followed.
pub fn take(plan: &Path) -> io::Result<Taken> {
    let path = lock_path(plan);
    refuse_link(&path)?;
    let Some(mut file) = open(&path)? else {
        return Ok(Taken::Unavailable);
    };
    match file.try_lock() {
        Ok(()) => {
            sign(&mut file);
            Ok(Taken::Held(PlanLock { _file: file }))
        }
        Err(TryLockError::WouldBlock) => Ok(Taken::Busy(read_holder(&mut file))),
        Err(TryLockError::Error(_)) => Ok(Taken::Unavailable),
    }
}

fn refuse_link(path: &Path) -> io::Result<()> {
    match fs::symlink_metadata(path) {
        Ok(m) if !m.is_file() => Err(not_a_file(path)),
        _ => Ok(()),
    }
}

fn not_a_file(path: &Path) -> io::Error {
    let shown = path.display().to_string();
    let text = strings::fill(key::common::file::LOCK_LINK, &[("path", &shown)]);
    io::Error::new(io::ErrorKind::InvalidInput, text)
}

/// Opens the lock file, creating it if needed, never through a symbolic link. Read-only
/// when someone else's lock file may not be written (a shared folder); `None` when it
/// cannot be opened at all.
fn open(path: &Path) -> io::Result<Option<File>> {
    for write in [true, false] {
        match options(write).open(path) {
            Ok(file) if file.metadata()?.is_file() => return Ok(Some(file)),
            Ok(_) => return Err(not_a_file(path)),
            Err(e) if is_link_error(&e) => return Err(not_a_file(path)),
            Err(_) => {}
        }
    }
    Ok(None)
}

fn options(write: bool) -> fs::OpenOptions {
    let mut options = fs::OpenOptions::new();
    options.read(true).write(write).create(write);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Non-blocking so a FIFO planted at the name cannot hang the open.
        options
            .mode(0o644)
            .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    options
}

#[cfg(unix)]
fn is_link_error(e: &io::Error) -> bool {
    e.raw_os_error() == Some(libc::ELOOP)
}

#[cfg(not(unix))]
fn is_link_error(_: &io::Error) -> bool {
    false
}

/// Writes who holds the lock, so a second session can name them. Best effort: the lock
/// works without it.
fn sign(file: &mut File) {
    let holder = format!(
        "pid = {}\nhost = {}\n",
        std::process::id(),
        crate::core::answer::toml_string(&host_name())
    );
    let _ = file
        .set_len(0)
        .and_then(|()| file.write_all(holder.as_bytes()))
        .and_then(|()| file.sync_all());
}

/// What the holder wrote; anything unreadable is left out rather than shown.
fn read_holder(file: &mut File) -> Holder {
    let mut text = String::new();
    let _ = Read::by_ref(file).take(1024).read_to_string(&mut text);
    parse_holder(&text)
}

fn parse_holder(text: &str) -> Holder {
    let Ok(table) = text.parse::<toml::Table>() else {
        return Holder::default();
    };
    let pid = table
        .get("pid")
        .and_then(toml::Value::as_integer)
        .and_then(|n| u32::try_from(n).ok());
    let host = table
        .get("host")
        .and_then(toml::Value::as_str)
        .map(|h| h.chars().filter(|c| !c.is_control()).take(64).collect())
        .filter(|h: &String| !h.is_empty());
    Holder { pid, host }
}

#[cfg(unix)]
fn host_name() -> String {
    let mut buf = [0u8; 256];
    // SAFETY: the buffer is valid for its whole length; the name ends at the first NUL.
    let done = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
    if done != 0 {
        return String::new();
    }
    let end = buf.iter().position(|b| *b == 0).unwrap_or(buf.len());
    String::from_utf8_lossy(&buf[..end]).into_owned()
}

#[cfg(not(unix))]
fn host_name() -> String {
    std::env::var("COMPUTERNAME").unwrap_or_default()
}

/// The sentence that tells a second session why the plan is read-only here and what to do;
/// `advice_key` names what to do in that front-end.
pub fn busy_message(plan: &Path, holder: &Holder, advice_key: &'static str) -> String {
    let shown = plan.display().to_string();
    let who = match (holder.pid, &holder.host) {
        (Some(pid), Some(host)) => strings::fill(
            key::common::file::LOCKED_BY,
            &[("pid", &pid.to_string()), ("host", host)],
        ),
        _ => String::new(),
    };
    let said = strings::fill(
        key::common::file::LOCKED,
        &[("path", &shown), ("who", &who)],
    );
    format!("{said}; {}", strings::get(advice_key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_taker_finds_the_plan_busy_until_the_first_lets_go() {
        let tmp = tempfile::tempdir().unwrap();
        let plan = tmp.path().join("plan.toml");
        fs::write(&plan, "a = 1\n").unwrap();
        let Taken::Held(first) = take(&plan).unwrap() else {
            panic!("the first session takes the lock");
        };
        let Taken::Busy(holder) = take(&plan).unwrap() else {
            panic!("the second session finds it busy");
        };
        assert_eq!(holder.pid, Some(std::process::id()));
        // A save replaces the plan by another file; the lock stays.
        crate::store::save(&plan, b"a = 2\n").unwrap();
        assert!(matches!(take(&plan).unwrap(), Taken::Busy(_)));
        drop(first);
        assert!(matches!(take(&plan).unwrap(), Taken::Held(_)));
        assert!(lock_path(&plan).is_file(), "the lock file stays");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_at_the_lock_name_is_refused_and_never_followed() {
        let tmp = tempfile::tempdir().unwrap();
        let plan = tmp.path().join("plan.toml");
        let victim = tmp.path().join("victim.txt");
        fs::write(&victim, "keep me").unwrap();
        std::os::unix::fs::symlink(&victim, lock_path(&plan)).unwrap();
        let e = take(&plan).unwrap_err();
        assert!(e.to_string().contains(".plan.toml.lock"), "{e}");
        assert!(e.to_string().contains("symbolic link"), "{e}");
        assert_eq!(fs::read_to_string(&victim).unwrap(), "keep me");
    }

    #[test]
    fn the_holder_is_read_back_and_garbage_is_left_out() {
        let h = parse_holder("pid = 42\nhost = \"office-pc\"\n");
        assert_eq!(h.pid, Some(42));
        assert_eq!(h.host.as_deref(), Some("office-pc"));
        assert_eq!(parse_holder("not toml ["), Holder::default());
        let h = parse_holder("pid = -1\nhost = \"a\\u001b]0;x\\u0007b\"\n");
        assert_eq!(h.pid, None);
        assert_eq!(h.host.as_deref(), Some("a]0;xb"));
        let m = busy_message(
            Path::new("p.toml"),
            &parse_holder("pid = 7\nhost = \"h\"\n"),
            "common.file.locked_wizard",
        );
        assert!(
            m.contains("p.toml") && m.contains('7') && m.contains('h'),
            "{m}"
        );
    }
}
