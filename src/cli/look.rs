//! The look flags (colours, theme, plain lines, ASCII) shared by `wizard` and `ask`. They
//! sit apart from both commands so that neither has to import the other for them.

use clap::{Args, ValueEnum};
use hostplan::tui::{Theme, ThemeName};

/// How the wizard looks. Given on the wizard's command line (or before no command at all),
/// so other commands' help does not list flags that change nothing there.
#[derive(Args, Clone, Debug)]
pub struct Look {
    #[command(flatten)]
    pub colours: Colours,
    /// Ask line by line instead of full-screen (as `hostplan ask`)
    #[arg(long)]
    pub plain: bool,
    /// Draw with ASCII characters only, for a console whose font lacks box drawing and
    /// symbols (the classic Windows console gets this by itself)
    #[arg(long)]
    pub ascii: bool,
}

/// The colours of the wizard and of `ask`'s prompts.
#[derive(Args, Clone, Debug, Default)]
pub struct Colours {
    /// No colour (NO_COLOR in the environment does the same)
    #[arg(long)]
    pub no_color: bool,
    /// Colour theme: high-contrast suits projectors
    #[arg(long, value_enum, default_value_t = ThemeArg::Default)]
    pub theme: ThemeArg,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ThemeArg {
    #[default]
    Default,
    HighContrast,
}

impl Look {
    /// These flags given before the command, completed by those given after it.
    pub fn with(self, after: Look) -> Look {
        Look {
            colours: self.colours.with(after.colours),
            plain: self.plain || after.plain,
            ascii: self.ascii || after.ascii,
        }
    }

    /// `--ascii`, or the classic Windows console host: its default fonts lack the symbols
    /// the wizard draws. Windows Terminal (which sets WT_SESSION) and others have them.
    pub fn ascii_only(&self) -> bool {
        let classic_console = cfg!(windows)
            && std::env::var_os("WT_SESSION").is_none()
            && std::env::var_os("TERM_PROGRAM").is_none();
        self.ascii || classic_console
    }

    /// A terminal that cannot redraw (TERM=dumb): only plain lines work there.
    pub fn dumb_terminal() -> bool {
        std::env::var("TERM").is_ok_and(|t| t == "dumb")
    }
}

impl Colours {
    /// These flags given before the command, completed by those given after it; a theme
    /// named after the command wins.
    pub fn with(self, after: Colours) -> Colours {
        Colours {
            no_color: self.no_color || after.no_color,
            theme: match after.theme {
                ThemeArg::Default => self.theme,
                named => named,
            },
        }
    }

    /// NO_COLOR (set and not empty) and `--no-color` win over any theme.
    pub fn colourless(&self) -> bool {
        self.no_color || std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
    }

    pub fn theme(&self) -> Theme {
        let name = match (self.colourless(), self.theme) {
            (true, _) => ThemeName::Monochrome,
            (false, ThemeArg::HighContrast) => ThemeName::HighContrast,
            (false, ThemeArg::Default) => ThemeName::Default,
        };
        Theme::new(name)
    }
}
