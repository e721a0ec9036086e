//! Release governance rules on hand-made plans: every edge the definitions
//! in `docs/conflict-rules.md` draw (half-open intervals, a waiver that
//! expired a second before, a checklist done after its deadline), and how
//! waivers combine with the emergency exception of format version 1.

use chrono::Duration;
use serde_json::{json, Value};
use trainyard_core::*;

/// A plan with one production environment (requiring windows when asked),
/// the API and the web services of two teams, releases `r-n` (normal, on
/// train `weekly`) and `r-e` (emergency), and deployment `d1` of `r-n` to
/// production on Monday 8 March 2027 20:00–21:00 UTC; `extra` is merged in.
fn plan(extra: Value) -> Plan {
    let mut v = json!({
        "format": "trainyard-plan", "version": 1, "timezone": "UTC",
        "environments": [{"id": "prod", "order": 2}, {"id": "stage", "order": 1}],
        "teams": [{"id": "team-a"}, {"id": "team-b"}],
        "services": [{"id": "api", "team": "team-a"}, {"id": "web", "team": "team-b"}],
        "trains": [{"id": "weekly"}],
        "releases": [
            {"id": "r-n", "change_type": "normal", "train": "weekly"},
            {"id": "r-e", "change_type": "emergency"}
        ],
        "deployments": [
            {"id": "d1", "release": "r-n", "service": "api", "environment": "prod",
             "start": "2027-03-08T20:00:00Z", "end": "2027-03-08T21:00:00Z"}
        ]
    });
    let (Value::Object(m), Value::Object(extra)) = (&mut v, extra) else {
        unreachable!("both are objects")
    };
    for (k, x) in extra {
        m.insert(k, x);
    }
    parse_plan(&v.to_string()).unwrap_or_else(|e| panic!("{e}"))
}

fn only(report: &Report, rule: Rule) -> Vec<&Conflict> {
    report.conflicts.iter().filter(|c| c.rule == rule).collect()
}

fn waiver(rules: &[&str], granted_at: &str, expires: &str) -> Value {
    json!({"id": "w1", "release": "r-n", "rules": rules, "granted_by": "cab",
           "granted_at": granted_at, "expires": expires})
}

fn hold(until: &str, allow_waiver: bool) -> Value {
    json!({"id": "h1", "scope": "environment", "target": "prod", "reason": "incident",
           "from": "2027-03-08T00:00:00Z", "until": until, "allow_waiver": allow_waiver})
}

#[test]
fn a_hold_that_ends_as_a_deployment_starts_does_not_cover_it() {
    let report = check(&plan(
        json!({"holds": [hold("2027-03-08T20:00:00Z", false)]}),
    ));
    assert!(only(&report, Rule::OnHold).is_empty(), "{report:?}");
    let report = check(&plan(
        json!({"holds": [hold("2027-03-08T20:00:01Z", false)]}),
    ));
    let hits = only(&report, Rule::OnHold);
    assert_eq!(hits.len(), 1);
    let c = hits[0];
    assert_eq!(c.severity, Severity::Error);
    assert_eq!(c.holds, vec![HoldId::new("h1")]);
    assert_eq!(c.deployments, vec![DeploymentId::new("d1")]);
    assert_eq!(c.releases, vec![ReleaseId::new("r-n")]);
    assert_eq!(c.services, vec![ServiceId::new("api")]);
    assert_eq!(c.environment, Some(EnvironmentId::new("prod")));
    assert!(
        matches!(&c.evidence[0], Evidence::Hold { hold, until: Some(_), .. } if hold.as_str() == "h1")
    );
}

#[test]
fn an_open_ended_hold_covers_everything_after_it_begins_in_its_scope_only() {
    let p = plan(json!({"holds": [
        {"id": "h-web", "scope": "service", "target": "web", "from": "2027-03-01T00:00:00Z"},
        {"id": "h-rel", "scope": "release", "target": "r-n", "from": "2027-03-08T20:59:59Z"},
        {"id": "h-all", "scope": "plan", "from": "2027-03-08T21:00:00Z"}
    ]}));
    let report = check(&p);
    let holds: Vec<&str> = only(&report, Rule::OnHold)
        .iter()
        .map(|c| c.holds[0].as_str())
        .collect();
    // h-web covers another service; h-all begins as d1 ends.
    assert_eq!(holds, ["h-rel"]);
}

#[test]
fn a_waiver_that_expired_one_second_before_the_deployment_does_not_apply() {
    let holds = json!([hold("2027-03-09T00:00:00Z", true)]);
    let at = |expires: &str| {
        check(&plan(json!({
            "holds": holds.clone(),
            "waivers": [waiver(&["on-hold"], "2027-03-01T00:00:00Z", expires)]
        })))
    };
    let expired = at("2027-03-08T19:59:59Z");
    assert_eq!(only(&expired, Rule::OnHold)[0].severity, Severity::Error);
    // Expiring at the start is expired too: a deployment needs start < expires.
    let at_start = at("2027-03-08T20:00:00Z");
    assert_eq!(only(&at_start, Rule::OnHold)[0].severity, Severity::Error);
    let valid = at("2027-03-08T20:00:01Z");
    let c = only(&valid, Rule::OnHold)[0];
    assert_eq!(c.severity, Severity::Warning);
    assert!(c.message.contains("waived by w1"), "{}", c.message);
    assert!(
        c.evidence
            .iter()
            .any(|e| matches!(e, Evidence::Waiver { waiver, .. } if waiver.as_str() == "w1")),
        "{:?}",
        c.evidence
    );
}

#[test]
fn a_waiver_granted_after_the_deployment_starts_does_not_apply() {
    let report = check(&plan(json!({
        "holds": [hold("2027-03-09T00:00:00Z", true)],
        "waivers": [waiver(&["on-hold"], "2027-03-08T20:00:01Z", "2027-03-10T00:00:00Z")]
    })));
    assert_eq!(only(&report, Rule::OnHold)[0].severity, Severity::Error);
    let report = check(&plan(json!({
        "holds": [hold("2027-03-09T00:00:00Z", true)],
        "waivers": [waiver(&["on-hold"], "2027-03-08T20:00:00Z", "2027-03-10T00:00:00Z")]
    })));
    assert_eq!(only(&report, Rule::OnHold)[0].severity, Severity::Warning);
}

#[test]
fn a_hold_without_allow_waiver_stays_an_error_whatever_waiver_lists_on_hold() {
    let report = check(&plan(json!({
        "holds": [hold("2027-03-09T00:00:00Z", false)],
        "waivers": [waiver(&["on-hold"], "2027-03-01T00:00:00Z", "2027-03-10T00:00:00Z")]
    })));
    let c = only(&report, Rule::OnHold)[0];
    assert_eq!(c.severity, Severity::Error);
    assert!(
        c.message.contains("waiver w1 does not apply"),
        "{}",
        c.message
    );
    assert!(!c
        .evidence
        .iter()
        .any(|e| matches!(e, Evidence::Waiver { .. })));
}

#[test]
fn a_waiver_of_another_rule_or_release_does_not_apply() {
    let mut w = waiver(
        &["blackout"],
        "2027-03-01T00:00:00Z",
        "2027-03-10T00:00:00Z",
    );
    let report = check(&plan(json!({
        "holds": [hold("2027-03-09T00:00:00Z", true)], "waivers": [w.clone()]
    })));
    assert_eq!(only(&report, Rule::OnHold)[0].severity, Severity::Error);
    w["rules"] = json!(["on-hold"]);
    w["release"] = json!("r-e");
    let report = check(&plan(json!({
        "holds": [hold("2027-03-09T00:00:00Z", true)], "waivers": [w]
    })));
    assert_eq!(only(&report, Rule::OnHold)[0].severity, Severity::Error);
}

/// A blackout on Monday evenings in production, allowing emergencies.
fn blackout() -> Value {
    json!([{"id": "bo", "kind": "blackout", "start": "2027-03-08T18:00", "duration": "PT6H",
            "timezone": "UTC", "allow_emergency": true}])
}

#[test]
fn the_emergency_exception_of_version_1_is_unchanged_and_names_no_waiver() {
    let mut p = plan(json!({
        "windows": blackout(),
        "waivers": [{"id": "w-e", "release": "r-e", "rules": ["blackout"], "granted_by": "cab",
                     "granted_at": "2027-03-01T00:00:00Z", "expires": "2027-03-10T00:00:00Z"}]
    }));
    p.deployments[0].release = ReleaseId::new("r-e");
    let with_waiver = check(&p);
    p.waivers.clear();
    let without = check(&p);
    // The emergency exception decides first; the waiver changes nothing.
    assert_eq!(with_waiver, without);
    let c = only(&with_waiver, Rule::Blackout)[0];
    assert_eq!(c.severity, Severity::Warning);
    assert!(!c.message.contains("waived by"), "{}", c.message);
}

#[test]
fn a_waiver_turns_a_blackout_error_of_a_normal_release_into_a_warning_that_names_it() {
    let no_waiver = check(&plan(json!({"windows": blackout()})));
    assert_eq!(
        only(&no_waiver, Rule::Blackout)[0].severity,
        Severity::Error
    );
    let waived = check(&plan(json!({
        "windows": blackout(),
        "waivers": [waiver(&["blackout", "outside-window"], "2027-03-01T00:00:00Z", "2027-03-10T00:00:00Z")]
    })));
    let c = only(&waived, Rule::Blackout)[0];
    assert_eq!(c.severity, Severity::Warning);
    assert!(
        c.message.contains("waived by w1 (granted by cab"),
        "{}",
        c.message
    );
    // Same identity as the error it replaces: the waiver is evidence, not a subject.
    assert_eq!(c.identity(), only(&no_waiver, Rule::Blackout)[0].identity());
}

#[test]
fn a_waiver_turns_an_outside_window_error_into_a_warning() {
    let mut p = plan(json!({
        "waivers": [waiver(&["outside-window"], "2027-03-01T00:00:00Z", "2027-03-10T00:00:00Z")]
    }));
    p.environments[0].requires_window = true;
    let c = check(&p)
        .conflicts
        .into_iter()
        .find(|c| c.rule == Rule::OutsideWindow)
        .unwrap();
    assert_eq!(c.severity, Severity::Warning);
    assert!(
        c.message.ends_with(")") && c.message.contains("waived by w1"),
        "{}",
        c.message
    );
    p.waivers.clear();
    let c = check(&p)
        .conflicts
        .into_iter()
        .find(|c| c.rule == Rule::OutsideWindow)
        .unwrap();
    assert_eq!(c.severity, Severity::Error);
}

fn booking(id: &str, kind: &str, holder: &str, services: &[&str], exclusive: bool) -> Value {
    json!({"id": id, "environment": "prod", "services": services, "holder_kind": kind,
           "holder": holder, "from": "2027-03-08T18:00:00Z", "until": "2027-03-08T22:00:00Z",
           "exclusive": exclusive})
}

#[test]
fn a_shared_booking_beside_an_exclusive_one_blocks_only_through_the_exclusive_one() {
    let report = check(&plan(json!({"bookings": [
        booking("b-shared", "team", "team-b", &[], false),
        booking("b-excl", "team", "team-b", &["api"], true)
    ]})));
    let hits = only(&report, Rule::BookingConflict);
    // Same holder: the two bookings do not clash with each other; d1 (team-a's
    // api) is inside team-b's exclusive booking.
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].bookings, vec![BookingId::new("b-excl")]);
    assert_eq!(hits[0].deployments, vec![DeploymentId::new("d1")]);
    assert_eq!(hits[0].severity, Severity::Error);

    let report = check(&plan(json!({"bookings": [
        booking("b-shared", "release", "r-e", &[], false),
        booking("b-excl", "team", "team-b", &["web"], true),
        booking("b-other", "release", "r-e", &["web"], false)
    ]})));
    let pairs: Vec<Vec<&str>> = only(&report, Rule::BookingConflict)
        .iter()
        .map(|c| c.bookings.iter().map(|b| b.as_str()).collect())
        .collect();
    // The exclusive web booking clashes with both of r-e's; the two shared
    // ones do not clash with each other; d1 deploys the api, not web.
    assert_eq!(
        pairs,
        [vec!["b-excl", "b-other"], vec!["b-excl", "b-shared"]]
    );
    assert!(only(&report, Rule::BookingConflict)
        .iter()
        .all(|c| c.deployments.is_empty()));
}

#[test]
fn a_booking_never_blocks_its_own_holder() {
    for (kind, holder) in [("train", "weekly"), ("team", "team-a"), ("release", "r-n")] {
        let report = check(&plan(
            json!({"bookings": [booking("b", kind, holder, &[], true)]}),
        ));
        assert!(
            only(&report, Rule::BookingConflict).is_empty(),
            "{kind}: {report:?}"
        );
    }
    let report = check(&plan(
        json!({"bookings": [booking("b", "train", "weekly", &[], true)]}),
    ));
    assert!(report.conflicts.is_empty());
    let mut p = plan(json!({"bookings": [booking("b", "team", "team-b", &[], true)]}));
    p.bookings[0].from = p.deployments[0].end;
    assert!(
        only(&check(&p), Rule::BookingConflict).is_empty(),
        "a booking from the deployment's end"
    );
}

/// Production readiness: a runbook two days ahead.
fn template() -> Value {
    json!([{"id": "t", "environments": ["prod"], "change_types": ["normal"],
            "items": [{"id": "runbook", "title": "Runbook"}], "lead_time": "P2D"}])
}

fn with_runbook(state: &str, done_at: Option<&str>) -> Plan {
    let mut p = plan(json!({"readiness_templates": template()}));
    p.releases[0].governance.readiness.push(ReadinessItem {
        id: "runbook".into(),
        title: None,
        owner: None,
        state: match state {
            "done" => ItemState::Done,
            "waived" => ItemState::Waived,
            _ => ItemState::Open,
        },
        done_at: done_at.map(|t| time::parse_instant(t).unwrap()),
        note: None,
        x: None,
    });
    p
}

#[test]
fn a_checklist_item_done_after_the_lead_time_began_is_not_ready() {
    // d1 starts Monday 20:00, so the runbook is due Saturday 20:00.
    let late = check(&with_runbook("done", Some("2027-03-06T20:00:01Z")));
    let c = only(&late, Rule::NotReady)[0];
    assert_eq!(c.severity, Severity::Error);
    assert!(
        matches!(
            &c.evidence[0],
            Evidence::Readiness { item, due, state: Some(s), .. }
                if item == "runbook" && due == "2027-03-06T20:00:00Z" && s == "done"
        ),
        "{:?}",
        c.evidence
    );
    assert!(only(
        &check(&with_runbook("done", Some("2027-03-06T20:00:00Z"))),
        Rule::NotReady
    )
    .is_empty());
    assert!(only(
        &check(&with_runbook("waived", Some("2027-03-01T00:00:00Z"))),
        Rule::NotReady
    )
    .is_empty());
    assert_eq!(
        only(&check(&with_runbook("open", None)), Rule::NotReady).len(),
        1
    );
    // Missing from the checklist altogether.
    let mut p = with_runbook("open", None);
    p.releases[0].governance.readiness.clear();
    let c = &check(&p).conflicts[0];
    assert!(
        c.message.contains("is not on its checklist"),
        "{}",
        c.message
    );
}

#[test]
fn templates_apply_by_change_type_and_environment_and_the_longest_lead_time_wins() {
    let mut p = with_runbook("done", Some("2027-03-06T12:00:00Z"));
    // Staging and emergencies are not covered by the template.
    p.deployments[0].environment = EnvironmentId::new("stage");
    assert!(check(&p).conflicts.is_empty());
    let mut p = with_runbook("done", Some("2027-03-06T12:00:00Z"));
    assert!(check(&p).conflicts.is_empty());
    p.readiness_templates.push(ReadinessTemplate {
        lead_time: "P3D".parse().unwrap(),
        id: TemplateId::new("t3"),
        ..p.readiness_templates[0].clone()
    });
    let c = &check(&p).conflicts[0];
    assert!(
        matches!(&c.evidence[0], Evidence::Readiness { due, .. } if due == "2027-03-05T20:00:00Z")
    );
}

#[test]
fn a_waiver_of_not_ready_names_itself() {
    let mut p = with_runbook("open", None);
    p.waivers.push(Waiver {
        id: WaiverId::new("w-ready"),
        release: ReleaseId::new("r-n"),
        rules: vec![Rule::NotReady],
        granted_by: "cab".into(),
        reason: None,
        granted_at: p.deployments[0].start - Duration::days(1),
        expires: p.deployments[0].start + Duration::seconds(1),
        x: None,
    });
    let c = &check(&p).conflicts[0];
    assert_eq!((c.rule, c.severity), (Rule::NotReady, Severity::Warning));
    assert!(c.message.contains("waived by w-ready"), "{}", c.message);
}

#[test]
fn moving_a_deployment_out_of_a_hold_and_a_booking_rechecks_them() {
    let p = plan(json!({
        "holds": [hold("2027-03-08T21:00:00Z", false)],
        "bookings": [booking("b", "team", "team-b", &[], true)]
    }));
    let mut checker = Checker::new(&p);
    assert_eq!(checker.counts(), (2, 0));
    let start = p.deployments[0].start + Duration::hours(2);
    checker
        .move_deployment(
            &DeploymentId::new("d1"),
            start,
            start + Duration::hours(1),
            &EnvironmentId::new("prod"),
        )
        .unwrap();
    assert_eq!(checker.report(), Report::default());
    let mut moved = p.clone();
    moved.deployments[0].start = start;
    moved.deployments[0].end = start + Duration::hours(1);
    assert_eq!(checker.report(), check(&moved));
}

#[test]
fn suggest_waits_for_the_hold_to_end() {
    let p = plan(json!({"holds": [hold("2027-03-09T03:00:00Z", false)]}));
    let s = Checker::new(&p).suggest(&DeploymentId::new("d1")).unwrap();
    assert_eq!(s.start.as_deref(), Some("2027-03-09T03:00:00Z"));
}

#[test]
fn the_gate_blocks_on_a_hold_and_names_it() {
    let p = plan(json!({"holds": [hold("2027-03-09T03:00:00Z", true)]}));
    let request = engine::GateRequest {
        service: ServiceId::new("web"),
        environment: EnvironmentId::new("prod"),
        start: p.deployments[0].start,
        duration: Duration::hours(1),
        release: Some(ReleaseId::new("r-e")),
        id: DeploymentId::new("gate"),
    };
    let answer = engine::gate(&p, &request).unwrap();
    assert!(!answer.allowed);
    assert_eq!(answer.conflicts[0].holds, vec![HoldId::new("h1")]);
    assert!(answer.conflicts[0].message.contains("hold h1"));
    assert_eq!(answer.next_allowed.as_deref(), Some("2027-03-09T03:00:00Z"));
}

#[test]
fn governance_plans_export_and_read_back_byte_for_byte() {
    for name in ["on-hold.json", "booking-conflict.json", "not-ready.json"] {
        let plan = parse_plan(&crate::examples::example(name)).unwrap();
        let json = plan_to_json(&plan);
        let again = parse_plan(&json).expect("the export is a valid plan");
        assert_eq!(again, plan, "{name}");
        assert_eq!(plan_to_json(&again), json, "{name}");
    }
}

#[test]
fn a_plan_without_governance_exports_none_of_its_keys() {
    let plan = parse_plan(&crate::examples::example("payments-q1.json")).unwrap();
    let json = plan_to_json(&plan);
    // (Approvals have a "decision" too, a string: a release's is an object.)
    for key in [
        "\"readiness_templates\"",
        "\"readiness\"",
        "\"holds\"",
        "\"bookings\"",
        "\"waivers\"",
        "\"decision\": {",
        "\"review\"",
        "\"review_due\"",
    ] {
        assert!(!json.contains(key), "{key} in {json}");
    }
    assert!(
        json.contains("\"decision\": \"approved\""),
        "the probe can see a decision"
    );
}

#[test]
fn governance_entities_are_put_and_deleted_and_guard_what_they_name() {
    use trainyard_core::edit::{Change, Entity};
    use trainyard_core::format::EntityKind;
    let mut p = plan(json!({}));
    let hold = Entity::from_value(EntityKind::Hold, &hold("2027-03-09T00:00:00Z", true)).unwrap();
    let w = Entity::from_value(
        EntityKind::Waiver,
        &waiver(&["on-hold"], "2027-03-01T00:00:00Z", "2027-03-10T00:00:00Z"),
    )
    .unwrap();
    let undo = p.apply(&[Change::put(hold), Change::put(w)]).unwrap();
    assert_eq!((p.holds.len(), p.waivers.len()), (1, 1));
    assert_eq!(check(&p).conflicts[0].severity, Severity::Warning);
    // The waiver names r-n: deleting the release is refused while it does.
    p.deployments.clear();
    let refused = p.apply(&[Change::Delete {
        kind: EntityKind::Release,
        id: "r-n".into(),
    }]);
    assert!(
        refused
            .as_ref()
            .is_err_and(|e| e.to_string().contains("waiver \"w1\"")),
        "{refused:?}"
    );
    p.apply(&undo).unwrap();
    assert!(p.holds.is_empty() && p.waivers.is_empty());
}

#[test]
fn review_overdue_is_judged_only_at_a_reference_time_and_strictly_after_the_due_date() {
    let mut p = plan(json!({}));
    p.deployments[0].release = ReleaseId::new("r-e");
    // d1 ends Monday 8 March 21:00 UTC: the review is due five days later.
    let due = time::parse_instant("2027-03-13T21:00:00Z").unwrap();
    assert!(check(&p).conflicts.is_empty(), "no reference time, no rule");
    assert!(
        check_as_of(&p, due).conflicts.is_empty(),
        "due, not yet overdue"
    );
    let late = check_as_of(&p, due + Duration::seconds(1));
    let c = &late.conflicts[0];
    assert_eq!(
        (c.rule, c.severity),
        (Rule::ReviewOverdue, Severity::Warning)
    );
    assert_eq!(c.releases, vec![ReleaseId::new("r-e")]);
    assert!(c.deployments.is_empty());
    assert_eq!(
        c.evidence,
        vec![Evidence::Review {
            due: "2027-03-13T21:00:00Z".into(),
            as_of: "2027-03-13T21:00:01Z".into()
        }]
    );
    // An explicit due date wins; a recorded review ends it; so does a normal release.
    p.releases[1].governance.review_due = Some(due + Duration::days(1));
    assert!(check_as_of(&p, due + Duration::hours(1))
        .conflicts
        .is_empty());
    p.releases[1].governance.review_due = None;
    p.releases[1].governance.review = Some(Review {
        by: "sre".into(),
        recorded_at: due,
        summary: "done".into(),
        root_cause: None,
        follow_ups: vec![],
        x: None,
    });
    assert!(check_as_of(&p, due + Duration::days(9))
        .conflicts
        .is_empty());
    p.releases[1].governance.review = None;
    p.deployments[0].release = ReleaseId::new("r-n");
    assert!(check_as_of(&p, due + Duration::days(9))
        .conflicts
        .is_empty());
}

#[test]
fn a_checker_with_a_reference_time_follows_the_last_deployment_of_an_emergency() {
    let mut p = plan(json!({}));
    p.deployments[0].release = ReleaseId::new("r-e");
    let as_of = time::parse_instant("2027-03-14T00:00:00Z").unwrap();
    let mut checker = Checker::new(&p);
    assert_eq!(checker.counts(), (0, 0));
    checker.set_as_of(Some(as_of));
    assert_eq!(checker.counts(), (0, 1));
    // Two days later, the review is no longer due by then.
    let start = p.deployments[0].start + Duration::days(2);
    checker
        .move_deployment(
            &DeploymentId::new("d1"),
            start,
            start + Duration::hours(1),
            &EnvironmentId::new("prod"),
        )
        .unwrap();
    assert_eq!(checker.counts(), (0, 0));
    checker.set_as_of(None);
    assert_eq!(checker.report(), Report::default());
}

#[test]
fn a_lead_time_in_days_is_counted_on_the_plans_calendar_across_a_change_of_offset() {
    // Berlin moves to summer time on Sunday 28 March 2027. A deployment on
    // Monday 29 March at 22:00 CEST (20:00 UTC) with a P2D lead time is due
    // on Saturday 27 March at 22:00 CET, which is 21:00 UTC: two calendar
    // days, 47 hours.
    let mut p = plan(json!({"timezone": "Europe/Berlin", "readiness_templates": template()}));
    p.deployments[0].start = time::parse_instant("2027-03-29T20:00:00Z").unwrap();
    p.deployments[0].end = time::parse_instant("2027-03-29T21:00:00Z").unwrap();
    let done = |at: &str| {
        let mut p = p.clone();
        p.releases[0].governance.readiness = vec![ReadinessItem {
            id: "runbook".into(),
            title: None,
            owner: None,
            state: ItemState::Done,
            done_at: Some(time::parse_instant(at).unwrap()),
            note: None,
            x: None,
        }];
        check(&p)
    };
    assert!(done("2027-03-27T21:00:00Z").conflicts.is_empty());
    let late = done("2027-03-27T21:00:01Z");
    assert!(matches!(
        &late.conflicts[0].evidence[0],
        Evidence::Readiness { due, .. } if due == "2027-03-27T21:00:00Z"
    ));
}
