//! The one error type that crosses IPC: `{code, message}`.
//!
//! The UI branches on `code` (stable, snake_case), never on `message` (lowercase
//! prose that may change wording). Store errors keep their own codes.

use serde::Serialize;
use trainyard_core::engine::EngineError;
use trainyard_store::StoreError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    pub code: String,
    pub message: String,
}

impl AppError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        AppError {
            code: code.to_owned(),
            message: message.into(),
        }
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
        AppError::new(e.code(), e.to_string())
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
