//! Plain ASCII in place of box drawing and symbols, for consoles whose font lacks them (the
//! classic Windows console host with its default font has no ✓, ◐ or ❯). One pass over the
//! finished frame, so every screen is covered and none has to know about it.

use ratatui::buffer::Buffer;

/// Each symbol the screens draw, with the ASCII character that stands for it. Letters
/// outside ASCII (names with accents) are left as they are: console fonts have them.
const PLAIN: [(char, char); 36] = [
    ('─', '-'),
    ('━', '='),
    ('│', '|'),
    ('┃', '|'),
    ('┌', '+'),
    ('┐', '+'),
    ('└', '+'),
    ('┘', '+'),
    ('├', '+'),
    ('┤', '+'),
    ('┬', '+'),
    ('┴', '+'),
    ('┼', '+'),
    ('✓', '+'),
    ('✗', 'x'),
    ('◐', '~'),
    ('○', 'o'),
    ('◷', '@'),
    ('◆', '*'),
    ('•', '*'),
    ('▸', '>'),
    ('❯', '>'),
    ('»', '>'),
    ('→', '>'),
    ('←', '<'),
    ('↑', '^'),
    ('↓', 'v'),
    ('…', '~'),
    ('·', '-'),
    ('—', '-'),
    ('–', '-'),
    ('█', '#'),
    ('▓', '='),
    ('░', '.'),
    ('ℹ', 'i'),
    ('▌', '|'),
];

/// The ASCII stand-in for `c`, if it is one of the symbols drawn.
pub fn plain(c: char) -> Option<char> {
    PLAIN.iter().find(|(from, _)| *from == c).map(|(_, to)| *to)
}

/// Replaces every symbol in `buffer` with its ASCII stand-in.
pub fn to_ascii(buffer: &mut Buffer) {
    for cell in buffer.content.iter_mut() {
        let mut chars = cell.symbol().chars();
        if let (Some(c), None) = (chars.next(), chars.next())
            && let Some(to) = plain(c)
        {
            cell.set_char(to);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stand_in_is_one_ascii_column_and_each_symbol_listed_once() {
        for (from, to) in PLAIN {
            assert!(to.is_ascii_graphic(), "{from} → {to}");
            assert_eq!(
                PLAIN.iter().filter(|(f, _)| *f == from).count(),
                1,
                "{from}"
            );
        }
        assert_eq!(plain('é'), None);
    }
}
