//! What the document says, section by section, from the plan, its analysis and the
//! model's data. Every fixed word comes from the strings catalogue (`assets/strings/pdf.toml`).

use crate::base::key;
mod checklist;
mod config;
mod connectivity;
mod costs;
mod cover;
mod decision;
mod matrix;
mod protocols;
mod server_check;
mod signoff;
mod since;
mod sizing;
mod workplan;

use super::draft::{DraftReason, draft_reasons};
use super::draw::Info;
use super::fonts::Face;
use super::layout::{Item, Laid, Layout, NOTE, Style, rule};
use super::{Paper, canonical_answers, hash_of, time_words};
use crate::analysis::summary::option_label;
use crate::base::formats::human_date;
use crate::base::strings::{Strings, semicolon_list};
use crate::core::answer::Answer;
use crate::export::Context;
use crate::export::server_check::ServerCheck;
use std::cell::Cell;
use std::collections::HashSet;

/// The draft mark: bold, on a grey band that survives black-and-white printing.
const DRAFT_MARK: Style = Style::new(Face::Bold, 8.0);
const DRAFT_FILL: f32 = 0.82;
const DRAFT_PAD: f32 = 4.0;

pub struct Document<'c> {
    ctx: &'c Context<'c>,
    s: &'c Strings,
    /// Where the table of contents goes on the cover, once the pages are known; `None`
    /// when the cover has no room for it.
    contents: Cell<Option<f32>>,
    /// Questions not asked given the other answers: a plan may keep their answers, but
    /// they do not count and are not printed.
    hidden: HashSet<String>,
    /// Why the document must not be signed yet; empty when it may be.
    draft: Vec<DraftReason>,
    /// The plan's answers as [`canonical_answers`] writes them, and their hash: worked out
    /// once per document, since every page's running header shows the hash.
    canonical: String,
    hash: String,
    /// A preflight report for the appendix.
    server_check: Option<&'c ServerCheck>,
    /// The changes since the version signed before.
    since: Option<&'c crate::export::pdf::ChangesPage>,
}

impl<'c> Document<'c> {
    pub fn new(ctx: &'c Context<'c>) -> Document<'c> {
        let hidden = ctx
            .model
            .questionnaire
            .visibility(&ctx.plan.answers)
            .iter()
            .filter(|(_, shown)| !shown)
            .map(|(q, _)| q.id.clone())
            .collect();
        let canonical = canonical_answers(ctx.plan);
        let hash = hash_of(&canonical);
        Document {
            ctx,
            s: ctx.strings,
            contents: Cell::new(None),
            hidden,
            draft: draft_reasons(ctx),
            canonical,
            hash,
            server_check: None,
            since: None,
        }
    }

    /// The document with the appendix on the server checked against the plan.
    pub fn with_server_check(mut self, report: Option<&'c ServerCheck>) -> Document<'c> {
        self.server_check = report;
        self
    }

    /// The document with a page of the changes since the version signed before.
    pub fn with_since(
        mut self,
        since: Option<&'c crate::export::pdf::ChangesPage>,
    ) -> Document<'c> {
        self.since = since;
        self
    }

    /// Lays out every section in order.
    pub fn write(&self, l: &mut Layout) {
        self.cover(l);
        self.since(l);
        l.new_page();
        let mut number = 0;
        let mut heading = |l: &mut Layout, key: &str| {
            number += 1;
            l.heading(0, &format!("{number}  {}", self.s.get(key)));
        };
        heading(l, key::pdf::heading::SUMMARY);
        self.summary(l);
        heading(l, key::pdf::heading::OPTIONS);
        self.options(l);
        if self.has_costs() {
            heading(l, key::pdf::heading::COSTS);
            self.costs(l);
        }
        heading(l, key::pdf::heading::READINESS);
        self.readiness(l);
        heading(l, key::pdf::heading::SIZING);
        self.sizing(l);
        self.connectivity(l);
        heading(l, key::pdf::heading::RESPONSIBILITIES);
        self.responsibilities(l);
        heading(l, key::pdf::heading::WORKPLAN);
        self.work_plan(l);
        heading(l, key::pdf::heading::CHECKLIST);
        self.checklists(l);
        heading(l, key::pdf::heading::CONFIG);
        self.config(l);
        l.new_page();
        heading(l, key::pdf::heading::SIGNOFF);
        self.sign_off(l);
        self.server_check(l);
    }

    /// Adds the running header and footer to every page and hands the pages over.
    pub fn finish(&self, mut l: Layout) -> Laid {
        if let Some(top) = self.contents.get() {
            self.contents(&mut l, top);
        }
        let pages = l.page_count();
        let version = l.fonts.clean(&self.version_line());
        for page in 0..pages {
            self.running(&mut l, page, pages, &version);
        }
        l.finish()
    }

    /// The running header and footer of `page`; `version` is the plan version line, the
    /// same on every page and so worked out once.
    fn running(&self, l: &mut Layout, page: usize, pages: usize, version: &str) {
        let geo = l.geo;
        let (left, right) = (geo.left(), geo.right());
        let text = |l: &mut Layout, x: f32, baseline: f32, text: String| {
            l.push_on(
                page,
                Item::Text {
                    x,
                    baseline,
                    style: NOTE,
                    text,
                },
            );
        };
        let number = self.s.fill(
            key::pdf::running::PAGE,
            &[
                ("page", &(page + 1).to_string()),
                ("pages", &pages.to_string()),
            ],
        );
        let number = l.fonts.clean(&number);
        let at = right - l.width(&number, NOTE);
        text(l, at, geo.footer, number);
        let made = l.fonts.clean(&self.s.fill(
            key::pdf::running::MADE,
            &[("date", &human_date(self.ctx.now.date_naive()))],
        ));
        let made = l.fit(&made, NOTE, geo.body_width() * 0.6);
        text(l, left, geo.footer, made);
        l.push_on(page, rule(left, right, geo.footer - 10.0, 0.3, 0.5));
        self.draft_band(l, page);
        if page == 0 {
            return;
        }
        let version = l.fit(version, NOTE, geo.body_width() * 0.58);
        let at = right - l.width(&version, NOTE);
        text(l, at, geo.header, version);
        let title = l.fonts.clean(&self.answer_text("programme_name"));
        let title = l.fit(&title, NOTE, geo.body_width() * 0.38);
        text(l, left, geo.header, title);
        l.push_on(page, rule(left, right, geo.header + 4.0, 0.3, 0.5));
    }

    /// The draft mark across the top of a page, under the running header (the cover has
    /// none, so the mark sits in the same place there). One line: when the reasons do not
    /// fit on it, it points to the sign-off page, which lists them in full.
    fn draft_band(&self, l: &mut Layout, page: usize) {
        if self.draft.is_empty() {
            return;
        }
        let geo = l.geo;
        let room = geo.body_width() - 2.0 * DRAFT_PAD;
        let mut shorts: Vec<&str> = Vec::new();
        for reason in &self.draft {
            if !shorts.contains(&reason.short.as_str()) {
                shorts.push(&reason.short);
            }
        }
        let all = self.s.fill(
            key::pdf::draft::MARK,
            &[("reasons", &semicolon_list(&shorts))],
        );
        let mut mark = l.fonts.clean(&all);
        if l.width(&mark, DRAFT_MARK) > room {
            let count = self.draft.len().to_string();
            let many = self
                .s
                .fill(key::pdf::draft::MARK_MANY, &[("count", &count)]);
            mark = l.fit(&l.fonts.clean(&many), DRAFT_MARK, room);
        }
        let top = geo.header + 6.0;
        let h = DRAFT_MARK.leading() + 2.0;
        l.push_on(
            page,
            Item::Rect {
                x: geo.left(),
                y: top,
                w: geo.body_width(),
                h,
                fill: DRAFT_FILL,
                outline: None,
            },
        );
        let baseline = l.baseline(top + 1.0, DRAFT_MARK);
        l.push_on(
            page,
            Item::Text {
                x: geo.left() + DRAFT_PAD,
                baseline,
                style: DRAFT_MARK,
                text: mark,
            },
        );
    }

    /// "Plan version 19 October 2026 14:12 UTC, answers 1a2b3c4d".
    fn version_line(&self) -> String {
        self.s.fill(
            key::pdf::running::VERSION,
            &[("when", &self.version_when()), ("hash", &self.hash())],
        )
    }

    /// When the plan was last changed, kept on one line: the plan's own stamp, else the
    /// time its file was saved (said as such, since copying a file changes it too); `None`
    /// when neither is known.
    fn plan_when(&self) -> Option<String> {
        let plan = self.ctx.plan;
        let glue = |t| time_words(t).replace(' ', "\u{a0}");
        match (plan.updated.or(plan.created), self.ctx.plan_saved) {
            (Some(t), _) => Some(glue(t)),
            (None, Some(t)) => Some(
                self.s
                    .fill(key::pdf::version::FILE_TIME, &[("when", &glue(t))]),
            ),
            (None, None) => None,
        }
    }

    /// [`Self::plan_when`], or words saying the time is not recorded.
    fn version_when(&self) -> String {
        self.plan_when()
            .unwrap_or_else(|| self.s.get(key::pdf::version::NOT_RECORDED).to_string())
    }

    /// The code of the plan's answers.
    fn hash(&self) -> String {
        self.hash.clone()
    }

    pub fn info(&self, paper: Paper) -> Info {
        let programme = self.answer_text("programme_name");
        let country = self.answer_text("country");
        let option = self.option_label();
        let mut keywords: Vec<String> = self
            .s
            .get(key::pdf::meta::KEYWORDS)
            .split(',')
            .map(|k| k.trim().to_string())
            .collect();
        keywords.extend([country.clone(), option.clone()]);
        let now = self.ctx.now.timestamp();
        Info {
            title: self
                .s
                .fill(key::pdf::meta::TITLE, &[("programme", &programme)]),
            author: self.answer_text("plan_author"),
            subject: self.s.fill(
                key::pdf::meta::SUBJECT,
                &[("country", &country), ("option", &option)],
            ),
            keywords,
            creator: format!("hostplan {}", env!("CARGO_PKG_VERSION")),
            created: now,
            modified: now,
            id_seed: format!("{}{now}{paper:?}{}", self.canonical, self.hash),
        }
    }

    // --- Reading the plan -------------------------------------------------------------

    fn answer(&self, id: &str) -> Option<&Answer> {
        if self.hidden.contains(id) {
            return None;
        }
        self.ctx.plan.answers.get(id)
    }

    /// An answer written for people (option labels, units, dates in words); empty when
    /// unanswered.
    fn answer_text(&self, id: &str) -> String {
        let q = &self.ctx.model.questionnaire;
        match (self.answer(id), q.question(id)) {
            (Some(Answer::Integer(n)), Some(question))
                if question.unit.as_deref() == Some("port") =>
            {
                n.to_string()
            }
            (Some(a), Some(question)) => a.display(question),
            (Some(a), None) => a.to_plain(),
            _ => String::new(),
        }
    }

    fn option_label(&self) -> String {
        option_label(&self.ctx.model.questionnaire, self.ctx.analysis.option)
    }

    /// A party's name in this plan: with the organisation or focal point the answers
    /// give, and the stand-in for a party the plan does without.
    fn party_name(&self, id: &str) -> String {
        self.ctx.analysis.matrix.party_name(id)
    }

    fn openfn_used(&self) -> bool {
        matches!(
            self.answer("openfn_used"),
            Some(Answer::Choice(c)) if c == "yes" || c == "planned"
        )
    }

    /// A date in words, kept on one line.
    fn date(&self, d: chrono::NaiveDate) -> String {
        human_date(d).replace(' ', "\u{a0}")
    }

    /// A dash for an empty value in a table.
    fn or_dash(&self, text: String) -> String {
        if text.trim().is_empty() {
            self.s.get(key::pdf::common::NONE).to_string()
        } else {
            text
        }
    }
}
