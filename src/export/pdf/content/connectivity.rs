//! Connections and offline work in the field, and what they mean for the plan: offline
//! work on devices, the time attachments take to send, where the server sits.

use super::Document;
use crate::base::formats::human_decimal;
use crate::base::key;
use crate::core::answer::{Answer, Level};
use crate::core::options::HostingOption;
use crate::export::pdf::layout::{BODY, Layout};

/// The answers shown, each with its label's key.
const ANSWERS: [(&str, &str); 5] = [
    (
        "internet_reliability",
        key::pdf::connectivity::field::INTERNET,
    ),
    ("bandwidth_mbps", key::pdf::connectivity::field::BANDWIDTH),
    ("offline_work", key::pdf::connectivity::field::OFFLINE),
    ("device_types", key::pdf::connectivity::field::DEVICES),
    ("mdm_wanted", key::pdf::connectivity::field::MDM),
];

/// Sending a record's attachments for longer than this, in seconds, at the office's full
/// speed calls for advice on keeping them small: a caseworker waits that long for each
/// record, and more on a shared or slower upload line.
const SLOW_SEND_SECONDS: f64 = 30.0;

impl Document<'_> {
    /// The connectivity answers and what follows from them; nothing when none is given.
    pub(super) fn connectivity(&self, l: &mut Layout) {
        let pairs: Vec<(String, String)> = ANSWERS
            .iter()
            .map(|(id, key)| (self.s.get(key).to_string(), self.answer_text(id)))
            .filter(|(_, value)| !value.is_empty())
            .collect();
        if pairs.is_empty() {
            return;
        }
        l.heading(1, self.s.get(key::pdf::connectivity::HEADING));
        l.key_values(&pairs, 0.35);
        let meaning = self.connectivity_meaning();
        if !meaning.is_empty() {
            l.heading(2, self.s.get(key::pdf::connectivity::MEANING));
            l.bullets(&meaning, BODY);
        }
    }

    /// What the answers mean for the plan, one point each.
    fn connectivity_meaning(&self) -> Vec<String> {
        [
            self.offline_point(),
            self.internet_point(),
            self.bandwidth_points(),
            self.device_point(),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    fn offline_point(&self) -> Vec<String> {
        let key = match self.answer("offline_work") {
            Some(Answer::Level(Level::Yes)) => key::pdf::connectivity::OFFLINE_YES,
            Some(Answer::Level(Level::Partly)) => key::pdf::connectivity::OFFLINE_PARTLY,
            _ => return Vec::new(),
        };
        vec![self.s.get(key).to_string()]
    }

    /// Unreliable connections, and how far they have to reach: abroad to UNICEF's cloud
    /// region, or to a server in the country.
    fn internet_point(&self) -> Vec<String> {
        let Some(Answer::Choice(reliability)) = self.answer("internet_reliability") else {
            return Vec::new();
        };
        let saas = self.ctx.analysis.option == HostingOption::Saas;
        let key = match (reliability.as_str(), saas) {
            ("poor", true) => key::pdf::connectivity::POOR_SAAS,
            ("intermittent", true) => key::pdf::connectivity::INTERMITTENT_SAAS,
            ("poor" | "intermittent", false) => key::pdf::connectivity::UNRELIABLE_LOCAL,
            _ => return Vec::new(),
        };
        vec![self.s.get(key).to_string()]
    }

    /// How long a record's attachments take to send at the office's speed.
    fn bandwidth_points(&self) -> Vec<String> {
        let (Some(Answer::Decimal(speed)), Some(Answer::Decimal(mb))) = (
            self.answer("bandwidth_mbps"),
            self.answer("attachment_mb_per_record"),
        ) else {
            return Vec::new();
        };
        if *speed <= 0.0 || *mb <= 0.0 {
            return Vec::new();
        }
        // Megabytes to megabits: eight bits a byte. Tenths of a second are enough.
        let seconds = (mb * 8.0 / speed * 10.0).ceil() / 10.0;
        let time = if seconds == 1.0 {
            self.s.get(key::pdf::connectivity::ONE_SECOND).to_string()
        } else {
            let n = human_decimal(seconds);
            self.s.fill(key::pdf::connectivity::SECONDS, &[("n", &n)])
        };
        let mut out = vec![self.s.fill(
            key::pdf::connectivity::BANDWIDTH,
            &[
                ("speed", &human_decimal(*speed)),
                ("mb", &human_decimal(*mb)),
                ("time", &time),
            ],
        )];
        if seconds > SLOW_SEND_SECONDS {
            out.push(
                self.s
                    .get(key::pdf::connectivity::BANDWIDTH_SLOW)
                    .to_string(),
            );
        }
        out
    }

    /// Tablets and phones leave the office with case data on them.
    fn device_point(&self) -> Vec<String> {
        let mobile = matches!(
            self.answer("device_types"),
            Some(Answer::Choices(c)) if c.iter().any(|d| d == "tablet" || d == "phone")
        );
        if !mobile {
            return Vec::new();
        }
        let key = match self.answer("mdm_wanted") {
            Some(Answer::Level(Level::Yes)) => key::pdf::connectivity::MOBILE_MANAGED,
            Some(Answer::Level(Level::Partly)) => key::pdf::connectivity::MOBILE_PARTLY_MANAGED,
            Some(Answer::Level(Level::No)) => key::pdf::connectivity::MOBILE_UNMANAGED,
            _ => key::pdf::connectivity::MOBILE,
        };
        vec![self.s.get(key).to_string()]
    }
}
