import { describe, expect, it } from '@jest/globals';
import type { V1CronJob } from '@kubernetes/client-node';
import { imageCrd, naisjobCrd, naisjobSchema, toClientSchema, topicCrd } from '../../cluster/naiserator/crd.ts';
import { KeyedQueue } from '../../cluster/naiserator/queue.ts';
import {
  buildCronJob,
  buildEvent,
  buildJobFromCronJob,
  buildServiceAccount,
  jobNameFor,
  repeatEvent,
  statusFor,
  trimMiddle,
  type Naisjob,
  type NaisjobSpec,
} from '../../cluster/naiserator/resources.ts';

function naisjob(
  spec: NaisjobSpec = { image: 'ghcr.io/navikt/job:1' },
  extra: Partial<Naisjob['metadata']> = {},
): Naisjob {
  return {
    apiVersion: 'nais.io/v1',
    kind: 'Naisjob',
    metadata: { name: 'myjob', namespace: 'team-a', uid: 'uid-1', resourceVersion: '42', ...extra },
    spec,
  };
}

const ownerRef = { apiVersion: 'nais.io/v1', kind: 'Naisjob', name: 'myjob', uid: 'uid-1' };

describe('buildCronJob', () => {
  it.each<[string, NaisjobSpec, { schedule: string; suspend: boolean }]>([
    ['unscheduled', { image: 'i' }, { schedule: '0 0 1 1 *', suspend: true }],
    ['empty schedule', { image: 'i', schedule: '' }, { schedule: '0 0 1 1 *', suspend: true }],
    ['scheduled', { image: 'i', schedule: '*/5 * * * *' }, { schedule: '*/5 * * * *', suspend: false }],
  ])('%s → schedule and suspend', (_name, spec, expected) => {
    const cronJob = buildCronJob(naisjob(spec), 'corr');
    expect(cronJob.spec.schedule).toBe(expected.schedule);
    expect(cronJob.spec.suspend).toBe(expected.suspend);
  });

  it.each<[string, NaisjobSpec, Record<string, unknown>]>([
    ['defaults', {}, { successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1, concurrencyPolicy: 'Allow' }],
    [
      'given',
      {
        successfulJobsHistoryLimit: 5,
        failedJobsHistoryLimit: 2,
        concurrencyPolicy: 'Forbid',
        timeZone: 'Europe/Oslo',
      },
      {
        successfulJobsHistoryLimit: 5,
        failedJobsHistoryLimit: 2,
        concurrencyPolicy: 'Forbid',
        timeZone: 'Europe/Oslo',
      },
    ],
    ['Replace', { concurrencyPolicy: 'Replace' }, { concurrencyPolicy: 'Replace' }],
    ['Allow given', { concurrencyPolicy: 'Allow' }, { concurrencyPolicy: 'Allow' }],
    // liberator naisjob_defaults.go merges with mergo, which treats 0 as unset, behind a pointer too.
    [
      'history limit 0',
      { successfulJobsHistoryLimit: 0, failedJobsHistoryLimit: 0 },
      { successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 },
    ],
  ])('CronJob fields: %s', (_name, spec, expected) => {
    expect(buildCronJob(naisjob({ image: 'i', ...spec }), 'corr').spec).toMatchObject(expected);
  });

  it('leaves timeZone unset when not given', () => {
    expect(buildCronJob(naisjob(), 'corr').spec).not.toHaveProperty('timeZone');
  });

  it('names, labels, annotations and owner references', () => {
    const job = naisjob(
      { image: 'i' },
      {
        labels: { 'test.kwok/exit-code': '3', team: 'other' },
        annotations: { 'kubernetes.io/change-cause': 'nais deploy: commit abc', other: 'x' },
      },
    );
    const cronJob = buildCronJob(job, 'corr-1');
    const labels = { 'test.kwok/exit-code': '3', app: 'myjob', team: 'team-a' };
    expect(cronJob.metadata).toEqual({
      name: 'myjob',
      namespace: 'team-a',
      labels,
      annotations: {
        'nais.io/deploymentCorrelationID': 'corr-1',
        'kubernetes.io/change-cause': 'nais deploy: commit abc',
      },
      ownerReferences: [ownerRef],
    });
    expect(cronJob.metadata?.ownerReferences?.[0]).not.toHaveProperty('controller');
    expect(cronJob.spec.jobTemplate.metadata).toEqual({
      labels,
      annotations: { 'nais.io/deploymentCorrelationID': 'corr-1' },
    });
    expect(cronJob.spec.jobTemplate.spec?.template.metadata).toEqual({
      labels: { ...labels, 'nais.io/naisjob': 'true' },
      annotations: { 'kubectl.kubernetes.io/default-container': 'myjob' },
    });
  });

  it('has no change-cause when the Naisjob has none', () => {
    expect(buildCronJob(naisjob(), 'c').metadata?.annotations).toEqual({ 'nais.io/deploymentCorrelationID': 'c' });
  });

  it.each<[string, NaisjobSpec, Record<string, unknown>]>([
    ['default backoffLimit', {}, { backoffLimit: 6 }],
    ['backoffLimit 0 kept', { backoffLimit: 0 }, { backoffLimit: 0 }],
    ['backoffLimit 2', { backoffLimit: 2 }, { backoffLimit: 2 }],
    [
      'copied fields',
      {
        activeDeadlineSeconds: 60,
        completions: 2,
        completionMode: 'Indexed',
        parallelism: 2,
        ttlSecondsAfterFinished: 30,
      },
      {
        activeDeadlineSeconds: 60,
        completions: 2,
        completionMode: 'Indexed',
        parallelism: 2,
        ttlSecondsAfterFinished: 30,
      },
    ],
  ])('Job spec: %s', (_name, spec, expected) => {
    expect(buildCronJob(naisjob({ image: 'i', ...spec }), 'c').spec.jobTemplate.spec).toMatchObject(expected);
  });

  it('copies only the Job fields that are set', () => {
    const spec = buildCronJob(naisjob(), 'c').spec.jobTemplate.spec ?? {};
    expect(Object.keys(spec).sort()).toEqual(['backoffLimit', 'template']);
  });

  it.each<[string | undefined, string]>([
    [undefined, 'Never'],
    ['Never', 'Never'],
    ['OnFailure', 'OnFailure'],
    ['Always', 'Never'],
  ])('restartPolicy %p → %s', (restartPolicy, expected) => {
    const spec = restartPolicy === undefined ? { image: 'i' } : { image: 'i', restartPolicy };
    expect(buildCronJob(naisjob(spec), 'c').spec.jobTemplate.spec?.template.spec?.restartPolicy).toBe(expected);
  });

  it('builds the pod: service account, container, resources, hook, security', () => {
    const pod = buildCronJob(
      naisjob({
        image: 'ghcr.io/navikt/job:1',
        command: ['/bin/run', '--once'],
        env: [
          { name: 'A', value: '1' },
          { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
        ],
        envFrom: [{ secret: 's' }, { configmap: 'c' }],
        terminationGracePeriodSeconds: 30,
      }),
      'c',
    ).spec.jobTemplate.spec?.template.spec;
    expect(pod?.serviceAccountName).toBe('myjob');
    expect(pod?.terminationGracePeriodSeconds).toBe(30);
    expect(pod?.containers).toHaveLength(1);
    const container = pod?.containers[0];
    expect(container).toMatchObject({
      name: 'myjob',
      image: 'ghcr.io/navikt/job:1',
      imagePullPolicy: 'IfNotPresent',
      command: ['/bin/run', '--once'],
      resources: { requests: { cpu: '200m', memory: '256Mi' }, limits: { memory: '512Mi' } },
      lifecycle: { preStop: { sleep: { seconds: 5 } } },
      envFrom: [{ secretRef: { name: 's' } }, { configMapRef: { name: 'c' } }],
      securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
    });
    expect(container?.env).toEqual(
      expect.arrayContaining([
        { name: 'NAIS_APP_NAME', value: 'myjob' },
        { name: 'A', value: '1' },
        { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
      ]),
    );
    // The Naisjob's own variables come last, so they win.
    expect(container?.env?.at(-1)?.name).toBe('NODE');
  });

  it('leaves out command and terminationGracePeriodSeconds when not given', () => {
    const pod = buildCronJob(naisjob(), 'c').spec.jobTemplate.spec?.template.spec;
    expect(pod).not.toHaveProperty('terminationGracePeriodSeconds');
    expect(pod?.containers[0]).not.toHaveProperty('command');
  });

  it.each<[string, NaisjobSpec['resources'], object]>([
    [
      'cpu limit keeps the memory defaults',
      { limits: { cpu: '500m' } },
      { requests: { cpu: '200m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
    ],
    [
      'all given',
      { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '100m', memory: '128Mi' } },
      { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '1Gi' } },
    ],
  ])('resources: %s', (_name, resources, expected) => {
    expect(
      buildCronJob(naisjob({ image: 'i', resources }), 'c').spec.jobTemplate.spec?.template.spec?.containers[0]
        ?.resources,
    ).toEqual(expected);
  });

  it.each<[string, NaisjobSpec['preStopHook'], object]>([
    ['exec', { exec: { command: ['./stop'] } }, { exec: { command: ['./stop'] } }],
    ['http', { http: { path: '/stop', port: 8080 } }, { httpGet: { path: '/stop', port: 8080 } }],
  ])('preStopHook %s', (_name, preStopHook, expected) => {
    const container = buildCronJob(naisjob({ image: 'i', preStopHook }), 'c').spec.jobTemplate.spec?.template.spec
      ?.containers[0];
    expect(container?.lifecycle?.preStop).toEqual(expected);
  });

  it('uses the effective image given', () => {
    expect(
      buildCronJob(naisjob({}), 'c', 'from-image:2').spec.jobTemplate.spec?.template.spec?.containers[0]?.image,
    ).toBe('from-image:2');
  });

  it('adds the cloudsql-proxy native sidecar only for GCP SQL instances', () => {
    const podFor = (spec: NaisjobSpec) => buildCronJob(naisjob(spec), 'c').spec.jobTemplate.spec?.template.spec;
    const pod = podFor({
      image: 'i',
      gcp: { sqlInstances: [{ type: 'POSTGRES_17' }, { type: 'POSTGRES_17', name: 'db' }] },
    });
    expect(pod?.initContainers).toHaveLength(1);
    expect(pod?.initContainers?.[0]).toMatchObject({
      name: 'cloudsql-proxy',
      image: 'europe-north1-docker.pkg.dev/nais-io/nais/images/cloudsql-proxy:2',
      restartPolicy: 'Always',
      securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false },
    });
    // An instance's name defaults to the Naisjob's.
    expect(pod?.initContainers?.[0]?.args).toEqual(
      expect.arrayContaining(['local-gcp-project:europe-north1:myjob', 'local-gcp-project:europe-north1:db']),
    );
    expect(pod?.containers.map((c) => c.name)).toEqual(['myjob']);
    for (const spec of [{ image: 'i' }, { image: 'i', gcp: { sqlInstances: [] } }, { image: 'i', gcp: {} }]) {
      expect(podFor(spec)).not.toHaveProperty('initContainers');
    }
  });
});

describe('buildServiceAccount', () => {
  it('is named like the Naisjob and owned by it', () => {
    expect(buildServiceAccount(naisjob({ image: 'i' }, { labels: { x: 'y' } }), 'c')).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: 'myjob',
        namespace: 'team-a',
        labels: { x: 'y', app: 'myjob', team: 'team-a' },
        annotations: { 'nais.io/deploymentCorrelationID': 'c' },
        ownerReferences: [ownerRef],
      },
    });
  });
});

describe('buildJobFromCronJob', () => {
  it.each<[string, number, string]>([
    ['myjob', 1, 'myjob-1'],
    ['myjob', 12, 'myjob-12'],
    ['a'.repeat(48), 3, `${'a'.repeat(48)}-3`],
    ['b'.repeat(52), 7, `${'b'.repeat(48)}-7`],
  ])('%s at generation %d → %s', (name, generation, expected) => {
    expect(jobNameFor(name, generation)).toBe(expected);
  });

  it('copies labels and the job template spec, not its metadata', () => {
    const cronJob = buildCronJob(naisjob({ image: 'i' }, { labels: { 'test.kwok/exit-code': '1' } }), 'corr');
    Object.assign(cronJob.metadata ?? {}, { uid: 'cron-uid', generation: 4 });
    const job = buildJobFromCronJob(cronJob);
    expect(job.metadata).toEqual({
      name: 'myjob-4',
      namespace: 'team-a',
      labels: { 'test.kwok/exit-code': '1', app: 'myjob', team: 'team-a' },
      annotations: { 'cronjob.kubernetes.io/instantiate': 'manual' },
      ownerReferences: [
        {
          apiVersion: 'batch/v1',
          kind: 'CronJob',
          name: 'myjob',
          uid: 'cron-uid',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    });
    expect(job.spec).toEqual(cronJob.spec.jobTemplate.spec);
    expect(job.spec).not.toBe(cronJob.spec.jobTemplate.spec);
  });

  it('works on a CronJob as read from the API', () => {
    const live: V1CronJob = {
      metadata: { name: 'x', namespace: 'n', uid: 'u', generation: 2 },
      spec: { schedule: '0 0 1 1 *', jobTemplate: { spec: { template: {} } } },
    };
    expect(buildJobFromCronJob(live).metadata).toMatchObject({ name: 'x-2', namespace: 'n' });
    expect(buildJobFromCronJob(live).metadata).not.toHaveProperty('labels');
  });
});

describe('buildEvent', () => {
  const now = new Date('2026-03-01T10:00:00.123Z');

  it('has naiserator’s shape', () => {
    const event = buildEvent(
      naisjob(),
      'Synchronized',
      'Normal',
      'Deployment has been processed; waiting for completion...',
      'corr',
      now,
    );
    expect(event).toMatchObject({
      metadata: {
        generateName: 'naiserator-event-',
        namespace: 'team-a',
        annotations: { 'nais.io/deploymentCorrelationID': 'corr' },
        labels: { app: 'myjob', team: 'team-a' },
      },
      reportingComponent: 'naiserator',
      reportingInstance: 'naiserator',
      source: { component: 'naiserator' },
      reason: 'Synchronized',
      action: 'Synchronized',
      type: 'Normal',
      count: 1,
      involvedObject: {
        apiVersion: 'nais.io/v1',
        kind: 'Naisjob',
        name: 'myjob',
        namespace: 'team-a',
        uid: 'uid-1',
        resourceVersion: '42',
      },
      firstTimestamp: now,
      lastTimestamp: now,
    });
    expect(event.metadata).not.toHaveProperty('name');
    expect(event.eventTime?.toISOString()).toBe('2026-03-01T10:00:00.123000Z');
  });

  it('keeps messages to 1024 characters', () => {
    const message = `${'a'.repeat(1000)}${'b'.repeat(1000)}`;
    const trimmed = buildEvent(naisjob(), 'FailedSynchronization', 'Warning', message, 'c', now).message ?? '';
    expect(trimmed.length).toBeLessThanOrEqual(1024);
    expect(trimmed.startsWith('aaa')).toBe(true);
    expect(trimmed.endsWith('bbb')).toBe(true);
    expect(trimmed).toContain('---[truncated]---');
    expect(trimMiddle('short', 1024)).toBe('short');
  });

  it('counts a repeated message up', () => {
    const first = buildEvent(naisjob(), 'Synchronized', 'Normal', 'm', 'old', now);
    first.metadata.name = 'naiserator-event-abc';
    const later = new Date('2026-03-01T11:00:00Z');
    const repeated = repeatEvent(first, buildEvent(naisjob(), 'Synchronized', 'Normal', 'm', 'new', later));
    expect(repeated).toMatchObject({
      metadata: { name: 'naiserator-event-abc', annotations: { 'nais.io/deploymentCorrelationID': 'new' } },
      count: 2,
      firstTimestamp: now,
      lastTimestamp: later,
    });
    expect(first.count).toBe(1);
  });
});

describe('statusFor', () => {
  const now = new Date('2026-03-01T10:00:00.500Z');

  it('records a synchronization', () => {
    expect(
      statusFor(undefined, {
        state: 'Synchronized',
        message: 'Deployment has been processed; waiting for completion...',
        now,
        hash: 'h',
        synchronized: true,
        correlationId: 'c',
        effectiveImage: 'i',
      }),
    ).toEqual({
      synchronizationState: 'Synchronized',
      synchronizationHash: 'h',
      synchronizationTime: now.getTime() * 1_000_000,
      correlationID: 'c',
      effectiveImage: 'i',
      conditions: [
        {
          type: 'SynchronizationState',
          status: 'True',
          reason: 'Synchronized',
          message: 'Deployment has been processed; waiting for completion...',
          lastTransitionTime: '2026-03-01T10:00:00Z',
        },
      ],
    });
  });

  it('keeps the transition time and other fields when the monitor completes the rollout', () => {
    const previous = statusFor(undefined, { state: 'Synchronized', message: 'm', now, hash: 'h', correlationId: 'c' });
    const next = statusFor(previous, {
      state: 'RolloutComplete',
      message: 'Successfully deployed.',
      now: new Date('2026-03-01T10:05:00Z'),
    });
    expect(next).toMatchObject({
      synchronizationState: 'RolloutComplete',
      synchronizationHash: 'h',
      correlationID: 'c',
    });
    expect(next.conditions).toEqual([
      {
        type: 'SynchronizationState',
        status: 'True',
        reason: 'RolloutComplete',
        message: 'Successfully deployed.',
        lastTransitionTime: '2026-03-01T10:00:00Z',
      },
    ]);
  });

  it('records a failure as a problem', () => {
    const status = statusFor({}, { state: 'FailedSynchronization', message: 'boom', now, hash: 'h', problem: 'boom' });
    expect(status).toMatchObject({
      synchronizationState: 'FailedSynchronization',
      synchronizationHash: 'h',
      problems: [{ type: 'Error', message: 'boom' }],
    });
    expect(status).not.toHaveProperty('synchronizationTime');
  });
});

describe('naisjobCrd', () => {
  const crd = naisjobCrd();
  const schema = naisjobSchema() as { properties: { spec: { properties: Record<string, Record<string, unknown>> } } };
  const spec = schema.properties.spec.properties;

  it('names the resource as liberator does', () => {
    expect(crd.metadata?.name).toBe('naisjobs.nais.io');
    expect(crd.spec.group).toBe('nais.io');
    expect(crd.spec.scope).toBe('Namespaced');
    expect(crd.spec.names).toMatchObject({ kind: 'Naisjob', plural: 'naisjobs', shortNames: ['nj'] });
    expect(crd.spec.versions).toHaveLength(1);
    expect(crd.spec.versions[0]).toMatchObject({
      name: 'v1',
      served: true,
      storage: true,
      subresources: { status: {} },
    });
  });

  it('requires spec, nothing inside it, and limits the name with CEL', () => {
    const root = crd.spec.versions[0]?.schema?.openAPIV3Schema;
    expect(root?.required).toEqual(['spec']);
    expect(root?.properties?.spec?.required).toBeUndefined();
    expect(root?.x_kubernetes_validations).toEqual([
      { rule: 'self.metadata.name.size() <= 63', message: 'metadata.name must be no more than 63 characters' },
    ]);
  });

  it.each<[string, Record<string, unknown>]>([
    ['image', { type: 'string' }],
    ['backoffLimit', { type: 'integer', format: 'int32' }],
    ['activeDeadlineSeconds', { type: 'integer', format: 'int64' }],
    ['command', { type: 'array', items: { type: 'string' } }],
    ['completionMode', { enum: ['NonIndexed', 'Indexed'] }],
    ['concurrencyPolicy', { enum: ['Forbid', 'Replace', 'Allow'] }],
    ['restartPolicy', { enum: ['OnFailure', 'Never'] }],
    ['terminationGracePeriodSeconds', { minimum: 0, maximum: 180 }],
    ['skipCaBundle', { type: 'boolean' }],
    ['kafka', { type: 'object', required: ['pool'], properties: { pool: { type: 'string' } } }],
    ['postgres', { required: ['clusterName'], properties: { clusterName: { pattern: '^[a-z0-9][a-z0-9-]{1,49}$' } } }],
    [
      'openSearch',
      { required: ['instance'], properties: { access: { enum: ['read', 'write', 'readwrite', 'admin'] } } },
    ],
    ['liveness', { required: ['path'], properties: { port: { minimum: 1, maximum: 65535 } } }],
    ['azure', { required: ['application'], properties: { application: { required: ['enabled'] } } }],
  ])('spec.%s (liberator nais.io_naisjobs.yaml)', (field, expected) => {
    expect(spec[field]).toMatchObject(expected);
  });

  it('leaves no block open: no preserve-unknown-fields anywhere (liberator nais.io_naisjobs.yaml)', () => {
    expect(JSON.stringify(naisjobSchema())).not.toContain('preserve-unknown-fields');
  });

  it('has the real schema default and the CEL rule on exposed scopes (liberator nais.io_naisjobs.yaml)', () => {
    expect(spec.observability).toMatchObject({
      properties: { logging: { properties: { enabled: { type: 'boolean', default: true } } } },
    });
    const exposes = (
      spec.maskinporten as { properties: { scopes: { properties: { exposes: { items: Record<string, unknown> } } } } }
    ).properties.scopes.properties.exposes.items;
    expect(exposes['x-kubernetes-validations']).toEqual([
      {
        rule: '!has(self.delegationSource) || (has(self.separator) && self.separator == "/")',
        message: 'scopes.exposes[].separator must be set to "/" when scopes.exposes[].delegationSource is set',
      },
    ]);
  });

  it('has the Team printer column and the condition constraints (liberator nais.io_naisjobs.yaml)', () => {
    expect(crd.spec.versions[0]?.additionalPrinterColumns?.map((c) => c.name)).toEqual([
      'Schedule',
      'Age',
      'Team',
      'State',
    ]);
    const status = (schema as unknown as { properties: { status: { properties: Record<string, unknown> } } }).properties
      .status.properties;
    expect(status.conditions).toMatchObject({
      items: {
        required: ['lastTransitionTime', 'message', 'reason', 'status', 'type'],
        properties: { status: { enum: ['True', 'False', 'Unknown'] }, message: { maxLength: 32768 } },
      },
    });
  });

  it('has Image (liberator nais.io_images.yaml) and Topic (kafka.nais.io_topics.yaml) beside it', () => {
    expect(imageCrd().metadata?.name).toBe('images.nais.io');
    expect(imageCrd().spec.versions[0]?.schema?.openAPIV3Schema?.properties?.spec).toMatchObject({
      required: ['image'],
      properties: { image: { pattern: '^.*/.*:.*$' } },
    });
    expect(topicCrd().metadata?.name).toBe('topics.kafka.nais.io');
    expect(topicCrd().spec.versions[0]?.schema?.openAPIV3Schema?.properties?.spec?.required).toEqual(['acl', 'pool']);
  });

  it('checks resource quantities', () => {
    expect(spec.resources).toMatchObject({
      properties: {
        limits: { properties: { cpu: { pattern: '^\\d+m?$' }, memory: { pattern: '^\\d+[KMG]i$' } } },
      },
    });
    const cpu = new RegExp('^\\d+m?$');
    const memory = new RegExp('^\\d+[KMG]i$');
    expect(['200m', '1'].every((value) => cpu.test(value))).toBe(true);
    expect(['0.5', '200 m'].some((value) => cpu.test(value))).toBe(false);
    expect(['256Mi', '1Gi'].every((value) => memory.test(value))).toBe(true);
    expect(['256M', '1gi'].some((value) => memory.test(value))).toBe(false);
  });

  it('keeps wire names inside items and model names elsewhere, as client-node serializes them', () => {
    const model = toClientSchema({
      type: 'object',
      properties: {
        e: { type: 'string', enum: ['A'] },
        o: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        l: {
          type: 'array',
          items: {
            type: 'object',
            'x-kubernetes-preserve-unknown-fields': true,
            properties: { p: { type: 'string', enum: ['B'] } },
          },
        },
      },
    });
    expect(model.properties?.e?._enum).toEqual(['A']);
    expect(model.properties?.o?.x_kubernetes_preserve_unknown_fields).toBe(true);
    expect(model.properties?.l?.items).toEqual({
      type: 'object',
      'x-kubernetes-preserve-unknown-fields': true,
      properties: { p: { type: 'string', enum: ['B'] } },
    });
  });
});

describe('KeyedQueue', () => {
  const tick = (ms = 5): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

  it('runs one key in order and merges waiting reconciles', async () => {
    const queue = new KeyedQueue(() => undefined);
    const seen: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    void queue.run('a', async () => {
      seen.push('first:start');
      await gate;
      seen.push('first:end');
    });
    const reconcile = async (key: string): Promise<void> => {
      seen.push(`reconcile:${key}`);
    };
    expect(queue.reconcile('a', reconcile)).toBe(true);
    expect(queue.reconcile('a', reconcile)).toBe(false);
    expect(queue.reconcile('b', reconcile)).toBe(true);
    await tick();
    expect(seen).toEqual(['first:start', 'reconcile:b']);
    release();
    await queue.idle();
    expect(seen).toEqual(['first:start', 'reconcile:b', 'first:end', 'reconcile:a']);
  });

  it('reports a failed task and carries on', async () => {
    const errors: string[] = [];
    const queue = new KeyedQueue((key, error) => errors.push(`${key}: ${String(error)}`));
    const ran: number[] = [];
    void queue.run('a', async () => {
      throw new Error('boom');
    });
    void queue.run('a', async () => {
      ran.push(2);
    });
    await queue.idle();
    expect(errors).toEqual(['a: Error: boom']);
    expect(ran).toEqual([2]);
  });
});
