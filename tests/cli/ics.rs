//! `trainyard export-ics` and `trainyard import-ics`: calendars out of a plan
//! and back in as windows, into JSON plans and stores.

use std::path::Path;

use serde_json::Value;
use trainyard_tests::{trainyard, TempPlan};

use crate::tools::*;

/// Exports the example as a calendar to `<dir>/<name>`.
fn exported(dir: &Path, name: &str, extra: &[&str]) -> std::path::PathBuf {
    let ics = dir.join(name);
    let plan = payments();
    let mut args = vec![
        "export-ics",
        s(&plan),
        "-o",
        s(&ics),
        "--generated-at",
        GENERATED_AT,
    ];
    args.extend_from_slice(extra);
    trainyard(&args).expect_code(0);
    ics
}

fn windows_of(plan_json: &str) -> Vec<Value> {
    let v: Value = serde_json::from_str(plan_json).expect("the plan is JSON");
    v["windows"].as_array().cloned().unwrap_or_default()
}

fn store_windows(store: &Path) -> Vec<Value> {
    let run = trainyard(&["export", s(store), "--to", "-"]);
    run.expect_code(0);
    windows_of(&run.stdout)
}

/// `(rule, window)` of every conflict `trainyard check` reports.
fn conflicts(plan: &Path) -> Vec<(String, String)> {
    trainyard(&["check", s(plan), "--format", "json"]).json()["conflicts"]
        .as_array()
        .expect("conflicts")
        .iter()
        .map(|c| {
            (
                c["rule"].as_str().unwrap().to_owned(),
                c["window"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

const BAD: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:e1@x\r\n\
DTSTART:20270105T090000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=DAILY;BYHOUR=9,17\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

const HOLIDAY: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n\
UID:epiphany@holidays.example\r\nDTSTART;VALUE=DATE:20270105\r\nSUMMARY:Holiday\r\n\
END:VEVENT\r\nBEGIN:VEVENT\r\nUID:gone@holidays.example\r\nSTATUS:CANCELLED\r\n\
DTSTART;VALUE=DATE:20270106\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

#[test]
fn export_writes_a_calendar_with_the_given_dtstamp() {
    let dir = tempfile::tempdir().unwrap();
    let ics = exported(dir.path(), "all.ics", &[]);
    let text = std::fs::read_to_string(&ics).unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
    assert!(
        text.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin"),
        "{text}"
    );
    let stamps: Vec<&str> = text.lines().filter(|l| l.starts_with("DTSTAMP:")).collect();
    assert!(!stamps.is_empty());
    assert!(
        stamps.iter().all(|l| *l == "DTSTAMP:20270104T083000Z"),
        "{stamps:?}"
    );
    for d in ["d1", "d2", "d3", "d4", "d5"] {
        assert!(text.contains(&format!("UID:deployment-{d}@")), "{d}");
    }
    // `-o -` writes the same calendar to stdout.
    let run = trainyard(&[
        "export-ics",
        s(&payments()),
        "-o",
        "-",
        "--generated-at",
        GENERATED_AT,
    ]);
    run.expect_code(0);
    assert_eq!(run.stdout, text);
    assert_eq!(files_in(dir.path()), ["all.ics"]);
}

#[test]
fn export_filters_by_release_and_environment() {
    let dir = tempfile::tempdir().unwrap();
    let r1 = std::fs::read_to_string(exported(dir.path(), "r1.ics", &["--release", "r1"])).unwrap();
    assert!(r1.contains("UID:deployment-d1@") && r1.contains("UID:deployment-d2@"));
    assert!(!r1.contains("UID:deployment-d3@"), "{r1}");
    let staging = std::fs::read_to_string(exported(
        dir.path(),
        "st.ics",
        &["--environment", "staging"],
    ))
    .unwrap();
    assert!(staging.contains("UID:deployment-d1@") && staging.contains("UID:deployment-d3@"));
    assert!(!staging.contains("UID:deployment-d2@"), "{staging}");
    let out = dir.path().join("x.ics");
    assert_usage_error(
        &[
            "export-ics",
            s(&payments()),
            "-o",
            s(&out),
            "--release",
            "r9",
        ],
        "'--release'",
        "export-ics",
    );
    assert_usage_error(
        &[
            "export-ics",
            s(&payments()),
            "-o",
            s(&out),
            "--environment",
            "qa",
        ],
        "'--environment'",
        "export-ics",
    );
    assert!(!out.exists());
}

#[test]
fn exported_events_imported_as_blackouts_are_seen_by_check_and_reimport_updates() {
    let dir = tempfile::tempdir().unwrap();
    let ics = exported(dir.path(), "all.ics", &[]);
    let plan = payments_copy(dir.path());
    let before = windows_of(&std::fs::read_to_string(&plan).unwrap()).len();
    assert!(
        !conflicts(&plan)
            .iter()
            .any(|(r, w)| r == "blackout" && w.starts_with("ics-")),
        "no imported blackout yet"
    );

    let run = trainyard(&[
        "import-ics",
        s(&plan),
        s(&ics),
        "--kind",
        "blackout",
        "--environments",
        "prod",
    ]);
    run.expect_code(0);
    assert!(run.stdout.contains("imported 7 windows"), "{}", run.stdout);
    assert!(
        run.stdout.contains("7 added, 0 updated, 0 unchanged"),
        "{}",
        run.stdout
    );
    let text = std::fs::read_to_string(&plan).unwrap();
    let windows = windows_of(&text);
    assert_eq!(windows.len(), before + 7);
    let d2 = windows
        .iter()
        .find(|w| w["id"].as_str().unwrap().starts_with("ics-deployment-d2@"))
        .expect("the event of d2 became a window");
    assert_eq!(d2["kind"], "blackout");
    assert_eq!(d2["scope"]["environments"], serde_json::json!(["prod"]));
    // The deployment d2 (prod) now lies in the blackout made from its own event.
    let found = conflicts(&plan);
    assert!(
        found
            .iter()
            .any(|(r, w)| r == "blackout" && w.starts_with("ics-deployment-d2@")),
        "{found:?}"
    );
    assert_eq!(
        files_in(dir.path()),
        ["all.ics", "plan.json"],
        "no temporary file is left"
    );

    // The same file again: nothing changes, nothing is written.
    let run = trainyard(&[
        "import-ics",
        s(&plan),
        s(&ics),
        "--kind",
        "blackout",
        "--environments",
        "prod",
    ]);
    run.expect_code(0);
    assert!(
        run.stdout.contains("0 added, 0 updated, 7 unchanged"),
        "{}",
        run.stdout
    );
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), text);

    // Another scope: the same windows are updated, none added.
    let run = trainyard(&[
        "import-ics",
        s(&plan),
        s(&ics),
        "--kind",
        "blackout",
        "--environments",
        "prod,staging",
    ]);
    run.expect_code(0);
    assert!(
        run.stdout.contains("0 added, 7 updated, 0 unchanged"),
        "{}",
        run.stdout
    );
    let windows = windows_of(&std::fs::read_to_string(&plan).unwrap());
    assert_eq!(
        windows.len(),
        before + 7,
        "re-import updates, it does not duplicate"
    );
    let found = conflicts(&plan);
    assert!(
        found
            .iter()
            .any(|(r, w)| r == "blackout" && w.starts_with("ics-deployment-d1@")),
        "staging is now in scope: {found:?}"
    );
}

#[test]
fn import_into_a_store_is_one_audited_edit() {
    let dir = tempfile::tempdir().unwrap();
    let ics = exported(dir.path(), "all.ics", &[]);
    let store = payments_store(dir.path());
    let before = store_windows(&store).len();
    let entries = |store: &Path| {
        let run = trainyard(&["audit", "verify", s(store), "--format", "json"]);
        run.expect_code(0);
        let v = run.json();
        assert_eq!(v["ok"], true);
        v["entries"].as_u64().unwrap()
    };
    let entries_before = entries(&store);

    let run = trainyard(&[
        "import-ics",
        s(&store),
        s(&ics),
        "--kind",
        "maintenance",
        "--services",
        "payments",
    ]);
    run.expect_code(0);
    assert!(run.stdout.contains("7 added"), "{}", run.stdout);
    assert!(run.stdout.contains("(revision "), "{}", run.stdout);
    let windows = store_windows(&store);
    assert_eq!(windows.len(), before + 7);
    assert!(windows.iter().any(|w| {
        w["id"].as_str().unwrap().starts_with("ics-window-mw-prod@")
            && w["kind"] == "maintenance"
            && w["scope"]["services"] == serde_json::json!(["payments"])
    }));
    assert_eq!(
        entries(&store),
        entries_before + 1,
        "one edit, one audit entry"
    );
    trainyard(&["audit", "verify", s(&store)]).expect_code(0);

    // Again: nothing to write, no audit entry.
    let run = trainyard(&[
        "import-ics",
        s(&store),
        s(&ics),
        "--kind",
        "maintenance",
        "--services",
        "payments",
    ]);
    run.expect_code(0);
    assert!(run.stdout.contains("7 unchanged"), "{}", run.stdout);
    assert_eq!(entries(&store), entries_before + 1);
    // Another kind: refused, naming the windows, until forced.
    let other_kind = [
        "import-ics",
        s(&store),
        s(&ics),
        "--kind",
        "blackout",
        "--services",
        "payments",
    ];
    let run = trainyard(&other_kind);
    run.expect_code(2);
    assert!(
        run.stderr.contains("7 windows would change kind")
            && run.stderr.contains("--force")
            && run.stderr.contains("was imported as a maintenance window"),
        "{}",
        run.stderr
    );
    assert_eq!(entries(&store), entries_before + 1, "nothing written");
    // The dry run lists what would change, with the kind it had.
    let run = trainyard(&[&other_kind[..], &["--dry-run"]].concat());
    run.expect_code(0);
    assert!(
        run.stdout
            .contains("  change ics-window-mw-prod@trainyard (blackout, was maintenance)"),
        "{}",
        run.stdout
    );
    let run = trainyard(&[&other_kind[..], &["--force"]].concat());
    run.expect_code(0);
    assert!(run.stdout.contains("0 added, 7 updated"), "{}", run.stdout);
    assert_eq!(store_windows(&store).len(), before + 7);
    assert_eq!(entries(&store), entries_before + 2);
}

#[test]
fn unsupported_recurrence_names_the_line_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ics");
    std::fs::write(&bad, BAD).unwrap();
    let plan = payments_copy(dir.path());
    let store = payments_store(dir.path());
    for target in [&plan, &store] {
        let before = std::fs::read(target).unwrap();
        let run = trainyard(&["import-ics", s(target), s(&bad), "--kind", "blackout"]);
        run.expect_code(2);
        assert_eq!(run.stdout, "");
        assert!(
            run.stderr.contains("ics line 7 (uid e1@x)"),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains("BYHOUR"), "{}", run.stderr);
        assert!(run.stderr.contains("unchanged"), "{}", run.stderr);
        assert!(
            std::fs::read(target).unwrap() == before,
            "{} changed",
            target.display()
        );
    }
    // Not a calendar at all.
    let junk = dir.path().join("junk.ics");
    std::fs::write(&junk, "hello\r\n").unwrap();
    let before = std::fs::read(&plan).unwrap();
    let run = trainyard(&["import-ics", s(&plan), s(&junk), "--kind", "blackout"]);
    run.expect_code(2);
    assert!(run.stderr.contains("ics line 1"), "{}", run.stderr);
    assert!(std::fs::read(&plan).unwrap() == before);
}

#[test]
fn scope_ids_must_exist() {
    let dir = tempfile::tempdir().unwrap();
    let ics = dir.path().join("h.ics");
    std::fs::write(&ics, HOLIDAY).unwrap();
    let plan = payments_copy(dir.path());
    let before = std::fs::read(&plan).unwrap();
    assert_usage_error(
        &[
            "import-ics",
            s(&plan),
            s(&ics),
            "--kind",
            "blackout",
            "--environments",
            "prod,qa",
        ],
        "unknown environment id \"qa\"",
        "import-ics",
    );
    assert_usage_error(
        &[
            "import-ics",
            s(&plan),
            s(&ics),
            "--kind",
            "blackout",
            "--services",
            "billing",
        ],
        "unknown service id \"billing\"",
        "import-ics",
    );
    assert!(std::fs::read(&plan).unwrap() == before);
}

#[test]
fn warnings_dry_runs_and_prefixes() {
    let dir = tempfile::tempdir().unwrap();
    let ics = dir.path().join("h.ics");
    std::fs::write(&ics, HOLIDAY).unwrap();
    let plan = payments_copy(dir.path());
    let before = std::fs::read(&plan).unwrap();
    let run = trainyard(&[
        "import-ics",
        s(&plan),
        s(&ics),
        "--kind",
        "blackout",
        "--dry-run",
    ]);
    run.expect_code(0);
    assert!(
        run.stdout.contains("would import 1 window"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("dry run"), "{}", run.stdout);
    assert!(
        run.stderr.contains("warning:") && run.stderr.contains("cancelled"),
        "{}",
        run.stderr
    );
    assert!(
        std::fs::read(&plan).unwrap() == before,
        "a dry run writes nothing"
    );

    let run = trainyard(&[
        "import-ics",
        s(&plan),
        s(&ics),
        "--kind",
        "blackout",
        "--prefix",
        "hol-",
    ]);
    run.expect_code(0);
    let windows = windows_of(&std::fs::read_to_string(&plan).unwrap());
    let w = windows
        .iter()
        .find(|w| w["id"] == "hol-epiphany@holidays.example")
        .expect("the holiday window with the prefix");
    assert_eq!(
        w["timezone"], "Europe/Berlin",
        "all-day events are in the plan's zone"
    );
    assert_eq!(w["duration"], "P1D");
    // The plan, re-read, is valid; d1 (staging, 5 Jan 09:00 local) is now in a blackout.
    let found = conflicts(&plan);
    assert!(
        found
            .iter()
            .any(|(r, w)| r == "blackout" && w == "hol-epiphany@holidays.example"),
        "{found:?}"
    );
}

#[test]
fn a_window_that_did_not_come_from_the_calendar_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let ics = dir.path().join("clash.ics");
    std::fs::write(
        &ics,
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:mw-prod\r\nDTSTART:20270105T090000Z\r\n\
DURATION:PT1H\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    )
    .unwrap();
    let plan = payments_copy(dir.path());
    let before = std::fs::read(&plan).unwrap();
    let run = trainyard(&[
        "import-ics",
        s(&plan),
        s(&ics),
        "--kind",
        "blackout",
        "--prefix",
        "",
    ]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("\"mw-prod\" already exists"),
        "{}",
        run.stderr
    );
    assert!(std::fs::read(&plan).unwrap() == before);
}

#[test]
fn import_reads_the_calendar_from_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let plan = payments_copy(dir.path());
    let run = trainyard_tests::trainyard_with_stdin(
        &["import-ics", s(&plan), "-", "--kind", "maintenance"],
        HOLIDAY,
    );
    run.expect_code(0);
    assert!(run.stdout.contains("from standard input"), "{}", run.stdout);
}

#[test]
fn an_invalid_plan_is_not_touched() {
    let plan = TempPlan::new("{\"environments\": [{\"id\": \"prod\"}]}");
    let ics = plan.dir().join("h.ics");
    std::fs::write(&ics, HOLIDAY).unwrap();
    let run = trainyard(&["import-ics", s(plan.path()), s(&ics), "--kind", "blackout"]);
    run.expect_code(2);
    assert!(
        run.stderr.starts_with("$.environments[0].order: "),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(plan.path()).unwrap(),
        "{\"environments\": [{\"id\": \"prod\"}]}"
    );
}

#[test]
fn ics_help_and_bad_arguments() {
    assert_help("export-ics");
    assert_help("import-ics");
    let p = payments();
    assert_usage_error(
        &["export-ics", s(&p)],
        "missing required option '-o/--output OUT.ics'",
        "export-ics",
    );
    assert_usage_error(
        &["import-ics", s(&p), "x.ics"],
        "missing required option '--kind",
        "import-ics",
    );
    assert_usage_error(
        &["import-ics", s(&p), "x.ics", "--kind", "freeze"],
        "'freeze'",
        "import-ics",
    );
    assert_usage_error(
        &["import-ics", s(&p)],
        "missing argument FILE.ics",
        "import-ics",
    );
    assert_usage_error(
        &["import-ics", "-", "x.ics", "--kind", "blackout"],
        "not '-'",
        "import-ics",
    );
    assert_usage_error(
        &[
            "import-ics",
            s(&p),
            "x.ics",
            "--kind",
            "blackout",
            "--environments",
            "prod,,qa",
        ],
        "empty id",
        "import-ics",
    );
    let run = trainyard(&["import-ics", s(&p), "/no/such.ics", "--kind", "blackout"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("cannot read '/no/such.ics'"),
        "{}",
        run.stderr
    );
}
