// The one retry of a replace that deployd does not have: a conflict caused by a status write alone.
import { describe, expect, it } from '@jest/globals';
import type { ClusterGateway, KubeObject } from '../../src/cluster/gateway.ts';
import { applyDocuments, onlyStatusChanged } from '../../src/deploy/apply.ts';

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

describe('applyDocuments against a CRD without the status subresource', () => {
  it("waits for naiserator when the PUT's answer lost the status (naiserator then resyncs)", async () => {
    const type = {
      apiVersion: 'nais.io/v1',
      kind: 'Naisjob',
      group: 'nais.io',
      version: 'v1',
      plural: 'naisjobs',
      namespaced: true,
    };
    const live: KubeObject = {
      ...base,
      status: { synchronizationState: 'RolloutComplete', synchronizationHash: 'h', effectiveImage: 'x:1' },
    };
    // Before 2026-01-20 liberator's CRD (config/crd/bases/nais.io_naisjobs.yaml, bc30f29) had no status
    // subresource, so a PUT replaced the status too.
    const gateway = {
      server: 'https://127.0.0.1:1',
      readObject: () => Promise.resolve(live),
      writeObject: (_type: unknown, _verb: unknown, body: KubeObject) =>
        Promise.resolve({ ...body, status: undefined }),
    } as unknown as ClusterGateway;
    const rendered = { object: { ...base, status: undefined }, role: 'naisjob' as const, doc: {} as never };
    const [applied] = await applyDocuments(gateway, [rendered], new Map([[rendered, type]]), { dryRun: false });
    expect(applied?.skip).toEqual({
      kind: 'wait',
      why: 'the cluster cleared its status, so naiserator synchronises it again',
    });
  });
});
