//! The train on a timeline, as vector graphics: one lane per service (split by
//! environment) or per environment, a bar per deployment coloured by release,
//! maintenance windows (green) and blackouts (red, hatched) shaded behind the
//! bars, train departures as dashed lines, a date axis and a legend.
//!
//! Long periods are cut into segments of four weeks (a bar of one hour must
//! stay visible), and a segment with more lanes than a page holds continues on
//! the next page with its axis repeated. Lanes without a deployment in a
//! segment are left out of it.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, Duration, NaiveTime, Timelike, Weekday};
use trainyard_core::time::{resolve_local, to_local, Instant};
use trainyard_core::windows::occurrences;
use trainyard_core::*;

use super::{colors, styles, Doc, Rgb, Style};
use crate::facts::Clock;
use crate::font::Weight;
use crate::LaneMode;

/// Release colours: distinct, dark enough for white text, and no red (red
/// means blackout and error here).
pub(crate) const PALETTE: [Rgb; 11] = [
    Rgb(0x4e, 0x79, 0xa7),
    Rgb(0xf2, 0x8e, 0x2b),
    Rgb(0x59, 0xa1, 0x4f),
    Rgb(0xb0, 0x7a, 0xa1),
    Rgb(0x3f, 0x9c, 0x96),
    Rgb(0xd4, 0xa8, 0x1c),
    Rgb(0x9c, 0x75, 0x5f),
    Rgb(0x66, 0x51, 0x91),
    Rgb(0xd4, 0x50, 0x87),
    Rgb(0x2f, 0x4b, 0x7c),
    Rgb(0x7f, 0x8c, 0x2a),
];

pub(crate) struct Timeline<'a> {
    pub(crate) plan: &'a Plan,
    pub(crate) period: (Instant, Instant),
    pub(crate) mode: LaneMode,
    pub(crate) colors: &'a HashMap<ReleaseId, Rgb>,
    /// Deployments named by an error-severity conflict (outlined in red).
    pub(crate) flagged: &'a HashSet<DeploymentId>,
    pub(crate) clock: Clock,
}

/// A lane: deployments that share a service and environment, or an environment.
struct Lane<'a> {
    group: String,
    label: String,
    deployments: Vec<&'a Deployment>,
    windows: Vec<&'a Window>,
}

/// A lane in one segment: its deployments with their rows, and the row count.
type Placed<'l, 'a> = (&'l Lane<'a>, Vec<(&'a Deployment, usize)>, usize);

const LABEL_W: f32 = 132.0;
const ROW_H: f32 = 8.5;
const BAR_H: f32 = 6.5;
const LANE_PAD: f32 = 2.5;
const AXIS_H: f32 = 26.0;
const TITLE_H: f32 = 16.0;

impl<'a> Timeline<'a> {
    fn lanes(&self) -> Vec<Lane<'a>> {
        let plan = self.plan;
        let env_rank: HashMap<&EnvironmentId, usize> = crate::facts::environments_in_order(plan)
            .iter()
            .enumerate()
            .map(|(i, e)| (&e.id, i))
            .collect();
        let svc_rank: HashMap<&ServiceId, usize> = plan
            .services
            .iter()
            .enumerate()
            .map(|(i, s)| (&s.id, i))
            .collect();
        let env_name = |id: &EnvironmentId| {
            plan.environment(id.as_str())
                .map_or(id.as_str(), |e| e.display_name())
                .to_owned()
        };
        let svc_name = |id: &ServiceId| {
            plan.service(id.as_str())
                .map_or(id.as_str(), |s| s.display_name())
                .to_owned()
        };
        let mut groups: HashMap<(usize, usize), Vec<&'a Deployment>> = HashMap::new();
        for d in &plan.deployments {
            if d.end <= self.period.0 || d.start >= self.period.1 {
                continue;
            }
            let e = env_rank.get(&d.environment).copied().unwrap_or(usize::MAX);
            let s = svc_rank.get(&d.service).copied().unwrap_or(usize::MAX);
            let key = match self.mode {
                LaneMode::Service => (s, e),
                LaneMode::Environment => (e, 0),
            };
            groups.entry(key).or_default().push(d);
        }
        let mut keys: Vec<(usize, usize)> = groups.keys().copied().collect();
        keys.sort_unstable();
        keys.into_iter()
            .map(|k| {
                let mut deployments = groups.remove(&k).unwrap_or_default();
                deployments.sort_by(|a, b| (a.start, &a.id).cmp(&(b.start, &b.id)));
                let first = deployments[0];
                let (group, label, windows) = match self.mode {
                    LaneMode::Service => (
                        svc_name(&first.service),
                        env_name(&first.environment),
                        plan.windows
                            .iter()
                            .filter(|w| w.scope.matches(&first.service, &first.environment))
                            .collect(),
                    ),
                    LaneMode::Environment => (
                        env_name(&first.environment),
                        String::new(),
                        plan.windows
                            .iter()
                            .filter(|w| {
                                w.scope.environments.is_empty()
                                    || w.scope.environments.contains(&first.environment)
                            })
                            .collect(),
                    ),
                };
                Lane {
                    group,
                    label,
                    deployments,
                    windows,
                }
            })
            .collect()
    }

    /// Segments of the period: the whole period up to six weeks, else four-week
    /// pieces starting on a Monday.
    fn segments(&self) -> Vec<(Instant, Instant)> {
        let (from, to) = self.period;
        if to - from <= Duration::days(42) {
            return vec![(from, to)];
        }
        let tz = self.clock.tz;
        let first = to_local(from, tz).date();
        let monday = first - Duration::days(i64::from(first.weekday().num_days_from_monday()));
        let mut out = vec![];
        let mut day = monday;
        loop {
            let next = day + Duration::days(28);
            let a = resolve_local(day.and_time(NaiveTime::MIN), tz).max(from);
            let b = resolve_local(next.and_time(NaiveTime::MIN), tz).min(to);
            if a < b {
                out.push((a, b));
            }
            if b >= to {
                break;
            }
            day = next;
        }
        out
    }

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

    fn draw_chart(
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
            // Bars.
            for (d, row) in placed {
                let top = y + LANE_PAD + *row as f32 * ROW_H + (ROW_H - BAR_H) / 2.0;
                let (a, b) = (tx(d.start), tx(d.end));
                let w = (b - a).max(2.2);
                let a = a.min(x1 - w);
                let mut color = self
                    .colors
                    .get(&d.release)
                    .copied()
                    .unwrap_or(colors::MUTED);
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
                if doc.width_of(style, name) + 4.0 <= w {
                    doc.text(a + 2.0, top + 5.4, style, name);
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

    #[allow(clippy::too_many_arguments)]
    fn draw_axis(
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
                if !labelled_month || day.day() == 1 {
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
                    if per_day >= 11.0 {
                        doc.text_center((xa + xb) / 2.0, lower, style, &label);
                    } else {
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
                if l.hour().is_multiple_of(step) && l.hour() != 0 && t > seg.0 {
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

    const LEGEND_COLS: usize = 4;
    const LEGEND_MAX: usize = 48;

    fn legend_height(&self, seg: (Instant, Instant)) -> f32 {
        let n = self.releases_in(seg).len().min(Self::LEGEND_MAX + 1);
        let rows = n.div_ceil(Self::LEGEND_COLS);
        rows as f32 * 9.5 + 12.0 + 6.0
    }

    fn draw_legend(&self, doc: &mut Doc, seg: (Instant, Instant)) {
        let releases = self.releases_in(seg);
        let col_w = doc.content_width() / Self::LEGEND_COLS as f32;
        let style = styles::SMALL.color(colors::INK);
        let shown = releases.len().min(Self::LEGEND_MAX);
        for (i, r) in releases.iter().take(shown).enumerate() {
            let x = doc.left + (i % Self::LEGEND_COLS) as f32 * col_w;
            let y = doc.y + (i / Self::LEGEND_COLS) as f32 * 9.5;
            let c = self.colors.get(&r.id).copied().unwrap_or(colors::MUTED);
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

/// Rows for bars that must not overlap: first row whose last bar has ended.
fn pack<'a>(ds: &[&'a Deployment]) -> (Vec<(&'a Deployment, usize)>, usize) {
    let mut ends: Vec<Instant> = Vec::new();
    let mut out = Vec::with_capacity(ds.len());
    for d in ds {
        let row = match ends.iter().position(|e| *e <= d.start) {
            Some(r) => {
                ends[r] = d.end;
                r
            }
            None => {
                ends.push(d.end);
                ends.len() - 1
            }
        };
        out.push((*d, row));
    }
    let rows = ends.len().max(1);
    (out, rows)
}

/// A blackout: light red with diagonal hatching, clipped to the rectangle.
fn hatch(doc: &mut Doc, x: f32, y: f32, w: f32, h: f32) {
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
