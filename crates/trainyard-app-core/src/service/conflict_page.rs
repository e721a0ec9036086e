//! The conflicts panel without the whole report: a 100k-deployment plan has
//! thousands of conflicts (5 MB of JSON with their subjects' names), and the
//! panel shows a screenful. The digest counts every group of the panel (a
//! severity and a rule) and carries each group's first cards; a page carries
//! more of one group, or of all, on demand. Both are filtered like the
//! calendar.

use trainyard_core::Conflict;

use super::conflict_views::conflict_views;
use super::density::FilterContext;
use super::AppService;
use crate::dto::*;
use crate::error::AppError;

/// At most this many conflicts in one page.
pub const MAX_PAGE: u32 = 1_000;
/// At most this many cards per group in a digest.
pub const MAX_FIRST: u32 = 200;

impl AppService {
    /// The conflicts `filter` lets through (of `group` alone, if given), in
    /// report order, from `offset` (at most `limit`), with how many there are
    /// in all.
    pub fn conflicts_page(
        &self,
        offset: u32,
        limit: u32,
        filter: &CalendarFilter,
        group: Option<ConflictGroupKey>,
    ) -> Result<ConflictPage, AppError> {
        if limit == 0 || limit > MAX_PAGE {
            return Err(AppError::invalid_input(format!(
                "limit: {limit} is not between 1 and {MAX_PAGE}"
            )));
        }
        self.with_open(|open| {
            let checker = open.checker();
            let cx = FilterContext::new(open.plan());
            let mut total = 0u32;
            let (mut errors, mut warnings) = (0u32, 0u32);
            let mut page = vec![];
            for c in &open.report().conflicts {
                if !cx.allows_conflict(filter, c, |id| checker.deployment(id)) {
                    continue;
                }
                if group.is_some_and(|g| g != ConflictGroupKey::of(c)) {
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
                items: conflict_views(checker, page.into_iter().cloned()),
            })
        })
    }

    /// The conflicts `filter` lets through, counted by severity and rule
    /// (errors first, then warnings; rules in the order the report first
    /// names them), with the first `first` conflicts of each group.
    pub fn conflict_digest(
        &self,
        filter: &CalendarFilter,
        first: u32,
    ) -> Result<ConflictDigest, AppError> {
        if first > MAX_FIRST {
            return Err(AppError::invalid_input(format!(
                "first: {first} is more than {MAX_FIRST}"
            )));
        }
        self.with_open(|open| {
            let checker = open.checker();
            let cx = FilterContext::new(open.plan());
            let mut groups: Vec<Tally> = vec![];
            for c in &open.report().conflicts {
                if !cx.allows_conflict(filter, c, |id| checker.deployment(id)) {
                    continue;
                }
                let key = ConflictGroupKey::of(c);
                let at = match groups.iter().position(|g| g.key == key) {
                    Some(at) => at,
                    None => {
                        groups.push(Tally {
                            key,
                            title: c.rule.title(),
                            total: 0,
                            items: vec![],
                        });
                        groups.len() - 1
                    }
                };
                let g = &mut groups[at];
                g.total += 1;
                if g.items.len() < first as usize {
                    g.items.push(c);
                }
            }
            // Stable: within a severity, rules keep the report's order.
            groups.sort_by_key(|g| g.key.severity);
            let count = |s: Severity| {
                groups
                    .iter()
                    .filter(|g| g.key.severity == s)
                    .map(|g| g.total)
                    .sum::<u32>()
            };
            let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
            Ok(ConflictDigest {
                total: errors + warnings,
                errors,
                warnings,
                groups: groups
                    .into_iter()
                    .map(|g| ConflictGroup {
                        key: g.key,
                        title: g.title.to_owned(),
                        total: g.total,
                        items: conflict_views(checker, g.items.into_iter().cloned()),
                    })
                    .collect(),
            })
        })
    }
}

/// A digest's group while the report is read.
struct Tally<'r> {
    key: ConflictGroupKey,
    title: &'static str,
    total: u32,
    items: Vec<&'r Conflict>,
}
