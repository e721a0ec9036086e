//! The RRULE subset of the plan format (RFC 5545, 3.3.10): strict parsing and
//! expansion into local wall-clock date-times.
//!
//! Supported parts: `FREQ` (`DAILY`, `WEEKLY`, `MONTHLY`, `YEARLY`), `INTERVAL`,
//! `COUNT`, `UNTIL`, `BYDAY`, `BYMONTHDAY`, `BYMONTH`, `BYSETPOS`, `WKST`.
//! Anything else is an [`RRuleError`], never a silent approximation.
//!
//! Expansion follows RFC 5545 and its errata; where the RFC is silent it behaves
//! like python-dateutil's `rrulestr` (the differential test
//! `tests/it/rrule_dateutil.rs` checks that). Two deliberate differences, both
//! where the RFC is explicit:
//! - a `BYDAY` list mixing plain and numbered days is a union (`MO,-1FR` is every
//!   Monday plus the last Friday); dateutil intersects them;
//! - with `FREQ=WEEKLY` and `BYSETPOS` the first week is the whole WKST-aligned week
//!   containing DTSTART ("one interval of the recurrence rule"); dateutil only
//!   looks at the days from DTSTART on in that first week.
//!
//! Expansion walks periods (a day, week, month or year; every INTERVAL-th one,
//! counted from DTSTART's period). Each period's occurrences depend on that period
//! alone, so without `COUNT` the walk starts at the period containing `from`, and
//! the cost follows the length of the queried range, not its distance from DTSTART.
//!
//! `parse` reads and validates the text; `expand` walks the periods and
//! `matcher` decides which days of a period the BY parts keep.

mod expand;
mod matcher;
mod parse;

use chrono::{NaiveDateTime, Weekday};

use crate::time::Instant;

/// The recurrence frequency (only the day-or-longer ones are in the subset).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Freq {
    Daily,
    Weekly,
    Monthly,
    Yearly,
}

/// Why an RRULE text was rejected. The message is lowercase and says what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct RRuleError(pub String);

fn err<T>(msg: impl Into<String>) -> Result<T, RRuleError> {
    Err(RRuleError(msg.into()))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Until {
    /// Compared with local occurrence date-times.
    Local(NaiveDateTime),
    /// Compared with occurrence start instants.
    Utc(Instant),
}

/// A validated recurrence rule of the subset.
///
/// Day sets are kept as bit masks: expansion tests every candidate day against
/// them, and masks make that test a few shifts with no allocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RRule {
    source: String,
    freq: Freq,
    interval: u32,
    count: Option<u32>,
    until: Option<Until>,
    /// Plain BYDAY: bit `w` for the weekday `w` days from Monday.
    weekdays: u8,
    /// Numbered BYDAY, per weekday: bit `n` for ordinal `+n`.
    nth_weekdays: [u64; 7],
    /// Numbered BYDAY, per weekday: bit `n` for ordinal `-n`.
    nth_last_weekdays: [u64; 7],
    /// BYMONTHDAY: bit `d` for day `d`.
    month_days: u32,
    /// BYMONTHDAY: bit `n` for day `-n` (`-1` is the last day of the month).
    month_days_from_end: u32,
    /// BYMONTH: bit `m` for month `m`; 0 when absent.
    months: u16,
    set_pos: Vec<i16>,
    wkst: Weekday,
}

impl RRule {
    /// The text as given (for round trip).
    pub fn source(&self) -> &str {
        &self.source
    }

    pub fn freq(&self) -> Freq {
        self.freq
    }

    pub fn interval(&self) -> u32 {
        self.interval
    }

    pub fn count(&self) -> Option<u32> {
        self.count
    }

    pub fn has_until(&self) -> bool {
        self.until.is_some()
    }

    fn has_nth_weekdays(&self) -> bool {
        self.nth_weekdays
            .iter()
            .chain(&self.nth_last_weekdays)
            .any(|&m| m != 0)
    }

    fn has_weekdays(&self) -> bool {
        self.weekdays != 0 || self.has_nth_weekdays()
    }
}
