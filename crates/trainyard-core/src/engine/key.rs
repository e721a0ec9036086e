//! Instants as integers for the engine's hot loops, in two widths.

use std::fmt;
use std::hash::Hash;

use chrono::DateTime;

use crate::time::Instant;

/// An instant as nanoseconds since the Unix epoch: compared and subtracted in
/// a couple of instructions, where a `DateTime` compares three fields and
/// subtracts through calendar arithmetic. The rules' hot loops and sorts use
/// these; messages use the plan's instants.
///
/// Two widths: `i128` is exact for every instant chrono holds and is what a
/// [`Checker`] keeps (deployments may move anywhere). A full [`check`] of a plan
/// whose deployments all lie within 1824..2115 uses `i64` (half the memory to
/// sweep): deployment instants are then exact, and anything else (a window
/// occurrence or an unavailable period far away) saturates, which keeps every
/// comparison with a deployment instant right, and only those decide.
pub(crate) trait Key: Copy + Ord + Default + fmt::Debug + Hash + 'static {
    /// The key of an instant, saturating.
    fn of(t: Instant) -> Self;
    /// The key of a deployment's instant, if this width holds it, its
    /// differences with the others and the horizon around it exactly.
    fn exact(t: Instant) -> Option<Self>;
    /// The instant of a key (exact for a deployment's).
    fn instant(self) -> Instant;
    /// `self - other`, saturating.
    fn minus(self, other: Self) -> Self;
}

const NANOS_PER_SEC: i128 = 1_000_000_000;

fn nanos_i128(t: Instant) -> i128 {
    i128::from(t.timestamp()) * NANOS_PER_SEC + i128::from(t.timestamp_subsec_nanos())
}

fn instant_i128(n: i128) -> Instant {
    i64::try_from(n.div_euclid(NANOS_PER_SEC))
        .ok()
        .and_then(|secs| DateTime::from_timestamp(secs, n.rem_euclid(NANOS_PER_SEC) as u32))
        .unwrap_or(if n < 0 {
            Instant::MIN_UTC
        } else {
            Instant::MAX_UTC
        })
}

impl Key for i128 {
    fn of(t: Instant) -> Self {
        nanos_i128(t)
    }
    fn exact(t: Instant) -> Option<Self> {
        Some(nanos_i128(t))
    }
    fn instant(self) -> Instant {
        instant_i128(self)
    }
    fn minus(self, other: Self) -> Self {
        self.saturating_sub(other)
    }
}

impl Key for i64 {
    fn of(t: Instant) -> Self {
        let n = nanos_i128(t);
        n.clamp(i64::MIN.into(), i64::MAX.into()) as i64
    }
    /// Within ±2^62 ns of 1970 (1824..2115).
    fn exact(t: Instant) -> Option<Self> {
        let n = nanos_i128(t);
        (n.abs() < 1 << 62).then_some(n as i64)
    }
    fn instant(self) -> Instant {
        instant_i128(self.into())
    }
    fn minus(self, other: Self) -> Self {
        self.saturating_sub(other)
    }
}

/// The instants of a [`Checker`].
pub(crate) type Nanos = i128;
