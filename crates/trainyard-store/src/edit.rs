//! The edit path: one edit (or undo, or redo) is one `BEGIN IMMEDIATE`
//! transaction that re-reads the file's revision first, writes the changed
//! rows, appends an audit entry bound to the new plan state and moves the
//! undo/redo stacks. If anything fails, the transaction rolls back and the
//! in-memory plan is restored.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};
use serde_json::Value;
use trainyard_core::edit::Change;

use crate::audit;
use crate::codec;
use crate::document::Document;
use crate::error::{SqlResultExt, StoreError};
use crate::load::read_revision;
use crate::plan_state::PlanState;
use crate::positions::{insert_position, Positions};
use crate::store::DocumentStore;

/// What an edit applies and how it moves the undo/redo stacks.
pub(crate) enum EditKind<'a> {
    Normal {
        label: &'a str,
        changes: &'a [Change],
    },
    Undo,
    Redo,
}

impl<D: Document> DocumentStore<D> {
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

    pub(crate) fn edit(&mut self, base_revision: u64, kind: EditKind) -> Result<u64, StoreError> {
        let mut memory_suspect = false;
        let result = run_edit(
            &mut self.conn,
            &self.path,
            &mut self.doc,
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
/// (copies of the touched kinds' positions) and `state` in step. The rows a
/// change replaces or deletes leave `state` with their stored bytes.
fn write_changes(
    tx: &Transaction,
    path: &Path,
    positions: &Positions,
    work: &mut [Option<Vec<i64>>; 7],
    state: &mut PlanState,
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
                state.set_name(name.as_deref());
                state.set_timezone(timezone.name());
            }
            (Change::Put { entity, .. }, Some(Change::Put { .. })) => {
                let kind = entity.kind();
                let old: Option<(i64, String)> = tx
                    .prepare_cached("SELECT position, body FROM entity WHERE kind = ?1 AND id = ?2")
                    .at(path)?
                    .query_row(rusqlite::params![kind.as_str(), entity.id()], |r| {
                        Ok((r.get(0)?, r.get(1)?))
                    })
                    .optional()
                    .at(path)?;
                let Some((position, old_body)) = old else {
                    return expect_one(0, path, "a replaced entity has no row");
                };
                let body = entity.to_value().to_string();
                let updated = tx
                    .prepare_cached("UPDATE entity SET body = ?3 WHERE kind = ?1 AND id = ?2")
                    .at(path)?
                    .execute(rusqlite::params![kind.as_str(), entity.id(), body])
                    .at(path)?;
                expect_one(updated, path, "a replaced entity has no row")?;
                state.remove_row(kind, position, entity.id(), &old_body);
                state.add_row(kind, position, entity.id(), &body);
            }
            (Change::Put { entity, position }, Some(Change::Delete { .. })) => {
                let kind = entity.kind();
                let list =
                    work[kind as usize].get_or_insert_with(|| positions[kind as usize].clone());
                let at = position.unwrap_or(list.len()).min(list.len());
                let p = insert_position(tx, path, kind, list, at, state)?;
                list.insert(at, p);
                let body = entity.to_value().to_string();
                tx.prepare_cached(
                    "INSERT INTO entity (kind, position, id, body) VALUES (?1, ?2, ?3, ?4)",
                )
                .at(path)?
                .execute(rusqlite::params![kind.as_str(), p, entity.id(), body])
                .at(path)?;
                state.add_row(kind, p, entity.id(), &body);
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
                let bodies: Vec<String> = tx
                    .prepare_cached(
                        "DELETE FROM entity WHERE kind = ?1 AND id = ?2 AND position = ?3
                         RETURNING body",
                    )
                    .at(path)?
                    .query_map(rusqlite::params![kind.as_str(), id, p], |r| r.get(0))
                    .at(path)?
                    .collect::<Result<_, _>>()
                    .at(path)?;
                expect_one(bodies.len(), path, "a deleted entity has no row")?;
                state.remove_row(*kind, p, id, &bodies[0]);
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
fn run_edit<D: Document>(
    conn: &mut Connection,
    path: &Path,
    doc: &mut D,
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

    // From here on the in-memory document is changed; any error must restore it.
    let inverse = doc.apply(&changes)?;
    let mut work: [Option<Vec<i64>>; 7] = Default::default();
    let new_revision = actual + 1;

    let written = (|| {
        let mut state = state_to_build_on(&tx, path)?;
        write_changes(
            &tx, path, positions, &mut work, &mut state, &changes, &inverse,
        )?;

        let records: Vec<Value> = changes
            .iter()
            .enumerate()
            .map(|(k, c)| match inverse.get(changes.len() - 1 - k) {
                Some(inv) => codec::audit_record(c, inv),
                None => Value::Null,
            })
            .collect();
        let (_, hash) = audit::append(
            &tx,
            path,
            user,
            &action,
            &Value::Array(records).to_string(),
            &state.hash(),
        )?;
        tx.prepare_cached("UPDATE plan_meta SET revision = ?1, audit_head = ?2, plan_state = ?3")
            .at(path)?
            .execute(rusqlite::params![
                new_revision as i64,
                hash,
                state.to_text()
            ])
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
            if doc.apply(&inverse).is_err() {
                *memory_suspect = true;
            }
            Err(e)
        }
    }
}

/// The plan state an edit starts from: the one `plan_meta` records, once its
/// hash is checked against the newest audit entry's plan hash. An edit never
/// builds on a state the trail does not vouch for (that would launder a change
/// made behind the store's back into the trail). A file upgraded from schema 1
/// has neither yet: its first edit takes the state of the rows as found.
fn state_to_build_on(tx: &Transaction, path: &Path) -> Result<PlanState, StoreError> {
    let recorded: Option<String> = tx
        .prepare_cached("SELECT plan_state FROM plan_meta")
        .at(path)?
        .query_row([], |r| r.get(0))
        .at(path)?;
    let head: Option<String> = tx
        .prepare_cached("SELECT plan_hash FROM audit ORDER BY seq DESC LIMIT 1")
        .at(path)?
        .query_row([], |r| r.get(0))
        .optional()
        .at(path)?
        .flatten();
    let state = match &recorded {
        Some(text) => PlanState::from_text(text),
        None => PlanState::from_file(tx).at(path)?.ok(),
    };
    match (state, head, recorded.is_some()) {
        (Some(state), Some(head), _) if state.hash() == head => Ok(state),
        (Some(state), None, false) => Ok(state),
        _ => Err(StoreError::corrupt(
            path,
            "the plan does not match its audit trail (it was changed outside trainyard); \
             `trainyard audit verify` says more",
        )),
    }
}
