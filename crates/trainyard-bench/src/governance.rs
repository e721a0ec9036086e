//! Release governance on a generated plan, for the benchmark of the full
//! check with and without it: bookings, holds and waivers spread over the
//! plan's year, scoped as real ones are (an environment or a few services,
//! one release).

use chrono::{Duration, TimeZone, Utc};
use trainyard_core::*;

use crate::Rng;

/// How much governance to add, and how it is spread.
#[derive(Debug, Clone, Copy)]
pub struct GovernanceSize {
    pub bookings: usize,
    pub holds: usize,
    pub waivers: usize,
    /// Wide and long: a third of the bookings exclusive for one or two days,
    /// a quarter of those of a whole environment, a tenth of the holds on
    /// the whole plan for up to three days. A stress case: about one
    /// deployment in six meets a hold or another holder's booking.
    pub dense: bool,
}

impl GovernanceSize {
    /// The sizes the governance benchmark is stated for, spread as a plan
    /// in use looks: exclusive bookings (a quarter) name the services a
    /// test needs for a few hours, holds are mostly on a service or a
    /// release for up to a day, one is on the whole plan.
    pub const LARGE: GovernanceSize = GovernanceSize {
        bookings: 1_000,
        holds: 100,
        waivers: 1_000,
        dense: false,
    };
    /// [`GovernanceSize::LARGE`], spread densely (see `dense`).
    pub const LARGE_DENSE: GovernanceSize = GovernanceSize {
        dense: true,
        ..GovernanceSize::LARGE
    };
}

/// Adds bookings, holds (a fifth open-ended from near the end of the year,
/// half allowing waivers) and waivers (one release, a week or two, for
/// blackout, outside-window or on-hold) to a plan from [`crate::generate`],
/// spread as `size` says.
pub fn add_governance(plan: &mut Plan, size: GovernanceSize, seed: u64) {
    let mut rng = Rng::new(seed);
    let year = Utc
        .with_ymd_and_hms(2027, 1, 1, 0, 0, 0)
        .single()
        .expect("valid instant");
    let at = |rng: &mut Rng, days: u64| year + Duration::minutes(rng.below(days * 24 * 60) as i64);
    let pick = |rng: &mut Rng, n: usize| rng.below(n as u64) as usize;
    let (envs, services, releases) = (
        plan.environments.len(),
        plan.services.len(),
        plan.releases.len(),
    );
    let dense = size.dense;
    for i in 0..size.bookings {
        let from = at(&mut rng, 360);
        let exclusive = if dense { i % 3 == 0 } else { i % 4 == 0 };
        // A planned exclusive booking names what it needs (a whole
        // environment is what a hold is for).
        let services_named = if exclusive && !dense {
            1 + pick(&mut rng, 3)
        } else {
            pick(&mut rng, 4)
        };
        let mut named: Vec<ServiceId> = (0..services_named)
            .map(|_| plan.services[pick(&mut rng, services)].id.clone())
            .collect();
        named.sort();
        named.dedup();
        let holder = match i % 3 {
            0 => Holder::Team(plan.teams[pick(&mut rng, plan.teams.len())].id.clone()),
            _ => Holder::Release(plan.releases[pick(&mut rng, releases)].id.clone()),
        };
        plan.bookings.push(Booking {
            id: BookingId(format!("b{i:04}")),
            environment: plan.environments[pick(&mut rng, envs)].id.clone(),
            services: named,
            holder,
            from,
            until: from
                + if dense {
                    Duration::hours(24 + rng.below(24) as i64)
                } else {
                    Duration::hours(2 + rng.below(10) as i64)
                },
            exclusive,
            note: None,
            x: None,
        });
    }
    for i in 0..size.holds {
        let from = at(&mut rng, 360);
        let scope = match (dense, i % 10, i) {
            (true, 0, _) | (false, _, 0) => HoldScope::Plan,
            (true, 1..=3, _) | (false, 1, _) => {
                HoldScope::Environment(plan.environments[pick(&mut rng, envs)].id.clone())
            }
            (_, 4..=6, _) | (false, 2..=3, _) => {
                HoldScope::Service(plan.services[pick(&mut rng, services)].id.clone())
            }
            _ => HoldScope::Release(plan.releases[pick(&mut rng, releases)].id.clone()),
        };
        let hours = if dense {
            2 + rng.below(70)
        } else {
            1 + rng.below(24)
        };
        let open = i % 5 == 4;
        plan.holds.push(Hold {
            id: HoldId(format!("h{i:03}")),
            scope,
            reason: Some("incident follow-up".into()),
            by: Some("sre".into()),
            from: if open {
                year + Duration::days(355)
            } else {
                from
            },
            until: (!open).then(|| from + Duration::hours(hours as i64)),
            allow_waiver: i % 2 == 0,
            x: None,
        });
    }
    const RULES: [Rule; 3] = [Rule::Blackout, Rule::OutsideWindow, Rule::OnHold];
    for i in 0..size.waivers {
        let granted_at = at(&mut rng, 360);
        plan.waivers.push(Waiver {
            id: WaiverId(format!("w{i:04}")),
            release: plan.releases[pick(&mut rng, releases)].id.clone(),
            rules: vec![RULES[i % 3], RULES[(i + 1) % 3]],
            granted_by: "cab".into(),
            reason: None,
            granted_at,
            expires: granted_at + Duration::days(7 + rng.below(8) as i64),
            x: None,
        });
    }
}
