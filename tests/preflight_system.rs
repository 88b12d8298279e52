//! The machine checks of `hostplan preflight` against fixture roots (tests/preflight/roots/):
//! a machine as the plan asks, one too small on ARM with an old Ubuntu and its services
//! open to the network, Debian, an Ubuntu release without long-term support.

use crate::common::bin;
use hostplan::preflight::target::Server;
use hostplan::preflight::{Check, Finding, Probe, Target, Verdict, system};
use std::path::{Path, PathBuf};
use std::time::Duration;

fn root(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/preflight/roots")
        .join(name)
}

/// Seconds since 1970 at midnight UTC of that day.
fn day(y: i32, m: u32, d: u32) -> i64 {
    chrono::NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp()
}

fn probe_at(root: PathBuf, now: i64) -> Probe {
    Probe {
        root,
        resolve: Vec::new(),
        timeout: Duration::from_secs(2),
        now,
        db_url: None,
        send_test_mail: None,
        certificate: None,
        tls_port: 443,
    }
}

fn probe(name: &str) -> Probe {
    probe_at(root(name), day(2026, 12, 1))
}

fn asking(vcpu: u32, ram_gb: f64, disk_gb: u64) -> Target {
    Target {
        server: Some(Server {
            vcpu,
            ram_gb,
            disk_gb,
            database_here: true,
            behind_load_balancer: false,
        }),
        ..Target::default()
    }
}

/// The one finding whose catalogue key ends with `section_key`; every finding is shown
/// when there is not exactly one.
fn the<'a>(found: &'a [Finding], section_key: &str) -> &'a Finding {
    let wanted: Vec<&Finding> = found
        .iter()
        .filter(|f| f.key.ends_with(section_key))
        .collect();
    assert_eq!(wanted.len(), 1, "one {section_key} among {found:#?}");
    wanted[0]
}

fn arg<'a>(f: &'a Finding, name: &str) -> &'a str {
    f.args
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no {name} in {f:#?}"))
}

#[test]
fn a_machine_as_the_plan_asks_passes() {
    let target = asking(8, 64.0, 0);
    let found = system::resources(&target, &probe("good"));
    assert_eq!(found.len(), 4, "{found:#?}");
    assert!(
        found.iter().all(|f| f.verdict == Verdict::Pass),
        "{found:#?}"
    );
    assert_eq!(arg(the(&found, ".cpu_ok"), "found"), "16");
    assert_eq!(arg(the(&found, ".memory_ok"), "found"), "62.8");
    assert_eq!(arg(the(&found, ".arch_ok"), "arch"), "x86_64");
    // The fixture has no var/lib/docker: the nearest folder there is measured.
    assert!(arg(the(&found, ".disk_ok"), "path").starts_with('/'));
    let os = system::operating_system(&probe("good"));
    let f = the(&os, "system.supported");
    assert_eq!(f.verdict, Verdict::Pass);
    assert_eq!(arg(f, "name"), "Ubuntu 24.04.1 LTS");
    assert_eq!(arg(f, "until"), "2029-05-31");
}

#[test]
fn too_little_memory_and_too_few_processors_fail() {
    let found = system::resources(&asking(8, 16.0, 0), &probe("small"));
    let cpu = the(&found, ".cpu_short");
    assert_eq!(cpu.verdict, Verdict::Fail);
    assert_eq!((arg(cpu, "found"), arg(cpu, "asked")), ("2", "8"));
    let memory = the(&found, ".memory_short");
    assert_eq!(memory.verdict, Verdict::Fail);
    assert_eq!(arg(memory, "found"), "3.8");
}

#[test]
fn memory_a_little_short_of_the_plan_warns() {
    // 51.5 GiB for 64 GB asked: 80 percent, more than the kernel keeps.
    let found = system::resources(&asking(4, 64.0, 0), &probe("debian"));
    assert_eq!(the(&found, ".memory_low").verdict, Verdict::Warn);
    assert_eq!(the(&found, ".cpu_ok").verdict, Verdict::Pass);
}

#[test]
fn an_arm_machine_fails() {
    let found = system::resources(&asking(1, 1.0, 0), &probe("small"));
    let f = the(&found, ".arch_wrong");
    assert_eq!(f.verdict, Verdict::Fail);
    assert_eq!(arg(f, "arch"), "aarch64");
    assert!(f.todo.is_some());
}

#[test]
fn too_little_disk_where_docker_keeps_its_data_fails() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("var/lib/docker")).unwrap();
    let probe = probe_at(dir.path().to_path_buf(), day(2026, 12, 1));
    let found = system::resources(&asking(1, 1.0, 1_000_000_000), &probe);
    if cfg!(unix) {
        let f = the(&found, ".disk_short");
        assert_eq!(f.verdict, Verdict::Fail);
        assert_eq!(arg(f, "path"), "/var/lib/docker");
        assert_eq!(arg(f, "asked"), "1000000000");
        // The same folder is enough for a plan asking nothing.
        let enough = system::resources(&asking(1, 1.0, 0), &probe);
        assert_eq!(the(&enough, ".disk_ok").verdict, Verdict::Pass);
    } else {
        assert_eq!(
            the(&found, ".disk_unsupported").verdict,
            Verdict::NotChecked
        );
    }
}

#[test]
fn without_a_server_of_the_teams_nothing_is_measured() {
    let found = system::resources(&Target::default(), &probe("good"));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].verdict, Verdict::NotChecked);
    assert_eq!(found[0].check, Check::Resources);
}

#[test]
fn an_unreadable_machine_is_not_checked() {
    let empty = tempfile::tempdir().unwrap();
    let probe = probe_at(empty.path().to_path_buf(), day(2026, 12, 1));
    let found = system::resources(&asking(1, 1.0, 0), &probe);
    for key in [".cpu_unread", ".memory_unread", ".arch_unread"] {
        assert_eq!(the(&found, key).verdict, Verdict::NotChecked);
    }
    let os = system::operating_system(&probe);
    assert_eq!(the(&os, "system.unread").verdict, Verdict::NotChecked);
    let ports = system::ports(&asking(1, 1.0, 0), &probe);
    assert_eq!(the(&ports, "ports.unread").verdict, Verdict::NotChecked);
}

#[test]
fn an_ubuntu_past_its_standard_support_fails() {
    let os = system::operating_system(&probe("small"));
    let f = the(&os, "system.ended");
    assert_eq!(f.verdict, Verdict::Fail);
    assert_eq!(arg(f, "until"), "2023-05-31");
    assert_eq!(arg(f, "name"), "Ubuntu 18.04.6 LTS");
}

#[test]
fn an_ubuntu_near_the_end_of_its_support_warns() {
    let os = system::operating_system(&probe_at(root("good"), day(2028, 12, 1)));
    assert_eq!(the(&os, "system.ending").verdict, Verdict::Warn);
    let os = system::operating_system(&probe_at(root("good"), day(2029, 6, 1)));
    assert_eq!(the(&os, "system.ended").verdict, Verdict::Fail);
}

#[test]
fn a_system_other_than_ubuntu_fails() {
    let os = system::operating_system(&probe("debian"));
    let f = the(&os, "system.not_ubuntu");
    assert_eq!(f.verdict, Verdict::Fail);
    assert_eq!(arg(f, "name"), "Debian GNU/Linux 12 (bookworm)");
}

#[test]
fn an_ubuntu_without_long_term_support_fails() {
    let os = system::operating_system(&probe("interim"));
    let f = the(&os, "system.not_lts");
    assert_eq!(f.verdict, Verdict::Fail);
    assert_eq!(arg(f, "name"), "Ubuntu 25.10");
}

#[test]
fn services_open_to_the_network_fail_and_taken_web_ports_warn() {
    if cfg!(target_endian = "big") {
        return; // the fixture tables are written as a little-endian kernel prints them
    }
    let found = system::ports(&asking(1, 1.0, 0), &probe("small"));
    let exposed: Vec<(&str, &str)> = found
        .iter()
        .filter(|f| f.key.ends_with("ports.exposed"))
        .map(|f| (arg(f, "port"), arg(f, "address")))
        .collect();
    assert_eq!(
        exposed,
        vec![("5432", "0.0.0.0"), ("8983", "10.0.0.5"), ("3000", "::")]
    );
    assert!(
        found
            .iter()
            .filter(|f| f.key.ends_with("ports.exposed"))
            .all(|f| f.verdict == Verdict::Fail)
    );
    let taken = the(&found, "ports.taken");
    assert_eq!((taken.verdict, arg(taken, "port")), (Verdict::Warn, "80"));
    let free = the(&found, "ports.free");
    assert_eq!((free.verdict, arg(free, "port")), (Verdict::Pass, "443"));
}

#[test]
fn a_web_port_held_by_another_program_fails_naming_it() {
    if cfg!(target_endian = "big") {
        return; // the fixture tables are written as a little-endian kernel prints them
    }
    let found = system::ports(&asking(1, 1.0, 0), &probe("busy"));
    let held = the(&found, "ports.held");
    assert_eq!(held.verdict, Verdict::Fail);
    assert_eq!(
        (arg(held, "port"), arg(held, "program"), arg(held, "pid")),
        ("80", "apache2", "612")
    );
    let report = hostplan::preflight::report::text(
        &found,
        "busy",
        "now",
        hostplan::base::strings::Strings::builtin(),
    );
    assert!(
        report.contains("sudo systemctl disable --now apache2"),
        "{report}"
    );
    // A fixture is not the live machine, so Docker is not asked which container it is.
    let container = the(&found, "ports.some_container");
    assert_eq!(
        (container.verdict, arg(container, "port")),
        (Verdict::Warn, "443")
    );
}

#[test]
fn services_on_loopback_only_pass() {
    if cfg!(target_endian = "big") {
        return; // the fixture tables are written as a little-endian kernel prints them
    }
    let found = system::ports(&asking(1, 1.0, 0), &probe("good"));
    assert!(
        found.iter().all(|f| f.verdict == Verdict::Pass),
        "{found:#?}"
    );
    let on_loopback: Vec<(&str, &str)> = found
        .iter()
        .filter(|f| f.key.ends_with("ports.loopback"))
        .map(|f| (arg(f, "port"), arg(f, "address")))
        .collect();
    assert_eq!(on_loopback, vec![("5432", "127.0.0.1"), ("8983", "::1")]);
    assert_eq!(arg(the(&found, "ports.unused"), "port"), "3000");
}

#[test]
fn a_synchronised_clock_passes_with_its_time_zone() {
    let found = system::clock(&probe("good"));
    assert_eq!(the(&found, "clock.synchronised").verdict, Verdict::Pass);
    let zone = the(&found, "clock.zone");
    assert_eq!(
        (zone.verdict, arg(zone, "zone")),
        (Verdict::Pass, "Africa/Nairobi")
    );
}

#[test]
fn without_a_sign_of_synchronisation_the_fixture_clock_is_not_checked() {
    let found = system::clock(&probe("small"));
    assert_eq!(the(&found, "clock.not_live").verdict, Verdict::NotChecked);
    assert_eq!(the(&found, "clock.no_zone").verdict, Verdict::Warn);
}

#[cfg(unix)]
#[test]
fn the_time_zone_is_read_from_the_localtime_link() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("etc")).unwrap();
    std::os::unix::fs::symlink(
        "/usr/share/zoneinfo/America/Bogota",
        dir.path().join("etc/localtime"),
    )
    .unwrap();
    let found = system::clock(&probe_at(dir.path().to_path_buf(), 0));
    assert_eq!(arg(the(&found, "clock.zone"), "zone"), "America/Bogota");
}

#[test]
fn docker_is_read_only_on_the_machine_itself() {
    let found = system::docker(&probe("good"));
    assert_eq!(found.len(), 1);
    assert_eq!(the(&found, "docker.not_live").verdict, Verdict::NotChecked);
}

/// On the machine itself Docker is asked: what it answers is what the check reports.
#[test]
fn docker_on_this_machine_is_reported_as_docker_answers() {
    let found = system::docker(&probe_at(PathBuf::from("/"), day(2026, 12, 1)));
    let answer = std::process::Command::new("docker")
        .args(["version", "--format", "{{.Server.Version}}"])
        .output();
    match answer {
        Err(_) => assert_eq!(the(&found, "docker.missing").verdict, Verdict::Fail),
        Ok(out) if out.status.success() => {
            let version = String::from_utf8_lossy(&out.stdout).trim().to_string();
            let engine = found
                .iter()
                .find(|f| f.key.contains("docker.engine"))
                .unwrap_or_else(|| panic!("{found:#?}"));
            assert_eq!(arg(engine, "found"), version);
        }
        Ok(_) => {
            let engine = &found[0];
            assert_eq!(engine.verdict, Verdict::NotChecked, "{found:#?}");
        }
    }
}

/// The command run as on a server, on a fixture root, its JSON report read back.
fn preflight_json(root_name: &str) -> (Option<i32>, serde_json::Value) {
    let out = bin()
        .args(["preflight", "--demo", "--root"])
        .arg(root(root_name))
        .args(["--only", "resources,system", "--json"])
        .env("SOURCE_DATE_EPOCH", day(2026, 12, 1).to_string())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let json = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{e}: {text}\n{}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code(), json)
}

fn verdict_of(json: &serde_json::Value, key: &str) -> String {
    let findings = json["findings"].as_array().unwrap();
    let f = findings
        .iter()
        .find(|f| f["id"].as_str().is_some_and(|k| k.ends_with(key)))
        .unwrap_or_else(|| panic!("no {key} in {json:#}"));
    f["verdict"].as_str().unwrap().to_string()
}

#[test]
fn the_command_reports_a_good_machine_and_a_small_one() {
    let (_, good) = preflight_json("good");
    for key in [".cpu_ok", ".memory_ok", ".arch_ok", "system.supported"] {
        assert_eq!(verdict_of(&good, key), "pass", "{key} in {good:#}");
    }
    let checks: Vec<&str> = good["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["check"].as_str())
        .collect();
    assert!(checks.iter().all(|c| *c == "resources" || *c == "system"));
    // The demo plan asks 2 vCPU and 8 GB of memory.
    let (code, small) = preflight_json("small");
    assert_eq!(verdict_of(&small, ".cpu_ok"), "pass");
    for key in [".memory_short", ".arch_wrong", "system.ended"] {
        assert_eq!(verdict_of(&small, key), "fail", "{key} in {small:#}");
    }
    assert_eq!(small["verdict"], "fail");
    assert_ne!(code, Some(0), "a failing machine is an error exit");
}
