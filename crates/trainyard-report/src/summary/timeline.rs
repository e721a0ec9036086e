//! The summary's timeline pages: the lane note, then the timeline of the
//! period (drawn by `crate::pdf::timeline`) with one colour per release and
//! the deployments of error conflicts outlined.

use std::collections::HashSet;

use trainyard_core::time::Instant;
use trainyard_core::*;

use super::LaneMode;
use crate::facts::Clock;
use crate::pdf::timeline::Timeline;
use crate::pdf::{styles, Doc};

pub(super) fn timeline_section(
    doc: &mut Doc,
    plan: &Plan,
    lanes: LaneMode,
    period: (Instant, Instant),
    clock: Clock,
    report: &Report,
) {
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
        flagged: &flagged,
        clock,
    }
    .draw(doc);
}
