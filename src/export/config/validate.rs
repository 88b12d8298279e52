//! The configuration answers checked together: each value by the shape of its setting
//! (the rules themselves are [`crate::core::value_check`], which the questions run too), and
//! what several answers ask of each other.

use super::idna;
use super::settings::{Database, QUESTION_SHAPES, Settings, Tls};
use crate::base::diag::{Diagnostic, args};
use crate::base::key;
use crate::base::strings::Strings;
pub use crate::core::value_check::{Shape, Shown, check_safe, check_value};

/// Questions a local production site cannot be configured without.
const REQUIRED_LOCAL: &[&str] = &[
    "primero_host",
    "certbot_email",
    "smtp_address",
    "smtp_port",
    "smtp_domain",
    "smtp_auth",
    "mailer_notification_host",
    "mailer_default_from",
];

/// Every problem with the plan's configuration answers, each about its question id.
pub fn check_settings(st: &Settings, s: &Strings) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (id, shape) in QUESTION_SHAPES {
        if let Some(value) = st.get(id) {
            out.extend(about(id, check_value(*shape, value, s)));
        }
    }
    if st.local() {
        check_local(st, &mut out);
    }
    check_openfn(st, s, &mut out);
    out
}

/// The diagnostics, each about question `id`.
fn about(id: &str, found: Vec<Diagnostic>) -> impl Iterator<Item = Diagnostic> {
    found.into_iter().map(move |d| d.about(Some(id)))
}

fn check_local(st: &Settings, out: &mut Vec<Diagnostic>) {
    for id in REQUIRED_LOCAL {
        if st.get(id).is_none() {
            let d = Diagnostic::error(key::config::check::MISSING, args(&[("id", id)]));
            out.push(d.about(Some(id)));
        }
    }
    let warn = |id: &str, key: &'static str, pairs: &[(&'static str, &str)]| {
        Diagnostic::warning(key, args(pairs)).about(Some(id))
    };
    if let (Some(host), Some(links)) = (st.get("primero_host"), st.get("mailer_notification_host"))
        && !host.eq_ignore_ascii_case(links)
    {
        let pairs = [("host", host), ("links", links)];
        out.push(warn(
            "mailer_notification_host",
            key::config::check::LINKS_ELSEWHERE,
            &pairs,
        ));
    }
    if !st.starttls {
        out.push(warn("smtp_starttls", key::config::check::STARTTLS_OFF, &[]));
    }
    if st.tls == Tls::LetsEncrypt {
        out.push(warn(
            "tls_certificate",
            key::config::check::LETS_ENCRYPT,
            &[],
        ));
    }
    if st.database == Database::Undecided {
        out.push(warn(
            "database_hosting",
            key::config::check::DATABASE_UNDECIDED,
            &[],
        ));
    }
    out.extend(check_nodes(st));
    for id in expected_later(st) {
        out.push(warn(id, key::config::check::NOT_YET, &[("id", id)]));
    }
}

/// What several application nodes ask of the answers: attachments every node reaches.
/// A server's own disk is still right when an NFS share is mounted as Primero's storage
/// on every node, which the files cannot show, so it is a warning.
fn check_nodes(st: &Settings) -> Option<Diagnostic> {
    use super::settings::Storage;
    if !st.several_nodes() || st.storage != Storage::Local {
        return None;
    }
    let nodes = st.scale.nodes.to_string();
    let d = Diagnostic::warning(
        key::config::check::ATTACHMENTS_ON_NODES,
        args(&[("nodes", &nodes)]),
    );
    Some(d.about(Some("attachment_storage")))
}

/// Optional answers this plan's choices need before installation.
fn expected_later(st: &Settings) -> Vec<&'static str> {
    use super::settings::Storage;
    let mut ids = Vec::new();
    if st.database_elsewhere() {
        ids.push("postgres_hostname");
    }
    let storage: &[&'static str] = match st.storage {
        Storage::Local => &[],
        Storage::Microsoft => &["storage_account", "storage_container"],
        Storage::Amazon => &["storage_region", "storage_container"],
        Storage::Minio => &["storage_endpoint", "storage_region", "storage_container"],
    };
    ids.extend_from_slice(storage);
    if st.self_hosted_openfn().is_some() {
        ids.extend(["openfn_host", "openfn_admin_email"]);
    }
    ids.retain(|id| !answered(st, id));
    ids
}

fn answered(st: &Settings, id: &str) -> bool {
    match (id, &st.openfn) {
        ("openfn_host", Some(o)) => o.host.is_some(),
        ("openfn_admin_email", Some(o)) => o.admin_email.is_some(),
        _ => st.get(id).is_some(),
    }
}

fn check_openfn(st: &Settings, s: &Strings, out: &mut Vec<Diagnostic>) {
    let Some(o) = &st.openfn else { return };
    if let Some(host) = &o.host {
        out.extend(about("openfn_host", check_value(Shape::Host, host, s)));
        let other = |id: &str| st.get(id).map(str::to_string);
        let clash = crate::core::value_check::clash("openfn_host", host, other);
        out.extend(about("openfn_host", clash.into_iter().collect()));
    }
    if let Some(email) = &o.admin_email {
        let found = check_value(Shape::Email, email, s);
        out.extend(about("openfn_admin_email", found));
    }
    if o.webhook_auth.as_deref() == Some("none") {
        let d = Diagnostic::warning(key::config::check::WEBHOOK_OPEN, Vec::new());
        out.push(d.about(Some("openfn_webhook_auth")));
    }
}

/// Things worth knowing that are not problems: how international names are written, and
/// which domain needs mail records.
pub fn notes(st: &Settings, s: &Strings) -> Vec<String> {
    let mut out = Vec::new();
    let mut names: Vec<&str> = QUESTION_SHAPES
        .iter()
        .filter(|(_, shape)| matches!(shape, Shape::PrimeroHost | Shape::Host | Shape::Email))
        .filter_map(|(id, _)| st.get(id))
        .collect();
    if let Some(o) = &st.openfn {
        names.extend(o.host.as_deref());
        names.extend(o.admin_email.as_deref());
    }
    for name in names {
        let ascii = idna::email_to_ascii(name).or_else(|| idna::host_to_ascii(name));
        if let Some(ascii) = ascii.filter(|a| a != name && !name.is_ascii()) {
            let args = [("name", name), ("ascii", ascii.as_str())];
            out.push(s.fill(key::config::note::PUNYCODE, &args));
        }
    }
    if st.local() && st.database == Database::Managed && st.db_can_create.is_none() {
        out.push(s.get(key::config::note::CREATEDB).to_string());
    }
    if st.local() && st.database == Database::Server {
        out.push(s.get(key::config::note::DB_SERVER).to_string());
    }
    if st.local() && st.several_nodes() && st.solr {
        let nodes = st.scale.nodes.to_string();
        out.push(s.fill(key::config::note::SOLR_NODES, &[("nodes", &nodes)]));
    }
    if let (Some(from), Some(server)) = (st.get("mailer_default_from"), st.get("smtp_address")) {
        let domain = sender_domain(from);
        let args = [("domain", domain.as_str()), ("server", server)];
        out.push(s.fill(key::config::note::SPF, &args));
    }
    out
}

/// The domain mail is sent as, in ASCII: the part of the From address after the `@`.
pub fn sender_domain(from: &str) -> String {
    let domain = from.rsplit_once('@').map_or(from, |(_, d)| d);
    idna::host_to_ascii(domain).unwrap_or_else(|| domain.to_string())
}
