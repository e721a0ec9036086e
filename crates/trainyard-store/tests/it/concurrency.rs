use trainyard_store::{Store, StoreError};

use crate::util::*;

#[test]
fn an_edit_from_a_second_store_on_a_changed_file_is_refused_as_stale() {
    let (t, mut a) = new_store();
    let mut b = Store::open(&t.path, opts()).unwrap();
    a.apply(1, "a edits", &[set_wave(a.plan(), "d1", "from-a")])
        .unwrap();

    let before_b = b.export_json();
    let err = b
        .apply(1, "b edits", &[set_wave(b.plan(), "d2", "from-b")])
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Stale {
                expected: 1,
                actual: 2
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.code(), "stale");
    assert_eq!(
        err.to_string(),
        "the plan changed since you loaded it (revision 2, you edited revision 1); reload and try again"
    );
    assert_eq!(
        b.export_json(),
        before_b,
        "b's plan is unchanged until it reloads"
    );

    b.reload().unwrap();
    assert_eq!(b.revision(), 2);
    assert_eq!(
        b.plan().deployment("d1").unwrap().wave.as_deref(),
        Some("from-a")
    );
    let rev = b
        .apply(2, "b edits", &[set_wave(b.plan(), "d2", "from-b")])
        .unwrap();
    assert_eq!(rev, 3);

    drop((a, b));
    let plan = Store::open_read_only(&t.path).unwrap();
    assert_eq!(
        plan.deployment("d1").unwrap().wave.as_deref(),
        Some("from-a"),
        "a's edit kept"
    );
    assert_eq!(
        plan.deployment("d2").unwrap().wave.as_deref(),
        Some("from-b"),
        "b's edit kept"
    );
}

#[test]
fn an_edit_against_an_old_revision_is_refused_even_from_the_same_store() {
    let (_t, mut store) = new_store();
    store
        .apply(1, "first", &[set_wave(store.plan(), "d1", "1")])
        .unwrap();
    let err = store
        .apply(1, "second", &[set_wave(store.plan(), "d1", "2")])
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Stale {
                expected: 1,
                actual: 2
            }
        ),
        "{err:?}"
    );
}

#[test]
fn a_store_that_missed_another_programs_edit_refuses_even_with_the_files_revision() {
    let (t, mut a) = new_store();
    let mut b = Store::open(&t.path, opts()).unwrap();
    a.apply(1, "a edits", &[set_wave(a.plan(), "d1", "from-a")])
        .unwrap();
    // b's caller passes the file's revision, but b's plan is still revision 1.
    let err = b
        .apply(2, "b edits", &[set_wave(b.plan(), "d1", "from-b")])
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Stale {
                expected: 1,
                actual: 2
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        b.file_revision().unwrap(),
        2,
        "b can see that the file moved on"
    );
}

#[test]
fn undo_from_a_stale_store_is_refused() {
    let (t, mut a) = new_store();
    a.apply(1, "a edits", &[set_wave(a.plan(), "d1", "from-a")])
        .unwrap();
    let mut b = Store::open(&t.path, opts()).unwrap();
    a.apply(2, "a again", &[set_wave(a.plan(), "d1", "again")])
        .unwrap();
    let err = b.undo(2).unwrap_err();
    assert_eq!(err.code(), "stale", "{err}");
    assert_eq!(
        a.can_undo().unwrap().as_deref(),
        Some("a again"),
        "the undo entry is still there"
    );
}

#[test]
fn a_store_can_move_between_threads_and_its_errors_are_thread_safe() {
    fn send<T: Send>() {}
    fn send_sync<T: Send + Sync + 'static>() {}
    send::<Store>();
    send_sync::<StoreError>();
    let (_t, store) = new_store();
    let handle = std::thread::spawn(move || store.revision());
    assert_eq!(handle.join().unwrap(), 1);
}

#[test]
fn a_stale_error_serialises_as_code_and_message() {
    let err = StoreError::Stale {
        expected: 11,
        actual: 12,
    };
    assert_eq!(
        serde_json::to_string(&err).unwrap(),
        r#"{"code":"stale","message":"the plan changed since you loaded it (revision 12, you edited revision 11); reload and try again"}"#
    );
}
