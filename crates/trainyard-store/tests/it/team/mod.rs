//! Team plans on a real PostgreSQL server (`trainyard-pgtest` starts one):
//! the store's contract on both backends, the roles the server enforces,
//! concurrent editors, notices of other users' edits, and faults.

mod contract;
mod faults;
mod roles;
mod transfer;

use trainyard_core::edit::{Change, Entity};
use trainyard_core::{Approval, Decision, Plan};
use trainyard_pgtest::{server, Server};
use trainyard_store::{team_grant, team_init, Store, TeamAddress};

use crate::util::example;

/// A database of its own with the team schema, for one test.
pub struct Team {
    pub server: &'static Server,
    pub db: String,
}

impl Team {
    pub fn new(hint: &str) -> Team {
        Self::on(server(), hint)
    }

    pub fn on(server: &'static Server, hint: &str) -> Team {
        let db = server.database(hint);
        let admin = TeamAddress::parse(&server.url("postgres", &db, None)).unwrap();
        team_init(&admin).expect("team init");
        Team { server, db }
    }

    /// The address of plan `plan` for `login`.
    pub fn address(&self, login: &str, plan: &str) -> TeamAddress {
        TeamAddress::parse(&self.server.url(login, &self.db, Some(plan))).unwrap()
    }

    /// A login with `role` (coordinator, cab, pipeline or viewer).
    pub fn member(&self, login: &str, role: &str) -> &'static str {
        let login = self.server.login(login);
        let admin = TeamAddress::parse(&self.server.url("postgres", &self.db, None)).unwrap();
        team_grant(&admin, login, role).expect("team grant");
        login
    }

    /// The example plan published as `plan` by a coordinator.
    pub fn with_example(&self, plan: &str) -> Store {
        let alice = self.member("alice", "coordinator");
        Store::create_team(&self.address(alice, plan), &example()).expect("publish the example")
    }

    pub fn raw(&self, login: &str) -> postgres::Client {
        self.server.client(login, &self.db)
    }
}

/// A release's decisions with one more, by `by`.
pub fn decide(plan: &Plan, release: &str, by: &str) -> Change {
    let mut r = plan
        .releases
        .iter()
        .find(|r| r.id.as_str() == release)
        .expect("release exists")
        .clone();
    r.approvals.push(Approval {
        by: by.to_owned(),
        role: Some("cab".into()),
        decision: Decision::Approved,
        at: None,
        comment: None,
        x: None,
    });
    Change::put(Entity::Release(r))
}
