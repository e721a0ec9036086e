//! Team plans: open a plan on a PostgreSQL server by its address, the
//! recent team plans (addresses without passwords), and reloading the open
//! plan when another user (or program) moved its revision.
//!
//! The password the user typed is set on the address in memory and never
//! written anywhere; the settings keep the address's Display form, which
//! leaves it out. A refused login has its own code (`login_refused`), so the
//! window asks for the password again.

use trainyard_store::{PlanLocation, StoreError, TeamAddress};

use super::open::{Open, PlanStore};
use super::summary::summary;
use super::AppService;
use crate::dto::{PlanChange, PlanSummary};
use crate::error::AppError;

/// Reads a team plan address (`postgres://USER@HOST[:PORT]/DB?plan=NAME`).
fn parse_address(url: &str) -> Result<TeamAddress, AppError> {
    match PlanLocation::parse(url.trim())? {
        PlanLocation::Team(address) => Ok(address),
        PlanLocation::File(_) => Err(AppError::from(StoreError::BadAddress(
            "a team plan address starts with postgres://, e.g. \
             postgres://you@db.example.com/trainyard?plan=q1"
                .into(),
        ))),
    }
}

impl AppService {
    /// Opens the team plan at `url` as the database login the address names,
    /// with `password` when given (kept in memory only), and makes it the
    /// open plan. A viewer's plan opens for reading.
    pub fn open_team(&self, url: &str, password: Option<String>) -> Result<PlanSummary, AppError> {
        let mut address = parse_address(url)?;
        if let Some(p) = password.filter(|p| !p.is_empty()) {
            address.password = Some(p);
        }
        let store = PlanStore::open_team(&address)?;
        let shown = address.to_string();
        let s = self.install_open(Open::new(store, Some(address)))?;
        self.remember_team(&shown, &s.name)?;
        Ok(s)
    }

    /// Opens the team plan at `address` again at start, without asking for
    /// a password and waiting at most a few seconds for its server.
    pub(super) fn reopen_team(&self, address: &str) -> Result<PlanSummary, AppError> {
        let mut address = parse_address(address)?;
        address.connect_timeout = address
            .connect_timeout
            .min(std::time::Duration::from_secs(3));
        let store = PlanStore::open_team(&address)?;
        self.install_open(Open::new(store, Some(address)))
    }

    /// Reads the open plan again when its revision on the server (or in its
    /// file) moved past the one in memory, and says what changed: the old
    /// and new revisions and who made the newest edit.
    pub fn refresh_if_changed(&self) -> Result<PlanChange, AppError> {
        self.with_open(|open| {
            let old = open.store.revision();
            let now = open.store.file_revision()?;
            if now == old {
                return Ok(PlanChange {
                    changed: false,
                    old_revision: old,
                    new_revision: old,
                    user: None,
                    summary: summary(open)?,
                });
            }
            open.store.reload()?;
            open.rechecked();
            let user = open
                .store
                .audit_log(1, None)
                .ok()
                .and_then(|log| log.into_iter().next())
                .map(|e| e.user);
            Ok(PlanChange {
                changed: true,
                old_revision: old,
                new_revision: open.store.revision(),
                user,
                summary: summary(open)?,
            })
        })
    }

    /// The login the open plan's edits are recorded under when it is a team
    /// plan (a CAB decision is always by this login).
    pub(super) fn team_login(&self) -> Result<Option<String>, AppError> {
        self.with_open(|open| {
            Ok(open
                .team
                .as_ref()
                .and(open.store.team_access())
                .map(|a| a.login))
        })
    }
}
