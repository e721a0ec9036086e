//! The PostgreSQL backend: one plan of a team database (`schema.rs`), over
//! the synchronous `postgres` client.
//!
//! A write transaction first locks the plan's metadata row (`FOR UPDATE`),
//! which serialises the writers of one plan the way `BEGIN IMMEDIATE`
//! serialises a file's, so the revision read first cannot move; a read is
//! one `REPEATABLE READ` snapshot. Who may do what is the server's business
//! (grants and triggers); this module only reports what it refused.

pub(crate) mod errors;
pub(crate) mod schema;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use postgres::{Client, Statement};
use trainyard_core::format::EntityKind;

use super::{AuditRow, Backend, EntityRow, MetaRow, NewAuditEntry, Stack, TxKind};
use crate::address::{SslMode, TeamAddress};
use crate::audit::AuditEntry;
use crate::error::StoreError;
use errors::PgResultExt;

/// What the login may do with team plans, as the server says.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TeamAccess {
    /// The database login (`session_user`): the name in the audit trail.
    pub login: String,
    pub coordinator: bool,
    pub cab: bool,
    /// May record deployments' outcomes and gate decisions, nothing else.
    pub pipeline: bool,
    pub viewer: bool,
}

impl TeamAccess {
    /// Holds one of the group roles at least.
    pub fn is_member(&self) -> bool {
        self.coordinator || self.cab || self.pipeline || self.viewer
    }

    /// May write to the plan in some way (each role within its limits,
    /// which the server enforces).
    pub fn may_write(&self) -> bool {
        self.coordinator || self.cab || self.pipeline
    }

    /// The strongest role, in words: "coordinator", "cab", "pipeline",
    /// "viewer" or "none".
    pub fn role(&self) -> &'static str {
        if self.coordinator {
            "coordinator"
        } else if self.cab {
            "cab"
        } else if self.pipeline {
            "pipeline"
        } else if self.viewer {
            "viewer"
        } else {
            "none"
        }
    }
}

/// Opens a connection to the server of `address`.
pub(crate) fn connect(address: &TeamAddress, location: &Path) -> Result<Client, StoreError> {
    let mut config = postgres::Config::new();
    config
        .user(&address.user)
        .host(&address.host)
        .port(address.port)
        .dbname(&address.dbname)
        .connect_timeout(address.connect_timeout)
        .keepalives(true)
        .keepalives_idle(Duration::from_secs(15))
        .application_name(address.application_name.as_deref().unwrap_or("trainyard"));
    if let Some(pw) = &address.password {
        config.password(pw);
    }
    config.ssl_mode(match address.sslmode {
        SslMode::Disable => postgres::config::SslMode::Disable,
        SslMode::Allow | SslMode::Prefer => postgres::config::SslMode::Prefer,
        SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull => {
            postgres::config::SslMode::Require
        }
    });
    // A Unix socket is never encrypted (as in libpq), and `disable` asks
    // for no TLS: neither needs a TLS context, whose set-up (reading the
    // system's certificate store) costs more than the rest of a connection.
    let plain = address.host.starts_with('/') || address.sslmode == SslMode::Disable;
    let connected = if plain {
        config.connect(postgres::NoTls)
    } else {
        config.connect(tls_connector(address, location)?)
    };
    let mut client = connected.map_err(|e| errors::classify(location, e))?;
    // Limits for every statement of this session: a lock held by another
    // writer longer than a file's busy timeout is "busy", and a session that
    // dies inside a transaction releases its locks soon.
    client
        .batch_execute(
            "SET lock_timeout = '5s'; SET idle_in_transaction_session_timeout = '60s';
             SET statement_timeout = '300s'",
        )
        .at(location)?;
    Ok(client)
}

/// The TLS settings libpq's `sslmode` asks for: `require` encrypts without
/// checking the server's certificate (unless a root certificate is given,
/// as in libpq), `verify-ca` checks it was issued by a trusted authority,
/// `verify-full` also that it names the host.
fn tls_connector(
    address: &TeamAddress,
    location: &Path,
) -> Result<postgres_native_tls::MakeTlsConnector, StoreError> {
    // One context per setting for the life of the process: a pipeline's
    // gate calls and the app's reconnections reuse it.
    type Key = (SslMode, Option<PathBuf>);
    static MADE: std::sync::Mutex<Vec<(Key, postgres_native_tls::MakeTlsConnector)>> =
        std::sync::Mutex::new(Vec::new());
    let key: Key = (address.sslmode, address.sslrootcert.clone());
    let mut made = MADE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, c)) = made.iter().find(|(k, _)| *k == key) {
        return Ok(c.clone());
    }
    let connector = new_tls_connector(address, location)?;
    made.push((key, connector.clone()));
    Ok(connector)
}

fn new_tls_connector(
    address: &TeamAddress,
    location: &Path,
) -> Result<postgres_native_tls::MakeTlsConnector, StoreError> {
    let mut builder = native_tls::TlsConnector::builder();
    // Whether the server's certificate is checked at all.
    let verify = matches!(address.sslmode, SslMode::VerifyCa | SslMode::VerifyFull)
        || (address.sslmode == SslMode::Require && address.sslrootcert.is_some());
    if let Some(path) = &address.sslrootcert {
        let pem = std::fs::read(path).map_err(|e| StoreError::Io {
            path: path.clone(),
            source: e,
        })?;
        let cert = native_tls::Certificate::from_pem(&pem).map_err(|e| {
            StoreError::BadAddress(format!(
                "sslrootcert {}: not a PEM certificate: {e}",
                path.display()
            ))
        })?;
        builder.add_root_certificate(cert);
    }
    if !verify {
        builder.danger_accept_invalid_certs(true);
    }
    if address.sslmode == SslMode::VerifyCa
        || (address.sslmode == SslMode::Require && address.sslrootcert.is_some())
    {
        builder.danger_accept_invalid_hostnames(true);
    }
    let connector = builder.build().map_err(|e| StoreError::Unreachable {
        path: location.to_owned(),
        reason: format!("cannot set up TLS: {e}"),
    })?;
    Ok(postgres_native_tls::MakeTlsConnector::new(connector))
}

/// The schema version of the team database; `None` when it has no team
/// schema.
pub(crate) fn schema_version(
    client: &mut Client,
    location: &Path,
) -> Result<Option<i64>, StoreError> {
    let exists: bool = client
        .query_one(
            "SELECT to_regclass('trainyard.schema_version') IS NOT NULL",
            &[],
        )
        .at(location)?
        .get(0);
    if !exists {
        return Ok(None);
    }
    let row = client
        .query_opt("SELECT version FROM trainyard.schema_version", &[])
        .at(location)?;
    Ok(row.map(|r| i64::from(r.get::<_, i32>(0))))
}

/// The login and its roles.
pub(crate) fn access(client: &mut Client, location: &Path) -> Result<TeamAccess, StoreError> {
    let row = client
        .query_one(
            "SELECT session_user::text,
                    pg_has_role(session_user, 'trainyard_coordinator', 'MEMBER'),
                    pg_has_role(session_user, 'trainyard_cab', 'MEMBER'),
                    pg_has_role(session_user, 'trainyard_viewer', 'MEMBER'),
                    pg_has_role(session_user, 'trainyard_pipeline', 'MEMBER')",
            &[],
        )
        .at(location)?;
    Ok(TeamAccess {
        login: row.get(0),
        coordinator: row.get(1),
        cab: row.get(2),
        viewer: row.get(3),
        pipeline: row.get(4),
    })
}

/// Checks the team schema is there and at this program's version.
pub(crate) fn check_schema(client: &mut Client, location: &Path) -> Result<(), StoreError> {
    let current = schema::TEAM_SCHEMA_VERSION;
    match schema_version(client, location)? {
        None => Err(StoreError::NotInitialised {
            path: location.to_owned(),
        }),
        Some(v) if v > current => Err(StoreError::NewerSchema {
            path: location.to_owned(),
            found: v,
            supported: current,
        }),
        Some(v) if v < current => Err(StoreError::TeamSchemaOlder {
            path: location.to_owned(),
            found: v,
            current,
        }),
        Some(_) => Ok(()),
    }
}

/// The login's roles and whether the plan exists, in one round trip when
/// all is in order (opening is most of what a pipeline's gate call costs);
/// `None` when anything is amiss, to find out what with
/// [`checks_one_by_one`].
fn open_checks(client: &mut Client, plan: &str) -> Option<(TeamAccess, bool)> {
    let row = client
        .query_one(
            "SELECT session_user::text,
                    pg_has_role(session_user, 'trainyard_coordinator', 'MEMBER'),
                    pg_has_role(session_user, 'trainyard_cab', 'MEMBER'),
                    pg_has_role(session_user, 'trainyard_viewer', 'MEMBER'),
                    (SELECT version FROM trainyard.schema_version),
                    EXISTS (SELECT 1 FROM trainyard.plan_meta WHERE plan = $1),
                    pg_has_role(session_user, 'trainyard_pipeline', 'MEMBER')",
            &[&plan],
        )
        .ok()?;
    let access = TeamAccess {
        login: row.get(0),
        coordinator: row.get(1),
        cab: row.get(2),
        viewer: row.get(3),
        pipeline: row.get(6),
    };
    let version: Option<i32> = row.get(4);
    (access.is_member() && version.map(i64::from) == Some(schema::TEAM_SCHEMA_VERSION))
        .then(|| (access, row.get(5)))
}

/// The checks of opening a team plan one at a time, each with its own
/// message: no role, no schema, another schema version.
fn checks_one_by_one(
    client: &mut Client,
    location: &Path,
    plan: &str,
) -> Result<(TeamAccess, bool), StoreError> {
    let access = access(client, location)?;
    if !access.is_member() {
        return Err(StoreError::PermissionDenied {
            path: location.to_owned(),
            reason: format!(
                "the database login {} has none of the roles trainyard_coordinator, trainyard_cab, trainyard_pipeline, trainyard_viewer; an administrator grants one with `trainyard team grant`",
                access.login
            ),
        });
    }
    check_schema(client, location)?;
    let exists = client
        .query_opt(
            "SELECT 1 FROM trainyard.plan_meta WHERE plan = $1",
            &[&plan],
        )
        .at(location)?
        .is_some();
    Ok((access, exists))
}

pub(crate) struct PostgresBackend {
    client: Client,
    address: TeamAddress,
    location: PathBuf,
    plan: String,
    access: TeamAccess,
    statements: HashMap<&'static str, Statement>,
}

impl PostgresBackend {
    /// Connects to the plan `address` names (which must exist unless
    /// `creating`).
    pub fn open(address: &TeamAddress, creating: bool) -> Result<Self, StoreError> {
        let location = PathBuf::from(address.to_string());
        let plan = address
            .plan_name()
            .map_err(|e| StoreError::BadAddress(e.0))?
            .to_owned();
        let mut client = connect(address, &location)?;
        let (access, exists) = match open_checks(&mut client, &plan) {
            Some(found) => found,
            None => checks_one_by_one(&mut client, &location, &plan)?,
        };
        match (exists, creating) {
            (false, false) => return Err(StoreError::NotFound { path: location }),
            (true, true) => return Err(StoreError::Exists { path: location }),
            _ => {}
        }
        Ok(PostgresBackend {
            client,
            address: address.clone(),
            location,
            plan,
            access,
            statements: HashMap::new(),
        })
    }

    pub fn access(&self) -> &TeamAccess {
        &self.access
    }

    /// A prepared statement, prepared once per connection.
    fn stmt(&mut self, sql: &'static str) -> Result<Statement, StoreError> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let s = self.client.prepare(sql).at(&self.location)?;
        self.statements.insert(sql, s.clone());
        Ok(s)
    }

    fn query(
        &mut self,
        sql: &'static str,
        params: &[&(dyn postgres::types::ToSql + Sync)],
    ) -> Result<Vec<postgres::Row>, StoreError> {
        let s = self.stmt(sql)?;
        self.client.query(&s, params).at(&self.location)
    }

    fn execute(
        &mut self,
        sql: &'static str,
        params: &[&(dyn postgres::types::ToSql + Sync)],
    ) -> Result<u64, StoreError> {
        let s = self.stmt(sql)?;
        self.client.execute(&s, params).at(&self.location)
    }

    /// Connects again after the connection was lost.
    fn reconnect(&mut self) -> Result<(), StoreError> {
        let mut client = connect(&self.address, &self.location)?;
        check_schema(&mut client, &self.location)?;
        self.access = access(&mut client, &self.location)?;
        self.client = client;
        self.statements.clear();
        Ok(())
    }
}

fn kind_text(kind: EntityKind) -> &'static str {
    kind.as_str()
}

impl Backend for PostgresBackend {
    fn location(&self) -> &Path {
        &self.location
    }

    fn begin(&mut self, kind: TxKind) -> Result<(), StoreError> {
        if self.client.is_closed() {
            self.reconnect()?;
        }
        let begin = match kind {
            TxKind::Read => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
            TxKind::Write => "BEGIN",
        };
        if let Err(e) = self.client.batch_execute(begin).at(&self.location) {
            // A connection the server ended (a restart) is only noticed on
            // use. Nothing was sent inside a transaction yet, so connecting
            // again and beginning again is safe.
            if !matches!(e, StoreError::Unreachable { .. }) {
                return Err(e);
            }
            self.reconnect()?;
            self.client.batch_execute(begin).at(&self.location)?;
        }
        match kind {
            TxKind::Read => Ok(()),
            TxKind::Write => {
                let plan = self.plan.clone();
                let locked = self.query(
                    "SELECT 1 FROM trainyard.plan_meta WHERE plan = $1 FOR UPDATE",
                    &[&plan],
                );
                match locked {
                    Ok(_) => Ok(()),
                    Err(e) => {
                        self.rollback();
                        Err(e)
                    }
                }
            }
        }
    }

    fn commit(&mut self) -> Result<(), StoreError> {
        self.client.batch_execute("COMMIT").at(&self.location)
    }

    fn rollback(&mut self) {
        if !self.client.is_closed() {
            let _ = self.client.batch_execute("ROLLBACK");
        }
    }

    fn plan_bound_schema(&mut self) -> Result<bool, StoreError> {
        Ok(true)
    }

    fn meta(&mut self) -> Result<Option<MetaRow>, StoreError> {
        let plan = self.plan.clone();
        let rows = self.query(
            "SELECT name, timezone, x, revision, audit_head, plan_state
             FROM trainyard.plan_meta WHERE plan = $1",
            &[&plan],
        )?;
        Ok(rows.first().map(|r| MetaRow {
            name: r.get(0),
            timezone: r.get(1),
            x: r.get(2),
            revision: r.get(3),
            audit_head: r.get(4),
            plan_state: r.get(5),
        }))
    }

    fn revision(&mut self) -> Result<Option<i64>, StoreError> {
        let plan = self.plan.clone();
        let rows = self.query(
            "SELECT revision FROM trainyard.plan_meta WHERE plan = $1",
            &[&plan],
        )?;
        Ok(rows.first().map(|r| r.get(0)))
    }

    fn set_plan(&mut self, name: Option<&str>, timezone: &str) -> Result<(), StoreError> {
        let plan = self.plan.clone();
        self.execute(
            "UPDATE trainyard.plan_meta SET name = $2, timezone = $3 WHERE plan = $1",
            &[&plan, &name, &timezone],
        )
        .map(drop)
    }

    fn insert_meta(&mut self, m: &MetaRow) -> Result<(), StoreError> {
        let plan = self.plan.clone();
        self.execute(
            "INSERT INTO trainyard.plan_meta (plan, name, timezone, x, revision, audit_head, plan_state)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            &[&plan, &m.name, &m.timezone, &m.x, &m.revision, &m.audit_head, &m.plan_state],
        )
        .map(drop)
    }

    fn finish_edit(
        &mut self,
        revision: u64,
        audit_head: &str,
        plan_state: &str,
    ) -> Result<(), StoreError> {
        let plan = self.plan.clone();
        let revision = revision as i64;
        self.execute(
            "UPDATE trainyard.plan_meta SET revision = $2, audit_head = $3, plan_state = $4
             WHERE plan = $1",
            &[&plan, &revision, &audit_head, &plan_state],
        )
        .map(drop)
    }

    fn each_entity(
        &mut self,
        kind: Option<EntityKind>,
        f: &mut dyn FnMut(EntityRow) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let plan = self.plan.clone();
        let rows = match kind {
            Some(k) => self.query(
                "SELECT kind, position, id, body FROM trainyard.entity
                 WHERE plan = $1 AND kind = $2",
                &[&plan, &kind_text(k)],
            )?,
            // COLLATE "C": byte order, the order a plan file lists kinds in.
            None => self.query(
                "SELECT kind, position, id, body FROM trainyard.entity
                 WHERE plan = $1 ORDER BY kind COLLATE \"C\", position",
                &[&plan],
            )?,
        };
        for r in &rows {
            let kind: &str = r.get(0);
            let id: &str = r.get(2);
            let body: &str = r.get(3);
            f(EntityRow {
                kind: Some(kind.as_bytes()),
                position: Some(r.get(1)),
                id: Some(id.as_bytes()),
                body: Some(body.as_bytes()),
            })?;
        }
        Ok(())
    }

    fn entity(&mut self, kind: EntityKind, id: &str) -> Result<Option<(i64, String)>, StoreError> {
        let plan = self.plan.clone();
        let rows = self.query(
            "SELECT position, body FROM trainyard.entity WHERE plan = $1 AND kind = $2 AND id = $3",
            &[&plan, &kind_text(kind), &id],
        )?;
        Ok(rows.first().map(|r| (r.get(0), r.get(1))))
    }

    fn update_body(&mut self, kind: EntityKind, id: &str, body: &str) -> Result<usize, StoreError> {
        let plan = self.plan.clone();
        self.execute(
            "UPDATE trainyard.entity SET body = $4 WHERE plan = $1 AND kind = $2 AND id = $3",
            &[&plan, &kind_text(kind), &id, &body],
        )
        .map(|n| n as usize)
    }

    fn insert_entity(
        &mut self,
        kind: EntityKind,
        position: i64,
        id: &str,
        body: &str,
    ) -> Result<(), StoreError> {
        let plan = self.plan.clone();
        self.execute(
            "INSERT INTO trainyard.entity (plan, kind, position, id, body) VALUES ($1, $2, $3, $4, $5)",
            &[&plan, &kind_text(kind), &position, &id, &body],
        )
        .map(drop)
    }

    fn insert_entities(
        &mut self,
        rows: &[(EntityKind, i64, String, String)],
    ) -> Result<(), StoreError> {
        // In chunks, one statement each: a round trip per row would make a
        // 100k-deployment plan take seconds to publish.
        let plan = self.plan.clone();
        for chunk in rows.chunks(5000) {
            let kinds: Vec<&str> = chunk.iter().map(|r| kind_text(r.0)).collect();
            let positions: Vec<i64> = chunk.iter().map(|r| r.1).collect();
            let ids: Vec<&str> = chunk.iter().map(|r| r.2.as_str()).collect();
            let bodies: Vec<&str> = chunk.iter().map(|r| r.3.as_str()).collect();
            self.execute(
                "INSERT INTO trainyard.entity (plan, kind, position, id, body)
                 SELECT $1, k, p, i, b
                 FROM unnest($2::text[], $3::bigint[], $4::text[], $5::text[]) AS t (k, p, i, b)",
                &[&plan, &kinds, &positions, &ids, &bodies],
            )?;
        }
        Ok(())
    }

    fn delete_entity(
        &mut self,
        kind: EntityKind,
        id: &str,
        position: i64,
    ) -> Result<Vec<String>, StoreError> {
        let plan = self.plan.clone();
        let rows = self.query(
            "DELETE FROM trainyard.entity WHERE plan = $1 AND kind = $2 AND id = $3 AND position = $4
             RETURNING body",
            &[&plan, &kind_text(kind), &id, &position],
        )?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    fn negate_positions(&mut self, kind: EntityKind) -> Result<(), StoreError> {
        let plan = self.plan.clone();
        self.execute(
            "UPDATE trainyard.entity SET position = -position WHERE plan = $1 AND kind = $2",
            &[&plan, &kind_text(kind)],
        )
        .map(drop)
    }

    fn set_position(&mut self, kind: EntityKind, from: i64, to: i64) -> Result<(), StoreError> {
        let plan = self.plan.clone();
        self.execute(
            "UPDATE trainyard.entity SET position = $4 WHERE plan = $1 AND kind = $2 AND position = $3",
            &[&plan, &kind_text(kind), &from, &to],
        )
        .map(drop)
    }

    fn stack_top(&mut self, stack: Stack) -> Result<Option<(i64, String, String)>, StoreError> {
        let plan = self.plan.clone();
        let rows = match stack {
            Stack::Undo => self.query(
                "SELECT seq, label, changes FROM trainyard.undo_stack WHERE plan = $1
                 ORDER BY seq DESC LIMIT 1",
                &[&plan],
            )?,
            Stack::Redo => self.query(
                "SELECT seq, label, changes FROM trainyard.redo_stack WHERE plan = $1
                 ORDER BY seq DESC LIMIT 1",
                &[&plan],
            )?,
        };
        Ok(rows.first().map(|r| (r.get(0), r.get(1), r.get(2))))
    }

    fn stack_remove(&mut self, stack: Stack, seq: i64) -> Result<(), StoreError> {
        let plan = self.plan.clone();
        match stack {
            Stack::Undo => self.execute(
                "DELETE FROM trainyard.undo_stack WHERE plan = $1 AND seq = $2",
                &[&plan, &seq],
            ),
            Stack::Redo => self.execute(
                "DELETE FROM trainyard.redo_stack WHERE plan = $1 AND seq = $2",
                &[&plan, &seq],
            ),
        }
        .map(drop)
    }

    fn stack_clear(&mut self, stack: Stack) -> Result<(), StoreError> {
        let plan = self.plan.clone();
        match stack {
            Stack::Undo => {
                self.execute("DELETE FROM trainyard.undo_stack WHERE plan = $1", &[&plan])
            }
            Stack::Redo => {
                self.execute("DELETE FROM trainyard.redo_stack WHERE plan = $1", &[&plan])
            }
        }
        .map(drop)
    }

    fn stack_push(&mut self, stack: Stack, label: &str, changes: &str) -> Result<(), StoreError> {
        let plan = self.plan.clone();
        match stack {
            Stack::Undo => self.execute(
                "INSERT INTO trainyard.undo_stack (plan, label, changes) VALUES ($1, $2, $3)",
                &[&plan, &label, &changes],
            ),
            Stack::Redo => self.execute(
                "INSERT INTO trainyard.redo_stack (plan, label, changes) VALUES ($1, $2, $3)",
                &[&plan, &label, &changes],
            ),
        }
        .map(drop)
    }

    fn stack_all(&mut self, stack: Stack) -> Result<Vec<(String, String)>, StoreError> {
        let plan = self.plan.clone();
        let rows = match stack {
            Stack::Undo => self.query(
                "SELECT label, changes FROM trainyard.undo_stack WHERE plan = $1 ORDER BY seq",
                &[&plan],
            )?,
            Stack::Redo => self.query(
                "SELECT label, changes FROM trainyard.redo_stack WHERE plan = $1 ORDER BY seq",
                &[&plan],
            )?,
        };
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    fn audit_last(&mut self) -> Result<Option<(i64, String, Option<String>)>, StoreError> {
        let plan = self.plan.clone();
        let rows = self.query(
            "SELECT seq, hash, plan_hash FROM trainyard.audit WHERE plan = $1
             ORDER BY seq DESC LIMIT 1",
            &[&plan],
        )?;
        Ok(rows.first().map(|r| (r.get(0), r.get(1), r.get(2))))
    }

    fn audit_insert(&mut self, e: &NewAuditEntry) -> Result<(), StoreError> {
        let plan = self.plan.clone();
        let seq = e.seq as i64;
        self.execute(
            "INSERT INTO trainyard.audit (plan, seq, at, \"user\", action, changes, prev_hash, plan_hash, hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            &[
                &plan,
                &seq,
                &e.at,
                &e.user,
                &e.action,
                &e.changes,
                &e.prev_hash,
                &e.plan_hash,
                &e.hash,
            ],
        )
        .map(drop)
    }

    fn audit_page(&mut self, limit: i64, before: i64) -> Result<Vec<AuditEntry>, StoreError> {
        let plan = self.plan.clone();
        let rows = self.query(
            "SELECT seq, at, \"user\", action, changes, prev_hash, hash, plan_hash
             FROM trainyard.audit WHERE plan = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3",
            &[&plan, &before, &limit],
        )?;
        Ok(rows
            .into_iter()
            .map(|r| {
                AuditEntry::from_stored(
                    r.get(0),
                    r.get(1),
                    r.get(2),
                    r.get(3),
                    r.get(4),
                    r.get(5),
                    r.get(6),
                    r.get(7),
                )
            })
            .collect())
    }

    fn each_audit_row(
        &mut self,
        f: &mut dyn FnMut(AuditRow) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let plan = self.plan.clone();
        let rows = self.query(
            "SELECT seq, at, \"user\", action, changes, prev_hash, hash, plan_hash
             FROM trainyard.audit WHERE plan = $1 ORDER BY seq",
            &[&plan],
        )?;
        for r in rows {
            let text = |i: usize| -> Result<String, String> { Ok(r.get::<_, String>(i)) };
            f(AuditRow {
                seq: r.get(0),
                fields: [text(1), text(2), text(3), text(4), text(5), text(6)],
                plan_hash: Ok(r.get(7)),
            })?;
        }
        Ok(())
    }

    fn records_history(&self) -> bool {
        self.access.coordinator
    }

    fn team_access(&self) -> Option<TeamAccess> {
        Some(self.access.clone())
    }
}
