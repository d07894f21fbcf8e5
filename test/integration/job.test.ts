// Waiting for the real Job, its logs, failures explained, force-run, re-run and cancellation,
// against the local cluster: real Job and CronJob controllers, kwok pods, the naiserator stand-in.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { stringify } from 'yaml';
import { createClusterGateway } from '../../src/cluster/gateway.ts';
import { execute } from '../../src/execute.ts';
import { manualAnnotation } from '../../src/job/force-run.ts';
import { waitForJobs } from '../../src/job/wait-for-jobs.ts';
import {
  adminClients,
  eventually,
  executeRequest,
  freshNamespace,
  kubeConfigFor,
  naisjob,
  recordingReporter,
  withCnrm,
} from './cluster.ts';

function naisjobFile(object: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'naisjob-deploy-job-'));
  writeFileSync(path.join(dir, 'job.yaml'), stringify(object));
  return dir;
}

const request = executeRequest;

const gateway = () => createClusterGateway(kubeConfigFor('admin'));

/** The lines printed inside each verbatim (log) block, by block title. */
function logBlocks(lines: readonly string[]): { title: string; lines: string[] }[] {
  const blocks: { title: string; lines: string[] }[] = [];
  for (const line of lines) {
    if (line.startsWith('>> ')) blocks.push({ title: line.slice(3), lines: [] });
    else if (line.startsWith('| ')) blocks.at(-1)?.lines.push(line.slice(2));
  }
  return blocks;
}

describe('waiting for the Job', () => {
  it('reports success with the exit code, the duration and the log', async () => {
    const namespace = await freshNamespace('job-ok');
    const cwd = naisjobFile(
      naisjob(namespace, 'hello', { env: [{ name: 'LOG_TEXT', value: 'starting\nworking\ndone' }] }),
    );
    const reporter = recordingReporter();
    const result = await execute(gateway(), request(cwd), reporter);
    expect(result.runs).toHaveLength(1);
    const run = result.runs[0];
    expect(run?.result).toBe('succeeded');
    expect(run?.target).toMatchObject({ name: 'hello-1', startedBy: 'naiserator' });
    expect(run?.exitCode).toBe(0);
    expect(run?.reason).toBe('CompletionsReached');
    expect(run?.durationSeconds).toBeGreaterThanOrEqual(0);
    expect(logBlocks(reporter.lines)).toEqual([
      { title: expect.stringContaining('hello-1'), lines: ['starting', 'working', 'done'] },
    ]);
    expect(run?.logTail).toEqual(['starting', 'working', 'done']);
    expect(run?.timeline.map((m) => m.text)).toEqual(
      expect.arrayContaining([expect.stringContaining('Job hello-1 created'), expect.stringContaining('Job Complete')]),
    );
  });

  it('fails with the exit code and reason when the retries are spent, showing every attempt', async () => {
    const namespace = await freshNamespace('job-fail');
    const cwd = naisjobFile(
      naisjob(
        namespace,
        'broken',
        { backoffLimit: 1, env: [{ name: 'LOG_TEXT', value: 'oh no' }] },
        {
          'test.kwok/exit-code': '3',
        },
      ),
    );
    const reporter = recordingReporter();
    const [run] = (await execute(gateway(), request(cwd), reporter)).runs;
    expect(run?.result).toBe('failed');
    expect(run?.exitCode).toBe(3);
    expect(run?.reason).toBe('BackoffLimitExceeded');
    expect(run?.headline).toContain('broken-1');
    expect(run?.headline).toContain('3');
    expect(logBlocks(reporter.lines).map((b) => b.lines)).toEqual([['oh no'], ['oh no']]);
    expect(run?.report.join('\n')).toContain('oh no');
  });

  it('succeeds when failures stay within backoffLimit', async () => {
    // A Naisjob cannot set backoffLimitPerIndex, the only thing that gives a pod its attempt number
    // (batch.kubernetes.io/job-index-failure-count), so this Job is made directly.
    const namespace = await freshNamespace('job-flaky');
    const labels = { app: 'flaky', 'test.kwok/fail-attempts': '2', 'test.kwok/run-for': '1s' };
    await adminClients().batch.createNamespacedJob({
      namespace,
      body: {
        metadata: { name: 'flaky-1', labels },
        spec: {
          completionMode: 'Indexed',
          completions: 1,
          backoffLimit: 3,
          backoffLimitPerIndex: 3,
          template: {
            metadata: { labels },
            spec: {
              restartPolicy: 'Never',
              containers: [
                { name: 'flaky', image: 'ghcr.io/navikt/flaky:1', env: [{ name: 'LOG_TEXT', value: 'try' }] },
              ],
            },
          },
        },
      },
    });
    const reporter = recordingReporter();
    const [run] = await waitForJobs(
      gateway(),
      [{ namespace, name: 'flaky-1', naisjob: 'flaky', startedBy: 'force-run' }],
      {
        deadline: Date.now() + 100_000,
        signal: new AbortController().signal,
        stuckGraceMs: 60_000,
        logs: true,
        onCancel: 'leave',
        tailLines: 30,
      },
      reporter,
    );
    expect(run?.result).toBe('succeeded');
    expect(run?.exitCode).toBe(0);
    expect(logBlocks(reporter.lines).map((b) => b.lines)).toEqual([['try'], ['try'], ['try']]);
  });

  it('fails with DeadlineExceeded when activeDeadlineSeconds passes', async () => {
    const namespace = await freshNamespace('job-deadline');
    const cwd = naisjobFile(naisjob(namespace, 'slow', { activeDeadlineSeconds: 2 }, { 'test.kwok/run-for': '60s' }));
    const [run] = (await execute(gateway(), request(cwd), recordingReporter())).runs;
    expect(run?.result).toBe('failed');
    expect(run?.reason).toBe('DeadlineExceeded');
  });

  it.each([
    [
      'the image cannot be pulled',
      { 'test.kwok/waiting': 'ImagePullBackOff' },
      'ImagePullBackOff',
      'ghcr.io/navikt/example:1',
    ],
    [
      'the image name is invalid',
      { 'test.kwok/waiting': 'InvalidImageName' },
      'InvalidImageName',
      'ghcr.io/navikt/example:1',
    ],
    [
      'a secret is missing',
      { 'test.kwok/waiting': 'CreateContainerConfigError', 'test.kwok/missing': 'db-credentials' },
      'CreateContainerConfigError',
      'db-credentials',
    ],
  ])('fails fast when %s', async (_case, labels, reason, named) => {
    const namespace = await freshNamespace('job-stuck');
    const cwd = naisjobFile(naisjob(namespace, 'stuck', {}, labels));
    // The step's deadline is far off; the stuck pod ends the wait after the grace.
    const [run] = (
      await execute(
        gateway(),
        request(cwd, { job: { stuckGraceMs: 2000, logs: true, onCancel: 'leave', tailLines: 30 } }),
        recordingReporter(),
      )
    ).runs;
    expect(run?.result).toBe('failed');
    expect(run?.reason).toBe(reason);
    expect(run?.headline).toContain(named);
  });

  it('is not held back by a native sidecar', async () => {
    const namespace = await freshNamespace('job-sidecar', withCnrm);
    const cwd = naisjobFile(
      naisjob(namespace, 'withdb', {
        gcp: { sqlInstances: [{ type: 'POSTGRES_17', tier: 'db-f1-micro', databases: [{ name: 'db' }] }] },
      }),
    );
    const [run] = (await execute(gateway(), request(cwd), recordingReporter())).runs;
    expect(run?.result).toBe('succeeded');
    const pods = await adminClients().core.listNamespacedPod({ namespace });
    expect(pods.items[0]?.spec?.initContainers?.map((c) => [c.name, c.restartPolicy])).toEqual([
      ['cloudsql-proxy', 'Always'],
    ]);
  });

  it('reads back 10,000 log lines in order, across broken streams', async () => {
    const namespace = await freshNamespace('job-logs');
    const cwd = naisjobFile(
      naisjob(
        namespace,
        'chatty',
        {},
        {
          'test.kwok/run-for': '4s',
          'test.kwok/log-lines': '10000',
          'test.kwok/log-break-every': '2500',
        },
      ),
    );
    const reporter = recordingReporter();
    const [run] = (await execute(gateway(), request(cwd), reporter)).runs;
    expect(run?.result).toBe('succeeded');
    const [block] = logBlocks(reporter.lines);
    expect(block?.lines).toHaveLength(10_000);
    expect(block?.lines.every((line, index) => line.startsWith(`line ${index + 1} of 10000`))).toBe(true);
  });
});

describe('bad pods and long lines', () => {
  it('fails fast when the Job controller cannot create the pod, as the pod is invalid', async () => {
    // Some checks run on pods only, not on a Job's template: an image with leading white space passes the Job.
    const namespace = await freshNamespace('job-invalid-pod');
    await adminClients().batch.createNamespacedJob({
      namespace,
      body: {
        metadata: { name: 'invalid-1' },
        spec: {
          backoffLimit: 0,
          template: {
            spec: { restartPolicy: 'Never', containers: [{ name: 'invalid', image: ' ghcr.io/navikt/x:1' }] },
          },
        },
      },
    });
    const [run] = await waitForJobs(
      gateway(),
      [{ namespace, name: 'invalid-1', naisjob: 'invalid', startedBy: 'force-run' }],
      {
        deadline: Date.now() + 60_000,
        signal: new AbortController().signal,
        stuckGraceMs: 60_000,
        logs: true,
        onCancel: 'leave',
        tailLines: 30,
      },
      recordingReporter(),
    );
    // Without failing fast the wait would end at its 60 s deadline as 'timed-out', not 'failed'.
    expect(run?.result).toBe('failed');
    expect(run?.reason).toBe('FailedCreate');
    expect(run?.headline).toMatch(
      /cannot create its pods, as the pod is invalid \(FailedCreate\): .*spec\.containers\[0\]\.image/,
    );
  });

  it('cuts a very long log line, saying so', async () => {
    const namespace = await freshNamespace('job-long-line');
    const cwd = naisjobFile(
      naisjob(namespace, 'wide', {}, { 'test.kwok/log-lines': '2', 'test.kwok/log-line-bytes': '200000' }),
    );
    const reporter = recordingReporter();
    const [run] = (await execute(gateway(), request(cwd), reporter)).runs;
    expect(run?.result).toBe('succeeded');
    const [block] = logBlocks(reporter.lines);
    expect(block?.lines).toHaveLength(2);
    for (const line of block?.lines ?? [])
      expect(line).toMatch(/^line \d of 2.{65000,}… \[line cut: \d+ more characters\]$/s);
  });
});

describe('timing out', () => {
  it('says what the Job and its pods were doing', async () => {
    const namespace = await freshNamespace('job-timeout');
    const cwd = naisjobFile(naisjob(namespace, 'stays', {}, { 'test.kwok/run-for': '120s' }));
    const [run] = (await execute(gateway(), request(cwd, { deadline: Date.now() + 15_000 }), recordingReporter())).runs;
    expect(run?.result).toBe('timed-out');
    expect(run?.headline).toMatch(/^Timed out/);
    expect(run?.headline).toContain('stays-1');
    expect(run?.report.join('\n')).toMatch(/Running/);
  });
});

describe('force-run and re-run', () => {
  it('force-runs a scheduled Naisjob from its CronJob, as kubectl create job --from does', async () => {
    const namespace = await freshNamespace('job-force');
    const cwd = naisjobFile(naisjob(namespace, 'nightly', { schedule: '0 3 * * *' }));
    const deployed = await execute(gateway(), request(cwd), recordingReporter());
    expect(deployed.targets).toEqual([]);
    const ran = await execute(gateway(), request(cwd, { mode: 'run' }), recordingReporter());
    const [run] = ran.runs;
    expect(run?.result).toBe('succeeded');
    expect(run?.target.name).toMatch(/^nightly-run-[a-z0-9]+[a-z]$/);
    const job = await adminClients().batch.readNamespacedJob({ namespace, name: run?.target.name ?? '' });
    expect(job.metadata?.annotations?.[manualAnnotation]).toBe('manual');
    expect(job.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'CronJob', name: 'nightly' });
    expect(job.metadata?.labels?.app).toBe('nightly');
  });

  it('re-runs an unscheduled Naisjob whose spec has not changed', async () => {
    const namespace = await freshNamespace('job-rerun');
    const cwd = naisjobFile(naisjob(namespace, 'again', {}));
    const first = await execute(gateway(), request(cwd), recordingReporter());
    expect(first.runs[0]?.result).toBe('succeeded');
    const second = await execute(gateway(), request(cwd, { mode: 'deploy-then-run' }), recordingReporter());
    expect(second.deploy?.outcomes[0]?.verdict.state).toBe('unchanged');
    expect(second.runs[0]?.target.startedBy).toBe('force-run');
    expect(second.runs[0]?.result).toBe('succeeded');
  });
});

describe('cancellation', () => {
  it.each([
    ['leave', true],
    ['delete', false],
  ] as const)('on-cancel %s: stops waiting; the Job is still there: %s', async (onCancel, remains) => {
    const namespace = await freshNamespace(`job-cancel-${onCancel}`);
    const cwd = naisjobFile(naisjob(namespace, 'long', {}, { 'test.kwok/run-for': '120s' }));
    const cancel = new AbortController();
    const running = execute(
      gateway(),
      request(cwd, { signal: cancel.signal, job: { stuckGraceMs: 60_000, logs: true, onCancel, tailLines: 30 } }),
      recordingReporter(),
    );
    await eventually(
      () => adminClients().core.listNamespacedPod({ namespace }),
      (pods) => pods.items.some((p) => p.status?.phase === 'Running'),
    );
    cancel.abort();
    const [run] = (await running).runs;
    expect(run?.result).toBe('cancelled');
    expect(run?.deleted).toBe(!remains);
    const jobs = await adminClients().batch.listNamespacedJob({ namespace });
    const live = jobs.items.filter((j) => !j.metadata?.deletionTimestamp);
    expect(live.map((j) => j.metadata?.name)).toEqual(remains ? ['long-1'] : []);
  });
});

describe('a wait longer than the watch inactivity time-out', () => {
  it('keeps watching through two of client-node’s 30 s inactivity time-outs until the Job ends', async () => {
    const namespace = await freshNamespace('job-long');
    const cwd = naisjobFile(naisjob(namespace, 'patient', {}, { 'test.kwok/run-for': '65s' }));
    const [run] = (await execute(gateway(), request(cwd), recordingReporter())).runs;
    expect(run?.result).toBe('succeeded');
    expect(run?.durationSeconds).toBeGreaterThanOrEqual(65);
  });
});
