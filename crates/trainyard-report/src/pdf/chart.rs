//! Small vector charts: a plot area with a value axis (gridlines and tick
//! labels), one slot per category along the bottom, bars that are solid or
//! hatched, and a line with square marks.
//!
//! Everything here maps values the caller already has to points; it adds
//! no numbers of its own beyond the axis ticks. Filled areas that must be
//! told apart come in a solid and a hatched kind, so the charts still read
//! when printed in black and white.

use super::{colors, styles, Doc, Rgb};

/// A plot area in page points and the value at its top (0 is at the bottom).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Plot {
    pub(crate) x0: f32,
    pub(crate) x1: f32,
    pub(crate) top: f32,
    pub(crate) bottom: f32,
    pub(crate) max: f64,
}

impl Plot {
    /// The y of value `v`, clamped to the plot.
    pub(crate) fn y(&self, v: f64) -> f32 {
        let share = if self.max > 0.0 {
            (v / self.max).clamp(0.0, 1.0) as f32
        } else {
            0.0
        };
        self.bottom - share * (self.bottom - self.top)
    }

    /// Category `i` of `n`: the left of its slot and the slot's width.
    pub(crate) fn slot(&self, i: usize, n: usize) -> (f32, f32) {
        let w = (self.x1 - self.x0) / n.max(1) as f32;
        (self.x0 + i as f32 * w, w)
    }

    /// The centre of category `i` of `n`.
    pub(crate) fn center(&self, i: usize, n: usize) -> f32 {
        let (x, w) = self.slot(i, n);
        x + w / 2.0
    }

    /// Every `k`th category gets a label, so labels of `label_w` points never
    /// touch; the first is always labelled.
    pub(crate) fn label_every(&self, n: usize, label_w: f32) -> usize {
        let (_, w) = self.slot(0, n);
        ((label_w + 4.0) / w.max(0.01)).ceil().max(1.0) as usize
    }
}

/// Tick step and axis top for counts up to `max`: steps of 1, 2 or 5 times a
/// power of ten, at most five of them, so tick labels are whole numbers.
pub(crate) fn count_ticks(max: u64) -> (u64, u64) {
    let mut step = 1u64;
    loop {
        for m in [1, 2, 5] {
            let s = step.saturating_mul(m);
            if max.div_ceil(s) <= 5 {
                return (s, max.div_ceil(s).max(1) * s);
            }
        }
        step = step.saturating_mul(10);
    }
}

/// Horizontal gridlines at `ticks` (values with their labels), the labels
/// right-aligned left of the plot (or left-aligned right of it with
/// `right`), and `title` above the axis.
pub(crate) fn value_axis(
    doc: &mut Doc,
    plot: &Plot,
    ticks: &[(f64, String)],
    title: &str,
    right: bool,
) {
    let style = styles::SMALL;
    for (v, label) in ticks {
        let y = plot.y(*v);
        if !right {
            let color = if *v == 0.0 {
                colors::FAINT
            } else {
                colors::HAIRLINE
            };
            doc.line(plot.x0, y, plot.x1, y, color, 0.5);
            doc.text_right(plot.x0 - 4.0, y + 2.5, style, label);
        } else {
            doc.line(plot.x1, y, plot.x1 + 3.0, y, colors::FAINT, 0.5);
            doc.text(plot.x1 + 5.0, y + 2.5, style, label);
        }
    }
    let title_style = styles::SMALL.bold();
    // Titles sit above the tick labels, clear of the tallest bar's label.
    if right {
        doc.line(plot.x1, plot.top, plot.x1, plot.bottom, colors::FAINT, 0.5);
        doc.text_right(doc.right, plot.top - 10.0, title_style, title);
    } else {
        doc.line(plot.x0, plot.top, plot.x0, plot.bottom, colors::FAINT, 0.5);
        doc.text(doc.left, plot.top - 10.0, title_style, title);
    }
}

/// A bar drawn with diagonal lines over a light fill, clipped to its
/// rectangle: it stays distinct from a solid bar in greyscale.
pub(crate) fn hatched(doc: &mut Doc, x: f32, y: f32, w: f32, h: f32, fill: Rgb, line: Rgb) {
    if w <= 0.0 || h <= 0.0 {
        return;
    }
    doc.fill(x, y, w, h, fill);
    let step = 3.0;
    let mut k = -h;
    while k < w {
        // The line from (x + k, y + h) up and to the right, clipped to [x, x + w].
        let t0 = (-k).max(0.0);
        let t1 = (w - k).min(h);
        if t1 > t0 {
            doc.line(x + k + t0, y + h - t0, x + k + t1, y + h - t1, line, 0.6);
        }
        k += step;
    }
    doc.rect(x, y, w, h, None, Some((line, 0.6)));
}

/// A line through `points` with a square mark on each. Line and marks are
/// edged in white, so they stay visible where they cross a dark bar (in
/// greyscale the bars and the line would otherwise be the same grey).
pub(crate) fn marked_line(doc: &mut Doc, points: &[(f32, f32)], color: Rgb) {
    let white = Rgb(0xff, 0xff, 0xff);
    for (width, c) in [(3.0, white), (1.2, color)] {
        for pair in points.windows(2) {
            let ((xa, ya), (xb, yb)) = (pair[0], pair[1]);
            doc.line(xa, ya, xb, yb, c, width);
        }
    }
    for &(x, y) in points {
        doc.rect(x - 2.5, y - 2.5, 5.0, 5.0, Some(color), Some((white, 0.6)));
    }
}

#[cfg(test)]
mod tests {
    use super::count_ticks;

    #[test]
    fn count_ticks_are_whole_and_at_most_five() {
        assert_eq!(count_ticks(0), (1, 1));
        assert_eq!(count_ticks(1), (1, 1));
        assert_eq!(count_ticks(3), (1, 3));
        assert_eq!(count_ticks(6), (2, 6));
        assert_eq!(count_ticks(7), (2, 8));
        assert_eq!(count_ticks(11), (5, 15));
        assert_eq!(count_ticks(26), (10, 30));
        assert_eq!(count_ticks(999), (200, 1000));
    }
}
