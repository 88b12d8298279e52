//! A small page layout engine: it flows headings, paragraphs, bullet lists, tables and
//! figures down the pages and records what to draw where. Nothing here knows about PDF:
//! the `draw` module (which uses this one) turns the pages into PDF operations.
//!
//! Coordinates are points from the top-left corner of the page. Every line of text gets a
//! line box 1.4 times its font size, which is taller than the font's ascent plus descent,
//! so the boxes of two lines never overlap.

use super::Paper;
use super::fonts::{Face, Fonts};

/// Points in a millimetre.
pub const MM: f32 = 72.0 / 25.4;
/// Line box height relative to the font size.
pub const LEADING: f32 = 1.4;

/// Where things go on a page.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Geometry {
    pub width: f32,
    pub height: f32,
    /// Left and right margin.
    pub margin: f32,
    /// Top and bottom of the body frame.
    pub top: f32,
    pub bottom: f32,
    /// Baselines of the running header and footer.
    pub header: f32,
    pub footer: f32,
}

impl Geometry {
    pub fn for_paper(paper: Paper) -> Geometry {
        let (width, height) = match paper {
            Paper::A4 => (210.0 * MM, 297.0 * MM),
            Paper::Letter => (612.0, 792.0),
        };
        Geometry {
            width,
            height,
            margin: 20.0 * MM,
            top: 25.0 * MM,
            bottom: height - 22.0 * MM,
            header: 15.0 * MM,
            footer: height - 13.0 * MM,
        }
    }

    pub fn body_width(&self) -> f32 {
        self.width - 2.0 * self.margin
    }

    pub fn left(&self) -> f32 {
        self.margin
    }

    pub fn right(&self) -> f32 {
        self.width - self.margin
    }
}

/// How a run of text looks. `gray` is 0 for black to 1 for white.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Style {
    pub face: Face,
    pub size: f32,
    pub gray: f32,
}

impl Style {
    pub const fn new(face: Face, size: f32) -> Style {
        Style {
            face,
            size,
            gray: 0.0,
        }
    }

    pub const fn gray(self, gray: f32) -> Style {
        Style { gray, ..self }
    }

    pub fn leading(&self) -> f32 {
        self.size * LEADING
    }
}

pub const BODY: Style = Style::new(Face::Regular, 9.5);
pub const BODY_BOLD: Style = Style::new(Face::Bold, 9.5);
pub const SMALL: Style = Style::new(Face::Regular, 8.0);
pub const SMALL_BOLD: Style = Style::new(Face::Bold, 8.0);
pub const NOTE: Style = Style::new(Face::Regular, 8.0).gray(0.3);
pub const H1: Style = Style::new(Face::Bold, 15.0);
pub const H2: Style = Style::new(Face::Bold, 11.5);

/// Something to draw.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Text {
        x: f32,
        baseline: f32,
        style: Style,
        text: String,
    },
    /// A filled rectangle, optionally outlined.
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: f32,
        outline: Option<f32>,
    },
    Line {
        from: (f32, f32),
        to: (f32, f32),
        width: f32,
        gray: f32,
    },
    /// A filled closed shape.
    Shape { points: Vec<(f32, f32)>, fill: f32 },
}

/// An outline (bookmark) entry: a heading and where it stands.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    /// 0 for a section, 1 for a part of one.
    pub level: u8,
    pub title: String,
    pub page: usize,
    pub y: f32,
}

/// A heading waiting for the content it belongs with, so it is never left alone at the
/// bottom of a page.
struct Pending {
    style: Style,
    lines: Vec<String>,
    before: f32,
    after: f32,
    mark: Option<(u8, String)>,
}

impl Pending {
    fn height(&self, fresh: bool) -> f32 {
        let before = if fresh { 0.0 } else { self.before };
        before + self.lines.len() as f32 * self.style.leading() + self.after
    }
}

pub struct Layout<'f> {
    pub geo: Geometry,
    pub fonts: &'f Fonts,
    pages: Vec<Vec<Item>>,
    y: f32,
    /// Nothing has been placed on the current page yet.
    fresh: bool,
    pending: Vec<Pending>,
    marks: Vec<Mark>,
}

/// What the layout produced.
pub struct Laid {
    pub pages: Vec<Vec<Item>>,
    pub marks: Vec<Mark>,
}

/// Whether `text` holds letters of a script written without spaces between words.
fn needs_dictionary(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c as u32, 0x0E00..=0x0EFF | 0x1000..=0x109F | 0x1780..=0x17FF | 0x19E0..=0x19FF)
    })
}

impl Laid {
    /// Mirrors every page left to right for a document read from the right: each item
    /// keeps its distance from the other edge, and a text its own reading order, so it
    /// is placed by its `width`.
    pub fn mirror(&mut self, page_width: f32, width: impl Fn(&str, Style) -> f32) {
        let flip = |x: f32| page_width - x;
        for item in self.pages.iter_mut().flatten() {
            match item {
                Item::Text { x, style, text, .. } => *x = flip(*x + width(text, *style)),
                Item::Rect { x, w, .. } => *x = flip(*x + *w),
                Item::Line { from, to, .. } => {
                    from.0 = flip(from.0);
                    to.0 = flip(to.0);
                }
                Item::Shape { points, .. } => {
                    for p in points {
                        p.0 = flip(p.0);
                    }
                }
            }
        }
    }
}

impl<'f> Layout<'f> {
    pub fn new(geo: Geometry, fonts: &'f Fonts) -> Layout<'f> {
        Layout {
            geo,
            fonts,
            pages: vec![Vec::new()],
            y: geo.top,
            fresh: true,
            pending: Vec::new(),
            marks: Vec::new(),
        }
    }

    pub fn finish(mut self) -> Laid {
        self.flush_pending();
        Laid {
            pages: self.pages,
            marks: self.marks,
        }
    }

    pub fn page_index(&self) -> usize {
        self.pages.len() - 1
    }

    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// The headings placed so far.
    pub fn marks(&self) -> &[Mark] {
        &self.marks
    }

    /// Height left in the body frame of the current page.
    pub fn room(&self) -> f32 {
        self.geo.bottom - self.y
    }

    /// Height of a whole empty body frame.
    pub fn full_room(&self) -> f32 {
        self.geo.bottom - self.geo.top
    }

    pub fn new_page(&mut self) {
        if self.fresh && self.page_is_empty() {
            return;
        }
        self.pages.push(Vec::new());
        self.y = self.geo.top;
        self.fresh = true;
    }

    fn page_is_empty(&self) -> bool {
        self.pages.last().is_none_or(Vec::is_empty)
    }

    pub fn push(&mut self, item: Item) {
        self.pages
            .last_mut()
            .expect("there is always a page")
            .push(item);
    }

    /// Places an item on an earlier page (the running header and footer).
    pub fn push_on(&mut self, page: usize, item: Item) {
        if let Some(p) = self.pages.get_mut(page) {
            p.push(item);
        }
    }

    /// Vertical space between blocks; none at the top of a page.
    pub fn space(&mut self, h: f32) {
        if !self.fresh {
            self.y = (self.y + h).min(self.geo.bottom);
        }
    }

    /// Makes sure `h` fits below the waiting headings, starting a new page if not.
    pub fn ensure(&mut self, h: f32) {
        let head: f32 = self.pending.iter().map(|p| p.height(self.fresh)).sum();
        if !self.fresh && head + h > self.room() + 0.01 {
            self.new_page();
        }
    }

    /// Takes `h` of height for content and returns its top. Waiting headings are drawn
    /// first, on the same page.
    pub fn reserve(&mut self, h: f32) -> f32 {
        self.ensure(h);
        self.flush_pending();
        let top = self.y;
        self.y += h;
        self.fresh = false;
        top
    }

    /// A heading: level 0 starts a section (with an outline entry), 1 a part of one, 2 a
    /// minor heading without an outline entry.
    pub fn heading(&mut self, level: u8, text: &str) {
        let (style, before, after) = match level {
            0 => (H1, 16.0, 6.0),
            1 => (H2, 12.0, 4.0),
            _ => (BODY_BOLD, 8.0, 2.0),
        };
        let text = self.fonts.clean(text);
        let lines = self.wrap(&text, style, self.geo.body_width());
        let mark = (level < 2).then(|| (level, text.clone()));
        self.pending.push(Pending {
            style,
            lines,
            before,
            after,
            mark,
        });
    }

    /// A short paragraph that introduces what follows and stays on its page, like a
    /// heading.
    pub fn lead_in(&mut self, text: &str, style: Style) {
        let text = self.fonts.clean(text);
        let lines = self.wrap(&text, style, self.geo.body_width());
        self.pending.push(Pending {
            style,
            lines,
            before: 0.0,
            after: 6.0,
            mark: None,
        });
    }

    fn flush_pending(&mut self) {
        for p in std::mem::take(&mut self.pending) {
            if !self.fresh {
                self.y += p.before;
            }
            if let Some((level, title)) = p.mark {
                self.marks.push(Mark {
                    level,
                    title,
                    page: self.page_index(),
                    y: self.y,
                });
            }
            for line in &p.lines {
                let top = self.y;
                self.text_line(self.geo.left(), top, p.style, line);
                self.y += p.style.leading();
            }
            if p.style == H1 {
                let y = self.y + 1.0;
                self.push(rule(self.geo.left(), self.geo.right(), y, 0.8, 0.0));
            }
            self.y += p.after;
            self.fresh = false;
        }
    }

    /// Draws one line of text whose line box starts at `top`.
    pub fn text_line(&mut self, x: f32, top: f32, style: Style, text: &str) {
        if text.is_empty() {
            return;
        }
        let baseline = self.baseline(top, style);
        self.push(Item::Text {
            x,
            baseline,
            style,
            text: text.to_string(),
        });
    }

    /// The baseline of a line box starting at `top`: the glyphs' ascent and descent are
    /// centred in the box.
    pub fn baseline(&self, top: f32, style: Style) -> f32 {
        let m = self.fonts.face(style.face);
        let glyphs = (m.ascent + m.descent) * style.size;
        top + (style.leading() - glyphs) / 2.0 + m.ascent * style.size
    }

    pub fn width(&self, text: &str, style: Style) -> f32 {
        self.fonts.width(text, style.face, style.size)
    }

    /// Splits text into lines no wider than `width`: at spaces, at line breaks, and inside
    /// words too long for a line. Text in a script written without spaces between words
    /// (Thai, Lao, Khmer, Myanmar) breaks between its words, found by dictionary.
    pub fn wrap(&self, text: &str, style: Style, width: f32) -> Vec<String> {
        let space = self.width(" ", style);
        let mut lines = Vec::new();
        for para in text.split('\n') {
            if needs_dictionary(para) {
                self.wrap_by_dictionary(para, style, width, &mut lines);
                continue;
            }
            let mut line = String::new();
            let mut used = 0.0;
            for word in para.split(' ').filter(|w| !w.is_empty()) {
                let w = self.width(word, style);
                let gap = if line.is_empty() { 0.0 } else { space };
                if used + gap + w <= width {
                    if !line.is_empty() {
                        line.push(' ');
                    }
                    line.push_str(word);
                    used += gap + w;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                line = self.break_word(word, style, width, &mut lines);
                used = self.width(&line, style);
            }
            lines.push(line);
        }
        while lines.len() > 1 && lines.last().is_some_and(String::is_empty) {
            lines.pop();
        }
        lines
    }

    /// Wraps a paragraph at the line-break opportunities of the Unicode line breaking
    /// algorithm (UAX #14), which finds the ends of Thai words by dictionary.
    fn wrap_by_dictionary(&self, para: &str, style: Style, width: f32, lines: &mut Vec<String>) {
        use icu_segmenter::LineSegmenter;
        use icu_segmenter::options::LineBreakOptions;
        let breaks: Vec<usize> = LineSegmenter::new_dictionary(LineBreakOptions::default())
            .segment_str(para)
            .collect();
        let mut line = String::new();
        for pair in breaks.windows(2) {
            let piece = &para[pair[0]..pair[1]];
            let longer = format!("{line}{piece}");
            if self.width(longer.trim_end(), style) <= width {
                line = longer;
                continue;
            }
            if !line.trim_end().is_empty() {
                lines.push(line.trim_end().to_string());
            }
            line = piece.to_string();
            if self.width(piece.trim_end(), style) > width {
                line = self.break_word(piece.trim_end(), style, width, lines);
            }
        }
        lines.push(line.trim_end().to_string());
    }

    /// Pushes full-width pieces of a word too long for a line; returns the rest.
    fn break_word(&self, word: &str, style: Style, width: f32, lines: &mut Vec<String>) -> String {
        let mut piece = String::new();
        for c in word.chars() {
            piece.push(c);
            if self.width(&piece, style) > width && piece.chars().count() > 1 {
                piece.pop();
                lines.push(std::mem::take(&mut piece));
                piece.push(c);
            }
        }
        piece
    }

    /// The text cut to `width`, ending in an ellipsis when it had to be shortened.
    pub fn fit(&self, text: &str, style: Style, width: f32) -> String {
        if self.width(text, style) <= width {
            return text.to_string();
        }
        let mut out = String::new();
        for c in text.chars() {
            out.push(c);
            if self.width(&format!("{out}…"), style) > width {
                out.pop();
                break;
            }
        }
        format!("{}…", out.trim_end())
    }

    /// A paragraph across the body width.
    pub fn paragraph(&mut self, text: &str, style: Style) {
        self.flow(text, style, 0.0, None);
    }

    /// Keeps the first two and the last two lines of a paragraph together, so that no page
    /// starts or ends with a lone line of it.
    fn keep_lines(&mut self, i: usize, count: usize, style: Style) {
        let first = i == 0 && count >= 2;
        let before_last = count >= 3 && i == count - 2;
        if first || before_last {
            self.ensure(2.0 * style.leading());
        }
    }

    /// A bulleted list; each item may wrap, its later lines hang under its first.
    pub fn bullets(&mut self, items: &[String], style: Style) {
        for item in items {
            self.flow(item, style, 12.0, Some("•"));
            self.space(2.0);
        }
    }

    /// Text wrapped to the body width less `indent` and placed line by line, with `mark`
    /// (a bullet) in the indent of its first line.
    fn flow(&mut self, text: &str, style: Style, indent: f32, mark: Option<&str>) {
        let text = self.fonts.clean(text);
        let lines = self.wrap(&text, style, self.geo.body_width() - indent);
        for (i, line) in lines.iter().enumerate() {
            self.keep_lines(i, lines.len(), style);
            let top = self.reserve(style.leading());
            if let Some(mark) = mark.filter(|_| i == 0) {
                self.text_line(self.geo.left() + 3.0, top, style, mark);
            }
            self.text_line(self.geo.left() + indent, top, style, line);
        }
    }
}

/// A horizontal line.
pub fn rule(x1: f32, x2: f32, y: f32, width: f32, gray: f32) -> Item {
    Item::Line {
        from: (x1, y),
        to: (x2, y),
        width,
        gray,
    }
}

/// What the layout and table tests share.
#[cfg(test)]
pub(super) mod testing {
    use super::{Item, Layout, Style};

    /// Fills the current page with one-line paragraphs until no more than `room` is left.
    pub fn fill_to(l: &mut Layout, room: f32, style: Style) {
        while l.room() > room {
            l.paragraph("filler", style);
        }
    }

    /// The texts of a page, in the order they were placed.
    pub fn texts_on(page: &[Item]) -> Vec<&str> {
        page.iter()
            .filter_map(|i| match i {
                Item::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{fill_to, texts_on};
    use super::*;

    fn fonts() -> Fonts {
        Fonts::load().unwrap()
    }

    #[test]
    fn wrapping_respects_the_width_and_keeps_every_word() {
        let f = fonts();
        let l = Layout::new(Geometry::for_paper(Paper::A4), &f);
        let text = "Le ministère prévoit une équipe de trois personnes pour gérer les serveurs \
                    et répondre aux alertes pendant toute la durée du programme.";
        let lines = l.wrap(text, BODY, 150.0);
        assert!(lines.len() > 2, "{lines:?}");
        for line in &lines {
            assert!(l.width(line, BODY) <= 150.0, "{line}");
        }
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn long_words_are_cut_and_breaks_are_kept() {
        let f = fonts();
        let l = Layout::new(Geometry::for_paper(Paper::A4), &f);
        let word = "x".repeat(300);
        let lines = l.wrap(&word, BODY, 100.0);
        assert!(lines.len() > 3);
        assert!(lines.iter().all(|s| l.width(s, BODY) <= 100.0));
        assert_eq!(lines.concat(), word);
        assert_eq!(l.wrap("one\ntwo", BODY, 500.0), vec!["one", "two"]);
        assert_eq!(l.wrap("", BODY, 500.0), vec![""]);
    }

    #[test]
    fn fit_shortens_with_an_ellipsis() {
        let f = fonts();
        let l = Layout::new(Geometry::for_paper(Paper::A4), &f);
        assert_eq!(l.fit("short", BODY, 200.0), "short");
        let cut = l.fit(&"long words ".repeat(30), BODY, 100.0);
        assert!(cut.ends_with('…') && l.width(&cut, BODY) <= 100.0, "{cut}");
    }

    #[test]
    fn a_heading_never_ends_a_page() {
        let f = fonts();
        let mut l = Layout::new(Geometry::for_paper(Paper::A4), &f);
        // Fill the page until one body line is left.
        fill_to(&mut l, BODY.leading() * 2.0, BODY);
        l.heading(0, "Section");
        l.paragraph("first line of the section", BODY);
        let laid = l.finish();
        assert_eq!(laid.pages.len(), 2);
        assert_eq!(
            laid.marks[0].page, 1,
            "the heading moved with its paragraph"
        );
    }

    #[test]
    fn no_page_starts_or_ends_with_a_lone_line_of_a_paragraph() {
        let f = fonts();
        let mut l = Layout::new(Geometry::for_paper(Paper::A4), &f);
        fill_to(&mut l, BODY.leading() * 1.5, BODY);
        // One line of room: the three-line paragraph starts on the next page.
        l.paragraph("one\ntwo\nthree", BODY);
        let laid = l.finish();
        assert_eq!(texts_on(&laid.pages[1]), vec!["one", "two", "three"]);

        let mut l = Layout::new(Geometry::for_paper(Paper::A4), &f);
        fill_to(&mut l, BODY.leading() * 3.5, BODY);
        // Three lines of room for four: two go here, two on the next page.
        l.paragraph("a\nb\nc\nd", BODY);
        let laid = l.finish();
        assert_eq!(texts_on(&laid.pages[1]), vec!["c", "d"]);
    }

    #[test]
    fn text_stays_in_the_body_frame() {
        let f = fonts();
        let geo = Geometry::for_paper(Paper::Letter);
        let mut l = Layout::new(geo, &f);
        for i in 0..200 {
            l.heading(1, &format!("Heading {i}"));
            l.bullets(&["a bullet that is long enough to wrap ".repeat(4)], BODY);
        }
        let laid = l.finish();
        assert!(laid.pages.len() > 5);
        for item in laid.pages.iter().flatten() {
            if let Item::Text { x, baseline, .. } = item {
                assert!(*x >= geo.left() && *baseline <= geo.bottom && *baseline >= geo.top);
            }
        }
    }
}
