//! Golden copies of the hand-over for three plans. A change to any file shows as a diff
//! to review (`cargo insta review`, or INSTA_UPDATE=always after reading it).

use crate::common::config as handover;

use hostplan::core::builtin::DEMO_PLAN;

fn golden(prefix: &str, plan_text: &str, expected: &[&str]) {
    let files = handover::rendered(&handover::load(plan_text));
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, expected);
    for f in &files {
        let name = format!("{prefix}__{}", f.path.replace(['/', '.'], "_"));
        insta::assert_snapshot!(name, f.contents);
    }
}

#[test]
fn demo_tier4_with_ansible() {
    golden(
        "demo",
        DEMO_PLAN,
        &[
            "hostplan-config.toml",
            "ansible/inventory/inventory.yml",
            "ansible/secrets.yml",
            "ansible/.gitignore",
            "openfn/lightning.env",
            "openfn/lightning-secrets.env",
            "openfn/.gitignore",
            "openfn/webhook-projects.md",
            "RUNBOOK.md",
        ],
    );
}

#[test]
fn fully_local_with_docker_only() {
    golden(
        "fully_local",
        include_str!("plans/fully-local.toml"),
        &[
            "hostplan-config.toml",
            "docker/local.env",
            "docker/secrets.env",
            "docker/.gitignore",
            "openfn/lightning.env",
            "openfn/lightning-secrets.env",
            "openfn/.gitignore",
            "openfn/webhook-projects.md",
            "RUNBOOK.md",
        ],
    );
}

#[test]
fn saas_gets_the_summary_alone() {
    golden(
        "saas",
        include_str!("plans/saas-leaning.toml"),
        &["hostplan-config.toml"],
    );
}
