//! Writing a plan as an iCalendar file.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDateTime, Timelike};
use chrono_tz::Tz;
use trainyard_core::rrule::RRule;
use trainyard_core::time::{resolve_local, Instant};
use trainyard_core::*;

use super::lines::{param_value, Writer};
use super::{vtimezone, IcsFilter};
use crate::ReportError;

/// Zones that are UTC under another name: their times are written with `Z`.
const UTC_NAMES: [&str; 18] = [
    "UTC",
    "Etc/UTC",
    "Etc/UCT",
    "Etc/Universal",
    "Etc/Zulu",
    "UCT",
    "Universal",
    "Zulu",
    "Etc/GMT",
    "GMT",
    "Etc/Greenwich",
    "Greenwich",
    "GMT0",
    "Etc/GMT0",
    "Etc/GMT+0",
    "Etc/GMT-0",
    "GMT+0",
    "GMT-0",
];

pub(crate) fn is_utc(tz: Tz) -> bool {
    UTC_NAMES.contains(&tz.name())
}

pub(crate) fn utc_stamp(t: Instant) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

pub(crate) fn local_stamp(t: NaiveDateTime) -> String {
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

/// A lowercase DNS-label-like slug of the plan name for UIDs.
pub(crate) fn slug(name: &str) -> String {
    let mut s = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if let Some(ascii) = fold_latin(c) {
            s.push_str(ascii);
        } else if c.is_ascii_alphanumeric() {
            s.push(c);
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
        if s.len() >= 48 {
            break;
        }
    }
    let s = s.trim_end_matches('-').to_owned();
    if s.is_empty() {
        "plan".into()
    } else {
        s
    }
}

/// Common accented Latin letters without their accents ("zürich" → "zurich").
fn fold_latin(c: char) -> Option<&'static str> {
    const TABLE: [(&str, &str); 16] = [
        ("àáâãäåāą", "a"),
        ("æ", "ae"),
        ("çćč", "c"),
        ("ďđ", "d"),
        ("èéêëēęě", "e"),
        ("ìíîïī", "i"),
        ("ł", "l"),
        ("ñńň", "n"),
        ("òóôõöøō", "o"),
        ("œ", "oe"),
        ("řŕ", "r"),
        ("śšş", "s"),
        ("ß", "ss"),
        ("ťţ", "t"),
        ("ùúûüůū", "u"),
        ("ýÿžźż", "_"),
    ];
    match c {
        'ý' | 'ÿ' => return Some("y"),
        'ž' | 'ź' | 'ż' => return Some("z"),
        _ => {}
    }
    TABLE
        .iter()
        .find(|(set, _)| set.contains(c))
        .map(|(_, a)| *a)
        .filter(|a| *a != "_")
}

/// An id made safe for a UID: unreserved ASCII kept, everything else %XX.
fn uid_part(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The first occurrence the rule produces at or after DTSTART (local), or
/// `None` if it produces none within a hundred years.
fn first_occurrence(w: &Window) -> Option<NaiveDateTime> {
    let Some(rule) = &w.rrule else {
        return (!w.exdates.contains(&w.start)).then_some(w.start);
    };
    let mut from = w.start;
    for _ in 0..100 {
        let to = from + Duration::days(366);
        if let Some(first) = rule
            .expand(w.start, w.timezone, from, to)
            .into_iter()
            .next()
        {
            return Some(first);
        }
        if rule.count().is_some() {
            // With COUNT the expansion walks from DTSTART anyway; widen instead.
            from = to;
            continue;
        }
        from = to;
    }
    None
}

/// The rule text for a calendar: upper case, a local UNTIL turned into the UTC
/// instant it names in the window's zone (RFC 5545 requires UTC with a TZID).
fn rule_text(rule: &RRule, tz: Tz) -> String {
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
