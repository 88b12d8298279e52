//! Advice a Primero deployment lead would sign: over the `plan show --json` output of
//! realistic plans (tests/plans/advice/) and of generated ones, a task never starts before
//! what it needs exists, parties the plan does not need carry no work, and nothing is
//! marked met from a plan alone. Each failure names the plan, the task and the dates.

use crate::common;

use chrono::NaiveDate;
use common::Rng;
use hostplan::base::diag::Source;
use hostplan::core::answer::{Answer, Level};
use hostplan::core::builtin::Catalog;
use hostplan::core::model::{Companions, Model};
use hostplan::core::plan::{Completeness, Plan};
use hostplan::core::questionnaire::{Answers, Bound, Kind, Question, Questionnaire};
use hostplan::core::workplan::add_working_days;
use hostplan::export::{json, with_context};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Capacity areas whose gap is closed on the servers themselves.
const SERVER_AREAS: &[&str] = &[
    "bastion",
    "monitoring",
    "backups",
    "disaster_recovery",
    "docker",
    "patching",
    "firewall",
];

/// Working days between the end of UAT and go-live, to fix what testing finds.
const FIX_WINDOW: u32 = 5;

/// Answers stating that something exists now, each set to "not yet", and answers stating
/// an intention, each set to the positive one: a plan with nothing done but good intent.
const NOTHING_DONE_YET: &[(&str, &str)] = &[
    ("isp_status", "not_started"),
    ("breach_protocol_status", "not_started"),
    ("dpia_done", "no"),
    ("retention_policy_defined", "no"),
    ("physical_security", "no"),
    ("support_levels_agreed", "no"),
    ("incident_response_plan", "no"),
    ("change_management", "no"),
    ("risk_register", "no"),
    ("mobile_working_policy", "no"),
    ("malware_protection", "no"),
    ("removable_media_rule", "no"),
    ("security_awareness_training", "no"),
    ("integration_code_review", "no"),
    ("admin_training", "yes"),
    ("mfa_for_users", "yes"),
    ("openfn_webhook_auth", "header_key"),
    ("openfn_retention", "erase_all"),
    ("openfn_test_project", "yes"),
    ("openfn_mfa_required", "yes"),
];

struct Setup {
    q: Questionnaire,
    model: Model,
}

fn setup() -> Setup {
    let cat = Catalog::builtin().unwrap();
    let q = cat.get("primero").unwrap().clone();
    let (model, _) = Model::load(q.clone(), &Companions::builtin()).unwrap();
    Setup { q, model }
}

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(1_790_000_000, 0).unwrap()
}

fn parse_plan(s: &Setup, name: &str, text: &str) -> Plan {
    Plan::parse(
        Source::new(name, text),
        |id| (id == s.q.id).then_some(&s.q),
        Completeness::Complete,
    )
    .unwrap_or_else(|p| panic!("{name} is not a complete, valid plan: {p:#?}"))
    .0
}

/// The plan's JSON, from the exporter itself.
fn json_of(s: &Setup, plan: &Plan, name: &str) -> (String, Value) {
    let text = with_context(&s.model, plan, now(), name, json::render);
    let value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{name}: the JSON does not parse: {e}\n{text}"));
    (text, value)
}

fn advice_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/plans/advice")
}

/// Every advice plan, by file name, in name order.
fn advice_plans() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(advice_dir())
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    out.sort();
    out
}

fn advice_plan(s: &Setup, name: &str) -> (Plan, Value) {
    let text = std::fs::read_to_string(advice_dir().join(name)).unwrap();
    let plan = parse_plan(s, name, &text);
    let (_, v) = json_of(s, &plan, name);
    (plan, v)
}

// --- Reading the JSON ---------------------------------------------------------------

struct T<'a> {
    v: &'a Value,
}

impl<'a> T<'a> {
    fn id(&self) -> &'a str {
        self.v["id"].as_str().unwrap_or("?")
    }
    fn str(&self, key: &str) -> &'a str {
        self.v[key].as_str().unwrap_or("")
    }
    fn date(&self, key: &str) -> NaiveDate {
        NaiveDate::parse_from_str(self.str(key), "%Y-%m-%d")
            .unwrap_or_else(|_| panic!("task {} has {key} {:?}", self.id(), self.v[key]))
    }
    fn start(&self) -> NaiveDate {
        self.date("start")
    }
    fn end(&self) -> NaiveDate {
        self.date("end")
    }
    fn list(&self, key: &str) -> Vec<&'a str> {
        self.v[key]
            .as_array()
            .map_or(Vec::new(), |a| a.iter().filter_map(Value::as_str).collect())
    }
    /// Parties doing part of the task besides its owner.
    fn with(&self) -> Vec<&'a str> {
        assert!(
            self.v["with"].is_array(),
            "task {} has no `with` list",
            self.id()
        );
        self.list("with")
    }
    fn days(&self) -> u64 {
        self.v["days"].as_u64().unwrap_or(0)
    }
}

fn tasks(v: &Value) -> Vec<T<'_>> {
    v["work_plan"]["tasks"]
        .as_array()
        .map_or(Vec::new(), |a| a.iter().map(|v| T { v }).collect())
}

fn task<'a>(v: &'a Value, id: &str) -> Option<T<'a>> {
    tasks(v).into_iter().find(|t| t.id() == id)
}

fn choice(answers: &Answers, id: &str) -> Option<String> {
    answers.get(id).map(Answer::to_plain)
}

fn has_local_production(v: &Value) -> bool {
    v["recommendation"]["commits_to"] != "saas"
}

// --- The invariants -----------------------------------------------------------------

/// Every invariant that holds for one plan on its own; each broken one as a sentence.
fn violations(name: &str, v: &Value, answers: &Answers) -> Vec<String> {
    let mut out = Vec::new();
    shape(name, v, &mut out);
    dependencies(name, v, &mut out);
    server_gaps_after_infrastructure(name, v, &mut out);
    vendor_after_contract(name, v, answers, &mut out);
    administrator_after_recruitment(name, v, answers, &mut out);
    support_before_go_live(name, v, &mut out);
    testing_leaves_room(name, v, &mut out);
    uat_owned_by_the_named_person(name, v, answers, &mut out);
    titles_unique(name, v, &mut out);
    unneeded_parties_idle(name, v, answers, &mut out);
    out
}

fn shape(name: &str, v: &Value, out: &mut Vec<String>) {
    if v["schema_version"].as_u64() != Some(u64::from(json::SCHEMA_VERSION)) {
        out.push(format!("{name}: schema_version is {}", v["schema_version"]));
    }
    let ids: Vec<&str> = tasks(v).iter().map(|t| t.id()).collect();
    for t in tasks(v) {
        if t.end() < t.start() {
            out.push(format!(
                "{name}: task {} ends {} before it starts {}",
                t.id(),
                t.end(),
                t.start()
            ));
        }
        for d in t.list("depends_on") {
            if !ids.contains(&d) {
                out.push(format!(
                    "{name}: task {} depends on {d}, not in the plan",
                    t.id()
                ));
            }
        }
    }
}

fn dependencies(name: &str, v: &Value, out: &mut Vec<String>) {
    for t in tasks(v) {
        for d in t.list("depends_on").into_iter().filter_map(|d| task(v, d)) {
            if t.start() < d.end() {
                out.push(format!(
                    "{name}: task {} starts {} before {} (which it depends on) ends {}",
                    t.id(),
                    t.start(),
                    d.id(),
                    d.end()
                ));
            }
        }
    }
}

fn server_gaps_after_infrastructure(name: &str, v: &Value, out: &mut Vec<String>) {
    let Some(ready) = task(v, "infrastructure_ready") else {
        return;
    };
    for t in tasks(v) {
        let areas: Vec<&str> = t
            .list("closes_gaps")
            .into_iter()
            .filter(|a| SERVER_AREAS.contains(a))
            .collect();
        if !areas.is_empty() && t.start() < ready.end() {
            out.push(format!(
                "{name}: task {} closes the {} gap from {}, before infrastructure_ready on {}",
                t.id(),
                areas.join("/"),
                t.start(),
                ready.end()
            ));
        }
    }
}

fn vendor_after_contract(name: &str, v: &Value, answers: &Answers, out: &mut Vec<String>) {
    let involves_vendor =
        |t: &T| t.str("owner") == "tech_vendor" || t.with().contains(&"tech_vendor");
    let vendor_tasks: Vec<T> = tasks(v)
        .into_iter()
        .filter(|t| t.id() != "contract_vendor" && involves_vendor(t))
        .collect();
    let Some(contract) = task(v, "contract_vendor") else {
        let tendered = choice(answers, "role_technology_vendor").as_deref() == Some("to_procure");
        if tendered && has_local_production(v) && !vendor_tasks.is_empty() {
            let ids: Vec<&str> = vendor_tasks.iter().map(|t| t.id()).collect();
            out.push(format!(
                "{name}: the vendor is to be tendered but there is no contract_vendor task before its tasks {}",
                ids.join(", ")
            ));
        }
        return;
    };
    for t in vendor_tasks {
        if t.start() < contract.end() {
            out.push(format!(
                "{name}: vendor task {} starts {}, before contract_vendor ends {}",
                t.id(),
                t.start(),
                contract.end()
            ));
        }
    }
}

fn administrator_after_recruitment(
    name: &str,
    v: &Value,
    answers: &Answers,
    out: &mut Vec<String>,
) {
    let Some(recruit) = task(v, "recruit_administrator") else {
        if choice(answers, "role_administrator").as_deref() == Some("recruiting") {
            out.push(format!(
                "{name}: the administrator is being recruited but there is no recruit_administrator task"
            ));
        }
        return;
    };
    for t in tasks(v) {
        if t.id() != "recruit_administrator"
            && t.str("owner") == "local_admin"
            && t.start() < recruit.end()
        {
            out.push(format!(
                "{name}: task {} is owned by the administrator from {}, before recruit_administrator ends {}",
                t.id(),
                t.start(),
                recruit.end()
            ));
        }
    }
}

fn support_before_go_live(name: &str, v: &Value, out: &mut Vec<String>) {
    let Some(go_live) = task(v, "go_live") else {
        out.push(format!("{name}: no go_live task"));
        return;
    };
    for id in ["support_model", "availability_sla"] {
        if let Some(t) = task(v, id)
            && t.end() > go_live.start()
        {
            out.push(format!(
                "{name}: task {id} ends {}, after go_live on {}",
                t.end(),
                go_live.start()
            ));
        }
    }
}

fn testing_leaves_room(name: &str, v: &Value, out: &mut Vec<String>) {
    let Some(go_live) = task(v, "go_live") else {
        return;
    };
    for id in ["acceptance_testing", "security_testing"] {
        let Some(t) = task(v, id) else { continue };
        let latest = add_working_days(t.end(), FIX_WINDOW);
        if latest > go_live.start() {
            out.push(format!(
                "{name}: task {id} ends {}, less than {FIX_WINDOW} working days before go_live on {}",
                t.end(),
                go_live.start()
            ));
        }
    }
}

fn uat_owned_by_the_named_person(name: &str, v: &Value, answers: &Answers, out: &mut Vec<String>) {
    let (Some(person), Some(uat)) = (
        choice(answers, "uat_signoff_owner"),
        task(v, "acceptance_testing"),
    ) else {
        return;
    };
    if uat.str("named_person") != person {
        out.push(format!(
            "{name}: acceptance_testing ({} to {}) is owned by {:?}, not the UAT sign-off owner {person:?}",
            uat.start(),
            uat.end(),
            uat.str("owner_name")
        ));
    }
}

fn titles_unique(name: &str, v: &Value, out: &mut Vec<String>) {
    let all = tasks(v);
    for (i, t) in all.iter().enumerate() {
        if let Some(other) = all[..i].iter().find(|o| o.str("title") == t.str("title")) {
            out.push(format!(
                "{name}: tasks {} ({}) and {} ({}) share the title {:?}",
                other.id(),
                other.start(),
                t.id(),
                t.start(),
                t.str("title")
            ));
        }
    }
}

/// Parties the answers say the plan does not need, read from the answers here so the
/// test does not take the matrix's own rule (`not_needed_when`) on trust.
fn not_needed(answers: &Answers) -> Vec<&'static str> {
    let mut out = Vec::new();
    if choice(answers, "role_technology_vendor").as_deref() == Some("not_needed") {
        out.push("tech_vendor");
    }
    if choice(answers, "role_hosting_provider").as_deref() == Some("same_as_it_team") {
        out.push("hosting_provider");
    }
    out
}

fn unneeded_parties_idle(name: &str, v: &Value, answers: &Answers, out: &mut Vec<String>) {
    if !has_local_production(v) {
        return;
    }
    for party in not_needed(answers) {
        let marked = v["parties"]
            .as_array()
            .and_then(|ps| ps.iter().find(|p| p["id"] == party))
            .map(|p| p["needed"].clone());
        if marked != Some(Value::Bool(false)) {
            out.push(format!(
                "{name}: the answers say {party} is not needed, but parties[] marks it needed = {marked:?}"
            ));
        }
        for row in v["responsibilities"].as_array().into_iter().flatten() {
            let letter = row["letters"][party].as_str().unwrap_or("");
            if ["R", "A", "AR"].contains(&letter) {
                out.push(format!(
                    "{name}: {party} is not needed but is {letter} for {}",
                    row["activity"]
                ));
            }
        }
        for t in tasks(v) {
            if t.str("owner") == party {
                out.push(format!(
                    "{name}: {party} is not needed but owns task {} ({} to {})",
                    t.id(),
                    t.start(),
                    t.end()
                ));
            }
        }
    }
}

/// In a plan where nothing is done yet, no checklist item can be met.
fn nothing_met(name: &str, v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let lists = v["checklists"].as_array().expect("a `checklists` list");
    assert!(!lists.is_empty(), "{name}: no checklists");
    for list in lists {
        let items = list["items"].as_array().expect("an `items` list");
        assert!(
            !items.is_empty(),
            "{name}: list {} has no items",
            list["id"]
        );
        for item in items {
            if item["status"] == "met" {
                out.push(format!(
                    "{name}: checklist item {}/{} is met though nothing is done yet (due {})",
                    list["id"], item["id"], item["due"]
                ));
            }
        }
    }
    out
}

fn caseworker_days(v: &Value) -> Option<u64> {
    task(v, "train_caseworkers").map(|t| t.days())
}

fn assert_none(what: &str, found: &[String]) {
    assert!(
        found.is_empty(),
        "{what}: {} broken\n{}",
        found.len(),
        found.join("\n")
    );
}

// --- The advice plans ---------------------------------------------------------------

#[test]
fn the_advice_plans_cover_the_cases_of_the_issue() {
    let s = setup();
    let plans: Vec<(String, Plan)> = advice_plans()
        .into_iter()
        .map(|(n, t)| {
            let plan = parse_plan(&s, &n, &t);
            (n, plan)
        })
        .collect();
    assert!(plans.len() >= 8, "{} plans", plans.len());
    let mut options = Vec::new();
    let seen = |pred: &dyn Fn(&Answers) -> bool| plans.iter().any(|(_, p)| pred(&p.answers));
    let is = |id: &'static str, value: &'static str| {
        move |a: &Answers| choice(a, id).as_deref() == Some(value)
    };
    for (n, plan) in &plans {
        let (_, v) = json_of(&s, plan, n);
        options.push(
            v["recommendation"]["commits_to"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
    for o in ["saas", "tier4", "local"] {
        assert!(options.iter().any(|x| x == o), "no plan commits to {o}");
    }
    assert!(seen(&is("role_technology_vendor", "to_procure")));
    assert!(seen(&is("role_technology_vendor", "not_needed")));
    assert!(seen(&is("role_administrator", "recruiting")));
    assert!(seen(&is("openfn_hosting", "self_hosted")));
    assert!(seen(
        &|a| is("data_residency", "law")(a) && is("openfn_hosting", "saas")(a)
    ));
    assert!(seen(&is("isp_status", "signed")));
    assert!(seen(&is("isp_status", "not_started")));
    assert!(seen(&is("active_users", "60")));
    assert!(seen(&is("active_users", "3000")));
    assert!(seen(
        &|a| is("expected_records", "1000000")(a) && is("active_users", "3000")(a)
    ));
}

#[test]
fn every_advice_plan_keeps_the_invariants() {
    let s = setup();
    let mut found = Vec::new();
    for (name, text) in advice_plans() {
        let plan = parse_plan(&s, &name, &text);
        let (_, v) = json_of(&s, &plan, &name);
        found.extend(violations(&name, &v, &plan.answers));
    }
    assert_none("invariants over the advice plans", &found);
}

#[test]
fn the_demo_keeps_the_invariants() {
    let s = setup();
    let plan = parse_plan(&s, "demo", hostplan::core::builtin::DEMO_PLAN);
    let (_, v) = json_of(&s, &plan, "demo");
    assert_none(
        "invariants over the demo",
        &violations("demo", &v, &plan.answers),
    );
}

#[test]
fn nothing_is_met_from_a_plan_alone() {
    let s = setup();
    let (plan, v) = advice_plan(&s, "local-nothing-done-yet.toml");
    for (id, value) in NOTHING_DONE_YET {
        if plan.answers.contains_key(*id) {
            assert_eq!(
                choice(&plan.answers, id).as_deref(),
                Some(*value),
                "the plan is meant to have nothing done: {id}"
            );
        }
    }
    assert_none(
        "met items in a plan with nothing done",
        &nothing_met("local-nothing-done-yet", &v),
    );
}

#[test]
fn training_3000_caseworkers_takes_longer_than_60() {
    let s = setup();
    let (_, few) = advice_plan(&s, "tier4-60-users-isp-signed.toml");
    let (_, many) = advice_plan(&s, "tier4-3000-users.toml");
    let (Some(a), Some(b)) = (caseworker_days(&few), caseworker_days(&many)) else {
        panic!("both plans train caseworkers");
    };
    assert!(
        b > a,
        "train_caseworkers takes {b} days for 3,000 users and {a} for 60"
    );
}

#[test]
fn a_signed_information_sharing_protocol_takes_less_work() {
    let s = setup();
    let (_, signed) = advice_plan(&s, "tier4-60-users-isp-signed.toml");
    let (_, open) = advice_plan(&s, "tier4-isp-not-started.toml");
    let days = |v: &Value| task(v, "information_sharing").map_or(0, |t| t.days());
    let open_days = days(&open);
    assert!(open_days > 0, "an ISP not started needs a task");
    assert!(
        days(&signed) < open_days,
        "information_sharing takes {} days when signed and {open_days} when not started",
        days(&signed)
    );
}

#[test]
fn the_binary_prints_what_the_exporter_builds() {
    let s = setup();
    let dir = tempfile::tempdir().unwrap();
    let mut found = Vec::new();
    for (name, text) in advice_plans() {
        let o = crate::common::bin()
            .env("SOURCE_DATE_EPOCH", now().timestamp().to_string())
            .args(["plan", "show", "--json"])
            .arg(advice_dir().join(&name))
            .current_dir(dir.path())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success(), "{name}: {err}");
        let printed: Value = serde_json::from_slice(&o.stdout)
            .unwrap_or_else(|e| panic!("{name}: stdout is not one JSON object: {e}"));
        let plan = parse_plan(&s, &name, &text);
        let (_, built) = json_of(&s, &plan, &name);
        assert_eq!(printed, built, "{name}");
        found.extend(violations(&name, &printed, &plan.answers));
    }
    assert_none("invariants over the binary's output", &found);
}

#[test]
fn the_json_is_the_same_every_time() {
    let s = setup();
    // The demo has a start date, so the clock does not enter the output.
    let plan = parse_plan(&s, "demo", hostplan::core::builtin::DEMO_PLAN);
    let (a, _) = json_of(&s, &plan, "demo");
    let later = now() + chrono::Duration::days(400);
    let b = with_context(&s.model, &plan, later, "demo", json::render);
    assert_eq!(a, b, "the output changed with the clock");
}

// --- Generated plans ----------------------------------------------------------------

const GENERATED: u64 = 320;

/// A complete plan whose answers are drawn from each shown question's options and bounds;
/// with `nothing_done`, the answers of [`NOTHING_DONE_YET`] are forced.
fn generated(s: &Setup, rng: &mut Rng, nothing_done: bool) -> Plan {
    let mut answers = Answers::new();
    for question in s.q.questions() {
        let shown = s.q.visibility(&answers)[question.id.as_str()];
        if !shown || (!question.required && rng.below(5) == 0) {
            continue;
        }
        let forced = NOTHING_DONE_YET
            .iter()
            .find(|(id, _)| nothing_done && *id == question.id);
        let answer = match forced {
            Some((_, value)) => question.parse_input(value).unwrap(),
            None => random_answer(question, rng),
        };
        answers.insert(question.id.clone(), answer);
    }
    let mut plan = Plan::new(&s.q, now());
    plan.answers = answers;
    // Through the file format, so the plan is one a person could have written.
    let text = plan.to_toml(&s.q, false);
    parse_plan(s, "generated", &text)
}

fn random_answer(q: &Question, rng: &mut Rng) -> Answer {
    // A value bound for the configuration files must have its shape, as when typed.
    if let (Kind::Text, Some(shape)) = (q.kind, q.value_check) {
        return Answer::Text(shape.example().to_string());
    }
    let ids = q.option_ids();
    match q.kind {
        Kind::SingleChoice => Answer::Choice(ids[rng.below(ids.len())].to_string()),
        Kind::MultiChoice => Answer::Choices(
            ids.iter()
                .filter(|_| rng.below(2) == 0)
                .map(|s| s.to_string())
                .collect(),
        ),
        Kind::YesPartlyNo => Answer::Level(Level::ALL[rng.below(3)]),
        Kind::Integer => {
            let (lo, hi) = (number(q.min, 0.0), number(q.max, 1_000_000.0));
            Answer::Integer(spread(rng, lo, hi).round() as i64)
        }
        Kind::Decimal => {
            let (lo, hi) = (number(q.min, 0.0), number(q.max, 1000.0));
            Answer::Decimal(((spread(rng, lo, hi) * 100.0).round() / 100.0).clamp(lo, hi))
        }
        Kind::Text => Answer::Text(format!("Text {}", rng.below(1000))),
        Kind::Email => Answer::Text(format!("team{}@example.org", rng.below(100))),
        Kind::Domain => Answer::Text(format!("site{}.example.org", rng.below(100))),
        Kind::Date => {
            let lo = date_bound(q.min, NaiveDate::from_ymd_opt(2024, 1, 1).unwrap());
            let hi = date_bound(q.max, NaiveDate::from_ymd_opt(2040, 12, 31).unwrap());
            let span = (hi - lo).num_days().max(0) as usize;
            Answer::Date(lo + chrono::Days::new(rng.below(span + 1) as u64))
        }
    }
}

fn number(b: Option<Bound>, default: f64) -> f64 {
    match b {
        Some(Bound::Number(x)) => x,
        _ => default,
    }
}

fn date_bound(b: Option<Bound>, default: NaiveDate) -> NaiveDate {
    match b {
        Some(Bound::Date(d)) => d,
        _ => default,
    }
}

/// A value in [lo, hi]: often an end, else spread over orders of magnitude so small and
/// large programmes both come up.
fn spread(rng: &mut Rng, lo: f64, hi: f64) -> f64 {
    match rng.below(6) {
        0 => lo,
        1 => hi,
        _ => {
            let t = rng.below(10_001) as f64 / 10_000.0;
            let x = lo + (hi - lo) * t.powi(4);
            x.clamp(lo, hi)
        }
    }
}

fn with_users(s: &Setup, plan: &Plan, users: i64) -> Value {
    let mut p = plan.clone();
    p.answers
        .insert("active_users".into(), Answer::Integer(users));
    json_of(s, &p, "generated").1
}

#[test]
fn generated_plans_keep_the_invariants() {
    let s = setup();
    let mut rng = Rng(0x0A0D_1CE5_EED5_1234);
    let mut found: Vec<String> = Vec::new();
    for n in 0..GENERATED {
        let seed = rng.0;
        let nothing_done = n % 3 == 0;
        let plan = generated(&s, &mut rng, nothing_done);
        let name = format!("generated plan {n} (seed {seed:#x})");
        let (_, v) = json_of(&s, &plan, &name);
        found.extend(violations(&name, &v, &plan.answers));
        if nothing_done {
            found.extend(nothing_met(&name, &v));
        }
        if n % 4 == 0 {
            let (few, many) = (with_users(&s, &plan, 60), with_users(&s, &plan, 3000));
            if let (Some(a), Some(b)) = (caseworker_days(&few), caseworker_days(&many))
                && b <= a
            {
                found.push(format!(
                    "{name}: train_caseworkers takes {b} days for 3,000 users and {a} for 60"
                ));
            }
        }
    }
    // One line per broken invariant kind would hide the rest; show the first of each kind
    // and the count, so the report stays readable.
    assert_none("invariants over generated plans", &summarise(&found));
}

/// The first failure of each kind (the sentence without plan names and dates) with a count.
fn summarise(found: &[String]) -> Vec<String> {
    let mut kinds: Vec<(String, usize, &String)> = Vec::new();
    for f in found {
        let kind = kind_of(f);
        match kinds.iter_mut().find(|(k, _, _)| *k == kind) {
            Some(entry) => entry.1 += 1,
            None => kinds.push((kind, 1, f)),
        }
    }
    kinds
        .into_iter()
        .map(|(_, count, first)| format!("{count} times, first: {first}"))
        .collect()
}

/// A failure's words without the plan name, ids and numbers.
fn kind_of(f: &str) -> String {
    let words = f.split_once(": ").map_or(f, |(_, rest)| rest);
    words
        .split_whitespace()
        .filter(|w| {
            !w.chars()
                .any(|c| c.is_ascii_digit() || c == '_' || c == '"')
        })
        .collect::<Vec<_>>()
        .join(" ")
}
