//! The date axis of a chart: month and day labels (hours when a day is wide),
//! weekend shading, day rules, and train departures with their code freezes.

use chrono::{Datelike, Duration, NaiveTime, Timelike, Weekday};
use trainyard_core::time::{resolve_local, to_local, Instant};

use super::{Timeline, AXIS_H};
use crate::pdf::{colors, styles, Doc, Rgb};

impl<'a> Timeline<'a> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn draw_axis(
        &self,
        doc: &mut Doc,
        seg: (Instant, Instant),
        x0: f32,
        x1: f32,
        axis_top: f32,
        lanes_top: f32,
        lanes_bottom: f32,
        tx: &dyn Fn(Instant) -> f32,
    ) {
        let tz = self.clock.tz;
        let days = (seg.1 - seg.0).num_seconds() as f32 / 86_400.0;
        let per_day = (x1 - x0) / days.max(1.0 / 24.0);
        let upper = axis_top + 9.0;
        let lower = axis_top + 19.0;
        doc.fill(x0, axis_top, x1 - x0, AXIS_H - 2.0, Rgb(0xf3, 0xf5, 0xf7));
        let first_day = to_local(seg.0, tz).date();
        let last_day = to_local(seg.1, tz).date();
        let month_label = |d: chrono::NaiveDate| {
            if per_day * 30.0 > 140.0 {
                d.format("%B %Y").to_string()
            } else {
                d.format("%b %Y").to_string()
            }
        };
        // The segment's first month is named at its start unless the next month
        // begins too soon after it for both names to fit.
        let next_first = (1..=31)
            .map(|k| first_day + Duration::days(k))
            .find(|d| d.day() == 1 && *d <= last_day)
            .map(|d| tx(resolve_local(d.and_time(NaiveTime::MIN), tz)));
        let start_label_w = doc.width_of(styles::SMALL.bold(), &month_label(first_day)) + 8.0;
        let mut labelled_month =
            first_day.day() != 1 && next_first.is_some_and(|x| x - tx(seg.0) < start_label_w);
        let mut day = first_day;
        while day <= last_day {
            let a = resolve_local(day.and_time(NaiveTime::MIN), tz);
            let next = day.succ_opt().unwrap_or(day);
            let b = resolve_local(next.and_time(NaiveTime::MIN), tz);
            let (xa, xb) = (tx(a.max(seg.0)), tx(b.min(seg.1)));
            if xb > xa {
                if matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
                    doc.fill(
                        xa,
                        lanes_top,
                        xb - xa,
                        lanes_bottom - lanes_top,
                        Rgb(0xee, 0xf0, 0xf2),
                    );
                }
                if a >= seg.0 {
                    let strong = day.weekday() == Weekday::Mon || day.day() == 1;
                    let (c, w) = if strong {
                        (colors::RULE, 0.6)
                    } else {
                        (colors::HAIRLINE, 0.4)
                    };
                    doc.line(
                        xa,
                        if strong { axis_top } else { lower - 8.0 },
                        xa,
                        lanes_bottom,
                        c,
                        w,
                    );
                }
                // Month (and year) on the upper row, at the start and on each 1st.
                let month_w = doc.width_of(styles::SMALL.bold(), &month_label(day));
                if (!labelled_month || day.day() == 1) && xa + 2.0 + month_w <= x1 {
                    doc.text(
                        xa + 2.0,
                        upper,
                        styles::SMALL.bold().color(colors::INK),
                        &month_label(day),
                    );
                    labelled_month = true;
                }
                // Day numbers on the lower row when there is room, else Mondays.
                if (per_day >= 11.0 && xb - xa >= 8.0)
                    || (per_day >= 3.0 && day.weekday() == Weekday::Mon && x1 - xa >= 10.0)
                {
                    let label = if per_day >= 40.0 {
                        day.format("%a %-d").to_string()
                    } else {
                        day.day().to_string()
                    };
                    let style = styles::SMALL.size(6.5);
                    let label_w = doc.width_of(style, &label);
                    // A label that would cross the right margin is left out.
                    if per_day >= 11.0 {
                        if (xa + xb + label_w) / 2.0 <= x1 {
                            doc.text_center((xa + xb) / 2.0, lower, style, &label);
                        }
                    } else if xa + 1.5 + label_w <= x1 {
                        doc.text(xa + 1.5, lower, style, &label);
                    }
                }
            }
            if next == day {
                break;
            }
            day = next;
        }
        // Hours when a day is wide.
        if per_day >= 120.0 {
            let step = [1, 2, 3, 6, 12]
                .into_iter()
                .find(|h| per_day * *h as f32 / 24.0 >= 26.0)
                .unwrap_or(12);
            let mut t = seg.0 - Duration::minutes(i64::from(to_local(seg.0, tz).minute()));
            while t < seg.1 {
                let l = to_local(t, tz);
                if l.hour().is_multiple_of(step) && l.hour() != 0 && t > seg.0 && tx(t) + 10.0 <= x1
                {
                    let x = tx(t);
                    doc.line(x, lower + 3.0, x, lanes_bottom, colors::HAIRLINE, 0.3);
                    doc.text_center(
                        x,
                        lower + 0.5,
                        styles::SMALL.size(5.5),
                        &l.format("%H:%M").to_string(),
                    );
                }
                t += Duration::hours(1);
            }
        }
        // Train departures and their code freezes.
        for train in &self.plan.trains {
            let (Some(rule), Some(start)) = (&train.rrule, train.start) else {
                continue;
            };
            let freeze = train.freeze.unwrap_or_default();
            let from_l = to_local(seg.0, tz) - freeze.max_exact() - Duration::days(1);
            let to_l = to_local(seg.1, tz) + Duration::days(1);
            for dep in rule.expand(start, tz, from_l, to_l) {
                let at = resolve_local(dep, tz);
                let freeze_start = resolve_local(
                    dep - Duration::days(freeze.days) - Duration::seconds(freeze.seconds),
                    tz,
                );
                if !freeze.is_zero() && freeze_start < seg.1 && at > seg.0 {
                    let (a, b) = (tx(freeze_start), tx(at));
                    doc.fill(a, lanes_top - 3.0, b - a, 2.5, colors::WARNING.tint(0.45));
                }
                if at >= seg.0 && at < seg.1 {
                    let x = tx(at);
                    doc.dashed(x, lanes_top - 3.0, x, lanes_bottom, colors::ACCENT, 0.6);
                }
            }
        }
        doc.line(x0, lanes_top, x1, lanes_top, colors::RULE, 0.6);
    }
}
