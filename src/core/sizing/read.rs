//! Reading the sizing figures: every missing, unknown, mistyped or impossible figure is
//! reported at once, each with its line and column.

use super::{
    BUILTIN_ORIGIN, BUILTIN_SIZING, MIN_AVAILABILITY_PCT, NUMBER_KEYS, SizingRules, round2,
};
use crate::base::diag::{Collector, Loaded, Source, args};
use crate::base::formats::{group_thousands, human_decimal};
use crate::base::key;
use crate::base::strings;
use crate::base::tomlread as tr;
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
        let what = strings::get(key::data::what::SIZING_FIGURES);
        tr::check_keys(&mut c, top, &allowed, None, what);

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
        // Each problem is about the figure it is placed at; `other` is the figure it is
        // weighed against, when there is one.
        let fail = |c: &mut Collector, key: &'static str, problem: &'static str, other: &str| {
            let words = args(&[("key", key), ("other", other)]);
            c.fail(at(key), Some(key), problem, words);
        };
        if self.max_load < 1.0 {
            fail(c, "max_load", key::data::sizing::BELOW_ONE_LOAD, "");
        }
        if self.floor_ram_gb > self.anchor_ram_gb {
            fail(
                c,
                "floor_ram_gb",
                key::data::sizing::FLOOR_ABOVE_ANCHOR,
                "anchor_ram_gb",
            );
        }
        if self.floor_vcpu > self.anchor_vcpu {
            fail(
                c,
                "floor_vcpu",
                key::data::sizing::FLOOR_ABOVE_ANCHOR,
                "anchor_vcpu",
            );
        }
        if !(MIN_AVAILABILITY_PCT..=100.0).contains(&self.single_server_availability_pct) {
            fail(
                c,
                "single_server_availability_pct",
                key::data::sizing::AVAILABILITY,
                "",
            );
        }
        if self.database_share >= 1.0 {
            fail(c, "database_share", key::data::sizing::DATABASE_SHARE, "");
        } else {
            self.check_anchor_workers(c, at("database_share"));
        }
        if self.peak_active_share > 1.0 {
            fail(
                c,
                "peak_active_share",
                key::data::sizing::PEAK_ACTIVE_SHARE,
                "",
            );
        }
        if self.separate_database_load < 1.0 {
            fail(
                c,
                "separate_database_load",
                key::data::sizing::BELOW_ONE_LOAD,
                "",
            );
        }
        if self.scaling_exponent > 1.0 {
            c.warn(
                at("scaling_exponent"),
                Some("scaling_exponent"),
                key::data::sizing::STEEP_EXPONENT,
                Vec::new(),
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
            c.fail(
                span,
                Some("database_share"),
                key::data::sizing::STARVED_ANCHOR,
                args(&[
                    ("vcpu", &human_decimal(round2(self.anchor_vcpu * share))),
                    ("ram", &human_decimal(round2(self.anchor_ram_gb * share))),
                    ("workers", &workers.to_string()),
                    ("users", &group_thousands(self.anchor_users as i64)),
                ]),
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
        c.fail(
            whole_doc.start..whole_doc.start,
            Some(key),
            key::data::sizing::MISSING,
            args(&[("key", key)]),
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
            let words = args(&[("key", key), ("value", i.as_str())]);
            c.fail(v.span(), Some(key), key::data::sizing::TOO_LARGE, words);
            return None;
        }
        c.fail(
            v.span(),
            Some(key),
            key::data::sizing::NOT_A_NUMBER,
            args(&[("key", key), ("got", tr::type_words(v.get_ref()))]),
        );
        return None;
    };
    if !x.is_finite() {
        // `nan`, `inf`, or a figure such as 1e400 too large to be held as a number.
        let problem = if x.is_nan() {
            key::data::sizing::NAN
        } else {
            key::data::sizing::INFINITE
        };
        c.fail(v.span(), Some(key), problem, args(&[("key", key)]));
        return None;
    }
    let problem = if x < 0.0 {
        Some(key::data::sizing::NEGATIVE)
    } else if x == 0.0 && POSITIVE.contains(&key) {
        Some(key::data::sizing::ZERO)
    } else if x > FIGURE_MAX {
        Some(key::data::sizing::TOO_LARGE)
    } else if x.fract() != 0.0 && WHOLE.contains(&key) {
        Some(key::data::sizing::NOT_WHOLE)
    } else {
        None
    };
    match problem {
        Some(problem) => {
            let words = args(&[("key", key), ("value", &figure_words(x))]);
            c.fail(v.span(), Some(key), problem, words);
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
        c.fail(
            v.span(),
            Some(key),
            key::data::sizing::STEPS_NOT_LIST,
            args(&[("key", key), ("got", tr::type_words(v.get_ref()))]),
        );
        return None;
    };
    if items.is_empty() {
        c.fail(
            v.span(),
            Some(key),
            key::data::sizing::NO_STEPS,
            args(&[("key", key)]),
        );
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
                c.fail(
                    item.span(),
                    Some(key),
                    key::data::sizing::STEPS_ORDER,
                    args(&[("key", key), ("value", &human_decimal(x))]),
                );
                return None;
            }
            _ => {
                c.fail(
                    item.span(),
                    Some(key),
                    key::data::sizing::BAD_STEP,
                    args(&[("key", key)]),
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
