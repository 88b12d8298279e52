//! The result screens that read as text: decision, readiness, sizing; and the
//! responsibilities matrix.

use super::super::app::App;
use super::table::{self, Column};
use super::{hanging, main_box, measure, scrolled_lines, wrap, wrapped};
use crate::analysis::summary::{option_label, ruled_out_lines, unexplained_line};
use crate::base::formats::{group_count, group_thousands, human_decimal};
use crate::base::key;
use crate::base::strings::{comma_list, semicolon_list};
use crate::core::decision::{AreaReadiness, Readiness};
use crate::core::sizing::Sizing;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

fn title(app: &App, id: &str) -> String {
    app.strings.keyed(key::wizard::screen::PREFIX, id)
}

fn option_name(app: &App) -> String {
    option_label(&app.model.questionnaire, app.results().option)
}

pub fn decision(frame: &mut Frame, app: &App, area: Rect) -> usize {
    let inner = measure(main_box(frame, app, area, &title(app, "decision"), None));
    let lines = decision_lines(app, inner.width);
    scrolled_lines(frame, app, lines, inner)
}

fn decision_lines(app: &App, w: u16) -> Vec<Line<'static>> {
    let s = app.strings;
    let q = &app.model.questionnaire;
    let d = &app.results().decision;
    let t = &app.theme;
    let recommended = option_label(q, d.recommended);
    let mut lines = wrapped(
        &s.fill(
            key::wizard::decision::RECOMMENDED,
            &[("option", &recommended)],
        ),
        w,
        0,
        t.heading,
    );
    if app.results().overrides_recommendation() {
        let text = s.fill(
            key::wizard::decision::COMMITTED,
            &[("option", &option_name(app))],
        );
        lines.extend(wrapped(&text, w, 0, t.warn));
    }
    for text in ruled_out_lines(app.results(), q, s) {
        lines.extend(hanging(&format!("✗ {text}"), w, 0, 2, t.bad));
    }
    if let Some(text) = unexplained_line(app.results(), q, s) {
        lines.extend(hanging(&format!("! {text}"), w, 0, 2, t.warn));
    }
    for warning in &d.warnings {
        lines.extend(hanging(&format!("! {}", warning.text), w, 0, 2, t.warn));
    }
    for (rank, a) in d.ranking.iter().enumerate() {
        lines.push(Line::from(""));
        let label = option_label(q, a.option);
        let head = if a.is_blocked() {
            let state = s.get(key::wizard::decision::RULED_OUT);
            format!("{}. {label} — {state}", rank + 1)
        } else if app.details {
            let score = format!("{:.1}", a.score);
            let state = s.fill(key::wizard::decision::SCORE, &[("score", &score)]);
            format!("{}. {label} — {state}", rank + 1)
        } else {
            format!("{}. {label}", rank + 1)
        };
        lines.extend(wrapped(&head, w, 0, t.heading));
        for b in &a.blockers {
            lines.extend(reason(
                app,
                &format!("✗ {}", b.text),
                &b.questions,
                w,
                t.bad,
            ));
        }
        for (r, points) in a.reasons.iter().filter(|(_, p)| p.abs() >= 0.05) {
            let (sign, style) = if *points > 0.0 {
                ('+', t.good)
            } else {
                ('-', t.warn)
            };
            lines.extend(reason(
                app,
                &format!("{sign} {}", r.text),
                &r.questions,
                w,
                style,
            ));
        }
    }
    lines
}

/// A reason, then what it rests on: the answers in words, or with details shown, the
/// question ids, so people know which answer to revisit.
fn reason(
    app: &App,
    text: &str,
    questions: &[String],
    w: u16,
    style: ratatui::style::Style,
) -> Vec<Line<'static>> {
    let mut lines = hanging(text, w, 1, 2, style);
    if questions.is_empty() {
        return lines;
    }
    let behind = if app.details {
        let ids = if questions.len() > 3 {
            format!("{}, … ({})", questions[..2].join(", "), questions.len())
        } else {
            questions.join(", ")
        };
        format!("[{ids}]")
    } else {
        answers_in_words(app, questions)
    };
    lines.extend(hanging(&behind, w, 3, 2, app.theme.dim));
    lines
}

/// "Your team: Docker ✗, Backups ◐, and 16 more ✓" for capacity questions (what is not
/// ready first: that is what to act on); "Your answer: Partly" for the others.
fn answers_in_words(app: &App, questions: &[String]) -> String {
    let s = app.strings;
    let areas = &app.results().decision.areas;
    let team: Vec<&AreaReadiness> = questions
        .iter()
        .filter_map(|id| areas.iter().find(|a| a.question == *id))
        .collect();
    if !team.is_empty() && team.len() == questions.len() {
        return s.fill(
            key::wizard::decision::YOUR_TEAM,
            &[("items", &team_items(app, team))],
        );
    }
    let q = &app.model.questionnaire;
    let words: Vec<String> = questions
        .iter()
        .filter_map(|id| q.question(id))
        .map(|x| match app.session.answer_of(&x.id) {
            Some(a) => a.display(x),
            None => s.get(key::wizard::decision::NOT_ANSWERED).to_string(),
        })
        .collect();
    let key = if words.len() == 1 {
        key::wizard::decision::YOUR_ANSWER
    } else {
        key::wizard::decision::YOUR_ANSWERS
    };
    s.fill(key, &[("items", &semicolon_list(&words))])
}

/// Each capacity area with its readiness symbol, the ones not ready first; beyond six
/// areas, the ready ones are counted rather than named.
fn team_items(app: &App, mut team: Vec<&AreaReadiness>) -> String {
    let rank = |r: Readiness| match r {
        Readiness::Gap => 0,
        Readiness::Partly => 1,
        Readiness::Unknown => 2,
        Readiness::Ready => 3,
    };
    team.sort_by_key(|a| rank(a.status));
    let named = |a: &&AreaReadiness| format!("{} {}", a.title, readiness_symbol(a.status));
    let ready = team.iter().filter(|a| a.status == Readiness::Ready).count();
    if team.len() <= 6 || ready == 0 {
        return comma_list(&team.iter().map(named).collect::<Vec<_>>());
    }
    let mut shown: Vec<String> = team
        .iter()
        .filter(|a| a.status != Readiness::Ready)
        .map(named)
        .collect();
    let ready = ready.to_string();
    let count = [("count", ready.as_str())];
    if shown.is_empty() {
        return app.strings.fill(key::wizard::decision::ALL_READY, &count);
    }
    shown.push(app.strings.fill(key::wizard::decision::MORE_READY, &count));
    comma_list(&shown)
}

pub fn readiness(frame: &mut Frame, app: &App, area: Rect) -> usize {
    let inner = measure(main_box(frame, app, area, &title(app, "readiness"), None));
    let lines = readiness_lines(app, inner.width);
    scrolled_lines(frame, app, lines, inner)
}

pub fn readiness_symbol(status: Readiness) -> &'static str {
    match status {
        Readiness::Ready => "✓",
        Readiness::Partly => "◐",
        Readiness::Gap => "✗",
        Readiness::Unknown => "?",
    }
}

/// The title of the section that asks about the team's capacity.
fn capacity_section<'a>(app: &'a App) -> &'a str {
    let sections = &app.model.questionnaire.sections;
    sections
        .iter()
        .find(|s| s.questions.iter().any(|q| q.capacity.is_some()))
        .map_or("", |s| s.title.as_str())
}

fn readiness_lines(app: &App, w: u16) -> Vec<Line<'static>> {
    let s = app.strings;
    let t = &app.theme;
    let d = &app.results().decision;
    let summary = match d.readiness {
        Some(r) => s.fill(
            key::wizard::readiness::SCORE,
            &[
                ("percent", &format!("{:.0}", r * 100.0)),
                ("gaps", &d.gaps().count().to_string()),
            ],
        ),
        None => s.fill(
            key::wizard::readiness::UNANSWERED,
            &[("section", capacity_section(app))],
        ),
    };
    let mut lines = wrapped(&summary, w, 0, t.heading);
    lines.push(Line::from(""));
    for area in &d.areas {
        let status = s.keyed(
            key::wizard::readiness::status::PREFIX,
            status_id(area.status),
        );
        let style = match area.status {
            Readiness::Ready => t.good,
            Readiness::Partly => t.warn,
            Readiness::Gap => t.bad,
            Readiness::Unknown => t.dim,
        };
        let head = format!(
            "{} {} — {status}",
            readiness_symbol(area.status),
            area.title
        );
        lines.extend(hanging(&head, w, 0, 2, style));
        if let (Some(m), Readiness::Gap | Readiness::Partly) = (&area.mitigation, area.status) {
            lines.extend(hanging(&format!("→ {}", m.text), w, 2, 2, t.base));
            let owner = s.fill(
                key::wizard::readiness::OWNER,
                &[
                    ("owner", &app.results().matrix.party_name(&m.owner)),
                    ("kind", &s.keyed(key::wizard::mitigation::PREFIX, &m.kind)),
                ],
            );
            lines.extend(wrapped(&owner, w, 4, t.dim));
        }
    }
    lines
}

fn status_id(status: Readiness) -> &'static str {
    match status {
        Readiness::Ready => "ready",
        Readiness::Partly => "partly",
        Readiness::Gap => "gap",
        Readiness::Unknown => "unknown",
    }
}

pub fn sizing(frame: &mut Frame, app: &App, area: Rect) -> usize {
    let name = option_name(app);
    let inner = measure(main_box(
        frame,
        app,
        area,
        &title(app, "sizing"),
        Some(&name),
    ));
    let lines = match &app.results().sizing {
        Some(sizing) => sizing_lines(app, sizing, inner.width),
        None => wrapped(
            app.strings.get(key::wizard::sizing::NONE),
            inner.width,
            0,
            app.theme.base,
        ),
    };
    scrolled_lines(frame, app, lines, inner)
}

fn sizing_lines(app: &App, sizing: &Sizing, w: u16) -> Vec<Line<'static>> {
    let s = app.strings;
    let t = &app.theme;
    let width = usize::from(w);
    let mut lines = vec![Line::styled(
        s.get(key::wizard::sizing::SERVERS).to_string(),
        t.heading,
    )];
    let role_w = width.saturating_sub(21).max(10);
    lines.push(Line::styled(
        format!(
            "{:<role_w$}{:>5}{:>7}{:>9}",
            s.get(key::wizard::sizing::ROLE),
            s.get(key::wizard::sizing::VCPU),
            s.get(key::wizard::sizing::RAM),
            s.get(key::wizard::sizing::DISK)
        ),
        t.dim,
    ));
    for server in sizing.servers() {
        lines.push(Line::from(format!(
            "{:<role_w$}{:>5}{:>7}{:>9}",
            wrap::truncate(&Sizing::label(server, s), role_w.saturating_sub(1)),
            server.vcpu,
            human_decimal(server.ram_gb),
            group_count(server.disk_gb)
        )));
    }
    lines.extend(platform_lines(app, sizing, w));
    lines.push(Line::from(""));
    lines.extend(storage_chart(app, sizing, w));
    lines.push(Line::from(""));
    let downtime = s.fill(
        key::wizard::sizing::DOWNTIME,
        &[
            ("hours", &human_decimal(sizing.downtime_hours_per_year)),
            ("percent", &human_decimal(sizing.input.availability_pct)),
        ],
    );
    lines.extend(wrapped(&downtime, w, 0, t.base));
    lines.push(Line::from(""));
    lines.push(Line::styled(
        s.get(key::wizard::sizing::ASSUMPTIONS).to_string(),
        t.heading,
    ));
    for a in &sizing.assumptions {
        lines.extend(hanging(&format!("• {a}"), w, 0, 2, t.base));
    }
    lines
}

/// How Puma runs, the operating system and what the servers must reach.
fn platform_lines(app: &App, sizing: &Sizing, w: u16) -> Vec<Line<'static>> {
    let s = app.strings;
    let t = &app.theme;
    let mut lines = vec![Line::from("")];
    if let Some(puma) = &sizing.app_server.puma {
        lines.extend(wrapped(&puma.text, w, 0, t.base));
    }
    let os = s.fill(
        key::sizing::platform::OS_LINE,
        &[("os", &sizing.platform.os)],
    );
    lines.extend(wrapped(&os, w, 0, t.base));
    lines.push(Line::from(""));
    lines.push(Line::styled(
        s.get(key::sizing::platform::OUTBOUND).to_string(),
        t.heading,
    ));
    for item in &sizing.platform.outbound {
        lines.extend(hanging(&format!("• {}", item.text), w, 0, 2, t.base));
    }
    lines
}

/// Storage per year as horizontal stacked bars: database, attachments, backups, each
/// drawn with its own fill so the chart reads without colour.
fn storage_chart(app: &App, sizing: &Sizing, w: u16) -> Vec<Line<'static>> {
    let s = app.strings;
    let t = &app.theme;
    let mut lines = vec![Line::styled(
        s.get(key::wizard::sizing::STORAGE).to_string(),
        t.heading,
    )];
    let biggest = sizing
        .storage_by_year
        .iter()
        .map(|y| y.total_gb)
        .fold(0.0, f64::max);
    let label_w = 8;
    let value_w = 11;
    let bar_w = usize::from(w).saturating_sub(label_w + value_w).max(1);
    let cells = |gb: f64| {
        if biggest <= 0.0 {
            0
        } else {
            (gb / biggest * bar_w as f64).round() as usize
        }
    };
    for year in &sizing.storage_by_year {
        let db = cells(year.database_gb);
        let att = cells(year.database_gb + year.attachments_gb).saturating_sub(db);
        let bak = cells(year.total_gb).saturating_sub(db + att);
        let label = s.fill(
            key::wizard::sizing::YEAR,
            &[("year", &year.year.to_string())],
        );
        lines.push(Line::from(vec![
            Span::raw(format!("{:<label_w$}", wrap::truncate(&label, label_w - 1))),
            Span::styled("█".repeat(db), t.bar),
            Span::styled("▓".repeat(att), t.bar),
            Span::styled("░".repeat(bak), t.bar),
            Span::raw(" ".repeat(bar_w.saturating_sub(db + att + bak))),
            Span::raw(format!(
                "{:>value_w$}",
                s.fill(
                    key::wizard::sizing::GB,
                    &[("gb", &group_thousands(year.total_gb.round() as i64))]
                )
            )),
        ]));
    }
    let key = s.get(key::wizard::sizing::CHART_KEY);
    lines.extend(wrapped(key, w, 0, t.dim));
    lines
}

/// Draws the matrix around the highlighted row; returns that row, within the rows there
/// are.
pub fn responsibilities(frame: &mut Frame, app: &App, area: Rect) -> usize {
    let option = app.results().option;
    let inner = main_box(
        frame,
        app,
        area,
        &title(app, "responsibilities"),
        Some(&option_name(app)),
    );
    // The plan's matrix: only the rows its answers call for, and only the parties with a
    // part in them.
    let m = &app.results().matrix;
    let rows = m.rows(option);
    let parties = m.parties_in_rows(option);
    // Party columns share what a readable activity column leaves; full names when all fit.
    let room = usize::from(inner.width).saturating_sub(4 + 48);
    let party_w = (room / parties.len().max(1)).clamp(7, 24);
    // Heads name the role as the data gives it, as the PDF does: names filled from the
    // answers are too long for a column head and stand in the footer.
    let heads: Vec<String> = parties
        .iter()
        .map(|p| app.model.party_name(&p.id))
        .collect();
    let names_fit = heads.iter().all(|h| h.chars().count() < party_w);
    let mut columns = vec![
        Column::flex(app.strings.get(key::wizard::raci::ACTIVITY)),
        Column::fixed(app.strings.get(key::wizard::raci::LEVEL), 4),
    ];
    columns.extend(parties.iter().zip(&heads).map(|(p, head)| {
        let label = if names_fit { head } else { &p.short };
        Column::fixed(label, party_w)
    }));
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|a| {
            let mut cells = vec![
                a.title.clone(),
                a.support_level.map_or(String::new(), |l| {
                    app.strings
                        .fill(key::wizard::raci::LEVEL_CELL, &[("level", &l.to_string())])
                }),
            ];
            cells.extend(
                parties
                    .iter()
                    .map(|p| m.letters(&a.id, option, &p.id).to_string()),
            );
            cells
        })
        .collect();
    let selected = app.scroll.min(rows.len().saturating_sub(1));
    let footer = raci_footer(app, rows.get(selected).copied(), &parties, inner.width);
    table::draw(frame, app, inner, &columns, &body, selected, footer);
    selected
}

fn raci_footer(
    app: &App,
    activity: Option<&crate::core::responsibilities::Activity>,
    parties: &[&crate::core::responsibilities::Party],
    w: u16,
) -> Vec<Line<'static>> {
    let s = app.strings;
    let m = &app.results().matrix;
    let t = &app.theme;
    let mut lines = Vec::new();
    if let Some(a) = activity {
        lines.extend(wrapped(&a.description, w, 0, t.base));
        if let Some(level) = a.support_level.and_then(|l| m.support_level(l)) {
            let text = s.fill(
                key::wizard::raci::SUPPORT,
                &[("level", &level.level.to_string()), ("title", &level.title)],
            );
            lines.extend(wrapped(&text, w, 0, t.dim));
        }
    }
    let codes: Vec<String> = m
        .legend
        .iter()
        .map(|l| format!("{} {}", l.code, l.meaning.split(':').next().unwrap_or("")))
        .collect();
    lines.extend(wrapped(&codes.join(" · "), w, 0, t.dim));
    let names: Vec<String> = parties
        .iter()
        .map(|p| format!("{} = {}", p.short, p.name))
        .collect();
    lines.extend(wrapped(&names.join(" · "), w, 0, t.dim));
    let levels: Vec<String> = m
        .support_levels
        .iter()
        .map(|l| {
            let cell = s.fill(
                key::wizard::raci::LEVEL_CELL,
                &[("level", &l.level.to_string())],
            );
            format!("{cell} {}", l.title)
        })
        .collect();
    lines.extend(wrapped(&levels.join(" · "), w, 0, t.dim));
    lines
}
