//! Reads the answers of a filled-in questionnaire workbook ([`super::questionnaire`]) into
//! a plan. Every answer goes through the checks a typed answer goes through (the
//! question's own checks and [`Plan::set`]), so what is accepted here is accepted
//! everywhere else. Each problem names its cell (`Questions!D14`) and question. Nothing
//! is read from or written to files here: the caller passes the bytes in.

use super::questionnaire::{ANSWER_COL, FIRST_ROW, ID_COL, ID_ROW, LANG_ROW, VERSION_ROW, choices};
use crate::base::diag::{Diagnostic, Problem, args, has_errors};
use crate::base::key;
use crate::base::lang::Lang;
use crate::base::strings::Strings;
use crate::core::answer::{Answer, Level};
use crate::core::plan::Plan;
use crate::core::questionnaire::{Kind, Question, Questionnaire};
use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rust_xlsxwriter::utility::row_col_to_cell;
use std::io::Cursor;

/// A questionnaire workbook as read: its questions sheet and what that sheet says of
/// itself.
pub struct Book {
    origin: String,
    sheet: String,
    range: calamine::Range<Data>,
    questionnaire: String,
}

/// Opens the workbook and finds its questions sheet: the first sheet with text (the
/// questionnaire id) in A1 and a language code in A3.
pub fn open(bytes: &[u8], origin: &str) -> Result<Book, Vec<Problem>> {
    let whole = |key: &'static str, values: &[(&'static str, &str)]| {
        vec![Problem::error(key, args(values)).in_file(origin)]
    };
    let mut book: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(bytes)).map_err(|e: calamine::XlsxError| {
            whole(key::xlsx::import::UNREADABLE, &[("error", &e.to_string())])
        })?;
    for name in book.sheet_names() {
        let Ok(range) = book.worksheet_range(&name) else {
            continue;
        };
        let text = |row| match range.get_value((row, u32::from(ID_COL))) {
            Some(Data::String(t)) => t.trim().to_string(),
            _ => String::new(),
        };
        let id = text(ID_ROW);
        if !id.is_empty() && Lang::from_code(&text(LANG_ROW)).is_some() {
            return Ok(Book {
                origin: origin.to_string(),
                questionnaire: id,
                sheet: name,
                range,
            });
        }
    }
    Err(whole(key::xlsx::import::NO_QUESTIONS, &[]))
}

impl Book {
    /// The id of the questionnaire the workbook answers.
    pub fn questionnaire(&self) -> &str {
        &self.questionnaire
    }

    /// The language its questions and choices are written in; `None` when the cell is
    /// empty or names no language hostplan speaks.
    pub fn lang(&self) -> Option<Lang> {
        match self.sheet().cell(LANG_ROW, ID_COL) {
            Data::String(code) => Lang::from_code(code.trim()),
            _ => None,
        }
    }

    /// A problem with the workbook as a whole: its questionnaire is unknown.
    pub fn unknown_questionnaire(&self) -> Vec<Problem> {
        vec![
            Problem::error(
                key::xlsx::import::UNKNOWN_QUESTIONNAIRE,
                args(&[("id", &self.questionnaire)]),
            )
            .in_file(self.origin.clone()),
        ]
    }

    /// The plan the answers make, with its warnings; or every problem found. `q` is the
    /// questionnaire in the workbook's language and `s` the catalogue in it, so choices
    /// given by their words are found.
    pub fn plan(
        &self,
        q: &Questionnaire,
        s: &Strings,
        now: DateTime<Utc>,
    ) -> Result<(Plan, Vec<Problem>), Vec<Problem>> {
        self.sheet().plan(q, s, now)
    }

    fn sheet(&self) -> Sheet<'_> {
        Sheet {
            origin: &self.origin,
            name: &self.sheet,
            range: &self.range,
        }
    }
}

/// The questions sheet being read.
struct Sheet<'a> {
    origin: &'a str,
    name: &'a str,
    range: &'a calamine::Range<Data>,
}

impl Sheet<'_> {
    /// A problem placed at a cell of this sheet, about question `id`.
    fn at(&self, d: Diagnostic, row: u32, col: u16, id: Option<&str>) -> Problem {
        let cell = row_col_to_cell(row, col);
        d.in_file(format!("{}: {}!{cell}", self.origin, self.name))
            .about(id)
    }

    fn cell(&self, row: u32, col: u16) -> &Data {
        self.range
            .get_value((row, u32::from(col)))
            .unwrap_or(&Data::Empty)
    }

    fn plan(
        &self,
        q: &Questionnaire,
        s: &Strings,
        now: DateTime<Utc>,
    ) -> Result<(Plan, Vec<Problem>), Vec<Problem>> {
        let mut plan = Plan::new(q, now);
        let mut problems = Vec::new();
        if let Data::String(found) = self.cell(VERSION_ROW, ID_COL)
            && found.trim() != q.version
        {
            let d = Diagnostic::warning(
                key::xlsx::import::OLD_VERSION,
                args(&[("found", found.trim()), ("known", &q.version)]),
            );
            problems.push(self.at(d, VERSION_ROW, ID_COL, None));
        }
        // Each id's first row; a map, as a workbook may hold many rows.
        let mut seen: std::collections::HashMap<String, u32> = Default::default();
        let last = self.range.end().map_or(0, |(row, _)| row);
        for row in FIRST_ROW..=last {
            let id = match self.cell(row, ID_COL) {
                Data::String(id) if !id.trim().is_empty() => id.trim().to_string(),
                _ => continue,
            };
            if let Some(first) = seen.get(&id) {
                let d = Diagnostic::error(
                    key::xlsx::import::TWICE,
                    args(&[("id", &id), ("row", &(first + 1).to_string())]),
                );
                problems.push(self.at(d, row, ID_COL, Some(&id)));
                continue;
            }
            seen.insert(id.clone(), row);
            let cell = self.cell(row, ANSWER_COL);
            let answer = match q.question(&id) {
                Some(question) => answer_of(question, cell, s),
                // Plan::set words an unknown id; an empty row of one says nothing.
                None => Ok(text_of(cell).map(Answer::Text)),
            };
            let placed = |d| self.at(d, row, ANSWER_COL, Some(&id));
            match answer {
                Ok(Some(a)) => {
                    if let Err(d) = plan.set(q, &id, a, now) {
                        problems.push(placed(d));
                    }
                }
                Ok(None) => {}
                Err(d) => problems.push(placed(d)),
            }
        }
        if has_errors(&problems) {
            return Err(problems);
        }
        Ok((plan, problems))
    }
}

/// The answer a cell gives to `question`; `None` for an empty cell.
pub fn answer_of(
    question: &Question,
    cell: &Data,
    s: &Strings,
) -> Result<Option<Answer>, Diagnostic> {
    let answer = match cell {
        Data::Empty => return Ok(None),
        Data::String(t) if t.trim().is_empty() => return Ok(None),
        Data::Error(e) => {
            return Err(Diagnostic::error(
                key::xlsx::import::CELL_ERROR,
                args(&[("error", &e.to_string())]),
            ));
        }
        Data::String(t) => from_text(question, t, s)?,
        Data::DateTime(dt) => match (question.kind, dt.as_datetime()) {
            (Kind::Date, Some(at)) => Answer::Date(at.date()),
            (Kind::Integer | Kind::Decimal, _) => from_number(question, dt.as_f64(), s)?,
            (_, Some(at)) => from_text(question, &at.date().format("%Y-%m-%d").to_string(), s)?,
            (_, None) => from_number(question, dt.as_f64(), s)?,
        },
        Data::DateTimeIso(t) => match (question.kind, t.get(..10).and_then(iso_date)) {
            (Kind::Date, Some(d)) => Answer::Date(d),
            _ => from_text(question, t, s)?,
        },
        Data::Float(x) => from_number(question, *x, s)?,
        Data::Int(n) => from_number(question, *n as f64, s)?,
        Data::Bool(b) => from_text(question, &b.to_string(), s)?,
        Data::DurationIso(t) => from_text(question, t, s)?,
    };
    Ok(Some(answer))
}

/// The text of a cell, whatever it holds; `None` when empty.
fn text_of(cell: &Data) -> Option<String> {
    let text = match cell {
        Data::Float(x) => number_text(*x),
        other => other.to_string(),
    };
    (!text.trim().is_empty()).then_some(text)
}

fn iso_date(t: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(t, "%Y-%m-%d").ok()
}

/// A number as a person wrote it: no `.0` on a whole number.
fn number_text(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        x.to_string()
    }
}

fn from_number(question: &Question, x: f64, s: &Strings) -> Result<Answer, Diagnostic> {
    match question.kind {
        Kind::Integer if x.fract() == 0.0 && x.abs() < 9e15 => Ok(Answer::Integer(x as i64)),
        Kind::Decimal if x.is_finite() => Ok(Answer::Decimal(x)),
        // A date cell some spreadsheet stored without its date format: a day count.
        Kind::Date => match NaiveDate::from_ymd_opt(1899, 12, 30)
            .zip(Duration::try_days(x.floor() as i64))
            .and_then(|(epoch, days)| epoch.checked_add_signed(days))
        {
            Some(day) => Ok(Answer::Date(day)),
            None => question.parse_input(&number_text(x)),
        },
        _ => from_text(question, &number_text(x), s),
    }
}

/// An answer typed as text, read as the wizard reads it; choices may be given by their
/// words (in the workbook's language) or their ids.
fn from_text(question: &Question, text: &str, s: &Strings) -> Result<Answer, Diagnostic> {
    let t = text.trim();
    match question.kind {
        Kind::Date => Err(Diagnostic::error(
            key::xlsx::import::DATE_AS_TEXT,
            args(&[("got", t)]),
        )),
        Kind::SingleChoice | Kind::YesPartlyNo => {
            let id = choice_id(question, t, s)?;
            question.parse_input(&id)
        }
        Kind::MultiChoice => {
            let mut ids = Vec::new();
            for part in t
                .split([';', '؛', '\n'])
                .map(str::trim)
                .filter(|p| !p.is_empty())
            {
                match choice_id(question, part, s) {
                    Ok(id) => ids.push(id),
                    // Several given with commas, as the TOML plan writes them.
                    Err(e) => {
                        for piece in part
                            .split([',', '،'])
                            .map(str::trim)
                            .filter(|p| !p.is_empty())
                        {
                            ids.push(choice_id(question, piece, s).map_err(|_| e.clone())?);
                        }
                    }
                }
            }
            question.parse_input(&ids.join(","))
        }
        _ => question.parse_input(t),
    }
}

/// The id of the choice `t` names, by its words or its id, ignoring case.
fn choice_id(question: &Question, t: &str, s: &Strings) -> Result<String, Diagnostic> {
    let ids: Vec<String> = match question.kind {
        Kind::YesPartlyNo => Level::ALL.iter().map(|l| l.name().to_string()).collect(),
        _ => question.options.iter().map(|o| o.id.clone()).collect(),
    };
    let words = choices(question, s);
    let same = |a: &str| a.trim().to_lowercase() == t.to_lowercase();
    ids.iter()
        .zip(&words)
        .find(|(id, word)| same(id) || same(word))
        .map(|(id, _)| id.clone())
        .ok_or_else(|| {
            Diagnostic::error(
                key::xlsx::import::NOT_A_CHOICE,
                args(&[("got", t), ("choices", &words.join("; "))]),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::lang::Lang;
    use crate::core::builtin::Catalog;

    fn read(id: &str, cell: Data) -> Result<Option<Answer>, Diagnostic> {
        let cat = Catalog::builtin().unwrap();
        let q = cat.get("primero").unwrap();
        answer_of(q.question(id).unwrap(), &cell, Strings::shipped(Lang::En))
    }

    fn text(t: &str) -> Data {
        Data::String(t.to_string())
    }

    #[test]
    fn numbers_are_read_by_the_kind_of_their_question() {
        assert_eq!(
            read("duration_years", Data::Float(5.0)),
            Ok(Some(Answer::Integer(5)))
        );
        assert_eq!(
            read("duration_years", Data::Int(5)),
            Ok(Some(Answer::Integer(5)))
        );
        assert_eq!(
            read("duration_years", text(" 5 ")),
            Ok(Some(Answer::Integer(5)))
        );
        assert!(read("duration_years", Data::Float(2.5)).is_err());
        // A spreadsheet turns a typed 2027 into a number; the text question gets it back.
        assert_eq!(
            read("country", Data::Float(2027.0)),
            Ok(Some(Answer::Text("2027".into())))
        );
    }

    #[test]
    fn choices_are_found_by_their_words_or_ids_in_any_case() {
        assert_eq!(
            read("dpia_done", text("PARTLY")),
            Ok(Some(Answer::Level(Level::Partly)))
        );
        let both = Some(Answer::Choices(vec!["laptop".into(), "tablet".into()]));
        assert_eq!(
            read("device_types", text("Laptops; tablets")),
            Ok(both.clone())
        );
        assert_eq!(read("device_types", text("laptop, Tablets")), Ok(both));
        let wrong = read("device_types", text("Laptops; Pagers")).unwrap_err();
        assert_eq!(wrong.key(), key::xlsx::import::NOT_A_CHOICE);
        assert_eq!(wrong.arg("got"), Some("Pagers"));
    }

    #[test]
    fn a_date_must_be_a_date_cell_or_a_day_count() {
        let day = NaiveDate::from_ymd_opt(2027, 3, 15).unwrap();
        // 46461 days after 30 December 1899, as spreadsheets count.
        assert_eq!(
            read("start_date", Data::Float(46461.0)),
            Ok(Some(Answer::Date(day)))
        );
        assert_eq!(
            read(
                "start_date",
                Data::DateTimeIso("2027-03-15T00:00:00".into())
            ),
            Ok(Some(Answer::Date(day)))
        );
        let refused = read("start_date", text("2027-03-15")).unwrap_err();
        assert_eq!(refused.key(), key::xlsx::import::DATE_AS_TEXT);
        // Far outside any calendar: refused, not a panic.
        assert!(read("start_date", Data::Float(1e300)).is_err());
    }

    #[test]
    fn empty_cells_give_no_answer_and_error_cells_a_problem() {
        assert_eq!(read("country", Data::Empty), Ok(None));
        assert_eq!(read("country", text("  ")), Ok(None));
        let e = read("country", Data::Error(calamine::CellErrorType::NA)).unwrap_err();
        assert_eq!(e.key(), key::xlsx::import::CELL_ERROR);
    }

    #[test]
    fn bytes_that_are_no_workbook_are_one_problem() {
        let problems = open(b"plain text", "x.xlsx").err().unwrap();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].key(), key::xlsx::import::UNREADABLE);
    }
}
