//! The full-screen wizard: state and key handling in [`app`], drawing in [`view`]. It is a
//! front-end over the core: it asks through the shared [`crate::core::flow::Session`], shows the
//! core's analysis, and reaches files and the clock only through [`app::Host`].

pub mod answer_input;
pub mod app;
pub mod glyphs;
pub mod keys;
pub mod run;
pub mod start;
pub mod text_input;
pub mod theme;
pub mod view;

pub use app::{App, Host, SaveFailure, Screen};
pub use theme::{Theme, ThemeName};

/// Draws a frame of the wizard: the app works out what the frame shows, the view draws it
/// reading the app only, and the app keeps its positions in range by what the view found.
pub fn draw(frame: &mut ratatui::Frame, app: &mut App) {
    app.prepare();
    let drawn = view::draw(frame, app);
    app.settle(drawn);
}
