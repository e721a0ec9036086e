//! `trainyard gate PLAN --service S --environment E ...`: may a deployment happen?

use chrono::Utc;
use trainyard_core::engine::{gate, EngineError, GatePolicyKind, GateReasonKind, GateRequest};
use trainyard_core::time::{human_interval, human_time, parse_instant};

use crate::args::{Format, GateArgs};
use crate::output::{count, Out};
use crate::render;

/// Writes the decision to the store's audit trail (`--record`): who asked
/// is the store's user (a team plan's database login).
fn record(
    a: &GateArgs,
    request: &GateRequest,
    result: &trainyard_core::engine::GateResult,
) -> Result<u64, u8> {
    let crate::args::Source::File(path) = &a.plan else {
        return Err(super::usage(
            "gate",
            "record",
            "'--record' needs a store or team plan to write to, not standard input",
        ));
    };
    if !crate::load::is_store_file(path) {
        return Err(super::usage(
            "gate",
            "record",
            "'--record' needs a .trainyard store or a team plan address; a JSON plan has no audit trail",
        ));
    }
    // Why it blocked: each blocking rule once, in order (a requirement
    // without a rule, previous success, by name).
    let mut rules: Vec<&str> = vec![];
    for r in &result.reasons {
        let name = r.rule.map_or("previous success", |rule| rule.as_str());
        if !rules.contains(&name) {
            rules.push(name);
        }
    }
    for c in &result.conflicts {
        if !rules.contains(&c.rule.as_str()) {
            rules.push(c.rule.as_str());
        }
    }
    let action = format!(
        "gate: {} {} to {}{}, {} to {} UTC; policy {}{}",
        if result.allowed { "allowed" } else { "blocked" },
        request.service.as_str(),
        request.environment.as_str(),
        request
            .release
            .as_ref()
            .map_or(String::new(), |r| format!(" for {}", r.as_str())),
        request.start.format("%Y-%m-%dT%H:%M:%SZ"),
        (request.start + request.duration).format("%Y-%m-%dT%H:%M:%SZ"),
        if result.policy == GatePolicyKind::Environment {
            "environment"
        } else {
            "default"
        },
        if rules.is_empty() {
            String::new()
        } else {
            format!("; {}", rules.join(", "))
        },
    );
    crate::store::record_note(path, &action).map_err(|e| super::fail("gate", e))
}

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
    // Recorded before anything is printed: a decision the pipeline asked to
    // record and that could not be is no answer at all (exit 2).
    let recorded = if a.record {
        match record(a, &request, &result) {
            Ok(revision) => Some(revision),
            Err(code) => return code,
        }
    } else {
        None
    };
    if a.format == Format::Json {
        match recorded {
            None => out.json(&result),
            Some(revision) => {
                let mut v = serde_json::to_value(&result).unwrap_or_default();
                if let Some(o) = v.as_object_mut() {
                    o.insert("recorded_revision".into(), revision.into());
                }
                out.json(&v);
            }
        }
        return code;
    }
    if let Some(revision) = recorded {
        crate::output::err_line(&format!(
            "recorded in the audit trail at revision {revision}"
        ));
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
