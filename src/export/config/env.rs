//! Env files: Primero's `local.env` for a Docker-only install, OpenFn Lightning's settings,
//! their secrets files, and a reader for checking them again.
//!
//! Docker reads an env file line by line as NAME=value, taking the value exactly as
//! written: no quotes, no spaces, no escapes. The values written here are checked for that
//! before they get here.

use super::doc::Doc;
use super::secrets::{self, Form, Secret, Values};
use super::settings::{Database, Install, Settings, Storage};
use super::{ascii_email, ascii_host, cert_paths};
use crate::base::diag::Diagnostic;
use crate::base::key;
use crate::base::strings::Strings;

/// One setting for Primero's containers, with an optional comment (a catalogue key).
pub struct EnvVar {
    pub name: &'static str,
    pub value: String,
    pub note: Option<&'static str>,
}

fn var(name: &'static str, value: impl Into<String>) -> EnvVar {
    EnvVar {
        name,
        value: value.into(),
        note: None,
    }
}

fn noted(name: &'static str, value: impl Into<String>, note: &'static str) -> EnvVar {
    EnvVar {
        name,
        value: value.into(),
        note: Some(note),
    }
}

fn switch(on: bool) -> &'static str {
    if on { "true" } else { "false" }
}

/// The container settings both install methods pass: seeds, search, language, mail,
/// database and attachment storage. Unanswered optional values stay empty.
pub fn primero_env(st: &Settings) -> Vec<EnvVar> {
    let text = |id: &str| st.get(id).unwrap_or_default().to_string();
    let host = |id: &str| st.get(id).map(ascii_host).unwrap_or_default();
    let mut out = vec![
        noted("RUN_DEFAULT_PRIMERO_SEEDS", "true", key::config::env::SEEDS),
        noted(
            "SOLR_ENABLED",
            switch(st.solr),
            if st.solr {
                key::config::env::SOLR_ON
            } else {
                key::config::env::SOLR
            },
        ),
    ];
    // Primero's local.env template (and defaults.env) already set LOCALE_DEFAULT=en before
    // these settings, so it is written again only to change it; the later line wins.
    if let Some(first) = st.locales().first().filter(|l| **l != "en") {
        out.push(noted(
            "LOCALE_DEFAULT",
            *first,
            key::config::env::LOCALE_DEFAULT,
        ));
    }
    out.extend([
        var("SMTP_ADDRESS", host("smtp_address")),
        var("SMTP_PORT", text("smtp_port")),
        var("SMTP_DOMAIN", host("smtp_domain")),
        var("SMTP_AUTH", text("smtp_auth")),
        var("SMTP_STARTTLS_AUTO", switch(st.starttls)),
        var("MAILER_NOTIFICATION_HOST", host("mailer_notification_host")),
        var(
            "MAILER_DEFAULT_FROM",
            st.get("mailer_default_from")
                .map(ascii_email)
                .unwrap_or_default(),
        ),
        noted("MAILER_DELIVERY_METHOD", "smtp", key::config::env::DELIVERY),
    ]);
    out.extend(database_env(st));
    out.extend(storage_env(st));
    out.extend(puma_env(st));
    out
}

/// Where PostgreSQL is when it does not run beside Primero: a managed service, or a
/// self-run server of its own that the sizing calls for. Both are reached over TLS.
fn database_env(st: &Settings) -> Vec<EnvVar> {
    let note = match st.database {
        Database::Managed => key::config::env::MANAGED_DB,
        Database::Server => key::config::env::DB_SERVER,
        Database::Container | Database::Undecided => return Vec::new(),
    };
    let host = st
        .get("postgres_hostname")
        .map(ascii_host)
        .unwrap_or_default();
    let mut out = vec![
        noted("POSTGRES_HOSTNAME", host, note),
        var("POSTGRES_SSL_MODE", "require"),
    ];
    // Any value makes Primero skip `rails db:create`, which needs CREATEDB.
    if st.database == Database::Managed && st.db_can_create == Some(false) {
        out.push(noted(
            "PRIMERO_PG_APP_ROLE",
            "true",
            key::config::env::PG_APP_ROLE,
        ));
    }
    out
}

/// Puma's workers and threads on each node, when the sizing's advice differs from
/// Primero's defaults (one process of 5 threads).
fn puma_env(st: &Settings) -> Vec<EnvVar> {
    let mut out = Vec::new();
    for (n, (name, value)) in st.scale.puma.iter().enumerate() {
        out.push(EnvVar {
            name,
            value: value.clone(),
            note: (n == 0).then_some(key::config::env::PUMA),
        });
    }
    out
}

fn storage_env(st: &Settings) -> Vec<EnvVar> {
    let text = |id: &str| st.get(id).unwrap_or_default().to_string();
    let kind = st.storage.type_name();
    match st.storage {
        Storage::Local => Vec::new(),
        Storage::Microsoft => vec![
            noted("PRIMERO_STORAGE_TYPE", kind, key::config::env::STORAGE),
            var("PRIMERO_STORAGE_AZ_ACCOUNT", text("storage_account")),
            var("PRIMERO_STORAGE_AZ_CONTAINER", text("storage_container")),
        ],
        Storage::Amazon => vec![
            noted("PRIMERO_STORAGE_TYPE", kind, key::config::env::STORAGE),
            var("PRIMERO_STORAGE_AWS_REGION", text("storage_region")),
            var("PRIMERO_STORAGE_AWS_BUCKET", text("storage_container")),
        ],
        Storage::Minio => vec![
            noted("PRIMERO_STORAGE_TYPE", kind, key::config::env::STORAGE),
            var("PRIMERO_STORAGE_MINIO_REGION", text("storage_region")),
            var("PRIMERO_STORAGE_MINIO_BUCKET", text("storage_container")),
            var("PRIMERO_STORAGE_MINIO_ENDPOINT", text("storage_endpoint")),
        ],
    }
}

/// The settings of the host and its certificate, as Primero's Ansible role writes them
/// first into `local.env`. Without Ansible they must be given by hand, or nginx keeps its
/// self-signed default and serves plain HTTP only.
fn host_env(st: &Settings) -> Vec<EnvVar> {
    let host = st.get("primero_host").map(ascii_host).unwrap_or_default();
    let email = st.get("certbot_email").map(ascii_email).unwrap_or_default();
    let (cert, key) = cert_paths(st.tls);
    let lets_encrypt = st.tls == super::settings::Tls::LetsEncrypt;
    vec![
        var("PRIMERO_HOST", host.clone()),
        var("LOCALE_ALL", st.get("locales").unwrap_or_default()),
        noted("NGINX_SERVER_NAME", host.clone(), key::config::env::NGINX),
        var("NGINX_CERTIFICATE_NAME", "primero"),
        match st.tls {
            super::settings::Tls::ExternalCa => noted(
                "NGINX_SSL_CERT_PATH",
                cert,
                key::config::env::EXTERNAL_CERTS,
            ),
            super::settings::Tls::LetsEncrypt => var("NGINX_SSL_CERT_PATH", cert),
        },
        var("NGINX_SSL_KEY_PATH", key),
        var("USE_LETS_ENCRYPT", switch(lets_encrypt)),
        var("USE_EXTERNAL_CERTS", switch(!lets_encrypt)),
        var("LETS_ENCRYPT_DOMAIN", host),
        var("LETS_ENCRYPT_EMAIL", email),
    ]
}

fn push_vars(d: &mut Doc, vars: &[EnvVar], s: &Strings) {
    for v in vars {
        if let Some(note) = v.note {
            d.comment(0, s.get(note));
        }
        if v.value.is_empty() {
            d.comment(0, &s.fill(key::config::env::FILL_IN, &[("name", v.name)]));
        }
        d.line(&format!("{}={}", v.name, v.value));
    }
}

/// `docker/local.env`: everything Primero's containers need except secrets.
pub fn docker(st: &Settings, s: &Strings) -> String {
    let mut d = Doc::new();
    d.comment(0, s.get(key::config::env::DOCKER_HEADER));
    d.comment(0, s.get(key::config::env::NO_QUOTES));
    d.blank();
    push_vars(&mut d, &host_env(st), s);
    d.blank();
    push_vars(&mut d, &primero_env(st), s);
    if st.database_elsewhere() {
        d.blank();
        d.comment(0, s.get(no_db_container_note(st)));
    }
    if st.several_nodes() {
        d.blank();
        let nodes = st.scale.nodes.to_string();
        d.comment(0, &s.fill(key::config::env::NODES, &[("nodes", &nodes)]));
    }
    d.finish()
}

fn no_db_container_note(st: &Settings) -> &'static str {
    if st.database == Database::Server {
        key::config::env::NO_DB_CONTAINER_SERVER
    } else {
        key::config::env::NO_DB_CONTAINER
    }
}

/// `docker/secrets.env`: the secrets a Docker-only install needs, to be added to
/// `local.env` on the server only.
pub fn docker_secrets(st: &Settings, values: &Values, s: &Strings) -> String {
    let mut d = Doc::new();
    d.comment(0, s.get(key::config::secrets::ENV_HEADER));
    d.comment(0, s.get(key::config::secrets::DOCKER_HOW));
    d.comment(0, s.get(key::config::secrets::PLACEHOLDERS));
    d.blank();
    let mut keys: Vec<Secret> = secrets::PRIMERO_ENV_KEYS.to_vec();
    keys.extend_from_slice(secrets::MAIL_KEYS);
    keys.extend_from_slice(secrets::storage_keys(st.storage));
    push_secrets(&mut d, &keys, values, s);
    d.finish()
}

/// `openfn/lightning.env`: OpenFn Lightning's settings, with telemetry off and the
/// retention chosen in the plan.
pub fn lightning(st: &Settings, s: &Strings) -> String {
    let o = st.self_hosted_openfn();
    let host = o
        .and_then(|o| o.host.as_deref())
        .map(ascii_host)
        .unwrap_or_default();
    let admin = o
        .and_then(|o| o.admin_email.as_deref())
        .map(ascii_email)
        .unwrap_or_default();
    let days = o
        .and_then(|o| o.history_days)
        .map(|d| d.to_string())
        .unwrap_or_default();
    let origins = if host.is_empty() {
        String::new()
    } else {
        format!("//{host}")
    };
    let mut d = Doc::new();
    d.comment(0, s.get(key::config::env::LIGHTNING_HEADER));
    d.comment(0, s.get(key::config::env::NO_QUOTES));
    d.blank();
    let runtime = [
        var("MIX_ENV", "prod"),
        var("NODE_ENV", "production"),
        noted("URL_SCHEME", "https", key::config::env::LIGHTNING_PROXY),
        var("URL_HOST", host),
        var("URL_PORT", "443"),
        var("PORT", "4000"),
        var("LISTEN_ADDRESS", "0.0.0.0"),
        var("ORIGINS", origins),
        noted(
            "DISABLE_DB_SSL",
            "false",
            key::config::env::LIGHTNING_DB_SSL,
        ),
        noted(
            "DISABLE_DB_SSL_CERT_VERIFY",
            "false",
            key::config::env::LIGHTNING_DB_VERIFY,
        ),
        var("DATABASE_POOL_SIZE", "10"),
    ];
    push_vars(&mut d, &runtime, s);
    d.blank();
    let mail = [
        var("MAIL_PROVIDER", "smtp"),
        var("EMAIL_ADMIN", admin),
        var("EMAIL_SENDER_NAME", "OpenFn"),
        var(
            "SMTP_RELAY",
            st.get("smtp_address").map(ascii_host).unwrap_or_default(),
        ),
        var("SMTP_PORT", st.get("smtp_port").unwrap_or_default()),
        var("SMTP_TLS", switch(st.starttls)),
    ];
    push_vars(&mut d, &mail, s);
    d.blank();
    let keeping = [
        var("ALLOW_SIGNUP", "false"),
        var("INIT_PROJECT_FOR_NEW_USER", "false"),
        noted(
            "DEFAULT_RETENTION_PERIOD",
            days,
            key::config::env::LIGHTNING_HISTORY,
        ),
        noted(
            "PURGE_DELETED_AFTER_DAYS",
            "7",
            key::config::env::LIGHTNING_PURGE,
        ),
        var("QUEUE_RESULT_RETENTION_PERIOD_MINUTES", "60"),
        var("MAX_DATACLIP_SIZE_MB", "10"),
        noted(
            "USAGE_TRACKING_ENABLED",
            "false",
            key::config::env::LIGHTNING_TRACKING,
        ),
    ];
    push_vars(&mut d, &keeping, s);
    if let Some(policy) = o.and_then(|o| o.retention_label.as_deref()) {
        d.blank();
        d.comment(
            0,
            &s.fill(key::config::env::LIGHTNING_POLICY, &[("policy", policy)]),
        );
    }
    d.finish()
}

/// `openfn/lightning-secrets.env`.
pub fn lightning_secrets(values: &Values, s: &Strings) -> String {
    let mut d = Doc::new();
    d.comment(0, s.get(key::config::secrets::ENV_HEADER));
    d.comment(0, s.get(key::config::secrets::LIGHTNING_HOW));
    d.comment(0, s.get(key::config::secrets::PLACEHOLDERS));
    d.blank();
    push_secrets(&mut d, secrets::LIGHTNING_KEYS, values, s);
    d.finish()
}

fn push_secrets(d: &mut Doc, keys: &[Secret], values: &Values, s: &Strings) {
    for k in keys {
        d.comment(0, &describe(k, s));
        d.line(&format!("{}={}", k.name, values.get(k.name)));
    }
}

/// What a secret must hold, for the comment above it.
pub fn describe(k: &Secret, s: &Strings) -> String {
    // Names differ between files only by case, so one text serves both.
    let what = s.keyed(key::config::secret::PREFIX, &k.name.to_ascii_lowercase());
    [what, form_words(k.form, s)]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The form a secret's value must have, in words.
pub fn form_words(form: Form, s: &Strings) -> String {
    let fill = |key: &str, n: usize| s.fill(key, &[("n", &n.to_string())]);
    match form {
        Form::Exact(n) => fill(key::config::secrets::EXACT, n),
        Form::AtLeast(n) => fill(key::config::secrets::AT_LEAST, n),
        Form::Base64Bytes(n) => fill(key::config::secrets::BASE64, n),
        Form::Given => String::new(),
    }
}

/// `ansible/secrets.yml`, in the shape Primero's `local.env` template reads.
pub fn secrets_yaml(st: &Settings, values: &Values, s: &Strings) -> String {
    use super::doc::yaml_quote;
    let mut d = Doc::new();
    d.line("---");
    d.comment(0, s.get(key::config::secrets::YAML_HEADER));
    d.comment(0, s.get(key::config::secrets::PLACEHOLDERS));
    d.comment(0, s.get(key::config::secrets::BY_HAND));
    d.blank();
    for k in secrets::PRIMERO_KEYS {
        d.comment(0, &describe(k, s));
        d.line(&format!("{}: {}", k.name, yaml_quote(values.get(k.name))));
    }
    d.blank();
    d.comment(0, s.get(key::config::secrets::ENVIRONMENT));
    d.line("secret_environment_variables:");
    let mut env: Vec<Secret> = secrets::MAIL_KEYS.to_vec();
    env.extend_from_slice(secrets::storage_keys(st.storage));
    for k in &env {
        d.comment(2, &describe(k, s));
        d.line(&format!("  {}: {}", k.name, yaml_quote(values.get(k.name))));
    }
    if st.install == Install::Ansible && st.tls == super::settings::Tls::ExternalCa {
        d.blank();
        certificate_keys(&mut d, s);
    }
    d.finish()
}

/// The certificate and its key, left out until pasted. An empty value would not stop the
/// install: Primero's external-certs.yml copies whatever is defined, its check before the
/// application step only asks that the files exist, and nginx then serves plain HTTP.
/// Left out, the copy is skipped and that check stops the install.
fn certificate_keys(d: &mut Doc, s: &Strings) {
    d.comment(0, s.get(key::config::secrets::CERTIFICATES));
    d.comment(0, s.get(key::config::secrets::CERTIFICATES_WHY));
    d.blank();
    // Nothing but the block itself below, so every line of it is uncommented alike.
    for (k, example) in secrets::CERTIFICATE_KEYS.iter().zip(["cert", "key"]) {
        d.line(&format!("# {}: |", k.name));
        for line in s
            .keyed(key::config::secrets::pem_example::PREFIX, example)
            .lines()
        {
            d.line(&format!("#   {line}"));
        }
    }
}

/// One `NAME=value` line of an env file, located.
#[derive(Clone, Debug, PartialEq)]
pub struct EnvLine {
    pub name: String,
    pub value: String,
    pub line: usize,
    /// Column of the value's first character.
    pub column: usize,
}

/// Reads an env file as Docker does: blank lines and lines starting with `#` are skipped,
/// every other line is NAME=value.
/// A line that is not `NAME=value` is a diagnostic at its line and column (the caller
/// names the file).
pub fn read(text: &str) -> (Vec<EnvLine>, Vec<Diagnostic>) {
    let mut lines = Vec::new();
    let mut errors = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let at = (n + 1, line.len() - trimmed.len() + 1);
        let error = |key| Diagnostic::error(key, Vec::new()).at(at);
        let Some((name, value)) = trimmed.split_once('=') else {
            errors.push(error(key::config::folder::ENV_NO_EQUALS));
            continue;
        };
        if !is_env_name(name) {
            errors.push(error(key::config::folder::ENV_NAME));
            continue;
        }
        lines.push(EnvLine {
            name: name.to_string(),
            value: value.to_string(),
            line: n + 1,
            column: line.len() - trimmed.len() + name.chars().count() + 2,
        });
    }
    (lines, errors)
}

fn is_env_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reader_locates_values_and_rejects_other_lines() {
        let text = "# comment\n\nA=1\n  B=two words\nexport C=3\nnot a setting\n";
        let (lines, errors) = read(text);
        let got: Vec<(&str, &str, usize, usize)> = lines
            .iter()
            .map(|l| (l.name.as_str(), l.value.as_str(), l.line, l.column))
            .collect();
        assert_eq!(got, vec![("A", "1", 3, 3), ("B", "two words", 4, 5)]);
        let places: Vec<(usize, &str)> = errors.iter().map(|e| (e.line, e.key())).collect();
        assert_eq!(
            places,
            vec![
                (5, "config.folder.env_name"),
                (6, "config.folder.env_no_equals")
            ]
        );
    }
}
