//! The times in conflict messages and evidence, written digit by digit.
//!
//! The text is exactly that of [`crate::time::human_time`],
//! [`crate::time::human_interval`] and [`crate::time::format_instant`] (the
//! tests below compare them over many instants and zones); the first two go
//! through chrono's `strftime` interpreter, which re-parses the pattern on every
//! call and was an eighth of a full check. Years outside 0..=9999 (which chrono
//! writes with a sign) fall back to them.

use std::fmt::Write as _;

use chrono::{DateTime, Datelike, NaiveDateTime, Timelike};
use chrono_tz::{OffsetName, Tz};

use crate::time::{self, Instant};

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn push_2(out: &mut String, n: u32) {
    out.push(char::from(b'0' + (n / 10) as u8));
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// `%Z`: the zone's abbreviation (`CET`), or chrono-tz's numeric form (`+03`).
fn push_zone(out: &mut String, l: &DateTime<Tz>) {
    match l.offset().abbreviation() {
        Some(name) => out.push_str(name),
        None => {
            let _ = write!(out, "{}", l.offset());
        }
    }
}

/// `%H:%M %Z`.
fn push_clock(out: &mut String, l: &DateTime<Tz>, n: &NaiveDateTime) {
    push_2(out, n.hour());
    out.push(':');
    push_2(out, n.minute());
    out.push(' ');
    push_zone(out, l);
}

/// The local wall time (a `DateTime<Tz>` recomputes it on every accessor).
fn wall(l: &DateTime<Tz>) -> Option<NaiveDateTime> {
    let n = l.naive_local();
    (0..=9999).contains(&n.year()).then_some(n)
}

/// `Tue 5 Jan 2027 22:30 CET` (seconds only when not zero), given the local time.
fn push_local(out: &mut String, l: &DateTime<Tz>, n: &NaiveDateTime) {
    out.push_str(WEEKDAYS[n.weekday().num_days_from_monday() as usize]);
    out.push(' ');
    let day = n.day();
    if day >= 10 {
        push_2(out, day);
    } else {
        out.push(char::from(b'0' + day as u8));
    }
    out.push(' ');
    out.push_str(MONTHS[n.month0() as usize]);
    out.push(' ');
    let year = n.year() as u32;
    push_2(out, year / 100);
    push_2(out, year % 100);
    out.push(' ');
    push_2(out, n.hour());
    out.push(':');
    push_2(out, n.minute());
    if n.second() != 0 {
        out.push(':');
        push_2(out, n.second());
    }
    out.push(' ');
    push_zone(out, l);
}

/// Appends [`time::human_time`] of `t`.
pub(crate) fn push_time(out: &mut String, t: Instant, tz: Tz) {
    let l = t.with_timezone(&tz);
    match wall(&l) {
        Some(n) => push_local(out, &l, &n),
        None => out.push_str(&time::human_time(t, tz)),
    }
}

/// Appends [`time::human_interval`] of `[start, end)`.
pub(crate) fn push_interval(out: &mut String, start: Instant, end: Instant, tz: Tz) {
    let (s, e) = (start.with_timezone(&tz), end.with_timezone(&tz));
    let (Some(sn), Some(en)) = (wall(&s), wall(&e)) else {
        out.push_str(&time::human_interval(start, end, tz));
        return;
    };
    push_local(out, &s, &sn);
    if sn.date() == en.date() {
        out.push('–');
        push_clock(out, &e, &en);
    } else {
        out.push_str(" – ");
        push_local(out, &e, &en);
    }
}

/// [`time::format_instant`]: RFC 3339 in UTC with `Z`, and fractional seconds
/// (3, 6 or 9 digits) only when there are some.
pub(crate) fn rfc3339(t: Instant) -> String {
    let n = t.naive_utc();
    let nano = n.nanosecond();
    if !(0..=9999).contains(&n.year()) || nano >= 1_000_000_000 {
        // Signed years, and leap seconds (which chrono writes as :60).
        return time::format_instant(t);
    }
    let mut out = String::with_capacity(30);
    let year = n.year() as u32;
    push_2(&mut out, year / 100);
    push_2(&mut out, year % 100);
    out.push('-');
    push_2(&mut out, n.month());
    out.push('-');
    push_2(&mut out, n.day());
    out.push('T');
    push_2(&mut out, n.hour());
    out.push(':');
    push_2(&mut out, n.minute());
    out.push(':');
    push_2(&mut out, n.second());
    if nano != 0 {
        let (value, digits) = if nano.is_multiple_of(1_000_000) {
            (nano / 1_000_000, 3)
        } else if nano.is_multiple_of(1_000) {
            (nano / 1_000, 6)
        } else {
            (nano, 9)
        };
        out.push('.');
        let _ = write!(out, "{value:0digits$}");
    }
    out.push('Z');
    out
}

pub(crate) fn human_time(t: Instant, tz: Tz) -> String {
    let mut s = String::with_capacity(32);
    push_time(&mut s, t, tz);
    s
}

pub(crate) fn human_interval(start: Instant, end: Instant, tz: Tz) -> String {
    let mut s = String::with_capacity(48);
    push_interval(&mut s, start, end, tz);
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone, Utc};

    #[test]
    fn instants_are_written_as_format_instant_writes_them() {
        let mut t = Utc.with_ymd_and_hms(1, 1, 1, 0, 0, 0).unwrap();
        let mut state = 3u64;
        for _ in 0..50_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let nanos = match state % 4 {
                0 => 0,
                1 => (state >> 8) % 1000 * 1_000_000,
                2 => (state >> 8) % 1_000_000 * 1_000,
                _ => (state >> 8) % 1_000_000_000,
            };
            t += Duration::seconds((state >> 20) as i64 % 20_000_000_000)
                + Duration::nanoseconds(nanos as i64);
            if t.year() > 9999 {
                t = Utc.with_ymd_and_hms(1, 1, 1, 0, 0, 0).unwrap();
            }
            assert_eq!(rfc3339(t), time::format_instant(t));
        }
        for t in [
            Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 59).unwrap(),
            Utc.with_ymd_and_hms(0, 1, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(-1, 12, 31, 23, 59, 59).unwrap(),
        ] {
            assert_eq!(rfc3339(t), time::format_instant(t));
        }
    }

    #[test]
    fn the_same_text_as_the_chrono_formatter() {
        let zones: Vec<Tz> = [
            "UTC",
            "Europe/Berlin",
            "America/New_York",
            "Asia/Kolkata",
            "Australia/Lord_Howe",
            "America/Sao_Paulo",
            "Asia/Kathmandu",
            "Pacific/Chatham",
            "Africa/Casablanca",
        ]
        .iter()
        .map(|z| z.parse().unwrap())
        .collect();
        let mut t = Utc.with_ymd_and_hms(1969, 12, 25, 23, 59, 58).unwrap();
        let mut state = 7u64;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            // Steps of odd lengths visit every weekday, day of month and clock
            // time, with and without seconds, and cross DST changes.
            t += Duration::seconds(
                (state % 200_000) as i64 * if state.is_multiple_of(3) { 1 } else { 60 },
            );
            let len = Duration::seconds((state >> 20) as i64 % (3 * 86_400));
            for &tz in &zones {
                assert_eq!(human_time(t, tz), time::human_time(t, tz));
                assert_eq!(
                    human_interval(t, t + len, tz),
                    time::human_interval(t, t + len, tz)
                );
            }
        }
        for (y, tz) in [(1, zones[1]), (9999, zones[2]), (2027, zones[0])] {
            let t = Utc.with_ymd_and_hms(y, 1, 1, 0, 30, 0).unwrap();
            assert_eq!(human_time(t, tz), time::human_time(t, tz));
            assert_eq!(
                human_interval(t, t + Duration::days(400), tz),
                time::human_interval(t, t + Duration::days(400), tz)
            );
        }
    }
}
