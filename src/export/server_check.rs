//! A preflight report (`hostplan preflight --json`, docs/preflight.md) read back for the
//! work plan's appendix: when the server was checked and what was found. The findings are
//! worded again from their ids and values, in the language of the document.

use crate::base::diag::Problem;
use crate::base::key;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The report's shape this reader knows.
const SCHEMA: u32 = 1;

#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct ServerCheck {
    pub schema: u32,
    pub plan: String,
    pub checked_at: String,
    pub verdict: String,
    pub findings: Vec<Checked>,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct Checked {
    pub check: String,
    pub verdict: String,
    pub id: String,
    pub message: String,
    #[serde(default)]
    pub values: BTreeMap<String, String>,
    /// Values that are texts of the catalogue, by key (a report before this field has
    /// none).
    #[serde(default)]
    pub texts: BTreeMap<String, String>,
}

impl ServerCheck {
    /// Reads a saved report; a problem at the line and column where it is not one.
    pub fn parse(text: &str, origin: &str) -> Result<ServerCheck, Problem> {
        let report: ServerCheck = serde_json::from_str(text).map_err(|e| {
            Problem::error(
                key::pdf::appendix::UNREADABLE,
                vec![("error", e.to_string())],
            )
            .in_file(format!("{origin}:{}:{}", e.line(), e.column()))
        })?;
        if report.schema != SCHEMA {
            let args = vec![
                ("found", report.schema.to_string()),
                ("known", SCHEMA.to_string()),
            ];
            return Err(Problem::error(key::pdf::appendix::SCHEMA, args).in_file(origin));
        }
        Ok(report)
    }
}
