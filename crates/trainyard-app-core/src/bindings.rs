//! The TypeScript bindings of the IPC shapes, generated from the Rust types.
//!
//! `ui/src/lib/bindings/` holds one file per type, committed. Regenerate them
//! after changing a DTO with
//!
//! ```text
//! cargo run -p trainyard-app-core --bin write-bindings
//! ```
//!
//! and the test `bindings_are_up_to_date` fails while the committed files differ.

use std::path::{Path, PathBuf};

use ts_rs::{Config, TS};

use crate::dto::*;
use crate::error::{AppError, ErrorCode, FieldProblem};

/// The command that rewrites the committed bindings.
pub const REGENERATE: &str = "cargo run -p trainyard-app-core --bin write-bindings";

/// Where the bindings live, relative to the repository root.
pub const BINDINGS_DIR: &str = "ui/src/lib/bindings";

/// The bindings directory of this checkout.
pub fn bindings_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(BINDINGS_DIR)
}

fn one<T: TS + 'static>(cfg: &Config) -> (String, String) {
    let name = T::output_path()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_else(|| format!("{}.ts", T::name(cfg)));
    let text = T::export_to_string(cfg)
        .unwrap_or_else(|e| panic!("cannot generate the binding {name}: {e}"));
    (name, text)
}

/// Every binding file: (file name, contents), sorted by file name.
pub fn generate() -> Vec<(String, String)> {
    // u64 revisions and byte counts stay far below 2^53: plain numbers in JS.
    let cfg = Config::new().with_large_int("number");
    let mut out = vec![
        one::<Severity>(&cfg),
        one::<Named>(&cfg),
        one::<ServiceInfo>(&cfg),
        one::<ChangeType>(&cfg),
        one::<ReleaseInfo>(&cfg),
        one::<WindowKind>(&cfg),
        one::<WindowInfo>(&cfg),
        one::<Counts>(&cfg),
        one::<LocationKind>(&cfg),
        one::<TeamRole>(&cfg),
        one::<Permissions>(&cfg),
        one::<PlanLocationInfo>(&cfg),
        one::<PlanSummary>(&cfg),
        one::<RecentTeamPlan>(&cfg),
        one::<PlanChange>(&cfg),
        one::<TeamChangeEvent>(&cfg),
        one::<TeamConnection>(&cfg),
        one::<DeploymentBar>(&cfg),
        one::<ActualRun>(&cfg),
        one::<RunResult>(&cfg),
        one::<TrendInterval>(&cfg),
        one::<InsightGroupBy>(&cfg),
        one::<PlanAdherence>(&cfg),
        one::<DeliveryMeasures>(&cfg),
        one::<GroupMeasures>(&cfg),
        one::<TrendPoint>(&cfg),
        one::<HourCount>(&cfg),
        one::<Insights>(&cfg),
        one::<WindowBand>(&cfg),
        one::<TrainMark>(&cfg),
        one::<VisibleRange>(&cfg),
        one::<HoldRequest>(&cfg),
        one::<HeldDeployment>(&cfg),
        one::<HoldPreview>(&cfg),
        one::<HoldBand>(&cfg),
        one::<BookingBand>(&cfg),
        one::<UnavailableBand>(&cfg),
        one::<GovernanceLayers>(&cfg),
        one::<ChecklistLine>(&cfg),
        one::<GoNoGoView>(&cfg),
        one::<ReviewView>(&cfg),
        one::<WaiverView>(&cfg),
        one::<ReleaseGovernanceView>(&cfg),
        one::<ChecklistEdit>(&cfg),
        one::<Rule>(&cfg),
        one::<Evidence>(&cfg),
        one::<ConflictSubject>(&cfg),
        one::<ConflictView>(&cfg),
        one::<OverviewBucket>(&cfg),
        one::<ConflictOverview>(&cfg),
        one::<MovePreview>(&cfg),
        one::<MoveTarget>(&cfg),
        one::<LaneBy>(&cfg),
        one::<CalendarFilter>(&cfg),
        one::<DensityLane>(&cfg),
        one::<CalendarDensity>(&cfg),
        one::<BarBudget>(&cfg),
        one::<CalendarRange>(&cfg),
        one::<ConflictPage>(&cfg),
        one::<ConflictDigest>(&cfg),
        one::<ReleaseConflicts>(&cfg),
        one::<ConflictGroup>(&cfg),
        one::<ConflictGroupKey>(&cfg),
        one::<GroupMoveSet>(&cfg),
        one::<GroupMemberPreview>(&cfg),
        one::<GroupMovePreview>(&cfg),
        one::<CommittedGroupMove>(&cfg),
        one::<CommittedMove>(&cfg),
        one::<SlotSuggestion>(&cfg),
        one::<RecentPlan>(&cfg),
        one::<DependencyMatrix>(&cfg),
        one::<ReleaseServiceMatrix>(&cfg),
        one::<RiskFactor>(&cfg),
        one::<RiskScore>(&cfg),
        one::<Approval>(&cfg),
        one::<CabView>(&cfg),
        one::<AuditEntry>(&cfg),
        one::<OccurrencePreview>(&cfg),
        one::<WindowPreview>(&cfg),
        one::<ExportDone>(&cfg),
        one::<CalendarImportOptions>(&cfg),
        one::<ImportedWindow>(&cfg),
        one::<CalendarImportPreview>(&cfg),
        one::<FieldProblem>(&cfg),
        one::<ErrorCode>(&cfg),
        one::<AppError>(&cfg),
    ];
    out.sort();
    out
}

/// Writes every binding into `dir`, removing stale `.ts` files there.
pub fn write_all(dir: &Path) -> std::io::Result<usize> {
    std::fs::create_dir_all(dir)?;
    let files = generate();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.ends_with(".ts") && !files.iter().any(|(f, _)| *f == name) {
            std::fs::remove_file(&path)?;
        }
    }
    for (name, text) in &files {
        std::fs::write(dir.join(name), text)?;
    }
    Ok(files.len())
}

/// What differs between the generated bindings and the files in `dir`, one
/// line each ("ui/src/lib/bindings/X.ts is out of date; run …").
pub fn drift(dir: &Path) -> Vec<String> {
    let files = generate();
    let mut out = vec![];
    for (name, text) in &files {
        match std::fs::read_to_string(dir.join(name)) {
            Ok(on_disk) if on_disk == *text => {}
            Ok(_) => out.push(format!(
                "{BINDINGS_DIR}/{name} is out of date; run `{REGENERATE}`"
            )),
            Err(_) => out.push(format!(
                "{BINDINGS_DIR}/{name} is missing; run `{REGENERATE}`"
            )),
        }
    }
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".ts") && !files.iter().any(|(f, _)| *f == name) {
                out.push(format!(
                    "{BINDINGS_DIR}/{name} is no longer generated; run `{REGENERATE}`"
                ));
            }
        }
    }
    out
}
