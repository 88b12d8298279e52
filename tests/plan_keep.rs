//! A plan written by hand keeps its comments, layout and permissions when the wizard saves
//! an answer to it.

use crate::common;

use common::wizard::{self, keys_for};
use hostplan::base::strings::Strings;
use hostplan::core::answer::Answer;
use hostplan::store;
use hostplan::tui::{App, Host, SaveFailure, Theme, ThemeName};
use std::path::{Path, PathBuf};

const HAND: &str = "# Kalmaria plan, written by hand at the workshop.\n\
# Not to be shared outside the ministry.\n\
format = 1\n\
questionnaire = \"primero\"\n\
questionnaire_version = \"1.0.0\"\n\
created = 2027-01-01T08:00:00Z\n\
updated = 2027-01-02T08:00:00Z\n\
\n\
[answers]\n\
# Agreed with the minister's office.\n\
country = \"Kalmaria\"   # the official short name\n\
organisation = \"Ministry of Social Welfare\" # until the merger\n\
\n\
# Ask finance again in March.\n\
budget_ongoing_usd = 85_000  # per year, in USD\n\
# The end of what we know.\n";

/// Saves as the wizard's own front-end does: in place, unless someone else changed it.
struct FileHost {
    path: PathBuf,
    seen: store::Seen,
}

impl Host for FileHost {
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        wizard::now()
    }

    fn save(&mut self, text: &str) -> Result<(), SaveFailure> {
        match store::save_unless_changed(&self.path, &mut self.seen, text.as_bytes()) {
            Ok(store::Saved::Replaced) => Ok(()),
            other => Err(SaveFailure::Failed(format!("{other:?}"))),
        }
    }

    fn save_as(&mut self, _: &str, _: &str) -> Result<String, SaveFailure> {
        Err(SaveFailure::NoName)
    }

    fn location(&self) -> String {
        self.path.display().to_string()
    }

    fn export_defaults(&self) -> (String, String) {
        (".".into(), "plan".into())
    }

    fn export(
        &mut self,
        _: &hostplan::export::Context,
        _: &hostplan::export::Request,
    ) -> hostplan::export::Report {
        hostplan::export::Report::default()
    }
}

/// Opens the plan at `path` in the wizard, changes the organisation by keys, and returns
/// the file's text after the save.
fn change_organisation(path: &Path) -> String {
    let model = wizard::model();
    let text = std::fs::read_to_string(path).unwrap();
    let plan = wizard::plan_from(&model, &text);
    let host = FileHost {
        path: path.to_path_buf(),
        seen: store::Seen::of(text.as_bytes()),
    };
    let mut app = App::new(
        &model,
        Strings::builtin(),
        Theme::new(ThemeName::Default),
        plan,
        "plan.toml".into(),
        Box::new(host),
    );
    app.keep_file_text(text);
    assert!(app.go_to("organisation"));
    let q = model.questionnaire.question("organisation").unwrap();
    let answer = Answer::Text("Ministry of Health".into());
    for k in keys_for(q, Some(&answer)) {
        app.handle_key(k);
        let _ = app.flush_save();
    }
    assert_eq!(app.save_error, None);
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn a_wizard_save_keeps_every_comment_and_changes_only_the_answer() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.toml");
    std::fs::write(&path, HAND).unwrap();
    let saved = change_organisation(&path);
    assert!(
        saved.contains("organisation = \"Ministry of Health\" # until the merger\n"),
        "{saved}"
    );
    for line in HAND
        .lines()
        .filter(|l| !l.starts_with("organisation") && !l.starts_with("updated"))
    {
        assert!(saved.lines().any(|s| s == line), "lost: {line}\n{saved}");
    }
    assert!(
        saved.contains("updated = 2027-01-04T09:30:00Z\n"),
        "{saved}"
    );
    assert!(saved.contains("resume_at = "), "{saved}");
}

#[cfg(unix)]
#[test]
fn a_wizard_save_keeps_the_plan_private_or_group_readable() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    for mode in [0o600, 0o640] {
        let path = dir.path().join(format!("plan-{mode:o}.toml"));
        std::fs::write(&path, HAND).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        let saved = change_organisation(&path);
        assert!(saved.contains("# Ask finance again in March.\n"), "{saved}");
        let now = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(now, mode, "{mode:o}");
    }
}
