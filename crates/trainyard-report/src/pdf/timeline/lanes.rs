//! Which lanes the timeline has and how its period is cut: deployments grouped
//! into lanes (per service and environment, or per environment) with the
//! windows that apply to them, four-week segments, and bars packed into rows
//! so they never overlap.

use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveTime};
use trainyard_core::time::{resolve_local, to_local, Instant};
use trainyard_core::*;

use super::{Timeline, MAX_SEGMENTS};
use crate::LaneMode;

/// A lane: deployments that share a service and environment, or an environment.
pub(super) struct Lane<'a> {
    pub(super) group: String,
    pub(super) label: String,
    pub(super) deployments: Vec<&'a Deployment>,
    pub(super) windows: Vec<&'a Window>,
}

/// A lane in one segment: its deployments with their rows, and the row count.
pub(super) type Placed<'l, 'a> = (&'l Lane<'a>, Vec<(&'a Deployment, usize)>, usize);

impl<'a> Timeline<'a> {
    pub(super) fn lanes(&self) -> Vec<Lane<'a>> {
        let plan = self.plan;
        let env_rank: HashMap<&EnvironmentId, usize> = crate::facts::environments_in_order(plan)
            .iter()
            .enumerate()
            .map(|(i, e)| (&e.id, i))
            .collect();
        let svc_rank: HashMap<&ServiceId, usize> = plan
            .services
            .iter()
            .enumerate()
            .map(|(i, s)| (&s.id, i))
            .collect();
        let env_name = |id: &EnvironmentId| {
            plan.environment(id.as_str())
                .map_or(id.as_str(), |e| e.display_name())
                .to_owned()
        };
        let svc_name = |id: &ServiceId| {
            plan.service(id.as_str())
                .map_or(id.as_str(), |s| s.display_name())
                .to_owned()
        };
        let mut groups: HashMap<(usize, usize), Vec<&'a Deployment>> = HashMap::new();
        for d in &plan.deployments {
            if d.end <= self.period.0 || d.start >= self.period.1 {
                continue;
            }
            let e = env_rank.get(&d.environment).copied().unwrap_or(usize::MAX);
            let s = svc_rank.get(&d.service).copied().unwrap_or(usize::MAX);
            let key = match self.mode {
                LaneMode::Service => (s, e),
                LaneMode::Environment => (e, 0),
            };
            groups.entry(key).or_default().push(d);
        }
        let mut keys: Vec<(usize, usize)> = groups.keys().copied().collect();
        keys.sort_unstable();
        keys.into_iter()
            .map(|k| {
                let mut deployments = groups.remove(&k).unwrap_or_default();
                deployments.sort_by(|a, b| (a.start, &a.id).cmp(&(b.start, &b.id)));
                let first = deployments[0];
                let (group, label, windows) = match self.mode {
                    LaneMode::Service => (
                        svc_name(&first.service),
                        env_name(&first.environment),
                        plan.windows
                            .iter()
                            .filter(|w| w.scope.matches(&first.service, &first.environment))
                            .collect(),
                    ),
                    LaneMode::Environment => (
                        env_name(&first.environment),
                        String::new(),
                        plan.windows
                            .iter()
                            .filter(|w| {
                                w.scope.environments.is_empty()
                                    || w.scope.environments.contains(&first.environment)
                            })
                            .collect(),
                    ),
                };
                Lane {
                    group,
                    label,
                    deployments,
                    windows,
                }
            })
            .collect()
    }

    /// Segments of the period: the whole period up to six weeks, else four-week
    /// pieces starting on a Monday, at most [`MAX_SEGMENTS`] of them (the
    /// timeline of a longer period is clipped; `draw` says so).
    pub(super) fn segments(&self) -> Vec<(Instant, Instant)> {
        let (from, to) = self.period;
        if to - from <= Duration::days(42) {
            return vec![(from, to)];
        }
        let tz = self.clock.tz;
        let first = to_local(from, tz).date();
        let monday = first - Duration::days(i64::from(first.weekday().num_days_from_monday()));
        let mut out = vec![];
        let mut day = monday;
        loop {
            let next = day + Duration::days(28);
            let a = resolve_local(day.and_time(NaiveTime::MIN), tz).max(from);
            let b = resolve_local(next.and_time(NaiveTime::MIN), tz).min(to);
            if a < b {
                out.push((a, b));
            }
            if b >= to || out.len() >= MAX_SEGMENTS {
                break;
            }
            day = next;
        }
        out
    }
}

/// Rows for bars that must not overlap: first row whose last bar has ended.
pub(super) fn pack<'a>(ds: &[&'a Deployment]) -> (Vec<(&'a Deployment, usize)>, usize) {
    let mut ends: Vec<Instant> = Vec::new();
    let mut out = Vec::with_capacity(ds.len());
    for d in ds {
        let row = match ends.iter().position(|e| *e <= d.start) {
            Some(r) => {
                ends[r] = d.end;
                r
            }
            None => {
                ends.push(d.end);
                ends.len() - 1
            }
        };
        out.push((*d, row));
    }
    let rows = ends.len().max(1);
    (out, rows)
}
