// Proves the local cluster is real: naiserator's CronJob and Job, the Job controller's retries,
// the CronJob controller, pod logs through the API, and RBAC; and that the fake kubelet's
// test.kwok/* labels do what cluster/kwok-stages.ts and cluster/pod-logs/model.ts promise.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { BatchV1Api, CoreV1Api, Log, type LogOptions, type V1Job, type V1Pod } from '@kubernetes/client-node';
import { adminClients, eventually, freshNamespace, kubeConfigFor, naisjob, testCluster, withCnrm } from './cluster.ts';

const { core, batch, custom } = adminClients();

async function createNaisjob(body: Record<string, unknown>): Promise<void> {
  const metadata = body.metadata as { namespace: string };
  await custom.createNamespacedCustomObject({
    group: 'nais.io',
    version: 'v1',
    namespace: metadata.namespace,
    plural: 'naisjobs',
    body,
  });
}

const hasCondition = (job: V1Job, type: string): boolean =>
  job.status?.conditions?.some((c) => c.type === type && c.status === 'True') ?? false;

const isFinished = (pod: V1Pod | undefined): boolean =>
  pod?.status?.phase === 'Succeeded' || pod?.status?.phase === 'Failed';

/** Follows a container's log through the API until the server ends the response; its lines. */
async function followLog(namespace: string, pod: string, container: string, options: LogOptions): Promise<string[]> {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const ended = new Promise((resolve) => stream.on('end', resolve));
  await new Log(kubeConfigFor('admin')).log(namespace, pod, container, stream, { ...options, follow: true });
  await ended;
  return text.trim().split('\n');
}

describe('the local cluster', () => {
  it('turns an unscheduled Naisjob into a suspended CronJob and a Job that completes', async () => {
    const namespace = await freshNamespace('unscheduled');
    await createNaisjob(naisjob(namespace, 'hello', {}, { 'test.kwok/run-for': '2s' }));
    const cronJob = await eventually(
      () => batch.readNamespacedCronJob({ namespace, name: 'hello' }),
      (c) => c.metadata?.generation !== undefined,
    );
    expect(cronJob.spec.suspend).toBe(true);
    const jobName = `hello-${cronJob.metadata?.generation ?? 0}`;
    const job = await eventually(
      () => batch.readNamespacedJob({ namespace, name: jobName }),
      (j) => hasCondition(j, 'Complete'),
    );
    expect(job.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'CronJob', name: 'hello', controller: true });
    const pods = await core.listNamespacedPod({ namespace, labelSelector: `job-name=${jobName}` });
    expect(pods.items.map((p) => p.status?.phase)).toEqual(['Succeeded']);
  });

  it('retries a failing pod up to backoffLimit and fails the Job with BackoffLimitExceeded', async () => {
    const namespace = await freshNamespace('failing');
    await createNaisjob(naisjob(namespace, 'broken', { backoffLimit: 1 }, { 'test.kwok/exit-code': '3' }));
    const job = await eventually(
      async () => (await batch.listNamespacedJob({ namespace })).items[0] as V1Job,
      (j) => hasCondition(j, 'Failed'),
      90_000,
    );
    expect(job.status?.conditions?.find((c) => c.type === 'Failed')?.reason).toBe('BackoffLimitExceeded');
    const pods = await core.listNamespacedPod({ namespace });
    expect(pods.items).toHaveLength(2);
    for (const pod of pods.items) {
      expect(pod.status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
    }
  });

  it('gives a scheduled Naisjob an unsuspended CronJob, and a Job made from it runs', async () => {
    const namespace = await freshNamespace('scheduled');
    await createNaisjob(naisjob(namespace, 'nightly', { schedule: '0 3 * * *', timeZone: 'Europe/Oslo' }));
    const cronJob = await eventually(
      () => batch.readNamespacedCronJob({ namespace, name: 'nightly' }),
      (c) => c.spec.schedule !== '',
    );
    expect(cronJob.spec).toMatchObject({ suspend: false, schedule: '0 3 * * *', timeZone: 'Europe/Oslo' });
    await batch.createNamespacedJob({
      namespace,
      body: {
        metadata: { name: 'nightly-manual', annotations: { 'cronjob.kubernetes.io/instantiate': 'manual' } },
        spec: cronJob.spec.jobTemplate.spec,
      },
    });
    await eventually(
      () => batch.readNamespacedJob({ namespace, name: 'nightly-manual' }),
      (j) => hasCondition(j, 'Complete'),
    );
  });

  it('serves pod logs through the API, plain and followed', async () => {
    const namespace = await freshNamespace('logs');
    await createNaisjob(naisjob(namespace, 'talker', {}, { 'test.kwok/run-for': '3s', 'test.kwok/log-lines': '30' }));
    const pod = await eventually(
      async () => (await core.listNamespacedPod({ namespace })).items[0],
      (p) => p?.status?.phase === 'Running',
    );
    const podName = pod?.metadata?.name ?? '';
    // Follow from the start while the pod runs: every line arrives, in order, then the stream ends.
    const lines = await followLog(namespace, podName, 'talker', {});
    expect(lines).toHaveLength(30);
    expect(lines[0]).toBe('line 1 of 30');
    expect(lines[29]).toBe('line 30 of 30');
    // A plain read after the end gives the same lines.
    const plain = await core.readNamespacedPodLog({ namespace, name: podName, container: 'talker', tailLines: 2 });
    expect(plain).toBe('line 29 of 30\nline 30 of 30\n');
  });

  it('keeps a pod Pending with its main container waiting, as test.kwok/waiting says', async () => {
    const namespace = await freshNamespace('waiting');
    await createNaisjob(
      naisjob(
        namespace,
        'nosecret',
        {},
        {
          'test.kwok/waiting': 'CreateContainerConfigError',
          'test.kwok/missing': 'db-credentials',
        },
      ),
    );
    await createNaisjob(
      naisjob(
        namespace,
        'badimage',
        { image: 'ghcr.io/navikt/Example:1' },
        { 'test.kwok/waiting': 'InvalidImageName' },
      ),
    );
    const waiting = async (app: string) => {
      const pod = await eventually(
        async () => (await core.listNamespacedPod({ namespace, labelSelector: `app=${app}` })).items[0],
        (p) => p?.status?.containerStatuses?.[0]?.state?.waiting !== undefined,
      );
      expect(pod?.status?.phase).toBe('Pending');
      return { name: pod?.metadata?.name ?? '', state: pod?.status?.containerStatuses?.[0]?.state?.waiting };
    };
    const [nosecret, badimage] = await Promise.all([waiting('nosecret'), waiting('badimage')]);
    expect(nosecret.state).toEqual({
      reason: 'CreateContainerConfigError',
      message: 'secret "db-credentials" not found',
    });
    expect(badimage.state).toEqual({
      reason: 'InvalidImageName',
      message:
        'Failed to apply default image tag "ghcr.io/navikt/Example:1": couldn\'t parse image name "ghcr.io/navikt/Example:1": invalid reference format',
    });
    // The log endpoint answers as the kubelet does for a waiting container.
    const refusal: unknown = await core
      .readNamespacedPodLog({ namespace, name: nosecret.name, container: 'nosecret' })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(refusal).toMatchObject({ code: 400 });
    expect(JSON.stringify((refusal as { body?: unknown }).body)).toContain(
      'is waiting to start: CreateContainerConfigError',
    );
  });

  it('fails the first test.kwok/fail-attempts attempts by the Job controller’s index failure count, then succeeds', async () => {
    const namespace = await freshNamespace('flaky');
    const labels = { 'test.kwok/fail-attempts': '2', 'test.kwok/exit-code': '4' };
    // The Job controller counts an index's failures on its pods only with backoffLimitPerIndex.
    await batch.createNamespacedJob({
      namespace,
      body: {
        metadata: { name: 'flaky' },
        spec: {
          completionMode: 'Indexed',
          completions: 1,
          backoffLimitPerIndex: 6,
          backoffLimit: 3,
          template: {
            metadata: { labels },
            spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'ghcr.io/navikt/example:1' }] },
          },
        },
      },
    });
    // A Naisjob cannot ask for that, and completionMode Indexed alone adds no count: every attempt fails.
    await createNaisjob(
      naisjob(namespace, 'indexed', { completionMode: 'Indexed', completions: 1, backoffLimit: 0 }, labels),
    );
    const job = await eventually(
      () => batch.readNamespacedJob({ namespace, name: 'flaky' }),
      (j) => hasCondition(j, 'Complete'),
      100_000,
    );
    expect(job.status).toMatchObject({ failed: 2, succeeded: 1 });
    const attempts = (await core.listNamespacedPod({ namespace, labelSelector: 'job-name=flaky' })).items
      .map((pod) => [
        pod.metadata?.annotations?.['batch.kubernetes.io/job-index-failure-count'],
        pod.status?.phase,
        pod.status?.containerStatuses?.[0]?.state?.terminated?.exitCode,
      ])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(attempts).toEqual([
      ['0', 'Failed', 4],
      ['1', 'Failed', 4],
      ['2', 'Succeeded', 0],
    ]);
    const indexed = await eventually(
      async () => (await core.listNamespacedPod({ namespace, labelSelector: 'app=indexed' })).items[0],
      isFinished,
    );
    expect(indexed?.metadata?.annotations).not.toHaveProperty(['batch.kubernetes.io/job-index-failure-count']);
    expect(indexed?.status?.phase).toBe('Failed');
  });

  it('ends a followed log response after test.kwok/log-break-every lines; sinceTime resumes, inclusively', async () => {
    const namespace = await freshNamespace('log-break');
    await createNaisjob(
      naisjob(
        namespace,
        'breaker',
        {},
        {
          'test.kwok/run-for': '30s',
          'test.kwok/log-lines': '60',
          'test.kwok/log-break-every': '5',
        },
      ),
    );
    const pod = await eventually(
      async () => (await core.listNamespacedPod({ namespace })).items[0],
      (p) => p?.status?.phase === 'Running',
    );
    const podName = pod?.metadata?.name ?? '';
    const first = await followLog(namespace, podName, 'breaker', { timestamps: true });
    expect(first.map((line) => line.slice(line.indexOf(' ') + 1))).toEqual(
      [1, 2, 3, 4, 5].map((n) => `line ${n} of 60`),
    );
    const live = await core.readNamespacedPod({ namespace, name: podName });
    expect(live.status?.containerStatuses?.[0]?.state?.running).toBeDefined();
    // Timestamps are RFC3339Nano with nine digits. Resuming at the last one gets that line again
    // (the kubelet sends lines at or after sinceTime; kube-apiserver keeps whole seconds only).
    const lastTimestamp = first[4]?.split(' ')[0] ?? '';
    expect(lastTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
    const resumed = (
      await followLog(namespace, podName, 'breaker', { timestamps: true, sinceTime: lastTimestamp })
    ).map((line) => Number(/ line (\d+) of 60$/.exec(line)?.[1]));
    expect(resumed).toHaveLength(5);
    expect(resumed).toContain(5);
    expect(resumed).toEqual(resumed.map((_, index) => (resumed[0] ?? 0) + index));
  });

  it('runs the cloudsql-proxy native sidecar and stops it with Completed when the main container ends', async () => {
    const namespace = await freshNamespace('sidecar', withCnrm);
    const gcp = { sqlInstances: [{ type: 'POSTGRES_17', tier: 'db-f1-micro' }] };
    await createNaisjob(naisjob(namespace, 'withdb', { gcp }, {}));
    await createNaisjob(naisjob(namespace, 'withdb-fails', { gcp, backoffLimit: 0 }, { 'test.kwok/exit-code': '3' }));
    const finished = async (app: string) =>
      eventually(
        async () => (await core.listNamespacedPod({ namespace, labelSelector: `app=${app}` })).items[0],
        isFinished,
      );
    const [succeeded, failed] = await Promise.all([finished('withdb'), finished('withdb-fails')]);
    for (const [pod, phase, exitCode] of [
      [succeeded, 'Succeeded', 0],
      [failed, 'Failed', 3],
    ] as const) {
      expect(pod?.spec?.initContainers?.map((c) => [c.name, c.restartPolicy])).toEqual([['cloudsql-proxy', 'Always']]);
      expect(pod?.status?.phase).toBe(phase);
      expect(pod?.status?.containerStatuses?.[0]?.state?.terminated?.exitCode).toBe(exitCode);
      expect(pod?.status?.initContainerStatuses?.[0]).toMatchObject({
        name: 'cloudsql-proxy',
        state: { terminated: { exitCode: 0, reason: 'Completed' } },
      });
    }
  });

  it('refuses the team identity outside its own namespace', async () => {
    const team = kubeConfigFor('team');
    const teamCore = team.makeApiClient(CoreV1Api);
    await expect(teamCore.listNamespacedPod({ namespace: 'default' })).rejects.toMatchObject({ code: 403 });
    await expect(
      team.makeApiClient(BatchV1Api).listNamespacedJob({ namespace: testCluster().teamNamespace }),
    ).resolves.toHaveProperty('items');
  });
});
