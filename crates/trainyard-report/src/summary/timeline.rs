//! The summary's timeline pages: the lane note, then the timeline of the
//! period (drawn by `crate::pdf::timeline`) with one colour per release and
//! the deployments of error conflicts outlined.

use std::collections::{HashMap, HashSet};

use trainyard_core::time::Instant;
use trainyard_core::*;

use super::LaneMode;
use crate::facts::{Clock, ReleaseFacts};
use crate::pdf::timeline::{Timeline, PALETTE};
use crate::pdf::{styles, Doc, Rgb};

/// Colours are given over all releases (not only those in the period), so a
/// release keeps its colour whatever period is printed.
pub(super) fn timeline_section(
    doc: &mut Doc,
    plan: &Plan,
    lanes: LaneMode,
    period: (Instant, Instant),
    clock: Clock,
    all: &[ReleaseFacts],
    report: &Report,
) {
    let colors_by_release: HashMap<ReleaseId, Rgb> = all
        .iter()
        .enumerate()
        .map(|(i, f)| (f.release.id.clone(), PALETTE[i % PALETTE.len()]))
        .collect();
    let flagged: HashSet<DeploymentId> = report
        .conflicts
        .iter()
        .filter(|c| c.severity == Severity::Error)
        .flat_map(|c| c.deployments.iter().cloned())
        .collect();

    let lane_note = match lanes {
        LaneMode::Service => {
            "One lane per service and environment; bars are deployments, coloured by release."
        }
        LaneMode::Environment => {
            "One lane per environment; bars are deployments, coloured by release."
        }
    };
    doc.paragraph(
        styles::SMALL,
        &format!("{lane_note} Times in {}.", clock.zone()),
        doc.left,
        doc.content_width(),
    );
    doc.gap(4.0);
    Timeline {
        plan,
        period,
        mode: lanes,
        colors: &colors_by_release,
        flagged: &flagged,
        clock,
    }
    .draw(doc);
}
