//! The plan as it was at a point of a store's history, for the "changes
//! since" edition of the summary: the audit entries made after the point are
//! undone, newest first, on a copy of the current plan (each entry records
//! every entity it touched before and after), and each becomes the list of
//! who changed what and when that the report attributes changes with.

use chrono_tz::Tz;
use serde_json::Value;
use trainyard_core::edit::{Change, Entity};
use trainyard_core::format::EntityKind;
use trainyard_core::time::parse_instant;
use trainyard_core::Plan;
use trainyard_report::changes::Edit;

use crate::store::AuditRecord;

/// The plan at the point and the edits made since.
pub struct Rewound {
    pub before: Plan,
    pub edits: Vec<Edit>,
}

/// Undoes `entries` (newest first, as the store lists them) on a copy of
/// `current`.
pub fn rewind(current: &Plan, entries: &[AuditRecord]) -> Result<Rewound, String> {
    let mut plan = current.clone();
    let mut edits = Vec::new();
    for entry in entries {
        let at = parse_instant(&entry.at).map_err(|e| {
            format!(
                "audit entry {} has an unreadable time {:?}: {e}",
                entry.seq, entry.at
            )
        })?;
        let records = entry.changes.as_array().map_or(&[][..], Vec::as_slice);
        for record in records.iter().rev() {
            let kind = record["kind"].as_str().unwrap_or_default();
            let id = record["id"].as_str().unwrap_or_default();
            if kind == "plan" && record["before"].is_null() {
                // The entry that created the store: before it, the plan
                // held nothing but its name and time zone.
                plan = Plan {
                    name: plan.name.clone(),
                    timezone: plan.timezone,
                    ..Plan::default()
                };
                edits.extend(created(entry, at, current));
                continue;
            }
            let undo = inverse(kind, id, &record["before"])
                .map_err(|e| format!("audit entry {}: {e}", entry.seq))?;
            plan.apply(undo.as_slice()).map_err(|e| {
                format!(
                    "cannot rebuild the plan before revision {} ({}): {e}",
                    entry.seq, entry.action
                )
            })?;
            edits.push(Edit {
                seq: entry.seq,
                at,
                user: entry.user.clone(),
                action: entry.action.clone(),
                kind: kind.to_owned(),
                id: id.to_owned(),
            });
        }
    }
    Ok(Rewound {
        before: plan,
        edits,
    })
}

/// The entry that created the store lists no entities one by one: it is
/// the edit of every release and deployment the plan holds now (those
/// deleted since were undone to their imported state before this entry).
fn created<'a>(
    entry: &'a AuditRecord,
    at: trainyard_core::time::Instant,
    current: &'a Plan,
) -> impl Iterator<Item = Edit> + 'a {
    let releases = current.releases.iter().map(|r| ("release", r.id.as_str()));
    let deployments = current
        .deployments
        .iter()
        .map(|d| ("deployment", d.id.as_str()));
    releases.chain(deployments).map(move |(kind, id)| Edit {
        seq: entry.seq,
        at,
        user: entry.user.clone(),
        action: entry.action.clone(),
        kind: kind.to_owned(),
        id: id.to_owned(),
    })
}

/// The change that puts one entity back the way it was before an entry.
fn inverse(kind: &str, id: &str, before: &Value) -> Result<Option<Change>, String> {
    if kind == "plan" {
        let timezone = before["timezone"].as_str().unwrap_or_default();
        return Ok(Some(Change::SetPlan {
            name: before["name"].as_str().map(str::to_owned),
            timezone: timezone
                .parse::<Tz>()
                .map_err(|_| format!("the plan's earlier time zone {timezone:?} is unknown"))?,
        }));
    }
    let kind = EntityKind::ALL
        .into_iter()
        .find(|k| k.as_str() == kind)
        .ok_or_else(|| format!("a change has unknown kind {kind:?}"))?;
    if before.is_null() {
        return Ok(Some(Change::Delete {
            kind,
            id: id.to_owned(),
        }));
    }
    Entity::from_value(kind, before)
        .map(|e| Some(Change::put(e)))
        .map_err(|e| format!("the earlier {} {id:?} is invalid: {e}", kind.as_str()))
}
