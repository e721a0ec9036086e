//! Time values of the plan format and the rules that turn local wall-clock
//! times into instants.
//!
//! Instants are always UTC (`Instant`). Local date-times (`NaiveDateTime`) only
//! exist together with an explicit IANA zone. A local time inside a
//! spring-forward gap is read with the offset in force before the gap (it lands
//! later on the clock, RFC 5545 3.3.5); an ambiguous local time in a fall-back
//! fold takes the earlier instant.

use std::fmt;
use std::str::FromStr;

use chrono::{
    DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Offset, SecondsFormat,
    TimeZone, Timelike, Utc,
};
use chrono_tz::Tz;

/// A point in time, always UTC.
pub type Instant = DateTime<Utc>;

/// The first instant the plan format can write: RFC 3339 has four-digit years.
pub fn first_instant() -> Instant {
    Utc.with_ymd_and_hms(0, 1, 1, 0, 0, 0).unwrap()
}

/// The last instant the plan format can write (the last nanosecond of 9999).
pub fn last_instant() -> Instant {
    Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 59).unwrap() + Duration::nanoseconds(999_999_999)
}

/// Whether an instant lies in the years the format can write back (0000 to
/// 9999 in UTC). Anything later would be written as `+10000-…`, which no
/// reader of the format accepts.
pub fn is_writable(t: Instant) -> bool {
    (first_instant()..=last_instant()).contains(&t)
}

/// What a problem says about an instant outside [`is_writable`].
pub fn unwritable_instant_message(what: &str, t: Instant) -> String {
    format!(
        "{what} {} in UTC, outside the instants the format can write (0000-01-01T00:00:00Z to 9999-12-31T23:59:59Z)",
        format_instant(t)
    )
}

/// Formats an instant as RFC 3339 UTC with `Z`, fractional seconds only when present.
pub fn format_instant(t: Instant) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// Formats a local date-time as `YYYY-MM-DDTHH:MM:SS` (the canonical export form).
pub fn format_local(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// Why a time value did not parse. Messages are lowercase and say what was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct TimeParseError(pub String);

fn bad(msg: impl Into<String>) -> TimeParseError {
    TimeParseError(msg.into())
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// The value of two ASCII digits.
fn two_digits(b: &[u8]) -> Option<u32> {
    match b {
        [t @ b'0'..=b'9', u @ b'0'..=b'9'] => Some(u32::from(t - b'0') * 10 + u32::from(u - b'0')),
        _ => None,
    }
}

/// Parses `YYYY-MM-DD` strictly.
fn parse_date(s: &str) -> Result<NaiveDate, TimeParseError> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(bad(format!("expected a date YYYY-MM-DD, got {s:?}")));
    }
    let (y, m, d) = (&s[0..4], &s[5..7], &s[8..10]);
    if !digits(y) || !digits(m) || !digits(d) {
        return Err(bad(format!("expected a date YYYY-MM-DD, got {s:?}")));
    }
    let (y, m, d): (i32, u32, u32) = (
        y.parse().unwrap_or(0),
        m.parse().unwrap_or(0),
        d.parse().unwrap_or(0),
    );
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| bad(format!("{s:?} is not a calendar date")))
}

/// Parses `HH:MM` or `HH:MM:SS` (no fraction) strictly; returns the time and the rest.
fn parse_hms(s: &str, allow_fraction: bool) -> Result<(NaiveTime, &str), TimeParseError> {
    let b = s.as_bytes();
    let err = || bad(format!("expected a time HH:MM[:SS], got {s:?}"));
    // Digits are checked on bytes before any slicing: a multi-byte character
    // where a digit is due must be an error, not a cut inside it.
    if b.len() < 5 || b[2] != b':' {
        return Err(err());
    }
    let (Some(h), Some(m)) = (two_digits(&b[0..2]), two_digits(&b[3..5])) else {
        return Err(err());
    };
    let mut rest = &s[5..];
    let mut sec = 0u32;
    let mut nanos = 0u32;
    if let Some(r) = rest.strip_prefix(':') {
        let Some(two) = r.as_bytes().get(0..2).and_then(two_digits) else {
            return Err(err());
        };
        sec = two;
        rest = &r[2..];
        if let Some(frac) = rest.strip_prefix('.') {
            if !allow_fraction {
                return Err(bad(format!(
                    "fractional seconds are not allowed in a local date-time: {s:?}"
                )));
            }
            let n = frac.bytes().take_while(|c| c.is_ascii_digit()).count();
            if n == 0 {
                return Err(err());
            }
            let mut v: u64 = 0;
            for (i, c) in frac[..n].bytes().enumerate() {
                if i < 9 {
                    v = v * 10 + u64::from(c - b'0');
                }
            }
            for _ in n.min(9)..9 {
                v *= 10;
            }
            nanos = v as u32;
            rest = &frac[n..];
        }
    }
    if sec == 60 {
        return Err(bad(format!("leap seconds (:60) are not allowed: {s:?}")));
    }
    let t = NaiveTime::from_hms_nano_opt(h, m, sec, nanos)
        .ok_or_else(|| bad(format!("{s:?} is not a valid time of day")))?;
    Ok((t, rest))
}

/// Parses a local date-time `YYYY-MM-DDTHH:MM[:SS]`: a real calendar date, no fraction, no offset.
pub fn parse_local(s: &str) -> Result<NaiveDateTime, TimeParseError> {
    let Some((d, t)) = s.split_once('T') else {
        return Err(bad(format!(
            "expected a local date-time YYYY-MM-DDTHH:MM[:SS], got {s:?}"
        )));
    };
    let date = parse_date(d)?;
    let (time, rest) = parse_hms(t, false)?;
    if !rest.is_empty() {
        return Err(bad(format!(
            "a local date-time has no offset or suffix, got {s:?}"
        )));
    }
    Ok(date.and_time(time))
}

/// Parses an RFC 3339 instant with `T` and an offset (`Z`, `z`, `+01:00`, `-00:00`).
pub fn parse_instant(s: &str) -> Result<Instant, TimeParseError> {
    let Some(tpos) = s.find(['T', 't']) else {
        return Err(bad(format!(
            "expected an RFC 3339 instant like 2027-01-05T22:30:00Z, got {s:?}"
        )));
    };
    let date = parse_date(&s[..tpos])?;
    let (time, rest) = parse_hms(&s[tpos + 1..], true)?;
    if s[tpos + 1..].len() < 8 || s.as_bytes().get(tpos + 6) != Some(&b':') {
        return Err(bad(format!(
            "an instant needs seconds (HH:MM:SS), got {s:?}"
        )));
    }
    let offset_secs: i64 = match rest {
        "Z" | "z" => 0,
        r if r.len() == 6
            && (r.starts_with('+') || r.starts_with('-'))
            && r.as_bytes()[3] == b':'
            && digits(&r[1..3])
            && digits(&r[4..6]) =>
        {
            let h: i64 = r[1..3].parse().unwrap_or(99);
            let m: i64 = r[4..6].parse().unwrap_or(99);
            if h > 23 || m > 59 {
                return Err(bad(format!("offset out of range in {s:?}")));
            }
            let v = h * 3600 + m * 60;
            if r.starts_with('-') {
                -v
            } else {
                v
            }
        }
        "" => {
            return Err(bad(format!(
                "an instant needs an offset (Z or ±HH:MM), got {s:?}"
            )))
        }
        _ => {
            return Err(bad(format!(
                "expected an offset Z or ±HH:MM at the end of {s:?}"
            )))
        }
    };
    let naive = date.and_time(time) - Duration::seconds(offset_secs);
    let t = Utc.from_utc_datetime(&naive);
    if !is_writable(t) {
        return Err(bad(unwritable_instant_message(&format!("{s:?} is"), t)));
    }
    Ok(t)
}

/// Parses an IANA time zone name (links such as `US/Eastern` included).
pub fn parse_tz(s: &str) -> Result<Tz, TimeParseError> {
    Tz::from_str(s).map_err(|_| {
        bad(format!(
            "unknown time zone {s:?} (expected an IANA name such as Europe/Berlin)"
        ))
    })
}

/// Turns a local wall-clock time into an instant by the plan format's rules:
/// gap → offset before the gap; fold → the earlier instant.
pub fn resolve_local(local: NaiveDateTime, tz: Tz) -> Instant {
    match tz.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) => t.with_timezone(&Utc),
        chrono::LocalResult::Ambiguous(a, b) => a.with_timezone(&Utc).min(b.with_timezone(&Utc)),
        chrono::LocalResult::None => {
            // The offset in force before the gap: the zone's offset a day earlier
            // (transitions are never closer together than that in the IANA data).
            let before = tz
                .offset_from_utc_datetime(&(local - Duration::hours(24)))
                .fix();
            Utc.from_utc_datetime(&(local - Duration::seconds(i64::from(before.local_minus_utc()))))
        }
    }
}

/// The local wall-clock time of an instant in a zone.
pub fn to_local(t: Instant, tz: Tz) -> NaiveDateTime {
    t.with_timezone(&tz).naive_local()
}

/// An ISO 8601 duration of the plan format: `P[nW][nD][T[nH][nM][nS]]`.
/// Weeks and days are nominal (local calendar days); the rest is exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct NominalDuration {
    /// Nominal calendar days (weeks are folded in as 7 days).
    pub days: i64,
    /// Exact seconds.
    pub seconds: i64,
}

impl NominalDuration {
    pub fn is_zero(&self) -> bool {
        self.days == 0 && self.seconds == 0
    }

    /// An upper bound of the exact length, allowing 25-hour days across DST changes.
    pub fn max_exact(&self) -> Duration {
        Duration::seconds(self.days * 26 * 3600 + self.seconds)
    }

    /// The end of a period that starts at `local` in `tz`: nominal days on the
    /// local calendar (resolved like a start), then the exact part on the instant.
    pub fn end_after(&self, local: NaiveDateTime, tz: Tz) -> Instant {
        let end_local = local + Duration::days(self.days);
        resolve_local(end_local, tz) + Duration::seconds(self.seconds)
    }

    /// The instant this long before `t` in `tz`, the mirror of
    /// [`NominalDuration::end_after`]: the exact part off the instant, then
    /// nominal days off the local calendar (resolved like a start). Saturates
    /// at the earliest instant.
    pub fn start_before(&self, t: Instant, tz: Tz) -> Instant {
        let earliest = DateTime::<Utc>::MIN_UTC;
        let Some(t) = Duration::try_seconds(self.seconds).and_then(|d| t.checked_sub_signed(d))
        else {
            return earliest;
        };
        let local = to_local(t, tz);
        match Duration::try_days(self.days).and_then(|d| local.checked_sub_signed(d)) {
            Some(l) => resolve_local(l, tz),
            None => earliest,
        }
    }

    /// An exact duration (for deployments): days counted as 24 hours.
    pub fn as_exact(&self) -> Duration {
        Duration::seconds(self.days * 86_400 + self.seconds)
    }

    pub fn from_exact(d: Duration) -> Self {
        NominalDuration {
            days: 0,
            seconds: d.num_seconds(),
        }
    }
}

impl FromStr for NominalDuration {
    type Err = TimeParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || {
            bad(format!("expected an ISO 8601 duration P[nW][nD][T[nH][nM][nS]] (integers, upper case, no years or months), got {s:?}"))
        };
        let Some(body) = s.strip_prefix('P') else {
            return Err(err());
        };
        if body.is_empty() {
            return Err(err());
        }
        let (date_part, time_part) = match body.split_once('T') {
            Some((d, t)) => {
                if t.is_empty() {
                    return Err(err());
                }
                (d, Some(t))
            }
            None => (body, None),
        };
        let mut days: i64 = 0;
        let mut seconds: i64 = 0;
        let mut parse_units =
            |part: &str, units: &[(u8, i64, bool)]| -> Result<(), TimeParseError> {
                let mut num = String::new();
                let mut next_unit = 0usize;
                for c in part.bytes() {
                    if c.is_ascii_digit() {
                        num.push(c as char);
                        continue;
                    }
                    if num.is_empty() {
                        return Err(err());
                    }
                    let Some(pos) = units[next_unit..].iter().position(|u| u.0 == c) else {
                        return Err(err());
                    };
                    let (_, factor, nominal) = units[next_unit + pos];
                    next_unit += pos + 1;
                    let n: i64 = num.parse().map_err(|_| err())?;
                    let v = n.checked_mul(factor).ok_or_else(err)?;
                    if nominal {
                        days = days.checked_add(v).ok_or_else(err)?;
                    } else {
                        seconds = seconds.checked_add(v).ok_or_else(err)?;
                    }
                    num.clear();
                }
                if !num.is_empty() {
                    return Err(err());
                }
                Ok(())
            };
        parse_units(date_part, &[(b'W', 7, true), (b'D', 1, true)])?;
        if let Some(t) = time_part {
            parse_units(
                t,
                &[(b'H', 3600, false), (b'M', 60, false), (b'S', 1, false)],
            )?;
        }
        // Keep durations within what chrono can add (about 290 years is plenty).
        if days > 106_000 || seconds > 106_000 * 86_400 {
            return Err(bad(format!("duration {s:?} is too long")));
        }
        Ok(NominalDuration { days, seconds })
    }
}

impl fmt::Display for NominalDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "P")?;
        if self.days != 0 {
            write!(f, "{}D", self.days)?;
        }
        if self.seconds != 0 || self.days == 0 {
            write!(f, "T")?;
            let (h, m, s) = (
                self.seconds / 3600,
                (self.seconds % 3600) / 60,
                self.seconds % 60,
            );
            if h != 0 {
                write!(f, "{h}H")?;
            }
            if m != 0 {
                write!(f, "{m}M")?;
            }
            if s != 0 || (h == 0 && m == 0) {
                write!(f, "{s}S")?;
            }
        }
        Ok(())
    }
}

/// A short human form of an instant in a zone: `Tue 5 Jan 2027 22:30 CET`.
pub fn human_time(t: Instant, tz: Tz) -> String {
    let l = t.with_timezone(&tz);
    if l.second() == 0 {
        l.format("%a %-d %b %Y %H:%M %Z").to_string()
    } else {
        l.format("%a %-d %b %Y %H:%M:%S %Z").to_string()
    }
}

/// A human form of an interval in a zone; the end omits the date when it is the same day.
pub fn human_interval(start: Instant, end: Instant, tz: Tz) -> String {
    let (s, e) = (start.with_timezone(&tz), end.with_timezone(&tz));
    if s.date_naive() == e.date_naive() {
        format!("{}–{}", human_time(start, tz), e.format("%H:%M %Z"))
    } else {
        format!("{} – {}", human_time(start, tz), human_time(end, tz))
    }
}

/// Days since the Unix epoch of a date (handy for period arithmetic).
pub fn epoch_days(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce()) - 719_163
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_accept_the_rfc3339_forms_of_the_spec() {
        for s in [
            "2027-01-05T22:30:00Z",
            "2027-01-05t22:30:00z",
            "2027-01-05T23:30:00+01:00",
            "2027-01-05T22:30:00-00:00",
            "2027-01-05T22:30:00.250Z",
        ] {
            assert!(parse_instant(s).is_ok(), "{s}");
        }
        assert_eq!(
            parse_instant("2027-01-05T23:30:00+01:00").unwrap(),
            parse_instant("2027-01-05T22:30:00Z").unwrap()
        );
        for s in [
            "2027-01-05 22:30:00Z",
            "2027-01-05T22:30:60Z",
            "2027-01-05T22:30:00",
            "2027-01-05T22:30Z",
            "2027-02-30T00:00:00Z",
            "2027-1-05T22:30:00Z",
        ] {
            assert!(parse_instant(s).is_err(), "{s}");
        }
    }

    #[test]
    fn local_times_reject_offsets_and_fractions() {
        assert!(parse_local("2027-01-05T22:00").is_ok());
        assert!(parse_local("2027-01-05T22:00:30").is_ok());
        for s in [
            "2027-01-05T22:00Z",
            "2027-01-05T22:00:00.5",
            "2027-01-05",
            "2027-02-29T00:00",
        ] {
            assert!(parse_local(s).is_err(), "{s}");
        }
    }

    #[test]
    fn durations_follow_the_plan_format() {
        assert_eq!(
            "PT4H".parse::<NominalDuration>().unwrap(),
            NominalDuration {
                days: 0,
                seconds: 14_400
            }
        );
        assert_eq!(
            "P1W2DT1H30M".parse::<NominalDuration>().unwrap(),
            NominalDuration {
                days: 9,
                seconds: 5_400
            }
        );
        for s in [
            "P", "PT", "P1Y", "P1M", "pt4h", "PT1.5H", "P1DT", "PT1M1H", "4H",
        ] {
            assert!(s.parse::<NominalDuration>().is_err(), "{s}");
        }
    }

    #[test]
    fn a_local_time_in_the_spring_gap_lands_later_and_a_fold_takes_the_earlier_instant() {
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        // 2027-03-28 02:30 does not exist in Berlin: read with +01:00 → 01:30Z (03:30 CEST).
        let gap = resolve_local(parse_local("2027-03-28T02:30").unwrap(), berlin);
        assert_eq!(format_instant(gap), "2027-03-28T01:30:00Z");
        // 2027-10-31 02:30 happens twice: the first is +02:00 → 00:30Z.
        let fold = resolve_local(parse_local("2027-10-31T02:30").unwrap(), berlin);
        assert_eq!(format_instant(fold), "2027-10-31T00:30:00Z");
    }

    #[test]
    fn nominal_days_keep_the_wall_clock_across_dst() {
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        let d: NominalDuration = "P1DT1H".parse().unwrap();
        let end = d.end_after(parse_local("2027-03-27T22:00").unwrap(), berlin);
        // 28 Mar 22:00 CEST is 20:00Z, plus one exact hour.
        assert_eq!(format_instant(end), "2027-03-28T21:00:00Z");
    }
}
