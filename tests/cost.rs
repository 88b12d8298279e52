//! The cost of ownership: `plan show --json` and `plan show` on the demo and on three
//! small plans (SaaS, Tier 4, fully local), the budget reason in the decision, a price
//! overridden in the plan, and located problems in the plan and in the cost figures.

use serde_json::Value;
use std::path::{Path, PathBuf};

fn plan_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/plans/cost")
        .join(name)
}

fn run(args: &[&str]) -> (bool, String, String) {
    let out = crate::common::bin()
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .output()
        .expect("hostplan runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json_of(args: &[&str]) -> Value {
    let (ok, out, err) = run(args);
    assert!(ok, "{err}");
    serde_json::from_str(&out).expect("plan show --json prints JSON")
}

fn shown(name: &str) -> Value {
    let path = plan_path(name);
    json_of(&["plan", "show", "--json", path.to_str().unwrap()])
}

/// A copy of a cost plan with its text changed, in `dir`.
fn edited(dir: &Path, name: &str, from: &str, to: &str) -> PathBuf {
    let text = std::fs::read_to_string(plan_path(name)).unwrap();
    assert!(text.contains(from), "{from}");
    let path = dir.join(name);
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    path
}

fn ints(v: &Value) -> Vec<i64> {
    v.as_array()
        .expect("a list")
        .iter()
        .map(|x| x.as_i64().expect("a whole amount"))
        .collect()
}

fn option<'a>(costs: &'a Value, id: &str) -> &'a Value {
    costs["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["option"] == id)
        .unwrap_or_else(|| panic!("no {id}"))
}

fn line<'a>(costs: &'a Value, opt: &str, id: &str) -> Option<&'a Value> {
    option(costs, opt)["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == id)
}

/// Every year's total is the sum of its lines, each line's total the sum of its years,
/// and the option's total the sum of its years: all in whole amounts.
fn check_sums(costs: &Value) {
    let years = costs["years"].as_u64().unwrap() as usize;
    let options = costs["options"].as_array().unwrap();
    let ids: Vec<&str> = options
        .iter()
        .map(|o| o["option"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["saas", "tier4", "local"]);
    for o in options {
        let by_year = ints(&o["years"]);
        assert_eq!(by_year.len(), years);
        let lines = o["lines"].as_array().unwrap();
        assert!(!lines.is_empty());
        for (y, total) in by_year.iter().enumerate() {
            let sum: i64 = lines.iter().map(|l| ints(&l["years"])[y]).sum();
            assert_eq!(*total, sum, "{} year {}", o["option"], y + 1);
        }
        for l in lines {
            assert_eq!(
                l["total"].as_i64().unwrap(),
                ints(&l["years"]).iter().sum::<i64>()
            );
        }
        assert_eq!(o["total"].as_i64().unwrap(), by_year.iter().sum::<i64>());
    }
}

fn reasons<'a>(doc: &'a Value, opt: &str) -> Vec<&'a Value> {
    doc["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["option"] == opt)
        .expect("the option is ranked")["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .collect()
}

/// An option's running costs (its recurring lines), year by year: what the ongoing budget
/// is held against.
fn running(costs: &Value, opt: &str) -> Vec<i64> {
    let lines = option(costs, opt)["lines"].as_array().unwrap();
    let years = costs["years"].as_u64().unwrap() as usize;
    (0..years)
        .map(|y| {
            lines
                .iter()
                .filter(|l| l["kind"] == "recurring")
                .map(|l| ints(&l["years"])[y])
                .sum()
        })
        .collect()
}

fn over_budget_reason<'a>(doc: &'a Value, opt: &str) -> Option<&'a Value> {
    reasons(doc, opt)
        .into_iter()
        .find(|r| r["rule"] == "over_budget")
}

fn group(n: i64) -> String {
    let digits = n.abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

#[test]
fn the_demo_costs_add_up_and_show_the_ruled_out_option() {
    let doc = json_of(&["plan", "show", "--demo", "--json"]);
    let costs = &doc["costs"];
    check_sums(costs);
    // The demo counts in its own currency, at its own rate.
    assert_eq!(costs["currency"], "KMD");
    assert_eq!(costs["exchange_rate"], 120.0);
    assert_eq!(costs["years"], 4);
    // The demo's residency law rules SaaS out: its costs stay, with the reason.
    let saas = option(costs, "saas");
    assert!(!saas["ruled_out"].as_array().unwrap().is_empty());
    assert!(
        option(costs, "tier4")["ruled_out"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    // Tier 4 runs production and a sample site; SaaS has the fee the demo was quoted.
    assert!(line(costs, "tier4", "servers").is_some());
    assert!(line(costs, "tier4", "non_production").is_some());
    assert!(line(costs, "saas", "servers").is_none());
    let fee = line(costs, "saas", "saas_fee").expect("the fee");
    assert_eq!(ints(&fee["years"]), vec![3_600_000; 4]);
    assert!(costs["unanswered"].as_array().unwrap().is_empty());
    // Its budget covers everything but a SaaS fee.
    assert_eq!(
        option(costs, "saas")["uncovered"],
        serde_json::json!(["saas_fee"])
    );
    assert_eq!(option(costs, "tier4")["uncovered"], serde_json::json!([]));
    // Its overridden certificate price, in its currency, is used as given: one
    // certificate for Primero and one for its self-hosted OpenFn.
    let certs = line(costs, "tier4", "certificates").expect("certificates");
    assert_eq!(ints(&certs["years"]), vec![2 * 9_600; 4]);
    for opt in ["saas", "tier4", "local"] {
        let o = option(costs, opt);
        assert!(o["per_user_year"].as_i64().unwrap() > 0);
        assert!(o["per_thousand_records"].as_i64().unwrap() > 0);
        assert_eq!(o["sensitivity"].as_array().unwrap().len(), 2);
    }
}

#[test]
fn the_three_plans_add_up() {
    for name in ["saas.toml", "tier4.toml", "local.toml"] {
        let doc = shown(name);
        check_sums(&doc["costs"]);
    }
}

#[test]
fn the_saas_plan_counts_the_quoted_fee() {
    let costs = shown("saas.toml")["costs"].clone();
    let fee = line(&costs, "saas", "saas_fee").expect("the fee line");
    assert_eq!(ints(&fee["years"]), vec![18_000; 3]);
    assert_eq!(fee["assumption"], false);
    assert!(costs["unanswered"].as_array().unwrap().is_empty());
    // OpenFn's hosted service is priced under every option.
    for opt in ["saas", "tier4", "local"] {
        assert!(line(&costs, opt, "openfn").is_some(), "{opt}");
    }
    // 40,000 a year carries the SaaS option.
    assert!(option(&costs, "saas")["over_budget"].is_null());
}

#[test]
fn the_tier4_plan_is_in_its_currency_and_over_budget_says_so_with_figures() {
    let doc = shown("tier4.toml");
    let costs = &doc["costs"];
    assert_eq!(costs["currency"], "KES");
    assert_eq!(costs["exchange_rate"], 129.5);
    assert_eq!(costs["rate_date"], "2026-11-30");
    // 5,000 USD a year at 129.5 shillings.
    assert_eq!(costs["yearly_budget"], 647_500);
    let vendor = line(costs, "tier4", "vendor").expect("the vendor line");
    assert_eq!(ints(&vendor["years"]), vec![1_500_000; 4]);
    let tier4 = option(costs, "tier4");
    let over = &tier4["over_budget"];
    assert_eq!(over["budget"], 647_500);
    let year = over["year"].as_i64().unwrap();
    let cost = over["cost"].as_i64().unwrap();
    assert_eq!(cost, running(costs, "tier4")[year as usize - 1]);
    let reason = over_budget_reason(&doc, "tier4").expect("the decision says so");
    let text = reason["text"].as_str().unwrap();
    assert!(text.contains(&group(cost)), "{text}");
    assert!(text.contains("647,500"), "{text}");
    assert!(text.contains("KES"), "{text}");
    assert!(reason["points"].as_f64().unwrap() < 0.0);
    assert_eq!(reason["questions"][0], "budget_ongoing_usd");
}

#[test]
fn a_budget_that_carries_the_cost_adds_no_reason() {
    let dir = tempfile::tempdir().unwrap();
    let path = edited(
        dir.path(),
        "tier4.toml",
        "budget_ongoing_usd = 5000",
        "budget_ongoing_usd = 90000000",
    );
    let doc = json_of(&["plan", "show", "--json", path.to_str().unwrap()]);
    for opt in ["saas", "tier4", "local"] {
        assert!(over_budget_reason(&doc, opt).is_none(), "{opt}");
        assert!(option(&doc["costs"], opt)["over_budget"].is_null());
    }
    // And one just below the costliest year of Tier 4 brings the reason back.
    let costliest = running(&shown("tier4.toml")["costs"], "tier4")
        .into_iter()
        .max()
        .unwrap();
    // The budget question is in US dollars: one dollar under the costliest year.
    let usd = (costliest as f64 / 129.5).floor() as i64 - 1;
    let path = edited(
        dir.path(),
        "tier4.toml",
        "budget_ongoing_usd = 5000",
        &format!("budget_ongoing_usd = {usd}"),
    );
    let doc = json_of(&["plan", "show", "--json", path.to_str().unwrap()]);
    assert!(over_budget_reason(&doc, "tier4").is_some());
}

#[test]
fn the_local_plan_uses_its_overrides_and_lets_encrypt() {
    let costs = shown("local.toml")["costs"].clone();
    let certs = line(&costs, "local", "certificates").expect("line");
    assert_eq!(certs["total"], 0, "Let's Encrypt is free");
    assert!(line(&costs, "local", "openfn").is_some());
    assert!(line(&costs, "local", "non_production").is_some());
    assert!(option(&costs, "local")["over_budget"].is_null());
    let servers = line(&costs, "local", "servers").expect("line");
    assert_eq!(
        servers["assumption"], false,
        "every server price is the plan's own"
    );
}

#[test]
fn overriding_a_price_changes_the_total_by_exactly_the_expected_amount() {
    let dir = tempfile::tempdir().unwrap();
    let before = shown("local.toml")["costs"].clone();
    // The setting up is paid once; the data gives 8,000 USD.
    let path = edited(
        dir.path(),
        "local.toml",
        "cost_price_overrides = \"",
        "cost_price_overrides = \"setup_once = 20000; ",
    );
    let after = json_of(&["plan", "show", "--json", path.to_str().unwrap()])["costs"].clone();
    for (opt, change) in [("saas", 0), ("tier4", 12_000), ("local", 12_000)] {
        let diff = option(&after, opt)["total"].as_i64().unwrap()
            - option(&before, opt)["total"].as_i64().unwrap();
        assert_eq!(diff, change, "{opt}");
    }
    // A monthly price changes every year of every line priced with it, by its quantity.
    let path = edited(
        dir.path(),
        "local.toml",
        "vm_vcpu_month = 12",
        "vm_vcpu_month = 13",
    );
    let after = json_of(&["plan", "show", "--json", path.to_str().unwrap()])["costs"].clone();
    let servers = |c: &Value| {
        line(c, "local", "servers").unwrap()["total"]
            .as_i64()
            .unwrap()
    };
    let vcpus: i64 = shown("local.toml")["servers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| {
            [
                "app_server",
                "load_balancer",
                "attachment_storage",
                "database",
            ]
            .contains(&s["id"].as_str().unwrap())
        })
        .map(|s| s["vcpu"].as_i64().unwrap() * s["count"].as_i64().unwrap_or(1))
        .sum();
    assert_eq!(servers(&after) - servers(&before), vcpus * 12 * 5);
}

#[test]
fn plan_show_prints_the_comparison() {
    let path = plan_path("tier4.toml");
    let (ok, out, err) = run(&["plan", "show", path.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert!(
        out.contains("Cost of ownership over 4 year(s), in KES"),
        "{out}"
    );
    assert!(out.contains("Exchange rate: 129.5 KES for 1 USD"), "{out}");
    assert!(out.contains("Technology vendor contract"), "{out}");
    assert!(out.contains("1,500,000"), "{out}");
    assert!(out.contains("above the yearly budget of 647,500"), "{out}");
}

#[test]
fn a_malformed_override_is_refused_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = edited(
        dir.path(),
        "local.toml",
        "cost_price_overrides = \"vm_vcpu_month = 12",
        "cost_price_overrides = \"vm_vcpu_month twelve",
    );
    let (ok, _, err) = run(&["plan", "show", "--json", path.to_str().unwrap()]);
    assert!(!ok);
    let text = std::fs::read_to_string(&path).unwrap();
    let at = crate::common::line_of(&text, "cost_price_overrides");
    assert!(err.contains(&format!("local.toml:{at}:")), "{err}");
    assert!(err.contains("vm_vcpu_month twelve"), "{err}");
}

#[test]
fn an_override_survives_save_and_load() {
    use hostplan::base::diag::Source;
    use hostplan::core::answer::Answer;
    use hostplan::core::builtin::Catalog;
    use hostplan::core::plan::{Completeness, Plan};
    let cat = Catalog::builtin().unwrap();
    let q = cat.get("primero").unwrap();
    let text = std::fs::read_to_string(plan_path("local.toml")).unwrap();
    let read = |t: &str| {
        Plan::parse(Source::new("plan", t), |_| Some(q), Completeness::Partial)
            .unwrap()
            .0
    };
    let plan = read(&text);
    let again = read(&plan.to_toml(q, false));
    assert_eq!(
        again.answers.get("cost_price_overrides"),
        Some(&Answer::Text(
            "vm_vcpu_month = 12; disk_gb_month = 0.05".into()
        ))
    );
    assert_eq!(again.answers, plan.answers);
}

#[test]
fn a_figure_without_source_is_a_located_error_in_questionnaire_check() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("questionnaires");
    let to = dir.path().join("q");
    std::fs::create_dir_all(to.join("primero")).unwrap();
    std::fs::copy(root.join("primero.toml"), to.join("primero.toml")).unwrap();
    let costs = std::fs::read_to_string(root.join("primero/costs.toml")).unwrap();
    let broken = costs.replacen(
        "id = \"certificate_year\"\nvalue = 100\nassumption = true\n",
        "id = \"certificate_year\"\nvalue = 100\n",
        1,
    );
    assert_ne!(broken, costs);
    std::fs::write(to.join("primero/costs.toml"), &broken).unwrap();
    let (ok, out, err) = run(&[
        "questionnaire",
        "check",
        "--questionnaires",
        to.to_str().unwrap(),
    ]);
    assert!(!ok, "{out}");
    let at = crate::common::line_of(&broken, "id = \"certificate_year\"") - 1;
    assert!(err.contains(&format!("costs.toml:{at}:")), "{err}");
    assert!(err.contains("certificate_year"), "{err}");
    assert!(err.contains("names no source"), "{err}");
}

#[test]
fn an_override_naming_no_figure_is_a_located_warning() {
    let dir = tempfile::tempdir().unwrap();
    let path = edited(
        dir.path(),
        "local.toml",
        "vm_vcpu_month = 12",
        "vm_vcpu_mont = 12",
    );
    let (ok, _, err) = run(&["plan", "validate", "--partial", path.to_str().unwrap()]);
    assert!(ok, "a warning only: {err}");
    let text = std::fs::read_to_string(&path).unwrap();
    let at = crate::common::line_of(&text, "cost_price_overrides");
    assert!(err.contains(&format!("local.toml:{at}:")), "{err}");
    assert!(err.contains("`vm_vcpu_mont`"), "{err}");
    assert!(err.contains("did you mean `vm_vcpu_month`"), "{err}");
    let costs = json_of(&["plan", "show", "--json", path.to_str().unwrap()])["costs"].clone();
    assert_eq!(
        costs["unknown_overrides"],
        serde_json::json!(["vm_vcpu_mont"])
    );
}

#[test]
fn ask_ends_with_the_cost_of_each_option() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = crate::common::bin()
        .args(["ask", "plan.toml"])
        .current_dir(dir.path())
        .env("HOSTPLAN_HOME", dir.path().join("home"))
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("hostplan runs");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(saas_lines().as_bytes()).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .find(|l| l.starts_with("Cost over "))
        .unwrap_or_else(|| panic!("no cost summary:\n{text}"));
    assert!(line.contains("in USD"), "{line}");
    for option in [
        "UNICEF-hosted service (Tier 3)",
        "Hybrid-local (Tier 4)",
        "Fully local",
    ] {
        assert!(line.contains(option), "{line}");
    }
}

/// Every answer of the SaaS path, one line each, as typed into `ask`.
fn saas_lines() -> String {
    use crate::saas::{Give, SAAS_PATH};
    SAAS_PATH
        .iter()
        .map(|(_, give)| match give {
            Give::Type(t) => format!("{t}\n"),
            Give::Pick { id, .. } => format!("{id}\n"),
            Give::Enter => "\n".to_string(),
        })
        .collect()
}

/// Over budget by the figures, an option is neither told the budget carries it (the
/// `ample_budget` rule, which only looks at the amount) nor penalised twice (the
/// `small_budget` rule): the `[budget]` reason replaces both.
#[test]
fn an_option_over_budget_keeps_one_budget_reason() {
    let demo = include_str!("../assets/demo-plan.toml");
    let dir = tempfile::tempdir().unwrap();
    for (budget, settled) in [("65000", "ample_budget"), ("15000", "small_budget")] {
        let path = dir.path().join("demo.toml");
        let line = demo
            .lines()
            .find(|l| l.starts_with("budget_ongoing_usd"))
            .unwrap();
        // A vendor contract three times the demo's keeps the running costs above 65,000 USD.
        let text = demo
            .replace(line, &format!("budget_ongoing_usd = {budget}"))
            .replace("cost_vendor_year = 4320000", "cost_vendor_year = 12960000");
        std::fs::write(&path, text).unwrap();
        let doc = json_of(&["plan", "show", "--json", path.to_str().unwrap()]);
        let tier4 = reasons(&doc, "tier4");
        assert!(
            over_budget_reason(&doc, "tier4").is_some(),
            "{budget}: {tier4:?}"
        );
        assert!(
            tier4.iter().all(|r| r["rule"] != settled),
            "{budget}: {tier4:?}"
        );
    }
}

/// A currency without its exchange rate leaves the amounts in two currencies: the
/// decision is not weighed by them.
#[test]
fn without_the_exchange_rate_no_option_is_weighed_by_cost() {
    let demo = include_str!("../assets/demo-plan.toml");
    let line = demo
        .lines()
        .find(|l| l.starts_with("cost_exchange_rate ="))
        .expect("the demo gives a rate");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.toml");
    let low = demo
        .lines()
        .find(|l| l.starts_with("budget_ongoing_usd"))
        .unwrap();
    std::fs::write(
        &path,
        demo.replace(line, "")
            .replace(low, "budget_ongoing_usd = 15000"),
    )
    .unwrap();
    let doc = json_of(&["plan", "show", "--json", path.to_str().unwrap()]);
    assert_eq!(doc["costs"]["rate_missing"], true);
    for o in ["saas", "tier4", "local"] {
        assert!(over_budget_reason(&doc, o).is_none(), "{o}");
    }
}
