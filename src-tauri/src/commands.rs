//! The IPC surface. Each command is one delegation; the capability file
//! (`capabilities/main.json`) allows exactly these for the main window.

use std::sync::Arc;

use tauri::{Runtime, State, WebviewWindow};
use trainyard_app_core::dto::{ConflictView, MovePreview, PlanSummary, VisibleRange};
use trainyard_app_core::{AppError, AppService};

use crate::blocking;

type Svc<'a> = State<'a, Arc<AppService>>;

#[tauri::command]
pub async fn open_startup(svc: Svc<'_>) -> Result<PlanSummary, AppError> {
    blocking(&svc, |s| s.open_startup()).await
}

#[tauri::command]
pub async fn open_demo(svc: Svc<'_>) -> Result<PlanSummary, AppError> {
    blocking(&svc, |s| s.open_demo()).await
}

#[tauri::command]
pub async fn summary(svc: Svc<'_>) -> Result<PlanSummary, AppError> {
    blocking(&svc, |s| s.summary()).await
}

#[tauri::command]
pub async fn visible_range(svc: Svc<'_>, from: String, to: String) -> Result<VisibleRange, AppError> {
    blocking(&svc, move |s| s.visible_range(&from, &to)).await
}

#[tauri::command]
pub async fn conflicts(svc: Svc<'_>) -> Result<Vec<ConflictView>, AppError> {
    blocking(&svc, |s| s.conflicts()).await
}

#[tauri::command]
pub async fn preview_move(
    svc: Svc<'_>,
    id: String,
    start: String,
    end: String,
    environment: String,
) -> Result<MovePreview, AppError> {
    blocking(&svc, move |s| s.preview_move(&id, &start, &end, &environment)).await
}

#[tauri::command]
pub async fn commit_move(
    svc: Svc<'_>,
    id: String,
    start: String,
    end: String,
    environment: String,
) -> Result<PlanSummary, AppError> {
    blocking(&svc, move |s| s.commit_move(&id, &start, &end, &environment)).await
}

#[tauri::command]
pub async fn undo(svc: Svc<'_>) -> Result<PlanSummary, AppError> {
    blocking(&svc, |s| s.undo()).await
}

#[tauri::command]
pub async fn redo(svc: Svc<'_>) -> Result<PlanSummary, AppError> {
    blocking(&svc, |s| s.redo()).await
}

/// The window title ("Trainyard — plan — saved"); the UI composes it so the
/// title and the header always agree.
#[tauri::command]
pub fn set_title<R: Runtime>(window: WebviewWindow<R>, title: String) -> Result<(), AppError> {
    window
        .set_title(&title)
        .map_err(|e| AppError::new("window", e.to_string()))
}
