//! Where a plan's conflicts are, worked out from the checker's report
//! without IO: the density buckets of the overview strip (`buckets.rs`) and
//! the week a plan opens on (`opening_week.rs`). Both place a conflict by
//! the start of its deployments, as calendar days in the plan's zone; a
//! conflict about releases alone (an unapproved release, a dependency
//! cycle) has no place in time and is left out.

mod buckets;
mod opening_week;

pub use buckets::{conflict_overview, MAX_BUCKETS};
pub use opening_week::busiest_error_week;

use chrono::{Datelike, Duration, NaiveDate};
use trainyard_core::time::{to_local, Instant};
use trainyard_core::Plan;

/// The calendar date of `t` in the plan's zone.
fn local_date(plan: &Plan, t: Instant) -> NaiveDate {
    to_local(t, plan.timezone).date()
}

/// The Monday of the ISO week holding `day`.
fn monday_of(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}
