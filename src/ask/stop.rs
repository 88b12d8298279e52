//! Stopping at any moment without losing an answer: saves never overlap with a stop, and a
//! stop says how to carry on.

use crate::base::key;
use crate::base::strings::fill;
use crate::session::stop_signal::Stop;
use crate::store;
use anyhow::{Context as _, Result};
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;

/// Held while a plan is written, so a signal never ends the program between the temporary
/// file and the rename (which would leave the temporary file behind).
static SAVING: Mutex<()> = Mutex::new(());

/// Writes the plan atomically.
pub fn save(path: &Path, text: &str) -> Result<()> {
    let _held = SAVING.lock().unwrap_or_else(|e| e.into_inner());
    store::save(path, text.as_bytes()).with_context(|| format!("cannot save {}", path.display()))
}

/// Writes the plan atomically unless another session changed it since `seen`; then the
/// answers go beside it and the walk stops, saying what to do.
pub fn save_checked(path: &Path, seen: &mut store::Seen, text: &str) -> Result<()> {
    let _held = SAVING.lock().unwrap_or_else(|e| e.into_inner());
    let saved = store::save_unless_changed(path, seen, text.as_bytes())
        .with_context(|| format!("cannot save {}", path.display()))?;
    match saved {
        store::Saved::Replaced => Ok(()),
        store::Saved::Conflict(aside) => {
            anyhow::bail!(crate::session::plan_file::conflict_message(path, &aside))
        }
    }
}

/// A hostplan command on the plan at `path`, to copy: `hostplan ask PATH`.
pub fn command(sub: &str, path: &Path, questionnaires: Option<&Path>) -> String {
    let mut command = String::from("hostplan ");
    if let Some(dir) = questionnaires {
        command.push_str(&format!("--questionnaires {} ", quoted(dir)));
    }
    command.push_str(&format!("{sub} {}", quoted(path)));
    command
}

/// The lines said when a session stops before the end.
pub fn stopped_text(path: &Path, questionnaires: Option<&Path>) -> String {
    let shown = path.display().to_string();
    format!(
        "{}\n{}",
        fill(key::ask::stop::SAVED, &[("path", &shown)]),
        fill(
            key::ask::stop::RESUME,
            &[("command", &command("ask", path, questionnaires))]
        )
    )
}

/// A path as a shell word: quoted when it holds anything but plain characters.
fn quoted(path: &Path) -> String {
    let text = path.display().to_string();
    let plain = text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+:@%,=".contains(c));
    if plain && !text.is_empty() {
        text
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// Ends the program cleanly on Ctrl-C outside a prompt (plain lines read with the
/// terminal's own line editing, where Ctrl-C is a signal), and on a hang-up, a termination
/// request or a closed console window: after any save in progress, with the terminal
/// restored.
pub fn watch(stopped: String) {
    crate::session::stop_signal::on_stop(move |stop| {
        let _held = SAVING.lock().unwrap_or_else(|e| e.into_inner());
        let _ = crossterm::terminal::disable_raw_mode();
        match stop {
            Stop::Interrupt => {
                // Standard error: Ctrl-C also stops a `| tee` the output may go through.
                let _ = writeln!(
                    std::io::stderr(),
                    "\n{}",
                    crate::base::terminal_safe::escape(&stopped)
                );
                std::process::exit(0);
            }
            Stop::Ended(code) => std::process::exit(code),
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resume_commands_quote_paths_that_need_it() {
        assert_eq!(
            command("ask", Path::new("plans/p-1.toml"), None),
            "hostplan ask plans/p-1.toml"
        );
        assert_eq!(
            command("ask", Path::new("my plans/it's.toml"), Some(Path::new("q"))),
            r"hostplan --questionnaires q ask 'my plans/it'\''s.toml'"
        );
    }
}
