use super::*;
use crate::base::diag::Source;
use crate::base::key;
use crate::base::strings::Strings;
use crate::core::builtin::Catalog;
use crate::core::questionnaire::Questionnaire;
use crate::core::responsibilities::{self, Matrix};
use crate::core::sizing::{SizingInput, SizingRules};

/// The shipped questionnaire and matrix, read without the model, which uses this module.
struct Shipped {
    questionnaire: Questionnaire,
    matrix: Matrix,
}

fn model() -> Shipped {
    let catalog = Catalog::builtin().expect("shipped questionnaire reads");
    let questionnaire = catalog.get("primero").expect("primero").clone();
    let source = Source::new(
        responsibilities::BUILTIN_ORIGIN,
        responsibilities::BUILTIN_MATRIX,
    );
    let matrix = Matrix::parse(source, &questionnaire)
        .expect("shipped matrix reads")
        .0;
    Shipped {
        questionnaire,
        matrix,
    }
}

fn data() -> CostData {
    let source = Source::new(BUILTIN_ORIGIN, BUILTIN_COSTS);
    CostData::parse(source, Some(&model().questionnaire))
        .expect("shipped figures read")
        .0
}

fn answers(pairs: &[(&str, Answer)]) -> Answers {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

fn choice(id: &str) -> Answer {
    Answer::Choice(id.to_string())
}

/// A plan of 3 years, 200 users and 50,000 records, with what `extra` adds.
fn plan(extra: &[(&str, Answer)]) -> Answers {
    let mut a = answers(&[
        ("duration_years", Answer::Integer(3)),
        ("active_users", Answer::Integer(200)),
        ("expected_records", Answer::Integer(50_000)),
    ]);
    a.extend(answers(extra));
    a
}

fn compare(a: &Answers) -> Comparison {
    let m = model();
    let shown = m.questionnaire.shown_answers(a);
    let matrix = m.matrix.for_plan(&shown);
    let rules = SizingRules::builtin();
    let sizings: Vec<(HostingOption, Option<Sizing>)> = HostingOption::ALL
        .into_iter()
        .map(|o| {
            let input = SizingInput::from_answers(&shown, o);
            (o, Some(rules.size(&input, Strings::builtin())))
        })
        .collect();
    data().compare(&Inputs {
        answers: &shown,
        sizings: &sizings,
        matrix: &matrix,
        ruled_out: &|_| Vec::new(),
    })
}

fn sizing(a: &Answers, option: HostingOption) -> Sizing {
    let m = model();
    let shown = m.questionnaire.shown_answers(a);
    SizingRules::builtin().size(
        &SizingInput::from_answers(&shown, option),
        Strings::builtin(),
    )
}

fn line<'a>(c: &'a Comparison, option: HostingOption, id: &str) -> Option<&'a Line> {
    c.option(option)?.lines.iter().find(|l| l.id == id)
}

fn price(id: &str) -> f64 {
    data().figure(id).expect("a shipped figure").value
}

fn vm_year(s: &Server) -> i64 {
    whole(
        12.0 * vm_month(
            s,
            price("vm_vcpu_month"),
            price("vm_ram_gb_month"),
            price("disk_gb_month"),
        ),
    )
}

fn every_year(l: &Line, amount: i64) {
    assert!(l.years.iter().all(|y| *y == amount), "{l:?} != {amount}");
    assert_eq!(l.total, amount * l.years.len() as i64);
}

#[test]
fn shipped_figures_read_and_each_is_sourced_or_assumed() {
    let d = data();
    assert_eq!(d.figures().len(), FIGURE_IDS.len());
    for f in d.figures() {
        let sourced = f.source.is_some() && f.date.is_some();
        assert!(sourced != f.assumption, "{}", f.id);
    }
}

#[test]
fn servers_are_priced_from_the_sizing() {
    let a = plan(&[("database_hosting", choice("self_run"))]);
    let c = compare(&a);
    let s = sizing(&a, HostingOption::Tier4);
    let mut expected: Vec<&Server> = vec![&s.app_server];
    expected.extend(s.load_balancer.as_ref());
    expected.extend(s.attachment_storage.as_ref());
    expected.extend(s.database.as_ref());
    let month: f64 = expected
        .iter()
        .map(|m| {
            vm_month(
                m,
                price("vm_vcpu_month"),
                price("vm_ram_gb_month"),
                price("disk_gb_month"),
            )
        })
        .sum();
    let l = line(&c, HostingOption::Tier4, "servers").expect("servers");
    every_year(l, whole(month * 12.0));
    assert!(line(&c, HostingOption::Tier4, "managed_database").is_none());
    assert!(line(&c, HostingOption::Saas, "servers").is_none());
}

#[test]
fn managed_postgresql_has_its_own_line() {
    let a = plan(&[("database_hosting", choice("managed"))]);
    let c = compare(&a);
    let s = sizing(&a, HostingOption::Local);
    let db = s.database.as_ref().expect("a managed database is sized");
    let expected = whole(
        12.0 * vm_month(
            db,
            price("managed_db_vcpu_month"),
            price("managed_db_ram_gb_month"),
            price("managed_db_disk_gb_month"),
        ),
    );
    every_year(
        line(&c, HostingOption::Local, "managed_database").expect("line"),
        expected,
    );
}

#[test]
fn storage_prices_backups_and_growing_blob_storage() {
    let a = plan(&[
        ("attachment_storage", choice("aws_s3")),
        ("yearly_growth_pct", Answer::Decimal(50.0)),
    ]);
    let c = compare(&a);
    let s = sizing(&a, HostingOption::Tier4);
    let l = line(&c, HostingOption::Tier4, "storage").expect("storage");
    for (i, amount) in l.years.iter().enumerate() {
        let year = i as u32 + 1;
        let gb = s
            .storage_by_year
            .iter()
            .find(|y| y.year == year)
            .expect("a year of storage")
            .attachments_gb;
        let backup = s.backup_target.disk_gb as f64 * price("backup_storage_gb_month");
        let expected = whole(12.0 * (backup + gb * price("object_storage_gb_month")));
        assert_eq!(*amount, expected, "year {year}");
    }
    assert!(l.years[2] > l.years[0], "attachments grow: {:?}", l.years);
}

#[test]
fn bandwidth_follows_the_users() {
    let c = compare(&plan(&[]));
    let expected = whole(200.0 * price("egress_gb_per_user_month") * price("egress_gb") * 12.0);
    every_year(
        line(&c, HostingOption::Local, "bandwidth").expect("line"),
        expected,
    );
}

#[test]
fn lets_encrypt_certificates_are_free() {
    let tier4 = ("chosen_option", choice("tier4"));
    let free = compare(&plan(&[
        tier4.clone(),
        ("tls_certificate", choice("lets_encrypt")),
    ]));
    every_year(
        line(&free, HostingOption::Tier4, "certificates").expect("line"),
        0,
    );
    let bought = compare(&plan(&[tier4, ("tls_certificate", choice("external_ca"))]));
    every_year(
        line(&bought, HostingOption::Tier4, "certificates").expect("line"),
        whole(price("certificate_year")),
    );
}

#[test]
fn bastion_and_non_production_site_come_from_the_sizing() {
    let a = plan(&[]);
    let c = compare(&a);
    let tier4 = sizing(&a, HostingOption::Tier4);
    let local = sizing(&a, HostingOption::Local);
    every_year(
        line(&c, HostingOption::Tier4, "bastion").expect("line"),
        vm_year(&tier4.bastion),
    );
    let sample = tier4.sample_infrastructure.as_ref().expect("Tier 4 sample");
    every_year(
        line(&c, HostingOption::Tier4, "non_production").expect("line"),
        vm_year(sample),
    );
    let demo = local.demo_site.as_ref().expect("a local demo site");
    every_year(
        line(&c, HostingOption::Local, "non_production").expect("line"),
        vm_year(demo),
    );
    assert!(line(&c, HostingOption::Saas, "bastion").is_none());
}

#[test]
fn openfn_is_priced_as_it_is_hosted() {
    let none = compare(&plan(&[("openfn_used", choice("no"))]));
    assert!(line(&none, HostingOption::Tier4, "openfn").is_none());
    let used = |hosting: &str| {
        plan(&[
            ("openfn_used", choice("yes")),
            ("openfn_hosting", choice(hosting)),
        ])
    };
    let saas = compare(&used("saas"));
    every_year(
        line(&saas, HostingOption::Saas, "openfn").expect("line"),
        whole(price("openfn_saas_year")),
    );
    let dedicated = compare(&used("dedicated"));
    every_year(
        line(&dedicated, HostingOption::Local, "openfn").expect("line"),
        whole(price("openfn_dedicated_year")),
    );
    let a = used("self_hosted");
    let own = compare(&a);
    let s = sizing(&a, HostingOption::Tier4);
    let expected = [s.openfn_app.as_ref(), s.openfn_database.as_ref()]
        .into_iter()
        .flatten()
        .map(|m| {
            vm_month(
                m,
                price("vm_vcpu_month"),
                price("vm_ram_gb_month"),
                price("disk_gb_month"),
            )
        })
        .sum::<f64>();
    every_year(
        line(&own, HostingOption::Tier4, "openfn").expect("line"),
        whole(expected * 12.0),
    );
}

#[test]
fn staff_time_is_the_matrix_share_times_the_monthly_cost() {
    let a = plan(&[("cost_staff_it_month", Answer::Integer(3000))]);
    let c = compare(&a);
    let m = model();
    let matrix = m.matrix.for_plan(&m.questionnaire.shown_answers(&a));
    for option in [HostingOption::Tier4, HostingOption::Local] {
        let fte = fte_share(&matrix, "local_it", option, price("fte_per_activity"));
        assert!(fte > 0.0 && fte <= 1.0, "{fte}");
        let l = line(&c, option, "staff_it").expect("IT staff line");
        every_year(l, whole(fte * 3000.0 * 12.0));
        let admin = fte_share(&matrix, "local_admin", option, price("fte_per_activity"));
        let l = line(&c, option, "staff_admin").expect("admin line");
        every_year(l, whole(admin * price("staff_admin_month") * 12.0));
    }
    // Running everything asks more of the IT team than Tier 4, where UNICEF delivers.
    let tier4 = fte_share(&matrix, "local_it", HostingOption::Tier4, 0.03);
    let local = fte_share(&matrix, "local_it", HostingOption::Local, 0.03);
    assert!(local > tier4, "{local} <= {tier4}");
}

#[test]
fn vendor_contract_only_where_a_vendor_is_planned() {
    let none = compare(&plan(&[("role_technology_vendor", choice("not_needed"))]));
    assert!(line(&none, HostingOption::Tier4, "vendor").is_none());
    let c = compare(&plan(&[
        ("role_technology_vendor", choice("contracted")),
        ("cost_vendor_year", Answer::Integer(20_000)),
    ]));
    every_year(
        line(&c, HostingOption::Tier4, "vendor").expect("line"),
        20_000,
    );
    assert!(line(&c, HostingOption::Saas, "vendor").is_none());
}

#[test]
fn saas_fee_is_asked_and_only_for_saas() {
    let unanswered = compare(&plan(&[]));
    every_year(
        line(&unanswered, HostingOption::Saas, "saas_fee").expect("line"),
        0,
    );
    assert_eq!(
        unanswered.unanswered,
        vec!["cost_saas_fee_year".to_string()]
    );
    let c = compare(&plan(&[("cost_saas_fee_year", Answer::Integer(25_000))]));
    every_year(
        line(&c, HostingOption::Saas, "saas_fee").expect("line"),
        25_000,
    );
    assert!(c.unanswered.is_empty());
    assert!(line(&c, HostingOption::Tier4, "saas_fee").is_none());
}

#[test]
fn setup_and_training_are_paid_in_the_first_year() {
    let c = compare(&plan(&[]));
    let setup = line(&c, HostingOption::Local, "setup").expect("line");
    assert_eq!(setup.kind, Kind::OneOff);
    assert_eq!(setup.years, vec![whole(price("setup_once")), 0, 0]);
    assert!(line(&c, HostingOption::Saas, "setup").is_none());
    let users = 200.0 * price("training_user_once");
    let saas = line(&c, HostingOption::Saas, "training").expect("line");
    assert_eq!(saas.years, vec![whole(users), 0, 0]);
    let tier4 = line(&c, HostingOption::Tier4, "training").expect("line");
    assert_eq!(
        tier4.years,
        vec![whole(users + price("training_admin_once")), 0, 0]
    );
}

#[test]
fn totals_are_the_sums_of_the_rounded_lines() {
    let c = compare(&plan(&[
        ("openfn_used", choice("yes")),
        ("openfn_hosting", choice("self_hosted")),
        ("cost_currency", Answer::Text("KES".into())),
        ("cost_exchange_rate", Answer::Decimal(129.37)),
    ]));
    for o in &c.options {
        for (y, total) in o.years.iter().enumerate() {
            let sum: i64 = o.lines.iter().map(|l| l.years[y]).sum();
            assert_eq!(*total, sum, "{:?} year {}", o.option, y + 1);
        }
        assert_eq!(o.total, o.years.iter().sum::<i64>());
        for l in &o.lines {
            assert_eq!(l.total, l.years.iter().sum::<i64>());
        }
    }
}

#[test]
fn the_exchange_rate_converts_data_prices_but_not_answers() {
    let rate = 100.0;
    let c = compare(&plan(&[
        ("cost_currency", Answer::Text("kes".into())),
        ("cost_exchange_rate", Answer::Decimal(rate)),
        ("cost_saas_fee_year", Answer::Integer(1_000_000)),
    ]));
    assert_eq!(c.currency, "KES");
    assert!(!c.rate_missing);
    every_year(
        line(&c, HostingOption::Tier4, "certificates").expect("line"),
        whole(price("certificate_year") * rate),
    );
    every_year(
        line(&c, HostingOption::Saas, "saas_fee").expect("line"),
        1_000_000,
    );
    let no_rate = compare(&plan(&[("cost_currency", Answer::Text("EUR".into()))]));
    assert!(no_rate.rate_missing);
    assert_eq!(no_rate.currency, "USD");
}

#[test]
fn an_override_replaces_one_price_exactly() {
    let before = compare(&plan(&[("tls_certificate", choice("external_ca"))]));
    let after = compare(&plan(&[
        ("tls_certificate", choice("external_ca")),
        (
            "cost_price_overrides",
            Answer::Text("certificate_year = 350; no_such_price = 3".into()),
        ),
    ]));
    let years = i64::from(before.years);
    let expected = (350 - whole(price("certificate_year"))) * years;
    for o in HostingOption::ALL {
        let diff = after.option(o).expect("o").total - before.option(o).expect("o").total;
        let local = o.has_local_production();
        assert_eq!(diff, if local { expected } else { 0 }, "{o:?}");
    }
    assert_eq!(after.unknown_overrides, vec!["no_such_price".to_string()]);
}

#[test]
fn a_budget_below_the_costliest_year_is_flagged() {
    let c = compare(&plan(&[("budget_ongoing_usd", Answer::Integer(1000))]));
    let local = c.option(HostingOption::Local).expect("local");
    let over = local.over_budget.as_ref().expect("over budget");
    // The ongoing budget pays the running costs: one-off costs are not held against it.
    let running: Vec<i64> = (0..local.years.len())
        .map(|y| {
            local
                .lines
                .iter()
                .filter(|l| l.kind == Kind::Recurring)
                .map(|l| l.years[y])
                .sum()
        })
        .collect();
    assert_eq!(over.cost, running[over.year as usize - 1]);
    assert_eq!(over.cost, *running.iter().max().unwrap());
    assert!(over.cost < local.years[0], "year 1 also has one-off costs");
    assert_eq!(over.budget, 1000);
    let rich = compare(&plan(&[(
        "budget_ongoing_usd",
        Answer::Integer(10_000_000),
    )]));
    assert!(rich.options.iter().all(|o| o.over_budget.is_none()));
}

#[test]
fn sensitivity_moves_the_two_largest_lines() {
    let c = compare(&plan(&[]));
    let o = c.option(HostingOption::Local).expect("local");
    assert_eq!(o.sensitivity.len(), 2);
    let mut totals: Vec<&Line> = o.lines.iter().collect();
    totals.sort_by_key(|l| std::cmp::Reverse(l.total));
    for (s, l) in o.sensitivity.iter().zip(totals) {
        assert_eq!(s.line, l.id);
        let change = whole(l.total as f64 * 0.3);
        assert_eq!((s.low, s.high), (o.total - change, o.total + change));
    }
}

#[test]
fn per_user_and_per_thousand_records() {
    let c = compare(&plan(&[]));
    let o = c.option(HostingOption::Tier4).expect("tier4");
    assert_eq!(o.per_user_year, Some(whole(o.total as f64 / (200.0 * 3.0))));
    let s = sizing(&plan(&[]), HostingOption::Tier4);
    let records = s.storage_by_year.last().expect("years").records as f64;
    assert_eq!(
        o.per_thousand_records,
        Some(whole(o.total as f64 / (records / 1000.0)))
    );
}

fn problems(text: &str) -> Vec<(String, usize, usize)> {
    let q = model().questionnaire;
    match CostData::parse(Source::new("costs.toml", text), Some(&q)) {
        Ok(_) => Vec::new(),
        Err(p) => p
            .into_iter()
            .map(|d| (d.key().to_string(), d.line, d.column))
            .collect(),
    }
}

fn edited(from: &str, to: &str) -> String {
    assert!(BUILTIN_COSTS.contains(from), "{from}");
    BUILTIN_COSTS.replacen(from, to, 1)
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .expect("needle")
        + 1
}

#[test]
fn a_figure_without_source_or_assumption_is_located() {
    let text = edited(
        "id = \"egress_gb_per_user_month\"\nvalue = 0.5\nassumption = true\n",
        "id = \"egress_gb_per_user_month\"\nvalue = 0.5\n",
    );
    let found = problems(&text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, key::data::cost::NO_SOURCE);
    // The table starts at its `[[figures]]` line.
    let at = line_of(&text, "id = \"egress_gb_per_user_month\"") - 1;
    assert_eq!(found[0].1, at);
}

#[test]
fn bad_figures_are_each_reported_at_their_place() {
    let text = edited("id = \"certificate_year\"", "id = \"certificate_yeer\"");
    let found = problems(&text);
    let keys: Vec<&str> = found.iter().map(|p| p.0.as_str()).collect();
    assert!(keys.contains(&key::data::cost::UNKNOWN), "{found:?}");
    assert!(keys.contains(&key::data::cost::MISSING), "{found:?}");
    let unknown = found
        .iter()
        .find(|p| p.0 == key::data::cost::UNKNOWN)
        .expect("unknown");
    assert_eq!(unknown.1, line_of(&text, "certificate_yeer"));

    let text = edited("date = \"2024-06\"", "date = \"June 2024\"");
    let found = problems(&text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, key::data::cost::BAD_DATE);
    assert_eq!(found[0].1, line_of(&text, "June 2024"));

    let text = edited(
        "question = \"cost_vendor_year\"",
        "question = \"vendor_cost\"",
    );
    let found = problems(&text);
    assert_eq!(found[0].0, key::data::cost::UNKNOWN_QUESTION);
    assert_eq!(found[0].1, line_of(&text, "vendor_cost"));

    let text = edited("value = 0.08", "value = -1");
    let found = problems(&text);
    assert_eq!(found[0].0, key::data::cost::BAD_VALUE);
    assert_eq!(found[0].1, line_of(&text, "value = -1"));
}

#[test]
fn overrides_read_as_pairs() {
    let read = crate::core::value_check::parse_prices;
    assert_eq!(
        read("vm_vcpu_month = 20; certificate_year=0\nsetup_once = 1_000"),
        Ok(vec![
            ("vm_vcpu_month".to_string(), 20.0),
            ("certificate_year".to_string(), 0.0),
            ("setup_once".to_string(), 1000.0),
        ])
    );
    assert_eq!(read(""), Ok(Vec::new()));
    assert_eq!(
        read("vm_vcpu_month 20"),
        Err(("vm_vcpu_month 20".into(), false))
    );
    assert_eq!(
        read("vm_vcpu_month = -2"),
        Err(("vm_vcpu_month = -2".into(), true))
    );
    assert_eq!(read("Big = 2"), Err(("Big = 2".into(), false)));
}

#[test]
fn lines_the_budget_does_not_cover_are_listed() {
    let covers = Answer::Choices(vec!["hosting".into(), "training".into()]);
    let c = compare(&plan(&[
        ("budget_covers", covers),
        ("role_technology_vendor", choice("contracted")),
        ("cost_saas_fee_year", Answer::Integer(10_000)),
    ]));
    let tier4 = c.option(HostingOption::Tier4).expect("tier4");
    assert!(tier4.uncovered.contains(&"vendor"), "{:?}", tier4.uncovered);
    assert!(tier4.uncovered.contains(&"staff_it"));
    assert!(!tier4.uncovered.contains(&"servers"));
    assert!(!tier4.uncovered.contains(&"training"));
    let saas = c.option(HostingOption::Saas).expect("saas");
    assert!(saas.uncovered.contains(&"saas_fee"));
    // Without the answer nothing is said.
    let silent = compare(&plan(&[]));
    assert!(silent.options.iter().all(|o| o.uncovered.is_empty()));
}

#[test]
fn cumulative_cost_ends_at_the_total() {
    let c = compare(&plan(&[]));
    for o in &c.options {
        let sums = o.cumulative();
        assert_eq!(sums.len(), o.years.len());
        assert_eq!(sums.last().copied(), Some(o.total));
        assert!(sums.windows(2).all(|w| w[0] <= w[1]));
    }
}
