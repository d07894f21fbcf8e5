import { describe, expect, it } from '@jest/globals';
import type { V1Job, V1JobCondition, V1JobStatus } from '@kubernetes/client-node';
import { attemptsOf, durationSeconds, jobVerdict, type JobVerdict } from '../../src/job/verdict.ts';

const at = new Date('2026-11-23T10:05:00Z');
const condition = (type: string, reason?: string, message?: string, status = 'True'): V1JobCondition => ({
  type,
  status,
  reason,
  message,
  lastTransitionTime: at,
});
const job = (status: V1JobStatus): V1Job => ({ metadata: { name: 'hello-3' }, status });

describe('jobVerdict', () => {
  it.each<[string, V1JobStatus, JobVerdict]>([
    ['no status yet', {}, { state: 'running', active: 0, succeededPods: 0, failedPods: 0 }],
    ['one active pod', { active: 1 }, { state: 'running', active: 1, succeededPods: 0, failedPods: 0 }],
    [
      'failed pods but retries remain',
      { active: 1, failed: 2, conditions: [] },
      { state: 'running', active: 1, succeededPods: 0, failedPods: 2 },
    ],
    [
      'a False Failed condition',
      { failed: 1, conditions: [condition('Failed', 'BackoffLimitExceeded', '', 'False')] },
      { state: 'running', active: 0, succeededPods: 0, failedPods: 1 },
    ],
    [
      'suspended',
      { conditions: [condition('Suspended', 'JobSuspended')] },
      { state: 'running', active: 0, succeededPods: 0, failedPods: 0 },
    ],
    [
      'Complete',
      { succeeded: 1, conditions: [condition('SuccessCriteriaMet', 'CompletionsReached'), condition('Complete')] },
      { state: 'succeeded', reason: 'Completed', message: '', at },
    ],
    [
      'SuccessCriteriaMet before Complete',
      { succeeded: 1, active: 1, conditions: [condition('SuccessCriteriaMet', 'SuccessPolicy', 'met')] },
      { state: 'succeeded', reason: 'SuccessPolicy', message: 'met', at },
    ],
    [
      'BackoffLimitExceeded',
      {
        failed: 4,
        conditions: [
          condition('FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'),
          condition('Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'),
        ],
      },
      { state: 'failed', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', at },
    ],
    [
      'FailureTarget while pods terminate',
      { active: 1, conditions: [condition('FailureTarget', 'DeadlineExceeded', 'Job was active longer')] },
      { state: 'failed', reason: 'DeadlineExceeded', message: 'Job was active longer', at },
    ],
    [
      'DeadlineExceeded',
      { conditions: [condition('Failed', 'DeadlineExceeded', 'Job was active longer than specified deadline')] },
      { state: 'failed', reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline', at },
    ],
    [
      'PodFailurePolicy',
      { failed: 1, conditions: [condition('Failed', 'PodFailurePolicy', 'Container main failed with exit code 42')] },
      { state: 'failed', reason: 'PodFailurePolicy', message: 'Container main failed with exit code 42', at },
    ],
    [
      'MaxFailedIndexesExceeded',
      { conditions: [condition('Failed', 'MaxFailedIndexesExceeded')] },
      { state: 'failed', reason: 'MaxFailedIndexesExceeded', message: '', at },
    ],
    [
      'a failure condition without a reason',
      { conditions: [condition('Failed')] },
      { state: 'failed', reason: 'Failed', message: '', at },
    ],
    [
      'failure wins over success',
      { conditions: [condition('Complete'), condition('Failed', 'FailedIndexes')] },
      { state: 'failed', reason: 'FailedIndexes', message: '', at },
    ],
  ])('%s', (_name, status, expected) => {
    expect(jobVerdict(job(status))).toEqual(expected);
  });

  it('reads times given as strings, as watch events carry them', () => {
    const raw = { type: 'Failed', status: 'True', reason: 'X', lastTransitionTime: '2026-11-23T10:05:00Z' };
    const verdict = jobVerdict(job({ conditions: [raw as unknown as V1JobCondition] }));
    expect(verdict).toEqual({ state: 'failed', reason: 'X', message: '', at });
  });
});

describe('durationSeconds', () => {
  const start = new Date('2026-11-23T10:00:00Z');
  const now = Date.parse('2026-11-23T10:10:00.400Z');
  it.each<[string, V1JobStatus, number | undefined]>([
    ['not started', {}, undefined],
    ['running: until now, rounded', { startTime: start, active: 1 }, 600],
    [
      'succeeded: until completionTime',
      { startTime: start, completionTime: new Date('2026-11-23T10:01:29.600Z'), conditions: [condition('Complete')] },
      90,
    ],
    ['failed: until the condition', { startTime: start, conditions: [condition('Failed', 'DeadlineExceeded')] }, 300],
    [
      'completionTime not yet set: until the condition',
      { startTime: start, conditions: [condition('SuccessCriteriaMet')] },
      300,
    ],
  ])('%s → %p', (_name, status, expected) => {
    expect(durationSeconds(job(status), now)).toBe(expected);
  });
});

describe('attemptsOf', () => {
  it.each<[V1JobStatus, number]>([
    [{}, 0],
    [{ active: 1 }, 1],
    [{ failed: 3, active: 1 }, 4],
    [{ failed: 2, succeeded: 1 }, 3],
  ])('%p → %p', (status, expected) => {
    expect(attemptsOf(job(status))).toBe(expected);
  });
});
