//! The machine itself: resources against the plan's sizing, the operating system, Docker,
//! listening ports and the clock. Everything is read from files under the probe's root
//! (`/proc`, `/etc`), so tests give a fixture folder instead of the real machine.

use super::{Check, Finding, Probe, Target};
use crate::base::key;

pub fn resources(_target: &Target, _probe: &Probe) -> Vec<Finding> {
    vec![Finding::not_checked(
        Check::Resources,
        key::preflight::pending::TEXT,
    )]
}

pub fn operating_system(_probe: &Probe) -> Vec<Finding> {
    vec![Finding::not_checked(
        Check::System,
        key::preflight::pending::TEXT,
    )]
}

pub fn docker(_probe: &Probe) -> Vec<Finding> {
    vec![Finding::not_checked(
        Check::Docker,
        key::preflight::pending::TEXT,
    )]
}

pub fn ports(_target: &Target, _probe: &Probe) -> Vec<Finding> {
    vec![Finding::not_checked(
        Check::Ports,
        key::preflight::pending::TEXT,
    )]
}

pub fn clock(_probe: &Probe) -> Vec<Finding> {
    vec![Finding::not_checked(
        Check::Clock,
        key::preflight::pending::TEXT,
    )]
}
