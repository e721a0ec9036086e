//! How the export spells things: UTC-equivalent zones written with `Z`, UTC
//! and local date-time stamps, the UID domain (the plan's calendar identity,
//! never its name) and the percent-encoded ids inside UIDs (stable, so a
//! re-import updates events).

use chrono::{Datelike, NaiveDateTime, Timelike};
use chrono_tz::Tz;
use trainyard_core::time::Instant;

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

pub(super) fn is_utc(tz: Tz) -> bool {
    UTC_NAMES.contains(&tz.name())
}

pub(super) fn utc_stamp(t: Instant) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

pub(super) fn local_stamp(t: NaiveDateTime) -> String {
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

/// The key of the plan's `x` object that names its calendar identity.
pub const CALENDAR_ID_KEY: &str = "calendar_id";

/// The part of every UID after `@`. It never depends on the plan's name, so
/// renaming the plan keeps every UID (subscribers update events instead of
/// duplicating them): `<calendar_id>.trainyard` when the plan's `x` gives a
/// `calendar_id` string, else `trainyard`.
pub(super) fn uid_domain(plan: &trainyard_core::Plan) -> String {
    let id = plan
        .x
        .as_ref()
        .and_then(|x| x.get(CALENDAR_ID_KEY))
        .and_then(|v| v.as_str())
        .filter(|s| !s.is_empty());
    match id {
        Some(id) => format!("{}.trainyard", uid_part(id)),
        None => "trainyard".to_owned(),
    }
}

/// An id made safe for a UID: unreserved ASCII kept, everything else %XX.
pub(super) fn uid_part(id: &str) -> String {
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
