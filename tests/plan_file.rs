//! Plan files: round trip, every answer kind checked with a located message, unknown keys.

use crate::common;
use chrono::{NaiveDate, TimeZone, Utc};
use common::{find, mini, place_of};
use hostplan::base::diag::{Problem, Source};
use hostplan::core::answer::{Answer, Level};
use hostplan::core::plan::{Completeness, Plan};
use hostplan::core::questionnaire::Questionnaire;

const HEAD: &str =
    "format = 1\nquestionnaire = \"mini\"\nquestionnaire_version = \"0.1\"\n\n[answers]\n";

fn parse(
    q: &Questionnaire,
    text: &str,
    c: Completeness,
) -> Result<(Plan, Vec<Problem>), Vec<Problem>> {
    Plan::parse(
        Source::new("plan.toml", text),
        |id| (id == q.id).then_some(q),
        c,
    )
}

fn rejected(answers: &str) -> (String, Vec<Problem>) {
    let q = mini();
    let text = format!(
        "{HEAD}hosting = \"tier4\"\nrecords = 5\ncap_docker = \"yes\"\nhost = \"a.example.org\"\n{answers}"
    );
    let text = text.replacen(
        "records = 5\n",
        if answers.starts_with("records") {
            ""
        } else {
            "records = 5\n"
        },
        1,
    );
    match parse(&q, &text, Completeness::Partial) {
        Ok(_) => panic!("should be rejected:\n{text}"),
        Err(p) => (text, p),
    }
}

fn full_plan(q: &Questionnaire) -> Plan {
    let t = Utc.with_ymd_and_hms(2026, 11, 2, 10, 0, 0).unwrap();
    let mut plan = Plan::new(q, t);
    let answers = [
        ("hosting", Answer::Choice("tier4".into())),
        ("records", Answer::Integer(150_000)),
        ("growth", Answer::Decimal(12.5)),
        ("languages", Answer::Choices(vec!["fr".into(), "en".into()])),
        ("cap_docker", Answer::Level(Level::Partly)),
        ("host", Answer::Text("cpims.mosw.gov.kl".into())),
        (
            "start",
            Answer::Date(NaiveDate::from_ymd_opt(2027, 3, 1).unwrap()),
        ),
        (
            "name",
            Answer::Text("\"Espérance\" São Tomé \\ back\\slash".into()),
        ),
    ];
    for (id, a) in answers {
        plan.set(q, id, a, t).unwrap();
    }
    plan
}

#[test]
fn save_and_load_give_the_same_plan() {
    let q = mini();
    let plan = full_plan(&q);
    let text = plan.to_toml(&q, false);
    let (loaded, warnings) =
        parse(&q, &text, Completeness::Complete).unwrap_or_else(|p| panic!("{p:?}\n{text}"));
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(loaded, plan);
    // Writing the loaded plan again gives the same bytes.
    assert_eq!(loaded.to_toml(&q, false), text);
}

#[test]
fn template_loads_as_an_empty_plan_and_lists_questions() {
    let q = mini();
    let t = Utc.with_ymd_and_hms(2026, 11, 2, 10, 0, 0).unwrap();
    let text = Plan::new(&q, t).to_toml(&q, true);
    assert!(text.contains("# records = 1000"), "{text}");
    assert!(text.contains("# Where will it run?"));
    // Questions asked only after some answers are in the template too, each saying when.
    let host = "# Which host name?\n# (required; a host name such as cpims.example.org)\n# Asked only when hosting is tier4 or local.\n# host = ";
    assert!(text.contains(host), "{text}");
    assert!(
        text.contains(
            "# Asked only when hosting is tier4 or local, and cap_docker is yes.\n# contact = "
        ),
        "{text}"
    );
    assert!(
        text.contains("# Asked only when hosting is not saas.\n# cap_docker = "),
        "{text}"
    );
    // "Required" comes before the form, never after an option list where it would read
    // as one more option.
    assert!(
        text.contains("# (required; one of: saas, tier4, local)\n"),
        "{text}"
    );
    assert!(!text.contains(", required)"), "{text}");
    let (plan, _) = parse(&q, &text, Completeness::Partial).unwrap();
    assert!(plan.answers.is_empty());
    assert_eq!(plan.created, Some(t));
}

#[test]
fn single_choice_rejects_an_unknown_option() {
    let q = mini();
    let text = format!("{HEAD}hosting = \"tier5\"\n");
    let p = parse(&q, &text, Completeness::Partial).unwrap_err();
    let e = find(
        &p,
        Some("hosting"),
        "`tier5` is not an option here; did you mean `tier4`?",
    );
    assert_eq!((e.line, e.column), place_of(&text, "\"tier5\""));
    assert_eq!(
        e.help().as_deref(),
        Some("expected one of: saas, tier4, local")
    );
}

#[test]
fn multi_choice_rejects_a_single_string_and_repeats() {
    let (_, p) = rejected("languages = \"en\"\n");
    find(&p, Some("languages"), "expected a list such as [\"en\"]");
    let (_, p) = rejected("languages = [\"en\", \"en\"]\n");
    find(&p, Some("languages"), "`en` is chosen twice");
    let (_, p) = rejected("languages = [\"de\"]\n");
    find(&p, Some("languages"), "`de` is not an option here");
}

#[test]
fn yes_partly_no_rejects_other_words_and_booleans() {
    let q = mini();
    let text = format!("{HEAD}hosting = \"local\"\ncap_docker = \"maybe\"\n");
    let p = parse(&q, &text, Completeness::Partial).unwrap_err();
    find(&p, Some("cap_docker"), "`maybe` is not an answer here");
    let text = format!("{HEAD}hosting = \"local\"\ncap_docker = true\n");
    let p = parse(&q, &text, Completeness::Partial).unwrap_err();
    find(&p, Some("cap_docker"), "write \"yes\"");
}

#[test]
fn integer_rejects_quotes_decimals_and_out_of_bounds() {
    let (_, p) = rejected("records = \"150,000\"\n");
    find(
        &p,
        Some("records"),
        "expected a whole number without quotes, such as 150000",
    );
    let (_, p) = rejected("records = 1.5\n");
    find(&p, Some("records"), "found a decimal");
    let (text, p) = rejected("records = -3\n");
    let e = find(&p, Some("records"), "-3 is below the minimum 0");
    assert_eq!((e.line, e.column), place_of(&text, "-3"));
    let (_, p) = rejected("records = 99999999999999999999\n");
    find(&p, Some("records"), "too large");
}

#[test]
fn decimal_rejects_text_and_infinity() {
    let (_, p) = rejected("growth = \"12%\"\n");
    find(&p, Some("growth"), "expected a number without quotes");
    let (_, p) = rejected("growth = inf\n");
    find(&p, Some("growth"), "finite");
    let (_, p) = rejected("growth = 600.0\n");
    find(&p, Some("growth"), "600 is above the maximum 500");
}

#[test]
fn text_rejects_too_long_and_empty() {
    let (_, p) = rejected(&format!("name = \"{}\"\n", "x".repeat(41)));
    find(&p, Some("name"), "41 characters long; at most 40 fit");
    let (_, p) = rejected("name = \"  \"\n");
    find(&p, Some("name"), "the text is empty");
}

#[test]
fn email_and_domain_formats() {
    let q = mini();
    let text = format!(
        "{HEAD}hosting = \"tier4\"\ncap_docker = \"yes\"\nhost = \"*.example.org\"\ncontact = \"ops.example.org\"\n"
    );
    let p = parse(&q, &text, Completeness::Partial).unwrap_err();
    let e = find(&p, Some("host"), "`*.example.org` is not a host name");
    assert!(e.message().contains("wildcard"), "{e}");
    let e = find(
        &p,
        Some("contact"),
        "`ops.example.org` is not an e-mail address: it has no `@`",
    );
    assert_eq!(e.line, 9);
}

#[test]
fn date_format_and_bounds() {
    let (_, p) = rejected("start = \"01/03/2027\"\n");
    find(
        &p,
        Some("start"),
        "`01/03/2027` is not a date written YYYY-MM-DD",
    );
    let (_, p) = rejected("start = \"2060-01-01\"\n");
    find(
        &p,
        Some("start"),
        "1 January 2060 is after the latest allowed date, 31 December 2040",
    );
    // A TOML date literal is accepted as well as a string.
    let q = mini();
    let (plan, _) = parse(
        &q,
        &format!("{HEAD}start = 2027-03-01\n"),
        Completeness::Partial,
    )
    .unwrap();
    assert_eq!(
        plan.answers["start"],
        Answer::Date(NaiveDate::from_ymd_opt(2027, 3, 1).unwrap())
    );
}

#[test]
fn unknown_keys_are_named_with_the_closest_id() {
    let q = mini();
    let text = format!("{HEAD}hostng = \"tier4\"\nrecord = 5\nbudget = 10\n");
    let p = parse(&q, &text, Completeness::Partial).unwrap_err();
    assert_eq!(p.len(), 3, "{p:?}");
    assert_eq!(
        find(&p, Some("hostng"), "not a question").help().as_deref(),
        Some("did you mean `hosting`?")
    );
    assert_eq!(
        find(&p, Some("record"), "not a question").help().as_deref(),
        Some("did you mean `records`?")
    );
    let e = find(&p, Some("budget"), "`budget` is not a question of `mini`");
    assert_eq!((e.line, e.column), place_of(&text, "budget"));
}

#[test]
fn header_problems() {
    let q = mini();
    let p = parse(
        &q,
        "format = 2\nquestionnaire = \"mini\"\n",
        Completeness::Partial,
    )
    .unwrap_err();
    find(&p, None, "plan format 2 is newer than this hostplan reads");
    let p = parse(
        &q,
        "format = 1\nquestionnaire = \"primer\"\n",
        Completeness::Partial,
    )
    .unwrap_err();
    find(&p, None, "no questionnaire is called `primer`");
    let p = parse(
        &q,
        "questionnaire = \"mini\"\ncreated = \"yesterday\"\nanswer = 1\n",
        Completeness::Partial,
    )
    .unwrap_err();
    find(&p, None, "the plan has no `format`");
    find(&p, None, "`created` = `yesterday` is not a date and time");
    assert_eq!(
        find(&p, None, "unknown key `answer`").help().as_deref(),
        Some("did you mean `answers`?")
    );
    let (_, warnings) = parse(
        &q,
        "format = 1\nquestionnaire = \"mini\"\nquestionnaire_version = \"0.0\"\n",
        Completeness::Partial,
    )
    .unwrap();
    assert!(
        warnings[0].message().contains("version 0.0"),
        "{warnings:?}"
    );
}

#[test]
fn missing_required_answers_only_when_a_complete_plan_is_asked_for() {
    let q = mini();
    let text = format!("{HEAD}hosting = \"saas\"\n");
    assert!(parse(&q, &text, Completeness::Partial).is_ok());
    let p = parse(&q, &text, Completeness::Complete).unwrap_err();
    // SaaS hides the Docker and host questions: only `records` is missing.
    assert_eq!(p.len(), 1, "{p:?}");
    let e = find(
        &p,
        Some("records"),
        "required question not answered: How many records?",
    );
    assert_eq!(e.line, 5, "points at [answers]");
}

#[test]
fn answer_to_a_hidden_question_is_kept_with_a_warning() {
    let q = mini();
    let text = format!("{HEAD}hosting = \"saas\"\nrecords = 1\ncap_docker = \"no\"\n");
    let (plan, warnings) = parse(&q, &text, Completeness::Complete).unwrap();
    assert_eq!(plan.answers["cap_docker"], Answer::Level(Level::No));
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].id.as_deref(), Some("cap_docker"));
    assert!(warnings[0].message().contains("not asked"));
}

#[test]
fn visibility_follows_show_if() {
    let q = mini();
    let mut plan = full_plan(&q);
    let shown = |p: &Plan| {
        q.visible_questions(&p.answers)
            .iter()
            .map(|x| x.id.clone())
            .collect::<Vec<_>>()
    };
    assert!(
        !shown(&plan).contains(&"contact".to_string()),
        "contact needs Docker = yes"
    );
    plan.answers
        .insert("cap_docker".into(), Answer::Level(Level::Yes));
    assert!(shown(&plan).contains(&"contact".to_string()));
    plan.answers
        .insert("hosting".into(), Answer::Choice("saas".into()));
    let saas = shown(&plan);
    for hidden in ["cap_docker", "host", "contact"] {
        assert!(
            !saas.contains(&hidden.to_string()),
            "{hidden} is hidden under SaaS"
        );
    }
}

#[test]
fn set_checks_the_answer() {
    let q = mini();
    let mut plan = full_plan(&q);
    let t = Utc.with_ymd_and_hms(2026, 11, 3, 8, 0, 0).unwrap();
    let err = plan
        .set(&q, "records", Answer::Text("many".into()), t)
        .unwrap_err()
        .message();
    assert!(err.contains("expected a whole number"), "{err}");
    assert!(plan.set(&q, "nope", Answer::Integer(1), t).is_err());
    assert_eq!(
        plan.updated,
        Some(Utc.with_ymd_and_hms(2026, 11, 2, 10, 0, 0).unwrap()),
        "a refused answer changes nothing"
    );
    plan.set(&q, "records", Answer::Integer(7), t).unwrap();
    assert_eq!(plan.updated, Some(t));
}

#[test]
fn typed_input_uses_the_same_checks() {
    let q = mini();
    let records = q.question("records").unwrap();
    assert_eq!(records.parse_input("150,000"), Ok(Answer::Integer(150_000)));
    assert_eq!(records.parse_input("150 000"), Ok(Answer::Integer(150_000)));
    let e = records.parse_input("lots").unwrap_err().message();
    assert_eq!(
        e,
        "`lots` is not a whole number from 0 to 10,000,000 (records)"
    );
    let e = records.parse_input("20,000,000").unwrap_err().message();
    assert!(
        e.starts_with("20,000,000 is above the maximum 10,000,000"),
        "{e}"
    );
    let cap = q.question("cap_docker").unwrap();
    assert_eq!(cap.parse_input("Partly"), Ok(Answer::Level(Level::Partly)));
    assert!(
        q.question("host")
            .unwrap()
            .parse_input("my server")
            .unwrap_err()
            .message()
            .contains("is not a host name")
    );
    assert!(
        q.question("hosting")
            .unwrap()
            .parse_input("cloud")
            .unwrap_err()
            .message()
            .contains("choose one of: saas, tier4, local")
    );
}
