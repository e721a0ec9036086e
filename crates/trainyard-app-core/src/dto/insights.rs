//! The Insights view's numbers: the core's delivery metrics
//! (`trainyard_core::metrics`, defined in `docs/metrics.md`) for one period,
//! its weeks or months, and its failures by weekday and hour.

use serde::{Deserialize, Serialize};
use trainyard_core::metrics::{Adherence, Measures};
use ts_rs::TS;

/// The length of each period of the trend (the core's `Interval`, mirrored).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TrendInterval {
    Week,
    Month,
}

/// What the groups of the headline figures are (the core's `GroupBy`, mirrored).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum InsightGroupBy {
    Service,
    Team,
    Environment,
}

/// How closely the plan was kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanAdherence {
    /// 0..=1; null without deployments.
    pub on_time_rate: Option<f64>,
    /// Negative when early; null without deployments.
    pub median_start_delay_minutes: Option<f64>,
    pub overruns: u64,
}

/// The four DORA measures and adherence of one set of deployments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryMeasures {
    /// Deployments whose outcome finished in the period.
    pub deployments: u64,
    pub deployment_frequency_per_week: f64,
    pub lead_time_hours: Option<f64>,
    /// 0..=1; null without deployments.
    pub change_failure_rate: Option<f64>,
    pub time_to_restore_hours: Option<f64>,
    pub adherence: PlanAdherence,
}

impl From<Measures> for DeliveryMeasures {
    fn from(m: Measures) -> Self {
        let Adherence {
            on_time_rate,
            median_start_delay_minutes,
            overruns,
        } = m.adherence;
        DeliveryMeasures {
            deployments: m.deployments,
            deployment_frequency_per_week: m.deployment_frequency_per_week,
            lead_time_hours: m.lead_time_hours,
            change_failure_rate: m.change_failure_rate,
            time_to_restore_hours: m.time_to_restore_hours,
            adherence: PlanAdherence {
                on_time_rate,
                median_start_delay_minutes,
                overruns,
            },
        }
    }
}

/// The measures of one service, team or environment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GroupMeasures {
    /// The id; null only for the services without a team.
    pub key: Option<String>,
    pub measures: DeliveryMeasures,
}

/// One week or month of the trend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TrendPoint {
    /// Its local midnight, or the period's `from` when cut by it.
    pub start: String,
    /// Exclusive; the period's `to` when cut by it.
    pub end: String,
    pub measures: DeliveryMeasures,
}

/// The deployments that started in one local hour of one weekday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HourCount {
    pub deployments: u64,
    /// Failed or rolled back.
    pub failures: u64,
}

/// Everything the Insights view draws for one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Insights {
    /// The period `[from, to)` measured (the default one when none was asked).
    pub from: String,
    pub to: String,
    /// The plan's zone, in which weeks, months, weekdays and hours are read.
    pub timezone: String,
    pub interval: TrendInterval,
    /// Whether any deployment of the plan has an outcome (else the view
    /// shows how to record one instead of empty charts).
    pub has_outcomes: bool,
    pub overall: DeliveryMeasures,
    /// Empty without a grouping; sorted by key, null first.
    pub groups: Vec<GroupMeasures>,
    pub trend: Vec<TrendPoint>,
    /// Seven rows, Monday to Sunday, of 24 local hours each.
    pub weekday_hour: Vec<Vec<HourCount>>,
}
