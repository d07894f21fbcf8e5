// The one gateway to the cluster: every API call passes `call`, which logs at debug level and
// turns failures into ClusterErrors with messages a person can act on.
import {
  BatchV1Api,
  CoreV1Api,
  CustomObjectsApi,
  type CoreV1Event,
  type KubeConfig,
  type V1CronJob,
  type V1Job,
  type V1Pod,
} from '@kubernetes/client-node';
import { ClusterError, type ApiAction } from './api-errors.ts';
import { carriesAnnotations, Retrier, type Landing, type RetryOptions, type RetryPlan } from './retrying.ts';
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
import { watchResumably } from './watch.ts';

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
  /** Retries made so far after transient faults (calls, watches, log streams). */
  retries?(): number;
  /** Counts a retry made outside the gateway (a log stream resumed) and says it in a debug line. */
  noteRetry?(what: string): void;
}

const naisjobs = { group: 'nais.io', version: 'v1', plural: 'naisjobs' } as const;

export interface GatewayOptions extends RetryOptions {
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
  const retrier = new Retrier(server, gatewayOptions);

  /** Every API call: logged at debug level, retried by the one policy (retry.ts), failures described. */
  async function call<T>(action: ApiAction, request: () => Promise<T>, plan?: RetryPlan<T>): Promise<T> {
    try {
      return await retrier.call(action, request, plan);
    } catch (error) {
      throw explained(error, action);
    }
  }

  /**
   * A write that may have landed although its answer was lost: read it back. A create landed when
   * the object exists with every annotation we sent (our correlation ID is fresh); a replace, when
   * the resourceVersion moved on and the object carries them; an unmoved replace did not land.
   */
  function writePlan<T extends KubeObject | V1Job>(
    verb: 'create' | 'update',
    body: KubeObject | V1Job,
    dryRun: boolean,
    read: () => Promise<T | undefined>,
  ): RetryPlan<T> {
    if (dryRun) return { kind: 'read' };
    const landed = async (): Promise<Landing<T>> => {
      const live = await read();
      if (!live) return verb === 'create' ? { state: 'absent' } : { state: 'other' };
      const sent = body as KubeObject;
      const liveObject = live as KubeObject;
      if (verb === 'update' && liveObject.metadata?.resourceVersion === sent.metadata?.resourceVersion) {
        return { state: 'absent' };
      }
      return carriesAnnotations(sent, liveObject) ? { state: 'landed', object: live } : { state: 'other' };
    };
    return { kind: 'write', landed };
  }

  /** Reads that treat "not found" as an answer rather than an error. */
  async function readOrUndefined<T>(
    action: ApiAction,
    request: () => Promise<T>,
    plan?: RetryPlan<T>,
  ): Promise<T | undefined> {
    try {
      return await call(action, request, plan);
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
    const name = body.metadata?.name ?? '';
    return call(
      { verb, resource: 'naisjobs.nais.io', namespace, name },
      () =>
        send({
          ...naisjobs,
          namespace,
          body,
          fieldValidation: 'Strict',
          ...(options.dryRun ? { dryRun: 'All' } : {}),
        }) as Promise<KubeObject>,
      writePlan(verb, body, options.dryRun, () => readNaisjob({ namespace, name })),
    );
  }

  const readNaisjob = (ref: ObjectRef): Promise<KubeObject | undefined> =>
    readOrUndefined(
      { verb: 'get', resource: 'naisjobs.nais.io', ...ref },
      () => customApi.getNamespacedCustomObject({ ...naisjobs, ...ref }) as Promise<KubeObject>,
    );
  const readObject = (type: ResourceType, ref: ObjectRef): Promise<KubeObject | undefined> =>
    readOrUndefined(
      { verb: 'get', resource: resourceName(type), ...ref },
      async () =>
        (await requestJson(kubeConfig, server, {
          method: 'GET',
          path: objectPath(type, ref.namespace, ref.name),
        })) as KubeObject,
    );
  const readJob = (ref: ObjectRef): Promise<V1Job | undefined> =>
    readOrUndefined({ verb: 'get', resource: 'jobs.batch', ...ref }, () => batchApi.readNamespacedJob(ref));

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
    readObject,
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
        writePlan(verb, body, options.dryRun, () => readObject(type, { namespace: namespace ?? '', name })),
      );
    },
    readNaisjob,
    listNaisjobs: (namespace, selector) =>
      call({ verb: 'list', resource: 'naisjobs.nais.io', namespace }, async () => {
        const list = (await customApi.listNamespacedCustomObject({ ...naisjobs, namespace, ...selector })) as {
          items: KubeObject[];
          metadata?: { resourceVersion?: string };
        };
        return { items: list.items, resourceVersion: list.metadata?.resourceVersion ?? '' };
      }),
    deleteNaisjob: async (ref) =>
      (await readOrUndefined(
        { verb: 'delete', resource: 'naisjobs.nais.io', ...ref },
        () => customApi.deleteNamespacedCustomObject({ ...naisjobs, ...ref, propagationPolicy: 'Background' }),
        { kind: 'delete' },
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
    readJob,
    listJobs: (namespace, selector) =>
      call({ verb: 'list', resource: 'jobs.batch', namespace }, async () => {
        const list = await batchApi.listNamespacedJob({ namespace, ...selector });
        return { items: list.items, resourceVersion: list.metadata?.resourceVersion ?? '' };
      }),
    createJob: (body) =>
      call(
        { verb: 'create', resource: 'jobs.batch', namespace: body.metadata?.namespace, name: body.metadata?.name },
        () => batchApi.createNamespacedJob({ namespace: body.metadata?.namespace ?? '', body }),
        writePlan('create', body, false, () =>
          readJob({ namespace: body.metadata?.namespace ?? '', name: body.metadata?.name ?? '' }),
        ),
      ),
    deleteJob: async (ref) =>
      (await readOrUndefined(
        { verb: 'delete', resource: 'jobs.batch', ...ref },
        () => batchApi.deleteNamespacedJob({ ...ref, propagationPolicy: 'Background' }),
        { kind: 'delete' },
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
      watchResumably(kubeConfig, options, retrier).catch((error: unknown) => {
        throw explained(error, { verb: 'watch', resource: options.path.split('/').pop() ?? options.path });
      }),
    retries: () => retrier.retries,
    noteRetry: (what) => {
      retrier.note(what);
    },
  };
}
