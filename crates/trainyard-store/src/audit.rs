//! The append-only, hash-chained audit trail.
//!
//! Each entry's `hash` is SHA-256 over the canonical serialisation
//! `[seq, at, user, action, changes, prev_hash]` — a compact JSON array in which
//! `changes` is the stored JSON *text* as a string — so the hash covers the exact
//! stored bytes of every field (a whitespace-only edit of `changes` is caught
//! too). `prev_hash` of entry 1 is 64 zeros. `plan_meta` records the head hash,
//! and the revision equals the last seq, so removing entries from the end is
//! caught as well. The triggers that forbid UPDATE and DELETE on `audit` stop
//! accidents; `verify` is what catches deliberate edits of the raw file (short of
//! someone recomputing every hash, which a chain without a secret cannot stop).

use std::path::Path;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::error::{SqlResultExt, StoreError};

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
}

pub(crate) fn entry_hash(
    seq: u64,
    at: &str,
    user: &str,
    action: &str,
    changes: &str,
    prev_hash: &str,
) -> String {
    let canonical = json!([seq, at, user, action, changes, prev_hash]).to_string();
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

/// Appends an entry after the current last one; returns (seq, hash).
pub(crate) fn append(
    conn: &Connection,
    path: &Path,
    user: &str,
    action: &str,
    changes: &str,
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
    let hash = entry_hash(seq, &at, user, action, changes, &prev_hash);
    conn.prepare_cached(
        "INSERT INTO audit (seq, at, user, action, changes, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )
    .at(path)?
    .execute(rusqlite::params![
        seq as i64, at, user, action, changes, prev_hash, hash
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
            "SELECT seq, at, user, action, changes, prev_hash, hash FROM audit
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

/// Walks the whole chain. Call inside a read transaction so the trail and
/// `plan_meta` are one snapshot.
pub(crate) fn verify(conn: &Connection, path: &Path) -> Result<AuditVerification, StoreError> {
    let mut result = AuditVerification {
        entries: 0,
        ok: true,
        first_bad_seq: None,
        problem: None,
        head: None,
    };
    let bad = |result: &mut AuditVerification, seq: u64, problem: String| {
        if result.ok {
            result.ok = false;
            result.first_bad_seq = Some(seq);
            result.problem = Some(problem);
        }
    };

    let mut stmt = conn
        .prepare("SELECT seq, at, user, action, changes, prev_hash, hash FROM audit ORDER BY seq")
        .at(path)?;
    let mut rows = stmt.query([]).at(path)?;
    let mut expected: u64 = 1;
    let mut prev = GENESIS.to_owned();
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
                bad(&mut result, expected, problem);
                continue;
            }
            _ => {
                bad(
                    &mut result,
                    expected,
                    format!("an entry has seq {raw_seq} where {expected} was expected"),
                );
                continue;
            }
        };
        let strs: Vec<&str> = match fields.iter().map(|f| f.as_deref()).collect() {
            Ok(strs) => strs,
            Err(problem) => {
                bad(&mut result, seq, problem.clone());
                continue;
            }
        };
        let &[at, user, action, changes, prev_hash, hash] = strs.as_slice() else {
            continue;
        };
        if prev_hash != prev {
            bad(
                &mut result,
                seq,
                format!(
                    "entry {seq} does not follow entry {}: its prev_hash is not that entry's hash",
                    seq - 1
                ),
            );
            continue;
        }
        if entry_hash(seq, at, user, action, changes, prev_hash) != hash {
            bad(
                &mut result,
                seq,
                format!("entry {seq} was altered: its hash does not match its contents"),
            );
            continue;
        }
        if serde_json::from_str::<Value>(changes).is_err() {
            bad(
                &mut result,
                seq,
                format!("the changes of entry {seq} are not json"),
            );
            continue;
        }
        prev = hash.to_owned();
        expected += 1;
    }
    drop(rows);

    if result.ok {
        let last = expected - 1;
        if last == 0 {
            bad(&mut result, 1, "the audit trail is empty".into());
        } else {
            let (revision, head): (i64, String) = conn
                .query_row("SELECT revision, audit_head FROM plan_meta", [], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .at(path)?;
            if head != prev {
                bad(
                    &mut result,
                    last + 1,
                    format!("the audit trail ends at entry {last} but the plan records a different last entry: entries were removed from the end or the head was altered"),
                );
            } else if u64::try_from(revision).ok() != Some(last) {
                bad(
                    &mut result,
                    last + 1,
                    format!("the audit trail ends at entry {last} but the plan is at revision {revision}"),
                );
            }
        }
    }
    Ok(result)
}
