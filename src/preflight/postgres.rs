//! The postgres check.

use super::{Check, Finding, Probe, Target};
use crate::base::key;

pub fn check(_target: &Target, _probe: &Probe) -> Vec<Finding> {
    vec![Finding::not_checked(
        Check::Postgres,
        key::preflight::pending::TEXT,
    )]
}
