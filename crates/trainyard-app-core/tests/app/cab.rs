//! CAB view, decisions, audit log, slot suggestions.

use crate::util::{rules, small, small_with, SMALL};

/// The small plan with prod requiring approval and `db` holding customer data.
fn gated() -> String {
    SMALL
        .replace(r#"{"id": "prod", "order": 1}"#, r#"{"id": "prod", "order": 1, "requires_approval": true}"#)
        .replace(r#""id": "db", "name": "Database", "team": "core""#, r#""id": "db", "name": "Database", "team": "core", "data_classes": ["customer"]"#)
        .replace(
            r#"{"id": "d2", "release": "r2", "service": "api", "environment": "prod", "start": "2027-03-10T11:00:00Z", "end": "2027-03-10T13:00:00Z"}"#,
            r#"{"id": "d2", "release": "r2", "service": "api", "environment": "prod", "start": "2027-03-10T12:00:00Z", "end": "2027-03-10T13:00:00Z"},
               {"id": "d3", "release": "r1", "service": "db", "environment": "prod", "start": "2027-03-11T10:00:00Z", "end": "2027-03-11T11:00:00Z"}"#,
        )
}

#[test]
fn cab_shows_the_release_its_blast_radius_risk_and_approval_policy() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small_with(&dir, &gated());
    let c = app.cab("r1").unwrap();
    assert_eq!(c.release.id, "r1");
    assert_eq!(
        c.services_touched
            .iter()
            .map(|n| n.id.as_str())
            .collect::<Vec<_>>(),
        ["api", "db"]
    );
    assert!(
        c.blast_radius.is_empty(),
        "api consumes db but is touched itself"
    );
    assert_eq!(c.required_approvals, 2, "customer data in prod");
    assert!(c.approvals.is_empty());
    assert!(
        c.conflicts.iter().any(|x| x.rule == "unapproved"),
        "{:?}",
        c.conflicts
    );
    assert_eq!(
        c.deployments
            .iter()
            .map(|d| d.id.as_str())
            .collect::<Vec<_>>(),
        ["d1", "d3"]
    );
    assert_eq!(c.risk.release, "r1");

    let c2 = app.cab("r2").unwrap();
    assert_eq!(c2.dependencies.len(), 1);
    assert_eq!(
        (
            c2.dependencies[0].id.as_str(),
            c2.dependencies[0].name.as_str()
        ),
        ("r1", "One")
    );
    assert_eq!(c2.dependencies[0].status, "planned");
    assert_eq!(c2.required_approvals, 0, "a standard change on api alone");
    assert_eq!(app.cab("zz").unwrap_err().code, "not_found");
}

#[test]
fn recorded_decisions_satisfy_the_policy_and_are_audited_and_undoable() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small_with(&dir, &gated());
    let e = app
        .record_decision("r1", "  ", "cab", "approved", "")
        .unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.problems[0].field.as_str()),
        ("invalid_entity", "by")
    );

    app.record_decision("r1", "Ana", "cab", "approved", "fine")
        .unwrap();
    let s = app
        .record_decision("r1", "Ben", "", "approved", "")
        .unwrap();
    assert_eq!(s.can_undo.as_deref(), Some("approve r1 (Ben)"));
    let c = app.cab("r1").unwrap();
    assert_eq!(c.approvals.len(), 2);
    assert_eq!(c.approvals[0].by, "Ana");
    assert_eq!(c.approvals[0].role.as_deref(), Some("cab"));
    assert_eq!(c.approvals[0].comment.as_deref(), Some("fine"));
    assert!(c.approvals[0]
        .at
        .as_deref()
        .is_some_and(|t| t.ends_with('Z')));
    assert_eq!(c.approvals[1].role, None);
    let json = serde_json::to_value(&c.approvals[1]).unwrap();
    assert!(
        json.get("role").is_none(),
        "absent fields are left out: {json}"
    );
    assert!(c.approvals.len() as u32 >= c.required_approvals);
    assert!(
        !rules(&app).contains(&"unapproved".to_owned()),
        "{:?}",
        rules(&app)
    );

    let log = app.audit_log(10, None).unwrap();
    assert_eq!(log[0].action, "approve r1 (Ben)");
    assert_eq!(log[1].action, "approve r1 (Ana)");
    assert!(log[0].seq > log[1].seq, "newest first");
    assert_eq!(log[0].user, "tester");
    assert_eq!(
        (
            log[0].changes[0].kind.as_str(),
            log[0].changes[0].id.as_str()
        ),
        ("release", "r1")
    );
    assert_eq!(
        log[0].changes[0].after["approvals"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        log[0].changes[0].before["approvals"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // Paging: entries before a seq.
    let older = app.audit_log(10, Some(log[0].seq)).unwrap();
    assert_eq!(older[0].seq, log[1].seq);

    app.undo().unwrap();
    assert_eq!(app.cab("r1").unwrap().approvals.len(), 1);
    assert!(rules(&app).contains(&"unapproved".to_owned()));
    assert_eq!(
        app.audit_log(1, None).unwrap()[0].action,
        "undo: approve r1 (Ben)"
    );
}

#[test]
fn suggest_and_apply_resolve_an_overlap_as_one_undoable_move() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small(&dir);
    assert!(rules(&app).contains(&"overlap".to_owned()));
    let s = app.suggest_slot("d2").unwrap();
    assert_eq!(
        s.start.as_deref(),
        Some("2027-03-10T12:00:00Z"),
        "right after d1 ends"
    );
    assert_eq!(
        s.end.as_deref(),
        Some("2027-03-10T14:00:00Z"),
        "same length"
    );
    assert_eq!(s.environment, "prod");
    assert!(!s.reason.is_empty());

    let sum = app.apply_suggestion("d2").unwrap();
    assert_eq!(sum.can_undo.as_deref(), Some("move d2 to next free slot"));
    assert!(!rules(&app).contains(&"overlap".to_owned()));
    assert_eq!(
        app.entity("deployment", "d2").unwrap()["start"],
        "2027-03-10T12:00:00Z"
    );

    // Nothing to fix now: it stays.
    let again = app.suggest_slot("d2").unwrap();
    assert_eq!(again.start.as_deref(), Some("2027-03-10T12:00:00Z"));
    let same = app.apply_suggestion("d2").unwrap();
    assert_eq!(same.revision, sum.revision);

    app.undo().unwrap();
    assert!(rules(&app).contains(&"overlap".to_owned()));
    assert_eq!(app.suggest_slot("nope").unwrap_err().code, "invalid_input");
}

#[test]
fn no_free_slot_is_refused_with_no_slot() {
    // Every start within a year is in a blackout covering everything.
    let json = SMALL.replace(
        r#""releases": ["#,
        r#""windows": [{"id": "bo", "kind": "blackout", "start": "2027-01-01T00:00", "duration": "P800D", "timezone": "UTC"}],
  "releases": ["#,
    );
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small_with(&dir, &json);
    let s = app.suggest_slot("d1").unwrap();
    assert_eq!(s.start, None);
    assert!(s.reason.contains("blackout"), "{}", s.reason);
    let before = app.summary().unwrap();
    let e = app.apply_suggestion("d1").unwrap_err();
    assert_eq!(e.code, "no_slot");
    assert_eq!(app.summary().unwrap().revision, before.revision);
}

#[test]
fn release_conflicts_counts_each_conflict_once_per_release_it_names() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small_with(&dir, &gated());
    let conflicts = app.conflicts().unwrap();
    let mut expected: Vec<(String, u32)> = Vec::new();
    for r in ["r1", "r2"] {
        let n = conflicts
            .iter()
            .filter(|c| c.releases.iter().any(|x| x == r))
            .count() as u32;
        if n > 0 {
            expected.push((r.to_string(), n));
        }
    }
    let counts: Vec<(String, u32)> = app
        .release_conflicts()
        .unwrap()
        .into_iter()
        .map(|c| (c.release, c.conflicts))
        .collect();
    assert_eq!(
        counts, expected,
        "in the plan's release order: {conflicts:?}"
    );
    // the overlap in prod names both releases; r1 is also unapproved
    assert_eq!(counts.len(), 2, "{conflicts:?}");
    assert!(counts[0].1 > counts[1].1, "{counts:?}");

    // approving r1 removes its unapproved conflict from its count
    let before = counts[0].1;
    for by in ["ana", "bob"] {
        app.record_decision("r1", by, "cab", "approved", "")
            .unwrap();
    }
    let after = app.release_conflicts().unwrap();
    assert_eq!(after[0].release, "r1");
    assert_eq!(after[0].conflicts, before - 1, "{after:?}");
}
