//! `hostplan export --config` and `hostplan check` as a user runs them.

use std::path::Path;
use std::process::Output;

fn hostplan(args: &[&str], dir: &Path) -> Output {
    crate::common::bin()
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .output()
        .expect("hostplan runs")
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// A temporary folder holding `out`, the demo plan's config folder as `export --config`
/// writes it with `extra` arguments.
fn demo_folder(extra: &[&str]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let args = [&["export", "--demo", "--config", "out"], extra].concat();
    let o = hostplan(&args, tmp.path());
    assert!(o.status.success(), "{}", text(&o).1);
    tmp
}

/// Replaces `from` with `to` in `file`, which must hold `from`.
fn edit(file: &Path, from: &str, to: &str) {
    let t = std::fs::read_to_string(file).unwrap();
    assert!(t.contains(from), "{} lacks {from:?}", file.display());
    std::fs::write(file, t.replacen(from, to, 1)).unwrap();
}

/// The 1-based line of the first line of `file` that holds `needle`.
fn line_of(file: &Path, needle: &str) -> usize {
    let t = std::fs::read_to_string(file).unwrap();
    t.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn the_demo_exports_and_its_folder_passes_the_check() {
    let tmp = tempfile::tempdir().unwrap();
    let o = hostplan(&["export", "--demo", "--config", "out"], tmp.path());
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    assert!(err.is_empty(), "{err}");
    assert_eq!(
        out.lines().count(),
        10,
        "nine files, the runbook among them, and the mail note: {out}"
    );
    assert!(out.contains("wrote out/RUNBOOK.md"), "{out}");
    assert!(
        out.contains("note: Mail will be sent as mosw.gov.kl"),
        "{out}"
    );
    assert!(
        out.contains("wrote out/ansible/inventory/inventory.yml"),
        "{out}"
    );
    let o = hostplan(&["check", "out"], tmp.path());
    let (out, err) = text(&o);
    assert!(o.status.success(), "{out}{err}");
    assert!(err.is_empty(), "{err}");
    assert!(out.ends_with("out: no problems\n"), "{out}");
    // The certificate and its key are left out until pasted, so they are not counted.
    assert!(
        out.contains("note: ansible/secrets.yml: 7 secret values still to fill in"),
        "{out}"
    );
}

#[test]
fn generated_secrets_leave_only_those_people_give() {
    let tmp = demo_folder(&["--generate-secrets"]);
    let o = hostplan(&["check", "out"], tmp.path());
    let (out, err) = text(&o);
    assert!(o.status.success(), "{out}{err}");
    // SMTP_USER and SMTP_PASSWORD; the certificate with its key is left out until pasted.
    assert!(
        out.contains("note: ansible/secrets.yml: 2 secret values still to fill in"),
        "{out}"
    );
}

#[test]
fn hand_edits_that_break_primero_are_all_found_and_located() {
    let tmp = demo_folder(&["--generate-secrets"]);
    let out = tmp.path().join("out");
    let inv = out.join("ansible/inventory/inventory.yml");
    let sec = out.join("ansible/secrets.yml");
    let env = out.join("openfn/lightning.env");
    edit(&inv, "      use_external_certs: 'true'\n", "");
    edit(&inv, "use_lets_encrypt: 'false'", "use_lets_encrypt: false");
    edit(
        &inv,
        "MAILER_DELIVERY_METHOD: 'smtp'",
        "MAILER_DELIVERY_METHOD: ':smtp'",
    );
    edit(
        &inv,
        "primero_repo_branch: 'v2.15.2'",
        "primero_repo_branch: 'v2.16.0'",
    );
    edit(&inv, "SMTP_PORT: '587'", "SMTP_PORT: '465'");
    edit(&inv, "SMTP_AUTH: 'login'", "SMTP_AUTH: 'yes'");
    let secrets = std::fs::read_to_string(&sec).unwrap();
    let message = secrets
        .lines()
        .find_map(|l| l.strip_prefix("primero_message_secret: '"))
        .unwrap()
        .trim_end_matches('\'')
        .to_string();
    assert_eq!(message.len(), 32);
    edit(&sec, &message, &message[..31]);
    edit(&sec, "  SMTP_PASSWORD: ''", "  SMTP_PASSWORD: '$hunter2'");
    let jwt = line_of(&sec, "devise_jwt_secret_key:");
    let kept: Vec<&str> = secrets.lines().collect();
    let without_jwt = std::fs::read_to_string(&sec)
        .unwrap()
        .lines()
        .enumerate()
        .filter(|(n, _)| n + 1 != jwt)
        .map(|(_, l)| format!("{l}\n"))
        .collect::<String>();
    assert_eq!(without_jwt.lines().count() + 1, kept.len());
    std::fs::write(&sec, without_jwt).unwrap();
    edit(
        &env,
        "USAGE_TRACKING_ENABLED=false",
        "USAGE_TRACKING_ENABLED=true",
    );
    edit(
        &env,
        "URL_HOST=openfn.mosw.gov.kl",
        "URL_HOST=openfn mosw.gov.kl",
    );

    let o = hostplan(&["check", "out"], tmp.path());
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let inventory = "out/ansible/inventory/inventory.yml";
    let secrets_file = "out/ansible/secrets.yml";
    let lightning = "out/openfn/lightning.env";
    let at =
        |file: &Path, needle: &str, column: usize| format!("{}:{column}", line_of(file, needle));
    let expected = [
        format!(
            "{inventory}: error [tls_certificate]: use_external_certs is missing: Primero's playbooks test it on every run"
        ),
        format!(
            "{inventory}:{}: error [tls_certificate]: use_lets_encrypt: false is a YAML boolean",
            at(&inv, "use_lets_encrypt", 25)
        ),
        format!(
            "{inventory}:{}: error [MAILER_DELIVERY_METHOD]: MAILER_DELIVERY_METHOD is `:smtp`",
            at(&inv, "MAILER_DELIVERY", 33)
        ),
        format!(
            "{inventory}:{}: error [primero_release]: primero_tag is `v2.15.2` but primero_repo_branch is `v2.16.0`",
            at(&inv, "primero_tag", 20)
        ),
        format!(
            "{inventory}:{}: warning [smtp_port]: port 465 expects encryption",
            at(&inv, "SMTP_PORT", 20)
        ),
        format!(
            "{inventory}:{}: error [smtp_auth]: `yes` is not a sign-in method",
            at(&inv, "SMTP_AUTH", 20)
        ),
        format!(
            "{secrets_file}:{}: error [primero_message_secret]: primero_message_secret does not have the form it needs: Exactly 32 characters",
            at(&sec, "primero_message_secret:", 25)
        ),
        format!(
            "{secrets_file}:{}: error [SMTP_PASSWORD]: the value of SMTP_PASSWORD starts with $",
            at(&sec, "SMTP_PASSWORD:", 18)
        ),
        format!(
            "{secrets_file}: error [devise_jwt_secret_key]: devise_jwt_secret_key is missing: Primero's local.env template still reads it"
        ),
        format!(
            "{lightning}:{}: warning [USAGE_TRACKING_ENABLED]: USAGE_TRACKING_ENABLED=true sends usage statistics",
            at(&env, "USAGE_TRACKING", 24)
        ),
        format!(
            "{lightning}:{}: error [openfn_host]: `openfn mosw.gov.kl` is not a host name",
            at(&env, "URL_HOST", 10)
        ),
    ];
    for e in &expected {
        assert!(err.contains(e.as_str()), "missing:\n{e}\nin:\n{err}");
    }
    assert!(
        !err.contains("hunter2"),
        "a secret reached the output:\n{err}"
    );
    assert!(
        !err.contains(&message[..31]),
        "a secret reached the output:\n{err}"
    );
    assert!(
        err.contains("help: write it in quotes: use_lets_encrypt: 'false'"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn a_secrets_file_others_can_read_fails_the_check() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = demo_folder(&[]);
    let sec = tmp.path().join("out/ansible/secrets.yml");
    std::fs::set_permissions(&sec, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::remove_file(tmp.path().join("out/openfn/.gitignore")).unwrap();
    let o = hostplan(&["check", "out"], tmp.path());
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("out/ansible/secrets.yml: error: ansible/secrets.yml can be read by other accounts (mode 644)"), "{err}");
    assert!(err.contains("help: run chmod 600 on the file"), "{err}");
    assert!(err.contains("out/openfn/lightning-secrets.env: warning: no .gitignore beside openfn/lightning-secrets.env"), "{err}");
}

#[test]
fn a_plan_with_bad_values_is_checked_at_the_lines_of_its_answers() {
    let tmp = tempfile::tempdir().unwrap();
    let plan = tmp.path().join("plan.toml");
    let demo = hostplan::core::builtin::DEMO_PLAN
        .replace("ansible_user = \"ubuntu\"", "ansible_user = \"$deploy\"")
        .replace("locales = \"en,fr\"", "locales = \"en, fr\"");
    std::fs::write(&plan, &demo).unwrap();
    let o = hostplan(&["check", "plan.toml"], tmp.path());
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    for (id, words) in [
        (
            "ansible_user",
            "error [ansible_user]: `$deploy` starts with $",
        ),
        ("locales", "error [locales]: `en, fr` holds a space"),
    ] {
        let line = line_of(&plan, &format!("{id} ="));
        let column = id.len() + 4;
        let want = format!("plan.toml:{line}:{column}: {words}");
        assert!(err.contains(&want), "missing:\n{want}\nin:\n{err}");
    }
    // The plan file itself refuses them, with the configuration's help.
    assert!(err.trim_end().ends_with("plan.toml: 2 errors"), "{err}");
    assert!(err.contains("help: use letters, digits, dots"), "{err}");

    let o = hostplan(&["export", "plan.toml", "--config", "out"], tmp.path());
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error [locales]: `en, fr` holds a space"),
        "{err}"
    );
    assert!(!tmp.path().join("out").exists());
}

#[test]
fn an_existing_folder_needs_force_and_is_kept_as_a_backup() {
    let tmp = demo_folder(&[]);
    let o = hostplan(&["export", "--demo", "--config", "out"], tmp.path());
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("out: error: out already exists and holds files; nothing was written"),
        "{err}"
    );
    assert!(
        err.contains("help: choose a new folder, or add --force"),
        "{err}"
    );
    let args = ["export", "--demo", "--config", "out", "--force"];
    assert!(hostplan(&args, tmp.path()).status.success());
    assert!(tmp.path().join("out.bak/ansible/secrets.yml").exists());
}

#[test]
fn a_folder_not_written_by_hostplan_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("elsewhere")).unwrap();
    let o = hostplan(&["check", "elsewhere"], tmp.path());
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("elsewhere: error: this folder holds no hostplan-config.toml"),
        "{err}"
    );
    let o = hostplan(&["check", "missing.toml"], tmp.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).1.contains("missing.toml does not exist"));
}
