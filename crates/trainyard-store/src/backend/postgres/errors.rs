//! What a server's refusal or a lost connection means for the store.

use std::path::Path;

use postgres::error::SqlState;

use crate::error::StoreError;

/// Turns a client error into the store's error for the plan at `location`.
pub(crate) fn classify(location: &Path, e: postgres::Error) -> StoreError {
    let path = location.to_owned();
    let Some(db) = e.as_db_error() else {
        // No answer from the server: it is gone, or was never reached.
        let reason = match std::error::Error::source(&e) {
            Some(source) => format!("{e}: {source}"),
            None => e.to_string(),
        };
        return StoreError::Unreachable { path, reason };
    };
    let message = db.message().to_owned();
    let code = db.code();
    if *code == SqlState::INSUFFICIENT_PRIVILEGE {
        StoreError::PermissionDenied {
            path,
            reason: message,
        }
    } else if *code == SqlState::INVALID_PASSWORD
        || *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION
    {
        StoreError::LoginRefused {
            path,
            reason: message,
        }
    } else if *code == SqlState::LOCK_NOT_AVAILABLE
        || *code == SqlState::QUERY_CANCELED
        || *code == SqlState::T_R_SERIALIZATION_FAILURE
        || *code == SqlState::T_R_DEADLOCK_DETECTED
    {
        StoreError::Busy { path }
    } else if code.code().starts_with("08")
        || code.code().starts_with("57P")
        || *code == SqlState::TOO_MANY_CONNECTIONS
        || *code == SqlState::INVALID_CATALOG_NAME
    {
        StoreError::Unreachable {
            path,
            reason: message,
        }
    } else if *code == SqlState::UNDEFINED_TABLE
        || *code == SqlState::INVALID_SCHEMA_NAME
        || *code == SqlState::UNDEFINED_OBJECT && message.contains("trainyard_")
    {
        StoreError::NotInitialised { path }
    } else {
        StoreError::Server {
            path,
            reason: format!("{message} ({})", code.code()),
        }
    }
}

/// `.at(location)` turns a client result into a store result naming the plan.
pub(crate) trait PgResultExt<T> {
    fn at(self, location: &Path) -> Result<T, StoreError>;
}

impl<T> PgResultExt<T> for Result<T, postgres::Error> {
    fn at(self, location: &Path) -> Result<T, StoreError> {
        self.map_err(|e| classify(location, e))
    }
}
