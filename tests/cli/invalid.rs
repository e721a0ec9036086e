//! Plans that break the format: exit 2, every problem with its JSON path, as
//! text on stderr (`PATH: message`) or as `{"errors": [...]}` on stdout.

use serde_json::{json, Value};
use trainyard_tests::{trainyard, TempPlan};

use crate::small_plan;

/// Checks `text` as JSON output; asserts exit 2 and returns the errors.
fn errors_of(text: &str) -> Vec<Value> {
    let plan = TempPlan::new(text);
    let run = trainyard(&["check", plan.path().to_str().unwrap(), "--format", "json"]);
    run.expect_code(2);
    let v = run.json();
    assert_eq!(
        v.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["errors"],
        "only the errors key: {v:#}"
    );
    let errors = v["errors"].as_array().unwrap().clone();
    assert!(!errors.is_empty());
    for e in &errors {
        let keys: Vec<&String> = e.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["path", "id", "message"], "{e:#}");
    }
    errors
}

/// The single problem of a plan, as (path, id, message).
fn only_error(plan: &Value) -> (String, Value, String) {
    let errors = errors_of(&plan.to_string());
    assert_eq!(errors.len(), 1, "exactly one problem expected: {errors:#?}");
    let e = &errors[0];
    (
        e["path"].as_str().unwrap().to_owned(),
        e["id"].clone(),
        e["message"].as_str().unwrap().to_owned(),
    )
}

#[test]
fn an_unknown_field_is_reported_at_its_own_path() {
    let mut plan = small_plan();
    plan["deployments"][0]["strat"] = json!("canary");
    let (path, id, message) = only_error(&plan);
    assert_eq!(path, "$.deployments[0].strat");
    assert_eq!(id, "d1");
    assert!(message.contains("unknown field"), "{message}");
}

#[test]
fn a_duplicate_id_is_reported_at_the_later_id() {
    let mut plan = small_plan();
    let d = plan["deployments"][0].clone();
    plan["deployments"].as_array_mut().unwrap().push(d);
    let (path, id, message) = only_error(&plan);
    assert_eq!(path, "$.deployments[1].id");
    assert_eq!(id, "d1");
    assert!(message.contains("duplicate"), "{message}");
}

#[test]
fn a_bad_reference_is_reported_at_the_referring_value() {
    let mut plan = small_plan();
    plan["releases"][0]["depends_on"] = json!(["r9"]);
    let (path, id, message) = only_error(&plan);
    assert_eq!(path, "$.releases[0].depends_on[0]");
    assert_eq!(id, "r1");
    assert!(message.contains("r9"), "{message}");
}

#[test]
fn a_float_where_an_integer_belongs_is_rejected() {
    let text = small_plan()
        .to_string()
        .replace("\"order\":1", "\"order\":1.0");
    let errors = errors_of(&text);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0]["path"], "$.environments[0].order");
    assert_eq!(errors[0]["id"], "prod");
}

#[test]
fn an_invalid_rrule_is_reported_at_the_rrule() {
    let mut plan = small_plan();
    plan["windows"] = json!([{
        "id": "w", "kind": "maintenance", "start": "2027-01-01T22:00", "duration": "PT2H",
        "timezone": "UTC", "rrule": "FREQ=WEEKLY;COUNT=3;UNTIL=20270301T000000Z"
    }]);
    let (path, id, _) = only_error(&plan);
    assert_eq!(path, "$.windows[0].rrule");
    assert_eq!(id, "w");
}

#[test]
fn a_duplicate_json_key_is_an_error() {
    let text = small_plan()
        .to_string()
        .replace("\"id\":\"api\"", "\"id\":\"api\",\"id\":\"api2\"");
    let errors = errors_of(&text);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0]["path"], "$.services[0].id");
    assert!(errors[0]["message"]
        .as_str()
        .unwrap()
        .contains("duplicate key"));
}

#[test]
fn a_syntax_error_gives_its_line_and_column() {
    let text = "{\n  \"environments\": [\n    {\"id\": \"prod\" \"order\": 1}\n  ]\n}\n";
    let errors = errors_of(text);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["path"], "$");
    assert_eq!(errors[0]["id"], Value::Null);
    let message = errors[0]["message"].as_str().unwrap();
    assert!(message.contains("line 3, column 19"), "{message}");
}

#[test]
fn every_problem_is_listed_at_once() {
    let mut plan = small_plan();
    plan["deployments"][0]["strat"] = json!("canary");
    plan["deployments"][0]["service"] = json!("nope");
    plan["releases"][0]["change_type"] = json!("risky");
    let paths: Vec<String> = errors_of(&plan.to_string())
        .iter()
        .map(|e| e["path"].as_str().unwrap().to_owned())
        .collect();
    for p in [
        "$.deployments[0].strat",
        "$.deployments[0].service",
        "$.releases[0].change_type",
    ] {
        assert!(paths.iter().any(|x| x == p), "{p} not in {paths:?}");
    }
}

#[test]
fn text_mode_prints_one_problem_a_line_on_stderr_and_nothing_on_stdout() {
    let mut plan = small_plan();
    plan["deployments"][0]["strat"] = json!("canary");
    plan["deployments"][0]["service"] = json!("nope");
    let file = TempPlan::new(&plan.to_string());
    let run = trainyard(&["check", file.path().to_str().unwrap()]);
    run.expect_code(2);
    assert_eq!(run.stdout, "");
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stderr);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("$.deployments[0].strat: unknown field")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("$.deployments[0].service: ")),
        "{lines:?}"
    );
}

#[test]
fn a_file_that_cannot_be_read_exits_2_in_both_formats() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.json");
    let missing = missing.to_str().unwrap();
    let run = trainyard(&["check", missing]);
    run.expect_code(2);
    assert!(run.stderr.contains("cannot read"), "{}", run.stderr);
    assert!(run.stderr.contains("missing.json"), "{}", run.stderr);
    let run = trainyard(&["check", missing, "--format", "json"]);
    run.expect_code(2);
    assert!(run.json()["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("cannot read"));
}

#[test]
fn text_that_is_not_utf8_is_a_syntax_error_with_a_position() {
    let plan = TempPlan::named("plan.json", b"{\"name\": \"caf\xe9\"}");
    let run = trainyard(&["check", plan.path().to_str().unwrap()]);
    run.expect_code(2);
    assert_eq!(run.stderr, "$: not valid UTF-8 at line 1, column 14\n");
}

#[test]
fn invalid_plans_exit_2_from_every_command_that_reads_one() {
    let file = TempPlan::new("{\"bogus\": 1}");
    let p = file.path().to_str().unwrap();
    for args in [
        vec![
            "expand",
            p,
            "--from",
            "2027-01-01T00:00:00Z",
            "--to",
            "2027-02-01T00:00:00Z",
        ],
        vec!["suggest", p, "--deployment", "d1"],
        vec!["gate", p, "--service", "api", "--environment", "prod"],
        vec!["risk", p, "--release", "r1"],
    ] {
        let mut json_args = args.clone();
        json_args.extend(["--format", "json"]);
        let run = trainyard(&json_args);
        run.expect_code(2);
        assert_eq!(run.json()["errors"][0]["path"], "$.bogus", "{args:?}");
    }
}
