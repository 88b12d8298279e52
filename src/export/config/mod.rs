//! The configuration hand-over for Primero's deployment tooling.
//!
//! From a plan's answers this writes, into one folder, a summary for people to sign
//! (`hostplan-config.toml`) and, for a locally run production site, the files Primero's
//! own tooling reads: the Ansible inventory and secrets file, or the env files of a
//! Docker-only install, and OpenFn Lightning's env files when it is self-hosted. Secrets
//! are only ever placeholders or freshly generated random values, in files of their own
//! with mode 0600.
//!
//! Rendering is pure (answers in, bytes out); [`write`] alone puts the files on disk,
//! through [`crate::store::write_folder`]. [`check`] finds every problem with the answers
//! first, and [`check_folder`] re-reads a written folder.

use crate::base::key;
mod doc;
mod env;
mod folder;
mod inventory;
pub mod ready;
pub mod runbook;
pub mod secrets;
pub mod settings;
mod summary;
pub mod tls;
mod unreadable;
pub mod validate;
pub mod vars;
pub mod yaml;

pub use crate::base::idna;
pub use folder::{
    FolderText, KNOWN_FILES, ToolCommand, ToolOutcome, check_folder, inventory_command,
    inventory_verdict,
};
pub use unreadable::{Unreadable, text_from_bytes};

use super::{Context, Report, output_problem};
use crate::base::diag::{Problem, has_errors};
use crate::store;
use secrets::Values;
use settings::{Install, Settings, Tls};
use std::path::Path;

#[derive(Clone, Debug, Default)]
pub struct Options {
    pub force: bool,
    pub generate_secrets: bool,
}

/// One file of the hand-over, before it is written.
#[derive(Clone, Debug, PartialEq)]
pub struct OutFile {
    /// Relative to the folder, with `/` between parts.
    pub path: String,
    pub contents: String,
    /// Holds secrets (or their placeholders): written with mode 0600.
    pub secret: bool,
}

impl OutFile {
    fn new(path: &str, contents: String, secret: bool) -> OutFile {
        OutFile {
            path: path.to_string(),
            contents,
            secret,
        }
    }
}

pub const SUMMARY_FILE: &str = "hostplan-config.toml";
pub const INVENTORY_FILE: &str = "ansible/inventory/inventory.yml";
pub const ANSIBLE_SECRETS_FILE: &str = "ansible/secrets.yml";
pub const DOCKER_ENV_FILE: &str = "docker/local.env";
pub const DOCKER_SECRETS_FILE: &str = "docker/secrets.env";
pub const LIGHTNING_ENV_FILE: &str = "openfn/lightning.env";
pub const LIGHTNING_SECRETS_FILE: &str = "openfn/lightning-secrets.env";
pub const WEBHOOK_NOTE_FILE: &str = "openfn/webhook-projects.md";

/// The files that hold secrets (or their placeholders).
pub const SECRET_FILES: &[&str] = &[
    ANSIBLE_SECRETS_FILE,
    DOCKER_SECRETS_FILE,
    LIGHTNING_SECRETS_FILE,
];

/// The plan's configuration settings, following the analysis' sizing.
pub fn settings(ctx: &Context) -> Settings {
    Settings::read(
        &ctx.model.questionnaire,
        &ctx.plan.answers,
        ctx.analysis.option,
    )
    .with_sizing(ctx.analysis.sizing.as_ref())
}

/// Every problem with the plan's configuration answers at once, each naming the
/// question to change.
pub fn check(ctx: &Context) -> Vec<Problem> {
    validate::check_settings(&settings(ctx), ctx.strings)
        .into_iter()
        .map(|d| d.in_file(ctx.origin))
        .collect()
}

/// Things worth knowing about the answers that are not problems: the ASCII form of
/// international names, and the domain that needs mail records.
pub fn notes(ctx: &Context) -> Vec<String> {
    let mut notes = validate::notes(&settings(ctx), ctx.strings);
    if !ctx
        .plan
        .answers
        .contains_key(crate::core::options::ADOPTION_QUESTION)
    {
        notes.insert(0, ctx.strings.get(key::config::note::NO_OPTION).to_string());
    }
    notes
}

/// Checks the plan's configuration answers, then writes the config folder `dir`. Nothing
/// is written when the answers have errors.
pub fn export(ctx: &Context, dir: &Path, options: &Options, report: &mut Report) {
    let problems = check(ctx);
    let failed = has_errors(&problems);
    report.problems.extend(problems);
    if failed {
        let not_written = output_problem(dir, key::config::export::NOT_WRITTEN, Vec::new());
        report.problems.push(not_written);
        return;
    }
    write(ctx, dir, options, report);
}

/// Writes the config folder without checking the answers first; for callers that have
/// run [`check`] already.
pub fn write(ctx: &Context, dir: &Path, options: &Options, report: &mut Report) {
    let st = settings(ctx);
    let values = if options.generate_secrets {
        let needed = secrets::needed(&st);
        match Values::generate(&needed, &mut |buf: &mut [u8]| getrandom::fill(buf)) {
            Ok(v) => v,
            Err(e) => {
                let args = vec![("error", e.to_string())];
                let p = output_problem(dir, key::config::export::NO_RANDOMNESS, args);
                report.problems.push(p);
                return;
            }
        }
    } else {
        Values::placeholders()
    };
    let files: Vec<store::FolderFile> = render(ctx, &st, &values)
        .into_iter()
        .map(|f| store::FolderFile {
            path: f.path,
            contents: f.contents.into_bytes(),
            private: f.secret,
        })
        .collect();
    recover(ctx, dir, report);
    match store::write_folder(dir, &files, options.force) {
        Ok(done) => {
            report.written.extend(done.files);
            // Hand edits to the earlier folder (filled-in secrets) would otherwise go unseen.
            if done.backup.is_some() {
                let shown = dir.display().to_string();
                let note = ctx
                    .strings
                    .fill(key::config::export::REPLACED, &[("dir", &shown)]);
                report.notes.push(note);
            }
        }
        Err(e) => report.problems.push(write_problem(dir, &e)),
    }
}

/// Says what was done about an earlier export of the same folder that was cut short, so
/// a folder put back or kept aside is never a surprise.
fn recover(ctx: &Context, dir: &Path, report: &mut Report) {
    let shown = dir.display().to_string();
    let note = match store::recover_folder(dir) {
        Ok(None) => return,
        Ok(Some(store::Recovered::Restored)) => ctx
            .strings
            .fill(key::config::export::RESTORED, &[("dir", &shown)]),
        Ok(Some(store::Recovered::KeptAsBackup(bak))) => ctx.strings.fill(
            key::config::export::KEPT_INTERRUPTED,
            &[("dir", &shown), ("bak", &bak.display().to_string())],
        ),
        Ok(Some(store::Recovered::Cleaned)) => ctx
            .strings
            .fill(key::config::export::CLEANED, &[("dir", &shown)]),
        Err(e) => return report.problems.push(write_problem(dir, &e)),
    };
    report.notes.push(note);
}

fn write_problem(dir: &Path, e: &std::io::Error) -> Problem {
    if e.kind() == std::io::ErrorKind::AlreadyExists {
        let args = vec![("dir", dir.display().to_string())];
        output_problem(dir, key::config::export::EXISTS, args)
            .help_at(key::config::export::EXISTS_HELP)
    } else {
        output_problem(
            dir,
            key::config::export::FAILED,
            vec![("error", e.to_string())],
        )
    }
}

/// Every file of the hand-over for these settings, in the order they are listed.
pub fn render(ctx: &Context, st: &Settings, values: &Values) -> Vec<OutFile> {
    let s = ctx.strings;
    let mut files = Vec::new();
    if st.local() {
        match st.install {
            Install::Ansible => {
                files.push(OutFile::new(
                    INVENTORY_FILE,
                    inventory::render(st, s),
                    false,
                ));
                let text = env::secrets_yaml(st, values, s);
                files.push(OutFile::new(ANSIBLE_SECRETS_FILE, text, true));
                files.push(gitignore("ansible/.gitignore", &["secrets.yml"], s));
            }
            Install::DockerOnly => {
                files.push(OutFile::new(DOCKER_ENV_FILE, env::docker(st, s), false));
                let text = env::docker_secrets(st, values, s);
                files.push(OutFile::new(DOCKER_SECRETS_FILE, text, true));
                // The certificate's key is pasted beside the env files for check --ready.
                let ignored = ["secrets.env", "primero.key"];
                files.push(gitignore("docker/.gitignore", &ignored, s));
            }
        }
        if st.self_hosted_openfn().is_some() {
            files.push(OutFile::new(
                LIGHTNING_ENV_FILE,
                env::lightning(st, s),
                false,
            ));
            let text = env::lightning_secrets(values, s);
            files.push(OutFile::new(LIGHTNING_SECRETS_FILE, text, true));
            files.push(gitignore(
                "openfn/.gitignore",
                &["lightning-secrets.env"],
                s,
            ));
        }
        if st.openfn.is_some() {
            files.push(OutFile::new(
                WEBHOOK_NOTE_FILE,
                summary::webhook_note(st, s),
                false,
            ));
        }
    }
    if let Some(text) = runbook::render(st, s) {
        files.push(OutFile::new(runbook::RUNBOOK_FILE, text, false));
    }
    let listed: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let text = summary::render(ctx, st, &listed, !values.is_empty());
    files.insert(0, OutFile::new(SUMMARY_FILE, text, false));
    files
}

fn gitignore(path: &str, names: &[&str], s: &crate::base::strings::Strings) -> OutFile {
    let mut d = doc::Doc::new();
    d.comment(0, s.get(key::config::gitignore::COMMENT));
    for name in names {
        d.line(name);
    }
    OutFile::new(path, d.finish(), false)
}

/// A host name as written in the files: ASCII, lower case.
fn ascii_host(host: &str) -> String {
    idna::host_to_ascii(host).unwrap_or_else(|| host.to_string())
}

fn ascii_email(address: &str) -> String {
    idna::email_to_ascii(address).unwrap_or_else(|| address.to_string())
}

/// Where nginx finds the certificate and its key inside its container.
fn cert_paths(tls: Tls) -> (&'static str, &'static str) {
    match tls {
        Tls::LetsEncrypt => (
            "/etc/letsencrypt/live/primero/fullchain.pem",
            "/etc/letsencrypt/live/primero/privkey.pem",
        ),
        Tls::ExternalCa => ("/external-certs/primero.crt", "/external-certs/primero.key"),
    }
}
