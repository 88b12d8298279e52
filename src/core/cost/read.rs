//! Reading the cost figures: every unknown, missing, repeated or unsourced figure is
//! reported at once, each with its line and column.

use super::{CostData, FIGURE_IDS, Figure};
use crate::base::diag::{Collector, Loaded, Source, args};
use crate::base::key;
use crate::base::strings;
use crate::base::tomlread as tr;
use crate::core::questionnaire::{Kind, Questionnaire};
use std::ops::Range;
use toml::de::DeTable;

const TOP_KEYS: &[&str] = &["figures"];
const FIGURE_KEYS: &[&str] = &["id", "value", "source", "date", "assumption", "question"];
/// No figure may exceed this; larger ones are typing mistakes.
const FIGURE_MAX: f64 = 1e9;

impl CostData {
    /// Reads cost figures. With `questionnaire`, a figure's `question` must be one of its
    /// questions that takes a number.
    pub fn parse(source: Source, questionnaire: Option<&Questionnaire>) -> Loaded<CostData> {
        let mut c = Collector::new(source);
        let Some(doc) = tr::parse_document(source.text, &mut c) else {
            return Err(c.finish());
        };
        let top = doc.get_ref();
        let what = strings::get(key::data::what::COST_FIGURES);
        tr::check_keys(&mut c, top, TOP_KEYS, None, what);
        let mut figures: Vec<Figure> = Vec::new();
        for (table, span) in tr::tables(&mut c, top, "figures", None) {
            let Some(figure) = read_figure(&mut c, table, &span, questionnaire) else {
                continue;
            };
            if figures.iter().any(|f| f.id == figure.id) {
                let values = args(&[("id", &figure.id)]);
                c.fail(span, Some(&figure.id), key::data::cost::TWICE, values);
                continue;
            }
            figures.push(figure);
        }
        for id in FIGURE_IDS {
            if !figures.iter().any(|f| f.id == *id) {
                let values = args(&[("id", id)]);
                c.add(
                    Some(doc.span().start..doc.span().start),
                    crate::base::diag::Diagnostic::error(key::data::cost::MISSING, values)
                        .help_at(key::data::cost_help::MISSING),
                );
            }
        }
        if c.has_errors() {
            Err(c.finish())
        } else {
            Ok((CostData { figures }, c.finish()))
        }
    }
}

fn read_figure(
    c: &mut Collector,
    t: &DeTable,
    span: &Range<usize>,
    questionnaire: Option<&Questionnaire>,
) -> Option<Figure> {
    let what = strings::get(key::data::what::COST_FIGURE);
    let (id, id_span) = tr::id_field(c, t, span, None, what)?;
    tr::check_keys(c, t, FIGURE_KEYS, Some(&id), what);
    if !FIGURE_IDS.contains(&id.as_str()) {
        let values = args(&[("id", &id)]);
        tr::fail_suggesting(
            c,
            id_span,
            Some(&id),
            key::data::cost::UNKNOWN,
            values,
            &id,
            FIGURE_IDS,
        );
        return None;
    }
    let value = read_value(c, t, span, &id);
    let source = tr::string(c, t, "source", Some(&id)).map(|s| s.0);
    let date = tr::string(c, t, "date", Some(&id));
    let assumption = tr::boolean(c, t, "assumption", Some(&id)).unwrap_or(false);
    check_sourced(c, span, &id, source.as_deref(), date.as_ref(), assumption);
    let question = tr::string(c, t, "question", Some(&id));
    if let (Some((q, q_span)), Some(questionnaire)) = (&question, questionnaire) {
        check_question(c, q_span.clone(), &id, q, questionnaire);
    }
    Some(Figure {
        id,
        value: value?,
        source,
        date: date.map(|d| d.0),
        assumption,
        question: question.map(|q| q.0),
    })
}

fn read_value(c: &mut Collector, t: &DeTable, span: &Range<usize>, id: &str) -> Option<f64> {
    let Some(v) = t.get("value") else {
        let values = args(&[("id", id)]);
        c.fail(span.clone(), Some(id), key::data::cost::NO_VALUE, values);
        return None;
    };
    match tr::float_of(v.get_ref()) {
        Some(x) if x.is_finite() && (0.0..=FIGURE_MAX).contains(&x) => Some(x),
        _ => {
            let got = tr::type_words(v.get_ref());
            let values = args(&[("id", id), ("got", got)]);
            c.fail(v.span(), Some(id), key::data::cost::BAD_VALUE, values);
            None
        }
    }
}

/// A figure gives its source and the date it was read, or says it is an assumption.
fn check_sourced(
    c: &mut Collector,
    span: &Range<usize>,
    id: &str,
    source: Option<&str>,
    date: Option<&(String, Range<usize>)>,
    assumption: bool,
) {
    let values = args(&[("id", id)]);
    let sourced = source.is_some_and(|s| !s.trim().is_empty());
    match (sourced, date, assumption) {
        (false, _, false) => c.add(
            Some(span.clone()),
            crate::base::diag::Diagnostic::error(key::data::cost::NO_SOURCE, values)
                .about(Some(id))
                .help_at(key::data::cost_help::NO_SOURCE),
        ),
        (true, None, false) => c.fail(span.clone(), Some(id), key::data::cost::NO_DATE, values),
        (true, _, true) => c.fail(span.clone(), Some(id), key::data::cost::BOTH, values),
        _ => {}
    }
    if let Some((d, d_span)) = date
        && !is_date(d)
    {
        let values = args(&[("id", id), ("value", d)]);
        c.fail(d_span.clone(), Some(id), key::data::cost::BAD_DATE, values);
    }
}

/// `YYYY-MM` or `YYYY-MM-DD`.
fn is_date(text: &str) -> bool {
    let day = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok();
    let month = chrono::NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d").is_ok()
        && text.len() == 7;
    day || month
}

fn check_question(
    c: &mut Collector,
    span: Range<usize>,
    id: &str,
    question: &str,
    q: &Questionnaire,
) {
    let values = args(&[("id", id), ("question", question)]);
    match q.question(question) {
        None => c.fail(span, Some(id), key::data::cost::UNKNOWN_QUESTION, values),
        Some(found) if !matches!(found.kind, Kind::Integer | Kind::Decimal) => {
            c.fail(span, Some(id), key::data::cost::NOT_A_NUMBER_QUESTION, values)
        }
        Some(_) => {}
    }
}
