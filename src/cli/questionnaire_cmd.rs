use super::companions::model;
use super::{counts, read_questionnaire_dir, read_text, report};
use anyhow::Result;
use clap::Subcommand;
use hostplan::builtin::Catalog;
use hostplan::questionnaire::Questionnaire;
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub enum Cmd {
    /// Check questionnaires (the ones in use, or FILEs) and list every problem with its place
    Check {
        /// Questionnaire files to check
        files: Vec<PathBuf>,
    },
}

pub fn run(cmd: Cmd, dir: Option<&Path>) -> Result<bool> {
    let Cmd::Check { files } = cmd;
    let texts: Vec<(String, String)> = if !files.is_empty() {
        files
            .iter()
            .map(|f| Ok((f.display().to_string(), read_text(f)?)))
            .collect::<Result<_>>()?
    } else if let Some(dir) = dir {
        read_questionnaire_dir(dir)?
    } else {
        hostplan::builtin::QUESTIONNAIRES
            .iter()
            .map(|(o, t)| (o.to_string(), t.to_string()))
            .collect()
    };
    let in_use = files.is_empty();
    let files = plural(texts.len(), "questionnaire file");
    match Catalog::load(&texts) {
        Ok((cat, mut warnings)) => {
            let mut described = Vec::new();
            let mut problems = Vec::new();
            for q in &cat.questionnaires {
                // The questionnaires in use are checked with the data that goes with them.
                let companions = if in_use { model(q, dir) } else { Ok(None) };
                match companions {
                    Ok(found) => described.push(describe(q, found.is_some())),
                    Err(p) => problems.extend(p),
                }
            }
            if !problems.is_empty() {
                problems.append(&mut warnings);
                report(&problems);
                eprintln!(
                    "checked {files} and their decision data: {}",
                    counts(&problems)
                );
                return Ok(false);
            }
            report(&warnings);
            let tail = if warnings.is_empty() {
                "no problems".to_string()
            } else {
                counts(&warnings)
            };
            println!("checked {files}: {}; {tail}", described.join("; "));
            Ok(true)
        }
        Err(problems) => {
            report(&problems);
            eprintln!("checked {files}: {}", counts(&problems));
            Ok(false)
        }
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn describe(q: &Questionnaire, with_data: bool) -> String {
    let data = if with_data { ", decision data" } else { "" };
    format!(
        "{} {} ({}, {}, {}{data})",
        q.id,
        q.version,
        plural(q.sections.len(), "section"),
        plural(q.questions().count(), "question"),
        plural(q.capacity_areas.len(), "capacity area")
    )
}
