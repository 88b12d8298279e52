//! The machine itself: resources against the plan's sizing, the operating system, Docker,
//! listening ports and the clock. Everything is read from files under the probe's root
//! (`/proc`, `/etc`), so tests give a fixture folder instead of the real machine.

use super::holders::Holder;
use super::{Check, Finding, Probe, Target};
use crate::base::key;
use chrono::NaiveDate;
use serde::Deserialize;
use std::io::Read;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A VM sold with N GB of memory shows less in MemTotal: the kernel keeps some for itself
/// (its code, page tables, a crash kernel), a few percent. From 90 percent of
/// what the plan asks the machine is taken as the size asked.
const MEMORY_PASS_SHARE: f64 = 0.90;
/// Below 75 percent the machine is a smaller size than the plan asks, not a rounding.
const MEMORY_WARN_SHARE: f64 = 0.75;
/// Free disk less than 10 percent above what the plan asks leaves no room for growth
/// between the sizing and the first backups.
const DISK_MARGIN: f64 = 1.10;
/// Where Docker keeps images, containers and volumes (Primero's data with them).
const DOCKER_DATA: &str = "/var/lib/docker";
/// The only architecture Primero's Docker images are published for (amd64).
const ARCHITECTURE: &str = "x86_64";

/// Docker Engine 20.10 is the first release that runs on cgroup v2, the default of Ubuntu
/// 22.04 and later (docs.docker.com/engine/release-notes/20.10). Primero's deployment
/// runs `docker compose`, the plugin of Compose v2; Compose v1 (`docker-compose`) is no
/// longer maintained (docs.docker.com/compose/releases/migrate).
const DOCKER_MINIMUM: (u32, u32) = (20, 10);
const COMPOSE_MINIMUM: (u32, u32) = (2, 0);

/// Ubuntu LTS releases and the end of their standard support (source in the file).
const UBUNTU: &str = include_str!("../../assets/preflight/ubuntu.toml");

/// Ports of nginx, which Primero's deployment puts in front of the application.
const WEB_PORTS: [u16; 2] = [80, 443];
/// PostgreSQL, Solr and Primero's application port: reached through nginx or from this
/// machine only, never from outside.
const PRIVATE_PORTS: [(u16, &str); 3] = [
    (5432, key::preflight_system::ports::POSTGRES),
    (8983, key::preflight_system::ports::SOLR),
    (3000, key::preflight_system::ports::APPLICATION),
];

// ---------------------------------------------------------------------------------------
// Resources

pub fn resources(target: &Target, probe: &Probe) -> Vec<Finding> {
    let Some(server) = &target.server else {
        return vec![Finding::not_checked(
            Check::Resources,
            key::preflight_system::resources::SAAS,
        )];
    };
    vec![
        cpu(server.vcpu, probe),
        memory(server.ram_gb, probe),
        disk(server.disk_gb, probe),
        architecture(probe),
    ]
}

fn cpu(asked: u32, probe: &Probe) -> Finding {
    let found = read(probe, "/proc/cpuinfo").map(|t| processors(&t));
    match found {
        Some(n) if n > 0 => {
            let f = if n >= asked as usize {
                Finding::pass(Check::Resources, key::preflight_system::resources::CPU_OK)
            } else {
                Finding::fail(
                    Check::Resources,
                    key::preflight_system::resources::CPU_SHORT,
                )
                .todo(key::preflight_system::resources::CPU_TODO)
            };
            f.arg("found", n).arg("asked", asked)
        }
        _ => Finding::not_checked(
            Check::Resources,
            key::preflight_system::resources::CPU_UNREAD,
        ),
    }
}

/// The processors in `/proc/cpuinfo`: one `processor : N` line each.
fn processors(cpuinfo: &str) -> usize {
    cpuinfo
        .lines()
        .filter(|l| l.split(':').next().is_some_and(|k| k.trim() == "processor"))
        .count()
}

fn memory(asked_gb: f64, probe: &Probe) -> Finding {
    let Some(kb) = read(probe, "/proc/meminfo").and_then(|t| mem_total_kb(&t)) else {
        return Finding::not_checked(
            Check::Resources,
            key::preflight_system::resources::MEMORY_UNREAD,
        );
    };
    let found_gib = kb as f64 / (1024.0 * 1024.0);
    let share = if asked_gb > 0.0 {
        found_gib / asked_gb
    } else {
        1.0
    };
    let f = if share >= MEMORY_PASS_SHARE {
        Finding::pass(
            Check::Resources,
            key::preflight_system::resources::MEMORY_OK,
        )
    } else if share >= MEMORY_WARN_SHARE {
        Finding::warn(
            Check::Resources,
            key::preflight_system::resources::MEMORY_LOW,
        )
        .todo(key::preflight_system::resources::MEMORY_TODO)
    } else {
        Finding::fail(
            Check::Resources,
            key::preflight_system::resources::MEMORY_SHORT,
        )
        .todo(key::preflight_system::resources::MEMORY_TODO)
    };
    f.arg("found", format!("{found_gib:.1}"))
        .arg("asked", asked_gb)
}

/// `MemTotal:  16314412 kB` in `/proc/meminfo`, in kB.
fn mem_total_kb(meminfo: &str) -> Option<u64> {
    meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
}

fn disk(asked_gb: u64, probe: &Probe) -> Finding {
    let Some(dir) = nearest_existing(probe, DOCKER_DATA) else {
        return Finding::not_checked(
            Check::Resources,
            key::preflight_system::resources::DISK_UNREAD,
        )
        .arg("path", DOCKER_DATA)
        .arg("error", std::io::Error::from(std::io::ErrorKind::NotFound));
    };
    let shown = shown_path(probe, &dir);
    match free_bytes(&dir) {
        Some(Ok(bytes)) => disk_finding(bytes, asked_gb).arg("path", shown),
        Some(Err(e)) => Finding::not_checked(
            Check::Resources,
            key::preflight_system::resources::DISK_UNREAD,
        )
        .arg("path", shown)
        .arg("error", e),
        None => Finding::not_checked(
            Check::Resources,
            key::preflight_system::resources::DISK_UNSUPPORTED,
        ),
    }
}

/// The plan sizes disks in GB; free space is measured in the same unit (10^9 bytes).
fn disk_finding(free: u64, asked_gb: u64) -> Finding {
    let free_gb = free as f64 / 1e9;
    let asked = asked_gb as f64;
    let f = if free_gb < asked {
        Finding::fail(
            Check::Resources,
            key::preflight_system::resources::DISK_SHORT,
        )
        .todo(key::preflight_system::resources::DISK_TODO)
    } else if free_gb < asked * DISK_MARGIN {
        Finding::warn(
            Check::Resources,
            key::preflight_system::resources::DISK_TIGHT,
        )
        .todo(key::preflight_system::resources::DISK_TODO)
    } else {
        Finding::pass(Check::Resources, key::preflight_system::resources::DISK_OK)
    };
    f.arg("free", format!("{free_gb:.0}"))
        .arg("asked", asked_gb)
}

/// `absolute` under the root, or its nearest ancestor that exists (Docker's folder is
/// made when Docker is installed; until then its disk is the parent's), never above the
/// root.
fn nearest_existing(probe: &Probe, absolute: &str) -> Option<PathBuf> {
    let mut dir = probe.path(absolute);
    loop {
        if dir.is_dir() {
            return Some(dir);
        }
        if dir == probe.root || !dir.pop() {
            return None;
        }
    }
}

/// A path under the root as it is on the machine: `/var/lib`.
fn shown_path(probe: &Probe, path: &Path) -> String {
    let inner = path.strip_prefix(&probe.root).unwrap_or(path);
    format!("/{}", inner.to_string_lossy().trim_start_matches('/'))
}

/// Bytes free for ordinary users on the filesystem holding `dir`; `None` where it cannot
/// be measured.
#[cfg(unix)]
fn free_bytes(dir: &Path) -> Option<std::io::Result<u64>> {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c_path) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else {
        return Some(Err(std::io::Error::from(std::io::ErrorKind::InvalidInput)));
    };
    // SAFETY: statvfs writes into the zeroed struct given and reads the NUL-ended path.
    let mut stat: libc::statvfs = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::statvfs(c_path.as_ptr(), &mut stat) };
    if rc != 0 {
        return Some(Err(std::io::Error::last_os_error()));
    }
    #[allow(clippy::unnecessary_cast)] // the field types differ between platforms
    let bytes = (stat.f_bavail as u64).saturating_mul(stat.f_frsize as u64);
    Some(Ok(bytes))
}

#[cfg(not(unix))]
fn free_bytes(_dir: &Path) -> Option<std::io::Result<u64>> {
    None
}

fn architecture(probe: &Probe) -> Finding {
    let arch = read(probe, "/proc/sys/kernel/arch")
        .map(|t| t.trim().to_string())
        .filter(|a| !a.is_empty())
        .or_else(|| live_machine(probe));
    match arch {
        Some(a) if a == ARCHITECTURE => {
            Finding::pass(Check::Resources, key::preflight_system::resources::ARCH_OK)
                .arg("arch", a)
        }
        Some(a) => Finding::fail(
            Check::Resources,
            key::preflight_system::resources::ARCH_WRONG,
        )
        .arg("arch", a)
        .todo(key::preflight_system::resources::ARCH_TODO),
        None => Finding::not_checked(
            Check::Resources,
            key::preflight_system::resources::ARCH_UNREAD,
        ),
    }
}

/// The kernel's machine name (`uname -m`) when checking the machine itself: kernels
/// before 6.1 have no `/proc/sys/kernel/arch`.
#[cfg(unix)]
fn live_machine(probe: &Probe) -> Option<String> {
    if !probe.is_live() {
        return None;
    }
    // SAFETY: uname fills the zeroed struct; its fields are NUL-ended.
    let mut name: libc::utsname = unsafe { std::mem::zeroed() };
    if unsafe { libc::uname(&mut name) } != 0 {
        return None;
    }
    let bytes: Vec<u8> = name
        .machine
        .iter()
        .take_while(|c| **c != 0)
        .map(|c| *c as u8)
        .collect();
    String::from_utf8(bytes).ok().filter(|m| !m.is_empty())
}

#[cfg(not(unix))]
fn live_machine(_probe: &Probe) -> Option<String> {
    None
}

// ---------------------------------------------------------------------------------------
// Operating system

#[derive(Deserialize)]
struct Releases {
    release: Vec<Release>,
}

#[derive(Deserialize)]
struct Release {
    version: String,
    standard_support_until: String,
}

/// The Ubuntu LTS releases hostplan knows, with the day their standard support ends.
fn ubuntu_releases() -> Vec<(String, NaiveDate)> {
    let parsed: Releases = toml::from_str(UBUNTU).unwrap_or(Releases {
        release: Vec::new(),
    });
    parsed
        .release
        .into_iter()
        .filter_map(|r| {
            let until = NaiveDate::parse_from_str(&r.standard_support_until, "%Y-%m-%d").ok()?;
            Some((r.version, until))
        })
        .collect()
}

pub fn operating_system(probe: &Probe) -> Vec<Finding> {
    let Some(text) = read(probe, "/etc/os-release") else {
        return vec![Finding::not_checked(
            Check::System,
            key::preflight_system::system::UNREAD,
        )];
    };
    let fields = os_release(&text);
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let id = field("ID").unwrap_or("");
    let version = field("VERSION_ID").unwrap_or("");
    let name = field("PRETTY_NAME")
        .map(str::to_string)
        .or_else(|| Some(format!("{} {}", field("NAME")?, field("VERSION")?)))
        .unwrap_or_else(|| format!("{id} {version}"));
    if id != "ubuntu" {
        return vec![
            Finding::fail(Check::System, key::preflight_system::system::NOT_UBUNTU)
                .arg("name", name)
                .todo(key::preflight_system::system::NOT_UBUNTU_TODO),
        ];
    }
    let today = chrono::DateTime::from_timestamp(probe.now, 0)
        .map(|t| t.date_naive())
        .unwrap_or_default();
    let lts = field("VERSION").is_some_and(|v| v.contains("LTS")) || name.contains("LTS");
    vec![ubuntu_finding(version, lts, today).arg("name", name)]
}

fn ubuntu_finding(version: &str, says_lts: bool, today: NaiveDate) -> Finding {
    let known = ubuntu_releases().into_iter().find(|(v, _)| v == version);
    let Some((_, until)) = known else {
        return if says_lts {
            Finding::warn(Check::System, key::preflight_system::system::UNKNOWN_LTS)
                .todo(key::preflight_system::system::UNKNOWN_LTS_TODO)
        } else {
            Finding::fail(Check::System, key::preflight_system::system::NOT_LTS)
                .todo(key::preflight_system::system::NOT_LTS_TODO)
        };
    };
    let f = if until < today {
        Finding::fail(Check::System, key::preflight_system::system::ENDED)
            .todo(key::preflight_system::system::ENDED_TODO)
    } else if (until - today).num_days() < 365 {
        Finding::warn(Check::System, key::preflight_system::system::ENDING)
            .todo(key::preflight_system::system::ENDING_TODO)
    } else {
        Finding::pass(Check::System, key::preflight_system::system::SUPPORTED)
    };
    f.arg("until", until.format("%Y-%m-%d"))
}

/// `KEY=value` lines of `/etc/os-release`, quotes taken off.
fn os_release(text: &str) -> Vec<(String, String)> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| {
            let v = v.trim();
            let v = v
                .strip_prefix('"')
                .and_then(|s| s.strip_suffix('"'))
                .or_else(|| v.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')))
                .unwrap_or(v);
            (k.trim().to_string(), v.to_string())
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Docker

/// Why a program gave no answer.
#[derive(Debug)]
enum Run {
    Missing,
    TimedOut,
    Failed(String),
}

pub fn docker(probe: &Probe) -> Vec<Finding> {
    if !probe.is_live() {
        return vec![Finding::not_checked(
            Check::Docker,
            key::preflight_system::docker::NOT_LIVE,
        )];
    }
    let engine = run(
        "docker",
        &["version", "--format", "{{.Server.Version}}"],
        probe.timeout,
    );
    let engine = match engine {
        Ok(found) => engine_finding(&found),
        Err(Run::Missing) => {
            return vec![
                Finding::fail(Check::Docker, key::preflight_system::docker::MISSING)
                    .todo(key::preflight_system::docker::MISSING_TODO),
            ];
        }
        Err(e) => run_problem(e, key::preflight_system::docker::NO_DAEMON, probe)
            .todo(key::preflight_system::docker::NO_DAEMON_TODO),
    };
    let compose = match run("docker", &["compose", "version", "--short"], probe.timeout) {
        Ok(found) => compose_finding(&found),
        Err(Run::Failed(_)) | Err(Run::Missing) => Finding::fail(
            Check::Docker,
            key::preflight_system::docker::COMPOSE_MISSING,
        )
        .todo(key::preflight_system::docker::COMPOSE_TODO),
        Err(e) => run_problem(e, key::preflight_system::docker::FAILED, probe),
    };
    vec![engine, compose]
}

fn run_problem(e: Run, failed: &'static str, probe: &Probe) -> Finding {
    match e {
        Run::TimedOut => {
            Finding::not_checked(Check::Docker, key::preflight_system::docker::TIMED_OUT)
                .arg("seconds", probe.timeout.as_secs())
        }
        Run::Failed(why) => Finding::not_checked(Check::Docker, failed).arg("error", why),
        Run::Missing => Finding::fail(Check::Docker, key::preflight_system::docker::MISSING),
    }
}

fn engine_finding(found: &str) -> Finding {
    let minimum = format!("{}.{}", DOCKER_MINIMUM.0, DOCKER_MINIMUM.1);
    let f = match at_least(found, DOCKER_MINIMUM) {
        Some(true) => Finding::pass(Check::Docker, key::preflight_system::docker::ENGINE_OK),
        Some(false) => Finding::fail(Check::Docker, key::preflight_system::docker::ENGINE_OLD)
            .todo(key::preflight_system::docker::ENGINE_OLD_TODO),
        None => Finding::not_checked(Check::Docker, key::preflight_system::docker::FAILED)
            .arg("error", found),
    };
    f.arg("found", found).arg("minimum", minimum)
}

fn compose_finding(found: &str) -> Finding {
    let found = found.trim_start_matches('v');
    let f = match at_least(found, COMPOSE_MINIMUM) {
        Some(true) => Finding::pass(Check::Docker, key::preflight_system::docker::COMPOSE_OK),
        Some(false) => Finding::fail(Check::Docker, key::preflight_system::docker::COMPOSE_OLD)
            .todo(key::preflight_system::docker::COMPOSE_TODO),
        None => Finding::fail(
            Check::Docker,
            key::preflight_system::docker::COMPOSE_MISSING,
        )
        .todo(key::preflight_system::docker::COMPOSE_TODO),
    };
    f.arg("found", found).arg("minimum", COMPOSE_MINIMUM.0)
}

/// Whether a version such as `27.3.1` or `20.10.24+dfsg1` is at least `major.minor`;
/// `None` when it does not start with numbers.
fn at_least(version: &str, (major, minor): (u32, u32)) -> Option<bool> {
    let mut parts = version.trim().split(['.', '-', '+']);
    let found_major: u32 = parts.next()?.parse().ok()?;
    let found_minor: u32 = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    Some((found_major, found_minor) >= (major, minor))
}

/// Runs a program and gives its first line of output, or why not, within `timeout`.
fn run(program: &str, args: &[&str], timeout: Duration) -> Result<String, Run> {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Run::Missing,
            _ => Run::Failed(e.to_string()),
        })?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() < timeout => {
                std::thread::sleep(Duration::from_millis(20));
            }
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(Run::TimedOut);
            }
            Err(e) => return Err(Run::Failed(e.to_string())),
        }
    };
    let out = first_line(child.stdout.take());
    let err = first_line(child.stderr.take());
    if status.success() && !out.is_empty() {
        Ok(out)
    } else if err.is_empty() {
        Err(Run::Failed(status.to_string()))
    } else {
        Err(Run::Failed(err))
    }
}

/// The first line a finished program wrote to `pipe`, trimmed.
fn first_line(pipe: Option<impl Read>) -> String {
    let mut text = String::new();
    if let Some(mut p) = pipe {
        let _ = p.read_to_string(&mut text);
    }
    text.lines().next().unwrap_or("").trim().to_string()
}

// ---------------------------------------------------------------------------------------
// Ports

pub fn ports(target: &Target, probe: &Probe) -> Vec<Finding> {
    if target.server.is_none() {
        return vec![Finding::not_checked(
            Check::Ports,
            key::preflight_system::resources::SAAS,
        )];
    }
    let v4 = read(probe, "/proc/net/tcp");
    let v6 = read(probe, "/proc/net/tcp6");
    if v4.is_none() && v6.is_none() {
        return vec![Finding::not_checked(
            Check::Ports,
            key::preflight_system::ports::UNREAD,
        )];
    }
    let mut sockets = v4.as_deref().map(listeners).unwrap_or_default();
    sockets.extend(v6.as_deref().map(listeners).unwrap_or_default());
    let web: Vec<u64> = sockets
        .iter()
        .filter(|s| WEB_PORTS.contains(&s.port))
        .map(|s| s.inode)
        .collect();
    let holders = super::holders::holders(probe, &web);
    let listening: Vec<(IpAddr, u16)> = sockets.iter().map(|s| (s.address, s.port)).collect();
    let mut found: Vec<Finding> = WEB_PORTS
        .iter()
        .map(|port| {
            let holder = sockets
                .iter()
                .filter(|s| s.port == *port)
                .find_map(|s| holders.get(&s.inode));
            let taken = sockets.iter().any(|s| s.port == *port);
            let image = holder
                .filter(|h| h.program == DOCKER_PROXY && probe.is_live())
                .and_then(|_| published_image(*port, probe));
            web_port(*port, taken, holder, image.as_deref())
        })
        .collect();
    found.extend(
        PRIVATE_PORTS
            .iter()
            .map(|(port, what)| private_port(*port, what, &listening)),
    );
    found
}

/// The program Docker runs to forward a published port to its container.
const DOCKER_PROXY: &str = "docker-proxy";
/// The image of Primero's nginx, which serves ports 80 and 443 once Primero is installed.
const PRIMERO_NGINX: &str = "primeroims/nginx";

/// The image of the running container that publishes `port`, as Docker names it.
fn published_image(port: u16, probe: &Probe) -> Option<String> {
    let filter = format!("publish={port}");
    let args = ["ps", "--filter", &filter, "--format", "{{.Image}}"];
    run("docker", &args, probe.timeout).ok()
}

/// Port 80 or 443: free, served by Primero's nginx, or held by something that must make
/// way for it.
fn web_port(port: u16, taken: bool, holder: Option<&Holder>, image: Option<&str>) -> Finding {
    let f = match (taken, holder, image) {
        (false, ..) => Finding::pass(Check::Ports, key::preflight_system::ports::FREE),
        (true, Some(h), Some(image)) if h.program == DOCKER_PROXY => {
            if image.starts_with(PRIMERO_NGINX) {
                Finding::pass(Check::Ports, key::preflight_system::ports::SERVED)
                    .arg("image", image)
            } else {
                Finding::warn(Check::Ports, key::preflight_system::ports::CONTAINER)
                    .arg("image", image)
                    .todo(key::preflight_system::ports::CONTAINER_TODO)
            }
        }
        (true, Some(h), None) if h.program == DOCKER_PROXY => {
            Finding::warn(Check::Ports, key::preflight_system::ports::SOME_CONTAINER)
                .todo(key::preflight_system::ports::CONTAINER_TODO)
        }
        (true, Some(h), _) => Finding::fail(Check::Ports, key::preflight_system::ports::HELD)
            .arg("program", &h.program)
            .arg("pid", h.pid)
            .todo(key::preflight_system::ports::HELD_TODO),
        (true, None, _) => Finding::warn(Check::Ports, key::preflight_system::ports::TAKEN)
            .todo(key::preflight_system::ports::TAKEN_TODO),
    };
    f.arg("port", port)
}

fn private_port(port: u16, what: &'static str, listening: &[(IpAddr, u16)]) -> Finding {
    let on: Vec<IpAddr> = listening
        .iter()
        .filter(|(_, p)| *p == port)
        .map(|(a, _)| *a)
        .collect();
    let open: Vec<String> = on
        .iter()
        .filter(|a| !is_loopback(a))
        .map(IpAddr::to_string)
        .collect();
    let f = if on.is_empty() {
        Finding::pass(Check::Ports, key::preflight_system::ports::UNUSED)
    } else if open.is_empty() {
        let addresses: Vec<String> = on.iter().map(IpAddr::to_string).collect();
        Finding::pass(Check::Ports, key::preflight_system::ports::LOOPBACK)
            .arg("address", addresses.join(", "))
    } else {
        Finding::fail(Check::Ports, key::preflight_system::ports::EXPOSED)
            .arg("address", open.join(", "))
            .todo(key::preflight_system::ports::EXPOSED_TODO)
    };
    f.text("what", what).arg("port", port)
}

fn is_loopback(addr: &IpAddr) -> bool {
    match addr {
        IpAddr::V4(a) => a.is_loopback(),
        IpAddr::V6(a) => a.is_loopback() || a.to_ipv4_mapped().is_some_and(|m| m.is_loopback()),
    }
}

/// A listening socket of the kernel's table.
struct Socket {
    address: IpAddr,
    port: u16,
    inode: u64,
}

/// The listening sockets (state `0A`) of `/proc/net/tcp` or `tcp6`.
fn listeners(table: &str) -> Vec<Socket> {
    table
        .lines()
        .skip(1)
        .filter_map(|line| {
            let cols: Vec<&str> = line.split_whitespace().collect();
            // sl, local address, remote address, state, queues, timer, retransmits, uid,
            // timeout, inode
            let (local, state, inode) = (cols.get(1)?, cols.get(3)?, cols.get(9)?);
            if *state != "0A" {
                return None;
            }
            let (addr, port) = local.split_once(':')?;
            Some(Socket {
                address: kernel_address(addr)?,
                port: u16::from_str_radix(port, 16).ok()?,
                inode: inode.parse().ok()?,
            })
        })
        .collect()
}

/// An address as the kernel prints it: 32-bit words in the machine's byte order, in
/// hexadecimal (8 digits for IPv4, 32 for IPv6).
fn kernel_address(hex: &str) -> Option<IpAddr> {
    let word = |s: &str| u32::from_str_radix(s, 16).ok().map(u32::to_ne_bytes);
    match hex.len() {
        8 => Some(IpAddr::V4(Ipv4Addr::from(word(hex)?))),
        32 => {
            let mut bytes = [0u8; 16];
            for (i, chunk) in bytes.chunks_mut(4).enumerate() {
                chunk.copy_from_slice(&word(hex.get(i * 8..i * 8 + 8)?)?);
            }
            Some(IpAddr::V6(Ipv6Addr::from(bytes)))
        }
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------
// Clock

pub fn clock(probe: &Probe) -> Vec<Finding> {
    vec![synchronised(probe), time_zone(probe)]
}

fn synchronised(probe: &Probe) -> Finding {
    // systemd-timesyncd makes this file once it has reached a time server.
    if probe.path("/run/systemd/timesync/synchronized").exists() {
        return Finding::pass(Check::Clock, key::preflight_system::clock::SYNCHRONISED);
    }
    match kernel_synchronised(probe) {
        Some(true) => Finding::pass(Check::Clock, key::preflight_system::clock::SYNCHRONISED),
        Some(false) => Finding::fail(Check::Clock, key::preflight_system::clock::UNSYNCHRONISED)
            .todo(key::preflight_system::clock::UNSYNCHRONISED_TODO),
        None => Finding::not_checked(Check::Clock, key::preflight_system::clock::NOT_LIVE),
    }
}

/// What the kernel says of its clock (chrony and ntpd keep it told), on the machine
/// itself only.
#[cfg(target_os = "linux")]
fn kernel_synchronised(probe: &Probe) -> Option<bool> {
    if !probe.is_live() {
        return None;
    }
    // SAFETY: with modes 0, adjtimex only reads the clock's state into the zeroed struct.
    let mut tx: libc::timex = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::adjtimex(&mut tx) };
    if rc < 0 {
        return None;
    }
    Some(tx.status & libc::STA_UNSYNC == 0)
}

#[cfg(not(target_os = "linux"))]
fn kernel_synchronised(_probe: &Probe) -> Option<bool> {
    None
}

fn time_zone(probe: &Probe) -> Finding {
    let named = read(probe, "/etc/timezone")
        .map(|t| t.trim().to_string())
        .filter(|z| !z.is_empty());
    let linked = || {
        std::fs::read_link(probe.path("/etc/localtime"))
            .ok()
            .and_then(|target| zone_of_link(&target.to_string_lossy()))
    };
    match named.or_else(linked) {
        Some(zone) => {
            Finding::pass(Check::Clock, key::preflight_system::clock::ZONE).arg("zone", zone)
        }
        None => Finding::warn(Check::Clock, key::preflight_system::clock::NO_ZONE)
            .todo(key::preflight_system::clock::NO_ZONE_TODO),
    }
}

/// `/usr/share/zoneinfo/Africa/Nairobi` (or `../usr/share/zoneinfo/...`) as
/// `Africa/Nairobi`.
fn zone_of_link(target: &str) -> Option<String> {
    let (_, zone) = target.split_once("zoneinfo/")?;
    let zone = zone.trim_matches('/');
    (!zone.is_empty()).then(|| zone.to_string())
}

fn read(probe: &Probe, absolute: &str) -> Option<String> {
    std::fs::read_to_string(probe.path(absolute)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_web_port_published_for_primeros_nginx_is_served_by_us() {
        use crate::preflight::Verdict;
        let proxy = Holder {
            pid: 733,
            program: DOCKER_PROXY.to_string(),
        };
        let ours = web_port(443, true, Some(&proxy), Some("primeroims/nginx:v2.15.2"));
        assert_eq!(
            (ours.verdict, ours.key),
            (Verdict::Pass, key::preflight_system::ports::SERVED)
        );
        let other = web_port(443, true, Some(&proxy), Some("traefik:v3"));
        assert_eq!(
            (other.verdict, other.key),
            (Verdict::Warn, key::preflight_system::ports::CONTAINER)
        );
        let unknown = web_port(80, true, None, None);
        assert_eq!(
            (unknown.verdict, unknown.key),
            (Verdict::Warn, key::preflight_system::ports::TAKEN)
        );
        let free = web_port(80, false, None, None);
        assert_eq!(free.verdict, Verdict::Pass);
    }

    #[test]
    fn processors_are_counted_by_their_lines() {
        let text = "processor\t: 0\nmodel name\t: x\n\nprocessor\t: 1\nprocessors: no\n";
        assert_eq!(processors(text), 2);
        assert_eq!(processors(""), 0);
    }

    #[test]
    fn mem_total_is_read_in_kb() {
        let text = "MemFree:  100 kB\nMemTotal:       16314412 kB\n";
        assert_eq!(mem_total_kb(text), Some(16_314_412));
        assert_eq!(mem_total_kb("MemTotal: lots\n"), None);
    }

    #[test]
    fn memory_thresholds_allow_for_the_kernel() {
        let probe_with = |kb: u64| {
            let dir = tempfile::tempdir().unwrap();
            std::fs::create_dir_all(dir.path().join("proc")).unwrap();
            std::fs::write(
                dir.path().join("proc/meminfo"),
                format!("MemTotal: {kb} kB\n"),
            )
            .unwrap();
            let probe = Probe {
                root: dir.path().to_path_buf(),
                resolve: Vec::new(),
                timeout: Duration::from_secs(1),
                now: 0,
                db_url: None,
                send_test_mail: None,
                certificate: None,
                tls_port: 443,
            };
            memory(8.0, &probe).verdict
        };
        let gib = 1024 * 1024;
        use super::super::Verdict;
        assert_eq!(probe_with(8 * gib * 93 / 100), Verdict::Pass);
        assert_eq!(probe_with(8 * gib * 80 / 100), Verdict::Warn);
        assert_eq!(probe_with(4 * gib), Verdict::Fail);
    }

    #[test]
    fn os_release_values_lose_their_quotes() {
        let text = "# comment\nID=ubuntu\nVERSION_ID=\"24.04\"\nNAME='Ubuntu'\n";
        let fields = os_release(text);
        assert!(fields.contains(&("ID".into(), "ubuntu".into())));
        assert!(fields.contains(&("VERSION_ID".into(), "24.04".into())));
        assert!(fields.contains(&("NAME".into(), "Ubuntu".into())));
    }

    #[test]
    fn the_ubuntu_data_is_read() {
        let releases = ubuntu_releases();
        assert!(releases.len() >= 5);
        assert!(
            releases
                .iter()
                .any(|(v, d)| v == "24.04" && d.to_string() == "2029-05-31")
        );
    }

    #[test]
    fn versions_are_compared_by_major_and_minor() {
        assert_eq!(at_least("27.3.1", (20, 10)), Some(true));
        assert_eq!(at_least("20.10.24+dfsg1", (20, 10)), Some(true));
        assert_eq!(at_least("19.03.15", (20, 10)), Some(false));
        assert_eq!(at_least("2.29.7", (2, 0)), Some(true));
        assert_eq!(at_least("1.29.2", (2, 0)), Some(false));
        assert_eq!(at_least("unknown", (2, 0)), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_program_is_given_up_on_after_the_timeout() {
        let started = Instant::now();
        let r = run("sleep", &["5"], Duration::from_millis(200));
        assert!(matches!(r, Err(Run::TimedOut)), "{r:?}");
        assert!(started.elapsed() < Duration::from_secs(3));
        let r = run("hostplan-no-such-program", &[], Duration::from_secs(1));
        assert!(matches!(r, Err(Run::Missing)), "{r:?}");
        let r = run(
            "sh",
            &["-c", "echo 27.3.1; echo more"],
            Duration::from_secs(5),
        );
        assert_eq!(r.ok().as_deref(), Some("27.3.1"));
        let r = run(
            "sh",
            &["-c", "echo denied >&2; exit 1"],
            Duration::from_secs(5),
        );
        assert!(
            matches!(r, Err(Run::Failed(ref e)) if e == "denied"),
            "{r:?}"
        );
    }

    #[test]
    fn listening_sockets_are_read_from_the_kernel_table() {
        let tail = "00000000:00000000 00:00000000 00000000 0 0";
        let v4 = format!(
            "  sl  local_address rem_address   st\n   0: 0100007F:1538 00000000:0000 0A {tail} 11\n   1: 00000000:0050 00000000:0000 0A {tail} 12\n   2: 0100007F:9C40 0100007F:1538 01 {tail} 13\n"
        );
        let shown = |table: &str| -> Vec<(IpAddr, u16, u64)> {
            listeners(table)
                .into_iter()
                .map(|s| (s.address, s.port, s.inode))
                .collect()
        };
        if cfg!(target_endian = "little") {
            assert_eq!(
                shown(&v4),
                vec![
                    ("127.0.0.1".parse().unwrap(), 5432, 11),
                    ("0.0.0.0".parse().unwrap(), 80, 12)
                ]
            );
        }
        let v6 = format!(
            "  sl  local_address rem_address st\n   0: 00000000000000000000000001000000:0BB8 00000000000000000000000000000000:0000 0A {tail} 21\n"
        );
        if cfg!(target_endian = "little") {
            assert_eq!(shown(&v6), vec![("::1".parse().unwrap(), 3000, 21)]);
        }
        assert!(listeners("header\n garbage\n").is_empty());
    }

    #[test]
    fn loopback_includes_mapped_addresses() {
        assert!(is_loopback(&"::ffff:127.0.0.1".parse().unwrap()));
        assert!(!is_loopback(&"::".parse().unwrap()));
        assert!(!is_loopback(&"10.0.0.5".parse().unwrap()));
    }

    #[test]
    fn the_zone_is_the_end_of_the_localtime_link() {
        assert_eq!(
            zone_of_link("/usr/share/zoneinfo/Africa/Nairobi").as_deref(),
            Some("Africa/Nairobi")
        );
        assert_eq!(
            zone_of_link("../usr/share/zoneinfo/UTC").as_deref(),
            Some("UTC")
        );
        assert_eq!(zone_of_link("/etc/somewhere"), None);
    }
}
