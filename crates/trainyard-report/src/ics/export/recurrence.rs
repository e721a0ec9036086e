//! A window's recurrence as calendars read it: DTSTART moved to the first
//! occurrence the rule produces (RFC 5545 would count DTSTART itself), and a
//! local UNTIL turned into the UTC instant it names (RFC 5545 requires UTC
//! when DTSTART has a TZID).

use chrono::{Duration, NaiveDateTime};
use chrono_tz::Tz;
use trainyard_core::rrule::RRule;
use trainyard_core::time::resolve_local;
use trainyard_core::*;

use super::names::utc_stamp;

/// The first occurrence the rule produces at or after DTSTART (local), or
/// `None` if it produces none within a hundred years.
pub(super) fn first_occurrence(w: &Window) -> Option<NaiveDateTime> {
    match &w.rrule {
        None => (!w.exdates.contains(&w.start)).then_some(w.start),
        Some(rule) => first_produced(rule, w.start, w.timezone),
    }
}

/// The first date-time `rule` produces at or after `start` (local in `tz`),
/// looking a hundred years ahead.
pub(super) fn first_produced(rule: &RRule, start: NaiveDateTime, tz: Tz) -> Option<NaiveDateTime> {
    let mut from = start;
    for _ in 0..100 {
        let to = from + Duration::days(366);
        if let Some(first) = rule.expand(start, tz, from, to).into_iter().next() {
            return Some(first);
        }
        // With COUNT the expansion walks from DTSTART anyway; widening is the same.
        from = to;
    }
    None
}

/// The rule text for a calendar: upper case, a local UNTIL turned into the UTC
/// instant it names in the window's zone (RFC 5545 requires UTC with a TZID).
pub(super) fn rule_text(rule: &RRule, tz: Tz) -> String {
    rule.source()
        .split(';')
        .map(|part| {
            let part = part.to_ascii_uppercase();
            match part.strip_prefix("UNTIL=") {
                Some(v) if !v.ends_with('Z') => {
                    match NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M%S") {
                        Ok(local) => format!("UNTIL={}", utc_stamp(resolve_local(local, tz))),
                        Err(_) => part,
                    }
                }
                _ => part,
            }
        })
        .collect::<Vec<_>>()
        .join(";")
}
