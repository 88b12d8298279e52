//! The shipped security checklists, their statuses from answers, and located errors in
//! broken copies.

mod common;

use common::{find, line_of};
use hostplan::answer::{Answer, Level};
use hostplan::builtin::Catalog;
use hostplan::checklist::{BUILTIN_CHECKLISTS, BUILTIN_ORIGIN, Checklists, Status};
use hostplan::diag::{Problem, Source};
use hostplan::options::HostingOption;
use hostplan::questionnaire::{Answers, Questionnaire};
use hostplan::responsibilities::Matrix;
use std::collections::HashSet;

fn parties() -> Vec<String> {
    Matrix::builtin()
        .party_ids()
        .into_iter()
        .map(String::from)
        .collect()
}

fn parse(text: &str) -> Result<Checklists, Vec<Problem>> {
    let owned = parties();
    let ids: Vec<&str> = owned.iter().map(String::as_str).collect();
    Checklists::parse(Source::new("broken.toml", text), &ids, None).map(|(l, w)| {
        assert!(w.is_empty(), "{w:#?}");
        l
    })
}

fn shipped() -> Checklists {
    let owned = parties();
    let ids: Vec<&str> = owned.iter().map(String::as_str).collect();
    let (l, warnings) =
        Checklists::parse(Source::new(BUILTIN_ORIGIN, BUILTIN_CHECKLISTS), &ids, None)
            .unwrap_or_else(|p| panic!("{p:#?}"));
    assert!(warnings.is_empty(), "{warnings:#?}");
    l
}

fn primero() -> Questionnaire {
    Catalog::builtin().unwrap().get("primero").unwrap().clone()
}

fn answers(pairs: &[(&str, Answer)]) -> Answers {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

#[test]
fn shipped_checklists_parse_with_the_expected_counts() {
    let l = shipped();
    assert_eq!(l, Checklists::builtin());
    assert_eq!(l.openfn_security.items.len(), 15);
    assert_eq!(l.primero_security.items.len(), 14);
    assert_eq!(l.openfn_security.id, "openfn_security");
    assert_eq!(l.primero_security.id, "primero_security");
}

#[test]
fn every_openfn_item_has_a_timing_and_needs_openfn() {
    let l = shipped();
    for item in &l.openfn_security.items {
        assert!(
            item.timing.as_deref().is_some_and(|t| !t.trim().is_empty()),
            "{}",
            item.id
        );
        assert_eq!(
            item.applies_when.as_ref().map(|c| c.id.as_str()),
            Some("openfn"),
            "{}",
            item.id
        );
    }
    let timings: HashSet<&str> = l
        .openfn_security
        .items
        .iter()
        .filter_map(|i| i.timing.as_deref())
        .collect();
    assert!(timings.contains("Immediately"));
    assert!(timings.contains("Before integration setup begins"));
    assert!(timings.contains("Before go-live"));
}

#[test]
fn owners_are_parties_and_milestones_are_defined() {
    let l = shipped();
    let m = Matrix::builtin();
    let mut ids = HashSet::new();
    for list in l.lists() {
        for item in &list.items {
            assert!(ids.insert(item.id.clone()), "`{}` twice", item.id);
            assert!(l.milestone(&item.due).is_some(), "{}", item.id);
            for o in HostingOption::ALL {
                assert!(m.party(item.owner(o)).is_some(), "{} {o:?}", item.id);
            }
        }
    }
    for id in [
        "project_start",
        "setup_done",
        "before_uat",
        "go_live",
        "ongoing",
    ] {
        assert!(l.milestone(id).is_some(), "{id}");
    }
    // Who owns a consideration follows who runs the servers.
    let enc = l.item("encryption").unwrap();
    assert_eq!(enc.owner(HostingOption::Saas), "unicef");
    assert_eq!(enc.owner(HostingOption::Tier4), "local_it");
    let json = serde_json::to_value(enc).unwrap();
    assert_eq!(json["owner"]["tier4"], "local_it");
}

#[test]
fn tests_name_real_questions_and_options() {
    let l = shipped();
    let q = primero();
    assert_eq!(l.check_questions(&q), Vec::<String>::new());
    let named: HashSet<&str> = l
        .contexts
        .iter()
        .map(|c| c.when.question.as_str())
        .chain(
            l.lists()
                .into_iter()
                .flat_map(|list| list.items.iter())
                .flat_map(|i| i.done_when.iter().map(|t| t.question.as_str())),
        )
        .collect();
    for id in [
        "openfn_used",
        "openfn_retention",
        "openfn_webhook_auth",
        "isp_status",
        "breach_protocol_status",
        "change_management",
        "admin_training",
        "mfa_for_users",
        "incident_response_plan",
    ] {
        assert!(named.contains(id), "no test uses `{id}`");
        assert!(
            q.question(id).is_some(),
            "`{id}` is not in the questionnaire"
        );
    }
}

#[test]
fn check_questions_reports_unknown_questions_and_values() {
    let (text, _) = edit(
        "legal_compliance",
        "question = \"isp_status\", one_of = [\"signed\"]",
        "question = \"isp_status\", one_of = [\"sealed\"]",
    );
    let text = text.replacen(
        "question = \"mfa_for_users\"",
        "question = \"mfa_users\"",
        1,
    );
    let l = parse(&text).unwrap_or_else(|p| panic!("{p:#?}"));
    let problems = l.check_questions(&primero());
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(problems.iter().any(|p| p.contains("`sealed`")));
    assert!(problems.iter().any(|p| p.contains("`mfa_users`")));
}

#[test]
fn status_comes_from_the_answers() {
    let l = shipped();
    let no_openfn = answers(&[("openfn_used", Answer::Choice("no".into()))]);
    assert!(
        l.openfn_security
            .items
            .iter()
            .all(|i| i.status(&no_openfn) == Status::NotApplicable)
    );
    assert!(
        l.primero_security
            .items
            .iter()
            .all(|i| i.status(&no_openfn) == Status::Open)
    );

    let a = answers(&[
        ("openfn_used", Answer::Choice("planned".into())),
        ("openfn_webhook_auth", Answer::Choice("header_key".into())),
        ("openfn_retention", Answer::Choice("erase_all".into())),
        ("isp_status", Answer::Choice("signed".into())),
        ("dpia_done", Answer::Level(Level::Yes)),
        ("breach_protocol_status", Answer::Choice("drafting".into())),
        ("incident_response_plan", Answer::Level(Level::Yes)),
        ("mfa_for_users", Answer::Level(Level::Partly)),
    ]);
    let status = |id: &str| l.item(id).unwrap().status(&a);
    assert_eq!(status("webhook_authentication"), Status::Done);
    assert_eq!(status("run_data_retention"), Status::Done);
    assert_eq!(status("legal_compliance"), Status::Done);
    assert_eq!(status("field_signoff"), Status::Open, "no hook: open");
    assert_eq!(
        status("incident_response"),
        Status::Open,
        "the breach protocol is not signed yet"
    );
    assert_eq!(
        status("access_controls"),
        Status::Open,
        "partly is not done"
    );

    let none = answers(&[
        ("openfn_used", Answer::Choice("yes".into())),
        ("openfn_webhook_auth", Answer::Choice("none".into())),
    ]);
    assert_eq!(
        l.item("webhook_authentication").unwrap().status(&none),
        Status::Open
    );
}

// --- Broken copies ------------------------------------------------------------------

fn errors(text: &str) -> Vec<Problem> {
    parse(text).expect_err("the broken copy parsed")
}

/// The shipped text with `from` replaced by `to` in the block of item `id`, and the line.
fn edit(id: &str, from: &str, to: &str) -> (String, usize) {
    let text = BUILTIN_CHECKLISTS;
    let start = text
        .find(&format!("id = \"{id}\""))
        .unwrap_or_else(|| panic!("no item `{id}`"));
    let at = start
        + text[start..]
            .find(from)
            .unwrap_or_else(|| panic!("`{from}` not after `{id}`"));
    let next = text[start..].find("[[").map_or(text.len(), |i| start + i);
    assert!(at < next, "`{from}` is not in the block of `{id}`");
    let changed = format!("{}{to}{}", &text[..at], &text[at + from.len()..]);
    (changed, Source::new("", text).locate(at).0)
}

#[test]
fn unknown_owner_party_is_located() {
    let (text, line) = edit(
        "credential_scope",
        "owner = \"local_it\"",
        "owner = \"local_itt\"",
    );
    let p = errors(&text);
    let e = find(
        &p,
        Some("credential_scope"),
        "unknown owner party `local_itt`",
    );
    assert_eq!(e.line, line);
    assert!(e.help.as_deref().unwrap().contains("`local_it`"));
    assert!(
        e.to_string().starts_with(&format!("broken.toml:{line}:")),
        "{e}"
    );

    let (text, line) = edit("encryption", "tier4 = \"local_it\"", "tier4 = \"ministry\"");
    let e = find(
        &errors(&text),
        Some("encryption"),
        "unknown owner party `ministry`",
    )
    .clone();
    assert_eq!(e.line, line);
}

#[test]
fn owner_per_option_must_name_every_option() {
    let (text, line) = edit("encryption", ", local = \"local_it\"", "");
    let e = find(
        &errors(&text),
        Some("encryption"),
        "names no party for `local`",
    )
    .clone();
    assert_eq!(e.line, line);

    let (text, line) = edit("encryption", "tier4 = \"local_it\"", "tier3 = \"local_it\"");
    let p = errors(&text);
    let e = find(&p, Some("encryption"), "unknown option `tier3`");
    assert_eq!(e.line, line);
}

#[test]
fn duplicate_item_ids_across_lists() {
    let first = line_of(BUILTIN_CHECKLISTS, "id = \"encryption\"");
    let (text, line) = edit(
        "legal_compliance",
        "id = \"legal_compliance\"",
        "id = \"encryption\"",
    );
    let p = errors(&text);
    let e = find(&p, Some("encryption"), "already used");
    assert_eq!(e.line, line);
    assert!(e.message.contains(&format!("line {first}")));

    // An OpenFn item comes first, so the Primero one is the duplicate.
    let (text, line) = edit(
        "field_signoff",
        "id = \"field_signoff\"",
        "id = \"encryption\"",
    );
    let e = find(&errors(&text), Some("encryption"), "already used").clone();
    assert_eq!(e.line, first);
    assert!(e.message.contains(&format!("line {line}")));
}

#[test]
fn unknown_milestone_and_context() {
    let (text, line) = edit(
        "patch_management",
        "due = \"ongoing\"",
        "due = \"on_going\"",
    );
    let p = errors(&text);
    let e = find(&p, Some("patch_management"), "unknown milestone `on_going`");
    assert_eq!(e.line, line);
    assert!(e.help.as_deref().unwrap().contains("`ongoing`"));

    let (text, line) = edit(
        "github_access",
        "applies_when = \"openfn\"",
        "applies_when = \"openfm\"",
    );
    let e = find(
        &errors(&text),
        Some("github_access"),
        "unknown context `openfm`",
    )
    .clone();
    assert_eq!(e.line, line);
}

#[test]
fn openfn_items_need_a_timing() {
    let (text, _) = edit(
        "github_access",
        "timing = \"Before go-live and connection to production systems\"\n",
        "",
    );
    let p = errors(&text);
    let e = find(&p, Some("github_access"), "has no `timing`");
    assert_eq!(
        e.line,
        line_of(BUILTIN_CHECKLISTS, "id = \"github_access\"") - 1
    );
}

#[test]
fn malformed_done_when_is_located() {
    let (text, line) = edit("access_controls", "one_of = [\"yes\"]", "one_of = \"yes\"");
    let e = find(
        &errors(&text),
        Some("access_controls"),
        "`one_of` must be a list",
    )
    .clone();
    assert_eq!(e.line, line);

    let (text, line) = edit(
        "access_controls",
        "done_when = {",
        "done_when = { answer = \"x\",",
    );
    let p = errors(&text);
    let e = find(&p, Some("access_controls"), "unknown key `answer`");
    assert_eq!(e.line, line);
}

#[test]
fn missing_list_and_syntax_error() {
    let cut = BUILTIN_CHECKLISTS.find("[primero_security]").unwrap();
    let p = errors(&BUILTIN_CHECKLISTS[..cut]);
    find(&p, None, "no `primero_security` list");

    let (text, line) = edit(
        "encryption",
        "title = \"Data encryption\"",
        "title = Data encryption",
    );
    let p = errors(&text);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].line, line);
}

/// Milestones are tied to work-plan dates by data; a typo there is caught where it stands,
/// against the work plan the model loads with them.
#[test]
fn milestones_fall_on_tasks_and_phases_of_the_work_plan() {
    use hostplan::model::{Companions, Model};
    let load = |text: String| {
        let companions = Companions {
            checklists: ("checklists.toml".into(), text),
            ..Companions::builtin()
        };
        Model::load(primero(), &companions).map(|_| ())
    };
    assert_eq!(load(BUILTIN_CHECKLISTS.to_string()), Ok(()));

    let text = BUILTIN_CHECKLISTS.replace("\"task:setup_done\"", "\"task:set_up_done\"");
    let line = line_of(&text, "\"task:set_up_done\"");
    let p = load(text).unwrap_err();
    let e = find(&p, Some("setup_done"), "no task `set_up_done`");
    assert_eq!(e.line, line);

    let text = BUILTIN_CHECKLISTS.replace("\"phase:testing\"", "\"phase:tests\"");
    let p = load(text).unwrap_err();
    find(&p, Some("before_uat"), "no phase `tests`");

    let text = BUILTIN_CHECKLISTS.replace("falls_on = [\"start\"]", "falls_on = [\"begin\"]");
    let line = line_of(&text, "\"begin\"");
    let e = find(
        &errors(&text),
        Some("project_start"),
        "`start`, `task:ID` or `phase:ID`",
    )
    .clone();
    assert_eq!(e.line, line);

    let text = BUILTIN_CHECKLISTS.replace("falls_on = [\"start\"]", "falls_on = \"start\"");
    find(&errors(&text), Some("project_start"), "must be a list");
}
