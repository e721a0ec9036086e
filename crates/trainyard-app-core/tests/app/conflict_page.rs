//! The conflicts panel a page at a time, filtered like the calendar.

use trainyard_app_core::dto::{CalendarFilter, Rule, Severity};

use crate::util::small_with;

/// Production needs approvals; r1 (train t1) has none: an `unapproved`
/// conflict with no deployments. d1 and d2 overlap on api.
const PLAN: &str = r#"{
  "format": "trainyard-plan", "version": 1, "timezone": "UTC",
  "environments": [{"id": "prod", "order": 1, "requires_approval": true}, {"id": "qa", "order": 0}],
  "teams": [{"id": "core"}],
  "services": [{"id": "api", "team": "core"}],
  "trains": [{"id": "t1", "start": "2027-03-02T10:00"}],
  "releases": [
    {"id": "r1", "train": "t1", "change_type": "normal"},
    {"id": "r2", "change_type": "standard"}
  ],
  "deployments": [
    {"id": "d1", "release": "r1", "service": "api", "environment": "prod", "start": "2027-03-10T10:00:00Z", "end": "2027-03-10T12:00:00Z"},
    {"id": "d2", "release": "r2", "service": "api", "environment": "prod", "start": "2027-03-10T11:00:00Z", "end": "2027-03-10T13:00:00Z"}
  ]
}"#;

fn rules(page: &trainyard_app_core::dto::ConflictPage) -> Vec<Rule> {
    page.items.iter().map(|c| c.rule).collect()
}

#[test]
fn pages_follow_the_report_order_and_count_everything_the_filter_lets_through() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small_with(&dir, PLAN);
    let all = app.conflicts().unwrap();
    assert_eq!(
        all.iter().map(|c| c.rule).collect::<Vec<_>>(),
        [Rule::Overlap, Rule::Unapproved]
    );
    let everything = CalendarFilter::default();
    let first = app.conflicts_page(0, 1, &everything).unwrap();
    assert_eq!((first.total, first.errors, first.warnings), (2, 2, 0));
    assert_eq!(first.items, all[..1]);
    let rest = app.conflicts_page(1, 10, &everything).unwrap();
    assert_eq!(rest.items, all[1..]);
    assert!(app
        .conflicts_page(5, 10, &everything)
        .unwrap()
        .items
        .is_empty());
    let e = app.conflicts_page(0, 0, &everything).unwrap_err();
    assert!(e.message.contains("limit: 0"), "{}", e.message);
}

#[test]
fn a_filter_keeps_conflicts_with_a_matching_deployment_or_matching_releases() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small_with(&dir, PLAN);
    let page = |f: fn(&mut CalendarFilter)| {
        let mut filter = CalendarFilter::default();
        f(&mut filter);
        app.conflicts_page(0, 100, &filter).unwrap()
    };
    // r2: the overlap has d2; the unapproved conflict is r1's.
    assert_eq!(
        rules(&page(|f| f.releases = vec!["r2".into()])),
        [Rule::Overlap]
    );
    // t1: d1 rides it, and the unapproved release r1 too.
    assert_eq!(
        rules(&page(|f| f.trains = vec!["t1".into()])),
        [Rule::Overlap, Rule::Unapproved]
    );
    // A status hides deployment conflicts only.
    assert_eq!(
        rules(&page(|f| f.statuses = vec!["succeeded".into()])),
        [Rule::Unapproved]
    );
    // Another environment hides both.
    assert!(page(|f| f.environments = vec!["qa".into()])
        .items
        .is_empty());
    // Severity is the conflict's own.
    assert_eq!(page(|f| f.severities = vec![Severity::Warning]).total, 0);
    let errors = page(|f| f.severities = vec![Severity::Error]);
    assert_eq!((errors.total, errors.errors), (2, 2));
}
