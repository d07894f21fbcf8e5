import { describe, expect, it } from '@jest/globals';
import { explainReason } from '../../src/job/failure-reasons.ts';
import { failureReport } from '../../src/job/failure-report.ts';
import {
  jobName,
  exited,
  pod,
  failedVerdict,
  running,
  unschedulable,
  event,
  input,
  stuck,
} from './failure-fixtures.ts';

describe('failureReport', () => {
  it('tells the Job, each pod in order with containers and log lines, then the events', () => {
    const report = failureReport(
      input({
        pods: [
          pod(2, { main: exited(137, 'OOMKilled'), sidecar: exited(143) }),
          pod(1, { main: exited(3), sidecar: exited(0) }),
        ],
        logTails: new Map([
          [`${jobName}-pod1`, ['starting', 'boom']],
          [`${jobName}-pod2`, []],
        ]),
        events: [
          event('BackoffLimitExceeded', 'Job has reached the specified backoff limit', {
            kind: 'Job',
            name: jobName,
            at: 40,
          }),
          event('Pulled', 'Successfully pulled image', { type: 'Normal', at: 5 }),
        ],
      }),
    );
    expect(report).toEqual([
      'Job hello-3 failed (BackoffLimitExceeded): Job has reached the specified backoff limit',
      '  The pods failed more times than spec.backoffLimit allows, so the Job gave up.',
      'Pod hello-3-pod1 (attempt 1 of 2): Failed',
      '  container "cloudsql-proxy" (sidecar): terminated, exit code 0 (Completed)',
      '  container "hello": terminated, exit code 3 (Error) — The container exited with a non-zero code.',
      '  last 2 log lines of "hello":',
      '    | starting',
      '    | boom',
      'Pod hello-3-pod2 (attempt 2 of 2): Failed',
      '  container "cloudsql-proxy" (sidecar): terminated, exit code 143 (Error; signal 15, SIGTERM)',
      `  container "hello": terminated, exit code 137 (OOMKilled) — ${explainReason('OOMKilled') ?? ''}`,
      '  no log lines from "hello"',
      'Events:',
      '  2026-11-23T10:00:40Z Warning BackoffLimitExceeded Job/hello-3: Job has reached the specified backoff limit',
    ]);
  });

  it('tells a stuck pod with its remedy', () => {
    const report = failureReport(
      input({
        outcome: 'stuck',
        verdict: running(),
        stuck: stuck('ImagePullBackOff', 'Back-off pulling image "hello:1"'),
        pods: [pod(1, { phase: 'Pending', main: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off' } } })],
      }),
    );
    expect(report.slice(0, 3)).toEqual([
      'Job hello-3 is still running: 1 active, 0 succeeded, 0 failed pods',
      'Pod hello-3-pod1 is stuck: container "hello" waits (ImagePullBackOff): Back-off pulling image "hello:1"',
      '  What to do: do something',
    ]);
    expect(report).toContain('    message: Back-off');
  });

  it('tells an unschedulable pod and a pod-level reason', () => {
    const report = failureReport(
      input({
        outcome: 'timed-out',
        verdict: running(),
        pods: [
          pod(1, { reason: 'Evicted', message: 'low on memory' }),
          pod(2, { phase: 'Pending', conditions: [unschedulable] }),
        ],
      }),
    );
    expect(report).toEqual(
      expect.arrayContaining([
        'Pod hello-3-pod1 (attempt 1 of 2): Failed (Evicted: low on memory)',
        `  ${explainReason('Evicted') ?? ''}`,
        'Pod hello-3-pod2 (attempt 2 of 2): Pending',
        '  Unschedulable: 0/1 nodes are available: 1 Insufficient cpu.',
        '  container "hello": not started',
      ]),
    );
  });

  it('says why no pod exists', () => {
    expect(failureReport(input({ verdict: failedVerdict('DeadlineExceeded') }))).toContain('No pod was created.');
  });
});
