//! Entities in the plan format's JSON: read, save (create or replace),
//! delete; plan settings.
//!
//! Problems come back as [`FieldProblem`]s relative to the entity: the core's
//! paths (`$.releases[].version`, `$.releases["r1"].depends_on[0]`) lose
//! their `$.list[…].` prefix.

use serde_json::Value;
use trainyard_core::edit::{Change, Entity};
use trainyard_core::format::EntityKind;
use trainyard_core::time::parse_tz;
use trainyard_core::{Plan, PlanError};

use super::{summary, AppService};
use crate::dto::PlanSummary;
use crate::error::{AppError, ErrorCode, FieldProblem};

/// The entity kind of a UI string (`release`).
pub(super) fn parse_kind(kind: &str) -> Result<EntityKind, AppError> {
    EntityKind::ALL
        .into_iter()
        .find(|k| k.as_str() == kind)
        .ok_or_else(|| AppError::invalid_input(format!("unknown entity kind {kind:?}")))
}

/// A core problem path made relative to the entity it is in:
/// `$.releases[3].depends_on[0]` → `depends_on[0]`, `$.teams[]` → ``.
pub fn relative_field(path: &str) -> String {
    let Some(rest) = path.strip_prefix("$.") else {
        return path.to_owned();
    };
    let Some(open) = rest.find('[') else {
        return String::new();
    };
    // Skip the index or quoted id, which may itself hold `]` or `"`.
    let bytes = rest.as_bytes();
    let (mut i, mut quoted, mut escaped) = (open + 1, false, false);
    while i < bytes.len() {
        let c = bytes[i];
        if quoted {
            if escaped {
                escaped = false;
            } else if c == b'\\' {
                escaped = true;
            } else if c == b'"' {
                quoted = false;
            }
        } else if c == b'"' {
            quoted = true;
        } else if c == b']' {
            break;
        }
        i += 1;
    }
    let tail = rest.get(i + 1..).unwrap_or("");
    tail.strip_prefix('.').unwrap_or(tail).to_owned()
}

pub(super) fn field_problems(e: &PlanError) -> Vec<FieldProblem> {
    e.problems()
        .into_iter()
        .map(|p| FieldProblem::new(relative_field(&p.path), p.message))
        .collect()
}

/// A store error of an entity edit: invalid edits become `invalid_entity`
/// with fields relative to the entity.
pub(super) fn entity_error(what: &str, e: trainyard_store::StoreError) -> AppError {
    match &e {
        trainyard_store::StoreError::Invalid(pe) => {
            AppError::invalid_entity(what, field_problems(pe))
        }
        _ => e.into(),
    }
}

fn describe(kind: EntityKind, id: &str) -> String {
    format!("{} {id:?}", kind.as_str())
}

/// Everything in the plan that refers to (kind, id), as readable names
/// (`deployment "d3"`). A self-reference does not count.
fn referrers(plan: &Plan, kind: EntityKind, id: &str) -> Vec<String> {
    let mut out = vec![];
    match kind {
        EntityKind::Team => {
            for s in &plan.services {
                if s.team.as_ref().is_some_and(|t| t.as_str() == id) {
                    out.push(describe(EntityKind::Service, s.id.as_str()));
                }
            }
        }
        EntityKind::Train => {
            for r in &plan.releases {
                if r.train.as_ref().is_some_and(|t| t.as_str() == id) {
                    out.push(describe(EntityKind::Release, r.id.as_str()));
                }
            }
        }
        EntityKind::Service => {
            for s in &plan.services {
                if s.id.as_str() != id && s.depends_on.iter().any(|d| d.as_str() == id) {
                    out.push(describe(EntityKind::Service, s.id.as_str()));
                }
            }
            for w in &plan.windows {
                if w.scope.services.iter().any(|s| s.as_str() == id) {
                    out.push(describe(EntityKind::Window, w.id.as_str()));
                }
            }
        }
        EntityKind::Environment => {
            for w in &plan.windows {
                if w.scope.environments.iter().any(|e| e.as_str() == id) {
                    out.push(describe(EntityKind::Window, w.id.as_str()));
                }
            }
        }
        EntityKind::Release => {
            for r in &plan.releases {
                if r.id.as_str() != id && r.depends_on.iter().any(|d| d.as_str() == id) {
                    out.push(describe(EntityKind::Release, r.id.as_str()));
                }
            }
        }
        EntityKind::Window
        | EntityKind::Deployment
        | EntityKind::ReadinessTemplate
        | EntityKind::Hold
        | EntityKind::Booking
        | EntityKind::Waiver => {}
    }
    governance_referrers(plan, kind, id, &mut out);
    for d in &plan.deployments {
        let refers = match kind {
            EntityKind::Release => d.release.as_str() == id,
            EntityKind::Service => d.service.as_str() == id,
            EntityKind::Environment => d.environment.as_str() == id,
            _ => false,
        };
        if refers {
            out.push(describe(EntityKind::Deployment, d.id.as_str()));
        }
    }
    out
}

/// The governance entities (templates, holds, bookings, waivers) that refer
/// to (kind, id).
fn governance_referrers(plan: &Plan, kind: EntityKind, id: &str, out: &mut Vec<String>) {
    use trainyard_core::plan::{HoldScope, Holder};
    for t in &plan.readiness_templates {
        if kind == EntityKind::Environment && t.environments.iter().any(|e| e.as_str() == id) {
            out.push(describe(EntityKind::ReadinessTemplate, t.id.as_str()));
        }
    }
    for h in &plan.holds {
        let refers = match &h.scope {
            HoldScope::Plan => false,
            HoldScope::Environment(e) => kind == EntityKind::Environment && e.as_str() == id,
            HoldScope::Service(s) => kind == EntityKind::Service && s.as_str() == id,
            HoldScope::Release(r) => kind == EntityKind::Release && r.as_str() == id,
        };
        if refers {
            out.push(describe(EntityKind::Hold, h.id.as_str()));
        }
    }
    for b in &plan.bookings {
        let holder = match &b.holder {
            Holder::Train(_) => EntityKind::Train,
            Holder::Team(_) => EntityKind::Team,
            Holder::Release(_) => EntityKind::Release,
        };
        let refers = (kind == EntityKind::Environment && b.environment.as_str() == id)
            || (kind == EntityKind::Service && b.services.iter().any(|s| s.as_str() == id))
            || (kind == holder && b.holder.id() == id);
        if refers {
            out.push(describe(EntityKind::Booking, b.id.as_str()));
        }
    }
    for w in &plan.waivers {
        if kind == EntityKind::Release && w.release.as_str() == id {
            out.push(describe(EntityKind::Waiver, w.id.as_str()));
        }
    }
}

/// Most referrers listed one by one when a delete is refused.
const REFERRERS_LISTED: usize = 20;

pub(super) fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

impl AppService {
    /// One entity in the plan format's JSON form.
    pub fn entity(&self, kind: &str, id: &str) -> Result<Value, AppError> {
        let kind = parse_kind(kind)?;
        self.with_open(|open| {
            open.plan()
                .entity(kind, id)
                .map(|(_, e)| e.to_value())
                .ok_or_else(|| {
                    AppError::new(
                        ErrorCode::NotFound,
                        format!("there is no {} in the plan", describe(kind, id)),
                    )
                })
        })
    }

    /// Creates (`original_id` None) or replaces an entity, as one edit.
    /// Invalid input is refused with `invalid_entity` and field problems; a
    /// duplicate id on create and a changed id on replace are problems on `id`.
    pub fn save_entity(
        &self,
        kind: &str,
        original_id: Option<&str>,
        value: &Value,
    ) -> Result<PlanSummary, AppError> {
        let kind = parse_kind(kind)?;
        let what = match original_id {
            Some(id) => describe(kind, id),
            None => format!("the new {}", kind.as_str()),
        };
        let entity = Entity::from_value(kind, value)
            .map_err(|e| AppError::invalid_entity(&what, field_problems(&e)))?;
        let id = entity.id().to_owned();
        self.with_open(|open| {
            let label = match original_id {
                None => {
                    if open.plan().entity(kind, &id).is_some() {
                        return Err(AppError::invalid_entity(
                            &what,
                            vec![FieldProblem::new(
                                "id",
                                format!("there is already a {} with the id {id:?}", kind.as_str()),
                            )],
                        ));
                    }
                    format!("add {}", describe(kind, &id))
                }
                Some(original) => {
                    if open.plan().entity(kind, original).is_none() {
                        return Err(AppError::new(
                            ErrorCode::NotFound,
                            format!("there is no {} in the plan", describe(kind, original)),
                        ));
                    }
                    if id != original {
                        return Err(AppError::invalid_entity(
                            &what,
                            vec![FieldProblem::new(
                                "id",
                                format!(
                                    "the id of an existing {} cannot be changed (it is {original:?})",
                                    kind.as_str()
                                ),
                            )],
                        ));
                    }
                    format!("edit {}", describe(kind, &id))
                }
            };
            let base = open.store.revision();
            open.store
                .apply(base, &label, &[Change::put(entity)])
                .map_err(|e| entity_error(&what, e))?;
            open.rechecked();
            summary(open)
        })
    }

    /// Deletes an entity as one edit; refused with `invalid_entity` (field
    /// "", one problem per referrer) while anything refers to it.
    pub fn delete_entity(&self, kind: &str, id: &str) -> Result<PlanSummary, AppError> {
        let kind = parse_kind(kind)?;
        let what = describe(kind, id);
        self.with_open(|open| {
            if open.plan().entity(kind, id).is_none() {
                return Err(AppError::new(
                    ErrorCode::NotFound,
                    format!("there is no {what} in the plan"),
                ));
            }
            let users = referrers(open.plan(), kind, id);
            if !users.is_empty() {
                let mut problems: Vec<FieldProblem> = users
                    .iter()
                    .take(REFERRERS_LISTED)
                    .map(|u| FieldProblem::new("", format!("{what} is used by {u}")))
                    .collect();
                if users.len() > REFERRERS_LISTED {
                    problems.push(FieldProblem::new(
                        "",
                        format!("{what} is used by {} more", users.len() - REFERRERS_LISTED),
                    ));
                }
                return Err(AppError::with_problems(
                    ErrorCode::InvalidEntity,
                    format!(
                        "{what} cannot be deleted: it is used by {}{}",
                        users.iter().take(3).cloned().collect::<Vec<_>>().join(", "),
                        if users.len() > 3 {
                            format!(" and {} more", users.len() - 3)
                        } else {
                            String::new()
                        }
                    ),
                    problems,
                ));
            }
            let base = open.store.revision();
            open.store
                .apply(
                    base,
                    &format!("delete {what}"),
                    &[Change::Delete {
                        kind,
                        id: id.to_owned(),
                    }],
                )
                .map_err(|e| entity_error(&what, e))?;
            open.rechecked();
            summary(open)
        })
    }

    /// Sets the plan's name (empty: none) and time zone as one edit.
    pub fn set_plan_settings(&self, name: &str, timezone: &str) -> Result<PlanSummary, AppError> {
        let tz = parse_tz(timezone).map_err(|e| {
            AppError::invalid_entity(
                "the plan settings",
                vec![FieldProblem::new("timezone", e.to_string())],
            )
        })?;
        let s = self.with_open(|open| {
            open.edit(
                "plan settings",
                &[Change::SetPlan {
                    name: non_empty(name),
                    timezone: tz,
                }],
            )?;
            summary(open)
        })?;
        self.remember(std::path::Path::new(&s.path), &s.name)?;
        Ok(s)
    }
}
