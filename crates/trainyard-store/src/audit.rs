//! The append-only, hash-chained audit trail, bound to the plan it describes.
//!
//! Each entry's `hash` is SHA-256 over the canonical serialisation
//! `[seq, at, user, action, changes, prev_hash, plan_hash]` — a compact JSON
//! array in which `changes` is the stored JSON *text* as a string — so the hash
//! covers the exact stored bytes of every field (a whitespace-only edit of
//! `changes` is caught too). `plan_hash` is the hash of the plan state after
//! the entry's edit (`plan_state.rs`); entries written by schema 1, before the
//! trail bound the plan, have none and hash the first six fields only.
//! `prev_hash` of entry 1 is 64 zeros. `plan_meta` records the head hash, and
//! the revision equals the last seq, so removing entries from the end is
//! caught as well; `verify` recomputes the stored plan's state and compares it
//! with the newest entry's plan hash, so rows edited in the raw file, and a
//! tail cut off together with the head moved back, are caught too. The
//! triggers that forbid UPDATE and DELETE on `audit` stop accidents; `verify`
//! is what catches deliberate edits of the raw file, short of someone
//! recomputing every hash, which a chain without a secret cannot stop (a head
//! hash kept elsewhere, or a signed export, can).

use std::path::Path;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::error::{SqlResultExt, StoreError};
use crate::plan_state::PlanState;

/// `prev_hash` of the first entry.
pub(crate) const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One entry of the audit trail.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    pub seq: u64,
    /// UTC, RFC 3339 with milliseconds and `Z`.
    pub at: String,
    pub user: String,
    /// The edit's label (`"move d3"`, `"undo: move d3"`, `"import"`).
    pub action: String,
    /// A list of `{kind, id, before, after}`; `before`/`after` are the entity in
    /// the plan format's JSON form, or null when it did not exist. Plan name and
    /// time zone changes have kind `"plan"`.
    pub changes: Value,
    pub prev_hash: String,
    /// The hash of the plan state after this entry's edit; `None` for entries
    /// written before the trail bound the plan (schema 1).
    pub plan_hash: Option<String>,
    pub hash: String,
}

/// The result of walking the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditVerification {
    /// How many entries were read.
    pub entries: u64,
    pub ok: bool,
    /// The first entry found to be wrong (or missing).
    pub first_bad_seq: Option<u64>,
    /// Why, in lowercase words.
    pub problem: Option<String>,
    /// The hash of the last entry in the file.
    pub head: Option<String>,
    /// Whether the newest entry carries a plan hash, so the stored plan was
    /// checked against it (false only for a file written before schema 2
    /// and not edited since).
    pub plan_bound: bool,
}

pub(crate) fn entry_hash(
    seq: u64,
    at: &str,
    user: &str,
    action: &str,
    changes: &str,
    prev_hash: &str,
    plan_hash: Option<&str>,
) -> String {
    let canonical = match plan_hash {
        Some(p) => json!([seq, at, user, action, changes, prev_hash, p]),
        None => json!([seq, at, user, action, changes, prev_hash]),
    }
    .to_string();
    let digest = Sha256::digest(canonical.as_bytes());
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

pub(crate) fn now_utc() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Appends an entry after the current last one, bound to the plan state
/// whose hash is `plan_hash`; returns (seq, hash).
pub(crate) fn append(
    conn: &Connection,
    path: &Path,
    user: &str,
    action: &str,
    changes: &str,
    plan_hash: &str,
) -> Result<(u64, String), StoreError> {
    let last: Option<(i64, String)> = conn
        .prepare_cached("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
        .at(path)?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
        .at(path)?;
    let (seq, prev_hash) = match last {
        Some((s, h)) => (
            u64::try_from(s)
                .ok()
                .and_then(|s| s.checked_add(1))
                .ok_or_else(|| StoreError::corrupt(path, format!("audit entry has seq {s}")))?,
            h,
        ),
        None => (1, GENESIS.to_owned()),
    };
    let at = now_utc();
    let hash = entry_hash(seq, &at, user, action, changes, &prev_hash, Some(plan_hash));
    conn.prepare_cached(
        "INSERT INTO audit (seq, at, user, action, changes, prev_hash, plan_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )
    .at(path)?
    .execute(rusqlite::params![
        seq as i64, at, user, action, changes, prev_hash, plan_hash, hash
    ])
    .at(path)?;
    Ok((seq, hash))
}

/// Newest first; entries with seq < `before_seq` when given.
pub(crate) fn log(
    conn: &Connection,
    path: &Path,
    limit: usize,
    before_seq: Option<u64>,
) -> Result<Vec<AuditEntry>, StoreError> {
    let before = before_seq.map_or(i64::MAX, |s| i64::try_from(s).unwrap_or(i64::MAX));
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let mut stmt = conn
        .prepare_cached(
            "SELECT seq, at, user, action, changes, prev_hash, hash, plan_hash FROM audit
             WHERE seq < ?1 ORDER BY seq DESC LIMIT ?2",
        )
        .at(path)?;
    let rows = stmt
        .query_map(rusqlite::params![before, limit], |r| {
            let changes: String = r.get(4)?;
            Ok(AuditEntry {
                seq: r.get::<_, i64>(0)?.max(0) as u64,
                at: r.get(1)?,
                user: r.get(2)?,
                action: r.get(3)?,
                // A damaged entry still shows, as its raw text; verify reports it.
                changes: serde_json::from_str(&changes).unwrap_or(Value::String(changes)),
                prev_hash: r.get(5)?,
                hash: r.get(6)?,
                plan_hash: r.get(7).unwrap_or(None),
            })
        })
        .at(path)?;
    rows.collect::<Result<Vec<_>, _>>().at(path)
}

fn text_field(
    r: &rusqlite::Row,
    i: usize,
    name: &str,
    seq: i64,
) -> Result<Result<String, String>, rusqlite::Error> {
    Ok(match r.get_ref(i)? {
        ValueRef::Text(b) | ValueRef::Blob(b) => match std::str::from_utf8(b) {
            Ok(s) => Ok(s.to_owned()),
            Err(_) => Err(format!("the {name} of entry {seq} is not valid utf-8")),
        },
        _ => Err(format!("the {name} of entry {seq} is not text")),
    })
}

/// The plan hash of an entry: `Ok(None)` when the column is NULL.
fn plan_hash_field(
    r: &rusqlite::Row,
    seq: i64,
) -> Result<Result<Option<String>, String>, rusqlite::Error> {
    Ok(match r.get_ref(7)? {
        ValueRef::Null => Ok(None),
        _ => text_field(r, 7, "plan_hash", seq)?.map(Some),
    })
}

/// Walks the whole chain, then checks the stored plan against the newest
/// entry's plan hash. Call inside a read transaction so the trail, the rows
/// and `plan_meta` are one snapshot.
pub(crate) fn verify(conn: &Connection, path: &Path) -> Result<AuditVerification, StoreError> {
    let mut result = AuditVerification {
        entries: 0,
        ok: true,
        first_bad_seq: None,
        problem: None,
        head: None,
        plan_bound: false,
    };
    let bad = |result: &mut AuditVerification, seq: Option<u64>, problem: String| {
        if result.ok {
            result.ok = false;
            result.first_bad_seq = seq;
            result.problem = Some(problem);
        }
    };

    // A file read without migrating may still have schema 1 (no plan hashes).
    let bound_schema = has_column(conn, path, "audit", "plan_hash")?;
    let mut stmt = conn
        .prepare(&format!(
            "SELECT seq, at, user, action, changes, prev_hash, hash, {}
             FROM audit ORDER BY seq",
            if bound_schema { "plan_hash" } else { "NULL" }
        ))
        .at(path)?;
    let mut rows = stmt.query([]).at(path)?;
    let mut expected: u64 = 1;
    let mut prev = GENESIS.to_owned();
    // The plan hash of the newest good entry, and the first entry that had one.
    let mut head_plan_hash: Option<String> = None;
    let mut bound_since: Option<u64> = None;
    while let Some(r) = rows.next().at(path)? {
        result.entries += 1;
        let raw_seq: i64 = r.get(0).at(path)?;
        let fields: Vec<Result<String, String>> = [
            (1, "time"),
            (2, "user"),
            (3, "action"),
            (4, "changes"),
            (5, "prev_hash"),
            (6, "hash"),
        ]
        .iter()
        .map(|(i, n)| text_field(r, *i, n, raw_seq))
        .collect::<Result<_, _>>()
        .at(path)?;
        let plan_hash = plan_hash_field(r, raw_seq).at(path)?;
        let hash_field = fields[5].clone().ok();
        if let Some(h) = &hash_field {
            result.head = Some(h.clone());
        }
        if !result.ok {
            continue;
        }
        let seq = match u64::try_from(raw_seq) {
            Ok(s) if s == expected => s,
            Ok(s) if s > expected => {
                let problem = if expected + 1 == s {
                    format!("entry {expected} is missing (the next entry is {s})")
                } else {
                    format!("entries {expected} to {} are missing", s - 1)
                };
                bad(&mut result, Some(expected), problem);
                continue;
            }
            _ => {
                bad(
                    &mut result,
                    Some(expected),
                    format!("an entry has seq {raw_seq} where {expected} was expected"),
                );
                continue;
            }
        };
        let strs: Vec<&str> = match fields.iter().map(|f| f.as_deref()).collect() {
            Ok(strs) => strs,
            Err(problem) => {
                bad(&mut result, Some(seq), problem.clone());
                continue;
            }
        };
        let plan_hash = match plan_hash {
            Ok(p) => p,
            Err(problem) => {
                bad(&mut result, Some(seq), problem);
                continue;
            }
        };
        let &[at, user, action, changes, prev_hash, hash] = strs.as_slice() else {
            continue;
        };
        if prev_hash != prev {
            bad(
                &mut result,
                Some(seq),
                format!(
                    "entry {seq} does not follow entry {}: its prev_hash is not that entry's hash",
                    seq - 1
                ),
            );
            continue;
        }
        if entry_hash(
            seq,
            at,
            user,
            action,
            changes,
            prev_hash,
            plan_hash.as_deref(),
        ) != hash
        {
            bad(
                &mut result,
                Some(seq),
                format!("entry {seq} was altered: its hash does not match its contents"),
            );
            continue;
        }
        if serde_json::from_str::<Value>(changes).is_err() {
            bad(
                &mut result,
                Some(seq),
                format!("the changes of entry {seq} are not json"),
            );
            continue;
        }
        match (&plan_hash, bound_since) {
            (Some(_), None) => bound_since = Some(seq),
            (None, Some(since)) => {
                bad(
                    &mut result,
                    Some(seq),
                    format!("entry {seq} has no plan hash, though every entry since {since} must"),
                );
                continue;
            }
            _ => {}
        }
        head_plan_hash = plan_hash;
        prev = hash.to_owned();
        expected += 1;
    }
    drop(rows);

    if result.ok {
        let last = expected - 1;
        if last == 0 {
            bad(&mut result, Some(1), "the audit trail is empty".into());
        } else {
            let (revision, head): (i64, String) = conn
                .query_row("SELECT revision, audit_head FROM plan_meta", [], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .at(path)?;
            if head != prev {
                bad(
                    &mut result,
                    Some(last + 1),
                    format!("the audit trail ends at entry {last} but the plan records a different last entry: entries were removed from the end or the head was altered"),
                );
            } else if u64::try_from(revision).ok() != Some(last) {
                bad(
                    &mut result,
                    Some(last + 1),
                    format!("the audit trail ends at entry {last} but the plan is at revision {revision}"),
                );
            } else if let Some(problem) = check_plan(conn, path, last, head_plan_hash.as_deref())? {
                bad(&mut result, None, problem);
            }
        }
        result.plan_bound = head_plan_hash.is_some();
    }
    Ok(result)
}

/// Compares the stored plan with the plan hash of the newest entry (`last`);
/// `Some` says what is wrong.
fn check_plan(
    conn: &Connection,
    path: &Path,
    last: u64,
    head_plan_hash: Option<&str>,
) -> Result<Option<String>, StoreError> {
    let recorded_text: Option<String> = if has_column(conn, path, "plan_meta", "plan_state")? {
        conn.query_row("SELECT plan_state FROM plan_meta", [], |r| r.get(0))
            .at(path)?
    } else {
        None
    };
    let Some(expected) = head_plan_hash else {
        // Written before the trail bound the plan, and not edited since.
        return Ok(recorded_text.map(|_| {
            format!("the plan records a plan state but the newest entry ({last}) has no plan hash: entries were removed from the end")
        }));
    };
    let actual = match PlanState::from_file(conn).at(path)? {
        Ok(s) => s,
        Err(why) => return Ok(Some(format!("the stored plan is damaged: {why}"))),
    };
    if actual.hash() == expected {
        return Ok(None);
    }
    let mut problem = format!(
        "the stored plan does not match the newest audit entry ({last}): it was changed outside trainyard, or entries were removed from the end"
    );
    let recorded = recorded_text.as_deref().and_then(PlanState::from_text);
    match recorded.filter(|r| r.hash() == expected) {
        Some(recorded) => {
            let changed = actual.differences(&recorded);
            if !changed.is_empty() {
                problem.push_str(&format!("; changed: {}", changed.join(", ")));
            }
        }
        None => problem.push_str(
            "; the plan's recorded state does not match that entry either, so what changed cannot be named",
        ),
    }
    Ok(Some(problem))
}

fn has_column(
    conn: &Connection,
    path: &Path,
    table: &str,
    column: &str,
) -> Result<bool, StoreError> {
    conn.query_row(
        "SELECT count(*) FROM pragma_table_info(?1) WHERE name = ?2",
        [table, column],
        |r| r.get::<_, i64>(0),
    )
    .map(|n| n > 0)
    .at(path)
}
