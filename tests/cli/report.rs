//! `trainyard report summary` and `trainyard report cab`: PDFs checked with
//! poppler-utils and qpdf.

use trainyard_tests::trainyard;

use crate::tools::*;

fn summary(plan: &str, out: &str, extra: &[&str]) -> trainyard_tests::Run {
    let mut args = vec![
        "report",
        "summary",
        plan,
        "-o",
        out,
        "--generated-at",
        GENERATED_AT,
    ];
    args.extend_from_slice(extra);
    trainyard(&args)
}

/// qpdf --check passes and every font is embedded.
fn assert_sound_pdf(pdf: &std::path::Path) {
    let bytes = std::fs::read(pdf).unwrap();
    assert!(
        bytes.starts_with(b"%PDF-"),
        "{} is not a PDF",
        pdf.display()
    );
    stdout_of("qpdf", &["--check", s(pdf)]);
    let fonts = stdout_of("pdffonts", &[s(pdf)]);
    let rows: Vec<&str> = fonts
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(!rows.is_empty(), "no fonts:\n{fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cols[cols.len() - 5], "yes", "not embedded:\n{fonts}");
    }
}

#[test]
fn the_summary_is_a_pdf_with_every_release_name() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("summary.pdf");
    let run = summary(s(&payments()), s(&pdf), &[]);
    run.expect_code(0);
    assert!(
        run.stdout.starts_with(&format!("wrote {}", pdf.display())),
        "{}",
        run.stdout
    );
    assert_sound_pdf(&pdf);
    let text = pdf_text(&pdf);
    for name in release_names() {
        assert!(text.contains(&name), "{name} missing from:\n{text}");
    }
    assert!(text.contains("Payments platform, Q1 2027"), "{text}");
    assert_eq!(
        files_in(dir.path()),
        ["summary.pdf"],
        "no temporary file is left"
    );
}

#[test]
fn the_cab_sheet_names_its_release() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("cab.pdf");
    trainyard(&[
        "report",
        "cab",
        s(&payments()),
        "--release",
        "r2",
        "-o",
        s(&pdf),
        "--generated-at",
        GENERATED_AT,
    ])
    .expect_code(0);
    assert_sound_pdf(&pdf);
    let text = pdf_text(&pdf);
    assert!(text.contains("Payments API 7.0"), "{text}");
}

#[test]
fn paper_sizes_are_a4_by_default_and_letter_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let a4 = dir.path().join("a4.pdf");
    let letter = dir.path().join("letter.pdf");
    let cab = dir.path().join("cab-letter.pdf");
    summary(s(&payments()), s(&a4), &[]).expect_code(0);
    summary(
        s(&payments()),
        s(&letter),
        &["--paper", "letter", "--lanes", "environment"],
    )
    .expect_code(0);
    trainyard(&[
        "report",
        "cab",
        s(&payments()),
        "--release",
        "r1",
        "-o",
        s(&cab),
        "--paper",
        "letter",
    ])
    .expect_code(0);
    let size = |p: &std::path::Path| {
        stdout_of("pdfinfo", &[s(p)])
            .lines()
            .find_map(|l| l.strip_prefix("Page size:").map(|v| v.trim().to_owned()))
            .expect("pdfinfo shows the page size")
    };
    assert!(size(&a4).starts_with("595.276 x 841.89"), "{}", size(&a4));
    assert!(size(&letter).starts_with("612 x 792"), "{}", size(&letter));
    assert!(size(&cab).starts_with("612 x 792"), "{}", size(&cab));
}

#[test]
fn the_same_plan_and_generated_at_give_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        dir.path().join("a.pdf"),
        dir.path().join("b.pdf"),
        dir.path().join("c.pdf"),
    );
    summary(s(&payments()), s(&a), &[]).expect_code(0);
    summary(s(&payments()), s(&b), &[]).expect_code(0);
    assert!(
        std::fs::read(&a).unwrap() == std::fs::read(&b).unwrap(),
        "not deterministic"
    );
    trainyard(&[
        "report",
        "summary",
        s(&payments()),
        "-o",
        s(&c),
        "--generated-at",
        "2027-02-01T00:00:00Z",
    ])
    .expect_code(0);
    assert!(std::fs::read(&a).unwrap() != std::fs::read(&c).unwrap());
    // The cab sheet too.
    let cab = |p: &std::path::Path| {
        trainyard(&[
            "report",
            "cab",
            s(&payments()),
            "--release",
            "r1",
            "-o",
            s(p),
            "--generated-at",
            GENERATED_AT,
        ])
        .expect_code(0);
        std::fs::read(p).unwrap()
    };
    assert!(cab(&a) == cab(&b));
}

#[test]
fn a_period_limits_the_summary_and_must_be_given_whole() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("period.pdf");
    summary(
        s(&payments()),
        s(&pdf),
        &[
            "--from",
            "2027-01-20T00:00:00Z",
            "--to",
            "2027-02-01T00:00:00Z",
        ],
    )
    .expect_code(0);
    let text = pdf_text(&pdf);
    assert!(text.contains("Payments API 7.0"), "{text}");
    assert_usage_error(
        &[
            "report",
            "summary",
            s(&payments()),
            "-o",
            s(&pdf),
            "--from",
            "2027-01-20T00:00:00Z",
        ],
        "'--from' needs '--to'",
        "report summary",
    );
    assert_usage_error(
        &[
            "report",
            "summary",
            s(&payments()),
            "-o",
            s(&pdf),
            "--from",
            "2027-02-01T00:00:00Z",
            "--to",
            "2027-01-01T00:00:00Z",
        ],
        "before",
        "report summary",
    );
}

#[test]
fn a_store_adds_its_revision_and_audit_head() {
    let dir = tempfile::tempdir().unwrap();
    let store = payments_store(dir.path());
    let head = trainyard(&["audit", "verify", s(&store), "--format", "json"]).json()["head"]
        .as_str()
        .expect("a head")
        .to_owned();
    let pdf = dir.path().join("store.pdf");
    summary(s(&store), s(&pdf), &[]).expect_code(0);
    let text = pdf_text(&pdf);
    assert!(
        text.contains(&head[..12]),
        "the audit head {head} is not in:\n{text}"
    );
    let json = dir.path().join("json.pdf");
    summary(s(&payments()), s(&json), &[]).expect_code(0);
    assert!(!pdf_text(&json).contains(&head[..12]));
}

#[test]
fn dash_writes_the_pdf_to_a_pipe() {
    let run = trainyard(&[
        "report",
        "summary",
        s(&payments()),
        "-o",
        "-",
        "--generated-at",
        GENERATED_AT,
    ]);
    run.expect_code(0);
    assert!(run.stdout.starts_with("%PDF-"));
}

#[test]
fn an_unknown_release_is_a_usage_error_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("cab.pdf");
    assert_usage_error(
        &[
            "report",
            "cab",
            s(&payments()),
            "--release",
            "r9",
            "-o",
            s(&pdf),
        ],
        "'--release'",
        "report cab",
    );
    assert!(!pdf.exists());
    assert_usage_error(
        &["report", "cab", s(&payments()), "-o", s(&pdf)],
        "missing required option '--release RELEASE'",
        "report cab",
    );
    assert!(files_in(dir.path()).is_empty());
}

#[test]
fn a_file_that_cannot_be_written_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("no-such-dir").join("out.pdf");
    let run = summary(s(&payments()), s(&pdf), &[]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains(&format!("cannot write '{}'", pdf.display())),
        "{}",
        run.stderr
    );
    // A directory is not replaced by the PDF.
    let run = summary(s(&payments()), s(dir.path()), &[]);
    run.expect_code(2);
    assert!(dir.path().is_dir());
}

#[test]
fn an_existing_output_is_replaced_whole() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("out.pdf");
    std::fs::write(&pdf, "old content that is not a PDF").unwrap();
    summary(s(&payments()), s(&pdf), &[]).expect_code(0);
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    assert_eq!(files_in(dir.path()), ["out.pdf"]);
}

#[test]
fn report_help_and_bad_arguments() {
    assert_help("report summary");
    assert_help("report cab");
    let run = trainyard(&["report", "--help"]);
    run.expect_code(0);
    assert!(run.stdout.contains("trainyard report summary"));
    assert_usage_error(&["report"], "expected 'summary' or 'cab'", "report");
    assert_usage_error(&["report", "pie", "x"], "unknown report 'pie'", "report");
    assert_usage_error(
        &["report", "summary", s(&payments())],
        "missing required option '-o/--output OUT.pdf'",
        "report summary",
    );
    assert_usage_error(
        &[
            "report",
            "summary",
            s(&payments()),
            "-o",
            "x.pdf",
            "--paper",
            "a5",
        ],
        "'a5'",
        "report summary",
    );
    assert_usage_error(
        &[
            "report",
            "summary",
            s(&payments()),
            "-o",
            "x.pdf",
            "--lanes",
            "team",
        ],
        "'--lanes'",
        "report summary",
    );
    assert_usage_error(
        &[
            "report",
            "summary",
            s(&payments()),
            "-o",
            "x.pdf",
            "--generated-at",
            "today",
        ],
        "'--generated-at'",
        "report summary",
    );
    assert_usage_error(
        &[
            "report",
            "cab",
            s(&payments()),
            "--release",
            "r1",
            "-o",
            "x.pdf",
            "--lanes",
            "service",
        ],
        "does not apply",
        "report cab",
    );
}

#[test]
fn an_invalid_plan_is_reported_like_check_does() {
    let plan = trainyard_tests::TempPlan::new("{\"environments\": [{\"id\": \"prod\"}]}");
    let pdf = plan.dir().join("x.pdf");
    let run = trainyard(&["report", "summary", s(plan.path()), "-o", s(&pdf)]);
    run.expect_code(2);
    assert!(
        run.stderr.starts_with("$.environments[0].order: "),
        "{}",
        run.stderr
    );
    assert!(!pdf.exists());
}

#[test]
fn detail_summary_is_three_pages_at_most_and_a_bad_detail_names_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("short.pdf");
    summary(s(&payments()), s(&pdf), &["--detail", "summary"]).expect_code(0);
    assert_sound_pdf(&pdf);
    let info = stdout_of("pdfinfo", &[s(&pdf)]);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap();
    assert!(pages <= 3, "--detail summary gave {pages} pages");
    let text = pdf_text(&pdf);
    assert!(
        text.contains("At a glance") && !text.contains("Appendix A"),
        "{text}"
    );
    assert_usage_error(
        &[
            "report",
            "summary",
            s(&payments()),
            "-o",
            "x.pdf",
            "--detail",
            "most",
        ],
        "invalid value 'most' for '--detail' (expected summary, conflicts or full)",
        "report summary",
    );
}

/// The outline's top-level titles, from `qpdf --json`.
fn outline_titles(pdf: &std::path::Path) -> Vec<String> {
    let json = stdout_of("qpdf", &["--json", "--json-key=outlines", s(pdf)]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("qpdf writes JSON");
    v["outlines"]
        .as_array()
        .expect("an outline")
        .iter()
        .map(|o| o["title"].as_str().unwrap_or("").to_owned())
        .collect()
}

#[test]
fn recorded_outcomes_add_a_delivery_metrics_section_and_a_plan_without_them_has_none() {
    let dir = tempfile::tempdir().unwrap();
    // docs/examples/overrun.json records two outcomes in staging on Tuesday
    // 2 February 2027: the API (planned 09:00-10:00 UTC, ran 09:02-10:25,
    // succeeded) and Checkout Web (planned 12:00-13:00, ran 12:00-12:40,
    // rolled back, an incident resolved after 30 minutes).
    let pdf = dir.path().join("overrun.pdf");
    summary(
        s(&trainyard_tests::example("overrun.json")),
        s(&pdf),
        &["--detail", "summary"],
    )
    .expect_code(0);
    assert_sound_pdf(&pdf);
    assert_eq!(
        outline_titles(&pdf),
        ["Contents", "At a glance", "Delivery metrics"]
    );
    let text = pdf_text(&pdf);
    // The week of Monday 1 February (Europe/Berlin) around the outcomes.
    assert!(
        text.contains("from Mon 1 Feb 2027 00:00 CET to Mon 8 Feb 2027 00:00 CET"),
        "{text}"
    );
    // 1 succeeded in 1 week; lead time 09:02-10:25 = 83 min = 1.38 h; 1 of 2
    // failed; restored in 0.5 h.
    assert!(text.contains("1.00 1.38 h 50.0 % 0.50 h"), "{text}");
    // On time: only Checkout Web (the API overran); delays +2 and 0 minutes
    // give +1; one overrun; two deployments.
    assert!(text.contains("50.0 % +1.0 min 1 2"), "{text}");
    // One environment: the table is per service.
    assert!(text.contains("By service"), "{text}");
    assert!(text.contains("Weekly trend"), "{text}");
    assert!(text.contains("1 of 2 failed"), "{text}");

    let plain = dir.path().join("payments.pdf");
    summary(s(&payments()), s(&plain), &[]).expect_code(0);
    assert!(!pdf_text(&plain).contains("Delivery metrics"));
    assert!(!outline_titles(&plain)
        .iter()
        .any(|t| t == "Delivery metrics"));
}
