//! Release governance in a plan file: the new entities and a release's
//! checklist, decision and review are stored, reopened, edited, undone and
//! bound by the audit trail like every other entity.

use trainyard_core::edit::{Change, Entity};
use trainyard_core::format::EntityKind;
use trainyard_core::{parse_plan, plan_to_json, Plan};
use trainyard_store::{verify_audit_file, Store};

use crate::util::*;

pub fn governed() -> Plan {
    let path = format!(
        "{}/../../docs/examples/not-ready.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut plan = parse_plan(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let more = format!(
        "{}/../../docs/examples/on-hold.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let holds = parse_plan(&std::fs::read_to_string(&more).unwrap()).unwrap();
    // The hold on production and a waiver of one of this plan's releases.
    plan.holds = vec![holds.holds[0].clone()];
    let mut w = holds.waivers[1].clone();
    w.release = "r-late".into();
    plan.waivers = vec![w];
    plan.bookings = vec![trainyard_core::Booking {
        id: "b1".into(),
        environment: "prod".into(),
        services: vec!["api".into()],
        holder: trainyard_core::Holder::Release("r-ready".into()),
        from: plan.deployments[0].start,
        until: plan.deployments[0].end,
        exclusive: true,
        note: Some("launch".into()),
        x: None,
    }];
    plan
}

#[test]
fn governance_round_trips_through_a_plan_file_byte_for_byte() {
    let plan = governed();
    let expected = plan_to_json(&plan);
    let t = temp_path();
    let store = Store::create(&t.path, &plan, opts()).unwrap();
    assert_eq!(store.export_json(), expected);
    drop(store);
    let reopened = Store::open(&t.path, opts()).unwrap();
    assert_eq!(reopened.plan(), &plan);
    assert_eq!(
        plan_to_json(&Store::open_read_only(&t.path).unwrap()),
        expected
    );
    let log = reopened.audit_log(10, None).unwrap();
    assert_eq!(log[0].changes[0]["after"]["entities"]["holds"], 1);
    assert!(verify_audit_file(&t.path).unwrap().ok);
}

#[test]
fn a_plan_without_governance_records_its_import_as_before() {
    let (_t, store) = new_store();
    let log = store.audit_log(10, None).unwrap();
    let entities = log[0].changes[0]["after"]["entities"].as_object().unwrap();
    let keys: Vec<&str> = entities.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "environments",
            "teams",
            "services",
            "trains",
            "windows",
            "releases",
            "deployments"
        ]
    );
}

#[test]
fn governance_entities_are_edited_undone_and_verified() {
    let t = temp_path();
    let mut store = Store::create(&t.path, &governed(), opts()).unwrap();
    let mut hold = store.plan().holds[0].clone();
    hold.until = None;
    hold.id = "h2".into();
    let rev = store.revision();
    store
        .apply(rev, "edit", &[Change::put(Entity::Hold(hold.clone()))])
        .unwrap();
    let rev = store.revision();
    store
        .apply(
            rev,
            "edit",
            &[Change::Delete {
                kind: EntityKind::Booking,
                id: "b1".into(),
            }],
        )
        .unwrap();
    drop(store);
    let mut store = Store::open(&t.path, opts()).unwrap();
    assert_eq!(store.plan().holds.len(), 2);
    assert_eq!(store.plan().holds[1], hold);
    assert!(store.plan().bookings.is_empty());
    let rev = store.revision();
    store.undo(rev).unwrap();
    assert_eq!(store.plan().bookings.len(), 1, "undo puts the booking back");
    drop(store);
    let v = verify_audit_file(&t.path).unwrap();
    assert!(v.ok && v.plan_bound, "{v:?}");
    // Deleting the release a waiver names is refused, and nothing changes.
    let mut store = Store::open(&t.path, opts()).unwrap();
    let before = store.export_json();
    let rev = store.revision();
    let err = store
        .apply(
            rev,
            "edit",
            &[Change::Delete {
                kind: EntityKind::Release,
                id: "r-late".into(),
            }],
        )
        .unwrap_err();
    assert!(err.to_string().contains("still used by"), "{err}");
    assert_eq!(store.export_json(), before);
}
