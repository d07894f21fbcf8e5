// Proves the local cluster is real: naiserator's CronJob and Job, the Job controller's retries,
// the CronJob controller, pod logs through the API, and RBAC.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { BatchV1Api, CoreV1Api, Log, type V1Job } from '@kubernetes/client-node';
import { adminClients, eventually, freshNamespace, kubeConfigFor, naisjob, testCluster } from './cluster.ts';

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
    const followed = new PassThrough();
    let text = '';
    followed.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const ended = new Promise((resolve) => followed.on('end', resolve));
    await new Log(kubeConfigFor('admin')).log(namespace, podName, 'talker', followed, { follow: true });
    await ended;
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(30);
    expect(lines[0]).toBe('line 1 of 30');
    expect(lines[29]).toBe('line 30 of 30');
    // A plain read after the end gives the same lines.
    const plain = await core.readNamespacedPodLog({ namespace, name: podName, container: 'talker', tailLines: 2 });
    expect(plain).toBe('line 29 of 30\nline 30 of 30\n');
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
