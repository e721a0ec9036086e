//! Deployments far in the future or lasting for millennia: the window rules
//! look at the occurrences around each deployment (and at most its first 100
//! years), so such plans give their documented report instead of expanding
//! every window occurrence from the first deployment to the year 9999.

use trainyard_core::reference::{identities, naive_check};
use trainyard_core::*;

/// A daily night window and a month-end blackout; `d-now` in 2027, `d-far` in
/// the last days of 9999 and `d-long` from 2027 until then.
const PLAN: &str = r#"{
  "format": "trainyard-plan",
  "version": 1,
  "name": "One deployment ending in 9999",
  "timezone": "Europe/Berlin",
  "environments": [{"id": "prod", "name": "Production", "order": 3, "requires_window": true}],
  "services": [{"id": "ledger", "name": "Ledger DB"}],
  "windows": [
    {"id": "mw-nightly", "kind": "maintenance", "name": "Nightly window",
     "start": "2027-01-01T22:00", "duration": "PT4H", "timezone": "Europe/Berlin",
     "rrule": "FREQ=DAILY"},
    {"id": "bo-monthend", "kind": "blackout", "name": "Month-end close",
     "start": "2027-01-31T00:00", "duration": "P1D", "timezone": "Europe/Berlin",
     "rrule": "FREQ=MONTHLY;BYMONTHDAY=-1"}
  ],
  "releases": [{"id": "r1", "name": "Ledger 4.3", "change_type": "normal"}],
  "deployments": [
    {"id": "d-now", "release": "r1", "service": "ledger", "environment": "prod",
     "start": "2027-02-02T22:00:00Z", "end": "2027-02-02T23:00:00Z"},
    {"id": "d-far", "release": "r1", "service": "ledger", "environment": "prod",
     "start": "9999-12-30T22:00:00Z", "end": "9999-12-31T00:00:00Z"},
    {"id": "d-long", "release": "r1", "service": "ledger", "environment": "prod",
     "start": "2027-03-02T22:00:00Z", "end": "9999-12-31T00:00:00Z"}
  ]
}"#;

/// (rule, deployments, window, evidence intervals) of one conflict.
type Seen = (Rule, Vec<String>, Option<String>, Vec<String>);

fn seen(report: &Report) -> Vec<Seen> {
    report
        .conflicts
        .iter()
        .map(|c| {
            let evidence = c
                .evidence
                .iter()
                .filter_map(|e| match e {
                    Evidence::WindowOccurrence { start, end, .. }
                    | Evidence::Uncovered { start, end } => Some(format!("{start}/{end}")),
                    _ => None,
                })
                .collect();
            (
                c.rule,
                c.deployments.iter().map(|d| d.0.clone()).collect(),
                c.window.as_ref().map(|w| w.0.clone()),
                evidence,
            )
        })
        .collect()
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn a_deployment_ending_in_9999_gets_the_conflicts_of_its_own_time() {
    let plan = parse_plan(PLAN).expect("the plan is valid");
    let report = check(&plan);
    let expected: Vec<Seen> = vec![
        (Rule::Overlap, strings(&["d-far", "d-long"]), None, vec![]),
        // The last month-end of 9999 begins at midnight in Berlin.
        (
            Rule::Blackout,
            strings(&["d-far"]),
            Some("bo-monthend".into()),
            strings(&["9999-12-30T23:00:00Z/9999-12-31T23:00:00Z"]),
        ),
        // Over millennia: the first three month-ends are the evidence.
        (
            Rule::Blackout,
            strings(&["d-long"]),
            Some("bo-monthend".into()),
            strings(&[
                "2027-03-30T22:00:00Z/2027-03-31T22:00:00Z",
                "2027-04-29T22:00:00Z/2027-04-30T22:00:00Z",
                "2027-05-30T22:00:00Z/2027-05-31T22:00:00Z",
            ]),
        ),
        // The first uncovered stretch: the night window closes at 02:00.
        (
            Rule::OutsideWindow,
            strings(&["d-long"]),
            None,
            strings(&["2027-03-03T01:00:00Z/2027-03-03T21:00:00Z"]),
        ),
    ];
    assert_eq!(seen(&report), expected);
    assert_eq!(identities(&report.conflicts), naive_check(&plan));
}

#[test]
fn a_deployment_covered_for_its_first_century_is_reported_from_there_on() {
    // A window open all day every day covers any deployment, but only the
    // first 100 years of one are examined: the rest counts as uncovered.
    let text = PLAN
        .replace("\"duration\": \"PT4H\"", "\"duration\": \"P1D\"")
        .replace(
            "\"start\": \"2027-01-01T22:00\"",
            "\"start\": \"2027-01-01T00:00\"",
        );
    let plan = parse_plan(&text).expect("the plan is valid");
    let report = check(&plan);
    let outside: Vec<&Conflict> = report
        .conflicts
        .iter()
        .filter(|c| c.rule == Rule::OutsideWindow)
        .collect();
    assert_eq!(outside.len(), 1, "{outside:?}");
    let c = outside[0];
    assert_eq!(c.deployments, vec![DeploymentId("d-long".into())]);
    assert_eq!(
        c.evidence,
        vec![Evidence::Uncovered {
            start: "2127-03-03T22:00:00Z".into(),
            end: "9999-12-31T00:00:00Z".into(),
        }]
    );
    assert!(
        c.message
            .contains("first 36,525 days (about 100 years) only"),
        "{}",
        c.message
    );
    assert_eq!(identities(&report.conflicts), naive_check(&plan));
}

#[test]
fn moving_a_deployment_to_9999_and_back_matches_a_full_check() {
    let plan = parse_plan(PLAN).expect("the plan is valid");
    let mut checker = Checker::new(&plan);
    let id = DeploymentId("d-now".into());
    let env = EnvironmentId("prod".into());
    let at = |s: &str| s.parse::<time::Instant>().expect("an instant");
    let moves = [
        ("9999-06-30T20:00:00Z", "9999-06-30T23:00:00Z"),
        ("2027-02-26T22:00:00Z", "2027-02-28T23:00:00Z"),
        ("5000-01-01T00:00:00Z", "5000-01-02T00:00:00Z"),
    ];
    let mut moved = plan.clone();
    for (start, end) in moves {
        checker
            .move_deployment(&id, at(start), at(end), &env)
            .expect("a valid move");
        let d = moved
            .deployments
            .iter_mut()
            .find(|d| d.id == id)
            .expect("d-now");
        d.start = at(start);
        d.end = at(end);
        assert_eq!(checker.report(), check(&moved), "after moving to {start}");
    }
}
