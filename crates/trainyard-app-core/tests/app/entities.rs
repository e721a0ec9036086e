//! Entities: read, create, replace, delete, plan settings, window previews.

use serde_json::json;

use crate::util::{rules, small};

#[test]
fn entity_is_the_plan_format_json() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small(&dir);
    let r = app.entity("release", "r2").unwrap();
    assert_eq!(r["id"], "r2");
    assert_eq!(r["depends_on"], json!(["r1"]));
    assert_eq!(app.entity("release", "zz").unwrap_err().code, "not_found");
    assert_eq!(
        app.entity("planet", "r2").unwrap_err().code,
        "invalid_input"
    );
}

#[test]
fn save_entity_creates_replaces_and_each_edit_undoes() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small(&dir);
    let before = app.summary().unwrap();

    let s = app
        .save_entity(
            "service",
            None,
            &json!({"id": "web", "name": "Web", "depends_on": ["api"]}),
        )
        .unwrap();
    assert_eq!(s.revision, before.revision + 1);
    assert_eq!(s.can_undo.as_deref(), Some(r#"add service "web""#));
    assert!(s.services.iter().any(|n| n.id == "web" && n.name == "Web"));

    let mut v = app.entity("release", "r1").unwrap();
    v["version"] = json!("1.0.1");
    v["status"] = json!("approved");
    let s = app.save_entity("release", Some("r1"), &v).unwrap();
    let r1 = s.releases.iter().find(|r| r.id == "r1").unwrap();
    assert_eq!(
        (r1.version.as_deref(), r1.status.as_str()),
        (Some("1.0.1"), "approved")
    );
    assert_eq!(app.entity("release", "r1").unwrap()["version"], "1.0.1");

    let s = app.undo().unwrap();
    assert_eq!(app.entity("release", "r1").unwrap()["version"], "1.0.0");
    assert_eq!(s.can_undo.as_deref(), Some(r#"add service "web""#));
    let s = app.undo().unwrap();
    assert!(!s.services.iter().any(|n| n.id == "web"));
    assert_eq!(s.counts, before.counts);
}

#[test]
fn a_moved_deployment_saved_as_json_is_rechecked() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small(&dir);
    assert!(rules(&app).contains(&"overlap".to_owned()));
    let mut d2 = app.entity("deployment", "d2").unwrap();
    d2["start"] = json!("2027-03-10T12:00:00Z");
    app.save_entity("deployment", Some("d2"), &d2).unwrap();
    assert!(
        !rules(&app).contains(&"overlap".to_owned()),
        "{:?}",
        rules(&app)
    );
    app.undo().unwrap();
    assert!(rules(&app).contains(&"overlap".to_owned()));
}

#[test]
fn invalid_entities_are_refused_with_problems_relative_to_the_entity() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small(&dir);
    let before = app.summary().unwrap();

    let e = app
        .save_entity(
            "release",
            None,
            &json!({"id": "r3", "version": 4, "depends_on": ["r1", 7], "colour": "red"}),
        )
        .unwrap_err();
    assert_eq!(e.code, "invalid_entity");
    let fields: Vec<&str> = e.problems.iter().map(|p| p.field.as_str()).collect();
    assert!(fields.contains(&"version"), "{fields:?}");
    assert!(fields.contains(&"depends_on[1]"), "{fields:?}");
    assert!(fields.contains(&"colour"), "{fields:?}");
    let e = app
        .save_entity(
            "release",
            None,
            &json!({"id": "r3", "change_type": "sometimes"}),
        )
        .unwrap_err();
    assert_eq!(e.problems[0].field, "change_type");

    // Unknown references are found when applied to the plan.
    let e = app
        .save_entity("release", None, &json!({"id": "r3", "change_type": "normal", "train": "nope", "depends_on": ["r1", "ghost"]}))
        .unwrap_err();
    assert_eq!(e.code, "invalid_entity");
    let fields: Vec<&str> = e.problems.iter().map(|p| p.field.as_str()).collect();
    assert!(fields.contains(&"train"), "{fields:?}");
    assert!(fields.contains(&"depends_on[1]"), "{fields:?}");

    let e = app
        .save_entity(
            "team",
            None,
            &json!({"id": "ops", "unavailable": [{"start": "2027-03-10T12:00:00Z", "end": "2027-03-10T10:00:00Z"}]}),
        )
        .unwrap_err();
    assert!(
        e.problems
            .iter()
            .any(|p| p.field.starts_with("unavailable[0]")),
        "{:?}",
        e.problems
    );

    // Nothing was written.
    assert_eq!(app.summary().unwrap().revision, before.revision);
    let json = serde_json::to_value(&e).unwrap();
    assert!(json["problems"][0]["field"].is_string());
}

#[test]
fn a_duplicate_id_and_a_changed_id_are_problems_on_id() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small(&dir);
    let e = app
        .save_entity("service", None, &json!({"id": "db", "name": "Another"}))
        .unwrap_err();
    assert_eq!(e.code, "invalid_entity");
    assert_eq!(e.problems.len(), 1);
    assert_eq!(e.problems[0].field, "id");
    assert!(
        e.problems[0].message.contains("already"),
        "{}",
        e.problems[0].message
    );

    let e = app
        .save_entity("service", Some("db"), &json!({"id": "database"}))
        .unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.problems[0].field.as_str()),
        ("invalid_entity", "id")
    );
    assert!(app.entity("service", "db").is_ok());
}

#[test]
fn delete_is_refused_while_referenced_and_names_every_referrer() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small(&dir);
    let e = app.delete_entity("release", "r1").unwrap_err();
    assert_eq!(e.code, "invalid_entity");
    let messages: Vec<&str> = e.problems.iter().map(|p| p.message.as_str()).collect();
    assert!(e.problems.iter().all(|p| p.field.is_empty()));
    assert!(
        messages.iter().any(|m| m.contains(r#"release "r2""#)),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains(r#"deployment "d1""#)),
        "{messages:?}"
    );
    assert!(
        messages.iter().all(|m| m.starts_with(r#"release "r1""#)),
        "{messages:?}"
    );

    let e = app.delete_entity("service", "db").unwrap_err();
    assert!(e
        .problems
        .iter()
        .any(|p| p.message.contains(r#"service "api""#)));

    // Free it, then delete, then undo the delete.
    app.delete_entity("deployment", "d2").unwrap();
    app.delete_entity("release", "r2").unwrap();
    let s = app.delete_entity("deployment", "d1").unwrap();
    assert_eq!(s.deployment_count, 0);
    let s = app.delete_entity("release", "r1").unwrap();
    assert!(s.releases.is_empty());
    assert_eq!(s.can_undo.as_deref(), Some(r#"delete release "r1""#));
    let s = app.undo().unwrap();
    assert_eq!(s.releases.len(), 1);
    assert_eq!(
        app.delete_entity("release", "nope").unwrap_err().code,
        "not_found"
    );
}

#[test]
fn plan_settings_rename_and_move_the_zone_and_refuse_unknown_zones() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small(&dir);
    let s = app.set_plan_settings("Bigger", "America/New_York").unwrap();
    assert_eq!(
        (s.name.as_str(), s.timezone.as_str()),
        ("Bigger", "America/New_York")
    );
    let e = app.set_plan_settings("Bigger", "Mars/Olympus").unwrap_err();
    assert_eq!(e.code, "invalid_entity");
    assert_eq!(e.problems[0].field, "timezone");
    let s = app.undo().unwrap();
    assert_eq!(
        (s.name.as_str(), s.timezone.as_str()),
        ("Small", "Europe/Berlin")
    );
}

fn weekly_berlin() -> serde_json::Value {
    json!({
        "id": "w-new", "kind": "maintenance", "name": "Sunday night",
        "start": "2027-03-14T02:30", "duration": "PT2H", "timezone": "Europe/Berlin",
        "rrule": "FREQ=WEEKLY;BYDAY=SU"
    })
}

#[test]
fn window_preview_across_the_march_change_flags_the_shift_with_correct_utc() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small(&dir);
    let p = app
        .preview_window(&weekly_berlin(), "2027-03-01T00:00:00Z", 4)
        .unwrap();
    let o = &p.occurrences;
    assert_eq!(o.len(), 4);
    // 14 and 21 March: CET. 28 March 02:30 does not exist (clocks jump
    // 02:00 → 03:00): it starts at 03:30 CEST. 4 April: CEST.
    assert_eq!(
        (o[0].start.as_str(), o[0].offset.as_str()),
        ("2027-03-14T01:30:00Z", "+01:00")
    );
    assert_eq!(o[0].local_start, "2027-03-14T02:30");
    assert_eq!(o[0].local_end, "2027-03-14T04:30");
    assert!(!o[0].dst_shift && o[0].note.is_none());
    assert!(!o[1].dst_shift);
    assert_eq!(o[2].start, "2027-03-28T01:30:00Z");
    assert_eq!(o[2].local_start, "2027-03-28T03:30");
    assert_eq!(o[2].offset, "+02:00");
    assert!(o[2].dst_shift);
    assert_eq!(
        o[2].note.as_deref(),
        Some("02:30 does not exist on 2027-03-28; starts 03:30")
    );
    assert_eq!(
        (o[3].start.as_str(), o[3].local_start.as_str()),
        ("2027-04-04T00:30:00Z", "2027-04-04T02:30")
    );
    assert!(!o[3].dst_shift, "same offset as the previous occurrence");

    // A 22:00 window has no gap: the change shows as an offset change.
    let mut evening = weekly_berlin();
    evening["start"] = json!("2027-03-14T22:00");
    let p = app
        .preview_window(&evening, "2027-03-01T00:00:00Z", 3)
        .unwrap();
    let o = &p.occurrences;
    assert_eq!(o[2].start, "2027-03-28T20:00:00Z");
    assert!(o[2].dst_shift);
    assert_eq!(
        o[2].note.as_deref(),
        Some("Clocks change between occurrences: +01:00 → +02:00")
    );
}

#[test]
fn window_preview_caps_the_count_and_validates_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small(&dir);
    let p = app
        .preview_window(&weekly_berlin(), "2027-03-01T00:00:00Z", 500)
        .unwrap();
    assert_eq!(p.occurrences.len(), 50);
    assert!(p.occurrences.windows(2).all(|w| w[0].start < w[1].start));

    let mut bad = weekly_berlin();
    bad["duration"] = json!("2 hours");
    bad["rrule"] = json!("FREQ=SOMETIMES");
    let e = app
        .preview_window(&bad, "2027-03-01T00:00:00Z", 5)
        .unwrap_err();
    assert_eq!(e.code, "invalid_entity");
    let fields: Vec<&str> = e.problems.iter().map(|p| p.field.as_str()).collect();
    assert!(
        fields.contains(&"duration") && fields.contains(&"rrule"),
        "{fields:?}"
    );
}

#[test]
fn visible_range_has_train_departures_and_freezes_and_the_summary_lists_everything() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small(&dir);
    let s = app.summary().unwrap();
    assert_eq!(s.teams.len(), 1);
    assert_eq!(s.teams[0].name, "Core team");
    assert_eq!(s.deployment_count, 2);
    let r1 = &s.releases[0];
    assert_eq!(serde_json::to_value(r1).unwrap()["changeType"], "normal");
    let v = app
        .visible_range("2027-03-08T00:00:00Z", "2027-03-15T00:00:00Z")
        .unwrap();
    assert_eq!(v.trains.len(), 1, "{:?}", v.trains);
    let t = &v.trains[0];
    assert_eq!(t.train, "t1");
    assert_eq!(t.departure, "2027-03-09T09:00:00Z", "Tuesday 10:00 CET");
    assert_eq!(t.freeze_start, "2027-03-08T09:00:00Z");
    // A freeze reaching into the range counts; a departure just before it does not.
    let v = app
        .visible_range("2027-03-15T12:00:00Z", "2027-03-16T00:00:00Z")
        .unwrap();
    assert_eq!(v.trains.len(), 1);
    assert_eq!(v.trains[0].departure, "2027-03-16T09:00:00Z");
    let v = app
        .visible_range("2027-03-09T10:00:00Z", "2027-03-15T00:00:00Z")
        .unwrap();
    assert!(v.trains.is_empty(), "{:?}", v.trains);
}

/// Release governance is edited like any entity: a hold is saved as its plan
/// format JSON, raises `on-hold`, names what it guards when a delete is
/// refused, and undoes.
#[test]
fn governance_entities_are_saved_checked_guarded_and_undone() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small(&dir);
    let before = rules(&app);
    let hold = json!({"id": "h1", "scope": "release", "target": "r1", "reason": "incident",
                      "from": "2027-03-10T00:00:00Z", "until": "2027-03-11T00:00:00Z"});
    let s = app.save_entity("hold", None, &hold).unwrap();
    assert_eq!(s.can_undo.as_deref(), Some(r#"add hold "h1""#));
    assert_eq!(app.entity("hold", "h1").unwrap(), hold);
    assert!(rules(&app).contains(&"on-hold".to_owned()));
    let on_hold = app
        .conflicts()
        .unwrap()
        .into_iter()
        .find(|c| c.rule == "on-hold")
        .unwrap();
    assert_eq!(on_hold.holds.as_deref(), Some(&["h1".to_owned()][..]));
    let e = app.delete_entity("release", "r1").unwrap_err();
    assert!(
        e.problems
            .iter()
            .any(|p| p.message.contains(r#"hold "h1""#)),
        "{:?}",
        e.problems
    );
    let bad = app
        .save_entity("hold", None, &json!({"id": "h2", "scope": "plan", "from": "2027-03-10T00:00:00Z", "until": "2027-03-09T00:00:00Z"}))
        .unwrap_err();
    assert!(
        bad.problems.iter().any(|p| p.field == "until"),
        "{:?}",
        bad.problems
    );
    app.undo().unwrap();
    assert_eq!(rules(&app), before);
}
