//! The charts of the "Delivery metrics" section, drawn as vector graphics
//! with `crate::pdf::chart`: the trend per week (per month for periods
//! longer than half a year), bars of deployments with the failed ones
//! hatched and a line of the change failure rate; and the failure rate by
//! the weekday deployments started on.
//!
//! The counts and rates are the core's (`metrics::series`,
//! `metrics::by_weekday_hour`); this module sums the 24 hours of a weekday
//! (or the week's 7 × 24 cells) and turns values into heights, nothing more.

use trainyard_core::metrics::{by_weekday_hour, series, HourCell, Interval, PeriodMeasures};
use trainyard_core::time::Instant;
use trainyard_core::*;

use super::metrics::percent;
use crate::facts::Clock;
use crate::pdf::chart::{count_ticks, hatched, marked_line, value_axis, Plot};
use crate::pdf::{colors, styles, Doc, Rgb, Style};

/// Past this many weeks the trend is drawn per month, so bars stay wide
/// enough to read and to label.
const MAX_WEEKS: usize = 26;
/// Past this many months (five years) the trend is left out with a note.
const MAX_MONTHS: usize = 60;

const SUCCEEDED: Rgb = colors::ACCENT;
const FAILED_FILL: Rgb = Rgb(0xf4, 0xc7, 0xc2);
const FAILED_LINE: Rgb = colors::ERROR;
const RATE: Rgb = colors::INK;

/// Left of the plot: the count axis' tick labels and the row titles below it.
const AXIS_W: f32 = 52.0;
/// Right of the plot: the rate axis' tick labels.
const RATE_W: f32 = 30.0;
const TREND_H: f32 = 120.0;
const WEEKDAY_H: f32 = 90.0;

/// One bar of the trend: the core's measures of the period and its counts.
struct Bar {
    period: PeriodMeasures,
    counts: HourCell,
}

/// All the cells of some weekday rows added up.
fn total(rows: &[[HourCell; 24]]) -> HourCell {
    let mut t = HourCell::default();
    for cell in rows.iter().flatten() {
        t.deployments += cell.deployments;
        t.failures += cell.failures;
    }
    t
}

/// The weekly trend (or monthly, for a long period) at the cursor.
pub(super) fn trend(doc: &mut Doc, plan: &Plan, period: (Instant, Instant), clock: Clock) {
    let weeks = series(plan, period.0, period.1, Interval::Week).ok();
    let (interval, periods) = match weeks {
        Some(w) if w.len() <= MAX_WEEKS => (Interval::Week, Some(w)),
        _ => (
            Interval::Month,
            series(plan, period.0, period.1, Interval::Month)
                .ok()
                .filter(|m| m.len() <= MAX_MONTHS),
        ),
    };
    let title = match interval {
        Interval::Week => "Weekly trend",
        Interval::Month => "Monthly trend",
    };
    // Kept with the whole chart: axis titles, plot, label rows and legend.
    doc.heading(styles::H2, title, TREND_H + 82.0);
    let Some(periods) = periods else {
        doc.paragraph(
            styles::BODY.color(colors::MUTED),
            "The period is longer than five years: the trend is left out. 'trainyard metrics' measures any part of it.",
            doc.left,
            doc.content_width(),
        );
        return;
    };
    let bars: Vec<Bar> = periods
        .into_iter()
        .map(|p| {
            // The period's failures are the core's count by weekday and hour,
            // added up: `Measures` gives rates, not the failed count a
            // stacked bar needs. Both count the same deployments.
            let counts = by_weekday_hour(plan, p.start, p.end)
                .map(|rows| total(&rows))
                .unwrap_or_default();
            debug_assert_eq!(counts.deployments, p.measures.deployments);
            Bar { period: p, counts }
        })
        .collect();
    let n = bars.len();
    let (step, top) = count_ticks(bars.iter().map(|b| b.counts.deployments).max().unwrap_or(0));
    let y0 = doc.y + 18.0;
    let plot = Plot {
        x0: doc.left + AXIS_W,
        x1: doc.right - RATE_W,
        top: y0,
        bottom: y0 + TREND_H,
        max: top as f64,
    };
    let ticks: Vec<(f64, String)> = (0..=top / step)
        .map(|k| ((k * step) as f64, (k * step).to_string()))
        .collect();
    value_axis(doc, &plot, &ticks, "Deployments", false);
    let rate_plot = Plot { max: 1.0, ..plot };
    let rate_ticks: Vec<(f64, String)> = [0.0, 0.25, 0.5, 0.75, 1.0]
        .iter()
        .map(|&r| (r, format!("{:.0} %", r * 100.0)))
        .collect();
    value_axis(doc, &rate_plot, &rate_ticks, "Failure rate", true);

    // Bars: the deployments of the period, the failed ones hatched on top.
    let bar_style = styles::SMALL.color(colors::INK);
    for (i, b) in bars.iter().enumerate() {
        let (x, w) = plot.slot(i, n);
        let bw = (w * 0.6).min(26.0);
        let bx = x + (w - bw) / 2.0;
        let (all, failed) = (b.counts.deployments, b.counts.failures);
        if all == 0 {
            continue;
        }
        // The whole bar is every deployment; its top part, as tall as the
        // failures, is hatched.
        let top_y = plot.y(all as f64);
        let failed_h = plot.bottom - plot.y(failed as f64);
        doc.fill(bx, top_y, bw, plot.bottom - top_y, SUCCEEDED);
        hatched(doc, bx, top_y, bw, failed_h, FAILED_FILL, FAILED_LINE);
        if bw >= 8.0 {
            doc.text_center(bx + bw / 2.0, top_y - 2.5, bar_style, &all.to_string());
        }
    }
    // The change failure rate, through the periods that have one.
    let points: Vec<(f32, f32)> = bars
        .iter()
        .enumerate()
        .filter_map(|(i, b)| {
            let r = b.period.measures.change_failure_rate?;
            Some((plot.center(i, n), rate_plot.y(r)))
        })
        .collect();
    marked_line(doc, &points, RATE);

    // Under the plot: the period labels, then the rate of each period in
    // figures (the line's values, readable without colour).
    let label = |p: &PeriodMeasures| match interval {
        Interval::Week => clock.local(p.start).format("%-d %b").to_string(),
        Interval::Month => clock.local(p.start).format("%b %Y").to_string(),
    };
    let widest = bars
        .iter()
        .map(|b| doc.width_of(styles::SMALL, &label(&b.period)))
        .fold(doc.width_of(styles::SMALL, "100.0 %"), f32::max);
    let every = plot.label_every(n, widest);
    let row1 = plot.bottom + 10.0;
    let row2 = row1 + 10.0;
    let first_label = match interval {
        Interval::Week => "Week of",
        Interval::Month => "Month",
    };
    doc.text_right(plot.x0 - 4.0, row1, styles::SMALL.bold(), first_label);
    doc.text_right(plot.x0 - 4.0, row2, styles::SMALL.bold(), "Failure rate");
    // Period labels are thinned to every `every`th. Rates are written for
    // every period that has one, on two staggered rows when one row is too
    // narrow; one that would still touch its neighbour is left out (the
    // line and the right axis show it).
    let rate_style = styles::SMALL.color(colors::INK);
    let staggered = plot.slot(0, n).1 < doc.width_of(rate_style, "100.0 %") + 3.0;
    let mut rate_end = [f32::MIN; 2];
    for (i, b) in bars.iter().enumerate() {
        let cx = plot.center(i, n);
        if i % every == 0 {
            centered(doc, &plot, cx, row1, styles::SMALL, &label(&b.period));
        }
        let rate = match b.period.measures.change_failure_rate {
            Some(r) => percent(r),
            None if !staggered => "–".to_owned(),
            None => continue,
        };
        let row = if staggered { i % 2 } else { 0 };
        let w = doc.width_of(rate_style, &rate);
        if cx - w / 2.0 > rate_end[row] + 3.0 {
            let y = row2 + row as f32 * 9.0;
            rate_end[row] = centered(doc, &plot, cx, y, rate_style, &rate);
        }
    }
    let row2 = if staggered { row2 + 9.0 } else { row2 };
    doc.y = row2 + 8.0;
    legend(doc);
}

/// `text` centred on `cx` but kept between the plot's edges, so the first
/// and last labels clear the row titles and the margin; returns its right end.
fn centered(doc: &mut Doc, plot: &Plot, cx: f32, baseline: f32, style: Style, text: &str) -> f32 {
    let w = doc.width_of(style, text);
    let x = (cx - w / 2.0).min(plot.x1 - w).max(plot.x0);
    doc.text(x, baseline, style, text);
    x + w
}

/// The key to the trend's bars and line.
fn legend(doc: &mut Doc) {
    let y = doc.y;
    let mut x = doc.left + AXIS_W;
    let mut key = |doc: &mut Doc, draw: &dyn Fn(&mut Doc, f32), text: &str| {
        draw(doc, x);
        doc.text(x + 19.0, y + 6.5, styles::SMALL, text);
        x += 19.0 + doc.width_of(styles::SMALL, text) + 16.0;
    };
    key(doc, &|d, x| d.fill(x, y, 10.0, 8.0, SUCCEEDED), "Succeeded");
    key(
        doc,
        &|d, x| hatched(d, x, y, 10.0, 8.0, FAILED_FILL, FAILED_LINE),
        "Failed or rolled back",
    );
    key(
        doc,
        &|d, x| marked_line(d, &[(x + 2.5, y + 4.0), (x + 12.5, y + 4.0)], RATE),
        "Change failure rate (right axis)",
    );
    doc.y += 16.0;
}

/// The failure rate by the local weekday deployments started on: per day a
/// column for all its deployments (light), the failed share hatched from the
/// bottom, and "failed of all" under it.
pub(super) fn by_weekday(doc: &mut Doc, plan: &Plan, period: (Instant, Instant)) {
    doc.heading(styles::H2, "Failure rate by weekday", WEEKDAY_H + 70.0);
    let Ok(rows) = by_weekday_hour(plan, period.0, period.1) else {
        return;
    };
    let y0 = doc.y + 18.0;
    let plot = Plot {
        x0: doc.left + AXIS_W,
        x1: doc.right - RATE_W,
        top: y0,
        bottom: y0 + WEEKDAY_H,
        max: 1.0,
    };
    let ticks: Vec<(f64, String)> = [0.0, 0.5, 1.0]
        .iter()
        .map(|&r| (r, format!("{:.0} %", r * 100.0)))
        .collect();
    value_axis(doc, &plot, &ticks, "Share of deployments", false);
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let label_style = styles::SMALL.color(colors::INK);
    for (i, day) in rows.iter().enumerate().take(7) {
        let t = total(std::slice::from_ref(day));
        let (x, w) = plot.slot(i, 7);
        let bw = (w * 0.5).min(40.0);
        let bx = x + (w - bw) / 2.0;
        let cx = x + w / 2.0;
        doc.text_center(cx, plot.bottom + 10.0, styles::SMALL.bold(), DAYS[i]);
        if t.deployments == 0 {
            doc.text_center(cx, plot.bottom + 20.0, styles::SMALL, "none");
            continue;
        }
        // The column is all the day's deployments (100 %); the hatched part
        // from the bottom is the failed ones, on the same scale, so its
        // height is the day's failure rate.
        let day_scale = Plot {
            max: t.deployments as f64,
            ..plot
        };
        doc.fill(
            bx,
            plot.top,
            bw,
            plot.bottom - plot.top,
            SUCCEEDED.tint(0.7),
        );
        let fy = day_scale.y(t.failures as f64);
        hatched(doc, bx, fy, bw, plot.bottom - fy, FAILED_FILL, FAILED_LINE);
        doc.text_center(
            cx,
            plot.bottom + 20.0,
            label_style,
            &format!("{} of {} failed", t.failures, t.deployments),
        );
    }
    doc.y = plot.bottom + 28.0;
    doc.paragraph(
        styles::SMALL,
        "By the weekday each deployment actually started, in the plan's time zone; a column stands for all that day's deployments, shaded for those that succeeded and hatched for those that failed or were rolled back.",
        doc.left,
        doc.content_width(),
    );
}
