//! `trainyard demo`: the built-in demo plan, printed, written or stored.

use trainyard_tests::{trainyard, trainyard_with_stdin};

use crate::tools::*;

#[test]
fn demo_prints_a_valid_plan() {
    let run = trainyard(&["demo"]);
    run.expect_code(0);
    let plan = run.json();
    assert!(!plan["releases"].as_array().expect("releases").is_empty());
    let check = trainyard_with_stdin(&["check", "-", "--format", "json"], &run.stdout);
    assert!(
        check.code == 0 || check.code == 1,
        "the demo plan is valid: {}",
        check.stderr
    );
}

#[test]
fn demo_writes_a_json_file_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo.json");
    let run = trainyard(&["demo", "--to", s(&out)]);
    run.expect_code(0);
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        trainyard(&["demo"]).stdout
    );
    std::fs::write(&out, "mine").unwrap();
    let run = trainyard(&["demo", "--to", s(&out)]);
    run.expect_code(2);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "mine");
    assert_eq!(files_in(dir.path()), ["demo.json"]);
    // The demo is something the reports can print.
    let pdf = dir.path().join("demo.pdf");
    let run = trainyard(&["demo", "--to", s(&dir.path().join("d2.json"))]);
    run.expect_code(0);
    trainyard(&[
        "report",
        "summary",
        s(&dir.path().join("d2.json")),
        "-o",
        s(&pdf),
    ])
    .expect_code(0);
}

#[test]
fn demo_creates_a_store_and_never_overwrites_one() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("demo.trainyard");
    trainyard(&["demo", "--store", s(&store)]).expect_code(0);
    trainyard(&["audit", "verify", s(&store)]).expect_code(0);
    let exported = trainyard(&["export", s(&store), "--to", "-"]);
    exported.expect_code(0);
    let demo: serde_json::Value = trainyard(&["demo"]).json();
    let ids = |v: &serde_json::Value| -> Vec<String> {
        v["releases"]
            .as_array()
            .expect("releases")
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(ids(&exported.json()), ids(&demo));
    let before = std::fs::read(&store).unwrap();
    let run = trainyard(&["demo", "--store", s(&store)]);
    run.expect_code(2);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert!(std::fs::read(&store).unwrap() == before);
}

#[test]
fn demo_help_and_bad_arguments() {
    assert_help("demo");
    assert_usage_error(
        &["demo", "--to", "a.json", "--store", "b.trainyard"],
        "not both",
        "demo",
    );
    assert_usage_error(&["demo", "extra"], "unexpected argument 'extra'", "demo");
    assert_usage_error(&["demo", "--store", "-"], "not '-'", "demo");
}
