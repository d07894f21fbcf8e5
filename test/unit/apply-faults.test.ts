// The real apply under the faults that reach it through the gateway: a 409 Conflict on replace
// (retried only when naiserator's status write alone came between), and a failure that stops the
// apply in file order, saying what was applied and what was not.
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ClusterError } from '../../src/cluster/api-errors.ts';
import type { KubeObject } from '../../src/cluster/gateway.ts';
import { applyDocuments, resolveTypes } from '../../src/deploy/apply.ts';
import { renderResources } from '../../src/deploy/render.ts';
import { FakeGateway } from '../support/fake-gateway.ts';

const work = mkdtempSync(path.join(tmpdir(), 'apply-faults-'));
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

const naisjob = (name: string): KubeObject => ({
  apiVersion: 'nais.io/v1',
  kind: 'Naisjob',
  metadata: { name, namespace: 'team', labels: { team: 'team' } },
  spec: { image: 'ghcr.io/navikt/x:2' },
});

function documents(...objects: KubeObject[]) {
  writeFileSync(path.join(work, 'job.yaml'), objects.map((o) => JSON.stringify(o)).join('\n---\n'));
  return renderResources({ resources: ['job.yaml'], cwd: work, variables: [], image: undefined, varsFile: undefined })
    .documents;
}

const conflict = (): ClusterError =>
  new ClusterError('Conflict while trying to update naisjobs.nais.io', 409, { code: 409, reason: 'Conflict' });

/** The live Naisjob, and the same object after naiserator wrote only its status, or after someone changed its spec. */
function live(fake: FakeGateway, after: 'status' | 'spec'): void {
  const before: KubeObject = {
    ...naisjob('a'),
    metadata: { ...naisjob('a').metadata, resourceVersion: '1' },
    spec: { image: 'ghcr.io/navikt/x:1' },
  };
  fake.objects.set('team/a', before);
  const read = fake.readObject.bind(fake);
  let reads = 0;
  fake.readObject = async (type, ref) => {
    reads += 1;
    if (reads === 1) return read(type, ref);
    return after === 'status'
      ? {
          ...before,
          metadata: { ...before.metadata, resourceVersion: '2' },
          status: { synchronizationState: 'RolloutComplete' },
        }
      : {
          ...before,
          metadata: { ...before.metadata, resourceVersion: '2' },
          spec: { image: 'ghcr.io/navikt/x:other' },
        };
  };
}

describe('apply under faults', () => {
  it('a 409 caused by naiserator’s status write alone: replaced again with the new resourceVersion', async () => {
    const fake = new FakeGateway();
    live(fake, 'status');
    fake.failNext('writeObject', conflict());
    const docs = documents(naisjob('a'));
    const applied = await applyDocuments(fake, docs, await resolveTypes(fake, docs), { dryRun: false });
    expect(applied.map((a) => a.operation)).toEqual(['replaced']);
    expect(fake.calls.filter((c) => c.startsWith('writeObject'))).toEqual([
      'writeObject update team/a',
      'writeObject update team/a',
    ]);
    expect(fake.objects.get('team/a')?.spec).toEqual({ image: 'ghcr.io/navikt/x:2' });
  });

  it('a 409 because someone else changed the spec: fails, as NAIS deploy does, overwriting nothing', async () => {
    const fake = new FakeGateway();
    live(fake, 'spec');
    fake.failNext('writeObject', conflict());
    const docs = documents(naisjob('a'));
    await expect(applyDocuments(fake, docs, await resolveTypes(fake, docs), { dryRun: false })).rejects.toThrow(
      /Applying Naisjob .*a.* failed:\nConflict/,
    );
    expect(fake.calls.filter((c) => c.startsWith('writeObject'))).toHaveLength(1);
  });

  it('a failure that the gateway gave up on stops the apply in file order and says what was and was not applied', async () => {
    const fake = new FakeGateway();
    fake.failNext(
      'writeObject',
      undefined,
      new ClusterError('The cluster refused to create naisjobs.nais.io (HTTP 503): unavailable', 503, undefined),
    );
    const docs = documents(naisjob('a'), naisjob('b'), naisjob('c'));
    const applying = applyDocuments(fake, docs, await resolveTypes(fake, docs), { dryRun: false });
    await expect(applying).rejects.toThrow(
      /HTTP 503[\s\S]*Applied before the failure: .*a.*created[\s\S]*Not applied: .*b.*c/,
    );
  });
});
