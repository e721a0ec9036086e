//! A deterministic generator of large, realistic plans for benchmarks.

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc};
use trainyard_core::time::NominalDuration;
use trainyard_core::*;

mod governance;
pub use governance::{add_governance, GovernanceSize};

/// Sizes of a generated plan.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    pub services: usize,
    pub releases: usize,
    pub deployments: usize,
    pub windows: usize,
}

impl Size {
    /// The size the issue's speed targets are stated for.
    pub const LARGE: Size = Size {
        services: 200,
        releases: 1_000,
        deployments: 100_000,
        windows: 50,
    };
}

/// A small xorshift generator: deterministic and dependency-free.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

const ENVIRONMENTS: [(&str, &str, i64); 4] = [
    ("dev", "Development", 0),
    ("test", "Test", 1),
    ("staging", "Staging", 2),
    ("prod", "Production", 3),
];

/// A plan of the given size over one year (2027), 4 environments, 10 teams,
/// services depending on lower-numbered ones, releases depending on earlier
/// ones, weekly and daily maintenance windows and monthly/yearly blackouts.
pub fn generate(size: Size, seed: u64) -> Plan {
    let mut rng = Rng::new(seed);
    let tz: chrono_tz::Tz = "Europe/Berlin".parse().expect("known zone");
    let mut plan = Plan {
        name: Some(format!("Generated plan, {} deployments", size.deployments)),
        timezone: tz,
        ..Plan::default()
    };
    for (id, name, order) in ENVIRONMENTS {
        plan.environments.push(Environment {
            id: EnvironmentId(id.into()),
            name: Some(name.into()),
            order,
            requires_window: id == "prod" || id == "staging",
            max_concurrent: if id == "prod" { Some(25) } else { None },
            requires_approval: id == "prod",
            gate: None,
            x: None,
        });
    }
    let year = Utc
        .with_ymd_and_hms(2027, 1, 1, 0, 0, 0)
        .single()
        .expect("valid instant");
    for t in 0..10 {
        let start = year + Duration::days(rng.below(360) as i64);
        plan.teams.push(Team {
            id: TeamId(format!("team{t}")),
            name: Some(format!("Team {t}")),
            timezone: None,
            unavailable: vec![Unavailability {
                start,
                end: start + Duration::days(2),
                reason: Some("offsite".into()),
                x: None,
            }],
            x: None,
        });
    }
    for s in 0..size.services {
        let mut depends_on = vec![];
        for _ in 0..rng.below(3) {
            if s > 0 {
                let d = ServiceId(format!("s{:03}", rng.below(s as u64)));
                if !depends_on.contains(&d) {
                    depends_on.push(d);
                }
            }
        }
        plan.services.push(Service {
            id: ServiceId(format!("s{s:03}")),
            name: Some(format!("Service {s}")),
            team: Some(TeamId(format!("team{}", s % 10))),
            tier: Some(1 + (s % 4) as u8),
            data_classes: if s % 7 == 0 {
                vec!["financial".into()]
            } else {
                vec![]
            },
            depends_on,
            x: None,
        });
    }
    // Windows are scoped to groups of services, as real ones are (a team's
    // weekly window, a finance freeze), so a deployment meets a few, not all.
    let groups = 10usize;
    let group_services = |g: usize| -> Vec<ServiceId> {
        (0..size.services)
            .filter(|s| s % groups == g)
            .map(|s| ServiceId(format!("s{s:03}")))
            .collect()
    };
    let w = |id: String,
             kind: WindowKind,
             env: &str,
             services: Vec<ServiceId>,
             start: &str,
             hour: u32,
             hours: i64,
             days: i64,
             rrule: Option<&str>| Window {
        id: WindowId(id),
        kind,
        name: None,
        scope: Scope {
            environments: vec![EnvironmentId(env.into())],
            services,
            x: None,
        },
        start: NaiveDate::parse_from_str(start, "%Y-%m-%d")
            .expect("valid date")
            .and_hms_opt(hour, 0, 0)
            .expect("valid time"),
        duration: NominalDuration {
            days,
            seconds: hours * 3600,
        },
        timezone: tz,
        rrule: rrule.map(|r| r.parse().expect("valid rule")),
        exdates: vec![],
        allow_emergency: kind == WindowKind::Blackout,
        x: None,
    };
    const DAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
    for i in 0..size.windows {
        let g = i % groups;
        let window = match i / groups {
            0 => w(
                format!("mw-prod-g{g}"),
                WindowKind::Maintenance,
                "prod",
                group_services(g),
                "2027-01-04",
                21,
                10,
                0,
                Some(&format!(
                    "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,{}",
                    DAYS[4 + g % 3]
                )),
            ),
            1 => w(
                format!("mw-staging-g{g}"),
                WindowKind::Maintenance,
                "staging",
                group_services(g),
                "2027-01-01",
                20,
                12,
                0,
                Some("FREQ=DAILY"),
            ),
            2 => w(
                format!("bo-monthend-g{g}"),
                WindowKind::Blackout,
                "prod",
                group_services(g),
                "2027-01-29",
                0,
                0,
                3,
                Some("FREQ=MONTHLY;BYMONTHDAY=-3"),
            ),
            3 => w(
                format!("bo-quarter-g{g}"),
                WindowKind::Blackout,
                "prod",
                group_services(g),
                "2027-03-31",
                0,
                0,
                2,
                Some("FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1"),
            ),
            _ => w(
                format!("bo-launch-{i}"),
                WindowKind::Blackout,
                "prod",
                group_services(g),
                &format!("2027-{:02}-15", 1 + i % 12),
                0,
                0,
                1,
                None,
            ),
        };
        plan.windows.push(window);
    }
    for r in 0..size.releases {
        let depends_on = if r > 0 && rng.below(3) == 0 {
            vec![ReleaseId(format!("r{:04}", rng.below(r as u64)))]
        } else {
            vec![]
        };
        plan.releases.push(Release {
            id: ReleaseId(format!("r{r:04}")),
            name: Some(format!("Release {r}")),
            version: Some(format!("{}.{}.0", 1 + r / 100, r % 100)),
            train: None,
            owner: None,
            change_type: ChangeType::ALL[(rng.below(10) as usize).min(2) % 3],
            status: None,
            depends_on,
            approvals: ["cab-chair", "security"]
                .iter()
                .take(if rng.below(10) == 0 { 1 } else { 2 })
                .map(|by| Approval {
                    by: (*by).into(),
                    role: Some("cab".into()),
                    decision: Decision::Approved,
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
    let per_release = size.deployments.div_ceil(size.releases.max(1)).max(1);
    let mut n = 0;
    'outer: for r in 0..size.releases {
        let day = year + Duration::days((r * 360 / size.releases.max(1)) as i64);
        let count = (per_release / 4).max(1);
        // Providers (lower-numbered services) go first, 20 minutes apart.
        let mut services: Vec<usize> = (0..count)
            .map(|k| (r * 7 + k * 13) % size.services.max(1))
            .collect();
        services.sort_unstable();
        services.dedup();
        for (k, &s) in services.iter().enumerate() {
            for (e, (env, _, _)) in ENVIRONMENTS.iter().enumerate() {
                if n == size.deployments {
                    break 'outer;
                }
                let mut date = day + Duration::days(e as i64 * 2);
                // Production nights are Monday to Thursday, when its windows open.
                while *env == "prod" && date.weekday().num_days_from_monday() > 3 {
                    date += Duration::days(1);
                }
                let start = date + Duration::hours(21) + Duration::minutes(k as i64 * 20);
                plan.deployments.push(Deployment {
                    id: DeploymentId(format!("d{n:06}")),
                    release: ReleaseId(format!("r{r:04}")),
                    service: ServiceId(format!("s{s:03}")),
                    environment: EnvironmentId((*env).into()),
                    start,
                    end: start + Duration::minutes(15),
                    strategy: Some(Strategy::ALL[rng.below(5) as usize]),
                    wave: None,
                    status: None,
                    outcome: None,
                    x: None,
                });
                n += 1;
            }
        }
    }
    plan
}

/// Records an outcome on every deployment of `plan`, deterministically:
/// started 0 to 20 minutes after the planned start, finished 5 to 34 minutes
/// later; about 10 % failed or rolled back (half each), and every failure
/// and about 1 % of the successes with an incident resolved 10 minutes to 4
/// hours after it opened.
pub fn record_outcomes(plan: &mut Plan, seed: u64) {
    let mut rng = Rng::new(seed);
    for d in &mut plan.deployments {
        let started = d.start + Duration::minutes(rng.below(21) as i64);
        let finished = started + Duration::minutes(5 + rng.below(30) as i64);
        let roll = rng.below(100);
        let result = match roll {
            0..=4 => OutcomeResult::Failed,
            5..=9 => OutcomeResult::RolledBack,
            _ => OutcomeResult::Succeeded,
        };
        let incidents = if roll < 11 {
            let opened = finished - Duration::minutes(rng.below(5) as i64);
            vec![Incident {
                id: format!("INC-{}", d.id),
                url: None,
                opened: Some(opened),
                resolved: Some(opened + Duration::minutes(10 + rng.below(231) as i64)),
                severity: Some(IncidentSeverity::ALL[rng.below(4) as usize]),
                x: None,
            }]
        } else {
            vec![]
        };
        d.outcome = Some(Outcome {
            started,
            finished: Some(finished),
            result: Some(result),
            incidents,
            x: None,
        });
    }
}
