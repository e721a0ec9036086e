// The IPC shapes, mirroring crates/trainyard-app-core/src/dto.rs and
// error.rs. Hand-written for now (see the report: generate with ts-rs/specta
// and add a drift test).

export type Severity = 'error' | 'warning';

export interface Named { id: string; name: string }
export interface ReleaseInfo { id: string; name: string; version: string | null; train: string | null }
export interface Counts { errors: number; warnings: number }

export interface PlanSummary {
  path: string;
  name: string;
  timezone: string;
  revision: number;
  saved: boolean;
  canUndo: string | null;
  canRedo: string | null;
  environments: Named[];
  services: Named[];
  releases: ReleaseInfo[];
  trains: Named[];
  counts: Counts;
  asOf: string | null;
  firstStart: string | null;
  lastEnd: string | null;
}

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

export interface WindowBand {
  window: string;
  name: string;
  kind: 'maintenance' | 'blackout';
  start: string;
  end: string;
  environments: string[];
  services: string[];
}

export interface VisibleRange { from: string; to: string; deployments: DeploymentBar[]; windows: WindowBand[] }

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

export interface MovePreview { id: string; severity: Severity | null; conflicts: Conflict[]; counts: Counts }

/** The one error shape every command rejects with. */
export interface AppError { code: string; message: string }

export function isAppError(e: unknown): e is AppError {
  return typeof e === 'object' && e !== null && 'code' in e && 'message' in e;
}
