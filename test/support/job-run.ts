// A finished Job run for tests of what is made from one (summaries, comments).
import type { JobRun } from '../../src/job/wait-for-jobs.ts';

export function jobRun(overrides: Partial<JobRun> = {}): JobRun {
  return {
    target: { namespace: 'team-a', name: 'hello-1', naisjob: 'hello', startedBy: 'naiserator' },
    result: 'succeeded',
    verdict: { state: 'succeeded', reason: 'CompletionsReached', message: '', at: undefined },
    exitCode: 0,
    reason: 'CompletionsReached',
    durationSeconds: 12,
    headline: 'Job hello-1 succeeded in 12s.',
    report: [],
    timeline: [],
    attempts: [],
    logTail: [],
    deleted: false,
    ...overrides,
  };
}
