//! The strings catalogue and the code agree: every key the code names exists, and every
//! text in the catalogue is used somewhere.
//!
//! Code names a key as a string literal such as `"wizard.keys.quit"`. A key built at run
//! time is named by its literal prefix ending in a dot, such as `"wizard.screen."`.

use hostplan::strings::{BUILTIN, Strings};
use std::path::Path;

/// The catalogue files' names, which are the first part of their keys.
fn catalogue_names() -> Vec<&'static str> {
    BUILTIN
        .iter()
        .map(|(origin, _)| {
            let name = origin.rsplit('/').next().unwrap_or(origin);
            name.strip_suffix(".toml").unwrap_or(name)
        })
        .collect()
}

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

/// String literals in the code that look like catalogue keys.
fn keys_in_code() -> Vec<(String, String)> {
    let mut files = Vec::new();
    rust_files(Path::new("src"), &mut files);
    let mut keys = Vec::new();
    let names = catalogue_names();
    // The catalogue's own unit tests use made-up keys.
    files.retain(|f| !f.ends_with("strings.rs"));
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for literal in text.split('"').skip(1).step_by(2) {
            let Some((head, rest)) = literal.split_once('.') else {
                continue;
            };
            let plain = rest
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.');
            if names.contains(&head) && plain && !rest.is_empty() {
                keys.push((literal.to_string(), file.display().to_string()));
            }
        }
    }
    keys
}

#[test]
fn every_key_named_in_code_exists() {
    let (strings, _) = Strings::parse(BUILTIN).unwrap();
    let missing: Vec<String> = keys_in_code()
        .into_iter()
        .filter(|(key, _)| {
            if key.ends_with('.') {
                !strings.keys().any(|k| k.starts_with(key.as_str()))
            } else {
                !strings.contains(key)
            }
        })
        .map(|(key, file)| format!("{key} (named in {file})"))
        .collect();
    assert!(
        missing.is_empty(),
        "add these to assets/strings/:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_text_in_the_catalogue_is_used() {
    let (strings, _) = Strings::parse(BUILTIN).unwrap();
    let named: Vec<String> = keys_in_code().into_iter().map(|(k, _)| k).collect();
    let unused: Vec<&str> = strings
        .keys()
        .filter(|k| {
            !named
                .iter()
                .any(|n| n == k || (n.ends_with('.') && k.starts_with(n.as_str())))
        })
        .collect();
    assert!(
        unused.is_empty(),
        "no code names these texts; use or remove them:\n{}",
        unused.join("\n")
    );
}

#[test]
fn every_row_of_keys_the_wizard_shows_has_its_texts() {
    use hostplan::tui::keys::{HELP, HINTS, START, TEXT_HELP};
    let (strings, _) = Strings::parse(BUILTIN).unwrap();
    let hinted = HINTS.iter().flat_map(|(_, ids)| ids.iter());
    for id in hinted.chain(START).chain(HELP).chain(TEXT_HELP) {
        let key = format!("wizard.keys.{id}.short");
        assert!(strings.contains(&key), "{key} is missing");
    }
    for id in HELP.iter().chain(TEXT_HELP) {
        let key = format!("wizard.keys.{id}.long");
        assert!(strings.contains(&key), "{key} is missing");
    }
}
