//! The store's contract, run on a plan file and on a team plan alike.

use trainyard_core::plan_to_json;
use trainyard_store::{Store, StoreError};

use super::Team;
use crate::util::{deployment, example, new_store, put, set_wave, TempPlan};

/// Both backends, each holding the example plan, with a second handle on the
/// same plan (another window, another coordinator).
fn both(test: &str) -> Vec<(&'static str, Store, Store, Option<TempPlan>)> {
    let (t, file) = new_store();
    let file2 = Store::open(&t.path, crate::util::opts()).unwrap();
    let team = Team::new(test);
    let a = team.with_example("plan");
    let bob = team.member("bob", "coordinator");
    let b = Store::open_team(&team.address(bob, "plan")).unwrap();
    vec![("file", file, file2, Some(t)), ("team", a, b, None)]
}

#[test]
fn a_published_plan_exports_byte_identical_json() {
    for (name, store, other, _t) in both("export") {
        assert_eq!(store.export_json(), plan_to_json(&example()), "{name}");
        assert_eq!(other.export_json(), plan_to_json(&example()), "{name}");
        assert_eq!(store.revision(), 1, "{name}");
    }
}

#[test]
fn an_edit_is_one_revision_with_its_audit_entry_and_undo() {
    for (name, mut a, mut b, _t) in both("edit") {
        let r = a
            .apply(1, "move d1", &[set_wave(a.plan(), "d1", "w9")])
            .unwrap();
        assert_eq!(r, 2, "{name}");
        assert_eq!(a.can_undo().unwrap().as_deref(), Some("move d1"), "{name}");
        let log = a.audit_log(10, None).unwrap();
        assert_eq!(log[0].action, "move d1", "{name}");
        assert_eq!(log[0].seq, 2, "{name}");
        b.reload().unwrap();
        assert_eq!(b.revision(), 2, "{name}");
        assert_eq!(
            b.plan().deployment("d1").unwrap().wave.as_deref(),
            Some("w9"),
            "{name}"
        );
        assert!(a.verify_audit().unwrap().ok, "{name}");
        a.undo(2).unwrap();
        assert_eq!(
            a.plan().deployment("d1").unwrap().wave,
            example().deployment("d1").unwrap().wave
        );
        a.redo(3).unwrap();
        assert_eq!(a.revision(), 4, "{name}");
        let v = b.verify_audit().unwrap();
        assert!(v.ok && v.plan_bound && v.entries == 4, "{name}: {v:?}");
    }
}

#[test]
fn an_edit_made_on_a_stale_revision_is_refused_and_overwrites_nothing() {
    for (name, mut a, mut b, _t) in both("stale") {
        a.apply(1, "a moves d1", &[set_wave(a.plan(), "d1", "from-a")])
            .unwrap();
        let e = b
            .apply(1, "b moves d1", &[set_wave(b.plan(), "d1", "from-b")])
            .unwrap_err();
        assert!(
            matches!(
                e,
                StoreError::Stale {
                    expected: 1,
                    actual: 2
                }
            ),
            "{name}: {e}"
        );
        assert_eq!(
            b.plan().deployment("d1").unwrap().wave,
            example().deployment("d1").unwrap().wave,
            "{name}: b's memory is restored"
        );
        b.reload().unwrap();
        assert_eq!(
            b.plan().deployment("d1").unwrap().wave.as_deref(),
            Some("from-a"),
            "{name}"
        );
        b.apply(2, "b adds d9", &[put(deployment(b.plan(), "d9", "w1"))])
            .unwrap();
        a.reload().unwrap();
        assert!(a.plan().deployment("d9").is_some(), "{name}");
        assert!(a.verify_audit().unwrap().ok, "{name}");
    }
}

#[test]
fn an_invalid_edit_writes_nothing() {
    for (name, mut a, _b, _t) in both("invalid") {
        let mut d = a.plan().deployment("d1").unwrap().clone();
        d.release = "nope".into();
        let e = a.apply(1, "bad", &[put(d)]).unwrap_err();
        assert!(matches!(e, StoreError::Invalid(_)), "{name}: {e}");
        assert_eq!(a.revision(), 1);
        assert_eq!(a.file_revision().unwrap(), 1, "{name}");
        assert_eq!(a.export_json(), plan_to_json(&example()), "{name}");
    }
}

#[test]
fn many_inserts_renumber_positions_and_keep_the_audit_chain() {
    for (name, mut a, mut b, _t) in both("renumber") {
        let mut rev = 1;
        // Inserting at the front halves the gap each time: 34 inserts force
        // a renumbering of the kind.
        for i in 0..40 {
            let d = deployment(a.plan(), &format!("n{i}"), "w");
            rev = a
                .apply(
                    rev,
                    "insert",
                    &[trainyard_core::edit::Change::Put {
                        entity: trainyard_core::edit::Entity::Deployment(d),
                        position: Some(0),
                    }],
                )
                .unwrap();
        }
        b.reload().unwrap();
        assert_eq!(b.export_json(), a.export_json(), "{name}");
        assert_eq!(b.plan().deployments[0].id.as_str(), "n39", "{name}");
        assert!(b.verify_audit().unwrap().ok, "{name}");
    }
}

#[test]
fn concurrent_writers_lose_no_acknowledged_edit() {
    let (t, file) = new_store();
    let team = Team::new("writers");
    let on_team = team.with_example("plan");
    let path = t.path.clone();
    let address = team.address("alice", "plan");
    type Opener = Box<dyn Fn() -> Store + Sync>;
    let open: Vec<(&str, Opener)> = vec![
        (
            "file",
            Box::new(move || Store::open(&path, crate::util::opts()).unwrap()),
        ),
        (
            "team",
            Box::new(move || Store::open_team(&address).unwrap()),
        ),
    ];
    drop((file, on_team));
    for (name, open) in &open {
        let acknowledged = std::sync::Mutex::new(Vec::new());
        let stale = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|s| {
            for w in 0..4 {
                let (open, acknowledged, stale) = (open, &acknowledged, &stale);
                s.spawn(move || {
                    let mut store = open();
                    for k in 0..15 {
                        let id = format!("w{w}-{k}");
                        loop {
                            let d = deployment(store.plan(), &id, "w");
                            match store.apply(store.revision(), "add", &[put(d)]) {
                                Ok(_) => break,
                                Err(StoreError::Stale { .. }) | Err(StoreError::Busy { .. }) => {
                                    stale.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                                    store.reload().unwrap();
                                }
                                Err(e) => panic!("{name}: {e}"),
                            }
                        }
                        acknowledged.lock().unwrap().push(id);
                    }
                });
            }
        });
        let store = open();
        let ids = acknowledged.into_inner().unwrap();
        assert_eq!(ids.len(), 60, "{name}");
        for id in &ids {
            assert!(
                store.plan().deployment(id).is_some(),
                "{name}: {id} was lost"
            );
        }
        assert_eq!(
            store.revision(),
            61,
            "{name}: one revision per acknowledged edit"
        );
        let v = store.verify_audit().unwrap();
        assert!(v.ok && v.entries == 61, "{name}: {v:?}");
    }
}

/// Release governance (new entity kinds, a release's checklist, decision and
/// review) is published, read back, edited and verified on a team plan as in
/// a file.
#[test]
fn governance_round_trips_through_a_team_plan() {
    let plan = crate::governance::governed();
    let team = Team::new("governance");
    let alice = team.member("alice", "coordinator");
    let mut store = Store::create_team(&team.address(alice, "plan"), &plan).unwrap();
    assert_eq!(store.export_json(), plan_to_json(&plan));
    let mut hold = plan.holds[0].clone();
    hold.id = "h2".into();
    hold.until = None;
    store
        .apply(
            1,
            "hold",
            &[trainyard_core::edit::Change::put(
                trainyard_core::edit::Entity::Hold(hold.clone()),
            )],
        )
        .unwrap();
    let bob = team.member("bob", "coordinator");
    let other = Store::open_team(&team.address(bob, "plan")).unwrap();
    assert_eq!(other.plan().holds, vec![plan.holds[0].clone(), hold]);
    assert_eq!(other.plan().releases, plan.releases);
    let v = other.verify_audit().unwrap();
    assert!(v.ok && v.plan_bound, "{v:?}");
}
