//! Window occurrences over the engine's horizon, and what is derived from
//! them: merged maintenance coverage and blackout timelines, one per distinct
//! set of matching windows.
//!
//! The horizon is a few disjoint stretches around the deployments, not one
//! span from the first to the last: a plan with one deployment centuries
//! away costs the occurrences around that deployment, not every occurrence
//! in between. Each deployment needs only the part of itself the window rules
//! examine ([`examined_end`]). The horizon grows when a deployment moves
//! outside it.

use chrono::Duration;

use super::*;
use crate::fxhash::FxHashMap as HashMap;
use crate::windows::{examined_end, occurrences};

/// Margin around each deployment, so that small moves stay inside.
const SLACK_DAYS: i64 = 31;

/// Stretches closer than this are expanded as one: a window is cheaper to
/// expand over a short gap than once more on each side of it.
const JOIN_DAYS: i64 = 366;

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

/// `spans` sorted and joined where they overlap or lie within [`JOIN_DAYS`].
fn join(mut spans: Vec<(Instant, Instant)>) -> Vec<(Instant, Instant)> {
    spans.sort_unstable();
    let near = Duration::days(JOIN_DAYS);
    let mut out: Vec<(Instant, Instant)> = Vec::with_capacity(spans.len().min(64));
    for (s, e) in spans {
        match out.last_mut() {
            Some(last) if s <= last.1 + near => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// The stretch of the horizon one deployment needs, widened by `margin`.
fn around(start: Instant, end: Instant, margin: Duration) -> (Instant, Instant) {
    (start - margin, examined_end(start, end) + margin)
}

/// Occurrences of `window` over the horizon's stretches, sorted by start.
fn occurrences_over(window: &Window, stretches: &[(Instant, Instant)]) -> Vec<Occurrence> {
    let mut list: Vec<Occurrence> = vec![];
    let mut previous_end: Option<Instant> = None;
    for &(from, to) in stretches {
        let found = occurrences(window, from, to);
        // An occurrence starting before the previous stretch ended also
        // intersects that stretch: it is in the list already.
        list.extend(
            found
                .into_iter()
                .filter(|o| previous_end.is_none_or(|p| o.start >= p)),
        );
        previous_end = Some(to);
    }
    list
}

impl<K: Key> Index<K> {
    /// Expands the windows around every deployment of the plan.
    ///
    /// The stretches are found in whole seconds (one sort of integer pairs:
    /// this runs over every deployment of the plan at each full check), and
    /// only the few joined stretches become instants again. Rounding the
    /// start down and the end up keeps every stretch a superset of what
    /// [`around`] gives.
    pub(crate) fn cover_deployments(&mut self, plan: &Plan) {
        const DAY: i64 = 86_400;
        let slack = SLACK_DAYS * DAY;
        let examined = crate::windows::EXAMINED_DAYS * DAY;
        let span = |start: Instant, end: Instant| {
            let start = start.timestamp();
            let end = end.timestamp() + i64::from(end.timestamp_subsec_nanos() > 0);
            let end = end.min(start.saturating_add(examined));
            (start.saturating_sub(slack), end.saturating_add(slack))
        };
        // Each planned run, and each recorded actual run (which
        // `ran-outside-window` compares with the same windows; it never moves).
        let mut spans: Vec<(i64, i64)> = plan
            .deployments
            .iter()
            .filter(|d| d.start < d.end)
            .map(|d| span(d.start, d.end))
            .collect();
        spans.extend(plan.deployments.iter().filter_map(|d| {
            let o = d.outcome.as_ref()?;
            let finished = o.finished.filter(|&f| o.started < f)?;
            Some(span(o.started, finished))
        }));
        spans.sort_unstable();
        let near = JOIN_DAYS * DAY;
        let mut joined: Vec<(i64, i64)> = Vec::with_capacity(64);
        for (s, e) in spans {
            match joined.last_mut() {
                Some(last) if s <= last.1.saturating_add(near) => last.1 = last.1.max(e),
                _ => joined.push((s, e)),
            }
        }
        let instant = |t: i64, fallback: Instant| Instant::from_timestamp(t, 0).unwrap_or(fallback);
        self.horizon = joined
            .into_iter()
            .map(|(s, e)| (instant(s, Instant::MIN_UTC), instant(e, Instant::MAX_UTC)))
            .collect();
        self.expand(plan);
    }

    /// Makes sure window occurrences cover what the rules examine of a
    /// deployment over `[start, end)`. A stretch missing from the horizon is
    /// added with half a year on each side, so a drag past its edge
    /// re-expands the windows rarely, not on every frame.
    pub(crate) fn ensure_horizon(&mut self, plan: &Plan, start: Instant, end: Instant) {
        let need = around(start, end, Duration::zero());
        if self
            .horizon
            .iter()
            .any(|&(h0, h1)| h0 <= need.0 && need.1 <= h1)
        {
            return;
        }
        let mut spans = std::mem::take(&mut self.horizon);
        spans.push(around(start, end, Duration::days(183)));
        self.horizon = join(spans);
        self.expand(plan);
    }

    /// Expands every window over the horizon and derives coverage and
    /// timelines from the occurrences.
    fn expand(&mut self, plan: &Plan) {
        for (wi, w) in plan.windows.iter().enumerate() {
            self.occurrences[wi] = WindowOccurrences {
                list: occurrences_over(w, &self.horizon),
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
