//! `trainyard record`: a deployment's outcome as one audited store edit.

use std::path::{Path, PathBuf};

use serde_json::Value;
use trainyard_tests::{example, trainyard};

fn s(p: &Path) -> &str {
    p.to_str().expect("temporary paths are UTF-8")
}

/// Imports the outcomes example into `<dir>/plan.trainyard`.
fn imported(dir: &Path) -> PathBuf {
    let store = dir.join("plan.trainyard");
    trainyard(&["import", s(&example("overrun.json")), "--to", s(&store)]).expect_code(0);
    store
}

fn audit_entries(store: &Path) -> u64 {
    let run = trainyard(&["audit", "verify", s(store), "--format", "json"]);
    run.expect_code(0);
    let v = run.json();
    assert_eq!(v["ok"], true, "{v}");
    v["entries"].as_u64().expect("an entry count")
}

fn exported(store: &Path) -> Value {
    let run = trainyard(&["export", s(store), "--to", "-"]);
    run.expect_code(0);
    serde_json::from_str(&run.stdout).expect("the export is JSON")
}

const FAILED: &[&str] = &[
    "--deployment",
    "d-api-prod",
    "--started",
    "2027-02-03T09:00:00Z",
    "--finished",
    "2027-02-03T10:20:00+01:00",
    "--result",
    "failed",
    "--incident",
    "INC-9",
];

fn record(store: &Path, args: &[&str]) -> trainyard_tests::Run {
    let mut all = vec!["record", s(store)];
    all.extend_from_slice(args);
    trainyard(&all)
}

#[test]
fn recording_the_same_outcome_twice_writes_one_audited_edit() {
    let dir = tempfile::tempdir().unwrap();
    let store = imported(dir.path());
    assert_eq!(audit_entries(&store), 1);
    let run = record(&store, FAILED);
    run.expect_code(0);
    assert!(
        run.stdout.contains("recorded d-api-prod: failed"),
        "{}",
        run.stdout
    );
    assert_eq!(audit_entries(&store), 2);
    let first = exported(&store);
    let run = record(&store, FAILED);
    run.expect_code(0);
    assert!(run.stdout.contains("nothing written"), "{}", run.stdout);
    assert_eq!(audit_entries(&store), 2);
    assert_eq!(exported(&store), first);
    let d = first["deployments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "d-api-prod")
        .unwrap()
        .clone();
    assert_eq!(d["status"], "failed");
    assert_eq!(
        d["outcome"],
        serde_json::json!({"started": "2027-02-03T09:00:00Z",
            "finished": "2027-02-03T09:20:00Z", "result": "failed",
            "incidents": [{"id": "INC-9"}]})
    );
    // The store still checks (the example has errors of its own).
    trainyard(&["check", s(&store), "--format", "json"]).expect_code(1);
}

#[test]
fn a_running_deployment_is_recorded_without_a_result() {
    let dir = tempfile::tempdir().unwrap();
    let store = imported(dir.path());
    record(
        &store,
        &[
            "--deployment",
            "d-web-prod",
            "--started",
            "2027-02-03T12:05:00Z",
        ],
    )
    .expect_code(0);
    let v = exported(&store);
    let d = v["deployments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "d-web-prod")
        .unwrap()
        .clone();
    assert_eq!(
        d["outcome"],
        serde_json::json!({"started": "2027-02-03T12:05:00Z"})
    );
    assert_eq!(d.get("status"), None);
}

#[test]
fn bad_input_exits_2_names_the_argument_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = imported(dir.path());
    let before = std::fs::read(&store).unwrap();
    let started = [
        "--deployment",
        "d-api-prod",
        "--started",
        "2027-02-03T09:00:00Z",
    ];
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["--deployment", "nope", "--started", "2027-02-03T09:00:00Z"],
            "--deployment",
        ),
        (vec!["--deployment", "d-api-prod"], "--started"),
        (
            vec!["--deployment", "d-api-prod", "--started", "yesterday"],
            "--started",
        ),
        ([&started[..], &["--result", "failed"]].concat(), "--result"),
        (
            [&started[..], &["--finished", "2027-02-03T10:00:00Z"]].concat(),
            "--finished",
        ),
        (
            [
                &started[..],
                &["--finished", "2027-02-03T10:00:00Z", "--result", "done"],
            ]
            .concat(),
            "--result",
        ),
        (
            [
                &started[..],
                &["--finished", "2027-02-03T08:00:00Z", "--result", "failed"],
            ]
            .concat(),
            "--finished",
        ),
        (
            [&started[..], &["--incident", "A", "--incident", "A"]].concat(),
            "--incident",
        ),
        ([&started[..], &["--colour", "red"]].concat(), "--colour"),
    ];
    for (args, named) in cases {
        let run = record(&store, &args);
        run.expect_code(2);
        assert!(run.stderr.contains(named), "{args:?}: {}", run.stderr);
        assert_eq!(
            std::fs::read(&store).unwrap(),
            before,
            "{args:?} wrote to the store"
        );
    }
    assert_eq!(audit_entries(&store), 1);
}

#[test]
fn a_json_plan_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.json");
    std::fs::copy(example("overrun.json"), &plan).unwrap();
    let before = std::fs::read(&plan).unwrap();
    let run = record(
        &plan,
        &[
            "--deployment",
            "d-api-prod",
            "--started",
            "2027-02-03T09:00:00Z",
        ],
    );
    run.expect_code(2);
    assert!(run.stderr.contains("is not a store"), "{}", run.stderr);
    assert_eq!(std::fs::read(&plan).unwrap(), before);
}
