//! Colours and emphasis. Meaning never rests on colour alone: every state also has a
//! symbol or a word, so the monochrome theme loses nothing but colour.

use ratatui::style::{Color, Modifier, Style};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThemeName {
    Default,
    /// No colour at all: NO_COLOR or `--no-color`. Selection stays visible by reversal.
    Monochrome,
    /// White on black with a yellow selection, for projectors in bright rooms.
    HighContrast,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Theme {
    pub name: ThemeName,
    pub base: Style,
    pub title: Style,
    pub heading: Style,
    pub border: Style,
    pub border_focus: Style,
    pub selected: Style,
    pub dim: Style,
    pub key: Style,
    pub good: Style,
    pub warn: Style,
    pub bad: Style,
    pub bar: Style,
    pub input: Style,
    /// Draw with ASCII characters only (see [`super::glyphs`]).
    pub ascii: bool,
}

impl Theme {
    /// The same theme drawn with ASCII characters only, when `ascii` is true.
    pub fn with_ascii(self, ascii: bool) -> Theme {
        Theme { ascii, ..self }
    }

    pub fn new(name: ThemeName) -> Theme {
        match name {
            ThemeName::Default => Theme::default_colours(),
            ThemeName::Monochrome => Theme::monochrome(),
            ThemeName::HighContrast => Theme::high_contrast(),
        }
    }

    fn default_colours() -> Theme {
        let bold = Modifier::BOLD;
        Theme {
            name: ThemeName::Default,
            base: Style::new(),
            title: Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(bold),
            heading: Style::new().fg(Color::Cyan).add_modifier(bold),
            border: Style::new().fg(Color::DarkGray),
            border_focus: Style::new().fg(Color::Cyan),
            selected: Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(bold),
            dim: Style::new().fg(Color::Gray),
            key: Style::new().fg(Color::Cyan).add_modifier(bold),
            good: Style::new().fg(Color::Green),
            warn: Style::new().fg(Color::Yellow),
            bad: Style::new().fg(Color::Red).add_modifier(bold),
            bar: Style::new().fg(Color::Cyan),
            input: Style::new().add_modifier(Modifier::UNDERLINED),
            ascii: false,
        }
    }

    fn monochrome() -> Theme {
        let plain = Style::new();
        Theme {
            name: ThemeName::Monochrome,
            base: plain,
            title: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            heading: plain.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            border: plain,
            border_focus: plain.add_modifier(Modifier::BOLD),
            selected: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            dim: plain,
            key: plain.add_modifier(Modifier::BOLD),
            good: plain,
            warn: plain.add_modifier(Modifier::BOLD),
            bad: plain.add_modifier(Modifier::BOLD),
            bar: plain,
            input: plain.add_modifier(Modifier::UNDERLINED),
            ascii: false,
        }
    }

    fn high_contrast() -> Theme {
        let on_black = Style::new().fg(Color::White).bg(Color::Black);
        let bold = Modifier::BOLD;
        Theme {
            name: ThemeName::HighContrast,
            base: on_black,
            title: Style::new()
                .fg(Color::Black)
                .bg(Color::White)
                .add_modifier(bold),
            heading: on_black.fg(Color::Yellow).add_modifier(bold),
            border: on_black,
            border_focus: on_black.fg(Color::Yellow).add_modifier(bold),
            selected: Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(bold),
            dim: on_black,
            key: on_black.fg(Color::Yellow).add_modifier(bold),
            good: on_black.fg(Color::LightGreen).add_modifier(bold),
            warn: on_black.fg(Color::Yellow).add_modifier(bold),
            bad: on_black.fg(Color::LightRed).add_modifier(bold),
            bar: on_black.fg(Color::White),
            input: on_black.add_modifier(Modifier::UNDERLINED | bold),
            ascii: false,
        }
    }
}
