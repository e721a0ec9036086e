//! Window occurrences over the engine's horizon, and what is derived from
//! them: merged maintenance coverage and blackout timelines, one per distinct
//! set of matching windows. The horizon grows when a deployment moves past it.

use chrono::Duration;

use super::*;
use crate::fxhash::FxHashMap as HashMap;
use crate::windows::occurrences;

/// One value per distinct set (of windows), and for each pair the position of
/// its set's value.
fn per_set<T>(sets: &[Vec<usize>], make: impl Fn(&[usize]) -> T) -> (Vec<T>, Vec<usize>) {
    let mut seen: HashMap<&[usize], usize> = HashMap::default();
    let mut values = vec![];
    let of = sets
        .iter()
        .map(|set| {
            *seen.entry(set.as_slice()).or_insert_with(|| {
                values.push(make(set));
                values.len() - 1
            })
        })
        .collect();
    (values, of)
}

impl<K: Key> Index<K> {
    /// Makes sure window occurrences cover `[start, end)`. The horizon grows on
    /// the side that is short by its own length (at least a month, at most a
    /// year), so a drag past its edge re-expands the windows rarely, not on
    /// every frame.
    pub(crate) fn ensure_horizon(&mut self, plan: &Plan, start: Instant, end: Instant) {
        let (h0, h1) = self.horizon;
        if h0 <= start && end <= h1 {
            return;
        }
        let slack = Duration::days(31);
        let (new0, new1) = if h0 > h1 {
            (start - slack, end + slack)
        } else {
            // Doubling, but by a year at most: each growth re-expands the
            // windows over the whole horizon.
            let grow = (h1 - h0).clamp(slack, Duration::days(366));
            (
                if h0 <= start {
                    h0
                } else {
                    start.min(h0 - grow)
                },
                if end <= h1 { h1 } else { end.max(h1 + grow) },
            )
        };
        self.horizon = (new0, new1);
        for (wi, w) in plan.windows.iter().enumerate() {
            self.occurrences[wi] = WindowOccurrences {
                list: occurrences(w, new0, new1),
            };
        }
        // One merged coverage per distinct set of matching maintenance windows,
        // one timeline per distinct set of matching blackout windows.
        let (coverage, coverage_of) =
            per_set(&self.maintenance_for, |set| self.merge_coverage(set));
        let (blackouts, blackouts_of) = per_set(&self.blackouts_for, |set| self.timeline(set));
        self.coverage = coverage;
        self.coverage_of = coverage_of;
        self.blackouts = blackouts;
        self.blackouts_of = blackouts_of;
    }

    /// The occurrences of `windows` in one list by (start, window, position).
    fn timeline(&self, windows: &[usize]) -> Timeline<K> {
        let mut entries: Vec<(K, K, usize, usize)> = windows
            .iter()
            .flat_map(|&w| {
                self.occurrences[w]
                    .list
                    .iter()
                    .enumerate()
                    .map(move |(k, o)| (K::of(o.start), K::of(o.end), w, k))
            })
            .collect();
        entries.sort_unstable_by_key(|&(start, _, w, k)| (start, w, k));
        let longest = entries
            .iter()
            .map(|o| o.1.minus(o.0))
            .max()
            .unwrap_or_default();
        Timeline { entries, longest }
    }

    /// The union of the occurrences of `windows`, back-to-back ones chained.
    fn merge_coverage(&self, windows: &[usize]) -> Vec<(K, K)> {
        let mut all: Vec<(K, K)> = windows
            .iter()
            .flat_map(|&w| {
                self.occurrences[w]
                    .list
                    .iter()
                    .map(|o| (K::of(o.start), K::of(o.end)))
            })
            .collect();
        all.sort_unstable();
        let mut merged: Vec<(K, K)> = Vec::with_capacity(all.len());
        for (s, e) in all {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        merged
    }
}
