//! `trainyard metrics`: delivery metrics of recorded outcomes in a period
//! (`docs/metrics.md`): zeros and nulls for a plan without outcomes, and the
//! numbers of `docs/examples/overrun.json`, worked out by hand below.

use serde_json::json;
use trainyard_tests::{example, trainyard, TempPlan};

fn payments() -> String {
    example("payments-q1.json").display().to_string()
}

const FROM: &str = "2027-01-01T00:00:00Z";
const TO: &str = "2027-04-01T00:00:00Z";

fn nothing() -> serde_json::Value {
    json!({
        "deployments": 0,
        "deployment_frequency_per_week": 0.0,
        "lead_time_hours": null,
        "change_failure_rate": null,
        "time_to_restore_hours": null,
        "adherence": {
            "on_time_rate": null,
            "median_start_delay_minutes": null,
            "overruns": 0
        }
    })
}

#[test]
fn a_plan_without_outcomes_has_zeros_and_nulls_in_the_exact_json_shape() {
    let run = trainyard(&[
        "metrics",
        &payments(),
        "--from",
        FROM,
        "--to",
        TO,
        "--format",
        "json",
    ]);
    run.expect_code(0);
    assert_eq!(
        run.json(),
        json!({"from": FROM, "to": TO, "overall": nothing(), "groups": []})
    );
    assert_eq!(run.stderr, "");
}

#[test]
fn grouping_a_plan_without_outcomes_gives_no_groups() {
    for by in ["service", "team", "environment"] {
        let run = trainyard(&[
            "metrics",
            &payments(),
            "--from",
            "2027-01-04T00:00:00+01:00",
            "--to",
            TO,
            "--by",
            by,
            "--format",
            "json",
        ]);
        run.expect_code(0);
        // Instants are written back in UTC.
        assert_eq!(
            run.json(),
            json!({"from": "2027-01-03T23:00:00Z", "to": TO, "overall": nothing(), "groups": []}),
            "{by}"
        );
    }
}

#[test]
fn the_text_is_a_table_with_an_overall_row() {
    let run = trainyard(&[
        "metrics",
        &payments(),
        "--from",
        FROM,
        "--to",
        TO,
        "--by",
        "team",
    ]);
    run.expect_code(0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(
        lines[0].starts_with("Delivery metrics from "),
        "{}",
        run.stdout
    );
    assert!(lines[2].starts_with("TEAM"), "{}", run.stdout);
    for column in [
        "DEPLOYMENTS",
        "PER WEEK",
        "LEAD TIME",
        "FAILURE RATE",
        "ON TIME",
    ] {
        assert!(lines[2].contains(column), "{column}: {}", run.stdout);
    }
    assert!(lines[3].starts_with("all "), "{}", run.stdout);
    assert!(
        run.stdout.contains("No deployment with a recorded outcome"),
        "{}",
        run.stdout
    );
}

/// Runs args, expects exit 2 and one line on stderr naming `needle`.
fn bad(args: &[&str], needle: &str) {
    let run = trainyard(args);
    run.expect_code(2);
    assert_eq!(run.stdout, "", "{args:?}");
    assert_eq!(run.stderr.lines().count(), 1, "one line: {}", run.stderr);
    assert!(run.stderr.contains(needle), "{args:?}: {}", run.stderr);
    assert!(
        run.stderr.contains("see 'trainyard metrics --help'"),
        "{args:?}: {}",
        run.stderr
    );
}

#[test]
fn bad_arguments_exit_2_naming_the_flag() {
    let p = payments();
    bad(&["metrics", &p, "--to", TO], "'--from INSTANT'");
    bad(&["metrics", &p, "--from", FROM], "'--to INSTANT'");
    bad(&["metrics", &p, "--from", FROM, "--to", FROM], "'--to'");
    bad(&["metrics", &p, "--from", TO, "--to", FROM], "'--to'");
    bad(
        &["metrics", &p, "--from", "2027-01-01", "--to", TO],
        "'--from'",
    );
    bad(
        &["metrics", &p, "--from", FROM, "--to", TO, "--by", "release"],
        "'--by'",
    );
    bad(
        &[
            "metrics", &p, "--from", FROM, "--to", TO, "--format", "yaml",
        ],
        "'--format'",
    );
    bad(
        &["metrics", &p, "--from", FROM, "--to", TO, "--release", "r1"],
        "'--release'",
    );
    bad(&["metrics", "--from", FROM, "--to", TO], "PLAN");
}

#[test]
fn an_invalid_or_missing_plan_exits_2() {
    let file = TempPlan::new("{\"bogus\": 1}");
    let invalid = file.path().display().to_string();
    let run = trainyard(&["metrics", &invalid, "--from", FROM, "--to", TO]);
    run.expect_code(2);
    assert!(run.stderr.contains("bogus"), "{}", run.stderr);
    let run = trainyard(&[
        "metrics", &invalid, "--from", FROM, "--to", TO, "--format", "json",
    ]);
    run.expect_code(2);
    assert!(run.json()["errors"].is_array(), "{}", run.stdout);
    let missing = example("no-such-plan.json").display().to_string();
    trainyard(&["metrics", &missing, "--from", FROM, "--to", TO]).expect_code(2);
}

/// `overrun.json` records two outcomes in the week of 1 February 2027:
/// d-api-staging (service api, team payments, release r1) started 09:02,
/// planned 09:00–10:00, finished 10:25, succeeded; d-web-staging (service
/// web, no team) started 12:00, planned 12:00–13:00, finished 12:40, rolled
/// back, with incident INC-311 opened 12:20 and resolved 12:50. So:
/// 2 deployments; 1 success in 1 week; lead time 09:02 → 10:25 = 83 min;
/// failure rate 1/2; time to restore 30 min; on time: only d-web-staging
/// (d-api-staging finished after its planned end), start delays 2 and 0 min
/// (median 1), one overrun.
#[test]
fn recorded_outcomes_give_the_numbers_worked_out_by_hand() {
    let plan = example("overrun.json").display().to_string();
    let run = trainyard(&[
        "metrics",
        &plan,
        "--from",
        "2027-02-01T00:00:00Z",
        "--to",
        "2027-02-08T00:00:00Z",
        "--by",
        "service",
        "--format",
        "json",
    ]);
    run.expect_code(0);
    let v = run.json();
    let o = &v["overall"];
    let close = |a: &serde_json::Value, b: f64| (a.as_f64().unwrap() - b).abs() < 1e-9;
    assert_eq!(o["deployments"], 2, "{v}");
    assert!(close(&o["deployment_frequency_per_week"], 1.0), "{v}");
    assert!(close(&o["lead_time_hours"], 83.0 / 60.0), "{v}");
    assert!(close(&o["change_failure_rate"], 0.5), "{v}");
    assert!(close(&o["time_to_restore_hours"], 0.5), "{v}");
    assert!(close(&o["adherence"]["on_time_rate"], 0.5), "{v}");
    assert!(
        close(&o["adherence"]["median_start_delay_minutes"], 1.0),
        "{v}"
    );
    assert_eq!(o["adherence"]["overruns"], 1, "{v}");
    let groups = v["groups"].as_array().unwrap();
    let keys: Vec<&str> = groups.iter().map(|g| g["key"].as_str().unwrap()).collect();
    assert_eq!(
        keys,
        ["api", "web"],
        "services without an outcome in the period are left out"
    );
    let web = &groups[1];
    assert_eq!(web["deployments"], 1);
    assert!(close(&web["deployment_frequency_per_week"], 0.0));
    assert_eq!(web["lead_time_hours"], serde_json::Value::Null);
    assert!(close(&web["change_failure_rate"], 1.0));
    assert!(close(&web["time_to_restore_hours"], 0.5));
}
