//! The zoomed-out calendar: counts per lane and slice of time, so a month or
//! a quarter of a 100k-deployment plan is a few hundred numbers per lane, not
//! thousands of bars; and the filter the calendar applies to what it shows.

use std::collections::HashMap;

use trainyard_core::time::{format_instant, parse_instant, Instant};
use trainyard_core::{Deployment, Plan};

use super::open::Open;
use super::AppService;
use crate::dto::*;
use crate::error::AppError;

/// At most this many slices: more than a screen has pixels to spare for.
pub const MAX_SLICES: u32 = 2_000;

impl AppService {
    /// The deployments of `[from, to)` that `filter` lets through, counted per
    /// lane (`lanes`; with `environment`, only that environment's) in
    /// `slices` equal slices of the period.
    pub fn calendar_density(
        &self,
        from: &str,
        to: &str,
        slices: u32,
        lanes: LaneBy,
        environment: Option<&str>,
        filter: &CalendarFilter,
    ) -> Result<CalendarDensity, AppError> {
        let (from_t, to_t) = period(from, to)?;
        if slices == 0 || slices > MAX_SLICES {
            return Err(AppError::invalid_input(format!(
                "slices: {slices} is not between 1 and {MAX_SLICES}"
            )));
        }
        self.with_open(|open| {
            Ok(density(
                open,
                from_t,
                to_t,
                slices,
                lanes,
                environment,
                filter,
            ))
        })
    }
}

/// `[from, to)` from RFC 3339 instants; it must end after it starts.
pub(super) fn period(from: &str, to: &str) -> Result<(Instant, Instant), AppError> {
    let time = |what: &str, s: &str| {
        parse_instant(s).map_err(|e| AppError::invalid_input(format!("{what}: {e}")))
    };
    let (from, to) = (time("from", from)?, time("to", to)?);
    if from >= to {
        return Err(AppError::invalid_input(
            "the range must end after it starts",
        ));
    }
    Ok((from, to))
}

/// What a filter needs to know of the plan, looked up once.
pub(crate) struct FilterContext<'p> {
    team_of_service: HashMap<&'p str, &'p str>,
    train_of_release: HashMap<&'p str, &'p str>,
}

impl<'p> FilterContext<'p> {
    pub(crate) fn new(plan: &'p Plan) -> Self {
        FilterContext {
            team_of_service: plan
                .services
                .iter()
                .filter_map(|s| Some((s.id.as_str(), s.team.as_ref()?.as_str())))
                .collect(),
            train_of_release: plan
                .releases
                .iter()
                .filter_map(|r| Some((r.id.as_str(), r.train.as_ref()?.as_str())))
                .collect(),
        }
    }

    fn team(&self, d: &Deployment) -> &'p str {
        self.team_of_service
            .get(d.service.as_str())
            .copied()
            .unwrap_or("")
    }

    fn train(&self, d: &Deployment) -> &'p str {
        self.train_of_release
            .get(d.release.as_str())
            .copied()
            .unwrap_or("")
    }

    /// The key of the lane `d` is drawn in (empty: no team, no train).
    pub(crate) fn lane_key<'a>(&'a self, by: LaneBy, d: &'a Deployment) -> &'a str {
        match by {
            LaneBy::Service => d.service.as_str(),
            LaneBy::Environment => d.environment.as_str(),
            LaneBy::Team => self.team(d),
            LaneBy::Train => self.train(d),
        }
    }

    /// Whether `filter` lets `d` (whose worst conflict is `worst`) through.
    pub(crate) fn allows(
        &self,
        filter: &CalendarFilter,
        d: &Deployment,
        worst: Option<Severity>,
    ) -> bool {
        let any = |list: &[String], value: &str| list.is_empty() || list.iter().any(|x| x == value);
        // "No conflict" alone is a severity filter too: clean deployments only.
        let by_severity = filter.include_clean || !filter.severities.is_empty();
        any(&filter.releases, d.release.as_str())
            && any(&filter.trains, self.train(d))
            && any(&filter.teams, self.team(d))
            && any(&filter.environments, d.environment.as_str())
            && any(&filter.statuses, d.status().as_str())
            && (!by_severity
                || match worst {
                    Some(s) => filter.severities.contains(&s),
                    None => filter.include_clean,
                })
    }
}

impl FilterContext<'_> {
    /// Whether `filter` lets a conflict through: its severity is one of the
    /// filter's, and one of its deployments passes the other lists (a
    /// deployment's own severity aside). A conflict about releases alone
    /// (no deployments) passes when its releases, their trains and its
    /// environment match; the lists about deployments (team, status) do
    /// not hide it.
    pub(crate) fn allows_conflict<'d>(
        &self,
        filter: &CalendarFilter,
        c: &trainyard_core::Conflict,
        deployment: impl Fn(&trainyard_core::DeploymentId) -> Option<&'d Deployment>,
    ) -> bool {
        // "No conflict" as the only severity asked for: the bars shown are
        // in no conflict, so no conflict is listed.
        if filter.include_clean && filter.severities.is_empty() {
            return false;
        }
        if !filter.severities.is_empty() && !filter.severities.contains(&Severity::from(c.severity))
        {
            return false;
        }
        let unrated = CalendarFilter {
            severities: vec![],
            ..filter.clone()
        };
        let mut deployments = c.deployments.iter().filter_map(&deployment).peekable();
        if deployments.peek().is_some() {
            return deployments.any(|d| self.allows(&unrated, d, None));
        }
        let any_of = |list: &[String], values: Vec<&str>| {
            list.is_empty() || values.iter().any(|v| list.iter().any(|x| x == v))
        };
        let trains = c
            .releases
            .iter()
            .map(|r| self.train_of_release.get(r.as_str()).copied().unwrap_or(""))
            .collect();
        any_of(
            &filter.releases,
            c.releases.iter().map(|r| r.as_str()).collect(),
        ) && any_of(&filter.trains, trains)
            && (filter.environments.is_empty()
                || c.environment
                    .as_ref()
                    .is_none_or(|e| filter.environments.iter().any(|x| x == e.as_str())))
    }
}

pub(super) fn density(
    open: &Open,
    from: Instant,
    to: Instant,
    slices: u32,
    by: LaneBy,
    environment: Option<&str>,
    filter: &CalendarFilter,
) -> CalendarDensity {
    let plan = open.plan();
    let cx = FilterContext::new(plan);
    // The lanes, in the plan's order, and then the lane of what has none.
    let mut lanes: Vec<(String, String)> = match by {
        LaneBy::Service => plan
            .services
            .iter()
            .map(|s| (s.id.0.clone(), s.display_name().to_owned()))
            .collect(),
        LaneBy::Environment => plan
            .environments
            .iter()
            .map(|e| (e.id.0.clone(), e.display_name().to_owned()))
            .collect(),
        LaneBy::Team => plan
            .teams
            .iter()
            .map(|t| (t.id.0.clone(), t.display_name().to_owned()))
            .collect(),
        LaneBy::Train => plan
            .trains
            .iter()
            .map(|t| (t.id.0.clone(), t.display_name().to_owned()))
            .collect(),
    };
    let none_name = match by {
        LaneBy::Team => "No team",
        _ => "No train",
    };
    let mut lane_of: HashMap<String, usize> = lanes
        .iter()
        .enumerate()
        .map(|(i, (k, _))| (k.clone(), i))
        .collect();

    let n = slices as usize;
    let span = (to - from).num_milliseconds().max(1) as f64;
    let slice_of = |t: Instant| -> usize {
        let at = (t - from).num_milliseconds() as f64 / span * n as f64;
        (at.floor().max(0.0) as usize).min(n - 1)
    };
    // Per lane, +1/-1 marks at the first slice and one past the last, summed
    // after: each deployment costs the same however long it runs.
    let mut marks: Vec<[Vec<i64>; 3]> = vec![];
    for d in &plan.deployments {
        if d.start >= to || d.end <= from {
            continue;
        }
        if environment.is_some_and(|e| d.environment.as_str() != e) {
            continue;
        }
        let worst = open.worst(d.id.as_str());
        if !cx.allows(filter, d, worst) {
            continue;
        }
        let key = cx.lane_key(by, d);
        let lane = *lane_of.entry(key.to_owned()).or_insert_with(|| {
            lanes.push((key.to_owned(), none_name.to_owned()));
            lanes.len() - 1
        });
        while marks.len() < lanes.len() {
            marks.push([vec![0; n + 1], vec![0; n + 1], vec![0; n + 1]]);
        }
        // The slice holding the last instant it runs (its end is exclusive).
        let (first, last) = (
            slice_of(d.start.max(from)),
            slice_of(d.end.min(to) - chrono::Duration::nanoseconds(1)),
        );
        let kinds = [
            Some(()),
            (worst == Some(Severity::Error)).then_some(()),
            (worst == Some(Severity::Warning)).then_some(()),
        ];
        for (k, counted) in kinds.iter().enumerate() {
            if counted.is_some() {
                marks[lane][k][first] += 1;
                marks[lane][k][last + 1] -= 1;
            }
        }
    }
    while marks.len() < lanes.len() {
        marks.push([vec![0; n + 1], vec![0; n + 1], vec![0; n + 1]]);
    }
    let mut peak = 0;
    let lanes = lanes
        .into_iter()
        .zip(marks)
        .map(|((key, name), [all, errors, warnings])| {
            let running = |m: Vec<i64>| -> Vec<u32> {
                let mut sum = 0i64;
                m[..n]
                    .iter()
                    .map(|x| {
                        sum += x;
                        sum.max(0) as u32
                    })
                    .collect()
            };
            let deployments = running(all);
            peak = peak.max(deployments.iter().copied().max().unwrap_or(0));
            DensityLane {
                key,
                name,
                deployments,
                errors: running(errors),
                warnings: running(warnings),
            }
        })
        .collect();
    CalendarDensity {
        from: format_instant(from),
        to: format_instant(to),
        slices,
        lanes,
        peak,
    }
}
