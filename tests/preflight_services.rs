//! `preflight`'s tls and smtp checks against real servers started here on localhost: a
//! TLS server presenting certificates made with rcgen, and a small SMTP relay that offers
//! STARTTLS and sign-in methods as each test asks; once through the command itself, with
//! its hidden `--https-port`.

#![cfg(target_os = "linux")]

use crate::common::certs::{Authority, intermediate, leaf, seconds_now};
use hostplan::base::key::preflight_service::{smtp as ks, tls as kt};
use hostplan::preflight::target::Relay;
use hostplan::preflight::{Finding, Probe, Target, Verdict, smtp, tls};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::{ServerConfig, ServerConnection, StreamOwned};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, Ipv4Addr, TcpListener};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

const HOST: &str = "primero.example.test";
const RELAY: &str = "mail.example.test";
const LOCAL: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

// --- Certificates ----------------------------------------------------------------------

/// The certificates a server presents (its own first) and its private key, in DER.
struct Served {
    chain: Vec<Vec<u8>>,
    key: Vec<u8>,
}

fn site(ca: &Authority, names: &[&str], from: i64, to: i64) -> Served {
    let leaf = leaf(ca, names, from, to);
    Served {
        chain: vec![leaf.cert.der().to_vec(), ca.cert.der().to_vec()],
        key: leaf.key.serialize_der(),
    }
}

fn leaf_only(mut served: Served) -> Served {
    served.chain.truncate(1);
    served
}

fn server_config(served: &Served) -> Arc<ServerConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let chain: Vec<CertificateDer<'static>> = served
        .chain
        .iter()
        .map(|d| CertificateDer::from(d.clone()))
        .collect();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(served.key.clone()));
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .unwrap();
    Arc::new(config)
}

fn pem(served: &Served) -> String {
    served.chain.iter().map(|der| pem_block(der)).collect()
}

fn pem_block(der: &[u8]) -> String {
    use base64::Engine as _;
    let text = base64::engine::general_purpose::STANDARD.encode(der);
    let lines: Vec<&str> = text
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    format!(
        "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
        lines.join("\n")
    )
}

// --- The probe -------------------------------------------------------------------------

fn probe(port: u16, timeout: Duration) -> Probe {
    Probe {
        root: "/".into(),
        resolve: vec![(HOST.to_string(), LOCAL), (RELAY.to_string(), LOCAL)],
        timeout,
        now: seconds_now(),
        db_url: None,
        send_test_mail: None,
        certificate: None,
        tls_port: port,
    }
}

fn site_target() -> Target {
    Target {
        host: Some(HOST.to_string()),
        ..Target::default()
    }
}

fn keys(found: &[Finding]) -> Vec<&'static str> {
    found.iter().map(|f| f.key).collect()
}

fn arg<'a>(f: &'a Finding, name: &str) -> &'a str {
    f.args
        .iter()
        .find(|(n, _)| *n == name)
        .map_or("", |(_, v)| v.as_str())
}

// --- The TLS check ---------------------------------------------------------------------

/// A TLS server presenting `served` to one client; the thread ends with the connection.
fn tls_server(served: &Served) -> (u16, JoinHandle<()>) {
    let config = server_config(served);
    let listener = TcpListener::bind((LOCAL, 0)).unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = std::thread::spawn(move || {
        let Ok((stream, _)) = listener.accept() else {
            return;
        };
        let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
        let conn = ServerConnection::new(config).unwrap();
        let mut tls = StreamOwned::new(conn, stream);
        // Reading drives the handshake; it ends when the client goes.
        let _ = tls.read(&mut [0u8; 64]);
    });
    (port, handle)
}

fn served_check(served: &Served) -> Vec<Finding> {
    let (port, server) = tls_server(served);
    let found = tls::check(&site_target(), &probe(port, Duration::from_secs(5)));
    server.join().unwrap();
    found
}

#[test]
fn a_full_chain_served_for_the_host_passes() {
    let ca = intermediate();
    let found = served_check(&site(&ca, &[HOST], -1, 365));
    assert_eq!(keys(&found), vec![kt::PASSED], "{found:?}");
    assert_eq!(found[0].verdict, Verdict::Pass);
    assert_eq!(arg(&found[0], "count"), "2");
    assert_eq!(arg(&found[0], "host"), HOST);
    assert!(arg(&found[0], "date").starts_with("20"), "{found:?}");
}

#[test]
fn each_served_certificate_fault_fails_with_its_message() {
    let ca = intermediate();
    let cases = [
        (
            "leaf only",
            leaf_only(site(&ca, &[HOST], -1, 365)),
            kt::LEAF_ONLY,
        ),
        (
            "wildcard",
            site(&ca, &["*.example.test"], -1, 365),
            kt::WILDCARD,
        ),
        (
            "wrong host",
            site(&ca, &["other.example.test"], -1, 365),
            kt::WRONG_HOST,
        ),
        ("expired", site(&ca, &[HOST], -400, -2), kt::EXPIRED),
        ("expiring", site(&ca, &[HOST], -300, 10), kt::EXPIRING),
    ];
    for (name, served, key) in cases {
        let found = served_check(&served);
        assert_eq!(keys(&found), vec![key], "{name}: {found:?}");
        assert_eq!(found[0].verdict, Verdict::Fail, "{name}");
        assert!(found[0].todo.is_some(), "{name}: a failure says what to do");
    }
    let expiring = served_check(&site(&ca, &[HOST], -300, 10));
    assert_eq!(
        arg(&expiring[0], "which"),
        hostplan::base::strings::get(kt::WHICH_LEAF)
    );
    assert!(
        arg(&expiring[0], "left").starts_with("10 days"),
        "{expiring:?}"
    );
    let wrong = served_check(&site(&ca, &["other.example.test"], -1, 365));
    assert_eq!(arg(&wrong[0], "names"), "other.example.test");
}

#[test]
fn nothing_serving_https_is_not_checked_and_names_the_certificate_option() {
    let listener = TcpListener::bind((LOCAL, 0)).unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let found = tls::check(&site_target(), &probe(port, Duration::from_secs(2)));
    assert_eq!(keys(&found), vec![kt::NOT_SERVED]);
    assert_eq!(found[0].verdict, Verdict::NotChecked);
    assert_eq!(found[0].todo, Some(kt::NOT_SERVED_TODO));
}

#[test]
fn no_host_name_is_not_checked() {
    let found = tls::check(&Target::default(), &probe(1, Duration::from_secs(1)));
    assert_eq!(keys(&found), vec![kt::NO_HOST]);
    assert_eq!(found[0].verdict, Verdict::NotChecked);
}

#[test]
fn a_certificate_file_is_checked_when_given() {
    let ca = intermediate();
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.pem");
    std::fs::write(&good, pem(&site(&ca, &[HOST], -1, 365))).unwrap();
    let alone = dir.path().join("alone.pem");
    std::fs::write(&alone, pem(&leaf_only(site(&ca, &[HOST], -1, 365)))).unwrap();
    // No server: the file alone is judged, whatever the port says.
    let mut p = probe(1, Duration::from_secs(1));
    p.certificate = Some(good);
    assert_eq!(keys(&tls::check(&site_target(), &p)), vec![kt::PASSED]);
    p.certificate = Some(alone);
    assert_eq!(keys(&tls::check(&site_target(), &p)), vec![kt::LEAF_ONLY]);
    p.certificate = Some(dir.path().join("absent.pem"));
    let absent = tls::check(&site_target(), &p);
    assert_eq!(keys(&absent), vec![kt::FILE_UNREADABLE]);
    assert_eq!(absent[0].verdict, Verdict::NotChecked);
}

#[test]
fn a_server_that_never_answers_the_handshake_ends_within_the_timeout() {
    let listener = TcpListener::bind((LOCAL, 0)).unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        // Accepts, then says nothing until the client gives up.
        let (mut stream, _) = listener.accept().unwrap();
        let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
        let _ = stream.read_to_end(&mut Vec::new());
    });
    let started = Instant::now();
    let found = tls::check(&site_target(), &probe(port, Duration::from_secs(1)));
    let took = started.elapsed();
    assert!(took < Duration::from_secs(5), "took {took:?}");
    assert_eq!(keys(&found), vec![kt::HANDSHAKE], "{found:?}");
    assert_eq!(found[0].verdict, Verdict::Fail);
    server.join().unwrap();
}

// --- The SMTP check --------------------------------------------------------------------

/// What the test relay offers.
#[derive(Clone)]
struct Offer {
    starttls: bool,
    auth: &'static str,
    /// Whether it takes mail without sign-in.
    open: bool,
}

enum Next {
    StartTls,
    Done,
}

/// A relay for one client; the thread gives back every line the client sent.
fn smtp_server(offer: Offer, served: &Served) -> (u16, JoinHandle<Vec<String>>) {
    let config = server_config(served);
    let listener = TcpListener::bind((LOCAL, 0)).unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = std::thread::spawn(move || {
        let mut heard = Vec::new();
        let Ok((stream, _)) = listener.accept() else {
            return heard;
        };
        let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
        let mut clear = BufReader::new(stream);
        let _ = clear
            .get_mut()
            .write_all(b"220 mail.example.test ESMTP test\r\n");
        if let Next::StartTls = converse(&mut clear, &offer, false, &mut heard) {
            let conn = ServerConnection::new(config).unwrap();
            let mut secure = BufReader::new(StreamOwned::new(conn, clear.into_inner()));
            converse(&mut secure, &offer, true, &mut heard);
        }
        heard
    });
    (port, handle)
}

fn converse<S: Read + Write>(
    io: &mut BufReader<S>,
    offer: &Offer,
    secure: bool,
    heard: &mut Vec<String>,
) -> Next {
    loop {
        let mut line = String::new();
        if io.read_line(&mut line).unwrap_or(0) == 0 {
            return Next::Done;
        }
        let line = line.trim_end().to_string();
        heard.push(line.clone());
        let command = line.to_ascii_uppercase();
        let reply = if command.starts_with("EHLO") {
            let mut r = String::from("250-mail.example.test hello\r\n250-PIPELINING\r\n");
            if offer.starttls && !secure {
                r.push_str("250-STARTTLS\r\n");
            }
            if secure || !offer.starttls {
                r.push_str(&format!("250-AUTH {}\r\n", offer.auth));
            }
            r + "250 8BITMIME\r\n"
        } else if command == "STARTTLS" {
            let _ = io.get_mut().write_all(b"220 go ahead\r\n");
            return Next::StartTls;
        } else if command == "QUIT" {
            let _ = io.get_mut().write_all(b"221 bye\r\n");
            return Next::Done;
        } else if command.starts_with("MAIL FROM") || command.starts_with("RCPT TO") {
            if offer.open {
                "250 ok\r\n".to_string()
            } else {
                "530 authentication required\r\n".to_string()
            }
        } else if command == "DATA" {
            let _ = io.get_mut().write_all(b"354 go on\r\n");
            loop {
                let mut body = String::new();
                if io.read_line(&mut body).unwrap_or(0) == 0 {
                    return Next::Done;
                }
                heard.push(body.trim_end().to_string());
                if body.trim_end() == "." {
                    break;
                }
            }
            "250 queued\r\n".to_string()
        } else {
            "502 unknown\r\n".to_string()
        };
        let _ = io.get_mut().write_all(reply.as_bytes());
    }
}

fn relay_target(port: u16, auth: Option<&str>) -> Target {
    Target {
        host: Some(HOST.to_string()),
        relay: Some(Relay {
            host: RELAY.to_string(),
            port,
            auth: auth.map(str::to_string),
            starttls: true,
        }),
        ..Target::default()
    }
}

fn smtp_check(
    offer: Offer,
    names: &[&str],
    auth: Option<&str>,
    to: Option<&str>,
) -> (Vec<Finding>, Vec<String>) {
    let ca = intermediate();
    let (port, server) = smtp_server(offer, &site(&ca, names, -1, 365));
    let mut p = probe(443, Duration::from_secs(5));
    p.send_test_mail = to.map(str::to_string);
    let found = smtp::check(&relay_target(port, auth), &p);
    (found, server.join().unwrap())
}

const LOGIN_OVER_STARTTLS: Offer = Offer {
    starttls: true,
    auth: "LOGIN",
    open: false,
};

#[test]
fn a_relay_with_starttls_and_the_plans_sign_in_method_passes() {
    let (found, heard) = smtp_check(LOGIN_OVER_STARTTLS, &[RELAY], Some("login"), None);
    assert_eq!(
        keys(&found),
        vec![ks::TLS_OK, ks::AUTH_OFFERED],
        "{found:?}"
    );
    assert!(
        found.iter().all(|f| f.verdict == Verdict::Pass),
        "{found:?}"
    );
    // Two EHLOs (before and after TLS), a QUIT at the end, and never a message.
    let commands: Vec<&str> = heard
        .iter()
        .map(|l| l.split(' ').next().unwrap_or(""))
        .collect();
    assert_eq!(
        commands,
        vec!["EHLO", "STARTTLS", "EHLO", "QUIT"],
        "{heard:?}"
    );
}

#[test]
fn a_relay_without_starttls_fails() {
    let offer = Offer {
        starttls: false,
        ..LOGIN_OVER_STARTTLS
    };
    let (found, heard) = smtp_check(offer, &[RELAY], Some("login"), None);
    assert_eq!(keys(&found), vec![ks::NO_STARTTLS], "{found:?}");
    assert_eq!(found[0].verdict, Verdict::Fail);
    assert_eq!(heard.last().map(String::as_str), Some("QUIT"));
}

#[test]
fn a_relay_without_the_plans_sign_in_method_fails_naming_what_it_offers() {
    let offer = Offer {
        auth: "PLAIN",
        ..LOGIN_OVER_STARTTLS
    };
    let (found, _) = smtp_check(offer, &[RELAY], Some("login"), None);
    assert_eq!(
        keys(&found),
        vec![ks::TLS_OK, ks::AUTH_MISSING],
        "{found:?}"
    );
    assert_eq!(found[1].verdict, Verdict::Fail);
    assert_eq!(arg(&found[1], "method"), "LOGIN");
    assert_eq!(arg(&found[1], "offered"), "PLAIN");
}

#[test]
fn a_relay_certificate_for_another_name_is_a_warning() {
    let (found, _) = smtp_check(
        LOGIN_OVER_STARTTLS,
        &["smtp.elsewhere.test"],
        Some("login"),
        None,
    );
    assert_eq!(
        keys(&found),
        vec![ks::CERT_NAMES, ks::TLS_OK, ks::AUTH_OFFERED],
        "{found:?}"
    );
    assert_eq!(found[0].verdict, Verdict::Warn);
    assert_eq!(arg(&found[0], "names"), "smtp.elsewhere.test");
}

#[test]
fn a_test_mail_is_sent_only_without_a_password() {
    let open = Offer {
        open: true,
        ..LOGIN_OVER_STARTTLS
    };
    let (found, heard) = smtp_check(open.clone(), &[RELAY], None, Some("team@example.test"));
    assert_eq!(keys(&found), vec![ks::TLS_OK, ks::SENT], "{found:?}");
    assert!(
        heard.iter().any(|l| l == "RCPT TO:<team@example.test>"),
        "{heard:?}"
    );
    assert!(
        heard.iter().any(|l| l == "Subject: hostplan preflight"),
        "{heard:?}"
    );

    let (found, heard) = smtp_check(open, &[RELAY], Some("login"), Some("team@example.test"));
    assert_eq!(
        keys(&found),
        vec![ks::TLS_OK, ks::AUTH_OFFERED, ks::NEEDS_PASSWORD]
    );
    assert_eq!(found[2].verdict, Verdict::NotChecked);
    assert!(!heard.iter().any(|l| l.starts_with("MAIL")), "{heard:?}");

    let (found, _) = smtp_check(
        LOGIN_OVER_STARTTLS,
        &[RELAY],
        None,
        Some("team@example.test"),
    );
    assert_eq!(keys(&found), vec![ks::TLS_OK, ks::REFUSED], "{found:?}");
    assert_eq!(found[1].verdict, Verdict::NotChecked);
}

#[test]
fn no_relay_is_not_checked() {
    let found = smtp::check(&site_target(), &probe(443, Duration::from_secs(1)));
    assert_eq!(keys(&found), vec![ks::NO_RELAY]);
    assert_eq!(found[0].verdict, Verdict::NotChecked);
}

/// The command run against the demo plan, its host pointed at this machine and its HTTPS
/// port at `port`: the exit status and the ids of the findings.
fn command_tls(port: u16) -> (Option<i32>, Vec<String>) {
    let demo_host = "cpims.mosw.gov.kl";
    let out = crate::common::bin()
        .args(["preflight", "--demo", "--only", "tls", "--json"])
        .arg("--resolve")
        .arg(format!("{demo_host}:127.0.0.1"))
        .arg("--https-port")
        .arg(port.to_string())
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap().to_string())
        .collect();
    (out.status.code(), ids)
}

#[test]
fn the_command_checks_the_chain_the_site_serves() {
    let ca = intermediate();
    let (port, server) = tls_server(&site(&ca, &["cpims.mosw.gov.kl"], -1, 365));
    assert_eq!(command_tls(port), (Some(0), vec![kt::PASSED.to_string()]));
    server.join().unwrap();

    let (port, server) = tls_server(&leaf_only(site(&ca, &["cpims.mosw.gov.kl"], -1, 365)));
    assert_eq!(
        command_tls(port),
        (Some(1), vec![kt::LEAF_ONLY.to_string()])
    );
    server.join().unwrap();
}
