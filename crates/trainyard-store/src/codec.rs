//! Changes as JSON (undo/redo entries) and the before/after records of the
//! audit trail. Entities travel in the plan format's own JSON form, so a stored
//! change is read back with the same validation as an imported plan.

use serde_json::{json, Map, Value};
use trainyard_core::edit::{Change, Entity};
use trainyard_core::format::EntityKind;
use trainyard_core::time::parse_tz;

pub(crate) fn kind_from_str(s: &str) -> Option<EntityKind> {
    EntityKind::ALL.into_iter().find(|k| k.as_str() == s)
}

pub(crate) fn change_to_value(c: &Change) -> Value {
    match c {
        Change::Put { entity, position } => json!({
            "op": "put",
            "kind": entity.kind().as_str(),
            "position": position,
            "entity": entity.to_value(),
        }),
        Change::Delete { kind, id } => json!({"op": "delete", "kind": kind.as_str(), "id": id}),
        Change::SetPlan { name, timezone } => {
            json!({"op": "set_plan", "name": name, "timezone": timezone.name()})
        }
    }
}

pub(crate) fn changes_to_text(changes: &[Change]) -> String {
    Value::Array(changes.iter().map(change_to_value).collect()).to_string()
}

fn field<'a>(o: &'a Map<String, Value>, k: &str) -> Result<&'a Value, String> {
    o.get(k)
        .ok_or_else(|| format!("a stored change has no {k:?}"))
}

fn str_field<'a>(o: &'a Map<String, Value>, k: &str) -> Result<&'a str, String> {
    field(o, k)?
        .as_str()
        .ok_or_else(|| format!("a stored change's {k:?} is not a string"))
}

fn kind_field(o: &Map<String, Value>) -> Result<EntityKind, String> {
    let k = str_field(o, "kind")?;
    kind_from_str(k).ok_or_else(|| format!("a stored change has unknown kind {k:?}"))
}

pub(crate) fn change_from_value(v: &Value) -> Result<Change, String> {
    let o = v
        .as_object()
        .ok_or_else(|| "a stored change is not an object".to_owned())?;
    match str_field(o, "op")? {
        "put" => {
            let kind = kind_field(o)?;
            let position = match o.get("position") {
                None | Some(Value::Null) => None,
                Some(p) => Some(
                    p.as_u64()
                        .and_then(|p| usize::try_from(p).ok())
                        .ok_or_else(|| "a stored change has a bad position".to_owned())?,
                ),
            };
            let entity = Entity::from_value(kind, field(o, "entity")?)
                .map_err(|e| format!("a stored {} is invalid: {e}", kind.as_str()))?;
            Ok(Change::Put { entity, position })
        }
        "delete" => Ok(Change::Delete {
            kind: kind_field(o)?,
            id: str_field(o, "id")?.to_owned(),
        }),
        "set_plan" => {
            let name = match field(o, "name")? {
                Value::Null => None,
                Value::String(s) => Some(s.clone()),
                _ => return Err("a stored plan name is not a string".into()),
            };
            let timezone = parse_tz(str_field(o, "timezone")?).map_err(|e| e.to_string())?;
            Ok(Change::SetPlan { name, timezone })
        }
        other => Err(format!("a stored change has unknown op {other:?}")),
    }
}

pub(crate) fn changes_from_text(text: &str) -> Result<Vec<Change>, String> {
    let v: Value =
        serde_json::from_str(text).map_err(|e| format!("a stored change list is not json: {e}"))?;
    v.as_array()
        .ok_or_else(|| "a stored change list is not an array".to_owned())?
        .iter()
        .map(change_from_value)
        .collect()
}

/// The audit record of one applied change: what it was before and after.
/// `inverse` is the change that undoes `change` (so it holds the "before").
pub(crate) fn audit_record(change: &Change, inverse: &Change) -> Value {
    let before_entity = match inverse {
        Change::Put { entity, .. } => entity.to_value(),
        _ => Value::Null,
    };
    match change {
        Change::Put { entity, .. } => json!({
            "kind": entity.kind().as_str(),
            "id": entity.id(),
            "before": before_entity,
            "after": entity.to_value(),
        }),
        Change::Delete { kind, id } => json!({
            "kind": kind.as_str(),
            "id": id,
            "before": before_entity,
            "after": Value::Null,
        }),
        Change::SetPlan { name, timezone } => {
            let before = match inverse {
                Change::SetPlan { name, timezone } => {
                    json!({"name": name, "timezone": timezone.name()})
                }
                _ => Value::Null,
            };
            json!({
                "kind": "plan",
                "id": Value::Null,
                "before": before,
                "after": {"name": name, "timezone": timezone.name()},
            })
        }
    }
}
