//! What importing a calendar would do to a plan, before it is done: the
//! windows it adds, changes and removes (with their first occurrence), the
//! earlier imports whose kind it would change, and the edit that applies it.
//! The command line prints it for `--dry-run`; the app shows it before the
//! user confirms.

use chrono::Duration;
use trainyard_core::edit::{Change, Entity};
use trainyard_core::format::EntityKind;
use trainyard_core::time::{resolve_local, Instant};
use trainyard_core::windows::occurrences;
use trainyard_core::{Plan, Window, WindowKind};

use super::{IcsWarning, ImportedWindows};

/// One window of a preview.
#[derive(Debug, Clone, PartialEq)]
pub struct PreviewWindow {
    pub id: String,
    pub name: Option<String>,
    pub kind: WindowKind,
    /// The kind it has in the plan now, for changed and removed windows.
    pub previous_kind: Option<WindowKind>,
    /// The first occurrence (start), or `None` when it has none.
    pub first: Option<Instant>,
    pub uid: Option<String>,
}

/// What an import would do. `changes` is the one edit that applies it.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportPreview {
    pub added: Vec<PreviewWindow>,
    pub changed: Vec<PreviewWindow>,
    pub removed: Vec<PreviewWindow>,
    pub unchanged: usize,
    /// Changed windows whose kind would change (maintenance ↔ blackout):
    /// refused unless forced.
    pub kind_changes: Vec<PreviewWindow>,
    pub warnings: Vec<IcsWarning>,
    pub changes: Vec<Change>,
}

/// Why an import cannot be previewed or applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PreviewError {
    /// A window with the id exists and was not imported from this UID.
    #[error("window {id:?} already exists in the plan and did not come from the event {uid} of a calendar; choose another prefix")]
    Taken { id: String, uid: String },
}

/// Compares the imported windows with the plan. A window in the plan that
/// was imported from one of the calendar's UIDs (`x.ics_uid`) and is not made
/// again (a moved occurrence that moved back, an RDATE taken out, an event
/// now cancelled) is removed; windows from UIDs the calendar no longer holds
/// are left alone, since another calendar may have made them.
pub fn preview_import(
    plan: &Plan,
    imported: &ImportedWindows,
) -> Result<ImportPreview, PreviewError> {
    let mut p = ImportPreview {
        added: vec![],
        changed: vec![],
        removed: vec![],
        unchanged: 0,
        kind_changes: vec![],
        warnings: imported.warnings.clone(),
        changes: vec![],
    };
    for w in &imported.windows {
        match plan.window(w.id.as_str()) {
            None => p.added.push(item(w, None)),
            Some(old) if old == w => {
                p.unchanged += 1;
                continue;
            }
            Some(old) if ics_uid(old).is_some() && ics_uid(old) == ics_uid(w) => {
                let it = item(w, Some(old.kind));
                if old.kind != w.kind {
                    p.kind_changes.push(it.clone());
                }
                p.changed.push(it);
            }
            Some(_) => {
                return Err(PreviewError::Taken {
                    id: w.id.to_string(),
                    uid: ics_uid(w)
                        .map_or_else(|| "without UID".to_owned(), |u| format!("UID {u}")),
                })
            }
        }
        p.changes.push(Change::put(Entity::Window(w.clone())));
    }
    let made: std::collections::HashSet<&str> =
        imported.windows.iter().map(|w| w.id.as_str()).collect();
    let uids: std::collections::HashSet<&str> = imported.uids.iter().map(String::as_str).collect();
    for old in &plan.windows {
        let from_here = ics_uid(old).is_some_and(|u| uids.contains(u));
        if from_here && !made.contains(old.id.as_str()) {
            p.removed.push(item(old, Some(old.kind)));
            p.changes.push(Change::Delete {
                kind: EntityKind::Window,
                id: old.id.to_string(),
            });
        }
    }
    Ok(p)
}

fn item(w: &Window, previous_kind: Option<WindowKind>) -> PreviewWindow {
    let start = resolve_local(w.start, w.timezone);
    let first = occurrences(
        w,
        start - Duration::days(2),
        start + Duration::days(5 * 366),
    )
    .first()
    .map(|o| o.start);
    PreviewWindow {
        id: w.id.to_string(),
        name: w.name.clone(),
        kind: w.kind,
        previous_kind,
        first,
        uid: ics_uid(w).map(str::to_owned),
    }
}

/// The UID an imported window was made from.
fn ics_uid(w: &Window) -> Option<&str> {
    w.x.as_ref()?.get("ics_uid")?.as_str()
}
