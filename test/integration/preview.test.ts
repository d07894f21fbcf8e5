// Pull-request previews on the local cluster: deploy a pull request's copy, run it, wait, and
// clean up by label; a newer run's preview is not overwritten by an older run.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { stringify } from 'yaml';
import { createClusterGateway } from '../../src/cluster/gateway.ts';
import { execute, type ExecuteRequest } from '../../src/execute.ts';
import type { PreviewContext } from '../../src/preview/preview-mode.ts';
import { adminClients, executeRequest, freshNamespace, kubeConfigFor, naisjob, recordingReporter } from './cluster.ts';

function files(objects: Record<string, unknown>[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'naisjob-preview-'));
  writeFileSync(path.join(dir, 'job.yaml'), objects.map((o) => stringify(o)).join('---\n'));
  return dir;
}

function request(cwd: string, mode: 'preview' | 'cleanup', preview: PreviewContext): ExecuteRequest {
  return executeRequest(cwd, {
    mode,
    preview,
    run: { actor: 'octocat', sha: preview.sha, runId: String(preview.runId) },
  });
}

const naisjobs = (namespace: string) =>
  adminClients().custom.listNamespacedCustomObject({
    group: 'nais.io',
    version: 'v1',
    namespace,
    plural: 'naisjobs',
  }) as Promise<{
    items: {
      metadata: { name: string; labels: Record<string, string>; deletionTimestamp?: string };
      spec: Record<string, unknown>;
    }[];
  }>;

describe('pull-request previews', () => {
  it('deploys and runs a copy per pull request, then cleans up only that pull request', async () => {
    const namespace = await freshNamespace('preview');
    const cwd = files([
      naisjob(namespace, 'nightly', { schedule: '0 3 * * *', env: [{ name: 'LOG_TEXT', value: 'preview ran' }] }),
      naisjob(namespace, 'once', {}),
    ]);
    const gateway = createClusterGateway(kubeConfigFor('admin'));
    const pr7: PreviewContext = {
      pullRequest: 7,
      repository: 'navikt/Jobs',
      sha: 'a'.repeat(40),
      ttl: '2h',
      runId: 100,
    };
    const pr8: PreviewContext = { ...pr7, pullRequest: 8 };

    const first = await execute(gateway, request(cwd, 'preview', pr7), recordingReporter());
    expect(first.runs.map((r) => [r.target.naisjob, r.result])).toEqual([
      ['nightly-pr-7', 'succeeded'],
      ['once-pr-7', 'succeeded'],
    ]);
    expect(first.runs[0]?.logTail).toEqual(['preview ran']);
    await execute(gateway, request(cwd, 'preview', pr8), recordingReporter());

    const live = (await naisjobs(namespace)).items;
    const preview = live.find((n) => n.metadata.name === 'nightly-pr-7');
    expect(preview?.spec).toMatchObject({ ttl: '2h' });
    expect(preview?.spec.schedule).toBeUndefined();
    expect(preview?.metadata.labels).toMatchObject({
      'naisjob-deploy.nais.io/repository': 'navikt.jobs',
      'naisjob-deploy.nais.io/pull-request': '7',
      'naisjob-deploy.nais.io/commit': 'a'.repeat(40),
    });

    // An older run of the same pull request does not overwrite the newer run's preview.
    await expect(execute(gateway, request(cwd, 'preview', { ...pr7, runId: 99 }), recordingReporter())).rejects.toThrow(
      /deployed by a newer workflow run \(100; this is 99\)/,
    );

    const reporter = recordingReporter();
    const cleaned = await execute(gateway, request(cwd, 'cleanup', pr7), reporter);
    expect(cleaned.cleaned.map((c) => [c.name, c.of])).toEqual([
      ['nightly-pr-7', 'nightly'],
      ['once-pr-7', 'once'],
    ]);
    expect(reporter.lines).toContain(`Deleted preview Naisjob ${namespace}/nightly-pr-7 (of nightly).`);
    const remaining = (await naisjobs(namespace)).items.filter((n) => !n.metadata.deletionTimestamp);
    expect(remaining.map((n) => n.metadata.name).sort()).toEqual(['nightly-pr-8', 'once-pr-8']);
  });
});
