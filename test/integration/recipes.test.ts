// The example workflows under .github/workflows, run step by step against the local cluster with
// the bundled action: the deploy example, the workflow_dispatch recipes (run now, run again,
// deploy a chosen tag, a bad tag) and the pull-request preview with its comment and cleanup.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testCluster } from './cluster.ts';
import { eventFile, runWorkflow } from './workflow-runner.ts';

const env = (): NodeJS.ProcessEnv => ({
  KUBECONFIG: testCluster().kubeconfigPath,
  GITHUB_REPOSITORY: 'navikt/naisjob-examples',
  GITHUB_RUN_ID: '1000',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_SHA: 'c0ffee0000000000000000000000000000000000',
});

const github = { sha: 'c0ffee0000000000000000000000000000000000', workflow: 'recipes' };

describe('example workflows', () => {
  it('example-deploy: deploy and wait, deploy a scheduled Naisjob, force-run it', async () => {
    const run = await runWorkflow('.github/workflows/example-deploy.yml', { github }, env());
    expect(run.failed?.stdout).toBeUndefined();
    expect(run.steps.map((s) => s.name)).toEqual([
      'Deploy and wait for the Job',
      'Deploy a scheduled Naisjob (no Job runs at deploy)',
      'Force-run it now',
      'Check the outputs',
    ]);
  });

  it.each([
    ['run now', { mode: 'run', 'image-tag': '1.2.3', 'on-cancel': 'leave' }],
    ['deploy a chosen tag and run', { mode: 'deploy-then-run', 'image-tag': '1.2.4', 'on-cancel': 'leave' }],
    ['run the unchanged Naisjob again', { mode: 'deploy-then-run', 'image-tag': '1.2.4', 'on-cancel': 'delete' }],
    ['deploy a chosen tag', { mode: 'deploy', 'image-tag': '2.0.0', 'on-cancel': 'leave' }],
  ])('example-dispatch: %s', async (_recipe, inputs) => {
    const run = await runWorkflow('.github/workflows/example-dispatch.yml', { github, inputs }, env());
    expect(run.failed?.stdout).toBeUndefined();
    const step = run.steps.at(-1);
    if (inputs.mode === 'deploy') {
      expect(step?.outputs).toMatchObject({ naisjobs: 'nightly-report', job: '' });
    } else {
      expect(step?.outputs).toMatchObject({ result: 'succeeded', job: expect.stringMatching(/^nightly-report-run-/) });
    }
  });

  it('example-dispatch: a tag that makes no image reference fails with the input and value named', async () => {
    const inputs = { mode: 'deploy', 'image-tag': 'bad tag', 'on-cancel': 'leave' };
    const run = await runWorkflow('.github/workflows/example-dispatch.yml', { github, inputs }, env());
    expect(run.failed?.stdout).toContain(
      "::error::Input 'image' has the value 'ghcr.io/navikt/nightly-report:bad tag', which is not an image reference (it contains white space)",
    );
  });

  describe('example-preview', () => {
    const comments: { id: number; body: string; user: { login: string; type: string } }[] = [];
    let api = '';
    const server = createServer((request: IncomingMessage, response: ServerResponse) => {
      let body = '';
      request.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      request.on('end', () => {
        const url = new URL(request.url ?? '/', 'http://localhost');
        const reply = (status: number, value: unknown): void => {
          response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
        };
        if (request.method === 'GET' && url.pathname.endsWith('/user')) {
          // As for the workflow's own token, whose comments github-actions[bot] writes.
          reply(403, { message: 'Resource not accessible by integration' });
        } else if (request.method === 'GET' && url.pathname.endsWith('/issues/12/comments')) {
          reply(200, comments);
        } else if (request.method === 'POST' && url.pathname.endsWith('/issues/12/comments')) {
          const comment = {
            id: comments.length + 1,
            body: (JSON.parse(body) as { body: string }).body,
            user: { login: 'github-actions[bot]', type: 'Bot' },
          };
          comments.push(comment);
          reply(201, comment);
        } else if (request.method === 'PATCH' && /\/issues\/comments\/\d+$/.test(url.pathname)) {
          const id = Number(url.pathname.split('/').pop());
          const comment = comments.find((c) => c.id === id);
          if (comment) comment.body = (JSON.parse(body) as { body: string }).body;
          reply(comment ? 200 : 404, comment ?? { message: 'Not Found' });
        } else {
          reply(404, { message: 'Not Found' });
        }
      });
    });
    beforeAll(async () => {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    it('previews on push, keeps one comment up to date, and cleans up when the pull request closes', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'naisjob-event-'));
      const pullRequest = (action: string, sha: string) => ({
        action,
        number: 12,
        pull_request: { number: 12, head: { sha } },
      });
      const run = async (action: string, sha: string, runId: string) => {
        const event = pullRequest(action, sha);
        return runWorkflow(
          '.github/workflows/example-preview.yml',
          { github: { ...github, event } },
          {
            ...env(),
            GITHUB_RUN_ID: runId,
            GITHUB_EVENT_PATH: eventFile(dir, event),
            GITHUB_API_URL: api,
            'INPUT_GITHUB-TOKEN': 'test-token',
          },
        );
      };
      const opened = await run('opened', 'a'.repeat(40), '2001');
      expect(opened.failed?.stdout).toBeUndefined();
      expect(opened.steps.find((s) => s.name === 'Preview')?.outputs).toMatchObject({
        naisjobs: 'hello-naisjob-pr-12',
        result: 'succeeded',
      });
      expect(comments).toHaveLength(1);
      expect(comments[0]?.body).toContain('hello-naisjob-pr-12');

      const pushed = await run('synchronize', 'b'.repeat(40), '2002');
      expect(pushed.failed?.stdout).toBeUndefined();
      expect(comments).toHaveLength(1);
      expect(comments[0]?.body).toContain('b'.repeat(7));

      const closed = await run('closed', 'b'.repeat(40), '2003');
      expect(closed.failed?.stdout).toBeUndefined();
      expect(closed.steps.find((s) => s.name === 'Clean up')?.stdout).toContain(
        'Deleted preview Naisjob team-a/hello-naisjob-pr-12 (of hello-naisjob).',
      );
    });
  });
});
