//! The cover page and the executive summary.

use super::Document;
use crate::analysis::summary::option_label;
use crate::base::formats::human_decimal;
use crate::base::formats::{group_count, group_thousands};
use crate::base::key;
use crate::base::lang::Lang;
use crate::base::strings::{Strings, comma_list, language};
use crate::core::decision::Readiness;
use crate::export::pdf::fonts::Face;
use crate::export::pdf::layout::{BODY, H2, Item, Layout, NOTE, Style, rule};

const TITLE: Style = Style::new(Face::Bold, 22.0);
const SUBTITLE: Style = Style::new(Face::Regular, 13.0).gray(0.25);
const KICKER: Style = Style::new(Face::Bold, 9.5).gray(0.35);
/// Sections listed in the table of contents.
const CONTENTS_LINES: usize = 10;

impl Document<'_> {
    pub(super) fn cover(&self, l: &mut Layout) {
        l.space(30.0);
        l.paragraph(self.s.get(key::pdf::cover::KICKER), KICKER);
        l.space(6.0);
        l.paragraph(&self.answer_text("programme_name"), TITLE);
        l.space(4.0);
        let subtitle = self.s.fill(
            key::pdf::cover::SUBTITLE,
            &[
                ("country", &self.answer_text("country")),
                ("organisation", &self.answer_text("organisation")),
            ],
        );
        l.paragraph(&subtitle, SUBTITLE);
        let y = l.reserve(14.0) + 8.0;
        l.push(rule(l.geo.left(), l.geo.right(), y, 1.2, 0.0));
        l.space(10.0);
        l.key_values(&self.cover_facts(), 0.3);
        l.space(6.0);
        l.paragraph(self.s.get(key::pdf::cover::NOTE), NOTE);
        let h = CONTENTS_LINES as f32 * BODY.leading() + H2.leading() + 6.0;
        if l.room() >= h + 24.0 {
            l.space(24.0);
            self.contents.set(Some(l.reserve(h)));
        }
    }

    /// The sections and their pages, drawn on the cover once every page is laid out.
    pub(super) fn contents(&self, l: &mut Layout, top: f32) {
        let (left, right) = (l.geo.left(), l.geo.right());
        let title = self.s.get(key::pdf::cover::CONTENTS).to_string();
        let mut items = vec![Item::Text {
            x: left,
            baseline: l.baseline(top, H2),
            style: H2,
            text: title,
        }];
        let mut y = top + H2.leading() + 6.0;
        let sections: Vec<(String, usize)> = l
            .marks()
            .iter()
            .filter(|m| m.level == 0)
            .map(|m| (m.title.clone(), m.page + 1))
            .take(CONTENTS_LINES)
            .collect();
        for (title, page) in sections {
            let number = page.to_string();
            let baseline = l.baseline(y, BODY);
            let room = right - left - 40.0;
            items.push(Item::Text {
                x: left,
                baseline,
                style: BODY,
                text: l.fit(&title, BODY, room),
            });
            items.push(Item::Text {
                x: right - l.width(&number, BODY),
                baseline,
                style: BODY,
                text: number,
            });
            items.push(rule(left, right, y + BODY.leading() - 1.0, 0.2, 0.7));
            y += BODY.leading();
        }
        for item in items {
            l.push_on(0, item);
        }
    }

    fn cover_facts(&self) -> Vec<(String, String)> {
        let s = self.s;
        let wp = &self.ctx.analysis.work_plan;
        let go_live = wp
            .task("go_live")
            .map_or(String::new(), |t| self.date(t.start));
        let schedule = s.fill(
            key::pdf::cover::SCHEDULE_VALUE,
            &[
                ("start", &self.date(wp.start)),
                ("end", &self.date(wp.end)),
                ("go_live", &go_live),
            ],
        );
        let author = match self.answer_text("plan_author_email") {
            e if e.is_empty() => self.answer_text("plan_author"),
            e => format!("{} ({e})", self.answer_text("plan_author")),
        };
        let signatory = [
            self.answer_text("tou_signatory_name"),
            self.answer_text("tou_signatory_title"),
        ]
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>();
        let signatory = comma_list(&signatory);
        let q = &self.ctx.model.questionnaire;
        let rows = [
            (key::pdf::cover::COUNTRY, self.answer_text("country")),
            (
                key::pdf::cover::ORGANISATION,
                self.answer_text("organisation"),
            ),
            (key::pdf::cover::OPTION, self.option_words()),
            (key::pdf::cover::SCHEDULE, schedule),
            (key::pdf::cover::AUTHOR, author),
            (key::pdf::cover::SIGNATORY, signatory),
            (key::pdf::cover::DATE, self.date(self.ctx.now.date_naive())),
            (key::pdf::cover::VERSION, self.version_value()),
            (key::pdf::cover::LANGUAGE, self.language_value()),
            (
                key::pdf::cover::QUESTIONNAIRE,
                s.fill(
                    key::pdf::cover::QUESTIONNAIRE_VALUE,
                    &[("title", &q.title), ("version", &q.version)],
                ),
            ),
        ];
        rows.into_iter()
            .map(|(k, v)| (s.get(k).to_string(), self.or_dash(v)))
            .collect()
    }

    /// The language this copy is in, named in itself so a reader of any language finds it.
    fn language_value(&self) -> String {
        let lang = language();
        let english = Strings::shipped(Lang::En).keyed(key::common::language::PREFIX, lang.code());
        match lang {
            Lang::En => english,
            other => self.s.fill(
                key::pdf::cover::LANGUAGE_VALUE,
                &[("native", other.native_name()), ("english", &english)],
            ),
        }
    }

    fn version_value(&self) -> String {
        self.s.fill(
            key::pdf::cover::VERSION_VALUE,
            &[("when", &self.version_when()), ("hash", &self.hash())],
        )
    }

    /// The option, and whether it is the one recommended.
    fn option_words(&self) -> String {
        let a = self.ctx.analysis;
        if a.overrides_recommendation() {
            let recommended = option_label(&self.ctx.model.questionnaire, a.decision.recommended);
            self.s.fill(
                key::pdf::cover::OPTION_OVERRIDE,
                &[
                    ("option", &self.option_label()),
                    ("recommended", &recommended),
                ],
            )
        } else {
            self.s.fill(
                key::pdf::cover::OPTION_RECOMMENDED,
                &[("option", &self.option_label())],
            )
        }
    }

    pub(super) fn summary(&self, l: &mut Layout) {
        l.paragraph(&self.summary_decision(), BODY);
        l.space(3.0);
        l.bullets(&self.summary_reasons(), BODY);
        l.space(1.0);
        l.paragraph(&self.summary_plan(), BODY);
    }

    fn summary_decision(&self) -> String {
        let a = self.ctx.analysis;
        let mut out = self.s.fill(
            key::pdf::summary::DECISION,
            &[
                ("organisation", &self.answer_text("organisation")),
                ("country", &self.answer_text("country")),
                ("option", &self.option_label()),
            ],
        );
        out.push(' ');
        if a.overrides_recommendation() {
            let recommended = option_label(&self.ctx.model.questionnaire, a.decision.recommended);
            // Section 2 gives the team's reason only when the plan records one.
            let key = match a.unexplained_choice {
                true => key::pdf::summary::OVERRIDE_UNEXPLAINED,
                false => key::pdf::summary::OVERRIDE,
            };
            out.push_str(&self.s.fill(key, &[("recommended", &recommended)]));
        } else {
            out.push_str(self.s.get(key::pdf::summary::RECOMMENDED));
        }
        out
    }

    /// Why: what rules the choice or the other options out, then the strongest points for
    /// the choice.
    fn summary_reasons(&self) -> Vec<String> {
        let d = &self.ctx.analysis.decision;
        let chosen = self.ctx.analysis.option;
        let mut out: Vec<String> = d
            .assessment(chosen)
            .blockers
            .first()
            .map(|b| {
                self.s
                    .fill(key::pdf::summary::CHOSEN_BLOCKED, &[("reason", &b.text)])
            })
            .into_iter()
            .chain(
                d.ranking
                    .iter()
                    .filter(|a| a.option != chosen)
                    .filter_map(|a| a.blockers.first().map(|b| b.text.clone())),
            )
            .take(1)
            .collect();
        let mut points: Vec<_> = d
            .assessment(self.ctx.analysis.option)
            .reasons
            .iter()
            // Readiness has its own sentence below.
            .filter(|(r, p)| *p > 0.05 && r.rule != "capacity")
            .collect();
        points.sort_by(|a, b| b.1.total_cmp(&a.1));
        let room = 2 - out.len();
        out.extend(points.iter().take(room).map(|(r, _)| r.text.clone()));
        out.dedup();
        out
    }

    fn summary_plan(&self) -> String {
        let mut parts = vec![self.summary_readiness()];
        if let Some(s) = &self.ctx.analysis.sizing {
            // Several application nodes share the load, so one node's size alone misleads.
            let key = if s.app_server.count > 1 {
                key::pdf::summary::SIZING_NODES
            } else {
                key::pdf::summary::SIZING
            };
            parts.push(self.s.fill(
                key,
                &[
                    ("count", &s.app_server.count.to_string()),
                    ("vcpu", &s.app_server.vcpu.to_string()),
                    ("ram", &human_decimal(s.app_server.ram_gb)),
                    ("disk", &group_count(s.app_server.disk_gb)),
                    ("records", &self.end_records()),
                    ("years", &s.input.years.to_string()),
                ],
            ));
        }
        parts.extend(self.summary_cost());
        let wp = &self.ctx.analysis.work_plan;
        let go_live = wp.task("go_live").map_or(wp.end, |t| t.start);
        parts.push(self.s.fill(
            key::pdf::summary::SCHEDULE,
            &[
                ("start", &self.date(wp.start)),
                ("go_live", &self.date(go_live)),
            ],
        ));
        parts.join(" ")
    }

    /// What the option the plan commits to costs over the plan's years, next to the
    /// decision it weighed in; nothing when the questionnaire prices no option.
    fn summary_cost(&self) -> Option<String> {
        // Without the rate, the total mixes two currencies: section 3 says so instead.
        let costs = self
            .ctx
            .analysis
            .costs
            .as_ref()
            .filter(|c| !c.rate_missing)?;
        let option = costs.option(self.ctx.analysis.option)?;
        Some(self.s.fill(
            key::pdf::summary::COST,
            &[
                ("years", &costs.years.to_string()),
                ("total", &group_thousands(option.total)),
                ("currency", &costs.currency),
            ],
        ))
    }

    fn summary_readiness(&self) -> String {
        let d = &self.ctx.analysis.decision;
        if !self.ctx.analysis.option.has_local_production() {
            return self.s.get(key::pdf::summary::READINESS_SAAS).to_string();
        }
        if d.readiness.is_none() {
            return self.s.get(key::pdf::summary::READINESS_UNKNOWN).to_string();
        }
        let gaps = d.gaps().count();
        // "(0 in all)" would read as an oversight: say there is nothing to close.
        let key = match gaps {
            0 => key::pdf::summary::READY,
            _ => key::pdf::summary::READINESS,
        };
        self.s.fill(
            key,
            &[
                ("readiness", &self.readiness_percent()),
                ("answered", &self.answered_areas().to_string()),
                ("gaps", &gaps.to_string()),
            ],
        )
    }

    /// Capacity areas whose question is answered.
    pub(super) fn answered_areas(&self) -> usize {
        self.ctx
            .analysis
            .decision
            .areas
            .iter()
            .filter(|a| a.status != Readiness::Unknown)
            .count()
    }

    pub(super) fn readiness_percent(&self) -> String {
        match self.ctx.analysis.decision.readiness {
            Some(r) => format!("{:.0}%", r * 100.0),
            None => self.s.get(key::pdf::common::UNKNOWN).to_string(),
        }
    }

    /// Records at the end of the programme, for people.
    pub(super) fn end_records(&self) -> String {
        self.ctx
            .analysis
            .sizing
            .as_ref()
            .and_then(|s| s.storage_by_year.last())
            .map_or(String::new(), |y| group_count(y.records))
    }
}
