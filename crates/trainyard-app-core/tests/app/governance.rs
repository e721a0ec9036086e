//! Release governance in the app: a hold's preview, putting it on and
//! lifting it; the calendar's holds, bookings and team unavailability; a
//! release's readiness checklist, its edits, go/no-go decision, waivers and
//! review.

use trainyard_app_core::dto::{ChecklistEdit, HoldRequest};

use crate::util::{rules, small_with};

/// Staging then prod, in UTC so the due times are plain to work out.
/// `r1` (normal) deploys api to staging on the 8th, api to prod on the 10th
/// (10:00–12:00) and db to prod on the 12th; `r2` (emergency) db to prod on
/// the 10th (11:00–13:00); `r3` is cancelled. The template asks normal
/// releases in prod for a runbook and smoke tests two days ahead.
const GOVERNED: &str = r#"{
  "format": "trainyard-plan", "version": 1, "name": "Governed", "timezone": "UTC",
  "environments": [{"id": "staging", "name": "Staging", "order": 1}, {"id": "prod", "name": "Production", "order": 2}],
  "teams": [{"id": "core", "name": "Core team"}],
  "services": [{"id": "api", "name": "API", "team": "core"}, {"id": "db", "name": "Database", "team": "core"}],
  "trains": [{"id": "t1", "name": "Main train"}],
  "releases": [
    {"id": "r1", "name": "One", "train": "t1", "change_type": "normal",
     "readiness": [{"id": "runbook", "state": "done", "done_at": "2027-03-07T09:00:00Z", "owner": "core"}]},
    {"id": "r2", "name": "Fix", "change_type": "emergency"},
    {"id": "r3", "name": "Dropped", "change_type": "normal", "status": "cancelled"}
  ],
  "deployments": [
    {"id": "d1", "release": "r1", "service": "api", "environment": "staging", "start": "2027-03-08T10:00:00Z", "end": "2027-03-08T12:00:00Z"},
    {"id": "d2", "release": "r1", "service": "api", "environment": "prod", "start": "2027-03-10T10:00:00Z", "end": "2027-03-10T12:00:00Z"},
    {"id": "d3", "release": "r2", "service": "db", "environment": "prod", "start": "2027-03-10T11:00:00Z", "end": "2027-03-10T13:00:00Z"},
    {"id": "d4", "release": "r3", "service": "db", "environment": "prod", "start": "2027-03-10T12:00:00Z", "end": "2027-03-10T13:00:00Z"},
    {"id": "d5", "release": "r1", "service": "db", "environment": "prod", "start": "2027-03-12T10:00:00Z", "end": "2027-03-12T11:00:00Z"}
  ],
  "readiness_templates": [
    {"id": "prod-normal", "change_types": ["normal"], "environments": ["prod"], "lead_time": "P2D",
     "items": [{"id": "runbook", "title": "Runbook updated"}, {"id": "smoke", "title": "Smoke tests signed off"}]}
  ],
  "bookings": [
    {"id": "b1", "environment": "staging", "holder_kind": "train", "holder": "t1",
     "from": "2027-03-08T00:00:00Z", "until": "2027-03-09T00:00:00Z", "exclusive": true}
  ],
  "waivers": [
    {"id": "w1", "release": "r2", "rules": ["on-hold"], "granted_by": "cab", "reason": "the fix",
     "granted_at": "2027-03-01T00:00:00Z", "expires": "2027-03-20T00:00:00Z"}
  ]
}"#;

fn prod_hold(from: &str, until: Option<&str>) -> HoldRequest {
    HoldRequest {
        scope: "environment".into(),
        target: Some("prod".into()),
        reason: "incident INC-1".into(),
        from: from.into(),
        until: until.map(str::to_owned),
    }
}

fn count(app: &trainyard_app_core::AppService, rule: &str) -> usize {
    rules(app).iter().filter(|r| *r == rule).count()
}

#[test]
fn a_hold_preview_lists_what_it_stops_and_the_errors_it_adds() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small_with(&dir, GOVERNED);
    // 11:30 on the 10th until 10:00 on the 12th: d2 (10–12) and d3 (11–13)
    // run into it; d4 is of a cancelled release; d5 starts as it ends.
    let p = app
        .preview_hold(&prod_hold(
            "2027-03-10T11:30:00Z",
            Some("2027-03-12T10:00:00Z"),
        ))
        .unwrap();
    let ids: Vec<_> = p.deployments.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["d2", "d3"]);
    assert_eq!(p.deployments[1].release.name, "Fix");
    assert_eq!(p.deployments[1].environment.name, "Production");
    assert_eq!(p.deployments[1].start, "2027-03-10T11:00:00Z");
    assert_eq!(p.errors_after, p.errors_now + 2);
    // The preview changed nothing; putting it on gives the errors it said.
    assert_eq!(app.summary().unwrap().counts.errors, p.errors_now);
    let s = app
        .place_hold(&prod_hold(
            "2027-03-10T11:30:00Z",
            Some("2027-03-12T10:00:00Z"),
        ))
        .unwrap();
    assert_eq!(s.counts.errors, p.errors_after);
    assert_eq!(count(&app, "on-hold"), 2);
    assert_eq!(
        s.can_undo.as_deref(),
        Some("put environment Production on hold")
    );
    let holds = app.holds().unwrap();
    assert_eq!(holds.len(), 1);
    assert_eq!(holds[0].id, "hold-1");
    assert_eq!(holds[0].by.as_deref(), Some("tester"));
    assert_eq!(holds[0].environments, ["prod"]);
    // One undo takes it off.
    app.undo().unwrap();
    assert_eq!(count(&app, "on-hold"), 0);
}

#[test]
fn a_plan_hold_covers_every_deployment_taking_part_and_an_open_one_has_no_end() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small_with(&dir, GOVERNED);
    let whole = HoldRequest {
        scope: "plan".into(),
        target: None,
        reason: String::new(),
        from: "2027-03-09T00:00:00Z".into(),
        until: None,
    };
    let ids: Vec<_> = app
        .preview_hold(&whole)
        .unwrap()
        .deployments
        .into_iter()
        .map(|d| d.id)
        .collect();
    assert_eq!(ids, ["d2", "d3", "d5"]);
}

#[test]
fn a_hold_request_without_a_target_or_ending_before_it_starts_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small_with(&dir, GOVERNED);
    let mut req = prod_hold("2027-03-10T00:00:00Z", Some("2027-03-09T00:00:00Z"));
    let e = app.preview_hold(&req).unwrap_err();
    assert_eq!(e.problems[0].field, "until");
    req.until = None;
    req.target = Some("nowhere".into());
    let e = app.place_hold(&req).unwrap_err();
    assert_eq!(e.problems[0].field, "target");
    assert!(app.holds().unwrap().is_empty());
}

#[test]
fn lifting_a_started_hold_ends_it_now_and_one_not_started_is_removed() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small_with(&dir, GOVERNED);
    app.place_hold(&prod_hold("2020-01-01T00:00:00Z", None))
        .unwrap();
    assert_eq!(count(&app, "on-hold"), 3);
    let s = app.lift_hold("hold-1").unwrap();
    assert_eq!(s.can_undo.as_deref(), Some("lift hold hold-1"));
    assert_eq!(count(&app, "on-hold"), 0);
    let lifted = &app.holds().unwrap()[0];
    let until = lifted.until.as_deref().expect("a lifted hold ends");
    assert!(until > "2020-01-01T00:00:00Z" && until < "2027-03-10T10:00:00Z");

    app.place_hold(&prod_hold("2027-03-10T00:00:00Z", None))
        .unwrap();
    assert_eq!(app.holds().unwrap()[1].id, "hold-2");
    app.lift_hold("hold-2").unwrap();
    assert_eq!(app.holds().unwrap().len(), 1);
    app.undo().unwrap();
    assert_eq!(app.holds().unwrap().len(), 2);
}

#[test]
fn the_calendar_layers_hold_the_bookings_and_holds_of_the_period() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small_with(&dir, GOVERNED);
    let l = app
        .governance_layers("2027-03-08T00:00:00Z", "2027-03-15T00:00:00Z")
        .unwrap();
    assert_eq!(l.bookings.len(), 1);
    assert_eq!(l.bookings[0].holder.name, "Main train");
    assert_eq!(l.bookings[0].holder_kind, "train");
    assert!(l.bookings[0].exclusive);
    // A period after the booking ends does not show it.
    let later = app
        .governance_layers("2027-03-09T00:00:00Z", "2027-03-15T00:00:00Z")
        .unwrap();
    assert!(later.bookings.is_empty());
}

#[test]
fn the_calendar_layers_hold_the_unavailable_periods_that_meet_the_period() {
    let dir = tempfile::tempdir().unwrap();
    // Core team: an offsite inside the week, a holiday running into its
    // start, and a later one outside it (given out of order); a team with
    // no name is named by its id.
    let json = GOVERNED.replace(
        r#"{"id": "core", "name": "Core team"}"#,
        r#"{"id": "core", "name": "Core team", "unavailable": [
            {"start": "2027-03-20T00:00:00Z", "end": "2027-03-21T00:00:00Z", "reason": "Later"},
            {"start": "2027-03-10T09:00:00+01:00", "end": "2027-03-10T17:00:00+01:00", "reason": "Offsite"},
            {"start": "2027-03-05T00:00:00Z", "end": "2027-03-08T06:00:00Z"}]},
           {"id": "ops", "unavailable": [
            {"start": "2027-03-14T22:00:00Z", "end": "2027-03-15T02:00:00Z", "reason": "Night off"}]}"#,
    );
    let (app, _) = small_with(&dir, &json);
    let l = app
        .governance_layers("2027-03-08T00:00:00Z", "2027-03-15T00:00:00Z")
        .unwrap();
    let got: Vec<_> = l
        .unavailable
        .iter()
        .map(|u| {
            (
                u.team.id.as_str(),
                u.team.name.as_str(),
                u.start.as_str(),
                u.end.as_str(),
                u.reason.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "core",
                "Core team",
                "2027-03-05T00:00:00Z",
                "2027-03-08T06:00:00Z",
                None
            ),
            (
                "core",
                "Core team",
                "2027-03-10T08:00:00Z",
                "2027-03-10T16:00:00Z",
                Some("Offsite")
            ),
            (
                "ops",
                "ops",
                "2027-03-14T22:00:00Z",
                "2027-03-15T02:00:00Z",
                Some("Night off")
            ),
        ]
    );
    // The holds and bookings are as before.
    assert_eq!(l.bookings.len(), 1);
    assert!(l.holds.is_empty());
    // A period that ends as one starts does not meet it.
    let before = app
        .governance_layers("2027-03-01T00:00:00Z", "2027-03-05T00:00:00Z")
        .unwrap();
    assert!(before.unavailable.is_empty());
}

#[test]
fn the_checklist_lists_its_items_then_the_missing_ones_with_their_due_times() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small_with(&dir, GOVERNED);
    let g = app.release_governance("r1").unwrap();
    // Due two days before the first prod deployment (d2, 10:00 on the 10th).
    let lines: Vec<_> = g
        .checklist
        .iter()
        .map(|l| {
            (
                l.id.as_str(),
                l.title.as_str(),
                l.state.as_deref(),
                l.due.as_deref(),
                l.missing,
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            (
                "runbook",
                "Runbook updated",
                Some("done"),
                Some("2027-03-08T10:00:00Z"),
                false
            ),
            (
                "smoke",
                "Smoke tests signed off",
                None,
                Some("2027-03-08T10:00:00Z"),
                true
            ),
        ]
    );
    assert_eq!(g.checklist[0].owner.as_deref(), Some("core"));
    assert!(!g.emergency && g.review_due.is_none());
    // d2 and d5 lack smoke tests.
    assert_eq!(count(&app, "not-ready"), 2);
}

#[test]
fn ticking_a_missing_item_adds_it_done_and_the_not_ready_errors_go() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small_with(&dir, GOVERNED);
    let s = app
        .edit_checklist(
            "r1",
            &ChecklistEdit::Done {
                item: "smoke".into(),
            },
        )
        .unwrap();
    assert_eq!(
        s.can_undo.as_deref(),
        Some("tick smoke on the checklist of r1")
    );
    let g = app.release_governance("r1").unwrap();
    assert_eq!(g.checklist[1].state.as_deref(), Some("done"));
    assert_eq!(g.checklist[1].title, "Smoke tests signed off");
    assert!(g.checklist[1].done_at.is_some());
    assert_eq!(count(&app, "not-ready"), 0);
    // Open again: not ready again; then waived (a note is required).
    app.edit_checklist(
        "r1",
        &ChecklistEdit::Reopen {
            item: "smoke".into(),
        },
    )
    .unwrap();
    assert_eq!(count(&app, "not-ready"), 2);
    let e = app
        .edit_checklist(
            "r1",
            &ChecklistEdit::Waive {
                item: "smoke".into(),
                note: " ".into(),
            },
        )
        .unwrap_err();
    assert_eq!(e.problems[0].field, "note");
    app.edit_checklist(
        "r1",
        &ChecklistEdit::Waive {
            item: "smoke".into(),
            note: "covered by canary".into(),
        },
    )
    .unwrap();
    assert_eq!(count(&app, "not-ready"), 0);
    let g = app.release_governance("r1").unwrap();
    assert_eq!(g.checklist[1].note.as_deref(), Some("covered by canary"));
}

#[test]
fn items_are_added_and_removed_one_edit_each() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small_with(&dir, GOVERNED);
    app.edit_checklist(
        "r1",
        &ChecklistEdit::Add {
            item: "comms".into(),
            title: "Customers told".into(),
            owner: "support".into(),
        },
    )
    .unwrap();
    let g = app.release_governance("r1").unwrap();
    let ids: Vec<_> = g.checklist.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["runbook", "comms", "smoke"]);
    assert_eq!(g.checklist[1].state.as_deref(), Some("open"));
    assert!(!g.checklist[1].missing && g.checklist[1].due.is_none());
    let e = app
        .edit_checklist(
            "r1",
            &ChecklistEdit::Add {
                item: "comms".into(),
                title: String::new(),
                owner: String::new(),
            },
        )
        .unwrap_err();
    assert_eq!(e.problems[0].field, "item");
    // Removing the runbook makes it missing (a template requires it).
    app.edit_checklist(
        "r1",
        &ChecklistEdit::Remove {
            item: "runbook".into(),
        },
    )
    .unwrap();
    let g = app.release_governance("r1").unwrap();
    let ids: Vec<_> = g
        .checklist
        .iter()
        .map(|l| (l.id.as_str(), l.missing))
        .collect();
    assert_eq!(ids, [("comms", false), ("runbook", true), ("smoke", true)]);
    app.undo().unwrap();
    app.undo().unwrap();
    assert_eq!(app.release_governance("r1").unwrap().checklist.len(), 2);
}

#[test]
fn go_no_go_waivers_and_the_review_of_an_emergency_release() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small_with(&dir, GOVERNED);
    let g = app.release_governance("r2").unwrap();
    assert!(g.emergency);
    // Five days after its last deployment ends (13:00 on the 10th).
    assert_eq!(g.review_due.as_deref(), Some("2027-03-15T13:00:00Z"));
    assert_eq!(g.waivers.len(), 1);
    assert_eq!(g.waivers[0].rules, ["on-hold"]);
    assert_eq!(g.waivers[0].granted_by, "cab");
    assert!(g.review.is_none() && g.decision.is_none());

    let e = app
        .record_go_no_go("r2", "alice", "maybe", &[])
        .unwrap_err();
    assert_eq!(e.problems[0].field, "outcome");
    let s = app
        .record_go_no_go("r2", "alice", "go", &["monitoring on".into(), " ".into()])
        .unwrap();
    assert_eq!(s.can_undo.as_deref(), Some("go for r2 (alice)"));
    let e = app.record_review("r2", "bob", "  ", "", &[]).unwrap_err();
    assert_eq!(e.problems[0].field, "summary");
    app.record_review("r2", "bob", "Went fine", "a typo", &["add a test".into()])
        .unwrap();
    let g = app.release_governance("r2").unwrap();
    let d = g.decision.unwrap();
    assert_eq!((d.by.as_str(), d.outcome.as_str()), ("alice", "go"));
    assert_eq!(d.conditions, ["monitoring on"]);
    let r = g.review.unwrap();
    assert_eq!((r.by.as_str(), r.summary.as_str()), ("bob", "Went fine"));
    assert_eq!(r.root_cause.as_deref(), Some("a typo"));
    assert_eq!(r.follow_ups, ["add a test"]);
}
