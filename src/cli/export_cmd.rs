//! `hostplan export`: the signed work plan (PDF) and the configuration hand-over.

use super::companions::model;
use super::plan_cmd::{PlanInput, open, place_in_plan};
use super::{DEMO, catalog, counts, read_text, report};
use anyhow::{Context as _, Result, bail};
use clap::{Args, ValueEnum};
use hostplan::export::{self, Request, pdf::Paper, with_context};
use hostplan::plan::Completeness;
use hostplan::strings::Strings;
use std::path::{Path, PathBuf};

/// Write the PDF work plan and the configuration hand-over from a finished plan
#[derive(Args)]
pub struct ExportArgs {
    #[command(flatten)]
    input: PlanInput,
    /// Write the work plan for sign-off to FILE (a PDF)
    #[arg(long, value_name = "FILE")]
    pdf: Option<PathBuf>,
    /// Paper size of the PDF
    #[arg(long, value_enum, default_value_t = PaperArg::A4)]
    paper: PaperArg,
    /// Write the configuration hand-over into the folder DIR
    #[arg(long, value_name = "DIR")]
    config: Option<PathBuf>,
    /// Replace DIR if it already exists
    #[arg(long)]
    force: bool,
    /// Fill the secrets files with random values instead of placeholders
    #[arg(long)]
    generate_secrets: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum PaperArg {
    A4,
    Letter,
}

pub fn run(args: ExportArgs, dir: Option<&Path>) -> Result<bool> {
    if args.pdf.is_none() && args.config.is_none() {
        bail!("say what to write: --pdf FILE, --config DIR, or both");
    }
    let cat = catalog(dir).map_err(|p| {
        report(&p);
        anyhow::anyhow!("the questionnaires have {}", counts(&p))
    })?;
    let Some((plan, origin)) = open(&cat, &args.input, Completeness::Complete)? else {
        eprintln!(
            "answer every required question before exporting (`hostplan wizard` shows which)"
        );
        return Ok(false);
    };
    let q = cat
        .get(&plan.questionnaire)
        .context("questionnaire vanished")?;
    let model = match model(q, dir) {
        Ok(Some(m)) => m,
        Ok(None) => bail!(
            "the questionnaire `{}` has no decision data to export from",
            q.id
        ),
        Err(problems) => {
            report(&problems);
            bail!("the decision data has {}", counts(&problems));
        }
    };
    let now = export_time()?;
    let request = Request {
        pdf: args.pdf,
        paper: match args.paper {
            PaperArg::A4 => Paper::A4,
            PaperArg::Letter => Paper::Letter,
        },
        config_dir: args.config,
        force: args.force,
        generate_secrets: args.generate_secrets,
    };
    let mut done = with_context(&model, &plan, now, &origin, |ctx| {
        export::run(ctx, &request)
    });
    let text = match &args.input.plan {
        Some(path) => read_text(path)?,
        None => DEMO.1.to_string(),
    };
    place_in_plan(&mut done.problems, &text);
    report(&done.problems);
    for note in &done.notes {
        let s = Strings::builtin();
        println!("{}", s.fill("config.cmd.note", &[("note", note)]));
    }
    for path in &done.written {
        println!("wrote {}", path.display());
    }
    Ok(!done.failed())
}

/// Now, or SOURCE_DATE_EPOCH when set, so exports can be reproduced byte for byte.
pub fn export_time() -> Result<chrono::DateTime<chrono::Utc>> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(text) => {
            let seconds: i64 = text.trim().parse().with_context(|| {
                format!("SOURCE_DATE_EPOCH is `{text}`; it must be whole seconds since 1970")
            })?;
            chrono::DateTime::from_timestamp(seconds, 0)
                .with_context(|| format!("SOURCE_DATE_EPOCH {seconds} is out of range"))
        }
        Err(_) => Ok(chrono::Utc::now()),
    }
}
