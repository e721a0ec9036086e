//! What the calendar draws for a period at any zoom: bars while they are few
//! enough to draw, counts per lane and slice of time for the lanes that hold
//! more. A quarter of a 100k-deployment plan is then a few hundred bars and a
//! few hundred numbers per dense lane, not 25,000 bars.

use std::collections::{HashMap, HashSet};

use trainyard_core::time::format_instant;

use super::calendar::{bar, train_marks, window_bands};
use super::density::{density, period, FilterContext, MAX_SLICES};
use super::AppService;
use crate::dto::*;
use crate::error::AppError;

impl AppService {
    /// The bars of `[from, to)` that `filter` lets through, lane by lane
    /// (`lanes`; with `environment`, only that environment's), except the
    /// lanes `budget` counts instead: those come as densities.
    pub fn calendar_range(
        &self,
        from: &str,
        to: &str,
        lanes: LaneBy,
        environment: Option<&str>,
        filter: &CalendarFilter,
        budget: &BarBudget,
    ) -> Result<CalendarRange, AppError> {
        let (from_t, to_t) = period(from, to)?;
        if budget.slices == 0 || budget.slices > MAX_SLICES {
            return Err(AppError::invalid_input(format!(
                "budget.slices: {} is not between 1 and {MAX_SLICES}",
                budget.slices
            )));
        }
        self.with_open(|open| {
            let plan = open.plan();
            let cx = FilterContext::new(plan);
            let shown: Vec<_> = plan
                .deployments
                .iter()
                .filter(|d| d.start < to_t && d.end > from_t)
                .filter(|d| environment.is_none_or(|e| d.environment.as_str() == e))
                .filter(|d| cx.allows(filter, d, open.worst(d.id.as_str())))
                .collect();
            let mut per_lane: HashMap<&str, u32> = HashMap::new();
            for d in &shown {
                *per_lane.entry(cx.lane_key(lanes, d)).or_default() += 1;
            }
            let dense = counted_lanes(&per_lane, budget);
            let deployments = shown
                .iter()
                .filter(|d| !dense.contains(cx.lane_key(lanes, d)))
                .map(|d| bar(open, d))
                .collect();
            let counted = (!dense.is_empty()).then(|| {
                let mut all = density(
                    open,
                    from_t,
                    to_t,
                    budget.slices,
                    lanes,
                    environment,
                    filter,
                );
                all.lanes.retain(|l| dense.contains(l.key.as_str()));
                all.peak = all
                    .lanes
                    .iter()
                    .flat_map(|l| l.deployments.iter().copied())
                    .max()
                    .unwrap_or(0);
                all
            });
            Ok(CalendarRange {
                range: VisibleRange {
                    from: format_instant(from_t),
                    to: format_instant(to_t),
                    deployments,
                    windows: drawn_windows(
                        window_bands(plan, from_t, to_t),
                        lanes,
                        environment,
                        &dense,
                    ),
                    trains: train_marks(plan, from_t, to_t),
                },
                counted,
            })
        })
    }
}

/// The window occurrences the drawn lanes shade, each naming only the drawn
/// lanes it shades: in service lanes, windows of the shown environment, their
/// services cut to those not counted (a quarter's nightly windows of 200
/// services would otherwise be most of the answer, for lanes drawn as
/// counts); in environment lanes, windows of every service, their
/// environments cut the same way; in team and train lanes, which mix
/// services, windows of every service only (drawn across all lanes). A
/// window of every lane keeps its empty lists.
fn drawn_windows(
    windows: Vec<WindowBand>,
    lanes: LaneBy,
    environment: Option<&str>,
    dense: &HashSet<&str>,
) -> Vec<WindowBand> {
    let in_environment = |w: &WindowBand| {
        environment
            .is_none_or(|e| w.environments.is_empty() || w.environments.iter().any(|x| x == e))
    };
    windows
        .into_iter()
        .filter_map(|mut w| {
            match lanes {
                LaneBy::Service => {
                    if !in_environment(&w) {
                        return None;
                    }
                    if !w.services.is_empty() {
                        w.services.retain(|s| !dense.contains(s.as_str()));
                        if w.services.is_empty() {
                            return None;
                        }
                    }
                }
                LaneBy::Environment => {
                    if !w.services.is_empty() {
                        return None;
                    }
                    if !w.environments.is_empty() {
                        w.environments.retain(|e| !dense.contains(e.as_str()));
                        if w.environments.is_empty() {
                            return None;
                        }
                    }
                }
                LaneBy::Team | LaneBy::Train => {
                    if !w.services.is_empty() || !in_environment(&w) {
                        return None;
                    }
                }
            }
            Some(w)
        })
        .collect()
}

/// The lanes to count rather than draw: each over `per_lane`, then the
/// fullest of the rest while more than `total` bars would be drawn (ties by
/// key, so the choice is stable). Expanded lanes are drawn whatever they hold.
pub(crate) fn counted_lanes<'k>(
    per_lane: &HashMap<&'k str, u32>,
    budget: &BarBudget,
) -> HashSet<&'k str> {
    let expanded: HashSet<&str> = budget.expanded.iter().map(String::as_str).collect();
    let mut dense = HashSet::new();
    let mut drawn: u64 = 0;
    let mut rest: Vec<(&str, u32)> = vec![];
    for (&key, &n) in per_lane {
        if expanded.contains(key) {
            drawn += u64::from(n);
        } else if n > budget.per_lane {
            dense.insert(key);
        } else {
            drawn += u64::from(n);
            rest.push((key, n));
        }
    }
    rest.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    for (key, n) in rest {
        if drawn <= u64::from(budget.total) {
            break;
        }
        dense.insert(key);
        drawn -= u64::from(n);
    }
    dense
}

#[cfg(test)]
mod tests {
    use super::*;

    fn budget(per_lane: u32, total: u32, expanded: &[&str]) -> BarBudget {
        BarBudget {
            slices: 10,
            per_lane,
            total,
            expanded: expanded.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn sorted(s: HashSet<&str>) -> Vec<&str> {
        let mut v: Vec<_> = s.into_iter().collect();
        v.sort();
        v
    }

    #[test]
    fn lanes_over_the_per_lane_cap_are_counted() {
        let lanes = HashMap::from([("a", 5), ("b", 50), ("c", 10)]);
        assert_eq!(sorted(counted_lanes(&lanes, &budget(10, 1000, &[]))), ["b"]);
    }

    #[test]
    fn the_fullest_lanes_are_counted_until_the_rest_fit_the_total() {
        let lanes = HashMap::from([("a", 8), ("b", 9), ("c", 9), ("d", 1)]);
        // 27 drawn > 15: count b then c (9 each, by key), leaving a and d (9).
        assert_eq!(
            sorted(counted_lanes(&lanes, &budget(10, 15, &[]))),
            ["b", "c"]
        );
        assert!(counted_lanes(&lanes, &budget(10, 27, &[])).is_empty());
    }

    #[test]
    fn expanded_lanes_are_drawn_whatever_they_hold() {
        let lanes = HashMap::from([("a", 500), ("b", 9)]);
        // a is expanded and over both caps: b is counted to make room, a is not.
        assert_eq!(
            sorted(counted_lanes(&lanes, &budget(10, 100, &["a"]))),
            ["b"]
        );
    }
}
