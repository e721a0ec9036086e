//! Reading a plan file into a [`Plan`]: the whole plan in one read
//! transaction, validated by the core like an imported plan.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension};
use serde_json::Value;
use trainyard_core::format::EntityKind;
use trainyard_core::{parse_plan, Plan};

use crate::codec;
use crate::error::{SqlResultExt, StoreError};
use crate::positions::Positions;

/// Reads the whole plan in one read transaction. The stored entity bodies are
/// spliced into one JSON document that core parses and validates in one pass
/// (no intermediate `serde_json::Value`): a stored plan is trusted no more than
/// an imported one.
pub(crate) fn load(conn: &Connection, path: &Path) -> Result<(Plan, u64, Positions), StoreError> {
    let tx = conn.unchecked_transaction().at(path)?;
    let meta: Option<(Option<String>, String, Option<String>)> = tx
        .query_row("SELECT name, timezone, x FROM plan_meta", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()
        .at(path)?;
    let Some((name, timezone, x)) = meta else {
        return Err(StoreError::corrupt(path, "the plan's metadata is missing"));
    };
    let revision = read_revision(&tx, path)?;

    // The rows come grouped by kind (alphabetically, which is fine: the order
    // of keys in a JSON object does not matter) and in list order within a kind.
    let mut text = String::with_capacity(1 << 16);
    text.push_str(r#"{"format":"trainyard-plan","version":1"#);
    if let Some(name) = name {
        text.push_str(",\"name\":");
        text.push_str(&Value::String(name).to_string());
    }
    text.push_str(",\"timezone\":");
    text.push_str(&Value::String(timezone).to_string());
    if let Some(x) = &x {
        text.push_str(",\"x\":");
        text.push_str(x);
    }
    let mut positions: Positions = Default::default();
    // Every id column value, to check against the bodies once they are parsed.
    let mut id_buf = String::new();
    let mut ids: [Vec<std::ops::Range<usize>>; 7] = Default::default();
    {
        let mut stmt = tx
            .prepare("SELECT kind, position, id, body FROM entity ORDER BY kind, position")
            .at(path)?;
        let mut rows = stmt.query([]).at(path)?;
        let mut current: Option<(String, usize)> = None;
        while let Some(r) = rows.next().at(path)? {
            let kind = r.get_ref(0).at(path)?.as_str().map_err(|e| {
                StoreError::corrupt(path, format!("an entity kind is not text: {e}"))
            })?;
            let k = match &current {
                Some((s, k)) if s == kind => {
                    text.push(',');
                    *k
                }
                _ => {
                    let kind_ = codec::kind_from_str(kind).ok_or_else(|| {
                        StoreError::corrupt(path, format!("unknown entity kind {kind:?}"))
                    })?;
                    text.push_str(if current.is_some() { "],\"" } else { ",\"" });
                    text.push_str(kind_.list_key());
                    text.push_str("\":[");
                    current = Some((kind.to_owned(), kind_ as usize));
                    kind_ as usize
                }
            };
            let position: i64 = r.get(1).at(path)?;
            let id =
                r.get_ref(2).at(path)?.as_str().map_err(|e| {
                    StoreError::corrupt(path, format!("an entity id is not text: {e}"))
                })?;
            let body = r.get_ref(3).at(path)?.as_str().map_err(|e| {
                StoreError::corrupt(path, format!("the body of {kind} {id:?} is not text: {e}"))
            })?;
            text.push_str(body);
            positions[k].push(position);
            ids[k].push(id_buf.len()..id_buf.len() + id.len());
            id_buf.push_str(id);
        }
        if current.is_some() {
            text.push(']');
        }
    }
    drop(tx);
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
    })
}

pub(crate) fn read_revision(conn: &Connection, path: &Path) -> Result<u64, StoreError> {
    let r: Option<i64> = conn
        .prepare_cached("SELECT revision FROM plan_meta")
        .at(path)?
        .query_row([], |r| r.get(0))
        .optional()
        .at(path)?;
    match r {
        None => Err(StoreError::corrupt(path, "the plan's metadata is missing")),
        Some(r) => {
            u64::try_from(r).map_err(|_| StoreError::corrupt(path, format!("the revision is {r}")))
        }
    }
}
