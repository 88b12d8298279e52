//! `hostplan-config.toml`: the hand-over summary people read and sign, and the short note
//! on OpenFn's two webhook projects.
//!
//! Settings keep the names Primero's files give them (`primero_host`, `SMTP_PORT`), so the
//! summary, the inventory and the env files can be compared line by line; `hostplan check
//! DIR` does just that.

use super::doc::{Doc, toml_quote};
use super::env::{EnvVar, primero_env};
use super::settings::{Database, Install, Settings};
use super::validate::sender_domain;
use super::{Context, ascii_email, ascii_host};
use crate::base::formats::human_date;
use crate::base::key;
use crate::base::strings::Strings;
use crate::core::checklist::Status;

/// The summary format this hostplan writes.
pub const FORMAT: i64 = 1;

pub fn render(ctx: &Context, st: &Settings, files: &[&str], generated: bool) -> String {
    let s = ctx.strings;
    let mut d = Doc::new();
    d.comment(0, s.get(key::config::summary::HEADER));
    d.comment(0, s.get(key::config::summary::NO_SECRETS));
    d.line(&format!("format = {FORMAT}"));
    head(&mut d, ctx, st, files);
    if !st.local() {
        d.blank();
        d.comment(0, s.get(key::config::summary::SAAS));
    }
    if st.local() {
        let env = primero_env(st);
        primero(&mut d, st, s);
        mail(&mut d, st, &env, s);
        database(&mut d, st, &env);
        storage(&mut d, st, &env);
        application(&mut d, st, &env);
    }
    servers(&mut d, ctx);
    openfn(&mut d, st, s);
    secrets(&mut d, files, generated, s);
    still_owed(&mut d, ctx);
    sign_off(&mut d, ctx);
    d.finish()
}

fn kv(d: &mut Doc, key: &str, value: &str) {
    d.line(&format!("{key} = {}", toml_quote(value)));
}

fn list(d: &mut Doc, key: &str, items: &[&str]) {
    let quoted: Vec<String> = items.iter().map(|i| toml_quote(i)).collect();
    d.line(&format!("{key} = [{}]", quoted.join(", ")));
}

fn head(d: &mut Doc, ctx: &Context, st: &Settings, files: &[&str]) {
    kv(
        d,
        "written",
        &ctx.now.date_naive().format("%Y-%m-%d").to_string(),
    );
    for id in ["programme_name", "country", "organisation"] {
        kv(d, id, &ctx.answer_plain(id));
    }
    kv(d, "option", st.option.id());
    let label = crate::analysis::summary::option_label(&ctx.model.questionnaire, st.option);
    kv(d, "option_label", &label);
    if st.local() {
        let method = match st.install {
            Install::Ansible => "ansible",
            Install::DockerOnly => "docker_only",
        };
        kv(d, "install_method", method);
    }
    let mut all = vec![super::SUMMARY_FILE];
    all.extend_from_slice(files);
    list(d, "files", &all);
}

fn primero(d: &mut Doc, st: &Settings, s: &Strings) {
    d.blank();
    d.comment(0, s.get(key::config::summary::PRIMERO));
    d.line("[primero]");
    if let Some(host) = st.get("primero_host") {
        kv(d, "primero_host", &ascii_host(host));
        if !host.is_ascii() {
            kv(d, "primero_host_unicode", host);
        }
    }
    if let Some(email) = st.get("certbot_email") {
        kv(d, "certbot_email", &ascii_email(email));
    }
    let tls = match st.tls {
        super::settings::Tls::ExternalCa => "external_ca",
        super::settings::Tls::LetsEncrypt => "lets_encrypt",
    };
    kv(d, "tls_certificate", tls);
    let release = st.get("primero_release").unwrap_or_default();
    kv(d, "primero_tag", release);
    kv(d, "primero_repo_branch", release);
    kv(d, "locale_all", st.get("locales").unwrap_or_default());
    if let Some(user) = st.get("ansible_user") {
        kv(d, "ansible_user", user);
    }
}

fn mail(d: &mut Doc, st: &Settings, env: &[EnvVar], s: &Strings) {
    d.blank();
    d.comment(0, s.get(key::config::summary::MAIL));
    d.line("[mail]");
    for v in env {
        if v.name.starts_with("SMTP_") || v.name.starts_with("MAILER_") {
            kv(d, v.name, &v.value);
        }
    }
    if let (Some(from), Some(server)) = (st.get("mailer_default_from"), st.get("smtp_address")) {
        let domain = sender_domain(from);
        let args = [("domain", domain.as_str()), ("server", server)];
        d.comment(0, &s.fill(key::config::note::SPF, &args));
        kv(d, "sender_domain", &domain);
    }
}

fn database(d: &mut Doc, st: &Settings, env: &[EnvVar]) {
    d.blank();
    d.line("[database]");
    let hosting = match st.database {
        Database::Container | Database::Server => "self_run",
        Database::Managed => "managed",
        Database::Undecided => "undecided",
    };
    kv(d, "hosting", hosting);
    if st.database == Database::Server {
        d.line("own_server = true");
    }
    for v in env {
        if v.name.starts_with("POSTGRES_") {
            kv(d, v.name, &v.value);
        }
    }
}

fn storage(d: &mut Doc, st: &Settings, env: &[EnvVar]) {
    d.blank();
    d.line("[storage]");
    kv(d, "PRIMERO_STORAGE_TYPE", st.storage.type_name());
    for v in env {
        if v.name.starts_with("PRIMERO_STORAGE_") && v.name != "PRIMERO_STORAGE_TYPE" {
            kv(d, v.name, &v.value);
        }
    }
}

/// The nodes Primero runs on and Puma's settings on each, as the sizing gives them.
fn application(d: &mut Doc, st: &Settings, env: &[EnvVar]) {
    d.blank();
    d.line("[application]");
    d.line(&format!("nodes = {}", st.scale.nodes));
    for v in env {
        if ["WEB_CONCURRENCY", "RAILS_MAX_THREADS"].contains(&v.name) {
            kv(d, v.name, &v.value);
        }
    }
}

fn servers(d: &mut Doc, ctx: &Context) {
    let Some(sizing) = &ctx.analysis.sizing else {
        return;
    };
    d.blank();
    d.comment(0, ctx.strings.get(key::config::summary::SERVERS));
    for (id, server) in sizing.named_servers() {
        d.blank();
        d.line("[[servers]]");
        // The id stays the same in every language: `hostplan preflight DIR` finds the
        // production server by it.
        kv(d, "id", id);
        kv(d, "role", &server.role);
        d.line(&format!("count = {}", server.count));
        d.line(&format!("vcpu = {}", server.vcpu));
        d.line(&format!("ram_gb = {}", toml::Value::Float(server.ram_gb)));
        d.line(&format!(
            "disk_gb = {}",
            server.disk_gb.min(i64::MAX as u64)
        ));
        if !server.note.is_empty() {
            kv(d, "note", &server.note);
        }
    }
}

fn openfn(d: &mut Doc, st: &Settings, s: &Strings) {
    let Some(o) = &st.openfn else { return };
    d.blank();
    d.comment(0, s.get(key::config::summary::OPENFN));
    d.line("[openfn]");
    kv(d, "hosting", o.hosting.as_deref().unwrap_or("undecided"));
    if st.self_hosted_openfn().is_some() {
        kv(
            d,
            "URL_HOST",
            &o.host.as_deref().map(ascii_host).unwrap_or_default(),
        );
        kv(d, "USAGE_TRACKING_ENABLED", "false");
    }
    if let Some(email) = &o.admin_email {
        kv(d, "EMAIL_ADMIN", &ascii_email(email));
    }
    if let Some(policy) = &o.retention {
        kv(d, "retention_policy", policy);
    }
    if let Some(days) = o.history_days {
        kv(d, "DEFAULT_RETENTION_PERIOD", &days.to_string());
    }
    if let Some(auth) = &o.webhook_auth {
        kv(d, "webhook_auth", auth);
    }
    list(d, "webhook_projects", &["production", "alpha"]);
}

fn secrets(d: &mut Doc, files: &[&str], generated: bool, s: &Strings) {
    let secret_files: Vec<&str> = files
        .iter()
        .copied()
        .filter(|f| super::SECRET_FILES.contains(f))
        .collect();
    if secret_files.is_empty() {
        return;
    }
    d.blank();
    let note = if generated {
        key::config::summary::SECRETS_GENERATED
    } else {
        key::config::summary::SECRETS_PLACEHOLDERS
    };
    d.comment(0, s.get(note));
    d.line("[secrets]");
    list(d, "files", &secret_files);
    d.line(&format!("generated = {generated}"));
}

/// What the country team still has to deliver: the agreements not yet signed, and every
/// open checklist item the team owns under the chosen option.
fn still_owed(d: &mut Doc, ctx: &Context) {
    let owed = owed_items(ctx);
    if owed.is_empty() {
        return;
    }
    d.blank();
    d.comment(0, ctx.strings.get(key::config::summary::STILL_OWED));
    for (item, owner, due) in owed {
        d.blank();
        d.line("[[still_owed]]");
        kv(d, "item", &item);
        kv(d, "owner", &owner);
        kv(d, "due", &due);
    }
}

/// Parties outside the country team.
const OUTSIDE: &[&str] = &["unicef", "openfn"];

fn owed_items(ctx: &Context) -> Vec<(String, String, String)> {
    let s = ctx.strings;
    let q = &ctx.model.questionnaire;
    let checklists = &ctx.model.checklists;
    let due_title = |id: &str| {
        checklists
            .milestone(id)
            .map_or(id.to_string(), |m| m.title.clone())
    };
    let matrix = &ctx.analysis.matrix;
    let accountable = |activity: &str| {
        matrix
            .accountable(activity, ctx.analysis.option)
            .map_or(String::new(), |p| p.name.clone())
    };
    let label = |id: &str| {
        let value = ctx.answer_plain(id);
        q.question(id)
            .and_then(|x| x.option(&value))
            .map_or(value.clone(), |o| o.label.clone())
    };
    let mut out = Vec::new();
    let signer = [
        ctx.answer_plain("tou_signatory_name"),
        label("tou_signatory_role"),
    ]
    .into_iter()
    .filter(|x| !x.is_empty())
    .collect::<Vec<_>>()
    .join(", ");
    out.push((
        s.get(key::config::summary::TOU).to_string(),
        signer,
        due_title("go_live"),
    ));
    for (id, key, activity) in [
        (
            "isp_status",
            key::config::summary::ISP,
            "information_sharing_protocol",
        ),
        (
            "breach_protocol_status",
            key::config::summary::BREACH,
            "data_breach_protocol",
        ),
    ] {
        if ctx.answer_plain(id) != "signed" {
            let item = s.fill(key, &[("status", &label(id))]);
            out.push((item, accountable(activity), due_title("go_live")));
        }
    }
    for (_, entries) in checklists.entries(&ctx.analysis.checklists) {
        for entry in entries {
            // A planned item is not delivered yet either: only met ones are.
            let owed = !matches!(entry.status, Status::Met | Status::NotApplicable);
            if owed && !OUTSIDE.contains(&entry.owner) {
                out.push((
                    entry.item.title.clone(),
                    matrix.party_name(entry.owner),
                    due_title(&entry.item.due),
                ));
            }
        }
    }
    out
}

fn sign_off(d: &mut Doc, ctx: &Context) {
    d.blank();
    d.comment(0, ctx.strings.get(key::config::summary::SIGN_OFF));
    d.line("[sign_off]");
    kv(d, "prepared_by", &ctx.answer_plain("plan_author"));
    kv(d, "date_prepared", &human_date(ctx.now.date_naive()));
    for key in ["checked_by", "approved_by", "date_approved"] {
        kv(d, key, "");
    }
}

/// `openfn/webhook-projects.md`: the production and alpha projects, what each holds, who
/// may use it and how senders must authenticate.
pub fn webhook_note(st: &Settings, s: &Strings) -> String {
    let o = st.openfn.as_ref();
    let auth_id = o.and_then(|o| o.webhook_auth.as_deref()).unwrap_or("");
    let auth = match auth_id {
        "basic" => s.get(key::config::webhooks::AUTH_BASIC),
        "header_key" => s.get(key::config::webhooks::AUTH_HEADER),
        "none" => s.get(key::config::webhooks::AUTH_NONE),
        _ => s.get(key::config::webhooks::AUTH_OPEN),
    };
    let policy = o
        .and_then(|o| o.retention_label.as_deref())
        .unwrap_or_else(|| s.get(key::config::webhooks::UNDECIDED));
    let mut d = Doc::new();
    d.line(&format!("# {}", s.get(key::config::webhooks::TITLE)));
    d.blank();
    d.line(s.get(key::config::webhooks::INTRO));
    d.blank();
    d.line(&format!(
        "| {} | {} | {} | {} |",
        s.get(key::config::webhooks::COL_PROJECT),
        s.get(key::config::webhooks::COL_DATA),
        s.get(key::config::webhooks::COL_ACCESS),
        s.get(key::config::webhooks::COL_AUTH)
    ));
    d.line("| --- | --- | --- | --- |");
    for project in ["production", "alpha"] {
        let row = |part: &str| s.keyed(key::config::webhooks::PREFIX, &format!("{project}_{part}"));
        d.line(&format!(
            "| {} | {} | {} | {auth} |",
            row("name"),
            row("data"),
            row("access")
        ));
    }
    d.blank();
    d.line(&s.fill(key::config::webhooks::RETENTION, &[("policy", policy)]));
    d.blank();
    d.line(s.get(key::config::webhooks::ROTATION));
    d.finish()
}
