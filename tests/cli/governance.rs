//! Release governance from the command line: `check` prints the committed
//! reports of the governance examples, and `gate` blocks on holds and
//! bookings, naming them, and lets a waiver through where the hold allows it.

use serde_json::{json, Value};
use trainyard_tests::{example, trainyard, TempPlan};

use crate::rules;

fn path(name: &str) -> String {
    example(name).display().to_string()
}

fn gate(plan: &str, args: &[&str], code: i32) -> Value {
    let mut all = vec!["gate", plan];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let run = trainyard(&all);
    run.expect_code(code);
    run.json()
}

#[test]
fn check_prints_the_committed_report_of_each_governance_example() {
    for name in ["on-hold", "booking-conflict", "not-ready"] {
        let run = trainyard(&["check", &path(&format!("{name}.json")), "--format", "json"]);
        run.expect_code(1);
        let expected = std::fs::read_to_string(example(&format!("{name}.expected.json"))).unwrap();
        assert_eq!(run.stdout, expected, "{name}");
    }
}

#[test]
fn the_text_report_names_holds_bookings_and_waivers() {
    let run = trainyard(&["check", &path("on-hold.json")]);
    run.expect_code(1);
    assert!(
        run.stdout.contains("environment prod; hold h-incident")
            && run.stdout.contains("waiver: w-fix, granted by cab")
            && run
                .stdout
                .contains("from Tue 2 Mar 2027 01:00 CET, until lifted (payments audit)")
            && run.stdout.contains("3 errors, 2 warnings"),
        "{}",
        run.stdout
    );
    let run = trainyard(&["check", &path("booking-conflict.json")]);
    assert!(
        run.stdout
            .contains("subjects: environment stage; bookings b-load, b-train"),
        "{}",
        run.stdout
    );
}

#[test]
fn gate_blocks_on_a_hold_and_names_it() {
    let v = gate(
        &path("on-hold.json"),
        &[
            "--service",
            "web",
            "--environment",
            "prod",
            "--at",
            "2027-03-03T15:00:00Z",
            "--release",
            "r-web",
        ],
        1,
    );
    assert_eq!(v["allowed"], false);
    assert_eq!(rules(&v), ["on-hold"]);
    assert_eq!(v["conflicts"][0]["holds"], json!(["h-incident"]));
    assert_eq!(v["conflicts"][0]["deployments"], json!(["gate"]));
    assert!(v["conflicts"][0]["message"]
        .as_str()
        .unwrap()
        .contains("falls in hold h-incident"));
    // After the hold (and d-after, which takes the storefront's first hour
    // after it), the same deployment may go.
    let v = gate(
        &path("on-hold.json"),
        &[
            "--service",
            "web",
            "--environment",
            "prod",
            "--at",
            "2027-03-04T01:00:00Z",
            "--release",
            "r-web",
        ],
        0,
    );
    assert_eq!(v, json!({"allowed": true, "conflicts": []}));
}

#[test]
fn a_valid_waiver_lets_the_gate_through_unless_the_policy_blocks_on_it() {
    let args = [
        "--service",
        "web",
        "--environment",
        "prod",
        "--at",
        "2027-03-03T09:00:00Z",
        "--release",
        "r-fix",
    ];
    let v = gate(&path("on-hold.json"), &args, 0);
    assert_eq!(v, json!({"allowed": true, "conflicts": []}));
    // The waiver expires at 10:00 UTC: an hour later it no longer applies.
    let late = [
        "--service",
        "web",
        "--environment",
        "prod",
        "--at",
        "2027-03-03T10:00:00Z",
        "--release",
        "r-fix",
    ];
    let v = gate(&path("on-hold.json"), &late, 1);
    assert_eq!(v["conflicts"][0]["severity"], "error");
    // Production's gate policy may block on waived holds too, and says so.
    let mut plan: Value =
        serde_json::from_str(&std::fs::read_to_string(example("on-hold.json")).unwrap()).unwrap();
    plan["environments"][1]["gate"] = json!({"also_blocks_on": ["on-hold"]});
    let t = TempPlan::new(&plan.to_string());
    let v = gate(t.path().to_str().unwrap(), &args, 1);
    assert_eq!(v["policy"], "environment");
    assert_eq!(v["reasons"][0]["kind"], "warning");
    assert_eq!(v["reasons"][0]["rule"], "on-hold");
    let reason = v["reasons"][0]["message"].as_str().unwrap();
    assert!(
        reason.contains("hold h-incident") && reason.contains("waived by w-fix"),
        "{reason}"
    );
    // The hold ends at midnight; d-after has the storefront until 01:00.
    assert_eq!(v["next_allowed"], "2027-03-04T01:00:00Z");
}

#[test]
fn gate_blocks_in_another_holders_exclusive_booking() {
    let v = gate(
        &path("booking-conflict.json"),
        &[
            "--service",
            "web",
            "--environment",
            "stage",
            "--at",
            "2027-03-08T12:00:00Z",
            "--duration",
            "PT30M",
        ],
        1,
    );
    assert_eq!(rules(&v), ["booking-conflict"]);
    assert_eq!(v["conflicts"][0]["bookings"], json!(["b-load"]));
    // The holder's own deployment may go: the performance team's API.
    let v = gate(
        &path("booking-conflict.json"),
        &[
            "--service",
            "api",
            "--environment",
            "stage",
            "--at",
            "2027-03-08T12:00:00Z",
            "--duration",
            "PT30M",
        ],
        0,
    );
    assert_eq!(v["allowed"], true);
}

#[test]
fn check_judges_overdue_reviews_only_as_of_a_given_time() {
    let plan = path("review-overdue.json");
    let run = trainyard(&[
        "check",
        &plan,
        "--as-of",
        "2027-03-25T00:00:00Z",
        "--format",
        "json",
    ]);
    run.expect_code(0);
    let expected = std::fs::read_to_string(example("review-overdue.expected.json")).unwrap();
    assert_eq!(run.stdout, expected);
    let run = trainyard(&["check", &plan, "--format", "json"]);
    run.expect_code(0);
    assert_eq!(run.json(), json!({"conflicts": []}));
    let run = trainyard(&["check", &plan, "--as-of", "next week"]);
    run.expect_code(2);
    assert!(run.stderr.contains("--as-of"), "{}", run.stderr);
}
