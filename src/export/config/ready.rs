//! `hostplan check DIR --ready`: may the install start now? On top of the folder's own
//! checks, every placeholder still empty is an error, and so is anything that would let
//! the install run but leave the site broken or open: a certificate nginx would refuse or
//! browsers distrust, a message secret Primero cannot encrypt with, a Lightning worker key
//! Lightning cannot decode.
//!
//! Pure: the files come in as text (read once, by the caller), with the time to judge
//! certificates by.

use super::env::{self, EnvLine};
use super::secrets::{self, Form};
use super::tls::{self, CertIssue, KeyIssue, PublicPart};
use super::yaml;
use super::{
    ANSIBLE_SECRETS_FILE, DOCKER_ENV_FILE, DOCKER_SECRETS_FILE, FolderText, INVENTORY_FILE,
    LIGHTNING_ENV_FILE, LIGHTNING_SECRETS_FILE,
};
use crate::base::diag::{self, Problem, Severity};
use crate::base::key;
use crate::base::strings::Strings;
use std::path::Path;

/// Where a Docker-only install's certificate and key go in the folder: beside
/// `local.env`, named as nginx finds them in `/srv/external-certs` on the server.
pub const DOCKER_CERT_FILE: &str = "docker/primero.crt";
pub const DOCKER_KEY_FILE: &str = "docker/primero.key";

/// Files only `--ready` reads: the export never writes them, people add them.
pub const READY_FILES: &[&str] = &[DOCKER_CERT_FILE, DOCKER_KEY_FILE];

/// The files whose empty values are placeholders, and whether each holds secrets.
const VALUE_FILES: &[(&str, bool)] = &[
    (INVENTORY_FILE, false),
    (ANSIBLE_SECRETS_FILE, true),
    (DOCKER_ENV_FILE, false),
    (DOCKER_SECRETS_FILE, true),
    (LIGHTNING_ENV_FILE, false),
    (LIGHTNING_SECRETS_FILE, true),
];

const CERT_KEY: &str = "nginx_ssl_cert";
const KEY_KEY: &str = "nginx_ssl_key";

/// Everything that stops the install from starting now, each at its file and line.
/// `now` is seconds since 1970, UTC.
pub fn check_ready(dir: &str, files: &[FolderText], now: i64, s: &Strings) -> Vec<Problem> {
    let mut r = Ready {
        dir,
        s,
        problems: Vec::new(),
    };
    let values = read_values(files);
    r.placeholders(&values);
    r.ansible_certificate(files, &values, now);
    r.docker_certificate(files, &values, now);
    r.message_secret(&values);
    r.worker_key(&values);
    // By file and line, as people work through them.
    r.problems
        .sort_by(|a, b| (&a.origin, a.line, a.column).cmp(&(&b.origin, b.line, b.column)));
    r.problems
}

/// The folder's own problems with those of `--ready`. Where both name the same line the
/// ready one says more (an empty value is a placeholder, a short secret has the wrong
/// length), so it replaces the other.
pub fn supersede(plain: Vec<Problem>, ready: Vec<Problem>) -> Vec<Problem> {
    let same = |a: &Problem, b: &Problem| a.line > 0 && (&a.origin, a.line) == (&b.origin, b.line);
    let mut all: Vec<Problem> = plain
        .into_iter()
        .filter(|p| !ready.iter().any(|r| same(r, p)))
        .collect();
    all.extend(ready);
    all
}

/// One setting as found in a file.
struct Value<'a> {
    file: &'a str,
    name: String,
    text: String,
    at: (usize, usize),
    secret_file: bool,
}

/// Every setting of the inventory, the secrets and the env files. Files that cannot be
/// read are left out: the folder's own check reports them.
fn read_values(files: &[FolderText]) -> Vec<Value<'_>> {
    let mut out = Vec::new();
    for (path, secret_file) in VALUE_FILES {
        let Some(f) = files.iter().find(|f| f.path == *path) else {
            continue;
        };
        let Some(text) = f.text.as_deref() else {
            continue;
        };
        let value = |name: &str, text: &str, at| Value {
            file: &f.path,
            name: name.to_string(),
            text: text.to_string(),
            at,
            secret_file: *secret_file,
        };
        if path.ends_with(".yml") {
            // A file YAML cannot read is the folder check's error; nothing to add here.
            for e in yaml::read(text).unwrap_or_default() {
                out.push(value(e.key(), &e.text, (e.line, e.column)));
            }
        } else {
            for EnvLine {
                name,
                value: v,
                line,
                column,
            } in env::read(text).0
            {
                out.push(value(&name, &v, (line, column)));
            }
        }
    }
    out
}

/// The last setting of that name in that file: Docker and YAML loaders both keep the
/// later of two.
fn find<'v>(values: &'v [Value], file: &str, name: &str) -> Option<&'v Value<'v>> {
    values
        .iter()
        .rev()
        .find(|v| v.file == file && v.name == name)
}

fn file_of<'f>(files: &'f [FolderText], path: &str) -> Option<&'f FolderText> {
    files.iter().find(|f| f.path == path)
}

/// A certificate or key as pasted: where it is, and its text (`None` when missing).
struct Pasted<'a> {
    file: &'a str,
    /// How messages name it: its key in the file, or the file itself.
    name: &'a str,
    /// The setting or question to fix.
    id: &'a str,
    text: Option<&'a str>,
    at: (usize, usize),
    /// A file of its own, where lines in the text are lines of the file.
    whole_file: bool,
}

impl Pasted<'_> {
    /// Where a finding about line `line` of the text is shown.
    fn place(&self, line: usize) -> (usize, usize) {
        if self.whole_file {
            (line.max(1), 1)
        } else {
            self.at
        }
    }
}

struct Ready<'a> {
    dir: &'a str,
    s: &'a Strings,
    problems: Vec<Problem>,
}

impl Ready<'_> {
    fn push(
        &mut self,
        severity: Severity,
        (file, at): (&str, (usize, usize)),
        id: &str,
        key: &'static str,
        args: &[(&'static str, &str)],
    ) {
        let origin = crate::store::inside(Path::new(self.dir), file);
        let d = Problem::new(severity, key, diag::args(args));
        let placed = d.in_file(origin.display().to_string()).at(at);
        self.problems.push(placed.about(Some(id)));
    }

    fn error(
        &mut self,
        place: (&str, (usize, usize)),
        id: &str,
        key: &'static str,
        args: &[(&'static str, &str)],
    ) {
        self.push(Severity::Error, place, id, key, args);
    }

    /// Every value still empty. The certificate keys are left to the certificate check,
    /// which says more about them.
    fn placeholders(&mut self, values: &[Value]) {
        for v in values.iter().filter(|v| v.text.is_empty()) {
            if [CERT_KEY, KEY_KEY].contains(&v.name.as_str()) {
                continue;
            }
            let secret = secrets::find(&v.name).filter(|_| v.secret_file);
            let (key, what) = match secret {
                Some(k) => (
                    key::config::ready::PLACEHOLDER_SECRET,
                    env::describe(&k, self.s),
                ),
                None => (key::config::ready::PLACEHOLDER, String::new()),
            };
            let args = [("name", v.name.as_str()), ("what", what.as_str())];
            self.error((v.file, v.at), &v.name, key, &args);
        }
    }

    /// Ansible: the certificate and key are PEM text in secrets.yml, copied to the server
    /// by Primero's external-certs playbook when `use_external_certs` is 'true'.
    fn ansible_certificate(&mut self, files: &[FolderText], values: &[Value], now: i64) {
        let external = find(values, INVENTORY_FILE, "use_external_certs");
        if external.is_none_or(|v| v.text != "true") {
            return;
        }
        let Some(secrets_file) = file_of(files, ANSIBLE_SECRETS_FILE) else {
            return;
        };
        // Missing, unreadable or not YAML: the folder's own check says which, and until
        // that is fixed nothing can be said about what was pasted in it.
        let Some(secrets_text) = secrets_file
            .text
            .as_deref()
            .filter(|t| yaml::read(t).is_ok())
        else {
            return;
        };
        let host = find(values, INVENTORY_FILE, "primero_host").map_or("", |v| v.text.as_str());
        let pasted = |name: &'static str| match find(values, ANSIBLE_SECRETS_FILE, name) {
            Some(v) => Pasted {
                file: ANSIBLE_SECRETS_FILE,
                name,
                id: name,
                text: Some(v.text.as_str()),
                at: v.at,
                whole_file: false,
            },
            None => Pasted {
                file: ANSIBLE_SECRETS_FILE,
                name,
                id: name,
                text: None,
                at: commented_out(secrets_text, name),
                whole_file: false,
            },
        };
        self.pair(&pasted(CERT_KEY), &pasted(KEY_KEY), host, now);
    }

    /// Docker alone: the certificate and key are files beside `local.env`, copied to
    /// `/srv/external-certs` by hand, when `USE_EXTERNAL_CERTS` is true.
    fn docker_certificate(&mut self, files: &[FolderText], values: &[Value], now: i64) {
        let external = find(values, DOCKER_ENV_FILE, "USE_EXTERNAL_CERTS");
        if external.is_none_or(|v| v.text != "true") {
            return;
        }
        let host = find(values, DOCKER_ENV_FILE, "PRIMERO_HOST").map_or("", |v| v.text.as_str());
        let pasted = |path: &'static str| {
            let f = file_of(files, path);
            // Unreadable: the folder's own check has named what is there instead.
            if f.is_some_and(|f| f.unreadable.is_some()) {
                return None;
            }
            Some(Pasted {
                file: path,
                name: path,
                id: "tls_certificate",
                text: f.and_then(|f| f.text.as_deref()),
                at: (0, 0),
                whole_file: true,
            })
        };
        if let (Some(cert), Some(key)) = (pasted(DOCKER_CERT_FILE), pasted(DOCKER_KEY_FILE)) {
            self.pair(&cert, &key, host, now);
        }
    }

    /// A certificate with its key: both there, the chain sound, the key its own.
    fn pair(&mut self, cert: &Pasted, key: &Pasted, host: &str, now: i64) {
        let cert_text = self.present(cert, key::config::ready::CERT_MISSING, host);
        let key_text = self.present(key, key::config::ready::KEY_MISSING, host);
        let leaf = cert_text.and_then(|text| {
            let (issues, leaf) = tls::check_chain(text, host, now);
            for issue in issues {
                self.cert_issue(cert, &issue, host);
            }
            leaf
        });
        let Some(text) = key_text else {
            return;
        };
        let issue = match &leaf {
            Some(leaf) => tls::check_key(text, leaf),
            // Without a readable certificate, at least say whether the key is one.
            None => tls::private_key(text).err(),
        };
        if let Some(issue) = issue {
            self.key_issue(key, cert, &issue);
        }
    }

    /// The text of a certificate or key, or an error saying it is missing: absent,
    /// commented out and empty are all the same to the install.
    fn present<'t>(
        &mut self,
        p: &Pasted<'t>,
        missing: &'static str,
        host: &str,
    ) -> Option<&'t str> {
        let text = p.text.filter(|t| !t.trim().is_empty());
        if text.is_none() {
            let args = [("name", p.name), ("host", host)];
            self.error((p.file, p.at), p.id, missing, &args);
        }
        text
    }

    /// "1 day", "12 days": how long until a certificate expires.
    fn days_left(&self, days: i64) -> String {
        match days {
            1 => self.s.get(key::config::ready::LEFT_ONE).to_string(),
            n => self
                .s
                .fill(key::config::ready::LEFT_MANY, &[("days", &n.to_string())]),
        }
    }

    fn cert_issue(&mut self, cert: &Pasted, issue: &CertIssue, host: &str) {
        let which = |index: usize| match index {
            0 => self.s.get(key::config::ready::WHICH_LEAF).to_string(),
            n => self.s.fill(
                key::config::ready::WHICH_INTERMEDIATE,
                &[("n", &n.to_string())],
            ),
        };
        let name = cert.name;
        let (key, line, args): (&str, usize, Vec<(&str, String)>) = match issue {
            CertIssue::NotPem => (key::config::ready::CERT_NOT_PEM, 0, vec![]),
            CertIssue::OtherBlock { label, line } => (
                key::config::ready::CERT_OTHER_BLOCK,
                *line,
                vec![("label", label.clone())],
            ),
            CertIssue::Unparsable { index, line } => (
                key::config::ready::CERT_UNPARSABLE,
                *line,
                vec![("which", which(*index))],
            ),
            CertIssue::SelfSigned => (key::config::ready::SELF_SIGNED, 0, vec![]),
            CertIssue::LeafOnly => (key::config::ready::LEAF_ONLY, 0, vec![]),
            CertIssue::ChainBreak { index, line } => (
                key::config::ready::CHAIN_BREAK,
                *line,
                vec![("which", which(*index)), ("before", which(index - 1))],
            ),
            CertIssue::Wildcard { name } => (
                key::config::ready::WILDCARD,
                0,
                vec![("wildcard", name.clone()), ("host", host.to_string())],
            ),
            CertIssue::NotYetValid { index, line, from } => (
                key::config::ready::NOT_YET_VALID,
                *line,
                vec![("which", which(*index)), ("date", date(*from))],
            ),
            CertIssue::Expired { index, line, until } => (
                key::config::ready::EXPIRED,
                *line,
                vec![("which", which(*index)), ("date", date(*until))],
            ),
            CertIssue::Expiring {
                index,
                line,
                until,
                days,
            } => (
                key::config::ready::EXPIRING,
                *line,
                vec![
                    ("which", which(*index)),
                    ("date", date(*until)),
                    ("left", self.days_left(*days)),
                    ("min", tls::MIN_DAYS_LEFT.to_string()),
                ],
            ),
            CertIssue::WrongHost { names } => (
                key::config::ready::WRONG_HOST,
                0,
                vec![("host", host.to_string()), ("names", names_list(names))],
            ),
        };
        let mut args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        args.push(("name", name));
        self.error((cert.file, cert.place(line)), cert.id, key, &args);
    }

    fn key_issue(&mut self, key: &Pasted, cert: &Pasted, issue: &KeyIssue) {
        let (message, label) = match issue {
            KeyIssue::NotPem => (key::config::ready::KEY_NOT_PEM, ""),
            KeyIssue::Encrypted => (key::config::ready::KEY_ENCRYPTED, ""),
            KeyIssue::OtherBlock { label } => (key::config::ready::KEY_OTHER_BLOCK, label.as_str()),
            KeyIssue::Unparsable => (key::config::ready::KEY_UNPARSABLE, ""),
            KeyIssue::Mismatch => (key::config::ready::KEY_MISMATCH, ""),
            KeyIssue::CannotCompare => (key::config::ready::KEY_UNKNOWN, ""),
        };
        let severity = if *issue == KeyIssue::CannotCompare {
            Severity::Warning
        } else {
            Severity::Error
        };
        let args = [("name", key.name), ("cert", cert.name), ("label", label)];
        self.push(severity, (key.file, key.place(1)), key.id, message, &args);
    }

    /// Primero's message secret is a RbNaCl SimpleBox key: any length but its own makes
    /// encryption fail. Empty ones are placeholders, reported already.
    fn message_secret(&mut self, values: &[Value]) {
        for (file, name) in [
            (ANSIBLE_SECRETS_FILE, "primero_message_secret"),
            (DOCKER_SECRETS_FILE, "PRIMERO_MESSAGE_SECRET"),
        ] {
            let Some(v) = find(values, file, name).filter(|v| !v.text.is_empty()) else {
                continue;
            };
            let Some(Form::Exact(bytes)) = secrets::find(name).map(|k| k.form) else {
                continue;
            };
            if v.text.len() != bytes {
                let args = [
                    ("name", name),
                    ("length", &v.text.len().to_string()),
                    ("bytes", &bytes.to_string()),
                ];
                self.error(
                    (file, v.at),
                    name,
                    key::config::ready::MESSAGE_SECRET,
                    &args,
                );
            }
        }
    }

    fn worker_key(&mut self, values: &[Value]) {
        let name = "WORKER_RUNS_PRIVATE_KEY";
        let Some(v) = find(values, LIGHTNING_SECRETS_FILE, name).filter(|v| !v.text.is_empty())
        else {
            return;
        };
        let key = match worker_key_issue(&v.text) {
            None => return,
            Some(WorkerIssue::Quoted) => key::config::ready::WORKER_QUOTED,
            Some(WorkerIssue::PemText) => key::config::ready::WORKER_PEM_TEXT,
            Some(WorkerIssue::NotBase64) => key::config::ready::WORKER_NOT_BASE64,
            Some(WorkerIssue::NotKey) => key::config::ready::WORKER_NOT_KEY,
            Some(WorkerIssue::NotRsa) => key::config::ready::WORKER_NOT_RSA,
        };
        self.error((LIGHTNING_SECRETS_FILE, v.at), name, key, &[("name", name)]);
    }
}

/// Where a key left out of the secrets file waits commented out (`# nginx_ssl_cert: |`),
/// so the message points at the lines to uncomment; the file as a whole otherwise.
fn commented_out(text: &str, name: &str) -> (usize, usize) {
    text.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix('#')
                .is_some_and(|rest| rest.trim_start().starts_with(&format!("{name}:")))
        })
        .map_or((0, 0), |n| (n + 1, 1))
}

fn date(seconds: i64) -> String {
    chrono::DateTime::from_timestamp(seconds, 0)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

fn names_list(names: &[String]) -> String {
    if names.is_empty() {
        "-".to_string()
    } else {
        names.join(", ")
    }
}

/// What is wrong with the value of Lightning's `WORKER_RUNS_PRIVATE_KEY`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WorkerIssue {
    /// In quotes: `docker run --env-file` keeps them, and they are not base64.
    Quoted,
    /// The PEM text itself, where Lightning wants it in base64.
    PemText,
    NotBase64,
    /// Base64, but not of a PEM private key.
    NotKey,
    /// A private key, but Lightning signs run tokens with RS256, which needs RSA.
    NotRsa,
}

/// Lightning reads the worker key as the PEM file in base64, padding optional (as
/// `mix lightning.gen_worker_keys` prints it), and stops at start when it cannot decode
/// it. `None` when the value is such a key.
pub fn worker_key_issue(value: &str) -> Option<WorkerIssue> {
    if value.starts_with(['"', '\'']) || value.ends_with(['"', '\'']) {
        return Some(WorkerIssue::Quoted);
    }
    if value.contains("-----BEGIN") {
        return Some(WorkerIssue::PemText);
    }
    let Some(bytes) = base64_decode(value) else {
        return Some(WorkerIssue::NotBase64);
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return Some(WorkerIssue::NotKey);
    };
    match tls::private_key(&text) {
        Ok(PublicPart::Rsa { .. }) => None,
        Ok(_) => Some(WorkerIssue::NotRsa),
        Err(_) => Some(WorkerIssue::NotKey),
    }
}

/// Standard base64, with or without its `=` padding; `None` for anything else, spaces and
/// line breaks included, as Elixir's `Base.decode64(padding: false)` decides.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    use base64::Engine as _;
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    // Leftover bits after the last byte are let pass, as the check always did.
    const fn engine(padding: DecodePaddingMode) -> GeneralPurpose {
        let config = GeneralPurposeConfig::new()
            .with_decode_padding_mode(padding)
            .with_decode_allow_trailing_bits(true);
        GeneralPurpose::new(&base64::alphabet::STANDARD, config)
    }
    const PADDED: GeneralPurpose = engine(DecodePaddingMode::RequireCanonical);
    const BARE: GeneralPurpose = engine(DecodePaddingMode::RequireNone);
    let engine = if text.ends_with('=') { &PADDED } else { &BARE };
    engine.decode(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_with_and_without_padding() {
        for (text, bytes) in [
            ("TWFu", &b"Man"[..]),
            ("TWE=", b"Ma"),
            ("TWE", b"Ma"),
            ("TQ==", b"M"),
            ("TQ", b"M"),
            ("", b""),
        ] {
            assert_eq!(base64_decode(text).as_deref(), Some(bytes), "{text}");
        }
        for bad in ["T", "TWE ", "TW=E", "TWFu\n", "TQ=", "-_", "\"TWFu\""] {
            assert_eq!(base64_decode(bad), None, "{bad:?}");
        }
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(base64_decode(&secrets::base64(&all)), Some(all));
    }

    #[test]
    fn worker_key_forms() {
        assert_eq!(worker_key_issue("\"TWFu\""), Some(WorkerIssue::Quoted));
        assert_eq!(worker_key_issue("'TWFu'"), Some(WorkerIssue::Quoted));
        assert_eq!(
            worker_key_issue("-----BEGIN PRIVATE KEY-----\\nMIIE\\n-----END PRIVATE KEY-----"),
            Some(WorkerIssue::PemText)
        );
        assert_eq!(worker_key_issue("not a key"), Some(WorkerIssue::NotBase64));
        assert_eq!(worker_key_issue("TWFu"), Some(WorkerIssue::NotKey));
    }

    #[test]
    fn a_commented_key_is_found_where_it_waits() {
        let text = "a: 'x'\n\n# nginx_ssl_cert: |\n#   -----BEGIN\n";
        assert_eq!(commented_out(text, "nginx_ssl_cert"), (3, 1));
        assert_eq!(commented_out(text, "nginx_ssl_key"), (0, 0));
    }

    #[test]
    fn a_ready_problem_replaces_a_plain_one_on_its_line() {
        let p = |origin: &str, line, key: &'static str| {
            Problem::warning(key, Vec::new())
                .in_file(origin)
                .at((line, 1))
        };
        let plain = vec![p("a", 3, "empty"), p("a", 0, "file"), p("b", 3, "other")];
        let ready = vec![p("a", 3, "placeholder"), p("a", 0, "whole")];
        let all: Vec<String> = supersede(plain, ready)
            .into_iter()
            .map(|p| p.key().to_string())
            .collect();
        assert_eq!(all, ["file", "other", "placeholder", "whole"]);
    }
}
