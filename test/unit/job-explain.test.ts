import { describe, expect, it } from '@jest/globals';
import type { CoreV1Event, V1ContainerState, V1Pod, V1PodCondition } from '@kubernetes/client-node';
import {
  eventsThatMatter,
  explainReason,
  failureHeadline,
  failureReport,
  type FailureInput,
} from '../../src/job/explain.ts';
import type { StuckPod } from '../../src/job/stuck.ts';
import type { JobVerdict } from '../../src/job/verdict.ts';

const jobName = 'hello-3';
const t = (seconds: number): Date => new Date(Date.UTC(2026, 10, 23, 10, 0, seconds));

const exited = (exitCode: number, reason = exitCode ? 'Error' : 'Completed'): V1ContainerState => ({
  terminated: { exitCode, reason, startedAt: t(1), finishedAt: t(2) },
});

interface PodOptions {
  phase?: string;
  main?: V1ContainerState;
  init?: V1ContainerState;
  sidecar?: V1ContainerState;
  reason?: string;
  message?: string;
  conditions?: V1PodCondition[];
}

/** Pod number `n` of the Job; higher numbers are newer. */
function pod(n: number, options: PodOptions = {}): V1Pod {
  const status = (name: string, state: V1ContainerState | undefined) =>
    state ? [{ name, image: '', imageID: '', ready: false, restartCount: 0, state }] : undefined;
  return {
    metadata: { name: `${jobName}-pod${n}`, namespace: 'team', creationTimestamp: t(n * 10) },
    spec: {
      initContainers: [
        ...(options.init ? [{ name: 'migrate', image: 'migrate:1' }] : []),
        ...(options.sidecar ? [{ name: 'cloudsql-proxy', image: 'proxy:1', restartPolicy: 'Always' }] : []),
      ],
      containers: [{ name: 'hello', image: 'hello:1', resources: { limits: { memory: '256Mi' } } }],
    },
    status: {
      phase: options.phase ?? 'Failed',
      reason: options.reason,
      message: options.message,
      conditions: options.conditions,
      initContainerStatuses: [
        ...(status('migrate', options.init) ?? []),
        ...(status('cloudsql-proxy', options.sidecar) ?? []),
      ],
      containerStatuses: status('hello', options.main),
    },
  };
}

const failedVerdict = (reason: string, message = ''): JobVerdict => ({ state: 'failed', reason, message, at: t(50) });
const running = (failedPods = 0): JobVerdict => ({ state: 'running', active: 1, succeededPods: 0, failedPods });
const unschedulable: V1PodCondition = {
  type: 'PodScheduled',
  status: 'False',
  reason: 'Unschedulable',
  message: '0/1 nodes are available: 1 Insufficient cpu.',
};

function event(
  reason: string,
  message: string,
  options: { kind?: string; name?: string; type?: string; at?: number; count?: number } = {},
): CoreV1Event {
  return {
    metadata: { name: `${reason}-${String(options.at ?? 0)}` },
    involvedObject: { kind: options.kind ?? 'Pod', name: options.name ?? `${jobName}-pod1` },
    reason,
    message,
    type: options.type ?? 'Warning',
    count: options.count,
    firstTimestamp: t(options.at ?? 0),
    lastTimestamp: t(options.at ?? 0),
  };
}

function input(overrides: Partial<FailureInput>): FailureInput {
  return {
    jobName,
    verdict: failedVerdict('BackoffLimitExceeded', 'Job has reached the specified backoff limit'),
    pods: [],
    events: [],
    logTails: new Map(),
    stuck: undefined,
    outcome: 'failed',
    ...overrides,
  };
}

const stuck = (reason: string, message = '', container = 'hello'): StuckPod => ({
  pod: `${jobName}-pod1`,
  container,
  reason,
  message,
  remedy: 'do something',
});

describe('failureHeadline', () => {
  it.each<[string, Partial<FailureInput>, string]>([
    [
      'the same exit code in every attempt',
      { pods: [4, 2, 3, 1].map((n) => pod(n, { main: exited(3) })) },
      'Job hello-3 failed: its container exited with code 3 (Error) in all 4 attempts; the backoff limit is spent (BackoffLimitExceeded).',
    ],
    [
      'the newest pod’s exit code counts',
      { pods: [pod(2, { main: exited(2) }), pod(1, { main: exited(1) })] },
      'Job hello-3 failed: its container exited with code 2 (Error) in the last of 2 attempts; the backoff limit is spent (BackoffLimitExceeded).',
    ],
    [
      'a single attempt',
      { pods: [pod(1, { main: exited(1) })] },
      'Job hello-3 failed: its container exited with code 1 (Error); the backoff limit is spent (BackoffLimitExceeded).',
    ],
    [
      'killed by SIGTERM',
      { pods: [pod(1, { main: exited(143) })] },
      'Job hello-3 failed: its container exited with code 143 (Error; signal 15, SIGTERM); the backoff limit is spent (BackoffLimitExceeded).',
    ],
    [
      'OOMKilled',
      { pods: [pod(1, { main: exited(137, 'OOMKilled') }), pod(2, { main: exited(137, 'OOMKilled') })] },
      'Job hello-3 was killed for using too much memory (OOMKilled, exit code 137, limit 256Mi) in both attempts; the backoff limit is spent (BackoffLimitExceeded).',
    ],
    [
      'DeadlineExceeded',
      {
        verdict: failedVerdict('DeadlineExceeded', 'Job was active longer than specified deadline'),
        pods: [pod(1, { main: exited(137) })],
      },
      'Job hello-3 failed: it ran longer than its activeDeadlineSeconds (DeadlineExceeded).',
    ],
    [
      'PodFailurePolicy',
      {
        verdict: failedVerdict(
          'PodFailurePolicy',
          'Container hello for pod team/hello-3-pod1 failed with exit code 42',
        ),
        pods: [pod(1, { main: exited(42) })],
      },
      'Job hello-3 failed: its container exited with code 42 (Error), which its podFailurePolicy says fails the Job at once (PodFailurePolicy).',
    ],
    [
      'a failed init container',
      { pods: [pod(1, { init: exited(1), main: { waiting: { reason: 'PodInitializing' } } })] },
      'Job hello-3 failed: its init container "migrate" exited with code 1 (Error); the backoff limit is spent (BackoffLimitExceeded).',
    ],
    [
      'main failed while its native sidecar ran',
      { pods: [pod(1, { sidecar: { running: { startedAt: t(1) } }, main: exited(3) })] },
      'Job hello-3 failed: its container exited with code 3 (Error); the backoff limit is spent (BackoffLimitExceeded).',
    ],
    [
      'an evicted pod',
      { pods: [pod(1, { reason: 'Evicted', message: 'The node was low on resource: memory.' })] },
      'Job hello-3 failed: its pod hello-3-pod1 was evicted (Evicted: The node was low on resource: memory.); the backoff limit is spent (BackoffLimitExceeded).',
    ],
    [
      'no pods left to tell',
      {
        verdict: failedVerdict(
          'MaxFailedIndexesExceeded',
          'Job has exceeded the specified maximal number of failed indexes',
        ),
      },
      'Job hello-3 failed (MaxFailedIndexesExceeded): Job has exceeded the specified maximal number of failed indexes.',
    ],
    [
      'an unknown reason without message',
      { verdict: failedVerdict('Mystery') },
      'Job hello-3 failed (Mystery): no message.',
    ],
    [
      'stuck pulling an image',
      { outcome: 'stuck', verdict: running(), pods: [pod(1, { phase: 'Pending' })], stuck: stuck('ImagePullBackOff') },
      'Job hello-3 cannot start: image "hello:1" cannot be pulled (ImagePullBackOff) — check that the image and tag exist in the registry.',
    ],
    [
      'stuck on a malformed image',
      { outcome: 'stuck', verdict: running(), pods: [pod(1, { phase: 'Pending' })], stuck: stuck('InvalidImageName') },
      'Job hello-3 cannot start: image "hello:1" is not a valid image reference (InvalidImageName).',
    ],
    [
      'stuck on a missing secret',
      {
        outcome: 'stuck',
        verdict: running(),
        pods: [pod(1, { phase: 'Pending' })],
        stuck: stuck('CreateContainerConfigError', 'secret "hello-db" not found'),
      },
      'Job hello-3 cannot start: the secret "hello-db" does not exist (CreateContainerConfigError).',
    ],
    [
      'stuck creating the container',
      {
        outcome: 'stuck',
        verdict: running(),
        pods: [pod(1, { phase: 'Pending' })],
        stuck: stuck('CreateContainerError', 'no command specified'),
      },
      'Job hello-3 cannot start: container "hello" of pod hello-3-pod1 is stuck (CreateContainerError: no command specified).',
    ],
    [
      'timed out unschedulable',
      {
        outcome: 'timed-out',
        timeoutMs: 600_000,
        verdict: running(),
        pods: [pod(1, { phase: 'Pending', conditions: [unschedulable] })],
      },
      'Timed out after 10m: Job hello-3 is still running (pod hello-3-pod1 Pending: Unschedulable: 0/1 nodes are available: 1 Insufficient cpu.)',
    ],
    [
      'timed out while running a retry',
      {
        outcome: 'timed-out',
        timeoutMs: 90_000,
        verdict: running(1),
        pods: [pod(1, { main: exited(1) }), pod(2, { phase: 'Running', main: { running: { startedAt: t(21) } } })],
      },
      'Timed out after 1m30s: Job hello-3 is still running (pod hello-3-pod2 Running; 1 earlier attempt failed)',
    ],
    [
      'timed out waiting for a container',
      {
        outcome: 'timed-out',
        verdict: running(),
        pods: [pod(1, { phase: 'Pending', main: { waiting: { reason: 'ContainerCreating' } } })],
      },
      'Timed out: Job hello-3 is still running (pod hello-3-pod1 Pending: container waiting: ContainerCreating)',
    ],
    [
      'timed out without a pod: the quota refused it',
      {
        outcome: 'timed-out',
        timeoutMs: 600_000,
        verdict: running(),
        events: [
          event('FailedCreate', 'Error creating: pods "hello-3-x" is forbidden: exceeded quota: team-quota', {
            kind: 'Job',
            name: jobName,
          }),
        ],
      },
      'Timed out after 10m: Job hello-3 is still running (no pod could be created: Error creating: pods "hello-3-x" is forbidden: exceeded quota: team-quota)',
    ],
    [
      'timed out without a pod',
      { outcome: 'timed-out', timeoutMs: 60_000, verdict: running() },
      'Timed out after 1m: Job hello-3 is still running (no pod has been created yet)',
    ],
    [
      'cancelled',
      { outcome: 'cancelled', verdict: running(), pods: [pod(1, { phase: 'Running', main: { running: {} } })] },
      'Cancelled while waiting: Job hello-3 is still running (pod hello-3-pod1 Running)',
    ],
  ])('%s', (_name, overrides, expected) => {
    expect(failureHeadline(input(overrides))).toBe(expected);
  });
});

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

describe('eventsThatMatter', () => {
  const pods = [`${jobName}-pod1`, `${jobName}-pod2`];
  const pick = (events: CoreV1Event[]): string[] =>
    eventsThatMatter(events, jobName, pods).map(
      (e) => `${e.involvedObject.name ?? ''} ${e.reason ?? ''} ×${String(e.count)}`,
    );

  it.each<[string, CoreV1Event[], string[]]>([
    [
      'Warnings of the Job and its pods, oldest first',
      [
        event('BackoffLimitExceeded', 'limit', { kind: 'Job', name: jobName, at: 30 }),
        event('FailedMount', 'no volume', { at: 10 }),
        event('Failed', 'Error: ErrImagePull', { name: `${jobName}-pod2`, at: 20 }),
      ],
      ['hello-3-pod1 FailedMount ×1', 'hello-3-pod2 Failed ×1', 'hello-3 BackoffLimitExceeded ×1'],
    ],
    [
      'not other Jobs, their pods, or a Pod named like the Job',
      [
        event('BackoffLimitExceeded', 'limit', { kind: 'Job', name: 'hello-4' }),
        event('FailedMount', 'x', { name: 'hello-4-pod1' }),
        event('FailedMount', 'x', { kind: 'CronJob', name: jobName }),
        event('FailedMount', 'x', { kind: 'Pod', name: jobName }),
      ],
      [],
    ],
    [
      'Normal events that explain, not the others',
      [
        event('Scheduled', 'assigned', { type: 'Normal', at: 1 }),
        event('Pulling', 'pulling', { type: 'Normal', at: 2 }),
        event('BackOff', 'Back-off pulling image "x:1"', { type: 'Normal', at: 3 }),
        event('Killing', 'Stopping container hello', { type: 'Normal', at: 4 }),
        event('SuccessfulDelete', 'Deleted pod: hello-3-pod1', { type: 'Normal', kind: 'Job', name: jobName, at: 5 }),
        event('TriggeredScaleUp', 'pod triggered scale-up', { type: 'Normal', at: 6 }),
        event('Completed', 'Job completed', { type: 'Normal', kind: 'Job', name: jobName, at: 7 }),
      ],
      [
        'hello-3-pod1 BackOff ×1',
        'hello-3-pod1 Killing ×1',
        'hello-3 SuccessfulDelete ×1',
        'hello-3-pod1 TriggeredScaleUp ×1',
      ],
    ],
    [
      'repeats folded into the first, counts added',
      [
        event('BackOff', 'Back-off pulling image "x:1"', { type: 'Normal', at: 3, count: 4 }),
        event('BackOff', 'Back-off pulling image "x:1"', { name: `${jobName}-pod2`, type: 'Normal', at: 9, count: 2 }),
        event('Failed', 'Error: ImagePullBackOff', { at: 5 }),
        event('BackOff', 'Back-off restarting failed container', { at: 6 }),
      ],
      ['hello-3-pod1 BackOff ×6', 'hello-3-pod1 Failed ×1', 'hello-3-pod1 BackOff ×1'],
    ],
  ])('%s', (_name, events, expected) => {
    expect(pick(events)).toEqual(expected);
  });

  it('keeps the last time of folded repeats and counts a series', () => {
    const series: CoreV1Event = Object.assign(event('FailedScheduling', '0/1 nodes are available', { at: 1 }), {
      count: undefined,
      series: { count: 5 },
    });
    const [folded] = eventsThatMatter(
      [series, event('FailedScheduling', '0/1 nodes are available', { at: 30, count: 2 })],
      jobName,
      pods,
    );
    expect(folded?.count).toBe(7);
    expect(folded?.lastTimestamp).toEqual(t(30));
    expect(folded?.firstTimestamp).toEqual(t(1));
  });
});

describe('explainReason', () => {
  it.each([
    'BackoffLimitExceeded',
    'DeadlineExceeded',
    'PodFailurePolicy',
    'MaxFailedIndexesExceeded',
    'FailedIndexes',
    'OOMKilled',
    'Error',
    'ContainerCannotRun',
    'ImagePullBackOff',
    'ErrImagePull',
    'InvalidImageName',
    'CreateContainerConfigError',
    'CreateContainerError',
    'Unschedulable',
    'Evicted',
    'Completed',
  ])('explains %s', (reason) => {
    expect(explainReason(reason)).toMatch(/^[A-Z].*\.$/);
  });

  it.each([undefined, '', 'Mystery', 'constructor', 'toString'])('has nothing for %p', (reason) => {
    expect(explainReason(reason)).toBeUndefined();
  });

  it('tells what to change for OOMKilled', () => {
    expect(explainReason('OOMKilled')).toContain('spec.resources.limits.memory');
  });
});
