//! Calendars as Google Calendar and Outlook write them (`tests/fixtures/`:
//! CRLF, folded lines, Windows zone names, Outlook's "Customized Time Zone",
//! moved and cancelled occurrences, RDATE): imported, compared with what
//! Python's icalendar + recurring_ical_events read from the same file, then
//! exported and read back by the same library.

use std::collections::BTreeSet;

use chrono::{TimeZone, Utc};
use serde_json::{json, Value};
use trainyard_core::time::Instant;
use trainyard_core::windows::occurrences;
use trainyard_core::{parse_plan, Scope, Window, WindowKind};
use trainyard_report::{export_ics, import_ics, preview_import, IcsFilter, ImportedWindows};

use crate::support::TempDir;

fn fixture(name: &str) -> (String, String) {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    (path, text)
}

fn utc(y: i32, m: u32, d: u32) -> Instant {
    Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).single().unwrap()
}

fn z(t: Instant) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

const FROM: (i32, u32, u32) = (2027, 1, 1);
const TO: (i32, u32, u32) = (2028, 1, 15);

fn import(text: &str) -> ImportedWindows {
    import_ics(
        text,
        WindowKind::Blackout,
        &Scope::default(),
        "ics-",
        chrono_tz::Europe::Berlin,
    )
    .unwrap_or_else(|e| panic!("the fixture imports: {e}"))
}

/// Every occurrence of the windows in [FROM, TO), sorted.
fn ours(windows: &[Window]) -> Vec<(String, String)> {
    let (from, to) = (utc(FROM.0, FROM.1, FROM.2), utc(TO.0, TO.1, TO.2));
    let mut all: Vec<(String, String)> = windows
        .iter()
        .flat_map(|w| occurrences(w, from, to))
        .filter(|o| o.start >= from)
        .map(|o| (z(o.start), z(o.end)))
        .collect();
    all.sort();
    all
}

/// What python reads from each file: every occurrence of the events whose
/// UID passes `keep`, sorted.
fn python(files: &[(&str, String, bool)]) -> Vec<Vec<(String, String)>> {
    let dir = TempDir::new();
    let cases: Vec<Value> = files
        .iter()
        .map(|(name, path, check_zones)| {
            json!({"name": name, "ics": path, "from": z(utc(FROM.0, FROM.1, FROM.2)),
                   "to": z(utc(TO.0, TO.1, TO.2)), "check_zones": check_zones,
                   "skip_cancelled": true})
        })
        .collect();
    let manifest = dir.write(
        "manifest.json",
        serde_json::to_vec(&json!({ "cases": cases })).unwrap(),
    );
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/ics_check.py");
    let out = std::process::Command::new("python3")
        .arg(script)
        .arg(&manifest)
        .output()
        .expect("python3 runs (needs icalendar and recurring_ical_events)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let problems: Vec<&Value> = c["errors"]
                .as_array()
                .unwrap()
                .iter()
                .chain(c["tz_mismatches"].as_array().unwrap())
                .collect();
            assert!(problems.is_empty(), "{}: {problems:?}", c["name"]);
            let mut all: Vec<(String, String)> = c["occurrences"]
                .as_object()
                .unwrap()
                .iter()
                .filter(|(uid, _)| !uid.starts_with("deployment-"))
                .flat_map(|(_, occ)| occ.as_array().unwrap().clone())
                .map(|p| {
                    (
                        p[0].as_str().unwrap().to_owned(),
                        p[1].as_str().unwrap().to_owned(),
                    )
                })
                .collect();
            all.sort();
            all
        })
        .collect()
}

/// A plan holding the imported windows, exported to a file.
fn exported(dir: &TempDir, name: &str, windows: &[Window]) -> String {
    let mut plan = parse_plan(r#"{"name": "Imported", "timezone": "Europe/Berlin"}"#).unwrap();
    plan.windows = windows.to_vec();
    let text = export_ics(&plan, &IcsFilter::default()).unwrap();
    dir.write(name, &text).display().to_string()
}

#[test]
fn google_and_outlook_calendars_import_as_python_reads_them_and_survive_a_round_trip() {
    let dir = TempDir::new();
    let mut files = vec![];
    let mut imported = vec![];
    for name in ["google-maintenance.ics", "outlook-freezes.ics"] {
        let (path, text) = fixture(name);
        assert!(text.contains("\r\n ") && !text.replace("\r\n", "").contains('\n'));
        let windows = import(&text).windows;
        files.push((name, path, false));
        files.push((
            "export",
            exported(&dir, &format!("re-{name}"), &windows),
            true,
        ));
        imported.push(windows);
    }
    let read = python(&files);
    for (i, windows) in imported.iter().enumerate() {
        let mine = ours(windows);
        assert!(mine.len() >= 3, "{mine:?}");
        assert_eq!(
            mine,
            read[2 * i],
            "{}: the import differs from python",
            files[2 * i].0
        );
        assert_eq!(
            mine,
            read[2 * i + 1],
            "{}: the re-export differs from python",
            files[2 * i].0
        );
    }
}

#[test]
fn a_moved_occurrence_becomes_an_exdate_and_a_one_off_and_a_cancelled_one_an_exdate() {
    let w = import(&fixture("google-maintenance.ics").1).windows;
    let ids: Vec<&str> = w.iter().map(|w| w.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "ics-5f8kq3vd1o2h7c9j4m6n0p1r3s@google.com",
            "ics-5f8kq3vd1o2h7c9j4m6n0p1r3s@google.com-rdate-20270130T220000",
            "ics-5f8kq3vd1o2h7c9j4m6n0p1r3s@google.com-moved-20270112T220000",
        ]
    );
    let series = &w[0];
    let ex: Vec<String> = series.exdates.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        ex,
        [
            "2027-01-12 22:00:00",
            "2027-01-19 22:00:00",
            "2027-01-26 22:00:00"
        ]
    );
    assert_eq!(w[2].start.to_string(), "2027-01-13 23:00:00");
    assert!(w[2].rrule.is_none() && w[1].rrule.is_none());
}

#[test]
fn outlook_ids_are_short_and_stable_and_its_customized_zone_is_the_iana_zone_with_its_rules() {
    let text = fixture("outlook-freezes.ics").1;
    let a = import(&text).windows;
    let b = import(&text).windows;
    assert_eq!(a, b, "the same calendar gives the same ids");
    for w in &a {
        assert!(w.id.as_str().len() <= 40, "{}", w.id);
        assert!(w.x.as_ref().unwrap()["ics_uid"].as_str().unwrap().len() > 100);
    }
    let zones: BTreeSet<&str> = a.iter().map(|w| w.timezone.name()).collect();
    assert_eq!(zones, BTreeSet::from(["America/New_York", "Europe/Berlin"]));
    assert!(a
        .iter()
        .any(|w| w.id.as_str().ends_with("-moved-20270201T180000")));
}

#[test]
fn a_zone_definition_no_iana_zone_has_is_refused_with_its_offsets() {
    let text = fixture("outlook-freezes.ics")
        .1
        .replace("TZOFFSETFROM:-0400", "TZOFFSETFROM:+0615")
        .replace("TZOFFSETTO:-0400", "TZOFFSETTO:+0615")
        .replace("TZOFFSETFROM:-0500", "TZOFFSETFROM:+0545")
        .replace("TZOFFSETTO:-0500", "TZOFFSETTO:+0545");
    let err = import_ics(
        &text,
        WindowKind::Blackout,
        &Scope::default(),
        "ics-",
        chrono_tz::UTC,
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("VTIMEZONE \"Customized Time Zone\"")
            && err.contains("UTC+05:45, UTC+06:15")
            && err.contains("no IANA time zone"),
        "{err}"
    );
}

#[test]
fn the_preview_lists_adds_changes_and_removals_and_flags_kind_changes() {
    let text = fixture("google-maintenance.ics").1;
    let mut plan = parse_plan(r#"{"timezone": "Europe/Berlin"}"#).unwrap();
    let first = preview_import(&plan, &import(&text)).unwrap();
    assert_eq!(
        (first.added.len(), first.changed.len(), first.removed.len()),
        (3, 0, 0)
    );
    assert_eq!(
        first.added[0].first.map(z).as_deref(),
        Some("2027-01-05T21:00:00Z")
    );
    plan.apply(&first.changes).unwrap();

    // The moved occurrence moved back: its one-off goes, the series changes.
    let back = text.replace("RECURRENCE-ID;TZID=Europe/Berlin:20270112T220000\r\n", "")
        .replace("DTSTART;TZID=Europe/Berlin:20270113T230000\r\nDTEND;TZID=Europe/Berlin:20270114T020000\r\nDTSTAMP:20261220T101500Z\r\nUID:5f8kq3vd1o2h7c9j4m6n0p1r3s@google.com\r\n", "DTSTART;TZID=Europe/Berlin:20270113T230000\r\nDTEND;TZID=Europe/Berlin:20270114T020000\r\nDTSTAMP:20261220T101500Z\r\nUID:other@google.com\r\n");
    let second = preview_import(&plan, &import(&back)).unwrap();
    assert_eq!(second.removed.len(), 1, "{second:?}");
    assert!(second.removed[0].id.contains("-moved-"));
    assert_eq!(second.changed.len(), 1);
    assert!(second.kind_changes.is_empty());

    // The same calendar as maintenance windows: every window changes kind.
    let as_maintenance = import_ics(
        &text,
        WindowKind::Maintenance,
        &Scope::default(),
        "ics-",
        chrono_tz::Europe::Berlin,
    )
    .unwrap();
    let third = preview_import(&plan, &as_maintenance).unwrap();
    assert_eq!(third.kind_changes.len(), 3);
    assert_eq!(
        third.kind_changes[0].previous_kind,
        Some(WindowKind::Blackout)
    );
}
