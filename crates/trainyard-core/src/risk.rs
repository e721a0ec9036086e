//! The risk score of a release: 0–100, the sum of named factors, each with its
//! contribution, so the UI and the CAB sheet can show where the number comes from.
//! The formula is documented in `docs/risk.md`.

use serde::{Deserialize, Serialize};

use crate::plan::{Plan, ReleaseId};

/// One named factor and the points it contributes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskFactor {
    /// Stable key, e.g. `tier`, `change_type`, `blast_radius`.
    pub key: String,
    /// Human label, e.g. "Criticality of touched services".
    pub label: String,
    pub points: u32,
    /// The most this factor can contribute.
    pub max: u32,
    /// Why, in one sentence: "touches Ledger DB (tier 1)".
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskScore {
    pub release: ReleaseId,
    /// 0..=100, the sum of the factors' points.
    pub score: u32,
    pub level: RiskLevel,
    pub factors: Vec<RiskFactor>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    Low,
    Medium,
    High,
    Critical,
}

/// The risk score of one release, or `None` when the plan has no such release.
pub fn risk_score(plan: &Plan, release: &ReleaseId) -> Option<RiskScore> {
    let _ = (plan, release);
    todo!("risk score")
}
