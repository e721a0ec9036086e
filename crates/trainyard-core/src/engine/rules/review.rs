//! `review-overdue`: an emergency release whose post-implementation review
//! is due and not recorded, judged at the reference time the caller gave
//! (the engine has no clock; without one the rule is not evaluated).

use super::*;
use crate::plan::REVIEW_AFTER;
use crate::time::to_local;

impl<K: Key> Cx<'_, K> {
    /// When release `r`'s review is due: its `review_due`, or
    /// [`REVIEW_AFTER`] after the end of its last active deployment (none
    /// without either).
    fn review_due(&self, r: usize) -> Option<Instant> {
        let release = self.release(r);
        if let Some(due) = release.governance.review_due {
            return Some(due);
        }
        let last = (0..self.plan.environments.len())
            .flat_map(|e| self.idx.release_env(r, e).iter())
            .map(|&d| self.dep(d).end)
            .max()?;
        Some(REVIEW_AFTER.end_after(to_local(last, self.tz), self.tz))
    }

    pub(super) fn review_overdue(&self, r: usize, out: &mut Vec<Conflict>) {
        let Some(as_of) = self.idx.as_of else {
            return;
        };
        let release = self.release(r);
        if release.change_type != ChangeType::Emergency
            || release.status() == ReleaseStatus::Cancelled
            || release.governance.review.is_some()
        {
            return;
        }
        let Some(due) = self.review_due(r) else {
            return;
        };
        if as_of <= due {
            return;
        }
        let mut message = String::with_capacity(160);
        message.push_str(release.display_name());
        message.push_str(" is an emergency release whose post-implementation review was due ");
        push_time(&mut message, due, self.tz);
        message.push_str(" and is not recorded (as of ");
        push_time(&mut message, as_of, self.tz);
        message.push(')');
        let mut c = conflict(Rule::ReviewOverdue, Severity::Warning, message);
        c.releases = vec![release.id.clone()];
        c.evidence = vec![Evidence::Review {
            due: rfc3339(due),
            as_of: rfc3339(as_of),
        }];
        out.push(c);
    }
}
