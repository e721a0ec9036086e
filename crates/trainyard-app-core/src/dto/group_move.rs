//! Moving several deployments at once: a whole release, optionally with the
//! releases that depend on it, as one previewed drag and one undoable edit.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{ConflictView, Counts, DeploymentBar, PlanSummary, Severity};

/// Where one deployment of a group move goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MoveTarget {
    pub id: String,
    pub start: String,
    pub end: String,
    pub environment: String,
}

/// The deployments that move together when a release is dragged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GroupMoveSet {
    pub release: String,
    /// The releases that depend on it, directly or not, whose deployments
    /// move too (empty without dependents).
    pub dependents: Vec<String>,
    /// The deployments that move, in plan order: those of the release and
    /// of its dependents that have not run (planned, with no outcome).
    pub deployments: Vec<DeploymentBar>,
    /// Deployments of those releases left where they are because they have
    /// run (a status other than planned, or an outcome).
    pub kept: Vec<String>,
}

/// One moved deployment's colour if the group move were made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GroupMemberPreview {
    pub id: String,
    pub severity: Option<Severity>,
}

/// What a group move would break, while dragging.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GroupMovePreview {
    /// Every moved deployment with its worst severity after the move.
    pub members: Vec<GroupMemberPreview>,
    /// The conflicts that name any moved deployment, each once, in report
    /// order.
    pub conflicts: Vec<ConflictView>,
    /// Plan-wide counts if the move were made.
    pub counts: Counts,
}

/// What a dropped group move changed (one undoable edit).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CommittedGroupMove {
    #[serde(flatten)]
    pub summary: PlanSummary,
    /// The moved deployments where they are now.
    pub moved: Vec<DeploymentBar>,
    /// Every other deployment whose colour (worst severity) changed.
    pub recoloured: Vec<DeploymentBar>,
}
