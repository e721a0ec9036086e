//! Writing a plan as an iCalendar file: the calendar header, one VTIMEZONE
//! per zone the windows and trains use, then the events: windows (with their
//! recurrence, `windows`), trains and code freezes (`trains`), deployments
//! (in UTC, with a status, `deployments`). How values are spelled, and the
//! UIDs, are in `names`; how a recurrence is rewritten for RFC 5545 readers
//! is in `recurrence`.

mod deployments;
mod names;
mod recurrence;
mod trains;
mod windows;

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDateTime};
use chrono_tz::Tz;
use trainyard_core::time::Instant;
use trainyard_core::*;

use super::lines::Writer;
use super::{vtimezone, IcsFilter};
use crate::ReportError;
use deployments::Deployments;
use names::{is_utc, uid_domain, utc_stamp};
use recurrence::first_occurrence;
use trains::{horizon, write_train, Departures};
use windows::write_window;

pub use names::CALENDAR_ID_KEY;
pub use trains::MAX_FREEZES;

/// Writes the plan (or the part `filter` selects) as an iCalendar file.
pub fn export_ics(plan: &Plan, filter: &IcsFilter) -> Result<String, ReportError> {
    if let Some(r) = &filter.release {
        if plan.release(r.as_str()).is_none() {
            return Err(ReportError::UnknownRelease(r.to_string()));
        }
    }
    if let Some(e) = &filter.environment {
        if plan.environment(e.as_str()).is_none() {
            return Err(ReportError::UnknownEnvironment(e.to_string()));
        }
    }
    let domain = uid_domain(plan);
    let stamp = utc_stamp(filter.dtstamp.unwrap_or(Instant::UNIX_EPOCH));

    let mut deployments: Vec<&Deployment> = plan
        .deployments
        .iter()
        .filter(|d| filter.release.as_ref().is_none_or(|r| &d.release == r))
        .filter(|d| {
            filter
                .environment
                .as_ref()
                .is_none_or(|e| &d.environment == e)
        })
        .collect();
    deployments.sort_by(|a, b| (a.start, &a.id).cmp(&(b.start, &b.id)));

    let windows: Vec<(&Window, NaiveDateTime)> = plan
        .windows
        .iter()
        .filter(|w| match (&filter.release, &filter.environment) {
            (None, None) => true,
            (Some(_), _) => deployments
                .iter()
                .any(|d| w.scope.matches(&d.service, &d.environment)),
            (None, Some(e)) => w.scope.environments.is_empty() || w.scope.environments.contains(e),
        })
        .filter_map(|w| first_occurrence(w).map(|f| (w, f)))
        .collect();

    // Trains are plan-wide; a release's calendar shows the release's own train.
    let release_train = filter
        .release
        .as_ref()
        .and_then(|r| plan.release(r.as_str()))
        .map(|r| r.train.as_ref());
    let trains: Vec<Departures> = plan
        .trains
        .iter()
        .filter(|t| release_train.is_none_or(|rt| rt == Some(&t.id)))
        .filter_map(|t| Departures::of(t, plan.timezone))
        .collect();

    let mut w = Writer::default();
    w.raw("BEGIN", "VCALENDAR");
    w.raw("VERSION", "2.0");
    w.text(
        "PRODID",
        concat!(
            "-//Trainyard//Trainyard ",
            env!("CARGO_PKG_VERSION"),
            "//EN"
        ),
    );
    w.raw("CALSCALE", "GREGORIAN");
    w.raw("METHOD", "PUBLISH");
    let mut cal_name = plan.display_name().to_owned();
    if let Some(r) = filter
        .release
        .as_ref()
        .and_then(|r| plan.release(r.as_str()))
    {
        cal_name.push_str(&format!(" · {}", r.display_name()));
    }
    if let Some(e) = filter
        .environment
        .as_ref()
        .and_then(|e| plan.environment(e.as_str()))
    {
        cal_name.push_str(&format!(" · {}", e.display_name()));
    }
    w.text("X-WR-CALNAME", &cal_name);
    // No X-WR-TIMEZONE: Google Calendar (and the x-wr-timezone convention that
    // python's recurring_ical_events follows) re-reads UTC times as local times
    // of that zone, which would move a UTC window's recurrence across DST.

    // One VTIMEZONE per zone used, covering the years of its windows and of the plan.
    let plan_last_year = plan.deployments.iter().map(|d| d.end.year()).max();
    let mut zones: BTreeMap<&str, (Tz, i32, i32)> = BTreeMap::new();
    for (win, first) in &windows {
        if is_utc(win.timezone) {
            continue;
        }
        let y = first.year();
        let last = y.max(plan_last_year.unwrap_or(y)) + 1;
        let e = zones
            .entry(win.timezone.name())
            .or_insert((win.timezone, y - 1, last));
        e.1 = e.1.min(y - 1);
        e.2 = e.2.max(last);
    }
    if !is_utc(plan.timezone) {
        for t in &trains {
            let (_, to) = horizon(plan, t.first);
            let (y, last) = (t.first.year(), to.year() + 1);
            let e = zones
                .entry(plan.timezone.name())
                .or_insert((plan.timezone, y - 1, last));
            e.1 = e.1.min(y - 1);
            e.2 = e.2.max(last);
        }
    }
    for (tz, from, to) in zones.values() {
        vtimezone::write(&mut w, *tz, *from, *to);
    }

    for (win, first) in &windows {
        write_window(&mut w, plan, win, first, &domain, &stamp);
    }
    for t in &trains {
        write_train(&mut w, plan, t, &domain, &stamp);
    }
    let lookup = Deployments::new(plan);
    for d in &deployments {
        lookup.write(&mut w, d, &domain, &stamp);
    }
    w.raw("END", "VCALENDAR");
    Ok(w.out)
}
