//! `trainyard suggest PLAN --deployment ID`: the earliest start without errors.

use std::collections::BTreeSet;

use trainyard_core::time::{human_interval, parse_instant};
use trainyard_core::{Checker, Deployment, Plan, Severity};

use crate::args::{Format, SuggestArgs};
use crate::output::Out;

pub fn run(a: &SuggestArgs, out: &mut Out) -> u8 {
    let plan = match super::plan(&a.plan, a.format, out) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let checker = Checker::new(&plan);
    let suggestion = match checker.suggest(&a.deployment) {
        Ok(s) => s,
        Err(e) => return super::usage("suggest", "deployment", e),
    };
    let code = u8::from(!suggestion.found());
    if a.format == Format::Json {
        out.json(&suggestion);
        return code;
    }
    // The deployment exists: suggest found it.
    let Some(dep) = plan.deployment(a.deployment.as_str()) else {
        return 2;
    };
    let style = out.style;
    let tz = plan.timezone;
    let what = describe(&plan, dep);
    let now = human_interval(dep.start, dep.end, tz);
    let blocking: BTreeSet<&str> = checker
        .conflicts_of(&a.deployment)
        .iter()
        .filter(|c| c.severity == Severity::Error)
        .map(|c| c.rule.as_str())
        .collect();
    let blocking: Vec<&str> = blocking.into_iter().collect();
    let suggested = match (&suggestion.start, &suggestion.end) {
        (Some(s), Some(e)) => match (parse_instant(s), parse_instant(e)) {
            (Ok(s), Ok(e)) => Some(human_interval(s, e, tz)),
            _ => Some(format!("{s} – {e}")),
        },
        _ => None,
    };
    match suggested {
        Some(_) if suggestion.unchanged => {
            out.line(format!("{} {what}", style.green("keep")));
            out.line(format!("  {now}: no error conflict lists it there"));
        }
        Some(at) => {
            out.line(format!("{} {what}", style.green("move")));
            out.line(format!("  {}    {at}", style.dim("to:")));
            out.line(format!(
                "  {}  {now} ({})",
                style.dim("from:"),
                blocking.join(", ")
            ));
        }
        None => {
            out.line(format!("{} {what}", style.red("no free slot for")));
            out.line(format!(
                "  {}   {now} ({})",
                style.dim("now:"),
                blocking.join(", ")
            ));
            if let Some(r) = &suggestion.reason {
                out.line(format!("  {} {r}", style.dim("why:")));
            }
        }
    }
    code
}

/// `d5 (Payments API 7.0: Payments API to Production)`.
fn describe(plan: &Plan, d: &Deployment) -> String {
    let release = plan
        .release(d.release.as_str())
        .map_or(d.release.as_str(), |r| r.display_name());
    let service = plan
        .service(d.service.as_str())
        .map_or(d.service.as_str(), |s| s.display_name());
    let env = plan
        .environment(d.environment.as_str())
        .map_or(d.environment.as_str(), |e| e.display_name());
    format!("{} ({release}: {service} to {env})", d.id)
}
