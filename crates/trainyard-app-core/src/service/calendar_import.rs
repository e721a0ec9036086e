//! File → Import calendar: an ICS file becomes blackout or maintenance
//! windows, previewed first and then applied as one undoable edit.
//!
//! The file is the one the user chose in a file dialog
//! ([`AppService::preview_calendar_import`]); previewing again with other
//! choices and applying use that file, so the window never names one.
//!
//! The preview says which plan revision and which file contents it was made
//! from. Applying reads the file again and previews again under the lock, and
//! refuses (`stale`) when the plan or the file moved on since, so what is
//! written is what the user saw.

use std::hash::{Hash, Hasher};
use std::path::Path;

use chrono_tz::Tz;
use trainyard_core::time::format_instant;
use trainyard_core::{EnvironmentId, Plan, Scope, ServiceId};
use trainyard_report::{import_ics, preview_import, IcsError, ImportPreview, PreviewWindow};

use super::summary::summary;
use super::AppService;
use crate::dto::{
    CalendarImportOptions, CalendarImportPreview, ImportedWindow, PlanSummary, WindowKind,
};
use crate::error::{AppError, ErrorCode, FieldProblem};

/// The largest calendar file read (16 MiB): calendars of years of events are
/// a few hundred kilobytes.
pub const MAX_CALENDAR_BYTES: u64 = 16 << 20;

/// The id prefix when the user leaves it empty (the command line's default).
const DEFAULT_PREFIX: &str = "ics-";

/// A calendar file's text and a fingerprint of its bytes.
struct CalendarFile {
    name: String,
    text: String,
    fingerprint: String,
}

fn read_calendar(path: &Path) -> Result<CalendarFile, AppError> {
    let shown = path.display();
    let io = |e: std::io::Error| {
        let code = if e.kind() == std::io::ErrorKind::NotFound {
            ErrorCode::NotFound
        } else {
            ErrorCode::Io
        };
        AppError::new(code, format!("cannot read {shown}: {e}"))
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_CALENDAR_BYTES {
        return Err(AppError::new(
            ErrorCode::InvalidCalendar,
            format!(
                "{shown} is {size} bytes; a calendar to import may have at most {MAX_CALENDAR_BYTES}"
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(io)?;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    let fingerprint = format!("{:016x}-{}", hasher.finish(), bytes.len());
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = String::from_utf8(body.to_vec()).map_err(|e| {
        let line = body[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        AppError::new(
            ErrorCode::InvalidCalendar,
            format!("{shown}: not valid UTF-8 at line {line}"),
        )
    })?;
    let name = path
        .file_name()
        .map_or_else(|| shown.to_string(), |n| n.to_string_lossy().into_owned());
    Ok(CalendarFile {
        name,
        text,
        fingerprint,
    })
}

fn core_kind(k: WindowKind) -> trainyard_core::WindowKind {
    match k {
        WindowKind::Maintenance => trainyard_core::WindowKind::Maintenance,
        WindowKind::Blackout => trainyard_core::WindowKind::Blackout,
    }
}

/// The scope the user chose, checked against the plan.
fn scope(plan: &Plan, options: &CalendarImportOptions) -> Result<Scope, AppError> {
    for e in &options.environments {
        if plan.environment(e).is_none() {
            return Err(AppError::invalid_input(format!(
                "environments: unknown environment id {e:?}"
            )));
        }
    }
    for s in &options.services {
        if plan.service(s).is_none() {
            return Err(AppError::invalid_input(format!(
                "services: unknown service id {s:?}"
            )));
        }
    }
    Ok(Scope {
        environments: options
            .environments
            .iter()
            .map(|e| EnvironmentId::new(e.as_str()))
            .collect(),
        services: options
            .services
            .iter()
            .map(|s| ServiceId::new(s.as_str()))
            .collect(),
        x: None,
    })
}

/// What importing `file` into `plan` would do.
fn preview(
    plan: &Plan,
    file: &CalendarFile,
    options: &CalendarImportOptions,
) -> Result<ImportPreview, AppError> {
    let scope = scope(plan, options)?;
    let prefix = match options.prefix.trim() {
        "" => DEFAULT_PREFIX,
        p => p,
    };
    let imported = import_ics(
        &file.text,
        core_kind(options.kind),
        &scope,
        prefix,
        plan.timezone,
    )
    .map_err(|e| calendar_error(&file.name, e))?;
    preview_import(plan, &imported)
        .map_err(|e| AppError::new(ErrorCode::Exists, format!("{}: {e}", file.name)))
}

fn calendar_error(name: &str, e: IcsError) -> AppError {
    match e {
        IcsError::Syntax { line, message } => AppError::with_problems(
            ErrorCode::InvalidCalendar,
            format!("{name} is not a calendar that can be imported: line {line}: {message}"),
            vec![FieldProblem::new(format!("line {line}"), message)],
        ),
        IcsError::Events { problems } => {
            let message = match problems.as_slice() {
                [one] => format!("{name} cannot be imported: {one}"),
                many => format!(
                    "{name} cannot be imported: {} events are refused",
                    many.len()
                ),
            };
            let problems = problems
                .iter()
                .map(|p| {
                    let field = match &p.uid {
                        Some(uid) => format!("line {} (uid {uid})", p.line),
                        None => format!("line {}", p.line),
                    };
                    FieldProblem::new(field, p.message.clone())
                })
                .collect();
            AppError::with_problems(ErrorCode::InvalidCalendar, message, problems)
        }
    }
}

fn shown(w: &PreviewWindow, tz: Tz) -> ImportedWindow {
    ImportedWindow {
        id: w.id.clone(),
        name: w.name.clone(),
        kind: w.kind.into(),
        previous_kind: w.previous_kind.map(Into::into),
        first_local: w.first.map(|t| {
            t.with_timezone(&tz)
                .format("%Y-%m-%dT%H:%M:%S%:z")
                .to_string()
        }),
        first_utc: w.first.map(format_instant),
    }
}

fn view(
    p: &ImportPreview,
    file: &CalendarFile,
    path: &Path,
    revision: u64,
    tz: Tz,
) -> CalendarImportPreview {
    let list = |ws: &[PreviewWindow]| ws.iter().map(|w| shown(w, tz)).collect();
    CalendarImportPreview {
        path: path.to_string_lossy().into_owned(),
        file_name: file.name.clone(),
        revision,
        fingerprint: file.fingerprint.clone(),
        added: list(&p.added),
        changed: list(&p.changed),
        removed: list(&p.removed),
        unchanged: p.unchanged,
        kind_changes: list(&p.kind_changes),
        warnings: p.warnings.iter().map(ToString::to_string).collect(),
        needs_force: !p.kind_changes.is_empty(),
    }
}

impl AppService {
    /// What importing the calendar at `path` would do to the open plan:
    /// windows added, changed and removed (with their first occurrence),
    /// kind changes, warnings. Writes nothing; remembers `path` as the
    /// calendar that [`AppService::preview_chosen_calendar`] and
    /// [`AppService::apply_calendar_import`] use.
    pub fn preview_calendar_import(
        &self,
        path: &Path,
        options: &CalendarImportOptions,
    ) -> Result<CalendarImportPreview, AppError> {
        let file = read_calendar(path)?;
        *self.calendar.lock().unwrap_or_else(|p| p.into_inner()) = Some(path.to_owned());
        self.with_open(|open| {
            let plan = open.plan();
            let p = preview(plan, &file, options)?;
            Ok(view(&p, &file, path, open.store.revision(), plan.timezone))
        })
    }

    /// The preview of the chosen calendar with other choices (kind, scope,
    /// prefix).
    pub fn preview_chosen_calendar(
        &self,
        options: &CalendarImportOptions,
    ) -> Result<CalendarImportPreview, AppError> {
        let path = self.chosen_calendar()?;
        self.preview_calendar_import(&path, options)
    }

    fn chosen_calendar(&self) -> Result<std::path::PathBuf, AppError> {
        let chosen = self.calendar.lock().unwrap_or_else(|p| p.into_inner());
        chosen.clone().ok_or_else(|| {
            AppError::invalid_input("no calendar is chosen; choose one with File → Import calendar")
        })
    }

    /// Applies the import of the chosen calendar as one undoable edit
    /// (`import calendar NAME`), given the `revision` and `fingerprint` of
    /// the preview the user saw. Refused with `stale` when the plan or the
    /// file changed since that preview, and with `kind_change` when it would
    /// change the kind of earlier imports and `force` is false. An import
    /// that changes nothing writes nothing.
    pub fn apply_calendar_import(
        &self,
        options: &CalendarImportOptions,
        force: bool,
        revision: u64,
        fingerprint: &str,
    ) -> Result<PlanSummary, AppError> {
        let file = read_calendar(&self.chosen_calendar()?)?;
        if file.fingerprint != fingerprint {
            return Err(AppError::new(
                ErrorCode::Stale,
                format!(
                    "{} changed since the preview; preview the import again",
                    file.name
                ),
            ));
        }
        self.with_open(|open| {
            if open.store.revision() != revision {
                return Err(AppError::new(
                    ErrorCode::Stale,
                    "the plan changed since the preview; preview the import again",
                ));
            }
            let p = preview(open.plan(), &file, options)?;
            if !p.kind_changes.is_empty() && !force {
                let ids: Vec<&str> = p.kind_changes.iter().map(|w| w.id.as_str()).collect();
                return Err(AppError::new(
                    ErrorCode::KindChange,
                    format!(
                        "importing {} as {} would change the kind of {} imported earlier ({}); \
                         confirm to change their kind",
                        file.name,
                        options.kind.as_str(),
                        if ids.len() == 1 {
                            "a window"
                        } else {
                            "windows"
                        },
                        ids.join(", ")
                    ),
                ));
            }
            if !p.changes.is_empty() {
                open.edit(&format!("import calendar {}", file.name), &p.changes)?;
            }
            summary(open)
        })
    }
}
