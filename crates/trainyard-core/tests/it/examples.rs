//! The example plans of `docs/examples`, checked against their documented
//! conflicts: each plan's report must equal the expected report committed
//! beside it, so the examples the documentation shows cannot drift from what
//! the engine does.

use std::path::{Path, PathBuf};

use trainyard_core::{check, check_as_of, parse_plan, plan_to_json, Plan, Report, Rule, Severity};

/// `docs/examples` of the repository.
fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/examples")
}

pub fn example(name: &str) -> String {
    let path = examples_dir().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Every example plan (`*.json` but not `*.expected.json`), by file name.
fn example_plans() -> Vec<String> {
    let dir = examples_dir();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| {
            let entry = entry.unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
            entry.file_name().to_string_lossy().into_owned()
        })
        .filter(|name| name.ends_with(".json") && !name.ends_with(".expected.json"))
        .collect();
    names.sort();
    names
}

/// Examples whose report is checked at a reference time (`trainyard check
/// PLAN --as-of INSTANT`), as `docs/examples/README.md` says.
const AS_OF: &[(&str, &str)] = &[("review-overdue.json", "2027-03-25T00:00:00Z")];

/// The example's report, at its reference time if it has one.
fn report_of(plan: &Plan, name: &str) -> Report {
    match AS_OF.iter().find(|(n, _)| *n == name) {
        Some((_, t)) => check_as_of(plan, trainyard_core::time::parse_instant(t).unwrap()),
        None => check(plan),
    }
}

/// The report exactly as `trainyard check PLAN --format json` prints it.
fn report_text(plan_text: &str, name: &str) -> String {
    let plan = parse_plan(plan_text).unwrap_or_else(|e| panic!("{name} is not a valid plan: {e}"));
    let mut text = serde_json::to_string_pretty(&report_of(&plan, name)).expect("a report is JSON");
    text.push('\n');
    text
}

#[test]
fn every_example_plan_gives_the_report_committed_beside_it() {
    let plans = example_plans();
    assert!(!plans.is_empty(), "no example plans in docs/examples");
    for name in plans {
        let expected_name = name.replace(".json", ".expected.json");
        let expected_path = examples_dir().join(&expected_name);
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_else(|e| {
            panic!(
                "{name} has no expected report {expected_name} beside it ({e}); write it with \
                 `trainyard check docs/examples/{name} --format json > docs/examples/{expected_name}` \
                 and read it before committing"
            )
        });
        let got = report_text(&example(&name), &name);
        assert!(
            got == expected,
            "the report of {name} differs from {expected_name}\n--- expected\n{expected}\n--- got\n{got}"
        );
    }
}

#[test]
fn every_rule_has_an_example_named_after_it_that_raises_it() {
    for rule in Rule::ALL {
        let name = format!("{}.json", rule.as_str());
        let plan = parse_plan(&example(&name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let report = report_of(&plan, &name);
        assert!(
            report.conflicts.iter().any(|c| c.rule == rule),
            "{name} raises no {} conflict: {report:?}",
            rule.as_str()
        );
    }
}

#[test]
fn payments_example_has_exactly_the_three_documented_errors() {
    let plan = parse_plan(&example("payments-q1.json")).expect("the example is valid");
    let report = check(&plan);
    /// Rule, deployments, releases, environment, window.
    type Seen<'a> = (
        Rule,
        Vec<&'a str>,
        Vec<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
    );
    let got: Vec<Seen> = report
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
