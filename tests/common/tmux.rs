//! Drives the real binary inside a detached tmux session, as a person at a terminal would:
//! keys go in with `send-keys`, the screen comes back with `capture-pane`.

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

pub struct Tmux {
    /// The tmux server socket, private to this test so tests never share a server.
    socket: String,
    pub name: String,
}

impl Tmux {
    /// Starts `command` (run by `sh -c`) in a new session of `width` x `height`, in `dir`,
    /// with `env` set. The session stays open after the command ends so its last screen
    /// can still be read.
    pub fn start(
        name: &str,
        dir: &Path,
        env: &[(&str, &str)],
        width: u16,
        height: u16,
        command: &str,
    ) -> Tmux {
        let socket = format!("hostplan-test-{}-{name}", std::process::id());
        let t = Tmux {
            socket,
            name: name.to_string(),
        };
        // English whatever the machine's locale, unless the test sets one.
        let english = format!("unset {}; ", super::LOCALE_VARIABLES.join(" "));
        let exports: String = env
            .iter()
            .map(|(k, v)| format!("export {k}='{v}'; "))
            .collect();
        let exports = format!("{english}{exports}");
        let script = format!("{exports}cd '{}' && {command}", dir.display());
        t.run(&[
            "new-session",
            "-d",
            "-s",
            name,
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
            "sh",
            "-c",
            &format!("{script}; echo \"[exited $?]\"; sleep 600"),
        ]);
        t
    }

    fn run(&self, args: &[&str]) -> Output {
        let out = Command::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .output()
            .expect("tmux runs");
        assert!(
            out.status.success(),
            "tmux {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// Sends keys in tmux's notation: "Enter", "Down", "C-c", "Escape", or text with `-l`.
    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", &self.name];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    /// Types text literally.
    pub fn type_text(&self, text: &str) {
        self.run(&["send-keys", "-t", &self.name, "-l", text]);
    }

    /// Closes the window, as a person closing their terminal would: the programs in it
    /// get SIGHUP.
    pub fn close(&self) {
        self.run(&["kill-session", "-t", &self.name]);
    }

    /// Resizes the window, as a person dragging its corner would.
    pub fn resize(&self, width: u16, height: u16) {
        let (w, h) = (width.to_string(), height.to_string());
        self.run(&["resize-window", "-t", &self.name, "-x", &w, "-y", &h]);
    }

    /// The visible screen as text.
    pub fn screen(&self) -> String {
        let out = self.run(&["capture-pane", "-p", "-t", &self.name]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The screen with the lines scrolled off above it, for reports longer than a screen.
    pub fn history(&self) -> String {
        let out = self.run(&["capture-pane", "-p", "-S", "-", "-t", &self.name]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The visible screen with its colours and attributes as escape sequences, to check
    /// what is drawn in colour.
    pub fn screen_styled(&self) -> String {
        let out = self.run(&["capture-pane", "-p", "-e", "-t", &self.name]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until the screen shows `text`; fails with the last screen after `seconds`.
    pub fn wait_for(&self, text: &str, seconds: u64) -> String {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "`{text}` did not appear within {seconds} s; the screen was:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The process id of the program running in the pane (the shell's child).
    pub fn pane_pid(&self) -> u32 {
        let out = self.run(&["display-message", "-p", "-t", &self.name, "#{pane_pid}"]);
        String::from_utf8_lossy(&out.stdout)
            .trim()
            .parse()
            .expect("a pid")
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

impl Tmux {
    /// The process started by the pane's shell: the program under test.
    pub fn program_pid(&self) -> Option<u32> {
        let shell = self.pane_pid();
        std::fs::read_dir("/proc")
            .ok()?
            .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
            .find(|pid| parent_of(*pid) == Some(shell))
    }
}

fn parent_of(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name may hold spaces; the fields after its closing parenthesis do not.
    let after = &stat[stat.rfind(')')? + 2..];
    after.split(' ').nth(1)?.parse().ok()
}
