//! The recommendation as a deployment lead reads it, through `plan show --json`, `plan
//! validate`, `plan show` and `export` run as a user would: no local option without its
//! capacity questions, a residency rule followed through to the integrations, and a plan
//! that commits to an option its own answers rule out never passing for complete.

use crate::common;

use common::Rng;
use common::wizard::{model, plan_from};
use hostplan::core::answer::{Answer, Level};
use hostplan::core::model::Model;
use hostplan::core::plan::Plan;
use hostplan::core::questionnaire::Answers;
use hostplan::export::{json, with_context};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

fn plans_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/plans")
}

fn hostplan(args: &[&str], plan: &Path) -> Output {
    let dir = tempfile::tempdir().unwrap();
    crate::common::bin()
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .args(args)
        .arg(plan)
        .current_dir(dir.path())
        .output()
        .unwrap()
}

fn json_of(plan: &Path) -> Value {
    let o = hostplan(&["plan", "show", "--json"], plan);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{}: {err}", plan.display());
    serde_json::from_slice(&o.stdout).unwrap()
}

fn option<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["option"] == id)
        .unwrap_or_else(|| panic!("no option {id}"))
}

fn reason_texts(option: &Value) -> Vec<(&str, &str)> {
    option["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["rule"].as_str().unwrap(), r["text"].as_str().unwrap()))
        .collect()
}

fn warning<'a>(v: &'a Value, rule: &str) -> Option<&'a str> {
    v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["rule"] == rule)
        .map(|w| w["text"].as_str().unwrap())
}

#[test]
fn a_team_leaning_saas_under_a_residency_law_is_asked_about_capacity() {
    let v = json_of(&plans_dir().join("advice/residency-law-leans-saas.toml"));
    assert_eq!(
        v["recommendation"]["option"], "tier4",
        "{:#}",
        v["recommendation"]
    );
    assert_eq!(option(&v, "saas")["result"], "blocked");
    let readiness = &v["readiness"];
    assert!(
        readiness["known_areas"].as_u64().unwrap() >= 17,
        "the capacity answers count: {readiness:#}"
    );
    assert!(readiness["percent"].is_number(), "{readiness:#}");
    for id in ["tier4", "local"] {
        let reasons = reason_texts(option(&v, id));
        let (_, capacity) = reasons
            .iter()
            .find(|(rule, _)| *rule == "capacity")
            .unwrap_or_else(|| panic!("{id} has no capacity reason: {reasons:?}"));
        assert!(
            capacity.starts_with("Team readiness is 76%"),
            "readiness judged, not assumed: {capacity}"
        );
    }
}

#[test]
fn one_readiness_counting_both_ways_says_why() {
    let v = json_of(&plans_dir().join("advice/residency-law-leans-saas.toml"));
    let text = |id| {
        let reasons = reason_texts(option(&v, id));
        let (_, t) = *reasons.iter().find(|(r, _)| *r == "capacity").unwrap();
        t.to_string()
    };
    let (tier4, local) = (text("tier4"), text("local"));
    assert!(tier4.contains("Tier 4 asks for about 60%"), "{tier4}");
    assert!(local.contains("Fully local asks for about 85%"), "{local}");
    // Fully local names what it gives up.
    assert!(local.contains("delivery of each release"), "{local}");
    assert!(local.contains("level 3 support"), "{local}");
}

#[test]
fn a_residency_rule_with_openfn_on_its_hosted_service_is_a_conflict() {
    let v = json_of(&plans_dir().join("advice/tier4-residency-openfn-hosted.toml"));
    let text = warning(&v, "residency_openfn_hosted").expect("the conflict is flagged");
    assert!(text.starts_with("Conflict:"), "{text}");
    assert!(text.contains("out of the country"), "{text}");
    // The same ministry with OpenFn in the country has no conflict.
    let v = json_of(&plans_dir().join("advice/tier4-ministry-residency-400k.toml"));
    assert_eq!(warning(&v, "residency_openfn_hosted"), None);
}

#[test]
fn a_plan_committing_to_a_ruled_out_option_does_not_validate() {
    let plan = plans_dir().join("ruled-out/residency-law-commits-saas.toml");
    let o = hostplan(&["plan", "validate"], &plan);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("error [chosen_option]"), "{err}");
    assert!(
        err.contains("Case data must stay in the country"),
        "the rule is named: {err}"
    );
    let text = std::fs::read_to_string(&plan).unwrap();
    let at = text
        .lines()
        .position(|l| l.starts_with("chosen_option = "))
        .unwrap();
    let line = format!("{}:{}:17:", plan.display(), at + 1);
    assert!(err.contains(&line), "placed at the answer: {err}");
    // Still in progress, it is a warning only.
    let o = hostplan(&["plan", "validate", "--partial"], &plan);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("warning [chosen_option]"), "{err}");
}

#[test]
fn a_ruled_out_commitment_shows_in_the_json_and_plan_show() {
    let plan = plans_dir().join("ruled-out/residency-law-commits-saas.toml");
    let v = json_of(&plan);
    assert_eq!(v["plan"]["complete"], false, "{:#}", v["plan"]);
    assert_eq!(v["plan"]["unanswered_required"], Value::Array(vec![]));
    let by = &v["recommendation"]["ruled_out_by"];
    assert_eq!(by[0]["rule"], "residency_required", "{by:#}");
    let o = hostplan(&["plan", "show"], &plan);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("not complete: the option the plan commits to needs attention"),
        "{out}"
    );
    assert!(
        out.contains("which its own answers rule out. Case data must stay"),
        "{out}"
    );
    // A plan that keeps to its own rules says nothing of the kind.
    let v = json_of(&plans_dir().join("advice/residency-law-leans-saas.toml"));
    assert_eq!(v["plan"]["complete"], true);
    assert_eq!(v["recommendation"]["ruled_out_by"], Value::Array(vec![]));
}

#[test]
fn exporting_a_ruled_out_commitment_warns_and_names_the_rule() {
    let plan = plans_dir().join("ruled-out/residency-law-commits-saas.toml");
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("plan.pdf");
    let pdf_arg = pdf.display().to_string();
    let o = hostplan(&["export", "--pdf", &pdf_arg], &plan);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(pdf.exists(), "the draft is written");
    assert!(err.contains("warning [chosen_option]"), "{err}");
    assert!(err.contains("its PDF is only a draft"), "{err}");
}

// --- Over generated plans ---------------------------------------------------------------

/// Every shown question answered, from its options, in order: required capacity questions
/// are answered whenever they are shown.
fn generated(s: &Model, rng: &mut Rng) -> Plan {
    let mut answers = Answers::new();
    for question in s.questionnaire.questions() {
        if !s.questionnaire.visibility(&answers)[question.id.as_str()] {
            continue;
        }
        let ids = question.option_ids();
        let answer = if question.capacity.is_some() {
            Some(Answer::Level(Level::ALL[rng.below(3)]))
        } else if ids.is_empty() {
            None
        } else if question.kind == hostplan::core::questionnaire::Kind::MultiChoice {
            Some(Answer::Choices(vec![ids[rng.below(ids.len())].to_string()]))
        } else {
            Some(Answer::Choice(ids[rng.below(ids.len())].to_string()))
        };
        if let Some(a) = answer {
            answers.insert(question.id.clone(), a);
        }
    }
    let now = chrono::DateTime::from_timestamp(1_790_000_000, 0).unwrap();
    let mut plan = Plan::new(&s.questionnaire, now);
    plan.answers = answers;
    let text = plan.to_toml(&s.questionnaire, false);
    plan_from(s, &text)
}

#[test]
fn no_generated_plan_recommends_a_local_option_without_judging_the_team() {
    let s = model();
    let mut rng = Rng(0x5EED_0013_DEC1_5100);
    let now = chrono::DateTime::from_timestamp(1_790_000_000, 0).unwrap();
    let mut local = 0;
    for n in 0..400 {
        let plan = generated(&s, &mut rng);
        let text = with_context(&s, &plan, now, "generated", json::render);
        let v: Value = serde_json::from_str(&text).unwrap();
        if v["recommendation"]["option"] == "saas" {
            continue;
        }
        local += 1;
        let judged = v["readiness"]["known_areas"].as_u64().unwrap_or(0);
        assert!(
            judged > 0,
            "generated plan {n} recommends {} with no capacity question asked: {:?}",
            v["recommendation"]["option"],
            plan.answers
        );
    }
    assert!(
        local > 50,
        "too few local recommendations to mean anything: {local}"
    );
}

/// The rules of the warnings the decision gives `text` with `changes` made to its answers.
fn warnings_with(s: &Model, text: &str, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut answers = plan_from(s, text).answers;
    for (id, value) in changes {
        let question = s.questionnaire.question(id).unwrap();
        answers.insert(id.to_string(), question.parse_input(value).unwrap());
    }
    let d = s.rules.decide(&s.questionnaire, &answers);
    d.warnings.into_iter().map(|w| (w.rule, w.text)).collect()
}

fn has(warnings: &[(String, String)], rule: &str) -> Option<String> {
    warnings
        .iter()
        .find(|(r, _)| r == rule)
        .map(|(_, t)| t.clone())
}

#[test]
fn a_weak_team_that_also_runs_openfn_is_warned() {
    let s = model();
    let text = std::fs::read_to_string(plans_dir().join("advice/tier4-national-1m-weak-team.toml"))
        .unwrap();
    let self_hosted = [("openfn_used", "yes"), ("openfn_hosting", "self_hosted")];
    let w = warnings_with(&s, &text, &self_hosted);
    let t = has(&w, "weak_team_self_hosts_openfn").expect("warned");
    assert!(t.contains("Lightning") && t.contains('%'), "{t}");
    let hosted = [("openfn_used", "yes"), ("openfn_hosting", "dedicated")];
    assert_eq!(
        has(
            &warnings_with(&s, &text, &hosted),
            "weak_team_self_hosts_openfn"
        ),
        None
    );
    // A ready team running Lightning is not warned.
    let demo = hostplan::core::builtin::DEMO_PLAN;
    assert_eq!(
        has(
            &warnings_with(&s, demo, &self_hosted),
            "weak_team_self_hosts_openfn"
        ),
        None
    );
}

#[test]
fn the_fallback_to_unicef_hosting_is_spelled_out() {
    let s = model();
    let demo = hostplan::core::builtin::DEMO_PLAN;
    let none = warnings_with(&s, demo, &[("fallback_to_saas_ok", "no")]);
    let t = has(&none, "no_fallback_to_saas").expect("no way back explained");
    assert!(t.contains("fixed locally"), "{t}");
    let free = [("fallback_to_saas_ok", "yes"), ("data_residency", "none")];
    let w = warnings_with(&s, demo, &free);
    let t = has(&w, "fallback_to_saas_costs").expect("the cost of moving is said");
    assert!(t.contains("local team") && t.contains("fee"), "{t}");
    assert_eq!(has(&w, "fallback_to_saas_ruled_out"), None);
    let law = [("fallback_to_saas_ok", "yes"), ("data_residency", "law")];
    let w = warnings_with(&s, demo, &law);
    assert!(has(&w, "fallback_to_saas_ruled_out").is_some(), "{w:?}");
    assert_eq!(has(&w, "fallback_to_saas_costs"), None);
}

#[test]
fn no_advice_under_a_law_asks_for_an_exception() {
    let s = model();
    for entry in std::fs::read_dir(plans_dir().join("advice")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let weak: Vec<(&str, &str)> = s
            .questionnaire
            .questions()
            .filter(|q| q.capacity.is_some())
            .map(|q| (q.id.as_str(), "no"))
            .chain([("data_residency", "law")])
            .collect();
        let warnings = warnings_with(&s, &text, &weak);
        assert!(
            has(&warnings, "weak_team_under_residency_law").is_some(),
            "{}: a weak team under a law gets no reconsider warning: {warnings:?}",
            path.display()
        );
        for (rule, text) in warnings {
            assert!(
                !text.contains("exception"),
                "{}: {rule} offers an exception under a law: {text}",
                path.display()
            );
        }
    }
}

#[test]
fn when_every_option_is_blocked_a_law_still_rules_saas_out_first() {
    let s = model();
    let text = std::fs::read_to_string(plans_dir().join("advice/tier4-national-1m-weak-team.toml"))
        .unwrap();
    let plan = plan_from(&s, &text);
    let mut answers = plan.answers;
    answers.insert("unicef_access_ok".into(), Answer::Level(Level::No));
    let d = s.rules.decide(&s.questionnaire, &answers);
    assert!(
        d.ranking.iter().all(|a| a.is_blocked()),
        "every option is blocked: {d:#?}"
    );
    assert!(d.warnings.iter().any(|w| w.rule == "all_blocked"));
    assert_ne!(
        d.recommended,
        hostplan::core::options::HostingOption::Saas,
        "the least blocked option is one the team could unblock, not one a law forbids"
    );
    // The reconsider warning no longer says Tier 4 works, since Tier 4 is blocked too.
    assert!(
        !d.warnings
            .iter()
            .any(|w| w.rule.starts_with("weak_team_under_residency"))
    );
}

#[test]
fn cloud_answers_against_a_rule_that_refuses_clouds_are_a_conflict() {
    let s = model();
    let text =
        std::fs::read_to_string(plans_dir().join("advice/tier4-ministry-residency-400k.toml"))
            .unwrap();
    let refused = [
        ("residency_cloud_ok", "no"),
        ("hosting_site", "commercial_cloud_in_country"),
    ];
    let t = has(
        &warnings_with(&s, &text, &refused),
        "residency_cloud_refused",
    )
    .expect("flagged");
    assert!(t.starts_with("Conflict:"), "{t}");
    let accepted = [
        ("residency_cloud_ok", "yes"),
        ("hosting_site", "commercial_cloud_in_country"),
    ];
    assert_eq!(
        has(
            &warnings_with(&s, &text, &accepted),
            "residency_cloud_refused"
        ),
        None
    );
    let blob = [
        ("residency_cloud_ok", "yes"),
        ("attachment_storage", "aws_s3"),
    ];
    let t = has(&warnings_with(&s, &text, &blob), "residency_blob_region").expect("region");
    assert!(t.contains("region inside the country"), "{t}");
}

/// The demo plan committed to `option` with its rationale left out, in a file of its own.
fn demo_choosing(option: &str, dir: &Path) -> PathBuf {
    let text: String = hostplan::core::builtin::DEMO_PLAN
        .lines()
        .filter(|l| !l.starts_with("choice_rationale = "))
        .map(|l| match l.starts_with("chosen_option = ") {
            true => format!("chosen_option = \"{option}\"\n"),
            false => format!("{l}\n"),
        })
        .collect();
    let path = dir.join("against.toml");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_choice_against_the_recommendation_without_a_reason_is_not_complete() {
    let dir = tempfile::tempdir().unwrap();
    let demo = json_of(&demo_choosing("tier4", dir.path()));
    let recommended = demo["recommendation"]["option"]
        .as_str()
        .unwrap()
        .to_string();
    // An option neither recommended nor ruled out, so only the missing reason is at stake.
    let other = demo["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["option"] != recommended.as_str() && o["result"] == "possible")
        .map(|o| o["option"].as_str().unwrap().to_string())
        .expect("an option open to choose against the recommendation");
    let plan = demo_choosing(&other, dir.path());
    let v = json_of(&plan);
    assert_eq!(
        v["recommendation"]["unexplained"], true,
        "{:#}",
        v["recommendation"]
    );
    assert_eq!(v["recommendation"]["ruled_out_by"], Value::Array(vec![]));
    assert_eq!(v["plan"]["complete"], false);
    let o = hostplan(&["plan", "validate"], &plan);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "{err}");
    assert!(err.contains("error [choice_rationale]"), "{err}");
    assert!(err.contains("does not say why"), "{err}");
    let o = hostplan(&["plan", "show"], &plan);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("not complete"), "{out}");
    // With the reason given, the same choice is complete.
    let mut text = std::fs::read_to_string(&plan).unwrap();
    text = text.replace(
        &format!("chosen_option = \"{other}\"\n"),
        &format!("chosen_option = \"{other}\"\nchoice_rationale = \"Budget.\"\n"),
    );
    std::fs::write(&plan, text).unwrap();
    let v = json_of(&plan);
    assert_eq!(v["recommendation"]["unexplained"], false);
    assert_eq!(v["plan"]["complete"], true, "{:#}", v["plan"]);
}
