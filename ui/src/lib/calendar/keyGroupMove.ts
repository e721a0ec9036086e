// Alt+←/→ on a bar: the selection (or, with none, the bar's whole release;
// Alt+Shift: with the releases that depend on it) moves by one step as one
// edit (api.commitGroupMove), the gaps between the bars kept. Presses are
// handled in order: each starts from where the previous one put the bars (as
// the calendar shows them, before the engine confirms), so a quick run of
// presses adds up.
import type { Api } from '../api';
import type { CommittedGroupMove, DeploymentBar } from '../types';
import { groupTargets } from './groupMove';
import type { GroupCommitMove } from './groupDrag';

export interface KeyGroupHost {
  /** A deployment as the calendar shows it now (undefined: not loaded). */
  shown: (id: string) => DeploymentBar | undefined;
  /** The selected bars as shown now (empty: no selection). */
  selected: () => DeploymentBar[];
  commit: (moves: GroupCommitMove[], run: () => Promise<CommittedGroupMove | null>) => unknown;
  error: (err: unknown) => void;
}

export class KeyGroupMove {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private api: Pick<Api, 'groupMoveSet' | 'commitGroupMove'>, private host: KeyGroupHost) {}

  /**
   * Move the selection, or with none `bar`'s release, by `shiftMs` (whole days
   * on `tz`'s calendar). Resolves once the bars are shown at their targets and
   * the commit is queued, to the number of bars moved.
   */
  move(bar: DeploymentBar, shiftMs: number, tz: string, withDependents: boolean): Promise<number> {
    const step = this.chain.then(async () => {
      let bars = this.host.selected();
      if (!bars.length) {
        const set = await this.api.groupMoveSet(bar.release, withDependents);
        bars = set.deployments.map((d) => this.host.shown(d.id) ?? d);
      }
      if (!bars.length || shiftMs === 0) return 0;
      const targets = groupTargets(bars, shiftMs, tz);
      void this.host.commit(targets.map((t) => ({ ...t, severity: undefined })), () => this.api.commitGroupMove(targets));
      return bars.length;
    }).catch((err) => {
      this.host.error(err);
      return 0;
    });
    this.chain = step;
    return step;
  }
}
