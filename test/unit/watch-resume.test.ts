// The gateway's watch against a scripted API server on loopback: 410 re-lists, repeated failures
// back off, 401/403 end the watch only past their short window.
import { afterEach, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { createClusterGateway, type ListResult } from '../../src/cluster/gateway.ts';
import { authWindowMs } from '../../src/cluster/retry.ts';
import { fakeClock } from '../support/fake-clock.ts';

type Answer = (request: IncomingMessage, response: ServerResponse) => void;

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** Serves the scripted answers in turn (the last one again when they run out); records each query. */
async function apiServer(answers: Answer[]): Promise<{ kubeConfig: KubeConfig; queries: URLSearchParams[] }> {
  const queries: URLSearchParams[] = [];
  server = createServer((request, response) => {
    queries.push(new URL(request.url ?? '/', 'http://x').searchParams);
    const answer = answers[Math.min(queries.length - 1, answers.length - 1)];
    answer?.(request, response);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'c', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
    users: [{ name: 'u', token: 't' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return { kubeConfig, queries };
}

const pod = (name: string, resourceVersion: string): V1Pod => ({ metadata: { name, resourceVersion } });
const events =
  (...lines: object[]): Answer =>
  (_request, response) => {
    response.writeHead(200, { 'Content-Type': 'application/json' });
    for (const line of lines) response.write(`${JSON.stringify(line)}\n`);
  };
const status =
  (code: number): Answer =>
  (_request, response) => {
    response.writeHead(code, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify({ kind: 'Status', code, message: `status ${code}` }));
  };

function watchPods(kubeConfig: KubeConfig, clock = fakeClock()) {
  const gateway = createClusterGateway(kubeConfig, { clock });
  const seen: string[] = [];
  const controller = new AbortController();
  let relists = 0;
  const watching = gateway.watch<V1Pod>({
    path: '/api/v1/namespaces/team/pods',
    resourceVersion: '1',
    onEvent: (type, object) => {
      seen.push(`${type} ${object.metadata?.name ?? ''}`);
      if (seen.length >= 2) controller.abort();
    },
    relist: (): Promise<ListResult<V1Pod>> => {
      relists += 1;
      return Promise.resolve({ items: [pod('listed', '5')], resourceVersion: '5' });
    },
    signal: controller.signal,
  });
  return { gateway, seen, watching, relists: () => relists, clock };
}

describe('the gateway’s watch', () => {
  it('re-lists on a 410 Gone event and resumes from the list’s resourceVersion', async () => {
    const { kubeConfig, queries } = await apiServer([
      (request, response) => {
        events({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } })(request, response);
        response.end();
      },
      events({ type: 'ADDED', object: pod('after', '6') }),
    ]);
    const watch = watchPods(kubeConfig);
    await watch.watching;
    expect(watch.seen).toEqual(['ADDED listed', 'ADDED after']);
    expect(watch.relists()).toBe(1);
    expect(queries.map((q) => q.get('resourceVersion'))).toEqual(['1', '5']);
    expect(watch.gateway.retries?.()).toBe(1);
  });

  it('re-lists on an HTTP 410 answer too', async () => {
    const { kubeConfig } = await apiServer([status(410), events({ type: 'ADDED', object: pod('after', '6') })]);
    const watch = watchPods(kubeConfig);
    await watch.watching;
    expect(watch.seen).toEqual(['ADDED listed', 'ADDED after']);
  });

  it('backs off, doubling, while the server keeps failing, then goes on', async () => {
    const { kubeConfig } = await apiServer([
      status(503),
      status(503),
      status(503),
      status(503),
      events({ type: 'ADDED', object: pod('a', '2') }, { type: 'ADDED', object: pod('b', '3') }),
    ]);
    const watch = watchPods(kubeConfig, fakeClock(0, 0));
    await watch.watching;
    expect(watch.seen).toEqual(['ADDED a', 'ADDED b']);
    expect(watch.clock.slept).toEqual([125, 250, 500, 1000]);
  });

  it('survives a 403 of a server that has just started (RBAC loading)', async () => {
    const { kubeConfig } = await apiServer([
      status(403),
      status(403),
      events({ type: 'ADDED', object: pod('a', '2') }, { type: 'ADDED', object: pod('b', '3') }),
    ]);
    const watch = watchPods(kubeConfig);
    await watch.watching;
    expect(watch.seen).toEqual(['ADDED a', 'ADDED b']);
  });

  it('ends with the RBAC message when 403 persists past the window', async () => {
    const { kubeConfig, queries } = await apiServer([status(403)]);
    const watch = watchPods(kubeConfig);
    await expect(watch.watching).rejects.toThrow(/Forbidden: .* may not watch pods/);
    // Tried for the window, and not much longer.
    expect(watch.clock.slept.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(authWindowMs - 1000);
    expect(queries.length).toBeLessThan(20);
  });

  it('ends at once on 404 (the namespace does not exist)', async () => {
    const { kubeConfig, queries } = await apiServer([status(404)]);
    await expect(watchPods(kubeConfig).watching).rejects.toThrow(/Not found/);
    expect(queries).toHaveLength(1);
  });
});
