//! Where a store keeps its plan: the SQL a store runs, behind one interface
//! with two implementations, a SQLite file (`sqlite.rs`) and a plan on a
//! PostgreSQL server (`postgres/`).
//!
//! The store's logic (what an edit writes, how the audit chain and the plan
//! state are computed and checked, how a plan is read and validated) is
//! written once, against [`Backend`]; a backend only moves rows. Both keep the
//! same logical schema: plan metadata, entity rows with sparse positions, the
//! undo and redo stacks and the audit trail (`docs/team-plans.md`).
//!
//! A transaction is explicit ([`Backend::begin`], then [`Backend::commit`] or
//! [`Backend::rollback`]); [`in_transaction`] makes sure every path out of one
//! ends it.

pub(crate) mod postgres;
pub(crate) mod sqlite;

use std::path::Path;

use trainyard_core::format::EntityKind;

use crate::audit::AuditEntry;
use crate::error::StoreError;

/// The undo or the redo stack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stack {
    Undo,
    Redo,
}

impl Stack {
    pub fn table(self) -> &'static str {
        match self {
            Stack::Undo => "undo_stack",
            Stack::Redo => "redo_stack",
        }
    }
}

/// The kind of transaction to begin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TxKind {
    /// A consistent snapshot for reading.
    Read,
    /// An edit: writers of the same plan are serialised from the start of
    /// the transaction, so the revision read first stays the plan's revision
    /// until commit.
    Write,
}

/// The plan's metadata columns.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MetaRow {
    pub name: Option<String>,
    pub timezone: String,
    pub x: Option<String>,
    pub revision: i64,
    pub audit_head: String,
    /// `None` for a store written before the trail bound the plan (schema 1).
    pub plan_state: Option<String>,
}

/// One entity row as stored. A field is `None` when the stored value has the
/// wrong type (only a SQLite file, typed loosely, can hold such a row).
#[derive(Debug, Clone, Copy)]
pub(crate) struct EntityRow<'a> {
    pub kind: Option<&'a [u8]>,
    pub position: Option<i64>,
    pub id: Option<&'a [u8]>,
    pub body: Option<&'a [u8]>,
}

/// One audit row as stored; text fields are `Err` (with why) when the stored
/// value is not text.
#[derive(Debug, Clone)]
pub(crate) struct AuditRow {
    pub seq: i64,
    /// at, user, action, changes, prev_hash, hash.
    pub fields: [Result<String, String>; 6],
    pub plan_hash: Result<Option<String>, String>,
}

/// An audit entry to append (its hash already computed).
#[derive(Debug, Clone)]
pub(crate) struct NewAuditEntry<'a> {
    pub seq: u64,
    pub at: &'a str,
    pub user: &'a str,
    pub action: &'a str,
    pub changes: &'a str,
    pub prev_hash: &'a str,
    pub plan_hash: Option<&'a str>,
    pub hash: &'a str,
}

/// Everything a store holds, row for row: what a copy to another backend
/// carries (`transfer.rs`).
#[derive(Debug, Clone)]
pub(crate) struct Contents {
    pub meta: MetaRow,
    /// (kind, position, id, body), in list order per kind.
    pub entities: Vec<(String, i64, String, String)>,
    /// (label, changes), oldest first.
    pub undo: Vec<(String, String)>,
    pub redo: Vec<(String, String)>,
    pub audit: Vec<AuditEntry>,
}

/// The SQL a store runs, for one plan. Every method but `begin` runs inside
/// the transaction `begin` opened.
pub(crate) trait Backend: Send {
    /// Where the plan is, as errors name it (a file path, or a server URL
    /// without its password).
    fn location(&self) -> &Path;

    fn begin(&mut self, kind: TxKind) -> Result<(), StoreError>;
    fn commit(&mut self) -> Result<(), StoreError>;
    /// Ends the open transaction without writing; never fails loudly (the
    /// transaction is gone either way).
    fn rollback(&mut self);

    /// Whether the store's schema has the columns binding the trail to the
    /// plan (schema 2 on).
    fn plan_bound_schema(&mut self) -> Result<bool, StoreError>;

    fn meta(&mut self) -> Result<Option<MetaRow>, StoreError>;
    fn revision(&mut self) -> Result<Option<i64>, StoreError>;
    fn set_plan(&mut self, name: Option<&str>, timezone: &str) -> Result<(), StoreError>;
    fn insert_meta(&mut self, meta: &MetaRow) -> Result<(), StoreError>;
    /// Records the state after an edit: revision, audit head, plan state.
    fn finish_edit(
        &mut self,
        revision: u64,
        audit_head: &str,
        plan_state: &str,
    ) -> Result<(), StoreError>;

    /// Every entity row (of one kind, or all ordered by kind then position).
    fn each_entity(
        &mut self,
        kind: Option<EntityKind>,
        f: &mut dyn FnMut(EntityRow) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>;
    /// (position, body) of one entity.
    fn entity(&mut self, kind: EntityKind, id: &str) -> Result<Option<(i64, String)>, StoreError>;
    /// Rows updated.
    fn update_body(&mut self, kind: EntityKind, id: &str, body: &str) -> Result<usize, StoreError>;
    fn insert_entity(
        &mut self,
        kind: EntityKind,
        position: i64,
        id: &str,
        body: &str,
    ) -> Result<(), StoreError>;
    /// Inserts many rows (a new plan's); a backend may send them in bulk.
    fn insert_entities(
        &mut self,
        rows: &[(EntityKind, i64, String, String)],
    ) -> Result<(), StoreError> {
        for (kind, position, id, body) in rows {
            self.insert_entity(*kind, *position, id, body)?;
        }
        Ok(())
    }

    /// Deletes the row and returns the bodies deleted (one, when all is well).
    fn delete_entity(
        &mut self,
        kind: EntityKind,
        id: &str,
        position: i64,
    ) -> Result<Vec<String>, StoreError>;
    /// Negates every position of `kind` (the first step of renumbering).
    fn negate_positions(&mut self, kind: EntityKind) -> Result<(), StoreError>;
    fn set_position(&mut self, kind: EntityKind, from: i64, to: i64) -> Result<(), StoreError>;

    /// (seq, label, changes) of the newest entry.
    fn stack_top(&mut self, stack: Stack) -> Result<Option<(i64, String, String)>, StoreError>;
    fn stack_remove(&mut self, stack: Stack, seq: i64) -> Result<(), StoreError>;
    fn stack_clear(&mut self, stack: Stack) -> Result<(), StoreError>;
    fn stack_push(&mut self, stack: Stack, label: &str, changes: &str) -> Result<(), StoreError>;
    /// (label, changes), oldest first.
    fn stack_all(&mut self, stack: Stack) -> Result<Vec<(String, String)>, StoreError>;

    /// (seq, hash, plan_hash) of the newest audit entry.
    #[allow(clippy::type_complexity)]
    fn audit_last(&mut self) -> Result<Option<(i64, String, Option<String>)>, StoreError>;
    fn audit_insert(&mut self, entry: &NewAuditEntry) -> Result<(), StoreError>;
    /// Newest first, at most `limit`, with seq < `before`.
    fn audit_page(&mut self, limit: i64, before: i64) -> Result<Vec<AuditEntry>, StoreError>;
    /// Every entry, oldest first, as stored.
    fn each_audit_row(
        &mut self,
        f: &mut dyn FnMut(AuditRow) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>;

    /// Whether the edits of this store's user go into the shared undo
    /// history. A team member who may only record decisions does not write
    /// to it (the server refuses), so a decision is superseded by a later
    /// one, not undone.
    fn records_history(&self) -> bool {
        true
    }

    /// The login and roles on a team server; `None` for a file.
    fn team_access(&self) -> Option<postgres::TeamAccess> {
        None
    }

    /// The SQLite file behind this backend, if that is what it is (a copy
    /// of a file is SQLite's own snapshot of it).
    fn as_sqlite(&mut self) -> Option<&mut sqlite::SqliteBackend> {
        None
    }
}

/// Runs `f` in a transaction of `kind` and commits it; any error rolls back.
pub(crate) fn in_transaction<T>(
    backend: &mut dyn Backend,
    kind: TxKind,
    f: impl FnOnce(&mut dyn Backend) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    backend.begin(kind)?;
    match f(backend) {
        Ok(v) => match kind {
            TxKind::Write => match backend.commit() {
                Ok(()) => Ok(v),
                Err(e) => {
                    backend.rollback();
                    Err(e)
                }
            },
            TxKind::Read => {
                backend.rollback();
                Ok(v)
            }
        },
        Err(e) => {
            backend.rollback();
            Err(e)
        }
    }
}

/// Reads every row of the store in one read transaction.
pub(crate) fn read_contents(backend: &mut dyn Backend) -> Result<Contents, StoreError> {
    in_transaction(backend, TxKind::Read, |b| {
        let location = b.location().to_owned();
        let meta = b
            .meta()?
            .ok_or_else(|| StoreError::corrupt(&location, "the plan's metadata is missing"))?;
        let mut entities = Vec::new();
        b.each_entity(None, &mut |r| {
            let text = |v: Option<&[u8]>, what: &str| {
                v.and_then(|b| std::str::from_utf8(b).ok())
                    .map(str::to_owned)
                    .ok_or_else(|| {
                        StoreError::corrupt(&location, format!("an entity's {what} is not text"))
                    })
            };
            let position = r.position.ok_or_else(|| {
                StoreError::corrupt(&location, "an entity's position is not a number")
            })?;
            entities.push((
                text(r.kind, "kind")?,
                position,
                text(r.id, "id")?,
                text(r.body, "body")?,
            ));
            Ok(())
        })?;
        let undo = b.stack_all(Stack::Undo)?;
        let redo = b.stack_all(Stack::Redo)?;
        let mut audit = b.audit_page(i64::MAX, i64::MAX)?;
        audit.reverse();
        Ok(Contents {
            meta,
            entities,
            undo,
            redo,
            audit,
        })
    })
}

/// Writes `contents` into an empty store, inside the caller's transaction.
pub(crate) fn write_contents(b: &mut dyn Backend, contents: &Contents) -> Result<(), StoreError> {
    b.insert_meta(&contents.meta)?;
    let location = b.location().to_owned();
    let rows = contents
        .entities
        .iter()
        .map(|(kind, position, id, body)| {
            let kind = crate::codec::kind_from_str(kind).ok_or_else(|| {
                StoreError::corrupt(&location, format!("unknown entity kind {kind:?}"))
            })?;
            Ok((kind, *position, id.clone(), body.clone()))
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    b.insert_entities(&rows)?;
    for (label, changes) in &contents.undo {
        b.stack_push(Stack::Undo, label, changes)?;
    }
    for (label, changes) in &contents.redo {
        b.stack_push(Stack::Redo, label, changes)?;
    }
    for e in &contents.audit {
        b.audit_insert(&NewAuditEntry {
            seq: e.seq,
            at: &e.at,
            user: &e.user,
            action: &e.action,
            changes: &e.changes_text,
            prev_hash: &e.prev_hash,
            plan_hash: e.plan_hash.as_deref(),
            hash: &e.hash,
        })?;
    }
    Ok(())
}
