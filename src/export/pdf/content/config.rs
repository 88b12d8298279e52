//! The configuration to hand over for deployment. Secrets never appear: no question asks
//! for one, and only the answers listed here are printed.

use super::Document;
use crate::base::key;
use crate::core::answer::{Answer, Level};
use crate::export::config::vars;
use crate::export::pdf::layout::{BODY, Layout, NOTE, SMALL};
use crate::export::pdf::table::{Cell, Column, Table, bold, cell};

/// Primero's settings: question id and the name the deployment tooling gives it. A
/// setting with one right value (`config::vars::FIXED`) takes that value; its id names no
/// question, only its label in the catalogue.
const PRIMERO: &[(&str, &str)] = &[
    ("primero_host", "primero_host"),
    ("certbot_email", "certbot_email"),
    ("tls_certificate", "use_external_certs, use_lets_encrypt"),
    ("primero_release", "primero_tag"),
    ("locales", "locale_all"),
    ("ansible_user", "ansible_user"),
    ("smtp_address", "SMTP_ADDRESS"),
    ("smtp_port", "SMTP_PORT"),
    ("smtp_domain", "SMTP_DOMAIN"),
    ("smtp_auth", "SMTP_AUTH"),
    ("smtp_starttls", "SMTP_STARTTLS_AUTO"),
    ("mailer_notification_host", "MAILER_NOTIFICATION_HOST"),
    ("mailer_default_from", "MAILER_DEFAULT_FROM"),
    ("mailer_delivery_method", "MAILER_DELIVERY_METHOD"),
    ("postgres_hostname", ""),
    ("storage_container", ""),
];

/// Short names of the settings in the catalogue, by question id.
const FIELD_KEYS: &str = key::pdf::config::field::PREFIX;
/// Why a fixed setting is written as it is, by its id in [`PRIMERO`].
const FIXED_NOTES: &str = key::pdf::config::fixed::PREFIX;

/// OpenFn's settings, as question ids.
const OPENFN: &[&str] = &[
    "openfn_hosting",
    "openfn_host",
    "openfn_systems",
    "openfn_webhook_auth",
    "openfn_retention",
    "openfn_history_days",
    "openfn_admin_email",
    "openfn_mfa_required",
];

impl Document<'_> {
    pub(super) fn config(&self, l: &mut Layout) {
        let s = self.s;
        if self.ctx.analysis.option.has_local_production() {
            l.lead_in(s.get(key::pdf::config::INTRO), BODY);
            l.table(&self.primero_settings());
        } else if self.openfn_used() {
            // UNICEF sets Primero up, but the team still sets up its OpenFn projects.
            l.paragraph(s.get(key::pdf::config::SAAS_OPENFN), BODY);
        } else {
            l.paragraph(s.get(key::pdf::config::SAAS), BODY);
            return;
        }
        l.heading(1, s.get(key::pdf::config::OPENFN));
        if self.openfn_used() {
            l.table(&self.openfn_settings());
            l.heading(2, s.get(key::pdf::config::PROJECTS));
            l.lead_in(s.get(key::pdf::config::PROJECTS_INTRO), BODY);
            l.table(&self.webhook_projects());
        } else {
            l.paragraph(s.get(key::pdf::config::NO_OPENFN), BODY);
        }
        l.paragraph(s.get(key::pdf::config::SECRETS), NOTE);
    }

    fn settings_table(&self) -> Table {
        let s = self.s;
        Table::new(vec![
            Column::new(s.get(key::pdf::config::column::SETTING), 1.6),
            Column::new(s.get(key::pdf::config::column::VALUE), 2.2),
            Column::new(s.get(key::pdf::config::column::VARIABLE), 1.6),
        ])
    }

    fn primero_settings(&self) -> Table {
        let mut t = self.settings_table();
        for (id, variable) in PRIMERO {
            let Some(value) = self.primero_value(id, variable) else {
                continue;
            };
            t.row(vec![
                bold(self.setting_label(id)),
                value,
                cell(variable.to_string()),
            ]);
        }
        t.row(self.solr_row());
        t
    }

    /// Search with Solr, as the configuration export decides it from the answers.
    fn solr_row(&self) -> Vec<Cell> {
        let on = crate::export::config::settings(self.ctx).solr;
        let (value, why) = if on {
            ("true", key::pdf::config::solr::ON)
        } else {
            ("false", key::pdf::config::solr::OFF)
        };
        vec![
            bold(self.s.get(key::pdf::config::solr::LABEL).to_string()),
            vec![
                (SMALL, value.to_string()),
                (NOTE, self.s.get(why).to_string()),
            ],
            cell("SOLR_ENABLED".to_string()),
        ]
    }

    /// A setting's value: the fixed one, with why it is written so, or the answer;
    /// `None` when unanswered.
    fn primero_value(&self, id: &str, variable: &str) -> Option<Cell> {
        if let Some((_, value)) = vars::FIXED.iter().find(|(name, _)| *name == variable) {
            let why = self.s.keyed(FIXED_NOTES, id);
            return Some(vec![(SMALL, value.to_string()), (NOTE, why)]);
        }
        let value = self.answer_text(id);
        (!value.is_empty()).then(|| cell(value))
    }

    fn openfn_settings(&self) -> Table {
        let s = self.s;
        let mut t = Table::new(vec![
            Column::new(s.get(key::pdf::config::column::SETTING), 1.6),
            Column::new(s.get(key::pdf::config::column::VALUE), 3.8),
        ]);
        for id in OPENFN {
            let value = self.answer_text(id);
            if !value.is_empty() {
                t.row(vec![bold(self.setting_label(id)), cell(value)]);
            }
        }
        t
    }

    /// A short name for a setting: the catalogue's, else the question's prompt.
    fn setting_label(&self, id: &str) -> String {
        let key = format!("{FIELD_KEYS}{id}");
        if self.s.contains(&key) {
            return self.s.get(&key).to_string();
        }
        self.ctx
            .model
            .questionnaire
            .question(id)
            .map_or(id.to_string(), |q| q.prompt.clone())
    }

    /// The two webhook projects OpenFn needs: production with real data, and a test project
    /// with dummy data.
    fn webhook_projects(&self) -> Table {
        let s = self.s;
        let mut t = Table::new(vec![
            Column::new(s.get(key::pdf::config::column::PROJECT), 1.2),
            Column::new(s.get(key::pdf::config::column::DATA), 1.6),
            Column::new(s.get(key::pdf::config::column::ACCESS), 1.6),
            Column::new(s.get(key::pdf::config::column::STATE), 1.4),
        ]);
        let test_state = match self.answer("openfn_test_project") {
            Some(Answer::Level(Level::Yes)) => key::pdf::config::state::PLANNED,
            Some(Answer::Level(Level::Partly)) => key::pdf::config::state::PARTLY,
            _ => key::pdf::config::state::MISSING,
        };
        t.row(vec![
            bold(s.get(key::pdf::config::production::NAME)),
            cell(s.get(key::pdf::config::production::DATA)),
            cell(s.get(key::pdf::config::production::ACCESS)),
            cell(s.get(key::pdf::config::state::REQUIRED)),
        ]);
        t.row(vec![
            bold(s.get(key::pdf::config::test::NAME)),
            cell(s.get(key::pdf::config::test::DATA)),
            cell(s.get(key::pdf::config::test::ACCESS)),
            cell(s.get(test_state)),
        ]);
        t
    }
}
