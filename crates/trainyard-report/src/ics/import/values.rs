//! Date and date-time values as written in a calendar (all-day, UTC, zoned
//! by TZID, floating) and the instants they name.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use chrono_tz::Tz;
use trainyard_core::time::{resolve_local, Instant};

use super::super::lines::ContentLine;
use super::zone::Zones;

/// A time as written in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum When {
    Date(NaiveDate),
    Utc(NaiveDateTime),
    /// Local time in a zone named by TZID.
    Zoned(NaiveDateTime, Tz),
    Floating(NaiveDateTime),
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    NaiveDate::from_ymd_opt(
        s[0..4].parse().ok()?,
        s[4..6].parse().ok()?,
        s[6..8].parse().ok()?,
    )
}

fn parse_datetime(s: &str) -> Option<NaiveDateTime> {
    let (d, t) = s.split_once(['T', 't'])?;
    let date = parse_date(d)?;
    if t.len() != 6 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let time = NaiveTime::from_hms_opt(
        t[0..2].parse().ok()?,
        t[2..4].parse().ok()?,
        t[4..6].parse().ok()?,
    )?;
    Some(date.and_time(time))
}

/// The values of a DTSTART/DTEND/EXDATE line.
pub(super) fn whens(p: &ContentLine, zones: &Zones) -> Result<Vec<When>, String> {
    let is_date = p
        .param("VALUE")
        .is_some_and(|v| v.eq_ignore_ascii_case("DATE"));
    if let Some(v) = p.param("VALUE") {
        if !v.eq_ignore_ascii_case("DATE") && !v.eq_ignore_ascii_case("DATE-TIME") {
            return Err(format!("{} with VALUE={v} is not supported", p.name));
        }
    }
    let tz = match p.param("TZID") {
        Some(id) => Some(zones.get(id)?),
        None => None,
    };
    p.value
        .split(',')
        .map(|v| {
            let v = v.trim();
            if is_date || (v.len() == 8 && !v.contains('T')) {
                return parse_date(v)
                    .map(When::Date)
                    .ok_or_else(|| format!("{} value {v:?} is not a date YYYYMMDD", p.name));
            }
            let (body, utc) = match v.strip_suffix(['Z', 'z']) {
                Some(b) => (b, true),
                None => (v, false),
            };
            let dt = parse_datetime(body).ok_or_else(|| {
                format!(
                    "{} value {v:?} is not a date-time YYYYMMDDTHHMMSS[Z]",
                    p.name
                )
            })?;
            Ok(match (utc, tz) {
                (true, _) => When::Utc(dt),
                (false, Some(tz)) => When::Zoned(dt, tz),
                (false, None) => When::Floating(dt),
            })
        })
        .collect()
}

/// The instant a time names (dates and floating times in `floating`).
pub(super) fn instant(w: When, floating: Tz) -> Instant {
    match w {
        When::Date(d) => resolve_local(d.and_time(NaiveTime::MIN), floating),
        When::Utc(t) => t.and_utc(),
        When::Zoned(t, tz) => resolve_local(t, tz),
        When::Floating(t) => resolve_local(t, floating),
    }
}

impl When {
    /// The value as written, without zone: a stable part of derived ids.
    pub(super) fn stamp(self) -> String {
        match self {
            When::Date(d) => d.format("%Y%m%d").to_string(),
            When::Utc(t) => t.format("%Y%m%dT%H%M%SZ").to_string(),
            When::Zoned(t, _) | When::Floating(t) => t.format("%Y%m%dT%H%M%S").to_string(),
        }
    }
}
