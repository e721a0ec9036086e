//! `trainyard report summary --changes-since`: the delay notice, rebuilt
//! from a store's audit trail.

use std::path::Path;

use trainyard_core::edit::{Change, Entity};
use trainyard_core::format::EntityKind;
use trainyard_core::time::parse_instant;
use trainyard_core::{Approval, Decision, Plan};
use trainyard_store::{Store, StoreOptions};
use trainyard_tests::trainyard;

use crate::tools::*;

fn summary(plan: &Path, out: &Path, extra: &[&str]) -> trainyard_tests::Run {
    let mut args = vec![
        "report",
        "summary",
        s(plan),
        "-o",
        s(out),
        "--generated-at",
        GENERATED_AT,
    ];
    args.extend_from_slice(extra);
    trainyard(&args)
}

fn edit(store: &mut Store, label: &str, change: impl FnOnce(&Plan) -> Change) {
    let change = change(store.plan());
    let base = store.revision();
    store
        .apply(base, label, &[change])
        .expect("the edit applies");
}

/// The example imported (revision 1), then edited by "dana": d5 moved out
/// of the month-end blackout, d6 added outside the window, d3 deleted, bob
/// approves r2, and d1 moved and the move undone.
fn edited_store(dir: &Path) -> std::path::PathBuf {
    let path = payments_store(dir);
    let mut store = Store::open(
        &path,
        StoreOptions {
            user: Some("dana".into()),
        },
    )
    .expect("the store opens");
    assert_eq!(store.revision(), 1);
    edit(&mut store, "move d5", |p| {
        let mut d = p.deployment("d5").unwrap().clone();
        d.start = parse_instant("2027-01-12T22:30:00+01:00").unwrap();
        d.end = parse_instant("2027-01-12T23:30:00+01:00").unwrap();
        Change::put(Entity::Deployment(d))
    });
    edit(&mut store, "add d6", |p| {
        let mut d = p.deployment("d4").unwrap().clone();
        d.id = "d6".into();
        d.start = parse_instant("2027-01-14T12:00:00+01:00").unwrap();
        d.end = parse_instant("2027-01-14T13:00:00+01:00").unwrap();
        Change::put(Entity::Deployment(d))
    });
    edit(&mut store, "delete d3", |_| Change::Delete {
        kind: EntityKind::Deployment,
        id: "d3".into(),
    });
    edit(&mut store, "approve r2", |p| {
        let mut r = p.release("r2").unwrap().clone();
        r.approvals.push(Approval {
            by: "bob".into(),
            role: Some("security".into()),
            decision: Decision::Approved,
            at: None,
            comment: None,
            x: Default::default(),
        });
        Change::put(Entity::Release(r))
    });
    edit(&mut store, "move d1", |p| {
        let mut d = p.deployment("d1").unwrap().clone();
        d.start = parse_instant("2027-01-06T09:00:00+01:00").unwrap();
        d.end = parse_instant("2027-01-06T10:00:00+01:00").unwrap();
        Change::put(Entity::Deployment(d))
    });
    let base = store.revision();
    store.undo(base).expect("the move undoes");
    path
}

#[test]
fn the_summary_opens_with_what_changed_since_a_revision() {
    let dir = tempfile::tempdir().unwrap();
    let store = edited_store(dir.path());
    let pdf = dir.path().join("since.pdf");
    summary(&store, &pdf, &["--changes-since", "r1"]).expect_code(0);
    let text = pdf_text(&pdf);
    assert!(text.contains("What changed since revision 1"), "{text}");
    // The cover says which edition this is.
    assert!(text.contains("CHANGES SINCE"), "{text}");
    // d5 moved, with its old and new times.
    assert!(
        text.contains("29 Jan 22:00–23:00 → 12 Jan 22:30–23:30"),
        "{text}"
    );
    assert!(text.contains("d6 in Production"), "{text}");
    assert!(text.contains("d3 was in Staging"), "{text}");
    assert!(text.contains("approved by bob"), "{text}");
    assert!(text.contains("new conflict"), "{text}");
    assert!(text.contains("resolved"), "{text}");
    assert!(text.contains("Deployment in a blackout"), "{text}");
    assert!(text.contains("dana"), "{text}");
    // An edit and its undo cancel out.
    assert!(!text.contains("d1 in"), "{text}");
    // Every change again in the appendix, which the outline names.
    assert!(text.contains("Appendix F. Every change"), "{text}");
}

#[test]
fn an_instant_works_like_a_revision_and_after_the_last_edit_nothing_changed() {
    let dir = tempfile::tempdir().unwrap();
    let store = edited_store(dir.path());
    let pdf = dir.path().join("since.pdf");
    summary(&store, &pdf, &["--changes-since", "2000-01-01T00:00:00Z"]).expect_code(0);
    let text = pdf_text(&pdf);
    assert!(text.contains("What changed since"), "{text}");
    // Since before the import, everything in the plan was added.
    assert!(text.contains("release added"), "{text}");

    let later = dir.path().join("later.pdf");
    summary(&store, &later, &["--changes-since", "2999-01-01T00:00:00Z"]).expect_code(0);
    assert!(pdf_text(&later).contains("No changes since"));
    let at_head = dir.path().join("head.pdf");
    summary(&store, &at_head, &["--changes-since", "r7"]).expect_code(0);
    assert!(pdf_text(&at_head).contains("No changes since revision 7"));
}

#[test]
fn a_json_plan_or_a_point_past_the_store_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("x.pdf");
    let run = summary(&payments(), &pdf, &["--changes-since", "r1"]);
    run.expect_code(2);
    assert!(run.stderr.contains("'--changes-since'"), "{}", run.stderr);
    assert!(
        run.stderr.contains("needs a .trainyard store"),
        "{}",
        run.stderr
    );
    assert!(!pdf.exists());

    let store = payments_store(dir.path());
    let run = summary(&store, &pdf, &["--changes-since", "r9"]);
    run.expect_code(2);
    assert!(run.stderr.contains("r9 is after it"), "{}", run.stderr);
    let run = summary(&store, &pdf, &["--changes-since", "42"]);
    run.expect_code(2);
    assert!(run.stderr.contains("such as r42"), "{}", run.stderr);
}
