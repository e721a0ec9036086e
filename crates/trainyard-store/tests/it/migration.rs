//! A file written by schema 1 (committed in `tests/fixtures/`, made by the
//! release that wrote schema 1) opens, is upgraded, and verifies; the trail
//! binds the plan from the first edit after the upgrade.

use std::path::PathBuf;

use trainyard_store::{verify_audit_file, Store, SCHEMA_VERSION};

use crate::util::*;

/// A copy of the schema 1 fixture in a temporary directory.
fn schema1_copy() -> (tempfile::TempDir, PathBuf) {
    let fixture = format!(
        "{}/tests/fixtures/schema1.trainyard",
        env!("CARGO_MANIFEST_DIR")
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.trainyard");
    std::fs::copy(fixture, &path).unwrap();
    (dir, path)
}

fn user_version(path: &std::path::Path) -> i64 {
    raw(path)
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap()
}

#[test]
fn a_schema_1_file_verifies_before_and_after_the_upgrade() {
    let (_d, path) = schema1_copy();
    assert_eq!(user_version(&path), 1);
    let v = verify_audit_file(&path).unwrap();
    assert!(v.ok && !v.plan_bound, "read without upgrading: {v:?}");
    assert_eq!(user_version(&path), 1, "verifying does not upgrade");

    let store = Store::open(&path, opts()).unwrap();
    assert_eq!(store.plan(), &example());
    let v = store.verify_audit().unwrap();
    assert!(v.ok, "{v:?}");
    assert!(
        !v.plan_bound,
        "no entry binds the plan before the first edit"
    );
    drop(store);
    assert_eq!(user_version(&path), SCHEMA_VERSION);
}

#[test]
fn the_first_edit_after_the_upgrade_binds_the_plan() {
    let (_d, path) = schema1_copy();
    let mut store = Store::open(&path, opts()).unwrap();
    let change = set_wave(store.plan(), "d1", "w1");
    store
        .apply(store.revision(), "set wave", &[change])
        .unwrap();
    let log = store.audit_log(10, None).unwrap();
    assert_eq!(log.len(), 2);
    assert!(log[0].plan_hash.is_some(), "the new entry binds the plan");
    assert_eq!(log[1].plan_hash, None, "the old entry is left as it was");
    let v = store.verify_audit().unwrap();
    assert!(v.ok && v.plan_bound, "{v:?}");
    drop(store);

    raw(&path)
        .execute(
            "DELETE FROM entity WHERE kind = 'window' AND id = 'bo-monthend'",
            [],
        )
        .unwrap();
    let v = verify_audit_file(&path).unwrap();
    assert!(
        !v.ok,
        "a changed row is caught once the plan is bound: {v:?}"
    );
}

#[test]
fn an_upgraded_file_whose_plan_hashes_are_stripped_again_fails() {
    let (_d, path) = schema1_copy();
    let mut store = Store::open(&path, opts()).unwrap();
    for wave in ["w1", "w2"] {
        let change = set_wave(store.plan(), "d1", wave);
        store
            .apply(store.revision(), "set wave", &[change])
            .unwrap();
    }
    drop(store);
    let conn = raw(&path);
    conn.execute_batch("DROP TRIGGER audit_no_update;").unwrap();
    conn.execute("UPDATE audit SET plan_hash = NULL WHERE seq = 3", [])
        .unwrap();
    drop(conn);
    let v = verify_audit_file(&path).unwrap();
    assert!(!v.ok);
    assert_eq!(v.first_bad_seq, Some(3), "{v:?}");
}
