//! The site's certificate, its chain and its private key, read as nginx and browsers will
//! read them, and private keys in general (Lightning's worker key is one).
//!
//! Pure: PEM text and the time in, findings out. Certificates are parsed with
//! `x509-parser`. A private key is matched to its certificate by comparing the public
//! half the key file carries with the certificate's public key: RSA keys carry their
//! modulus and exponent, and EC keys their public point, in every format OpenSSL writes.

use x509_parser::asn1_rs::{Any, Class, FromDer, Tag};
use x509_parser::certificate::X509Certificate;
use x509_parser::extensions::GeneralName;
use x509_parser::oid_registry::{OID_KEY_TYPE_EC_PUBLIC_KEY, OID_PKCS1_RSAENCRYPTION};
use x509_parser::pem::Pem;
use x509_parser::public_key::PublicKey;

/// A certificate is refused when it ends within this many days: a renewal takes days to
/// arrange, and a site whose certificate lapses is unreachable.
pub const MIN_DAYS_LEFT: i64 = 30;

const DAY: i64 = 24 * 60 * 60;

/// The public half of a key pair, as far as it decides whether two keys match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PublicPart {
    /// Modulus and exponent, without leading zero bytes.
    Rsa { modulus: Vec<u8>, exponent: Vec<u8> },
    /// Any other kind of key, by its raw public key bytes (an EC point, for one).
    Raw(Vec<u8>),
    /// The key file does not carry its public half, so it cannot be compared.
    Unknown,
}

/// What is wrong with the certificate text. `line` is the line of the certificate's
/// `-----BEGIN` within the text, 1-based.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CertIssue {
    /// No PEM certificate at all, or PEM that cannot be decoded.
    NotPem,
    /// A PEM block of another kind, such as a private key pasted in the wrong place.
    OtherBlock {
        label: String,
        line: usize,
    },
    /// A block that decodes but is not an X.509 certificate.
    Unparsable {
        index: usize,
        line: usize,
    },
    SelfSigned,
    /// The site's certificate alone, without the intermediates that link it to a root.
    LeafOnly,
    /// Certificate `index` did not issue the one before it.
    ChainBreak {
        index: usize,
        line: usize,
    },
    Wildcard {
        name: String,
    },
    NotYetValid {
        index: usize,
        line: usize,
        from: i64,
    },
    Expired {
        index: usize,
        line: usize,
        until: i64,
    },
    Expiring {
        index: usize,
        line: usize,
        until: i64,
        days: i64,
    },
    /// The certificate does not name the host; these are the names it does give.
    WrongHost {
        names: Vec<String>,
    },
}

/// What is wrong with a private key's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyIssue {
    NotPem,
    /// Protected by a passphrase, which nothing can type when the service starts.
    Encrypted,
    /// A PEM block of another kind, such as a certificate.
    OtherBlock {
        label: String,
    },
    /// A private key block that does not decode as one.
    Unparsable,
    /// Not the key of this certificate.
    Mismatch,
    /// The key does not carry its public half; whether it matches cannot be told.
    CannotCompare,
}

/// Facts about one certificate of the chain, owned so the parsed DER need not be kept.
struct Facts {
    line: usize,
    subject: Vec<u8>,
    issuer: Vec<u8>,
    not_before: i64,
    not_after: i64,
    /// Names the certificate is valid for: its DNS names, or its common names when it has
    /// no alternative names at all (the fallback browsers once used).
    names: Vec<String>,
    public: PublicPart,
}

/// Every issue with a certificate chain for `host` at `now` (seconds since 1970), and the
/// public half of the site's certificate for matching its key.
pub fn check_chain(text: &str, host: &str, now: i64) -> (Vec<CertIssue>, Option<PublicPart>) {
    let blocks = match pem_blocks(text) {
        Some(b) if !b.is_empty() => b,
        _ => return (vec![CertIssue::NotPem], None),
    };
    let mut issues = Vec::new();
    let mut chain = Vec::new();
    for (index, (pem, line)) in blocks.iter().enumerate() {
        if pem.label != "CERTIFICATE" {
            let label = pem.label.clone();
            issues.push(CertIssue::OtherBlock { label, line: *line });
            continue;
        }
        match pem.parse_x509() {
            Ok(cert) => chain.push(facts(&cert, *line)),
            Err(_) => issues.push(CertIssue::Unparsable { index, line: *line }),
        }
    }
    if !issues.is_empty() || chain.is_empty() {
        return (issues, None);
    }
    issues.extend(chain_issues(&chain));
    issues.extend(
        chain
            .iter()
            .enumerate()
            .filter_map(|(i, c)| dates(i, c, now)),
    );
    issues.extend(name_issues(&chain[0], host));
    let leaf = chain.swap_remove(0).public;
    (issues, Some(leaf))
}

/// The PEM blocks of a text with the line each begins on; `None` when a block is broken.
fn pem_blocks(text: &str) -> Option<Vec<(Pem, usize)>> {
    let lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("-----BEGIN "))
        .map(|(n, _)| n + 1);
    let blocks: Result<Vec<Pem>, _> = Pem::iter_from_buffer(text.as_bytes()).collect();
    Some(blocks.ok()?.into_iter().zip(lines).collect())
}

fn facts(cert: &X509Certificate, line: usize) -> Facts {
    Facts {
        line,
        subject: cert.subject().as_raw().to_vec(),
        issuer: cert.issuer().as_raw().to_vec(),
        not_before: cert.validity().not_before.timestamp(),
        not_after: cert.validity().not_after.timestamp(),
        names: names(cert),
        public: cert_public(cert),
    }
}

/// DNS names from the alternative names; common names only when that extension is absent,
/// as RFC 6125 says (an extension with IP addresses alone names no host).
fn names(cert: &X509Certificate) -> Vec<String> {
    if let Ok(Some(san)) = cert.subject_alternative_name() {
        return san
            .value
            .general_names
            .iter()
            .filter_map(|n| match n {
                GeneralName::DNSName(d) => Some(d.to_string()),
                _ => None,
            })
            .collect();
    }
    cert.subject()
        .iter_common_name()
        .filter_map(|cn| cn.as_str().ok().map(str::to_string))
        .collect()
}

fn cert_public(cert: &X509Certificate) -> PublicPart {
    let spki = cert.public_key();
    match spki.parsed() {
        Ok(PublicKey::RSA(rsa)) => rsa_part(rsa.modulus, rsa.exponent),
        _ => PublicPart::Raw(spki.subject_public_key.data.to_vec()),
    }
}

fn rsa_part(modulus: &[u8], exponent: &[u8]) -> PublicPart {
    let strip = |b: &[u8]| {
        let start = b.iter().position(|x| *x != 0).unwrap_or(b.len());
        b[start..].to_vec()
    };
    PublicPart::Rsa {
        modulus: strip(modulus),
        exponent: strip(exponent),
    }
}

/// The chain must link the site's certificate to an authority: one certificate alone is
/// either self-signed or missing its intermediates; and each must issue the one before.
fn chain_issues(chain: &[Facts]) -> Vec<CertIssue> {
    let leaf = &chain[0];
    if chain.len() == 1 {
        let alone = if leaf.subject == leaf.issuer {
            CertIssue::SelfSigned
        } else {
            CertIssue::LeafOnly
        };
        return vec![alone];
    }
    chain
        .windows(2)
        .enumerate()
        .find(|(_, pair)| pair[1].subject != pair[0].issuer)
        .map(|(i, pair)| CertIssue::ChainBreak {
            index: i + 1,
            line: pair[1].line,
        })
        .into_iter()
        .collect()
}

fn dates(index: usize, c: &Facts, now: i64) -> Option<CertIssue> {
    let line = c.line;
    if now < c.not_before {
        return Some(CertIssue::NotYetValid {
            index,
            line,
            from: c.not_before,
        });
    }
    let left = c.not_after - now;
    if left <= 0 {
        return Some(CertIssue::Expired {
            index,
            line,
            until: c.not_after,
        });
    }
    // Whole days, rounded up: a certificate ending 9.5 days from now has "10 days" left,
    // and one with exactly 30 is within the limit.
    let days = (left + DAY - 1) / DAY;
    (days <= MIN_DAYS_LEFT).then_some(CertIssue::Expiring {
        index,
        line,
        until: c.not_after,
        days,
    })
}

fn name_issues(leaf: &Facts, host: &str) -> Vec<CertIssue> {
    let mut issues: Vec<CertIssue> = leaf
        .names
        .iter()
        .find(|n| n.contains('*'))
        .map(|n| CertIssue::Wildcard { name: n.clone() })
        .into_iter()
        .collect();
    let host = normal(host);
    if !host.is_empty() && !leaf.names.iter().any(|n| covers(&normal(n), &host)) {
        issues.push(CertIssue::WrongHost {
            names: leaf.names.clone(),
        });
    }
    issues
}

fn normal(name: &str) -> String {
    name.trim_end_matches('.').to_ascii_lowercase()
}

/// Whether a certificate name covers `host`: equal, or a wildcard for one label, which
/// is how browsers match. A wildcard is refused on its own; this keeps it from also
/// being called the wrong host when it does cover the site.
fn covers(name: &str, host: &str) -> bool {
    match name.strip_prefix("*.") {
        Some(parent) => host
            .split_once('.')
            .is_some_and(|(label, rest)| !label.is_empty() && rest == parent),
        None => name == host,
    }
}

/// Whether the private key in `text` belongs to a certificate whose public half is
/// `leaf`; `None` when it does.
pub fn check_key(text: &str, leaf: &PublicPart) -> Option<KeyIssue> {
    match private_key(text) {
        Err(issue) => Some(issue),
        Ok(PublicPart::Unknown) => Some(KeyIssue::CannotCompare),
        Ok(part) if part == *leaf => None,
        Ok(_) => Some(KeyIssue::Mismatch),
    }
}

/// The public half of the one private key in a PEM text.
pub fn private_key(text: &str) -> Result<PublicPart, KeyIssue> {
    // The old OpenSSL form keeps the key's PEM label and marks the encryption in headers.
    if text.contains("Proc-Type: 4,ENCRYPTED") {
        return Err(KeyIssue::Encrypted);
    }
    let blocks = pem_blocks(text).ok_or(KeyIssue::NotPem)?;
    let (pem, _) = blocks.first().ok_or(KeyIssue::NotPem)?;
    let parsed = match pem.label.as_str() {
        "RSA PRIVATE KEY" => pkcs1(&pem.contents),
        "EC PRIVATE KEY" => sec1(&pem.contents),
        "PRIVATE KEY" => pkcs8(&pem.contents),
        "ENCRYPTED PRIVATE KEY" => return Err(KeyIssue::Encrypted),
        other => {
            return Err(KeyIssue::OtherBlock {
                label: other.to_string(),
            });
        }
    };
    parsed.ok_or(KeyIssue::Unparsable)
}

/// The items of a DER SEQUENCE.
fn sequence(der: &[u8]) -> Option<Vec<Any<'_>>> {
    let (_, seq) = Any::from_der(der).ok()?;
    items(&seq)
}

/// The items inside a SEQUENCE already read.
fn items<'a>(seq: &Any<'a>) -> Option<Vec<Any<'a>>> {
    if seq.tag() != Tag::Sequence {
        return None;
    }
    let mut rest = seq.data;
    let mut items = Vec::new();
    while !rest.is_empty() {
        let (after, item) = Any::from_der(rest).ok()?;
        items.push(item);
        rest = after;
    }
    Some(items)
}

/// RSAPrivateKey (RFC 8017): version, modulus, public exponent, then the private parts.
fn pkcs1(der: &[u8]) -> Option<PublicPart> {
    let parts = sequence(der)?;
    let (n, e) = (parts.get(1)?, parts.get(2)?);
    (n.tag() == Tag::Integer && e.tag() == Tag::Integer).then(|| rsa_part(n.data, e.data))
}

/// ECPrivateKey (RFC 5915): the public point is the optional `[1]` BIT STRING.
fn sec1(der: &[u8]) -> Option<PublicPart> {
    let parts = sequence(der)?;
    let public = parts.iter().skip(2).find(|i| context(i, 1));
    Some(match public {
        Some(tagged) => {
            let (_, bits) = Any::from_der(tagged.data).ok()?;
            PublicPart::Raw(bits.data.get(1..)?.to_vec())
        }
        None => PublicPart::Unknown,
    })
}

/// PrivateKeyInfo (RFC 5208, 5958): the algorithm, then the key in that algorithm's own
/// form; other algorithms (Ed25519) may carry the public key as an optional `[1]`.
fn pkcs8(der: &[u8]) -> Option<PublicPart> {
    let parts = sequence(der)?;
    let algorithm = items(parts.get(1)?)?;
    let oid = algorithm.first()?.as_oid().ok()?;
    let inner = parts.get(2).filter(|i| i.tag() == Tag::OctetString)?.data;
    if oid == OID_PKCS1_RSAENCRYPTION {
        return pkcs1(inner);
    }
    if oid == OID_KEY_TYPE_EC_PUBLIC_KEY {
        return sec1(inner);
    }
    Some(match parts.iter().skip(3).find(|i| context(i, 1)) {
        Some(bits) => PublicPart::Raw(bits.data.get(1..)?.to_vec()),
        None => PublicPart::Unknown,
    })
}

fn context(item: &Any, tag: u32) -> bool {
    item.class() == Class::ContextSpecific && item.tag().0 == tag
}

#[cfg(test)]
mod tests {
    use super::*;
    use rcgen::{CertificateParams, DnType, Issuer, KeyPair, SanType};

    const HOST: &str = "cpims.example.org";
    /// 2030-01-01, the certificates' end; the checks are run at times before it.
    const END: i64 = 1_893_456_000;

    /// A certificate for `sans` (none: no alternative names extension) with `cn` as its
    /// common name, valid from 2020 to 2030, signed by a throwaway authority; and its key.
    fn cert(sans: Vec<SanType>, cn: &str) -> (String, KeyPair) {
        let ca_key = KeyPair::generate().unwrap();
        let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca.distinguished_name
            .push(DnType::CommonName, "test authority");
        let issuer = Issuer::new(ca, ca_key);
        let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
        p.subject_alt_names = sans;
        p.distinguished_name.push(DnType::CommonName, cn);
        p.not_before = rcgen::date_time_ymd(2020, 1, 1);
        p.not_after = rcgen::date_time_ymd(2030, 1, 1);
        let key = KeyPair::generate().unwrap();
        (p.signed_by(&key, &issuer).unwrap().pem(), key)
    }

    fn dns(name: &str) -> SanType {
        SanType::DnsName(name.try_into().unwrap())
    }

    #[test]
    fn the_thirty_day_limit_is_measured_from_the_given_time() {
        let (pem, _) = cert(vec![dns(HOST)], HOST);
        let at = |days: i64| check_chain(&pem, HOST, END - days * DAY).0;
        assert_eq!(at(31), vec![CertIssue::LeafOnly]);
        assert_eq!(check_chain(&pem, HOST, END - 30 * DAY - 1).0.len(), 1);
        assert_eq!(
            at(30)[1],
            CertIssue::Expiring {
                index: 0,
                line: 1,
                until: END,
                days: 30
            }
        );
        assert!(matches!(at(0)[1], CertIssue::Expired { .. }));
        assert!(matches!(at(4000)[1], CertIssue::NotYetValid { .. }));
    }

    #[test]
    fn the_common_name_counts_only_without_alternative_names() {
        let now = END - 365 * DAY;
        let names = |sans, cn| {
            let (pem, _) = cert(sans, cn);
            check_chain(&pem, HOST, now)
                .0
                .into_iter()
                .filter(|i| !matches!(i, CertIssue::LeafOnly))
                .collect::<Vec<_>>()
        };
        assert_eq!(names(vec![], HOST), vec![]);
        let ip = SanType::IpAddress([192, 0, 2, 1].into());
        assert_eq!(
            names(vec![ip], HOST),
            vec![CertIssue::WrongHost { names: vec![] }]
        );
        assert_eq!(names(vec![dns("CPIMS.Example.org.")], "x"), vec![]);
        assert_eq!(
            names(vec![dns("*.example.org")], "x"),
            vec![CertIssue::Wildcard {
                name: "*.example.org".into()
            }]
        );
        let deeper = names(vec![dns("*.org")], "x");
        assert!(deeper.contains(&CertIssue::WrongHost {
            names: vec!["*.org".into()]
        }));
    }

    #[test]
    fn keys_match_their_certificate_in_each_form() {
        let (pem, key) = cert(vec![dns(HOST)], HOST);
        let (_, leaf) = check_chain(&pem, HOST, END - 365 * DAY);
        let leaf = leaf.unwrap();
        assert_eq!(check_key(&key.serialize_pem(), &leaf), None);
        let other = KeyPair::generate().unwrap().serialize_pem();
        assert_eq!(check_key(&other, &leaf), Some(KeyIssue::Mismatch));
        assert_eq!(
            check_key(&pem, &leaf),
            Some(KeyIssue::OtherBlock {
                label: "CERTIFICATE".into()
            })
        );
        assert_eq!(check_key("just words", &leaf), Some(KeyIssue::NotPem));
        let encrypted =
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n";
        assert_eq!(check_key(encrypted, &leaf), Some(KeyIssue::Encrypted));
        let broken = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
        assert_eq!(check_key(broken, &leaf), Some(KeyIssue::Unparsable));
    }

    #[test]
    fn a_key_pasted_where_the_certificate_belongs_is_named() {
        let key = KeyPair::generate().unwrap().serialize_pem();
        let (issues, leaf) = check_chain(&format!("\n{key}"), HOST, 0);
        assert_eq!(
            issues,
            vec![CertIssue::OtherBlock {
                label: "PRIVATE KEY".into(),
                line: 2
            }]
        );
        assert_eq!(leaf, None);
    }
}
