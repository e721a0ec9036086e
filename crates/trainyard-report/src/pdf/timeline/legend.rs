//! The legend under a chart: a colour swatch per release in the segment (up to
//! a limit, then "and N more"), and the key to the shading and marks.

use std::collections::{HashMap, HashSet};

use trainyard_core::time::Instant;
use trainyard_core::*;

use super::chart::hatch;
use super::{Timeline, PALETTE};
use crate::pdf::{colors, styles, Doc, Rgb};

impl<'a> Timeline<'a> {
    /// Releases in a segment, by first appearance.
    fn releases_in(&self, seg: (Instant, Instant)) -> Vec<&'a Release> {
        let mut seen = HashSet::new();
        let mut ds: Vec<&Deployment> = self
            .plan
            .deployments
            .iter()
            .filter(|d| d.end > seg.0 && d.start < seg.1)
            .collect();
        ds.sort_by(|a, b| (a.start, &a.id).cmp(&(b.start, &b.id)));
        ds.iter()
            .filter(|d| seen.insert(d.release.clone()))
            .filter_map(|d| self.plan.release(d.release.as_str()))
            .collect()
    }

    /// The colour of each release in a segment: the palette in order of
    /// first appearance, so releases side by side differ.
    pub(super) fn colors_in(&self, seg: (Instant, Instant)) -> HashMap<ReleaseId, Rgb> {
        self.releases_in(seg)
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), PALETTE[i % PALETTE.len()]))
            .collect()
    }

    const LEGEND_COLS: usize = 4;
    const LEGEND_MAX: usize = 48;

    pub(super) fn legend_height(&self, seg: (Instant, Instant)) -> f32 {
        let n = self.releases_in(seg).len().min(Self::LEGEND_MAX + 1);
        let rows = n.div_ceil(Self::LEGEND_COLS);
        rows as f32 * 9.5 + 12.0 + 6.0
    }

    pub(super) fn draw_legend(&self, doc: &mut Doc, seg: (Instant, Instant)) {
        let releases = self.releases_in(seg);
        let colors_of = self.colors_in(seg);
        let col_w = doc.content_width() / Self::LEGEND_COLS as f32;
        let style = styles::SMALL.color(colors::INK);
        let shown = releases.len().min(Self::LEGEND_MAX);
        for (i, r) in releases.iter().take(shown).enumerate() {
            let x = doc.left + (i % Self::LEGEND_COLS) as f32 * col_w;
            let y = doc.y + (i / Self::LEGEND_COLS) as f32 * 9.5;
            let c = colors_of.get(&r.id).copied().unwrap_or(colors::MUTED);
            doc.fill(x, y + 1.0, 7.0, 6.0, c);
            let name = doc.fit(style, r.display_name(), col_w - 14.0);
            doc.text(x + 10.0, y + 6.5, style, &name);
        }
        let mut rows = shown.div_ceil(Self::LEGEND_COLS);
        if releases.len() > shown {
            let y = doc.y + rows as f32 * 9.5;
            doc.text(
                doc.left,
                y + 6.5,
                styles::SMALL,
                &format!(
                    "and {} more releases (see the release table)",
                    releases.len() - shown
                ),
            );
            rows += 1;
        }
        doc.y += rows as f32 * 9.5 + 3.0;
        // Key to the shading and marks.
        let y = doc.y;
        let mut x = doc.left;
        let key = |doc: &mut Doc, x: &mut f32, draw: &dyn Fn(&mut Doc, f32), text: &str| {
            draw(doc, *x);
            doc.text(*x + 13.0, y + 6.5, styles::SMALL, text);
            *x += 13.0 + doc.width_of(styles::SMALL, text) + 14.0;
        };
        key(
            doc,
            &mut x,
            &|d, x| d.fill(x, y, 10.0, 8.0, colors::MAINTENANCE),
            "Maintenance window",
        );
        key(doc, &mut x, &|d, x| hatch(d, x, y, 10.0, 8.0), "Blackout");
        key(
            doc,
            &mut x,
            &|d, x| {
                d.rect(
                    x + 1.0,
                    y + 1.0,
                    8.0,
                    6.0,
                    Some(colors::FAINT),
                    Some((colors::ERROR, 0.9)),
                )
            },
            "In an error conflict",
        );
        key(
            doc,
            &mut x,
            &|d, x| d.fill(x, y, 10.0, 8.0, Rgb(0xee, 0xf0, 0xf2)),
            "Weekend",
        );
        if !self.plan.trains.is_empty() {
            key(
                doc,
                &mut x,
                &|d, x| d.dashed(x + 5.0, y, x + 5.0, y + 8.0, colors::ACCENT, 0.8),
                "Train departure",
            );
            key(
                doc,
                &mut x,
                &|d, x| d.fill(x, y + 3.0, 10.0, 2.5, colors::WARNING.tint(0.45)),
                "Code freeze",
            );
        }
        doc.y += 12.0 + 6.0;
    }
}
