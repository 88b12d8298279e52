//! The preflight report: for people, one line per finding under its check and a one-line
//! verdict first; for scripts, JSON (schema in docs/preflight.md).

use super::{Check, Finding, Verdict, verdict};
use crate::base::key;
use crate::base::strings::Strings;
use serde::Serialize;

/// Version of the JSON report's shape; raised when a field changes meaning or goes.
pub const SCHEMA: u32 = 1;

/// The words of a verdict, as the report prints it.
pub fn verdict_word(v: Verdict, s: &Strings) -> &str {
    s.get(match v {
        Verdict::Pass => key::preflight::verdict::PASS,
        Verdict::Warn => key::preflight::verdict::WARN,
        Verdict::Fail => key::preflight::verdict::FAIL,
        Verdict::NotChecked => key::preflight::verdict::NOT_CHECKED,
    })
}

/// What a finding says, its placeholders filled.
pub fn said(f: &Finding, s: &Strings) -> String {
    let args: Vec<(&str, &str)> = filled(f, s).collect();
    s.fill(f.key, &args)
}

/// What to do about a finding, with the finding's own values in its placeholders.
fn to_do(f: &Finding, todo: &str, s: &Strings) -> String {
    let args: Vec<(&str, &str)> = filled(f, s).collect();
    s.fill(todo, &args)
}

/// Every placeholder's value, the catalogue's texts worded by `s`.
fn filled<'a>(f: &'a Finding, s: &'a Strings) -> impl Iterator<Item = (&'static str, &'a str)> {
    let plain = f.args.iter().map(|(n, v)| (*n, v.as_str()));
    plain.chain(f.texts.iter().map(|(n, k)| (*n, s.get(k))))
}

/// The report for people: the verdict line, then each check's findings.
pub fn text(found: &[Finding], origin: &str, when: &str, s: &Strings) -> String {
    let overall = verdict(found);
    let counts = |v: Verdict| found.iter().filter(|f| f.verdict == v).count().to_string();
    let mut out = s.fill(
        key::preflight::report::VERDICT,
        &[
            ("verdict", verdict_word(overall, s)),
            ("pass", &counts(Verdict::Pass)),
            ("warn", &counts(Verdict::Warn)),
            ("fail", &counts(Verdict::Fail)),
            ("not_checked", &counts(Verdict::NotChecked)),
        ],
    );
    out.push('\n');
    out.push_str(&s.fill(
        key::preflight::report::AGAINST,
        &[("plan", origin), ("when", when)],
    ));
    out.push('\n');
    for check in Check::ALL {
        let mine: Vec<&Finding> = found.iter().filter(|f| f.check == check).collect();
        if mine.is_empty() {
            continue;
        }
        out.push('\n');
        out.push_str(&format!("{} ({})\n", s.get(check.title()), check.name()));
        for f in mine {
            out.push_str(&format!(
                "  {:<12} {}\n",
                verdict_word(f.verdict, s),
                said(f, s)
            ));
            if let Some(todo) = f.todo.filter(|_| f.verdict != Verdict::Pass) {
                out.push_str(&format!("  {:<12} {}\n", "", to_do(f, todo, s)));
            }
        }
    }
    out
}

#[derive(Serialize)]
struct Json<'a> {
    schema: u32,
    plan: &'a str,
    checked_at: &'a str,
    verdict: Verdict,
    findings: Vec<JsonFinding>,
}

#[derive(Serialize)]
struct JsonFinding {
    check: Check,
    verdict: Verdict,
    /// The catalogue key: stable, for scripts that act on a particular finding.
    id: &'static str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    todo: Option<String>,
    /// The values the message was filled with, by name.
    values: std::collections::BTreeMap<&'static str, String>,
    /// Of those, the ones that are texts of the catalogue, by their keys: a reader in
    /// another language words them again.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    texts: std::collections::BTreeMap<&'static str, &'static str>,
}

/// The report as JSON: the same findings, with stable ids and their values; `when` is
/// the time of the check in RFC 3339.
pub fn json(found: &[Finding], origin: &str, when: &str, s: &Strings) -> String {
    let report = Json {
        schema: SCHEMA,
        plan: origin,
        checked_at: when,
        verdict: verdict(found),
        findings: found
            .iter()
            .map(|f| JsonFinding {
                check: f.check,
                verdict: f.verdict,
                id: f.key,
                message: said(f, s),
                todo: f.todo.map(|t| to_do(f, t, s)),
                values: filled(f, s).map(|(n, v)| (n, v.to_string())).collect(),
                texts: f.texts.iter().copied().collect(),
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}
