//! Problems as people read them: printed one per line, counted in a closing line.

use super::readfile::Unreadable;
use crate::base::diag::{Problem, has_errors};
use crate::base::key;
use crate::base::strings::{fill, get};
use crate::errln;

/// Prints problems to standard error; true when none is an error.
pub fn report(problems: &[Problem]) -> bool {
    for p in problems {
        errln!("{p}");
    }
    !has_errors(problems)
}

/// Counts for a closing line: "2 errors and 1 warning".
pub fn counts(problems: &[Problem]) -> String {
    let errors = problems.iter().filter(|p| p.is_error()).count();
    let warnings = problems.len() - errors;
    let errors_text = || plural(errors, key::cli::count::ERROR_ONE, key::cli::count::ERRORS);
    let warnings_text = || {
        plural(
            warnings,
            key::cli::count::WARNING_ONE,
            key::cli::count::WARNINGS,
        )
    };
    match (errors, warnings) {
        (_, 0) => errors_text(),
        (0, _) => warnings_text(),
        _ => fill(
            key::cli::count::BOTH,
            &[("errors", &errors_text()), ("warnings", &warnings_text())],
        ),
    }
}

/// A closing line such as "the decision data has 2 errors", from a key with {counts}.
pub fn broken_data(key: &str, problems: &[Problem]) -> String {
    fill(key, &[("counts", &counts(problems))])
}

/// The closing line under a file's problems: "plan.toml: 2 errors".
pub fn broken_file(origin: &str, problems: &[Problem]) -> String {
    fill(
        key::cli::broken::FILE,
        &[("origin", origin), ("counts", &counts(problems))],
    )
}

/// The text of `one` for exactly one, else `many` with its {count}.
pub fn plural(n: usize, one: &'static str, many: &str) -> String {
    if n == 1 {
        get(one).to_string()
    } else {
        fill(many, &[("count", &n.to_string())])
    }
}

/// A failure to read `origin` as a problem: the located one when the file was refused.
pub fn io_problem(origin: &str, e: &anyhow::Error) -> Problem {
    if let Some(Unreadable(p)) = e.downcast_ref() {
        return p.clone();
    }
    Problem::error(key::cli::FAILED, vec![("error", format!("{e:#}"))]).in_file(origin)
}
