//! hostplan: plan how to host Primero v2 and its OpenFn integrations.
//!
//! The modules are listed by layer, from the bottom up; a module uses its own layer or
//! those above it in this list, never one below (docs/architecture.md, and
//! tests/architecture.rs, which keeps the code to it). The core (questionnaire, answers,
//! plan and what follows from them) is pure: it reads and writes text handed to it and
//! takes the time as an argument.

// Base: text, numbers and load problems, knowing nothing of hosting.
pub mod diag;
pub mod formats;
pub mod idna;
/// A constant for every key of the strings catalogue, written by build.rs, so a key the
/// catalogue lacks does not compile.
pub mod key {
    include!(concat!(env!("OUT_DIR"), "/key.rs"));
}
pub mod strings;
pub mod suggest;
pub mod terminal_safe;
pub(crate) mod tomlread;
pub mod yaml_plain;

// Core model: questions, answers, the plan and what follows from them.
pub mod answer;
pub mod builtin;
pub mod checklist;
pub mod decision;
pub mod flow;
pub mod model;
pub mod options;
pub mod plan;
pub mod plan_edit;
pub mod questionnaire;
pub mod responsibilities;
pub mod sizing;
pub mod value_check;
pub mod workplan;

// Analysis: a whole plan at once.
pub mod adoption;
pub mod analysis;
pub mod summary;

// Storage: files on disk.
pub mod store;

// Exporters: PDF, JSON and the configuration hand-over.
pub mod export;

// Front-end support: what the front-ends and the commands share around a plan.
pub mod session;

// Front-ends (the command line is the binary's).
pub mod ask;
pub mod tui;
