//! The dated work plan: weekends skipped, dependencies respected, tasks following the option.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use hostplan::builtin::{Catalog, DEMO_PLAN};
use hostplan::decision::{BUILTIN_RULES, Rules};
use hostplan::diag::Source;
use hostplan::options::HostingOption::{self, Local, Saas, Tier4};
use hostplan::plan::{Completeness, Plan};
use hostplan::questionnaire::{Answers, Questionnaire};
use hostplan::responsibilities::Matrix;
use hostplan::workplan::{BUILTIN_TASKS, Inputs, Templates, WorkPlan, add_working_days};

struct World {
    q: Questionnaire,
    rules: Rules,
    matrix: Matrix,
    templates: Templates,
}

fn world() -> World {
    let q = Catalog::builtin().unwrap().get("primero").unwrap().clone();
    let matrix = Matrix::builtin();
    let parties: Vec<&str> = matrix.parties.iter().map(|p| p.id.as_str()).collect();
    let activities: Vec<&str> = matrix.activities.iter().map(|a| a.id.as_str()).collect();
    let rules = Rules::parse(Source::new("decision.toml", BUILTIN_RULES), &q, &parties)
        .unwrap_or_else(|p| panic!("{p:#?}"))
        .0;
    let templates = Templates::parse(
        Source::new("workplan.toml", BUILTIN_TASKS),
        &q,
        &parties,
        &activities,
    )
    .unwrap_or_else(|p| panic!("{p:#?}"))
    .0;
    World {
        q,
        rules,
        matrix,
        templates,
    }
}

fn answers(w: &World, text: &str) -> Answers {
    Plan::parse(
        Source::new("plan", text),
        |id| (id == w.q.id).then_some(&w.q),
        Completeness::Partial,
    )
    .unwrap()
    .0
    .answers
}

fn build(w: &World, a: &Answers, option: HostingOption, start: NaiveDate) -> WorkPlan {
    let decision = w.rules.decide(&w.q, a);
    let accountable = |activity: &str| w.matrix.accountable(activity, option).map(|p| p.id.clone());
    w.templates.build(&Inputs {
        option,
        start,
        answers: a,
        decision: &decision,
        accountable: &accountable,
    })
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

fn assert_sound(plan: &WorkPlan) {
    for t in plan.tasks() {
        assert!(
            !weekend(t.start) && !weekend(t.end),
            "{} falls on a weekend: {} to {}",
            t.id,
            t.start,
            t.end
        );
        assert!(t.end >= t.start, "{} ends before it starts", t.id);
        assert!(!t.owner.is_empty(), "{} has no owner", t.id);
        for dep in &t.after {
            let d = plan
                .task(dep)
                .unwrap_or_else(|| panic!("{} depends on missing {dep}", t.id));
            if t.is_milestone() {
                assert!(t.start >= d.end, "{} before {dep} ends", t.id);
            } else {
                assert!(
                    t.start > d.end,
                    "{} starts {} before {dep} ends {}",
                    t.id,
                    t.start,
                    d.end
                );
            }
        }
    }
}

#[test]
fn working_days_skip_weekends() {
    let friday = date(2027, 3, 5);
    assert_eq!(add_working_days(friday, 1), date(2027, 3, 8));
    assert_eq!(add_working_days(friday, 5), date(2027, 3, 12));
    assert_eq!(add_working_days(friday, 0), friday);
}

#[test]
fn every_option_and_start_day_gives_a_sound_plan() {
    let w = world();
    let demo = answers(&w, DEMO_PLAN);
    let mut start = date(2027, 1, 1);
    for _ in 0..30 {
        for option in HostingOption::ALL {
            assert_sound(&build(&w, &demo, option, start));
        }
        start = start.checked_add_days(Days::new(1)).unwrap();
    }
}

#[test]
fn starting_on_a_weekend_moves_to_monday() {
    let w = world();
    let plan = build(&w, &answers(&w, DEMO_PLAN), Tier4, date(2027, 3, 6));
    assert_eq!(plan.task("kickoff").unwrap().start, date(2027, 3, 8));
}

#[test]
fn tasks_follow_the_option() {
    let w = world();
    let demo = answers(&w, DEMO_PLAN);
    let saas = build(&w, &demo, Saas, date(2027, 3, 1));
    assert!(
        saas.phases.iter().all(|p| p.id != "procurement"),
        "no procurement under SaaS"
    );
    assert!(saas.task("saas_instance").is_some());
    assert!(
        saas.task("close_bastion").is_none(),
        "capacity gaps need no tasks under SaaS"
    );
    let tier4 = build(&w, &demo, Tier4, date(2027, 3, 1));
    assert!(tier4.task("promote_configuration").is_some());
    assert!(tier4.task("sample_infrastructure").is_some());
    let local = build(&w, &demo, Local, date(2027, 3, 1));
    assert!(local.task("promote_configuration").is_none());
    assert!(local.task("sample_infrastructure").is_none());
    // Under SaaS the set-up follows governance directly, so it is shorter.
    assert!(saas.end < tier4.end, "{} vs {}", saas.end, tier4.end);
}

#[test]
fn each_gap_adds_its_mitigation_task_before_go_live() {
    let w = world();
    let demo = answers(&w, DEMO_PLAN);
    let decision = w.rules.decide(&w.q, &demo);
    let plan = build(&w, &demo, Tier4, date(2027, 3, 1));
    let go_live = plan.task("go_live").unwrap();
    let gaps: Vec<_> = decision.gaps().collect();
    assert_eq!(gaps.len(), 5);
    for gap in gaps {
        let task = plan
            .task(&format!("close_{}", gap.area))
            .unwrap_or_else(|| panic!("no task for {}", gap.area));
        assert_eq!(task.owner, gap.mitigation.as_ref().unwrap().owner);
        assert!(task.title.contains(&gap.title), "{}", task.title);
        assert!(go_live.after.contains(&task.id));
        assert!(go_live.start >= task.end);
    }
}

#[test]
fn owners_come_from_the_matrix() {
    let w = world();
    let demo = answers(&w, DEMO_PLAN);
    let tier4 = build(&w, &demo, Tier4, date(2027, 3, 1));
    let local = build(&w, &demo, Local, date(2027, 3, 1));
    let install = |p: &WorkPlan| p.task("install_primero").unwrap().owner.clone();
    assert_eq!(
        install(&tier4),
        w.matrix.accountable("release_delivery", Tier4).unwrap().id
    );
    assert_eq!(
        install(&tier4),
        "unicef",
        "UNICEF installs Primero under Tier 4"
    );
    assert_ne!(
        install(&local),
        "unicef",
        "nobody from UNICEF installs a fully local site"
    );
}

#[test]
fn openfn_tasks_only_when_openfn_is_used() {
    let w = world();
    let mut a = answers(&w, DEMO_PLAN);
    assert!(
        build(&w, &a, Tier4, date(2027, 3, 1))
            .task("openfn_webhooks")
            .is_some()
    );
    a.insert(
        "openfn_used".into(),
        hostplan::answer::Answer::Choice("no".into()),
    );
    let plan = build(&w, &a, Tier4, date(2027, 3, 1));
    assert!(plan.task("openfn_webhooks").is_none());
    assert_sound(&plan);
}

#[test]
fn milestones_are_dated() {
    let w = world();
    let plan = build(&w, &answers(&w, DEMO_PLAN), Tier4, date(2027, 3, 1));
    let names: Vec<&str> = plan.milestones().map(|m| m.id.as_str()).collect();
    for m in [
        "governance_signed",
        "infrastructure_ready",
        "setup_done",
        "go_live",
        "handover",
    ] {
        assert!(names.contains(&m), "{m} missing from {names:?}");
    }
    assert!(plan.task("go_live").unwrap().start < plan.task("handover").unwrap().start);
}

#[test]
fn broken_templates_are_located() {
    let w = world();
    let parties: Vec<&str> = w.matrix.parties.iter().map(|p| p.id.as_str()).collect();
    let activities: Vec<&str> = w.matrix.activities.iter().map(|a| a.id.as_str()).collect();
    let broken = BUILTIN_TASKS
        .replacen(
            "after = [\"kickoff\"]\nactivity = \"terms_of_use\"",
            "after = [\"governance_signed\"]\nactivity = \"terms_of_use\"",
            1,
        )
        .replacen("phase = \"procurement\"", "phase = \"procurment\"", 1)
        .replacen("activity = \"monitoring\"", "activity = \"monitorng\"", 1);
    let p = Templates::parse(
        Source::new("workplan.toml", &broken),
        &w.q,
        &parties,
        &activities,
    )
    .unwrap_err();
    let line = |needle: &str| broken[..broken.find(needle).unwrap()].matches('\n').count() + 1;
    let has = |l: usize, words: &str| p.iter().any(|x| x.line == l && x.message.contains(words));
    assert!(
        p.iter()
            .any(|x| x.id.as_deref() == Some("terms_of_use")
                && x.message.contains("depends on itself")),
        "{p:#?}"
    );
    assert!(
        has(line("\"procurment\""), "`procurment` is not a phase"),
        "{p:#?}"
    );
    assert!(
        has(
            line("\"monitorng\""),
            "not an activity of the responsibilities matrix"
        ),
        "{p:#?}"
    );
}
