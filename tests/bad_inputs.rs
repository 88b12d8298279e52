//! Bad inputs given to the real binary: special files, huge files, broken text and
//! figures. Each case asserts the exit status and where the error is placed.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const DEMO: &str = include_str!("../assets/demo-plan.toml");
const PRIMERO: &str = include_str!("../questionnaires/primero.toml");
const SIZING: &str = include_str!("../assets/sizing.toml");

/// Runs hostplan with `args`, killing it after 10 s; the output and the time it took.
fn run(args: &[&dyn AsRef<std::ffi::OsStr>]) -> (Output, Duration) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hostplan"));
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
