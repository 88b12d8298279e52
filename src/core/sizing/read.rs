//! Reading the sizing figures: serde fills [`SizingRules`] from the parsed TOML table, and
//! the deserialisers here check each value against the field that asks for it, so every
//! unknown, missing, mistyped or impossible figure is reported at once, each with its line
//! and column. Which keys are figures comes from the struct's own field list, as serde
//! hands it to the deserialiser.

use super::{BUILTIN_ORIGIN, BUILTIN_SIZING, MIN_AVAILABILITY_PCT, SizingRules, round2};
use crate::base::diag::{Collector, Loaded, Source, args};
use crate::base::formats::{group_thousands, human_decimal};
use crate::base::key;
use crate::base::strings;
use crate::base::tomlread as tr;
use serde::de::value::{Error, SeqDeserializer};
use serde::de::{self, Deserialize, Deserializer, IntoDeserializer, MapAccess, Visitor};
use serde::forward_to_deserialize_any;
use std::fmt;
use std::ops::Range;
use toml::de::{DeString, DeTable, DeValue};

/// No figure may exceed this; larger ones are typing mistakes.
const FIGURE_MAX: f64 = 1e9;

/// What a single-number figure may be besides a number from 0 to [`FIGURE_MAX`]. A field
/// says it by the `deserialize_with` function it is read through, which passes it on as
/// the newtype name serde hands the deserialiser; a plain `f64` field is neither.
#[derive(Clone, Copy, Default)]
struct Kind {
    whole: bool,
    positive: bool,
}

impl Kind {
    fn named(name: &str) -> Kind {
        Kind {
            whole: name.contains("whole"),
            positive: name.contains("positive"),
        }
    }
}

/// Counts that may be 0 (copies, processes, GB of a floor).
pub(super) fn whole<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    d.deserialize_newtype_struct("whole", Number)
}

/// Figures the arithmetic divides by or sizes a server from.
pub(super) fn positive<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    d.deserialize_newtype_struct("positive", Number)
}

/// Cores, GB of disk, threads, connections, anchor counts.
pub(super) fn positive_whole<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    d.deserialize_newtype_struct("positive whole", Number)
}

/// Takes the number a [`Figure`] hands over once it is checked.
struct Number;

impl Visitor<'_> for Number {
    type Value = f64;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a checked sizing figure")
    }

    fn visit_f64<E: de::Error>(self, x: f64) -> Result<f64, E> {
        Ok(x)
    }
}

impl SizingRules {
    /// Reads sizing figures. Every missing, unknown, mistyped or impossible figure is
    /// reported with its line and column.
    pub fn parse(source: Source) -> Loaded<SizingRules> {
        let mut c = Collector::new(source);
        let Some(doc) = tr::parse_document(source.text, &mut c) else {
            return Err(c.finish());
        };
        let rules = read_figures(&mut c, doc.get_ref(), doc.span().start);
        // Checks between figures wait until each figure is right on its own.
        if let Some(rules) = rules.filter(|_| !c.has_errors()) {
            rules.check_together(&mut c, doc.get_ref());
            if !c.has_errors() {
                return Ok((rules, c.finish()));
            }
        }
        Err(c.finish())
    }

    /// Checks between figures; each problem is placed at the figure to change.
    fn check_together(&self, c: &mut Collector, table: &DeTable) {
        let at = |key: &str| table.get(key).map_or(0..0, |v| v.span());
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

/// The figures as serde fills them from `table`, with every problem in `c`: a wrong figure
/// is read as 0, and a missing one leaves `None`. `start` is where a missing figure is
/// reported.
fn read_figures(c: &mut Collector, table: &DeTable, start: usize) -> Option<SizingRules> {
    let read = SizingRules::deserialize(Document { table, start, c });
    match read {
        Ok(rules) => Some(rules),
        // Serde stops at a missing figure, which the document has reported with the rest.
        // Any other refusal would be a field of a type the deserialisers here do not serve;
        // it is still reported, so that no file is refused without a reason.
        Err(e) => {
            if !c.has_errors() {
                let reason = vec![("reason", e.to_string())];
                c.fail(start..start, None, key::load::toml::SYNTAX, reason);
            }
            None
        }
    }
}

/// The sizing file's table, read as the struct serde asks for: its own field list names
/// the keys that are unknown or missing, and each value goes to the field's reader as a
/// [`Figure`].
struct Document<'a, 'i, 's> {
    table: &'a DeTable<'i>,
    start: usize,
    c: &'a mut Collector<'s>,
}

impl<'de> Deserializer<'de> for Document<'_, '_, '_> {
    type Error = Error;

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let what = strings::get(key::data::what::SIZING_FIGURES);
        tr::check_keys(self.c, self.table, fields, None, what);
        for key in fields.iter().filter(|k| self.table.get(**k).is_none()) {
            missing(self.c, key, self.start);
        }
        visitor.visit_map(Entries {
            rest: self.table.iter(),
            fields,
            pending: None,
            c: self.c,
        })
    }

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Error> {
        Err(de::Error::custom("the sizing figures are read as a struct"))
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

fn missing(c: &mut Collector, key: &str, start: usize) {
    c.fail(
        start..start,
        Some(key),
        key::data::sizing::MISSING,
        args(&[("key", key)]),
    );
}

/// The figures of the table in file order; unknown keys, reported already, are passed over.
struct Entries<'a, 'i, 's> {
    rest: toml::map::Iter<'a, toml::Spanned<DeString<'i>>, tr::Value<'i>>,
    fields: &'static [&'static str],
    pending: Option<(&'a str, &'a tr::Value<'i>)>,
    c: &'a mut Collector<'s>,
}

impl<'de> MapAccess<'de> for Entries<'_, '_, '_> {
    type Error = Error;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let fields = self.fields;
        let Some((key, value)) = self
            .rest
            .by_ref()
            .map(|(k, v)| (k.get_ref().as_ref(), v))
            .find(|(k, _)| fields.contains(k))
        else {
            return Ok(None);
        };
        self.pending = Some((key, value));
        let name: de::value::StrDeserializer<Error> = key.into_deserializer();
        seed.deserialize(name).map(Some)
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let Some((key, value)) = self.pending.take() else {
            return Err(de::Error::custom(
                "a figure's value asked for before its key",
            ));
        };
        seed.deserialize(Figure {
            key,
            value,
            c: &mut *self.c,
        })
    }
}

/// One figure's value with its place. It serves what its field asks for: a number of a
/// [`Kind`] or a list of sizes, checked, with any problem reported. After a problem it
/// serves 0 or no sizes so the other figures are still read; the rules are then refused.
struct Figure<'a, 'i, 's> {
    key: &'a str,
    value: &'a tr::Value<'i>,
    c: &'a mut Collector<'s>,
}

impl Figure<'_, '_, '_> {
    fn number(self, kind: Kind) -> f64 {
        number(self.c, self.key, self.value, kind).unwrap_or(0.0)
    }
}

impl<'de> Deserializer<'de> for Figure<'_, '_, '_> {
    type Error = Error;

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_f64(self.number(Kind::default()))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_f64(self.number(Kind::named(name)))
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let sizes = steps(self.c, self.key, self.value).unwrap_or_default();
        visitor.visit_seq(SeqDeserializer::new(sizes.into_iter()))
    }

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Error> {
        Err(de::Error::custom(
            "a sizing figure is a number or a list of sizes",
        ))
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 char str string bytes byte_buf
        option unit unit_struct tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// A single-number figure, checked on its own.
fn number(c: &mut Collector, key: &str, v: &tr::Value, kind: Kind) -> Option<f64> {
    let x = finite(c, key, v)?;
    match out_of_range(x, kind) {
        Some(problem) => {
            let words = args(&[("key", key), ("value", &figure_words(x))]);
            c.fail(v.span(), Some(key), problem, words);
            None
        }
        None => Some(x),
    }
}

/// The value as a finite number; anything else is reported.
fn finite(c: &mut Collector, key: &str, v: &tr::Value) -> Option<f64> {
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
    Some(x)
}

/// What keeps a finite number from being a figure of `kind`, if anything.
fn out_of_range(x: f64, kind: Kind) -> Option<&'static str> {
    if x < 0.0 {
        Some(key::data::sizing::NEGATIVE)
    } else if x == 0.0 && kind.positive {
        Some(key::data::sizing::ZERO)
    } else if x > FIGURE_MAX {
        Some(key::data::sizing::TOO_LARGE)
    } else if x.fract() != 0.0 && kind.whole {
        Some(key::data::sizing::NOT_WHOLE)
    } else {
        None
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
        let x = step(c, key, item, out.last().copied())?;
        out.push(x);
    }
    Some(out)
}

/// One size of a list: a number above 0, and above the size before it (`last`).
fn step(c: &mut Collector, key: &str, item: &tr::Value, last: Option<f64>) -> Option<f64> {
    let x = tr::float_of(item.get_ref()).filter(|x| x.is_finite() && *x > 0.0 && *x <= FIGURE_MAX);
    match x {
        Some(x) if last.is_none_or(|last| x > last) => Some(x),
        Some(x) => {
            let words = args(&[("key", key), ("value", &human_decimal(x))]);
            c.fail(
                item.span(),
                Some(key),
                key::data::sizing::STEPS_ORDER,
                words,
            );
            None
        }
        None => {
            let words = args(&[("key", key)]);
            c.fail(item.span(), Some(key), key::data::sizing::BAD_STEP, words);
            None
        }
    }
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
        // Read any other way, the figures would skip the checks: such a reader is refused.
        assert!(toml::from_str::<SizingRules>(BUILTIN_SIZING).is_err());
    }

    #[test]
    fn every_figure_is_in_the_shipped_file() {
        // An empty file misses every figure the struct has.
        let missing = parse("").expect_err("no figures");
        assert_eq!(missing.len(), 45, "{missing:?}");
        for p in &missing {
            let key = p.arg("key").expect("the missing figure");
            let line = format!("\n{key} = ");
            assert!(BUILTIN_SIZING.contains(&line), "{key} is not in the file");
        }
    }

    #[test]
    fn problems_of_different_kinds_are_all_placed() {
        let text = BUILTIN_SIZING
            .replacen("bastion_vcpu = 1\n", "bastion_vcpu = 1.5\n", 1)
            .replacen("vcpu_steps = [2, 4,", "vcpu_steps = [2, true,", 1)
            .replacen("disk_headroom", "disk_headrom", 1);
        let problems = parse(&text).expect_err("the figures are refused");
        // Each problem with the line and column of what to change, in file order.
        let at = |needle: &str, offset: usize| {
            Source::new("", &text).locate(text.find(needle).expect("needle") + offset)
        };
        let placed: Vec<((usize, usize), &str)> = problems
            .iter()
            .map(|p| ((p.line, p.column), p.key()))
            .collect();
        assert_eq!(
            placed,
            [
                ((1, 1), key::data::sizing::MISSING),
                (at("true,", 0), key::data::sizing::BAD_STEP),
                (at("disk_headrom", 0), key::load::toml::UNKNOWN_KEY),
                (at("bastion_vcpu = 1.5", 15), key::data::sizing::NOT_WHOLE),
            ]
        );
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
