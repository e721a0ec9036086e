//! The Insights command on a small plan with recorded outcomes, every number
//! worked out by hand (docs/metrics.md defines them).
//!
//! Europe/Berlin is UTC+1 in January. The period is the two weeks from
//! Monday 4 January 2027 00:00 local (3 Jan 23:00 UTC):
//!
//! | id | release | service (team) | env | planned (UTC) | actual (UTC) | result |
//! |---|---|---|---|---|---|---|
//! | a1 | r1 | api (core) | staging | 5 Jan 09:00–10:00 | 09:00–09:30 | succeeded |
//! | a2 | r1 | api (core) | prod | 6 Jan 09:00–10:00 | 09:30–10:30 | failed, incident 10:00–11:00 |
//! | a3 | r2 | web (none) | prod | 12 Jan 13:00–14:00 | 13:00–13:45 | succeeded |
//! | a4 | r3 | web (none) | staging | 20 Jan 09:00–10:00 | 09:00–09:50 | succeeded (after the period) |
//! | a5 | r3 | web (none) | prod | 14 Jan 09:00–10:00 | from 09:00, running | — |

use trainyard_app_core::dto::{
    DeliveryMeasures, HourCount, InsightGroupBy, Insights, PlanAdherence, TrendInterval,
};
use trainyard_app_core::{default_period, DEFAULT_PERIOD_DAYS};

use crate::util::{small, small_with};

const HISTORY: &str = r#"{
  "format": "trainyard-plan", "version": 1, "name": "History", "timezone": "Europe/Berlin",
  "environments": [{"id": "staging", "order": 1}, {"id": "prod", "order": 2}],
  "teams": [{"id": "core"}],
  "services": [{"id": "api", "team": "core"}, {"id": "web"}],
  "releases": [{"id": "r1", "change_type": "standard"}, {"id": "r2", "change_type": "standard"}, {"id": "r3", "change_type": "standard"}],
  "deployments": [
    {"id": "a1", "release": "r1", "service": "api", "environment": "staging",
     "start": "2027-01-05T09:00:00Z", "end": "2027-01-05T10:00:00Z",
     "outcome": {"started": "2027-01-05T09:00:00Z", "finished": "2027-01-05T09:30:00Z", "result": "succeeded"}},
    {"id": "a2", "release": "r1", "service": "api", "environment": "prod",
     "start": "2027-01-06T09:00:00Z", "end": "2027-01-06T10:00:00Z",
     "outcome": {"started": "2027-01-06T09:30:00Z", "finished": "2027-01-06T10:30:00Z", "result": "failed",
                 "incidents": [{"id": "INC-1", "opened": "2027-01-06T10:00:00Z", "resolved": "2027-01-06T11:00:00Z"}]}},
    {"id": "a3", "release": "r2", "service": "web", "environment": "prod",
     "start": "2027-01-12T13:00:00Z", "end": "2027-01-12T14:00:00Z",
     "outcome": {"started": "2027-01-12T13:00:00Z", "finished": "2027-01-12T13:45:00Z", "result": "succeeded"}},
    {"id": "a4", "release": "r3", "service": "web", "environment": "staging",
     "start": "2027-01-20T09:00:00Z", "end": "2027-01-20T10:00:00Z",
     "outcome": {"started": "2027-01-20T09:00:00Z", "finished": "2027-01-20T09:50:00Z", "result": "succeeded"}},
    {"id": "a5", "release": "r3", "service": "web", "environment": "prod",
     "start": "2027-01-14T09:00:00Z", "end": "2027-01-14T10:00:00Z",
     "outcome": {"started": "2027-01-14T09:00:00Z"}}
  ]
}"#;

const FROM: &str = "2027-01-03T23:00:00Z";
const MIDWAY: &str = "2027-01-10T23:00:00Z";
const TO: &str = "2027-01-17T23:00:00Z";

fn insights(interval: TrendInterval, by: Option<InsightGroupBy>) -> Insights {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small_with(&dir, HISTORY);
    app.insights(Some(FROM), Some(TO), interval, by).unwrap()
}

/// The measures, with adherence as (on-time rate, median start delay, overruns).
fn measures(
    deployments: u64,
    per_week: f64,
    lead: Option<f64>,
    cfr: Option<f64>,
    restore: Option<f64>,
    (on_time, delay, overruns): (Option<f64>, Option<f64>, u64),
) -> DeliveryMeasures {
    DeliveryMeasures {
        deployments,
        deployment_frequency_per_week: per_week,
        lead_time_hours: lead,
        change_failure_rate: cfr,
        time_to_restore_hours: restore,
        adherence: PlanAdherence {
            on_time_rate: on_time,
            median_start_delay_minutes: delay,
            overruns,
        },
    }
}

#[test]
fn the_headline_figures_are_the_four_dora_measures_and_adherence_of_the_period() {
    let i = insights(TrendInterval::Week, None);
    assert_eq!((i.from.as_str(), i.to.as_str()), (FROM, TO));
    assert_eq!(i.timezone, "Europe/Berlin");
    assert!(i.has_outcomes);
    // a1, a2, a3 finished in the period: 2 succeeded in 2 weeks; lead times
    // 0.5 h and 0.75 h; a2 failed; its incident took 1 h; a1 and a3 were on
    // time, a2 started 30 min late and overran; delays 0, 30, 0 minutes.
    assert_eq!(
        i.overall,
        measures(
            3,
            1.0,
            Some(0.625),
            Some(1.0 / 3.0),
            Some(1.0),
            (Some(2.0 / 3.0), Some(0.0), 1)
        )
    );
    assert!(i.groups.is_empty(), "no groups without a grouping");
}

#[test]
fn the_weekly_trend_has_one_point_per_local_week_from_monday_midnight() {
    let i = insights(TrendInterval::Week, None);
    assert_eq!(i.interval, TrendInterval::Week);
    let bounds: Vec<_> = i
        .trend
        .iter()
        .map(|p| (p.start.as_str(), p.end.as_str()))
        .collect();
    assert_eq!(bounds, [(FROM, MIDWAY), (MIDWAY, TO)]);
    assert_eq!(
        i.trend[0].measures,
        measures(
            2,
            1.0,
            Some(0.5),
            Some(0.5),
            Some(1.0),
            (Some(0.5), Some(15.0), 1)
        )
    );
    assert_eq!(
        i.trend[1].measures,
        measures(
            1,
            1.0,
            Some(0.75),
            Some(0.0),
            None,
            (Some(1.0), Some(0.0), 0)
        )
    );
}

#[test]
fn the_monthly_trend_is_the_period_cut_to_its_bounds() {
    let i = insights(TrendInterval::Month, None);
    assert_eq!(i.interval, TrendInterval::Month);
    assert_eq!(i.trend.len(), 1);
    assert_eq!(
        (i.trend[0].start.as_str(), i.trend[0].end.as_str()),
        (FROM, TO)
    );
    assert_eq!(i.trend[0].measures, i.overall);
}

#[test]
fn failures_are_placed_by_local_weekday_and_hour_of_the_actual_start() {
    let i = insights(TrendInterval::Week, None);
    assert_eq!(i.weekday_hour.len(), 7);
    assert!(i.weekday_hour.iter().all(|row| row.len() == 24));
    let cell = |d: usize, h: usize| i.weekday_hour[d][h];
    // a1 Tue 10:00 local, a2 Wed 10:30 local (failed), a3 Tue 14:00 local.
    assert_eq!(
        cell(1, 10),
        HourCount {
            deployments: 1,
            failures: 0
        }
    );
    assert_eq!(
        cell(2, 10),
        HourCount {
            deployments: 1,
            failures: 1
        }
    );
    assert_eq!(
        cell(1, 14),
        HourCount {
            deployments: 1,
            failures: 0
        }
    );
    let total: u64 = i.weekday_hour.iter().flatten().map(|c| c.deployments).sum();
    assert_eq!(total, 3, "only the period's finished deployments");
}

#[test]
fn groups_by_team_put_services_without_a_team_under_a_null_key_first() {
    let i = insights(TrendInterval::Week, Some(InsightGroupBy::Team));
    let keys: Vec<_> = i.groups.iter().map(|g| g.key.as_deref()).collect();
    assert_eq!(keys, [None, Some("core")]);
    assert_eq!(i.groups[0].measures.deployments, 1);
    assert_eq!(i.groups[1].measures.deployments, 2);
    assert_eq!(i.groups[1].measures.change_failure_rate, Some(0.5));
    let by_env = insights(TrendInterval::Week, Some(InsightGroupBy::Environment));
    let keys: Vec<_> = by_env.groups.iter().map(|g| g.key.as_deref()).collect();
    assert_eq!(keys, [Some("prod"), Some("staging")]);
}

#[test]
fn without_a_period_the_last_twelve_weeks_end_the_day_after_the_latest_finished_outcome() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small_with(&dir, HISTORY);
    let i = app.insights(None, None, TrendInterval::Week, None).unwrap();
    // a4 finished on 20 Jan (local): the period ends at 21 Jan 00:00 CET and
    // starts 84 days before, on 29 Oct 2026 00:00 CET (after the October change).
    assert_eq!(DEFAULT_PERIOD_DAYS, 84);
    assert_eq!(
        (i.from.as_str(), i.to.as_str()),
        ("2026-10-28T23:00:00Z", "2027-01-20T23:00:00Z")
    );
    assert_eq!(i.overall.deployments, 4);
    let plan = trainyard_core::parse_plan(HISTORY).unwrap();
    let now = trainyard_core::time::parse_instant("2030-01-01T12:00:00Z").unwrap();
    assert_eq!(
        default_period(&plan, now).1,
        trainyard_core::time::parse_instant("2027-01-20T23:00:00Z").unwrap(),
        "the clock does not matter once an outcome finished"
    );
}

#[test]
fn a_plan_without_outcomes_says_so_and_measures_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small(&dir);
    let i = app
        .insights(Some(FROM), Some(TO), TrendInterval::Week, None)
        .unwrap();
    assert!(!i.has_outcomes);
    assert_eq!(
        i.overall,
        measures(0, 0.0, None, None, None, (None, None, 0))
    );
    assert_eq!(i.trend.len(), 2);
    assert!(i.weekday_hour.iter().flatten().all(|c| c.deployments == 0));
}

#[test]
fn without_outcomes_the_default_period_ends_the_day_after_a_demo_plans_as_of() {
    let dir = tempfile::tempdir().unwrap();
    let app = crate::util::service(&dir);
    app.open_demo().unwrap();
    // The demo lives on Monday 15 February 2027 (Berlin).
    let i = app.insights(None, None, TrendInterval::Week, None).unwrap();
    assert!(!i.has_outcomes);
    assert_eq!(i.to, "2027-02-15T23:00:00Z");
    assert_eq!(i.from, "2026-11-23T23:00:00Z");
}

#[test]
fn an_empty_or_unreadable_period_is_invalid_input() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small_with(&dir, HISTORY);
    let e = app
        .insights(Some(TO), Some(FROM), TrendInterval::Week, None)
        .unwrap_err();
    assert_eq!(e.code, "invalid_input");
    assert!(e.message.contains("not after its start"), "{}", e.message);
    let e = app
        .insights(Some("last monday"), Some(TO), TrendInterval::Week, None)
        .unwrap_err();
    assert_eq!(e.code, "invalid_input");
    assert!(e.message.starts_with("from:"), "{}", e.message);
}
