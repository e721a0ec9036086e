//! Calendars (RFC 5545): export deployments and windows; import events as windows.
//!
//! Export: deployments are events in UTC with a STATUS (TENTATIVE until the
//! release is approved); windows and trains keep their recurrence (`RRULE`,
//! `EXDATE`) and zone (`TZID` with a generated `VTIMEZONE`); code freezes are
//! events of their own. UIDs are made of entity ids and the plan's calendar
//! identity (`deployment-<id>@<calendar_id>.trainyard`, or `@trainyard`), never
//! its name, so importing the file again, even after renaming the plan,
//! updates the events instead of duplicating them.
//!
//! Two places where the plan format and RFC 5545 read a window differently are
//! rewritten so a calendar shows the same occurrences as `trainyard expand`:
//! - RFC 5545 makes DTSTART the first occurrence even when the rule does not
//!   match it; the plan format (like python-dateutil) does not. DTSTART is
//!   written as the first occurrence that the rule produces.
//! - RFC 5545 requires a UTC `UNTIL` when DTSTART has a TZID; a local `UNTIL`
//!   is converted to the instant it names in the window's zone.
//!
//! Import: see [`import_ics`]. Anything that would change the meaning of an
//! event if ignored (EXRULE, recurrence parts outside the plan's RRULE subset)
//! is an error naming the line and the UID; [`preview_import`] says what an
//! import would add, change and remove in a plan.

mod export;
mod import;
mod lines;
mod preview;
mod vtimezone;

use std::fmt;

pub use export::{export_ics, CALENDAR_ID_KEY, MAX_FREEZES};
pub use import::{import_ics, window_id};
pub use preview::{preview_import, ImportPreview, PreviewError, PreviewWindow};

use trainyard_core::time::Instant;
use trainyard_core::{EnvironmentId, ReleaseId, Window};

/// Which part of the plan [`export_ics`] writes: the whole plan, one release,
/// one environment, or one release in one environment.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IcsFilter {
    /// Only this release's deployments, and the windows that apply to them.
    pub release: Option<ReleaseId>,
    /// Only deployments to this environment, and the windows whose scope includes it.
    pub environment: Option<EnvironmentId>,
    /// The DTSTAMP of every event (RFC 5545 requires one). Default: the Unix
    /// epoch, so the file depends on the plan alone.
    pub dtstamp: Option<Instant>,
}

/// One problem in an imported calendar, at a line of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IcsProblem {
    /// 1-based physical line where the offending (unfolded) content line starts.
    pub line: usize,
    /// The UID of the event, when it has one.
    pub uid: Option<String>,
    pub message: String,
}

impl fmt::Display for IcsProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.uid {
            Some(uid) => write!(f, "ics line {} (uid {uid}): {}", self.line, self.message),
            None => write!(f, "ics line {}: {}", self.line, self.message),
        }
    }
}

/// Something the import left out on purpose (an ignored component, a
/// cancelled event), or added (a separate window for a DTSTART the rule
/// does not produce).
pub type IcsWarning = IcsProblem;

/// Why a calendar could not be imported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IcsError {
    /// The text is not a well-formed calendar.
    #[error("ics line {line}: {message}")]
    Syntax { line: usize, message: String },
    /// Events that cannot become windows without changing their meaning; all
    /// of them, in file order.
    #[error("{}", problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Events { problems: Vec<IcsProblem> },
}

/// The windows made from a calendar, with what the import left out.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedWindows {
    pub windows: Vec<Window>,
    pub warnings: Vec<IcsWarning>,
    /// Every UID in the calendar (cancelled events included), in file order:
    /// windows imported earlier from these UIDs and not made again are gone
    /// from the calendar.
    pub uids: Vec<String>,
}
