//! The desktop app's commands, without Tauri.
//!
//! `src-tauri` is a thin adapter: each Tauri command is a one-line delegation
//! to a method of [`AppService`], run off the main thread. Keeping the logic
//! here means it is tested with plain `cargo test` on a temporary plan file,
//! and that the IPC shapes ([`dto`]) and the one error type ([`AppError`],
//! serialised as `{code, message}`) are defined in one place.

pub mod dto;
mod error;
mod service;

pub use error::AppError;
pub use service::{AppService, DEMO_FILE_NAME, SETTINGS_FILE_NAME};
