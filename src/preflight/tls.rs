//! The tls check: the site certificate, as the server serves it on port 443 or as the
//! file given with `--certificate`, judged by the same rules as `check --ready` (a full
//! chain, the host's own name, no wildcard, dates with time to renew).

use super::{Check, Finding, Probe, Target};
use crate::base::key;
use crate::base::strings::{fill, get};
use crate::export::config::tls::{CertIssue, MIN_DAYS_LEFT, check_chain};
use std::io::Read;
use std::path::Path;

/// A chain of certificates is a few kilobytes; anything far larger is not one.
const FILE_LIMIT: u64 = 1024 * 1024;

pub fn check(target: &Target, probe: &Probe) -> Vec<Finding> {
    let Some(host) = target.host.as_deref() else {
        return vec![
            Finding::not_checked(Check::Tls, key::preflight_service::tls::NO_HOST)
                .todo(key::preflight_service::tls::NO_HOST_TODO),
        ];
    };
    if let Some(path) = &probe.certificate {
        return from_file(path, host, probe.now);
    }
    served(host, probe)
}

fn from_file(path: &Path, host: &str, now: i64) -> Vec<Finding> {
    let shown = path.display().to_string();
    match read_limited(path) {
        Ok(Some(text)) => {
            let source = fill(
                key::preflight_service::tls::SOURCE_FILE,
                &[("path", &shown)],
            );
            judge(&text, host, now, &source)
        }
        Ok(None) => vec![
            Finding::fail(Check::Tls, key::preflight_service::tls::FILE_TOO_BIG)
                .arg("path", shown)
                .arg("limit", FILE_LIMIT / 1024)
                .todo(key::preflight_service::tls::FILE_UNREADABLE_TODO),
        ],
        Err(e) => vec![
            Finding::not_checked(Check::Tls, key::preflight_service::tls::FILE_UNREADABLE)
                .arg("path", shown)
                .arg("error", e)
                .todo(key::preflight_service::tls::FILE_UNREADABLE_TODO),
        ],
    }
}

/// The file's text, `None` when it is over the limit.
fn read_limited(path: &Path) -> std::io::Result<Option<String>> {
    let mut text = String::new();
    std::fs::File::open(path)?
        .take(FILE_LIMIT + 1)
        .read_to_string(&mut text)?;
    Ok((text.len() as u64 <= FILE_LIMIT).then_some(text))
}

#[cfg(target_os = "linux")]
fn served(host: &str, probe: &Probe) -> Vec<Finding> {
    use super::handshake::{handshake, presented_pem};
    use super::net::{Unreachable, connect};
    let port = probe.tls_port;
    let stream = match connect(host, port, probe) {
        Ok(s) => s,
        Err(Unreachable::NoAddress) => {
            return vec![
                Finding::not_checked(Check::Tls, key::preflight_service::tls::NO_ADDRESS)
                    .arg("host", host)
                    .todo(key::preflight_service::tls::NO_ADDRESS_TODO),
            ];
        }
        Err(Unreachable::NoAnswer(_)) => {
            return vec![
                Finding::not_checked(Check::Tls, key::preflight_service::tls::NOT_SERVED)
                    .arg("host", host)
                    .arg("port", port)
                    .todo(key::preflight_service::tls::NOT_SERVED_TODO),
            ];
        }
    };
    match handshake(stream, host) {
        Ok(tls) => {
            let source = fill(
                key::preflight_service::tls::SOURCE_SERVED,
                &[("port", &port.to_string())],
            );
            judge(&presented_pem(&tls), host, probe.now, &source)
        }
        Err(error) => vec![
            Finding::fail(Check::Tls, key::preflight_service::tls::HANDSHAKE)
                .arg("host", host)
                .arg("port", port)
                .arg("error", error)
                .todo(key::preflight_service::tls::HANDSHAKE_TODO),
        ],
    }
}

#[cfg(not(target_os = "linux"))]
fn served(_host: &str, _probe: &Probe) -> Vec<Finding> {
    vec![Finding::not_checked(
        Check::Tls,
        key::preflight_service::tls::NETWORK_ELSEWHERE,
    )]
}

/// A finding per issue with the chain, or one pass naming the chain and its end date.
fn judge(pem: &str, host: &str, now: i64, source: &str) -> Vec<Finding> {
    let (issues, _) = check_chain(pem, host, now);
    if issues.is_empty() {
        let (count, until) = chain_summary(pem);
        return vec![
            Finding::pass(Check::Tls, key::preflight_service::tls::PASSED)
                .arg("host", host)
                .arg("count", count)
                .arg("date", date(until))
                .arg("source", source),
        ];
    }
    issues
        .iter()
        .map(|issue| issue_finding(issue, host).arg("source", source))
        .collect()
}

/// How many certificates the chain holds, and when the site's own one ends.
fn chain_summary(pem: &str) -> (usize, i64) {
    let certs: Vec<_> = x509_parser::pem::Pem::iter_from_buffer(pem.as_bytes())
        .filter_map(Result::ok)
        .collect();
    let until = certs
        .first()
        .and_then(|p| {
            p.parse_x509()
                .ok()
                .map(|c| c.validity().not_after.timestamp())
        })
        .unwrap_or_default();
    (certs.len(), until)
}

fn issue_finding(issue: &CertIssue, host: &str) -> Finding {
    let fail = |text, todo| Finding::fail(Check::Tls, text).todo(todo);
    match issue {
        CertIssue::NotPem => fail(
            key::preflight_service::tls::NOT_PEM,
            key::preflight_service::tls::NOT_PEM_TODO,
        ),
        CertIssue::OtherBlock { label, .. } => fail(
            key::preflight_service::tls::OTHER_BLOCK,
            key::preflight_service::tls::OTHER_BLOCK_TODO,
        )
        .arg("label", label),
        CertIssue::Unparsable { index, .. } => fail(
            key::preflight_service::tls::UNPARSABLE,
            key::preflight_service::tls::UNPARSABLE_TODO,
        )
        .arg("which", which(*index)),
        CertIssue::SelfSigned => fail(
            key::preflight_service::tls::SELF_SIGNED,
            key::preflight_service::tls::SELF_SIGNED_TODO,
        ),
        CertIssue::LeafOnly => fail(
            key::preflight_service::tls::LEAF_ONLY,
            key::preflight_service::tls::LEAF_ONLY_TODO,
        ),
        CertIssue::ChainBreak { index, .. } => fail(
            key::preflight_service::tls::CHAIN_BREAK,
            key::preflight_service::tls::CHAIN_BREAK_TODO,
        )
        .arg("which", which(*index))
        .arg("before", which(index.saturating_sub(1))),
        CertIssue::Wildcard { name } => fail(
            key::preflight_service::tls::WILDCARD,
            key::preflight_service::tls::WILDCARD_TODO,
        )
        .arg("wildcard", name),
        CertIssue::NotYetValid { index, from, .. } => fail(
            key::preflight_service::tls::NOT_YET_VALID,
            key::preflight_service::tls::NOT_YET_VALID_TODO,
        )
        .arg("which", which(*index))
        .arg("date", date(*from)),
        CertIssue::Expired { index, until, .. } => fail(
            key::preflight_service::tls::EXPIRED,
            key::preflight_service::tls::EXPIRED_TODO,
        )
        .arg("which", which(*index))
        .arg("date", date(*until)),
        CertIssue::Expiring {
            index, until, days, ..
        } => fail(
            key::preflight_service::tls::EXPIRING,
            key::preflight_service::tls::EXPIRING_TODO,
        )
        .arg("which", which(*index))
        .arg("date", date(*until))
        .arg("left", days_left(*days))
        .arg("min", MIN_DAYS_LEFT),
        CertIssue::WrongHost { names } => fail(
            key::preflight_service::tls::WRONG_HOST,
            key::preflight_service::tls::WRONG_HOST_TODO,
        )
        .arg("host", host)
        .arg("names", names_list(names)),
    }
}

fn which(index: usize) -> String {
    match index {
        0 => get(key::preflight_service::tls::WHICH_LEAF).to_string(),
        n => fill(
            key::preflight_service::tls::WHICH_INTERMEDIATE,
            &[("n", &n.to_string())],
        ),
    }
}

fn days_left(days: i64) -> String {
    match days {
        1 => get(key::preflight_service::tls::LEFT_ONE).to_string(),
        n => fill(
            key::preflight_service::tls::LEFT_MANY,
            &[("days", &n.to_string())],
        ),
    }
}

fn date(seconds: i64) -> String {
    chrono::DateTime::from_timestamp(seconds, 0)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// The names a certificate gives, or "-" when it gives none.
pub(super) fn names_list(names: &[String]) -> String {
    if names.is_empty() {
        "-".to_string()
    } else {
        names.join(", ")
    }
}
