//! `check --ready` on damaged certificates and keys: whatever a bad paste does to the PEM
//! text (or the DER inside it), the check reports problems and never panics.

use crate::common;
use crate::common::config as handover;

use common::Rng;
use hostplan::base::strings::Strings;
use hostplan::core::builtin::DEMO_PLAN;
use hostplan::export::config::{FolderText, ready, secrets};
use rcgen::{CertificateParams, DnType, Issuer, KeyPair};

/// 2030-01-01, after the certificates below begin and before they end.
const NOW: i64 = 1_893_456_000;

/// A certificate for the demo's host, its issuer's certificate, and its key, as PEM.
fn chain_and_key() -> (String, String) {
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(DnType::CommonName, "test authority");
    let ca_key = KeyPair::generate().unwrap();
    let ca_pem = ca.self_signed(&ca_key).unwrap().pem();
    let issuer = Issuer::new(ca, ca_key);
    let mut p = CertificateParams::new(vec!["cpims.mosw.gov.kl".to_string()]).unwrap();
    p.not_before = rcgen::date_time_ymd(2025, 1, 1);
    p.not_after = rcgen::date_time_ymd(2031, 1, 1);
    let key = KeyPair::generate().unwrap();
    let leaf = p.signed_by(&key, &issuer).unwrap().pem();
    (format!("{leaf}{ca_pem}"), key.serialize_pem())
}

fn block(key: &str, text: &str) -> String {
    let body: String = text.lines().map(|l| format!("  {l}\n")).collect();
    format!("{key}: |\n{body}")
}

/// The demo's hand-over, rendered once.
fn demo() -> Vec<FolderText> {
    handover::folder_texts(DEMO_PLAN)
}

/// The hand-over with the certificate and key pasted in and a worker key set.
fn filled(demo: &[FolderText], cert: &str, key: &str, worker: &str) -> Vec<FolderText> {
    let mut files = demo.to_vec();
    for f in &mut files {
        let Some(text) = f.text.as_mut() else {
            continue;
        };
        if f.path == "ansible/secrets.yml" {
            let at = text.find("# nginx_ssl_cert:").unwrap_or(text.len());
            text.truncate(at);
            text.push_str(&block("nginx_ssl_cert", cert));
            text.push_str(&block("nginx_ssl_key", key));
        }
        if f.path == "openfn/lightning-secrets.env" {
            *text = text.replace(
                "WORKER_RUNS_PRIVATE_KEY=\n",
                &format!("WORKER_RUNS_PRIVATE_KEY={worker}\n"),
            );
        }
    }
    files
}

/// Flips, drops or repeats a few characters of the base64 between the PEM markers, so
/// the DER inside is damaged while the text still looks like PEM; or damages the markers.
fn damage(pem: &str, rng: &mut Rng) -> String {
    let mut chars: Vec<char> = pem.chars().collect();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(chars.len());
        match rng.below(4) {
            0 => chars[at] = ['A', '/', '+', 'z', '9', '-', '='][rng.below(7)],
            1 => {
                chars.remove(at);
            }
            2 => {
                let end = (at + rng.below(8)).min(chars.len());
                let copy: Vec<char> = chars[at..end].to_vec();
                chars.splice(at..at, copy);
            }
            _ => chars.truncate(at),
        }
    }
    chars.into_iter().collect()
}

#[test]
fn damaged_certificates_and_keys_never_panic() {
    let (chain, key) = chain_and_key();
    let worker = secrets::base64(key.as_bytes());
    let s = Strings::builtin();
    let demo = demo();
    let mut rng = Rng(0x7e5d_ce47);
    for round in 0..600 {
        let (mut c, mut k, mut w) = (chain.clone(), key.clone(), worker.clone());
        match rng.below(3) {
            0 => c = damage(&c, &mut rng),
            1 => k = damage(&k, &mut rng),
            _ => w = damage(&w, &mut rng),
        }
        let files = filled(&demo, &c, &k, &w);
        let result = std::panic::catch_unwind(|| ready::check_ready("out", &files, NOW, s));
        assert!(result.is_ok(), "round {round} panicked:\n{c}\n{k}\n{w}");
    }
}

#[test]
fn the_pasted_pair_alone_raises_nothing_about_certificates() {
    let (chain, key) = chain_and_key();
    let files = filled(&demo(), &chain, &key, "");
    let problems = ready::check_ready("out", &files, NOW, Strings::builtin());
    let about_tls: Vec<String> = problems
        .iter()
        .filter(|p| {
            p.id.as_deref()
                .is_some_and(|id| id.starts_with("nginx_ssl"))
        })
        .map(|p| p.to_string())
        .collect();
    assert!(about_tls.is_empty(), "{about_tls:#?}");
    // What is left are the placeholders people fill in.
    assert!(
        problems
            .iter()
            .all(|p| p.message().contains("is still empty"))
    );
}
