//! Outcomes in the window: recorded through the entity save path, shown on
//! the calendar as the bar's actual run.

use serde_json::json;
use trainyard_app_core::dto::{ActualRun, RunResult};

use crate::util::small;

const WEEK: (&str, &str) = ("2027-03-08T00:00:00Z", "2027-03-15T00:00:00Z");

fn actual_of(app: &trainyard_app_core::AppService, id: &str) -> Option<ActualRun> {
    let range = app.visible_range(WEEK.0, WEEK.1).unwrap();
    range
        .deployments
        .into_iter()
        .find(|d| d.id == id)
        .expect("the deployment is in the week")
        .actual
}

#[test]
fn a_bar_without_an_outcome_has_no_actual_run_and_sends_no_field() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small(&dir);
    assert_eq!(actual_of(&app, "d1"), None);
    let range = app.visible_range(WEEK.0, WEEK.1).unwrap();
    let json = serde_json::to_value(&range.deployments[0]).unwrap();
    assert!(json.get("actual").is_none(), "{json}");
}

#[test]
fn an_outcome_saved_as_one_edit_shows_as_the_actual_run_with_its_overrun() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small(&dir);
    let before = app.summary().unwrap();
    // d1 is planned 10:00–12:00 UTC; it ran 10:05–12:30 and was rolled back.
    let mut d1 = app.entity("deployment", "d1").unwrap();
    d1["outcome"] = json!({
        "started": "2027-03-10T11:05:00+01:00", "finished": "2027-03-10T12:30:00Z",
        "result": "rolled_back",
        "incidents": [{"id": "INC-1", "opened": "2027-03-10T12:00:00Z", "severity": "high"}]
    });
    let s = app.save_entity("deployment", Some("d1"), &d1).unwrap();
    assert_eq!(s.revision, before.revision + 1, "one edit");
    assert_eq!(
        actual_of(&app, "d1"),
        Some(ActualRun {
            started: "2027-03-10T10:05:00Z".into(),
            finished: Some("2027-03-10T12:30:00Z".into()),
            result: Some(RunResult::RolledBack),
            overrun: true,
        })
    );
    assert!(app.conflicts().unwrap().iter().any(|c| c.rule == "overrun"));

    // Still running: no finish, no result, no overrun yet.
    d1["outcome"] = json!({"started": "2027-03-10T10:00:00Z"});
    app.save_entity("deployment", Some("d1"), &d1).unwrap();
    let running = actual_of(&app, "d1").unwrap();
    assert_eq!(
        (running.finished, running.result, running.overrun),
        (None, None, false)
    );

    // Cleared: the bar is plain again, and undo brings the outcome back.
    d1.as_object_mut().unwrap().remove("outcome");
    app.save_entity("deployment", Some("d1"), &d1).unwrap();
    assert_eq!(actual_of(&app, "d1"), None);
    app.undo().unwrap();
    assert!(actual_of(&app, "d1").is_some());
}

#[test]
fn an_invalid_outcome_is_refused_with_the_field_inside_the_deployment() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small(&dir);
    let mut d1 = app.entity("deployment", "d1").unwrap();
    d1["outcome"] = json!({"started": "2027-03-10T10:00:00Z", "finished": "2027-03-10T11:00:00Z"});
    let e = app.save_entity("deployment", Some("d1"), &d1).unwrap_err();
    assert_eq!(e.code, "invalid_entity", "{e:?}");
    assert!(
        e.problems.iter().any(|p| p.field == "outcome.result"),
        "{:?}",
        e.problems
    );
}
