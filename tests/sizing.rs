//! Server sizing: anchor, floors, monotone growth, extremes, roles, figures files and the CLI.

use crate::common;
use common::Rng;
use hostplan::base::diag::Source;
use hostplan::base::strings::Strings;
use hostplan::core::sizing::{BUILTIN_SIZING, Server, Sizing, SizingInput, SizingRules, size};
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

/// Which servers a sizing lists, each with how many machines.
fn layout(s: &Sizing) -> Vec<(&'static str, u32)> {
    s.named_servers()
        .into_iter()
        .map(|(id, x)| (id, x.count))
        .collect()
}

/// Every number of a sizing, each named by the server or year it belongs to and what it
/// is. Server numbers are each machine's.
fn measures(s: &Sizing) -> Vec<(String, f64)> {
    let mut v = Vec::new();
    for (id, server) in s.named_servers() {
        v.push((format!("{id} count"), server.count as f64));
        v.push((format!("{id} vCPU"), server.vcpu as f64));
        v.push((format!("{id} RAM"), server.ram_gb));
        v.push((format!("{id} disk"), server.disk_gb as f64));
    }
    for y in &s.storage_by_year {
        let i = y.year;
        v.push((format!("year {i} records"), y.records as f64));
        v.push((format!("year {i} database"), y.database_gb));
        v.push((format!("year {i} attachments"), y.attachments_gb));
        v.push((format!("year {i} backups"), y.backups_gb));
        v.push((format!("year {i} total"), y.total_gb));
    }
    v.extend(totals(s));
    let puma = s
        .app_server
        .puma
        .as_ref()
        .expect("the application runs Puma");
    v.push(("Puma workers per node".into(), puma.workers as f64));
    v.push(("requests in flight".into(), puma.requests_in_flight));
    v.push((
        "database connections".into(),
        puma.database_connections as f64,
    ));
    v.push(("load".into(), s.load));
    v.push(("downtime".into(), s.downtime_hours_per_year));
    v
}

/// CPU, memory and disk over every machine to procure.
fn totals(s: &Sizing) -> Vec<(String, f64)> {
    let sum = |f: &dyn Fn(&Server) -> f64| -> f64 {
        s.servers().iter().map(|x| x.count as f64 * f(x)).sum()
    };
    vec![
        ("total vCPU".into(), sum(&|x| x.vcpu as f64)),
        ("total RAM".into(), sum(&|x| x.ram_gb)),
        ("total disk".into(), sum(&|x| x.disk_gb as f64)),
    ]
}

/// Fails naming the first number that shrank from `small` to `big`. A threshold may move
/// work from one server to another (the database to a machine of its own, attachments to
/// shared storage): then no server disappears, no count falls, and the totals over every
/// machine never shrink, but a server that handed work on may get smaller.
fn assert_no_shrink(small: &SizingInput, big: &SizingInput) {
    let (a, b) = (sized(small), sized(big));
    let (before, after) = (layout(&a), layout(&b));
    for (id, count) in &before {
        let now = after.iter().find(|(other, _)| other == id);
        assert!(
            now.is_some_and(|(_, n)| n >= count),
            "{id} went from {count} to {now:?}\nfrom {small:?}\nto {big:?}"
        );
    }
    let same = before == after;
    let after = measures(&b);
    for (name, x) in measures(&a) {
        if !same && one_machine_size(&name) {
            continue;
        }
        let (_, y) = after
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap_or_else(|| panic!("{name} is gone\nfrom {small:?}\nto {big:?}"));
        assert!(
            *y >= x,
            "{name} shrank from {x} to {y}\nfrom {small:?}\nto {big:?}"
        );
    }
}

/// Whether a measure is one machine's CPU, memory or disk, which may fall when a threshold
/// hands part of its work to another machine.
fn one_machine_size(name: &str) -> bool {
    !name.starts_with("total") && [" vCPU", " RAM", " disk"].iter().any(|w| name.ends_with(w))
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
fn the_worked_example_in_the_docs_holds() {
    // docs/sizing.md works through 150,000 records and 300 users with the defaults.
    let s = sized(&input(150_000, 300));
    let app = &s.app_server;
    assert_eq!(
        (app.count, app.vcpu, app.ram_gb, app.disk_gb),
        (1, 4, 12.0, 1_150)
    );
    assert_eq!(s.backup_target.disk_gb, 1_450);
    assert!(s.database.is_none());
    // With a managed database, PostgreSQL's part goes with it.
    let managed = sized(&SizingInput {
        managed_db: true,
        ..input(150_000, 300)
    });
    let (app, db) = (&managed.app_server, managed.database.as_ref().unwrap());
    assert_eq!((app.vcpu, app.ram_gb, app.disk_gb), (2, 8.0, 1_100));
    assert_eq!((db.vcpu, db.ram_gb, db.disk_gb), (2, 8.0, 50));
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
    let mut moved = 0;
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
            demo_site: rng.below(2) == 0,
            records_after_first_year: rng.below(2) == 0,
            availability_pct: 90.0 + rng.below(1000) as f64 / 100.0,
            ..SizingInput::default()
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
            moved += usize::from(layout(&sized(&base)) != layout(&sized(big)));
        }
        // One more year adds a row and shrinks nothing (records counted at the end of the
        // first year size a programme of no years for that year already).
        let longer = SizingInput {
            years: base.years + 1,
            ..base.clone()
        };
        let counted_already = base.years == 0 && base.records_after_first_year;
        assert_eq!(
            sized(&longer).storage_by_year.len(),
            sized(&base).storage_by_year.len() + usize::from(!counted_already)
        );
        assert_no_shrink(&base, &longer);
    }
    // The thresholds were crossed often enough for the totals to be what was checked.
    assert!(moved > 100, "only {moved} inputs crossed a threshold");
}

#[test]
fn crossing_a_threshold_moves_work_without_losing_any() {
    // Step users and records one at a time across the database threshold (load 5) and
    // the point where Puma needs a second node, for data of every size up to the
    // threshold; random inputs rarely land just either side of them.
    let threshold = figure("separate_database_load");
    let users_at = (threshold * figure("anchor_users")) as u64;
    let records_at = (threshold * figure("anchor_records")) as u64;
    for records in [0, 100_000, 300_000, 450_000, records_at - 1] {
        for attachment_mb in [0.0, 4.0] {
            for users in (users_at - 3..users_at + 3).chain(1_597..1_604) {
                let base = SizingInput {
                    attachment_mb,
                    ..flat(records, users)
                };
                let more = SizingInput {
                    users: users + 1,
                    ..base.clone()
                };
                assert_no_shrink(&base, &more);
            }
        }
    }
    for users in [10, 500, users_at - 1] {
        for records in records_at - 3..records_at + 3 {
            let base = flat(records, users);
            assert_no_shrink(
                &base,
                &SizingInput {
                    records: records + 1,
                    ..base.clone()
                },
            );
        }
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
        assert!(all.iter().all(|(_, x)| x.is_finite() && *x >= 0.0));
        for (id, server) in s.named_servers() {
            assert!(server.ram_gb <= 256.0 && server.vcpu <= 64, "{server:?}");
            // Fixed roles keep their own sizes; the others are rounded to the disk step.
            if !["load_balancer", "bastion"].contains(&id) {
                assert_eq!(server.disk_gb % 50, 0, "{server:?}");
            }
        }
        assert_eq!(s.app_server.ram_gb.fract(), 0.0);
        assert!(s.assumptions.iter().any(|a| a.contains("capped")), "{s:#?}");
        // 20,000 users are the cap: 250 requests in flight need 50 workers on 13 nodes.
        let puma = s.app_server.puma.as_ref().unwrap();
        assert_eq!((s.app_server.count, puma.workers), (13, 4), "{puma:?}");
        // 13.3 million records of 4 MB: about 52 TB of attachments, kept where every node
        // reaches them, never on a node's disk.
        assert!(s.app_server.disk_gb < 5_000, "{:?}", s.app_server);
        match &s.attachment_storage {
            None => assert!(blob_storage),
            Some(store) => {
                assert!(!blob_storage);
                assert!((60_000..80_000).contains(&store.disk_gb), "{store:?}");
                assert!(s.assumptions.iter().any(|a| a.contains("blob storage")));
            }
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
    assert!(measures(&s).iter().all(|(_, x)| x.is_finite()));
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

fn roles(s: &Sizing) -> Vec<String> {
    s.servers().iter().map(|x| x.role.clone()).collect()
}

#[test]
fn switches_add_and_remove_roles_and_disk() {
    let plain = sized(&input(150_000, 300));
    assert_eq!(
        roles(&plain),
        [
            "Production application server",
            "Backup target",
            "Bastion host"
        ]
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
            "Backup target",
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
    assert!(all.app_server.note.contains("holds no data"));

    // Below the threshold for a database server of its own, each storage switch takes its
    // own share off the application disk.
    let below = input(250_000, 300);
    let at = |managed_db, blob_storage| {
        sized(&SizingInput {
            managed_db,
            blob_storage,
            ..below.clone()
        })
    };
    let disk = |managed_db, blob_storage| at(managed_db, blob_storage).app_server.disk_gb;
    assert!(disk(false, false) > disk(true, false));
    assert!(disk(false, false) > disk(false, true));
    assert!(disk(true, false) > disk(true, true) || disk(true, true) == 500);
    // A managed database takes PostgreSQL's part of the CPU and memory with it, and the two
    // machines together are never smaller than the one they replace.
    let (one, two) = (at(false, false), at(true, false));
    assert!(one.database.is_none());
    let two_db = two.database.as_ref().unwrap();
    assert!(one.app_server.ram_gb > two.app_server.ram_gb, "{one:#?}");
    assert!(two.app_server.ram_gb + two_db.ram_gb >= one.app_server.ram_gb);
    assert!(two.app_server.vcpu + two_db.vcpu >= one.app_server.vcpu);
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
            .any(|x| x.line == line && x.message().contains(words))
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
            .any(|x| x.help().as_deref() == Some("did you mean `disk_headroom`?")),
        "{p:#?}"
    );
    assert!(
        p.iter()
            .any(|x| x.message().contains("`disk_headroom` is missing")),
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
    let o = crate::common::bin().args(args).output().unwrap();
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
fn cli_counts_records_the_plans_way_and_lists_the_demo_site() {
    // The national plan's answers, counted as the plan's question counts them.
    let (ok, out, err) = hostplan(&[
        "size",
        "--records",
        "1000000",
        "--first-year",
        "--users",
        "3000",
        "--attachment-mb",
        "3",
        "--growth",
        "8",
        "--years",
        "6",
        "--managed-db",
        "--json",
    ]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let years = v["storage_by_year"].as_array().unwrap();
    assert_eq!(years[0]["year"], 1);
    assert_eq!(years[0]["records"], 1_000_000);
    assert_eq!(years.last().unwrap()["records"], 1_469_328);
    // docs/sizing.md's worked example.
    assert_eq!(v["attachment_storage"]["disk_gb"], 5_700);
    assert_eq!(v["backup_target"]["disk_gb"], 8_700);
    assert_eq!(v["database"]["disk_gb"], 250);

    let (ok, out, err) = hostplan(&["size", "--records", "1000", "--users", "10", "--demo-site"]);
    assert!(ok, "{err}");
    assert!(out.contains("Demo site (non-production)"), "{out}");
    assert!(!out.contains("UNICEF's delivery pipeline"), "{out}");
    let (ok, _, err) = hostplan(&[
        "size",
        "--records",
        "1000",
        "--users",
        "10",
        "--demo-site",
        "--tier4",
    ]);
    assert!(!ok && err.contains("--tier4"), "{err}");
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

// --- Scale: the database apart, several nodes, Puma, backups, the platform -------------

fn figure(key: &str) -> f64 {
    SizingRules::builtin()
        .figure(key)
        .unwrap_or_else(|| panic!("no figure {key}"))
}

/// Sized at the start, with no growth, so the load is exactly records or users over the
/// anchor.
fn flat(records: u64, users: u64) -> SizingInput {
    SizingInput {
        growth_pct: 0.0,
        years: 0,
        ..input(records, users)
    }
}

#[test]
fn the_database_leaves_the_application_server_at_its_threshold() {
    let threshold = figure("separate_database_load");
    let records = (threshold * figure("anchor_records")) as u64;
    let users = (threshold * figure("anchor_users")) as u64;
    let below = sized(&flat(records - 1, 10));
    assert!(below.database.is_none(), "{:?}", below.database);
    assert!(below.app_server.note.contains("PostgreSQL database"));
    for apart in [sized(&flat(records, 10)), sized(&flat(10, users))] {
        let db = apart.database.as_ref().expect("a database server");
        assert_eq!(db.role, "PostgreSQL server (self-run)");
        assert!(!apart.app_server.note.contains("PostgreSQL database"));
        assert!(
            apart
                .assumptions
                .iter()
                .any(|a| a.contains("server of its own"))
        );
        // The database's disk is on its own server, with room for its operating system.
        let end = apart.storage_by_year.last().unwrap();
        assert!(db.disk_gb as f64 >= end.database_gb + figure("system_disk_gb"));
    }
    // The application disk no longer holds the database: the same records with their
    // database elsewhere leave it as it was.
    let (a, b) = (sized(&flat(records, 10)), sized(&flat(records - 1, 10)));
    assert!(a.app_server.disk_gb < b.app_server.disk_gb, "{a:#?}");
    // A managed database stays the managed service at every load.
    for records in [0, records - 1, records, 50 * records] {
        let s = sized(&SizingInput {
            managed_db: true,
            ..flat(records, 10)
        });
        assert_eq!(s.database.unwrap().role, "Managed PostgreSQL service");
    }
}

#[test]
fn users_need_puma_workers_from_the_requests_in_flight() {
    let per_user = figure("peak_active_share") * figure("requests_per_user_minute") / 60.0
        * figure("seconds_per_request");
    let threads = figure("puma_threads");
    let anchor = sized(&flat(100_000, figure("anchor_users") as u64));
    let puma = anchor.app_server.puma.as_ref().unwrap();
    assert_eq!((puma.workers, puma.threads), (1, threads as u32));
    assert_eq!(puma.env.get("RAILS_MAX_THREADS"), Some(&"5".to_string()));
    assert!(!puma.env.contains_key("WEB_CONCURRENCY"), "single mode");
    assert!(puma.text.contains("leave WEB_CONCURRENCY unset"));
    assert!(
        !anchor.assumptions.iter().any(|a| a.contains("in flight")),
        "the anchor needs no reason to grow"
    );

    // 3,000 users: CPU follows the workers their requests need, and the output says why.
    let s = sized(&flat(30_000, 3_000));
    let workers = (3_000.0 * per_user / threads).ceil() as u32;
    let puma = s.app_server.puma.as_ref().unwrap();
    assert_eq!(puma.requests_in_flight, 3_000.0 * per_user);
    let cores = s.app_server.count * s.app_server.vcpu;
    assert!(
        f64::from(cores) >= f64::from(workers) * figure("puma_worker_vcpu"),
        "{cores} vCPU for {workers} workers"
    );
    let why = s
        .assumptions
        .iter()
        .find(|a| a.contains("in flight"))
        .expect("the reason CPU grows with the users");
    assert!(
        why.contains("3,000 active users") && why.contains(&format!("{workers} workers")),
        "{why}"
    );
    assert_eq!(
        puma.env.get("WEB_CONCURRENCY"),
        Some(&puma.workers.to_string())
    );
}

#[test]
fn more_workers_than_a_node_runs_need_nodes_behind_a_load_balancer() {
    let max = figure("max_workers_per_node");
    let per_user = figure("peak_active_share") * figure("requests_per_user_minute") / 60.0
        * figure("seconds_per_request");
    // The most users one node's workers serve, and one more.
    let one_node = (max * figure("puma_threads") / per_user).floor() as u64;
    let single = sized(&flat(10_000, one_node));
    assert_eq!(single.app_server.count, 1);
    assert!(single.load_balancer.is_none() && single.attachment_storage.is_none());

    let s = sized(&flat(10_000, one_node + 1));
    assert_eq!(s.app_server.count, 2, "{:#?}", s.app_server);
    let puma = s.app_server.puma.as_ref().unwrap();
    assert_eq!(puma.workers, max as u32);
    assert!(s.load_balancer.is_some());
    assert!(
        s.database.is_some(),
        "several nodes cannot share a node's database"
    );
    // Attachments go where every node reaches them, never on a node's disk.
    let store = s
        .attachment_storage
        .as_ref()
        .expect("shared attachment storage");
    let end = s.storage_by_year.last().unwrap();
    assert!(store.disk_gb as f64 >= end.attachments_gb);
    assert!(s.app_server.note.contains("holding no data"));
    assert_eq!(s.app_server.disk_gb as f64, figure("anchor_disk_gb"));
    assert!(
        s.assumptions
            .iter()
            .any(|a| a.contains("cannot stay on one node"))
    );
    // Every Rails process on every node may open a full pool of connections.
    let processes = f64::from(puma.workers) + figure("job_processes_per_node");
    assert_eq!(
        f64::from(puma.database_connections),
        2.0 * processes * figure("database_pool")
    );
    assert!(
        s.database
            .unwrap()
            .note
            .contains(&puma.database_connections.to_string())
    );

    let blob = sized(&SizingInput {
        blob_storage: true,
        ..flat(10_000, one_node + 1)
    });
    assert!(blob.attachment_storage.is_none() && blob.app_server.count == 2);
}

#[test]
fn a_target_above_one_server_gets_a_spare_node() {
    let target = figure("single_server_availability_pct");
    let at = |availability_pct| {
        sized(&SizingInput {
            availability_pct,
            ..input(50_000, 100)
        })
    };
    let one = at(target);
    assert_eq!(one.app_server.count, 1);
    let two = at(99.9);
    assert_eq!(two.app_server.count, 2);
    assert!(two.load_balancer.is_some() && two.database.is_some());
    assert!(two.assumptions.iter().any(|a| a.contains("one node more")));
}

#[test]
fn a_target_above_one_server_leaves_no_single_machine_in_the_way() {
    let target = figure("single_server_availability_pct");
    let at = |availability_pct, managed_db| {
        sized(&SizingInput {
            availability_pct,
            managed_db,
            ..input(1_000_000, 3_000)
        })
    };
    // At the target: one load balancer, one database machine.
    let single = at(target, false);
    assert_eq!(single.load_balancer.as_ref().unwrap().count, 1);
    assert_eq!(single.database.as_ref().unwrap().count, 1);
    assert!(!single.database.as_ref().unwrap().note.contains("standby"));

    // Above it: a pair of load balancers and a standby PostgreSQL server of the same size.
    let high = at(99.9, false);
    let lb = high.load_balancer.as_ref().unwrap();
    assert_eq!(lb.count, 2, "{lb:?}");
    assert!(lb.note.contains("Two small VMs"), "{}", lb.note);
    assert_eq!(Sizing::label(lb, Strings::builtin()), "2 × Load balancer");
    let db = high.database.as_ref().unwrap();
    let one_db = single.database.as_ref().unwrap();
    assert_eq!(db.count, 2);
    assert_eq!(
        (db.vcpu, db.ram_gb, db.disk_gb),
        (one_db.vcpu, one_db.ram_gb, one_db.disk_gb)
    );
    assert!(
        db.note.contains("standby") && db.note.contains("streaming replication"),
        "{}",
        db.note
    );
    // The managed service is one order, of its high-availability tier.
    let managed = at(99.9, true);
    let db = managed.database.as_ref().unwrap();
    assert_eq!(db.count, 1);
    assert!(db.note.contains("high-availability tier"), "{}", db.note);
    assert_eq!(managed.load_balancer.as_ref().unwrap().count, 2);
    // Nothing else is counted twice, and the totals only grow.
    let sum = |s: &Sizing| -> u32 { s.servers().iter().map(|x| x.count * x.vcpu).sum() };
    assert!(sum(&high) > sum(&single));
    let extra = |s: &Sizing| s.app_server.count;
    assert_eq!(extra(&high), extra(&single) + 1);
}

#[test]
fn every_sizing_has_a_backup_target_sized_from_the_backups() {
    let headroom = 1.0 + figure("disk_headroom");
    for (copies, records) in [(0, 0), (14, 150_000), (30, 2_000_000)] {
        for managed_db in [false, true] {
            let s = sized(&SizingInput {
                backup_copies: copies,
                managed_db,
                ..input(records, 100)
            });
            let end = s.storage_by_year.last().unwrap();
            let target = &s.backup_target;
            assert!(target.disk_gb as f64 >= end.backups_gb * headroom - 0.1);
            assert!(target.disk_gb as f64 >= figure("backup_floor_disk_gb"));
            assert!(roles(&s).contains(&"Backup target".to_string()));
        }
    }
}

#[test]
fn the_platform_names_ubuntu_and_what_the_servers_reach() {
    let ids = |s: &Sizing| -> Vec<&str> { s.platform.outbound.iter().map(|o| o.id).collect() };
    let plain = sized(&input(1_000, 10));
    assert!(
        plain.platform.os.contains("Ubuntu Server LTS"),
        "{}",
        plain.platform.os
    );
    assert_eq!(plain.platform.architecture, "x86_64");
    assert_eq!(
        ids(&plain),
        [
            "ubuntu",
            "docker",
            "github",
            "smtp",
            "lets_encrypt",
            "time",
            "backup_target"
        ]
    );
    let named = sized(&SizingInput {
        ubuntu_release: Some("26.04".into()),
        smtp_relay: Some("mail.example.org".into()),
        smtp_port: Some(587),
        lets_encrypt: Some(false),
        managed_db: true,
        blob_storage: true,
        openfn_self_hosted: true,
        ..input(1_000, 10)
    });
    assert!(named.platform.os.contains("26.04 LTS on x86_64"));
    assert_eq!(
        ids(&named),
        [
            "ubuntu",
            "docker",
            "github",
            "smtp",
            "time",
            "database",
            "blob_storage",
            "backup_target",
            "npm",
            "openfn_systems",
            "primero_api"
        ]
    );
    let smtp = &named.platform.outbound[3].text;
    assert!(
        smtp.contains("mail.example.org") && smtp.contains("587"),
        "{smtp}"
    );
    // Only Tier 4 asks UNICEF's delivery to support the release.
    assert!(
        !named.platform.os.contains("UNICEF"),
        "{}",
        named.platform.os
    );
}

#[test]
fn a_self_hosted_lightning_reaches_the_plans_systems_and_primeros_api() {
    let text = |s: &Sizing, id: &str| -> String {
        let found = s.platform.outbound.iter().find(|o| o.id == id);
        found.unwrap_or_else(|| panic!("no {id}")).text.clone()
    };
    let named = sized(&SizingInput {
        openfn_self_hosted: true,
        openfn_systems: Some("civil registry to Primero; Primero to DHIS2".into()),
        primero_host: Some("cpims.ministry.example".into()),
        ..input(1_000, 10)
    });
    let systems = text(&named, "openfn_systems");
    assert!(
        systems.contains("civil registry to Primero; Primero to DHIS2"),
        "{systems}"
    );
    let api = text(&named, "primero_api");
    assert!(
        api.contains("https://cpims.ministry.example") && api.contains("443"),
        "{api}"
    );
    // Unanswered, the lines still say what to open.
    let bare = sized(&SizingInput {
        openfn_self_hosted: true,
        ..input(1_000, 10)
    });
    assert!(text(&bare, "openfn_systems").contains("list them in the plan"));
    assert!(text(&bare, "primero_api").contains("public address"));
    // Without a self-hosted Lightning nothing of it is listed.
    let plain = sized(&input(1_000, 10));
    assert!(
        plain
            .platform
            .outbound
            .iter()
            .all(|o| o.id != "primero_api")
    );
}

#[test]
fn tier4_and_fully_local_differ_in_the_non_production_server_and_the_bastion() {
    let tier4 = sized(&SizingInput {
        sample_infrastructure: true,
        ubuntu_release: Some("26.04".into()),
        ..input(150_000, 300)
    });
    assert!(tier4.bastion.note.contains("UNICEF's delivery pipeline"));
    assert!(tier4.demo_site.is_none());
    let os = &tier4.platform.os;
    assert!(
        os.contains("26.04 LTS") && os.contains("UNICEF's delivery supports"),
        "{os}"
    );

    let local = sized(&SizingInput {
        demo_site: true,
        ..input(150_000, 300)
    });
    assert!(
        !local.bastion.note.contains("UNICEF"),
        "{}",
        local.bastion.note
    );
    assert!(local.sample_infrastructure.is_none());
    assert!(!local.platform.os.contains("UNICEF"));
    let demo = local
        .demo_site
        .as_ref()
        .expect("fully local runs its own demo site");
    // People work on it, so the published anchor's CPU and memory; no real data on it.
    assert_eq!(
        (demo.count, demo.vcpu, demo.ram_gb, demo.disk_gb),
        (
            1,
            figure("anchor_vcpu") as u32,
            figure("anchor_ram_gb"),
            figure("sample_disk_gb") as u64
        )
    );
    assert!(demo.note.contains("no real data"), "{}", demo.note);
    assert!(roles(&local).contains(&"Demo site (non-production)".to_string()));
}

#[test]
fn records_at_the_end_of_the_first_year_compound_one_year_fewer() {
    let start = sized(&SizingInput {
        growth_pct: 8.0,
        years: 6,
        ..input(1_000_000, 3_000)
    });
    let first = sized(&SizingInput {
        records_after_first_year: true,
        growth_pct: 8.0,
        years: 6,
        ..input(1_000_000, 3_000)
    });
    let records =
        |s: &Sizing| -> Vec<u64> { s.storage_by_year.iter().map(|y| y.records).collect() };
    // The projection starts at year 1 with the answer itself, and every year holds what
    // records counted at the start hold a year earlier.
    assert_eq!(first.storage_by_year[0].year, 1);
    assert_eq!(records(&first)[0], 1_000_000);
    assert_eq!(records(&first), records(&start)[..6]);
    // Six years from the end of the first: five years of growth, 1,000,000 × 1.08⁵.
    assert_eq!(first.storage_by_year.last().unwrap().records, 1_469_328);
    assert!(
        first
            .assumptions
            .iter()
            .any(|a| a.contains("1,000,000 expected at the end of the first year")),
        "{:?}",
        first.assumptions
    );
    // A programme counted from the end of its first year lasts at least that year.
    let short = sized(&SizingInput {
        records_after_first_year: true,
        years: 0,
        ..input(500_000, 10)
    });
    assert_eq!(short.storage_by_year.last().unwrap().records, 500_000);
    assert!(
        short.database.is_some(),
        "500,000 records need a database server"
    );
}
