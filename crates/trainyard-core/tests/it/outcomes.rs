//! Deployment outcomes and environment gate policies: how they are read,
//! rejected and written.

use serde_json::{json, Value};
use trainyard_core::{parse_plan, plan_to_json, PlanError};

use crate::examples::example;

fn example_value() -> Value {
    serde_json::from_str(&example("payments-q1.json")).unwrap()
}

fn problems_after(edit: impl FnOnce(&mut Value)) -> Vec<(String, Option<String>, String)> {
    let mut v = example_value();
    edit(&mut v);
    match parse_plan(&v.to_string()) {
        Ok(_) => panic!("the plan should have been rejected"),
        Err(PlanError::Invalid(p)) => p.into_iter().map(|p| (p.path, p.id, p.message)).collect(),
        Err(other) => panic!("expected validation problems, got {other}"),
    }
}

fn with_outcomes() -> Value {
    let mut v = example_value();
    v["deployments"][0]["outcome"] = json!({
        "started": "2027-01-05T22:31:00Z",
        "finished": "2027-01-05T23:02:00Z",
        "result": "rolled_back",
        "incidents": [
            {"id": "INC-7", "url": "https://status.example/INC-7",
             "opened": "2027-01-05T22:50:00Z", "resolved": "2027-01-06T01:00:00Z",
             "severity": "high", "x": {"pager": "p-1"}},
            {"id": "INC-8"}
        ],
        "x": {"runner": "ci-4"}
    });
    v["deployments"][1]["outcome"] = json!({"started": "2027-01-06T10:00:00+01:00"});
    v["environments"][1]["gate"] = json!({
        "also_blocks_on": ["concurrency", "team-unavailable"],
        "requires_previous_success": true,
        "x": {"owner": "sre"}
    });
    v["environments"][0]["gate"] = json!({});
    v
}

#[test]
fn outcomes_and_gate_policies_survive_a_round_trip() {
    let v = with_outcomes();
    let plan = parse_plan(&v.to_string()).unwrap();
    let text = plan_to_json(&plan);
    let again = parse_plan(&text).unwrap();
    assert_eq!(plan, again);
    assert_eq!(plan_to_json(&again), text);
    let back: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        back["deployments"][0]["outcome"],
        v["deployments"][0]["outcome"]
    );
    // Instants are written in UTC.
    assert_eq!(
        back["deployments"][1]["outcome"],
        json!({"started": "2027-01-06T09:00:00Z"})
    );
    assert_eq!(
        back["environments"][1]["gate"],
        v["environments"][1]["gate"]
    );
    assert_eq!(back["environments"][0]["gate"], json!({}));
    // In the format's order: the outcome after status, the gate after
    // requires_approval, each before "x".
    let d0: Vec<&String> = back["deployments"][0].as_object().unwrap().keys().collect();
    assert_eq!(d0.last().map(|k| k.as_str()), Some("outcome"));
    let order: Vec<&String> = back["deployments"][0]["outcome"]["incidents"][0]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(order, ["id", "url", "opened", "resolved", "severity", "x"]);
}

#[test]
fn a_plan_without_outcomes_exports_as_before() {
    let text = example("payments-q1.json");
    let plan = parse_plan(&text).unwrap();
    assert!(plan.deployments.iter().all(|d| d.outcome.is_none()));
    assert!(plan.environments.iter().all(|e| e.gate.is_none()));
    let exported = plan_to_json(&plan);
    assert!(!exported.contains("\"outcome\"") && !exported.contains("\"gate\""));
    assert_eq!(plan_to_json(&parse_plan(&exported).unwrap()), exported);
}

#[test]
fn each_bad_outcome_or_gate_is_reported_at_its_path() {
    type Case<'a> = (
        Box<dyn FnOnce(&mut Value)>,
        &'a str,
        Option<&'a str>,
        &'a str,
    );
    let o = |d: usize, value: Value| -> Box<dyn FnOnce(&mut Value)> {
        Box::new(move |v: &mut Value| v["deployments"][d]["outcome"] = value)
    };
    let g = |value: Value| -> Box<dyn FnOnce(&mut Value)> {
        Box::new(move |v: &mut Value| v["environments"][1]["gate"] = value)
    };
    let cases: Vec<Case> = vec![
        (
            o(0, json!("done")),
            "$.deployments[0].outcome",
            Some("d1"),
            "expected an object",
        ),
        (
            o(
                0,
                json!({"finished": "2027-01-05T23:00:00Z", "result": "failed"}),
            ),
            "$.deployments[0].outcome.started",
            Some("d1"),
            "missing required field \"started\"",
        ),
        (
            o(0, json!({"started": "2027-01-05 22:00"})),
            "$.deployments[0].outcome.started",
            Some("d1"),
            "RFC 3339",
        ),
        (
            o(
                0,
                json!({"started": "2027-01-05T22:00:00Z", "finished": "2027-01-05T22:00:00Z", "result": "failed"}),
            ),
            "$.deployments[0].outcome.finished",
            Some("d1"),
            "finish after it starts",
        ),
        (
            o(
                0,
                json!({"started": "2027-01-05T22:00:00Z", "finished": "2027-01-05T23:00:00Z"}),
            ),
            "$.deployments[0].outcome.result",
            Some("d1"),
            "needs a result",
        ),
        (
            o(
                0,
                json!({"started": "2027-01-05T22:00:00Z", "result": "succeeded"}),
            ),
            "$.deployments[0].outcome.result",
            Some("d1"),
            "running deployment has neither",
        ),
        (
            o(
                1,
                json!({"started": "2027-01-05T22:00:00Z", "finished": "2027-01-05T23:00:00Z", "result": "done"}),
            ),
            "$.deployments[1].outcome.result",
            Some("d2"),
            "result must be one of succeeded, failed, rolled_back",
        ),
        (
            o(
                0,
                json!({"started": "2027-01-05T22:00:00Z", "colour": "red"}),
            ),
            "$.deployments[0].outcome.colour",
            Some("d1"),
            "unknown field",
        ),
        (
            o(
                0,
                json!({"started": "2027-01-05T22:00:00Z", "incidents": [{"url": "u"}]}),
            ),
            "$.deployments[0].outcome.incidents[0].id",
            Some("d1"),
            "missing required field \"id\"",
        ),
        (
            o(
                0,
                json!({"started": "2027-01-05T22:00:00Z", "incidents": [{"id": ""}]}),
            ),
            "$.deployments[0].outcome.incidents[0].id",
            Some("d1"),
            "must not be empty",
        ),
        (
            o(
                0,
                json!({"started": "2027-01-05T22:00:00Z", "incidents": [{"id": "A"}, {"id": "A"}]}),
            ),
            "$.deployments[0].outcome.incidents[1].id",
            Some("d1"),
            "duplicate incident id \"A\"",
        ),
        (
            o(
                0,
                json!({"started": "2027-01-05T22:00:00Z", "incidents": [{"id": "A", "opened": "2027-01-06T00:00:00Z", "resolved": "2027-01-05T23:00:00Z"}]}),
            ),
            "$.deployments[0].outcome.incidents[0].resolved",
            Some("d1"),
            "resolved before it was opened",
        ),
        (
            o(
                0,
                json!({"started": "2027-01-05T22:00:00Z", "incidents": [{"id": "A", "severity": "sev1"}]}),
            ),
            "$.deployments[0].outcome.incidents[0].severity",
            Some("d1"),
            "severity must be one of critical, high, medium, low",
        ),
        (
            o(
                0,
                json!({"started": "2027-01-05T22:00:00Z", "incidents": [{"id": "A", "owner": "x"}]}),
            ),
            "$.deployments[0].outcome.incidents[0].owner",
            Some("d1"),
            "unknown field",
        ),
        (
            o(0, json!({"started": "2027-01-05T22:00:00Z", "x": 3})),
            "$.deployments[0].outcome.x",
            Some("d1"),
            "must be an object",
        ),
        (
            g(json!(true)),
            "$.environments[1].gate",
            Some("prod"),
            "expected an object",
        ),
        (
            g(json!({"also_blocks_on": ["concurency"]})),
            "$.environments[1].gate.also_blocks_on[0]",
            Some("prod"),
            "unknown rule \"concurency\"",
        ),
        (
            g(json!({"also_blocks_on": ["concurrency", "overlap", "concurrency"]})),
            "$.environments[1].gate.also_blocks_on[2]",
            Some("prod"),
            "listed twice",
        ),
        (
            g(json!({"also_blocks_on": "concurrency"})),
            "$.environments[1].gate.also_blocks_on",
            Some("prod"),
            "expected an array",
        ),
        (
            g(json!({"requires_previous_success": "yes"})),
            "$.environments[1].gate.requires_previous_success",
            Some("prod"),
            "expected true or false",
        ),
        (
            g(json!({"blocks": []})),
            "$.environments[1].gate.blocks",
            Some("prod"),
            "unknown field",
        ),
    ];
    for (edit, path, id, needle) in cases {
        let problems = problems_after(edit);
        assert!(
            problems
                .iter()
                .any(|(p, i, m)| p == path && i.as_deref() == id && m.contains(needle)),
            "expected a problem at {path} (id {id:?}) mentioning {needle:?}, got {problems:#?}"
        );
    }
}

fn rules_of(v: &Value) -> Vec<(String, Vec<String>)> {
    let plan = parse_plan(&v.to_string()).unwrap();
    trainyard_core::check(&plan)
        .conflicts
        .iter()
        .map(|c| {
            (
                c.rule.as_str().to_owned(),
                c.deployments.iter().map(|d| d.0.clone()).collect(),
            )
        })
        .collect()
}

fn promotion_plan() -> Value {
    json!({
        "timezone": "UTC",
        "environments": [{"id": "staging", "order": 1}, {"id": "prod", "order": 2}],
        "services": [{"id": "api"}],
        "releases": [{"id": "r1", "change_type": "normal"}],
        "deployments": [
            {"id": "s1", "release": "r1", "service": "api", "environment": "staging",
             "start": "2027-02-01T08:00:00Z", "end": "2027-02-01T09:00:00Z"},
            {"id": "p1", "release": "r1", "service": "api", "environment": "prod",
             "start": "2027-02-02T08:00:00Z", "end": "2027-02-02T09:00:00Z"}
        ]
    })
}

#[test]
fn a_failed_or_running_earlier_deployment_holds_back_promotion() {
    let mut v = promotion_plan();
    assert!(rules_of(&v).is_empty());
    v["deployments"][0]["outcome"] = json!({"started": "2027-02-01T08:00:00Z",
        "finished": "2027-02-01T08:30:00Z", "result": "succeeded"});
    assert!(rules_of(&v).is_empty());
    for outcome in [
        json!({"started": "2027-02-01T08:00:00Z", "finished": "2027-02-01T08:30:00Z", "result": "failed"}),
        json!({"started": "2027-02-01T08:00:00Z"}),
    ] {
        v["deployments"][0]["outcome"] = outcome;
        assert_eq!(
            rules_of(&v),
            [(
                "promotion-order".to_owned(),
                vec!["s1".to_owned(), "p1".to_owned()]
            )]
        );
    }
    // Rolled back (and so left out of the plan's other rules): still not done.
    v["deployments"][0]["status"] = json!("rolled_back");
    v["deployments"][0]["outcome"] = json!({"started": "2027-02-01T08:00:00Z",
        "finished": "2027-02-01T08:30:00Z", "result": "rolled_back"});
    assert_eq!(rules_of(&v)[0].0, "promotion-order");
    // A later attempt in staging stands in for the failed one.
    v["deployments"].as_array_mut().unwrap().push(json!(
        {"id": "s2", "release": "r1", "service": "api", "environment": "staging",
         "start": "2027-02-01T12:00:00Z", "end": "2027-02-01T13:00:00Z"}));
    assert!(rules_of(&v).is_empty());
}

#[test]
fn a_recorded_finish_after_the_planned_end_is_an_overrun_warning() {
    let mut v = promotion_plan();
    v["deployments"][1]["outcome"] = json!({"started": "2027-02-02T08:00:00Z",
        "finished": "2027-02-02T09:00:00Z", "result": "succeeded"});
    assert!(rules_of(&v).is_empty());
    v["deployments"][1]["outcome"]["finished"] = json!("2027-02-02T09:00:01Z");
    let plan = parse_plan(&v.to_string()).unwrap();
    let report = trainyard_core::check(&plan);
    assert_eq!(report.conflicts.len(), 1);
    let c = &report.conflicts[0];
    assert_eq!(
        (c.rule.as_str(), c.severity),
        ("overrun", trainyard_core::Severity::Warning)
    );
    assert!(c.message.contains("1 minute late"), "{}", c.message);
}

fn gate_on(
    v: &Value,
    service: &str,
    env: &str,
    release: Option<&str>,
    at: &str,
) -> trainyard_core::engine::GateResult {
    use trainyard_core::engine::{gate, GateRequest};
    use trainyard_core::plan::{DeploymentId, EnvironmentId, ReleaseId, ServiceId};
    let plan = parse_plan(&v.to_string()).unwrap();
    let request = GateRequest {
        service: ServiceId(service.into()),
        environment: EnvironmentId(env.into()),
        start: trainyard_core::time::parse_instant(at).unwrap(),
        duration: chrono::Duration::minutes(60),
        release: release.map(|r| ReleaseId(r.into())),
        id: DeploymentId("gate".into()),
    };
    gate(&plan, &request).unwrap()
}

#[test]
fn the_gate_follows_the_environment_policy_and_says_which_decided() {
    use trainyard_core::engine::{GatePolicyKind, GateReasonKind};
    let mut v: Value = serde_json::from_str(&example("overrun.json")).unwrap();
    // Staging succeeded for the API: production lets it through.
    let ok = gate_on(&v, "api", "prod", Some("r1"), "2027-02-03T06:00:00Z");
    assert!(ok.allowed, "{ok:?}");
    assert_eq!(ok.policy, GatePolicyKind::Environment);
    let json = serde_json::to_value(&ok).unwrap();
    assert_eq!(json["policy"], "environment");
    assert_eq!(json["next_allowed"], Value::Null);
    // Checkout was rolled back in staging: waiting does not help.
    let held = gate_on(&v, "web", "prod", Some("r2"), "2027-02-04T09:00:00Z");
    assert!(!held.allowed);
    // The rollback is also a promotion-order error for the gate's deployment.
    assert_eq!(held.conflicts.len(), 1);
    assert_eq!(held.conflicts[0].rule.as_str(), "promotion-order");
    assert_eq!(held.reasons.len(), 2);
    assert_eq!(held.reasons[1].kind, GateReasonKind::PreviousSuccess);
    assert!(held.reasons[1]
        .message
        .contains("no succeeded deployment in Staging"));
    assert_eq!(held.next_allowed, None);
    // Without a release the requirement cannot be met.
    assert!(!gate_on(&v, "api", "prod", None, "2027-02-03T06:00:00Z").allowed);
    // A warning of a listed rule blocks, until the team is back.
    v["teams"][0]["unavailable"] = json!([
        {"start": "2027-02-03T00:00:00Z", "end": "2027-02-03T08:00:00Z", "reason": "offsite"}
    ]);
    let busy = gate_on(&v, "api", "prod", Some("r1"), "2027-02-03T06:00:00Z");
    assert!(!busy.allowed);
    assert_eq!(busy.reasons[0].kind, GateReasonKind::Warning);
    assert_eq!(
        busy.reasons[0].rule.map(|r| r.as_str()),
        Some("team-unavailable")
    );
    assert_eq!(busy.next_allowed.as_deref(), Some("2027-02-03T08:00:00Z"));
    // Staging has no gate policy: the same warning does not block there.
    let staging = gate_on(&v, "api", "staging", Some("r1"), "2027-02-03T06:00:00Z");
    assert!(staging.allowed);
    assert_eq!(staging.policy, GatePolicyKind::Default);
    assert_eq!(
        serde_json::to_value(&staging).unwrap(),
        json!({"allowed": true, "conflicts": []})
    );
}

#[test]
fn a_blocked_default_gate_knows_the_next_allowed_start_and_keeps_the_v1_json() {
    use trainyard_core::engine::{GatePolicyKind, GateReasonKind};
    let v = promotion_plan();
    // Production overlaps p1 in its lane until 09:00.
    let r = gate_on(&v, "api", "prod", None, "2027-02-02T08:30:00Z");
    assert!(!r.allowed);
    assert_eq!(r.policy, GatePolicyKind::Default);
    assert_eq!(r.reasons[0].kind, GateReasonKind::Error);
    assert_eq!(r.reasons[0].rule.map(|r| r.as_str()), Some("overlap"));
    assert_eq!(r.next_allowed.as_deref(), Some("2027-02-02T09:00:00Z"));
    let json = serde_json::to_value(&r).unwrap();
    let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["allowed", "conflicts"]);
}

#[test]
fn moves_rechecked_incrementally_give_the_full_check_with_outcomes() {
    use trainyard_core::plan::{DeploymentId, EnvironmentId};
    use trainyard_core::time::parse_instant;
    let plan = parse_plan(&example("overrun.json")).unwrap();
    let mut checker = trainyard_core::Checker::new(&plan);
    let mut moved = plan.clone();
    // (deployment, start, end, environment): a retry-like move in staging,
    // production before staging, a dependent moved around its dependency and
    // a rolled-back deployment moved to another environment.
    let moves = [
        (
            "d-api-staging",
            "2027-02-03T09:30:00Z",
            "2027-02-03T10:30:00Z",
            "staging",
        ),
        (
            "d-web-prod",
            "2027-02-01T12:00:00Z",
            "2027-02-01T13:00:00Z",
            "prod",
        ),
        (
            "d-ledger-staging",
            "2027-02-02T11:00:00Z",
            "2027-02-02T11:30:00Z",
            "staging",
        ),
        (
            "d-api-staging",
            "2027-02-02T09:00:00Z",
            "2027-02-02T10:00:00Z",
            "prod",
        ),
        (
            "d-web-staging",
            "2027-02-04T12:00:00Z",
            "2027-02-04T13:00:00Z",
            "prod",
        ),
        (
            "d-web-staging",
            "2027-02-02T12:00:00Z",
            "2027-02-02T13:00:00Z",
            "staging",
        ),
    ];
    for (id, start, end, env) in moves {
        let (start, end) = (parse_instant(start).unwrap(), parse_instant(end).unwrap());
        let id = DeploymentId(id.into());
        let env = EnvironmentId(env.into());
        checker.move_deployment(&id, start, end, &env).unwrap();
        let d = moved.deployments.iter_mut().find(|d| d.id == id).unwrap();
        (d.start, d.end, d.environment) = (start, end, env);
        assert_eq!(
            checker.report(),
            trainyard_core::check(&moved),
            "after moving {id}"
        );
    }
}

/// Production needs a window, open every day 08:00–10:00 UTC; `p1` is
/// planned inside it.
fn window_plan() -> Value {
    let mut v = promotion_plan();
    v["environments"][1]["requires_window"] = json!(true);
    v["windows"] = json!([{"id": "mw", "kind": "maintenance", "start": "2027-01-01T08:00",
        "duration": "PT2H", "timezone": "UTC", "rrule": "FREQ=DAILY"}]);
    v
}

#[test]
fn an_actual_run_past_the_window_is_reported_once_it_leaves_the_window() {
    let mut v = window_plan();
    assert!(rules_of(&v).is_empty());
    // Ran 08:30–10:00: inside the window to its last instant.
    v["deployments"][1]["outcome"] = json!({"started": "2027-02-02T08:30:00Z",
        "finished": "2027-02-02T10:00:00Z", "result": "succeeded"});
    assert_eq!(
        rules_of(&v),
        [("overrun".to_owned(), vec!["p1".to_owned()])]
    );
    // One second more is outside, from 10:00.
    v["deployments"][1]["outcome"]["finished"] = json!("2027-02-02T10:00:01Z");
    let plan = parse_plan(&v.to_string()).unwrap();
    let report = trainyard_core::check(&plan);
    let c = report
        .conflicts
        .iter()
        .find(|c| c.rule.as_str() == "ran-outside-window")
        .expect("ran-outside-window");
    assert_eq!(c.severity, trainyard_core::Severity::Warning);
    assert_eq!(
        serde_json::to_value(&c.evidence).unwrap(),
        json!([{"kind": "uncovered", "start": "2027-02-02T10:00:00Z", "end": "2027-02-02T10:00:01Z"}])
    );
    // Still running: nothing to compare yet.
    v["deployments"][1]["outcome"] = json!({"started": "2027-02-02T23:00:00Z"});
    assert!(rules_of(&v).is_empty());
}

#[test]
fn an_actual_run_centuries_from_the_plan_is_compared_exactly() {
    // The plan's own times lie in 2027; the outcome, recorded far away,
    // must not be rounded with them.
    let mut v = window_plan();
    v["deployments"][1]["outcome"] = json!({"started": "2300-06-01T08:30:00Z",
        "finished": "2300-06-01T09:30:00Z", "result": "succeeded"});
    // It finished long after the planned end, but inside a window.
    assert_eq!(
        rules_of(&v),
        [("overrun".to_owned(), vec!["p1".to_owned()])]
    );
    v["deployments"][1]["outcome"]["finished"] = json!("2300-06-01T10:30:00Z");
    let plan = parse_plan(&v.to_string()).unwrap();
    let full = trainyard_core::check(&plan);
    let rules: Vec<&str> = full.conflicts.iter().map(|c| c.rule.as_str()).collect();
    assert_eq!(rules, ["overrun", "ran-outside-window"]);
    assert_eq!(
        serde_json::to_value(&full.conflicts[1].evidence).unwrap(),
        json!([{"kind": "uncovered", "start": "2300-06-01T10:00:00Z", "end": "2300-06-01T10:30:00Z"}])
    );
    // The incremental checker (always exact) agrees.
    assert_eq!(trainyard_core::Checker::new(&plan).report(), full);
}
