//! The conflict report: its shape is the contract of `docs/conflict-rules.md`.

use serde::{Deserialize, Serialize};

use crate::plan::{DeploymentId, EnvironmentId, ReleaseId, ServiceId, TeamId, WindowId};

/// The rule a conflict breaks. The declaration order is the report order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    Overlap,
    Blackout,
    OutsideWindow,
    DependencyOrder,
    DependencyMissing,
    DependencyCycle,
    ServiceOrder,
    PromotionOrder,
    Concurrency,
    TeamUnavailable,
    Unapproved,
    Overrun,
    RanOutsideWindow,
}

impl Rule {
    pub const ALL: [Rule; 13] = [
        Rule::Overlap,
        Rule::Blackout,
        Rule::OutsideWindow,
        Rule::DependencyOrder,
        Rule::DependencyMissing,
        Rule::DependencyCycle,
        Rule::ServiceOrder,
        Rule::PromotionOrder,
        Rule::Concurrency,
        Rule::TeamUnavailable,
        Rule::Unapproved,
        Rule::Overrun,
        Rule::RanOutsideWindow,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Overlap => "overlap",
            Rule::Blackout => "blackout",
            Rule::OutsideWindow => "outside-window",
            Rule::DependencyOrder => "dependency-order",
            Rule::DependencyMissing => "dependency-missing",
            Rule::DependencyCycle => "dependency-cycle",
            Rule::ServiceOrder => "service-order",
            Rule::PromotionOrder => "promotion-order",
            Rule::Concurrency => "concurrency",
            Rule::TeamUnavailable => "team-unavailable",
            Rule::Unapproved => "unapproved",
            Rule::Overrun => "overrun",
            Rule::RanOutsideWindow => "ran-outside-window",
        }
    }

    /// A short human title for grouping in the UI and reports.
    pub fn title(self) -> &'static str {
        match self {
            Rule::Overlap => "Overlapping deployments",
            Rule::Blackout => "Deployment in a blackout",
            Rule::OutsideWindow => "Outside maintenance windows",
            Rule::DependencyOrder => "Release dependency order",
            Rule::DependencyMissing => "Dependency not deployed",
            Rule::DependencyCycle => "Dependency cycle",
            Rule::ServiceOrder => "Service order within a release",
            Rule::PromotionOrder => "Promotion order",
            Rule::Concurrency => "Too many concurrent deployments",
            Rule::TeamUnavailable => "Team unavailable",
            Rule::Unapproved => "Missing approvals",
            Rule::Overrun => "Ran past its planned end",
            Rule::RanOutsideWindow => "Ran outside maintenance windows",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

/// What a conflict rests on, so the UI can explain it ("why?").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Evidence {
    /// A window occurrence that was hit (blackout), as UTC instants.
    WindowOccurrence {
        window: WindowId,
        start: String,
        end: String,
    },
    /// Instants of the deployment not covered by any maintenance window occurrence.
    Uncovered { start: String, end: String },
    /// The other deployment of a pair.
    OtherDeployment {
        deployment: DeploymentId,
        start: String,
        end: String,
    },
    /// A dependency path, first depends on second depends on …
    DependencyPath { path: Vec<String> },
    /// The interval during which the count stayed above the limit.
    ConcurrencyPeak {
        start: String,
        end: String,
        peak: u32,
        limit: u32,
    },
    /// A team's unavailable period that was hit.
    Unavailable {
        start: String,
        end: String,
        reason: Option<String>,
    },
    /// The approvals counted against those required.
    Approvals {
        required: u32,
        counted: u32,
        rejected_by: Vec<String>,
    },
}

/// One broken rule. Every key is always present in JSON; absent subjects are `[]` or `null`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    pub rule: Rule,
    pub severity: Severity,
    pub deployments: Vec<DeploymentId>,
    pub releases: Vec<ReleaseId>,
    pub services: Vec<ServiceId>,
    pub environment: Option<EnvironmentId>,
    pub window: Option<WindowId>,
    pub team: Option<TeamId>,
    pub message: String,
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

/// What makes two conflicts the same: the rule and the subjects.
pub type Identity<'a> = (
    Rule,
    &'a [DeploymentId],
    &'a [ReleaseId],
    &'a [ServiceId],
    Option<&'a EnvironmentId>,
    Option<&'a WindowId>,
    Option<&'a TeamId>,
);

impl Conflict {
    /// The identity of a conflict: its rule and subjects (never the message).
    pub fn identity(&self) -> Identity<'_> {
        (
            self.rule,
            &self.deployments,
            &self.releases,
            &self.services,
            self.environment.as_ref(),
            self.window.as_ref(),
            self.team.as_ref(),
        )
    }

    /// The report order: rule, then subjects.
    pub fn order_key(&self) -> impl Ord + '_ {
        (
            self.rule,
            &self.environment,
            &self.deployments,
            &self.releases,
            &self.services,
            &self.window,
            &self.team,
        )
    }

    pub fn involves_deployment(&self, id: &DeploymentId) -> bool {
        self.deployments.contains(id)
    }
}

/// `{"conflicts": [...]}` as the command line prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Report {
    pub conflicts: Vec<Conflict>,
}

impl Report {
    pub fn has_errors(&self) -> bool {
        self.conflicts.iter().any(|c| c.severity == Severity::Error)
    }
    pub fn count(&self, severity: Severity) -> usize {
        self.conflicts
            .iter()
            .filter(|c| c.severity == severity)
            .count()
    }
}
