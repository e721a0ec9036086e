//! A release dragged with the releases that depend on it: which deployments
//! move, the preview while dragging, and the drop as one undoable edit.

use trainyard_app_core::dto::{MoveTarget, Rule, Severity};

use crate::util::small_with;

/// Staging before prod. r2 depends on r1, r3 on r2; r4 stands alone. a0, an
/// earlier attempt of r1, has already run (succeeded). x1 of r4 runs in prod
/// on 12 March 10:00.
const CHAIN: &str = r#"{
  "format": "trainyard-plan", "version": 1, "timezone": "UTC",
  "environments": [{"id": "staging", "order": 1}, {"id": "prod", "order": 2}],
  "services": [{"id": "api"}, {"id": "web"}, {"id": "db"}],
  "releases": [
    {"id": "r1", "change_type": "standard"},
    {"id": "r2", "change_type": "standard", "depends_on": ["r1"]},
    {"id": "r3", "change_type": "standard", "depends_on": ["r2"]},
    {"id": "r4", "change_type": "standard"}
  ],
  "deployments": [
    {"id": "a1", "release": "r1", "service": "api", "environment": "staging", "start": "2027-03-10T10:00:00Z", "end": "2027-03-10T11:00:00Z"},
    {"id": "a2", "release": "r1", "service": "api", "environment": "prod", "start": "2027-03-11T10:00:00Z", "end": "2027-03-11T11:00:00Z"},
    {"id": "b1", "release": "r2", "service": "web", "environment": "staging", "start": "2027-03-10T12:00:00Z", "end": "2027-03-10T13:00:00Z"},
    {"id": "b2", "release": "r2", "service": "web", "environment": "prod", "start": "2027-03-11T12:00:00Z", "end": "2027-03-11T13:00:00Z"},
    {"id": "a0", "release": "r1", "service": "api", "environment": "staging", "start": "2027-03-01T10:00:00Z", "end": "2027-03-01T11:00:00Z", "status": "succeeded"},
    {"id": "c2", "release": "r3", "service": "db", "environment": "staging", "start": "2027-03-10T14:00:00Z", "end": "2027-03-10T15:00:00Z"},
    {"id": "x1", "release": "r4", "service": "api", "environment": "prod", "start": "2027-03-12T10:00:00Z", "end": "2027-03-12T11:00:00Z"}
  ]
}"#;

/// Each deployment of `ids` one day later, as the calendar sends a drag.
fn a_day_later(app: &trainyard_app_core::AppService, ids: &[&str]) -> Vec<MoveTarget> {
    let range = app
        .visible_range("2027-03-01T00:00:00Z", "2027-04-01T00:00:00Z")
        .unwrap();
    ids.iter()
        .map(|id| {
            let b = range.deployments.iter().find(|b| b.id == *id).unwrap();
            let later = |t: &str| {
                let t =
                    chrono::DateTime::parse_from_rfc3339(t).unwrap() + chrono::Duration::days(1);
                t.with_timezone(&chrono::Utc)
                    .format("%Y-%m-%dT%H:%M:%SZ")
                    .to_string()
            };
            MoveTarget {
                id: b.id.clone(),
                start: later(&b.start),
                end: later(&b.end),
                environment: b.environment.clone(),
            }
        })
        .collect()
}

fn ids(bars: &[trainyard_app_core::dto::DeploymentBar]) -> Vec<&str> {
    bars.iter().map(|b| b.id.as_str()).collect()
}

#[test]
fn a_release_moves_with_its_dependents_and_what_has_run_stays() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small_with(&dir, CHAIN);
    let alone = app.group_move_set("r1", false).unwrap();
    assert_eq!(ids(&alone.deployments), ["a1", "a2"]);
    assert!(alone.dependents.is_empty());
    assert_eq!(alone.kept, ["a0"]);
    let with = app.group_move_set("r1", true).unwrap();
    assert_eq!(with.dependents, ["r2", "r3"]);
    assert_eq!(ids(&with.deployments), ["a1", "a2", "b1", "b2", "c2"]);
    assert_eq!(with.kept, ["a0"]);
    let e = app.group_move_set("nope", true).unwrap_err();
    assert!(e.message.contains("no release \"nope\""), "{}", e.message);
}

#[test]
fn dragging_a_release_alone_previews_and_commits_what_it_breaks_as_one_undo() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small_with(&dir, CHAIN);
    let before = app.summary().unwrap();
    assert_eq!(before.counts.errors, 0);
    let moves = a_day_later(&app, &["a1", "a2"]);

    // r1 a day later: a2 lands on x1 (overlap), and r2 now starts in both
    // environments before r1 has finished there (dependency order).
    let preview = app.preview_group_move(&moves).unwrap();
    let rules: Vec<Rule> = preview.conflicts.iter().map(|c| c.rule).collect();
    assert!(rules.contains(&Rule::Overlap), "{rules:?}");
    assert!(rules.contains(&Rule::DependencyOrder), "{rules:?}");
    assert!(preview
        .members
        .iter()
        .all(|m| m.severity == Some(Severity::Error)));
    // Nothing changed yet.
    assert_eq!(app.summary().unwrap().revision, before.revision);
    assert!(app.conflicts().unwrap().is_empty());

    let done = app.commit_group_move(&moves).unwrap();
    assert_eq!(done.summary.revision, before.revision + 1, "one edit");
    assert_eq!(
        done.summary.can_undo.as_deref(),
        Some("move r1 (2 deployments)")
    );
    assert_eq!(done.summary.counts, preview.counts);
    assert_eq!(done.summary.counts, app.summary().unwrap().counts);
    assert_eq!(ids(&done.moved), ["a1", "a2"]);
    assert_eq!(done.moved[1].start, "2027-03-12T10:00:00Z");
    assert!(ids(&done.recoloured).contains(&"x1"));

    // One undo takes back both.
    let undone = app.undo().unwrap();
    assert_eq!(undone.revision, before.revision + 2);
    assert_eq!(undone.counts, before.counts);
    let range = app
        .visible_range("2027-03-01T00:00:00Z", "2027-04-01T00:00:00Z")
        .unwrap();
    let a2 = range.deployments.iter().find(|b| b.id == "a2").unwrap();
    assert_eq!(a2.start, "2027-03-11T10:00:00Z");
}

#[test]
fn dragging_a_release_with_its_dependents_keeps_their_order() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small_with(&dir, CHAIN);
    let set = app.group_move_set("r1", true).unwrap();
    let moves = a_day_later(&app, &ids(&set.deployments));
    let done = app.commit_group_move(&moves).unwrap();
    // Gaps kept: no dependency-order; only a2 on x1 remains.
    let after = app.conflicts().unwrap();
    let rules: Vec<Rule> = after.iter().map(|c| c.rule).collect();
    assert_eq!(rules, [Rule::Overlap]);
    assert_eq!(
        done.summary.can_undo.as_deref(),
        Some("move 5 deployments of 3 releases")
    );
    // The incremental checker agrees with a fresh full check of the file.
    let path = dir.path().join("small.trainyard");
    let reopened = crate::util::service(&dir);
    reopened.open(&path).unwrap();
    assert_eq!(reopened.conflicts().unwrap(), after);
}

#[test]
fn a_bad_group_move_names_the_move_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small_with(&dir, CHAIN);
    let revision = app.summary().unwrap().revision;
    let good = a_day_later(&app, &["a1", "a2"]);
    let cases: Vec<(Vec<MoveTarget>, &str)> = vec![
        (vec![], "at least one deployment"),
        (
            vec![good[0].clone(), good[0].clone()],
            "moves[1] (a1): the deployment is moved twice",
        ),
        (
            vec![
                good[0].clone(),
                MoveTarget {
                    id: "zz".into(),
                    ..good[1].clone()
                },
            ],
            "moves[1] (zz): there is no such deployment",
        ),
        (
            vec![MoveTarget {
                environment: "qa".into(),
                ..good[0].clone()
            }],
            "moves[0] (a1): there is no environment \"qa\"",
        ),
        (
            vec![MoveTarget {
                end: good[0].start.clone(),
                ..good[0].clone()
            }],
            "moves[0] (a1): a deployment must end after it starts",
        ),
        (
            vec![MoveTarget {
                start: "tomorrow".into(),
                ..good[0].clone()
            }],
            "moves[0] (a1): start:",
        ),
    ];
    for (moves, expected) in cases {
        for e in [
            app.preview_group_move(&moves).unwrap_err(),
            app.commit_group_move(&moves).unwrap_err(),
        ] {
            assert!(e.message.contains(expected), "{expected}: {}", e.message);
        }
    }
    assert_eq!(app.summary().unwrap().revision, revision);
    assert!(app.conflicts().unwrap().is_empty());
}
