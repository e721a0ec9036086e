//! Delivery metrics over a period, from the outcomes recorded on deployments:
//! deployment frequency, lead time, change failure rate, time to restore, and
//! how closely the plan was kept. Every measure is defined in
//! `docs/metrics.md`; this module is that definition in code.
//!
//! Only deployments with an outcome count, and only when the outcome's
//! `finished` lies in the period `[from, to)`: a deployment still running
//! (no `finished`) is in no period. Times are compared as instants and
//! measured in whole seconds (a fraction of a second is dropped before
//! subtracting), so every median is of integers; the median of an even
//! number of values is the mean of the two middle ones.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::plan::*;
use crate::time::{format_instant, Instant};

mod series;
mod weekday_hour;

pub use series::{series, Interval, PeriodMeasures, MAX_PERIODS};
pub use weekday_hour::{by_weekday_hour, HourCell};

/// How far after its planned start a deployment may start and still be on
/// time (it must also finish by its planned end).
pub const ON_TIME_GRACE_SECONDS: i64 = 15 * 60;

const NANOS_PER_WEEK: f64 = 7.0 * 86_400.0 * 1e9;

/// What the groups of [`metrics`] are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    /// One group per service id.
    Service,
    /// One group per team id of the deployment's service; services without a
    /// team form the group whose key is `None`.
    Team,
    /// One group per environment id.
    Environment,
}

impl GroupBy {
    pub const ALL: [GroupBy; 3] = [GroupBy::Service, GroupBy::Team, GroupBy::Environment];

    pub fn as_str(self) -> &'static str {
        match self {
            GroupBy::Service => "service",
            GroupBy::Team => "team",
            GroupBy::Environment => "environment",
        }
    }

    pub fn parse(s: &str) -> Option<GroupBy> {
        GroupBy::ALL.into_iter().find(|g| g.as_str() == s)
    }
}

/// Planned against actual times of the deployments in the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Adherence {
    /// The fraction (0..=1) of deployments that started no more than 15
    /// minutes after their planned start and finished no later than their
    /// planned end; `None` when there are no deployments.
    pub on_time_rate: Option<f64>,
    /// The median of actual minus planned start, in minutes (negative when
    /// early); `None` when there are no deployments.
    pub median_start_delay_minutes: Option<f64>,
    /// Deployments that finished after their planned end.
    pub overruns: u64,
}

/// The measures of one set of deployments (the whole plan or one group).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measures {
    /// Deployments whose outcome finished in the period.
    pub deployments: u64,
    /// Succeeded deployments per week of the period.
    pub deployment_frequency_per_week: f64,
    /// The median, over succeeded deployments, of the hours from the first
    /// recorded start of any deployment of the same release to this
    /// deployment's finish; `None` when none succeeded.
    pub lead_time_hours: Option<f64>,
    /// (failed + rolled back) / deployments; `None` when there are none.
    pub change_failure_rate: Option<f64>,
    /// The median hours from opened to resolved over the incidents of the
    /// period's deployments that have both; `None` when there are none.
    pub time_to_restore_hours: Option<f64>,
    pub adherence: Adherence,
}

/// The measures of one group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    /// The service, team or environment id; `None` only for the deployments
    /// of services without a team when grouping by team.
    pub key: Option<String>,
    #[serde(flatten)]
    pub measures: Measures,
}

/// The answer of [`metrics`].
#[derive(Debug, Clone, PartialEq)]
pub struct Metrics {
    pub from: Instant,
    pub to: Instant,
    pub overall: Measures,
    /// Sorted by key (`None` first); only groups with at least one deployment
    /// in the period; empty without grouping.
    pub groups: Vec<Group>,
}

/// Invalid input to [`metrics`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MetricsError {
    #[error("the period's end {} is not after its start {}", format_instant(*.to), format_instant(*.from))]
    EmptyPeriod { from: Instant, to: Instant },
    #[error("the period from {} to {} holds more than {max} {interval}s", format_instant(*.from), format_instant(*.to), interval = .interval.as_str())]
    TooManyPeriods {
        from: Instant,
        to: Instant,
        interval: Interval,
        max: usize,
    },
}

/// The delivery metrics of the deployments whose outcome finished in
/// `[from, to)`, overall and, with `by`, per group. `Err` only when `to` is
/// not after `from`.
pub fn metrics(
    plan: &Plan,
    from: Instant,
    to: Instant,
    by: Option<GroupBy>,
) -> Result<Metrics, MetricsError> {
    if to <= from {
        return Err(MetricsError::EmptyPeriod { from, to });
    }
    let team_of: HashMap<&str, Option<&str>> = match by {
        Some(GroupBy::Team) => plan
            .services
            .iter()
            .rev()
            .map(|s| (s.id.as_str(), s.team.as_ref().map(TeamId::as_str)))
            .collect(),
        _ => HashMap::new(),
    };

    let mut overall = Tally::default();
    let mut groups: BTreeMap<Option<&str>, Tally> = BTreeMap::new();
    for fact in counted(plan, from, to) {
        let d = fact.deployment;
        overall.add(&fact);
        if let Some(by) = by {
            let key = match by {
                GroupBy::Service => Some(d.service.as_str()),
                GroupBy::Environment => Some(d.environment.as_str()),
                GroupBy::Team => team_of.get(d.service.as_str()).copied().flatten(),
            };
            groups.entry(key).or_default().add(&fact);
        }
    }
    let period_nanos = period_nanos(from, to);
    Ok(Metrics {
        from,
        to,
        overall: overall.measures(period_nanos),
        groups: groups
            .into_iter()
            .map(|(key, t)| Group {
                key: key.map(str::to_owned),
                measures: t.measures(period_nanos),
            })
            .collect(),
    })
}

/// The deployments that count in `[from, to)`: those whose outcome finished
/// in the period, each with its lead time (which looks at every deployment of
/// its release, inside the period or not).
fn counted(plan: &Plan, from: Instant, to: Instant) -> impl Iterator<Item = Fact<'_>> {
    // Each release's first recorded start, over all its deployments.
    let mut first_start: HashMap<&str, i64> = HashMap::new();
    for d in &plan.deployments {
        if let Some(o) = &d.outcome {
            let s = o.started.timestamp();
            first_start
                .entry(d.release.as_str())
                .and_modify(|t| *t = (*t).min(s))
                .or_insert(s);
        }
    }
    plan.deployments.iter().filter_map(move |d| {
        let o = d.outcome.as_ref()?;
        let finished = o.finished?;
        if finished < from || finished >= to {
            return None;
        }
        let lead = first_start
            .get(d.release.as_str())
            .map(|first| finished.timestamp() - first);
        Some(Fact {
            deployment: d,
            outcome: o,
            finished,
            lead,
        })
    })
}

/// The exact length of `[from, to)` in nanoseconds (no overflow: i128).
fn period_nanos(from: Instant, to: Instant) -> f64 {
    (nanos(to) - nanos(from)) as f64
}

fn nanos(t: Instant) -> i128 {
    i128::from(t.timestamp()) * 1_000_000_000 + i128::from(t.timestamp_subsec_nanos())
}

/// One counted deployment.
struct Fact<'a> {
    deployment: &'a Deployment,
    outcome: &'a Outcome,
    finished: Instant,
    /// Seconds from the release's first recorded start to `finished`.
    lead: Option<i64>,
}

/// What a set of deployments adds up to, before the medians.
#[derive(Default)]
struct Tally {
    deployments: u64,
    succeeded: u64,
    failures: u64,
    on_time: u64,
    overruns: u64,
    /// Seconds, one per succeeded deployment.
    lead_times: Vec<i64>,
    /// Seconds, one per incident with both ends.
    restore_times: Vec<i64>,
    /// Seconds, one per deployment.
    start_delays: Vec<i64>,
}

impl Tally {
    fn add(&mut self, f: &Fact<'_>) {
        let (d, o) = (f.deployment, f.outcome);
        self.deployments += 1;
        match o.result {
            Some(OutcomeResult::Succeeded) => {
                self.succeeded += 1;
                self.lead_times.extend(f.lead);
            }
            Some(OutcomeResult::Failed | OutcomeResult::RolledBack) => self.failures += 1,
            None => {}
        }
        let delay = o.started.timestamp() - d.start.timestamp();
        self.start_delays.push(delay);
        let overrun = f.finished > d.end;
        self.overruns += u64::from(overrun);
        self.on_time += u64::from(delay <= ON_TIME_GRACE_SECONDS && !overrun);
        for i in &o.incidents {
            if let (Some(opened), Some(resolved)) = (i.opened, i.resolved) {
                self.restore_times
                    .push(resolved.timestamp() - opened.timestamp());
            }
        }
    }

    fn measures(mut self, period_nanos: f64) -> Measures {
        let n = self.deployments;
        let rate = |k: u64| (n > 0).then(|| k as f64 / n as f64);
        Measures {
            deployments: n,
            deployment_frequency_per_week: self.succeeded as f64 * NANOS_PER_WEEK / period_nanos,
            lead_time_hours: median(&mut self.lead_times, 3600),
            change_failure_rate: rate(self.failures),
            time_to_restore_hours: median(&mut self.restore_times, 3600),
            adherence: Adherence {
                on_time_rate: rate(self.on_time),
                median_start_delay_minutes: median(&mut self.start_delays, 60),
                overruns: self.overruns,
            },
        }
    }
}

/// The median of whole seconds, in units of `unit` seconds: the middle value,
/// or the mean of the two middle values of an even count; `None` when empty.
fn median(values: &mut [i64], unit: i64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let n = values.len();
    let (_, &mut upper, _) = values.select_nth_unstable(n / 2);
    if n % 2 == 1 {
        return Some(upper as f64 / unit as f64);
    }
    // The lower middle value is the largest of the lower half.
    let lower = values[..n / 2].iter().copied().max().unwrap_or(upper);
    Some((i128::from(lower) + i128::from(upper)) as f64 / (2 * unit) as f64)
}

#[cfg(test)]
mod tests {
    use super::median;

    #[test]
    fn medians_take_the_middle_or_the_mean_of_the_two_middle_values() {
        assert_eq!(median(&mut [], 1), None);
        assert_eq!(median(&mut [7], 1), Some(7.0));
        assert_eq!(median(&mut [9, 1, 5], 1), Some(5.0));
        assert_eq!(median(&mut [4, 1, 3, 2], 1), Some(2.5));
        assert_eq!(median(&mut [5400, 1800], 3600), Some(1.0));
        assert_eq!(median(&mut [-120, 60], 60), Some(-0.5));
        assert_eq!(median(&mut [i64::MAX, i64::MAX], 1), Some(i64::MAX as f64));
    }
}
