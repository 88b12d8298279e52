//! The shipped security checklists, their statuses from answers, and located errors in
//! broken copies.

use crate::common;

use chrono::NaiveDate;
use common::{find, line_of};
use hostplan::analysis::Analysis;
use hostplan::base::diag::{Problem, Source};
use hostplan::core::answer::{Answer, Level};
use hostplan::core::builtin::Catalog;
use hostplan::core::checklist::{BUILTIN_CHECKLISTS, BUILTIN_ORIGIN, Checklists, Counts, Status};
use hostplan::core::model::Model;
use hostplan::core::options::HostingOption;
use hostplan::core::questionnaire::{Answers, Kind, Questionnaire};
use hostplan::core::responsibilities::Matrix;
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
    assert_eq!(l.ncsc.items.len(), 18);
    assert_eq!(l.lists().len(), 3);
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
                .flat_map(|i| {
                    let rules = i.open_when.iter().flat_map(|r| r.when.iter());
                    i.done_when.iter().chain(&i.planned_when).chain(rules)
                })
                .map(|t| t.question.as_str()),
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
        "data_residency",
        "openfn_hosting",
        "risk_register",
        "mobile_working_policy",
        "malware_protection",
        "removable_media_rule",
        "security_awareness_training",
        "integration_code_review",
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

/// The shipped model, and the analysis of the demo plan with `changes` made to it.
fn analysed(changes: &[(&str, Answer)]) -> (Model, Answers, Analysis) {
    let model = common::wizard::model();
    let mut answers = common::wizard::demo(&model).answers;
    for (id, a) in changes {
        answers.insert(id.to_string(), a.clone());
    }
    let today = NaiveDate::from_ymd_opt(2027, 1, 4).unwrap();
    let analysis = Analysis::with_builtin_figures(&model, &answers, today);
    (model, answers, analysis)
}

fn status_of(changes: &[(&str, Answer)], id: &str) -> Status {
    let (model, answers, a) = analysed(changes);
    let item = model.checklists.item(id).unwrap();
    item.status(&answers, &a.work_plan)
}

fn choice(v: &str) -> Answer {
    Answer::Choice(v.into())
}

/// The day a task of the changed demo's work plan ends.
fn task_end(changes: &[(&str, Answer)], task: &str) -> NaiveDate {
    let (_, _, a) = analysed(changes);
    a.work_plan.task(task).unwrap().end
}

#[test]
fn status_comes_from_the_answers() {
    let l = shipped();
    let (_, _, a) = analysed(&[]);
    let plan = &a.work_plan;
    let no_openfn = answers(&[("openfn_used", choice("no"))]);
    assert!(
        l.openfn_security
            .items
            .iter()
            .all(|i| i.status(&no_openfn, plan) == Status::NotApplicable)
    );
    assert!(
        l.primero_security
            .items
            .iter()
            .all(|i| i.status(&no_openfn, plan) != Status::NotApplicable)
    );

    let facts = answers(&[
        ("openfn_used", choice("planned")),
        ("isp_status", choice("signed")),
        ("dpia_done", Answer::Level(Level::Yes)),
        ("breach_protocol_status", choice("drafting")),
        ("incident_response_plan", Answer::Level(Level::Yes)),
        ("retention_policy_defined", Answer::Level(Level::Yes)),
    ]);
    let status = |id: &str| l.item(id).unwrap().status(&facts, plan);
    assert_eq!(status("legal_compliance"), Status::Met);
    assert_eq!(status("retention_policy"), Status::Met);
    assert_eq!(
        status("history_logging_signoff"),
        Status::Open { reason: None }
    );
    assert_eq!(
        status("incident_response"),
        Status::Planned {
            task: Some("breach_protocol".into()),
            end: Some(plan.task("breach_protocol").unwrap().end),
        },
        "the breach protocol is not signed yet, but a task adopts it"
    );
}

#[test]
fn intentions_and_tasks_never_make_an_item_met() {
    // Every answer an item reads as a present fact says "not yet"; every intention is
    // positive. Whatever the option, nothing may be met.
    let l = shipped();
    let q = primero();
    let mut changes: Vec<(String, Answer)> = Vec::new();
    let mut set = |id: &str, a: Answer| changes.push((id.to_string(), a));
    for item in l.lists().into_iter().flat_map(|list| list.items.iter()) {
        for t in &item.done_when {
            let question = q.question(&t.question).unwrap();
            let not_yet = match question.kind {
                Kind::YesPartlyNo => Answer::Level(Level::No),
                _ => {
                    let other = question.options.iter().find(|o| !t.one_of.contains(&o.id));
                    choice(&other.unwrap().id)
                }
            };
            set(&t.question, not_yet);
        }
        for t in &item.planned_when {
            let value = &t.one_of[0];
            let answer = match Level::from_name(value) {
                Some(level) if q.question(&t.question).unwrap().kind == Kind::YesPartlyNo => {
                    Answer::Level(level)
                }
                _ => choice(value),
            };
            set(&t.question, answer);
        }
    }
    set("openfn_used", choice("yes"));
    set("openfn_hosting", choice("self_hosted"));
    for option in HostingOption::ALL {
        let mut all: Vec<(&str, Answer)> = changes
            .iter()
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect();
        all.push(("chosen_option", choice(option.id())));
        let (model, _, a) = analysed(&all);
        let mut planned = 0;
        for (_, entries) in model.checklists.entries(&a.checklists) {
            for e in entries {
                assert_ne!(*e.status, Status::Met, "{} under {option:?}", e.item.id);
                planned += usize::from(matches!(e.status, Status::Planned { .. }));
            }
        }
        assert!(planned >= 10, "only {planned} planned under {option:?}");
    }
}

#[test]
fn present_facts_never_come_from_questions_about_the_future() {
    // "Will administrators be trained?" states an intention: it may plan an item, never
    // meet it.
    let l = shipped();
    let q = primero();
    for item in l.lists().into_iter().flat_map(|list| list.items.iter()) {
        for t in &item.done_when {
            let prompt = &q.question(&t.question).unwrap().prompt;
            assert!(
                !prompt.starts_with("Will ") && !prompt.contains(" will be "),
                "`{}` tests the intention `{}` in done_when",
                item.id,
                t.question
            );
        }
    }
}

#[test]
fn admin_training_yes_is_planned_by_the_training_task() {
    let yes = [("admin_training", Answer::Level(Level::Yes))];
    assert_eq!(
        status_of(&yes, "integration_admin_training"),
        Status::Planned {
            task: Some("train_administrators".into()),
            end: Some(task_end(&yes, "train_administrators")),
        }
    );
    let no = [("admin_training", Answer::Level(Level::No))];
    let Status::Open {
        reason: Some(reason),
    } = status_of(&no, "integration_admin_training")
    else {
        panic!("not trained: open with a reason");
    };
    assert!(reason.contains("not be trained"), "{reason}");
}

#[test]
fn mfa_that_will_be_required_is_planned_not_met() {
    let yes = [("mfa_for_users", Answer::Level(Level::Yes))];
    assert_eq!(
        status_of(&yes, "access_controls"),
        Status::Planned {
            task: None,
            end: None
        }
    );
    let partly = [("mfa_for_users", Answer::Level(Level::Partly))];
    assert_eq!(
        status_of(&partly, "access_controls"),
        Status::Open { reason: None }
    );
}

#[test]
fn webhooks_are_planned_by_the_task_that_secures_them() {
    let key = [("openfn_webhook_auth", choice("header_key"))];
    assert_eq!(
        status_of(&key, "webhook_authentication"),
        Status::Planned {
            task: Some("openfn_webhooks".into()),
            end: Some(task_end(&key, "openfn_webhooks")),
        }
    );
    let none = [("openfn_webhook_auth", choice("none"))];
    assert!(matches!(
        status_of(&none, "webhook_authentication"),
        Status::Open { reason: Some(_) }
    ));
    let unused = [("openfn_used", choice("no"))];
    assert_eq!(
        status_of(&unused, "webhook_authentication"),
        Status::NotApplicable
    );
}

#[test]
fn a_residency_law_contradicts_openfn_hosted_abroad() {
    let law_hosted = [
        ("data_residency", choice("law")),
        ("openfn_hosting", choice("saas")),
    ];
    let Status::Open {
        reason: Some(reason),
    } = status_of(&law_hosted, "run_data_retention")
    else {
        panic!("a residency law with OpenFn's hosted service is open with a reason");
    };
    assert!(reason.contains("law or policy"), "{reason}");
    let policy = [
        ("data_residency", choice("policy")),
        ("openfn_hosting", choice("saas")),
    ];
    assert!(status_of(&policy, "run_data_retention").is_open());
    let in_country = [
        ("data_residency", choice("law")),
        ("openfn_hosting", choice("dedicated")),
    ];
    assert_eq!(
        status_of(&in_country, "run_data_retention"),
        Status::Planned {
            task: None,
            end: None
        },
        "the retention chosen is an intention"
    );
    let no_rule = [
        ("data_residency", choice("none")),
        ("openfn_hosting", choice("saas")),
    ];
    assert!(!status_of(&no_rule, "run_data_retention").is_open());
}

#[test]
fn the_ncsc_list_has_owners_and_due_dates_under_every_option() {
    let steps = [
        "ncsc_risk_management",
        "ncsc_secure_configuration",
        "ncsc_mobile_working",
        "ncsc_incident_management",
        "ncsc_malware_prevention",
        "ncsc_user_privileges",
        "ncsc_monitoring",
        "ncsc_network_security",
        "ncsc_removable_media",
        "ncsc_user_education",
    ];
    for option in HostingOption::ALL {
        let (model, _, a) = analysed(&[("chosen_option", choice(option.id()))]);
        let lists = &model.checklists;
        let (_, entries) = lists
            .entries(&a.checklists)
            .into_iter()
            .find(|(list, _)| list.id == lists.ncsc.id)
            .expect("the NCSC list");
        for id in steps {
            assert!(entries.iter().any(|e| e.item.id == id), "{id}");
        }
        let principles = entries.iter().filter(|e| e.item.id.starts_with("sdd_"));
        assert_eq!(principles.count(), 8);
        for e in &entries {
            assert!(a.matrix.is_needed(e.owner), "{}", e.item.id);
            let due = e.due.unwrap_or_else(|| panic!("{} has no date", e.item.id));
            assert!(due >= a.work_plan.start && due <= a.work_plan.end);
        }
    }
    // The principles are for the integration work only.
    let (model, answers, a) = analysed(&[("openfn_used", choice("no"))]);
    let principle = model.checklists.item("sdd_code_repository").unwrap();
    assert_eq!(
        principle.status(&answers, &a.work_plan),
        Status::NotApplicable
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
    assert!(e.help().as_deref().unwrap().contains("`local_it`"));
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
    assert!(e.message().contains(&format!("line {first}")));

    // An OpenFn item comes first, so the Primero one is the duplicate.
    let (text, line) = edit(
        "field_signoff",
        "id = \"field_signoff\"",
        "id = \"encryption\"",
    );
    let e = find(&errors(&text), Some("encryption"), "already used").clone();
    assert_eq!(e.line, first);
    assert!(e.message().contains(&format!("line {line}")));
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
    assert!(e.help().as_deref().unwrap().contains("`ongoing`"));

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
    let (text, line) = edit("retention_policy", "one_of = [\"yes\"]", "one_of = \"yes\"");
    let e = find(
        &errors(&text),
        Some("retention_policy"),
        "`one_of` must be a list",
    )
    .clone();
    assert_eq!(e.line, line);

    let (text, line) = edit(
        "retention_policy",
        "done_when = {",
        "done_when = { answer = \"x\",",
    );
    let p = errors(&text);
    let e = find(&p, Some("retention_policy"), "unknown key `answer`");
    assert_eq!(e.line, line);
}

#[test]
fn malformed_planned_when_and_open_when_are_located() {
    let (text, line) = edit(
        "access_controls",
        "planned_when = {",
        "planned_when = { asked = \"x\",",
    );
    let p = errors(&text);
    let e = find(&p, Some("access_controls"), "unknown key `asked`");
    assert_eq!(e.line, line);

    let (text, line) = edit("access_controls", "planned_when = {", "planned_when = 3 #");
    let p = errors(&text);
    let e = find(&p, Some("access_controls"), "`planned_when` must be a test");
    assert_eq!(e.line, line);

    let (text, line) = edit(
        "access_controls",
        "open_when = [",
        "open_when = \"no\"\nrules = [",
    );
    let p = errors(&text);
    let e = find(
        &p,
        Some("access_controls"),
        "`open_when` must be a list of rules",
    );
    assert_eq!(e.line, line);

    let (text, _) = edit("access_controls", ", reason = \"", ", why = \"");
    let p = errors(&text);
    find(&p, Some("access_controls"), "unknown key `why`");
    find(&p, Some("access_controls"), "no `reason`");

    let (text, line) = edit("access_controls", "open_when = [", "open_when = [ 5,");
    let p = errors(&text);
    let e = find(&p, Some("access_controls"), "must be a table");
    assert_eq!(e.line, line);

    let (text, line) = edit(
        "integration_uat_signoff",
        "planned_by = [",
        "planned_by = [ 7,",
    );
    let p = errors(&text);
    let e = find(
        &p,
        Some("integration_uat_signoff"),
        "`planned_by` must be a non-empty string",
    );
    assert_eq!(e.line, line);
}

#[test]
fn planned_by_names_tasks_of_the_work_plan() {
    use hostplan::core::model::Companions;
    let load = |text: String| {
        let companions = Companions {
            checklists: ("checklists.toml".into(), text),
            ..Companions::builtin()
        };
        Model::load(primero(), &companions).map(|_| ())
    };
    let (text, line) = edit(
        "integration_uat_signoff",
        "planned_by = [\"acceptance_testing\"]",
        "planned_by = [\"acceptance_tests\"]",
    );
    let p = load(text).unwrap_err();
    let e = find(
        &p,
        Some("integration_uat_signoff"),
        "no task `acceptance_tests`",
    );
    assert_eq!(e.line, line);
    assert!(
        e.help()
            .as_deref()
            .unwrap()
            .contains("`acceptance_testing`")
    );
    assert!(
        e.to_string()
            .starts_with(&format!("checklists.toml:{line}:")),
        "{e}"
    );
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
    use hostplan::core::model::{Companions, Model};
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

#[test]
fn the_text_report_gives_each_status_with_its_task_or_reason() {
    let (model, _, a) = analysed(&[("openfn_webhook_auth", choice("none"))]);
    let text = hostplan::analysis::summary::checklists_text(&model, &a);
    let c = Counts::of(&a.checklists);
    assert!(
        text.contains(&format!("{} met, {} planned", c.met, c.planned)),
        "{text}"
    );
    assert!(
        text.contains("NCSC 10 steps and secure development"),
        "{text}"
    );
    let line = |title: &str| {
        text.lines()
            .find(|l| l.contains(title))
            .unwrap_or_else(|| panic!("no line for {title}:\n{text}"))
            .to_string()
    };
    assert!(line("Webhooks require").contains("[open]"));
    assert!(line("Webhooks require").contains("without authentication"));
    let training = line("Administrators trained on OpenFn");
    assert!(
        training.contains("[planned]") && training.contains("ends"),
        "{training}"
    );
    assert!(line("Data retention policy").contains("[met]"));
}

#[test]
fn an_item_of_a_party_the_plan_does_without_goes_to_its_stand_in() {
    let (model, _, a) = analysed(&[
        ("chosen_option", choice("tier4")),
        ("role_hosting_provider", choice("same_as_it_team")),
    ]);
    assert!(!a.matrix.is_needed("hosting_provider"));
    let physical = model
        .checklists
        .entries(&a.checklists)
        .into_iter()
        .flat_map(|(_, entries)| entries)
        .find(|e| e.item.id == "physical_security")
        .expect("the physical security item");
    assert_eq!(physical.owner, "local_it");
    let text = hostplan::analysis::summary::checklists_text(&model, &a);
    let line = text
        .lines()
        .find(|l| l.contains("Physical security"))
        .unwrap_or_else(|| panic!("no physical security line:\n{text}"));
    assert!(line.contains("owner: Local IT team"), "{line}");
}
