//! Delivery metrics (`docs/metrics.md`) on hand-made histories whose numbers
//! are worked out by hand below.

use trainyard_core::metrics::{metrics, Adherence, GroupBy, Measures, Metrics, MetricsError};
use trainyard_core::time::{parse_instant, Instant};
use trainyard_core::*;

fn t(s: &str) -> Instant {
    parse_instant(s).unwrap()
}

fn incident(id: &str, opened: Option<&str>, resolved: Option<&str>) -> Incident {
    Incident {
        id: id.into(),
        url: None,
        opened: opened.map(t),
        resolved: resolved.map(t),
        severity: Some(IncidentSeverity::High),
        x: None,
    }
}

struct Dep<'a> {
    id: &'a str,
    release: &'a str,
    service: &'a str,
    environment: &'a str,
    /// Planned start and end.
    planned: (&'a str, &'a str),
    /// Actual start, finish (None while running), result.
    actual: Option<(&'a str, Option<&'a str>, Option<OutcomeResult>)>,
    incidents: Vec<Incident>,
}

fn deployment(d: Dep<'_>) -> Deployment {
    Deployment {
        id: d.id.into(),
        release: d.release.into(),
        service: d.service.into(),
        environment: d.environment.into(),
        start: t(d.planned.0),
        end: t(d.planned.1),
        strategy: None,
        wave: None,
        status: None,
        outcome: d.actual.map(|(started, finished, result)| Outcome {
            started: t(started),
            finished: finished.map(t),
            result,
            incidents: d.incidents,
            x: None,
        }),
        x: None,
    }
}

/// Environments staging and prod, team payments owning api and ledger, web
/// owned by no team, releases r1..r3, and `deployments`.
fn plan(deployments: Vec<Deployment>) -> Plan {
    let env = |id: &str, order| Environment {
        id: id.into(),
        name: None,
        order,
        requires_window: false,
        max_concurrent: None,
        requires_approval: false,
        gate: None,
        x: None,
    };
    let service = |id: &str, team: Option<&str>| Service {
        id: id.into(),
        name: None,
        team: team.map(TeamId::from),
        tier: None,
        data_classes: vec![],
        depends_on: vec![],
        x: None,
    };
    let release = |id: &str| Release {
        id: id.into(),
        name: None,
        version: None,
        train: None,
        owner: None,
        change_type: ChangeType::Normal,
        status: None,
        depends_on: vec![],
        approvals: vec![],
        description: None,
        rollback_plan: None,
        success_criteria: None,
        known_issues: None,
        x: None,
    };
    Plan {
        environments: vec![env("staging", 1), env("prod", 2)],
        teams: vec![Team {
            id: "payments".into(),
            name: None,
            timezone: None,
            unavailable: vec![],
            x: None,
        }],
        services: vec![
            service("api", Some("payments")),
            service("ledger", Some("payments")),
            service("web", None),
        ],
        releases: vec![release("r1"), release("r2"), release("r3")],
        deployments,
        ..Plan::default()
    }
}

use OutcomeResult::{RolledBack, Succeeded};

/// The history of the first two weeks of 2027 (Monday 4 January to Monday
/// 18 January), with deployments around it that must not count.
///
/// | id | release | service | env     | planned (Jan)    | actual (Jan)      | result      |
/// |----|---------|---------|---------|------------------|-------------------|-------------|
/// | d0 | r1      | api     | staging | 1 10:00–11:00    | 1 10:50–10:55     | succeeded   |
/// | d1 | r1      | api     | prod    | 5 10:00–11:00    | 5 10:05–10:50     | succeeded   |
/// | d2 | r2      | ledger  | staging | 6 09:00–10:00    | 6 09:00–09:30     | succeeded   |
/// | d3 | r2      | ledger  | prod    | 7 09:00–10:00    | 7 09:30–10:20     | rolled back |
/// | d4 | r3      | web     | prod    | 12 14:00–15:00   | 12 13:50–14:50    | succeeded   |
/// | d5 | r3      | web     | staging | 15 10:00–11:00   | 15 10:00–(running)| —           |
/// | d6 | r3      | api     | prod    | 16 10:00–11:00   | (no outcome)      | —           |
///
/// d0 finished before the period, d5 is running and d6 has no outcome: the
/// period holds d1..d4. Incidents: d0 one of 10 hours (outside the period),
/// d1 one still open (no `resolved`), d3 one from 10:00 to 11:30 (90 min).
fn history() -> Plan {
    plan(vec![
        deployment(Dep {
            id: "d0",
            release: "r1",
            service: "api",
            environment: "staging",
            planned: ("2027-01-01T10:00:00Z", "2027-01-01T11:00:00Z"),
            actual: Some((
                "2027-01-01T10:50:00Z",
                Some("2027-01-01T10:55:00Z"),
                Some(Succeeded),
            )),
            incidents: vec![incident(
                "INC-0",
                Some("2027-01-01T11:00:00Z"),
                Some("2027-01-01T21:00:00Z"),
            )],
        }),
        deployment(Dep {
            id: "d1",
            release: "r1",
            service: "api",
            environment: "prod",
            planned: ("2027-01-05T10:00:00Z", "2027-01-05T11:00:00Z"),
            actual: Some((
                "2027-01-05T10:05:00Z",
                Some("2027-01-05T10:50:00Z"),
                Some(Succeeded),
            )),
            incidents: vec![incident("INC-1", Some("2027-01-05T12:00:00Z"), None)],
        }),
        deployment(Dep {
            id: "d2",
            release: "r2",
            service: "ledger",
            environment: "staging",
            planned: ("2027-01-06T09:00:00Z", "2027-01-06T10:00:00Z"),
            actual: Some((
                "2027-01-06T09:00:00Z",
                Some("2027-01-06T09:30:00Z"),
                Some(Succeeded),
            )),
            incidents: vec![],
        }),
        deployment(Dep {
            id: "d3",
            release: "r2",
            service: "ledger",
            environment: "prod",
            planned: ("2027-01-07T09:00:00Z", "2027-01-07T10:00:00Z"),
            actual: Some((
                "2027-01-07T09:30:00Z",
                Some("2027-01-07T10:20:00Z"),
                Some(RolledBack),
            )),
            incidents: vec![incident(
                "INC-3",
                Some("2027-01-07T10:00:00Z"),
                Some("2027-01-07T11:30:00Z"),
            )],
        }),
        deployment(Dep {
            id: "d4",
            release: "r3",
            service: "web",
            environment: "prod",
            planned: ("2027-01-12T14:00:00Z", "2027-01-12T15:00:00Z"),
            actual: Some((
                "2027-01-12T13:50:00Z",
                Some("2027-01-12T14:50:00Z"),
                Some(Succeeded),
            )),
            incidents: vec![],
        }),
        deployment(Dep {
            id: "d5",
            release: "r3",
            service: "web",
            environment: "staging",
            planned: ("2027-01-15T10:00:00Z", "2027-01-15T11:00:00Z"),
            actual: Some(("2027-01-15T10:00:00Z", None, None)),
            incidents: vec![],
        }),
        deployment(Dep {
            id: "d6",
            release: "r3",
            service: "api",
            environment: "prod",
            planned: ("2027-01-16T10:00:00Z", "2027-01-16T11:00:00Z"),
            actual: None,
            incidents: vec![],
        }),
    ])
}

const FROM: &str = "2027-01-04T00:00:00Z";
const TO: &str = "2027-01-18T00:00:00Z";

fn two_weeks(plan: &Plan, by: Option<GroupBy>) -> Metrics {
    metrics(plan, t(FROM), t(TO), by).unwrap()
}

fn nothing() -> Measures {
    Measures {
        deployments: 0,
        deployment_frequency_per_week: 0.0,
        lead_time_hours: None,
        change_failure_rate: None,
        time_to_restore_hours: None,
        adherence: Adherence {
            on_time_rate: None,
            median_start_delay_minutes: None,
            overruns: 0,
        },
    }
}

#[test]
fn the_overall_measures_of_two_weeks_worked_out_by_hand() {
    let m = two_weeks(&history(), None);
    assert_eq!((m.from, m.to), (t(FROM), t(TO)));
    assert!(m.groups.is_empty());
    // d1..d4: 4 deployments; d1, d2, d4 succeeded, d3 rolled back.
    // Frequency: 3 succeeded / 2 weeks = 1.5 a week.
    // Lead times, from the release's first recorded start (any environment,
    // any period) to the success:
    //   d1: r1 first started with d0 on 1 Jan 10:50 → 5 Jan 10:50 = 96 h;
    //   d2: r2 first started with d2 itself at 09:00 → 09:30 = 0.5 h;
    //   d4: r3 first started with d4 at 13:50 (d5 started later) → 14:50 = 1 h.
    //   Median of 0.5, 1, 96 = 1 h.
    // Change failure rate: 1 rolled back / 4 = 0.25.
    // Time to restore: d3's incident, 10:00 → 11:30 = 1.5 h (d1's is still
    // open, d0's is outside the period).
    // Start delays: d1 +5 min, d2 0, d3 +30 min, d4 −10 min; sorted −10, 0,
    // 5, 30: an even count, so the mean of 0 and 5 = 2.5 min.
    // On time: d1 (5 min late, finished 10:50 ≤ 11:00), d2, d4 (early, ended
    // 14:50 ≤ 15:00); d3 is 30 min late and overran (10:20 > 10:00): 3/4.
    assert_eq!(
        m.overall,
        Measures {
            deployments: 4,
            deployment_frequency_per_week: 1.5,
            lead_time_hours: Some(1.0),
            change_failure_rate: Some(0.25),
            time_to_restore_hours: Some(1.5),
            adherence: Adherence {
                on_time_rate: Some(0.75),
                median_start_delay_minutes: Some(2.5),
                overruns: 1,
            },
        }
    );
}

#[test]
fn grouped_by_service_each_service_has_its_own_measures_sorted_by_id() {
    let m = two_weeks(&history(), Some(GroupBy::Service));
    let keys: Vec<Option<&str>> = m.groups.iter().map(|g| g.key.as_deref()).collect();
    assert_eq!(keys, [Some("api"), Some("ledger"), Some("web")]);
    // api: d1 alone. 1 succeeded / 2 weeks = 0.5; lead 96 h; no failure;
    // its incident is open: no time to restore; 5 min late, on time.
    assert_eq!(
        m.groups[0].measures,
        Measures {
            deployments: 1,
            deployment_frequency_per_week: 0.5,
            lead_time_hours: Some(96.0),
            change_failure_rate: Some(0.0),
            time_to_restore_hours: None,
            adherence: Adherence {
                on_time_rate: Some(1.0),
                median_start_delay_minutes: Some(5.0),
                overruns: 0,
            },
        }
    );
    // ledger: d2 (succeeded, lead 0.5 h, on time, delay 0) and d3 (rolled
    // back, incident 1.5 h, 30 min late, overran). Delays 0 and 30: 15 min.
    assert_eq!(
        m.groups[1].measures,
        Measures {
            deployments: 2,
            deployment_frequency_per_week: 0.5,
            lead_time_hours: Some(0.5),
            change_failure_rate: Some(0.5),
            time_to_restore_hours: Some(1.5),
            adherence: Adherence {
                on_time_rate: Some(0.5),
                median_start_delay_minutes: Some(15.0),
                overruns: 1,
            },
        }
    );
    // web: d4 alone, lead 1 h, 10 min early.
    assert_eq!(
        m.groups[2].measures,
        Measures {
            deployments: 1,
            deployment_frequency_per_week: 0.5,
            lead_time_hours: Some(1.0),
            change_failure_rate: Some(0.0),
            time_to_restore_hours: None,
            adherence: Adherence {
                on_time_rate: Some(1.0),
                median_start_delay_minutes: Some(-10.0),
                overruns: 0,
            },
        }
    );
    // The groups' deployments add up to the overall count.
    let sum: u64 = m.groups.iter().map(|g| g.measures.deployments).sum();
    assert_eq!(sum, m.overall.deployments);
}

#[test]
fn grouped_by_team_services_without_a_team_form_the_group_without_a_key() {
    let m = two_weeks(&history(), Some(GroupBy::Team));
    let keys: Vec<Option<&str>> = m.groups.iter().map(|g| g.key.as_deref()).collect();
    // No key sorts first.
    assert_eq!(keys, [None, Some("payments")]);
    // web has no team: the group without a key is d4 alone.
    assert_eq!(
        m.groups[0].measures,
        two_weeks(&history(), Some(GroupBy::Service)).groups[2].measures
    );
    // payments (api, ledger): d1, d2, d3. 2 succeeded / 2 weeks = 1.0.
    // Lead times 96 h and 0.5 h: mean of the two, 48.25 h. 1 failure of 3.
    // Delays 5, 0, 30 → 5 min. On time d1, d2: 2 of 3.
    assert_eq!(
        m.groups[1].measures,
        Measures {
            deployments: 3,
            deployment_frequency_per_week: 1.0,
            lead_time_hours: Some(48.25),
            change_failure_rate: Some(1.0 / 3.0),
            time_to_restore_hours: Some(1.5),
            adherence: Adherence {
                on_time_rate: Some(2.0 / 3.0),
                median_start_delay_minutes: Some(5.0),
                overruns: 1,
            },
        }
    );
}

#[test]
fn grouped_by_environment() {
    let m = two_weeks(&history(), Some(GroupBy::Environment));
    let keys: Vec<Option<&str>> = m.groups.iter().map(|g| g.key.as_deref()).collect();
    assert_eq!(keys, [Some("prod"), Some("staging")]);
    // prod: d1, d3, d4. 2 succeeded / 2 weeks = 1.0; lead times 96 h and 1 h
    // → 48.5 h; 1 rolled back of 3; incident 1.5 h; delays 5, 30, −10 → 5
    // min; on time d1 and d4: 2 of 3; d3 overran.
    assert_eq!(
        m.groups[0].measures,
        Measures {
            deployments: 3,
            deployment_frequency_per_week: 1.0,
            lead_time_hours: Some(48.5),
            change_failure_rate: Some(1.0 / 3.0),
            time_to_restore_hours: Some(1.5),
            adherence: Adherence {
                on_time_rate: Some(2.0 / 3.0),
                median_start_delay_minutes: Some(5.0),
                overruns: 1,
            },
        }
    );
    // staging: d2 only (d0 finished before the period, d5 is running).
    assert_eq!(
        m.groups[1].measures,
        Measures {
            deployments: 1,
            deployment_frequency_per_week: 0.5,
            lead_time_hours: Some(0.5),
            change_failure_rate: Some(0.0),
            time_to_restore_hours: None,
            adherence: Adherence {
                on_time_rate: Some(1.0),
                median_start_delay_minutes: Some(0.0),
                overruns: 0,
            },
        }
    );
}

#[test]
fn a_finish_exactly_at_from_counts_and_one_exactly_at_to_does_not() {
    // The period [Wed 6 Jan 09:30, Tue 12 Jan 14:50): d2 finished exactly at its
    // start and counts; d4 finished exactly at its end and does not. d3 lies
    // between. d1 (10:50 on 5 Jan) is before it.
    let plan = history();
    let m = metrics(
        &plan,
        t("2027-01-06T09:30:00Z"),
        t("2027-01-12T14:50:00Z"),
        Some(GroupBy::Service),
    )
    .unwrap();
    let keys: Vec<Option<&str>> = m.groups.iter().map(|g| g.key.as_deref()).collect();
    assert_eq!(keys, [Some("ledger")]);
    assert_eq!(m.overall.deployments, 2);
    // 1 succeeded over 6 days 5 h 20 min = 537,600 s; a week is 604,800 s.
    assert_eq!(
        m.overall.deployment_frequency_per_week,
        604_800.0 / 537_600.0
    );
    // One second later, d4 counts too.
    let later = metrics(
        &plan,
        t("2027-01-06T09:30:00Z"),
        t("2027-01-12T14:50:01Z"),
        None,
    )
    .unwrap();
    assert_eq!(later.overall.deployments, 3);
}

#[test]
fn running_deployments_are_in_no_period() {
    // d5 started on 15 Jan and has not finished: whatever the period, it is
    // not counted (d6 has no outcome at all).
    let m = metrics(
        &history(),
        t("2027-01-15T00:00:00Z"),
        t("2100-01-01T00:00:00Z"),
        Some(GroupBy::Environment),
    )
    .unwrap();
    assert_eq!(m.overall, nothing());
    assert!(m.groups.is_empty());
    // Its start still counts as r3's first start when earlier than the
    // others: moved to 12 Jan 12:50, it makes d4's lead time 2 h.
    let mut plan = history();
    let d5 = plan.deployments.iter_mut().find(|d| d.id.as_str() == "d5");
    d5.unwrap().outcome.as_mut().unwrap().started = t("2027-01-12T12:50:00Z");
    let m = two_weeks(&plan, Some(GroupBy::Service));
    assert_eq!(m.groups[2].measures.lead_time_hours, Some(2.0));
    assert_eq!(m.overall.deployments, 4);
}

#[test]
fn an_empty_period_has_zeros_and_nulls() {
    let m = metrics(
        &history(),
        t("2027-02-01T00:00:00Z"),
        t("2027-03-01T00:00:00Z"),
        Some(GroupBy::Team),
    )
    .unwrap();
    assert_eq!(m.overall, nothing());
    assert!(m.groups.is_empty());
}

#[test]
fn a_plan_without_any_outcome_has_zeros_and_nulls() {
    let mut plan = history();
    for d in &mut plan.deployments {
        d.outcome = None;
    }
    for by in [None, Some(GroupBy::Service), Some(GroupBy::Team)] {
        let m = two_weeks(&plan, by);
        assert_eq!(m.overall, nothing());
        assert!(m.groups.is_empty());
    }
    let m = two_weeks(&Plan::default(), Some(GroupBy::Environment));
    assert_eq!(m.overall, nothing());
}

#[test]
fn a_period_that_does_not_end_after_it_starts_is_invalid_input() {
    let plan = history();
    for (from, to) in [(FROM, FROM), (TO, FROM)] {
        assert_eq!(
            metrics(&plan, t(from), t(to), None),
            Err(MetricsError::EmptyPeriod {
                from: t(from),
                to: t(to)
            })
        );
    }
}

#[test]
fn failed_and_rolled_back_both_count_as_failures() {
    let mut plan = history();
    let d1 = plan.deployments.iter_mut().find(|d| d.id.as_str() == "d1");
    d1.unwrap().outcome.as_mut().unwrap().result = Some(OutcomeResult::Failed);
    let m = two_weeks(&plan, None);
    // d3 rolled back, d1 failed: 2 of 4. Succeeded: d2, d4 → 1 a week;
    // lead times 0.5 h and 1 h → 0.75 h.
    assert_eq!(m.overall.change_failure_rate, Some(0.5));
    assert_eq!(m.overall.deployment_frequency_per_week, 1.0);
    assert_eq!(m.overall.lead_time_hours, Some(0.75));
}

#[test]
fn group_by_names_round_trip() {
    for g in GroupBy::ALL {
        assert_eq!(GroupBy::parse(g.as_str()), Some(g));
    }
    assert_eq!(GroupBy::parse("release"), None);
}

mod series {
    use super::*;
    use trainyard_core::metrics::{by_weekday_hour, series, HourCell, Interval, MAX_PERIODS};

    fn in_zone(zone: &str) -> Plan {
        Plan {
            timezone: zone.parse().unwrap(),
            ..history()
        }
    }

    #[test]
    fn two_weeks_split_at_monday_midnight_each_with_its_own_measures() {
        let s = series(&history(), t(FROM), t(TO), Interval::Week).unwrap();
        let spans: Vec<(Instant, Instant)> = s.iter().map(|p| (p.start, p.end)).collect();
        assert_eq!(
            spans,
            [
                (t("2027-01-04T00:00:00Z"), t("2027-01-11T00:00:00Z")),
                (t("2027-01-11T00:00:00Z"), t("2027-01-18T00:00:00Z")),
            ]
        );
        // Week 1: d1, d2 succeeded and d3 rolled back: 2 a week, 1/3 failed;
        // lead times 96 h and 0.5 h (median 48.25 h); delays 5, 0, 30 min.
        let w1 = &s[0].measures;
        assert_eq!(w1.deployments, 3);
        assert_eq!(w1.deployment_frequency_per_week, 2.0);
        assert_eq!(w1.change_failure_rate, Some(1.0 / 3.0));
        assert_eq!(w1.lead_time_hours, Some(48.25));
        assert_eq!(w1.time_to_restore_hours, Some(1.5));
        assert_eq!(w1.adherence.median_start_delay_minutes, Some(5.0));
        assert_eq!(w1.adherence.overruns, 1);
        // Week 2: d4 alone (d5 is still running).
        let w2 = &s[1].measures;
        assert_eq!(w2.deployments, 1);
        assert_eq!(w2.deployment_frequency_per_week, 1.0);
        assert_eq!(w2.change_failure_rate, Some(0.0));
        assert_eq!(w2.adherence.on_time_rate, Some(1.0));
    }

    #[test]
    fn the_first_and_last_periods_are_cut_and_their_frequency_is_per_week_of_their_own_length() {
        let s = series(
            &history(),
            t("2027-01-06T12:00:00Z"),
            t("2027-01-13T00:00:00Z"),
            Interval::Week,
        )
        .unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(
            (s[0].start, s[0].end),
            (t("2027-01-06T12:00:00Z"), t("2027-01-11T00:00:00Z"))
        );
        // d2 finished at 09:30, before the cut: only d3 (rolled back) is left.
        assert_eq!(s[0].measures.deployments, 1);
        assert_eq!(s[0].measures.deployment_frequency_per_week, 0.0);
        assert_eq!(s[0].measures.change_failure_rate, Some(1.0));
        // 11–13 January is two days: one success in two days is 3.5 a week.
        assert_eq!(
            (s[1].start, s[1].end),
            (t("2027-01-11T00:00:00Z"), t("2027-01-13T00:00:00Z"))
        );
        assert_eq!(s[1].measures.deployment_frequency_per_week, 3.5);
    }

    #[test]
    fn months_follow_the_plan_zone_and_empty_months_are_kept_with_zero_counts() {
        let s = series(
            &in_zone("Europe/Berlin"),
            t("2026-12-15T00:00:00Z"),
            t("2027-02-10T00:00:00Z"),
            Interval::Month,
        )
        .unwrap();
        let spans: Vec<(Instant, Instant)> = s.iter().map(|p| (p.start, p.end)).collect();
        // Midnight on the 1st in Berlin (UTC+1 in winter) is 23:00 UTC the day before.
        assert_eq!(
            spans,
            [
                (t("2026-12-15T00:00:00Z"), t("2026-12-31T23:00:00Z")),
                (t("2026-12-31T23:00:00Z"), t("2027-01-31T23:00:00Z")),
                (t("2027-01-31T23:00:00Z"), t("2027-02-10T00:00:00Z")),
            ]
        );
        // January holds d0..d4; December and February nothing.
        let counts: Vec<u64> = s.iter().map(|p| p.measures.deployments).collect();
        assert_eq!(counts, [0, 5, 0]);
        assert_eq!(s[0].measures, nothing());
    }

    #[test]
    fn a_series_is_refused_for_an_empty_period_or_more_periods_than_the_limit() {
        let plan = history();
        assert!(matches!(
            series(&plan, t(TO), t(FROM), Interval::Week),
            Err(MetricsError::EmptyPeriod { .. })
        ));
        let err = series(
            &plan,
            t("1900-01-01T00:00:00Z"),
            t("2200-01-01T00:00:00Z"),
            Interval::Week,
        )
        .unwrap_err();
        assert!(matches!(
            err,
            MetricsError::TooManyPeriods {
                max: MAX_PERIODS,
                ..
            }
        ));
        assert!(err.to_string().contains("more than 5300 weeks"), "{err}");
        // A century of months is well within the limit.
        let months = series(
            &plan,
            t("1950-01-01T00:00:00Z"),
            t("2050-01-01T00:00:00Z"),
            Interval::Month,
        )
        .unwrap();
        assert_eq!(months.len(), 1200);
    }

    #[test]
    fn failures_are_placed_by_the_local_weekday_and_hour_of_the_actual_start() {
        let cell = |deployments, failures| HourCell {
            deployments,
            failures,
        };
        // UTC: d1 Tue 10:05, d2 Wed 09:00, d3 Thu 09:30 (rolled back), d4 Tue 13:50.
        let rows = by_weekday_hour(&history(), t(FROM), t(TO)).unwrap();
        assert_eq!(rows.len(), 7);
        assert_eq!(rows[1][10], cell(1, 0));
        assert_eq!(rows[1][13], cell(1, 0));
        assert_eq!(rows[2][9], cell(1, 0));
        assert_eq!(rows[3][9], cell(1, 1));
        let total: u64 = rows.iter().flatten().map(|c| c.deployments).sum();
        assert_eq!(total, 4);
        // In Berlin every start is an hour later.
        let rows = by_weekday_hour(&in_zone("Europe/Berlin"), t(FROM), t(TO)).unwrap();
        assert_eq!(rows[3][10], cell(1, 1));
        assert_eq!(rows[3][9], cell(0, 0));
    }
}
