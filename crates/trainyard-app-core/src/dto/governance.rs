//! Release governance as the window shows it: holds, bookings and team
//! unavailability on the calendar, a hold's preview, and a release's checklist, decision, waivers
//! and review in the CAB view.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Named;

/// A hold the user is about to put on (`preview_hold`, `place_hold`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HoldRequest {
    /// `plan`, `environment`, `service` or `release`.
    pub scope: String,
    /// The environment, service or release; null for the whole plan.
    pub target: Option<String>,
    pub reason: String,
    pub from: String,
    /// Null: until it is lifted.
    pub until: Option<String>,
}

/// A deployment a hold would stop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HeldDeployment {
    pub id: String,
    pub release: Named,
    pub service: Named,
    pub environment: Named,
    pub start: String,
    pub end: String,
}

/// What a hold would stop, before it is put on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HoldPreview {
    /// The deployments it would cover, by start.
    pub deployments: Vec<HeldDeployment>,
    pub errors_now: usize,
    /// Each covered deployment becomes one `on-hold` error.
    pub errors_after: usize,
}

/// A hold on the calendar (or in the holds list).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HoldBand {
    pub id: String,
    pub scope: String,
    pub target: Option<String>,
    /// "the whole plan", "environment Production", …
    pub what: String,
    pub reason: Option<String>,
    pub by: Option<String>,
    pub from: String,
    pub until: Option<String>,
    /// The environments whose lanes it covers; empty: every environment.
    pub environments: Vec<String>,
    /// The services whose lanes it covers; empty: every service.
    pub services: Vec<String>,
}

/// An environment booking on the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BookingBand {
    pub id: String,
    pub environment: String,
    /// Empty: every service.
    pub services: Vec<String>,
    pub holder_kind: String,
    pub holder: Named,
    pub from: String,
    pub until: String,
    pub exclusive: bool,
    pub note: Option<String>,
}

/// A period a team is unavailable (a holiday, an offsite) on the calendar:
/// the team's lane, and the lanes of the services it owns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UnavailableBand {
    pub team: Named,
    pub start: String,
    pub end: String,
    pub reason: Option<String>,
}

/// The holds, bookings and team unavailability that meet a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GovernanceLayers {
    pub holds: Vec<HoldBand>,
    pub bookings: Vec<BookingBand>,
    /// By team in the plan's order, then by start.
    pub unavailable: Vec<UnavailableBand>,
}

/// One line of a release's readiness checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChecklistLine {
    pub id: String,
    pub title: String,
    pub owner: Option<String>,
    /// `open`, `done` or `waived`; null when a template requires the item
    /// and the checklist lacks it.
    pub state: Option<String>,
    pub done_at: Option<String>,
    pub note: Option<String>,
    /// When a template requires it: when it must be done by.
    pub due: Option<String>,
    /// Required, and not done or waived by its due time.
    pub missing: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GoNoGoView {
    pub by: String,
    pub at: String,
    /// `go` or `no_go`.
    pub outcome: String,
    pub conditions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReviewView {
    pub by: String,
    pub recorded_at: String,
    pub summary: String,
    pub root_cause: Option<String>,
    pub follow_ups: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WaiverView {
    pub id: String,
    pub rules: Vec<String>,
    pub granted_by: String,
    pub reason: Option<String>,
    pub granted_at: String,
    pub expires: String,
}

/// A release's governance in the CAB view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReleaseGovernanceView {
    pub release: String,
    pub emergency: bool,
    pub checklist: Vec<ChecklistLine>,
    pub decision: Option<GoNoGoView>,
    pub waivers: Vec<WaiverView>,
    /// When the post-implementation review is due (emergency releases with
    /// a deployment, or an explicit `review_due`).
    pub review_due: Option<String>,
    pub review: Option<ReviewView>,
}

/// One change to a release's checklist, made as one edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum ChecklistEdit {
    /// Done now (added first when a template requires it and it is missing).
    Done { item: String },
    /// Waived now, with why.
    Waive { item: String, note: String },
    /// Open again.
    Reopen { item: String },
    /// Taken off the checklist.
    Remove { item: String },
    /// A new open item.
    Add {
        item: String,
        title: String,
        owner: String,
    },
}
