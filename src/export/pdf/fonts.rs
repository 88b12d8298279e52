//! The two faces of the document (Noto Sans regular and bold, embedded in the binary) and
//! text widths measured from their glyph advances, so lines wrap where they really end.

use printpdf::ParsedFont;

const REGULAR: &[u8] = include_bytes!("../../../assets/fonts/NotoSans-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../../../assets/fonts/NotoSans-Bold.ttf");

/// Characters whose widths are looked up once when the fonts are read: Latin with its
/// accents (French, Spanish, Portuguese and more). Others are looked up as they come.
const TABLE_END: u32 = 0x0250;

/// Printed in place of a character the fonts cannot draw.
pub const MISSING: char = '?';

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Face {
    Regular,
    Bold,
}

/// One face: the parsed font and its advances in em.
pub struct Metrics {
    pub font: ParsedFont,
    units_per_em: f32,
    /// Advance in em of each character below [`TABLE_END`]; negative when the font has
    /// no glyph for it.
    table: Vec<f32>,
    pub ascent: f32,
    pub descent: f32,
}

pub struct Fonts {
    pub regular: Metrics,
    pub bold: Metrics,
}

impl Fonts {
    /// Reads the embedded fonts. They ship with the binary, so failing to read them is a
    /// broken build, reported rather than panicking. The error is the unreadable font's
    /// name.
    pub fn load() -> Result<Fonts, &'static str> {
        Ok(Fonts {
            regular: Metrics::read(REGULAR, "NotoSans-Regular.ttf")?,
            bold: Metrics::read(BOLD, "NotoSans-Bold.ttf")?,
        })
    }

    pub fn face(&self, face: Face) -> &Metrics {
        match face {
            Face::Regular => &self.regular,
            Face::Bold => &self.bold,
        }
    }

    /// Width of `text` in points at `size`.
    pub fn width(&self, text: &str, face: Face, size: f32) -> f32 {
        let m = self.face(face);
        text.chars().map(|c| m.advance(c)).sum::<f32>() * size
    }

    /// The text with every character the fonts cannot draw replaced, and tabs and other
    /// control characters turned into spaces (line breaks are kept).
    pub fn clean(&self, text: &str) -> String {
        text.chars()
            .map(|c| match c {
                '\n' => '\n',
                c if c.is_control() => ' ',
                c if self.regular.has(c) && self.bold.has(c) => c,
                _ => MISSING,
            })
            .collect()
    }
}

impl Metrics {
    fn read(bytes: &[u8], name: &'static str) -> Result<Metrics, &'static str> {
        let font = ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).ok_or(name)?;
        let units_per_em = f32::from(font.font_metrics.units_per_em.max(1));
        let mut m = Metrics {
            units_per_em,
            table: Vec::new(),
            ascent: font.font_metrics.ascent / units_per_em,
            descent: font.font_metrics.descent.abs() / units_per_em,
            font,
        };
        m.table = (0..TABLE_END)
            .map(|cp| m.lookup(cp).unwrap_or(-1.0))
            .collect();
        Ok(m)
    }

    fn lookup(&self, codepoint: u32) -> Option<f32> {
        let gid = self.font.lookup_glyph_index(codepoint)?;
        Some(f32::from(self.font.get_horizontal_advance(gid)) / self.units_per_em)
    }

    /// Whether the face has a glyph for `c`.
    pub fn has(&self, c: char) -> bool {
        match self.table.get(c as usize) {
            Some(w) => *w >= 0.0,
            None => self.font.lookup_glyph_index(c as u32).is_some(),
        }
    }

    /// Advance of `c` in em; a missing glyph counts as the replacement character.
    fn advance(&self, c: char) -> f32 {
        let known = match self.table.get(c as usize) {
            Some(w) => Some(*w).filter(|w| *w >= 0.0),
            None => self.lookup(c as u32),
        };
        known.unwrap_or_else(|| self.table[MISSING as usize].max(0.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_come_from_the_glyphs() {
        let f = Fonts::load().unwrap();
        let narrow = f.width("iiii", Face::Regular, 10.0);
        let wide = f.width("MMMM", Face::Regular, 10.0);
        assert!(narrow > 0.0 && wide > 2.0 * narrow, "{narrow} {wide}");
        assert!(f.width("MMMM", Face::Bold, 10.0) > wide);
        assert_eq!(f.width("", Face::Regular, 10.0), 0.0);
        let at20 = f.width("Kalmaria", Face::Regular, 20.0);
        assert!((at20 - 2.0 * f.width("Kalmaria", Face::Regular, 10.0)).abs() < 1e-3);
    }

    #[test]
    fn accented_latin_is_drawn_and_the_rest_replaced() {
        let f = Fonts::load().unwrap();
        let names = "Amélie Nkosi-Durán, Søren Abiodun-Vásquez, João, Ça, ñ, œ, €";
        assert_eq!(f.clean(names), names);
        assert_eq!(f.clean("a\tb\u{7}c\nd"), "a b c\nd");
        assert_eq!(f.clean("名前"), "??");
    }
}
