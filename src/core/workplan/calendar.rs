//! Working days and the scheduler: every task starts on the first working day after what it
//! depends on has ended, and no earlier than its `not_before` date.

use super::Task;
use chrono::{Datelike, Days, NaiveDate, Weekday};
use std::collections::HashMap;

pub fn is_working_day(d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The day itself if it is a working day, else the Monday after.
pub fn first_working_day(d: NaiveDate) -> NaiveDate {
    let skip = match d.weekday() {
        Weekday::Sat => 2,
        Weekday::Sun => 1,
        _ => 0,
    };
    d.checked_add_days(Days::new(skip)).unwrap_or(d)
}

pub(super) fn next_working_day(d: NaiveDate) -> NaiveDate {
    first_working_day(d.checked_add_days(Days::new(1)).unwrap_or(d))
}

/// The working day `n` working days after `d` (which is a working day).
pub fn add_working_days(d: NaiveDate, n: u32) -> NaiveDate {
    let mut d = d;
    for _ in 0..n {
        d = next_working_day(d);
    }
    d
}

/// Gives each task its dates. A task starts on the first working day after everything it
/// depends on has ended and lasts its number of working days. A milestone takes no time: it
/// falls on the day its last dependency ends. Templates are checked for cycles when read;
/// a task caught in one all the same keeps the plan's first day rather than looping.
pub(super) fn schedule(tasks: &mut [Task], start: NaiveDate) {
    let mut finish: HashMap<String, NaiveDate> = HashMap::new();
    let mut progress = true;
    while progress && finish.len() < tasks.len() {
        progress = false;
        for t in tasks.iter_mut() {
            if finish.contains_key(&t.id) || !t.after.iter().all(|a| finish.contains_key(a)) {
                continue;
            }
            let last = t.after.iter().map(|a| finish[a]).max();
            let mut begin = match (t.days, last) {
                (_, None) => start,
                (0, Some(d)) => d,
                (_, Some(d)) => next_working_day(d),
            };
            if let Some(earliest) = t.not_before {
                begin = begin.max(first_working_day(earliest));
            }
            t.start = begin;
            t.end = add_working_days(begin, t.days.saturating_sub(1));
            finish.insert(t.id.clone(), t.end);
            progress = true;
        }
    }
    for t in tasks.iter_mut().filter(|t| !finish.contains_key(&t.id)) {
        t.start = start;
        t.end = start;
    }
}
