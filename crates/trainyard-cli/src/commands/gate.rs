//! `trainyard gate PLAN --service S --environment E ...`: may a deployment happen?

use chrono::Utc;
use trainyard_core::engine::{gate, EngineError, GatePolicyKind, GateReasonKind, GateRequest};
use trainyard_core::time::{human_interval, human_time, parse_instant};

use crate::args::{Format, GateArgs};
use crate::output::{count, Out};
use crate::render;

pub fn run(a: &GateArgs, out: &mut Out) -> u8 {
    let plan = match super::plan(&a.plan, a.format, out) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let request = GateRequest {
        service: a.service.clone(),
        environment: a.environment.clone(),
        start: a.at.unwrap_or_else(Utc::now),
        duration: a.duration,
        release: a.release.clone(),
        id: a.id.clone(),
    };
    let result = match gate(&plan, &request) {
        Ok(r) => r,
        Err(e) => {
            let option = match e {
                EngineError::UnknownService(_) => "service",
                EngineError::UnknownEnvironment(_) => "environment",
                EngineError::UnknownRelease(_) => "release",
                EngineError::DuplicateDeployment(_) | EngineError::UnknownDeployment(_) => "id",
                EngineError::EmptyInterval => "duration",
            };
            return super::usage("gate", option, e);
        }
    };
    let code = u8::from(!result.allowed);
    if a.format == Format::Json {
        out.json(&result);
        return code;
    }
    let style = out.style;
    let service = plan
        .service(a.service.as_str())
        .map_or(a.service.as_str(), |s| s.display_name());
    let env = plan
        .environment(a.environment.as_str())
        .map_or(a.environment.as_str(), |e| e.display_name());
    let release = match &a.release {
        Some(r) => format!(
            " for {}",
            plan.release(r.as_str())
                .map_or(r.as_str(), |r| r.display_name())
        ),
        None => String::new(),
    };
    let when = human_interval(
        request.start,
        request.start + request.duration,
        plan.timezone,
    );
    let what = format!("{service} to {env}{release}, {when}");
    let by_policy = result.policy == GatePolicyKind::Environment;
    if result.allowed {
        let policy = if by_policy {
            format!(" (the gate policy of {env})")
        } else {
            String::new()
        };
        out.line(format!("{} {what}{policy}", style.green("allowed:")));
        return code;
    }
    let errors = result
        .reasons
        .iter()
        .filter(|r| r.kind == GateReasonKind::Error)
        .count();
    let mut counts = vec![];
    if errors > 0 || !by_policy {
        counts.push(count(errors, "error", "errors"));
    }
    let warnings = result.reasons.len()
        - errors
        - result
            .reasons
            .iter()
            .filter(|r| r.kind == GateReasonKind::PreviousSuccess)
            .count();
    if warnings > 0 {
        counts.push(count(warnings, "warning", "warnings"));
    }
    let previous: Vec<&str> = result
        .reasons
        .iter()
        .filter(|r| r.kind == GateReasonKind::PreviousSuccess)
        .map(|r| r.message.as_str())
        .collect();
    if !previous.is_empty() {
        counts.push("no success in the previous environment".to_owned());
    }
    let policy = if by_policy {
        format!(", by the gate policy of {env}")
    } else {
        String::new()
    };
    out.line(format!(
        "{} {what} ({}{policy})",
        style.red("blocked:"),
        counts.join(", ")
    ));
    out.line("");
    for c in &result.conflicts {
        out.line(render::conflict_block(c, &plan, &style));
    }
    for message in previous {
        out.line(format!("{}  {message}", style.red("previous success")));
        out.line("");
    }
    match result.next_allowed.as_deref().map(parse_instant) {
        Some(Ok(t)) => out.line(format!(
            "next allowed start: {}",
            human_time(t, plan.timezone)
        )),
        _ => out.line("next allowed start: none within 365 days (waiting alone does not clear it)"),
    }
    code
}
