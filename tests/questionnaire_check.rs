//! Each invalid questionnaire gives its file, line, column and question id.

use crate::common;
use common::{MINI, find, line_of, place_of};
use hostplan::base::diag::{Problem, Source};
use hostplan::core::questionnaire;

fn errors(text: &str) -> Vec<Problem> {
    match questionnaire::parse(Source::new("broken.toml", text)) {
        Ok(_) => panic!("the questionnaire should have been rejected:\n{text}"),
        Err(p) => {
            assert!(p.iter().all(|p| p.origin == "broken.toml"));
            p
        }
    }
}

fn with(from: &str, to: &str) -> String {
    assert!(MINI.contains(from), "fixture lacks `{from}`");
    MINI.replacen(from, to, 1)
}

#[test]
fn fixture_is_valid() {
    let (q, warnings) = questionnaire::parse(Source::new("mini.toml", MINI)).unwrap();
    assert!(warnings.is_empty());
    assert_eq!(q.questions().count(), 9);
    assert_eq!(q.sections[1].questions[0].id, "host");
}

#[test]
fn duplicate_question_id() {
    let text = with("id = \"growth\"", "id = \"records\"");
    let p = errors(&text);
    let e = find(&p, Some("records"), "already used on line");
    let first = line_of(&text, "id = \"records\"");
    assert!(e.message().contains(&format!("line {first}")), "{e}");
    let second = text.match_indices("id = \"records\"").nth(1).unwrap().0;
    assert_eq!(
        (e.line, e.column),
        Source::new("", &text).locate(second + 5)
    );
}

#[test]
fn unknown_kind_suggests_the_right_one() {
    let text = with("kind = \"decimal\"", "kind = \"decimel\"");
    let p = errors(&text);
    let e = find(&p, Some("growth"), "unknown kind `decimel`");
    assert_eq!((e.line, e.column), place_of(&text, "\"decimel\""));
    assert_eq!(e.help().as_deref(), Some("did you mean `decimal`?"));
}

#[test]
fn unknown_value_check_is_located_and_suggests_the_right_one() {
    let text = with(
        "id = \"host\"\nkind = \"domain\"\n",
        "id = \"host\"\nkind = \"domain\"\nvalue_check = \"primero_hots\"\n",
    );
    let p = errors(&text);
    let e = find(&p, Some("host"), "unknown value_check `primero_hots`");
    assert_eq!((e.line, e.column), place_of(&text, "\"primero_hots\""));
    assert_eq!(e.help().as_deref(), Some("did you mean `primero_host`?"));
}

#[test]
fn value_check_only_on_typed_answers() {
    let text = with(
        "id = \"growth\"\nkind = \"decimal\"\n",
        "id = \"growth\"\nkind = \"decimal\"\nvalue_check = \"host\"\n",
    );
    let p = errors(&text);
    find(&p, Some("growth"), "`value_check` only applies to text");
}

#[test]
fn a_value_check_refuses_what_the_export_would() {
    let text = with(
        "id = \"host\"\nkind = \"domain\"\n",
        "id = \"host\"\nkind = \"domain\"\nvalue_check = \"primero_host\"\n",
    );
    let (q, _) = questionnaire::parse(Source::new("mini.toml", &text)).unwrap();
    let host = q.question("host").unwrap();
    let refused = host.parse_input("x.primero.org").unwrap_err().message();
    assert!(refused.contains("under primero.org"), "{refused}");
    assert!(host.parse_input("cpims.example.org").is_ok());
}

#[test]
fn show_if_naming_an_unknown_question() {
    let text = with(
        "question = \"hosting\", equals = \"saas\"",
        "question = \"hostin\", equals = \"saas\"",
    );
    let p = errors(&text);
    let e = find(&p, Some("cap_docker"), "`hostin`, which is not a question");
    assert_eq!((e.line, e.column), place_of(&text, "\"hostin\""));
    assert_eq!(e.help().as_deref(), Some("did you mean `hosting`?"));
}

#[test]
fn show_if_naming_a_later_question() {
    let text = with(
        "question = \"hosting\", equals = \"saas\"",
        "question = \"host\", equals = \"x.org\"",
    );
    let p = errors(&text);
    let e = find(&p, Some("cap_docker"), "`host`, which comes later");
    assert_eq!(e.line, line_of(&text, "question = \"host\""));
}

#[test]
fn show_if_naming_itself() {
    let text = with(
        "question = \"hosting\", equals = \"saas\"",
        "question = \"cap_docker\", equals = \"yes\"",
    );
    find(
        &errors(&text),
        Some("cap_docker"),
        "cannot test its own answer",
    );
}

#[test]
fn show_if_with_an_option_that_does_not_exist() {
    let text = with(
        "one_of = [\"tier4\", \"local\"] }\n\n[[sections.questions]]\nid = \"contact\"",
        "one_of = [\"tier4\", \"locale\"] }\n\n[[sections.questions]]\nid = \"contact\"",
    );
    let p = errors(&text);
    let e = find(&p, Some("host"), "`locale` is not an option of `hosting`");
    assert_eq!((e.line, e.column), place_of(&text, "\"locale\""));
    assert!(e.message().contains("did you mean `local`?"), "{e}");
}

#[test]
fn show_if_comparing_yes_partly_no_with_a_wrong_word() {
    let text = with(
        "{ question = \"cap_docker\", equals = \"yes\" }",
        "{ question = \"cap_docker\", equals = \"maybe\" }",
    );
    find(
        &errors(&text),
        Some("contact"),
        "`maybe` cannot be an answer to `cap_docker`",
    );
}

#[test]
fn condition_without_a_test_or_with_two() {
    let text = with(
        "show_if = { not = { question = \"hosting\", equals = \"saas\" } }",
        "show_if = { question = \"hosting\" }",
    );
    find(&errors(&text), Some("cap_docker"), "says nothing to test");
    let text = with(
        "show_if = { not = { question = \"hosting\", equals = \"saas\" } }",
        "show_if = { question = \"hosting\", equals = \"saas\", one_of = [\"tier4\"] }",
    );
    find(
        &errors(&text),
        Some("cap_docker"),
        "mixes equals and one_of",
    );
    let text = with(
        "show_if = { not = { question = \"hosting\", equals = \"saas\" } }",
        "show_if = { all = [] }",
    );
    find(&errors(&text), Some("cap_docker"), "`all` is an empty list");
}

#[test]
fn default_outside_bounds() {
    let text = with("default = 1000", "default = 20000000");
    let p = errors(&text);
    let e = find(
        &p,
        Some("records"),
        "default: 20,000,000 is above the maximum 10,000,000",
    );
    assert_eq!((e.line, e.column), place_of(&text, "20000000"));
}

#[test]
fn default_of_the_wrong_type() {
    let text = with("default = 1000", "default = \"lots\"");
    find(
        &errors(&text),
        Some("records"),
        "default: expected a whole number without quotes",
    );
}

#[test]
fn choice_without_options() {
    let text = with(
        "options = [{ id = \"en\", label = \"English\" }, { id = \"fr\", label = \"French\" }]\n",
        "",
    );
    let p = errors(&text);
    let e = find(
        &p,
        Some("languages"),
        "a multi_choice question needs options",
    );
    assert_eq!(
        e.line,
        line_of(&text, "[[sections.questions]]\nid = \"languages\"")
    );
}

#[test]
fn options_on_a_question_that_takes_text() {
    let text = with(
        "max_length = 40",
        "max_length = 40\noptions = [{ id = \"a\", label = \"A\" }]",
    );
    find(
        &errors(&text),
        Some("name"),
        "`options` only apply to choice questions",
    );
}

#[test]
fn duplicate_option_id() {
    let text = with(
        "{ id = \"fr\", label = \"French\" }",
        "{ id = \"en\", label = \"French\" }",
    );
    find(
        &errors(&text),
        Some("languages"),
        "option `en` is listed twice",
    );
}

#[test]
fn misspelt_key_is_reported_with_a_suggestion() {
    let text = with("prompt = \"Yearly growth?\"", "promt = \"Yearly growth?\"");
    let p = errors(&text);
    let e = find(&p, None, "unknown key `promt` in a question");
    assert_eq!((e.line, e.column), place_of(&text, "promt"));
    assert_eq!(e.help().as_deref(), Some("did you mean `prompt`?"));
    // The missing prompt is reported too, in the same run.
    find(&p, Some("growth"), "the question has no `prompt`");
}

#[test]
fn id_that_is_not_snake_case() {
    let text = with("id = \"growth\"", "id = \"Yearly-Growth\"");
    find(&errors(&text), Some("Yearly-Growth"), "is not snake_case");
}

#[test]
fn question_asking_for_a_secret_is_refused() {
    let text = with(
        "id = \"name\"\nkind = \"text\"\nprompt = \"Programme name?\"",
        "id = \"name\"\nkind = \"text\"\nprompt = \"What is the SMTP password?\"",
    );
    let p = errors(&text);
    let e = find(&p, Some("name"), "asks for a password");
    assert_eq!(
        e.line,
        line_of(&text, "prompt = \"What is the SMTP password?\"")
    );
    let text = with("id = \"name\"", "id = \"smtp_secret\"");
    find(&errors(&text), Some("smtp_secret"), "asks for a secret");
}

#[test]
fn question_about_secrets_that_cannot_hold_one_is_allowed() {
    let text = with(
        "prompt = \"Can the team run Docker?\"",
        "prompt = \"Can the team keep a secret file readable by root only?\"",
    )
    .replacen("id = \"cap_docker\"", "id = \"cap_secrets\"", 1)
    .replace("question = \"cap_docker\"", "question = \"cap_secrets\"");
    assert!(questionnaire::parse(Source::new("ok.toml", &text)).is_ok());
}

#[test]
fn min_greater_than_max() {
    let text = with("min = 0\nmax = 500", "min = 600\nmax = 500");
    let p = errors(&text);
    let e = find(&p, Some("growth"), "`min` is greater than `max`");
    assert_eq!(e.line, line_of(&text, "min = 600"));
}

#[test]
fn bounds_and_units_on_the_wrong_kind() {
    let text = with(
        "max_length = 40",
        "max_length = 40\nmin = 3\nunit = \"letters\"",
    );
    let p = errors(&text);
    find(
        &p,
        Some("name"),
        "`min` only applies to integer, decimal and date questions",
    );
    find(
        &p,
        Some("name"),
        "`unit` only applies to integer and decimal questions",
    );
}

#[test]
fn capacity_on_a_wrong_kind_or_unknown_area() {
    let text = with("capacity = \"docker\"", "capacity = \"dockr\"");
    let p = errors(&text);
    let e = find(&p, Some("cap_docker"), "unknown capacity area `dockr`");
    assert_eq!(e.help().as_deref(), Some("did you mean `docker`?"));
    find(&p, Some("docker"), "has no question measuring it");
    let text = with("max_length = 40", "max_length = 40\ncapacity = \"docker\"");
    find(
        &errors(&text),
        Some("name"),
        "a capacity question must be yes_partly_no",
    );
}

#[test]
fn date_bounds_must_be_dates() {
    let text = with("min = \"2024-01-01\"", "min = \"01/01/2024\"");
    find(
        &errors(&text),
        Some("start"),
        "`min` must be a date written YYYY-MM-DD",
    );
}

#[test]
fn toml_syntax_error_is_located() {
    let text = with("help = \"Percent.\"", "help = Percent.");
    let p = errors(&text);
    assert_eq!(p.len(), 1);
    assert!(
        p[0].message().starts_with("this is not valid TOML"),
        "{}",
        p[0]
    );
    assert_eq!(p[0].line, line_of(&text, "help = Percent."));
}

#[test]
fn section_without_questions_and_missing_top_fields() {
    let text = "id = \"x\"\n\n[[sections]]\nid = \"empty\"\ntitle = \"Empty\"\nintro = \"Nothing here.\"\n";
    let p = errors(text);
    find(&p, Some("empty"), "the section has no questions");
    find(&p, None, "the questionnaire has no `version`");
    find(&p, None, "the questionnaire has no `title`");
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let text = with("kind = \"decimal\"", "kind = \"decimel\"")
        .replacen("default = 1000", "default = -5", 1)
        .replacen("prompt = \"Which host name?\"", "prompt = \"\"", 1);
    let p = errors(&text);
    find(&p, Some("growth"), "unknown kind");
    find(&p, Some("records"), "below the minimum");
    find(&p, Some("host"), "`prompt` of the question is empty");
    let mut lines: Vec<usize> = p.iter().map(|p| p.line).collect();
    let sorted = {
        let mut s = lines.clone();
        s.sort();
        s
    };
    assert_eq!(lines, sorted, "problems come in file order");
    lines.dedup();
}

#[test]
fn thresholds_only_test_numbers() {
    let text = with(
        "show_if = { not = { question = \"hosting\", equals = \"saas\" } }",
        "show_if = { question = \"hosting\", at_least = 3 }",
    );
    find(
        &errors(&text),
        Some("cap_docker"),
        "`at_least` tests numbers, but `hosting` is a single_choice question",
    );
    let text = with(
        "show_if = { not = { question = \"hosting\", equals = \"saas\" } }",
        "show_if = { question = \"records\", below = \"many\" }",
    );
    find(
        &errors(&text),
        Some("cap_docker"),
        "`below` must be a number",
    );
    let text = with(
        "show_if = { not = { question = \"hosting\", equals = \"saas\" } }",
        "show_if = { question = \"records\", below = 5000 }",
    );
    assert!(questionnaire::parse(Source::new("ok.toml", &text)).is_ok());
}

// --- Named conditions ------------------------------------------------------------------

/// The fixture with `[conditions]` before its sections and `cap_docker` using one.
fn with_named(conditions: &str, use_as: &str) -> String {
    let text = with(
        "show_if = { not = { question = \"hosting\", equals = \"saas\" } }",
        &format!("show_if = {use_as}"),
    );
    text.replacen(
        "[[sections]]",
        &format!("[conditions]\n{conditions}\n\n[[sections]]"),
        1,
    )
}

#[test]
fn a_named_condition_is_read_where_it_is_used() {
    let text = with_named(
        "self_hosting = { not = { question = \"hosting\", equals = \"saas\" } }",
        "{ condition = \"self_hosting\" }",
    );
    let (q, warnings) = questionnaire::parse(Source::new("mini.toml", &text)).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let docker = q.question("cap_docker").unwrap();
    let mut answers = hostplan::core::questionnaire::Answers::new();
    let hosting = |id: &str| hostplan::core::answer::Answer::Choice(id.into());
    answers.insert("hosting".into(), hosting("saas"));
    assert!(!q.visibility(&answers)[docker.id.as_str()]);
    answers.insert("hosting".into(), hosting("tier4"));
    assert!(q.visibility(&answers)[docker.id.as_str()]);
}

#[test]
fn a_named_condition_that_does_not_exist() {
    let text = with_named(
        "self_hosting = { not = { question = \"hosting\", equals = \"saas\" } }",
        "{ condition = \"self_hostng\" }",
    );
    let p = errors(&text);
    let e = find(&p, Some("cap_docker"), "`self_hostng` is not a condition");
    assert_eq!((e.line, e.column), place_of(&text, "\"self_hostng\""));
    assert_eq!(e.help().as_deref(), Some("did you mean `self_hosting`?"));
}

#[test]
fn a_named_condition_still_tests_only_earlier_questions() {
    let text = with_named(
        "has_host = { question = \"host\", equals = \"x.org\" }",
        "{ condition = \"has_host\" }",
    );
    find(
        &errors(&text),
        Some("cap_docker"),
        "`host`, which comes later",
    );
}

#[test]
fn a_named_condition_that_names_itself() {
    let text = with_named(
        "loop = { any = [{ condition = \"loop\" }] }",
        "{ condition = \"loop\" }",
    );
    find(&errors(&text), Some("cap_docker"), "refers back to itself");
}

/// A named condition no question uses may serve the data files: it is still checked.
#[test]
fn a_named_condition_no_question_uses_is_still_checked() {
    let text = with_named(
        "self_hosting = { not = { question = \"hosting\", equals = \"saas\" } }\n\
         typo = { question = \"hostng\", equals = \"saas\" }\n\
         loop = { any = [{ condition = \"loop\" }] }",
        "{ condition = \"self_hosting\" }",
    );
    let p = errors(&text);
    let e = find(&p, Some("typo"), "`hostng`");
    assert_eq!(e.line, place_of(&text, "\"hostng\"").0);
    find(&p, Some("loop"), "refers back to itself");
    assert_eq!(p.len(), 2, "{p:#?}");
}

#[test]
fn a_named_condition_takes_nothing_beside_it() {
    let text = with_named(
        "self_hosting = { not = { question = \"hosting\", equals = \"saas\" } }",
        "{ condition = \"self_hosting\", question = \"hosting\" }",
    );
    find(
        &errors(&text),
        Some("cap_docker"),
        "takes nothing beside it",
    );
}
