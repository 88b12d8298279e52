//! The strings catalogue and the code agree. Code names a text by the constant build.rs
//! writes for its key (`key::wizard::keys::QUIT` for `wizard.keys.quit`), so a key the
//! catalogue lacks does not compile. What the compiler cannot see is a text that no code
//! names; this test finds those. A text is named by its constant, by its table's `PREFIX`
//! (texts chosen at run time by id), or, for a help text in a table `X_help`, through the
//! text it helps, which is how a diagnostic finds its help.

use hostplan::base::key;
use hostplan::base::strings::{BUILTIN, Strings};
use std::collections::BTreeSet;
use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The keys named in src/ through `key::…` paths: `a.b.c` for `key::a::b::C`, and `a.b.`
/// for `key::a::b::PREFIX`.
fn named_in_code() -> BTreeSet<String> {
    let mut files = Vec::new();
    rust_files(Path::new("src"), &mut files);
    let mut named = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (i, _) in text.match_indices("key::") {
            let boundary = text[..i]
                .chars()
                .next_back()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
            if boundary && let Some(key) = path_to_key(&text[i + "key::".len()..]) {
                named.insert(key);
            }
        }
    }
    named
}

/// `wizard::keys::QUIT` (and what follows it in the code) as `wizard.keys.quit`.
fn path_to_key(code: &str) -> Option<String> {
    let path: String = code
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':' || *c == '#')
        .collect();
    let segments: Vec<&str> = path
        .split("::")
        .map(|s| s.trim_start_matches("r#"))
        .collect();
    let (last, tables) = segments.split_last()?;
    if tables.is_empty() || last.is_empty() {
        return None;
    }
    let table = tables.join(".");
    Some(match *last {
        "PREFIX" => format!("{table}."),
        name => format!("{table}.{}", name.to_lowercase()),
    })
}

/// The text a help text helps: `a.b_help.c` helps `a.b.c`.
fn helped(key: &str) -> Option<String> {
    let (table, name) = key.rsplit_once('.')?;
    Some(format!("{}.{name}", table.strip_suffix("_help")?))
}

fn is_named(key: &str, named: &BTreeSet<String>) -> bool {
    named.contains(key)
        || named
            .iter()
            .any(|n| n.ends_with('.') && key.starts_with(n.as_str()))
}

#[test]
fn every_text_in_the_catalogue_is_used() {
    let (strings, _) = Strings::parse(BUILTIN).unwrap();
    let named = named_in_code();
    let unused: Vec<&str> = strings
        .keys()
        .filter(|k| !is_named(k, &named))
        .filter(|k| !helped(k).is_some_and(|h| is_named(&h, &named)))
        .collect();
    assert!(
        unused.is_empty(),
        "no code names these texts; use or remove them:\n{}",
        unused.join("\n")
    );
}

#[test]
fn the_usage_check_reads_constants_and_prefixes() {
    assert_eq!(
        path_to_key("wizard::keys::QUIT)").as_deref(),
        Some("wizard.keys.quit")
    );
    assert_eq!(
        path_to_key("wizard::keys::r#move::SHORT,").as_deref(),
        Some("wizard.keys.move.short")
    );
    assert_eq!(
        path_to_key("cli::read::kind::PREFIX, id").as_deref(),
        Some("cli.read.kind.")
    );
    assert_eq!(path_to_key("QUIT"), None);
    let named: BTreeSet<String> = [
        "cli.read.kind.".to_string(),
        "config.folder.missing".to_string(),
    ]
    .into();
    assert!(is_named("cli.read.kind.folder", &named));
    assert!(!is_named("cli.read.failed", &named));
    assert_eq!(
        helped("config.folder_help.missing").as_deref(),
        Some("config.folder.missing")
    );
    assert_eq!(helped("config.folder.missing"), None);
}

#[test]
fn every_catalogue_file_is_built_in() {
    let mut on_disk: Vec<String> = std::fs::read_dir("assets/strings")
        .unwrap()
        .flatten()
        .map(|e| format!("assets/strings/{}", e.file_name().to_string_lossy()))
        .filter(|p| p.ends_with(".toml"))
        .collect();
    on_disk.sort();
    let mut built: Vec<String> = BUILTIN.iter().map(|(o, _)| o.to_string()).collect();
    built.sort();
    assert_eq!(
        on_disk, built,
        "build.rs reads every file in assets/strings; BUILTIN must list the same"
    );
}

#[test]
fn every_row_of_keys_the_wizard_shows_has_its_texts() {
    use hostplan::tui::keys::{HELP, HINTS, START, TEXT_HELP};
    let (strings, _) = Strings::parse(BUILTIN).unwrap();
    let hinted = HINTS.iter().flat_map(|(_, ids)| ids.iter());
    for id in hinted.chain(START).chain(HELP).chain(TEXT_HELP) {
        let key = format!("{}{id}.short", key::wizard::keys::PREFIX);
        assert!(strings.contains(&key), "{key} is missing");
    }
    for id in HELP.iter().chain(TEXT_HELP) {
        let key = format!("{}{id}.long", key::wizard::keys::PREFIX);
        assert!(strings.contains(&key), "{key} is missing");
    }
}
