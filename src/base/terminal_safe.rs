//! Text from plans, questionnaires, answers and file names made safe to print.
//!
//! A plan value or a file name may hold control characters: `ESC ] 0 ; … BEL` would
//! retitle the terminal, `ESC [2J` clear it, and a bidi override (U+202E) make a line read
//! backwards. Everything the command line prints goes through [`escape`] (or [`escape_json`]
//! for JSON), so such characters show as a readable escape such as `\u{1b}` instead of
//! acting on the terminal. Questionnaire text and one-line answers refuse them outright
//! ([`is_unsafe`]).

use std::borrow::Cow;

/// A bidi embedding, override or isolate (U+202A–U+202E, U+2066–U+2069).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A control character (C0, DEL, C1) or a bidi override: never printed as it is.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// What printing keeps: newlines and tabs, which lay out reports, and nothing else unsafe.
fn must_escape(c: char) -> bool {
    is_unsafe(c) && c != '\n' && c != '\t'
}

/// `text` with every control character other than newline and tab, and every bidi
/// override, written as `\u{…}`; borrowed when there is nothing to change.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(must_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if must_escape(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// JSON text with the characters serde_json leaves as they are (DEL, C1, bidi overrides)
/// written as `\uXXXX`. They can only stand inside JSON strings, where that escape means
/// the same character, so the JSON reads back unchanged.
pub fn escape_json(json: &str) -> Cow<'_, str> {
    if !json.chars().any(must_escape) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 8);
    for c in json.chars() {
        if must_escape(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_and_bidi_overrides_are_escaped() {
        assert_eq!(
            escape("a\u{1b}]0;t\u{7}b\u{1b}[2J\u{9b}\u{7f}\u{202e}\u{2066}\r"),
            "a\\u{1b}]0;t\\u{7}b\\u{1b}[2J\\u{9b}\\u{7f}\\u{202e}\\u{2066}\\u{d}"
        );
        assert!(matches!(escape("line\n\tindented é"), Cow::Borrowed(_)));
        // Escaping twice changes nothing more.
        let once = escape("x\u{1b}y").into_owned();
        assert_eq!(escape(&once), once);
    }

    #[test]
    fn json_stays_json() {
        let json =
            serde_json::to_string_pretty(&serde_json::json!({"a": "x\u{1b}\u{9b}\u{7f}\u{202e}"}))
                .unwrap();
        let safe = escape_json(&json);
        assert!(!safe.chars().any(must_escape));
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["a"], "x\u{1b}\u{9b}\u{7f}\u{202e}");
    }
}
