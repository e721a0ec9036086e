//! The conflict overview: density buckets over the plan's span, the week a
//! plan opens on, and conflicts naming their deployments.

use trainyard_app_core::overview::{busiest_error_week, conflict_overview, MAX_BUCKETS};
use trainyard_core::Checker;

use super::util::service;

/// A plan whose deployments overlap in pairs: one pair (one error, two
/// deployments) starting at each UTC instant of `pairs`.
fn overlapping_pairs(pairs: &[&str]) -> trainyard_core::Plan {
    let mut deployments = vec![];
    for (i, start) in pairs.iter().enumerate() {
        for (n, offset) in [(0, "00"), (1, "30")].into_iter() {
            let start = start.replace(":00:00Z", &format!(":{offset}:00Z"));
            let end = start.replacen("T10:", "T11:", 1);
            deployments.push(format!(
                r#"{{"id": "d{i}-{n}", "release": "r{n}", "service": "api", "environment": "prod", "start": "{start}", "end": "{end}"}}"#
            ));
        }
    }
    let json = format!(
        r#"{{
  "format": "trainyard-plan", "version": 1, "name": "Pairs", "timezone": "Europe/Berlin",
  "environments": [{{"id": "prod", "order": 1}}],
  "teams": [{{"id": "core"}}],
  "services": [{{"id": "api", "team": "core"}}],
  "releases": [{{"id": "r0", "version": "1", "change_type": "standard"}}, {{"id": "r1", "version": "2", "change_type": "standard"}}],
  "deployments": [{}]
}}"#,
        deployments.join(",\n")
    );
    trainyard_core::parse_plan(&json).expect("the fixture plan is valid")
}

#[test]
fn the_demo_opens_on_the_week_with_the_most_errors() {
    let dir = tempfile::tempdir().unwrap();
    let app = service(&dir);
    app.open_demo().unwrap();
    let o = app.conflict_overview().unwrap();
    // Week of 8 Mar: the staging overlap (two deployments) and the analytics
    // rollout outside its window; 29 Mar has two, 22 Feb one.
    assert_eq!(o.busiest_error_week.as_deref(), Some("2027-03-08"));
}

#[test]
fn the_demo_overview_counts_each_conflict_once_where_its_deployments_start() {
    let dir = tempfile::tempdir().unwrap();
    let app = service(&dir);
    let s = app.open_demo().unwrap();
    let o = app.conflict_overview().unwrap();
    assert_eq!(o.bucket_days, 1, "a quarter fits in days");
    assert_eq!(o.buckets.len(), {
        let first =
            chrono::NaiveDate::parse_from_str(o.from.as_deref().unwrap(), "%Y-%m-%d").unwrap();
        let to = chrono::NaiveDate::parse_from_str(o.to.as_deref().unwrap(), "%Y-%m-%d").unwrap();
        (to - first).num_days() as usize
    });
    assert!(s
        .first_start
        .as_deref()
        .unwrap()
        .starts_with(o.from.as_deref().unwrap()));
    let errors: u32 = o.buckets.iter().map(|b| b.errors).sum();
    let warnings: u32 = o.buckets.iter().map(|b| b.warnings).sum();
    // The unapproved release has no deployment to place: 4 of the 5 errors.
    assert_eq!((errors, warnings), (4, 3));
    let day = |d: &str| o.buckets.iter().find(|b| b.start == d).unwrap();
    // The overlap's two deployments start the same evening: it counts once.
    assert_eq!(
        (day("2027-03-12").errors, day("2027-03-12").warnings),
        (2, 0)
    );
    assert_eq!(
        day("2027-04-13").warnings,
        1,
        "three deployments, one concurrency warning"
    );
    assert_eq!(
        (day("2027-03-11").errors, day("2027-03-11").warnings),
        (0, 0)
    );
}

#[test]
fn a_tie_opens_on_the_earliest_week_and_no_error_opens_nowhere() {
    let plan = overlapping_pairs(&["2027-06-09T10:00:00Z", "2027-03-03T10:00:00Z"]);
    let checker = Checker::new(&plan);
    let week = busiest_error_week(&checker, &checker.report()).unwrap();
    assert_eq!(
        week.to_string(),
        "2027-03-01",
        "the Monday of the earlier pair"
    );

    let plan = overlapping_pairs(&[
        "2027-06-09T10:00:00Z",
        "2027-03-03T10:00:00Z",
        "2027-06-10T10:00:00Z",
    ]);
    let checker = Checker::new(&plan);
    let week = busiest_error_week(&checker, &checker.report()).unwrap();
    assert_eq!(week.to_string(), "2027-06-07", "two pairs beat one");

    let plan = overlapping_pairs(&[]);
    let checker = Checker::new(&plan);
    assert_eq!(busiest_error_week(&checker, &checker.report()), None);
    let o = conflict_overview(&checker, &checker.report());
    assert!(o.buckets.is_empty() && o.from.is_none());
}

#[test]
fn long_plans_get_week_buckets_from_a_monday_and_never_more_than_the_limit() {
    // Four years: weekly buckets.
    let plan = overlapping_pairs(&["2027-03-03T10:00:00Z", "2031-03-05T10:00:00Z"]);
    let checker = Checker::new(&plan);
    let o = conflict_overview(&checker, &checker.report());
    assert_eq!(o.bucket_days, 7);
    assert_eq!(o.from.as_deref(), Some("2027-03-01"));
    assert!(o.buckets.len() <= MAX_BUCKETS as usize);
    assert_eq!(o.buckets.iter().filter(|b| b.errors == 1).count(), 2);
    assert_eq!(
        o.buckets.last().unwrap().errors,
        1,
        "the last pair is in the last bucket"
    );

    // Twenty years: two-week buckets, still within the limit.
    let plan = overlapping_pairs(&["2027-03-03T10:00:00Z", "2046-12-30T10:00:00Z"]);
    let checker = Checker::new(&plan);
    let o = conflict_overview(&checker, &checker.report());
    assert!(
        o.bucket_days > 7 && o.bucket_days.is_multiple_of(7),
        "{}",
        o.bucket_days
    );
    assert!(
        o.buckets.len() <= MAX_BUCKETS as usize,
        "{}",
        o.buckets.len()
    );
    assert_eq!(o.buckets.iter().map(|b| b.errors).sum::<u32>(), 2);
}

#[test]
fn conflicts_name_their_deployments_release_service_and_environment() {
    let dir = tempfile::tempdir().unwrap();
    let app = service(&dir);
    app.open_demo().unwrap();
    let conflicts = app.conflicts().unwrap();
    let overlap = conflicts.iter().find(|c| c.rule == "overlap").unwrap();
    let s = &overlap.subjects[0];
    assert_eq!(s.deployment, "one-page-checkout-1.0.0/storefront/staging");
    assert_eq!(s.release_name, "One-page checkout 1.0.0");
    assert_eq!(s.service_name, "Web storefront");
    assert_eq!(s.environment_name, "Staging");
    assert_eq!(s.start, "2027-03-12T17:30:00Z");
    assert_eq!(overlap.subjects.len(), overlap.deployments.len());
    let unapproved = conflicts.iter().find(|c| c.rule == "unapproved").unwrap();
    assert!(unapproved.subjects.is_empty());
}
