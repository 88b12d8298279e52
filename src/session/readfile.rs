//! The one way a file the user names is read: a plan, a questionnaire, its companion data,
//! sizing rules. Only a regular file (after following a symbolic link) is read, and only up
//! to [`MAX_BYTES`]: the kind of file is looked at before it is opened, so a named pipe never
//! makes hostplan wait for a writer and a device such as /dev/zero is never read. Every
//! refusal is a [`Problem`] naming the file and, where it has one, the place.

use crate::base::diag::{Args, Problem, Source};
use crate::base::key;
use crate::base::strings::fill;
use std::fmt;
use std::fs::{File, FileType, Metadata};
use std::io::Read;
use std::path::Path;

/// The largest file read: far more than any plan or questionnaire needs.
pub const MAX_BYTES: u64 = 16 * 1024 * 1024;

/// A file that could not be read, as a located problem; it travels inside `anyhow`.
#[derive(Debug)]
pub struct Unreadable(pub Problem);

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl std::error::Error for Unreadable {}

/// The text of the regular file at `path`, or why it cannot be read.
pub fn read_text(path: &Path) -> Result<String, Unreadable> {
    read_limited(path, MAX_BYTES)
}

/// The bytes of the regular file at `path` (a workbook, say), with the same checks.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, Unreadable> {
    read_bytes_limited(path, MAX_BYTES)
}

fn read_limited(path: &Path, limit: u64) -> Result<String, Unreadable> {
    let bytes = read_bytes_limited(path, limit)?;
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        let (line, column) = place(&bytes, at);
        let args = vec![("byte", format!("0x{:02X}", bytes[at]))];
        Unreadable(
            Problem::error(key::cli::read::NOT_UTF8, args)
                .in_file(path.display().to_string())
                .at((line, column)),
        )
    })
}

fn read_bytes_limited(path: &Path, limit: u64) -> Result<Vec<u8>, Unreadable> {
    let shown = path.display().to_string();
    let refuse = |line, column, key: &'static str, args: Args| {
        Unreadable(
            Problem::error(key, args)
                .in_file(shown.clone())
                .at((line, column)),
        )
    };
    let failed =
        |e: std::io::Error| refuse(0, 0, key::cli::read::FAILED, vec![("error", e.to_string())]);
    let link = std::fs::symlink_metadata(path).map_err(failed)?;
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if link.is_symlink() => {
            let target = std::fs::read_link(path)
                .map(|t| t.display().to_string())
                .unwrap_or_default();
            let args = vec![("target", target), ("error", e.to_string())];
            return Err(refuse(0, 0, key::cli::read::BROKEN_LINK, args));
        }
        Err(e) => return Err(failed(e)),
    };
    let linked = || {
        link.is_symlink().then(|| {
            std::fs::read_link(path)
                .map(|t| t.display().to_string())
                .unwrap_or_default()
        })
    };
    check_kind(&meta).map_err(|what| {
        refuse(
            0,
            0,
            key::cli::read::NOT_REGULAR,
            not_regular(what, linked()),
        )
    })?;
    let mut file = open(path).map_err(failed)?;
    // The file checked may have been swapped since: look again at what was opened.
    let opened = file.metadata().map_err(failed)?;
    check_kind(&opened).map_err(|what| {
        refuse(
            0,
            0,
            key::cli::read::NOT_REGULAR,
            not_regular(what, linked()),
        )
    })?;
    let mut bytes = Vec::new();
    (&mut file)
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(failed)?;
    if bytes.len() as u64 > limit {
        let (line, column) = place(&bytes, limit as usize);
        let args = vec![("mb", (limit >> 20).to_string())];
        return Err(refuse(line, column, key::cli::read::TOO_LARGE, args));
    }
    Ok(bytes)
}

/// Opens without waiting: a named pipe put in the file's place after the check would
/// otherwise block until a writer comes.
fn open(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// `Err` with the kind of file (a key of `[read.kind]`) when it is not a regular file.
fn check_kind(meta: &Metadata) -> Result<(), &'static str> {
    let kind = meta.file_type();
    if kind.is_file() {
        Ok(())
    } else {
        Err(kind_key(&kind))
    }
}

/// The catalogue's words for each kind of file, under `[read.kind]`.
const KINDS: &str = key::cli::read::kind::PREFIX;

fn kind_key(kind: &FileType) -> &'static str {
    if kind.is_dir() {
        return "folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "pipe";
        }
        if kind.is_socket() {
            return "socket";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "device";
        }
    }
    "other"
}

/// Why a file of kind `key` (see [`kind_key`]) is refused, through `link` if it is one.
/// The words for what the file is instead, for `cli.read.not_regular`.
fn not_regular(key: &str, link: Option<String>) -> Args {
    let what = fill(&format!("{KINDS}{key}"), &[]);
    let what = what.as_str();
    let what = match link {
        Some(target) => fill(
            key::cli::read::LINKED,
            &[("target", &target), ("what", what)],
        ),
        None => what.to_string(),
    };
    vec![("what", what)]
}

/// Line and column (from 1) of byte `at`, counting characters in the valid text before it.
fn place(bytes: &[u8], at: usize) -> (usize, usize) {
    let head = &bytes[..at];
    let before = match std::str::from_utf8(head) {
        Ok(t) => t,
        Err(e) => std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default(),
    };
    Source::new("", before).locate(before.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_placed_at_its_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.toml");
        std::fs::write(&path, b"a = 1\nbb = \"x\xFFy\"\n").unwrap();
        let p = read_text(&path).unwrap_err().0;
        assert_eq!((p.line, p.column), (2, 8), "{p}");
    }

    #[test]
    fn a_file_over_the_limit_is_refused_where_reading_stopped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.toml");
        std::fs::write(&path, b"ab\ncdef").unwrap();
        let p = read_limited(&path, 5).unwrap_err().0;
        assert_eq!((p.line, p.column), (2, 3), "{p}");
        assert_eq!(read_limited(&path, 7).unwrap(), "ab\ncdef");
    }

    #[test]
    fn a_folder_is_named_for_what_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let p = read_text(dir.path()).unwrap_err().0;
        assert!(p.message().contains("a folder"), "{p}");
    }
}
