//! Reading an RRULE text: every part of the subset, each validated with the
//! RFC's ranges, and a reason for anything rejected.

use std::str::FromStr;

use chrono::{NaiveDate, NaiveTime, TimeZone, Utc, Weekday};

use super::{err, Freq, RRule, RRuleError, Until};

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
        // Ordinals a month cannot hold (`FREQ=MONTHLY;BYDAY=6MO`) are valid, as RFC 5545
        // allows ±1..±53 in every numbered BYDAY; such entries simply never match.
        if rule.has_nth_weekdays() && matches!(rule.freq, Freq::Daily | Freq::Weekly) {
            return err("a numbered BYDAY (like 1MO or -1FR) needs FREQ=MONTHLY or FREQ=YEARLY");
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

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(s: &str) -> RRule {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
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
            ("FREQ=MONTHLY;BYDAY=54MO", "out of range"),
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
            // Ordinals a month cannot hold are valid and never match.
            "FREQ=MONTHLY;BYDAY=6MO",
            "FREQ=MONTHLY;BYDAY=-6MO,53SU",
            "FREQ=YEARLY;BYMONTH=2;BYDAY=-53FR",
        ] {
            rule(ok);
        }
    }
}
