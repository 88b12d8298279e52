//! Values that would break Primero's deployment, each rejected (or warned about) with its
//! reason and the question to change.

use crate::common;
use crate::common::config as handover;

use hostplan::base::diag::{Problem, Severity};
use hostplan::core::answer::Answer;
use hostplan::core::builtin::DEMO_PLAN;
use hostplan::export::{config, with_context};

/// The demo plan with answers replaced or removed, checked; every problem found.
fn check_changed(changes: &[(&str, Option<Answer>)]) -> Vec<Problem> {
    let l = handover::with_answers(DEMO_PLAN, changes);
    with_context(&l.model, &l.plan, now(), "demo.toml", config::check)
}

/// The demo plan with one answer replaced, checked; every problem found.
fn check_with(id: &str, answer: Answer) -> Vec<Problem> {
    check_changed(&[(id, Some(answer))])
}

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::NaiveDate::from_ymd_opt(2026, 10, 19)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
        .and_utc()
}

fn text(s: &str) -> Answer {
    Answer::Text(s.to_string())
}

const E: Severity = Severity::Error;
const W: Severity = Severity::Warning;

/// (question, value typed, severity, words the message must hold).
#[rustfmt::skip]
const BAD: &[(&str, &str, Severity, &str)] = &[
    // Characters that break Primero's YAML templates or Docker's env files.
    ("ansible_user", "$deploy", E, "starts with $: Primero's start-up script reads it as the name of a variable"),
    ("ansible_user", "de$ploy", E, "holds $: Primero's start-up script replaces"),
    ("ansible_user", "*deploy", E, "starts with *, which YAML reads as a reference to another value"),
    ("ansible_user", "@deploy", E, "starts with @, which YAML reads as a reserved character"),
    ("ansible_user", "&deploy", E, "starts with &, which YAML reads as a label for another value"),
    ("ansible_user", "!deploy", E, "starts with !, which YAML reads as a type tag"),
    ("ansible_user", "%deploy", E, "starts with %, which YAML reads as a directive"),
    ("ansible_user", "|deploy", E, "the start of a block of text"),
    ("ansible_user", "[deploy]", E, "part of a list or table"),
    ("ansible_user", "#deploy", E, "starts with #, which YAML reads as a comment"),
    ("ansible_user", "`deploy", E, "a reserved character"),
    ("ansible_user", "deploy: admin", E, "holds a colon followed by a space"),
    ("ansible_user", "deploy #admin", E, "holds a space followed by #"),
    ("ansible_user", "de ploy", E, "holds a space; Docker's env files take each value exactly as written"),
    ("ansible_user", "de'ploy", E, "holds a quote mark"),
    ("ansible_user", "de\\ploy", E, "holds a backslash"),
    ("ansible_user", "{{user}}", E, "holds {{, which Ansible reads as the start of a template"),
    ("ansible_user", "yes", E, "is a word YAML reads as true or false"),
    ("ansible_user", "No", E, "is a word YAML reads as true or false"),
    ("ansible_user", "ON", E, "is a word YAML reads as true or false"),
    ("ansible_user", "off", E, "is a word YAML reads as true or false"),
    ("ansible_user", "true", E, "is a word YAML reads as true or false"),
    ("ansible_user", "null", E, "is a word YAML reads as an empty value"),
    ("ansible_user", "~", E, "is a word YAML reads as an empty value"),
    ("ansible_user", "root", E, "must not log in as root"),
    ("ansible_user", "Deploy", E, "`Deploy` is not a Linux account name"),
    ("primero_release", "v2.15.2 beta", E, "holds a space"),
    // Release, languages.
    ("primero_release", "latest", E, "follows whatever was published last"),
    ("primero_release", "main", E, "`main` is not a Primero release name"),
    ("primero_release", "2.15.2", E, "`2.15.2` is not a Primero release name"),
    ("locales", "en, fr", E, "holds a space"),
    ("locales", "en,,fr", E, "`en,,fr` has an empty item between commas"),
    ("locales", "en,english", E, "`english` in `en,english` is not a language code"),
    ("locales", "en,fr,en", E, "`en` appears twice in `en,fr,en`"),
    // Host names.
    ("primero_host", "*.mosw.gov.kl", E, "is a wildcard"),
    ("primero_host", "cpims.primero.org", E, "is under primero.org"),
    ("primero_host", "PRIMERO.ORG", E, "is under primero.org"),
    ("primero_host", "localhost", E, "at least two parts"),
    ("primero_host", "10.1.2.3", E, "looks like an IP address"),
    ("primero_host", "cpims..gov.kl", E, "two dots in a row"),
    ("primero_host", "-cpims.gov.kl", E, "starts or ends with a hyphen"),
    ("primero_host", "cpims.mosw.gov.kl.", E, "remove the trailing dot"),
    ("smtp_address", "mail server.gov.kl", E, "is not a host name"),
    ("smtp_domain", "*.gov.kl", E, "is a wildcard"),
    ("mailer_notification_host", "intranet", E, "at least two parts"),
    // E-mail addresses.
    ("certbot_email", "it.certificates.mosw.gov.kl", E, "is not an e-mail address: it has no `@`"),
    ("certbot_email", "certs@localhost", E, "after the `@`"),
    ("mailer_default_from", "$noreply@mosw.gov.kl", E, "starts with $"),
    ("mailer_default_from", "*noreply@mosw.gov.kl", E, "starts with *"),
    ("mailer_default_from", "noreply@*.gov.kl", E, "is a wildcard"),
    ("mailer_default_from", "réponse@mosw.gov.kl", W, "letters outside ASCII before the @"),
    // Mail server.
    ("smtp_port", "465", W, "port 465 expects encryption from the first byte"),
    ("smtp_port", "25", W, "port 25 is meant for mail servers passing mail to each other"),
    ("smtp_port", "2525", W, "port 2525 is not the usual submission port 587"),
    ("smtp_port", "0", E, "0 is not a port number from 1 to 65535"),
    ("smtp_auth", "xoauth2", E, "`xoauth2` is not a sign-in method Primero's mailer knows"),
    ("smtp_starttls", "off", W, "STARTTLS is off"),
    ("mailer_notification_host", "links.mosw.gov.kl", W, "links in Primero's e-mails will open links.mosw.gov.kl"),
    // Database and storage.
    ("postgres_hostname", "pg cpims.kndc.gov.kl", E, "is not a host name"),
    ("database_hosting", "undecided", W, "the database is not decided"),
    ("tls_certificate", "lets_encrypt", W, "Let's Encrypt certificates are discouraged"),
    // OpenFn.
    ("openfn_host", "cpims.mosw.gov.kl", E, "cannot share the host name cpims.mosw.gov.kl"),
    ("openfn_host", "*.mosw.gov.kl", E, "is a wildcard"),
    ("openfn_admin_email", "integrations", E, "is not an e-mail address"),
    ("openfn_webhook_auth", "none", W, "webhooks without authentication accept data from anyone"),
];

fn answer_for(id: &str, value: &str) -> Answer {
    match id {
        "smtp_port" => Answer::Integer(value.parse().unwrap()),
        "smtp_auth"
        | "smtp_starttls"
        | "database_hosting"
        | "tls_certificate"
        | "openfn_webhook_auth" => Answer::Choice(value.to_string()),
        _ => text(value),
    }
}

#[test]
fn the_demo_plan_has_no_configuration_problem() {
    let problems = check_with("country", text("Kalmaria"));
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn every_bad_value_is_caught_with_its_reason_and_question() {
    assert!(BAD.len() >= 30);
    let mut failures = Vec::new();
    for (id, value, severity, words) in BAD {
        let problems = check_with(id, answer_for(id, value));
        let hit = problems.iter().any(|p| {
            p.id.as_deref() == Some(*id) && p.severity == *severity && p.message().contains(words)
        });
        if !hit {
            let all: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
            failures.push(format!(
                "{id} = {value:?}: wanted {severity:?} `{words}`, got:\n  {}",
                all.join("\n  ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_error_says_what_to_do() {
    for (id, value, severity, _) in BAD {
        let problems = check_with(id, answer_for(id, value));
        for p in problems.iter().filter(|p| p.is_error()) {
            assert!(p.help().is_some(), "{id} = {value:?} has no help: {p}");
        }
        if *severity == W {
            assert!(!problems.iter().any(Problem::is_error), "{problems:#?}");
        }
    }
}

#[test]
fn every_problem_is_listed_at_once() {
    let problems = check_changed(&[
        ("ansible_user", Some(text("yes"))),
        ("locales", Some(text("en fr"))),
        ("primero_release", Some(text("latest"))),
        ("storage_container", Some(text("x"))),
        ("smtp_port", Some(Answer::Integer(465))),
        ("certbot_email", None),
    ]);
    let mut ids: Vec<&str> = problems.iter().filter_map(|p| p.id.as_deref()).collect();
    ids.sort();
    // The storage container is hidden in the demo (attachments stay on the disk): its
    // answer is not used, so it is not checked.
    assert_eq!(
        ids,
        vec![
            "ansible_user",
            "certbot_email",
            "locales",
            "primero_release",
            "smtp_port"
        ],
        "{problems:#?}"
    );
    common::find(&problems, Some("certbot_email"), "is not answered");
}
