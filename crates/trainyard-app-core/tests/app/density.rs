//! The zoomed-out calendar: counts per lane and slice, and the filter.

use trainyard_app_core::dto::{CalendarFilter, LaneBy, Severity};

use crate::util::small;

const DAY: (&str, &str) = ("2027-03-10T00:00:00Z", "2027-03-11T00:00:00Z");

/// Hour `h` set to `v` in a day of zeros.
fn hours(set: &[(usize, u32)]) -> Vec<u32> {
    let mut v = vec![0; 24];
    for &(h, n) in set {
        v[h] = n;
    }
    v
}

#[test]
fn a_day_in_hours_counts_each_deployment_in_every_hour_it_runs() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small(&dir);
    let all = CalendarFilter::default();
    // d1 runs 10:00–12:00 and d2 11:00–13:00 (UTC) on api in prod; they
    // overlap, so both are errors. An end on the hour is not in that hour.
    let d = app
        .calendar_density(DAY.0, DAY.1, 24, LaneBy::Service, Some("prod"), &all)
        .unwrap();
    let keys: Vec<&str> = d.lanes.iter().map(|l| l.key.as_str()).collect();
    assert_eq!(keys, ["api", "db"], "every service has a lane");
    assert_eq!(d.lanes[0].name, "API");
    assert_eq!(d.lanes[0].deployments, hours(&[(10, 1), (11, 2), (12, 1)]));
    assert_eq!(d.lanes[0].errors, d.lanes[0].deployments);
    assert_eq!(d.lanes[0].warnings, hours(&[]));
    assert_eq!(d.lanes[1].deployments, hours(&[]));
    assert_eq!(d.peak, 2);
    // Another environment has nothing.
    let qa = app
        .calendar_density(DAY.0, DAY.1, 24, LaneBy::Service, Some("qa"), &all)
        .unwrap();
    assert_eq!(qa.peak, 0);

    // By train: r1 rides t1, r2 no train.
    let d = app
        .calendar_density(DAY.0, DAY.1, 24, LaneBy::Train, None, &all)
        .unwrap();
    let lanes: Vec<(&str, &str)> = d
        .lanes
        .iter()
        .map(|l| (l.key.as_str(), l.name.as_str()))
        .collect();
    assert_eq!(lanes, [("t1", "Main train"), ("", "No train")]);
    assert_eq!(d.lanes[0].deployments, hours(&[(10, 1), (11, 1)]));
    assert_eq!(d.lanes[1].deployments, hours(&[(11, 1), (12, 1)]));
    // By team: both services belong to core.
    let d = app
        .calendar_density(DAY.0, DAY.1, 24, LaneBy::Team, None, &all)
        .unwrap();
    assert_eq!(d.lanes.len(), 1);
    assert_eq!(d.lanes[0].name, "Core team");
    assert_eq!(d.lanes[0].deployments, hours(&[(10, 1), (11, 2), (12, 1)]));
}

#[test]
fn the_filter_keeps_what_matches_every_list_it_names() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small(&dir);
    let count = |filter: CalendarFilter| {
        app.calendar_density(DAY.0, DAY.1, 1, LaneBy::Environment, None, &filter)
            .unwrap()
            .lanes[0]
            .deployments[0]
    };
    assert_eq!(count(CalendarFilter::default()), 2);
    let only = |f: fn(&mut CalendarFilter)| {
        let mut filter = CalendarFilter::default();
        f(&mut filter);
        filter
    };
    assert_eq!(count(only(|f| f.releases = vec!["r2".into()])), 1);
    assert_eq!(count(only(|f| f.trains = vec!["t1".into()])), 1);
    assert_eq!(count(only(|f| f.trains = vec!["".into()])), 1, "no train");
    assert_eq!(count(only(|f| f.teams = vec!["core".into()])), 2);
    assert_eq!(count(only(|f| f.statuses = vec!["succeeded".into()])), 0);
    assert_eq!(count(only(|f| f.severities = vec![Severity::Error])), 2);
    assert_eq!(count(only(|f| f.severities = vec![Severity::Warning])), 0);
    assert_eq!(
        count(only(|f| {
            f.releases = vec!["r1".into(), "r2".into()];
            f.trains = vec!["t1".into()];
        })),
        1,
        "every list must match"
    );
}

#[test]
fn bad_slices_or_a_backwards_range_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small(&dir);
    let all = CalendarFilter::default();
    for (slices, from, to, expected) in [
        (0, DAY.0, DAY.1, "slices: 0"),
        (5000, DAY.0, DAY.1, "slices: 5000"),
        (24, DAY.1, DAY.0, "must end after it starts"),
        (24, "yesterday", DAY.1, "from:"),
    ] {
        let e = app
            .calendar_density(from, to, slices, LaneBy::Service, None, &all)
            .unwrap_err();
        assert!(e.message.contains(expected), "{expected}: {}", e.message);
    }
}
