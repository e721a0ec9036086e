//! Time-zone resolution for TZID parameters: IANA names, IANA names at the end
//! of a vendor path (`/mozilla.org/…/Europe/Berlin`), and the Windows zone
//! names Outlook writes.

use std::str::FromStr;

use chrono_tz::Tz;

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
    let iana = match name {
        "W. Europe Standard Time" => "Europe/Berlin",
        "Romance Standard Time" => "Europe/Paris",
        "Central Europe Standard Time" => "Europe/Budapest",
        "Central European Standard Time" => "Europe/Warsaw",
        "GMT Standard Time" => "Europe/London",
        "Greenwich Standard Time" => "Atlantic/Reykjavik",
        "E. Europe Standard Time" => "Europe/Chisinau",
        "FLE Standard Time" => "Europe/Kiev",
        "GTB Standard Time" => "Europe/Bucharest",
        "Russian Standard Time" => "Europe/Moscow",
        "Eastern Standard Time" => "America/New_York",
        "Central Standard Time" => "America/Chicago",
        "Mountain Standard Time" => "America/Denver",
        "Pacific Standard Time" => "America/Los_Angeles",
        "US Mountain Standard Time" => "America/Phoenix",
        "Alaskan Standard Time" => "America/Anchorage",
        "Hawaiian Standard Time" => "Pacific/Honolulu",
        "Atlantic Standard Time" => "America/Halifax",
        "E. South America Standard Time" => "America/Sao_Paulo",
        "India Standard Time" => "Asia/Kolkata",
        "China Standard Time" => "Asia/Shanghai",
        "Tokyo Standard Time" => "Asia/Tokyo",
        "Korea Standard Time" => "Asia/Seoul",
        "Singapore Standard Time" => "Asia/Singapore",
        "AUS Eastern Standard Time" => "Australia/Sydney",
        "New Zealand Standard Time" => "Pacific/Auckland",
        "Arabian Standard Time" => "Asia/Dubai",
        "Israel Standard Time" => "Asia/Jerusalem",
        "South Africa Standard Time" => "Africa/Johannesburg",
        "UTC" | "Coordinated Universal Time" => "UTC",
        _ => return None,
    };
    Tz::from_str(iana).ok()
}
