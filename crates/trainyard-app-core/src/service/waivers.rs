//! Granting an emergency waiver from the CAB view: the release, the rules it
//! waives and why, valid from now until `expires`, granted by the user (on a
//! team plan the database login, whatever the form says), as one edit.

use chrono::{SubsecRound, Utc};
use trainyard_core::edit::{Change, Entity};
use trainyard_core::plan::{Waiver, WaiverId, WAIVABLE_RULES};
use trainyard_core::time::parse_instant;
use trainyard_core::{Plan, ReleaseId};

use super::entities::{entity_error, non_empty};
use super::{summary, AppService};
use crate::dto::PlanSummary;
use crate::error::{AppError, FieldProblem};

/// The first free id `waiver-N`.
fn new_waiver_id(plan: &Plan) -> WaiverId {
    let taken = |id: &str| plan.waivers.iter().any(|w| w.id.as_str() == id);
    let n = (1..).find(|n| !taken(&format!("waiver-{n}"))).unwrap_or(1);
    WaiverId::new(format!("waiver-{n}"))
}

impl AppService {
    /// Grants `release` a waiver of `rules` (rule ids such as `blackout`)
    /// until `expires` (RFC 3339), from now. Problems name the field:
    /// `rules`, `reason`, `expires`.
    pub fn grant_waiver(
        &self,
        release: &str,
        rules: &[String],
        reason: &str,
        expires: &str,
    ) -> Result<PlanSummary, AppError> {
        let what = "the waiver";
        let now = Utc::now().trunc_subsecs(0);
        let mut problems = vec![];
        let mut waived = vec![];
        for r in rules {
            match WAIVABLE_RULES.iter().find(|w| w.as_str() == r) {
                Some(&rule) if !waived.contains(&rule) => waived.push(rule),
                Some(_) => {}
                None => problems.push(FieldProblem::new(
                    "rules",
                    format!(
                        "{r:?} cannot be waived; these can: {}",
                        WAIVABLE_RULES.map(|w| w.as_str()).join(", ")
                    ),
                )),
            }
        }
        if waived.is_empty() && problems.is_empty() {
            problems.push(FieldProblem::new(
                "rules",
                "choose at least one rule to waive",
            ));
        }
        let reason = non_empty(reason);
        if reason.is_none() {
            problems.push(FieldProblem::new("reason", "say why the waiver is granted"));
        }
        let expires = match parse_instant(expires) {
            Ok(t) if t > now => Some(t),
            Ok(_) => {
                problems.push(FieldProblem::new(
                    "expires",
                    "a waiver must expire after now",
                ));
                None
            }
            Err(e) => {
                problems.push(FieldProblem::new("expires", e.to_string()));
                None
            }
        };
        let (Some(expires), true) = (expires, problems.is_empty()) else {
            return Err(AppError::invalid_entity(what, problems));
        };
        let login = self.team_login()?;
        self.with_open(|open| {
            if open.plan().release(release).is_none() {
                return Err(AppError::invalid_input(format!(
                    "there is no release {release:?} in the plan"
                )));
            }
            let granted_by = login.unwrap_or_else(|| open.store.user().to_owned());
            let waiver = Waiver {
                id: new_waiver_id(open.plan()),
                release: ReleaseId::new(release),
                rules: waived,
                granted_by,
                reason,
                granted_at: now,
                expires,
                x: None,
            };
            let label = format!("grant {} to {release}", waiver.id.as_str());
            let base = open.store.revision();
            open.store
                .apply(base, &label, &[Change::put(Entity::Waiver(waiver))])
                .map_err(|e| entity_error(what, e))?;
            open.rechecked();
            summary(open)
        })
    }
}
