//! New plan files and copies: each is built under a temporary name beside
//! its target (through `trainyard-files`) and only then given its name, so a
//! crash never leaves a half-written plan.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, TransactionBehavior};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use trainyard_core::format::{self, EntityKind};
use trainyard_core::{plan_to_json, Plan};
use trainyard_files::{sidecar, Staged};

use crate::audit;
use crate::document::Document;
use crate::error::{SqlResultExt, StoreError};
use crate::load::list_len;
use crate::plan_state::PlanState;
use crate::positions::GAP;
use crate::schema::{self, Access};
use crate::store::{os_user, DocumentStore, StoreOptions};

impl<D: Document> DocumentStore<D> {
    /// Imports `plan` into a new file at `path`. Refuses if `path` exists.
    /// The file is built under a temporary name in the same directory and only
    /// then given its name, so a crash never leaves a half-written plan.
    pub fn create(path: &Path, plan: &Plan, opts: StoreOptions) -> Result<Self, StoreError> {
        create_file(path, plan, &opts, false)?;
        Self::open(path, opts)
    }

    /// Like [`Self::create`] but replaces an existing file at `path`. The old
    /// file must not be open in another program.
    pub fn create_replacing(
        path: &Path,
        plan: &Plan,
        opts: StoreOptions,
    ) -> Result<Self, StoreError> {
        create_file(path, plan, &opts, true)?;
        Self::open(path, opts)
    }

    /// Writes a copy of this plan file to `path` (the plan, its undo history
    /// and its audit trail, as SQLite's `VACUUM INTO` snapshot), replacing a
    /// file there. The copy is built under a temporary name in the target's
    /// directory and then renamed, so `path` is never half-written. This store
    /// stays on its own file. Refuses to copy a file onto itself.
    pub fn save_as(&self, path: &Path) -> Result<(), StoreError> {
        let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => a == b,
        };
        if same(path, &self.path) {
            return Err(StoreError::Exists {
                path: path.to_owned(),
            });
        }
        let staged = Staged::beside(path).map_err(|e| StoreError::io(path, e))?;
        let tmp = staged.path().to_owned();
        let target = tmp.to_str().ok_or_else(|| StoreError::Io {
            path: path.to_owned(),
            source: std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "the path is not valid UTF-8",
            ),
        })?;
        self.conn
            .execute("VACUUM INTO ?1", [target])
            .map_err(|e| retarget(StoreError::sqlite(&tmp, e), &tmp, path))?;
        // A -wal left by an old file must never be replayed onto the copy.
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(sidecar(path, suffix));
        }
        staged
            .publish_replacing()
            .map_err(|e| StoreError::io(path, e))
    }
}

fn create_file(
    path: &Path,
    plan: &Plan,
    opts: &StoreOptions,
    replace: bool,
) -> Result<(), StoreError> {
    if !replace && std::fs::symlink_metadata(path).is_ok() {
        return Err(StoreError::Exists {
            path: path.to_owned(),
        });
    }
    let staged = Staged::beside(path).map_err(|e| StoreError::io(path, e))?;
    let tmp = staged.path().to_owned();
    let user = opts.user.clone().unwrap_or_else(os_user);

    let built = (|| {
        let (mut conn, _) = schema::open_connection(&tmp, Access::Create)?;
        schema::migrate(&mut conn, &tmp, true)?;
        write_initial(&mut conn, &tmp, plan, &user)?;
        // Closing the last connection checkpoints the WAL into the file and
        // removes it, so the single file is complete.
        conn.close().map_err(|(_, e)| StoreError::sqlite(&tmp, e))
    })();
    built.map_err(|e| retarget(e, &tmp, path))?;

    if replace {
        // A -wal left by the old file must never be replayed onto the new one.
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(sidecar(path, suffix));
        }
        staged.publish_replacing()
    } else {
        staged.publish_new()
    }
    .map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => StoreError::Exists {
            path: path.to_owned(),
        },
        _ => StoreError::io(path, e),
    })
}

/// Errors about the temporary file name the file the user asked for.
fn retarget(e: StoreError, tmp: &Path, path: &Path) -> StoreError {
    let fix = |p: PathBuf| if p == tmp { path.to_owned() } else { p };
    match e {
        StoreError::Sqlite { path, source } => StoreError::Sqlite {
            path: fix(path),
            source,
        },
        StoreError::Busy { path } => StoreError::Busy { path: fix(path) },
        StoreError::Corrupt { path, reason } => StoreError::Corrupt {
            path: fix(path),
            reason,
        },
        StoreError::Io { path, source } => StoreError::Io {
            path: fix(path),
            source,
        },
        StoreError::NotFound { path } => StoreError::NotFound { path: fix(path) },
        other => other,
    }
}

/// Calls `f(kind, id, canonical JSON)` for every entity, in list order.
fn each_entity(
    plan: &Plan,
    mut f: impl FnMut(EntityKind, &str, Value) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    macro_rules! each {
        ($list:ident, $kind:ident, $to_value:path) => {
            for e in &plan.$list {
                f(EntityKind::$kind, e.id.as_str(), $to_value(e))?;
            }
        };
    }
    each!(environments, Environment, format::environment_to_value);
    each!(teams, Team, format::team_to_value);
    each!(services, Service, format::service_to_value);
    each!(trains, Train, format::train_to_value);
    each!(windows, Window, format::window_to_value);
    each!(releases, Release, format::release_to_value);
    each!(deployments, Deployment, format::deployment_to_value);
    Ok(())
}

fn x_text(plan: &Plan) -> Option<String> {
    plan.x
        .as_ref()
        .map(|x| Value::Object(x.clone()).to_string())
}

/// The first transaction of a new file: the plan, and audit entry 1 ("import"),
/// bound to the plan's state.
fn write_initial(
    conn: &mut Connection,
    path: &Path,
    plan: &Plan,
    user: &str,
) -> Result<(), StoreError> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .at(path)?;
    tx.execute(
        "INSERT INTO plan_meta (singleton, name, timezone, x, revision, audit_head)
         VALUES (1, ?1, ?2, ?3, 1, '')",
        rusqlite::params![plan.name, plan.timezone.name(), x_text(plan)],
    )
    .at(path)?;
    let mut state = PlanState::new(
        plan.name.as_deref(),
        plan.timezone.name(),
        x_text(plan).as_deref(),
    );
    {
        let mut insert = tx
            .prepare("INSERT INTO entity (kind, position, id, body) VALUES (?1, ?2, ?3, ?4)")
            .at(path)?;
        let mut counts = [0i64; 7];
        each_entity(plan, |kind, id, body| {
            let n = &mut counts[kind as usize];
            *n += 1;
            let body = body.to_string();
            insert
                .execute(rusqlite::params![kind.as_str(), *n * GAP, id, body])
                .at(path)?;
            state.add_row(kind, *n * GAP, id, &body);
            Ok(())
        })?;
    }
    let mut entities = serde_json::Map::new();
    for kind in EntityKind::ALL {
        entities.insert(kind.list_key().to_owned(), json!(list_len(plan, kind)));
    }
    let digest = Sha256::digest(plan_to_json(plan).as_bytes());
    let sha256: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    let record = json!([{
        "kind": "plan",
        "id": Value::Null,
        "before": Value::Null,
        "after": {
            "name": plan.name,
            "timezone": plan.timezone.name(),
            "entities": entities,
            "sha256": sha256,
        },
    }]);
    let (_, hash) = audit::append(
        &tx,
        path,
        user,
        "import",
        &record.to_string(),
        &state.hash(),
    )?;
    tx.execute(
        "UPDATE plan_meta SET audit_head = ?1, plan_state = ?2",
        [hash, state.to_text()],
    )
    .at(path)?;
    tx.commit().at(path)
}
