//! The two figures: storage growth as stacked bars, and the work plan as a Gantt chart by
//! phase with its milestones. Both use only greys and outlines, so they print well in
//! black and white.

use super::fonts::Face;
use super::layout::{Item, Layout, SMALL, SMALL_BOLD, Style, rule};
use crate::base::formats::{group_thousands, human_date, human_decimal, month_and_year};
use crate::base::key;
use crate::base::strings::Strings;
use crate::core::sizing::{Sizing, YearStorage};
use crate::core::workplan::{Phase, WorkPlan};
use chrono::{Datelike, NaiveDate};

const LABEL: Style = Style::new(Face::Regular, 7.0);
/// Greys of the database, attachments and backups segments.
const SHADES: [f32; 3] = [0.15, 0.55, 0.9];

/// "Start" or "Year 3".
pub fn year_label(s: &Strings, year: u32) -> String {
    if year == 0 {
        s.get(key::pdf::chart::START).to_string()
    } else {
        s.fill(key::pdf::chart::YEAR, &[("year", &year.to_string())])
    }
}

fn rect(x: f32, y: f32, w: f32, h: f32, fill: f32, outline: Option<f32>) -> Item {
    Item::Rect {
        x,
        y,
        w,
        h,
        fill,
        outline,
    }
}

fn text(l: &Layout, x: f32, top: f32, style: Style, text: &str) -> Item {
    Item::Text {
        x,
        baseline: l.baseline(top, style),
        style,
        text: text.to_string(),
    }
}

/// A round step for an axis: 1, 2 or 5 times a power of ten, at least `rough`.
fn nice_step(rough: f64) -> f64 {
    if !(rough.is_finite() && rough > 0.0) {
        return 1.0;
    }
    let power = 10f64.powf(rough.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|s| *s >= rough)
        .unwrap_or(10.0 * power)
}

/// A size for people: "1,300 GB", "12.25 GB".
pub fn gb(s: &Strings, gb: f64) -> String {
    let n = if gb >= 100.0 {
        group_thousands(gb.round().min(i64::MAX as f64) as i64)
    } else {
        human_decimal(gb)
    };
    s.fill(key::pdf::common::GB, &[("n", &n)])
}

/// A size on the chart, to a tenth below 100 GB.
fn gb_label(s: &Strings, size: f64) -> String {
    let shown = if size >= 100.0 {
        size
    } else {
        (size * 10.0).round() / 10.0
    };
    gb(s, shown)
}

/// The axis marks from 0 to a round value at or above `max`, about four steps apart, and
/// that top value.
fn ticks(max: f64) -> (Vec<f64>, f64) {
    let step = nice_step(max / 4.0);
    let ceiling = (step * (max / step).ceil()).max(step);
    let marks = (0..)
        .map(|i| f64::from(i) * step)
        .take_while(|t| *t <= ceiling + step * 1e-6)
        .collect();
    (marks, ceiling)
}

/// Stacked bars of database, attachments and backups at the end of each year.
pub fn storage(l: &mut Layout, sizing: &Sizing, s: &Strings) {
    let years = &sizing.storage_by_year;
    if years.is_empty() {
        return;
    }
    let (plot_h, top_pad, below) = (120.0, 14.0, 34.0);
    let max = years.iter().map(|y| y.total_gb).fold(0.0, f64::max);
    let (ticks, ceiling) = ticks(max);
    let labels: Vec<String> = ticks.iter().map(|t| gb_label(s, *t)).collect();
    let axis_w = labels.iter().map(|t| l.width(t, LABEL)).fold(0.0, f32::max);
    let top = l.reserve(top_pad + plot_h + below);
    let left = l.geo.left() + axis_w + 6.0;
    let right = l.geo.right() - 4.0;
    let bottom = top + top_pad + plot_h;
    let y_of = |v: f64| bottom - (v / ceiling) as f32 * plot_h;
    let mut items = Vec::new();
    for (tick, label) in ticks.iter().zip(&labels) {
        let y = y_of(*tick);
        items.push(rule(left, right, y, 0.3, 0.8));
        let x = left - 4.0 - l.width(label, LABEL);
        items.push(text(l, x, y - LABEL.leading() / 2.0, LABEL, label));
    }
    let slot = (right - left) / years.len() as f32;
    let bar = (slot * 0.6).min(36.0);
    let totals: Vec<String> = years.iter().map(|y| gb_label(s, y.total_gb)).collect();
    let widest = totals.iter().map(|t| l.width(t, LABEL)).fold(0.0, f32::max);
    for (i, (y, label)) in years.iter().zip(&totals).enumerate() {
        let x = left + slot * i as f32 + (slot - bar) / 2.0;
        items.extend(stack(x, bar, y, &y_of));
        if widest + 2.0 < slot {
            let at = x + (bar - l.width(label, LABEL)) / 2.0;
            items.push(text(
                l,
                at,
                y_of(y.total_gb) - LABEL.leading() - 1.0,
                LABEL,
                label,
            ));
        }
    }
    items.push(rule(left, right, bottom, 0.6, 0.0));
    items.extend(year_labels(l, s, years.len(), left, slot, bottom + 2.0));
    items.extend(legend(l, s, left, bottom + 18.0));
    for item in items {
        l.push(item);
    }
}

fn stack(x: f32, w: f32, y: &YearStorage, y_of: &dyn Fn(f64) -> f32) -> Vec<Item> {
    let mut out = Vec::new();
    let mut base = 0.0;
    for (value, shade) in [y.database_gb, y.attachments_gb, y.backups_gb]
        .into_iter()
        .zip(SHADES)
    {
        let (lo, hi) = (y_of(base), y_of(base + value));
        if lo - hi >= 0.05 {
            out.push(rect(x, hi, w, lo - hi, shade, Some(0.0)));
        }
        base += value;
    }
    out
}

/// Year names under the bars, thinned out so they never touch.
fn year_labels(l: &Layout, s: &Strings, n: usize, left: f32, slot: f32, top: f32) -> Vec<Item> {
    let widest = (0..n)
        .map(|i| l.width(&year_label(s, i as u32), LABEL))
        .fold(0.0, f32::max);
    let every = ((widest + 6.0) / slot).ceil().max(1.0) as usize;
    (0..n)
        .step_by(every)
        .map(|i| {
            let label = year_label(s, i as u32);
            let centre = left + slot * (i as f32 + 0.5);
            text(l, centre - l.width(&label, LABEL) / 2.0, top, LABEL, &label)
        })
        .collect()
}

fn legend(l: &Layout, s: &Strings, left: f32, top: f32) -> Vec<Item> {
    let mut out = Vec::new();
    let mut x = left;
    let keys = [
        key::pdf::chart::DATABASE,
        key::pdf::chart::ATTACHMENTS,
        key::pdf::chart::BACKUPS,
    ];
    for (key, shade) in keys.into_iter().zip(SHADES) {
        out.push(rect(x, top + 2.5, 8.0, 8.0, shade, Some(0.0)));
        let label = s.get(key);
        out.push(text(l, x + 12.0, top, SMALL, label));
        x += 12.0 + l.width(label, SMALL) + 18.0;
    }
    out
}

/// One line of the cumulative cost chart: a name for the legend and the running total at
/// the start and at the end of each year.
pub struct Series {
    pub name: String,
    pub points: Vec<i64>,
    /// Drawn light and thin: an option the plan rules out.
    pub faint: bool,
}

/// How the lines tell apart in black and white: each has its own shape at each year, and
/// the options still open are drawn darker and heavier than those ruled out.
const MARKERS: [Marker; 3] = [Marker::Square, Marker::Diamond, Marker::Triangle];
const OPEN_LOOKS: [(f32, f32); 2] = [(0.0, 1.4), (0.4, 1.1)];
const FAINT_LOOK: (f32, f32) = (0.7, 0.8);

/// Each line's grey, width and marker.
fn looks(series: &[Series]) -> Vec<(f32, f32, Marker)> {
    let mut open = 0;
    series
        .iter()
        .zip(MARKERS.iter().cycle())
        .map(|(line, kind)| {
            let (gray, width) = if line.faint {
                FAINT_LOOK
            } else {
                open += 1;
                OPEN_LOOKS[(open - 1) % OPEN_LOOKS.len()]
            };
            (gray, width, *kind)
        })
        .collect()
}

#[derive(Clone, Copy)]
enum Marker {
    Square,
    Diamond,
    Triangle,
}

fn marker(kind: Marker, x: f32, y: f32, r: f32, fill: f32) -> Item {
    let points = match kind {
        Marker::Square => vec![
            (x - r, y - r),
            (x + r, y - r),
            (x + r, y + r),
            (x - r, y + r),
        ],
        Marker::Diamond => vec![
            (x, y - r - 0.8),
            (x + r + 0.8, y),
            (x, y + r + 0.8),
            (x - r - 0.8, y),
        ],
        Marker::Triangle => vec![(x, y - r - 0.8), (x + r + 0.8, y + r), (x - r - 0.8, y + r)],
    };
    Item::Shape { points, fill }
}

/// The cost of each option added up year by year, one line per option, on a shared axis
/// of amounts; the legend under it names each line.
pub fn cumulative(l: &mut Layout, series: &[Series], s: &Strings) {
    let years = series.iter().map(|x| x.points.len()).max().unwrap_or(0);
    if years < 2 {
        return;
    }
    let (plot_h, top_pad) = (130.0, 10.0);
    let legend_h = series.len() as f32 * (SMALL.leading() + 3.0);
    let below = 18.0 + legend_h;
    let max = series
        .iter()
        .flat_map(|x| x.points.iter().copied())
        .max()
        .unwrap_or(0) as f64;
    let (ticks, ceiling) = ticks(max);
    let labels: Vec<String> = ticks
        .iter()
        .map(|t| group_thousands(t.round() as i64))
        .collect();
    let axis_w = labels.iter().map(|t| l.width(t, LABEL)).fold(0.0, f32::max);
    let top = l.reserve(top_pad + plot_h + below);
    let left = l.geo.left() + axis_w + 6.0;
    let right = l.geo.right() - 4.0;
    let bottom = top + top_pad + plot_h;
    let y_of = |v: f64| bottom - (v / ceiling) as f32 * plot_h;
    // The first and last years stand a little in from the frame, so their marks show whole.
    let inset = 10.0;
    let x_of =
        |i: usize| left + inset + (right - left - 2.0 * inset) * i as f32 / (years - 1) as f32;
    let mut items = Vec::new();
    for (tick, label) in ticks.iter().zip(&labels) {
        let y = y_of(*tick);
        items.push(rule(left, right, y, 0.3, 0.8));
        let x = left - 4.0 - l.width(label, LABEL);
        items.push(text(l, x, y - LABEL.leading() / 2.0, LABEL, label));
    }
    let looks = looks(series);
    for (line, (gray, width, kind)) in series.iter().zip(&looks) {
        let at: Vec<(f32, f32)> = line
            .points
            .iter()
            .enumerate()
            .map(|(i, v)| (x_of(i), y_of(*v as f64)))
            .collect();
        for pair in at.windows(2) {
            items.push(Item::Line {
                from: pair[0],
                to: pair[1],
                width: *width,
                gray: *gray,
            });
        }
        items.extend(at.iter().map(|(x, y)| marker(*kind, *x, *y, 2.2, *gray)));
    }
    items.push(rule(left, right, bottom, 0.6, 0.0));
    let widest = (0..years)
        .map(|i| l.width(&year_label(s, i as u32), LABEL))
        .fold(0.0, f32::max);
    let slot = (right - left - 2.0 * inset) / (years - 1) as f32;
    let every = ((widest + 6.0) / slot).ceil().max(1.0) as usize;
    for i in (0..years).step_by(every) {
        let label = year_label(s, i as u32);
        let x = x_of(i) - l.width(&label, LABEL) / 2.0;
        items.push(text(l, x, bottom + 3.0, LABEL, &label));
    }
    let mut y = bottom + 18.0;
    for (line, (gray, width, kind)) in series.iter().zip(&looks) {
        let mid = y + SMALL.leading() / 2.0;
        items.push(Item::Line {
            from: (left, mid),
            to: (left + 22.0, mid),
            width: *width,
            gray: *gray,
        });
        items.push(marker(*kind, left + 11.0, mid, 2.2, *gray));
        let name = l.fit(&l.fonts.clean(&line.name), SMALL, right - left - 30.0);
        items.push(text(l, left + 30.0, y, SMALL, &name));
        y += SMALL.leading() + 3.0;
    }
    for item in items {
        l.push(item);
    }
}

/// The timeline's horizontal scale.
struct Scale {
    start: NaiveDate,
    days: f32,
    x0: f32,
    x1: f32,
}

impl Scale {
    fn x(&self, d: NaiveDate) -> f32 {
        let offset = (d - self.start).num_days() as f32;
        self.x0 + (offset / self.days).clamp(0.0, 1.0) * (self.x1 - self.x0)
    }

    /// The x of the end of day `d`.
    fn x_end(&self, d: NaiveDate) -> f32 {
        self.x(d.succ_opt().unwrap_or(d))
    }
}

/// Where the chart is on the current page.
struct Gantt {
    /// The first day of each month the plan runs into.
    months: Vec<NaiveDate>,
    scale: Scale,
    label_w: f32,
    axis_page: Option<usize>,
}

const AXIS_H: f32 = 16.0;
const ROW_PAD: f32 = 3.0;

/// Phases as bars from their first to their last day, with their milestones as diamonds.
pub fn gantt(l: &mut Layout, plan: &WorkPlan, s: &Strings) {
    let label_w = l.geo.body_width() * 0.34;
    let days = ((plan.end - plan.start).num_days() + 1).max(1) as f32;
    let mut g = Gantt {
        months: month_starts(plan.start, plan.end),
        scale: Scale {
            start: plan.start,
            days,
            x0: l.geo.left() + label_w + 6.0,
            x1: l.geo.right() - 2.0,
        },
        label_w,
        axis_page: None,
    };
    for phase in &plan.phases {
        g.phase_row(l, phase);
        for m in phase.tasks.iter().filter(|t| t.is_milestone()) {
            g.milestone_row(l, &m.title, m.start);
        }
    }
    g.key(l, s);
}

impl Gantt {
    /// Makes room for a row of height `h`, drawing the month axis at the top of each page.
    fn room(&mut self, l: &mut Layout, h: f32) -> f32 {
        if self.axis_page == Some(l.page_index()) {
            l.ensure(h);
        }
        if self.axis_page != Some(l.page_index()) {
            l.ensure(AXIS_H + h);
            self.axis(l);
        }
        l.reserve(h)
    }

    fn axis(&mut self, l: &mut Layout) {
        let top = l.reserve(AXIS_H);
        let sc = &self.scale;
        let labels: Vec<String> = self.months.iter().map(|m| month_and_year(*m)).collect();
        let widest = labels.iter().map(|m| l.width(m, LABEL)).fold(0.0, f32::max);
        let span = (sc.x1 - sc.x0) / self.months.len().max(1) as f32;
        let every = ((widest + 6.0) / span.max(1.0)).ceil().max(1.0) as usize;
        for (i, (m, label)) in self.months.iter().zip(&labels).enumerate() {
            let x = sc.x(*m);
            l.push(Item::Line {
                from: (x, top + 2.0),
                to: (x, top + AXIS_H),
                width: 0.3,
                gray: 0.5,
            });
            if i % every == 0 && x + widest <= sc.x1 + 2.0 {
                l.push(text(l, x + 2.0, top + 2.0, LABEL, label));
            }
        }
        l.push(rule(l.geo.left(), l.geo.right(), top + AXIS_H, 0.6, 0.0));
        self.axis_page = Some(l.page_index());
    }

    fn label_lines(&self, l: &Layout, text: &str, style: Style) -> Vec<String> {
        let text = l.fonts.clean(text);
        l.wrap(&text, style, self.label_w)
    }

    fn row_height(lines: usize, style: Style) -> f32 {
        (lines as f32 * style.leading()).max(11.0) + 2.0 * ROW_PAD
    }

    fn phase_row(&mut self, l: &mut Layout, phase: &Phase) {
        let (Some(start), Some(end)) = (phase.start(), phase.end()) else {
            return;
        };
        let lines = self.label_lines(l, &phase.title, SMALL_BOLD);
        let h = Self::row_height(lines.len(), SMALL_BOLD);
        let top = self.room(l, h);
        l.push(rect(l.geo.left(), top, l.geo.body_width(), h, 0.95, None));
        self.grid(l, top, h);
        self.label(l, top, &lines, SMALL_BOLD);
        let (x0, x1) = (self.scale.x(start), self.scale.x_end(end));
        let bar = 7.0;
        let y = top + (h - bar) / 2.0;
        l.push(rect(x0, y, (x1 - x0).max(1.0), bar, 0.35, Some(0.0)));
    }

    fn milestone_row(&mut self, l: &mut Layout, title: &str, date: NaiveDate) {
        let lines = self.label_lines(l, title, SMALL);
        let h = Self::row_height(lines.len(), SMALL);
        let top = self.room(l, h);
        self.grid(l, top, h);
        self.label(l, top, &lines, SMALL);
        let x = self.scale.x(date);
        let mid = top + h / 2.0;
        l.push(diamond(x, mid, 4.0));
        let when = human_date(date);
        let w = l.width(&when, LABEL);
        let at = if x + 7.0 + w <= self.scale.x1 {
            x + 7.0
        } else {
            x - 7.0 - w
        };
        l.push(text(l, at, mid - LABEL.leading() / 2.0, LABEL, &when));
    }

    fn label(&self, l: &mut Layout, top: f32, lines: &[String], style: Style) {
        let mut y = top + ROW_PAD;
        for line in lines {
            l.text_line(l.geo.left() + 2.0, y, style, line);
            y += style.leading();
        }
    }

    /// Month boundaries as light vertical lines, and a line under the row.
    fn grid(&self, l: &mut Layout, top: f32, h: f32) {
        for m in &self.months {
            let x = self.scale.x(*m);
            l.push(Item::Line {
                from: (x, top),
                to: (x, top + h),
                width: 0.3,
                gray: 0.8,
            });
        }
        l.push(rule(l.geo.left(), l.geo.right(), top + h, 0.2, 0.8));
    }

    /// What the bar and the diamond stand for.
    fn key(&mut self, l: &mut Layout, s: &Strings) {
        let top = l.reserve(SMALL.leading() + 8.0) + 6.0;
        let x = l.geo.left();
        l.push(rect(x, top + 3.0, 14.0, 6.0, 0.35, Some(0.0)));
        let phase = s.get(key::pdf::chart::PHASE);
        l.push(text(l, x + 18.0, top, SMALL, phase));
        let x = x + 18.0 + l.width(phase, SMALL) + 18.0;
        l.push(diamond(x + 4.0, top + SMALL.leading() / 2.0, 4.0));
        l.push(text(
            l,
            x + 12.0,
            top,
            SMALL,
            s.get(key::pdf::chart::MILESTONE),
        ));
        l.space(8.0);
    }
}

fn diamond(x: f32, y: f32, r: f32) -> Item {
    Item::Shape {
        points: vec![(x, y - r), (x + r, y), (x, y + r), (x - r, y)],
        fill: 0.0,
    }
}

/// The first day of each month the plan runs into, starting with the plan's own start.
fn month_starts(start: NaiveDate, end: NaiveDate) -> Vec<NaiveDate> {
    let mut out = vec![start];
    let mut d = NaiveDate::from_ymd_opt(start.year(), start.month(), 1).unwrap_or(start);
    loop {
        d = match d.checked_add_months(chrono::Months::new(1)) {
            Some(next) => next,
            None => break,
        };
        if d > end {
            break;
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_steps_are_round() {
        assert_eq!(nice_step(0.3), 0.5);
        assert_eq!(nice_step(1.0), 1.0);
        assert_eq!(nice_step(260.0), 500.0);
        assert_eq!(nice_step(1201.0), 2000.0);
        assert_eq!(nice_step(0.0), 1.0);
        assert_eq!(nice_step(f64::NAN), 1.0);
    }

    #[test]
    fn months_start_at_the_plan_start() {
        let d = |m, day| NaiveDate::from_ymd_opt(2027, m, day).unwrap();
        assert_eq!(
            month_starts(d(3, 15), d(5, 2)),
            vec![d(3, 15), d(4, 1), d(5, 1)]
        );
        assert_eq!(month_starts(d(3, 1), d(3, 1)), vec![d(3, 1)]);
    }
}
