//! What the UI receives: plain, serialisable shapes, camelCase in JSON.
//!
//! The UI is sent only what it shows (the visible range plus conflict
//! summaries), never the whole plan: a 100k-deployment plan is ~16 MB of JSON.
//! Instants are RFC 3339 UTC strings (`2027-02-15T09:00:00Z`).
//!
//! Every type here derives [`TS`]: `ui/src/lib/bindings/` holds the
//! TypeScript generated from them ([`crate::bindings`]), and a test fails when
//! the committed files are out of date. Core types (conflicts, risk scores)
//! are mirrored here rather than given TypeScript derives in the core.

mod calendar_import;
mod conflict;
mod conflict_digest;
mod density;
mod governance;
mod group_move;
mod insights;
mod overview;

pub use calendar_import::*;
pub use conflict::*;
pub use conflict_digest::*;
pub use density::*;
pub use governance::*;
pub use group_move::*;
pub use insights::*;
pub use overview::*;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How bad a conflict is (the core's `Severity`, mirrored).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

impl From<trainyard_core::Severity> for Severity {
    fn from(s: trainyard_core::Severity) -> Self {
        match s {
            trainyard_core::Severity::Error => Severity::Error,
            trainyard_core::Severity::Warning => Severity::Warning,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Named {
    pub id: String,
    pub name: String,
}

/// A service as the calendar groups it: by its owning team when lanes are teams.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ServiceInfo {
    pub id: String,
    pub name: String,
    /// The owning team; absent (not null) when the service has none, so
    /// plain outlines keep the shape of `Named`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub team: Option<String>,
}

/// A release's change type (the core's `ChangeType`, mirrored).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ChangeType {
    Standard,
    Normal,
    Emergency,
}

impl From<trainyard_core::ChangeType> for ChangeType {
    fn from(c: trainyard_core::ChangeType) -> Self {
        match c {
            trainyard_core::ChangeType::Standard => ChangeType::Standard,
            trainyard_core::ChangeType::Normal => ChangeType::Normal,
            trainyard_core::ChangeType::Emergency => ChangeType::Emergency,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReleaseInfo {
    pub id: String,
    pub name: String,
    pub version: Option<String>,
    pub train: Option<String>,
    pub change_type: ChangeType,
    /// The release status (`planned` when the plan gives none).
    pub status: String,
}

/// Maintenance or blackout (the core's `WindowKind`, mirrored).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum WindowKind {
    Maintenance,
    Blackout,
}

impl From<trainyard_core::WindowKind> for WindowKind {
    fn from(k: trainyard_core::WindowKind) -> Self {
        match k {
            trainyard_core::WindowKind::Maintenance => WindowKind::Maintenance,
            trainyard_core::WindowKind::Blackout => WindowKind::Blackout,
        }
    }
}

impl WindowKind {
    pub fn as_str(self) -> &'static str {
        match self {
            WindowKind::Maintenance => "maintenance",
            WindowKind::Blackout => "blackout",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WindowInfo {
    pub id: String,
    pub name: String,
    pub kind: WindowKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
}

/// The open plan's outline: everything the UI needs that does not grow with
/// the number of deployments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
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
    pub services: Vec<ServiceInfo>,
    pub releases: Vec<ReleaseInfo>,
    pub trains: Vec<Named>,
    pub teams: Vec<Named>,
    pub windows: Vec<WindowInfo>,
    pub counts: Counts,
    /// The plan's "today" for a demo (`x.demo.as_of`), else null.
    pub as_of: Option<String>,
    /// First start and last end of all deployments.
    pub first_start: Option<String>,
    pub last_end: Option<String>,
    pub deployment_count: usize,
    /// Where the plan lives and what this user may do with it.
    pub location: PlanLocationInfo,
}

/// Whether the open plan is a file or a plan on a team server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LocationKind {
    File,
    Team,
}

/// A team member's strongest role on the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TeamRole {
    /// Edits the plan.
    Coordinator,
    /// Records decisions on releases, under their own login, and nothing else.
    Cab,
    /// Records deployments' outcomes and gate decisions (from a pipeline),
    /// and nothing else; the app offers it no edits.
    Pipeline,
    /// Reads.
    Viewer,
}

/// What the user may do with the open plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Permissions {
    /// Move deployments, edit entities and settings, undo and redo.
    pub can_edit: bool,
    /// Record a CAB decision on a release.
    pub can_decide: bool,
    /// Every edit is refused (a read-only file, or a viewer's team plan).
    pub read_only: bool,
}

/// Where the open plan lives. For a team plan: the server and database
/// (`db.example.com:5433/trainyard`), the plan's name there, the database
/// login and its role. Never a password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanLocationInfo {
    pub kind: LocationKind,
    pub server: Option<String>,
    pub plan: Option<String>,
    pub login: Option<String>,
    pub role: Option<TeamRole>,
    pub permissions: Permissions,
}

/// The `team-change` event: another user's edit made `revision` of `plan`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeamChangeEvent {
    pub plan: String,
    pub revision: u64,
    /// The database login that made the edit.
    pub user: String,
}

/// The `team-connection` event: the state of the connection that hears
/// other users' edits. While it is lost the window is read-only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TeamConnection {
    Connected,
    Lost,
    Reconnected,
}

/// The names of the events the window hears about a team plan.
pub const TEAM_CHANGE_EVENT: &str = "team-change";
pub const TEAM_CONNECTION_EVENT: &str = "team-connection";

/// A team plan opened recently: its address without a password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecentTeamPlan {
    pub address: String,
    pub name: String,
}

/// What a reload found: the revision the window showed, the one on the
/// server (or in the file) now, who made the newest edit, and the new
/// summary. `changed` is false when nothing moved (then nothing reloaded).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanChange {
    pub changed: bool,
    pub old_revision: u64,
    pub new_revision: u64,
    pub user: Option<String>,
    pub summary: PlanSummary,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
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
    /// What actually happened, once recorded; absent (not null) for a
    /// deployment without an outcome, so plain bars cost nothing more.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub actual: Option<ActualRun>,
}

/// How a deployment actually ran (its outcome's times and result).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActualRun {
    pub started: String,
    /// Null while it runs.
    pub finished: Option<String>,
    /// Null while it runs.
    pub result: Option<RunResult>,
    /// Finished after the planned end (the `overrun` rule's test).
    pub overrun: bool,
}

/// How a finished deployment ended (the core's `OutcomeResult`, mirrored).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RunResult {
    Succeeded,
    Failed,
    RolledBack,
}

impl From<trainyard_core::OutcomeResult> for RunResult {
    fn from(r: trainyard_core::OutcomeResult) -> Self {
        match r {
            trainyard_core::OutcomeResult::Succeeded => RunResult::Succeeded,
            trainyard_core::OutcomeResult::Failed => RunResult::Failed,
            trainyard_core::OutcomeResult::RolledBack => RunResult::RolledBack,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WindowBand {
    pub window: String,
    pub name: String,
    pub kind: WindowKind,
    pub start: String,
    pub end: String,
    /// Empty means every environment / service.
    pub environments: Vec<String>,
    pub services: Vec<String>,
}

/// A train departure in the range, with its code freeze before it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TrainMark {
    pub train: String,
    pub name: String,
    /// The departure instant.
    pub departure: String,
    /// Start of the code freeze (= departure when the freeze is zero).
    pub freeze_start: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VisibleRange {
    pub from: String,
    pub to: String,
    pub deployments: Vec<DeploymentBar>,
    pub windows: Vec<WindowBand>,
    pub trains: Vec<TrainMark>,
}

/// The next free slot for a deployment (null start: none found within the horizon).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SlotSuggestion {
    pub id: String,
    pub start: Option<String>,
    pub end: Option<String>,
    pub environment: String,
    pub reason: String,
}

/// A plan opened recently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecentPlan {
    pub path: String,
    pub name: String,
    /// Whether the file is still there.
    pub exists: bool,
}

/// One dependency cycle of a matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CycleInfo {
    /// Member ids, sorted.
    pub members: Vec<String>,
    /// A human name: display names around the loop, `a → b → a`.
    pub name: String,
}

/// A dependency matrix (row depends on column).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DependencyMatrix {
    /// Row and column headers, same order (plan order).
    pub items: Vec<Named>,
    /// `[row, col]` index pairs where `items[row]` depends on `items[col]`.
    pub edges: Vec<(usize, usize)>,
    /// Each dependency cycle: its member ids and a human name.
    #[ts(inline)]
    pub cycles: Vec<CycleInfo>,
}

/// One (release, service) cell of the release × service matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MatrixCell {
    /// Index into `releases`.
    pub release: usize,
    /// Index into `services`.
    pub service: usize,
    /// Environment ids it deploys to, in promotion order.
    pub environments: Vec<String>,
    pub deployments: Vec<String>,
}

/// Where each release deploys, per service and environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReleaseServiceMatrix {
    pub releases: Vec<Named>,
    pub services: Vec<Named>,
    /// In promotion order.
    pub environments: Vec<Named>,
    /// One cell per (release, service) with deployments.
    #[ts(inline)]
    pub cells: Vec<MatrixCell>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RiskFactor {
    pub key: String,
    pub label: String,
    pub points: u32,
    pub max: u32,
    pub detail: String,
}

/// The core's risk level, mirrored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    Low,
    Medium,
    High,
    Critical,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RiskScore {
    pub release: String,
    pub score: u32,
    #[ts(inline)]
    pub level: RiskLevel,
    pub factors: Vec<RiskFactor>,
}

impl From<trainyard_core::risk::RiskScore> for RiskScore {
    fn from(r: trainyard_core::risk::RiskScore) -> Self {
        use trainyard_core::risk::RiskLevel as L;
        RiskScore {
            release: r.release.0,
            score: r.score,
            level: match r.level {
                L::Low => RiskLevel::Low,
                L::Medium => RiskLevel::Medium,
                L::High => RiskLevel::High,
                L::Critical => RiskLevel::Critical,
            },
            factors: r
                .factors
                .into_iter()
                .map(|f| RiskFactor {
                    key: f.key,
                    label: f.label,
                    points: f.points,
                    max: f.max,
                    detail: f.detail,
                })
                .collect(),
        }
    }
}

/// An approval decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approved,
    Rejected,
}

/// An approval as the plan format has it (absent fields are left out).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Approval {
    pub by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub role: Option<String>,
    #[ts(inline)]
    pub decision: Decision,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub comment: Option<String>,
}

/// A release dependency and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DependencyStatus {
    pub id: String,
    pub name: String,
    pub status: String,
}

/// What the CAB reads about one release.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CabView {
    pub release: ReleaseInfo,
    pub owner: Option<String>,
    pub description: Option<String>,
    pub rollback_plan: Option<String>,
    pub success_criteria: Option<String>,
    pub services_touched: Vec<Named>,
    /// Downstream services (consumers of touched services, transitively), not touched themselves.
    pub blast_radius: Vec<Named>,
    pub risk: RiskScore,
    pub conflicts: Vec<ConflictView>,
    pub approvals: Vec<Approval>,
    /// Approvals the policy requires for this release (0 when none).
    pub required_approvals: u32,
    /// The release's own dependencies and their status.
    #[ts(inline)]
    pub dependencies: Vec<DependencyStatus>,
    /// Its deployments, in environment then start order.
    pub deployments: Vec<DeploymentBar>,
}

/// One changed entity of an audit entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditChange {
    pub kind: String,
    pub id: String,
    /// The entity in the plan format before the edit (null when absent).
    #[ts(type = "unknown")]
    pub before: serde_json::Value,
    #[ts(type = "unknown")]
    pub after: serde_json::Value,
}

/// One entry of the hash-chained audit trail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    pub seq: u64,
    pub at: String,
    pub user: String,
    pub action: String,
    /// Changed entities: kind, id and before/after in the plan format.
    #[ts(inline)]
    pub changes: Vec<AuditChange>,
    pub hash: String,
}

/// One occurrence in a window preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OccurrencePreview {
    /// Local wall-clock start/end in the window's zone, `YYYY-MM-DDTHH:MM`.
    pub local_start: String,
    pub local_end: String,
    /// The same as UTC instants.
    pub start: String,
    pub end: String,
    /// UTC offset at the start, e.g. `+01:00`.
    pub offset: String,
    /// True when the offset differs from the previous occurrence's, or the
    /// local start was in a DST gap or fold.
    pub dst_shift: bool,
    /// Why, when `dst_shift`.
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WindowPreview {
    pub occurrences: Vec<OccurrencePreview>,
}

/// A finished export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportDone {
    pub path: String,
    pub bytes: u64,
}
