//! The conflicts panel a page at a time, filtered like the calendar.

use trainyard_app_core::dto::{CalendarFilter, ConflictGroupKey, Rule, Severity};

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
    let first = app.conflicts_page(0, 1, &everything, None).unwrap();
    assert_eq!((first.total, first.errors, first.warnings), (2, 2, 0));
    assert_eq!(first.items, all[..1]);
    let rest = app.conflicts_page(1, 10, &everything, None).unwrap();
    assert_eq!(rest.items, all[1..]);
    assert!(app
        .conflicts_page(5, 10, &everything, None)
        .unwrap()
        .items
        .is_empty());
    let e = app.conflicts_page(0, 0, &everything, None).unwrap_err();
    assert!(e.message.contains("limit: 0"), "{}", e.message);
}

#[test]
fn a_filter_keeps_conflicts_with_a_matching_deployment_or_matching_releases() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small_with(&dir, PLAN);
    let page = |f: fn(&mut CalendarFilter)| {
        let mut filter = CalendarFilter::default();
        f(&mut filter);
        app.conflicts_page(0, 100, &filter, None).unwrap()
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

#[test]
fn the_digest_counts_each_group_and_carries_its_first_cards() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small_with(&dir, PLAN);
    let all = app.conflicts().unwrap();
    let everything = CalendarFilter::default();

    let digest = app.conflict_digest(&everything, 1).unwrap();
    assert_eq!((digest.total, digest.errors, digest.warnings), (2, 2, 0));
    let groups: Vec<(Severity, Rule, u32, usize)> = digest
        .groups
        .iter()
        .map(|g| (g.key.severity, g.key.rule, g.total, g.items.len()))
        .collect();
    assert_eq!(
        groups,
        [
            (Severity::Error, Rule::Overlap, 1, 1),
            (Severity::Error, Rule::Unapproved, 1, 1)
        ]
    );
    assert_eq!(digest.groups[0].title, all[0].title);
    assert_eq!(digest.groups[0].items, all[..1]);

    // No cards: the counts alone.
    let counts = app.conflict_digest(&everything, 0).unwrap();
    assert!(counts.groups.iter().all(|g| g.items.is_empty()));
    assert_eq!(counts.total, 2);

    // Filtered like a page.
    let r2 = CalendarFilter {
        releases: vec!["r2".into()],
        ..CalendarFilter::default()
    };
    let narrowed = app.conflict_digest(&r2, 10).unwrap();
    assert_eq!(narrowed.total, 1);
    assert_eq!(narrowed.groups[0].key.rule, Rule::Overlap);

    let e = app.conflict_digest(&everything, 201).unwrap_err();
    assert!(e.message.contains("first: 201"), "{}", e.message);
}

#[test]
fn a_page_of_one_group_holds_that_group_alone() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small_with(&dir, PLAN);
    let everything = CalendarFilter::default();
    let unapproved = ConflictGroupKey {
        severity: Severity::Error,
        rule: Rule::Unapproved,
    };
    let page = app
        .conflicts_page(0, 10, &everything, Some(unapproved))
        .unwrap();
    assert_eq!((page.total, page.errors), (1, 1));
    assert_eq!(rules(&page), [Rule::Unapproved]);
    let none = ConflictGroupKey {
        severity: Severity::Warning,
        rule: Rule::Overlap,
    };
    assert_eq!(
        app.conflicts_page(0, 10, &everything, Some(none))
            .unwrap()
            .total,
        0
    );
}

#[test]
fn no_conflict_as_the_only_severity_lists_no_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small_with(&dir, PLAN);
    let clean = CalendarFilter {
        include_clean: true,
        ..CalendarFilter::default()
    };
    assert_eq!(app.conflict_digest(&clean, 10).unwrap().total, 0);
    assert_eq!(app.conflicts_page(0, 10, &clean, None).unwrap().total, 0);
}
