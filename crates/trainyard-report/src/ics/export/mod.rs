//! Writing a plan as an iCalendar file: the calendar header, one VTIMEZONE
//! per zone the windows use, one event per window (with its recurrence) and
//! one per deployment (in UTC). How values are spelled is in `names`; how a
//! window's recurrence is rewritten for RFC 5545 readers is in `recurrence`.

mod names;
mod recurrence;

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDateTime};
use chrono_tz::Tz;
use trainyard_core::time::{resolve_local, Instant};
use trainyard_core::*;

use super::lines::{param_value, Writer};
use super::{vtimezone, IcsFilter};
use crate::ReportError;
use names::{is_utc, local_stamp, slug, uid_part, utc_stamp};
use recurrence::{first_occurrence, rule_text};

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
    let domain = format!("{}.trainyard", slug(plan.display_name()));
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
    for (tz, from, to) in zones.values() {
        vtimezone::write(&mut w, *tz, *from, *to);
    }

    for (win, first) in &windows {
        let tz = win.timezone;
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
        let kind = match win.kind {
            WindowKind::Maintenance => "Maintenance window",
            WindowKind::Blackout => "Blackout",
        };
        w.raw("BEGIN", "VEVENT");
        w.raw(
            "UID",
            &format!("window-{}@{domain}", uid_part(win.id.as_str())),
        );
        w.raw("DTSTAMP", &stamp);
        w.line(&format!("DTSTART{tzid}:{}", time(*first)));
        w.raw("DURATION", &win.duration.to_string());
        if let Some(rule) = &win.rrule {
            w.raw("RRULE", &rule_text(rule, tz));
            let ex: Vec<String> = win
                .exdates
                .iter()
                .filter(|x| **x >= *first)
                .map(|x| time(*x))
                .collect();
            if !ex.is_empty() {
                w.line(&format!("EXDATE{tzid}:{}", ex.join(",")));
            }
        }
        w.text("SUMMARY", &format!("{kind}: {}", win.display_name()));
        w.text("DESCRIPTION", &window_description(plan, win));
        w.text("CATEGORIES", kind);
        w.raw(
            "TRANSP",
            if win.kind == WindowKind::Maintenance {
                "TRANSPARENT"
            } else {
                "OPAQUE"
            },
        );
        w.raw("END", "VEVENT");
    }

    for d in &deployments {
        let release = plan.release(d.release.as_str());
        let service = plan
            .service(d.service.as_str())
            .map_or(d.service.as_str(), |s| s.display_name());
        let env = plan
            .environment(d.environment.as_str())
            .map_or(d.environment.as_str(), |e| e.display_name());
        let release_name = release.map_or(d.release.as_str(), |r| r.display_name());
        let cancelled = d.status() == DeploymentStatus::RolledBack
            || release.is_some_and(|r| r.status() == ReleaseStatus::Cancelled);
        w.raw("BEGIN", "VEVENT");
        w.raw(
            "UID",
            &format!("deployment-{}@{domain}", uid_part(d.id.as_str())),
        );
        w.raw("DTSTAMP", &stamp);
        w.raw("DTSTART", &utc_stamp(d.start));
        w.raw("DTEND", &utc_stamp(d.end));
        w.text(
            "SUMMARY",
            &format!("Deploy {service} to {env} ({release_name})"),
        );
        let mut desc = vec![format!("Release: {release_name}")];
        if let Some(r) = release {
            if let Some(v) = &r.version {
                desc.push(format!("Version: {v}"));
            }
            desc.push(format!("Change type: {}", r.change_type.as_str()));
            desc.push(format!("Release status: {}", r.status().as_str()));
        }
        desc.push(format!("Service: {service}"));
        desc.push(format!("Environment: {env}"));
        desc.push(format!("Strategy: {}", d.strategy().as_str()));
        if let Some(wave) = &d.wave {
            desc.push(format!("Wave: {wave}"));
        }
        desc.push(format!("Deployment status: {}", d.status().as_str()));
        desc.push(format!("Deployment id: {}", d.id));
        w.text("DESCRIPTION", &desc.join("\n"));
        w.text("CATEGORIES", "Deployment");
        w.raw("STATUS", if cancelled { "CANCELLED" } else { "CONFIRMED" });
        w.raw("TRANSP", "OPAQUE");
        w.raw("END", "VEVENT");
    }
    w.raw("END", "VCALENDAR");
    Ok(w.out)
}

fn window_description(plan: &Plan, w: &Window) -> String {
    let envs = if w.scope.environments.is_empty() {
        "all".to_owned()
    } else {
        w.scope
            .environments
            .iter()
            .map(|e| {
                plan.environment(e.as_str())
                    .map_or(e.as_str(), |e| e.display_name())
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let services = if w.scope.services.is_empty() {
        "all".to_owned()
    } else {
        w.scope
            .services
            .iter()
            .map(|s| {
                plan.service(s.as_str())
                    .map_or(s.as_str(), |s| s.display_name())
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let what = match w.kind {
        WindowKind::Maintenance => "Deployments are allowed in this window.",
        WindowKind::Blackout if w.allow_emergency => {
            "No deployments (emergency changes may deploy with a waiver)."
        }
        WindowKind::Blackout => "No deployments.",
    };
    format!(
        "{what}\nEnvironments: {envs}\nServices: {services}\nTime zone: {}\nWindow id: {}",
        w.timezone.name(),
        w.id
    )
}
