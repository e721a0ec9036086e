//! The built-in demo plan (`demo/demo-plan.json`, made by `demo/generate_demo.py`):
//! its size, exactly its intended conflicts (see `demo/README.md`) and its round trip.
//!
//! Read through `include_str!` rather than `trainyard_core::demo`, so these tests
//! pin the file itself.

use trainyard_core::risk::risk_score;
use trainyard_core::{check, parse_plan, plan_to_json, DeploymentStatus, Plan, Rule, Severity};

const DEMO: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/demo/demo-plan.json"));

fn demo() -> Plan {
    parse_plan(DEMO).unwrap_or_else(|e| panic!("the demo plan is invalid: {e}"))
}

#[test]
fn the_demo_plan_parses_and_has_the_promised_size() {
    let plan = demo();
    assert_eq!(plan.timezone.name(), "Europe/Berlin");
    assert!(
        plan.services.len() >= 12,
        "{} services",
        plan.services.len()
    );
    let envs: Vec<(&str, i64)> = plan
        .environments
        .iter()
        .map(|e| (e.id.as_str(), e.order))
        .collect();
    assert_eq!(envs, [("dev", 0), ("test", 1), ("staging", 2), ("prod", 3)]);
    let prod = &plan.environments[3];
    assert!(prod.requires_window && prod.requires_approval);
    assert_eq!(prod.max_concurrent, Some(2));
    assert!(plan.trains.len() >= 2, "{} trains", plan.trains.len());
    assert!(
        (30..=40).contains(&plan.releases.len()),
        "{} releases",
        plan.releases.len()
    );
    assert!(
        (250..=400).contains(&plan.deployments.len()),
        "{} deployments",
        plan.deployments.len()
    );
    // Unicode survives: a team and an approver with non-ASCII names.
    assert!(plan
        .teams
        .iter()
        .any(|t| t.display_name() == "Zürich Payments"));
    assert!(plan
        .releases
        .iter()
        .flat_map(|r| &r.approvals)
        .any(|a| a.by == "Ingrid Ødegaard"));
}

#[test]
fn check_finds_exactly_the_intended_conflicts() {
    type Row<'a> = (
        Rule,
        Severity,
        Vec<&'a str>,
        Vec<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
    );
    let plan = demo();
    let report = check(&plan);
    let got: Vec<Row> = report
        .conflicts
        .iter()
        .map(|c| {
            assert!(c.services.is_empty(), "{c:?}");
            (
                c.rule,
                c.severity,
                c.deployments.iter().map(|d| d.as_str()).collect(),
                c.releases.iter().map(|r| r.as_str()).collect(),
                c.environment.as_ref().map(|e| e.as_str()),
                c.window.as_ref().map(|w| w.as_str()),
                c.team.as_ref().map(|t| t.as_str()),
            )
        })
        .collect();
    let want: Vec<Row> = vec![
        (
            Rule::Overlap,
            Severity::Error,
            vec![
                "one-page-checkout-1.0.0/storefront/staging",
                "storefront-3.11.0/storefront/staging",
            ],
            vec![],
            Some("staging"),
            None,
            None,
        ),
        (
            Rule::Blackout,
            Severity::Error,
            vec!["fraud-scoring-2.1.0/fraud-scoring/prod"],
            vec![],
            Some("prod"),
            Some("bo-month-end"),
            None,
        ),
        (
            Rule::Blackout,
            Severity::Warning,
            vec!["ledger-db-5.0.1/ledger-db/prod"],
            vec![],
            Some("prod"),
            Some("bo-month-end"),
            None,
        ),
        (
            Rule::OutsideWindow,
            Severity::Error,
            vec!["analytics-pipeline-3.2.0/analytics-pipeline/prod"],
            vec![],
            Some("prod"),
            None,
            None,
        ),
        (
            Rule::DependencyOrder,
            Severity::Error,
            vec![
                "api-gateway-5.4.0/api-gateway/staging",
                "mobile-bff-2.4.0/mobile-bff/staging",
            ],
            vec!["mobile-bff-2.4.0", "api-gateway-5.4.0"],
            Some("staging"),
            None,
            None,
        ),
        (
            Rule::Concurrency,
            Severity::Warning,
            vec![
                "notifications-4.2.0/notifications/prod",
                "search-6.0.0/search/prod",
                "storefront-3.12.0/storefront/prod/eu",
            ],
            vec![],
            Some("prod"),
            None,
            None,
        ),
        (
            Rule::TeamUnavailable,
            Severity::Warning,
            vec!["search-5.9.0/search/staging"],
            vec![],
            Some("staging"),
            None,
            Some("discovery"),
        ),
        (
            Rule::Unapproved,
            Severity::Error,
            vec![],
            vec!["payments-api-7.2.0"],
            Some("prod"),
            None,
            None,
        ),
    ];
    assert_eq!(got, want);
    assert_eq!(report.count(Severity::Error), 5);
    assert_eq!(report.count(Severity::Warning), 3);
}

#[test]
fn the_conflict_messages_explain_themselves() {
    let plan = demo();
    let report = check(&plan);
    let message = |rule: Rule, severity: Severity| {
        report
            .conflicts
            .iter()
            .find(|c| c.rule == rule && c.severity == severity)
            .map(|c| c.message.clone())
            .unwrap_or_else(|| panic!("no {rule:?} {severity:?}"))
    };
    for (rule, severity, needles) in [
        (
            Rule::Overlap,
            Severity::Error,
            &["Web storefront", "Staging"][..],
        ),
        (
            Rule::Blackout,
            Severity::Error,
            &[
                "Fraud scoring 2.1.0",
                "Month-end close",
                "26 Feb 2027 00:00 CET",
            ],
        ),
        (
            Rule::Blackout,
            Severity::Warning,
            &["Ledger DB 5.0.1", "Month-end close", "CEST", "waiver"],
        ),
        (
            Rule::OutsideWindow,
            Severity::Error,
            &["Analytics pipeline", "02:00 CET"],
        ),
        (
            Rule::DependencyOrder,
            Severity::Error,
            &["Mobile BFF 2.4.0", "API gateway 5.4.0", "Staging"],
        ),
        (
            Rule::Concurrency,
            Severity::Warning,
            &["Production", "limit is 2"],
        ),
        (
            Rule::TeamUnavailable,
            Severity::Warning,
            &["Search & Data", "Holi"],
        ),
        (
            Rule::Unapproved,
            Severity::Error,
            &["Payments API 7.2.0", "1 of the 2"],
        ),
    ] {
        let m = message(rule, severity);
        for needle in needles {
            assert!(m.contains(needle), "{rule:?}: {needle:?} not in {m:?}");
        }
    }
}

#[test]
fn the_history_has_outcomes_and_every_release_has_a_risk_score() {
    let plan = demo();
    for status in [
        DeploymentStatus::Succeeded,
        DeploymentStatus::Failed,
        DeploymentStatus::RolledBack,
    ] {
        assert!(
            plan.deployments.iter().any(|d| d.status() == status),
            "no {status:?} deployment"
        );
    }
    for r in &plan.releases {
        let score = risk_score(&plan, &r.id).expect("the release exists");
        assert!(score.score <= 100, "{}: {}", r.id.as_str(), score.score);
    }
}

#[test]
fn export_then_import_gives_the_same_plan_and_the_same_bytes() {
    let plan = demo();
    let json = plan_to_json(&plan);
    let again = parse_plan(&json).expect("the export is a valid plan");
    assert_eq!(again, plan);
    assert_eq!(plan_to_json(&again), json);
}
