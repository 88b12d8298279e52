//! Server sizing: anchors, floors, monotone growth, extremes, roles and the CLI.

mod common;
use common::Rng;
use hostplan::diag::Source;
use hostplan::sizing::{BUILTIN_SIZING, Sizing, SizingInput, SizingRules};
use std::process::Command;

fn size(input: &SizingInput) -> Sizing {
    SizingRules::builtin().size(input)
}

fn input(records: u64, users: u64) -> SizingInput {
    SizingInput {
        records,
        users,
        ..SizingInput::default()
    }
}

/// Every number that must never shrink as the load grows.
fn measures(s: &Sizing) -> Vec<f64> {
    let mut v = vec![
        s.app_server.vcpu as f64,
        s.app_server.ram_gb,
        s.app_server.disk_gb as f64,
    ];
    if let Some(db) = &s.database {
        v.extend([db.vcpu as f64, db.ram_gb, db.disk_gb as f64]);
    }
    for y in &s.storage_by_year {
        v.extend([
            y.records as f64,
            y.database_gb,
            y.attachments_gb,
            y.backups_gb,
            y.total_gb,
        ]);
    }
    v
}

#[test]
fn published_anchor_holds() {
    let s = size(&SizingInput {
        growth_pct: 0.0,
        ..input(100_000, 200)
    });
    assert_eq!(s.app_server.vcpu, 2);
    assert_eq!(s.app_server.ram_gb, 8.0);
    assert!(s.app_server.disk_gb >= 500);
    let grown = size(&input(100_000, 200));
    assert!(
        grown.app_server.ram_gb >= 8.0
            && grown.app_server.vcpu >= 2
            && grown.app_server.disk_gb >= 500
    );
}

#[test]
fn zero_records_still_gives_the_floors() {
    let s = size(&input(0, 0));
    assert!(s.app_server.ram_gb >= 4.0 && s.app_server.vcpu >= 2);
    assert_eq!(
        s.app_server.disk_gb, 500,
        "the published storage recommendation is the least"
    );
    assert!(s.storage_by_year.iter().all(|y| y.total_gb == 0.0));
    let tier4 = size(&SizingInput {
        sample_infrastructure: true,
        ..input(0, 0)
    });
    assert_eq!(tier4.sample_infrastructure.unwrap().ram_gb, 4.0);
}

#[test]
fn more_records_users_or_attachments_never_shrink_anything() {
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    for _ in 0..2000 {
        let base = SizingInput {
            records: rng.next() % 12_000_000,
            users: rng.next() % 20_000,
            attachment_mb: (rng.next() % 2000) as f64 / 10.0,
            growth_pct: (rng.next() % 60) as f64,
            years: (rng.next() % 16) as u32,
            managed_db: rng.next().is_multiple_of(2),
            blob_storage: rng.next().is_multiple_of(2),
            ..SizingInput::default()
        };
        let before = measures(&size(&base));
        let bigger = [
            SizingInput {
                records: base.records + 1 + rng.next() % 500_000,
                ..base.clone()
            },
            SizingInput {
                users: base.users + 1 + rng.next() % 2_000,
                ..base.clone()
            },
            SizingInput {
                attachment_mb: base.attachment_mb + 0.5,
                ..base.clone()
            },
        ];
        for b in bigger {
            let after = measures(&size(&b));
            for (i, (x, y)) in before.iter().zip(&after).enumerate() {
                assert!(
                    y >= x,
                    "measure {i} shrank from {x} to {y}\n{base:?}\n{b:?}"
                );
            }
        }
    }
}

#[test]
fn ten_million_records_stay_finite_and_plausible() {
    let s = size(&SizingInput {
        records: 10_000_000,
        users: 20_000,
        years: 15,
        growth_pct: 50.0,
        ..SizingInput::default()
    });
    let all = measures(&s);
    assert!(all.iter().all(|x| x.is_finite() && *x >= 0.0));
    assert!(
        s.app_server.ram_gb <= 256.0 && s.app_server.vcpu <= 64,
        "{:?}",
        s.app_server
    );
    assert!(
        s.assumptions.iter().any(|a| a.contains("capped")),
        "{:?}",
        s.assumptions
    );
}

#[test]
fn downtime_follows_the_availability_target() {
    assert_eq!(size(&input(1, 1)).downtime_hours_per_year, 87.6);
    let s = size(&SizingInput {
        availability_pct: 99.9,
        ..input(1, 1)
    });
    assert_eq!(s.downtime_hours_per_year, 8.8);
}

#[test]
fn options_add_and_remove_roles() {
    let plain = size(&input(150_000, 300));
    assert!(
        plain.database.is_none()
            && plain.openfn_app.is_none()
            && plain.sample_infrastructure.is_none()
    );
    let all = size(&SizingInput {
        managed_db: true,
        blob_storage: true,
        openfn_self_hosted: true,
        sample_infrastructure: true,
        ..input(150_000, 300)
    });
    let db = all.database.expect("managed database sized");
    assert!(db.ram_gb >= 4.0 && db.disk_gb >= 40);
    let openfn = all.openfn_app.expect("OpenFn app");
    assert_eq!((openfn.vcpu, openfn.ram_gb, openfn.disk_gb), (2, 3.75, 15));
    assert_eq!(all.openfn_database.unwrap().disk_gb, 40);
    assert!(all.sample_infrastructure.is_some());
    // With the database and documents elsewhere, the application disk holds neither.
    assert!(all.app_server.disk_gb < plain.app_server.disk_gb || all.app_server.disk_gb == 500);
    assert!(all.app_server.note.contains("elsewhere"));
}

#[test]
fn broken_figures_are_located() {
    let broken = BUILTIN_SIZING
        .replacen("anchor_ram_gb = 8.0", "anchor_ram_gb = \"eight\"", 1)
        .replacen("disk_headroom", "disk_headrom", 1);
    let p = SizingRules::parse(Source::new("sizing.toml", &broken)).unwrap_err();
    let line = |needle: &str| broken[..broken.find(needle).unwrap()].matches('\n').count() + 1;
    assert!(
        p.iter().any(|x| x.line == line("\"eight\"")
            && x.message.contains("`anchor_ram_gb` must be a number")),
        "{p:#?}"
    );
    assert!(
        p.iter().any(|x| x.line == line("disk_headrom")
            && x.help.as_deref() == Some("did you mean `disk_headroom`?")),
        "{p:#?}"
    );
    assert!(
        p.iter()
            .any(|x| x.message.contains("`disk_headroom` is missing")),
        "{p:#?}"
    );
}

fn hostplan(args: &[&str]) -> (bool, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_hostplan"))
        .args(args)
        .output()
        .unwrap();
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stdout).into(),
        String::from_utf8_lossy(&o.stderr).into(),
    )
}

#[test]
fn cli_json_has_the_app_server() {
    let (ok, out, err) = hostplan(&["size", "--records", "100000", "--users", "200", "--json"]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let app = &v["app_server"];
    assert!(app["ram_gb"].as_f64().unwrap() >= 8.0);
    assert!(app["vcpu"].as_u64().unwrap() >= 2);
    assert!(app["disk_gb"].as_u64().unwrap() >= 500);
    assert_eq!(v["downtime_hours_per_year"].as_f64(), Some(87.6));
    assert!(v["storage_by_year"].as_array().unwrap().len() == 4);
    let (ok, out, _) = hostplan(&["size", "--records", "0", "--users", "0", "--json"]);
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["app_server"]["ram_gb"].as_f64().unwrap() >= 4.0);
}

#[test]
fn cli_table_and_bad_arguments() {
    let (ok, out, _) = hostplan(&[
        "size",
        "--records",
        "150000",
        "--users",
        "300",
        "--managed-db",
        "--openfn-local",
        "--tier4",
    ]);
    assert!(ok);
    for role in [
        "Production application server",
        "Managed PostgreSQL service",
        "Bastion host",
        "Tier 4 sample infrastructure",
        "OpenFn Lightning application",
        "Storage by year",
        "87.6 hours",
    ] {
        assert!(out.contains(role), "{role} missing:\n{out}");
    }
    assert!(out.contains("150,000 records"), "{out}");
    let (ok, _, err) = hostplan(&[
        "size",
        "--records",
        "1",
        "--users",
        "1",
        "--availability",
        "100",
    ]);
    assert!(
        !ok && err.contains("availability must be a percentage"),
        "{err}"
    );
    let (ok, _, err) = hostplan(&[
        "size",
        "--records",
        "1",
        "--users",
        "1",
        "--attachment-mb",
        "NaN",
    ]);
    assert!(!ok && err.contains("attachment MB per record"), "{err}");
}
