//! A VTIMEZONE the calendar defines itself (Outlook's "Customized Time Zone",
//! or any TZID that is not a zone name we know): its UTC offsets are computed
//! from its own STANDARD and DAYLIGHT observances and compared with every
//! IANA zone; the first zone with identical offsets (common Windows zones
//! first, so W. Europe rules become Europe/Berlin rather than Africa/Ceuta)
//! stands for it. Windows keep IANA zones, so a definition no IANA zone
//! matches is refused with the offsets it defines.

use std::str::FromStr;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Offset, TimeZone};
use chrono_tz::Tz;
use trainyard_core::rrule::RRule;
use trainyard_core::time::Instant;

use super::super::lines::ContentLine;
use super::calendar::TimezoneDef;
use super::zone::PREFERRED;

/// The years over which a definition and an IANA zone must agree.
const FIRST_YEAR: i32 = 2015;
const LAST_YEAR: i32 = 2040;

/// One change of offset: from this instant on, `offset` seconds east of UTC.
#[derive(Debug, Clone, Copy)]
struct Transition {
    at: Instant,
    offset: i32,
}

/// The IANA zone whose offsets equal the definition's from 2015 to 2040.
pub(super) fn match_definition(def: &TimezoneDef) -> Result<Tz, String> {
    let transitions = transitions(def)?;
    let before = transitions.first().map_or(0, |t| t.offset);
    let offset_at = |t: Instant| {
        transitions
            .iter()
            .take_while(|tr| tr.at <= t)
            .last()
            .map_or(before, |tr| tr.offset)
    };
    // Around every transition, and twice a month in between.
    let mut samples: Vec<Instant> = Vec::new();
    // Only where the comparison runs: IANA zones hold local mean time before
    // 1900, where Outlook's observances start (1601).
    for t in transitions
        .iter()
        .filter(|t| (FIRST_YEAR..=LAST_YEAR).contains(&t.at.year()))
    {
        samples.push(t.at - Duration::seconds(1));
        samples.push(t.at);
    }
    for y in FIRST_YEAR..=LAST_YEAR {
        for m in 1..=12 {
            for d in [1, 15] {
                if let Some(day) = NaiveDate::from_ymd_opt(y, m, d) {
                    samples.push(day.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc());
                }
            }
        }
    }
    let expected: Vec<i32> = samples.iter().map(|&t| offset_at(t)).collect();
    let agrees = |tz: &Tz| {
        samples.iter().zip(&expected).all(|(t, want)| {
            tz.offset_from_utc_datetime(&t.naive_utc())
                .fix()
                .local_minus_utc()
                == *want
        })
    };
    PREFERRED
        .iter()
        .filter_map(|(_, name)| Tz::from_str(name).ok())
        .chain(chrono_tz::TZ_VARIANTS.iter().copied())
        .find(|tz| agrees(tz))
        .ok_or_else(|| {
            let mut offsets: Vec<i32> = expected.clone();
            offsets.sort_unstable();
            offsets.dedup();
            let list: Vec<String> = offsets.iter().map(|o| offset_text(*o)).collect();
            format!(
                "no IANA time zone has the UTC offsets this VTIMEZONE defines ({}, changing as its \
                 STANDARD and DAYLIGHT rules say) from {FIRST_YEAR} to {LAST_YEAR}; export the \
                 calendar with a named time zone such as Europe/Berlin",
                list.join(", ")
            )
        })
}

fn offset_text(secs: i32) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    let a = secs.unsigned_abs();
    format!("UTC{sign}{:02}:{:02}", a / 3600, a % 3600 / 60)
}

/// Every transition the observances define from a year before the compared
/// range to its end, in time order.
fn transitions(def: &TimezoneDef) -> Result<Vec<Transition>, String> {
    if def.observances.is_empty() {
        return Err("the VTIMEZONE has no STANDARD or DAYLIGHT observance".into());
    }
    let from = NaiveDate::from_ymd_opt(FIRST_YEAR - 1, 1, 1)
        .unwrap_or_default()
        .and_time(chrono::NaiveTime::MIN);
    let to = NaiveDate::from_ymd_opt(LAST_YEAR + 1, 1, 1)
        .unwrap_or_default()
        .and_time(chrono::NaiveTime::MIN);
    let mut out = Vec::new();
    for (kind, props) in &def.observances {
        let get = |name: &str| props.iter().find(|p| p.name == name);
        let missing = |name: &str| format!("the {kind} observance has no {name}");
        let start = get("DTSTART").ok_or_else(|| missing("DTSTART"))?;
        let onset = local_time(start)?;
        let offset_from = offset(get("TZOFFSETFROM").ok_or_else(|| missing("TZOFFSETFROM"))?)?;
        let offset_to = offset(get("TZOFFSETTO").ok_or_else(|| missing("TZOFFSETTO"))?)?;
        // Onsets are local times on the clock before the change.
        let at =
            |local: NaiveDateTime| (local - Duration::seconds(i64::from(offset_from))).and_utc();
        let mut onsets = vec![onset];
        for p in props.iter().filter(|p| p.name == "RDATE") {
            for v in p.value.split(',') {
                onsets.push(parse_local(v.trim()).ok_or_else(|| {
                    format!("the {kind} observance's RDATE {v:?} is not a date-time")
                })?);
            }
        }
        if let Some(rule) = get("RRULE") {
            let r = RRule::from_str(rule.value.trim())
                .map_err(|e| format!("the {kind} observance's RRULE: {e}"))?;
            // The rule's occurrences; our expansion does not count DTSTART itself,
            // which is in `onsets` already.
            onsets.extend(r.expand(onset, Tz::UTC, from.max(onset), to));
        }
        out.extend(
            onsets
                .into_iter()
                .filter(|o| o.year() <= LAST_YEAR + 1)
                .map(|o| Transition {
                    at: at(o),
                    offset: offset_to,
                }),
        );
    }
    out.sort_by_key(|t| t.at);
    Ok(out)
}

fn local_time(p: &ContentLine) -> Result<NaiveDateTime, String> {
    parse_local(p.value.trim())
        .ok_or_else(|| format!("observance DTSTART {:?} is not a local date-time", p.value))
}

fn parse_local(s: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s, "%Y%m%dT%H%M%S").ok()
}

/// `+0100`, `-0500`, `+053000`.
fn offset(p: &ContentLine) -> Result<i32, String> {
    let v = p.value.trim();
    let bad = || format!("{} {v:?} is not a UTC offset like +0100", p.name);
    let (sign, digits) = match v.as_bytes().first() {
        Some(b'+') => (1, &v[1..]),
        Some(b'-') => (-1, &v[1..]),
        _ => return Err(bad()),
    };
    if !(digits.len() == 4 || digits.len() == 6) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let n = |r: std::ops::Range<usize>| digits[r].parse::<i32>().unwrap_or(0);
    let secs = n(0..2) * 3600 + n(2..4) * 60 + if digits.len() == 6 { n(4..6) } else { 0 };
    Ok(sign * secs)
}
