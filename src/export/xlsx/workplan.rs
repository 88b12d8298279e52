//! The work plan as a workbook: a cover with the plan version, the tasks with real dates
//! and a status column to fill, a Gantt chart drawn by conditional formatting (so it
//! follows dates edited on the Tasks sheet), the milestones, the responsibilities matrix
//! and the checklists with columns to record completion.

use super::{Formats, direction, excel_date, header, sheet_name, sheet_ref};
use crate::base::key;
use crate::core::workplan::{Task, WorkPlan};
use crate::export::Context;
use crate::export::pdf::{plan_version, time_words};
use chrono::{Datelike, Duration, NaiveDate};
use rust_xlsxwriter::{
    Color, ConditionalFormatFormula, DataValidation, DataValidationRule, DocProperties, Format,
    FormatAlign, Formula, Workbook, Worksheet, XlsxError,
};

/// The workbook's bytes. Nothing is written anywhere.
pub fn render(ctx: &Context) -> Result<Vec<u8>, XlsxError> {
    let s = ctx.strings;
    let f = Formats::new();
    let mut wb = Workbook::new();
    wb.set_properties(&properties(ctx)?);
    let tasks_name = sheet_name(s, key::xlsx::sheet::TASKS);
    cover(wb.add_worksheet(), ctx, &f)?;
    tasks(wb.add_worksheet(), ctx, &f, &tasks_name)?;
    gantt(wb.add_worksheet(), ctx, &f, &tasks_name)?;
    milestones(wb.add_worksheet(), ctx, &f)?;
    matrix(wb.add_worksheet(), ctx, &f)?;
    checklists(wb.add_worksheet(), ctx, &f)?;
    wb.save_to_buffer()
}

/// Title and time stamps, so two exports of the same plan at the same time match.
fn properties(ctx: &Context) -> Result<DocProperties, XlsxError> {
    let title = ctx.strings.fill(
        key::xlsx::cover::TITLE,
        &[("programme", &answer_text(ctx, "programme_name"))],
    );
    let made = rust_xlsxwriter::ExcelDateTime::from_timestamp(ctx.now.timestamp())?;
    Ok(DocProperties::new()
        .set_title(title)
        .set_creation_datetime(&made))
}

/// An answer written for people; empty when unanswered.
fn answer_text(ctx: &Context, id: &str) -> String {
    let q = &ctx.model.questionnaire;
    match (ctx.plan.answers.get(id), q.question(id)) {
        (Some(a), Some(question)) => a.display(question),
        (Some(a), None) => a.to_plain(),
        _ => String::new(),
    }
}

// --- Cover --------------------------------------------------------------------------

fn cover(ws: &mut Worksheet, ctx: &Context, f: &Formats) -> Result<(), XlsxError> {
    let s = ctx.strings;
    ws.set_name(sheet_name(s, key::xlsx::sheet::COVER))?;
    direction(ws);
    ws.set_column_width(0, 24)?;
    ws.set_column_width(1, 70)?;
    let title = s.fill(
        key::xlsx::cover::TITLE,
        &[("programme", &answer_text(ctx, "programme_name"))],
    );
    ws.write_string_with_format(0, 0, title, &f.title)?;
    let wp = &ctx.analysis.work_plan;
    let q = &ctx.model.questionnaire;
    let texts = [
        (
            key::xlsx::cover::PROGRAMME,
            answer_text(ctx, "programme_name"),
        ),
        (key::xlsx::cover::COUNTRY, answer_text(ctx, "country")),
        (
            key::xlsx::cover::ORGANISATION,
            answer_text(ctx, "organisation"),
        ),
        (
            key::xlsx::cover::OPTION,
            crate::analysis::summary::option_label(q, ctx.analysis.option),
        ),
        (key::xlsx::cover::VERSION, version(ctx)),
        (
            key::xlsx::cover::QUESTIONNAIRE,
            s.fill(
                key::xlsx::cover::QUESTIONNAIRE_VALUE,
                &[("title", &q.title), ("version", &q.version)],
            ),
        ),
    ];
    let mut row = 2;
    for (label, value) in texts {
        ws.write_string_with_format(row, 0, s.get(label), &f.bold)?;
        ws.write_string_with_format(row, 1, value, &f.wrap)?;
        row += 1;
    }
    let dates = [
        (key::xlsx::cover::START, wp.start),
        (key::xlsx::cover::END, wp.end),
        (key::xlsx::cover::MADE, ctx.now.date_naive()),
    ];
    let left = f.date.clone().set_align(FormatAlign::Left);
    for (label, day) in dates {
        ws.write_string_with_format(row, 0, s.get(label), &f.bold)?;
        ws.write_date_with_format(row, 1, excel_date(day)?, &left)?;
        row += 1;
    }
    ws.merge_range(
        row + 1,
        0,
        row + 1,
        1,
        s.get(key::xlsx::cover::NOTE),
        &f.wrap,
    )?;
    ws.set_row_height(row + 1, 48)?;
    ws.set_active(true);
    Ok(())
}

/// "19 October 2026 14:12 UTC, answers 1a2b3c4d", as the PDF dates the plan.
fn version(ctx: &Context) -> String {
    let s = ctx.strings;
    let (when, hash) = plan_version(ctx.plan);
    let when = match (when.is_empty(), ctx.plan_saved) {
        (false, _) => when,
        (true, Some(t)) => time_words(t),
        (true, None) => s.get(key::xlsx::cover::NOT_RECORDED).to_string(),
    };
    s.fill(
        key::xlsx::cover::VERSION_VALUE,
        &[("when", &when), ("hash", &hash)],
    )
}

// --- Tasks --------------------------------------------------------------------------

/// Columns of the Tasks sheet that other sheets refer to.
const TASK_TITLE: u16 = 2;
const TASK_START: u16 = 4;
const TASK_END: u16 = 5;
const TASK_STATUS: u16 = 8;

/// The words of the Status list, in the order work goes.
const STATUSES: [&str; 4] = [
    key::xlsx::tasks::progress::NOT_STARTED,
    key::xlsx::tasks::progress::IN_PROGRESS,
    key::xlsx::tasks::progress::DONE,
    key::xlsx::tasks::progress::BLOCKED,
];

fn tasks(ws: &mut Worksheet, ctx: &Context, f: &Formats, name: &str) -> Result<(), XlsxError> {
    let s = ctx.strings;
    ws.set_name(name)?;
    direction(ws);
    header(
        ws,
        s,
        f,
        0,
        &[
            (key::xlsx::tasks::PHASE, 22.0),
            (key::xlsx::tasks::ID, 18.0),
            (key::xlsx::tasks::TASK, 50.0),
            (key::xlsx::tasks::OWNER, 28.0),
            (key::xlsx::tasks::START, 12.0),
            (key::xlsx::tasks::END, 12.0),
            (key::xlsx::tasks::DAYS, 10.0),
            (key::xlsx::tasks::DEPENDS_ON, 24.0),
            (key::xlsx::tasks::STATUS, 14.0),
        ],
    )?;
    let wp = &ctx.analysis.work_plan;
    let mut row = 1;
    for phase in &wp.phases {
        for task in &phase.tasks {
            let title_format = if task.is_milestone() {
                &f.bold
            } else {
                &f.wrap
            };
            ws.write_string_with_format(row, 0, &phase.title, &f.wrap)?;
            ws.write_string(row, 1, &task.id)?;
            ws.write_string_with_format(row, TASK_TITLE, &task.title, title_format)?;
            ws.write_string_with_format(row, 3, ctx.analysis.task_owner(task), &f.wrap)?;
            ws.write_date_with_format(row, TASK_START, excel_date(task.start)?, &f.date)?;
            ws.write_date_with_format(row, TASK_END, excel_date(task.end)?, &f.date)?;
            ws.write_number(row, 6, task.days)?;
            ws.write_string(row, 7, task.after.join(", "))?;
            row += 1;
        }
    }
    let last = row.saturating_sub(1).max(1);
    let words: Vec<&str> = STATUSES.iter().map(|k| s.get(k)).collect();
    // Other words may be written too: the list is a help, not a rule.
    let status = DataValidation::new()
        .allow_list_strings(&words)?
        .set_error_style(rust_xlsxwriter::DataValidationErrorStyle::Information);
    ws.add_data_validation(1, TASK_STATUS, last, TASK_STATUS, &status)?;
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, last, TASK_STATUS)?;
    Ok(())
}

// --- Gantt --------------------------------------------------------------------------

/// Columns of the Gantt sheet: the task, its dates (read from the Tasks sheet), then one
/// column per week.
const GANTT_START: u16 = 1;
const GANTT_END: u16 = 2;
const FIRST_WEEK: u16 = 3;

/// The Monday starting each week the work plan runs over.
pub fn weeks(wp: &WorkPlan) -> Vec<NaiveDate> {
    let first = wp.start - Duration::days(i64::from(wp.start.weekday().num_days_from_monday()));
    let mut out = Vec::new();
    let mut week = first;
    while week <= wp.end {
        out.push(week);
        week += Duration::days(7);
    }
    out
}

fn gantt(ws: &mut Worksheet, ctx: &Context, f: &Formats, tasks: &str) -> Result<(), XlsxError> {
    let s = ctx.strings;
    ws.set_name(sheet_name(s, key::xlsx::sheet::GANTT))?;
    direction(ws);
    header(
        ws,
        s,
        f,
        0,
        &[
            (key::xlsx::gantt::TASK, 44.0),
            (key::xlsx::gantt::START, 11.0),
            (key::xlsx::gantt::END, 11.0),
        ],
    )?;
    let wp = &ctx.analysis.work_plan;
    let weeks = weeks(wp);
    let week_head = f
        .header
        .clone()
        .set_num_format(super::DATE_FORMAT)
        .set_rotation(90)
        .set_align(FormatAlign::Center);
    for (i, week) in weeks.iter().enumerate() {
        let col = FIRST_WEEK + i as u16;
        ws.write_date_with_format(0, col, excel_date(*week)?, &week_head)?;
        ws.set_column_width(col, 3.2)?;
    }
    ws.set_row_height(0, 66)?;
    let all: Vec<&Task> = wp.tasks().collect();
    let tasks_ref = sheet_ref(tasks);
    for (i, task) in all.iter().enumerate() {
        let row = i as u32 + 1;
        // The Tasks sheet's row of this task, in A1 terms.
        let at = row + 1;
        let title = Formula::new(format!("={tasks_ref}!C{at}")).set_result(&task.title);
        ws.write_formula(row, 0, title)?;
        for (col, letter, day) in [(GANTT_START, 'E', task.start), (GANTT_END, 'F', task.end)] {
            let serial = excel_date(day)?.to_excel().to_string();
            let formula = Formula::new(format!("={tasks_ref}!{letter}{at}")).set_result(serial);
            ws.write_formula_with_format(row, col, formula, &f.date)?;
        }
    }
    if all.is_empty() || weeks.is_empty() {
        return Ok(());
    }
    let last_row = all.len() as u32;
    let last_col = FIRST_WEEK + weeks.len() as u16 - 1;
    // Rules are written for the top-left week cell, D2; spreadsheets move them along.
    let milestone = ConditionalFormatFormula::new()
        .set_rule("=AND($B2=$C2,D$1<=$C2,D$1+6>=$B2)")
        .set_format(Format::new().set_background_color(Color::RGB(0xC00000)))
        .set_stop_if_true(true);
    let bar = ConditionalFormatFormula::new()
        .set_rule("=AND(D$1<=$C2,D$1+6>=$B2)")
        .set_format(Format::new().set_background_color(Color::RGB(0x4472C4)));
    ws.add_conditional_format(1, FIRST_WEEK, last_row, last_col, &milestone)?;
    ws.add_conditional_format(1, FIRST_WEEK, last_row, last_col, &bar)?;
    ws.set_freeze_panes(1, FIRST_WEEK)?;
    Ok(())
}

// --- Milestones ---------------------------------------------------------------------

fn milestones(ws: &mut Worksheet, ctx: &Context, f: &Formats) -> Result<(), XlsxError> {
    let s = ctx.strings;
    ws.set_name(sheet_name(s, key::xlsx::sheet::MILESTONES))?;
    direction(ws);
    header(
        ws,
        s,
        f,
        0,
        &[
            (key::xlsx::milestones::MILESTONE, 50.0),
            (key::xlsx::milestones::OWNER, 30.0),
            (key::xlsx::milestones::DATE, 12.0),
        ],
    )?;
    for (i, m) in ctx.analysis.work_plan.milestones().enumerate() {
        let row = i as u32 + 1;
        ws.write_string_with_format(row, 0, &m.title, &f.wrap)?;
        ws.write_string_with_format(row, 1, ctx.analysis.matrix.party_name(&m.owner), &f.wrap)?;
        ws.write_date_with_format(row, 2, excel_date(m.start)?, &f.date)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

// --- Responsibilities ---------------------------------------------------------------

fn matrix(ws: &mut Worksheet, ctx: &Context, f: &Formats) -> Result<(), XlsxError> {
    let s = ctx.strings;
    ws.set_name(sheet_name(s, key::xlsx::sheet::MATRIX))?;
    direction(ws);
    let m = &ctx.analysis.matrix;
    let option = ctx.analysis.option;
    let parties = m.parties_in_rows(option);
    header(
        ws,
        s,
        f,
        0,
        &[
            (key::xlsx::matrix::GROUP, 24.0),
            (key::xlsx::matrix::ACTIVITY, 50.0),
        ],
    )?;
    let centre = Format::new().set_align(FormatAlign::Center).set_bold();
    for (i, p) in parties.iter().enumerate() {
        let col = 2 + i as u16;
        ws.write_string_with_format(0, col, ctx.model.party_name(&p.id), &f.header)?;
        ws.set_column_width(col, 14)?;
    }
    let level_col = 2 + parties.len() as u16;
    ws.write_string_with_format(0, level_col, s.get(key::xlsx::matrix::LEVEL), &f.header)?;
    ws.set_column_width(level_col, 10)?;
    let rows = m.rows(option);
    let mut row = 1;
    for group in &m.groups {
        for a in rows.iter().filter(|a| a.group == group.id) {
            ws.write_string_with_format(row, 0, &group.title, &f.wrap)?;
            ws.write_string_with_format(row, 1, &a.title, &f.wrap)?;
            for (i, p) in parties.iter().enumerate() {
                let letters = m.letters(&a.id, option, &p.id);
                ws.write_string_with_format(row, 2 + i as u16, letters, &centre)?;
            }
            if let Some(level) = a.support_level {
                ws.write_number(row, level_col, level)?;
            }
            row += 1;
        }
    }
    ws.set_freeze_panes(1, 2)?;
    row += 1;
    ws.write_string_with_format(row, 0, s.get(key::xlsx::matrix::LEGEND), &f.bold)?;
    row += 1;
    ws.write_string_with_format(row, 0, s.get(key::xlsx::matrix::CODE), &f.header)?;
    ws.write_string_with_format(row, 1, s.get(key::xlsx::matrix::MEANING), &f.header)?;
    for e in &m.legend {
        row += 1;
        ws.write_string_with_format(row, 0, &e.code, &f.bold)?;
        ws.write_string_with_format(row, 1, &e.meaning, &f.wrap)?;
    }
    Ok(())
}

// --- Checklists ---------------------------------------------------------------------

/// Columns left empty to record completion by hand.
const CHECK_DONE: u16 = 8;
const CHECK_DATE: u16 = 9;

fn checklists(ws: &mut Worksheet, ctx: &Context, f: &Formats) -> Result<(), XlsxError> {
    let s = ctx.strings;
    ws.set_name(sheet_name(s, key::xlsx::sheet::CHECKLISTS))?;
    direction(ws);
    header(
        ws,
        s,
        f,
        0,
        &[
            (key::xlsx::checklists::LIST, 24.0),
            (key::xlsx::checklists::NUMBER, 5.0),
            (key::xlsx::checklists::ITEM, 40.0),
            (key::xlsx::checklists::WHAT, 50.0),
            (key::xlsx::checklists::TIMING, 24.0),
            (key::xlsx::checklists::DUE, 12.0),
            (key::xlsx::checklists::OWNER, 24.0),
            (key::xlsx::checklists::STATUS, 14.0),
            (key::xlsx::checklists::DONE, 8.0),
            (key::xlsx::checklists::DATE, 12.0),
            (key::xlsx::checklists::INITIALS, 10.0),
        ],
    )?;
    let states = &ctx.analysis.checklists;
    let mut row = 1;
    for (list, entries) in ctx.model.checklists.entries(states) {
        for entry in entries {
            let item = entry.item;
            let timing = item
                .timing
                .clone()
                .or_else(|| {
                    ctx.model
                        .checklists
                        .milestone(&item.due)
                        .map(|m| m.title.clone())
                })
                .unwrap_or_default();
            ws.write_string_with_format(row, 0, &list.title, &f.wrap)?;
            ws.write_number(row, 1, row)?;
            ws.write_string_with_format(row, 2, &item.title, &f.wrap)?;
            ws.write_string_with_format(row, 3, &item.what, &f.wrap)?;
            ws.write_string_with_format(row, 4, timing, &f.wrap)?;
            if let Some(due) = entry.due {
                ws.write_date_with_format(row, 5, excel_date(due)?, &f.date)?;
            }
            ws.write_string_with_format(
                row,
                6,
                ctx.analysis.matrix.party_name(entry.owner),
                &f.wrap,
            )?;
            let status = s.keyed(key::pdf::checklist::status::PREFIX, entry.status.id());
            ws.write_string(row, 7, status)?;
            // The date column takes dates only, in the same form as the others.
            ws.write_blank(row, CHECK_DATE, &f.date)?;
            row += 1;
        }
    }
    let last = row.saturating_sub(1).max(1);
    let date_only = DataValidation::new().allow_date(DataValidationRule::GreaterThan(excel_date(
        NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default(),
    )?));
    ws.add_data_validation(1, CHECK_DATE, last, CHECK_DATE, &date_only)?;
    ws.set_freeze_panes(1, 3)?;
    ws.autofilter(0, 0, last, CHECK_DONE + 2)?;
    Ok(())
}
