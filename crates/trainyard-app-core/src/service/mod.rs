//! The open plan and what the app's commands do with it.
//!
//! [`AppService`] holds the open plan file behind one mutex (`open.rs`): its
//! store, whose in-memory document is the conflict checker that owns the one
//! copy of the plan (`document.rs`). Every method is synchronous and may
//! touch SQLite: the Tauri layer calls them off the main thread. A move is
//! applied to the plan once and re-checked incrementally; every other edit,
//! undo and redo re-checks fully.
//!
//! The methods are split by concern: `calendar` (visible range, conflicts,
//! move preview and commit, undo and redo), `group_move` (a release dragged
//! with its dependents: one preview, one edit), `density` (the zoomed-out
//! calendar's counts per lane and slice, and the calendar's filter),
//! `conflict_page` (the conflicts panel a filtered page at a time), `files` (open, new, save as, import,
//! export JSON, recent plans), `entities` (read, save, delete, plan settings,
//! and what refers to what), `matrix` (dependency matrices and toggles),
//! `cab` (CAB view and decisions), `holds` (holds: preview, put on,
//! lift; the calendar's holds and bookings), `checklist` (a release's
//! readiness checklist, go/no-go decision, waivers and review), `insights` (delivery metrics of the
//! recorded outcomes), `slots` (next free slot), `overview` (where the conflicts are over the
//! plan's span), `audit` (audit
//! log), `windows` (window previews), `export` (PDF, ICS, CSV) and
//! `calendar_import` (ICS calendars as windows, previewed, then applied).

mod audit;
mod cab;
mod calendar;
mod calendar_import;
mod calendar_range;
mod checklist;
mod conflict_page;
mod conflict_views;
mod density;
mod document;
mod entities;
mod export;
mod files;
mod group_move;
mod holds;
mod insights;
mod matrix;
mod open;
mod overview;
mod slots;
mod summary;
mod team;
mod waivers;
mod watch;
mod windows;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Mutex};

use trainyard_core::Plan;
use trainyard_store::{StoreOptions, TeamAddress};

use crate::dto::*;
use crate::error::AppError;
use calendar::{bar, current, move_deployment};
use open::{Open, PlanStore};
use summary::{environments_in_order, named, release_info, summary};

pub use checklist::{checklist_lines, edited_checklist};
pub use files::{atomic_write, file_name_for, save_target, SaveTarget};
pub use holds::deployments_held;
pub use insights::{default_period, DEFAULT_PERIOD_DAYS};
pub use watch::TeamEvent;

/// The name of the demo plan file created on first start.
pub const DEMO_FILE_NAME: &str = "demo.trainyard";
/// Where the last opened plan is remembered, inside the app's data directory.
pub const SETTINGS_FILE_NAME: &str = "settings.json";

/// The app's state: at most one open plan, plus where settings live.
pub struct AppService {
    data_dir: PathBuf,
    open: Mutex<Option<Open>>,
    user: Option<String>,
    /// Files this app wrote by export in this run: the only ones `open_path`
    /// hands to the desktop, so the window cannot launch arbitrary files.
    exported: Mutex<std::collections::HashSet<PathBuf>>,
    /// The calendar file the user chose to import last: the window previews
    /// and applies only this one, so it never names a file itself.
    calendar: Mutex<Option<PathBuf>>,
    /// Plan files the user chose in a dialog in this run: with the recent
    /// plans, the only ones `open_plan` opens, so the web view cannot name
    /// arbitrary files.
    chosen: Mutex<std::collections::HashSet<PathBuf>>,
    /// Counts the plans opened in this run, so a listener for one plan
    /// knows when another has taken its place.
    generation: AtomicU64,
    /// The start-up plan being opened ahead of the window's asking
    /// (`begin_startup`), until `startup_plan` takes it.
    startup: Mutex<Option<mpsc::Receiver<Result<PlanSummary, AppError>>>>,
}

impl AppService {
    /// `data_dir` holds the demo plan and the settings file (the app data dir).
    pub fn new(data_dir: impl Into<PathBuf>) -> Self {
        AppService {
            data_dir: data_dir.into(),
            open: Mutex::new(None),
            user: None,
            exported: Mutex::default(),
            calendar: Mutex::default(),
            chosen: Mutex::default(),
            generation: AtomicU64::new(0),
            startup: Mutex::default(),
        }
    }

    /// Starts opening the start-up plan (`open_startup`) on a thread of its
    /// own, while the window is still starting: loading and checking a large
    /// plan then overlaps the web view's start instead of following it.
    pub fn begin_startup(self: &Arc<Self>) {
        let (tx, rx) = mpsc::channel();
        *self.startup.lock().unwrap_or_else(|p| p.into_inner()) = Some(rx);
        let svc = Arc::clone(self);
        std::thread::spawn(move || {
            // The receiver may be gone (the app closing): nothing to tell.
            let _ = tx.send(svc.open_startup());
        });
    }

    /// The start-up plan: what `begin_startup` opened (waiting for it), or,
    /// when it was not called or its answer was taken, `open_startup` now.
    pub fn startup_plan(&self) -> Result<PlanSummary, AppError> {
        let pending = self
            .startup
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        match pending.and_then(|rx| rx.recv().ok()) {
            Some(result) => result,
            None => self.open_startup(),
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

    fn install(&self, store: PlanStore) -> Result<PlanSummary, AppError> {
        let s = self.install_open(Open::new(store, None))?;
        self.remember(Path::new(&s.path), &s.name)?;
        Ok(s)
    }

    /// Makes `open` the open plan (a new generation) and summarises it.
    fn install_open(&self, open: Open) -> Result<PlanSummary, AppError> {
        let mut guard = self.open.lock().unwrap_or_else(|p| p.into_inner());
        let open = guard.insert(open);
        self.generation.fetch_add(1, Ordering::SeqCst);
        summary(open)
    }

    /// Which plan opened in this run is the open one: changes each time a
    /// plan is opened (the same one again included).
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// The open team plan's address, with the password it was opened with,
    /// for a listener of its server; `None` for a file.
    pub fn team_address(&self) -> Option<TeamAddress> {
        let guard = self.open.lock().unwrap_or_else(|p| p.into_inner());
        guard.as_ref().and_then(|o| o.team.clone())
    }

    /// The revision the open plan is at in memory.
    pub fn revision(&self) -> Option<u64> {
        let guard = self.open.lock().unwrap_or_else(|p| p.into_inner());
        guard.as_ref().map(|o| o.store.revision())
    }

    /// What the app opens at start: the last plan if it still opens, else the
    /// built-in demo plan (created under the data dir on first start). A
    /// team plan opens again when it needs no typed password (one from
    /// `PGPASSWORD` or `~/.pgpass`, or none) and its server answers within
    /// a few seconds; otherwise the last file opens, and the team plan is a
    /// click away among the recent team plans.
    pub fn open_startup(&self) -> Result<PlanSummary, AppError> {
        if let Some(address) = self.last_team_plan() {
            if let Ok(summary) = self.reopen_team(&address) {
                return Ok(summary);
            }
        }
        if let Some(last) = self.last_plan() {
            if let Ok(store) = PlanStore::open_or_read_only(&last, self.opts()) {
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
            PlanStore::open(&path, self.opts())?
        } else {
            PlanStore::create(&path, &trainyard_core::demo::demo_plan(), self.opts())?
        };
        self.install(store)
    }

    /// Opens an existing plan file; one that cannot be written (a read-only
    /// file or folder) opens for reading, and its edits are refused with
    /// `read_only`.
    pub fn open(&self, path: &Path) -> Result<PlanSummary, AppError> {
        let store = PlanStore::open_or_read_only(path, self.opts())?;
        self.install(store)
    }

    /// Opens a plan file the user chose in a native dialog (and lets
    /// [`Self::open_plan`] open it again in this run).
    pub fn open_chosen(&self, path: &Path) -> Result<PlanSummary, AppError> {
        let mut chosen = self.chosen.lock().unwrap_or_else(|p| p.into_inner());
        chosen.insert(path.canonicalize().unwrap_or_else(|_| path.to_owned()));
        drop(chosen);
        self.open(path)
    }

    /// Opens a plan file named by the window (the `open_plan` command): only
    /// one of the recent plans or one chosen in a dialog in this run; any
    /// other path is refused (`not_allowed`) without being read.
    pub fn open_plan(&self, path: &Path) -> Result<PlanSummary, AppError> {
        let known = path.canonicalize().unwrap_or_else(|_| path.to_owned());
        let chosen = self
            .chosen
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains(&known);
        let recent = || {
            self.recent_plans().is_ok_and(|list| {
                list.iter().any(|r| {
                    let p = Path::new(&r.path);
                    p == path || p.canonicalize().is_ok_and(|c| c == known)
                })
            })
        };
        if !chosen && !recent() {
            return Err(AppError::new(
                crate::error::ErrorCode::NotAllowed,
                format!(
                    "{} is not a recent plan; open it with File, Open",
                    path.display()
                ),
            ));
        }
        self.open(path)
    }

    /// Creates a plan file from a plan (new, import) and opens it.
    pub fn create(&self, path: &Path, plan: &Plan) -> Result<PlanSummary, AppError> {
        let store = PlanStore::create(path, plan, self.opts())?;
        self.install(store)
    }

    pub fn summary(&self) -> Result<PlanSummary, AppError> {
        self.with_open(|open| summary(open))
    }
}
