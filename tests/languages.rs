//! The questionnaire and its companion data in other languages: every text under a key of
//! ids, plans that stay the same whatever language they are answered or read in, and
//! translation files checked line by line (docs/languages.md).

use crate::common::place_of;
use crate::saas::{SAAS_PATH, check_saas_answers, finished_plan, primero};
use hostplan::core::builtin::QUESTIONNAIRES;
use hostplan::core::model::{COMPANION_FILES, Companions, Model};
use hostplan::core::questionnaire;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;

// --- The keys ----------------------------------------------------------------------------

fn shipped_model() -> Model {
    Model::load(primero(), &Companions::builtin())
        .expect("the shipped data is valid")
        .0
}

fn texts_by_key(model: &Model) -> BTreeMap<String, String> {
    model.texts().into_iter().collect()
}

#[test]
fn every_key_is_unique_and_made_of_ids() {
    let texts = shipped_model().texts();
    let keys: BTreeSet<&str> = texts.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys.len(), texts.len(), "a key is visited twice");
    let snake = |part: &str| {
        part.starts_with(|c: char| c.is_ascii_lowercase())
            && part
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    };
    for key in &keys {
        assert!(key.split('.').all(snake), "`{key}` is not a key of ids");
    }
    // A key names the part by ids, as docs/languages.md shows.
    let by_key = texts_by_key(&shipped_model());
    let expect = [
        (
            "questionnaire.title",
            "Hosting plan for Primero v2 and OpenFn",
        ),
        ("sections.budget.title", "Budget"),
        (
            "questions.country.prompt",
            "In which country will Primero be used?",
        ),
        ("questions.rollout_scope.options.pilot.label", "Pilot"),
        ("questions.duration_years.unit", "years"),
        ("capacity_areas.docker.title", "Docker"),
        (
            "decision.rules.prefers_saas.reason",
            "The team leans towards UNICEF-hosted SaaS.",
        ),
        (
            "responsibilities.legend.n_a.meaning",
            "Not applicable: the activity does not arise under this hosting option.",
        ),
        (
            "responsibilities.support_levels.level_1.title",
            "User support",
        ),
        (
            "responsibilities.parties.data_owner.name_from",
            "{answer} (data owner)",
        ),
        (
            "workplan.tasks.kickoff.title",
            "Planning workshop: agree the hosting option and this work plan",
        ),
        ("checklists.milestones.ongoing.title", "Ongoing"),
        (
            "checklists.primero_security.items.audit_trails.title",
            "Audit trails and logging",
        ),
    ];
    for (key, text) in expect {
        assert_eq!(by_key.get(key).map(String::as_str), Some(text), "{key}");
    }
    for key in [
        "decision.mitigations.postgresql_managed.gap",
        "decision.mitigations.postgresql.gap",
        "decision.capacity.tier4.needs",
        "decision.texts.all_blocked",
        "workplan.os.title.tier4",
        "workplan.gaps.title",
        "checklists.openfn_security.items.run_data_retention.open_when.hosted_abroad.reason",
        "checklists.contexts.openfn.title",
    ] {
        assert!(by_key.contains_key(key), "{key}");
    }
}

/// Each array of tables in `value` at these dotted paths (`*` for any key) in reverse.
fn reverse(value: &mut toml::Value, path: &[&str]) {
    let Some((first, rest)) = path.split_first() else {
        if let toml::Value::Array(items) = value {
            items.reverse();
        }
        return;
    };
    match value {
        toml::Value::Table(t) => {
            for (k, v) in t.iter_mut() {
                if *first == "*" || k == first {
                    reverse(v, rest);
                }
            }
        }
        toml::Value::Array(items) if *first == "*" => {
            items.iter_mut().for_each(|v| reverse(v, rest));
        }
        _ => {}
    }
}

fn reversed(text: &str, paths: &[&[&str]]) -> String {
    let mut value: toml::Value = toml::from_str(text).unwrap();
    for path in paths {
        reverse(&mut value, path);
    }
    toml::to_string(&value).unwrap()
}

/// Moving things around in the data changes no key: keys are made of ids, not places.
#[test]
fn keys_do_not_move_when_the_data_is_reordered() {
    let q_text = reversed(
        QUESTIONNAIRES[0].1,
        &[
            &["capacity_areas"],
            &["sections", "*", "questions", "*", "options"],
        ],
    );
    let q = questionnaire::parse(hostplan::base::diag::Source::new("q.toml", &q_text))
        .expect("the reordered questionnaire reads")
        .0;
    let c = Companions::builtin();
    let moved =
        |pair: &(String, String), paths: &[&[&str]]| (pair.0.clone(), reversed(&pair.1, paths));
    let companions = Companions {
        decision: moved(&c.decision, &[&["rules"], &["mitigations"]]),
        responsibilities: moved(
            &c.responsibilities,
            &[
                &["legend"],
                &["support_levels"],
                &["parties"],
                &["groups"],
                &["activities"],
            ],
        ),
        workplan: moved(&c.workplan, &[&["phases"], &["tasks"]]),
        checklists: moved(
            &c.checklists,
            &[
                &["milestones"],
                &["openfn_security", "items"],
                &["ncsc", "items"],
            ],
        ),
        costs: c.costs.clone(),
    };
    let model = Model::load(q, &companions)
        .unwrap_or_else(|p| panic!("the reordered data reads: {p:#?}"))
        .0;
    let (before, after) = (shipped_model().texts(), model.texts());
    assert_ne!(
        before.iter().map(|(k, _)| k).collect::<Vec<_>>(),
        after.iter().map(|(k, _)| k).collect::<Vec<_>>(),
        "the order changed"
    );
    assert_eq!(texts_by_key(&shipped_model()), texts_by_key(&model));
}

/// Where a string of the data files stands: its key, or its parent's when the key is a
/// hosting option (`title.tier4`), so each string has a field name.
fn field_of(path: &[String]) -> &str {
    let options = ["saas", "tier4", "local"];
    let mut names = path.iter().rev().filter(|p| !p.starts_with('#'));
    let last = names.next().map_or("", String::as_str);
    if options.contains(&last) {
        names.next().map_or(last, String::as_str)
    } else {
        last
    }
}

/// Fields whose strings a person reads: each must be among the texts the walk visits.
#[rustfmt::skip]
const TEXT_FIELDS: &[&str] = &[
    "title", "description", "intro", "prompt", "help", "unit", "label", "explain",
    "reason", "warning", "needs", "text", "meaning", "name", "short", "what", "timing",
    "capacity_reason", "capacity_unknown", "all_blocked",
];

/// Fields whose strings are ids, conditions, dates or codes: never translated.
#[rustfmt::skip]
const NOT_TEXT_FIELDS: &[&str] = &[
    "id", "version", "kind", "min", "max", "default", "value_check", "capacity",
    "question", "equals", "one_of", "condition", "area", "owner", "activity", "phase",
    "after", "before", "options", "due", "planned_by", "code", "stand_in",
    "stand_in_phases", "party", "task", "named_by", "years_question", "block",
    "applies_when", "falls_on", "released", "support_ends", "folds_into", "gap", "partly",
    "group", "replaces",
];

/// Tables of conditions and letters: nothing under them is read as a text.
#[rustfmt::skip]
const NOT_TEXT_TABLES: &[&str] = &[
    "when", "show_if", "conditions", "raci", "done_when", "planned_when", "not_needed_when",
    "scale",
];

/// Every string of a TOML value with its path; array items are `#N`.
fn strings(value: &toml::Value, path: &mut Vec<String>, out: &mut Vec<(Vec<String>, String)>) {
    match value {
        toml::Value::String(s) => out.push((path.clone(), s.clone())),
        toml::Value::Table(t) => {
            for (k, v) in t {
                if NOT_TEXT_TABLES.contains(&k.as_str()) {
                    continue;
                }
                path.push(k.clone());
                strings(v, path, out);
                path.pop();
            }
        }
        toml::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                path.push(format!("#{i}"));
                strings(v, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

/// A text field added to the data without a key in the walk fails here: every string of
/// the shipped files is either a text the walk visits or named as something else.
#[test]
fn every_text_of_the_data_files_is_visited() {
    let visited: BTreeSet<String> = shipped_model()
        .texts()
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    let c = Companions::builtin();
    let files = [
        (QUESTIONNAIRES[0].0, QUESTIONNAIRES[0].1),
        (c.decision.0.as_str(), c.decision.1.as_str()),
        (c.responsibilities.0.as_str(), c.responsibilities.1.as_str()),
        (c.workplan.0.as_str(), c.workplan.1.as_str()),
        (c.checklists.0.as_str(), c.checklists.1.as_str()),
    ];
    let mut checked = 0;
    for (origin, text) in files {
        let value: toml::Value = toml::from_str(text).unwrap();
        let mut found = Vec::new();
        strings(&value, &mut Vec::new(), &mut found);
        for (path, s) in found {
            let field = field_of(&path);
            let where_ = format!("{origin}: {}", path.join("."));
            if TEXT_FIELDS.contains(&field) {
                assert!(visited.contains(&s), "{where_} is read but has no key: {s}");
                checked += 1;
            } else {
                assert!(
                    NOT_TEXT_FIELDS.contains(&field),
                    "{where_}: is `{field}` read by people? Give it a key in the walk and add it \
                     to TEXT_FIELDS, or add it to NOT_TEXT_FIELDS"
                );
            }
        }
    }
    assert!(checked > 800, "only {checked} texts were found");
}

// --- The command line ----------------------------------------------------------------------

/// Runs hostplan in `dir`, with no language from the environment; (exit code, out, err).
fn run(dir: &Path, args: &[&str], input: Option<&str>) -> (i32, String, String) {
    let mut child = crate::common::bin()
        .args(args)
        .current_dir(dir)
        .env("HOSTPLAN_HOME", dir.join("home"))
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .env_remove("LANGUAGE")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hostplan runs");
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(input.unwrap_or("").as_bytes()).unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The SaaS path as typed lines: option ids, typed text, Enter.
fn saas_lines() -> String {
    use crate::saas::Give;
    SAAS_PATH
        .iter()
        .map(|(_, give)| match give {
            Give::Type(t) => format!("{t}\n"),
            Give::Pick { id, .. } => format!("{id}\n"),
            Give::Enter => "\n".to_string(),
        })
        .collect()
}

/// The `[answers]` table of a plan file: what the plan says, whatever its comments.
fn answers_of(plan: &str) -> toml::Table {
    let value: toml::Table = toml::from_str(plan).unwrap();
    value["answers"].as_table().unwrap().clone()
}

/// `plan show --json` without its texts: ids, statuses, dates and numbers, which no
/// language changes.
fn neutral(value: &serde_json::Value) -> serde_json::Value {
    const TEXTS: &[&str] = &[
        "title",
        "label",
        "text",
        "reason",
        "note",
        "description",
        "name",
        "short",
        "meaning",
        "role",
        "what",
        "timing",
        "owner_name",
        "needs",
        "intro",
    ];
    match value {
        serde_json::Value::Object(map) => map
            .iter()
            .filter(|(k, _)| !TEXTS.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), neutral(v)))
            .collect(),
        serde_json::Value::Array(items) => items.iter().map(neutral).collect(),
        other => other.clone(),
    }
}

#[test]
fn a_plan_answered_in_french_is_the_plan_answered_in_english() {
    let dir = tempfile::tempdir().unwrap();
    let mut plans = Vec::new();
    for (lang, file) in [("en", "en.toml"), ("fr", "fr.toml")] {
        let (code, out, err) = run(
            dir.path(),
            &["--lang", lang, "ask", file],
            Some(&saas_lines()),
        );
        assert!(code == 0 || code == 130, "{lang}: {code}\n{out}\n{err}");
        let text = std::fs::read_to_string(dir.path().join(file)).unwrap();
        check_saas_answers(&finished_plan(&text, &primero()));
        plans.push(text);
    }
    assert_eq!(answers_of(&plans[0]), answers_of(&plans[1]));
    // Answers typed as free text stay as typed, in any language.
    assert!(
        plans[1].contains("tou_signatory_name = \"Amina Diallo\""),
        "{}",
        plans[1]
    );

    // The plan answered in French reads the same in any language, as JSON...
    let json = |lang: &str, file: &str| {
        let (code, out, err) = run(
            dir.path(),
            &["--lang", lang, "plan", "show", "--json", file],
            None,
        );
        assert_eq!(code, 0, "{err}");
        serde_json::from_str::<serde_json::Value>(&out).unwrap()
    };
    let english = json("en", "fr.toml");
    for lang in ["fr", "es", "pt", "ar"] {
        let other = json(lang, "fr.toml");
        assert_eq!(neutral(&english), neutral(&other), "{lang}");
        assert_eq!(english["plan"], other["plan"], "{lang}");
    }
    assert_eq!(
        english["plan"]["answers_hash"],
        json("en", "en.toml")["plan"]["answers_hash"]
    );
    // ...while its texts come in the language asked for.
    let (_, fr, _) = run(
        dir.path(),
        &["--lang", "fr", "plan", "show", "fr.toml"],
        None,
    );
    assert!(
        fr.starts_with("Plan d'hébergement de Primero v2 et d'OpenFn (fr.toml)"),
        "{fr}"
    );
    assert!(fr.contains("\nContexte du programme ("), "{fr}");
    let (_, en, _) = run(
        dir.path(),
        &["--lang", "en", "plan", "show", "fr.toml"],
        None,
    );
    assert!(
        en.starts_with("Hosting plan for Primero v2 and OpenFn (fr.toml)"),
        "{en}"
    );
    assert!(en.contains("\nProgramme context ("), "{en}");
}

/// A copy of the shipped questionnaires folder: primero.toml, its companion files and its
/// translations.
fn copy_questionnaires(into: &Path) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("questionnaires");
    let to = into.join("questionnaires");
    std::fs::create_dir_all(to.join("primero/lang")).unwrap();
    std::fs::copy(root.join("primero.toml"), to.join("primero.toml")).unwrap();
    for name in COMPANION_FILES {
        std::fs::copy(
            root.join("primero").join(name),
            to.join("primero").join(name),
        )
        .unwrap();
    }
    for entry in std::fs::read_dir(root.join("primero/lang")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(
            &path,
            to.join("primero/lang").join(path.file_name().unwrap()),
        )
        .unwrap();
    }
    to
}

fn edit(path: &Path, from: &str, to: &str) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} is not in {}", path.display());
    let edited = text.replacen(from, to, 1);
    std::fs::write(path, &edited).unwrap();
    edited
}

/// The "Must show": a missing French text, an extra Spanish one and a Portuguese
/// text whose placeholder differs from English, each at its file and line.
#[test]
fn check_places_a_missing_an_extra_and_a_changed_placeholder() {
    let dir = tempfile::tempdir().unwrap();
    let q = copy_questionnaires(dir.path());
    let lang = q.join("primero/lang");
    let fr = edit(
        &lang.join("fr.toml"),
        &format!("{}\n", first_title(&lang.join("fr.toml"))),
        "",
    );
    let es = edit(
        &lang.join("es.toml"),
        "[questionnaire]\n",
        "[questionnaire]\ntitulo = \"Plan de alojamiento\"\n",
    );
    let pt_needs = line_starting(
        &lang.join("pt.toml"),
        "[decision.capacity.tier4]",
        "needs = ",
    );
    let pt = edit(
        &lang.join("pt.toml"),
        &pt_needs,
        "needs = \"O Tier 4 pede cerca de {nivel}.\"",
    );
    let (code, out, err) = run(
        dir.path(),
        &[
            "--questionnaires",
            "questionnaires",
            "questionnaire",
            "check",
        ],
        None,
    );
    assert_eq!(code, 1, "{out}\n{err}");
    // Each at the line and column of what it is about: the table a missing text belongs
    // in, the value of the text that is wrong.
    let at = |file: &str, text: &str, needle: &str| {
        let (line, column) = place_of(text, needle);
        format!("questionnaires/primero/lang/{file}:{line}:{column}:")
    };
    let missing = format!(
        "{} warning [questionnaire.title]: `questionnaire.title` is not translated into `fr` yet",
        at("fr.toml", &fr, "questionnaire]")
    );
    let extra = format!(
        "{} error [questionnaire.titulo]: `questionnaire.titulo` matches no English text",
        at("es.toml", &es, "\"Plan de alojamiento\"")
    );
    let placeholder = format!(
        "{} error [decision.capacity.tier4.needs]: `decision.capacity.tier4.needs` has the \
         placeholders {{nivel}} where the English text has {{pivot}}",
        at("pt.toml", &pt, "\"O Tier 4")
    );
    for wanted in [&missing, &extra, &placeholder] {
        let found = err
            .lines()
            .any(|l| l.replace('\\', "/").starts_with(wanted.as_str()));
        assert!(found, "no line starting `{wanted}` in:\n{err}");
    }
    assert!(
        err.contains("help: did you mean `questionnaire.title`?"),
        "{err}"
    );

    // The translation whose placeholder differs is not used: the English shows instead.
    let args = [
        "--questionnaires",
        "questionnaires",
        "--lang",
        "pt",
        "plan",
        "show",
        "--demo",
    ];
    let (_, shown, _) = run(dir.path(), &args, None);
    assert!(shown.contains("Tier 4 asks for about 60%"), "{shown}");
    assert!(
        !shown.contains("{nivel}") && !shown.contains("O Tier 4 pede"),
        "{shown}"
    );
    assert!(
        shown.starts_with("Plano de alojamento do Primero v2 e do OpenFn"),
        "{shown}"
    );
}

#[test]
fn a_file_for_a_language_hostplan_does_not_speak_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let q = copy_questionnaires(dir.path());
    std::fs::write(
        q.join("primero/lang/de.toml"),
        "[questionnaire]\ntitle = \"Plan\"\n",
    )
    .unwrap();
    let (code, _, err) = run(
        dir.path(),
        &[
            "--questionnaires",
            "questionnaires",
            "questionnaire",
            "check",
        ],
        None,
    );
    assert_eq!(code, 1, "{err}");
    let line = err
        .lines()
        .find(|l| l.contains("de.toml"))
        .unwrap_or_else(|| panic!("de.toml is not reported:\n{err}"));
    assert!(
        line.contains("error: hostplan does not speak `de`"),
        "{line}"
    );
    assert!(
        err.contains("help: name the file after a language code hostplan speaks: fr, es, pt, ar"),
        "{err}"
    );
}

#[test]
fn a_questionnaire_without_translations_is_not_told_about_them() {
    let dir = tempfile::tempdir().unwrap();
    let mini = crate::common::MINI;
    std::fs::create_dir(dir.path().join("q")).unwrap();
    std::fs::write(dir.path().join("q/mini.toml"), mini).unwrap();
    let (code, out, err) = run(
        dir.path(),
        &["--questionnaires", "q", "questionnaire", "check"],
        None,
    );
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("q/mini/lang"), "{err}");
    assert!(out.contains("mini 0.1"), "{out}");
}

/// The first `title = ...` line of a translation file: the questionnaire's title.
fn first_title(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .find(|l| l.starts_with("title = "))
        .unwrap()
        .to_string()
}

/// The first line starting with `start` after the line `table`.
fn line_starting(path: &Path, table: &str, start: &str) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let after = text.split_once(&format!("{table}\n")).unwrap().1;
    after
        .lines()
        .find(|l| l.starts_with(start))
        .unwrap()
        .to_string()
}

/// Only the problems of one translation file.
fn problems_of<'a>(err: &'a str, file: &str) -> Vec<&'a str> {
    err.lines()
        .filter(|l| {
            l.replace('\\', "/")
                .contains(&format!("primero/lang/{file}"))
        })
        .collect()
}

#[test]
fn texts_print_a_complete_translation_that_reads_back_without_problems() {
    let dir = tempfile::tempdir().unwrap();
    let q = copy_questionnaires(dir.path());
    let (code, english, err) = run(dir.path(), &["questionnaire", "texts"], None);
    assert_eq!(code, 0, "{err}");
    assert!(
        english.contains(
            "\n[questions.country]\nprompt = \"In which country will Primero be used?\"\n"
        ),
        "{english}"
    );
    // Saved as a language's file, it is complete: nothing missing, nothing extra.
    std::fs::write(q.join("primero/lang/es.toml"), &english).unwrap();

    // The French so far, merged with what is missing: a translated text has the English
    // above it; a missing one is English, marked. One text is taken out to be missing.
    let fr_file = q.join("primero/lang/fr.toml");
    let fr_title = first_title(&fr_file);
    let country = line_starting(&fr_file, "[questions.country]", "prompt = ");
    edit(&fr_file, &format!("{country}\n"), "");
    let args = [
        "--questionnaires",
        "questionnaires",
        "--lang",
        "fr",
        "questionnaire",
        "texts",
    ];
    let (code, french, err) = run(dir.path(), &args, None);
    assert_eq!(code, 0, "{err}");
    assert!(
        french.contains(&format!(
            "[questionnaire]\n# Hosting plan for Primero v2 and OpenFn\n{fr_title}\n"
        )),
        "{french}"
    );
    assert!(
        french.contains("[questions.country]\n# pas encore traduit\nprompt = \"In which country will Primero be used?\"\n"),
        "{french}"
    );
    std::fs::write(q.join("primero/lang/fr.toml"), &french).unwrap();

    let (_, _, err) = run(
        dir.path(),
        &[
            "--questionnaires",
            "questionnaires",
            "questionnaire",
            "check",
        ],
        None,
    );
    assert_eq!(problems_of(&err, "es.toml"), Vec::<&str>::new(), "{err}");
    assert_eq!(problems_of(&err, "fr.toml"), Vec::<&str>::new(), "{err}");
    assert_eq!(problems_of(&err, "pt.toml"), Vec::<&str>::new(), "{err}");

    // Every text the English file holds is the model's, under the same key.
    let english_texts: Vec<(String, String)> = shipped_model().texts();
    let read: toml::Value = toml::from_str(&english).unwrap();
    let lookup = |key: &str| -> Option<String> {
        let mut v = &read;
        for part in key.split('.') {
            v = v.as_table()?.get(part)?;
        }
        v.as_str().map(str::to_string)
    };
    for (key, text) in &english_texts {
        assert_eq!(lookup(key).as_deref(), Some(text.as_str()), "{key}");
    }
}

/// The shipped translations are complete: the check finds nothing in them.
#[test]
fn the_shipped_translations_pass_the_check() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = run(dir.path(), &["questionnaire", "check"], None);
    assert_eq!(code, 0, "{out}\n{err}");
    for file in ["fr.toml", "es.toml", "pt.toml", "ar.toml"] {
        assert_eq!(problems_of(&err, file), Vec::<&str>::new(), "{file}");
    }
}

#[test]
fn the_seed_title_shows_in_each_language() {
    let dir = tempfile::tempdir().unwrap();
    for (lang, title) in [
        ("fr", "Plan d'hébergement de Primero v2 et d'OpenFn"),
        ("es", "Plan de alojamiento de Primero v2 y OpenFn"),
        ("pt", "Plano de alojamento do Primero v2 e do OpenFn"),
        ("ar", "خطة استضافة Primero v2 وOpenFn"),
    ] {
        let (code, out, err) = run(
            dir.path(),
            &["--lang", lang, "plan", "show", "--demo"],
            None,
        );
        assert_eq!(code, 0, "{err}");
        assert!(out.starts_with(title), "{lang}: {out}");
    }
}

/// The companion data with `from` replaced by `to` in one file, read with the rest.
fn load_edited(file: &str, from: &str, to: &str) -> (String, Vec<hostplan::base::diag::Problem>) {
    let mut c = Companions::builtin();
    let pair = match file {
        "decision" => &mut c.decision,
        "workplan" => &mut c.workplan,
        _ => &mut c.checklists,
    };
    assert!(pair.1.contains(from), "{from}");
    pair.1 = pair.1.replacen(from, to, 1);
    let text = pair.1.clone();
    match Model::load(primero(), &c) {
        Ok(_) => panic!("{file} with `{to}` loads"),
        Err(problems) => (text, problems),
    }
}

/// Keys need ids: a text that would otherwise be known only by its place must have one.
#[test]
fn texts_without_an_id_of_their_own_are_refused() {
    let (text, p) = load_edited("decision", "id = \"postgresql_managed\"\n", "");
    let e = crate::common::find(&p, Some("postgresql"), "with `when` has no `id`");
    let area = crate::common::line_of(&text, "area = \"postgresql\"\nwhen");
    assert_eq!(e.line, area + 1, "at its `when`");
    let (_, p) = load_edited(
        "decision",
        "id = \"postgresql_managed\"",
        "id = \"postgresql\"",
    );
    crate::common::find(
        &p,
        Some("postgresql"),
        "mitigation id `postgresql` is used twice",
    );
    let (text, p) = load_edited("checklists", "{ id = \"hosted_abroad\", when", "{ when");
    let e = crate::common::find(&p, Some("run_data_retention"), "the rule has no `id`");
    assert_eq!(
        e.line,
        crate::common::line_of(&text, "{ when = [\n    { question = \"data_residency\"")
    );
    let (_, p) = load_edited(
        "workplan",
        "id = \"procurement\"\ntitle = \"Procurement and contracts\"",
        "id = \"governance\"\ntitle = \"Procurement and contracts\"",
    );
    crate::common::find(
        &p,
        Some("governance"),
        "phase id `governance` is used twice",
    );
    let (_, p) = load_edited("workplan", "id = \"kickoff\"", "id = \"Kick-off\"");
    crate::common::find(&p, Some("Kick-off"), "id `Kick-off` is not snake_case");
}
