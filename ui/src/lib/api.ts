// The only module that talks to the Rust side. Everything else imports these
// typed functions; tests mock at the IPC boundary (mockIPC), not here.
import { invoke } from '@tauri-apps/api/core';
import type { Conflict, MovePreview, PlanSummary, VisibleRange } from './types';

export const api = {
  openStartup: () => invoke<PlanSummary>('open_startup'),
  openDemo: () => invoke<PlanSummary>('open_demo'),
  summary: () => invoke<PlanSummary>('summary'),
  visibleRange: (from: string, to: string) => invoke<VisibleRange>('visible_range', { from, to }),
  conflicts: () => invoke<Conflict[]>('conflicts'),
  previewMove: (id: string, start: string, end: string, environment: string) =>
    invoke<MovePreview>('preview_move', { id, start, end, environment }),
  commitMove: (id: string, start: string, end: string, environment: string) =>
    invoke<PlanSummary>('commit_move', { id, start, end, environment }),
  undo: () => invoke<PlanSummary>('undo'),
  redo: () => invoke<PlanSummary>('redo'),
  setTitle: (title: string) => invoke<void>('set_title', { title }),
};

export type Api = typeof api;
