//! The SQLite file backend: one plan per file (`schema.rs` opens and
//! upgrades it). A write transaction is `BEGIN IMMEDIATE`, which takes the
//! file's write lock at once, so the revision read first cannot move.

use std::path::{Path, PathBuf};

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension};
use trainyard_core::format::EntityKind;

use super::{AuditRow, Backend, EntityRow, MetaRow, NewAuditEntry, Stack, TxKind};
use crate::audit::AuditEntry;
use crate::error::{SqlResultExt, StoreError};

pub(crate) struct SqliteBackend {
    pub conn: Connection,
    pub path: PathBuf,
    /// Whether the file has schema 2's columns (`audit.plan_hash`,
    /// `plan_meta.plan_state`, added by the same step), asked once: a
    /// backend is made after any migration, so it cannot change.
    bound: Option<bool>,
}

impl SqliteBackend {
    pub fn new(conn: Connection, path: &Path) -> Self {
        SqliteBackend {
            conn,
            path: path.to_owned(),
            bound: None,
        }
    }
}

fn bytes<'a>(v: ValueRef<'a>) -> Option<&'a [u8]> {
    match v {
        ValueRef::Text(b) | ValueRef::Blob(b) => Some(b),
        _ => None,
    }
}

fn text_field(v: ValueRef, name: &str, seq: i64) -> Result<String, String> {
    match v {
        ValueRef::Text(b) | ValueRef::Blob(b) => match std::str::from_utf8(b) {
            Ok(s) => Ok(s.to_owned()),
            Err(_) => Err(format!("the {name} of entry {seq} is not valid utf-8")),
        },
        _ => Err(format!("the {name} of entry {seq} is not text")),
    }
}

impl Backend for SqliteBackend {
    fn location(&self) -> &Path {
        &self.path
    }

    fn as_sqlite(&mut self) -> Option<&mut SqliteBackend> {
        Some(self)
    }

    fn begin(&mut self, kind: TxKind) -> Result<(), StoreError> {
        let sql = match kind {
            TxKind::Read => "BEGIN DEFERRED",
            TxKind::Write => "BEGIN IMMEDIATE",
        };
        self.conn.execute_batch(sql).at(&self.path)
    }

    fn commit(&mut self) -> Result<(), StoreError> {
        self.conn.execute_batch("COMMIT").at(&self.path)
    }

    fn rollback(&mut self) {
        if !self.conn.is_autocommit() {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }

    fn plan_bound_schema(&mut self) -> Result<bool, StoreError> {
        if let Some(bound) = self.bound {
            return Ok(bound);
        }
        let bound = self
            .conn
            .query_row(
                "SELECT count(*) FROM pragma_table_info('audit') WHERE name = 'plan_hash'",
                [],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n > 0)
            .at(&self.path)?;
        self.bound = Some(bound);
        Ok(bound)
    }

    fn meta(&mut self) -> Result<Option<MetaRow>, StoreError> {
        let state = if self.plan_bound_schema()? {
            "plan_state"
        } else {
            "NULL"
        };
        self.conn
            .query_row(
                &format!("SELECT name, timezone, x, revision, audit_head, {state} FROM plan_meta"),
                [],
                |r| {
                    Ok(MetaRow {
                        name: r.get(0)?,
                        timezone: r.get(1)?,
                        x: r.get(2)?,
                        revision: r.get(3)?,
                        audit_head: r.get(4)?,
                        plan_state: r.get(5)?,
                    })
                },
            )
            .optional()
            .at(&self.path)
    }

    fn revision(&mut self) -> Result<Option<i64>, StoreError> {
        self.conn
            .prepare_cached("SELECT revision FROM plan_meta")
            .at(&self.path)?
            .query_row([], |r| r.get(0))
            .optional()
            .at(&self.path)
    }

    fn set_plan(&mut self, name: Option<&str>, timezone: &str) -> Result<(), StoreError> {
        self.conn
            .prepare_cached("UPDATE plan_meta SET name = ?1, timezone = ?2")
            .at(&self.path)?
            .execute(rusqlite::params![name, timezone])
            .at(&self.path)
            .map(drop)
    }

    fn insert_meta(&mut self, m: &MetaRow) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT INTO plan_meta (singleton, name, timezone, x, revision, audit_head, plan_state)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6)",
                rusqlite::params![m.name, m.timezone, m.x, m.revision, m.audit_head, m.plan_state],
            )
            .at(&self.path)
            .map(drop)
    }

    fn finish_edit(
        &mut self,
        revision: u64,
        audit_head: &str,
        plan_state: &str,
    ) -> Result<(), StoreError> {
        self.conn
            .prepare_cached("UPDATE plan_meta SET revision = ?1, audit_head = ?2, plan_state = ?3")
            .at(&self.path)?
            .execute(rusqlite::params![revision as i64, audit_head, plan_state])
            .at(&self.path)
            .map(drop)
    }

    fn each_entity(
        &mut self,
        kind: Option<EntityKind>,
        f: &mut dyn FnMut(EntityRow) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let path = &self.path;
        let (sql, params): (&str, Vec<&str>) = match kind {
            Some(k) => (
                "SELECT kind, position, id, body FROM entity WHERE kind = ?1",
                vec![k.as_str()],
            ),
            None => (
                "SELECT kind, position, id, body FROM entity ORDER BY kind, position",
                vec![],
            ),
        };
        let mut stmt = self.conn.prepare_cached(sql).at(path)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(params)).at(path)?;
        while let Some(r) = rows.next().at(path)? {
            let position = match r.get_ref(1).at(path)? {
                ValueRef::Integer(p) => Some(p),
                _ => None,
            };
            f(EntityRow {
                kind: bytes(r.get_ref(0).at(path)?),
                position,
                id: bytes(r.get_ref(2).at(path)?),
                body: bytes(r.get_ref(3).at(path)?),
            })?;
        }
        Ok(())
    }

    fn entity(&mut self, kind: EntityKind, id: &str) -> Result<Option<(i64, String)>, StoreError> {
        self.conn
            .prepare_cached("SELECT position, body FROM entity WHERE kind = ?1 AND id = ?2")
            .at(&self.path)?
            .query_row(rusqlite::params![kind.as_str(), id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()
            .at(&self.path)
    }

    fn update_body(&mut self, kind: EntityKind, id: &str, body: &str) -> Result<usize, StoreError> {
        self.conn
            .prepare_cached("UPDATE entity SET body = ?3 WHERE kind = ?1 AND id = ?2")
            .at(&self.path)?
            .execute(rusqlite::params![kind.as_str(), id, body])
            .at(&self.path)
    }

    fn insert_entity(
        &mut self,
        kind: EntityKind,
        position: i64,
        id: &str,
        body: &str,
    ) -> Result<(), StoreError> {
        self.conn
            .prepare_cached("INSERT INTO entity (kind, position, id, body) VALUES (?1, ?2, ?3, ?4)")
            .at(&self.path)?
            .execute(rusqlite::params![kind.as_str(), position, id, body])
            .at(&self.path)
            .map(drop)
    }

    fn delete_entity(
        &mut self,
        kind: EntityKind,
        id: &str,
        position: i64,
    ) -> Result<Vec<String>, StoreError> {
        let path = &self.path;
        self.conn
            .prepare_cached(
                "DELETE FROM entity WHERE kind = ?1 AND id = ?2 AND position = ?3 RETURNING body",
            )
            .at(path)?
            .query_map(rusqlite::params![kind.as_str(), id, position], |r| r.get(0))
            .at(path)?
            .collect::<Result<_, _>>()
            .at(path)
    }

    fn negate_positions(&mut self, kind: EntityKind) -> Result<(), StoreError> {
        self.conn
            .prepare_cached("UPDATE entity SET position = -position WHERE kind = ?1")
            .at(&self.path)?
            .execute([kind.as_str()])
            .at(&self.path)
            .map(drop)
    }

    fn set_position(&mut self, kind: EntityKind, from: i64, to: i64) -> Result<(), StoreError> {
        self.conn
            .prepare_cached("UPDATE entity SET position = ?1 WHERE kind = ?2 AND position = ?3")
            .at(&self.path)?
            .execute(rusqlite::params![to, kind.as_str(), from])
            .at(&self.path)
            .map(drop)
    }

    fn stack_top(&mut self, stack: Stack) -> Result<Option<(i64, String, String)>, StoreError> {
        let sql = match stack {
            Stack::Undo => "SELECT seq, label, changes FROM undo_stack ORDER BY seq DESC LIMIT 1",
            Stack::Redo => "SELECT seq, label, changes FROM redo_stack ORDER BY seq DESC LIMIT 1",
        };
        self.conn
            .prepare_cached(sql)
            .at(&self.path)?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()
            .at(&self.path)
    }

    fn stack_remove(&mut self, stack: Stack, seq: i64) -> Result<(), StoreError> {
        let sql = match stack {
            Stack::Undo => "DELETE FROM undo_stack WHERE seq = ?1",
            Stack::Redo => "DELETE FROM redo_stack WHERE seq = ?1",
        };
        self.conn
            .prepare_cached(sql)
            .at(&self.path)?
            .execute([seq])
            .at(&self.path)
            .map(drop)
    }

    fn stack_clear(&mut self, stack: Stack) -> Result<(), StoreError> {
        let sql = match stack {
            Stack::Undo => "DELETE FROM undo_stack",
            Stack::Redo => "DELETE FROM redo_stack",
        };
        self.conn
            .prepare_cached(sql)
            .at(&self.path)?
            .execute([])
            .at(&self.path)
            .map(drop)
    }

    fn stack_push(&mut self, stack: Stack, label: &str, changes: &str) -> Result<(), StoreError> {
        let sql = match stack {
            Stack::Undo => "INSERT INTO undo_stack (label, changes) VALUES (?1, ?2)",
            Stack::Redo => "INSERT INTO redo_stack (label, changes) VALUES (?1, ?2)",
        };
        self.conn
            .prepare_cached(sql)
            .at(&self.path)?
            .execute([label, changes])
            .at(&self.path)
            .map(drop)
    }

    fn stack_all(&mut self, stack: Stack) -> Result<Vec<(String, String)>, StoreError> {
        let sql = format!("SELECT label, changes FROM {} ORDER BY seq", stack.table());
        let path = &self.path;
        let mut stmt = self.conn.prepare(&sql).at(path)?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .at(path)?;
        rows.collect::<Result<_, _>>().at(path)
    }

    fn audit_last(&mut self) -> Result<Option<(i64, String, Option<String>)>, StoreError> {
        let plan_hash = if self.plan_bound_schema()? {
            "plan_hash"
        } else {
            "NULL"
        };
        self.conn
            .prepare_cached(&format!(
                "SELECT seq, hash, {plan_hash} FROM audit ORDER BY seq DESC LIMIT 1"
            ))
            .at(&self.path)?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()
            .at(&self.path)
    }

    fn audit_insert(&mut self, e: &NewAuditEntry) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "INSERT INTO audit (seq, at, user, action, changes, prev_hash, plan_hash, hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )
            .at(&self.path)?
            .execute(rusqlite::params![
                e.seq as i64,
                e.at,
                e.user,
                e.action,
                e.changes,
                e.prev_hash,
                e.plan_hash,
                e.hash
            ])
            .at(&self.path)
            .map(drop)
    }

    fn audit_page(&mut self, limit: i64, before: i64) -> Result<Vec<AuditEntry>, StoreError> {
        let plan_hash = if self.plan_bound_schema()? {
            "plan_hash"
        } else {
            "NULL"
        };
        let path = &self.path;
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT seq, at, user, action, changes, prev_hash, hash, {plan_hash} FROM audit
                 WHERE seq < ?1 ORDER BY seq DESC LIMIT ?2"
            ))
            .at(path)?;
        let rows = stmt
            .query_map(rusqlite::params![before, limit], |r| {
                let changes: String = r.get(4)?;
                Ok(AuditEntry::from_stored(
                    r.get::<_, i64>(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    changes,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7).unwrap_or(None),
                ))
            })
            .at(path)?;
        rows.collect::<Result<Vec<_>, _>>().at(path)
    }

    fn each_audit_row(
        &mut self,
        f: &mut dyn FnMut(AuditRow) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let bound = self.plan_bound_schema()?;
        let path = &self.path;
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT seq, at, user, action, changes, prev_hash, hash, {}
                 FROM audit ORDER BY seq",
                if bound { "plan_hash" } else { "NULL" }
            ))
            .at(path)?;
        let mut rows = stmt.query([]).at(path)?;
        while let Some(r) = rows.next().at(path)? {
            let seq: i64 = r.get(0).at(path)?;
            let field = |i: usize, name: &str| -> Result<Result<String, String>, StoreError> {
                Ok(text_field(r.get_ref(i).at(path)?, name, seq))
            };
            let fields = [
                field(1, "time")?,
                field(2, "user")?,
                field(3, "action")?,
                field(4, "changes")?,
                field(5, "prev_hash")?,
                field(6, "hash")?,
            ];
            let plan_hash = match r.get_ref(7).at(path)? {
                ValueRef::Null => Ok(None),
                v => text_field(v, "plan_hash", seq).map(Some),
            };
            f(AuditRow {
                seq,
                fields,
                plan_hash,
            })?;
        }
        Ok(())
    }
}
