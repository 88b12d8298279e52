//! Workbooks (xlsx): the work plan for a team's own tracking ([`workplan`]) and the
//! questionnaire to fill in before the workshop ([`questionnaire`]), whose answers
//! [`import`] reads back. Each is rendered to bytes here; the caller writes them
//! atomically. docs/exports.md describes both workbooks.
//!
//! Only plain spreadsheet features are used (dates, numbers, formulas, list and range
//! validation, formula conditional formats), so LibreOffice and Google Sheets open them as
//! Excel does.

pub mod import;
pub mod portfolio;
pub mod questionnaire;
pub mod workplan;

use super::{Context, Report, output_problem};
use crate::base::key;
use crate::base::strings::Strings;
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatBorder, Worksheet, XlsxError};
use std::path::Path;

/// How dates show in every workbook: ISO, read the same way in every language.
const DATE_FORMAT: &str = "yyyy-mm-dd";

/// Characters no spreadsheet allows in a sheet name.
pub const SHEET_NAME_FORBIDDEN: &[char] = &['[', ']', ':', '*', '?', '/', '\\'];
/// The longest sheet name spreadsheets accept.
pub const SHEET_NAME_MAX: usize = 31;

/// Renders the work plan workbook and writes it to `path` atomically.
pub fn export(ctx: &Context, path: &Path, report: &mut Report) {
    let bytes = match workplan::render(ctx) {
        Ok(bytes) => bytes,
        Err(e) => {
            report.problems.push(output_problem(
                path,
                key::xlsx::export::NOT_BUILT,
                vec![("error", e.to_string())],
            ));
            return;
        }
    };
    match crate::store::save(path, &bytes) {
        Ok(()) => report.written.push(path.to_path_buf()),
        Err(e) => report.problems.push(output_problem(
            path,
            key::xlsx::export::FAILED,
            vec![("error", e.to_string())],
        )),
    }
}

/// A sheet name from the catalogue, made safe should a translation break the rules.
fn sheet_name(s: &Strings, key: &str) -> String {
    let name: String = s
        .get(key)
        .chars()
        .map(|c| {
            if SHEET_NAME_FORBIDDEN.contains(&c) {
                '_'
            } else {
                c
            }
        })
        .take(SHEET_NAME_MAX)
        .collect();
    name.trim_matches('\'').to_string()
}

/// A sheet name as a formula refers to it: quoted, with quotes doubled.
fn sheet_ref(name: &str) -> String {
    format!("'{}'", name.replace('\'', "''"))
}

/// A date as spreadsheets count it.
fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    let year = u16::try_from(d.year()).map_err(|_| XlsxError::DateTimeRangeError(d.to_string()))?;
    ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8)
}

/// The formats every sheet uses.
struct Formats {
    header: Format,
    date: Format,
    wrap: Format,
    bold: Format,
    title: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xD9E1F2))
                .set_border_bottom(FormatBorder::Thin)
                .set_text_wrap(),
            date: Format::new().set_num_format(DATE_FORMAT),
            wrap: Format::new().set_text_wrap(),
            bold: Format::new().set_bold(),
            title: Format::new().set_bold().set_font_size(14),
        }
    }
}

/// Writes a header row of catalogue texts at `row`, with each column's width.
fn header(
    ws: &mut Worksheet,
    s: &Strings,
    f: &Formats,
    row: u32,
    columns: &[(&str, f64)],
) -> Result<(), XlsxError> {
    for (i, (key, width)) in columns.iter().enumerate() {
        let col = i as u16;
        ws.write_string_with_format(row, col, s.get(key), &f.header)?;
        ws.set_column_width(col, *width)?;
    }
    Ok(())
}

/// Lays a sheet out right to left for a language that reads so.
fn direction(ws: &mut Worksheet) {
    if crate::base::strings::language().right_to_left() {
        ws.set_right_to_left(true);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::lang::Lang;

    #[test]
    fn every_sheet_name_is_one_spreadsheets_accept_in_every_language() {
        let keys = [
            key::xlsx::sheet::COVER,
            key::xlsx::sheet::TASKS,
            key::xlsx::sheet::GANTT,
            key::xlsx::sheet::MILESTONES,
            key::xlsx::sheet::MATRIX,
            key::xlsx::sheet::CHECKLISTS,
            key::xlsx::sheet::QUESTIONS,
            key::xlsx::sheet::LISTS,
        ];
        for lang in Lang::ALL {
            let s = Strings::shipped(lang);
            let mut seen = Vec::new();
            for k in keys {
                let name = s.get(k);
                assert!(
                    name.chars().count() <= SHEET_NAME_MAX,
                    "{lang:?} {k}: {name}"
                );
                assert!(!name.contains(SHEET_NAME_FORBIDDEN), "{lang:?} {k}: {name}");
                assert!(!name.trim().is_empty() && name != k, "{lang:?} {k}");
                assert!(!name.starts_with('\''), "{lang:?} {k}: {name}");
                // Sheet names are compared without case.
                let lower = name.to_lowercase();
                assert!(!seen.contains(&lower), "{lang:?}: {name} twice");
                seen.push(lower);
                assert_eq!(sheet_name(s, k), name);
            }
        }
    }

    #[test]
    fn sheet_names_are_quoted_in_formulas() {
        assert_eq!(sheet_ref("Tasks"), "'Tasks'");
        assert_eq!(sheet_ref("L'équipe"), "'L''équipe'");
    }
}
