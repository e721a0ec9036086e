//! The app's commands on a temporary data dir, as the Tauri layer calls them.
//! One test binary; the newer commands have a module each under `app/`.

#[path = "app/bindings.rs"]
mod bindings;
#[path = "app/cab.rs"]
mod cab;
#[path = "app/calendar_import.rs"]
mod calendar_import;
#[path = "app/calendar_range.rs"]
mod calendar_range;
#[path = "app/conflict_page.rs"]
mod conflict_page;
#[path = "app/density.rs"]
mod density;
#[path = "app/entities.rs"]
mod entities;
#[path = "app/exports.rs"]
mod exports;
#[path = "app/files.rs"]
mod files;
#[path = "app/governance.rs"]
mod governance;
#[path = "app/group_move.rs"]
mod group_move;
#[path = "app/guards.rs"]
mod guards;
#[path = "app/insights.rs"]
mod insights;
#[path = "app/matrix.rs"]
mod matrix;
#[path = "app/moves.rs"]
mod moves;
#[path = "app/outcomes.rs"]
mod outcomes;
#[path = "app/overview.rs"]
mod overview;
#[path = "app/team.rs"]
mod team;
#[path = "app/util.rs"]
mod util;
#[path = "app/waivers.rs"]
mod waivers;

use trainyard_app_core::dto::MovePreview;
use trainyard_app_core::dto::Severity;
use trainyard_app_core::DEMO_FILE_NAME;

use util::service;

/// A prod deployment of the demo that is clean where it is, and the company
/// summit blackout (Wed 10 Mar 2027, everything) to drag it into.
const CLEAN_PROD: &str = "catalog-1.13.0/catalog/prod/eu";
const SUMMIT_START: &str = "2027-03-10T10:00:00Z";
const SUMMIT_END: &str = "2027-03-10T10:30:00Z";

#[test]
fn first_start_creates_and_opens_the_demo_plan_with_its_eight_conflicts() {
    let dir = tempfile::tempdir().unwrap();
    let app = service(&dir);
    let s = app.open_startup().unwrap();
    assert!(
        dir.path().join(DEMO_FILE_NAME).exists(),
        "the demo file is created"
    );
    assert_eq!(
        (s.counts.errors, s.counts.warnings),
        (5, 3),
        "the demo's intended conflicts"
    );
    assert_eq!(s.timezone, "Europe/Berlin");
    assert_eq!(
        s.environments
            .iter()
            .map(|e| e.id.as_str())
            .collect::<Vec<_>>(),
        ["dev", "test", "staging", "prod"]
    );
    assert_eq!(s.services.len(), 14);
    // Lanes by team need each service's team; every demo service has one.
    assert!(s.services.iter().all(|svc| svc
        .team
        .as_ref()
        .is_some_and(|t| s.teams.iter().any(|team| &team.id == t))));
    assert!(s.saved);
    assert_eq!(app.conflicts().unwrap().len(), 8);
}

#[test]
fn startup_reopens_the_last_plan() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("mine.trainyard");
    {
        let app = service(&dir);
        app.create(&other, &trainyard_core::demo::demo_plan())
            .unwrap();
    }
    let app = service(&dir);
    assert_eq!(app.last_plan().as_deref(), Some(other.as_path()));
    let s = app.open_startup().unwrap();
    assert_eq!(s.path, other.to_string_lossy());
}

#[test]
fn visible_range_sends_only_what_intersects_it() {
    let dir = tempfile::tempdir().unwrap();
    let app = service(&dir);
    app.open_demo().unwrap();
    let week = app
        .visible_range("2027-03-08T00:00:00Z", "2027-03-15T00:00:00Z")
        .unwrap();
    assert!(!week.deployments.is_empty());
    assert!(week
        .deployments
        .iter()
        .all(|d| d.start.as_str() < "2027-03-15" && d.end.as_str() > "2027-03-08"));
    assert!(week
        .windows
        .iter()
        .any(|w| w.window == "bo-company-summit" && w.kind.as_str() == "blackout"));
    assert!(week
        .windows
        .iter()
        .any(|w| w.kind.as_str() == "maintenance"));
    let bad = app
        .visible_range("2027-03-15T00:00:00Z", "2027-03-08T00:00:00Z")
        .unwrap_err();
    assert_eq!(bad.code, "invalid_input");
}

#[test]
fn preview_reports_the_blackout_without_changing_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    let app = service(&dir);
    let before = app.open_demo().unwrap();
    let p: MovePreview = app
        .preview_move(CLEAN_PROD, SUMMIT_START, SUMMIT_END, "prod")
        .unwrap();
    assert_eq!(p.severity, Some(Severity::Error));
    assert!(
        p.conflicts.iter().any(|c| c.rule == "blackout"),
        "{:?}",
        p.conflicts
    );
    assert!(p.counts.errors > before.counts.errors);
    let after = app.summary().unwrap();
    assert_eq!(after.revision, before.revision, "a preview writes nothing");
    assert_eq!(
        after.counts, before.counts,
        "a preview leaves the checker as it was"
    );
}

#[test]
fn commit_undo_redo_move_the_conflict_in_and_out() {
    let dir = tempfile::tempdir().unwrap();
    let app = service(&dir);
    let before = app.open_demo().unwrap();
    let moved = app
        .commit_move(CLEAN_PROD, SUMMIT_START, SUMMIT_END, "prod")
        .unwrap();
    assert_eq!(moved.revision, before.revision + 1);
    assert_eq!(
        moved.can_undo.as_deref(),
        Some(format!("move {CLEAN_PROD}").as_str())
    );
    assert!(app
        .conflicts()
        .unwrap()
        .iter()
        .any(|c| c.rule == "blackout" && c.deployments.iter().any(|d| d == CLEAN_PROD)));

    let undone = app.undo().unwrap();
    assert_eq!(undone.counts, before.counts);
    let redone = app.redo().unwrap();
    assert_eq!(redone.counts, moved.counts);

    // The edit is on disk: a fresh service sees it.
    drop(app);
    let again = service(&dir);
    let s = again.open_startup().unwrap();
    assert_eq!(s.counts, moved.counts);
}

#[test]
fn errors_carry_a_stable_code() {
    let dir = tempfile::tempdir().unwrap();
    let app = service(&dir);
    assert_eq!(app.summary().unwrap_err().code, "no_plan");
    app.open_demo().unwrap();
    assert_eq!(app.undo().unwrap_err().code, "nothing_to_undo");
    let e = app
        .preview_move("nope", SUMMIT_START, SUMMIT_END, "prod")
        .unwrap_err();
    assert_eq!(e.code, "invalid_input");
    let e = app
        .commit_move(CLEAN_PROD, "yesterday", SUMMIT_END, "prod")
        .unwrap_err();
    assert_eq!(e.code, "invalid_input");
    let json = serde_json::to_value(&e).unwrap();
    assert_eq!(
        json.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["code", "message"]
    );
    let e = app.open(&dir.path().join("missing.trainyard")).unwrap_err();
    assert_eq!(e.code, "not_found");
}
