//! The Tauri adapter of the Trainyard desktop app.
//!
//! Thin on purpose: every command is a one-line delegation to
//! [`trainyard_app_core::AppService`], run on a blocking thread (store work
//! touches SQLite), and every error crosses IPC as `{code, message}`
//! ([`AppError`]). The logic and its tests live in `trainyard-app-core`.
//!
//! [`run`] is split from [`run_app`] so the app can be built on another
//! runtime (e.g. `tauri::test`'s mock runtime) in tests.

mod commands;

use std::sync::Arc;

use tauri::{Manager, Runtime};
use trainyard_app_core::{AppError, AppService};

/// Starts the desktop app.
pub fn run() {
    run_app(tauri::Builder::default()).expect("error while running the Trainyard app");
}

/// Builds and runs the app on any runtime.
pub fn run_app<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Result<()> {
    builder
        .setup(|app| {
            let data_dir = app.path().app_data_dir()?;
            app.manage(Arc::new(AppService::new(data_dir)));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::open_startup,
            commands::open_demo,
            commands::summary,
            commands::visible_range,
            commands::conflicts,
            commands::preview_move,
            commands::commit_move,
            commands::undo,
            commands::redo,
            commands::set_title,
        ])
        .run(tauri::generate_context!())
}

/// Runs `f` on the app service on a blocking thread, off the main thread and
/// off the async runtime's workers.
pub(crate) async fn blocking<T: Send + 'static>(
    svc: &Arc<AppService>,
    f: impl FnOnce(&AppService) -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    let svc = Arc::clone(svc);
    tauri::async_runtime::spawn_blocking(move || f(&svc))
        .await
        .map_err(|e| AppError::new("internal", format!("a background task failed: {e}")))?
}
