// A naiserator stand-in for the local cluster: the real one is a Go module this workplace's
// module proxy refuses (403), so this process does for Naisjobs what naiserator does (see
// reconciler.ts). Run as: node cluster/naiserator/main.ts, with KUBECONFIG set.
// Optional NAISERATOR_STANDIN_MONITOR_DELAY_MS: wait before the rollout check (default 1000).
// Optional cluster settings (refusals.ts; default a plain cluster): NAISERATOR_STANDIN_FEATURES
// (comma list of cnrm, azurerator, otel, auto-instrumentation), NAISERATOR_STANDIN_LOGGING_DESTINATIONS,
// NAISERATOR_STANDIN_OTEL_DESTINATIONS (comma lists) and NAISERATOR_STANDIN_AIVEN_GENERATION.
// Logs one line per action to stdout; exits 1 if the API cannot be reached at start.
import { KubeConfig, Watch } from '@kubernetes/client-node';
import { describeError, imageResource, makeClients, naisjobResource } from './api.ts';
import { KeyedQueue } from './queue.ts';
import { keyOf, Reconciler } from './reconciler.ts';
import { featuresFrom, type NaiseratorFeatures } from './refusals.ts';
import type { Naisjob } from './resources.ts';

const startupDeadlineMs = 15_000;

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

/** The cluster's naiserator settings (refusals.ts), from the environment; default a plain cluster. */
function clusterFeatures(): { cluster: NaiseratorFeatures; aivenGeneration: number } {
  try {
    const cluster = featuresFrom({
      features: process.env.NAISERATOR_STANDIN_FEATURES,
      loggingDestinations: process.env.NAISERATOR_STANDIN_LOGGING_DESTINATIONS,
      otelDestinations: process.env.NAISERATOR_STANDIN_OTEL_DESTINATIONS,
    });
    const aivenGeneration = Number(process.env.NAISERATOR_STANDIN_AIVEN_GENERATION ?? '0');
    if (!Number.isInteger(aivenGeneration) || aivenGeneration < 0)
      throw new Error('aiven generation must be a whole number');
    return { cluster, aivenGeneration };
  } catch (error) {
    console.error(`naiserator stand-in settings: ${describeError(error)}`);
    process.exit(2);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const kubeConfig = new KubeConfig();
kubeConfig.loadFromDefault();
const clients = makeClients(kubeConfig);
const queue = new KeyedQueue((key, error) => {
  log(key, `reconcile failed: ${describeError(error)}`);
});
const features = clusterFeatures();
const reconciler = new Reconciler({ clients, queue, log, monitorDelayMs: monitorDelay(), features });
const watch = new Watch(kubeConfig);

let stopping = false;

interface Listed {
  metadata?: { resourceVersion?: string };
  items?: { metadata: { name: string; namespace: string; resourceVersion?: string } }[];
}

/**
 * A list-then-watch of one resource in all namespaces that queues a reconcile of the Naisjob of
 * the same namespace and name for every object it sees: Naisjobs themselves, and Images
 * (naiserator pkg/controllers/naisjob.go watches Image and maps it to the workload of its name).
 */
class Informer {
  private resourceVersion = '';
  private abort: AbortController | undefined;

  private readonly resource: { group: string; version: string; plural: string };

  constructor(resource: { group: string; version: string; plural: string }) {
    this.resource = resource;
  }

  private get path(): string {
    return `/apis/${this.resource.group}/${this.resource.version}/${this.resource.plural}`;
  }

  /** Lists every object, queues each one and remembers the list's resourceVersion. */
  async list(): Promise<void> {
    const list = (await clients.custom.listCustomObjectForAllNamespaces({
      group: this.resource.group,
      version: this.resource.version,
      resourcePlural: this.resource.plural,
    })) as Listed;
    for (const item of list.items ?? []) reconciler.enqueue(keyOf(item));
    this.resourceVersion = list.metadata?.resourceVersion ?? '';
  }

  /** Lists again until it works (after 410 Gone, or when the API was away). */
  private async relist(): Promise<void> {
    while (!stopping) {
      try {
        await this.list();
        log('', `listed ${this.resource.plural} at resourceVersion ${this.resourceVersion}`);
        this.watch();
        return;
      } catch (error) {
        log('', `list of ${this.resource.plural} failed: ${describeError(error)}; retrying`);
        await sleep(2000);
      }
    }
  }

  /**
   * Watches from the last resourceVersion seen. client-node ends a watch after 30 s without data,
   * so the server is asked to end it sooner, and every end simply starts the next watch.
   */
  watch(): void {
    if (stopping) return;
    let gone = false;
    const onEvent = (type: string, object: unknown): void => {
      if (type === 'ERROR') {
        const status = object as { code?: number; message?: string };
        if (status.code === 410) gone = true;
        else log('', `watch error (${this.resource.plural}): ${status.message ?? JSON.stringify(object)}`);
        return;
      }
      const item = object as Naisjob;
      if (item.metadata.resourceVersion) this.resourceVersion = item.metadata.resourceVersion;
      if (type !== 'BOOKMARK') reconciler.enqueue(keyOf(item));
    };
    const onDone = (error: unknown): void => {
      this.abort = undefined;
      if (stopping) return;
      const code = (error as { statusCode?: number } | null)?.statusCode;
      if (gone || code === 410) {
        log('', `watch of ${this.resource.plural} expired (410 Gone); listing again`);
        void this.relist();
        return;
      }
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      if (error && !timedOut)
        log('', `watch of ${this.resource.plural} ended: ${describeError(error)}; watching again`);
      setTimeout(
        () => {
          this.watch();
        },
        error && !timedOut ? 1000 : 0,
      );
    };
    watch
      .watch(
        this.path,
        { resourceVersion: this.resourceVersion, allowWatchBookmarks: true, timeoutSeconds: 25 },
        onEvent,
        onDone,
      )
      .then((controller) => {
        this.abort = controller;
        if (stopping) controller.abort();
      })
      .catch(onDone);
  }

  stop(): void {
    this.abort?.abort();
  }
}

const informers = [new Informer(naisjobResource), new Informer(imageResource)];

async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log('', `${signal}: stopping`);
  for (const informer of informers) informer.stop();
  reconciler.stop();
  await Promise.race([queue.idle(), sleep(3000)]);
  process.exit(0);
}

process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

// Start: the API must answer (and know Naisjobs and Images) within the deadline, else exit 1.
const started = Date.now();
for (const informer of informers) {
  for (;;) {
    try {
      await informer.list();
      break;
    } catch (error) {
      if (Date.now() - started > startupDeadlineMs) {
        console.error(`naiserator stand-in: cannot list: ${describeError(error)}`);
        process.exit(1);
      }
      await sleep(500);
    }
  }
}
log(
  '',
  `naiserator stand-in watching Naisjobs and Images in all namespaces (${kubeConfig.getCurrentCluster()?.server ?? '?'}); ` +
    `features ${JSON.stringify(features)}`,
);
for (const informer of informers) informer.watch();
