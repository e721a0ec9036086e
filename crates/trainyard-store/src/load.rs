//! Reading a plan file into a [`Plan`]: the whole plan in one read
//! transaction, validated by the core like an imported plan.

use std::path::Path;

use serde_json::Value;
use trainyard_core::format::EntityKind;
use trainyard_core::{parse_plan, Plan};

use crate::backend::Backend;
use crate::codec;
use crate::error::StoreError;
use crate::positions::Positions;

/// Reads the whole plan, inside the caller's transaction (one snapshot).
/// The stored entity bodies are spliced into one JSON document that core
/// parses and validates in one pass (no intermediate `serde_json::Value`): a
/// stored plan is trusted no more than an imported one.
pub(crate) fn load(b: &mut dyn Backend) -> Result<(Plan, u64, Positions), StoreError> {
    let location = b.location().to_owned();
    let path = location.as_path();
    let Some(meta) = b.meta()? else {
        return Err(StoreError::corrupt(path, "the plan's metadata is missing"));
    };
    let revision = revision_of(path, Some(meta.revision))?;

    // The rows come grouped by kind (alphabetically, which is fine: the order
    // of keys in a JSON object does not matter) and in list order within a kind.
    let mut text = String::with_capacity(1 << 16);
    text.push_str(r#"{"format":"trainyard-plan","version":1"#);
    if let Some(name) = meta.name {
        text.push_str(",\"name\":");
        text.push_str(&Value::String(name).to_string());
    }
    text.push_str(",\"timezone\":");
    text.push_str(&Value::String(meta.timezone).to_string());
    if let Some(x) = &meta.x {
        text.push_str(",\"x\":");
        text.push_str(x);
    }
    let mut positions: Positions = Default::default();
    // Every id column value, to check against the bodies once they are parsed.
    let mut id_buf = String::new();
    let mut ids: [Vec<std::ops::Range<usize>>; EntityKind::COUNT] = Default::default();
    let mut current: Option<(Vec<u8>, usize)> = None;
    b.each_entity(None, &mut |r| {
        let utf8 = |v: Option<&[u8]>, what: &str| -> Result<String, StoreError> {
            v.and_then(|b| std::str::from_utf8(b).ok())
                .map(str::to_owned)
                .ok_or_else(|| StoreError::corrupt(path, format!("an entity {what} is not text")))
        };
        let kind_bytes = r.kind.unwrap_or_default();
        let k = match &current {
            Some((s, k)) if s.as_slice() == kind_bytes && r.kind.is_some() => {
                text.push(',');
                *k
            }
            _ => {
                let kind = utf8(r.kind, "kind")?;
                let kind_ = codec::kind_from_str(&kind).ok_or_else(|| {
                    StoreError::corrupt(path, format!("unknown entity kind {kind:?}"))
                })?;
                text.push_str(if current.is_some() { "],\"" } else { ",\"" });
                text.push_str(kind_.list_key());
                text.push_str("\":[");
                current = Some((kind_bytes.to_vec(), kind_ as usize));
                kind_ as usize
            }
        };
        let position = r
            .position
            .ok_or_else(|| StoreError::corrupt(path, "an entity position is not a number"))?;
        let id = utf8(r.id, "id")?;
        let body = r
            .body
            .and_then(|b| std::str::from_utf8(b).ok())
            .ok_or_else(|| StoreError::corrupt(path, format!("the body of {id:?} is not text")))?;
        text.push_str(body);
        positions[k].push(position);
        ids[k].push(id_buf.len()..id_buf.len() + id.len());
        id_buf.push_str(&id);
        Ok(())
    })?;
    if current.is_some() {
        text.push(']');
    }
    text.push('}');

    let plan = parse_plan(&text)
        .map_err(|e| StoreError::corrupt(path, format!("the stored plan is not valid: {e}")))?;
    drop(text);
    // The id column must agree with the bodies, or edits would miss rows.
    for kind in EntityKind::ALL {
        let k = kind as usize;
        if list_len(&plan, kind) != positions[k].len() {
            return Err(StoreError::corrupt(
                path,
                "the stored entities do not match",
            ));
        }
        for (i, range) in ids[k].iter().enumerate() {
            let body_id = entity_id(&plan, kind, i);
            if id_buf.get(range.clone()) != body_id {
                return Err(StoreError::corrupt(
                    path,
                    format!(
                        "the id column of {} {:?} does not match its body",
                        kind.as_str(),
                        body_id.unwrap_or_default()
                    ),
                ));
            }
        }
    }
    Ok((plan, revision, positions))
}

pub(crate) fn list_len(plan: &Plan, kind: EntityKind) -> usize {
    match kind {
        EntityKind::Environment => plan.environments.len(),
        EntityKind::Team => plan.teams.len(),
        EntityKind::Service => plan.services.len(),
        EntityKind::Train => plan.trains.len(),
        EntityKind::Window => plan.windows.len(),
        EntityKind::Release => plan.releases.len(),
        EntityKind::Deployment => plan.deployments.len(),
        EntityKind::ReadinessTemplate => plan.readiness_templates.len(),
        EntityKind::Hold => plan.holds.len(),
        EntityKind::Booking => plan.bookings.len(),
        EntityKind::Waiver => plan.waivers.len(),
    }
}

fn entity_id(plan: &Plan, kind: EntityKind, i: usize) -> Option<&str> {
    Some(match kind {
        EntityKind::Environment => plan.environments.get(i)?.id.as_str(),
        EntityKind::Team => plan.teams.get(i)?.id.as_str(),
        EntityKind::Service => plan.services.get(i)?.id.as_str(),
        EntityKind::Train => plan.trains.get(i)?.id.as_str(),
        EntityKind::Window => plan.windows.get(i)?.id.as_str(),
        EntityKind::Release => plan.releases.get(i)?.id.as_str(),
        EntityKind::Deployment => plan.deployments.get(i)?.id.as_str(),
        EntityKind::ReadinessTemplate => plan.readiness_templates.get(i)?.id.as_str(),
        EntityKind::Hold => plan.holds.get(i)?.id.as_str(),
        EntityKind::Booking => plan.bookings.get(i)?.id.as_str(),
        EntityKind::Waiver => plan.waivers.get(i)?.id.as_str(),
    })
}

/// The revision the store is at, read inside the caller's transaction.
pub(crate) fn read_revision(b: &mut dyn Backend) -> Result<u64, StoreError> {
    let r = b.revision()?;
    revision_of(b.location(), r)
}

fn revision_of(path: &Path, r: Option<i64>) -> Result<u64, StoreError> {
    match r {
        None => Err(StoreError::corrupt(path, "the plan's metadata is missing")),
        Some(r) => {
            u64::try_from(r).map_err(|_| StoreError::corrupt(path, format!("the revision is {r}")))
        }
    }
}
