//! The assumptions printed under a sizing: why the servers come out as they do, in the
//! words of the strings catalogue.

use super::{Facts, SizingRules, clamp_i64, round1, round2};
use crate::base::formats::{group_thousands, human_decimal};
use crate::base::key;
use crate::base::strings::Strings;

impl SizingRules {
    /// The assumptions behind a sizing, in the order they are printed.
    pub(super) fn assumptions(&self, f: &Facts, s: &Strings) -> Vec<String> {
        let mut out = self.load_assumptions(f, s);
        let end_records = group_thousands(clamp_i64(f.end.records.round()));
        let years = f.input.years.to_string();
        let first_year = group_thousands(clamp_i64(f.input.records as f64));
        let growth_args = [
            ("years", years.as_str()),
            ("records", end_records.as_str()),
            ("growth_pct", &human_decimal(f.input.growth_pct)),
            ("first_year", first_year.as_str()),
        ];
        out.push(match (f.input.years, f.input.records_after_first_year) {
            (0, _) => s.fill(
                key::sizing::assumption::NO_GROWTH,
                &[("records", &end_records)],
            ),
            (1, true) => s.fill(key::sizing::assumption::FIRST_YEAR, &growth_args),
            (_, true) => s.fill(
                key::sizing::assumption::GROWTH_AFTER_FIRST_YEAR,
                &growth_args,
            ),
            (_, false) => s.fill(key::sizing::assumption::GROWTH, &growth_args),
        });
        out.push(s.fill(
            key::sizing::assumption::PER_RECORD,
            &[
                ("database_kb", &human_decimal(self.database_kb_per_record)),
                ("attachment_mb", &human_decimal(f.input.attachment_mb)),
            ],
        ));
        out.extend(self.database_assumption(f, s));
        out.extend(self.node_assumptions(f, s));
        if !f.input.blob_storage && f.attachment_disk_gb as f64 > self.blob_advice_disk_gb {
            out.push(s.fill(
                key::sizing::assumption::BLOB_STORAGE,
                &[("disk", &size_words(f.attachment_disk_gb as f64, s))],
            ));
        }
        out.push(if f.input.backup_copies == 0 {
            s.get(key::sizing::assumption::NO_BACKUPS).to_string()
        } else {
            s.fill(
                key::sizing::assumption::BACKUPS,
                &[
                    ("backups", &size_words(f.end.backups_gb, s)),
                    ("years", &years),
                ],
            )
        });
        if f.shape.spare {
            out.push(s.fill(
                key::sizing::assumption::AVAILABILITY,
                &[(
                    "availability_pct",
                    &human_decimal(self.single_server_availability_pct),
                )],
            ));
        }
        out
    }

    /// How CPU and memory grow: the load, the requests behind the Puma workers, the cap.
    fn load_assumptions(&self, f: &Facts, s: &Strings) -> Vec<String> {
        let anchor = s.fill(
            key::sizing::assumption::ANCHOR,
            &[
                ("records", &group_thousands(self.anchor_records as i64)),
                ("users", &group_thousands(self.anchor_users as i64)),
            ],
        );
        let mut out = Vec::new();
        if f.load <= 1.0 {
            out.push(s.fill(
                key::sizing::assumption::WITHIN_ANCHOR,
                &[
                    ("anchor", &anchor),
                    ("vcpu", &human_decimal(self.anchor_vcpu)),
                    ("ram_gb", &human_decimal(self.anchor_ram_gb)),
                    ("disk_gb", &group_thousands(self.anchor_disk_gb as i64)),
                ],
            ));
        } else {
            out.push(s.fill(
                key::sizing::assumption::LOAD_ABOVE_ANCHOR,
                &[
                    ("load", &human_decimal(round2(f.load))),
                    ("anchor", &anchor),
                    ("database_pct", &percent(self.database_share)),
                    ("exponent", &human_decimal(self.scaling_exponent)),
                ],
            ));
        }
        let anchor_workers = self.workers(self.in_flight(self.anchor_users));
        if f.shape.workers > anchor_workers {
            out.push(self.requests_assumption(f, anchor_workers, s));
        }
        if f.capped {
            out.push(s.fill(
                key::sizing::assumption::LOAD_CAPPED,
                &[("max_load", &human_decimal(self.max_load))],
            ));
        }
        out
    }

    /// Why the users need the Puma workers they get: the stated reason CPU grows with them.
    fn requests_assumption(&self, f: &Facts, anchor_workers: u32, s: &Strings) -> String {
        let users = (f.input.users as f64).min(self.anchor_users * self.max_load);
        s.fill(
            key::sizing::assumption::REQUESTS,
            &[
                ("users", &group_thousands(clamp_i64(users))),
                ("share_pct", &percent(self.peak_active_share)),
                ("rpm", &human_decimal(self.requests_per_user_minute)),
                ("seconds", &human_decimal(self.seconds_per_request)),
                ("in_flight", &human_decimal(round1(f.shape.in_flight))),
                ("threads", &human_decimal(self.puma_threads)),
                ("workers", &f.shape.workers.to_string()),
                ("worker_vcpu", &human_decimal(self.puma_worker_vcpu)),
                ("worker_ram_gb", &human_decimal(self.puma_worker_ram_gb)),
                ("anchor_workers", &anchor_workers.to_string()),
            ],
        )
    }

    /// Where PostgreSQL runs and why.
    fn database_assumption(&self, f: &Facts, s: &Strings) -> Option<String> {
        let threshold = self.separate_database_load;
        let at = [
            ("threshold", human_decimal(threshold)),
            (
                "records",
                group_thousands(clamp_i64(threshold * self.anchor_records)),
            ),
            (
                "users",
                group_thousands(clamp_i64(threshold * self.anchor_users)),
            ),
        ];
        let at: Vec<(&str, &str)> = at.iter().map(|(k, v)| (*k, v.as_str())).collect();
        if f.input.managed_db {
            None
        } else if !f.shape.database_apart {
            Some(s.fill(key::sizing::assumption::DATABASE_ON_SERVER, &at))
        } else if f.shape.database_by_load {
            Some(s.fill(key::sizing::assumption::DATABASE_APART, &at))
        } else {
            Some(
                s.get(key::sizing::assumption::DATABASE_APART_NODES)
                    .to_string(),
            )
        }
    }

    /// Why there are several application nodes, and what that asks of the attachments.
    fn node_assumptions(&self, f: &Facts, s: &Strings) -> Vec<String> {
        let shape = f.shape;
        let mut out = Vec::new();
        if shape.workers > shape.per_node {
            let per_user = self.in_flight(1.0);
            let users = self.max_workers_per_node * self.puma_threads / per_user;
            out.push(s.fill(
                key::sizing::assumption::NODES,
                &[
                    ("workers", &shape.workers.to_string()),
                    ("max", &human_decimal(self.max_workers_per_node)),
                    ("users", &group_thousands(clamp_i64(users.round()))),
                    ("nodes", &shape.nodes.to_string()),
                    ("per_node", &shape.per_node.to_string()),
                ],
            ));
        }
        if shape.spare {
            out.push(s.fill(
                key::sizing::assumption::SPARE_NODE,
                &[(
                    "availability_pct",
                    &human_decimal(self.single_server_availability_pct),
                )],
            ));
        }
        if shape.nodes > 1 {
            out.push(
                s.get(key::sizing::assumption::SHARED_ATTACHMENTS)
                    .to_string(),
            );
        }
        out
    }
}

/// A storage size for sentences: "87.5 GB", "1,100 GB", "52 TB".
fn size_words(gb: f64, s: &Strings) -> String {
    let (key, size) = if gb >= 10_000.0 {
        (
            key::sizing::size::TB,
            group_thousands(clamp_i64((gb / 1024.0).round())),
        )
    } else if gb >= 100.0 {
        (
            key::sizing::size::GB,
            group_thousands(clamp_i64(gb.round())),
        )
    } else {
        (key::sizing::size::GB, human_decimal(round1(gb)))
    };
    s.fill(key, &[("size", &size)])
}

/// A share as a percentage for sentences: 0.25 is "25".
fn percent(share: f64) -> String {
    human_decimal(round2(share * 100.0))
}
