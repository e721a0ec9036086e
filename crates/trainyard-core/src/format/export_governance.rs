//! The canonical export of release governance: the plan's templates, holds,
//! bookings and waivers, and a release's checklist, decision and review. A
//! plan without them exports exactly as before (nothing is written for them).

use serde_json::{Map, Value};

use crate::plan::*;
use crate::time::format_instant;

fn put(m: &mut Map<String, Value>, k: &str, v: impl Into<Value>) {
    m.insert(k.to_owned(), v.into());
}

fn put_opt<T: Into<Value>>(m: &mut Map<String, Value>, k: &str, v: Option<T>) {
    if let Some(v) = v {
        m.insert(k.to_owned(), v.into());
    }
}

fn put_strings<'a>(m: &mut Map<String, Value>, k: &str, v: impl IntoIterator<Item = &'a str>) {
    let list: Vec<Value> = v.into_iter().map(|s| Value::String(s.to_owned())).collect();
    if !list.is_empty() {
        m.insert(k.to_owned(), Value::Array(list));
    }
}

fn put_x(m: &mut Map<String, Value>, x: &Extensions) {
    if let Some(x) = x {
        m.insert("x".into(), Value::Object(x.clone()));
    }
}

pub fn readiness_template_to_value(t: &ReadinessTemplate) -> Value {
    let mut m = Map::new();
    put(&mut m, "id", t.id.as_str());
    put_opt(&mut m, "name", t.name.clone());
    put_strings(
        &mut m,
        "change_types",
        t.change_types.iter().map(|c| c.as_str()),
    );
    put_strings(
        &mut m,
        "environments",
        t.environments.iter().map(|e| e.as_str()),
    );
    let items = t
        .items
        .iter()
        .map(|i| {
            let mut im = Map::new();
            put(&mut im, "id", i.id.clone());
            put(&mut im, "title", i.title.clone());
            put_x(&mut im, &i.x);
            Value::Object(im)
        })
        .collect();
    m.insert("items".into(), Value::Array(items));
    put(&mut m, "lead_time", t.lead_time.to_string());
    put_x(&mut m, &t.x);
    Value::Object(m)
}

pub fn hold_to_value(h: &Hold) -> Value {
    let mut m = Map::new();
    put(&mut m, "id", h.id.as_str());
    put(&mut m, "scope", h.scope.kind());
    put_opt(&mut m, "target", h.scope.target());
    put_opt(&mut m, "reason", h.reason.clone());
    put_opt(&mut m, "by", h.by.clone());
    put(&mut m, "from", format_instant(h.from));
    put_opt(&mut m, "until", h.until.map(format_instant));
    if h.allow_waiver {
        put(&mut m, "allow_waiver", true);
    }
    put_x(&mut m, &h.x);
    Value::Object(m)
}

pub fn booking_to_value(b: &Booking) -> Value {
    let mut m = Map::new();
    put(&mut m, "id", b.id.as_str());
    put(&mut m, "environment", b.environment.as_str());
    put_strings(&mut m, "services", b.services.iter().map(|s| s.as_str()));
    put(&mut m, "holder_kind", b.holder.kind());
    put(&mut m, "holder", b.holder.id());
    put(&mut m, "from", format_instant(b.from));
    put(&mut m, "until", format_instant(b.until));
    if b.exclusive {
        put(&mut m, "exclusive", true);
    }
    put_opt(&mut m, "note", b.note.clone());
    put_x(&mut m, &b.x);
    Value::Object(m)
}

pub fn waiver_to_value(w: &Waiver) -> Value {
    let mut m = Map::new();
    put(&mut m, "id", w.id.as_str());
    put(&mut m, "release", w.release.as_str());
    put_strings(&mut m, "rules", w.rules.iter().map(|r| r.as_str()));
    put(&mut m, "granted_by", w.granted_by.clone());
    put_opt(&mut m, "reason", w.reason.clone());
    put(&mut m, "granted_at", format_instant(w.granted_at));
    put(&mut m, "expires", format_instant(w.expires));
    put_x(&mut m, &w.x);
    Value::Object(m)
}

/// Adds a release's governance fields to its exported object (nothing when
/// it has none).
pub(super) fn put_release_governance(m: &mut Map<String, Value>, g: &ReleaseGovernance) {
    if !g.readiness.is_empty() {
        let items = g
            .readiness
            .iter()
            .map(|i| {
                let mut im = Map::new();
                put(&mut im, "id", i.id.clone());
                put_opt(&mut im, "title", i.title.clone());
                put_opt(&mut im, "owner", i.owner.clone());
                put(&mut im, "state", i.state.as_str());
                put_opt(&mut im, "done_at", i.done_at.map(format_instant));
                put_opt(&mut im, "note", i.note.clone());
                put_x(&mut im, &i.x);
                Value::Object(im)
            })
            .collect();
        m.insert("readiness".into(), Value::Array(items));
    }
    if let Some(d) = &g.decision {
        let mut dm = Map::new();
        put(&mut dm, "by", d.by.clone());
        put(&mut dm, "at", format_instant(d.at));
        put(&mut dm, "outcome", d.outcome.as_str());
        put_strings(
            &mut dm,
            "conditions",
            d.conditions.iter().map(String::as_str),
        );
        put_x(&mut dm, &d.x);
        m.insert("decision".into(), Value::Object(dm));
    }
    if let Some(r) = &g.review {
        let mut rm = Map::new();
        put(&mut rm, "by", r.by.clone());
        put(&mut rm, "recorded_at", format_instant(r.recorded_at));
        put(&mut rm, "summary", r.summary.clone());
        put_opt(&mut rm, "root_cause", r.root_cause.clone());
        put_strings(
            &mut rm,
            "follow_ups",
            r.follow_ups.iter().map(String::as_str),
        );
        put_x(&mut rm, &r.x);
        m.insert("review".into(), Value::Object(rm));
    }
    if let Some(t) = g.review_due {
        put(m, "review_due", format_instant(t));
    }
}
