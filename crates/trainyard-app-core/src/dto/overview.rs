//! The conflict overview: where the plan's conflicts are over its whole
//! span, for the strip above the calendar, and the week to open on.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The conflicts whose deployments start in one bucket (days in the plan's
/// zone). A conflict counts once in each bucket one of its deployments
/// starts in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OverviewBucket {
    /// The bucket's first day, `YYYY-MM-DD` in the plan's zone.
    pub start: String,
    pub errors: u32,
    pub warnings: u32,
}

/// The plan's span cut into at most [`crate::overview::MAX_BUCKETS`] buckets
/// of equal length, every bucket listed (empty ones too) in date order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConflictOverview {
    /// The first day of the first bucket, `YYYY-MM-DD`; null for a plan
    /// without deployments (then there are no buckets).
    pub from: Option<String>,
    /// The day after the last bucket.
    pub to: Option<String>,
    /// Days per bucket: 1, or a whole number of weeks starting on Monday.
    pub bucket_days: u32,
    pub buckets: Vec<OverviewBucket>,
    /// The Monday (`YYYY-MM-DD`, plan zone) of the week whose deployments
    /// have the most error conflicts, where a plan opens; null when there
    /// are no errors with deployments.
    pub busiest_error_week: Option<String>,
}
