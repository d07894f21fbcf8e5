// How a waited-for Job ended: one row per way tracking stops.
import { describe, expect, it } from '@jest/globals';
import type { TrackingEnd } from '../../src/job/job-tracker.ts';
import { runEnd, type RunEnd } from '../../src/job/run-end.ts';
import type { JobVerdict } from '../../src/job/verdict.ts';

const succeeded: JobVerdict = { state: 'succeeded', reason: 'CompletionsReached', message: '', at: undefined };
const failed: JobVerdict = { state: 'failed', reason: 'BackoffLimitExceeded', message: '', at: undefined };
const running: JobVerdict = { state: 'running', active: 1, succeededPods: 0, failedPods: 0 };

describe('runEnd', () => {
  it.each<[string, TrackingEnd, JobVerdict, RunEnd]>([
    ['a Complete Job', 'terminal', succeeded, { result: 'succeeded', explain: undefined, deleted: false }],
    ['a Failed Job', 'terminal', failed, { result: 'failed', explain: 'failed', deleted: false }],
    [
      'a stuck pod fails the step before the Job does',
      'stuck',
      running,
      { result: 'failed', explain: 'stuck', deleted: false },
    ],
    ['a Job deleted under the step', 'deleted', running, { result: 'failed', explain: undefined, deleted: true }],
    ['the deadline', 'timed-out', running, { result: 'timed-out', explain: 'timed-out', deleted: false }],
    ['cancellation', 'cancelled', running, { result: 'cancelled', explain: 'cancelled', deleted: false }],
  ])('%s', (_name, end, verdict, expected) => {
    expect(runEnd(end, verdict)).toEqual(expected);
  });
});
