//! The one error type that crosses IPC: `{code, message, problems?}`.
//!
//! The UI branches on `code` (stable, snake_case), never on `message` (lowercase
//! prose that may change wording). Store errors keep their own codes.
//! `problems` lists field-level problems for `invalid_entity` (fields relative
//! to the entity being edited) and `invalid_plan` (JSON paths of an imported
//! file); it is left out of the JSON when empty.

use serde::{Deserialize, Serialize};
use trainyard_core::engine::EngineError;
use trainyard_store::StoreError;
use ts_rs::TS;

/// A problem at a field: `version`, `unavailable[0].end`, `scope.services[1]`,
/// or "" for the entity as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

impl FieldProblem {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldProblem {
            field: field.into(),
            message: message.into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[serde(rename_all = "camelCase")]
#[error("{message}")]
pub struct AppError {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<FieldProblem>>", optional)]
    pub problems: Vec<FieldProblem>,
}

impl AppError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        AppError {
            code: code.to_owned(),
            message: message.into(),
            problems: vec![],
        }
    }

    /// An error with field problems; the message summarises them.
    pub fn with_problems(
        code: &str,
        message: impl Into<String>,
        problems: Vec<FieldProblem>,
    ) -> Self {
        AppError {
            code: code.to_owned(),
            message: message.into(),
            problems,
        }
    }

    /// An entity that cannot be saved as given (code `invalid_entity`).
    pub fn invalid_entity(what: &str, problems: Vec<FieldProblem>) -> Self {
        let message = match problems.as_slice() {
            [one] if one.field.is_empty() => format!("{what} cannot be saved: {}", one.message),
            [one] => format!("{what} cannot be saved: {}: {}", one.field, one.message),
            many => format!("{what} cannot be saved: {} problems", many.len()),
        };
        AppError::with_problems("invalid_entity", message, problems)
    }

    /// No plan is open (the UI asked before `open_*` succeeded).
    pub fn no_plan() -> Self {
        AppError::new("no_plan", "no plan is open")
    }

    /// Input from the UI that does not make sense (a malformed time, an unknown id).
    pub fn invalid_input(message: impl Into<String>) -> Self {
        AppError::new("invalid_input", message)
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        let problems = match &e {
            StoreError::Invalid(p) => p
                .problems()
                .into_iter()
                .map(|p| FieldProblem::new(p.path, p.message))
                .collect(),
            _ => vec![],
        };
        AppError::with_problems(e.code(), e.to_string(), problems)
    }
}

impl From<EngineError> for AppError {
    fn from(e: EngineError) -> Self {
        AppError::invalid_input(e.to_string())
    }
}

impl From<std::io::Error> for AppError {
    fn from(e: std::io::Error) -> Self {
        AppError::new("io", e.to_string())
    }
}
