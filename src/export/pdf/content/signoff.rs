//! The sign-off page: one block per signatory, with lines for signature and date.

use super::Document;
use crate::base::key;
use crate::export::pdf::draft;
use crate::export::pdf::layout::{BODY, BODY_BOLD, Item, Layout, NOTE, Style, rule};

/// The shade of a signature block that must not be signed yet.
const DRAFT_FILL: f32 = 0.92;
/// Room for a handwritten signature.
const SIGNATURE_H: f32 = 40.0;
const LABEL_W: f32 = 70.0;

/// One signatory: why they sign, who they are, and whether they are still to be confirmed
/// (their block is then marked as a draft).
struct Signatory {
    role: String,
    name: String,
    title: String,
    draft: bool,
}

impl Document<'_> {
    pub(super) fn sign_off(&self, l: &mut Layout) {
        let s = self.s;
        let (key, when) = match self.plan_when() {
            Some(when) => (key::pdf::signoff::INTRO, when),
            None => (key::pdf::signoff::INTRO_NO_TIME, String::new()),
        };
        let intro = s.fill(
            key,
            &[
                ("option", &self.option_label()),
                ("when", &when),
                ("hash", &self.hash()),
            ],
        );
        l.paragraph(&intro, BODY);
        self.draft_note(l);
        l.space(10.0);
        for signatory in self.signatories() {
            self.signature_block(l, &signatory);
        }
    }

    /// Why this copy must not be signed, in full; nothing when it may be.
    fn draft_note(&self, l: &mut Layout) {
        if self.draft.is_empty() {
            return;
        }
        l.space(8.0);
        l.lead_in(self.s.get(key::pdf::draft::SIGNOFF), BODY_BOLD);
        let reasons: Vec<String> = self.draft.iter().map(|r| r.text.clone()).collect();
        l.bullets(&reasons, BODY);
    }

    /// Whether the draft reasons name this signatory as not confirmed.
    fn unconfirmed(&self, who: draft::Signatory) -> bool {
        self.draft.iter().any(|r| r.signatory == Some(who))
    }

    fn signatories(&self) -> Vec<Signatory> {
        let s = self.s;
        let mut out = vec![Signatory {
            role: s.fill(key::pdf::signoff::TOU, &[("role", &self.signatory_role())]),
            name: self.answer_text("tou_signatory_name"),
            title: self.answer_text("tou_signatory_title"),
            draft: self.unconfirmed(draft::Signatory::TermsOfUse),
        }];
        let partner = self.answer_text("partner_signatory_name");
        if !partner.is_empty() {
            out.push(Signatory {
                role: s.fill(
                    key::pdf::signoff::PARTNER,
                    &[("organisation", &self.answer_text("organisation"))],
                ),
                name: partner,
                title: self.answer_text("partner_signatory_title"),
                draft: self.unconfirmed(draft::Signatory::Partner),
            });
        }
        // The author is one answer, usually "Name, Title".
        let author = self.answer_text("plan_author");
        let (name, title) = author.split_once(", ").unwrap_or((&author, ""));
        out.push(Signatory {
            role: s.get(key::pdf::signoff::AUTHOR).to_string(),
            name: name.to_string(),
            title: title.to_string(),
            draft: false,
        });
        out
    }

    /// A framed block kept whole on one page.
    fn signature_block(&self, l: &mut Layout, who: &Signatory) {
        let width = l.geo.body_width() - 16.0;
        let value_w = width - LABEL_W;
        let role = l.wrap(&l.fonts.clean(&who.role), BODY_BOLD, width);
        let mark = if who.draft {
            l.wrap(
                &l.fonts.clean(self.s.get(key::pdf::draft::BLOCK)),
                BODY_BOLD,
                width,
            )
        } else {
            Vec::new()
        };
        let name = l.wrap(&l.fonts.clean(&who.name), BODY, value_w);
        let title = l.wrap(&l.fonts.clean(&who.title), BODY, value_w);
        let lines = |n: &Vec<String>, st: Style| n.len() as f32 * st.leading();
        let h = 8.0
            + lines(&role, BODY_BOLD)
            + lines(&mark, BODY_BOLD)
            + 6.0
            + lines(&name, BODY)
            + lines(&title, BODY)
            + SIGNATURE_H
            + 2.0 * BODY.leading()
            + 4.0;
        let top = l.reserve(h);
        let (x, inner, right) = (l.geo.left(), l.geo.left() + 8.0, l.geo.right() - 8.0);
        l.push(Item::Rect {
            x,
            y: top,
            w: l.geo.body_width(),
            h,
            // A draft block is shaded, so it stands out even on a photocopy.
            fill: if who.draft { DRAFT_FILL } else { 1.0 },
            outline: Some(0.3),
        });
        let mut y = top + 8.0;
        for line in role.iter().chain(&mark) {
            l.text_line(inner, y, BODY_BOLD, line);
            y += BODY_BOLD.leading();
        }
        y += 6.0;
        y = self.labelled(l, inner, y, key::pdf::signoff::NAME, &name);
        y = self.labelled(l, inner, y, key::pdf::signoff::TITLE, &title);
        y += SIGNATURE_H - BODY.leading();
        self.writing_line(l, inner, y, right, key::pdf::signoff::SIGNATURE);
        y += BODY.leading() + 6.0;
        self.writing_line(
            l,
            inner,
            y,
            inner + LABEL_W + 140.0,
            key::pdf::signoff::DATE,
        );
        l.space(12.0);
    }

    /// A label with its value lines beside it; returns the y under them.
    fn labelled(&self, l: &mut Layout, x: f32, top: f32, key: &str, value: &[String]) -> f32 {
        self.label(l, x, top, key);
        let mut y = top;
        let none = self.or_dash(String::new());
        let empty = value.iter().all(|v| v.is_empty());
        for line in value {
            l.text_line(x + LABEL_W, y, BODY, if empty { &none } else { line });
            y += BODY.leading();
        }
        y
    }

    /// A label on the baseline of the body line starting at `top`.
    fn label(&self, l: &mut Layout, x: f32, top: f32, key: &str) {
        let baseline = l.baseline(top, BODY);
        l.push(Item::Text {
            x,
            baseline,
            style: NOTE,
            text: self.s.get(key).to_string(),
        });
    }

    /// A label and a line to write on.
    fn writing_line(&self, l: &mut Layout, x: f32, top: f32, end: f32, key: &str) {
        self.label(l, x, top, key);
        let y = l.baseline(top, BODY) + 1.5;
        l.push(rule(x + LABEL_W, end, y, 0.5, 0.0));
    }
}

impl Document<'_> {
    /// How the Terms of Use signatory signs: the role chosen, or for "someone else" the
    /// title the plan gives, since "signed as Someone else" says nothing.
    fn signatory_role(&self) -> String {
        let title = self.answer_text("tou_signatory_title");
        match self.ctx.plan.answers.get("tou_signatory_role") {
            Some(a) if a.to_plain() == "other" && !title.is_empty() => title,
            Some(a) if a.to_plain() == "other" => {
                self.s.get(key::pdf::signoff::OTHER_ROLE).to_string()
            }
            _ => self.answer_text("tou_signatory_role"),
        }
    }
}
