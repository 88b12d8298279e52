//! The real wizard in a real terminal (tmux): answers survive quitting, SIGTERM leaves the
//! terminal usable and the plan intact, and without a terminal the wizard says what to use.

use crate::common;

use common::tmux::Tmux;
use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_hostplan");

/// The wizard started with no command, then `stty` reporting whether the terminal is back
/// in its normal (canonical) mode once the wizard has gone.
fn start(name: &str, dir: &Path) -> Tmux {
    let home = dir.join("home");
    let home = home.to_str().unwrap();
    let command = format!("{BIN}; stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e -icanon");
    Tmux::start(
        name,
        dir,
        &[("HOSTPLAN_HOME", home), ("TERM", "xterm-256color")],
        80,
        24,
        &command,
    )
}

/// `hostplan wizard PLAN` in a window of `width` x `height`, in the plan's folder.
fn wizard_on(name: &str, plan: &Path, width: u16, height: u16) -> Tmux {
    let command = format!("{BIN} wizard {}", plan.display());
    let dir = plan.parent().unwrap();
    Tmux::start(
        name,
        dir,
        &[("TERM", "xterm-256color")],
        width,
        height,
        &command,
    )
}

/// The file's text once it holds `wanted`, or as it is after `seconds`.
fn file_once_it_holds(path: &Path, wanted: &str, seconds: u64) -> String {
    let until = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
    loop {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        if text.contains(wanted) || std::time::Instant::now() > until {
            return text;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

fn the_plan(dir: &Path) -> String {
    let plans: Vec<_> = std::fs::read_dir(dir.join("home/plans"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    assert_eq!(plans.len(), 1, "one plan in the plans folder: {plans:?}");
    std::fs::read_to_string(&plans[0]).unwrap()
}

#[test]
fn answers_survive_quitting_and_sigterm_restores_the_terminal() {
    if !common::have_tool("tmux") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();

    // First session: a new plan, two answers, then Ctrl-C.
    let t = start("first", dir.path());
    t.wait_for("Start a new plan", 10);
    t.keys(&["n"]);
    t.wait_for("In which country", 10);
    t.type_text("Kalmaria");
    t.keys(&["Enter"]);
    t.wait_for("Which organisation", 5);
    t.type_text("Ministère de la Protection Sociale");
    t.keys(&["Enter"]);
    t.wait_for("What is the programme", 5);
    t.keys(&["C-c"]);
    let screen = t.wait_for("[exited", 10);
    assert!(screen.contains("The plan is saved in"), "{screen}");
    assert!(
        screen.contains("\nicanon"),
        "the terminal is back to normal:\n{screen}"
    );
    let text = the_plan(dir.path());
    assert!(text.contains("country = \"Kalmaria\""), "{text}");
    assert!(text.contains("organisation = \"Ministère de la Protection Sociale\""));
    assert!(text.contains("resume_at = \"programme_name\""), "{text}");
    drop(t);

    // Second session: the start screen offers the plan; Enter resumes at the same question.
    let t = start("second", dir.path());
    t.wait_for("Resume plan-", 10);
    t.keys(&["Enter"]);
    let screen = t.wait_for("What is the programme", 10);
    // Two answers already given: the section is started, at its third question of eight.
    assert!(
        screen.contains("◐ Programme context") && screen.contains("5 left"),
        "two answers already given:\n{screen}"
    );
    t.type_text("CPIMS+ rollout");
    t.keys(&["Enter"]);
    t.wait_for("How wide will the first rollout be", 5);

    // SIGTERM: the wizard leaves, the terminal is usable, nothing is lost.
    let pid = t.program_pid().expect("the wizard is running");
    let killed = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status();
    assert!(killed.unwrap().success());
    let screen = t.wait_for("[exited", 10);
    assert!(screen.contains("Stopped by a signal"), "{screen}");
    assert!(
        screen.contains("\nicanon"),
        "the terminal is back to normal:\n{screen}"
    );
    assert!(
        !screen.contains("┌ Sections"),
        "the wizard's screen is gone:\n{screen}"
    );
    let text = the_plan(dir.path());
    assert!(
        text.contains("programme_name = \"CPIMS+ rollout\""),
        "{text}"
    );
    assert!(text.contains("country = \"Kalmaria\""));
    assert!(text.contains("resume_at = \"rollout_scope\""), "{text}");
}

#[test]
fn a_named_plan_opens_and_a_tiny_window_recovers() {
    if !common::have_tool("tmux") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("kalmaria.toml");
    let t = wizard_on("small", &plan, 60, 15);
    t.wait_for("enlarge the window", 10);
    t.resize(100, 30);
    t.wait_for("In which country", 10);
    t.keys(&["q"]);
    t.type_text("uatar");
    t.keys(&["Enter", "Escape"]);
    t.wait_for("> quatar", 5);
    t.keys(&["Tab", "q"]);
    t.wait_for("[exited 0]", 10);
    let text = std::fs::read_to_string(&plan).unwrap();
    assert!(
        text.contains("country = \"quatar\""),
        "q is typed in a text field: {text}"
    );
}

#[test]
fn closing_the_terminal_stops_the_wizard_with_the_plan_saved() {
    if !common::have_tool("tmux") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("p.toml");
    let t = wizard_on("hangup", &plan, 80, 24);
    t.wait_for("In which country", 10);
    t.type_text("Kalmaria");
    t.keys(&["Enter"]);
    t.wait_for("Which organisation", 5);
    let pid = t.program_pid().expect("the wizard is running");
    t.close();
    let gone = (0..100).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(50));
        !Path::new(&format!("/proc/{pid}")).exists()
    });
    assert!(gone, "the wizard stops once its terminal is closed");
    let text = std::fs::read_to_string(&plan).unwrap();
    assert!(text.contains("country = \"Kalmaria\""), "{text}");
}

#[test]
fn after_save_as_the_wizard_names_the_new_file() {
    if !common::have_tool("tmux") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.toml");
    let t = wizard_on("saveas", &first, 80, 24);
    t.wait_for("In which country", 10);
    t.keys(&["C-s"]);
    t.wait_for("Save as", 5);
    t.keys(&["C-u"]);
    t.type_text("second.toml");
    t.keys(&["Enter"]);
    t.wait_for("second.toml", 5);
    t.type_text("Kalmaria");
    t.keys(&["Enter"]);
    t.wait_for("Which organisation", 5);
    t.keys(&["C-c"]);
    let screen = t.wait_for("[exited", 10);
    let second = dir.path().join("second.toml");
    assert!(
        screen
            .replace('\n', "")
            .contains(&format!("hostplan wizard {}", second.display())),
        "{screen}"
    );
    let text = std::fs::read_to_string(&second).unwrap();
    assert!(text.contains("country = \"Kalmaria\""), "{text}");
    let old = std::fs::read_to_string(&first).unwrap();
    assert!(
        !old.contains("Kalmaria"),
        "answers after Save As go to the new file: {old}"
    );
}

#[test]
fn without_a_terminal_the_wizard_points_to_ask_and_answers_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = crate::common::bin()
        .arg("wizard")
        .env("HOSTPLAN_HOME", dir.path())
        .env("TERM", "xterm")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(err.contains("hostplan ask"), "{err}");
    assert!(err.contains("plan validate"), "{err}");
    assert!(!dir.path().join("plans").exists(), "nothing was written");
}

#[test]
fn two_wizards_on_one_plan_never_lose_an_answer() {
    if !common::have_tool("tmux") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.toml");
    std::fs::write(
        &plan,
        "format = 1\nquestionnaire = \"primero\"\nquestionnaire_version = \"1.0.0\"\n\
         resume_at = \"country\"\n\n[answers]\n",
    )
    .unwrap();
    let a = wizard_on("first", &plan, 160, 40);
    a.wait_for("In which country", 10);
    // The second wizard finds the plan taken: read-only from its first frame, saying why.
    let b = wizard_on("second", &plan, 160, 40);
    let screen = b.wait_for("In which country", 10);
    assert!(screen.contains("NOT SAVED"), "{screen}");
    assert!(
        screen.contains("open in another hostplan session"),
        "{screen}"
    );
    a.type_text("Kalmaria");
    a.keys(&["Enter"]);
    a.wait_for("Which organisation", 5);
    b.type_text("Estmark");
    b.keys(&["Enter"]);
    b.wait_for("Which organisation", 5);
    let kept = std::fs::read_to_string(&plan).unwrap();
    assert!(kept.contains("country = \"Kalmaria\""), "{kept}");
    assert!(!kept.contains("Estmark"), "{kept}");
    // The first session goes on saving in place.
    a.type_text("Ministry of Social Welfare");
    a.keys(&["Enter"]);
    a.wait_for("What is the programme", 5);
    // The answer is saved just after the next question is drawn.
    let kept = file_once_it_holds(&plan, "Ministry of Social Welfare", 5);
    assert!(kept.contains("country = \"Kalmaria\""), "{kept}");
    assert!(
        kept.contains("organisation = \"Ministry of Social Welfare\""),
        "{kept}"
    );
    // Save As under a new name takes that name: the answers typed here are kept there.
    b.keys(&["C-s"]);
    b.wait_for("Save as", 5);
    b.keys(&["C-u"]);
    let mine = dir.path().join("estmark.toml");
    b.type_text(mine.to_str().unwrap());
    b.keys(&["Enter"]);
    // The name shows in the box as it is typed: only the notice says the file is written.
    b.wait_for("Saved as", 5);
    let aside = std::fs::read_to_string(&mine).unwrap();
    assert!(aside.contains("country = \"Estmark\""), "{aside}");
    assert!(!dir.path().join("plan.conflict.toml").exists());
}

/// A plan written by hand, kept private (0640), answered in the real wizard: every comment
/// and the mode outlive the save.
#[cfg(unix)]
#[test]
fn a_wizard_save_keeps_hand_written_comments_and_the_mode() {
    use std::os::unix::fs::PermissionsExt;
    if !common::have_tool("tmux") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("kalmaria.toml");
    let hand = "# Written at the workshop; not to be shared outside the ministry.\n\
                format = 1\n\
                questionnaire = \"primero\"\n\
                \n\
                [answers]\n\
                # Agreed with the minister's office.\n\
                country = \"Kalmaria\"   # the official short name\n";
    std::fs::write(&plan, hand).unwrap();
    std::fs::set_permissions(&plan, std::fs::Permissions::from_mode(0o640)).unwrap();
    let t = wizard_on("keep", &plan, 100, 30);
    t.wait_for("Which organisation", 10);
    t.type_text("Ministry of Social Welfare");
    t.keys(&["Enter"]);
    t.wait_for("What is the programme", 5);
    t.keys(&["C-c"]);
    t.wait_for("[exited", 10);
    let text = std::fs::read_to_string(&plan).unwrap();
    for line in hand.lines().filter(|l| l.contains('#')) {
        assert!(text.contains(line), "{line:?} kept in:\n{text}");
    }
    assert!(
        text.contains("organisation = \"Ministry of Social Welfare\""),
        "{text}"
    );
    let mode = std::fs::metadata(&plan).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
}
