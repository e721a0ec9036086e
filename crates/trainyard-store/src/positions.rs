//! Where each entity row sits in its list.
//!
//! Positions are sparse (multiples of [`GAP`] at import); an insert takes the
//! midpoint of its neighbours and only when there is no room left are the
//! positions of that one kind renumbered.

use std::path::Path;

use rusqlite::Transaction;
use trainyard_core::format::EntityKind;

use crate::error::{SqlResultExt, StoreError};
use crate::plan_state::PlanState;

/// Distance between neighbouring positions when a list is (re)numbered.
pub(crate) const GAP: i64 = 1 << 32;

/// Stored positions per entity kind, indexed by `EntityKind as usize`.
pub(crate) type Positions = [Vec<i64>; 7];

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
/// renumbering the kind (in `list`, in the file and in `state`) when there is
/// no room.
pub(crate) fn insert_position(
    tx: &Transaction,
    path: &Path,
    kind: EntityKind,
    list: &mut Vec<i64>,
    at: usize,
    state: &mut PlanState,
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
    // never used otherwise), then give each its new place. A row's position is
    // part of the plan state, so the kind's rows leave it and come back.
    each_row(tx, path, kind, |p, id, body| {
        state.remove_row(kind, p, id, body)
    })?;
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
    each_row(tx, path, kind, |p, id, body| {
        state.add_row(kind, p, id, body)
    })?;
    around(list).ok_or_else(|| StoreError::corrupt(path, "a list is too long to renumber"))
}

fn each_row(
    tx: &Transaction,
    path: &Path,
    kind: EntityKind,
    mut f: impl FnMut(i64, &str, &str),
) -> Result<(), StoreError> {
    let mut stmt = tx
        .prepare_cached("SELECT position, id, body FROM entity WHERE kind = ?1")
        .at(path)?;
    let mut rows = stmt.query([kind.as_str()]).at(path)?;
    while let Some(r) = rows.next().at(path)? {
        let position: i64 = r.get(0).at(path)?;
        let id: String = r.get(1).at(path)?;
        let body: String = r.get(2).at(path)?;
        f(position, &id, &body);
    }
    Ok(())
}
