//! The network as the checks use it: names resolved (or overridden by `--resolve`) and
//! connections opened, each step bounded by the probe's timeout; the DNS check (the host
//! name points at this machine) and the outbound check (the install can reach what it
//! downloads from).

use super::{Check, Finding, Probe, Target};
use crate::base::key;
use std::net::{IpAddr, SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::mpsc;
use std::time::Duration;

/// Why a connection could not be opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unreachable {
    /// The name has no address, or resolving it took longer than the timeout.
    NoAddress,
    /// Every address refused the connection or did not answer in time.
    NoAnswer(String),
}

/// The addresses of `host`: the `--resolve` override if there is one, else the system's
/// resolver, given at most `probe.timeout`.
pub fn resolve(host: &str, probe: &Probe) -> Vec<IpAddr> {
    let given: Vec<IpAddr> = probe
        .resolve
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case(host))
        .map(|(_, addr)| *addr)
        .collect();
    if !given.is_empty() {
        return given;
    }
    if let Ok(addr) = host.parse::<IpAddr>() {
        return vec![addr];
    }
    // The system resolver has no timeout of its own: it runs apart and is given up on.
    let (tx, rx) = mpsc::channel();
    let name = host.to_string();
    std::thread::spawn(move || {
        let found: Vec<IpAddr> = (name.as_str(), 0)
            .to_socket_addrs()
            .map(|a| a.map(|s| s.ip()).collect())
            .unwrap_or_default();
        let _ = tx.send(found);
    });
    rx.recv_timeout(probe.timeout).unwrap_or_default()
}

/// A TCP connection to `host:port`, trying each address within the timeout.
pub fn connect(host: &str, port: u16, probe: &Probe) -> Result<TcpStream, Unreachable> {
    let addrs = resolve(host, probe);
    if addrs.is_empty() {
        return Err(Unreachable::NoAddress);
    }
    let mut last = String::new();
    for ip in addrs {
        match TcpStream::connect_timeout(&SocketAddr::new(ip, port), probe.timeout) {
            Ok(stream) => {
                let _ = stream.set_read_timeout(Some(probe.timeout));
                let _ = stream.set_write_timeout(Some(probe.timeout));
                return Ok(stream);
            }
            Err(e) => last = e.to_string(),
        }
    }
    Err(Unreachable::NoAnswer(last))
}

/// The host name resolves, to an address of this machine (or of the load balancer in
/// front of it), and is not a name under primero.org.
pub fn dns(target: &Target, probe: &Probe) -> Vec<Finding> {
    let Some(host) = target.host.as_deref() else {
        return vec![
            Finding::not_checked(Check::Dns, key::preflight::dns::NO_HOST)
                .todo(key::preflight::dns::NO_HOST_TODO),
        ];
    };
    let mut found = Vec::new();
    if host.to_ascii_lowercase().ends_with(".primero.org") {
        found.push(
            Finding::fail(Check::Dns, key::preflight::dns::PRIMERO_ORG)
                .arg("host", host)
                .todo(key::preflight::dns::PRIMERO_ORG_TODO),
        );
    }
    let addrs = resolve(host, probe);
    if addrs.is_empty() {
        found.push(
            Finding::fail(Check::Dns, key::preflight::dns::UNRESOLVED)
                .arg("host", host)
                .todo(key::preflight::dns::UNRESOLVED_TODO),
        );
        return found;
    }
    let listed = list(&addrs);
    if probe
        .resolve
        .iter()
        .any(|(h, _)| h.eq_ignore_ascii_case(host))
    {
        // A report with this finding proves nothing about the real DNS record.
        found.push(
            Finding::warn(Check::Dns, key::preflight::dns::GIVEN)
                .arg("host", host)
                .arg("addresses", &listed)
                .todo(key::preflight::dns::GIVEN_TODO),
        );
    }
    let behind = target
        .server
        .as_ref()
        .is_some_and(|s| s.behind_load_balancer);
    let Some(own) = own_addresses(probe) else {
        found.push(
            Finding::not_checked(Check::Dns, key::preflight::dns::NO_OWN)
                .arg("host", host)
                .arg("addresses", listed),
        );
        return found;
    };
    let here = addrs.iter().any(|a| own.contains(a));
    found.push(match (here, behind) {
        (true, _) => Finding::pass(Check::Dns, key::preflight::dns::HERE)
            .arg("host", host)
            .arg("addresses", listed),
        (false, true) => Finding::warn(Check::Dns, key::preflight::dns::BALANCER)
            .arg("host", host)
            .arg("addresses", listed)
            .todo(key::preflight::dns::BALANCER_TODO),
        (false, false) => Finding::fail(Check::Dns, key::preflight::dns::ELSEWHERE)
            .arg("host", host)
            .arg("addresses", listed)
            .arg("own", list(&own))
            .todo(key::preflight::dns::ELSEWHERE_TODO),
    });
    found
}

fn list(addrs: &[IpAddr]) -> String {
    addrs
        .iter()
        .map(IpAddr::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The addresses of this machine, from the kernel's tables under the root: IPv4 local
/// routes in `/proc/net/fib_trie`, IPv6 in `/proc/net/if_inet6`. `None` when neither
/// can be read.
pub fn own_addresses(probe: &Probe) -> Option<Vec<IpAddr>> {
    let v4 = std::fs::read_to_string(probe.path("/proc/net/fib_trie")).ok();
    let v6 = std::fs::read_to_string(probe.path("/proc/net/if_inet6")).ok();
    if v4.is_none() && v6.is_none() {
        return None;
    }
    let mut own = v4.as_deref().map(local_v4).unwrap_or_default();
    own.extend(v6.as_deref().map(local_v6).unwrap_or_default());
    own.sort();
    own.dedup();
    Some(own)
}

/// In `fib_trie`, an address is the machine's own when its leaf is followed by a
/// `/32 host LOCAL` line.
fn local_v4(text: &str) -> Vec<IpAddr> {
    let lines: Vec<&str> = text.lines().collect();
    lines
        .windows(2)
        .filter(|w| w[1].contains("/32 host LOCAL"))
        .filter_map(|w| w[0].trim().trim_start_matches("|--").trim().parse().ok())
        .collect()
}

/// `if_inet6` lists each address as 32 hexadecimal digits first on its line.
fn local_v6(text: &str) -> Vec<IpAddr> {
    text.lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|hex| hex.len() == 32)
        .filter_map(|hex| u128::from_str_radix(hex, 16).ok())
        .map(|n| IpAddr::V6(n.into()))
        .collect()
}

/// Each place the install downloads from or talks to answers a TCP connection, all
/// tried at once so the whole check takes about one timeout at worst.
pub fn outbound(target: &Target, probe: &Probe) -> Vec<Finding> {
    if target.outbound.is_empty() {
        return vec![Finding::not_checked(
            Check::Outbound,
            key::preflight::outbound::NOTHING,
        )];
    }
    let (tx, rx) = mpsc::channel();
    for (i, (host, port, _)) in target.outbound.iter().enumerate() {
        let (tx, host, port, probe) = (tx.clone(), host.clone(), *port, probe.clone());
        std::thread::spawn(move || {
            let _ = tx.send((i, connect(&host, port, &probe)));
        });
    }
    drop(tx);
    let mut results: Vec<Option<Result<TcpStream, Unreachable>>> =
        (0..target.outbound.len()).map(|_| None).collect();
    let deadline = probe.timeout * 2 + Duration::from_millis(200);
    let started = std::time::Instant::now();
    while let Some(left) = deadline.checked_sub(started.elapsed()) {
        match rx.recv_timeout(left) {
            Ok((i, r)) => results[i] = Some(r),
            Err(_) => break,
        }
    }
    target
        .outbound
        .iter()
        .zip(results)
        .map(|((host, port, what), result)| outbound_finding(host, *port, what, result))
        .collect()
}

fn outbound_finding(
    host: &str,
    port: u16,
    what: &'static str,
    result: Option<Result<TcpStream, Unreachable>>,
) -> Finding {
    let f = match result {
        Some(Ok(_)) => Finding::pass(Check::Outbound, key::preflight::outbound::REACHED),
        Some(Err(Unreachable::NoAddress)) => {
            Finding::fail(Check::Outbound, key::preflight::outbound::NO_ADDRESS)
                .todo(key::preflight::outbound::TODO)
        }
        Some(Err(Unreachable::NoAnswer(e))) => {
            Finding::fail(Check::Outbound, key::preflight::outbound::NO_ANSWER)
                .arg("error", e)
                .todo(key::preflight::outbound::TODO)
        }
        None => Finding::fail(Check::Outbound, key::preflight::outbound::TIMED_OUT)
            .todo(key::preflight::outbound::TODO),
    };
    f.arg("host", host).arg("port", port).text("what", what)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_addresses_come_from_the_kernel_tables() {
        let trie = "Main:\n  +-- 0.0.0.0/0 3 0 5\n     |-- 10.0.0.5\n        /32 host LOCAL\n     |-- 10.0.0.255\n        /32 link BROADCAST\n";
        assert_eq!(local_v4(trie), vec!["10.0.0.5".parse::<IpAddr>().unwrap()]);
        let v6 = "fe800000000000000000000000000001 02 40 20 80     eth0\n";
        assert_eq!(local_v6(v6), vec!["fe80::1".parse::<IpAddr>().unwrap()]);
    }
}
