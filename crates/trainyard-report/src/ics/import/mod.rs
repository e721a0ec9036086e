//! Reading a calendar's events into maintenance or blackout windows: the text
//! is split into components (`calendar`), each VEVENT's times are read
//! (`values`, with TZIDs resolved by `zone`) and the event becomes one window,
//! or two when RFC 5545 and the plan format count its DTSTART differently
//! (`event`).

mod calendar;
mod event;
mod values;
mod zone;

use std::collections::HashSet;

use chrono_tz::Tz;
use trainyard_core::{Scope, WindowKind};

use super::{IcsError, ImportedWindows};
use calendar::parse_calendar;
use event::event_windows;

/// Turns the VEVENTs of an iCalendar text into windows of `kind` with `scope`.
///
/// - `DTSTART` with `TZID` keeps the zone (IANA names, and the IANA name at the
///   end of a path such as `/mozilla.org/…/Europe/Berlin`); with `Z` the window
///   is in UTC; floating times and all-day dates (`VALUE=DATE`) are read in
///   `floating_tz` (pass the plan's zone). An all-day event lasts whole days.
/// - The length comes from `DURATION`, or `DTEND` (exact for date-times, whole
///   days for dates), or one day for an all-day event without either.
/// - `RRULE` must be in the plan's subset (checked by core's parser), `EXDATE`
///   is kept; `RDATE`, `EXRULE`, `RECURRENCE-ID`, two RRULEs, or a zero or
///   negative length are errors naming the line and UID.
/// - Window ids are `id_prefix` followed by the UID (made id-safe), or by
///   `event-LINE` without one; the UID is kept in the window's `x.ics_uid`.
/// - Cancelled events and non-event components are skipped with a warning.
pub fn import_ics(
    text: &str,
    kind: WindowKind,
    scope: &Scope,
    id_prefix: &str,
    floating_tz: Tz,
) -> Result<ImportedWindows, IcsError> {
    let (events, mut warnings) = parse_calendar(text)?;
    let mut windows = Vec::new();
    let mut problems = Vec::new();
    let mut used_ids: HashSet<String> = HashSet::new();
    for ev in &events {
        match event_windows(
            ev,
            kind,
            scope,
            id_prefix,
            floating_tz,
            &mut used_ids,
            &mut warnings,
        ) {
            Ok(ws) => windows.extend(ws),
            Err(mut p) => problems.append(&mut p),
        }
    }
    if !problems.is_empty() {
        return Err(IcsError::Events { problems });
    }
    Ok(ImportedWindows { windows, warnings })
}
