//! The store commands: import, export, audit verify, and `.trainyard` files
//! read wherever a PLAN is accepted.

use std::path::{Path, PathBuf};

use trainyard_tests::{example, trainyard, TempPlan};

fn payments() -> PathBuf {
    example("payments-q1.json")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("temporary paths are UTF-8")
}

/// Imports the example into `<dir>/plan.trainyard` and returns its path.
fn imported(dir: &Path) -> PathBuf {
    let store = dir.join("plan.trainyard");
    let run = trainyard(&["import", s(&payments()), "--to", s(&store)]);
    run.expect_code(0);
    assert!(store.exists());
    store
}

#[test]
fn a_store_checks_exactly_like_the_json_it_was_imported_from() {
    let dir = tempfile::tempdir().unwrap();
    let store = imported(dir.path());
    for format in ["json", "text"] {
        let from_json = trainyard(&["check", s(&payments()), "--format", format]);
        let from_store = trainyard(&["check", s(&store), "--format", format]);
        from_store.expect_code(1);
        assert_eq!(from_store.stdout, from_json.stdout, "{format}");
    }
}

#[test]
fn a_store_is_recognised_by_its_header_not_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let store = imported(dir.path());
    let renamed = dir.path().join("plan.json");
    std::fs::rename(&store, &renamed).unwrap();
    trainyard(&["check", s(&renamed)]).expect_code(1);
    let run = trainyard(&[
        "gate",
        s(&renamed),
        "--service",
        "payments",
        "--environment",
        "prod",
        "--at",
        "2027-01-12T22:30:00+01:00",
    ]);
    run.expect_code(0);
}

#[test]
fn import_never_overwrites_an_existing_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = imported(dir.path());
    let before = std::fs::read(&store).unwrap();
    let run = trainyard(&["import", s(&payments()), "--to", s(&store)]);
    run.expect_code(2);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert_eq!(std::fs::read(&store).unwrap(), before);
}

#[test]
fn import_of_an_invalid_plan_lists_its_problems_and_writes_nothing() {
    let plan = TempPlan::new("{\"environments\": [{\"id\": \"prod\"}]}");
    let store = plan.dir().join("x.trainyard");
    let run = trainyard(&["import", s(plan.path()), "--to", s(&store)]);
    run.expect_code(2);
    assert!(
        run.stderr.starts_with("$.environments[0].order: "),
        "{}",
        run.stderr
    );
    assert!(!store.exists());
}

#[test]
fn import_of_a_store_copies_it_with_its_audit_trail_and_never_over_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = imported(dir.path());
    let copy = dir.path().join("b.trainyard");
    trainyard(&["import", s(&store), "--to", s(&copy)]).expect_code(0);
    let verified = trainyard(&["audit", "verify", s(&copy), "--format", "json"]);
    verified.expect_code(0);
    assert_eq!(verified.json()["entries"], 1);
    let a = trainyard(&["export", s(&store), "--to", "-"]);
    let b = trainyard(&["export", s(&copy), "--to", "-"]);
    assert_eq!(a.stdout, b.stdout);
    let again = trainyard(&["import", s(&store), "--to", s(&copy)]);
    again.expect_code(2);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
}

#[test]
fn export_round_trips_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let store = imported(dir.path());
    let a = dir.path().join("a.json");
    trainyard(&["export", s(&store), "--to", s(&a)]).expect_code(0);
    let first = std::fs::read_to_string(&a).unwrap();

    // The export is the canonical form of the original plan...
    let original = std::fs::read_to_string(payments()).unwrap();
    let canonical = trainyard_core::plan_to_json(&trainyard_core::parse_plan(&original).unwrap());
    assert_eq!(first, canonical);

    // ...and importing and exporting it again changes nothing.
    let store2 = dir.path().join("b.trainyard");
    trainyard(&["import", s(&a), "--to", s(&store2)]).expect_code(0);
    let run = trainyard(&["export", s(&store2), "--to", "-"]);
    run.expect_code(0);
    assert_eq!(run.stdout, first);

    // Only the exported files and the stores are left: no temporary files.
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with("-wal") && !n.ends_with("-shm"))
        .collect();
    names.sort();
    assert_eq!(names, ["a.json", "b.trainyard", "plan.trainyard"]);
}

#[test]
fn export_replaces_an_existing_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = imported(dir.path());
    let out = dir.path().join("out.json");
    std::fs::write(&out, "old").unwrap();
    trainyard(&["export", s(&store), "--to", s(&out)]).expect_code(0);
    assert!(std::fs::read_to_string(&out).unwrap().starts_with('{'));
}

#[test]
fn export_and_audit_need_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.trainyard");
    for args in [
        vec!["export", s(&payments()), "--to", "-"],
        vec!["export", s(&missing), "--to", "-"],
        vec!["audit", "verify", s(&payments())],
        vec!["audit", "verify", s(&missing)],
    ] {
        let run = trainyard(&args);
        run.expect_code(2);
        assert_eq!(run.stdout, "", "{args:?}");
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    }
    assert!(!missing.exists(), "nothing creates the missing store");
}

#[test]
fn audit_verify_accepts_an_untouched_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = imported(dir.path());
    let run = trainyard(&["audit", "verify", s(&store), "--format", "json"]);
    run.expect_code(0);
    let v = run.json();
    assert_eq!(v["ok"], true);
    assert!(
        v["entries"].as_u64().unwrap() >= 1,
        "the import is audited: {v}"
    );
    assert_eq!(v["first_bad_seq"], serde_json::Value::Null);
    let run = trainyard(&["audit", "verify", s(&store)]);
    run.expect_code(0);
    assert!(run.stdout.starts_with("ok: "), "{}", run.stdout);
}

#[test]
fn audit_verify_finds_a_tampered_entry() {
    let dir = tempfile::tempdir().unwrap();
    let store = imported(dir.path());
    {
        // A tamperer with the file in hand gets past the append-only triggers
        // (whatever they are called) by dropping them first.
        let conn = rusqlite::Connection::open(&store).unwrap();
        let triggers: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit'")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for t in triggers {
            conn.execute(&format!("DROP TRIGGER \"{t}\""), []).unwrap();
        }
        let changed = conn
            .execute("UPDATE audit SET user = 'mallory' WHERE seq = 1", [])
            .unwrap();
        assert_eq!(changed, 1);
    }
    let run = trainyard(&["audit", "verify", s(&store), "--format", "json"]);
    run.expect_code(1);
    let v = run.json();
    assert_eq!(v["ok"], false);
    assert_eq!(v["first_bad_seq"], 1);
    assert!(v["problem"].as_str().is_some_and(|p| !p.is_empty()));
    let run = trainyard(&["audit", "verify", s(&store)]);
    run.expect_code(1);
    assert!(run.stdout.starts_with("tampered: "), "{}", run.stdout);
    assert!(run.stdout.contains("first bad entry: 1"), "{}", run.stdout);
}
