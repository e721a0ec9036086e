//! Dependency graphs on long chains, and properties of the risk score.

use proptest::prelude::*;
use trainyard_core::graph::DependencyGraph;
use trainyard_core::risk::{risk_score, risk_scores};
use trainyard_core::*;

use crate::gen::{build, plan_spec};

fn chain(n: usize, close_loop: bool) -> Plan {
    let mut plan = Plan::default();
    for i in 0..n {
        let next = if i + 1 < n {
            Some(i + 1)
        } else if close_loop {
            Some(0)
        } else {
            None
        };
        plan.services.push(Service {
            id: ServiceId(format!("s{i}")),
            name: None,
            team: None,
            tier: None,
            data_classes: vec![],
            depends_on: next
                .map(|j| ServiceId(format!("s{j}")))
                .into_iter()
                .collect(),
            x: None,
        });
    }
    plan
}

#[test]
fn a_million_long_dependency_chain_gives_a_result_not_a_stack_overflow() {
    let plan = chain(1_000_000, false);
    let g = DependencyGraph::services(&plan);
    assert!(g.cycles().is_empty());
    assert_eq!(g.dependents_of(["s999999"]).len(), 999_999);
    let report = check(&plan);
    assert!(report.conflicts.is_empty());
}

#[test]
fn a_million_long_loop_is_one_cycle_conflict() {
    let plan = chain(1_000_000, true);
    let report = check(&plan);
    assert_eq!(report.conflicts.len(), 1);
    assert_eq!(report.conflicts[0].rule, Rule::DependencyCycle);
    assert_eq!(report.conflicts[0].services.len(), 1_000_000);
}

#[test]
fn a_self_dependency_is_a_cycle_of_one_and_nothing_else() {
    let mut plan = chain(2, false);
    plan.services[0].depends_on = vec![ServiceId("s0".into())];
    let report = check(&plan);
    assert_eq!(report.conflicts.len(), 1);
    assert_eq!(report.conflicts[0].services, vec![ServiceId("s0".into())]);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn the_score_is_the_sum_of_its_factors_and_at_most_100(spec in plan_spec()) {
        let plan = build(&spec);
        for r in &plan.releases {
            let s = risk_score(&plan, &r.id).unwrap();
            prop_assert_eq!(s.score, s.factors.iter().map(|f| f.points).sum::<u32>());
            prop_assert!(s.score <= 100);
            prop_assert!(s.factors.iter().all(|f| f.points <= f.max));
            prop_assert_eq!(s.factors.iter().map(|f| f.max).sum::<u32>(), 100);
        }
    }

    #[test]
    fn a_riskier_change_type_never_lowers_the_score(spec in plan_spec()) {
        let plan = build(&spec);
        for (i, r) in plan.releases.iter().enumerate() {
            let mut scores = vec![];
            for ct in ChangeType::ALL {
                let mut p = plan.clone();
                p.releases[i].change_type = ct;
                scores.push(risk_score(&p, &r.id).unwrap().score);
            }
            prop_assert!(scores.windows(2).all(|w| w[0] <= w[1]), "{:?}", scores);
        }
    }

    #[test]
    fn more_critical_services_and_more_dependents_never_lower_the_score(spec in plan_spec(), s in 0usize..6, extra in 0usize..6) {
        let plan = build(&spec);
        let s = s % plan.services.len();
        let extra = extra % plan.services.len();
        let mut critical = plan.clone();
        critical.services[s].tier = Some(critical.services[s].tier().saturating_sub(1).max(1));
        let mut wider = plan.clone();
        let dep = wider.services[s].id.clone();
        if !wider.services[extra].depends_on.contains(&dep) {
            wider.services[extra].depends_on.push(dep);
        }
        for r in &plan.releases {
            let base = risk_score(&plan, &r.id).unwrap().score;
            prop_assert!(risk_score(&critical, &r.id).unwrap().score >= base);
            prop_assert!(risk_score(&wider, &r.id).unwrap().score >= base);
        }
    }
}

#[test]
fn approval_needs_follow_the_policy_per_environment_in_promotion_order() {
    let plan = trainyard_core::parse_plan(
        r#"{
      "environments": [
        {"id": "prod", "order": 3, "requires_approval": true},
        {"id": "staging", "order": 2, "requires_approval": true},
        {"id": "dev", "order": 1}
      ],
      "services": [
        {"id": "ledger", "data_classes": ["financial"]},
        {"id": "web"}
      ],
      "releases": [
        {"id": "r", "change_type": "normal"},
        {"id": "gone", "change_type": "normal", "status": "cancelled"}
      ],
      "deployments": [
        {"id": "a", "release": "r", "service": "web", "environment": "staging",
         "start": "2027-01-05T10:00:00Z", "end": "2027-01-05T11:00:00Z"},
        {"id": "b", "release": "r", "service": "web", "environment": "prod",
         "start": "2027-01-06T10:00:00Z", "end": "2027-01-06T11:00:00Z"},
        {"id": "c", "release": "r", "service": "ledger", "environment": "prod",
         "start": "2027-01-06T10:00:00Z", "end": "2027-01-06T11:00:00Z"},
        {"id": "d", "release": "r", "service": "ledger", "environment": "staging",
         "start": "2027-01-05T12:00:00Z", "end": "2027-01-05T13:00:00Z", "status": "rolled_back"},
        {"id": "e", "release": "r", "service": "web", "environment": "dev",
         "start": "2027-01-04T10:00:00Z", "end": "2027-01-04T11:00:00Z"},
        {"id": "f", "release": "gone", "service": "ledger", "environment": "prod",
         "start": "2027-01-07T10:00:00Z", "end": "2027-01-07T11:00:00Z"}
      ]
    }"#,
    )
    .expect("valid plan");
    let release = plan.release("r").expect("release r");
    let needs = plan.approval_needs(release);
    let needs: Vec<(&str, u32, bool)> = needs
        .iter()
        .map(|n| (n.environment.as_str(), n.required, n.sensitive))
        .collect();
    // Staging only deploys web (the ledger deployment was rolled back): one
    // approval; prod touches the ledger's financial data: two. Dev needs none.
    assert_eq!(needs, vec![("staging", 1, false), ("prod", 2, true)]);
    let cancelled = plan.release("gone").expect("release gone");
    assert!(plan.approval_needs(cancelled).is_empty());
}

/// `n` releases, each depending on the next, each deploying one of a few
/// services owned by two teams, the older ones finished (some failed).
fn release_chain(n: usize) -> Plan {
    let mut plan = trainyard_core::demo::demo_plan();
    let services: Vec<ServiceId> = plan.services.iter().map(|s| s.id.clone()).collect();
    let envs: Vec<EnvironmentId> = plan.environments.iter().map(|e| e.id.clone()).collect();
    let base = plan.deployments[0].start;
    let mut releases = vec![];
    let mut deployments = vec![];
    for i in 0..n {
        let mut r = plan.releases[i % plan.releases.len()].clone();
        r.id = ReleaseId(format!("chain-{i}"));
        r.depends_on = if i + 1 < n {
            vec![ReleaseId(format!("chain-{}", i + 1))]
        } else {
            vec![]
        };
        // Statuses, strategies and teams vary as the demo's do.
        let mut d = plan.deployments[i % plan.deployments.len()].clone();
        d.id = DeploymentId(format!("chain-d{i}"));
        d.release = r.id.clone();
        d.service = services[i % services.len()].clone();
        d.environment = envs[i % envs.len()].clone();
        d.start = base + chrono::Duration::hours(i as i64);
        d.end = d.start + chrono::Duration::minutes(30);
        releases.push(r);
        deployments.push(d);
    }
    plan.releases.extend(releases);
    plan.deployments.extend(deployments);
    plan
}

#[test]
fn scoring_every_release_at_once_gives_each_release_its_own_score() {
    let plan = release_chain(300);
    let all = risk_scores(&plan);
    assert_eq!(all.len(), plan.releases.len());
    for (r, score) in plan.releases.iter().zip(&all) {
        assert_eq!(Some(score), risk_score(&plan, &r.id).as_ref(), "{}", r.id.0);
    }
}

#[test]
fn an_80k_release_chain_is_scored_in_one_pass() {
    let plan = release_chain(80_000);
    let all = risk_scores(&plan);
    assert_eq!(all.len(), plan.releases.len());
    for i in [0, 1, 40_000, plan.releases.len() - 1] {
        let r = &plan.releases[i].id;
        assert_eq!(Some(&all[i]), risk_score(&plan, r).as_ref(), "{}", r.0);
        let release = &plan.releases[i];
        let mine: Vec<&Deployment> = plan
            .deployments
            .iter()
            .rev()
            .filter(|d| d.release == release.id)
            .collect();
        assert_eq!(
            plan.approval_needs_among(release, &mine),
            plan.approval_needs(release)
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 100, ..ProptestConfig::default() })]

    #[test]
    fn every_score_at_once_equals_each_score_alone(spec in plan_spec()) {
        let plan = build(&spec);
        let all = risk_scores(&plan);
        prop_assert_eq!(all.len(), plan.releases.len());
        for (r, score) in plan.releases.iter().zip(&all) {
            prop_assert_eq!(Some(score.clone()), risk_score(&plan, &r.id));
        }
    }
}
