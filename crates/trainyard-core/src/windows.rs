//! Window occurrences: a window's local wall-clock rule expanded into UTC
//! intervals, exdates removed, ends computed with nominal days.

use chrono::{Duration, NaiveDateTime};

use crate::plan::Window;
use crate::time::{resolve_local, to_local, Instant};

/// One occurrence of a window as a half-open UTC interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Occurrence {
    pub start: Instant,
    pub end: Instant,
    /// The local wall-clock start (what exdates match).
    pub local_start: NaiveDateTime,
}

/// How far into a deployment the window rules look: its first 36,525 days,
/// about 100 years (`docs/conflict-rules.md`). A daily window has some 36,500
/// occurrences in that time; a deployment lasting until the year 9999 would
/// otherwise need millions.
pub const EXAMINED_DAYS: i64 = 36_525;

/// The end of the part of `[start, end)` the window rules examine.
pub fn examined_end(start: Instant, end: Instant) -> Instant {
    start
        .checked_add_signed(Duration::days(EXAMINED_DAYS))
        .map_or(end, |limit| end.min(limit))
}

/// Occurrences of `window` that intersect `[from, to)`, sorted by start.
pub fn occurrences(window: &Window, from: Instant, to: Instant) -> Vec<Occurrence> {
    if from >= to {
        return vec![];
    }
    let tz = window.timezone;
    let make = |local: NaiveDateTime| {
        let start = resolve_local(local, tz);
        // Without nominal days the end is the start plus exact time: no
        // second look-up of the local time in the zone.
        let end = if window.duration.days == 0 {
            start + Duration::seconds(window.duration.seconds)
        } else {
            window.duration.end_after(local, tz)
        };
        Occurrence {
            start,
            end,
            local_start: local,
        }
    };
    let mut out: Vec<Occurrence> = match &window.rrule {
        None => vec![make(window.start)],
        Some(rule) => {
            // Local bounds wide enough for any offset and for occurrences that
            // started before `from` but still run into it.
            let margin = Duration::hours(27);
            let local_from = to_local(from, tz) - window.duration.max_exact() - margin;
            let local_to = to_local(to, tz) + margin;
            rule.expand(window.start, tz, local_from, local_to)
                .into_iter()
                .map(make)
                .collect()
        }
    };
    out.retain(|o| o.start < to && o.end > from && !window.exdates.contains(&o.local_start));
    out.sort();
    out
}
