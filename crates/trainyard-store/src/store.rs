//! The store: one plan file, its in-memory [`Plan`] and revision.
//!
//! Invariants:
//! - Between calls, `plan` equals the plan stored in the file at `revision`,
//!   and `positions[k]` holds the stored `position` of each entity of kind `k`,
//!   in the plan's list order (strictly increasing).
//! - Every edit is one `BEGIN IMMEDIATE` transaction that first re-reads the
//!   file's revision; if the edit fails anywhere, the transaction rolls back and
//!   the in-memory plan is restored by applying the inverse changes.
//! - Positions are sparse (multiples of [`GAP`] at import); an insert takes the
//!   midpoint of its neighbours and only when there is no room left are the
//!   positions of that one kind renumbered.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use trainyard_core::edit::Change;
use trainyard_core::format::{self, EntityKind};
use trainyard_core::{parse_plan, plan_to_json, Plan};
use trainyard_files::{sidecar, Staged};

use crate::audit::{self, AuditEntry, AuditVerification};
use crate::codec;
use crate::error::{SqlResultExt, StoreError};
use crate::schema::{self, Access, SCHEMA_VERSION};

/// Distance between neighbouring positions when a list is (re)numbered.
const GAP: i64 = 1 << 32;

/// Stored positions per entity kind, indexed by `EntityKind as usize`.
type Positions = [Vec<i64>; 7];

/// How a store is opened.
#[derive(Debug, Clone, Default)]
pub struct StoreOptions {
    /// The name recorded in the audit trail; by default the OS user
    /// (`$USER`, `$LOGNAME`, `%USERNAME%`), or `"unknown"`.
    pub user: Option<String>,
}

/// An open plan file.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    plan: Plan,
    revision: u64,
    positions: Positions,
    user: String,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("revision", &self.revision)
            .field("user", &self.user)
            .finish_non_exhaustive()
    }
}

fn os_user() -> String {
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|u| !u.trim().is_empty())
        .unwrap_or_else(|| "unknown".to_owned())
}

/// What an edit applies and how it moves the undo/redo stacks.
enum EditKind<'a> {
    Normal {
        label: &'a str,
        changes: &'a [Change],
    },
    Undo,
    Redo,
}

impl Store {
    /// Imports `plan` into a new file at `path`. Refuses if `path` exists.
    /// The file is built under a temporary name in the same directory and only
    /// then given its name, so a crash never leaves a half-written plan.
    pub fn create(path: &Path, plan: &Plan, opts: StoreOptions) -> Result<Store, StoreError> {
        create_file(path, plan, &opts, false)?;
        Store::open(path, opts)
    }

    /// Like [`Store::create`] but replaces an existing file at `path`. The old
    /// file must not be open in another program.
    pub fn create_replacing(
        path: &Path,
        plan: &Plan,
        opts: StoreOptions,
    ) -> Result<Store, StoreError> {
        create_file(path, plan, &opts, true)?;
        Store::open(path, opts)
    }

    /// Opens a plan file for editing, upgrading an older schema first.
    pub fn open(path: &Path, opts: StoreOptions) -> Result<Store, StoreError> {
        let (mut conn, version) = schema::open_connection(path, Access::ReadWrite)?;
        if version < SCHEMA_VERSION {
            schema::migrate(&mut conn, path, false)?;
        }
        let (plan, revision, positions) = load(&conn, path)?;
        Ok(Store {
            conn,
            path: path.to_owned(),
            plan,
            revision,
            positions,
            user: opts.user.unwrap_or_else(os_user),
        })
    }

    /// Loads the plan without ever writing to the file (no migration: a file
    /// with an older schema is refused with a clear message).
    pub fn open_read_only(path: &Path) -> Result<Plan, StoreError> {
        let (conn, version) = schema::open_connection(path, Access::ReadOnly)?;
        if version < SCHEMA_VERSION {
            return Err(StoreError::OlderSchema {
                path: path.to_owned(),
                found: version,
                current: SCHEMA_VERSION,
            });
        }
        load(&conn, path).map(|(plan, _, _)| plan)
    }

    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// The revision the in-memory plan is at.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The name recorded in the audit trail for this store's edits.
    pub fn user(&self) -> &str {
        &self.user
    }

    pub fn set_user(&mut self, user: impl Into<String>) {
        self.user = user.into();
    }

    /// The file's current revision (another program may have moved it past
    /// [`Store::revision`]; then [`Store::reload`]).
    pub fn file_revision(&self) -> Result<u64, StoreError> {
        read_revision(&self.conn, &self.path)
    }

    /// Applies `changes` as one edit made against `base_revision`, labelled
    /// `label` in the undo history and the audit trail. Returns the new revision.
    /// An empty change list writes nothing and returns the current revision.
    pub fn apply(
        &mut self,
        base_revision: u64,
        label: &str,
        changes: &[Change],
    ) -> Result<u64, StoreError> {
        self.edit(base_revision, EditKind::Normal { label, changes })
    }

    /// Undoes the newest edit in the file's undo history (itself a new revision).
    pub fn undo(&mut self, base_revision: u64) -> Result<u64, StoreError> {
        self.edit(base_revision, EditKind::Undo)
    }

    /// Redoes the newest undone edit (itself a new revision).
    pub fn redo(&mut self, base_revision: u64) -> Result<u64, StoreError> {
        self.edit(base_revision, EditKind::Redo)
    }

    /// The label of the edit that [`Store::undo`] would undo.
    pub fn can_undo(&self) -> Result<Option<String>, StoreError> {
        top_label(&self.conn, &self.path, "undo_stack")
    }

    /// The label of the edit that [`Store::redo`] would redo.
    pub fn can_redo(&self) -> Result<Option<String>, StoreError> {
        top_label(&self.conn, &self.path, "redo_stack")
    }

    /// Reads the plan again from the file (after another program changed it).
    pub fn reload(&mut self) -> Result<(), StoreError> {
        let (plan, revision, positions) = load(&self.conn, &self.path)?;
        self.plan = plan;
        self.revision = revision;
        self.positions = positions;
        Ok(())
    }

    /// Audit entries, newest first, at most `limit`, with seq < `before_seq`.
    pub fn audit_log(
        &self,
        limit: usize,
        before_seq: Option<u64>,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        audit::log(&self.conn, &self.path, limit, before_seq)
    }

    /// Walks the whole audit chain.
    pub fn verify_audit(&self) -> Result<AuditVerification, StoreError> {
        let tx = self.conn.unchecked_transaction().at(&self.path)?;
        audit::verify(&tx, &self.path)
    }

    /// The hash of the newest audit entry.
    pub fn audit_head(&self) -> Result<Option<String>, StoreError> {
        self.conn
            .query_row(
                "SELECT hash FROM audit ORDER BY seq DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()
            .at(&self.path)
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

    /// The plan in the JSON interchange format (identical to
    /// `trainyard_core::plan_to_json` of the plan).
    pub fn export_json(&self) -> String {
        plan_to_json(&self.plan)
    }

    fn edit(&mut self, base_revision: u64, kind: EditKind) -> Result<u64, StoreError> {
        let mut memory_suspect = false;
        let result = run_edit(
            &mut self.conn,
            &self.path,
            &mut self.plan,
            &mut self.positions,
            self.revision,
            &self.user,
            base_revision,
            kind,
            &mut memory_suspect,
        );
        match result {
            Ok(revision) => {
                self.revision = revision;
                Ok(revision)
            }
            Err(e) => {
                if memory_suspect {
                    // The inverse did not restore the plan (a bug): the file,
                    // rolled back, is the truth.
                    let _ = self.reload();
                }
                Err(e)
            }
        }
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

/// The first transaction of a new file: the plan, and audit entry 1 ("import").
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
    {
        let mut insert = tx
            .prepare("INSERT INTO entity (kind, position, id, body) VALUES (?1, ?2, ?3, ?4)")
            .at(path)?;
        let mut counts = [0i64; 7];
        each_entity(plan, |kind, id, body| {
            let n = &mut counts[kind as usize];
            *n += 1;
            insert
                .execute(rusqlite::params![
                    kind.as_str(),
                    *n * GAP,
                    id,
                    body.to_string()
                ])
                .at(path)?;
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
    let (_, hash) = audit::append(&tx, path, user, "import", &record.to_string())?;
    tx.execute("UPDATE plan_meta SET audit_head = ?1", [hash])
        .at(path)?;
    tx.commit().at(path)
}

fn list_len(plan: &Plan, kind: EntityKind) -> usize {
    match kind {
        EntityKind::Environment => plan.environments.len(),
        EntityKind::Team => plan.teams.len(),
        EntityKind::Service => plan.services.len(),
        EntityKind::Train => plan.trains.len(),
        EntityKind::Window => plan.windows.len(),
        EntityKind::Release => plan.releases.len(),
        EntityKind::Deployment => plan.deployments.len(),
    }
}

fn entity_id(plan: &Plan, kind: EntityKind, i: usize) -> Option<&str> {
    Some(match kind {
        EntityKind::Environment => plan.environments.get(i)?.id.as_str(),
        EntityKind::Team => plan.teams.get(i)?.id.as_str(),
        EntityKind::Service => plan.services.get(i)?.id.as_str(),
        EntityKind::Train => plan.trains.get(i)?.id.as_str(),
        EntityKind::Window => plan.windows.get(i)?.id.as_str(),
        EntityKind::Release => plan.releases.get(i)?.id.as_str(),
        EntityKind::Deployment => plan.deployments.get(i)?.id.as_str(),
    })
}

fn read_revision(conn: &Connection, path: &Path) -> Result<u64, StoreError> {
    let r: Option<i64> = conn
        .prepare_cached("SELECT revision FROM plan_meta")
        .at(path)?
        .query_row([], |r| r.get(0))
        .optional()
        .at(path)?;
    match r {
        None => Err(StoreError::corrupt(path, "the plan's metadata is missing")),
        Some(r) => {
            u64::try_from(r).map_err(|_| StoreError::corrupt(path, format!("the revision is {r}")))
        }
    }
}

fn top_label(conn: &Connection, path: &Path, table: &str) -> Result<Option<String>, StoreError> {
    conn.prepare_cached(&format!(
        "SELECT label FROM {table} ORDER BY seq DESC LIMIT 1"
    ))
    .at(path)?
    .query_row([], |r| r.get(0))
    .optional()
    .at(path)
}

/// Reads the whole plan in one read transaction. The stored entity bodies are
/// spliced into one JSON document that core parses and validates in one pass
/// (no intermediate `serde_json::Value`): a stored plan is trusted no more than
/// an imported one.
fn load(conn: &Connection, path: &Path) -> Result<(Plan, u64, Positions), StoreError> {
    let tx = conn.unchecked_transaction().at(path)?;
    let meta: Option<(Option<String>, String, Option<String>)> = tx
        .query_row("SELECT name, timezone, x FROM plan_meta", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()
        .at(path)?;
    let Some((name, timezone, x)) = meta else {
        return Err(StoreError::corrupt(path, "the plan's metadata is missing"));
    };
    let revision = read_revision(&tx, path)?;

    // The rows come grouped by kind (alphabetically, which is fine: the order
    // of keys in a JSON object does not matter) and in list order within a kind.
    let mut text = String::with_capacity(1 << 16);
    text.push_str(r#"{"format":"trainyard-plan","version":1"#);
    if let Some(name) = name {
        text.push_str(",\"name\":");
        text.push_str(&Value::String(name).to_string());
    }
    text.push_str(",\"timezone\":");
    text.push_str(&Value::String(timezone).to_string());
    if let Some(x) = &x {
        text.push_str(",\"x\":");
        text.push_str(x);
    }
    let mut positions: Positions = Default::default();
    // Every id column value, to check against the bodies once they are parsed.
    let mut id_buf = String::new();
    let mut ids: [Vec<std::ops::Range<usize>>; 7] = Default::default();
    {
        let mut stmt = tx
            .prepare("SELECT kind, position, id, body FROM entity ORDER BY kind, position")
            .at(path)?;
        let mut rows = stmt.query([]).at(path)?;
        let mut current: Option<(String, usize)> = None;
        while let Some(r) = rows.next().at(path)? {
            let kind = r.get_ref(0).at(path)?.as_str().map_err(|e| {
                StoreError::corrupt(path, format!("an entity kind is not text: {e}"))
            })?;
            let k = match &current {
                Some((s, k)) if s == kind => {
                    text.push(',');
                    *k
                }
                _ => {
                    let kind_ = codec::kind_from_str(kind).ok_or_else(|| {
                        StoreError::corrupt(path, format!("unknown entity kind {kind:?}"))
                    })?;
                    text.push_str(if current.is_some() { "],\"" } else { ",\"" });
                    text.push_str(kind_.list_key());
                    text.push_str("\":[");
                    current = Some((kind.to_owned(), kind_ as usize));
                    kind_ as usize
                }
            };
            let position: i64 = r.get(1).at(path)?;
            let id =
                r.get_ref(2).at(path)?.as_str().map_err(|e| {
                    StoreError::corrupt(path, format!("an entity id is not text: {e}"))
                })?;
            let body = r.get_ref(3).at(path)?.as_str().map_err(|e| {
                StoreError::corrupt(path, format!("the body of {kind} {id:?} is not text: {e}"))
            })?;
            text.push_str(body);
            positions[k].push(position);
            ids[k].push(id_buf.len()..id_buf.len() + id.len());
            id_buf.push_str(id);
        }
        if current.is_some() {
            text.push(']');
        }
    }
    drop(tx);
    text.push('}');

    let plan = parse_plan(&text)
        .map_err(|e| StoreError::corrupt(path, format!("the stored plan is not valid: {e}")))?;
    drop(text);
    // The id column must agree with the bodies, or edits would miss rows.
    for kind in EntityKind::ALL {
        let k = kind as usize;
        if list_len(&plan, kind) != positions[k].len() {
            return Err(StoreError::corrupt(
                path,
                "the stored entities do not match",
            ));
        }
        for (i, range) in ids[k].iter().enumerate() {
            let body_id = entity_id(&plan, kind, i);
            if id_buf.get(range.clone()) != body_id {
                return Err(StoreError::corrupt(
                    path,
                    format!(
                        "the id column of {} {:?} does not match its body",
                        kind.as_str(),
                        body_id.unwrap_or_default()
                    ),
                ));
            }
        }
    }
    Ok((plan, revision, positions))
}

/// The position for an insert between `prev` and `next`, if there is room.
fn between(prev: Option<i64>, next: Option<i64>) -> Option<i64> {
    match (prev, next) {
        (None, None) => Some(GAP),
        (Some(p), None) => p.checked_add(GAP),
        (None, Some(n)) => (n >= 2).then_some(n / 2),
        (Some(p), Some(n)) => {
            let room = n.checked_sub(p)?;
            (room >= 2).then_some(p + room / 2)
        }
    }
}

/// The new stored position for an insert at list index `at` of `kind`,
/// renumbering the kind (in `list` and in the file) when there is no room.
fn insert_position(
    tx: &Transaction,
    path: &Path,
    kind: EntityKind,
    list: &mut Vec<i64>,
    at: usize,
) -> Result<i64, StoreError> {
    let around = |list: &Vec<i64>| {
        between(
            at.checked_sub(1).and_then(|i| list.get(i).copied()),
            list.get(at).copied(),
        )
    };
    if let Some(p) = around(list) {
        return Ok(p);
    }
    // Renumber: first move every row out of the way (negative positions are
    // never used otherwise), then give each its new place.
    tx.prepare_cached("UPDATE entity SET position = -position WHERE kind = ?1")
        .at(path)?
        .execute([kind.as_str()])
        .at(path)?;
    let mut set = tx
        .prepare_cached("UPDATE entity SET position = ?1 WHERE kind = ?2 AND position = ?3")
        .at(path)?;
    for (i, p) in list.iter_mut().enumerate() {
        let new = (i as i64 + 1) * GAP;
        set.execute(rusqlite::params![new, kind.as_str(), -*p])
            .at(path)?;
        *p = new;
    }
    around(list).ok_or_else(|| StoreError::corrupt(path, "a list is too long to renumber"))
}

fn expect_one(n: usize, path: &Path, what: &str) -> Result<(), StoreError> {
    if n == 1 {
        Ok(())
    } else {
        Err(StoreError::corrupt(
            path,
            format!("the file does not match the plan in memory ({what})"),
        ))
    }
}

/// Writes the effect of applied `changes` (with their `inverse`, in core's
/// reversed order) to the entity rows and plan metadata; updates `work`
/// (copies of the touched kinds' positions) in step.
fn write_changes(
    tx: &Transaction,
    path: &Path,
    positions: &Positions,
    work: &mut [Option<Vec<i64>>; 7],
    changes: &[Change],
    inverse: &[Change],
) -> Result<(), StoreError> {
    let n = changes.len();
    for (k, change) in changes.iter().enumerate() {
        let inv = inverse.get(n - 1 - k);
        match (change, inv) {
            (Change::SetPlan { name, timezone }, _) => {
                tx.prepare_cached("UPDATE plan_meta SET name = ?1, timezone = ?2")
                    .at(path)?
                    .execute(rusqlite::params![name, timezone.name()])
                    .at(path)?;
            }
            (Change::Put { entity, .. }, Some(Change::Put { .. })) => {
                let updated = tx
                    .prepare_cached("UPDATE entity SET body = ?3 WHERE kind = ?1 AND id = ?2")
                    .at(path)?
                    .execute(rusqlite::params![
                        entity.kind().as_str(),
                        entity.id(),
                        entity.to_value().to_string()
                    ])
                    .at(path)?;
                expect_one(updated, path, "a replaced entity has no row")?;
            }
            (Change::Put { entity, position }, Some(Change::Delete { .. })) => {
                let kind = entity.kind();
                let list =
                    work[kind as usize].get_or_insert_with(|| positions[kind as usize].clone());
                let at = position.unwrap_or(list.len()).min(list.len());
                let p = insert_position(tx, path, kind, list, at)?;
                list.insert(at, p);
                tx.prepare_cached(
                    "INSERT INTO entity (kind, position, id, body) VALUES (?1, ?2, ?3, ?4)",
                )
                .at(path)?
                .execute(rusqlite::params![
                    kind.as_str(),
                    p,
                    entity.id(),
                    entity.to_value().to_string()
                ])
                .at(path)?;
            }
            (
                Change::Delete { kind, id },
                Some(Change::Put {
                    position: Some(i), ..
                }),
            ) => {
                let list =
                    work[*kind as usize].get_or_insert_with(|| positions[*kind as usize].clone());
                if *i >= list.len() {
                    return Err(StoreError::corrupt(
                        path,
                        "a deleted entity has no position",
                    ));
                }
                let p = list.remove(*i);
                let deleted = tx
                    .prepare_cached(
                        "DELETE FROM entity WHERE kind = ?1 AND id = ?2 AND position = ?3",
                    )
                    .at(path)?
                    .execute(rusqlite::params![kind.as_str(), id, p])
                    .at(path)?;
                expect_one(deleted, path, "a deleted entity has no row")?;
            }
            _ => {
                return Err(StoreError::corrupt(
                    path,
                    "an edit's inverse does not match the edit",
                ))
            }
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn run_edit(
    conn: &mut Connection,
    path: &Path,
    plan: &mut Plan,
    positions: &mut Positions,
    memory_revision: u64,
    user: &str,
    base_revision: u64,
    kind: EditKind,
    memory_suspect: &mut bool,
) -> Result<u64, StoreError> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .at(path)?;
    let actual = read_revision(&tx, path)?;
    if actual != base_revision {
        return Err(StoreError::Stale {
            expected: base_revision,
            actual,
        });
    }
    if actual != memory_revision {
        return Err(StoreError::Stale {
            expected: memory_revision,
            actual,
        });
    }

    // What to apply; `from_stack` is (table, seq) of the undo/redo entry used.
    let (label, action, changes, from_stack): (String, String, Vec<Change>, Option<(&str, i64)>) =
        match kind {
            EditKind::Normal { label, changes } => {
                if changes.is_empty() {
                    return Ok(actual);
                }
                (label.to_owned(), label.to_owned(), changes.to_vec(), None)
            }
            EditKind::Undo | EditKind::Redo => {
                let (table, verb, none) = match kind {
                    EditKind::Undo => ("undo_stack", "undo", StoreError::NothingToUndo),
                    _ => ("redo_stack", "redo", StoreError::NothingToRedo),
                };
                let top: Option<(i64, String, String)> = tx
                    .prepare_cached(&format!(
                        "SELECT seq, label, changes FROM {table} ORDER BY seq DESC LIMIT 1"
                    ))
                    .at(path)?
                    .query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                    .optional()
                    .at(path)?;
                let Some((seq, label, text)) = top else {
                    return Err(none);
                };
                let changes = codec::changes_from_text(&text).map_err(|e| {
                    StoreError::corrupt(path, format!("{verb} entry {label:?}: {e}"))
                })?;
                let action = format!("{verb}: {label}");
                (label, action, changes, Some((table, seq)))
            }
        };

    // From here on the in-memory plan is changed; any error must restore it.
    let inverse = plan.apply(&changes)?;
    let mut work: [Option<Vec<i64>>; 7] = Default::default();
    let new_revision = actual + 1;

    let written = (|| {
        write_changes(&tx, path, positions, &mut work, &changes, &inverse)?;

        let records: Vec<Value> = changes
            .iter()
            .enumerate()
            .map(|(k, c)| match inverse.get(changes.len() - 1 - k) {
                Some(inv) => codec::audit_record(c, inv),
                None => Value::Null,
            })
            .collect();
        let (_, hash) =
            audit::append(&tx, path, user, &action, &Value::Array(records).to_string())?;
        tx.prepare_cached("UPDATE plan_meta SET revision = ?1, audit_head = ?2")
            .at(path)?
            .execute(rusqlite::params![new_revision as i64, hash])
            .at(path)?;

        let inverse_text = codec::changes_to_text(&inverse);
        let push_to = match from_stack {
            None => {
                tx.prepare_cached("DELETE FROM redo_stack")
                    .at(path)?
                    .execute([])
                    .at(path)?;
                "undo_stack"
            }
            Some((table, seq)) => {
                tx.prepare_cached(&format!("DELETE FROM {table} WHERE seq = ?1"))
                    .at(path)?
                    .execute([seq])
                    .at(path)?;
                if table == "undo_stack" {
                    "redo_stack"
                } else {
                    "undo_stack"
                }
            }
        };
        tx.prepare_cached(&format!(
            "INSERT INTO {push_to} (label, changes) VALUES (?1, ?2)"
        ))
        .at(path)?
        .execute(rusqlite::params![label, inverse_text])
        .at(path)?;
        Ok::<(), StoreError>(())
    })();

    let committed = written.and_then(|()| tx.commit().at(path));
    match committed {
        Ok(()) => {
            for (k, w) in work.into_iter().enumerate() {
                if let Some(w) = w {
                    positions[k] = w;
                }
            }
            Ok(new_revision)
        }
        Err(e) => {
            if plan.apply(&inverse).is_err() {
                *memory_suspect = true;
            }
            Err(e)
        }
    }
}
