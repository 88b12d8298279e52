//! The questionnaire as a workbook to fill in before the workshop: one row per question
//! with its section, prompt, help, unit, bounds and the answers that make it asked, and an
//! Answer column whose cells only take what the question takes (choices from a drop-down
//! list, dates, numbers within bounds). [`super::import`] reads it back.
//!
//! The question sheet carries what the import needs: the questionnaire id in A1, its
//! version in A2, the language of its texts in A3 (choices are written in words of that
//! language), and each row's question id in column A (hidden). Rows are found by id,
//! never by place, so a sorted or filtered sheet still imports.

use super::{Formats, direction, excel_date, header, sheet_name, sheet_ref};
use crate::base::formats::human_decimal;
use crate::base::key;
use crate::base::lang::Lang;
use crate::base::strings::Strings;
use crate::core::answer::Level;
use crate::core::questionnaire::{Bound, Kind, Question, Questionnaire};
use chrono::NaiveDate;
use rust_xlsxwriter::{
    DataValidation, DataValidationRule, Format, FormatAlign, Formula, Workbook, Worksheet,
    XlsxError, utility::column_number_to_name,
};

/// The place of the questionnaire id, its version, the language of its texts, the header
/// and the first question.
pub const ID_ROW: u32 = 0;
pub const VERSION_ROW: u32 = 1;
pub const LANG_ROW: u32 = 2;
pub const HEADER_ROW: u32 = 3;
pub const FIRST_ROW: u32 = 4;
/// The column of question ids and of answers.
pub const ID_COL: u16 = 0;
pub const ANSWER_COL: u16 = 3;

/// The workbook's bytes. Nothing is written anywhere.
/// `q` and `s` are in `lang`.
pub fn render(q: &Questionnaire, s: &Strings, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    let lists_name = sheet_name(s, key::xlsx::sheet::LISTS);
    let choices = choice_lists(q, s);
    let ws = wb.add_worksheet();
    questions(ws, q, s, &f, &lists_name, &choices)?;
    ws.write_string(LANG_ROW, ID_COL, lang.code())?;
    lists(wb.add_worksheet(), &lists_name, &choices)?;
    wb.save_to_buffer()
}

/// The words a question's answer is picked from, for the questions answered from a list.
pub fn choices(question: &Question, s: &Strings) -> Vec<String> {
    match question.kind {
        Kind::SingleChoice | Kind::MultiChoice => {
            question.options.iter().map(|o| o.label.clone()).collect()
        }
        Kind::YesPartlyNo => Level::ALL
            .iter()
            .map(|l| s.keyed(key::common::level::PREFIX, l.name()))
            .collect(),
        _ => Vec::new(),
    }
}

/// Each question with a drop-down list, and its list, in questionnaire order: column
/// `i + 1` of the hidden sheet holds list `i` (column A stays empty, so the import never
/// takes that sheet for the questions). A multi-choice question has none (a cell of a
/// list takes one choice), and says in its help how to give several.
fn choice_lists<'q>(q: &'q Questionnaire, s: &Strings) -> Vec<(&'q str, Vec<String>)> {
    q.questions()
        .filter(|question| matches!(question.kind, Kind::SingleChoice | Kind::YesPartlyNo))
        .map(|question| (question.id.as_str(), choices(question, s)))
        .collect()
}

fn lists(ws: &mut Worksheet, name: &str, choices: &[(&str, Vec<String>)]) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    for (col, (_, words)) in choices.iter().enumerate() {
        for (row, word) in words.iter().enumerate() {
            ws.write_string(row as u32, col as u16 + 1, word)?;
        }
    }
    ws.set_hidden(true);
    Ok(())
}

fn questions(
    ws: &mut Worksheet,
    q: &Questionnaire,
    s: &Strings,
    f: &Formats,
    lists_name: &str,
    choices: &[(&str, Vec<String>)],
) -> Result<(), XlsxError> {
    ws.set_name(sheet_name(s, key::xlsx::sheet::QUESTIONS))?;
    direction(ws);
    ws.write_string(ID_ROW, ID_COL, &q.id)?;
    ws.write_string(VERSION_ROW, ID_COL, &q.version)?;
    let title = s.fill(
        key::xlsx::questions::TITLE,
        &[("title", &q.title), ("version", &q.version)],
    );
    ws.write_string_with_format(ID_ROW, 1, title, &f.title)?;
    let intro = s.get(key::xlsx::questions::INTRO);
    ws.merge_range(VERSION_ROW, 1, VERSION_ROW, 9, intro, &f.wrap)?;
    ws.set_row_height(VERSION_ROW, 45)?;
    header(
        ws,
        s,
        f,
        HEADER_ROW,
        &[
            (key::xlsx::questions::column::ID, 20.0),
            (key::xlsx::questions::column::SECTION, 20.0),
            (key::xlsx::questions::column::QUESTION, 50.0),
            (key::xlsx::questions::column::ANSWER, 30.0),
            (key::xlsx::questions::column::HOW, 36.0),
            (key::xlsx::questions::column::HELP, 50.0),
            (key::xlsx::questions::column::UNIT, 10.0),
            (key::xlsx::questions::column::BOUNDS, 16.0),
            (key::xlsx::questions::column::ASKED_WHEN, 36.0),
            (key::xlsx::questions::column::REQUIRED, 10.0),
        ],
    )?;
    ws.set_column_hidden(ID_COL)?;
    let answer = Format::new()
        .set_background_color(rust_xlsxwriter::Color::RGB(0xFFF2CC))
        .set_border(rust_xlsxwriter::FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let date_answer = answer.clone().set_num_format(super::DATE_FORMAT);
    let top = f.wrap.clone().set_align(FormatAlign::Top);
    let mut row = FIRST_ROW;
    for section in &q.sections {
        for question in &section.questions {
            ws.write_string(row, ID_COL, &question.id)?;
            ws.write_string_with_format(row, 1, &section.title, &top)?;
            ws.write_string_with_format(row, 2, &question.prompt, &top)?;
            let format = if question.kind == Kind::Date {
                &date_answer
            } else {
                &answer
            };
            ws.write_blank(row, ANSWER_COL, format)?;
            ws.write_string_with_format(row, 4, how(question, s), &top)?;
            ws.write_string_with_format(row, 5, &question.help, &top)?;
            if let Some(unit) = &question.unit {
                ws.write_string_with_format(row, 6, unit, &top)?;
            }
            ws.write_string_with_format(row, 7, bounds(question, s), &top)?;
            ws.write_string_with_format(row, 8, asked_when(q, question), &top)?;
            if question.required {
                ws.write_string_with_format(row, 9, s.get(key::xlsx::questions::REQUIRED), &top)?;
            }
            let list = choices
                .iter()
                .position(|(id, _)| *id == question.id)
                .map(|col| list_range(lists_name, col, choices[col].1.len()));
            if let Some(rule) = validation(question, list)? {
                ws.add_data_validation(row, ANSWER_COL, row, ANSWER_COL, &rule)?;
            }
            row += 1;
        }
    }
    ws.set_freeze_panes(FIRST_ROW, ANSWER_COL + 1)?;
    // The filter starts at the hidden id column: a sort through it moves each id with its
    // answer, and the ids are how the import finds the questions back.
    ws.autofilter(HEADER_ROW, 0, row.saturating_sub(1).max(FIRST_ROW), 9)?;
    ws.set_active(true);
    Ok(())
}

/// `'Choices'!$C$1:$C$4`: the cells of list `col` on the hidden sheet.
fn list_range(sheet: &str, col: usize, len: usize) -> String {
    let name = column_number_to_name(col as u16 + 1);
    format!("={}!${name}$1:${name}${}", sheet_ref(sheet), len.max(1))
}

/// What a valid answer looks like; for a multi-choice question, how to give several.
fn how(question: &Question, s: &Strings) -> String {
    match question.kind {
        Kind::MultiChoice => {
            let labels = choices(question, s).join("; ");
            format!("{} {labels}", s.get(key::xlsx::questions::SEVERAL))
        }
        _ => question.expected_form(),
    }
}

/// The bounds of a number or date, in words; empty when it has none.
fn bounds(question: &Question, s: &Strings) -> String {
    let words = |b: &Bound| match b {
        Bound::Number(x) => human_decimal(*x),
        Bound::Date(d) => d.format("%Y-%m-%d").to_string(),
    };
    match (&question.min, &question.max) {
        (Some(min), Some(max)) => s.fill(
            key::xlsx::questions::BETWEEN,
            &[("min", &words(min)), ("max", &words(max))],
        ),
        (Some(min), None) => s.fill(key::xlsx::questions::AT_LEAST, &[("min", &words(min))]),
        (None, Some(max)) => s.fill(key::xlsx::questions::AT_MOST, &[("max", &words(max))]),
        (None, None) => String::new(),
    }
}

/// The answers that make the question asked, in words; empty when it is always asked.
fn asked_when(q: &Questionnaire, question: &Question) -> String {
    let is_list = |id: &str| {
        q.question(id)
            .is_some_and(|asked| asked.kind == Kind::MultiChoice)
    };
    question
        .show_if
        .as_ref()
        .map_or(String::new(), |c| c.in_words(&is_list))
}

/// The earliest date a date cell takes when the question sets none: a cell holding a
/// number before it is surely not a date meant.
fn earliest_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(1990, 1, 1).unwrap_or_default()
}

/// What the answer cell takes: a choice of the list, a date, a number within bounds.
fn validation(
    question: &Question,
    list: Option<String>,
) -> Result<Option<DataValidation>, XlsxError> {
    let rule = match question.kind {
        Kind::SingleChoice | Kind::YesPartlyNo => match list {
            Some(range) => DataValidation::new().allow_list_formula(Formula::new(range)),
            None => return Ok(None),
        },
        Kind::Date => {
            let date = |b: &Option<Bound>| match b {
                Some(Bound::Date(d)) => Some(*d),
                _ => None,
            };
            let min = excel_date(date(&question.min).unwrap_or_else(earliest_date))?;
            let rule = match date(&question.max) {
                Some(max) => DataValidationRule::Between(min, excel_date(max)?),
                None => DataValidationRule::GreaterThanOrEqualTo(min),
            };
            DataValidation::new().allow_date(rule)
        }
        Kind::Integer | Kind::Decimal => match number_rule(question) {
            Some(rule) if question.kind == Kind::Integer && fits_whole(&rule) => {
                DataValidation::new().allow_whole_number(whole(&rule))
            }
            Some(rule) => DataValidation::new().allow_decimal_number(rule),
            None if question.kind == Kind::Integer => DataValidation::new()
                .allow_whole_number(DataValidationRule::Between(i32::MIN, i32::MAX)),
            None => return Ok(None),
        },
        _ => return Ok(None),
    };
    Ok(Some(rule))
}

fn number_rule(question: &Question) -> Option<DataValidationRule<f64>> {
    let number = |b: &Option<Bound>| match b {
        Some(Bound::Number(x)) => Some(*x),
        _ => None,
    };
    match (number(&question.min), number(&question.max)) {
        (Some(min), Some(max)) => Some(DataValidationRule::Between(min, max)),
        (Some(min), None) => Some(DataValidationRule::GreaterThanOrEqualTo(min)),
        (None, Some(max)) => Some(DataValidationRule::LessThanOrEqualTo(max)),
        (None, None) => None,
    }
}

/// Whether the bounds are whole numbers a whole-number rule can hold.
fn fits_whole(rule: &DataValidationRule<f64>) -> bool {
    let ok = |x: f64| x.fract() == 0.0 && x >= f64::from(i32::MIN) && x <= f64::from(i32::MAX);
    match rule {
        DataValidationRule::Between(a, b) => ok(*a) && ok(*b),
        DataValidationRule::GreaterThanOrEqualTo(a) | DataValidationRule::LessThanOrEqualTo(a) => {
            ok(*a)
        }
        _ => false,
    }
}

/// A whole-number rule with the bounds of `rule`, which [`fits_whole`] checked.
fn whole(rule: &DataValidationRule<f64>) -> DataValidationRule<i32> {
    match rule {
        DataValidationRule::Between(a, b) => DataValidationRule::Between(*a as i32, *b as i32),
        DataValidationRule::GreaterThanOrEqualTo(a) => {
            DataValidationRule::GreaterThanOrEqualTo(*a as i32)
        }
        DataValidationRule::LessThanOrEqualTo(a) => {
            DataValidationRule::LessThanOrEqualTo(*a as i32)
        }
        _ => DataValidationRule::Between(i32::MIN, i32::MAX),
    }
}
