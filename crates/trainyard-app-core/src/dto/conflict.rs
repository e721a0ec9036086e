//! Conflicts as the UI receives them: the rule and the evidence are typed
//! (string-literal and tagged unions in TypeScript), so the UI never reads
//! meaning out of free text.

use serde::{Deserialize, Serialize};
use trainyard_core::Evidence as CoreEvidence;
use ts_rs::TS;

use super::{Counts, DeploymentBar, PlanSummary, Severity};

/// The rule a conflict breaks (the core's `Rule`, mirrored), kebab-case on
/// the wire: `overlap`, `dependency-cycle`, ...
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
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
    NotReady,
    OnHold,
    BookingConflict,
    ReviewOverdue,
}

impl From<trainyard_core::Rule> for Rule {
    fn from(r: trainyard_core::Rule) -> Self {
        use trainyard_core::Rule as R;
        match r {
            R::Overlap => Rule::Overlap,
            R::Blackout => Rule::Blackout,
            R::OutsideWindow => Rule::OutsideWindow,
            R::DependencyOrder => Rule::DependencyOrder,
            R::DependencyMissing => Rule::DependencyMissing,
            R::DependencyCycle => Rule::DependencyCycle,
            R::ServiceOrder => Rule::ServiceOrder,
            R::PromotionOrder => Rule::PromotionOrder,
            R::Concurrency => Rule::Concurrency,
            R::TeamUnavailable => Rule::TeamUnavailable,
            R::Unapproved => Rule::Unapproved,
            R::Overrun => Rule::Overrun,
            R::RanOutsideWindow => Rule::RanOutsideWindow,
            R::NotReady => Rule::NotReady,
            R::OnHold => Rule::OnHold,
            R::BookingConflict => Rule::BookingConflict,
            R::ReviewOverdue => Rule::ReviewOverdue,
        }
    }
}

impl Rule {
    /// The wire form, the same as the core's `Rule::as_str`.
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
            Rule::NotReady => "not-ready",
            Rule::OnHold => "on-hold",
            Rule::BookingConflict => "booking-conflict",
            Rule::ReviewOverdue => "review-overdue",
        }
    }
}

/// Lets callers compare with the wire form: `c.rule == "blackout"`.
impl PartialEq<&str> for Rule {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// What a conflict rests on (the core's `Evidence`, mirrored field for
/// field, so the JSON is the core's). Instants are RFC 3339 UTC strings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Evidence {
    /// A blackout occurrence that was hit.
    WindowOccurrence {
        window: String,
        start: String,
        end: String,
    },
    /// Part of the deployment no maintenance window occurrence covers.
    Uncovered { start: String, end: String },
    /// The other deployment of a pair.
    OtherDeployment {
        deployment: String,
        start: String,
        end: String,
    },
    /// A dependency path: the first depends on the second, which depends on …
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
    /// A hold that covers the deployment (`until` null: until lifted).
    Hold {
        hold: String,
        from: String,
        until: Option<String>,
        reason: Option<String>,
        by: Option<String>,
        allow_waiver: bool,
    },
    /// An environment booking that was hit.
    Booking {
        booking: String,
        holder_kind: String,
        holder: String,
        from: String,
        until: String,
        exclusive: bool,
    },
    /// A required readiness item not done (or waived) by `due`.
    Readiness {
        item: String,
        title: String,
        state: Option<String>,
        done_at: Option<String>,
        due: String,
    },
    /// When an emergency release's review was due, and the reference time.
    Review { due: String, as_of: String },
    /// The waiver that made this conflict a warning.
    Waiver {
        waiver: String,
        granted_by: String,
        granted_at: String,
        expires: String,
    },
}

impl From<CoreEvidence> for Evidence {
    fn from(e: CoreEvidence) -> Self {
        match e {
            CoreEvidence::WindowOccurrence { window, start, end } => Evidence::WindowOccurrence {
                window: window.0,
                start,
                end,
            },
            CoreEvidence::Uncovered { start, end } => Evidence::Uncovered { start, end },
            CoreEvidence::OtherDeployment {
                deployment,
                start,
                end,
            } => Evidence::OtherDeployment {
                deployment: deployment.0,
                start,
                end,
            },
            CoreEvidence::DependencyPath { path } => Evidence::DependencyPath { path },
            CoreEvidence::ConcurrencyPeak {
                start,
                end,
                peak,
                limit,
            } => Evidence::ConcurrencyPeak {
                start,
                end,
                peak,
                limit,
            },
            CoreEvidence::Unavailable { start, end, reason } => {
                Evidence::Unavailable { start, end, reason }
            }
            CoreEvidence::Approvals {
                required,
                counted,
                rejected_by,
            } => Evidence::Approvals {
                required,
                counted,
                rejected_by,
            },
            CoreEvidence::Hold {
                hold,
                from,
                until,
                reason,
                by,
                allow_waiver,
            } => Evidence::Hold {
                hold: hold.0,
                from,
                until,
                reason,
                by,
                allow_waiver,
            },
            CoreEvidence::Booking {
                booking,
                holder_kind,
                holder,
                from,
                until,
                exclusive,
            } => Evidence::Booking {
                booking: booking.0,
                holder_kind,
                holder,
                from,
                until,
                exclusive,
            },
            CoreEvidence::Readiness {
                item,
                title,
                state,
                done_at,
                due,
            } => Evidence::Readiness {
                item,
                title,
                state,
                done_at,
                due,
            },
            CoreEvidence::Review { due, as_of } => Evidence::Review { due, as_of },
            CoreEvidence::Waiver {
                waiver,
                granted_by,
                granted_at,
                expires,
            } => Evidence::Waiver {
                waiver: waiver.0,
                granted_by,
                granted_at,
                expires,
            },
        }
    }
}

/// One deployment a conflict names, with the names a person reads: its
/// release, service and environment, and when it runs (RFC 3339 UTC; the UI
/// writes it in the plan's zone). The ids stay beside the names so that the
/// UI can offer them on demand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConflictSubject {
    pub deployment: String,
    pub release: String,
    pub release_name: String,
    pub service: String,
    pub service_name: String,
    pub environment: String,
    pub environment_name: String,
    pub start: String,
    pub end: String,
}

/// A conflict as the UI shows it: the core's conflict (the spec's report
/// shape) plus its rule's title and its deployments by name. Called
/// `Conflict` in TypeScript.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "Conflict")]
pub struct ConflictView {
    pub title: String,
    pub rule: Rule,
    pub severity: Severity,
    pub deployments: Vec<String>,
    pub releases: Vec<String>,
    pub services: Vec<String>,
    pub environment: Option<String>,
    pub window: Option<String>,
    pub team: Option<String>,
    pub message: String,
    /// What the conflict rests on, each item tagged by `kind`.
    pub evidence: Vec<Evidence>,
    /// The holds and bookings the conflict is about (release governance),
    /// sent only when there are some, as the core's report does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub holds: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub bookings: Option<Vec<String>>,
    /// The deployments of `deployments` that the plan holds, in that order,
    /// with their names and times.
    pub subjects: Vec<ConflictSubject>,
}

impl ConflictView {
    /// The core's conflict with its subjects (see `service/conflict_views.rs`
    /// for where they are looked up).
    pub fn with_subjects(c: trainyard_core::Conflict, subjects: Vec<ConflictSubject>) -> Self {
        ConflictView {
            title: c.rule.title().to_owned(),
            rule: c.rule.into(),
            severity: c.severity.into(),
            deployments: c.deployments.into_iter().map(|d| d.0).collect(),
            releases: c.releases.into_iter().map(|d| d.0).collect(),
            services: c.services.into_iter().map(|d| d.0).collect(),
            environment: c.environment.map(|e| e.0),
            window: c.window.map(|e| e.0),
            team: c.team.map(|e| e.0),
            message: c.message,
            evidence: c.evidence.into_iter().map(Evidence::from).collect(),
            holds: (!c.holds.is_empty()).then(|| c.holds.into_iter().map(|h| h.0).collect()),
            bookings: (!c.bookings.is_empty())
                .then(|| c.bookings.into_iter().map(|b| b.0).collect()),
            subjects,
        }
    }
}

/// What a deployment would break if it were moved: the answer to one drag frame.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MovePreview {
    pub id: String,
    pub severity: Option<Severity>,
    pub conflicts: Vec<ConflictView>,
    /// Plan-wide counts if the move were made.
    pub counts: Counts,
}

/// What a drop changed: everything the calendar redraws from, so a drop is
/// one call. On the wire the summary's fields sit at the top level beside
/// the others.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CommittedMove {
    #[serde(flatten)]
    pub summary: PlanSummary,
    /// The moved deployment where it is now, coloured by its conflicts.
    pub moved: DeploymentBar,
    /// Every other deployment whose colour (worst severity) changed.
    pub recoloured: Vec<DeploymentBar>,
}

/// A committed move is a plan summary plus what changed.
impl std::ops::Deref for CommittedMove {
    type Target = PlanSummary;

    fn deref(&self) -> &PlanSummary {
        &self.summary
    }
}
