//! Golden copies of the hand-over for three plans. A change to any file shows as a diff
//! to review (`cargo insta review`, or INSTA_UPDATE=always after reading it).

use hostplan::builtin::{Catalog, DEMO_PLAN};
use hostplan::diag::Source;
use hostplan::export::config::{self, OutFile, secrets};
use hostplan::export::with_context;
use hostplan::model::{Companions, Model};
use hostplan::plan::{Completeness, Plan};

fn render(plan_text: &str) -> Vec<OutFile> {
    let cat = Catalog::builtin().unwrap();
    let q = cat.get("primero").unwrap().clone();
    let (plan, _) = Plan::parse(
        Source::new("plan.toml", plan_text),
        |id| (id == q.id).then_some(&q),
        Completeness::Complete,
    )
    .unwrap();
    let (model, _) = Model::load(q, &Companions::builtin()).unwrap();
    let now = chrono::DateTime::from_timestamp(1_790_000_000, 0).unwrap();
    with_context(&model, &plan, now, "plan.toml", |ctx| {
        config::render(
            ctx,
            &config::settings(ctx),
            &secrets::Values::placeholders(),
        )
    })
}

fn golden(prefix: &str, plan_text: &str, expected: &[&str]) {
    let files = render(plan_text);
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
