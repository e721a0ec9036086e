//! A drop is one call: the committed move answers with the summary (the
//! plan's counts), the moved bar and the bars whose colour changed.

use trainyard_app_core::dto::{ConflictView, Evidence, Rule, Severity};
use trainyard_app_core::ErrorCode;

use crate::util::small;

#[test]
fn a_committed_move_answers_with_the_counts_and_the_bars_it_changed() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small(&dir);
    let before = app.summary().unwrap();
    assert!(app
        .conflicts()
        .unwrap()
        .iter()
        .any(|c| c.rule == Rule::Overlap));

    // d2 moves clear of d1: the overlap goes, both bars lose its colour.
    let done = app
        .commit_move("d2", "2027-03-10T14:00:00Z", "2027-03-10T16:00:00Z", "prod")
        .unwrap();
    assert_eq!(done.summary.revision, before.revision + 1);
    assert_eq!(done.summary.can_undo.as_deref(), Some("move d2"));
    assert_eq!(done.summary.counts, app.summary().unwrap().counts);
    assert!(!app
        .conflicts()
        .unwrap()
        .iter()
        .any(|c| c.rule == Rule::Overlap));
    assert_eq!(done.moved.id, "d2");
    assert_eq!(done.moved.start, "2027-03-10T14:00:00Z");
    assert_eq!(done.moved.end, "2027-03-10T16:00:00Z");
    let d1 = done
        .recoloured
        .iter()
        .find(|b| b.id == "d1")
        .expect("d1 lost the overlap's colour");
    assert_ne!(d1.severity, Some(Severity::Error));
    assert!(done.recoloured.iter().all(|b| b.id != "d2"));

    // The range agrees with what the move sent.
    let range = app
        .visible_range("2027-03-09T00:00:00Z", "2027-03-12T00:00:00Z")
        .unwrap();
    let bar = |id: &str| range.deployments.iter().find(|b| b.id == id).cloned();
    assert_eq!(bar("d2"), Some(done.moved.clone()));
    assert_eq!(bar("d1"), Some(d1.clone()));

    // Undo is incremental too and lands where the plan was.
    let undone = app.undo().unwrap();
    assert_eq!(undone.counts, before.counts);
    assert!(app
        .conflicts()
        .unwrap()
        .iter()
        .any(|c| c.rule == Rule::Overlap));
}

#[test]
fn a_refused_move_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small(&dir);
    let before = app.summary().unwrap();
    let e = app
        .commit_move("d2", "2027-03-10T14:00:00Z", "2027-03-10T16:00:00Z", "mars")
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidPlan);
    let after = app.summary().unwrap();
    assert_eq!(after.revision, before.revision);
    assert_eq!(after.counts, before.counts);
}

#[test]
fn error_codes_and_evidence_keep_their_wire_form() {
    assert_eq!(
        serde_json::to_value(ErrorCode::NotATrainyardFile).unwrap(),
        "not_a_trainyard_file"
    );
    assert_eq!(ErrorCode::NothingToUndo.as_str(), "nothing_to_undo");
    let undo = trainyard_store::StoreError::NothingToUndo;
    assert_eq!(ErrorCode::from(&undo).as_str(), undo.code());
    let stale = trainyard_store::StoreError::Stale {
        expected: 1,
        actual: 2,
    };
    assert_eq!(ErrorCode::from(&stale).as_str(), stale.code());

    // The evidence sent to the UI is the core's JSON, now typed.
    let plan = trainyard_core::demo::demo_plan();
    let report = trainyard_core::check(&plan);
    assert!(!report.conflicts.is_empty());
    for c in report.conflicts {
        let core = serde_json::to_value(&c).unwrap();
        let view = serde_json::to_value(ConflictView::with_subjects(c, vec![])).unwrap();
        assert_eq!(view["evidence"], core["evidence"]);
        assert_eq!(view["rule"], core["rule"]);
    }
    let e = Evidence::DependencyPath {
        path: vec!["a".into(), "b".into()],
    };
    assert_eq!(
        serde_json::to_value(e).unwrap(),
        serde_json::json!({"kind": "dependency_path", "path": ["a", "b"]})
    );
}
