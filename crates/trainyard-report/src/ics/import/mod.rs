//! Reading a calendar's events into maintenance or blackout windows: the text
//! is split into components (`calendar`), each VEVENT's times are read
//! (`values`, with TZIDs resolved by `zone`) and the event becomes one window,
//! or two when RFC 5545 and the plan format count its DTSTART differently
//! (`event`).

mod calendar;
mod custom_zone;
mod event;
mod values;
mod zone;

use std::collections::{HashMap, HashSet};

use chrono_tz::Tz;
use trainyard_core::{Scope, WindowKind};

use super::{IcsError, IcsProblem, ImportedWindows};
use calendar::{parse_calendar, Event};
use event::{event_windows, Context};
use values::{whens, When};
use zone::Zones;

/// Turns the VEVENTs of an iCalendar text into windows of `kind` with `scope`.
///
/// - `DTSTART` with `TZID` keeps the zone (IANA names, the IANA name at the
///   end of a path such as `/mozilla.org/…/Europe/Berlin`, Windows names such
///   as `W. Europe Standard Time`, and zones the calendar defines in a
///   VTIMEZONE under another name, matched to the IANA zone with the same
///   offsets); with `Z` the window is in UTC; floating times and all-day dates
///   (`VALUE=DATE`) are read in `floating_tz` (pass the plan's zone). An
///   all-day event lasts whole days.
/// - The length comes from `DURATION`, or `DTEND` (exact for date-times, whole
///   days for dates), or one day for an all-day event without either.
/// - `RRULE` must be in the plan's subset (checked by core's parser), `EXDATE`
///   is kept; each `RDATE` becomes a one-off window of the event's length.
/// - An event with `RECURRENCE-ID` (one occurrence of a series, moved or
///   changed) adds that occurrence to the series' exdates and becomes a
///   one-off window; cancelled (`STATUS:CANCELLED`), it only adds the exdate.
/// - `EXRULE`, `RANGE=THISANDFUTURE`, two RRULEs, or a zero or negative length
///   are errors naming the line and UID.
/// - Window ids are [`window_id`] of the UID (or `event-LINE` without one);
///   derived windows add `-dtstart`, `-rdate-WHEN` or `-moved-WHEN`. The UID
///   is kept in the window's `x.ics_uid`.
/// - Cancelled events and non-event components are skipped with a warning.
pub fn import_ics(
    text: &str,
    kind: WindowKind,
    scope: &Scope,
    id_prefix: &str,
    floating_tz: Tz,
) -> Result<ImportedWindows, IcsError> {
    let cal = parse_calendar(text)?;
    let mut warnings = cal.warnings;
    let zones = Zones::new(&cal.timezones);
    let ctx = Context {
        kind,
        scope,
        floating: floating_tz,
        zones: &zones,
    };
    let mut windows = Vec::new();
    let mut problems = Vec::new();
    let mut used_ids: HashSet<String> = HashSet::new();

    // Occurrences replaced or cancelled by events of the same UID.
    let mut moved: HashMap<String, Vec<When>> = HashMap::new();
    let mut recurrence_ids: Vec<Option<When>> = Vec::with_capacity(cal.events.len());
    for ev in &cal.events {
        let rid = match recurrence_id(ev, &zones) {
            Ok(r) => r,
            Err(p) => {
                problems.push(p);
                None
            }
        };
        if let (Some(r), Some(uid)) = (rid, ev.uid()) {
            moved.entry(uid).or_default().push(r);
        }
        recurrence_ids.push(rid);
    }
    let masters: HashSet<String> = cal
        .events
        .iter()
        .zip(&recurrence_ids)
        .filter(|(_, r)| r.is_none())
        .filter_map(|(ev, _)| ev.uid())
        .collect();

    let mut uids: Vec<String> = Vec::new();
    let mut from_trains = 0;
    for (ev, rid) in cal.events.iter().zip(&recurrence_ids) {
        if from_a_train(ev) {
            from_trains += 1;
            continue;
        }
        let uid = ev.uid();
        if let Some(u) = &uid {
            if !uids.contains(u) {
                uids.push(u.clone());
            }
        }
        let base = window_id(
            id_prefix,
            &uid.clone()
                .unwrap_or_else(|| format!("event-{}", ev.begin_line)),
        );
        let result = match rid {
            None => {
                let away = uid.as_ref().and_then(|u| moved.get(u));
                event_windows(
                    ev,
                    &ctx,
                    &base,
                    away.map_or(&[][..], Vec::as_slice),
                    &mut used_ids,
                    &mut warnings,
                )
            }
            Some(r) => {
                if !uid.as_ref().is_some_and(|u| masters.contains(u)) {
                    warnings.push(IcsProblem {
                        line: ev.begin_line,
                        uid: uid.clone(),
                        message: "a changed occurrence (RECURRENCE-ID) without its series; \
                                  imported as a one-off window"
                            .into(),
                    });
                }
                let id = format!("{base}-moved-{}", r.stamp());
                event_windows(ev, &ctx, &id, &[], &mut used_ids, &mut warnings)
            }
        };
        match result {
            Ok(ws) => windows.extend(ws),
            Err(mut p) => problems.append(&mut p),
        }
    }
    if from_trains > 0 {
        warnings.push(IcsProblem {
            line: 1,
            uid: None,
            message: format!(
                "{from_trains} train departures and code freezes of a Trainyard calendar skipped \
                 (they come from the plan's trains)"
            ),
        });
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.line);
        return Err(IcsError::Events { problems });
    }
    Ok(ImportedWindows {
        windows,
        warnings,
        uids,
    })
}

/// A train departure or code freeze that Trainyard's export wrote: trains
/// are not windows, and their freezes are already in the plan that has them.
fn from_a_train(ev: &Event) -> bool {
    ev.all("X-TRAINYARD-KIND").any(|p| {
        let v = p.value.trim();
        v.eq_ignore_ascii_case("train-departure") || v.eq_ignore_ascii_case("code-freeze")
    })
}

/// The RECURRENCE-ID of an event that changes one occurrence of a series.
fn recurrence_id(ev: &Event, zones: &Zones) -> Result<Option<When>, IcsProblem> {
    let Some(p) = ev.all("RECURRENCE-ID").next() else {
        return Ok(None);
    };
    let problem = |message: String| IcsProblem {
        line: p.line,
        uid: ev.uid(),
        message,
    };
    if p.param("RANGE")
        .is_some_and(|r| r.eq_ignore_ascii_case("THISANDFUTURE"))
    {
        return Err(problem(
            "RECURRENCE-ID with RANGE=THISANDFUTURE (a change to every later occurrence) is \
             not supported; export the series as two events"
                .into(),
        ));
    }
    match whens(p, zones) {
        Ok(v) if v.len() == 1 => Ok(Some(v[0])),
        Ok(_) => Err(problem("RECURRENCE-ID must have exactly one value".into())),
        Err(m) => Err(problem(m)),
    }
}

/// The id of the window made from the event with `uid`: the prefix and the
/// UID made id-safe when that is at most 40 characters (Google's
/// `…@google.com`, most hand-made calendars), else the prefix and 12 hex
/// digits of a stable hash of the UID (Outlook's 100-character UIDs). The
/// same UID always gives the same id, so a re-import finds its windows.
pub fn window_id(prefix: &str, uid: &str) -> String {
    let safe: String = uid
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '@') {
                c
            } else {
                '-'
            }
        })
        .collect();
    if safe.chars().count() <= 40 {
        return format!("{prefix}{safe}");
    }
    let mut h = crate::fnv::Fnv::new();
    h.write(uid.as_bytes());
    format!("{prefix}{:012x}", h.finish() & 0xffff_ffff_ffff)
}
