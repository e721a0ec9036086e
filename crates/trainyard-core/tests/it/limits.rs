//! Hostile sizes and edges of the plan format: many keys, instants at the ends
//! of the calendar. Each is answered with a result or a problem at its JSON
//! path, in time linear in the input.

use serde_json::Value;
use trainyard_core::{parse_plan, plan_to_json, PlanError, Problem};

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

/// The example plan with an extension object `x` of `keys` members spliced
/// in as text (serde_json's `Value` cannot hold a duplicate key).
fn plan_with_extension_keys(keys: &[String]) -> String {
    let mut v = example_value();
    v["x"] = Value::String("@X@".into());
    let members: Vec<String> = keys.iter().map(|k| format!("\"{k}\":1")).collect();
    v.to_string()
        .replace("\"@X@\"", &format!("{{{}}}", members.join(",")))
}

#[test]
fn an_extension_with_100k_distinct_keys_is_valid() {
    // Every key used to be compared with every earlier one (about 10 s here).
    let keys: Vec<String> = (0..100_000).map(|i| format!("k{i}")).collect();
    let plan = parse_plan(&plan_with_extension_keys(&keys)).expect("a valid plan");
    assert_eq!(plan.x.as_ref().map(|x| x.len()), Some(100_000));
}

#[test]
fn duplicates_among_many_keys_are_reported_in_order_at_their_paths() {
    let mut keys: Vec<String> = (0..50_000).map(|i| format!("k{i}")).collect();
    keys.push("k7".into());
    keys.push("k49999".into());
    keys.push("k7".into());
    let problems = problems_of(&plan_with_extension_keys(&keys));
    let seen: Vec<(&str, &str)> = problems
        .iter()
        .map(|p| (p.path.as_str(), p.message.as_str()))
        .collect();
    assert_eq!(
        seen,
        [
            ("$.x.k7", "duplicate key \"k7\""),
            ("$.x.k49999", "duplicate key \"k49999\""),
            ("$.x.k7", "duplicate key \"k7\""),
        ]
    );
}

#[test]
fn duplicates_in_a_small_extension_are_still_reported() {
    let keys: Vec<String> = ["a", "b", "a"].iter().map(|k| k.to_string()).collect();
    let problems = problems_of(&plan_with_extension_keys(&keys));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].path, "$.x.a");
    assert_eq!(problems[0].message, "duplicate key \"a\"");
    // The plan round-trips when the duplicate goes.
    let ok = parse_plan(&plan_with_extension_keys(&keys[..2])).unwrap();
    parse_plan(&plan_to_json(&ok)).unwrap();
}

/// The problems after setting the first deployment's `field` to `value`.
fn deployment_problems(field: &str, value: &str) -> Vec<(String, String)> {
    let mut v = example_value();
    v["deployments"][0][field] = Value::String(value.into());
    problems_of(&v.to_string())
        .into_iter()
        .map(|p| (p.path, p.message))
        .collect()
}

#[test]
fn instants_past_the_year_9999_in_utc_are_refused_at_their_path() {
    // 9999-12-31T23:59:59-23:59 is 10000-01-01T23:58:59Z: it used to be
    // accepted, then written as +10000-…, which no reader accepts.
    let problems = deployment_problems("end", "9999-12-31T23:59:59-23:59");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].0, "$.deployments[0].end");
    assert!(
        problems[0]
            .1
            .contains("outside the instants the format can write"),
        "{problems:?}"
    );
    assert!(
        problems[0].1.contains("+10000-01-01T23:58:59Z"),
        "{problems:?}"
    );
}

#[test]
fn instants_before_the_year_0000_in_utc_are_refused_at_their_path() {
    let problems = deployment_problems("start", "0000-01-01T00:00:00+00:01");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].0, "$.deployments[0].start");
    assert!(
        problems[0].1.contains("outside the instants"),
        "{problems:?}"
    );
}

#[test]
fn the_last_writable_instant_is_accepted_and_written_back() {
    let mut v = example_value();
    v["deployments"][0]["end"] = Value::String("9999-12-31T23:59:59.999999999Z".into());
    v["deployments"][0]["start"] = Value::String("9999-12-31T23:00:00+01:00".into());
    let plan = parse_plan(&v.to_string()).expect("a valid plan");
    let written = plan_to_json(&plan);
    assert!(
        written.contains("9999-12-31T23:59:59.999999999Z"),
        "{written}"
    );
    assert_eq!(parse_plan(&written).unwrap(), plan);
    trainyard_core::check(&plan);
}

#[test]
fn a_window_ending_past_the_year_9999_is_refused_at_its_duration() {
    let mut v = example_value();
    let w = &mut v["windows"][0];
    w["start"] = Value::String("9999-12-31T22:00".into());
    w["timezone"] = Value::String("UTC".into());
    w["duration"] = Value::String("PT4H".into());
    let problems = problems_of(&v.to_string());
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].path.ends_with(".duration"), "{problems:?}");
    assert!(
        problems[0]
            .message
            .contains("first occurrence ends at +10000-01-01T02:00:00Z"),
        "{problems:?}"
    );
    // Ending on the last second is fine, and the window expands without
    // overflowing near the end of the calendar.
    let w = &mut v["windows"][0];
    w["duration"] = Value::String("PT1H59M59S".into());
    let plan = parse_plan(&v.to_string()).expect("a valid plan");
    let window = &plan.windows[0];
    let from = trainyard_core::time::first_instant();
    let to = trainyard_core::time::last_instant();
    let occurrences = trainyard_core::windows::occurrences(window, from, to);
    assert!(occurrences.len() <= 1, "{occurrences:?}");
    trainyard_core::check(&plan);
}

#[test]
fn a_window_beginning_before_the_year_0000_in_utc_is_refused_at_its_start() {
    let mut v = example_value();
    let w = &mut v["windows"][0];
    w["start"] = Value::String("0000-01-01T00:00".into());
    w["timezone"] = Value::String("Asia/Tokyo".into());
    let problems = problems_of(&v.to_string());
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].path.ends_with(".start"), "{problems:?}");
    assert!(
        problems[0]
            .message
            .contains("the window begins at -0001-12-31T"),
        "{problems:?}"
    );
}

#[test]
fn a_multi_byte_character_where_a_digit_is_due_is_a_problem_not_a_panic() {
    // Found by the plan fuzz target: the time parser sliced inside a
    // character ("0\u{325}") and panicked.
    let base = "2027-01-05T10:30:00Z";
    for at in 0..=base.len() {
        for odd in ["\u{325}", "é", "東"] {
            let mut value = base.to_owned();
            value.insert_str(at, odd);
            for field in ["start", "end"] {
                let problems = deployment_problems(field, &value);
                assert!(!problems.is_empty(), "{value:?} was accepted");
            }
            let mut v = example_value();
            v["windows"][0]["start"] = Value::String(value.replacen('Z', "", 1));
            assert!(
                parse_plan(&v.to_string()).is_err(),
                "{value:?} was accepted"
            );
        }
    }
}
