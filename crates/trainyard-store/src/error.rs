//! One error type for everything the store does. Each variant has a stable
//! `code()` so the desktop app can send `{code, message}` and the UI can branch
//! on the code, never on message text. Messages are lowercase and name the file.

use std::path::{Path, PathBuf};

use trainyard_core::PlanError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite failed in a way not covered by a more specific variant.
    #[error("database error in {path}: {source}")]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },

    /// Another program holds the file's write lock for longer than the busy timeout.
    #[error("{path} is locked by another program; try again in a moment")]
    Busy { path: PathBuf },

    /// The edit (or the plan being imported) breaks the plan format's rules.
    /// Nothing was written and the in-memory plan is unchanged.
    #[error("{0}")]
    Invalid(#[from] PlanError),

    /// The file's revision is not the one the edit was made against.
    #[error("the plan changed since you loaded it (revision {actual}, you edited revision {expected}); reload and try again")]
    Stale { expected: u64, actual: u64 },

    #[error("{path}: this plan was saved by a newer Trainyard (schema {found}, this program reads up to {supported})")]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },

    /// A read-only open of a file whose schema needs upgrading first.
    #[error("{path}: this plan was saved by an older Trainyard (schema {found}, this program uses {current}); open it in Trainyard once to upgrade it")]
    OlderSchema {
        path: PathBuf,
        found: i64,
        current: i64,
    },

    #[error("{path} is not a trainyard plan file ({reason})")]
    NotATrainyardFile { path: PathBuf, reason: String },

    /// The file is a Trainyard store but its contents do not make sense: a
    /// stored entity that no longer validates, a broken undo entry, ...
    #[error("{path} is damaged: {reason}")]
    Corrupt { path: PathBuf, reason: String },

    #[error("{path} does not exist")]
    NotFound { path: PathBuf },

    #[error("{path} already exists; choose another name or ask to replace it")]
    Exists { path: PathBuf },

    /// The file or its folder cannot be written: the store was opened, or
    /// can only be opened, for reading.
    #[error("{path} cannot be written (the file or its folder is read-only); save a copy elsewhere to edit the plan")]
    ReadOnly { path: PathBuf },

    #[error("there is nothing to undo")]
    NothingToUndo,

    #[error("there is nothing to redo")]
    NothingToRedo,

    /// The team plan's server cannot be reached, or the connection was lost.
    #[error("cannot reach the server of {path}: {reason}")]
    Unreachable { path: PathBuf, reason: String },

    /// The server refused the login (wrong password, no such login).
    #[error("the server of {path} refused the login: {reason}")]
    LoginRefused { path: PathBuf, reason: String },

    /// The server refused the change: the login's role does not allow it.
    #[error("not allowed on {path}: {reason}")]
    PermissionDenied { path: PathBuf, reason: String },

    /// A team database whose schema an older Trainyard made.
    #[error("{path}: the team schema is version {found} and this program uses {current}; an administrator upgrades it with `trainyard team init`")]
    TeamSchemaOlder {
        path: PathBuf,
        found: i64,
        current: i64,
    },

    /// The database has no team schema yet.
    #[error("{path}: the database has no trainyard team schema; an administrator creates it with `trainyard team init`")]
    NotInitialised { path: PathBuf },

    /// A team plan address that cannot be read.
    #[error("{0}")]
    BadAddress(String),

    /// The server failed in a way not covered by a more specific variant.
    #[error("server error on {path}: {reason}")]
    Server { path: PathBuf, reason: String },

    #[error("cannot access {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl StoreError {
    /// A stable machine-readable code, e.g. `"stale"` or `"invalid_plan"`.
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::Sqlite { .. } => "sqlite",
            StoreError::Busy { .. } => "busy",
            StoreError::Invalid(_) => "invalid_plan",
            StoreError::Stale { .. } => "stale",
            StoreError::NewerSchema { .. } => "newer_schema",
            StoreError::OlderSchema { .. } => "older_schema",
            StoreError::NotATrainyardFile { .. } => "not_a_trainyard_file",
            StoreError::Corrupt { .. } => "corrupt",
            StoreError::NotFound { .. } => "not_found",
            StoreError::Exists { .. } => "exists",
            StoreError::ReadOnly { .. } => "read_only",
            StoreError::NothingToUndo => "nothing_to_undo",
            StoreError::NothingToRedo => "nothing_to_redo",
            StoreError::Io { .. } => "io",
            StoreError::Unreachable { .. } => "unreachable",
            StoreError::LoginRefused { .. } => "login_refused",
            StoreError::PermissionDenied { .. } => "permission_denied",
            StoreError::NotInitialised { .. } => "not_initialised",
            StoreError::TeamSchemaOlder { .. } => "older_schema",
            StoreError::BadAddress(_) => "bad_address",
            StoreError::Server { .. } => "server",
        }
    }

    pub(crate) fn corrupt(path: &Path, reason: impl Into<String>) -> StoreError {
        StoreError::Corrupt {
            path: path.to_owned(),
            reason: reason.into(),
        }
    }

    pub(crate) fn io(path: &Path, source: std::io::Error) -> StoreError {
        if source.kind() == std::io::ErrorKind::NotFound {
            return StoreError::NotFound {
                path: path.to_owned(),
            };
        }
        StoreError::Io {
            path: path.to_owned(),
            source,
        }
    }

    /// Classifies a SQLite error on the file at `path`.
    pub(crate) fn sqlite(path: &Path, source: rusqlite::Error) -> StoreError {
        use rusqlite::ErrorCode;
        let path = path.to_owned();
        match source.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy { path },
            Some(ErrorCode::NotADatabase) => StoreError::NotATrainyardFile {
                path,
                reason: "not an sqlite database".into(),
            },
            Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
                path,
                reason: source.to_string(),
            },
            _ => StoreError::Sqlite { path, source },
        }
    }
}

/// Serialises as `{"code": ..., "message": ...}`, the shape the desktop app
/// sends to its UI.
impl serde::Serialize for StoreError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("StoreError", 2)?;
        st.serialize_field("code", self.code())?;
        st.serialize_field("message", &self.to_string())?;
        st.end()
    }
}

/// `.at(path)` turns a rusqlite result into a store result naming the file.
pub(crate) trait SqlResultExt<T> {
    fn at(self, path: &Path) -> Result<T, StoreError>;
}

impl<T> SqlResultExt<T> for rusqlite::Result<T> {
    fn at(self, path: &Path) -> Result<T, StoreError> {
        self.map_err(|e| StoreError::sqlite(path, e))
    }
}
