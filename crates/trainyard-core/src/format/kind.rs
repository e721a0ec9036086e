//! The kinds of entity a plan lists, and the key of each list.

use serde::Serialize;

/// The declaration order is the plan's list order; kinds added after the
/// first seven (release governance) come last, so stored positions and
/// digests of older plans stay what they were.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
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
    Waiver,
}

impl EntityKind {
    /// How many kinds there are (the length of per-kind arrays).
    pub const COUNT: usize = 11;

    pub const ALL: [EntityKind; EntityKind::COUNT] = [
        EntityKind::Environment,
        EntityKind::Team,
        EntityKind::Service,
        EntityKind::Train,
        EntityKind::Window,
        EntityKind::Release,
        EntityKind::Deployment,
        EntityKind::ReadinessTemplate,
        EntityKind::Hold,
        EntityKind::Booking,
        EntityKind::Waiver,
    ];

    /// Whether the kind belongs to release governance (added after format
    /// version 1's first kinds): its list is left out of an export when empty.
    pub fn is_governance(self) -> bool {
        self >= EntityKind::ReadinessTemplate
    }

    /// The plan's key for this list (`deployments`).
    pub fn list_key(self) -> &'static str {
        match self {
            EntityKind::Environment => "environments",
            EntityKind::Team => "teams",
            EntityKind::Service => "services",
            EntityKind::Train => "trains",
            EntityKind::Window => "windows",
            EntityKind::Release => "releases",
            EntityKind::Deployment => "deployments",
            EntityKind::ReadinessTemplate => "readiness_templates",
            EntityKind::Hold => "holds",
            EntityKind::Booking => "bookings",
            EntityKind::Waiver => "waivers",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Environment => "environment",
            EntityKind::Team => "team",
            EntityKind::Service => "service",
            EntityKind::Train => "train",
            EntityKind::Window => "window",
            EntityKind::Release => "release",
            EntityKind::Deployment => "deployment",
            EntityKind::ReadinessTemplate => "readiness_template",
            EntityKind::Hold => "hold",
            EntityKind::Booking => "booking",
            EntityKind::Waiver => "waiver",
        }
    }
}
