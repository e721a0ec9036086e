//! `trainyard check` on the shared example and on small plans.

use serde_json::{json, Value};
use trainyard_tests::{example, payments_plan, trainyard, trainyard_with_stdin, TempPlan};

use crate::{rules, small_plan};

fn payments() -> String {
    example("payments-q1.json").display().to_string()
}

#[test]
fn the_example_has_exactly_its_three_documented_errors_and_exits_1() {
    let run = trainyard(&["check", &payments(), "--format", "json"]);
    run.expect_code(1);
    let v = run.json();
    let obj = v.as_object().expect("an object");
    assert_eq!(
        obj.keys().collect::<Vec<_>>(),
        ["conflicts"],
        "only the conflicts key"
    );
    let conflicts = v["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 3, "{v:#}");
    assert!(conflicts.iter().all(|c| c["severity"] == "error"));

    let find = |rule: &str| -> &Value {
        conflicts
            .iter()
            .find(|c| c["rule"] == rule)
            .unwrap_or_else(|| panic!("no {rule} conflict in {v:#}"))
    };
    let blackout = find("blackout");
    assert_eq!(blackout["deployments"], json!(["d5"]));
    assert_eq!(blackout["window"], "bo-monthend");
    assert_eq!(blackout["environment"], "prod");

    let outside = find("outside-window");
    assert_eq!(outside["deployments"], json!(["d5"]));
    assert_eq!(outside["environment"], "prod");
    assert_eq!(outside["window"], Value::Null);

    let order = find("dependency-order");
    assert_eq!(
        order["releases"],
        json!(["r2", "r1"]),
        "A depends on B: [A, B]"
    );
    assert_eq!(order["environment"], "prod");
    assert_eq!(order["deployments"], json!(["d2", "d4", "d5"]));
}

#[test]
fn every_conflict_carries_every_key_of_the_report_shape() {
    let v = trainyard(&["check", &payments(), "--format=json"]).json();
    for c in v["conflicts"].as_array().unwrap() {
        for key in [
            "rule",
            "severity",
            "deployments",
            "releases",
            "services",
            "environment",
            "window",
            "team",
            "message",
        ] {
            assert!(c.get(key).is_some(), "{key} missing in {c:#}");
        }
        assert!(c["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
}

#[test]
fn the_text_report_has_one_block_per_conflict_and_a_summary() {
    let run = trainyard(&["check", &payments()]);
    run.expect_code(1);
    let text = &run.stdout;
    assert!(
        text.starts_with("Payments platform, Q1 2027 (times in Europe/Berlin)\n\n"),
        "{text}"
    );
    assert!(text.ends_with("\n3 errors, 0 warnings\n"), "{text}");
    let headers: Vec<&str> = text.lines().filter(|l| l.starts_with("error ")).collect();
    assert_eq!(
        headers,
        [
            "error    blackout  Deployment in a blackout",
            "error    outside-window  Outside maintenance windows",
            "error    dependency-order  Release dependency order",
        ]
    );
    assert!(text.contains("  subjects: deployment d5; environment prod; window bo-monthend\n"));
    assert!(
        text.contains("  subjects: deployments d2, d4, d5; releases r2, r1; environment prod\n")
    );
    assert!(
        text.contains(
            "  occurrence: Month-end close, Fri 29 Jan 2027 00:00 CET – Mon 1 Feb 2027 00:00 CET\n"
        ),
        "evidence is shown in the plan's zone: {text}"
    );
    assert!(
        !text.contains('\x1b'),
        "no colour when stdout is not a terminal"
    );
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

#[test]
fn a_plan_without_conflicts_exits_0_and_says_so() {
    let plan = TempPlan::new(&small_plan().to_string());
    let run = trainyard(&["check", plan.path().to_str().unwrap()]);
    run.expect_code(0);
    assert!(run.stdout.contains("No conflicts."), "{}", run.stdout);
    assert!(run.stdout.ends_with("0 errors, 0 warnings\n"));
    let run = trainyard(&["check", plan.path().to_str().unwrap(), "--format", "json"]);
    run.expect_code(0);
    assert_eq!(run.json(), json!({"conflicts": []}));
}

#[test]
fn warnings_alone_exit_0_and_are_counted() {
    // The team is away during the deployment: a warning, not an error.
    let mut plan = small_plan();
    plan["teams"] = json!([{"id": "t", "unavailable": [
        {"start": "2027-01-05T00:00:00Z", "end": "2027-01-06T00:00:00Z", "reason": "offsite"}]}]);
    plan["services"][0]["team"] = json!("t");
    let file = TempPlan::new(&plan.to_string());
    let path = file.path().to_str().unwrap();
    let run = trainyard(&["check", path, "--format", "json"]);
    run.expect_code(0);
    assert_eq!(rules(&run.json()), ["team-unavailable"]);
    let run = trainyard(&["check", path]);
    run.expect_code(0);
    assert!(
        run.stdout
            .contains("warning  team-unavailable  Team unavailable\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "  unavailable: Tue 5 Jan 2027 00:00 UTC – Wed 6 Jan 2027 00:00 UTC (offsite)\n"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.ends_with("0 errors, 1 warning\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_plan_can_come_from_standard_input() {
    let run = trainyard_with_stdin(
        &["check", "-", "--format", "json"],
        &payments_plan().to_string(),
    );
    run.expect_code(1);
    assert_eq!(
        rules(&run.json()),
        ["blackout", "outside-window", "dependency-order"]
    );
}

#[test]
fn a_json_plan_named_like_a_store_is_still_read_as_json() {
    let plan = TempPlan::named("plan.trainyard", small_plan().to_string().as_bytes());
    trainyard(&["check", plan.path().to_str().unwrap()]).expect_code(0);
}

#[test]
fn a_closed_stdout_pipe_ends_the_program_without_a_panic() {
    use std::process::{Command, Stdio};
    let mut child = Command::new(trainyard_tests::trainyard_bin())
        .args(["check", &payments()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away before anything is written
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_ne!(out.status.code(), Some(101), "101 is a panic");
}
