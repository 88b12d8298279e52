//! Certificate dates for the tests that make certificates with rcgen.

use rcgen::CertificateParams;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub const DAY: i64 = 24 * 60 * 60;

pub fn seconds_now() -> i64 {
    let since = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    i64::try_from(since.as_secs()).unwrap()
}

/// Valid from `from` days to `to` days from now (negative for the past).
pub fn validity(p: &mut CertificateParams, from: i64, to: i64) {
    let epoch = rcgen::date_time_ymd(1970, 1, 1);
    let at = |days: i64| {
        let seconds = u64::try_from(seconds_now() + days * DAY).unwrap();
        epoch + Duration::from_secs(seconds)
    };
    p.not_before = at(from);
    p.not_after = at(to);
}
