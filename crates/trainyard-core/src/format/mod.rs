//! The JSON plan format, version 1: strict parsing with every problem listed at
//! once (each with its JSON path and entity id), and canonical export.
//!
//! Parsing happens in two steps: the text becomes a [`Json`] tree that keeps
//! duplicate keys and tells integers from floats (serde_json's `Value` does
//! neither), then a validator walks the tree and builds the typed [`Plan`].
//! Nothing is accepted half-way: any problem rejects the whole plan.
//!
//! The tree borrows its strings from the text (only strings with escapes are
//! copied), and the validator writes a problem's JSON path only when there is
//! a problem: reading a valid plan allocates little more than the plan itself.
//!
//! The format itself is described in `docs/plan-format.md`. One file per step:
//! `json` (text → tree), `fields` (paths and the keys each object may have),
//! `validator` (field readers), `entities` (the plan and each entity's rules),
//! `governance` (release governance: templates, holds, bookings, waivers and a
//! release's checklist, decision and review), `export` (plan → canonical
//! JSON; `export_governance` for the governance parts); `problem` is what a
//! rejection reports.

mod entities;
mod export;
mod export_governance;
mod fields;
mod governance;
mod json;
mod keyword;
mod kind;
mod problem;
mod validator;

pub use export::*;
pub use export_governance::*;
pub use json::Json;
pub use kind::EntityKind;
pub use problem::{shorten_plain, shorten_quoted, PlanError, Problem, MAX_ECHOED_CHARS};
pub(crate) use validator::Validator;
pub use validator::MAX_ID_CHARS;

use crate::plan::Plan;

/// Parses and validates a plan in the JSON format.
pub fn parse_plan(text: &str) -> Result<Plan, PlanError> {
    let tree = Json::parse(text)?;
    plan_from_json(&tree)
}

/// Validates a parsed JSON tree as a plan.
pub fn plan_from_json(tree: &Json<'_>) -> Result<Plan, PlanError> {
    let mut v = Validator::default();
    let plan = v.plan(tree);
    match plan {
        Some(p) if v.problems.is_empty() => Ok(p),
        _ => Err(PlanError::Invalid(v.problems)),
    }
}
