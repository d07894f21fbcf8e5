// The one retry of a replace that deployd does not have: a conflict caused by a status write alone.
import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../src/cluster/gateway.ts';
import { onlyStatusChanged } from '../../src/deploy/apply.ts';

const base: KubeObject = {
  apiVersion: 'nais.io/v1',
  kind: 'Naisjob',
  metadata: { name: 'j', namespace: 't', resourceVersion: '1', generation: 1, annotations: { a: '1' } },
  spec: { image: 'x:1' },
  status: { synchronizationState: 'Synchronized' },
};

describe('onlyStatusChanged', () => {
  it.each<[string, KubeObject, boolean]>([
    [
      "naiserator's status write",
      {
        ...base,
        metadata: { ...base.metadata, resourceVersion: '2' },
        status: { synchronizationState: 'RolloutComplete' },
      },
      true,
    ],
    ['another spec', { ...base, metadata: { ...base.metadata, resourceVersion: '2' }, spec: { image: 'x:2' } }, false],
    [
      "another deploy's annotations",
      { ...base, metadata: { ...base.metadata, resourceVersion: '2', annotations: { a: '2' } } },
      false,
    ],
  ])('%s → %p', (_name, after, expected) => {
    expect(onlyStatusChanged(base, after)).toBe(expected);
  });
});
