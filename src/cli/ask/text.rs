//! The texts of `ask`, from the strings catalogue (`assets/strings/ask.toml`).

use hostplan::strings::Strings;

pub fn get(key: &'static str) -> &'static str {
    Strings::builtin().get(key)
}

pub fn fill(key: &str, args: &[(&str, &str)]) -> String {
    Strings::builtin().fill(key, args)
}
