//! What stands in a config file's place when it cannot be read as text: a folder, a
//! device, a link that leads nowhere, binary data or text in another encoding. Each is
//! named as what it is, so nobody goes looking for a file that is there.
//!
//! Looking at the disk is the caller's job; this module judges the bytes and names what
//! the caller found.

use super::FolderText;
use crate::base::diag::{Problem, Source};
use crate::base::key;
use std::path::Path;

/// Something other than a readable text file at a config file's path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unreadable {
    Folder,
    /// A character or block device.
    Device,
    /// A named pipe: never read, since reading one waits for a writer that may never come.
    Pipe,
    Socket,
    /// A symbolic link that leads back to itself, directly or through other links.
    LinkLoop,
    /// A symbolic link to this target, which does not exist.
    DanglingLink(String),
    /// Text holding a zero byte, which no config file has; at this line and column.
    Binary {
        line: usize,
        column: usize,
    },
    /// Bytes that are not UTF-8: the first bad byte, at this line and column.
    NotUtf8 {
        byte: u8,
        line: usize,
        column: usize,
    },
    /// Larger than this many megabytes, so not read to the end.
    TooLarge(u64),
    /// Reading failed for another reason, given as the system's words.
    Failed(String),
}

/// The text of a file's bytes, or why they are not text a config file can hold.
pub fn text_from_bytes(bytes: Vec<u8>) -> Result<String, Unreadable> {
    // A zero byte first: binary data often happens to be valid UTF-8 up to a point, and
    // "binary" says more than "byte 0x00 is not UTF-8".
    if let Some(at) = bytes.iter().position(|b| *b == 0) {
        let (line, column) = place(&bytes, at);
        return Err(Unreadable::Binary { line, column });
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        let (line, column) = place(&bytes, at);
        Unreadable::NotUtf8 {
            byte: bytes[at],
            line,
            column,
        }
    })
}

/// Line and column of byte `at`, counting characters in the valid text before it.
fn place(bytes: &[u8], at: usize) -> (usize, usize) {
    let before = match std::str::from_utf8(&bytes[..at]) {
        Ok(t) => t,
        // Only reached for a zero byte after invalid UTF-8: count up to the first bad byte.
        Err(e) => std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default(),
    };
    Source::new("", before).locate(before.len())
}

/// One error for each file of the folder `dir` that is there but cannot be read as text.
pub fn problems(dir: &str, files: &[FolderText]) -> Vec<Problem> {
    files
        .iter()
        .filter_map(|f| f.unreadable.as_ref().map(|u| problem(dir, &f.path, u)))
        .collect()
}

fn problem(dir: &str, file: &str, u: &Unreadable) -> Problem {
    let (key, (line, column)) = match u {
        Unreadable::Folder => ("folder", (0, 0)),
        Unreadable::Device => ("device", (0, 0)),
        Unreadable::Pipe => ("pipe", (0, 0)),
        Unreadable::Socket => ("socket", (0, 0)),
        Unreadable::LinkLoop => ("link_loop", (0, 0)),
        Unreadable::DanglingLink(_) => ("dangling_link", (0, 0)),
        Unreadable::Binary { line, column } => ("binary", (*line, *column)),
        Unreadable::NotUtf8 { line, column, .. } => ("not_utf8", (*line, *column)),
        Unreadable::TooLarge(_) => ("too_large", (0, 0)),
        Unreadable::Failed(_) => ("failed", (0, 0)),
    };
    let detail = match u {
        Unreadable::DanglingLink(target) => target.clone(),
        Unreadable::NotUtf8 { byte, .. } => format!("0x{byte:02X}"),
        Unreadable::Failed(error) => error.clone(),
        Unreadable::TooLarge(mb) => mb.to_string(),
        _ => String::new(),
    };
    let args = vec![("file", file.to_string()), ("detail", detail)];
    let origin = crate::store::inside(Path::new(dir), file);
    let d = Problem::error(format!("{}{key}", key::config::unreadable::PREFIX), args);
    d.in_file(origin.display().to_string()).at((line, column))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_passes_and_other_bytes_are_located() {
        assert_eq!(text_from_bytes(b"a: 'b'\n".to_vec()), Ok("a: 'b'\n".into()));
        assert_eq!(
            text_from_bytes(b"ok\nab\0cd".to_vec()),
            Err(Unreadable::Binary { line: 2, column: 3 })
        );
        // Latin-1 "é" after a two-byte UTF-8 "é": the column counts characters.
        assert_eq!(
            text_from_bytes(b"x\n\xC3\xA9\xE9".to_vec()),
            Err(Unreadable::NotUtf8 {
                byte: 0xE9,
                line: 2,
                column: 2
            })
        );
        assert_eq!(
            text_from_bytes(b"\xFF\0".to_vec()),
            Err(Unreadable::Binary { line: 1, column: 1 })
        );
    }
}
