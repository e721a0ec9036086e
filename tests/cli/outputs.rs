//! Outputs never replace the plan being read (by its own path, a symbolic
//! link or a hard link) nor any Trainyard store: every command that writes
//! a file refuses, exit 2, and the file stays byte for byte.

use std::path::{Path, PathBuf};

use trainyard_tests::{example, trainyard};

fn s(p: &Path) -> &str {
    p.to_str().expect("temporary paths are UTF-8")
}

fn import(json: &Path, store: &Path) {
    trainyard(&["import", s(json), "--to", s(store)]).expect_code(0);
}

/// Runs `args`, expects the one-line refusal, and checks `target` unchanged.
#[track_caller]
fn refused(args: &[&str], target: &Path, says: &str) {
    let before = std::fs::read(target).unwrap();
    let run = trainyard(args);
    run.expect_code(2);
    assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert_eq!(std::fs::read(target).unwrap(), before, "{args:?}");
}

fn setup() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("plan.json");
    std::fs::copy(example("payments-q1.json"), &json).unwrap();
    let store = dir.path().join("plan.trainyard");
    import(&json, &store);
    (dir, json, store)
}

#[test]
fn export_never_replaces_the_store_it_reads_nor_any_other_store() {
    let (dir, json, store) = setup();
    let hard = dir.path().join("hard.trainyard");
    std::fs::hard_link(&store, &hard).unwrap();
    let soft = dir.path().join("soft.trainyard");
    std::os::unix::fs::symlink(&store, &soft).unwrap();
    let other = dir.path().join("other.trainyard");
    import(&json, &other);
    for to in [&store, &hard, &soft] {
        refused(
            &["export", s(&store), "--to", s(to)],
            &store,
            "it is the plan being read",
        );
    }
    refused(
        &["export", s(&store), "--to", s(&other)],
        &other,
        "it is a Trainyard plan store",
    );
    trainyard(&["audit", "verify", s(&store)]).expect_code(0);
}

#[test]
fn reports_calendars_and_tables_never_replace_the_plan_or_a_store() {
    let (dir, json, store) = setup();
    let hard_json = dir.path().join("hard.json");
    std::fs::hard_link(&json, &hard_json).unwrap();
    let hard_store = dir.path().join("hard.trainyard");
    std::fs::hard_link(&store, &hard_store).unwrap();
    for (plan, out, says) in [
        (&json, &hard_json, "the plan being read"),
        (&store, &hard_store, "the plan being read"),
        (&json, &store, "Trainyard plan store"),
    ] {
        for args in [
            vec!["report", "summary", s(plan), "-o", s(out)],
            vec!["report", "cab", s(plan), "--release", "r1", "-o", s(out)],
            vec!["export-ics", s(plan), "-o", s(out)],
            vec!["export-csv", s(plan), "-o", s(out)],
        ] {
            refused(&args, out, says);
        }
    }
}
