//! Certificates for the tests, made with rcgen: a test root and intermediate, and site
//! certificates valid between given days.

use rcgen::{
    BasicConstraints, Certificate, CertificateParams, DnType, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub const DAY: i64 = 24 * 60 * 60;

pub fn seconds_now() -> i64 {
    let since = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    i64::try_from(since.as_secs()).unwrap()
}

/// Valid from `from` days to `to` days from now (negative for the past).
pub fn validity(p: &mut CertificateParams, from: i64, to: i64) {
    let epoch = rcgen::date_time_ymd(1970, 1, 1);
    let at = |days: i64| {
        let seconds = u64::try_from(seconds_now() + days * DAY).unwrap();
        epoch + Duration::from_secs(seconds)
    };
    p.not_before = at(from);
    p.not_after = at(to);
}

/// A certificate authority: its certificate and what signs with its key.
pub struct Authority {
    pub cert: Certificate,
    pub issuer: Issuer<'static, KeyPair>,
}

pub fn authority(name: &str, parent: Option<&Authority>) -> Authority {
    let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.distinguished_name.push(DnType::CommonName, name);
    p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    validity(&mut p, -30, 3650);
    let key = KeyPair::generate().unwrap();
    let cert = match parent {
        Some(ca) => p.signed_by(&key, &ca.issuer),
        None => p.self_signed(&key),
    }
    .unwrap();
    Authority {
        cert,
        issuer: Issuer::new(p, key),
    }
}

/// A test root and the intermediate it signed, which signs the sites' certificates.
pub fn intermediate() -> Authority {
    let root = authority("hostplan test root", None);
    authority("hostplan test intermediate", Some(&root))
}

/// A site's certificate from `ca` for `names` (the first is its common name), valid from
/// `from` to `to` days from now, with its key.
pub struct Leaf {
    pub cert: Certificate,
    pub key: KeyPair,
}

pub fn leaf(ca: &Authority, names: &[&str], from: i64, to: i64) -> Leaf {
    let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    let mut p = CertificateParams::new(names.clone()).unwrap();
    p.distinguished_name
        .push(DnType::CommonName, names[0].as_str());
    validity(&mut p, from, to);
    let key = KeyPair::generate().unwrap();
    let cert = p.signed_by(&key, &ca.issuer).unwrap();
    Leaf { cert, key }
}
