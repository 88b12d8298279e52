//! A one-line text field with a cursor, edited with the keys people expect from a shell.

use super::keys::{self, Action, Context};
use crossterm::event::{KeyCode, KeyEvent};
use unicode_width::UnicodeWidthChar;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextInput {
    chars: Vec<char>,
    /// Cursor position in characters, 0 to `chars.len()`.
    cursor: usize,
    /// The whole text is selected, as a prefilled value is: typing replaces it rather
    /// than adding to it, and moving the cursor keeps it for editing.
    selected: bool,
}

impl TextInput {
    pub fn new(text: &str) -> TextInput {
        let chars: Vec<char> = text.chars().collect();
        TextInput {
            cursor: chars.len(),
            chars,
            selected: false,
        }
    }

    /// A field showing a value the person did not type here (a default, an earlier
    /// answer), selected so that typing replaces it as in the form fields people know.
    pub fn prefilled(text: &str) -> TextInput {
        let mut t = TextInput::new(text);
        t.selected = !t.chars.is_empty();
        t
    }

    pub fn text(&self) -> String {
        self.chars.iter().collect()
    }

    pub fn is_selected(&self) -> bool {
        self.selected
    }

    /// Edits the text; false when the key is not an editing key. On a selected value, a
    /// typed character or a deletion replaces the whole of it; any other editing key keeps
    /// it and edits from where that key puts the cursor.
    pub fn handle(&mut self, key: KeyEvent) -> bool {
        let Some(action) = keys::action(Context::TextField, key) else {
            return false;
        };
        if !self.selected {
            return self.edit(action, key);
        }
        match action {
            Action::Type if typed(key).is_some_and(crate::base::terminal_safe::is_unsafe) => true,
            Action::Type => {
                self.clear();
                self.edit(action, key)
            }
            Action::DeleteBack | Action::DeleteForward => {
                self.clear();
                true
            }
            _ => {
                let handled = self.edit(action, key);
                self.selected &= !handled;
                handled
            }
        }
    }

    fn clear(&mut self) {
        self.chars.clear();
        self.cursor = 0;
        self.selected = false;
    }

    fn edit(&mut self, action: Action, key: KeyEvent) -> bool {
        match action {
            Action::Type => {
                if let Some(c) = typed(key) {
                    self.insert(c);
                }
            }
            Action::First => self.cursor = 0,
            Action::Last => self.cursor = self.chars.len(),
            Action::ClearToStart => {
                self.chars.drain(..self.cursor);
                self.cursor = 0;
            }
            Action::ClearToEnd => self.chars.truncate(self.cursor),
            Action::DeleteWord => self.delete_word_back(),
            Action::DeleteBack if self.cursor > 0 => {
                self.cursor -= 1;
                self.chars.remove(self.cursor);
            }
            Action::DeleteForward if self.cursor < self.chars.len() => {
                self.chars.remove(self.cursor);
            }
            Action::DeleteBack | Action::DeleteForward => {}
            Action::WordLeft => self.cursor = self.word_start(),
            Action::WordRight => self.cursor = self.word_end(),
            Action::Left => self.cursor = self.cursor.saturating_sub(1),
            Action::Right => self.cursor = (self.cursor + 1).min(self.chars.len()),
            _ => return false,
        }
        true
    }

    /// Pasted text goes in at the cursor, or replaces a selected value; line breaks
    /// become spaces.
    pub fn paste(&mut self, text: &str) {
        if self.selected && !text.is_empty() {
            self.clear();
        }
        for c in text.chars() {
            self.insert(if c == '\n' || c == '\r' { ' ' } else { c });
        }
    }

    fn insert(&mut self, c: char) {
        // A pasted bidi override would be refused at Enter anyway; refusing it here keeps
        // the field showing what will be kept.
        if !crate::base::terminal_safe::is_unsafe(c) {
            self.chars.insert(self.cursor, c);
            self.cursor += 1;
        }
    }

    fn word_start(&self) -> usize {
        let mut i = self.cursor;
        while i > 0 && self.chars[i - 1] == ' ' {
            i -= 1;
        }
        while i > 0 && self.chars[i - 1] != ' ' {
            i -= 1;
        }
        i
    }

    fn word_end(&self) -> usize {
        let mut i = self.cursor;
        let n = self.chars.len();
        while i < n && self.chars[i] == ' ' {
            i += 1;
        }
        while i < n && self.chars[i] != ' ' {
            i += 1;
        }
        i
    }

    fn delete_word_back(&mut self) {
        let start = self.word_start();
        self.chars.drain(start..self.cursor);
        self.cursor = start;
    }

    /// The part of the text that fits in `width` columns, scrolled so the cursor shows,
    /// and the cursor's column within it.
    pub fn window(&self, width: usize) -> (String, usize) {
        let width = width.max(1);
        let w = |c: &char| c.width().unwrap_or(0);
        // Start as far right as needed for the cursor (and one cell after it) to fit.
        let mut start = 0;
        let mut used: usize = self.chars[..self.cursor].iter().map(w).sum::<usize>() + 1;
        while used > width && start < self.cursor {
            used -= w(&self.chars[start]);
            start += 1;
        }
        let mut shown = String::new();
        let mut cols = 0;
        for c in &self.chars[start..] {
            if cols + w(c) > width {
                break;
            }
            cols += w(c);
            shown.push(*c);
        }
        let cursor_col = self.chars[start..self.cursor].iter().map(w).sum();
        (shown, cursor_col)
    }
}

/// The character a typing key types.
fn typed(key: KeyEvent) -> Option<char> {
    match key.code {
        KeyCode::Char(c) => Some(c),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    fn typed(text: &str) -> TextInput {
        let mut t = TextInput::default();
        for c in text.chars() {
            t.handle(key(KeyCode::Char(c)));
        }
        t
    }

    #[test]
    fn typing_and_moving_edit_at_the_cursor() {
        let mut t = typed("Amelie");
        for _ in 0..3 {
            t.handle(key(KeyCode::Left));
        }
        t.handle(key(KeyCode::Backspace));
        t.handle(key(KeyCode::Char('é')));
        assert_eq!(t.text(), "Amélie");
        t.handle(key(KeyCode::Home));
        t.handle(key(KeyCode::Delete));
        t.handle(key(KeyCode::Char('a')));
        assert_eq!(t.text(), "amélie");
        t.handle(key(KeyCode::End));
        t.handle(key(KeyCode::Char('!')));
        assert_eq!(t.text(), "amélie!");
    }

    #[test]
    fn ctrl_or_alt_backspace_deletes_the_word_before_the_cursor() {
        for modifiers in [KeyModifiers::CONTROL, KeyModifiers::ALT] {
            let mut t = typed("Ministry of Social Welfare");
            t.handle(KeyEvent::new(KeyCode::Backspace, modifiers));
            assert_eq!(t.text(), "Ministry of Social ", "{modifiers:?}");
            t.handle(KeyEvent::new(KeyCode::Home, KeyModifiers::CONTROL));
            t.handle(key(KeyCode::Char('>')));
            assert_eq!(t.text(), ">Ministry of Social ", "{modifiers:?}");
        }
    }

    #[test]
    fn shell_keys_cut_words_and_lines() {
        let mut t = typed("Ministry of Social Welfare");
        t.handle(ctrl('w'));
        assert_eq!(t.text(), "Ministry of Social ");
        t.handle(ctrl('a'));
        t.handle(KeyEvent::new(KeyCode::Right, KeyModifiers::CONTROL));
        t.handle(ctrl('k'));
        assert_eq!(t.text(), "Ministry");
        t.handle(ctrl('u'));
        assert_eq!(t.text(), "");
    }

    #[test]
    fn typing_or_deleting_replaces_a_prefilled_value() {
        let mut t = TextInput::prefilled("3");
        assert!(t.is_selected());
        t.handle(key(KeyCode::Char('5')));
        assert_eq!((t.text().as_str(), t.is_selected()), ("5", false));
        t.handle(key(KeyCode::Char('0')));
        assert_eq!(t.text(), "50", "only the first key replaces");
        for code in [KeyCode::Backspace, KeyCode::Delete] {
            let mut t = TextInput::prefilled("Kalmaria");
            t.handle(key(code));
            assert_eq!((t.text().as_str(), t.is_selected()), ("", false));
        }
    }

    #[test]
    fn moving_keeps_a_prefilled_value_for_editing() {
        let cases = [
            (key(KeyCode::Right), "abcX"),
            (key(KeyCode::End), "abcX"),
            (key(KeyCode::Left), "abXc"),
            (key(KeyCode::Home), "Xabc"),
            (ctrl('a'), "Xabc"),
            (ctrl('e'), "abcX"),
        ];
        for (k, want) in cases {
            let mut t = TextInput::prefilled("abc");
            assert!(t.handle(k));
            assert!(!t.is_selected(), "{k:?}");
            t.handle(key(KeyCode::Char('X')));
            assert_eq!(t.text(), want, "{k:?}");
        }
    }

    #[test]
    fn keys_that_do_not_edit_leave_the_selection() {
        let mut t = TextInput::prefilled("abc");
        assert!(!t.handle(key(KeyCode::Up)));
        assert!(t.is_selected());
        t.handle(key(KeyCode::Char('\u{202e}')));
        assert_eq!((t.text().as_str(), t.is_selected()), ("abc", true));
        assert!(!TextInput::prefilled("").is_selected());
        assert!(!TextInput::new("abc").is_selected());
    }

    #[test]
    fn paste_replaces_a_prefilled_value() {
        let mut t = TextInput::prefilled("exports");
        t.paste("");
        assert!(t.is_selected());
        t.paste("out\n");
        assert_eq!((t.text().as_str(), t.is_selected()), ("out ", false));
    }

    #[test]
    fn paste_flattens_line_breaks() {
        let mut t = typed("a");
        t.paste("b\nc");
        assert_eq!(t.text(), "ab c");
    }

    #[test]
    fn window_keeps_the_cursor_in_view() {
        let t = typed("0123456789");
        let (shown, col) = t.window(5);
        assert_eq!((shown.as_str(), col), ("6789", 4));
        let mut t = t;
        t.handle(key(KeyCode::Home));
        assert_eq!(t.window(5), ("01234".to_string(), 0));
        assert_eq!(TextInput::default().window(0), (String::new(), 0));
    }
}
