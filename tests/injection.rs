//! Terminal injection: no plan value, questionnaire text or file name sends a control
//! sequence (ESC, BEL, C1, DEL) or a bidi override to the terminal.

use std::path::{Path, PathBuf};

const DEMO: &str = include_str!("../assets/demo-plan.toml");

/// Retitle, clear screen, C1 CSI, DEL and a right-to-left override, as TOML escapes.
const PAYLOAD: &str = r"\u001b]0;pwned\u0007 \u001b[2J \u009b \u007f \u202e";

fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hostplan-inject-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The demo plan with the payload in a text answer, an option answer and a key.
fn bad_plan(dir: &Path, file: &str) -> PathBuf {
    let mut text = String::new();
    for line in DEMO.lines() {
        if line.starts_with("organisation = ") {
            text.push_str(&format!("organisation = \"{PAYLOAD}\"\n"));
        } else if line.starts_with("hosting_site = ") {
            text.push_str(&format!("hosting_site = \"{PAYLOAD}\"\n"));
        } else {
            text.push_str(line);
            text.push('\n');
        }
    }
    text.push_str(&format!("\"{PAYLOAD}\" = 1\n"));
    let path = dir.join(file);
    std::fs::write(&path, text).unwrap();
    path
}

/// Only a bidi override, which the text check used to let through: the plan shows.
fn bidi_plan(dir: &Path) -> PathBuf {
    let text = DEMO.replacen(
        "organisation = \"Ministry",
        "organisation = \"\\u202eMinistry",
        1,
    );
    let path = dir.join("bidi.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn run(args: &[&std::ffi::OsStr]) -> (Vec<u8>, Vec<u8>) {
    let out = crate::common::bin().args(args).output().unwrap();
    (out.stdout, out.stderr)
}

fn assert_clean(what: &str, bytes: &[u8]) {
    assert!(!bytes.contains(&0x1b), "{what}: raw ESC in {bytes:?}");
    assert!(!bytes.contains(&0x07), "{what}: raw BEL");
    assert!(!bytes.contains(&0x7f), "{what}: raw DEL");
    let text = String::from_utf8_lossy(bytes);
    for c in text.chars() {
        assert!(
            !(('\u{80}'..='\u{9f}').contains(&c)
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)),
            "{what}: raw U+{:04X} in {text}",
            c as u32
        );
        assert!(
            !c.is_control() || c == '\n' || c == '\t',
            "{what}: raw control U+{:04X}",
            c as u32
        );
    }
}

fn clean_run(what: &str, args: &[&std::ffi::OsStr]) -> (String, String) {
    let (out, err) = run(args);
    assert_clean(&format!("{what} stdout"), &out);
    assert_clean(&format!("{what} stderr"), &err);
    (
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
    )
}

fn os(s: &str) -> &std::ffi::OsStr {
    s.as_ref()
}

#[test]
fn plan_validate_escapes_values_and_keys() {
    let dir = folder("validate");
    let plan = bad_plan(&dir, "p.toml");
    let (_, err) = clean_run("validate", &[os("plan"), os("validate"), plan.as_os_str()]);
    assert!(err.contains(r"\u{1b}]0;pwned\u{7}"), "{err}");
}

#[test]
fn plan_show_text_and_json_stay_clean() {
    let dir = folder("show");
    let plan = bad_plan(&dir, "p.toml");
    clean_run("show", &[os("plan"), os("show"), plan.as_os_str()]);
    clean_run(
        "show --json",
        &[os("plan"), os("show"), os("--json"), plan.as_os_str()],
    );
    let bidi = bidi_plan(&dir);
    clean_run("show bidi", &[os("plan"), os("show"), bidi.as_os_str()]);
    clean_run(
        "show --json bidi",
        &[os("plan"), os("show"), os("--json"), bidi.as_os_str()],
    );
}

#[test]
fn check_and_export_config_stay_clean() {
    let dir = folder("check");
    let plan = bad_plan(&dir, "p.toml");
    clean_run("check", &[os("check"), plan.as_os_str()]);
    let out = dir.join("out");
    clean_run(
        "export --config",
        &[
            os("export"),
            os("--config"),
            out.as_os_str(),
            plan.as_os_str(),
        ],
    );
    let bidi = bidi_plan(&dir);
    clean_run("check bidi", &[os("check"), bidi.as_os_str()]);
    clean_run(
        "export --config bidi",
        &[
            os("export"),
            os("--config"),
            out.as_os_str(),
            bidi.as_os_str(),
        ],
    );
}

#[test]
fn a_file_name_with_escape_is_shown_escaped() {
    let dir = folder("name");
    let plan = bad_plan(&dir, "x\u{1b}]0;name\u{7}\u{1b}[2J\u{202e}.toml");
    let (_, err) = clean_run(
        "validate name",
        &[os("plan"), os("validate"), plan.as_os_str()],
    );
    assert!(err.contains(r"x\u{1b}]0;name"), "{err}");
    let missing = dir.join("gone\u{1b}[2J\u{9b}.toml");
    clean_run(
        "validate missing",
        &[os("plan"), os("validate"), missing.as_os_str()],
    );
    clean_run(
        "show missing",
        &[os("plan"), os("show"), missing.as_os_str()],
    );
}

#[test]
fn questionnaire_check_refuses_escape_in_a_prompt_at_its_line() {
    let dir = folder("questionnaire");
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/questionnaires/primero.toml"
    ))
    .unwrap();
    let at = text.find("prompt = \"In which country").unwrap();
    let line = text[..at].lines().count() + 1;
    let text = text.replacen(
        "prompt = \"In which country",
        "prompt = \"\\u001b]0;t\\u0007In which country",
        1,
    );
    let path = dir.join("primero.toml");
    std::fs::write(&path, text).unwrap();
    let out = crate::common::bin()
        .args([os("questionnaire"), os("check"), path.as_os_str()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert_clean("questionnaire stdout", &out.stdout);
    assert_clean("questionnaire stderr", &out.stderr);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("primero.toml:{line}:")) && err.contains("control character"),
        "{err}"
    );
}

#[test]
fn a_one_line_answer_with_a_newline_is_refused() {
    let dir = folder("newline");
    let text = DEMO.replacen("country = \"Kalmaria\"", "country = \"Kalma\\nria\"", 1);
    let path = dir.join("p.toml");
    std::fs::write(&path, text).unwrap();
    let out = crate::common::bin()
        .args([os("plan"), os("validate"), path.as_os_str()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("[country]") && err.contains("line break"),
        "{err}"
    );
}
