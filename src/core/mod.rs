//! The core: questions, answers, the plan and what follows from them (decision, sizing,
//! responsibilities, work plan, checklists). Pure data and rules: no terminal, file or
//! clock inside; text and the time are handed in.

pub mod answer;
pub mod builtin;
pub mod checklist;
pub mod cost;
pub mod decision;
pub mod flow;
pub mod model;
pub mod options;
pub mod plan;
pub mod plan_edit;
pub mod questionnaire;
pub mod responsibilities;
pub mod sizing;
pub mod texts;
pub mod value_check;
pub mod workplan;
