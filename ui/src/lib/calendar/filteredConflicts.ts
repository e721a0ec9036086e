// The conflicts panel under the calendar's filter: the engine decides which
// conflicts a filter lets through (api.conflictsPage), because a conflict's
// deployments need not be in the loaded range, so the client cannot judge
// their team or status.
import type { Api } from '../api';
import type { CalendarFilter, Conflict } from '../types';
import { isFiltering } from './filter';

/** One page: the engine's limit. */
export const PAGE = 1000;
/** Pages asked for at most: the panel is a list to read, not the whole report of a huge plan. */
export const MAX_PAGES = 5;

export interface FilteredConflicts { conflicts: Conflict[]; total: number }

/** The conflicts `filter` lets through (all of `all` when it filters nothing). */
export async function conflictsMatching(api: Pick<Api, 'conflictsPage'>, all: Conflict[], filter: CalendarFilter): Promise<FilteredConflicts> {
  if (!isFiltering(filter)) return { conflicts: all, total: all.length };
  // "No conflict" as the only severity: the bars shown are in no conflict, so none is listed.
  if (filter.includeClean && filter.severities.length === 0) return { conflicts: [], total: 0 };
  const conflicts: Conflict[] = [];
  let total = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const p = await api.conflictsPage(page * PAGE, PAGE, filter);
    conflicts.push(...p.items);
    total = p.total;
    if (conflicts.length >= total || p.items.length < PAGE) break;
  }
  return { conflicts, total };
}
