//! The canonical export: a plan (or one entity) as JSON in the format's field
//! order, instants in UTC with `Z`, defaults that were not given left out, so
//! that the same plan always exports to the same text.

use std::fmt;

use serde_json::{Map, Value};

use super::export_governance::*;
use crate::plan::*;
use crate::time::{format_instant, format_local};

fn put(m: &mut Map<String, Value>, k: &str, v: impl Into<Value>) {
    m.insert(k.to_owned(), v.into());
}

fn put_opt<T: Into<Value>>(m: &mut Map<String, Value>, k: &str, v: Option<T>) {
    if let Some(v) = v {
        m.insert(k.to_owned(), v.into());
    }
}

fn put_list<T: fmt::Display>(m: &mut Map<String, Value>, k: &str, v: &[T]) {
    if !v.is_empty() {
        m.insert(
            k.to_owned(),
            Value::Array(v.iter().map(|s| Value::String(s.to_string())).collect()),
        );
    }
}

fn put_x(m: &mut Map<String, Value>, x: &Extensions) {
    if let Some(x) = x {
        m.insert("x".into(), Value::Object(x.clone()));
    }
}

pub fn environment_to_value(e: &Environment) -> Value {
    let mut m = Map::new();
    put(&mut m, "id", e.id.as_str());
    put_opt(&mut m, "name", e.name.clone());
    put(&mut m, "order", e.order);
    if e.requires_window {
        put(&mut m, "requires_window", true);
    }
    put_opt(&mut m, "max_concurrent", e.max_concurrent);
    if e.requires_approval {
        put(&mut m, "requires_approval", true);
    }
    if let Some(g) = &e.gate {
        let mut gm = Map::new();
        let rules: Vec<&str> = g.also_blocks_on.iter().map(|r| r.as_str()).collect();
        put_list(&mut gm, "also_blocks_on", &rules);
        if g.requires_previous_success {
            put(&mut gm, "requires_previous_success", true);
        }
        put_x(&mut gm, &g.x);
        m.insert("gate".into(), Value::Object(gm));
    }
    put_x(&mut m, &e.x);
    Value::Object(m)
}

pub fn team_to_value(t: &Team) -> Value {
    let mut m = Map::new();
    put(&mut m, "id", t.id.as_str());
    put_opt(&mut m, "name", t.name.clone());
    put_opt(&mut m, "timezone", t.timezone.map(|z| z.name()));
    if !t.unavailable.is_empty() {
        let list = t
            .unavailable
            .iter()
            .map(|u| {
                let mut m = Map::new();
                put(&mut m, "start", format_instant(u.start));
                put(&mut m, "end", format_instant(u.end));
                put_opt(&mut m, "reason", u.reason.clone());
                put_x(&mut m, &u.x);
                Value::Object(m)
            })
            .collect();
        m.insert("unavailable".into(), Value::Array(list));
    }
    put_x(&mut m, &t.x);
    Value::Object(m)
}

pub fn service_to_value(s: &Service) -> Value {
    let mut m = Map::new();
    put(&mut m, "id", s.id.as_str());
    put_opt(&mut m, "name", s.name.clone());
    put_opt(&mut m, "team", s.team.as_ref().map(|t| t.0.clone()));
    put_opt(&mut m, "tier", s.tier);
    put_list(&mut m, "data_classes", &s.data_classes);
    put_list(&mut m, "depends_on", &s.depends_on);
    put_x(&mut m, &s.x);
    Value::Object(m)
}

pub fn train_to_value(t: &Train) -> Value {
    let mut m = Map::new();
    put(&mut m, "id", t.id.as_str());
    put_opt(&mut m, "name", t.name.clone());
    put_opt(
        &mut m,
        "rrule",
        t.rrule.as_ref().map(|r| r.source().to_owned()),
    );
    put_opt(&mut m, "start", t.start.map(format_local));
    put_opt(&mut m, "freeze", t.freeze.map(|d| d.to_string()));
    put_x(&mut m, &t.x);
    Value::Object(m)
}

pub fn window_to_value(w: &Window) -> Value {
    let mut m = Map::new();
    put(&mut m, "id", w.id.as_str());
    put(&mut m, "kind", w.kind.as_str());
    put_opt(&mut m, "name", w.name.clone());
    if !w.scope.environments.is_empty() || !w.scope.services.is_empty() || w.scope.x.is_some() {
        let mut s = Map::new();
        put_list(&mut s, "environments", &w.scope.environments);
        put_list(&mut s, "services", &w.scope.services);
        put_x(&mut s, &w.scope.x);
        m.insert("scope".into(), Value::Object(s));
    }
    put(&mut m, "start", format_local(w.start));
    put(&mut m, "duration", w.duration.to_string());
    put(&mut m, "timezone", w.timezone.name());
    put_opt(
        &mut m,
        "rrule",
        w.rrule.as_ref().map(|r| r.source().to_owned()),
    );
    if !w.exdates.is_empty() {
        m.insert(
            "exdates".into(),
            Value::Array(
                w.exdates
                    .iter()
                    .map(|d| Value::String(format_local(*d)))
                    .collect(),
            ),
        );
    }
    if w.allow_emergency {
        put(&mut m, "allow_emergency", true);
    }
    put_x(&mut m, &w.x);
    Value::Object(m)
}

pub fn release_to_value(r: &Release) -> Value {
    let mut m = Map::new();
    put(&mut m, "id", r.id.as_str());
    put_opt(&mut m, "name", r.name.clone());
    put_opt(&mut m, "version", r.version.clone());
    put_opt(&mut m, "train", r.train.as_ref().map(|t| t.0.clone()));
    put_opt(&mut m, "owner", r.owner.clone());
    put(&mut m, "change_type", r.change_type.as_str());
    put_opt(&mut m, "status", r.status.map(|s| s.as_str()));
    put_list(&mut m, "depends_on", &r.depends_on);
    if !r.approvals.is_empty() {
        let list = r
            .approvals
            .iter()
            .map(|a| {
                let mut m = Map::new();
                put(&mut m, "by", a.by.clone());
                put_opt(&mut m, "role", a.role.clone());
                put(&mut m, "decision", a.decision.as_str());
                put_opt(&mut m, "at", a.at.map(format_instant));
                put_opt(&mut m, "comment", a.comment.clone());
                put_x(&mut m, &a.x);
                Value::Object(m)
            })
            .collect();
        m.insert("approvals".into(), Value::Array(list));
    }
    put_opt(&mut m, "description", r.description.clone());
    put_opt(&mut m, "rollback_plan", r.rollback_plan.clone());
    put_opt(&mut m, "success_criteria", r.success_criteria.clone());
    put_opt(&mut m, "known_issues", r.known_issues.clone());
    super::export_governance::put_release_governance(&mut m, &r.governance);
    put_x(&mut m, &r.x);
    Value::Object(m)
}

pub fn deployment_to_value(d: &Deployment) -> Value {
    let mut m = Map::new();
    put(&mut m, "id", d.id.as_str());
    put(&mut m, "release", d.release.as_str());
    put(&mut m, "service", d.service.as_str());
    put(&mut m, "environment", d.environment.as_str());
    put(&mut m, "start", format_instant(d.start));
    put(&mut m, "end", format_instant(d.end));
    put_opt(&mut m, "strategy", d.strategy.map(|s| s.as_str()));
    put_opt(&mut m, "wave", d.wave.clone());
    put_opt(&mut m, "status", d.status.map(|s| s.as_str()));
    if let Some(o) = &d.outcome {
        m.insert("outcome".into(), outcome_to_value(o));
    }
    put_x(&mut m, &d.x);
    Value::Object(m)
}

/// A deployment's recorded outcome, as its `outcome` field.
pub fn outcome_to_value(o: &Outcome) -> Value {
    let mut m = Map::new();
    put(&mut m, "started", format_instant(o.started));
    put_opt(&mut m, "finished", o.finished.map(format_instant));
    put_opt(&mut m, "result", o.result.map(|r| r.as_str()));
    if !o.incidents.is_empty() {
        let list = o
            .incidents
            .iter()
            .map(|i| {
                let mut m = Map::new();
                put(&mut m, "id", i.id.clone());
                put_opt(&mut m, "url", i.url.clone());
                put_opt(&mut m, "opened", i.opened.map(format_instant));
                put_opt(&mut m, "resolved", i.resolved.map(format_instant));
                put_opt(&mut m, "severity", i.severity.map(|s| s.as_str()));
                put_x(&mut m, &i.x);
                Value::Object(m)
            })
            .collect();
        m.insert("incidents".into(), Value::Array(list));
    }
    put_x(&mut m, &o.x);
    Value::Object(m)
}

/// The plan as a JSON value in canonical form: the field order of
/// `docs/plan-format.md`, instants in UTC with `Z`, defaults that were not
/// given left out.
pub fn plan_to_value(p: &Plan) -> Value {
    let mut m = Map::new();
    put(&mut m, "format", "trainyard-plan");
    put(&mut m, "version", 1);
    put_opt(&mut m, "name", p.name.clone());
    put(&mut m, "timezone", p.timezone.name());
    fn list<T>(m: &mut Map<String, Value>, k: &str, items: &[T], f: fn(&T) -> Value) {
        m.insert(k.to_owned(), Value::Array(items.iter().map(f).collect()));
    }
    list(
        &mut m,
        "environments",
        &p.environments,
        environment_to_value,
    );
    list(&mut m, "teams", &p.teams, team_to_value);
    list(&mut m, "services", &p.services, service_to_value);
    list(&mut m, "trains", &p.trains, train_to_value);
    list(&mut m, "windows", &p.windows, window_to_value);
    list(&mut m, "releases", &p.releases, release_to_value);
    list(&mut m, "deployments", &p.deployments, deployment_to_value);
    // Governance lists are written only when a plan has them, so a plan
    // without them exports exactly as format version 1 did.
    fn governance<T>(m: &mut Map<String, Value>, k: &str, items: &[T], f: fn(&T) -> Value) {
        if !items.is_empty() {
            m.insert(k.to_owned(), Value::Array(items.iter().map(f).collect()));
        }
    }
    governance(
        &mut m,
        "readiness_templates",
        &p.readiness_templates,
        readiness_template_to_value,
    );
    governance(&mut m, "holds", &p.holds, hold_to_value);
    governance(&mut m, "bookings", &p.bookings, booking_to_value);
    governance(&mut m, "waivers", &p.waivers, waiver_to_value);
    put_x(&mut m, &p.x);
    Value::Object(m)
}

/// The plan as canonical, pretty-printed JSON text (ends with a newline).
pub fn plan_to_json(p: &Plan) -> String {
    let mut s = serde_json::to_string_pretty(&plan_to_value(p)).unwrap_or_default();
    s.push('\n');
    s
}
