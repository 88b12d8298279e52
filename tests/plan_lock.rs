//! One front-end at a time on a plan: `ask` and `plan new --force` refuse a plan another
//! hostplan session has open, saying who has it and what to do, and leave it as it is.

use hostplan::store::lock::{self, Taken};
use std::io::Write;
use std::path::Path;
use std::process::Stdio;

const PLAN: &str = "# Kept by hand.\nformat = 1\nquestionnaire = \"primero\"\n\
questionnaire_version = \"1.0.0\"\n\n[answers]\ncountry = \"Kalmaria\"\n";

/// Runs hostplan in `dir` with `input` on standard input; (exit code, stderr).
fn hostplan(dir: &Path, args: &[&str], input: &str) -> (i32, String) {
    let mut child = crate::common::bin()
        .args(args)
        .current_dir(dir)
        .env("HOSTPLAN_HOME", dir.join("home"))
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let _ = child.stdin.take().unwrap().write_all(input.as_bytes());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.code().unwrap_or(-1), stderr)
}

fn held(plan: &Path) -> lock::PlanLock {
    match lock::take(plan).unwrap() {
        Taken::Held(l) => l,
        other => panic!("the test takes the lock: {other:?}"),
    }
}

#[test]
fn ask_refuses_a_plan_another_session_has_open() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.toml");
    std::fs::write(&plan, PLAN).unwrap();
    let other = held(&plan);
    let (code, err) = hostplan(dir.path(), &["ask", "plan.toml"], "Estmark\n");
    assert_ne!(code, 0, "{err}");
    assert!(err.contains("open in another hostplan session"), "{err}");
    let pid = std::process::id().to_string();
    assert!(err.contains(&format!("process {pid}")), "{err}");
    assert!(err.contains("close the other session"), "{err}");
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), PLAN);
    drop(other);
    // Once the other session has gone, ask answers and saves, keeping the comment.
    let (code, err) = hostplan(dir.path(), &["ask", "plan.toml"], "Estmark\n");
    assert_eq!(code, 0, "{err}");
    let saved = std::fs::read_to_string(&plan).unwrap();
    assert!(saved.starts_with("# Kept by hand.\n"), "{saved}");
}

#[test]
fn plan_new_force_refuses_to_replace_a_plan_another_session_has_open() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.toml");
    std::fs::write(&plan, PLAN).unwrap();
    let other = held(&plan);
    let (code, err) = hostplan(dir.path(), &["plan", "new", "--force", "plan.toml"], "");
    assert_ne!(code, 0, "{err}");
    assert!(err.contains("open in another hostplan session"), "{err}");
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), PLAN);
    drop(other);
    let (code, err) = hostplan(dir.path(), &["plan", "new", "--force", "plan.toml"], "");
    assert_eq!(code, 0, "{err}");
}

#[cfg(unix)]
#[test]
fn a_link_planted_at_the_lock_name_is_refused_and_its_target_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.toml");
    std::fs::write(&plan, PLAN).unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    std::os::unix::fs::symlink(&victim, lock::lock_path(&plan)).unwrap();
    let (code, err) = hostplan(dir.path(), &["ask", "plan.toml"], "Estmark\n");
    assert_ne!(code, 0, "{err}");
    assert!(err.contains("symbolic link"), "{err}");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), PLAN);
}
