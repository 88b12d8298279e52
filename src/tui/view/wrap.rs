//! Word wrapping by display width, so layouts can be measured before they are drawn.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Splits `text` into lines of at most `width` columns, breaking at spaces; a word longer
/// than a line is cut. Line breaks in the text are kept.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let needed = if line.is_empty() {
                word.width()
            } else {
                line.width() + 1 + word.width()
            };
            if needed <= width {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            for piece in cut(word, width) {
                lines.push(piece);
            }
            line = lines.pop().unwrap_or_default();
        }
        lines.push(line);
    }
    lines
}

/// Cuts a word into pieces of at most `width` columns.
fn cut(word: &str, width: usize) -> Vec<String> {
    let mut pieces = vec![String::new()];
    let mut used = 0;
    for c in word.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width && used > 0 {
            pieces.push(String::new());
            used = 0;
        }
        if let Some(p) = pieces.last_mut() {
            p.push(c);
        }
        used += w;
    }
    pieces
}

/// `text` cut to `width` columns, with an ellipsis when something was cut.
pub fn truncate(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces_and_cuts_long_words() {
        assert_eq!(wrap("one two three", 7), vec!["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("a\n\nb", 5), vec!["a", "", "b"]);
        assert_eq!(wrap("", 5), vec![""]);
        assert_eq!(wrap("ab cdefghij", 4), vec!["ab", "cdef", "ghij"]);
    }

    #[test]
    fn truncates_with_an_ellipsis() {
        assert_eq!(truncate("Programme context", 9), "Programm…");
        assert_eq!(truncate("short", 9), "short");
        assert_eq!(truncate("abc", 0), "");
    }
}
