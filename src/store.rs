//! Writing files so that a crash, a full disk or a power cut never leaves a half-written one.
//!
//! This is the only module of the library that touches the file system.

use crate::base::key;
pub mod lock;

use crate::base::strings;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Replaces `path` with `contents` atomically, keeping the previous version as `PATH.bak`.
pub fn save(path: &Path, contents: &[u8]) -> io::Result<()> {
    save_with(path, |f| f.write_all(contents))
}

/// Like [`save`], for a file that holds secrets: it is readable and writable by its owner
/// only (mode 0600) from the moment it exists, so no other account can ever read it, and
/// so is its backup.
pub fn save_private(path: &Path, contents: &[u8]) -> io::Result<()> {
    save_file(path, true, |f| f.write_all(contents))
}

/// Like [`save`], with the bytes written by `write`. If `write` fails, the temporary file is
/// removed and `path` is left as it was.
pub fn save_with(path: &Path, write: impl FnOnce(&mut File) -> io::Result<()>) -> io::Result<()> {
    save_file(path, false, write)
}

fn save_file(
    path: &Path,
    private: bool,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> io::Result<()> {
    let dir = parent_dir(path);
    check_target(path, &dir)?;
    clean_leftovers(path, &dir);
    let tmp = temp_sibling(path);
    let result = (|| {
        let mut file = create_new(&tmp, mode_for(path, private))?;
        write(&mut file)?;
        keep_mode(&file, path, private)?;
        file.sync_all()?;
        if path.exists() {
            keep_backup(path)?;
        }
        replace(&tmp, path)?;
        sync_dir(&dir);
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// How a finished file is put in place: the system's rename, and a pause between tries.
trait Mover {
    fn rename(&mut self, from: &Path, to: &Path) -> io::Result<()>;
    fn wait(&mut self, pause: std::time::Duration);
}

struct System;

impl Mover for System {
    fn rename(&mut self, from: &Path, to: &Path) -> io::Result<()> {
        fs::rename(from, to)
    }

    fn wait(&mut self, pause: std::time::Duration) {
        std::thread::sleep(pause);
    }
}

/// Tries after the first, a short pause apart: about two seconds in all.
const RENAME_RETRIES: u32 = 20;
const RENAME_PAUSE: std::time::Duration = std::time::Duration::from_millis(100);

/// Renames `from` over `to`. On Windows the rename fails while another program has `to`
/// open (an editor, a virus scanner, OneDrive syncing the folder); such holds are usually
/// brief, so it is tried again for a moment, and the last error says what holds it.
fn replace(from: &Path, to: &Path) -> io::Result<()> {
    replace_with(&mut System, from, to, cfg!(windows))
}

fn replace_with(m: &mut impl Mover, from: &Path, to: &Path, windows: bool) -> io::Result<()> {
    let mut tries = 0;
    loop {
        match m.rename(from, to) {
            Ok(()) => return Ok(()),
            Err(e) if windows && held_open(&e) && tries < RENAME_RETRIES => {
                tries += 1;
                m.wait(RENAME_PAUSE);
            }
            Err(e) if windows && held_open(&e) => {
                let shown = to.display().to_string();
                let args = [("path", shown.as_str()), ("error", &e.to_string())];
                return Err(io::Error::new(
                    e.kind(),
                    strings::fill(key::common::file::HELD_OPEN, &args),
                ));
            }
            Err(e) => return Err(e),
        }
    }
}

/// Windows' answers when another program holds the file: access denied, a sharing or a
/// lock violation.
fn held_open(e: &io::Error) -> bool {
    matches!(e.raw_os_error(), Some(5 | 32 | 33))
}

/// What a file held when this program last read or wrote it, to tell whether someone else
/// (a second wizard on the same plan, say) has changed it since.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Seen(Option<u64>);

impl Seen {
    /// The file held `contents`.
    pub fn of(contents: &[u8]) -> Seen {
        let hash = contents.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
        });
        Seen(Some(hash))
    }

    /// What the file holds now; a missing file is seen as missing.
    pub fn now(path: &Path) -> io::Result<Seen> {
        match fs::read(path) {
            Ok(bytes) => Ok(Seen::of(&bytes)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Seen(None)),
            Err(e) => Err(e),
        }
    }
}

/// Where [`save_unless_changed`] put the contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Saved {
    /// In place of the file.
    Replaced,
    /// The file had changed since it was seen, so it was left alone and the contents went
    /// to this sibling instead: nothing anybody wrote is lost.
    Conflict(PathBuf),
}

/// Like [`save`], unless `path` no longer holds what `seen` says: another program changed
/// it. Then the file is kept and `contents` go to `NAME.conflict.EXT` beside it. `seen` is
/// updated after a save in place.
pub fn save_unless_changed(path: &Path, seen: &mut Seen, contents: &[u8]) -> io::Result<Saved> {
    if is_read_only(path) {
        let shown = path.display().to_string();
        let text = strings::fill(key::common::file::READ_ONLY, &[("path", &shown)]);
        return Err(io::Error::new(io::ErrorKind::PermissionDenied, text));
    }
    if Seen::now(path)? != *seen {
        let aside = conflict_path(path);
        save(&aside, contents)?;
        return Ok(Saved::Conflict(aside));
    }
    save(path, contents)?;
    *seen = Seen::of(contents);
    Ok(Saved::Replaced)
}

/// Whether the file exists and its owner made it read-only: a plan kept so on purpose is
/// not replaced behind its owner's back.
pub fn is_read_only(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().readonly())
}

/// `plan.toml` → `plan.conflict.toml`.
pub fn conflict_path(path: &Path) -> PathBuf {
    let stem = path.file_stem().unwrap_or_default().to_os_string();
    let mut name = stem;
    name.push(".conflict");
    if let Some(ext) = path.extension() {
        name.push(".");
        name.push(ext);
    }
    path.with_file_name(name)
}

/// The two mistakes people make when naming a file to write, told in their words rather
/// than the system's.
fn check_target(path: &Path, dir: &Path) -> io::Result<()> {
    if path.is_dir() {
        let text = strings::get(key::common::file::IS_FOLDER);
        return Err(io::Error::new(io::ErrorKind::IsADirectory, text));
    }
    check_parent(dir)
}

fn check_parent(dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let shown = dir.display().to_string();
    let text = strings::fill(key::common::file::NO_FOLDER, &[("folder", &shown)]);
    Err(io::Error::new(io::ErrorKind::NotFound, text))
}

/// Creates a file that must not exist yet, with `mode` from the start, never by a later
/// change, so its contents are never readable by more accounts than they should be. The
/// exclusive create also refuses a symlink planted at `path`: it is never followed.
fn create_new(path: &Path, mode: u32) -> io::Result<File> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(mode).custom_flags(libc::O_NOFOLLOW);
    }
    #[cfg(not(unix))]
    let _ = mode;
    options.open(path)
}

/// The mode a new version of `path` is created with: 0600 for secrets, else no wider than
/// the file it replaces (a plan kept private stays private), else the usual 0666 less umask.
fn mode_for(path: &Path, private: bool) -> u32 {
    if private {
        return 0o600;
    }
    existing_mode(path).map_or(0o666, |m| m & 0o666)
}

#[cfg(unix)]
fn existing_mode(path: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path)
        .ok()
        .map(|m| m.permissions().mode() & 0o777)
}

#[cfg(not(unix))]
fn existing_mode(_: &Path) -> Option<u32> {
    None
}

/// Gives the new version exactly the mode of the file it replaces, which the umask may have
/// narrowed at creation (a 0644 plan stays 0644, a 0600 one 0600).
fn keep_mode(file: &File, path: &Path, private: bool) -> io::Result<()> {
    match existing_mode(path) {
        Some(mode) if !private => set_mode(file, mode),
        _ => Ok(()),
    }
}

#[cfg(unix)]
fn set_mode(file: &File, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_: &File, _: u32) -> io::Result<()> {
    Ok(())
}

/// One file of a folder written by [`write_folder`].
#[derive(Clone, Debug, PartialEq)]
pub struct FolderFile {
    /// Where the file goes, relative to the folder, with `/` between parts.
    pub path: String,
    pub contents: Vec<u8>,
    /// Holds secrets: created with mode 0600.
    pub private: bool,
}

/// What [`write_folder`] did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FolderWritten {
    /// Every file written, under its final path.
    pub files: Vec<PathBuf>,
    /// Where the folder that was replaced now is, if one was.
    pub backup: Option<PathBuf>,
}

/// Writes a whole folder so that it is never seen half-written: every file goes into a
/// temporary sibling first, which then takes the folder's place. An existing folder that
/// holds anything is refused (`AlreadyExists`) unless `replace` is set; it is then kept as
/// `DIR.bak`, since it may hold secrets somebody filled in by hand.
pub fn write_folder(dir: &Path, files: &[FolderFile], replace: bool) -> io::Result<FolderWritten> {
    check_parent(&parent_dir(dir))?;
    let occupied = is_occupied(dir)?;
    if occupied && !replace {
        // The caller words this one: only it knows which option replaces the folder.
        return Err(io::ErrorKind::AlreadyExists.into());
    }
    let tmp = temp_sibling(dir);
    let result = fill_folder(&tmp, files).and_then(|()| swap_in(&tmp, dir, occupied));
    if result.is_err() {
        let _ = fs::remove_dir_all(&tmp);
    }
    let backup = result?;
    sync_dir(&parent_dir(dir));
    Ok(FolderWritten {
        files: files.iter().map(|f| inside(dir, &f.path)).collect(),
        backup,
    })
}

/// The path of `relative`, written with `/` as in the folder's own listing, inside
/// `root`, with the system's own separator throughout (`cfg\ansible\secrets.yml` on
/// Windows, not `cfg\ansible/secrets.yml`).
pub fn inside(root: &Path, relative: &str) -> PathBuf {
    relative
        .split('/')
        .filter(|part| !part.is_empty())
        .fold(root.to_path_buf(), |path, part| path.join(part))
}

/// Whether `dir` exists with something in it. A file in its place is an error.
fn is_occupied(dir: &Path) -> io::Result<bool> {
    match fs::symlink_metadata(dir) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
        Ok(m) if !m.is_dir() => Err(io::Error::new(
            io::ErrorKind::NotADirectory,
            strings::get(key::common::file::NOT_FOLDER),
        )),
        Ok(_) => Ok(fs::read_dir(dir)?.next().is_some()),
    }
}

fn fill_folder(root: &Path, files: &[FolderFile]) -> io::Result<()> {
    fs::create_dir(root)?;
    for f in files {
        let path = inside(root, &f.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        let mut file = create_new(&path, if f.private { 0o600 } else { 0o666 })?;
        file.write_all(&f.contents)?;
        file.sync_all()?;
    }
    Ok(())
}

/// Puts the finished temporary folder in place. A missing or empty `dir` is replaced by
/// one rename; a full one is first moved aside to `DIR.bak`, and moved back if the second
/// rename fails.
fn swap_in(tmp: &Path, dir: &Path, occupied: bool) -> io::Result<Option<PathBuf>> {
    if !occupied {
        fs::rename(tmp, dir)?;
        return Ok(None);
    }
    let bak = backup_path(dir);
    match fs::symlink_metadata(&bak) {
        Ok(m) if m.file_type().is_symlink() => {
            let shown = bak.display().to_string();
            let text = strings::fill(key::common::file::BACKUP_LINK, &[("path", &shown)]);
            return Err(io::Error::new(io::ErrorKind::AlreadyExists, text));
        }
        Ok(m) if m.is_dir() => fs::remove_dir_all(&bak)?,
        _ => {}
    }
    if exchange(tmp, dir).is_ok() {
        // The old folder now sits at the temporary name; `dir` was never missing.
        fs::rename(tmp, &bak)?;
        return Ok(Some(bak));
    }
    // Where folders cannot be swapped in one step (Windows among them), a program holding
    // a file of the old folder open makes the first rename fail for a moment.
    replace(dir, &bak)?;
    if let Err(e) = replace(tmp, dir) {
        let _ = fs::rename(&bak, dir);
        return Err(e);
    }
    Ok(Some(bak))
}

/// Swaps two paths in one step where the system can (Linux's RENAME_EXCHANGE), so a crash
/// cannot fall between two renames and leave the folder missing.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| CString::new(p.as_os_str().as_bytes()).map_err(io::Error::other);
    let (a, b) = (c(a)?, c(b)?);
    // The system call itself: musl, which the static build links, has no wrapper for it.
    // SAFETY: both are valid NUL-terminated paths that live across the call.
    let done = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if done == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// Removes temporary files a crashed hostplan left beside `path` (same name, a process id
/// that no longer runs), so leftovers do not pile up in a shared folder.
fn clean_leftovers(path: &Path, dir: &Path) {
    // Once per file and run: autosaves come after every answer, and listing a shared
    // folder each time would put that work on the wizard's every key.
    static CLEANED: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());
    let mut cleaned = CLEANED.lock().unwrap_or_else(|e| e.into_inner());
    if cleaned.iter().any(|p| p == path) {
        return;
    }
    cleaned.push(path.to_path_buf());
    drop(cleaned);
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return;
    };
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(pid) = file.to_str().and_then(|f| leftover_pid(f, name)) else {
            continue;
        };
        let is_file = entry
            .file_type()
            .is_ok_and(|t| t.is_file() || t.is_symlink());
        if is_file && pid != std::process::id() && !process_alive(pid) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The process id in a temporary name made for `name` (`.NAME.PID.HEX.tmp`, the backup's
/// `.NAME.bak.PID.HEX.tmp`, or the older `.NAME.PID.tmp`).
fn leftover_pid(file: &str, name: &str) -> Option<u32> {
    let rest = file
        .strip_prefix('.')?
        .strip_prefix(name)?
        .strip_prefix('.')?;
    let rest = rest.strip_prefix("bak.").unwrap_or(rest);
    let rest = rest.strip_suffix(".tmp")?;
    let pid = rest.split('.').next()?;
    let tail_ok = rest
        .split('.')
        .skip(1)
        .all(|p| p.len() == 16 && p.bytes().all(|b| b.is_ascii_hexdigit()));
    (tail_ok && rest.split('.').count() <= 2).then(|| pid.parse().ok())?
}

#[cfg(unix)]
fn process_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 only asks whether the process exists; nothing is sent.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn process_alive(_: u32) -> bool {
    // Without a way to ask, a leftover is kept rather than risk removing a live one's file.
    true
}

/// What [`recover_folder`] found left by an export of the same folder that was cut short,
/// and did about it.
#[derive(Clone, Debug, PartialEq)]
pub enum Recovered {
    /// The folder was missing (cut between its two renames) and was put back from `DIR.bak`.
    Restored,
    /// A temporary folder that may hold the replaced folder now sits at this `DIR.bak`.
    KeptAsBackup(PathBuf),
    /// Temporary folders of a cut-short export were removed; nothing else needed doing.
    Cleaned,
}

/// Tidies up after an export of `dir` that a crash or a kill cut short, before the next
/// export of it. Nothing that may be the only copy of someone's folder is removed: a missing
/// folder comes back from its `DIR.bak`, and a leftover that may be the folder being
/// replaced becomes `DIR.bak` when there is none.
pub fn recover_folder(dir: &Path) -> io::Result<Option<Recovered>> {
    let mut leftovers = dead_leftover_folders(dir);
    if leftovers.is_empty() {
        return Ok(None);
    }
    let bak = backup_path(dir);
    let outcome = if !is_real_dir(dir) && !exists(dir) && is_real_dir(&bak) {
        fs::rename(&bak, dir)?;
        Recovered::Restored
    } else if is_real_dir(dir) && !exists(&bak) {
        // After a swap in one step, the leftover holds the folder that was replaced.
        let kept = leftovers.remove(0);
        fs::rename(&kept, &bak)?;
        Recovered::KeptAsBackup(bak)
    } else {
        Recovered::Cleaned
    };
    for left in leftovers {
        fs::remove_dir_all(left)?;
    }
    sync_dir(&parent_dir(dir));
    Ok(Some(outcome))
}

/// Temporary folders made for `dir` by processes that no longer run, newest first.
fn dead_leftover_folders(dir: &Path) -> Vec<PathBuf> {
    let Some(name) = dir.file_name().and_then(|n| n.to_str()) else {
        return Vec::new();
    };
    let Ok(entries) = fs::read_dir(parent_dir(dir)) else {
        return Vec::new();
    };
    let mut found: Vec<(std::time::SystemTime, PathBuf)> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter(|e| {
            let file = e.file_name();
            file.to_str()
                .and_then(|f| leftover_pid(f, name))
                .is_some_and(|pid| pid != std::process::id() && !process_alive(pid))
        })
        .map(|e| {
            let when = e.metadata().and_then(|m| m.modified());
            (when.unwrap_or(std::time::UNIX_EPOCH), e.path())
        })
        .collect();
    found.sort_by_key(|f| std::cmp::Reverse(f.0));
    found.into_iter().map(|(_, path)| path).collect()
}

fn is_real_dir(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}

fn exists(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

/// Copies the current file to `PATH.bak`, itself atomically, so a crash mid-copy never
/// damages the last good backup.
fn keep_backup(path: &Path) -> io::Result<()> {
    let bak = backup_path(path);
    let tmp = temp_sibling(&bak);
    // Copied through a file created here, never opened by name with truncation, so a
    // symlink planted at the temporary name cannot redirect the copy.
    let copied = (|| {
        let mut from = File::open(path)?;
        let mut to = create_new(&tmp, existing_mode(path).unwrap_or(0o600))?;
        io::copy(&mut from, &mut to)?;
        to.sync_all()?;
        fs::rename(&tmp, &bak)
    })();
    if copied.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    copied
}

pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

/// A temporary name beside `path` that nobody can guess in advance: the process id (so a
/// crash's leftovers can be told apart) and random hex.
fn temp_sibling(path: &Path) -> PathBuf {
    let mut name = std::ffi::OsString::from(".");
    name.push(path.file_name().unwrap_or_default());
    name.push(format!(".{}.{}.tmp", std::process::id(), random_hex()));
    path.with_file_name(name)
}

fn random_hex() -> String {
    let mut bytes = [0u8; 8];
    if getrandom::fill(&mut bytes).is_err() {
        // Without randomness the exclusive create still refuses anything planted.
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        bytes[..4].copy_from_slice(&nanos.to_le_bytes());
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Makes the rename itself durable. Not every platform can open a directory, so a
/// failure here is not an error: the data is already safe in the file.
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_or_a_missing_folder_is_named_plainly() {
        let dir = tempfile::tempdir().unwrap();
        let err = save(dir.path(), b"x").unwrap_err();
        assert!(err.to_string().contains("is a folder"), "{err}");
        let deep = dir.path().join("missing").join("plan.toml");
        let err = save(&deep, b"x").unwrap_err();
        assert!(err.to_string().contains("does not exist"), "{err}");
        assert!(err.to_string().contains("missing"), "{err}");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
        let err = write_folder(&dir.path().join("missing").join("cfg"), &[], false).unwrap_err();
        assert!(err.to_string().contains("does not exist"), "{err}");
        let file = dir.path().join("afile");
        fs::write(&file, b"x").unwrap();
        let err = write_folder(&file, &[], true).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::NotADirectory, "{err}");
        assert!(err.to_string().contains("not a folder"), "{err}");
    }

    #[test]
    fn save_replaces_and_keeps_backup() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.toml");
        save(&path, b"one").unwrap();
        save(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(fs::read(backup_path(&path)).unwrap(), b"one");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            names.len(),
            2,
            "no temporary file is left behind: {names:?}"
        );
    }

    #[test]
    fn failed_save_leaves_old_file_intact() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.toml");
        save(&path, b"good answers").unwrap();
        let err = save_with(&path, |f| {
            f.write_all(b"half of the new")?;
            Err(io::Error::other("disk full"))
        })
        .unwrap_err();
        assert_eq!(err.to_string(), "disk full");
        assert_eq!(fs::read(&path).unwrap(), b"good answers");
        assert!(
            !backup_path(&path).exists(),
            "a failed save does not touch the backup"
        );
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "the temporary file is removed"
        );
    }

    #[test]
    fn save_into_missing_folder_fails_cleanly() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no-such-folder").join("plan.toml");
        assert!(save(&path, b"x").is_err());
        assert!(!path.exists());
    }

    fn folder_file(path: &str, contents: &str, private: bool) -> FolderFile {
        FolderFile {
            path: path.into(),
            contents: contents.into(),
            private,
        }
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut n: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        n.sort();
        n
    }

    #[test]
    fn write_folder_refuses_a_full_folder_then_replaces_it_keeping_a_backup() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        let one = [folder_file("a/b.txt", "one", false)];
        let done = write_folder(&dir, &one, false).unwrap();
        assert_eq!(done.files, vec![dir.join("a/b.txt")]);
        assert_eq!(done.backup, None);
        let two = [folder_file("c.txt", "two", false)];
        let err = write_folder(&dir, &two, false).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read_to_string(dir.join("a/b.txt")).unwrap(), "one");
        let done = write_folder(&dir, &two, true).unwrap();
        assert_eq!(done.backup, Some(tmp.path().join("out.bak")));
        assert_eq!(names(&dir), vec!["c.txt"]);
        assert_eq!(
            fs::read_to_string(tmp.path().join("out.bak/a/b.txt")).unwrap(),
            "one"
        );
        assert_eq!(names(tmp.path()), vec!["out", "out.bak"]);
    }

    #[test]
    fn a_failed_folder_write_leaves_nothing_behind() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        // `a` is a file, so `a/b` cannot be created half-way through.
        let files = [
            folder_file("first.txt", "x", false),
            folder_file("a", "file", false),
            folder_file("a/b", "never", false),
        ];
        assert!(write_folder(&dir, &files, false).is_err());
        assert!(names(tmp.path()).is_empty(), "{:?}", names(tmp.path()));
        fs::create_dir(&dir).unwrap();
        fs::write(dir.join("keep.txt"), "old").unwrap();
        assert!(write_folder(&dir, &files, true).is_err());
        assert_eq!(names(tmp.path()), vec!["out"]);
        assert_eq!(names(&dir), vec!["keep.txt"]);
    }

    #[test]
    fn a_file_where_the_folder_should_be_is_refused_even_with_replace() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        fs::write(&dir, "a file").unwrap();
        let files = [folder_file("x", "y", false)];
        assert!(write_folder(&dir, &files, true).is_err());
        assert_eq!(fs::read_to_string(&dir).unwrap(), "a file");
    }

    #[cfg(unix)]
    #[test]
    fn private_files_are_created_readable_by_their_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        let files = [
            folder_file("secrets.yml", "k: ''", true),
            folder_file("inventory.yml", "a: 'b'", false),
        ];
        write_folder(&dir, &files, false).unwrap();
        assert_eq!(mode(&dir.join("secrets.yml")), 0o600);
        let probe = tmp.path().join("probe");
        fs::write(&probe, "").unwrap();
        assert_eq!(
            mode(&dir.join("inventory.yml")),
            mode(&probe),
            "as any new file"
        );
        let single = tmp.path().join("key.env");
        save_private(&single, b"A=1").unwrap();
        save_private(&single, b"A=2").unwrap();
        assert_eq!(mode(&single), 0o600);
        assert_eq!(mode(&backup_path(&single)), 0o600);
    }

    /// Every name a save would once have used for its temporary files, as another account
    /// could have planted them: with the process id and no randomness.
    #[cfg(unix)]
    fn plant_links(dir: &Path, file: &str, victim: &Path) {
        let pid = std::process::id();
        for name in [
            format!(".{file}.{pid}.tmp"),
            format!(".{file}.bak.{pid}.tmp"),
            format!("{file}.bak"),
        ] {
            std::os::unix::fs::symlink(victim, dir.join(name)).unwrap();
        }
    }

    #[cfg(unix)]
    #[test]
    fn links_planted_at_temporary_names_leave_their_target_untouched() {
        let tmp = tempfile::tempdir().unwrap();
        let victim = tmp.path().join("victim.txt");
        fs::write(&victim, "keep me").unwrap();
        let dir = tmp.path().join("shared");
        fs::create_dir(&dir).unwrap();
        let plan = dir.join("plan.toml");
        fs::write(&plan, "a = 1\n").unwrap();
        plant_links(&dir, "plan.toml", &victim);
        save(&plan, b"a = 2\n").unwrap();
        save(&plan, b"a = 3\n").unwrap();
        assert_eq!(fs::read_to_string(&victim).unwrap(), "keep me");
        assert_eq!(fs::read_to_string(&plan).unwrap(), "a = 3\n");
        // The backup replaced the planted link instead of writing through it.
        let bak = backup_path(&plan);
        assert!(!fs::symlink_metadata(&bak).unwrap().file_type().is_symlink());
        assert_eq!(fs::read_to_string(&bak).unwrap(), "a = 2\n");
    }

    #[cfg(unix)]
    #[test]
    fn a_save_keeps_the_mode_of_the_file_it_replaces() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let tmp = tempfile::tempdir().unwrap();
        for wanted in [0o600, 0o640, 0o644] {
            let plan = tmp.path().join(format!("plan-{wanted:o}.toml"));
            fs::write(&plan, "a = 1\n").unwrap();
            fs::set_permissions(&plan, fs::Permissions::from_mode(wanted)).unwrap();
            save(&plan, b"a = 2\n").unwrap();
            assert_eq!(mode(&plan), wanted, "{wanted:o}");
            assert_eq!(mode(&backup_path(&plan)), wanted, "backup of {wanted:o}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_folder_backup_is_refused_with_its_name() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        write_folder(&dir, &[folder_file("a.txt", "1", false)], false).unwrap();
        let elsewhere = tmp.path().join("elsewhere");
        fs::create_dir(&elsewhere).unwrap();
        std::os::unix::fs::symlink(&elsewhere, backup_path(&dir)).unwrap();
        let e = write_folder(&dir, &[folder_file("a.txt", "2", false)], true).unwrap_err();
        assert!(e.to_string().contains("is a symbolic link"), "{e}");
        assert_eq!(fs::read_to_string(dir.join("a.txt")).unwrap(), "1");
        assert!(fs::read_dir(&elsewhere).unwrap().next().is_none());
    }

    #[cfg(unix)]
    #[test]
    fn leftovers_of_a_crashed_save_are_removed_at_the_next_save() {
        let tmp = tempfile::tempdir().unwrap();
        let plan = tmp.path().join("plan.toml");
        fs::write(&plan, "a = 1\n").unwrap();
        // A process id no system hands out, so its process is surely gone.
        let gone = 2_000_000_000u32;
        let mine = std::process::id();
        let names = [
            (format!(".plan.toml.{gone}.tmp"), false),
            (format!(".plan.toml.{gone}.0123456789abcdef.tmp"), false),
            (format!(".plan.toml.bak.{gone}.0123456789abcdef.tmp"), false),
            (format!(".plan.toml.{mine}.0123456789abcdef.tmp"), true),
            (".plan.toml.notes.tmp".to_string(), true),
            (format!(".other.toml.{gone}.tmp"), true),
        ];
        for (name, _) in &names {
            fs::write(tmp.path().join(name), "x").unwrap();
        }
        save(&plan, b"a = 2\n").unwrap();
        for (name, kept) in &names {
            assert_eq!(tmp.path().join(name).exists(), *kept, "{name}");
        }
    }

    /// A temporary folder as a killed export of `dir` leaves it, with one file.
    #[cfg(unix)]
    fn plant_leftover(dir: &Path, pid: u32, marker: &str) -> PathBuf {
        let name = dir.file_name().unwrap().to_str().unwrap();
        let left = dir.with_file_name(format!(".{name}.{pid}.0123456789abcdef.tmp"));
        fs::create_dir(&left).unwrap();
        fs::write(left.join("marker"), marker).unwrap();
        left
    }

    /// A rename that fails with Windows' sharing violation `fails` times, then works.
    struct Held {
        fails: u32,
        waits: u32,
    }

    impl Mover for Held {
        fn rename(&mut self, _: &Path, _: &Path) -> io::Result<()> {
            match self.fails {
                0 => Ok(()),
                _ => {
                    self.fails -= 1;
                    Err(io::Error::from_raw_os_error(32))
                }
            }
        }

        fn wait(&mut self, _: std::time::Duration) {
            self.waits += 1;
        }
    }

    #[test]
    fn on_windows_a_file_held_open_for_a_moment_is_replaced_once_let_go() {
        let (from, to) = (Path::new("plan.toml.tmp"), Path::new("plan.toml"));
        let mut held = Held { fails: 3, waits: 0 };
        replace_with(&mut held, from, to, true).unwrap();
        assert_eq!(held.waits, 3);
        // Held for good: the error names the file and what may hold it.
        let mut held = Held {
            fails: u32::MAX,
            waits: 0,
        };
        let e = replace_with(&mut held, from, to, true).unwrap_err();
        assert_eq!(held.waits, RENAME_RETRIES);
        assert!(
            e.to_string()
                .contains("plan.toml is open in another program"),
            "{e}"
        );
        // Elsewhere the same error codes mean other things: no retry.
        let mut held = Held { fails: 1, waits: 0 };
        assert!(replace_with(&mut held, from, to, false).is_err());
        assert_eq!(held.waits, 0);
    }

    #[test]
    fn paths_inside_a_folder_use_the_systems_separator_throughout() {
        let root = Path::new("out dir");
        let path = inside(root, "ansible/inventory/inventory.yml");
        let parts: Vec<_> = path
            .components()
            .map(|c| c.as_os_str().to_owned())
            .collect();
        assert_eq!(parts, ["out dir", "ansible", "inventory", "inventory.yml"]);
        assert_eq!(
            path,
            root.join("ansible").join("inventory").join("inventory.yml")
        );
        assert_eq!(inside(root, "RUNBOOK.md"), root.join("RUNBOOK.md"));
    }

    #[cfg(unix)]
    fn folder_with(dir: &Path, marker: &str) {
        fs::create_dir(dir).unwrap();
        fs::write(dir.join("marker"), marker).unwrap();
    }

    #[cfg(unix)]
    fn marker(dir: &Path) -> String {
        fs::read_to_string(dir.join("marker")).unwrap()
    }

    #[cfg(unix)]
    const GONE: u32 = 2_000_000_000;

    #[cfg(unix)]
    #[test]
    fn a_folder_left_missing_by_a_kill_comes_back_from_its_backup() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("config");
        folder_with(&backup_path(&dir), "old");
        let left = plant_leftover(&dir, GONE, "new");
        assert_eq!(recover_folder(&dir).unwrap(), Some(Recovered::Restored));
        assert_eq!(marker(&dir), "old");
        assert!(!left.exists() && !backup_path(&dir).exists());
    }

    #[cfg(unix)]
    #[test]
    fn the_replaced_folder_left_by_a_kill_after_the_swap_becomes_the_backup() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("config");
        folder_with(&dir, "new");
        let left = plant_leftover(&dir, GONE, "old");
        let bak = backup_path(&dir);
        assert_eq!(
            recover_folder(&dir).unwrap(),
            Some(Recovered::KeptAsBackup(bak.clone()))
        );
        assert_eq!((marker(&dir), marker(&bak)), ("new".into(), "old".into()));
        assert!(!left.exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_half_written_folder_beside_a_folder_and_its_backup_is_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("config");
        folder_with(&dir, "current");
        folder_with(&backup_path(&dir), "older");
        let left = plant_leftover(&dir, GONE, "partial");
        assert_eq!(recover_folder(&dir).unwrap(), Some(Recovered::Cleaned));
        assert!(!left.exists());
        assert_eq!(marker(&dir), "current");
        assert_eq!(marker(&backup_path(&dir)), "older");
    }

    #[cfg(unix)]
    #[test]
    fn a_running_export_s_folder_and_other_names_are_left_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("config");
        let mine = plant_leftover(&dir, std::process::id(), "mine");
        let other = plant_leftover(&tmp.path().join("other"), GONE, "other");
        assert_eq!(recover_folder(&dir).unwrap(), None);
        assert!(mine.exists() && other.exists());
    }

    #[test]
    fn only_names_made_for_the_file_are_leftovers() {
        assert_eq!(leftover_pid(".p.toml.42.tmp", "p.toml"), Some(42));
        assert_eq!(
            leftover_pid(".p.toml.42.00ff00ff00ff00ff.tmp", "p.toml"),
            Some(42)
        );
        assert_eq!(
            leftover_pid(".p.toml.bak.42.00ff00ff00ff00ff.tmp", "p.toml"),
            Some(42)
        );
        assert_eq!(leftover_pid(".p.toml.x.tmp", "p.toml"), None);
        assert_eq!(leftover_pid(".p.toml.42.short.tmp", "p.toml"), None);
        assert_eq!(leftover_pid("p.toml.42.tmp", "p.toml"), None);
        assert_eq!(leftover_pid(".q.toml.42.tmp", "p.toml"), None);
    }

    #[test]
    fn a_file_changed_by_someone_else_is_never_overwritten() {
        let tmp = tempfile::tempdir().unwrap();
        let plan = tmp.path().join("plan.toml");
        fs::write(&plan, "a = 1\n").unwrap();
        let mut first = Seen::now(&plan).unwrap();
        let mut second = Seen::now(&plan).unwrap();
        // The first session saves; the second has not seen that.
        assert_eq!(
            save_unless_changed(&plan, &mut first, b"a = 2\n").unwrap(),
            Saved::Replaced
        );
        let aside = save_unless_changed(&plan, &mut second, b"b = 3\n").unwrap();
        assert_eq!(
            aside,
            Saved::Conflict(tmp.path().join("plan.conflict.toml"))
        );
        assert_eq!(fs::read_to_string(&plan).unwrap(), "a = 2\n");
        assert_eq!(
            fs::read_to_string(tmp.path().join("plan.conflict.toml")).unwrap(),
            "b = 3\n"
        );
        // The first session carries on saving in place.
        assert_eq!(
            save_unless_changed(&plan, &mut first, b"a = 4\n").unwrap(),
            Saved::Replaced
        );
        // A new file is seen as missing, and saved while it stays missing.
        let fresh = tmp.path().join("new.toml");
        let mut seen = Seen::now(&fresh).unwrap();
        assert_eq!(
            save_unless_changed(&fresh, &mut seen, b"x = 1\n").unwrap(),
            Saved::Replaced
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_plan_is_not_replaced() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let plan = tmp.path().join("plan.toml");
        fs::write(&plan, "a = 1\n").unwrap();
        fs::set_permissions(&plan, fs::Permissions::from_mode(0o444)).unwrap();
        let mut seen = Seen::now(&plan).unwrap();
        let e = save_unless_changed(&plan, &mut seen, b"a = 2\n").unwrap_err();
        assert!(e.to_string().contains("read-only"), "{e}");
        assert_eq!(fs::read_to_string(&plan).unwrap(), "a = 1\n");
    }
}
