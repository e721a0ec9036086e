//! The Trainyard domain: the release plan, its validation and JSON form, window
//! expansion, the conflict engine, suggestions, the deploy gate, risk scores
//! and delivery metrics.
//!
//! This crate does no IO: it takes values and returns values. Conflicts are data
//! returned by pure functions; `Err` is only for invalid input.

pub mod demo;
pub mod edit;
pub mod engine;
pub mod format;
pub(crate) mod fxhash;
pub mod graph;
pub mod metrics;
pub mod plan;
pub mod reference;
pub mod risk;
pub mod rrule;
pub mod time;
pub mod windows;

pub use engine::report::{Conflict, Evidence, Report, Rule, Severity};
pub use engine::{check, check_as_of, Checker};
pub use format::{parse_plan, plan_to_json, PlanError, Problem};
pub use plan::*;
