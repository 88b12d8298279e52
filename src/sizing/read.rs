//! Reading the sizing figures: every missing, unknown, mistyped or impossible figure is
//! reported at once, each with its line and column.

use super::{
    BUILTIN_ORIGIN, BUILTIN_SIZING, MIN_AVAILABILITY_PCT, NUMBER_KEYS, SizingRules, round2,
};
use crate::diag::{Collector, Loaded, Source};
use crate::formats::{group_thousands, human_decimal};
use crate::tomlread as tr;
use std::ops::Range;
use toml::de::{DeTable, DeValue};

/// Lists of sizes that CPU and memory are rounded up to.
const LIST_KEYS: &[&str] = &["vcpu_steps", "ram_steps_gb"];

/// Figures that count whole things (cores, GB of disk, copies, threads, connections).
const WHOLE: &[&str] = &[
    "anchor_records",
    "anchor_users",
    "anchor_vcpu",
    "anchor_disk_gb",
    "floor_vcpu",
    "puma_threads",
    "max_workers_per_node",
    "job_processes_per_node",
    "database_pool",
    "disk_step_gb",
    "document_backup_copies",
    "database_floor_disk_gb",
    "load_balancer_vcpu",
    "load_balancer_disk_gb",
    "backup_floor_disk_gb",
    "bastion_vcpu",
    "bastion_disk_gb",
    "sample_disk_gb",
    "openfn_app_vcpu",
    "openfn_app_disk_gb",
    "openfn_db_vcpu",
    "openfn_db_disk_gb",
];

/// Figures that must be above 0 for the arithmetic to mean anything.
const POSITIVE: &[&str] = &[
    "anchor_records",
    "anchor_users",
    "anchor_vcpu",
    "anchor_ram_gb",
    "anchor_disk_gb",
    "floor_ram_gb",
    "floor_vcpu",
    "database_share",
    "puma_threads",
    "puma_worker_vcpu",
    "puma_worker_ram_gb",
    "max_workers_per_node",
    "database_pool",
    "disk_step_gb",
    "load_balancer_vcpu",
    "load_balancer_ram_gb",
    "load_balancer_disk_gb",
    "bastion_vcpu",
    "bastion_ram_gb",
    "bastion_disk_gb",
    "sample_disk_gb",
    "openfn_app_vcpu",
    "openfn_app_ram_gb",
    "openfn_app_disk_gb",
    "openfn_db_vcpu",
    "openfn_db_ram_gb",
    "openfn_db_disk_gb",
    "hours_per_year",
];

/// No figure may exceed this; larger ones are typing mistakes.
const FIGURE_MAX: f64 = 1e9;

impl SizingRules {
    /// Reads sizing figures. Every missing, unknown, mistyped or impossible figure is
    /// reported with its line and column.
    pub fn parse(source: Source) -> Loaded<SizingRules> {
        let mut c = Collector::new(source);
        let Some(doc) = tr::parse_document(source.text, &mut c) else {
            return Err(c.finish());
        };
        let top = doc.get_ref();
        let whole_doc = doc.span();
        let allowed: Vec<&str> = NUMBER_KEYS.iter().chain(LIST_KEYS).copied().collect();
        tr::check_keys(&mut c, top, &allowed, None, "the sizing figures");

        let mut rules = SizingRules::empty();
        let mut spans: Vec<(&str, Range<usize>)> = Vec::new();
        for key in NUMBER_KEYS {
            let Some(v) = present(&mut c, top, key, &whole_doc) else {
                continue;
            };
            spans.push((key, v.span()));
            if let Some(x) = number(&mut c, key, v) {
                *rules.slot(key).expect("every number key has a field") = x;
            }
        }
        for key in LIST_KEYS {
            let Some(v) = present(&mut c, top, key, &whole_doc) else {
                continue;
            };
            spans.push((key, v.span()));
            let steps = steps(&mut c, key, v).unwrap_or_default();
            match *key {
                "vcpu_steps" => rules.vcpu_steps = steps,
                _ => rules.ram_steps_gb = steps,
            }
        }
        if !c.has_errors() {
            rules.check_together(&mut c, &spans);
        }
        if c.has_errors() {
            Err(c.finish())
        } else {
            Ok((rules, c.finish()))
        }
    }

    /// Checks between figures; each problem is placed at the figure to change.
    fn check_together(&self, c: &mut Collector, spans: &[(&str, Range<usize>)]) {
        let at = |key: &str| {
            spans
                .iter()
                .find(|(k, _)| *k == key)
                .map_or(0..0, |(_, s)| s.clone())
        };
        if self.max_load < 1.0 {
            c.error(
                at("max_load"),
                Some("max_load"),
                "`max_load` must be at least 1: the anchor itself is a load of 1",
            );
        }
        if self.floor_ram_gb > self.anchor_ram_gb {
            c.error(
                at("floor_ram_gb"),
                Some("floor_ram_gb"),
                "`floor_ram_gb` is above `anchor_ram_gb`; the floor must not exceed the anchor",
            );
        }
        if self.floor_vcpu > self.anchor_vcpu {
            c.error(
                at("floor_vcpu"),
                Some("floor_vcpu"),
                "`floor_vcpu` is above `anchor_vcpu`; the floor must not exceed the anchor",
            );
        }
        if !(MIN_AVAILABILITY_PCT..=100.0).contains(&self.single_server_availability_pct) {
            c.error(
                at("single_server_availability_pct"),
                Some("single_server_availability_pct"),
                "`single_server_availability_pct` must be a percentage from 90 to 100",
            );
        }
        if self.database_share >= 1.0 {
            c.error(
                at("database_share"),
                Some("database_share"),
                "`database_share` must be below 1: the rest of the anchor is the application's",
            );
        } else {
            self.check_anchor_workers(c, at("database_share"));
        }
        if self.peak_active_share > 1.0 {
            c.error(
                at("peak_active_share"),
                Some("peak_active_share"),
                "`peak_active_share` is a share of the users: at most 1",
            );
        }
        if self.separate_database_load < 1.0 {
            c.error(
                at("separate_database_load"),
                Some("separate_database_load"),
                "`separate_database_load` must be at least 1: the anchor itself is a load of 1",
            );
        }
        if self.scaling_exponent > 1.0 {
            c.warning(
                at("scaling_exponent"),
                Some("scaling_exponent"),
                "`scaling_exponent` is above 1: CPU and memory grow faster than the load",
            );
        }
    }

    /// The application's part of the anchor must hold the Puma workers the anchor's own
    /// users need, or the anchor would not come out as published.
    fn check_anchor_workers(&self, c: &mut Collector, span: Range<usize>) {
        let workers = self.workers(self.in_flight(self.anchor_users));
        let share = 1.0 - self.database_share;
        let need_vcpu = f64::from(workers) * self.puma_worker_vcpu;
        let need_ram = f64::from(workers) * self.puma_worker_ram_gb;
        if self.anchor_vcpu * share < need_vcpu || self.anchor_ram_gb * share < need_ram {
            c.error(
                span,
                Some("database_share"),
                format!(
                    "`database_share` leaves the application {} vCPU and {} GB of the anchor, \
                     less than the {workers} Puma worker(s) the anchor's {} users need",
                    human_decimal(round2(self.anchor_vcpu * share)),
                    human_decimal(round2(self.anchor_ram_gb * share)),
                    group_thousands(self.anchor_users as i64),
                ),
            );
        }
    }

    /// The shipped figures.
    pub fn builtin() -> SizingRules {
        match SizingRules::parse(Source::new(BUILTIN_ORIGIN, BUILTIN_SIZING)) {
            Ok((rules, _)) => rules,
            Err(p) => unreachable!("the shipped sizing figures are checked by the tests: {p:?}"),
        }
    }
}

/// A key of the sizing file, reported when missing.
fn present<'a, 'i>(
    c: &mut Collector,
    top: &'a DeTable<'i>,
    key: &str,
    whole_doc: &Range<usize>,
) -> Option<&'a tr::Value<'i>> {
    let v = top.get(key);
    if v.is_none() {
        c.error_help(
            whole_doc.start..whole_doc.start,
            Some(key),
            format!("the sizing figure `{key}` is missing"),
            format!("add `{key} = ...`; assets/sizing.toml in the source shows every figure"),
        );
    }
    v
}

/// A single-number figure, checked on its own.
fn number(c: &mut Collector, key: &str, v: &tr::Value) -> Option<f64> {
    let Some(x) = tr::float_of(v.get_ref()) else {
        // A whole number past what 64 bits hold is no number to `float_of`; it is too
        // large, not of the wrong type.
        if let DeValue::Integer(i) = v.get_ref() {
            let words = format!("`{key}` is too large to be meant, not {}", i.as_str());
            c.error(v.span(), Some(key), words);
            return None;
        }
        c.error(
            v.span(),
            Some(key),
            format!(
                "`{key}` must be a number, not {}",
                tr::type_words(v.get_ref())
            ),
        );
        return None;
    };
    if !x.is_finite() {
        // `nan`, `inf`, or a figure such as 1e400 too large to be held as a number.
        let words = if x.is_nan() {
            "must be a number, not nan (not a number)".to_string()
        } else {
            "is too large to be meant: it reads as infinity".to_string()
        };
        c.error(v.span(), Some(key), format!("`{key}` {words}"));
        return None;
    }
    let problem = if x < 0.0 {
        Some("must not be negative")
    } else if x == 0.0 && POSITIVE.contains(&key) {
        Some("must be above 0")
    } else if x > FIGURE_MAX {
        Some("is too large to be meant")
    } else if x.fract() != 0.0 && WHOLE.contains(&key) {
        Some("must be a whole number")
    } else {
        None
    };
    match problem {
        Some(words) => {
            c.error(
                v.span(),
                Some(key),
                format!("`{key}` {words}, not {}", figure_words(x)),
            );
            None
        }
        None => Some(x),
    }
}

/// A figure as it is shown in a message: grouped digits, or 1e308 when that is too long.
fn figure_words(x: f64) -> String {
    if x.abs() >= 1e15 {
        format!("{x:e}")
    } else {
        human_decimal(x)
    }
}

/// A list of sizes: positive numbers in increasing order.
fn steps(c: &mut Collector, key: &str, v: &tr::Value) -> Option<Vec<f64>> {
    let DeValue::Array(items) = v.get_ref() else {
        c.error_help(
            v.span(),
            Some(key),
            format!(
                "`{key}` must be a list of numbers, not {}",
                tr::type_words(v.get_ref())
            ),
            format!("write it as `{key} = [2, 4, 8]`"),
        );
        return None;
    };
    if items.is_empty() {
        c.error(v.span(), Some(key), format!("`{key}` lists no size"));
        return None;
    }
    let mut out: Vec<f64> = Vec::new();
    for item in items.iter() {
        let x = tr::float_of(item.get_ref()).filter(|x| x.is_finite());
        match x {
            Some(x) if x > 0.0 && x <= FIGURE_MAX && out.last().is_none_or(|last| x > *last) => {
                out.push(x)
            }
            Some(x) if x > 0.0 && x <= FIGURE_MAX => {
                c.error(
                    item.span(),
                    Some(key),
                    format!(
                        "the sizes in `{key}` must increase; {} does not",
                        human_decimal(x)
                    ),
                );
                return None;
            }
            _ => {
                c.error(
                    item.span(),
                    Some(key),
                    format!("each size in `{key}` must be a number above 0"),
                );
                return None;
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Loaded<SizingRules> {
        SizingRules::parse(Source::new("figures.toml", text))
    }

    #[test]
    fn the_shipped_figures_parse_without_warnings() {
        let (rules, warnings) = parse(BUILTIN_SIZING).expect("the shipped file parses");
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(rules.figure("anchor_ram_gb"), Some(8.0));
        assert_eq!(rules.figure("floor_ram_gb"), Some(4.0));
        assert_eq!(rules.figure("no_such_figure"), None);
        assert_eq!(rules, SizingRules::builtin());
    }

    #[test]
    fn every_figure_is_in_the_shipped_file() {
        for key in NUMBER_KEYS.iter().chain(LIST_KEYS) {
            let line = format!("\n{key} = ");
            assert!(BUILTIN_SIZING.contains(&line), "{key} is not in the file");
        }
    }

    /// Whether parsing `text` fails with a problem containing `words` on the line of `needle`.
    fn fails_at(text: &str, needle: &str, words: &str) -> bool {
        let problems = parse(text).expect_err("the figures are refused");
        let line = Source::new("", text)
            .locate(text.find(needle).expect("needle"))
            .0;
        problems
            .iter()
            .any(|p| p.line == line && p.message().contains(words))
    }

    #[test]
    fn figures_that_do_not_fit_together_are_placed() {
        let apart = BUILTIN_SIZING
            .replacen("floor_ram_gb = 4.0", "floor_ram_gb = 16.0", 1)
            .replacen("max_load = 100.0", "max_load = 0.5", 1);
        assert!(fails_at(
            &apart,
            "floor_ram_gb = 16.0",
            "must not exceed the anchor"
        ));
        assert!(fails_at(&apart, "max_load = 0.5", "at least 1"));

        let wrong = apart
            .replacen("vcpu_steps = [2, 4, 6,", "vcpu_steps = [2, 6, 4,", 1)
            .replacen("bastion_vcpu = 1", "bastion_vcpu = 1.5", 1);
        assert!(fails_at(
            &wrong,
            "bastion_vcpu = 1.5",
            "must be a whole number"
        ));
        assert!(fails_at(
            &wrong,
            "vcpu_steps = [",
            "must increase; 4 does not"
        ));
        // Checks between figures wait until each figure is right on its own.
        assert!(!fails_at(&wrong, "floor_ram_gb = 16.0", "anchor"));

        let steep = BUILTIN_SIZING.replacen("scaling_exponent = 0.5", "scaling_exponent = 1.2", 1);
        let (_, warnings) = parse(&steep).expect("a steep exponent is allowed");
        assert!(warnings[0].message().contains("faster than the load"));
    }

    #[test]
    fn figures_for_the_scale_rules_are_checked() {
        let whole = BUILTIN_SIZING.replacen("puma_threads = 5", "puma_threads = 2.5", 1);
        assert!(fails_at(
            &whole,
            "puma_threads = 2.5",
            "must be a whole number"
        ));
        let none =
            BUILTIN_SIZING.replacen("max_workers_per_node = 4", "max_workers_per_node = 0", 1);
        assert!(fails_at(
            &none,
            "max_workers_per_node = 0",
            "must be above 0"
        ));

        let apart = BUILTIN_SIZING
            .replacen("peak_active_share = 0.25", "peak_active_share = 1.5", 1)
            .replacen(
                "separate_database_load = 5.0",
                "separate_database_load = 0.5",
                1,
            )
            .replacen("database_share = 0.5", "database_share = 1.0", 1);
        assert!(fails_at(&apart, "peak_active_share = 1.5", "at most 1"));
        assert!(fails_at(
            &apart,
            "separate_database_load = 0.5",
            "at least 1"
        ));
        assert!(fails_at(&apart, "database_share = 1.0", "must be below 1"));

        // The anchor's users need one worker of 1 GB; an application share of 0.4 GB
        // cannot hold it, so the anchor would not come out as published.
        let starved = BUILTIN_SIZING.replacen("database_share = 0.5", "database_share = 0.95", 1);
        assert!(fails_at(
            &starved,
            "database_share = 0.95",
            "less than the 1 Puma worker"
        ));
    }
}
