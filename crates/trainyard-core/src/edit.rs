//! Edits: the only way a stored plan changes. An edit is a list of changes
//! applied all-or-nothing; applying one returns its inverse, which is what undo
//! applies. Every change keeps the plan valid (references resolve, ids unique).

use chrono_tz::Tz;
use serde_json::Value;

use crate::format::{self, EntityKind, Json, PlanError, Problem, Validator};
use crate::plan::*;

/// One entity of any kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Entity {
    Environment(Environment),
    Team(Team),
    Service(Service),
    Train(Train),
    Window(Window),
    Release(Release),
    Deployment(Deployment),
    ReadinessTemplate(ReadinessTemplate),
    Hold(Hold),
    Booking(Booking),
    Waiver(Waiver),
}

impl Entity {
    pub fn kind(&self) -> EntityKind {
        match self {
            Entity::Environment(_) => EntityKind::Environment,
            Entity::Team(_) => EntityKind::Team,
            Entity::Service(_) => EntityKind::Service,
            Entity::Train(_) => EntityKind::Train,
            Entity::Window(_) => EntityKind::Window,
            Entity::Release(_) => EntityKind::Release,
            Entity::Deployment(_) => EntityKind::Deployment,
            Entity::ReadinessTemplate(_) => EntityKind::ReadinessTemplate,
            Entity::Hold(_) => EntityKind::Hold,
            Entity::Booking(_) => EntityKind::Booking,
            Entity::Waiver(_) => EntityKind::Waiver,
        }
    }

    pub fn id(&self) -> &str {
        match self {
            Entity::Environment(e) => e.id.as_str(),
            Entity::Team(e) => e.id.as_str(),
            Entity::Service(e) => e.id.as_str(),
            Entity::Train(e) => e.id.as_str(),
            Entity::Window(e) => e.id.as_str(),
            Entity::Release(e) => e.id.as_str(),
            Entity::Deployment(e) => e.id.as_str(),
            Entity::ReadinessTemplate(e) => e.id.as_str(),
            Entity::Hold(e) => e.id.as_str(),
            Entity::Booking(e) => e.id.as_str(),
            Entity::Waiver(e) => e.id.as_str(),
        }
    }

    /// The entity in the plan format's JSON form.
    pub fn to_value(&self) -> Value {
        match self {
            Entity::Environment(e) => format::environment_to_value(e),
            Entity::Team(e) => format::team_to_value(e),
            Entity::Service(e) => format::service_to_value(e),
            Entity::Train(e) => format::train_to_value(e),
            Entity::Window(e) => format::window_to_value(e),
            Entity::Release(e) => format::release_to_value(e),
            Entity::Deployment(e) => format::deployment_to_value(e),
            Entity::ReadinessTemplate(e) => format::readiness_template_to_value(e),
            Entity::Hold(e) => format::hold_to_value(e),
            Entity::Booking(e) => format::booking_to_value(e),
            Entity::Waiver(e) => format::waiver_to_value(e),
        }
    }

    /// Reads and validates one entity in the plan format's JSON form. References
    /// are checked when the entity is applied to a plan, not here.
    pub fn from_value(kind: EntityKind, value: &Value) -> Result<Entity, PlanError> {
        let mut v = Validator {
            skip_references: true,
            ..Validator::default()
        };
        let path = format!("$.{}[]", kind.list_key());
        let e = v.entity(kind, &Json::from_value(value), &path);
        match e {
            Some(e) if v.problems.is_empty() => Ok(e),
            _ => Err(PlanError::Invalid(v.problems)),
        }
    }
}

/// One change to a plan.
// A `Put` carries a whole entity inline: changes are few and short-lived, and
// boxing it would cost every caller that builds or matches one.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Replace the entity with this kind and id in place, or insert it at
    /// `position` (or at the end) when there is none.
    Put {
        entity: Entity,
        position: Option<usize>,
    },
    /// Remove an entity; refused while anything refers to it.
    Delete { kind: EntityKind, id: String },
    /// Set the plan's name and time zone.
    SetPlan { name: Option<String>, timezone: Tz },
}

impl Change {
    pub fn put(entity: Entity) -> Change {
        Change::Put {
            entity,
            position: None,
        }
    }
}

fn invalid(path: String, id: Option<&str>, message: String) -> PlanError {
    PlanError::Invalid(vec![Problem {
        path,
        id: id.map(str::to_owned),
        message,
    }])
}

fn position_of<T>(items: &[T], id: &str, get: impl Fn(&T) -> &str) -> Option<usize> {
    items.iter().position(|t| get(t) == id)
}

impl Plan {
    /// The current entity of a kind and id.
    pub fn entity(&self, kind: EntityKind, id: &str) -> Option<(usize, Entity)> {
        macro_rules! find {
            ($list:ident, $variant:ident) => {
                position_of(&self.$list, id, |e| e.id.as_str())
                    .map(|i| (i, Entity::$variant(self.$list[i].clone())))
            };
        }
        match kind {
            EntityKind::Environment => find!(environments, Environment),
            EntityKind::Team => find!(teams, Team),
            EntityKind::Service => find!(services, Service),
            EntityKind::Train => find!(trains, Train),
            EntityKind::Window => find!(windows, Window),
            EntityKind::Release => find!(releases, Release),
            EntityKind::Deployment => find!(deployments, Deployment),
            EntityKind::ReadinessTemplate => find!(readiness_templates, ReadinessTemplate),
            EntityKind::Hold => find!(holds, Hold),
            EntityKind::Booking => find!(bookings, Booking),
            EntityKind::Waiver => find!(waivers, Waiver),
        }
    }

    fn exists(&self, kind: EntityKind, id: &str) -> bool {
        match kind {
            EntityKind::Environment => self.environments.iter().any(|e| e.id.as_str() == id),
            EntityKind::Team => self.teams.iter().any(|e| e.id.as_str() == id),
            EntityKind::Service => self.services.iter().any(|e| e.id.as_str() == id),
            EntityKind::Train => self.trains.iter().any(|e| e.id.as_str() == id),
            EntityKind::Window => self.windows.iter().any(|e| e.id.as_str() == id),
            EntityKind::Release => self.releases.iter().any(|e| e.id.as_str() == id),
            EntityKind::Deployment => self.deployments.iter().any(|e| e.id.as_str() == id),
            EntityKind::ReadinessTemplate => {
                self.readiness_templates.iter().any(|e| e.id.as_str() == id)
            }
            EntityKind::Hold => self.holds.iter().any(|e| e.id.as_str() == id),
            EntityKind::Booking => self.bookings.iter().any(|e| e.id.as_str() == id),
            EntityKind::Waiver => self.waivers.iter().any(|e| e.id.as_str() == id),
        }
    }

    /// Every reference an entity makes, as (kind, id, field).
    fn references(entity: &Entity) -> Vec<(EntityKind, &str, String)> {
        let mut out = vec![];
        match entity {
            Entity::Service(s) => {
                if let Some(t) = &s.team {
                    out.push((EntityKind::Team, t.as_str(), "team".to_owned()));
                }
                for (i, d) in s.depends_on.iter().enumerate() {
                    out.push((EntityKind::Service, d.as_str(), format!("depends_on[{i}]")));
                }
            }
            Entity::Window(w) => {
                for (i, e) in w.scope.environments.iter().enumerate() {
                    out.push((
                        EntityKind::Environment,
                        e.as_str(),
                        format!("scope.environments[{i}]"),
                    ));
                }
                for (i, s) in w.scope.services.iter().enumerate() {
                    out.push((
                        EntityKind::Service,
                        s.as_str(),
                        format!("scope.services[{i}]"),
                    ));
                }
            }
            Entity::Release(r) => {
                if let Some(t) = &r.train {
                    out.push((EntityKind::Train, t.as_str(), "train".to_owned()));
                }
                for (i, d) in r.depends_on.iter().enumerate() {
                    out.push((EntityKind::Release, d.as_str(), format!("depends_on[{i}]")));
                }
            }
            Entity::Deployment(d) => {
                out.push((
                    EntityKind::Release,
                    d.release.as_str(),
                    "release".to_owned(),
                ));
                out.push((
                    EntityKind::Service,
                    d.service.as_str(),
                    "service".to_owned(),
                ));
                out.push((
                    EntityKind::Environment,
                    d.environment.as_str(),
                    "environment".to_owned(),
                ));
            }
            Entity::ReadinessTemplate(t) => {
                for (i, e) in t.environments.iter().enumerate() {
                    out.push((
                        EntityKind::Environment,
                        e.as_str(),
                        format!("environments[{i}]"),
                    ));
                }
            }
            Entity::Hold(h) => {
                let kind = match &h.scope {
                    HoldScope::Plan => None,
                    HoldScope::Environment(_) => Some(EntityKind::Environment),
                    HoldScope::Service(_) => Some(EntityKind::Service),
                    HoldScope::Release(_) => Some(EntityKind::Release),
                };
                if let (Some(kind), Some(target)) = (kind, h.scope.target()) {
                    out.push((kind, target, "target".to_owned()));
                }
            }
            Entity::Booking(b) => {
                out.push((
                    EntityKind::Environment,
                    b.environment.as_str(),
                    "environment".to_owned(),
                ));
                for (i, s) in b.services.iter().enumerate() {
                    out.push((EntityKind::Service, s.as_str(), format!("services[{i}]")));
                }
                let kind = match &b.holder {
                    Holder::Train(_) => EntityKind::Train,
                    Holder::Team(_) => EntityKind::Team,
                    Holder::Release(_) => EntityKind::Release,
                };
                out.push((kind, b.holder.id(), "holder".to_owned()));
            }
            Entity::Waiver(w) => {
                out.push((
                    EntityKind::Release,
                    w.release.as_str(),
                    "release".to_owned(),
                ));
            }
            Entity::Environment(_) | Entity::Team(_) | Entity::Train(_) => {}
        }
        out
    }

    /// Who refers to (kind, id): the first referrer found, for the error message.
    fn referrer(&self, kind: EntityKind, id: &str) -> Option<(EntityKind, String)> {
        // A self-reference (a service that depends on itself) does not block deletion.
        let refers = |e: Entity| e.kind() != kind || e.id() != id;
        let refers = |e: Entity| {
            refers(e.clone())
                && Self::references(&e)
                    .iter()
                    .any(|(k, i, _)| *k == kind && *i == id)
        };
        /// Finds the first entity of one list that refers to the target.
        type FirstReferrer<'a> = Box<dyn Fn() -> Option<String> + 'a>;
        macro_rules! first {
            ($list:ident, $variant:ident) => {
                Box::new(|| {
                    self.$list
                        .iter()
                        .find(|e| refers(Entity::$variant((*e).clone())))
                        .map(|e| e.id.0.clone())
                })
            };
        }
        let lists: [(EntityKind, FirstReferrer<'_>); 8] = [
            (
                EntityKind::Service,
                Box::new(|| {
                    self.services
                        .iter()
                        .find(|s| refers(Entity::Service((*s).clone())))
                        .map(|s| s.id.0.clone())
                }),
            ),
            (
                EntityKind::Window,
                Box::new(|| {
                    self.windows
                        .iter()
                        .find(|w| refers(Entity::Window((*w).clone())))
                        .map(|w| w.id.0.clone())
                }),
            ),
            (
                EntityKind::Release,
                Box::new(|| {
                    self.releases
                        .iter()
                        .find(|r| refers(Entity::Release((*r).clone())))
                        .map(|r| r.id.0.clone())
                }),
            ),
            (
                EntityKind::Deployment,
                Box::new(|| {
                    self.deployments
                        .iter()
                        .find(|d| match kind {
                            EntityKind::Release => d.release.as_str() == id,
                            EntityKind::Service => d.service.as_str() == id,
                            EntityKind::Environment => d.environment.as_str() == id,
                            _ => false,
                        })
                        .map(|d| d.id.0.clone())
                }),
            ),
            (
                EntityKind::ReadinessTemplate,
                first!(readiness_templates, ReadinessTemplate),
            ),
            (EntityKind::Hold, first!(holds, Hold)),
            (EntityKind::Booking, first!(bookings, Booking)),
            (EntityKind::Waiver, first!(waivers, Waiver)),
        ];
        lists.iter().find_map(|(k, f)| f().map(|i| (*k, i)))
    }

    fn check_references(&self, entity: &Entity) -> Result<(), PlanError> {
        let path = format!("$.{}[{:?}]", entity.kind().list_key(), entity.id());
        let problems: Vec<Problem> = Self::references(entity)
            .into_iter()
            .filter(|(k, i, _)| !(self.exists(*k, i) || (*k == entity.kind() && *i == entity.id())))
            .map(|(k, i, field)| Problem {
                path: format!("{path}.{field}"),
                id: Some(entity.id().to_owned()),
                message: format!("unknown {} {i:?}", k.as_str()),
            })
            .collect();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(PlanError::Invalid(problems))
        }
    }

    fn apply_one(&mut self, change: &Change) -> Result<Change, PlanError> {
        match change {
            Change::SetPlan { name, timezone } => {
                let inverse = Change::SetPlan {
                    name: self.name.clone(),
                    timezone: self.timezone,
                };
                self.name = name.clone();
                self.timezone = *timezone;
                Ok(inverse)
            }
            Change::Put { entity, position } => {
                self.check_references(entity)?;
                let id = entity.id();
                if id.is_empty() || id.chars().count() > format::MAX_ID_CHARS {
                    return Err(invalid(
                        format!("$.{}[].id", entity.kind().list_key()),
                        Some(id),
                        "an id must be 1 to 128 characters".into(),
                    ));
                }
                macro_rules! put {
                    ($list:ident, $e:expr) => {{
                        let e = $e.clone();
                        match position_of(&self.$list, id, |x| x.id.as_str()) {
                            Some(i) => {
                                let old = std::mem::replace(&mut self.$list[i], e);
                                Ok(Change::Put {
                                    entity: old.into(),
                                    position: Some(i),
                                })
                            }
                            None => {
                                let at = position.unwrap_or(self.$list.len()).min(self.$list.len());
                                self.$list.insert(at, e);
                                Ok(Change::Delete {
                                    kind: entity.kind(),
                                    id: id.to_owned(),
                                })
                            }
                        }
                    }};
                }
                match entity {
                    Entity::Environment(e) => put!(environments, e),
                    Entity::Team(e) => put!(teams, e),
                    Entity::Service(e) => put!(services, e),
                    Entity::Train(e) => put!(trains, e),
                    Entity::Window(e) => put!(windows, e),
                    Entity::Release(e) => put!(releases, e),
                    Entity::Deployment(e) => put!(deployments, e),
                    Entity::ReadinessTemplate(e) => put!(readiness_templates, e),
                    Entity::Hold(e) => put!(holds, e),
                    Entity::Booking(e) => put!(bookings, e),
                    Entity::Waiver(e) => put!(waivers, e),
                }
            }
            Change::Delete { kind, id } => {
                let path = format!("$.{}[{id:?}]", kind.list_key());
                let Some((position, old)) = self.entity(*kind, id) else {
                    return Err(invalid(
                        path,
                        Some(id),
                        format!("there is no {} {id:?}", kind.as_str()),
                    ));
                };
                if let Some((rk, rid)) = self.referrer(*kind, id) {
                    return Err(invalid(
                        path,
                        Some(id),
                        format!(
                            "{} {id:?} is still used by {} {rid:?}",
                            kind.as_str(),
                            rk.as_str()
                        ),
                    ));
                }
                self.remove_at(*kind, position);
                Ok(Change::Put {
                    entity: old,
                    position: Some(position),
                })
            }
        }
    }

    fn remove_at(&mut self, kind: EntityKind, position: usize) {
        match kind {
            EntityKind::Environment => drop(self.environments.remove(position)),
            EntityKind::Team => drop(self.teams.remove(position)),
            EntityKind::Service => drop(self.services.remove(position)),
            EntityKind::Train => drop(self.trains.remove(position)),
            EntityKind::Window => drop(self.windows.remove(position)),
            EntityKind::Release => drop(self.releases.remove(position)),
            EntityKind::Deployment => drop(self.deployments.remove(position)),
            EntityKind::ReadinessTemplate => drop(self.readiness_templates.remove(position)),
            EntityKind::Hold => drop(self.holds.remove(position)),
            EntityKind::Booking => drop(self.bookings.remove(position)),
            EntityKind::Waiver => drop(self.waivers.remove(position)),
        }
    }

    /// Applies changes all-or-nothing. Returns the inverse changes (apply them
    /// to undo). On error the plan is unchanged.
    pub fn apply(&mut self, changes: &[Change]) -> Result<Vec<Change>, PlanError> {
        let mut inverse = Vec::with_capacity(changes.len());
        for change in changes {
            match self.apply_one(change) {
                Ok(inv) => inverse.push(inv),
                Err(e) => {
                    for inv in inverse.iter().rev() {
                        // Inverses of changes that just succeeded cannot fail.
                        let _ = self.apply_one(inv);
                    }
                    return Err(e);
                }
            }
        }
        inverse.reverse();
        Ok(inverse)
    }
}

macro_rules! into_entity {
    ($($t:ident),*) => {$(
        impl From<$t> for Entity {
            fn from(e: $t) -> Entity {
                Entity::$t(e)
            }
        }
    )*};
}
into_entity!(
    Environment,
    Team,
    Service,
    Train,
    Window,
    Release,
    Deployment,
    ReadinessTemplate,
    Hold,
    Booking,
    Waiver
);
