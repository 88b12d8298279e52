//! The shipped responsibilities matrix follows the domain's rules, each plan's own matrix
//! keeps them, and broken copies of the data give located errors.

use crate::common;

use chrono::NaiveDate;
use common::{Rng, find, line_of};
use hostplan::analysis::Analysis;
use hostplan::base::diag::{Problem, Source};
use hostplan::core::answer::{Answer, Level};
use hostplan::core::builtin::{Catalog, DEMO_PLAN};
use hostplan::core::model::{Companions, Model};
use hostplan::core::options::HostingOption::{self, Local, Saas, Tier4};
use hostplan::core::plan::{Completeness, Plan};
use hostplan::core::questionnaire::{Answers, Kind, Questionnaire};
use hostplan::core::responsibilities::{BUILTIN_MATRIX, BUILTIN_ORIGIN, Letters, Matrix};

const LOCAL_PARTIES: &[&str] = &["local_admin", "local_it", "hosting_provider", "tech_vendor"];

fn primero() -> Questionnaire {
    Catalog::builtin().unwrap().get("primero").unwrap().clone()
}

fn shipped() -> Matrix {
    let (m, warnings) = Matrix::parse(Source::new(BUILTIN_ORIGIN, BUILTIN_MATRIX), &primero())
        .unwrap_or_else(|p| panic!("{p:#?}"));
    assert!(warnings.is_empty(), "{warnings:#?}");
    m
}

fn accountable_id(m: &Matrix, activity: &str, option: HostingOption) -> String {
    m.accountable(activity, option)
        .unwrap_or_else(|| panic!("`{activity}` has no accountable party under {option:?}"))
        .id
        .clone()
}

#[test]
fn shipped_matrix_parses_and_matches_builtin() {
    let m = shipped();
    assert_eq!(m, Matrix::builtin());
    assert!(
        m.activities.len() >= 25,
        "{} activities",
        m.activities.len()
    );
    assert_eq!(
        m.party_ids(),
        [
            "data_owner",
            "unicef",
            "local_admin",
            "local_it",
            "hosting_provider",
            "tech_vendor",
            "openfn"
        ]
    );
    assert_eq!(m.party("unicef").unwrap().name, "UNICEF Primero team");
    assert_eq!(m.party("tech_vendor").unwrap().name, "Technology vendor");
}

#[test]
fn every_applying_activity_has_exactly_one_accountable_and_someone_doing_it() {
    let m = shipped();
    for option in HostingOption::ALL {
        let rows = m.rows(option);
        assert!(!rows.is_empty());
        for a in rows {
            let cells: Vec<&str> = m
                .parties
                .iter()
                .map(|p| m.letters(&a.id, option, &p.id))
                .collect();
            let accountable = cells.iter().filter(|c| c.contains('A')).count();
            assert_eq!(accountable, 1, "`{}` under {option:?}: {cells:?}", a.id);
            assert!(
                cells.iter().any(|c| c.contains('R')),
                "`{}` under {option:?}: nobody does the work",
                a.id
            );
            assert!(
                cells
                    .iter()
                    .all(|c| ["", "R", "A", "AR", "C", "I"].contains(c)),
                "{cells:?}"
            );
            assert!(m.accountable(&a.id, option).is_some());
            assert!(!m.responsible(&a.id, option).is_empty());
        }
    }
}

#[test]
fn activities_that_do_not_apply_show_not_applicable() {
    let m = shipped();
    let sample = m.activity("sample_infrastructure").unwrap();
    assert!(!sample.applies(Saas) && sample.applies(Tier4) && !sample.applies(Local));
    assert_eq!(m.letters("sample_infrastructure", Saas, "unicef"), "n/a");
    assert!(m.accountable("sample_infrastructure", Local).is_none());
    assert!(!m.activity("procurement").unwrap().applies(Saas));
    assert!(!m.rows(Saas).iter().any(|a| a.id == "procurement"));
    assert!(m.rows(Local).iter().any(|a| a.id == "procurement"));
}

#[test]
fn every_party_appears_somewhere() {
    let m = shipped();
    for p in &m.parties {
        let used = m
            .activities
            .iter()
            .any(|a| a.raci.values().any(|row| row.contains_key(&p.id)));
        assert!(used, "party `{}` is in no row", p.id);
    }
}

#[test]
fn the_brief_s_activities_are_all_covered() {
    let m = shipped();
    let wanted = [
        "procurement",
        "server_setup",
        "monitoring",
        "dns_tls",
        "smtp",
        "backups",
        "dr_plan",
        "dr_execution",
        "release_delivery",
        "data_migrations",
        "app_restarts",
        "os_patching",
        "postgres_patching",
        "access_management",
        "audit_log_review",
        "compliance_review",
        "data_protection",
        "terms_of_use",
        "information_sharing_protocol",
        "data_breach_protocol",
        "device_management",
        "config_promotion",
        "support_l1",
        "support_l2",
        "support_l3",
        "openfn_workflows",
        "openfn_webhook_auth",
        "sla",
        "sample_infrastructure",
        "rescaling",
    ];
    for id in wanted {
        let a = m
            .activity(id)
            .unwrap_or_else(|| panic!("no activity `{id}`"));
        assert!(!a.description.is_empty() && m.group(&a.group).is_some());
    }
    assert_eq!(m.activity("support_l1").unwrap().support_level, Some(1));
    assert_eq!(m.activity("support_l2").unwrap().support_level, Some(2));
    assert_eq!(m.activity("support_l3").unwrap().support_level, Some(3));
    assert!(
        m.activity("openfn_workflows")
            .unwrap()
            .applies_when
            .is_some()
    );
    assert!(m.activity("backups").unwrap().applies_when.is_none());
}

#[test]
fn the_data_owner_answers_for_the_data_and_its_governance() {
    let m = shipped();
    for id in [
        "terms_of_use",
        "information_sharing_protocol",
        "compliance_review",
        "data_protection",
    ] {
        for option in HostingOption::ALL {
            assert_eq!(
                accountable_id(&m, id, option),
                "data_owner",
                "{id} {option:?}"
            );
            let admin = m.letters(id, option, "local_admin");
            assert!(!admin.contains('A'), "{id} {option:?}: admin has {admin}");
        }
    }
}

#[test]
fn saas_leaves_the_infrastructure_to_unicef() {
    let m = shipped();
    for id in [
        "server_setup",
        "backups",
        "monitoring",
        "os_patching",
        "dr_plan",
    ] {
        assert_eq!(accountable_id(&m, id, Saas), "unicef", "{id}");
        for p in LOCAL_PARTIES {
            assert!(
                !m.letters(id, Saas, p).contains('A') && !m.letters(id, Saas, p).contains('R'),
                "`{p}` has a hand in `{id}` under SaaS"
            );
        }
    }
    // The local team has no backend access under SaaS.
    let access = m.activity("access_management").unwrap();
    assert!(
        LOCAL_PARTIES
            .iter()
            .all(|p| access.letters(Saas, p).is_none())
    );
    for a in m.rows(Saas) {
        if a.group == "infrastructure" || (a.group == "operations" && a.id != "device_management") {
            assert_eq!(accountable_id(&m, &a.id, Saas), "unicef", "{}", a.id);
        }
    }
}

#[test]
fn tier4_splits_application_and_infrastructure() {
    let m = shipped();
    for id in [
        "release_delivery",
        "data_migrations",
        "app_restarts",
        "support_l3",
    ] {
        assert_eq!(accountable_id(&m, id, Tier4), "unicef", "{id}");
    }
    for id in [
        "server_setup",
        "procurement",
        "backups",
        "dr_plan",
        "dr_execution",
        "dns_tls",
        "smtp",
        "access_management",
        "audit_log_review",
        "sla",
        "monitoring",
        "os_patching",
        "postgres_patching",
        "rescaling",
        "sample_infrastructure",
        "support_l2",
    ] {
        let who = accountable_id(&m, id, Tier4);
        assert!(LOCAL_PARTIES[..2].contains(&who.as_str()), "{id}: {who}");
    }
    // Handing work to the hosting provider keeps the local team accountable.
    assert_eq!(m.letters("backups", Tier4, "hosting_provider"), "R");
    assert_eq!(m.letters("backups", Tier4, "local_it"), "A");
    // UNICEF's engineers join the recovery.
    assert!(
        m.responsible("dr_execution", Tier4)
            .iter()
            .any(|p| p.id == "unicef")
    );
}

#[test]
fn fully_local_has_no_unicef_delivery_or_support() {
    let m = shipped();
    for a in m.rows(Local) {
        let l = a.letters(Local, "unicef");
        assert!(
            l.is_none() || l == Some(Letters::I),
            "`{}` gives UNICEF {l:?} under fully local",
            a.id
        );
    }
    assert_eq!(accountable_id(&m, "release_delivery", Local), "local_it");
    assert_eq!(accountable_id(&m, "support_l3", Local), "local_it");
}

#[test]
fn legend_and_support_levels_are_data() {
    let m = shipped();
    for code in ["R", "A", "AR", "C", "I", "n/a"] {
        assert!(m.meaning(code).is_some_and(|s| !s.is_empty()), "{code}");
    }
    for level in 1..=3 {
        let s = m.support_level(level).unwrap();
        assert!(!s.description.is_empty());
        assert!(
            m.activities.iter().any(|a| a.support_level == Some(level)),
            "no activity gives level {level}"
        );
    }
    assert!(m.support_level(3).unwrap().description.contains("UNICEF"));
}

#[test]
fn serialises_to_json_with_option_keys() {
    let m = shipped();
    let v = serde_json::to_value(&m).unwrap();
    let backups = v["activities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "backups")
        .unwrap();
    assert_eq!(backups["raci"]["tier4"]["local_it"], "A");
    assert_eq!(backups["raci"]["saas"]["unicef"], "AR");
    assert_eq!(v["support_levels"][0]["level"], 1);
}

/// The work plan names activities for its owners; they must exist and apply under the
/// options the task runs for.
#[test]
fn work_plan_activities_exist_and_apply() {
    let m = shipped();
    let text = include_str!("../questionnaires/primero/workplan.toml");
    let doc: toml::Table = toml::from_str(text).unwrap();
    let Some(tasks) = doc.get("tasks").and_then(|t| t.as_array()) else {
        return;
    };
    for task in tasks {
        let Some(activity) = task.get("activity").and_then(|a| a.as_str()) else {
            continue;
        };
        let a = m
            .activity(activity)
            .unwrap_or_else(|| panic!("work plan names unknown activity `{activity}`"));
        let options: Vec<HostingOption> = match task.get("options").and_then(|o| o.as_array()) {
            Some(list) => list
                .iter()
                .filter_map(|o| HostingOption::from_id(o.as_str()?))
                .collect(),
            None => HostingOption::ALL.to_vec(),
        };
        for o in options {
            assert!(a.applies(o), "`{activity}` does not apply under {o:?}");
        }
    }
}

// --- Broken copies ------------------------------------------------------------------

fn errors(text: &str) -> Vec<Problem> {
    match Matrix::parse(Source::new("broken.toml", text), &primero()) {
        Ok(_) => panic!("the broken copy parsed"),
        Err(p) => p,
    }
}

/// The shipped text with `from` replaced by `to` in the block of `activity`; also returns
/// the line of the change.
fn edit(activity: &str, from: &str, to: &str) -> (String, usize) {
    let text = BUILTIN_MATRIX;
    let start = text
        .find(&format!("id = \"{activity}\""))
        .unwrap_or_else(|| panic!("no activity `{activity}`"));
    let at = start
        + text[start..]
            .find(from)
            .unwrap_or_else(|| panic!("`{from}` not in `{activity}`"));
    let next = text[start..]
        .find("[[activities]]")
        .map_or(text.len(), |i| start + i);
    assert!(at < next, "`{from}` is not in the block of `{activity}`");
    let changed = format!("{}{to}{}", &text[..at], &text[at + from.len()..]);
    let line = Source::new("", text).locate(at).0;
    (changed, line)
}

#[test]
fn unknown_party_is_located_with_a_suggestion() {
    let (text, line) = edit("data_migrations", "local_it = \"C\"", "local_ti = \"C\"");
    let p = errors(&text);
    let e = find(&p, Some("data_migrations"), "unknown party `local_ti`");
    assert_eq!(e.line, line);
    assert!(e.help().as_deref().unwrap().contains("local_it"));
    assert!(
        e.to_string().starts_with(&format!("broken.toml:{line}:")),
        "{e}"
    );
}

#[test]
fn bad_letters_are_located() {
    let (text, line) = edit(
        "smtp",
        "raci.tier4 = { local_it = \"AR\"",
        "raci.tier4 = { local_it = \"RA\"",
    );
    let p = errors(&text);
    let e = find(&p, Some("smtp"), "bad letters `RA`");
    assert_eq!(e.line, line);
    assert!(e.help().as_deref().unwrap().contains("\"AR\""));

    let (text, line) = edit(
        "backups",
        "raci.local = { local_it = \"A\"",
        "raci.local = { local_it = \"X\"",
    );
    let e = find(&errors(&text), Some("backups"), "bad letters `X`").clone();
    assert_eq!(e.line, line);

    let (text, line) = edit(
        "backups",
        "raci.local = { local_it = \"A\"",
        "raci.local = { local_it = 1",
    );
    let e = find(&errors(&text), Some("backups"), "must be a string").clone();
    assert_eq!(e.line, line);
}

#[test]
fn two_accountables_are_located_at_the_second() {
    let (text, line) = edit(
        "backups",
        "hosting_provider = \"R\", unicef",
        "hosting_provider = \"A\", unicef",
    );
    let p = errors(&text);
    let e = find(
        &p,
        Some("backups"),
        "two parties are accountable under `tier4`",
    );
    assert_eq!(e.line, line);
    assert!(e.message().contains("hosting_provider") && e.message().contains("local_it"));
}

#[test]
fn no_accountable_is_an_error() {
    let (text, line) = edit(
        "smtp",
        "raci.saas = { unicef = \"AR\" }",
        "raci.saas = { unicef = \"R\" }",
    );
    let e = find(
        &errors(&text),
        Some("smtp"),
        "no party is accountable under `saas`",
    )
    .clone();
    assert_eq!(e.line, line);

    let (text, line) = edit(
        "smtp",
        "raci.saas = { unicef = \"AR\" }",
        "raci.saas = { unicef = \"A\" }",
    );
    let e = find(
        &errors(&text),
        Some("smtp"),
        "nobody does the work under `saas`",
    )
    .clone();
    assert_eq!(e.line, line);
}

#[test]
fn duplicate_activity_id_names_the_first_line() {
    let first = line_of(BUILTIN_MATRIX, "id = \"dns_tls\"");
    let (text, line) = edit("smtp", "id = \"smtp\"", "id = \"dns_tls\"");
    let p = errors(&text);
    let e = find(&p, Some("dns_tls"), "already used");
    assert_eq!(e.line, line);
    assert!(e.message().contains(&format!("line {first}")), "{e}");
}

#[test]
fn unknown_and_missing_options_are_errors() {
    let (text, line) = edit("smtp", "raci.tier4 =", "raci.tier3 =");
    let p = errors(&text);
    let e = find(&p, Some("smtp"), "unknown option `tier3`");
    assert_eq!(e.line, line);
    assert!(e.help().as_deref().unwrap().contains("tier4"));
    // The row for tier4 is then missing.
    find(&p, Some("smtp"), "no row for `tier4`");

    let (text, _) = edit("sample_infrastructure", "raci.local = \"n/a\"\n", "");
    find(
        &errors(&text),
        Some("sample_infrastructure"),
        "no row for `local`",
    );

    let (text, line) = edit(
        "sample_infrastructure",
        "raci.local = \"n/a\"",
        "raci.local = \"none\"",
    );
    let e = find(
        &errors(&text),
        Some("sample_infrastructure"),
        "row for `local` must be",
    )
    .clone();
    assert_eq!(e.line, line);
}

#[test]
fn unknown_group_and_support_level() {
    let (text, line) = edit(
        "smtp",
        "group = \"infrastructure\"",
        "group = \"infrastucture\"",
    );
    let p = errors(&text);
    let e = find(&p, Some("smtp"), "unknown group `infrastucture`");
    assert_eq!(e.line, line);
    assert!(e.help().as_deref().unwrap().contains("`infrastructure`"));

    let (text, line) = edit("support_l3", "support_level = 3", "support_level = 4");
    let e = find(
        &errors(&text),
        Some("support_l3"),
        "support level 4 is not defined",
    )
    .clone();
    assert_eq!(e.line, line);
}

#[test]
fn legend_must_explain_every_code() {
    let text = BUILTIN_MATRIX.replacen("code = \"AR\"", "code = \"RA\"", 1);
    let p = errors(&text);
    let e = find(&p, None, "`RA` is not a code");
    assert_eq!(e.line, line_of(BUILTIN_MATRIX, "code = \"AR\""));
    find(&p, None, "does not explain `AR`");
}

#[test]
fn syntax_errors_and_unknown_keys_are_located() {
    let (text, line) = edit("smtp", "title = \"SMTP service\"", "title = SMTP service");
    let p = errors(&text);
    assert_eq!(p.len(), 1, "{p:#?}");
    assert!(p[0].message().contains("not valid TOML"));
    assert_eq!(p[0].line, line);

    let (text, line) = edit("smtp", "group =", "gruop =");
    let p = errors(&text);
    let e = find(&p, Some("smtp"), "unknown key `gruop`");
    assert_eq!(e.line, line);
    find(&p, Some("smtp"), "has no `group`");
}

/// The shipped text with `from` replaced by `to` in the block of party `party`; also returns
/// the line of the change.
fn edit_party(party: &str, from: &str, to: &str) -> (String, usize) {
    let text = BUILTIN_MATRIX;
    let start = text
        .find(&format!("[[parties]]\nid = \"{party}\""))
        .unwrap_or_else(|| panic!("no party `{party}`"));
    let at = start
        + text[start..]
            .find(from)
            .unwrap_or_else(|| panic!("`{from}` not in `{party}`"));
    let next = text[start + 1..]
        .find("[[")
        .map_or(text.len(), |i| start + 1 + i);
    assert!(at < next, "`{from}` is not in the block of `{party}`");
    let changed = format!("{}{to}{}", &text[..at], &text[at + from.len()..]);
    (changed, Source::new("", text).locate(at).0)
}

#[test]
fn applies_when_naming_an_unknown_question_or_option_is_located() {
    let (text, line) = edit(
        "lightning_backups",
        "question = \"openfn_hosting\"",
        "question = \"openfn_hostin\"",
    );
    let e = find(&errors(&text), Some("lightning_backups"), "not a question").clone();
    assert_eq!(e.line, line);
    assert!(e.help().as_deref().unwrap().contains("openfn_hosting"));

    let (text, line) = edit(
        "lightning_backups",
        "equals = \"self_hosted\"",
        "equals = \"selfhosted\"",
    );
    let e = find(&errors(&text), Some("lightning_backups"), "not an option").clone();
    assert_eq!(e.line, line);

    let (text, line) = edit(
        "lightning_backups",
        "applies_when = {",
        "applies_when = { below = 3, ",
    );
    let e = find(&errors(&text), Some("lightning_backups"), "mixes").clone();
    assert_eq!(e.line, line);
}

#[test]
fn not_needed_when_with_a_bad_condition_is_located() {
    let (text, line) = edit_party(
        "tech_vendor",
        "question = \"role_technology_vendor\"",
        "question = \"role_tech_vendor\"",
    );
    let e = find(&errors(&text), Some("tech_vendor"), "not a question").clone();
    assert_eq!(e.line, line);

    let (text, line) = edit_party(
        "tech_vendor",
        "not_needed_when = {",
        "not_needed_when = 3 #",
    );
    let e = find(&errors(&text), Some("tech_vendor"), "must be a table").clone();
    assert_eq!(e.line, line);

    let (text, line) = edit_party("tech_vendor", "stand_in = \"local_it\"\n", "");
    let e = find(&errors(&text), Some("tech_vendor"), "needs a `stand_in`").clone();
    // The condition is on the line above the removed stand-in.
    assert_eq!(e.line, line - 1);
}

#[test]
fn stand_in_must_be_another_party() {
    let (text, line) = edit_party(
        "tech_vendor",
        "stand_in = \"local_it\"",
        "stand_in = \"local_ti\"",
    );
    let e = find(
        &errors(&text),
        Some("tech_vendor"),
        "stand-in `local_ti` is not a party",
    )
    .clone();
    assert_eq!(e.line, line);
    assert!(e.help().as_deref().unwrap().contains("local_it"));

    let (text, line) = edit_party(
        "tech_vendor",
        "stand_in = \"local_it\"",
        "stand_in = \"tech_vendor\"",
    );
    let e = find(
        &errors(&text),
        Some("tech_vendor"),
        "cannot stand in for itself",
    )
    .clone();
    assert_eq!(e.line, line);

    // Two parties standing in for each other go round in a circle.
    let (text, _) = edit_party(
        "hosting_provider",
        "stand_in = \"local_it\"",
        "stand_in = \"tech_vendor\"",
    );
    let text = text.replacen(
        "not_needed_when = { question = \"role_technology_vendor\", equals = \"not_needed\" }\nstand_in = \"local_it\"",
        "not_needed_when = { question = \"role_technology_vendor\", equals = \"not_needed\" }\nstand_in = \"hosting_provider\"",
        1,
    );
    find(&errors(&text), Some("tech_vendor"), "lead back to it");

    let (text, line) = edit_party(
        "local_it",
        "short = \"IT\"",
        "short = \"IT\"\nstand_in = \"unicef\"",
    );
    let e = find(
        &errors(&text),
        Some("local_it"),
        "no use without `not_needed_when`",
    )
    .clone();
    assert_eq!(e.line, line + 1);
}

#[test]
fn answer_texts_name_a_question_and_show_where_the_answer_goes() {
    let (text, line) = edit_party(
        "unicef",
        "question = \"unicef_focal_point\"",
        "question = \"focal_point\"",
    );
    let e = find(&errors(&text), Some("unicef"), "which is not a question").clone();
    assert_eq!(e.line, line);
    assert!(e.help().as_deref().unwrap().contains("unicef_focal_point"));

    let (text, line) = edit_party("unicef", "(focal point: {answer})", "(focal point)");
    let e = find(
        &errors(&text),
        Some("unicef"),
        "does not say where the answer goes",
    )
    .clone();
    assert_eq!(e.line, line);

    let (text, line) = edit(
        "incident_response",
        "note_from = { question = \"security_contact_email\",",
        "note_from = { question = \"security_contact_email\", txt = \"x\",",
    );
    let e = find(
        &errors(&text),
        Some("incident_response"),
        "unknown key `txt`",
    )
    .clone();
    assert_eq!(e.line, line);
}

// --- Each plan's own matrix -----------------------------------------------------------

fn model() -> Model {
    Model::load(primero(), &Companions::builtin())
        .unwrap_or_else(|p| panic!("{p:#?}"))
        .0
}

fn demo_answers(q: &Questionnaire) -> Answers {
    Plan::parse(
        Source::new("demo", DEMO_PLAN),
        |id| (id == q.id).then_some(q),
        Completeness::Partial,
    )
    .unwrap()
    .0
    .answers
}

fn with(mut answers: Answers, changes: &[(&str, Answer)]) -> Answers {
    for (id, a) in changes {
        answers.insert((*id).to_string(), a.clone());
    }
    answers
}

fn choice(id: &str) -> Answer {
    Answer::Choice(id.to_string())
}

fn analyse(m: &Model, answers: &Answers) -> Analysis {
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    Analysis::with_builtin_figures(m, answers, today)
}

/// Every row of a plan's matrix, under every option, keeps one A and someone doing the
/// work, and a party the plan does without carries no letter at all.
fn assert_sound(plan: &Matrix, label: &str) {
    let idle: Vec<&str> = plan
        .parties
        .iter()
        .filter(|p| !plan.is_needed(&p.id))
        .map(|p| p.id.as_str())
        .collect();
    for option in HostingOption::ALL {
        for a in plan.rows(option) {
            let row = &a.raci[&option];
            let accountable = row.values().filter(|l| l.is_accountable()).count();
            assert_eq!(
                accountable, 1,
                "{label}: `{}` under {option:?}: {row:?}",
                a.id
            );
            assert!(
                row.values().any(|l| l.is_responsible()),
                "{label}: `{}` under {option:?}: nobody does it",
                a.id
            );
            for p in &idle {
                assert!(
                    !row.contains_key(*p),
                    "{label}: `{p}` is not needed but has `{:?}` in `{}`",
                    row[*p],
                    a.id
                );
            }
        }
    }
}

#[test]
fn the_demo_and_the_sample_plans_keep_the_rules() {
    let m = model();
    let q = &m.questionnaire;
    let mut plans = vec![("demo".to_string(), demo_answers(q))];
    let folders = ["tests/plans", "tests/plans/advice"];
    let files = folders.iter().flat_map(|f| std::fs::read_dir(f).unwrap());
    for entry in files {
        let path = entry.unwrap().path();
        if !path.is_file() {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let label = path.display().to_string();
        let (plan, _) = Plan::parse(
            Source::new(&label, &text),
            |id| (id == q.id).then_some(q),
            Completeness::Partial,
        )
        .unwrap_or_else(|p| panic!("{label} does not load: {p:#?}"));
        plans.push((label, plan.answers));
    }
    assert!(plans.len() >= 4, "{} plans", plans.len());
    for (label, answers) in &plans {
        let a = analyse(&m, answers);
        assert_sound(&a.matrix, label);
    }
}

/// Plans drawn at random: the demo with every choice, yes/partly/no and multi-choice
/// answer redrawn from the question's own options.
#[test]
fn generated_plans_keep_the_rules() {
    let m = model();
    let q = &m.questionnaire;
    let base = demo_answers(q);
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let mut vendors_idle = 0;
    // How often each row was in and out, so the draw is known to cover both.
    let mut seen = [0usize; 4];
    for round in 0..300 {
        let seed = rng.0;
        let mut answers = base.clone();
        for question in q.questions() {
            let drawn = match question.kind {
                Kind::SingleChoice => {
                    let o = &question.options[rng.below(question.options.len())];
                    Some(Answer::Choice(o.id.clone()))
                }
                Kind::YesPartlyNo => Some(Answer::Level(Level::ALL[rng.below(3)])),
                Kind::MultiChoice => {
                    let chosen: Vec<String> = question
                        .options
                        .iter()
                        .filter(|_| rng.below(2) == 0)
                        .map(|o| o.id.clone())
                        .collect();
                    (!chosen.is_empty()).then_some(Answer::Choices(chosen))
                }
                _ => None,
            };
            match drawn {
                Some(a) if rng.below(8) != 0 => {
                    answers.insert(question.id.clone(), a);
                }
                Some(_) => {
                    answers.remove(&question.id);
                }
                None => {}
            }
        }
        let a = analyse(&m, &answers);
        let label = format!("round {round}, seed {seed:#x}");
        assert_sound(&a.matrix, &label);
        if !a.matrix.is_needed("tech_vendor") {
            vendors_idle += 1;
            assert_eq!(a.matrix.acting_party("tech_vendor"), "local_it", "{label}");
        }
        // Rows follow the answers the plan shows.
        let shown = q.visibility(&answers);
        let answer = |id: &str| {
            shown[id]
                .then(|| answers.get(id).map(Answer::to_plain))
                .flatten()
                .unwrap_or_default()
        };
        let self_hosted = answer("openfn_hosting") == "self_hosted";
        assert_eq!(
            a.matrix.activity("lightning_secrets").is_some(),
            self_hosted,
            "{label}"
        );
        let mdm = ["yes", "partly"].contains(&answer("mdm_wanted").as_str());
        assert_eq!(
            a.matrix.activity("device_management").is_some(),
            mdm,
            "{label}"
        );
        seen[usize::from(self_hosted)] += 1;
        seen[2 + usize::from(mdm)] += 1;
        let idle_host = answer("role_hosting_provider") == "same_as_it_team";
        assert_eq!(
            !a.matrix.is_needed("hosting_provider"),
            idle_host,
            "{label}"
        );
    }
    assert!(
        vendors_idle > 10,
        "only {vendors_idle} plans without a vendor"
    );
}

#[test]
fn a_party_the_plan_does_without_hands_its_part_to_the_local_it_team() {
    let m = model();
    let q = &m.questionnaire;
    let answers = with(
        demo_answers(q),
        &[
            ("role_technology_vendor", choice("not_needed")),
            ("role_hosting_provider", choice("same_as_it_team")),
        ],
    );
    let plan = analyse(&m, &answers).matrix;
    for id in ["tech_vendor", "hosting_provider"] {
        assert!(!plan.is_needed(id), "{id}");
        assert_eq!(plan.acting_party(id), "local_it");
        assert_eq!(plan.party_name(id), plan.party("local_it").unwrap().name);
    }
    // Backups were the hosting provider's work with the IT team accountable.
    assert_eq!(plan.letters("backups", Tier4, "local_it"), "AR");
    assert_eq!(plan.letters("backups", Tier4, "hosting_provider"), "");
    // Monitoring was the vendor's work.
    assert_eq!(plan.letters("monitoring", Tier4, "local_it"), "AR");
    assert_eq!(plan.letters("monitoring", Tier4, "tech_vendor"), "");
    assert!(
        !plan
            .parties_in_rows(Tier4)
            .iter()
            .any(|p| p.id == "tech_vendor" || p.id == "hosting_provider")
    );
    // No task of the work plan is shown as owned by a party the plan does without.
    let analysis = analyse(&m, &answers);
    for task in analysis.work_plan.phases.iter().flat_map(|p| &p.tasks) {
        let shown = analysis.matrix.party_name(&task.owner);
        assert!(
            shown != "Technology vendor" && !shown.starts_with("Hosting provider"),
            "`{}` is shown as owned by {shown}",
            task.id
        );
    }
    // The demo, with both, keeps them.
    let demo = analyse(&m, &demo_answers(q)).matrix;
    assert!(demo.is_needed("tech_vendor"));
    assert_eq!(demo.letters("monitoring", Tier4, "tech_vendor"), "R");
}

#[test]
fn lightning_rows_appear_only_when_lightning_is_self_hosted() {
    let m = model();
    let q = &m.questionnaire;
    let lightning = [
        "lightning_patching",
        "lightning_backups",
        "lightning_secrets",
        "lightning_retention",
    ];
    let demo = analyse(&m, &demo_answers(q)).matrix;
    for id in lightning {
        assert!(
            demo.activity(id).is_some(),
            "{id} missing from the self-hosting demo"
        );
    }
    assert!(
        demo.activity("lightning_retention")
            .unwrap()
            .description
            .contains("30 days")
    );
    for hosting in ["saas", "dedicated"] {
        let plan = m.plan_matrix(&with(
            demo_answers(q),
            &[("openfn_hosting", choice(hosting))],
        ));
        for id in lightning {
            assert!(plan.activity(id).is_none(), "{id} with OpenFn {hosting}");
        }
        assert!(plan.activity("openfn_workflows").is_some());
    }
    // Self-hosting answered but OpenFn not used: the hosting answer is not asked, so it
    // does not count.
    let plan = m.plan_matrix(&with(demo_answers(q), &[("openfn_used", choice("no"))]));
    for id in lightning
        .iter()
        .chain(&["openfn_workflows", "openfn_webhook_auth"])
    {
        assert!(plan.activity(id).is_none(), "{id} without OpenFn");
    }
}

#[test]
fn device_management_has_an_owner_only_when_it_is_wanted() {
    let m = model();
    let q = &m.questionnaire;
    let demo = analyse(&m, &demo_answers(q));
    assert!(demo.matrix.activity("device_management").is_some());
    let shown = q.visibility(&demo_answers(q));
    assert!(shown["mdm_wanted"] && shown["cap_device_management"]);

    let unwanted = with(demo_answers(q), &[("mdm_wanted", Answer::Level(Level::No))]);
    assert!(
        m.plan_matrix(&unwanted)
            .activity("device_management")
            .is_none()
    );
    assert!(!q.visibility(&unwanted)["cap_device_management"]);

    // Desktops only: the question is not asked, and nothing is managed.
    let desktops = with(
        demo_answers(q),
        &[("device_types", Answer::Choices(vec!["desktop".into()]))],
    );
    assert!(!q.visibility(&desktops)["mdm_wanted"]);
    assert!(
        m.plan_matrix(&desktops)
            .activity("device_management")
            .is_none()
    );
    let phones = with(
        desktops,
        &[("device_types", Answer::Choices(vec!["phone".into()]))],
    );
    assert!(q.visibility(&phones)["mdm_wanted"]);
}

#[test]
fn names_come_from_the_answers() {
    let m = model();
    let q = &m.questionnaire;
    let answers = demo_answers(q);
    let a = analyse(&m, &answers);
    let unicef = &a.matrix.party("unicef").unwrap().name;
    assert!(unicef.contains("Ingrid Okonkwo-Santos"), "{unicef}");
    let owner = &a.matrix.party("data_owner").unwrap().name;
    assert!(owner.contains("Ministry of Social Welfare"), "{owner}");
    assert!(
        a.matrix
            .activity("incident_response")
            .unwrap()
            .description
            .contains("security@mosw.gov.kl")
    );
    // The work plan's owners are named by the plan's matrix.
    let task = a
        .work_plan
        .tasks()
        .find(|t| t.owner == "data_owner")
        .expect("the data owner owns a task, such as the Terms of Use");
    assert!(
        a.matrix
            .party_name(&task.owner)
            .contains("Ministry of Social Welfare")
    );
    // Without the answers, the data's names stand.
    let mut bare = answers.clone();
    bare.remove("unicef_focal_point");
    bare.remove("security_contact_email");
    let plan = m.plan_matrix(&bare);
    assert_eq!(plan.party("unicef").unwrap().name, "UNICEF Primero team");
    assert!(
        !plan
            .activity("incident_response")
            .unwrap()
            .description
            .contains('@')
    );
}

#[test]
fn release_delivery_says_how_tier4_works() {
    let m = shipped();
    let d = &m.activity("release_delivery").unwrap().description;
    for words in [
        "schedule",
        "object",
        "delay",
        "migration",
        "UNICEF engineers",
    ] {
        assert!(d.contains(words), "no `{words}` in: {d}");
    }
    assert_eq!(accountable_id(&m, "release_delivery", Tier4), "unicef");
    let review = m.activity("release_objection").unwrap();
    assert!(review.applies(Tier4) && !review.applies(Saas) && !review.applies(Local));
    assert_ne!(accountable_id(&m, "release_objection", Tier4), "unicef");
}
