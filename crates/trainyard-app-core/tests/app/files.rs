//! Files: open, recent plans, new plan, save as, JSON import and export.

use trainyard_app_core::{file_name_for, AppService};

use crate::util::{service, small, SMALL};

#[test]
fn recent_plans_are_newest_first_without_duplicates_and_say_whether_they_exist() {
    let dir = tempfile::tempdir().unwrap();
    let app = service(&dir);
    let plan = trainyard_core::parse_plan(SMALL).unwrap();
    let a = dir.path().join("a.trainyard");
    let b = dir.path().join("b.trainyard");
    app.create(&a, &plan).unwrap();
    app.create(&b, &plan).unwrap();
    app.open_plan(&a).unwrap();
    let recent = app.recent_plans().unwrap();
    let paths: Vec<&str> = recent.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(
        paths,
        [a.to_string_lossy(), b.to_string_lossy()],
        "newest first, each once"
    );
    assert!(recent.iter().all(|r| r.exists && r.name == "Small"));

    std::fs::remove_file(&b).unwrap();
    let recent = app.recent_plans().unwrap();
    assert_eq!(
        recent.iter().map(|r| r.exists).collect::<Vec<_>>(),
        [true, false]
    );

    // Renaming the plan renames its entry; the list survives a restart.
    app.set_plan_settings("Renamed", "Europe/Berlin").unwrap();
    let again = service(&dir);
    let recent = again.recent_plans().unwrap();
    assert_eq!(recent[0].name, "Renamed");
    assert_eq!(again.last_plan().as_deref(), Some(a.as_path()));
}

#[test]
fn the_start_up_plan_opened_ahead_is_the_last_plan_and_is_taken_once() {
    let dir = tempfile::tempdir().unwrap();
    let (app, path) = small(&dir);
    app.open_plan(&path).unwrap();
    drop(app);

    // A new run: the last plan opens on a thread of its own while the
    // window starts; asking for it waits for that one.
    let app = std::sync::Arc::new(service(&dir));
    app.begin_startup();
    let first = app.startup_plan().unwrap();
    assert_eq!(first.path, path.to_string_lossy());
    assert_eq!(first.name, "Small");
    assert_eq!(app.generation(), 1, "opened once");
    // Asked again (the page reloaded): opened again, not a stale answer.
    let again = app.startup_plan().unwrap();
    assert_eq!(again.path, first.path);
    assert_eq!(app.generation(), 2);

    // Without begin_startup it opens when asked, as open_startup does.
    let plain = service(&dir);
    assert_eq!(plain.startup_plan().unwrap().path, first.path);
}

#[test]
fn only_the_last_ten_plans_are_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let app = service(&dir);
    let plan = trainyard_core::parse_plan(SMALL).unwrap();
    for i in 0..12 {
        app.create(&dir.path().join(format!("p{i}.trainyard")), &plan)
            .unwrap();
    }
    let recent = app.recent_plans().unwrap();
    assert_eq!(recent.len(), 10);
    assert!(recent[0].path.ends_with("p11.trainyard"));
    assert!(recent[9].path.ends_with("p2.trainyard"));
    let settings = std::fs::read_to_string(dir.path().join("settings.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&settings).unwrap();
    assert!(v["lastPlan"].as_str().unwrap().ends_with("p11.trainyard"));
}

#[test]
fn a_new_plan_is_empty_named_after_its_file_in_the_open_plans_zone() {
    let dir = tempfile::tempdir().unwrap();
    let app = service(&dir);
    let fresh = dir.path().join("Q3 launch.trainyard");
    let s = app.new_plan(&fresh).unwrap();
    assert_eq!((s.name.as_str(), s.timezone.as_str()), ("Q3 launch", "UTC"));
    assert_eq!(s.deployment_count, 0);

    let (app, _) = small(&dir);
    let s = app.new_plan(&dir.path().join("next.trainyard")).unwrap();
    assert_eq!(
        (s.name.as_str(), s.timezone.as_str()),
        ("next", "Europe/Berlin")
    );
    assert!(s.services.is_empty() && s.environments.is_empty());
    let e = app.new_plan(std::path::Path::new(&s.path)).unwrap_err();
    assert_eq!(e.code, "exists", "the open plan is not replaced");
}

#[test]
fn save_as_opens_a_copy_with_the_same_plan_and_history() {
    let dir = tempfile::tempdir().unwrap();
    let (app, original) = small(&dir);
    app.toggle_release_dependency("r1", "r2").unwrap();
    let before = app.summary().unwrap();
    let log = app.audit_log(100, None).unwrap();
    let copy = dir.path().join("copy.trainyard");
    let s = app.save_as(&copy).unwrap();
    assert_eq!(s.path, copy.to_string_lossy());
    assert_eq!(s.revision, before.revision);
    assert_eq!(s.can_undo, before.can_undo, "the undo history comes along");
    assert_eq!(s.counts, before.counts);
    assert_eq!(
        app.audit_log(100, None).unwrap(),
        log,
        "the audit trail comes along"
    );
    // Edits now go to the copy; the original is untouched.
    app.undo().unwrap();
    let orig = trainyard_store::Store::open_read_only(&original).unwrap();
    assert_eq!(
        orig.release("r1").unwrap().depends_on.len(),
        1,
        "the original keeps its edit"
    );
    assert_eq!(app.recent_plans().unwrap()[0].path, copy.to_string_lossy());
}

#[test]
fn export_json_is_the_canonical_json_byte_for_byte_and_reimports() {
    let dir = tempfile::tempdir().unwrap();
    let app = service(&dir);
    app.open_demo().unwrap();
    let out = dir.path().join("plan.json");
    let done = app.export_json(&out).unwrap();
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(done.bytes, bytes.len() as u64);
    assert_eq!(done.path, out.to_string_lossy());
    let expected = trainyard_core::plan_to_json(&trainyard_core::demo::demo_plan());
    assert_eq!(String::from_utf8(bytes).unwrap(), expected);

    let dest = dir.path().join("again.trainyard");
    let s = app.import_json(&out, &dest).unwrap();
    assert_eq!(s.path, dest.to_string_lossy());
    assert_eq!(s.deployment_count, 277);
    assert_eq!((s.counts.errors, s.counts.warnings), (5, 3));
}

#[test]
fn an_invalid_json_import_lists_json_path_problems_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let app = service(&dir);
    let bad = dir.path().join("bad.json");
    let text = SMALL
        .replace(r#""order": 1"#, r#""order": "first""#)
        .replace(
            r#""service": "api", "environment": "prod", "start": "2027-03-10T11:00:00Z""#,
            r#""service": "nope", "environment": "prod", "start": "2027-03-10T11:00:00Z""#,
        );
    std::fs::write(&bad, text).unwrap();
    let dest = dir.path().join("bad.trainyard");

    let e = app.check_json(&bad).unwrap_err();
    assert_eq!(e.code, "invalid_plan");
    let e = app.import_json(&bad, &dest).unwrap_err();
    assert_eq!(e.code, "invalid_plan");
    let fields: Vec<&str> = e.problems.iter().map(|p| p.field.as_str()).collect();
    assert!(fields.contains(&"$.environments[0].order"), "{fields:?}");
    assert!(fields.contains(&"$.deployments[1].service"), "{fields:?}");
    assert!(!dest.exists(), "nothing is written");
    let json = serde_json::to_value(&e).unwrap();
    assert!(json["problems"].as_array().unwrap().len() >= 2);

    std::fs::write(&bad, "{ not json").unwrap();
    let e = app.import_json(&bad, &dest).unwrap_err();
    assert_eq!(e.code, "invalid_plan");
    assert_eq!(e.problems[0].field, "$");
    assert!(!dest.exists());
    assert_eq!(app.summary().unwrap_err().code, "no_plan");
}

#[test]
fn default_file_names_come_from_the_plan_name() {
    assert_eq!(
        file_name_for("Online Shop — Q1 2027", "-summary.pdf"),
        "online-shop-q1-2027-summary.pdf"
    );
    assert_eq!(file_name_for("", ".trainyard"), "plan.trainyard");
    let dir = tempfile::tempdir().unwrap();
    let (app, _): (AppService, _) = small(&dir);
    assert_eq!(app.suggested_file_name(".json"), "small.json");
}
