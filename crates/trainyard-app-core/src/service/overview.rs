//! The conflict overview command (see `crate::overview`).

use super::AppService;
use crate::dto::ConflictOverview;
use crate::error::AppError;
use crate::overview::conflict_overview;

impl AppService {
    /// Where the open plan's conflicts are over its whole span, and the
    /// week with the most errors.
    pub fn conflict_overview(&self) -> Result<ConflictOverview, AppError> {
        self.with_open(|open| {
            let checker = open.checker();
            Ok(conflict_overview(checker, open.report()))
        })
    }
}
