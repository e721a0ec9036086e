//! The example plans of the spec, checked against their documented conflicts.

use trainyard_core::{check, parse_plan, plan_to_json, Rule, Severity};

pub fn example(name: &str) -> String {
    let path = format!(
        "{}/../../../shared/examples/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

#[test]
fn payments_example_has_exactly_the_three_documented_errors() {
    let plan = parse_plan(&example("payments-q1.json")).expect("the example is valid");
    let report = check(&plan);
    let got: Vec<(Rule, Vec<&str>, Vec<&str>, Option<&str>, Option<&str>)> = report
        .conflicts
        .iter()
        .map(|c| {
            assert_eq!(c.severity, Severity::Error, "{c:?}");
            (
                c.rule,
                c.deployments.iter().map(|d| d.as_str()).collect(),
                c.releases.iter().map(|d| d.as_str()).collect(),
                c.environment.as_ref().map(|e| e.as_str()),
                c.window.as_ref().map(|w| w.as_str()),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                Rule::Blackout,
                vec!["d5"],
                vec![],
                Some("prod"),
                Some("bo-monthend")
            ),
            (Rule::OutsideWindow, vec!["d5"], vec![], Some("prod"), None),
            (
                Rule::DependencyOrder,
                vec!["d2", "d4", "d5"],
                vec!["r2", "r1"],
                Some("prod"),
                None
            ),
        ]
    );
}

#[test]
fn messages_name_entities_and_use_the_plan_time_zone() {
    let plan = parse_plan(&example("payments-q1.json")).unwrap();
    let report = check(&plan);
    let blackout = report
        .conflicts
        .iter()
        .find(|c| c.rule == Rule::Blackout)
        .unwrap();
    assert!(
        blackout.message.contains("Month-end close"),
        "{}",
        blackout.message
    );
    assert!(
        blackout.message.contains("CET"),
        "times are in Europe/Berlin: {}",
        blackout.message
    );
}

#[test]
fn export_then_import_gives_the_same_plan_and_the_same_bytes() {
    let plan = parse_plan(&example("payments-q1.json")).unwrap();
    let json = plan_to_json(&plan);
    let again = parse_plan(&json).expect("the export is a valid plan");
    assert_eq!(again, plan);
    assert_eq!(plan_to_json(&again), json);
}
