// A clock for retry and backoff tests: sleeps return at once and move time on by what they waited.
import type { RetryClock } from '../../src/cluster/retrying.ts';

export interface FakeClock extends RetryClock {
  /** Every sleep asked for, in order. */
  slept: number[];
  /** Moves time on, as if the test waited. */
  advance: (ms: number) => void;
}

export function fakeClock(start = 1_700_000_000_000, random = 0.5): FakeClock {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    sleep: (ms) => {
      slept.push(ms);
      now += ms;
      return new Promise((resolve) => setImmediate(resolve));
    },
    random: () => random,
  };
}
