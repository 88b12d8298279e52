//! Servers to procure and storage growth.

use super::Document;
use crate::base::formats::group_count;
use crate::base::formats::{group_thousands, human_decimal};
use crate::base::key;
use crate::core::sizing::Sizing;
use crate::export::pdf::chart;
use crate::export::pdf::layout::{BODY, Layout};
use crate::export::pdf::table::{Align, Column, Table, bold, cell};

impl Document<'_> {
    pub(super) fn sizing(&self, l: &mut Layout) {
        let Some(sizing) = &self.ctx.analysis.sizing else {
            l.paragraph(self.s.get(key::pdf::sizing::SAAS), BODY);
            return;
        };
        l.paragraph(&self.sizing_inputs(sizing), BODY);
        l.space(6.0);
        l.table(&self.server_table(sizing));
        self.platform(l, sizing);
        l.heading(1, self.s.get(key::pdf::sizing::GROWTH));
        chart::storage(l, sizing, self.s);
        l.table(&self.storage_table(sizing));
        l.paragraph(
            &self.s.fill(
                key::pdf::sizing::DOWNTIME,
                &[
                    ("target", &human_decimal(sizing.input.availability_pct)),
                    ("hours", &human_decimal(sizing.downtime_hours_per_year)),
                ],
            ),
            BODY,
        );
        l.heading(2, self.s.get(key::pdf::sizing::ASSUMPTIONS));
        l.bullets(&sizing.assumptions, BODY);
    }

    fn sizing_inputs(&self, s: &Sizing) -> String {
        let i = &s.input;
        self.s.fill(
            key::pdf::sizing::INPUTS,
            &[
                ("records", &group_count(i.records)),
                ("growth", &human_decimal(i.growth_pct)),
                ("years", &i.years.to_string()),
                ("users", &group_count(i.users)),
                ("attachments", &human_decimal(i.attachment_mb)),
                ("copies", &group_thousands(i64::from(i.backup_copies))),
            ],
        )
    }

    fn server_table(&self, s: &Sizing) -> Table {
        let k = |key| self.s.get(key);
        let mut t = Table::new(vec![
            Column::new(k(key::pdf::sizing::column::SERVER), 2.0),
            Column::new(k(key::pdf::sizing::column::VCPU), 0.6).align(Align::Right),
            Column::new(k(key::pdf::sizing::column::MEMORY), 0.8).align(Align::Right),
            Column::new(k(key::pdf::sizing::column::DISK), 0.8).align(Align::Right),
            Column::new(k(key::pdf::sizing::column::NOTE), 3.2),
        ]);
        for server in s.servers() {
            t.row(vec![
                bold(Sizing::label(server, self.s)),
                cell(server.vcpu.to_string()),
                cell(chart::gb(self.s, server.ram_gb)),
                cell(chart::gb(self.s, server.disk_gb as f64)),
                cell(server.note.clone()),
            ]);
        }
        t
    }

    /// The operating system and the outbound access, under the servers they apply to.
    fn platform(&self, l: &mut Layout, s: &Sizing) {
        l.space(6.0);
        l.paragraph(
            &self
                .s
                .fill(key::sizing::platform::OS_LINE, &[("os", &s.platform.os)]),
            BODY,
        );
        l.heading(2, self.s.get(key::sizing::platform::OUTBOUND));
        let items: Vec<String> = s.platform.outbound.iter().map(|o| o.text.clone()).collect();
        l.bullets(&items, BODY);
    }

    fn storage_table(&self, s: &Sizing) -> Table {
        let k = |key| self.s.get(key);
        let right = |key| Column::new(k(key), 1.0).align(Align::Right);
        let mut t = Table::new(vec![
            Column::new(k(key::pdf::sizing::column::YEAR), 0.9),
            right(key::pdf::sizing::column::RECORDS),
            right(key::pdf::chart::DATABASE),
            right(key::pdf::chart::ATTACHMENTS),
            right(key::pdf::chart::BACKUPS),
            right(key::pdf::sizing::column::TOTAL),
        ]);
        for y in &s.storage_by_year {
            t.row(vec![
                cell(chart::year_label(self.s, y.year)),
                cell(group_count(y.records)),
                cell(chart::gb(self.s, y.database_gb)),
                cell(chart::gb(self.s, y.attachments_gb)),
                cell(chart::gb(self.s, y.backups_gb)),
                bold(chart::gb(self.s, y.total_gb)),
            ]);
        }
        t
    }
}
