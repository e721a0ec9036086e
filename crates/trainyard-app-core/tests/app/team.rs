//! Team plans on a real PostgreSQL server (`trainyard-pgtest`): open by
//! address, roles and what they allow, another user's edit seen after a
//! refresh, and passwords never remembered.

use trainyard_app_core::dto::{LocationKind, TeamRole};
use trainyard_app_core::AppService;
use trainyard_pgtest::{private_server, server, Server};
use trainyard_store::{team_grant, team_init, Store, TeamAddress};

use super::util::SMALL;

/// A database of its own with the team schema and the small plan
/// published as `p` by a coordinator.
struct Team {
    server: &'static Server,
    db: String,
}

impl Team {
    fn new(hint: &str) -> Team {
        Self::on(server(), hint)
    }

    fn on(server: &'static Server, hint: &str) -> Team {
        let db = server.database(hint);
        team_init(&Self::admin(server, &db)).expect("team init");
        let team = Team { server, db };
        let alice = team.member("alice", "coordinator");
        let plan = trainyard_core::parse_plan(SMALL).unwrap();
        let address = TeamAddress::parse(&team.url(alice)).unwrap();
        Store::create_team(&address, &plan).expect("publish the small plan");
        team
    }

    fn admin(server: &Server, db: &str) -> TeamAddress {
        TeamAddress::parse(&server.url("postgres", db, None)).unwrap()
    }

    /// A login with `role` (coordinator, cab, pipeline or viewer).
    fn member(&self, login: &str, role: &str) -> &'static str {
        let login = self.server.login(login);
        team_grant(&Self::admin(self.server, &self.db), login, role).expect("team grant");
        login
    }

    /// The address of plan `p` for `login`, over the server's socket.
    fn url(&self, login: &str) -> String {
        self.server.url(login, &self.db, Some("p"))
    }
}

fn app(dir: &tempfile::TempDir) -> AppService {
    AppService::new(dir.path())
}

const NEW_START: &str = "2027-03-11T10:00:00Z";
const NEW_END: &str = "2027-03-11T12:00:00Z";

#[test]
fn a_coordinators_move_reaches_another_user_on_refresh() {
    let team = Team::new("app_move");
    let (alice, bob) = (
        team.member("alice", "coordinator"),
        team.member("bob", "coordinator"),
    );
    let (d1, d2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (a, b) = (app(&d1), app(&d2));

    let s = a.open_team(&team.url(alice), None).unwrap();
    assert_eq!(s.location.kind, LocationKind::Team);
    assert_eq!(s.location.login.as_deref(), Some("alice"));
    assert_eq!(s.location.role, Some(TeamRole::Coordinator));
    assert_eq!(s.location.plan.as_deref(), Some("p"));
    assert!(s.location.server.as_deref().unwrap().ends_with(&team.db));
    assert!(s.location.permissions.can_edit);
    assert!(!s.location.permissions.can_decide);
    assert!(!s.location.permissions.read_only);
    assert_eq!(s.name, "Small");
    assert!(a.team_address().is_some());
    assert_eq!(a.current_path(), None, "no file to put dialogs beside");

    let before = b.open_team(&team.url(bob), None).unwrap();
    assert_eq!(before.revision, 1);
    let nothing = b.refresh_if_changed().unwrap();
    assert!(!nothing.changed);

    let moved = a.commit_move("d1", NEW_START, NEW_END, "prod").unwrap();
    assert_eq!(moved.summary.revision, 2);

    let change = b.refresh_if_changed().unwrap();
    assert!(change.changed);
    assert_eq!((change.old_revision, change.new_revision), (1, 2));
    assert_eq!(change.user.as_deref(), Some("alice"));
    assert_eq!(change.summary.revision, 2);
    assert_eq!(b.revision(), Some(2));
    let week = b
        .visible_range("2027-03-08T00:00:00Z", "2027-03-15T00:00:00Z")
        .unwrap();
    let d = week.deployments.iter().find(|d| d.id == "d1").unwrap();
    assert_eq!(d.start, NEW_START);
    assert!(
        !b.conflicts().unwrap().iter().any(|c| c.rule == "overlap"),
        "the overlap is gone for bob too"
    );

    // Bob edits on top of alice's move: no stale refusal.
    b.commit_move("d2", "2027-03-12T10:00:00Z", "2027-03-12T11:00:00Z", "prod")
        .unwrap();
    let back = a.refresh_if_changed().unwrap();
    assert_eq!(back.user.as_deref(), Some("bob"));
}

#[test]
fn a_viewer_reads_and_every_edit_is_refused_with_a_clear_code() {
    let team = Team::new("app_viewer");
    let vera = team.member("vera", "viewer");
    let dir = tempfile::tempdir().unwrap();
    let v = app(&dir);
    let s = v.open_team(&team.url(vera), None).unwrap();
    assert_eq!(s.location.role, Some(TeamRole::Viewer));
    let p = s.location.permissions;
    assert!(p.read_only && !p.can_edit && !p.can_decide);

    let e = v.commit_move("d1", NEW_START, NEW_END, "prod").unwrap_err();
    assert_eq!(e.code, "read_only", "{e:?}");
    let e = v
        .record_decision("r1", "vera", "cab", "approved", "")
        .unwrap_err();
    assert_eq!(e.code, "read_only", "{e:?}");
    assert_eq!(v.revision(), Some(1));
}

#[test]
fn a_cab_members_decision_is_recorded_under_their_login_and_nothing_else_is_allowed() {
    let team = Team::new("app_cab");
    let carl = team.member("carl", "cab");
    let dir = tempfile::tempdir().unwrap();
    let c = app(&dir);
    let s = c.open_team(&team.url(carl), None).unwrap();
    assert_eq!(s.location.role, Some(TeamRole::Cab));
    let p = s.location.permissions;
    assert!(p.can_decide && !p.can_edit && !p.read_only);

    // Whatever the form says, the decision is by the login.
    let after = c
        .record_decision("r2", "somebody else", "cab", "approved", "fine")
        .unwrap();
    assert_eq!(after.revision, 2);
    let view = c.cab("r2").unwrap();
    assert_eq!(view.approvals.last().unwrap().by, "carl");

    let e = c.commit_move("d1", NEW_START, NEW_END, "prod").unwrap_err();
    assert_eq!(e.code, "permission_denied", "{e:?}");
    assert_eq!(c.revision(), Some(2), "nothing changed");
}

#[test]
fn passwords_are_used_but_never_remembered_and_a_refused_login_says_so() {
    let team = Team::new("app_password");
    let secret = "S3cret-pw-app";
    let mut admin = team.server.client("postgres", "postgres");
    admin
        .batch_execute(&format!(
            "DO $$ BEGIN
               IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dora') THEN
                 CREATE ROLE dora LOGIN PASSWORD '{secret}';
               END IF;
             END $$"
        ))
        .unwrap();
    team_grant(&Team::admin(team.server, &team.db), "dora", "coordinator").unwrap();
    let tcp = team.server.tcp_url("dora", &team.db, Some("p"));
    let dir = tempfile::tempdir().unwrap();
    let d = app(&dir);

    let e = d.open_team(&tcp, Some("wrong".into())).unwrap_err();
    assert_eq!(e.code, "login_refused", "{e:?}");
    assert!(!e.message.contains("wrong"), "{e:?}");

    let s = d.open_team(&tcp, Some(secret.into())).unwrap();
    assert_eq!(s.location.login.as_deref(), Some("dora"));
    assert!(!s.path.contains(secret), "{}", s.path);
    // A password typed into the address is not remembered either.
    let inline = tcp.replacen("dora@", &format!("dora:{secret}@"), 1);
    d.open_team(&inline, None).unwrap();

    let recent = d.recent_team_plans().unwrap();
    assert_eq!(recent.len(), 1, "{recent:?}");
    assert!(recent[0].address.starts_with("postgres://dora@127.0.0.1"));
    assert!(!recent[0].address.contains(secret));
    assert_eq!(recent[0].name, "Small");
    let settings = std::fs::read_to_string(dir.path().join("settings.json")).unwrap();
    assert!(!settings.contains(secret), "{settings}");
    assert!(d.recent_plans().unwrap().is_empty(), "files stay apart");

    let e = d.open_team("/plans/q1.trainyard", None).unwrap_err();
    assert_eq!(e.code, "bad_address");
}

#[test]
fn the_watch_reports_other_users_edits_only_and_ends_when_another_plan_opens() {
    use std::sync::{mpsc, Arc};
    use std::time::{Duration, Instant};
    use trainyard_app_core::dto::{TeamChangeEvent, TeamConnection};
    use trainyard_app_core::TeamEvent;

    let team = Team::new("app_watch");
    let (alice, bob) = (
        team.member("alice", "coordinator"),
        team.member("bob", "coordinator"),
    );
    let (d1, d2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (a, b) = (Arc::new(app(&d1)), app(&d2));
    a.open_team(&team.url(alice), None).unwrap();
    b.open_team(&team.url(bob), None).unwrap();

    let (tx, rx) = mpsc::channel();
    let watcher = {
        let a = Arc::clone(&a);
        std::thread::spawn(move || {
            a.watch_team(|e| {
                let _ = tx.send(e);
            })
        })
    };
    let next = || rx.recv_timeout(Duration::from_secs(20)).expect("an event");
    assert_eq!(next(), TeamEvent::Connection(TeamConnection::Connected));

    // Alice's own edit is not news to her; bob's is.
    a.commit_move("d1", NEW_START, NEW_END, "prod").unwrap();
    b.refresh_if_changed().unwrap();
    b.commit_move("d2", "2027-03-12T10:00:00Z", "2027-03-12T11:00:00Z", "prod")
        .unwrap();
    let bobs = TeamChangeEvent {
        plan: "p".into(),
        revision: 3,
        user: "bob".into(),
    };
    assert_eq!(next(), TeamEvent::Change(bobs));

    // Another plan of the same database is not ours.
    let other = TeamAddress::parse(&team.server.url(alice, &team.db, Some("other"))).unwrap();
    Store::create_team(&other, &trainyard_core::parse_plan(SMALL).unwrap()).unwrap();
    b.commit_move("d2", "2027-03-13T10:00:00Z", "2027-03-13T11:00:00Z", "prod")
        .unwrap();
    match next() {
        TeamEvent::Change(c) => assert_eq!((c.plan.as_str(), c.revision), ("p", 4)),
        other => panic!("{other:?}"),
    }

    // Opening another plan ends the watch.
    a.open_demo().unwrap();
    let t0 = Instant::now();
    while !watcher.is_finished() {
        assert!(t0.elapsed() < Duration::from_secs(10), "the watch goes on");
        std::thread::sleep(Duration::from_millis(50));
    }
    watcher.join().unwrap();
    assert!(rx.try_recv().is_err(), "nothing more was reported");
}

#[test]
fn the_watch_reports_a_lost_connection_and_connects_again() {
    use std::sync::{mpsc, Arc};
    use std::time::Duration;
    use trainyard_app_core::dto::TeamConnection;
    use trainyard_app_core::TeamEvent;

    let team = Team::on(private_server(), "app_lost");
    let alice = team.member("alice", "coordinator");
    let dir = tempfile::tempdir().unwrap();
    let a = Arc::new(app(&dir));
    a.open_team(&team.url(alice), None).unwrap();
    let (tx, rx) = mpsc::channel();
    let watcher = {
        let a = Arc::clone(&a);
        std::thread::spawn(move || {
            a.watch_team(|e| {
                let _ = tx.send(e);
            })
        })
    };
    let next = || rx.recv_timeout(Duration::from_secs(30)).expect("an event");
    assert_eq!(next(), TeamEvent::Connection(TeamConnection::Connected));

    team.server.kill();
    assert_eq!(next(), TeamEvent::Connection(TeamConnection::Lost));
    let e = a.commit_move("d1", NEW_START, NEW_END, "prod").unwrap_err();
    assert_eq!(e.code, "unreachable", "{e:?}");
    team.server.resume();
    assert_eq!(next(), TeamEvent::Connection(TeamConnection::Reconnected));
    // The store connects again by itself; the plan was never changed.
    assert!(!a.refresh_if_changed().unwrap().changed);
    a.commit_move("d1", NEW_START, NEW_END, "prod").unwrap();

    a.open_demo().unwrap();
    watcher.join().unwrap();
}

#[test]
fn the_last_team_plan_opens_again_at_start_and_an_unreachable_one_falls_back() {
    let team = Team::on(private_server(), "app_startup");
    let alice = team.member("alice", "coordinator");
    let dir = tempfile::tempdir().unwrap();
    let first = app(&dir);
    let demo = first.open_demo().unwrap();
    first.open_team(&team.url(alice), None).unwrap();
    drop(first);

    // A new run of the app: the team plan is open again (the test server
    // trusts its socket, like a password from ~/.pgpass).
    let again = app(&dir);
    let s = again.open_startup().unwrap();
    assert_eq!(s.location.kind, LocationKind::Team);
    assert_eq!(s.location.login.as_deref(), Some("alice"));
    drop(again);

    // With the server gone, the app starts on the last plan file instead,
    // and the team plan stays among the recent ones.
    team.server.kill();
    let third = app(&dir);
    let t0 = std::time::Instant::now();
    let s = third.open_startup().unwrap();
    assert!(
        t0.elapsed() < std::time::Duration::from_secs(10),
        "{:?}",
        t0.elapsed()
    );
    assert_eq!(s.location.kind, LocationKind::File);
    assert_eq!(s.path, demo.path);
    assert_eq!(third.recent_team_plans().unwrap().len(), 1);
    team.server.resume();
}
