//! Which program holds a listening socket. The kernel's socket table gives each socket's
//! inode; a process's `/proc/PID/fd` links name the sockets it has open as
//! `socket:[INODE]`, and `/proc/PID/comm` names the program. Only root may read every
//! process's links, so without it a holder may stay unknown.

use super::Probe;
use std::collections::HashMap;

/// The process that has a socket open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holder {
    pub pid: u32,
    pub program: String,
}

/// The holders of the sockets `inodes` that can be found under the probe's `/proc`.
pub fn holders(probe: &Probe, inodes: &[u64]) -> HashMap<u64, Holder> {
    let mut found = HashMap::new();
    if inodes.is_empty() {
        return found;
    }
    let Ok(processes) = std::fs::read_dir(probe.path("/proc")) else {
        return found;
    };
    for entry in processes.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        for inode in open_sockets(&entry.path().join("fd")) {
            if inodes.contains(&inode) && !found.contains_key(&inode) {
                let program = program(&entry.path());
                found.insert(inode, Holder { pid, program });
            }
        }
    }
    found
}

/// The inodes of the sockets a process has open; none when its links cannot be read.
fn open_sockets(fd_dir: &std::path::Path) -> Vec<u64> {
    let Ok(links) = std::fs::read_dir(fd_dir) else {
        return Vec::new();
    };
    links
        .flatten()
        .filter_map(|link| std::fs::read_link(link.path()).ok())
        .filter_map(|target| socket_inode(&target.to_string_lossy()))
        .collect()
}

fn socket_inode(link: &str) -> Option<u64> {
    link.strip_prefix("socket:[")?
        .strip_suffix(']')?
        .parse()
        .ok()
}

fn program(process: &std::path::Path) -> String {
    std::fs::read_to_string(process.join("comm"))
        .map(|c| c.trim().to_string())
        .ok()
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "?".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_socket_links_name_an_inode() {
        assert_eq!(socket_inode("socket:[4242]"), Some(4242));
        assert_eq!(socket_inode("pipe:[4242]"), None);
        assert_eq!(socket_inode("/dev/null"), None);
        assert_eq!(socket_inode("socket:[]"), None);
    }
}
