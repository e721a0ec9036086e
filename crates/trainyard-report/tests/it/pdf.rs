//! The PDFs, checked with qpdf and poppler.

use std::path::Path;

use trainyard_core::ReleaseId;
use trainyard_report::{
    cab_pdf, summary_pdf, CabOptions, LaneMode, Paper, ReportError, SummaryOptions,
};

use crate::support::{example, generated, generated_at, run, stdout_of, unicode, TempDir};

pub(crate) fn summary_opts() -> SummaryOptions {
    let mut o = SummaryOptions::new(generated_at());
    o.revision = Some(42);
    o.audit_head = Some("3f2a9c1d5e7b8a90c1d2e3f4a5b6c7d8e9f00112".into());
    o
}

fn cab_opts() -> CabOptions {
    CabOptions {
        paper: Paper::A4,
        generated_at: generated_at(),
        revision: Some(42),
        audit_head: Some("3f2a9c1d5e7b8a90".into()),
    }
}

pub(crate) fn page_count(pdf: &Path) -> usize {
    let info = stdout_of("pdfinfo", &[pdf.to_str().unwrap()]);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("pdfinfo shows no page count:\n{info}"))
}

/// The text of one page (1-based), whitespace collapsed.
pub(crate) fn page_text(pdf: &Path, page: usize) -> String {
    let p = page.to_string();
    let t = stdout_of(
        "pdftotext",
        &[
            "-f",
            &p,
            "-l",
            &p,
            "-enc",
            "UTF-8",
            pdf.to_str().unwrap(),
            "-",
        ],
    );
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(crate) fn all_text(pdf: &Path) -> String {
    let t = stdout_of("pdftotext", &["-enc", "UTF-8", pdf.to_str().unwrap(), "-"]);
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// qpdf --check passes, and pdffonts lists only embedded subset fonts.
pub(crate) fn assert_valid_with_subset_fonts(pdf: &Path) {
    let out = run("qpdf", &["--check", pdf.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "qpdf --check fails on {}:\n{}{}",
        pdf.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let fonts = stdout_of("pdffonts", &[pdf.to_str().unwrap()]);
    let rows: Vec<&str> = fonts
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(!rows.is_empty(), "pdffonts lists no font:\n{fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let name = cols[0];
        let (emb, sub) = (cols[cols.len() - 5], cols[cols.len() - 4]);
        assert_eq!(emb, "yes", "font {name} is not embedded:\n{fonts}");
        assert_eq!(sub, "yes", "font {name} is not a subset:\n{fonts}");
        let (tag, rest) = name
            .split_once('+')
            .unwrap_or_else(|| panic!("font {name} has no subset tag:\n{fonts}"));
        assert!(
            tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()),
            "bad subset tag in {name}"
        );
        assert!(
            [
                "DejaVuSans",
                "DroidSansFallbackFull",
                "NanumGothic",
                "Symbola"
            ]
            .iter()
            .any(|f| rest.starts_with(f)),
            "unexpected font {name}"
        );
    }
}

#[test]
fn the_example_summary_passes_qpdf_and_embeds_only_subset_fonts() {
    let dir = TempDir::new();
    let pdf = dir.write(
        "example-summary.pdf",
        summary_pdf(&example(), &summary_opts()).unwrap(),
    );
    assert_valid_with_subset_fonts(&pdf);
    let text = all_text(&pdf);
    for name in [
        "Ledger 4.2",
        "Payments API 7.0",
        "Payments platform, Q1 2027",
        "Month-end close",
    ] {
        assert!(
            text.contains(name),
            "{name:?} is missing from the summary text:\n{text}"
        );
    }
    // d2 starts at 22:30 in Berlin (21:30 UTC): times are in the plan's zone.
    assert!(
        text.contains("5 Jan 22:30–23:30"),
        "d2 is not shown in Berlin time:\n{text}"
    );
    assert!(text.contains("Page 1 of"), "no page numbers:\n{text}");
    assert!(
        text.contains("revision 42") && text.contains("audit 3f2a9c1d5e7b"),
        "no revision or audit head:\n{text}"
    );
}

#[test]
fn non_ascii_names_print_in_summary_and_cab_sheet() {
    let dir = TempDir::new();
    let plan = unicode();
    let summary = dir.write(
        "unicode-summary.pdf",
        summary_pdf(&plan, &summary_opts()).unwrap(),
    );
    let cab = dir.write(
        "unicode-cab.pdf",
        cab_pdf(&plan, &ReleaseId::from("r1"), &cab_opts()).unwrap(),
    );
    for pdf in [&summary, &cab] {
        assert_valid_with_subset_fonts(pdf);
        let text = all_text(pdf);
        for s in ["Zürich", "Ødegaard", "✓", "–"] {
            assert!(
                text.contains(s),
                "{s:?} is missing from {}:\n{text}",
                pdf.display()
            );
        }
    }
    let text = all_text(&summary);
    for name in [
        "Ledger 4.2 – Zürich ✓",
        "Payments API 7.0, \"Ødegaard\" edition",
        "Zürich payments – Q1 ✓",
    ] {
        assert!(
            text.contains(name),
            "{name:?} is missing from the summary:\n{text}"
        );
    }
}

#[test]
fn a_200_release_summary_paginates_with_the_release_table_header_on_every_page() {
    let dir = TempDir::new();
    let plan = generated(200);
    let bytes = summary_pdf(&plan, &summary_opts()).unwrap();
    assert!(
        bytes.len() < 3 * 1024 * 1024,
        "the 200-release summary is {} bytes, over 3 MB",
        bytes.len()
    );
    let pdf = dir.write("generated-200-summary.pdf", &bytes);
    assert_valid_with_subset_fonts(&pdf);
    let pages = page_count(&pdf);
    assert!(pages > 10, "200 releases on only {pages} pages");
    let texts: Vec<String> = (1..=pages).map(|p| page_text(&pdf, p)).collect();
    // The release table runs from the "Releases" heading to the "Conflicts" heading.
    let first = texts
        .iter()
        .position(|t| t.contains("Releases Release Version Type Status"))
        .expect("a release table");
    let last = texts
        .iter()
        .position(|t| t.contains("Conflicts Rule Rule id Errors Warnings"))
        .expect("a conflicts section");
    assert!(
        last > first,
        "the release table must span pages {first}..{last}"
    );
    // Appendix B starts on a page of its own, so the table ends on the page before it.
    for (i, t) in texts.iter().enumerate().take(last).skip(first + 1) {
        assert!(
            t.contains("Release Version Type Status Staging Production") && t.contains("Risk"),
            "page {} continues the table without its header:\n{t}",
            i + 1
        );
    }
    for (i, t) in texts.iter().enumerate() {
        assert!(
            t.contains(&format!("Page {} of {pages}", i + 1)),
            "page {} has no page number",
            i + 1
        );
        assert!(
            t.contains("Generated platform plan, 200 releases"),
            "page {} has no header",
            i + 1
        );
    }
    let all = texts.join(" ");
    for r in &plan.releases {
        assert!(
            all.contains(r.display_name()),
            "release {} is missing",
            r.display_name()
        );
    }
}

#[test]
fn environment_lanes_and_a_chosen_period_render_too() {
    let dir = TempDir::new();
    let mut opts = summary_opts();
    opts.lanes = LaneMode::Environment;
    let plan = generated(40);
    let from = plan.deployments.iter().map(|d| d.start).min().unwrap();
    opts.period = Some((from, from + chrono::Duration::days(20)));
    let pdf = dir.write(
        "generated-40-env-lanes.pdf",
        summary_pdf(&plan, &opts).unwrap(),
    );
    assert_valid_with_subset_fonts(&pdf);
    let text = all_text(&pdf);
    assert!(text.contains("One lane per environment"), "{text}");
}

#[test]
fn a4_and_letter_pages_have_their_sizes() {
    let dir = TempDir::new();
    let size = |info: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix("Page size:"))
            .map(|v| v.trim().to_owned())
            .unwrap_or_default()
    };
    for (paper, expect) in [
        (Paper::A4, "595.276 x 841.89 pts (A4)"),
        (Paper::Letter, "612 x 792 pts (letter)"),
    ] {
        let mut opts = summary_opts();
        opts.paper = paper;
        let pdf = dir.write(
            &format!("{paper:?}.pdf"),
            summary_pdf(&example(), &opts).unwrap(),
        );
        let info = stdout_of("pdfinfo", &[pdf.to_str().unwrap()]);
        assert_eq!(size(&info), expect, "{paper:?}:\n{info}");
        let mut cab = cab_opts();
        cab.paper = paper;
        let pdf = dir.write(
            &format!("{paper:?}-cab.pdf"),
            cab_pdf(&example(), &ReleaseId::from("r2"), &cab).unwrap(),
        );
        let info = stdout_of("pdfinfo", &[pdf.to_str().unwrap()]);
        assert_eq!(size(&info), expect, "CAB {paper:?}:\n{info}");
    }
}

#[test]
fn the_same_plan_and_generated_at_give_identical_bytes() {
    let plan = generated(30);
    let a = summary_pdf(&plan, &summary_opts()).unwrap();
    let b = summary_pdf(&plan, &summary_opts()).unwrap();
    assert!(a == b, "two summaries of the same plan differ");
    let c = cab_pdf(&plan, &ReleaseId::from("r003"), &cab_opts()).unwrap();
    let d = cab_pdf(&plan, &ReleaseId::from("r003"), &cab_opts()).unwrap();
    assert!(c == d, "two CAB sheets of the same release differ");
    let mut later = summary_opts();
    later.generated_at += chrono::Duration::hours(1);
    assert!(
        summary_pdf(&plan, &later).unwrap() != a,
        "generated_at does not reach the file"
    );
    let text = String::from_utf8_lossy(&a);
    assert!(
        text.contains("/CreationDate(D:20270104083000+00'00')"),
        "the creation date is not generated_at"
    );
}

#[test]
fn the_cab_sheet_of_a_typical_release_has_one_or_two_pages_and_every_part() {
    let dir = TempDir::new();
    let plan = example();
    let pdf = dir.write(
        "example-cab-r2.pdf",
        cab_pdf(&plan, &ReleaseId::from("r2"), &cab_opts()).unwrap(),
    );
    assert_valid_with_subset_fonts(&pdf);
    let pages = page_count(&pdf);
    assert!(
        (1..=2).contains(&pages),
        "the CAB sheet of r2 has {pages} pages"
    );
    let text = all_text(&pdf);
    for part in [
        "CAB IMPACT SHEET",
        "Payments API 7.0",
        "Criticality of touched services",
        "Change type",
        "Blast radius",
        "Nearness to blackouts",
        "Team change failure rate",
        "Services touched and blast radius",
        "Planned deployments",
        "in Prod weekly window",
        "blackout Month-end close",
        "Release dependency order",
        "Ledger 4.2",
        "Backout plan",
        "No backout plan is documented",
        "The required approval is recorded",
    ] {
        assert!(
            text.contains(part),
            "{part:?} is missing from the CAB sheet:\n{text}"
        );
    }
    // r1 touches Ledger DB, which Payments API depends on: one downstream service.
    let r1 = dir.write(
        "example-cab-r1.pdf",
        cab_pdf(&plan, &ReleaseId::from("r1"), &cab_opts()).unwrap(),
    );
    let text = all_text(&r1);
    assert!(
        text.contains("downstream") && text.contains("Payments API"),
        "no blast radius for r1:\n{text}"
    );
    assert!(
        text.contains("All 2 required approvals are recorded"),
        "{text}"
    );
    // Without bob's approval, r1 (financial data) lacks one: one signature line.
    let mut short = plan.clone();
    short.releases[0].approvals.truncate(1);
    let pdf = dir.write(
        "example-cab-r1-short.pdf",
        cab_pdf(&short, &ReleaseId::from("r1"), &cab_opts()).unwrap(),
    );
    let text = all_text(&pdf);
    assert!(
        text.contains("1 of 2 required approvals recorded; 1 still needed"),
        "{text}"
    );
    assert_eq!(
        text.matches("Signature").count(),
        1,
        "one signature line expected:\n{text}"
    );
}

#[test]
fn an_unknown_release_or_an_empty_period_is_an_error_that_names_it() {
    let err = cab_pdf(&example(), &ReleaseId::from("r9"), &cab_opts()).unwrap_err();
    assert_eq!(err, ReportError::UnknownRelease("r9".into()));
    assert_eq!(err.to_string(), "unknown release id \"r9\"");
    let mut opts = summary_opts();
    opts.period = Some((generated_at(), generated_at()));
    let err = summary_pdf(&example(), &opts).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("the report period must end after it starts"),
        "{err}"
    );
}

#[test]
fn a_plan_without_deployments_still_makes_a_summary() {
    let mut plan = example();
    plan.deployments.clear();
    let dir = TempDir::new();
    let pdf = dir.write("empty.pdf", summary_pdf(&plan, &summary_opts()).unwrap());
    assert_valid_with_subset_fonts(&pdf);
    assert!(all_text(&pdf).contains("No deployments in this period"));
}
