//! A generated plan of any size, for the benchmark, the tests and demos: the
//! same `releases` always gives the same plan. It has what makes reports hard:
//! a year of deployments, recurring windows in three zones (one across DST),
//! dependencies, sensitive services, missing rollback plans, long texts and
//! some conflicts.

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use trainyard_core::rrule::RRule;
use trainyard_core::time::{resolve_local, NominalDuration};
use trainyard_core::*;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const AREAS: [&str; 12] = [
    "Billing",
    "Ledger",
    "Payments",
    "Checkout",
    "Identity",
    "Search",
    "Catalog",
    "Notifications",
    "Reporting",
    "Fraud",
    "Onboarding",
    "Settlement",
];
const SERVICES: [(&str, &str); 16] = [
    ("ledger", "Ledger DB"),
    ("payments", "Payments API"),
    ("billing", "Billing service"),
    ("checkout", "Checkout web"),
    ("identity", "Identity provider"),
    ("search", "Search cluster"),
    ("catalog", "Product catalog"),
    ("notify", "Notification hub"),
    ("reporting", "Reporting warehouse"),
    ("fraud", "Fraud scoring"),
    ("onboarding", "Onboarding portal"),
    ("settlement", "Settlement batch"),
    ("gateway", "API gateway"),
    ("mobile-bff", "Mobile backend"),
    ("zurich-sync", "Zürich branch sync"),
    ("audit-log", "Audit log"),
];

fn rule(s: &str) -> Option<RRule> {
    s.parse().ok()
}

fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap_or_default()
        .and_hms_opt(h, min, 0)
        .unwrap_or_default()
}

/// A plan with `releases` releases (deployments to staging and production
/// spread over about 1.6 days per release from January 2027).
pub fn generated_plan(releases: usize) -> Plan {
    let mut rng = Rng(0x7472_6169_6e79_6172 ^ releases as u64);
    let tz = chrono_tz::Europe::Berlin;
    let mut plan = Plan {
        name: Some(format!("Generated platform plan, {releases} releases")),
        timezone: tz,
        ..Plan::default()
    };
    plan.environments = vec![
        Environment {
            id: "dev".into(),
            name: Some("Development".into()),
            order: 1,
            requires_window: false,
            max_concurrent: None,
            requires_approval: false,
            gate: None,
            x: None,
        },
        Environment {
            id: "staging".into(),
            name: Some("Staging".into()),
            order: 2,
            requires_window: false,
            max_concurrent: Some(4),
            requires_approval: false,
            gate: None,
            x: None,
        },
        Environment {
            id: "prod".into(),
            name: Some("Production".into()),
            order: 3,
            requires_window: true,
            max_concurrent: Some(3),
            requires_approval: true,
            gate: None,
            x: None,
        },
    ];
    for (id, name, zone) in [
        ("pay", "Payments team", "America/New_York"),
        ("core", "Core platform", "Europe/Berlin"),
        ("web", "Web & mobile", "Europe/Oslo"),
        ("data", "Data (Ødegaard)", "Asia/Kolkata"),
    ] {
        plan.teams.push(Team {
            id: id.into(),
            name: Some(name.into()),
            timezone: zone.parse().ok(),
            unavailable: vec![],
            x: None,
        });
    }
    plan.teams[0].unavailable.push(Unavailability {
        start: Utc
            .with_ymd_and_hms(2027, 7, 5, 0, 0, 0)
            .single()
            .unwrap_or_default(),
        end: Utc
            .with_ymd_and_hms(2027, 7, 6, 0, 0, 0)
            .single()
            .unwrap_or_default(),
        reason: Some("Independence Day".into()),
        x: None,
    });
    let teams = ["pay", "core", "web", "data"];
    for (i, (id, name)) in SERVICES.iter().enumerate() {
        let mut depends_on = vec![];
        if i > 0 {
            depends_on.push(ServiceId::from(SERVICES[rng.below(i)].0));
        }
        if i > 3 && rng.chance(40) {
            let d = ServiceId::from(SERVICES[rng.below(i)].0);
            if !depends_on.contains(&d) {
                depends_on.push(d);
            }
        }
        plan.services.push(Service {
            id: (*id).into(),
            name: Some((*name).into()),
            team: Some(teams[i % teams.len()].into()),
            tier: Some(1 + (i % 4) as u8),
            data_classes: match i % 5 {
                0 => vec!["financial".into()],
                3 => vec!["customer".into()],
                _ => vec![],
            },
            depends_on,
            x: None,
        });
    }
    plan.trains.push(Train {
        id: "t-main".into(),
        name: Some("Main train".into()),
        rrule: rule("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
        start: Some(local(2027, 1, 5, 10, 0)),
        freeze: Some(NominalDuration {
            days: 2,
            seconds: 0,
        }),
        x: None,
    });
    let window = |id: &str,
                  kind,
                  name: &str,
                  envs: &[&str],
                  services: &[&str],
                  start,
                  dur: NominalDuration,
                  zone: &str,
                  rr: Option<&str>| Window {
        id: id.into(),
        kind,
        name: Some(name.into()),
        scope: Scope {
            environments: envs.iter().map(|e| (*e).into()).collect(),
            services: services.iter().map(|s| (*s).into()).collect(),
            x: None,
        },
        start,
        duration: dur,
        timezone: zone.parse().unwrap_or(chrono_tz::UTC),
        rrule: rr.and_then(rule),
        exdates: vec![],
        allow_emergency: false,
        x: None,
    };
    let hours = |h: i64| NominalDuration {
        days: 0,
        seconds: h * 3600,
    };
    let days = |d: i64| NominalDuration {
        days: d,
        seconds: 0,
    };
    let mut mw = window(
        "mw-prod",
        WindowKind::Maintenance,
        "Prod evening window",
        &["prod"],
        &[],
        local(2027, 1, 5, 22, 0),
        hours(4),
        "Europe/Berlin",
        Some("FREQ=WEEKLY;BYDAY=TU,TH"),
    );
    mw.exdates.push(local(2027, 1, 7, 22, 0));
    plan.windows.push(mw);
    plan.windows.push(window(
        "mw-us",
        WindowKind::Maintenance,
        "US Saturday morning",
        &["prod"],
        &["payments", "checkout"],
        local(2027, 1, 2, 6, 0),
        hours(6),
        "America/New_York",
        Some("FREQ=WEEKLY;BYDAY=SA"),
    ));
    plan.windows.push(window(
        "mw-data",
        WindowKind::Maintenance,
        "Data platform night",
        &["staging", "prod"],
        &["reporting", "search"],
        local(2027, 1, 4, 1, 30),
        hours(3),
        "Asia/Kolkata",
        Some("FREQ=WEEKLY;BYDAY=MO,WE,FR"),
    ));
    let mut bo = window(
        "bo-monthend",
        WindowKind::Blackout,
        "Month-end close",
        &[],
        &["ledger", "payments", "settlement"],
        local(2027, 1, 29, 0, 0),
        days(3),
        "Europe/Berlin",
        Some("FREQ=MONTHLY;BYMONTHDAY=-3"),
    );
    bo.allow_emergency = true;
    plan.windows.push(bo);
    plan.windows.push(window(
        "bo-peak",
        WindowKind::Blackout,
        "Black Friday peak trading",
        &["prod"],
        &[],
        local(2027, 11, 24, 0, 0),
        days(6),
        "Europe/Berlin",
        None,
    ));
    plan.windows.push(window(
        "bo-xmas",
        WindowKind::Blackout,
        "Year-end freeze",
        &["prod"],
        &[],
        local(2027, 12, 20, 0, 0),
        NominalDuration {
            days: 14,
            seconds: 0,
        },
        "Europe/Berlin",
        None,
    ));
    plan.windows.push(window(
        "bo-quarter",
        WindowKind::Blackout,
        "Quarterly results",
        &["prod"],
        &["reporting", "ledger"],
        local(2027, 3, 31, 18, 0),
        hours(40),
        "Europe/Berlin",
        Some("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1;COUNT=4"),
    ));

    let strategies = Strategy::ALL;
    let people = [
        "alice",
        "bob",
        "chen",
        "dara",
        "eve",
        "farid",
        "gro Ødegaard",
    ];
    let base = NaiveDate::from_ymd_opt(2027, 1, 5).unwrap_or_default();
    // Production evenings: every Tuesday and Thursday from 5 January 2027.
    let evenings: Vec<NaiveDate> = (0..(releases as i64 * 4 + 8))
        .map(|d| base + Duration::days(d))
        .filter(|d| {
            matches!(d.weekday(), Weekday::Tue | Weekday::Thu)
                && *d != NaiveDate::from_ymd_opt(2027, 1, 7).unwrap_or_default()
        })
        .take(releases / 2 + 1)
        .collect();
    let mut dep_n = 0;
    for i in 0..releases {
        let area = AREAS[i % AREAS.len()];
        let id = ReleaseId(format!("r{:03}", i + 1));
        let major = 1 + i / AREAS.len();
        let version = format!("{major}.{}.0", i % 7);
        let change_type = match rng.below(10) {
            0 => ChangeType::Emergency,
            1..=3 => ChangeType::Standard,
            _ => ChangeType::Normal,
        };
        let status = [
            ReleaseStatus::Planned,
            ReleaseStatus::Approved,
            ReleaseStatus::Scheduled,
            ReleaseStatus::Draft,
            ReleaseStatus::Deployed,
            ReleaseStatus::Cancelled,
        ][if rng.chance(3) { 5 } else { rng.below(5) }];
        let mut depends_on = vec![];
        if i > 2 && rng.chance(30) {
            // An earlier release (ids are 1-based: release i is r{i+1}).
            depends_on.push(ReleaseId(format!("r{:03}", i - rng.below(3))));
        }
        let approvals = (0..if rng.chance(85) { 2 } else { rng.below(2) })
            .map(|k| Approval {
                by: people[(i + k * 4) % people.len()].into(),
                role: Some(["cab", "security", "product"][k % 3].into()),
                decision: if rng.chance(2) {
                    Decision::Rejected
                } else {
                    Decision::Approved
                },
                at: Some(
                    Utc.with_ymd_and_hms(2027, 1, 1, 9, 0, 0)
                        .single()
                        .unwrap_or_default()
                        + Duration::hours(i as i64 * 30 + k as i64),
                ),
                comment: None,
                x: None,
            })
            .collect();
        let description = format!(
            "{area} release {version}: {}. Touches the {} schema and the public API; customers in Zürich and Oslo see the change first.",
            ["performance and reliability work", "a new settlement flow behind a feature flag", "dependency upgrades and security fixes", "the redesigned onboarding screens with accessibility fixes across every form"][i % 4],
            area.to_lowercase()
        );
        plan.releases.push(Release {
            id: id.clone(),
            name: Some(format!("{area} {version}")),
            version: Some(version),
            train: Some("t-main".into()),
            owner: Some(format!("{} team", area)),
            change_type,
            status: Some(status),
            depends_on,
            approvals,
            description: Some(description),
            rollback_plan: (!rng.chance(15)).then(|| {
                "Redeploy the previous image; database migrations are additive and stay.".into()
            }),
            success_criteria: (!rng.chance(20)).then(|| {
                "Error rate under 0.1% and p95 latency within 10% of last week for 24 hours.".into()
            }),
            known_issues: rng
                .chance(20)
                .then(|| "Dashboards lag by up to 5 minutes after the switch.".into()),
            governance: ReleaseGovernance::default(),
            x: None,
        });
        // Deployments: two releases an evening in the production window (Tue and
        // Thu), providers before their consumers, staging two days before.
        let evening = evenings.get(i / 2).copied().unwrap_or(base);
        let slot = (i % 2) as i64;
        let n_services = 1 + rng.below(3);
        let first = rng.below(SERVICES.len());
        let mut picked: Vec<usize> = (0..n_services)
            .map(|k| (first + k * 5) % SERVICES.len())
            .collect();
        picked.sort_unstable();
        picked.dedup();
        let late = rng.chance(3);
        for (k, &si) in picked.iter().enumerate() {
            let svc = SERVICES[si].0;
            let k = k as i64;
            let st = resolve_local(
                (evening - Duration::days(2))
                    .and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default()),
                tz,
            ) + Duration::minutes(slot * 180 + k * 50);
            dep_n += 1;
            plan.deployments.push(Deployment {
                id: DeploymentId(format!("d{dep_n:04}")),
                release: id.clone(),
                service: svc.into(),
                environment: "staging".into(),
                start: st,
                end: st + Duration::minutes(45),
                strategy: Some(strategies[rng.below(5)]),
                wave: None,
                status: if status == ReleaseStatus::Deployed {
                    Some(DeploymentStatus::Succeeded)
                } else {
                    None
                },
                outcome: None,
                x: None,
            });
            let at = if late { 20 } else { 22 };
            let ps = resolve_local(
                evening.and_time(NaiveTime::from_hms_opt(at, 0, 0).unwrap_or_default()),
                tz,
            ) + Duration::minutes(slot * 105 + k * 35);
            dep_n += 1;
            plan.deployments.push(Deployment {
                id: DeploymentId(format!("d{dep_n:04}")),
                release: id.clone(),
                service: svc.into(),
                environment: "prod".into(),
                start: ps,
                end: ps + Duration::minutes(30),
                strategy: Some(strategies[rng.below(5)]),
                wave: rng
                    .chance(30)
                    .then(|| ["eu", "us", "apac"][rng.below(3)].into()),
                status: match status {
                    ReleaseStatus::Deployed if rng.chance(10) => Some(DeploymentStatus::Failed),
                    ReleaseStatus::Deployed => Some(DeploymentStatus::Succeeded),
                    _ => None,
                },
                outcome: None,
                x: None,
            });
        }
    }
    plan
}
