//! The calendar's structure: BEGIN/END nesting checked line by line, each
//! top-level VEVENT collected with its own properties (not those of a VALARM
//! inside it), each VTIMEZONE with its observances (STANDARD, DAYLIGHT),
//! other components skipped with a warning.

use super::super::lines::{parse_line, unescape_text, unfold, ContentLine};
use super::super::{IcsError, IcsProblem, IcsWarning};

pub(super) struct Event {
    pub(super) begin_line: usize,
    pub(super) props: Vec<ContentLine>,
}

/// A VTIMEZONE as written: its own properties and its observances.
pub(super) struct TimezoneDef {
    pub(super) begin_line: usize,
    pub(super) props: Vec<ContentLine>,
    /// (`STANDARD` or `DAYLIGHT`, the observance's properties).
    pub(super) observances: Vec<(String, Vec<ContentLine>)>,
}

/// What a calendar holds that the import reads.
pub(super) struct Calendar {
    pub(super) events: Vec<Event>,
    pub(super) timezones: Vec<TimezoneDef>,
    pub(super) warnings: Vec<IcsWarning>,
}

impl Event {
    pub(super) fn uid(&self) -> Option<String> {
        self.props
            .iter()
            .find(|p| p.name == "UID")
            .map(|p| unescape_text(&p.value))
            .filter(|u| !u.is_empty())
    }
    pub(super) fn all(&self, name: &str) -> impl Iterator<Item = &ContentLine> {
        let name = name.to_owned();
        self.props.iter().filter(move |p| p.name == name)
    }
}

pub(super) fn parse_calendar(text: &str) -> Result<Calendar, IcsError> {
    let lines = unfold(text);
    let mut stack: Vec<(String, usize)> = Vec::new();
    let mut events = Vec::new();
    let mut timezones = Vec::new();
    let mut current_tz: Option<TimezoneDef> = None;
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
                        "VTIMEZONE" => {
                            current_tz = Some(TimezoneDef {
                                begin_line: n,
                                props: Vec::new(),
                                observances: Vec::new(),
                            })
                        }
                        other => warnings.push(IcsProblem {
                            line: n,
                            uid: None,
                            message: format!(
                                "{other} component ignored (only VEVENTs become windows)"
                            ),
                        }),
                    }
                }
                if stack.len() == 2 && matches!(comp.as_str(), "STANDARD" | "DAYLIGHT") {
                    if let Some(tz) = current_tz.as_mut() {
                        tz.observances.push((comp.clone(), Vec::new()));
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
                if stack.len() == 1 && comp == "VTIMEZONE" {
                    timezones.extend(current_tz.take());
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
                    } else if let Some(tz) = current_tz.as_mut() {
                        tz.props.push(line);
                    }
                } else if stack.len() == 3 {
                    if let Some((_, props)) =
                        current_tz.as_mut().and_then(|tz| tz.observances.last_mut())
                    {
                        props.push(line);
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
    Ok(Calendar {
        events,
        timezones,
        warnings,
    })
}
