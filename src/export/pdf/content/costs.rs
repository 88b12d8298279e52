//! The cost of ownership: the three options side by side by year and in total, per
//! active user and per 1,000 records, the lines behind them, how the totals move with the
//! two largest lines, and a chart of the cost added up year by year.

use super::Document;
use crate::analysis::summary::{cost_line_label, cost_rate_line, option_label, over_budget_line};
use crate::base::formats::group_thousands;
use crate::base::key;
use crate::base::strings::semicolon_list;
use crate::core::cost::{Comparison, OptionCost};
use crate::export::pdf::chart::{self, Series};
use crate::export::pdf::layout::{BODY, Layout, NOTE, SMALL, SMALL_BOLD, Style};
use crate::export::pdf::table::{Align, Cell, Column, Table};

/// The grey of a ruled-out option's figures: still legible on paper, plainly set apart.
const RULED_OUT_GRAY: f32 = 0.55;

impl Document<'_> {
    /// Whether the document has the section: only when the model has cost figures.
    pub(super) fn has_costs(&self) -> bool {
        self.ctx.analysis.costs.is_some()
    }

    pub(super) fn costs(&self, l: &mut Layout) {
        let Some(c) = &self.ctx.analysis.costs else {
            return;
        };
        let s = self.s;
        let intro = s.fill(
            key::pdf::costs::INTRO,
            &[("years", &c.years.to_string()), ("currency", &c.currency)],
        );
        l.lead_in(&intro, BODY);
        if let Some(rate) = cost_rate_line(c) {
            l.paragraph(&rate, BODY);
        }
        l.table(&self.cost_table(c));
        self.ruled_out_notes(l, c);
        l.heading(2, s.get(key::pdf::costs::SENSITIVITY));
        let sentences: Vec<String> = c.options.iter().map(|o| self.sensitivity(o)).collect();
        l.bullets(&sentences, BODY);
        let over: Vec<String> = c
            .options
            .iter()
            .filter_map(|o| {
                let line = over_budget_line(o.over_budget.as_ref()?);
                Some(s.fill(
                    key::pdf::costs::OPTION_NOTE,
                    &[("option", &self.option_name(o)), ("note", &line)],
                ))
            })
            .collect();
        if !over.is_empty() {
            l.heading(2, s.get(key::pdf::costs::OVER_BUDGET));
            l.bullets(&over, BODY);
        }
        l.heading(2, s.get(key::pdf::costs::CHART));
        chart::cumulative(l, &self.series(c), s);
        l.heading(2, s.get(key::pdf::costs::LINES));
        l.table(&self.lines_table(c));
        l.paragraph(s.get(key::pdf::costs::SOURCES), NOTE);
        self.unanswered(l, c);
    }

    fn option_name(&self, o: &OptionCost) -> String {
        option_label(&self.ctx.model.questionnaire, o.option)
    }

    /// An option's column title: its name, and whether it is recommended or ruled out.
    fn cost_column(&self, o: &OptionCost) -> Column {
        let s = self.s;
        let name = self.option_name(o);
        let title = if !o.ruled_out.is_empty() {
            s.fill(key::pdf::costs::COLUMN_RULED_OUT, &[("option", &name)])
        } else if o.option == self.ctx.analysis.decision.recommended {
            s.fill(key::pdf::costs::COLUMN_RECOMMENDED, &[("option", &name)])
        } else {
            name
        };
        Column::new(&title, 1.0).align(Align::Right)
    }

    fn amount_cell(o: &OptionCost, text: String, bold: bool) -> Cell {
        let style: Style = if bold { SMALL_BOLD } else { SMALL };
        let style = if o.ruled_out.is_empty() {
            style
        } else {
            style.gray(RULED_OUT_GRAY)
        };
        vec![(style, text)]
    }

    /// Years, total, per active user and per 1,000 records, one column per option.
    fn cost_table(&self, c: &Comparison) -> Table {
        let s = self.s;
        let mut columns = vec![Column::new(s.get(key::pdf::costs::column::ITEM), 1.3)];
        columns.extend(c.options.iter().map(|o| self.cost_column(o)));
        let mut t = Table::new(columns);
        let row = |label: String, bold: bool, value: &dyn Fn(&OptionCost) -> Option<i64>| {
            let style = if bold { SMALL_BOLD } else { SMALL };
            let mut cells: Vec<Cell> = vec![vec![(style, label)]];
            cells.extend(c.options.iter().map(|o| {
                let text = value(o).map_or_else(|| "–".to_string(), group_thousands);
                Self::amount_cell(o, text, bold)
            }));
            cells
        };
        for y in 0..c.years as usize {
            let label = chart::year_label(s, y as u32 + 1);
            t.row(row(label, false, &|o| o.years.get(y).copied()));
        }
        t.row(row(s.get(key::pdf::costs::TOTAL).to_string(), true, &|o| {
            Some(o.total)
        }));
        t.row(row(
            s.get(key::pdf::costs::PER_USER).to_string(),
            false,
            &|o| o.per_user_year,
        ));
        t.row(row(
            s.get(key::pdf::costs::PER_RECORDS).to_string(),
            false,
            &|o| o.per_thousand_records,
        ));
        t
    }

    fn ruled_out_notes(&self, l: &mut Layout, c: &Comparison) {
        for o in c.options.iter().filter(|o| !o.ruled_out.is_empty()) {
            let text = self.s.fill(
                key::pdf::costs::RULED_OUT,
                &[
                    ("option", &self.option_name(o)),
                    ("reasons", &semicolon_list(&o.ruled_out)),
                ],
            );
            l.paragraph(&text, NOTE);
        }
    }

    /// "Tier 4: If IT team time is 30% off, the total is 134,760 to 167,592. If ...".
    fn sensitivity(&self, o: &OptionCost) -> String {
        let parts: Vec<String> = o
            .sensitivity
            .iter()
            .map(|x| {
                let sentence = self.s.fill(
                    key::cost::show::SENSITIVITY,
                    &[
                        ("line", &cost_line_label(x.line)),
                        ("low", &group_thousands(x.low)),
                        ("high", &group_thousands(x.high)),
                    ],
                );
                self.s
                    .fill(key::pdf::costs::SENTENCE, &[("sentence", &sentence)])
            })
            .collect();
        self.s.fill(
            key::pdf::costs::OPTION_NOTE,
            &[("option", &self.option_name(o)), ("note", &parts.join(" "))],
        )
    }

    /// Each option's cost added up year by year, from nothing at the start.
    fn series(&self, c: &Comparison) -> Vec<Series> {
        c.options
            .iter()
            .map(|o| {
                let mut sum = 0;
                let mut points = vec![0];
                for y in &o.years {
                    sum += y;
                    points.push(sum);
                }
                let name = self.option_name(o);
                let name = if o.ruled_out.is_empty() {
                    name
                } else {
                    self.s
                        .fill(key::pdf::costs::COLUMN_RULED_OUT, &[("option", &name)])
                };
                Series {
                    name,
                    points,
                    faint: !o.ruled_out.is_empty(),
                }
            })
            .collect()
    }

    /// Every line over the plan's years, by option; a line priced with an assumed figure
    /// carries the mark the note below explains.
    fn lines_table(&self, c: &Comparison) -> Table {
        let s = self.s;
        let mut columns = vec![Column::new(s.get(key::pdf::costs::column::LINE), 1.3)];
        columns.extend(c.options.iter().map(|o| self.cost_column(o)));
        let mut t = Table::new(columns);
        // In the order of the option with the most lines, which is the model's order.
        let mut by_size: Vec<&OptionCost> = c.options.iter().collect();
        by_size.sort_by_key(|o| std::cmp::Reverse(o.lines.len()));
        let mut ids: Vec<&str> = Vec::new();
        for l in by_size.iter().flat_map(|o| &o.lines) {
            if !ids.contains(&l.id) {
                ids.push(l.id);
            }
        }
        for id in ids {
            let mut cells: Vec<Cell> = vec![vec![(SMALL, cost_line_label(id))]];
            cells.extend(c.options.iter().map(|o| {
                let text = match o.lines.iter().find(|l| l.id == id) {
                    Some(l) if l.assumption => s.fill(
                        key::pdf::costs::ASSUMED,
                        &[("amount", &group_thousands(l.total))],
                    ),
                    Some(l) => group_thousands(l.total),
                    None => "–".to_string(),
                };
                Self::amount_cell(o, text, false)
            }));
            t.row(cells);
        }
        let mut total: Vec<Cell> = vec![vec![(SMALL_BOLD, s.get(key::pdf::costs::TOTAL).into())]];
        total.extend(
            c.options
                .iter()
                .map(|o| Self::amount_cell(o, group_thousands(o.total), true)),
        );
        t.row(total);
        t
    }

    /// That the comparison still waits for answers. The questions are named by count: their
    /// prompts end in a question mark, which the document keeps for letters it cannot draw.
    fn unanswered(&self, l: &mut Layout, c: &Comparison) {
        if c.unanswered.is_empty() {
            return;
        }
        let text = self.s.fill(
            key::pdf::costs::UNANSWERED,
            &[("count", &c.unanswered.len().to_string())],
        );
        l.paragraph(&text, NOTE);
    }
}
