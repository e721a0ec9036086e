//! Native file dialogs (rfd, GTK 3 on Linux) shown over the main window.
//!
//! GTK belongs to Tauri's main loop: the dialog is created on the main
//! thread (`run_on_main_thread`) as an rfd async dialog parented to the
//! window, and its future is awaited from the async command, so neither the
//! main loop nor the IPC thread is blocked while the user chooses. `None`
//! means the user cancelled.

use std::path::{Path, PathBuf};

use rfd::{AsyncFileDialog, FileHandle};
use tauri::{Runtime, WebviewWindow};
use trainyard_app_core::{AppError, ErrorCode};

/// A file type a dialog offers: its name and extension (without the dot).
#[derive(Debug, Clone, Copy)]
pub struct Filter {
    pub name: &'static str,
    pub extension: &'static str,
}

pub const PLAN: Filter = Filter {
    name: "Trainyard plan",
    extension: "trainyard",
};
pub const JSON: Filter = Filter {
    name: "JSON plan",
    extension: "json",
};
pub const PDF: Filter = Filter {
    name: "PDF document",
    extension: "pdf",
};
pub const ICS: Filter = Filter {
    name: "Calendar (iCalendar)",
    extension: "ics",
};
pub const CSV: Filter = Filter {
    name: "CSV table",
    extension: "csv",
};

/// The user's choice, once the dialog closes.
type Choice = std::pin::Pin<Box<dyn std::future::Future<Output = Option<FileHandle>> + Send>>;

fn window_error(e: impl std::fmt::Display) -> AppError {
    AppError::new(
        ErrorCode::Window,
        format!("cannot show the file dialog: {e}"),
    )
}

/// Builds the dialog on the main thread and awaits the user's choice.
async fn run<R: Runtime>(
    window: &WebviewWindow<R>,
    title: String,
    filter: Filter,
    directory: Option<PathBuf>,
    file_name: Option<String>,
    save: bool,
) -> Result<Option<PathBuf>, AppError> {
    let (tx, mut rx) = tauri::async_runtime::channel(1);
    let parent = window.clone();
    window
        .run_on_main_thread(move || {
            let mut d = AsyncFileDialog::new()
                .set_title(title)
                .add_filter(filter.name, &[filter.extension])
                .set_parent(&parent);
            if let Some(dir) = directory {
                d = d.set_directory(dir);
            }
            if let Some(name) = file_name {
                d = d.set_file_name(name);
            }
            let choice: Choice = if save {
                Box::pin(d.save_file())
            } else {
                Box::pin(d.pick_file())
            };
            let _ = tx.try_send(choice);
        })
        .map_err(window_error)?;
    let choice = rx
        .recv()
        .await
        .ok_or_else(|| window_error("the dialog was not created"))?;
    Ok(choice.await.map(|h: FileHandle| h.path().to_path_buf()))
}

/// Asks for an existing file of the given type.
pub async fn open_file<R: Runtime>(
    window: &WebviewWindow<R>,
    title: &str,
    filter: Filter,
    directory: Option<PathBuf>,
) -> Result<Option<PathBuf>, AppError> {
    run(window, title.to_owned(), filter, directory, None, false).await
}

/// Asks where to save a file of the given type, proposing `file_name`. A
/// name typed without any extension gets the filter's.
pub async fn save_file<R: Runtime>(
    window: &WebviewWindow<R>,
    title: &str,
    filter: Filter,
    directory: Option<PathBuf>,
    file_name: String,
) -> Result<Option<PathBuf>, AppError> {
    let path = run(
        window,
        title.to_owned(),
        filter,
        directory,
        Some(file_name),
        true,
    )
    .await?;
    Ok(path.map(|p| with_extension(p, filter.extension)))
}

fn with_extension(path: PathBuf, extension: &str) -> PathBuf {
    if path.extension().is_some() {
        path
    } else {
        path.with_extension(extension)
    }
}

/// The directory of the open plan, where dialogs start.
pub fn near(plan: Option<PathBuf>) -> Option<PathBuf> {
    plan.as_deref()
        .and_then(Path::parent)
        .filter(|d| !d.as_os_str().is_empty())
        .map(Path::to_path_buf)
}
