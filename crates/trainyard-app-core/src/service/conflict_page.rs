//! The conflicts panel a page at a time, filtered like the calendar: a
//! 100k-deployment plan has thousands of conflicts (3 MB of JSON), and the
//! panel shows a screenful.

use super::conflict_views::conflict_views;
use super::density::FilterContext;
use super::AppService;
use crate::dto::*;
use crate::error::AppError;

/// At most this many conflicts in one page.
pub const MAX_PAGE: u32 = 1_000;

impl AppService {
    /// The conflicts `filter` lets through, in report order, from `offset`
    /// (at most `limit`), with how many there are in all.
    pub fn conflicts_page(
        &self,
        offset: u32,
        limit: u32,
        filter: &CalendarFilter,
    ) -> Result<ConflictPage, AppError> {
        if limit == 0 || limit > MAX_PAGE {
            return Err(AppError::invalid_input(format!(
                "limit: {limit} is not between 1 and {MAX_PAGE}"
            )));
        }
        self.with_open(|open| {
            let checker = open.checker();
            let cx = FilterContext::new(open.plan());
            let report = checker.report();
            let mut total = 0u32;
            let (mut errors, mut warnings) = (0u32, 0u32);
            let mut page = vec![];
            for c in report.conflicts {
                if !cx.allows_conflict(filter, &c, |id| checker.deployment(id)) {
                    continue;
                }
                match c.severity {
                    trainyard_core::Severity::Error => errors += 1,
                    trainyard_core::Severity::Warning => warnings += 1,
                }
                if total >= offset && page.len() < limit as usize {
                    page.push(c);
                }
                total += 1;
            }
            Ok(ConflictPage {
                total,
                errors,
                warnings,
                offset,
                items: conflict_views(checker, page),
            })
        })
    }
}
