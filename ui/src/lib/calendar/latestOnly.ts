// "One request in flight, the latest wins": what a drag asks the engine while
// the pointer moves. A change asks at most once per animation frame and never
// while an answer is pending; when the answer comes, the current wish is asked
// about once more if it changed meanwhile, so a slow engine never queues up
// stale requests. Used by a bar's drag (drag.ts) and a group's (groupMove.ts).

export type FrameScheduler = (cb: () => void) => unknown;

export interface LatestOnlyHost<K, R> {
  /** What is wished now; two wishes with the same key ask the same. */
  key: () => K;
  /** The request for the current wish, or null when there is nothing to ask (told with a null answer). */
  ask: () => Promise<R> | null;
  /** The answer for a wish (null: nothing was asked); told once the request is no longer in flight. */
  answer: (r: R | null) => void;
  frame: FrameScheduler;
}

export class LatestOnly<K, R> {
  private sentKey: K;
  private scheduled = false;
  private inFlight = false;
  private stopped = false;

  /** The wish at construction counts as answered (there is nothing to ask about where a drag starts). */
  constructor(private host: LatestOnlyHost<K, R>) {
    this.sentKey = host.key();
  }

  /** Is the last answer the one for the current wish (and none pending)? */
  get fresh(): boolean {
    return !this.inFlight && this.host.key() === this.sentKey;
  }

  /** The wish changed: ask about it on the next frame, unless a frame or an answer is already awaited. */
  changed(): void {
    if (this.stopped || this.scheduled || this.inFlight) return;
    this.scheduled = true;
    this.host.frame(() => void this.send());
  }

  /** Ask nothing more, and tell no answer still pending. */
  stop(): void {
    this.stopped = true;
  }

  private async send(): Promise<void> {
    this.scheduled = false;
    if (this.stopped) return;
    const key = this.host.key();
    const request = this.host.ask();
    if (request === null) {
      this.sentKey = key;
      this.host.answer(null);
      return;
    }
    this.inFlight = true;
    let r: R;
    try {
      r = await request;
    } finally {
      this.inFlight = false;
    }
    // Told after inFlight is cleared, so that the answer for the current wish reads as fresh.
    this.sentKey = key;
    if (this.stopped) return;
    this.host.answer(r);
    if (this.host.key() !== this.sentKey) this.changed();
  }
}
