//! The postgres check of `hostplan preflight` against real PostgreSQL servers: one without
//! TLS and one with, started by `.ci/postgres` (which prints the variables naming them),
//! plus a server that never answers and a port nobody listens on.

use hostplan::base::key::preflight_database as k;
use hostplan::preflight::target::RemoteDatabase;
use hostplan::preflight::{Check, Finding, Probe, Target, Verdict, postgres};
use std::net::TcpListener;
use std::time::{Duration, Instant};

const PLAIN: &str = "HOSTPLAN_TEST_PG_PLAIN";
const TLS: &str = "HOSTPLAN_TEST_PG_TLS";

/// The server a variable names as `host:port`. Without it the test is skipped with a
/// note, unless HOSTPLAN_REQUIRE_TOOLS says this machine must have it (as under CI).
fn server(var: &str) -> Option<(String, u16)> {
    let Ok(value) = std::env::var(var) else {
        assert!(
            std::env::var_os("HOSTPLAN_REQUIRE_TOOLS").is_none(),
            "{var} is required here; eval \"$(.ci/postgres)\" sets it"
        );
        eprintln!("skipped: {var} is not set (eval \"$(.ci/postgres)\" starts the servers)");
        return None;
    };
    let (host, port) = value.rsplit_once(':').expect("the variable is host:port");
    Some((
        host.to_string(),
        port.parse().expect("the port is a number"),
    ))
}

fn target(host: &str, port: u16, managed: bool) -> Target {
    Target {
        database: Some(RemoteDatabase {
            host: host.to_string(),
            port,
            managed,
        }),
        ..Target::default()
    }
}

fn probe(timeout: Duration, db_url: Option<String>) -> Probe {
    Probe {
        root: "/".into(),
        resolve: Vec::new(),
        timeout,
        now: 1_790_000_000,
        db_url,
        send_test_mail: None,
        certificate: None,
        tls_port: 443,
    }
}

fn url(host: &str, port: u16, password: &str, sslmode: &str) -> String {
    format!("postgresql://hostplan:{password}@{host}:{port}/postgres?sslmode={sslmode}")
}

fn only(found: &[Finding]) -> &Finding {
    assert_eq!(found.len(), 1, "one finding expected: {found:#?}");
    &found[0]
}

fn arg<'a>(f: &'a Finding, name: &str) -> &'a str {
    f.args
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no {name} in {f:#?}"))
}

fn seconds(n: u64) -> Duration {
    Duration::from_secs(n)
}

#[test]
fn without_a_database_server_there_is_nothing_to_reach() {
    let found = postgres::check(&Target::default(), &probe(seconds(2), None));
    let f = only(&found);
    assert_eq!(
        (f.check, f.verdict, f.key),
        (Check::Postgres, Verdict::NotChecked, k::local::TEXT)
    );
}

#[test]
fn no_tls_warns_for_an_own_server_and_fails_for_a_managed_one() {
    let Some((host, port)) = server(PLAIN) else {
        return;
    };
    let found = postgres::check(&target(&host, port, false), &probe(seconds(5), None));
    let f = only(&found);
    assert_eq!((f.verdict, f.key), (Verdict::Warn, k::tls::OFF_OWN));
    assert_eq!(f.todo, Some(k::tls::OFF_OWN_TODO));
    let found = postgres::check(&target(&host, port, true), &probe(seconds(5), None));
    let f = only(&found);
    assert_eq!((f.verdict, f.key), (Verdict::Fail, k::tls::OFF_MANAGED));
    assert_eq!(arg(f, "port"), port.to_string());
}

#[test]
fn tls_on_passes() {
    let Some((host, port)) = server(TLS) else {
        return;
    };
    for managed in [false, true] {
        let found = postgres::check(&target(&host, port, managed), &probe(seconds(5), None));
        let f = only(&found);
        assert_eq!((f.verdict, f.key), (Verdict::Pass, k::tls::ON));
    }
}

#[test]
fn db_url_reads_the_version_over_tls() {
    let Some((host, port)) = server(TLS) else {
        return;
    };
    let db_url = url(&host, port, "hostplan", "require");
    let found = postgres::check(&target(&host, port, true), &probe(seconds(5), Some(db_url)));
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(found[0].key, k::tls::ON);
    let f = &found[1];
    // The clusters are Debian's PostgreSQL, 15 on bookworm: a version Primero supports.
    assert_eq!(
        (f.verdict, f.key),
        (Verdict::Pass, k::version::SUPPORTED),
        "{f:#?}"
    );
    let version = arg(f, "version");
    let major: u32 = version
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .expect(version);
    assert!((14..=15).contains(&major), "{version}");
}

#[test]
fn db_url_with_a_wrong_password_is_refused() {
    let Some((host, port)) = server(TLS) else {
        return;
    };
    let db_url = url(&host, port, "not-the-password", "require");
    let found = postgres::check(
        &target(&host, port, false),
        &probe(seconds(5), Some(db_url)),
    );
    let f = &found[1];
    assert_eq!(
        (f.verdict, f.key),
        (Verdict::Fail, k::version::REFUSED),
        "{f:#?}"
    );
    assert!(arg(f, "message").contains("password"), "{f:#?}");
}

#[test]
fn db_url_requiring_tls_fails_where_there_is_none_and_reads_the_version_without() {
    let Some((host, port)) = server(PLAIN) else {
        return;
    };
    let require = url(&host, port, "hostplan", "require");
    let found = postgres::check(
        &target(&host, port, false),
        &probe(seconds(5), Some(require)),
    );
    assert_eq!(
        (found[1].verdict, found[1].key),
        (Verdict::Fail, k::version::NO_TLS)
    );
    // prefer, libpq's default, goes on in clear when the server offers no TLS.
    let prefer = format!("postgresql://hostplan:hostplan@{host}:{port}/postgres");
    let found = postgres::check(
        &target(&host, port, false),
        &probe(seconds(5), Some(prefer)),
    );
    assert_eq!(
        (found[1].verdict, found[1].key),
        (Verdict::Pass, k::version::SUPPORTED),
        "{found:#?}"
    );
}

/// A server that accepts connections and never says a word, for as long as the test runs.
fn silent_server() -> (TcpListener, u16) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
    let port = listener.local_addr().expect("its address").port();
    let accepting = listener.try_clone().expect("the listener");
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in accepting.incoming().flatten() {
            held.push(stream);
        }
    });
    (listener, port)
}

#[test]
fn a_server_that_never_answers_ends_within_the_timeout() {
    let (_listener, port) = silent_server();
    let timeout = Duration::from_millis(400);
    let started = Instant::now();
    let found = postgres::check(&target("127.0.0.1", port, false), &probe(timeout, None));
    assert!(started.elapsed() < seconds(3), "{:?}", started.elapsed());
    let f = only(&found);
    assert_eq!((f.verdict, f.key), (Verdict::Fail, k::tls::NO_REPLY));

    let db_url = url("127.0.0.1", port, "hostplan", "disable");
    let started = Instant::now();
    let found = postgres::check(
        &target("127.0.0.1", port, false),
        &probe(timeout, Some(db_url)),
    );
    assert!(started.elapsed() < seconds(4), "{:?}", started.elapsed());
    assert_eq!(
        (found[1].verdict, found[1].key),
        (Verdict::Fail, k::version::BROKEN)
    );
}

#[test]
fn a_port_nobody_listens_on_fails_with_what_to_open() {
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
        listener.local_addr().expect("its address").port()
    };
    let found = postgres::check(&target("127.0.0.1", port, true), &probe(seconds(2), None));
    let f = only(&found);
    assert_eq!((f.verdict, f.key), (Verdict::Fail, k::reach::NO_ANSWER));
    assert_eq!(f.todo, Some(k::reach::TODO));
}

#[test]
fn a_host_without_an_address_fails() {
    let found = postgres::check(&target("db.invalid", 5432, true), &probe(seconds(2), None));
    let f = only(&found);
    assert_eq!((f.verdict, f.key), (Verdict::Fail, k::reach::NO_ADDRESS));
}

#[test]
fn a_db_url_that_is_not_postgresql_is_said_so() {
    let Some((host, port)) = server(TLS) else {
        return;
    };
    let found = postgres::check(
        &target(&host, port, false),
        &probe(seconds(5), Some("mysql://root@db".to_string())),
    );
    assert_eq!(
        (found[1].verdict, found[1].key),
        (Verdict::NotChecked, k::version::BAD_URL)
    );
}
