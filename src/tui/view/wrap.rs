//! Word wrapping by display width, so layouts can be measured before they are drawn.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Splits `text` into lines of at most `width` columns, breaking at spaces; a word longer
/// than a line is cut. Line breaks in the text are kept; runs of spaces count as one.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let options = textwrap::Options::new(width.max(1))
        .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(true);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let words: Vec<&str> = paragraph.split(' ').filter(|w| !w.is_empty()).collect();
        let paragraph = words.join(" ");
        lines.extend(
            textwrap::wrap(&paragraph, &options)
                .into_iter()
                .map(Into::into),
        );
    }
    lines
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

    #[test]
    fn wraps_by_display_width() {
        assert_eq!(wrap("abcdefghij k", 4), vec!["abcd", "efgh", "ij k"]);
        assert_eq!(wrap("  a   b  ", 5), vec!["a b"]);
        assert_eq!(wrap("日本 語", 4), vec!["日本", "語"]);
        assert_eq!(wrap("well-known", 6), vec!["well-k", "nown"]);
        assert_eq!(wrap("ab", 0), vec!["a", "b"]);
    }
}
