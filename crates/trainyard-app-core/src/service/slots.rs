//! The next free slot for a deployment: the engine's suggestion in words,
//! and moving the deployment there as one edit.

use trainyard_core::time::{human_time, parse_instant};
use trainyard_core::DeploymentId;

use super::{move_deployment, summary, AppService};
use crate::dto::{PlanSummary, SlotSuggestion};
use crate::error::{AppError, ErrorCode};

impl AppService {
    /// The earliest start, at or after the deployment's current one and with
    /// the same length, at which no error-severity conflict lists it.
    pub fn suggest_slot(&self, id: &str) -> Result<SlotSuggestion, AppError> {
        self.with_open(|open| {
            let dep = super::current(open, &DeploymentId::new(id))?;
            let s = open.checker().suggest(&dep.id)?;
            let tz = open.plan().timezone;
            let reason = match (&s.start, s.unchanged) {
                (Some(_), true) => "No error conflicts where it is now; it can stay.".to_owned(),
                (Some(start), false) => {
                    let at = parse_instant(start)
                        .map(|t| human_time(t, tz))
                        .unwrap_or_else(|_| start.clone());
                    format!("The earliest start without errors is {at}.")
                }
                (None, _) => {
                    let why = s
                        .reason
                        .clone()
                        .unwrap_or_else(|| "no free slot found".into());
                    let mut c = why.chars();
                    match c.next() {
                        Some(f) => format!("{}{}.", f.to_uppercase(), c.as_str()),
                        None => why,
                    }
                }
            };
            Ok(SlotSuggestion {
                id: id.to_owned(),
                start: s.start,
                end: s.end,
                environment: dep.environment.0,
                reason,
            })
        })
    }

    /// Moves the deployment to its suggested slot as one edit ("move d3 to
    /// next free slot"). Refused with `no_slot` when none is found; a
    /// deployment that can stay is left as it is.
    pub fn apply_suggestion(&self, id: &str) -> Result<PlanSummary, AppError> {
        let s = self.suggest_slot(id)?;
        let (Some(start), Some(end)) = (&s.start, &s.end) else {
            return Err(AppError::new(ErrorCode::NoSlot, s.reason));
        };
        let (start, end) = (
            parse_instant(start).map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))?,
            parse_instant(end).map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))?,
        );
        self.with_open(|open| {
            let dep = super::current(open, &DeploymentId::new(id))?;
            if dep.start != start || dep.end != end {
                move_deployment(
                    open,
                    id,
                    start,
                    end,
                    &s.environment,
                    &format!("move {id} to next free slot"),
                )?;
            }
            summary(open)
        })
    }
}
