//! Random plans for property tests: small, dense in time (hour granularity, so
//! endpoints often coincide) and rich in the situations the rules look at.

use chrono::{Duration, TimeZone, Utc};
use proptest::prelude::{any, prop};
use proptest::strategy::Strategy as _;
use trainyard_core::*;

/// Order, requires a window, max concurrent, requires approval.
pub type EnvSpec = (i64, bool, Option<u32>, bool);
/// Team, tier, holds financial data, dependencies.
pub type ServiceSpec = (Option<usize>, u8, bool, Vec<usize>);
/// Change type, status, dependencies, approvals.
pub type ReleaseSpec = (u8, u8, Vec<usize>, Vec<(u8, bool)>);
/// Blackout or not, rule shape, start hour, length in hours, unused,
/// environments, services, emergencies allowed.
pub type WindowSpec = (bool, u8, u8, u8, u8, Vec<usize>, Vec<usize>, bool);

#[derive(Debug, Clone)]
pub struct PlanSpec {
    pub envs: Vec<EnvSpec>,
    pub services: Vec<ServiceSpec>,
    pub releases: Vec<ReleaseSpec>,
    pub windows: Vec<WindowSpec>,
    pub unavailable: Vec<(u8, u8)>,
    pub deployments: Vec<(usize, usize, usize, u16, u8, u8)>,
    /// Per deployment (by position), what happened: kind (0–3 nothing
    /// recorded, 4 succeeded, 5 failed, 6 rolled back, 7 still running),
    /// hours from the planned start to the actual start, hours it ran.
    pub outcomes: Vec<(u8, i8, u8)>,
}

pub fn plan_spec() -> impl proptest::strategy::Strategy<Value = PlanSpec> {
    (
        prop::collection::vec(
            (
                -1i64..3,
                any::<bool>(),
                prop::option::of(1u32..3),
                any::<bool>(),
            ),
            1..4,
        ),
        prop::collection::vec(
            (
                prop::option::of(0usize..2),
                1u8..5,
                any::<bool>(),
                prop::collection::vec(0usize..6, 0..3),
            ),
            1..6,
        ),
        prop::collection::vec(
            (
                0u8..3,
                0u8..9,
                prop::collection::vec(0usize..6, 0..3),
                prop::collection::vec((0u8..4, any::<bool>()), 0..3),
            ),
            1..6,
        ),
        prop::collection::vec(
            (
                any::<bool>(),
                0u8..4,
                0u8..48,
                1u8..30,
                0u8..24,
                prop::collection::vec(0usize..4, 0..2),
                prop::collection::vec(0usize..6, 0..2),
                any::<bool>(),
            ),
            0..4,
        ),
        prop::collection::vec((0u8..200, 1u8..30), 0..3),
        prop::collection::vec(
            (0usize..6, 0usize..6, 0usize..4, 0u16..300, 1u8..12, 0u8..8),
            0..40,
        ),
        prop::collection::vec((0u8..8, -3i8..6, 0u8..8), 0..40),
    )
        .prop_map(
            |(envs, services, releases, windows, unavailable, deployments, outcomes)| PlanSpec {
                envs,
                services,
                releases,
                windows,
                unavailable,
                deployments,
                outcomes,
            },
        )
}

pub fn base() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 3, 22, 0, 0, 0)
        .single()
        .expect("valid base instant")
}

pub fn build(spec: &PlanSpec) -> Plan {
    let t0 = base();
    let tz: chrono_tz::Tz = "Europe/Berlin".parse().expect("known zone");
    let mut plan = Plan {
        name: Some("generated".into()),
        timezone: tz,
        ..Plan::default()
    };
    for (i, &(order, rw, mc, ra)) in spec.envs.iter().enumerate() {
        plan.environments.push(Environment {
            id: EnvironmentId(format!("e{i}")),
            name: None,
            order,
            requires_window: rw,
            max_concurrent: mc,
            requires_approval: ra,
            gate: None,
            x: None,
        });
    }
    plan.teams.push(Team {
        id: TeamId("t0".into()),
        name: None,
        timezone: None,
        unavailable: spec
            .unavailable
            .iter()
            .map(|&(s, l)| Unavailability {
                start: t0 + Duration::hours(s.into()),
                end: t0 + Duration::hours(i64::from(s) + i64::from(l)),
                reason: None,
                x: None,
            })
            .collect(),
        x: None,
    });
    plan.teams.push(Team {
        id: TeamId("t1".into()),
        name: None,
        timezone: None,
        unavailable: vec![],
        x: None,
    });
    let ns = spec.services.len();
    for (i, (team, tier, sensitive, deps)) in spec.services.iter().enumerate() {
        plan.services.push(Service {
            id: ServiceId(format!("s{i}")),
            name: None,
            team: team.map(|t| TeamId(format!("t{t}"))),
            tier: Some(*tier),
            data_classes: if *sensitive {
                vec!["financial".into()]
            } else {
                vec![]
            },
            depends_on: deps
                .iter()
                .filter(|&&d| d < ns)
                .map(|d| ServiceId(format!("s{d}")))
                .collect(),
            x: None,
        });
    }
    let nr = spec.releases.len();
    for (i, (ct, status, deps, approvals)) in spec.releases.iter().enumerate() {
        plan.releases.push(Release {
            id: ReleaseId(format!("r{i}")),
            name: None,
            version: None,
            train: None,
            owner: None,
            change_type: ChangeType::ALL[usize::from(*ct)],
            status: ReleaseStatus::ALL.get(usize::from(*status)).copied(),
            depends_on: deps
                .iter()
                .filter(|&&d| d < nr)
                .map(|d| ReleaseId(format!("r{d}")))
                .collect(),
            approvals: approvals
                .iter()
                .map(|&(by, ok)| Approval {
                    by: format!("p{by}"),
                    role: None,
                    decision: if ok || by > 0 {
                        Decision::Approved
                    } else {
                        Decision::Rejected
                    },
                    at: None,
                    comment: None,
                    x: None,
                })
                .collect(),
            description: None,
            rollback_plan: None,
            success_criteria: None,
            known_issues: None,
            x: None,
        });
    }
    let ne = spec.envs.len();
    for (i, (blackout, rule, start_h, len_h, _, envs, svcs, allow)) in
        spec.windows.iter().enumerate()
    {
        let rrule = match rule {
            0 => None,
            1 => Some("FREQ=DAILY"),
            2 => Some("FREQ=WEEKLY;BYDAY=MO,WE,FR"),
            _ => Some("FREQ=DAILY;INTERVAL=2;COUNT=5"),
        };
        let local = (t0 + Duration::hours((*start_h).into())).naive_utc();
        plan.windows.push(Window {
            id: WindowId(format!("w{i}")),
            kind: if *blackout {
                WindowKind::Blackout
            } else {
                WindowKind::Maintenance
            },
            name: None,
            scope: Scope {
                environments: envs
                    .iter()
                    .filter(|&&e| e < ne)
                    .map(|e| EnvironmentId(format!("e{e}")))
                    .collect(),
                services: svcs
                    .iter()
                    .filter(|&&s| s < ns)
                    .map(|s| ServiceId(format!("s{s}")))
                    .collect(),
                x: None,
            },
            start: local,
            duration: time::NominalDuration {
                days: 0,
                seconds: i64::from(*len_h) * 3600,
            },
            timezone: tz,
            rrule: rrule.map(|r| r.parse().expect("valid rule")),
            exdates: vec![],
            allow_emergency: *allow,
            x: None,
        });
    }
    for (i, &(r, s, e, start_h, len_h, status)) in spec.deployments.iter().enumerate() {
        let start = t0 + Duration::hours(start_h.into());
        plan.deployments.push(Deployment {
            id: DeploymentId(format!("d{i}")),
            release: ReleaseId(format!("r{}", r % nr)),
            service: ServiceId(format!("s{}", s % ns)),
            environment: EnvironmentId(format!("e{}", e % ne)),
            start,
            end: start + Duration::hours(len_h.into()),
            strategy: None,
            wave: None,
            status: DeploymentStatus::ALL.get(usize::from(status)).copied(),
            outcome: spec.outcomes.get(i).and_then(|&(kind, delay_h, ran_h)| {
                let result = match kind {
                    4 => Some(OutcomeResult::Succeeded),
                    5 => Some(OutcomeResult::Failed),
                    6 => Some(OutcomeResult::RolledBack),
                    7 => None,
                    _ => return None,
                };
                let started = start + Duration::hours(delay_h.into());
                Some(Outcome {
                    started,
                    finished: result.map(|_| started + Duration::hours(ran_h.into())),
                    result,
                    incidents: vec![],
                    x: None,
                })
            }),
            x: None,
        });
    }
    plan
}
