use trainyard_store::{Store, StoreError, SCHEMA_VERSION};

use crate::util::*;

#[test]
fn a_file_from_a_newer_trainyard_is_refused_with_a_clear_message() {
    let (t, store) = new_store();
    drop(store);
    raw(&t.path).pragma_update(None, "user_version", 7).unwrap();

    let err = Store::open(&t.path, opts()).unwrap_err();
    assert_eq!(err.code(), "newer_schema");
    let message = err.to_string();
    assert!(
        message.ends_with(&format!(
            "this plan was saved by a newer Trainyard (schema 7, this program reads up to {SCHEMA_VERSION})"
        )),
        "{message}"
    );
    assert!(
        message.contains("plan.trainyard"),
        "names the file: {message}"
    );

    let err = Store::open_read_only(&t.path).unwrap_err();
    assert!(
        matches!(err, StoreError::NewerSchema { found: 7, .. }),
        "{err:?}"
    );
    let version: i64 = raw(&t.path)
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, 7, "the newer file was not touched");
}

#[test]
fn an_sqlite_file_of_another_program_is_refused_and_left_alone() {
    let t = temp_path();
    raw(&t.path)
        .execute_batch("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('hi');")
        .unwrap();
    let bytes = std::fs::read(&t.path).unwrap();

    let err = Store::open(&t.path, opts()).unwrap_err();
    assert!(
        matches!(err, StoreError::NotATrainyardFile { .. }),
        "{err:?}"
    );
    assert_eq!(err.code(), "not_a_trainyard_file");
    assert!(
        err.to_string().contains("not a trainyard plan file"),
        "{err}"
    );
    assert!(err.to_string().contains("another program"), "{err}");
    assert_eq!(
        Store::open_read_only(&t.path).unwrap_err().code(),
        "not_a_trainyard_file"
    );
    assert_eq!(
        std::fs::read(&t.path).unwrap(),
        bytes,
        "not even switched to wal"
    );
}

#[test]
fn a_text_file_is_refused_as_not_a_trainyard_file() {
    let t = temp_path();
    std::fs::write(&t.path, "{\"format\": \"trainyard-plan\"}\n".repeat(50)).unwrap();
    let err = Store::open(&t.path, opts()).unwrap_err();
    assert_eq!(err.code(), "not_a_trainyard_file", "{err}");
    assert!(err.to_string().contains("not an sqlite database"), "{err}");
    let err = Store::open_read_only(&t.path).unwrap_err();
    assert_eq!(err.code(), "not_a_trainyard_file", "{err}");
}

#[test]
fn an_empty_file_is_refused_and_stays_empty() {
    let t = temp_path();
    std::fs::write(&t.path, b"").unwrap();
    let err = Store::open(&t.path, opts()).unwrap_err();
    assert_eq!(err.code(), "not_a_trainyard_file", "{err}");
    assert_eq!(std::fs::metadata(&t.path).unwrap().len(), 0);
}

#[test]
fn a_missing_file_is_reported_as_not_found() {
    let t = temp_path();
    let err = Store::open(&t.path, opts()).unwrap_err();
    assert_eq!(err.code(), "not_found", "{err}");
    assert_eq!(
        err.to_string(),
        format!("{} does not exist", t.path.display())
    );
    assert!(!t.path.exists(), "opening does not create the file");
    assert_eq!(
        Store::open_read_only(&t.path).unwrap_err().code(),
        "not_found"
    );
}

#[test]
fn a_plan_file_uses_write_ahead_logging_and_the_current_schema() {
    let (t, store) = new_store();
    drop(store);
    let conn = raw(&t.path);
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    let app: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .unwrap();
    assert_ne!(app, 0, "the file is marked as a trainyard plan");
}

#[test]
fn loading_reads_entities_in_list_order_without_a_sort() {
    let (t, store) = new_store();
    drop(store);
    let conn = raw(&t.path);
    let detail: Vec<String> = conn
        .prepare("EXPLAIN QUERY PLAN SELECT kind, position, id, body FROM entity ORDER BY kind, position")
        .unwrap()
        .query_map([], |r| r.get(3))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let detail = detail.join("; ");
    assert!(!detail.contains("TEMP B-TREE"), "no sort step: {detail}");
}

#[test]
fn a_read_only_open_never_writes() {
    let (t, mut store) = new_store();
    store
        .apply(1, "edit", &[set_wave(store.plan(), "d1", "x")])
        .unwrap();
    drop(store);
    let before = std::fs::read(&t.path).unwrap();
    let plan = Store::open_read_only(&t.path).unwrap();
    assert_eq!(plan.deployment("d1").unwrap().wave.as_deref(), Some("x"));
    trainyard_store::verify_audit_file(&t.path).unwrap();
    assert_eq!(std::fs::read(&t.path).unwrap(), before);
}

#[test]
fn a_damaged_entity_row_is_reported_as_corrupt_with_the_file_name() {
    let (t, store) = new_store();
    drop(store);
    raw(&t.path)
        .execute(
            "UPDATE entity SET body = '{\"id\":\"d1\"}' WHERE kind = 'deployment' AND id = 'd1'",
            [],
        )
        .unwrap();
    let err = Store::open(&t.path, opts()).unwrap_err();
    assert_eq!(err.code(), "corrupt", "{err}");
    assert!(
        err.to_string().contains("plan.trainyard is damaged"),
        "{err}"
    );
}

#[test]
fn an_id_column_that_disagrees_with_the_body_is_reported_as_corrupt() {
    let (t, store) = new_store();
    drop(store);
    raw(&t.path)
        .execute(
            "UPDATE entity SET id = 'd9' WHERE kind = 'deployment' AND id = 'd2'",
            [],
        )
        .unwrap();
    let err = Store::open(&t.path, opts()).unwrap_err();
    assert_eq!(err.code(), "corrupt", "{err}");
    assert!(
        err.to_string().contains("id column of deployment \"d2\""),
        "{err}"
    );
}

#[test]
fn save_as_copies_plan_history_and_audit_trail_and_leaves_the_original_open() {
    let (t, mut store) = new_store();
    let mut d = store.plan().deployments[0].clone();
    d.end += chrono::Duration::hours(1);
    let base = store.revision();
    store
        .apply(
            base,
            "stretch",
            &[trainyard_core::edit::Change::put(d.into())],
        )
        .unwrap();
    let copy = t.dir.path().join("copy.trainyard");
    std::fs::write(&copy, b"an old file in the way").unwrap();
    store.save_as(&copy).unwrap();

    let other = Store::open(&copy, opts()).unwrap();
    assert_eq!(other.plan(), store.plan());
    assert_eq!(other.revision(), store.revision());
    assert_eq!(other.can_undo().unwrap().as_deref(), Some("stretch"));
    assert_eq!(
        other.audit_log(100, None).unwrap(),
        store.audit_log(100, None).unwrap()
    );
    assert!(other.verify_audit().unwrap().ok);
    assert_eq!(
        store.path(),
        t.path.as_path(),
        "the store stays on its file"
    );

    let err = store.save_as(&t.path).unwrap_err();
    assert_eq!(err.code(), "exists", "a file is not copied onto itself");
    let leftovers: Vec<_> = std::fs::read_dir(t.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
