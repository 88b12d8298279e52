//! The cost of ownership of each hosting option, year by year over the plan.
//!
//! The prices and rates are data (`questionnaires/primero/costs.toml`, or an edited copy);
//! docs/cost.md gives the formula of every line and the source of every figure. The
//! arithmetic is pure: it takes each option's sizing, the plan's responsibilities matrix
//! and its answers, and gives lines of whole amounts in the plan's currency. Each line is
//! rounded year by year first, and every total is the sum of those rounded amounts, so a
//! table adds up exactly as printed.

mod read;

use crate::core::answer::Answer;
use crate::core::options::HostingOption;
use crate::core::questionnaire::Answers;
use crate::core::responsibilities::Matrix;
use crate::core::sizing::{Server, Sizing};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

pub use crate::core::value_check::parse_prices as parse_overrides;

/// The shipped cost figures.
pub const BUILTIN_COSTS: &str = include_str!("../../../questionnaires/primero/costs.toml");
/// The name the shipped figures are reported under.
pub const BUILTIN_ORIGIN: &str = "questionnaires/primero/costs.toml";

/// The question naming the plan's currency (an ISO 4217 code such as "KES").
pub const CURRENCY_QUESTION: &str = "cost_currency";
/// Units of the plan's currency for one US dollar.
pub const RATE_QUESTION: &str = "cost_exchange_rate";
/// The day that rate was read.
pub const RATE_DATE_QUESTION: &str = "cost_exchange_rate_date";
/// Prices the team overrides, as `id = amount` in the plan's currency, one a line or
/// separated by `;`.
pub const OVERRIDES_QUESTION: &str = "cost_price_overrides";
/// The yearly budget, in US dollars.
pub const BUDGET_QUESTION: &str = "budget_ongoing_usd";

/// The currency of the figures in the data.
pub const BASE_CURRENCY: &str = "USD";

/// Every figure the arithmetic uses, by its id in the data file.
pub const FIGURE_IDS: &[&str] = &[
    "vm_vcpu_month",
    "vm_ram_gb_month",
    "disk_gb_month",
    "managed_db_vcpu_month",
    "managed_db_ram_gb_month",
    "managed_db_disk_gb_month",
    "object_storage_gb_month",
    "backup_storage_gb_month",
    "egress_gb",
    "egress_gb_per_user_month",
    "certificate_year",
    "openfn_saas_year",
    "openfn_dedicated_year",
    "saas_fee_year",
    "vendor_year",
    "staff_admin_month",
    "staff_it_month",
    "fte_per_activity",
    "setup_once",
    "training_admin_once",
    "training_user_once",
];

/// Figures that are not money, so no exchange rate applies to them.
pub const RATIO_IDS: &[&str] = &["egress_gb_per_user_month", "fte_per_activity"];

/// Each staff line: its id, the matrix party whose work it prices, the figure of a month.
const STAFF: &[(&str, &str, &str)] = &[
    ("staff_admin", "local_admin", "staff_admin_month"),
    ("staff_it", "local_it", "staff_it_month"),
];

/// A change of this share up and down shows how sensitive a total is to a line.
pub const SENSITIVITY_SHARE: f64 = 0.3;

/// One figure of the data: a price in US dollars or a rate.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Figure {
    pub id: String,
    pub value: f64,
    /// Where the figure comes from, when it is not an assumption.
    pub source: Option<String>,
    /// When the source was read: `YYYY-MM` or `YYYY-MM-DD`.
    pub date: Option<String>,
    pub assumption: bool,
    /// The question whose answer, in the plan's currency, replaces the figure.
    pub question: Option<String>,
}

/// The cost figures, read from `costs.toml`. Only [`CostData::parse`] makes one, so every
/// figure the arithmetic needs is there and passed its checks.
#[derive(Clone, Debug, PartialEq)]
pub struct CostData {
    figures: Vec<Figure>,
}

/// Whether a line is paid once, in the first year, or every year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    OneOff,
    Recurring,
}

/// One line of an option's costs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Line {
    /// `servers`, `managed_database`, `storage`, `bandwidth`, `certificates`, `bastion`,
    /// `non_production`, `openfn`, `staff_admin`, `staff_it`, `vendor`, `saas_fee`,
    /// `setup`, `training`: front-ends name each from the strings catalogue.
    pub id: &'static str,
    pub kind: Kind,
    /// Whole amounts in the plan's currency, one per year of the plan.
    pub years: Vec<i64>,
    pub total: i64,
    /// The figures the line is priced with.
    pub figures: Vec<&'static str>,
    /// Some figure behind the line is an assumption nobody replaced.
    pub assumption: bool,
    /// For staff lines: the share of a full-time post.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fte: Option<f64>,
}

/// How the total moves when one line is off by [`SENSITIVITY_SHARE`] either way.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sensitivity {
    pub line: &'static str,
    pub low: i64,
    pub high: i64,
}

/// The costliest year of an option set against the yearly budget.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OverBudget {
    /// 1 is the first year of the plan.
    pub year: u32,
    pub cost: i64,
    pub budget: i64,
}

/// What one option costs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OptionCost {
    pub option: HostingOption,
    /// Why the plan's answers rule the option out; empty when they do not.
    pub ruled_out: Vec<String>,
    pub lines: Vec<Line>,
    /// The sum of the lines, year by year.
    pub years: Vec<i64>,
    pub total: i64,
    /// The total over the years and the active users, for one user in one year.
    pub per_user_year: Option<i64>,
    /// The total for each 1,000 records held at the end of the plan.
    pub per_thousand_records: Option<i64>,
    /// The two largest lines, each moved up and down.
    pub sensitivity: Vec<Sensitivity>,
    /// Set when the yearly budget cannot carry the costliest year.
    pub over_budget: Option<OverBudget>,
    /// Lines with a cost that the plan's `budget_covers` answer leaves out; empty when
    /// the plan does not say what its budget covers.
    pub uncovered: Vec<&'static str>,
}

impl OptionCost {
    /// The total reached at the end of each year: what a chart of cumulative cost draws.
    pub fn cumulative(&self) -> Vec<i64> {
        self.years
            .iter()
            .scan(0, |sum, y| {
                *sum += y;
                Some(*sum)
            })
            .collect()
    }
}

/// The three options side by side.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    /// The currency every amount is in.
    pub currency: String,
    /// Units of `currency` for one US dollar.
    pub exchange_rate: f64,
    pub rate_date: Option<NaiveDate>,
    /// The plan names a currency but gives no rate for it, so amounts stay in US dollars.
    pub rate_missing: bool,
    pub years: u32,
    /// The yearly budget in `currency`, when the plan gives one.
    pub yearly_budget: Option<i64>,
    /// SaaS, Tier 4, fully local.
    pub options: Vec<OptionCost>,
    /// Questions whose answers the figures still wait for (UNICEF's SaaS fee).
    pub unanswered: Vec<String>,
    /// Overrides naming no figure: they change nothing.
    pub unknown_overrides: Vec<String>,
}

impl Comparison {
    pub fn option(&self, option: HostingOption) -> Option<&OptionCost> {
        self.options.iter().find(|o| o.option == option)
    }
}

/// What the comparison is worked out from, beside the cost data.
pub struct Inputs<'a> {
    /// Only the answers to the questions the plan shows.
    pub answers: &'a Answers,
    /// Each option's servers, sized as if the plan chose it. SaaS has a sizing only for
    /// what the team runs itself beside UNICEF's service (OpenFn, when self-hosted).
    pub sizings: &'a [(HostingOption, Option<Sizing>)],
    /// The plan's responsibilities matrix: who does what under each option.
    pub matrix: &'a Matrix,
    /// Why each option is ruled out, from the decision.
    pub ruled_out: &'a dyn Fn(HostingOption) -> Vec<String>,
}

impl CostData {
    /// The shipped figures. They are checked by the tests, so reading them cannot fail.
    pub fn builtin() -> CostData {
        let source = crate::base::diag::Source::new(BUILTIN_ORIGIN, BUILTIN_COSTS);
        match CostData::parse(source, None) {
            Ok((data, _)) => data,
            Err(_) => CostData {
                figures: Vec::new(),
            },
        }
    }

    pub fn figures(&self) -> &[Figure] {
        &self.figures
    }

    pub fn figure(&self, id: &str) -> Option<&Figure> {
        self.figures.iter().find(|f| f.id == id)
    }

    /// The comparison of the three options for one plan.
    pub fn compare(&self, inputs: &Inputs) -> Comparison {
        let money = Money::of(inputs.answers);
        let (overrides, unknown_overrides) = self.overrides(inputs.answers);
        let prices = Prices {
            data: self,
            money: &money,
            answers: inputs.answers,
            overrides: &overrides,
        };
        let years = plan_years(inputs.answers, inputs.sizings);
        let yearly_budget = integer(inputs.answers, BUDGET_QUESTION)
            .map(|usd| (usd as f64 * money.rate).round() as i64);
        let options = HostingOption::ALL
            .into_iter()
            .map(|option| {
                let sizing = inputs
                    .sizings
                    .iter()
                    .find(|(o, _)| *o == option)
                    .and_then(|(_, s)| s.as_ref());
                let lines = lines(option, sizing, inputs, &prices, years);
                let mut cost = option_cost(option, lines, inputs, sizing, years);
                cost.ruled_out = (inputs.ruled_out)(option);
                cost.over_budget = over_budget(&running_years(&cost.lines, years), yearly_budget);
                cost.uncovered = uncovered(&cost.lines, inputs.answers);
                cost
            })
            .collect();
        let unanswered = self
            .figure("saas_fee_year")
            .and_then(|f| f.question.clone())
            .filter(|q| !inputs.answers.contains_key(q) && !overrides.contains_key("saas_fee_year"))
            .into_iter()
            .collect();
        Comparison {
            currency: money.currency,
            exchange_rate: money.rate,
            rate_date: money.rate_date,
            rate_missing: money.rate_missing,
            years,
            yearly_budget,
            options,
            unanswered,
            unknown_overrides,
        }
    }

    /// The plan's overrides this data knows, by figure id, and the ids it does not know.
    fn overrides(&self, answers: &Answers) -> (BTreeMap<String, f64>, Vec<String>) {
        let text = match answers.get(OVERRIDES_QUESTION) {
            Some(Answer::Text(t)) => t.as_str(),
            _ => "",
        };
        let mut known = BTreeMap::new();
        let mut unknown = Vec::new();
        for (id, value) in parse_overrides(text).unwrap_or_default() {
            if self.figure(&id).is_some() {
                known.insert(id, value);
            } else {
                unknown.push(id);
            }
        }
        (known, unknown)
    }
}

/// The plan's currency and how US dollars convert to it.
struct Money {
    currency: String,
    rate: f64,
    rate_date: Option<NaiveDate>,
    rate_missing: bool,
}

impl Money {
    fn of(answers: &Answers) -> Money {
        let code = match answers.get(CURRENCY_QUESTION) {
            Some(Answer::Text(t)) if !t.trim().is_empty() => t.trim().to_ascii_uppercase(),
            _ => BASE_CURRENCY.to_string(),
        };
        let rate = match answers.get(RATE_QUESTION) {
            Some(Answer::Decimal(x)) if x.is_finite() && *x > 0.0 => Some(*x),
            Some(Answer::Integer(n)) if *n > 0 => Some(*n as f64),
            _ => None,
        };
        let rate_date = match answers.get(RATE_DATE_QUESTION) {
            Some(Answer::Date(d)) => Some(*d),
            _ => None,
        };
        match (code == BASE_CURRENCY, rate) {
            (true, _) => Money {
                currency: code,
                rate: 1.0,
                rate_date: None,
                rate_missing: false,
            },
            (false, Some(rate)) => Money {
                currency: code,
                rate,
                rate_date,
                rate_missing: false,
            },
            (false, None) => Money {
                currency: BASE_CURRENCY.to_string(),
                rate: 1.0,
                rate_date: None,
                rate_missing: true,
            },
        }
    }
}

/// Each figure as the plan prices it, in the plan's currency.
struct Prices<'a> {
    data: &'a CostData,
    money: &'a Money,
    answers: &'a Answers,
    overrides: &'a BTreeMap<String, f64>,
}

impl Prices<'_> {
    /// The figure's value for this plan, and whether it is still an unreplaced assumption.
    /// An override wins over the figure's question, which wins over the data. Overrides and
    /// answers are in the plan's currency already, so only the data's dollars convert.
    fn get(&self, id: &str) -> (f64, bool) {
        if let Some(v) = self.overrides.get(id) {
            return (*v, false);
        }
        let Some(figure) = self.data.figure(id) else {
            return (0.0, true);
        };
        if let Some(v) = figure
            .question
            .as_deref()
            .and_then(|q| number(self.answers, q))
        {
            return (v, false);
        }
        let rate = if RATIO_IDS.contains(&id) {
            1.0
        } else {
            self.money.rate
        };
        (figure.value * rate, figure.assumption)
    }

    fn value(&self, id: &str) -> f64 {
        self.get(id).0
    }

    /// Whether any of these figures is an unreplaced assumption.
    fn assumed(&self, ids: &[&str]) -> bool {
        ids.iter().any(|id| self.get(id).1)
    }
}

fn number(answers: &Answers, id: &str) -> Option<f64> {
    match answers.get(id) {
        Some(Answer::Decimal(x)) if x.is_finite() => Some(*x),
        Some(Answer::Integer(n)) => Some(*n as f64),
        _ => None,
    }
}

fn integer(answers: &Answers, id: &str) -> Option<i64> {
    match answers.get(id) {
        Some(Answer::Integer(n)) => Some(*n),
        _ => None,
    }
}

fn choice<'a>(answers: &'a Answers, id: &str) -> &'a str {
    match answers.get(id) {
        Some(Answer::Choice(c)) => c.as_str(),
        _ => "",
    }
}

/// The years of the plan: its duration, as the sizing read it, at least 1.
fn plan_years(answers: &Answers, sizings: &[(HostingOption, Option<Sizing>)]) -> u32 {
    let sized = sizings
        .iter()
        .find_map(|(_, s)| s.as_ref().map(|s| s.input.years));
    let asked = integer(answers, "duration_years")
        .map(|y| y.clamp(1, crate::core::sizing::MAX_YEARS as i64) as u32);
    asked.or(sized).unwrap_or(3).max(1)
}

/// A line's amounts: `monthly` per year, times 12, each year rounded.
fn recurring(
    id: &'static str,
    years: u32,
    monthly: impl Fn(u32) -> f64,
    figures: &[&'static str],
    prices: &Prices,
) -> Line {
    let amounts = (1..=years)
        .map(|y| whole(monthly(y) * 12.0))
        .collect::<Vec<_>>();
    line(id, Kind::Recurring, amounts, figures, prices)
}

/// A line paid once, in the first year.
fn one_off(
    id: &'static str,
    years: u32,
    amount: f64,
    figures: &[&'static str],
    prices: &Prices,
) -> Line {
    let amounts = (1..=years)
        .map(|y| if y == 1 { whole(amount) } else { 0 })
        .collect();
    line(id, Kind::OneOff, amounts, figures, prices)
}

fn line(
    id: &'static str,
    kind: Kind,
    years: Vec<i64>,
    figures: &[&'static str],
    prices: &Prices,
) -> Line {
    Line {
        id,
        kind,
        total: years.iter().sum(),
        years,
        figures: figures.to_vec(),
        assumption: prices.assumed(figures),
        fte: None,
    }
}

/// Rounded to a whole amount: estimates carry no cents.
fn whole(x: f64) -> i64 {
    if x.is_finite() {
        x.round().clamp(-1e15, 1e15) as i64
    } else {
        0
    }
}

const VM: &[&str] = &["vm_vcpu_month", "vm_ram_gb_month", "disk_gb_month"];
const MANAGED_DB: &[&str] = &[
    "managed_db_vcpu_month",
    "managed_db_ram_gb_month",
    "managed_db_disk_gb_month",
];

/// A month of rented machines of this size, every one of them.
pub fn vm_month(server: &Server, vcpu: f64, ram_gb: f64, disk_gb: f64) -> f64 {
    f64::from(server.count)
        * (f64::from(server.vcpu) * vcpu + server.ram_gb * ram_gb + server.disk_gb as f64 * disk_gb)
}

fn vm(server: &Server, prices: &Prices) -> f64 {
    vm_month(
        server,
        prices.value("vm_vcpu_month"),
        prices.value("vm_ram_gb_month"),
        prices.value("disk_gb_month"),
    )
}

/// Every line of one option, in the order people read them.
fn lines(
    option: HostingOption,
    sizing: Option<&Sizing>,
    inputs: &Inputs,
    prices: &Prices,
    years: u32,
) -> Vec<Line> {
    let answers = inputs.answers;
    let mut out = Vec::new();
    if let (true, Some(s)) = (option.has_local_production(), sizing) {
        out.extend(server_lines(s, prices, years));
        out.push(bandwidth(s, prices, years));
        out.push(certificates(s, prices, years));
    }
    if let Some(l) = openfn(answers, sizing, prices, years) {
        out.push(l);
    }
    for (id, party, figure) in STAFF {
        if let Some(l) = staff(id, party, figure, option, inputs.matrix, prices, years) {
            out.push(l);
        }
    }
    if option.has_local_production()
        && matches!(
            choice(answers, "role_technology_vendor"),
            "contracted" | "to_procure"
        )
    {
        let v = prices.value("vendor_year");
        out.push(recurring(
            "vendor",
            years,
            |_| v / 12.0,
            &["vendor_year"],
            prices,
        ));
    }
    if option == HostingOption::Saas {
        let fee = prices.value("saas_fee_year");
        out.push(recurring(
            "saas_fee",
            years,
            |_| fee / 12.0,
            &["saas_fee_year"],
            prices,
        ));
    }
    if option.has_local_production() {
        let setup = prices.value("setup_once");
        out.push(one_off("setup", years, setup, &["setup_once"], prices));
    }
    out.push(training(option, answers, prices, years));
    out
}

/// Servers, managed PostgreSQL, storage and backups, the bastion and the non-production
/// site, from the sizing.
fn server_lines(s: &Sizing, prices: &Prices, years: u32) -> Vec<Line> {
    let mut out = Vec::new();
    let mut production: Vec<&Server> = vec![&s.app_server];
    production.extend(s.load_balancer.as_ref());
    production.extend(s.attachment_storage.as_ref());
    if !s.input.managed_db {
        production.extend(s.database.as_ref());
    }
    let month: f64 = production.iter().map(|m| vm(m, prices)).sum();
    out.push(recurring("servers", years, |_| month, VM, prices));
    if let (true, Some(db)) = (s.input.managed_db, s.database.as_ref()) {
        let month = vm_month(
            db,
            prices.value("managed_db_vcpu_month"),
            prices.value("managed_db_ram_gb_month"),
            prices.value("managed_db_disk_gb_month"),
        );
        out.push(recurring(
            "managed_database",
            years,
            |_| month,
            MANAGED_DB,
            prices,
        ));
    }
    out.push(storage(s, prices, years));
    let bastion = vm(&s.bastion, prices);
    out.push(recurring("bastion", years, |_| bastion, VM, prices));
    if let Some(site) = s.sample_infrastructure.as_ref().or(s.demo_site.as_ref()) {
        let month = vm(site, prices);
        out.push(recurring("non_production", years, |_| month, VM, prices));
    }
    out
}

/// Backups at the backup target's size, and attachments in blob storage as they grow.
fn storage(s: &Sizing, prices: &Prices, years: u32) -> Line {
    let backup = s.backup_target.disk_gb as f64 * prices.value("backup_storage_gb_month");
    let object = prices.value("object_storage_gb_month");
    let blob = s.input.blob_storage;
    let attachments = |year: u32| {
        s.storage_by_year
            .iter()
            .find(|y| y.year == year)
            .or(s.storage_by_year.last())
            .map_or(0.0, |y| y.attachments_gb)
    };
    let mut figures = vec!["backup_storage_gb_month"];
    if blob {
        figures.push("object_storage_gb_month");
    }
    recurring(
        "storage",
        years,
        |y| backup + if blob { attachments(y) * object } else { 0.0 },
        &figures,
        prices,
    )
}

fn bandwidth(s: &Sizing, prices: &Prices, years: u32) -> Line {
    let gb = s.input.users as f64 * prices.value("egress_gb_per_user_month");
    let price = prices.value("egress_gb");
    recurring(
        "bandwidth",
        years,
        |_| gb * price,
        &["egress_gb", "egress_gb_per_user_month"],
        prices,
    )
}

/// One certificate for Primero, and one for a self-hosted OpenFn; free from Let's Encrypt.
fn certificates(s: &Sizing, prices: &Prices, years: u32) -> Line {
    let count = 1.0 + f64::from(u8::from(s.input.openfn_self_hosted));
    if s.input.lets_encrypt == Some(true) {
        return recurring("certificates", years, |_| 0.0, &[], prices);
    }
    let year = prices.value("certificate_year") * count;
    recurring(
        "certificates",
        years,
        |_| year / 12.0,
        &["certificate_year"],
        prices,
    )
}

/// OpenFn as the plan hosts it: its own servers, OpenFn's hosted service or a dedicated
/// deployment. `None` when the plan uses no OpenFn.
fn openfn(answers: &Answers, sizing: Option<&Sizing>, prices: &Prices, years: u32) -> Option<Line> {
    if !matches!(choice(answers, "openfn_used"), "yes" | "planned") {
        return None;
    }
    match choice(answers, "openfn_hosting") {
        "self_hosted" => {
            let s = sizing?;
            let month: f64 = [s.openfn_app.as_ref(), s.openfn_database.as_ref()]
                .into_iter()
                .flatten()
                .map(|m| vm(m, prices))
                .sum();
            Some(recurring("openfn", years, |_| month, VM, prices))
        }
        "dedicated" => {
            let year = prices.value("openfn_dedicated_year");
            let f = &["openfn_dedicated_year"];
            Some(recurring("openfn", years, |_| year / 12.0, f, prices))
        }
        _ => {
            let year = prices.value("openfn_saas_year");
            let f = &["openfn_saas_year"];
            Some(recurring("openfn", years, |_| year / 12.0, f, prices))
        }
    }
}

/// The share of a full-time post `party` gives the plan under `option`: a share for every
/// activity it does (R or AR), at most one post.
pub fn fte_share(matrix: &Matrix, party: &str, option: HostingOption, per_activity: f64) -> f64 {
    let doing = matrix
        .rows(option)
        .iter()
        .filter(|a| {
            a.letters(option, party)
                .is_some_and(crate::core::responsibilities::Letters::is_responsible)
        })
        .count();
    (doing as f64 * per_activity).clamp(0.0, 1.0)
}

fn staff(
    id: &'static str,
    party: &str,
    figure: &'static str,
    option: HostingOption,
    matrix: &Matrix,
    prices: &Prices,
    years: u32,
) -> Option<Line> {
    let fte = fte_share(matrix, party, option, prices.value("fte_per_activity"));
    if fte <= 0.0 {
        return None;
    }
    let month = fte * prices.value(figure);
    let mut l = recurring(id, years, |_| month, &[figure, "fte_per_activity"], prices);
    l.fte = Some((fte * 100.0).round() / 100.0);
    Some(l)
}

/// Users are trained under every option; administrators of the servers only where the
/// team runs production.
fn training(option: HostingOption, answers: &Answers, prices: &Prices, years: u32) -> Line {
    let users = integer(answers, "active_users").unwrap_or(0).max(0) as f64;
    let mut amount = users * prices.value("training_user_once");
    let mut figures = vec!["training_user_once"];
    if option.has_local_production() {
        amount += prices.value("training_admin_once");
        figures.push("training_admin_once");
    }
    one_off("training", years, amount, &figures, prices)
}

/// Totals, cost per user and per 1,000 records, and the sensitivity to the two largest
/// lines.
fn option_cost(
    option: HostingOption,
    lines: Vec<Line>,
    inputs: &Inputs,
    sizing: Option<&Sizing>,
    years: u32,
) -> OptionCost {
    let by_year: Vec<i64> = (0..years as usize)
        .map(|y| {
            lines
                .iter()
                .map(|l| l.years.get(y).copied().unwrap_or(0))
                .sum()
        })
        .collect();
    let total: i64 = by_year.iter().sum();
    let users = integer(inputs.answers, "active_users").filter(|u| *u > 0);
    let records = sizing
        .and_then(|s| s.storage_by_year.last().map(|y| y.records))
        .or_else(|| integer(inputs.answers, "expected_records").map(|r| r.max(0) as u64))
        .filter(|r| *r > 0);
    let per_user_year = users.map(|u| whole(total as f64 / (u as f64 * f64::from(years))));
    let per_thousand_records = records.map(|r| whole(total as f64 / (r as f64 / 1000.0)));
    let sensitivity = sensitivity(&lines, total);
    OptionCost {
        option,
        ruled_out: Vec::new(),
        lines,
        years: by_year,
        total,
        per_user_year,
        per_thousand_records,
        sensitivity,
        over_budget: None,
        uncovered: Vec::new(),
    }
}

/// The `budget_covers` item each line is paid from.
fn budget_item(line: &str) -> &'static str {
    match line {
        "staff_admin" | "staff_it" => "staff",
        "vendor" => "vendor_support",
        "saas_fee" => "saas_fee",
        "training" => "training",
        _ => "hosting",
    }
}

/// The lines with a cost whose budget item the plan's `budget_covers` does not tick.
fn uncovered(lines: &[Line], answers: &Answers) -> Vec<&'static str> {
    let Some(Answer::Choices(covered)) = answers.get("budget_covers") else {
        return Vec::new();
    };
    lines
        .iter()
        .filter(|l| l.total > 0 && !covered.iter().any(|c| c == budget_item(l.id)))
        .map(|l| l.id)
        .collect()
}

/// The total with each of the two largest lines [`SENSITIVITY_SHARE`] lower and higher.
pub fn sensitivity(lines: &[Line], total: i64) -> Vec<Sensitivity> {
    let mut largest: Vec<&Line> = lines.iter().filter(|l| l.total > 0).collect();
    largest.sort_by(|a, b| b.total.cmp(&a.total).then(a.id.cmp(b.id)));
    largest
        .into_iter()
        .take(2)
        .map(|l| {
            let change = whole(l.total as f64 * SENSITIVITY_SHARE);
            Sensitivity {
                line: l.id,
                low: total - change,
                high: total + change,
            }
        })
        .collect()
}

/// The first costliest year, when it is above the budget.
/// The recurring lines' amounts, year by year: what the ongoing budget
/// (`budget_ongoing_usd`) pays for. One-off costs come from capital funds.
fn running_years(lines: &[Line], years: u32) -> Vec<i64> {
    (0..years as usize)
        .map(|y| {
            lines
                .iter()
                .filter(|l| l.kind == Kind::Recurring)
                .filter_map(|l| l.years.get(y))
                .sum()
        })
        .collect()
}

/// The costliest year of running costs when it is above the yearly budget.
fn over_budget(years: &[i64], budget: Option<i64>) -> Option<OverBudget> {
    let budget = budget?;
    let (index, cost) = years
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0)))?;
    (*cost > budget).then(|| OverBudget {
        year: index as u32 + 1,
        cost: *cost,
        budget,
    })
}

#[cfg(test)]
mod tests;
