use trainyard_core::edit::{Change, Entity};
use trainyard_core::format::EntityKind;
use trainyard_core::plan_to_json;
use trainyard_store::{Store, StoreError};

use crate::util::*;

/// Asserts that a refused edit left memory and file exactly as before.
fn assert_unchanged(
    store: &Store,
    stored: &trainyard_core::Plan,
    before_json: &str,
    before_revision: u64,
    audit_len: usize,
) {
    assert_eq!(
        store.export_json(),
        before_json,
        "the in-memory plan is unchanged"
    );
    assert_eq!(
        store.revision(),
        before_revision,
        "the revision is unchanged"
    );
    assert_eq!(
        store.file_revision().unwrap(),
        before_revision,
        "the file's revision is unchanged"
    );
    assert_eq!(
        store.audit_log(1000, None).unwrap().len(),
        audit_len,
        "nothing was audited"
    );
    assert_eq!(
        plan_to_json(stored),
        before_json,
        "the file's plan is unchanged"
    );
}

#[test]
fn an_edit_persists_across_reopen() {
    on_both("an_edit_persists_across_reopen", |h, mut store| {
        let change = set_wave(store.plan(), "d3", "eu-2");
        let rev = store.apply(1, "set wave of d3", &[change]).unwrap();
        assert_eq!(rev, 2);
        assert_eq!(
            store.plan().deployment("d3").unwrap().wave.as_deref(),
            Some("eu-2")
        );
        let expected = store.export_json();
        drop(store);

        let store = h.reopen();
        assert_eq!(store.revision(), 2);
        assert_eq!(store.export_json(), expected);
    });
}

#[test]
fn a_deployment_of_an_unknown_service_is_refused_and_changes_nothing() {
    on_both("a_deployment_of_an_unknown_ser", |h, mut store| {
        let before = store.export_json();
        let mut d = deployment(store.plan(), "d9", "x");
        d.service = "no-such-service".into();
        let err = store.apply(1, "add d9", &[put(d)]).unwrap_err();
        assert_eq!(err.code(), "invalid_plan", "{err}");
        assert!(
            err.to_string().contains("no-such-service"),
            "says what is wrong: {err}"
        );
        assert_unchanged(&store, &h.stored_plan(), &before, 1, 1);
    });
}

#[test]
fn deleting_a_service_still_in_use_is_refused_and_changes_nothing() {
    on_both("deleting_a_service_still_in_us", |h, mut store| {
        let before = store.export_json();
        let err = store
            .apply(
                1,
                "delete ledger",
                &[Change::Delete {
                    kind: EntityKind::Service,
                    id: "ledger".into(),
                }],
            )
            .unwrap_err();
        assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
        assert_unchanged(&store, &h.stored_plan(), &before, 1, 1);
    });
}

#[test]
fn an_edit_that_fails_half_way_changes_nothing() {
    on_both("an_edit_that_fails_half_way_ch", |h, mut store| {
        let before = store.export_json();
        let good = set_wave(store.plan(), "d1", "changed");
        let mut bad = deployment(store.plan(), "d9", "x");
        bad.release = "no-such-release".into();
        let err = store
            .apply(1, "two changes", &[good, put(bad)])
            .unwrap_err();
        assert_eq!(err.code(), "invalid_plan");
        assert_unchanged(&store, &h.stored_plan(), &before, 1, 1);
    });
}

#[test]
fn a_database_failure_after_validation_rolls_back_file_and_memory() {
    let (t, mut store) = new_store();
    let before = store.export_json();
    // Another program makes the next entity insert fail inside our transaction.
    raw(&t.path)
        .execute_batch(
            "CREATE TRIGGER boom BEFORE INSERT ON entity WHEN NEW.id = 'boom'
             BEGIN SELECT RAISE(ABORT, 'boom'); END;",
        )
        .unwrap();
    let change1 = set_wave(store.plan(), "d2", "first");
    let change2 = put(deployment(store.plan(), "boom", "x"));
    let err = store.apply(1, "boom", &[change1, change2]).unwrap_err();
    assert_eq!(err.code(), "sqlite", "{err}");
    assert_unchanged(
        &store,
        &Store::open_read_only(&t.path).unwrap(),
        &before,
        1,
        1,
    );
    assert_eq!(store.can_undo().unwrap(), None, "no undo entry was pushed");

    raw(&t.path).execute_batch("DROP TRIGGER boom").unwrap();
    let change = put(deployment(store.plan(), "boom", "x"));
    assert_eq!(
        store.apply(1, "boom", &[change]).unwrap(),
        2,
        "the store still works"
    );
}

#[test]
fn list_order_survives_many_inserts_in_the_middle_and_at_the_front() {
    on_both("list_order_survives_many_inser", |h, mut store| {
        // 40 inserts at the front exhaust the gap below the first position and
        // force a renumbering; the others land between neighbours.
        for i in 0..70usize {
            let d = deployment(store.plan(), &format!("n{i}"), "w");
            let position = match i % 3 {
                0 | 1 => Some(0),
                _ => Some(store.plan().deployments.len() / 2),
            };
            let base = store.revision();
            store
                .apply(
                    base,
                    "insert",
                    &[Change::Put {
                        entity: Entity::Deployment(d),
                        position,
                    }],
                )
                .unwrap();
        }
        let in_memory = deployment_ids(store.plan()).join(",");
        let expected = store.export_json();
        drop(store);
        let store = h.reopen();
        assert_eq!(
            deployment_ids(store.plan()).join(","),
            in_memory,
            "file order == memory order"
        );
        assert_eq!(store.export_json(), expected);
    });
}

#[test]
fn several_changes_to_the_same_entity_in_one_edit_are_stored_in_order() {
    on_both("several_changes_to_the_same_en", |h, mut store| {
        let plan = store.plan().clone();
        let changes = vec![
            put(deployment(&plan, "dx", "first")),
            Change::Delete {
                kind: EntityKind::Deployment,
                id: "dx".into(),
            },
            Change::Put {
                entity: Entity::Deployment(deployment(&plan, "dx", "second")),
                position: Some(1),
            },
            set_wave(&plan, "d1", "moved"),
        ];
        store.apply(1, "shuffle", &changes).unwrap();
        assert_eq!(
            deployment_ids(store.plan()),
            ["d1", "dx", "d2", "d3", "d4", "d5"]
        );
        let expected = store.export_json();
        drop(store);
        assert_eq!(h.reopen().export_json(), expected);
    });
}

#[test]
fn setting_the_plan_name_and_timezone_persists() {
    on_both("setting_the_plan_name_and_time", |h, mut store| {
        let change = Change::SetPlan {
            name: Some("Renamed \"plan\"".into()),
            timezone: chrono_tz::Tz::America__New_York,
        };
        store.apply(1, "rename", &[change]).unwrap();
        drop(store);
        let store = h.reopen();
        assert_eq!(store.plan().name.as_deref(), Some("Renamed \"plan\""));
        assert_eq!(store.plan().timezone, chrono_tz::Tz::America__New_York);
    });
}

#[test]
fn an_empty_edit_writes_nothing() {
    on_both("an_empty_edit_writes_nothing", |_, mut store| {
        assert_eq!(store.apply(1, "nothing", &[]).unwrap(), 1);
        assert_eq!(store.audit_log(10, None).unwrap().len(), 1);
        assert_eq!(store.can_undo().unwrap(), None);
    });
}
