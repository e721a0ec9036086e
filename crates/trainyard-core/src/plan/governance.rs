//! Release governance (`docs/plan-format.md`, "Release governance"): readiness
//! checklists and their templates, go/no-go decisions, post-implementation
//! reviews, holds, environment bookings and waivers. All of it is optional; a
//! plan without it is a format version 1 plan as before.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{ChangeType, EnvironmentId, Extensions, ReleaseId, ServiceId, TeamId, TrainId};
use crate::engine::report::Rule;
use crate::time::{Instant, NominalDuration};

id_type!(/// Id of a readiness template.
    TemplateId);
id_type!(/// Id of a hold.
    HoldId);
id_type!(/// Id of an environment booking.
    BookingId);
id_type!(/// Id of a waiver.
    WaiverId);

/// What a release records besides its plan: its checklist, the go/no-go
/// decision and, after an emergency, the review.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReleaseGovernance {
    pub readiness: Vec<ReadinessItem>,
    pub decision: Option<GoNoGo>,
    pub review: Option<Review>,
    /// An explicit due date of the review (otherwise derived, see
    /// `docs/plan-format.md`).
    pub review_due: Option<Instant>,
}

impl ReleaseGovernance {
    pub fn is_empty(&self) -> bool {
        self == &ReleaseGovernance::default()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemState {
    Open,
    Done,
    Waived,
}

impl ItemState {
    pub const ALL: [ItemState; 3] = [ItemState::Open, ItemState::Done, ItemState::Waived];
    pub fn as_str(self) -> &'static str {
        match self {
            ItemState::Open => "open",
            ItemState::Done => "done",
            ItemState::Waived => "waived",
        }
    }
}

/// One item of a release's readiness checklist.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadinessItem {
    /// Matches a template item's id.
    pub id: String,
    pub title: Option<String>,
    /// A team id or free text.
    pub owner: Option<String>,
    pub state: ItemState,
    /// When it was done or waived; required then, absent while open.
    pub done_at: Option<Instant>,
    pub note: Option<String>,
    pub x: Extensions,
}

impl ReadinessItem {
    /// Whether the item counts as done for a deployment whose items are due
    /// at `due`: done or waived, at or before `due`.
    pub fn satisfied_by(&self, due: Instant) -> bool {
        self.state != ItemState::Open && self.done_at.is_some_and(|t| t <= due)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GoNoGoOutcome {
    Go,
    NoGo,
}

impl GoNoGoOutcome {
    pub const ALL: [GoNoGoOutcome; 2] = [GoNoGoOutcome::Go, GoNoGoOutcome::NoGo];
    pub fn as_str(self) -> &'static str {
        match self {
            GoNoGoOutcome::Go => "go",
            GoNoGoOutcome::NoGo => "no_go",
        }
    }
}

/// A recorded go/no-go decision.
#[derive(Debug, Clone, PartialEq)]
pub struct GoNoGo {
    pub by: String,
    pub at: Instant,
    pub outcome: GoNoGoOutcome,
    pub conditions: Vec<String>,
    pub x: Extensions,
}

/// A post-implementation review.
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    pub by: String,
    pub recorded_at: Instant,
    pub summary: String,
    pub root_cause: Option<String>,
    pub follow_ups: Vec<String>,
    pub x: Extensions,
}

/// Items a release must have done before it deploys, by change type and
/// environment.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadinessTemplate {
    pub id: TemplateId,
    pub name: Option<String>,
    /// Empty means every change type.
    pub change_types: Vec<ChangeType>,
    /// Empty means every environment.
    pub environments: Vec<EnvironmentId>,
    pub items: Vec<TemplateItem>,
    /// How long before a deployment starts its required items must be done.
    pub lead_time: NominalDuration,
    pub x: Extensions,
}

impl ReadinessTemplate {
    pub fn applies_to(&self, change_type: ChangeType, environment: &EnvironmentId) -> bool {
        (self.change_types.is_empty() || self.change_types.contains(&change_type))
            && (self.environments.is_empty() || self.environments.contains(environment))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TemplateItem {
    pub id: String,
    pub title: String,
    pub x: Extensions,
}

/// What a hold stops.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HoldScope {
    Plan,
    Environment(EnvironmentId),
    Service(ServiceId),
    Release(ReleaseId),
}

impl HoldScope {
    pub const KINDS: [&'static str; 4] = ["plan", "environment", "service", "release"];
    pub fn kind(&self) -> &'static str {
        match self {
            HoldScope::Plan => "plan",
            HoldScope::Environment(_) => "environment",
            HoldScope::Service(_) => "service",
            HoldScope::Release(_) => "release",
        }
    }
    pub fn target(&self) -> Option<&str> {
        match self {
            HoldScope::Plan => None,
            HoldScope::Environment(e) => Some(e.as_str()),
            HoldScope::Service(s) => Some(s.as_str()),
            HoldScope::Release(r) => Some(r.as_str()),
        }
    }
    pub fn covers(&self, release: &ReleaseId, service: &ServiceId, env: &EnvironmentId) -> bool {
        match self {
            HoldScope::Plan => true,
            HoldScope::Environment(e) => e == env,
            HoldScope::Service(s) => s == service,
            HoldScope::Release(r) => r == release,
        }
    }
}

/// A stop on deployments over `[from, until)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Hold {
    pub id: HoldId,
    pub scope: HoldScope,
    pub reason: Option<String>,
    pub by: Option<String>,
    pub from: Instant,
    /// `None`: until it is lifted (open-ended).
    pub until: Option<Instant>,
    /// Whether a waiver listing `on-hold` may lift it for a release.
    pub allow_waiver: bool,
    pub x: Extensions,
}

impl Hold {
    /// Whether `[start, end)` meets `[from, until)`.
    pub fn overlaps(&self, start: Instant, end: Instant) -> bool {
        self.from < end && self.until.is_none_or(|u| start < u)
    }
}

/// Who holds a booking.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Holder {
    Train(TrainId),
    Team(TeamId),
    Release(ReleaseId),
}

impl Holder {
    pub const KINDS: [&'static str; 3] = ["train", "team", "release"];
    pub fn kind(&self) -> &'static str {
        match self {
            Holder::Train(_) => "train",
            Holder::Team(_) => "team",
            Holder::Release(_) => "release",
        }
    }
    pub fn id(&self) -> &str {
        match self {
            Holder::Train(t) => t.as_str(),
            Holder::Team(t) => t.as_str(),
            Holder::Release(r) => r.as_str(),
        }
    }
}

/// An environment (or some of its services) reserved over `[from, until)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Booking {
    pub id: BookingId,
    pub environment: EnvironmentId,
    /// Empty means every service.
    pub services: Vec<ServiceId>,
    pub holder: Holder,
    pub from: Instant,
    pub until: Instant,
    /// Nobody else may deploy there meanwhile.
    pub exclusive: bool,
    pub note: Option<String>,
    pub x: Extensions,
}

impl Booking {
    /// Whether the two bookings name a service in common (an empty list names all).
    pub fn shares_services(&self, other: &Booking) -> bool {
        self.services.is_empty()
            || other.services.is_empty()
            || self.services.iter().any(|s| other.services.contains(s))
    }
}

/// The rules a waiver may list: those one release can be excused from.
pub const WAIVABLE_RULES: [Rule; 5] = [
    Rule::Blackout,
    Rule::OutsideWindow,
    Rule::NotReady,
    Rule::OnHold,
    Rule::BookingConflict,
];

/// An exception granted to one release for some rules, for deployments that
/// start in `[granted_at, expires)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiver {
    pub id: WaiverId,
    pub release: ReleaseId,
    pub rules: Vec<Rule>,
    pub granted_by: String,
    pub reason: Option<String>,
    pub granted_at: Instant,
    pub expires: Instant,
    pub x: Extensions,
}

impl Waiver {
    /// Whether it excuses a deployment of `release` starting at `start` from `rule`.
    pub fn covers(&self, rule: Rule, release: &ReleaseId, start: Instant) -> bool {
        &self.release == release
            && self.rules.contains(&rule)
            && self.granted_at <= start
            && start < self.expires
    }
}

/// How long after an emergency release's last deployment ends its
/// post-implementation review is due, unless the release sets `review_due`.
pub const REVIEW_AFTER: NominalDuration = NominalDuration {
    days: 5,
    seconds: 0,
};

/// When `release`'s post-implementation review is due: its `review_due`, or
/// [`REVIEW_AFTER`] after the end of its last deployment that takes part in
/// the rules (not rolled back), in the plan's zone; `None` without either.
/// The rule `review-overdue` reads the same date (through the engine's
/// index); reports read it here.
pub fn review_due(plan: &super::Plan, release: &super::Release) -> Option<Instant> {
    if let Some(due) = release.governance.review_due {
        return Some(due);
    }
    let last = plan
        .deployments
        .iter()
        .filter(|d| d.release == release.id && d.status() != super::DeploymentStatus::RolledBack)
        .map(|d| d.end)
        .max()?;
    Some(REVIEW_AFTER.end_after(crate::time::to_local(last, plan.timezone), plan.timezone))
}
