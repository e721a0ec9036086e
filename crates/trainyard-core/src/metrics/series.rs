//! The measures of [`super::metrics`] period by period (weeks or months of
//! the plan's calendar), for trend charts.

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{counted, period_nanos, Measures, MetricsError, Tally};
use crate::plan::Plan;
use crate::time::{resolve_local, to_local, Instant};

/// At most this many periods in one series: a century of weeks. A longer
/// request is refused rather than allocating without bound.
pub const MAX_PERIODS: usize = 5_300;

/// How long each period of a series is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Interval {
    /// From Monday 00:00 to the next Monday 00:00, in the plan's zone.
    Week,
    /// From the 1st 00:00 to the next 1st 00:00, in the plan's zone.
    Month,
}

impl Interval {
    pub const ALL: [Interval; 2] = [Interval::Week, Interval::Month];

    pub fn as_str(self) -> &'static str {
        match self {
            Interval::Week => "week",
            Interval::Month => "month",
        }
    }

    pub fn parse(s: &str) -> Option<Interval> {
        Interval::ALL.into_iter().find(|i| i.as_str() == s)
    }

    /// The first day of the period holding `day`.
    fn floor(self, day: NaiveDate) -> NaiveDate {
        match self {
            Interval::Week => day - Duration::days(i64::from(day.weekday().num_days_from_monday())),
            Interval::Month => day.with_day(1).unwrap_or(day),
        }
    }

    /// The first day of the next period, `None` past chrono's last date.
    fn next(self, first: NaiveDate) -> Option<NaiveDate> {
        match self {
            Interval::Week => first.checked_add_signed(Duration::days(7)),
            Interval::Month => first.checked_add_months(chrono::Months::new(1)),
        }
    }
}

/// One period of a series and its measures (like [`super::Metrics`], with
/// instants that each output writes in its own form).
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodMeasures {
    /// The period's start: its local midnight, or the series' `from` for a
    /// first period that `from` cuts.
    pub start: Instant,
    /// The period's end (exclusive): the next period's local midnight, or the
    /// series' `to` for a last period that `to` cuts.
    pub end: Instant,
    /// The measures of the deployments whose outcome finished in
    /// `[start, end)`; the deployment frequency is per week of this period's
    /// own length, so a cut period is not under-counted.
    pub measures: Measures,
}

/// The measures of every week or month that overlaps `[from, to)`, in order,
/// periods without deployments included (with zero counts), so a chart has
/// no holes. Periods follow the plan's zone: a week starts on Monday at local
/// midnight (at the end of a gap when midnight is skipped), and the first and
/// last periods are cut to `[from, to)`.
pub fn series(
    plan: &Plan,
    from: Instant,
    to: Instant,
    interval: Interval,
) -> Result<Vec<PeriodMeasures>, MetricsError> {
    if to <= from {
        return Err(MetricsError::EmptyPeriod { from, to });
    }
    let tz = plan.timezone;
    let too_many = || MetricsError::TooManyPeriods {
        from,
        to,
        interval,
        max: MAX_PERIODS,
    };

    // The period boundaries: from, then each local period start after it, then to.
    let mut bounds = vec![from];
    let mut day = interval.floor(to_local(from, tz).date());
    while let Some(next) = interval.next(day) {
        let start = resolve_local(next.and_hms_opt(0, 0, 0).unwrap_or_default(), tz);
        if start >= to {
            break;
        }
        if start > *bounds.last().unwrap_or(&from) {
            bounds.push(start);
        }
        if bounds.len() > MAX_PERIODS {
            return Err(too_many());
        }
        day = next;
    }
    bounds.push(to);

    let mut tallies: Vec<Tally> = (1..bounds.len()).map(|_| Tally::default()).collect();
    for fact in counted(plan, from, to) {
        // The last boundary not after `finished` starts its period.
        let i = bounds.partition_point(|&b| b <= fact.finished) - 1;
        tallies[i].add(&fact);
    }
    Ok(tallies
        .into_iter()
        .zip(bounds.windows(2))
        .map(|(tally, w)| PeriodMeasures {
            start: w[0],
            end: w[1],
            measures: tally.measures(period_nanos(w[0], w[1])),
        })
        .collect())
}
