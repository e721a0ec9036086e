//! Exports of the open plan: the PDF summary, the CAB sheet, ICS calendars
//! and CSV tables (bytes from `trainyard-report`), each written atomically;
//! and opening a file with the desktop's default application.
//!
//! The plan is copied out under the lock and rendered after it is released,
//! so a slow export of a big plan does not hold up the calendar.

use std::path::Path;

use chrono::{SubsecRound, Utc};
use trainyard_core::{check, EnvironmentId, Plan, ReleaseId};
use trainyard_report::{
    cab_pdf, conflicts_csv, deployments_csv, export_ics, summary_pdf, CabOptions, Detail,
    IcsFilter, Paper, ReportError, SummaryOptions,
};

use super::files::atomic_write;
use super::AppService;
use crate::dto::ExportDone;
use crate::error::{AppError, ErrorCode};

/// A paper size from the UI (`a4`, `letter`).
fn paper(s: &str) -> Result<Paper, AppError> {
    match s {
        "a4" => Ok(Paper::A4),
        "letter" => Ok(Paper::Letter),
        other => Err(AppError::invalid_input(format!(
            "unknown paper size {other:?} (expected \"a4\" or \"letter\")"
        ))),
    }
}

fn detail(s: &str) -> Result<Detail, AppError> {
    Detail::parse(s).ok_or_else(|| {
        AppError::invalid_input(format!(
            "unknown summary detail {s:?} (expected \"summary\", \"conflicts\" or \"full\")"
        ))
    })
}

fn report_error(e: ReportError) -> AppError {
    match e {
        ReportError::UnknownRelease(_) | ReportError::UnknownEnvironment(_) => {
            AppError::new(ErrorCode::NotFound, e.to_string())
        }
        _ => AppError::new(ErrorCode::Report, format!("cannot make the report: {e}")),
    }
}

/// The open plan, its revision and audit head.
struct Snapshot {
    plan: Plan,
    revision: u64,
    audit_head: Option<String>,
}

impl AppService {
    /// Writes an export atomically and remembers it for [`AppService::open_path`].
    pub(crate) fn written(&self, path: &Path, bytes: &[u8]) -> Result<ExportDone, AppError> {
        let n = atomic_write(path, bytes)?;
        let mut exported = self.exported.lock().unwrap_or_else(|p| p.into_inner());
        exported.insert(path.canonicalize().unwrap_or_else(|_| path.to_owned()));
        Ok(ExportDone {
            path: path.to_string_lossy().into_owned(),
            bytes: n,
        })
    }

    fn snapshot(&self) -> Result<Snapshot, AppError> {
        self.with_open(|open| {
            Ok(Snapshot {
                plan: open.plan().clone(),
                revision: open.store.revision(),
                audit_head: open.store.audit_head()?,
            })
        })
    }

    /// The PDF release summary of the whole plan, with the appendices that
    /// `detail` asks for (`summary`, `conflicts` or `full`).
    pub fn export_summary_pdf(
        &self,
        path: &Path,
        paper_size: &str,
        detail_level: &str,
    ) -> Result<ExportDone, AppError> {
        let paper = paper(paper_size)?;
        let detail = detail(detail_level)?;
        let s = self.snapshot()?;
        let mut opts = SummaryOptions::new(Utc::now().trunc_subsecs(0));
        opts.paper = paper;
        opts.detail = detail;
        opts.revision = Some(s.revision);
        opts.audit_head = s.audit_head;
        let pdf = summary_pdf(&s.plan, &opts).map_err(report_error)?;
        self.written(path, &pdf)
    }

    /// The CAB impact sheet of one release.
    pub fn export_cab_pdf(
        &self,
        path: &Path,
        release: &str,
        paper_size: &str,
    ) -> Result<ExportDone, AppError> {
        let paper = paper(paper_size)?;
        let s = self.snapshot()?;
        let mut opts = CabOptions::new(Utc::now().trunc_subsecs(0));
        opts.paper = paper;
        opts.revision = Some(s.revision);
        opts.audit_head = s.audit_head;
        let pdf = cab_pdf(&s.plan, &ReleaseId::new(release), &opts).map_err(report_error)?;
        self.written(path, &pdf)
    }

    /// An ICS calendar of the deployments (of one release and/or
    /// environment when given) and the windows that apply to them.
    pub fn export_ics(
        &self,
        path: &Path,
        release: Option<&str>,
        environment: Option<&str>,
    ) -> Result<ExportDone, AppError> {
        let s = self.snapshot()?;
        let filter = IcsFilter {
            release: release.map(ReleaseId::new),
            environment: environment.map(EnvironmentId::new),
            dtstamp: Some(Utc::now().trunc_subsecs(0)),
        };
        let text = export_ics(&s.plan, &filter).map_err(report_error)?;
        self.written(path, text.as_bytes())
    }

    /// A CSV table: `deployments` or `conflicts`.
    pub fn export_csv(&self, path: &Path, kind: &str) -> Result<ExportDone, AppError> {
        let s = self.snapshot()?;
        let text = match kind {
            "deployments" => deployments_csv(&s.plan),
            "conflicts" => conflicts_csv(&s.plan, &check(&s.plan)),
            other => {
                return Err(AppError::invalid_input(format!(
                    "unknown table {other:?} (expected \"deployments\" or \"conflicts\")"
                )))
            }
        };
        self.written(path, text.as_bytes())
    }

    /// Opens a file this app exported with the desktop's default application
    /// (`xdg-open` on Linux, `open` on macOS, `start` on Windows), without
    /// waiting for it. Any other path is refused (`not_allowed`).
    pub fn open_path(&self, path: &Path) -> Result<(), AppError> {
        if !path.exists() {
            return Err(AppError::new(
                ErrorCode::NotFound,
                format!("{} does not exist", path.display()),
            ));
        }
        let known = path.canonicalize().unwrap_or_else(|_| path.to_owned());
        let exported = self.exported.lock().unwrap_or_else(|p| p.into_inner());
        if !exported.contains(&known) {
            return Err(AppError::new(
                ErrorCode::NotAllowed,
                format!("{} was not exported by this app", path.display()),
            ));
        }
        drop(exported);
        let mut cmd = if cfg!(target_os = "macos") {
            std::process::Command::new("open")
        } else if cfg!(windows) {
            let mut c = std::process::Command::new("cmd");
            c.args(["/C", "start", ""]);
            c
        } else {
            std::process::Command::new("xdg-open")
        };
        cmd.arg(path)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        let mut child = cmd.spawn().map_err(|e| {
            AppError::new(
                ErrorCode::Io,
                format!("cannot open {}: {e}", path.display()),
            )
        })?;
        // Reap the opener when it exits so it leaves no zombie behind.
        std::thread::spawn(move || {
            let _ = child.wait();
        });
        Ok(())
    }
}
