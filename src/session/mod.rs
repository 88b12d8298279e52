//! What the front-ends and the commands share around a plan: files, signals, clock, output.

pub mod catalog;
pub mod clock;
pub mod companions;
pub mod look;
pub mod plan_file;
pub(crate) mod plans_home;
mod print;
pub mod problems;
pub mod readfile;
pub(crate) mod stop_signal;
pub mod texts;
