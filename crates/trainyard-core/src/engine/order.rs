//! The report order (rule, then subjects, then severity), each conflict
//! identity once, computed on small precomputed keys.

use std::cmp::Ordering;

use super::{Conflict, Rule};

/// The first eight bytes of an id (zero-padded, big-endian, so that integers
/// compare as the bytes do) and its length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct IdPrefix(u64, usize);

impl IdPrefix {
    fn of(s: &str) -> Self {
        let b = s.as_bytes();
        let mut w = [0u8; 8];
        let n = b.len().min(8);
        w[..n].copy_from_slice(&b[..n]);
        IdPrefix(u64::from_be_bytes(w), b.len())
    }

    /// Compares two ids by their prefixes, reading the strings only when the
    /// prefixes cannot tell.
    fn cmp_ids(self, a: &str, other: Self, b: &str) -> Ordering {
        if self.0 != other.0 {
            self.0.cmp(&other.0)
        } else if self.1 <= 8 && other.1 <= 8 {
            // Equal zero-padded prefixes of short ids: the shorter one is a
            // prefix of the longer one.
            self.1.cmp(&other.1)
        } else {
            a.cmp(b)
        }
    }
}

/// What the report order looks at first, precomputed: rule, environment and
/// first deployment (the subjects that usually decide).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct SortKey {
    rule: Rule,
    env: Option<IdPrefix>,
    first: Option<IdPrefix>,
}

impl SortKey {
    fn of(c: &Conflict) -> Self {
        SortKey {
            rule: c.rule,
            env: c.environment.as_ref().map(|e| IdPrefix::of(e.as_str())),
            first: c.deployments.first().map(|d| IdPrefix::of(d.as_str())),
        }
    }
}

/// The report order: rule, then subjects (`Conflict::order_key`), then
/// severity, using the precomputed keys where they decide.
fn report_cmp(x: &Conflict, kx: &SortKey, y: &Conflict, ky: &SortKey) -> Ordering {
    fn opt(
        a: Option<IdPrefix>,
        sa: Option<&str>,
        b: Option<IdPrefix>,
        sb: Option<&str>,
    ) -> Ordering {
        match (a.zip(sa), b.zip(sb)) {
            (Some((pa, sa)), Some((pb, sb))) => pa.cmp_ids(sa, pb, sb),
            (a, b) => a.is_some().cmp(&b.is_some()),
        }
    }
    kx.rule
        .cmp(&ky.rule)
        .then_with(|| {
            opt(
                kx.env,
                x.environment.as_ref().map(|e| e.as_str()),
                ky.env,
                y.environment.as_ref().map(|e| e.as_str()),
            )
        })
        .then_with(|| {
            opt(
                kx.first,
                x.deployments.first().map(|d| d.as_str()),
                ky.first,
                y.deployments.first().map(|d| d.as_str()),
            )
        })
        .then_with(|| x.order_key().cmp(&y.order_key()))
        .then_with(|| x.severity.cmp(&y.severity))
}

/// The report order of conflicts (rule, then subjects, then severity; ties
/// keep their order), each identity once: positions into `conflicts`.
/// Sorting small keys with positions moves a few bytes per swap instead of a
/// whole conflict, and compares integers where ids would be compared.
pub(super) fn report_order<C: std::borrow::Borrow<Conflict>>(conflicts: &[C]) -> Vec<usize> {
    let c = |i: usize| conflicts[i].borrow();
    let mut keyed: Vec<(SortKey, usize)> = (0..conflicts.len())
        .map(|i| (SortKey::of(c(i)), i))
        .collect();
    keyed.sort_by(|(ka, a), (kb, b)| report_cmp(c(*a), ka, c(*b), kb));
    // Neighbours with different keys have different identities.
    keyed.dedup_by(|(ka, a), (kb, b)| {
        ka.rule == kb.rule
            && ka.env == kb.env
            && ka.first == kb.first
            && c(*a).identity() == c(*b).identity()
    });
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// Sorts conflicts into report order and keeps each identity once.
pub(crate) fn sort_and_dedup(conflicts: &mut Vec<Conflict>) {
    let order = report_order(conflicts);
    let mut slots: Vec<Option<Conflict>> =
        std::mem::take(conflicts).into_iter().map(Some).collect();
    conflicts.reserve_exact(order.len());
    conflicts.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Severity;
    use crate::plan::*;

    /// The precomputed keys give exactly `order_key` then severity, with ids
    /// that share long prefixes, end in NUL bytes or are absent.
    #[test]
    fn the_report_order_is_order_key_then_severity() {
        let ids = [
            "",
            "a",
            "a\0",
            "a\0\0",
            "ab",
            "abcdefgh",
            "abcdefgh\0",
            "abcdefghA",
            "abcdefghZ",
            "abcdefgh0123",
            "abcdefgi",
            "b",
            "d10",
            "d2",
            "é",
        ];
        let mut state = 11u64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut conflicts = vec![];
        for _ in 0..3000 {
            let pick = |k: usize| ids[k].to_owned();
            let deployments = (0..next(3))
                .map(|_| DeploymentId(pick(next(ids.len()))))
                .collect();
            conflicts.push(Conflict {
                rule: Rule::ALL[next(3)],
                severity: if next(2) == 0 {
                    Severity::Error
                } else {
                    Severity::Warning
                },
                deployments,
                releases: (0..next(2))
                    .map(|_| ReleaseId(pick(next(ids.len()))))
                    .collect(),
                services: vec![],
                environment: (next(4) > 0).then(|| EnvironmentId(pick(next(ids.len())))),
                window: (next(2) == 0).then(|| WindowId(pick(next(ids.len())))),
                team: None,
                holds: vec![],
                bookings: vec![],
                message: String::new(),
                evidence: vec![],
            });
        }
        let mut expected: Vec<usize> = (0..conflicts.len()).collect();
        expected.sort_by(|&a, &b| {
            let (x, y) = (&conflicts[a], &conflicts[b]);
            x.order_key()
                .cmp(&y.order_key())
                .then_with(|| x.severity.cmp(&y.severity))
        });
        expected.dedup_by(|a, b| conflicts[*a].identity() == conflicts[*b].identity());
        assert_eq!(report_order(&conflicts), expected);
    }
}
