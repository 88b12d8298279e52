//! Saving a plan by editing the text it was read from, so what a person wrote by hand
//! (comments, order, spacing, quoting) outlives the first save. Only the values that
//! changed are rewritten, each exactly as [`Plan::to_toml`] would write it; a plan whose
//! text cannot be edited this way is written afresh.

use crate::core::answer::{Answer, toml_string};
use crate::core::plan::{FORMAT, Plan};
use crate::core::questionnaire::{Answers, Questionnaire, answer_from_toml};
use chrono::SecondsFormat;
use std::collections::{HashMap, HashSet};
use toml_edit::{DocumentMut, Item, Table, Value};

/// The text to save for `plan`, made from `previous`, the file's text as last read or
/// written.
pub fn edit(previous: &str, plan: &Plan, q: &Questionnaire) -> String {
    try_edit(previous, plan, q).unwrap_or_else(|| plan.to_toml(q, false))
}

fn try_edit(previous: &str, plan: &Plan, q: &Questionnaire) -> Option<String> {
    let mut doc: DocumentMut = previous.parse().ok()?;
    let before = previous_answers(previous, q)?;
    let orphan = edit_top(doc.as_table_mut(), plan);
    let answers = answers_table(&mut doc)?;
    if let Some(text) = orphan {
        // Comments above a removed top-level key move to the next thing in the file.
        let decor = answers.decor_mut();
        let rest = raw(decor.prefix()).unwrap_or_default();
        decor.set_prefix(format!("{text}{rest}"));
    }
    let places = Places::of(q);
    let orphan = edit_answers(answers, &before, &plan.answers, &places);
    if let Some(text) = orphan {
        let rest = doc.trailing().as_str().unwrap_or_default().to_string();
        doc.set_trailing(format!("{text}{rest}"));
    }
    Some(doc.to_string())
}

/// The answers the previous text gave, as the plan reader reads them, to tell which ones
/// changed in value (not only in how they are written).
fn previous_answers(previous: &str, q: &Questionnaire) -> Option<Answers> {
    let doc = toml::de::DeTable::parse(previous).ok()?;
    let mut out = Answers::new();
    let Some(table) = doc.get_ref().get("answers") else {
        return Some(out);
    };
    let toml::de::DeValue::Table(table) = table.get_ref() else {
        return None;
    };
    for (key, value) in table.iter() {
        let id = key.get_ref().as_ref();
        let answer = q
            .question(id)
            .and_then(|question| answer_from_toml(question.kind, value.get_ref()).ok());
        if let Some(a) = answer {
            out.insert(id.to_string(), a);
        }
    }
    Some(out)
}

/// The top-level keys, in the order [`Plan::to_toml`] writes them, with their new text;
/// `None` for a key the plan no longer has.
fn top_values(plan: &Plan) -> [(&'static str, Option<String>); 6] {
    let time = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
    };
    [
        ("format", Some(FORMAT.to_string())),
        ("questionnaire", Some(toml_string(&plan.questionnaire))),
        (
            "questionnaire_version",
            Some(toml_string(&plan.questionnaire_version)),
        ),
        ("created", time(plan.created)),
        ("updated", time(plan.updated)),
        ("resume_at", plan.resume_at.as_deref().map(toml_string)),
    ]
}

/// Updates the top-level keys; returns the comments of removed keys that had no key after
/// them to go to.
fn edit_top(root: &mut Table, plan: &Plan) -> Option<String> {
    let mut orphan = None;
    for (key, text) in top_values(plan) {
        match text {
            Some(text) => set_value(root, key, &text, same),
            None => {
                if let Some(text) = remove_keeping_comments(root, key, |_| true) {
                    orphan = Some(format!("{}{text}", orphan.unwrap_or_default()));
                }
            }
        }
    }
    orphan
}

/// Sets `key` to the value written `text`, unless `unchanged` says the old value already
/// means the same. A changed value keeps its spacing and the comment after it.
fn set_value(table: &mut Table, key: &str, text: &str, unchanged: impl Fn(&Value, &Value) -> bool) {
    let Ok(mut new) = text.parse::<Value>() else {
        return;
    };
    match table.get_mut(key) {
        Some(Item::Value(old)) => {
            if !unchanged(old, &new) {
                *new.decor_mut() = old.decor().clone();
                *old = new;
            }
        }
        Some(item) => *item = Item::Value(new),
        None => {
            table.insert(key, Item::Value(new));
        }
    }
}

/// Whether two values are the same data, however each is written.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x.value() == y.value(),
        (Value::Integer(x), Value::Integer(y)) => x.value() == y.value(),
        (Value::Float(x), Value::Float(y)) => x.value() == y.value(),
        (Value::Boolean(x), Value::Boolean(y)) => x.value() == y.value(),
        (Value::Datetime(x), Value::Datetime(y)) => x.value() == y.value(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(a, b)| same(a, b))
        }
        _ => false,
    }
}

/// The comments above a key are kept when it goes: they move to the next key, unless
/// `keep` turns them down. Returns them when there is no next key.
fn remove_keeping_comments(
    table: &mut Table,
    key: &str,
    keep: impl Fn(&str) -> bool,
) -> Option<String> {
    let at = ids(table).iter().position(|k| k == key)?;
    let (removed, _) = table.remove_entry(key)?;
    let comments = raw(removed.leaf_decor().prefix()).filter(|c| !c.is_empty() && keep(c))?;
    // Keys of sub-tables are written elsewhere in the file, under their own header.
    let next = ids(table)
        .into_iter()
        .skip(at)
        .find(|k| table.get(k).is_some_and(Item::is_value));
    let Some(next) = next else {
        return Some(comments);
    };
    let mut next = table.key_mut(&next)?;
    let decor = next.leaf_decor_mut();
    let rest = raw(decor.prefix()).unwrap_or_default();
    decor.set_prefix(format!("{comments}{rest}"));
    None
}

fn raw(raw: Option<&toml_edit::RawString>) -> Option<String> {
    raw.and_then(|r| r.as_str()).map(str::to_string)
}

/// The `[answers]` table to edit, added when the text has none. `None` for answers written
/// another way (an inline table, dotted keys), which are written afresh.
fn answers_table(doc: &mut DocumentMut) -> Option<&mut Table> {
    if !doc.contains_key("answers") {
        let mut table = Table::new();
        table.decor_mut().set_prefix("\n");
        doc.insert("answers", Item::Table(table));
    }
    match doc.get_mut("answers")? {
        Item::Table(t) if !t.is_dotted() => Some(t),
        _ => None,
    }
}

/// Where each question stands in the questionnaire: its section and its rank.
struct Places<'q> {
    at: HashMap<&'q str, (usize, usize)>,
    titles: Vec<&'q str>,
}

impl<'q> Places<'q> {
    fn of(q: &'q Questionnaire) -> Places<'q> {
        let mut at = HashMap::new();
        for (s, section) in q.sections.iter().enumerate() {
            for question in &section.questions {
                at.insert(question.id.as_str(), (s, at.len()));
            }
        }
        let titles = q.sections.iter().map(|s| s.title.as_str()).collect();
        Places { at, titles }
    }

    fn section(&self, id: &str) -> Option<usize> {
        self.at.get(id).map(|p| p.0)
    }

    fn rank(&self, id: &str) -> usize {
        self.at.get(id).map_or(usize::MAX, |p| p.1)
    }

    /// The comment [`Plan::to_toml`] writes above a section's first answer.
    fn heading(&self, section: usize) -> String {
        format!("\n# {}\n", self.titles[section])
    }
}

/// Removes, changes and adds answers; returns comments left with nowhere to go.
fn edit_answers(
    table: &mut Table,
    before: &Answers,
    now: &Answers,
    places: &Places,
) -> Option<String> {
    let orphan = remove_answers(table, now, places);
    for (id, answer) in now {
        if table.contains_key(id) && before.get(id) != Some(answer) {
            set_value(table, id, &answer.to_toml(), |_, _| false);
        }
    }
    add_answers(table, now, places);
    orphan
}

fn remove_answers(table: &mut Table, now: &Answers, places: &Places) -> Option<String> {
    let gone: Vec<String> = table
        .iter()
        .map(|(k, _)| k.to_string())
        .filter(|k| !now.contains_key(k))
        .collect();
    let mut orphan = String::new();
    for id in gone {
        let section = places.section(&id);
        // A section left without answers loses the heading written for it, as a fresh
        // save would have it; every other comment stays.
        let emptied = section.filter(|s| {
            !ids(table)
                .iter()
                .any(|k| *k != id && places.section(k) == Some(*s))
        });
        let keep = |c: &str| emptied.is_none_or(|s| c != places.heading(s));
        let next_in_section = next_key(table, &id).is_some_and(|n| places.section(&n) == section);
        let text = if next_in_section {
            remove_keeping_comments(table, &id, |_| true)
        } else {
            remove_keeping_comments(table, &id, keep)
        };
        orphan.push_str(&text.unwrap_or_default());
    }
    (!orphan.is_empty()).then_some(orphan)
}

fn ids(table: &Table) -> Vec<String> {
    table.iter().map(|(k, _)| k.to_string()).collect()
}

fn next_key(table: &Table, id: &str) -> Option<String> {
    let keys = ids(table);
    let at = keys.iter().position(|k| k == id)?;
    keys.get(at + 1).cloned()
}

/// Adds the new answers, each after the answer that comes before it in the questionnaire,
/// with its section's heading when it is the section's first.
fn add_answers(table: &mut Table, now: &Answers, places: &Places) {
    let kept = ids(table);
    let mut new: Vec<(&String, &Answer)> = now
        .iter()
        .filter(|(id, _)| !table.contains_key(id))
        .collect();
    if new.is_empty() {
        return;
    }
    new.sort_by_key(|(id, _)| places.rank(id));
    // Worked out once: a plan answered by script adds thousands of answers in one save.
    let mut answered: HashSet<Option<usize>> = kept.iter().map(|k| places.section(k)).collect();
    for (id, answer) in &new {
        let Ok(value) = answer.to_toml().parse::<Value>() else {
            continue;
        };
        let section = places.section(id);
        let alone = answered.insert(section);
        table.insert(id, Item::Value(value));
        if let (true, Some(s)) = (alone, section) {
            let mut key = table.key_mut(id).expect("just inserted");
            key.leaf_decor_mut().set_prefix(places.heading(s));
        }
    }
    let order = positions(&kept, &new, places);
    table.sort_values_by(|a, _, b, _| order.get(a.get()).cmp(&order.get(b.get())));
    let kept: HashSet<&str> = kept.iter().map(String::as_str).collect();
    move_headings(table, &kept, places);
}

/// Where each key goes: kept answers stay in the order they were in; a new one goes after
/// the nearest kept answer that comes before it in the questionnaire.
fn positions(
    kept: &[String],
    new: &[(&String, &Answer)],
    places: &Places,
) -> HashMap<String, (usize, usize, usize)> {
    let mut order = HashMap::new();
    for (i, id) in kept.iter().enumerate() {
        order.insert(id.clone(), (i + 1, 0, 0));
    }
    // Kept answers by rank, each with its place in the file, for a binary search per new one.
    let mut by_rank: Vec<(usize, usize)> = kept
        .iter()
        .enumerate()
        .map(|(i, k)| (places.rank(k), i + 1))
        .collect();
    by_rank.sort_unstable();
    for (id, _) in new {
        let rank = places.rank(id);
        let before = by_rank.partition_point(|(r, _)| *r < rank);
        let after = before.checked_sub(1).map_or(0, |i| by_rank[i].1);
        order.insert((*id).clone(), (after, 1, rank));
    }
    order
}

/// A new answer placed above its section's first kept answer takes the section heading
/// from it, so the heading stays at the top of its section.
fn move_headings(table: &mut Table, kept: &HashSet<&str>, places: &Places) {
    let keys = ids(table);
    for (i, id) in keys.iter().enumerate() {
        let section = places.section(id);
        let first = i == 0 || places.section(&keys[i - 1]) != section;
        if kept.contains(id.as_str()) || !first {
            continue;
        }
        let Some(s) = section else { continue };
        let owner = keys[i + 1..]
            .iter()
            .take_while(|k| places.section(k) == section)
            .find(|k| kept.contains(k.as_str()));
        if let Some(owner) = owner {
            take_heading(table, owner, id, &places.heading(s));
        }
    }
}

/// Moves everything above `heading` in `from`'s comments, the heading included, to `to`.
fn take_heading(table: &mut Table, from: &str, to: &str, heading: &str) {
    let Some(comments) = table.key(from).and_then(|k| raw(k.leaf_decor().prefix())) else {
        return;
    };
    let Some(at) = comments.find(heading) else {
        return;
    };
    let (above, below) = comments.split_at(at + heading.len());
    let (above, below) = (above.to_string(), below.to_string());
    if let Some(mut key) = table.key_mut(from) {
        key.leaf_decor_mut().set_prefix(below);
    }
    if let Some(mut key) = table.key_mut(to) {
        key.leaf_decor_mut().set_prefix(above);
    }
}

#[cfg(test)]
mod tests;
