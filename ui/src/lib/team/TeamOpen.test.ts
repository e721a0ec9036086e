// The Open team plan dialog against a mocked IPC boundary: the password
// field, recent plans without passwords, errors under their fields.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import TeamOpen from './TeamOpen.svelte';
import type { RecentTeamPlan } from '../types';
import { summary } from '../views/fixtures';

const recent: RecentTeamPlan[] = [
  { address: 'postgres://alice@db.example.com/trainyard?plan=q1', name: 'Q1 releases' },
  { address: 'postgres://alice@db.example.com:5433/ops?plan=q2', name: 'Q2' },
];
let calls: Array<{ cmd: string; args: Record<string, unknown> }> = [];
let answer: (args: Record<string, unknown>) => unknown = () => summary(1);

beforeEach(() => {
  calls = [];
  answer = () => summary(1);
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: (args ?? {}) as Record<string, unknown> });
    if (cmd === 'recent_team_plans') return recent;
    if (cmd === 'open_team') return answer((args ?? {}) as Record<string, unknown>);
    throw new Error(`unexpected ${cmd}`);
  });
});
afterEach(() => { cleanup(); clearMocks(); });

function setup() {
  const onOpened = vi.fn();
  const onClose = vi.fn();
  render(TeamOpen, { props: { onOpened, onClose } });
  return { onOpened, onClose };
}

describe('Open team plan dialog', () => {
  it('has an address field with the example placeholder and a password field that is not echoed', async () => {
    setup();
    const address = screen.getByTestId('team-address') as HTMLInputElement;
    expect(address.placeholder).toBe('postgres://you@db.example.com/trainyard?plan=q1');
    const password = screen.getByTestId('team-password') as HTMLInputElement;
    expect(password.type).toBe('password');
    expect(screen.getByLabelText(/Password/)).toBe(password);
  });

  it('lists recent team plans by address, none with a password, and picks one', async () => {
    setup();
    await waitFor(() => expect(screen.getByTestId('team-recent')).toBeTruthy());
    const list = screen.getByTestId('team-recent');
    expect(list.textContent).toContain('Q1 releases');
    expect(list.textContent).toContain('postgres://alice@db.example.com:5433/ops?plan=q2');
    expect(list.textContent).not.toMatch(/:[^/@]+@/); // no user:password@
    await fireEvent.click(screen.getByText('Q2'));
    expect((screen.getByTestId('team-address') as HTMLInputElement).value).toBe(recent[1].address);
  });

  it('opens with the address and the password, then forgets the password', async () => {
    const { onOpened } = setup();
    await waitFor(() => expect((screen.getByTestId('team-address') as HTMLInputElement).value).toBe(recent[0].address));
    await fireEvent.input(screen.getByTestId('team-password'), { target: { value: 's3cret' } });
    await fireEvent.click(screen.getByTestId('team-open-submit'));
    await waitFor(() => expect(onOpened).toHaveBeenCalled());
    expect(calls.find((c) => c.cmd === 'open_team')?.args).toEqual({ url: recent[0].address, password: 's3cret' });
    expect((screen.getByTestId('team-password') as HTMLInputElement).value).toBe('');
  });

  it('a refused login asks for the password under its field; other errors show under the address', async () => {
    const { onOpened } = setup();
    await waitFor(() => expect(screen.getByTestId('team-recent')).toBeTruthy());
    answer = () => { throw { code: 'login_refused', message: 'password authentication failed' }; };
    await fireEvent.click(screen.getByTestId('team-open-submit'));
    await waitFor(() => expect(screen.getByTestId('team-password-error').textContent).toBe('The server asks for a password; enter it'));
    expect(calls.find((c) => c.cmd === 'open_team')?.args.password).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('team-password')));

    answer = () => { throw { code: 'unreachable', message: 'cannot reach db.example.com' }; };
    await fireEvent.input(screen.getByTestId('team-password'), { target: { value: 'x' } });
    await fireEvent.click(screen.getByTestId('team-open-submit'));
    await waitFor(() => expect(screen.getByTestId('team-address-error').textContent).toBe('cannot reach db.example.com'));
    expect(onOpened).not.toHaveBeenCalled();
  });

  it('an empty address is refused without asking the server', async () => {
    setup();
    await waitFor(() => expect(screen.getByTestId('team-recent')).toBeTruthy());
    await fireEvent.input(screen.getByTestId('team-address'), { target: { value: '  ' } });
    await fireEvent.click(screen.getByTestId('team-open-submit'));
    expect(screen.getByTestId('team-address-error').textContent).toMatch(/Enter the address/);
    expect(calls.some((c) => c.cmd === 'open_team')).toBe(false);
  });
});
