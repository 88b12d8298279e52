//! The work plan as a calendar (RFC 5545): one all-day event per milestone, and one per
//! checklist and due date listing the items still to do by then.
//!
//! Each event's UID is made of the plan's identity and the milestone's or the due date's
//! id, never of dates or wording, so importing a newer export into the same calendar
//! moves the events instead of adding them twice. SEQUENCE grows with the plan's
//! `updated` stamp, which calendar programs read as "this is the newer copy".

use super::Context;
use crate::base::hash::{FNV64_OFFSET, fnv64};
use crate::base::key;
use crate::core::checklist::{Entry, Status};
use crate::core::workplan::Task;
use chrono::{DateTime, Days, NaiveDate, Utc};
use icalendar::{Calendar, Component, Event, EventLike, Property};

/// Writes the calendar to `path`, atomically.
pub fn export(ctx: &Context, path: &std::path::Path, report: &mut super::Report) {
    match crate::store::save(path, render(ctx).as_bytes()) {
        Ok(()) => report.written.push(path.to_path_buf()),
        Err(e) => report.problems.push(super::output_problem(
            path,
            key::calendar::export::FAILED,
            vec![("error", e.to_string())],
        )),
    }
}

/// The calendar of `ctx`'s work plan, as the text of an `.ics` file.
pub fn render(ctx: &Context) -> String {
    let mut calendar = head(ctx);
    let identity = plan_identity(ctx);
    let sequence = sequence(ctx);
    for (phase, task) in milestones(ctx) {
        calendar.push(milestone(ctx, phase, task, &identity, sequence));
    }
    for (list, entries) in ctx.model.checklists.entries(&ctx.analysis.checklists) {
        for (due, milestone_id, items) in due_groups(&entries) {
            let uid = format!("due.{}.{milestone_id}.{identity}@hostplan", list.id);
            let event = due_event(ctx, &list.title, milestone_id, &items, due);
            calendar.push(stamped(event, &uid, ctx.now, sequence));
        }
    }
    calendar.to_string()
}

fn head(ctx: &Context) -> Calendar {
    let s = ctx.strings;
    let programme = ctx.answer_plain("programme_name");
    let option =
        crate::analysis::summary::option_label(&ctx.model.questionnaire, ctx.analysis.option);
    let name = s.fill(key::calendar::head::NAME, &[("programme", &programme)]);
    let description = s.fill(
        key::calendar::head::DESCRIPTION,
        &[
            ("programme", &programme),
            ("option", &option),
            ("version", &version(ctx)),
        ],
    );
    let mut calendar = Calendar::empty();
    calendar
        .append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("PRODID", "-//hostplan//work plan//EN"))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .append_property(Property::new("X-WR-CALNAME", &name))
        .append_property(Property::new("X-WR-CALDESC", &description));
    calendar
}

/// Every milestone of the work plan (a task that takes no time), with its phase's title.
fn milestones<'a>(ctx: &'a Context) -> impl Iterator<Item = (&'a str, &'a Task)> {
    ctx.analysis.work_plan.phases.iter().flat_map(|p| {
        p.tasks
            .iter()
            .filter(|t| t.is_milestone())
            .map(move |t| (p.title.as_str(), t))
    })
}

fn milestone(ctx: &Context, phase: &str, task: &Task, identity: &str, sequence: u32) -> Event {
    let s = ctx.strings;
    let summary = s.fill(
        key::calendar::milestone::SUMMARY,
        &[
            ("title", &task.title),
            ("country", &ctx.answer_plain("country")),
        ],
    );
    let owner = ctx.analysis.task_owner(task);
    let description = s.fill(
        key::calendar::milestone::DESCRIPTION,
        &[("owner", &owner), ("phase", phase)],
    );
    let event = day_event(task.start, &summary, &description);
    let uid = format!("milestone.{}.{identity}@hostplan", task.id);
    stamped(event, &uid, ctx.now, sequence)
}

/// The items still to do, grouped by the day they fall due and its milestone id, in the
/// order the items come. Met items and items that do not apply have nothing due.
fn due_groups<'a>(entries: &'a [Entry<'a>]) -> Vec<(NaiveDate, &'a str, Vec<&'a Entry<'a>>)> {
    let mut groups: Vec<(NaiveDate, &str, Vec<&Entry>)> = Vec::new();
    for entry in entries {
        if matches!(entry.status, Status::Met | Status::NotApplicable) {
            continue;
        }
        let Some(due) = entry.due else { continue };
        let id = entry.item.due.as_str();
        match groups.iter_mut().find(|(_, m, _)| *m == id) {
            Some((_, _, items)) => items.push(entry),
            None => groups.push((due, id, vec![entry])),
        }
    }
    groups
}

fn due_event(
    ctx: &Context,
    list: &str,
    milestone: &str,
    items: &[&Entry],
    due: NaiveDate,
) -> Event {
    let s = ctx.strings;
    let country = ctx.answer_plain("country");
    let summary = match items.len() {
        1 => s.fill(
            key::calendar::due::SUMMARY_ONE,
            &[("checklist", list), ("country", &country)],
        ),
        n => s.fill(
            key::calendar::due::SUMMARY,
            &[
                ("checklist", list),
                ("count", &n.to_string()),
                ("country", &country),
            ],
        ),
    };
    let lines: Vec<String> = items.iter().map(|e| item_line(ctx, e)).collect();
    let milestone_title = ctx
        .model
        .checklists
        .milestone(milestone)
        .map_or(milestone, |m| m.title.as_str());
    let description = s.fill(
        key::calendar::due::DESCRIPTION,
        &[("milestone", milestone_title), ("items", &lines.join("\n"))],
    );
    day_event(due, &summary, &description)
}

fn item_line(ctx: &Context, entry: &Entry) -> String {
    let s = ctx.strings;
    let status = s.keyed(key::cli::report::status::PREFIX, entry.status.id());
    let owner = ctx.analysis.matrix.party_name(entry.owner);
    s.fill(
        key::calendar::due::ITEM,
        &[
            ("title", &entry.item.title),
            ("owner", &owner),
            ("status", &status),
        ],
    )
}

/// An all-day event on `day` (the end of an all-day event is the next day, not included).
fn day_event(day: NaiveDate, summary: &str, description: &str) -> Event {
    let next = day.checked_add_days(Days::new(1)).unwrap_or(day);
    Event::new()
        .starts(day)
        .ends(next)
        .summary(summary)
        .description(description)
        .done()
}

/// The event with its stable UID, and DTSTAMP set to the export's time rather than the
/// clock's, so two exports of one plan are the same file.
fn stamped(mut event: Event, uid: &str, now: DateTime<Utc>, sequence: u32) -> Event {
    event.uid(uid).timestamp(now).sequence(sequence).done()
}

/// What stays the same across every version of one plan: the moment it was first saved
/// (none for a hand-written answers file), its country and its programme; hashed, so the
/// UID carries no names.
fn plan_identity(ctx: &Context) -> String {
    // Copies of one plan (the demo, a template) share their first save: the country and
    // programme tell them apart.
    let created = ctx.plan.created.map(|c| c.to_rfc3339()).unwrap_or_default();
    let seed = format!(
        "{created}\u{1f}{}\u{1f}{}",
        ctx.answer_plain("country"),
        ctx.answer_plain("programme_name")
    );
    let hash = fnv64(seed.as_bytes(), FNV64_OFFSET);
    format!("{hash:016x}")
}

/// Minutes from the plan's first save to its last: a later version of the plan gives a
/// larger number.
fn sequence(ctx: &Context) -> u32 {
    match (ctx.plan.created, ctx.plan.updated) {
        (Some(created), Some(updated)) => {
            let minutes = (updated - created).num_minutes().max(0);
            u32::try_from(minutes).unwrap_or(u32::MAX)
        }
        _ => 0,
    }
}

fn version(ctx: &Context) -> String {
    ctx.plan
        .updated
        .or(ctx.plan.created)
        .or(ctx.plan_saved)
        .map_or_else(String::new, |t| t.format("%Y-%m-%d %H:%M UTC").to_string())
}
