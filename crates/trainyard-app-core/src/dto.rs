//! What the UI receives: plain, serialisable shapes, camelCase in JSON.
//!
//! The UI is sent only what it shows (the visible range plus conflict
//! summaries), never the whole plan: a 100k-deployment plan is ~16 MB of JSON.
//! Instants are RFC 3339 UTC strings (`2027-02-15T09:00:00Z`).

use serde::{Deserialize, Serialize};
use trainyard_core::{Conflict, Severity};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Named {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReleaseInfo {
    pub id: String,
    pub name: String,
    pub version: Option<String>,
    pub train: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
}

/// The open plan's outline: everything the UI needs that does not grow with
/// the number of deployments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanSummary {
    pub path: String,
    pub name: String,
    pub timezone: String,
    pub revision: u64,
    /// Every edit autosaves as one transaction: this is always true after a
    /// successful command, and is here so the title can say so.
    pub saved: bool,
    pub can_undo: Option<String>,
    pub can_redo: Option<String>,
    /// Environments in promotion order.
    pub environments: Vec<Named>,
    pub services: Vec<Named>,
    pub releases: Vec<ReleaseInfo>,
    pub trains: Vec<Named>,
    pub counts: Counts,
    /// The plan's "today" for a demo (`x.demo.as_of`), else null.
    pub as_of: Option<String>,
    /// First start and last end of all deployments.
    pub first_start: Option<String>,
    pub last_end: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentBar {
    pub id: String,
    pub release: String,
    pub service: String,
    pub environment: String,
    pub start: String,
    pub end: String,
    pub status: String,
    /// The worst severity among the conflicts this deployment is in.
    pub severity: Option<Severity>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WindowBand {
    pub window: String,
    pub name: String,
    /// `maintenance` or `blackout`.
    pub kind: String,
    pub start: String,
    pub end: String,
    /// Empty means every environment / service.
    pub environments: Vec<String>,
    pub services: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VisibleRange {
    pub from: String,
    pub to: String,
    pub deployments: Vec<DeploymentBar>,
    pub windows: Vec<WindowBand>,
}

/// A conflict as the UI shows it: the core's conflict plus its rule's title.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConflictView {
    pub title: String,
    #[serde(flatten)]
    pub conflict: Conflict,
}

impl From<Conflict> for ConflictView {
    fn from(c: Conflict) -> Self {
        ConflictView {
            title: c.rule.title().to_owned(),
            conflict: c,
        }
    }
}

/// What a deployment would break if it were moved: the answer to one drag frame.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MovePreview {
    pub id: String,
    pub severity: Option<Severity>,
    pub conflicts: Vec<ConflictView>,
    /// Plan-wide counts if the move were made.
    pub counts: Counts,
}
