//! Changes made to the plan rows behind the store's back, and a tail of the
//! trail cut off with the head moved back: each went unnoticed while the
//! chain covered the audit entries alone. The plan hash each entry carries
//! catches them.

use std::path::Path;

use proptest::prelude::*;
use rusqlite::Connection;
use trainyard_store::Store;

use crate::audit::{tamperable, verify};
use crate::util::*;

/// Asserts that verification fails because of the plan, naming `what`.
fn assert_plan_tampered(path: &Path, what: &str) {
    let v = verify(path);
    assert!(!v.ok, "went unnoticed: {v:?}");
    assert_eq!(v.first_bad_seq, None, "no entry is bad: {v:?}");
    let problem = v.problem.unwrap_or_default();
    assert!(
        problem.contains("the stored plan does not match the newest audit entry (5)"),
        "{problem}"
    );
    assert!(problem.contains(what), "names {what:?}: {problem}");
}

fn position(conn: &Connection, kind: &str, id: &str) -> i64 {
    conn.query_row(
        "SELECT position FROM entity WHERE kind = ?1 AND id = ?2",
        [kind, id],
        |r| r.get(0),
    )
    .unwrap()
}

/// Gives the rows `a` and `b` of `kind` each other's positions.
fn swap_positions(conn: &Connection, kind: &str, a: &str, b: &str) {
    let (pa, pb) = (position(conn, kind, a), position(conn, kind, b));
    let set = "UPDATE entity SET position = ?1 WHERE kind = ?2 AND id = ?3";
    conn.execute(set, rusqlite::params![i64::MIN, kind, a])
        .unwrap();
    conn.execute(set, rusqlite::params![pa, kind, b]).unwrap();
    conn.execute(set, rusqlite::params![pb, kind, a]).unwrap();
}

/// Drops the entries after `keep` and points the plan's head and revision
/// at entry `keep`, as someone hiding the newest edits would.
fn truncate_to(conn: &Connection, keep: i64) {
    conn.execute("DELETE FROM audit WHERE seq > ?1", [keep])
        .unwrap();
    conn.execute(
        "UPDATE plan_meta SET revision = ?1, audit_head = (SELECT hash FROM audit WHERE seq = ?1)",
        [keep],
    )
    .unwrap();
}

#[test]
fn an_untouched_file_verifies_with_the_plan_bound() {
    let (_d, path, conn) = tamperable();
    drop(conn);
    let v = verify(&path);
    assert!(v.ok && v.plan_bound, "{v:?}");
}

#[test]
fn moving_a_prod_deployment_to_staging_in_the_raw_file_is_detected() {
    let (_d, path, conn) = tamperable();
    let n = conn
        .execute(
            r#"UPDATE entity SET body = replace(body, '"environment":"prod"', '"environment":"staging"')
               WHERE kind = 'deployment' AND id = 'd2'"#,
            [],
        )
        .unwrap();
    assert_eq!(n, 1);
    drop(conn);
    let store = Store::open(&path, opts()).expect("the changed file still loads");
    assert_eq!(
        store.plan().deployment("d2").unwrap().environment.as_str(),
        "staging"
    );
    drop(store);
    assert_plan_tampered(
        &path,
        "changed: the deployments (a row's contents, id or order)",
    );
}

#[test]
fn deleting_the_month_end_blackout_row_is_detected() {
    let (_d, path, conn) = tamperable();
    conn.execute(
        "DELETE FROM entity WHERE kind = 'window' AND id = 'bo-monthend'",
        [],
    )
    .unwrap();
    drop(conn);
    assert_plan_tampered(&path, "changed: the windows (2 recorded, 1 stored)");
}

#[test]
fn swapping_the_positions_of_two_deployments_is_detected() {
    let (_d, path, conn) = tamperable();
    swap_positions(&conn, "deployment", "d1", "d2");
    drop(conn);
    let store = Store::open(&path, opts()).unwrap();
    assert_eq!(deployment_ids(store.plan())[..2], ["d2", "d1"]);
    drop(store);
    assert_plan_tampered(
        &path,
        "changed: the deployments (a row's contents, id or order)",
    );
}

#[test]
fn changing_the_plan_name_or_time_zone_is_detected() {
    for (sql, what) in [
        (
            "UPDATE plan_meta SET name = 'Other plan'",
            "changed: the plan's name",
        ),
        (
            "UPDATE plan_meta SET timezone = 'America/New_York'",
            "changed: the plan's time zone",
        ),
    ] {
        let (_d, path, conn) = tamperable();
        conn.execute(sql, []).unwrap();
        drop(conn);
        assert_plan_tampered(&path, what);
    }
}

#[test]
fn rewriting_the_recorded_plan_state_too_does_not_hide_a_changed_row() {
    let (_d, path, conn) = tamperable();
    conn.execute(
        "DELETE FROM entity WHERE kind = 'window' AND id = 'bo-monthend'",
        [],
    )
    .unwrap();
    conn.execute("UPDATE plan_meta SET plan_state = NULL", [])
        .unwrap();
    drop(conn);
    let v = verify(&path);
    assert!(!v.ok, "{v:?}");
    assert!(
        v.problem.unwrap().contains("what changed cannot be named"),
        "the recorded state no longer vouches for anything"
    );
}

#[test]
fn dropping_the_newest_entries_and_moving_the_head_back_is_detected() {
    let (_d, path, conn) = tamperable();
    truncate_to(&conn, 4);
    drop(conn);
    let v = verify(&path);
    assert!(!v.ok, "went unnoticed: {v:?}");
    assert!(v
        .problem
        .unwrap()
        .contains("does not match the newest audit entry (4)"),);
}

#[test]
fn a_truncation_back_to_the_same_plan_is_caught_only_by_a_head_kept_elsewhere() {
    // Entries 4 and 5 are an edit and its undo: the plan after entry 3 is the
    // plan after entry 5, so inside the file nothing contradicts a trail cut
    // back to entry 3. The head printed by an earlier export does.
    let (_d, path, conn) = tamperable();
    let exported_head = Store::open(&path, opts()).unwrap().audit_head().unwrap();
    truncate_to(&conn, 3);
    drop(conn);
    let v = verify(&path);
    assert!(v.ok, "{v:?}");
    assert_ne!(v.head, exported_head);
}

#[test]
fn an_edit_refuses_to_build_on_a_plan_state_the_trail_does_not_vouch_for() {
    // A changed row with the recorded state dropped (so it would be taken
    // from the rows), or a recorded state that is not the head's.
    for sql in [
        "DELETE FROM entity WHERE kind = 'window' AND id = 'bo-monthend';
         UPDATE plan_meta SET plan_state = NULL;",
        "UPDATE plan_meta SET plan_state = 'trainyard plan state 1'",
    ] {
        let (_d, path, conn) = tamperable();
        conn.execute_batch(sql).unwrap();
        drop(conn);
        let mut store = Store::open(&path, opts()).unwrap();
        let change = set_wave(store.plan(), "d1", "w9");
        let err = store
            .apply(store.revision(), "edit", &[change])
            .unwrap_err();
        assert!(
            err.to_string().contains("does not match its audit trail"),
            "{err}"
        );
    }
    // With the rows intact, a dropped recorded state is simply rebuilt.
    let (_d, path, conn) = tamperable();
    conn.execute("UPDATE plan_meta SET plan_state = NULL", [])
        .unwrap();
    drop(conn);
    let mut store = Store::open(&path, opts()).unwrap();
    let change = set_wave(store.plan(), "d1", "w9");
    store.apply(store.revision(), "edit", &[change]).unwrap();
    assert!(store.verify_audit().unwrap().ok);
}

#[test]
fn an_edit_after_a_changed_row_keeps_the_change_visible() {
    let (_d, path, conn) = tamperable();
    conn.execute(
        r#"UPDATE entity SET body = replace(body, '"environment":"prod"', '"environment":"staging"')
           WHERE kind = 'deployment' AND id = 'd2'"#,
        [],
    )
    .unwrap();
    drop(conn);
    let mut store = Store::open(&path, opts()).unwrap();
    let change = set_wave(store.plan(), "d2", "w9");
    store.apply(store.revision(), "edit d2", &[change]).unwrap();
    let v = store.verify_audit().unwrap();
    assert!(
        !v.ok,
        "the edit did not launder the change into the trail: {v:?}"
    );
}

#[test]
fn edits_that_renumber_positions_keep_the_plan_bound() {
    let (_t, mut store) = new_store();
    // Inserting at the front again and again halves the first gap until the
    // kind is renumbered.
    for i in 0..40 {
        let d = deployment(store.plan(), &format!("n{i}"), "w");
        let change = trainyard_core::edit::Change::Put {
            entity: trainyard_core::edit::Entity::Deployment(d),
            position: Some(0),
        };
        store.apply(store.revision(), "insert", &[change]).unwrap();
    }
    let del = trainyard_core::edit::Change::Delete {
        kind: trainyard_core::format::EntityKind::Deployment,
        id: "n3".into(),
    };
    store.apply(store.revision(), "delete", &[del]).unwrap();
    store.undo(store.revision()).unwrap();
    let v = store.verify_audit().unwrap();
    assert!(v.ok && v.plan_bound, "{v:?}");
}

/// Every entity row of the template file as (kind, id).
fn rows(conn: &Connection) -> Vec<(String, String)> {
    let mut stmt = conn
        .prepare("SELECT kind, id FROM entity ORDER BY kind, position")
        .unwrap();
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    rows.collect::<Result<_, _>>().unwrap()
}

#[derive(Debug, Clone)]
enum Tamper {
    FlipBody {
        row: prop::sample::Index,
        byte: prop::sample::Index,
        mask: u8,
    },
    FlipId {
        row: prop::sample::Index,
        byte: prop::sample::Index,
        mask: u8,
    },
    Delete {
        row: prop::sample::Index,
    },
    Swap {
        row: prop::sample::Index,
        other: prop::sample::Index,
    },
    Truncate {
        keep: i64,
    },
}

fn tamper() -> impl Strategy<Value = Tamper> {
    prop_oneof![
        (
            any::<prop::sample::Index>(),
            any::<prop::sample::Index>(),
            1u8..=255
        )
            .prop_map(|(row, byte, mask)| Tamper::FlipBody { row, byte, mask }),
        (
            any::<prop::sample::Index>(),
            any::<prop::sample::Index>(),
            1u8..=255
        )
            .prop_map(|(row, byte, mask)| Tamper::FlipId { row, byte, mask }),
        any::<prop::sample::Index>().prop_map(|row| Tamper::Delete { row }),
        (any::<prop::sample::Index>(), any::<prop::sample::Index>())
            .prop_map(|(row, other)| Tamper::Swap { row, other }),
        (1i64..=4).prop_map(|keep| Tamper::Truncate { keep }),
    ]
}

/// Flips one byte of a text column of one row, keeping its storage class.
fn flip(
    conn: &Connection,
    column: &str,
    kind: &str,
    id: &str,
    byte: prop::sample::Index,
    mask: u8,
) -> bool {
    let mut bytes: Vec<u8> = conn
        .query_row(
            &format!("SELECT CAST({column} AS BLOB) FROM entity WHERE kind = ?1 AND id = ?2"),
            [kind, id],
            |r| r.get(0),
        )
        .unwrap();
    let i = byte.index(bytes.len());
    bytes[i] ^= mask;
    conn.execute(
        &format!("UPDATE entity SET {column} = CAST(?1 AS TEXT) WHERE kind = ?2 AND id = ?3"),
        rusqlite::params![bytes, kind, id],
    )
    .is_ok()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn any_change_to_the_plan_rows_or_a_cut_tail_is_detected(t in tamper()) {
        let (_d, path, conn) = tamperable();
        let all = rows(&conn);
        let pick = |i: &prop::sample::Index| all[i.index(all.len())].clone();
        // What the plan hash of the head was before, to tell an unchanged
        // plan (which no check inside the file can tell apart) from a changed one.
        let hash_of = |seq: i64| -> String {
            conn.query_row("SELECT plan_hash FROM audit WHERE seq = ?1", [seq], |r| r.get(0)).unwrap()
        };
        match &t {
            Tamper::FlipBody { row, byte, mask } => {
                let (kind, id) = pick(row);
                prop_assume!(flip(&conn, "body", &kind, &id, *byte, *mask));
            }
            Tamper::FlipId { row, byte, mask } => {
                let (kind, id) = pick(row);
                prop_assume!(flip(&conn, "id", &kind, &id, *byte, *mask));
            }
            Tamper::Delete { row } => {
                let (kind, id) = pick(row);
                conn.execute("DELETE FROM entity WHERE kind = ?1 AND id = ?2", [&kind, &id]).unwrap();
            }
            Tamper::Swap { row, other } => {
                let (kind, id) = pick(row);
                let same: Vec<_> = all.iter().filter(|(k, i)| *k == kind && *i != id).collect();
                prop_assume!(!same.is_empty());
                let (_, other_id) = same[other.index(same.len())];
                swap_positions(&conn, &kind, &id, other_id);
            }
            Tamper::Truncate { keep } => {
                prop_assume!(hash_of(*keep) != hash_of(5));
                truncate_to(&conn, *keep);
            }
        }
        drop(conn);
        let v = verify(&path);
        prop_assert!(!v.ok, "{:?} went unnoticed", t);
        prop_assert!(v.problem.is_some_and(|p| p.contains("the stored plan does not match the newest audit entry")), "{:?}", t);
    }
}
