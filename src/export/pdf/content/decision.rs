//! The options compared, and the team's readiness with its gaps.

use super::Document;
use crate::analysis::summary::option_label;
use crate::base::key;
use crate::base::strings::comma_list;
use crate::core::decision::{AreaReadiness, Assessment, Readiness};
use crate::export::pdf::layout::{BODY, Layout, SMALL, SMALL_BOLD};
use crate::export::pdf::table::{Cell, Column, Table, bold, cell};

impl Document<'_> {
    pub(super) fn options(&self, l: &mut Layout) {
        l.lead_in(self.s.get(key::pdf::options::INTRO), BODY);
        let s = self.s;
        let mut t = Table::new(vec![
            Column::new(s.get(key::pdf::options::column::OPTION), 1.3),
            Column::new(s.get(key::pdf::options::column::RESULT), 1.1),
            Column::new(s.get(key::pdf::options::column::REASONS), 4.0),
        ]);
        let d = &self.ctx.analysis.decision;
        for a in &d.ranking {
            let name = option_label(&self.ctx.model.questionnaire, a.option);
            t.row(vec![bold(name), self.verdict(a), self.reasons(a)]);
        }
        l.table(&t);
        let rationale = self.answer_text(crate::core::options::RATIONALE_QUESTION);
        if !rationale.is_empty() {
            l.heading(2, s.get(key::pdf::options::RATIONALE));
            l.paragraph(&rationale, BODY);
        }
        if !d.warnings.is_empty() {
            l.heading(2, s.get(key::pdf::options::WARNINGS));
            let texts: Vec<String> = d.warnings.iter().map(|w| w.text.clone()).collect();
            l.bullets(&texts, BODY);
        }
    }

    fn verdict(&self, a: &Assessment) -> Cell {
        let s = self.s;
        let d = &self.ctx.analysis.decision;
        let mut out = Vec::new();
        if a.is_blocked() {
            out.push((SMALL_BOLD, s.get(key::pdf::options::RULED_OUT).to_string()));
        } else {
            if a.option == d.recommended {
                out.push((
                    SMALL_BOLD,
                    s.get(key::pdf::options::RECOMMENDED).to_string(),
                ));
            }
            let score = format!("{:.1}", a.score);
            out.push((
                SMALL,
                s.fill(key::pdf::options::SCORE, &[("score", &score)]),
            ));
        }
        if a.option == self.ctx.analysis.option {
            out.push((SMALL_BOLD, s.get(key::pdf::options::CHOSEN).to_string()));
        }
        out
    }

    /// Blockers first, then points for and against; tiny effects are left out.
    fn reasons(&self, a: &Assessment) -> Cell {
        let s = self.s;
        let mut out: Cell = a
            .blockers
            .iter()
            .map(|b| {
                let text = s.fill(key::pdf::options::BLOCKER, &[("reason", &b.text)]);
                (SMALL_BOLD, text)
            })
            .collect();
        for (r, points) in a.reasons.iter().filter(|(_, p)| p.abs() >= 0.05) {
            let key = if *points > 0.0 {
                key::pdf::options::FOR
            } else {
                key::pdf::options::AGAINST
            };
            out.push((SMALL, s.fill(key, &[("reason", &r.text)])));
        }
        if out.is_empty() {
            out.push((SMALL, s.get(key::pdf::common::NONE).to_string()));
        }
        out
    }

    pub(super) fn readiness(&self, l: &mut Layout) {
        let s = self.s;
        let d = &self.ctx.analysis.decision;
        let intro = if d.readiness.is_some() {
            s.fill(
                key::pdf::readiness::INTRO,
                &[
                    ("readiness", &self.readiness_percent()),
                    ("answered", &self.answered_areas().to_string()),
                    ("areas", &d.areas.len().to_string()),
                ],
            )
        } else {
            s.get(key::pdf::readiness::INTRO_UNKNOWN).to_string()
        };
        l.paragraph(&intro, BODY);
        if !self.ctx.analysis.option.has_local_production() {
            l.space(3.0);
            l.paragraph(s.get(key::pdf::readiness::SAAS), BODY);
        }
        l.space(6.0);
        let gaps: Vec<&AreaReadiness> = d.gaps().collect();
        if gaps.is_empty() {
            l.paragraph(s.get(key::pdf::readiness::NO_GAPS), BODY);
        } else {
            l.table(&self.gap_table(&gaps));
        }
        for (status, key) in [
            (Readiness::Ready, key::pdf::readiness::READY),
            (Readiness::Unknown, key::pdf::readiness::UNKNOWN),
        ] {
            let titles: Vec<&str> = d
                .areas
                .iter()
                .filter(|a| a.status == status)
                .map(|a| a.title.as_str())
                .collect();
            if !titles.is_empty() {
                l.space(3.0);
                l.paragraph(&s.fill(key, &[("areas", &comma_list(&titles))]), BODY);
            }
        }
    }

    fn gap_table(&self, gaps: &[&AreaReadiness]) -> Table {
        let s = self.s;
        let mut t = Table::new(vec![
            Column::new(s.get(key::pdf::readiness::column::AREA), 1.4),
            Column::new(s.get(key::pdf::readiness::column::STATUS), 0.7),
            Column::new(s.get(key::pdf::readiness::column::MITIGATION), 3.0),
            Column::new(s.get(key::pdf::readiness::column::OWNER), 1.2),
            Column::new(s.get(key::pdf::readiness::column::DUE), 1.1),
        ]);
        for g in gaps {
            let (mitigation, owner) = match &g.mitigation {
                Some(m) => (m.text.clone(), self.party_name(&m.owner)),
                None => (String::new(), String::new()),
            };
            t.row(vec![
                bold(g.title.clone()),
                cell(self.status_word(g.status)),
                cell(self.or_dash(mitigation)),
                cell(self.or_dash(owner)),
                cell(self.gap_due(&g.area)),
            ]);
        }
        t
    }

    fn status_word(&self, status: Readiness) -> String {
        let key = match status {
            Readiness::Ready => key::pdf::status::READY,
            Readiness::Partly => key::pdf::status::PARTLY,
            Readiness::Gap => key::pdf::status::GAP,
            Readiness::Unknown => key::pdf::status::UNKNOWN,
        };
        self.s.get(key).to_string()
    }

    /// When the work plan closes a gap: the end of its task.
    fn gap_due(&self, area: &str) -> String {
        self.ctx.analysis.work_plan.task_closing(area).map_or_else(
            || self.s.get(key::pdf::readiness::NOT_SCHEDULED).to_string(),
            |t| self.date(t.end),
        )
    }
}
