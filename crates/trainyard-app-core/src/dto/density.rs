//! The calendar zoomed out: how many deployments each lane holds per slice
//! of time, instead of thousands of bars.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Severity;

/// What the calendar's lanes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LaneBy {
    Service,
    Environment,
    /// The team of the deployment's service.
    Team,
    /// The train of the deployment's release.
    Train,
}

/// Which deployments the calendar shows; an empty list allows everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct CalendarFilter {
    pub releases: Vec<String>,
    pub trains: Vec<String>,
    pub teams: Vec<String>,
    pub environments: Vec<String>,
    /// Deployment statuses (`planned`, `succeeded`, `failed`, `rolled_back`).
    pub statuses: Vec<String>,
    /// The worst severity of a deployment's conflicts; `clean` is written
    /// as an absent severity, so filter with `includeClean`.
    pub severities: Vec<Severity>,
    /// With `severities`, also deployments in no conflict.
    pub include_clean: bool,
}

/// One lane's counts, slice by slice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DensityLane {
    /// The service, environment, team or train id; empty for the lane of
    /// deployments without a team or a train.
    pub key: String,
    pub name: String,
    /// Deployments running at some point of each slice.
    pub deployments: Vec<u32>,
    /// Of those, the ones whose worst conflict is an error.
    pub errors: Vec<u32>,
    /// Of those, the ones whose worst conflict is a warning.
    pub warnings: Vec<u32>,
}

/// The calendar's period cut into equal slices, with counts per lane.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CalendarDensity {
    pub from: String,
    pub to: String,
    pub slices: u32,
    pub lanes: Vec<DensityLane>,
    /// The largest count of any lane and slice (for a colour scale).
    pub peak: u32,
}

/// How many bars the calendar draws before it counts instead: a lane with
/// more than `per_lane` deployments in the period is counted (a density
/// band), and so are the fullest of the others while more than `total` would
/// be drawn. Lanes in `expanded` (the user asked for their bars) never are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BarBudget {
    /// Slices of the period for the counted lanes (1 to 2,000).
    pub slices: u32,
    pub per_lane: u32,
    pub total: u32,
    /// Lane keys (service, environment, team or train ids).
    #[serde(default)]
    pub expanded: Vec<String>,
}

/// What the calendar draws for a period: the bars of the lanes within the
/// budget (those `filter` lets through), and counts for the others.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CalendarRange {
    #[serde(flatten)]
    pub range: super::VisibleRange,
    /// The counted lanes' densities, slice by slice; none when every lane
    /// is drawn. `peak` is the largest count of these lanes.
    pub counted: Option<CalendarDensity>,
}
