//! The train on a timeline, as vector graphics: one lane per service (split by
//! environment) or per environment, a bar per deployment coloured by release,
//! maintenance windows (green) and blackouts (red, hatched) shaded behind the
//! bars, train departures as dashed lines, a date axis and a legend.
//!
//! Long periods are cut into segments of four weeks (a bar of one hour must
//! stay visible), and a segment with more lanes than a page holds continues on
//! the next page with its axis repeated. Lanes without a deployment in a
//! segment are left out of it.

mod axis;
mod chart;
mod lanes;
mod legend;

use std::collections::HashSet;

use trainyard_core::time::Instant;
use trainyard_core::*;

use super::{colors, styles, Doc, Rgb};
use crate::facts::Clock;
use crate::LaneMode;
use lanes::{pack, Placed};

/// Release colours: 24 distinct hues and shades, dark enough for white text,
/// and no red (red means blackout and error here). They are handed out per
/// segment in order of first appearance (see `legend.rs`), so the releases
/// of one page differ in colour unless more than 24 share it, and the legend
/// under each chart gives every colour its release.
pub(crate) const PALETTE: [Rgb; 24] = [
    Rgb(0x4e, 0x79, 0xa7),
    Rgb(0xf2, 0x8e, 0x2b),
    Rgb(0x59, 0xa1, 0x4f),
    Rgb(0xb0, 0x7a, 0xa1),
    Rgb(0x3f, 0x9c, 0x96),
    Rgb(0xc4, 0x98, 0x10),
    Rgb(0x9c, 0x75, 0x5f),
    Rgb(0x66, 0x51, 0x91),
    Rgb(0xd4, 0x50, 0x87),
    Rgb(0x2f, 0x4b, 0x7c),
    Rgb(0x7f, 0x8c, 0x2a),
    Rgb(0x1b, 0x7f, 0xb8),
    Rgb(0x8a, 0x5a, 0x00),
    Rgb(0x2e, 0x6e, 0x3a),
    Rgb(0x8e, 0x44, 0xad),
    Rgb(0x00, 0x7c, 0x7a),
    Rgb(0xa0, 0x52, 0x2d),
    Rgb(0x55, 0x6b, 0x2f),
    Rgb(0x6a, 0x5a, 0xcd),
    Rgb(0xb8, 0x6b, 0x00),
    Rgb(0x46, 0x64, 0x8c),
    Rgb(0x9b, 0x3d, 0x6e),
    Rgb(0x3a, 0x8a, 0x5e),
    Rgb(0x5d, 0x4e, 0x37),
];

pub(crate) struct Timeline<'a> {
    pub(crate) plan: &'a Plan,
    pub(crate) period: (Instant, Instant),
    pub(crate) mode: LaneMode,
    /// Deployments named by an error-severity conflict (outlined in red).
    pub(crate) flagged: &'a HashSet<DeploymentId>,
    pub(crate) clock: Clock,
}

/// The most four-week segments a timeline draws: two years. Past them the
/// timeline stops with a note (the tables still list every deployment), so
/// a deployment ending in year 9999 cannot make thousands of pages.
pub(crate) const MAX_SEGMENTS: usize = 26;

const LABEL_W: f32 = 132.0;
const ROW_H: f32 = 8.5;
const BAR_H: f32 = 6.5;
const LANE_PAD: f32 = 2.5;
const AXIS_H: f32 = 26.0;
const TITLE_H: f32 = 16.0;

impl<'a> Timeline<'a> {
    /// Draws every segment at the cursor, breaking pages as needed.
    pub(crate) fn draw(&self, doc: &mut Doc) {
        let lanes = self.lanes();
        if lanes.is_empty() {
            doc.need(20.0);
            doc.text(
                doc.left,
                doc.y + 9.0,
                styles::BODY.color(colors::MUTED),
                "No deployments in this period.",
            );
            doc.y += 16.0;
            return;
        }
        let segments = self.segments();
        let many = segments.len() > 1;
        if let Some(last) = segments.last().filter(|s| s.1 < self.period.1) {
            doc.paragraph(
                styles::BODY.bold().color(colors::WARNING),
                &format!(
                    "The period is longer than the timeline shows: it is clipped to {} weeks, up to {}. The tables list every deployment.",
                    MAX_SEGMENTS * 4,
                    self.clock.full(last.1)
                ),
                doc.left,
                doc.content_width(),
            );
            doc.gap(4.0);
        }
        for seg in segments {
            // Lanes with a deployment in this segment, packed into rows.
            let mut shown: Vec<Placed> = Vec::new();
            for lane in &lanes {
                let ds: Vec<&Deployment> = lane
                    .deployments
                    .iter()
                    .copied()
                    .filter(|d| d.end > seg.0 && d.start < seg.1)
                    .collect();
                if ds.is_empty() {
                    continue;
                }
                let (placed, rows) = pack(&ds);
                shown.push((lane, placed, rows));
            }
            if shown.is_empty() {
                continue;
            }
            let legend_h = self.legend_height(seg);
            let lane_h = |rows: usize| rows as f32 * ROW_H + 2.0 * LANE_PAD;
            let mut i = 0;
            let total = shown.len();
            while i < total {
                // As many lanes as fit on this page (or on a fresh one).
                let fixed = TITLE_H + AXIS_H + legend_h + 6.0;
                let fits = |room: f32| {
                    let mut h = fixed;
                    let mut n = 0;
                    for (_, _, rows) in &shown[i..] {
                        if h + lane_h(*rows) > room {
                            break;
                        }
                        h += lane_h(*rows);
                        n += 1;
                    }
                    n
                };
                let mut n = fits(doc.room());
                let needed_all = total - i;
                let fresh = doc.bottom - doc.top;
                if (n < needed_all && fits(fresh) > n || n < needed_all.min(3)) && !doc.at_top() {
                    doc.page_break();
                    n = fits(doc.room());
                }
                let n = n.max(1);
                let chunk = &shown[i..i + n];
                let part = if n < total {
                    Some((i + 1, i + n, total))
                } else {
                    None
                };
                self.draw_chart(doc, seg, chunk, part, many);
                i += n;
            }
        }
    }
}
