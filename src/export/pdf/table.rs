//! Tables: columns with relative widths, cells that wrap, a header row repeated after
//! every page break, light zebra rows, and group rows that stay with the row after them.
//! A row taller than a whole page is split between pages line by line.

use super::layout::{Item, Layout, SMALL, SMALL_BOLD, Style, rule};

const PAD_X: f32 = 4.0;
const PAD_Y: f32 = 3.0;
const HEADER_FILL: f32 = 0.85;
const ZEBRA_FILL: f32 = 0.95;
const GROUP_FILL: f32 = 0.9;
/// A table no taller than this share of a page is never split.
const KEEP_WHOLE: f32 = 0.3;
/// The smallest size a header is shrunk to.
const HEADER_FLOOR: f32 = 6.0;
/// Joins the words of a unit that is never split between lines.
const NBSP: char = '\u{a0}';

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

#[derive(Clone, Debug)]
pub struct Column {
    pub title: String,
    /// Share of the table width, relative to the other columns.
    pub weight: f32,
    pub align: Align,
}

impl Column {
    pub fn new(title: &str, weight: f32) -> Column {
        Column {
            title: title.to_string(),
            weight,
            align: Align::Left,
        }
    }

    pub fn align(self, align: Align) -> Column {
        Column { align, ..self }
    }
}

/// A cell: paragraphs stacked, each with its own style.
pub type Cell = Vec<(Style, String)>;

/// A cell of one paragraph in the table's text style.
pub fn cell(text: impl Into<String>) -> Cell {
    vec![(SMALL, text.into())]
}

pub fn bold(text: impl Into<String>) -> Cell {
    vec![(SMALL_BOLD, text.into())]
}

#[derive(Clone, Debug)]
pub enum Row {
    Cells(Vec<Cell>),
    /// A band across the whole table naming the rows below it.
    Group(String),
}

#[derive(Clone, Debug)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    pub header: bool,
    pub zebra: bool,
    /// The least height of a row, for columns left free for handwriting.
    pub min_row: f32,
    pub header_style: Style,
}

impl Table {
    pub fn new(columns: Vec<Column>) -> Table {
        Table {
            columns,
            rows: Vec::new(),
            header: true,
            zebra: true,
            min_row: 0.0,
            header_style: SMALL_BOLD,
        }
    }

    pub fn row(&mut self, cells: Vec<Cell>) {
        self.rows.push(Row::Cells(cells));
    }

    pub fn group(&mut self, title: impl Into<String>) {
        self.rows.push(Row::Group(title.into()));
    }

    /// Column widths that add up to `total`: each column's share by weight, except that
    /// no column is narrower than `least` (its widest unit, see [`Layout::least_widths`]).
    /// What a column needs beyond its share comes from the others, in proportion to their
    /// weights. Only when the units cannot all fit side by side is every column cut back
    /// in proportion to its need, and the units then break where they reach the edge.
    fn widths(&self, total: f32, least: &[f32]) -> Vec<f32> {
        let weights: Vec<f32> = self.columns.iter().map(|c| c.weight.max(0.0)).collect();
        let need: f32 = least.iter().sum();
        if need > total {
            return least.iter().map(|l| total * l / need).collect();
        }
        // Columns held at their least width; the rest share what is left by weight. A
        // column once held stays held, so this ends after at most one pass per column.
        let mut held = vec![false; weights.len()];
        loop {
            let taken: f32 = least
                .iter()
                .zip(&held)
                .filter(|(_, h)| **h)
                .map(|(l, _)| l)
                .sum();
            let free: f32 = weights
                .iter()
                .zip(&held)
                .filter(|(_, h)| !**h)
                .map(|(w, _)| w)
                .sum();
            let widths: Vec<f32> = (0..weights.len())
                .map(|i| {
                    if held[i] {
                        least[i]
                    } else {
                        (total - taken) * weights[i] / free.max(f32::EPSILON)
                    }
                })
                .collect();
            let short: Vec<usize> = (0..weights.len())
                .filter(|&i| !held[i] && widths[i] < least[i])
                .collect();
            if short.is_empty() {
                return widths;
            }
            for i in short {
                held[i] = true;
            }
        }
    }
}

/// The wrapped lines of each cell of a row.
#[derive(Clone, Debug, Default)]
struct Lines {
    cells: Vec<Vec<(Style, String)>>,
}

impl Lines {
    fn height(&self) -> f32 {
        self.cells
            .iter()
            .map(|c| c.iter().map(|(s, _)| s.leading()).sum::<f32>())
            .fold(0.0, f32::max)
    }

    fn first_line(&self) -> f32 {
        self.cells
            .iter()
            .filter_map(|c| c.first().map(|(s, _)| s.leading()))
            .fold(0.0, f32::max)
    }

    fn is_empty(&self) -> bool {
        self.cells.iter().all(Vec::is_empty)
    }

    /// The lines that fit in `h`, and the rest.
    fn split(self, h: f32) -> (Lines, Lines) {
        let mut head = Lines::default();
        let mut tail = Lines::default();
        for cell in self.cells {
            let mut used = 0.0;
            let mut top = Vec::new();
            let mut rest = Vec::new();
            for (style, text) in cell {
                if rest.is_empty() && used + style.leading() <= h + 0.01 {
                    used += style.leading();
                    top.push((style, text));
                } else {
                    rest.push((style, text));
                }
            }
            head.cells.push(top);
            tail.cells.push(rest);
        }
        (head, tail)
    }
}

/// A row with its text wrapped.
enum Prepared {
    Group(Vec<String>),
    Cells(Lines),
}

impl Prepared {
    fn height(&self, frame: &Frame) -> f32 {
        match self {
            Prepared::Group(lines) => group_height(lines),
            Prepared::Cells(lines) => frame.whole(lines),
        }
    }

    /// The height the row needs where it starts.
    fn least_height(&self, frame: &Frame, full_room: f32) -> f32 {
        match self {
            Prepared::Group(lines) => group_height(lines),
            Prepared::Cells(lines) => frame.least(lines, full_room),
        }
    }
}

fn group_height(lines: &[String]) -> f32 {
    lines.len() as f32 * SMALL_BOLD.leading() + 2.0 * PAD_Y
}

/// Where the columns stand and whether the header is on the current page.
struct Frame {
    x: Vec<f32>,
    widths: Vec<f32>,
    aligns: Vec<Align>,
    header: Option<Lines>,
    header_page: Option<usize>,
    min_row: f32,
}

impl Frame {
    fn header_height(&self) -> f32 {
        self.header
            .as_ref()
            .map_or(0.0, |h| h.height() + 2.0 * PAD_Y)
    }

    /// The height of a whole row of these lines.
    fn whole(&self, lines: &Lines) -> f32 {
        (lines.height() + 2.0 * PAD_Y).max(self.min_row)
    }

    /// The height a row needs where it starts: all of it when it fits on a page under the
    /// header (it is then never split), else its first line.
    fn least(&self, lines: &Lines, full_room: f32) -> f32 {
        let whole = self.whole(lines);
        if whole <= full_room - self.header_height() {
            whole
        } else {
            lines.first_line() + 2.0 * PAD_Y
        }
    }
}

impl Layout<'_> {
    pub fn table(&mut self, t: &Table) {
        let widths = t.widths(self.geo.body_width(), &self.least_widths(t));
        let mut x = Vec::new();
        let mut at = self.geo.left();
        for w in &widths {
            x.push(at);
            at += w;
        }
        let header_style = self.header_style(t, &widths);
        let header_cells: Vec<Cell> = t
            .columns
            .iter()
            .map(|c| vec![(header_style, c.title.clone())])
            .collect();
        let mut frame = Frame {
            header: None,
            header_page: None,
            aligns: t.columns.iter().map(|c| c.align).collect(),
            x,
            widths,
            min_row: t.min_row,
        };
        if t.header {
            frame.header = Some(self.cell_lines(&header_cells, &frame));
        }
        let rows: Vec<Prepared> = t
            .rows
            .iter()
            .map(|r| match r {
                Row::Group(title) => Prepared::Group(self.group_lines(title)),
                Row::Cells(cells) => Prepared::Cells(self.cell_lines(cells, &frame)),
            })
            .collect();
        let whole = frame.header_height() + rows.iter().map(|r| r.height(&frame)).sum::<f32>();
        if whole <= self.full_room() * KEEP_WHOLE {
            self.ensure(whole);
        }
        let mut stripe = 0;
        let mut rows = rows.into_iter().peekable();
        while let Some(row) = rows.next() {
            match row {
                Prepared::Group(lines) => {
                    let next = rows
                        .peek()
                        .map_or(0.0, |r| r.least_height(&frame, self.full_room()));
                    self.group_row(&lines, next, &mut frame);
                    stripe = 0;
                }
                Prepared::Cells(lines) => {
                    let fill = (t.zebra && stripe % 2 == 1).then_some(ZEBRA_FILL);
                    self.cells_row(lines, fill, &mut frame);
                    stripe += 1;
                }
            }
        }
        self.space(8.0);
    }

    /// The least width of each column: its widest unit, padding included. A unit is text
    /// joined by no-break spaces, such as a date ("16 February 2027") or a size ("1,300 GB"),
    /// which must never be split between lines; ordinary words may still be cut when
    /// longer than their column (a long host name).
    fn least_widths(&self, t: &Table) -> Vec<f32> {
        let mut least = vec![0.0_f32; t.columns.len()];
        for row in &t.rows {
            let Row::Cells(cells) = row else { continue };
            for (i, cell) in cells.iter().enumerate().take(least.len()) {
                for (style, text) in cell {
                    let text = self.fonts.clean(text);
                    for unit in text.split([' ', '\n']).filter(|u| u.contains(NBSP)) {
                        least[i] = least[i].max(self.width(unit, *style) + 2.0 * PAD_X);
                    }
                }
            }
        }
        least
    }

    /// The table's header style, smaller if need be so that no word of a column title is
    /// cut (down to a floor, below which long words are cut after all).
    fn header_style(&self, t: &Table, widths: &[f32]) -> Style {
        let fits = |style: Style| {
            t.columns.iter().zip(widths).all(|(c, w)| {
                c.title
                    .split_whitespace()
                    .all(|word| self.width(word, style) <= w - 2.0 * PAD_X)
            })
        };
        let mut style = t.header_style;
        while style.size > HEADER_FLOOR && !fits(style) {
            style.size -= 0.25;
        }
        style
    }

    fn cell_lines(&self, cells: &[Cell], frame: &Frame) -> Lines {
        let mut out = Lines::default();
        for (i, w) in frame.widths.iter().enumerate() {
            let mut lines = Vec::new();
            for (style, text) in cells.get(i).map_or(&[][..], Vec::as_slice) {
                let text = self.fonts.clean(text);
                for line in self.wrap(&text, *style, w - 2.0 * PAD_X) {
                    lines.push((*style, line));
                }
            }
            out.cells.push(lines);
        }
        out
    }

    /// Makes room for `need` under the header, drawing the header on a new page.
    fn table_room(&mut self, need: f32, frame: &mut Frame) {
        let here = frame.header_page == Some(self.page_index());
        if here || frame.header.is_none() {
            self.ensure(need);
        }
        if frame.header.is_some() && frame.header_page != Some(self.page_index()) {
            self.ensure(frame.header_height() + need);
            self.header_row(frame);
        }
    }

    fn header_row(&mut self, frame: &mut Frame) {
        let Some(lines) = frame.header.clone() else {
            return;
        };
        let h = frame.header_height();
        let top = self.reserve(h);
        let left = self.geo.left();
        let right = self.geo.right();
        self.push(Item::Rect {
            x: left,
            y: top,
            w: right - left,
            h,
            fill: HEADER_FILL,
            outline: None,
        });
        self.draw_lines(&lines, top, frame);
        self.push(rule(left, right, top + h, 0.6, 0.0));
        frame.header_page = Some(self.page_index());
    }

    fn group_lines(&self, title: &str) -> Vec<String> {
        let text = self.fonts.clean(title);
        self.wrap(&text, SMALL_BOLD, self.geo.body_width() - 2.0 * PAD_X)
    }

    fn group_row(&mut self, lines: &[String], next: f32, frame: &mut Frame) {
        let h = group_height(lines);
        self.table_room(h + next, frame);
        let top = self.reserve(h);
        let (left, right) = (self.geo.left(), self.geo.right());
        self.push(Item::Rect {
            x: left,
            y: top,
            w: right - left,
            h,
            fill: GROUP_FILL,
            outline: None,
        });
        let mut y = top + PAD_Y;
        for line in lines {
            self.text_line(left + PAD_X, y, SMALL_BOLD, line);
            y += SMALL_BOLD.leading();
        }
        self.push(rule(left, right, top + h, 0.3, 0.6));
    }

    fn cells_row(&mut self, mut rest: Lines, fill: Option<f32>, frame: &mut Frame) {
        loop {
            let whole = frame.whole(&rest);
            self.table_room(frame.least(&rest, self.full_room()), frame);
            let (part, remain) = if whole <= self.room() + 0.01 {
                (rest, Lines::default())
            } else {
                rest.split(self.room() - 2.0 * PAD_Y)
            };
            let h = (part.height() + 2.0 * PAD_Y).max(if remain.is_empty() {
                frame.min_row
            } else {
                0.0
            });
            let top = self.reserve(h);
            self.row_background(top, h, fill);
            self.draw_lines(&part, top, frame);
            let (left, right) = (self.geo.left(), self.geo.right());
            self.push(rule(left, right, top + h, 0.3, 0.6));
            if remain.is_empty() {
                return;
            }
            self.new_page();
            rest = remain;
        }
    }

    fn row_background(&mut self, top: f32, h: f32, fill: Option<f32>) {
        if let Some(fill) = fill {
            let (left, right) = (self.geo.left(), self.geo.right());
            self.push(Item::Rect {
                x: left,
                y: top,
                w: right - left,
                h,
                fill,
                outline: None,
            });
        }
    }

    fn draw_lines(&mut self, lines: &Lines, top: f32, frame: &Frame) {
        for (i, cell) in lines.cells.iter().enumerate() {
            let mut y = top + PAD_Y;
            let (x, w) = (frame.x[i], frame.widths[i]);
            for (style, text) in cell {
                let at = match frame.aligns[i] {
                    Align::Left => x + PAD_X,
                    Align::Right => x + w - PAD_X - self.width(text, *style),
                    Align::Center => x + (w - self.width(text, *style)) / 2.0,
                };
                self.text_line(at, y, *style, text);
                y += style.leading();
            }
        }
    }

    /// Label and value pairs, labels in bold.
    pub fn key_values(&mut self, pairs: &[(String, String)], label_weight: f32) {
        let mut t = Table::new(vec![
            Column::new("", label_weight),
            Column::new("", 1.0 - label_weight),
        ]);
        t.header = false;
        t.zebra = false;
        for (k, v) in pairs {
            t.row(vec![bold(k.clone()), cell(v.clone())]);
        }
        self.table(&t);
    }
}

#[cfg(test)]
mod tests {
    use super::super::Paper;
    use super::super::fonts::Fonts;
    use super::super::layout::testing::{fill_to, texts_on};
    use super::super::layout::{Geometry, Item};
    use super::*;

    #[test]
    fn the_header_is_repeated_on_every_page() {
        let f = Fonts::load().unwrap();
        let mut l = Layout::new(Geometry::for_paper(Paper::A4), &f);
        let mut t = Table::new(vec![Column::new("Task", 3.0), Column::new("Owner", 1.0)]);
        for i in 0..150 {
            t.row(vec![cell(format!("task {i}")), cell("someone")]);
        }
        l.table(&t);
        let laid = l.finish();
        assert!(laid.pages.len() >= 3);
        for page in &laid.pages {
            let texts = texts_on(page);
            assert_eq!(texts[0], "Task", "{texts:?}");
        }
    }

    #[test]
    fn a_row_taller_than_a_page_is_split_without_losing_lines() {
        let f = Fonts::load().unwrap();
        let geo = Geometry::for_paper(Paper::A4);
        let mut l = Layout::new(geo, &f);
        let mut t = Table::new(vec![Column::new("Item", 1.0), Column::new("Text", 1.0)]);
        let long = (0..1500)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        t.row(vec![cell("one"), cell(long.clone())]);
        t.row(vec![cell("two"), cell("short")]);
        l.table(&t);
        let laid = l.finish();
        assert!(laid.pages.len() >= 2);
        let words: Vec<&str> = laid
            .pages
            .iter()
            .flat_map(|p| texts_on(p))
            .flat_map(|t| t.split(' '))
            .filter(|w| w.starts_with('w'))
            .collect();
        assert_eq!(words.join(" "), long);
        for item in laid.pages.iter().flatten() {
            if let Item::Text { baseline, .. } = item {
                assert!(*baseline < geo.bottom);
            }
        }
    }

    #[test]
    fn a_group_row_stays_with_a_whole_row_of_several_lines() {
        let f = Fonts::load().unwrap();
        let mut l = Layout::new(Geometry::for_paper(Paper::A4), &f);
        let mut t = Table::new(vec![Column::new("A", 1.0)]);
        for i in 0..200 {
            t.group(format!("Group {i}"));
            let lines: Vec<String> = (0..=i % 5).map(|n| format!("row {i} line {n}")).collect();
            t.row(vec![cell(lines.join("\n"))]);
        }
        l.table(&t);
        let laid = l.finish();
        for page in &laid.pages {
            let texts = texts_on(page);
            assert!(!texts.last().unwrap().starts_with("Group"), "{texts:?}");
        }
    }

    #[test]
    fn a_column_is_never_narrower_than_its_widest_unit() {
        let t = Table::new(vec![
            Column::new("Task", 4.0),
            Column::new("Start", 1.0),
            Column::new("End", 1.0),
        ]);
        let total = 480.0;
        let widths = t.widths(total, &[0.0, 100.0, 60.0]);
        assert_eq!(widths[1], 100.0, "{widths:?}");
        // 80 is the End column's share by weight, more than its unit needs.
        assert!((widths[2] - 76.0).abs() < 0.01, "{widths:?}");
        assert!((widths.iter().sum::<f32>() - total).abs() < 0.01);
        // Units wider than the table together: each column gets its part of the room.
        let widths = t.widths(total, &[400.0, 200.0, 0.0]);
        assert!((widths[0] - 320.0).abs() < 0.01, "{widths:?}");
        assert!((widths.iter().sum::<f32>() - total).abs() < 0.01);
    }

    #[test]
    fn a_date_keeps_its_words_together_in_a_narrow_column() {
        let f = Fonts::load().unwrap();
        let mut l = Layout::new(Geometry::for_paper(Paper::A4), &f);
        let mut t = Table::new(vec![Column::new("Task", 9.0), Column::new("End", 1.0)]);
        t.row(vec![cell("a task"), cell("17\u{a0}September\u{a0}2027")]);
        l.table(&t);
        let laid = l.finish();
        let texts = texts_on(&laid.pages[0]);
        assert!(texts.contains(&"17\u{a0}September\u{a0}2027"), "{texts:?}");
    }

    #[test]
    fn a_short_table_is_never_split() {
        let f = Fonts::load().unwrap();
        let mut l = Layout::new(Geometry::for_paper(Paper::A4), &f);
        fill_to(&mut l, 60.0, SMALL);
        let mut t = Table::new(vec![Column::new("A", 1.0)]);
        for row in ["one", "two", "three", "four"] {
            t.row(vec![cell(row)]);
        }
        l.table(&t);
        let laid = l.finish();
        let last = texts_on(laid.pages.last().unwrap());
        assert_eq!(last, vec!["A", "one", "two", "three", "four"]);
    }

    #[test]
    fn a_group_row_stays_with_the_row_after_it() {
        let f = Fonts::load().unwrap();
        let mut l = Layout::new(Geometry::for_paper(Paper::A4), &f);
        fill_to(&mut l, 40.0, SMALL);
        let mut t = Table::new(vec![Column::new("A", 1.0)]);
        t.group("Group");
        t.row(vec![cell("first row")]);
        l.table(&t);
        let laid = l.finish();
        let last = texts_on(laid.pages.last().unwrap());
        assert_eq!(last, vec!["A", "Group", "first row"]);
    }
}
