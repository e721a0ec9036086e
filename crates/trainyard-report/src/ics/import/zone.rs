//! Time-zone resolution for TZID parameters: IANA names, IANA names at the end
//! of a vendor path (`/mozilla.org/…/Europe/Berlin`), the Windows zone names
//! Outlook writes, and zones the calendar defines itself (`custom_zone`).

use std::collections::HashMap;
use std::str::FromStr;

use chrono_tz::Tz;

use super::calendar::TimezoneDef;
use super::custom_zone::match_definition;

/// The zones a calendar's TZIDs name: known names, and the VTIMEZONEs it
/// defines under other names (matched to an IANA zone, or why not).
pub(super) struct Zones {
    defined: HashMap<String, Result<Tz, String>>,
}

impl Zones {
    pub(super) fn new(defs: &[TimezoneDef]) -> Zones {
        let mut defined = HashMap::new();
        for def in defs {
            let Some(tzid) = def
                .props
                .iter()
                .find(|p| p.name == "TZID")
                .map(|p| p.value.trim().to_owned())
            else {
                continue;
            };
            // A name we know keeps its meaning; only other names need the rules.
            if zone(&tzid).is_none() {
                let resolved = match_definition(def)
                    .map_err(|e| format!("VTIMEZONE {tzid:?} (line {}): {e}", def.begin_line));
                defined.insert(tzid, resolved);
            }
        }
        Zones { defined }
    }

    /// The zone a TZID names, or why it cannot be used.
    pub(super) fn get(&self, tzid: &str) -> Result<Tz, String> {
        if let Some(tz) = zone(tzid) {
            return Ok(tz);
        }
        match self.defined.get(tzid.trim()) {
            Some(r) => r.clone(),
            None => Err(format!(
                "unknown time zone TZID={tzid} (expected an IANA name such as Europe/Berlin, \
                 or a VTIMEZONE in the calendar that defines it)"
            )),
        }
    }
}

/// A zone named by a TZID: an IANA name, possibly at the end of a path.
pub(super) fn zone(tzid: &str) -> Option<Tz> {
    let tzid = tzid.trim();
    if let Ok(tz) = Tz::from_str(tzid) {
        return Some(tz);
    }
    // `/mozilla.org/20050126_1/Europe/Berlin`, `/citadel.org/.../Europe/Berlin`.
    let parts: Vec<&str> = tzid.split('/').filter(|p| !p.is_empty()).collect();
    (1..parts.len())
        .rev()
        .find_map(|k| Tz::from_str(&parts[parts.len() - k..].join("/")).ok())
        .or_else(|| windows_zone(tzid))
}

/// The most common Windows zone names (Outlook exports) → IANA (CLDR windowsZones, territory 001).
fn windows_zone(name: &str) -> Option<Tz> {
    PREFERRED
        .iter()
        .find(|(windows, _)| *windows == name)
        .and_then(|(_, iana)| Tz::from_str(iana).ok())
}

/// Windows zone names and their IANA zones, most used first; also the order in
/// which a calendar's own zone definitions are matched.
pub(super) const PREFERRED: [(&str, &str); 31] = [
    ("W. Europe Standard Time", "Europe/Berlin"),
    ("Romance Standard Time", "Europe/Paris"),
    ("Central Europe Standard Time", "Europe/Budapest"),
    ("Central European Standard Time", "Europe/Warsaw"),
    ("GMT Standard Time", "Europe/London"),
    ("Greenwich Standard Time", "Atlantic/Reykjavik"),
    ("E. Europe Standard Time", "Europe/Chisinau"),
    ("FLE Standard Time", "Europe/Kiev"),
    ("GTB Standard Time", "Europe/Bucharest"),
    ("Russian Standard Time", "Europe/Moscow"),
    ("Eastern Standard Time", "America/New_York"),
    ("Central Standard Time", "America/Chicago"),
    ("Mountain Standard Time", "America/Denver"),
    ("Pacific Standard Time", "America/Los_Angeles"),
    ("US Mountain Standard Time", "America/Phoenix"),
    ("Alaskan Standard Time", "America/Anchorage"),
    ("Hawaiian Standard Time", "Pacific/Honolulu"),
    ("Atlantic Standard Time", "America/Halifax"),
    ("E. South America Standard Time", "America/Sao_Paulo"),
    ("India Standard Time", "Asia/Kolkata"),
    ("China Standard Time", "Asia/Shanghai"),
    ("Tokyo Standard Time", "Asia/Tokyo"),
    ("Korea Standard Time", "Asia/Seoul"),
    ("Singapore Standard Time", "Asia/Singapore"),
    ("AUS Eastern Standard Time", "Australia/Sydney"),
    ("New Zealand Standard Time", "Pacific/Auckland"),
    ("Arabian Standard Time", "Asia/Dubai"),
    ("Israel Standard Time", "Asia/Jerusalem"),
    ("South Africa Standard Time", "Africa/Johannesburg"),
    ("UTC", "UTC"),
    ("Coordinated Universal Time", "UTC"),
];
