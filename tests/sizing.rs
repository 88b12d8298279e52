//! Server sizing: anchor, floors, monotone growth, extremes, roles, figures files and the CLI.

mod common;
use common::Rng;
use hostplan::diag::Source;
use hostplan::sizing::{BUILTIN_SIZING, Sizing, SizingInput, SizingRules, size};
use hostplan::strings::Strings;
use std::process::Command;
use std::sync::OnceLock;

fn sized(input: &SizingInput) -> Sizing {
    static RULES: OnceLock<SizingRules> = OnceLock::new();
    size(
        input,
        RULES.get_or_init(SizingRules::builtin),
        Strings::builtin(),
    )
}

fn input(records: u64, users: u64) -> SizingInput {
    SizingInput {
        records,
        users,
        ..SizingInput::default()
    }
}

/// Every number of a sizing, in a fixed order for inputs with the same switches, each
/// with the server or year it belongs to and what it is.
fn measures(s: &Sizing) -> Vec<(usize, &'static str, f64)> {
    let mut v = Vec::new();
    for (i, server) in s.servers().into_iter().enumerate() {
        v.push((i, "server vCPU", server.vcpu as f64));
        v.push((i, "server RAM", server.ram_gb));
        v.push((i, "server disk", server.disk_gb as f64));
    }
    for y in &s.storage_by_year {
        let i = y.year as usize;
        v.push((i, "year records", y.records as f64));
        v.push((i, "year database", y.database_gb));
        v.push((i, "year attachments", y.attachments_gb));
        v.push((i, "year backups", y.backups_gb));
        v.push((i, "year total", y.total_gb));
    }
    v.push((0, "load", s.load));
    v.push((0, "downtime", s.downtime_hours_per_year));
    v
}

/// Fails naming the first number that shrank from `small` to `big`.
fn assert_no_shrink(small: &SizingInput, big: &SizingInput) {
    let before = measures(&sized(small));
    let after = measures(&sized(big));
    assert_eq!(before.len(), after.len());
    for ((i, name, x), (_, _, y)) in before.iter().zip(&after) {
        assert!(
            y >= x,
            "{name} {i} shrank from {x} to {y}\nfrom {small:?}\nto {big:?}"
        );
    }
}

#[test]
fn the_published_anchor_holds() {
    let s = sized(&SizingInput {
        growth_pct: 0.0,
        ..input(100_000, 200)
    });
    assert_eq!(
        (s.app_server.vcpu, s.app_server.ram_gb),
        (2, 8.0),
        "exactly the anchor"
    );
    assert!(s.app_server.disk_gb >= 500);
    assert_eq!(s.load, 1.0);
    // With the default growth the servers are sized for more records, never fewer.
    let grown = sized(&input(100_000, 200));
    assert!(grown.app_server.ram_gb >= 8.0);
    assert!(grown.app_server.vcpu >= 2);
    assert!(grown.app_server.disk_gb >= 500);
}

#[test]
fn zero_records_gives_the_floors() {
    let s = sized(&input(0, 0));
    // Production never goes below the published anchor, which is above the 4 GB floor.
    assert_eq!(
        (s.app_server.vcpu, s.app_server.ram_gb, s.app_server.disk_gb),
        (2, 8.0, 500)
    );
    assert!(s.storage_by_year.iter().all(|y| y.total_gb == 0.0));
    let all = sized(&SizingInput {
        managed_db: true,
        sample_infrastructure: true,
        ..input(0, 0)
    });
    let db = all.database.as_ref().expect("managed database");
    assert_eq!((db.vcpu, db.ram_gb, db.disk_gb), (2, 4.0, 50));
    let sample = all
        .sample_infrastructure
        .as_ref()
        .expect("sample infrastructure");
    assert_eq!((sample.vcpu, sample.ram_gb), (2, 4.0));
    for server in all.servers() {
        assert!(server.vcpu >= 1 && server.ram_gb >= 1.0 && server.disk_gb >= 15);
    }
}

#[test]
fn more_records_users_attachments_growth_years_or_copies_never_shrink_anything() {
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    for _ in 0..3000 {
        let base = SizingInput {
            records: match rng.below(3) {
                0 => rng.next() % 1_000,
                1 => rng.next() % 300_000,
                _ => rng.next() % 12_000_000,
            },
            users: rng.next() % 30_000,
            attachment_mb: (rng.next() % 2000) as f64 / 10.0,
            growth_pct: (rng.next() % 60) as f64,
            years: rng.below(16) as u32,
            backup_copies: rng.below(60) as u32,
            managed_db: rng.below(2) == 0,
            blob_storage: rng.below(2) == 0,
            openfn_self_hosted: rng.below(2) == 0,
            sample_infrastructure: rng.below(2) == 0,
            availability_pct: 90.0 + rng.below(1000) as f64 / 100.0,
        };
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
                attachment_mb: base.attachment_mb + 0.1 + (rng.next() % 100) as f64 / 10.0,
                ..base.clone()
            },
            SizingInput {
                growth_pct: base.growth_pct + 1.0,
                ..base.clone()
            },
            SizingInput {
                backup_copies: base.backup_copies + 1,
                ..base.clone()
            },
        ];
        for big in &bigger {
            assert_no_shrink(&base, big);
        }
        // One more year adds a row and shrinks nothing in the last one.
        let longer = SizingInput {
            years: base.years + 1,
            ..base.clone()
        };
        let (a, b) = (sized(&base), sized(&longer));
        assert_eq!(b.storage_by_year.len(), a.storage_by_year.len() + 1);
        let (end_a, end_b) = (a.storage_by_year.last(), b.storage_by_year.last());
        assert!(end_b.unwrap().total_gb >= end_a.unwrap().total_gb);
        assert!(b.app_server.disk_gb >= a.app_server.disk_gb);
        assert!(b.app_server.ram_gb >= a.app_server.ram_gb);
    }
}

#[test]
fn storage_grows_year_by_year() {
    let s = sized(&SizingInput {
        growth_pct: 50.0,
        years: 4,
        ..input(9_000_000, 100)
    });
    let records: Vec<u64> = s.storage_by_year.iter().map(|y| y.records).collect();
    assert_eq!(
        records,
        [9_000_000, 13_500_000, 20_250_000, 30_375_000, 45_562_500]
    );
    let year0 = &s.storage_by_year[0];
    // 4 MB per record, 120 KB of database per record, 14 dumps and one document copy.
    assert_eq!(year0.attachments_gb, 35_156.3);
    assert_eq!(year0.database_gb, 1_030.0);
    assert!((year0.backups_gb - (14.0 * 1_030.0 + 35_156.3)).abs() < 1.0);
    assert!(
        s.storage_by_year
            .windows(2)
            .all(|w| w[1].total_gb > w[0].total_gb)
    );
}

#[test]
fn ten_million_records_stay_finite_and_plausible() {
    for blob_storage in [false, true] {
        let s = sized(&SizingInput {
            blob_storage,
            ..input(10_000_000, 20_000)
        });
        let all = measures(&s);
        assert!(all.iter().all(|(_, _, x)| x.is_finite() && *x >= 0.0));
        let app = &s.app_server;
        assert!(app.ram_gb <= 256.0 && app.vcpu <= 64, "{app:?}");
        assert_eq!(app.ram_gb.fract(), 0.0);
        assert_eq!(app.disk_gb % 50, 0);
        assert!(s.assumptions.iter().any(|a| a.contains("capped")), "{s:#?}");
        // 13.3 million records of 4 MB: about 52 TB of attachments, on the disk or not.
        if blob_storage {
            assert!(app.disk_gb < 5_000, "{app:?}");
        } else {
            assert!((60_000..80_000).contains(&app.disk_gb), "{app:?}");
            assert!(s.assumptions.iter().any(|a| a.contains("blob storage")));
        }
    }
    // The end of the scale a person may type.
    let s = sized(&SizingInput {
        growth_pct: 500.0,
        years: 50,
        attachment_mb: 2000.0,
        backup_copies: 10_000,
        ..input(1_000_000_000, 10_000_000)
    });
    assert!(measures(&s).iter().all(|(_, _, x)| x.is_finite()));
    serde_json::to_string(&s).expect("serialises");
}

#[test]
fn downtime_follows_the_availability_target() {
    assert_eq!(sized(&input(1, 1)).downtime_hours_per_year, 87.6);
    let s = sized(&SizingInput {
        availability_pct: 99.9,
        ..input(1, 1)
    });
    assert_eq!(s.downtime_hours_per_year, 8.76);
    assert!(
        s.assumptions.iter().any(|a| a.contains("standby")),
        "above 99.5% one server is not enough: {:?}",
        s.assumptions
    );
}

#[test]
fn switches_add_and_remove_roles_and_disk() {
    let roles =
        |s: &Sizing| -> Vec<String> { s.servers().iter().map(|x| x.role.clone()).collect() };
    let plain = sized(&input(150_000, 300));
    assert_eq!(
        roles(&plain),
        ["Production application server", "Bastion host"]
    );
    assert!(
        plain
            .app_server
            .note
            .contains("the attachments and the PostgreSQL database")
    );

    let all = sized(&SizingInput {
        managed_db: true,
        blob_storage: true,
        openfn_self_hosted: true,
        sample_infrastructure: true,
        ..input(150_000, 300)
    });
    assert_eq!(
        roles(&all),
        [
            "Production application server",
            "Managed PostgreSQL service",
            "Bastion host",
            "Tier 4 sample infrastructure (non-production)",
            "OpenFn Lightning application",
            "OpenFn database (PostgreSQL 14.2 or later)",
        ]
    );
    let db = all.database.as_ref().unwrap();
    assert!(db.ram_gb >= 4.0 && db.vcpu >= 2 && db.disk_gb >= 50);
    let app = all.openfn_app.as_ref().unwrap();
    assert_eq!((app.vcpu, app.ram_gb, app.disk_gb), (2, 3.75, 15));
    let odb = all.openfn_database.as_ref().unwrap();
    assert_eq!((odb.vcpu, odb.ram_gb, odb.disk_gb), (2, 3.75, 40));
    // Database and documents elsewhere: the application disk falls to the published least.
    assert_eq!(all.app_server.disk_gb, 500);
    assert!(plain.app_server.disk_gb > 500);
    assert!(all.app_server.note.contains("blob storage"));

    // Each storage switch takes its own share off the application disk.
    let big = input(2_000_000, 300);
    let disk = |managed_db, blob_storage| {
        sized(&SizingInput {
            managed_db,
            blob_storage,
            ..big.clone()
        })
        .app_server
        .disk_gb
    };
    assert!(disk(false, false) > disk(true, false));
    assert!(disk(false, false) > disk(false, true));
    assert!(disk(true, false) > disk(true, true) || disk(true, true) == 500);
    // CPU and memory do not depend on where the data lives.
    assert_eq!(
        sized(&big).app_server.ram_gb,
        sized(&SizingInput {
            managed_db: true,
            blob_storage: true,
            ..big.clone()
        })
        .app_server
        .ram_gb
    );
}

#[test]
fn sizes_are_common_steps() {
    for records in [0, 50_000, 150_000, 400_000, 1_000_000, 3_000_000] {
        let s = sized(&SizingInput {
            managed_db: true,
            ..input(records, 200)
        });
        for server in [&s.app_server, s.database.as_ref().unwrap()] {
            assert!(
                [2, 4, 6, 8, 12, 16, 24, 32, 48, 64].contains(&server.vcpu),
                "{server:?}"
            );
            assert!(
                [4.0, 8.0, 12.0, 16.0, 24.0, 32.0, 48.0, 64.0, 96.0, 128.0]
                    .contains(&server.ram_gb),
                "{server:?}"
            );
            assert_eq!(server.disk_gb % 50, 0, "{server:?}");
        }
    }
}

#[test]
fn a_broken_figures_file_is_located() {
    let broken = BUILTIN_SIZING
        .replacen("anchor_ram_gb = 8.0", "anchor_ram_gb = \"eight\"", 1)
        .replacen("disk_headroom", "disk_headrom", 1)
        .replacen("ram_steps_gb = [4, 8,", "ram_steps_gb = [4, -8,", 1);
    let p = SizingRules::parse(Source::new("sizing.toml", &broken)).unwrap_err();
    let line = |needle: &str| common::line_of(&broken, needle);
    let has = |line: usize, words: &str| {
        p.iter()
            .any(|x| x.line == line && x.message.contains(words))
    };
    assert!(
        has(line("\"eight\""), "`anchor_ram_gb` must be a number"),
        "{p:#?}"
    );
    assert!(
        has(line("disk_headrom"), "unknown key `disk_headrom`"),
        "{p:#?}"
    );
    assert!(has(line("[4, -8"), "must be a number above 0"), "{p:#?}");
    assert!(
        p.iter()
            .any(|x| x.help.as_deref() == Some("did you mean `disk_headroom`?")),
        "{p:#?}"
    );
    assert!(
        p.iter()
            .any(|x| x.message.contains("`disk_headroom` is missing")),
        "{p:#?}"
    );
    let shown = p[0].to_string();
    assert!(shown.starts_with("sizing.toml:"), "{shown}");

    let syntax = BUILTIN_SIZING.replacen("max_load = 100.0", "max_load = = 100", 1);
    let p = SizingRules::parse(Source::new("sizing.toml", &syntax)).unwrap_err();
    assert_eq!(
        p[0].line,
        common::line_of(&syntax, "max_load = ="),
        "{p:#?}"
    );
}

#[test]
fn edited_figures_change_the_sizes() {
    let edited = BUILTIN_SIZING.replacen("anchor_ram_gb = 8.0", "anchor_ram_gb = 16.0", 1);
    let (rules, warnings) = SizingRules::parse(Source::new("mine.toml", &edited)).unwrap();
    assert!(warnings.is_empty());
    let s = size(
        &SizingInput {
            growth_pct: 0.0,
            ..input(100_000, 200)
        },
        &rules,
        Strings::builtin(),
    );
    assert_eq!(s.app_server.ram_gb, 16.0);
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
fn cli_json_has_the_anchor_app_server() {
    let (ok, out, err) = hostplan(&["size", "--records", "100000", "--users", "200", "--json"]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let app = &v["app_server"];
    assert!(app["ram_gb"].as_f64().unwrap() >= 8.0, "{app}");
    assert!(app["vcpu"].as_u64().unwrap() >= 2, "{app}");
    assert!(app["disk_gb"].as_u64().unwrap() >= 500, "{app}");
    assert_eq!(v["downtime_hours_per_year"].as_f64(), Some(87.6));
    assert_eq!(v["storage_by_year"].as_array().unwrap().len(), 4);
    assert!(v["database"].is_null() && v["openfn_app"].is_null());
    assert_eq!(v["input"]["records"].as_u64(), Some(100_000));
    assert!(v["assumptions"].as_array().unwrap().len() >= 3);

    let (ok, out, _) = hostplan(&[
        "size",
        "--records",
        "0",
        "--users",
        "0",
        "--managed-db",
        "--json",
    ]);
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["app_server"]["ram_gb"].as_f64(), Some(8.0));
    assert_eq!(v["database"]["ram_gb"].as_f64(), Some(4.0));
}

#[test]
fn cli_table_reads_for_people() {
    let (ok, out, err) = hostplan(&[
        "size",
        "--records",
        "150,000",
        "--users",
        "300",
        "--managed-db",
        "--openfn-local",
        "--tier4",
    ]);
    assert!(ok, "{err}");
    for words in [
        "Servers for 150,000 records and 300 active users",
        "Production application server",
        "Managed PostgreSQL service",
        "Bastion host",
        "Tier 4 sample infrastructure",
        "OpenFn Lightning application",
        "Storage by year (GB)",
        "199,650",
        "Downtime allowed: 87.6 hours a year at 99% availability.",
        "Assumptions\n  - ",
    ] {
        assert!(out.contains(words), "`{words}` missing:\n{out}");
    }
}

#[test]
fn cli_rejects_bad_arguments_clearly() {
    let fails = |args: &[&str], words: &str| {
        let mut all = vec!["size"];
        all.extend_from_slice(args);
        let (ok, _, err) = hostplan(&all);
        assert!(!ok && err.contains(words), "{args:?}: {err}");
    };
    fails(
        &["--records", "-5", "--users", "1"],
        "invalid value '-5' for '--records <N>': it must be 0 or more",
    );
    fails(
        &["--records", "1", "--users", "1", "--attachment-mb", "NaN"],
        "expected a number",
    );
    fails(
        &["--records", "1", "--users", "1", "--growth", "-3"],
        "0 or more",
    );
    fails(
        &["--records", "1", "--users", "1", "--availability", "100"],
        "availability target must be at least 90% and below 100%, not 100",
    );
    fails(
        &["--records", "1", "--users", "1", "--availability", "89.9"],
        "not 89.9",
    );
    fails(
        &["--records", "1", "--users", "1", "--years", "51"],
        "at most 50 years",
    );
    fails(
        &["--records", "lots", "--users", "1"],
        "expected a whole number",
    );
    fails(&["--users", "1"], "--records <N>");
}

#[test]
fn cli_reads_edited_figures_and_reports_broken_ones() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, printed, _) = hostplan(&["size", "--print-rules"]);
    assert!(ok && printed == BUILTIN_SIZING);

    let good = dir.path().join("good.toml");
    std::fs::write(
        &good,
        printed.replacen("anchor_ram_gb = 8.0", "anchor_ram_gb = 16.0", 1),
    )
    .unwrap();
    let good = good.to_str().unwrap();
    let (ok, out, err) = hostplan(&[
        "size",
        "--records",
        "1",
        "--users",
        "1",
        "--rules",
        good,
        "--json",
    ]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["app_server"]["ram_gb"].as_f64(), Some(16.0));

    let bad = dir.path().join("bad.toml");
    let text = printed.replacen("max_load = 100.0", "max_load = -1", 1);
    std::fs::write(&bad, &text).unwrap();
    let bad = bad.to_str().unwrap();
    let (ok, _, err) = hostplan(&["size", "--records", "1", "--users", "1", "--rules", bad]);
    let line = common::line_of(&text, "max_load = -1");
    assert!(!ok, "{err}");
    assert!(
        err.contains(&format!(
            "{bad}:{line}:12: error [max_load]: `max_load` must not be negative"
        )),
        "{err}"
    );
}
