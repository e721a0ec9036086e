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

use serde::Serialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::backend::{AuditRow, Backend, NewAuditEntry};
use crate::error::StoreError;
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
    /// `changes` exactly as stored (the hash covers these bytes), for a copy
    /// of the trail to another store.
    #[serde(skip)]
    pub(crate) changes_text: String,
}

impl AuditEntry {
    /// An entry as read from a store. Damaged `changes` still show, as
    /// their raw text; `verify` reports them.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn from_stored(
        seq: i64,
        at: String,
        user: String,
        action: String,
        changes: String,
        prev_hash: String,
        hash: String,
        plan_hash: Option<String>,
    ) -> AuditEntry {
        AuditEntry {
            seq: seq.max(0) as u64,
            at,
            user,
            action,
            changes: serde_json::from_str(&changes)
                .unwrap_or_else(|_| Value::String(changes.clone())),
            prev_hash,
            plan_hash,
            hash,
            changes_text: changes,
        }
    }
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
    b: &mut dyn Backend,
    user: &str,
    action: &str,
    changes: &str,
    plan_hash: &str,
) -> Result<(u64, String), StoreError> {
    let path = b.location().to_owned();
    let (seq, prev_hash) = match b.audit_last()? {
        Some((s, h, _)) => (
            u64::try_from(s)
                .ok()
                .and_then(|s| s.checked_add(1))
                .ok_or_else(|| StoreError::corrupt(&path, format!("audit entry has seq {s}")))?,
            h,
        ),
        None => (1, GENESIS.to_owned()),
    };
    let at = now_utc();
    let hash = entry_hash(seq, &at, user, action, changes, &prev_hash, Some(plan_hash));
    b.audit_insert(&NewAuditEntry {
        seq,
        at: &at,
        user,
        action,
        changes,
        prev_hash: &prev_hash,
        plan_hash: Some(plan_hash),
        hash: &hash,
    })?;
    Ok((seq, hash))
}

/// Newest first; entries with seq < `before_seq` when given.
pub(crate) fn log(
    b: &mut dyn Backend,
    limit: usize,
    before_seq: Option<u64>,
) -> Result<Vec<AuditEntry>, StoreError> {
    let before = before_seq.map_or(i64::MAX, |s| i64::try_from(s).unwrap_or(i64::MAX));
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    b.audit_page(limit, before)
}

/// The walk over the trail, one entry at a time.
struct Walk {
    result: AuditVerification,
    expected: u64,
    prev: String,
    /// The plan hash of the newest good entry, and the first entry that had one.
    head_plan_hash: Option<String>,
    bound_since: Option<u64>,
}

impl Walk {
    fn bad(&mut self, seq: Option<u64>, problem: String) {
        if self.result.ok {
            self.result.ok = false;
            self.result.first_bad_seq = seq;
            self.result.problem = Some(problem);
        }
    }

    fn entry(&mut self, row: AuditRow) {
        self.result.entries += 1;
        if let Ok(h) = &row.fields[5] {
            self.result.head = Some(h.clone());
        }
        if !self.result.ok {
            return;
        }
        let expected = self.expected;
        let raw_seq = row.seq;
        let seq = match u64::try_from(raw_seq) {
            Ok(s) if s == expected => s,
            Ok(s) if s > expected => {
                let problem = if expected + 1 == s {
                    format!("entry {expected} is missing (the next entry is {s})")
                } else {
                    format!("entries {expected} to {} are missing", s - 1)
                };
                return self.bad(Some(expected), problem);
            }
            _ => {
                return self.bad(
                    Some(expected),
                    format!("an entry has seq {raw_seq} where {expected} was expected"),
                )
            }
        };
        let strs: Vec<&str> = match row.fields.iter().map(|f| f.as_deref()).collect() {
            Ok(strs) => strs,
            Err(problem) => return self.bad(Some(seq), problem.to_owned()),
        };
        let plan_hash = match row.plan_hash {
            Ok(p) => p,
            Err(problem) => return self.bad(Some(seq), problem),
        };
        let &[at, user, action, changes, prev_hash, hash] = strs.as_slice() else {
            return;
        };
        if prev_hash != self.prev {
            return self.bad(
                Some(seq),
                format!(
                    "entry {seq} does not follow entry {}: its prev_hash is not that entry's hash",
                    seq - 1
                ),
            );
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
            return self.bad(
                Some(seq),
                format!("entry {seq} was altered: its hash does not match its contents"),
            );
        }
        if serde_json::from_str::<Value>(changes).is_err() {
            return self.bad(
                Some(seq),
                format!("the changes of entry {seq} are not json"),
            );
        }
        match (&plan_hash, self.bound_since) {
            (Some(_), None) => self.bound_since = Some(seq),
            (None, Some(since)) => {
                return self.bad(
                    Some(seq),
                    format!("entry {seq} has no plan hash, though every entry since {since} must"),
                );
            }
            _ => {}
        }
        self.head_plan_hash = plan_hash;
        self.prev = hash.to_owned();
        self.expected += 1;
    }
}

/// Walks the whole chain, then checks the stored plan against the newest
/// entry's plan hash. Call inside a read transaction so the trail, the rows
/// and the plan's metadata are one snapshot.
pub(crate) fn verify(b: &mut dyn Backend) -> Result<AuditVerification, StoreError> {
    let mut walk = Walk {
        result: AuditVerification {
            entries: 0,
            ok: true,
            first_bad_seq: None,
            problem: None,
            head: None,
            plan_bound: false,
        },
        expected: 1,
        prev: GENESIS.to_owned(),
        head_plan_hash: None,
        bound_since: None,
    };
    b.each_audit_row(&mut |row| {
        walk.entry(row);
        Ok(())
    })?;

    if walk.result.ok {
        let last = walk.expected - 1;
        if last == 0 {
            walk.bad(Some(1), "the audit trail is empty".into());
        } else {
            let location = b.location().to_owned();
            let meta = b
                .meta()?
                .ok_or_else(|| StoreError::corrupt(&location, "the plan's metadata is missing"))?;
            if meta.audit_head != walk.prev {
                walk.bad(
                    Some(last + 1),
                    format!("the audit trail ends at entry {last} but the plan records a different last entry: entries were removed from the end or the head was altered"),
                );
            } else if u64::try_from(meta.revision).ok() != Some(last) {
                walk.bad(
                    Some(last + 1),
                    format!(
                        "the audit trail ends at entry {last} but the plan is at revision {}",
                        meta.revision
                    ),
                );
            } else if let Some(problem) = check_plan(
                b,
                meta.plan_state.as_deref(),
                last,
                walk.head_plan_hash.as_deref(),
            )? {
                walk.bad(None, problem);
            }
        }
        walk.result.plan_bound = walk.head_plan_hash.is_some();
    }
    Ok(walk.result)
}

/// Compares the stored plan with the plan hash of the newest entry (`last`);
/// `Some` says what is wrong.
fn check_plan(
    b: &mut dyn Backend,
    recorded_text: Option<&str>,
    last: u64,
    head_plan_hash: Option<&str>,
) -> Result<Option<String>, StoreError> {
    let Some(expected) = head_plan_hash else {
        // Written before the trail bound the plan, and not edited since.
        return Ok(recorded_text.map(|_| {
            format!("the plan records a plan state but the newest entry ({last}) has no plan hash: entries were removed from the end")
        }));
    };
    let actual = match PlanState::from_rows(b)? {
        Ok(s) => s,
        Err(why) => return Ok(Some(format!("the stored plan is damaged: {why}"))),
    };
    if actual.hash() == expected {
        return Ok(None);
    }
    let mut problem = format!(
        "the stored plan does not match the newest audit entry ({last}): it was changed outside trainyard, or entries were removed from the end"
    );
    let recorded = recorded_text.and_then(PlanState::from_text);
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
