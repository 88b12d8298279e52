//! The dated work plan: weekends skipped, dependencies respected, tasks following the option.

use crate::common;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use hostplan::base::diag::Source;
use hostplan::core::builtin::{Catalog, DEMO_PLAN};
use hostplan::core::decision::{BUILTIN_RULES, Rules};
use hostplan::core::options::HostingOption::{self, Local, Saas, Tier4};
use hostplan::core::plan::{Completeness, Plan};
use hostplan::core::questionnaire::{Answers, Questionnaire};
use hostplan::core::responsibilities::Matrix;
use hostplan::core::workplan::{BUILTIN_TASKS, Inputs, Templates, WorkPlan, add_working_days};

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
    let acting = |party: &str| party.to_string();
    w.templates.build(&Inputs {
        option,
        start,
        answers: a,
        decision: &decision,
        accountable: &accountable,
        acting: &acting,
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
        saas.task("procure_infrastructure").is_none(),
        "no Primero servers to procure under SaaS"
    );
    // The demo self-hosts OpenFn Lightning, whose servers are bought under every option.
    assert!(saas.task("procure_openfn_servers").is_some());
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
fn each_gap_is_closed_once_before_go_live() {
    let w = world();
    let demo = answers(&w, DEMO_PLAN);
    let decision = w.rules.decide(&w.q, &demo);
    let plan = build(&w, &demo, Tier4, date(2027, 3, 1));
    let go_live = plan.task("go_live").unwrap();
    let gaps: Vec<_> = decision.gaps().collect();
    assert_eq!(gaps.len(), 5);
    for gap in gaps {
        let closing: Vec<_> = plan
            .tasks()
            .filter(|t| t.closes_gaps.contains(&gap.area))
            .collect();
        assert_eq!(closing.len(), 1, "{} closed by {closing:?}", gap.area);
        let task = closing[0];
        assert!(task.involves(&gap.mitigation.as_ref().unwrap().owner));
        assert!(go_live.start >= task.end, "{} ends after go-live", task.id);
    }
    // The demo's disaster-recovery gap makes the recovery plan longer; no second plan.
    let recovery = plan.task("recovery_plan").unwrap();
    assert_eq!(recovery.closes_gaps, ["disaster_recovery"]);
    assert!(plan.task("close_disaster_recovery").is_none());
    assert!(recovery.days > 10);
    let sla: Vec<_> = plan.tasks().filter(|t| t.title.contains("SLA")).collect();
    assert_eq!(sla.len(), 1, "the SLA is signed once: {sla:?}");
}

fn with(w: &World, base: &str, pairs: &[(&str, &str)]) -> Answers {
    let mut text = base.to_string();
    for (k, v) in pairs {
        let start = text.find(&format!("\n{k} = ")).map(|i| i + 1);
        if let Some(i) = start {
            let end = i + text[i..].find('\n').unwrap();
            text.replace_range(i..end, &format!("{k} = {v}"));
        } else {
            text.push_str(&format!("{k} = {v}\n"));
        }
    }
    answers(w, &text)
}

fn task<'a>(plan: &'a WorkPlan, id: &str) -> &'a hostplan::core::workplan::Task {
    plan.task(id)
        .unwrap_or_else(|| panic!("no task {id} in {:?}", ids(plan)))
}

fn ids(plan: &WorkPlan) -> Vec<&str> {
    plan.tasks().map(|t| t.id.as_str()).collect()
}

#[test]
fn server_gaps_wait_for_the_servers() {
    let w = world();
    let mut pairs: Vec<(String, String)> = SERVER_AREAS
        .iter()
        .map(|a| (format!("cap_{a}"), "\"no\"".to_string()))
        .collect();
    pairs.push(("role_technology_vendor".into(), "\"contracted\"".into()));
    let pairs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let a = with(&w, DEMO_PLAN, &pairs);
    for option in [Tier4, Local] {
        let plan = build(&w, &a, option, date(2027, 1, 4));
        assert_sound(&plan);
        let ready = task(&plan, "infrastructure_ready").end;
        for area in SERVER_AREAS {
            let t = plan
                .task_closing(area)
                .unwrap_or_else(|| panic!("{area} not closed"));
            assert!(
                t.start > ready,
                "{} ({area}) starts {} before servers {ready}",
                t.id,
                t.start
            );
        }
    }
}

#[test]
fn a_vendor_to_be_tendered_is_contracted_first() {
    let w = world();
    let a = with(
        &w,
        DEMO_PLAN,
        &[
            ("role_technology_vendor", "\"to_procure\""),
            ("cap_linux_admin", "\"no\""),
        ],
    );
    let plan = build(&w, &a, Tier4, date(2027, 3, 1));
    assert_sound(&plan);
    let contract = task(&plan, "contract_vendor").end;
    let vendor: Vec<_> = plan.tasks().filter(|t| t.involves("tech_vendor")).collect();
    assert!(!vendor.is_empty());
    for t in vendor {
        assert!(
            t.start > contract,
            "{} starts {} before the contract {contract}",
            t.id,
            t.start
        );
    }
    let contracted = with(
        &w,
        DEMO_PLAN,
        &[("role_technology_vendor", "\"contracted\"")],
    );
    assert!(
        build(&w, &contracted, Tier4, date(2027, 3, 1))
            .task("contract_vendor")
            .is_none()
    );
}

#[test]
fn a_post_being_recruited_hands_early_work_to_someone_in_post() {
    let w = world();
    let a = with(&w, DEMO_PLAN, &[("role_administrator", "\"recruiting\"")]);
    let plan = build(&w, &a, Tier4, date(2027, 3, 1));
    assert_sound(&plan);
    let filled = task(&plan, "recruit_administrator").end;
    assert_eq!(task(&plan, "kickoff").owner, "data_owner");
    for t in plan.tasks().filter(|t| t.involves("local_admin")) {
        assert!(
            t.start > filled,
            "{} starts {} before the post is filled {filled}",
            t.id,
            t.start
        );
    }
    assert!(
        task(&plan, "configure_demo")
            .after
            .contains(&"recruit_administrator".to_string())
    );
}

#[test]
fn durations_grow_with_the_work() {
    let w = world();
    let training = |users: &str| {
        let a = with(&w, DEMO_PLAN, &[("active_users", users)]);
        task(&build(&w, &a, Tier4, date(2027, 3, 1)), "train_caseworkers").days
    };
    assert!(
        training("3000") > training("60") + 30,
        "{} vs {}",
        training("3000"),
        training("60")
    );
    let isp = |status: &str| {
        let a = with(&w, DEMO_PLAN, &[("isp_status", status)]);
        build(&w, &a, Tier4, date(2027, 3, 1))
            .task("information_sharing")
            .map(|t| t.days)
    };
    assert_eq!(isp("\"signed\""), None, "a signed protocol needs no task");
    assert!(isp("\"not_started\"").unwrap() > isp("\"drafting\"").unwrap());
}

#[test]
fn support_sla_and_fixes_come_before_go_live() {
    let w = world();
    let demo = answers(&w, DEMO_PLAN);
    for option in HostingOption::ALL {
        let plan = build(&w, &demo, option, date(2027, 3, 1));
        let go_live = task(&plan, "go_live").start;
        for id in ["support_model", "availability_sla", "fix_findings"] {
            if let Some(t) = plan.task(id) {
                assert!(
                    t.end <= go_live,
                    "{id} ends {} after go-live {go_live} ({option:?})",
                    t.end
                );
            }
        }
        let uat = task(&plan, "acceptance_testing").end;
        assert!(
            add_working_days(uat, 5) <= go_live,
            "no time to fix UAT findings under {option:?}"
        );
        assert!(plan.task("support_model").is_some(), "{option:?}");
    }
}

#[test]
fn named_people_own_their_tasks() {
    let w = world();
    let plan = build(&w, &answers(&w, DEMO_PLAN), Tier4, date(2027, 3, 1));
    let uat = task(&plan, "acceptance_testing");
    assert_eq!(
        uat.owner_name.as_deref(),
        Some("Director of Child Protection Services, with the KNDC security lead")
    );
    assert!(task(&plan, "compliance_review").start >= task(&plan, "setup_done").end);
}

#[test]
fn tasks_appear_when_the_answers_call_for_them() {
    let w = world();
    let demo = answers(&w, DEMO_PLAN);
    let plan = build(&w, &demo, Tier4, date(2027, 3, 1));
    for id in [
        "install_lightning",
        "dpia",
        "migrate_legacy_data",
        "operational_procedures",
    ] {
        task(&plan, id);
    }
    let a = with(
        &w,
        DEMO_PLAN,
        &[
            ("openfn_hosting", "\"saas\""),
            ("dpia_done", "\"yes\""),
            ("legacy_data", "\"none\""),
        ],
    );
    let plan = build(&w, &a, Tier4, date(2027, 3, 1));
    for id in ["install_lightning", "dpia", "migrate_legacy_data"] {
        assert!(plan.task(id).is_none(), "{id} in {:?}", ids(&plan));
    }
}

#[test]
fn ubuntu_is_upgraded_when_the_plan_outlives_its_support() {
    let w = world();
    let four = build(&w, &answers(&w, DEMO_PLAN), Tier4, date(2027, 3, 1));
    assert!(
        four.task("ubuntu_upgrade").is_none(),
        "26.04 is supported until 2031"
    );
    let a = with(&w, DEMO_PLAN, &[("duration_years", "7")]);
    let seven = build(&w, &a, Tier4, date(2027, 3, 1));
    assert_sound(&seven);
    let upgrade = task(&seven, "ubuntu_upgrade");
    assert!(
        upgrade.title.contains("26.04") && upgrade.title.contains("28.04"),
        "{}",
        upgrade.title
    );
    assert!(
        upgrade.start >= date(2031, 1, 30) && upgrade.end < date(2031, 4, 30),
        "{upgrade:?}"
    );
    assert!(
        build(&w, &a, Saas, date(2027, 3, 1))
            .task("ubuntu_upgrade")
            .is_none()
    );
    // The non-production servers go first: UNICEF's sample infrastructure under Tier 4,
    // the team's own demo site when fully local, which has no sample infrastructure.
    assert!(upgrade.title.contains("sample infrastructure first"));
    let local = build(&w, &a, Local, date(2027, 3, 1));
    let title = &task(&local, "ubuntu_upgrade").title;
    assert!(
        title.contains("demo site first") && !title.contains("sample infrastructure"),
        "{title}"
    );
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
        hostplan::core::answer::Answer::Choice("no".into()),
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
    ] {
        assert!(names.contains(&m), "{m} missing from {names:?}");
    }
    assert!(plan.task("go_live").unwrap().start < plan.task("handover").unwrap().start);
}

/// The problems of an edited copy of the shipped templates; fails if it loads.
fn problems_of(w: &World, broken: &str) -> Vec<hostplan::base::diag::Problem> {
    let parties: Vec<&str> = w.matrix.parties.iter().map(|p| p.id.as_str()).collect();
    let activities: Vec<&str> = w.matrix.activities.iter().map(|a| a.id.as_str()).collect();
    Templates::parse(
        Source::new("workplan.toml", broken),
        &w.q,
        &parties,
        &activities,
    )
    .expect_err("the edited templates load without a problem")
}

#[test]
fn broken_templates_are_located() {
    let w = world();
    let broken = BUILTIN_TASKS
        .replacen(
            "after = [\"kickoff\"]\nactivity = \"terms_of_use\"",
            "after = [\"governance_signed\"]\nactivity = \"terms_of_use\"",
            1,
        )
        .replacen("phase = \"procurement\"", "phase = \"procurment\"", 1)
        .replacen("activity = \"monitoring\"", "activity = \"monitorng\"", 1);
    let p = problems_of(&w, &broken);
    let line = |needle: &str| broken[..broken.find(needle).unwrap()].matches('\n').count() + 1;
    let has = |l: usize, words: &str| p.iter().any(|x| x.line == l && x.message().contains(words));
    assert!(
        p.iter().any(|x| x.id.as_deref() == Some("terms_of_use")
            && x.message().contains("depends on itself")),
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

#[test]
fn an_upgrade_title_table_must_cover_every_option_of_the_task() {
    let w = world();
    let start = BUILTIN_TASKS
        .find("title = { tier4 = ")
        .expect("titles by option");
    let line = BUILTIN_TASKS[..start].matches('\n').count() + 1;
    let without_local = BUILTIN_TASKS.replacen(", local = \"Upgrade", ", lokal = \"Upgrade", 1);
    let p = problems_of(&w, &without_local);
    assert!(
        p.iter()
            .any(|x| x.line == line && x.message().contains("no title for the option `local`")),
        "{p:#?}"
    );
    assert!(
        p.iter()
            .any(|x| x.line == line && x.message().contains("a title for each option id")),
        "{p:#?}"
    );
}

#[test]
fn broken_gap_engagement_and_scale_rules_are_located() {
    let w = world();
    let edits = [
        (
            "folds_into = \"recovery_plan\"",
            "folds_into = \"recovery_plna\"",
        ),
        (
            "area = \"device_management\"\nafter = [\"kickoff\"]\n",
            "area = \"device_management\"\nafter = [\"go_live\"]\n",
        ),
        ("area = \"sla\"", "area = \"sla_typo\""),
        ("party = \"tech_vendor\"", "party = \"tech_vendr\""),
        (
            "{ question = \"active_users\", per = 50, days = 1 }",
            "{ question = \"country\", per = 50, days = 1 }",
        ),
        ("add = { not_started = 10 }", "add = { not_begun = 10 }"),
        (
            "named_by = \"uat_signoff_owner\"",
            "named_by = \"active_users\"",
        ),
        ("released = \"2028-04-27\"", "released = \"2023-04-27\""),
    ];
    let mut broken = BUILTIN_TASKS.to_string();
    for (from, to) in edits {
        assert!(broken.contains(from), "`{from}` is not in the templates");
        broken = broken.replacen(from, to, 1);
    }
    let p = problems_of(&w, &broken);
    let line = |needle: &str| broken[..broken.find(needle).unwrap()].matches('\n').count() + 1;
    // Each problem at the line of its edit.
    for (needle, words) in [
        ("\"recovery_plna\"", "`recovery_plna` is not a task"),
        ("\"sla_typo\"", "not a capacity area"),
        ("\"tech_vendr\"", "`tech_vendr` is not a party"),
        ("question = \"country\"", "not a number question"),
        ("not_begun", "`not_begun` is not an option of `isp_status`"),
        ("named_by = \"active_users\"", "must name a text question"),
        ("\"2023-04-27\"", "oldest first"),
    ] {
        let at = line(needle);
        assert!(
            p.iter()
                .any(|x| x.line == at && x.message().contains(words)),
            "no `{words}` at line {at}: {p:#?}"
        );
    }
    // Problems about a whole area, found by its id.
    for (id, words) in [
        ("sla", "has no `[[gaps.areas]]`"),
        ("device_management", "comes after"),
    ] {
        assert!(
            p.iter()
                .any(|x| x.id.as_deref() == Some(id) && x.message().contains(words)),
            "no `{words}` for {id}: {p:#?}"
        );
    }
}

/// Capacity areas whose work is done on the servers themselves.
const SERVER_AREAS: &[&str] = &[
    "ssh_access",
    "docker",
    "backups",
    "disaster_recovery",
    "patching",
    "monitoring",
    "firewall",
    "bastion",
    "audited_access",
    "secrets_handling",
];

/// Answers drawn from each question's options and bounds; some left unanswered.
fn random_answers(w: &World, rng: &mut common::Rng) -> Answers {
    use hostplan::core::answer::{Answer, Level};
    use hostplan::core::questionnaire::{Bound, Kind};
    let mut a = Answers::new();
    for q in w.q.questions() {
        if rng.below(6) == 0 {
            continue;
        }
        let number = |b: Option<Bound>, d: f64| match b {
            Some(Bound::Number(x)) => x,
            _ => d,
        };
        let (lo, hi) = (number(q.min, 0.0), number(q.max, 10_000.0).min(5_000_000.0));
        let pick = |rng: &mut common::Rng| q.options[rng.below(q.options.len())].id.clone();
        let answer = match q.kind {
            Kind::SingleChoice => Answer::Choice(pick(rng)),
            Kind::MultiChoice => Answer::Choices(vec![pick(rng), pick(rng)]),
            Kind::YesPartlyNo => {
                Answer::Level([Level::Yes, Level::Partly, Level::No][rng.below(3)])
            }
            Kind::Integer => {
                Answer::Integer((lo + (hi - lo) * rng.below(1000) as f64 / 999.0) as i64)
            }
            Kind::Decimal => Answer::Decimal(lo + (hi - lo) * rng.below(1000) as f64 / 999.0),
            Kind::Date => Answer::Date(date(2026, 1, 1) + Days::new(rng.below(2000) as u64)),
            _ => Answer::Text(format!("text {}", rng.below(100))),
        };
        a.insert(q.id.clone(), answer);
    }
    a
}

#[test]
fn generated_plans_keep_every_ordering_rule() {
    let w = world();
    for n in 0..400u64 {
        let mut rng = common::Rng(0x51ED_2701 ^ (n * 0x9E37_79B9));
        let a = random_answers(&w, &mut rng);
        for option in HostingOption::ALL {
            let plan = build(&w, &a, option, date(2027, 1, 4) + Days::new(n % 7));
            let case = format!("plan {n}, {option:?}");
            assert_sound(&plan);
            let end = |id: &str| plan.task(id).map(|t| t.end);
            let go_live = task(&plan, "go_live").start;
            for t in plan.tasks() {
                if let Some(contract) = end("contract_vendor")
                    && t.involves("tech_vendor")
                {
                    assert!(
                        t.start > contract,
                        "{case}: {} before the vendor's contract",
                        t.id
                    );
                }
                if let Some(filled) = end("recruit_administrator")
                    && t.involves("local_admin")
                {
                    assert!(
                        t.start > filled,
                        "{case}: {} before the administrator",
                        t.id
                    );
                }
                if let Some(ready) = end("infrastructure_ready")
                    && t.closes_gaps
                        .iter()
                        .any(|g| SERVER_AREAS.contains(&g.as_str()))
                {
                    assert!(t.start > ready, "{case}: {} before the servers", t.id);
                }
            }
            for id in ["support_model", "availability_sla", "fix_findings"] {
                assert!(
                    end(id).is_none_or(|e| e <= go_live),
                    "{case}: {id} after go-live"
                );
            }
            let uat = task(&plan, "acceptance_testing").end;
            assert!(add_working_days(uat, 5) <= go_live, "{case}: UAT too late");
            let mut titles: Vec<&str> = plan.tasks().map(|t| t.title.as_str()).collect();
            titles.sort();
            titles.dedup();
            assert_eq!(
                titles.len(),
                plan.tasks().count(),
                "{case}: a title repeats"
            );
        }
    }
}

#[test]
fn answers_left_under_hidden_questions_count_nowhere() {
    use hostplan::analysis::Analysis;
    use hostplan::core::model::{Companions, Model};
    let w = world();
    let model = Model::load(w.q.clone(), &Companions::builtin()).unwrap().0;
    // The demo self-hosts Lightning; without OpenFn that answer is left behind, hidden.
    let a = with(&w, DEMO_PLAN, &[("openfn_used", "\"no\"")]);
    assert!(a.contains_key("openfn_hosting"));
    let analysis = Analysis::with_builtin_figures(&model, &a, date(2027, 1, 4));
    assert!(analysis.work_plan.task("install_lightning").is_none());
    let lightning_rows = analysis
        .matrix
        .rows(analysis.option)
        .iter()
        .filter(|r| r.title.contains("Lightning"))
        .count();
    assert_eq!(lightning_rows, 0);
}
