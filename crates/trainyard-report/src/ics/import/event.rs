//! One VEVENT mapped to windows: properties that would change its meaning are
//! errors and harmless ones are ignored; the length comes from DURATION or
//! DTEND; RRULE and EXDATE are kept (with the occurrences other events moved
//! away added to the exdates); a DTSTART the rule does not produce becomes a
//! window of its own (a COUNT gives up the occurrence it spent on it), and so
//! does each RDATE; ids come from the id the caller derived from the UID. One
//! function, because each step decides what the next may assume about the
//! event.

use std::collections::HashSet;
use std::str::FromStr;

use chrono::{NaiveDateTime, NaiveTime};
use chrono_tz::Tz;
use serde_json::{Map, Value};
use trainyard_core::rrule::RRule;
use trainyard_core::time::{to_local, NominalDuration};
use trainyard_core::{Scope, Window, WindowId, WindowKind};

use super::super::lines::{unescape_text, ContentLine};
use super::super::{IcsProblem, IcsWarning};
use super::calendar::Event;
use super::values::{instant, whens, When};
use super::zone::Zones;

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
const MEANINGFUL: [(&str, &str); 1] = [("EXRULE", "exclusion rules (EXRULE) are not supported")];

/// What every event of one import shares.
pub(super) struct Context<'a> {
    pub(super) kind: WindowKind,
    pub(super) scope: &'a Scope,
    pub(super) floating: Tz,
    pub(super) zones: &'a Zones,
}

/// The windows of one event: `base_id` is its window's id (derived windows
/// add a suffix); `moved_away` are the RECURRENCE-IDs of the occurrences
/// other events of the same UID replace or cancel.
pub(super) fn event_windows(
    ev: &Event,
    ctx: &Context,
    base_id: &str,
    moved_away: &[When],
    used_ids: &mut HashSet<String>,
    warnings: &mut Vec<IcsWarning>,
) -> Result<Vec<Window>, Vec<IcsProblem>> {
    let (kind, scope, floating, zones) = (ctx.kind, ctx.scope, ctx.floating, ctx.zones);
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
                "DTSTART" | "DTEND" | "DURATION" | "RRULE" | "EXDATE" | "RDATE" | "RECURRENCE-ID"
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
    let start = match whens(dtstart, zones) {
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
        (Some(e), None) => match whens(e, zones) {
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

    // A date or date-time of the recurrence set as a local time in the event's zone.
    let in_zone = |v: When| match v {
        When::Date(d) => d.and_time(local_start.time()),
        When::Zoned(t, z) if z == tz => t,
        When::Floating(t) => t,
        other => to_local(instant(other, floating), tz),
    };
    let mut exdates: Vec<NaiveDateTime> = moved_away.iter().map(|&v| in_zone(v)).collect();
    for p in ev.all("EXDATE") {
        match whens(p, zones) {
            Ok(vals) => exdates.extend(vals.into_iter().map(in_zone)),
            Err(m) => problems.push(problem(p.line, m)),
        }
    }
    let mut rdates: Vec<(When, NaiveDateTime)> = Vec::new();
    for p in ev.all("RDATE") {
        if p.param("VALUE")
            .is_some_and(|v| v.eq_ignore_ascii_case("PERIOD"))
        {
            problems.push(problem(
                p.line,
                "RDATE periods (VALUE=PERIOD) are not supported; give dates or date-times".into(),
            ));
            continue;
        }
        match whens(p, zones) {
            Ok(vals) => rdates.extend(vals.into_iter().map(|v| (v, in_zone(v)))),
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
    let base_id = base_id.to_owned();
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
            name: name.clone(),
            scope: scope.clone(),
            start: local_start,
            duration,
            timezone: tz,
            rrule: None,
            exdates: vec![],
            allow_emergency: false,
            x: x.clone(),
        });
        warnings.push(problem(
            ev.begin_line,
            "DTSTART is not an occurrence of the RRULE; it became a separate one-off window, as RFC 5545 counts it".into(),
        ));
    }
    // Each extra date (RDATE) is a one-off window of the event's length.
    for (written, local) in rdates {
        if exdates.contains(&local) || (local == local_start && !out.is_empty()) {
            continue;
        }
        out.push(Window {
            id: WindowId(unique(format!("{base_id}-rdate-{}", written.stamp()))),
            kind,
            name: name.clone(),
            scope: scope.clone(),
            start: local,
            duration,
            timezone: tz,
            rrule: None,
            exdates: vec![],
            allow_emergency: false,
            x: x.clone(),
        });
    }
    Ok(out)
}
