//! Shared fixtures.

use std::path::PathBuf;

use trainyard_app_core::AppService;

pub fn service(dir: &tempfile::TempDir) -> AppService {
    AppService::new(dir.path()).with_user("tester")
}

/// Two releases on one service in one environment; `d2` starts an hour
/// before `d1` ends (an overlap). `r2` depends on `r1`; `api` depends on `db`.
pub const SMALL: &str = r#"{
  "format": "trainyard-plan", "version": 1, "name": "Small", "timezone": "Europe/Berlin",
  "environments": [{"id": "prod", "order": 1}],
  "teams": [{"id": "core", "name": "Core team"}],
  "services": [
    {"id": "api", "name": "API", "team": "core", "depends_on": ["db"]},
    {"id": "db", "name": "Database", "team": "core"}
  ],
  "trains": [{"id": "t1", "name": "Main train", "rrule": "FREQ=WEEKLY;BYDAY=TU", "start": "2027-03-02T10:00", "freeze": "P1D"}],
  "releases": [
    {"id": "r1", "name": "One", "version": "1.0.0", "train": "t1", "change_type": "normal"},
    {"id": "r2", "name": "Two", "version": "2.0.0", "change_type": "standard", "depends_on": ["r1"]}
  ],
  "deployments": [
    {"id": "d1", "release": "r1", "service": "api", "environment": "prod", "start": "2027-03-10T10:00:00Z", "end": "2027-03-10T12:00:00Z"},
    {"id": "d2", "release": "r2", "service": "api", "environment": "prod", "start": "2027-03-10T11:00:00Z", "end": "2027-03-10T13:00:00Z"}
  ]
}"#;

/// A service with the small plan open (in `dir/small.trainyard`).
pub fn small(dir: &tempfile::TempDir) -> (AppService, PathBuf) {
    small_with(dir, SMALL)
}

pub fn small_with(dir: &tempfile::TempDir, json: &str) -> (AppService, PathBuf) {
    let app = service(dir);
    let path = dir.path().join("small.trainyard");
    let plan = trainyard_core::parse_plan(json).expect("the fixture plan is valid");
    app.create(&path, &plan).unwrap();
    (app, path)
}

pub fn rules(app: &AppService) -> Vec<String> {
    app.conflicts()
        .unwrap()
        .into_iter()
        .map(|c| c.rule.as_str().to_owned())
        .collect()
}
