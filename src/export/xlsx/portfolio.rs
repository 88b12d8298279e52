//! The portfolio as a workbook: one sheet, one row per plan, with readiness and gaps as
//! numbers and the go-live day as a date, so the Primero team can sort and filter it.

use super::{Formats, excel_date, sheet_name};
use crate::base::key;
use crate::base::strings::Strings;
use crate::export::portfolio::{Entry, cells, headings};
use chrono::NaiveDate;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

/// Columns: the plan, country, organisation, chosen, recommended, readiness, gaps, main
/// server, go-live, version, complete; their widths in characters.
const WIDTHS: [f64; 11] = [
    28.0, 18.0, 28.0, 24.0, 24.0, 11.0, 7.0, 26.0, 12.0, 22.0, 10.0,
];

/// The workbook's bytes.
pub fn render(entries: &[Entry], s: &Strings) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet_name(s, key::portfolio::xlsx::SHEET))?;
    super::direction(ws);
    let f = Formats::new();
    for (col, (text, width)) in headings(s).iter().zip(WIDTHS).enumerate() {
        ws.write_string_with_format(0, col as u16, text, &f.header)?;
        ws.set_column_width(col as u16, width)?;
    }
    for (i, entry) in entries.iter().enumerate() {
        write_row(ws, (i + 1) as u32, entry, s, &f)?;
    }
    ws.set_freeze_panes(1, 1)?;
    ws.autofilter(0, 0, entries.len() as u32, (WIDTHS.len() - 1) as u16)?;
    book.save_to_buffer()
}

fn write_row(
    ws: &mut Worksheet,
    row: u32,
    entry: &Entry,
    s: &Strings,
    f: &Formats,
) -> Result<(), XlsxError> {
    let texts = cells(entry, s);
    for (col, text) in texts.iter().enumerate() {
        ws.write_string(row, col as u16, text)?;
    }
    let Entry::Row(r) = entry else {
        return Ok(());
    };
    match r.readiness {
        Some(p) => {
            let percent = Format::new().set_num_format("0%");
            ws.write_number_with_format(row, 5, p as f64 / 100.0, &percent)?;
        }
        None => {
            ws.write_blank(row, 5, &Format::new())?;
        }
    }
    ws.write_number(row, 6, r.gaps as f64)?;
    if let Ok(day) = NaiveDate::parse_from_str(&r.go_live, "%Y-%m-%d") {
        ws.write_datetime_with_format(row, 8, excel_date(day)?, &f.date)?;
    }
    Ok(())
}
