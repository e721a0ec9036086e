//! Window previews: the next occurrences of a window being edited, with
//! daylight-saving shifts explained.

use chrono::{Offset, TimeZone};
use serde_json::Value;
use trainyard_core::edit::Entity;
use trainyard_core::format::EntityKind;
use trainyard_core::time::{format_instant, parse_instant, to_local};
use trainyard_core::windows::occurrences;

use super::entities::field_problems;
use super::AppService;
use crate::dto::{OccurrencePreview, WindowPreview};
use crate::error::AppError;

/// Most occurrences a window preview lists.
pub const PREVIEW_MAX: usize = 50;

impl AppService {
    /// The next `count` (at most 50) occurrences at or after `from` of a
    /// window given in the plan format (it need not be in the plan), with
    /// local and UTC times and daylight-saving shifts explained.
    pub fn preview_window(
        &self,
        value: &Value,
        from: &str,
        count: usize,
    ) -> Result<WindowPreview, AppError> {
        let from_t =
            parse_instant(from).map_err(|e| AppError::invalid_input(format!("from: {e}")))?;
        let entity = Entity::from_value(EntityKind::Window, value)
            .map_err(|e| AppError::invalid_entity("the window", field_problems(&e)))?;
        let Entity::Window(w) = entity else {
            return Err(AppError::invalid_input("not a window"));
        };
        let count = count.min(PREVIEW_MAX);
        let mut found = vec![];
        if count > 0 {
            // Widen the range until enough occurrences turn up (yearly rules
            // need years), up to a century.
            let mut days = 120;
            loop {
                let to = from_t + chrono::Duration::days(days);
                found = occurrences(&w, from_t, to)
                    .into_iter()
                    .filter(|o| o.start >= from_t)
                    .take(count)
                    .collect();
                if found.len() >= count || days >= 36_600 {
                    break;
                }
                days = (days * 4).min(36_600);
            }
        }
        let tz = w.timezone;
        let hm = |t: chrono::NaiveDateTime| t.format("%Y-%m-%dT%H:%M").to_string();
        let offset_of = |t: trainyard_core::time::Instant| {
            let secs = tz
                .offset_from_utc_datetime(&t.naive_utc())
                .fix()
                .local_minus_utc();
            let sign = if secs < 0 { '-' } else { '+' };
            let secs = secs.abs();
            format!("{sign}{:02}:{:02}", secs / 3600, secs % 3600 / 60)
        };
        let mut prev: Option<String> = None;
        let mut out = vec![];
        for o in found {
            let offset = offset_of(o.start);
            let actual = to_local(o.start, tz);
            let wall = o.local_start.format("%H:%M").to_string();
            let day = o.local_start.format("%Y-%m-%d").to_string();
            let note = if actual != o.local_start {
                Some(format!(
                    "{wall} does not exist on {day}; starts {}",
                    actual.format("%H:%M")
                ))
            } else if let chrono::LocalResult::Ambiguous(_, _) =
                tz.from_local_datetime(&o.local_start)
            {
                Some(format!(
                    "{wall} happens twice on {day}; starts at the first ({offset})"
                ))
            } else {
                match &prev {
                    Some(p) if *p != offset => {
                        Some(format!("Clocks change between occurrences: {p} → {offset}"))
                    }
                    _ => None,
                }
            };
            out.push(OccurrencePreview {
                local_start: hm(actual),
                local_end: hm(to_local(o.end, tz)),
                start: format_instant(o.start),
                end: format_instant(o.end),
                offset: offset.clone(),
                dst_shift: note.is_some(),
                note,
            });
            prev = Some(offset);
        }
        Ok(WindowPreview { occurrences: out })
    }
}
