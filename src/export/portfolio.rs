//! One row per plan for the Primero team's scoping overview: where each country stands.
//! Built on the machine-readable analysis ([`super::json::document`]).

use super::Context;
use crate::base::key;
use crate::base::strings::Strings;
use serde::Serialize;
use serde_json::Value;

/// A plan as the overview shows it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Row {
    /// The plan file.
    pub plan: String,
    pub country: String,
    pub organisation: String,
    /// The option the team chose; empty when it has not chosen yet.
    pub chosen: String,
    pub recommended: String,
    /// Readiness of the team's capacity, in percent; `None` when no capacity area is
    /// known (a plan that has not reached those questions, or SaaS, which asks none).
    pub readiness: Option<u64>,
    /// Capacity gaps to close.
    pub gaps: usize,
    /// The production application server: "2 vCPU, 8 GB, 1150 GB"; empty under SaaS.
    pub main_server: String,
    /// The go-live milestone's day (YYYY-MM-DD); empty when the work plan has none.
    pub go_live: String,
    /// When the plan was last changed (RFC 3339), and the hash of its answers.
    pub version: String,
    pub answers_hash: String,
    pub complete: bool,
}

/// A plan that could not be read, with the first problem found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Broken {
    pub plan: String,
    pub error: String,
}

/// Each plan named, read or not: a plan that fails to load is listed, never left out.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Entry {
    Row(Row),
    Broken(Broken),
}

/// The row of the plan of `ctx`.
pub fn row(ctx: &Context) -> Row {
    let doc = serde_json::to_value(super::json::document(ctx)).unwrap_or_default();
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let label =
        |id: &Value| crate::analysis::summary::id_label(&ctx.model.questionnaire, &text(id));
    let chosen = if doc["recommendation"]["chosen_by_team"] == true {
        label(&doc["recommendation"]["commits_to"])
    } else {
        String::new()
    };
    Row {
        plan: ctx.origin.to_string(),
        country: ctx.answer_plain("country"),
        organisation: ctx.answer_plain("organisation"),
        chosen,
        recommended: label(&doc["recommendation"]["option"]),
        readiness: doc["readiness"]["percent"]
            .as_u64()
            .filter(|_| doc["readiness"]["known_areas"].as_u64().unwrap_or(0) > 0),
        gaps: doc["gaps"].as_array().map_or(0, Vec::len),
        main_server: main_server(&doc, ctx.strings),
        go_live: go_live(&doc),
        version: text(&doc["plan"]["version"]),
        answers_hash: text(&doc["plan"]["answers_hash"]),
        complete: doc["plan"]["complete"] == true,
    }
}

fn main_server(doc: &Value, s: &Strings) -> String {
    let Some(app) = doc["servers"]
        .as_array()
        .and_then(|list| list.iter().find(|x| x["id"] == "app_server"))
    else {
        return String::new();
    };
    let number = |v: &Value| {
        v.as_f64()
            .map(crate::base::formats::human_decimal)
            .unwrap_or_default()
    };
    s.fill(
        key::portfolio::table::SERVER,
        &[
            ("vcpu", &number(&app["vcpu"])),
            ("ram_gb", &number(&app["ram_gb"])),
            ("disk_gb", &number(&app["disk_gb"])),
        ],
    )
}

/// The day of the go-live milestone, else of the work plan's last milestone.
fn go_live(doc: &Value) -> String {
    let tasks = doc["work_plan"]["tasks"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let milestones: Vec<&Value> = tasks.iter().filter(|t| t["milestone"] == true).collect();
    milestones
        .iter()
        .find(|t| t["id"] == "go_live")
        .or(milestones.last())
        .and_then(|t| t["start"].as_str())
        .unwrap_or_default()
        .to_string()
}

/// The column headings, in the order of [`cells`].
pub fn headings(s: &Strings) -> Vec<String> {
    [
        key::portfolio::column::PLAN,
        key::portfolio::column::COUNTRY,
        key::portfolio::column::ORGANISATION,
        key::portfolio::column::CHOSEN,
        key::portfolio::column::RECOMMENDED,
        key::portfolio::column::READINESS,
        key::portfolio::column::GAPS,
        key::portfolio::column::MAIN_SERVER,
        key::portfolio::column::GO_LIVE,
        key::portfolio::column::VERSION,
        key::portfolio::column::COMPLETE,
    ]
    .iter()
    .map(|k| s.get(k).to_string())
    .collect()
}

/// An entry's cells for people (the table and the CSV): a broken plan's error stands in
/// the second column.
pub fn cells(entry: &Entry, s: &Strings) -> Vec<String> {
    match entry {
        Entry::Row(r) => vec![
            r.plan.clone(),
            r.country.clone(),
            r.organisation.clone(),
            r.chosen.clone(),
            r.recommended.clone(),
            r.readiness
                .map_or_else(|| "–".to_string(), |p| format!("{p}%")),
            r.gaps.to_string(),
            r.main_server.clone(),
            r.go_live.clone(),
            r.version.clone(),
            s.get(if r.complete {
                key::portfolio::table::YES
            } else {
                key::portfolio::table::NO
            })
            .to_string(),
        ],
        Entry::Broken(b) => {
            let mut row = vec![
                b.plan.clone(),
                s.fill(key::portfolio::table::BROKEN, &[("error", &b.error)]),
            ];
            row.resize(11, String::new());
            row
        }
    }
}

/// The entries as CSV, with a heading row.
pub fn csv(entries: &[Entry], s: &Strings) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(headings(s));
    for e in entries {
        let _ = w.write_record(cells(e, s));
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// The widest a cell of the terminal table may be; longer ones end with "…" (the CSV
/// and JSON keep them whole).
const CELL_WIDTH: usize = 32;

/// The entries as a table for the terminal: columns as wide as their widest cell, up to
/// [`CELL_WIDTH`] (the plan's file whole); plans that could not be read come last, each
/// with its error on the rest of its line.
pub fn table(entries: &[Entry], s: &Strings) -> String {
    use unicode_width::UnicodeWidthStr;
    // The plan's file is never cut: it is what names the row.
    let fit = |row: Vec<String>| -> Vec<String> {
        row.iter()
            .enumerate()
            .map(|(i, c)| {
                if i == 0 {
                    c.clone()
                } else {
                    cut(c, CELL_WIDTH)
                }
            })
            .collect()
    };
    let rows: Vec<Vec<String>> = std::iter::once(headings(s))
        .chain(
            entries
                .iter()
                .filter(|e| matches!(e, Entry::Row(_)))
                .map(|e| cells(e, s)),
        )
        .map(fit)
        .collect();
    let widths: Vec<usize> = (0..rows[0].len())
        .map(|i| rows.iter().map(|r| r[i].width()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in &rows {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, w)| format!("{cell}{}", " ".repeat(w - cell.width())))
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    for e in entries.iter().filter(|e| matches!(e, Entry::Broken(_))) {
        let row = cells(e, s);
        out.push_str(&format!("{}  {}\n", row[0], row[1]));
    }
    out
}

/// `text` in at most `width` columns, ending with "…" when cut.
fn cut(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width.saturating_sub(1) && unicode_width::UnicodeWidthStr::width(text) > width
        {
            out.push('…');
            return out;
        }
        used += w;
        out.push(c);
    }
    out
}

/// The entries as JSON: rows, and broken plans with their error.
pub fn json(entries: &[Entry]) -> String {
    let mut text = serde_json::to_string_pretty(entries).unwrap_or_default();
    text.push('\n');
    text
}
