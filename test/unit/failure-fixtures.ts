// Pods, events and inputs for the failure explanation tests.
import type { CoreV1Event, V1ContainerState, V1Pod, V1PodCondition } from '@kubernetes/client-node';
import type { FailureInput } from '../../src/job/failure-input.ts';
import type { StuckPod } from '../../src/job/stuck.ts';
import type { JobVerdict } from '../../src/job/verdict.ts';

export const jobName = 'hello-3';
export const t = (seconds: number): Date => new Date(Date.UTC(2026, 10, 23, 10, 0, seconds));

export const exited = (exitCode: number, reason = exitCode ? 'Error' : 'Completed'): V1ContainerState => ({
  terminated: { exitCode, reason, startedAt: t(1), finishedAt: t(2) },
});

export interface PodOptions {
  phase?: string;
  main?: V1ContainerState;
  init?: V1ContainerState;
  sidecar?: V1ContainerState;
  reason?: string;
  message?: string;
  conditions?: V1PodCondition[];
}

/** Pod number `n` of the Job; higher numbers are newer. */
export function pod(n: number, options: PodOptions = {}): V1Pod {
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

export const failedVerdict = (reason: string, message = ''): JobVerdict => ({
  state: 'failed',
  reason,
  message,
  at: t(50),
});
export const running = (failedPods = 0): JobVerdict => ({ state: 'running', active: 1, succeededPods: 0, failedPods });
export const unschedulable: V1PodCondition = {
  type: 'PodScheduled',
  status: 'False',
  reason: 'Unschedulable',
  message: '0/1 nodes are available: 1 Insufficient cpu.',
};

export function event(
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

export function input(overrides: Partial<FailureInput>): FailureInput {
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

export const stuck = (reason: string, message = '', container = 'hello'): StuckPod => ({
  pod: `${jobName}-pod1`,
  container,
  reason,
  message,
  remedy: 'do something',
});
