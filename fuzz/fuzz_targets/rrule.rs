//! The RRULE parser on arbitrary text, then expansion of every accepted rule
//! over a bounded range: no panic, no overflow. The first line is the rule;
//! the second, when present, a local DTSTART (`YYYY-MM-DDTHH:MM:SS`), so rules
//! near the ends of the calendar are reached too.
#![no_main]

use std::str::FromStr;

use chrono::{Duration, NaiveDate};
use libfuzzer_sys::fuzz_target;
use trainyard_core::rrule::RRule;
use trainyard_core::time::parse_local;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut lines = text.splitn(3, '\n');
    let rule = lines.next().unwrap_or("");
    let Ok(rrule) = RRule::from_str(rule) else {
        return;
    };
    let dtstart = lines
        .next()
        .and_then(|l| parse_local(l.trim()).ok())
        .unwrap_or_else(|| {
            NaiveDate::from_ymd_opt(2027, 1, 4)
                .and_then(|d| d.and_hms_opt(22, 0, 0))
                .expect("a real date")
        });
    let tz = chrono_tz::Europe::Berlin;
    for (from_days, span_days) in [(0, 400), (3650, 60), (-30, 30)] {
        let Some(from) = dtstart.checked_add_signed(Duration::days(from_days)) else {
            continue;
        };
        let Some(to) = from.checked_add_signed(Duration::days(span_days)) else {
            continue;
        };
        let starts = rrule.expand(dtstart, tz, from, to);
        assert!(
            starts.windows(2).all(|w| w[0] < w[1]),
            "starts not ascending"
        );
        assert!(
            starts.iter().all(|s| *s >= from && *s < to),
            "start outside range"
        );
    }
});
