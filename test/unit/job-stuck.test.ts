import { describe, expect, it } from '@jest/globals';
import type { CoreV1Event, V1ContainerStatus, V1Job, V1Pod, V1PodCondition } from '@kubernetes/client-node';
import type { ClusterGateway, WatchOptions } from '../../src/cluster/gateway.ts';
import { JobTracker } from '../../src/job/job-tracker.ts';
import { missingReference, podCreationStuck, stuckPod } from '../../src/job/stuck.ts';

const scheduledAt = Date.parse('2026-11-23T10:00:00Z');
const graceMs = 60_000;
const within = scheduledAt + 30_000;
const after = scheduledAt + 61_000;

const waiting = (name: string, reason: string, message = `${reason} message`): V1ContainerStatus => ({
  name,
  image: 'x',
  imageID: '',
  ready: false,
  restartCount: 0,
  state: { waiting: { reason, message } },
});
const scheduled: V1PodCondition = { type: 'PodScheduled', status: 'True', lastTransitionTime: new Date(scheduledAt) };

function pod(
  statuses: V1ContainerStatus[],
  options: { init?: V1ContainerStatus[]; conditions?: V1PodCondition[]; phase?: string; startTime?: Date } = {},
): V1Pod {
  return {
    metadata: {
      name: 'hello-3-abcde',
      namespace: 'team',
      creationTimestamp: new Date(scheduledAt - 600_000),
    },
    spec: {
      initContainers: [{ name: 'migrate', image: 'migrate:1' }],
      containers: [{ name: 'hello', image: 'europe-north1-docker.pkg.dev/nais/team/hello:1' }],
    },
    status: {
      phase: options.phase ?? 'Pending',
      conditions: options.conditions ?? [scheduled],
      startTime: options.startTime,
      initContainerStatuses: options.init,
      containerStatuses: statuses,
    },
  };
}

describe('stuckPod', () => {
  it.each<[string, V1Pod, number, string | undefined]>([
    ['InvalidImageName at once', pod([waiting('hello', 'InvalidImageName')]), within, 'InvalidImageName'],
    ['ErrImageNeverPull at once', pod([waiting('hello', 'ErrImageNeverPull')]), within, 'ErrImageNeverPull'],
    ['ImagePullBackOff within the grace', pod([waiting('hello', 'ImagePullBackOff')]), within, undefined],
    ['ImagePullBackOff after the grace', pod([waiting('hello', 'ImagePullBackOff')]), after, 'ImagePullBackOff'],
    ['ErrImagePull after the grace', pod([waiting('hello', 'ErrImagePull')]), after, 'ErrImagePull'],
    [
      'CreateContainerConfigError within the grace',
      pod([waiting('hello', 'CreateContainerConfigError')]),
      within,
      undefined,
    ],
    [
      'CreateContainerConfigError after the grace',
      pod([waiting('hello', 'CreateContainerConfigError')]),
      after,
      'CreateContainerConfigError',
    ],
    [
      'CreateContainerError after the grace',
      pod([waiting('hello', 'CreateContainerError')]),
      after,
      'CreateContainerError',
    ],
    ['ContainerCreating is not stuck', pod([waiting('hello', 'ContainerCreating')]), after, undefined],
    ['PodInitializing is not stuck', pod([waiting('hello', 'PodInitializing')]), after, undefined],
    [
      'CrashLoopBackOff is not stuck',
      pod([waiting('hello', 'CrashLoopBackOff')], { phase: 'Running' }),
      after,
      undefined,
    ],
    [
      'Unschedulable is not stuck',
      pod([], {
        conditions: [
          {
            type: 'PodScheduled',
            status: 'False',
            reason: 'Unschedulable',
            message: '0/1 nodes are available: 1 Insufficient cpu.',
            lastTransitionTime: new Date(scheduledAt),
          },
        ],
      }),
      after + 3_600_000,
      undefined,
    ],
    [
      'grace counted from startTime without PodScheduled',
      pod([waiting('hello', 'ImagePullBackOff')], { conditions: [], startTime: new Date(scheduledAt) }),
      within,
      undefined,
    ],
    [
      'grace counted from creation as a last resort',
      pod([waiting('hello', 'ImagePullBackOff')], { conditions: [] }),
      within,
      'ImagePullBackOff',
    ],
    [
      'an init container pulling in vain',
      pod([waiting('hello', 'PodInitializing')], { init: [waiting('migrate', 'ImagePullBackOff')] }),
      after,
      'ImagePullBackOff',
    ],
    ['a finished pod is not stuck', pod([waiting('hello', 'InvalidImageName')], { phase: 'Failed' }), after, undefined],
  ])('%s', (_name, input, now, expected) => {
    expect(stuckPod(input, now, graceMs)?.reason).toBe(expected);
  });

  it('names the pod, the container and a remedy for an image pull', () => {
    expect(stuckPod(pod([waiting('hello', 'ImagePullBackOff', 'Back-off pulling image')]), after, graceMs)).toEqual({
      pod: 'hello-3-abcde',
      container: 'hello',
      reason: 'ImagePullBackOff',
      message: 'Back-off pulling image',
      remedy: expect.stringContaining(
        'Check that the image "europe-north1-docker.pkg.dev/nais/team/hello:1" exists in the registry',
      ) as unknown as string,
    });
  });

  it('names the stuck init container', () => {
    const stuck = stuckPod(pod([], { init: [waiting('migrate', 'InvalidImageName')] }), within, graceMs);
    expect(stuck?.container).toBe('migrate');
    expect(stuck?.remedy).toContain('"migrate:1" is malformed');
  });

  it.each<[string, string]>([
    ['secret "hello-db" not found', 'The secret "hello-db" must exist in namespace team'],
    ['configmap "hello-config" not found', 'The configmap "hello-config" must exist in namespace team'],
    ["couldn't find key PASSWORD in Secret team/hello-db", 'The secret "hello-db" has no key "PASSWORD"'],
    ['something else', 'make sure it exists in namespace team'],
  ])('CreateContainerConfigError: %s', (message, remedy) => {
    const stuck = stuckPod(pod([waiting('hello', 'CreateContainerConfigError', message)]), after, graceMs);
    expect(stuck?.message).toBe(message);
    expect(stuck?.remedy).toContain(remedy);
    expect(stuck?.remedy).toMatch(/envFrom|env,/);
  });
});

describe('missingReference', () => {
  it.each<[string, ReturnType<typeof missingReference>]>([
    ['secret "a" not found', { kind: 'secret', name: 'a', key: undefined }],
    ['configmap "b" not found', { kind: 'configmap', name: 'b', key: undefined }],
    ["couldn't find key K in ConfigMap team/c", { kind: 'configmap', name: 'c', key: 'K' }],
    ['nothing', undefined],
  ])('%s', (message, expected) => {
    expect(missingReference(message)).toEqual(expected);
  });
});

describe('podCreationStuck', () => {
  const event = (reason: string, message: string): CoreV1Event => ({
    metadata: {},
    involvedObject: { kind: 'Job', name: 'hello-3', uid: 'u-1' },
    reason,
    message,
  });
  it.each([
    [
      'an invalid pod',
      event(
        'FailedCreate',
        'Error creating: Pod "hello-3-x" is invalid: spec.containers[0].image: Invalid value: " {{ image ": must not have leading or trailing whitespace',
      ),
      'Pod "hello-3-x" is invalid: spec.containers[0].image: Invalid value: " {{ image ": must not have leading or trailing whitespace',
    ],
    [
      'a quota, which may pass',
      event('FailedCreate', 'Error creating: pods "x" is forbidden: exceeded quota: q'),
      undefined,
    ],
    ['another reason', event('SuccessfulCreate', 'Created pod: hello-3-x'), undefined],
  ])('%s', (_, input, message) => {
    expect(podCreationStuck(input)?.message).toBe(message);
  });
});

describe('a JobTracker', () => {
  it('stops at once when the Job controller cannot create an invalid pod', async () => {
    const job: V1Job = { metadata: { name: 'hello-3', uid: 'u-1' }, status: { active: 0 } };
    const failedCreate: CoreV1Event = {
      metadata: { resourceVersion: '5' },
      involvedObject: { kind: 'Job', name: 'hello-3', uid: 'u-1' },
      reason: 'FailedCreate',
      message: 'Error creating: Pod "hello-3-x" is invalid: spec.containers[0].image: Invalid value: "a b": bad',
    };
    const watched: string[] = [];
    const gateway = {
      listJobs: () => Promise.resolve({ items: [job], resourceVersion: '1' }),
      listPods: () => Promise.resolve({ items: [], resourceVersion: '1' }),
      listEvents: () => Promise.resolve({ items: [], resourceVersion: '1' }),
      watch: (options: WatchOptions<{ metadata?: { resourceVersion?: string } }>) => {
        watched.push(`${options.path}?${options.query?.fieldSelector ?? options.query?.labelSelector ?? ''}`);
        if (options.path.endsWith('/events'))
          setTimeout(() => {
            options.onEvent('ADDED', failedCreate);
          }, 10);
        return new Promise<void>((resolve) => {
          options.signal.addEventListener(
            'abort',
            () => {
              resolve();
            },
            { once: true },
          );
        });
      },
    } as unknown as ClusterGateway;
    const tracker = new JobTracker(gateway, 'team', 'hello-3');
    const end = await tracker.track({
      deadline: Date.now() + 60_000,
      signal: new AbortController().signal,
      stuckGraceMs: 60_000,
    });
    expect(end).toBe('stuck');
    expect(tracker.stuck?.reason).toBe('FailedCreate');
    expect(watched).toContain('/api/v1/namespaces/team/events?involvedObject.uid=u-1,reason=FailedCreate');
  });
});
