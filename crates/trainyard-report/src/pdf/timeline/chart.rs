//! One chart of the timeline: the segment's title, lane shading and labels,
//! windows behind the bars (maintenance green, blackouts hatched red), the
//! deployment bars with release names, then the axis and legend.

use trainyard_core::time::Instant;
use trainyard_core::windows::occurrences;
use trainyard_core::*;

use super::lanes::Placed;
use super::{Timeline, AXIS_H, BAR_H, LABEL_W, LANE_PAD, ROW_H, TITLE_H};
use crate::font::Weight;
use crate::pdf::{colors, styles, Doc, Rgb, Style};
use crate::LaneMode;

impl<'a> Timeline<'a> {
    pub(super) fn draw_chart(
        &self,
        doc: &mut Doc,
        seg: (Instant, Instant),
        lanes: &[Placed],
        part: Option<(usize, usize, usize)>,
        titled: bool,
    ) {
        let x0 = doc.left + LABEL_W;
        let x1 = doc.right;
        let span = (seg.1 - seg.0).num_seconds().max(1) as f32;
        let tx =
            |t: Instant| x0 + ((t - seg.0).num_seconds() as f32 / span).clamp(0.0, 1.0) * (x1 - x0);

        // Title of the segment.
        let mut title = if titled {
            self.clock.date_range(seg.0, seg.1)
        } else {
            String::new()
        };
        if let Some((a, b, n)) = part {
            let what = match self.mode {
                LaneMode::Service => "lanes",
                LaneMode::Environment => "environments",
            };
            if !title.is_empty() {
                title.push_str(" · ");
            }
            title.push_str(&format!("{what} {a}–{b} of {n}"));
        }
        if !title.is_empty() {
            doc.text(doc.left, doc.y + 9.0, styles::H3, &title);
        }
        doc.y += if title.is_empty() { 2.0 } else { TITLE_H };

        // Axis.
        let axis_top = doc.y;
        let lanes_top = axis_top + AXIS_H;
        let lanes_h: f32 = lanes
            .iter()
            .map(|(_, _, rows)| *rows as f32 * ROW_H + 2.0 * LANE_PAD)
            .sum();
        let lanes_bottom = lanes_top + lanes_h;
        let mut y = lanes_top;
        for (n, (_, _, rows)) in lanes.iter().enumerate() {
            let h = *rows as f32 * ROW_H + 2.0 * LANE_PAD;
            if n % 2 == 1 {
                doc.fill(doc.left, y, x1 - doc.left, h, Rgb(0xf7, 0xf8, 0xfa));
            }
            y += h;
        }
        self.draw_axis(doc, seg, x0, x1, axis_top, lanes_top, lanes_bottom, &tx);

        // Lanes.
        let colors_of = self.colors_in(seg);
        let mut y = lanes_top;
        let mut last_group: Option<&str> = None;
        for (n, (lane, placed, rows)) in lanes.iter().enumerate() {
            let h = *rows as f32 * ROW_H + 2.0 * LANE_PAD;
            let new_group = last_group != Some(lane.group.as_str());
            // Windows behind the bars: maintenance first, blackouts over them.
            for kind in [WindowKind::Maintenance, WindowKind::Blackout] {
                for w in lane.windows.iter().filter(|w| w.kind == kind) {
                    for o in occurrences(w, seg.0, seg.1) {
                        let (a, b) = (tx(o.start), tx(o.end));
                        match kind {
                            WindowKind::Maintenance => {
                                doc.fill(a, y, (b - a).max(0.8), h, colors::MAINTENANCE)
                            }
                            WindowKind::Blackout => hatch(doc, a, y, (b - a).max(0.8), h),
                        }
                    }
                }
            }
            if new_group && n > 0 {
                doc.line(doc.left, y, x1, y, colors::RULE, 0.5);
            }
            // Labels.
            let label_style = styles::SMALL.color(colors::INK);
            let base = y + LANE_PAD + 6.0;
            let env_w = if lane.label.is_empty() { 0.0 } else { 48.0 };
            if self.mode == LaneMode::Environment || new_group {
                let g = doc.fit(label_style.bold(), &lane.group, LABEL_W - env_w - 8.0);
                doc.text(doc.left, base, label_style.bold(), &g);
            }
            if !lane.label.is_empty() {
                let style = styles::SMALL.size(6.5);
                let l = doc.fit(style, &lane.label, env_w - 2.0);
                doc.text_right(x0 - 4.0, base, style, &l);
            }
            // Bars. A bar's label goes inside it when it fits, else just
            // after it when the row is free up to the next bar.
            let mut next_start = vec![x1; placed.len()];
            let mut row_next = vec![x1; *rows];
            for (k, (d, row)) in placed.iter().enumerate().rev() {
                next_start[k] = row_next[*row];
                row_next[*row] = tx(d.start);
            }
            for (k, (d, row)) in placed.iter().enumerate() {
                let top = y + LANE_PAD + *row as f32 * ROW_H + (ROW_H - BAR_H) / 2.0;
                let (a, b) = (tx(d.start), tx(d.end));
                let w = (b - a).max(2.2);
                let a = a.min(x1 - w);
                let mut color = colors_of.get(&d.release).copied().unwrap_or(colors::MUTED);
                if d.status() == DeploymentStatus::RolledBack {
                    color = color.tint(0.6);
                }
                let stroke = self.flagged.contains(&d.id).then_some((colors::ERROR, 0.9));
                doc.rect(a, top, w, BAR_H, Some(color), stroke);
                // The release name inside the bar when it fits.
                let name = self
                    .plan
                    .release(d.release.as_str())
                    .map_or(d.release.as_str(), |r| r.display_name());
                let style = Style::new(5.5, Weight::Bold, Rgb(0xff, 0xff, 0xff));
                let name_w = doc.width_of(style, name);
                if name_w + 4.0 <= w {
                    doc.text(a + 2.0, top + 5.4, style, name);
                } else if a + w + 2.0 + name_w + 2.0 <= next_start[k].min(x1) {
                    doc.text(a + w + 2.0, top + 5.4, style.color(colors::INK), name);
                }
            }
            last_group = Some(lane.group.as_str());
            y += h;
        }
        doc.line(x0, lanes_top, x0, lanes_bottom, colors::RULE, 0.5);
        doc.line(doc.left, lanes_bottom, x1, lanes_bottom, colors::RULE, 0.6);
        doc.y = lanes_bottom + 6.0;
        self.draw_legend(doc, seg);
    }
}

/// A blackout: light red with diagonal hatching, clipped to the rectangle.
pub(super) fn hatch(doc: &mut Doc, x: f32, y: f32, w: f32, h: f32) {
    doc.fill(x, y, w, h, colors::BLACKOUT);
    let step = 4.0;
    let mut k = -h;
    while k < w {
        // The line x = x + k + t, y = y + h - t for t in [0, h], clipped to [x, x + w].
        let t0 = (-k).max(0.0);
        let t1 = (w - k).min(h);
        if t1 > t0 {
            doc.line(
                x + k + t0,
                y + h - t0,
                x + k + t1,
                y + h - t1,
                colors::BLACKOUT_HATCH,
                0.4,
            );
        }
        k += step;
    }
}
