//! The plan's responsibilities matrix for the chosen option, its parties, legend and
//! support levels. Everything comes from the analysis's matrix, which holds only the rows
//! this plan's answers call for and hands the letters of a party the plan does without to
//! its stand-in.

use super::Document;
use crate::base::key;
use crate::base::strings::{comma_list, semicolon_list};
use crate::core::responsibilities::{Activity, Matrix, Party};
use crate::export::pdf::layout::{BODY, Layout};
use crate::export::pdf::table::{Align, Column, Table, bold, cell};

/// The answers that name who fills a party's role in this plan.
const PARTY_ANSWERS: &[(&str, &[&str])] = &[
    ("local_admin", &["administrator_name", "role_administrator"]),
    ("local_it", &["role_it_team", "it_team_size"]),
    // The provider's name is already in the party's name (`name_from`).
    ("hosting_provider", &["role_hosting_provider"]),
    (
        "tech_vendor",
        &["technology_vendor_name", "role_technology_vendor"],
    ),
    ("openfn", &["openfn_hosting"]),
];

impl Document<'_> {
    pub(super) fn responsibilities(&self, l: &mut Layout) {
        let s = self.s;
        l.lead_in(
            &s.fill(key::pdf::matrix::INTRO, &[("option", &self.option_label())]),
            BODY,
        );
        l.table(&self.party_table());
        l.heading(1, s.get(key::pdf::matrix::HEADING));
        l.table(&self.raci_table());
        l.heading(1, s.get(key::pdf::matrix::LEGEND));
        l.table(&self.legend_table());
        l.heading(1, s.get(key::pdf::matrix::LEVELS));
        l.table(&self.levels_table());
    }

    /// The plan's matrix.
    fn matrix(&self) -> &Matrix {
        &self.ctx.analysis.matrix
    }

    fn party_table(&self) -> Table {
        let s = self.s;
        let mut t = Table::new(vec![
            Column::new(s.get(key::pdf::matrix::column::PARTY), 1.2),
            Column::new(s.get(key::pdf::matrix::column::IN_PLAN), 1.8),
            Column::new(s.get(key::pdf::matrix::column::ROLE), 3.0),
        ]);
        for p in &self.matrix().parties {
            t.row(vec![
                bold(p.name.clone()),
                cell(self.or_dash(self.who(p))),
                cell(p.description.clone()),
            ]);
        }
        t
    }

    /// Who fills a party's role, from the plan's answers; for a party the plan does
    /// without, who takes on its part.
    fn who(&self, party: &Party) -> String {
        let ids = PARTY_ANSWERS
            .iter()
            .find(|(p, _)| *p == party.id)
            .map_or(&[][..], |(_, ids)| ids);
        let mut texts: Vec<String> = ids
            .iter()
            .map(|id| self.answer_text(id))
            .filter(|t| !t.is_empty())
            .collect();
        if !self.matrix().is_needed(&party.id) {
            let stand_in = self.matrix().party_name(&party.id);
            texts.push(
                self.s
                    .fill(key::pdf::matrix::STAND_IN, &[("stand_in", &stand_in)]),
            );
        }
        semicolon_list(&texts)
    }

    /// The activities of the plan's matrix under the option.
    fn activities(&self) -> Vec<&Activity> {
        self.matrix().rows(self.ctx.analysis.option)
    }

    fn raci_table(&self) -> Table {
        let m = self.matrix();
        let option = self.ctx.analysis.option;
        let parties = m.parties_in_rows(option);
        let mut columns = vec![Column::new(
            self.s.get(key::pdf::matrix::column::ACTIVITY),
            2.6,
        )];
        for p in &parties {
            // The role's name as the data gives it: names filled from the answers are too
            // long for a column head and stand in the party table above.
            columns.push(Column::new(&self.ctx.model.party_name(&p.id), 1.0).align(Align::Center));
        }
        columns.push(
            Column::new(self.s.get(key::pdf::matrix::column::LEVEL), 0.6).align(Align::Center),
        );
        let mut t = Table::new(columns);
        let activities = self.activities();
        for group in &m.groups {
            let rows: Vec<&&Activity> = activities.iter().filter(|a| a.group == group.id).collect();
            if rows.is_empty() {
                continue;
            }
            t.group(group.title.clone());
            for a in rows {
                let mut cells = vec![cell(a.title.clone())];
                for p in &parties {
                    cells.push(bold(m.letters(&a.id, option, &p.id)));
                }
                cells.push(cell(
                    a.support_level.map_or(String::new(), |n| n.to_string()),
                ));
                t.row(cells);
            }
        }
        t
    }

    fn legend_table(&self) -> Table {
        let s = self.s;
        let mut t = Table::new(vec![
            Column::new(s.get(key::pdf::matrix::column::CODE), 0.6).align(Align::Center),
            Column::new(s.get(key::pdf::matrix::column::MEANING), 6.0),
        ]);
        for e in &self.matrix().legend {
            t.row(vec![bold(e.code.clone()), cell(e.meaning.clone())]);
        }
        t
    }

    fn levels_table(&self) -> Table {
        let s = self.s;
        let mut t = Table::new(vec![
            Column::new(s.get(key::pdf::matrix::column::LEVEL), 0.6).align(Align::Center),
            Column::new(s.get(key::pdf::matrix::column::SUPPORT), 1.3),
            Column::new(s.get(key::pdf::matrix::column::COVERS), 3.4),
            Column::new(s.get(key::pdf::matrix::column::PROVIDED_BY), 1.5),
        ]);
        let activities = self.activities();
        for level in &self.matrix().support_levels {
            t.row(vec![
                bold(level.level.to_string()),
                bold(level.title.clone()),
                cell(level.description.clone()),
                cell(self.or_dash(self.providers(&activities, level.level))),
            ]);
        }
        t
    }

    /// The accountable parties of the activities giving a support level.
    fn providers(&self, activities: &[&Activity], level: u8) -> String {
        let option = self.ctx.analysis.option;
        let mut names: Vec<String> = Vec::new();
        for a in activities {
            if a.support_level != Some(level) {
                continue;
            }
            if let Some(id) = a.accountable_id(option) {
                let name = self.party_name(id);
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        comma_list(&names)
    }
}
