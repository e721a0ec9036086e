//! The validated plan model. Every value here has passed validation: references
//! resolve, intervals are non-empty, rules are in the supported subset. Build one
//! with [`crate::parse_plan`] (JSON) or by applying [`crate::edit::Edit`]s.

use std::collections::HashMap;
use std::fmt;

use chrono::NaiveDateTime;
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::rrule::RRule;
use crate::time::{Instant, NominalDuration};

/// Free-form extensions (`"x"`), kept on round trip and otherwise ignored.
pub type Extensions = Option<serde_json::Map<String, serde_json::Value>>;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            pub fn new(s: impl Into<String>) -> Self {
                $name(s.into())
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                $name(s.to_owned())
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }
    };
}

id_type!(/// Id of an environment (`prod`).
    EnvironmentId);
id_type!(/// Id of a team.
    TeamId);
id_type!(/// Id of a service.
    ServiceId);
id_type!(/// Id of a release train.
    TrainId);
id_type!(/// Id of a maintenance or blackout window.
    WindowId);
id_type!(/// Id of a release.
    ReleaseId);
id_type!(/// Id of a deployment.
    DeploymentId);

mod governance;
mod readiness;
pub use governance::*;
pub use readiness::*;

#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub name: Option<String>,
    pub timezone: Tz,
    pub environments: Vec<Environment>,
    pub teams: Vec<Team>,
    pub services: Vec<Service>,
    pub trains: Vec<Train>,
    pub windows: Vec<Window>,
    pub releases: Vec<Release>,
    pub deployments: Vec<Deployment>,
    /// Release governance (`docs/plan-format.md`); empty in a plan without it.
    pub readiness_templates: Vec<ReadinessTemplate>,
    pub holds: Vec<Hold>,
    pub bookings: Vec<Booking>,
    pub waivers: Vec<Waiver>,
    pub x: Extensions,
}

impl Default for Plan {
    fn default() -> Self {
        Plan {
            name: None,
            timezone: Tz::UTC,
            environments: vec![],
            teams: vec![],
            services: vec![],
            trains: vec![],
            windows: vec![],
            releases: vec![],
            deployments: vec![],
            readiness_templates: vec![],
            holds: vec![],
            bookings: vec![],
            waivers: vec![],
            x: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Environment {
    pub id: EnvironmentId,
    pub name: Option<String>,
    pub order: i64,
    pub requires_window: bool,
    pub max_concurrent: Option<u32>,
    pub requires_approval: bool,
    /// What blocks the gate here besides errors (`None`: errors only, as in
    /// format version 1).
    pub gate: Option<GatePolicy>,
    pub x: Extensions,
}

/// An environment's gate policy (`docs/plan-format.md`, "Gate policy").
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GatePolicy {
    /// Rules whose warnings block the gate here too (errors always block).
    pub also_blocks_on: Vec<crate::Rule>,
    /// The gate allows a deployment here only when the same release has a
    /// succeeded outcome in the previous environment (by `order`).
    pub requires_previous_success: bool,
    pub x: Extensions,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Team {
    pub id: TeamId,
    pub name: Option<String>,
    pub timezone: Option<Tz>,
    pub unavailable: Vec<Unavailability>,
    pub x: Extensions,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Unavailability {
    pub start: Instant,
    pub end: Instant,
    pub reason: Option<String>,
    pub x: Extensions,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    pub id: ServiceId,
    pub name: Option<String>,
    pub team: Option<TeamId>,
    /// 1..=4; 1 is most critical. `None` means the default, 3.
    pub tier: Option<u8>,
    pub data_classes: Vec<String>,
    pub depends_on: Vec<ServiceId>,
    pub x: Extensions,
}

impl Service {
    pub const DEFAULT_TIER: u8 = 3;

    pub fn tier(&self) -> u8 {
        self.tier.unwrap_or(Self::DEFAULT_TIER)
    }

    /// Whether the service holds `financial` or `customer` data.
    pub fn is_sensitive(&self) -> bool {
        self.data_classes
            .iter()
            .any(|c| c == "financial" || c == "customer")
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Train {
    pub id: TrainId,
    pub name: Option<String>,
    pub rrule: Option<RRule>,
    /// First departure, local wall time in the plan's time zone.
    pub start: Option<NaiveDateTime>,
    /// Code freeze before each departure.
    pub freeze: Option<NominalDuration>,
    pub x: Extensions,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WindowKind {
    Maintenance,
    Blackout,
}

impl WindowKind {
    pub fn as_str(self) -> &'static str {
        match self {
            WindowKind::Maintenance => "maintenance",
            WindowKind::Blackout => "blackout",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scope {
    /// Empty means every environment.
    pub environments: Vec<EnvironmentId>,
    /// Empty means every service.
    pub services: Vec<ServiceId>,
    pub x: Extensions,
}

impl Scope {
    pub fn matches(&self, service: &ServiceId, environment: &EnvironmentId) -> bool {
        (self.environments.is_empty() || self.environments.contains(environment))
            && (self.services.is_empty() || self.services.contains(service))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    pub id: WindowId,
    pub kind: WindowKind,
    pub name: Option<String>,
    pub scope: Scope,
    /// Local wall time of the first occurrence in `timezone`.
    pub start: NaiveDateTime,
    pub duration: NominalDuration,
    pub timezone: Tz,
    pub rrule: Option<RRule>,
    pub exdates: Vec<NaiveDateTime>,
    pub allow_emergency: bool,
    pub x: Extensions,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeType {
    Standard,
    Normal,
    Emergency,
}

impl ChangeType {
    pub const ALL: [ChangeType; 3] = [
        ChangeType::Standard,
        ChangeType::Normal,
        ChangeType::Emergency,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeType::Standard => "standard",
            ChangeType::Normal => "normal",
            ChangeType::Emergency => "emergency",
        }
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum ReleaseStatus {
    Draft,
    #[default]
    Planned,
    Approved,
    Scheduled,
    InProgress,
    Deployed,
    RolledBack,
    Cancelled,
}

impl ReleaseStatus {
    pub const ALL: [ReleaseStatus; 8] = [
        ReleaseStatus::Draft,
        ReleaseStatus::Planned,
        ReleaseStatus::Approved,
        ReleaseStatus::Scheduled,
        ReleaseStatus::InProgress,
        ReleaseStatus::Deployed,
        ReleaseStatus::RolledBack,
        ReleaseStatus::Cancelled,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            ReleaseStatus::Draft => "draft",
            ReleaseStatus::Planned => "planned",
            ReleaseStatus::Approved => "approved",
            ReleaseStatus::Scheduled => "scheduled",
            ReleaseStatus::InProgress => "in_progress",
            ReleaseStatus::Deployed => "deployed",
            ReleaseStatus::RolledBack => "rolled_back",
            ReleaseStatus::Cancelled => "cancelled",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approved,
    Rejected,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Approved => "approved",
            Decision::Rejected => "rejected",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Approval {
    pub by: String,
    pub role: Option<String>,
    pub decision: Decision,
    pub at: Option<Instant>,
    pub comment: Option<String>,
    pub x: Extensions,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Release {
    pub id: ReleaseId,
    pub name: Option<String>,
    pub version: Option<String>,
    pub train: Option<TrainId>,
    pub owner: Option<String>,
    pub change_type: ChangeType,
    /// `None` means the default, `planned`.
    pub status: Option<ReleaseStatus>,
    pub depends_on: Vec<ReleaseId>,
    pub approvals: Vec<Approval>,
    pub description: Option<String>,
    pub rollback_plan: Option<String>,
    pub success_criteria: Option<String>,
    pub known_issues: Option<String>,
    /// Checklist, go/no-go decision and review (all optional).
    pub governance: ReleaseGovernance,
    pub x: Extensions,
}

impl Release {
    pub fn status(&self) -> ReleaseStatus {
        self.status.unwrap_or_default()
    }

    /// The distinct people who approved, sorted.
    pub fn approved_by(&self) -> Vec<&str> {
        self.decided_by(Decision::Approved)
    }

    /// The distinct people who rejected, sorted.
    pub fn rejected_by(&self) -> Vec<&str> {
        self.decided_by(Decision::Rejected)
    }

    fn decided_by(&self, decision: Decision) -> Vec<&str> {
        let mut who: Vec<&str> = self
            .approvals
            .iter()
            .filter(|a| a.decision == decision)
            .map(|a| a.by.as_str())
            .collect();
        who.sort_unstable();
        who.dedup();
        who
    }
}

/// Approvals a release needs in an environment that requires them
/// (`docs/conflict-rules.md`, approval policy): standard 0, normal and emergency 1,
/// and 2 for any change type when a service it deploys there holds financial
/// or customer data.
pub fn required_approvals(change_type: ChangeType, touches_sensitive_data: bool) -> u32 {
    if touches_sensitive_data {
        2
    } else {
        match change_type {
            ChangeType::Standard => 0,
            ChangeType::Normal | ChangeType::Emergency => 1,
        }
    }
}

/// Approvals one environment requires of a release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovalNeed {
    pub environment: EnvironmentId,
    pub required: u32,
    /// Two approvers because a service deployed there holds financial or customer data.
    pub sensitive: bool,
}

impl Plan {
    /// What the approval policy asks of `release`, per environment that
    /// requires approval and where the release deploys (rolled-back
    /// deployments aside), in promotion order (then id). Empty for a
    /// cancelled release.
    pub fn approval_needs(&self, release: &Release) -> Vec<ApprovalNeed> {
        let mine: Vec<&Deployment> = self
            .deployments
            .iter()
            .filter(|d| d.release == release.id)
            .collect();
        self.approval_needs_among(release, &mine)
    }

    /// [`Plan::approval_needs`], given the release's deployments (in any
    /// order): what a caller asking for every release gathers once, instead
    /// of this reading every deployment of the plan per release.
    pub fn approval_needs_among(
        &self,
        release: &Release,
        deployments: &[&Deployment],
    ) -> Vec<ApprovalNeed> {
        if release.status() == ReleaseStatus::Cancelled {
            return vec![];
        }
        let mut envs: Vec<&Environment> = self
            .environments
            .iter()
            .filter(|e| e.requires_approval)
            .collect();
        envs.sort_by(|a, b| (a.order, &a.id).cmp(&(b.order, &b.id)));
        envs.into_iter()
            .filter_map(|env| {
                let mut here = deployments.iter().copied().filter(|d| {
                    d.release == release.id
                        && d.environment == env.id
                        && d.status() != DeploymentStatus::RolledBack
                });
                let first = here.next()?;
                let sensitive = std::iter::once(first).chain(here).any(|d| {
                    self.service(d.service.as_str())
                        .is_some_and(Service::is_sensitive)
                });
                Some(ApprovalNeed {
                    environment: env.id.clone(),
                    required: required_approvals(release.change_type, sensitive),
                    sensitive,
                })
            })
            .collect()
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "kebab-case")]
pub enum Strategy {
    #[default]
    BigBang,
    BlueGreen,
    Canary,
    Rolling,
    Phased,
}

impl Strategy {
    pub const ALL: [Strategy; 5] = [
        Strategy::BigBang,
        Strategy::BlueGreen,
        Strategy::Canary,
        Strategy::Rolling,
        Strategy::Phased,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Strategy::BigBang => "big-bang",
            Strategy::BlueGreen => "blue-green",
            Strategy::Canary => "canary",
            Strategy::Rolling => "rolling",
            Strategy::Phased => "phased",
        }
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum DeploymentStatus {
    #[default]
    Planned,
    Succeeded,
    Failed,
    RolledBack,
}

impl DeploymentStatus {
    pub const ALL: [DeploymentStatus; 4] = [
        DeploymentStatus::Planned,
        DeploymentStatus::Succeeded,
        DeploymentStatus::Failed,
        DeploymentStatus::RolledBack,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            DeploymentStatus::Planned => "planned",
            DeploymentStatus::Succeeded => "succeeded",
            DeploymentStatus::Failed => "failed",
            DeploymentStatus::RolledBack => "rolled_back",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Deployment {
    pub id: DeploymentId,
    pub release: ReleaseId,
    pub service: ServiceId,
    pub environment: EnvironmentId,
    /// Inclusive start of the half-open interval `[start, end)`.
    pub start: Instant,
    pub end: Instant,
    pub strategy: Option<Strategy>,
    pub wave: Option<String>,
    pub status: Option<DeploymentStatus>,
    /// What happened, once recorded (`trainyard record`).
    pub outcome: Option<Outcome>,
    pub x: Extensions,
}

/// How a recorded deployment ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeResult {
    Succeeded,
    Failed,
    RolledBack,
}

impl OutcomeResult {
    pub const ALL: [OutcomeResult; 3] = [
        OutcomeResult::Succeeded,
        OutcomeResult::Failed,
        OutcomeResult::RolledBack,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            OutcomeResult::Succeeded => "succeeded",
            OutcomeResult::Failed => "failed",
            OutcomeResult::RolledBack => "rolled_back",
        }
    }
}

/// What actually happened to a deployment.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub started: Instant,
    /// `None` while it runs.
    pub finished: Option<Instant>,
    /// `None` while it runs; required once `finished` is given.
    pub result: Option<OutcomeResult>,
    pub incidents: Vec<Incident>,
    pub x: Extensions,
}

/// How bad an incident was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IncidentSeverity {
    Critical,
    High,
    Medium,
    Low,
}

impl IncidentSeverity {
    pub const ALL: [IncidentSeverity; 4] = [
        IncidentSeverity::Critical,
        IncidentSeverity::High,
        IncidentSeverity::Medium,
        IncidentSeverity::Low,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            IncidentSeverity::Critical => "critical",
            IncidentSeverity::High => "high",
            IncidentSeverity::Medium => "medium",
            IncidentSeverity::Low => "low",
        }
    }
}

/// An incident a deployment caused or met, by reference.
#[derive(Debug, Clone, PartialEq)]
pub struct Incident {
    pub id: String,
    pub url: Option<String>,
    pub opened: Option<Instant>,
    pub resolved: Option<Instant>,
    pub severity: Option<IncidentSeverity>,
    pub x: Extensions,
}

impl Deployment {
    pub fn strategy(&self) -> Strategy {
        self.strategy.unwrap_or_default()
    }
    pub fn status(&self) -> DeploymentStatus {
        self.status.unwrap_or_default()
    }
}

macro_rules! display_name {
    ($($t:ty),*) => {$(
        impl $t {
            /// The name, or the id when the plan gives none.
            pub fn display_name(&self) -> &str {
                self.name.as_deref().unwrap_or(self.id.as_str())
            }
        }
    )*};
}
display_name!(Environment, Team, Service, Train, Window, Release);

/// Lookups by id into a plan, built once. Positions are indexes into the
/// plan's lists.
#[derive(Debug, Clone, Default)]
pub struct PlanIndex {
    pub environments: HashMap<EnvironmentId, usize>,
    pub teams: HashMap<TeamId, usize>,
    pub services: HashMap<ServiceId, usize>,
    pub trains: HashMap<TrainId, usize>,
    pub windows: HashMap<WindowId, usize>,
    pub releases: HashMap<ReleaseId, usize>,
    pub deployments: HashMap<DeploymentId, usize>,
}

impl PlanIndex {
    pub fn new(plan: &Plan) -> Self {
        fn map<K: Clone + std::hash::Hash + Eq, T>(
            items: &[T],
            id: impl Fn(&T) -> &K,
        ) -> HashMap<K, usize> {
            items
                .iter()
                .enumerate()
                .map(|(i, t)| (id(t).clone(), i))
                .collect()
        }
        PlanIndex {
            environments: map(&plan.environments, |e| &e.id),
            teams: map(&plan.teams, |e| &e.id),
            services: map(&plan.services, |e| &e.id),
            trains: map(&plan.trains, |e| &e.id),
            windows: map(&plan.windows, |e| &e.id),
            releases: map(&plan.releases, |e| &e.id),
            deployments: map(&plan.deployments, |e| &e.id),
        }
    }
}

impl Plan {
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or("Untitled plan")
    }
    pub fn environment(&self, id: &str) -> Option<&Environment> {
        self.environments.iter().find(|e| e.id.as_str() == id)
    }
    pub fn service(&self, id: &str) -> Option<&Service> {
        self.services.iter().find(|e| e.id.as_str() == id)
    }
    pub fn release(&self, id: &str) -> Option<&Release> {
        self.releases.iter().find(|e| e.id.as_str() == id)
    }
    pub fn deployment(&self, id: &str) -> Option<&Deployment> {
        self.deployments.iter().find(|e| e.id.as_str() == id)
    }
    pub fn team(&self, id: &str) -> Option<&Team> {
        self.teams.iter().find(|e| e.id.as_str() == id)
    }
    pub fn window(&self, id: &str) -> Option<&Window> {
        self.windows.iter().find(|e| e.id.as_str() == id)
    }
    pub fn train(&self, id: &str) -> Option<&Train> {
        self.trains.iter().find(|e| e.id.as_str() == id)
    }
}
