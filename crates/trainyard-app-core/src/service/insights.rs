//! The Insights view: delivery metrics of a period from the recorded
//! outcomes, as headline figures (overall or per group), a trend by week or
//! month, and failures by local weekday and hour. The numbers are the core's
//! (`trainyard_core::metrics`); this module picks the period and maps them.

use chrono::{Duration, NaiveTime, Utc};
use trainyard_core::metrics::{self, GroupBy, Interval, MetricsError};
use trainyard_core::time::{format_instant, parse_instant, resolve_local, to_local, Instant};
use trainyard_core::Plan;

use super::summary::as_of;
use super::AppService;
use crate::dto::{GroupMeasures, HourCount, InsightGroupBy, Insights, TrendInterval, TrendPoint};
use crate::error::AppError;

/// The default period: this many days, ending at the local midnight after
/// the latest finished outcome (or after today, a demo plan's "as of" day,
/// when none has finished).
pub const DEFAULT_PERIOD_DAYS: i64 = 12 * 7;

impl AppService {
    /// The delivery metrics of the outcomes that finished in `[from, to)`
    /// (both RFC 3339 instants; when either is missing, the default period
    /// of [`default_period`]), with a trend of `interval` periods and, with
    /// `by`, the headline figures per group.
    pub fn insights(
        &self,
        from: Option<&str>,
        to: Option<&str>,
        interval: TrendInterval,
        by: Option<InsightGroupBy>,
    ) -> Result<Insights, AppError> {
        let asked = match (from, to) {
            (Some(f), Some(t)) => Some((instant("from", f)?, instant("to", t)?)),
            _ => None,
        };
        self.with_open(|open| {
            let plan = open.plan();
            // A demo plan lives at its own "now", as the calendar does.
            let now = as_of(plan)
                .and_then(|t| parse_instant(&t).ok())
                .unwrap_or_else(Utc::now);
            let (from, to) = asked.unwrap_or_else(|| default_period(plan, now));
            let interval = match interval {
                TrendInterval::Week => Interval::Week,
                TrendInterval::Month => Interval::Month,
            };
            let by = by.map(|b| match b {
                InsightGroupBy::Service => GroupBy::Service,
                InsightGroupBy::Team => GroupBy::Team,
                InsightGroupBy::Environment => GroupBy::Environment,
            });
            let m = metrics::metrics(plan, from, to, by).map_err(period_error)?;
            let trend = metrics::series(plan, from, to, interval).map_err(period_error)?;
            let cells = metrics::by_weekday_hour(plan, from, to).map_err(period_error)?;
            Ok(Insights {
                from: format_instant(from),
                to: format_instant(to),
                timezone: plan.timezone.name().to_owned(),
                interval: match interval {
                    Interval::Week => TrendInterval::Week,
                    Interval::Month => TrendInterval::Month,
                },
                has_outcomes: plan.deployments.iter().any(|d| d.outcome.is_some()),
                overall: m.overall.into(),
                groups: m
                    .groups
                    .into_iter()
                    .map(|g| GroupMeasures {
                        key: g.key,
                        measures: g.measures.into(),
                    })
                    .collect(),
                trend: trend
                    .into_iter()
                    .map(|p| TrendPoint {
                        start: format_instant(p.start),
                        end: format_instant(p.end),
                        measures: p.measures.into(),
                    })
                    .collect(),
                weekday_hour: cells
                    .iter()
                    .map(|row| {
                        row.iter()
                            .map(|c| HourCount {
                                deployments: c.deployments,
                                failures: c.failures,
                            })
                            .collect()
                    })
                    .collect(),
            })
        })
    }
}

fn instant(what: &str, s: &str) -> Result<Instant, AppError> {
    parse_instant(s).map_err(|e| AppError::invalid_input(format!("{what}: {e}")))
}

fn period_error(e: MetricsError) -> AppError {
    AppError::invalid_input(e.to_string())
}

/// The last [`DEFAULT_PERIOD_DAYS`] days up to the local midnight after the
/// plan's latest finished outcome, or after `now` when none has finished:
/// whole local days, so the weeks of the trend are whole too when the
/// period ends on a Monday.
pub fn default_period(plan: &Plan, now: Instant) -> (Instant, Instant) {
    let tz = plan.timezone;
    let last = plan
        .deployments
        .iter()
        .filter_map(|d| d.outcome.as_ref()?.finished)
        .max()
        .unwrap_or(now);
    let end_day = to_local(last, tz).date() + Duration::days(1);
    let start_day = end_day - Duration::days(DEFAULT_PERIOD_DAYS);
    (
        resolve_local(start_day.and_time(NaiveTime::MIN), tz),
        resolve_local(end_day.and_time(NaiveTime::MIN), tz),
    )
}
