//! Drawing straight into the frame's buffer. ratatui's Block and Paragraph restyle every
//! cell of their area before drawing, several times over a full screen; these helpers
//! touch only the cells that show something, which keeps a frame well under a millisecond.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::symbols::border;
use ratatui::text::Line;
use unicode_width::UnicodeWidthChar;

/// Gives every cell of `area` the style; nothing to do for the terminal's own style.
pub fn fill(buf: &mut Buffer, area: Rect, style: Style) {
    if style != Style::default() {
        buf.set_style(area.intersection(buf.area), style);
    }
}

/// Writes `lines` from the top of `area`, one per row, each cut at the area's width.
pub fn lines(buf: &mut Buffer, area: Rect, lines: &[Line]) {
    let area = area.intersection(buf.area);
    for (row, line) in (area.y..area.bottom()).zip(lines) {
        put_line(buf, area.x, row, line, area.width);
    }
}

/// Writes one line at (x, y), at most `width` columns; returns the column after it.
pub fn put_line(buf: &mut Buffer, x: u16, y: u16, line: &Line, width: u16) -> u16 {
    let end = x.saturating_add(width).min(buf.area.right());
    let mut at = x;
    for span in &line.spans {
        if at >= end {
            break;
        }
        at = put_str(buf, at, y, &span.content, end, line.style.patch(span.style));
    }
    at
}

/// Text where every character takes exactly one cell, which covers the Latin, Greek and
/// Cyrillic scripts, box drawing and the wizard's symbols, is written a character a cell,
/// skipping ratatui's grapheme segmentation, the costliest part of a frame. Anything else
/// (wide or combining characters) goes through ratatui's own path.
fn put_str(buf: &mut Buffer, x: u16, y: u16, text: &str, end: u16, style: Style) -> u16 {
    let simple = text.chars().all(|c| c.width() == Some(1));
    if !simple {
        let room = usize::from(end.saturating_sub(x));
        return buf.set_stringn(x, y, text, room, style).0;
    }
    let start = buf.index_of(x, y);
    let count = text.chars().count().min(usize::from(end - x));
    for (cell, c) in buf.content[start..start + count]
        .iter_mut()
        .zip(text.chars())
    {
        cell.set_char(c).set_style(style);
    }
    x + count as u16
}

/// Empties `area`, for a box drawn over other content.
pub fn clear(buf: &mut Buffer, area: Rect) {
    let area = area.intersection(buf.area);
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            buf[(x, y)].reset();
        }
    }
}

/// A box with a title on its top edge (and another at its right), drawn in `style`;
/// returns the area inside the border.
pub fn boxed(
    buf: &mut Buffer,
    area: Rect,
    style: Style,
    title: &Line,
    right: Option<&Line>,
) -> Rect {
    let area = area.intersection(buf.area);
    if area.width < 2 || area.height < 2 {
        return Rect::default();
    }
    let set = border::PLAIN;
    let (left, top) = (area.x, area.y);
    let (right_x, bottom) = (area.right() - 1, area.bottom() - 1);
    let inner_w = usize::from(area.width - 2);
    let edge = |l: &str, r: &str| format!("{l}{}{r}", set.horizontal_top.repeat(inner_w));
    let end = area.right();
    put_str(
        buf,
        left,
        top,
        &edge(set.top_left, set.top_right),
        end,
        style,
    );
    put_str(
        buf,
        left,
        bottom,
        &edge(set.bottom_left, set.bottom_right),
        end,
        style,
    );
    for y in top + 1..bottom {
        put_str(buf, left, y, set.vertical_left, end, style);
        put_str(buf, right_x, y, set.vertical_right, end, style);
    }
    let room = area.width.saturating_sub(2);
    let title_w = put_line(buf, left + 1, top, title, room) - (left + 1);
    if let Some(r) = right {
        let width = u16::try_from(r.width()).unwrap_or(u16::MAX);
        let free = room.saturating_sub(title_w + 1);
        if width <= free {
            put_line(buf, right_x - width, top, r, width);
        }
    }
    Rect {
        x: left + 1,
        y: top + 1,
        width: area.width - 2,
        height: area.height - 2,
    }
}
