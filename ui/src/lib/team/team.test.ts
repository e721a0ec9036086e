// Team plans in words: status, reasons for disabled controls, the change
// notice and where an error opening a plan is shown.
import { describe, expect, it } from 'vitest';
import type { PlanSummary, TeamRole } from '../types';
import { summary } from '../views/fixtures';
import { changeNotice, decideBlock, editBlock, fileLocation, openError, teamStatus } from './team';

function teamPlan(role: TeamRole): PlanSummary {
  return summary(3, {
    path: 'postgres://alice@db.example.com/trainyard?plan=q1',
    location: {
      kind: 'team', server: 'db.example.com/trainyard', plan: 'q1', login: 'alice', role,
      permissions: { canEdit: role === 'coordinator', canDecide: role === 'cab', readOnly: role === 'viewer' },
    },
  });
}

describe('team status', () => {
  it('names the plan, the server, the login, the role and the connection', () => {
    const p = teamPlan('coordinator');
    expect(teamStatus(p, 'connected')).toBe('q1 on db.example.com/trainyard · alice (coordinator) · connected');
    expect(teamStatus(teamPlan('cab'), 'lost')).toBe('q1 on db.example.com/trainyard · alice (CAB member) · connection lost — read-only, last plan still shown');
    expect(teamStatus(p, 'reconnected')).toMatch(/reconnected$/);
  });
});

describe('what a role may do', () => {
  it('a coordinator edits, a CAB member only decides, a viewer does neither', () => {
    expect(editBlock(teamPlan('coordinator'))).toBeNull();
    expect(decideBlock(teamPlan('coordinator'))).toMatch(/Only a CAB member/);
    expect(editBlock(teamPlan('cab'))).toBe('A CAB member may only record decisions on releases');
    expect(decideBlock(teamPlan('cab'))).toBeNull();
    expect(editBlock(teamPlan('viewer'))).toBe('A viewer may not change the plan');
    expect(decideBlock(teamPlan('viewer'))).toBe('A viewer may not record decisions');
  });

  it('a pipeline login edits nothing in the app and says where it records', () => {
    expect(editBlock(teamPlan('pipeline'))).toMatch(/pipeline login may only record outcomes and gate decisions, from the command line/);
    expect(decideBlock(teamPlan('pipeline'))).toBe('A pipeline login may not record decisions');
    expect(teamStatus(teamPlan('pipeline'), 'connected')).toContain('alice (pipeline)');
  });

  it('nothing is edited while the connection is lost; a file is unaffected', () => {
    expect(editBlock(teamPlan('coordinator'), 'lost')).toMatch(/connection to the server is lost/);
    expect(decideBlock(teamPlan('cab'), 'lost')).toMatch(/connection to the server is lost/);
    expect(editBlock(summary(1), 'lost')).toBeNull();
    expect(editBlock(summary(1, { location: fileLocation(true) }))).toBe('This plan file is read-only');
  });
});

describe('notices and errors', () => {
  it('says who changed the plan and its revision', () => {
    expect(changeNotice({ user: 'alice', newRevision: 7 })).toBe('alice changed the plan (revision 7)');
    expect(changeNotice({ user: null, newRevision: 8 })).toBe('Someone changed the plan (revision 8)');
  });

  it('a refused login is about the password; anything else about the address', () => {
    expect(openError({ code: 'login_refused', message: 'x' }, false)).toEqual({ field: 'password', message: 'The server asks for a password; enter it' });
    expect(openError({ code: 'login_refused', message: 'x' }, true).message).toMatch(/refused this password/);
    expect(openError({ code: 'unreachable', message: 'cannot reach db' }, true)).toEqual({ field: 'address', message: 'cannot reach db' });
  });
});
