//! The one error type that crosses IPC: `{code, message, problems?}`.
//!
//! The UI branches on `code` (an [`ErrorCode`]: stable snake_case strings on
//! the wire, a string-literal union in TypeScript), never on `message`
//! (lowercase prose that may change wording). Store errors keep their own
//! codes.
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

/// What went wrong, for the UI to branch on. The store's codes
/// (`StoreError::code`) come first, then the app's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// SQLite failed in a way no other code covers.
    Sqlite,
    /// Another program holds the plan file's write lock.
    Busy,
    /// A plan (imported, or after an edit) breaks the format's rules.
    InvalidPlan,
    /// The plan file changed since it was loaded.
    Stale,
    NewerSchema,
    OlderSchema,
    NotATrainyardFile,
    /// The plan file is damaged.
    Corrupt,
    NotFound,
    Exists,
    /// The plan file or its folder cannot be written: it is open for reading.
    ReadOnly,
    NothingToUndo,
    NothingToRedo,
    Io,
    /// The team plan's server cannot be reached (or the connection was
    /// lost); the next call connects again.
    Unreachable,
    /// The server refused the login: ask for the password (again).
    LoginRefused,
    /// The database login's role may not make this change.
    PermissionDenied,
    /// The database has no team schema (`trainyard team init`).
    NotInitialised,
    /// A team plan address that cannot be read.
    BadAddress,
    /// The server failed in a way no other code covers.
    Server,
    /// An entity that cannot be saved as given; `problems` say where.
    InvalidEntity,
    /// No plan is open yet.
    NoPlan,
    /// Input from the UI that does not make sense.
    InvalidInput,
    /// No free slot within the search horizon.
    NoSlot,
    /// A report (PDF, ICS, CSV) could not be made.
    Report,
    /// A file the app may not hand to the desktop.
    NotAllowed,
    /// The window or a native dialog failed.
    Window,
    /// A calendar file that cannot be imported; `problems` name its lines.
    InvalidCalendar,
    /// An import would change the kind of windows imported earlier
    /// (blackout ↔ maintenance) and was not confirmed.
    KindChange,
    /// A bug: something the app's own logic should rule out.
    Internal,
}

impl ErrorCode {
    /// The wire form, e.g. `"stale"`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Sqlite => "sqlite",
            ErrorCode::Busy => "busy",
            ErrorCode::InvalidPlan => "invalid_plan",
            ErrorCode::Stale => "stale",
            ErrorCode::NewerSchema => "newer_schema",
            ErrorCode::OlderSchema => "older_schema",
            ErrorCode::NotATrainyardFile => "not_a_trainyard_file",
            ErrorCode::Corrupt => "corrupt",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Exists => "exists",
            ErrorCode::ReadOnly => "read_only",
            ErrorCode::NothingToUndo => "nothing_to_undo",
            ErrorCode::NothingToRedo => "nothing_to_redo",
            ErrorCode::Io => "io",
            ErrorCode::Unreachable => "unreachable",
            ErrorCode::LoginRefused => "login_refused",
            ErrorCode::PermissionDenied => "permission_denied",
            ErrorCode::NotInitialised => "not_initialised",
            ErrorCode::BadAddress => "bad_address",
            ErrorCode::Server => "server",
            ErrorCode::InvalidEntity => "invalid_entity",
            ErrorCode::NoPlan => "no_plan",
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::NoSlot => "no_slot",
            ErrorCode::Report => "report",
            ErrorCode::NotAllowed => "not_allowed",
            ErrorCode::Window => "window",
            ErrorCode::InvalidCalendar => "invalid_calendar",
            ErrorCode::KindChange => "kind_change",
            ErrorCode::Internal => "internal",
        }
    }
}

impl From<&StoreError> for ErrorCode {
    /// The store's own code (`StoreError::code`), read as the variant that
    /// serialises to it: one table of store codes, not two to keep in step.
    fn from(e: &StoreError) -> Self {
        serde_json::from_value(serde_json::Value::from(e.code())).unwrap_or(ErrorCode::Internal)
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Lets callers compare with the wire form: `e.code == "stale"`.
impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for ErrorCode {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[serde(rename_all = "camelCase")]
#[error("{message}")]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<FieldProblem>>", optional)]
    pub problems: Vec<FieldProblem>,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        AppError {
            code,
            message: message.into(),
            problems: vec![],
        }
    }

    /// An error with field problems; the message summarises them.
    pub fn with_problems(
        code: ErrorCode,
        message: impl Into<String>,
        problems: Vec<FieldProblem>,
    ) -> Self {
        AppError {
            code,
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
        AppError::with_problems(ErrorCode::InvalidEntity, message, problems)
    }

    /// No plan is open (the UI asked before `open_*` succeeded).
    pub fn no_plan() -> Self {
        AppError::new(ErrorCode::NoPlan, "no plan is open")
    }

    /// Input from the UI that does not make sense (a malformed time, an unknown id).
    pub fn invalid_input(message: impl Into<String>) -> Self {
        AppError::new(ErrorCode::InvalidInput, message)
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
        AppError::with_problems(ErrorCode::from(&e), e.to_string(), problems)
    }
}

impl From<EngineError> for AppError {
    fn from(e: EngineError) -> Self {
        AppError::invalid_input(e.to_string())
    }
}

impl From<std::io::Error> for AppError {
    fn from(e: std::io::Error) -> Self {
        AppError::new(ErrorCode::Io, e.to_string())
    }
}
