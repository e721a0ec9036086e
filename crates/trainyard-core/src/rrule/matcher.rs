//! Which days of one period a rule keeps: its BY parts (or the defaults taken
//! from DTSTART), applied to every candidate day with bit masks.

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use super::expand::{days_in_month, is_leap};
use super::{Freq, RRule};

/// The BY filters in effect for one expansion: the rule's own, plus the defaults
/// dateutil derives from DTSTART when a rule names no day (RFC 5545 leaves them to
/// "the appropriate values from DTSTART").
pub(super) struct Matcher {
    months: u16,
    weekdays: u8,
    nth: [u64; 7],
    nth_last: [u64; 7],
    has_nth: bool,
    /// Ordinals count within the year (YEARLY without BYMONTH), else within the month.
    nth_in_year: bool,
    month_days: u32,
    month_days_from_end: u32,
}

impl Matcher {
    pub(super) fn new(rule: &RRule, dtstart: NaiveDateTime) -> Self {
        let mut m = Matcher {
            months: rule.months,
            weekdays: rule.weekdays,
            nth: rule.nth_weekdays,
            nth_last: rule.nth_last_weekdays,
            has_nth: rule.has_nth_weekdays(),
            nth_in_year: rule.freq == Freq::Yearly && rule.months == 0,
            month_days: rule.month_days,
            month_days_from_end: rule.month_days_from_end,
        };
        if !rule.has_weekdays() && m.month_days == 0 && m.month_days_from_end == 0 {
            match rule.freq {
                Freq::Daily => {}
                Freq::Weekly => m.weekdays = 1 << dtstart.weekday().num_days_from_monday(),
                Freq::Monthly => m.month_days = 1 << dtstart.day(),
                Freq::Yearly => {
                    if m.months == 0 {
                        m.months = 1 << dtstart.month();
                    }
                    m.month_days = 1 << dtstart.day();
                }
            }
        }
        m
    }

    pub(super) fn has_month_day_filter(&self) -> bool {
        self.month_days != 0 || self.month_days_from_end != 0
    }

    pub(super) fn month_ok(&self, month: u32) -> bool {
        self.months == 0 || self.months & (1 << month) != 0
    }

    pub(super) fn month_day_ok(&self, day: u32, month_len: u32) -> bool {
        !self.has_month_day_filter()
            || self.month_days & (1 << day) != 0
            || self.month_days_from_end & (1 << (month_len + 1 - day)) != 0
    }

    /// False when BYMONTH and BYMONTHDAY exclude each other (`BYMONTH=2;BYMONTHDAY=30`),
    /// or when every BYDAY entry is an ordinal its period cannot hold (`6MO` within a
    /// month), so such rules finish at once instead of walking periods up to `to`.
    pub(super) fn can_match(&self) -> bool {
        if self.weekdays == 0 && self.has_nth {
            // A month holds at most five of each weekday, a year at most 53.
            let most = if self.nth_in_year { 53 } else { 5 };
            let reachable = ((1u64 << (most + 1)) - 1) & !1;
            if self
                .nth
                .iter()
                .chain(&self.nth_last)
                .all(|&m| m & reachable == 0)
            {
                return false;
            }
        }
        if !self.has_month_day_filter() {
            return true;
        }
        (1..=12).filter(|&m| self.month_ok(m)).any(|m| {
            // February has two possible lengths; the other months one.
            let lens: &[u32] = if m == 2 {
                &[28, 29]
            } else {
                &[days_in_month(2001, m)]
            };
            lens.iter()
                .any(|&len| (1..=len).any(|d| self.month_day_ok(d, len)))
        })
    }

    /// Whether a day matches. `weekday` counts from Monday; `year_day0` is the
    /// 0-based day of the year.
    #[inline]
    pub(super) fn day_ok(
        &self,
        day: u32,
        month_len: u32,
        weekday: u32,
        year_day0: u32,
        year_len: u32,
    ) -> bool {
        if !self.month_day_ok(day, month_len) {
            return false;
        }
        if self.weekdays == 0 && !self.has_nth {
            return true;
        }
        // Plain and numbered BYDAY entries are a union (RFC 5545).
        if self.weekdays & (1 << weekday) != 0 {
            return true;
        }
        let w = weekday as usize;
        if self.nth[w] == 0 && self.nth_last[w] == 0 {
            return false;
        }
        let (pos0, len) = if self.nth_in_year {
            (year_day0, year_len)
        } else {
            (day - 1, month_len)
        };
        let forward = pos0 / 7 + 1;
        let backward = (len - 1 - pos0) / 7 + 1;
        self.nth[w] & (1 << forward) != 0 || self.nth_last[w] & (1 << backward) != 0
    }

    /// Writes the matching days of the period (`len` days from `start`) as
    /// ascending offsets from `start`; returns how many there are.
    pub(super) fn collect(&self, start: NaiveDate, len: u32, out: &mut [u16; 366]) -> usize {
        let mut n = 0;
        let (mut year, mut month, mut day) = (start.year(), start.month(), start.day());
        let mut weekday = start.weekday().num_days_from_monday();
        let mut year_day0 = start.ordinal0();
        let mut offset = 0u32;
        // Walk the period month by month so each month's facts are computed once.
        while offset < len {
            let month_len = days_in_month(year, month);
            let take = (month_len - day + 1).min(len - offset);
            if self.month_ok(month) {
                let year_len = if is_leap(year) { 366 } else { 365 };
                for i in 0..take {
                    if self.day_ok(
                        day + i,
                        month_len,
                        (weekday + i) % 7,
                        year_day0 + i,
                        year_len,
                    ) {
                        // Periods are at most 366 days long, so offsets fit in u16.
                        out[n] = (offset + i) as u16;
                        n += 1;
                    }
                }
            }
            offset += take;
            weekday = (weekday + take) % 7;
            year_day0 += take;
            day = 1;
            month += 1;
            if month > 12 {
                month = 1;
                year += 1;
                year_day0 = 0;
            }
        }
        n
    }
}
