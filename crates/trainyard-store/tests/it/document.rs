//! A store can keep its plan in a document of the caller's (the desktop app
//! keeps it in its conflict checker): every edit, undo and redo reaches that
//! document once, and a refused edit leaves it as it was.

use trainyard_core::edit::Change;
use trainyard_core::{Plan, PlanError};
use trainyard_store::{Document, DocumentStore, StoreError};

use crate::util::*;

/// A plan that counts the change lists applied to it.
struct Counted {
    plan: Plan,
    applied: usize,
}

impl Document for Counted {
    fn from_plan(plan: Plan) -> Self {
        Counted { plan, applied: 0 }
    }

    fn plan(&self) -> &Plan {
        &self.plan
    }

    fn apply(&mut self, changes: &[Change]) -> Result<Vec<Change>, PlanError> {
        self.applied += 1;
        self.plan.apply(changes)
    }
}

#[test]
fn each_edit_undo_and_redo_reaches_the_document_once() {
    let t = temp_path();
    let mut store: DocumentStore<Counted> =
        DocumentStore::create(&t.path, &example(), opts()).unwrap();
    assert_eq!(store.document().applied, 0);

    let change = set_wave(store.plan(), "d1", "eu-2");
    store.apply(1, "set wave", &[change]).unwrap();
    assert_eq!(store.document().applied, 1);
    assert_eq!(
        store
            .plan()
            .deployment("d1")
            .and_then(|d| d.wave.as_deref()),
        Some("eu-2")
    );

    store.undo(2).unwrap();
    assert_eq!(store.document().applied, 2);
    assert_eq!(store.plan(), &example());
    store.redo(3).unwrap();
    assert_eq!(store.document().applied, 3);

    // A stale edit is refused before the document is touched.
    let change = set_wave(store.plan(), "d1", "eu-3");
    let e = store.apply(1, "stale", &[change]).unwrap_err();
    assert!(matches!(e, StoreError::Stale { .. }), "{e}");
    assert_eq!(store.document().applied, 3);

    // The file holds what the document holds.
    let reopened = trainyard_store::Store::open(&t.path, opts()).unwrap();
    assert_eq!(reopened.plan(), store.plan());
}
