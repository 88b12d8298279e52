//! The hand-over compared with the real files of Primero's and OpenFn's deployment
//! tooling: the keys Primero's Ansible inventory template and production env sample use,
//! the settings its containers read, and the variables OpenFn Lightning reads.

use crate::common::config as handover;

use handover::file;
use hostplan::core::answer::Answer;
use hostplan::core::builtin::DEMO_PLAN;
use hostplan::export::config::{OutFile, secrets, yaml};
use std::collections::BTreeSet;

/// Primero's `ansible/inventory/inventory.yml.template`.
const INVENTORY_TEMPLATE: &str = r#"---
all:
  hosts:
    primero.example.com:
      ansible_user: 'ubuntu'
      primero_host: 'primero.example.com'
      primero_tag: 'latest'
      # As of Primero v2.11, the default Docker deployed PostgreSQL is 15.6.
      # If you want to run Primero with a different version of PostgreSQL,
      # set primero_postgres_version to either '14', or '15'.
      # NOTE: YOU NEED TO PERFORM A DATA MIGRATION BEFORE CHANGING POSTGRES VERSIONS!!!!!!
      # primero_postgres_version: '15'
      locale_all: 'en,fr,ar'
      always_pull: true
      # These 3 variables are used to drive the build task.
      # Can be omitted if pulling images from Dockerhub
      primero_repo_branch: 'main'
      build_docker_tag: 'latest'
      build_docker_container_registry: ''
      # If you want to seed from a private configuration repo
      primero_configuration_repo: 'git@bitbucket.org:quoin/primero-x-configuration.git'
      primero_configuration_repo_branch: 'main'
      primero_configuration_path: 'directory/of/config/loader/script'
      use_lets_encrypt: 'true'
      # The other certbot/lets_encrypt variables are optional. Include only if using Let's Encrypt
      certbot_domain:
      - '{{ primero_host }}'
      certbot_email: 'primero-example@example.com'
      lets_encrypt_domain: '{{ primero_host }}'
      lets_encrypt_email: '{{ certbot_email }}'
      # Different for self-signed certs
      nginx_ssl_cert_path: '/etc/letsencrypt/live/primero/fullchain.pem'
      nginx_ssl_key_path: '/etc/letsencrypt/live/primero/privkey.pem'
      # Optionally parametrize Primero containers with other environment attributes.
      # Do not use this dictionary for secrets!!!
      environment_variables:
        RUN_DEFAULT_PRIMERO_SEEDS: 'false' # Set to true if you want to run default seeds
        PRIMERO_DEFAULT_USERS: 'true' # Seed default users when using the managed Primero SaaS configs
        # LOCALE_DEFAULT: 'ar' # Optionally override English as the default locale.
        PRIMERO_WEBPUSH: 'true'
        PRIMERO_WEBPUSH_CONTACT: 'primero.dev@quoininc.com'
        SOLR_ENABLED: 'false'
"#;

/// Primero's `docker/local.env.sample.production`.
const LOCAL_ENV_SAMPLE: &str = r#"# If you are using Let's Encrypt TLS certificates:
USE_LETS_ENCRYPT=true
LETS_ENCRYPT_DOMAIN=example.primero.org
LETS_ENCRYPT_EMAIL=ops@example.org

# Sample mailer configuration
SMTP_ADDRESS=smtp.example.com
SMTP_PORT=587
SMTP_DOMAIN=example.primero.org
SMTP_AUTH=login
SMTP_STARTTLS_AUTO=true
MAILER_NOTIFICATION_HOST=example.primero.org
MAILER_DEFAULT_FROM=primero@example.primero.org
MAILER_DELIVERY_METHOD=:smtp

# The environment variables below should always be set
# PRIMERO_HOST should be the same as LETS_ENCRYPT_DOMAIN, can be localhost
PRIMERO_HOST=example.primero.org
POSTGRES_PASSWORD=mypassword
# The variables below should be generated using the command
# `LC_ALL=C < /dev/urandom tr -dc '_A-Z-a-z-0-9' | head -c"${1:-32}"`
PRIMERO_SECRET_KEY_BASE=xxxxx
PRIMERO_MESSAGE_SECRET=xxxxx
DEVISE_SECRET_KEY=xxxxx

# If you want to run a custom configuration script instead of the default seeds,
# set PRIMERO_CONFIGURATION_FILE to the path on which the script is mounted on the container.
# PRIMERO_CONFIGURATION_FILE=/primero-configuration/load_configuration.rb
"#;

/// Primero's `docker/defaults.env`: every setting its containers read by default.
const DEFAULTS_ENV: &str = r#"#!/bin/sh
# NOTE: all spaces must be escaped with backslash...also...you can't use quotes
# This needs to be 'posix compliant'

# TODO: have a single host variable
# shellcheck disable=SC2034

APP_ROOT=/srv/primero/application
APP_SHARE_DIR=/share/public
APP_SHARE_BUILD_ID_PATH=/share/public/build-id
LOCKFILE_PATH=/share/public/prim-lockfile
# NGINX_SSL_CLIENT_CA=/etc/cacert
# These paths are only used if USE_LETS_ENCRYPT = false

LOCALE_ALL=en,fr,ar
LOCALE_DEFAULT=en

NGINX_CLIENT_BODY_BUFFER_SIZE=256k
NGINX_CLIENT_MAX_BODY_SIZE=50M
NGINX_CURRENT_PATH=/srv/primero/application
NGINX_DH_PARAM=/certs/dhparam.pem
NGINX_HTTPS_PORT=443
NGINX_HTTP_PORT=80
NGINX_KEEPALIVE_TIMEOUT=60
NGINX_LOG_ACCESS=access.log
NGINX_LOG_DIR=/var/log/nginx
NGINX_LOG_ERROR=error.log
NGINX_PROXY_PASS_URL=http://application:3000
NGINX_SERVER_HOST=localhost
NGINX_SERVER_NAME=localhost
NGINX_SSL_CERT_PATH=/certs/cert.pem
NGINX_SSL_KEY_PATH=/certs/key.pem
NGINX_TIMER_RESOLUTION=500ms
NGINX_WORKER_CONNECTIONS=1536
NGINX_WORKER_PRIORITY=-10
NGINX_WORKER_PROCESSES=auto
NGINX_WORKER_RLIMIT_NOFILE=1536
NGINX_CERTIFICATE_NAME=primero

APP_UID=1000
APP_GID=1000
NGINX_UID=1001
NGINX_GID=1001

POSTGRES_DATABASE=primero_production
POSTGRES_HOSTNAME=postgres
POSTGRES_POOL_NUM=10
POSTGRES_USER=primero
POSTGRES_SSL_MODE=prefer

PROXY_CONNECT_TIMEOUT=30m
PROXY_READ_TIMEOUT=30m
PROXY_SEND_TIMEOUT=30m

RAILS_ENV=production
RAILS_LOG_PATH=/srv/primero/application/log/primero
RAILS_PUBLIC_FILE_SERVER=false

PRIMERO_CONFIGURATION_RUN_SCRIPTS=true

SOLR_HEAP_MEMORY=512m
SOLR_HOSTNAME=solr
SOLR_LOGS_DIR=/var/solr/logs
SOLR_LOG_LEVEL=ERROR
SOLR_PORT=8983
SOLR_AUTO_COMMIT_AFTER_REQUEST=true

PRIMERO_WORKER_MULTIPROCESS=false

USE_LETS_ENCRYPT=false
LOG_TO_STDOUT=true
"#;

/// The variables OpenFn Lightning reads (its deployment guide and start-up code).
const LIGHTNING_NAMES: &[&str] = &[
    "MIX_ENV",
    "NODE_ENV",
    "URL_SCHEME",
    "URL_HOST",
    "URL_PORT",
    "PORT",
    "LISTEN_ADDRESS",
    "ORIGINS",
    "CORS_ORIGIN",
    "IDLE_TIMEOUT",
    "SECRET_KEY_BASE",
    "PRIMARY_ENCRYPTION_KEY",
    "WORKER_RUNS_PRIVATE_KEY",
    "WORKER_SECRET",
    "REPO_CONNECTION_SIGNING_SECRET",
    "DATABASE_URL",
    "DISABLE_DB_SSL",
    "DISABLE_DB_SSL_CERT_VERIFY",
    "DATABASE_POOL_SIZE",
    "DATABASE_TIMEOUT",
    "ECTO_IPV6",
    "MAIL_PROVIDER",
    "EMAIL_ADMIN",
    "EMAIL_SENDER_NAME",
    "SMTP_RELAY",
    "SMTP_PORT",
    "SMTP_USERNAME",
    "SMTP_PASSWORD",
    "SMTP_TLS",
    "MAILGUN_API_KEY",
    "ALLOW_SIGNUP",
    "REQUIRE_EMAIL_VERIFICATION",
    "INIT_PROJECT_FOR_NEW_USER",
    "DEFAULT_RETENTION_PERIOD",
    "PURGE_DELETED_AFTER_DAYS",
    "QUEUE_RESULT_RETENTION_PERIOD_MINUTES",
    "MAX_DATACLIP_SIZE_MB",
    "WORKER_MAX_RUN_DURATION_SECONDS",
    "RUN_GRACE_PERIOD_SECONDS",
    "WORKER_MAX_RUN_MEMORY_MB",
    "WORKER_CAPACITY",
    "PER_WORKFLOW_CLAIM_LIMIT",
    "WEBHOOK_RESPONSE_TIMEOUT_MS",
    "WEBHOOK_RETRY_MAX_ATTEMPTS",
    "WEBHOOK_RETRY_INITIAL_DELAY_MS",
    "WEBHOOK_RETRY_MAX_DELAY_MS",
    "WEBHOOK_RETRY_BACKOFF_FACTOR",
    "WEBHOOK_RETRY_TIMEOUT_MS",
    "WEBHOOK_RETRY_JITTER",
    "STORAGE_BACKEND",
    "STORAGE_PATH",
    "GCS_BUCKET",
    "USAGE_TRACKING_ENABLED",
    "USAGE_TRACKER_HOST",
    "USAGE_TRACKING_UUIDS",
    "SENTRY_DSN",
    "LOG_LEVEL",
    "PROMEX_ENABLED",
    "PROMEX_METRICS_ENDPOINT_AUTHORIZATION_REQUIRED",
    "PROMEX_METRICS_ENDPOINT_TOKEN",
    "GITHUB_APP_ID",
    "GITHUB_APP_NAME",
    "GITHUB_APP_CLIENT_ID",
    "GITHUB_APP_CLIENT_SECRET",
    "GITHUB_CERT",
    "ADAPTORS_REGISTRY_JSON_PATH",
    "ADAPTORS_PATH",
    "SCHEMAS_PATH",
    "WORKER_LIGHTNING_PUBLIC_KEY",
    "MAILGUN_DOMAIN",
    "GOOGLE_APPLICATION_CREDENTIALS_JSON",
];

/// Keys Primero's Ansible roles read that its template leaves out, and which keys each
/// secrets file has, from the roles and `local.env.j2`.
const INVENTORY_KEYS_DOCUMENTED: &[&str] = &[
    // Read by Ansible itself: how SSH reaches the host (through the bastion).
    "ansible_ssh_common_args",
    "primero_postgres_version",
    "use_external_certs",
    "primero_deploy_nodb",
    "primero_image_repositroy",
    "env_override_path",
];
const SECRETS_KEYS_DOCUMENTED: &[&str] = &[
    "primero_secret_key_base",
    "primero_message_secret",
    "postgres_password",
    "devise_secret_key",
    "devise_jwt_secret_key",
    "ssh_private_key",
    "nginx_ssl_cert",
    "nginx_ssl_key",
    "secret_environment_variables",
];
/// Settings Primero's code reads that neither env sample lists.
const ENV_NAMES_DOCUMENTED: &[&str] = &[
    // Read by the application container's start script: any value skips `db:create`.
    "PRIMERO_PG_APP_ROLE",
    "USE_EXTERNAL_CERTS",
    "DEVISE_JWT_SECRET_KEY",
    "SMTP_USER",
    "SMTP_PASSWORD",
    "SOLR_ENABLED",
    "RUN_DEFAULT_PRIMERO_SEEDS",
    "PRIMERO_STORAGE_TYPE",
    "PRIMERO_STORAGE_AZ_ACCOUNT",
    "PRIMERO_STORAGE_AZ_KEY",
    "PRIMERO_STORAGE_AZ_CONTAINER",
    "PRIMERO_STORAGE_AWS_ACCESS_KEY",
    "PRIMERO_STORAGE_AWS_SECRET_ACCESS_KEY",
    "PRIMERO_STORAGE_AWS_REGION",
    "PRIMERO_STORAGE_AWS_BUCKET",
    "PRIMERO_STORAGE_MINIO_ACCESS_KEY",
    "PRIMERO_STORAGE_MINIO_SECRET_ACCESS_KEY",
    "PRIMERO_STORAGE_MINIO_REGION",
    "PRIMERO_STORAGE_MINIO_BUCKET",
    "PRIMERO_STORAGE_MINIO_ENDPOINT",
];

/// Keys of the sample that a site may leave out: building images and a private
/// configuration repository.
const OPTIONAL: &[&str] = &[
    "build_docker_tag",
    "build_docker_container_registry",
    "primero_configuration_repo",
    "primero_configuration_repo_branch",
    "primero_configuration_path",
    "PRIMERO_DEFAULT_USERS",
    "PRIMERO_WEBPUSH",
    "PRIMERO_WEBPUSH_CONTACT",
];

/// The hand-over of `plan_text` with some choices made differently.
fn render(plan_text: &str, choices: &[(&str, &str)]) -> Vec<OutFile> {
    let changes: Vec<(&str, Option<Answer>)> = choices
        .iter()
        .map(|(id, choice)| (*id, Some(Answer::Choice(choice.to_string()))))
        .collect();
    handover::rendered(&handover::with_answers(plan_text, &changes))
}

/// Keys with how their values are quoted.
type Keys = Vec<(String, yaml::Style)>;

/// (keys under the host, keys under environment_variables).
fn inventory_keys(text: &str) -> (Keys, Keys) {
    let entries = yaml::read(text).unwrap();
    let pick = |depth: usize| {
        entries
            .iter()
            .filter(|e| e.path.len() == depth && e.path[..2] == ["all", "hosts"])
            .map(|e| (e.key().to_string(), e.style))
            .collect()
    };
    (pick(4), pick(5))
}

fn names(list: &Keys) -> BTreeSet<&str> {
    list.iter().map(|(k, _)| k.as_str()).collect()
}

fn env_names(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('=').map(|(k, _)| k.to_string()))
        .collect()
}

#[test]
fn the_inventory_has_every_key_of_primeros_template_quoted_the_same_way() {
    let (sample_top, sample_env) = inventory_keys(INVENTORY_TEMPLATE);
    for answers in [&[][..], &[("tls_certificate", "lets_encrypt")][..]] {
        let files = render(DEMO_PLAN, answers);
        let (top, env) = inventory_keys(file(&files, "ansible/inventory/inventory.yml"));
        for (sample, ours) in [(&sample_top, &top), (&sample_env, &env)] {
            for (key, style) in sample.iter() {
                if OPTIONAL.contains(&key.as_str()) {
                    continue;
                }
                let found = ours.iter().find(|(k, _)| k == key);
                let Some((_, our_style)) = found else {
                    panic!("{key} of Primero's template is missing")
                };
                if *style == yaml::Style::Single {
                    assert_eq!(*our_style, yaml::Style::Single, "{key}");
                }
            }
        }
        for (key, style) in &top {
            let known = names(&sample_top).contains(key.as_str())
                || INVENTORY_KEYS_DOCUMENTED.contains(&key.as_str());
            assert!(known, "{key} is not a key Primero's roles read");
            assert_eq!(*style, yaml::Style::Single, "{key} is quoted text");
        }
        assert!(
            env.iter().all(|(_, s)| *s == yaml::Style::Single),
            "{env:?}"
        );
    }
}

#[test]
fn the_secrets_file_has_every_key_primero_reads() {
    let files = render(DEMO_PLAN, &[]);
    let entries = yaml::read(file(&files, "ansible/secrets.yml")).unwrap();
    let top: BTreeSet<&str> = entries.iter().map(|e| e.path[0].as_str()).collect();
    for key in &SECRETS_KEYS_DOCUMENTED[..5] {
        assert!(top.contains(key), "{key} is missing");
    }
    for key in &top {
        assert!(
            SECRETS_KEYS_DOCUMENTED.contains(key),
            "{key} is not read by Primero"
        );
    }
}

#[test]
fn the_docker_files_carry_every_setting_of_primeros_production_sample() {
    let files = render(DEMO_PLAN, &[("install_method", "docker_only")]);
    let local = file(&files, "docker/local.env");
    let secrets_env = file(&files, "docker/secrets.env");
    let ours: BTreeSet<String> = env_names(local)
        .union(&env_names(secrets_env))
        .cloned()
        .collect();
    for name in env_names(LOCAL_ENV_SAMPLE) {
        assert!(
            ours.contains(&name),
            "{name} of Primero's sample is missing"
        );
    }
    let known: BTreeSet<String> = env_names(LOCAL_ENV_SAMPLE)
        .into_iter()
        .chain(env_names(DEFAULTS_ENV))
        .chain(ENV_NAMES_DOCUMENTED.iter().map(|n| n.to_string()))
        .collect();
    for name in &ours {
        assert!(
            known.contains(name),
            "{name} is not a setting Primero reads"
        );
    }
    // The one deliberate difference: the sample's `:smtp` stops Primero's mailer settings
    // from loading.
    assert!(LOCAL_ENV_SAMPLE.contains("MAILER_DELIVERY_METHOD=:smtp"));
    assert!(local.contains("\nMAILER_DELIVERY_METHOD=smtp\n"), "{local}");
    for name in env_names(local) {
        assert!(
            !secrets::PRIMERO_ENV_KEYS.iter().any(|k| k.name == name),
            "{name} is a secret in the shared file"
        );
    }
}

#[test]
fn every_blob_storage_writes_only_settings_primero_reads() {
    for storage in ["azure_blob", "aws_s3", "minio"] {
        let answers = [
            ("install_method", "docker_only"),
            ("attachment_storage", storage),
        ];
        let files = render(DEMO_PLAN, &answers);
        let local = env_names(file(&files, "docker/local.env"));
        let secret = env_names(file(&files, "docker/secrets.env"));
        let storage_vars: Vec<&String> = local
            .iter()
            .chain(&secret)
            .filter(|n| n.starts_with("PRIMERO_STORAGE_"))
            .collect();
        assert!(storage_vars.len() >= 4, "{storage}: {storage_vars:?}");
        for name in storage_vars {
            assert!(ENV_NAMES_DOCUMENTED.contains(&name.as_str()), "{name}");
            let is_key = name.contains("_KEY");
            assert_eq!(secret.contains(name), is_key, "{name} in the right file");
        }
    }
}

#[test]
fn the_lightning_files_only_use_variables_lightning_reads() {
    let files = render(DEMO_PLAN, &[]);
    for path in ["openfn/lightning.env", "openfn/lightning-secrets.env"] {
        for name in env_names(file(&files, path)) {
            assert!(LIGHTNING_NAMES.contains(&name.as_str()), "{path}: {name}");
        }
    }
    let settings = file(&files, "openfn/lightning.env");
    for line in [
        "USAGE_TRACKING_ENABLED=false",
        "MAIL_PROVIDER=smtp",
        "URL_SCHEME=https",
    ] {
        assert!(settings.lines().any(|l| l == line), "{line}");
    }
}
