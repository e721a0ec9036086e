//! The desktop app's commands, without Tauri.
//!
//! `src-tauri` is a thin adapter: each Tauri command is a one-line delegation
//! to a method of [`AppService`], run off the main thread (dialog commands
//! first show a native file dialog, then call the method that takes a path).
//! Keeping the logic here means it is tested with plain `cargo test` on
//! temporary plan files, and that the IPC shapes ([`dto`]) and the one error
//! type ([`AppError`], serialised as `{code, message, problems?}`) are defined
//! in one place.
//!
//! What [`AppService`] offers, by module:
//! - files: open the last plan or the demo, open a file, new plan, save as
//!   (a copy with history and audit trail), JSON import (validated, with
//!   JSON-path problems) and export, the recent-plans list (`settings.json`);
//! - calendar: the visible range (deployments, window occurrences, train
//!   departures and freezes), conflicts, move preview and commit, next free
//!   slot, undo and redo; the conflict overview (density over the plan's
//!   span, the week with the most errors);
//! - entities: read, save and delete any entity in the plan format's JSON,
//!   with problems relative to the entity; plan settings; window previews
//!   with daylight-saving shifts explained; CAB decisions;
//! - matrices: service and release dependencies (with cycles), release ×
//!   service, toggling a dependency;
//! - CAB view, audit log, and exports (PDF summary, CAB sheet, ICS, CSV).
//!
//! Every edit is one store transaction (audited, undoable) followed by a
//! re-check. The TypeScript of the DTOs is generated ([`bindings`]).

pub mod bindings;
pub mod dto;
mod error;
pub mod overview;
mod service;

pub use error::{AppError, ErrorCode, FieldProblem};
pub use service::{
    atomic_write, checklist_lines, default_period, deployments_held, edited_checklist,
    file_name_for, save_target, AppService, SaveTarget, TeamEvent, DEFAULT_PERIOD_DAYS,
    DEMO_FILE_NAME, SETTINGS_FILE_NAME,
};
