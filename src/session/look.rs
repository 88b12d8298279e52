//! How the front-ends look: what the command line asked for, as plain values, weighed
//! against what the environment says (NO_COLOR, TERM, the console).

/// The look asked for on the command line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Appearance {
    /// No colour.
    pub no_color: bool,
    /// The high-contrast theme, for projectors.
    pub high_contrast: bool,
    /// ASCII characters only (the wizard).
    pub ascii: bool,
}

impl Appearance {
    /// NO_COLOR (set and not empty) and `--no-color` win over any theme.
    pub fn colourless(&self) -> bool {
        self.no_color || std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
    }

    /// `--ascii`, or the classic Windows console host: its default fonts lack the symbols
    /// the wizard draws. Windows Terminal (which sets WT_SESSION) and others have them.
    pub fn ascii_only(&self) -> bool {
        let classic_console = cfg!(windows)
            && std::env::var_os("WT_SESSION").is_none()
            && std::env::var_os("TERM_PROGRAM").is_none();
        self.ascii || classic_console
    }
}

/// A terminal that cannot redraw (TERM=dumb): only plain lines work there.
pub fn dumb_terminal() -> bool {
    std::env::var("TERM").is_ok_and(|t| t == "dumb")
}
