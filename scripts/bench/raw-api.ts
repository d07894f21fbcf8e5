// A raw API client: requests, list-then-watch. The reference watches and the counters must not share the
// action's own client code.
import type { IncomingMessage } from 'node:http';
import { Agent, request } from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import { now, sleep } from './harness.ts';
import { type MetricSample, parseMetrics } from './metrics.ts';
import { isAborted } from '../../src/cancel.ts';

export interface KubeList<T> {
  metadata?: { resourceVersion?: string };
  items: T[];
}

export interface Metadata {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  labels?: Record<string, string>;
}

/** What a watch reports: any object with metadata. */
export interface Watched {
  metadata?: Metadata;
}

export class ApiError extends Error {
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

export class Api {
  readonly server: string;
  private readonly token: string;
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 32, rejectUnauthorized: false });

  constructor(kubeconfigPath: string, context: string) {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(kubeconfigPath);
    kubeConfig.setCurrentContext(context);
    this.server = kubeConfig.getCurrentCluster()?.server ?? '';
    this.token = kubeConfig.getCurrentUser()?.token ?? '';
    if (!this.server || !this.token) throw new Error(`No server or token for context ${context}`);
  }

  private open(method: string, url: URL, body: string | undefined, signal?: AbortSignal): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const outgoing = request(
        url,
        {
          method,
          agent: this.agent,
          headers: {
            authorization: `Bearer ${this.token}`,
            accept: 'application/json',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(signal ? { signal } : {}),
          timeout: 120_000,
        },
        resolve,
      );
      outgoing.on('error', reject);
      outgoing.on('timeout', () => outgoing.destroy(new Error(`${method} ${url.pathname}: timeout`)));
      outgoing.end(body);
    });
  }

  url(pathAndQuery: string): URL {
    return new URL(pathAndQuery, this.server);
  }

  async raw(method: string, pathAndQuery: string, body?: unknown): Promise<{ status: number; text: string }> {
    const response = await this.open(
      method,
      this.url(pathAndQuery),
      body === undefined ? undefined : JSON.stringify(body),
    );
    response.setEncoding('utf8');
    let text = '';
    for await (const chunk of response) text += String(chunk);
    return { status: response.statusCode ?? 0, text };
  }

  async json<T>(method: string, pathAndQuery: string, body?: unknown): Promise<T> {
    const { status, text } = await this.raw(method, pathAndQuery, body);
    if (status < 200 || status >= 300)
      throw new ApiError(`${method} ${pathAndQuery}: ${status} ${text.slice(0, 500)}`, status);
    return JSON.parse(text) as T;
  }

  /** Creates; an AlreadyExists answer counts as done. */
  async create(collectionPath: string, body: unknown): Promise<void> {
    const { status, text } = await this.raw('POST', collectionPath, body);
    if (status === 409) return;
    if (status < 200 || status >= 300)
      throw new ApiError(`POST ${collectionPath}: ${status} ${text.slice(0, 500)}`, status);
  }

  async metrics(names: ReadonlySet<string>): Promise<MetricSample[]> {
    const { status, text } = await this.raw('GET', '/metrics');
    if (status !== 200) throw new ApiError(`GET /metrics: ${status} ${text.slice(0, 300)}`, status);
    return parseMetrics(text, names);
  }

  /**
   * Lists, reports each item as ADDED (initial), then watches from the list's resourceVersion
   * until `signal` aborts: each event is reported with the time its chunk arrived.
   */
  async listWatch(
    collectionPath: string,
    onEvent: (type: string, object: Watched, t: number) => void,
    signal: AbortSignal,
    ready?: () => void,
  ): Promise<void> {
    let resourceVersion = await this.relist(collectionPath, onEvent);
    ready?.();
    // Bounded: each round lasts until the server ends the watch (timeoutSeconds) or it is aborted.
    for (let round = 0; round < 10_000 && !signal.aborted; round += 1) {
      const result = await this.watchOnce(collectionPath, resourceVersion, onEvent, signal).catch(() => ({
        resourceVersion,
        gone: false,
        failed: true,
      }));
      resourceVersion = result.resourceVersion;
      if (isAborted(signal)) return;
      if (result.gone) resourceVersion = await this.relist(collectionPath, onEvent);
      else if (result.failed) await sleep(200, signal);
    }
  }

  private async relist(
    collectionPath: string,
    onEvent: (type: string, object: Watched, t: number) => void,
  ): Promise<string> {
    const list = await this.json<KubeList<Watched>>('GET', collectionPath);
    const t = now();
    for (const item of list.items) onEvent('ADDED', item, t);
    return list.metadata?.resourceVersion ?? '';
  }

  private async watchOnce(
    collectionPath: string,
    resourceVersion: string,
    onEvent: (type: string, object: Watched, t: number) => void,
    signal: AbortSignal,
  ): Promise<{ resourceVersion: string; gone: boolean; failed: boolean }> {
    const url = this.url(collectionPath);
    url.searchParams.set('watch', 'true');
    url.searchParams.set('resourceVersion', resourceVersion);
    url.searchParams.set('allowWatchBookmarks', 'true');
    url.searchParams.set('timeoutSeconds', '50');
    const state = { resourceVersion, gone: false, failed: false };
    const response = await this.open('GET', url, undefined, signal);
    if (response.statusCode !== 200) {
      response.resume();
      return { ...state, failed: true };
    }
    let buffered = '';
    response.setEncoding('utf8');
    try {
      for await (const chunk of response) {
        const t = now();
        buffered += String(chunk);
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          if (line.trim() === '') continue;
          const event = JSON.parse(line) as { type: string; object: Watched & { code?: number } };
          if (event.type === 'ERROR') {
            if (event.object.code === 410) state.gone = true;
            continue;
          }
          const version = event.object.metadata?.resourceVersion;
          if (version) state.resourceVersion = version;
          if (event.type !== 'BOOKMARK') onEvent(event.type, event.object, t);
        }
      }
    } catch {
      if (!signal.aborted) state.failed = true;
    }
    return state;
  }
}
