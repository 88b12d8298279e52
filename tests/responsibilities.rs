//! The shipped responsibilities matrix follows the domain's rules, and broken copies of it
//! give located errors.

mod common;

use common::{find, line_of};
use hostplan::diag::{Problem, Source};
use hostplan::options::HostingOption::{self, Local, Saas, Tier4};
use hostplan::responsibilities::{BUILTIN_MATRIX, BUILTIN_ORIGIN, Letters, Matrix};

const LOCAL_PARTIES: &[&str] = &["local_admin", "local_it", "hosting_provider", "tech_vendor"];

fn shipped() -> Matrix {
    let (m, warnings) = Matrix::parse(Source::new(BUILTIN_ORIGIN, BUILTIN_MATRIX))
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
    assert!(m.activity("openfn_workflows").unwrap().openfn_only);
    assert!(!m.activity("backups").unwrap().openfn_only);
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
    match Matrix::parse(Source::new("broken.toml", text)) {
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
    assert!(e.help.as_deref().unwrap().contains("local_it"));
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
    assert!(e.help.as_deref().unwrap().contains("\"AR\""));

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
    assert!(e.message.contains("hosting_provider") && e.message.contains("local_it"));
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
    assert!(e.message.contains(&format!("line {first}")), "{e}");
}

#[test]
fn unknown_and_missing_options_are_errors() {
    let (text, line) = edit("smtp", "raci.tier4 =", "raci.tier3 =");
    let p = errors(&text);
    let e = find(&p, Some("smtp"), "unknown option `tier3`");
    assert_eq!(e.line, line);
    assert!(e.help.as_deref().unwrap().contains("tier4"));
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
    assert!(e.help.as_deref().unwrap().contains("`infrastructure`"));

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
    assert!(p[0].message.contains("not valid TOML"));
    assert_eq!(p[0].line, line);

    let (text, line) = edit("smtp", "group =", "gruop =");
    let p = errors(&text);
    let e = find(&p, Some("smtp"), "unknown key `gruop`");
    assert_eq!(e.line, line);
    find(&p, Some("smtp"), "has no `group`");
}
