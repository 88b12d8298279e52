//! The options compared, and the team's readiness with its gaps.

use super::Document;
use crate::decision::{AreaReadiness, Assessment, Readiness};
use crate::export::pdf::layout::{BODY, Layout, SMALL, SMALL_BOLD};
use crate::export::pdf::table::{Cell, Column, Table, bold, cell};
use crate::summary::option_label;

impl Document<'_> {
    pub(super) fn options(&self, l: &mut Layout) {
        l.lead_in(self.s.get("pdf.options.intro"), BODY);
        let s = self.s;
        let mut t = Table::new(vec![
            Column::new(s.get("pdf.options.column.option"), 1.3),
            Column::new(s.get("pdf.options.column.result"), 1.1),
            Column::new(s.get("pdf.options.column.reasons"), 4.0),
        ]);
        let d = &self.ctx.analysis.decision;
        for a in &d.ranking {
            let name = option_label(&self.ctx.model.questionnaire, a.option);
            t.row(vec![bold(name), self.verdict(a), self.reasons(a)]);
        }
        l.table(&t);
        let rationale = self.answer_text(crate::options::RATIONALE_QUESTION);
        if !rationale.is_empty() {
            l.heading(2, s.get("pdf.options.rationale"));
            l.paragraph(&rationale, BODY);
        }
        if !d.warnings.is_empty() {
            l.heading(2, s.get("pdf.options.warnings"));
            let texts: Vec<String> = d.warnings.iter().map(|w| w.text.clone()).collect();
            l.bullets(&texts, BODY);
        }
    }

    fn verdict(&self, a: &Assessment) -> Cell {
        let s = self.s;
        let d = &self.ctx.analysis.decision;
        let mut out = Vec::new();
        if a.is_blocked() {
            out.push((SMALL_BOLD, s.get("pdf.options.ruled_out").to_string()));
        } else {
            if a.option == d.recommended {
                out.push((SMALL_BOLD, s.get("pdf.options.recommended").to_string()));
            }
            let score = format!("{:.1}", a.score);
            out.push((SMALL, s.fill("pdf.options.score", &[("score", &score)])));
        }
        if a.option == self.ctx.analysis.option {
            out.push((SMALL_BOLD, s.get("pdf.options.chosen").to_string()));
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
                let text = s.fill("pdf.options.blocker", &[("reason", &b.text)]);
                (SMALL_BOLD, text)
            })
            .collect();
        for (r, points) in a.reasons.iter().filter(|(_, p)| p.abs() >= 0.05) {
            let key = if *points > 0.0 {
                "pdf.options.for"
            } else {
                "pdf.options.against"
            };
            out.push((SMALL, s.fill(key, &[("reason", &r.text)])));
        }
        if out.is_empty() {
            out.push((SMALL, s.get("pdf.common.none").to_string()));
        }
        out
    }

    pub(super) fn readiness(&self, l: &mut Layout) {
        let s = self.s;
        let d = &self.ctx.analysis.decision;
        let intro = if d.readiness.is_some() {
            s.fill(
                "pdf.readiness.intro",
                &[
                    ("readiness", &self.readiness_percent()),
                    ("answered", &self.answered_areas().to_string()),
                    ("areas", &d.areas.len().to_string()),
                ],
            )
        } else {
            s.get("pdf.readiness.intro_unknown").to_string()
        };
        l.paragraph(&intro, BODY);
        if !self.ctx.analysis.option.has_local_production() {
            l.space(3.0);
            l.paragraph(s.get("pdf.readiness.saas"), BODY);
        }
        l.space(6.0);
        let gaps: Vec<&AreaReadiness> = d.gaps().collect();
        if gaps.is_empty() {
            l.paragraph(s.get("pdf.readiness.no_gaps"), BODY);
        } else {
            l.table(&self.gap_table(&gaps));
        }
        for (status, key) in [
            (Readiness::Ready, "pdf.readiness.ready"),
            (Readiness::Unknown, "pdf.readiness.unknown"),
        ] {
            let titles: Vec<&str> = d
                .areas
                .iter()
                .filter(|a| a.status == status)
                .map(|a| a.title.as_str())
                .collect();
            if !titles.is_empty() {
                l.space(3.0);
                l.paragraph(&s.fill(key, &[("areas", &titles.join(", "))]), BODY);
            }
        }
    }

    fn gap_table(&self, gaps: &[&AreaReadiness]) -> Table {
        let s = self.s;
        let mut t = Table::new(vec![
            Column::new(s.get("pdf.readiness.column.area"), 1.4),
            Column::new(s.get("pdf.readiness.column.status"), 0.7),
            Column::new(s.get("pdf.readiness.column.mitigation"), 3.0),
            Column::new(s.get("pdf.readiness.column.owner"), 1.2),
            Column::new(s.get("pdf.readiness.column.due"), 1.1),
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
            Readiness::Ready => "pdf.status.ready",
            Readiness::Partly => "pdf.status.partly",
            Readiness::Gap => "pdf.status.gap",
            Readiness::Unknown => "pdf.status.unknown",
        };
        self.s.get(key).to_string()
    }

    /// When the work plan closes a gap: the end of its task.
    fn gap_due(&self, area: &str) -> String {
        self.ctx.analysis.work_plan.task_closing(area).map_or_else(
            || self.s.get("pdf.readiness.not_scheduled").to_string(),
            |t| self.date(t.end),
        )
    }
}
