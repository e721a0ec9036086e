//! The edit path: one edit (or undo, or redo) is one `BEGIN IMMEDIATE`
//! transaction that re-reads the file's revision first, writes the changed
//! rows, appends an audit entry bound to the new plan state and moves the
//! undo/redo stacks. If anything fails, the transaction rolls back and the
//! in-memory plan is restored.

use std::path::Path;

use serde_json::Value;
use trainyard_core::edit::Change;

use crate::audit;
use crate::backend::{in_transaction, Backend, Stack, TxKind};
use crate::codec;
use crate::document::Document;
use crate::error::StoreError;
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
        if self.read_only {
            return Err(StoreError::ReadOnly {
                path: self.path.clone(),
            });
        }
        let mut memory_suspect = false;
        let mut backend = self.backend.lock().unwrap_or_else(|e| e.into_inner());
        let result = run_edit(
            &mut **backend,
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
                drop(backend);
                self.revision = revision;
                Ok(revision)
            }
            Err(e) => {
                drop(backend);
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

impl<D: Document> DocumentStore<D> {
    /// Appends an entry with no change to the plan, labelled `action`
    /// (a gate decision a pipeline asked to record): a new revision whose
    /// plan hash is the current one, under this store's user (on a team
    /// plan, the database login). Not part of the undo history. Returns the
    /// new revision.
    pub fn record_note(&mut self, action: &str) -> Result<u64, StoreError> {
        if self.read_only && self.lock_backend().team_access().is_none() {
            return Err(StoreError::ReadOnly {
                path: self.path.clone(),
            });
        }
        let user = self.user.clone();
        let memory = self.revision;
        let mut backend = self.lock_backend();
        let location = backend.location().to_owned();
        let (before, after) = in_transaction(&mut **backend, TxKind::Write, |b| {
            let actual = read_revision(b)?;
            let state = state_to_build_on(b, &location)?;
            let (seq, hash) = audit::append(b, &user, action, "[]", &state.hash())?;
            b.finish_edit(seq, &hash, &state.to_text())?;
            Ok((actual, seq))
        })?;
        drop(backend);
        if before == memory {
            self.revision = after;
        }
        Ok(after)
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
    b: &mut dyn Backend,
    path: &Path,
    positions: &Positions,
    work: &mut [Option<Vec<i64>>; trainyard_core::format::EntityKind::COUNT],
    state: &mut PlanState,
    changes: &[Change],
    inverse: &[Change],
) -> Result<(), StoreError> {
    let n = changes.len();
    for (k, change) in changes.iter().enumerate() {
        let inv = inverse.get(n - 1 - k);
        match (change, inv) {
            (Change::SetPlan { name, timezone }, _) => {
                b.set_plan(name.as_deref(), timezone.name())?;
                state.set_name(name.as_deref());
                state.set_timezone(timezone.name());
            }
            (Change::Put { entity, .. }, Some(Change::Put { .. })) => {
                let kind = entity.kind();
                let Some((position, old_body)) = b.entity(kind, entity.id())? else {
                    return expect_one(0, path, "a replaced entity has no row");
                };
                let body = entity.to_value().to_string();
                let updated = b.update_body(kind, entity.id(), &body)?;
                expect_one(updated, path, "a replaced entity has no row")?;
                state.remove_row(kind, position, entity.id(), &old_body);
                state.add_row(kind, position, entity.id(), &body);
            }
            (Change::Put { entity, position }, Some(Change::Delete { .. })) => {
                let kind = entity.kind();
                let list =
                    work[kind as usize].get_or_insert_with(|| positions[kind as usize].clone());
                let at = position.unwrap_or(list.len()).min(list.len());
                let p = insert_position(b, kind, list, at, state)?;
                list.insert(at, p);
                let body = entity.to_value().to_string();
                b.insert_entity(kind, p, entity.id(), &body)?;
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
                let bodies = b.delete_entity(*kind, id, p)?;
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
    b: &mut dyn Backend,
    doc: &mut D,
    positions: &mut Positions,
    memory_revision: u64,
    user: &str,
    base_revision: u64,
    kind: EditKind,
    memory_suspect: &mut bool,
) -> Result<u64, StoreError> {
    let location = b.location().to_owned();
    let path = location.as_path();
    // The inverse of what was applied to `doc`, once it was.
    let mut applied: Option<Vec<Change>> = None;
    let mut work: [Option<Vec<i64>>; trainyard_core::format::EntityKind::COUNT] =
        Default::default();
    let result = in_transaction(b, TxKind::Write, |b| {
        let actual = read_revision(b)?;
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

        // What to apply, and the undo/redo entry it comes from.
        let (label, action, changes, from_stack): (
            String,
            String,
            Vec<Change>,
            Option<(Stack, i64)>,
        ) = match kind {
            EditKind::Normal { label, changes } => {
                if changes.is_empty() {
                    return Ok(actual);
                }
                (label.to_owned(), label.to_owned(), changes.to_vec(), None)
            }
            EditKind::Undo | EditKind::Redo => {
                let (stack, verb, none) = match kind {
                    EditKind::Undo => (Stack::Undo, "undo", StoreError::NothingToUndo),
                    _ => (Stack::Redo, "redo", StoreError::NothingToRedo),
                };
                let Some((seq, label, text)) = b.stack_top(stack)? else {
                    return Err(none);
                };
                let changes = codec::changes_from_text(&text).map_err(|e| {
                    StoreError::corrupt(path, format!("{verb} entry {label:?}: {e}"))
                })?;
                let action = format!("{verb}: {label}");
                (label, action, changes, Some((stack, seq)))
            }
        };

        // From here on the in-memory document is changed; any error must restore it.
        let inverse = doc.apply(&changes)?;
        let inverse = applied.insert(inverse);
        let new_revision = actual + 1;

        let mut state = state_to_build_on(b, path)?;
        write_changes(b, path, positions, &mut work, &mut state, &changes, inverse)?;

        let records: Vec<Value> = changes
            .iter()
            .enumerate()
            .map(|(k, c)| match inverse.get(changes.len() - 1 - k) {
                Some(inv) => codec::audit_record(c, inv),
                None => Value::Null,
            })
            .collect();
        let (_, hash) = audit::append(
            b,
            user,
            &action,
            &Value::Array(records).to_string(),
            &state.hash(),
        )?;
        b.finish_edit(new_revision, &hash, &state.to_text())?;

        let inverse_text = codec::changes_to_text(inverse);
        let push_to = match from_stack {
            None if !b.records_history() => None,
            None => {
                b.stack_clear(Stack::Redo)?;
                Some(Stack::Undo)
            }
            Some((stack, seq)) => {
                b.stack_remove(stack, seq)?;
                Some(match stack {
                    Stack::Undo => Stack::Redo,
                    Stack::Redo => Stack::Undo,
                })
            }
        };
        if let Some(stack) = push_to {
            b.stack_push(stack, &label, &inverse_text)?;
        }
        Ok(new_revision)
    });
    match result {
        Ok(revision) => {
            for (k, w) in work.into_iter().enumerate() {
                if let Some(w) = w {
                    positions[k] = w;
                }
            }
            Ok(revision)
        }
        Err(e) => {
            if let Some(inverse) = applied {
                if doc.apply(&inverse).is_err() {
                    *memory_suspect = true;
                }
            }
            Err(e)
        }
    }
}

/// The plan state an edit starts from: the one the plan's metadata records,
/// once its hash is checked against the newest audit entry's plan hash. An
/// edit never builds on a state the trail does not vouch for (that would
/// launder a change made behind the store's back into the trail). A file
/// upgraded from schema 1 has neither yet: its first edit takes the state of
/// the rows as found.
fn state_to_build_on(b: &mut dyn Backend, path: &Path) -> Result<PlanState, StoreError> {
    let recorded = b.meta()?.and_then(|m| m.plan_state);
    let head = b.audit_last()?.and_then(|(_, _, plan_hash)| plan_hash);
    let state = match &recorded {
        Some(text) => PlanState::from_text(text),
        None => PlanState::from_rows(b)?.ok(),
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
