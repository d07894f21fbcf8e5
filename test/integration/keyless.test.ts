// Keyless access against the real kube-apiserver: its JWT authenticator trusts the local cluster's
// test issuer as a cluster would trust GitHub's, and a loopback stand-in serves the runner's ID
// token endpoint. The action's own code asks for tokens through @actions/core.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import * as core from '@actions/core';
import { stringify } from 'yaml';
import { keylessRepository } from '../../cluster/rbac.ts';
import { actionStep } from '../../scripts/action-step.ts';
import { testAudience } from '../../cluster/oidc-issuer/setup.ts';
import { connectToCluster } from '../../src/cluster/connect.ts';
import { execute } from '../../src/execute.ts';
import { executeRequest, naisjob, recordingReporter, testCluster } from './cluster.ts';
import { startTokenEndpoint, workflowClaims, type TokenEndpoint } from './id-token-endpoint.ts';

const namespace = testCluster().teamNamespace;
let endpoint: TokenEndpoint;
const writeStdout = process.stdout.write.bind(process.stdout);

beforeAll(async () => {
  endpoint = await startTokenEndpoint(testCluster().oidcIssuer, {
    claims: workflowClaims(keylessRepository),
    lifetimeSeconds: 300,
  });
  // @actions/core masks each token with an ::add-mask:: line on stdout; a test log keeps no token.
  const withoutMasks = (chunk: string | Uint8Array, ...rest: never[]): boolean =>
    String(chunk).startsWith('::add-mask::') ? true : writeStdout(chunk, ...rest);
  process.stdout.write = withoutMasks;
});

afterAll(async () => {
  process.stdout.write = writeStdout;
  await endpoint.close();
});

afterEach(() => {
  endpoint.next = { claims: workflowClaims(keylessRepository), lifetimeSeconds: 300 };
});

function jobFile(name: string, labels: Record<string, string> = {}): string {
  const cwd = mkdtempSync(path.join(tmpdir(), 'naisjob-keyless-'));
  writeFileSync(
    path.join(cwd, 'job.yaml'),
    stringify(naisjob(namespace, name, { env: [{ name: 'LOG_TEXT', value: 'signed in without a secret' }] }, labels)),
  );
  return cwd;
}

function connect(env: NodeJS.ProcessEnv = { GITHUB_ACTIONS: 'true', ...endpoint.env }) {
  const cluster = testCluster();
  const reporter = recordingReporter();
  const gateway = connectToCluster({
    access: {
      kubeconfig: undefined,
      context: undefined,
      keyless: {
        audience: testAudience,
        server: cluster.server,
        // kube-apiserver's self-made serving certificate file holds its CA too.
        certificateAuthority: readFileSync(path.join(cluster.dir, 'pki', 'apiserver.crt'), 'utf8'),
      },
    },
    reporter,
    fetchIdToken: (audience) => {
      Object.assign(process.env, env);
      return core.getIDToken(audience);
    },
    env,
  });
  return { gateway, reporter };
}

describe('keyless access with the workflow ID token', () => {
  it('deploys and waits with a good token, and says how it signed in', async () => {
    const { gateway, reporter } = connect();
    const cwd = jobFile(`keyless-${randomBytes(3).toString('hex')}`);
    const result = await execute(await gateway, executeRequest(cwd), reporter);
    expect(result.runs.map((r) => r.result)).toEqual(['succeeded']);
    expect(reporter.lines.join('\n')).toContain(
      `signed in with the workflow's GitHub ID token (audience '${testAudience}')`,
    );
    expect(reporter.lines.join('\n')).toContain('signed in without a secret');
    expect(endpoint.served.map((s) => s.audience)).toContain(testAudience);
  });

  it('signs a token from another repository in as another user, whom RBAC refuses by name and rule', async () => {
    endpoint.next = { claims: workflowClaims('navikt/someone-else'), lifetimeSeconds: 300 };
    const { gateway, reporter } = connect();
    const cwd = jobFile(`keyless-other-${randomBytes(3).toString('hex')}`);
    const failure = await execute(await gateway, executeRequest(cwd), reporter).then(
      () => 'no error',
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    expect(failure).toContain('github:navikt/someone-else may not');
    expect(failure).toMatch(/apiGroups: \["[^"]*"\], resources: \["\w+"\], verbs: \["\w+"\]/);
  });

  it('renews a token that expires during the wait, with no failure', async () => {
    // Tokens live 12 s; the job runs 40 s, longer than client-node's 30 s watch time-out, so
    // watches are opened again (and the report read) after the first token has expired.
    endpoint.next = { claims: workflowClaims(keylessRepository), lifetimeSeconds: 12 };
    const before = endpoint.served.length;
    const { gateway, reporter } = connect();
    const cwd = jobFile(`keyless-long-${randomBytes(3).toString('hex')}`, { 'test.kwok/run-for': '40s' });
    const result = await execute(await gateway, executeRequest(cwd), reporter);
    expect(result.runs.map((r) => r.result)).toEqual(['succeeded']);
    const served = endpoint.served.slice(before).map((s) => s.at);
    const firstExpired = (served[0] ?? 0) + 12_000;
    // Requests went on after the first token had expired, each with a renewed one.
    expect(served.filter((at) => at > firstExpired).length).toBeGreaterThanOrEqual(1);
    expect(reporter.lines.filter((line) => /401|Unauthorized|expired/i.test(line))).toEqual([]);
  }, 90_000);

  it('says which permission to add when the job has no id-token: write', async () => {
    const { gateway } = connect({ GITHUB_ACTIONS: 'true' });
    await expect(gateway).rejects.toThrow(/lacks the permission id-token: write[\s\S]*id-token: write/);
  });

  it('shows the claims next to a 401, never the token', async () => {
    endpoint.next = { claims: workflowClaims(keylessRepository, { ref: 'refs/heads/feature' }), lifetimeSeconds: 300 };
    const { gateway, reporter } = connect();
    const cwd = jobFile(`keyless-401-${randomBytes(3).toString('hex')}`);
    const failure = await execute(await gateway, executeRequest(cwd), reporter).then(
      () => 'no error',
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    expect(failure).toContain('401 Unauthorized');
    expect(failure).toContain('ref: "refs/heads/feature"');
    expect(failure).toContain(`repository: "${keylessRepository}"`);
    expect(failure).toContain(`issuer (iss): "${testCluster().oidcIssuer.url}"`);
    expect(failure).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
  });

  it('runs as a step with the three inputs and no kubeconfig; the token shows only in its mask command', async () => {
    const cluster = testCluster();
    const cwd = jobFile(`keyless-step-${randomBytes(3).toString('hex')}`);
    const step = actionStep({
      resource: 'job.yaml',
      server: cluster.server,
      'certificate-authority': readFileSync(path.join(cluster.dir, 'pki', 'apiserver.crt'), 'utf8'),
      'oidc-audience': testAudience,
      timeout: '2m',
    });
    const env: NodeJS.ProcessEnv = { ...step.env, ...endpoint.env, GITHUB_ACTIONS: 'true' };
    delete env.KUBECONFIG;
    try {
      // The action's source, run by Node itself: dist/ is rebuilt only on release.
      const entry = path.resolve(import.meta.dirname, '..', '..', 'src', 'index.ts');
      const child = spawn(process.execPath, [entry], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect({ code, outputs: step.outputs() }).toMatchObject({ code: 0, outputs: { result: 'succeeded' } });
      expect(stdout).toContain("signed in with the workflow's GitHub ID token");
      const tokens = stdout.match(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/g) ?? [];
      expect(tokens.length).toBeGreaterThan(0);
      for (const token of new Set(tokens)) {
        const lines = stdout.split('\n').filter((line) => line.includes(token));
        expect(lines).toEqual([`::add-mask::${token}`]);
      }
    } finally {
      step.dispose();
    }
  });
});
