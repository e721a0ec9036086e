//! File → Import calendar: preview, apply as one edit, undo, kind changes,
//! stale previews and calendars that cannot be imported, on the report
//! crate's real Google and Outlook calendars.

use std::path::PathBuf;

use trainyard_app_core::dto::{CalendarImportOptions, CalendarImportPreview, WindowKind};
use trainyard_app_core::AppService;

use crate::util::small;

const SERIES: &str = "ics-5f8kq3vd1o2h7c9j4m6n0p1r3s@google.com";

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../trainyard-report/tests/fixtures")
        .join(name)
}

fn options(kind: WindowKind) -> CalendarImportOptions {
    CalendarImportOptions {
        kind,
        environments: vec!["prod".into()],
        services: vec![],
        prefix: String::new(),
    }
}

fn apply(
    app: &AppService,
    p: &CalendarImportPreview,
    o: &CalendarImportOptions,
    force: bool,
) -> Result<trainyard_app_core::dto::PlanSummary, trainyard_app_core::AppError> {
    app.apply_calendar_import(o, force, p.revision, &p.fingerprint)
}

fn window_ids(app: &AppService) -> Vec<String> {
    app.summary()
        .unwrap()
        .windows
        .into_iter()
        .map(|w| w.id)
        .collect()
}

#[test]
fn the_preview_lists_the_windows_with_their_first_occurrence_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small(&dir);
    let before = app.summary().unwrap();
    let o = options(WindowKind::Maintenance);
    let p = app
        .preview_calendar_import(&fixture("google-maintenance.ics"), &o)
        .unwrap();
    assert_eq!(p.file_name, "google-maintenance.ics");
    let ids: Vec<&str> = p.added.iter().map(|w| w.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            SERIES,
            &format!("{SERIES}-rdate-20270130T220000"),
            &format!("{SERIES}-moved-20270112T220000"),
        ]
    );
    let series = &p.added[0];
    assert_eq!(series.kind, WindowKind::Maintenance);
    assert_eq!(series.name.as_deref(), Some("Platform maintenance window"));
    assert_eq!(
        series.first_local.as_deref(),
        Some("2027-01-05T22:00:00+01:00")
    );
    assert_eq!(series.first_utc.as_deref(), Some("2027-01-05T21:00:00Z"));
    assert!(p.changed.is_empty() && p.removed.is_empty() && p.kind_changes.is_empty());
    assert!(!p.needs_force);
    assert_eq!(p.revision, before.revision);
    let after = app.summary().unwrap();
    assert_eq!(after.revision, before.revision, "a preview writes nothing");
    assert_eq!(after.windows, before.windows);
}

#[test]
fn apply_adds_the_windows_as_one_edit_that_undo_takes_back() {
    let dir = tempfile::tempdir().unwrap();
    let (app, path) = small(&dir);
    let before = app.summary().unwrap();
    let none = app
        .apply_calendar_import(&options(WindowKind::Blackout), false, before.revision, "")
        .unwrap_err();
    assert_eq!(none.code, "invalid_input", "no calendar chosen yet");
    let o = options(WindowKind::Maintenance);
    let file = fixture("google-maintenance.ics");
    let p = app.preview_calendar_import(&file, &o).unwrap();
    let s = apply(&app, &p, &o, false).unwrap();
    assert_eq!(s.revision, before.revision + 1, "one edit");
    assert_eq!(
        s.can_undo.as_deref(),
        Some("import calendar google-maintenance.ics")
    );
    assert_eq!(s.windows.len(), before.windows.len() + 3);
    let entity = app.entity("window", SERIES).unwrap();
    assert_eq!(entity["kind"], "maintenance");
    assert_eq!(entity["scope"]["environments"][0], "prod");

    // Importing the same calendar again changes nothing and writes nothing.
    let again = app.preview_calendar_import(&file, &o).unwrap();
    assert_eq!(again.unchanged, 3);
    assert!(again.added.is_empty() && again.changed.is_empty());
    assert_eq!(apply(&app, &again, &o, false).unwrap().revision, s.revision);

    let undone = app.undo().unwrap();
    assert_eq!(undone.windows, before.windows, "undo removes every window");
    // On disk too.
    drop(app);
    let reopened = crate::util::service(&dir);
    assert_eq!(reopened.open(&path).unwrap().windows, before.windows);
}

#[test]
fn a_kind_change_needs_force() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small(&dir);
    let file = fixture("google-maintenance.ics");
    let m = options(WindowKind::Maintenance);
    let p = app.preview_calendar_import(&file, &m).unwrap();
    apply(&app, &p, &m, false).unwrap();

    let b = options(WindowKind::Blackout);
    let p = app.preview_chosen_calendar(&b).unwrap();
    assert!(p.needs_force);
    assert_eq!(p.kind_changes.len(), 3);
    assert_eq!(p.changed.len(), 3);
    assert_eq!(
        p.kind_changes[0].previous_kind,
        Some(WindowKind::Maintenance)
    );
    assert_eq!(p.kind_changes[0].kind, WindowKind::Blackout);
    let e = apply(&app, &p, &b, false).unwrap_err();
    assert_eq!(e.code, "kind_change");
    assert!(e.message.contains(SERIES), "{}", e.message);
    assert_eq!(app.entity("window", SERIES).unwrap()["kind"], "maintenance");

    let s = apply(&app, &p, &b, true).unwrap();
    assert_eq!(app.entity("window", SERIES).unwrap()["kind"], "blackout");
    assert!(s
        .windows
        .iter()
        .filter(|w| w.id.starts_with(SERIES))
        .all(|w| w.kind == WindowKind::Blackout));
}

#[test]
fn a_preview_is_stale_once_the_plan_or_the_file_changes() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small(&dir);
    let o = options(WindowKind::Blackout);
    let copy = dir.path().join("outlook.ics");
    std::fs::copy(fixture("outlook-freezes.ics"), &copy).unwrap();
    let p = app.preview_calendar_import(&copy, &o).unwrap();
    assert!(!p.added.is_empty());

    app.set_plan_settings("Renamed", "Europe/Berlin").unwrap();
    let e = apply(&app, &p, &o, false).unwrap_err();
    assert_eq!(e.code, "stale");
    assert!(e.message.contains("plan changed"), "{}", e.message);

    let p = app.preview_calendar_import(&copy, &o).unwrap();
    let text = std::fs::read_to_string(&copy).unwrap();
    std::fs::write(
        &copy,
        text.replace("en-us:Year-end", "en-us:Moved year-end"),
    )
    .unwrap();
    let e = apply(&app, &p, &o, false).unwrap_err();
    assert_eq!(e.code, "stale");
    assert!(e.message.contains("outlook.ics changed"), "{}", e.message);

    let p = app.preview_calendar_import(&copy, &o).unwrap();
    let s = apply(&app, &p, &o, false).unwrap();
    assert!(s.windows.iter().any(|w| w.name.starts_with("Moved ")));
}

#[test]
fn calendars_and_choices_that_cannot_be_imported_are_refused_with_a_code() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small(&dir);
    let before = window_ids(&app);
    let bad = dir.path().join("bad.ics");
    std::fs::write(
        &bad,
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\n\
         DTSTART:20270105T220000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=DAILY;BYHOUR=3\r\n\
         END:VEVENT\r\nEND:VCALENDAR\r\n",
    )
    .unwrap();
    let o = options(WindowKind::Blackout);
    let e = app.preview_calendar_import(&bad, &o).unwrap_err();
    assert_eq!(e.code, "invalid_calendar");
    assert!(
        e.message.starts_with("bad.ics cannot be imported"),
        "{}",
        e.message
    );
    assert!(
        e.problems[0].field.starts_with("line 7"),
        "{:?}",
        e.problems
    );

    std::fs::write(&bad, "not a calendar").unwrap();
    let e = app.preview_calendar_import(&bad, &o).unwrap_err();
    assert_eq!(e.code, "invalid_calendar");

    std::fs::write(&bad, b"BEGIN:VCALENDAR\r\n\xff\r\n").unwrap();
    let e = app.preview_calendar_import(&bad, &o).unwrap_err();
    assert_eq!(e.code, "invalid_calendar");
    assert!(
        e.message.contains("not valid UTF-8 at line 2"),
        "{}",
        e.message
    );

    let e = app
        .preview_calendar_import(&dir.path().join("missing.ics"), &o)
        .unwrap_err();
    assert_eq!(e.code, "not_found");

    let mut unknown = o.clone();
    unknown.environments = vec!["moon".into()];
    let e = app
        .preview_calendar_import(&fixture("google-maintenance.ics"), &unknown)
        .unwrap_err();
    assert_eq!(e.code, "invalid_input");
    assert!(e.message.contains("\"moon\""), "{}", e.message);

    // A prefix that makes the id of a window the calendar did not make.
    let mut taken = o.clone();
    taken.prefix = "x-".into();
    let p = app
        .preview_calendar_import(&fixture("google-maintenance.ics"), &taken)
        .unwrap();
    let first = p.added[0].id.clone();
    app.save_entity(
        "window",
        None,
        &serde_json::json!({"id": first, "kind": "blackout", "start": "2027-01-01T00:00",
            "duration": "PT1H", "timezone": "UTC"}),
    )
    .unwrap();
    let e = app
        .preview_calendar_import(&fixture("google-maintenance.ics"), &taken)
        .unwrap_err();
    assert_eq!(e.code, "exists");
    assert!(e.message.contains("another prefix"), "{}", e.message);
    assert_eq!(window_ids(&app).len(), before.len() + 1);
}
