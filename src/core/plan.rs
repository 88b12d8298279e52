//! A plan: the answers to one questionnaire, kept in a TOML file that doubles as an
//! answers file for non-interactive runs.

use crate::base::diag::{Args, Collector, Diagnostic, Loaded, Source, Words, args, usual_help_key};
use crate::base::key;
use crate::base::strings::{Strings, fill, get};
use crate::base::tomlread::{self as tr};
use crate::core::answer::Answer;
use crate::core::questionnaire::{Answers, Bound, Kind, Question, Questionnaire, answer_from_toml};
use chrono::{DateTime, SecondsFormat, Utc};
use std::ops::Range;
use toml::de::{DeTable, DeValue};

/// The plan file format this hostplan writes and reads.
pub const FORMAT: i64 = 1;

const PLAN_KEYS: &[&str] = &[
    "format",
    "questionnaire",
    "questionnaire_version",
    "created",
    "updated",
    "resume_at",
    "answers",
];

#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub questionnaire: String,
    pub questionnaire_version: String,
    /// Absent in a hand-written answers file until the plan is first saved.
    pub created: Option<DateTime<Utc>>,
    pub updated: Option<DateTime<Utc>>,
    /// The question an interactive session stopped at, so reopening resumes there.
    pub resume_at: Option<String>,
    pub answers: Answers,
}

/// How strictly to read a plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Completeness {
    /// A plan in progress: unanswered questions are fine.
    Partial,
    /// Every required question that is shown must be answered.
    Complete,
}

impl Plan {
    pub fn new(q: &Questionnaire, now: DateTime<Utc>) -> Plan {
        let now = whole_seconds(now);
        Plan {
            questionnaire: q.id.clone(),
            questionnaire_version: q.version.clone(),
            created: Some(now),
            updated: Some(now),
            resume_at: None,
            answers: Answers::new(),
        }
    }

    /// Records an answer after checking it against its question.
    pub fn set(
        &mut self,
        q: &Questionnaire,
        id: &str,
        answer: Answer,
        now: DateTime<Utc>,
    ) -> Result<(), Diagnostic> {
        let question = q.question(id).ok_or_else(|| {
            Diagnostic::error(
                key::load::answer::NOT_A_QUESTION,
                args(&[("id", id), ("questionnaire", &q.id)]),
            )
        })?;
        question.check(&answer)?;
        self.check_clash(q, id, &answer)?;
        self.answers.insert(id.to_string(), answer);
        self.touch(now);
        Ok(())
    }

    /// Refuses an answer that repeats one it must differ from (OpenFn's host name and
    /// Primero's), as the configuration export would; answers to questions not shown
    /// with these answers do not count, as they do not at export.
    fn check_clash(&self, q: &Questionnaire, id: &str, answer: &Answer) -> Result<(), Diagnostic> {
        let Answer::Text(value) = answer else {
            return Ok(());
        };
        if !crate::core::value_check::has_clash_check(id) {
            return Ok(());
        }
        let mut answers = self.answers.clone();
        answers.insert(id.to_string(), answer.clone());
        let shown = q.shown_answers(&answers);
        if !shown.contains_key(id) {
            return Ok(());
        }
        let other = |other: &str| shown.get(other).map(Answer::to_plain);
        match crate::core::value_check::clash(id, value, other) {
            Some(found) => Err(found),
            None => Ok(()),
        }
    }

    pub fn clear(&mut self, id: &str, now: DateTime<Utc>) {
        if self.answers.remove(id).is_some() {
            self.touch(now);
        }
    }

    /// Marks the plan changed now.
    pub fn touch(&mut self, now: DateTime<Utc>) {
        let now = whole_seconds(now);
        self.created.get_or_insert(now);
        self.updated = Some(now);
    }

    /// Reads a plan, finding its questionnaire with `find`. Returns the plan and its warnings,
    /// or every problem found.
    pub fn parse<'q>(
        source: Source,
        find: impl Fn(&str) -> Option<&'q Questionnaire>,
        completeness: Completeness,
    ) -> Loaded<Plan> {
        let mut c = Collector::new(source);
        let Some(doc) = tr::parse_document(source.text, &mut c) else {
            return Err(c.finish());
        };
        let plan = read_plan(&mut c, doc.get_ref(), doc.span(), find, completeness);
        match plan {
            Some(plan) if !c.has_errors() => Ok((plan, c.finish())),
            _ => Err(c.finish()),
        }
    }

    /// The plan as TOML. With `template`, every unanswered question is written as a
    /// commented-out line, so the file can be filled in by hand; one that is asked only
    /// after some answers says which.
    pub fn to_toml(&self, q: &Questionnaire, template: bool) -> String {
        let mut out = String::new();
        let heading = fill(
            key::load::plan_file::HEADING,
            &[("title", &q.title), ("version", &q.version)],
        );
        out.push_str(&format!("# {heading}\n"));
        out.push_str(&format!("# {}\n", get(key::load::plan_file::HOW_TO_EDIT)));
        out.push_str(&format!("format = {FORMAT}\n"));
        out.push_str(&format!(
            "questionnaire = {}\n",
            quoted(&self.questionnaire)
        ));
        out.push_str(&format!(
            "questionnaire_version = {}\n",
            quoted(&self.questionnaire_version)
        ));
        for (key, time) in [("created", self.created), ("updated", self.updated)] {
            if let Some(t) = time {
                out.push_str(&format!(
                    "{key} = {}\n",
                    t.to_rfc3339_opts(SecondsFormat::Secs, true)
                ));
            }
        }
        if let Some(id) = &self.resume_at {
            out.push_str(&format!("resume_at = {}\n", quoted(id)));
        }
        out.push_str("\n[answers]\n");
        for section in &q.sections {
            let lines: Vec<String> = section
                .questions
                .iter()
                .filter_map(|question| match self.answers.get(&question.id) {
                    Some(a) => Some(format!("{} = {}\n", question.id, a.to_toml())),
                    None if template => Some(template_line(q, question)),
                    None => None,
                })
                .collect();
            if !lines.is_empty() {
                out.push_str(&format!("\n# {}\n", section.title));
                out.extend(lines);
            }
        }
        out
    }
}

fn quoted(s: &str) -> String {
    crate::core::answer::toml_string(s)
}

fn whole_seconds(t: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp(t.timestamp(), 0).unwrap_or(t)
}

/// A commented-out example answer, with the question, the form expected and, for a
/// question asked only after some answers, when it is asked. "Required" has its own place
/// before the form, where it cannot be read as one more option of a list.
fn template_line(questionnaire: &Questionnaire, q: &Question) -> String {
    let example = q.default.clone().unwrap_or_else(|| example_answer(q));
    let mut out = String::new();
    for line in q.prompt.lines() {
        out.push_str(&format!("# {line}\n"));
    }
    let form_key = if q.required {
        key::common::plan_template::FORM_REQUIRED
    } else {
        key::common::plan_template::FORM
    };
    out.push_str(&format!(
        "# {}\n",
        fill(form_key, &[("form", &q.expected_form())])
    ));
    if let Some(condition) = &q.show_if {
        let is_list = |id: &str| {
            questionnaire
                .question(id)
                .is_some_and(|asked| asked.kind == Kind::MultiChoice)
        };
        let when = condition.in_words(&is_list);
        out.push_str(&format!(
            "# {}\n",
            fill(
                key::common::plan_template::ASKED_WHEN,
                &[("condition", &when)]
            )
        ));
    }
    out.push_str(&format!("# {} = {}\n", q.id, example.to_toml()));
    out
}

fn example_answer(q: &Question) -> Answer {
    let first = q.options.first().map_or(String::new(), |o| o.id.clone());
    let low = match q.min {
        Some(Bound::Number(x)) => x,
        _ => 0.0,
    };
    match q.kind {
        Kind::SingleChoice => Answer::Choice(first),
        Kind::MultiChoice => Answer::Choices(vec![first]),
        Kind::YesPartlyNo => Answer::Level(crate::core::answer::Level::Yes),
        Kind::Integer => Answer::Integer(low as i64),
        Kind::Decimal => Answer::Decimal(low),
        Kind::Text => Answer::Text(String::new()),
        Kind::Email => Answer::Text("name@example.org".into()),
        Kind::Domain => Answer::Text("host.example.org".into()),
        Kind::Date => match q.min {
            Some(Bound::Date(d)) => Answer::Date(d),
            _ => Answer::Text("2027-01-01".into()),
        },
    }
}

fn read_plan<'q>(
    c: &mut Collector,
    top: &DeTable,
    span: Range<usize>,
    find: impl Fn(&str) -> Option<&'q Questionnaire>,
    completeness: Completeness,
) -> Option<Plan> {
    tr::check_keys(c, top, PLAN_KEYS, None, get(key::load::what::A_PLAN));
    read_format(c, top, &span);
    let what = get(key::load::what::THE_PLAN);
    let (qid, qspan) = tr::required_string(c, top, &span, "questionnaire", None, what)?;
    let Some(q) = find(&qid) else {
        let values = args(&[("questionnaire", &qid)]);
        c.fail(qspan, None, key::load::plan::UNKNOWN_QUESTIONNAIRE, values);
        return None;
    };
    let version = read_version(c, top, q);
    let created = read_time(c, top, "created");
    let updated = read_time(c, top, "updated");
    let answers = read_answers(c, top, q);
    let resume_at = read_resume_at(c, top, q);
    let plan = Plan {
        questionnaire: qid,
        questionnaire_version: version,
        created,
        updated,
        resume_at,
        answers,
    };
    check_visibility(c, top, &span, q, &plan.answers, completeness);
    Some(plan)
}

fn read_format(c: &mut Collector, top: &DeTable, span: &Range<usize>) {
    let format = ("format", FORMAT.to_string());
    let Some(v) = tr::get(top, "format") else {
        c.fail(span.clone(), None, key::load::plan::NO_FORMAT, vec![format]);
        return;
    };
    match tr::integer_of(v.get_ref()) {
        Some(Ok(n)) if n == FORMAT => {}
        Some(Ok(n)) if n > FORMAT => {
            let values = vec![("found", n.to_string()), format];
            c.fail(v.span(), None, key::load::plan::NEWER_FORMAT, values);
        }
        _ => c.fail(v.span(), None, key::load::plan::WRONG_FORMAT, vec![format]),
    }
}

fn read_version(c: &mut Collector, top: &DeTable, q: &Questionnaire) -> String {
    match tr::string(c, top, "questionnaire_version", None) {
        Some((v, span)) => {
            if v != q.version {
                let values = args(&[
                    ("version", &v),
                    ("questionnaire", &q.id),
                    ("current", &q.version),
                ]);
                c.warn(span, None, key::load::plan::OLD_VERSION, values);
            }
            v
        }
        None => q.version.clone(),
    }
}

fn read_time(c: &mut Collector, top: &DeTable, key: &str) -> Option<DateTime<Utc>> {
    let v = tr::get(top, key)?;
    let text = match v.get_ref() {
        DeValue::Datetime(d) => d.to_string(),
        DeValue::String(s) => s.to_string(),
        other => {
            let values = args(&[("key", key), ("@found", tr::type_key(other))]);
            c.fail(v.span(), None, key::load::plan::TIME_TYPE, values);
            return None;
        }
    };
    match DateTime::parse_from_rfc3339(&text) {
        Ok(t) => Some(whole_seconds(t.with_timezone(&Utc))),
        Err(_) => {
            let values = args(&[("key", key), ("value", &text)]);
            c.fail(v.span(), None, key::load::plan::TIME_FORM, values);
            None
        }
    }
}

/// An unknown question here only loses the place, never an answer: a warning.
fn read_resume_at(c: &mut Collector, top: &DeTable, q: &Questionnaire) -> Option<String> {
    let (id, span) = tr::string(c, top, "resume_at", None)?;
    if q.question(&id).is_some() {
        return Some(id);
    }
    let values = args(&[("id", &id), ("questionnaire", &q.id)]);
    c.warn(span, Some(&id), key::load::plan::RESUME_UNKNOWN, values);
    None
}

fn read_answers(c: &mut Collector, top: &DeTable, q: &Questionnaire) -> Answers {
    let Some(v) = tr::get(top, "answers") else {
        return Answers::new();
    };
    let DeValue::Table(table) = v.get_ref() else {
        c.fail(v.span(), None, key::load::plan::ANSWERS_NOT_TABLE, vec![]);
        return Answers::new();
    };
    // Gathered in order and made a map at once, which builds it without a search per answer.
    let mut answers = Vec::with_capacity(table.len());
    for (key, value) in table.iter() {
        let id = key.get_ref().as_ref();
        let Some(question) = q.question(id) else {
            c.add(Some(key.span()), unknown_question(id, q));
            continue;
        };
        match read_answer(question, value.get_ref()) {
            Ok(a) => answers.push((id.to_string(), a)),
            Err(problem) => c.add(Some(value.span()), problem.about(Some(id))),
        }
    }
    answers.into_iter().collect()
}

/// One answer read and checked, or what is wrong with it and what to do: a value the
/// configuration would refuse gets that check's help, anything else the expected form.
fn read_answer(question: &Question, value: &DeValue) -> Result<Answer, Diagnostic> {
    let expected = |problem| {
        let form = vec![("expected_form", question.expected_form())];
        with_help(problem, key::load::plan_help::EXPECTED, form)
    };
    let answer = answer_from_toml(question.kind, value).map_err(expected)?;
    let Some(problem) = question.problem(&answer) else {
        return Ok(answer);
    };
    // The value check's advice stands even where the kind's own check spoke first.
    let check = question.value_problem(&answer);
    match check
        .as_ref()
        .and_then(|c| Some((help_key(c)?, &c.words.args)))
    {
        Some((help, args)) => Err(with_help(problem, help, args.clone())),
        None => Err(expected(problem)),
    }
}

/// The catalogue key of a problem's help, when the catalogue has that text. It is taken
/// from the shipped catalogue's own keys, which live as long as the program.
fn help_key(problem: &Diagnostic) -> Option<&'static str> {
    let Words { key, help, .. } = &*problem.words;
    let wanted = match help {
        Some(help) => help.to_string(),
        None => usual_help_key(key)?,
    };
    Strings::builtin().keys().find(|k| *k == wanted)
}

/// `problem` with the help of catalogue text `help`, whose placeholders take `values`.
fn with_help(mut problem: Diagnostic, help: &'static str, values: Args) -> Diagnostic {
    problem.words.args.extend(values);
    problem.help_at(help)
}

fn check_visibility(
    c: &mut Collector,
    top: &DeTable,
    span: &Range<usize>,
    q: &Questionnaire,
    answers: &Answers,
    completeness: Completeness,
) {
    let shown = q.visibility(answers);
    let table = tr::get(top, "answers");
    let place = table.map_or(span.start..span.start, |t| t.span());
    // Every answer came from this table, so each hidden one has its key there; problems
    // are sorted by place at the end, so finding them in questionnaire order is enough.
    if let Some(DeValue::Table(t)) = table.map(|t| t.get_ref()) {
        for question in shown.hidden_answered() {
            let id = question.id.as_str();
            if let Some((key, _)) = t.get_key_value(id) {
                c.warn(key.span(), Some(id), key::load::plan::HIDDEN_ANSWER, vec![]);
            }
        }
    }
    if completeness == Completeness::Complete {
        // An answer that is there but invalid already has its own error, at its place.
        let present = |id: &str| matches!(table.map(|t| t.get_ref()), Some(DeValue::Table(t)) if t.get(id).is_some());
        for question in shown.missing_required() {
            if present(&question.id) {
                continue;
            }
            let values = vec![
                ("prompt", question.prompt.clone()),
                ("id", question.id.clone()),
                ("expected_form", question.expected_form()),
            ];
            c.fail(
                place.clone(),
                Some(&question.id),
                key::load::plan::UNANSWERED,
                values,
            );
        }
    }
}

/// An answer to no question of `q`: the closest id, or else where to find them all.
fn unknown_question(id: &str, q: &Questionnaire) -> Diagnostic {
    let values = args(&[("id", id), ("questionnaire", &q.id)]);
    let problem = Diagnostic::error(key::load::plan::UNKNOWN_QUESTION, values).about(Some(id));
    match crate::base::suggest::closest(id, q.question_ids()) {
        Some(near) => with_help(
            problem,
            key::load::suggest::DID_YOU_MEAN,
            args(&[("suggestion", near)]),
        ),
        None => problem,
    }
}
