//! hostplan: plan how to host Primero v2 and its OpenFn integrations.
//!
//! The modules are listed by layer, from the bottom up, and the first three layers are
//! folders of their own; a module uses its own layer or those above it in this list,
//! never one below (docs/architecture.md, and tests/architecture.rs, which keeps the code
//! to it). The core (questionnaire, answers, plan and what follows from them) is pure: it
//! reads and writes text handed to it and takes the time as an argument.

/// Text, numbers and load problems, knowing nothing of hosting.
pub mod base;

/// Questions, answers, the plan and what follows from them: pure data and rules.
pub mod core;

/// A whole plan at once: the results, their summary, the adoption advice.
pub mod analysis;

/// Files on disk.
pub mod store;

/// PDF, JSON and the configuration hand-over.
pub mod export;

/// The server delivered, checked against the plan before installing.
pub mod preflight;

/// What the front-ends and the commands share around a plan.
pub mod session;

// Front-ends (the command line is the binary's).
pub mod ask;
pub mod tui;
