//! The workbooks read back as a spreadsheet reads them (calamine): the demo's work plan
//! with every task dated, the Gantt's conditional format, the matrix and the checklists;
//! the questionnaire workbook filled in cell by cell with the demo's answers imports to
//! the demo plan, and wrong answers are refused at their cells.

use crate::common::bin;
use calamine::{Data, DataType, Range, Reader, SheetVisible, Xlsx, open_workbook_from_rs};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use hostplan::base::diag::Source;
use hostplan::base::key;
use hostplan::base::lang::Lang;
use hostplan::base::strings::Strings;
use hostplan::core::answer::{Answer, Level};
use hostplan::core::builtin::{Catalog, DEMO_PLAN, demo_origin};
use hostplan::core::model::{Companions, Model};
use hostplan::core::plan::{Completeness, Plan};
use hostplan::core::questionnaire::{Kind, Question, Questionnaire};
use hostplan::export;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::io::{Cursor, Read};
use std::path::Path;

/// 2026-09-21 14:13:20 UTC, as SOURCE_DATE_EPOCH gives it to the binary.
const EPOCH: i64 = 1_790_000_000;

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(EPOCH, 0).unwrap()
}

fn shipped() -> Questionnaire {
    Catalog::builtin().unwrap().get("primero").unwrap().clone()
}

fn demo_plan(q: &Questionnaire) -> Plan {
    Plan::parse(
        Source::new(demo_origin(), DEMO_PLAN),
        |id| (id == q.id).then_some(q),
        Completeness::Complete,
    )
    .unwrap()
    .0
}

fn book(bytes: &[u8]) -> Xlsx<Cursor<&[u8]>> {
    open_workbook_from_rs(Cursor::new(bytes)).unwrap()
}

fn sheet(bytes: &[u8], key: &str) -> Range<Data> {
    let name = Strings::shipped(Lang::En).get(key);
    book(bytes).worksheet_range(name).unwrap()
}

/// The cell at (row, col), empty when outside the sheet's cells.
fn at(range: &Range<Data>, row: usize, col: usize) -> Data {
    range
        .get_value((row as u32, col as u32))
        .cloned()
        .unwrap_or(Data::Empty)
}

fn date_of(cell: &Data) -> NaiveDate {
    match cell {
        Data::DateTime(d) => d.as_datetime().unwrap().date(),
        other => panic!("not a date cell: {other:?}"),
    }
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// The XML of every worksheet in the workbook, in sheet order.
fn sheets_xml(bytes: &[u8]) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut names: Vec<String> = zip
        .file_names()
        .map(|n| n.unwrap().to_string())
        .filter(|n| n.starts_with("xl/worksheets/sheet"))
        .collect();
    // sheet1.xml, sheet2.xml...: fewer than ten here, so text order is sheet order.
    names.sort();
    names
        .into_iter()
        .map(|n| {
            let mut xml = String::new();
            zip.by_name(&n).unwrap().read_to_string(&mut xml).unwrap();
            (n, xml)
        })
        .collect()
}

fn export_demo(dir: &Path) -> Vec<u8> {
    let path = dir.join("plan.xlsx");
    let out = bin()
        .args(["export", "--demo", "--xlsx"])
        .arg(&path)
        .env("SOURCE_DATE_EPOCH", EPOCH.to_string())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read(&path).unwrap()
}

#[test]
fn the_demo_work_plan_reads_back_with_dated_tasks_the_matrix_and_the_checklists() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = export_demo(dir.path());
    let q = shipped();
    let plan = demo_plan(&q);
    let model = Model::load(q, &Companions::builtin()).unwrap().0;
    let s = Strings::shipped(Lang::En);
    let names = book(&bytes).sheet_names();
    let expected: Vec<&str> = [
        key::xlsx::sheet::COVER,
        key::xlsx::sheet::TASKS,
        key::xlsx::sheet::GANTT,
        key::xlsx::sheet::MILESTONES,
        key::xlsx::sheet::MATRIX,
        key::xlsx::sheet::CHECKLISTS,
    ]
    .iter()
    .map(|k| s.get(k))
    .collect();
    assert_eq!(names, expected);
    export::with_context(&model, &plan, now(), demo_origin(), |ctx| {
        let a = ctx.analysis;
        // Tasks: one row per task, found by id, with real dates and working days.
        let tasks = sheet(&bytes, key::xlsx::sheet::TASKS);
        assert_eq!(text(&at(&tasks, 0, 4)), s.get(key::xlsx::tasks::START));
        let all: Vec<_> = a.work_plan.tasks().collect();
        assert!(all.len() > 10);
        assert_eq!(tasks.height(), all.len() + 1);
        for task in &all {
            let row = (1..tasks.height())
                .find(|r| text(&at(&tasks, *r, 1)) == task.id)
                .unwrap_or_else(|| panic!("no row for task {}", task.id));
            assert_eq!(text(&at(&tasks, row, 2)), task.title);
            assert_eq!(text(&at(&tasks, row, 3)), a.task_owner(task));
            assert_eq!(date_of(&at(&tasks, row, 4)), task.start, "{}", task.id);
            assert_eq!(date_of(&at(&tasks, row, 5)), task.end, "{}", task.id);
            assert_eq!(at(&tasks, row, 6).as_f64(), Some(f64::from(task.days)));
            assert_eq!(text(&at(&tasks, row, 7)), task.after.join(", "));
            assert_eq!(at(&tasks, row, 8), Data::Empty, "status is left to fill");
        }
        // Milestones, dated.
        let milestones = sheet(&bytes, key::xlsx::sheet::MILESTONES);
        let ms: Vec<_> = a.work_plan.milestones().collect();
        assert!(!ms.is_empty());
        for (i, m) in ms.iter().enumerate() {
            assert_eq!(text(&at(&milestones, i + 1, 0)), m.title);
            assert_eq!(date_of(&at(&milestones, i + 1, 2)), m.start);
        }
        // Gantt: the dates follow the Tasks sheet through formulas; weeks are dates.
        let gantt = sheet(&bytes, key::xlsx::sheet::GANTT);
        assert_eq!(date_of(&at(&gantt, 0, 3)).weekday(), chrono::Weekday::Mon);
        assert_eq!(text(&at(&gantt, 1, 0)), all[0].title);
        assert_eq!(date_of(&at(&gantt, 1, 1)), all[0].start);
        // The matrix: every activity, with the letters of every party.
        let matrix = sheet(&bytes, key::xlsx::sheet::MATRIX);
        let m = &a.matrix;
        let parties = m.parties_in_rows(a.option);
        for activity in m.rows(a.option) {
            let row = (1..matrix.height())
                .find(|r| text(&at(&matrix, *r, 1)) == activity.title)
                .unwrap_or_else(|| panic!("no row for {}", activity.id));
            for (i, p) in parties.iter().enumerate() {
                assert_eq!(
                    text(&at(&matrix, row, 2 + i)),
                    m.letters(&activity.id, a.option, &p.id)
                );
            }
        }
        // The checklists: every item, with Done, Date and Initials empty.
        let lists = sheet(&bytes, key::xlsx::sheet::CHECKLISTS);
        assert_eq!(
            text(&at(&lists, 0, 10)),
            s.get(key::xlsx::checklists::INITIALS)
        );
        let mut count = 0;
        for (list, entries) in model.checklists.entries(&a.checklists) {
            for e in entries {
                count += 1;
                assert_eq!(text(&at(&lists, count, 0)), list.title);
                assert_eq!(text(&at(&lists, count, 2)), e.item.title);
                if let Some(due) = e.due {
                    assert_eq!(date_of(&at(&lists, count, 5)), due);
                }
                for col in 8..=10 {
                    assert!(text(&at(&lists, count, col)).is_empty());
                }
            }
        }
        assert!(count > 20);
        // The cover carries the plan version.
        let cover = sheet(&bytes, key::xlsx::sheet::COVER);
        let (_, hash) = hostplan::export::pdf::plan_version(&plan);
        let cover_text: Vec<String> = cover.rows().flatten().map(text).collect();
        assert!(
            cover_text.iter().any(|t| t.contains(&hash)),
            "{cover_text:?}"
        );
    });
    // The Gantt bars are conditional formats, so edited dates move them.
    let xml = sheets_xml(&bytes);
    let gantt_xml = &xml[2].1;
    assert!(
        gantt_xml.contains("<conditionalFormatting"),
        "{gantt_xml:.400}"
    );
    assert!(gantt_xml.contains("AND(D$1&lt;=$C2,D$1+6&gt;=$B2)"));
    assert!(gantt_xml.contains("<f>'Tasks'!E2</f>"));
}

#[test]
fn the_work_plan_workbook_is_the_same_for_the_same_plan_and_time() {
    let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    assert_eq!(export_demo(one.path()), export_demo(two.path()));
}

// --- The questionnaire workbook -----------------------------------------------------

fn new_questionnaire(dir: &Path, lang: &str) -> Vec<u8> {
    let path = dir.join(format!("questions-{lang}.xlsx"));
    let out = bin()
        .args(["--lang", lang, "plan", "new", "--xlsx"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read(&path).unwrap()
}

/// The questions sheet: its name and cells.
fn questions_sheet(bytes: &[u8]) -> (String, Range<Data>) {
    let mut b = book(bytes);
    let name = b.sheet_names()[0].clone();
    let range = b.worksheet_range(&name).unwrap();
    (name, range)
}

/// Where each question's row is, by the id in column A.
fn row_of(range: &Range<Data>, id: &str) -> usize {
    (0..range.height())
        .find(|r| text(&at(range, *r, 0)) == id)
        .unwrap_or_else(|| panic!("no row for {id}"))
}

/// A cell to write into the copy.
enum Cell {
    Text(String),
    Number(f64),
    Date(NaiveDate),
}

/// The workbook copied cell by cell, as a person's spreadsheet would save it, with the
/// answers put in the Answer column (D) of their questions' rows.
fn filled(bytes: &[u8], answers: &[(String, Cell)]) -> Vec<u8> {
    filled_with(bytes, answers, &[])
}

/// [`filled`], with texts written over cells of the questions sheet: (row, column, text).
fn filled_with(bytes: &[u8], answers: &[(String, Cell)], over: &[(u32, u16, &str)]) -> Vec<u8> {
    let mut source = book(bytes);
    let (_, questions) = questions_sheet(bytes);
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let mut out = Workbook::new();
    for (i, name) in source.sheet_names().iter().enumerate() {
        let range = source.worksheet_range(name).unwrap();
        let ws = out.add_worksheet();
        ws.set_name(name).unwrap();
        for (row, col, cell) in range.used_cells() {
            let (r, c) = ((row as u32), (col as u16));
            match cell {
                Data::String(s) => ws.write_string(r, c, s).unwrap(),
                Data::Float(x) => ws.write_number(r, c, *x).unwrap(),
                Data::Int(n) => ws.write_number(r, c, *n as f64).unwrap(),
                other => panic!("unexpected cell {other:?}"),
            };
        }
        if i > 0 {
            continue;
        }
        for (id, cell) in answers {
            let r = row_of(&questions, id) as u32;
            match cell {
                Cell::Text(t) => ws.write_string(r, 3, t).unwrap(),
                Cell::Number(x) => ws.write_number(r, 3, *x).unwrap(),
                Cell::Date(d) => {
                    let day = ExcelDateTime::from_ymd(
                        d.format("%Y").to_string().parse().unwrap(),
                        d.format("%m").to_string().parse().unwrap(),
                        d.format("%d").to_string().parse().unwrap(),
                    )
                    .unwrap();
                    ws.write_date_with_format(r, 3, &day, &date).unwrap()
                }
            };
        }
        for (r, c, t) in over {
            ws.write_string(*r, *c, *t).unwrap();
        }
    }
    out.save_to_buffer().unwrap()
}

/// An answer as a person enters it in the workbook: choices by their words.
fn cell_for(question: &Question, answer: &Answer, s: &Strings) -> Cell {
    let label = |id: &str| question.option(id).unwrap().label.clone();
    match answer {
        Answer::Choice(id) => Cell::Text(label(id)),
        Answer::Choices(ids) => {
            Cell::Text(ids.iter().map(|i| label(i)).collect::<Vec<_>>().join("; "))
        }
        Answer::Level(l) => Cell::Text(s.keyed(key::common::level::PREFIX, l.name())),
        Answer::Integer(n) => Cell::Number(*n as f64),
        Answer::Decimal(x) => Cell::Number(*x),
        Answer::Text(t) => Cell::Text(t.clone()),
        Answer::Date(d) => Cell::Date(*d),
    }
}

fn import(dir: &Path, book: &[u8], extra: &[&str]) -> (std::process::Output, std::path::PathBuf) {
    let workbook = dir.join("answers.xlsx");
    std::fs::write(&workbook, book).unwrap();
    let plan = dir.join("plan.toml");
    let out = bin()
        .args(["plan", "import"])
        .arg(&workbook)
        .arg(&plan)
        .args(extra)
        .output()
        .unwrap();
    (out, plan)
}

fn demo_cells(q: &Questionnaire, s: &Strings) -> Vec<(String, Cell)> {
    demo_plan(q)
        .answers
        .iter()
        .map(|(id, a)| (id.clone(), cell_for(q.question(id).unwrap(), a, s)))
        .collect()
}

fn plan_at(q: &Questionnaire, path: &Path) -> Plan {
    let text = std::fs::read_to_string(path).unwrap();
    Plan::parse(
        Source::new("imported", &text),
        |id| (id == q.id).then_some(q),
        Completeness::Partial,
    )
    .unwrap_or_else(|p| panic!("{p:#?}"))
    .0
}

#[test]
fn the_questionnaire_workbook_has_a_row_a_list_or_a_rule_for_every_question() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = new_questionnaire(dir.path(), "en");
    let q = shipped();
    let (name, range) = questions_sheet(&bytes);
    assert_eq!(name, "Questions");
    assert_eq!(text(&at(&range, 0, 0)), "primero");
    assert_eq!(text(&at(&range, 1, 0)), q.version);
    for question in q.questions() {
        let row = row_of(&range, &question.id);
        assert_eq!(text(&at(&range, row, 2)), question.prompt);
        assert_eq!(at(&range, row, 3), Data::Empty, "{}", question.id);
        assert_eq!(text(&at(&range, row, 5)), question.help);
    }
    // The choices sit on a hidden sheet that the drop-down lists refer to.
    let meta = book(&bytes).sheets_metadata().to_vec();
    assert_eq!(meta[1].visible, SheetVisible::Hidden);
    let xml = sheets_xml(&bytes);
    let questions_xml = &xml[0].1;
    let lists = questions_xml.matches("type=\"list\"").count();
    let choice = q
        .questions()
        .filter(|x| matches!(x.kind, Kind::SingleChoice | Kind::YesPartlyNo))
        .count();
    assert_eq!(lists, choice);
    assert!(questions_xml.contains("<formula1>'Choices'!$B$1:$B$"));
    let dates = q.questions().filter(|x| x.kind == Kind::Date).count();
    assert!(dates > 0);
    assert_eq!(questions_xml.matches("type=\"date\"").count(), dates);
    assert!(questions_xml.contains("type=\"whole\""));
}

#[test]
fn the_demo_answers_entered_in_the_workbook_import_as_the_demo_plan() {
    for lang in ["en", "fr"] {
        let dir = tempfile::tempdir().unwrap();
        let blank = new_questionnaire(dir.path(), lang);
        let lang_of = Lang::from_code(lang).unwrap();
        let cat = hostplan::session::catalog::catalog(None, lang_of).unwrap();
        let q = cat.get("primero").unwrap().clone();
        let s = Strings::shipped(lang_of);
        let bytes = filled(&blank, &demo_cells(&q, s));
        let (out, plan) = import(dir.path(), &bytes, &[]);
        assert!(
            out.status.success(),
            "{lang}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let imported = plan_at(&q, &plan);
        assert_eq!(imported.answers, demo_plan(&q).answers, "{lang}");
        assert_eq!(imported.questionnaire_version, q.version);
    }
}

#[test]
fn a_wrong_choice_a_date_as_text_and_a_number_out_of_bounds_are_three_located_errors() {
    let dir = tempfile::tempdir().unwrap();
    let blank = new_questionnaire(dir.path(), "en");
    let q = shipped();
    let s = Strings::shipped(Lang::En);
    let choice = q
        .questions()
        .find(|x| x.kind == Kind::SingleChoice)
        .unwrap();
    let date = q.questions().find(|x| x.kind == Kind::Date).unwrap();
    let number = q
        .questions()
        .find(|x| x.kind == Kind::Integer && x.max.is_some())
        .unwrap();
    let Some(hostplan::core::questionnaire::Bound::Number(max)) = number.max else {
        panic!("a number bound")
    };
    let mut cells = demo_cells(&q, s);
    cells.retain(|(id, _)| ![&choice.id, &date.id, &number.id].contains(&id));
    cells.push((choice.id.clone(), Cell::Text("Carrier pigeon".into())));
    cells.push((date.id.clone(), Cell::Text("15/03/2027".into())));
    cells.push((number.id.clone(), Cell::Number(max + 1.0)));
    let bytes = filled(&blank, &cells);
    let (_, range) = questions_sheet(&bytes);
    let (out, plan) = import(dir.path(), &bytes, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!plan.exists(), "nothing is written");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains(": error [")).collect();
    assert_eq!(errors.len(), 3, "{stderr}");
    for (question, words) in [
        (choice, "Carrier pigeon"),
        (date, "is text, not a date"),
        (number, "above the maximum"),
    ] {
        let cell = format!("Questions!D{}", row_of(&range, &question.id) + 1);
        let line = errors
            .iter()
            .find(|l| l.contains(&format!("[{}]", question.id)))
            .unwrap_or_else(|| panic!("no error for {}: {stderr}", question.id));
        assert!(
            line.contains(&format!("answers.xlsx: {cell}: error")),
            "{line}"
        );
        assert!(line.contains(words), "{line}");
    }
}

#[test]
fn another_version_is_a_warning_and_a_question_given_twice_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let blank = new_questionnaire(dir.path(), "en");
    let q = shipped();
    let cells = demo_cells(&q, Strings::shipped(Lang::En));
    let older = filled_with(&blank, &cells, &[(1, 0, "0.9.0")]);
    let (out, plan) = import(dir.path(), &older, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("answers.xlsx: Questions!A2: warning:") && stderr.contains("0.9.0"),
        "{stderr}"
    );
    assert_eq!(plan_at(&q, &plan).answers, demo_plan(&q).answers);
    std::fs::remove_file(&plan).unwrap();
    let (_, range) = questions_sheet(&blank);
    let extra = range.height() as u32 + 2;
    let twice = filled_with(
        &blank,
        &cells,
        &[(extra, 0, "country"), (extra, 3, "Elsewhere")],
    );
    let (out, plan) = import(dir.path(), &twice, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!plan.exists());
    let first = row_of(&range, "country") + 1;
    let line = format!("Questions!A{}: error [country]: ", extra + 1);
    assert!(stderr.contains(&line), "{stderr}");
    assert!(stderr.contains(&format!("row {first}")), "{stderr}");
}

#[test]
fn an_existing_plan_is_replaced_only_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let blank = new_questionnaire(dir.path(), "en");
    let q = shipped();
    let s = Strings::shipped(Lang::En);
    let bytes = filled(&blank, &demo_cells(&q, s));
    std::fs::write(dir.path().join("plan.toml"), "# mine\n").unwrap();
    let (out, plan) = import(dir.path(), &bytes, &[]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), "# mine\n");
    let (out, plan) = import(dir.path(), &bytes, &["--force"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(plan_at(&q, &plan).answers, demo_plan(&q).answers);
    let backup = dir.path().join("plan.toml.bak");
    assert_eq!(std::fs::read_to_string(backup).unwrap(), "# mine\n");
}

#[test]
fn a_workbook_that_is_no_questionnaire_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (out, plan) = import(dir.path(), b"not a workbook", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!plan.exists());
    let work_plan = export_demo(dir.path());
    let (out, _) = import(dir.path(), &work_plan, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("no sheet of this workbook"), "{stderr}");
}

/// Keeps `Level` in use: the demo answers some yes/partly/no questions.
#[test]
fn the_demo_has_answers_of_every_kind_the_workbook_takes() {
    let q = shipped();
    let plan = demo_plan(&q);
    let has = |f: &dyn Fn(&Answer) -> bool| plan.answers.values().any(f);
    assert!(has(&|a| matches!(
        a,
        Answer::Level(Level::Yes | Level::Partly | Level::No)
    )));
    assert!(has(&|a| matches!(a, Answer::Choices(_))));
    assert!(has(&|a| matches!(a, Answer::Date(_))));
    assert!(has(&|a| matches!(a, Answer::Integer(_))));
}

/// A sort or filter through the questionnaire's filter moves each question's hidden id
/// with its answer, so the filter starts at the id column.
#[test]
fn the_questionnaire_filter_keeps_each_id_with_its_answer() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = new_questionnaire(dir.path(), "en");
    let (_, xml) = &sheets_xml(&bytes)[0];
    let at = xml
        .find("<autoFilter ref=\"")
        .expect("a filter on the questions");
    let range = &xml[at + 17..];
    assert!(
        range.starts_with('A'),
        "the filter leaves the ids out: {}",
        &range[..12]
    );
}
