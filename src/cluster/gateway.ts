// The one gateway to the cluster: every API call passes `call`, which logs at debug level and
// turns failures into ClusterErrors with messages a person can act on.
import { isAborted } from '../cancel.ts';
import { debug } from '../log-sinks.ts';
import {
  BatchV1Api,
  CoreV1Api,
  CustomObjectsApi,
  Watch,
  type CoreV1Event,
  type KubeConfig,
  type V1CronJob,
  type V1Job,
  type V1Pod,
} from '@kubernetes/client-node';
import { ClusterError, describeApiError, type ApiAction } from './api-errors.ts';
import { streamLogLines, type LogRequest } from './log-stream.ts';
import {
  discoveryPath,
  objectPath,
  resourceName,
  typeFromDiscovery,
  type DiscoveredResource,
  type ResourceType,
} from './resource-types.ts';
import { requestJson } from './rest.ts';

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface ObjectRef {
  namespace: string;
  name: string;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';

export interface ListResult<T> {
  items: T[];
  resourceVersion: string;
}

export interface WatchOptions<T> {
  /** API path, e.g. /api/v1/namespaces/x/events. */
  path: string;
  query?: Record<string, string>;
  /** Start after this list's resourceVersion. */
  resourceVersion: string;
  onEvent: (type: WatchEventType, object: T) => void;
  /** Re-lists when the server says the resourceVersion is too old (410 Gone). */
  relist: () => Promise<ListResult<T>>;
  signal: AbortSignal;
}

export interface Selector {
  labelSelector?: string;
  fieldSelector?: string;
}

export interface ClusterGateway {
  readonly server: string;
  /** The kind's resource type by API discovery; undefined when the cluster does not serve it. */
  resolveType(apiVersion: string, kind: string): Promise<ResourceType | undefined>;
  /** Any kind: one object, or undefined when it does not exist. */
  readObject(type: ResourceType, ref: ObjectRef): Promise<KubeObject | undefined>;
  /** Any kind: create (POST) or replace (PUT), always with strict field validation. */
  writeObject(
    type: ResourceType,
    verb: 'create' | 'update',
    body: KubeObject,
    options: { dryRun: boolean },
  ): Promise<KubeObject>;
  readNaisjob(ref: ObjectRef): Promise<KubeObject | undefined>;
  listNaisjobs(namespace: string, selector: Selector): Promise<ListResult<KubeObject>>;
  /** Deletes a Naisjob (naiserator then removes what it made); false if it was already gone. */
  deleteNaisjob(ref: ObjectRef): Promise<boolean>;
  createNaisjob(body: KubeObject, options: { dryRun: boolean }): Promise<KubeObject>;
  replaceNaisjob(body: KubeObject, options: { dryRun: boolean }): Promise<KubeObject>;
  listEvents(namespace: string): Promise<ListResult<CoreV1Event>>;
  readCronJob(ref: ObjectRef): Promise<V1CronJob | undefined>;
  readJob(ref: ObjectRef): Promise<V1Job | undefined>;
  listJobs(namespace: string, selector: Selector): Promise<ListResult<V1Job>>;
  createJob(body: V1Job): Promise<V1Job>;
  /** Deletes a Job and, in the background, its pods; false if it was already gone. */
  deleteJob(ref: ObjectRef): Promise<boolean>;
  listPods(namespace: string, selector: Selector): Promise<ListResult<V1Pod>>;
  /** A container's log, line by line, as the API streams it; ends when the server ends the response. */
  logLines(request: LogRequest): AsyncIterable<string>;
  /** Watches until `signal` aborts, resuming through the client's inactivity time-outs and 410 Gone. */
  watch<T extends { metadata?: { resourceVersion?: string } }>(options: WatchOptions<T>): Promise<void>;
}

const naisjobs = { group: 'nais.io', version: 'v1', plural: 'naisjobs' } as const;

export interface GatewayOptions {
  /** The message for a 401 when the credential can say more than the default (an ID token's claims). */
  unauthorized?: (action: ApiAction) => string;
}

export function createClusterGateway(kubeConfig: KubeConfig, gatewayOptions: GatewayOptions = {}): ClusterGateway {
  const explained = (error: unknown, action: ApiAction): unknown =>
    error instanceof ClusterError && error.code === 401 && gatewayOptions.unauthorized
      ? new ClusterError(gatewayOptions.unauthorized(action), 401, error.status, { cause: error })
      : error;
  const coreApi = kubeConfig.makeApiClient(CoreV1Api);
  const batchApi = kubeConfig.makeApiClient(BatchV1Api);
  const customApi = kubeConfig.makeApiClient(CustomObjectsApi);
  const server = kubeConfig.getCurrentCluster()?.server ?? '(unknown server)';

  async function call<T>(action: ApiAction, request: () => Promise<T>): Promise<T> {
    const started = Date.now();
    try {
      const result = await request();
      debug(
        `${action.verb} ${action.resource} ${action.namespace ?? ''}/${action.name ?? ''}: ${Date.now() - started}ms`,
      );
      return result;
    } catch (error) {
      debug(
        `${action.verb} ${action.resource} ${action.namespace ?? ''}/${action.name ?? ''} failed after ${Date.now() - started}ms`,
      );
      throw explained(describeApiError(error, { ...action, server }), action);
    }
  }

  /** Reads that treat "not found" as an answer rather than an error. */
  async function readOrUndefined<T>(action: ApiAction, request: () => Promise<T>): Promise<T | undefined> {
    try {
      return await call(action, request);
    } catch (error) {
      const clusterError = error as ClusterError;
      if (clusterError.code === 404 && clusterError.status?.details) return undefined;
      throw error;
    }
  }

  /** Creates or replaces, always with strict field validation, as NAIS deploy's server does. */
  function writeNaisjob(
    verb: 'create' | 'update',
    body: KubeObject,
    options: { dryRun: boolean },
    send: (
      request: typeof naisjobs & { namespace: string; body: KubeObject; fieldValidation: string; dryRun?: string },
    ) => Promise<unknown>,
  ): Promise<KubeObject> {
    const namespace = body.metadata?.namespace ?? '';
    return call(
      { verb, resource: 'naisjobs.nais.io', namespace, name: body.metadata?.name },
      () =>
        send({
          ...naisjobs,
          namespace,
          body,
          fieldValidation: 'Strict',
          ...(options.dryRun ? { dryRun: 'All' } : {}),
        }) as Promise<KubeObject>,
    );
  }

  // Discovery answers per apiVersion, asked once per step.
  const discovered = new Map<string, Promise<DiscoveredResource[] | undefined>>();
  const discover = (apiVersion: string): Promise<DiscoveredResource[] | undefined> => {
    let answer = discovered.get(apiVersion);
    if (!answer) {
      answer = call({ verb: 'get', resource: `API discovery of ${apiVersion}` }, async () => {
        const list = (await requestJson(kubeConfig, server, { method: 'GET', path: discoveryPath(apiVersion) })) as {
          resources?: DiscoveredResource[];
        };
        return list.resources ?? [];
      }).catch((error: unknown) => {
        // A group or version the server does not serve answers 404.
        if ((error as ClusterError).code === 404) return undefined;
        discovered.delete(apiVersion);
        throw error;
      });
      discovered.set(apiVersion, answer);
    }
    return answer;
  };

  return {
    server,
    resolveType: async (apiVersion, kind) => {
      const resources = await discover(apiVersion);
      return resources ? typeFromDiscovery(apiVersion, kind, resources) : undefined;
    },
    readObject: (type, ref) =>
      readOrUndefined(
        { verb: 'get', resource: resourceName(type), ...ref },
        async () =>
          (await requestJson(kubeConfig, server, {
            method: 'GET',
            path: objectPath(type, ref.namespace, ref.name),
          })) as KubeObject,
      ),
    writeObject: (type, verb, body, options) => {
      const namespace = body.metadata?.namespace;
      const name = body.metadata?.name ?? '';
      return call(
        { verb, resource: resourceName(type), namespace: type.namespaced ? namespace : undefined, name },
        async () =>
          (await requestJson(kubeConfig, server, {
            method: verb === 'create' ? 'POST' : 'PUT',
            path: verb === 'create' ? objectPath(type, namespace) : objectPath(type, namespace, name),
            query: { fieldValidation: 'Strict', ...(options.dryRun ? { dryRun: 'All' } : {}) },
            body,
          })) as KubeObject,
      );
    },
    readNaisjob: (ref) =>
      readOrUndefined(
        { verb: 'get', resource: 'naisjobs.nais.io', ...ref },
        () => customApi.getNamespacedCustomObject({ ...naisjobs, ...ref }) as Promise<KubeObject>,
      ),
    listNaisjobs: (namespace, selector) =>
      call({ verb: 'list', resource: 'naisjobs.nais.io', namespace }, async () => {
        const list = (await customApi.listNamespacedCustomObject({ ...naisjobs, namespace, ...selector })) as {
          items: KubeObject[];
          metadata?: { resourceVersion?: string };
        };
        return { items: list.items, resourceVersion: list.metadata?.resourceVersion ?? '' };
      }),
    deleteNaisjob: async (ref) =>
      (await readOrUndefined({ verb: 'delete', resource: 'naisjobs.nais.io', ...ref }, () =>
        customApi.deleteNamespacedCustomObject({ ...naisjobs, ...ref, propagationPolicy: 'Background' }),
      )) !== undefined,
    createNaisjob: (body, options) =>
      writeNaisjob('create', body, options, (request) => customApi.createNamespacedCustomObject(request)),
    replaceNaisjob: (body, options) =>
      writeNaisjob('update', body, options, (request) =>
        customApi.replaceNamespacedCustomObject({ ...request, name: body.metadata?.name ?? '' }),
      ),
    listEvents: (namespace) =>
      call({ verb: 'list', resource: 'events', namespace }, async () => {
        const list = await coreApi.listNamespacedEvent({ namespace });
        return { items: list.items, resourceVersion: list.metadata?.resourceVersion ?? '' };
      }),
    readCronJob: (ref) =>
      readOrUndefined({ verb: 'get', resource: 'cronjobs.batch', ...ref }, () => batchApi.readNamespacedCronJob(ref)),
    readJob: (ref) =>
      readOrUndefined({ verb: 'get', resource: 'jobs.batch', ...ref }, () => batchApi.readNamespacedJob(ref)),
    listJobs: (namespace, selector) =>
      call({ verb: 'list', resource: 'jobs.batch', namespace }, async () => {
        const list = await batchApi.listNamespacedJob({ namespace, ...selector });
        return { items: list.items, resourceVersion: list.metadata?.resourceVersion ?? '' };
      }),
    createJob: (body) =>
      call(
        { verb: 'create', resource: 'jobs.batch', namespace: body.metadata?.namespace, name: body.metadata?.name },
        () => batchApi.createNamespacedJob({ namespace: body.metadata?.namespace ?? '', body }),
      ),
    deleteJob: async (ref) =>
      (await readOrUndefined({ verb: 'delete', resource: 'jobs.batch', ...ref }, () =>
        batchApi.deleteNamespacedJob({ ...ref, propagationPolicy: 'Background' }),
      )) !== undefined,
    listPods: (namespace, selector) =>
      call({ verb: 'list', resource: 'pods', namespace }, async () => {
        const list = await coreApi.listNamespacedPod({ namespace, ...selector });
        return { items: list.items, resourceVersion: list.metadata?.resourceVersion ?? '' };
      }),
    logLines: async function* (request) {
      try {
        yield* streamLogLines(kubeConfig, request, server);
      } catch (error) {
        throw explained(error, { verb: 'get', resource: 'pods/log', namespace: request.namespace, name: request.pod });
      }
    },
    watch: (options) =>
      watchResumably(kubeConfig, options).catch((error: unknown) => {
        throw explained(error, { verb: 'watch', resource: options.path.split('/').pop() ?? options.path });
      }),
  };
}

/** One watch that survives client-node's 30 s inactivity time-out and 410 Gone, until aborted. */
async function watchResumably<T extends { metadata?: { resourceVersion?: string } }>(
  kubeConfig: KubeConfig,
  options: WatchOptions<T>,
): Promise<void> {
  const watcher = new Watch(kubeConfig);
  let resourceVersion = options.resourceVersion;
  // Bounded: each round lasts until the server or the client ends the watch (30 s of silence at least).
  for (let round = 0; round < 10_000 && !options.signal.aborted; round += 1) {
    const state = { gone: false };
    const ended = await new Promise<unknown>((resolve) => {
      let controller: AbortController | undefined;
      const abort = (): void => {
        controller?.abort();
        resolve(undefined);
      };
      options.signal.addEventListener('abort', abort, { once: true });
      watcher
        .watch(
          options.path,
          { ...options.query, resourceVersion, allowWatchBookmarks: true },
          (type, object: T & { code?: number; kind?: string }) => {
            if (type === 'ERROR') {
              if (object.code === 410) state.gone = true;
              return;
            }
            const version = object.metadata?.resourceVersion;
            if (version) resourceVersion = version;
            if (type !== 'BOOKMARK') options.onEvent(type as WatchEventType, object);
          },
          (error: unknown) => {
            options.signal.removeEventListener('abort', abort);
            resolve(error);
          },
        )
        .then((c) => {
          controller = c;
          if (options.signal.aborted) c.abort();
        })
        .catch((error: unknown) => {
          options.signal.removeEventListener('abort', abort);
          resolve(error);
        });
    });
    if (isAborted(options.signal)) return;
    const code = (ended as { code?: number; statusCode?: number } | undefined)?.code;
    if (code === 401 || code === 403 || code === 404) {
      throw describeApiError(ended, { verb: 'watch', resource: options.path.split('/').pop() ?? options.path });
    }
    if (state.gone || code === 410) {
      debug(`watch ${options.path}: resourceVersion ${resourceVersion} is gone; listing again`);
      const list = await options.relist();
      for (const item of list.items) options.onEvent('ADDED', item);
      resourceVersion = list.resourceVersion;
    } else if (ended) {
      debug(
        `watch ${options.path} ended (${ended instanceof Error ? ended.message : 'closed'}); resuming from ${resourceVersion}`,
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
