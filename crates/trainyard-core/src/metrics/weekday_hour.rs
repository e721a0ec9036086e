//! When deployments fail: counts by local weekday and hour of their actual
//! start, for a heat map.

use chrono::{Datelike, Timelike};
use serde::{Deserialize, Serialize};

use super::{counted, MetricsError};
use crate::plan::{OutcomeResult, Plan};
use crate::time::{to_local, Instant};

/// The deployments that started in one hour of one weekday.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HourCell {
    /// Deployments whose outcome finished in the period.
    pub deployments: u64,
    /// Of those, the ones that failed or were rolled back.
    pub failures: u64,
}

/// Seven rows, Monday to Sunday, of 24 hours each: the deployments whose
/// outcome finished in `[from, to)` (the same ones [`super::metrics`]
/// counts), placed by the local weekday and hour, in the plan's zone, at
/// which they actually started.
pub fn by_weekday_hour(
    plan: &Plan,
    from: Instant,
    to: Instant,
) -> Result<Vec<[HourCell; 24]>, MetricsError> {
    if to <= from {
        return Err(MetricsError::EmptyPeriod { from, to });
    }
    let mut rows = vec![[HourCell::default(); 24]; 7];
    for fact in counted(plan, from, to) {
        let local = to_local(fact.outcome.started, plan.timezone);
        let cell =
            &mut rows[local.weekday().num_days_from_monday() as usize][local.hour() as usize];
        cell.deployments += 1;
        if matches!(
            fact.outcome.result,
            Some(OutcomeResult::Failed | OutcomeResult::RolledBack)
        ) {
            cell.failures += 1;
        }
    }
    Ok(rows)
}
