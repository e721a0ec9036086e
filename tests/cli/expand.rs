//! `trainyard expand`: window occurrences in a range.

use serde_json::{json, Value};
use trainyard_tests::{example, trainyard, TempPlan};

fn payments() -> String {
    example("payments-q1.json").display().to_string()
}

fn expand(extra: &[&str]) -> Value {
    let mut args = vec!["expand".to_owned(), payments()];
    args.extend(extra.iter().map(|s| s.to_string()));
    args.extend(["--format".into(), "json".into()]);
    let run = trainyard(&args);
    run.expect_code(0);
    run.json()
}

#[test]
fn january_has_the_prod_windows_without_the_exdate_and_one_month_end_blackout() {
    let v = expand(&[
        "--from",
        "2027-01-01T00:00:00Z",
        "--to",
        "2027-02-01T00:00:00Z",
    ]);
    let list = v["occurrences"].as_array().unwrap();
    // Tue/Thu from Jan 5 (Thu Jan 7 excluded): 5, 12, 14, 19, 21, 26, 28 → 7; plus the blackout.
    assert_eq!(list.len(), 8, "{v:#}");
    assert_eq!(
        list[0],
        json!({"window": "mw-prod", "start": "2027-01-05T21:00:00Z", "end": "2027-01-06T01:00:00Z"})
    );
    assert_eq!(
        list[1]["start"], "2027-01-12T21:00:00Z",
        "Thursday Jan 7 is an exdate"
    );
    assert!(list.contains(&json!({
        "window": "bo-monthend", "start": "2027-01-28T23:00:00Z", "end": "2027-01-31T23:00:00Z"
    })));
    for o in list {
        let keys: Vec<&String> = o.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["window", "start", "end"]);
    }
}

#[test]
fn occurrences_are_sorted_by_start_then_window_id() {
    // Two windows that start at the same instant: ids decide.
    let plan = json!({
        "environments": [{"id": "prod", "order": 1}],
        "windows": [
            {"id": "zeta", "kind": "maintenance", "start": "2027-01-01T10:00", "duration": "PT1H",
             "timezone": "UTC", "rrule": "FREQ=DAILY;COUNT=3"},
            {"id": "alpha", "kind": "blackout", "start": "2027-01-02T10:00", "duration": "PT30M",
             "timezone": "UTC"},
            {"id": "early", "kind": "maintenance", "start": "2027-01-01T08:00", "duration": "PT1H",
             "timezone": "UTC"}
        ]
    });
    let file = TempPlan::new(&plan.to_string());
    let run = trainyard(&[
        "expand",
        file.path().to_str().unwrap(),
        "--from",
        "2027-01-01T00:00:00Z",
        "--to",
        "2027-01-10T00:00:00Z",
        "--format",
        "json",
    ]);
    run.expect_code(0);
    let got: Vec<(String, String)> = run.json()["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["start"].as_str().unwrap().into(),
                o["window"].as_str().unwrap().into(),
            )
        })
        .collect();
    let want: Vec<(String, String)> = [
        ("2027-01-01T08:00:00Z", "early"),
        ("2027-01-01T10:00:00Z", "zeta"),
        ("2027-01-02T10:00:00Z", "alpha"),
        ("2027-01-02T10:00:00Z", "zeta"),
        ("2027-01-03T10:00:00Z", "zeta"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(got, want);
}

#[test]
fn an_occurrence_that_started_before_the_range_but_runs_into_it_is_listed() {
    let v = expand(&[
        "--from",
        "2027-01-30T12:00:00+01:00",
        "--to",
        "2027-01-30T13:00:00+01:00",
    ]);
    assert_eq!(
        v,
        json!({"occurrences": [
            {"window": "bo-monthend", "start": "2027-01-28T23:00:00Z", "end": "2027-01-31T23:00:00Z"}
        ]})
    );
}

#[test]
fn window_selects_one_window() {
    let v = expand(&[
        "--from",
        "2027-01-01T00:00:00Z",
        "--to",
        "2027-04-01T00:00:00Z",
        "--window",
        "bo-monthend",
    ]);
    let list = v["occurrences"].as_array().unwrap();
    assert_eq!(list.len(), 3, "one month-end close per month: {v:#}");
    assert!(list.iter().all(|o| o["window"] == "bo-monthend"));
}

#[test]
fn from_at_or_after_to_is_an_empty_list_not_an_error() {
    for (from, to) in [
        ("2027-02-01T00:00:00Z", "2027-01-01T00:00:00Z"),
        ("2027-01-05T21:00:00Z", "2027-01-05T21:00:00Z"),
    ] {
        assert_eq!(
            expand(&["--from", from, "--to", to]),
            json!({"occurrences": []})
        );
    }
}

#[test]
fn an_unknown_window_is_a_usage_error() {
    let run = trainyard(&[
        "expand",
        &payments(),
        "--from",
        "2027-01-01T00:00:00Z",
        "--to",
        "2027-02-01T00:00:00Z",
        "--window",
        "nope",
    ]);
    run.expect_code(2);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("'--window'"), "{}", run.stderr);
    assert!(run.stderr.contains("\"nope\""), "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1);
}

#[test]
fn an_unparsable_instant_names_its_argument() {
    for (arg, from, to) in [
        ("--from", "2027-01-01", "2027-02-01T00:00:00Z"),
        ("--to", "2027-01-01T00:00:00Z", "2027-02-01 00:00:00Z"),
        ("--to", "2027-01-01T00:00:00Z", "2027-02-01T00:00:00"),
    ] {
        let run = trainyard(&["expand", &payments(), "--from", from, "--to", to]);
        run.expect_code(2);
        assert!(run.stderr.contains(&format!("'{arg}'")), "{}", run.stderr);
    }
}

#[test]
fn the_text_form_is_a_table_in_the_plan_zone() {
    let run = trainyard(&[
        "expand",
        &payments(),
        "--from",
        "2027-01-05T00:00:00Z",
        "--to",
        "2027-01-13T00:00:00Z",
    ]);
    run.expect_code(0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(
        lines[0].ends_with("(times in Europe/Berlin)"),
        "{}",
        run.stdout
    );
    assert_eq!(
        &lines[2..5],
        [
            "WINDOW   KIND         START                      END                        NAME",
            "mw-prod  maintenance  Tue 5 Jan 2027 22:00 CET   Wed 6 Jan 2027 02:00 CET   Prod weekly window",
            "mw-prod  maintenance  Tue 12 Jan 2027 22:00 CET  Wed 13 Jan 2027 02:00 CET  Prod weekly window",
        ]
    );
    assert!(run.stdout.ends_with("\n2 occurrences\n"), "{}", run.stdout);
}
