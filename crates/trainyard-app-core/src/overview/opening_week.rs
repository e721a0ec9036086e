//! The week a plan opens on: the one where a coordinator has the most to fix.

use trainyard_core::{Checker, Report, Severity};

use super::{local_date, monday_of};

/// The Monday of the week (in the plan's zone) holding the most deployments
/// named by error conflicts, each deployment counted once however many
/// errors name it; on a tie the earliest week. `None` when no error names a
/// deployment.
pub fn busiest_error_week(checker: &Checker<'_>, report: &Report) -> Option<chrono::NaiveDate> {
    let plan = checker.plan();
    let mut placed: Vec<(chrono::NaiveDate, &str)> = report
        .conflicts
        .iter()
        .filter(|c| c.severity == Severity::Error)
        .flat_map(|c| c.deployments.iter())
        .filter_map(|id| checker.deployment(id))
        .map(|d| (monday_of(local_date(plan, d.start)), d.id.as_str()))
        .collect();
    placed.sort_unstable();
    placed.dedup();
    let mut best: Option<(chrono::NaiveDate, usize)> = None;
    for run in placed.chunk_by(|a, b| a.0 == b.0) {
        // Weeks come in date order, so only a strictly larger count wins.
        if best.is_none_or(|(_, n)| run.len() > n) {
            best = Some((run[0].0, run.len()));
        }
    }
    best.map(|(week, _)| week)
}
