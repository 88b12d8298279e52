//! Internationalised host names in the ASCII form DNS, certificates and Primero's files use
//! (`bücher.example` is `xn--bcher-kva.example`): Punycode, RFC 3492.

const BASE: u32 = 36;
const T_MIN: u32 = 1;
const T_MAX: u32 = 26;
const SKEW: u32 = 38;
const DAMP: u32 = 700;
const INITIAL_BIAS: u32 = 72;
const INITIAL_N: u32 = 128;

/// The ASCII form of a host name: labels lower-cased, and those with other characters
/// encoded as `xn--` labels. `None` when a label cannot be encoded.
pub fn host_to_ascii(host: &str) -> Option<String> {
    let labels: Option<Vec<String>> = host.split('.').map(label_to_ascii).collect();
    labels.map(|l| l.join("."))
}

/// The ASCII form of an e-mail address: the part after the `@` as a host name. The part
/// before it is kept as typed; only the receiving server reads it.
pub fn email_to_ascii(address: &str) -> Option<String> {
    let (local, domain) = address.rsplit_once('@')?;
    Some(format!("{local}@{}", host_to_ascii(domain)?))
}

fn label_to_ascii(label: &str) -> Option<String> {
    let lower = label.to_lowercase();
    if lower.is_ascii() {
        return Some(lower);
    }
    encode(&lower).map(|e| format!("xn--{e}"))
}

/// Punycode of one label, without the `xn--` prefix.
pub fn encode(input: &str) -> Option<String> {
    let chars: Vec<u32> = input.chars().map(|c| c as u32).collect();
    let mut out: String = input.chars().filter(char::is_ascii).collect();
    let basic = out.len() as u32;
    if basic > 0 {
        out.push('-');
    }
    let mut n = INITIAL_N;
    let mut delta: u32 = 0;
    let mut bias = INITIAL_BIAS;
    let mut handled = basic;
    while (handled as usize) < chars.len() {
        let m = chars.iter().copied().filter(|&c| c >= n).min()?;
        delta = delta.checked_add((m - n).checked_mul(handled + 1)?)?;
        n = m;
        for &c in &chars {
            if c < n {
                delta = delta.checked_add(1)?;
            }
            if c == n {
                push_number(&mut out, delta, bias);
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta = delta.checked_add(1)?;
        n = n.checked_add(1)?;
    }
    Some(out)
}

/// Writes `q` as a generalised variable-length integer.
fn push_number(out: &mut String, mut q: u32, bias: u32) {
    let mut k = BASE;
    loop {
        let t = threshold(k, bias);
        if q < t {
            out.push(digit(q));
            return;
        }
        out.push(digit(t + (q - t) % (BASE - t)));
        q = (q - t) / (BASE - t);
        k += BASE;
    }
}

fn threshold(k: u32, bias: u32) -> u32 {
    if k <= bias {
        T_MIN
    } else if k >= bias + T_MAX {
        T_MAX
    } else {
        k - bias
    }
}

fn digit(d: u32) -> char {
    let byte = if d < 26 {
        b'a' + d as u8
    } else {
        b'0' + (d - 26) as u8
    };
    byte as char
}

fn adapt(delta: u32, points: u32, first: bool) -> u32 {
    let mut delta = if first { delta / DAMP } else { delta / 2 };
    delta += delta / points;
    let mut k = 0;
    while delta > ((BASE - T_MIN) * T_MAX) / 2 {
        delta /= BASE - T_MIN;
        k += BASE;
    }
    k + (BASE - T_MIN + 1) * delta / (delta + SKEW)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_3492_samples() {
        // Samples from section 7.1 of the RFC, and well-known labels.
        assert_eq!(encode("bücher").unwrap(), "bcher-kva");
        assert_eq!(encode("münchen").unwrap(), "mnchen-3ya");
        assert_eq!(encode("ü").unwrap(), "tda");
        assert_eq!(
            encode("他们为什么不说中文").unwrap(),
            "ihqwcrb4cv8a8dqg056pqjye"
        );
        assert_eq!(
            encode("почемужеонинеговорятпорусски").unwrap(),
            "b1abfaaepdrnnbgefbadotcwatmq2g4l"
        );
        assert_eq!(
            encode("3年b組金八先生").unwrap(),
            "3b-ww4c5e180e575a65lsy2b"
        );
    }

    #[test]
    fn hosts_and_addresses() {
        assert_eq!(
            host_to_ascii("CPIMS.Bücher.example").unwrap(),
            "cpims.xn--bcher-kva.example"
        );
        assert_eq!(
            host_to_ascii("cpims.mosw.gov.kl").unwrap(),
            "cpims.mosw.gov.kl"
        );
        assert_eq!(
            email_to_ascii("Amélie@ministère.example").unwrap(),
            "Amélie@xn--ministre-60a.example"
        );
    }
}
