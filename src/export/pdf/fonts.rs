//! The faces of the document, embedded in the binary, and the widths of text set in them.
//!
//! Noto Sans draws Latin, Greek and Cyrillic; Noto Naskh Arabic, Noto Sans Thai and Noto
//! Sans Devanagari draw their scripts. Text Noto Sans can draw alone is measured from its
//! glyph advances and written as it is; any other text is shaped (the `shape` module,
//! which also measures text).

use harfrust::{Direction, Script, ShapePlan};
use printpdf::ParsedFont;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

const LATIN: [&[u8]; 2] = [
    include_bytes!("../../../assets/fonts/NotoSans-Regular.ttf"),
    include_bytes!("../../../assets/fonts/NotoSans-Bold.ttf"),
];
const ARABIC: [&[u8]; 2] = [
    include_bytes!("../../../assets/fonts/NotoNaskhArabic-Regular.ttf"),
    include_bytes!("../../../assets/fonts/NotoNaskhArabic-Bold.ttf"),
];
const THAI: [&[u8]; 2] = [
    include_bytes!("../../../assets/fonts/NotoSansThai-Regular.ttf"),
    include_bytes!("../../../assets/fonts/NotoSansThai-Bold.ttf"),
];
const DEVANAGARI: [&[u8]; 2] = [
    include_bytes!("../../../assets/fonts/NotoSansDevanagari-Regular.ttf"),
    include_bytes!("../../../assets/fonts/NotoSansDevanagari-Bold.ttf"),
];

/// Characters whose widths are looked up once when the fonts are read: Latin with its
/// accents (French, Spanish, Portuguese and more). Others are looked up as they come.
const TABLE_END: u32 = 0x0250;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Face {
    Regular,
    Bold,
}

/// A family of faces, one per script the document can be written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    /// Noto Sans: Latin, Greek, Cyrillic, and what no other family claims.
    Latin,
    Arabic,
    Thai,
    Devanagari,
}

impl Family {
    pub const ALL: [Family; 4] = [
        Family::Latin,
        Family::Arabic,
        Family::Thai,
        Family::Devanagari,
    ];

    fn index(self) -> usize {
        self as usize
    }

    /// The family made for the script `c` belongs to, by Unicode block; `None` for Latin
    /// and for characters every script shares (spaces, digits, punctuation).
    pub fn of(c: char) -> Option<Family> {
        match c as u32 {
            0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF => Some(Family::Arabic),
            0xFB50..=0xFDFF | 0xFE70..=0xFEFF => Some(Family::Arabic),
            0x0E00..=0x0E7F => Some(Family::Thai),
            0x0900..=0x097F | 0xA8E0..=0xA8FF | 0x1CD0..=0x1CFF => Some(Family::Devanagari),
            _ => None,
        }
    }

    /// The script the family's text is shaped as.
    pub fn script(self) -> Script {
        match self {
            Family::Latin => Script::LATIN,
            Family::Arabic => Script::ARABIC,
            Family::Thai => Script::THAI,
            Family::Devanagari => Script::DEVANAGARI,
        }
    }

    fn files(self) -> [&'static [u8]; 2] {
        match self {
            Family::Latin => LATIN,
            Family::Arabic => ARABIC,
            Family::Thai => THAI,
            Family::Devanagari => DEVANAGARI,
        }
    }

    fn name(self, face: Face) -> &'static str {
        match (self, face) {
            (Family::Latin, Face::Regular) => "NotoSans-Regular.ttf",
            (Family::Latin, Face::Bold) => "NotoSans-Bold.ttf",
            (Family::Arabic, Face::Regular) => "NotoNaskhArabic-Regular.ttf",
            (Family::Arabic, Face::Bold) => "NotoNaskhArabic-Bold.ttf",
            (Family::Thai, Face::Regular) => "NotoSansThai-Regular.ttf",
            (Family::Thai, Face::Bold) => "NotoSansThai-Bold.ttf",
            (Family::Devanagari, Face::Regular) => "NotoSansDevanagari-Regular.ttf",
            (Family::Devanagari, Face::Bold) => "NotoSansDevanagari-Bold.ttf",
        }
    }
}

/// One face: the parsed font for the PDF, the same font for the shaper, and its advances
/// in em.
pub struct Metrics {
    pub font: ParsedFont,
    pub shaping: harfrust::Font,
    units_per_em: f32,
    /// Advance in em of each character below [`TABLE_END`]; negative when the font has
    /// no glyph for it.
    table: Vec<f32>,
    pub ascent: f32,
    pub descent: f32,
    /// Shaping plans, left to right and right to left, made when first needed.
    plans: [OnceLock<ShapePlan>; 2],
}

pub struct Fonts {
    /// Regular and bold of each family, in [`Family::ALL`] order.
    faces: Vec<Metrics>,
    /// Widths in em of shaped texts already measured (see `shape`): a layout measures the
    /// same words many times over.
    pub(super) shaped_widths: Mutex<HashMap<(Face, String), f32>>,
}

impl Fonts {
    /// Reads the embedded fonts. They ship with the binary, so failing to read them is a
    /// broken build, reported rather than panicking. The error is the unreadable font's
    /// name.
    pub fn load() -> Result<Fonts, &'static str> {
        let mut faces = Vec::new();
        for family in Family::ALL {
            for (face, bytes) in [Face::Regular, Face::Bold].into_iter().zip(family.files()) {
                faces.push(Metrics::read(bytes, family.name(face))?);
            }
        }
        Ok(Fonts {
            faces,
            shaped_widths: Mutex::default(),
        })
    }

    /// The Latin face, whose ascent and descent set every line box.
    pub fn face(&self, face: Face) -> &Metrics {
        self.get(Family::Latin, face)
    }

    pub fn get(&self, family: Family, face: Face) -> &Metrics {
        &self.faces[family.index() * 2 + face as usize]
    }

    /// Whether Noto Sans alone draws `text` letter by letter: no other script, nothing to
    /// shape or reorder, and no letter missing.
    pub fn is_plain(&self, text: &str, face: Face) -> bool {
        let m = self.face(face);
        text.chars().all(|c| m.has(c))
    }

    /// The text with tabs and other control characters turned into spaces (line breaks
    /// are kept).
    pub fn clean(&self, text: &str) -> String {
        text.chars()
            .map(|c| match c {
                '\n' => '\n',
                c if c.is_control() => ' ',
                c => c,
            })
            .collect()
    }

    /// The family that draws `c`, preferring `near` (the family of the letters around it)
    /// for characters every script shares; `None` when no family has the letter.
    pub fn family_for(&self, c: char, near: Option<Family>, face: Face) -> Option<Family> {
        if let Some(own) = Family::of(c) {
            return self.get(own, face).has(c).then_some(own);
        }
        if let Some(near) = near
            && !c.is_alphabetic()
            && self.get(near, face).has(c)
        {
            return Some(near);
        }
        Family::ALL.into_iter().find(|f| self.get(*f, face).has(c))
    }

    /// Whether some family draws `c` in both faces.
    pub fn draws(&self, c: char) -> bool {
        c.is_control()
            || [Face::Regular, Face::Bold]
                .into_iter()
                .all(|face| self.family_for(c, None, face).is_some())
    }
}

impl Metrics {
    fn read(bytes: &'static [u8], name: &'static str) -> Result<Metrics, &'static str> {
        let font = ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).ok_or(name)?;
        let shaping = harfrust::Font::new(bytes, 0).ok_or(name)?;
        let units_per_em = f32::from(font.font_metrics.units_per_em.max(1));
        let mut m = Metrics {
            units_per_em,
            table: Vec::new(),
            ascent: font.font_metrics.ascent / units_per_em,
            descent: font.font_metrics.descent.abs() / units_per_em,
            font,
            shaping,
            plans: [OnceLock::new(), OnceLock::new()],
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

    pub fn units_per_em(&self) -> f32 {
        self.units_per_em
    }

    /// Whether the face has a glyph for `c`.
    pub fn has(&self, c: char) -> bool {
        match self.table.get(c as usize) {
            Some(w) => *w >= 0.0,
            None => self.font.lookup_glyph_index(c as u32).is_some(),
        }
    }

    /// Advance of `c` in em; nothing for a letter the face lacks (plain text has none).
    pub fn advance(&self, c: char) -> f32 {
        match self.table.get(c as usize) {
            Some(w) => w.max(0.0),
            None => self.lookup(c as u32).unwrap_or(0.0),
        }
    }

    /// The advance the PDF's width table gives glyph `gid`, in thousandths of an em, as
    /// printpdf writes it (truncated).
    pub fn pdf_width(&self, gid: u16) -> i64 {
        (f32::from(self.font.get_horizontal_advance(gid)) * 1000.0 / self.units_per_em) as i64
    }

    /// The shaping plan for `family`'s script in `direction`.
    pub fn plan(&self, family: Family, direction: Direction) -> &ShapePlan {
        let slot = usize::from(direction == Direction::RightToLeft);
        self.plans[slot].get_or_init(|| {
            ShapePlan::new(&self.shaping, direction, Some(family.script()), None, &[])
        })
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
    fn accented_latin_greek_and_cyrillic_are_plain_and_other_scripts_are_not() {
        let f = Fonts::load().unwrap();
        let names = "Amélie Nkosi-Durán, Søren Abiodun-Vásquez, João, Ça, ñ, œ, €";
        assert_eq!(f.clean(names), names);
        assert!(f.is_plain(names, Face::Regular));
        assert!(f.is_plain("Αθηνά Ольга", Face::Bold));
        assert_eq!(f.clean("a\tb\u{7}c\nd"), "a b c\nd");
        for other in ["وزارة", "กระทรวง", "प्रिया", "名前"] {
            assert!(!f.is_plain(other, Face::Regular), "{other}");
        }
    }

    #[test]
    fn each_script_goes_to_its_family_and_shared_marks_stay_with_their_neighbours() {
        let f = Fonts::load().unwrap();
        let r = Face::Regular;
        assert_eq!(f.family_for('و', None, r), Some(Family::Arabic));
        assert_eq!(f.family_for('ก', None, r), Some(Family::Thai));
        assert_eq!(f.family_for('प', None, r), Some(Family::Devanagari));
        assert_eq!(f.family_for('Ж', None, r), Some(Family::Latin));
        assert_eq!(
            f.family_for(' ', Some(Family::Arabic), r),
            Some(Family::Arabic)
        );
        assert_eq!(f.family_for(' ', None, r), Some(Family::Latin));
        assert_eq!(f.family_for('名', None, r), None);
        assert!(f.draws('ก') && !f.draws('名'));
    }
}
