//! The Export screen: which outputs, where, and what the last export wrote or found.

use super::super::app::{App, ExportForm, ExportRow};
use super::super::keys;
use super::wrap::truncate;
use super::{hanging, main_box, paint, wrapped};
use crate::base::diag::Problem;
use crate::base::key;
use crate::export::pdf::Paper;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// Draws the export form and the last export's outcome; returns the scroll offset,
/// within the lines there are.
pub fn draw(frame: &mut Frame, app: &App, area: Rect) -> usize {
    let s = app.strings;
    let inner = main_box(
        frame,
        app,
        area,
        &s.keyed(key::wizard::screen::PREFIX, "export"),
        None,
    );
    let w = inner.width;
    let t = &app.theme;
    let form = &app.export;
    let mut lines = wrapped(s.get(key::wizard::export::INTRO), w, 0, t.base);
    lines.push(Line::from(""));
    let mut cursor = None;
    for (i, row) in ExportForm::ROWS.iter().enumerate() {
        let pointer = if i == form.row { "❯ " } else { "  " };
        let style = if i == form.row { t.selected } else { t.base };
        let tick = |on: bool| if on { "[x]" } else { "[ ]" };
        let text = match row {
            ExportRow::Pdf => format!("{} {}", tick(form.pdf), s.get(key::wizard::export::PDF)),
            ExportRow::Config => format!(
                "{} {}",
                tick(form.config),
                s.get(key::wizard::export::CONFIG)
            ),
            ExportRow::Paper => {
                let paper = match form.paper {
                    Paper::A4 => s.get(key::wizard::export::PAPER_A4),
                    Paper::Letter => s.get(key::wizard::export::PAPER_LETTER),
                };
                keys::text(s, key::wizard::export::PAPER, &[("paper", paper)])
            }
            ExportRow::Language => {
                let name = s.keyed(key::common::language::PREFIX, form.lang.code());
                keys::text(s, key::wizard::export::LANGUAGE, &[("language", &name)])
            }
            ExportRow::Folder => {
                let label = s.get(key::wizard::export::FOLDER);
                let room = usize::from(w)
                    .saturating_sub(label.chars().count() + 4)
                    .max(1);
                let (field_spans, col) = super::field_spans(t, &form.folder, room);
                cursor = Some((lines.len(), label.chars().count() + 3 + col));
                let mut spans = vec![Span::styled(format!("{pointer}{label} "), style)];
                spans.extend(field_spans);
                lines.push(Line::from(spans));
                continue;
            }
            ExportRow::Run => format!("[ {} ]", s.get(key::wizard::export::RUN)),
        };
        lines.push(Line::styled(format!("{pointer}{text}"), style));
    }
    lines.push(Line::from(""));
    if form.pdf {
        let p = form.pdf_path().display().to_string();
        lines.extend(wrapped(
            &s.fill(key::wizard::export::PDF_TO, &[("path", &p)]),
            w,
            2,
            t.dim,
        ));
    }
    if form.config {
        let p = form.config_dir().display().to_string();
        lines.extend(wrapped(
            &s.fill(key::wizard::export::CONFIG_TO, &[("path", &p)]),
            w,
            2,
            t.dim,
        ));
    }
    lines.extend(outcome(app, w));
    if app.notice.is_some() {
        lines.push(Line::from(""));
        lines.extend(super::notice_lines(app, w));
    }
    let max = lines.len().saturating_sub(usize::from(inner.height));
    let scroll = app.scroll.min(max);
    paint::lines(frame.buffer_mut(), inner, &lines[scroll..]);
    if app.export.current() == ExportRow::Folder
        && let Some(row) = cursor.and_then(|(row, col)| Some((row.checked_sub(scroll)?, col)))
        && row.0 < usize::from(inner.height)
    {
        frame.set_cursor_position((inner.x + row.1 as u16, inner.y + row.0 as u16));
    }
    scroll
}

/// What the last export found and wrote: problems first, then notes, then the files,
/// named from the export folder so each fits on a line.
fn outcome(app: &App, w: u16) -> Vec<Line<'static>> {
    let s = app.strings;
    let t = &app.theme;
    let Some(report) = &app.export.report else {
        return Vec::new();
    };
    let mut lines = vec![Line::from("")];
    if !report.problems.is_empty() {
        lines.push(Line::styled(
            s.get(key::wizard::export::PROBLEMS).to_string(),
            t.heading,
        ));
        if report.problems.iter().any(|p| p.id.is_some()) {
            let hint = keys::text(s, key::wizard::export::PROBLEM_HINT, &[]);
            lines.extend(wrapped(&hint, w, 0, t.dim));
        }
        for (i, p) in report.problems.iter().enumerate() {
            lines.extend(problem_lines(app, p, app.export.problem == Some(i), w));
        }
    }
    if !report.notes.is_empty() {
        lines.push(Line::styled(
            s.get(key::wizard::export::NOTES).to_string(),
            t.heading,
        ));
        for note in &report.notes {
            lines.extend(hanging(&format!("• {note}"), w, 2, 2, t.base));
        }
    }
    if report.written.is_empty() {
        lines.extend(wrapped(
            s.get(key::wizard::export::NOTHING_WRITTEN),
            w,
            0,
            t.dim,
        ));
        return lines;
    }
    let folder = std::path::PathBuf::from(app.export.folder.text());
    let heading = s.fill(
        key::wizard::export::WRITTEN,
        &[("folder", &folder.display().to_string())],
    );
    lines.extend(wrapped(&heading, w, 0, t.heading));
    for path in &report.written {
        let shown = path.strip_prefix(&folder).unwrap_or(path);
        let text = truncate(
            &format!("✓ {}", shown.display()),
            usize::from(w).saturating_sub(2),
        );
        lines.push(Line::styled(format!("  {text}"), t.good));
    }
    lines
}

/// One problem of the report; the highlighted one is marked as a row of the form is, since
/// Enter on it opens its question.
pub(super) fn problem_lines(app: &App, p: &Problem, selected: bool, w: u16) -> Vec<Line<'static>> {
    let t = &app.theme;
    let mark = if p.is_error() { "✗" } else { "!" };
    let style = match (selected, p.is_error()) {
        (true, _) => t.selected,
        (false, true) => t.bad,
        (false, false) => t.warn,
    };
    let id = p.id.as_ref().map(|i| format!("[{i}] ")).unwrap_or_default();
    let text = format!("{mark} {id}{}", p.message());
    if selected {
        return hanging(&format!("❯ {text}"), w, 0, 4, style);
    }
    hanging(&text, w, 2, 2, style)
}
