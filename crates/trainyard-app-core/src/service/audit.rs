//! The plan file's audit trail, a page at a time.

use super::AppService;
use crate::dto::{AuditChange, AuditEntry};
use crate::error::AppError;

/// Most audit entries one call returns.
pub const AUDIT_PAGE_MAX: usize = 1000;

impl AppService {
    /// Audit entries newest first: at most `limit` (capped at 1000), with
    /// `seq` below `before_seq` when given (paging).
    pub fn audit_log(
        &self,
        limit: usize,
        before_seq: Option<u64>,
    ) -> Result<Vec<AuditEntry>, AppError> {
        self.with_open(|open| {
            let entries = open
                .store
                .audit_log(limit.min(AUDIT_PAGE_MAX), before_seq)?;
            Ok(entries
                .into_iter()
                .map(|e| AuditEntry {
                    seq: e.seq,
                    at: e.at,
                    user: e.user,
                    action: e.action,
                    changes: e
                        .changes
                        .as_array()
                        .map(|list| {
                            list.iter()
                                .map(|c| {
                                    let text = |k: &str| {
                                        c.get(k).and_then(|v| v.as_str()).unwrap_or("").to_owned()
                                    };
                                    AuditChange {
                                        kind: text("kind"),
                                        id: text("id"),
                                        before: c.get("before").cloned().unwrap_or_default(),
                                        after: c.get("after").cloned().unwrap_or_default(),
                                    }
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                    hash: e.hash,
                })
                .collect())
        })
    }
}
