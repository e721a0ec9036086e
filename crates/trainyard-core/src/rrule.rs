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

use std::str::FromStr;

use chrono::{
    Datelike, Days, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc, Weekday,
};
use chrono_tz::Tz;

use crate::time::{epoch_days, resolve_local, to_local, Instant};

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

/// The parts of the subset, in the order used for duplicate detection.
const PARTS: [&str; 9] = [
    "FREQ",
    "INTERVAL",
    "COUNT",
    "UNTIL",
    "BYDAY",
    "BYMONTHDAY",
    "BYMONTH",
    "BYSETPOS",
    "WKST",
];

impl FromStr for RRule {
    type Err = RRuleError;

    fn from_str(s: &str) -> Result<Self, RRuleError> {
        if s.is_empty() {
            return err("empty RRULE");
        }
        if s.get(..6).is_some_and(|p| p.eq_ignore_ascii_case("rrule:")) {
            return err(
                "the RRULE: prefix is not allowed; give only the rule, like FREQ=WEEKLY;BYDAY=TU",
            );
        }
        if s.chars().any(char::is_whitespace) {
            return err("spaces are not allowed in an RRULE");
        }

        let mut rule = RRule {
            source: s.to_owned(),
            freq: Freq::Daily,
            interval: 1,
            count: None,
            until: None,
            weekdays: 0,
            nth_weekdays: [0; 7],
            nth_last_weekdays: [0; 7],
            month_days: 0,
            month_days_from_end: 0,
            months: 0,
            set_pos: Vec::new(),
            wkst: Weekday::Mon,
        };
        let mut seen = [false; PARTS.len()];
        // The monthly ordinal limit depends on FREQ, which may come later in the text.
        let mut max_ordinal = 0u32;

        for part in s.split(';') {
            if part.is_empty() {
                return err("empty part in RRULE (two semicolons in a row, or one at an end)");
            }
            let Some((name, value)) = part.split_once('=') else {
                return err(format!(
                    "malformed RRULE part {part:?} (expected NAME=VALUE)"
                ));
            };
            let name = name.to_ascii_uppercase();
            let Some(index) = PARTS.iter().position(|p| *p == name) else {
                return if name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                    && !name.is_empty()
                {
                    err(format!("unsupported RRULE part {name}"))
                } else {
                    err(format!("unsupported RRULE part {name:?}"))
                };
            };
            if std::mem::replace(&mut seen[index], true) {
                return err(format!("duplicate RRULE part {name}"));
            }
            if value.is_empty() {
                return err(format!("{name} has an empty value"));
            }
            let value = value.to_ascii_uppercase();
            match name.as_str() {
                "FREQ" => rule.freq = parse_freq(&value)?,
                "INTERVAL" => rule.interval = parse_positive(&value, "INTERVAL")?,
                "COUNT" => rule.count = Some(parse_positive(&value, "COUNT")?),
                "UNTIL" => rule.until = Some(parse_until(&value)?),
                "BYDAY" => {
                    for item in list(&value, "BYDAY")? {
                        let (ordinal, day) = parse_byday(item)?;
                        let w = day.num_days_from_monday() as usize;
                        match ordinal {
                            None => rule.weekdays |= 1 << w,
                            Some(n) if n > 0 => rule.nth_weekdays[w] |= 1 << n,
                            Some(n) => rule.nth_last_weekdays[w] |= 1 << n.unsigned_abs(),
                        }
                        max_ordinal = max_ordinal.max(ordinal.map_or(0, i32::unsigned_abs));
                    }
                }
                "BYMONTHDAY" => {
                    for item in list(&value, "BYMONTHDAY")? {
                        match parse_signed(item, "BYMONTHDAY", 31)? {
                            n if n > 0 => rule.month_days |= 1 << n,
                            n => rule.month_days_from_end |= 1 << n.unsigned_abs(),
                        }
                    }
                }
                "BYMONTH" => {
                    for item in list(&value, "BYMONTH")? {
                        let m = parse_unsigned(item, "BYMONTH")?;
                        if !(1..=12).contains(&m) {
                            return err(format!("BYMONTH value {item} is out of range (1 to 12)"));
                        }
                        rule.months |= 1 << m;
                    }
                }
                "BYSETPOS" => {
                    for item in list(&value, "BYSETPOS")? {
                        let n = parse_signed(item, "BYSETPOS", 366)?;
                        let n = i16::try_from(n).map_err(|_| {
                            RRuleError(format!("BYSETPOS value {item} is out of range"))
                        })?;
                        if !rule.set_pos.contains(&n) {
                            rule.set_pos.push(n);
                        }
                    }
                }
                "WKST" => {
                    rule.wkst = parse_weekday(&value).ok_or_else(|| {
                        RRuleError(format!("WKST must be a weekday (MO to SU), got {value}"))
                    })?
                }
                _ => unreachable!("every name in PARTS has a match arm"),
            }
        }

        if !seen[0] {
            return err("missing FREQ");
        }
        if rule.count.is_some() && rule.until.is_some() {
            return err("COUNT and UNTIL must not both be given");
        }
        let has_month_days = rule.month_days != 0 || rule.month_days_from_end != 0;
        if has_month_days && rule.freq == Freq::Weekly {
            return err("BYMONTHDAY must not be used with FREQ=WEEKLY");
        }
        if rule.has_nth_weekdays() {
            match rule.freq {
                Freq::Daily | Freq::Weekly => {
                    return err(
                        "a numbered BYDAY (like 1MO or -1FR) needs FREQ=MONTHLY or FREQ=YEARLY",
                    );
                }
                Freq::Monthly if max_ordinal > 5 => {
                    return err("BYDAY ordinals with FREQ=MONTHLY must be within -5..5 (not 0)");
                }
                _ => {}
            }
        }
        if !rule.set_pos.is_empty() && !rule.has_weekdays() && !has_month_days && rule.months == 0 {
            return err("BYSETPOS needs another BY part (BYDAY, BYMONTHDAY or BYMONTH)");
        }
        Ok(rule)
    }
}

fn parse_freq(value: &str) -> Result<Freq, RRuleError> {
    match value {
        "DAILY" => Ok(Freq::Daily),
        "WEEKLY" => Ok(Freq::Weekly),
        "MONTHLY" => Ok(Freq::Monthly),
        "YEARLY" => Ok(Freq::Yearly),
        "SECONDLY" | "MINUTELY" | "HOURLY" => err(format!(
            "unsupported FREQ {value} (expected DAILY, WEEKLY, MONTHLY or YEARLY)"
        )),
        _ => err(format!(
            "unknown FREQ {value:?} (expected DAILY, WEEKLY, MONTHLY or YEARLY)"
        )),
    }
}

/// Splits a comma list; empty items are an error like empty parts.
fn list<'a>(value: &'a str, name: &str) -> Result<Vec<&'a str>, RRuleError> {
    let items: Vec<&str> = value.split(',').collect();
    if items.iter().any(|i| i.is_empty()) {
        return err(format!("empty item in the {name} list"));
    }
    Ok(items)
}

/// Digits only (no sign); at most nine so the value fits any integer type we use.
fn parse_unsigned(s: &str, name: &str) -> Result<u32, RRuleError> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return err(format!("{name} value {s:?} is not a number"));
    }
    if s.len() > 9 {
        return err(format!("{name} value {s} is too large"));
    }
    s.parse()
        .map_err(|_| RRuleError(format!("{name} value {s:?} is not a number")))
}

fn parse_positive(s: &str, name: &str) -> Result<u32, RRuleError> {
    match parse_unsigned(s, name)? {
        0 => err(format!("{name} must be at least 1")),
        n => Ok(n),
    }
}

/// An optionally signed non-zero integer with `|n| <= max` (RFC 5545 allows `+`).
fn parse_signed(s: &str, name: &str, max: u32) -> Result<i32, RRuleError> {
    let (negative, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let n = parse_unsigned(digits, name)
        .map_err(|_| RRuleError(format!("{name} value {s:?} is not a number")))?;
    if n == 0 {
        return err(format!("{name} value {s} must not be 0"));
    }
    if n > max {
        return err(format!(
            "{name} value {s} is out of range (-{max} to {max}, not 0)"
        ));
    }
    // n <= 366 here, so the cast is lossless.
    let n = n as i32;
    Ok(if negative { -n } else { n })
}

fn parse_weekday(s: &str) -> Option<Weekday> {
    Some(match s {
        "MO" => Weekday::Mon,
        "TU" => Weekday::Tue,
        "WE" => Weekday::Wed,
        "TH" => Weekday::Thu,
        "FR" => Weekday::Fri,
        "SA" => Weekday::Sat,
        "SU" => Weekday::Sun,
        _ => return None,
    })
}

/// `[+|-]n` weekday, e.g. `TU`, `1MO`, `-1FR`.
fn parse_byday(item: &str) -> Result<(Option<i32>, Weekday), RRuleError> {
    let bad = || {
        RRuleError(format!(
            "BYDAY value {item:?} is not a weekday like MO, 1MO or -1FR"
        ))
    };
    let split = item
        .len()
        .checked_sub(2)
        .filter(|&i| item.is_char_boundary(i))
        .ok_or_else(bad)?;
    let (ordinal, day) = item.split_at(split);
    let day = parse_weekday(day).ok_or_else(bad)?;
    if ordinal.is_empty() {
        return Ok((None, day));
    }
    let n = parse_signed(ordinal, "BYDAY ordinal", 53).map_err(|e| {
        if ordinal
            .trim_start_matches(['+', '-'])
            .bytes()
            .all(|b| b.is_ascii_digit())
        {
            e
        } else {
            bad()
        }
    })?;
    Ok((Some(n), day))
}

/// `YYYYMMDDTHHMMSS` (local) or `YYYYMMDDTHHMMSSZ` (UTC); already upper-cased.
fn parse_until(s: &str) -> Result<Until, RRuleError> {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    if b.len() == 8 && digits(0..8) {
        return err("UNTIL must be a date-time (YYYYMMDDTHHMMSS, or with Z for UTC), not a date");
    }
    let utc = b.len() == 16 && b[15] == b'Z';
    if !(b.len() == 15 || utc) || !digits(0..8) || b[8] != b'T' || !digits(9..15) {
        return err(format!(
            "UNTIL {s:?} is not a date-time like 20270105T220000 or 20270105T220000Z"
        ));
    }
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(u32::MAX);
    let date = NaiveDate::from_ymd_opt(num(0..4) as i32, num(4..6), num(6..8));
    // Leap seconds are refused, as in the plan format's local date-times.
    let time = NaiveTime::from_hms_opt(num(9..11), num(11..13), num(13..15));
    let (Some(date), Some(time)) = (date, time) else {
        return err(format!("UNTIL {s} is not a valid calendar date and time"));
    };
    let local = date.and_time(time);
    Ok(if utc {
        Until::Utc(Utc.from_utc_datetime(&local))
    } else {
        Until::Local(local)
    })
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

    /// Local start date-times of the occurrences whose local start lies in [from, to),
    /// ascending, for a recurrence whose DTSTART is `dtstart` (local wall time in `tz`).
    /// COUNT is counted from dtstart (before any exdates, which the caller removes).
    /// UNTIL as local date-time compares with local occurrence date-times; UNTIL with Z
    /// compares with occurrence start instants (see [`crate::time::resolve_local`]).
    pub fn expand(
        &self,
        dtstart: NaiveDateTime,
        tz: Tz,
        from: NaiveDateTime,
        to: NaiveDateTime,
    ) -> Vec<NaiveDateTime> {
        self.expand_impl(dtstart, tz, from, to, true)
    }

    /// `jump`: start at the period containing `from` when that is allowed (no COUNT);
    /// tests switch it off to check the jump against a walk from DTSTART.
    fn expand_impl(
        &self,
        dtstart: NaiveDateTime,
        tz: Tz,
        from: NaiveDateTime,
        to: NaiveDateTime,
        jump: bool,
    ) -> Vec<NaiveDateTime> {
        let mut out = Vec::new();
        // No occurrence precedes DTSTART.
        if from >= to || to <= dtstart {
            return out;
        }
        let matcher = Matcher::new(self, dtstart);
        if !matcher.can_match() {
            return out;
        }
        let time = dtstart.time();
        let anchor = self.anchor(dtstart.date());
        // Periods starting after this cannot hold an occurrence we may return.
        let until_bound = match self.until {
            Some(Until::Local(u)) => Some(u),
            // Zone offsets never jump by more than a day, so two days is a safe margin.
            Some(Until::Utc(u)) => to_local(u, tz).checked_add_signed(Duration::days(2)),
            None => None,
        };
        let mut k = match self.count {
            Some(_) => 0,
            None if jump => self.period_index_at(anchor, from.date()),
            None => 0,
        };
        let mut remaining = self.count;
        let mut days = [0u16; 366];
        while let Some((start, len)) = self.period(anchor, k) {
            let period_start = start.and_time(time);
            if period_start >= to || until_bound.is_some_and(|u| period_start > u) {
                break;
            }
            let n = matcher.collect(start, len, &mut days);
            let mut picked = [true; 366];
            if !self.set_pos.is_empty() {
                picked[..n].fill(false);
                for &pos in &self.set_pos {
                    let i = if pos > 0 {
                        i32::from(pos) - 1
                    } else {
                        n as i32 + i32::from(pos)
                    };
                    if (0..n as i32).contains(&i) {
                        picked[i as usize] = true;
                    }
                }
            }
            for (&offset, _) in days[..n].iter().zip(&picked[..n]).filter(|(_, p)| **p) {
                let Some(date) = start.checked_add_days(Days::new(u64::from(offset))) else {
                    return out;
                };
                let local = date.and_time(time);
                if local < dtstart {
                    continue;
                }
                let past_until = match self.until {
                    Some(Until::Local(u)) => local > u,
                    Some(Until::Utc(u)) => resolve_local(local, tz) > u,
                    None => false,
                };
                if past_until || local >= to {
                    return out;
                }
                if local >= from {
                    out.push(local);
                }
                if let Some(left) = remaining.as_mut() {
                    *left -= 1;
                    if *left == 0 {
                        return out;
                    }
                }
            }
            k += 1;
        }
        out
    }

    /// Where period 0 (DTSTART's period) lies, in the unit of the frequency:
    /// epoch day, epoch day of the week's first day, month number, or year.
    fn anchor(&self, d: NaiveDate) -> i64 {
        match self.freq {
            Freq::Daily => epoch_days(d),
            Freq::Weekly => week_start(d, self.wkst),
            Freq::Monthly => month_number(d),
            Freq::Yearly => i64::from(d.year()),
        }
    }

    /// The index of the last period that starts on or before `d`'s period (0 at the earliest).
    fn period_index_at(&self, anchor: i64, d: NaiveDate) -> i64 {
        let units = match self.freq {
            Freq::Daily => epoch_days(d) - anchor,
            Freq::Weekly => (week_start(d, self.wkst) - anchor) / 7,
            Freq::Monthly => month_number(d) - anchor,
            Freq::Yearly => i64::from(d.year()) - anchor,
        };
        (units / i64::from(self.interval)).max(0)
    }

    /// The first day and the length in days of period `k`; `None` past chrono's range.
    fn period(&self, anchor: i64, k: i64) -> Option<(NaiveDate, u32)> {
        let step = k.checked_mul(i64::from(self.interval))?;
        let from_epoch_day = |d: i64| {
            NaiveDate::from_num_days_from_ce_opt(i32::try_from(d.checked_add(719_163)?).ok()?)
        };
        match self.freq {
            Freq::Daily => Some((from_epoch_day(anchor.checked_add(step)?)?, 1)),
            Freq::Weekly => Some((
                from_epoch_day(anchor.checked_add(step.checked_mul(7)?)?)?,
                7,
            )),
            Freq::Monthly => {
                let m = anchor.checked_add(step)?;
                let (year, month) = (
                    i32::try_from(m.div_euclid(12)).ok()?,
                    m.rem_euclid(12) as u32 + 1,
                );
                Some((
                    NaiveDate::from_ymd_opt(year, month, 1)?,
                    days_in_month(year, month),
                ))
            }
            Freq::Yearly => {
                let year = i32::try_from(anchor.checked_add(step)?).ok()?;
                Some((
                    NaiveDate::from_ymd_opt(year, 1, 1)?,
                    if is_leap(year) { 366 } else { 365 },
                ))
            }
        }
    }
}

fn week_start(d: NaiveDate, wkst: Weekday) -> i64 {
    let back = (7 + d.weekday().num_days_from_monday() - wkst.num_days_from_monday()) % 7;
    epoch_days(d) - i64::from(back)
}

fn month_number(d: NaiveDate) -> i64 {
    i64::from(d.year()) * 12 + i64::from(d.month0())
}

fn is_leap(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 31,
    }
}

/// The BY filters in effect for one expansion: the rule's own, plus the defaults
/// dateutil derives from DTSTART when a rule names no day (RFC 5545 leaves them to
/// "the appropriate values from DTSTART").
struct Matcher {
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
    fn new(rule: &RRule, dtstart: NaiveDateTime) -> Self {
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

    fn has_month_day_filter(&self) -> bool {
        self.month_days != 0 || self.month_days_from_end != 0
    }

    fn month_ok(&self, month: u32) -> bool {
        self.months == 0 || self.months & (1 << month) != 0
    }

    fn month_day_ok(&self, day: u32, month_len: u32) -> bool {
        !self.has_month_day_filter()
            || self.month_days & (1 << day) != 0
            || self.month_days_from_end & (1 << (month_len + 1 - day)) != 0
    }

    /// False when BYMONTH and BYMONTHDAY exclude each other (`BYMONTH=2;BYMONTHDAY=30`),
    /// so such rules finish at once instead of walking periods up to `to`.
    fn can_match(&self) -> bool {
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
    fn day_ok(
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
    fn collect(&self, start: NaiveDate, len: u32, out: &mut [u16; 366]) -> usize {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::{format_local, parse_local};

    fn rule(s: &str) -> RRule {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn at(s: &str) -> NaiveDateTime {
        parse_local(s).unwrap()
    }

    fn tz(name: &str) -> Tz {
        name.parse().unwrap()
    }

    fn expand(r: &str, dtstart: &str, zone: &str, from: &str, to: &str) -> Vec<String> {
        rule(r)
            .expand(at(dtstart), tz(zone), at(from), at(to))
            .into_iter()
            .map(format_local)
            .collect()
    }

    #[test]
    fn invalid_rules_are_rejected_with_a_reason() {
        let cases = [
            ("", "empty"),
            ("RRULE:FREQ=DAILY", "prefix"),
            ("rrule:FREQ=DAILY", "prefix"),
            ("FREQ=DAILY; INTERVAL=2", "spaces"),
            ("FREQ=DAILY;INTERVAL=2 ", "spaces"),
            ("FREQ=DAILY;;INTERVAL=2", "empty part"),
            ("FREQ=DAILY;", "empty part"),
            (";FREQ=DAILY", "empty part"),
            ("FREQ=DAILY;INTERVAL", "malformed"),
            ("FREQ=DAILY;INTERVAL=", "empty value"),
            ("FREQ=DAILY;BYHOUR=9", "unsupported RRULE part BYHOUR"),
            ("FREQ=DAILY;BYMINUTE=9", "unsupported RRULE part BYMINUTE"),
            ("FREQ=YEARLY;BYWEEKNO=9", "unsupported RRULE part BYWEEKNO"),
            (
                "FREQ=YEARLY;BYYEARDAY=9",
                "unsupported RRULE part BYYEARDAY",
            ),
            ("FREQ=DAILY;X-FOO=1", "unsupported RRULE part X-FOO"),
            ("FREQ=HOURLY", "unsupported FREQ HOURLY"),
            ("FREQ=MINUTELY", "unsupported FREQ"),
            ("FREQ=FORTNIGHTLY", "unknown FREQ"),
            ("INTERVAL=2", "missing FREQ"),
            ("FREQ=DAILY;FREQ=WEEKLY", "duplicate RRULE part FREQ"),
            ("FREQ=DAILY;count=2;COUNT=3", "duplicate RRULE part COUNT"),
            (
                "FREQ=DAILY;COUNT=2;UNTIL=20270101T000000Z",
                "COUNT and UNTIL must not both be given",
            ),
            ("FREQ=DAILY;COUNT=0", "COUNT must be at least 1"),
            ("FREQ=DAILY;INTERVAL=0", "INTERVAL must be at least 1"),
            ("FREQ=DAILY;UNTIL=20270101", "not a date"),
            ("FREQ=DAILY;UNTIL=2027-01-01T00:00:00", "not a date-time"),
            (
                "FREQ=DAILY;UNTIL=20270230T000000",
                "not a valid calendar date",
            ),
            (
                "FREQ=DAILY;UNTIL=20270101T240000",
                "not a valid calendar date",
            ),
            ("FREQ=DAILY;UNTIL=20270101T000000+0100", "not a date-time"),
            (
                "FREQ=WEEKLY;BYMONTHDAY=1",
                "BYMONTHDAY must not be used with FREQ=WEEKLY",
            ),
            ("FREQ=WEEKLY;BYDAY=1MO", "numbered BYDAY"),
            ("FREQ=DAILY;BYDAY=-1FR", "numbered BYDAY"),
            ("FREQ=MONTHLY;BYSETPOS=1", "BYSETPOS needs another BY part"),
            (
                "FREQ=MONTHLY;BYSETPOS=1;WKST=MO;INTERVAL=2",
                "BYSETPOS needs another BY part",
            ),
            ("FREQ=MONTHLY;BYMONTHDAY=0", "must not be 0"),
            ("FREQ=MONTHLY;BYMONTHDAY=32", "out of range"),
            ("FREQ=MONTHLY;BYMONTHDAY=-32", "out of range"),
            ("FREQ=YEARLY;BYMONTH=0", "out of range"),
            ("FREQ=YEARLY;BYMONTH=13", "out of range"),
            ("FREQ=YEARLY;BYMONTH=-1", "not a number"),
            ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=0", "must not be 0"),
            ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=367", "out of range"),
            ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=-367", "out of range"),
            ("FREQ=YEARLY;BYDAY=0MO", "must not be 0"),
            ("FREQ=YEARLY;BYDAY=54MO", "out of range"),
            ("FREQ=YEARLY;BYDAY=-54MO", "out of range"),
            ("FREQ=MONTHLY;BYDAY=6MO", "within -5..5"),
            ("FREQ=MONTHLY;BYDAY=-6MO", "within -5..5"),
            ("FREQ=MONTHLY;BYDAY=MON", "not a weekday"),
            ("FREQ=MONTHLY;BYDAY=1", "not a weekday"),
            ("FREQ=MONTHLY;BYDAY=X1MO", "not a weekday"),
            ("FREQ=MONTHLY;BYDAY=MO,,TU", "empty item"),
            ("FREQ=MONTHLY;BYDAY=MO,", "empty item"),
            ("FREQ=MONTHLY;BYDAY=1ÉMO", "not a weekday"),
            ("FREQ=DAILY;INTERVAL=x", "not a number"),
            ("FREQ=DAILY;INTERVAL=-1", "not a number"),
            ("FREQ=DAILY;INTERVAL=+1", "not a number"),
            ("FREQ=DAILY;COUNT=1.5", "not a number"),
            ("FREQ=DAILY;COUNT=99999999999999999999", "too large"),
            ("FREQ=MONTHLY;BYMONTHDAY=--1", "not a number"),
            ("FREQ=MONTHLY;BYMONTHDAY=-", "not a number"),
            ("FREQ=WEEKLY;WKST=XX", "WKST must be a weekday"),
        ];
        for (text, expected) in cases {
            match text.parse::<RRule>() {
                Ok(r) => panic!("{text:?} was accepted: {r:?}"),
                Err(RRuleError(msg)) => {
                    assert!(
                        msg.contains(expected),
                        "{text:?}: message {msg:?} does not mention {expected:?}"
                    );
                    // Lowercase, except where the message opens with a part name.
                    let first = msg.split(' ').next().unwrap_or_default();
                    assert!(
                        first.chars().all(|c| !c.is_uppercase()) || PARTS.contains(&first),
                        "{msg}"
                    );
                }
            }
        }
    }

    #[test]
    fn valid_rules_parse_case_insensitively_and_keep_their_text() {
        let r = rule("freq=weekly;interval=2;byday=tu,th;wkst=su;until=20270101t000000z");
        assert_eq!(
            r.source(),
            "freq=weekly;interval=2;byday=tu,th;wkst=su;until=20270101t000000z"
        );
        assert_eq!(
            (r.freq(), r.interval(), r.count(), r.has_until()),
            (Freq::Weekly, 2, None, true)
        );
        let r = rule("BYMONTHDAY=+1,-1;FREQ=MONTHLY;COUNT=3");
        assert_eq!(
            (r.freq(), r.interval(), r.count(), r.has_until()),
            (Freq::Monthly, 1, Some(3), false)
        );
        for ok in [
            "FREQ=YEARLY;BYDAY=53MO,-53SU",
            "FREQ=YEARLY;BYMONTH=1;BYDAY=20MO",
            "FREQ=MONTHLY;BYDAY=+5FR;BYSETPOS=-366",
            "FREQ=YEARLY;BYMONTH=2;BYSETPOS=1",
            "FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30",
            "FREQ=DAILY;UNTIL=20271231T235959",
        ] {
            rule(ok);
        }
    }

    #[test]
    fn a_byday_list_mixing_plain_and_numbered_days_is_a_union() {
        let got = expand(
            "FREQ=MONTHLY;BYDAY=MO,-1FR",
            "2027-01-01T09:00",
            "Europe/Berlin",
            "2027-01-01T00:00",
            "2027-02-01T00:00",
        );
        assert_eq!(
            got,
            [
                "2027-01-04T09:00:00",
                "2027-01-11T09:00:00",
                "2027-01-18T09:00:00",
                "2027-01-25T09:00:00",
                "2027-01-29T09:00:00"
            ]
        );
    }

    #[test]
    fn negative_bymonthday_counts_from_the_end_of_each_month() {
        let got = expand(
            "FREQ=MONTHLY;BYMONTHDAY=-3",
            "2027-01-29T00:00",
            "Europe/Berlin",
            "2027-01-01T00:00",
            "2027-05-01T00:00",
        );
        assert_eq!(
            got,
            [
                "2027-01-29T00:00:00",
                "2027-02-26T00:00:00",
                "2027-03-29T00:00:00",
                "2027-04-28T00:00:00"
            ]
        );
        let leap = expand(
            "FREQ=MONTHLY;BYMONTHDAY=-3",
            "2028-02-01T00:00",
            "UTC",
            "2028-02-01T00:00",
            "2028-03-01T00:00",
        );
        assert_eq!(leap, ["2028-02-27T00:00:00"]);
    }

    #[test]
    fn dtstart_is_an_occurrence_only_when_it_matches() {
        let got = expand(
            "FREQ=WEEKLY;BYDAY=TU;COUNT=2",
            "2027-01-04T10:00",
            "UTC",
            "2027-01-01T00:00",
            "2028-01-01T00:00",
        );
        assert_eq!(got, ["2027-01-05T10:00:00", "2027-01-12T10:00:00"]);
    }

    #[test]
    fn rfc_5545_examples_expand_as_published() {
        // WKST changes which weeks an every-other-week rule uses (RFC 5545, 3.8.5.3).
        let mo = expand(
            "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO",
            "1997-08-05T09:00",
            "America/New_York",
            "1997-01-01T00:00",
            "1998-01-01T00:00",
        );
        assert_eq!(
            mo,
            [
                "1997-08-05T09:00:00",
                "1997-08-10T09:00:00",
                "1997-08-19T09:00:00",
                "1997-08-24T09:00:00"
            ]
        );
        let su = expand(
            "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU",
            "1997-08-05T09:00",
            "America/New_York",
            "1997-01-01T00:00",
            "1998-01-01T00:00",
        );
        assert_eq!(
            su,
            [
                "1997-08-05T09:00:00",
                "1997-08-17T09:00:00",
                "1997-08-19T09:00:00",
                "1997-08-31T09:00:00"
            ]
        );
        // Every Friday the 13th, which excludes DTSTART.
        let fri13 = expand(
            "FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13;COUNT=3",
            "1997-09-02T09:00",
            "America/New_York",
            "1997-01-01T00:00",
            "2000-01-01T00:00",
        );
        assert_eq!(
            fri13,
            [
                "1998-02-13T09:00:00",
                "1998-03-13T09:00:00",
                "1998-11-13T09:00:00"
            ]
        );
        // The last work day of the month.
        let last = expand(
            "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=3",
            "1997-09-29T09:00",
            "America/New_York",
            "1997-01-01T00:00",
            "2000-01-01T00:00",
        );
        assert_eq!(
            last,
            [
                "1997-09-30T09:00:00",
                "1997-10-31T09:00:00",
                "1997-11-28T09:00:00"
            ]
        );
        // US Presidential election day.
        let vote = expand(
            "FREQ=YEARLY;INTERVAL=4;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8",
            "1996-11-05T09:00",
            "America/New_York",
            "1996-01-01T00:00",
            "2005-01-01T00:00",
        );
        assert_eq!(
            vote,
            [
                "1996-11-05T09:00:00",
                "2000-11-07T09:00:00",
                "2004-11-02T09:00:00"
            ]
        );
        // Monday of week 20 is out of the subset, but the 20th Monday of the year is not.
        let mo20 = expand(
            "FREQ=YEARLY;BYDAY=20MO;COUNT=2",
            "1997-05-19T09:00",
            "America/New_York",
            "1997-01-01T00:00",
            "2000-01-01T00:00",
        );
        assert_eq!(mo20, ["1997-05-19T09:00:00", "1998-05-18T09:00:00"]);
    }

    #[test]
    fn monthly_rules_skip_months_without_dtstarts_day() {
        let got = expand(
            "FREQ=MONTHLY;COUNT=4",
            "2027-01-31T08:00",
            "UTC",
            "2027-01-01T00:00",
            "2028-01-01T00:00",
        );
        assert_eq!(
            got,
            [
                "2027-01-31T08:00:00",
                "2027-03-31T08:00:00",
                "2027-05-31T08:00:00",
                "2027-07-31T08:00:00"
            ]
        );
    }

    #[test]
    fn weekly_bysetpos_chooses_within_the_whole_first_week() {
        // DTSTART is a Wednesday; the first week's first weekday is Monday the 4th,
        // which precedes DTSTART, so the first occurrence is the next week's Monday.
        let got = expand(
            "FREQ=WEEKLY;BYDAY=MO,WE,FR;BYSETPOS=1;COUNT=2",
            "2027-01-06T09:00",
            "UTC",
            "2027-01-01T00:00",
            "2028-01-01T00:00",
        );
        assert_eq!(got, ["2027-01-11T09:00:00", "2027-01-18T09:00:00"]);
    }

    #[test]
    fn a_rule_that_can_never_match_is_empty_at_once() {
        let started = std::time::Instant::now();
        for r in [
            "FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30",
            "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;COUNT=3",
            "FREQ=YEARLY;BYMONTH=4,6;BYMONTHDAY=31,-31",
            "FREQ=MONTHLY;BYMONTH=2;COUNT=5",
        ] {
            assert!(
                rule(r)
                    .expand(
                        at("2027-01-30T09:00"),
                        tz("UTC"),
                        at("2027-01-01T00:00"),
                        at("9999-01-01T00:00")
                    )
                    .is_empty(),
                "{r}"
            );
        }
        // These are not caught up front, but the walk is bounded by `to`.
        for r in [
            "FREQ=MONTHLY;BYDAY=5MO;BYMONTHDAY=1",
            "FREQ=WEEKLY;BYDAY=MO;BYSETPOS=2",
        ] {
            assert!(
                rule(r)
                    .expand(
                        at("2027-01-30T09:00"),
                        tz("UTC"),
                        at("2027-01-01T00:00"),
                        at("2127-01-01T00:00")
                    )
                    .is_empty(),
                "{r}"
            );
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(2),
            "took {:?}",
            started.elapsed()
        );
    }

    #[test]
    fn jumping_to_the_queried_period_matches_walking_from_dtstart() {
        let rules = [
            "FREQ=DAILY",
            "FREQ=DAILY;INTERVAL=3;BYDAY=MO,FR",
            "FREQ=DAILY;INTERVAL=4;BYMONTHDAY=1,-1;BYMONTH=1,3",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,SU;WKST=SU",
            "FREQ=WEEKLY;INTERVAL=3;BYDAY=MO,WE,FR;BYSETPOS=-1",
            "FREQ=WEEKLY;INTERVAL=4",
            "FREQ=MONTHLY;INTERVAL=5;BYDAY=-1FR,2MO",
            "FREQ=MONTHLY;INTERVAL=2",
            "FREQ=MONTHLY;BYMONTHDAY=-3;INTERVAL=7",
            "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1,1;INTERVAL=3",
            "FREQ=YEARLY;INTERVAL=3",
            "FREQ=YEARLY;BYDAY=20MO,-1SU;INTERVAL=2",
            "FREQ=YEARLY;BYMONTH=2,8;BYDAY=-1TH;INTERVAL=3",
            "FREQ=YEARLY;BYMONTHDAY=15;BYSETPOS=2,-2",
            "FREQ=WEEKLY;INTERVAL=2;UNTIL=20300101T000000",
            "FREQ=MONTHLY;BYDAY=1SA;UNTIL=20291231T000000Z",
        ];
        let starts = [
            "2024-02-29T02:30",
            "2025-06-15T23:59:59",
            "2026-10-25T02:30",
            "2027-01-01T00:00",
        ];
        let ranges = [
            ("2024-01-01T00:00", "2024-03-01T00:00"),
            ("2029-05-07T12:00", "2030-06-01T00:00"),
            ("2031-12-31T23:00", "2032-01-08T00:00"),
        ];
        for r in rules {
            let r = rule(r);
            for s in starts {
                for (from, to) in ranges {
                    let (s, from, to) = (at(s), at(from), at(to));
                    let jumped = r.expand_impl(s, tz("Europe/Berlin"), from, to, true);
                    let walked = r.expand_impl(s, tz("Europe/Berlin"), from, to, false);
                    assert_eq!(jumped, walked, "{} from {s} in [{from}, {to})", r.source());
                }
            }
        }
    }

    #[test]
    fn local_until_compares_wall_time_and_utc_until_compares_instants() {
        // 22:00 in New York is 03:00Z the next day.
        let local = expand(
            "FREQ=DAILY;UNTIL=20270107T230000",
            "2027-01-05T22:00",
            "America/New_York",
            "2027-01-01T00:00",
            "2028-01-01T00:00",
        );
        assert_eq!(
            local,
            [
                "2027-01-05T22:00:00",
                "2027-01-06T22:00:00",
                "2027-01-07T22:00:00"
            ]
        );
        let utc = expand(
            "FREQ=DAILY;UNTIL=20270107T230000Z",
            "2027-01-05T22:00",
            "America/New_York",
            "2027-01-01T00:00",
            "2028-01-01T00:00",
        );
        assert_eq!(utc, ["2027-01-05T22:00:00", "2027-01-06T22:00:00"]);
        // UNTIL is inclusive, also for an occurrence in the spring gap: 02:30 on
        // 2027-03-28 in Berlin is read as +01:00, i.e. 01:30Z.
        let gap = expand(
            "FREQ=DAILY;UNTIL=20270328T013000Z",
            "2027-03-27T02:30",
            "Europe/Berlin",
            "2027-01-01T00:00",
            "2028-01-01T00:00",
        );
        assert_eq!(gap, ["2027-03-27T02:30:00", "2027-03-28T02:30:00"]);
        let before_gap = expand(
            "FREQ=DAILY;UNTIL=20270328T012959Z",
            "2027-03-27T02:30",
            "Europe/Berlin",
            "2027-01-01T00:00",
            "2028-01-01T00:00",
        );
        assert_eq!(before_gap, ["2027-03-27T02:30:00"]);
    }

    #[test]
    fn count_is_counted_from_dtstart_even_when_the_range_starts_later() {
        let got = expand(
            "FREQ=WEEKLY;COUNT=10",
            "2027-01-05T10:00",
            "UTC",
            "2027-03-01T00:00",
            "2030-01-01T00:00",
        );
        assert_eq!(got, ["2027-03-02T10:00:00", "2027-03-09T10:00:00"]);
    }

    #[test]
    fn huge_intervals_and_far_horizons_do_not_overflow() {
        let got = expand(
            "FREQ=YEARLY;INTERVAL=999999999",
            "2027-01-05T10:00",
            "UTC",
            "2000-01-01T00:00",
            "9999-01-01T00:00",
        );
        assert_eq!(got, ["2027-01-05T10:00:00"]);
        let far = rule("FREQ=DAILY;INTERVAL=999999999").expand(
            at("2027-01-05T10:00"),
            tz("UTC"),
            NaiveDateTime::MIN,
            NaiveDateTime::MAX,
        );
        assert_eq!(far.len(), 1);
    }
}
