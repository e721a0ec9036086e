//! The calendar's range under a bar budget: bars while they fit, counts for
//! the lanes that hold more.

use trainyard_app_core::dto::{BarBudget, CalendarFilter, CalendarRange, LaneBy};
use trainyard_app_core::AppService;

use crate::util::small;

const DAY: (&str, &str) = ("2027-03-10T00:00:00Z", "2027-03-11T00:00:00Z");

fn budget(per_lane: u32, total: u32, expanded: &[&str]) -> BarBudget {
    BarBudget {
        slices: 24,
        per_lane,
        total,
        expanded: expanded.iter().map(|s| s.to_string()).collect(),
    }
}

/// The calendar's range for DAY, which must be valid.
fn day_range(
    app: &AppService,
    lanes: LaneBy,
    environment: Option<&str>,
    filter: &CalendarFilter,
    budget: &BarBudget,
) -> CalendarRange {
    app.calendar_range(DAY.0, DAY.1, lanes, environment, filter, budget)
        .unwrap()
}

fn ids(r: &CalendarRange) -> Vec<&str> {
    let mut v: Vec<&str> = r.range.deployments.iter().map(|d| d.id.as_str()).collect();
    v.sort();
    v
}

#[test]
fn within_the_budget_every_bar_comes_as_visible_range_sends_it() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small(&dir);
    let all = CalendarFilter::default();
    let r = day_range(
        &app,
        LaneBy::Service,
        Some("prod"),
        &all,
        &budget(100, 100, &[]),
    );
    assert_eq!(r.counted, None);
    let visible = app.visible_range(DAY.0, DAY.1).unwrap();
    let prod: Vec<_> = visible
        .deployments
        .iter()
        .filter(|d| d.environment == "prod")
        .cloned()
        .collect();
    assert!(!prod.is_empty());
    let mut got = r.range.deployments.clone();
    got.sort_by(|a, b| a.id.cmp(&b.id));
    let mut want = prod;
    want.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(got, want, "the same bars, coloured the same");
    assert_eq!(r.range.windows, visible.windows);
    assert_eq!(r.range.trains, visible.trains);
}

#[test]
fn a_lane_over_the_cap_comes_as_counts_and_expanding_it_brings_its_bars() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small(&dir);
    let all = CalendarFilter::default();
    // api holds two deployments in prod that day: over a cap of one.
    let r = day_range(
        &app,
        LaneBy::Service,
        Some("prod"),
        &all,
        &budget(1, 100, &[]),
    );
    assert!(
        r.range.deployments.iter().all(|d| d.service != "api"),
        "{:?}",
        ids(&r)
    );
    let counted = r.counted.expect("api is counted");
    let keys: Vec<&str> = counted.lanes.iter().map(|l| l.key.as_str()).collect();
    assert_eq!(keys, ["api"], "only the counted lane");
    let density = app
        .calendar_density(DAY.0, DAY.1, 24, LaneBy::Service, Some("prod"), &all)
        .unwrap();
    assert_eq!(
        counted.lanes[0], density.lanes[0],
        "the same counts as calendar_density"
    );
    assert_eq!(counted.peak, 2);

    // Expanded, api's bars come whatever the cap.
    let r = day_range(
        &app,
        LaneBy::Service,
        Some("prod"),
        &all,
        &budget(1, 100, &["api"]),
    );
    assert_eq!(r.counted, None);
    assert_eq!(
        r.range
            .deployments
            .iter()
            .filter(|d| d.service == "api")
            .count(),
        2
    );

    // The total: two bars do not fit in one, so the fullest lane is counted.
    let r = day_range(&app, LaneBy::Environment, None, &all, &budget(100, 1, &[]));
    let counted = r.counted.expect("prod is counted");
    assert_eq!(
        counted
            .lanes
            .iter()
            .map(|l| l.key.as_str())
            .collect::<Vec<_>>(),
        ["prod"]
    );
    assert!(r.range.deployments.iter().all(|d| d.environment != "prod"));
}

#[test]
fn the_filter_decides_what_is_counted_and_what_comes() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small(&dir);
    let r2 = CalendarFilter {
        releases: vec!["r2".into()],
        ..CalendarFilter::default()
    };
    // Filtered to r2, api holds one deployment that day: within a cap of one.
    let r = day_range(
        &app,
        LaneBy::Service,
        Some("prod"),
        &r2,
        &budget(1, 100, &[]),
    );
    assert_eq!(r.counted, None);
    assert!(!r.range.deployments.is_empty());
    assert!(
        r.range.deployments.iter().all(|d| d.release == "r2"),
        "{:?}",
        ids(&r)
    );
}

#[test]
fn no_conflict_as_the_only_severity_lets_clean_bars_alone_through() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small(&dir);
    let clean = CalendarFilter {
        include_clean: true,
        ..CalendarFilter::default()
    };
    // d1 and d2 overlap: neither is clean.
    let r = day_range(
        &app,
        LaneBy::Service,
        Some("prod"),
        &clean,
        &budget(10, 100, &[]),
    );
    assert!(r.range.deployments.is_empty(), "{:?}", ids(&r));
    // Moved apart, both are.
    app.commit_move("d2", "2027-03-10T14:00:00Z", "2027-03-10T16:00:00Z", "prod")
        .unwrap();
    let r = day_range(
        &app,
        LaneBy::Service,
        Some("prod"),
        &clean,
        &budget(10, 100, &[]),
    );
    assert_eq!(ids(&r), ["d1", "d2"]);
}

#[test]
fn bad_slices_or_a_backwards_range_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small(&dir);
    let all = CalendarFilter::default();
    for (slices, from, to, expected) in [
        (0, DAY.0, DAY.1, "budget.slices: 0"),
        (5000, DAY.0, DAY.1, "budget.slices: 5000"),
        (24, DAY.1, DAY.0, "must end after it starts"),
        (24, DAY.0, "tomorrow", "to:"),
    ] {
        let b = BarBudget {
            slices,
            ..budget(10, 10, &[])
        };
        let e = app
            .calendar_range(from, to, LaneBy::Service, None, &all, &b)
            .unwrap_err();
        assert!(e.message.contains(expected), "{expected}: {}", e.message);
    }
}

#[test]
fn windows_come_for_the_drawn_lanes_only_naming_those_lanes() {
    let json = crate::util::SMALL.replace(
        r#""releases": ["#,
        r#""windows": [
    {"id": "all", "kind": "maintenance", "start": "2027-03-10T00:00", "duration": "PT1H", "timezone": "UTC"},
    {"id": "both", "kind": "maintenance", "scope": {"services": ["api", "db"], "environments": ["prod"]}, "start": "2027-03-10T02:00", "duration": "PT1H", "timezone": "UTC"},
    {"id": "api-only", "kind": "blackout", "scope": {"services": ["api"]}, "start": "2027-03-10T04:00", "duration": "PT1H", "timezone": "UTC"}
  ],
  "releases": ["#,
    );
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = crate::util::small_with(&dir, &json);
    let all = CalendarFilter::default();
    let scopes = |r: &CalendarRange| -> Vec<(String, Vec<String>, Vec<String>)> {
        r.range
            .windows
            .iter()
            .map(|w| (w.window.clone(), w.services.clone(), w.environments.clone()))
            .collect()
    };
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let range = |lanes, environment, b: &BarBudget| day_range(&app, lanes, environment, &all, b);

    // Every lane drawn: every window, as visible_range sends it.
    let drawn = range(LaneBy::Service, Some("prod"), &budget(100, 100, &[]));
    assert_eq!(
        drawn.range.windows,
        app.visible_range(DAY.0, DAY.1).unwrap().windows
    );
    // api counted: "both" names db alone, "api-only" shades nothing drawn.
    let counted = range(LaneBy::Service, Some("prod"), &budget(1, 100, &[]));
    assert_eq!(
        scopes(&counted),
        [
            ("all".to_string(), s(&[]), s(&[])),
            ("both".to_string(), s(&["db"]), s(&["prod"])),
        ]
    );
    // Team and train lanes mix services: windows of every service only.
    let teams = range(LaneBy::Team, Some("prod"), &budget(100, 100, &[]));
    assert_eq!(scopes(&teams), [("all".to_string(), s(&[]), s(&[]))]);
    // Environment lanes draw windows of every service; prod counted keeps
    // the window of every environment (it shades lanes drawn as counts too).
    let envs = range(LaneBy::Environment, None, &budget(100, 1, &[]));
    assert_eq!(scopes(&envs), [("all".to_string(), s(&[]), s(&[]))]);
}
