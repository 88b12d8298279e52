//! The PDF work plan as people and PDF tools see it: valid for qpdf, every section and key
//! figure in the extracted text, nothing outside the margins and no overlapping words
//! (also for stress plans), reproducible bytes, metadata and an outline.

use crate::common;

use chrono::{DateTime, Utc};
use hostplan::analysis::Analysis;
use hostplan::analysis::summary::option_label;
use hostplan::base::diag::Source;
use hostplan::base::strings::Strings;
use hostplan::core::builtin::{Catalog, DEMO_PLAN, demo_origin};
use hostplan::core::model::{Companions, Model};
use hostplan::core::plan::{Completeness, Plan};
use hostplan::core::questionnaire::{self, Questionnaire};
use hostplan::core::sizing::SizingRules;
use hostplan::export::pdf::layout::{Geometry, MM};
use hostplan::export::pdf::{self, Paper, answers_hash};
use hostplan::export::{self, Context, Request};
use std::path::{Path, PathBuf};
use std::process::Command;

const EXAMPLES: [(&str, &str); 3] = [
    ("tier4", include_str!("plans/tier4.toml")),
    ("fully-local", include_str!("plans/fully-local.toml")),
    ("saas-leaning", include_str!("plans/saas-leaning.toml")),
];
const STRESS: &str = include_str!("plans/stress-long-names.toml");

/// 2026-09-21 14:13:20 UTC, as SOURCE_DATE_EPOCH would give it.
const EPOCH: i64 = 1_790_000_000;

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(EPOCH, 0).unwrap()
}

fn shipped() -> Questionnaire {
    Catalog::builtin().unwrap().get("primero").unwrap().clone()
}

fn model_of(q: Questionnaire, companions: &Companions) -> Model {
    Model::load(q, companions)
        .unwrap_or_else(|p| panic!("{p:#?}"))
        .0
}

fn plan_of(q: &Questionnaire, text: &str) -> Plan {
    Plan::parse(
        Source::new("plan.toml", text),
        |id| (id == q.id).then_some(q),
        Completeness::Complete,
    )
    .unwrap_or_else(|p| panic!("{p:#?}"))
    .0
}

/// A plan with the shipped model, ready to export.
struct Case {
    model: Model,
    plan: Plan,
}

impl Case {
    fn shipped(text: &str) -> Case {
        let q = shipped();
        let plan = plan_of(&q, text);
        Case {
            model: model_of(q, &Companions::builtin()),
            plan,
        }
    }

    fn analysis(&self) -> Analysis {
        Analysis::new(
            &self.model,
            &self.plan.answers,
            &SizingRules::builtin(),
            Strings::builtin(),
            now().date_naive(),
        )
    }

    fn render(&self, paper: Paper) -> Vec<u8> {
        export::with_context(&self.model, &self.plan, now(), "test plan", |ctx| {
            pdf::render(
                ctx,
                &pdf::Options {
                    paper,
                    ..Default::default()
                },
            )
            .unwrap_or_else(|e| panic!("{e}"))
        })
    }
}

/// Runs a PDF tool on the bytes and returns what it printed.
fn tool(program: &str, args: &[&str], pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new(program)
        .args(args)
        .arg(&path)
        .args(if program == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{program} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Extracted text with no-break spaces as spaces and runs of white space as one space.
fn flat(text: &str) -> String {
    text.replace('\u{a0}', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn strings() -> &'static Strings {
    Strings::builtin()
}

const SECTION_KEYS: [&str; 10] = [
    "pdf.heading.summary",
    "pdf.heading.options",
    "pdf.heading.costs",
    "pdf.heading.readiness",
    "pdf.heading.sizing",
    "pdf.heading.responsibilities",
    "pdf.heading.workplan",
    "pdf.heading.checklist",
    "pdf.heading.config",
    "pdf.heading.signoff",
];

#[test]
fn the_demo_export_passes_qpdf_check() {
    if !common::have_tool("qpdf") {
        return;
    }
    for text in [DEMO_PLAN, STRESS] {
        let pdf = Case::shipped(text).render(Paper::A4);
        let out = tool("qpdf", &["--check"], &pdf);
        assert!(out.contains("No syntax or stream encoding errors"), "{out}");
        assert!(pdf.len() < 300 * 1024, "{} bytes", pdf.len());
    }
}

#[test]
fn both_fonts_are_embedded_as_subsets() {
    let pdf = Case::shipped(DEMO_PLAN).render(Paper::A4);
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let mut names: Vec<String> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Type").and_then(|t| t.as_name()).ok() == Some(&b"FontDescriptor"[..]))
        .map(|d| {
            assert!(d.get(b"FontFile2").is_ok(), "the font program is embedded");
            String::from_utf8_lossy(d.get(b"FontName").unwrap().as_name().unwrap()).into_owned()
        })
        .collect();
    names.sort();
    assert_eq!(names, ["HPBOLD+NotoSans-Bold", "HPREGU+NotoSans-Regular"]);
}

#[test]
fn the_demo_text_has_every_section_and_key_figure() {
    if !common::have_tool("pdftotext") {
        return;
    }
    let case = Case::shipped(DEMO_PLAN);
    let pdf = case.render(Paper::A4);
    // From page 2: the cover lists the headings too.
    let layout = flat(&tool("pdftotext", &["-layout", "-f", "2"], &pdf));
    for (i, key) in SECTION_KEYS.iter().enumerate() {
        let heading = format!("{} {}", i + 1, strings().get(key));
        assert!(layout.contains(&heading), "no heading `{heading}`");
    }
    // Table cells wrap; raw order keeps each cell's lines together.
    let raw = flat(&tool("pdftotext", &["-raw"], &pdf));
    // 150,000 records at the end of the first year grow 12% a year for the three years
    // left of the four: 210,739 at the end, on a 1,150 GB disk with a 1,550 GB backup target.
    for figure in [
        "150,000",
        "210,739",
        "8 GB",
        "1,150 GB",
        "1,550 GB",
        "Ubuntu Server 26.04 LTS",
        "Hybrid-local (Tier 4)",
        "Kalmaria National Data Centre (KNDC)",
        "Joaquín Mbeki-Laurent",
        "Søren Abiodun-Vásquez",
        "Hélène Tshabalala-Ortiz",
        "Amélie Nkosi-Durán",
        "25 June 2027",
        "cpims.mosw.gov.kl",
        "SMTP_STARTTLS_AUTO",
    ] {
        assert!(raw.contains(figure), "no `{figure}`");
    }
    for party in &case.model.matrix.parties {
        assert!(raw.contains(&party.name), "no party `{}`", party.name);
    }
    let hash = answers_hash(&case.plan);
    assert!(
        layout.contains(&format!("answers {hash}")),
        "no hash {hash}"
    );
    every_checklist_title(&case, &pdf);
}

/// Titles may wrap inside their table cell; raw order keeps a cell's lines together.
fn every_checklist_title(case: &Case, pdf: &[u8]) {
    let raw = flat(&tool("pdftotext", &["-raw"], pdf));
    for list in case.model.checklists.lists() {
        assert!(raw.contains(&list.title), "no list `{}`", list.title);
        for item in &list.items {
            assert!(raw.contains(&item.title), "no item `{}`", item.title);
        }
    }
}

/// The cost of ownership follows the options compared: its title, each option's total as
/// the table prints it, and the chart's axis, years and legend.
#[test]
fn the_demo_compares_the_cost_of_each_option_after_the_options() {
    if !common::have_tool("pdftotext") {
        return;
    }
    let case = Case::shipped(DEMO_PLAN);
    let costs = case
        .analysis()
        .costs
        .expect("the shipped model prices the options");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.pdf");
    std::fs::write(&path, case.render(Paper::A4)).unwrap();
    // The cover lists the headings too: the sections are where they stand last.
    let body = flat(&common::pdf_text(&path));
    let title = format!("3 {}", strings().get("pdf.heading.costs"));
    let options_at = body.rfind(&format!("2 {}", strings().get("pdf.heading.options")));
    let costs_at = body.rfind(&title).unwrap_or_else(|| panic!("no `{title}`"));
    let readiness_at = body.rfind(&format!("4 {}", strings().get("pdf.heading.readiness")));
    let (Some(options_at), Some(readiness_at)) = (options_at, readiness_at) else {
        panic!("no options or readiness section");
    };
    assert!(options_at < costs_at && costs_at < readiness_at);
    let section = &body[costs_at..readiness_at];
    for o in &costs.options {
        let total = hostplan::base::formats::group_thousands(o.total);
        assert!(total.contains(','), "{total} is grouped");
        assert!(section.contains(&total), "no total {total}");
        let name = option_label(&case.model.questionnaire, o.option);
        assert!(section.contains(&name), "no `{name}` in the legend");
    }
    for label in [
        strings().get("pdf.costs.chart").to_string(),
        strings().get("pdf.chart.start").to_string(),
        format!("Year {}", costs.years),
        costs.currency.clone(),
        strings().get("pdf.costs.per_user").to_string(),
        strings().get("pdf.costs.per_records").to_string(),
    ] {
        assert!(section.contains(&label), "no `{label}`");
    }
    // The ruled-out option says why.
    let saas = &costs.options[0];
    assert!(!saas.ruled_out.is_empty());
    assert!(section.contains(&saas.ruled_out[0]), "no reason");
    assert!(section.contains("30% off"), "no sensitivity");
}

#[test]
fn the_example_plans_show_their_option_sections_and_checklists() {
    if !common::have_tool("pdftotext") {
        return;
    }
    for (name, text) in EXAMPLES {
        let case = Case::shipped(text);
        let analysis = case.analysis();
        let pdf = case.render(Paper::A4);
        let layout = flat(&tool("pdftotext", &["-layout", "-f", "2"], &pdf));
        let option = option_label(&case.model.questionnaire, analysis.option);
        assert!(layout.contains(&option), "{name}: no option `{option}`");
        for key in SECTION_KEYS {
            assert!(layout.contains(strings().get(key)), "{name}: no {key}");
        }
        match &analysis.sizing {
            Some(s) => {
                let ram = format!("{} GB", s.app_server.ram_gb);
                assert!(layout.contains(&ram), "{name}: no {ram}");
            }
            None => assert!(layout.contains(strings().get("pdf.sizing.saas")), "{name}"),
        }
        every_checklist_title(&case, &pdf);
    }
}

#[test]
fn the_cover_lists_each_section_with_its_page() {
    if !common::have_tool("pdftotext") {
        return;
    }
    let pdf = Case::shipped(DEMO_PLAN).render(Paper::A4);
    let text = tool("pdftotext", &["-layout"], &pdf);
    let pages: Vec<&str> = text.split('\u{c}').collect();
    for (i, key) in SECTION_KEYS.iter().enumerate() {
        let heading = format!("{} {}", i + 1, strings().get(key));
        let listed = pages[0]
            .lines()
            .map(flat)
            .find(|l| l.starts_with(&heading))
            .unwrap_or_else(|| panic!("the cover does not list `{heading}`"));
        let page: usize = listed.rsplit(' ').next().unwrap().parse().unwrap();
        let found = pages
            .iter()
            .skip(1)
            .position(|p| p.lines().any(|l| flat(l) == heading))
            .map(|n| n + 2);
        assert_eq!(found, Some(page), "`{heading}`");
    }
}

#[test]
fn the_executive_summary_takes_five_to_eight_lines() {
    if !common::have_tool("pdftotext") {
        return;
    }
    for text in [DEMO_PLAN, EXAMPLES[1].1, EXAMPLES[2].1] {
        let pdf = Case::shipped(text).render(Paper::A4);
        let out = tool("pdftotext", &["-layout", "-f", "2"], &pdf);
        let lines: Vec<&str> = out
            .lines()
            .skip_while(|l| !l.contains(strings().get("pdf.heading.summary")))
            .skip(1)
            .take_while(|l| !l.contains(strings().get("pdf.heading.options")))
            .filter(|l| !l.trim().is_empty())
            .collect();
        assert!((5..=8).contains(&lines.len()), "{lines:#?}");
    }
}

#[test]
fn answers_to_questions_not_asked_are_not_printed() {
    if !common::have_tool("pdftotext") {
        return;
    }
    // The demo keeps attachments on the server's disk, so no storage container is asked.
    let text = DEMO_PLAN.replace(
        "[answers]\n",
        "[answers]\nstorage_container = \"left-over-container-name\"\n",
    );
    let case = Case::shipped(&text);
    assert!(case.plan.answers.contains_key("storage_container"));
    let raw = flat(&tool("pdftotext", &["-raw"], &case.render(Paper::A4)));
    assert!(raw.contains("cpims.mosw.gov.kl"));
    assert!(!raw.contains("left-over-container-name"));
}

#[test]
fn accented_names_come_out_as_written() {
    if !common::have_tool("pdftotext") {
        return;
    }
    let pdf = Case::shipped(STRESS).render(Paper::A4);
    let text = flat(&tool("pdftotext", &["-raw"], &pdf));
    for name in [
        "Françoise-Hélène Abiodun-Vásquez de la Cruz Nakamura-Østergård",
        "João Baptista Gonçalves Tshabalala-Ortiz Ängström",
        "Maria da Conceição Gonçalves-Ñúñez",
        "José Ángel Fernández-Villaseñor Muñoz",
        "République démocratique de São Tomé-et-Príncipe",
    ] {
        assert!(text.contains(name), "no `{name}`");
    }
}

/// A word and its box, from `pdftotext -bbox`.
#[derive(Debug)]
struct Word {
    text: String,
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
}

fn attr(line: &str, name: &str) -> f32 {
    let start = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
    let end = start + line[start..].find('"').unwrap();
    line[start..end].parse().unwrap()
}

/// Pages as (width, height, words).
fn boxes(pdf: &[u8]) -> Vec<(f32, f32, Vec<Word>)> {
    let html = tool("pdftotext", &["-bbox"], pdf);
    let mut pages = Vec::new();
    for line in html.lines().map(str::trim) {
        if line.starts_with("<page ") {
            pages.push((attr(line, "width"), attr(line, "height"), Vec::new()));
        } else if line.starts_with("<word ") {
            let text =
                line[line.find('>').unwrap() + 1..line.rfind("</word>").unwrap()].to_string();
            let word = Word {
                text,
                x0: attr(line, "xMin"),
                y0: attr(line, "yMin"),
                x1: attr(line, "xMax"),
                y1: attr(line, "yMax"),
            };
            pages.last_mut().unwrap().2.push(word);
        }
    }
    pages
}

/// Every word inside the margins (left and right as laid out, 10 mm top and bottom) and
/// no two words overlapping.
fn assert_clean_layout(name: &str, pdf: &[u8], paper: Paper) {
    let geo = Geometry::for_paper(paper);
    let slack = 0.5;
    let pages = boxes(pdf);
    assert!(pages.len() > 5, "{name}: {} pages", pages.len());
    for (n, (width, height, words)) in pages.iter().enumerate() {
        assert!((width - geo.width).abs() < 1.0 && (height - geo.height).abs() < 1.0);
        for w in words {
            let inside = w.x0 >= geo.margin - slack
                && w.x1 <= width - geo.margin + slack
                && w.y0 >= 10.0 * MM
                && w.y1 <= height - 10.0 * MM;
            assert!(
                inside,
                "{name}, page {}: `{}` is outside the margins: {w:?}",
                n + 1,
                w.text
            );
        }
        for (i, a) in words.iter().enumerate() {
            for b in &words[i + 1..] {
                let apart = a.x1 <= b.x0 + slack
                    || b.x1 <= a.x0 + slack
                    || a.y1 <= b.y0 + slack
                    || b.y1 <= a.y0 + slack;
                assert!(
                    apart,
                    "{name}, page {}: `{}` overlaps `{}`: {a:?} {b:?}",
                    n + 1,
                    a.text,
                    b.text
                );
            }
        }
    }
}

#[test]
fn demo_and_examples_stay_in_the_margins_without_overlaps() {
    if !common::have_tool("pdftotext") {
        return;
    }
    for paper in [Paper::A4, Paper::Letter] {
        let pdf = Case::shipped(DEMO_PLAN).render(paper);
        assert_clean_layout(&format!("demo {paper:?}"), &pdf, paper);
    }
    for (name, text) in EXAMPLES {
        let pdf = Case::shipped(text).render(Paper::A4);
        assert_clean_layout(name, &pdf, Paper::A4);
    }
}

#[test]
fn long_names_in_every_field_stay_in_the_margins_without_overlaps() {
    if !common::have_tool("pdftotext") {
        return;
    }
    let case = Case::shipped(STRESS);
    assert_eq!(
        case.plan.answers["programme_name"]
            .to_plain()
            .chars()
            .count(),
        200
    );
    for paper in [Paper::A4, Paper::Letter] {
        assert_clean_layout("stress", &case.render(paper), paper);
    }
}

/// The shipped questionnaire and decision data with 42 more capacity areas, so that a
/// plan can have 60 gaps.
fn sixty_gap_case() -> Case {
    let extra = 42;
    let mut q_text = hostplan::core::builtin::QUESTIONNAIRES[0].1.to_string();
    let mut decision = Companions::builtin().decision.1;
    let mut workplan = Companions::builtin().workplan.1;
    let mut answers = String::new();
    for i in 1..=extra {
        workplan.push_str(&format!(
            "\n[[gaps.areas]]\narea = \"extra_{i}\"\nafter = [\"kickoff\"]\n"
        ));
        q_text.push_str(&format!(
            "\n[[capacity_areas]]\nid = \"extra_{i}\"\ntitle = \"Extra capacity area number {i} with a rather long title\"\n"
        ));
        decision.push_str(&format!(
            "\n[[mitigations]]\narea = \"extra_{i}\"\n\
             gap = {{ kind = \"hire\", owner = \"local_it\", text = \"Hire and train staff for extra area {i}, then document the procedure and rehearse it before go-live.\" }}\n\
             partly = {{ kind = \"train\", owner = \"local_it\", text = \"Train staff for extra area {i}.\" }}\n"
        ));
        answers.push_str(&format!("cap_extra_{i} = \"no\"\n"));
    }
    q_text.push_str("\n[[sections]]\nid = \"extra\"\ntitle = \"Extra capacity\"\nintro = \"More capacity questions for testing.\"\n");
    for i in 1..=extra {
        q_text.push_str(&format!(
            "\n[[sections.questions]]\nid = \"cap_extra_{i}\"\nkind = \"yes_partly_no\"\n\
             prompt = \"Is extra capacity area {i} covered?\"\n\
             help = \"A made-up capacity area that only exists to test long lists of gaps.\"\n\
             capacity = \"extra_{i}\"\n"
        ));
    }
    let q = questionnaire::parse(Source::new("extended.toml", &q_text))
        .unwrap_or_else(|p| panic!("{p:#?}"))
        .0;
    let plan = plan_of(&q, &format!("{STRESS}{answers}"));
    let mut companions = Companions::builtin();
    companions.decision.1 = decision;
    companions.workplan.1 = workplan;
    Case {
        model: model_of(q, &companions),
        plan,
    }
}

#[test]
fn sixty_gaps_fill_pages_cleanly_and_every_gap_is_listed() {
    if !common::have_tool("pdftotext") {
        return;
    }
    let case = sixty_gap_case();
    let gaps = case.analysis().decision.gaps().count();
    assert_eq!(gaps, 60);
    let pdf = case.render(Paper::A4);
    assert_clean_layout("sixty gaps", &pdf, Paper::A4);
    let raw = flat(&tool("pdftotext", &["-raw"], &pdf));
    for i in 1..=42 {
        let title = format!("Extra capacity area number {i} with a rather long title");
        assert!(raw.contains(&title), "no `{title}`");
    }
    // The gap table spans pages, and its header row is repeated on each.
    let header = strings().get("pdf.readiness.column.mitigation");
    let pages_with_header = boxes(&pdf)
        .iter()
        .filter(|(_, _, words)| {
            let line: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
            line.join(" ").contains(header)
        })
        .count();
    assert!(pages_with_header >= 3, "{pages_with_header}");
}

#[test]
fn the_same_plan_and_time_give_the_same_bytes() {
    let case = Case::shipped(DEMO_PLAN);
    let one = case.render(Paper::A4);
    let two = case.render(Paper::A4);
    assert!(one == two, "two renders differ");
    assert!(one.starts_with(b"%PDF-"));
    let letter = case.render(Paper::Letter);
    assert!(letter != one);
}

#[test]
fn the_answers_hash_follows_the_answers_only() {
    let case = Case::shipped(DEMO_PLAN);
    let hash = answers_hash(&case.plan);
    assert_eq!(hash.len(), 8);
    assert!(hash.chars().all(|c| c.is_ascii_hexdigit()));
    let mut later = case.plan.clone();
    later.updated = Some(now());
    assert_eq!(answers_hash(&later), hash, "timestamps do not count");
    let mut changed = case.plan.clone();
    changed.answers.insert(
        "country".into(),
        hostplan::core::answer::Answer::Text("Kalmarie".into()),
    );
    assert_ne!(answers_hash(&changed), hash);
}

#[test]
fn metadata_and_outline_describe_the_document() {
    let case = Case::shipped(DEMO_PLAN);
    let doc = lopdf::Document::load_mem(&case.render(Paper::A4)).unwrap();
    let info_id = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let info = doc.get_dictionary(info_id).unwrap();
    let text = |key: &[u8]| -> String {
        let bytes = info.get(key).unwrap().as_str().unwrap();
        decode_text(bytes)
    };
    assert!(text(b"Title").starts_with("Kalmaria CPIMS+ national rollout"));
    assert!(text(b"Author").starts_with("Amélie Nkosi-Durán"));
    assert!(text(b"Subject").contains("Kalmaria"));
    assert!(text(b"Keywords").contains("Primero"));
    assert!(text(b"CreationDate").starts_with("D:20260921141320"));
    assert!(info.get(b"GTS_PDFXVersion").is_err(), "no PDF/X claim");

    let catalog = doc.catalog().unwrap();
    let outlines = catalog.get(b"Outlines").unwrap().as_reference().unwrap();
    let mut titles = Vec::new();
    let mut at = doc
        .get_dictionary(outlines)
        .unwrap()
        .get(b"First")
        .unwrap()
        .as_reference()
        .ok();
    while let Some(id) = at {
        let entry = doc.get_dictionary(id).unwrap();
        titles.push(decode_text(entry.get(b"Title").unwrap().as_str().unwrap()));
        at = entry.get(b"Next").and_then(|n| n.as_reference()).ok();
    }
    let expected: Vec<String> = SECTION_KEYS
        .iter()
        .enumerate()
        .map(|(i, k)| format!("{}  {}", i + 1, strings().get(k)))
        .collect();
    assert_eq!(titles, expected);
}

/// A PDF text string: UTF-16 with a byte-order mark, or single bytes.
fn decode_text(bytes: &[u8]) -> String {
    match bytes.strip_prefix(&[0xfe, 0xff]) {
        Some(rest) => {
            let units: Vec<u16> = rest
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c.get(1).copied().unwrap_or(0)]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        None => bytes.iter().map(|b| char::from(*b)).collect(),
    }
}

#[test]
fn export_writes_atomically_and_reports_unwritable_paths() {
    let case = Case::shipped(DEMO_PLAN);
    export::with_context(&case.model, &case.plan, now(), demo_origin(), |ctx| {
        writes_atomically_and_reports_unwritable_paths(ctx)
    });
}

fn writes_atomically_and_reports_unwritable_paths(ctx: &Context) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.pdf");
    let request = |p: &Path| Request {
        pdf: Some(p.to_path_buf()),
        ..Request::default()
    };
    let done = export::run(ctx, &request(&path));
    assert!(!done.failed(), "{:?}", done.problems);
    assert_eq!(done.written, vec![path.clone()]);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        pdf::render(ctx, &pdf::Options::default()).unwrap()
    );
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "no temporary file is left behind");

    let missing = dir.path().join("no-such-folder").join("plan.pdf");
    let failed = export::run(ctx, &request(&missing));
    assert!(failed.failed() && failed.written.is_empty());
    let problem = &failed.problems[0];
    assert_eq!(problem.origin, missing.display().to_string());
    assert!(
        problem.message().contains("could not be written"),
        "{problem}"
    );
    assert!(!missing.exists());
}

#[test]
fn the_command_writes_identical_files_with_source_date_epoch() {
    let dir = tempfile::tempdir().unwrap();
    let run = |name: &str| {
        let out = crate::common::bin()
            .args(["export", "--demo", "--pdf", name])
            .env("SOURCE_DATE_EPOCH", EPOCH.to_string())
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains(&format!("wrote {name}")));
        std::fs::read(dir.path().join(name)).unwrap()
    };
    let first = run("one.pdf");
    assert_eq!(first, run("two.pdf"));
    let letter = crate::common::bin()
        .args([
            "export",
            "--demo",
            "--pdf",
            "letter.pdf",
            "--paper",
            "letter",
        ])
        .env("SOURCE_DATE_EPOCH", EPOCH.to_string())
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(letter.status.success());
    let doc = lopdf::Document::load(dir.path().join("letter.pdf")).unwrap();
    let page = *doc.get_pages().values().next().unwrap();
    let media = doc.get_dictionary(page).unwrap().get(b"MediaBox").unwrap();
    let size: Vec<f32> = media
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_float().unwrap())
        .collect();
    assert_eq!(size[2..], [612.0, 792.0]);
}

/// Month names as the document writes them: in full ("16 February 2027") and short, on
/// the chart's axis ("Feb 2027").
fn month_names() -> (Vec<String>, Vec<String>) {
    use hostplan::base::formats::{human_date, month_and_year};
    let mut full = Vec::new();
    let mut short = Vec::new();
    for m in 1..=12 {
        let d = chrono::NaiveDate::from_ymd_opt(2027, m, 1).unwrap();
        full.push(human_date(d).split(' ').nth(1).unwrap().to_string());
        short.push(month_and_year(d).split(' ').next().unwrap().to_string());
    }
    (full, short)
}

/// The words of each printed line, left to right: words of a page whose tops are level.
fn printed_lines(pages: &[(f32, f32, Vec<Word>)]) -> Vec<(usize, Vec<String>)> {
    let mut out = Vec::new();
    for (n, (_, _, words)) in pages.iter().enumerate() {
        let mut lines: Vec<(f32, Vec<&Word>)> = Vec::new();
        for w in words {
            match lines.iter_mut().find(|(y, _)| (y - w.y0).abs() < 0.5) {
                Some((_, line)) => line.push(w),
                None => lines.push((w.y0, vec![w])),
            }
        }
        for (_, mut line) in lines {
            line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            let tokens = line
                .iter()
                .flat_map(|w| w.text.split('\u{a0}'))
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect();
            out.push((n + 1, tokens));
        }
    }
    out
}

/// A year as printed, with the punctuation that may follow it.
fn is_year(token: &str) -> bool {
    let digits = token.trim_end_matches(|c: char| !c.is_ascii_digit());
    digits.len() == 4 && digits.chars().all(|c| c.is_ascii_digit())
}

fn is_day(token: &str) -> bool {
    token.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d))
}

/// Dates cut across lines, as "page: words of the line"; and how many whole dates there
/// are. A month name counts as part of a date when a day comes before it or a number
/// after it (so "May be" in a sentence is not one); a day followed by the start of a
/// month name is a date cut inside that name.
fn split_dates(pdf: &[u8]) -> (Vec<String>, usize) {
    let (full, short) = month_names();
    let mut broken = Vec::new();
    let mut whole = 0;
    for (page, t) in printed_lines(&boxes(pdf)) {
        for i in 0..t.len() {
            let day_before = i > 0 && is_day(&t[i - 1]);
            let next = t.get(i + 1).map(String::as_str).unwrap_or("");
            let number_after = next.starts_with(|c: char| c.is_ascii_digit());
            // "May 2027" on the chart's axis is the short form, though "May" is also a full name.
            let ok = if short.contains(&t[i]) && number_after {
                is_year(next)
            } else if full.contains(&t[i]) && (day_before || number_after) {
                day_before && is_year(next)
            } else if is_day(&t[i]) {
                let cut = full
                    .iter()
                    .any(|m| next.len() >= 2 && m.starts_with(next) && *m != next);
                !cut
            } else {
                continue;
            };
            if ok {
                whole += usize::from(!is_day(&t[i]));
            } else {
                broken.push(format!("page {page}: {}", t.join(" ")));
            }
        }
    }
    (broken, whole)
}

#[test]
fn no_date_is_split_across_lines() {
    if !common::have_tool("pdftotext") {
        return;
    }
    for (name, text) in [("demo", DEMO_PLAN), ("stress", STRESS)] {
        for paper in [Paper::A4, Paper::Letter] {
            let pdf = Case::shipped(text).render(paper);
            let (broken, whole) = split_dates(&pdf);
            assert!(
                broken.is_empty(),
                "{name} {paper:?}: dates split across lines:\n{}",
                broken.join("\n")
            );
            // Every task has two dates: a test that finds few has stopped looking.
            assert!(whole > 100, "{name} {paper:?}: only {whole} dates found");
        }
    }
}

/// The text of each page, as `pdftotext` lays it out, white space made single.
fn page_texts(pdf: &[u8]) -> Vec<String> {
    tool("pdftotext", &["-layout"], pdf)
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .map(flat)
        .collect()
}

impl Case {
    fn render_saved(&self, saved: Option<DateTime<Utc>>) -> Vec<u8> {
        export::with_saved_context(&self.model, &self.plan, saved, now(), "plan.toml", |ctx| {
            pdf::render(ctx, &pdf::Options::default()).unwrap_or_else(|e| panic!("{e}"))
        })
    }
}

#[test]
fn a_plan_without_timestamps_says_so_or_gives_its_file_date() {
    if !common::have_tool("pdftotext") {
        return;
    }
    let text: String = DEMO_PLAN
        .lines()
        .filter(|l| !l.starts_with("created") && !l.starts_with("updated"))
        .map(|l| format!("{l}\n"))
        .collect();
    let case = Case::shipped(&text);
    assert!(case.plan.created.is_none() && case.plan.updated.is_none());
    let hash = answers_hash(&case.plan);
    let s = strings();

    let pages = page_texts(&case.render_saved(None));
    let unrecorded = s.fill(
        "pdf.running.version",
        &[("when", s.get("pdf.version.not_recorded")), ("hash", &hash)],
    );
    for (n, page) in pages.iter().enumerate().skip(1) {
        assert!(page.contains(&unrecorded), "page {}: {page}", n + 1);
    }
    let all = pages.join(" ");
    assert!(!all.contains("Plan version ,"), "an empty time is printed");
    let sign_off = flat(&s.fill(
        "pdf.signoff.intro_no_time",
        &[("option", "Hybrid-local (Tier 4)"), ("hash", &hash)],
    ));
    assert!(all.contains(&sign_off), "no `{sign_off}`");

    // 3 March 2026 10:05 UTC, when the file was last written.
    let saved = DateTime::from_timestamp(1_772_532_300, 0).unwrap();
    let pages = page_texts(&case.render_saved(Some(saved)));
    let dated = flat(&s.fill(
        "pdf.running.version",
        &[
            (
                "when",
                &s.fill(
                    "pdf.version.file_time",
                    &[("when", "3 March 2026 10:05 UTC")],
                ),
            ),
            ("hash", &hash),
        ],
    ));
    for (n, page) in pages.iter().enumerate().skip(1) {
        assert!(page.contains(&dated), "page {}: {page}", n + 1);
    }
    assert!(
        pages
            .last()
            .unwrap()
            .contains("3 March 2026 10:05 UTC (file date)")
    );

    // The plan's own stamp wins over the file's time.
    let stamped = Case::shipped(DEMO_PLAN).render_saved(Some(saved));
    let first = &page_texts(&stamped)[1];
    assert!(
        first.contains("Plan version 19 October 2026 14:12 UTC, answers"),
        "{first}"
    );
}

const RULED_OUT: &str = include_str!("plans/ruled-out/residency-law-commits-saas.toml");

/// Fails unless every page carries `mark`.
fn marked_on_every_page(pages: &[String], mark: &str) {
    for (n, page) in pages.iter().enumerate() {
        assert!(
            page.contains(mark),
            "page {} has no `{mark}`: {page}",
            n + 1
        );
    }
}

/// The draft mark as the running band prints it, for these short reasons.
fn draft_mark(shorts: &[&str]) -> String {
    flat(&strings().fill("pdf.draft.mark", &[("reasons", &shorts.join("; "))]))
}

#[test]
fn a_plan_committed_to_an_option_it_rules_out_is_a_draft_on_every_page() {
    if !common::have_tool("pdftotext") {
        return;
    }
    let case = Case::shipped(RULED_OUT);
    let analysis = case.analysis();
    assert!(!analysis.ruled_out.is_empty());
    let s = strings();
    let option = option_label(&case.model.questionnaire, analysis.option);
    let reasons = export::with_context(&case.model, &case.plan, now(), "plan", |ctx| {
        pdf::draft_reasons(ctx)
    });
    assert_eq!(reasons.len(), analysis.ruled_out.len());
    assert!(reasons.iter().all(|r| r.signatory.is_none()));

    let pages = page_texts(&case.render(Paper::A4));
    let short = s.fill("pdf.draft.ruled_out_short", &[("option", &option)]);
    let mark = draft_mark(&[&short]);
    marked_on_every_page(&pages, &mark);
    let sign_off = pages.last().unwrap();
    assert!(sign_off.contains(&flat(s.get("pdf.draft.signoff"))));
    for rule in &analysis.ruled_out {
        let text = flat(&s.fill(
            "common.ruled_out.line",
            &[("option", &option), ("reason", &rule.text)],
        ));
        assert!(sign_off.contains(&text), "no `{text}` in {sign_off}");
    }
    assert!(!sign_off.contains(&flat(s.get("pdf.draft.block"))));
}

#[test]
fn a_signatory_to_be_confirmed_makes_a_draft_and_marks_that_block() {
    if !common::have_tool("pdftotext") {
        return;
    }
    // Through the command, from a plan file as a team would write it.
    let dir = tempfile::tempdir().unwrap();
    let plan = demo_variant(dir.path(), |l| {
        Some(if l.starts_with("tou_signatory_name =") {
            "tou_signatory_name = \"Deputy Representative (to be confirmed)\"".into()
        } else {
            l.to_string()
        })
    });
    let pdf = exported_pdf(&plan);
    let pages = page_texts(&pdf);
    let s = strings();
    let mark = draft_mark(&[s.get("pdf.draft.tou_short")]);
    marked_on_every_page(&pages, &mark);
    let sign_off = pages.last().unwrap();
    let reason = flat(&s.fill(
        "pdf.draft.tou",
        &[("answer", "Deputy Representative (to be confirmed)")],
    ));
    assert!(sign_off.contains(&reason), "no `{reason}` in {sign_off}");
    // Only the Terms of Use block is marked: the mark follows its heading, before the
    // partner's block.
    let block = flat(s.get("pdf.draft.block"));
    assert_eq!(sign_off.matches(&block).count(), 1, "{sign_off}");
    let tou = sign_off.find("Terms of Use, signed as").unwrap();
    let partner = sign_off.find("For the implementing partner").unwrap();
    let at = sign_off.find(&block).unwrap();
    assert!(tou < at && at < partner, "{sign_off}");
}

/// A choice against the recommendation with no reason given is a draft until the reason
/// is written down; with the reason, the same choice is ready for signature.
#[test]
fn a_choice_against_the_recommendation_without_a_reason_is_a_draft() {
    if !common::have_tool("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let plan = demo_variant(dir.path(), |l| {
        if l.starts_with("choice_rationale =") {
            return None;
        }
        Some(match l.starts_with("chosen_option =") {
            true => "chosen_option = \"local\"".into(),
            false => l.to_string(),
        })
    });
    let pages = page_texts(&exported_pdf(&plan));
    let s = strings();
    let mark = draft_mark(&[s.get("pdf.draft.unexplained_short")]);
    marked_on_every_page(&pages, &mark);
    let sign_off = pages.last().unwrap();
    let line = flat(&s.fill(
        "common.unexplained.line",
        &[
            ("option", "Fully local"),
            ("recommended", "Hybrid-local (Tier 4)"),
        ],
    ));
    assert!(sign_off.contains(&line), "no `{line}` in {sign_off}");
    // The summary does not point to a reason that is not there.
    let summary = flat(&s.fill(
        "pdf.summary.override_unexplained",
        &[("recommended", "Hybrid-local (Tier 4)")],
    ));
    assert!(pages[1].contains(&summary), "{}", pages[1]);
    assert!(
        !pages[1].contains("explains why in section 2"),
        "{}",
        pages[1]
    );

    let explained = demo_variant(dir.path(), |l| {
        Some(match l {
            l if l.starts_with("chosen_option =") => "chosen_option = \"local\"".into(),
            l if l.starts_with("choice_rationale =") => {
                "choice_rationale = \"The ministry will not use a UNICEF demo site.\"".into()
            }
            l => l.to_string(),
        })
    });
    let pages = page_texts(&exported_pdf(&explained));
    assert!(!pages[0].contains("DRAFT"), "{}", pages[0]);
}

#[test]
fn a_plan_ready_for_signature_carries_no_draft_mark() {
    if !common::have_tool("pdftotext") {
        return;
    }
    // (The stress plan is a draft: it commits to running everything alone with no team.)
    for (name, text) in [("demo", DEMO_PLAN)].into_iter().chain(EXAMPLES) {
        let case = Case::shipped(text);
        assert!(case.analysis().ruled_out.is_empty(), "{name}");
        let all = page_texts(&case.render(Paper::A4)).join(" ");
        assert!(!all.contains("DRAFT"), "{name} is marked as a draft");
    }
}

/// The text of section 8 alone, in raw order (a cell's lines stay together).
fn section_text(pdf: &[u8], from: &str, to: &str) -> String {
    let raw = flat(&tool("pdftotext", &["-raw", "-f", "2"], pdf));
    let start = raw.find(from).unwrap_or_else(|| panic!("no `{from}`"));
    let end = raw[start..].find(to).map_or(raw.len(), |n| start + n);
    raw[start..end].to_string()
}

/// A section's heading as printed, numbered by its place in the document.
fn heading_of(key: &str) -> String {
    let number = SECTION_KEYS.iter().position(|k| *k == key).unwrap() + 1;
    format!("{number} {}", strings().get(key))
}

#[test]
fn protocols_connections_and_mail_delivery_are_shown_from_the_answers() {
    if !common::have_tool("pdftotext") {
        return;
    }
    let case = Case::shipped(DEMO_PLAN);
    let analysis = case.analysis();
    let pdf = case.render(Paper::A4);
    let s = strings();
    let date = |id: &str| {
        let end = analysis.work_plan.task(id).unwrap().end;
        hostplan::base::formats::human_date(end)
    };
    // Section 7: the protocols, where each stands and the task that gets it signed.
    let checklists = section_text(
        &pdf,
        &heading_of("pdf.heading.checklist"),
        &heading_of("pdf.heading.config"),
    );
    for expected in [
        format!(
            "{} {} Being drafted",
            s.get("pdf.protocols.isp"),
            s.get("pdf.protocols.isp_what")
        ),
        format!(
            "{} {} Not started",
            s.get("pdf.protocols.breach"),
            s.get("pdf.protocols.breach_what")
        ),
        format!("Protocol, ending {}", date("information_sharing")),
        format!(
            "Adopt the Data Breach Protocol, ending {}",
            date("breach_protocol")
        ),
    ] {
        assert!(checklists.contains(&expected), "no `{expected}`");
    }
    // Section 4: the connections and what they mean for this Tier 4 plan.
    let sizing = section_text(
        &pdf,
        &heading_of("pdf.heading.sizing"),
        &heading_of("pdf.heading.responsibilities"),
    );
    for expected in [
        format!("{} Intermittent", s.get("pdf.connectivity.field.internet")),
        format!("{} 8 Mbit/s", s.get("pdf.connectivity.field.bandwidth")),
        format!("{} Partly", s.get("pdf.connectivity.field.offline")),
        "Desktop computers; Laptops; Tablets".to_string(),
        flat(s.get("pdf.connectivity.offline_partly")),
        flat(s.get("pdf.connectivity.unreliable_local")),
        flat(s.get("pdf.connectivity.mobile_managed")),
        // 4 MB at 8 Mbit/s: 32 megabits, 4 seconds.
        flat(&s.fill(
            "pdf.connectivity.bandwidth",
            &[("speed", "8"), ("mb", "4"), ("time", "4 seconds")],
        )),
    ] {
        assert!(sizing.contains(&expected), "no `{expected}` in {sizing}");
    }
    // Section 8: the fixed mail setting and the systems OpenFn connects.
    let config = section_text(
        &pdf,
        &heading_of("pdf.heading.config"),
        &heading_of("pdf.heading.signoff"),
    );
    for expected in [
        format!(
            "{} smtp {} MAILER_DELIVERY_METHOD",
            s.get("pdf.config.field.mailer_delivery_method"),
            flat(s.get("pdf.config.fixed.mailer_delivery_method"))
        ),
        format!(
            "{} Civil registration system to Primero (birth records); Primero to the national health referral system (referrals)",
            s.get("pdf.config.field.openfn_systems")
        ),
    ] {
        assert!(config.contains(&expected), "no `{expected}` in {config}");
    }
}

#[test]
fn under_saas_the_hand_over_gives_the_openfn_settings_and_projects() {
    if !common::have_tool("pdftotext") {
        return;
    }
    let case = Case::shipped(include_str!("plans/advice/saas-ngo-consortium.toml"));
    assert_eq!(case.analysis().option.id(), "saas");
    let pdf = case.render(Paper::A4);
    let s = strings();
    let config = section_text(
        &pdf,
        &heading_of("pdf.heading.config"),
        &heading_of("pdf.heading.signoff"),
    );
    let field = |id: &str| s.get(&format!("pdf.config.field.{id}")).to_string();
    for expected in [
        flat(s.get("pdf.config.saas_openfn")),
        format!("{} OpenFn's hosted service", field("openfn_hosting")),
        format!(
            "{} Consortium referral tracker to Primero (new referrals)",
            field("openfn_systems")
        ),
        format!("{} Basic HTTP authentication", field("openfn_webhook_auth")),
        format!(
            "{} Keep data only for failed runs",
            field("openfn_retention")
        ),
        format!("{} 14 days", field("openfn_history_days")),
        format!(
            "{} integrations@handsforchildren.example.org",
            field("openfn_admin_email")
        ),
        format!("{} Yes", field("openfn_mfa_required")),
        s.get("pdf.config.projects").to_string(),
        format!(
            "{} {}",
            s.get("pdf.config.production.name"),
            s.get("pdf.config.production.data")
        ),
        // The plan answers yes to a separate test project.
        format!(
            "{} {}",
            flat(s.get("pdf.config.test.access")),
            s.get("pdf.config.state.planned")
        ),
    ] {
        assert!(config.contains(&expected), "no `{expected}` in {config}");
    }
    // Nothing of Primero's own server settings: UNICEF runs it.
    assert!(!config.contains("SMTP_ADDRESS") && !config.contains("MAILER_DELIVERY_METHOD"));
    assert!(!config.contains(&flat(s.get("pdf.config.saas"))));
}

#[test]
fn connections_under_saas_say_the_pages_come_from_abroad() {
    if !common::have_tool("pdftotext") {
        return;
    }
    // Intermittent connections, committed to SaaS.
    let pdf = Case::shipped(RULED_OUT).render(Paper::A4);
    let sizing = section_text(
        &pdf,
        &heading_of("pdf.heading.sizing"),
        &heading_of("pdf.heading.responsibilities"),
    );
    let s = strings();
    assert!(sizing.contains(&flat(s.get("pdf.connectivity.intermittent_saas"))));
    assert!(!sizing.contains(&flat(s.get("pdf.connectivity.unreliable_local"))));
}

// --- The decision and the hand-over follow the answers -----------------------------------

/// The whole text in reading order, white space made single.
fn raw_text(pdf: &[u8]) -> String {
    flat(&tool("pdftotext", &["-raw"], pdf))
}

#[test]
fn a_team_leaning_saas_under_a_residency_law_is_judged_in_the_pdf() {
    if !common::have_tool("pdftotext") {
        return;
    }
    let text = include_str!("plans/advice/residency-law-leans-saas.toml");
    let raw = raw_text(&Case::shipped(text).render(Paper::A4));
    for needed in [
        "Team readiness is 76% over 17 capacity areas answered.",
        "Tier 4 asks for about 60%",
        "Fully local asks for about 85%",
        "the delivery of each release and level 3 support",
    ] {
        assert!(raw.contains(needed), "no `{needed}` in the PDF");
    }
    assert!(!raw.contains("readiness is assumed to be low"), "{raw}");
}

#[test]
fn a_residency_rule_with_hosted_openfn_is_a_point_to_watch() {
    if !common::have_tool("pdftotext") {
        return;
    }
    let text = include_str!("plans/advice/tier4-residency-openfn-hosted.toml");
    let raw = raw_text(&Case::shipped(text).render(Paper::A4));
    let watch = raw
        .find(strings().get("pdf.options.warnings"))
        .expect("points to watch");
    let conflict = raw
        .find("Conflict: case data must stay in the country")
        .expect("conflict");
    assert!(
        conflict > watch,
        "the conflict is among the points to watch"
    );
}

#[test]
fn solr_in_the_hand_over_follows_the_gbv_answer() {
    if !common::have_tool("pdftotext") {
        return;
    }
    let on = raw_text(&Case::shipped(DEMO_PLAN).render(Paper::A4));
    assert!(on.contains("Solr search true"), "the demo holds GBV data");
    assert!(on.contains(&flat(strings().get("pdf.config.solr.on"))));
    let without = DEMO_PLAN.replace("\"gbv\", ", "");
    assert_ne!(without, DEMO_PLAN, "the demo lists gbv");
    let off = raw_text(&Case::shipped(&without).render(Paper::A4));
    assert!(off.contains("Solr search false"), "no GBV data, no Solr");
}

/// The demo plan written to `dir` with each line passed through `edit` (`None` drops it).
fn demo_variant(dir: &Path, edit: impl Fn(&str) -> Option<String>) -> PathBuf {
    let text: String = DEMO_PLAN
        .lines()
        .filter_map(edit)
        .map(|l| l + "\n")
        .collect();
    assert_ne!(text, DEMO_PLAN, "the edit changes nothing");
    let path = dir.join("plan.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// The PDF the command writes for the plan file, as a team would run it.
fn exported_pdf(plan: &Path) -> Vec<u8> {
    let pdf = plan.with_extension("pdf");
    let out = crate::common::bin()
        .args(["export", "--pdf"])
        .arg(&pdf)
        .arg(plan)
        .env("SOURCE_DATE_EPOCH", EPOCH.to_string())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    std::fs::read(&pdf).unwrap()
}

#[test]
fn the_command_dates_a_plan_without_timestamps_by_its_file() {
    if !common::have_tool("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let no_times =
        |l: &str| (!l.starts_with("created") && !l.starts_with("updated")).then(|| l.to_string());
    let plan = demo_variant(dir.path(), no_times);
    let saved = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_795_000_000);
    std::fs::File::options()
        .write(true)
        .open(&plan)
        .unwrap()
        .set_modified(saved)
        .unwrap();
    let pages = page_texts(&exported_pdf(&plan));
    for (n, page) in pages.iter().enumerate() {
        assert!(!page.contains("Plan version ,"), "page {}: {page}", n + 1);
    }
    // 1,795,000,000 seconds is 18 November 2026, 11:06:40 UTC.
    let dated = "Plan version 18 November 2026 11:06 UTC (file date)";
    assert!(pages[1].contains(dated), "{}", pages[1]);
}
