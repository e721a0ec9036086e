//! The plan state that the audit trail binds, kept up to date in O(changed rows).
//!
//! Hashing the whole plan after every edit would cost tens of milliseconds at
//! 100k deployments, so the state is a set of small digests that an edit
//! updates from the rows it touches:
//!
//! - the plan's name, time zone and extensions (`x`), each a SHA-256;
//! - per entity kind, the number of rows and the sum, modulo 2^2048, of one
//!   2048-bit element per row. A row's element is SHA-512 in counter mode over
//!   SHA-256 of `(kind, position, id, body)` with every part length-delimited,
//!   so changing any byte of a body, an id or a position (reordering) changes
//!   the sum, and a row can be taken out again by subtracting its element.
//!   This is Bellare–Micciancio's AdHash; the 2048-bit modulus keeps it out of
//!   reach of Wagner's generalised-birthday attack, which breaks small ones.
//!
//! The state's text form ([`PlanState::to_text`]) is stored in
//! `plan_meta.plan_state`; its SHA-256 ([`PlanState::hash`]) is the plan hash
//! each audit entry carries. Keeping the per-kind parts lets `audit verify` say
//! which part of the plan was changed behind the store's back.

use serde_json::json;
use sha2::{Digest, Sha256, Sha512};
use trainyard_core::format::EntityKind;

use crate::backend::Backend;
use crate::error::StoreError;

/// 64-bit words in one row element: 2048 bits.
const WORDS: usize = 32;

/// The first line of the text form; a new layout gets a new number.
const HEADER: &str = "trainyard plan state 1";

/// Row count and element sum of one entity kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct KindState {
    pub count: u64,
    sum: [u64; WORDS],
}

impl Default for KindState {
    fn default() -> Self {
        KindState {
            count: 0,
            sum: [0; WORDS],
        }
    }
}

/// The digests of a plan as stored (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct PlanState {
    name: [u8; 32],
    timezone: [u8; 32],
    x: [u8; 32],
    kinds: [KindState; EntityKind::COUNT],
}

fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

fn unhex(text: &str, out: &mut [u8]) -> Option<()> {
    if text.len() != out.len() * 2 || !text.is_ascii() {
        return None;
    }
    for (i, o) in out.iter_mut().enumerate() {
        *o = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(())
}

/// The 2048-bit element of one stored entity row.
fn element(kind: &str, position: i64, id: &[u8], body: &[u8]) -> [u64; WORDS] {
    let mut h = Sha256::new();
    h.update((kind.len() as u64).to_le_bytes());
    h.update(kind.as_bytes());
    h.update(position.to_le_bytes());
    h.update((id.len() as u64).to_le_bytes());
    h.update(id);
    h.update((body.len() as u64).to_le_bytes());
    h.update(body);
    let seed = h.finalize();
    let mut words = [0u64; WORDS];
    for (block, chunk) in words.chunks_mut(8).enumerate() {
        let mut x = Sha512::new();
        x.update(seed);
        x.update([block as u8]);
        let out = x.finalize();
        for (w, b) in chunk.iter_mut().zip(out.chunks(8)) {
            *w = u64::from_le_bytes(b.try_into().unwrap_or_default());
        }
    }
    words
}

impl KindState {
    fn add(&mut self, e: &[u64; WORDS]) {
        let mut carry = false;
        for (s, v) in self.sum.iter_mut().zip(e) {
            let (a, c1) = s.overflowing_add(*v);
            let (b, c2) = a.overflowing_add(u64::from(carry));
            *s = b;
            carry = c1 || c2;
        }
        self.count = self.count.wrapping_add(1);
    }

    fn sub(&mut self, e: &[u64; WORDS]) {
        let mut borrow = false;
        for (s, v) in self.sum.iter_mut().zip(e) {
            let (a, b1) = s.overflowing_sub(*v);
            let (b, b2) = a.overflowing_sub(u64::from(borrow));
            *s = b;
            borrow = b1 || b2;
        }
        self.count = self.count.wrapping_sub(1);
    }

    fn sum_hex(&self) -> String {
        let bytes: Vec<u8> = self.sum.iter().flat_map(|w| w.to_le_bytes()).collect();
        hex(&bytes)
    }
}

impl PlanState {
    /// The state of a plan with these metadata columns and no entities.
    pub fn new(name: Option<&str>, timezone: &str, x: Option<&str>) -> Self {
        let mut s = PlanState::default();
        s.set_name(name);
        s.set_timezone(timezone);
        s.x = sha256(json!([x]).to_string().as_bytes());
        s
    }

    pub fn set_name(&mut self, name: Option<&str>) {
        self.name = sha256(json!([name]).to_string().as_bytes());
    }

    pub fn set_timezone(&mut self, timezone: &str) {
        self.timezone = sha256(json!([timezone]).to_string().as_bytes());
    }

    pub fn add_row(&mut self, kind: EntityKind, position: i64, id: &str, body: &str) {
        let e = element(kind.as_str(), position, id.as_bytes(), body.as_bytes());
        self.kinds[kind as usize].add(&e);
    }

    pub fn remove_row(&mut self, kind: EntityKind, position: i64, id: &str, body: &str) {
        let e = element(kind.as_str(), position, id.as_bytes(), body.as_bytes());
        self.kinds[kind as usize].sub(&e);
    }

    /// The canonical text form (what `plan_meta.plan_state` holds).
    pub fn to_text(&self) -> String {
        let mut out = String::with_capacity(4096);
        out.push_str(HEADER);
        for (label, h) in [
            ("name", &self.name),
            ("timezone", &self.timezone),
            ("x", &self.x),
        ] {
            out.push_str(&format!("\n{label} {}", hex(h)));
        }
        for kind in EntityKind::ALL {
            let k = &self.kinds[kind as usize];
            // A governance kind without rows is left out: the state (and the
            // plan hash every audit entry carries) of a plan without them is
            // what it was before these kinds existed.
            if kind.is_governance() && *k == KindState::default() {
                continue;
            }
            out.push_str(&format!("\n{} {} {}", kind.as_str(), k.count, k.sum_hex()));
        }
        out
    }

    /// Reads [`Self::to_text`]'s form back; `None` when it is not exactly that.
    pub fn from_text(text: &str) -> Option<Self> {
        let mut lines = text.split('\n');
        if lines.next()? != HEADER {
            return None;
        }
        let mut s = PlanState::default();
        for (label, h) in [
            ("name", &mut s.name),
            ("timezone", &mut s.timezone),
            ("x", &mut s.x),
        ] {
            let (l, v) = lines.next()?.split_once(' ')?;
            if l != label {
                return None;
            }
            unhex(v, h)?;
        }
        let mut lines = lines.peekable();
        for kind in EntityKind::ALL {
            if kind.is_governance()
                && lines
                    .peek()
                    .is_none_or(|l| l.split(' ').next() != Some(kind.as_str()))
            {
                // Left out when empty (see `to_text`).
                continue;
            }
            let mut parts = lines.next()?.split(' ');
            if parts.next()? != kind.as_str() {
                return None;
            }
            let k = &mut s.kinds[kind as usize];
            k.count = parts.next()?.parse().ok()?;
            let mut bytes = [0u8; WORDS * 8];
            unhex(parts.next()?, &mut bytes)?;
            for (w, b) in k.sum.iter_mut().zip(bytes.chunks(8)) {
                *w = u64::from_le_bytes(b.try_into().ok()?);
            }
            if parts.next().is_some() {
                return None;
            }
        }
        if lines.next().is_some() || s.to_text() != text {
            return None;
        }
        Some(s)
    }

    /// The plan hash an audit entry carries: SHA-256 of the text form, hex.
    pub fn hash(&self) -> String {
        hex(&sha256(self.to_text().as_bytes()))
    }

    /// The state of the plan stored, computed from every row. `Err` says
    /// why a row cannot be part of a plan.
    pub fn from_rows(b: &mut dyn Backend) -> Result<Result<Self, String>, StoreError> {
        let Some(meta) = b.meta()? else {
            return Ok(Err("the plan's metadata is missing".into()));
        };
        let mut state = PlanState::new(meta.name.as_deref(), &meta.timezone, meta.x.as_deref());
        let mut bad: Option<String> = None;
        b.each_entity(None, &mut |r| {
            if bad.is_some() {
                return Ok(());
            }
            let kind = r
                .kind
                .and_then(|k| std::str::from_utf8(k).ok())
                .and_then(crate::codec::kind_from_str);
            let (Some(kind), Some(id), Some(body)) = (kind, r.id, r.body) else {
                bad = Some("an entity row has an unknown kind or no id or body".into());
                return Ok(());
            };
            let Some(position) = r.position else {
                bad = Some("an entity row has a position that is not a number".into());
                return Ok(());
            };
            let e = element(kind.as_str(), position, id, body);
            state.kinds[kind as usize].add(&e);
            Ok(())
        })?;
        Ok(match bad {
            Some(why) => Err(why),
            None => Ok(state),
        })
    }

    /// What differs between `recorded` (the state the audit trail vouches
    /// for) and `self` (what the file holds), in words.
    pub fn differences(&self, recorded: &PlanState) -> Vec<String> {
        let mut out = Vec::new();
        if self.name != recorded.name {
            out.push("the plan's name".to_owned());
        }
        if self.timezone != recorded.timezone {
            out.push("the plan's time zone".to_owned());
        }
        if self.x != recorded.x {
            out.push("the plan's extensions (x)".to_owned());
        }
        for kind in EntityKind::ALL {
            let (now, then) = (&self.kinds[kind as usize], &recorded.kinds[kind as usize]);
            if now == then {
                continue;
            }
            let what = kind.list_key();
            out.push(if now.count == then.count {
                format!("the {what} (a row's contents, id or order)")
            } else {
                format!("the {what} ({} recorded, {} stored)", then.count, now.count)
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adding_then_removing_a_row_restores_the_state_and_the_text_round_trips() {
        let empty = PlanState::new(Some("p"), "UTC", None);
        let mut s = empty.clone();
        s.add_row(EntityKind::Deployment, 7, "d1", "{\"id\":\"d1\"}");
        s.add_row(EntityKind::Deployment, 9, "d2", "{\"id\":\"d2\"}");
        assert_ne!(s, empty);
        assert_eq!(PlanState::from_text(&s.to_text()), Some(s.clone()));
        s.remove_row(EntityKind::Deployment, 7, "d1", "{\"id\":\"d1\"}");
        s.remove_row(EntityKind::Deployment, 9, "d2", "{\"id\":\"d2\"}");
        assert_eq!(s, empty);
        assert_eq!(s.hash().len(), 64);
    }

    #[test]
    fn swapping_positions_changes_the_state() {
        let mut a = PlanState::new(None, "UTC", None);
        let mut b = a.clone();
        a.add_row(EntityKind::Window, 1, "w1", "{}");
        a.add_row(EntityKind::Window, 2, "w2", "{}");
        b.add_row(EntityKind::Window, 2, "w1", "{}");
        b.add_row(EntityKind::Window, 1, "w2", "{}");
        assert_ne!(a.hash(), b.hash());
        assert_eq!(
            b.differences(&a),
            ["the windows (a row's contents, id or order)"]
        );
    }
}
