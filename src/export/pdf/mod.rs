//! The PDF work plan for Terms of Use sign-off.
//!
//! [`render`] lays the document out ([`content`] says what goes in it, [`layout`] and
//! [`table`] where, [`chart`] draws the figures) and returns the bytes; [`export`] writes
//! them atomically. docs/pdf.md describes the document and its layout rules.

use crate::base::key;
use crate::base::lang::Lang;
mod chart;
mod content;
pub mod draft;
mod draw;
mod failure;
pub mod fonts;
pub mod layout;
mod shape;
pub mod table;

pub use draft::{DraftReason, Signatory, draft_reasons};

use super::server_check::ServerCheck;
use super::{Context, Report, output_problem};
use crate::base::diag::Problem;
use crate::base::formats::human_date;
use crate::core::plan::Plan;
use chrono::{DateTime, Utc};
pub use failure::Failure;
use std::path::Path;
use std::sync::OnceLock;

/// Paper size of the PDF.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

/// Which way the document reads. Right to left mirrors every page: text is aligned to
/// the right margin, tables start at the right, and time in the charts runs leftwards.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Direction {
    #[default]
    LeftToRight,
    RightToLeft,
}

impl Direction {
    /// The direction a document in `lang` reads.
    pub fn of(lang: Lang) -> Direction {
        if lang.right_to_left() {
            Direction::RightToLeft
        } else {
            Direction::LeftToRight
        }
    }
}

/// How the PDF is set, and what it adds to the plan.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Options {
    pub paper: Paper,
    pub direction: Direction,
    /// A preflight report: the appendix "Server checked on DATE".
    pub server_check: Option<ServerCheck>,
    /// The changes since the version signed before: a page of them after the cover.
    pub since: Option<ChangesPage>,
}

/// The page of changes since the version signed before, already worded: the old plan,
/// its version, and each part that changed with its lines.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChangesPage {
    pub plan: String,
    pub version: String,
    pub parts: Vec<(String, Vec<String>)>,
}

/// Renders the work plan and writes it to `path` atomically. Letters no bundled font
/// draws are a warning: the file is written with a box in their place.
pub fn export(ctx: &Context, path: &Path, options: &Options, report: &mut Report) {
    let (bytes, missing) = match render_checked(ctx, options) {
        Ok(done) => done,
        Err(e) => {
            report
                .problems
                .push(e.diagnostic().in_file(path.display().to_string()));
            return;
        }
    };
    if !missing.is_empty() {
        let letters: Vec<String> = missing.iter().map(|c| letter_words(ctx, *c)).collect();
        let letters = crate::base::strings::comma_list(&letters);
        let warning = Problem::warning(
            key::pdf::export::MISSING_LETTERS,
            vec![("letters", letters)],
        );
        report
            .problems
            .push(warning.in_file(path.display().to_string()));
    }
    match crate::store::save(path, &bytes) {
        Ok(()) => report.written.push(path.to_path_buf()),
        Err(e) => report.problems.push(output_problem(
            path,
            key::pdf::export::FAILED,
            vec![("error", e.to_string())],
        )),
    }
}

/// A letter and its code point, as a warning names it: “名” (U+540D).
fn letter_words(ctx: &Context, c: char) -> String {
    let code = format!("U+{:04X}", c as u32);
    ctx.strings.fill(
        key::pdf::export::LETTER,
        &[("letter", &c.to_string()), ("code", &code)],
    )
}

/// The PDF as bytes. Nothing is written anywhere.
pub fn render(ctx: &Context, options: &Options) -> Result<Vec<u8>, Failure> {
    render_checked(ctx, options).map(|(bytes, _)| bytes)
}

/// The PDF as bytes, and the letters in it no bundled font draws.
fn render_checked(ctx: &Context, options: &Options) -> Result<(Vec<u8>, Vec<char>), Failure> {
    let fonts = fonts()?;
    let geo = layout::Geometry::for_paper(options.paper);
    let mut l = layout::Layout::new(geo, fonts);
    let doc = content::Document::new(ctx)
        .with_server_check(options.server_check.as_ref())
        .with_since(options.since.as_ref());
    doc.write(&mut l);
    let mut laid = doc.finish(l);
    let missing = missing_letters(&laid, fonts);
    let base = match options.direction {
        Direction::LeftToRight => shape::Base::Auto,
        Direction::RightToLeft => {
            laid.mirror(geo.width, |text, style| {
                fonts.width(text, style.face, style.size)
            });
            shape::Base::RightToLeft
        }
    };
    let bytes = draw::pdf_bytes(&laid, &geo, fonts, &doc.info(options.paper), base)?;
    Ok((bytes, missing))
}

/// The letters of the document that no bundled font draws, each once, in the order they
/// first appear: they are printed as a missing-glyph box.
fn missing_letters(laid: &layout::Laid, fonts: &fonts::Fonts) -> Vec<char> {
    let mut seen = Vec::new();
    for item in laid.pages.iter().flatten() {
        if let layout::Item::Text { text, .. } = item {
            for c in text.chars().filter(|c| !fonts.draws(*c)) {
                if !seen.contains(&c) {
                    seen.push(c);
                }
            }
        }
    }
    seen
}

/// The fonts are read once per run: they never change.
fn fonts() -> Result<&'static fonts::Fonts, Failure> {
    static FONTS: OnceLock<Result<fonts::Fonts, &'static str>> = OnceLock::new();
    FONTS
        .get_or_init(fonts::Fonts::load)
        .as_ref()
        .map_err(|name| Failure::Font(name))
}

/// The answers as the plan file writes them, one `id = value` line each in id order,
/// without timestamps: what [`answers_hash`] is taken over.
pub fn canonical_answers(plan: &Plan) -> String {
    #[cfg(test)]
    tests::CANONICAL_CALLS.with(|n| n.set(n.get() + 1));
    plan.answers
        .iter()
        .map(|(id, a)| format!("{id} = {}\n", a.to_toml()))
        .collect()
}

/// Eight hexadecimal digits identifying the answers (FNV-1a, 32 bits, over
/// [`canonical_answers`]), so a signed copy can be matched to its plan file.
pub fn answers_hash(plan: &Plan) -> String {
    hash_of(&canonical_answers(plan))
}

/// [`answers_hash`] of answers already written by [`canonical_answers`].
fn hash_of(canonical: &str) -> String {
    format!("{:08x}", crate::base::hash::fnv32(canonical.as_bytes()))
}

/// The plan version as the plan itself records it: when it was last changed (empty when
/// it carries no `updated` or `created` stamp), and the hash of its answers. `plan show`
/// prints it; the PDF also falls back on the file's time (`Document::plan_when`).
pub fn plan_version(plan: &Plan) -> (String, String) {
    let when = plan.updated.or(plan.created).map(time_words);
    (when.unwrap_or_default(), answers_hash(plan))
}

/// A moment for people, to the minute: "19 October 2026 14:12 UTC".
pub fn time_words(t: DateTime<Utc>) -> String {
    format!("{} {}", human_date(t.date_naive()), t.format("%H:%M UTC"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::answer::Answer;
    use std::cell::Cell;

    thread_local! {
        /// How many times this thread wrote the canonical answers (what the hash is taken over).
        pub static CANONICAL_CALLS: Cell<usize> = const { Cell::new(0) };
    }

    #[test]
    fn the_answers_hash_is_fnv1a_over_sorted_answer_lines() {
        let mut plan = Plan {
            questionnaire: "primero".into(),
            questionnaire_version: "1.0.0".into(),
            created: None,
            updated: None,
            resume_at: None,
            answers: Default::default(),
        };
        plan.answers
            .insert("expected_records".into(), Answer::Integer(150_000));
        plan.answers
            .insert("country".into(), Answer::Text("Kalmaria".into()));
        assert_eq!(
            canonical_answers(&plan),
            "country = \"Kalmaria\"\nexpected_records = 150000\n"
        );
        // Worked out independently of this code.
        assert_eq!(answers_hash(&plan), "895a25c4");
        assert_eq!(plan_version(&plan), (String::new(), "895a25c4".into()));
        plan.updated = chrono::DateTime::from_timestamp(1_792_419_120, 0);
        assert_eq!(plan_version(&plan).0, "19 October 2026 14:12 UTC");
    }

    #[test]
    fn the_answers_are_hashed_once_per_document_however_many_pages() {
        use crate::base::diag::Source;
        use crate::core::builtin::{Catalog, DEMO_PLAN, demo_origin};
        use crate::core::model::{Companions, Model};
        use crate::core::plan::Completeness;
        let q = Catalog::builtin().unwrap().questionnaires[0].clone();
        let plan = Plan::parse(
            Source::new(demo_origin(), DEMO_PLAN),
            |id| (id == q.id).then_some(&q),
            Completeness::Complete,
        )
        .unwrap()
        .0;
        let model = Model::load(q, &Companions::builtin()).unwrap().0;
        let now = DateTime::from_timestamp(1_790_000_000, 0).unwrap();
        let before = CANONICAL_CALLS.with(Cell::get);
        let bytes = crate::export::with_context(&model, &plan, now, demo_origin(), |ctx| {
            render(ctx, &Options::default()).unwrap()
        });
        // The demo runs to many pages, each with the hash in its running header.
        assert!(bytes.len() > 10_000);
        assert_eq!(CANONICAL_CALLS.with(Cell::get) - before, 1);
    }
}
