// The drag's scheduler: one request per frame, never two in flight, the
// latest wish asked once the pending answer is in, nothing after stop().
import { describe, expect, it } from 'vitest';
import { LatestOnly } from './latestOnly';

function frames() {
  const queue: Array<() => void> = [];
  return { schedule: (cb: () => void) => queue.push(cb), run: () => queue.splice(0).forEach((f) => f()), queue };
}
const flush = () => new Promise((r) => setTimeout(r, 0));

/** A scheduler over a number wish whose requests the test answers by hand. */
function harness(initial = 0) {
  const f = frames();
  const state = { wish: initial };
  const asked: number[] = [];
  const answers: Array<{ r: string | null; fresh: boolean }> = [];
  const pending: Array<(r: string) => void> = [];
  const lo: LatestOnly<number, string> = new LatestOnly<number, string>({
    key: () => state.wish,
    ask: () => {
      if (state.wish === 0) return null;
      asked.push(state.wish);
      const w = state.wish;
      return new Promise<string>((r) => pending.push(() => r(`answer ${w}`)));
    },
    answer: (r) => answers.push({ r, fresh: lo.fresh }),
    frame: f.schedule,
  });
  const wish = (w: number) => { state.wish = w; lo.changed(); };
  const reply = async () => { pending.shift()!(''); await flush(); };
  return { lo, f, wish, asked, answers, reply };
}

describe('one request in flight, the latest wins', () => {
  it('starts fresh and asks once per frame, with the latest wish', async () => {
    const h = harness();
    expect(h.lo.fresh).toBe(true);
    h.wish(1); h.wish(2); h.wish(3);
    expect(h.f.queue).toHaveLength(1);
    expect(h.lo.fresh).toBe(false);
    h.f.run();
    expect(h.asked).toEqual([3]);
    await h.reply();
    expect(h.answers).toEqual([{ r: 'answer 3', fresh: true }]);
  });

  it('asks nothing while an answer is pending, then the latest wish once', async () => {
    const h = harness();
    h.wish(1);
    h.f.run();
    h.wish(2); h.wish(3);
    expect(h.f.queue).toHaveLength(0);
    await h.reply();
    expect(h.answers).toEqual([{ r: 'answer 1', fresh: false }]);
    expect(h.f.queue).toHaveLength(1);
    h.f.run();
    expect(h.asked).toEqual([1, 3]);
    await h.reply();
    expect(h.lo.fresh).toBe(true);
    expect(h.f.queue).toHaveLength(0);
  });

  it('tells a null answer, at once, when there is nothing to ask', () => {
    const h = harness(5);
    h.wish(0);
    h.f.run();
    expect(h.asked).toEqual([]);
    expect(h.answers).toEqual([{ r: null, fresh: true }]);
  });

  it('tells nothing and asks nothing after stop()', async () => {
    const h = harness();
    h.wish(1);
    h.f.run();
    h.wish(2);
    h.lo.stop();
    await h.reply();
    h.wish(3);
    h.f.run();
    expect(h.answers).toEqual([]);
    expect(h.asked).toEqual([1]);
  });
});
