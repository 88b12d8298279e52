//! Reading the responsibilities matrix, every problem with its place and the activity
//! (or party) it concerns.

use super::{
    ANSWER_PLACEHOLDER, Activity, AnswerText, BUILTIN_MATRIX, BUILTIN_ORIGIN, Group, LegendEntry,
    Letters, Matrix, NOT_APPLICABLE, Party, Row, SupportLevel,
};
use crate::base::diag::{Collector, Diagnostic, Loaded, Source, args};
use crate::base::key;
use crate::base::strings;
use crate::base::tomlread::did_you_mean;
use crate::base::tomlread::{self as tr, type_words};
use crate::core::options::HostingOption;
use crate::core::questionnaire::{Questionnaire, parse_condition};
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
        let catalog = match crate::core::builtin::Catalog::builtin() {
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

/// A row of the `raci` table as the help texts write it; TOML, so not in the catalogue.
const ANY_ROW: &str = "{ ... }";

fn read_matrix(c: &mut Collector, top: &DeTable, span: Range<usize>, q: &Questionnaire) -> Matrix {
    let what = strings::get(key::data::what::MATRIX);
    tr::check_keys(c, top, TOP_KEYS, None, what);
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
        let what = strings::get(key::data::what::LEGEND_ENTRY);
        tr::check_keys(c, t, LEGEND_KEYS, None, what);
        let code = tr::required_string(c, t, &s, "code", None, what);
        let meaning = tr::required_string(c, t, &s, "meaning", None, what);
        let (Some((code, cspan)), Some((meaning, _))) = (code, meaning) else {
            continue;
        };
        if !LEGEND_CODES.contains(&code.as_str()) {
            c.fail(
                cspan,
                None,
                key::data::responsibilities::NOT_A_CODE,
                args(&[("code", &code), ("codes", &LEGEND_CODES.join(", "))]),
            );
        } else if out.iter().any(|e| e.code == code) {
            c.fail(
                cspan,
                None,
                key::data::responsibilities::LEGEND_TWICE,
                args(&[("code", &code)]),
            );
        } else {
            out.push(LegendEntry { code, meaning });
        }
    }
    let at = tr::get(top, "legend").map_or(span.start..span.start, |v| v.span());
    for code in LEGEND_CODES {
        if !out.iter().any(|e| e.code == *code) {
            c.fail(
                at.clone(),
                None,
                key::data::responsibilities::LEGEND_MISSING,
                args(&[("code", code)]),
            );
        }
    }
    out
}

fn read_levels(c: &mut Collector, top: &DeTable) -> Vec<SupportLevel> {
    let mut out: Vec<SupportLevel> = Vec::new();
    for (t, s) in tr::tables(c, top, "support_levels", None) {
        let what = strings::get(key::data::what::SUPPORT_LEVEL);
        tr::check_keys(c, t, LEVEL_KEYS, None, what);
        let level = read_level_number(c, t, "level", None);
        if level.is_none() && tr::get(t, "level").is_none() {
            c.fail(
                s.clone(),
                None,
                key::data::responsibilities::NO_LEVEL,
                Vec::new(),
            );
        }
        let title = tr::required_string(c, t, &s, "title", None, what);
        let description = tr::required_string(c, t, &s, "description", None, what);
        let (Some(level), Some((title, _)), Some((description, _))) = (level, title, description)
        else {
            continue;
        };
        if out.iter().any(|l| l.level == level) {
            c.fail(
                s,
                None,
                key::data::responsibilities::LEVEL_TWICE,
                args(&[("level", &level.to_string())]),
            );
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
            c.fail(
                v.span(),
                id,
                key::data::responsibilities::BAD_LEVEL,
                args(&[("key", key), ("got", &shown(v.get_ref()))]),
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
        c.fail(
            span.clone(),
            None,
            key::data::responsibilities::NO_PARTIES,
            Vec::new(),
        );
    }
    let (a_party, the_party) = (
        strings::get(key::data::what::PARTY),
        strings::get(key::data::what::THE_PARTY),
    );
    // What problems of a party without a usable id are about.
    let unnamed = strings::get(key::data::what::UNNAMED_PARTY);
    for (t, s) in list {
        tr::check_keys(c, t, PARTY_KEYS, None, a_party);
        let id = tr::id_field(c, t, &s, None, a_party);
        let ctx = id.as_ref().map(|i| i.0.as_str());
        let name = tr::required_string(c, t, &s, "name", ctx, the_party);
        let description = tr::required_string(c, t, &s, "description", ctx, the_party);
        let short = tr::string(c, t, "short", ctx).map(|(text, _)| text);
        let name_from = read_answer_text(c, t, "name_from", q, ctx.unwrap_or(unnamed));
        let not_needed_when = tr::get(t, "not_needed_when")
            .and_then(|v| parse_condition(c, v, q, ctx.unwrap_or(unnamed)));
        let stand_in = tr::string(c, t, "stand_in", ctx);
        let (Some((id, id_span)), Some((name, _)), Some((description, _))) =
            (id, name, description)
        else {
            continue;
        };
        if out.iter().any(|p| p.id == id) {
            c.fail(
                id_span,
                Some(&id),
                key::data::responsibilities::PARTY_TWICE,
                args(&[("id", &id)]),
            );
            continue;
        }
        match (&stand_in, tr::get(t, "not_needed_when")) {
            (None, Some(v)) => c.fail(
                v.span(),
                Some(&id),
                key::data::responsibilities::NO_STAND_IN,
                Vec::new(),
            ),
            (Some((_, span)), None) => c.fail(
                span.clone(),
                Some(&id),
                key::data::responsibilities::USELESS_STAND_IN,
                Vec::new(),
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
            c.fail(
                span.clone(),
                Some(&p.id),
                key::data::responsibilities::OWN_STAND_IN,
                args(&[("id", &p.id)]),
            );
        } else if !ids.contains(&stand_in.as_str()) {
            c.fail(
                span.clone(),
                Some(&p.id),
                key::data::responsibilities::UNKNOWN_STAND_IN,
                args(&[
                    ("stand_in", stand_in),
                    ("hint", &did_you_mean(stand_in, &ids)),
                ]),
            );
        } else if comes_back(parties, &p.id) {
            c.fail(
                span.clone(),
                Some(&p.id),
                key::data::responsibilities::STAND_IN_LOOP,
                args(&[("id", &p.id)]),
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
        let form = format!("{{ question = \"...\", text = \"... {ANSWER_PLACEHOLDER} ...\" }}");
        c.fail(
            v.span(),
            Some(ctx),
            key::data::responsibilities::ANSWER_TEXT_NOT_TABLE,
            args(&[
                ("key", key),
                ("got", type_words(v.get_ref())),
                ("form", &form),
            ]),
        );
        return None;
    };
    let what = strings::fill(key::data::what::KEY, &[("key", key)]);
    tr::check_keys(c, table, ANSWER_TEXT_KEYS, Some(ctx), &what);
    let question = tr::required_string(c, table, &v.span(), "question", Some(ctx), &what);
    let text = tr::required_string(c, table, &v.span(), "text", Some(ctx), &what);
    let ((question, qspan), (text, tspan)) = (question?, text?);
    if q.question(&question).is_none() {
        c.fail(
            qspan,
            Some(ctx),
            key::data::responsibilities::NOT_A_QUESTION,
            args(&[
                ("key", key),
                ("question", &question),
                ("hint", &did_you_mean(&question, &q.question_ids())),
            ]),
        );
        return None;
    }
    if !text.contains(ANSWER_PLACEHOLDER) {
        c.fail(
            tspan,
            Some(ctx),
            key::data::responsibilities::NO_PLACEHOLDER,
            args(&[("key", key), ("placeholder", ANSWER_PLACEHOLDER)]),
        );
        return None;
    }
    Some(AnswerText { question, text })
}

fn read_groups(c: &mut Collector, top: &DeTable) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    for (t, s) in tr::tables(c, top, "groups", None) {
        let a_group = strings::get(key::data::what::GROUP);
        tr::check_keys(c, t, GROUP_KEYS, None, a_group);
        let id = tr::id_field(c, t, &s, None, a_group);
        let ctx = id.as_ref().map(|i| i.0.as_str());
        let the_group = strings::get(key::data::what::THE_GROUP);
        let title = tr::required_string(c, t, &s, "title", ctx, the_group);
        let (Some((id, id_span)), Some((title, _))) = (id, title) else {
            continue;
        };
        if out.iter().any(|g| g.id == id) {
            c.fail(
                id_span,
                Some(&id),
                key::data::responsibilities::GROUP_TWICE,
                args(&[("id", &id)]),
            );
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
        c.fail(
            span.clone(),
            None,
            key::data::responsibilities::NO_ACTIVITIES,
            Vec::new(),
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
            c.fail(
                here,
                Some(&a.id),
                key::data::responsibilities::ACTIVITY_TWICE,
                args(&[("id", &a.id), ("line", &line.to_string())]),
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
    let an_activity = strings::get(key::data::what::ACTIVITY);
    tr::check_keys(c, t, ACTIVITY_KEYS, named.as_deref(), an_activity);
    let (id, _) = tr::id_field(c, t, s, None, an_activity)?;
    let what = strings::get(key::data::what::THE_ACTIVITY);
    let here = Some(id.as_str());
    let title = tr::required_string(c, t, s, "title", here, what);
    let description = tr::required_string(c, t, s, "description", here, what);
    let group = tr::required_string(c, t, s, "group", here, what);
    if let Some((g, gspan)) = &group
        && !ctx.groups.contains(&g.as_str())
    {
        c.fail(
            gspan.clone(),
            here,
            key::data::responsibilities::UNKNOWN_GROUP,
            args(&[("group", g), ("hint", &did_you_mean(g, ctx.groups))]),
        );
    }
    let support_level = read_level_number(c, t, "support_level", here);
    if let (Some(level), Some(v)) = (support_level, tr::get(t, "support_level"))
        && !ctx.levels.contains(&level)
    {
        c.fail(
            v.span(),
            here,
            key::data::responsibilities::UNDEFINED_LEVEL,
            args(&[("level", &level.to_string())]),
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
        c.fail(
            s.clone(),
            Some(id),
            key::data::responsibilities::NO_RACI,
            args(&[("table", ANY_ROW)]),
        );
        return None;
    };
    let DeValue::Table(table) = v.get_ref() else {
        c.fail(
            v.span(),
            Some(id),
            key::data::responsibilities::RACI_NOT_TABLE,
            args(&[
                ("got", type_words(v.get_ref())),
                ("row", "{ unicef = \"AR\" }"),
            ]),
        );
        return None;
    };
    let mut out = BTreeMap::new();
    let mut listed = Vec::new();
    let mut ok = true;
    for (key, row) in table.iter() {
        let Some(option) = HostingOption::from_id(key.get_ref()) else {
            let ids: Vec<&str> = HostingOption::ALL.iter().map(|o| o.id()).collect();
            c.fail(
                key.span(),
                Some(id),
                key::data::responsibilities::UNKNOWN_OPTION,
                args(&[
                    ("option", key.get_ref()),
                    ("hint", &did_you_mean(key.get_ref(), &ids)),
                ]),
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
            c.fail(
                v.span(),
                Some(id),
                key::data::responsibilities::NO_ROW,
                args(&[("option", o), ("table", ANY_ROW), ("na", NOT_APPLICABLE)]),
            );
            ok = false;
        }
    }
    if ok && out.is_empty() {
        c.fail(
            v.span(),
            Some(id),
            key::data::responsibilities::APPLIES_NOWHERE,
            Vec::new(),
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
            c.fail(
                v.span(),
                Some(id),
                key::data::responsibilities::BAD_ROW,
                args(&[
                    ("option", o),
                    ("na", NOT_APPLICABLE),
                    ("got", &shown(other)),
                    ("row", "{ local_it = \"AR\", unicef = \"C\" }"),
                ]),
            );
            return None;
        }
    };
    if table.is_empty() {
        c.fail(
            v.span(),
            Some(id),
            key::data::responsibilities::EMPTY_ROW,
            args(&[("option", o), ("na", NOT_APPLICABLE)]),
        );
        return None;
    }
    let mut row = Row::new();
    let mut ok = true;
    let mut accountable: Vec<(String, Range<usize>)> = Vec::new();
    for (key, cell) in table.iter() {
        let party = key.get_ref().to_string();
        if !parties.contains(&party.as_str()) {
            c.fail(
                key.span(),
                Some(id),
                key::data::responsibilities::UNKNOWN_PARTY,
                args(&[
                    ("party", &party),
                    ("option", o),
                    ("hint", &did_you_mean(&party, parties)),
                ]),
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
            c.fail(
                v.span(),
                Some(id),
                key::data::responsibilities::NO_ACCOUNTABLE,
                args(&[("option", o)]),
            );
            return None;
        }
        [_] => {}
        [(first, _), (second, span), ..] => {
            c.fail(
                span.clone(),
                Some(id),
                key::data::responsibilities::TWO_ACCOUNTABLE,
                args(&[("option", o), ("first", first), ("second", second)]),
            );
            return None;
        }
    }
    if !row.values().any(|l| l.is_responsible()) {
        c.fail(
            v.span(),
            Some(id),
            key::data::responsibilities::NO_RESPONSIBLE,
            args(&[("option", o)]),
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
        c.fail(
            cell.span(),
            Some(id),
            key::data::responsibilities::LETTERS_NOT_STRING,
            args(&[
                ("party", party),
                ("option", o),
                ("got", type_words(cell.get_ref())),
            ]),
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
        "RA" | "AR" => key::data::responsibilities_help::LETTERS_BOTH,
        u if Letters::from_code(u).is_some() => key::data::responsibilities_help::LETTERS_CAPITALS,
        _ if code == NOT_APPLICABLE => key::data::responsibilities_help::LETTERS_WHOLE_ROW,
        _ => key::data::responsibilities_help::LETTERS_UNKNOWN,
    };
    let words = args(&[
        ("code", code),
        ("party", party),
        ("option", o),
        ("upper", &upper),
        ("na", NOT_APPLICABLE),
    ]);
    let d = Diagnostic::error(key::data::responsibilities::BAD_LETTERS, words).help_at(help);
    c.add(Some(cell.span()), d.about(Some(id)));
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
