//! The risk score of a release: 0–100, the sum of named factors, each with its
//! contribution, so the UI and the CAB sheet can show where the number comes from.
//! The formula is documented in `docs/risk.md`.

use serde::{Deserialize, Serialize};

use chrono::Duration;

use std::collections::HashMap;

use crate::graph::{blast_radius, blast_radius_in, DependencyGraph};
use crate::plan::*;
use crate::time::Instant;
use crate::windows::occurrences;

/// One named factor and the points it contributes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskFactor {
    /// Stable key, e.g. `tier`, `change_type`, `blast_radius`.
    pub key: String,
    /// Human label, e.g. "Criticality of touched services".
    pub label: String,
    pub points: u32,
    /// The most this factor can contribute.
    pub max: u32,
    /// Why, in one sentence: "touches Ledger DB (tier 1)".
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskScore {
    pub release: ReleaseId,
    /// 0..=100, the sum of the factors' points.
    pub score: u32,
    pub level: RiskLevel,
    pub factors: Vec<RiskFactor>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    Low,
    Medium,
    High,
    Critical,
}

/// Points for the most critical tier a release touches (tier 1 is most critical).
const TIER_POINTS: [u32; 5] = [0, 25, 17, 9, 3];

/// How a deployment strategy limits the damage of a bad change: big-bang
/// exposes everything at once; canary and blue-green can be reverted fast.
fn strategy_points(s: Strategy) -> u32 {
    match s {
        Strategy::BigBang => 10,
        Strategy::Rolling => 5,
        Strategy::Phased => 4,
        Strategy::BlueGreen => 3,
        Strategy::Canary => 2,
    }
}

fn level(score: u32) -> RiskLevel {
    match score {
        0..=24 => RiskLevel::Low,
        25..=49 => RiskLevel::Medium,
        50..=74 => RiskLevel::High,
        _ => RiskLevel::Critical,
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The risk score of one release, or `None` when the plan has no such release.
///
/// Seven factors, each capped, summing to at most 100 (see `docs/risk.md`):
/// tier (25), change type (15), blast radius (20), breadth (10), strategy
/// (10), blackout proximity (10) and the owning teams' change failure rate (10).
/// Scoring every release this way reads the whole plan once per release; use
/// [`risk_scores`] for that.
pub fn risk_score(plan: &Plan, release: &ReleaseId) -> Option<RiskScore> {
    let r = plan.release(release.as_str())?;
    let deployments: Vec<&Deployment> = plan
        .deployments
        .iter()
        .filter(|d| d.release == r.id && d.status() != DeploymentStatus::RolledBack)
        .collect();
    let mut touched: Vec<&Service> = deployments
        .iter()
        .filter_map(|d| plan.service(d.service.as_str()))
        .collect();
    touched.sort_by(|a, b| a.id.cmp(&b.id));
    touched.dedup_by(|a, b| a.id == b.id);
    let ids: Vec<ServiceId> = touched.iter().map(|s| s.id.clone()).collect();
    let radius = blast_radius(plan, &ids);
    let teams = teams_of(&touched);
    let first_start = deployments.iter().map(|d| d.start).min();
    let (mut outcomes, mut failures) = (0u32, 0u32);
    for d in &plan.deployments {
        let Some(svc) = plan.service(d.service.as_str()) else {
            continue;
        };
        let owned = svc.team.as_ref().is_some_and(|t| teams.contains(&t));
        let earlier = first_start.is_none_or(|s| d.end <= s);
        if !owned || !earlier || d.release == r.id {
            continue;
        }
        if let Some(failed) = outcome(d) {
            outcomes += 1;
            failures += u32::from(failed);
        }
    }
    let history = History { outcomes, failures };
    Some(score(plan, r, &deployments, &touched, &radius, history))
}

/// The risk score of every release, in plan order: the same scores as
/// [`risk_score`] for each, with the plan read once (services by id, the
/// service graph, and each team's earlier outcomes counted by end time), so a
/// plan with many releases costs about its size, not its size per release.
pub fn risk_scores(plan: &Plan) -> Vec<RiskScore> {
    let service_of: HashMap<&str, &Service> = plan
        .services
        .iter()
        .rev()
        .map(|s| (s.id.as_str(), s))
        .collect();
    let graph = DependencyGraph::services(plan);
    let mut of_release: HashMap<&ReleaseId, Vec<&Deployment>> = HashMap::new();
    for d in &plan.deployments {
        of_release.entry(&d.release).or_default().push(d);
    }
    let history = TeamHistory::new(plan, &service_of);
    let none: Vec<&Deployment> = vec![];
    plan.releases
        .iter()
        .map(|r| {
            let all = of_release.get(&r.id).unwrap_or(&none);
            let deployments: Vec<&Deployment> = all
                .iter()
                .copied()
                .filter(|d| d.status() != DeploymentStatus::RolledBack)
                .collect();
            let mut touched: Vec<&Service> = deployments
                .iter()
                .filter_map(|d| service_of.get(d.service.as_str()).copied())
                .collect();
            touched.sort_by(|a, b| a.id.cmp(&b.id));
            touched.dedup_by(|a, b| a.id == b.id);
            let ids: Vec<ServiceId> = touched.iter().map(|s| s.id.clone()).collect();
            let radius = blast_radius_in(&graph, &ids);
            let teams = teams_of(&touched);
            let first_start = deployments.iter().map(|d| d.start).min();
            let mut counts = history.before(&teams, first_start);
            // The release's own earlier outcomes are not its history.
            for d in all {
                let owned = service_of
                    .get(d.service.as_str())
                    .and_then(|s| s.team.as_ref())
                    .is_some_and(|t| teams.contains(&t));
                let earlier = first_start.is_none_or(|s| d.end <= s);
                if let (true, true, Some(failed)) = (owned, earlier, outcome(d)) {
                    counts.outcomes -= 1;
                    counts.failures -= u32::from(failed);
                }
            }
            score(plan, r, &deployments, &touched, &radius, counts)
        })
        .collect()
}

/// The distinct teams owning the touched services, sorted.
fn teams_of<'p>(touched: &[&'p Service]) -> Vec<&'p TeamId> {
    let mut t: Vec<&TeamId> = touched.iter().filter_map(|s| s.team.as_ref()).collect();
    t.sort();
    t.dedup();
    t
}

/// Whether a finished deployment failed (failed or rolled back); `None` for
/// one still planned.
fn outcome(d: &Deployment) -> Option<bool> {
    match d.status() {
        DeploymentStatus::Succeeded => Some(false),
        DeploymentStatus::Failed | DeploymentStatus::RolledBack => Some(true),
        DeploymentStatus::Planned => None,
    }
}

/// Earlier outcomes of the owning teams' deployments.
#[derive(Debug, Clone, Copy, Default)]
struct History {
    outcomes: u32,
    failures: u32,
}

/// Per team: the ends of its services' finished deployments, sorted, with
/// running counts of outcomes and failures up to each.
struct TeamHistory<'p> {
    by_team: HashMap<&'p TeamId, (Vec<Instant>, Vec<History>)>,
}

impl<'p> TeamHistory<'p> {
    fn new(plan: &'p Plan, service_of: &HashMap<&str, &'p Service>) -> Self {
        let mut ends: HashMap<&TeamId, Vec<(Instant, bool)>> = HashMap::new();
        for d in &plan.deployments {
            let team = service_of
                .get(d.service.as_str())
                .and_then(|s| s.team.as_ref());
            if let (Some(team), Some(failed)) = (team, outcome(d)) {
                ends.entry(team).or_default().push((d.end, failed));
            }
        }
        let by_team = ends
            .into_iter()
            .map(|(team, mut list)| {
                list.sort_unstable();
                let mut running = History::default();
                let counts = list
                    .iter()
                    .map(|&(_, failed)| {
                        running.outcomes += 1;
                        running.failures += u32::from(failed);
                        running
                    })
                    .collect();
                (
                    team,
                    (list.into_iter().map(|(end, _)| end).collect(), counts),
                )
            })
            .collect();
        TeamHistory { by_team }
    }

    /// Outcomes of the teams' deployments that ended by `first_start` (all of
    /// them when there is no start).
    fn before(&self, teams: &[&TeamId], first_start: Option<Instant>) -> History {
        let mut total = History::default();
        for team in teams {
            let Some((ends, counts)) = self.by_team.get(team) else {
                continue;
            };
            let n = first_start.map_or(ends.len(), |s| ends.partition_point(|&e| e <= s));
            if let Some(c) = n.checked_sub(1).map(|i| counts[i]) {
                total.outcomes += c.outcomes;
                total.failures += c.failures;
            }
        }
        total
    }
}

/// The factors and the score, from what was gathered about the release.
fn score(
    plan: &Plan,
    r: &Release,
    deployments: &[&Deployment],
    touched: &[&Service],
    radius: &[ServiceId],
    history: History,
) -> RiskScore {
    let mut environments: Vec<&str> = deployments.iter().map(|d| d.environment.as_str()).collect();
    environments.sort();
    environments.dedup();
    let mut factors = Vec::with_capacity(7);

    // 1. Criticality of touched services.
    let most_critical = touched.iter().min_by_key(|s| s.tier());
    factors.push(match most_critical {
        Some(s) => RiskFactor {
            key: "tier".into(),
            label: "Criticality of touched services".into(),
            points: TIER_POINTS[usize::from(s.tier()).min(4)],
            max: 25,
            detail: format!("touches {} (tier {})", s.display_name(), s.tier()),
        },
        None => RiskFactor {
            key: "tier".into(),
            label: "Criticality of touched services".into(),
            points: 0,
            max: 25,
            detail: "touches no service yet".into(),
        },
    });

    // 2. Change type.
    let (points, detail) = match r.change_type {
        ChangeType::Standard => (0, "standard change: pre-approved, low risk"),
        ChangeType::Normal => (8, "normal change: needs CAB review"),
        ChangeType::Emergency => (15, "emergency change: expedited, less testing"),
    };
    factors.push(RiskFactor {
        key: "change_type".into(),
        label: "Change type".into(),
        points,
        max: 15,
        detail: detail.into(),
    });

    // 3. Blast radius: services that transitively depend on touched ones.
    let names: Vec<&str> = radius
        .iter()
        .take(5)
        .filter_map(|id| plan.service(id.as_str()))
        .map(|s| s.display_name())
        .collect();
    factors.push(RiskFactor {
        key: "blast_radius".into(),
        label: "Blast radius".into(),
        points: (4 * radius.len() as u32).min(20),
        max: 20,
        detail: if radius.is_empty() {
            "no other service depends on the touched ones".into()
        } else {
            format!(
                "{} downstream: {}{}",
                plural(radius.len(), "service", "services"),
                names.join(", "),
                if radius.len() > names.len() {
                    ", …"
                } else {
                    ""
                }
            )
        },
    });

    // 4. Breadth: how many services and environments the release deploys to.
    factors.push(RiskFactor {
        key: "breadth".into(),
        label: "Services and environments".into(),
        points: (2 * touched.len() as u32 + environments.len() as u32).min(10),
        max: 10,
        detail: format!(
            "{} in {}",
            plural(touched.len(), "service", "services"),
            plural(environments.len(), "environment", "environments")
        ),
    });

    // 5. Strategy: the riskiest strategy used.
    let worst = deployments
        .iter()
        .map(|d| d.strategy())
        .max_by_key(|s| strategy_points(*s));
    factors.push(match worst {
        Some(s) => RiskFactor {
            key: "strategy".into(),
            label: "Deployment strategy".into(),
            points: strategy_points(s),
            max: 10,
            detail: format!("{} deployment", s.as_str()),
        },
        None => RiskFactor {
            key: "strategy".into(),
            label: "Deployment strategy".into(),
            points: 0,
            max: 10,
            detail: "no deployment planned".into(),
        },
    });

    // 6. Blackout proximity: a deployment close to a freeze leaves no room to fix forward.
    let nearest = deployments
        .iter()
        .flat_map(|d| {
            plan.windows
                .iter()
                .filter(|w| {
                    w.kind == WindowKind::Blackout && w.scope.matches(&d.service, &d.environment)
                })
                .filter_map(move |w| {
                    let around = Duration::days(7);
                    occurrences(w, d.start - around, d.end + around)
                        .into_iter()
                        .map(|o| {
                            if o.start < d.end && o.end > d.start {
                                Duration::zero()
                            } else if o.start >= d.end {
                                o.start - d.end
                            } else {
                                d.start - o.end
                            }
                        })
                        .min()
                        .map(|gap| (gap, w.display_name()))
                })
        })
        .min_by_key(|(gap, _)| *gap);
    factors.push(match nearest {
        Some((gap, name)) => {
            let points = if gap <= Duration::hours(24) {
                10
            } else if gap <= Duration::hours(72) {
                6
            } else {
                3
            };
            let detail = if gap.is_zero() {
                format!("deploys during the blackout \"{name}\"")
            } else {
                format!(
                    "within {} hours of the blackout \"{name}\"",
                    gap.num_hours().max(1)
                )
            };
            RiskFactor {
                key: "blackout_proximity".into(),
                label: "Nearness to blackouts".into(),
                points,
                max: 10,
                detail,
            }
        }
        None => RiskFactor {
            key: "blackout_proximity".into(),
            label: "Nearness to blackouts".into(),
            points: 0,
            max: 10,
            detail: "no blackout within 7 days".into(),
        },
    });

    // 7. History: the owning teams' change failure rate before this release.
    let History { outcomes, failures } = history;
    // Rounded to the nearest point; no outcomes, no division.
    factors.push(match (10 * failures + outcomes / 2).checked_div(outcomes) {
        None => RiskFactor {
            key: "team_history".into(),
            label: "Team change failure rate".into(),
            points: 0,
            max: 10,
            detail: "no recorded outcomes for the owning teams".into(),
        },
        Some(points) => RiskFactor {
            key: "team_history".into(),
            label: "Team change failure rate".into(),
            points,
            max: 10,
            detail: format!(
                "{failures} of {outcomes} earlier deployments failed or were rolled back"
            ),
        },
    });

    let score = factors.iter().map(|f| f.points).sum::<u32>().min(100);
    RiskScore {
        release: r.id.clone(),
        score,
        level: level(score),
        factors,
    }
}
