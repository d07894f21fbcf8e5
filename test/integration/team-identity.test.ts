// Every mode with the team identity, whose RBAC role has exactly the rules the README lists
// (cluster/rbac.ts): a missing verb fails here with a 403.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { stringify } from 'yaml';
import { createClusterGateway } from '../../src/cluster/gateway.ts';
import { execute, type ExecuteRequest } from '../../src/execute.ts';
import type { Mode } from '../../src/settings.ts';
import { executeRequest, kubeConfigFor, naisjob, recordingReporter, testCluster } from './cluster.ts';

describe('team identity', () => {
  it('deploys, runs, previews, cancels with delete and cleans up with only the documented permissions', async () => {
    const namespace = testCluster().teamNamespace;
    const suffix = randomBytes(3).toString('hex');
    const cwd = mkdtempSync(path.join(tmpdir(), 'naisjob-team-'));
    writeFileSync(
      path.join(cwd, 'job.yaml'),
      stringify(naisjob(namespace, `rbac-${suffix}`, { env: [{ name: 'LOG_TEXT', value: 'ok' }] })),
    );
    writeFileSync(
      path.join(cwd, 'long.yaml'),
      stringify(naisjob(namespace, `rbac-long-${suffix}`, {}, { 'test.kwok/run-for': '120s' })),
    );
    const gateway = createClusterGateway(kubeConfigFor('team'));
    const request = (mode: Mode, overrides: Partial<ExecuteRequest> = {}): ExecuteRequest =>
      executeRequest(cwd, {
        mode,
        job: { stuckGraceMs: 60_000, logs: true, onCancel: 'delete', tailLines: 30 },
        preview: { pullRequest: 5, repository: 'navikt/x', sha: 'abc', ttl: '1h', runId: 1 },
        ...overrides,
      });
    const reporter = recordingReporter();

    const deployed = await execute(gateway, request('deploy'), reporter);
    expect(deployed.runs.map((r) => r.result)).toEqual(['succeeded']);
    const dryRun = await execute(gateway, request('deploy', { dryRun: true }), reporter);
    expect(dryRun.deploy?.outcomes[0]?.verdict.state).toBe('dry-run');
    const ran = await execute(gateway, request('run'), reporter);
    expect(ran.runs.map((r) => r.result)).toEqual(['succeeded']);
    const rerun = await execute(gateway, request('deploy-then-run'), reporter);
    expect(rerun.runs.map((r) => [r.target.startedBy, r.result])).toEqual([['force-run', 'succeeded']]);
    const previewed = await execute(gateway, request('preview'), reporter);
    expect(previewed.runs.map((r) => r.result)).toEqual(['succeeded']);
    const cleaned = await execute(gateway, request('cleanup'), reporter);
    expect(cleaned.cleaned.map((c) => c.name)).toEqual([`rbac-${suffix}-pr-5`]);

    const cancel = new AbortController();
    setTimeout(() => {
      cancel.abort();
    }, 8000);
    const cancelled = await execute(
      gateway,
      request('deploy', { resources: ['long.yaml'], signal: cancel.signal }),
      reporter,
    );
    expect(cancelled.runs.map((r) => [r.result, r.deleted])).toEqual([['cancelled', true]]);
    expect(reporter.lines.filter((line) => /\bforbidden\b/i.test(line))).toEqual([]);
  });
});
