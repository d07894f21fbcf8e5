// The kubelet's log endpoint for the local cluster's fake node. kube-apiserver proxies
// `pods/log` here (the node's daemonEndpoints port), so `logs` and `logs --follow` work through
// the real API. Run as: node cluster/pod-logs/main.ts <port> <tls-cert> <tls-key>, with KUBECONFIG.
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { firstLine, logPlan, writtenBy, type LogPlan } from './model.ts';

const [portText, certFile, keyFile] = process.argv.slice(2);
if (!portText || !certFile || !keyFile) {
  console.error('usage: node cluster/pod-logs/main.ts <port> <tls-cert> <tls-key>');
  process.exit(2);
}
const kubeConfig = new KubeConfig();
kubeConfig.loadFromDefault();
const core = kubeConfig.makeApiClient(CoreV1Api);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The kubelet's RFC3339NanoFixed: always nine fractional digits (here the last six are zeros). */
function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

/** Writes lines [from, to), respecting back-pressure; false if the client went away. */
async function writeLines(
  response: ServerResponse,
  plan: LogPlan,
  from: number,
  to: number,
  timestamps: boolean,
): Promise<boolean> {
  const batch = 2000;
  for (let start = from; start < to; start += batch) {
    let chunk = '';
    for (let index = start; index < Math.min(to, start + batch); index += 1) {
      chunk += `${timestamps ? `${timestamp(plan.writtenAt(index))} ` : ''}${plan.line(index)}\n`;
    }
    if (response.destroyed) return false;
    if (!response.write(chunk)) {
      await new Promise<void>((resolve) => {
        response.once('drain', resolve);
        response.once('close', resolve);
      });
    }
  }
  return !response.destroyed;
}

const server = createServer({ cert: readFileSync(certFile), key: readFileSync(keyFile) }, (request, response) => {
  void (async () => {
    const url = new URL(request.url ?? '/', 'https://localhost');
    if (url.pathname === '/healthz') {
      response.end('ok');
      return;
    }
    const match = /^\/containerLogs\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (!match) {
      response.writeHead(404).end('not found');
      return;
    }
    const [, namespace = '', name = '', container = ''] = match.map(decodeURIComponent);
    const query = url.searchParams;
    const follow = query.get('follow') === 'true';
    const timestamps = query.get('timestamps') === 'true';
    const sinceTimeText = query.get('sinceTime');
    const sinceSeconds = query.get('sinceSeconds');
    const tailLines = query.get('tailLines');
    const options = {
      sinceTime: sinceTimeText
        ? new Date(sinceTimeText).getTime()
        : sinceSeconds
          ? Date.now() - Number(sinceSeconds) * 1000
          : undefined,
      tailLines: tailLines ? Number(tailLines) : undefined,
    };
    if (query.get('previous') === 'true') {
      response.writeHead(400).end(`previous terminated container "${container}" in pod "${name}" not found`);
      return;
    }
    let pod = await core.readNamespacedPod({ namespace, name });
    let result = logPlan(pod, container);
    if ('notFound' in result) {
      response.writeHead(404).end(result.notFound);
      return;
    }
    if ('waiting' in result) {
      response.writeHead(400).end(result.waiting);
      return;
    }
    let plan = result.plan;
    response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    let next = firstLine(plan, Date.now(), options);
    // test.kwok/log-break-every: a followed response ends after that many lines, as when the
    // connection breaks. (kube-apiserver ends its own response cleanly either way: it copies the
    // kubelet's stream and ignores the copy's error.)
    const breakAfter = follow ? plan.breakEvery : undefined;
    let sent = 0;
    const deadline = Date.now() + 15 * 60_000;
    for (;;) {
      const written = writtenBy(plan, Date.now());
      const to = breakAfter === undefined ? written : Math.min(written, next + breakAfter - sent);
      if (to > next && !(await writeLines(response, plan, next, to, timestamps))) return;
      sent += Math.max(0, to - next);
      next = Math.max(next, to);
      if (breakAfter !== undefined && sent >= breakAfter) break;
      if (!follow || (plan.terminated && next >= plan.count) || Date.now() > deadline) break;
      await sleep(100);
      // Re-read the pod now and then to learn when the container terminates.
      pod = await core.readNamespacedPod({ namespace, name });
      result = logPlan(pod, container);
      if (!('plan' in result)) break;
      plan = result.plan;
    }
    response.end();
  })().catch((error: unknown) => {
    console.error(`log request ${request.url ?? ''} failed: ${String(error)}`);
    if (!response.headersSent) response.writeHead(500);
    response.end();
  });
});

server.listen(Number(portText), '127.0.0.1', () => {
  console.log(`pod log server listening on 127.0.0.1:${portText}`);
});
const stop = (): void => {
  server.close();
  server.closeAllConnections();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
