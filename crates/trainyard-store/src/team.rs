//! Team plans: stores on a PostgreSQL server, and the commands about the
//! server itself (`team init`, `team grant`), the copies between a file and
//! a server, and the listener that hears other users' edits.

use std::path::{Path, PathBuf};
use std::time::Duration;

use trainyard_core::Plan;

use crate::address::TeamAddress;
use crate::audit::{self, AuditVerification};
use crate::backend::postgres::errors::PgResultExt;
use crate::backend::postgres::{self as pg, schema, PostgresBackend, TeamAccess};
use crate::backend::{in_transaction, read_contents, write_contents, Backend, TxKind};
use crate::create::{create_file_from, write_initial};
use crate::document::Document;
use crate::error::StoreError;
use crate::plan_state::PlanState;
use crate::store::{snapshot_of, DocumentStore, StoreOptions, StoreSnapshot};

/// Where a plan lives: a file, or a plan on a team server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanLocation {
    File(PathBuf),
    Team(TeamAddress),
}

impl PlanLocation {
    /// A `postgres://` address is a team plan; anything else a file path.
    pub fn parse(text: &str) -> Result<PlanLocation, StoreError> {
        if crate::address::is_team_address(text) {
            let a = TeamAddress::parse(text).map_err(|e| StoreError::BadAddress(e.0))?;
            a.plan_name().map_err(|e| StoreError::BadAddress(e.0))?;
            Ok(PlanLocation::Team(a))
        } else {
            Ok(PlanLocation::File(PathBuf::from(text)))
        }
    }
}

impl std::fmt::Display for PlanLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlanLocation::File(p) => write!(f, "{}", p.display()),
            PlanLocation::Team(a) => write!(f, "{a}"),
        }
    }
}

fn location_of(address: &TeamAddress) -> PathBuf {
    PathBuf::from(address.to_string())
}

/// What `team init` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamInit {
    /// The schema version found (0: none).
    pub from: i64,
    pub to: i64,
}

/// Creates or upgrades the team schema and the four group roles, in one
/// transaction. Needs a login that may create roles and schemas.
pub fn team_init(address: &TeamAddress) -> Result<TeamInit, StoreError> {
    let location = location_of(address);
    let mut client = pg::connect(address, &location)?;
    let mut tx = client.transaction().at(&location)?;
    tx.batch_execute(schema::PRELUDE).at(&location)?;
    tx.batch_execute("LOCK TABLE trainyard.schema_version IN EXCLUSIVE MODE")
        .at(&location)?;
    let found: i64 = tx
        .query_opt("SELECT version FROM trainyard.schema_version", &[])
        .at(&location)?
        .map_or(0, |r| i64::from(r.get::<_, i32>(0)));
    let current = schema::TEAM_SCHEMA_VERSION;
    if found > current {
        return Err(StoreError::NewerSchema {
            path: location,
            found,
            supported: current,
        });
    }
    for step in &schema::MIGRATIONS[found as usize..] {
        tx.batch_execute(step).at(&location)?;
    }
    let version = current as i32;
    tx.execute(
        "INSERT INTO trainyard.schema_version (singleton, version) VALUES (1, $1)
         ON CONFLICT (singleton) DO UPDATE SET version = EXCLUDED.version",
        &[&version],
    )
    .at(&location)?;
    tx.commit().at(&location)?;
    Ok(TeamInit {
        from: found,
        to: current,
    })
}

/// The roles `team grant` knows, by their short names.
pub fn team_roles() -> impl Iterator<Item = &'static str> {
    schema::ROLES.iter().map(|(short, _)| *short)
}

/// Grants `role` (`coordinator`, `cab`, `pipeline` or `viewer`) to an
/// existing login.
pub fn team_grant(address: &TeamAddress, login: &str, role: &str) -> Result<(), StoreError> {
    let location = location_of(address);
    let Some((_, group)) = schema::ROLES.iter().find(|(short, _)| *short == role) else {
        return Err(StoreError::BadAddress(format!(
            "unknown role {role:?}: use coordinator, cab, pipeline or viewer"
        )));
    };
    let mut client = pg::connect(address, &location)?;
    pg::check_schema(&mut client, &location)?;
    let exists = client
        .query_opt("SELECT 1 FROM pg_roles WHERE rolname = $1", &[&login])
        .at(&location)?
        .is_some();
    if !exists {
        return Err(StoreError::Server {
            path: location,
            reason: format!(
                "there is no database login {login:?}; create it first (CREATE ROLE ... LOGIN)"
            ),
        });
    }
    let quoted = format!("\"{}\"", login.replace('"', "\"\""));
    client
        .batch_execute(&format!("GRANT {group} TO {quoted}"))
        .at(&location)
}

/// The login and roles `address` connects with.
pub fn team_access(address: &TeamAddress) -> Result<TeamAccess, StoreError> {
    let location = location_of(address);
    let mut client = pg::connect(address, &location)?;
    pg::check_schema(&mut client, &location)?;
    pg::access(&mut client, &location)
}

impl<D: Document> DocumentStore<D> {
    /// Opens the team plan at `address` for editing (or, for a viewer, for
    /// reading). The audit trail names the database login, whatever
    /// `StoreOptions::user` says.
    pub fn open_team(address: &TeamAddress) -> Result<Self, StoreError> {
        let backend = PostgresBackend::open(address, false)?;
        let access = backend.access().clone();
        let read_only = !access.may_write();
        Self::from_backend(Box::new(backend), access.login, read_only)
    }

    /// Opens a plan wherever it is.
    pub fn open_location(location: &PlanLocation, opts: StoreOptions) -> Result<Self, StoreError> {
        match location {
            PlanLocation::File(p) => Self::open(p, opts),
            PlanLocation::Team(a) => Self::open_team(a),
        }
    }

    /// Publishes `plan` as a new team plan at `address` (its first audit
    /// entry, "import", by the login).
    pub fn create_team(address: &TeamAddress, plan: &Plan) -> Result<Self, StoreError> {
        let mut backend = PostgresBackend::open(address, true)?;
        let login = backend.access().login.clone();
        in_transaction(&mut backend, TxKind::Write, |b| {
            write_initial(b, plan, &login)
        })?;
        drop(backend);
        Self::open_team(address)
    }

    /// The login and roles of a team plan's store; `None` for a file.
    pub fn team_access(&self) -> Option<TeamAccess> {
        self.lock_backend().team_access()
    }
}

/// Publishes the plan file at `path` as a new team plan at `address`, with
/// its undo history and audit trail (verified first, and copied row for row
/// so every hash still holds), then one more entry, "publish", by the login.
pub fn publish_file(path: &Path, address: &TeamAddress) -> Result<u64, StoreError> {
    let contents = {
        let source = crate::Store::open_read_only_document(path, StoreOptions::default())?;
        let verified = source.verify_audit()?;
        if !verified.ok {
            return Err(StoreError::corrupt(
                path,
                format!(
                    "its audit trail does not verify ({}); it is not published",
                    verified.problem.unwrap_or_default()
                ),
            ));
        }
        let mut b = source.lock_backend();
        read_contents(&mut **b)?
    };
    let mut backend = PostgresBackend::open(address, true)?;
    let login = backend.access().login.clone();
    in_transaction(&mut backend, TxKind::Write, |b| {
        write_contents(b, &contents)?;
        append_marker(b, &login, "publish")
    })
}

/// Appends an entry with no changes (a copy's "publish"), bound to the
/// unchanged plan; returns the new revision.
fn append_marker(b: &mut dyn Backend, user: &str, action: &str) -> Result<u64, StoreError> {
    let location = b.location().to_owned();
    let meta = b
        .meta()?
        .ok_or_else(|| StoreError::corrupt(&location, "the plan's metadata is missing"))?;
    let state = match meta.plan_state.as_deref().and_then(PlanState::from_text) {
        Some(s) => s,
        None => PlanState::from_rows(b)?.map_err(|why| StoreError::corrupt(&location, why))?,
    };
    let (seq, hash) = audit::append(b, user, action, "[]", &state.hash())?;
    b.finish_edit(seq, &hash, &state.to_text())?;
    Ok(seq)
}

/// Copies the team plan at `address` (plan, history, audit trail) to a new
/// plan file at `path`, replacing one there only if `replace`.
pub fn copy_team_to_file(
    address: &TeamAddress,
    path: &Path,
    replace: bool,
) -> Result<(), StoreError> {
    let mut backend = PostgresBackend::open(address, false)?;
    let contents = read_contents(&mut backend)?;
    create_file_from(path, &contents, replace)
}

/// Copies the plan file at `from` (plan, history, audit trail, row for row)
/// to a new file at `to`, reading `from` without writing to it.
pub fn copy_file(from: &Path, to: &Path) -> Result<(), StoreError> {
    let source = crate::Store::open_read_only_document(from, StoreOptions::default())?;
    let contents = read_contents(&mut **source.lock_backend())?;
    create_file_from(to, &contents, false)
}

/// The plan with its revision and audit head, from one read.
pub fn team_snapshot(address: &TeamAddress) -> Result<StoreSnapshot, StoreError> {
    let mut backend = PostgresBackend::open(address, false)?;
    snapshot_of(&mut backend)
}

/// Walks the audit chain of a team plan on its server.
pub fn verify_audit_team(address: &TeamAddress) -> Result<AuditVerification, StoreError> {
    let mut backend = PostgresBackend::open(address, false)?;
    in_transaction(&mut backend, TxKind::Read, audit::verify)
}

/// A new revision of a team plan, announced by the server.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
pub struct TeamNotice {
    pub plan: String,
    pub revision: u64,
    /// The database login that made the edit.
    pub user: String,
}

/// A connection that hears every new revision of the team plans of one
/// database.
pub struct TeamListener {
    client: postgres::Client,
    location: PathBuf,
}

impl TeamListener {
    pub fn connect(address: &TeamAddress) -> Result<TeamListener, StoreError> {
        let location = location_of(address);
        let mut client = pg::connect(address, &location)?;
        client
            .batch_execute(&format!("LISTEN {}", schema::CHANNEL))
            .at(&location)?;
        Ok(TeamListener { client, location })
    }

    /// Waits up to `timeout` for the next notice. `Ok(None)`: nothing came.
    /// An error means the connection is gone; connect again.
    pub fn next(&mut self, timeout: Duration) -> Result<Option<TeamNotice>, StoreError> {
        use postgres::fallible_iterator::FallibleIterator;
        let next = self.client.notifications().timeout_iter(timeout).next();
        match next {
            Ok(Some(n)) => Ok(serde_json::from_str(n.payload()).ok()),
            Ok(None) => {
                if self.client.is_closed() {
                    return Err(StoreError::Unreachable {
                        path: self.location.clone(),
                        reason: "the connection was closed".into(),
                    });
                }
                Ok(None)
            }
            Err(e) => Err(pg::errors::classify(&self.location, e)),
        }
    }

    /// Whether the server still answers (a round trip).
    pub fn ping(&mut self) -> Result<(), StoreError> {
        self.client.batch_execute("SELECT 1").at(&self.location)
    }
}
