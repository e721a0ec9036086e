//! Where each entity row sits in its list.
//!
//! Positions are sparse (multiples of [`GAP`] at import); an insert takes the
//! midpoint of its neighbours and only when there is no room left are the
//! positions of that one kind renumbered.

use trainyard_core::format::EntityKind;

use crate::backend::Backend;
use crate::error::StoreError;
use crate::plan_state::PlanState;

/// Distance between neighbouring positions when a list is (re)numbered.
pub(crate) const GAP: i64 = 1 << 32;

/// Stored positions per entity kind, indexed by `EntityKind as usize`.
pub(crate) type Positions = [Vec<i64>; EntityKind::COUNT];

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
    b: &mut dyn Backend,
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
    each_row(b, kind, &mut |p, id, body| {
        state.remove_row(kind, p, id, body)
    })?;
    b.negate_positions(kind)?;
    for (i, p) in list.iter_mut().enumerate() {
        let new = (i as i64 + 1) * GAP;
        b.set_position(kind, -*p, new)?;
        *p = new;
    }
    each_row(b, kind, &mut |p, id, body| state.add_row(kind, p, id, body))?;
    let location = b.location().to_owned();
    around(list).ok_or_else(|| StoreError::corrupt(&location, "a list is too long to renumber"))
}

fn each_row(
    b: &mut dyn Backend,
    kind: EntityKind,
    f: &mut dyn FnMut(i64, &str, &str),
) -> Result<(), StoreError> {
    let location = b.location().to_owned();
    b.each_entity(Some(kind), &mut |r| {
        fn text(v: Option<&[u8]>) -> Option<&str> {
            v.and_then(|b| std::str::from_utf8(b).ok())
        }
        match (r.position, text(r.id), text(r.body)) {
            (Some(p), Some(id), Some(body)) => {
                f(p, id, body);
                Ok(())
            }
            _ => Err(StoreError::corrupt(&location, "an entity row is damaged")),
        }
    })
}
