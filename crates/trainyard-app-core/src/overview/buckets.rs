//! The overview strip's buckets: conflict density over the plan's span.

use chrono::{Duration, NaiveDate};
use trainyard_core::{Checker, Report, Severity};

use super::{local_date, monday_of};
use crate::dto::{ConflictOverview, OverviewBucket};

/// The most buckets an overview has, whatever the plan's span: the strip is
/// a few hundred pixels wide, and the answer stays small at any plan size.
pub const MAX_BUCKETS: u32 = 400;

/// The plan's span (first deployment start to last end, as days in its
/// zone) in buckets of one day, or of whole weeks from a Monday when the span
/// is longer than [`MAX_BUCKETS`] days, each counting the errors and
/// warnings whose deployments start in it. One pass over the deployments
/// for the span and one over the report's deployment ids.
pub fn conflict_overview(checker: &Checker<'_>, report: &Report) -> ConflictOverview {
    let plan = checker.plan();
    let span = plan
        .deployments
        .iter()
        .fold(None, |acc: Option<(_, _)>, d| match acc {
            None => Some((d.start, d.end)),
            Some((s, e)) => Some((s.min(d.start), e.max(d.end))),
        });
    let Some((first, last)) = span else {
        return ConflictOverview {
            from: None,
            to: None,
            bucket_days: 1,
            buckets: vec![],
            busiest_error_week: None,
        };
    };
    let (first, last) = (local_date(plan, first), local_date(plan, last));
    let days = (last - first).num_days() + 1;
    let (from, bucket_days) = if days <= i64::from(MAX_BUCKETS) {
        (first, 1)
    } else {
        let from = monday_of(first);
        let weeks = ((last - from).num_days() + 1 + 6) / 7;
        let weeks_per_bucket = (weeks + i64::from(MAX_BUCKETS) - 1) / i64::from(MAX_BUCKETS);
        (from, 7 * weeks_per_bucket)
    };
    let count = ((last - from).num_days() + 1 + bucket_days - 1) / bucket_days;
    let mut buckets: Vec<OverviewBucket> = (0..count)
        .map(|i| OverviewBucket {
            start: date(from + Duration::days(i * bucket_days)),
            errors: 0,
            warnings: 0,
        })
        .collect();
    let mut touched: Vec<usize> = vec![];
    for c in &report.conflicts {
        touched.clear();
        touched.extend(
            c.deployments
                .iter()
                .filter_map(|id| checker.deployment(id))
                .map(|d| ((local_date(plan, d.start) - from).num_days() / bucket_days) as usize)
                .filter(|&i| i < buckets.len()),
        );
        // A conflict counts once per bucket, however many of its deployments start there.
        touched.sort_unstable();
        touched.dedup();
        for &i in &touched {
            match c.severity {
                Severity::Error => buckets[i].errors += 1,
                Severity::Warning => buckets[i].warnings += 1,
            }
        }
    }
    ConflictOverview {
        from: Some(date(from)),
        to: Some(date(from + Duration::days(count * bucket_days))),
        bucket_days: bucket_days as u32,
        buckets,
        busiest_error_week: super::busiest_error_week(checker, report).map(date),
    }
}

fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}
