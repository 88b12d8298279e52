//! The rules one answer's value must follow to survive Primero's deployment tooling: the
//! shape of each kind of value, and the characters that break YAML or env files.
//!
//! Primero pastes these values unquoted into YAML settings templates at start-up and
//! Docker reads env files without quotes, so a value that looks harmless in a form can be
//! dropped, cut short or read as another type there. These checks live in the core so
//! the question refuses such a value when it is given (a question names its check with
//! `value_check`), and the configuration export runs the very same functions.

use crate::base::diag::{Diagnostic, Severity, args};
use crate::base::formats;
use crate::base::idna;
use crate::base::key;
use crate::base::strings::Strings;
use crate::base::yaml_plain;

/// What kind of value a setting holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Primero's own web address: a host name, and not under primero.org.
    PrimeroHost,
    Host,
    /// A host name, or an IP address where a machine may have no name (a bastion).
    HostOrAddress,
    Email,
    Port,
    SmtpAuth,
    /// `true` or `false`, as text.
    Switch,
    Release,
    Locales,
    LinuxUser,
    Bucket,
    AzureAccount,
    Region,
    Endpoint,
    /// A whole number of days.
    Days,
    /// A count of processes or threads: a whole number from 1.
    Count,
    /// Any text that must survive YAML and env files.
    Text,
    /// Cost figures the plan overrides: `id = amount` pairs.
    Prices,
    /// An ISO 4217 currency code.
    Currency,
}

impl Shape {
    /// Every shape with its name in a questionnaire's `value_check`.
    pub const NAMED: [(&'static str, Shape); 19] = [
        ("primero_host", Shape::PrimeroHost),
        ("host", Shape::Host),
        ("host_or_address", Shape::HostOrAddress),
        ("email", Shape::Email),
        ("port", Shape::Port),
        ("smtp_auth", Shape::SmtpAuth),
        ("switch", Shape::Switch),
        ("release", Shape::Release),
        ("locales", Shape::Locales),
        ("linux_user", Shape::LinuxUser),
        ("bucket", Shape::Bucket),
        ("azure_account", Shape::AzureAccount),
        ("region", Shape::Region),
        ("endpoint", Shape::Endpoint),
        ("days", Shape::Days),
        ("count", Shape::Count),
        ("text", Shape::Text),
        ("prices", Shape::Prices),
        ("currency", Shape::Currency),
    ];

    /// A value of this shape that passes its check, for templates and generated plans.
    pub fn example(self) -> &'static str {
        match self {
            Shape::PrimeroHost | Shape::Host | Shape::HostOrAddress => "site.example.org",
            Shape::Email => "team@example.org",
            Shape::Port => "587",
            Shape::SmtpAuth => "login",
            Shape::Switch => "true",
            Shape::Release => "v2.15.2",
            Shape::Locales => "en,fr",
            Shape::LinuxUser => "ubuntu",
            Shape::Bucket => "primero-files",
            Shape::AzureAccount => "primerofiles",
            Shape::Region => "eu-west-1",
            Shape::Endpoint => "https://files.example.org",
            Shape::Days => "30",
            Shape::Count => "2",
            Shape::Text => "text",
            Shape::Prices => "vm_vcpu_month = 20",
            Shape::Currency => "EUR",
        }
    }

    pub fn from_name(name: &str) -> Option<Shape> {
        Shape::NAMED
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, shape)| *shape)
    }
}

/// The first error with `value` as a `shape`, as the message `hostplan check` gives;
/// warnings do not refuse an answer.
pub fn first_error(shape: Shape, value: &str, s: &Strings) -> Option<Diagnostic> {
    check_value(shape, value, s)
        .into_iter()
        .find(|f| f.severity == Severity::Error)
}

/// Pairs of answers that must differ: two services cannot share one host name, since each
/// needs its own web server entry and certificate.
const DISTINCT: [(&str, &str); 1] = [("openfn_host", "primero_host")];

/// Whether question `id`'s answer must differ from another answer.
pub fn has_clash_check(id: &str) -> bool {
    DISTINCT.iter().any(|(a, b)| *a == id || *b == id)
}

/// The error when `value`, the answer to question `id`, repeats an answer it must differ
/// from; `other` gives another question's answer as text, if it has one.
pub fn clash(id: &str, value: &str, other: impl Fn(&str) -> Option<String>) -> Option<Diagnostic> {
    let partner = DISTINCT.iter().find_map(|(a, b)| match id {
        _ if id == *a => Some(*b),
        _ if id == *b => Some(*a),
        _ => None,
    })?;
    let same = other(partner).is_some_and(|o| o.trim().eq_ignore_ascii_case(value.trim()));
    same.then(|| {
        Diagnostic::error(
            key::value::check::SAME_HOST,
            args(&[("host", value.trim())]),
        )
        .help_at(key::value::check_help::SAME_HOST)
    })
}

/// How a value is named in a message. Secrets are named, never shown.
#[derive(Clone, Copy, Debug)]
pub enum Shown<'a> {
    Value(&'a str),
    Secret(&'a str),
}

impl Shown<'_> {
    fn words(self, s: &Strings) -> String {
        match self {
            Shown::Value(v) => format!("`{v}`"),
            Shown::Secret(name) => s.fill(key::value::safe::SECRET_NAMED, &[("name", name)]),
        }
    }
}

/// Every problem with `value` as a `shape`; empty when it is fine.
pub fn check_value(shape: Shape, value: &str, s: &Strings) -> Vec<Diagnostic> {
    let shown = Shown::Value(value);
    match shape {
        Shape::PrimeroHost | Shape::Host => check_host(shape, value, s).into_iter().collect(),
        Shape::HostOrAddress if value.parse::<std::net::IpAddr>().is_ok() => Vec::new(),
        Shape::HostOrAddress => check_host(Shape::Host, value, s).into_iter().collect(),
        Shape::Email => check_email(value, s),
        Shape::Port => check_port(value).into_iter().collect(),
        Shape::SmtpAuth => one_of(
            value,
            &["plain", "login", "cram_md5"],
            key::value::check::AUTH,
        ),
        Shape::Switch => one_of(value, &["true", "false"], key::value::check::SWITCH),
        Shape::Days => check_days(value).into_iter().collect(),
        Shape::Count => check_count(value).into_iter().collect(),
        Shape::Prices => check_prices(value).into_iter().collect(),
        Shape::Currency => check_currency(value).into_iter().collect(),
        _ => match check_safe(shown, value, false, s) {
            Some(f) => vec![f],
            None => check_text_shape(shape, value).into_iter().collect(),
        },
    }
}

/// Why `value` would not survive Primero's YAML templates or a Docker env file, if it
/// would not. `switch` lets through `true` and `false`, which some settings expect.
pub fn check_safe(shown: Shown, value: &str, switch: bool, s: &Strings) -> Option<Diagnostic> {
    let what = shown.words(s);
    let help = match shown {
        Shown::Value(_) => key::value::check_help::SAFE,
        Shown::Secret(_) => key::value::check_help::SAFE_SECRET,
    };
    let fill = |key: &'static str, extra: &[(&'static str, &str)]| {
        let mut all = vec![("what", what.as_str())];
        all.extend_from_slice(extra);
        Some(Diagnostic::error(key, args(&all)).help_at(help))
    };
    if value.chars().any(char::is_control) {
        return fill(key::value::safe::CONTROL, &[]);
    }
    if let Some(open) = ["{{", "{%", "{#"].into_iter().find(|o| value.contains(o)) {
        return fill(key::value::safe::TEMPLATE, &[("open", open)]);
    }
    if value.contains(": ") {
        return fill(key::value::safe::COLON_SPACE, &[]);
    }
    if value.contains(" #") {
        return fill(key::value::safe::SPACE_HASH, &[]);
    }
    if value.chars().any(char::is_whitespace) {
        return fill(key::value::safe::SPACE, &[]);
    }
    if value.contains(['\'', '"']) {
        return fill(key::value::safe::QUOTE, &[]);
    }
    if value.contains('\\') {
        return fill(key::value::safe::BACKSLASH, &[]);
    }
    if value.starts_with('$') {
        return fill(key::value::safe::DOLLAR_START, &[]);
    }
    if value.contains('$') {
        return fill(key::value::safe::DOLLAR, &[]);
    }
    if let Some((c, meaning)) = leading_indicator(value) {
        let c = c.to_string();
        return fill(
            key::value::safe::INDICATOR,
            &[("char", &c), ("meaning", s.get(meaning))],
        );
    }
    // Words YAML 1.1 (Ruby's and Ansible's parsers) reads as true, false or empty.
    let meaning = match yaml_plain::plain_type(value) {
        Some("boolean") if switch && (value == "true" || value == "false") => return None,
        Some("boolean") => key::value::meaning::BOOLEAN,
        Some("null") if !value.is_empty() => key::value::meaning::NULL,
        _ => return None,
    };
    fill(key::value::safe::WORD, &[("meaning", s.get(meaning))])
}

/// A first character YAML gives a meaning to, with the catalogue key of that meaning.
fn leading_indicator(value: &str) -> Option<(char, &'static str)> {
    let first = value.chars().next()?;
    let meaning = match first {
        '*' => key::value::meaning::ALIAS,
        '&' => key::value::meaning::ANCHOR,
        '!' => key::value::meaning::TAG,
        '%' => key::value::meaning::DIRECTIVE,
        '@' | '`' => key::value::meaning::RESERVED,
        '|' | '>' => key::value::meaning::BLOCK,
        '[' | ']' | '{' | '}' | ',' => key::value::meaning::FLOW,
        '#' => key::value::meaning::COMMENT,
        '-' | '?' | ':' if value.len() == 1 => key::value::meaning::MARKER,
        _ => return None,
    };
    Some((first, meaning))
}

fn one_of(value: &str, allowed: &[&str], key: &'static str) -> Vec<Diagnostic> {
    if allowed.contains(&value) {
        return Vec::new();
    }
    let list = allowed.join(", ");
    let pairs = [("value", value), ("allowed", list.as_str())];
    vec![Diagnostic::error(key, args(&pairs)).help_at(key::value::check_help::ONE_OF)]
}

fn check_host(shape: Shape, value: &str, s: &Strings) -> Option<Diagnostic> {
    let v = &[("value", value)];
    if value.contains('*') {
        return Some(
            Diagnostic::error(key::value::check::HOST_WILDCARD, args(v))
                .help_at(key::value::check_help::HOST),
        );
    }
    let invalid = |reason: &str| {
        Some(
            Diagnostic::error(
                key::value::check::HOST_INVALID,
                args(&[("value", value), ("reason", reason)]),
            )
            .help_at(key::value::check_help::HOST),
        )
    };
    if let Err(reason) = formats::check_domain(value) {
        return invalid(&s.message(&reason));
    }
    if value.chars().any(|c| ('\u{300}'..='\u{36f}').contains(&c)) {
        return invalid(s.get(key::value::check::HOST_COMBINING));
    }
    let Some(ascii) = idna::host_to_ascii(value) else {
        return invalid(s.get(key::value::check::HOST_UNENCODABLE));
    };
    if ascii.len() > 253 || ascii.split('.').any(|l| l.len() > 63) {
        return invalid(s.get(key::value::check::HOST_TOO_LONG));
    }
    let primero_org = ascii == "primero.org" || ascii.ends_with(".primero.org");
    (shape == Shape::PrimeroHost && primero_org).then(|| {
        Diagnostic::error(key::value::check::HOST_PRIMERO_ORG, args(v))
            .help_at(key::value::check_help::HOST_PRIMERO_ORG)
    })
}

fn check_email(value: &str, s: &Strings) -> Vec<Diagnostic> {
    if let Some((_, domain)) = value.rsplit_once('@')
        && domain.contains('*')
    {
        return check_host(Shape::Host, domain, s).into_iter().collect();
    }
    if let Err(reason) = formats::check_email(value) {
        return vec![
            Diagnostic::error(
                key::value::check::EMAIL_INVALID,
                args(&[("value", value), ("reason", &s.message(&reason))]),
            )
            .help_at(key::value::check_help::EMAIL),
        ];
    }
    let (local, domain) = value.rsplit_once('@').unwrap_or((value, ""));
    if let Some(f) = check_host(Shape::Host, domain, s) {
        return vec![f];
    }
    if let Some(f) = check_safe(Shown::Value(value), value, false, s) {
        return vec![f];
    }
    if local.is_ascii() {
        return Vec::new();
    }
    vec![Diagnostic::warning(
        key::value::check::EMAIL_UNICODE,
        args(&[("value", value)]),
    )]
}

fn check_port(value: &str) -> Option<Diagnostic> {
    let port = value
        .parse::<u32>()
        .ok()
        .filter(|p| (1..=65535).contains(p));
    let v = &[("value", value)];
    let warn = |key: &'static str| {
        Some(Diagnostic::warning(key, args(v)).help_at(key::value::check_help::PORT))
    };
    match port {
        None => Some(
            Diagnostic::error(key::value::check::PORT_RANGE, args(v))
                .help_at(key::value::check_help::PORT),
        ),
        Some(587) => None,
        Some(465) => warn(key::value::check::PORT_465),
        Some(25) => warn(key::value::check::PORT_25),
        Some(_) => warn(key::value::check::PORT_OTHER),
    }
}

fn check_days(value: &str) -> Option<Diagnostic> {
    let ok = value.parse::<u32>().is_ok_and(|d| d <= 3650);
    (!ok).then(|| {
        Diagnostic::error(key::value::check::DAYS, args(&[("value", value)]))
            .help_at(key::value::check_help::DAYS)
    })
}

/// Prices are read by the cost model, never pasted into configuration, so only their form
/// matters; an id no figure has is reported with the comparison.
fn check_prices(value: &str) -> Option<Diagnostic> {
    let (item, amount_only) = parse_prices(value).err()?;
    let key = if amount_only {
        key::value::check::PRICE_AMOUNT
    } else {
        key::value::check::PRICE_ITEM
    };
    Some(Diagnostic::error(key, args(&[("item", &item)])).help_at(key::value::check_help::PRICES))
}

/// The largest price a plan may give; larger ones are typing mistakes.
const PRICE_MAX: f64 = 1e9;

/// The overrides in a plan's answer: `id = amount`, one a line or separated by `;`. Ids
/// are snake_case and amounts numbers from 0 up; `Err` holds the first item that is not
/// such a pair and whether only its amount is wrong.
pub fn parse_prices(text: &str) -> Result<Vec<(String, f64)>, (String, bool)> {
    let mut out = Vec::new();
    for item in text.split([';', '\n']).map(str::trim).filter(|i| !i.is_empty()) {
        let Some((id, amount)) = item.split_once('=') else {
            return Err((item.to_string(), false));
        };
        let (id, amount) = (id.trim(), amount.trim());
        if !crate::base::tomlread::is_snake_case(id) {
            return Err((item.to_string(), false));
        }
        match amount.replace('_', "").parse::<f64>() {
            Ok(x) if x.is_finite() && (0.0..=PRICE_MAX).contains(&x) => {
                out.push((id.to_string(), x))
            }
            _ => return Err((item.to_string(), true)),
        }
    }
    Ok(out)
}

fn check_currency(value: &str) -> Option<Diagnostic> {
    let v = value.trim();
    let ok = v.len() == 3 && v.chars().all(|c| c.is_ascii_uppercase());
    (!ok).then(|| {
        Diagnostic::error(key::value::check::CURRENCY, args(&[("value", value)]))
            .help_at(key::value::check_help::CURRENCY)
    })
}

fn check_count(value: &str) -> Option<Diagnostic> {
    let ok = value.parse::<u32>().is_ok_and(|n| (1..=1000).contains(&n));
    (!ok).then(|| {
        Diagnostic::error(key::value::check::COUNT, args(&[("value", value)]))
            .help_at(key::value::check_help::COUNT)
    })
}

/// Shapes of free text, once the text is known to be safe.
fn check_text_shape(shape: Shape, value: &str) -> Option<Diagnostic> {
    let v = &[("value", value)];
    let error =
        |key: &'static str, help: &'static str| Some(Diagnostic::error(key, args(v)).help_at(help));
    match shape {
        Shape::Release if value.eq_ignore_ascii_case("latest") => error(
            key::value::check::RELEASE_LATEST,
            key::value::check_help::RELEASE,
        ),
        Shape::Release if !is_release(value) => error(
            key::value::check::RELEASE_FORM,
            key::value::check_help::RELEASE,
        ),
        Shape::Locales => check_locales(value),
        Shape::LinuxUser if value == "root" => {
            error(key::value::check::USER_ROOT, key::value::check_help::USER)
        }
        Shape::LinuxUser if !is_linux_user(value) => {
            error(key::value::check::USER_FORM, key::value::check_help::USER)
        }
        Shape::Bucket if !is_bucket(value) => error(
            key::value::check::BUCKET_FORM,
            key::value::check_help::STORAGE_NAME,
        ),
        Shape::AzureAccount if !is_azure_account(value) => error(
            key::value::check::ACCOUNT_FORM,
            key::value::check_help::STORAGE_NAME,
        ),
        Shape::Region if !is_region(value) => error(
            key::value::check::REGION_FORM,
            key::value::check_help::STORAGE_NAME,
        ),
        Shape::Endpoint => check_endpoint(value),
        _ => None,
    }
}

/// `v2.15.2`, `v2.16.0-rc2`: Primero's release tags.
fn is_release(value: &str) -> bool {
    let Some(rest) = value.strip_prefix('v') else {
        return false;
    };
    let (numbers, suffix) = match rest.split_once('-') {
        Some((n, s)) => (n, Some(s)),
        None => (rest, None),
    };
    let parts: Vec<&str> = numbers.split('.').collect();
    let numeric = |p: &&str| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit());
    let suffix_ok = suffix
        .is_none_or(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '.'));
    (2..=4).contains(&parts.len()) && parts.iter().all(numeric) && suffix_ok
}

fn check_locales(value: &str) -> Option<Diagnostic> {
    let items: Vec<&str> = value.split(',').collect();
    let error = |key: &'static str, pairs: &[(&'static str, &str)]| {
        Some(Diagnostic::error(key, args(pairs)).help_at(key::value::check_help::LOCALES))
    };
    if items.iter().any(|i| i.is_empty()) {
        return error(key::value::check::LOCALES_EMPTY, &[("value", value)]);
    }
    for (n, item) in items.iter().enumerate() {
        let pairs = [("value", value), ("item", *item)];
        if !is_locale(item) {
            return error(key::value::check::LOCALE_FORM, &pairs);
        }
        if items[..n].contains(item) {
            return error(key::value::check::LOCALE_TWICE, &pairs);
        }
    }
    None
}

/// `en`, `fr`, `ar-LB`, `zh-Hans`.
fn is_locale(code: &str) -> bool {
    let mut parts = code.split('-');
    let language = parts.next().unwrap_or("");
    let language_ok =
        (2..=3).contains(&language.len()) && language.chars().all(|c| c.is_ascii_lowercase());
    language_ok
        && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

fn is_linux_user(name: &str) -> bool {
    let mut chars = name.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_');
    first_ok
        && name.len() <= 32
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

/// An S3, MinIO or Azure container name: 3 to 63 lower-case letters, digits, dots and
/// hyphens, starting and ending with a letter or digit.
fn is_bucket(name: &str) -> bool {
    let edge = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    (3..=63).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
        && edge(name.chars().next())
        && edge(name.chars().last())
        && !name.contains("..")
}

fn is_azure_account(name: &str) -> bool {
    (3..=24).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
}

fn is_region(name: &str) -> bool {
    (2..=40).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn check_endpoint(value: &str) -> Option<Diagnostic> {
    let v = &[("value", value)];
    let (secure, rest) = match (
        value.strip_prefix("https://"),
        value.strip_prefix("http://"),
    ) {
        (Some(rest), _) => (true, rest),
        (None, Some(rest)) => (false, rest),
        _ => {
            return Some(
                Diagnostic::error(key::value::check::ENDPOINT_FORM, args(v))
                    .help_at(key::value::check_help::ENDPOINT),
            );
        }
    };
    let host = rest.split(['/', ':']).next().unwrap_or("");
    let host_ok = formats::check_domain(host).is_ok() || host.parse::<std::net::Ipv4Addr>().is_ok();
    if !host_ok {
        return Some(
            Diagnostic::error(key::value::check::ENDPOINT_FORM, args(v))
                .help_at(key::value::check_help::ENDPOINT),
        );
    }
    (!secure).then(|| Diagnostic::warning(key::value::check::ENDPOINT_HTTP, args(v)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s() -> &'static Strings {
        Strings::builtin()
    }

    #[test]
    fn every_named_shape_has_an_example_that_passes() {
        for (name, shape) in Shape::NAMED {
            assert_eq!(Shape::from_name(name), Some(shape));
            assert_eq!(check_value(shape, shape.example(), s()), [], "{name}");
        }
    }

    #[test]
    fn releases() {
        for good in ["v2.15.2", "v2.16.0-rc2", "v2.11", "v2.15.2.1"] {
            assert!(is_release(good), "{good}");
        }
        for bad in ["2.15.2", "v2", "vx.y", "v2.15.", "v2.15.2-", "main"] {
            assert!(!is_release(bad), "{bad}");
        }
    }

    #[test]
    fn safe_values_pass_and_switches_are_allowed_where_expected() {
        for good in ["ubuntu", "en,fr", "v2.15.2", "a-b_c.d", "-dash"] {
            assert_eq!(check_safe(Shown::Value(good), good, false, s()), None);
        }
        assert!(check_safe(Shown::Value("true"), "true", true, s()).is_none());
        assert!(check_safe(Shown::Value("True"), "True", true, s()).is_some());
        assert!(check_safe(Shown::Value("true"), "true", false, s()).is_some());
    }

    #[test]
    fn secrets_are_named_not_shown() {
        let f = check_safe(Shown::Secret("SMTP_PASSWORD"), "$hunter2", false, s()).unwrap();
        assert!(f.message().contains("SMTP_PASSWORD"), "{}", f.message());
        assert!(!f.message().contains("hunter2"), "{}", f.message());
    }

    #[test]
    fn ports() {
        assert!(check_port("587").is_none());
        for (port, severity) in [
            ("465", Severity::Warning),
            ("25", Severity::Warning),
            ("2525", Severity::Warning),
            ("0", Severity::Error),
            ("70000", Severity::Error),
            ("smtp", Severity::Error),
        ] {
            assert_eq!(check_port(port).unwrap().severity, severity, "{port}");
        }
    }
}
