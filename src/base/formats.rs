//! Shapes of values people type: e-mail addresses, host names, dates, numbers.

use crate::base::diag::{Diagnostic, args};
use crate::base::key;
use crate::base::strings::{Strings, fill, get};
use chrono::{Datelike, NaiveDate};

/// Checks a host name such as `cpims.example.gov`; says what is wrong when it is not one.
pub fn check_domain(name: &str) -> Result<(), Diagnostic> {
    if name.is_empty() {
        return Err(refused(key::common::domain::EMPTY, &[]));
    }
    if name.len() > 253 {
        return Err(refused(
            key::common::domain::TOO_LONG,
            &[("count", &name.len().to_string())],
        ));
    }
    if name.ends_with('.') {
        return Err(refused(key::common::domain::TRAILING_DOT, &[]));
    }
    let labels: Vec<&str> = name.split('.').collect();
    if labels.len() < 2 {
        return Err(refused(key::common::domain::ONE_PART, &[]));
    }
    for label in &labels {
        check_label(label)?;
    }
    let tld = labels[labels.len() - 1];
    if tld.chars().all(|c| c.is_ascii_digit()) {
        return Err(refused(key::common::domain::IP_ADDRESS, &[]));
    }
    Ok(())
}

fn check_label(label: &str) -> Result<(), Diagnostic> {
    if label.is_empty() {
        return Err(refused(key::common::domain::EMPTY_PART, &[]));
    }
    if label.chars().count() > 63 {
        return Err(refused(key::common::domain::LONG_PART, &[("part", label)]));
    }
    if label.starts_with('-') || label.ends_with('-') {
        return Err(refused(key::common::domain::HYPHEN, &[("part", label)]));
    }
    if let Some(c) = label.chars().find(|c| !(c.is_alphanumeric() || *c == '-')) {
        let char = c.to_string();
        return Err(match c {
            '*' => refused(key::common::domain::WILDCARD, &[("part", label)]),
            ' ' => refused(key::common::domain::SPACE, &[("part", label)]),
            _ => refused(
                key::common::domain::CHARACTER,
                &[("part", label), ("char", &char)],
            ),
        });
    }
    Ok(())
}

/// Checks an e-mail address such as `ops@example.org`.
pub fn check_email(address: &str) -> Result<(), Diagnostic> {
    let Some((local, domain)) = address.rsplit_once('@') else {
        return Err(refused(key::common::email::NO_AT, &[]));
    };
    if local.is_empty() {
        return Err(refused(key::common::email::NO_LOCAL, &[]));
    }
    if local.len() > 64 {
        return Err(refused(key::common::email::LONG_LOCAL, &[]));
    }
    let allowed = |c: char| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c);
    if let Some(c) = local.chars().find(|c| !allowed(*c)) {
        return Err(refused(
            key::common::email::CHARACTER,
            &[("char", &c.to_string())],
        ));
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Err(refused(key::common::email::DOTS, &[]));
    }
    check_domain(domain)
        .map_err(|e| refused(key::common::email::DOMAIN, &[("reason", &e.message())]))
}

/// Why a typed value is not of its shape, worded by catalogue text `key`.
fn refused(key: &'static str, values: &[(&'static str, &str)]) -> Diagnostic {
    Diagnostic::error(key, args(values))
}

/// Reads a date written `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    if t.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d").ok()
}

/// A count for people, 150,000; counts past what `i64` holds are shown at its limit.
pub fn group_count(n: u64) -> String {
    group_thousands(n.min(i64::MAX as u64) as i64)
}

/// A whole number with thousands separators, as the language in use writes it: 150,000
/// in English, 150 000 in French.
pub fn group_thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mark = get(key::common::number::GROUP);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(mark);
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// A decimal written for people: no trailing zeros, thousands grouped.
pub fn human_decimal(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        return group_thousands(x as i64);
    }
    let text = format!("{x:.4}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    let whole = int
        .parse::<i64>()
        .map(group_thousands)
        .unwrap_or_else(|_| int.to_string());
    let whole = if x < 0.0 && !whole.starts_with('-') {
        format!("-{whole}")
    } else {
        whole
    };
    if frac.is_empty() {
        whole
    } else {
        format!("{whole}{}{frac}", get(key::common::number::DECIMAL))
    }
}

/// A date written for people: 12 March 2027.
pub fn human_date(d: NaiveDate) -> String {
    let month = Strings::builtin().keyed(key::common::month::PREFIX, month_id(d));
    fill(
        key::common::date::LONG,
        &[
            ("day", &d.day().to_string()),
            ("month", &month),
            ("year", &d.year().to_string()),
        ],
    )
}

/// A month written short, for the scale of a chart: Mar 2027.
pub fn month_and_year(d: NaiveDate) -> String {
    fill(
        key::common::date::SHORT,
        &[("month", &month_short(d)), ("year", &d.year().to_string())],
    )
}

/// A date's month, short: Mar.
pub fn month_short(d: NaiveDate) -> String {
    Strings::builtin().keyed(key::common::month_short::PREFIX, month_id(d))
}

/// The catalogue's id of a date's month.
fn month_id(d: NaiveDate) -> &'static str {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    MONTHS[d.month0() as usize % 12]
}

/// Reads a whole number typed by a person: `150000`, `150,000`, `150 000`, `150_000`.
pub fn parse_integer(text: &str) -> Option<i64> {
    let t = text.trim();
    let (sign, digits) = match t.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, t.strip_prefix('+').unwrap_or(t)),
    };
    let cleaned = strip_group_separators(digits)?;
    if cleaned.is_empty() || !cleaned.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    cleaned.parse::<i64>().ok().map(|n| n * sign)
}

/// Reads a decimal typed by a person: `4`, `4.5`, `4,5`, `1,500.25`, `12 %`.
pub fn parse_decimal(text: &str) -> Option<f64> {
    let t = text.trim().trim_end_matches('%').trim();
    let (sign, body) = match t.strip_prefix('-') {
        Some(rest) => (-1.0, rest),
        None => (1.0, t.strip_prefix('+').unwrap_or(t)),
    };
    let body: String = body
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '\u{a0}' | '\u{202f}'))
        .collect();
    let normal = if body.contains('.') {
        body.replace(',', "")
    } else if let Some(grouped) = strip_group_separators(&body) {
        grouped
    } else {
        // A single comma not followed by three digits is a decimal comma: 4,5.
        body.replacen(',', ".", 1)
    };
    let ok = !normal.is_empty()
        && normal.chars().all(|c| c.is_ascii_digit() || c == '.')
        && normal.matches('.').count() <= 1
        && normal.chars().any(|c| c.is_ascii_digit());
    if !ok {
        return None;
    }
    normal
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .map(|x| x * sign)
}

/// Removes thousands separators (`,`, space, `_`) when the groups after the first are
/// exactly three digits; `None` when separators are used any other way.
fn strip_group_separators(text: &str) -> Option<String> {
    let groups: Vec<&str> = text.split([',', ' ', '_', '\u{a0}', '\u{202f}']).collect();
    if groups.len() == 1 {
        return Some(text.to_string());
    }
    let first_ok = (1..=3).contains(&groups[0].len());
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
    (first_ok && rest_ok).then(|| groups.concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_language_and_read_back() {
        use crate::base::lang::Lang;
        use crate::base::strings::use_language;
        use_language(Lang::Fr);
        let (grouped, decimal) = (group_thousands(150_000), human_decimal(1500.25));
        use_language(Lang::En);
        assert_eq!(grouped, "150\u{a0}000");
        assert_eq!(decimal, "1\u{a0}500,25");
        assert_eq!(parse_integer(&grouped), Some(150_000));
        assert_eq!(parse_decimal(&decimal), Some(1500.25));
        assert_eq!(group_thousands(150_000), "150,000");
    }

    #[test]
    fn domains() {
        assert!(check_domain("cpims.mosw.gov.kl").is_ok());
        assert!(check_domain("bücher.example.org").is_ok());
        assert!(
            check_domain("localhost")
                .unwrap_err()
                .message()
                .contains("two parts")
        );
        assert!(
            check_domain("*.example.org")
                .unwrap_err()
                .message()
                .contains("wildcard")
        );
        assert!(
            check_domain("a..b")
                .unwrap_err()
                .message()
                .contains("two dots")
        );
        assert!(
            check_domain("-a.org")
                .unwrap_err()
                .message()
                .contains("hyphen")
        );
        assert!(
            check_domain("10.0.0.1")
                .unwrap_err()
                .message()
                .contains("IP address")
        );
        assert!(
            check_domain("my host.org")
                .unwrap_err()
                .message()
                .contains("space")
        );
    }

    #[test]
    fn emails() {
        assert!(check_email("ops@example.org").is_ok());
        assert!(check_email("amélie.durán@ministère.example").is_ok());
        assert!(
            check_email("ops.example.org")
                .unwrap_err()
                .message()
                .contains("no `@`")
        );
        assert!(
            check_email("@example.org")
                .unwrap_err()
                .message()
                .contains("before")
        );
        assert!(
            check_email("ops@localhost")
                .unwrap_err()
                .message()
                .contains("after the `@`")
        );
        assert!(
            check_email("o ps@example.org")
                .unwrap_err()
                .message()
                .contains("character")
        );
    }

    #[test]
    fn numbers_typed_by_people() {
        assert_eq!(parse_integer("150,000"), Some(150_000));
        assert_eq!(parse_integer("150 000"), Some(150_000));
        assert_eq!(parse_integer("1_500_000"), Some(1_500_000));
        assert_eq!(parse_integer("15,00"), None);
        assert_eq!(parse_integer("1.5"), None);
        assert_eq!(parse_integer("99999999999999999999"), None);
        assert_eq!(parse_decimal("4,5"), Some(4.5));
        assert_eq!(parse_decimal("1,500.25"), Some(1500.25));
        assert_eq!(parse_decimal("12 %"), Some(12.0));
        assert_eq!(parse_decimal("nan"), None);
        assert_eq!(parse_decimal("1e400"), None);
    }

    #[test]
    fn numbers_and_dates_for_people() {
        assert_eq!(group_thousands(150_000), "150,000");
        assert_eq!(group_thousands(-1_234_567), "-1,234,567");
        assert_eq!(human_decimal(4.0), "4");
        assert_eq!(human_decimal(1500.25), "1,500.25");
        assert_eq!(human_decimal(99.9), "99.9");
        let d = parse_date("2027-03-12").unwrap();
        assert_eq!(human_date(d), "12 March 2027");
        assert_eq!(month_and_year(d), "Mar 2027");
        assert_eq!(
            human_date(parse_date("2026-12-01").unwrap()),
            "1 December 2026"
        );
        assert_eq!(parse_date("2027-02-30"), None);
        assert_eq!(parse_date("12/03/2027"), None);
    }
}
