//! Every integration test in one binary, a module per area: one link instead of one per
//! file, and the shared helpers in `common` are compiled once.

mod common;
/// The SaaS path typed through `ask`, shared by its plain-line and terminal tests.
#[path = "ask/saas.rs"]
mod saas;

mod adoption;
mod advice;
mod architecture;
mod ask;
mod ask_tmux;
mod bad_inputs;
mod check_at_question;
mod check_cmd;
mod check_ready;
mod check_unreadable;
mod check_yaml;
mod checklists;
mod cli;
mod config_export;
mod config_golden;
mod config_no_panic;
mod config_samples;
mod config_scale;
mod config_values;
mod cost;
mod decision;
mod decision_advice;
mod flow;
mod fuzz_loaders;
mod ics;
mod injection;
mod install_guard;
mod language_choice;
mod languages;
mod no_panic;
mod pdf;
mod pdf_scripts;
mod plan_diff;
mod plan_file;
mod plan_keep;
mod plan_lock;
mod portfolio;
mod preflight;
mod preflight_database;
mod preflight_services;
mod preflight_system;
mod questionnaire_check;
mod ready_no_panic;
mod responsibilities;
mod runbook;
mod scale;
mod shipped;
mod sizing;
mod strings;
mod wizard;
mod wizard_screens;
mod wizard_tmux;
mod workplan;
mod xlsx;
