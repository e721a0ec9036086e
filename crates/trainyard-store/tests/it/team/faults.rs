//! Other users' edits arriving, a server restarted or gone, a client killed
//! in the middle of an edit.

use std::process::Command;
use std::time::{Duration, Instant};

use trainyard_store::{Store, StoreError, TeamListener};

use super::Team;
use crate::util::set_wave;

#[test]
fn another_users_edit_is_announced_within_a_second() {
    let team = Team::new("notice");
    let mut a = team.with_example("p");
    let vera = team.member("vera", "viewer");
    let mut listener = TeamListener::connect(&team.address(vera, "p")).unwrap();
    let start = Instant::now();
    a.apply(1, "move d1", &[set_wave(a.plan(), "d1", "w2")])
        .unwrap();
    let notice = listener
        .next(Duration::from_secs(5))
        .unwrap()
        .expect("a notice");
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(
        (notice.plan.as_str(), notice.revision, notice.user.as_str()),
        ("p", 2, "alice")
    );
    // Nothing more is announced.
    assert_eq!(listener.next(Duration::from_millis(200)).unwrap(), None);
}

#[test]
fn a_server_restart_is_survived_and_no_acknowledged_edit_is_lost() {
    let server = trainyard_pgtest::private_server();
    let team = Team::on(server, "restart");
    let mut a = team.with_example("p");
    let mut acknowledged = Vec::new();
    let r = a
        .apply(1, "before", &[set_wave(a.plan(), "d1", "before")])
        .unwrap();
    acknowledged.push(r);

    server.kill();
    let e = a
        .apply(r, "while down", &[set_wave(a.plan(), "d1", "down")])
        .unwrap_err();
    assert_eq!(e.code(), "unreachable", "{e}");
    assert!(e.to_string().contains("cannot reach the server"), "{e}");
    // The plan in memory is still the last one read.
    assert_eq!(
        a.plan().deployment("d1").unwrap().wave.as_deref(),
        Some("before")
    );
    let mut listener_down = TeamListener::connect(&team.address("alice", "p"));
    assert!(matches!(listener_down, Err(StoreError::Unreachable { .. })));

    server.resume();
    // The store connects again by itself on its next call.
    let r = a
        .apply(r, "after", &[set_wave(a.plan(), "d1", "after")])
        .unwrap();
    assert_eq!(r, 3);
    server.restart();
    let r = a
        .apply(r, "after restart", &[set_wave(a.plan(), "d2", "x")])
        .unwrap();
    assert_eq!(r, 4);
    let fresh = Store::open_team(&team.address("alice", "p")).unwrap();
    assert_eq!(
        fresh.plan().deployment("d1").unwrap().wave.as_deref(),
        Some("after")
    );
    assert!(fresh.verify_audit().unwrap().ok);
    listener_down = TeamListener::connect(&team.address("alice", "p"));
    assert!(listener_down.is_ok());
}

const CHILD: &str = "TRAINYARD_TEST_EDIT_FOREVER";

/// Run as a child process: edit the plan at the URL in `CHILD` until killed.
#[test]
fn edit_forever_child() {
    let Ok(url) = std::env::var(CHILD) else {
        return;
    };
    let address = trainyard_store::TeamAddress::parse(&url).unwrap();
    let mut store = Store::open_team(&address).unwrap();
    let mut i = 0u64;
    loop {
        i += 1;
        let change = set_wave(store.plan(), "d1", &format!("w{i}"));
        let base = store.revision();
        if store.apply(base, "edit", &[change]).is_err() {
            let _ = store.reload();
        }
    }
}

/// The server's sessions on `db`, other than the one asking.
fn sessions(admin: &mut postgres::Client, db: &str) -> Vec<i32> {
    admin
        .query(
            "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
            &[&db],
        )
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect()
}

#[test]
fn a_client_killed_in_the_middle_of_edits_leaves_whole_edits_only() {
    let team = Team::new("killed");
    let _ = team.with_example("p");
    let url = team.server.url("alice", &team.db, Some("p"));
    let exe = std::env::current_exe().unwrap();
    let watcher = Store::open_team(&team.address("alice", "p")).unwrap();
    let mut admin = team.raw("postgres");
    for round in 0..8u64 {
        let before = watcher.file_revision().unwrap();
        let others = sessions(&mut admin, &team.db);
        let mut child = Command::new(&exe)
            .args(["team::faults::edit_forever_child", "--exact", "--nocapture"])
            .env(CHILD, &url)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Once the child is editing, let it run a little, then kill it at a
        // different moment each round.
        let deadline = Instant::now() + Duration::from_secs(60);
        while watcher.file_revision().unwrap() == before {
            assert!(
                Instant::now() < deadline,
                "round {round}: the child never edited"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        let child_sessions: Vec<i32> = sessions(&mut admin, &team.db)
            .into_iter()
            .filter(|pid| !others.contains(pid))
            .collect();
        assert!(
            !child_sessions.is_empty(),
            "round {round}: no session of the child"
        );
        std::thread::sleep(Duration::from_millis(13 + 37 * round));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        // A COMMIT the child sent just before it died still reaches the
        // server and may land after this point: read the plan once the
        // server has closed the child's session, so the revision and the
        // trail below are read after the same last edit.
        while sessions(&mut admin, &team.db)
            .iter()
            .any(|pid| child_sessions.contains(pid))
        {
            assert!(
                Instant::now() < deadline,
                "round {round}: the server kept the killed child's session"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        let store = Store::open_team(&team.address("alice", "p")).unwrap();
        let v = store.verify_audit().unwrap();
        assert!(v.ok, "round {round}: {v:?}");
        assert_eq!(v.entries, store.revision(), "round {round}");
        assert!(
            store.revision() > before,
            "round {round}: the child made edits"
        );
    }
}
