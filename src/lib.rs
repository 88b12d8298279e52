//! hostplan: plan how to host Primero v2 and its OpenFn integrations.
//!
//! The core (questionnaire, answers, plan) is pure: it reads and writes text handed to it
//! and takes the time as an argument. Files live in [`store`]; the command line in the binary.

pub mod adoption;
pub mod analysis;
pub mod answer;
pub mod ask;
pub mod builtin;
pub mod checklist;
pub mod decision;
pub mod diag;
pub mod export;
pub mod flow;
pub mod formats;
pub mod idna;
pub mod model;
pub mod options;
pub mod plan;
pub mod plan_edit;
pub mod questionnaire;
pub mod responsibilities;
pub mod session;
pub mod sizing;
pub mod store;
pub mod strings;
pub mod suggest;
pub mod summary;
pub mod terminal_safe;
pub(crate) mod tomlread;
pub mod tui;
pub mod value_check;
pub mod workplan;
pub mod yaml_plain;
