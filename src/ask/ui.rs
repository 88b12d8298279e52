//! What `ask` needs from a terminal, and the plain-lines way of providing it.
//!
//! The question loop talks to a [`Prompter`] only, so the same loop runs on inquire's
//! prompts in a capable terminal and on plain numbered lines where the terminal cannot move
//! the cursor (TERM=dumb), where a screen reader reads line by line, or where the answers
//! come from a pipe.

use crate::base::key;
use crate::base::strings::{fill, get};
use crate::base::terminal_safe::escape;
use std::io::{BufRead, Write};

/// What a person did at a prompt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reply<T> {
    Value(T),
    /// Esc, or the back word in plain lines.
    Back,
    /// Ctrl-C, or the end of the input.
    Quit,
}

impl<T> Reply<T> {
    /// The value made into another; going back and stopping stay as they are.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Reply<U> {
        match self {
            Reply::Value(v) => Reply::Value(f(v)),
            Reply::Back => Reply::Back,
            Reply::Quit => Reply::Quit,
        }
    }
}

/// An entry of a list to choose from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// What the answer line records once chosen.
    pub label: String,
    /// A longer explanation shown in the list only.
    pub detail: Option<String>,
    /// Another word that picks the entry when typed (an option id).
    pub key: Option<String>,
}

impl Item {
    pub fn new(label: impl Into<String>) -> Item {
        Item {
            label: label.into(),
            detail: None,
            key: None,
        }
    }

    /// How the entry reads in a list.
    pub fn listed(&self) -> String {
        match &self.detail {
            Some(d) => format!("{}: {d}", self.label),
            None => self.label.clone(),
        }
    }
}

/// What a prompt is for, which decides the key hints shown with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// The answer to a question.
    Answer,
    /// What to do next, or where to write.
    Menu,
}

pub trait Prompter {
    /// Adds a line to the transcript.
    fn say(&mut self, text: &str);
    /// Confirms a recorded answer where the prompt itself has not shown it.
    fn recorded(&mut self, _answer: &str) {}
    /// One entry of `items`; `start` is offered first (Enter takes it).
    fn pick(&mut self, items: &[Item], start: usize, kind: Purpose) -> Reply<usize>;
    /// Any entries of `items`, with `ticked` ticked at first; in list order.
    fn pick_many(&mut self, items: &[Item], ticked: &[usize]) -> Reply<Vec<usize>>;
    /// A line of text after `label`; an empty line gives `default` when there is one.
    fn line(&mut self, label: &str, default: Option<&str>, purpose: Purpose) -> Reply<String>;
    /// The key hints, shown when a session starts.
    fn hints(&self) -> &'static str;
}

/// Plain lines: numbered lists and typed answers, no cursor movement, no colour.
pub struct Lines<R, W> {
    input: R,
    out: W,
    /// Input that the terminal does not echo to the output (answers from a pipe, or the
    /// output going to a record) is echoed, so the transcript shows every answer.
    echo: bool,
}

impl<R: BufRead, W: Write> Lines<R, W> {
    pub fn new(input: R, out: W, echo: bool) -> Lines<R, W> {
        Lines { input, out, echo }
    }

    #[cfg(test)]
    pub fn into_output(self) -> W {
        self.out
    }

    /// Asks after `label` until a line comes; `Quit` at the end of the input. The back
    /// word and a lone Esc both mean back; the help word shows the key hints.
    fn read(&mut self, label: &str) -> Reply<String> {
        loop {
            let _ = write!(self.out, "{} ", escape(label));
            let _ = self.out.flush();
            let mut raw = String::new();
            match self.input.read_line(&mut raw) {
                Ok(0) | Err(_) => {
                    let _ = writeln!(self.out);
                    return Reply::Quit;
                }
                Ok(_) => {}
            }
            let typed = raw.trim_end_matches(['\n', '\r']);
            if self.echo {
                let _ = writeln!(self.out, "{}", escape(typed));
            }
            let word = typed.trim();
            if word == get(key::ask::lines::HELP) {
                let hints = self.hints();
                self.say(hints);
                continue;
            }
            if word == get(key::ask::lines::BACK) || word == "\u{1b}" {
                return Reply::Back;
            }
            return Reply::Value(word.to_string());
        }
    }

    fn list(&mut self, items: &[Item], marks: Option<&[usize]>) {
        for (i, item) in items.iter().enumerate() {
            let mark = match marks {
                Some(ticked) if ticked.contains(&i) => format!("{} ", get(key::ask::lines::TICKED)),
                _ => String::new(),
            };
            let _ = writeln!(self.out, "  {}. {mark}{}", i + 1, escape(&item.listed()));
        }
    }

    /// The entry a word names: its number, its key or its label.
    fn entry(items: &[Item], word: &str) -> Option<usize> {
        if let Ok(n) = word.parse::<usize>() {
            return (1..=items.len()).contains(&n).then(|| n - 1);
        }
        let same = |s: &str| s.eq_ignore_ascii_case(word);
        items
            .iter()
            .position(|i| i.key.as_deref().is_some_and(same) || same(&i.label))
    }

    fn not_listed(&mut self, word: &str, count: usize) {
        let text = fill(
            key::ask::lines::NOT_LISTED,
            &[("input", word), ("count", &count.to_string())],
        );
        self.say(&text);
    }
}

impl<R: BufRead, W: Write> Prompter for Lines<R, W> {
    fn say(&mut self, text: &str) {
        let _ = writeln!(self.out, "{}", escape(text));
    }

    fn recorded(&mut self, answer: &str) {
        self.say(&fill(key::ask::lines::RECORDED, &[("answer", answer)]));
    }

    fn pick(&mut self, items: &[Item], start: usize, _kind: Purpose) -> Reply<usize> {
        self.list(items, None);
        let label = fill(
            key::ask::lines::PICK,
            &[("default", &(start + 1).to_string())],
        );
        loop {
            let word = match self.read(&label) {
                Reply::Value(w) => w,
                Reply::Back => return Reply::Back,
                Reply::Quit => return Reply::Quit,
            };
            if word.is_empty() {
                return Reply::Value(start);
            }
            match Self::entry(items, &word) {
                Some(i) => return Reply::Value(i),
                None => self.not_listed(&word, items.len()),
            }
        }
    }

    fn pick_many(&mut self, items: &[Item], ticked: &[usize]) -> Reply<Vec<usize>> {
        self.list(items, Some(ticked));
        let label = get(key::ask::lines::PICK_MANY);
        'ask: loop {
            let words = match self.read(label) {
                Reply::Value(w) => w,
                Reply::Back => return Reply::Back,
                Reply::Quit => return Reply::Quit,
            };
            if words.is_empty() {
                return Reply::Value(ticked.to_vec());
            }
            if words == get(key::ask::lines::CLEAR) {
                return Reply::Value(Vec::new());
            }
            let mut chosen = Vec::new();
            for word in words.split([',', '،', ' ']).filter(|w| !w.is_empty()) {
                match Self::entry(items, word) {
                    Some(i) => chosen.push(i),
                    None => {
                        self.not_listed(word, items.len());
                        continue 'ask;
                    }
                }
            }
            return Reply::Value(chosen);
        }
    }

    fn line(&mut self, label: &str, default: Option<&str>, _purpose: Purpose) -> Reply<String> {
        let label = match default {
            Some(d) => fill(
                key::ask::lines::WITH_DEFAULT,
                &[("label", label), ("default", d)],
            ),
            None => label.to_string(),
        };
        match self.read(&label) {
            Reply::Value(w) if w.is_empty() => {
                Reply::Value(default.unwrap_or_default().to_string())
            }
            reply => reply,
        }
    }

    fn hints(&self) -> &'static str {
        get(key::ask::lines::HINTS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &str) -> Lines<&[u8], Vec<u8>> {
        Lines::new(input.as_bytes(), Vec::new(), true)
    }

    fn items() -> Vec<Item> {
        vec![
            Item {
                label: "Pilot".into(),
                detail: Some("A few offices.".into()),
                key: Some("pilot".into()),
            },
            Item::new("National"),
            Item::new("Leave unanswered"),
        ]
    }

    #[test]
    fn a_pick_takes_a_number_a_key_or_a_label_and_enter_takes_the_offer() {
        let mut ui = lines("2\nPILOT\nnational\n\n");
        assert_eq!(ui.pick(&items(), 2, Purpose::Answer), Reply::Value(1));
        assert_eq!(ui.pick(&items(), 2, Purpose::Answer), Reply::Value(0));
        assert_eq!(ui.pick(&items(), 2, Purpose::Answer), Reply::Value(1));
        assert_eq!(ui.pick(&items(), 2, Purpose::Answer), Reply::Value(2));
        assert_eq!(ui.pick(&items(), 0, Purpose::Answer), Reply::Quit);
    }

    #[test]
    fn a_word_not_in_the_list_is_refused_and_asked_again() {
        let mut ui = lines("7\nmaybe\n1\n");
        assert_eq!(ui.pick(&items(), 0, Purpose::Answer), Reply::Value(0));
        let out = String::from_utf8(ui.out).unwrap();
        assert!(out.contains("  1. Pilot: A few offices."), "{out}");
        assert!(out.contains("`7` is not"), "{out}");
        assert!(out.contains("`maybe` is not"), "{out}");
    }

    #[test]
    fn back_and_help_words_and_esc() {
        let mut ui = lines("?\n<\n\u{1b}\n");
        assert_eq!(ui.line("Answer:", None, Purpose::Answer), Reply::Back);
        assert_eq!(ui.pick(&items(), 0, Purpose::Menu), Reply::Back);
        let out = String::from_utf8(ui.out).unwrap();
        assert!(out.contains(get("ask.lines.hints")), "{out}");
    }

    #[test]
    fn many_take_numbers_and_keys_and_enter_keeps_the_ticks() {
        let mut ui = lines("3, pilot\n\n-\n1 9\n2\n");
        assert_eq!(ui.pick_many(&items(), &[]), Reply::Value(vec![2, 0]));
        assert_eq!(ui.pick_many(&items(), &[1]), Reply::Value(vec![1]));
        assert_eq!(ui.pick_many(&items(), &[1]), Reply::Value(vec![]));
        assert_eq!(ui.pick_many(&items(), &[]), Reply::Value(vec![1]));
    }

    #[test]
    fn a_line_gives_the_default_on_enter_and_echoes_piped_input() {
        let mut ui = lines("\n 42 \n");
        assert_eq!(
            ui.line("Answer:", Some("3"), Purpose::Answer),
            Reply::Value("3".to_string())
        );
        assert_eq!(
            ui.line("Answer:", None, Purpose::Answer),
            Reply::Value("42".to_string())
        );
        assert_eq!(ui.line("Answer:", None, Purpose::Answer), Reply::Quit);
        let out = String::from_utf8(ui.out).unwrap();
        assert!(out.contains("Answer: [3] \n"), "{out}");
        assert!(out.contains("Answer:  42 \n"), "{out}");
    }
}
