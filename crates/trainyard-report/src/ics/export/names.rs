//! How the export spells things: UTC-equivalent zones written with `Z`, UTC
//! and local date-time stamps, the plan-name slug of UID domains and the
//! percent-encoded ids inside UIDs (stable, so a re-import updates events).

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

/// A lowercase DNS-label-like slug of the plan name for UIDs.
pub(super) fn slug(name: &str) -> String {
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
