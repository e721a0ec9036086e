// The only module that talks to the Rust side. Everything else imports these
// typed functions; tests mock at the IPC boundary (mockIPC), not here.
// Commands ending in "Dialog" show a native file dialog and resolve to null
// when the user cancels.
import { invoke } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import type {
  PlanChange, RecentTeamPlan, TeamChangeEvent, TeamConnection,
  AuditEntry, CabView, CalendarImportOptions, CalendarImportPreview, CommittedMove, ConflictOverview, DependencyMatrix, EntityJson, EntityKind, ExportDone,
  MovePreview, PlanSummary, RecentPlan, ReleaseConflicts, ReleaseServiceMatrix, SlotSuggestion, VisibleRange, WindowPreview,
  CommittedGroupMove, GroupMovePreview, GroupMoveSet, MoveTarget,
  BarBudget, CalendarDensity, CalendarFilter, CalendarRange, ConflictDigest, ConflictGroupKey, ConflictPage, LaneBy,
  InsightGroupBy, Insights, TrendInterval,
  ChecklistEdit, GovernanceLayers, StoredKind, HoldBand, HoldPreview, HoldRequest, ReleaseGovernanceView,
} from './types';

export type PaperSize = 'a4' | 'letter';
/** How much of the release summary follows its two-page front section. */
export type SummaryDetail = 'summary' | 'conflicts' | 'full';
export type CsvKind = 'deployments' | 'conflicts';

export const api = {
  // Files
  openStartup: () => invoke<PlanSummary>('open_startup'),
  openDemo: () => invoke<PlanSummary>('open_demo'),
  openPlan: (path: string) => invoke<PlanSummary>('open_plan', { path }),
  openPlanDialog: () => invoke<PlanSummary | null>('open_plan_dialog'),
  newPlanDialog: () => invoke<PlanSummary | null>('new_plan_dialog'),
  saveAsDialog: () => invoke<PlanSummary | null>('save_as_dialog'),
  importJsonDialog: () => invoke<PlanSummary | null>('import_json_dialog'),
  exportJsonDialog: () => invoke<ExportDone | null>('export_json_dialog'),
  /** Asks for an .ics file and previews importing it with `options`. */
  importCalendarDialog: (options: CalendarImportOptions) =>
    invoke<CalendarImportPreview | null>('import_calendar_dialog', { options }),
  /** The preview of the calendar chosen last, with other choices. */
  previewChosenCalendar: (options: CalendarImportOptions) =>
    invoke<CalendarImportPreview>('preview_chosen_calendar', { options }),
  /** Applies the previewed import; `revision` and `fingerprint` come from that preview. */
  applyCalendarImport: (options: CalendarImportOptions, force: boolean, revision: number, fingerprint: string) =>
    invoke<PlanSummary>('apply_calendar_import', { options, force, revision, fingerprint }),
  recentPlans: () => invoke<RecentPlan[]>('recent_plans'),

  // Team plans. The password is used to log in and never stored; code
  // `login_refused` means: ask for it (again).
  openTeam: (url: string, password: string | null) => invoke<PlanSummary>('open_team', { url, password }),
  /** Team plans opened recently, by their addresses without passwords. */
  recentTeamPlans: () => invoke<RecentTeamPlan[]>('recent_team_plans'),
  /** Reloads the open plan if its revision moved on the server. */
  refreshTeamPlan: () => invoke<PlanChange>('refresh_team_plan'),
  /** Another user's edit of the open team plan arrived. */
  onTeamChange: (f: (e: TeamChangeEvent) => void): Promise<UnlistenFn> =>
    listen<TeamChangeEvent>('team-change', (e) => f(e.payload)),
  /** The connection to the team plan's server: connected, lost, reconnected. */
  onTeamConnection: (f: (c: TeamConnection) => void): Promise<UnlistenFn> =>
    listen<TeamConnection>('team-connection', (e) => f(e.payload)),
  summary: () => invoke<PlanSummary>('summary'),
  setPlanSettings: (name: string, timezone: string) => invoke<PlanSummary>('set_plan_settings', { name, timezone }),

  // Calendar
  visibleRange: (from: string, to: string) => invoke<VisibleRange>('visible_range', { from, to }),
  releaseConflicts: () => invoke<ReleaseConflicts[]>('release_conflicts'),
  /** Conflict density over the plan's whole span, and the week with the most errors. */
  conflictOverview: () => invoke<ConflictOverview>('conflict_overview'),
  previewMove: (id: string, start: string, end: string, environment: string) =>
    invoke<MovePreview>('preview_move', { id, start, end, environment }),
  /** One call per drop: the new summary (with the plan's counts), the moved bar and the recoloured bars. */
  commitMove: (id: string, start: string, end: string, environment: string) =>
    invoke<CommittedMove>('commit_move', { id, start, end, environment }),
  /** The conflicts a filter lets through (of one group of the panel, if given), a page at a time, with the totals. */
  conflictsPage: (offset: number, limit: number, filter: CalendarFilter, group: ConflictGroupKey | null = null) =>
    invoke<ConflictPage>('conflicts_page', { offset, limit, filter, group }),
  /** The conflicts panel's groups under a filter, counted, with each group's first `first` cards. */
  conflictDigest: (filter: CalendarFilter, first: number) =>
    invoke<ConflictDigest>('conflict_digest', { filter, first }),
  /**
   * What the calendar draws for [from, to): the bars `filter` lets through,
   * except in lanes over `budget`, which come counted per slice.
   */
  calendarRange: (from: string, to: string, lanes: LaneBy, environment: string | null, filter: CalendarFilter, budget: BarBudget) =>
    invoke<CalendarRange>('calendar_range', { from, to, lanes, environment, filter, budget }),
  /** Deployments per lane and slice of [from, to), for the zoomed-out calendar. */
  calendarDensity: (from: string, to: string, slices: number, lanes: LaneBy, environment: string | null, filter: CalendarFilter) =>
    invoke<CalendarDensity>('calendar_density', { from, to, slices, lanes, environment, filter }),
  /** The deployments that move together when a release is dragged (with the releases that depend on it). */
  groupMoveSet: (release: string, withDependents: boolean) =>
    invoke<GroupMoveSet>('group_move_set', { release, withDependents }),
  previewGroupMove: (moves: MoveTarget[]) => invoke<GroupMovePreview>('preview_group_move', { moves }),
  /** One undoable edit for the whole group. */
  commitGroupMove: (moves: MoveTarget[]) => invoke<CommittedGroupMove>('commit_group_move', { moves }),
  suggestSlot: (id: string) => invoke<SlotSuggestion>('suggest_slot', { id }),
  applySuggestion: (id: string) => invoke<PlanSummary>('apply_suggestion', { id }),
  undo: () => invoke<PlanSummary>('undo'),
  redo: () => invoke<PlanSummary>('redo'),

  // Entities (plan-format JSON)
  entity: (kind: StoredKind, id: string) => invoke<EntityJson>('entity', { kind, id }),
  /** Creates (originalId null) or replaces an entity; rejects with code `invalid_entity` and field problems. */
  saveEntity: (kind: StoredKind, originalId: string | null, value: EntityJson) =>
    invoke<PlanSummary>('save_entity', { kind, originalId, value }),
  deleteEntity: (kind: StoredKind, id: string) => invoke<PlanSummary>('delete_entity', { kind, id }),
  previewWindow: (value: EntityJson, from: string, count: number) =>
    invoke<WindowPreview>('preview_window', { value, from, count }),

  // Matrices
  serviceMatrix: () => invoke<DependencyMatrix>('service_matrix'),
  releaseMatrix: () => invoke<DependencyMatrix>('release_matrix'),
  releaseServiceMatrix: () => invoke<ReleaseServiceMatrix>('release_service_matrix'),
  /** Adds or removes "from depends on to" as one edit. */
  toggleServiceDependency: (from: string, to: string) => invoke<PlanSummary>('toggle_service_dependency', { from, to }),
  toggleReleaseDependency: (from: string, to: string) => invoke<PlanSummary>('toggle_release_dependency', { from, to }),

  // CAB and audit
  cab: (release: string) => invoke<CabView>('cab', { release }),
  recordDecision: (release: string, by: string, role: string, decision: 'approved' | 'rejected', comment: string) =>
    invoke<PlanSummary>('record_decision', { release, by, role, decision, comment }),

  // Release governance: holds and bookings, a release's checklist, go/no-go decision and review
  /** What the hold would stop (the plan does not change). */
  previewHold: (hold: HoldRequest) => invoke<HoldPreview>('preview_hold', { hold }),
  /** Puts the hold on as one edit. */
  placeHold: (hold: HoldRequest) => invoke<PlanSummary>('place_hold', { hold }),
  /** Ends the hold now (removes it if it has not started) as one edit. */
  liftHold: (id: string) => invoke<PlanSummary>('lift_hold', { id }),
  governanceLayers: (from: string, to: string) => invoke<GovernanceLayers>('governance_layers', { from, to }),
  holds: () => invoke<HoldBand[]>('holds'),
  releaseGovernance: (release: string) => invoke<ReleaseGovernanceView>('release_governance', { release }),
  editChecklist: (release: string, edit: ChecklistEdit) => invoke<PlanSummary>('edit_checklist', { release, edit }),
  recordGoNoGo: (release: string, by: string, outcome: 'go' | 'no_go', conditions: string[]) =>
    invoke<PlanSummary>('record_go_no_go', { release, by, outcome, conditions }),
  recordReview: (release: string, by: string, summary: string, rootCause: string, followUps: string[]) =>
    invoke<PlanSummary>('record_review', { release, by, summary, rootCause, followUps }),
  /** A waiver of `rules` for `release`, from now until `expires` (RFC 3339), granted by the user. */
  grantWaiver: (release: string, rules: string[], reason: string, expires: string) =>
    invoke<PlanSummary>('grant_waiver', { release, rules, reason, expires }),
  auditLog: (limit: number, beforeSeq: number | null) => invoke<AuditEntry[]>('audit_log', { limit, beforeSeq }),

  // Insights: delivery metrics of the recorded outcomes; null from/to asks for the default period.
  insights: (from: string | null, to: string | null, interval: TrendInterval, by: InsightGroupBy | null) =>
    invoke<Insights>('insights', { from, to, interval, by }),

  // Exports (native save dialog, then write; null when cancelled)
  exportSummaryPdfDialog: (paper: PaperSize, detail: SummaryDetail) => invoke<ExportDone | null>('export_summary_pdf_dialog', { paper, detail }),
  exportCabPdfDialog: (release: string, paper: PaperSize) => invoke<ExportDone | null>('export_cab_pdf_dialog', { release, paper }),
  exportIcsDialog: (release: string | null, environment: string | null) =>
    invoke<ExportDone | null>('export_ics_dialog', { release, environment }),
  exportCsvDialog: (kind: CsvKind) => invoke<ExportDone | null>('export_csv_dialog', { kind }),
  /** Opens a file with the desktop's default application. */
  openPath: (path: string) => invoke<void>('open_path', { path }),

  setTitle: (title: string) => invoke<void>('set_title', { title }),
};

export type Api = typeof api;
