//! Bad inputs given to the real binary: special files, huge files, broken text and
//! figures. Each case asserts the exit status and where the error is placed.
//!
//! Most cases are rows of one table (see [`Case`]): plans, questionnaires and their
//! companion data, sizing figures, command-line arguments and config folders, each with
//! the exit status, the place (file:line:column, question id or flag) and no panic.

use std::path::Path;
#[cfg(unix)]
use std::process::Command;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

const DEMO: &str = include_str!("../assets/demo-plan.toml");
const PRIMERO: &str = include_str!("../questionnaires/primero.toml");
const SIZING: &str = include_str!("../assets/sizing.toml");

/// Runs hostplan with `args`, killing it after 10 s; the output and the time it took.
fn run(args: &[&dyn AsRef<std::ffi::OsStr>]) -> (Output, Duration) {
    let mut cmd = crate::common::bin();
    for a in args {
        cmd.arg(a);
    }
    let start = Instant::now();
    let mut child = cmd
        .env("NO_COLOR", "1")
        .env("HOME", std::env::temp_dir())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hostplan starts");
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > Duration::from_secs(10) {
            child.kill().expect("kill");
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let took = start.elapsed();
    (child.wait_with_output().expect("output"), took)
}

/// Runs hostplan like [`run`] and fails unless it ended within a second: a special file
/// must be refused before anything waits on it.
#[cfg(unix)]
fn at_once(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    let (o, took) = run(args);
    assert!(took < Duration::from_secs(1), "took {took:?}");
    o
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Fails unless hostplan ended with status `code` and said `words` on standard error.
fn expect(o: &Output, code: i32, words: &[&str]) -> String {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(code), "status; stderr:\n{err}");
    for w in words {
        assert!(err.contains(w), "`{w}` is not in stderr:\n{err}");
    }
    err
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(ok.success());
}

#[cfg(unix)]
#[test]
fn plan_validate_on_a_fifo_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("plan.toml");
    mkfifo(&fifo);
    let o = at_once(&[&"plan", &"validate", &fifo]);
    let shown = fifo.display().to_string();
    expect(&o, 1, &[&shown, "named pipe (FIFO)", "not a regular file"]);
}

#[cfg(unix)]
#[test]
fn a_fifo_in_the_questionnaire_folder_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("primero.toml"), PRIMERO).unwrap();
    let fifo = dir.path().join("zz.toml");
    mkfifo(&fifo);
    let o = at_once(&[
        &"--questionnaires",
        &dir.path(),
        &"plan",
        &"validate",
        &"--demo",
    ]);
    let shown = fifo.display().to_string();
    expect(&o, 1, &[&shown, "named pipe (FIFO)"]);
}

#[cfg(unix)]
#[test]
fn a_questionnaire_linked_to_dev_zero_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("primero.toml");
    std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
    let o = at_once(&[
        &"--questionnaires",
        &dir.path(),
        &"plan",
        &"validate",
        &"--demo",
    ]);
    let shown = link.display().to_string();
    expect(&o, 1, &[&shown, "symbolic link to /dev/zero", "a device"]);
}

#[cfg(unix)]
#[test]
fn a_fifo_as_sizing_rules_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("rules.toml");
    mkfifo(&fifo);
    let args: [&dyn AsRef<std::ffi::OsStr>; 7] = [
        &"size",
        &"--records",
        &"1",
        &"--users",
        &"1",
        &"--rules",
        &fifo,
    ];
    let o = at_once(&args);
    expect(&o, 1, &["named pipe (FIFO)"]);
}

#[test]
fn a_plan_over_16_mb_is_refused_where_reading_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.toml");
    // Lines of 1024 bytes: the 16 MiB limit falls at the start of line 16,385.
    let line = format!("#{}\n", "x".repeat(1022));
    std::fs::write(&path, line.repeat(17 * 1024)).unwrap();
    let (o, took) = run(&[&"plan", &"validate", &path]);
    assert!(took < Duration::from_secs(5), "took {took:?}");
    let place = format!("{}:16385:1: error", path.display());
    expect(&o, 1, &[&place, "larger than 16 MB"]);
}

#[test]
fn invalid_utf8_is_reported_at_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.toml");
    let text = DEMO.replace("country = \"Kalmaria\"", "country = \"K\u{1}\"");
    let bytes = text.replace('\u{1}', "\u{0}").into_bytes();
    let at = bytes.iter().position(|b| *b == 0).unwrap();
    let mut bytes = bytes;
    bytes[at] = 0xFF;
    std::fs::write(&path, bytes).unwrap();
    let line = DEMO
        .lines()
        .position(|l| l.starts_with("country ="))
        .unwrap()
        + 1;
    let (o, _) = run(&[&"plan", &"validate", &path]);
    let place = format!("{}:{line}:13: error", path.display());
    expect(&o, 1, &[&place, "0xFF is not UTF-8"]);
}

#[test]
fn a_key_with_120_dotted_parts_is_reported_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.toml");
    let key = vec!["a"; 120].join(".");
    std::fs::write(
        &path,
        format!("format = 1\nquestionnaire = \"primero\"\n\n\n{key} = 1\n"),
    )
    .unwrap();
    let (o, _) = run(&[&"plan", &"validate", &path]);
    let place = format!("{}:5:1: error", path.display());
    let err = expect(&o, 1, &[&place, "too many dotted parts"]);
    assert!(!err.contains(":1:1:"), "{err}");
    assert!(!err.contains("double quotes"), "{err}");
}

#[test]
fn an_invalid_answer_gets_one_error_not_two() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.toml");
    let text = DEMO.replace("expected_records = 150000", "expected_records = \"lots\"");
    std::fs::write(&path, &text).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("expected_records"))
        .unwrap()
        + 1;
    let (o, _) = run(&[&"plan", &"validate", &path]);
    let place = format!("{}:{line}:20: error [expected_records]", path.display());
    let err = expect(&o, 1, &[&place]);
    assert_eq!(err.matches("error [expected_records]").count(), 1, "{err}");
    assert!(!err.contains("required question not answered"), "{err}");
}

/// `size` with the built-in rules where `anchor_ram_gb` is `value`: its stderr and place.
fn size_with_ram(value: &str) -> (Output, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rules.toml");
    let text = SIZING.replace("anchor_ram_gb = 8.0", &format!("anchor_ram_gb = {value}"));
    assert_ne!(text, SIZING);
    std::fs::write(&path, &text).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("anchor_ram_gb"))
        .unwrap()
        + 1;
    let args: [&dyn AsRef<std::ffi::OsStr>; 7] = [
        &"size",
        &"--records",
        &"1",
        &"--users",
        &"1",
        &"--rules",
        &path,
    ];
    let (o, _) = run(&args);
    (
        o,
        format!("{}:{line}:17: error [anchor_ram_gb]", path.display()),
    )
}

#[test]
fn rules_with_nan_say_nan() {
    let (o, place) = size_with_ram("nan");
    let err = expect(&o, 1, &[&place, "must be a number, not nan"]);
    assert!(!err.contains("decimal number"), "{err}");
}

#[test]
fn rules_with_an_overflowing_figure_say_it_is_too_large() {
    let (o, place) = size_with_ram("1e400");
    let err = expect(&o, 1, &[&place, "too large", "infinity"]);
    assert!(!err.contains("decimal number"), "{err}");
}

#[test]
fn rules_with_1e308_show_the_figure_short() {
    let (o, place) = size_with_ram("1e308");
    let err = expect(&o, 1, &[&place, "is too large to be meant, not 1e308"]);
    assert!(!err.contains("0000000000"), "{err}");
    let (o, place) = size_with_ram("-1e308");
    let err = expect(&o, 1, &[&place, "must not be negative, not -1e308"]);
    assert!(!err.contains("0000000000"), "{err}");
}

#[test]
fn size_refuses_zero_years_naming_the_flag() {
    let args: [&dyn AsRef<std::ffi::OsStr>; 7] = [
        &"size",
        &"--records",
        &"1",
        &"--users",
        &"1",
        &"--years",
        &"0",
    ];
    let (o, _) = run(&args);
    let err = expect(&o, 2, &["--years", "1 or more"]);
    assert!(o.stdout.is_empty(), "{err}");
}

// ---------------------------------------------------------------------------------------
// The table: bad inputs a user makes, each run in a folder of its own by the real binary.
// ---------------------------------------------------------------------------------------

const MINI: &str = include_str!("fixtures/mini.toml");
const DECISION: &str = include_str!("../questionnaires/primero/decision.toml");
const MATRIX: &str = include_str!("../questionnaires/primero/responsibilities.toml");
const WORKPLAN: &str = include_str!("../questionnaires/primero/workplan.toml");
const CHECKLISTS: &str = include_str!("../questionnaires/primero/checklists.toml");

/// What a case puts at a path in its folder before hostplan runs.
#[derive(Clone)]
enum Put {
    Bytes(Vec<u8>),
    Folder,
    /// A symbolic link to this target.
    #[cfg(unix)]
    Link(&'static str),
    /// Permission bits for what is already there.
    #[cfg(unix)]
    Mode(u32),
    Remove,
}

/// One bad input: the files written (paths relative to the case's folder, where hostplan
/// runs), the arguments, the exit status and what standard error must say.
struct Case {
    name: String,
    files: Vec<(String, Put)>,
    args: Vec<String>,
    code: i32,
    want: Vec<String>,
    /// Starts from the demo's config folder, written by `export --config` as `out`.
    folder: bool,
    /// Needs permissions to hold: root reads a mode 000 file all the same.
    not_as_root: bool,
}

/// A case running `args` (split at spaces) that must end with `code` and say every `want`.
fn case(name: &str, args: &str, code: i32, want: &[&str]) -> Case {
    Case {
        name: name.to_string(),
        files: Vec::new(),
        args: args.split_whitespace().map(str::to_string).collect(),
        code,
        want: want.iter().map(|w| w.to_string()).collect(),
        folder: false,
        not_as_root: false,
    }
}

impl Case {
    fn file(mut self, path: &str, text: impl Into<Vec<u8>>) -> Self {
        self.files.push((path.to_string(), Put::Bytes(text.into())));
        self
    }

    fn put(mut self, path: &str, what: Put) -> Self {
        self.files.push((path.to_string(), what));
        self
    }

    /// `path` made unreadable (mode 000); skipped as root, who reads it all the same.
    #[cfg(unix)]
    fn unreadable(mut self, path: &str) -> Self {
        self.not_as_root = true;
        self.put(path, Put::Mode(0o000))
    }

    fn in_folder(mut self) -> Self {
        self.folder = true;
        self
    }
}

/// `line:column` of the place marked `|` in `marked`, whose text without the mark must be
/// in `text`: `at(t, "records = |\"lots\"")` is where the quoted value starts.
fn at(text: &str, marked: &str) -> String {
    let (before, after) = marked.split_once('|').unwrap_or(("", marked));
    let whole = format!("{before}{after}");
    let found = text
        .find(&whole)
        .unwrap_or_else(|| panic!("`{whole}` is not in the text"));
    let (line, column) = hostplan::base::diag::Source::new("", text).locate(found + before.len());
    format!("{line}:{column}")
}

/// `base` with the first `from` replaced by `to`; `from` must be there.
fn edit(base: &str, from: &str, to: &str) -> String {
    assert!(base.contains(from), "`{from}` is not in the text");
    base.replacen(from, to, 1)
}

/// The demo plan with one edit, and where the text marked in `to` stands in it.
fn plan(from: &str, to: &str) -> (String, String) {
    let text = edit(DEMO, from, &to.replace('|', ""));
    let place = at(&text, to);
    (text, place)
}

/// `plan validate p.toml` on the demo plan with `from` replaced by `to` (`|` marks the
/// place of the error): exit 1, the place, the id in brackets when given, and `words`.
fn bad_plan(name: &str, from: &str, to: &str, id: Option<&str>, words: &str) -> Case {
    let (text, place) = plan(from, to);
    let head = match id {
        Some(id) => format!("p.toml:{place}: error [{id}]"),
        None => format!("p.toml:{place}: error"),
    };
    case(name, "plan validate p.toml", 1, &[&head, words]).file("p.toml", text)
}

/// `questionnaire check q/mini.toml` on the test questionnaire with one edit.
fn bad_mini(name: &str, from: &str, to: &str, id: Option<&str>, words: &str) -> Case {
    let text = edit(MINI, from, &to.replace('|', ""));
    let place = at(&text, to);
    let head = match id {
        Some(id) => format!("q/mini.toml:{place}: error [{id}]"),
        None => format!("q/mini.toml:{place}: error"),
    };
    case(name, "questionnaire check q/mini.toml", 1, &[&head, words]).file("q/mini.toml", text)
}

/// `--questionnaires q questionnaire check` with the shipped questionnaire and its data,
/// one companion file (`decision.toml`, ...) edited.
fn bad_companion(
    name: &str,
    file: &str,
    from: &str,
    to: &str,
    id: Option<&str>,
    words: &str,
) -> Case {
    let base = companion_text(file);
    let text = edit(base, from, &to.replace('|', ""));
    let place = at(&text, to);
    let head = match id {
        Some(id) => format!("q/primero/{file}:{place}: error [{id}]"),
        None => format!("q/primero/{file}:{place}: error"),
    };
    with_companions(
        name,
        "--questionnaires q questionnaire check",
        1,
        &[&head, words],
    )
    .file(&format!("q/primero/{file}"), text)
}

fn companion_text(file: &str) -> &'static str {
    match file {
        "decision.toml" => DECISION,
        "responsibilities.toml" => MATRIX,
        "workplan.toml" => WORKPLAN,
        "checklists.toml" => CHECKLISTS,
        _ => panic!("{file} is no companion file"),
    }
}

/// A case with the shipped questionnaire and its four companion files in `q/`; a later
/// `.file` for one of them replaces it.
fn with_companions(name: &str, args: &str, code: i32, want: &[&str]) -> Case {
    let mut c = case(name, args, code, want).file("q/primero.toml", PRIMERO);
    for file in [
        "decision.toml",
        "responsibilities.toml",
        "workplan.toml",
        "checklists.toml",
    ] {
        c = c.file(&format!("q/primero/{file}"), companion_text(file));
    }
    c
}

const SIZE: &str = "size --records 1 --users 1 --rules r.toml";

/// `size` with the built-in figures where `from` is replaced by `to` (`|` marks the place).
fn bad_rules(name: &str, from: &str, to: &str, id: Option<&str>, words: &str) -> Case {
    let text = edit(SIZING, from, &to.replace('|', ""));
    let place = at(&text, to);
    let head = match id {
        Some(id) => format!("r.toml:{place}: error [{id}]"),
        None => format!("r.toml:{place}: error"),
    };
    case(name, SIZE, 1, &[&head, words]).file("r.toml", text)
}

/// The demo's config folder, written once by `export --config` and copied for each case.
fn demo_folder() -> &'static Path {
    static FOLDER: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    FOLDER
        .get_or_init(|| {
            let tmp = tempfile::tempdir().unwrap();
            let o = crate::common::bin()
                .args(["export", "--demo", "--config", "out"])
                .current_dir(tmp.path())
                .env("SOURCE_DATE_EPOCH", "1790000000")
                .output()
                .unwrap();
            assert!(o.status.success(), "{}", stderr(&o));
            tmp
        })
        .path()
}

/// The text of `path` (under `out/`) in the demo's config folder.
fn folder_text(path: &str) -> String {
    std::fs::read_to_string(demo_folder().join("out").join(path)).unwrap()
}

/// `check out` (and `check out --ready` when `ready`) on the demo's config folder with one
/// file edited: exit 1, `out/PATH:LINE:COLUMN` and `words`.
fn bad_folder(name: &str, path: &str, from: &str, to: &str, words: &str) -> Case {
    let text = edit(&folder_text(path), from, &to.replace('|', ""));
    let head = format!("out/{path}:{}: error", at(&text, to));
    case(name, "check out", 1, &[&head, words])
        .in_folder()
        .file(&format!("out/{path}"), text)
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            // Copying keeps the mode: the secrets files stay 0600.
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn is_root() -> bool {
    #[cfg(unix)]
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe {
        libc::geteuid() == 0
    }
    #[cfg(not(unix))]
    false
}

/// Runs one case in a fresh folder; `Err` says what went wrong.
fn run_case(c: &Case) -> Result<(), String> {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    if c.folder {
        copy_tree(&demo_folder().join("out"), &dir.join("out"));
    }
    for (path, what) in &c.files {
        let full = dir.join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        match what {
            Put::Bytes(b) => std::fs::write(&full, b).unwrap(),
            Put::Folder => {
                let _ = std::fs::remove_file(&full);
                std::fs::create_dir_all(&full).unwrap();
            }
            #[cfg(unix)]
            Put::Link(target) => {
                let _ = std::fs::remove_file(&full);
                std::os::unix::fs::symlink(target, &full).unwrap();
            }
            #[cfg(unix)]
            Put::Mode(mode) => {
                use std::os::unix::fs::PermissionsExt;
                let perms = std::fs::Permissions::from_mode(*mode);
                std::fs::set_permissions(&full, perms).unwrap();
            }
            Put::Remove => std::fs::remove_file(&full).unwrap(),
        }
    }
    let o = crate::common::bin()
        .args(&c.args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("HOME", dir)
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .stdin(Stdio::null())
        .output()
        .expect("hostplan runs");
    let err = stderr(&o);
    let mut wrong = Vec::new();
    if err.contains("panicked") || o.status.code() == Some(101) {
        wrong.push("it panicked".to_string());
    }
    if o.status.code() != Some(c.code) {
        wrong.push(format!("status {:?}, not {}", o.status.code(), c.code));
    }
    for w in &c.want {
        if !err.contains(w.as_str()) {
            wrong.push(format!("`{w}` is not said"));
        }
    }
    if wrong.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{}: {}\n  hostplan {}\n  stderr:\n{}",
            c.name,
            wrong.join("; "),
            c.args.join(" "),
            err.lines()
                .map(|l| format!("    {l}"))
                .collect::<Vec<_>>()
                .join("\n")
        ))
    }
}

#[test]
fn every_bad_input_in_the_table_is_refused_at_its_place() {
    let cases: Vec<Case> = [
        plan_cases(),
        questionnaire_cases(),
        companion_cases(),
        rules_cases(),
        cli_cases(),
        folder_cases(),
    ]
    .into_iter()
    .flatten()
    .collect();
    assert!(cases.len() >= 150, "only {} cases", cases.len());
    let mut names: Vec<&str> = cases.iter().map(|c| c.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), cases.len(), "two cases share a name");
    let root = is_root();
    let runnable: Vec<&Case> = cases.iter().filter(|c| !(c.not_as_root && root)).collect();
    demo_folder();
    // A few at a time: each case is its own process and folder.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(c) = runnable.get(i) else { break };
                    if let Err(e) = run_case(c) {
                        failures.lock().unwrap().push(e);
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        runnable.len(),
        failures.join("\n\n")
    );
}

fn plan_cases() -> Vec<Case> {
    let mut cases = vec![
        bad_plan(
            "plan: a number in quotes",
            "active_users = 300",
            "active_users = |\"300\"",
            Some("active_users"),
            "without quotes",
        ),
        bad_plan(
            "plan: a decimal in quotes",
            "bandwidth_mbps = 8.0",
            "bandwidth_mbps = |\"8\"",
            Some("bandwidth_mbps"),
            "number",
        ),
        bad_plan(
            "plan: a fraction for a whole number",
            "duration_years = 4",
            "duration_years = |4.5",
            Some("duration_years"),
            "whole number",
        ),
        bad_plan(
            "plan: true for a choice",
            "rollout_scope = \"national\"",
            "rollout_scope = |true",
            Some("rollout_scope"),
            "pilot, subnational, national",
        ),
        bad_plan(
            "plan: a list for a single choice",
            "rollout_scope = \"national\"",
            "rollout_scope = |[\"national\"]",
            Some("rollout_scope"),
            "pilot, subnational, national",
        ),
        bad_plan(
            "plan: one string for a multiple choice",
            "device_types = [\"desktop\", \"laptop\", \"tablet\"]",
            "device_types = |\"desktop\"",
            Some("device_types"),
            "desktop",
        ),
        bad_plan(
            "plan: an unknown option in a multiple choice",
            "device_types = [\"desktop\", \"laptop\", \"tablet\"]",
            "device_types = |[\"desktop\", \"phablet\"]",
            Some("device_types"),
            "phablet",
        ),
        bad_plan(
            "plan: a choice not among the options",
            "rollout_scope = \"national\"",
            "rollout_scope = |\"nationwide\"",
            Some("rollout_scope"),
            "not an option here",
        ),
        bad_plan(
            "plan: maybe for yes, partly or no",
            "cap_docker = \"yes\"",
            "cap_docker = |\"maybe\"",
            Some("cap_docker"),
            "maybe",
        ),
        bad_plan(
            "plan: a question id with a typo",
            "active_users = 300",
            "|activ_users = 300",
            Some("activ_users"),
            "did you mean `active_users`?",
        ),
        bad_plan(
            "plan: a question id in the wrong case",
            "country = \"Kalmaria\"",
            "|Country = \"Kalmaria\"",
            Some("Country"),
            "country",
        ),
        bad_plan(
            "plan: an unknown top-level key",
            "format = 1",
            "format = 1\n|fromat = 1",
            None,
            "format",
        ),
        bad_plan(
            "plan: an answer given twice",
            "active_users = 300",
            "active_users = 300\n|active_users = 3",
            None,
            "duplicate key",
        ),
        bad_plan(
            "plan: [answers] twice",
            "openfn_mfa_required = \"yes\"",
            "openfn_mfa_required = \"yes\"\n[|answers]\n",
            None,
            "TOML",
        ),
        bad_plan(
            "plan: a figure above the maximum",
            "active_users = 300",
            "active_users = |100001",
            Some("active_users"),
            "100,000",
        ),
        bad_plan(
            "plan: a negative count",
            "expected_records = 150000",
            "expected_records = |-5",
            Some("expected_records"),
            "expected_records",
        ),
        bad_plan(
            "plan: an integer too large for TOML",
            "expected_records = 150000",
            "expected_records = |99999999999999999999",
            Some("expected_records"),
            "too large",
        ),
        bad_plan(
            "plan: nan for a decimal",
            "bandwidth_mbps = 8.0",
            "bandwidth_mbps = |nan",
            Some("bandwidth_mbps"),
            "finite number",
        ),
        bad_plan(
            "plan: inf for a decimal",
            "bandwidth_mbps = 8.0",
            "bandwidth_mbps = |inf",
            Some("bandwidth_mbps"),
            "finite number",
        ),
        bad_plan(
            "plan: -inf for a percentage",
            "yearly_growth_pct = 12.0",
            "yearly_growth_pct = |-inf",
            Some("yearly_growth_pct"),
            "finite number",
        ),
        bad_plan(
            "plan: a decimal above its maximum",
            "availability_target_pct = 99.0",
            "availability_target_pct = |100.5",
            Some("availability_target_pct"),
            "availability_target_pct",
        ),
        bad_plan(
            "plan: 30 February",
            "start_date = \"2027-03-01\"",
            "start_date = |\"2027-02-30\"",
            Some("start_date"),
            "2027-02-30",
        ),
        bad_plan(
            "plan: a date written day first",
            "start_date = \"2027-03-01\"",
            "start_date = |\"01/03/2027\"",
            Some("start_date"),
            "YYYY-MM-DD",
        ),
        bad_plan(
            "plan: a date and time for a date",
            "start_date = \"2027-03-01\"",
            "start_date = |2027-03-01T10:00:00Z",
            Some("start_date"),
            "start_date",
        ),
        bad_plan(
            "plan: an e-mail address without @",
            "plan_author_email = \"cpims.planning@mosw.gov.kl\"",
            "plan_author_email = |\"cpims.planning.mosw.gov.kl\"",
            Some("plan_author_email"),
            "e-mail",
        ),
        bad_plan(
            "plan: a host name with a space",
            "primero_host = \"cpims.mosw.gov.kl\"",
            "primero_host = |\"cpims mosw.gov.kl\"",
            Some("primero_host"),
            "primero_host",
        ),
        bad_plan(
            "plan: a text longer than allowed",
            "country = \"Kalmaria\"",
            &format!("country = |\"{}\"", "K".repeat(101)),
            Some("country"),
            "100",
        ),
        bad_plan(
            "plan: a newline in a one-line answer",
            "country = \"Kalmaria\"",
            "country = |\"Kal\\nmaria\"",
            Some("country"),
            "country",
        ),
        bad_plan(
            "plan: a table for a text answer",
            "country = \"Kalmaria\"",
            "country = |{ name = \"Kalmaria\" }",
            Some("country"),
            "country",
        ),
        bad_plan(
            "plan: an option chosen twice",
            "sensitive_data = [\"case_notes\", \"child_identities\", \"family_details\", \"health\", \"gbv\", \"biometric_photos\"]",
            "sensitive_data = |[\"case_notes\", \"case_notes\"]",
            Some("sensitive_data"),
            "chosen twice",
        ),
        bad_plan(
            "plan: an unclosed string",
            "country = \"Kalmaria\"",
            "country = \"Kalmaria|",
            None,
            "TOML",
        ),
        bad_plan(
            "plan: an unclosed table header",
            "[answers]",
            "[answers|",
            None,
            "TOML",
        ),
        bad_plan(
            "plan: a bell in a string",
            "country = \"Kalmaria\"",
            "country = \"Kal|\u{7}maria\"",
            None,
            "TOML",
        ),
        bad_plan(
            "plan: a key with a space",
            "country = \"Kalmaria\"",
            "country |name = \"Kalmaria\"",
            None,
            "TOML",
        ),
        bad_plan(
            "plan: answers as an array of tables",
            "[answers]",
            "|[[answers]]",
            None,
            "answers",
        ),
        bad_plan(
            "plan: answers as a number",
            "[answers]\ncountry = \"Kalmaria\"",
            "answers = |5\n[more]\ncountry = \"Kalmaria\"",
            None,
            "answers",
        ),
        bad_plan(
            "plan: format 2",
            "format = 1",
            "format = |2",
            None,
            "format",
        ),
        bad_plan(
            "plan: format in quotes",
            "format = 1",
            "format = |\"1\"",
            None,
            "format",
        ),
        bad_plan(
            "plan: an unknown questionnaire with a near name",
            "questionnaire = \"primero\"",
            "questionnaire = |\"primer\"",
            None,
            "no questionnaire is called `primer`",
        ),
        bad_plan(
            "plan: created is not a date",
            "created = 2026-10-05T09:30:00Z",
            "created = |\"yesterday\"",
            None,
            "created",
        ),
        bad_plan(
            "plan: a dotted answer key",
            "country = \"Kalmaria\"",
            "|country.name = \"Kalmaria\"",
            None,
            "country",
        ),
        bad_plan(
            "plan: a tab-indented bad answer",
            "active_users = 300",
            "\t\tactive_users = |\"300\"",
            Some("active_users"),
            "without quotes",
        ),
        bad_plan(
            "plan: a bad answer after a 100 000 character comment",
            "active_users = 300",
            &format!("# {}\nactive_users = |\"300\"", "x".repeat(100_000)),
            Some("active_users"),
            "without quotes",
        ),
        bad_plan(
            "plan: a bad answer after a long line of non-ASCII text",
            "active_users = 300",
            &format!("# {}\nactive_users = |\"300\"", "é".repeat(5_000)),
            Some("active_users"),
            "without quotes",
        ),
        bad_plan(
            "plan: a bad answer after a comment with a control character",
            "active_users = 300",
            "# a|\u{1b}[2J\nactive_users = \"300\"",
            None,
            "invalid comment character",
        ),
        case(
            "plan: an empty file",
            "plan validate p.toml",
            1,
            &["p.toml:1:1: error", "no `format`"],
        )
        .file("p.toml", ""),
        case(
            "plan: only comments",
            "plan validate p.toml",
            1,
            &["p.toml:1:1: error", "no `questionnaire`"],
        )
        .file("p.toml", "# nothing yet\n# still nothing\n"),
        case(
            "plan: only blank lines and spaces",
            "plan validate p.toml",
            1,
            &["p.toml:1:1: error", "no `format`"],
        )
        .file("p.toml", "\n   \n\t\n"),
        case(
            "plan: a required answer missing",
            "plan validate p.toml",
            1,
            &[
                &format!("p.toml:{}: error [country]", at(DEMO, "|[answers]")),
                "required question not answered",
            ],
        )
        .file("p.toml", edit(DEMO, "country = \"Kalmaria\"\n", "")),
        case(
            "plan: a missing required answer is fine with --partial",
            "plan validate --partial p.toml",
            0,
            &[],
        )
        .file("p.toml", edit(DEMO, "country = \"Kalmaria\"\n", "")),
        case(
            "plan: a missing file",
            "plan validate nothere.toml",
            1,
            &["nothere.toml: error: cannot read it", "No such file"],
        ),
        case(
            "plan: a folder given as the plan",
            "plan validate p.toml",
            1,
            &["p.toml: error", "a folder, not a regular file"],
        )
        .put("p.toml", Put::Folder),
        #[cfg(unix)]
        case(
            "plan: a link that leads nowhere",
            "plan validate p.toml",
            1,
            &["p.toml: error", "gone.toml"],
        )
        .put("p.toml", Put::Link("gone.toml")),
        case(
            "plan: a zero byte",
            "plan validate p.toml",
            1,
            &["p.toml:2:"],
        )
        .file("p.toml", "format = 1\nquestionnaire = \"pri\0mero\"\n"),
        case(
            "plan: a Latin-1 byte in a comment",
            "plan validate p.toml",
            1,
            &["p.toml:3:5: error", "0xE9 is not UTF-8"],
        )
        .file("p.toml", b"format = 1\n\n# Ca\xE9 notes\n".to_vec()),
        case(
            "plan: a UTF-16 file",
            "plan validate p.toml",
            1,
            &["p.toml:1:1: error", "0xFF is not UTF-8"],
        )
        .file("p.toml", {
            let mut b = vec![0xFF, 0xFE];
            for u in "format = 1\n".encode_utf16() {
                b.extend(u.to_le_bytes());
            }
            b
        }),
        case(
            "plan show: a number in quotes",
            "plan show p.toml",
            1,
            &[&format!(
                "p.toml:{}: error [active_users]",
                at(
                    &plan("active_users = 300", "active_users = \"300\"").0,
                    "active_users = |\"300\""
                )
            )],
        )
        .file(
            "p.toml",
            plan("active_users = 300", "active_users = \"300\"").0,
        ),
        case(
            "check: a plan with a choice not among the options",
            "check p.toml",
            1,
            &[&format!(
                "p.toml:{}: error [rollout_scope]",
                plan(
                    "rollout_scope = \"national\"",
                    "rollout_scope = |\"nationwide\""
                )
                .1
            )],
        )
        .file(
            "p.toml",
            plan(
                "rollout_scope = \"national\"",
                "rollout_scope = \"nationwide\"",
            )
            .0,
        ),
        case(
            "export: a plan with nan",
            "export p.toml --config out",
            1,
            &[&format!(
                "p.toml:{}: error [bandwidth_mbps]",
                plan("bandwidth_mbps = 8.0", "bandwidth_mbps = |nan").1
            )],
        )
        .file(
            "p.toml",
            plan("bandwidth_mbps = 8.0", "bandwidth_mbps = nan").0,
        ),
        case(
            "export --pdf: a plan with a bad date",
            "export p.toml --pdf p.pdf",
            1,
            &[&format!(
                "p.toml:{}: error [start_date]",
                plan(
                    "start_date = \"2027-03-01\"",
                    "start_date = |\"2027-13-01\""
                )
                .1
            )],
        )
        .file(
            "p.toml",
            plan("start_date = \"2027-03-01\"", "start_date = \"2027-13-01\"").0,
        ),
    ];
    // A byte-order mark and Windows line endings keep every place right.
    let (text, place) = plan("active_users = 300", "active_users = |\"300\"");
    cases.push(
        case(
            "plan: a byte-order mark before a bad answer",
            "plan validate p.toml",
            1,
            &[&format!("p.toml:{place}: error [active_users]")],
        )
        .file("p.toml", format!("\u{feff}{text}")),
    );
    cases.push(
        case(
            "plan: Windows line endings before a bad answer",
            "plan validate p.toml",
            1,
            &[&format!("p.toml:{place}: error [active_users]")],
        )
        .file("p.toml", text.replace('\n', "\r\n")),
    );
    let key = vec!["x"; 300].join(".");
    cases.push(
        case(
            "plan: a key of 300 dotted parts in [answers]",
            "plan validate p.toml",
            1,
            &[&format!(
                "p.toml:{}: error",
                at(&format!("{DEMO}{key} = 1\n"), &format!("|{key}"))
            )],
        )
        .file("p.toml", format!("{DEMO}{key} = 1\n")),
    );
    let deep = format!("{DEMO}x = {}1{}\n", "[".repeat(5000), "]".repeat(5000));
    cases.push(
        case(
            "plan: arrays nested 5000 deep",
            "plan validate p.toml",
            1,
            &[
                &format!("p.toml:{}:", DEMO.lines().count() + 1),
                "max recursion depth",
            ],
        )
        .file("p.toml", deep),
    );
    // The TOML reader recursed once per `{` after an inline table left open, and a few
    // thousand such lines overflowed the stack (found by tests/fuzz_loaders.rs).
    let open_tables = "raci.tier4 = { localns\"\nraci.saas = { unicef = \"AR\" }\n";
    let head = "format = 1\nquestionnaire = \"primero\"\n[answers]\n";
    cases.push(
        case(
            "plan: 3000 inline tables left open",
            "plan validate p.toml",
            1,
            &["p.toml:163:13: error", "inline tables opened too deeply"],
        )
        .file("p.toml", format!("{head}{}", open_tables.repeat(3000))),
    );
    let matrix = format!("{MATRIX}{}", open_tables.repeat(3000));
    let line = MATRIX.lines().count() + 160;
    cases.push(
        with_companions(
            "companions: 3000 inline tables left open in the matrix",
            "--questionnaires q questionnaire check",
            1,
            &[&format!("q/primero/responsibilities.toml:{line}:13: error")],
        )
        .file("q/primero/responsibilities.toml", matrix),
    );
    #[cfg(unix)]
    cases.push(
        case(
            "plan: an unreadable file",
            "plan validate p.toml",
            1,
            &["p.toml: error", "Permission denied"],
        )
        .file("p.toml", DEMO)
        .unreadable("p.toml"),
    );
    cases
}

fn questionnaire_cases() -> Vec<Case> {
    let mut cases = vec![
        bad_mini(
            "questionnaire: a question id used twice",
            "id = \"growth\"\nkind = \"decimal\"",
            "id = |\"records\"\nkind = \"decimal\"",
            Some("records"),
            "already used on line",
        ),
        bad_mini(
            "questionnaire: a kind with a typo",
            "kind = \"decimal\"",
            "kind = |\"decimel\"",
            Some("growth"),
            "did you mean `decimal`?",
        ),
        bad_mini(
            "questionnaire: show_if naming an unknown question",
            "show_if = { question = \"hosting\", one_of = [\"tier4\", \"local\"] }",
            "show_if = { question = |\"hostin\", one_of = [\"tier4\", \"local\"] }",
            Some("host"),
            "hostin",
        ),
        bad_mini(
            "questionnaire: show_if with a value not among the options",
            "show_if = { not = { question = \"hosting\", equals = \"saas\" } }",
            "show_if = { not = { question = \"hosting\", equals = |\"sass\" } }",
            Some("cap_docker"),
            "sass",
        ),
        bad_mini(
            "questionnaire: one_of with a value not among the options",
            "one_of = [\"tier4\", \"local\"] }\n",
            "one_of = [\"tier4\", |\"locale\"] }\n",
            Some("host"),
            "locale",
        ),
        bad_mini(
            "questionnaire: show_if naming a later question",
            "show_if = { not = { question = \"hosting\", equals = \"saas\" } }",
            "show_if = { question = |\"contact\", equals = \"x@example.org\" }",
            Some("cap_docker"),
            "contact",
        ),
        bad_mini(
            "questionnaire: show_if naming itself",
            "show_if = { not = { question = \"hosting\", equals = \"saas\" } }",
            "show_if = { question = |\"cap_docker\", equals = \"yes\" }",
            Some("cap_docker"),
            "cap_docker",
        ),
        bad_mini(
            "questionnaire: show_if with an unknown operator",
            "show_if = { not = { question = \"hosting\", equals = \"saas\" } }",
            "show_if = { not = { question = \"hosting\", |equal = \"saas\" } }",
            Some("cap_docker"),
            "equal",
        ),
        bad_mini(
            "questionnaire: show_if naming an unknown condition",
            "show_if = { not = { question = \"hosting\", equals = \"saas\" } }",
            "show_if = { condition = |\"self_hosted\" }",
            Some("cap_docker"),
            "self_hosted",
        ),
        bad_mini(
            "questionnaire: at_least on a choice",
            "show_if = { not = { question = \"hosting\", equals = \"saas\" } }",
            "show_if = { question = \"hosting\", at_least = |3 }",
            Some("cap_docker"),
            "at_least",
        ),
        bad_mini(
            "questionnaire: a default not among the options",
            "  { id = \"local\", label = \"Fully local\" },\n]",
            "  { id = \"local\", label = \"Fully local\" },\n]\ndefault = |\"cloud\"",
            Some("hosting"),
            "cloud",
        ),
        bad_mini(
            "questionnaire: a default above the maximum",
            "default = 1000",
            "default = |20000000",
            Some("records"),
            "default",
        ),
        bad_mini(
            "questionnaire: a default in quotes for a number",
            "default = 1000",
            "default = |\"1000\"",
            Some("records"),
            "default",
        ),
        bad_mini(
            "questionnaire: min above max",
            "min = 0\nmax = 500",
            "min = |600\nmax = 500",
            Some("growth"),
            "min",
        ),
        bad_mini(
            "questionnaire: min in quotes for a number",
            "min = 0\nmax = 10000000",
            "min = |\"0\"\nmax = 10000000",
            Some("records"),
            "min",
        ),
        bad_mini(
            "questionnaire: nan as a minimum",
            "min = 0\nmax = 500",
            "min = |nan\nmax = 500",
            Some("growth"),
            "must be a finite number, not nan",
        ),
        bad_mini(
            "questionnaire: inf as a maximum",
            "min = 0\nmax = 500",
            "min = 0\nmax = |inf",
            Some("growth"),
            "must be a finite number, not inf",
        ),
        bad_mini(
            "questionnaire: a minimum date that is no date",
            "min = \"2024-01-01\"",
            "min = |\"2024-13-01\"",
            Some("start"),
            "2024-13-01",
        ),
        bad_mini(
            "questionnaire: max_length on a number",
            "default = 1000",
            "default = 1000\nmax_length = |3",
            Some("records"),
            "max_length",
        ),
        bad_mini(
            "questionnaire: a negative max_length",
            "max_length = 40",
            "max_length = |-40",
            Some("name"),
            "max_length",
        ),
        bad_mini(
            "questionnaire: an unknown capacity area",
            "capacity = \"docker\"",
            "capacity = |\"dokcer\"",
            Some("cap_docker"),
            "docker",
        ),
        bad_mini(
            "questionnaire: capacity on a text question",
            "max_length = 40",
            "max_length = 40\ncapacity = |\"docker\"",
            Some("name"),
            "capacity",
        ),
        bad_mini(
            "questionnaire: options on a number question",
            "default = 1000",
            "default = 1000\noptions = |[{ id = \"a\", label = \"A\" }]",
            Some("records"),
            "options",
        ),
        bad_mini(
            "questionnaire: a choice without options",
            "options = [{ id = \"en\", label = \"English\" }, { id = \"fr\", label = \"French\" }]",
            "options = |[]",
            Some("languages"),
            "option",
        ),
        bad_mini(
            "questionnaire: an option id used twice",
            "{ id = \"fr\", label = \"French\" }",
            "|{ id = \"en\", label = \"French\" }",
            Some("languages"),
            "en",
        ),
        bad_mini(
            "questionnaire: an option id not in snake_case",
            "{ id = \"fr\", label = \"French\" }",
            "{ id = |\"Fr-FR\", label = \"French\" }",
            Some("Fr-FR"),
            "Fr-FR",
        ),
        bad_mini(
            "questionnaire: a question id not in snake_case",
            "id = \"growth\"",
            "id = |\"Yearly Growth\"",
            None,
            "Yearly Growth",
        ),
        bad_mini(
            "questionnaire: a key with a typo",
            "prompt = \"Yearly growth?\"",
            "|promt = \"Yearly growth?\"",
            None,
            "did you mean `prompt`?",
        ),
        bad_mini(
            "questionnaire: a top-level key with a typo",
            "title = \"A small questionnaire for tests\"",
            "|titel = \"A small questionnaire for tests\"",
            None,
            "title",
        ),
        bad_mini(
            "questionnaire: required as a string",
            "required = true\nshow_if = { question",
            "required = |\"yes\"\nshow_if = { question",
            Some("host"),
            "required",
        ),
        bad_mini(
            "questionnaire: a key given twice",
            "prompt = \"Yearly growth?\"",
            "prompt = \"Yearly growth?\"\n|prompt = \"Growth?\"",
            None,
            "duplicate key",
        ),
        bad_mini(
            "questionnaire: an escape character in a prompt",
            "prompt = \"Yearly growth?\"",
            "prompt = |\"Yearly \\u001b[2Jgrowth?\"",
            None,
            "control character",
        ),
        bad_mini(
            "questionnaire: a right-to-left override in help",
            "help = \"Percent.\"",
            "help = |\"Per\u{202e}cent.\"",
            None,
            "bidi override",
        ),
        bad_mini(
            "questionnaire: a kind in the wrong case",
            "kind = \"decimal\"",
            "kind = |\"Decimal\"",
            Some("growth"),
            "decimal",
        ),
        bad_mini(
            "questionnaire: a question without a prompt",
            "[[sections.questions]]\nid = \"growth\"\nkind = \"decimal\"\nprompt = \"Yearly growth?\"\n",
            "|[[sections.questions]]\nid = \"growth\"\nkind = \"decimal\"\n",
            Some("growth"),
            "prompt",
        ),
        bad_mini(
            "questionnaire: a section without questions",
            "[[sections]]\nid = \"config\"",
            "|[[sections]]\nid = \"empty\"\ntitle = \"Empty\"\nintro = \"Nothing.\"\n\n[[sections]]\nid = \"config\"",
            Some("empty"),
            "empty",
        ),
        bad_mini(
            "questionnaire: version missing",
            "version = \"0.1\"\n",
            "|",
            None,
            "version",
        ),
        bad_mini(
            "questionnaire: a key of 200 dotted parts",
            "title = \"A small questionnaire for tests\"",
            &format!(
                "title = \"A small questionnaire for tests\"\n|{} = 1",
                vec!["z"; 200].join(".")
            ),
            None,
            "too many dotted parts",
        ),
    ];
    let conditions = "\n[conditions]\na = { condition = \"b\" }\nb = { condition = \"a\" }\n";
    let cyclic = edit(
        &edit(
            MINI,
            "show_if = { not = { question = \"hosting\", equals = \"saas\" } }",
            "show_if = { condition = \"a\" }",
        ),
        "\n[[sections]]\nid = \"basics\"",
        &format!("{conditions}\n[[sections]]\nid = \"basics\""),
    );
    cases.push(
        case(
            "questionnaire: named conditions in a cycle",
            "questionnaire check q/mini.toml",
            1,
            &[
                &format!(
                    "q/mini.toml:{}: error",
                    at(&cyclic, "a = |{ condition = \"b\" }")
                ),
                "refers back to itself",
            ],
        )
        .file("q/mini.toml", cyclic),
    );
    // Each use of a named condition was read afresh, so 22 conditions each naming the
    // next twice expanded to four million and `questionnaire check` never ended.
    let mut chain: String = (0..22)
        .map(|i| {
            let next = format!("{{ condition = \"c{}\" }}", i + 1);
            format!("c{i} = {{ all = [{next}, {next}] }}\n")
        })
        .collect();
    chain.push_str("c22 = { question = \"hosting\", equals = \"saas\" }\n");
    let doubling = edit(
        &edit(
            MINI,
            "show_if = { not = { question = \"hosting\", equals = \"saas\" } }",
            "show_if = { condition = \"c0\" }",
        ),
        "\n[[sections]]\nid = \"basics\"",
        &format!("\n[conditions]\n{chain}\n[[sections]]\nid = \"basics\""),
    );
    cases.push(
        case(
            "questionnaire: named conditions each naming the next twice",
            "questionnaire check q/mini.toml",
            1,
            &[
                &format!(
                    "q/mini.toml:{}: error [cap_docker]",
                    at(&doubling, "c21 = { all = [{ condition = |\"c22\"")
                ),
                "expand to more than 1000",
            ],
        )
        .file("q/mini.toml", doubling.clone()),
    );
    cases.extend([
        case(
            "questionnaire: an empty file",
            "questionnaire check q/mini.toml",
            1,
            &["q/mini.toml:1:1: error"],
        )
        .file("q/mini.toml", ""),
        case(
            "questionnaire: a byte-order mark",
            "questionnaire check q/mini.toml",
            1,
            &[&format!(
                "q/mini.toml:{}: error [records]",
                at(MINI, "default = |1000")
            )],
        )
        .file(
            "q/mini.toml",
            format!(
                "\u{feff}{}",
                edit(MINI, "default = 1000", "default = \"1000\"")
            ),
        ),
        case(
            "questionnaire: Windows line endings",
            "questionnaire check q/mini.toml",
            1,
            &[&format!(
                "q/mini.toml:{}: error [records]",
                at(MINI, "default = |1000")
            )],
        )
        .file(
            "q/mini.toml",
            edit(MINI, "default = 1000", "default = \"1000\"").replace('\n', "\r\n"),
        ),
        case(
            "questionnaire: Latin-1 in a prompt",
            "questionnaire check q/mini.toml",
            1,
            &[
                &format!(
                    "q/mini.toml:{}: error",
                    at(MINI, "prompt = \"Yearly |growth?\"")
                ),
                "0xE9 is not UTF-8",
            ],
        )
        .file(
            "q/mini.toml",
            edit(
                MINI,
                "prompt = \"Yearly growth?\"",
                "prompt = \"Yearly \u{1}growth?\"",
            )
            .replace('\u{1}', "\u{e9}")
            .into_bytes()
            .into_iter()
            .fold(Vec::new(), |mut b, x| {
                // é in UTF-8 is C3 A9; Latin-1 writes it as E9 alone.
                if x == 0xA9 && b.last() == Some(&0xC3) {
                    b.pop();
                    b.push(0xE9);
                } else {
                    b.push(x);
                }
                b
            }),
        ),
        case(
            "questionnaire: a missing file",
            "questionnaire check q/nothere.toml",
            1,
            &["q/nothere.toml: error: cannot read it", "No such file"],
        ),
        case(
            "questionnaire: a folder as the file",
            "questionnaire check q",
            1,
            &["q: error", "a folder"],
        )
        .put("q", Put::Folder),
        case(
            "questionnaires: two files with the same id",
            "--questionnaires q questionnaire check",
            1,
            &["q/b.toml: error [mini]", "already has the id `mini`"],
        )
        .file("q/a.toml", MINI)
        .file("q/b.toml", MINI),
        case(
            "questionnaires: a folder with no questionnaire",
            "--questionnaires q questionnaire check",
            1,
            &["q"],
        )
        .file("q/readme.txt", "nothing here"),
        case(
            "questionnaires: the folder is missing",
            "--questionnaires nothere plan validate --demo",
            1,
            &["nothere", "questionnaire folder"],
        ),
        case(
            "questionnaires: a file given as the folder",
            "--questionnaires q.toml plan validate --demo",
            1,
            &["q.toml"],
        )
        .file("q.toml", MINI),
        case(
            "questionnaires: a broken one stops plan validate",
            "--questionnaires q plan validate --demo",
            1,
            &[&format!(
                "q/primero.toml:{}: error",
                at(PRIMERO, "id = |\"primero\"")
            )],
        )
        .file(
            "q/primero.toml",
            edit(PRIMERO, "id = \"primero\"", "id = \"Primero!\""),
        ),
        case(
            "questionnaires: the plan's questionnaire is not in the folder",
            "--questionnaires q plan validate --demo",
            1,
            &["primero"],
        )
        .file("q/mini.toml", MINI),
        #[cfg(unix)]
        case(
            "questionnaires: a link to a missing file",
            "--questionnaires q questionnaire check",
            1,
            &["q/mini.toml: error", "gone.toml"],
        )
        .put("q/mini.toml", Put::Link("gone.toml")),
    ]);
    #[cfg(unix)]
    cases.push(
        case(
            "questionnaire: an unreadable file",
            "--questionnaires q questionnaire check",
            1,
            &["q/mini.toml: error", "Permission denied"],
        )
        .file("q/mini.toml", MINI)
        .unreadable("q/mini.toml"),
    );
    cases
}

fn companion_cases() -> Vec<Case> {
    let d = "decision.toml";
    let r = "responsibilities.toml";
    let w = "workplan.toml";
    let c = "checklists.toml";
    let mut cases = vec![
        bad_companion(
            "decision: a rule naming a question with a typo",
            d,
            "when = { question = \"data_residency\", one_of = [\"law\", \"policy\"] }",
            "when = { question = |\"data_residence\", one_of = [\"law\", \"policy\"] }",
            None,
            "data_residency",
        ),
        bad_companion(
            "decision: a rule with a value not among the options",
            d,
            "when = { question = \"data_residency\", equals = \"preference\" }",
            "when = { question = \"data_residency\", equals = |\"preferred\" }",
            None,
            "preferred",
        ),
        bad_companion(
            "decision: blocking an unknown option",
            d,
            "block = [\"saas\"]",
            "block = [|\"saaz\"]",
            None,
            "saaz",
        ),
        bad_companion(
            "decision: points in quotes",
            d,
            "points = { saas = -1.0, tier4 = 1.0 }",
            "points = { saas = |\"-1\", tier4 = 1.0 }",
            None,
            "points",
        ),
        bad_companion(
            "decision: points for an unknown option",
            d,
            "points = { saas = -1.0, tier4 = 1.0 }",
            "points = { saas = -1.0, |tier5 = 1.0 }",
            None,
            "tier5",
        ),
        bad_companion(
            "decision: a rule id used twice",
            d,
            "id = \"residency_preferred\"\nwhen = { question = \"data_residency\", equals",
            "id = |\"residency_required\"\nwhen = { question = \"data_residency\", equals",
            Some("residency_required"),
            "is used twice",
        ),
        bad_companion(
            "decision: a base score of nan",
            d,
            "saas = 6.0",
            "saas = |nan",
            None,
            "must be a finite number, not nan",
        ),
        bad_companion(
            "decision: a base score of inf",
            d,
            "tier4 = 4.0",
            "tier4 = |inf",
            None,
            "must be a finite number, not inf",
        ),
        bad_companion(
            "decision: a capacity pivot above 1",
            d,
            "tier4 = { weight = 8.0, pivot = 0.6,",
            "tier4 = |{ weight = 8.0, pivot = 6.0,",
            None,
            "pivot",
        ),
        bad_companion(
            "decision: a key with a typo",
            d,
            "hard = true",
            "|hrad = true",
            None,
            "hard",
        ),
        bad_companion(
            "decision: a broken table header",
            d,
            "[base]",
            "[base|",
            None,
            "TOML",
        ),
        bad_companion(
            "decision: hard as a string",
            d,
            "hard = true",
            "hard = |\"true\"",
            None,
            "hard",
        ),
        bad_companion(
            "responsibilities: an unknown RACI letter",
            r,
            "raci.saas = { data_owner = \"AR\", local_admin = \"R\", unicef = \"C\" }",
            "raci.saas = { data_owner = |\"X\", local_admin = \"R\", unicef = \"C\" }",
            None,
            "X",
        ),
        bad_companion(
            "responsibilities: an unknown party",
            r,
            "raci.saas = { data_owner = \"AR\", local_admin = \"R\", unicef = \"C\" }",
            "raci.saas = { data_owner = \"AR\", |local_admn = \"R\", unicef = \"C\" }",
            None,
            "local_admin",
        ),
        bad_companion(
            "responsibilities: an unknown hosting option",
            r,
            "raci.saas = { data_owner = \"AR\", local_admin = \"R\", unicef = \"C\" }",
            "|raci.sass = { data_owner = \"AR\", local_admin = \"R\", unicef = \"C\" }",
            None,
            "sass",
        ),
        bad_companion(
            "responsibilities: a party id used twice",
            r,
            "id = \"unicef\"\nname = \"UNICEF Primero team\"",
            "id = |\"data_owner\"\nname = \"UNICEF Primero team\"",
            None,
            "data_owner",
        ),
        bad_companion(
            "responsibilities: name_from naming an unknown question",
            r,
            "\nname_from = { question = \"organisation\",",
            "\nname_from = { question = |\"organization\",",
            None,
            "organisation",
        ),
        bad_companion(
            "responsibilities: a support level in quotes",
            r,
            "level = 1",
            "level = |\"1\"",
            None,
            "level",
        ),
        bad_companion(
            "workplan: a task after an unknown task",
            w,
            "[[tasks]]\nid = \"recruit_administrator\"\nphase = \"governance\"\ntitle = \"Recruit or assign the Primero administrator\"\ndays = 40\nafter = [\"kickoff\"]",
            "|[[tasks]]\nid = \"recruit_administrator\"\nphase = \"governance\"\ntitle = \"Recruit or assign the Primero administrator\"\ndays = 40\nafter = [\"kick_off\"]",
            Some("recruit_administrator"),
            "did you mean `kickoff`?",
        ),
        bad_companion(
            "workplan: a task after itself",
            w,
            "[[tasks]]\nid = \"recruit_administrator\"\nphase = \"governance\"\ntitle = \"Recruit or assign the Primero administrator\"\ndays = 40\nafter = [\"kickoff\"]",
            "|[[tasks]]\nid = \"recruit_administrator\"\nphase = \"governance\"\ntitle = \"Recruit or assign the Primero administrator\"\ndays = 40\nafter = [\"recruit_administrator\"]",
            Some("recruit_administrator"),
            "depends on itself",
        ),
        bad_companion(
            "workplan: negative days",
            w,
            "days = 2\nowner = \"local_admin\"",
            "days = |-2\nowner = \"local_admin\"",
            None,
            "days",
        ),
        bad_companion(
            "workplan: days as a fraction",
            w,
            "days = 2\nowner = \"local_admin\"",
            "days = |2.5\nowner = \"local_admin\"",
            None,
            "days",
        ),
        bad_companion(
            "workplan: an unknown phase",
            w,
            "id = \"kickoff\"\nphase = \"governance\"",
            "id = \"kickoff\"\nphase = |\"goverance\"",
            None,
            "governance",
        ),
        bad_companion(
            "workplan: an unknown owner",
            w,
            "days = 2\nowner = \"local_admin\"",
            "days = 2\nowner = |\"local_admn\"",
            None,
            "local_admin",
        ),
        bad_companion(
            "workplan: a condition on an unknown question",
            w,
            "when = { question = \"role_administrator\",",
            "when = { question = |\"role_admin\",",
            None,
            "role_admin",
        ),
        bad_companion(
            "checklists: a milestone on an unknown task",
            c,
            "falls_on = [\"task:setup_done\"]",
            "falls_on = [|\"task:set_up_done\"]",
            None,
            "set_up_done",
        ),
        bad_companion(
            "checklists: an item due at an unknown milestone",
            c,
            "due = \"go_live\"\nowner = \"openfn\"",
            "due = |\"golive\"\nowner = \"openfn\"",
            None,
            "golive",
        ),
        bad_companion(
            "checklists: an item owned by an unknown party",
            c,
            "due = \"go_live\"\nowner = \"openfn\"",
            "due = \"go_live\"\nowner = |\"open_fn\"",
            None,
            "open_fn",
        ),
        bad_companion(
            "checklists: an unknown context",
            c,
            "applies_when = \"openfn\"",
            "applies_when = |\"openfm\"",
            None,
            "openfm",
        ),
        bad_companion(
            "checklists: planned_by an unknown task",
            c,
            "planned_by = [\"openfn_design\"]",
            "planned_by = [|\"openfn_desing\"]",
            None,
            "openfn_desing",
        ),
    ];
    let loop_ = edit(
        WORKPLAN,
        "id = \"kickoff\"\nphase = \"governance\"",
        "id = \"kickoff\"\nafter = [\"terms_of_use\"]\nphase = \"governance\"",
    );
    cases.push(
        with_companions(
            "workplan: tasks waiting on each other",
            "--questionnaires q questionnaire check",
            1,
            &["q/primero/workplan.toml:", "kickoff"],
        )
        .file("q/primero/workplan.toml", loop_),
    );
    cases.extend([
        with_companions(
            "companions: an empty decision file",
            "--questionnaires q questionnaire check",
            1,
            &["q/primero/decision.toml:1:1: error"],
        )
        .file("q/primero/decision.toml", ""),
        with_companions(
            "companions: a folder in place of the matrix",
            "--questionnaires q questionnaire check",
            1,
            &["q/primero/responsibilities.toml: error", "a folder"],
        )
        .put("q/primero/responsibilities.toml", Put::Folder),
        with_companions(
            "companions: invalid UTF-8 in the work plan",
            "--questionnaires q questionnaire check",
            1,
            &["q/primero/workplan.toml:2:3: error", "0xFF is not UTF-8"],
        )
        .file("q/primero/workplan.toml", b"\n# \xFF\n".to_vec()),
        #[cfg(unix)]
        with_companions(
            "companions: a dangling link for the checklists",
            "--questionnaires q questionnaire check",
            1,
            &["q/primero/checklists.toml: error", "gone.toml"],
        )
        .put("q/primero/checklists.toml", Put::Link("gone.toml")),
        with_companions(
            "companions: a broken decision file stops plan validate",
            "--questionnaires q plan validate --demo",
            1,
            &[&format!(
                "q/primero/decision.toml:{}: error",
                at(DECISION, "saas = |6.0")
            )],
        )
        .file(
            "q/primero/decision.toml",
            edit(DECISION, "saas = 6.0", "saas = \"six\""),
        ),
        with_companions(
            "companions: a broken matrix stops export",
            "--questionnaires q export --demo --pdf p.pdf",
            1,
            &[&format!(
                "q/primero/responsibilities.toml:{}: error",
                at(MATRIX, "level = |1")
            )],
        )
        .file(
            "q/primero/responsibilities.toml",
            edit(MATRIX, "level = 1", "level = \"1\""),
        ),
        with_companions(
            "companions: a Windows-line-ending decision file keeps its places",
            "--questionnaires q questionnaire check",
            1,
            &[&format!(
                "q/primero/decision.toml:{}: error",
                at(DECISION, "block = [|\"saas\"]")
            )],
        )
        .file(
            "q/primero/decision.toml",
            edit(DECISION, "block = [\"saas\"]", "block = [\"saaz\"]").replace('\n', "\r\n"),
        ),
    ]);
    #[cfg(unix)]
    cases.push(
        with_companions(
            "companions: an unreadable work plan",
            "--questionnaires q questionnaire check",
            1,
            &["q/primero/workplan.toml: error", "Permission denied"],
        )
        .unreadable("q/primero/workplan.toml"),
    );
    cases
}

fn rules_cases() -> Vec<Case> {
    let mut cases = vec![
        bad_rules(
            "rules: a figure in quotes",
            "anchor_vcpu = 2",
            "anchor_vcpu = |\"2\"",
            Some("anchor_vcpu"),
            "anchor_vcpu",
        ),
        bad_rules(
            "rules: a key with a typo",
            "anchor_ram_gb = 8.0",
            "anchor_ram_gb = 8.0\n|anchor_ram_g = 8.0",
            None,
            "did you mean `anchor_ram_gb`?",
        ),
        bad_rules(
            "rules: a figure given twice",
            "anchor_ram_gb = 8.0",
            "anchor_ram_gb = 8.0\n|anchor_ram_gb = 9.0",
            None,
            "duplicate key",
        ),
        bad_rules(
            "rules: a negative figure",
            "anchor_disk_gb = 500",
            "anchor_disk_gb = |-500",
            Some("anchor_disk_gb"),
            "negative",
        ),
        bad_rules(
            "rules: inf",
            "anchor_ram_gb = 8.0",
            "anchor_ram_gb = |inf",
            Some("anchor_ram_gb"),
            "inf",
        ),
        bad_rules(
            "rules: -inf",
            "anchor_ram_gb = 8.0",
            "anchor_ram_gb = |-inf",
            Some("anchor_ram_gb"),
            "inf",
        ),
        bad_rules(
            "rules: -nan",
            "scaling_exponent = 0.5",
            "scaling_exponent = |-nan",
            Some("scaling_exponent"),
            "nan",
        ),
        bad_rules(
            "rules: a table for a figure",
            "anchor_ram_gb = 8.0",
            "anchor_ram_gb = |{ value = 8.0 }",
            Some("anchor_ram_gb"),
            "anchor_ram_gb",
        ),
        bad_rules(
            "rules: a step that is no number",
            "vcpu_steps = [2, 4,",
            "vcpu_steps = [2, |\"four\",",
            Some("vcpu_steps"),
            "vcpu_steps",
        ),
        bad_rules(
            "rules: steps out of order",
            "vcpu_steps = [2, 4,",
            "vcpu_steps = [2, |1,",
            Some("vcpu_steps"),
            "vcpu_steps",
        ),
        bad_rules(
            "rules: a list for a figure",
            "max_load = 100.0",
            "max_load = |[100.0]",
            Some("max_load"),
            "max_load",
        ),
        bad_rules(
            "rules: max_load below 1",
            "max_load = 100.0",
            "max_load = |0.5",
            Some("max_load"),
            "at least 1",
        ),
        bad_rules(
            "rules: the floor above the anchor",
            "floor_ram_gb = 4.0",
            "floor_ram_gb = |16.0",
            Some("floor_ram_gb"),
            "above `anchor_ram_gb`",
        ),
        bad_rules(
            "rules: the database takes the whole anchor",
            "database_share = 0.5",
            "database_share = |1.0",
            Some("database_share"),
            "below 1",
        ),
        bad_rules(
            "rules: more active users than users",
            "peak_active_share = 0.25",
            "peak_active_share = |2.5",
            Some("peak_active_share"),
            "at most 1",
        ),
        bad_rules(
            "rules: a whole number with a fraction",
            "puma_threads = 5",
            "puma_threads = |5.5",
            Some("puma_threads"),
            "puma_threads",
        ),
        bad_rules(
            "rules: an integer past 64 bits",
            "anchor_records = 100000",
            "anchor_records = |100000000000000000000",
            Some("anchor_records"),
            "is too large to be meant, not 100000000000000000000",
        ),
        bad_rules(
            "rules: a section header",
            "anchor_records = 100000",
            "[|anchor]\nanchor_records = 100000",
            None,
            "unknown key `anchor`",
        ),
        bad_rules(
            "rules: a dotted key",
            "anchor_records = 100000",
            "anchor_records = 100000\n|anchor.records = 1",
            None,
            "anchor",
        ),
    ];
    cases.extend([
        case(
            "rules: a figure missing",
            SIZE,
            1,
            &["r.toml:1:1: error [anchor_vcpu]", "anchor_vcpu"],
        )
        .file("r.toml", edit(SIZING, "anchor_vcpu = 2\n", "")),
        case("rules: an empty file", SIZE, 1, &["r.toml:1:1: error"]).file("r.toml", ""),
        case(
            "rules: a missing file",
            SIZE,
            1,
            &["r.toml", "No such file"],
        ),
        case("rules: a folder", SIZE, 1, &["r.toml", "a folder"]).put("r.toml", Put::Folder),
        case(
            "rules: a byte-order mark",
            SIZE,
            1,
            &[&format!(
                "r.toml:{}: error [anchor_vcpu]",
                at(SIZING, "anchor_vcpu = |2")
            )],
        )
        .file(
            "r.toml",
            format!(
                "\u{feff}{}",
                edit(SIZING, "anchor_vcpu = 2", "anchor_vcpu = \"2\"")
            ),
        ),
        case(
            "rules: Windows line endings",
            SIZE,
            1,
            &[&format!(
                "r.toml:{}: error [anchor_vcpu]",
                at(SIZING, "anchor_vcpu = |2")
            )],
        )
        .file(
            "r.toml",
            edit(SIZING, "anchor_vcpu = 2", "anchor_vcpu = \"2\"").replace('\n', "\r\n"),
        ),
        case(
            "rules: invalid UTF-8",
            SIZE,
            1,
            &[
                &format!("r.toml:{}: error", at(SIZING, "anchor_vcpu = |2")),
                "0xC0 is not UTF-8",
            ],
        )
        .file("r.toml", {
            let mut b = SIZING.as_bytes().to_vec();
            let at = SIZING.find("anchor_vcpu = 2").unwrap() + "anchor_vcpu = ".len();
            b[at] = 0xC0;
            b
        }),
        case(
            "rules: --print-rules output with a typo",
            SIZE,
            1,
            &["r.toml:", "did you mean"],
        )
        .file(
            "r.toml",
            edit(SIZING, "max_workers_per_node", "max_worker_per_node"),
        ),
    ]);
    cases
}

fn cli_cases() -> Vec<Case> {
    let size = "size --records 150000 --users 300";
    vec![
        case(
            "cli: records not a number",
            "size --records abc --users 1",
            2,
            &["--records", "abc"],
        ),
        case(
            "cli: negative records",
            "size --users 1 --records=-5",
            2,
            &["--records"],
        ),
        case(
            "cli: users with a fraction",
            "size --records 1 --users 1.5",
            2,
            &["--users"],
        ),
        case(
            "cli: users empty",
            "size --records 1 --users=",
            2,
            &["--users"],
        ),
        case(
            "cli: growth nan",
            &format!("{size} --growth nan"),
            2,
            &["--growth", "nan"],
        ),
        case(
            "cli: growth inf",
            &format!("{size} --growth inf"),
            2,
            &["--growth"],
        ),
        case(
            "cli: growth 1e400",
            &format!("{size} --growth 1e400"),
            2,
            &["--growth"],
        ),
        case(
            "cli: attachments negative",
            &format!("{size} --attachment-mb=-1"),
            2,
            &["--attachment-mb"],
        ),
        case(
            "cli: attachments nan",
            &format!("{size} --attachment-mb NaN"),
            2,
            &["--attachment-mb"],
        ),
        case(
            "cli: years zero",
            &format!("{size} --years 0"),
            2,
            &["--years", "1 or more"],
        ),
        case(
            "cli: years a word",
            &format!("{size} --years three"),
            2,
            &["--years"],
        ),
        case(
            "cli: availability 100",
            &format!("{size} --availability 100"),
            1,
            &["--availability", "below 100"],
        ),
        case(
            "cli: availability 80",
            &format!("{size} --availability 80"),
            1,
            &["--availability"],
        ),
        case(
            "cli: availability nan",
            &format!("{size} --availability nan"),
            2,
            &["--availability"],
        ),
        case(
            "cli: backup copies negative",
            &format!("{size} --backup-copies=-1"),
            2,
            &["--backup-copies"],
        ),
        case(
            "cli: records with a unit",
            "size --records 150k --users 1",
            2,
            &["--records"],
        ),
        case(
            "cli: size without users",
            "size --records 1",
            2,
            &["--users"],
        ),
        case(
            "cli: a flag with a typo",
            "size --recods 1 --users 1",
            2,
            &["--recods", "--records"],
        ),
        case(
            "cli: a command with a typo",
            "plna validate --demo",
            2,
            &["plna", "plan"],
        ),
        case(
            "cli: a plan command with a typo",
            "plan valdate --demo",
            2,
            &["valdate", "validate"],
        ),
        case(
            "cli: an unknown theme",
            "--theme neon plan validate --demo",
            2,
            &["--theme", "neon"],
        ),
        case(
            "cli: an unknown paper",
            "export --demo --pdf p.pdf --paper a5",
            2,
            &["--paper", "a5"],
        ),
        case(
            "cli: plan show without a plan",
            "plan show",
            2,
            &["<PLAN|--demo>"],
        ),
        case(
            "cli: export without anything to write",
            "export --demo",
            1,
            &["--pdf", "--config"],
        ),
        case(
            "cli: --rules with no file",
            "size --records 1 --users 1 --rules",
            2,
            &["--rules"],
        ),
        case(
            "cli: plan new over an existing file",
            "plan new p.toml",
            1,
            &["p.toml", "--force"],
        )
        .file("p.toml", DEMO),
        case(
            "cli: plan new for an unknown questionnaire",
            "plan new p.toml --questionnaire primer",
            1,
            &["primer"],
        ),
        case(
            "cli: plan new into a missing folder",
            "plan new nothere/p.toml",
            1,
            &["nothere/p.toml"],
        ),
        case(
            "cli: export over an existing folder",
            "export --demo --config out",
            1,
            &["out", "--force"],
        )
        .file("out/keep.txt", "mine"),
        case(
            "cli: export a PDF over a folder",
            "export --demo --pdf out",
            1,
            &["out"],
        )
        .put("out", Put::Folder),
        case(
            "cli: check a missing path",
            "check nothere",
            1,
            &["nothere"],
        ),
        case(
            "cli: check --ready on a plan",
            "check p.toml --ready",
            1,
            &["p.toml", "--ready"],
        )
        .file("p.toml", DEMO),
        case(
            "cli: questionnaire check on a plan",
            "questionnaire check p.toml",
            1,
            &["p.toml:", "error"],
        )
        .file("p.toml", DEMO),
        case(
            "cli: plan validate on a questionnaire",
            "plan validate q.toml",
            1,
            &["q.toml:1:1: error", "format"],
        )
        .file("q.toml", MINI),
        case(
            "cli: plan validate on the sizing figures",
            "plan validate r.toml",
            1,
            &["r.toml:1:1: error", "format"],
        )
        .file("r.toml", SIZING),
        case(
            "cli: --rules given a plan",
            SIZE,
            1,
            &[
                "r.toml:3:1: error: unknown key `questionnaire`",
                "none of the 45 known names is close",
            ],
        )
        .file("r.toml", DEMO),
    ]
}

const INV: &str = "ansible/inventory/inventory.yml";
const SECRETS: &str = "ansible/secrets.yml";
const LIGHTNING: &str = "openfn/lightning.env";
#[cfg(unix)]
const LIGHTNING_SECRETS: &str = "openfn/lightning-secrets.env";
const SUMMARY: &str = "hostplan-config.toml";

fn folder_cases() -> Vec<Case> {
    let mut cases = vec![
        bad_folder(
            "folder: an unquoted boolean",
            INV,
            "use_lets_encrypt: 'false'",
            "use_lets_encrypt: |false",
            "use_lets_encrypt",
        ),
        bad_folder(
            "folder: a tab in the indentation",
            INV,
            "      primero_host: 'cpims.mosw.gov.kl'",
            "\t|primero_host: 'cpims.mosw.gov.kl'",
            "a tab where YAML expects indentation",
        ),
        bad_folder(
            "folder: a key set twice in the inventory",
            INV,
            "      primero_tag: 'v2.15.2'",
            "      primero_tag: 'v2.15.2'\n      |primero_tag: 'v2.15.1'",
            "primero_tag",
        ),
        bad_folder(
            "folder: an unclosed quote",
            INV,
            "      primero_tag: 'v2.15.2'",
            "      primero_tag: |'v2.15.2",
            "invalid indentation in quoted scalar",
        ),
        bad_folder(
            "folder: a host name with a space",
            INV,
            "      primero_host: 'cpims.mosw.gov.kl'",
            "      primero_host: |'cpims mosw.gov.kl'",
            "primero_host",
        ),
        bad_folder(
            "folder: an SMTP port that is no port",
            INV,
            "SMTP_PORT: '587'",
            "SMTP_PORT: |'99999'",
            "SMTP_PORT",
        ),
        bad_folder(
            "folder: a delivery method of :smtp",
            INV,
            "MAILER_DELIVERY_METHOD: 'smtp'",
            "MAILER_DELIVERY_METHOD: |':smtp'",
            "smtp",
        ),
        bad_folder(
            "folder: a bad escape in double quotes",
            INV,
            "      primero_tag: 'v2.15.2'",
            "      primero_tag: |\"v2.15\\q\"",
            "an escape YAML does not know",
        ),
        bad_folder(
            "folder: a key set twice in the secrets",
            SECRETS,
            "postgres_password: ''",
            "postgres_password: ''\n|postgres_password: 'x'",
            "postgres_password",
        ),
        bad_folder(
            "folder: a broken flow sequence in the secrets",
            SECRETS,
            "postgres_password: ''\n# Signs sign-in tokens. At least 32 characters, each a letter, a digit, _ or -.\ndevise_secret_key: ''",
            "postgres_password: [unclosed\n# Signs sign-in tokens. At least 32 characters, each a letter, a digit, _ or -.\n|devise_secret_key: ''",
            "indentation",
        ),
        bad_folder(
            "folder: a message secret of the wrong length",
            SECRETS,
            "primero_message_secret: ''",
            "primero_message_secret: |'abc'",
            "primero_message_secret",
        ),
        bad_folder(
            "folder: an env line without =",
            LIGHTNING,
            "MIX_ENV=prod",
            "|MIX_ENV prod",
            "this line is not NAME=value",
        ),
        bad_folder(
            "folder: a variable set twice",
            LIGHTNING,
            "MIX_ENV=prod",
            "MIX_ENV=prod\n|MIX_ENV=dev",
            "MIX_ENV",
        ),
        bad_folder(
            "folder: quotes in an env value",
            LIGHTNING,
            "URL_HOST=openfn.mosw.gov.kl",
            "URL_HOST=|\"openfn.mosw.gov.kl\"",
            "URL_HOST",
        ),
        bad_folder(
            "folder: a space around = in an env file",
            LIGHTNING,
            "MIX_ENV=prod",
            "|MIX_ENV = prod",
            "letters, digits and underscores",
        ),
        bad_folder(
            "folder: a host name with a space in an env file",
            LIGHTNING,
            "URL_HOST=openfn.mosw.gov.kl",
            "URL_HOST=|openfn mosw.gov.kl",
            "URL_HOST",
        ),
        bad_folder(
            "folder: broken TOML in the summary",
            SUMMARY,
            "\n[primero]",
            "\n[[primero]|",
            "unclosed array table",
        ),
    ];
    let inv = folder_text(INV);
    // The parser placed an error at the end of a last line without a line break on the
    // line after it, outside the file (found by tests/fuzz_loaders.rs).
    let cut = format!("{}      a", &inv[..inv.find("      primero_host").unwrap()]);
    cases.push(
        case(
            "folder: an inventory cut off in a key",
            "check out",
            1,
            &[&format!("out/{INV}:{}:8: error", cut.lines().count())],
        )
        .in_folder()
        .file(&format!("out/{INV}"), cut.clone()),
    );
    cases.extend([
        case("folder: a zero byte in an env file", "check out", 1, &[
            "out/openfn/lightning.env:2:7: error",
            "binary data",
        ])
        .in_folder()
        .file(&format!("out/{LIGHTNING}"), b"URL_HOST=a\nPORT=4\x0000\n".to_vec()),
        case("folder: Latin-1 in the inventory", "check out", 1, &[
            "out/ansible/inventory/inventory.yml:1:9: error",
            "0xED",
        ])
        .in_folder()
        .file(&format!("out/{INV}"), {
            let mut b = b"# Kalmar\xEDa\n".to_vec();
            b.extend(inv.as_bytes());
            b
        }),
        case("folder: the summary missing", "check out", 1, &["out"])
            .in_folder()
            .put(&format!("out/{SUMMARY}"), Put::Remove),
        case("folder: the inventory is a folder", "check out", 1, &[
            "out/ansible/inventory/inventory.yml: error",
            "a folder",
        ])
        .in_folder()
        .put(&format!("out/{INV}"), Put::Folder),
        #[cfg(unix)]
        case("folder: the secrets are a dangling link", "check out", 1, &[
            "out/ansible/secrets.yml: error",
            "gone.yml",
        ])
        .in_folder()
        .put(&format!("out/{SECRETS}"), Put::Link("gone.yml")),
        #[cfg(unix)]
        case("folder: secrets others can read", "check out", 1, &[
            "out/ansible/secrets.yml",
        ])
        .in_folder()
        .put(&format!("out/{SECRETS}"), Put::Mode(0o644)),
        case("folder: a byte-order mark on the inventory", "check out", 1, &[&format!(
            "out/{INV}:{}: error",
            at(&inv, "use_lets_encrypt: |'false'")
        )])
        .in_folder()
        .file(
            &format!("out/{INV}"),
            format!("\u{feff}{}", edit(&inv, "use_lets_encrypt: 'false'", "use_lets_encrypt: false")),
        ),
        case("folder: Windows line endings in the inventory", "check out", 1, &[&format!(
            "out/{INV}:{}: error",
            at(&inv, "use_lets_encrypt: |'false'")
        )])
        .in_folder()
        .file(
            &format!("out/{INV}"),
            edit(&inv, "use_lets_encrypt: 'false'", "use_lets_encrypt: false")
                .replace('\n', "\r\n"),
        ),
        case("folder: an empty inventory", "check out", 1, &["out/ansible/inventory/inventory.yml"])
            .in_folder()
            .file(&format!("out/{INV}"), ""),
        case("folder: a flow sequence nested 10 000 deep", "check out", 1, &[&format!(
            "out/{INV}:"
        )])
        .in_folder()
        .file(
            &format!("out/{INV}"),
            format!("{inv}x: {}{}\n", "[".repeat(10_000), "]".repeat(10_000)),
        ),
        case("folder: a line of 200 000 characters", "check out", 1, &[&format!(
            "out/{INV}:{}: error",
            at(&inv, "primero_host: |'cpims.mosw.gov.kl'")
        )])
        .in_folder()
        .file(
            &format!("out/{INV}"),
            edit(
                &inv,
                "primero_host: 'cpims.mosw.gov.kl'",
                &format!("primero_host: 'c{}.kl'", "a".repeat(200_000)),
            ),
        ),
        case("folder --ready: placeholders still empty", "check out --ready", 1, &[
            &format!(
                "out/{SECRETS}:{}: error",
                at(&folder_text(SECRETS), "primero_secret_key_base: |''")
            ),
            "still empty",
        ])
        .in_folder(),
        #[cfg(unix)]
        case("folder --ready: a certificate that is no PEM", "check out --ready", 1, &[
            "out/ansible/secrets.yml:",
            "nginx_ssl_cert",
        ])
        .in_folder()
        .file(
            &format!("out/{SECRETS}"),
            format!(
                "{}nginx_ssl_cert: |\n  -----BEGIN CERTIFICATE-----\n  bm90IGEgY2VydA==\n  -----END CERTIFICATE-----\nnginx_ssl_key: |\n  not a key\n",
                folder_text(SECRETS)
            ),
        )
        .put(&format!("out/{SECRETS}"), Put::Mode(0o600)),
        #[cfg(unix)]
        case("folder --ready: a worker key that is no key", "check out --ready", 1, &[
            "out/openfn/lightning-secrets.env:",
            "WORKER_RUNS_PRIVATE_KEY",
        ])
        .in_folder()
        .file(
            &format!("out/{LIGHTNING_SECRETS}"),
            edit(
                &folder_text(LIGHTNING_SECRETS),
                "WORKER_RUNS_PRIVATE_KEY=\n",
                "WORKER_RUNS_PRIVATE_KEY=bm90IGEga2V5\n",
            ),
        )
        .put(&format!("out/{LIGHTNING_SECRETS}"), Put::Mode(0o600)),
        #[cfg(unix)]
        case("folder --ready: the summary is a link to itself", "check out --ready", 1, &[
            "out/hostplan-config.toml: error",
        ])
        .in_folder()
        .put(&format!("out/{SUMMARY}"), Put::Link("hostplan-config.toml")),
        #[cfg(unix)]
        case("folder --ready: a tab in the secrets", "check out --ready", 1, &[&format!(
            "out/{SECRETS}:{}: error",
            at(
                &edit(&folder_text(SECRETS), "postgres_password: ''", "\tpostgres_password: ''"),
                "\t|postgres_password: ''"
            )
        )])
        .in_folder()
        .file(
            &format!("out/{SECRETS}"),
            edit(&folder_text(SECRETS), "postgres_password: ''", "\tpostgres_password: ''"),
        )
        .put(&format!("out/{SECRETS}"), Put::Mode(0o600)),
    ]);
    #[cfg(unix)]
    cases.push(
        case(
            "folder: an unreadable inventory",
            "check out",
            1,
            &[
                "out/ansible/inventory/inventory.yml: error",
                "Permission denied",
            ],
        )
        .in_folder()
        .unreadable(&format!("out/{INV}")),
    );
    cases
}
