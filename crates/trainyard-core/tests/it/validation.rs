//! Bad plans are rejected whole, with every problem at its JSON path.

use serde_json::{json, Value};
use trainyard_core::{parse_plan, PlanError, Problem};

use crate::examples::example;

fn example_value() -> Value {
    serde_json::from_str(&example("payments-q1.json")).unwrap()
}

fn problems_of(text: &str) -> Vec<Problem> {
    match parse_plan(text) {
        Ok(_) => panic!("the plan should have been rejected"),
        Err(PlanError::Invalid(p)) => p,
        Err(other) => panic!("expected validation problems, got {other}"),
    }
}

/// Applies `edit` to the example and returns the problems as (path, id, message).
fn problems_after(edit: impl FnOnce(&mut Value)) -> Vec<(String, Option<String>, String)> {
    let mut v = example_value();
    edit(&mut v);
    problems_of(&v.to_string())
        .into_iter()
        .map(|p| (p.path, p.id, p.message))
        .collect()
}

fn assert_one(
    problems: &[(String, Option<String>, String)],
    path: &str,
    id: Option<&str>,
    needle: &str,
) {
    assert!(
        problems
            .iter()
            .any(|(p, i, m)| p == path && i.as_deref() == id && m.contains(needle)),
        "expected a problem at {path} (id {id:?}) mentioning {needle:?}, got {problems:#?}"
    );
}

#[test]
fn the_example_plan_is_valid() {
    assert!(parse_plan(&example("payments-q1.json")).is_ok());
}

#[test]
fn each_kind_of_problem_is_reported_at_its_path_with_its_entity() {
    let long_id = "é".repeat(129);
    /// A change that breaks the plan, the path, entity and text of the problem.
    type Case<'a> = (
        Box<dyn FnOnce(&mut Value)>,
        &'a str,
        Option<&'a str>,
        &'a str,
    );
    let cases: Vec<Case> = vec![
        (
            Box::new(|v| v["deployments"][0]["colour"] = json!("red")),
            "$.deployments[0].colour",
            Some("d1"),
            "unknown field",
        ),
        (
            Box::new(|v| v["deployments"][1]["id"] = json!("d1")),
            "$.deployments[1].id",
            Some("d1"),
            "duplicate deployment id",
        ),
        (
            Box::new(|v| v["deployments"][0]["service"] = json!("nope")),
            "$.deployments[0].service",
            Some("d1"),
            "unknown service \"nope\"",
        ),
        (
            Box::new(|v| v["releases"][1]["depends_on"] = json!(["r9"])),
            "$.releases[1].depends_on[0]",
            Some("r2"),
            "unknown release",
        ),
        (
            Box::new(|v| v["environments"][0]["order"] = json!(1.0)),
            "$.environments[0].order",
            Some("staging"),
            "integer",
        ),
        (
            Box::new(|v| v["windows"][0]["rrule"] = json!("FREQ=WEEKLY;BYMONTHDAY=1")),
            "$.windows[0].rrule",
            Some("mw-prod"),
            "RRULE",
        ),
        (
            Box::new(|v| {
                v["windows"][0]["rrule"] = json!("FREQ=DAILY;COUNT=2;UNTIL=20270101T000000Z")
            }),
            "$.windows[0].rrule",
            Some("mw-prod"),
            "RRULE",
        ),
        (
            Box::new(|v| v["windows"][0]["duration"] = json!("PT0H")),
            "$.windows[0].duration",
            Some("mw-prod"),
            "greater than zero",
        ),
        (
            Box::new(|v| v["windows"][0]["duration"] = json!("P1M")),
            "$.windows[0].duration",
            Some("mw-prod"),
            "duration",
        ),
        (
            Box::new(|v| v["windows"][0]["timezone"] = json!("Mars/Olympus")),
            "$.windows[0].timezone",
            Some("mw-prod"),
            "unknown time zone",
        ),
        (
            Box::new(|v| v["windows"][0]["start"] = json!("2027-01-05T22:00:00Z")),
            "$.windows[0].start",
            Some("mw-prod"),
            "offset",
        ),
        (
            Box::new(|v| v["windows"][0]["scope"]["environments"] = json!(["moon"])),
            "$.windows[0].scope.environments[0]",
            Some("mw-prod"),
            "unknown environment",
        ),
        (
            Box::new(|v| v["deployments"][0]["end"] = v["deployments"][0]["start"].clone()),
            "$.deployments[0].end",
            Some("d1"),
            "end after it starts",
        ),
        (
            Box::new(|v| v["deployments"][0]["start"] = json!("2027-01-05 22:30:00Z")),
            "$.deployments[0].start",
            Some("d1"),
            "RFC 3339",
        ),
        (
            Box::new(|v| v["deployments"][0]["start"] = json!("2027-01-05T22:30:60Z")),
            "$.deployments[0].start",
            Some("d1"),
            "leap",
        ),
        (
            Box::new(|v| {
                v["deployments"][0]
                    .as_object_mut()
                    .unwrap()
                    .remove("release")
                    .map(|_| ())
                    .unwrap()
            }),
            "$.deployments[0].release",
            Some("d1"),
            "missing required field",
        ),
        (
            Box::new(|v| v["services"][0]["tier"] = json!(5)),
            "$.services[0].tier",
            Some("ledger"),
            "tier",
        ),
        (
            Box::new(|v| v["releases"][0]["approvals"][0]["decision"] = json!("maybe")),
            "$.releases[0].approvals[0].decision",
            Some("r1"),
            "approved",
        ),
        (
            Box::new(|v| v["releases"][0]["change_type"] = json!("risky")),
            "$.releases[0].change_type",
            Some("r1"),
            "change_type",
        ),
        (
            Box::new(|v| v["teams"][0]["unavailable"][0]["end"] = json!("2026-12-31T00:00:00Z")),
            "$.teams[0].unavailable[0].end",
            Some("pay"),
            "end after it starts",
        ),
        (
            Box::new(|v| v["version"] = json!(2)),
            "$.version",
            None,
            "version",
        ),
        (
            Box::new(|v| v["format"] = json!("other")),
            "$.format",
            None,
            "trainyard-plan",
        ),
        (
            Box::new(|v| v["deployments"][0]["id"] = json!("")),
            "$.deployments[0].id",
            None,
            "empty",
        ),
        (
            Box::new(|v| v["deployments"][0]["id"] = json!("é".repeat(129))),
            "$.deployments[0].id",
            Some(long_id.as_str()),
            "at most 128",
        ),
        (
            Box::new(|v| v["windows"][0]["x"] = json!(3)),
            "$.windows[0].x",
            Some("mw-prod"),
            "object",
        ),
    ];
    for (edit, path, id, needle) in cases {
        let problems = problems_after(edit);
        assert_one(&problems, path, id, needle);
    }
}

#[test]
fn every_problem_is_listed_at_once() {
    let problems = problems_after(|v| {
        v["deployments"][0]["colour"] = json!("red");
        v["deployments"][2]["environment"] = json!("moon");
        v["environments"][1]["order"] = json!("3");
    });
    assert_eq!(problems.len(), 3, "{problems:#?}");
}

#[test]
fn a_duplicate_json_key_is_an_error_at_its_path() {
    let text = example("payments-q1.json").replacen(
        "\"name\": \"Payments platform, Q1 2027\"",
        "\"name\": \"A\", \"name\": \"B\"",
        1,
    );
    assert_ne!(
        text,
        example("payments-q1.json"),
        "the example text changed; update this test"
    );
    let problems = problems_of(&text);
    assert!(
        problems
            .iter()
            .any(|p| p.path == "$.name" && p.message.contains("duplicate key")),
        "{problems:#?}"
    );
}

#[test]
fn a_syntax_error_gives_line_and_column() {
    match parse_plan("{\n  \"name\": \"x\",\n  oops\n}") {
        Err(PlanError::Syntax { line, column, .. }) => assert_eq!((line, column), (3, 3)),
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

#[test]
fn null_means_absent_and_lists_may_be_missing() {
    let plan = parse_plan(r#"{"name": null, "timezone": null, "environments": [{"id": "prod", "order": 1, "max_concurrent": null}]}"#).unwrap();
    assert_eq!(plan.timezone, chrono_tz::Tz::UTC);
    assert_eq!(plan.environments[0].max_concurrent, None);
    assert!(plan.deployments.is_empty());
}

#[test]
fn extensions_survive_a_round_trip() {
    let mut v = example_value();
    v["deployments"][0]["x"] = json!({"jira": "PAY-12", "nested": {"b": [1, 2.5, null]}});
    v["x"] = json!({"owner": "ops"});
    let plan = parse_plan(&v.to_string()).unwrap();
    let back: Value = serde_json::from_str(&trainyard_core::plan_to_json(&plan)).unwrap();
    assert_eq!(back["deployments"][0]["x"], v["deployments"][0]["x"]);
    assert_eq!(back["x"], v["x"]);
}

#[test]
fn time_zone_links_are_accepted_and_kept() {
    let plan = parse_plan(r#"{"timezone": "US/Eastern"}"#).unwrap();
    assert!(trainyard_core::plan_to_json(&plan).contains("\"US/Eastern\""));
}

#[test]
fn a_duplicate_key_inside_extensions_is_an_error_at_any_depth() {
    let text = example("payments-q1.json").replacen(
        "{\"id\": \"d1\",",
        r#"{"id": "d1", "x": {"jira": "PAY-1", "jira": "PAY-2", "a": {"b": {"c": 1, "c": 2}}, "list": [1, {"k": true, "k": false}]},"#,
        1,
    );
    assert_ne!(
        text,
        example("payments-q1.json"),
        "the example text changed; update this test"
    );
    let problems: Vec<(String, Option<String>, String)> = problems_of(&text)
        .into_iter()
        .map(|p| (p.path, p.id, p.message))
        .collect();
    for path in [
        "$.deployments[0].x.jira",
        "$.deployments[0].x.a.b.c",
        "$.deployments[0].x.list[1].k",
    ] {
        assert_one(&problems, path, Some("d1"), "duplicate key");
    }
    assert_eq!(problems.len(), 3, "{problems:#?}");
}

#[test]
fn a_byday_ordinal_no_month_can_hold_is_valid_and_never_occurs() {
    let mut v = example_value();
    v["windows"][0]["rrule"] = json!("FREQ=MONTHLY;BYDAY=6MO");
    let plan = parse_plan(&v.to_string()).expect("RFC 5545 allows ordinals up to 53");
    let from = trainyard_core::time::parse_instant("2020-01-01T00:00:00Z").unwrap();
    let to = trainyard_core::time::parse_instant("2040-01-01T00:00:00Z").unwrap();
    assert!(trainyard_core::windows::occurrences(&plan.windows[0], from, to).is_empty());
}
