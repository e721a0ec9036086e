//! Trains as events: each train's departures as one recurring event of no
//! length (its rule, in the plan's zone), and each code freeze before a
//! departure as an event of its own, because a freeze starts a nominal
//! duration before the departure, which no RRULE can express in general
//! (`BYDAY=TU` with a two-day freeze starts on Sundays).
//!
//! Freezes are written for the departures from a year before the plan's first
//! deployment to a year after its last (a year from the first departure when
//! the plan has none), at most [`MAX_FREEZES`] per train.

use chrono::{Duration, NaiveDateTime};
use chrono_tz::Tz;
use trainyard_core::time::{resolve_local, to_local};
use trainyard_core::*;

use super::super::lines::{param_value, Writer};
use super::names::{is_utc, local_stamp, uid_part, utc_stamp};
use super::recurrence::{first_produced, rule_text};

/// The most freeze events written for one train.
pub const MAX_FREEZES: usize = 500;

/// A train with a schedule: its first departure (local, in the plan's zone).
pub(super) struct Departures<'a> {
    pub(super) train: &'a Train,
    pub(super) first: NaiveDateTime,
}

impl<'a> Departures<'a> {
    /// `None` for a train without a schedule, or whose rule never departs.
    pub(super) fn of(train: &'a Train, tz: Tz) -> Option<Self> {
        let start = train.start?;
        let first = match &train.rrule {
            None => start,
            Some(rule) => first_produced(rule, start, tz)?,
        };
        Some(Departures { train, first })
    }

    /// The local departures whose code freezes are written.
    pub(super) fn freeze_departures(&self, plan: &Plan) -> Vec<NaiveDateTime> {
        let tz = plan.timezone;
        let (from, to) = horizon(plan, self.first);
        match &self.train.rrule {
            None => vec![self.first],
            Some(rule) => {
                let mut out = rule.expand(self.first, tz, from.max(self.first), to);
                out.truncate(MAX_FREEZES);
                out
            }
        }
    }
}

/// The local range whose departures get freeze events.
pub(super) fn horizon(plan: &Plan, first: NaiveDateTime) -> (NaiveDateTime, NaiveDateTime) {
    let tz = plan.timezone;
    let year = Duration::days(366);
    let starts = plan.deployments.iter().map(|d| d.start).min();
    let ends = plan.deployments.iter().map(|d| d.end).max();
    match (starts, ends) {
        (Some(s), Some(e)) => (to_local(s, tz) - year, to_local(e, tz) + year),
        _ => (first, first + year),
    }
}

/// One train's departure event and its freeze events.
pub(super) fn write_train(
    w: &mut Writer,
    plan: &Plan,
    departures: &Departures,
    domain: &str,
    stamp: &str,
) {
    let tz = plan.timezone;
    let train = departures.train;
    let utc = is_utc(tz);
    let time = |t: NaiveDateTime| {
        if utc {
            utc_stamp(resolve_local(t, tz))
        } else {
            local_stamp(t)
        }
    };
    let tzid = if utc {
        String::new()
    } else {
        format!(";TZID={}", param_value(tz.name()))
    };
    let releases: Vec<&str> = plan
        .releases
        .iter()
        .filter(|r| r.train.as_ref() == Some(&train.id))
        .map(|r| r.display_name())
        .collect();
    let mut desc = vec![];
    if !releases.is_empty() {
        desc.push(format!("Releases: {}", releases.join(", ")));
    }
    if let Some(f) = train.freeze.filter(|f| !f.is_zero()) {
        desc.push(format!("Code freeze: {f} before each departure"));
    }
    desc.push(format!("Time zone: {}", tz.name()));
    desc.push(format!("Train id: {}", train.id));
    let desc = desc.join("\n");

    w.raw("BEGIN", "VEVENT");
    w.raw(
        "UID",
        &format!("train-{}@{domain}", uid_part(train.id.as_str())),
    );
    w.raw("DTSTAMP", stamp);
    // No DTEND or DURATION: a departure is a moment (RFC 5545 3.6.1).
    w.line(&format!("DTSTART{tzid}:{}", time(departures.first)));
    if let Some(rule) = &train.rrule {
        w.raw("RRULE", &rule_text(rule, tz));
    }
    w.text(
        "SUMMARY",
        &format!("Train departs: {}", train.display_name()),
    );
    w.text("DESCRIPTION", &desc);
    w.text("CATEGORIES", "Train");
    // Trains are not windows: the import skips what this marks.
    w.raw("X-TRAINYARD-KIND", "train-departure");
    w.raw("TRANSP", "TRANSPARENT");
    w.raw("END", "VEVENT");

    let Some(freeze) = train.freeze.filter(|f| !f.is_zero()) else {
        return;
    };
    for dep in departures.freeze_departures(plan) {
        let start = dep - Duration::days(freeze.days) - Duration::seconds(freeze.seconds);
        w.raw("BEGIN", "VEVENT");
        w.raw(
            "UID",
            &format!(
                "freeze-{}-{}@{domain}",
                uid_part(train.id.as_str()),
                local_stamp(dep)
            ),
        );
        w.raw("DTSTAMP", stamp);
        w.line(&format!("DTSTART{tzid}:{}", time(start)));
        w.line(&format!("DTEND{tzid}:{}", time(dep)));
        w.text("SUMMARY", &format!("Code freeze: {}", train.display_name()));
        w.text("DESCRIPTION", &desc);
        w.text("CATEGORIES", "Code freeze");
        w.raw("X-TRAINYARD-KIND", "code-freeze");
        w.raw("TRANSP", "TRANSPARENT");
        w.raw("END", "VEVENT");
    }
}
