use trainyard_core::edit::Change;
use trainyard_core::format::EntityKind;
use trainyard_store::{Store, StoreError};

use crate::util::*;

fn wave(store: &Store, id: &str) -> Option<String> {
    store.plan().deployment(id).and_then(|d| d.wave.clone())
}

#[test]
fn undo_and_redo_survive_reopening_the_file() {
    on_both("undo_and_redo_survive_reopenin", |h, mut store| {
        store
            .apply(1, "set wave", &[set_wave(store.plan(), "d1", "eu-2")])
            .unwrap();
        drop(store);

        let mut store = h.reopen();
        assert_eq!(store.can_undo().unwrap().as_deref(), Some("set wave"));
        assert_eq!(store.undo(2).unwrap(), 3, "an undo is a new revision");
        assert_eq!(
            store.plan(),
            &example(),
            "the undo restored the imported plan"
        );
        drop(store);

        let mut store = h.reopen();
        assert_eq!(store.plan(), &example());
        assert_eq!(store.can_undo().unwrap(), None);
        assert_eq!(store.can_redo().unwrap().as_deref(), Some("set wave"));
        assert_eq!(store.redo(3).unwrap(), 4);
        assert_eq!(wave(&store, "d1").as_deref(), Some("eu-2"));
        drop(store);

        let store = h.reopen();
        assert_eq!(
            wave(&store, "d1").as_deref(),
            Some("eu-2"),
            "the redo persisted"
        );
        assert_eq!(store.can_undo().unwrap().as_deref(), Some("set wave"));
        assert_eq!(store.can_redo().unwrap(), None);
    });
}

#[test]
fn undo_of_a_delete_puts_the_entity_back_in_its_place() {
    on_both("undo_of_a_delete_puts_the_enti", |h, mut store| {
        let delete = Change::Delete {
            kind: EntityKind::Deployment,
            id: "d3".into(),
        };
        store.apply(1, "delete d3", &[delete]).unwrap();
        assert_eq!(deployment_ids(store.plan()), ["d1", "d2", "d4", "d5"]);
        store.undo(2).unwrap();
        assert_eq!(deployment_ids(store.plan()), ["d1", "d2", "d3", "d4", "d5"]);
        drop(store);
        let store = h.reopen();
        assert_eq!(store.plan(), &example(), "the file has d3 back at index 2");
    });
}

#[test]
fn undo_with_nothing_to_undo_says_so() {
    on_both("undo_with_nothing_to_undo_says", |_, mut store| {
        let err = store.undo(1).unwrap_err();
        assert!(matches!(err, StoreError::NothingToUndo), "{err:?}");
        assert_eq!(err.code(), "nothing_to_undo");
        assert_eq!(err.to_string(), "there is nothing to undo");
        let err = store.redo(1).unwrap_err();
        assert_eq!(err.code(), "nothing_to_redo");
        assert_eq!(store.revision(), 1);
    });
}

#[test]
fn a_new_edit_clears_the_redo_history() {
    on_both("a_new_edit_clears_the_redo_his", |_, mut store| {
        store
            .apply(1, "one", &[set_wave(store.plan(), "d1", "1")])
            .unwrap();
        store.undo(2).unwrap();
        assert_eq!(store.can_redo().unwrap().as_deref(), Some("one"));
        store
            .apply(3, "two", &[set_wave(store.plan(), "d2", "2")])
            .unwrap();
        assert_eq!(store.can_redo().unwrap(), None);
    });
}

#[test]
fn several_undos_walk_back_in_order_and_redos_walk_forward() {
    on_both("several_undos_walk_back_in_ord", |_, mut store| {
        for (i, id) in ["d1", "d2", "d3"].iter().enumerate() {
            let base = store.revision();
            store
                .apply(
                    base,
                    &format!("edit {i}"),
                    &[set_wave(store.plan(), id, "new")],
                )
                .unwrap();
        }
        let edited = store.export_json();
        for expected in ["edit 2", "edit 1", "edit 0"] {
            assert_eq!(store.can_undo().unwrap().as_deref(), Some(expected));
            store.undo(store.revision()).unwrap();
        }
        assert_eq!(store.plan(), &example());
        for _ in 0..3 {
            store.redo(store.revision()).unwrap();
        }
        assert_eq!(store.export_json(), edited);
        assert_eq!(
            store.revision(),
            10,
            "1 import + 3 edits + 3 undos + 3 redos"
        );
    });
}

#[test]
fn undo_and_redo_are_audited_with_their_labels() {
    on_both("undo_and_redo_are_audited_with", |_, mut store| {
        store
            .apply(1, "set wave", &[set_wave(store.plan(), "d1", "eu-2")])
            .unwrap();
        store.undo(2).unwrap();
        store.redo(3).unwrap();
        let actions: Vec<String> = store
            .audit_log(10, None)
            .unwrap()
            .into_iter()
            .map(|e| e.action)
            .collect();
        assert_eq!(
            actions,
            ["redo: set wave", "undo: set wave", "set wave", "import"]
        );
    });
}
