//! Expanding a rule into local start date-times: the walk over periods, and
//! the jump to the period containing the start of the queried range.

use chrono::{Datelike, Days, Duration, NaiveDate, NaiveDateTime, Weekday};
use chrono_tz::Tz;

use super::matcher::Matcher;
use super::{Freq, RRule, Until};
use crate::time::{epoch_days, resolve_local, to_local};

impl RRule {
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

pub(super) fn is_leap(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

pub(super) fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 31,
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
            "FREQ=MONTHLY;BYDAY=6MO",
            "FREQ=MONTHLY;BYDAY=-6FR,53SU;COUNT=2",
            "FREQ=YEARLY;BYMONTH=1,3;BYDAY=-7TU",
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
    fn ordinals_a_month_cannot_hold_are_skipped_and_the_others_kept() {
        let got = expand(
            "FREQ=MONTHLY;BYDAY=6MO,1TU,-6FR",
            "2027-01-01T09:00",
            "Europe/Berlin",
            "2027-01-01T00:00",
            "2027-04-01T00:00",
        );
        assert_eq!(
            got,
            [
                "2027-01-05T09:00:00",
                "2027-02-02T09:00:00",
                "2027-03-02T09:00:00"
            ]
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
