//! `hostplan ask` with the answers coming from a pipe: plain lines, the same questions, the
//! plan saved after every answer and a transcript that reads as a record of the session.

use crate::saas;

use saas::{Give, SAAS_PATH, check_saas_answers, finished_plan, primero};
use std::io::Write;
use std::path::Path;
use std::process::Stdio;

/// Runs hostplan in `dir` with `input` on standard input; (exit code, stdout, stderr).
fn hostplan(dir: &Path, args: &[&str], input: &str) -> (i32, String, String) {
    hostplan_with(dir, args, input, &[])
}

/// As [`hostplan`], with `env` set as well.
fn hostplan_with(
    dir: &Path,
    args: &[&str],
    input: &str,
    env: &[(&str, &str)],
) -> (i32, String, String) {
    let mut child = crate::common::bin()
        .args(args)
        .current_dir(dir)
        .env("HOSTPLAN_HOME", dir.join("home"))
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .env_remove("NO_COLOR")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hostplan runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The SaaS path as typed lines, from question `from` on.
fn saas_lines(from: usize) -> String {
    SAAS_PATH[from..]
        .iter()
        .map(|(_, give)| match give {
            Give::Type(t) => format!("{t}\n"),
            Give::Pick { id, .. } => format!("{id}\n"),
            Give::Enter => "\n".to_string(),
        })
        .collect()
}

/// Each question's prompt appears in the transcript, in the order of the path.
fn check_order(out: &str, from: usize) {
    let q = primero();
    let mut rest = out;
    for (id, _) in &SAAS_PATH[from..] {
        let prompt = &q.question(id).unwrap().prompt;
        let at = rest
            .find(prompt.as_str())
            .unwrap_or_else(|| panic!("`{id}` is not asked in order:\n{out}"));
        rest = &rest[at..];
    }
}

#[test]
fn a_whole_saas_path_writes_a_finished_plan_and_shows_the_results() {
    let dir = tempfile::tempdir().unwrap();
    let input = saas_lines(0) + "finish\n";
    let (code, out, err) = hostplan(dir.path(), &["ask", "p.toml"], &input);
    assert_eq!(code, 0, "{out}\n{err}");
    check_order(&out, 0);
    let text = std::fs::read_to_string(dir.path().join("p.toml")).unwrap();
    check_saas_answers(&finished_plan(&text, &primero()));
    for shown in [
        "New plan: p.toml",
        "Answer: CPIMS+ pilot\nRecorded: CPIMS+ pilot\n",
        "Your choice [4]: pilot\nRecorded: Pilot\n",
        // The adoption question shows the recommendation and offers it.
        "hostplan recommends UNICEF-hosted service (Tier 3) for this plan, above all because:\n  • ",
        "UNICEF-hosted service (Tier 3): recommended",
        "Recorded: UNICEF-hosted service (Tier 3)\n",
        "Answer: [3] \nRecorded: 3 years\n",
        "Recorded: (left unanswered)\n",
        "Results\n",
        "Recommendation: UNICEF-hosted service (Tier 3)",
        "No servers to buy",
        "Milestones (work plan from 1 March 2027",
        "Write the PDF work plan for sign-off",
        "The plan is saved in p.toml.",
        "hostplan plan show p.toml",
    ] {
        assert!(out.contains(shown), "`{shown}` is missing:\n{out}");
    }
    assert!(
        !out.contains("configuration hand-over"),
        "no config for SaaS:\n{out}"
    );
}

#[test]
fn input_that_ends_half_way_leaves_the_plan_saved_and_resumable() {
    let dir = tempfile::tempdir().unwrap();
    let half = 20;
    let first: String = saas_lines(0)
        .lines()
        .take(half)
        .map(|l| format!("{l}\n"))
        .collect();
    let (code, out, _) = hostplan(dir.path(), &["ask", "p.toml"], &first);
    assert_eq!(code, 0);
    assert!(
        out.contains("Stopped. Every answer so far is saved in p.toml.\nTo carry on where you stopped: hostplan ask p.toml\n"),
        "{out}"
    );
    let text = std::fs::read_to_string(dir.path().join("p.toml")).unwrap();
    let next = SAAS_PATH[half].0;
    assert!(text.contains(&format!("resume_at = \"{next}\"")), "{text}");
    let rest = saas_lines(half) + "finish\n";
    let (code, out, err) = hostplan(dir.path(), &["ask", "p.toml"], &rest);
    assert_eq!(code, 0, "{err}");
    let q = primero();
    let prompt = &q.question(next).unwrap().prompt;
    assert!(
        out.contains("Carrying on in section ") && out.contains(prompt.as_str()),
        "{out}"
    );
    check_order(&out, half);
    let text = std::fs::read_to_string(dir.path().join("p.toml")).unwrap();
    check_saas_answers(&finished_plan(&text, &primero()));
}

#[test]
fn a_rejected_answer_is_explained_in_the_core_words_and_asked_again() {
    let dir = tempfile::tempdir().unwrap();
    let input = "Kalmaria\nMoSW\nCPIMS\n\n2027-02-30\n2027-03-01\n0\n";
    let (_, out, _) = hostplan(dir.path(), &["ask", "p.toml"], input);
    assert!(
        out.contains(
            "Answer: 2027-02-30\nNot accepted: `2027-02-30` is not a date written YYYY-MM-DD"
        ),
        "{out}"
    );
    assert!(
        out.contains("Answer: [3] 0\nNot accepted: 0 is below the minimum 1"),
        "{out}"
    );
    let text = std::fs::read_to_string(dir.path().join("p.toml")).unwrap();
    assert!(text.contains("start_date = \"2027-03-01\""), "{text}");
    assert!(text.contains("resume_at = \"duration_years\""), "{text}");
}

#[test]
fn a_broken_plan_is_reported_with_its_place_and_nothing_is_asked() {
    let dir = tempfile::tempdir().unwrap();
    let bad = "format = 1\nquestionnaire = \"primero\"\n\n[answers]\nexpected_records = \"many\"\n";
    std::fs::write(dir.path().join("p.toml"), bad).unwrap();
    let (code, out, err) = hostplan(dir.path(), &["ask", "p.toml"], "");
    assert_eq!(code, 1);
    assert!(
        err.contains("p.toml:5:20: error [expected_records]"),
        "{err}"
    );
    assert!(err.contains("then run `hostplan ask` on it again"), "{err}");
    assert!(!out.contains("Question 1"), "{out}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("p.toml")).unwrap(),
        bad
    );
}

#[test]
fn without_a_plan_the_demo_is_copied_into_the_plans_folder_and_its_results_shown() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = hostplan(dir.path(), &["ask"], "2\nfinish\n");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Which plan do you want to work on?"), "{out}");
    let plans: Vec<_> = std::fs::read_dir(dir.path().join("home/plans"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".toml"))
        .collect();
    assert_eq!(plans.len(), 1, "{plans:?}");
    assert!(plans[0].starts_with("demo-"), "{plans:?}");
    assert!(
        out.contains("Recommendation: Hybrid-local (Tier 4)"),
        "{out}"
    );
    assert!(out.contains("Servers to procure"), "{out}");
    assert!(out.contains("Write the configuration hand-over"), "{out}");

    // The next time, the most recent plan is offered first.
    let (_, out, _) = hostplan(dir.path(), &["ask"], "");
    let q = primero();
    let demo = finished_plan(hostplan::core::builtin::DEMO_PLAN, &q);
    let progress = hostplan::core::flow::section_progress(&q, &demo);
    let (_, applies) = hostplan::core::flow::sections_done(&progress);
    assert!(
        out.contains(&format!(
            "1. Carry on with the most recent plan, {}, {applies} of {applies} sections done",
            plans[0]
        )),
        "{out}"
    );
}

#[test]
fn exports_are_offered_and_their_report_shown() {
    let dir = tempfile::tempdir().unwrap();
    let input = saas_lines(0) + "1\n\nfinish\n";
    let (_, out, _) = hostplan(dir.path(), &["ask", "p.toml"], &input);
    assert!(out.contains("What next?\n  1. Write the PDF work plan for sign-off\n  2. Go back to the last question\n  3. Go through every question again from the first\n  4. Finish\nYour choice [1]: 1\nWrite the PDF to: [p-work-plan.pdf]"), "{out}");
    assert!(
        out.contains("\nWrote p-work-plan.pdf\n"),
        "the export says what it did:\n{out}"
    );
    let pdf = std::fs::read(dir.path().join("p-work-plan.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"), "a PDF is written");
}

#[test]
fn the_plain_flag_and_a_dumb_terminal_start_ask_instead_of_the_wizard() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = hostplan(dir.path(), &["--plain"], "");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Which plan do you want to work on?"), "{out}");
    let (code, out, err) = hostplan_with(dir.path(), &[], "", &[("TERM", "dumb")]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Which plan do you want to work on?"), "{out}");
}

#[test]
fn the_look_flags_work_before_or_after_the_commands_that_use_them() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["--theme", "high-contrast", "ask", "p.toml"][..],
        &["--no-color", "ask", "p.toml"],
        &["ask", "--theme", "high-contrast", "--no-color", "p.toml"],
        &["wizard", "--no-color", "--plain", "p.toml"],
        &["--theme", "high-contrast", "wizard", "--plain", "p.toml"],
        &["--plain", "--no-color"],
    ] {
        let (code, out, err) = hostplan(dir.path(), args, "");
        assert_eq!(code, 0, "{args:?}: {err}");
        let asked = out.contains("How to answer") || out.contains("Which plan");
        assert!(asked, "{args:?}: {out}");
    }
}

#[test]
fn a_required_question_left_open_is_offered_again_at_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let skipped = SAAS_PATH
        .iter()
        .position(|(id, _)| *id == "tou_signatory_name")
        .unwrap();
    let mut lines: Vec<String> = saas_lines(0).lines().map(String::from).collect();
    lines[skipped] = String::new();
    let input = lines.join("\n") + "\n1\nAmina Diallo\nfinish\n";
    let (code, out, err) = hostplan(dir.path(), &["ask", "p.toml"], &input);
    assert_eq!(code, 0, "{err}");
    for shown in [
        "This question is required: the plan can be explored without it, but not exported.",
        "Required questions still open: 1. These results may change",
        "  1. Answer the required questions still open (1)\n",
    ] {
        assert!(out.contains(shown), "`{shown}` is missing:\n{out}");
    }
    let (_, after) = out
        .split_once("Answer the required questions still open")
        .unwrap();
    let q = primero();
    let prompt = &q.question("tou_signatory_name").unwrap().prompt;
    assert!(after.contains(prompt.as_str()), "{after}");
    assert!(after.contains("Recorded: Amina Diallo"), "{after}");
    assert!(
        after.contains("  1. Write the PDF work plan for sign-off"),
        "{after}"
    );
    let text = std::fs::read_to_string(dir.path().join("p.toml")).unwrap();
    check_saas_answers(&finished_plan(&text, &primero()));
}
