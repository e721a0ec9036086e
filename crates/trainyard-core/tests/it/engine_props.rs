//! Properties of the conflict engine on random plans.

use chrono::Duration;
use proptest::prelude::*;
use trainyard_core::reference::{identities, naive_check, naive_check_as_of};
use trainyard_core::*;

use crate::gen::{build, plan_spec};

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn the_engine_finds_exactly_what_the_naive_check_finds(spec in plan_spec()) {
        let plan = build(&spec);
        let report = check(&plan);
        prop_assert_eq!(identities(&report.conflicts), naive_check(&plan));
    }

    #[test]
    fn the_report_holds_each_identity_once_in_a_stable_order(spec in plan_spec()) {
        let plan = build(&spec);
        let report = check(&plan);
        let ids = identities(&report.conflicts);
        prop_assert_eq!(ids.len(), report.conflicts.len());
        prop_assert_eq!(check(&plan), report);
    }

    #[test]
    fn results_do_not_depend_on_input_order(spec in plan_spec(), seed in any::<u64>()) {
        let plan = build(&spec);
        let mut shuffled = plan.clone();
        let mut state = seed | 1;
        let mut next = || { state ^= state << 13; state ^= state >> 7; state ^= state << 17; state };
        for list_len in [shuffled.deployments.len()] {
            for i in (1..list_len).rev() {
                let j = (next() % (i as u64 + 1)) as usize;
                shuffled.deployments.swap(i, j);
            }
        }
        shuffled.windows.reverse();
        shuffled.releases.reverse();
        shuffled.services.reverse();
        prop_assert_eq!(check(&shuffled), check(&plan));
    }

    #[test]
    fn incremental_recheck_equals_a_full_recheck(spec in plan_spec(), moves in prop::collection::vec((0usize..40, -48i64..48, 1i64..10, 0usize..4), 1..6)) {
        let plan = build(&spec);
        prop_assume!(!plan.deployments.is_empty());
        let mut checker = Checker::new(&plan);
        prop_assert_eq!(checker.counts(), counts_of(&check(&plan)));
        let mut expected = plan.clone();
        for (d, shift, len, env) in moves {
            let d = d % plan.deployments.len();
            let dep = expected.deployments[d].clone();
            let start = dep.start + Duration::hours(shift);
            let end = start + Duration::hours(len);
            let env = expected.environments[env % expected.environments.len()].id.clone();
            checker.move_deployment(&dep.id, start, end, &env).unwrap();
            let target = &mut expected.deployments[d];
            target.start = start;
            target.end = end;
            target.environment = env;
            let full = check(&expected);
            prop_assert_eq!(checker.counts(), counts_of(&full));
            prop_assert_eq!(checker.report(), full);
        }
    }

    /// Many moves in crowded environments that all have a `max_concurrent`: the
    /// re-sweep around a move must give exactly the full sweep's conflicts.
    #[test]
    fn incremental_concurrency_equals_a_full_recheck(
        spec in plan_spec(),
        limit in 1u32..4,
        moves in prop::collection::vec((0usize..40, -30i64..30, 1i64..14, 0usize..4, 0u8..10), 1..40),
    ) {
        let mut plan = build(&spec);
        prop_assume!(!plan.deployments.is_empty());
        // Crowd every deployment into two days and limit every environment.
        let t0 = crate::gen::base();
        for d in &mut plan.deployments {
            let len = d.end - d.start;
            d.start = t0 + Duration::hours((d.start - t0).num_hours() % 48);
            d.end = d.start + len;
        }
        for e in &mut plan.environments {
            e.max_concurrent = Some(limit);
        }
        let mut checker = Checker::new(&plan);
        prop_assert_eq!(checker.counts(), counts_of(&check(&plan)));
        let mut expected = plan.clone();
        for (d, shift, len, env, long) in moves {
            let d = d % plan.deployments.len();
            let dep = expected.deployments[d].clone();
            let start = dep.start + Duration::hours(shift);
            // Now and then a long one, so that what runs into a region starts long before it.
            let end = start + Duration::hours(if long == 0 { len * 8 } else { len });
            let env = expected.environments[env % expected.environments.len()].id.clone();
            checker.move_deployment(&dep.id, start, end, &env).unwrap();
            let target = &mut expected.deployments[d];
            target.start = start;
            target.end = end;
            target.environment = env;
            let full = check(&expected);
            prop_assert_eq!(checker.counts(), counts_of(&full));
            prop_assert_eq!(checker.report(), full);
        }
    }

    /// Instants far from today take the engine's wide path (deployments after
    /// 2115) or saturate (an unavailable period from 1500 to 2600): the answers
    /// stay those of the naive check, and a checker agrees with a full check.
    #[test]
    fn far_away_instants_give_exact_answers(
        spec in plan_spec(),
        years in prop::sample::select(vec![0i64, 80, 400, -250]),
        far in any::<bool>(),
    ) {
        let mut plan = build(&spec);
        let shift = Duration::days(years * 365);
        for d in &mut plan.deployments {
            d.start += shift;
            d.end += shift;
        }
        for w in &mut plan.windows {
            w.start += shift;
        }
        for t in &mut plan.teams {
            for u in &mut t.unavailable {
                u.start += shift;
                u.end += shift;
            }
        }
        if far {
            let at = |y: i32| chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, y, 1, 1, 0, 0, 0).unwrap();
            for (start, end) in [(at(1500), at(2600)), (at(2500), at(2600)), (at(1400), at(1500))] {
                plan.teams[0].unavailable.push(Unavailability { start, end, reason: None, x: None });
            }
        }
        let report = check(&plan);
        prop_assert_eq!(identities(&report.conflicts), naive_check(&plan));
        prop_assert_eq!(Checker::new(&plan).report(), report);
    }

    /// With a reference time, `review-overdue` joins the report: the engine
    /// agrees with the naive check, and a checker given the same time stays
    /// equal to a full check as deployments move (a move changes when an
    /// emergency's review is due).
    #[test]
    fn review_overdue_at_a_reference_time_matches_the_naive_check_and_follows_moves(
        spec in plan_spec(),
        as_of_h in 0i64..500,
        moves in prop::collection::vec((0usize..40, -48i64..48, 1i64..10, 0usize..4), 0..5),
    ) {
        let plan = build(&spec);
        let as_of = crate::gen::base() + Duration::hours(as_of_h);
        let report = check_as_of(&plan, as_of);
        prop_assert_eq!(identities(&report.conflicts), naive_check_as_of(&plan, Some(as_of)));
        let mut checker = Checker::new(&plan);
        checker.set_as_of(Some(as_of));
        prop_assert_eq!(checker.report(), report);
        if plan.deployments.is_empty() {
            return Ok(());
        }
        let mut expected = plan.clone();
        for (d, shift, len, env) in moves {
            let d = d % plan.deployments.len();
            let dep = expected.deployments[d].clone();
            let start = dep.start + Duration::hours(shift);
            let end = start + Duration::hours(len);
            let env = expected.environments[env % expected.environments.len()].id.clone();
            checker.move_deployment(&dep.id, start, end, &env).unwrap();
            let target = &mut expected.deployments[d];
            target.start = start;
            target.end = end;
            target.environment = env;
            prop_assert_eq!(checker.report(), check_as_of(&expected, as_of));
        }
    }

    #[test]
    fn a_suggestion_has_no_error_listing_the_deployment_and_nothing_earlier_works(spec in plan_spec(), pick in 0usize..40) {
        let plan = build(&spec);
        prop_assume!(!plan.deployments.is_empty());
        let dep = plan.deployments[pick % plan.deployments.len()].clone();
        let checker = Checker::new(&plan);
        let s = checker.suggest(&dep.id).unwrap();
        let errors_at = |start: chrono::DateTime<chrono::Utc>| {
            let mut p = plan.clone();
            let d = p.deployments.iter_mut().find(|d| d.id == dep.id).unwrap();
            d.end = start + (dep.end - dep.start);
            d.start = start;
            check(&p).conflicts.iter().any(|c| c.severity == Severity::Error && c.involves_deployment(&dep.id))
        };
        if let Some(start) = &s.start {
            let start = time::parse_instant(start).unwrap();
            prop_assert!(start >= dep.start);
            prop_assert!(!errors_at(start), "the suggested start still has errors");
            // Hour granularity: no whole hour between the current start and the suggestion works.
            let mut t = dep.start;
            while t < start {
                prop_assert!(errors_at(t), "{} would have worked before {}", t, start);
                t += Duration::hours(1);
            }
        }
    }
}

/// (errors, warnings) of a report, counted the slow way.
fn counts_of(report: &Report) -> (usize, usize) {
    let errors = report
        .conflicts
        .iter()
        .filter(|c| c.severity == Severity::Error)
        .count();
    (errors, report.conflicts.len() - errors)
}
