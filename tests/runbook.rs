//! RUNBOOK.md as a team reads it after `hostplan export --config`: the steps in the order
//! that works with Primero's playbooks for this plan, and every file a command copies from
//! the hand-over folder really there.

use std::path::{Path, PathBuf};

fn plan(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/plans")
        .join(name)
}

/// Exports the plan's hand-over (the demo with `None`) and returns the folder and its runbook.
fn exported(plan: Option<&Path>, edit: &[(&str, &str)]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = crate::common::bin();
    cmd.args(["export", "--config"]).arg(dir.path().join("out"));
    let text = match plan {
        Some(p) => std::fs::read_to_string(p).unwrap(),
        None => hostplan::core::builtin::DEMO_PLAN.to_string(),
    };
    let text = edit.iter().fold(text, |t, (from, to)| {
        assert!(t.contains(from), "the plan has no `{from}`");
        t.replace(from, to)
    });
    let file = dir.path().join("plan.toml");
    std::fs::write(&file, text).unwrap();
    let out = cmd.arg(&file).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let runbook = std::fs::read_to_string(dir.path().join("out/RUNBOOK.md")).unwrap();
    (dir, runbook)
}

/// The step titles, in order.
fn steps(runbook: &str) -> Vec<String> {
    runbook
        .lines()
        .filter_map(|l| l.strip_prefix("## Step "))
        .map(|l| l.split_once(". ").map_or(l, |(_, t)| t).to_string())
        .collect()
}

fn position(steps: &[String], words: &str) -> usize {
    steps
        .iter()
        .position(|s| s.contains(words))
        .unwrap_or_else(|| panic!("no step with `{words}` in {steps:#?}"))
}

/// Every `HANDOVER/...` path a command names exists in the exported folder.
fn assert_files_exist(folder: &Path, runbook: &str) {
    let mut named = 0;
    for word in runbook.split_whitespace() {
        if let Some(path) = word.strip_prefix("HANDOVER/") {
            let path = path.trim_end_matches(':');
            // The team pastes these from its certificate authority; check --ready reads them.
            if hostplan::export::config::ready::READY_FILES.contains(&path) {
                continue;
            }
            assert!(folder.join(path).is_file(), "{path} is not in the folder");
            named += 1;
        }
    }
    assert!(
        named >= 2,
        "the runbook copies nothing from the folder:\n{runbook}"
    );
}

#[test]
fn tier4_with_a_certificate_copies_it_before_the_application_step() {
    let (dir, runbook) = exported(None, &[]);
    let s = steps(&runbook);
    assert_eq!(position(&s, "Check that nothing is missing"), 0);
    let certs = position(&s, "Copy the certificate");
    assert!(position(&s, "Prepare the server") < certs);
    assert!(certs < position(&s, "Write the settings and secrets"));
    assert!(certs < position(&s, "Configure and start Primero"));
    // The demo's managed database may not create databases: it is made first.
    assert!(position(&s, "Create Primero's database") < position(&s, "Configure and start"));
    assert!(!runbook.contains("certbot"), "no Let's Encrypt here");
    // Lightning comes last.
    assert_eq!(position(&s, "OpenFn Lightning: start"), s.len() - 1);
    assert!(runbook.contains("ssh -J bastion.kndc.gov.kl ubuntu@cpims.mosw.gov.kl"));
    assert!(runbook.contains("--branch v2.15.2"));
    assert_files_exist(&dir.path().join("out"), &runbook);
}

#[test]
fn lets_encrypt_runs_certbot_once_the_site_is_up() {
    let (dir, runbook) = exported(Some(&plan("tier4.toml")), &[]);
    let s = steps(&runbook);
    assert!(position(&s, "Configure and start Primero") < position(&s, "Let's Encrypt"));
    assert!(
        !s.iter().any(|t| t.contains("Copy the certificate")),
        "{s:#?}"
    );
    assert!(runbook.contains("ansible-playbook -i inventory/inventory.yml certbot.yml"));
    assert!(runbook.contains("wait two minutes and run the playbook again"));
    assert_files_exist(&dir.path().join("out"), &runbook);
}

#[test]
fn docker_only_exports_the_profiles_compose_reads_from_the_shell() {
    let (dir, runbook) = exported(Some(&plan("fully-local.toml")), &[]);
    let s = steps(&runbook);
    assert!(!runbook.contains("ansible-playbook"), "{runbook}");
    let certs = position(&s, "Put the certificate where nginx reads it");
    assert!(certs < position(&s, "Configure and start Primero"));
    assert!(runbook.contains("export PRIMERO_DEPLOY_NODB="), "{runbook}");
    assert!(runbook.contains("cat HANDOVER/docker/local.env HANDOVER/docker/secrets.env"));
    assert_files_exist(&dir.path().join("out"), &runbook);
}

#[test]
fn self_hosted_lightning_is_migrated_before_it_starts() {
    let (_, runbook) = exported(None, &[]);
    let s = steps(&runbook);
    let place = position(&s, "OpenFn Lightning: put its settings");
    let migrate = position(&s, "OpenFn Lightning: create its tables");
    let start = position(&s, "OpenFn Lightning: start");
    assert!(place < migrate && migrate < start, "{s:#?}");
    assert!(runbook.contains("/app/bin/migrate"));
    // Without a self-hosted Lightning there is no Lightning step.
    let (_, none) = exported(
        None,
        &[(
            "openfn_hosting = \"self_hosted\"",
            "openfn_hosting = \"saas\"",
        )],
    );
    assert!(!none.contains("Lightning:"), "{none}");
}

#[test]
fn a_saas_plan_has_no_runbook() {
    let dir = tempfile::tempdir().unwrap();
    let out = crate::common::bin()
        .args(["export", "--config"])
        .arg(dir.path().join("out"))
        .arg(plan("saas-leaning.toml"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!dir.path().join("out/RUNBOOK.md").exists());
}
