//! `trainyard gate`: would a deployment here and now raise an error?

use serde_json::{json, Value};
use trainyard_tests::{example, payments_plan, trainyard, TempPlan};

use crate::rules;

fn payments() -> String {
    example("payments-q1.json").display().to_string()
}

/// Concatenates argument groups into one owned list.
fn cat(groups: &[&[&str]]) -> Vec<String> {
    groups
        .iter()
        .flat_map(|g| g.iter().map(|s| s.to_string()))
        .collect()
}

/// Runs gate with `--format json` on `plan` with the argument groups, asserts
/// the exit code and the answer's shape, and returns the JSON.
fn gate(plan: &str, groups: &[&[&str]], code: i32) -> Value {
    let mut args = cat(&[&["gate", plan]]);
    args.extend(cat(groups));
    args.extend(cat(&[&["--format", "json"]]));
    let run = trainyard(&args);
    run.expect_code(code);
    let v = run.json();
    assert_eq!(
        v.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["allowed", "conflicts"]
    );
    assert_eq!(v["allowed"], code == 0);
    v
}

const PAY_PROD: &[&str] = &["--service", "payments", "--environment", "prod"];

#[test]
fn inside_a_maintenance_window_with_nothing_else_around_is_allowed() {
    // Tuesday Jan 12, 22:30 Berlin: inside mw-prod, no other deployment.
    let v = gate(
        &payments(),
        &[PAY_PROD, &["--at", "2027-01-12T22:30:00+01:00"]],
        0,
    );
    assert_eq!(v, json!({"allowed": true, "conflicts": []}));
}

#[test]
fn a_blackout_blocks_and_lists_the_gate_deployment() {
    let v = gate(
        &payments(),
        &[PAY_PROD, &["--at", "2027-01-30T10:00:00+01:00"]],
        1,
    );
    assert_eq!(rules(&v), ["blackout", "outside-window"]);
    for c in v["conflicts"].as_array().unwrap() {
        assert_eq!(c["severity"], "error");
        assert_eq!(c["deployments"], json!(["gate"]));
    }
    assert_eq!(v["conflicts"][0]["window"], "bo-monthend");
}

#[test]
fn outside_the_maintenance_windows_blocks() {
    // Wednesday Jan 13, 10:00 Berlin: no window, no blackout.
    let v = gate(
        &payments(),
        &[PAY_PROD, &["--at", "2027-01-13T10:00:00+01:00"]],
        1,
    );
    assert_eq!(rules(&v), ["outside-window"]);
}

#[test]
fn a_duration_that_runs_past_the_window_blocks() {
    // 01:30 + PT1H ends at 02:30, the window closes at 02:00.
    let at = ["--at", "2027-01-13T01:30:00+01:00"];
    gate(
        &payments(),
        &[PAY_PROD, &[at[0], at[1], "--duration", "PT30M"]],
        0,
    );
    let v = gate(
        &payments(),
        &[PAY_PROD, &[at[0], at[1], "--duration", "PT1H"]],
        1,
    );
    assert_eq!(rules(&v), ["outside-window"]);
}

#[test]
fn staging_needs_no_window() {
    gate(
        &payments(),
        &[&[
            "--service",
            "payments",
            "--environment",
            "staging",
            "--at",
            "2027-01-13T10:00:00+01:00",
        ]],
        0,
    );
}

#[test]
fn the_id_names_the_hypothetical_deployment() {
    let v = gate(
        &payments(),
        &[
            PAY_PROD,
            &["--at", "2027-01-13T10:00:00+01:00", "--id", "pipeline-42"],
        ],
        1,
    );
    assert_eq!(v["conflicts"][0]["deployments"], json!(["pipeline-42"]));
}

#[test]
fn an_unapproved_release_is_blocked_in_an_environment_that_needs_approval() {
    // Ledger data is financial: two approvers are needed; leave only one.
    // (r2 is cancelled so that its dependency on r1 plays no part.)
    let mut plan = payments_plan();
    plan["releases"][0]["approvals"]
        .as_array_mut()
        .unwrap()
        .truncate(1);
    plan["releases"][1]["status"] = "cancelled".into();
    let file = TempPlan::new(&plan.to_string());
    let p = file.path().to_str().unwrap();
    let ledger_prod = [
        "--service",
        "ledger",
        "--environment",
        "prod",
        "--at",
        "2027-01-12T22:30:00+01:00",
    ];
    // Without --release the gate knows no release, so approvals do not apply.
    gate(p, &[&ledger_prod], 0);
    let v = gate(p, &[&ledger_prod, &["--release", "r1"]], 1);
    assert_eq!(rules(&v), ["unapproved"]);
    assert_eq!(v["conflicts"][0]["releases"], json!(["r1"]));
    assert_eq!(v["conflicts"][0]["environment"], "prod");
    assert_eq!(
        v["conflicts"][0]["deployments"],
        json!([]),
        "unapproved lists no deployment"
    );
    // Staging does not require approval.
    gate(
        p,
        &[&[
            "--service",
            "ledger",
            "--environment",
            "staging",
            "--release",
            "r1",
            // Before r1 reaches prod (d2), or promotion-order would block.
            "--at",
            "2027-01-04T10:00:00+01:00",
        ]],
        0,
    );
}

#[test]
fn with_a_release_every_rule_applies() {
    // r2 depends on r1; in prod d4 already starts before d2 ends, and the
    // dependency-order conflict lists every deployment of both releases there.
    let v = gate(
        &payments(),
        &[
            PAY_PROD,
            &["--at", "2027-01-12T22:30:00+01:00", "--release", "r2"],
        ],
        1,
    );
    assert_eq!(rules(&v), ["dependency-order"]);
}

#[test]
fn usage_errors_exit_2_and_name_the_option() {
    let at = "2027-01-12T22:30:00+01:00";
    let cases: [(&[&[&str]], &str); 8] = [
        (
            &[&["--service", "nope", "--environment", "prod", "--at", at]],
            "--service",
        ),
        (
            &[&["--service", "payments", "--environment", "nope", "--at", at]],
            "--environment",
        ),
        (&[PAY_PROD, &["--at", at, "--release", "r9"]], "--release"),
        (&[PAY_PROD, &["--at", at, "--id", "d1"]], "--id"),
        (&[PAY_PROD, &["--at", at, "--duration", "1h"]], "--duration"),
        (
            &[PAY_PROD, &["--at", at, "--duration", "PT0S"]],
            "--duration",
        ),
        (&[PAY_PROD, &["--at", "tomorrow"]], "--at"),
        (&[&["--environment", "prod"]], "--service"),
    ];
    for (groups, option) in cases {
        let mut args = cat(&[&["gate", &payments()]]);
        args.extend(cat(groups));
        let run = trainyard(&args);
        run.expect_code(2);
        assert!(
            run.stderr.contains(&format!("'{option}")),
            "{option}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains("see 'trainyard gate --help'"),
            "{}",
            run.stderr
        );
        assert_eq!(run.stdout, "");
    }
}

#[test]
fn at_defaults_to_now() {
    // Whatever now is, the answer has the gate shape and a 0 or 1 status.
    let run = trainyard(&[
        "gate",
        &payments(),
        "--service",
        "payments",
        "--environment",
        "staging",
        "--format",
        "json",
    ]);
    assert!(run.code == 0 || run.code == 1, "{run:?}");
    assert!(run.json()["allowed"].is_boolean());
}

#[test]
fn the_text_answer_says_allowed_or_blocked() {
    let base = [
        "gate",
        &payments(),
        "--service",
        "payments",
        "--environment",
        "prod",
    ];
    let run = trainyard(&cat(&[&base, &["--at", "2027-01-12T22:30:00+01:00"]]));
    run.expect_code(0);
    assert_eq!(
        run.stdout,
        "allowed: Payments API to Production, Tue 12 Jan 2027 22:30 CET–23:30 CET\n"
    );
    let run = trainyard(&cat(&[&base, &["--at", "2027-01-13T10:00:00+01:00"]]));
    run.expect_code(1);
    assert!(
        run.stdout.starts_with(
            "blocked: Payments API to Production, Wed 13 Jan 2027 10:00 CET–11:00 CET (1 error)\n\n\
             error    outside-window  Outside maintenance windows\n"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn an_environment_gate_policy_adds_its_policy_reasons_and_next_allowed_start() {
    let plan = example("overrun.json").display().to_string();
    let run = trainyard(&cat(&[
        &["gate", &plan, "--service", "web", "--environment", "prod"],
        &[
            "--release",
            "r2",
            "--at",
            "2027-02-04T09:00:00Z",
            "--format",
            "json",
        ],
    ]));
    run.expect_code(1);
    let v = run.json();
    assert_eq!(
        v.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["allowed", "conflicts", "policy", "reasons", "next_allowed"]
    );
    assert_eq!(v["policy"], "environment");
    assert_eq!(v["reasons"][0]["rule"], "promotion-order");
    assert_eq!(v["reasons"][1]["kind"], "previous_success");
    assert_eq!(v["reasons"][1]["rule"], Value::Null);
    assert_eq!(v["next_allowed"], Value::Null);
    let run = trainyard(&cat(&[
        &["gate", &plan, "--service", "web", "--environment", "prod"],
        &["--release", "r2", "--at", "2027-02-04T09:00:00Z"],
    ]));
    run.expect_code(1);
    assert!(
        run.stdout.contains("by the gate policy of Production")
            && run.stdout.contains("no succeeded deployment in Staging"),
        "{}",
        run.stdout
    );
}

/// `gate --record` writes the decision to the store's audit trail, so "who
/// went through the freeze" has an answer; a JSON plan cannot record.
#[test]
fn a_recorded_decision_is_an_audit_entry_and_a_json_plan_cannot_record() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("p.trainyard");
    let store_s = store.to_str().unwrap();
    let plan = trainyard_tests::example("blackout.json");
    trainyard(&["import", plan.to_str().unwrap(), "--to", store_s]).expect_code(0);
    let before = trainyard_store::Store::snapshot(&store).unwrap().plan;
    // The example's blackout covers its deployment: the same slot is blocked.
    let d = &before.deployments[0];
    let at = d.start.to_rfc3339();
    let args = |extra: &[&'static str]| {
        let mut v = vec![
            "gate".to_owned(),
            store_s.to_owned(),
            "--service".into(),
            d.service.as_str().to_owned(),
            "--environment".into(),
            d.environment.as_str().to_owned(),
            "--at".into(),
            at.clone(),
            "--duration".into(),
            "PT30M".into(),
        ];
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    };
    let blocked = trainyard(&args(&["--record", "--format", "json"]));
    blocked.expect_code(1);
    assert_eq!(blocked.json()["recorded_revision"], 2, "{}", blocked.stdout);
    let store_now = trainyard_store::Store::open(&store, Default::default()).unwrap();
    let entry = &store_now.audit_log(1, None).unwrap()[0];
    assert!(
        entry.action.starts_with("gate: blocked"),
        "{}",
        entry.action
    );
    assert!(entry.action.contains("blackout"), "{}", entry.action);
    assert_eq!(store_now.plan(), &before, "the plan is unchanged");
    assert!(store_now.verify_audit().unwrap().ok);
    drop(store_now);
    // Without --record nothing is written.
    trainyard(&args(&[])).expect_code(1);
    assert_eq!(
        trainyard_store::Store::snapshot(&store).unwrap().revision,
        2
    );

    let json_plan = trainyard(&[
        "gate",
        plan.to_str().unwrap(),
        "--service",
        d.service.as_str(),
        "--environment",
        d.environment.as_str(),
        "--at",
        &at,
        "--record",
    ]);
    json_plan.expect_code(2);
    assert!(
        json_plan.stderr.contains("'--record'"),
        "{}",
        json_plan.stderr
    );
}
