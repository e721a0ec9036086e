//! Trainyard's outputs that leave the app: the PDF release summary, the CAB
//! impact sheet, ICS calendars (export and import) and CSV.
//!
//! Every function takes a validated [`Plan`] and returns bytes or text; the app
//! and the command line write them. Nothing here reads the clock, the store or
//! the network: the revision and audit head of the store and the "generated at"
//! instant are inputs, so the same inputs give byte-identical output.
//!
//! The PDFs embed subsets of DejaVu Sans with Droid Sans Fallback, Nanum
//! Gothic and Symbola as per-character fallbacks for Chinese, Japanese, Korean
//! and emoji (copied from the system at build time by `build.rs`, never
//! committed): builtin PDF fonts would turn "Ødegaard", "東京" or "✓" into "?".

mod cab;
pub mod changes;
mod csv;
mod facts;
mod fnv;
mod font;
mod governance;
mod ics;
mod pdf;
mod report_blocks;
#[doc(hidden)]
pub mod sample;
mod summary;

pub use cab::{cab_pdf, CabOptions};
pub use changes::{since, ChangePoint, ChangeSummary};
pub use csv::{
    conflicts_csv, deployments_csv, with_excel_bom, CONFLICT_COLUMNS, DEPLOYMENT_COLUMNS,
};
pub use ics::{
    export_ics, import_ics, preview_import, window_id, IcsError, IcsFilter, IcsProblem, IcsWarning,
    ImportPreview, ImportedWindows, PreviewError, PreviewWindow, CALENDAR_ID_KEY, MAX_FREEZES,
};
pub use summary::{summary_pdf, Detail, LaneMode, SummaryOptions, MAX_PAGES};

/// Paper size of a PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Paper {
    /// ISO A4, 210 × 297 mm.
    #[default]
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

impl Paper {
    /// Width and height in PDF points (1/72 in).
    pub fn size_pt(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.276, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

/// Why a report could not be made. Messages are lowercase and name the place.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    #[error("unknown release id {0:?}")]
    UnknownRelease(String),
    #[error("unknown environment id {0:?}")]
    UnknownEnvironment(String),
    #[error("the report period must end after it starts (from {from} to {to})")]
    EmptyPeriod { from: String, to: String },
    #[error("pdf font: {0}")]
    Font(String),
    #[error("pdf output: {0}")]
    Pdf(String),
}
