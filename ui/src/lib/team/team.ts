// Team plans in words: where the open plan lives, the connection to its
// server, what the user's role allows (and why a control is disabled), and
// the notice shown when another user changed the plan. Pure: no IPC.
import type { PlanChange, PlanLocationInfo, PlanSummary, TeamConnection, TeamRole } from '../types';
import { isAppError } from '../types';

/** The connection to a team plan's server, as the listener reports it. */
export type Connection = TeamConnection;

/** Where a plan file lives: on this computer, editable unless read-only. */
export function fileLocation(readOnly = false): PlanLocationInfo {
  return {
    kind: 'file', server: null, plan: null, login: null, role: null,
    permissions: { canEdit: !readOnly, canDecide: !readOnly, readOnly },
  };
}

export function isTeam(plan: PlanSummary | null): boolean {
  return plan?.location.kind === 'team';
}

const ROLE_NAMES: Record<TeamRole, string> = {
  coordinator: 'coordinator',
  cab: 'CAB member',
  pipeline: 'pipeline',
  viewer: 'viewer',
};

export function roleName(role: TeamRole | null): string {
  return role ? ROLE_NAMES[role] : 'no role';
}

/** "q1 on db.example.com/trainyard": the plan and its server. */
export function teamPlace(location: PlanLocationInfo): string {
  return `${location.plan ?? '?'} on ${location.server ?? '?'}`;
}

/** "alice (coordinator)". */
export function teamWho(location: PlanLocationInfo): string {
  return `${location.login ?? '?'} (${roleName(location.role)})`;
}

export function connectionText(c: Connection): string {
  switch (c) {
    case 'connected': return 'connected';
    case 'lost': return 'connection lost — read-only, last plan still shown';
    case 'reconnected': return 'reconnected';
  }
}

/** The status bar's team part: "q1 on db/trainyard · alice (coordinator) · connected". */
export function teamStatus(plan: PlanSummary, c: Connection): string {
  return `${teamPlace(plan.location)} · ${teamWho(plan.location)} · ${connectionText(c)}`;
}

/** Why editing the plan is not possible now, or null when it is. */
export function editBlock(plan: PlanSummary | null, c: Connection = 'connected'): string | null {
  if (!plan) return 'No plan is open';
  if (isTeam(plan) && c === 'lost') return 'The connection to the server is lost; the plan is read-only until it is back';
  const { permissions, role } = plan.location;
  if (permissions.canEdit) return null;
  if (!isTeam(plan)) return 'This plan file is read-only';
  if (role === 'cab') return 'A CAB member may only record decisions on releases';
  if (role === 'pipeline') return 'A pipeline login may only record outcomes and gate decisions, from the command line';
  if (role === 'viewer') return 'A viewer may not change the plan';
  return 'Your login may not change this plan';
}

/** Why recording a CAB decision is not possible now, or null when it is. */
export function decideBlock(plan: PlanSummary | null, c: Connection = 'connected'): string | null {
  if (!plan) return 'No plan is open';
  if (isTeam(plan) && c === 'lost') return 'The connection to the server is lost; the plan is read-only until it is back';
  const { permissions, role } = plan.location;
  if (permissions.canDecide) return null;
  if (!isTeam(plan)) return 'This plan file is read-only';
  if (role === 'coordinator') return 'Only a CAB member records decisions on a team plan';
  if (role === 'pipeline') return 'A pipeline login may not record decisions';
  if (role === 'viewer') return 'A viewer may not record decisions';
  return 'Your login may not record decisions';
}

/** "alice changed the plan (revision 7)". */
export function changeNotice(change: Pick<PlanChange, 'user' | 'newRevision'>): string {
  return `${change.user ?? 'Someone'} changed the plan (revision ${change.newRevision})`;
}

/** Where an error opening a team plan is shown, and in which words. */
export function openError(e: unknown, passwordGiven: boolean): { field: 'address' | 'password'; message: string } {
  if (isAppError(e) && e.code === 'login_refused') {
    return {
      field: 'password',
      message: passwordGiven ? 'The server refused this password; enter it again' : 'The server asks for a password; enter it',
    };
  }
  if (isAppError(e)) return { field: 'address', message: e.message };
  return { field: 'address', message: String(e) };
}
