//! The postgres check: when PostgreSQL runs apart from Primero (another machine of the
//! team's or a managed service), this server reaches it and it offers TLS; with
//! `--db-url`, it lets the user in and runs a version Primero supports.
//!
//! The PostgreSQL wire protocol (version 3.0) is spoken directly: the SSLRequest, the
//! startup message and the login (trust, cleartext password, SCRAM-SHA-256), then the
//! `server_version` the server reports before it is ready for queries. No query is sent.

use super::{Check, Finding, Probe, Target, net, target::RemoteDatabase};
// Keys by their full path, so the catalogue test sees each one used.
use crate::base::key;
use std::io::{Read, Write};
use std::time::{Duration, Instant};

/// The oldest PostgreSQL major version Primero v2 runs on, and the newest it is tested
/// with: the deployment's `primero_postgres_version` takes 14 or 15 (docs/config.md, the
/// inventory check) and Primero's own database image is 15 (export/config/inventory.rs).
const PRIMERO_MIN: u32 = 14;
const PRIMERO_TESTED_MAX: u32 = 15;

/// OpenFn Lightning asks for PostgreSQL 14.2 or later (OpenFn's published requirements,
/// cited in docs/sizing.md and docs/responsibilities.md). A database server Lightning
/// shares with Primero needs it too.
const LIGHTNING_MIN: (u32, u32) = (14, 2);

/// The SSLRequest: length 8, then the code 1234 5679 (80877103).
const SSL_REQUEST: [u8; 8] = [0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f];

/// Protocol 3.0 in the startup message.
const PROTOCOL_3: u32 = 196_608;

/// No message of the login is anywhere near this long; a longer length is not PostgreSQL.
const MAX_MESSAGE: usize = 1 << 20;

/// Whether the login can go over TLS here: rustls with ring is built on Linux only.
const TLS_BUILT: bool = cfg!(target_os = "linux");

/// SCRAM's iteration count is the server's to choose; beyond this the check would spend
/// minutes hashing for a server that is not behaving.
const MAX_ITERATIONS: u32 = 1_000_000;

pub fn check(target: &Target, probe: &Probe) -> Vec<Finding> {
    let Some(db) = &target.database else {
        return vec![Finding::not_checked(
            Check::Postgres,
            key::preflight_database::local::TEXT,
        )];
    };
    let mut found = vec![tls_offered(db, probe)];
    if let Some(url) = &probe.db_url {
        found.extend(version(url, probe));
    }
    found
}

/// What the server answers to an SSLRequest.
enum Offer {
    Tls,
    Plain,
    Silent,
    Other,
}

fn tls_offered(db: &RemoteDatabase, probe: &Probe) -> Finding {
    let stream = match net::connect(&db.host, db.port, probe) {
        Ok(s) => s,
        Err(e) => return unreachable(&db.host, db.port, e),
    };
    let f = match ask_tls(stream) {
        (Offer::Tls, _) => Finding::pass(Check::Postgres, key::preflight_database::tls::ON),
        (Offer::Plain, _) if db.managed => {
            Finding::fail(Check::Postgres, key::preflight_database::tls::OFF_MANAGED)
                .todo(key::preflight_database::tls::OFF_MANAGED_TODO)
        }
        (Offer::Plain, _) => Finding::warn(Check::Postgres, key::preflight_database::tls::OFF_OWN)
            .todo(key::preflight_database::tls::OFF_OWN_TODO),
        (Offer::Silent, _) => {
            Finding::fail(Check::Postgres, key::preflight_database::tls::NO_REPLY)
                .arg("seconds", probe.timeout.as_secs_f64())
                .todo(key::preflight_database::tls::NOT_POSTGRES_TODO)
        }
        (Offer::Other, _) => {
            Finding::fail(Check::Postgres, key::preflight_database::tls::NOT_POSTGRES)
                .todo(key::preflight_database::tls::NOT_POSTGRES_TODO)
        }
    };
    f.arg("host", &db.host).arg("port", db.port)
}

fn unreachable(host: &str, port: u16, e: net::Unreachable) -> Finding {
    let f = match e {
        net::Unreachable::NoAddress => {
            Finding::fail(Check::Postgres, key::preflight_database::reach::NO_ADDRESS)
                .todo(key::preflight_database::reach::NO_ADDRESS_TODO)
        }
        net::Unreachable::NoAnswer(error) => {
            Finding::fail(Check::Postgres, key::preflight_database::reach::NO_ANSWER)
                .arg("error", error)
                .todo(key::preflight_database::reach::TODO)
        }
    };
    f.arg("host", host).arg("port", port)
}

/// Sends the SSLRequest and reads the one-byte answer; the stream is given back for the
/// TLS handshake or the plain login that follows.
fn ask_tls<S: Read + Write>(mut stream: S) -> (Offer, S) {
    if stream.write_all(&SSL_REQUEST).is_err() {
        return (Offer::Silent, stream);
    }
    let mut answer = [0u8; 1];
    let offer = match stream.read(&mut answer) {
        Ok(1) if answer[0] == b'S' => Offer::Tls,
        Ok(1) if answer[0] == b'N' => Offer::Plain,
        Ok(_) => Offer::Other,
        Err(e) if timed_out(&e) => Offer::Silent,
        Err(_) => Offer::Other,
    };
    (offer, stream)
}

fn timed_out(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
    )
}

/// What `--db-url` says: where, who, and how TLS is wanted (libpq's `sslmode`).
#[derive(Debug, PartialEq)]
struct DbUrl {
    host: String,
    port: u16,
    user: String,
    password: Option<String>,
    database: String,
    sslmode: String,
}

impl DbUrl {
    fn wants_tls(&self) -> bool {
        matches!(
            self.sslmode.as_str(),
            "require" | "verify-ca" | "verify-full"
        )
    }

    fn tries_tls(&self) -> bool {
        self.sslmode != "disable"
    }
}

/// Reads `postgresql://user:password@host:port/database?sslmode=...` (or `postgres://`);
/// `None` when it is not of that form. Without sslmode, libpq's default `prefer`.
fn parse_url(url: &str) -> Option<DbUrl> {
    let rest = url
        .strip_prefix("postgresql://")
        .or_else(|| url.strip_prefix("postgres://"))?;
    let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let (userinfo, hostport) = authority.rsplit_once('@')?;
    let (user, password) = match userinfo.split_once(':') {
        Some((u, p)) => (decode(u)?, Some(decode(p)?)),
        None => (decode(userinfo)?, None),
    };
    let (host, port) = host_port(hostport)?;
    let database = match decode(path)? {
        d if d.is_empty() => user.clone(),
        d => d,
    };
    let sslmode = query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(name, _)| *name == "sslmode")
        .map(|(_, v)| v.to_string())
        .unwrap_or_else(|| "prefer".to_string());
    if user.is_empty() || host.is_empty() {
        return None;
    }
    if !crate::export::config::vars::SSL_MODES.contains(&sslmode.as_str()) {
        return None;
    }
    Some(DbUrl {
        host,
        port,
        user,
        password,
        database,
        sslmode,
    })
}

/// `host`, `host:port`, `[v6]` or `[v6]:port`; PostgreSQL's port 5432 when none is given.
fn host_port(text: &str) -> Option<(String, u16)> {
    let (host, port) = if let Some(rest) = text.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        (host, after.strip_prefix(':'))
    } else {
        match text.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (text, None),
        }
    };
    let port = match port {
        Some(p) => p.parse().ok().filter(|p| *p != 0)?,
        None => 5432,
    };
    Some((decode(host)?, port))
}

/// Undoes the `%XX` escapes of a URL part.
fn decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Logs in as `--db-url` says and judges the version the server reports.
fn version(url: &str, probe: &Probe) -> Vec<Finding> {
    let Some(url) = parse_url(url) else {
        return vec![
            Finding::not_checked(Check::Postgres, key::preflight_database::version::BAD_URL)
                .todo(key::preflight_database::version::BAD_URL_TODO),
        ];
    };
    let stream = match net::connect(&url.host, url.port, probe) {
        Ok(s) => s,
        Err(e) => return vec![unreachable(&url.host, url.port, e)],
    };
    let mut found = Vec::new();
    if url.sslmode.starts_with("verify") {
        found.push(
            Finding::not_checked(
                Check::Postgres,
                key::preflight_database::version::NOT_VERIFIED,
            )
            .arg("host", &url.host)
            .arg("mode", &url.sslmode),
        );
    }
    let login = Login::new(&url, probe.timeout);
    let outcome = if url.tries_tls() && TLS_BUILT {
        match ask_tls(stream) {
            (Offer::Tls, s) => over_tls(s, &url, login),
            (Offer::Plain, s) if !url.wants_tls() => login.run(s),
            (Offer::Plain, _) => Outcome::NoTls,
            (Offer::Silent, _) => Outcome::Broken(timed_out_text(probe)),
            (Offer::Other, _) => Outcome::Garbled,
        }
    } else if url.wants_tls() {
        Outcome::TlsElsewhere
    } else {
        // sslmode=prefer or allow without TLS built in: plain, as libpq built without it.
        login.run(stream)
    };
    found.push(judge(outcome, &url));
    found
}

fn timed_out_text(probe: &Probe) -> String {
    std::io::Error::new(
        std::io::ErrorKind::TimedOut,
        format!("{} s", probe.timeout.as_secs_f64()),
    )
    .to_string()
}

/// How the login ended.
#[derive(Debug, PartialEq)]
enum Outcome {
    Version(String),
    NoVersion,
    Refused(String),
    NoPassword,
    Md5,
    OtherAuth(String),
    NoTls,
    /// Only where TLS is built (Linux).
    #[cfg_attr(not(target_os = "linux"), allow(dead_code))]
    TlsFailed(String),
    TlsElsewhere,
    Broken(String),
    Garbled,
}

fn judge(outcome: Outcome, url: &DbUrl) -> Finding {
    let f = match outcome {
        Outcome::Version(v) => return judge_version(&v, url),
        Outcome::NoVersion => Finding::not_checked(
            Check::Postgres,
            key::preflight_database::version::NO_VERSION,
        )
        .arg("user", &url.user),
        Outcome::Refused(message) => {
            Finding::fail(Check::Postgres, key::preflight_database::version::REFUSED)
                .arg("user", &url.user)
                .arg("message", message)
                .todo(key::preflight_database::version::REFUSED_TODO)
        }
        Outcome::NoPassword => Finding::fail(
            Check::Postgres,
            key::preflight_database::version::NO_PASSWORD,
        )
        .arg("user", &url.user)
        .todo(key::preflight_database::version::BAD_URL_TODO),
        Outcome::Md5 => {
            Finding::not_checked(Check::Postgres, key::preflight_database::version::MD5)
                .todo(key::preflight_database::version::MD5_TODO)
        }
        Outcome::OtherAuth(method) => Finding::not_checked(
            Check::Postgres,
            key::preflight_database::version::OTHER_AUTH,
        )
        .arg("method", method),
        Outcome::NoTls => Finding::fail(Check::Postgres, key::preflight_database::version::NO_TLS)
            .arg("mode", &url.sslmode)
            .todo(key::preflight_database::tls::OFF_OWN_TODO),
        Outcome::TlsFailed(error) => Finding::fail(
            Check::Postgres,
            key::preflight_database::version::TLS_FAILED,
        )
        .arg("error", error),
        Outcome::TlsElsewhere => Finding::not_checked(
            Check::Postgres,
            key::preflight_database::version::TLS_ELSEWHERE,
        )
        .arg("mode", &url.sslmode),
        Outcome::Broken(error) => {
            Finding::fail(Check::Postgres, key::preflight_database::version::BROKEN)
                .arg("error", error)
                .todo(key::preflight_database::reach::TODO)
        }
        Outcome::Garbled => {
            Finding::fail(Check::Postgres, key::preflight_database::version::GARBLED)
                .todo(key::preflight_database::tls::NOT_POSTGRES_TODO)
        }
    };
    f.arg("host", &url.host).arg("port", url.port)
}

fn judge_version(version: &str, url: &DbUrl) -> Finding {
    let shown = version.split_whitespace().next().unwrap_or(version);
    let f = match major_minor(version) {
        None => Finding::not_checked(
            Check::Postgres,
            key::preflight_database::version::NO_VERSION,
        )
        .arg("user", &url.user),
        Some((major, _)) if major < PRIMERO_MIN => {
            Finding::fail(Check::Postgres, key::preflight_database::version::TOO_OLD)
                .arg("minimum", PRIMERO_MIN)
                .todo(key::preflight_database::version::TOO_OLD_TODO)
        }
        Some(found) if found < LIGHTNING_MIN => {
            Finding::warn(Check::Postgres, key::preflight_database::version::LIGHTNING)
                .arg(
                    "minimum",
                    format!("{}.{}", LIGHTNING_MIN.0, LIGHTNING_MIN.1),
                )
                .todo(key::preflight_database::version::LIGHTNING_TODO)
        }
        Some((major, _)) if major > PRIMERO_TESTED_MAX => {
            Finding::warn(Check::Postgres, key::preflight_database::version::NEWER)
                .arg("tested", tested_range())
                .todo(key::preflight_database::version::NEWER_TODO)
        }
        Some(_) => Finding::pass(Check::Postgres, key::preflight_database::version::SUPPORTED),
    };
    f.arg("version", shown)
        .arg("host", &url.host)
        .arg("port", url.port)
}

fn tested_range() -> String {
    (PRIMERO_MIN..=PRIMERO_TESTED_MAX)
        .map(|v| v.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// `15.18 (Debian 15.18-0+deb12u1)` gives (15, 18); `16beta1` gives (16, 0).
fn major_minor(version: &str) -> Option<(u32, u32)> {
    let digits = |s: &str| -> String { s.chars().take_while(char::is_ascii_digit).collect() };
    let major: u32 = digits(version).parse().ok()?;
    let rest = &version[digits(version).len()..];
    let minor = rest
        .strip_prefix('.')
        .and_then(|r| digits(r).parse().ok())
        .unwrap_or(0);
    Some((major, minor))
}

/// The login over TLS (rustls on ring, built on Linux only). The certificate is not
/// verified, as libpq does not for sslmode=require: the check reads a version, it sends
/// no case data, and the password goes by SCRAM, which does not reveal it. The handshake
/// is done first, so that its failure is told apart from the login's.
#[cfg(target_os = "linux")]
fn over_tls(stream: std::net::TcpStream, url: &DbUrl, login: Login) -> Outcome {
    match super::handshake::handshake(stream, &url.host) {
        Ok(s) => login.run(s),
        Err(e) => Outcome::TlsFailed(e.to_string()),
    }
}

#[cfg(not(target_os = "linux"))]
fn over_tls(_stream: std::net::TcpStream, _url: &DbUrl, _login: Login) -> Outcome {
    Outcome::TlsElsewhere
}

/// The login: startup message, authentication, then the parameters the server reports
/// until it is ready for queries, within a deadline over the whole exchange (a server
/// that answers a byte at a time cannot hold the check up).
struct Login<'a> {
    url: &'a DbUrl,
    deadline: Instant,
}

impl<'a> Login<'a> {
    fn new(url: &'a DbUrl, timeout: Duration) -> Login<'a> {
        Login {
            url,
            deadline: Instant::now() + timeout * 3,
        }
    }

    fn run<S: Read + Write>(self, mut stream: S) -> Outcome {
        match self.exchange(&mut stream) {
            Ok(outcome) => outcome,
            Err(Stop::Io(e)) => Outcome::Broken(e),
            Err(Stop::Garbled) => Outcome::Garbled,
            Err(Stop::Done(outcome)) => outcome,
        }
    }

    fn exchange<S: Read + Write>(&self, stream: &mut S) -> Result<Outcome, Stop> {
        send(stream, None, &startup(self.url))?;
        let mut version = None;
        let mut scram: Option<Scram> = None;
        loop {
            if Instant::now() > self.deadline {
                return Err(Stop::Io(std::io::ErrorKind::TimedOut.to_string()));
            }
            let (kind, body) = receive(stream)?;
            match kind {
                b'R' => scram = self.authenticate(stream, &body, scram)?,
                b'S' => {
                    if let Some(v) = parameter(&body, "server_version") {
                        version = Some(v);
                    }
                }
                b'E' => return Ok(Outcome::Refused(error_message(&body))),
                b'Z' => {
                    let _ = send(stream, Some(b'X'), &[]);
                    return Ok(version.map_or(Outcome::NoVersion, Outcome::Version));
                }
                // Backend key, notices and the like say nothing the check needs.
                _ => {}
            }
        }
    }

    /// One authentication request, answered; SCRAM's state is carried between its steps.
    fn authenticate<S: Write>(
        &self,
        stream: &mut S,
        body: &[u8],
        scram: Option<Scram>,
    ) -> Result<Option<Scram>, Stop> {
        let code = int32(body, 0).ok_or(Stop::Garbled)?;
        let data = &body[4..];
        match code {
            0 => Ok(scram),
            3 => {
                send(stream, Some(b'p'), &cstring(self.password()?))?;
                Ok(None)
            }
            5 => Err(Stop::Done(Outcome::Md5)),
            10 => self.sasl_start(stream, data),
            11 => {
                let scram = scram.ok_or(Stop::Garbled)?;
                let reply = scram.client_final(data, self.password()?)?;
                send(stream, Some(b'p'), reply.0.as_bytes())?;
                Ok(Some(reply.1))
            }
            12 => {
                let scram = scram.ok_or(Stop::Garbled)?;
                scram.verify_server(data)?;
                Ok(None)
            }
            other => Err(Stop::Done(Outcome::OtherAuth(auth_name(other)))),
        }
    }

    fn sasl_start<S: Write>(&self, stream: &mut S, data: &[u8]) -> Result<Option<Scram>, Stop> {
        let offered: Vec<&[u8]> = data.split(|b| *b == 0).filter(|m| !m.is_empty()).collect();
        if !offered.contains(&b"SCRAM-SHA-256".as_slice()) {
            let names: Vec<String> = offered
                .iter()
                .map(|m| String::from_utf8_lossy(m).into_owned())
                .collect();
            return Err(Stop::Done(Outcome::OtherAuth(names.join(", "))));
        }
        self.password()?;
        let scram = Scram::start().ok_or(Stop::Io("no random numbers".to_string()))?;
        let first = scram.client_first();
        let mut body = cstring("SCRAM-SHA-256");
        body.extend((first.len() as u32).to_be_bytes());
        body.extend(first.as_bytes());
        send(stream, Some(b'p'), &body)?;
        Ok(Some(scram))
    }

    /// The password of the URL; a server asking for one when none was given refuses.
    fn password(&self) -> Result<&str, Stop> {
        self.url
            .password
            .as_deref()
            .ok_or(Stop::Done(Outcome::NoPassword))
    }
}

/// Why the login stopped before the server was ready.
enum Stop {
    Io(String),
    Garbled,
    Done(Outcome),
}

impl From<std::io::Error> for Stop {
    fn from(e: std::io::Error) -> Stop {
        Stop::Io(e.to_string())
    }
}

/// The names of the other authentication requests of protocol 3.0.
fn auth_name(code: u32) -> String {
    match code {
        2 => "Kerberos V5".to_string(),
        6 => "SCM credentials".to_string(),
        7 | 8 => "GSSAPI".to_string(),
        9 => "SSPI".to_string(),
        other => other.to_string(),
    }
}

fn startup(url: &DbUrl) -> Vec<u8> {
    let mut body = PROTOCOL_3.to_be_bytes().to_vec();
    for (name, value) in [
        ("user", url.user.as_str()),
        ("database", url.database.as_str()),
        ("application_name", "hostplan preflight"),
    ] {
        body.extend(cstring(name));
        body.extend(cstring(value));
    }
    body.push(0);
    body
}

fn cstring(text: &str) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    bytes.push(0);
    bytes
}

/// A message: its type byte (none for the startup message), its length, its body.
fn send<S: Write>(stream: &mut S, kind: Option<u8>, body: &[u8]) -> std::io::Result<()> {
    let mut message = Vec::with_capacity(body.len() + 5);
    message.extend(kind);
    message.extend(((body.len() + 4) as u32).to_be_bytes());
    message.extend(body);
    stream.write_all(&message)?;
    stream.flush()
}

fn receive<S: Read>(stream: &mut S) -> Result<(u8, Vec<u8>), Stop> {
    let mut head = [0u8; 5];
    stream.read_exact(&mut head)?;
    let length = int32(&head, 1).ok_or(Stop::Garbled)? as usize;
    if !(4..=MAX_MESSAGE).contains(&length) {
        return Err(Stop::Garbled);
    }
    let mut body = vec![0u8; length - 4];
    stream.read_exact(&mut body)?;
    Ok((head[0], body))
}

fn int32(bytes: &[u8], at: usize) -> Option<u32> {
    let four: [u8; 4] = bytes.get(at..at + 4)?.try_into().ok()?;
    Some(u32::from_be_bytes(four))
}

/// The value of a ParameterStatus message when it names `wanted`.
fn parameter(body: &[u8], wanted: &str) -> Option<String> {
    let mut parts = body.split(|b| *b == 0);
    let name = parts.next()?;
    let value = parts.next()?;
    (name == wanted.as_bytes()).then(|| String::from_utf8_lossy(value).into_owned())
}

/// The human message of an ErrorResponse (its `M` field).
fn error_message(body: &[u8]) -> String {
    body.split(|b| *b == 0)
        .find_map(|field| field.strip_prefix(b"M"))
        .map(|m| String::from_utf8_lossy(m).into_owned())
        .unwrap_or_default()
}

/// SCRAM-SHA-256 as PostgreSQL speaks it (RFC 5802 and 7677, without channel binding):
/// the user name goes in the startup message, so the SCRAM one is left empty.
struct Scram {
    user: String,
    nonce: String,
    auth_message: String,
    salted: [u8; 32],
}

impl Scram {
    fn start() -> Option<Scram> {
        use base64::Engine as _;
        let mut random = [0u8; 18];
        getrandom::fill(&mut random).ok()?;
        Some(Scram {
            user: String::new(),
            nonce: base64::engine::general_purpose::STANDARD.encode(random),
            auth_message: String::new(),
            salted: [0; 32],
        })
    }

    fn client_first_bare(&self) -> String {
        format!("n={},r={}", self.user, self.nonce)
    }

    fn client_first(&self) -> String {
        format!("n,,{}", self.client_first_bare())
    }

    /// Answers the server's first message with the proof the password gives.
    fn client_final(self, server_first: &[u8], password: &str) -> Result<(String, Scram), Stop> {
        use base64::Engine as _;
        let b64 = base64::engine::general_purpose::STANDARD;
        let server_first = std::str::from_utf8(server_first).map_err(|_| Stop::Garbled)?;
        let field = |name: &str| {
            server_first
                .split(',')
                .find_map(|f| f.strip_prefix(name).and_then(|v| v.strip_prefix('=')))
        };
        let nonce = field("r").filter(|r| r.starts_with(&self.nonce) && r.len() > self.nonce.len());
        let salt = field("s").and_then(|s| b64.decode(s).ok());
        let iterations = field("i").and_then(|i| i.parse::<u32>().ok());
        let (Some(nonce), Some(salt), Some(iterations)) = (nonce, salt, iterations) else {
            return Err(Stop::Garbled);
        };
        if iterations == 0 || iterations > MAX_ITERATIONS {
            return Err(Stop::Garbled);
        }
        let mut salted = [0u8; 32];
        pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password.as_bytes(), &salt, iterations, &mut salted);
        let without_proof = format!("c=biws,r={nonce}");
        let auth_message = format!(
            "{},{server_first},{without_proof}",
            self.client_first_bare()
        );
        let client_key = hmac(&salted, b"Client Key");
        let stored_key: [u8; 32] = {
            use sha2::Digest as _;
            sha2::Sha256::digest(client_key).into()
        };
        let signature = hmac(&stored_key, auth_message.as_bytes());
        let proof: Vec<u8> = client_key
            .iter()
            .zip(signature)
            .map(|(k, s)| k ^ s)
            .collect();
        let reply = format!("{without_proof},p={}", b64.encode(proof));
        Ok((
            reply,
            Scram {
                user: self.user,
                nonce: self.nonce,
                auth_message,
                salted,
            },
        ))
    }

    /// The server proves it knew the password too; a server that cannot is not the one
    /// the team set up.
    fn verify_server(&self, server_final: &[u8]) -> Result<(), Stop> {
        use base64::Engine as _;
        let text = std::str::from_utf8(server_final).map_err(|_| Stop::Garbled)?;
        let given = text
            .strip_prefix("v=")
            .and_then(|v| base64::engine::general_purpose::STANDARD.decode(v).ok())
            .ok_or(Stop::Garbled)?;
        let server_key = hmac(&self.salted, b"Server Key");
        let expected = hmac(&server_key, self.auth_message.as_bytes());
        if given == expected {
            Ok(())
        } else {
            Err(Stop::Garbled)
        }
    }
}

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    use hmac::Mac as _;
    // HMAC takes a key of any length: new_from_slice cannot fail for it.
    match hmac::Hmac::<sha2::Sha256>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(data);
            mac.finalize().into_bytes().into()
        }
        Err(_) => [0; 32],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_read_as_libpq_reads_them() {
        let u =
            parse_url("postgresql://pri%40mero:p%3Ass@db.example.org:6543/primero?sslmode=require")
                .unwrap();
        assert_eq!(u.user, "pri@mero");
        assert_eq!(u.password.as_deref(), Some("p:ss"));
        assert_eq!((u.host.as_str(), u.port), ("db.example.org", 6543));
        assert_eq!(u.database, "primero");
        assert!(u.wants_tls());
        let u = parse_url("postgres://me@[::1]").unwrap();
        assert_eq!((u.host.as_str(), u.port), ("::1", 5432));
        assert_eq!((u.database.as_str(), u.sslmode.as_str()), ("me", "prefer"));
        assert_eq!(parse_url("mysql://a@b"), None);
        assert_eq!(parse_url("postgresql://db.example.org"), None);
        assert_eq!(parse_url("postgresql://a@b:0"), None);
        assert_eq!(parse_url("postgresql://a@b?sslmode=sometimes"), None);
        assert_eq!(parse_url("postgresql://a%zz@b"), None);
    }

    #[test]
    fn versions_are_read_from_what_the_server_says() {
        assert_eq!(
            major_minor("15.18 (Debian 15.18-0+deb12u1)"),
            Some((15, 18))
        );
        assert_eq!(major_minor("16beta1"), Some((16, 0)));
        assert_eq!(major_minor("9.6.24"), Some((9, 6)));
        assert_eq!(major_minor("Ubuntu"), None);
    }

    /// RFC 7677's example exchange (its user name is one PostgreSQL leaves empty).
    #[test]
    fn scram_gives_the_proofs_of_rfc_7677() {
        let scram = Scram {
            user: "user".to_string(),
            nonce: "rOprNGfwEbeRWgbNEkqO".to_string(),
            auth_message: String::new(),
            salted: [0; 32],
        };
        let server_first = b"r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
        let Ok((reply, scram)) = scram.client_final(server_first, "pencil") else {
            panic!("the RFC's server-first message is read");
        };
        assert_eq!(
            reply,
            "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="
        );
        assert!(
            scram
                .verify_server(b"v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")
                .is_ok()
        );
        assert!(scram.verify_server(b"v=AAAA").is_err());
    }
}
