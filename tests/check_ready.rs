//! `hostplan check DIR --ready` as a user runs it: on folders written by
//! `hostplan export --demo --config`, then edited the way people fill them in, with real
//! certificates made here by a test authority (and real RSA keys made by openssl where
//! Lightning needs one).

use crate::common;

use crate::common::certs::{Authority, intermediate, leaf, validity};
use hostplan::export::config::secrets;
use rcgen::{CertificateParams, KeyPair};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const HOST: &str = "cpims.mosw.gov.kl";

fn hostplan(args: &[&str], dir: &Path) -> Output {
    crate::common::bin()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("hostplan runs")
}

/// Exit code, standard output and standard error of `hostplan check out --ready`.
fn ready(dir: &Path) -> (Option<i32>, String, String) {
    let o = hostplan(&["check", "out", "--ready"], dir);
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// A temporary folder holding `out`, written by `export --config` from the demo plan, or
/// from the demo plan with `from` replaced by `to`.
fn exported(edit: Option<(&str, &str)>, extra: &[&str]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let plan = match edit {
        Some((from, to)) => {
            let demo = hostplan::core::builtin::DEMO_PLAN;
            assert!(demo.contains(from), "the demo plan lacks {from}");
            std::fs::write(tmp.path().join("plan.toml"), demo.replace(from, to)).unwrap();
            vec!["export", "plan.toml", "--config", "out"]
        }
        None => vec!["export", "--demo", "--config", "out"],
    };
    let o = hostplan(&[plan.as_slice(), extra].concat(), tmp.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    tmp
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// Replaces the first `from` with `to` in `file`, which must hold `from`.
fn edit(file: &Path, from: &str, to: &str) {
    let t = read(file);
    assert!(t.contains(from), "{} lacks {from:?}", file.display());
    std::fs::write(file, t.replacen(from, to, 1)).unwrap();
}

/// The 1-based line of the first line of `file` that starts with `start`.
fn line_of(file: &Path, start: &str) -> usize {
    read(file)
        .lines()
        .position(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("{} has no line starting {start:?}", file.display()))
        + 1
}

/// A site's certificate (PEM) and its private key (PKCS#8 PEM), from `ca`.
struct Site {
    cert: String,
    key: String,
}

fn site(ca: &Authority, names: &[&str], from: i64, to: i64) -> Site {
    let leaf = leaf(ca, names, from, to);
    Site {
        cert: leaf.cert.pem(),
        key: leaf.key.serialize_pem(),
    }
}

fn good_site(ca: &Authority) -> Site {
    site(ca, &[HOST], -1, 365)
}

/// The site's certificate followed by its intermediate, as nginx wants the chain.
fn full_chain(site: &Site, ca: &Authority) -> String {
    format!("{}{}", site.cert, ca.cert.pem())
}

fn secrets_yml(dir: &Path) -> PathBuf {
    dir.join("out/ansible/secrets.yml")
}

/// `key: |` with `text` below it, indented, as a person pastes PEM into YAML.
fn block(key: &str, text: &str) -> String {
    let body: String = text.lines().map(|l| format!("  {l}\n")).collect();
    format!("{key}: |\n{body}")
}

/// Writes the certificate and key into secrets.yml in place of the commented-out block
/// the export leaves at the end of the file; `None` leaves a key out.
fn paste(file: &Path, cert: Option<String>, key: Option<String>) {
    let text = read(file);
    let kept = text
        .find("# nginx_ssl_cert:")
        .or_else(|| text.find("nginx_ssl_cert:"))
        .map_or(text.as_str(), |at| &text[..at]);
    let mut out = kept.to_string();
    out.extend(cert);
    out.extend(key);
    std::fs::write(file, out).unwrap();
}

fn paste_pem(file: &Path, cert: &str, key: &str) {
    paste(
        file,
        Some(block("nginx_ssl_cert", cert)),
        Some(block("nginx_ssl_key", key)),
    );
}

/// Fills every placeholder a folder with generated secrets still has, except the
/// certificate and, when `worker_key` is `None`, Lightning's worker key.
fn fill_people_values(out: &Path, worker_key: Option<&str>) {
    let sec = out.join("ansible/secrets.yml");
    if sec.exists() {
        edit(&sec, "SMTP_USER: ''", "SMTP_USER: 'primero-mailer'");
        edit(
            &sec,
            "SMTP_PASSWORD: ''",
            "SMTP_PASSWORD: 'a-long-mail-password'",
        );
    }
    let docker = out.join("docker/secrets.env");
    if docker.exists() {
        edit(&docker, "SMTP_USER=\n", "SMTP_USER=primero-mailer\n");
        edit(
            &docker,
            "SMTP_PASSWORD=\n",
            "SMTP_PASSWORD=a-long-mail-password\n",
        );
    }
    let lightning = out.join("openfn/lightning-secrets.env");
    edit(
        &lightning,
        "DATABASE_URL=\n",
        "DATABASE_URL=postgresql://lightning:a-long-db-password@db.mosw.gov.kl:5432/lightning\n",
    );
    edit(
        &lightning,
        "SMTP_USERNAME=\n",
        "SMTP_USERNAME=openfn-mailer\n",
    );
    edit(
        &lightning,
        "SMTP_PASSWORD=\n",
        "SMTP_PASSWORD=a-long-mail-password\n",
    );
    if let Some(key) = worker_key {
        set_worker_key(out, key);
    }
}

fn set_worker_key(out: &Path, value: &str) {
    let file = out.join("openfn/lightning-secrets.env");
    let text: String = read(&file)
        .lines()
        .map(|l| match l.starts_with("WORKER_RUNS_PRIVATE_KEY=") {
            true => format!("WORKER_RUNS_PRIVATE_KEY={value}\n"),
            false => format!("{l}\n"),
        })
        .collect();
    std::fs::write(file, text).unwrap();
}

/// Runs openssl with `input` on its standard input; its standard output.
fn openssl(args: &[&str], input: &str) -> String {
    use std::io::Write as _;
    let mut child = Command::new("openssl")
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

/// A new 2048-bit RSA private key in PEM, from openssl; `None` when openssl is not
/// installed (rcgen's backend cannot make RSA keys).
fn openssl_rsa_key() -> Option<String> {
    common::have_tool("openssl").then(|| openssl(&["genrsa", "2048"], ""))
}

/// The same RSA key in the older PKCS#1 form (`RSA PRIVATE KEY`) many authorities'
/// instructions still produce.
fn pkcs1(pem: &str) -> String {
    let out = if pem.starts_with("-----BEGIN RSA PRIVATE KEY-----") {
        pem.to_string()
    } else {
        openssl(&["rsa", "-traditional"], pem)
    };
    assert!(out.starts_with("-----BEGIN RSA PRIVATE KEY-----"), "{out}");
    out
}

/// A worker key as Lightning's env file needs it: the PEM file in base64 on one line,
/// without padding, as `mix lightning.gen_worker_keys` prints it.
fn worker_key_value(pem: &str) -> String {
    secrets::base64(pem.as_bytes())
        .trim_end_matches('=')
        .to_string()
}

#[test]
fn a_fresh_export_fails_listing_every_placeholder() {
    let tmp = exported(None, &[]);
    let dir = tmp.path();
    let plain = hostplan(&["check", "out"], dir);
    assert!(plain.status.success(), "plain check stays as it was");
    let (code, out, err) = ready(dir);
    assert_eq!(code, Some(1), "{err}");
    assert!(!out.contains("ready to install"), "{out}");
    let mut expected = Vec::new();
    for file in ["ansible/secrets.yml", "openfn/lightning-secrets.env"] {
        let path = dir.join("out").join(file);
        for (n, line) in read(&path).lines().enumerate() {
            let (name, column) = if let Some(name) = line.trim_start().strip_suffix(": ''") {
                (name, line.len() - 1)
            } else if let Some(name) = line.strip_suffix('=') {
                (name, line.len() + 1)
            } else {
                continue;
            };
            let at = format!("out/{file}:{}:{column}", n + 1);
            expected.push(format!(
                "{at}: error [{name}]: the secret {name} is still empty"
            ));
        }
    }
    assert_eq!(expected.len(), 14, "{expected:#?}");
    let sec = secrets_yml(dir);
    expected.push(format!(
        "out/ansible/secrets.yml:{}:1: error [nginx_ssl_cert]: nginx_ssl_cert: the certificate is missing",
        line_of(&sec, "# nginx_ssl_cert:")
    ));
    expected.push(format!(
        "out/ansible/secrets.yml:{}:1: error [nginx_ssl_key]: nginx_ssl_key: the certificate's private key is missing",
        line_of(&sec, "# nginx_ssl_key:")
    ));
    for e in &expected {
        assert!(err.contains(e.as_str()), "missing:\n{e}\nin:\n{err}");
    }
    assert!(
        err.trim_end()
            .ends_with(&format!("out: {} errors", expected.len())),
        "{err}"
    );
}

#[test]
fn absent_and_empty_certificates_are_missing_too() {
    let tmp = exported(None, &["--generate-secrets"]);
    let sec = secrets_yml(tmp.path());
    paste(&sec, None, None);
    let (code, _, err) = ready(tmp.path());
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("out/ansible/secrets.yml: error [nginx_ssl_cert]: nginx_ssl_cert: the certificate is missing (left out, commented out or empty)"),
        "{err}"
    );
    paste(
        &sec,
        Some("nginx_ssl_cert: ''\n".into()),
        Some("nginx_ssl_key:\n".into()),
    );
    let (_, _, err) = ready(tmp.path());
    let line = line_of(&sec, "nginx_ssl_cert:");
    for (key, at) in [
        ("nginx_ssl_cert", (line, 17)),
        // A null value is located at its key.
        ("nginx_ssl_key", (line + 1, 1)),
    ] {
        let want = format!(
            "out/ansible/secrets.yml:{}:{}: error [{key}]: {key}: ",
            at.0, at.1
        );
        assert!(err.contains(&want), "missing:\n{want}\nin:\n{err}");
    }
    assert!(err.contains("help: put the certificate for cpims.mosw.gov.kl there as PEM text"));
    // Pasted under a line left commented out: the file is no longer YAML, which the
    // folder's check reports; what was pasted cannot be judged until that is fixed.
    let ca = intermediate();
    let good = good_site(&ca);
    paste(
        &sec,
        Some(format!(
            "# {}",
            block("nginx_ssl_cert", &full_chain(&good, &ca))
        )),
        Some(block("nginx_ssl_key", &good.key)),
    );
    let (code, _, err) = ready(tmp.path());
    assert_eq!(code, Some(1), "{err}");
    let broken = err
        .lines()
        .any(|l| l.starts_with("out/ansible/secrets.yml:") && l.contains(": error: "));
    assert!(broken, "{err}");
    assert!(!err.contains("nginx_ssl"), "{err}");
}

#[test]
fn a_full_chain_with_its_key_is_ready() {
    let Some(rsa) = openssl_rsa_key() else {
        return;
    };
    let tmp = exported(None, &["--generate-secrets"]);
    let out = tmp.path().join("out");
    fill_people_values(&out, Some(&worker_key_value(&rsa)));
    let ca = intermediate();
    let good = good_site(&ca);
    paste_pem(&secrets_yml(tmp.path()), &full_chain(&good, &ca), &good.key);
    let (code, stdout, err) = ready(tmp.path());
    assert_eq!(code, Some(0), "{err}");
    assert!(err.is_empty(), "{err}");
    assert!(
        stdout.ends_with("out: no problems\nout: ready to install\n"),
        "{stdout}"
    );
}

#[test]
fn each_certificate_fault_fails_with_its_message() {
    let tmp = exported(None, &["--generate-secrets"]);
    let sec = secrets_yml(tmp.path());
    let ca = intermediate();
    let good = good_site(&ca);
    let other = good_site(&ca);
    let wildcard = site(&ca, &["*.mosw.gov.kl"], -1, 365);
    let expired = site(&ca, &[HOST], -400, -1);
    let expiring = site(&ca, &[HOST], -30, 10);
    let tomorrow = site(&ca, &[HOST], -30, 1);
    let elsewhere = site(&ca, &["primero.example.org"], -1, 365);
    let key_error = "[nginx_ssl_key]: nginx_ssl_key";
    let ten_days = chrono::Utc::now() + chrono::Duration::days(10);
    let in_ten_days = format!(
        "[nginx_ssl_cert]: the site's certificate in nginx_ssl_cert expires within 30 days: on {}, in 10 days",
        ten_days.format("%Y-%m-%d")
    );
    let cases: Vec<(&str, String, &str, &str, &str)> = vec![
        (
            "leaf only",
            good.cert.clone(),
            &good.key,
            "[nginx_ssl_cert]: nginx_ssl_cert holds the site's certificate alone, without the intermediate certificates",
            "help: add the intermediate certificates the authority sent",
        ),
        (
            "wildcard",
            full_chain(&wildcard, &ca),
            &wildcard.key,
            "[nginx_ssl_cert]: nginx_ssl_cert is a wildcard certificate (*.mosw.gov.kl)",
            "help: ask the authority for a certificate that names cpims.mosw.gov.kl alone",
        ),
        (
            "expired",
            full_chain(&expired, &ca),
            &expired.key,
            "[nginx_ssl_cert]: the site's certificate in nginx_ssl_cert expired on ",
            "help: renew it, and put the new certificate in its place",
        ),
        (
            "expiring in 10 days",
            full_chain(&expiring, &ca),
            &expiring.key,
            &in_ten_days,
            "help: renew it before installing",
        ),
        (
            "expiring tomorrow: one day, not one days",
            full_chain(&tomorrow, &ca),
            &tomorrow.key,
            ", in 1 day, too soon to install",
            "help: renew it before installing",
        ),
        (
            "wrong host",
            full_chain(&elsewhere, &ca),
            &elsewhere.key,
            "[nginx_ssl_cert]: nginx_ssl_cert does not name cpims.mosw.gov.kl; the names it gives are: primero.example.org",
            "help: ask for a certificate for cpims.mosw.gov.kl",
        ),
        (
            "mismatched key",
            full_chain(&good, &ca),
            &other.key,
            "is not the key of the certificate in nginx_ssl_cert: nginx would refuse to start",
            "help: use the key made together with the certificate's request",
        ),
        (
            "not PEM",
            "this is the certificate, honestly".to_string(),
            &good.key,
            "[nginx_ssl_cert]: nginx_ssl_cert holds no certificate in PEM form",
            "help: ask the authority for the PEM (Base64) form",
        ),
        (
            "empty",
            String::new(),
            &good.key,
            "[nginx_ssl_cert]: nginx_ssl_cert: the certificate is missing",
            "help: put the certificate for cpims.mosw.gov.kl there as PEM text",
        ),
    ];
    for (case, cert, key, message, help) in cases {
        paste_pem(&sec, &cert, key);
        let (code, _, err) = ready(tmp.path());
        assert_eq!(code, Some(1), "{case}: {err}");
        let (cert_line, key_line) = (
            line_of(&sec, "nginx_ssl_cert:"),
            line_of(&sec, "nginx_ssl_key:"),
        );
        // A block's value starts on the line below its key, indented; an empty one is
        // placed by the YAML reader where the next line starts.
        let place = if case == "empty" {
            format!("out/ansible/secrets.yml:{}:1: error ", cert_line + 1)
        } else if message.starts_with("is not the key") {
            format!(
                "out/ansible/secrets.yml:{}:3: error {key_error} {message}",
                key_line + 1
            )
        } else {
            format!("out/ansible/secrets.yml:{}:3: error ", cert_line + 1)
        };
        assert!(err.contains(&place), "{case}: missing\n{place}\nin:\n{err}");
        assert!(
            err.contains(message),
            "{case}: missing\n{message}\nin:\n{err}"
        );
        assert!(err.contains(help), "{case}: missing\n{help}\nin:\n{err}");
        assert!(
            !err.contains(key_error) || case == "mismatched key",
            "{case}: the key is its own:\n{err}"
        );
    }
    // The good pair raises nothing about the certificate.
    paste_pem(&sec, &full_chain(&good, &ca), &good.key);
    let (_, _, err) = ready(tmp.path());
    assert!(!err.contains("nginx_ssl"), "{err}");
}

#[test]
fn an_rsa_certificate_matches_its_key_in_the_older_pkcs1_form() {
    let (Some(mine), Some(other)) = (openssl_rsa_key(), openssl_rsa_key()) else {
        return;
    };
    let ca = intermediate();
    // The certificate carries the RSA key's public half; the authority signs it.
    let mut p = CertificateParams::new(vec![HOST.to_string()]).unwrap();
    validity(&mut p, -1, 365);
    let public = KeyPair::from_pem(&mine).unwrap();
    let chain = format!(
        "{}{}",
        p.signed_by(&public, &ca.issuer).unwrap().pem(),
        ca.cert.pem()
    );
    let tmp = exported(None, &["--generate-secrets"]);
    let sec = secrets_yml(tmp.path());
    for key in [mine.clone(), pkcs1(&mine)] {
        paste_pem(&sec, &chain, &key);
        let (_, _, err) = ready(tmp.path());
        assert!(!err.contains("nginx_ssl"), "{err}");
    }
    paste_pem(&sec, &chain, &pkcs1(&other));
    let (_, _, err) = ready(tmp.path());
    assert!(
        err.contains("nginx_ssl_key is not the key of the certificate in nginx_ssl_cert"),
        "{err}"
    );
}

#[test]
fn a_docker_only_install_reads_the_certificate_files_beside_local_env() {
    let tmp = exported(
        Some((
            "install_method = \u{22}ansible\u{22}",
            "install_method = \u{22}docker_only\u{22}",
        )),
        &["--generate-secrets"],
    );
    let out = tmp.path().join("out");
    let (code, _, err) = ready(tmp.path());
    assert_eq!(code, Some(1), "{err}");
    for (file, what) in [
        ("crt", "the certificate"),
        ("key", "the certificate's private key"),
    ] {
        let want = format!(
            "out/docker/primero.{file}: error [tls_certificate]: docker/primero.{file}: {what} is missing"
        );
        assert!(err.contains(&want), "missing:\n{want}\nin:\n{err}");
    }
    let ca = intermediate();
    let good = good_site(&ca);
    std::fs::write(out.join("docker/primero.crt"), &good.cert).unwrap();
    std::fs::write(out.join("docker/primero.key"), &good.key).unwrap();
    let (_, _, err) = ready(tmp.path());
    assert!(
        err.contains("out/docker/primero.crt:1:1: error [tls_certificate]: docker/primero.crt holds the site's certificate alone"),
        "{err}"
    );
    std::fs::write(out.join("docker/primero.crt"), full_chain(&good, &ca)).unwrap();
    let (_, _, err) = ready(tmp.path());
    assert!(
        !err.contains("primero.crt") && !err.contains("primero.key"),
        "{err}"
    );
}

#[test]
fn the_worker_key_must_be_base64_pem_without_quotes() {
    let Some(rsa) = openssl_rsa_key() else {
        return;
    };
    let tmp = exported(None, &["--generate-secrets"]);
    let out = tmp.path().join("out");
    fill_people_values(&out, None);
    let ca = intermediate();
    let site = good_site(&ca);
    paste_pem(&secrets_yml(tmp.path()), &full_chain(&site, &ca), &site.key);
    let file = out.join("openfn/lightning-secrets.env");
    let good = worker_key_value(&rsa);
    let one_line_pem = rsa.trim_end().replace('\n', "\\n");
    let ec = KeyPair::generate().unwrap().serialize_pem();
    let at = || {
        format!(
            "out/openfn/lightning-secrets.env:{}:25: error [WORKER_RUNS_PRIVATE_KEY]: WORKER_RUNS_PRIVATE_KEY",
            line_of(&file, "WORKER_RUNS_PRIVATE_KEY=")
        )
    };
    for (value, fault) in [
        (good.clone(), None),
        (secrets::base64(rsa.as_bytes()), None),
        (
            format!("\u{22}{good}\u{22}"),
            Some("is in quotes: docker run --env-file keeps them as part of the value"),
        ),
        (
            one_line_pem,
            Some(
                "holds the key as PEM text, but Lightning reads this setting as the PEM file in base64",
            ),
        ),
        ("not a key at all!".to_string(), Some("is not base64")),
        (
            worker_key_value("hello"),
            Some("is base64, but not of a PEM private key"),
        ),
        (
            worker_key_value(&ec),
            Some("is not an RSA key: Lightning signs run tokens with RS256"),
        ),
    ] {
        set_worker_key(&out, &value);
        let (code, stdout, err) = ready(tmp.path());
        match fault {
            None => {
                assert_eq!(code, Some(0), "{}: {err}", &value[..20]);
                assert!(stdout.contains("out: ready to install"), "{stdout}");
            }
            Some(words) => {
                assert_eq!(code, Some(1), "{words}: {err}");
                let want = format!("{} {words}", at());
                assert!(err.contains(&want), "missing:\n{want}\nin:\n{err}");
                assert!(!err.contains(&good), "the key reached the output:\n{err}");
            }
        }
    }
}

#[test]
fn the_message_secret_must_be_exactly_32_bytes() {
    let tmp = exported(None, &["--generate-secrets"]);
    let sec = secrets_yml(tmp.path());
    let text = read(&sec);
    let secret = text
        .lines()
        .find_map(|l| l.strip_prefix("primero_message_secret: '"))
        .unwrap()
        .trim_end_matches('\'')
        .to_string();
    assert_eq!(secret.len(), 32);
    let line = line_of(&sec, "primero_message_secret:");
    let message = |n: usize| {
        format!(
            "out/ansible/secrets.yml:{line}:25: error [primero_message_secret]: primero_message_secret is {n} bytes long; Primero encrypts messages with a key of exactly 32 bytes"
        )
    };
    for (value, fault) in [
        (secret[..31].to_string(), Some(31)),
        (format!("{secret}x"), Some(33)),
        (secret.clone(), None),
    ] {
        std::fs::write(&sec, text.replace(&secret, &value)).unwrap();
        let (_, _, err) = ready(tmp.path());
        match fault {
            Some(n) => {
                assert!(
                    err.contains(&message(n)),
                    "missing:\n{}\nin:\n{err}",
                    message(n)
                );
                // One error for the line: --ready's says more than the plain check's.
                assert!(!err.contains("does not have the form it needs"), "{err}");
            }
            None => assert!(!err.contains("primero_message_secret"), "{err}"),
        }
        assert!(
            !err.contains(&value),
            "the secret reached the output:\n{err}"
        );
    }
}

#[test]
fn ready_is_for_folders() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("plan.toml"),
        hostplan::core::builtin::DEMO_PLAN,
    )
    .unwrap();
    let o = hostplan(&["check", "plan.toml", "--ready"], tmp.path());
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("--ready checks a folder written by hostplan export --config"),
        "{err}"
    );
}
