//! The prompts in a capable terminal: inquire's lists and text fields, with hostplan's
//! own key hints and labels instead of inquire's English ones.

use super::ui::{Item, Prompter, Purpose, Reply};
use crate::base::key;
use crate::base::strings::{get, semicolon_list};
use crate::base::terminal_safe::escape;
use crate::{errln, outln};
use inquire::error::InquireError;
use inquire::list_option::ListOption;
use inquire::ui::{Attributes, RenderConfig, StyleSheet, Styled};
use inquire::{MultiSelect, Select, Text};
use unicode_width::UnicodeWidthStr;

/// Lists longer than this scroll, so a prompt never outgrows a small terminal.
const PAGE: usize = 10;

/// How the prompts are drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Colour,
    /// No colour at all (NO_COLOR, --no-color).
    Plain,
    /// No mid-tone colours, which fade on projectors: bold for what is highlighted.
    HighContrast,
}

pub struct Terminal {
    style: Style,
}

impl Terminal {
    pub fn new(style: Style) -> Terminal {
        Terminal { style }
    }

    /// inquire's looks: the label opens the line, where inquire puts a "?"; going back
    /// shows a word, not "<canceled>".
    fn looks<'a>(&self, label: &'a str) -> RenderConfig<'a> {
        let bold = StyleSheet::new().with_attr(Attributes::BOLD);
        let base = match self.style {
            Style::Colour => RenderConfig::default_colored(),
            Style::Plain => RenderConfig::empty(),
            Style::HighContrast => RenderConfig::empty()
                .with_highlighted_option_prefix(Styled::new(">").with_style_sheet(bold))
                .with_selected_option(Some(bold))
                .with_answer(bold),
        };
        let mut config = base
            .with_prompt_prefix(Styled::new(label))
            .with_answered_prompt_prefix(Styled::new(label))
            .with_canceled_prompt_indicator(Styled::new(get(key::ask::prompt::WENT_BACK)));
        config.error_message.default_message = get(key::ask::prompt::INVALID);
        config
    }

    fn finish<T>(&self, result: Result<T, InquireError>) -> Reply<T> {
        match result {
            Ok(value) => Reply::Value(value),
            Err(InquireError::OperationCanceled) => Reply::Back,
            Err(InquireError::OperationInterrupted) => Reply::Quit,
            Err(e) => {
                errln!("{e}");
                Reply::Quit
            }
        }
    }
}

/// Breaks lines at spaces to fit `width` columns, so the terminal never cuts a word in
/// two. An indented line (a list entry) continues two columns further in.
fn wrap(text: &str, width: usize) -> String {
    let lines: Vec<String> = text.lines().map(|line| wrap_line(line, width)).collect();
    lines.join("\n")
}

/// A line that fits is kept as it is, with its spacing (the results have columns).
fn wrap_line(line: &str, width: usize) -> String {
    if line.width() <= width {
        return line.to_string();
    }
    let first = &line[..line.len() - line.trim_start().len()];
    let hanging = if first.is_empty() {
        String::new()
    } else {
        format!("{first}  ")
    };
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.is_empty() {
        return String::new();
    }
    let options = textwrap::Options::new(width)
        .initial_indent(first)
        .subsequent_indent(&hanging)
        .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(false);
    textwrap::fill(&words.join(" "), &options)
}

/// The terminal's width in columns, when it says and it is wide enough to wrap in.
fn columns() -> Option<usize> {
    match crossterm::terminal::size() {
        Ok((width, _)) if width > 20 => Some(usize::from(width)),
        _ => None,
    }
}

/// The entries of a list, each on one line: one too long for the terminal ends at a word
/// with "…" (it is written out whole above the list, see [`Terminal::explain`]).
fn labels(items: &[Item]) -> Vec<String> {
    let room = columns().map_or(usize::MAX, |w| w.saturating_sub(4));
    items
        .iter()
        .map(|i| shortened(&escape(&i.label), room))
        .collect()
}

/// `text` cut after the last whole word that fits `room` columns with an ellipsis.
fn shortened(text: &str, room: usize) -> String {
    if text.width() <= room {
        return text.to_string();
    }
    let mut out = String::new();
    for word in text.split(' ') {
        let next = if out.is_empty() {
            word.to_string()
        } else {
            format!("{out} {word}")
        };
        if next.width() + 1 > room {
            break;
        }
        out = next;
    }
    format!("{out}…")
}

/// A key hint wrapped at spaces to fit inside inquire's brackets.
fn fitted(hint: &str) -> String {
    columns().map_or(hint.to_string(), |w| wrap(hint, w.saturating_sub(3)))
}

impl Terminal {
    /// The options' explanations, and entries too long for one line, written out before
    /// the list: the list then fits its lines, and the transcript keeps them once the list
    /// is gone.
    fn explain(&mut self, items: &[Item]) {
        let room = columns().map_or(usize::MAX, |w| w.saturating_sub(4));
        let long = |i: &Item| escape(&i.label).width() > room;
        for item in items.iter().filter(|i| i.detail.is_some() || long(i)) {
            self.say(&format!("  {}", item.listed()));
        }
    }
}

impl Prompter for Terminal {
    fn say(&mut self, text: &str) {
        match columns() {
            Some(width) => outln!("{}", wrap(&escape(text), width - 1)),
            None => outln!("{text}"),
        }
    }

    fn pick(&mut self, items: &[Item], start: usize, purpose: Purpose) -> Reply<usize> {
        let (label, hint) = match purpose {
            Purpose::Answer => (get(key::ask::prompt::ANSWER), get(key::ask::keys::PICK)),
            Purpose::Menu => (get(key::ask::prompt::CHOOSE), get(key::ask::keys::MENU)),
        };
        self.explain(items);
        let format = |o: ListOption<&String>| items[o.index].label.clone();
        let result = Select::new("", labels(items))
            .with_help_message(&fitted(hint))
            .with_page_size(items.len().clamp(1, PAGE))
            .with_starting_cursor(start.min(items.len().saturating_sub(1)))
            .with_formatter(&format)
            .with_render_config(self.looks(label))
            .raw_prompt()
            .map(|o| o.index);
        self.finish(result)
    }

    fn pick_many(&mut self, items: &[Item], ticked: &[usize]) -> Reply<Vec<usize>> {
        let label = get(key::ask::prompt::ANSWER);
        let names = |chosen: &[usize]| match chosen {
            [] => get(key::ask::question::LEFT).to_string(),
            _ => semicolon_list(
                &chosen
                    .iter()
                    .map(|&i| escape(&items[i].label))
                    .collect::<Vec<_>>(),
            ),
        };
        let format =
            |o: &[ListOption<&String>]| names(&o.iter().map(|x| x.index).collect::<Vec<_>>());
        self.explain(items);
        let result = MultiSelect::new("", labels(items))
            .with_help_message(&fitted(get(key::ask::keys::PICK_MANY)))
            .with_page_size(items.len().clamp(1, PAGE))
            .with_default(ticked)
            .with_formatter(&format)
            .with_render_config(self.looks(label))
            .raw_prompt()
            .map(|list| list.into_iter().map(|o| o.index).collect::<Vec<_>>());
        self.finish(result)
    }

    fn line(&mut self, label: &str, default: Option<&str>, purpose: Purpose) -> Reply<String> {
        let left = get(key::ask::question::LEFT);
        let format = |s: &str| {
            if s.is_empty() {
                left.to_string()
            } else {
                escape(s).into_owned()
            }
        };
        let hint = fitted(match purpose {
            Purpose::Answer => get(key::ask::keys::TEXT),
            Purpose::Menu => get(key::ask::keys::PATH),
        });
        let mut prompt = Text::new("")
            .with_help_message(&hint)
            .with_formatter(&format)
            .with_render_config(self.looks(label));
        let default = default.map(escape);
        if let Some(d) = default.as_deref() {
            prompt = prompt.with_default(d);
        }
        let result = prompt.prompt().map(|s| s.trim().to_string());
        self.finish(result)
    }

    fn hints(&self) -> &'static str {
        get(key::ask::keys::HINTS)
    }
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrapping_breaks_at_spaces_and_keeps_the_indent() {
        assert_eq!(wrap("one two three four", 9), "one two\nthree\nfour");
        assert_eq!(wrap("  + aa bb cc\nx", 8), "  + aa\n    bb\n    cc\nx");
        assert_eq!(wrap("unbreakableword ok", 5), "unbreakableword\nok");
        assert_eq!(wrap("", 5), "");
        assert_eq!(wrap("a   b", 5), "a   b");
    }

    #[test]
    fn wrapping_counts_wide_characters_as_two_columns() {
        assert_eq!(wrap("日本 語 ab", 6), "日本\n語 ab");
        assert_eq!(wrap("  - 日本 語", 8), "  - 日本\n    語");
        assert_eq!(wrap("      ", 3), "");
    }
}
