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
