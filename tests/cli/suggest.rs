//! `trainyard suggest`: the earliest start without errors.

use serde_json::json;
use trainyard_tests::{example, trainyard};

fn suggest(deployment: &str, code: i32) -> serde_json::Value {
    let plan = example("payments-q1.json");
    let run = trainyard(&[
        "suggest",
        plan.to_str().unwrap(),
        "--deployment",
        deployment,
        "--format",
        "json",
    ]);
    run.expect_code(code);
    run.json()
}

#[test]
fn a_deployment_without_errors_keeps_its_current_start() {
    assert_eq!(
        suggest("d1", 0),
        json!({"deployment": "d1", "start": "2027-01-05T08:00:00Z", "end": "2027-01-05T09:00:00Z"})
    );
}

#[test]
fn a_deployment_that_starts_too_early_moves_to_when_its_dependency_ends() {
    // d4 (r2, prod) starts before d2 (r1, prod) ends at 23:30 Berlin; the window stays open.
    assert_eq!(
        suggest("d4", 0),
        json!({"deployment": "d4", "start": "2027-01-05T22:30:00Z", "end": "2027-01-06T00:00:00Z"})
    );
}

#[test]
fn no_slot_within_the_year_is_exit_1_with_nulls_and_a_reason() {
    // d5 is listed by r2's dependency-order conflict (d4 still starts before
    // d2 ends), and moving d5 cannot fix d4.
    let v = suggest("d5", 1);
    assert_eq!(
        v.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["deployment", "start", "end", "reason"]
    );
    assert_eq!(v["deployment"], "d5");
    assert_eq!(v["start"], serde_json::Value::Null);
    assert_eq!(v["end"], serde_json::Value::Null);
    assert!(v["reason"].as_str().is_some_and(|r| !r.is_empty()));
}

#[test]
fn an_unknown_deployment_is_a_usage_error() {
    let plan = example("payments-q1.json");
    let run = trainyard(&["suggest", plan.to_str().unwrap(), "--deployment", "d99"]);
    run.expect_code(2);
    assert!(run.stderr.contains("'--deployment'"), "{}", run.stderr);
    assert!(run.stderr.contains("\"d99\""), "{}", run.stderr);
}

#[test]
fn the_text_answer_says_keep_move_or_no_free_slot() {
    let plan = example("payments-q1.json");
    let p = plan.to_str().unwrap();
    let run = trainyard(&["suggest", p, "--deployment", "d4"]);
    run.expect_code(0);
    assert_eq!(
        run.stdout,
        "move d4 (Payments API 7.0: Payments API to Production)\n\
         \x20 to:    Tue 5 Jan 2027 23:30 CET – Wed 6 Jan 2027 01:00 CET\n\
         \x20 from:  Tue 5 Jan 2027 23:00 CET – Wed 6 Jan 2027 00:30 CET (dependency-order)\n"
    );
    let run = trainyard(&["suggest", p, "--deployment", "d1"]);
    run.expect_code(0);
    assert!(
        run.stdout
            .starts_with("keep d1 (Ledger 4.2: Ledger DB to Staging)\n"),
        "{}",
        run.stdout
    );
    let run = trainyard(&["suggest", p, "--deployment", "d5"]);
    run.expect_code(1);
    assert!(
        run.stdout.starts_with("no free slot for d5 "),
        "{}",
        run.stdout
    );
}
