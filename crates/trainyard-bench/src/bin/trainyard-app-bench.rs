//! The desktop app's own work at 100k deployments, in-process (no window):
//! what opening a plan costs before the first view can draw, what each
//! calendar call costs, and the JSON each sends over IPC. Each figure is
//! paired with a baseline measured in the same run (`docs/benchmarks.md`).
//!
//! ```sh
//! cargo build --release -p trainyard-bench --bin trainyard-app-bench
//! target/release/trainyard-app-bench
//! ```

use std::time::{Duration, Instant as Clock};

use trainyard_app_core::dto::{BarBudget, CalendarFilter, LaneBy, MoveTarget};
use trainyard_app_core::AppService;
use trainyard_bench::{generate, Size};
use trainyard_store::{Store, StoreOptions};

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1e3;
    // Sub-millisecond rows keep two significant digits rather than reading 0.0.
    if ms < 0.1 {
        format!("{:.3} ms", ms)
    } else {
        format!("{:.1} ms", ms)
    }
}

fn median<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut times = vec![];
    let mut last = None;
    for _ in 0..runs {
        let t = Clock::now();
        last = Some(f());
        times.push(t.elapsed());
    }
    times.sort();
    (times[times.len() / 2], last.expect("at least one run"))
}

fn row(what: &str, value: Duration, baseline: &str, base: Duration) {
    let ratio = value.as_secs_f64() / base.as_secs_f64().max(1e-12);
    let ratio = if ratio < 0.01 {
        format!("{ratio:.4}")
    } else {
        format!("{ratio:.2}")
    };
    println!(
        "| {what} | {} | {baseline}: {} | {ratio}× |",
        ms(value),
        ms(base)
    );
}

fn json_size<T: serde::Serialize>(value: &T) -> (Duration, usize) {
    let t = Clock::now();
    let text = serde_json::to_string(value).expect("DTOs serialise");
    (t.elapsed(), text.len())
}

fn main() {
    let dir = std::env::temp_dir().join(format!("trainyard-app-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    let path = dir.join("big.trainyard");
    let plan = generate(Size::LARGE, 7);
    let opts = || StoreOptions {
        user: Some("bench".into()),
    };
    drop(Store::create(&path, &plan, opts()).expect("the 100k store"));
    println!(
        "Plan: {} deployments, {} releases, {} services, {} environments.\n",
        plan.deployments.len(),
        plan.releases.len(),
        plan.services.len(),
        plan.environments.len()
    );
    println!("| measurement | median | baseline (same run) | ratio |");
    println!("|---|---|---|---|");

    // Opening: the store's own load, then the app's open (load + full check
    // + the colour of every bar).
    let (load, _) = median(5, || Store::open(&path, opts()).expect("opens"));
    let app = AppService::new(&dir).with_user("bench");
    let (open, summary) = median(5, || app.open(&path).expect("opens"));
    row(
        "open the 100k plan in the app (load, full check, bar colours)",
        open,
        "the store's load alone",
        load,
    );

    // The first view: a week of the busy month, and the conflicts panel.
    let week = ("2027-06-07T00:00:00Z", "2027-06-14T00:00:00Z");
    let month = ("2027-06-01T00:00:00Z", "2027-07-01T00:00:00Z");
    let quarter = ("2027-04-01T00:00:00Z", "2027-07-01T00:00:00Z");
    let (t_week, range) = median(9, || app.visible_range(week.0, week.1).unwrap());
    let (ser_week, bytes_week) = json_size(&range);
    row(
        &format!(
            "visible_range, a week ({} bars, {} KB of JSON)",
            range.deployments.len(),
            bytes_week / 1024
        ),
        t_week,
        "the app's open",
        open,
    );
    let (t_month, range) = median(5, || app.visible_range(month.0, month.1).unwrap());
    let (ser_month, bytes_month) = json_size(&range);
    row(
        &format!(
            "visible_range, a month ({} bars, {} KB of JSON)",
            range.deployments.len(),
            bytes_month / 1024
        ),
        t_month + ser_month,
        "a week, with its JSON",
        t_week + ser_week,
    );
    let (t_conf, conflicts) = median(5, || app.conflicts().unwrap());
    let (ser_conf, bytes_conf) = json_size(&conflicts);
    row(
        &format!(
            "conflicts, every one ({} conflicts, {} KB of JSON)",
            summary.counts.errors + summary.counts.warnings,
            bytes_conf / 1024
        ),
        t_conf + ser_conf,
        "a week's visible_range, with its JSON",
        t_week + ser_week,
    );
    // What the window asks for before its first view: the week to open on.
    let (t_overview, overview) = median(5, || app.conflict_overview().unwrap());
    let (ser_overview, bytes_overview) = json_size(&overview);
    row(
        &format!(
            "conflict_overview, the plan's span and the week with the most errors ({} buckets, {} KB of JSON)",
            overview.buckets.len(),
            bytes_overview.div_ceil(1024)
        ),
        t_overview + ser_overview,
        "a week's visible_range, with its JSON",
        t_week + ser_week,
    );

    // What the conflicts panel asks for: each group counted, 20 cards each
    // (FIRST_CARDS of ui/src/lib/conflicts.ts).
    let (t_digest, digest) = median(5, || {
        app.conflict_digest(&CalendarFilter::default(), 20).unwrap()
    });
    let (ser_digest, bytes_digest) = json_size(&digest);
    row(
        &format!(
            "conflict_digest, 20 cards a group ({} groups, {} KB of JSON)",
            digest.groups.len(),
            bytes_digest / 1024
        ),
        t_digest + ser_digest,
        "conflicts, every one, with its JSON",
        t_conf + ser_conf,
    );

    // What the CAB view's release picker asks for: a count per release.
    let (t_rc, per_release) = median(5, || app.release_conflicts().unwrap());
    let (ser_rc, bytes_rc) = json_size(&per_release);
    row(
        &format!(
            "release_conflicts, the CAB picker's counts ({} releases, {} KB of JSON)",
            per_release.len(),
            bytes_rc.div_ceil(1024)
        ),
        t_rc + ser_rc,
        "conflicts, every one, with its JSON",
        t_conf + ser_conf,
    );

    // Zoomed out: counts per lane and day instead of bars.
    let all = CalendarFilter::default();
    for (label, (from, to), slices) in [
        ("a month by day", month, 30),
        ("a quarter by day", quarter, 91),
    ] {
        let (t, d) = median(9, || {
            app.calendar_density(from, to, slices, LaneBy::Service, Some("prod"), &all)
                .unwrap()
        });
        let (ser, bytes) = json_size(&d);
        row(
            &format!(
                "calendar_density, {label}, service lanes of production ({} lanes, {} KB of JSON)",
                d.lanes.len(),
                bytes / 1024
            ),
            t + ser,
            "visible_range of a month, with its JSON",
            t_month + ser_month,
        );
    }

    // What the calendar asks for: bars under the zoom's budget, the fullest
    // lanes counted (the budgets of ui/src/lib/calendar/density.ts).
    for (label, (from, to), slices, per_lane, total) in [
        ("a month", month, 120, 80, 1_000),
        ("a quarter", quarter, 91, 40, 800),
    ] {
        let budget = BarBudget {
            slices,
            per_lane,
            total,
            expanded: vec![],
        };
        let (t, r) = median(9, || {
            app.calendar_range(from, to, LaneBy::Service, Some("prod"), &all, &budget)
                .unwrap()
        });
        let (ser, bytes) = json_size(&r);
        row(
            &format!(
                "calendar_range, {label}, service lanes of production under the budget ({} bars, {} lanes counted, {} windows, {} KB of JSON)",
                r.range.deployments.len(),
                r.counted.as_ref().map_or(0, |c| c.lanes.len()),
                r.range.windows.len(),
                bytes / 1024
            ),
            t + ser,
            "visible_range of a month, with its JSON",
            t_month + ser_month,
        );
    }

    // Dragging: one deployment, then a release with its dependents.
    let one = &range.deployments[range.deployments.len() / 2];
    let (t_one, _) = median(21, || {
        app.preview_move(&one.id, &one.start, &one.end, &one.environment)
            .unwrap()
    });
    let set = app.group_move_set(&one.release, true).unwrap();
    let moves: Vec<MoveTarget> = set
        .deployments
        .iter()
        .map(|b| MoveTarget {
            id: b.id.clone(),
            start: b.start.clone(),
            end: b.end.clone(),
            environment: b.environment.clone(),
        })
        .collect();
    let (t_group, _) = median(21, || app.preview_group_move(&moves).unwrap());
    // A drop: a saved, undoable edit; an hour later and back, by turns.
    let later = |t: &str| {
        let t = chrono::DateTime::parse_from_rfc3339(t).unwrap() + chrono::Duration::hours(1);
        t.to_utc().format("%Y-%m-%dT%H:%M:%SZ").to_string()
    };
    let (there, back) = (
        (later(&one.start), later(&one.end)),
        (one.start.clone(), one.end.clone()),
    );
    let mut turn = 0;
    let (t_commit, committed) = median(9, || {
        turn += 1;
        let (s, e) = if turn % 2 == 1 { &there } else { &back };
        app.commit_move(&one.id, s, e, &one.environment).unwrap()
    });
    let (ser_commit, bytes_commit) = json_size(&committed);
    row(
        &format!(
            "commit_move, a drop saved as one edit ({} KB of JSON)",
            bytes_commit.div_ceil(1024)
        ),
        t_commit + ser_commit,
        "conflicts, every one, with its JSON (what each drop also sent before the digest)",
        t_conf + ser_conf,
    );
    row(
        &format!(
            "preview_group_move, a release with its dependents ({} deployments, {} releases)",
            moves.len(),
            set.dependents.len() + 1
        ),
        t_group,
        "preview_move of one deployment",
        t_one,
    );
    let _ = std::fs::remove_dir_all(&dir);
}
