//! Typography that holds: Chinese, Japanese, Korean and emoji names printed
//! with fallback faces (subset-embedded, extractable), and no word beyond
//! the page margins on a big plan.

use std::path::Path;

use trainyard_core::{parse_plan, Plan, ReleaseId};
use trainyard_report::{cab_pdf, summary_pdf, CabOptions, Detail, Paper};

use crate::pdf::{all_text, assert_valid_with_subset_fonts, summary_opts};
use crate::support::{example_text, generated, generated_at, stdout_of, TempDir};

const NAMES: [&str; 4] = ["東京 Sync", "서울 배포", "Rocket 🚀 launch", "中文发布"];

/// The example with release and service names in CJK and with an emoji.
fn cjk_plan() -> Plan {
    let text = example_text("payments-q1.json")
        .replace(
            "\"name\": \"Ledger 4.2\"",
            &format!("\"name\": \"{}\"", NAMES[0]),
        )
        .replace(
            "\"name\": \"Payments API 7.0\"",
            &format!("\"name\": \"{}\"", NAMES[1]),
        )
        .replace(
            "\"name\": \"Ledger DB\"",
            &format!("\"name\": \"{}\"", NAMES[2]),
        )
        .replace(
            "\"Payments platform, Q1 2027\"",
            &format!("\"{}\"", NAMES[3]),
        );
    assert!(
        text.contains(NAMES[0]) && text.contains(NAMES[2]),
        "the example changed"
    );
    parse_plan(&text).expect("the CJK plan is valid")
}

fn font_names(pdf: &Path) -> String {
    stdout_of("pdffonts", &[pdf.to_str().unwrap()])
}

#[test]
fn cjk_and_emoji_names_are_embedded_and_extractable_in_both_pdfs() {
    let dir = TempDir::new();
    let plan = cjk_plan();
    let summary = dir.write(
        "cjk-summary.pdf",
        summary_pdf(&plan, &summary_opts()).unwrap(),
    );
    assert_valid_with_subset_fonts(&summary);
    let fonts = font_names(&summary);
    assert!(
        fonts.contains("DroidSansFallbackFull") && fonts.contains("Symbola"),
        "{fonts}"
    );
    let text = all_text(&summary);
    for name in NAMES {
        assert!(
            text.contains(name),
            "the summary does not give {name:?} back:\n{text}"
        );
    }
    assert!(
        !text.contains('\u{FFFD}'),
        "a character came out as a missing glyph"
    );
    let cab = CabOptions {
        paper: Paper::A4,
        generated_at: generated_at(),
        revision: None,
        audit_head: None,
    };
    let sheet = dir.write(
        "cjk-cab.pdf",
        cab_pdf(&plan, &ReleaseId::from("r1"), &cab).unwrap(),
    );
    assert_valid_with_subset_fonts(&sheet);
    let text = all_text(&sheet);
    assert!(
        text.contains(NAMES[0]),
        "the CAB sheet title lost {:?}:\n{text}",
        NAMES[0]
    );
}

/// Words (from `pdftotext -bbox`) that leave the page's 15 mm margins.
fn words_beyond_margins(pdf: &Path) -> Vec<String> {
    let html = stdout_of("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
    let margin = 15.0 * 72.0 / 25.4;
    let mut width = 0.0f32;
    let mut page = 0;
    let mut out = Vec::new();
    let attr = |line: &str, name: &str| -> f32 {
        line.split(&format!("{name}=\""))
            .nth(1)
            .and_then(|r| r.split('"').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0.0)
    };
    for line in html.lines() {
        let line = line.trim();
        if line.starts_with("<page") {
            width = attr(line, "width");
            page += 1;
        } else if line.starts_with("<word") {
            let (x0, x1) = (attr(line, "xMin"), attr(line, "xMax"));
            if x0 < margin - 0.5 || x1 > width - margin + 0.5 {
                out.push(format!("page {page}: {line}"));
            }
        }
    }
    out
}

#[test]
fn no_word_leaves_the_margins_of_a_big_summary() {
    let dir = TempDir::new();
    let plan = generated(780);
    let mut opts = summary_opts();
    opts.detail = Detail::Full;
    let pdf = dir.write("big-margins.pdf", summary_pdf(&plan, &opts).unwrap());
    let bad = words_beyond_margins(&pdf);
    assert!(
        bad.is_empty(),
        "{} words beyond the margins, first: {:?}",
        bad.len(),
        &bad[..bad.len().min(5)]
    );
    let small = dir.write("cjk-margins.pdf", summary_pdf(&cjk_plan(), &opts).unwrap());
    let bad = words_beyond_margins(&small);
    assert!(bad.is_empty(), "{bad:?}");
}
