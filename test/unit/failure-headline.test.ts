import { describe, expect, it } from '@jest/globals';
import { failureHeadline } from '../../src/job/failure-headline.ts';
import type { FailureInput } from '../../src/job/failure-input.ts';
import {
  jobName,
  t,
  exited,
  pod,
  failedVerdict,
  running,
  unschedulable,
  event,
  input,
  stuck,
} from './failure-fixtures.ts';

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
