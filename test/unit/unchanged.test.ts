// The unchanged decision, row by row from naiserator and liberator.
import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../src/cluster/gateway.ts';
import { hashedSpec, predictSkip, withNaisjobDefaults, type SkipPrediction } from '../../src/deploy/unchanged.ts';

describe('withNaisjobDefaults (liberator pkg/apis/nais.io/v1/naisjob_defaults.go ApplyDefaults)', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['backoffLimit missing becomes 6', {}, { backoffLimit: 6 }],
    ['backoffLimit 0 is kept (noBackoffLimit)', { backoffLimit: 0 }, { backoffLimit: 0 }],
    ['failedJobsHistoryLimit missing becomes 1', {}, { failedJobsHistoryLimit: 1 }],
    [
      'failedJobsHistoryLimit 0 becomes 1 (mergo fills zero values)',
      { failedJobsHistoryLimit: 0 },
      { failedJobsHistoryLimit: 1 },
    ],
    [
      'successfulJobsHistoryLimit 0 becomes 3 (mergo)',
      { successfulJobsHistoryLimit: 0 },
      { successfulJobsHistoryLimit: 3 },
    ],
    ['restartPolicy missing becomes Never', {}, { restartPolicy: 'Never' }],
    ['restartPolicy OnFailure is kept', { restartPolicy: 'OnFailure' }, { restartPolicy: 'OnFailure' }],
    [
      'liveness gets period 10, timeout 1, failureThreshold 3',
      {},
      { liveness: { periodSeconds: 10, timeout: 1, failureThreshold: 3 } },
    ],
    [
      'a partial liveness is filled in',
      { liveness: { path: '/x', periodSeconds: 5 } },
      { liveness: { path: '/x', periodSeconds: 5, timeout: 1, failureThreshold: 3 } },
    ],
    [
      'resources: limits.memory 512Mi, requests cpu 200m and memory 256Mi',
      { resources: { limits: { cpu: '1' } } },
      { resources: { limits: { cpu: '1', memory: '512Mi' }, requests: { cpu: '200m', memory: '256Mi' } } },
    ],
  ])('%s', (_name, spec, expected) => {
    expect(withNaisjobDefaults(spec)).toMatchObject(expected);
  });
});

describe('hashedSpec: what naiserator hashes (liberator pkg/hash: JSON of the spec after defaults)', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>, boolean]>([
    ['keys in another order', { image: 'a', schedule: 'x' }, { schedule: 'x', image: 'a' }, true],
    ['backoffLimit 6 written out, or left to the default', { image: 'a', backoffLimit: 6 }, { image: 'a' }, true],
    ['an explicit 0 backoffLimit differs from the default', { image: 'a', backoffLimit: 0 }, { image: 'a' }, false],
    ['empty lists are left out (omitempty)', { image: 'a', command: [] }, { image: 'a' }, true],
    ['empty objects are left out (omitempty)', { image: 'a', vault: {} }, { image: 'a' }, true],
    ['default resources written out', { image: 'a', resources: { requests: { cpu: '200m' } } }, { image: 'a' }, true],
    ['another image', { image: 'a' }, { image: 'b' }, false],
    [
      'logging.enabled, a schema default of the CRD, is in both stored forms',
      { image: 'a', observability: { logging: { enabled: true, destinations: [{ id: 'loki' }] } } },
      { image: 'a', observability: { logging: { enabled: true, destinations: [{ id: 'loki' }] } } },
      true,
    ],
  ])('%s', (_name, a, b, same) => {
    expect(hashedSpec(a) === hashedSpec(b)).toBe(same);
  });
});

describe('predictSkip (naiserator pkg/synchronizer/synchronizer.go Prepare and Reconcile, externalimage.go)', () => {
  const status = (state: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    synchronizationHash: 'h1',
    synchronizationState: state,
    ...extra,
  });
  const naisjob = (spec: Record<string, unknown>, statusValue?: Record<string, unknown>): KubeObject => ({
    metadata: { name: 'j', namespace: 't' },
    spec,
    ...(statusValue ? { status: statusValue } : {}),
  });
  const same = { image: 'ghcr.io/a/b:1' };
  it.each<[string, KubeObject | undefined, KubeObject, string | undefined, Partial<SkipPrediction>]>([
    ['a new Naisjob', undefined, naisjob(same), undefined, { kind: 'wait' }],
    ['never synchronised (no hash stored)', naisjob(same, {}), naisjob(same, {}), undefined, { kind: 'wait' }],
    [
      'unchanged after RolloutComplete: skipped',
      naisjob(same, status('RolloutComplete')),
      naisjob(same, status('RolloutComplete')),
      undefined,
      { kind: 'unchanged' },
    ],
    [
      'unchanged after FailedSynchronization: skipped for good, fails with the stored message',
      naisjob(same, status('FailedSynchronization', { conditions: [{ message: 'name too long' }] })),
      naisjob(same, status('FailedSynchronization', { conditions: [{ message: 'name too long' }] })),
      undefined,
      { kind: 'failed-before', message: 'name too long' },
    ],
    [
      'unchanged while Synchronized: naiserator restarts its monitor',
      naisjob(same, status('Synchronized')),
      naisjob(same, status('Synchronized')),
      undefined,
      { kind: 'wait' },
    ],
    [
      'FailedPrepare stores no hash: tried again',
      naisjob(same, status('FailedPrepare')),
      naisjob(same, status('FailedPrepare')),
      undefined,
      { kind: 'wait' },
    ],
    [
      'Retrying: tried again',
      naisjob(same, status('Retrying')),
      naisjob(same, status('Retrying')),
      undefined,
      { kind: 'wait' },
    ],
    [
      'a changed spec',
      naisjob(same, status('RolloutComplete')),
      naisjob({ image: 'ghcr.io/a/b:2' }, status('RolloutComplete')),
      undefined,
      { kind: 'wait' },
    ],
    [
      'the PUT cleared the status (CRD without the status subresource)',
      naisjob(same, status('RolloutComplete')),
      naisjob(same),
      undefined,
      { kind: 'wait' },
    ],
    [
      'only the workload Image changed (imageHasChanged)',
      naisjob({}, status('RolloutComplete', { effectiveImage: 'ghcr.io/a/b:1' })),
      naisjob({}, status('RolloutComplete', { effectiveImage: 'ghcr.io/a/b:1' })),
      'ghcr.io/a/b:2',
      { kind: 'wait' },
    ],
    [
      'the same workload Image',
      naisjob({}, status('RolloutComplete', { effectiveImage: 'ghcr.io/a/b:1' })),
      naisjob({}, status('RolloutComplete', { effectiveImage: 'ghcr.io/a/b:1' })),
      'ghcr.io/a/b:1',
      { kind: 'unchanged' },
    ],
    [
      'no effective image yet with an image in the spec counts as unchanged (imageHasChanged)',
      naisjob(same, status('RolloutComplete')),
      naisjob(same, status('RolloutComplete')),
      undefined,
      { kind: 'unchanged' },
    ],
  ])('%s', (_name, live, stored, imageResource, expected) => {
    expect(predictSkip({ live, stored, imageResource })).toMatchObject(expected);
  });
});
