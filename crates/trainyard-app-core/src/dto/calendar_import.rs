//! The shapes of File → Import calendar: what the user chose, and what the
//! import would do to the plan, shown before it is applied.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::WindowKind;

/// What the user chose in the import dialog: the kind of the new windows,
/// their scope (empty lists: every environment, every service) and the id
/// prefix (empty: `ics-`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CalendarImportOptions {
    pub kind: WindowKind,
    #[serde(default)]
    pub environments: Vec<String>,
    #[serde(default)]
    pub services: Vec<String>,
    #[serde(default)]
    pub prefix: String,
}

/// One window an import adds, changes or removes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportedWindow {
    pub id: String,
    pub name: Option<String>,
    pub kind: WindowKind,
    /// The kind it has in the plan now (changed and removed windows).
    pub previous_kind: Option<WindowKind>,
    /// The first occurrence's start in the plan's zone, with its offset
    /// (`2027-01-05T22:00:00+01:00`), or null when it has none.
    pub first_local: Option<String>,
    /// The same instant in UTC (`2027-01-05T21:00:00Z`).
    pub first_utc: Option<String>,
}

/// What importing a calendar would do, made against the plan at `revision`
/// and the file's contents at `fingerprint`; applying refuses when either
/// moved on since.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CalendarImportPreview {
    pub path: String,
    /// The file's name, for titles and the undo label.
    pub file_name: String,
    pub revision: u64,
    pub fingerprint: String,
    pub added: Vec<ImportedWindow>,
    pub changed: Vec<ImportedWindow>,
    pub removed: Vec<ImportedWindow>,
    pub unchanged: usize,
    /// Changed windows whose kind the import would change: refused unless
    /// the user confirms (`force`).
    pub kind_changes: Vec<ImportedWindow>,
    /// What the import left out (`ics line 12 (uid …): …`).
    pub warnings: Vec<String>,
    pub needs_force: bool,
}
