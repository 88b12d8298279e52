//! The question screen: the question, its input, the notice, and why we ask.

use super::super::answer_input::AnswerInput;
use super::super::app::App;
use super::super::keys;
use super::{hanging, main_box, measure, paint, wrap, wrapped};
use crate::analysis::adoption::Advice;
use crate::analysis::summary::option_label;
use crate::base::key;
use crate::core::answer::{Answer, Level};
use crate::core::flow::Overview;
use crate::core::questionnaire::{Kind, Question};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

pub fn draw(frame: &mut Frame, app: &App, overview: &Overview, area: Rect) {
    let Some(q) = app.current() else {
        return end_of_questions(frame, app, overview, area);
    };
    let advice = app.shown_advice();
    let section = app
        .model
        .questionnaire
        .section_of(&q.id)
        .map_or(String::new(), |x| x.title.clone());
    let room = usize::from(area.width).saturating_sub(section.width() + 7);
    let required = q.required || advice.is_some_and(|a| a.required);
    let right = header_right(app, required, overview.steps.left_in_section, room);
    let inner = measure(main_box(frame, app, area, &section, Some(&right)));
    let width = inner.width;
    let mut lines: Vec<Line> = wrapped(&q.prompt, width, 0, app.theme.heading);
    lines.push(Line::from(""));
    let (input_lines, cursor) = input_lines(app, q, advice, width, inner.height);
    let notices = notice_lines(app, width);
    if let Some(advice) = advice {
        // The options come first: in a small window the advice is cut, not the answer.
        let taken = lines.len() + input_lines.len() + notices.len();
        let room = usize::from(inner.height).saturating_sub(taken).max(1);
        lines.extend(fit(advice_lines(app, advice, width), room));
    }
    let input_at = lines.len();
    lines.extend(input_lines);
    lines.extend(notices);
    // The help follows the answer, so a large window does not set it far below.
    let room_for_help = usize::from(inner.height).saturating_sub(lines.len() + 1);
    if room_for_help >= 2 {
        lines.push(Line::from(""));
        lines.extend(fit(help_lines(app, q, width), room_for_help));
    }
    paint::lines(frame.buffer_mut(), inner, &lines);
    if let Some((row, col)) = cursor {
        let y = inner.y + (input_at + row) as u16;
        if y < inner.y + inner.height {
            frame.set_cursor_position((inner.x + col as u16, y));
        }
    }
}

/// "3 left in this section · required", in shorter words when that does not fit in `room`
/// columns beside the section's title.
fn header_right(app: &App, required: bool, left: usize, room: usize) -> String {
    let s = app.strings;
    let words = |long: bool| {
        let key = match (left, long) {
            (0, true) => key::wizard::question::LAST,
            (0, false) => key::wizard::question::LAST_SHORT,
            (_, true) => key::wizard::question::LEFT,
            (_, false) => key::wizard::question::LEFT_SHORT,
        };
        let text = s.fill(key, &[("left", &left.to_string())]);
        match required {
            true => format!("{text} · {}", s.get(key::wizard::question::REQUIRED)),
            false => text,
        }
    };
    let long = words(true);
    if long.width() <= room {
        long
    } else {
        words(false)
    }
}

/// Keeps the first `rows` lines, marking a cut with an ellipsis.
fn fit(mut lines: Vec<Line<'static>>, rows: usize) -> Vec<Line<'static>> {
    if lines.len() > rows {
        lines.truncate(rows);
        if let Some(last) = lines.last_mut() {
            last.spans.push(Span::raw(" …"));
        }
    }
    lines
}

/// The input's lines, and where the text cursor goes (row within them, column).
fn input_lines(
    app: &App,
    q: &Question,
    advice: Option<&Advice>,
    width: u16,
    height: u16,
) -> (Vec<Line<'static>>, Option<(usize, usize)>) {
    let rows = usize::from(height / 2).max(3);
    match &app.input {
        AnswerInput::Text(field) => text_field(app, q, field, width),
        AnswerInput::Nothing => (Vec::new(), None),
        input => (list(app, q, advice, input, width, rows), None),
    }
}

fn text_field(
    app: &App,
    q: &Question,
    field: &super::super::text_input::TextInput,
    width: u16,
) -> (Vec<Line<'static>>, Option<(usize, usize)>) {
    let unit = q.unit.as_ref().map(|u| format!(" {u}")).unwrap_or_default();
    let room = usize::from(width)
        .saturating_sub(2 + unit.chars().count() + 1)
        .max(1);
    let (field_spans, cursor) = super::field_spans(&app.theme, field, room);
    let mut spans = vec![Span::raw("> ")];
    spans.extend(field_spans);
    spans.push(Span::styled(unit, app.theme.dim));
    let mut lines = vec![Line::from(spans)];
    let form = app.strings.fill(
        key::wizard::question::EXPECTED,
        &[("form", &q.expected_form())],
    );
    lines.extend(wrapped(&form, width, 2, app.theme.dim));
    if field.is_selected() {
        let hint = keys::text(app.strings, key::wizard::question::SELECTED, &[]);
        lines.extend(wrapped(&hint, width, 2, app.theme.dim));
    }
    (lines, Some((0, 2 + cursor)))
}

/// A list of options with the highlighted row and the saved answer marked.
fn list(
    app: &App,
    q: &Question,
    advice: Option<&Advice>,
    input: &AnswerInput,
    width: u16,
    rows: usize,
) -> Vec<Line<'static>> {
    let labels = option_labels(app, q, advice);
    let cursor = input.cursor().unwrap_or(0);
    let saved = app.session.answer_of(&q.id);
    let first = cursor.saturating_sub(rows.saturating_sub(1));
    let mut lines = Vec::new();
    if first > 0 {
        lines.push(Line::styled(
            format!("  ↑ {}", app.strings.get(key::wizard::question::MORE)),
            app.theme.dim,
        ));
    }
    for (i, label) in labels.iter().enumerate().skip(first).take(rows) {
        let mark = mark(input, q, saved, i);
        let pointer = if i == cursor { "❯" } else { " " };
        let width = usize::from(width);
        let text = wrap::truncate(&format!("{pointer} {mark} {label}"), width);
        // Padded so the highlight spans the row, which shows even without colour.
        let text = format!("{text:<width$}");
        let style = if i == cursor {
            app.theme.selected
        } else {
            Style::new()
        };
        lines.push(Line::styled(text, style));
    }
    if first + rows < labels.len() {
        lines.push(Line::styled(
            format!("  ↓ {}", app.strings.get(key::wizard::question::MORE)),
            app.theme.dim,
        ));
    }
    let why = advice
        .zip(q.options.get(cursor))
        .and_then(|(a, o)| a.note(&o.id))
        .and_then(|n| n.why.clone());
    if why.is_some() || explain(app, q, cursor).is_some() {
        lines.push(Line::from(""));
    }
    if let Some(why) = why {
        lines.extend(wrapped(&why, width, 2, app.theme.bad));
    }
    if let Some(explain) = explain(app, q, cursor) {
        lines.extend(wrapped(&explain, width, 2, app.theme.dim));
    }
    lines
}

/// The recommendation and its strongest reasons, above the options.
fn advice_lines(app: &App, advice: &Advice, width: u16) -> Vec<Line<'static>> {
    let mut lines = wrapped(&advice.heading, width, 0, app.theme.heading);
    for point in &advice.points {
        lines.extend(hanging(&format!("• {point}"), width, 2, 2, app.theme.base));
    }
    lines.push(Line::from(""));
    lines
}

/// Each option's label, with what it is to this plan ("recommended", "ruled out").
fn option_labels(app: &App, q: &Question, advice: Option<&Advice>) -> Vec<String> {
    if q.kind == Kind::YesPartlyNo {
        return Level::ALL
            .iter()
            .map(|l| app.strings.keyed(key::common::level::PREFIX, l.name()))
            .collect();
    }
    let tagged = |id: &str, label: &str| match advice.and_then(|a| a.note(id)) {
        Some(note) => format!("{label} — {}", note.tag),
        None => label.to_string(),
    };
    q.options.iter().map(|o| tagged(&o.id, &o.label)).collect()
}

/// `(•)` for the saved choice, `[x]` for a ticked one; the cursor is shown apart.
fn mark(input: &AnswerInput, q: &Question, saved: Option<&Answer>, i: usize) -> &'static str {
    let radio = |on: bool| if on { "(•)" } else { "( )" };
    match input {
        AnswerInput::Multi { chosen, .. } => {
            if chosen.contains(&i) {
                "[x]"
            } else {
                "[ ]"
            }
        }
        AnswerInput::Level { .. } => radio(saved == Some(&Answer::Level(Level::ALL[i]))),
        _ => radio(
            matches!(saved, Some(Answer::Choice(id)) if q.options.get(i).is_some_and(|o| &o.id == id)),
        ),
    }
}

fn explain(app: &App, q: &Question, cursor: usize) -> Option<String> {
    if q.kind == Kind::YesPartlyNo {
        // The explanations speak of the team's skills: capacity questions only.
        return q.capacity.as_ref().map(|_| {
            app.strings.keyed(
                key::wizard::level_explain::PREFIX,
                Level::ALL[cursor].name(),
            )
        });
    }
    q.options.get(cursor).and_then(|o| o.explain.clone())
}

fn notice_lines(app: &App, width: u16) -> Vec<Line<'static>> {
    let s = app.strings;
    let mut lines = Vec::new();
    if app.notice.is_some() {
        lines.push(Line::from(""));
        lines.extend(super::notice_lines(app, width));
    }
    if let Some(e) = &app.save_error {
        let error = e.words(s);
        let text = keys::text(s, key::wizard::notice::SAVE_FAILED, &[("error", &error)]);
        lines.extend(wrapped(&text, width, 0, app.theme.bad));
    }
    lines
}

fn help_lines(app: &App, q: &Question, width: u16) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(
        app.strings.get(key::wizard::question::WHY).to_string(),
        app.theme.heading,
    )];
    lines.extend(wrapped(&q.help, width, 0, app.theme.base));
    lines
}

/// Past the last question: whether the plan is complete, the recommendation, and what to
/// do next.
fn end_of_questions(frame: &mut Frame, app: &App, overview: &Overview, area: Rect) {
    let s = app.strings;
    let inner = measure(main_box(
        frame,
        app,
        area,
        s.get(key::wizard::end::TITLE),
        None,
    ));
    let w = inner.width;
    let mut lines = Vec::new();
    let missing = &overview.missing;
    // Complete means exportable and signable: with every required question answered, what
    // still stands in the way is listed, each a link to its question.
    let problems = app.open_problems();
    let state = match (missing.first(), problems.is_empty()) {
        (Some(first), _) => s.fill(
            key::wizard::end::INCOMPLETE,
            &[
                ("count", &missing.len().to_string()),
                ("first", &first.prompt),
            ],
        ),
        (None, true) => s.get(key::wizard::end::COMPLETE).to_string(),
        (None, false) => keys::text(s, key::wizard::end::NOT_COMPLETE, &[]),
    };
    let style = match missing.is_empty() && problems.is_empty() {
        true => app.theme.good,
        false => app.theme.warn,
    };
    lines.extend(wrapped(&state, w, 0, style));
    let chosen = app.end_problem.min(problems.len().saturating_sub(1));
    for (i, p) in problems.iter().enumerate() {
        lines.extend(super::export::problem_lines(app, p, i == chosen, w));
    }
    lines.push(Line::from(""));
    let option = option_label(&app.model.questionnaire, app.results().decision.recommended);
    let text = s.fill(key::wizard::end::RECOMMENDATION, &[("option", &option)]);
    lines.extend(wrapped(&text, w, 0, app.theme.heading));
    lines.push(Line::from(""));
    let next = match problems.is_empty() {
        true => key::wizard::end::NEXT,
        false => key::wizard::end::NEXT_PROBLEMS,
    };
    lines.extend(wrapped(&keys::text(s, next, &[]), w, 0, app.theme.base));
    paint::lines(frame.buffer_mut(), inner, &lines);
}
