//! The settings Primero's and OpenFn's tooling read, each tied to the question its value
//! comes from and the shape it must have. Rendering and checking share this table.

use super::validate::Shape;

/// A setting by its name in an inventory or env file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Var {
    pub name: &'static str,
    /// The question to change to fix it; empty for settings hostplan fixes itself.
    pub question: &'static str,
    pub shape: Shape,
}

const fn var(name: &'static str, question: &'static str, shape: Shape) -> Var {
    Var {
        name,
        question,
        shape,
    }
}

pub const VARS: &[Var] = &[
    // Inventory keys.
    var("ansible_user", "ansible_user", Shape::LinuxUser),
    var("primero_host", "primero_host", Shape::PrimeroHost),
    var("primero_tag", "primero_release", Shape::Release),
    var("primero_repo_branch", "primero_release", Shape::Release),
    var("locale_all", "locales", Shape::Locales),
    var("certbot_email", "certbot_email", Shape::Email),
    var("use_lets_encrypt", "tls_certificate", Shape::Switch),
    var("use_external_certs", "tls_certificate", Shape::Switch),
    var("primero_deploy_nodb", "database_hosting", Shape::Switch),
    var("always_pull", "", Shape::Switch),
    // Container settings.
    var("PRIMERO_HOST", "primero_host", Shape::PrimeroHost),
    var("NGINX_SERVER_NAME", "primero_host", Shape::PrimeroHost),
    var("LETS_ENCRYPT_DOMAIN", "primero_host", Shape::PrimeroHost),
    var("LETS_ENCRYPT_EMAIL", "certbot_email", Shape::Email),
    var("USE_LETS_ENCRYPT", "tls_certificate", Shape::Switch),
    var("USE_EXTERNAL_CERTS", "tls_certificate", Shape::Switch),
    var("LOCALE_ALL", "locales", Shape::Locales),
    var("LOCALE_DEFAULT", "locales", Shape::Locales),
    var("RUN_DEFAULT_PRIMERO_SEEDS", "", Shape::Switch),
    var("SOLR_ENABLED", "", Shape::Switch),
    var("SMTP_ADDRESS", "smtp_address", Shape::Host),
    var("SMTP_PORT", "smtp_port", Shape::Port),
    var("SMTP_DOMAIN", "smtp_domain", Shape::Host),
    var("SMTP_AUTH", "smtp_auth", Shape::SmtpAuth),
    var("SMTP_STARTTLS_AUTO", "smtp_starttls", Shape::Switch),
    var(
        "MAILER_NOTIFICATION_HOST",
        "mailer_notification_host",
        Shape::Host,
    ),
    var("MAILER_DEFAULT_FROM", "mailer_default_from", Shape::Email),
    var("POSTGRES_HOSTNAME", "postgres_hostname", Shape::Host),
    var(
        "PRIMERO_STORAGE_AZ_ACCOUNT",
        "storage_account",
        Shape::AzureAccount,
    ),
    var(
        "PRIMERO_STORAGE_AZ_CONTAINER",
        "storage_container",
        Shape::Bucket,
    ),
    var(
        "PRIMERO_STORAGE_AWS_REGION",
        "storage_region",
        Shape::Region,
    ),
    var(
        "PRIMERO_STORAGE_AWS_BUCKET",
        "storage_container",
        Shape::Bucket,
    ),
    var(
        "PRIMERO_STORAGE_MINIO_REGION",
        "storage_region",
        Shape::Region,
    ),
    var(
        "PRIMERO_STORAGE_MINIO_BUCKET",
        "storage_container",
        Shape::Bucket,
    ),
    var(
        "PRIMERO_STORAGE_MINIO_ENDPOINT",
        "storage_endpoint",
        Shape::Endpoint,
    ),
    // OpenFn Lightning.
    var("URL_HOST", "openfn_host", Shape::Host),
    var("EMAIL_ADMIN", "openfn_admin_email", Shape::Email),
    var("SMTP_RELAY", "smtp_address", Shape::Host),
    var(
        "DEFAULT_RETENTION_PERIOD",
        "openfn_history_days",
        Shape::Days,
    ),
    var("USAGE_TRACKING_ENABLED", "", Shape::Switch),
    var("DISABLE_DB_SSL_CERT_VERIFY", "", Shape::Switch),
    // From the sizing, whose users set them.
    var("WEB_CONCURRENCY", "active_users", Shape::Count),
    var("RAILS_MAX_THREADS", "active_users", Shape::Count),
];

/// The setting called `name`, if hostplan knows it.
pub fn find(name: &str) -> Option<&'static Var> {
    VARS.iter().find(|v| v.name == name)
}

/// The question to change to fix the setting called `name`; the name itself for settings
/// hostplan does not know or fixes itself.
pub fn question_for(name: &str) -> &str {
    find(name)
        .map(|v| v.question)
        .filter(|q| !q.is_empty())
        .unwrap_or(name)
}

/// Settings whose only right value is fixed, with that value.
pub const FIXED: &[(&str, &str)] = &[
    ("MAILER_DELIVERY_METHOD", "smtp"),
    ("NGINX_CERTIFICATE_NAME", "primero"),
    // Any value at all skips creating the database, `false` included.
    ("PRIMERO_PG_APP_ROLE", "true"),
];

/// Values `POSTGRES_SSL_MODE` takes (libpq's `sslmode`).
pub const SSL_MODES: &[&str] = &[
    "disable",
    "allow",
    "prefer",
    "require",
    "verify-ca",
    "verify-full",
];

/// Values `PRIMERO_STORAGE_TYPE` takes.
pub const STORAGE_TYPES: &[&str] = &["local", "microsoft", "amazon", "minio"];
