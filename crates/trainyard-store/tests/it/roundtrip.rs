use trainyard_core::plan_to_json;
use trainyard_store::{Store, StoreError};

use crate::util::*;

#[test]
fn exporting_an_imported_plan_gives_the_same_bytes_as_core_export() {
    let plan = example();
    let expected = plan_to_json(&plan);
    let t = temp_path();
    let store = Store::create(&t.path, &plan, opts()).unwrap();
    assert_eq!(store.export_json(), expected, "export right after import");
    drop(store);

    let reopened = Store::open(&t.path, opts()).unwrap();
    assert_eq!(reopened.export_json(), expected, "export after reopening");
    assert_eq!(
        reopened.plan(),
        &plan,
        "the loaded plan equals the imported one"
    );
    drop(reopened);

    let read_only = Store::open_read_only(&t.path).unwrap();
    assert_eq!(plan_to_json(&read_only), expected, "read-only load");
}

#[test]
fn import_starts_at_revision_one_with_an_import_audit_entry() {
    let (_t, store) = new_store();
    assert_eq!(store.revision(), 1);
    let log = store.audit_log(10, None).unwrap();
    assert_eq!(log.len(), 1, "only the import is audited");
    assert_eq!(log[0].seq, 1);
    assert_eq!(log[0].action, "import");
    assert_eq!(log[0].user, "tester");
    assert_eq!(
        log[0].changes[0]["after"]["entities"]["deployments"], 5,
        "the import records what it brought in: {}",
        log[0].changes
    );
    assert_eq!(
        store.can_undo().unwrap(),
        None,
        "an import cannot be undone"
    );
}

#[test]
fn import_refuses_to_overwrite_an_existing_file() {
    let t = temp_path();
    std::fs::write(&t.path, b"precious").unwrap();
    let err = Store::create(&t.path, &example(), opts()).unwrap_err();
    assert!(matches!(err, StoreError::Exists { .. }), "{err:?}");
    assert_eq!(err.code(), "exists");
    assert!(
        err.to_string().contains("plan.trainyard"),
        "names the file: {err}"
    );
    assert_eq!(
        std::fs::read(&t.path).unwrap(),
        b"precious",
        "the file is untouched"
    );
}

#[test]
fn create_replacing_overwrites_an_existing_plan() {
    let (t, mut store) = new_store();
    let base = store.revision();
    store
        .apply(base, "edit", &[set_wave(store.plan(), "d1", "old")])
        .unwrap();
    drop(store);

    let store = Store::create_replacing(&t.path, &example(), opts()).unwrap();
    assert_eq!(store.revision(), 1, "a fresh history");
    assert_eq!(store.plan(), &example());
}

#[test]
fn import_leaves_no_temporary_files_behind() {
    let (t, store) = new_store();
    drop(store);
    let names: Vec<String> = std::fs::read_dir(t.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        vec!["plan.trainyard".to_owned()],
        "only the plan file remains"
    );
}

#[test]
fn import_into_a_missing_directory_fails_without_a_file() {
    let t = temp_path();
    let path = t.dir.path().join("no-such-dir").join("plan.trainyard");
    let err = Store::create(&path, &example(), opts()).unwrap_err();
    assert!(!path.exists());
    assert!(
        err.to_string().contains("no-such-dir"),
        "names the path: {err}"
    );
}

#[test]
fn a_recorded_outcome_is_kept_by_the_store() {
    let (t, mut store) = new_store();
    let mut d = store.plan().deployment("d1").unwrap().clone();
    d.outcome = Some(trainyard_core::Outcome {
        started: d.start,
        finished: Some(d.end),
        result: Some(trainyard_core::OutcomeResult::Failed),
        incidents: vec![trainyard_core::Incident {
            id: "INC-1".into(),
            url: None,
            opened: Some(d.start),
            resolved: None,
            severity: Some(trainyard_core::IncidentSeverity::High),
            x: None,
        }],
        x: None,
    });
    let revision = store.revision();
    store
        .apply(revision, "record d1", &[put(d.clone())])
        .unwrap();
    let expected = store.export_json();
    assert!(expected.contains("\"outcome\""), "{expected}");
    drop(store);
    let reopened = Store::open(&t.path, opts()).unwrap();
    assert_eq!(reopened.plan().deployment("d1"), Some(&d));
    assert_eq!(reopened.export_json(), expected);
}
