// The IPC shapes. The DTOs are generated from crates/trainyard-app-core
// (dto.rs, error.rs) into ./bindings/ by `cargo run -p trainyard-app-core --bin
// write-bindings`; a cargo test fails while those files are out of date. The
// plan-format entity shapes are written here: they travel as the format's own
// JSON, so forms edit exactly what a plan file holds.

export type { Severity } from './bindings/Severity';
export type { Named } from './bindings/Named';
export type { ServiceInfo } from './bindings/ServiceInfo';
export type { ChangeType } from './bindings/ChangeType';
export type { ReleaseInfo } from './bindings/ReleaseInfo';
export type { WindowKind } from './bindings/WindowKind';
export type { WindowInfo } from './bindings/WindowInfo';
export type { CalendarImportOptions } from './bindings/CalendarImportOptions';
export type { CalendarImportPreview } from './bindings/CalendarImportPreview';
export type { ImportedWindow } from './bindings/ImportedWindow';
export type { Counts } from './bindings/Counts';
export type { PlanSummary } from './bindings/PlanSummary';
export type { LocationKind } from './bindings/LocationKind';
export type { TeamRole } from './bindings/TeamRole';
export type { Permissions } from './bindings/Permissions';
export type { PlanLocationInfo } from './bindings/PlanLocationInfo';
export type { RecentTeamPlan } from './bindings/RecentTeamPlan';
export type { PlanChange } from './bindings/PlanChange';
export type { TeamChangeEvent } from './bindings/TeamChangeEvent';
export type { TeamConnection } from './bindings/TeamConnection';
export type { DeploymentBar } from './bindings/DeploymentBar';
export type { ActualRun } from './bindings/ActualRun';
export type { RunResult } from './bindings/RunResult';
export type { Insights } from './bindings/Insights';
export type { DeliveryMeasures } from './bindings/DeliveryMeasures';
export type { PlanAdherence } from './bindings/PlanAdherence';
export type { GroupMeasures } from './bindings/GroupMeasures';
export type { TrendPoint } from './bindings/TrendPoint';
export type { HourCount } from './bindings/HourCount';
export type { TrendInterval } from './bindings/TrendInterval';
export type { InsightGroupBy } from './bindings/InsightGroupBy';
export type { WindowBand } from './bindings/WindowBand';
export type { TrainMark } from './bindings/TrainMark';
export type { VisibleRange } from './bindings/VisibleRange';
export type { Rule } from './bindings/Rule';
export type { Evidence } from './bindings/Evidence';
export type { Conflict } from './bindings/Conflict';
export type { ConflictSubject } from './bindings/ConflictSubject';
export type { ConflictOverview } from './bindings/ConflictOverview';
export type { OverviewBucket } from './bindings/OverviewBucket';
export type { MovePreview } from './bindings/MovePreview';
export type { MoveTarget } from './bindings/MoveTarget';
export type { LaneBy } from './bindings/LaneBy';
export type { CalendarFilter } from './bindings/CalendarFilter';
export type { DensityLane } from './bindings/DensityLane';
export type { CalendarDensity } from './bindings/CalendarDensity';
export type { BarBudget } from './bindings/BarBudget';
export type { CalendarRange } from './bindings/CalendarRange';
export type { ConflictPage } from './bindings/ConflictPage';
export type { ConflictDigest } from './bindings/ConflictDigest';
export type { ReleaseConflicts } from './bindings/ReleaseConflicts';
export type { ConflictGroup } from './bindings/ConflictGroup';
export type { ConflictGroupKey } from './bindings/ConflictGroupKey';
export type { GroupMoveSet } from './bindings/GroupMoveSet';
export type { GroupMemberPreview } from './bindings/GroupMemberPreview';
export type { GroupMovePreview } from './bindings/GroupMovePreview';
export type { CommittedGroupMove } from './bindings/CommittedGroupMove';
export type { CommittedMove } from './bindings/CommittedMove';
export type { SlotSuggestion } from './bindings/SlotSuggestion';
export type { RecentPlan } from './bindings/RecentPlan';
export type { DependencyMatrix } from './bindings/DependencyMatrix';
export type { ReleaseServiceMatrix } from './bindings/ReleaseServiceMatrix';
export type { RiskFactor } from './bindings/RiskFactor';
export type { RiskScore } from './bindings/RiskScore';
export type { Approval } from './bindings/Approval';
export type { CabView } from './bindings/CabView';
export type { HoldRequest } from './bindings/HoldRequest';
export type { HeldDeployment } from './bindings/HeldDeployment';
export type { HoldPreview } from './bindings/HoldPreview';
export type { HoldBand } from './bindings/HoldBand';
export type { BookingBand } from './bindings/BookingBand';
export type { UnavailableBand } from './bindings/UnavailableBand';
export type { GovernanceLayers } from './bindings/GovernanceLayers';
export type { ChecklistLine } from './bindings/ChecklistLine';
export type { GoNoGoView } from './bindings/GoNoGoView';
export type { ReviewView } from './bindings/ReviewView';
export type { WaiverView } from './bindings/WaiverView';
export type { ReleaseGovernanceView } from './bindings/ReleaseGovernanceView';
export type { ChecklistEdit } from './bindings/ChecklistEdit';
export type { AuditEntry } from './bindings/AuditEntry';
export type { OccurrencePreview } from './bindings/OccurrencePreview';
export type { WindowPreview } from './bindings/WindowPreview';
export type { ExportDone } from './bindings/ExportDone';
export type { FieldProblem } from './bindings/FieldProblem';
export type { ErrorCode } from './bindings/ErrorCode';
export type { AppError } from './bindings/AppError';

import type { AppError } from './bindings/AppError';

export type EntityKind = 'environment' | 'team' | 'service' | 'train' | 'window' | 'release' | 'deployment';
/** Every kind the store saves, the governance kinds (edited from the calendar and the CAB view) included. */
export type StoredKind = EntityKind | 'readiness_template' | 'hold' | 'booking' | 'waiver';

/** Plan format JSON of one entity (see the plan format spec for fields). */
export type EntityJson = Record<string, unknown> & { id: string };

export function isAppError(e: unknown): e is AppError {
  return typeof e === 'object' && e !== null && 'code' in e && 'message' in e;
}
