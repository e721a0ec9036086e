//! How conflicts look as text: one block per conflict (severity, rule, message,
//! subjects, evidence), times in the plan's zone, and the summary line.
//! `check` and `gate` share it so a conflict reads the same everywhere.

use chrono_tz::Tz;
use trainyard_core::time::{human_interval, parse_instant};
use trainyard_core::{Conflict, Evidence, Plan, Severity};

use crate::escape::clean;
use crate::output::{count, Style};

/// `2 errors, 1 warning`.
pub fn summary(conflicts: &[Conflict], style: &Style) -> String {
    let errors = conflicts
        .iter()
        .filter(|c| c.severity == Severity::Error)
        .count();
    let warnings = conflicts.len() - errors;
    let e = count(errors, "error", "errors");
    let w = count(warnings, "warning", "warnings");
    format!(
        "{}, {}",
        if errors > 0 { style.red(&e) } else { e },
        if warnings > 0 { style.yellow(&w) } else { w }
    )
}

/// The plan's display name and the zone its times are shown in.
pub fn plan_header(plan: &Plan, style: &Style) -> String {
    format!(
        "{} {}",
        style.bold(&clean(plan.display_name())),
        style.dim(&format!("(times in {})", plan.timezone.name()))
    )
}

/// One conflict as a block of lines, each ending with a newline.
pub fn conflict_block(c: &Conflict, plan: &Plan, style: &Style) -> String {
    let severity = match c.severity {
        Severity::Error => style.red(&format!("{:<7}", "error")),
        Severity::Warning => style.yellow(&format!("{:<7}", "warning")),
    };
    let mut out = format!(
        "{severity}  {}  {}\n",
        style.bold(c.rule.as_str()),
        style.dim(c.rule.title())
    );
    // Messages, ids and evidence hold plan names: each stays on its line.
    out.push_str(&format!("  {}\n", clean(&c.message)));
    let subjects = subjects(c);
    if !subjects.is_empty() {
        out.push_str(&format!(
            "  {} {}\n",
            style.dim("subjects:"),
            clean(&subjects)
        ));
    }
    for e in &c.evidence {
        let (label, text) = evidence(e, plan);
        out.push_str(&format!(
            "  {} {}\n",
            style.dim(&format!("{label}:")),
            clean(&text)
        ));
    }
    out
}

fn subjects(c: &Conflict) -> String {
    let mut parts = Vec::new();
    let mut list = |one: &str, many: &str, ids: Vec<&str>| match ids.len() {
        0 => {}
        1 => parts.push(format!("{one} {}", ids[0])),
        _ => parts.push(format!("{many} {}", ids.join(", "))),
    };
    list(
        "deployment",
        "deployments",
        c.deployments.iter().map(|d| d.as_str()).collect(),
    );
    list(
        "release",
        "releases",
        c.releases.iter().map(|d| d.as_str()).collect(),
    );
    list(
        "service",
        "services",
        c.services.iter().map(|d| d.as_str()).collect(),
    );
    list(
        "environment",
        "",
        c.environment.iter().map(|d| d.as_str()).collect(),
    );
    list("window", "", c.window.iter().map(|d| d.as_str()).collect());
    list("team", "", c.team.iter().map(|d| d.as_str()).collect());
    list(
        "hold",
        "holds",
        c.holds.iter().map(|d| d.as_str()).collect(),
    );
    list(
        "booking",
        "bookings",
        c.bookings.iter().map(|d| d.as_str()).collect(),
    );
    parts.join("; ")
}

/// An interval given as two UTC instant strings, shown in `tz`; left as is if unparsable.
fn interval(start: &str, end: &str, tz: Tz) -> String {
    match (parse_instant(start), parse_instant(end)) {
        (Ok(s), Ok(e)) => human_interval(s, e, tz),
        _ => format!("{start} – {end}"),
    }
}

fn evidence(e: &Evidence, plan: &Plan) -> (&'static str, String) {
    let tz = plan.timezone;
    match e {
        Evidence::WindowOccurrence { window, start, end } => {
            let name = plan
                .window(window.as_str())
                .map_or(window.as_str(), |w| w.display_name());
            (
                "occurrence",
                format!("{name}, {}", interval(start, end, tz)),
            )
        }
        Evidence::Uncovered { start, end } => (
            "uncovered",
            format!("{} is outside every window", interval(start, end, tz)),
        ),
        Evidence::OtherDeployment {
            deployment,
            start,
            end,
        } => (
            "other",
            format!("{deployment}, {}", interval(start, end, tz)),
        ),
        Evidence::DependencyPath { path } => ("path", path.join(" → ")),
        Evidence::ConcurrencyPeak {
            start,
            end,
            peak,
            limit,
        } => (
            "peak",
            format!(
                "{peak} at once (limit {limit}), {}",
                interval(start, end, tz)
            ),
        ),
        Evidence::Unavailable { start, end, reason } => (
            "unavailable",
            match reason {
                Some(r) => format!("{} ({r})", interval(start, end, tz)),
                None => interval(start, end, tz),
            },
        ),
        Evidence::Approvals {
            required,
            counted,
            rejected_by,
        } => (
            "approvals",
            if rejected_by.is_empty() {
                format!("{counted} of {required} required")
            } else {
                format!(
                    "{counted} of {required} required; rejected by {}",
                    rejected_by.join(", ")
                )
            },
        ),
        Evidence::Hold {
            hold,
            from,
            until,
            reason,
            ..
        } => {
            let when = match until {
                Some(until) => interval(from, until, tz),
                None => match parse_instant(from) {
                    Ok(t) => format!(
                        "from {}, until lifted",
                        trainyard_core::time::human_time(t, tz)
                    ),
                    Err(_) => format!("from {from}, until lifted"),
                },
            };
            (
                "hold",
                match reason {
                    Some(r) => format!("{hold}, {when} ({r})"),
                    None => format!("{hold}, {when}"),
                },
            )
        }
        Evidence::Booking {
            booking,
            holder_kind,
            holder,
            from,
            until,
            exclusive,
        } => (
            "booking",
            format!(
                "{booking} of {holder_kind} {holder}, {}{}",
                interval(from, until, tz),
                if *exclusive {
                    ", exclusive"
                } else {
                    ", shared"
                }
            ),
        ),
        Evidence::Readiness {
            item,
            title,
            state,
            due,
            ..
        } => (
            "readiness",
            format!(
                "{title} ({item}): {}, due by {}",
                state.as_deref().unwrap_or("not on the checklist"),
                match parse_instant(due) {
                    Ok(t) => trainyard_core::time::human_time(t, tz),
                    Err(_) => due.clone(),
                }
            ),
        ),
        Evidence::Review { due, as_of } => (
            "review",
            format!(
                "due {}, not recorded as of {}",
                match parse_instant(due) {
                    Ok(t) => trainyard_core::time::human_time(t, tz),
                    Err(_) => due.clone(),
                },
                match parse_instant(as_of) {
                    Ok(t) => trainyard_core::time::human_time(t, tz),
                    Err(_) => as_of.clone(),
                }
            ),
        ),
        Evidence::Waiver {
            waiver,
            granted_by,
            granted_at,
            expires,
        } => (
            "waiver",
            format!(
                "{waiver}, granted by {granted_by}, valid {}",
                interval(granted_at, expires, tz)
            ),
        ),
    }
}
