//! The kinds of entity a plan lists, and the key of each list.

use serde::Serialize;

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
}

impl EntityKind {
    pub const ALL: [EntityKind; 7] = [
        EntityKind::Environment,
        EntityKind::Team,
        EntityKind::Service,
        EntityKind::Train,
        EntityKind::Window,
        EntityKind::Release,
        EntityKind::Deployment,
    ];

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
        }
    }
}
