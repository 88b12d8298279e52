//! `hostplan ask` at a real terminal (tmux): inquire's prompts, Esc, Ctrl-C and resuming,
//! plain lines under TERM=dumb, and no colour under NO_COLOR.

use crate::common;
use crate::saas;

use common::have_tool;
use common::tmux::Tmux;
use saas::{Give, SAAS_PATH, check_saas_answers, finished_plan, primero};
use std::path::Path;
use std::time::{Duration, Instant};

/// Starts `hostplan ARGS` in `dir`, with a plans folder of its own.
fn start(name: &str, dir: &Path, args: &str) -> Tmux {
    let home = dir.join("home").display().to_string();
    let env = [
        ("HOSTPLAN_HOME", home.as_str()),
        ("SOURCE_DATE_EPOCH", "1790000000"),
    ];
    let command = format!("{} {args}", env!("CARGO_BIN_EXE_hostplan"));
    Tmux::start(name, dir, &env, 100, 40, &command)
}

/// Words separated by single spaces: long lines are wrapped on screen.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Waits until the screen passes `test`; fails with the last screen, saying `what` was
/// awaited, after 10 s.
fn wait_until(t: &Tmux, what: &str, test: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let screen = t.screen();
        if test(&screen) {
            return screen;
        }
        assert!(
            Instant::now() < deadline,
            "{what}; the screen was:\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Waits until `text` is on the screen and a prompt is live: inquire draws its key hints,
/// in square brackets, at the bottom while it waits for keys.
fn wait_prompt(t: &Tmux, text: &str) -> String {
    wait_until(t, &format!("no live prompt with `{text}`"), |screen| {
        let last = screen.lines().rev().find(|l| !l.trim().is_empty());
        words(screen).contains(&words(text)) && last.is_some_and(|l| l.ends_with(']'))
    })
}

/// Waits until the entry highlighted in a list (marked `>`) holds `label`.
fn wait_highlight(t: &Tmux, label: &str) {
    wait_until(t, &format!("`{label}` is not highlighted"), |screen| {
        screen
            .lines()
            .any(|l| l.starts_with("> ") && l.contains(label))
    });
}

/// Gives the answers of the SaaS path from `from` to `to`, each once its question is asked.
fn answer(t: &Tmux, from: usize, to: usize) {
    let q = primero();
    for (id, give) in &SAAS_PATH[from..to] {
        wait_prompt(t, &q.question(id).unwrap().prompt);
        match give {
            Give::Type(text) => t.type_text(text),
            Give::Pick { label, .. } => {
                t.type_text(label);
                wait_highlight(t, label);
            }
            Give::Enter => {}
        }
        t.keys(&["Enter"]);
    }
}

fn choose(t: &Tmux, entry: &str) {
    wait_prompt(t, entry);
    t.type_text(entry);
    wait_highlight(t, entry);
    t.keys(&["Enter"]);
}

/// The colour settings in the screen's escape sequences (bold, resets and the like left
/// out): foreground and background colours, of the 8, 16 or 256-colour kinds.
fn colours(screen: &str) -> Vec<String> {
    screen
        .split("\u{1b}[")
        .skip(1)
        .filter_map(|seq| seq.split_once('m').map(|(params, _)| params))
        .flat_map(|params| params.split(';'))
        .filter(|p| {
            let n: u32 = p.parse().unwrap_or(0);
            matches!(n, 30..=37 | 38 | 40..=47 | 48 | 90..=97 | 100..=107)
        })
        .map(String::from)
        .collect()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn a_whole_saas_path_at_a_terminal_writes_a_finished_plan() {
    if !have_tool("tmux") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let t = start("saas", dir.path(), "ask p.toml");
    answer(&t, 0, 3);
    // Esc goes back one question, where Enter keeps the answer given.
    wait_prompt(&t, "How wide will the first rollout be?");
    t.keys(&["Escape"]);
    let screen = wait_prompt(&t, "Answered so far: CPIMS+ pilot");
    assert!(screen.contains("Answer: (going back)"), "{screen}");
    t.keys(&["Enter"]);
    answer(&t, 3, SAAS_PATH.len());
    wait_prompt(&t, "What next?");
    // The results, checklists included, are longer than the screen.
    let screen = t.history();
    for shown in [
        "Recommendation: UNICEF-hosted service (Tier 3)",
        "No servers to buy",
        "Write the PDF work plan for sign-off",
    ] {
        assert!(screen.contains(shown), "`{shown}` is missing:\n{screen}");
    }
    choose(&t, "Finish");
    let screen = t.wait_for("[exited 0]", 10);
    assert!(screen.contains("The plan is saved in p.toml."), "{screen}");
    let plan = finished_plan(&read(&dir.path().join("p.toml")), &primero());
    check_saas_answers(&plan);
}

#[test]
fn typing_over_a_default_replaces_it() {
    if !have_tool("tmux") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let t = start("replace", dir.path(), "ask p.toml");
    let q = primero();
    let (id, _) = SAAS_PATH[5];
    assert_eq!(id, "duration_years");
    answer(&t, 0, 5);
    let screen = wait_prompt(&t, &q.question(id).unwrap().prompt);
    assert!(screen.contains("(3)"), "the default is offered: {screen}");
    t.type_text("5");
    t.keys(&["Enter"]);
    wait_prompt(&t, &q.question(SAAS_PATH[6].0).unwrap().prompt);
    t.keys(&["C-c"]);
    t.wait_for("[exited 0]", 10);
    let text = read(&dir.path().join("p.toml"));
    assert!(text.contains("duration_years = 5\n"), "{text}");
}

#[test]
fn ctrl_c_half_way_leaves_the_plan_saved_and_ask_resumes_there() {
    if !have_tool("tmux") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let half = 25;
    let (next, _) = SAAS_PATH[half];
    {
        let t = start("first", dir.path(), "ask p.toml");
        answer(&t, 0, half);
        wait_prompt(&t, &primero().question(next).unwrap().prompt);
        t.keys(&["C-c"]);
        let screen = t.wait_for("[exited 0]", 10);
        assert!(
            screen.contains("Stopped. Every answer so far is saved in p.toml.")
                && screen.contains("To carry on where you stopped: hostplan ask p.toml"),
            "{screen}"
        );
    }
    let text = read(&dir.path().join("p.toml"));
    assert!(text.contains(&format!("resume_at = \"{next}\"")), "{text}");
    assert!(text.contains("hosting_preference = \"saas\""), "{text}");

    let t = start("again", dir.path(), "ask p.toml");
    let screen = wait_prompt(&t, "Carrying on in section ");
    assert!(screen.contains("Plan: p.toml ("), "{screen}");
    answer(&t, half, SAAS_PATH.len());
    choose(&t, "Finish");
    t.wait_for("[exited 0]", 10);
    check_saas_answers(&finished_plan(
        &read(&dir.path().join("p.toml")),
        &primero(),
    ));
}

#[test]
fn a_dumb_terminal_gets_plain_lines_and_ctrl_c_still_saves() {
    if !have_tool("tmux") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // No command: the wizard would start, but TERM=dumb hands over to ask. With the
    // terminal's own line editing, Ctrl-C is a signal to the whole foreground group: the
    // test's wrapper shell is told to outlive it, as a login shell would.
    let command = format!("trap true INT; {}", env!("CARGO_BIN_EXE_hostplan"));
    let t = Tmux::start(
        "dumb",
        dir.path(),
        &[
            (
                "HOSTPLAN_HOME",
                &dir.path().join("home").display().to_string(),
            ),
            ("TERM", "dumb"),
        ],
        100,
        40,
        &command,
    );
    t.wait_for("Your choice [1]:", 10);
    t.type_text("1");
    t.keys(&["Enter"]);
    t.wait_for("In which country will Primero be used?", 10);
    t.type_text("Kalmaria");
    t.keys(&["Enter"]);
    t.wait_for("Recorded: Kalmaria", 10);
    t.wait_for("Which organisation leads this implementation?", 10);
    t.keys(&["C-c"]);
    let screen = t.wait_for("[exited 0]", 10);
    assert!(
        screen.contains("Stopped. Every answer so far is saved in"),
        "{screen}"
    );
    assert!(
        !screen.contains("[Up and Down"),
        "no inquire prompt: {screen}"
    );
    let plans = dir.path().join("home/plans");
    let plan = std::fs::read_dir(&plans)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "toml"))
        .expect("a plan in the plans folder");
    let text = read(&plan);
    assert!(text.contains("country = \"Kalmaria\""), "{text}");
    assert!(text.contains("resume_at = \"organisation\""), "{text}");
}

#[test]
fn colour_follows_no_color_the_flag_and_the_theme() {
    if !have_tool("tmux") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_hostplan");
    let styled = |name: &str, env: &[(&str, &str)], command: &str| {
        let plan =
            "format = 1\nquestionnaire = \"primero\"\nresume_at = \"rollout_scope\"\n\n[answers]\n";
        std::fs::write(dir.path().join("p.toml"), plan).unwrap();
        let t = Tmux::start(name, dir.path(), env, 100, 40, command);
        wait_prompt(&t, "How wide will the first rollout be?");
        let screen = t.screen_styled();
        t.keys(&["C-c"]);
        t.wait_for("[exited 0]", 10);
        screen
    };
    let coloured = styled("colour", &[], &format!("env -u NO_COLOR {bin} ask p.toml"));
    assert!(
        !colours(&coloured).is_empty(),
        "inquire's colours by default"
    );
    let contrast = format!("env -u NO_COLOR {bin} --theme high-contrast ask p.toml");
    let high = styled("contrast", &[], &contrast);
    assert!(high.contains("\u{1b}[1m"), "bold highlight: {high:?}");
    assert_eq!(colours(&high), Vec::<String>::new(), "{high:?}");
    let flag = styled(
        "flag",
        &[],
        &format!("env -u NO_COLOR {bin} --no-color ask p.toml"),
    );
    assert!(!flag.contains("\u{1b}["), "{flag:?}");
    let env = styled("env", &[("NO_COLOR", "1")], &format!("{bin} ask p.toml"));
    assert!(!env.contains("\u{1b}["), "{env:?}");
    assert!(
        env.contains("> Leave unanswered for now"),
        "the highlight is a sign, not only a colour: {env}"
    );
}
