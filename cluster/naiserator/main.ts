// A naiserator stand-in for the local cluster: the real one is a Go module this workplace's
// module proxy refuses (403), so this process does for Naisjobs what naiserator does (see
// reconciler.ts). Run as: node cluster/naiserator/main.ts, with KUBECONFIG set.
// Optional NAISERATOR_STANDIN_MONITOR_DELAY_MS: wait before the rollout check (default 1000).
// Logs one line per action to stdout; exits 1 if the API cannot be reached at start.
import { KubeConfig, Watch } from '@kubernetes/client-node';
import { describeError, makeClients, naisjobResource } from './api.ts';
import { KeyedQueue } from './queue.ts';
import { keyOf, Reconciler } from './reconciler.ts';
import type { Naisjob } from './resources.ts';

const startupDeadlineMs = 15_000;
const watchPath = `/apis/${naisjobResource.group}/${naisjobResource.version}/${naisjobResource.plural}`;

function log(key: string, line: string): void {
  console.log(`${new Date().toISOString()} ${key === '' ? '' : `${key}: `}${line}`);
}

function monitorDelay(): number {
  const text = process.env.NAISERATOR_STANDIN_MONITOR_DELAY_MS;
  const value = text === undefined || text === '' ? 1000 : Number(text);
  if (!Number.isFinite(value) || value < 0) {
    console.error(`NAISERATOR_STANDIN_MONITOR_DELAY_MS must be a number of milliseconds, not ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return value;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const kubeConfig = new KubeConfig();
kubeConfig.loadFromDefault();
const clients = makeClients(kubeConfig);
const queue = new KeyedQueue((key, error) => {
  log(key, `reconcile failed: ${describeError(error)}`);
});
const reconciler = new Reconciler({ clients, queue, log, monitorDelayMs: monitorDelay() });
const watch = new Watch(kubeConfig);

let stopping = false;
let resourceVersion = '';
let watchAbort: AbortController | undefined;

/** Lists every Naisjob, queues each one and returns the list's resourceVersion. */
async function listAll(): Promise<string> {
  const list = (await clients.custom.listCustomObjectForAllNamespaces({
    group: naisjobResource.group,
    version: naisjobResource.version,
    resourcePlural: naisjobResource.plural,
  })) as { metadata?: { resourceVersion?: string }; items?: Naisjob[] };
  for (const item of list.items ?? []) reconciler.enqueue(keyOf(item));
  return list.metadata?.resourceVersion ?? '';
}

/** Lists again until it works (after 410 Gone, or when the API was away). */
async function relist(): Promise<void> {
  while (!stopping) {
    try {
      resourceVersion = await listAll();
      log('', `listed Naisjobs at resourceVersion ${resourceVersion}`);
      startWatch();
      return;
    } catch (error) {
      log('', `list failed: ${describeError(error)}; retrying`);
      await sleep(2000);
    }
  }
}

/**
 * Watches from the last resourceVersion seen. client-node ends a watch after 30 s without data,
 * so the server is asked to end it sooner, and every end simply starts the next watch.
 */
function startWatch(): void {
  if (stopping) return;
  let gone = false;
  const onEvent = (type: string, object: unknown): void => {
    if (type === 'ERROR') {
      const status = object as { code?: number; message?: string };
      if (status.code === 410) gone = true;
      else log('', `watch error: ${status.message ?? JSON.stringify(object)}`);
      return;
    }
    const naisjob = object as Naisjob;
    if (naisjob.metadata.resourceVersion) resourceVersion = naisjob.metadata.resourceVersion;
    if (type !== 'BOOKMARK') reconciler.enqueue(keyOf(naisjob));
  };
  const onDone = (error: unknown): void => {
    watchAbort = undefined;
    if (stopping) return;
    const code = (error as { statusCode?: number } | null)?.statusCode;
    if (gone || code === 410) {
      log('', 'watch expired (410 Gone); listing again');
      void relist();
      return;
    }
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    if (error && !timedOut) log('', `watch ended: ${describeError(error)}; watching again`);
    setTimeout(startWatch, error && !timedOut ? 1000 : 0);
  };
  watch
    .watch(watchPath, { resourceVersion, allowWatchBookmarks: true, timeoutSeconds: 25 }, onEvent, onDone)
    .then((controller) => {
      watchAbort = controller;
      if (stopping) controller.abort();
    })
    .catch(onDone);
}

async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log('', `${signal}: stopping`);
  watchAbort?.abort();
  reconciler.stop();
  await Promise.race([queue.idle(), sleep(3000)]);
  process.exit(0);
}

process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

// Start: the API must answer (and know Naisjobs) within the deadline, else exit 1.
const started = Date.now();
for (;;) {
  try {
    resourceVersion = await listAll();
    break;
  } catch (error) {
    if (Date.now() - started > startupDeadlineMs) {
      console.error(`naiserator stand-in: cannot list Naisjobs: ${describeError(error)}`);
      process.exit(1);
    }
    await sleep(500);
  }
}
log('', `naiserator stand-in watching Naisjobs in all namespaces (${kubeConfig.getCurrentCluster()?.server ?? '?'})`);
startWatch();
