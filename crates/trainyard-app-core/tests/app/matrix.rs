//! Dependency matrices and toggles.

use crate::util::{rules, service, small};

#[test]
fn matrices_list_items_in_plan_order_with_row_depends_on_column() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small(&dir);
    let m = app.service_matrix().unwrap();
    assert_eq!(
        m.items.iter().map(|n| n.id.as_str()).collect::<Vec<_>>(),
        ["api", "db"]
    );
    assert_eq!(m.edges, [(0, 1)], "api depends on db");
    assert!(m.cycles.is_empty());
    let m = app.release_matrix().unwrap();
    assert_eq!(m.edges, [(1, 0)], "r2 depends on r1");

    let m = app.release_service_matrix().unwrap();
    assert_eq!(m.releases.len(), 2);
    assert_eq!(m.cells.len(), 2);
    assert_eq!((m.cells[0].release, m.cells[0].service), (0, 0));
    assert_eq!(m.cells[0].environments, ["prod"]);
    assert_eq!(m.cells[1].deployments, ["d2"]);
}

#[test]
fn toggling_a_release_dependency_into_a_cycle_shows_it_in_the_matrix_and_the_conflicts() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small(&dir);
    assert!(!rules(&app).contains(&"dependency-cycle".to_owned()));
    let s = app.toggle_release_dependency("r1", "r2").unwrap();
    assert_eq!(s.can_undo.as_deref(), Some("add dependency r1 → r2"));
    let m = app.release_matrix().unwrap();
    assert_eq!(m.edges, [(0, 1), (1, 0)]);
    assert_eq!(m.cycles.len(), 1);
    assert_eq!(m.cycles[0].members, ["r1", "r2"]);
    assert_eq!(m.cycles[0].name, "One → Two → One");
    assert!(
        rules(&app).contains(&"dependency-cycle".to_owned()),
        "{:?}",
        rules(&app)
    );

    // Toggling again removes it; undo brings it back.
    let s = app.toggle_release_dependency("r1", "r2").unwrap();
    assert_eq!(s.can_undo.as_deref(), Some("remove dependency r1 → r2"));
    assert!(app.release_matrix().unwrap().cycles.is_empty());
    assert!(!rules(&app).contains(&"dependency-cycle".to_owned()));
    app.undo().unwrap();
    assert_eq!(app.release_matrix().unwrap().cycles.len(), 1);
}

#[test]
fn a_service_may_depend_on_itself_and_that_is_a_cycle() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small(&dir);
    app.toggle_service_dependency("db", "db").unwrap();
    let m = app.service_matrix().unwrap();
    assert!(m.edges.contains(&(1, 1)));
    assert_eq!(m.cycles.len(), 1);
    assert_eq!(m.cycles[0].name, "Database → Database");
    assert!(rules(&app).contains(&"dependency-cycle".to_owned()));
    assert_eq!(
        app.toggle_service_dependency("db", "ghost")
            .unwrap_err()
            .code,
        "not_found"
    );
    let undone = app.undo().unwrap();
    assert!(undone.can_undo.as_deref().is_some_and(|l| l == "import") || undone.can_undo.is_none());
    assert!(app.service_matrix().unwrap().cycles.is_empty());
}

#[test]
fn the_demo_release_service_matrix_covers_every_deployment_once() {
    let dir = tempfile::tempdir().unwrap();
    let app = service(&dir);
    let s = app.open_demo().unwrap();
    let m = app.release_service_matrix().unwrap();
    let n: usize = m.cells.iter().map(|c| c.deployments.len()).sum();
    assert_eq!(n, s.deployment_count);
    assert_eq!(
        m.environments
            .iter()
            .map(|e| e.id.as_str())
            .collect::<Vec<_>>(),
        ["dev", "test", "staging", "prod"]
    );
    for c in &m.cells {
        let mut sorted = c.environments.clone();
        sorted.sort_by_key(|e| {
            ["dev", "test", "staging", "prod"]
                .iter()
                .position(|x| x == e)
        });
        assert_eq!(sorted, c.environments, "promotion order");
    }
}
