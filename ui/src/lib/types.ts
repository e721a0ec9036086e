// The IPC shapes. The interfaces marked "DTO" mirror crates/trainyard-app-core
// (dto.rs, error.rs); the plan-format entity shapes mirror the JSON plan format
// (they travel as the format's own JSON, so forms edit exactly what a plan file holds).

export type Severity = 'error' | 'warning';

/** DTO */
export interface Named { id: string; name: string }
/** DTO */
export interface ReleaseInfo {
  id: string; name: string; version: string | null; train: string | null;
  changeType: 'standard' | 'normal' | 'emergency'; status: string;
}
/** DTO */
export interface WindowInfo { id: string; name: string; kind: 'maintenance' | 'blackout' }
/** DTO */
export interface Counts { errors: number; warnings: number }

/** DTO: the open plan's outline (no per-deployment data). */
export interface PlanSummary {
  path: string;
  name: string;
  timezone: string;
  revision: number;
  saved: boolean;
  canUndo: string | null;
  canRedo: string | null;
  /** In promotion order. */
  environments: Named[];
  services: Named[];
  releases: ReleaseInfo[];
  trains: Named[];
  teams: Named[];
  windows: WindowInfo[];
  counts: Counts;
  asOf: string | null;
  firstStart: string | null;
  lastEnd: string | null;
  deploymentCount: number;
}

/** DTO */
export interface DeploymentBar {
  id: string;
  release: string;
  service: string;
  environment: string;
  start: string;
  end: string;
  status: string;
  severity: Severity | null;
}

/** DTO */
export interface WindowBand {
  window: string;
  name: string;
  kind: 'maintenance' | 'blackout';
  start: string;
  end: string;
  environments: string[];
  services: string[];
}

/** DTO: a train departure in the range, with its code freeze before it. */
export interface TrainMark {
  train: string;
  name: string;
  /** The departure instant. */
  departure: string;
  /** Start of the code freeze (= departure when the freeze is zero). */
  freezeStart: string;
}

/** DTO */
export interface VisibleRange {
  from: string; to: string;
  deployments: DeploymentBar[];
  windows: WindowBand[];
  trains: TrainMark[];
}

/** DTO: a conflict as the spec's report has it, plus its rule's title. */
export interface Conflict {
  title: string;
  rule: string;
  severity: Severity;
  deployments: string[];
  releases: string[];
  services: string[];
  environment: string | null;
  window: string | null;
  team: string | null;
  message: string;
  evidence: Array<Record<string, unknown> & { kind: string }>;
}

/** DTO */
export interface MovePreview { id: string; severity: Severity | null; conflicts: Conflict[]; counts: Counts }

/** DTO: the next free slot for a deployment (null start: none found within the horizon). */
export interface SlotSuggestion { id: string; start: string | null; end: string | null; environment: string; reason: string }

/** DTO */
export interface RecentPlan { path: string; name: string; exists: boolean }

/** DTO: a dependency matrix (row depends on column). */
export interface DependencyMatrix {
  /** Row and column headers, same order. */
  items: Named[];
  /** [row, col] index pairs where items[row] depends on items[col]. */
  edges: Array<[number, number]>;
  /** Each dependency cycle: its member ids and a human name ("a → b → a"). */
  cycles: Array<{ members: string[]; name: string }>;
}

/** DTO: where each release deploys, per service and environment. */
export interface ReleaseServiceMatrix {
  releases: Named[];
  services: Named[];
  environments: Named[];
  /** One cell per (release, service) with deployments: environment ids it deploys to, in promotion order. */
  cells: Array<{ release: number; service: number; environments: string[]; deployments: string[] }>;
}

/** DTO */
export interface RiskFactor { key: string; label: string; points: number; max: number; detail: string }
/** DTO */
export interface RiskScore { release: string; score: number; level: 'low' | 'medium' | 'high' | 'critical'; factors: RiskFactor[] }

/** Plan format: an approval. */
export interface Approval { by: string; role?: string; decision: 'approved' | 'rejected'; at?: string; comment?: string }

/** DTO: what the CAB reads about one release. */
export interface CabView {
  release: ReleaseInfo;
  owner: string | null;
  description: string | null;
  rollbackPlan: string | null;
  successCriteria: string | null;
  servicesTouched: Named[];
  /** Downstream services (consumers of touched services, transitively), not touched themselves. */
  blastRadius: Named[];
  risk: RiskScore;
  conflicts: Conflict[];
  approvals: Approval[];
  /** Approvals the policy requires for this release (0 when none). */
  requiredApprovals: number;
  /** The release's own dependencies and their status. */
  dependencies: Array<{ id: string; name: string; status: string }>;
  /** Its deployments, in environment then start order. */
  deployments: DeploymentBar[];
}

/** DTO: one entry of the hash-chained audit trail. */
export interface AuditEntry {
  seq: number; at: string; user: string; action: string;
  /** Changed entities: kind, id and before/after in the plan format (null when absent). */
  changes: Array<{ kind: string; id: string; before: unknown; after: unknown }>;
  hash: string;
}

/** DTO: one occurrence in a window preview. */
export interface OccurrencePreview {
  /** Local wall-clock start/end in the window's zone, `YYYY-MM-DDTHH:MM`. */
  localStart: string; localEnd: string;
  /** The same as UTC instants. */
  start: string; end: string;
  /** UTC offset at the start, e.g. `+01:00`. */
  offset: string;
  /** True when the offset differs from the previous occurrence's (a DST change in between), or the start was in a DST gap/fold. */
  dstShift: boolean;
  /** Why, when dstShift: "clocks changed: +01:00 → +02:00", "02:30 does not exist that day; starts 03:30". */
  note: string | null;
}

/** DTO */
export interface WindowPreview { occurrences: OccurrencePreview[] }

/** DTO: a finished export. */
export interface ExportDone { path: string; bytes: number }

export type EntityKind = 'environment' | 'team' | 'service' | 'train' | 'window' | 'release' | 'deployment';

/** Plan format JSON of one entity (see the plan format spec for fields). */
export type EntityJson = Record<string, unknown> & { id: string };

/** A problem at a field of an entity being edited: `field` is relative to the entity, e.g. `version`, `unavailable[0].end`, `scope.services[1]`. */
export interface FieldProblem { field: string; message: string }

/** DTO: the one error shape every command rejects with. `problems` is set for `invalid_entity`/`invalid_plan`. */
export interface AppError { code: string; message: string; problems?: FieldProblem[] }

export function isAppError(e: unknown): e is AppError {
  return typeof e === 'object' && e !== null && 'code' in e && 'message' in e;
}
