//! Plan files: new, save as, JSON import and export, the recent-plans list.
//!
//! The settings file (`settings.json` in the data dir) holds the last plan
//! and the ten most recently opened ones, and is always written atomically.

use std::path::{Path, PathBuf};

use super::open::PlanStore;
use serde::{Deserialize, Serialize};
use trainyard_core::{parse_plan, plan_to_json, Plan};

use super::{AppService, SETTINGS_FILE_NAME};
use crate::dto::{ExportDone, PlanSummary, RecentPlan, RecentTeamPlan};
use crate::error::{AppError, ErrorCode, FieldProblem};

/// How many recent plans are remembered.
pub const RECENT_MAX: usize = 10;

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Settings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_plan: Option<String>,
    #[serde(default)]
    recent: Vec<RecentEntry>,
    /// Team plans, by their address without a password.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    recent_team: Vec<RecentTeamEntry>,
    /// The address (without a password) of the team plan that was open
    /// last, when that was a team plan rather than `last_plan`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_team: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct RecentTeamEntry {
    address: String,
    name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct RecentEntry {
    path: String,
    name: String,
}

/// Writes `bytes` to `path` through a temporary file beside it and a rename
/// ([`trainyard_files::write_atomic`]), so `path` holds either the old or the
/// whole new contents. Returns the number of bytes written.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> Result<u64, AppError> {
    trainyard_files::write_atomic(path, bytes).map_err(|e| {
        AppError::new(
            ErrorCode::Io,
            format!("cannot write {}: {e}", path.display()),
        )
    })?;
    Ok(bytes.len() as u64)
}

/// A file name for the plan named `plan_name`: lowercase words joined by `-`,
/// then `suffix` (e.g. `-summary.pdf`, `.trainyard`).
pub fn file_name_for(plan_name: &str, suffix: &str) -> String {
    let mut stem = String::new();
    for c in plan_name.chars() {
        if c.is_alphanumeric() {
            stem.extend(c.to_lowercase());
        } else if !stem.is_empty() && !stem.ends_with('-') {
            stem.push('-');
        }
    }
    let stem = stem.trim_end_matches('-');
    let stem = if stem.is_empty() { "plan" } else { stem };
    format!("{stem}{suffix}")
}

/// Where a save dialog's answer is written: the path the user gave, with
/// `extension` added when it has none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveTarget {
    pub path: PathBuf,
    /// True when adding the extension names an existing file the dialog
    /// never asked about (typing `q1` beside `q1.trainyard`): the caller
    /// must ask again before replacing it.
    pub replaces_unasked: bool,
}

/// The file a save dialog's answer `chosen` names, for files of `extension`.
pub fn save_target(chosen: &Path, extension: &str) -> SaveTarget {
    if chosen.extension().is_some() {
        return SaveTarget {
            path: chosen.to_owned(),
            replaces_unasked: false,
        };
    }
    let path = chosen.with_extension(extension);
    SaveTarget {
        replaces_unasked: std::fs::symlink_metadata(&path).is_ok(),
        path,
    }
}

/// Reads and validates a JSON plan file; problems carry their JSON paths.
fn read_plan_json(path: &Path) -> Result<Plan, AppError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            AppError::new(
                ErrorCode::NotFound,
                format!("{} does not exist", path.display()),
            )
        } else {
            AppError::new(
                ErrorCode::Io,
                format!("cannot read {}: {e}", path.display()),
            )
        }
    })?;
    parse_plan(&text).map_err(|e| {
        let problems: Vec<FieldProblem> = e
            .problems()
            .into_iter()
            .map(|p| FieldProblem::new(p.path, p.message))
            .collect();
        let message = match problems.as_slice() {
            [one] => format!(
                "{} is not a valid plan: {}: {}",
                path.display(),
                one.field,
                one.message
            ),
            many => format!(
                "{} is not a valid plan: {} problems",
                path.display(),
                many.len()
            ),
        };
        AppError::with_problems(ErrorCode::InvalidPlan, message, problems)
    })
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

impl AppService {
    fn settings_path(&self) -> PathBuf {
        self.data_dir.join(SETTINGS_FILE_NAME)
    }

    fn settings(&self) -> Settings {
        std::fs::read_to_string(self.settings_path())
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default()
    }

    fn write_settings(&self, settings: &Settings) -> Result<(), AppError> {
        std::fs::create_dir_all(&self.data_dir)?;
        let text = serde_json::to_string_pretty(settings).map_err(|e| {
            AppError::new(ErrorCode::Internal, format!("cannot write settings: {e}"))
        })?;
        atomic_write(&self.settings_path(), text.as_bytes())?;
        Ok(())
    }

    /// The plan opened last, if remembered.
    /// The team plan that was open last (its address without a password),
    /// if the last plan was a team plan.
    pub fn last_team_plan(&self) -> Option<String> {
        self.settings().last_team
    }

    pub fn last_plan(&self) -> Option<PathBuf> {
        self.settings().last_plan.map(PathBuf::from)
    }

    /// Makes `path` the last plan and the newest recent one.
    pub(super) fn remember(&self, path: &Path, name: &str) -> Result<(), AppError> {
        let mut s = self.settings();
        let path = path.to_string_lossy().into_owned();
        s.last_plan = Some(path.clone());
        s.last_team = None;
        s.recent.retain(|r| r.path != path);
        s.recent.insert(
            0,
            RecentEntry {
                path,
                name: name.to_owned(),
            },
        );
        s.recent.truncate(RECENT_MAX);
        self.write_settings(&s)
    }

    /// Makes the team plan at `address` (its Display form, which never
    /// holds a password) the newest recent team plan.
    pub(super) fn remember_team(&self, address: &str, name: &str) -> Result<(), AppError> {
        let mut s = self.settings();
        s.last_team = Some(address.to_owned());
        s.recent_team.retain(|r| r.address != address);
        s.recent_team.insert(
            0,
            RecentTeamEntry {
                address: address.to_owned(),
                name: name.to_owned(),
            },
        );
        s.recent_team.truncate(RECENT_MAX);
        self.write_settings(&s)
    }

    /// The last ten team plans opened, newest first, without passwords.
    pub fn recent_team_plans(&self) -> Result<Vec<RecentTeamPlan>, AppError> {
        Ok(self
            .settings()
            .recent_team
            .into_iter()
            .map(|r| RecentTeamPlan {
                address: r.address,
                name: r.name,
            })
            .collect())
    }

    /// The last ten plans opened, newest first, and whether each still exists.
    pub fn recent_plans(&self) -> Result<Vec<RecentPlan>, AppError> {
        Ok(self
            .settings()
            .recent
            .into_iter()
            .map(|r| RecentPlan {
                exists: Path::new(&r.path).is_file(),
                path: r.path,
                name: r.name,
            })
            .collect())
    }

    /// The open plan's file, if any (`None` for a team plan).
    pub fn current_path(&self) -> Option<PathBuf> {
        let guard = self.open.lock().unwrap_or_else(|p| p.into_inner());
        guard
            .as_ref()
            .filter(|o| o.team.is_none())
            .map(|o| o.store.path().to_owned())
    }

    /// A default file name for something made from the open plan: its name
    /// as a file stem plus `suffix` (`-summary.pdf`), or `plan{suffix}`.
    pub fn suggested_file_name(&self, suffix: &str) -> String {
        let guard = self.open.lock().unwrap_or_else(|p| p.into_inner());
        let name = guard
            .as_ref()
            .map(super::summary::plan_name)
            .unwrap_or_default();
        file_name_for(&name, suffix)
    }

    fn refuse_open_file(&self, path: &Path) -> Result<(), AppError> {
        if self.current_path().is_some_and(|c| same_file(&c, path)) {
            return Err(AppError::new(
                ErrorCode::Exists,
                format!("{} is the open plan; choose another file", path.display()),
            ));
        }
        Ok(())
    }

    /// Creates an empty plan at `path` (replacing a file there, which the
    /// save dialog confirmed), named after the file, in the open plan's time
    /// zone (UTC when none is open), and opens it.
    pub fn new_plan(&self, path: &Path) -> Result<PlanSummary, AppError> {
        self.refuse_open_file(path)?;
        let timezone = {
            let guard = self.open.lock().unwrap_or_else(|p| p.into_inner());
            guard
                .as_ref()
                .map(|o| o.plan().timezone)
                .unwrap_or(chrono_tz::Tz::UTC)
        };
        let plan = Plan {
            name: path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .filter(|s| !s.is_empty()),
            timezone,
            ..Plan::default()
        };
        let store = PlanStore::create_replacing(path, &plan, self.opts())?;
        self.install(store)
    }

    /// Writes a copy of the open plan file (with its history and audit trail)
    /// to `path` and opens the copy.
    pub fn save_as(&self, path: &Path) -> Result<PlanSummary, AppError> {
        self.refuse_open_file(path)?;
        self.with_open(|open| Ok(open.store.save_as(path)?))?;
        self.open(path)
    }

    /// Validates a JSON plan file without importing it (the import dialog
    /// asks this before asking where to save). Rejects with `invalid_plan`
    /// and one problem per JSON path.
    pub fn check_json(&self, json: &Path) -> Result<(), AppError> {
        read_plan_json(json).map(drop)
    }

    /// Imports a JSON plan file into a new plan file at `dest` (replacing a
    /// file there) and opens it. Nothing is written when the JSON is invalid.
    pub fn import_json(&self, json: &Path, dest: &Path) -> Result<PlanSummary, AppError> {
        let plan = read_plan_json(json)?;
        self.refuse_open_file(dest)?;
        let store = PlanStore::create_replacing(dest, &plan, self.opts())?;
        self.install(store)
    }

    /// Writes the open plan as canonical JSON (`plan_to_json`) to `path`.
    pub fn export_json(&self, path: &Path) -> Result<ExportDone, AppError> {
        let text = self.with_open(|open| Ok(plan_to_json(open.plan())))?;
        self.written(path, text.as_bytes())
    }
}
