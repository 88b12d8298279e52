//! The PDF in every script: the demo in each shipped language, an Arabic document read
//! from the right, and names in Thai, Arabic, Cyrillic and Devanagari in an English one.
//! Checked with the tools a reader would use: qpdf, pdftotext (with -bbox) and pdffonts.

use crate::common;
use hostplan::base::lang::Lang;
use hostplan::base::strings::Strings;
use std::path::{Path, PathBuf};
use std::process::Command;

const DEMO: &str = include_str!("../assets/demo-plan.toml");

/// Page width of A4 in points, and the margin (20 mm).
const A4_WIDTH: f64 = 595.276;
const MARGIN: f64 = 56.693;

/// Writes the PDF of `plan` (the demo when `None`) in `lang`; the file and the standard
/// error.
fn export(dir: &Path, lang: &str, plan: Option<&str>) -> (PathBuf, String) {
    let pdf = dir.join(format!("plan-{lang}.pdf"));
    let mut cmd = common::bin();
    cmd.args(["--lang", lang, "export"]);
    match plan {
        Some(text) => {
            let path = dir.join("plan.toml");
            std::fs::write(&path, text).unwrap();
            cmd.arg(path);
        }
        None => {
            cmd.arg("--demo");
        }
    }
    let out = cmd
        .arg("--pdf")
        .arg(&pdf)
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "export in {lang} failed:\n{err}");
    (pdf, err)
}

fn run(program: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(program).args(args).arg(pdf).output().unwrap();
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn tools() -> bool {
    ["qpdf", "pdftotext", "pdffonts"]
        .into_iter()
        .all(common::have_tool)
}

/// One word of `pdftotext -bbox`: its box and its text.
#[derive(Debug)]
struct Word {
    x_min: f64,
    y_min: f64,
    x_max: f64,
    text: String,
}

/// The words of page 1.
fn words_of_first_page(pdf: &Path) -> Vec<Word> {
    let out = Command::new("pdftotext")
        .args(["-bbox", "-f", "1", "-l", "1"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    let html = String::from_utf8(out.stdout).unwrap();
    html.lines()
        .filter(|l| l.trim_start().starts_with("<word "))
        .map(|l| {
            let attr = |name: &str| -> f64 {
                let start = l.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                let end = start + l[start..].find('"').unwrap();
                l[start..end].parse().unwrap()
            };
            let text = &l[l.find('>').unwrap() + 1..l.rfind("</word>").unwrap()];
            Word {
                x_min: attr("xMin"),
                y_min: attr("yMin"),
                x_max: attr("xMax"),
                text: text.to_string(),
            }
        })
        .collect()
}

/// Words on one line of the page: those whose top is within a point of `y`.
fn line_at(words: &[Word], y: f64) -> Vec<&Word> {
    words.iter().filter(|w| (w.y_min - y).abs() < 1.0).collect()
}

/// Extracted text as a comparison sees it: pdftotext marks runs of the other direction
/// with embedding controls (read as spaces here) and may set a space before closing
/// punctuation; Arabic vowel signs are left out on both sides, as extraction may place a
/// sign beside its letter rather than after it.
fn normal(text: &str) -> String {
    let text: String = text
        .chars()
        .map(|c| match c {
            '\u{202a}'..='\u{202e}' | '\u{200e}' | '\u{200f}' | '\u{a0}' => ' ',
            c => c,
        })
        .filter(|c| !matches!(*c as u32, 0x064B..=0x0652 | 0x0670))
        .collect();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    [".", ":", "،", "؛", ")"]
        .iter()
        .fold(text, |t, p| t.replace(&format!(" {p}"), p))
}

#[test]
fn the_demo_in_each_language_passes_qpdf_check_with_embedded_subset_fonts() {
    if !tools() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for lang in Lang::ALL {
        let (pdf, _) = export(dir.path(), lang.code(), None);
        let check = run("qpdf", &["--check"], &pdf);
        assert!(
            check.contains("No syntax or stream encoding errors"),
            "{check}"
        );
        assert_fonts_are_embedded_subsets(&pdf);
    }
}

/// Every font pdffonts lists is embedded, subset (its name tagged `ABCDEF+`) and has a
/// ToUnicode map.
fn assert_fonts_are_embedded_subsets(pdf: &Path) {
    let fonts = run("pdffonts", &[], pdf);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let name = cols[0];
        assert!(
            name.len() > 7 && name.as_bytes()[6] == b'+',
            "not a subset: {row}"
        );
        let flags = &cols[cols.len() - 5..cols.len() - 2];
        assert_eq!(flags, ["yes", "yes", "yes"], "emb sub uni: {row}");
    }
}

#[test]
fn the_arabic_demo_reads_in_logical_order_and_is_set_from_the_right() {
    if !tools() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (pdf, _) = export(dir.path(), "ar", None);
    let text = normal(&common::pdf_text(&pdf));
    let ar = Strings::shipped(Lang::Ar);
    let keys = [
        "pdf.cover.kicker",
        "pdf.cover.note",
        "pdf.summary.recommended",
        "pdf.options.intro",
        "pdf.checklist.intro",
        "pdf.protocols.intro",
        "pdf.protocols.breach_what",
        "pdf.config.secrets",
        "pdf.config.projects_intro",
        "pdf.heading.checklist",
        "pdf.heading.costs",
        "pdf.costs.chart",
    ];
    for key in keys {
        let sentence = normal(ar.get(key));
        assert!(
            sentence
                .chars()
                .any(|c| ('\u{0600}'..='\u{06ff}').contains(&c))
        );
        assert!(
            text.contains(&sentence),
            "{key}: “{sentence}” is not in the text"
        );
    }

    // The kicker above the title, in Arabic, ends at the right margin and starts right of
    // the middle; the title itself (a Latin name) is right-aligned too.
    let words = words_of_first_page(&pdf);
    let kicker_top = words[0].y_min;
    let kicker = line_at(&words, kicker_top);
    let right = kicker.iter().map(|w| w.x_max).fold(0.0, f64::max);
    let left = kicker.iter().map(|w| w.x_min).fold(A4_WIDTH, f64::min);
    assert!(
        (right - (A4_WIDTH - MARGIN)).abs() < 1.0,
        "kicker ends at {right}"
    );
    assert!(left > A4_WIDTH / 2.0, "kicker starts at {left}");
    let title = words.iter().find(|w| w.text == "Kalmaria").unwrap();
    let title_line = line_at(&words, title.y_min);
    let title_right = title_line.iter().map(|w| w.x_max).fold(0.0, f64::max);
    assert!(
        (title_right - (A4_WIDTH - MARGIN)).abs() < 1.0,
        "{title_right}"
    );

    // The same page in English starts at the left margin.
    let (en, _) = export(dir.path(), "en", None);
    let en_words = words_of_first_page(&en);
    assert!(
        (en_words[0].x_min - MARGIN).abs() < 1.0,
        "{:?}",
        en_words[0]
    );
}

/// Words of a Thai programme title as a Thai reader splits them, compounds into their
/// parts ("social worker" is "person" + "society" + "welfare"), where a line may break.
const THAI_WORDS: [&str; 20] = [
    "โครงการ",
    "พัฒนา",
    "ระบบ",
    "จัดการ",
    "ข้อมูล",
    "การ",
    "คุ้มครอง",
    "เด็ก",
    "ระดับ",
    "ชาติ",
    "เพื่อ",
    "สนับสนุน",
    "การ",
    "ทำงาน",
    "ของ",
    "นัก",
    "สังคม",
    "สงเคราะห์",
    "ทั่ว",
    "ประเทศ",
];

const THAI_MINISTRY: &str = "กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์";
const ARABIC_NAME: &str = "ليلى حداد";
const CYRILLIC_NAME: &str = "Ольга Петренко";
const DEVANAGARI_NAME: &str = "प्रिया शर्मा";

fn plan_in_four_scripts() -> String {
    DEMO.lines()
        .map(|line| match line.split(" = ").next() {
            Some("country") => "country = \"ประเทศไทย\"".to_string(),
            Some("organisation") => format!("organisation = \"{THAI_MINISTRY}\""),
            Some("programme_name") => format!("programme_name = \"{}\"", THAI_WORDS.concat()),
            Some("plan_author") => format!("plan_author = \"{CYRILLIC_NAME}, координатор\""),
            Some("administrator_name") => {
                format!("administrator_name = \"{DEVANAGARI_NAME}, राष्ट्रीय प्रशासक\"")
            }
            Some("unicef_focal_point") => {
                format!("unicef_focal_point = \"{ARABIC_NAME}، منسقة اليونيسف\"")
            }
            _ => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn names_in_thai_arabic_cyrillic_and_devanagari_print_and_thai_wraps_between_words() {
    if !tools() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (pdf, err) = export(dir.path(), "en", Some(&plan_in_four_scripts()));
    assert!(!err.contains("no font bundled"), "{err}");
    let text = common::pdf_text(&pdf);
    for name in [
        "ประเทศไทย",
        THAI_MINISTRY,
        ARABIC_NAME,
        CYRILLIC_NAME,
        DEVANAGARI_NAME,
    ] {
        assert!(normal(&text).contains(name), "{name} is not in the text");
    }
    assert!(!text.contains('?') && !text.contains('\u{fffd}'));
    assert_fonts_are_embedded_subsets(&pdf);
    let fonts = run("pdffonts", &[], &pdf);
    for face in ["NotoSansThai", "NotoNaskhArabic", "NotoSansDevanagari"] {
        assert!(fonts.contains(face), "{face} is not used:\n{fonts}");
    }

    // The cover title runs to three lines, each ending between two words.
    let words = words_of_first_page(&pdf);
    let title: Vec<&Word> = words
        .iter()
        .filter(|w| w.text.chars().all(is_thai))
        .take_while(|w| w.text != "ประเทศไทย")
        .collect();
    assert!(title.len() >= 2, "{title:?}");
    assert_eq!(
        title.iter().map(|w| w.text.as_str()).collect::<String>(),
        THAI_WORDS.concat()
    );
    let ends: Vec<usize> = (1..=THAI_WORDS.len())
        .map(|n| THAI_WORDS[..n].concat().len())
        .collect();
    let mut at = 0;
    for line in &title {
        at += line.text.len();
        assert!(
            ends.contains(&at),
            "a title line ends inside a word: {}",
            line.text
        );
        assert!(line.x_max <= A4_WIDTH - MARGIN + 0.5, "{line:?}");
    }
}

fn is_thai(c: char) -> bool {
    ('\u{0e00}'..='\u{0e7f}').contains(&c)
}

#[test]
fn a_letter_no_font_draws_is_a_box_and_one_warning() {
    if !tools() {
        return;
    }
    let plan = DEMO.replace("country = \"Kalmaria\"", "country = \"日本 Kalmaria\"");
    let dir = tempfile::tempdir().unwrap();
    let (pdf, err) = export(dir.path(), "en", Some(&plan));
    let warnings: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("no font bundled"))
        .collect();
    assert_eq!(warnings.len(), 1, "{err}");
    assert!(warnings[0].contains("U+65E5") && warnings[0].contains("U+672C"));
    assert!(
        warnings[0].starts_with(&pdf.display().to_string()),
        "{}",
        warnings[0]
    );
    let text = common::pdf_text(&pdf);
    assert!(text.contains("Kalmaria") && !text.contains('?'));
}
