//! What YAML 1.1 makes of a value written plain, without quotes: the question a
//! configuration value is checked against before it is pasted into Primero's templates,
//! so it sits in the core with the answer checks that ask it.

/// What YAML 1.1 makes of `text` written plain: `boolean`, `null`, `number`, or `None` for text.
///
/// The booleans are YAML 1.1's full list in any case, a little wider than PyYAML's
/// (which leaves out `y` and `n`), so a value that any reader might turn into a boolean is
/// caught.
pub fn plain_type(text: &str) -> Option<&'static str> {
    const BOOLEANS: &[&str] = &["yes", "no", "on", "off", "y", "n", "true", "false"];
    let lower = text.to_ascii_lowercase();
    if BOOLEANS.contains(&lower.as_str()) {
        Some("boolean")
    } else if lower.is_empty() || lower == "~" || lower == "null" {
        Some("null")
    } else if is_number(text) {
        Some("number")
    } else {
        None
    }
}

/// Whether YAML 1.1 or 1.2 reads plain `text` as an integer or a float: decimals (1.1
/// allows `_` between digits), `0x`, `0o` and `0b` forms, a leading `0` (octal in 1.1),
/// exponents, `.inf` and `.nan`, and 1.1's base-60 numbers such as `12:30` (750).
fn is_number(text: &str) -> bool {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let lower = unsigned.to_ascii_lowercase();
    if lower == ".inf" || lower == ".nan" {
        return true;
    }
    let radix = [("0x", 16), ("0o", 8), ("0b", 2)]
        .into_iter()
        .find_map(|(prefix, radix)| lower.strip_prefix(prefix).map(|rest| (rest, radix)));
    if let Some((digits, radix)) = radix {
        return digits_in(digits, radix);
    }
    if lower.contains(':') {
        return base_60(&lower);
    }
    decimal(&lower)
}

/// At least one digit of `radix`, with `_` allowed after the first.
fn digits_in(text: &str, radix: u32) -> bool {
    text.chars().next().is_some_and(|c| c.is_digit(radix))
        && text.chars().all(|c| c == '_' || c.is_digit(radix))
}

/// `190:20:30` or `1:30.5`: YAML 1.1 reads it in base 60.
fn base_60(text: &str) -> bool {
    let mut parts = text.split(':');
    let first = parts.next().unwrap_or_default();
    let rest: Vec<&str> = parts.collect();
    let Some((last, middle)) = rest.split_last() else {
        return false;
    };
    let sixty = |p: &str| {
        (1..=2).contains(&p.len())
            && p.chars().all(|c| c.is_ascii_digit())
            && p.parse::<u8>().is_ok_and(|n| n < 60)
    };
    let (whole, fraction) = last.split_once('.').unwrap_or((last, "0"));
    digits_in(first, 10)
        && middle.iter().all(|p| sixty(p))
        && sixty(whole)
        && fraction.chars().all(|c| c == '_' || c.is_ascii_digit())
}

/// `1_000`, `3.14`, `.5`, `5.`, `1e3`: digits, `_`, one point and an exponent. Words Rust
/// would also parse as floats (`inf`, `nan`) are text in YAML.
fn decimal(text: &str) -> bool {
    let starts = text
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || c == '.');
    let allowed = text
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '_' | '.' | 'e' | '+' | '-'));
    starts && allowed && text.replace('_', "").parse::<f64>().is_ok()
}
