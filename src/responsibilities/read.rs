//! Reading the responsibilities matrix, every problem with its place and the activity
//! (or party) it concerns.

use super::{
    ANSWER_PLACEHOLDER, Activity, AnswerText, BUILTIN_MATRIX, BUILTIN_ORIGIN, Group, LegendEntry,
    Letters, Matrix, NOT_APPLICABLE, Party, Row, SupportLevel,
};
use crate::diag::{Collector, Loaded, Source};
use crate::options::HostingOption;
use crate::questionnaire::{Questionnaire, parse_condition};
use crate::suggest::did_you_mean;
use crate::tomlread::{self as tr, type_words};
use std::collections::BTreeMap;
use std::ops::Range;
use toml::de::{DeTable, DeValue};

impl Matrix {
    /// Reads and checks a matrix against the questionnaire its conditions and answer texts
    /// look at. On success, returns it with any warnings; otherwise every problem found,
    /// each located and naming the activity (or party) it concerns.
    pub fn parse(source: Source, q: &Questionnaire) -> Loaded<Matrix> {
        let mut c = Collector::new(source);
        let Some(doc) = tr::parse_document(source.text, &mut c) else {
            return Err(c.finish());
        };
        let m = read_matrix(&mut c, doc.get_ref(), doc.span(), q);
        if c.has_errors() {
            Err(c.finish())
        } else {
            Ok((m, c.finish()))
        }
    }

    /// The shipped matrix, read against the shipped questionnaire. Its tests guarantee it
    /// parses.
    pub fn builtin() -> Matrix {
        let catalog = match crate::builtin::Catalog::builtin() {
            Ok(c) => c,
            Err(problems) => panic!("the built-in questionnaire is broken: {problems:#?}"),
        };
        let Some(q) = catalog.get("primero") else {
            panic!("the built-in catalog has no `primero` questionnaire");
        };
        match Matrix::parse(Source::new(BUILTIN_ORIGIN, BUILTIN_MATRIX), q) {
            Ok((m, _)) => m,
            Err(problems) => {
                panic!("the built-in responsibilities matrix is broken: {problems:#?}")
            }
        }
    }
}

const TOP_KEYS: &[&str] = &[
    "legend",
    "support_levels",
    "parties",
    "groups",
    "activities",
];
const LEGEND_KEYS: &[&str] = &["code", "meaning"];
const LEVEL_KEYS: &[&str] = &["level", "title", "description"];
const PARTY_KEYS: &[&str] = &[
    "id",
    "name",
    "short",
    "description",
    "name_from",
    "not_needed_when",
    "stand_in",
];
const ANSWER_TEXT_KEYS: &[&str] = &["question", "text"];
const GROUP_KEYS: &[&str] = &["id", "title"];
const ACTIVITY_KEYS: &[&str] = &[
    "id",
    "title",
    "description",
    "group",
    "support_level",
    "applies_when",
    "note_from",
    "raci",
];
const LEGEND_CODES: &[&str] = &["R", "A", "AR", "C", "I", NOT_APPLICABLE];

fn read_matrix(c: &mut Collector, top: &DeTable, span: Range<usize>, q: &Questionnaire) -> Matrix {
    tr::check_keys(c, top, TOP_KEYS, None, "the responsibilities matrix");
    let legend = read_legend(c, top, &span);
    let support_levels = read_levels(c, top);
    let parties = read_parties(c, top, &span, q);
    let groups = read_groups(c, top);
    let party_ids: Vec<&str> = parties.iter().map(|p| p.id.as_str()).collect();
    let group_ids: Vec<&str> = groups.iter().map(|g| g.id.as_str()).collect();
    let levels: Vec<u8> = support_levels.iter().map(|l| l.level).collect();
    let ctx = Ctx {
        parties: &party_ids,
        groups: &group_ids,
        levels: &levels,
        q,
    };
    let activities = read_activities(c, top, &span, &ctx);
    Matrix {
        legend,
        support_levels,
        parties,
        groups,
        activities,
        acting: BTreeMap::new(),
    }
}

/// What an activity is checked against.
struct Ctx<'a> {
    parties: &'a [&'a str],
    groups: &'a [&'a str],
    levels: &'a [u8],
    q: &'a Questionnaire,
}

fn read_legend(c: &mut Collector, top: &DeTable, span: &Range<usize>) -> Vec<LegendEntry> {
    let mut out: Vec<LegendEntry> = Vec::new();
    for (t, s) in tr::tables(c, top, "legend", None) {
        tr::check_keys(c, t, LEGEND_KEYS, None, "a legend entry");
        let code = tr::required_string(c, t, &s, "code", None, "a legend entry");
        let meaning = tr::required_string(c, t, &s, "meaning", None, "a legend entry");
        let (Some((code, cspan)), Some((meaning, _))) = (code, meaning) else {
            continue;
        };
        if !LEGEND_CODES.contains(&code.as_str()) {
            c.error_help(
                cspan,
                None,
                format!("`{code}` is not a code of the matrix"),
                format!("the codes are: {}", LEGEND_CODES.join(", ")),
            );
        } else if out.iter().any(|e| e.code == code) {
            c.error(cspan, None, format!("the legend explains `{code}` twice"));
        } else {
            out.push(LegendEntry { code, meaning });
        }
    }
    let at = tr::get(top, "legend").map_or(span.start..span.start, |v| v.span());
    for code in LEGEND_CODES {
        if !out.iter().any(|e| e.code == *code) {
            c.error_help(
                at.clone(),
                None,
                format!("the legend does not explain `{code}`"),
                format!("add `[[legend]]` with `code = \"{code}\"` and its `meaning`"),
            );
        }
    }
    out
}

fn read_levels(c: &mut Collector, top: &DeTable) -> Vec<SupportLevel> {
    let mut out: Vec<SupportLevel> = Vec::new();
    for (t, s) in tr::tables(c, top, "support_levels", None) {
        tr::check_keys(c, t, LEVEL_KEYS, None, "a support level");
        let what = "a support level";
        let level = read_level_number(c, t, "level", None);
        if level.is_none() && tr::get(t, "level").is_none() {
            c.error_help(
                s.clone(),
                None,
                "a support level has no `level`",
                "add `level = 1`",
            );
        }
        let title = tr::required_string(c, t, &s, "title", None, what);
        let description = tr::required_string(c, t, &s, "description", None, what);
        let (Some(level), Some((title, _)), Some((description, _))) = (level, title, description)
        else {
            continue;
        };
        if out.iter().any(|l| l.level == level) {
            c.error(s, None, format!("support level {level} is defined twice"));
            continue;
        }
        out.push(SupportLevel {
            level,
            title,
            description,
        });
    }
    out
}

/// A support level number, 1 to 9.
fn read_level_number(c: &mut Collector, t: &DeTable, key: &str, id: Option<&str>) -> Option<u8> {
    let v = tr::get(t, key)?;
    match tr::integer_of(v.get_ref()) {
        Some(Ok(n)) if (1..=9).contains(&n) => u8::try_from(n).ok(),
        _ => {
            c.error(
                v.span(),
                id,
                format!(
                    "`{key}` must be a whole number from 1 to 9, not {}",
                    shown(v.get_ref())
                ),
            );
            None
        }
    }
}

fn first_word(name: &str) -> String {
    name.split_whitespace().next().unwrap_or(name).to_string()
}

fn read_parties(
    c: &mut Collector,
    top: &DeTable,
    span: &Range<usize>,
    q: &Questionnaire,
) -> Vec<Party> {
    let mut out: Vec<Party> = Vec::new();
    // Each stand-in with where it is written, checked once every party is known.
    let mut stand_ins: Vec<(String, Range<usize>)> = Vec::new();
    let list = tr::tables(c, top, "parties", None);
    if list.is_empty() && tr::get(top, "parties").is_none() {
        c.error_help(
            span.clone(),
            None,
            "the matrix has no parties",
            "add `[[parties]]` tables with `id`, `name` and `description`",
        );
    }
    for (t, s) in list {
        tr::check_keys(c, t, PARTY_KEYS, None, "a party");
        let id = tr::id_field(c, t, &s, None, "a party");
        let ctx = id.as_ref().map(|i| i.0.as_str());
        let name = tr::required_string(c, t, &s, "name", ctx, "the party");
        let description = tr::required_string(c, t, &s, "description", ctx, "the party");
        let short = tr::string(c, t, "short", ctx).map(|(text, _)| text);
        let name_from = read_answer_text(c, t, "name_from", q, ctx.unwrap_or("a party"));
        let not_needed_when = tr::get(t, "not_needed_when")
            .and_then(|v| parse_condition(c, v, q, ctx.unwrap_or("a party")));
        let stand_in = tr::string(c, t, "stand_in", ctx);
        let (Some((id, id_span)), Some((name, _)), Some((description, _))) =
            (id, name, description)
        else {
            continue;
        };
        if out.iter().any(|p| p.id == id) {
            c.error(id_span, Some(&id), format!("party id `{id}` is used twice"));
            continue;
        }
        match (&stand_in, tr::get(t, "not_needed_when")) {
            (None, Some(v)) => c.error_help(
                v.span(),
                Some(&id),
                "`not_needed_when` needs a `stand_in`",
                "name the party that takes on this one's letters: `stand_in = \"local_it\"`",
            ),
            (Some((_, span)), None) => c.error_help(
                span.clone(),
                Some(&id),
                "`stand_in` has no use without `not_needed_when`",
                "add the condition under which the party is not needed, or remove `stand_in`",
            ),
            _ => {}
        }
        stand_ins.push(stand_in.clone().unwrap_or_default());
        out.push(Party {
            short: short.unwrap_or_else(|| first_word(&name)),
            id,
            name,
            description,
            name_from,
            not_needed_when,
            stand_in: stand_in.map(|(s, _)| s),
        });
    }
    check_stand_ins(c, &out, &stand_ins);
    out
}

/// Every stand-in is another party, and following stand-ins never comes back round.
fn check_stand_ins(c: &mut Collector, parties: &[Party], spans: &[(String, Range<usize>)]) {
    let ids: Vec<&str> = parties.iter().map(|p| p.id.as_str()).collect();
    for (p, (stand_in, span)) in parties.iter().zip(spans) {
        if p.stand_in.is_none() {
            continue;
        }
        if *stand_in == p.id {
            c.error_help(
                span.clone(),
                Some(&p.id),
                format!("`{}` cannot stand in for itself", p.id),
                "name another party, usually the local IT team",
            );
        } else if !ids.contains(&stand_in.as_str()) {
            c.error_help(
                span.clone(),
                Some(&p.id),
                format!("stand-in `{stand_in}` is not a party"),
                did_you_mean(stand_in, &ids),
            );
        } else if comes_back(parties, &p.id) {
            c.error_help(
                span.clone(),
                Some(&p.id),
                format!("the stand-ins of `{}` lead back to it", p.id),
                "end the chain at a party that is always needed",
            );
        }
    }
}

/// Whether following stand-ins from `start` reaches `start` again.
fn comes_back(parties: &[Party], start: &str) -> bool {
    let next = |id: &str| {
        parties
            .iter()
            .find(|p| p.id == id)
            .and_then(|p| p.stand_in.clone())
    };
    let mut current = next(start);
    for _ in 0..parties.len() {
        match current {
            Some(id) if id == start => return true,
            Some(id) => current = next(&id),
            None => return false,
        }
    }
    current.is_some()
}

/// An `{ question = "...", text = "... {answer} ..." }` table: the question must exist and
/// the text must say where its answer goes.
fn read_answer_text(
    c: &mut Collector,
    t: &DeTable,
    key: &str,
    q: &Questionnaire,
    ctx: &str,
) -> Option<AnswerText> {
    let v = tr::get(t, key)?;
    let DeValue::Table(table) = v.get_ref() else {
        c.error_help(
            v.span(),
            Some(ctx),
            format!("`{key}` must be a table, not {}", type_words(v.get_ref())),
            format!(
                "write `{key} = {{ question = \"...\", text = \"... {ANSWER_PLACEHOLDER} ...\" }}`"
            ),
        );
        return None;
    };
    let what = format!("`{key}`");
    tr::check_keys(c, table, ANSWER_TEXT_KEYS, Some(ctx), &what);
    let question = tr::required_string(c, table, &v.span(), "question", Some(ctx), &what);
    let text = tr::required_string(c, table, &v.span(), "text", Some(ctx), &what);
    let ((question, qspan), (text, tspan)) = (question?, text?);
    if q.question(&question).is_none() {
        c.error_help(
            qspan,
            Some(ctx),
            format!("`{key}` names `{question}`, which is not a question"),
            did_you_mean(&question, &q.question_ids()),
        );
        return None;
    }
    if !text.contains(ANSWER_PLACEHOLDER) {
        c.error_help(
            tspan,
            Some(ctx),
            format!("the text of `{key}` does not say where the answer goes"),
            format!("put `{ANSWER_PLACEHOLDER}` where the answer should appear"),
        );
        return None;
    }
    Some(AnswerText { question, text })
}

fn read_groups(c: &mut Collector, top: &DeTable) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    for (t, s) in tr::tables(c, top, "groups", None) {
        tr::check_keys(c, t, GROUP_KEYS, None, "a group");
        let id = tr::id_field(c, t, &s, None, "a group");
        let ctx = id.as_ref().map(|i| i.0.as_str());
        let title = tr::required_string(c, t, &s, "title", ctx, "the group");
        let (Some((id, id_span)), Some((title, _))) = (id, title) else {
            continue;
        };
        if out.iter().any(|g| g.id == id) {
            c.error(id_span, Some(&id), format!("group id `{id}` is used twice"));
            continue;
        }
        out.push(Group { id, title });
    }
    out
}

fn read_activities(
    c: &mut Collector,
    top: &DeTable,
    span: &Range<usize>,
    ctx: &Ctx,
) -> Vec<Activity> {
    let list = tr::tables(c, top, "activities", None);
    if list.is_empty() && tr::get(top, "activities").is_none() {
        c.error_help(
            span.clone(),
            None,
            "the matrix has no activities",
            "add `[[activities]]` tables",
        );
    }
    let mut out: Vec<Activity> = Vec::new();
    let mut seen: Vec<(String, Range<usize>)> = Vec::new();
    for (t, s) in list {
        let Some(a) = read_activity(c, t, &s, ctx) else {
            continue;
        };
        let here = tr::get(t, "id").map_or(s.clone(), |v| v.span());
        if let Some((_, first)) = seen.iter().find(|(id, _)| *id == a.id) {
            let (line, _) = c.source.locate(first.start);
            c.error_help(
                here,
                Some(&a.id),
                format!("activity id `{}` is already used on line {line}", a.id),
                "give each activity its own id; work plan tasks refer to it",
            );
            continue;
        }
        seen.push((a.id.clone(), here));
        out.push(a);
    }
    out
}

fn read_activity(c: &mut Collector, t: &DeTable, s: &Range<usize>, ctx: &Ctx) -> Option<Activity> {
    let named = match tr::get(t, "id").map(|v| v.get_ref()) {
        Some(DeValue::String(id)) => Some(id.to_string()),
        _ => None,
    };
    tr::check_keys(c, t, ACTIVITY_KEYS, named.as_deref(), "an activity");
    let (id, _) = tr::id_field(c, t, s, None, "an activity")?;
    let what = "the activity";
    let here = Some(id.as_str());
    let title = tr::required_string(c, t, s, "title", here, what);
    let description = tr::required_string(c, t, s, "description", here, what);
    let group = tr::required_string(c, t, s, "group", here, what);
    if let Some((g, gspan)) = &group
        && !ctx.groups.contains(&g.as_str())
    {
        c.error_help(
            gspan.clone(),
            here,
            format!("unknown group `{g}`"),
            did_you_mean(g, ctx.groups),
        );
    }
    let support_level = read_level_number(c, t, "support_level", here);
    if let (Some(level), Some(v)) = (support_level, tr::get(t, "support_level"))
        && !ctx.levels.contains(&level)
    {
        c.error_help(
            v.span(),
            here,
            format!("support level {level} is not defined"),
            "define it in a `[[support_levels]]` table, or use one that is",
        );
    }
    let applies_when = tr::get(t, "applies_when").and_then(|v| parse_condition(c, v, ctx.q, &id));
    let note_from = read_answer_text(c, t, "note_from", ctx.q, &id);
    let raci = read_raci(c, t, s, &id, ctx.parties);
    Some(Activity {
        title: title?.0,
        description: description?.0,
        group: group?.0,
        support_level,
        applies_when,
        note_from,
        raci: raci?,
        id,
    })
}

/// The `raci` table: a row or "n/a" for every hosting option.
fn read_raci(
    c: &mut Collector,
    t: &DeTable,
    s: &Range<usize>,
    id: &str,
    parties: &[&str],
) -> Option<BTreeMap<HostingOption, Row>> {
    let Some(v) = tr::get(t, "raci") else {
        c.error_help(
            s.clone(),
            Some(id),
            "the activity has no `raci` rows",
            "add `raci.saas = { ... }`, `raci.tier4 = { ... }` and `raci.local = { ... }`",
        );
        return None;
    };
    let DeValue::Table(table) = v.get_ref() else {
        c.error_help(
            v.span(),
            Some(id),
            format!(
                "`raci` must be a table of rows, not {}",
                type_words(v.get_ref())
            ),
            "write `raci.saas = { unicef = \"AR\" }` and so on",
        );
        return None;
    };
    let mut out = BTreeMap::new();
    let mut listed = Vec::new();
    let mut ok = true;
    for (key, row) in table.iter() {
        let Some(option) = HostingOption::from_id(key.get_ref()) else {
            let ids: Vec<&str> = HostingOption::ALL.iter().map(|o| o.id()).collect();
            c.error_help(
                key.span(),
                Some(id),
                format!("unknown option `{}`", key.get_ref()),
                format!(
                    "{} (the options are saas, tier4, local)",
                    did_you_mean(key.get_ref(), &ids)
                ),
            );
            ok = false;
            continue;
        };
        listed.push(option);
        match read_row(c, row, option, id, parties) {
            Some(Some(r)) => {
                out.insert(option, r);
            }
            Some(None) => {}
            None => ok = false,
        }
    }
    for option in HostingOption::ALL {
        if !listed.contains(&option) {
            let o = option.id();
            c.error_help(
                v.span(),
                Some(id),
                format!("no row for `{o}`"),
                format!(
                    "add `raci.{o} = {{ ... }}`, or `raci.{o} = \"{NOT_APPLICABLE}\"` if the activity does not arise under it"
                ),
            );
            ok = false;
        }
    }
    if ok && out.is_empty() {
        c.error_help(
            v.span(),
            Some(id),
            "the activity applies under no option",
            "give it a row for at least one option, or remove it",
        );
    }
    ok.then_some(out)
}

/// A row: `Some(Some(row))`, `Some(None)` for "n/a", `None` after an error.
fn read_row(
    c: &mut Collector,
    v: &tr::Value,
    option: HostingOption,
    id: &str,
    parties: &[&str],
) -> Option<Option<Row>> {
    let o = option.id();
    let table = match v.get_ref() {
        DeValue::String(s) if s == NOT_APPLICABLE => return Some(None),
        DeValue::Table(table) => table,
        other => {
            c.error_help(
                v.span(),
                Some(id),
                format!(
                    "the row for `{o}` must be a table of party letters or \"{NOT_APPLICABLE}\", not {}",
                    shown(other)
                ),
                format!("write `raci.{o} = {{ local_it = \"AR\", unicef = \"C\" }}`"),
            );
            return None;
        }
    };
    if table.is_empty() {
        c.error_help(
            v.span(),
            Some(id),
            format!("the row for `{o}` is empty"),
            format!(
                "name the parties and their letters, or write \"{NOT_APPLICABLE}\" if the activity does not arise under `{o}`"
            ),
        );
        return None;
    }
    let mut row = Row::new();
    let mut ok = true;
    let mut accountable: Vec<(String, Range<usize>)> = Vec::new();
    for (key, cell) in table.iter() {
        let party = key.get_ref().to_string();
        if !parties.contains(&party.as_str()) {
            c.error_help(
                key.span(),
                Some(id),
                format!("unknown party `{party}` in the row for `{o}`"),
                did_you_mean(&party, parties),
            );
            ok = false;
        }
        let Some(letters) = read_cell(c, cell, &party, o, id) else {
            ok = false;
            continue;
        };
        if letters.is_accountable() {
            accountable.push((party.clone(), cell.span()));
        }
        row.insert(party, letters);
    }
    if !ok {
        return None;
    }
    accountable.sort_by_key(|(_, span)| span.start);
    match accountable.as_slice() {
        [] => {
            c.error_help(
                v.span(),
                Some(id),
                format!("no party is accountable under `{o}`"),
                "mark exactly one party with A, or AR if it also does the work",
            );
            return None;
        }
        [_] => {}
        [(first, _), (second, span), ..] => {
            c.error_help(
                span.clone(),
                Some(id),
                format!("two parties are accountable under `{o}`: `{first}` and `{second}`"),
                "keep A on one party; give the others R, C or I",
            );
            return None;
        }
    }
    if !row.values().any(|l| l.is_responsible()) {
        c.error_help(
            v.span(),
            Some(id),
            format!("nobody does the work under `{o}`"),
            "mark at least one party with R, or use AR for the accountable party",
        );
        return None;
    }
    Some(Some(row))
}

fn read_cell(
    c: &mut Collector,
    cell: &tr::Value,
    party: &str,
    o: &str,
    id: &str,
) -> Option<Letters> {
    let DeValue::String(code) = cell.get_ref() else {
        c.error_help(
            cell.span(),
            Some(id),
            format!(
                "the letters of `{party}` under `{o}` must be a string, not {}",
                type_words(cell.get_ref())
            ),
            "write one of \"R\", \"A\", \"AR\", \"C\", \"I\" in double quotes",
        );
        return None;
    };
    if let Some(l) = Letters::from_code(code) {
        return Some(l);
    }
    let upper: String = code
        .chars()
        .filter(|ch| ch.is_ascii_alphabetic())
        .collect::<String>()
        .to_ascii_uppercase();
    let help = match upper.as_str() {
        "RA" | "AR" => {
            "write \"AR\" for a party that is both accountable and responsible".to_string()
        }
        u if Letters::from_code(u).is_some() => format!("write \"{u}\" in capitals"),
        _ if code == NOT_APPLICABLE => format!(
            "\"{NOT_APPLICABLE}\" marks a whole row; leave the party out of the row instead"
        ),
        _ => "use one of R, A, AR, C, I; leave a party out when it has no part".to_string(),
    };
    c.error_help(
        cell.span(),
        Some(id),
        format!("bad letters `{code}` for `{party}` under `{o}`"),
        help,
    );
    None
}

/// A value in a message: strings quoted, other values by their type.
fn shown(v: &DeValue) -> String {
    match v {
        DeValue::String(s) => format!("\"{s}\""),
        DeValue::Integer(i) => i.as_str().to_string(),
        other => type_words(other).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{HEAD, parse};
    use super::*;

    #[test]
    fn empty_row_and_missing_row_are_errors() {
        let text = format!(
            "{HEAD}
[[activities]]
id = \"x\"
title = \"X\"
description = \"d\"
group = \"ops\"
raci.saas = {{}}
raci.tier4 = \"n/a\"
"
        );
        let p = parse(&text).unwrap_err();
        let messages: Vec<String> = p.iter().map(|p| p.message().clone()).collect();
        assert!(
            messages
                .iter()
                .any(|m| m.contains("row for `saas` is empty")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.contains("no row for `local`")),
            "{messages:?}"
        );
    }

    #[test]
    fn snake_case() {
        assert!(tr::is_snake_case("local_it"));
        assert!(!tr::is_snake_case("Local"));
        assert!(!tr::is_snake_case("a__b"));
        assert!(!tr::is_snake_case("a_"));
    }
}
