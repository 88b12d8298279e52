//! Turns laid-out pages into a PDF file: page operations through printpdf, then the file
//! id and the nested outline through lopdf, so two exports of the same plan at the same
//! time are byte for byte the same.

use super::Failure;
use super::fonts::{Face, Family, Fonts};
use super::layout::{Geometry, Item, Laid, Mark};
use super::shape::{self, Base, Glyph};
use crate::base::hash::{FNV64_OFFSET, fnv64};
use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf::{
    Codepoint, Color, DictItem, FontId, Greyscale, Line, LinePoint, Op, PaintMode, PdfDocument,
    PdfFontHandle, PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing, Pt, Rect, TextItem,
    TextMatrix, WindingOrder,
};
use std::collections::BTreeMap;

/// Document information written into the file.
pub struct Info {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
    pub creator: String,
    /// Seconds since 1970.
    pub created: i64,
    pub modified: i64,
    /// Seeds the file id.
    pub id_seed: String,
}

/// Font resource names; their first six letters tag the subset fonts (`ABCDEF+Name`),
/// which PDF wants to be upper-case letters. A font no text uses is left out of the file.
fn font_id(family: Family, face: Face) -> FontId {
    let id = match (family, face) {
        (Family::Latin, Face::Regular) => "HPREGU",
        (Family::Latin, Face::Bold) => "HPBOLD",
        (Family::Arabic, Face::Regular) => "HPARAR",
        (Family::Arabic, Face::Bold) => "HPARAB",
        (Family::Thai, Face::Regular) => "HPTHAR",
        (Family::Thai, Face::Bold) => "HPTHAB",
        (Family::Devanagari, Face::Regular) => "HPDEVR",
        (Family::Devanagari, Face::Bold) => "HPDEVB",
    };
    FontId(id.to_string())
}

pub fn pdf_bytes(
    laid: &Laid,
    geo: &Geometry,
    fonts: &Fonts,
    info: &Info,
    base: Base,
) -> Result<Vec<u8>, Failure> {
    let mut doc = PdfDocument::new(&info.title);
    for family in Family::ALL {
        for face in [Face::Regular, Face::Bold] {
            let font = printpdf::PdfFont::new(fonts.get(family, face).font.clone());
            doc.resources.fonts.map.insert(font_id(family, face), font);
        }
    }
    set_info(&mut doc, info)?;
    let pages = laid
        .pages
        .iter()
        .map(|items| {
            let ops = page_ops(items, geo, fonts, base);
            let size = Rect::from_wh(Pt(geo.width), Pt(geo.height));
            PdfPage {
                media_box: size.clone(),
                trim_box: size.clone(),
                crop_box: size,
                ops,
            }
        })
        .collect();
    doc.with_pages(pages);
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&PdfSaveOptions::default(), &mut warnings);
    let errors: Vec<String> = warnings
        .iter()
        .filter(|w| w.severity == printpdf::PdfParseErrorSeverity::Error)
        .map(|w| w.msg.clone())
        .collect();
    if !errors.is_empty() {
        let error = errors.join("; ");
        return Err(Failure::NotBuilt(error));
    }
    set_id(&mut lo, &info.id_seed);
    drop_pdfx_claim(&mut lo);
    add_outline(&mut lo, &laid.marks, geo)?;
    compress(&mut lo);
    let mut out = Vec::new();
    lo.save_to(&mut out)
        .map_err(|e| Failure::Structure(e.into()))?;
    Ok(out)
}

fn set_info(doc: &mut PdfDocument, info: &Info) -> Result<(), Failure> {
    let time = |seconds: i64| {
        printpdf::OffsetDateTime::from_unix_timestamp(seconds)
            .map_err(|e| Failure::Time(e.to_string()))
    };
    let m = &mut doc.metadata.info;
    m.document_title = info.title.clone();
    m.author = info.author.clone();
    m.subject = info.subject.clone();
    m.keywords = info.keywords.clone();
    m.creator = info.creator.clone();
    m.producer = info.creator.clone();
    m.creation_date = time(info.created)?;
    m.modification_date = time(info.modified)?;
    m.metadata_date = time(info.modified)?;
    Ok(())
}

/// Turns one page's items into operations. Consecutive texts share one text object, and
/// the font and grey are set only when they change, which keeps the page small.
fn page_ops(items: &[Item], geo: &Geometry, fonts: &Fonts, base: Base) -> Vec<Op> {
    let mut p = PageOps {
        ops: Vec::new(),
        height: geo.height,
        in_text: false,
        font: None,
        fill: None,
    };
    for item in items {
        match item {
            Item::Text {
                x,
                baseline,
                style,
                text,
            } => {
                let at = (*x, *baseline);
                p.begin_text();
                if fonts.is_plain(text, style.face) {
                    p.set_font(font_id(Family::Latin, style.face), style.size);
                    p.set_fill(style.gray);
                    p.show(at, vec![TextItem::Text(text.to_string())]);
                } else {
                    p.set_fill(style.gray);
                    let line = shape::line(fonts, text, style.face, base);
                    p.shaped(at, &line, fonts, style.face, style.size);
                }
            }
            Item::Rect {
                x,
                y,
                w,
                h,
                fill,
                outline,
            } => p.rect(*x, *y, *w, *h, *fill, *outline),
            Item::Line {
                from,
                to,
                width,
                gray: g,
            } => p.line(*from, *to, *width, *g),
            Item::Shape { points, fill } => p.shape(points, *fill),
        }
    }
    p.end_text();
    p.ops
}

/// Points rounded to a hundredth, which is far below what any printer resolves.
fn pt(v: f32) -> Pt {
    Pt((v * 100.0).round() / 100.0)
}

struct PageOps {
    ops: Vec<Op>,
    height: f32,
    in_text: bool,
    font: Option<(FontId, f32)>,
    fill: Option<f32>,
}

impl PageOps {
    fn point(&self, (x, y): (f32, f32)) -> LinePoint {
        LinePoint {
            p: Point {
                x: pt(x),
                y: pt(self.height - y),
            },
            bezier: false,
        }
    }

    fn set_fill(&mut self, level: f32) {
        if self.fill != Some(level) {
            self.ops.push(Op::SetFillColor { col: gray(level) });
            self.fill = Some(level);
        }
    }

    fn end_text(&mut self) {
        if self.in_text {
            self.ops.push(Op::EndTextSection);
            self.in_text = false;
        }
    }

    fn begin_text(&mut self) {
        if !self.in_text {
            self.ops.push(Op::StartTextSection);
            self.in_text = true;
        }
    }

    fn set_font(&mut self, font: FontId, size: f32) {
        if self.font.as_ref() != Some(&(font.clone(), size)) {
            self.ops.push(Op::SetFont {
                font: PdfFontHandle::External(font.clone()),
                size: Pt(size),
            });
            self.font = Some((font, size));
        }
    }

    /// Shows `items` with the pen at `(x, baseline)`.
    fn show(&mut self, (x, baseline): (f32, f32), items: Vec<TextItem>) {
        self.ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(pt(x), pt(self.height - baseline)),
        });
        self.ops.push(Op::ShowText { items });
    }

    /// Shows a shaped line from `(x, baseline)`, run by run. Each glyph carries the text
    /// it stands for, which the file's ToUnicode map records so the text can be searched
    /// and copied; a letter drawn by several glyphs (a Thai vowel in two parts) is also
    /// marked with its text as a whole (ActualText).
    fn shaped(&mut self, at: (f32, f32), line: &shape::Line, fonts: &Fonts, face: Face, size: f32) {
        let mut x = at.0;
        for run in &line.runs {
            self.set_font(font_id(run.family, face), size);
            let m = fonts.get(run.family, face);
            let mut placed = Vec::new();
            for cluster in &run.clusters {
                let several = cluster.glyphs.len() > 1;
                if several {
                    placed.push(Placed::span(&cluster.text));
                }
                let mark = is_mark(&cluster.text);
                for g in &cluster.glyphs {
                    let text = glyph_text(g.gid, &cluster.text, several, m);
                    let mut p = Placed::new(g, Some(text), (x, at.1), size, m);
                    p.mark = mark;
                    placed.push(p);
                    x += placed.last().map_or(0.0, |p| p.advance);
                }
                if several {
                    placed.push(Placed::span(""));
                }
            }
            if run.rtl {
                placed = bases_first(placed);
            }
            self.show_placed(placed);
        }
    }

    fn show_glyphs(&mut self, at: (f32, f32), glyphs: Vec<Codepoint>) {
        if !glyphs.is_empty() {
            self.show(at, vec![TextItem::GlyphIds(glyphs)]);
        }
    }

    /// Shows glyphs in the given order, one text-showing operation for each stretch that
    /// follows on from the glyph before it on the baseline.
    fn show_placed(&mut self, placed: Vec<Placed>) {
        let mut chunk: Vec<Codepoint> = Vec::new();
        let mut from = (0.0, 0.0);
        let mut pen = f32::NAN;
        let mut span_open = false;
        for p in placed {
            let follows = (p.at.0 - pen).abs() < 0.01 && p.at.1 == from.1;
            if p.span.is_some() || !follows {
                self.show_glyphs(from, std::mem::take(&mut chunk));
            }
            if let Some(text) = p.span {
                if span_open {
                    self.ops.push(Op::EndMarkedContent);
                }
                span_open = !text.is_empty();
                if span_open {
                    self.ops.push(Op::BeginMarkedContentWithProperties {
                        tag: "Span".into(),
                        properties: actual_text(&text),
                    });
                }
                pen = f32::NAN;
                continue;
            }
            if chunk.is_empty() {
                from = p.at;
            }
            pen = p.at.0 + p.advance;
            chunk.push(p.codepoint);
        }
        self.show_glyphs(from, chunk);
        if span_open {
            self.ops.push(Op::EndMarkedContent);
        }
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: f32, outline: Option<f32>) {
        self.end_text();
        self.set_fill(fill);
        let mode = match outline {
            Some(line) => {
                self.ops.push(Op::SetOutlineColor { col: gray(line) });
                self.ops.push(Op::SetOutlineThickness { pt: Pt(0.5) });
                PaintMode::FillStroke
            }
            None => PaintMode::Fill,
        };
        self.ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: pt(x),
                y: pt(self.height - (y + h)),
                width: pt(w),
                height: pt(h),
                mode: Some(mode),
                winding_order: Some(WindingOrder::NonZero),
            },
        });
    }

    fn line(&mut self, from: (f32, f32), to: (f32, f32), width: f32, level: f32) {
        self.end_text();
        self.ops.push(Op::SetOutlineColor { col: gray(level) });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(width) });
        let points = vec![self.point(from), self.point(to)];
        self.ops.push(Op::DrawLine {
            line: Line {
                points,
                is_closed: false,
            },
        });
    }

    fn shape(&mut self, points: &[(f32, f32)], fill: f32) {
        self.end_text();
        self.set_fill(fill);
        let points = points.iter().map(|p| self.point(*p)).collect();
        self.ops.push(Op::DrawPolygon {
            polygon: Polygon {
                rings: vec![PolygonRing { points }],
                mode: PaintMode::Fill,
                winding_order: WindingOrder::NonZero,
            },
        });
    }
}

/// A glyph where it goes on the page (its offset applied), or the start or end of a span
/// of glyphs that stand together for `span`'s text.
struct Placed {
    at: (f32, f32),
    advance: f32,
    codepoint: Codepoint,
    /// `Some(text)` opens a span, `Some("")` closes one.
    span: Option<String>,
    /// A mark set on a letter (an Arabic vowel sign, a shadda).
    mark: bool,
}

impl Placed {
    fn new(
        g: &Glyph,
        text: Option<String>,
        (x, baseline): (f32, f32),
        size: f32,
        m: &super::fonts::Metrics,
    ) -> Placed {
        let advance = (g.advance * 1000.0).round();
        Placed {
            at: (x + g.dx * size, baseline - g.dy * size),
            advance: advance / 1000.0 * size,
            codepoint: Codepoint {
                gid: g.gid,
                offset: m.pdf_width(g.gid) as f32 - advance,
                cid: text,
            },
            span: None,
            mark: false,
        }
    }

    fn span(text: &str) -> Placed {
        Placed {
            at: (0.0, 0.0),
            advance: 0.0,
            codepoint: Codepoint::new(0, 0.0),
            span: Some(text.to_string()),
            mark: false,
        }
    }
}

/// The text the file's ToUnicode map gives a glyph: its cluster's text, or, for one of
/// several glyphs of a cluster, the letter whose own glyph it is (the span's ActualText
/// gives the whole). One glyph is mapped to one text throughout the file, so a glyph
/// that also stands alone elsewhere must not take a whole cluster's text.
fn glyph_text(gid: u16, text: &str, several: bool, m: &super::fonts::Metrics) -> String {
    let own = || {
        text.chars()
            .find(|c| m.font.lookup_glyph_index(*c as u32) == Some(gid))
    };
    match several.then(own).flatten() {
        Some(c) => c.to_string(),
        None => text.to_string(),
    }
}

/// Whether `text` is only marks that sit on the letter before them.
fn is_mark(text: &str) -> bool {
    use unicode_bidi::{BidiClass, bidi_class};
    !text.is_empty() && text.chars().all(|c| bidi_class(c) == BidiClass::NSM)
}

/// Right to left, a mark comes before its letter from the left; it is drawn after its
/// letter instead, so text extraction reads it with that letter.
fn bases_first(mut placed: Vec<Placed>) -> Vec<Placed> {
    let mut i = 0;
    while i + 1 < placed.len() {
        let next = &placed[i + 1];
        if placed[i].mark && next.span.is_none() && !next.mark {
            placed.swap(i, i + 1);
            i += 2;
        } else {
            i += 1;
        }
    }
    placed
}

/// A marked-content property list giving the text a run of glyphs stands for.
fn actual_text(text: &str) -> DictItem {
    let value = DictItem::String {
        data: utf16_text(text),
        literal: false,
    };
    DictItem::Dict {
        map: BTreeMap::from([("ActualText".to_string(), value)]),
    }
}

fn gray(level: f32) -> Color {
    Color::Greyscale(Greyscale {
        percent: level.clamp(0.0, 1.0),
        icc_profile: None,
    })
}

/// Compresses every stream that may be and is not yet, at flate's fastest level: lopdf's
/// own uses the slowest, which costs more time than the export's budget allows for a file
/// that is small either way.
fn compress(doc: &mut lopdf::Document) {
    use std::io::Write;
    for object in doc.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
            continue;
        }
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        let packed = encoder
            .write_all(&stream.content)
            .and_then(|_| encoder.finish());
        if let Ok(packed) = packed
            && packed.len() < stream.content.len()
        {
            stream
                .dict
                .set("Filter", Object::Name(b"FlateDecode".to_vec()));
            stream.set_content(packed);
        }
    }
}

/// The file id, made from what the document was made from rather than at random.
fn set_id(doc: &mut lopdf::Document, seed: &str) {
    let id = format!(
        "{:016x}{:016x}",
        fnv64(seed.as_bytes(), FNV64_OFFSET),
        fnv64(seed.as_bytes(), 0x8422_2325_cbf2_9ce4)
    );
    let string = || Object::String(id.clone().into_bytes(), StringFormat::Hexadecimal);
    doc.trailer
        .set("ID", Object::Array(vec![string(), string()]));
}

/// printpdf writes an empty PDF/X version and identifier into the document information;
/// readers take the first as a claim of PDF/X conformance, which this file does not make.
fn drop_pdfx_claim(doc: &mut lopdf::Document) {
    let Ok(Object::Reference(id)) = doc.trailer.get(b"Info") else {
        return;
    };
    let id = *id;
    if let Ok(d) = doc.get_dictionary_mut(id) {
        d.remove(b"GTS_PDFXVersion");
        d.remove(b"Identifier");
    }
}

/// The outline: one entry per section, its parts nested under it, in reading order.
fn add_outline(doc: &mut lopdf::Document, marks: &[Mark], geo: &Geometry) -> Result<(), Failure> {
    if marks.is_empty() {
        return Ok(());
    }
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let root = doc.new_object_id();
    let mut tops: Vec<(ObjectId, Vec<ObjectId>)> = Vec::new();
    let mut ids = Vec::new();
    for mark in marks {
        let id = doc.new_object_id();
        ids.push(id);
        match (mark.level, tops.last_mut()) {
            (0, _) | (_, None) => tops.push((id, Vec::new())),
            (_, Some(top)) => top.1.push(id),
        }
    }
    for (mark, id) in marks.iter().zip(&ids) {
        let page = *pages.get(mark.page).ok_or(Failure::Outline)?;
        let dest = vec![
            Object::Reference(page),
            "XYZ".into(),
            Object::Real(0.0),
            Object::Real(geo.height - mark.y + 4.0),
            Object::Null,
        ];
        let mut d = Dictionary::new();
        d.set("Title", Object::string_literal(utf16_text(&mark.title)));
        d.set("Dest", Object::Array(dest));
        doc.objects.insert(*id, Object::Dictionary(d));
    }
    let top_ids: Vec<ObjectId> = tops.iter().map(|t| t.0).collect();
    link_siblings(doc, &top_ids, root)?;
    for (parent, children) in &tops {
        if !children.is_empty() {
            link_siblings(doc, children, *parent)?;
            let d = doc.get_dictionary_mut(*parent)?;
            d.set("Count", Object::Integer(-(children.len() as i64)));
        }
    }
    let mut outlines = Dictionary::new();
    outlines.set("Type", Object::Name(b"Outlines".to_vec()));
    outlines.set("Count", Object::Integer(top_ids.len() as i64));
    doc.objects.insert(root, Object::Dictionary(outlines));
    link_ends(doc, root, &top_ids)?;
    let catalog = doc.catalog_mut()?;
    catalog.set("Outlines", Object::Reference(root));
    catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    Ok(())
}

/// Sets Parent, Prev and Next on a run of entries, and First and Last on their parent.
fn link_siblings(
    doc: &mut lopdf::Document,
    ids: &[ObjectId],
    parent: ObjectId,
) -> Result<(), Failure> {
    for (i, id) in ids.iter().enumerate() {
        let d = doc.get_dictionary_mut(*id)?;
        d.set("Parent", Object::Reference(parent));
        if i > 0 {
            d.set("Prev", Object::Reference(ids[i - 1]));
        }
        if let Some(next) = ids.get(i + 1) {
            d.set("Next", Object::Reference(*next));
        }
    }
    if doc.objects.contains_key(&parent) {
        link_ends(doc, parent, ids)?;
    }
    Ok(())
}

fn link_ends(doc: &mut lopdf::Document, parent: ObjectId, ids: &[ObjectId]) -> Result<(), Failure> {
    let (Some(first), Some(last)) = (ids.first(), ids.last()) else {
        return Ok(());
    };
    let d = doc.get_dictionary_mut(parent)?;
    d.set("First", Object::Reference(*first));
    d.set("Last", Object::Reference(*last));
    Ok(())
}

/// A text string in UTF-16 with its byte-order mark, as PDF wants for non-ASCII titles.
fn utf16_text(text: &str) -> Vec<u8> {
    let mut out = vec![0xfe, 0xff];
    for unit in text.encode_utf16() {
        out.extend(unit.to_be_bytes());
    }
    out
}
