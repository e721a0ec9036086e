//! VTIMEZONE components generated from chrono-tz's copy of the IANA database.
//!
//! chrono-tz exposes offsets, not transitions, so transitions are found by
//! scanning days and bisecting to the second. Each transition becomes an
//! observance; where the zone settles into a yearly pattern ("last Sunday of
//! March at 02:00") the pattern is written once with an RRULE, so calendar
//! clients also get the offsets right after the years the export covers.

use chrono::{
    DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Offset, TimeZone, Timelike, Utc,
};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

use super::lines::Writer;

#[derive(Debug, Clone, PartialEq)]
struct State {
    offset: i32,
    dst: bool,
    name: String,
}

fn state_at(tz: Tz, t: DateTime<Utc>) -> State {
    let o = tz.offset_from_utc_datetime(&t.naive_utc());
    State {
        offset: o.fix().local_minus_utc(),
        dst: !o.dst_offset().is_zero(),
        name: o
            .abbreviation()
            .map_or_else(|| offset_name(o.fix().local_minus_utc()), str::to_owned),
    }
}

fn offset_name(secs: i32) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    let a = secs.unsigned_abs();
    if a.is_multiple_of(60) {
        format!("{sign}{:02}{:02}", a / 3600, a % 3600 / 60)
    } else {
        format!("{sign}{:02}{:02}{:02}", a / 3600, a % 3600 / 60, a % 60)
    }
}

/// `+0100`, with seconds when the offset has them.
fn utc_offset(secs: i32) -> String {
    offset_name(secs)
}

#[derive(Debug, Clone)]
struct Transition {
    at: DateTime<Utc>,
    from: State,
    to: State,
}

impl Transition {
    /// The onset as a local time in the offset before it (RFC 5545 3.6.5).
    fn local_onset(&self) -> NaiveDateTime {
        self.at.naive_utc() + Duration::seconds(i64::from(self.from.offset))
    }

    /// The yearly rule this transition follows: (month, weekday ordinal, weekday, local time).
    fn rule(&self) -> (u32, i32, chrono::Weekday, chrono::NaiveTime) {
        let l = self.local_onset();
        let d = l.date();
        let days_in_month = days_in_month(d.year(), d.month());
        let ordinal = if d.day() + 7 > days_in_month {
            -1
        } else {
            ((d.day() - 1) / 7 + 1) as i32
        };
        (d.month(), ordinal, d.weekday(), l.time())
    }

    fn same_pattern(&self, other: &Transition) -> bool {
        self.rule() == other.rule() && self.from == other.from && self.to == other.to
    }
}

fn days_in_month(y: i32, m: u32) -> u32 {
    let next = if m == 12 {
        NaiveDate::from_ymd_opt(y + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(y, m + 1, 1)
    };
    let this = NaiveDate::from_ymd_opt(y, m, 1);
    match (this, next) {
        (Some(a), Some(b)) => (b - a).num_days() as u32,
        _ => 31,
    }
}

fn transitions(tz: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Transition> {
    let mut out = Vec::new();
    let mut t = from;
    let mut cur = state_at(tz, t);
    while t < to {
        let next = t + Duration::days(1);
        let s = state_at(tz, next);
        if s != cur {
            // Bisect to the first second of the new state.
            let (mut lo, mut hi) = (t, next);
            while hi - lo > Duration::seconds(1) {
                let mid = lo + (hi - lo) / 2;
                if state_at(tz, mid) == cur {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            let to_state = state_at(tz, hi);
            out.push(Transition {
                at: hi,
                from: cur.clone(),
                to: to_state.clone(),
            });
            cur = to_state;
            // Two transitions in one day are rare; rescan from the transition.
            t = hi;
            continue;
        }
        t = next;
    }
    out
}

fn ical_local(t: NaiveDateTime) -> String {
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

fn weekday_code(w: chrono::Weekday) -> &'static str {
    use chrono::Weekday::*;
    match w {
        Mon => "MO",
        Tue => "TU",
        Wed => "WE",
        Thu => "TH",
        Fri => "FR",
        Sat => "SA",
        Sun => "SU",
    }
}

fn observance(
    w: &mut Writer,
    onset: NaiveDateTime,
    from: &State,
    to: &State,
    rrule: Option<String>,
) {
    let kind = if to.dst { "DAYLIGHT" } else { "STANDARD" };
    w.raw("BEGIN", kind);
    w.raw("DTSTART", &ical_local(onset));
    w.raw("TZOFFSETFROM", &utc_offset(from.offset));
    w.raw("TZOFFSETTO", &utc_offset(to.offset));
    if let Some(r) = rrule {
        w.raw("RRULE", &r);
    }
    w.text("TZNAME", &to.name);
    w.raw("END", kind);
}

/// Writes a VTIMEZONE for `tz` whose offsets are right from the start of
/// `from_year` on: explicit transitions, then yearly rules once the zone
/// follows them (checked three years past `to_year`).
pub(crate) fn write(w: &mut Writer, tz: Tz, from_year: i32, to_year: i32) {
    let start = Utc
        .with_ymd_and_hms(from_year, 1, 1, 0, 0, 0)
        .single()
        .unwrap_or(DateTime::<Utc>::UNIX_EPOCH);
    // Look three years further to see whether the pattern holds.
    let end = Utc
        .with_ymd_and_hms(to_year + 4, 1, 1, 0, 0, 0)
        .single()
        .unwrap_or(start + Duration::days(366 * 4));
    let ts = transitions(tz, start, end);
    let initial = state_at(tz, start);
    w.raw("BEGIN", "VTIMEZONE");
    w.text("TZID", tz.name());
    // The state at the start of the range, as an observance of its own.
    let first_local = start.naive_utc() + Duration::seconds(i64::from(initial.offset));
    observance(w, first_local, &initial, &initial, None);

    // The yearly tail: the longest suffix in which every transition repeats the
    // one two places before it (one a year of each kind).
    let mut tail_start = ts.len();
    while tail_start >= 1 {
        let i = tail_start - 1;
        let ok = match ts.get(i + 2) {
            Some(later) => ts[i].same_pattern(later) && later.at.year() == ts[i].at.year() + 1,
            // The last two transitions: they belong to the tail if the pair before
            // them matches (checked when i moves down).
            None => true,
        };
        if !ok {
            break;
        }
        tail_start = i;
    }
    // A tail needs at least three years of evidence.
    if ts.len() - tail_start < 6 {
        tail_start = ts.len();
    }
    for t in &ts[..tail_start] {
        observance(w, t.local_onset(), &t.from, &t.to, None);
    }
    for t in ts[tail_start..].iter().take(2) {
        let (month, ordinal, weekday, _) = t.rule();
        let rule = format!(
            "FREQ=YEARLY;BYMONTH={month};BYDAY={ordinal}{}",
            weekday_code(weekday)
        );
        observance(w, t.local_onset(), &t.from, &t.to, Some(rule));
    }
    w.raw("END", "VTIMEZONE");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn berlin_gets_yearly_rules_for_the_last_sundays_of_march_and_october() {
        let mut w = Writer::default();
        write(&mut w, chrono_tz::Europe::Berlin, 2026, 2028);
        let s = w.out;
        assert!(
            s.contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"),
            "{s}"
        );
        assert!(
            s.contains("RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"),
            "{s}"
        );
        assert!(
            s.contains("TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n"),
            "{s}"
        );
        assert!(s.contains("DTSTART:20260329T020000\r\n"), "{s}");
    }

    #[test]
    fn a_zone_without_transitions_has_one_standard_observance() {
        let mut w = Writer::default();
        write(&mut w, chrono_tz::Asia::Kolkata, 2026, 2027);
        assert_eq!(w.out.matches("BEGIN:STANDARD").count(), 1, "{}", w.out);
        assert!(w.out.contains("TZOFFSETTO:+0530"));
    }
}
