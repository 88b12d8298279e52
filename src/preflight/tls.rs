//! The tls check.

use super::{Check, Finding, Probe, Target};
use crate::base::key::preflight as k;

pub fn check(_target: &Target, _probe: &Probe) -> Vec<Finding> {
    vec![Finding::not_checked(Check::Tls, k::pending::TEXT)]
}
