//! `export --ics`: the work plan's milestones and checklist due dates as a calendar, read
//! back with the icalendar crate's parser; stable UIDs across exports and plan changes.

use crate::common;
use icalendar::{Calendar, CalendarComponent, Component, DatePerhapsTime};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

const DEMO: &str = include_str!("../assets/demo-plan.toml");

/// Each event of the calendar written for `plan`, by UID: its start day and summary.
fn events(plan: &Path, dir: &Path, lang: &str) -> BTreeMap<String, (chrono::NaiveDate, String)> {
    let ics = dir.join("plan.ics");
    let out = common::bin()
        .args(["--lang", lang, "export"])
        .arg(plan)
        .arg("--ics")
        .arg(&ics)
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&ics).unwrap();
    let calendar: Calendar = text.parse().unwrap_or_else(|e| panic!("{e}\n{text}"));
    let mut found = BTreeMap::new();
    for component in &calendar.components {
        let CalendarComponent::Event(event) = component else {
            continue;
        };
        let Some(DatePerhapsTime::Date(day)) = event.get_start() else {
            panic!("not an all-day event: {event:?}");
        };
        let uid = event.get_uid().unwrap().to_string();
        let summary = event.get_summary().unwrap().to_string();
        assert!(
            found.insert(uid.clone(), (day, summary)).is_none(),
            "{uid} twice"
        );
    }
    found
}

/// The milestones of `plan show --json`: id and day.
fn milestones(plan: &Path) -> Vec<(String, String)> {
    let out = common::bin()
        .args(["plan", "show", "--json"])
        .arg(plan)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    json["work_plan"]["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["milestone"] == true)
        .map(|t| {
            (
                t["id"].as_str().unwrap().to_string(),
                t["start"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn every_milestone_is_one_event_on_its_day() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("demo.toml");
    std::fs::write(&plan, DEMO).unwrap();
    let found = events(&plan, dir.path(), "en");
    let wanted = milestones(&plan);
    assert!(wanted.len() >= 3, "{wanted:?}");
    let milestone_events: Vec<_> = found
        .iter()
        .filter(|(uid, _)| uid.starts_with("milestone."))
        .collect();
    assert_eq!(milestone_events.len(), wanted.len());
    for (id, day) in &wanted {
        let (uid, (start, summary)) = milestone_events
            .iter()
            .find(|(uid, _)| uid.starts_with(&format!("milestone.{id}.")))
            .unwrap_or_else(|| panic!("no event for {id}"));
        assert_eq!(start.to_string(), *day, "{uid}");
        assert!(summary.starts_with("Kalmaria: milestone: "), "{summary}");
    }
    // The checklists' due dates: each event lists items still to do by then.
    assert!(found.keys().any(|uid| uid.starts_with("due.")), "{found:?}");
    assert!(
        found.values().any(|(_, s)| s.contains("items due")),
        "{found:?}"
    );
}

#[test]
fn a_later_export_keeps_each_event_and_moves_its_day() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("demo.toml");
    std::fs::write(&plan, DEMO).unwrap();
    let first = events(&plan, dir.path(), "en");
    assert_eq!(
        events(&plan, dir.path(), "en"),
        first,
        "the same plan, the same calendar"
    );

    // Four weeks later: every event keeps its UID and moves by 28 days.
    let later = DEMO.replace("start_date = \"2027-03-01\"", "start_date = \"2027-03-29\"");
    assert_ne!(later, DEMO);
    std::fs::write(&plan, later).unwrap();
    let moved = events(&plan, dir.path(), "en");
    assert_eq!(
        moved.keys().collect::<Vec<_>>(),
        first.keys().collect::<Vec<_>>()
    );
    for (uid, (day, _)) in &first {
        assert_eq!(moved[uid].0, *day + chrono::Days::new(28), "{uid}");
    }
}

/// Two plans made from one template (the same first save) keep their events apart.
#[test]
fn two_countries_plans_from_one_template_have_their_own_events() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.toml");
    let b = dir.path().join("b.toml");
    std::fs::write(&a, DEMO).unwrap();
    std::fs::write(
        &b,
        DEMO.replace("country = \"Kalmaria\"", "country = \"Estoria\""),
    )
    .unwrap();
    let first = events(&a, dir.path(), "en");
    let second = events(&b, dir.path(), "en");
    assert!(
        first.keys().all(|uid| !second.contains_key(uid)),
        "{first:?}"
    );
    assert!(
        second.values().all(|(_, s)| s.starts_with("Estoria: ")),
        "{second:?}"
    );
}

#[test]
fn a_calendar_in_arabic_reads_back_whole() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("demo.toml");
    std::fs::write(&plan, DEMO).unwrap();
    let english = events(&plan, dir.path(), "en");
    let arabic = events(&plan, dir.path(), "ar");
    // The same events, worded in Arabic: long lines are folded between characters.
    assert_eq!(
        arabic.keys().collect::<Vec<_>>(),
        english.keys().collect::<Vec<_>>()
    );
    assert!(
        arabic
            .values()
            .any(|(_, s)| s.starts_with("Kalmaria: معلم: ")),
        "{arabic:?}"
    );
}
