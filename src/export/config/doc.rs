//! Building text files line by line: comments wrapped for reading, values quoted for YAML
//! and TOML.

/// Comments are wrapped to this many columns, prefix included.
const WIDTH: usize = 90;

#[derive(Default)]
pub struct Doc {
    text: String,
}

impl Doc {
    pub fn new() -> Doc {
        Doc::default()
    }

    pub fn line(&mut self, line: &str) {
        self.text.push_str(line);
        self.text.push('\n');
    }

    pub fn blank(&mut self) {
        self.text.push('\n');
    }

    /// A comment, indented by `indent` spaces, wrapped at word boundaries.
    pub fn comment(&mut self, indent: usize, text: &str) {
        let prefix = format!("{}# ", " ".repeat(indent));
        for line in wrap(text, WIDTH.saturating_sub(prefix.len()).max(20)) {
            self.line(format!("{prefix}{line}").trim_end());
        }
    }

    pub fn finish(self) -> String {
        self.text
    }
}

/// Splits `text` into lines of at most `width` columns (a wide character, as in Chinese,
/// takes two) where it can, at spaces; a word longer than a line is left whole. Explicit
/// line breaks in `text` are kept; spaces opening a line are dropped.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let options = textwrap::Options::new(width)
        .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(false);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let paragraph = paragraph.trim_start_matches(' ');
        lines.extend(
            textwrap::wrap(paragraph, &options)
                .into_iter()
                .map(Into::into),
        );
    }
    lines
}

/// A YAML single-quoted scalar: always a string, whatever it holds.
pub fn yaml_quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// A TOML basic string.
pub fn toml_quote(value: &str) -> String {
    toml::Value::String(value.to_string()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_wrap_at_spaces() {
        let mut d = Doc::new();
        d.comment(2, &"word ".repeat(40));
        let text = d.finish();
        assert!(text.lines().count() > 1);
        assert!(
            text.lines()
                .all(|l| l.len() <= WIDTH && l.starts_with("  # "))
        );
    }

    #[test]
    fn quoting() {
        assert_eq!(yaml_quote("it's"), "'it''s'");
        let tricky = "a ^b^ 'c' \\ é".replace('^', &char::from(34).to_string());
        let table: toml::Table = toml::from_str(&format!("x = {}", toml_quote(&tricky))).unwrap();
        assert_eq!(table["x"].as_str(), Some(tricky.as_str()));
    }

    #[test]
    fn wide_characters_take_two_columns() {
        assert_eq!(wrap("aa 日日a日 b", 7), vec!["aa", "日日a日", "b"]);
        assert_eq!(wrap("aa bbb ccc", 7), vec!["aa bbb", "ccc"]);
        assert_eq!(
            wrap("  a  b\n\nlong-word x", 4),
            vec!["a  b", "", "long-word", "x"]
        );
    }

    #[test]
    fn a_trailing_space_makes_no_empty_comment_line() {
        let mut d = Doc::new();
        d.comment(0, &format!("{} ", "x".repeat(88)));
        assert_eq!(d.finish(), format!("# {}\n", "x".repeat(88)));
    }
}
