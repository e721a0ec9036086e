//! The conflict engine: every rule of `docs/conflict-rules.md`, evaluated with sorted
//! structures (sweeps and binary searches, never all pairs), grouped so that
//! moving one deployment re-evaluates only the groups it can affect.
//!
//! Conflicts are grouped by the smallest part of the plan that decides them
//! (`GroupKey`): a (service, environment) lane for `overlap`, one deployment
//! for `blackout`/`outside-window`/`team-unavailable` and the governance rules
//! that read one deployment (`on-hold`, `not-ready`, `booking-conflict`), a
//! (release, environment) for the release rules, a (release, service) for
//! `promotion-order`, one environment for `concurrency` and for bookings that
//! clash with each other, one release for `review-overdue`. A move invalidates a handful of groups; the
//! rest of the report is kept. `concurrency` is re-swept only around the old and
//! new intervals of the moved deployment (see `Checker::recheck_concurrency`).
//!
//! Everything the rules read per deployment (service, environment, release,
//! start, end) is copied into dense arrays once, so that rules and sweeps index
//! vectors instead of hashing ids or chasing the plan's strings.
//!
//! One file per part: `index` (and its `build` and `horizon`) is the view of
//! the plan the rules read; `groups` names the groups; `full_check` evaluates
//! them all; `incremental` re-evaluates after a move; `counts` keeps the
//! (errors, warnings) tally; `order` is the report order; `rules` evaluates one
//! group; `report`, `suggest` and `human` are the report's shape, suggest and
//! gate, and the times in messages.

mod counts;
mod full_check;
mod groups;
mod human;
mod incremental;
mod index;
mod key;
mod order;
pub mod report;
mod rules;
pub mod suggest;

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::fxhash::FxHashMap as HashMap;
use crate::plan::Plan;

use counts::Tally;
pub use full_check::{check, check_as_of};
pub(crate) use groups::GroupKey;
pub(crate) use index::Index;
pub(crate) use key::{Key, Nanos};
pub(crate) use order::sort_and_dedup;
pub use report::{Conflict, Evidence, Report, Rule, Severity};
pub use suggest::{
    gate, GatePolicyKind, GateReason, GateReasonKind, GateRequest, GateResult, Suggestion,
};

/// Invalid input to the engine (an id that is not in the plan, an empty interval).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EngineError {
    #[error("there is no deployment {0:?} in the plan")]
    UnknownDeployment(String),
    #[error("there is no environment {0:?} in the plan")]
    UnknownEnvironment(String),
    #[error("there is no service {0:?} in the plan")]
    UnknownService(String),
    #[error("there is no release {0:?} in the plan")]
    UnknownRelease(String),
    #[error("a deployment must end after it starts")]
    EmptyInterval,
    #[error("a deployment with id {0:?} already exists")]
    DuplicateDeployment(String),
}

/// A plan with its conflicts, able to re-check cheaply after a deployment moves.
#[derive(Debug, Clone)]
pub struct Checker<'p> {
    plan: Cow<'p, Plan>,
    idx: Index,
    /// Conflicts by group, `concurrency` ones aside.
    groups: HashMap<GroupKey, Vec<Conflict>>,
    /// Per environment: its `concurrency` conflicts by the start of their
    /// interval, with its end (the intervals are disjoint). A move replaces the
    /// few around it; an environment can have thousands.
    concurrency: Vec<BTreeMap<Nanos, (Nanos, Conflict)>>,
    /// (errors, warnings) over `groups` and `concurrency`, kept in step with
    /// every change to them, so a drag frame's counts cost nothing.
    tally: Tally,
}
