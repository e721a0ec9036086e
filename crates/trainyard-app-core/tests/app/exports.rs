//! Exports: PDF summary and CAB sheet, ICS, CSV; open_path.

use crate::util::{service, small};

#[test]
fn summary_pdf_is_a_pdf_written_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let app = service(&dir);
    app.open_demo().unwrap();
    let out = dir.path().join("summary.pdf");
    let done = app.export_summary_pdf(&out, "a4", "full").unwrap();
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"%PDF"), "starts with the PDF header");
    assert_eq!(done.bytes, bytes.len() as u64);
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.ends_with(".tmp")), "{names:?}");
    assert_eq!(
        app.export_summary_pdf(&out, "a3", "full").unwrap_err().code,
        "invalid_input"
    );
    assert_eq!(
        app.export_summary_pdf(&out, "a4", "most").unwrap_err().code,
        "invalid_input"
    );
    // The summary edition is the cover page and the front section alone.
    let short = dir.path().join("short.pdf");
    let done = app.export_summary_pdf(&short, "a4", "summary").unwrap();
    let bytes = std::fs::read(&short).unwrap();
    let pages = bytes
        .windows(11)
        .filter(|w| w.starts_with(b"/Type/Page") && w[10] != b's')
        .count();
    assert!((1..=3).contains(&pages), "{pages} pages");
    assert!(done.bytes < std::fs::metadata(&out).unwrap().len());
}

#[test]
fn cab_pdf_ics_and_csv_exports() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small(&dir);
    let cab = dir.path().join("cab.pdf");
    app.export_cab_pdf(&cab, "r1", "letter").unwrap();
    assert!(std::fs::read(&cab).unwrap().starts_with(b"%PDF"));
    assert_eq!(
        app.export_cab_pdf(&cab, "zz", "a4").unwrap_err().code,
        "not_found"
    );

    let ics = dir.path().join("r1.ics");
    app.export_ics(&ics, Some("r1"), None).unwrap();
    let text = std::fs::read_to_string(&ics).unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR"));
    // Deployments and windows; trains and their code freezes come on top.
    let not_train = |t: &str| {
        t.matches("BEGIN:VEVENT").count()
            - t.matches("X-TRAINYARD-KIND:train-departure").count()
            - t.matches("X-TRAINYARD-KIND:code-freeze").count()
    };
    assert_eq!(not_train(&text), 1, "only r1's deployment: {text}");
    let all = dir.path().join("all.ics");
    app.export_ics(&all, None, Some("prod")).unwrap();
    assert_eq!(not_train(&std::fs::read_to_string(&all).unwrap()), 2);

    let csv = dir.path().join("d.csv");
    let done = app.export_csv(&csv, "deployments").unwrap();
    let text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(
        text.lines().count(),
        3,
        "header and two deployments: {text}"
    );
    assert_eq!(done.bytes, text.len() as u64);
    let conflicts = dir.path().join("c.csv");
    app.export_csv(&conflicts, "conflicts").unwrap();
    assert!(std::fs::read_to_string(&conflicts)
        .unwrap()
        .contains("overlap"));
    assert_eq!(
        app.export_csv(&csv, "windows").unwrap_err().code,
        "invalid_input"
    );
}

#[test]
fn open_path_refuses_a_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let app = service(&dir);
    let e = app.open_path(&dir.path().join("nope.pdf")).unwrap_err();
    assert_eq!(e.code, "not_found");
}

#[test]
fn open_path_opens_only_what_the_app_exported() {
    let dir = tempfile::tempdir().unwrap();
    let app = service(&dir);
    app.open_demo().unwrap();
    let other = dir.path().join("other.pdf");
    std::fs::write(&other, b"%PDF-1.7").unwrap();
    let e = app.open_path(&other).unwrap_err();
    assert_eq!(e.code, "not_allowed");
    assert!(e.message.contains("other.pdf"), "{}", e.message);
    // The demo plan file itself was not exported either.
    let plan = std::path::PathBuf::from(app.summary().unwrap().path);
    assert_eq!(app.open_path(&plan).unwrap_err().code, "not_allowed");
}
