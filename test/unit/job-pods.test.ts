import { describe, expect, it } from '@jest/globals';
import type { V1ContainerState, V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import {
  mainContainer,
  mainContainerName,
  podState,
  podsInOrder,
  type ContainerState,
  type PodState,
} from '../../src/job/pods.ts';

const started = new Date('2026-11-23T10:00:10Z');
const finished = new Date('2026-11-23T10:01:00Z');
const status = (name: string, state: V1ContainerState, extra: Partial<V1ContainerStatus> = {}): V1ContainerStatus => ({
  name,
  image: `${name}:1`,
  imageID: '',
  ready: false,
  restartCount: 0,
  state,
  ...extra,
});
const terminated = (exitCode: number, reason = exitCode ? 'Error' : 'Completed'): V1ContainerState => ({
  terminated: { exitCode, reason, startedAt: started, finishedAt: finished },
});
const running: V1ContainerState = { running: { startedAt: started } };

/** A Job pod in the shape NAIS makes them: the app container, maybe a native sidecar and an init container. */
function pod(overrides: {
  name?: string;
  created?: string;
  annotations?: Record<string, string>;
  containers?: string[];
  sidecars?: string[];
  inits?: string[];
  statuses?: V1ContainerStatus[];
  initStatuses?: V1ContainerStatus[];
  phase?: string;
}): V1Pod {
  return {
    metadata: {
      name: overrides.name ?? 'hello-3-abcde',
      creationTimestamp: new Date(overrides.created ?? '2026-11-23T10:00:00Z'),
      annotations: overrides.annotations,
    },
    spec: {
      initContainers: [
        ...(overrides.inits ?? []).map((name) => ({ name, image: `${name}:1` })),
        ...(overrides.sidecars ?? []).map((name) => ({ name, image: `${name}:1`, restartPolicy: 'Always' })),
      ],
      containers: (overrides.containers ?? ['hello']).map((name) => ({ name, image: `${name}:1` })),
    },
    status: {
      phase: overrides.phase ?? 'Running',
      containerStatuses: overrides.statuses,
      initContainerStatuses: overrides.initStatuses,
    },
  };
}

describe('mainContainerName', () => {
  it.each<[string, V1Pod, string]>([
    ['the first container', pod({ containers: ['hello', 'secure-logs'] }), 'hello'],
    [
      'the annotated one',
      pod({
        containers: ['linkerd-proxy', 'hello'],
        annotations: { 'kubectl.kubernetes.io/default-container': 'hello' },
      }),
      'hello',
    ],
    [
      'the first when the annotation names no container',
      pod({ containers: ['hello', 'x'], annotations: { 'kubectl.kubernetes.io/default-container': 'gone' } }),
      'hello',
    ],
    ['nothing without containers', { metadata: { name: 'p' } }, ''],
  ])('%s', (_name, input, expected) => {
    expect(mainContainerName(input)).toBe(expected);
  });
});

describe('podState', () => {
  const summary = (state: PodState): string[] =>
    state.containers.map(
      (c) => `${c.name} ${c.kind} ${c.state} ${c.reason ?? '-'} ${c.exitCode ?? '-'} ${c.restartCount}`,
    );

  it.each<[string, V1Pod, string[]]>([
    [
      'native sidecar still running while main exited 0',
      pod({
        sidecars: ['cloudsql-proxy'],
        phase: 'Running',
        initStatuses: [status('cloudsql-proxy', running)],
        statuses: [status('hello', terminated(0))],
      }),
      ['cloudsql-proxy sidecar running - - 0', 'hello main terminated Completed 0 0'],
    ],
    [
      'init container, main and a classic sidecar',
      pod({
        inits: ['migrate'],
        containers: ['hello', 'secure-logs'],
        initStatuses: [status('migrate', terminated(0))],
        statuses: [status('hello', terminated(3)), status('secure-logs', running)],
      }),
      ['migrate init terminated Completed 0 0', 'hello main terminated Error 3 0', 'secure-logs sidecar running - - 0'],
    ],
    [
      'OOMKilled',
      pod({ phase: 'Failed', statuses: [status('hello', terminated(137, 'OOMKilled'))] }),
      ['hello main terminated OOMKilled 137 0'],
    ],
    [
      'waiting to restart keeps the last exit code',
      pod({
        statuses: [
          status(
            'hello',
            { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 10s' } },
            { restartCount: 2, lastState: terminated(1) },
          ),
        ],
      }),
      ['hello main waiting CrashLoopBackOff 1 2'],
    ],
    ['no status yet', pod({ phase: 'Pending' }), ['hello main unknown - - 0']],
    [
      'a status the spec does not list',
      { metadata: { name: 'p' }, status: { containerStatuses: [status('hello', running)] } },
      ['hello main running - - 0'],
    ],
  ])('%s', (_name, input, expected) => {
    expect(summary(podState(input))).toEqual(expected);
  });

  it('reads the exit code of the main container, not of the sidecar', () => {
    const state = podState(
      pod({
        sidecars: ['cloudsql-proxy'],
        initStatuses: [status('cloudsql-proxy', running)],
        statuses: [status('hello', terminated(0))],
      }),
    );
    const expected: Partial<ContainerState> = {
      kind: 'main',
      state: 'terminated',
      exitCode: 0,
      startedAt: started,
      finishedAt: finished,
    };
    expect(mainContainer(state, 'hello')).toMatchObject(expected);
  });

  it('reads pod-level reasons and the scheduler', () => {
    const evicted: V1Pod = {
      metadata: { name: 'p', creationTimestamp: started },
      status: {
        phase: 'Failed',
        reason: 'Evicted',
        message: 'The node was low on resource: memory.',
        conditions: [
          {
            type: 'PodScheduled',
            status: 'False',
            reason: 'Unschedulable',
            message: '0/1 nodes are available: 1 Insufficient cpu.',
          },
        ],
      },
    };
    const expected: PodState = {
      name: 'p',
      phase: 'Failed',
      createdAt: started,
      unschedulable: '0/1 nodes are available: 1 Insufficient cpu.',
      reason: 'Evicted',
      message: 'The node was low on resource: memory.',
      containers: [],
    };
    expect(podState(evicted)).toEqual(expected);
  });

  it.each<[string, string, string | undefined]>([
    ['Unschedulable', 'False', 'no nodes'],
    ['SchedulerError', 'False', undefined],
    ['', 'True', undefined],
  ])('PodScheduled %s %s → %p', (reason, conditionStatus, expected) => {
    const input: V1Pod = {
      status: { conditions: [{ type: 'PodScheduled', status: conditionStatus, reason, message: 'no nodes' }] },
    };
    expect(podState(input).unschedulable).toBe(expected);
  });
});

describe('mainContainer', () => {
  const state = podState(
    pod({ containers: ['hello', 'secure-logs'], statuses: [status('hello', running), status('secure-logs', running)] }),
  );
  it.each<[string, string | undefined]>([
    ['hello', 'hello'],
    ['secure-logs', 'secure-logs'],
    ['gone', 'hello'],
  ])('%s → %p', (name, expected) => {
    expect(mainContainer(state, name)?.name).toBe(expected);
  });
});

describe('podsInOrder', () => {
  it('sorts by creation time, then name, without touching the input', () => {
    const pods = [
      pod({ name: 'c', created: '2026-11-23T10:02:00Z' }),
      pod({ name: 'b', created: '2026-11-23T10:01:00Z' }),
      { metadata: { name: 'z' } },
      pod({ name: 'a', created: '2026-11-23T10:01:00Z' }),
    ];
    expect(podsInOrder(pods).map((p) => p.metadata?.name)).toEqual(['a', 'b', 'c', 'z']);
    expect(pods.map((p) => p.metadata?.name)).toEqual(['c', 'b', 'z', 'a']);
  });
});
