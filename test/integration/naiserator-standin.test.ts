// The stand-in and the local CRDs against the real API server: schema defaults and rejections
// as liberator's CRD gives them, the Image resource, naiserator's refusals and the test label.
import { describe, expect, it } from '@jest/globals';
import type { CoreV1Event } from '@kubernetes/client-node';
import { naisjobSpecHash } from '../../cluster/naiserator/spec-hash.ts';
import { adminClients, eventually, freshNamespace, naisjob } from './cluster.ts';

const { core, batch, custom } = adminClients();
const naisjobs = { group: 'nais.io', version: 'v1', plural: 'naisjobs' } as const;
const images = { group: 'nais.io', version: 'v1', plural: 'images' } as const;

interface Stored {
  metadata: { annotations?: Record<string, string> };
  spec: Record<string, unknown>;
  status?: {
    synchronizationState?: string;
    synchronizationHash?: string;
    effectiveImage?: string;
    correlationID?: string;
    conditions?: { reason?: string; message?: string }[];
    problems?: { message?: string }[];
  };
}

async function create(body: Record<string, unknown>): Promise<Stored> {
  const { namespace } = body.metadata as { namespace: string };
  return (await custom.createNamespacedCustomObject({
    ...naisjobs,
    namespace,
    body,
    fieldValidation: 'Strict',
  })) as Stored;
}

const read = async (namespace: string, name: string): Promise<Stored> =>
  (await custom.getNamespacedCustomObject({ ...naisjobs, namespace, name })) as Stored;

const untilState = (namespace: string, name: string, state: string): Promise<Stored> =>
  eventually(
    () => read(namespace, name),
    (stored) => stored.status?.synchronizationState === state,
    30_000,
  );

const at = (event: CoreV1Event): number => new Date(event.eventTime ?? event.metadata.creationTimestamp ?? 0).getTime();

async function naiseratorEvents(namespace: string, name: string): Promise<CoreV1Event[]> {
  const list = await core.listNamespacedEvent({ namespace, fieldSelector: `involvedObject.name=${name}` });
  return list.items.filter((event) => event.reportingComponent === 'naiserator').sort((a, b) => at(a) - at(b));
}

describe('the Naisjob CRD, as strict as liberator’s', () => {
  it('stores observability.logging.enabled: true when a file gives destinations without it', async () => {
    const namespace = await freshNamespace('logging-default', { 'test.naiserator/logging-destinations': 'loki' });
    const spec = { observability: { logging: { destinations: [{ id: 'loki' }] } } };
    const stored = await create(naisjob(namespace, 'logs', spec));
    expect(stored.spec.observability).toEqual({ logging: { enabled: true, destinations: [{ id: 'loki' }] } });
    // naiserator hashes the stored object, so the hash is the one of the defaulted spec.
    const synced = await untilState(namespace, 'logs', 'RolloutComplete');
    expect(synced.status?.synchronizationHash).toBe(naisjobSpecHash(stored.spec));

    // The same file again, under a new correlation ID, as NAIS deploy sends it: the stored spec
    // is the same after the schema default, so naiserator skips it and says nothing.
    const again = naisjob(namespace, 'logs', spec);
    const live = synced as unknown as { metadata: { resourceVersion: string; annotations?: Record<string, string> } };
    (again.metadata as Record<string, unknown>).resourceVersion = live.metadata.resourceVersion;
    (again.metadata as Record<string, unknown>).annotations = { 'nais.io/deploymentCorrelationID': 'second-deploy' };
    await custom.replaceNamespacedCustomObject({ ...naisjobs, namespace, name: 'logs', body: again });
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect((await naiseratorEvents(namespace, 'logs')).map((event) => event.reason)).toEqual([
      'Synchronized',
      'RolloutComplete',
    ]);
    expect((await read(namespace, 'logs')).status?.synchronizationState).toBe('RolloutComplete');
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['a required field missing (kafka.pool)', { kafka: { streams: true } }, /spec\.kafka\.pool: Required value/],
    [
      'a value outside an enum',
      { openSearch: { instance: 'o', access: 'all' } },
      /spec\.openSearch\.access: Unsupported value/,
    ],
    ['a pattern', { postgres: { clusterName: 'Not_Valid' } }, /spec\.postgres\.clusterName in body should match/],
    [
      'the CEL rule on exposed scopes',
      {
        maskinporten: {
          enabled: true,
          scopes: { exposes: [{ enabled: true, name: 'scope', product: 'p', delegationSource: 'altinn' }] },
        },
      },
      /separator must be set to "\/" when scopes\.exposes\[\]\.delegationSource is set/,
    ],
    [
      'an unknown nested field (strict)',
      { observability: { logging: { enable: true } } },
      /unknown field "spec\.observability\.logging\.enable"/,
    ],
  ])('rejects %s', async (_name, spec, message) => {
    const namespace = await freshNamespace('crd-rejects');
    const failure = await create(naisjob(namespace, 'bad', spec)).then(
      () => undefined,
      (error: unknown) => error as { code?: number; body?: string },
    );
    expect([400, 422]).toContain(failure?.code);
    expect((JSON.parse(failure?.body ?? '{}') as { message?: string }).message).toMatch(message);
  });
});

describe('the Image resource (naiserator externalimage.go)', () => {
  it('runs a Naisjob without spec.image with the Image named like it, and resyncs when only the Image changes', async () => {
    const namespace = await freshNamespace('external-image');
    await custom.createNamespacedCustomObject({
      ...images,
      namespace,
      body: {
        apiVersion: 'nais.io/v1',
        kind: 'Image',
        metadata: { name: 'imaged', namespace },
        spec: { image: 'ghcr.io/navikt/imaged:1' },
      },
    });
    const body = naisjob(namespace, 'imaged', {});
    delete (body.spec as Record<string, unknown>).image;
    await create(body);
    const first = await untilState(namespace, 'imaged', 'RolloutComplete');
    expect(first.status?.effectiveImage).toBe('ghcr.io/navikt/imaged:1');
    const job1 = await batch.readNamespacedJob({ namespace, name: 'imaged-1' });
    expect(job1.spec?.template.spec?.containers[0]?.image).toBe('ghcr.io/navikt/imaged:1');

    // The event sequence of nais-behaviour.md 6.3: Synchronized, then RolloutComplete.
    const events = await naiseratorEvents(namespace, 'imaged');
    expect(events.map((event) => [event.reason, event.message])).toEqual([
      ['Synchronized', 'Deployment has been processed; waiting for completion...'],
      ['RolloutComplete', 'No support for monitoring CronJobs'],
    ]);
    const correlationId = events[0]?.metadata.annotations?.['nais.io/deploymentCorrelationID'];
    expect(correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(events[1]?.metadata.annotations?.['nais.io/deploymentCorrelationID']).toBe(correlationId);

    const image = (await custom.getNamespacedCustomObject({ ...images, namespace, name: 'imaged' })) as {
      spec: { image: string };
    };
    image.spec.image = 'ghcr.io/navikt/imaged:2';
    await custom.replaceNamespacedCustomObject({ ...images, namespace, name: 'imaged', body: image });
    const second = await eventually(
      () => read(namespace, 'imaged'),
      (stored) => stored.status?.effectiveImage === 'ghcr.io/navikt/imaged:2',
      30_000,
    );
    expect(second.status?.synchronizationHash).toBe(first.status?.synchronizationHash);
    const job2 = await eventually(
      () => batch.readNamespacedJob({ namespace, name: 'imaged-2' }),
      () => true,
      30_000,
    );
    expect(job2.spec?.template.spec?.containers[0]?.image).toBe('ghcr.io/navikt/imaged:2');
  });
});

describe('naiserator’s refusals (plain cluster)', () => {
  it.each<[string, Record<string, unknown>, string, string]>([
    [
      'gcp without CNRM',
      { gcp: { buckets: [{ name: 'b' }] } },
      'FailedGenerate',
      'gcp: this cluster cannot create GCP resources',
    ],
    [
      'azure without azurerator',
      { azure: { application: { enabled: true } } },
      'FailedGenerate',
      'azure: this cluster cannot make Azure AD applications',
    ],
    [
      'an unknown logging destination',
      { observability: { logging: { destinations: [{ id: 'elastic' }] } } },
      'FailedGenerate',
      'observability: this cluster has no logging destination "elastic"',
    ],
    [
      'OpenTelemetry off',
      { observability: { autoInstrumentation: { enabled: true, runtime: 'java' } } },
      'FailedGenerate',
      'observability: this cluster offers no OpenTelemetry',
    ],
    [
      'both kinds of preStopHook',
      { preStopHook: { exec: { command: ['stop'] }, http: { path: '/stop' } } },
      'FailedGenerate',
      'preStopHook: give either exec or http, not both',
    ],
    [
      'a Postgres cluster that is not there',
      { postgres: { clusterName: 'pg' } },
      'FailedPrepare',
      'preparing rollout configuration: failed to get postgres cluster',
    ],
    ['no image and no Image', { image: '' }, 'FailedPrepare', 'get wanted image: '],
  ])('%s', async (_name, spec, state, message) => {
    const namespace = await freshNamespace('refusal');
    await create(naisjob(namespace, 'refused', spec));
    const stored = await untilState(namespace, 'refused', state);
    expect(stored.status?.conditions?.[0]?.message).toContain(message);
    expect(stored.status?.problems?.[0]?.message).toContain(message);
    // Neither state stores the hash (synchronizer.go), so the same spec is tried again.
    expect(stored.status?.synchronizationHash).toBeUndefined();
    const events = await naiseratorEvents(namespace, 'refused');
    expect(events.map((event) => [event.reason, event.type])).toEqual([[state, 'Warning']]);
    expect(events[0]?.message).toContain(message);
    await expect(batch.readNamespacedCronJob({ namespace, name: 'refused' })).rejects.toMatchObject({ code: 404 });
  });

  it('allows what the namespace’s test.naiserator/features give', async () => {
    const namespace = await freshNamespace('features', { 'test.naiserator/features': 'cnrm,azurerator' });
    await create(
      naisjob(namespace, 'allowed', { gcp: { buckets: [{ name: 'b' }] }, azure: { application: { enabled: true } } }),
    );
    await untilState(namespace, 'allowed', 'RolloutComplete');
  });

  it('ends in FailedSynchronization, storing the hash, on the test.naiserator/fail label', async () => {
    const namespace = await freshNamespace('fail-label');
    const stored = await create(naisjob(namespace, 'doomed', {}, { 'test.naiserator/fail': 'synchronization' }));
    const failed = await untilState(namespace, 'doomed', 'FailedSynchronization');
    expect(failed.status?.synchronizationHash).toBe(naisjobSpecHash(stored.spec));
    expect(failed.status?.correlationID).toBe(
      (await naiseratorEvents(namespace, 'doomed'))[0]?.metadata.annotations?.['nais.io/deploymentCorrelationID'],
    );
    expect(failed.status?.conditions?.[0]?.message).toContain('failed on purpose');
    await expect(batch.readNamespacedCronJob({ namespace, name: 'doomed' })).rejects.toMatchObject({ code: 404 });
  });
});

describe('the minimal Kafka Topic CRD (liberator kafka.nais.io_topics.yaml)', () => {
  const topics = { group: 'kafka.nais.io', version: 'v1', plural: 'topics' } as const;
  const topic = (namespace: string, spec: Record<string, unknown>): Record<string, unknown> => ({
    apiVersion: 'kafka.nais.io/v1',
    kind: 'Topic',
    metadata: { name: 'events', namespace },
    spec,
  });

  it('accepts a Topic next to a Naisjob and rejects one without its required pool', async () => {
    const namespace = await freshNamespace('topic');
    const acl = [{ access: 'readwrite', application: 'app', team: namespace }];
    await custom.createNamespacedCustomObject({
      ...topics,
      namespace,
      body: topic(namespace, { pool: 'nav-dev', acl, config: { partitions: 1 } }),
      fieldValidation: 'Strict',
    });
    const failure = await custom
      .createNamespacedCustomObject({ ...topics, namespace, body: topic(namespace, { acl }) })
      .then(
        () => undefined,
        (error: unknown) => error as { code?: number; body?: string },
      );
    expect(failure?.code).toBe(422);
    expect((JSON.parse(failure?.body ?? '{}') as { message?: string }).message).toMatch(/spec\.pool: Required value/);
  });
});
