//! Whether the work plan may go for signature, and if not, why. The PDF marks itself as a
//! draft from these reasons; one function decides, so other front-ends (the command line)
//! can give the same reasons in the same words.

use crate::analysis::summary::{option_label, ruled_out_lines, unexplained_line};
use crate::base::key;
use crate::export::Context;

/// A signatory of the sign-off page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Signatory {
    /// Signs the Terms of Use.
    TermsOfUse,
    /// Signs for the implementing partner.
    Partner,
}

/// One reason the document is only a draft.
#[derive(Clone, Debug, PartialEq)]
pub struct DraftReason {
    /// A sentence for people: what is wrong and what to do.
    pub text: String,
    /// A few words for the mark on every page.
    pub short: String,
    /// The signatory whose block is a draft, when the reason is an unconfirmed signatory.
    pub signatory: Option<Signatory>,
}

/// The signatories' answers to look for markers in, with the keys of their reason and of
/// its short form.
const SIGNATORIES: [(Signatory, [&str; 2], &str, &str); 2] = [
    (
        Signatory::TermsOfUse,
        ["tou_signatory_name", "tou_signatory_title"],
        key::pdf::draft::TOU,
        key::pdf::draft::TOU_SHORT,
    ),
    (
        Signatory::Partner,
        ["partner_signatory_name", "partner_signatory_title"],
        key::pdf::draft::PARTNER,
        key::pdf::draft::PARTNER_SHORT,
    ),
];

/// Why the work plan is only a draft; empty when it may be signed. A plan is a draft when
/// it commits to an option its own answers rule out (one reason per rule), when it chose
/// against the recommendation without saying why, or when a
/// signatory's name or title says the person is still to be confirmed (markers such as
/// "to be confirmed" or "TBC", listed in the strings catalogue as `pdf.draft.markers`).
pub fn draft_reasons(ctx: &Context) -> Vec<DraftReason> {
    let s = ctx.strings;
    let option = option_label(&ctx.model.questionnaire, ctx.analysis.option);
    let mut out: Vec<DraftReason> = ruled_out_lines(ctx.analysis, &ctx.model.questionnaire, s)
        .into_iter()
        .map(|text| DraftReason {
            text,
            short: s.fill(key::pdf::draft::RULED_OUT_SHORT, &[("option", &option)]),
            signatory: None,
        })
        .collect();
    if let Some(text) = unexplained_line(ctx.analysis, &ctx.model.questionnaire, s) {
        out.push(DraftReason {
            text,
            short: s.get(key::pdf::draft::UNEXPLAINED_SHORT).to_string(),
            signatory: None,
        });
    }
    // An answer kept under a question no longer asked does not count.
    let shown = ctx.model.questionnaire.shown_answers(&ctx.plan.answers);
    let markers = markers(s.get(key::pdf::draft::MARKERS));
    for (who, ids, key, short) in SIGNATORIES {
        let unconfirmed = ids
            .iter()
            .filter_map(|id| shown.get(*id))
            .map(|a| a.to_plain())
            .find(|text| has_marker(text, &markers));
        if let Some(text) = unconfirmed {
            out.push(DraftReason {
                text: s.fill(key, &[("answer", &text)]),
                short: s.get(short).to_string(),
                signatory: Some(who),
            });
        }
    }
    out
}

/// The markers of a comma-separated list, in lower case.
fn markers(list: &str) -> Vec<String> {
    list.split(',')
        .map(|m| m.trim().to_lowercase())
        .filter(|m| !m.is_empty())
        .collect()
}

/// Whether `text` holds one of `markers` as whole words, in any case: "TBC" counts in
/// "Director (TBC)" but not inside a longer word.
fn has_marker(text: &str, markers: &[String]) -> bool {
    let text = text.to_lowercase();
    markers.iter().any(|m| {
        text.match_indices(m.as_str()).any(|(at, _)| {
            let before = text[..at].chars().next_back();
            let after = text[at + m.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_found_as_whole_words_in_any_case() {
        let m = markers("to be confirmed, TBC ,, to be named");
        assert_eq!(m, ["to be confirmed", "tbc", "to be named"]);
        for text in [
            "Deputy Representative (to be confirmed)",
            "Deputy Representative (To Be Confirmed)",
            "Minister, TBC",
            "tbc",
            "Permanent Secretary (to be named)",
        ] {
            assert!(has_marker(text, &m), "{text}");
        }
        for text in ["Søren Abiodun-Vásquez", "Atbcd Ltd", "confirmed", ""] {
            assert!(!has_marker(text, &m), "{text}");
        }
    }

    #[test]
    fn the_shipped_markers_catch_the_usual_ways_of_saying_nobody_yet() {
        let m = markers(crate::base::strings::Strings::builtin().get("pdf.draft.markers"));
        for text in [
            "Deputy Representative (TBA)",
            "Post vacant, pending appointment",
            "Minister (to be announced)",
            "Head of unit, TBD",
        ] {
            assert!(has_marker(text, &m), "{text}");
        }
        assert!(!has_marker("Hélène Tshabalala-Ortiz", &m));
    }
}
