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
    pub gov: GovSpec,
}

/// Scope (plan, environment, service, release), target, start hour, length
/// in hours (none: open-ended), waivers allowed.
pub type HoldSpec = (u8, usize, u16, Option<u8>, bool);
/// Environment, services, holder kind (train, team, release), holder, start
/// hour, length in hours, exclusive.
pub type BookingSpec = (usize, Vec<usize>, u8, usize, u16, u8, bool);
/// Release, rules (positions in `WAIVABLE_RULES`), granted at hour, lasting hours.
pub type WaiverSpec = (usize, Vec<u8>, u16, u16);
/// Change types, environments, items, lead time hours, lead time days.
pub type TemplateSpec = (Vec<u8>, Vec<usize>, Vec<u8>, u8, u8);
/// Release, item, state (open, done, waived), done at hour.
pub type ChecklistSpec = (usize, u8, u8, u16);

/// Release governance of a generated plan: few of each, on the same hour
/// grid as the deployments, so that edges (a hold ending as a deployment
/// starts, a waiver expiring as it starts) come up often.
#[derive(Debug, Clone)]
pub struct GovSpec {
    pub holds: Vec<HoldSpec>,
    pub bookings: Vec<BookingSpec>,
    pub waivers: Vec<WaiverSpec>,
    pub templates: Vec<TemplateSpec>,
    pub checklists: Vec<ChecklistSpec>,
    /// Release, and a recorded review (true) or an explicit due hour.
    pub reviews: Vec<(usize, bool, u16)>,
}

pub fn gov_spec() -> impl proptest::strategy::Strategy<Value = GovSpec> {
    (
        prop::collection::vec(
            (
                0u8..4,
                0usize..6,
                0u16..300,
                prop::option::of(1u8..60),
                any::<bool>(),
            ),
            0..3,
        ),
        prop::collection::vec(
            (
                0usize..4,
                prop::collection::vec(0usize..6, 0..2),
                0u8..3,
                0usize..6,
                0u16..300,
                1u8..40,
                any::<bool>(),
            ),
            0..4,
        ),
        prop::collection::vec(
            (
                0usize..6,
                prop::collection::vec(0u8..5, 1..3),
                0u16..300,
                1u16..200,
            ),
            0..3,
        ),
        prop::collection::vec(
            (
                prop::collection::vec(0u8..3, 0..2),
                prop::collection::vec(0usize..4, 0..2),
                prop::collection::vec(0u8..4, 1..3),
                0u8..48,
                0u8..2,
            ),
            0..2,
        ),
        prop::collection::vec((0usize..6, 0u8..4, 0u8..3, 0u16..300), 0..6),
        prop::collection::vec((0usize..6, any::<bool>(), 0u16..400), 0..3),
    )
        .prop_map(
            |(holds, bookings, waivers, templates, checklists, reviews)| GovSpec {
                holds,
                bookings,
                waivers,
                templates,
                checklists,
                reviews,
            },
        )
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
        gov_spec(),
    )
        .prop_map(
            |(envs, services, releases, windows, unavailable, deployments, outcomes, gov)| {
                PlanSpec {
                    envs,
                    services,
                    releases,
                    windows,
                    unavailable,
                    deployments,
                    outcomes,
                    gov,
                }
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
    for i in 0..2 {
        plan.trains.push(Train {
            id: TrainId(format!("tr{i}")),
            name: None,
            rrule: None,
            start: None,
            freeze: None,
            x: None,
        });
    }
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
            // Two trains of three releases, for bookings held by a train.
            train: (i % 3 < 2).then(|| TrainId(format!("tr{}", i % 3))),
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
            governance: ReleaseGovernance::default(),
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
    add_governance(&mut plan, &spec.gov);
    plan
}

fn add_governance(plan: &mut Plan, g: &GovSpec) {
    let t0 = base();
    let hour = |h: u16| t0 + Duration::hours(h.into());
    let (ne, ns, nr) = (
        plan.environments.len(),
        plan.services.len(),
        plan.releases.len(),
    );
    for (i, &(scope, target, from, len, allow)) in g.holds.iter().enumerate() {
        plan.holds.push(Hold {
            id: HoldId(format!("h{i}")),
            scope: match scope {
                0 => HoldScope::Plan,
                1 => HoldScope::Environment(EnvironmentId(format!("e{}", target % ne))),
                2 => HoldScope::Service(ServiceId(format!("s{}", target % ns))),
                _ => HoldScope::Release(ReleaseId(format!("r{}", target % nr))),
            },
            reason: None,
            by: None,
            from: hour(from),
            until: len.map(|l| hour(from + u16::from(l))),
            allow_waiver: allow,
            x: None,
        });
    }
    for (i, (env, services, kind, holder, from, len, exclusive)) in g.bookings.iter().enumerate() {
        plan.bookings.push(Booking {
            id: BookingId(format!("b{i}")),
            environment: EnvironmentId(format!("e{}", env % ne)),
            services: services
                .iter()
                .map(|s| ServiceId(format!("s{}", s % ns)))
                .collect(),
            holder: match kind {
                0 => Holder::Train(TrainId(format!("tr{}", holder % 2))),
                1 => Holder::Team(TeamId(format!("t{}", holder % 2))),
                _ => Holder::Release(ReleaseId(format!("r{}", holder % nr))),
            },
            from: hour(*from),
            until: hour(from + u16::from(*len)),
            exclusive: *exclusive,
            note: None,
            x: None,
        });
    }
    for (i, (release, rules, granted, lasting)) in g.waivers.iter().enumerate() {
        let mut rules: Vec<Rule> = rules
            .iter()
            .map(|&r| plan::WAIVABLE_RULES[usize::from(r)])
            .collect();
        rules.dedup();
        plan.waivers.push(Waiver {
            id: WaiverId(format!("w{i}")),
            release: ReleaseId(format!("r{}", release % nr)),
            rules,
            granted_by: "cab".into(),
            reason: None,
            granted_at: hour(*granted),
            expires: hour(granted + lasting),
            x: None,
        });
    }
    for (i, (cts, envs, items, hours, days)) in g.templates.iter().enumerate() {
        let mut items: Vec<u8> = items.clone();
        items.sort_unstable();
        items.dedup();
        plan.readiness_templates.push(ReadinessTemplate {
            id: TemplateId(format!("rt{i}")),
            name: None,
            change_types: {
                let mut c: Vec<ChangeType> = cts
                    .iter()
                    .map(|&c| ChangeType::ALL[usize::from(c)])
                    .collect();
                c.sort();
                c.dedup();
                c
            },
            environments: envs
                .iter()
                .map(|e| EnvironmentId(format!("e{}", e % ne)))
                .collect(),
            items: items
                .iter()
                .map(|k| TemplateItem {
                    id: format!("i{k}"),
                    title: format!("item {k}"),
                    x: None,
                })
                .collect(),
            lead_time: time::NominalDuration {
                days: i64::from(*days),
                seconds: i64::from(*hours) * 3600,
            },
            x: None,
        });
    }
    for &(release, recorded, due) in &g.reviews {
        let r = &mut plan.releases[release % nr];
        if recorded {
            r.governance.review = Some(Review {
                by: "sre".into(),
                recorded_at: hour(due),
                summary: "reviewed".into(),
                root_cause: None,
                follow_ups: vec![],
                x: None,
            });
        } else {
            r.governance.review_due = Some(hour(due));
        }
    }
    for &(release, item, state, at) in &g.checklists {
        let r = &mut plan.releases[release % nr];
        let id = format!("i{item}");
        if r.governance.readiness.iter().any(|i| i.id == id) {
            continue;
        }
        let state = ItemState::ALL[usize::from(state)];
        r.governance.readiness.push(ReadinessItem {
            id,
            title: None,
            owner: None,
            state,
            done_at: (state != ItemState::Open).then(|| hour(at)),
            note: None,
            x: None,
        });
    }
}
