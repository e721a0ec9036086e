//! A window as one event: DTSTART at its first occurrence in its own zone
//! (written with `Z` for UTC), its recurrence and exdates, and a description
//! of what it allows and where it applies.

use chrono::NaiveDateTime;
use trainyard_core::time::resolve_local;
use trainyard_core::*;

use super::super::lines::{param_value, Writer};
use super::names::{is_utc, local_stamp, uid_part, utc_stamp};
use super::recurrence::rule_text;

/// One window's event; `first` is its first occurrence (local).
pub(super) fn write_window(
    w: &mut Writer,
    plan: &Plan,
    win: &Window,
    first: &NaiveDateTime,
    domain: &str,
    stamp: &str,
) {
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
    w.raw("DTSTAMP", stamp);
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
