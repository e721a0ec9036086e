//! Identity and roles, enforced by the server: tried through the store and
//! with raw SQL for each role.

use trainyard_store::{Store, StoreError};

use super::{decide, Team};
use crate::util::{put, set_wave};

#[test]
fn the_audit_names_the_database_login_never_a_typed_name() {
    let team = Team::new("login");
    let mut a = team.with_example("p");
    a.set_user("somebody-else");
    a.apply(1, "move", &[set_wave(a.plan(), "d1", "w2")])
        .unwrap();
    let log = a.audit_log(5, None).unwrap();
    assert_eq!(log[0].user, "alice");
    assert_eq!(log[1].user, "alice", "the import too");
    // A raw entry under another name is refused by the server.
    let mut raw = team.raw("alice");
    let e = raw
        .execute(
            "INSERT INTO trainyard.audit (plan, seq, at, \"user\", action, changes, prev_hash, hash)
             SELECT 'p', 3, 'now', 'mallory', 'x', '[]', hash, 'h' FROM trainyard.audit WHERE plan = 'p' AND seq = 2",
            &[],
        )
        .unwrap_err();
    let message = e
        .as_db_error()
        .map(|d| d.message().to_owned())
        .unwrap_or_default();
    assert!(
        message.contains("recorded under the database login"),
        "{e:?}"
    );
}

#[test]
fn a_cab_member_records_decisions_under_their_login_and_nothing_else() {
    let team = Team::new("cab");
    let _ = team.with_example("p");
    let carl = team.member("carl", "cab");
    let mut cab = Store::open_team(&team.address(carl, "p")).unwrap();
    assert!(!cab.is_read_only());
    assert_eq!(cab.team_access().unwrap().role(), "cab");

    // A decision by carl: allowed, audited as carl, not in the undo history.
    let rev = cab
        .apply(1, "approve r2 (carl)", &[decide(cab.plan(), "r2", "carl")])
        .unwrap();
    assert_eq!(rev, 2);
    assert_eq!(cab.audit_log(1, None).unwrap()[0].user, "carl");
    assert_eq!(cab.can_undo().unwrap(), None);

    // A decision in someone else's name: refused.
    let e = cab
        .apply(2, "approve as alice", &[decide(cab.plan(), "r2", "alice")])
        .unwrap_err();
    assert!(matches!(e, StoreError::PermissionDenied { .. }), "{e}");
    // Moving a deployment: refused, and nothing changed.
    let e = cab
        .apply(2, "move", &[set_wave(cab.plan(), "d1", "w2")])
        .unwrap_err();
    assert!(matches!(e, StoreError::PermissionDenied { .. }), "{e}");
    assert_eq!(e.code(), "permission_denied");
    assert_eq!(cab.file_revision().unwrap(), 2);
    assert!(cab.verify_audit().unwrap().ok);

    // A coordinator may not approve in a CAB member's name either.
    let alice = team.member("alice", "coordinator");
    let mut coord = Store::open_team(&team.address(alice, "p")).unwrap();
    let e = coord
        .apply(2, "approve as carl", &[decide(coord.plan(), "r1", "carl")])
        .unwrap_err();
    assert!(matches!(e, StoreError::PermissionDenied { .. }), "{e}");

    // Raw SQL as carl: a deployment's body, a new row, a deletion.
    let mut raw = team.raw(carl);
    for sql in [
        "UPDATE trainyard.entity SET body = body WHERE plan = 'p' AND kind = 'deployment' AND id = 'd1'",
        "UPDATE trainyard.entity SET position = position + 1 WHERE plan = 'p' AND id = 'r1'",
        "INSERT INTO trainyard.entity (plan, kind, position, id, body) VALUES ('p', 'team', 1, 'x', '{}')",
        "DELETE FROM trainyard.entity WHERE plan = 'p'",
        "UPDATE trainyard.plan_meta SET name = 'x' WHERE plan = 'p'",
        "DELETE FROM trainyard.undo_stack",
    ] {
        let e = raw.batch_execute(sql).unwrap_err();
        assert_eq!(e.code(), Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE), "{sql}: {e}");
    }
}

/// `d1` of the plan with an outcome recorded, and the status it implies.
fn with_outcome(
    plan: &trainyard_core::Plan,
    result: trainyard_core::OutcomeResult,
) -> trainyard_core::edit::Change {
    let mut d = plan.deployment("d1").expect("d1").clone();
    let started = d.start;
    d.outcome = Some(trainyard_core::Outcome {
        started,
        finished: Some(started + chrono::Duration::minutes(20)),
        result: Some(result),
        incidents: vec![],
        x: None,
    });
    d.status = Some(match result {
        trainyard_core::OutcomeResult::Succeeded => trainyard_core::DeploymentStatus::Succeeded,
        trainyard_core::OutcomeResult::Failed => trainyard_core::DeploymentStatus::Failed,
        trainyard_core::OutcomeResult::RolledBack => trainyard_core::DeploymentStatus::RolledBack,
    });
    put(d)
}

#[test]
fn a_pipeline_records_outcomes_and_gate_decisions_under_its_login_and_nothing_else() {
    let team = Team::new("pipeline");
    let _ = team.with_example("p");
    let pia = team.member("pia", "pipeline");
    let mut ci = Store::open_team(&team.address(pia, "p")).unwrap();
    assert!(!ci.is_read_only());
    assert_eq!(ci.team_access().unwrap().role(), "pipeline");

    // An outcome: allowed, audited as the pipeline's login, not undoable.
    let change = with_outcome(ci.plan(), trainyard_core::OutcomeResult::Succeeded);
    assert_eq!(ci.apply(1, "record d1 succeeded", &[change]).unwrap(), 2);
    assert_eq!(ci.audit_log(1, None).unwrap()[0].user, "pia");
    assert_eq!(ci.can_undo().unwrap(), None);
    // Correcting it is the same right.
    let change = with_outcome(ci.plan(), trainyard_core::OutcomeResult::RolledBack);
    assert_eq!(ci.apply(2, "record d1 rolled_back", &[change]).unwrap(), 3);
    // A gate decision: an entry that changes nothing.
    assert_eq!(ci.record_note("gate d1 allowed").unwrap(), 4);
    assert_eq!(ci.audit_log(1, None).unwrap()[0].action, "gate d1 allowed");

    // Anything else about a deployment, a decision, a new entity: refused,
    // and nothing changed.
    let e = ci
        .apply(4, "move", &[set_wave(ci.plan(), "d1", "w2")])
        .unwrap_err();
    assert!(matches!(e, StoreError::PermissionDenied { .. }), "{e}");
    assert!(
        e.to_string().contains("may only record the outcomes"),
        "{e}"
    );
    let e = ci
        .apply(4, "approve", &[decide(ci.plan(), "r2", "pia")])
        .unwrap_err();
    assert!(matches!(e, StoreError::PermissionDenied { .. }), "{e}");
    assert_eq!(ci.file_revision().unwrap(), 4);
    assert!(ci.verify_audit().unwrap().ok);

    // Raw SQL as pia: an outcome hidden in another field's change, a new
    // row, a deletion, the plan's name, the undo history.
    let mut raw = team.raw(pia);
    for sql in [
        "UPDATE trainyard.entity SET body = replace(body, 'blue-green', 'canary') WHERE plan = 'p' AND id = 'd1'",
        "UPDATE trainyard.entity SET body = body WHERE plan = 'p' AND kind = 'release' AND id = 'r1'",
        "UPDATE trainyard.entity SET position = position + 1 WHERE plan = 'p' AND id = 'd1'",
        "INSERT INTO trainyard.entity (plan, kind, position, id, body) VALUES ('p', 'team', 1, 'x', '{}')",
        "DELETE FROM trainyard.entity WHERE plan = 'p'",
        "UPDATE trainyard.plan_meta SET name = 'x' WHERE plan = 'p'",
        "DELETE FROM trainyard.undo_stack",
        "INSERT INTO trainyard.undo_stack (plan, label, changes) VALUES ('p', 'x', '[]')",
    ] {
        let e = raw.batch_execute(sql).unwrap_err();
        assert_eq!(e.code(), Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE), "{sql}: {e}");
    }
}

#[test]
fn a_viewer_holds_no_write_privilege_on_any_table() {
    let team = Team::new("viewer");
    let _ = team.with_example("p");
    let vera = team.member("vera", "viewer");
    let store = Store::open_team(&team.address(vera, "p")).unwrap();
    assert!(store.is_read_only());
    assert_eq!(store.team_access().unwrap().role(), "viewer");

    let mut raw = team.raw(vera);
    let tables: Vec<String> = raw
        .query(
            "SELECT tablename::text FROM pg_tables WHERE schemaname = 'trainyard'",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(tables.len() >= 7, "{tables:?}");
    for t in &tables {
        for p in ["INSERT", "UPDATE", "DELETE", "TRUNCATE"] {
            let has: bool = raw
                .query_one(
                    "SELECT has_table_privilege(session_user, $1, $2)",
                    &[&format!("trainyard.{t}"), &p],
                )
                .unwrap()
                .get(0);
            assert!(!has, "viewer has {p} on {t}");
        }
        let e = raw
            .batch_execute(&format!("DELETE FROM trainyard.{t}"))
            .unwrap_err();
        assert_eq!(
            e.code(),
            Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE),
            "{t}: {e}"
        );
        let e = raw
            .batch_execute(&format!("TRUNCATE trainyard.{t} CASCADE"))
            .unwrap_err();
        assert_eq!(
            e.code(),
            Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE),
            "{t}: {e}"
        );
    }
    // Reading works, the plan is there.
    assert_eq!(
        store.plan().deployments.len(),
        crate::util::example().deployments.len()
    );
}

#[test]
fn a_login_without_a_role_is_told_to_ask_for_one() {
    let team = Team::new("norole");
    let _ = team.with_example("p");
    let nobody = team.server.login("nadia");
    let e = Store::open_team(&team.address(nobody, "p")).unwrap_err();
    assert!(matches!(e, StoreError::PermissionDenied { .. }), "{e}");
    assert!(e.to_string().contains("trainyard team grant"), "{e}");
}

#[test]
fn the_audit_trail_cannot_be_rewritten_even_by_its_owner() {
    let team = Team::new("appendonly");
    let _ = team.with_example("p");
    let mut admin = team.raw("postgres");
    for sql in [
        "UPDATE trainyard.audit SET action = 'x'",
        "DELETE FROM trainyard.audit",
        "TRUNCATE trainyard.audit CASCADE",
    ] {
        let e = admin.batch_execute(sql).unwrap_err();
        let message = e
            .as_db_error()
            .map(|d| d.message().to_owned())
            .unwrap_or_default();
        assert!(message.contains("append-only"), "{sql}: {e:?}");
    }
}

#[test]
fn a_change_behind_the_stores_back_is_caught_by_verify() {
    let team = Team::new("tamper");
    let a = team.with_example("p");
    let mut admin = team.raw("postgres");
    admin
        .batch_execute(
            "ALTER TABLE trainyard.entity DISABLE TRIGGER entity_change;
             UPDATE trainyard.entity SET body = replace(body, 'blue-green', 'canary') WHERE plan = 'p' AND id = 'd1';",
        )
        .unwrap();
    let v = a.verify_audit().unwrap();
    assert!(!v.ok);
    assert!(v.problem.unwrap().contains("changed: the deployments"));
}
