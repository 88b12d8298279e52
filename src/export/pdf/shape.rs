//! Text the Latin face cannot draw letter by letter, turned into positioned glyphs: the
//! line is put in display order by the Unicode bidi algorithm (UAX #9), split into runs
//! by the family that draws each letter, and each run is shaped by harfrust (Arabic
//! joining and ligatures, Thai and Devanagari marks and reordering).

use super::fonts::{Face, Family, Fonts};
use harfrust::{Buffer, BufferFlags, ClusterLevel, Direction, ShapeOptions, ShaperFont};
use std::ops::Range;
use unicode_bidi::{BidiInfo, Level};

/// The paragraph direction a line is ordered in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Base {
    /// From the line's first strong letter (rules P2 and P3 of UAX #9).
    Auto,
    /// Right to left: a line of an Arabic document.
    RightToLeft,
}

/// One glyph, its advance and its offset from the pen, in em.
#[derive(Clone, Debug, PartialEq)]
pub struct Glyph {
    pub gid: u16,
    pub advance: f32,
    pub dx: f32,
    pub dy: f32,
}

/// The glyphs that stand for one piece of text (a letter, a ligature, a syllable), in
/// display order.
#[derive(Clone, Debug, PartialEq)]
pub struct Cluster {
    pub text: String,
    pub glyphs: Vec<Glyph>,
}

/// Glyphs of one family, in display order.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub family: Family,
    pub rtl: bool,
    pub clusters: Vec<Cluster>,
}

/// A shaped line: its runs from left to right.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Line {
    pub runs: Vec<Run>,
}

impl Run {
    /// The advance of the run, in em.
    pub fn width(&self) -> f32 {
        self.clusters
            .iter()
            .flat_map(|c| &c.glyphs)
            .map(|g| g.advance)
            .sum()
    }
}

/// Shapes `text` as one line set in `face`.
pub fn line(fonts: &Fonts, text: &str, face: Face, base: Base) -> Line {
    let level = match base {
        Base::Auto => None,
        Base::RightToLeft => Some(Level::rtl()),
    };
    let bidi = BidiInfo::new(text, level);
    let mut out = Line::default();
    for para in &bidi.paragraphs {
        let (levels, runs) = bidi.visual_runs(para, para.range.clone());
        for range in runs {
            let rtl = levels[range.start].is_rtl();
            let mut pieces = by_family(fonts, text, range, face);
            if rtl {
                pieces.reverse();
            }
            for (family, piece) in pieces {
                out.runs
                    .push(shape_run(fonts, text, piece, family, face, rtl));
            }
        }
    }
    out
}

impl Fonts {
    /// Width of `text` in points at `size`.
    pub fn width(&self, text: &str, face: Face, size: f32) -> f32 {
        if self.is_plain(text, face) {
            let m = self.face(face);
            return text.chars().map(|c| m.advance(c)).sum::<f32>() * size;
        }
        self.shaped_width(text, face) * size
    }

    fn shaped_width(&self, text: &str, face: Face) -> f32 {
        let key = (face, text.to_string());
        if let Some(w) = self.known_width(&key) {
            return w;
        }
        let w = width(self, text, face);
        if let Ok(mut known) = self.shaped_widths.lock() {
            known.insert(key, w);
        }
        w
    }

    fn known_width(&self, key: &(Face, String)) -> Option<f32> {
        self.shaped_widths.lock().ok()?.get(key).copied()
    }
}

/// The advance of `text` set in `face`, in em. Order does not change a width, so the
/// text is shaped piece by piece in reading order, each piece in its script's direction.
fn width(fonts: &Fonts, text: &str, face: Face) -> f32 {
    by_family(fonts, text, 0..text.len(), face)
        .into_iter()
        .map(|(family, piece)| {
            let rtl = family == Family::Arabic;
            shape_run(fonts, text, piece, family, face, rtl).width()
        })
        .sum()
}

/// Splits a run of one direction into pieces drawn by one family each, in logical order.
/// A letter no family has goes to the Latin family, which draws its missing-glyph box.
fn by_family(
    fonts: &Fonts,
    text: &str,
    range: Range<usize>,
    face: Face,
) -> Vec<(Family, Range<usize>)> {
    let mut pieces: Vec<(Family, Range<usize>)> = Vec::new();
    let mut near = None;
    for (i, c) in text[range.clone()].char_indices() {
        let at = range.start + i;
        let family = fonts.family_for(c, near, face).unwrap_or(Family::Latin);
        near = Some(family);
        match pieces.last_mut() {
            Some((f, r)) if *f == family => r.end = at + c.len_utf8(),
            _ => pieces.push((family, at..at + c.len_utf8())),
        }
    }
    pieces
}

fn shape_run(
    fonts: &Fonts,
    text: &str,
    range: Range<usize>,
    family: Family,
    face: Face,
    rtl: bool,
) -> Run {
    let m = fonts.get(family, face);
    let direction = if rtl {
        Direction::RightToLeft
    } else {
        Direction::LeftToRight
    };
    let mut buffer = Buffer::new();
    buffer.push_str(&text[range.clone()]);
    buffer.set_direction(direction);
    buffer.set_script(Some(family.script()));
    // Right to left, each letter keeps its own cluster, so each glyph carries the letter
    // it draws and a mark can be drawn after its letter (see `draw::bases_first`). Left to
    // right, a letter and its marks make one cluster, marked as a whole for extraction.
    if rtl {
        buffer.set_cluster_level(ClusterLevel::Characters);
    }
    // The letters around the run decide how its ends join (Arabic) and combine.
    buffer.set_pre_context(&text[..range.start]);
    buffer.set_post_context(&text[range.end..]);
    if range.start == 0 {
        buffer.set_flags(BufferFlags::BEGINNING_OF_TEXT);
    }
    let shaper = ShaperFont::new(&m.shaping);
    let plan = m.plan(family, direction);
    let shaped = harfrust::shape(&shaper, &mut buffer, ShapeOptions::new().plan(Some(plan)));
    let piece = &text[range];
    if shaped.is_err() {
        return unshaped(fonts, piece, family, face, rtl);
    }
    let em = m.units_per_em();
    let glyphs: Vec<(u32, Glyph)> = buffer
        .glyph_infos()
        .iter()
        .zip(buffer.glyph_positions())
        .map(|(info, pos)| {
            let glyph = Glyph {
                gid: u16::try_from(info.glyph_id).unwrap_or(0),
                advance: pos.x_advance as f32 / em,
                dx: pos.x_offset as f32 / em,
                dy: pos.y_offset as f32 / em,
            };
            (info.cluster, glyph)
        })
        .collect();
    Run {
        family,
        rtl,
        clusters: clusters(piece, glyphs),
    }
}

/// Groups glyphs by the cluster (byte offset into `piece`) they came from, keeping their
/// display order; each cluster's text runs to the next cluster's start.
fn clusters(piece: &str, glyphs: Vec<(u32, Glyph)>) -> Vec<Cluster> {
    let mut starts: Vec<usize> = glyphs.iter().map(|(c, _)| *c as usize).collect();
    starts.sort_unstable();
    starts.dedup();
    let text_of = |start: usize| {
        let i = starts.partition_point(|s| *s <= start);
        let end = starts.get(i).copied().unwrap_or(piece.len());
        piece.get(start..end).unwrap_or_default().to_string()
    };
    let mut out: Vec<(usize, Cluster)> = Vec::new();
    for (cluster, glyph) in glyphs {
        let cluster = cluster as usize;
        match out.last_mut() {
            Some((c, last)) if *c == cluster => last.glyphs.push(glyph),
            _ => out.push((
                cluster,
                Cluster {
                    text: text_of(cluster),
                    glyphs: vec![glyph],
                },
            )),
        }
    }
    out.into_iter().map(|(_, c)| c).collect()
}

/// A run the shaper refused (a broken font table): one nominal glyph per letter.
fn unshaped(fonts: &Fonts, piece: &str, family: Family, face: Face, rtl: bool) -> Run {
    let m = fonts.get(family, face);
    let mut clusters: Vec<Cluster> = piece
        .chars()
        .map(|c| {
            let gid = m.font.lookup_glyph_index(c as u32).unwrap_or(0);
            Cluster {
                text: c.to_string(),
                glyphs: vec![Glyph {
                    gid,
                    advance: m.pdf_width(gid) as f32 / 1000.0,
                    dx: 0.0,
                    dy: 0.0,
                }],
            }
        })
        .collect();
    if rtl {
        clusters.reverse();
    }
    Run {
        family,
        rtl,
        clusters,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> Fonts {
        Fonts::load().unwrap()
    }

    fn texts(line: &Line) -> Vec<String> {
        line.runs
            .iter()
            .flat_map(|r| r.clusters.iter().map(|c| c.text.clone()))
            .collect()
    }

    #[test]
    fn arabic_is_laid_right_to_left_with_joined_forms() {
        let f = fonts();
        let l = line(&f, "خطة العمل", Face::Regular, Base::RightToLeft);
        assert_eq!(l.runs.len(), 1);
        assert_eq!(l.runs[0].family, Family::Arabic);
        // Display order is the reverse of reading order.
        let shown: String = texts(&l).concat();
        assert_eq!(shown, "لمعلا ةطخ");
        // Joined forms are other glyphs than the letters' own.
        let m = f.get(Family::Arabic, Face::Regular);
        let nominal = m.font.lookup_glyph_index('ع' as u32).unwrap();
        let ain = l.runs[0].clusters.iter().find(|c| c.text == "ع").unwrap();
        assert_ne!(ain.glyphs[0].gid, nominal);
    }

    #[test]
    fn latin_inside_arabic_keeps_its_own_order() {
        let f = fonts();
        let l = line(&f, "نظام Primero v2", Face::Regular, Base::RightToLeft);
        let families: Vec<Family> = l.runs.iter().map(|r| r.family).collect();
        assert_eq!(families.first(), Some(&Family::Latin));
        assert_eq!(families.last(), Some(&Family::Arabic));
        assert!(texts(&l).concat().starts_with("Primero v2"));
    }

    #[test]
    fn thai_marks_and_devanagari_syllables_make_clusters() {
        let f = fonts();
        let thai = line(&f, "กระทรวงสาธารณสุข", Face::Regular, Base::Auto);
        assert_eq!(thai.runs[0].family, Family::Thai);
        assert_eq!(texts(&thai).concat(), "กระทรวงสาธารณสุข");
        let deva = line(&f, "प्रिया", Face::Bold, Base::Auto);
        assert_eq!(deva.runs[0].family, Family::Devanagari);
        assert_eq!(texts(&deva).concat(), "प्रिया");
        assert!(
            deva.runs[0]
                .clusters
                .iter()
                .any(|c| c.glyphs.len() > 1 || c.text.chars().count() > 1)
        );
    }

    #[test]
    fn a_letter_no_font_has_is_a_missing_glyph_box_in_latin() {
        let f = fonts();
        let l = line(&f, "名", Face::Regular, Base::Auto);
        assert_eq!(l.runs[0].family, Family::Latin);
        assert_eq!(l.runs[0].clusters[0].glyphs[0].gid, 0);
        assert!(l.runs[0].width() > 0.0);
    }
}
