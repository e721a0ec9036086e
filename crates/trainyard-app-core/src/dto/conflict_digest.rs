//! The conflicts panel a screenful at a time: counts per group with each
//! group's first cards, and pages of more.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{ConflictView, Rule, Severity};

/// One group of the conflicts panel: a severity and a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConflictGroupKey {
    pub severity: Severity,
    pub rule: Rule,
}

impl ConflictGroupKey {
    /// The group a conflict of the report belongs to.
    pub fn of(c: &trainyard_core::Conflict) -> Self {
        ConflictGroupKey {
            severity: c.severity.into(),
            rule: c.rule.into(),
        }
    }
}

/// A group's count and first cards.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConflictGroup {
    #[serde(flatten)]
    pub key: ConflictGroupKey,
    /// The rule's title, as every card of the group shows it.
    pub title: String,
    /// How many conflicts the group holds.
    pub total: u32,
    /// Its first conflicts, in report order.
    pub items: Vec<ConflictView>,
}

/// The conflicts a filter lets through, counted by group: errors first, then
/// warnings; within a severity, rules in the order the report first names
/// them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConflictDigest {
    pub total: u32,
    pub errors: u32,
    pub warnings: u32,
    pub groups: Vec<ConflictGroup>,
}

/// A page of the conflicts a filter lets through.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConflictPage {
    /// How many conflicts the filter lets through, of which errors and warnings.
    pub total: u32,
    pub errors: u32,
    pub warnings: u32,
    pub offset: u32,
    /// In report order.
    pub items: Vec<ConflictView>,
}

/// How many conflicts name a release: what the CAB view's release picker
/// shows beside each name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReleaseConflicts {
    pub release: String,
    pub conflicts: u32,
}
