//! New plan files and copies: each is built under a temporary name beside
//! its target (through `trainyard-files`) and only then given its name, so a
//! crash never leaves a half-written plan.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use trainyard_core::format::{self, EntityKind};
use trainyard_core::{plan_to_json, Plan};
use trainyard_files::{sidecar, Staged};

use crate::audit;
use crate::backend::sqlite::SqliteBackend;
use crate::backend::{
    in_transaction, read_contents, write_contents, Backend, Contents, MetaRow, TxKind,
};
use crate::document::Document;
use crate::error::StoreError;
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
        let mut backend = self.lock_backend();
        match backend.as_sqlite() {
            Some(sqlite) => sqlite
                .conn
                .execute("VACUUM INTO ?1", [target])
                .map(drop)
                .map_err(|e| retarget(StoreError::sqlite(&tmp, e), &tmp, path))?,
            None => {
                let contents = read_contents(&mut **backend)?;
                build_file(&tmp, |b| write_contents(b, &contents))
                    .map_err(|e| retarget(e, &tmp, path))?;
            }
        }
        drop(backend);
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
    let user = opts.user.clone().unwrap_or_else(os_user);
    make_file(path, replace, |b| write_initial(b, plan, &user))
}

/// A new store file at `path`, built under a temporary name beside it (the
/// schema, then what `fill` writes) and only then given its name; an
/// existing file is replaced only if `replace`.
fn make_file(
    path: &Path,
    replace: bool,
    fill: impl FnOnce(&mut dyn Backend) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    if !replace && std::fs::symlink_metadata(path).is_ok() {
        return Err(StoreError::Exists {
            path: path.to_owned(),
        });
    }
    let staged = Staged::beside(path).map_err(|e| StoreError::io(path, e))?;
    let tmp = staged.path().to_owned();
    build_file(&tmp, fill).map_err(|e| retarget(e, &tmp, path))?;
    publish(staged, path, replace)
}

/// Builds a new store file at `tmp` (not yet published): the schema, then
/// what `fill` writes, in one transaction.
fn build_file(
    tmp: &Path,
    fill: impl FnOnce(&mut dyn Backend) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let (mut conn, _) = schema::open_connection(tmp, Access::Create)?;
    schema::migrate(&mut conn, tmp, true)?;
    let mut backend = SqliteBackend::new(conn, tmp);
    in_transaction(&mut backend, TxKind::Write, fill)?;
    // Closing the last connection checkpoints the WAL into the file and
    // removes it, so the single file is complete.
    backend
        .conn
        .close()
        .map_err(|(_, e)| StoreError::sqlite(tmp, e))
}

/// Writes a copy of a store's contents (plan, history, audit trail, row for
/// row) to a new file at `path`, refusing to replace one unless `replace`.
pub(crate) fn create_file_from(
    path: &Path,
    contents: &Contents,
    replace: bool,
) -> Result<(), StoreError> {
    make_file(path, replace, |b| write_contents(b, contents))
}

fn publish(staged: Staged, path: &Path, replace: bool) -> Result<(), StoreError> {
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
    each!(
        readiness_templates,
        ReadinessTemplate,
        format::readiness_template_to_value
    );
    each!(holds, Hold, format::hold_to_value);
    each!(bookings, Booking, format::booking_to_value);
    each!(waivers, Waiver, format::waiver_to_value);
    Ok(())
}

fn x_text(plan: &Plan) -> Option<String> {
    plan.x
        .as_ref()
        .map(|x| Value::Object(x.clone()).to_string())
}

/// The first edit of a new store, inside the caller's transaction: the
/// plan, and audit entry 1 ("import"), bound to the plan's state.
pub(crate) fn write_initial(
    b: &mut dyn Backend,
    plan: &Plan,
    user: &str,
) -> Result<(), StoreError> {
    let mut state = PlanState::new(
        plan.name.as_deref(),
        plan.timezone.name(),
        x_text(plan).as_deref(),
    );
    b.insert_meta(&MetaRow {
        name: plan.name.clone(),
        timezone: plan.timezone.name().to_owned(),
        x: x_text(plan),
        revision: 1,
        audit_head: String::new(),
        plan_state: None,
    })?;
    let mut counts = [0i64; EntityKind::COUNT];
    let mut rows = Vec::with_capacity(plan.deployments.len() + plan.releases.len());
    each_entity(plan, |kind, id, body| {
        let n = &mut counts[kind as usize];
        *n += 1;
        let body = body.to_string();
        state.add_row(kind, *n * GAP, id, &body);
        rows.push((kind, *n * GAP, id.to_owned(), body));
        Ok(())
    })?;
    b.insert_entities(&rows)?;
    drop(rows);
    let mut entities = serde_json::Map::new();
    for kind in EntityKind::ALL {
        let n = list_len(plan, kind);
        // Governance kinds are named only when the plan has some, so the
        // import record of a plan without them reads as before.
        if n > 0 || !kind.is_governance() {
            entities.insert(kind.list_key().to_owned(), json!(n));
        }
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
    let (_, hash) = audit::append(b, user, "import", &record.to_string(), &state.hash())?;
    b.finish_edit(1, &hash, &state.to_text())
}
