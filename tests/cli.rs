//! The `hostplan` command as a user runs it.

use hostplan::core::builtin::Catalog;
use std::path::Path;
use std::process::Output;

fn hostplan(args: &[&str], dir: &Path) -> Output {
    crate::common::bin()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("hostplan runs")
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn shipped() -> String {
    hostplan::core::builtin::QUESTIONNAIRES[0].1.to_string()
}

#[test]
fn help_lists_the_commands() {
    let dir = tempfile::tempdir().unwrap();
    let o = hostplan(&["--help"], dir.path());
    let (out, _) = text(&o);
    assert!(o.status.success());
    assert!(
        out.contains("questionnaire  Check questionnaire files"),
        "{out}"
    );
    assert!(
        out.contains("plan           Create, check and read plan files"),
        "{out}"
    );
    let (out, _) = text(&hostplan(&["plan", "--help"], dir.path()));
    for sub in ["new", "validate", "show"] {
        assert!(out.contains(&format!("  {sub} ")), "{out}");
    }
}

/// The options a command's `--help` lists.
fn options_in_help(args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let o = hostplan(args, dir.path());
    assert!(o.status.success(), "{args:?}: {:?}", text(&o));
    text(&o).0
}

#[test]
fn each_command_lists_only_the_options_that_apply_to_it() {
    for command in [
        &["size", "--help"][..],
        &["export", "--help"],
        &["check", "--help"],
        &["plan", "new", "--help"],
        &["plan", "--help"],
        &["questionnaire", "--help"],
    ] {
        let help = options_in_help(command);
        for flag in ["--theme", "--plain", "--no-color"] {
            assert!(!help.contains(flag), "{command:?} lists {flag}:\n{help}");
        }
    }
    let help = options_in_help(&["size", "--help"]);
    assert!(!help.contains("--questionnaires"), "{help}");
    let help = options_in_help(&["ask", "--help"]);
    assert!(
        help.contains("--theme") && help.contains("--no-color"),
        "{help}"
    );
    assert!(
        !help.contains("--plain"),
        "ask is line by line already:\n{help}"
    );
    let help = options_in_help(&["wizard", "--help"]);
    for flag in ["--theme", "--plain", "--no-color"] {
        assert!(help.contains(flag), "{help}");
    }
    // With no command, hostplan is the wizard.
    let help = options_in_help(&["--help"]);
    for flag in ["--theme", "--plain", "--no-color"] {
        assert!(help.contains(flag), "{help}");
    }
}

#[test]
fn a_look_flag_before_a_command_it_changes_nothing_in_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (args, flag, command) in [
        (
            &[
                "--theme",
                "high-contrast",
                "size",
                "--records",
                "1",
                "--users",
                "1",
            ][..],
            "--theme",
            "size",
        ),
        (
            &["--no-color", "plan", "validate", "--demo"],
            "--no-color",
            "plan",
        ),
        (&["--plain", "ask", "--demo"], "--plain", "ask"),
        (
            &["--plain", "export", "--demo", "--pdf", "p.pdf"],
            "--plain",
            "export",
        ),
    ] {
        let o = hostplan(args, dir.path());
        let (out, err) = text(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {out}{err}");
        assert!(
            err.starts_with(&format!(
                "error: `{flag}` changes nothing in `hostplan {command}`; it goes with the wizard (`hostplan` alone, or `hostplan wizard`)"
            )),
            "{args:?}: {err}"
        );
        assert!(out.is_empty(), "nothing is done: {out}");
    }
    assert!(!dir.path().join("p.pdf").exists());
    // `size` never read questionnaires; naming a folder there is still accepted.
    let o = hostplan(
        &[
            "size",
            "--questionnaires",
            ".",
            "--records",
            "1",
            "--users",
            "1",
        ],
        dir.path(),
    );
    assert!(o.status.success(), "{:?}", text(&o));
}

#[test]
fn shipped_questionnaires_pass_the_check_from_any_folder() {
    let dir = tempfile::tempdir().unwrap();
    let o = hostplan(&["questionnaire", "check"], dir.path());
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    assert_eq!(out.lines().count(), 1, "one summary line: {out}");
    assert!(
        out.starts_with("checked 1 questionnaire file: primero 1.0.0 ("),
        "{out}"
    );
    assert!(
        out.trim_end()
            .ends_with("capacity areas, decision data); no problems"),
        "{out}"
    );
}

#[test]
fn broken_copy_fails_with_located_messages() {
    let dir = tempfile::tempdir().unwrap();
    let broken = shipped()
        .replacen("kind = \"integer\"", "kind = \"integr\"", 1)
        .replacen("id = \"organisation\"", "id = \"country\"", 1);
    std::fs::write(dir.path().join("primero.toml"), &broken).unwrap();
    let o = hostplan(&["questionnaire", "check", "primero.toml"], dir.path());
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let line_of = |needle: &str| broken[..broken.find(needle).unwrap()].matches('\n').count() + 1;
    let kind_line = line_of("kind = \"integr\"");
    assert!(
        err.contains(&format!("primero.toml:{kind_line}:8: error [")),
        "{err}"
    );
    assert!(
        err.contains("unknown kind `integr`\n  help: did you mean `integer`?"),
        "{err}"
    );
    assert!(
        err.contains("error [country]: question id `country` is already used on line"),
        "{err}"
    );
    assert!(
        err.contains("checked 1 questionnaire file: 2 errors"),
        "{err}"
    );

    // The same broken copy used with --questionnaires stops other commands with a pointer.
    let o = hostplan(
        &["--questionnaires", ".", "plan", "show", "--demo"],
        dir.path(),
    );
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(err.contains("fix them first"), "{err}");
}

#[test]
fn edited_copy_is_used_with_questionnaires_dir() {
    let dir = tempfile::tempdir().unwrap();
    let q = Catalog::builtin().unwrap();
    let first = &q.questionnaires[0].sections[0];
    let edited = shipped().replacen(
        &format!("title = \"{}\"", first.title),
        "title = \"Contexte du programme\"",
        1,
    );
    assert_ne!(
        edited,
        shipped(),
        "the first section title is written as a plain string"
    );
    std::fs::create_dir(dir.path().join("q")).unwrap();
    std::fs::write(dir.path().join("q/primero.toml"), edited).unwrap();
    let (out, err) = text(&hostplan(
        &["--questionnaires", "q", "plan", "show", "--demo"],
        dir.path(),
    ));
    assert!(out.contains("\nContexte du programme ("), "{out}{err}");
}

#[test]
fn demo_plan_written_then_validated() {
    let dir = tempfile::tempdir().unwrap();
    let o = hostplan(&["plan", "new", "--demo", "p.toml"], dir.path());
    assert!(o.status.success(), "{:?}", text(&o));
    let o = hostplan(&["plan", "validate", "p.toml"], dir.path());
    let (out, err) = text(&o);
    assert!(o.status.success(), "{out}{err}");
    assert!(
        out.contains("p.toml: valid;") && out.contains("every required question is answered"),
        "{out}"
    );
    assert!(err.is_empty(), "the demo has no warnings: {err}");

    // A second `plan new` does not overwrite without --force.
    let o = hostplan(&["plan", "new", "--demo", "p.toml"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).1.contains("already exists"));
}

#[test]
fn three_unknown_keys_are_all_named() {
    let dir = tempfile::tempdir().unwrap();
    assert!(
        hostplan(&["plan", "new", "--demo", "p.toml"], dir.path())
            .status
            .success()
    );
    let path = dir.path().join("p.toml");
    let plan = std::fs::read_to_string(&path).unwrap();
    let added = plan.replacen(
        "[answers]\n",
        "[answers]\nexpected_record = 5\nbudjet = 3\nfavourite_colour = \"blue\"\n",
        1,
    );
    std::fs::write(&path, added).unwrap();
    let o = hostplan(&["plan", "validate", "p.toml"], dir.path());
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let answers_line = plan.lines().position(|l| l == "[answers]").unwrap() + 1;
    assert!(err.contains(&format!("p.toml:{}:1: error [expected_record]: `expected_record` is not a question of `primero`\n  help: did you mean `expected_records`?", answers_line + 1)), "{err}");
    assert!(
        err.contains(&format!("p.toml:{}:1: error [budjet]", answers_line + 2)),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "p.toml:{}:1: error [favourite_colour]",
            answers_line + 3
        )),
        "{err}"
    );
    assert!(err.contains("p.toml: 3 errors"), "{err}");
}

/// The template `plan new fresh.toml` writes in `dir`.
fn new_plan(dir: &Path) -> String {
    assert!(
        hostplan(&["plan", "new", "fresh.toml"], dir)
            .status
            .success()
    );
    std::fs::read_to_string(dir.join("fresh.toml")).unwrap()
}

#[test]
fn new_plan_is_a_template_to_fill_in() {
    let dir = tempfile::tempdir().unwrap();
    let written = new_plan(dir.path());
    assert!(written.contains("# expected_records = "), "{written}");
    let o = hostplan(&["plan", "validate", "--partial", "fresh.toml"], dir.path());
    assert!(o.status.success(), "{:?}", text(&o));
    let o = hostplan(&["plan", "validate", "fresh.toml"], dir.path());
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err.contains("error [country]: required question not answered"),
        "{err}"
    );
}

#[test]
fn new_plan_lists_every_question_of_the_questionnaire() {
    let dir = tempfile::tempdir().unwrap();
    let written = new_plan(dir.path());
    let cat = Catalog::builtin().unwrap();
    let q = &cat.questionnaires[0];
    let missing: Vec<&str> = q
        .question_ids()
        .into_iter()
        .filter(|id| !written.contains(&format!("\n# {id} = ")))
        .collect();
    assert!(missing.is_empty(), "not in the template: {missing:?}");
    // Each question asked only after some answers says when, just above its line.
    for question in q.questions().filter(|x| x.show_if.is_some()) {
        let line = format!("\n# {} = ", question.id);
        let before = &written[..written.find(&line).unwrap()];
        let last = before.rsplit('\n').next().unwrap();
        assert!(
            last.starts_with("# Asked only when "),
            "{}: {last}",
            question.id
        );
    }
    assert!(
        written.contains("# Asked only when openfn_used is yes or planned.\n"),
        "{written}"
    );
    assert!(!written.contains(", required)"), "{written}");
}

#[test]
fn show_prints_answers_by_section_for_people() {
    let dir = tempfile::tempdir().unwrap();
    let o = hostplan(&["plan", "show", "--demo"], dir.path());
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    let cat = Catalog::builtin().unwrap();
    for section in &cat.questionnaires[0].sections {
        if section.id != "config" || out.contains("Tier 4") {
            assert!(
                out.contains(&format!("\n{} (", section.title)),
                "missing section {}:\n{out}",
                section.title
            );
        }
    }
    assert!(out.contains("150,000 records"), "{out}");
    assert!(out.contains("Kalmaria"), "{out}");
}

#[test]
fn missing_plan_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let o = hostplan(&["plan", "validate", "nope.toml"], dir.path());
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err.starts_with("hostplan: nope.toml: error: cannot read it:"),
        "{err}"
    );
}

#[test]
fn show_gives_the_recommendation_gaps_and_milestones() {
    let dir = tempfile::tempdir().unwrap();
    let o = hostplan(&["plan", "show", "--demo"], dir.path());
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        out.contains("\nRecommendation: Hybrid-local (Tier 4)\n"),
        "{out}"
    );
    assert!(
        out.contains("(ruled out)\n       x Case data must stay in the country"),
        "{out}"
    );
    assert!(
        out.contains("\nCapacity gaps (5)\n  Disaster recovery (gap)\n"),
        "{out}"
    );
    assert!(
        out.contains("(owner: Technology vendor; outsource)"),
        "{out}"
    );
    assert!(
        out.contains("Milestones (work plan from 1 March 2027 to "),
        "{out}"
    );
    assert!(out.contains("Go-live with real case data"), "{out}");
    assert!(
        out.contains("\nServers to procure\n  Production application server"),
        "{out}"
    );
    assert!(
        out.contains("Managed PostgreSQL service") && out.contains("OpenFn Lightning application"),
        "{out}"
    );
    let analysis = out.find("Recommendation").unwrap();
    assert!(
        analysis < out.find("\nAnswers\n").unwrap(),
        "the summary comes before the answers"
    );
}

#[test]
fn check_covers_the_decision_data_of_an_edited_folder() {
    let dir = tempfile::tempdir().unwrap();
    let q = dir.path().join("q");
    std::fs::create_dir_all(q.join("primero")).unwrap();
    std::fs::write(q.join("primero.toml"), shipped()).unwrap();
    let rules = hostplan::core::decision::BUILTIN_RULES.replacen(
        "block = [\"saas\"]",
        "block = [\"tier3\"]",
        1,
    );
    std::fs::write(q.join("primero/decision.toml"), &rules).unwrap();
    let o = hostplan(
        &["--questionnaires", "q", "questionnaire", "check"],
        dir.path(),
    );
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let line = rules[..rules.find("\"tier3\"").unwrap()]
        .matches('\n')
        .count()
        + 1;
    let place = format!("q/primero/decision.toml:{line}:");
    assert!(
        err.contains(&place) && err.contains("`tier3` is not a hosting option"),
        "{err}"
    );
    // The edited rules are what `plan show` would use: it warns and shows answers only.
    let o = hostplan(
        &["--questionnaires", "q", "plan", "show", "--demo"],
        dir.path(),
    );
    assert!(text(&o).1.contains("showing the answers only"));
}

/// `hostplan plan show | head -1`: the reader goes away before the report is printed.
#[test]
fn a_report_whose_reader_goes_away_ends_without_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let reports: [&[&str]; 3] = [
        &["plan", "show", "--demo"],
        &["size", "--records", "150000", "--users", "300"],
        &["questionnaire", "check"],
    ];
    for args in reports {
        let mut child = crate::common::bin()
            .args(args)
            .current_dir(dir.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("hostplan runs");
        drop(child.stdout.take());
        let o = child.wait_with_output().unwrap();
        let (_, err) = text(&o);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_ne!(o.status.code(), Some(101), "{args:?}: {err}");
    }
}

/// The plan version `plan show` prints is the one on every page of the PDF.
#[test]
fn plan_show_prints_the_plan_version_of_the_pdf() {
    use hostplan::base::diag::Source;
    use hostplan::core::plan::{Completeness, Plan};
    let catalog = Catalog::builtin().unwrap();
    let (plan, _) = Plan::parse(
        Source::new("demo.toml", hostplan::core::builtin::DEMO_PLAN),
        |id| catalog.get(id),
        Completeness::Complete,
    )
    .unwrap();
    let (when, hash) = hostplan::export::pdf::plan_version(&plan);
    assert_eq!(when, "19 October 2026 14:12 UTC");
    let dir = tempfile::tempdir().unwrap();
    let (out, err) = text(&hostplan(&["plan", "show", "--demo"], dir.path()));
    let line = format!("Plan version {when}, answers {hash}\n");
    assert!(out.contains(&line), "{out}{err}");
}

/// `plan show --json` prints one JSON object and nothing else on standard output.
#[test]
fn plan_show_json_prints_the_analysis_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let o = hostplan(&["plan", "show", "--demo", "--json"], dir.path());
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    assert_eq!(v["schema_version"], hostplan::export::json::SCHEMA_VERSION);
    assert_eq!(v["recommendation"]["option"], "tier4");
    let tasks = v["work_plan"]["tasks"].as_array().unwrap();
    let go_live = tasks.iter().find(|t| t["id"] == "go_live").unwrap();
    assert_eq!(go_live["milestone"], true);
    assert_eq!(v["work_plan"]["start"], "2027-03-01");
    assert!(!out.contains("Recommendation:"), "no report text: {out}");
}
