//! The open plan and what the app's commands do with it.
//!
//! [`AppService`] holds the open [`Store`] and a [`Checker`] of the same plan
//! behind one mutex. Every method is synchronous and may touch SQLite: the
//! Tauri layer calls them off the main thread. The checker is kept in step with
//! the store: a committed move is applied to both incrementally; every other
//! edit, undo and redo re-check fully.
//!
//! The methods are split by concern: `files` (open, new, save as, import,
//! export JSON, recent plans), `entities` (read, save, delete, plan settings,
//! and what refers to what), `matrix` (dependency matrices and toggles),
//! `cab` (CAB view and decisions), `slots` (next free slot), `audit` (audit
//! log), `windows` (window previews) and `export` (PDF, ICS, CSV).

mod audit;
mod cab;
mod entities;
mod export;
mod files;
mod matrix;
mod slots;
mod windows;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::Duration;
use trainyard_core::edit::{Change, Entity};
use trainyard_core::time::{format_instant, parse_instant, resolve_local, to_local, Instant};
use trainyard_core::windows::occurrences;
use trainyard_core::{Checker, DeploymentId, EnvironmentId, Plan};
use trainyard_store::{Store, StoreOptions};

use crate::dto::*;
use crate::error::AppError;

pub use files::{atomic_write, file_name_for};

/// The name of the demo plan file created on first start.
pub const DEMO_FILE_NAME: &str = "demo.trainyard";
/// Where the last opened plan is remembered, inside the app's data directory.
pub const SETTINGS_FILE_NAME: &str = "settings.json";

struct Open {
    store: Store,
    checker: Checker<'static>,
    /// Worst severity per deployment id, for colouring bars.
    worst: HashMap<String, Severity>,
}

impl Open {
    fn new(store: Store) -> Open {
        let checker = Checker::owned(store.plan().clone());
        let worst = worst_by_deployment(&checker);
        Open {
            store,
            checker,
            worst,
        }
    }

    fn recheck(&mut self) {
        self.checker = Checker::owned(self.store.plan().clone());
        self.worst = worst_by_deployment(&self.checker);
    }

    fn plan(&self) -> &Plan {
        self.store.plan()
    }

    /// Applies `changes` as one saved, undoable edit labelled `label`, then
    /// re-checks the whole plan.
    fn edit(&mut self, label: &str, changes: &[Change]) -> Result<(), AppError> {
        let base = self.store.revision();
        self.store.apply(base, label, changes)?;
        self.recheck();
        Ok(())
    }
}

fn worst_by_deployment(checker: &Checker<'_>) -> HashMap<String, Severity> {
    let mut worst: HashMap<String, Severity> = HashMap::new();
    for c in checker.report().conflicts {
        let severity = Severity::from(c.severity);
        for d in &c.deployments {
            let e = worst.entry(d.0.clone()).or_insert(severity);
            // Error < Warning in `Severity`'s order: keep the smaller.
            if severity < *e {
                *e = severity;
            }
        }
    }
    worst
}

fn worst_of(conflicts: &[trainyard_core::Conflict]) -> Option<Severity> {
    conflicts.iter().map(|c| Severity::from(c.severity)).min()
}

fn counts(checker: &Checker<'_>) -> Counts {
    let (errors, warnings) = checker.counts();
    Counts { errors, warnings }
}

fn parse_time(what: &str, s: &str) -> Result<Instant, AppError> {
    parse_instant(s).map_err(|e| AppError::invalid_input(format!("{what}: {e}")))
}

/// The app's state: at most one open plan, plus where settings live.
pub struct AppService {
    data_dir: PathBuf,
    open: Mutex<Option<Open>>,
    user: Option<String>,
    /// Files this app wrote by export in this run: the only ones `open_path`
    /// hands to the desktop, so the window cannot launch arbitrary files.
    exported: Mutex<std::collections::HashSet<PathBuf>>,
}

impl AppService {
    /// `data_dir` holds the demo plan and the settings file (the app data dir).
    pub fn new(data_dir: impl Into<PathBuf>) -> Self {
        AppService {
            data_dir: data_dir.into(),
            open: Mutex::new(None),
            user: None,
            exported: Mutex::default(),
        }
    }

    /// Records `user` in the audit trail instead of the OS user (tests).
    pub fn with_user(mut self, user: impl Into<String>) -> Self {
        self.user = Some(user.into());
        self
    }

    fn opts(&self) -> StoreOptions {
        StoreOptions {
            user: self.user.clone(),
        }
    }

    fn with_open<T>(
        &self,
        f: impl FnOnce(&mut Open) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let mut guard = self.open.lock().unwrap_or_else(|p| p.into_inner());
        match guard.as_mut() {
            Some(open) => f(open),
            None => Err(AppError::no_plan()),
        }
    }

    fn install(&self, store: Store) -> Result<PlanSummary, AppError> {
        let mut guard = self.open.lock().unwrap_or_else(|p| p.into_inner());
        let open = guard.insert(Open::new(store));
        let s = summary(open)?;
        drop(guard);
        self.remember(Path::new(&s.path), &s.name)?;
        Ok(s)
    }

    /// What the app opens at start: the last plan if it still opens, else the
    /// built-in demo plan (created under the data dir on first start).
    pub fn open_startup(&self) -> Result<PlanSummary, AppError> {
        if let Some(last) = self.last_plan() {
            if let Ok(store) = Store::open(&last, self.opts()) {
                return self.install(store);
            }
        }
        self.open_demo()
    }

    /// Opens the demo plan file under the data dir, creating it if missing.
    pub fn open_demo(&self) -> Result<PlanSummary, AppError> {
        std::fs::create_dir_all(&self.data_dir)?;
        let path = self.data_dir.join(DEMO_FILE_NAME);
        let store = if path.exists() {
            Store::open(&path, self.opts())?
        } else {
            Store::create(&path, &trainyard_core::demo::demo_plan(), self.opts())?
        };
        self.install(store)
    }

    /// Opens an existing plan file.
    pub fn open(&self, path: &Path) -> Result<PlanSummary, AppError> {
        let store = Store::open(path, self.opts())?;
        self.install(store)
    }

    /// Opens an existing plan file (the `open_plan` command).
    pub fn open_plan(&self, path: &Path) -> Result<PlanSummary, AppError> {
        self.open(path)
    }

    /// Creates a plan file from a plan (new, import) and opens it.
    pub fn create(&self, path: &Path, plan: &Plan) -> Result<PlanSummary, AppError> {
        let store = Store::create(path, plan, self.opts())?;
        self.install(store)
    }

    pub fn summary(&self) -> Result<PlanSummary, AppError> {
        self.with_open(|open| summary(open))
    }

    /// Deployments, window occurrences and train departures (with their code
    /// freezes) that intersect `[from, to)`.
    pub fn visible_range(&self, from: &str, to: &str) -> Result<VisibleRange, AppError> {
        let (from_t, to_t) = (parse_time("from", from)?, parse_time("to", to)?);
        if from_t >= to_t {
            return Err(AppError::invalid_input(
                "the range must end after it starts",
            ));
        }
        self.with_open(|open| {
            let plan = open.checker.plan();
            let deployments = plan
                .deployments
                .iter()
                .filter(|d| d.start < to_t && d.end > from_t)
                .map(|d| bar(open, d))
                .collect();
            let mut windows = vec![];
            for w in &plan.windows {
                for o in occurrences(w, from_t, to_t) {
                    windows.push(WindowBand {
                        window: w.id.0.clone(),
                        name: w.display_name().to_owned(),
                        kind: w.kind.into(),
                        start: format_instant(o.start),
                        end: format_instant(o.end),
                        environments: w.scope.environments.iter().map(|e| e.0.clone()).collect(),
                        services: w.scope.services.iter().map(|s| s.0.clone()).collect(),
                    });
                }
            }
            Ok(VisibleRange {
                from: format_instant(from_t),
                to: format_instant(to_t),
                deployments,
                windows,
                trains: train_marks(plan, from_t, to_t),
            })
        })
    }

    /// Every conflict of the plan, in report order.
    pub fn conflicts(&self) -> Result<Vec<ConflictView>, AppError> {
        self.with_open(|open| {
            Ok(open
                .checker
                .report()
                .conflicts
                .into_iter()
                .map(ConflictView::from)
                .collect())
        })
    }

    /// What moving a deployment would break, without changing the plan: the
    /// checker re-checks incrementally, answers, and moves it back.
    pub fn preview_move(
        &self,
        id: &str,
        start: &str,
        end: &str,
        environment: &str,
    ) -> Result<MovePreview, AppError> {
        let (start_t, end_t) = (parse_time("start", start)?, parse_time("end", end)?);
        self.with_open(|open| {
            let dep_id = DeploymentId::new(id);
            let old = open
                .checker
                .deployment(&dep_id)
                .map(|d| (d.start, d.end, d.environment.clone()))
                .ok_or_else(|| no_deployment(&dep_id))?;
            let env = EnvironmentId::new(environment);
            open.checker
                .move_deployment(&dep_id, start_t, end_t, &env)?;
            let conflicts = open.checker.conflicts_of(&dep_id);
            let preview = MovePreview {
                id: id.to_owned(),
                severity: worst_of(&conflicts),
                counts: counts(&open.checker),
                conflicts: conflicts.into_iter().map(ConflictView::from).collect(),
            };
            open.checker
                .move_deployment(&dep_id, old.0, old.1, &old.2)?;
            Ok(preview)
        })
    }

    /// Moves a deployment as one saved, undoable edit. Returns the new summary.
    pub fn commit_move(
        &self,
        id: &str,
        start: &str,
        end: &str,
        environment: &str,
    ) -> Result<PlanSummary, AppError> {
        let (start_t, end_t) = (parse_time("start", start)?, parse_time("end", end)?);
        self.with_open(|open| {
            move_deployment(open, id, start_t, end_t, environment, &format!("move {id}"))?;
            summary(open)
        })
    }

    pub fn undo(&self) -> Result<PlanSummary, AppError> {
        self.with_open(|open| {
            let base = open.store.revision();
            open.store.undo(base)?;
            open.recheck();
            summary(open)
        })
    }

    pub fn redo(&self) -> Result<PlanSummary, AppError> {
        self.with_open(|open| {
            let base = open.store.revision();
            open.store.redo(base)?;
            open.recheck();
            summary(open)
        })
    }
}

/// Moves a deployment in the store (one edit labelled `label`) and mirrors
/// the move in the checker incrementally.
fn move_deployment(
    open: &mut Open,
    id: &str,
    start: Instant,
    end: Instant,
    environment: &str,
    label: &str,
) -> Result<(), AppError> {
    let dep_id = DeploymentId::new(id);
    let mut moved = current(open, &dep_id)?;
    if start >= end {
        return Err(AppError::invalid_input(
            "a deployment must end after it starts",
        ));
    }
    moved.start = start;
    moved.end = end;
    moved.environment = EnvironmentId::new(environment);
    let base = open.store.revision();
    open.store
        .apply(base, label, &[Change::put(Entity::Deployment(moved))])?;
    // The store validated the edit; mirror it in the checker incrementally.
    open.checker
        .move_deployment(&dep_id, start, end, &EnvironmentId::new(environment))?;
    open.worst = worst_by_deployment(&open.checker);
    Ok(())
}

fn current(open: &Open, id: &DeploymentId) -> Result<trainyard_core::Deployment, AppError> {
    open.checker
        .deployment(id)
        .cloned()
        .ok_or_else(|| no_deployment(id))
}

fn no_deployment(id: &DeploymentId) -> AppError {
    AppError::invalid_input(format!("there is no deployment {:?} in the plan", id.0))
}

fn bar(open: &Open, d: &trainyard_core::Deployment) -> DeploymentBar {
    DeploymentBar {
        id: d.id.0.clone(),
        release: d.release.0.clone(),
        service: d.service.0.clone(),
        environment: d.environment.0.clone(),
        start: format_instant(d.start),
        end: format_instant(d.end),
        status: d.status().as_str().to_owned(),
        severity: open.worst.get(d.id.as_str()).copied(),
    }
}

/// Train departures whose code freeze or departure falls in `[from, to)`:
/// departures are local wall times in the plan's zone (`rrule` from `start`,
/// or `start` alone), each with its freeze before it.
pub(crate) fn train_marks(plan: &Plan, from: Instant, to: Instant) -> Vec<TrainMark> {
    let tz = plan.timezone;
    let mut out = vec![];
    for train in &plan.trains {
        let Some(start) = train.start else { continue };
        let freeze = train.freeze.unwrap_or_default();
        let departures = match &train.rrule {
            Some(rule) => {
                let from_l = to_local(from, tz) - freeze.max_exact() - Duration::days(1);
                let to_l = to_local(to, tz) + Duration::days(1);
                rule.expand(start, tz, from_l, to_l)
            }
            None => vec![start],
        };
        for dep in departures {
            let at = resolve_local(dep, tz);
            let freeze_start = resolve_local(
                dep - Duration::days(freeze.days) - Duration::seconds(freeze.seconds),
                tz,
            );
            if freeze_start < to && at >= from {
                out.push((
                    at,
                    TrainMark {
                        train: train.id.0.clone(),
                        name: train.display_name().to_owned(),
                        departure: format_instant(at),
                        freeze_start: format_instant(freeze_start),
                    },
                ));
            }
        }
    }
    out.sort_by(|a, b| (a.0, &a.1.train).cmp(&(b.0, &b.1.train)));
    out.into_iter().map(|(_, m)| m).collect()
}

fn named(id: &str, name: &str) -> Named {
    Named {
        id: id.to_owned(),
        name: name.to_owned(),
    }
}

fn release_info(r: &trainyard_core::Release) -> ReleaseInfo {
    ReleaseInfo {
        id: r.id.0.clone(),
        name: r.display_name().to_owned(),
        version: r.version.clone(),
        train: r.train.as_ref().map(|t| t.0.clone()),
        change_type: r.change_type.into(),
        status: r.status().as_str().to_owned(),
    }
}

/// Environments in promotion order (`order`, then id).
fn environments_in_order(plan: &Plan) -> Vec<&trainyard_core::Environment> {
    let mut environments: Vec<_> = plan.environments.iter().collect();
    environments.sort_by(|a, b| (a.order, &a.id).cmp(&(b.order, &b.id)));
    environments
}

fn plan_name(open: &Open) -> String {
    open.plan().name.clone().unwrap_or_else(|| {
        open.store
            .path()
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    })
}

fn summary(open: &Open) -> Result<PlanSummary, AppError> {
    let plan = open.plan();
    let as_of = plan
        .x
        .as_ref()
        .and_then(|x| x.get("demo"))
        .and_then(|d| d.get("as_of"))
        .and_then(|v| v.as_str())
        .map(str::to_owned);
    Ok(PlanSummary {
        path: open.store.path().to_string_lossy().into_owned(),
        name: plan_name(open),
        timezone: plan.timezone.name().to_owned(),
        revision: open.store.revision(),
        saved: true,
        can_undo: open.store.can_undo()?,
        can_redo: open.store.can_redo()?,
        environments: environments_in_order(plan)
            .into_iter()
            .map(|e| named(e.id.as_str(), e.display_name()))
            .collect(),
        services: plan
            .services
            .iter()
            .map(|s| named(s.id.as_str(), s.display_name()))
            .collect(),
        releases: plan.releases.iter().map(release_info).collect(),
        trains: plan
            .trains
            .iter()
            .map(|t| named(t.id.as_str(), t.display_name()))
            .collect(),
        teams: plan
            .teams
            .iter()
            .map(|t| named(t.id.as_str(), t.display_name()))
            .collect(),
        windows: plan
            .windows
            .iter()
            .map(|w| WindowInfo {
                id: w.id.0.clone(),
                name: w.display_name().to_owned(),
                kind: w.kind.into(),
            })
            .collect(),
        counts: counts(&open.checker),
        as_of,
        first_start: plan
            .deployments
            .iter()
            .map(|d| d.start)
            .min()
            .map(format_instant),
        last_end: plan
            .deployments
            .iter()
            .map(|d| d.end)
            .max()
            .map(format_instant),
        deployment_count: plan.deployments.len(),
    })
}
