//! Choosing a language from the outside: by option or locale, what the exports say about
//! it, and how a translation of the strings catalogue is checked against English.

use crate::common;
use std::path::Path;
use std::process::Output;

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// The demo's PDF made in `dir` with these options and locale variables, as text.
fn demo_pdf_text(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Option<String> {
    if !common::have_tool("pdftotext") {
        return None;
    }
    let pdf = dir.join("demo.pdf");
    let mut c = common::bin();
    c.args(args)
        .args(["export", "--demo", "--pdf"])
        .arg(&pdf)
        .env("SOURCE_DATE_EPOCH", "1790000000");
    for (k, v) in env {
        c.env(k, v);
    }
    let o = c.output().unwrap();
    assert!(o.status.success(), "{:?}", text(&o));
    Some(common::pdf_text(&pdf).replace('\u{a0}', " "))
}

#[test]
fn the_cover_names_the_language_chosen_by_option_or_locale() {
    let dir = tempfile::tempdir().unwrap();
    let Some(english) = demo_pdf_text(dir.path(), &[], &[]) else {
        return;
    };
    assert!(english.contains("English"), "{english}");
    let french = demo_pdf_text(dir.path(), &["--lang", "fr"], &[]).unwrap();
    assert!(french.contains("Français (French)"), "{french}");
    // The locale decides when no option is given, LC_ALL before LANG.
    let env = [("LANG", "fr_SN.UTF-8"), ("LC_ALL", "es_CO.UTF-8")];
    let spanish = demo_pdf_text(dir.path(), &[], &env).unwrap();
    assert!(spanish.contains("Español (Spanish)"), "{spanish}");
    // ...and the option before the locale.
    let env = [("LANG", "pt_MZ.UTF-8")];
    let chosen = demo_pdf_text(dir.path(), &["--lang", "en"], &env).unwrap();
    assert!(!chosen.contains("Português"), "{chosen}");
}

#[test]
fn an_unknown_language_is_refused_with_the_ones_there_are() {
    let dir = tempfile::tempdir().unwrap();
    let o = common::bin()
        .args(["--lang", "de", "size", "--records", "1000", "--users", "5"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("hostplan has no `de` language; use one of: en, fr, es, pt, ar"),
        "{err}"
    );
    // A locale hostplan does not speak is no error: English it is.
    let o = common::bin()
        .args(["size", "--records", "1000", "--users", "5"])
        .env("LANG", "de_DE.UTF-8")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{:?}", text(&o));
}

/// A copy of the English catalogue with French, Spanish and Portuguese translations of
/// `wizard.toml` that are English but for one planted fault each.
fn catalogue_with_faults(dir: &Path) {
    let english = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/strings");
    for entry in std::fs::read_dir(&english).unwrap().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|x| x == "toml") {
            std::fs::copy(&path, dir.join(entry.file_name())).unwrap();
        }
    }
    let wizard = std::fs::read_to_string(english.join("wizard.toml")).unwrap();
    let plant = |lang: &str, text: String| {
        std::fs::create_dir_all(dir.join(lang)).unwrap();
        for entry in std::fs::read_dir(&english).unwrap().flatten() {
            let name = entry.file_name();
            if entry.path().extension().is_some_and(|x| x == "toml") && name != "wizard.toml" {
                std::fs::copy(entry.path(), dir.join(lang).join(&name)).unwrap();
            }
        }
        std::fs::write(dir.join(lang).join("wizard.toml"), text).unwrap();
    };
    // French lacks the start screen's title; Spanish has a text English lacks; Portuguese
    // renames a placeholder.
    plant("fr", wizard.replacen("title = \"hostplan\"\n", "", 1));
    plant(
        "es",
        wizard.replacen("[start]\n", "[start]\nbienvenida = \"Hola\"\n", 1),
    );
    plant(
        "pt",
        wizard.replacen(
            "resume = \"Resume {plan}\"",
            "resume = \"Retomar {plano}\"",
            1,
        ),
    );
}

/// The 1-based line of the first line of `file` that starts with `start`.
fn line_of(file: &Path, start: &str) -> usize {
    let text = std::fs::read_to_string(file).unwrap();
    text.lines().position(|l| l.starts_with(start)).unwrap() + 1
}

#[test]
fn questionnaire_check_places_a_missing_an_extra_and_a_renamed_placeholder() {
    let dir = tempfile::tempdir().unwrap();
    let strings = dir.path().join("strings");
    std::fs::create_dir(&strings).unwrap();
    catalogue_with_faults(&strings);
    let o = common::bin()
        .args(["questionnaire", "check", "--strings"])
        .arg(&strings)
        .current_dir(dir.path())
        .output()
        .unwrap();
    let (out, err) = text(&o);
    assert!(
        !o.status.success(),
        "an extra text and a renamed placeholder are errors"
    );
    let shown = |lang: &str| strings.join(lang).join("wizard.toml");
    let (fr, es, pt) = (shown("fr"), shown("es"), shown("pt"));
    let expect = [
        format!(
            "{}:{}:2: warning [wizard.start.title]: `wizard.start.title` is not translated into `fr` yet",
            fr.display(),
            line_of(&fr, "[start]")
        ),
        format!(
            "{}:{}:14: error [wizard.start.bienvenida]: `wizard.start.bienvenida` matches no English text",
            es.display(),
            line_of(&es, "bienvenida")
        ),
        format!(
            "{}:{}:10: error [wizard.start.resume]: `wizard.start.resume` has the placeholders {{plano}} where the English text has {{plan}}",
            pt.display(),
            line_of(&pt, "resume")
        ),
    ];
    for line in expect {
        assert!(err.contains(&line), "missing {line:?} in:\n{err}\n{out}");
    }
}
