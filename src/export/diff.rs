//! What changed between two versions of a plan: the answers first, then what they moved
//! in the analysis (the recommendation, readiness and gaps, the servers, the milestones,
//! the responsibilities and the checklists). Built on the machine-readable analysis
//! ([`super::json::document`]), so it compares what `plan show --json` prints.

use super::Context;
use crate::analysis::summary::id_label;
use crate::base::key;
use crate::base::strings::Strings;
use crate::core::workplan::is_working_day;
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeSet;

/// The parts of a plan a change belongs to, in the order they are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    Answers,
    Recommendation,
    Readiness,
    Servers,
    Costs,
    Milestones,
    Responsibilities,
    Checklists,
}

impl Part {
    pub const ALL: [Part; 8] = [
        Part::Answers,
        Part::Recommendation,
        Part::Readiness,
        Part::Servers,
        Part::Costs,
        Part::Milestones,
        Part::Responsibilities,
        Part::Checklists,
    ];

    /// The part's heading in the catalogue.
    pub fn title(self) -> &'static str {
        match self {
            Part::Answers => key::diff::part::ANSWERS,
            Part::Recommendation => key::diff::part::RECOMMENDATION,
            Part::Readiness => key::diff::part::READINESS,
            Part::Servers => key::diff::part::SERVERS,
            Part::Costs => key::diff::part::COSTS,
            Part::Milestones => key::diff::part::MILESTONES,
            Part::Responsibilities => key::diff::part::RESPONSIBILITIES,
            Part::Checklists => key::diff::part::CHECKLISTS,
        }
    }
}

/// One change: its part, the id of what changed (a question, a server, a task...), and
/// its words as a catalogue key with the values that fill it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    pub part: Part,
    pub id: String,
    #[serde(rename = "what")]
    pub key: &'static str,
    pub values: Vec<(&'static str, String)>,
}

impl Change {
    fn new(part: Part, id: &str, key: &'static str) -> Change {
        Change {
            part,
            id: id.to_string(),
            key,
            values: Vec::new(),
        }
    }

    fn with(mut self, name: &'static str, value: impl ToString) -> Change {
        self.values.push((name, value.to_string()));
        self
    }

    /// The change in words.
    pub fn words(&self, s: &Strings) -> String {
        let args: Vec<(&str, &str)> = self.values.iter().map(|(n, v)| (*n, v.as_str())).collect();
        s.fill(self.key, &args)
    }
}

/// The changes since a version that was signed, for the PDF's page about them.
#[derive(Clone, Debug, PartialEq)]
pub struct Since {
    /// How the old plan is named: its file.
    pub plan: String,
    /// Its version in words ([`version_words`]).
    pub version: String,
    pub changes: Vec<Change>,
}

impl Since {
    /// What changed from `old` to `new`, for `new`'s PDF.
    pub fn between(old: &Context, new: &Context) -> Since {
        Since {
            plan: old.origin.to_string(),
            version: version_words(old.plan, new.strings),
            changes: changes(old, new),
        }
    }
}

impl Since {
    /// The page of the PDF, worded by `s`: each part that changed, with its lines.
    pub fn page(&self, s: &Strings) -> super::pdf::ChangesPage {
        let parts = Part::ALL
            .into_iter()
            .map(|part| {
                let lines: Vec<String> = self
                    .changes
                    .iter()
                    .filter(|c| c.part == part)
                    .map(|c| c.words(s))
                    .collect();
                (s.get(part.title()).to_string(), lines)
            })
            .filter(|(_, lines)| !lines.is_empty())
            .collect();
        super::pdf::ChangesPage {
            plan: self.plan.clone(),
            version: self.version.clone(),
            parts,
        }
    }
}

/// Every change from `old` to `new`, part by part.
pub fn changes(old: &Context, new: &Context) -> Vec<Change> {
    let a = serde_json::to_value(super::json::document(old)).unwrap_or_default();
    let b = serde_json::to_value(super::json::document(new)).unwrap_or_default();
    let mut found = answers(old, new);
    found.extend(recommendation(old, new, &a, &b));
    found.extend(readiness(&a, &b));
    found.extend(servers(new.strings, &a, &b));
    found.extend(costs(new, &a, &b));
    found.extend(milestones(&a, &b));
    found.extend(responsibilities(&a, &b));
    found.extend(checklists(new.strings, &a, &b));
    found
}

// --- Answers --------------------------------------------------------------------------

fn answers(old: &Context, new: &Context) -> Vec<Change> {
    let q = &new.model.questionnaire;
    let ids: BTreeSet<&String> = old
        .plan
        .answers
        .keys()
        .chain(new.plan.answers.keys())
        .collect();
    // In questionnaire order, then any id the questionnaire does not know.
    let mut ordered: Vec<&String> = q
        .questions()
        .filter_map(|question| ids.iter().find(|id| ***id == question.id).copied())
        .collect();
    ordered.extend(ids.iter().filter(|id| q.question(id).is_none()));
    ordered
        .into_iter()
        .filter_map(|id| answer_change(old, new, id))
        .collect()
}

fn answer_change(old: &Context, new: &Context, id: &str) -> Option<Change> {
    let q = &new.model.questionnaire;
    let shown = |ctx: &Context| {
        ctx.plan.answers.get(id).map(|a| match q.question(id) {
            Some(question) => a.display(question),
            None => a.to_plain(),
        })
    };
    let (before, after) = (shown(old), shown(new));
    let question = q.question(id).map_or(id, |x| x.prompt.as_str());
    let change = match (before, after) {
        (Some(b), Some(a)) if b == a => return None,
        (Some(b), Some(a)) => Change::new(Part::Answers, id, key::diff::answer::CHANGED)
            .with("old", b)
            .with("new", a),
        (None, Some(a)) => Change::new(Part::Answers, id, key::diff::answer::ADDED).with("new", a),
        (Some(b), None) => {
            Change::new(Part::Answers, id, key::diff::answer::REMOVED).with("old", b)
        }
        (None, None) => return None,
    };
    Some(change.with("question", question).with("id", id))
}

// --- The analysis ---------------------------------------------------------------------

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A number as the language writes it (8, 3.75, 1,150).
fn number(v: &Value) -> String {
    match v.as_f64() {
        Some(x) => crate::base::formats::human_decimal(x),
        None => text(v),
    }
}

/// A date of the analysis (ISO) in words, as the rest of hostplan writes dates.
fn day_words(iso: &str) -> String {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d")
        .map_or(iso.to_string(), crate::base::formats::human_date)
}

fn list<'a>(v: &'a Value, field: &str) -> &'a [Value] {
    v[field].as_array().map_or(&[], Vec::as_slice)
}

/// The entries of two lists matched by `id_field`: those in both, in the new order, then
/// those only in the old.
fn pairs<'a>(
    old: &'a [Value],
    new: &'a [Value],
    id_field: &str,
) -> Vec<(String, Option<&'a Value>, Option<&'a Value>)> {
    let find = |list: &'a [Value], id: &str| list.iter().find(|x| x[id_field] == id);
    let mut out: Vec<_> = new
        .iter()
        .map(|n| {
            let id = text(&n[id_field]);
            (id.clone(), find(old, &id), Some(n))
        })
        .collect();
    for o in old {
        let id = text(&o[id_field]);
        if find(new, &id).is_none() {
            out.push((id, Some(o), None));
        }
    }
    out
}

fn recommendation(old: &Context, new: &Context, a: &Value, b: &Value) -> Vec<Change> {
    let label = |ctx: &Context, id: &str| id_label(&ctx.model.questionnaire, id);
    let mut out = Vec::new();
    for (field, k) in [
        ("option", key::diff::recommendation::RECOMMENDED),
        ("commits_to", key::diff::recommendation::COMMITS_TO),
    ] {
        let (x, y) = (
            text(&a["recommendation"][field]),
            text(&b["recommendation"][field]),
        );
        if x != y {
            out.push(
                Change::new(Part::Recommendation, field, k)
                    .with("old", label(old, &x))
                    .with("new", label(new, &y)),
            );
        }
    }
    for (id, before, after) in pairs(list(a, "options"), list(b, "options"), "option") {
        let (Some(x), Some(y)) = (before, after) else {
            continue;
        };
        let word = |v: &Value| {
            new.strings
                .keyed(key::diff::result::PREFIX, &text(&v["result"]))
        };
        if x["result"] != y["result"] {
            out.push(
                Change::new(Part::Recommendation, &id, key::diff::recommendation::RESULT)
                    .with("option", label(new, &id))
                    .with("old", word(x))
                    .with("new", word(y)),
            );
        }
    }
    let reasons = |v: &Value| -> Vec<String> {
        list(&v["recommendation"], "ruled_out_by")
            .iter()
            .map(|r| text(&r["text"]))
            .collect()
    };
    let (x, y) = (reasons(a), reasons(b));
    if x != y {
        let option = label(new, &text(&b["recommendation"]["commits_to"]));
        let change = if y.is_empty() {
            Change::new(
                Part::Recommendation,
                "ruled_out_by",
                key::diff::recommendation::NO_LONGER_RULED_OUT,
            )
        } else {
            Change::new(
                Part::Recommendation,
                "ruled_out_by",
                key::diff::recommendation::RULED_OUT,
            )
            .with("reasons", y.join(" "))
        };
        out.push(change.with("option", option));
    }
    out
}

fn readiness(a: &Value, b: &Value) -> Vec<Change> {
    let mut out = Vec::new();
    let (x, y) = (&a["readiness"]["percent"], &b["readiness"]["percent"]);
    if x != y {
        out.push(
            Change::new(Part::Readiness, "percent", key::diff::readiness::PERCENT)
                .with("old", text(x))
                .with("new", text(y)),
        );
    }
    let gaps_a = list(a, "gaps");
    let gaps_b = list(b, "gaps");
    for (area, before, after) in pairs(gaps_a, gaps_b, "area") {
        let k = match (before, after) {
            (None, Some(_)) => key::diff::readiness::GAP_OPENED,
            (Some(_), None) => key::diff::readiness::GAP_CLOSED,
            _ => continue,
        };
        let title = text(&after.or(before).map_or(Value::Null, |g| g["title"].clone()));
        out.push(Change::new(Part::Readiness, &area, k).with("area", title));
    }
    out
}

fn servers(s: &Strings, a: &Value, b: &Value) -> Vec<Change> {
    let size = |v: &Value| {
        s.fill(
            key::diff::server::SIZE,
            &[
                ("count", &number(&v["count"])),
                ("vcpu", &number(&v["vcpu"])),
                ("ram_gb", &number(&v["ram_gb"])),
                ("disk_gb", &number(&v["disk_gb"])),
            ],
        )
    };
    pairs(list(a, "servers"), list(b, "servers"), "id")
        .into_iter()
        .filter_map(|(id, before, after)| {
            let role = text(&after.or(before)?["role"]);
            let change = match (before, after) {
                (Some(x), Some(y)) if size(x) == size(y) => return None,
                (Some(x), Some(y)) => Change::new(Part::Servers, &id, key::diff::server::CHANGED)
                    .with("old", size(x))
                    .with("new", size(y)),
                (None, Some(y)) => {
                    Change::new(Part::Servers, &id, key::diff::server::ADDED).with("new", size(y))
                }
                (Some(x), None) => {
                    Change::new(Part::Servers, &id, key::diff::server::REMOVED).with("old", size(x))
                }
                (None, None) => return None,
            };
            Some(change.with("role", role))
        })
        .collect()
}

/// Each option's total over the plan, when the plan is priced in both versions.
fn costs(new: &Context, a: &Value, b: &Value) -> Vec<Change> {
    let label = |id: &str| id_label(&new.model.questionnaire, id);
    let money = |v: &Value, costs: &Value| {
        let amount = v["total"].as_i64().unwrap_or(0);
        format!(
            "{} {}",
            crate::base::formats::group_thousands(amount),
            text(&costs["currency"])
        )
    };
    let (ca, cb) = (&a["costs"], &b["costs"]);
    pairs(list(ca, "options"), list(cb, "options"), "option")
        .into_iter()
        .filter_map(|(id, before, after)| {
            let (x, y) = (before?, after?);
            let (old_total, new_total) = (money(x, ca), money(y, cb));
            (old_total != new_total).then(|| {
                Change::new(Part::Costs, &id, key::diff::cost::TOTAL)
                    .with("option", label(&id))
                    .with("old", old_total)
                    .with("new", new_total)
            })
        })
        .collect()
}

fn milestones(a: &Value, b: &Value) -> Vec<Change> {
    let only = |v: &Value| -> Vec<Value> {
        list(&v["work_plan"], "tasks")
            .iter()
            .filter(|t| t["milestone"] == true)
            .cloned()
            .collect()
    };
    let (ma, mb) = (only(a), only(b));
    pairs(&ma, &mb, "id")
        .into_iter()
        .filter_map(|(id, before, after)| {
            let title = text(&after.or(before)?["title"]);
            let change = match (before, after) {
                (Some(x), Some(y)) if x["start"] == y["start"] => return None,
                (Some(x), Some(y)) => moved(&id, &text(&x["start"]), &text(&y["start"])),
                (None, Some(y)) => Change::new(Part::Milestones, &id, key::diff::milestone::ADDED)
                    .with("new", day_words(&text(&y["start"])))
                    .with("new_date", text(&y["start"])),
                (Some(x), None) => {
                    Change::new(Part::Milestones, &id, key::diff::milestone::REMOVED)
                        .with("old", day_words(&text(&x["start"])))
                        .with("old_date", text(&x["start"]))
                }
                (None, None) => return None,
            };
            Some(change.with("title", title))
        })
        .collect()
}

fn moved(id: &str, from: &str, to: &str) -> Change {
    let parse = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
    let days = match (parse(from), parse(to)) {
        (Some(x), Some(y)) => working_days_between(x, y),
        _ => 0,
    };
    let k = if days >= 0 {
        key::diff::milestone::LATER
    } else {
        key::diff::milestone::EARLIER
    };
    Change::new(Part::Milestones, id, k)
        .with("old", day_words(from))
        .with("new", day_words(to))
        .with("old_date", from)
        .with("new_date", to)
        .with("days", days.abs())
}

/// Working days (Monday to Friday) from `from` to `to`: negative when `to` is earlier.
pub fn working_days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    let (lo, hi, sign) = if from <= to {
        (from, to, 1)
    } else {
        (to, from, -1)
    };
    let count = lo
        .iter_days()
        .take_while(|d| *d < hi)
        .skip(1)
        .chain(std::iter::once(hi).filter(|_| lo != hi))
        .filter(|d| is_working_day(*d))
        .count();
    sign * i64::try_from(count).unwrap_or(i64::MAX)
}

fn responsibilities(a: &Value, b: &Value) -> Vec<Change> {
    let party_name = |id: &str| {
        list(b, "parties")
            .iter()
            .chain(list(a, "parties"))
            .find(|p| p["id"] == id)
            .map_or(id.to_string(), |p| text(&p["name"]))
    };
    let mut out = Vec::new();
    for (activity, before, after) in pairs(
        list(a, "responsibilities"),
        list(b, "responsibilities"),
        "activity",
    ) {
        let Some(title) = after.or(before).map(|r| text(&r["title"])) else {
            continue;
        };
        match (before, after) {
            (Some(x), Some(y)) => {
                let parties: BTreeSet<&String> = x["letters"]
                    .as_object()
                    .into_iter()
                    .chain(y["letters"].as_object())
                    .flat_map(|m| m.keys())
                    .collect();
                for party in parties {
                    let (l1, l2) = (text(&x["letters"][party]), text(&y["letters"][party]));
                    if l1 != l2 {
                        out.push(
                            Change::new(
                                Part::Responsibilities,
                                &activity,
                                key::diff::matrix::LETTER,
                            )
                            .with("activity", &title)
                            .with("party", party_name(party))
                            .with("old", dash(l1))
                            .with("new", dash(l2)),
                        );
                    }
                }
            }
            (None, Some(_)) => out.push(
                Change::new(Part::Responsibilities, &activity, key::diff::matrix::ADDED)
                    .with("activity", &title),
            ),
            (Some(_), None) => out.push(
                Change::new(
                    Part::Responsibilities,
                    &activity,
                    key::diff::matrix::REMOVED,
                )
                .with("activity", &title),
            ),
            (None, None) => {}
        }
    }
    out
}

fn dash(letters: String) -> String {
    if letters.is_empty() {
        "–".to_string()
    } else {
        letters
    }
}

fn checklists(s: &Strings, a: &Value, b: &Value) -> Vec<Change> {
    let items = |v: &Value| -> Vec<Value> {
        list(v, "checklists")
            .iter()
            .flat_map(|c| list(c, "items").iter().cloned())
            .collect()
    };
    let status = |v: &Value| s.keyed(key::cli::report::status::PREFIX, &text(&v["status"]));
    let (ia, ib) = (items(a), items(b));
    pairs(&ia, &ib, "id")
        .into_iter()
        .flat_map(|(id, before, after)| {
            let (Some(x), Some(y)) = (before, after) else {
                return Vec::new();
            };
            let mut out = Vec::new();
            if x["status"] != y["status"] {
                out.push(
                    Change::new(Part::Checklists, &id, key::diff::checklist::STATUS)
                        .with("item", text(&y["title"]))
                        .with("old", status(x))
                        .with("new", status(y)),
                );
            }
            if x["due"] != y["due"] && !y["due"].is_null() && !x["due"].is_null() {
                out.push(
                    Change::new(Part::Checklists, &id, key::diff::checklist::DUE)
                        .with("item", text(&y["title"]))
                        .with("old", day_words(&text(&x["due"])))
                        .with("new", day_words(&text(&y["due"]))),
                );
            }
            out
        })
        .collect()
}

/// A plan's version as the signed copy shows it: when it was last changed, and the hash
/// of its answers.
pub fn version_words(plan: &crate::core::plan::Plan, s: &Strings) -> String {
    let (when, hash) = super::pdf::plan_version(plan);
    let when = if when.is_empty() {
        s.get(key::diff::head::UNKNOWN_VERSION).to_string()
    } else {
        when
    };
    s.fill(
        key::diff::head::VERSION,
        &[("when", &when), ("hash", &hash)],
    )
}

/// The changes as JSON for scripts: both plans, whether they differ, and each change with
/// its words.
pub fn json_report(old: &Context, new: &Context, changes: &[Change]) -> String {
    let s = new.strings;
    let side = |ctx: &Context| {
        serde_json::json!({
            "plan": ctx.origin,
            "version": ctx.plan.updated.or(ctx.plan.created).map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
            "answers_hash": super::pdf::answers_hash(ctx.plan),
        })
    };
    let listed: Vec<Value> = changes
        .iter()
        .map(|c| {
            let values: serde_json::Map<String, Value> = c
                .values
                .iter()
                .map(|(n, v)| (n.to_string(), Value::String(v.clone())))
                .collect();
            serde_json::json!({
                "part": c.part,
                "id": c.id,
                "what": c.key,
                "values": values,
                "text": c.words(s),
            })
        })
        .collect();
    let report = serde_json::json!({
        "schema": 1,
        "old": side(old),
        "new": side(new),
        "differ": !changes.is_empty(),
        "changes": listed,
    });
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}

/// The changes as text for people: one heading per part that changed, a line per change.
pub fn text_report(changes: &[Change], s: &Strings) -> String {
    let mut out = String::new();
    for part in Part::ALL {
        let mine: Vec<&Change> = changes.iter().filter(|c| c.part == part).collect();
        if mine.is_empty() {
            continue;
        }
        out.push('\n');
        out.push_str(s.get(part.title()));
        out.push('\n');
        for c in mine {
            out.push_str("  ");
            out.push_str(&c.words(s));
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn working_days_between_count_weekdays_either_way() {
        // Monday 1 March 2027 to Monday 29 March: four weeks.
        assert_eq!(working_days_between(day(2027, 3, 1), day(2027, 3, 29)), 20);
        assert_eq!(working_days_between(day(2027, 3, 29), day(2027, 3, 1)), -20);
        assert_eq!(working_days_between(day(2027, 3, 1), day(2027, 3, 1)), 0);
        // Friday to Monday: one working day later.
        assert_eq!(working_days_between(day(2027, 3, 5), day(2027, 3, 8)), 1);
    }
}
