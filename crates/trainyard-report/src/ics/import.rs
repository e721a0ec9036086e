//! Reading a calendar's events into maintenance or blackout windows.

use std::collections::HashSet;
use std::str::FromStr;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use chrono_tz::Tz;
use serde_json::{Map, Value};
use trainyard_core::rrule::RRule;
use trainyard_core::time::{resolve_local, to_local, Instant, NominalDuration};
use trainyard_core::{Scope, Window, WindowId, WindowKind};

use super::lines::{parse_line, unescape_text, unfold, ContentLine};
use super::{IcsError, IcsProblem, IcsWarning, ImportedWindows};

/// Properties that do not change when or whether an event happens.
const HARMLESS: [&str; 25] = [
    "UID",
    "DTSTAMP",
    "SUMMARY",
    "DESCRIPTION",
    "LOCATION",
    "CLASS",
    "CREATED",
    "LAST-MODIFIED",
    "SEQUENCE",
    "PRIORITY",
    "CATEGORIES",
    "TRANSP",
    "ORGANIZER",
    "ATTENDEE",
    "URL",
    "GEO",
    "COMMENT",
    "CONTACT",
    "RESOURCES",
    "ATTACH",
    "RELATED-TO",
    "REQUEST-STATUS",
    "STATUS",
    "COLOR",
    "CONFERENCE",
];

/// Properties that would change the occurrences if ignored.
const MEANINGFUL: [(&str, &str); 3] = [
    ("RDATE", "extra dates (RDATE) are not supported; list them as separate events"),
    ("EXRULE", "exclusion rules (EXRULE) are not supported"),
    ("RECURRENCE-ID", "modified occurrences (RECURRENCE-ID) are not supported; the series would lose or move an occurrence"),
];

/// A time as written in the file.
#[derive(Debug, Clone, Copy)]
enum When {
    Date(NaiveDate),
    Utc(NaiveDateTime),
    /// Local time in a zone named by TZID.
    Zoned(NaiveDateTime, Tz),
    Floating(NaiveDateTime),
}

struct Event {
    begin_line: usize,
    props: Vec<ContentLine>,
}

impl Event {
    fn uid(&self) -> Option<String> {
        self.props
            .iter()
            .find(|p| p.name == "UID")
            .map(|p| unescape_text(&p.value))
            .filter(|u| !u.is_empty())
    }
    fn all(&self, name: &str) -> impl Iterator<Item = &ContentLine> {
        let name = name.to_owned();
        self.props.iter().filter(move |p| p.name == name)
    }
}

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

fn parse_calendar(text: &str) -> Result<(Vec<Event>, Vec<IcsWarning>), IcsError> {
    let lines = unfold(text);
    let mut stack: Vec<(String, usize)> = Vec::new();
    let mut events = Vec::new();
    let mut warnings = Vec::new();
    let mut current: Option<Event> = None;
    let mut saw_calendar = false;
    for (n, raw) in lines {
        let line = parse_line(n, &raw).map_err(|message| IcsError::Syntax { line: n, message })?;
        match line.name.as_str() {
            "BEGIN" => {
                let comp = line.value.trim().to_ascii_uppercase();
                if stack.is_empty() && comp != "VCALENDAR" {
                    return Err(IcsError::Syntax {
                        line: n,
                        message: format!("expected BEGIN:VCALENDAR, got BEGIN:{comp}"),
                    });
                }
                if stack.is_empty() {
                    saw_calendar = true;
                }
                if stack.len() == 1 {
                    match comp.as_str() {
                        "VEVENT" => {
                            current = Some(Event {
                                begin_line: n,
                                props: Vec::new(),
                            })
                        }
                        "VTIMEZONE" => {}
                        other => warnings.push(IcsProblem {
                            line: n,
                            uid: None,
                            message: format!(
                                "{other} component ignored (only VEVENTs become windows)"
                            ),
                        }),
                    }
                }
                stack.push((comp, n));
            }
            "END" => {
                let comp = line.value.trim().to_ascii_uppercase();
                match stack.pop() {
                    Some((open, _)) if open == comp => {}
                    Some((open, at)) => {
                        return Err(IcsError::Syntax {
                            line: n,
                            message: format!("END:{comp} does not close BEGIN:{open} of line {at}"),
                        })
                    }
                    None => {
                        return Err(IcsError::Syntax {
                            line: n,
                            message: format!("END:{comp} without a BEGIN"),
                        })
                    }
                }
                if stack.len() == 1 && comp == "VEVENT" {
                    events.extend(current.take());
                }
            }
            _ => {
                if stack.is_empty() {
                    return Err(IcsError::Syntax {
                        line: n,
                        message: format!("{} outside BEGIN:VCALENDAR", line.name),
                    });
                }
                // Only the event's own properties (not those of a VALARM inside it).
                if stack.len() == 2 {
                    if let Some(ev) = current.as_mut() {
                        ev.props.push(line);
                    }
                }
            }
        }
    }
    if let Some((open, at)) = stack.pop() {
        return Err(IcsError::Syntax {
            line: at,
            message: format!("BEGIN:{open} is never closed"),
        });
    }
    if !saw_calendar {
        return Err(IcsError::Syntax {
            line: 1,
            message: "no BEGIN:VCALENDAR: this is not an iCalendar file".into(),
        });
    }
    Ok((events, warnings))
}

/// A zone named by a TZID: an IANA name, possibly at the end of a path.
fn zone(tzid: &str) -> Option<Tz> {
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

fn parse_date(s: &str) -> Option<NaiveDate> {
    if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    NaiveDate::from_ymd_opt(
        s[0..4].parse().ok()?,
        s[4..6].parse().ok()?,
        s[6..8].parse().ok()?,
    )
}

fn parse_datetime(s: &str) -> Option<NaiveDateTime> {
    let (d, t) = s.split_once(['T', 't'])?;
    let date = parse_date(d)?;
    if t.len() != 6 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let time = NaiveTime::from_hms_opt(
        t[0..2].parse().ok()?,
        t[2..4].parse().ok()?,
        t[4..6].parse().ok()?,
    )?;
    Some(date.and_time(time))
}

/// The values of a DTSTART/DTEND/EXDATE line.
fn whens(p: &ContentLine) -> Result<Vec<When>, String> {
    let is_date = p
        .param("VALUE")
        .is_some_and(|v| v.eq_ignore_ascii_case("DATE"));
    if let Some(v) = p.param("VALUE") {
        if !v.eq_ignore_ascii_case("DATE") && !v.eq_ignore_ascii_case("DATE-TIME") {
            return Err(format!("{} with VALUE={v} is not supported", p.name));
        }
    }
    let tz = match p.param("TZID") {
        Some(id) => Some(zone(id).ok_or_else(|| {
            format!("unknown time zone TZID={id} (expected an IANA name such as Europe/Berlin)")
        })?),
        None => None,
    };
    p.value
        .split(',')
        .map(|v| {
            let v = v.trim();
            if is_date || (v.len() == 8 && !v.contains('T')) {
                return parse_date(v)
                    .map(When::Date)
                    .ok_or_else(|| format!("{} value {v:?} is not a date YYYYMMDD", p.name));
            }
            let (body, utc) = match v.strip_suffix(['Z', 'z']) {
                Some(b) => (b, true),
                None => (v, false),
            };
            let dt = parse_datetime(body).ok_or_else(|| {
                format!(
                    "{} value {v:?} is not a date-time YYYYMMDDTHHMMSS[Z]",
                    p.name
                )
            })?;
            Ok(match (utc, tz) {
                (true, _) => When::Utc(dt),
                (false, Some(tz)) => When::Zoned(dt, tz),
                (false, None) => When::Floating(dt),
            })
        })
        .collect()
}

/// The instant a time names (dates and floating times in `floating`).
fn instant(w: When, floating: Tz) -> Instant {
    match w {
        When::Date(d) => resolve_local(d.and_time(NaiveTime::MIN), floating),
        When::Utc(t) => t.and_utc(),
        When::Zoned(t, tz) => resolve_local(t, tz),
        When::Floating(t) => resolve_local(t, floating),
    }
}

/// An id-safe form of a UID.
fn id_from(prefix: &str, uid: &str) -> String {
    let mut s = String::from(prefix);
    for c in uid.chars() {
        s.push(
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '@') {
                c
            } else {
                '-'
            },
        );
    }
    if s.chars().count() > 120 {
        let mut h = crate::fnv::Fnv::new();
        h.write(uid.as_bytes());
        let cut: String = s.chars().take(110).collect();
        s = format!("{cut}-{:08x}", h.finish() as u32);
    }
    s
}

#[allow(clippy::too_many_arguments)]
fn event_windows(
    ev: &Event,
    kind: WindowKind,
    scope: &Scope,
    id_prefix: &str,
    floating: Tz,
    used_ids: &mut HashSet<String>,
    warnings: &mut Vec<IcsWarning>,
) -> Result<Vec<Window>, Vec<IcsProblem>> {
    let uid = ev.uid();
    let mut problems = Vec::new();
    let problem = |line: usize, message: String| IcsProblem {
        line,
        uid: uid.clone(),
        message,
    };

    for p in &ev.props {
        if let Some((_, msg)) = MEANINGFUL.iter().find(|(n, _)| *n == p.name) {
            problems.push(problem(p.line, (*msg).to_owned()));
        } else if !HARMLESS.contains(&p.name.as_str())
            && !p.name.starts_with("X-")
            && !matches!(
                p.name.as_str(),
                "DTSTART" | "DTEND" | "DURATION" | "RRULE" | "EXDATE"
            )
        {
            warnings.push(problem(p.line, format!("property {} ignored", p.name)));
        }
    }
    if ev
        .all("STATUS")
        .any(|p| p.value.trim().eq_ignore_ascii_case("CANCELLED"))
    {
        warnings.push(problem(ev.begin_line, "cancelled event skipped".into()));
        return if problems.is_empty() {
            Ok(vec![])
        } else {
            Err(problems)
        };
    }

    let starts: Vec<&ContentLine> = ev.all("DTSTART").collect();
    let Some(dtstart) = starts.first() else {
        problems.push(problem(ev.begin_line, "event has no DTSTART".into()));
        return Err(problems);
    };
    let start = match whens(dtstart) {
        Ok(v) if v.len() == 1 => v[0],
        Ok(_) => {
            problems.push(problem(
                dtstart.line,
                "DTSTART has more than one value".into(),
            ));
            return Err(problems);
        }
        Err(m) => {
            problems.push(problem(dtstart.line, m));
            return Err(problems);
        }
    };
    let (local_start, tz) = match start {
        When::Date(d) => (d.and_time(NaiveTime::MIN), floating),
        When::Utc(t) => (t, Tz::UTC),
        When::Zoned(t, tz) => (t, tz),
        When::Floating(t) => (t, floating),
    };

    // Length.
    let dtend = ev.all("DTEND").next();
    let duration_line = ev.all("DURATION").next();
    let duration = match (dtend, duration_line) {
        (Some(e), Some(_)) => Err((
            e.line,
            "an event must not have both DTEND and DURATION".to_owned(),
        )),
        (None, Some(d)) => {
            let v = d.value.trim();
            if v.starts_with('-') {
                Err((d.line, format!("negative DURATION {v}")))
            } else {
                NominalDuration::from_str(v.trim_start_matches('+'))
                    .map_err(|e| (d.line, e.to_string()))
            }
        }
        (Some(e), None) => match whens(e) {
            Ok(v) if v.len() == 1 => match (start, v[0]) {
                (When::Date(a), When::Date(b)) => Ok(NominalDuration {
                    days: (b - a).num_days(),
                    seconds: 0,
                }),
                (When::Date(_), _) | (_, When::Date(_)) => Err((
                    e.line,
                    "DTSTART and DTEND must both be dates or both date-times".into(),
                )),
                (a, b) => Ok(NominalDuration::from_exact(
                    instant(b, floating) - instant(a, floating),
                )),
            },
            Ok(_) => Err((e.line, "DTEND has more than one value".into())),
            Err(m) => Err((e.line, m)),
        },
        (None, None) => match start {
            When::Date(_) => Ok(NominalDuration {
                days: 1,
                seconds: 0,
            }),
            _ => Err((
                dtstart.line,
                "event has neither DTEND nor DURATION, so it lasts no time".into(),
            )),
        },
    };
    let duration = match duration {
        Ok(d) if d.days > 0 || d.seconds > 0 => d,
        Ok(d) if d.days < 0 || d.seconds < 0 => {
            problems.push(problem(
                dtend.map_or(dtstart.line, |e| e.line),
                "the event ends before it starts".into(),
            ));
            return Err(problems);
        }
        Ok(_) => {
            problems.push(problem(
                dtend.or(duration_line).map_or(dtstart.line, |e| e.line),
                "the event lasts no time; a window must be longer than zero".into(),
            ));
            return Err(problems);
        }
        Err((line, m)) => {
            problems.push(problem(line, m));
            return Err(problems);
        }
    };

    // Recurrence.
    let rules: Vec<&ContentLine> = ev.all("RRULE").collect();
    if rules.len() > 1 {
        problems.push(problem(
            rules[1].line,
            "more than one RRULE in an event is not supported".into(),
        ));
    }
    let mut rrule_source = rules.first().map(|r| r.value.trim().to_owned());
    if let (Some(src), When::Date(_)) = (&rrule_source, start) {
        // A date UNTIL with an all-day DTSTART: the last day's 00:00 (inclusive).
        rrule_source = Some(
            src.split(';')
                .map(|part| match part.split_once('=') {
                    Some((n, v)) if n.eq_ignore_ascii_case("UNTIL") && v.len() == 8 => {
                        format!("UNTIL={v}T000000")
                    }
                    _ => part.to_owned(),
                })
                .collect::<Vec<_>>()
                .join(";"),
        );
    }
    let mut rrule = match &rrule_source {
        Some(src) => match RRule::from_str(src) {
            Ok(r) => Some(r),
            Err(e) => {
                problems.push(problem(rules[0].line, format!("RRULE {src}: {e}")));
                None
            }
        },
        None => None,
    };

    let mut exdates = Vec::new();
    for p in ev.all("EXDATE") {
        match whens(p) {
            Ok(vals) => {
                for v in vals {
                    let local = match v {
                        When::Date(d) => d.and_time(local_start.time()),
                        When::Zoned(t, z) if z == tz => t,
                        When::Floating(t) => t,
                        other => to_local(instant(other, floating), tz),
                    };
                    exdates.push(local);
                }
            }
            Err(m) => problems.push(problem(p.line, m)),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    exdates.sort();
    exdates.dedup();

    // RFC 5545 counts DTSTART as the first occurrence even when the rule does not
    // produce it; the plan format does not. Such a DTSTART becomes its own window
    // (and a COUNT loses the one it spent on it).
    let mut extra_first = false;
    if let Some(rule) = &rrule {
        let produced = rule.expand(
            local_start,
            tz,
            local_start,
            local_start + chrono::Duration::seconds(1),
        );
        if produced.first() != Some(&local_start) {
            extra_first = !exdates.contains(&local_start);
            if let Some(count) = rule.count() {
                let src = rrule_source.clone().unwrap_or_default();
                let rewritten: Vec<String> = src
                    .split(';')
                    .filter_map(|part| match part.split_once('=') {
                        Some((n, _)) if n.eq_ignore_ascii_case("COUNT") => {
                            (count > 1).then(|| format!("COUNT={}", count - 1))
                        }
                        _ => Some(part.to_owned()),
                    })
                    .collect();
                rrule = if count > 1 {
                    RRule::from_str(&rewritten.join(";")).ok()
                } else {
                    None
                };
                if rrule.is_none() && count > 1 {
                    return Err(vec![problem(
                        rules[0].line,
                        "cannot rewrite COUNT for a DTSTART the rule does not produce".into(),
                    )]);
                }
            }
        }
    }

    let name = ev
        .all("SUMMARY")
        .next()
        .map(|p| unescape_text(&p.value))
        .filter(|s| !s.trim().is_empty());
    let base_id = id_from(
        id_prefix,
        &uid.clone()
            .unwrap_or_else(|| format!("event-{}", ev.begin_line)),
    );
    let mut unique = |id: String| {
        let mut candidate = id.clone();
        let mut n = 2;
        while !used_ids.insert(candidate.clone()) {
            candidate = format!("{id}-{n}");
            n += 1;
        }
        candidate
    };
    let x = uid.as_ref().map(|u| {
        let mut m = Map::new();
        m.insert("ics_uid".into(), Value::String(u.clone()));
        m
    });
    let mut out = Vec::new();
    if rrule.is_some() || !extra_first {
        out.push(Window {
            id: WindowId(unique(base_id.clone())),
            kind,
            name: name.clone(),
            scope: scope.clone(),
            start: local_start,
            duration,
            timezone: tz,
            rrule: rrule.clone(),
            exdates: if rrule.is_some() {
                exdates.clone()
            } else {
                exdates
                    .iter()
                    .filter(|x| **x == local_start)
                    .copied()
                    .collect()
            },
            allow_emergency: false,
            x: x.clone(),
        });
    }
    if extra_first {
        out.push(Window {
            id: WindowId(unique(format!("{base_id}-dtstart"))),
            kind,
            name,
            scope: scope.clone(),
            start: local_start,
            duration,
            timezone: tz,
            rrule: None,
            exdates: vec![],
            allow_emergency: false,
            x,
        });
        warnings.push(problem(
            ev.begin_line,
            "DTSTART is not an occurrence of the RRULE; it became a separate one-off window, as RFC 5545 counts it".into(),
        ));
    }
    Ok(out)
}
